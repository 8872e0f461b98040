"""Matrix decompositions of ``tf.linalg`` (qr, svd, eigh, eig, lu), with gradients.

Gradients use the published formulas TF uses (eigh/svd: Seeger et al. / Townsend, with the
gauge term for complex inputs; qr: Walter & Lehmann, wide matrices by splitting A = [X, Y];
eig: Boeddeker et al.), written with public ops so they can be differentiated again.
TF defines no gradient for lu, and neither do we.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import from_numpy
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import array_ops, math_ops
from fluxion.ops._util import FLOAT_COMPLEX, dtype_of, shape_of
from fluxion.ops.linalg_solve import (as_tensor, check_square, no_half, solve,
                                      triangular_solve)
from fluxion.ops.linalg_struct import adjoint, band_part, diag, diag_part, set_diag

matmul = math_ops.matmul
add, sub, mul = math_ops.add, math_ops.subtract, math_ops.multiply


# --- helpers for gradients -----------------------------------------------------------------------
def _cols(x, start: int, stop: int) -> Tensor:
    return x[..., start:stop]


def _safe_reciprocal(x, eps: float = 1e-20) -> Tensor:
    """x / (x^2 + eps): 1/x away from 0, and 0 (not inf) for repeated eigen/singular values."""
    return math_ops.divide(x, add(mul(x, x), eps))


def _difference_reciprocals(e) -> Tensor:
    """F[..., i, j] = 1 / (e_j - e_i) off the diagonal, 0 on it (degenerate pairs give 0)."""
    shape = shape_of(e)
    row = array_ops.reshape(e, shape[:-1] + (1, shape[-1]))
    col = array_ops.reshape(e, shape + (1,))
    return set_diag(_safe_reciprocal(sub(row, col)), array_ops.zeros_like(e))


def _complex(x, like) -> Tensor:
    return math_ops.cast(x, dtype_of(like)) if dtype_of(like).is_complex else x


def _scale_cols(x, s) -> Tensor:
    """x @ diag(s) without forming diag(s)."""
    return mul(x, array_ops.reshape(_complex(s, x), shape_of(s)[:-1] + (1, shape_of(s)[-1])))


# --- qr ------------------------------------------------------------------------------------------
def _qr_kernel(xp, a, full_matrices):
    if a.ndim < 2:
        raise InvalidArgumentError(f"Input tensor 0 must have rank >= 2, got {a.ndim} [Op:Qr]")
    work = a.astype(np.float32) if a.dtype == np.float16 else a
    q, r = xp.linalg.qr(work, mode="complete" if full_matrices else "reduced")
    return q.astype(a.dtype, copy=False), r.astype(a.dtype, copy=False)


def _infer_qr(a: Spec, full_matrices):
    if a.shape is None or None in a.shape[-2:]:
        return Spec(None, a.dtype), Spec(None, a.dtype)
    m, n = a.shape[-2:]
    k = m if full_matrices else min(m, n)
    batch = tuple(a.shape[:-2])
    return Spec(batch + (m, k), a.dtype), Spec(batch + (k, n), a.dtype)


def _right_solve_upper(x, r) -> Tensor:
    """x @ R^-H for upper-triangular R."""
    return adjoint(triangular_solve(r, adjoint(x), lower=False))


def _qr_grad_tall(q, r, gq, gr) -> Tensor:
    """Gradient for m >= n with Q m x n, R n x n upper triangular."""
    x = matmul(q, gq, adjoint_a=True)
    y = matmul(r, gr, adjoint_b=True)
    lower = band_part(add(sub(x, adjoint(x)), sub(y, adjoint(y))), -1, 0)
    inner = add(matmul(q, lower), sub(gq, matmul(q, x)))
    grad = add(matmul(q, gr), _right_solve_upper(inner, r))
    if dtype_of(q).is_complex:
        # R has a real diagonal: remove the imaginary gauge part of its diagonal
        d = diag_part(sub(y, adjoint(x)))
        corr = diag(sub(d, _complex(math_ops.real(d), d)))
        grad = add(grad, _right_solve_upper(matmul(q, adjoint(corr)), r))
    return grad


def _vjp_qr(gs, outs, a, full_matrices):
    (gq, gr), (q, r) = gs, outs
    m, n = shape_of(a)[-2:]
    if m > n and full_matrices:
        raise NotImplementedError("QrGrad not implemented when nrows > ncols and full_matrices "
                                  "is true.")
    if m >= n:
        return (_qr_grad_tall(q, r, gq, gr),)
    # wide: A = [X, Y] with X square, R = [U, V]; X = Q U and Y = Q V
    y, u = _cols(a, m, n), _cols(r, 0, m)
    gu, gv = _cols(gr, 0, m), _cols(gr, m, n)
    gx = _qr_grad_tall(q, u, add(gq, matmul(y, gv, adjoint_b=True)), gu)
    return (array_ops.concat([gx, matmul(q, gv)], axis=-1),)


_qr = defop("qr", _qr_kernel, vjp=_vjp_qr, infer=_infer_qr, num_outputs=2,
            dtypes=FLOAT_COMPLEX)


def qr(input, full_matrices=False, name=None) -> tuple:  # noqa: A002 - TF's argument name
    """QR decomposition (q, r) of each matrix."""
    return _qr(input, full_matrices=bool(full_matrices))


# --- svd -----------------------------------------------------------------------------------------
def _svd_kernel(xp, a, full_matrices, compute_uv):
    if a.ndim < 2:
        raise InvalidArgumentError(f"Input tensor 0 must have rank >= 2, got {a.ndim} [Op:Svd]")
    no_half(a, "Svd")
    real = np.dtype(from_numpy(a.dtype).real_dtype._np)
    if not compute_uv:
        s = xp.linalg.svd(a, compute_uv=False)
        empty = xp.zeros((0,), a.dtype)
        return s.astype(real, copy=False), empty, empty
    u, s, vh = xp.linalg.svd(a, full_matrices=full_matrices)
    return s.astype(real, copy=False), u, xp.conj(xp.swapaxes(vh, -1, -2))


def _infer_svd(a: Spec, full_matrices, compute_uv):
    real = a.dtype.real_dtype
    if a.shape is None or None in a.shape[-2:]:
        return Spec(None, real), Spec(None, a.dtype), Spec(None, a.dtype)
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = tuple(a.shape[:-2])
    if not compute_uv:
        return Spec(batch + (k,), real), Spec((0,), a.dtype), Spec((0,), a.dtype)
    ku, kv = (m, n) if full_matrices else (k, k)
    return Spec(batch + (k,), real), Spec(batch + (m, ku), a.dtype), Spec(batch + (n, kv), a.dtype)


def _svd_grad_tall(s, u, v, gs, gu, gv, full) -> Tensor:
    """Gradient for A = U S V^H with m >= n (V square, U m x n or m x m when full)."""
    m, n = shape_of(u)[-2], shape_of(v)[-1]
    u1, gu1 = (_cols(u, 0, n), _cols(gu, 0, n)) if full and m > n else (u, gu)
    f = _complex(_difference_reciprocals(mul(s, s)), u)
    uu = matmul(u1, gu1, adjoint_a=True)
    vv = matmul(v, gv, adjoint_a=True)
    j, k = mul(f, uu), mul(f, vv)
    s_mat = diag(_complex(s, u))
    mid = add(diag(_complex(gs, u)), add(matmul(add(j, adjoint(j)), s_mat),
                                         matmul(s_mat, add(k, adjoint(k)))))
    s_inv = _safe_reciprocal(s)
    if dtype_of(u).is_complex:
        gauge = diag(diag_part(uu))
        mid = add(mid, mul(matmul(sub(gauge, adjoint(gauge)), diag(_complex(s_inv, u))), 0.5))
    grad = matmul(u1, matmul(mid, v, adjoint_b=True))
    if m > n:
        # the part of gU outside the column space of U1
        extra = sub(gu1, matmul(u1, uu))
        if full:
            u2, gu2 = _cols(u, n, m), _cols(gu, n, m)
            extra = sub(extra, matmul(u2, matmul(gu2, u1, adjoint_a=True)))
        grad = add(grad, matmul(_scale_cols(extra, s_inv), v, adjoint_b=True))
    return grad


def _vjp_svd(gs, outs, a, full_matrices, compute_uv):
    s, u, v = outs
    g_s, g_u, g_v = gs
    if not compute_uv:
        s, u, v = svd(a, full_matrices=False)
        return (matmul(u, matmul(diag(_complex(g_s, u)), v, adjoint_b=True)),)
    m, n = shape_of(a)[-2:]
    full = bool(full_matrices) and m != n
    if m >= n:
        return (_svd_grad_tall(s, u, v, g_s, g_u, g_v, full),)
    # wide: differentiate A^H = V S U^H, which is tall
    return (adjoint(_svd_grad_tall(s, v, u, g_s, g_v, g_u, full)),)


_svd = defop("svd", _svd_kernel, vjp=_vjp_svd, infer=_infer_svd, num_outputs=3,
             dtypes=FLOAT_COMPLEX)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values (and vectors): returns ``(s, u, v)`` with ``a = u @ diag(s) @ adjoint(v)``
    (note TF's order, and v rather than NumPy's vh), or only ``s`` when not `compute_uv`."""
    s, u, v = _svd(tensor, full_matrices=bool(full_matrices), compute_uv=bool(compute_uv))
    return (s, u, v) if compute_uv else s


