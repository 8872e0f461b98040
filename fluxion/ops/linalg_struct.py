"""Structural matrix ops of ``tf.linalg``: transposes, diagonals, bands, trace, cross, matvec.

The diagonal ops follow TF's V3 kernels: `k` selects one diagonal or a band ``(lo, hi)`` of
them, a band is stored one diagonal per row (highest first), and `align` says on which side
shorter diagonals are padded ("RIGHT_LEFT": superdiagonals right-aligned, subdiagonals left).
"""
from __future__ import annotations

import functools

import numpy as np

from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import FailedPreconditionError, InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops, reduce_ops
from fluxion.ops._util import REAL, shape_of, static_ints

ALIGNS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def _tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


# --- matrix_transpose ----------------------------------------------------------------------------
def _swap_last(shape):
    return None if shape is None else tuple(shape[:-2]) + (shape[-1], shape[-2])


_transpose = defop(
    "matrix_transpose", lambda xp, x: xp.swapaxes(x, -1, -2), tf_name="Transpose",
    infer=lambda x: Spec(_swap_last(x.shape), x.dtype),
    vjp=lambda g, out, x: (matrix_transpose(g),))


def matrix_transpose(a, name="matrix_transpose", conjugate=False) -> Tensor:
    """Transposes the last two axes (conjugating them too when `conjugate`)."""
    a = _tensor(a)
    if a._value.ndim < 2:
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received "
                         f"`a` = {a._value} with shape: {a._value.shape}")
    out = _transpose(a)
    return math_ops.conj(out) if conjugate else out


def adjoint(matrix, name=None) -> Tensor:
    """Conjugate transpose of the last two axes."""
    return matrix_transpose(matrix, conjugate=True)


# --- diagonal layout shared by diag / diag_part / set_diag ---------------------------------------
def _check_align(align: str, op: str) -> None:
    if align not in ALIGNS:
        raise InvalidArgumentError(f"Value for attr 'align' of \"{align}\" is not in the list of "
                                   f"allowed values: {', '.join(ALIGNS)} [Op:{op}]")


def _layout(rows: int, cols: int, lo: int, hi: int, align: str):
    """Per diagonal d = hi, hi-1, ..., lo: its length and where it starts in its stored row."""
    ds = np.arange(hi, lo - 1, -1)
    lengths = np.minimum(rows + np.minimum(0, ds), cols - np.maximum(0, ds))
    width = int(lengths.max()) if len(ds) else 0
    left = ((ds >= 0) & align.startswith("LEFT")) | ((ds <= 0) & align.endswith("LEFT"))
    offsets = np.where(left, 0, width - lengths)
    return ds, lengths, offsets, width


@functools.lru_cache(maxsize=256)
def _one_diagonal(rows: int, cols: int, k: int):
    """Row and column indices of the k-th diagonal (the common single-diagonal case)."""
    t = np.arange(max(0, min(rows + min(0, k), cols - max(0, k))))
    return t + max(0, -k), t + max(0, k)


@functools.lru_cache(maxsize=256)
def _band_positions(rows: int, cols: int, lo: int, hi: int, align: str):
    """For each matrix entry: whether it lies in the band, and its (row, column) in storage."""
    i = np.arange(rows)[:, None]
    j = np.arange(cols)[None, :]
    d = j - i
    inside = (d >= lo) & (d <= hi)
    _, _, offsets, _ = _layout(rows, cols, lo, hi, align)
    r = np.clip(hi - d, 0, hi - lo)
    p = np.minimum(i, j) + offsets[r]
    return inside, r, p


def _check_bounds(rows: int, cols: int, lo: int, hi: int, op: str, sep: str = ".") -> None:
    if lo > hi:
        raise InvalidArgumentError(f"lower_diag_index must not be larger than upper_diag_index: "
                                   f"{lo} > {hi} [Op:{op}]")
    for which, k in (("lower", lo), ("upper", hi)):
        if not (-rows < k < cols or k == 0):
            raise InvalidArgumentError(f"{which}_diag_index is out of bound: {k}{sep} It must be "
                                       f"between {-rows} and {cols} [Op:{op}]")


def _as_band(x, lo: int, hi: int):
    """Views a stored diagonal tensor as [..., num_diags, width] (adds the axis for one k)."""
    return x[..., None, :] if lo == hi else x


