"""Linear algebra (``tf.linalg``): the family's entry module.

The primitives live in modules imported here (so their ops register): linalg_struct
(transposes, diagonals, bands, cross), linalg_solve (inv, det, cholesky, solves), linalg_decomp
(qr, svd, eigh, eig, lu) and linalg_expm (expm). This module adds the composites (norm, lstsq,
pinv, ...) and the export lists of the whole family.
"""
from __future__ import annotations

import numbers

import numpy as np

from fluxion.core import dtypes
from fluxion.core.tensor import Tensor
from fluxion.ops import array_ops, math_ops, reduce_ops
from fluxion.ops.array_ops import eye  # noqa: F401 - the array family's; TF has tf.linalg.eye
from fluxion.ops import linalg_decomp, linalg_expm, linalg_solve, linalg_struct
from fluxion.ops._util import dtype_of, shape_of
from fluxion.ops.linalg_decomp import (eig, eigh, eigvals, eigvalsh, lu,  # noqa: F401
                                       lu_matrix_inverse, lu_reconstruct, lu_solve, qr, svd)
from fluxion.ops.linalg_expm import expm  # noqa: F401
from fluxion.ops.linalg_solve import (cholesky, cholesky_solve, det, inv, logdet,  # noqa: F401
                                      slogdet, solve, triangular_solve)
from fluxion.ops.linalg_solve import as_tensor
from fluxion.ops.linalg_struct import (adjoint, band_part, cross, diag, diag_part,  # noqa: F401
                                       matrix_transpose, matvec, set_diag, tensor_diag,
                                       tensor_diag_part, trace)

matmul = math_ops.matmul


# --- norm ----------------------------------------------------------------------------------------
def _is_int(v) -> bool:
    return isinstance(v, numbers.Integral)


def _norm_axes(axis, ord):  # noqa: A002 - TF's argument name
    """Validates `axis`/`ord` like TF; returns (axes tuple or None, is_matrix_norm)."""
    is_matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix:
        axis = tuple(axis)
        if not (_is_int(axis[0]) and _is_int(axis[1])) or axis[0] == axis[1]:
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, "
                             f"got {axis}")
        if ord not in ("euclidean", "fro", 1, 2, np.inf):
            raise ValueError(f"'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, "
                             f"2, inf], got {ord}")
        return tuple(int(a) for a in axis), True
    if not (axis is None or _is_int(axis)):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got "
                         f"{axis}")
    real_ord = not isinstance(ord, str) and np.isreal(ord)
    if (not real_ord or ord <= 0) and ord not in ("euclidean", 1, 2, np.inf):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    return (None if axis is None else (int(axis),)), False


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None) -> Tensor:  # noqa: A002
    """Vector norms (ord > 0, 'euclidean', inf) and matrix norms ('fro'/'euclidean', 1, 2, inf)
    over `axis` (None: all axes as one vector; an int; or a pair of axes for a matrix norm)."""
    axes, is_matrix = _norm_axes(axis, ord)
    x = as_tensor(tensor)
    rank = x._value.ndim
    if ord in ("fro", "euclidean") or (not isinstance(ord, str) and ord == 2):
        if is_matrix and not isinstance(ord, str):
            result = _matrix_2_norm(x, axes)
        else:
            result = math_ops.sqrt(reduce_ops.reduce_sum(
                math_ops.multiply(x, math_ops.conj(x)), axes, keepdims=True))
    else:
        result = math_ops.abs(x)
        if ord == 1:
            result = reduce_ops.reduce_sum(result, None if axes is None else axes[0], True)
            if is_matrix:
                result = reduce_ops.reduce_max(result, axes[1], keepdims=True)
        elif ord == np.inf:
            if is_matrix:
                result = reduce_ops.reduce_sum(result, axes[1], keepdims=True)
            result = reduce_ops.reduce_max(result, None if axes is None else axes[0], True)
        else:
            p = float(ord)
            result = math_ops.pow(reduce_ops.reduce_sum(math_ops.pow(result, p), axes, True),
                                  1.0 / p)
    if not keepdims:
        keep = set(range(rank)) if axes is None else {a % max(rank, 1) for a in axes}
        result = array_ops.reshape(result, tuple(d for i, d in enumerate(shape_of(result))
                                                 if i not in keep))
    return result