# --- eigh ----------------------------------------------------------------------------------------
def _eigh_kernel(xp, a, compute_v):
    check_square(a, "SelfAdjointEigV2")
    no_half(a, "SelfAdjointEigV2")
    if not compute_v:
        return xp.linalg.eigvalsh(a, UPLO="L").astype(a.dtype), xp.zeros((0,), a.dtype)
    e, v = xp.linalg.eigh(a, UPLO="L")
    return e.astype(a.dtype), v


def _infer_eigh(a: Spec, compute_v):
    if a.shape is None:
        return Spec(None, a.dtype), Spec(None, a.dtype)
    e = Spec(tuple(a.shape[:-1]), a.dtype)
    return e, Spec(tuple(a.shape) if compute_v else (0,), a.dtype)


def _vjp_eigh(gs, outs, a, compute_v):
    (ge, gv), (e, v) = gs, outs
    if compute_v:
        inner = add(diag(ge), mul(_difference_reciprocals(e), matmul(v, gv, adjoint_a=True)))
    else:
        _, v = eigh(a)
        inner = diag(ge)
    grad = matmul(v, matmul(inner, v, adjoint_b=True))
    # the op reads only the lower triangle: fold the symmetric gradient onto it
    grad = band_part(add(grad, adjoint(grad)), -1, 0)
    return (set_diag(grad, mul(diag_part(grad), 0.5)),)