# --- matrix_diag ---------------------------------------------------------------------------------
def _diag_dims(shape, lo: int, hi: int, num_rows: int, num_cols: int):
    """Output rows/cols of matrix_diag, with TF's consistency checks."""
    if len(shape) < 1:
        raise InvalidArgumentError(f"diagonal must be at least 1-dim, received shape: "
                                   f"{list(shape)} [Op:MatrixDiagV3]")
    if lo > hi:
        raise InvalidArgumentError(f"lower_diag_index must not be larger than upper_diag_index: "
                                   f"{lo} > {hi} [Op:MatrixDiagV3]")
    if lo != hi and (len(shape) < 2 or shape[-2] != hi - lo + 1):
        raise InvalidArgumentError("The number of diagonals provided in the input does not match "
                                   "the lower_diag_index and upper_diag_index range. "
                                   "[Op:MatrixDiagV3]")
    width = shape[-1]
    min_rows, min_cols = width - min(hi, 0), width + max(lo, 0)
    if num_rows != -1 and num_rows < min_rows:
        raise InvalidArgumentError("The number of rows is too small. [Op:MatrixDiagV3]")
    if num_cols != -1 and num_cols < min_cols:
        raise InvalidArgumentError("The number of columns is too small. [Op:MatrixDiagV3]")
    if num_rows == -1 and num_cols == -1:
        num_rows = num_cols = max(min_rows, min_cols)
    elif num_rows == -1:
        num_rows = min_rows
    elif num_cols == -1:
        num_cols = min_cols
    if num_rows != min_rows and num_cols != min_cols:
        raise InvalidArgumentError("The number of rows or columns is not consistent with the "
                                   "specified d_lower, d_upper, and diagonal. [Op:MatrixDiagV3]")
    return num_rows, num_cols


def _matrix_diag_kernel(xp, x, k, num_rows, num_cols, padding_value, align):
    lo, hi = k
    rows, cols = _diag_dims(x.shape, lo, hi, num_rows, num_cols)
    batch = x.shape[:-1] if lo == hi else x.shape[:-2]
    pad = xp.asarray(padding_value, x.dtype)
    if lo == hi:
        out = xp.full(batch + (rows, cols), pad, x.dtype)
        i, j = _one_diagonal(rows, cols, lo)
        out[..., i, j] = x
        return out
    if rows == 0 or cols == 0 or x.shape[-1] == 0:
        return xp.full(batch + (rows, cols), pad, x.dtype)
    inside, r, p = _band_positions(rows, cols, lo, hi, align)
    p = np.minimum(p, x.shape[-1] - 1)
    return xp.where(inside, _as_band(x, lo, hi)[..., r, p], pad)


def _infer_matrix_diag(x: Spec, k, num_rows, num_cols, padding_value, align):
    if x.shape is None or None in x.shape[-2:]:
        return Spec(None, x.dtype)
    lo, hi = k
    rows, cols = _diag_dims(x.shape, lo, hi, num_rows, num_cols)
    batch = x.shape[:-1] if lo == hi else x.shape[:-2]
    return Spec(tuple(batch) + (rows, cols), x.dtype)


def _vjp_matrix_diag(g, out, x, k, num_rows, num_cols, padding_value, align):
    return (_diag_part(g, k=k, padding_value=0, align=align),)


_matrix_diag = defop("matrix_diag", _matrix_diag_kernel, vjp=_vjp_matrix_diag,
                     infer=_infer_matrix_diag, tf_name="MatrixDiagV3")


def _k_pair(k) -> tuple:
    if type(k) is int:
        return (k, k)
    ks = static_ints(k, "k")
    ks = (ks,) if isinstance(ks, int) else tuple(ks)
    if not 1 <= len(ks) <= 2:
        raise InvalidArgumentError(f"k must have one or two elements, got {list(ks)}")
    return (ks[0], ks[-1])


def _scalar_attr(value, x: Tensor):
    """A Python scalar of x's dtype (TF converts padding values to the input's dtype)."""
    if type(value) is int and value == 0:
        return 0
    v = value._value if hasattr(value, "_value") else value
    arr = convert_to_tensor(v, dtype=x.dtype)._value
    return arr.item()


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT") -> Tensor:
    """A batch of matrices with the given diagonal(s) (``tf.linalg.diag``)."""
    diagonal = _tensor(diagonal)
    _check_align(align, "MatrixDiagV3")
    return _matrix_diag(diagonal, k=_k_pair(k), num_rows=int(num_rows), num_cols=int(num_cols),
                        padding_value=_scalar_attr(padding_value, diagonal), align=align)


# --- matrix_diag_part ----------------------------------------------------------------------------
def _diag_part_kernel(xp, x, k, padding_value, align):
    lo, hi = k
    if x.ndim < 2:
        raise InvalidArgumentError(f"input must be at least 2-dim, received shape: "
                                   f"{list(x.shape)} [Op:MatrixDiagPartV3]")
    rows, cols = x.shape[-2:]
    _check_bounds(rows, cols, lo, hi, "MatrixDiagPartV3")
    if lo == hi:  # one diagonal: no padding is ever needed
        return xp.diagonal(x, lo, -2, -1).copy()
    ds, lengths, offsets, width = _layout(rows, cols, lo, hi, align)
    t = np.arange(width)[None, :] - offsets[:, None]
    valid = (t >= 0) & (t < lengths[:, None])
    out_shape = x.shape[:-2] + ((width,) if lo == hi else (len(ds), width))
    pad = xp.asarray(padding_value, x.dtype)
    if rows == 0 or cols == 0:
        return xp.full(out_shape, pad, x.dtype)
    i = np.clip(t + np.maximum(0, -ds)[:, None], 0, rows - 1)
    j = np.clip(t + np.maximum(0, ds)[:, None], 0, cols - 1)
    out = xp.where(valid, x[..., i, j], pad)
    return out.reshape(out_shape)


