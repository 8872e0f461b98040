"""Inverses, determinants, Cholesky and linear solves of ``tf.linalg``, with their gradients.

Kernels follow TF's CPU kernels: the same checks and messages, float16 only where TF has a CPU
kernel (elsewhere TF raises NotFoundError), and the dtypes TF returns. Gradients are the
standard matrix-calculus rules, written with public ops so they can be differentiated again.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError, NotFoundError
from fluxion.ops import _infer, array_ops, math_ops, reduce_ops
from fluxion.ops._util import FLOAT_COMPLEX, shape_of, unbroadcast
from fluxion.ops.linalg_struct import adjoint, band_part, diag_part, set_diag

matmul = math_ops.matmul


# --- shared checks -------------------------------------------------------------------------------
def check_square(a, op: str) -> None:
    if a.ndim < 2:
        raise InvalidArgumentError(f"Input tensor 0 must have rank >= 2, got {a.ndim} [Op:{op}]")
    if a.shape[-1] != a.shape[-2]:
        raise InvalidArgumentError(f"Input matrix must be square. [Op:{op}]")


def no_half(a, op: str) -> None:
    """TF registers no CPU float16 kernel for most decompositions."""
    if a.dtype == np.float16:
        raise NotFoundError(f"Could not find device for node: {{{{node {op}}}}} = {op}[T=DT_HALF]"
                            f" All kernels registered for op {op}: device='CPU'; T in "
                            f"[DT_FLOAT, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128] [Op:{op}]")


def as_tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _batch_scalar(g):
    """Appends two unit axes so a per-matrix value broadcasts against matrices."""
    return array_ops.reshape(g, shape_of(g) + (1, 1))


def _without_matrix_dims(a: Spec) -> Spec:
    return Spec(None if a.shape is None else tuple(a.shape[:-2]), a.dtype)


# --- inv -----------------------------------------------------------------------------------------
def _inverse_kernel(xp, a, adjoint):
    check_square(a, "MatrixInverse")
    work = a.astype(np.float32) if a.dtype == np.float16 else a
    if adjoint:
        work = xp.conj(xp.swapaxes(work, -1, -2))
    if work.size == 0:
        return xp.array(work, dtype=a.dtype)
    try:
        out = xp.linalg.inv(work)
    except np.linalg.LinAlgError:
        raise InvalidArgumentError("Input is not invertible. [Op:MatrixInverse]") from None
    return out.astype(a.dtype, copy=False)


def _vjp_inverse(g, out, a, adjoint):
    # d(A^-1) = -A^-1 dA A^-1, so the adjoint map is g -> -A^-H g A^-H (conjugated for adjoint)
    if adjoint:
        return (math_ops.negative(matmul(out, matmul(g, out, adjoint_a=True))),)
    return (math_ops.negative(matmul(out, matmul(g, out, adjoint_b=True), adjoint_a=True)),)


_inverse = defop("matrix_inverse", _inverse_kernel, vjp=_vjp_inverse, infer=_infer.same,
                 dtypes=FLOAT_COMPLEX, tf_name="MatrixInverse")


def inv(input, adjoint=False, name=None) -> Tensor:  # noqa: A002 - TF's argument names
    """Inverse (or inverse of the adjoint) of each square matrix."""
    return _inverse(input, adjoint=bool(adjoint))


# --- det / slogdet -------------------------------------------------------------------------------
def _det_kernel(xp, a):
    check_square(a, "MatrixDeterminant")
    no_half(a, "MatrixDeterminant")
    return xp.asarray(xp.linalg.det(a), a.dtype)


def _vjp_det(g, out, a):
    # TF's rule (also for complex): g * det(A) * A^-H
    return (math_ops.multiply(_batch_scalar(math_ops.multiply(g, out)), inv(a, adjoint=True)),)


_det = defop("matrix_determinant", _det_kernel, vjp=_vjp_det, infer=_without_matrix_dims,
             dtypes=FLOAT_COMPLEX, tf_name="MatrixDeterminant")


def det(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """Determinant of each square matrix."""
    return _det(input)


def _slogdet_kernel(xp, a):
    check_square(a, "LogMatrixDeterminant")
    no_half(a, "LogMatrixDeterminant")
    sign, logabs = xp.linalg.slogdet(a)
    return xp.asarray(sign, a.dtype), xp.asarray(logabs, a.dtype)


def _infer_slogdet(a: Spec):
    spec = _without_matrix_dims(a)
    return spec, spec


def _vjp_slogdet(gs, outs, a):
    return (math_ops.multiply(_batch_scalar(gs[1]), inv(a, adjoint=True)),)


_slogdet = defop("log_matrix_determinant", _slogdet_kernel, vjp=_vjp_slogdet,
                 infer=_infer_slogdet, num_outputs=2, dtypes=FLOAT_COMPLEX,
                 tf_name="LogMatrixDeterminant")


def slogdet(input, name=None) -> tuple:  # noqa: A002 - TF's argument name
    """(sign, log|det|) of each square matrix; stable where det over/underflows."""
    return _slogdet(input)


# --- cholesky ------------------------------------------------------------------------------------
def _cholesky_kernel(xp, a):
    check_square(a, "Cholesky")
    no_half(a, "Cholesky")
    if a.size == 0:
        return xp.array(a)
    try:
        return xp.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        pass
    # TF does not raise: a matrix that is not positive definite gets NaN in its lower triangle
    flat = a.reshape((-1,) + a.shape[-2:])
    out = xp.empty_like(flat)
    nan_lower = xp.where(np.tri(a.shape[-1], dtype=bool), xp.asarray(np.nan, a.dtype), 0)
    for i in range(flat.shape[0]):
        try:
            out[i] = xp.linalg.cholesky(flat[i])
        except np.linalg.LinAlgError:
            out[i] = nan_lower
    return out.reshape(a.shape)


def _vjp_cholesky(g, out, a):
    # Murray's rule: with P = lower triangle of L^H g with its diagonal halved,
    # grad = sym(L^-H P L^-1), sym(X) = (X + X^H) / 2 (the input is read as symmetric).
    lower = out
    p = matmul(lower, g, adjoint_a=True)
    p = band_part(set_diag(p, math_ops.multiply(diag_part(p), 0.5)), -1, 0)
    x = triangular_solve(lower, p, lower=True, adjoint=True)
    x = adjoint(triangular_solve(lower, adjoint(x), lower=True, adjoint=True))
    return (math_ops.multiply(math_ops.add(x, adjoint(x)), 0.5),)


_cholesky = defop("cholesky", _cholesky_kernel, vjp=_vjp_cholesky, infer=_infer.same,
                  dtypes=FLOAT_COMPLEX)


def cholesky(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """Lower Cholesky factor of each Hermitian positive-definite matrix (reads the lower
    triangle only); matrices that are not positive definite give NaN, as in TF."""
    return _cholesky(input)


# --- solve ---------------------------------------------------------------------------------------
def _solve_checks(a, b) -> None:
    op = "MatrixSolve"
    if a.ndim < 2 or b.ndim < 2:
        raise InvalidArgumentError(f"Input tensor must have rank >= 2, got shapes "
                                   f"{list(a.shape)} and {list(b.shape)} [Op:{op}]")
    if a.ndim != b.ndim:
        raise InvalidArgumentError(f"All input tensors must have the same rank. (shapes "
                                   f"{list(a.shape)} and {list(b.shape)}) [Op:{op}]")
    if a.shape[-1] != a.shape[-2]:
        raise InvalidArgumentError(f"First input (lhs) must be a square matrix. (shape "
                                   f"{list(a.shape)}) [Op:{op}]")
    if b.shape[-2] != a.shape[-1]:
        raise InvalidArgumentError(f"Input matrix and rhs are incompatible. (shapes "
                                   f"{list(a.shape)} and {list(b.shape)}) [Op:{op}]")
    if a.shape[:-2] != b.shape[:-2]:
        raise InvalidArgumentError(f"All input tensors must have the same outer dimensions. "
                                   f"(shapes {list(a.shape)} and {list(b.shape)}) [Op:{op}]")


def _solve_kernel(xp, a, b, adjoint):
    _solve_checks(a, b)
    no_half(a, "MatrixSolve")
    if adjoint:
        a = xp.conj(xp.swapaxes(a, -1, -2))
    if a.shape[-1] == 0 or b.shape[-1] == 0:
        return xp.zeros(b.shape, b.dtype)
    try:
        return xp.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        raise InvalidArgumentError("Input matrix is not invertible. [Op:MatrixSolve]") from None


def _vjp_solve(g, out, a, b, adjoint):
    gb = solve(a, g, adjoint=not adjoint)
    if adjoint:
        return math_ops.negative(matmul(out, gb, adjoint_b=True)), gb
    return math_ops.negative(matmul(gb, out, adjoint_b=True)), gb


_solve = defop("matrix_solve", _solve_kernel, vjp=_vjp_solve, dtypes=FLOAT_COMPLEX,
               infer=lambda a, b, adjoint: Spec(b.shape, b.dtype), tf_name="MatrixSolve")


def solve(matrix, rhs, adjoint=False, name=None) -> Tensor:
    """Solves ``matrix @ X = rhs`` (or ``adjoint(matrix) @ X = rhs``) for each batch entry."""
    return _solve(matrix, rhs, adjoint=bool(adjoint))


# --- triangular_solve ----------------------------------------------------------------------------
def _triangular_checks(a, b) -> tuple:
    op = "MatrixTriangularSolve"
    if a.ndim < 2:
        raise InvalidArgumentError(f"In[0] ndims must be >= 2: {a.ndim} [Op:{op}]")
    if b.ndim < 2:
        raise InvalidArgumentError(f"In[1] ndims must be >= 2: {b.ndim} [Op:{op}]")
    if a.shape[-1] != a.shape[-2]:
        raise InvalidArgumentError(f"In[0] matrices in the last dimensions must be square "
                                   f"({a.shape[-1]} =/= {a.shape[-2]}) [Op:{op}]")
    if a.shape[-1] != b.shape[-2]:
        raise InvalidArgumentError(f"In[0] mismatch In[1] shape: {a.shape[-1]} vs. "
                                   f"{b.shape[-2]}: {list(a.shape)} {list(b.shape)} [Op:{op}]")
    try:
        return np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise InvalidArgumentError(f"In[0] and In[1] must have compatible batch dimensions: "
                                   f"{list(a.shape)} vs. {list(b.shape)} [Op:{op}]") from None


_BLOCK = 32  # blocked substitution: LAPACK solves on diagonal blocks, matmul updates between


def _blocked_solve(xp, a, b, lower: bool):
    """Solves with the lower (or upper) triangle of `a`, block row by block row. Much faster
    than one LU of the whole matrix, and it never reads the other triangle."""
    n = a.shape[-1]
    x = xp.empty(b.shape, b.dtype)
    starts = range(0, n, _BLOCK)
    for s in (starts if lower else reversed(starts)):
        e = min(s + _BLOCK, n)
        rhs = b[..., s:e, :]
        if lower and s:
            rhs = rhs - a[..., s:e, :s] @ x[..., :s, :]
        elif not lower and e < n:
            rhs = rhs - a[..., s:e, e:] @ x[..., e:, :]
        block = a[..., s:e, s:e]
        block = xp.tril(block) if lower else xp.triu(block)
        try:
            x[..., s:e, :] = xp.linalg.solve(block, rhs)
        except np.linalg.LinAlgError:
            x[..., s:e, :] = _substitute(xp, block, rhs, lower)
    return x


def _substitute(xp, a, b, lower: bool):
    """Plain substitution, for a singular triangle: TF gives inf/nan there, not an error."""
    n = a.shape[-1]
    x = xp.zeros(b.shape, b.dtype)
    with np.errstate(all="ignore"):
        for i in (range(n) if lower else range(n - 1, -1, -1)):
            done = slice(0, i) if lower else slice(i + 1, n)
            rest = b[..., i, :] - xp.einsum("...j,...jk->...k", a[..., i, done], x[..., done, :])
            x[..., i, :] = rest / a[..., i, i][..., None]
    return x


def _triangular_solve_kernel(xp, a, b, lower, adjoint):
    batch = _triangular_checks(a, b)
    no_half(a, "MatrixTriangularSolve")
    if adjoint:
        a, lower = xp.conj(xp.swapaxes(a, -1, -2)), not lower
    a = xp.broadcast_to(a, batch + a.shape[-2:])
    b = xp.broadcast_to(b, batch + b.shape[-2:])
    if a.shape[-1] == 0 or b.shape[-1] == 0:
        return xp.zeros(b.shape, b.dtype)
    return _blocked_solve(xp, a, b, lower)


def _infer_triangular_solve(a: Spec, b: Spec, lower, adjoint):
    if a.shape is None or b.shape is None:
        return Spec(None, b.dtype)
    batch = _infer.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return Spec(tuple(batch) + tuple(b.shape[-2:]), b.dtype)


def _vjp_triangular_solve(g, out, a, b, lower, adjoint):
    gb = triangular_solve(a, g, lower=lower, adjoint=not adjoint)
    if adjoint:
        ga = math_ops.negative(matmul(out, gb, adjoint_b=True))
    else:
        ga = math_ops.negative(matmul(gb, out, adjoint_b=True))
    ga = band_part(ga, -1, 0) if lower else band_part(ga, 0, -1)
    return unbroadcast(ga, a), unbroadcast(gb, b)


_triangular_solve = defop("matrix_triangular_solve", _triangular_solve_kernel,
                          vjp=_vjp_triangular_solve, infer=_infer_triangular_solve,
                          dtypes=FLOAT_COMPLEX, tf_name="MatrixTriangularSolve")


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None) -> Tensor:
    """Solves ``matrix @ X = rhs`` reading only the lower (or upper) triangle of `matrix`;
    batch dimensions broadcast."""
    return _triangular_solve(matrix, rhs, lower=bool(lower), adjoint=bool(adjoint))


def cholesky_solve(chol, rhs, name=None) -> Tensor:
    """Solves ``A X = rhs`` given the lower Cholesky factor `chol` of A."""
    y = triangular_solve(chol, rhs, lower=True, adjoint=False)
    return triangular_solve(chol, y, lower=True, adjoint=True)


def logdet(matrix, name=None) -> Tensor:
    """log(det(matrix)) of Hermitian positive-definite matrices, via Cholesky (real dtype)."""
    chol = cholesky(matrix)
    diagonal = math_ops.real(diag_part(chol))
    return math_ops.multiply(reduce_ops.reduce_sum(math_ops.log(diagonal), axis=-1), 2.0)


__all__: list = []
_linalg_exports = ("inv", "det", "slogdet", "cholesky", "solve", "triangular_solve",
                   "cholesky_solve", "logdet")