_eigh = defop("self_adjoint_eig", _eigh_kernel, vjp=_vjp_eigh, infer=_infer_eigh,
              num_outputs=2, dtypes=FLOAT_COMPLEX, tf_name="SelfAdjointEigV2")


def eigh(tensor, name=None) -> tuple:
    """Eigenvalues (ascending) and eigenvectors of self-adjoint matrices (lower triangle)."""
    return _eigh(tensor, compute_v=True)


def eigvalsh(tensor, name=None) -> Tensor:
    """Eigenvalues (ascending) of self-adjoint matrices (lower triangle)."""
    return _eigh(tensor, compute_v=False)[0]


# --- eig -----------------------------------------------------------------------------------------
def _eig_kernel(xp, a, compute_v):
    check_square(a, "Eig")
    no_half(a, "Eig")
    out = np.complex64 if a.dtype in (np.float32, np.complex64) else np.complex128
    if not compute_v:
        return xp.linalg.eigvals(a).astype(out), xp.zeros((0,), out)
    e, v = xp.linalg.eig(a)
    return e.astype(out), v.astype(out)


def _infer_eig(a: Spec, compute_v):
    out = dtypes.complex64 if a.dtype in (dtypes.float32, dtypes.complex64) \
        else dtypes.complex128
    if a.shape is None:
        return Spec(None, out), Spec(None, out)
    return Spec(tuple(a.shape[:-1]), out), Spec(tuple(a.shape) if compute_v else (0,), out)


def _vjp_eig(gs, outs, a, compute_v):
    (ge, gv), (e, v) = gs, outs
    if not compute_v:
        e, v = eig(a)
    vh = adjoint(v)
    mid = diag(ge)
    if compute_v:
        # unit-norm eigenvectors: remove the component along each v_i (Boeddeker et al.)
        vgv = matmul(vh, gv)
        f = math_ops.conj(_difference_reciprocals(e))
        norm_part = matmul(matmul(vh, v), diag(_complex(math_ops.real(diag_part(vgv)), vgv)))
        mid = add(mid, mul(f, sub(vgv, norm_part)))
    grad = solve(vh, matmul(mid, vh))
    return (grad if dtype_of(a).is_complex else math_ops.real(grad),)


_eig = defop("eig", _eig_kernel, vjp=_vjp_eig, infer=_infer_eig, num_outputs=2,
             dtypes=FLOAT_COMPLEX)