def _infer_diag_part(x: Spec, k, padding_value, align):
    if x.shape is None or None in x.shape[-2:] or len(x.shape) < 2:
        return Spec(None, x.dtype)
    rows, cols = x.shape[-2:]
    lo, hi = k
    _, _, _, width = _layout(rows, cols, lo, hi, align)
    tail = (width,) if lo == hi else (hi - lo + 1, width)
    return Spec(tuple(x.shape[:-2]) + tail, x.dtype)


def _vjp_diag_part(g, out, x, k, padding_value, align):
    rows, cols = shape_of(x)[-2:]
    return (_matrix_diag(g, k=k, num_rows=rows, num_cols=cols, padding_value=0, align=align),)


_diag_part = defop("matrix_diag_part", _diag_part_kernel, vjp=_vjp_diag_part,
                   infer=_infer_diag_part, tf_name="MatrixDiagPartV3")


def diag_part(input, name="diag_part", k=0, padding_value=0,  # noqa: A002 - TF's name
              align="RIGHT_LEFT") -> Tensor:
    """The diagonal(s) of a batch of matrices (``tf.linalg.diag_part``)."""
    input = _tensor(input)
    _check_align(align, "MatrixDiagPartV3")
    return _diag_part(input, k=_k_pair(k), padding_value=_scalar_attr(padding_value, input),
                      align=align)


# --- matrix_set_diag -----------------------------------------------------------------------------
def _set_diag_kernel(xp, x, diagonal, k, align):
    lo, hi = k
    if x.ndim < 2:
        raise InvalidArgumentError(f"input must be at least 2-dim, received shape: "
                                   f"{list(x.shape)} [Op:MatrixSetDiagV3]")
    rows, cols = x.shape[-2:]
    _check_bounds(rows, cols, lo, hi, "MatrixSetDiagV3", sep="")
    _, _, _, width = _layout(rows, cols, lo, hi, align)
    want = x.shape[:-2] + ((width,) if lo == hi else (hi - lo + 1, width))
    if diagonal.shape != want:
        raise InvalidArgumentError(
            f"Either first dimensions of diagonal don't match input.shape[:-2], or "
            f"diagonal.shape[:-1] is not equal to the longests diagonal in range "
            f"[lower_diag_index:upper_diag_index]. Input shape: {list(x.shape)} Diagonal shape: "
            f"{list(diagonal.shape)} Expected diagonal shape: {list(want)} [Op:MatrixSetDiagV3]")
    if lo == hi:
        out = x.copy()
        i, j = _one_diagonal(rows, cols, lo)
        out[..., i, j] = diagonal
        return out
    if x.size == 0:
        return x.copy()
    inside, r, p = _band_positions(rows, cols, lo, hi, align)
    p = np.minimum(p, max(width - 1, 0))
    return xp.where(inside, _as_band(diagonal, lo, hi)[..., r, p], x)


def _vjp_set_diag(g, out, x, diagonal, k, align):
    zeros = array_ops.zeros_like(diagonal)
    return (_set_diag(g, zeros, k=k, align=align),
            _diag_part(g, k=k, padding_value=0, align=align))


_set_diag = defop("matrix_set_diag", _set_diag_kernel, vjp=_vjp_set_diag, infer=_infer.same,
                  tf_name="MatrixSetDiagV3")


def set_diag(input, diagonal, name="set_diag", k=0,  # noqa: A002 - TF's argument name
             align="RIGHT_LEFT") -> Tensor:
    """Replaces the diagonal(s) of a batch of matrices (``tf.linalg.set_diag``)."""
    _check_align(align, "MatrixSetDiagV3")
    return _set_diag(input, diagonal, k=_k_pair(k), align=align)


# --- band_part -----------------------------------------------------------------------------------
def _band_part_kernel(xp, x, num_lower, num_upper):
    if x.ndim < 2:
        raise InvalidArgumentError(f"input must be at least 2-dim, received shape: "
                                   f"{list(x.shape)} [Op:MatrixBandPart]")
    rows, cols = x.shape[-2:]
    if num_lower > rows:
        raise InvalidArgumentError(f"num_lower must be negative or less or equal to number of "
                                   f"rows ({rows}) got: {num_lower} [Op:MatrixBandPart]")
    if num_upper > cols:
        raise InvalidArgumentError(f"num_upper must be negative or less or equal to number of "
                                   f"columns ({cols}) got: {num_upper} [Op:MatrixBandPart]")
    d = np.arange(cols)[None, :] - np.arange(rows)[:, None]
    keep = ((num_lower < 0) | (-d <= num_lower)) & ((num_upper < 0) | (d <= num_upper))
    return xp.where(keep, x, xp.zeros((), x.dtype))