def _matrix_2_norm(x: Tensor, axes: tuple) -> Tensor:
    """Largest singular value of the matrices spanned by `axes`, kept as two unit axes."""
    rank = x._value.ndim
    a0, a1 = axes[0] % rank, axes[1] % rank
    rest = [i for i in range(rank) if i not in (a0, a1)]
    perm = rest + [a0, a1]
    moved = x if perm == list(range(rank)) else array_ops.transpose(x, perm)
    s = svd(moved, compute_uv=False)
    top = reduce_ops.reduce_max(s, axis=-1)
    kept = list(shape_of(x))
    kept[a0] = kept[a1] = 1
    return array_ops.reshape(top, kept)


def normalize(tensor, ord="euclidean", axis=None, name=None) -> tuple:  # noqa: A002
    """(tensor / norm, norm) with the norm kept over `axis`."""
    x = as_tensor(tensor)
    n = norm(x, ord=ord, axis=axis, keepdims=True)
    return math_ops.divide(x, math_ops.cast(n, dtype_of(x))), n


# --- least squares, pseudo-inverse, rank ---------------------------------------------------------
def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None) -> Tensor:
    """Least-squares solutions of ``matrix @ X = rhs`` (ridge-regularised by l2_regularizer)."""
    a, b = as_tensor(matrix), as_tensor(rhs)
    m, n = shape_of(a)[-2:]
    reg = math_ops.cast(as_tensor(l2_regularizer), dtype_of(a))
    eye_n = array_ops.eye(min(m, n), dtype=dtype_of(a))
    if m >= n:
        gram = math_ops.add(matmul(a, a, adjoint_a=True), math_ops.multiply(reg, eye_n))
        return cholesky_solve(cholesky(gram), matmul(a, b, adjoint_a=True))
    gram = math_ops.add(matmul(a, a, adjoint_b=True), math_ops.multiply(reg, eye_n))
    return matmul(a, cholesky_solve(cholesky(gram), b), adjoint_a=True)


def pinv(a, rcond=None, validate_args=False, name=None) -> Tensor:
    """Moore-Penrose pseudo-inverse via the SVD; singular values <= rcond * max(s) are dropped."""
    a = as_tensor(a)
    if not dtype_of(a).is_floating:
        raise TypeError(f"Input `a` must have `float`-like `dtype` (saw {dtype_of(a).name}).")
    m, n = shape_of(a)[-2:]
    if rcond is None:
        rcond = 10.0 * max(m, n) * np.finfo(a._value.dtype).eps
    s, u, v = svd(a, full_matrices=False)
    cutoff = math_ops.multiply(math_ops.cast(as_tensor(rcond), dtype_of(a)),
                               reduce_ops.reduce_max(s, axis=-1, keepdims=True))
    # dropped singular values become inf, so their reciprocal (and its gradient) is 0
    kept = math_ops.where(math_ops.greater(s, cutoff), s, np.array(np.inf, a._value.dtype))
    scaled = math_ops.divide(v, array_ops.expand_dims(kept, -2))
    return matmul(scaled, u, adjoint_b=True)


def matrix_rank(a, tol=None, validate_args=False, name=None) -> Tensor:
    """Number of singular values above `tol` (default: eps * max(m, n) * max(s))."""
    a = as_tensor(a)
    s = svd(a, compute_uv=False)
    if tol is None:
        m, n = shape_of(a)[-2:]
        eps = np.finfo(a._value.dtype).eps
        tol = math_ops.multiply(reduce_ops.reduce_max(s, axis=-1, keepdims=True),
                                float(eps * max(m, n)))
    above = math_ops.cast(math_ops.greater(s, tol), dtypes.int32)
    return reduce_ops.reduce_sum(above, axis=-1)


__all__ = ["norm"] + list(linalg_decomp.__all__)
_linalg_exports = (linalg_struct._linalg_exports + linalg_solve._linalg_exports
                   + linalg_decomp._linalg_exports + linalg_expm._linalg_exports
                   + ("norm", "normalize", "lstsq", "pinv", "matrix_rank", "eye"))