def eig(tensor, name=None) -> tuple:
    """Eigenvalues and unit-norm eigenvectors of general square matrices (complex dtype)."""
    return _eig(tensor, compute_v=True)


def eigvals(tensor, name=None) -> Tensor:
    """Eigenvalues of general square matrices (complex dtype)."""
    return _eig(tensor, compute_v=False)[0]




# --- lu ------------------------------------------------------------------------------------------
def _lu_kernel(xp, a, output_idx_type):
    check_square(a, "Lu")
    no_half(a, "Lu")
    n = a.shape[-1]
    if a.size == 0:
        return xp.array(a), xp.zeros(a.shape[:-1], output_idx_type._np)
    lu_ = a.reshape((-1, n, n)).copy()
    perm = np.tile(np.arange(n), (lu_.shape[0], 1))
    rows = np.arange(lu_.shape[0])
    for k in range(n):  # partial pivoting, vectorised over the batch
        piv = k + xp.argmax(xp.abs(lu_[:, k:, k]), axis=1)
        lu_[rows, k], lu_[rows, piv] = lu_[rows, piv], lu_[rows, k].copy()
        perm[rows, k], perm[rows, piv] = perm[rows, piv], perm[rows, k].copy()
        pivot = lu_[:, k, k]
        if not xp.all(pivot != 0):
            raise InvalidArgumentError("Input is not invertible. [Op:Lu]")
        lu_[:, k + 1:, k] /= pivot[:, None]
        lu_[:, k + 1:, k + 1:] -= lu_[:, k + 1:, k, None] * lu_[:, k, None, k + 1:]
    return lu_.reshape(a.shape), perm.reshape(a.shape[:-1]).astype(output_idx_type._np)


def _infer_lu(a: Spec, output_idx_type):
    return Spec(a.shape, a.dtype), Spec(None if a.shape is None else tuple(a.shape[:-1]),
                                        output_idx_type)


def _vjp_lu(gs, outs, a, output_idx_type):
    raise LookupError("No gradient defined for operation 'Lu' (op type: Lu). In general every "
                      "operation must have an associated `@tf.RegisterGradient` for correct "
                      "autodiff, which this op is lacking.")


def _ones_like_diag(x) -> Tensor:
    return array_ops.ones_like(diag_part(x))


def _permutation_matrix(perm, like) -> Tensor:
    """P with P[..., i, perm[i]] = 1, so (P @ A)[i] = A[perm[i]]."""
    return array_ops.one_hot(perm, shape_of(perm)[-1], dtype=dtype_of(like))


_lu = defop("lu", _lu_kernel, vjp=_vjp_lu, infer=_infer_lu, num_outputs=2,
            dtypes=FLOAT_COMPLEX)


def lu(input, output_idx_type=dtypes.int32, name=None) -> tuple:  # noqa: A002
    """LU decomposition with partial pivoting: (lu, p) with ``A[p] = L @ U``, L unit lower
    triangular (below the diagonal of lu) and U upper triangular."""
    return _lu(input, output_idx_type=dtypes.as_dtype(output_idx_type))


def _unpack_lu(packed) -> tuple:
    lower = set_diag(band_part(packed, -1, 0), _ones_like_diag(packed))
    return lower, band_part(packed, 0, -1)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None) -> Tensor:
    """The matrix A whose LU decomposition is (lower_upper, perm)."""
    lower, upper = _unpack_lu(as_tensor(lower_upper))
    prod = matmul(lower, upper)
    return matmul(_permutation_matrix(as_tensor(perm), prod), prod, transpose_a=True)


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None) -> Tensor:
    """Solves ``A X = rhs`` given the LU decomposition of A."""
    lower, upper = _unpack_lu(as_tensor(lower_upper))
    rhs = as_tensor(rhs)
    permuted = matmul(_permutation_matrix(as_tensor(perm), rhs), rhs)
    y = triangular_solve(lower, permuted, lower=True)
    return triangular_solve(upper, y, lower=False)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None) -> Tensor:
    """The inverse of A given its LU decomposition."""
    packed = as_tensor(lower_upper)
    shape = shape_of(packed)
    eye = array_ops.eye(shape[-1], batch_shape=shape[:-2], dtype=dtype_of(packed))
    return lu_solve(packed, perm, eye)


__all__ = ["eig", "eigvals"]
_linalg_exports = ("qr", "svd", "eigh", "eigvalsh", "eig", "eigvals", "lu", "lu_reconstruct",
                   "lu_solve", "lu_matrix_inverse")