def _vjp_band_part(g, out, x, num_lower, num_upper):
    return (band_part(g, num_lower, num_upper),)


_band_part = defop("matrix_band_part", _band_part_kernel, vjp=_vjp_band_part, infer=_infer.same,
                   tf_name="MatrixBandPart")


def band_part(input, num_lower, num_upper, name=None) -> Tensor:  # noqa: A002
    """Keeps `num_lower` subdiagonals and `num_upper` superdiagonals (negative: all)."""
    lower = num_lower if type(num_lower) is int else static_ints(num_lower, "num_lower")
    upper = num_upper if type(num_upper) is int else static_ints(num_upper, "num_upper")
    return _band_part(input, num_lower=lower, num_upper=upper)


# --- trace, matvec, tensor_diag ------------------------------------------------------------------
def trace(x, name=None) -> Tensor:
    """Sum of the main diagonal of each matrix."""
    return reduce_ops.reduce_sum(diag_part(x), axis=-1)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None) -> Tensor:
    """Matrix-vector product ``a @ b`` over the last axes, batched like matmul."""
    b = _tensor(b)
    column = array_ops.reshape(b, shape_of(b) + (1,))
    out = math_ops.matmul(a, column, transpose_a=transpose_a, adjoint_a=adjoint_a)
    return array_ops.reshape(out, shape_of(out)[:-1])


_TENSOR_DIAG_INTS = (np.dtype(np.int32), np.dtype(np.int64))


def tensor_diag(diagonal, name=None) -> Tensor:
    """Rank-2k tensor with `diagonal` (rank k) on its diagonal (``tf.linalg.tensor_diag``)."""
    diagonal = _tensor(diagonal)
    shape = shape_of(diagonal)
    if not shape:
        raise InvalidArgumentError("Input must be at least rank 1, got 0 [Op:Diag]")
    _check_diag_dtype(diagonal)
    flat = array_ops.reshape(diagonal, (-1,))
    return array_ops.reshape(diag(flat), shape + shape)


def tensor_diag_part(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """The diagonal of a rank-2k tensor (``tf.linalg.tensor_diag_part``)."""
    input = _tensor(input)
    shape = shape_of(input)
    half = len(shape) // 2
    if len(shape) % 2:
        raise InvalidArgumentError(f"The rank of the tensor should be even and positive, got "
                                   f"shape {list(shape)} [Op:DiagPart]")
    for i in range(half):
        if shape[i] != shape[i + half]:
            raise InvalidArgumentError(f"Invalid shape {list(shape)}: dimensions {i} and "
                                       f"{i + half} do not match. [Op:DiagPart]")
    _check_diag_dtype(input)
    if not shape:
        return input
    n = int(np.prod(shape[:half]))
    return array_ops.reshape(diag_part(array_ops.reshape(input, (n, n))), shape[:half])


def _check_diag_dtype(x: Tensor) -> None:
    if x._value.dtype.kind not in "fc" and x._value.dtype not in _TENSOR_DIAG_INTS:
        raise InvalidArgumentError(f"Value for attr 'T' of {x.dtype.name} is not in the list of "
                                   f"allowed values: bfloat16, half, float, double, int32, int64, "
                                   f"complex64, complex128 [Op:Diag]")


# --- cross ---------------------------------------------------------------------------------------
def _cross_kernel(xp, a, b):
    if a.ndim < 1:
        raise InvalidArgumentError(f"Input must be at least 1D{list(a.shape)} [Op:Cross]")
    if a.shape != b.shape:
        raise InvalidArgumentError(f"Both inputs must be of same shape: {list(a.shape)} vs. "
                                   f"{list(b.shape)} [Op:Cross]")
    if a.shape[-1] != 3:
        raise FailedPreconditionError("Cross-products are only defined for 3-element vectors. "
                                      "[Op:Cross]")
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    return xp.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)


_cross = defop("cross", _cross_kernel, infer=_infer.same, dtypes=REAL,
               vjp=lambda g, out, a, b: (cross(b, g), cross(g, a)))


def cross(a, b, name=None) -> Tensor:
    """Pairwise cross product of 3-vectors along the last axis."""
    return _cross(a, b)


__all__: list = []
_linalg_exports = ("matrix_transpose", "adjoint", "diag", "diag_part", "set_diag", "band_part",
                   "trace", "matvec", "tensor_diag", "tensor_diag_part", "cross")
