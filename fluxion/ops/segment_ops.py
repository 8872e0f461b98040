"""Segment reductions and bincount (``tf.math.segment_sum``, ``tf.math.unsorted_segment_max``,
``tf.math.bincount`` ...). Part of the reduce family: `reduce_ops` exports these names.

Sorted segment ops (`segment_*`) take a vector of non-decreasing ids and return ids[-1] + 1
rows, empty segments giving 0 (1 for prod). Unsorted ones take ids of any shape that prefixes
the data's shape, drop negative ids, and fill empty segments with the identity: 0, 1, or the
dtype's lowest / highest value for max / min.

Gradients gather by segment id with `_gather` (rows of a tensor picked by id, zero rows for
dropped ids), whose own gradient is `unsorted_segment_sum`: the pair is closed under
differentiation.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import array_ops, math_ops
from fluxion.ops._util import NUMERIC, REAL, shape_of, static_value

__all__: list = []


# --- the gather used by every segment gradient ---------------------------------------------------
def _gather_kernel(xp, params, ids):
    if params.shape[0] == 0:
        return xp.zeros(ids.shape + params.shape[1:], params.dtype)
    out = xp.take(params, xp.maximum(ids, 0), axis=0)
    dropped = ids < 0
    if dropped.any():
        out[dropped] = 0
    return out


def _vjp_gather(g, out, params, ids):
    return unsorted_segment_sum(g, ids, shape_of(params)[0]), None


def _infer_gather(params: Spec, ids: Spec) -> Spec:
    if params.shape is None or ids.shape is None:
        return Spec(None, params.dtype)
    return Spec(tuple(ids.shape) + tuple(params.shape[1:]), params.dtype)


_gather = defop("segment_gather", _gather_kernel, vjp=_vjp_gather, infer=_infer_gather,
                same_dtype=1, tf_name="GatherDropNegatives")


# --- kernels -------------------------------------------------------------------------------------
def _check_ids(ids, op: str) -> None:
    if ids.dtype.kind != "i" or ids.dtype.itemsize < 2:
        raise InvalidArgumentError(f"Value for attr 'Tindices' of {ids.dtype} is not in the list "
                                   f"of allowed values: int16, int32, int64 [Op:{op}]")


def _unsorted_rows(xp, data, ids, num_segments, op):
    """Validates unsorted ids; returns (kept ids, their data rows, trailing shape)."""
    _check_ids(ids, op)
    if num_segments < 0:
        raise InvalidArgumentError(f"Input num_segments == {num_segments} must not be negative. "
                                   f"[Op:{op}]")
    if data.shape[:ids.ndim] != ids.shape:
        raise InvalidArgumentError(f"data.shape = {list(data.shape)} does not start with "
                                   f"segment_ids.shape = {list(ids.shape)} [Op:{op}]")
    flat_ids = ids.reshape(-1)
    rest = data.shape[ids.ndim:]
    rows = data.reshape((flat_ids.size,) + rest)
    over = flat_ids >= num_segments
    if over.any():
        i = int(xp.argmax(over))
        raise InvalidArgumentError(f"segment_ids[{i}] = {int(flat_ids[i])} is out of range "
                                   f"[0, {num_segments}) [Op:{op}]")
    keep = flat_ids >= 0
    if not keep.all():
        flat_ids, rows = flat_ids[keep], rows[keep]
    return flat_ids, rows, rest


def _fill_value(xp, dtype, kind: str):
    if kind == "max":
        return xp.finfo(dtype).min if dtype.kind == "f" else xp.iinfo(dtype).min
    if kind == "min":
        return xp.finfo(dtype).max if dtype.kind == "f" else xp.iinfo(dtype).max
    return 1 if kind == "prod" else 0


_UFUNC = {"sum": "add", "prod": "multiply", "max": "maximum", "min": "minimum"}
# unsorted max/min skip NaN (TF compares with `>`), so use fmax/fmin for floats
_UFUNC_NAN = {"max": "fmax", "min": "fmin"}


def _float_sum(xp, ids, rows, num):
    """Segment sums of float rows with one bincount (accumulated in float64)."""
    width = int(np.prod(rows.shape[1:]))
    if width != 1:
        ids = (ids[:, None].astype(xp.intp) * width + xp.arange(width)).reshape(-1)
    out = xp.bincount(ids, rows.reshape(-1), num * width)
    return out.reshape((num,) + rows.shape[1:]).astype(rows.dtype)


def _scatter_reduce(xp, ufunc, ids, rows, out):
    """out[ids] = ufunc(out[ids], rows), reducing repeated ids. Large inputs sort the ids and
    use reduceat, about twice as fast as ufunc.at."""
    if ids.size < 1024:
        ufunc.at(out, ids, rows)
        return out
    order = xp.argsort(ids, kind="stable")
    ids = ids[order]
    starts = xp.flatnonzero(xp.concatenate([xp.ones(1, bool), ids[1:] != ids[:-1]]))
    seg = ids[starts]
    out[seg] = ufunc(out[seg], ufunc.reduceat(rows[order], starts, axis=0, dtype=out.dtype))
    return out


def _unsorted_kernel(kind: str, op: str):
    def kernel(xp, data, ids, num_segments):
        flat_ids, rows, rest = _unsorted_rows(xp, data, ids, num_segments, op)
        if kind == "sum" and data.dtype.kind == "f":
            return _float_sum(xp, flat_ids, rows, num_segments)
        out = xp.full((num_segments,) + rest, _fill_value(xp, data.dtype, kind), data.dtype)
        name = _UFUNC_NAN.get(kind, _UFUNC[kind]) if data.dtype.kind == "f" else _UFUNC[kind]
        return _scatter_reduce(xp, getattr(xp, name), flat_ids, rows, out)
    return kernel


def _sorted_starts(xp, data, ids, op):
    """Validates sorted ids; returns (segment count, start row of each run, the run's id)."""
    if ids.dtype.kind != "i" or ids.dtype.itemsize < 4:
        raise InvalidArgumentError(f"Value for attr 'Tindices' of {ids.dtype} is not in the list "
                                   f"of allowed values: int32, int64 [Op:{op}]")
    if ids.ndim != 1:
        raise InvalidArgumentError(f"segment_ids should be a vector. [Op:{op}]")
    if data.ndim == 0 or ids.shape[0] != data.shape[0]:
        raise InvalidArgumentError(f"segment_ids should be the same size as dimension 0 of "
                                   f"input. [Op:{op}]")
    if ids.size == 0:
        return 0, ids, ids
    num = int(ids[-1]) + 1
    if ids[0] < 0:
        raise InvalidArgumentError(f"Segment id {int(ids[0])} out of range [0, {num}), possibly "
                                   f"because 'segment_ids' input is not sorted. [Op:{op}]")
    change = ids[1:] != ids[:-1]
    if (ids[1:] < ids[:-1]).any():
        raise InvalidArgumentError(f"segment ids are not increasing [Op:{op}]")
    starts = xp.concatenate([xp.zeros(1, xp.intp), xp.flatnonzero(change) + 1])
    return num, starts, ids[starts]


def _sorted_kernel(kind: str, op: str):
    def kernel(xp, data, ids):
        num, starts, present = _sorted_starts(xp, data, ids, op)
        out = xp.full((num,) + data.shape[1:], 1 if kind == "prod" else 0, data.dtype)
        if starts.size:
            reduce_at = getattr(xp, _UFUNC[kind]).reduceat
            out[present] = reduce_at(data, starts, axis=0, dtype=data.dtype)
        return out
    return kernel


def _segment_mean_kernel(xp, data, ids):
    num, starts, present = _sorted_starts(xp, data, ids, "SegmentMean")
    out = xp.zeros((num,) + data.shape[1:], data.dtype)
    if not starts.size:
        return out
    kind = data.dtype.kind
    wide = xp.int64 if kind == "i" else xp.uint64 if kind == "u" else data.dtype
    total = xp.add.reduceat(data, starts, axis=0, dtype=wide)
    counts = xp.diff(xp.append(starts, ids.size)).reshape((-1,) + (1,) * (data.ndim - 1))
    if kind in "iu":  # integer division truncates toward zero, as TF's kernel does
        out[present] = (xp.sign(total) * (xp.abs(total) // counts)).astype(data.dtype)
    else:
        out[present] = total / counts.astype(data.dtype)
    return out


# --- gradients -----------------------------------------------------------------------------------
def _vjp_sum(g, out, data, ids, **attrs):
    return _gather(g, ids), None


def _vjp_extreme(g, out, data, ids, **attrs):
    # ties share the gradient equally (TF's rule)
    hit = math_ops.equal(data, _gather(out, ids))
    counts = _unsorted_sum(math_ops.cast(hit, g.dtype), ids, num_segments=shape_of(out)[0])
    share = _gather(math_ops.divide(g, counts), ids)
    return math_ops.where(hit, share, array_ops.zeros_like(share)), None


def _vjp_prod(g, out, data, ids, **attrs):
    # the product of the other elements of the segment; exact when the segment holds zeros
    n = shape_of(out)[0]
    zero = math_ops.equal(data, array_ops.zeros_like(data))
    zeros_in = _unsorted_sum(math_ops.cast(zero, dtypes.int32), ids, num_segments=n)
    g = math_ops.where(math_ops.greater(zeros_in, 1), array_ops.zeros_like(g), g)
    safe = math_ops.where(zero, array_ops.ones_like(data), data)
    nonzero_prod = _unsorted_prod(safe, ids, num_segments=n)
    others = math_ops.where(zero, _gather(nonzero_prod, ids),
                            math_ops.divide(_gather(out, ids), safe))
    return math_ops.multiply(_gather(g, ids), others), None


def _vjp_mean(g, out, data, ids):
    ones = array_ops.ones(shape_of(ids), g.dtype)
    counts = array_ops.reshape(segment_sum(ones, ids), [-1] + [1] * (len(shape_of(g)) - 1))
    return _gather(math_ops.divide(g, counts), ids), None


# --- registration --------------------------------------------------------------------------------
def _infer_unsorted(data: Spec, ids: Spec, num_segments) -> Spec:
    if data.shape is None or ids.shape is None:
        return Spec(None, data.dtype)
    return Spec((num_segments,) + tuple(data.shape[len(ids.shape):]), data.dtype)


def _infer_sorted(data: Spec, ids: Spec) -> Spec:
    return Spec(None, data.dtype)  # the number of segments depends on the ids' values


_VJPS = {"sum": _vjp_sum, "prod": _vjp_prod, "max": _vjp_extreme, "min": _vjp_extreme}
_DTYPES = {"sum": NUMERIC, "prod": NUMERIC, "max": REAL, "min": REAL}
_OPS = {}
for _kind in ("sum", "prod", "max", "min"):
    _tf = "Unsorted" + f"Segment{_kind.capitalize()}"
    _OPS["unsorted_" + _kind] = defop(
        f"unsorted_segment_{_kind}", _unsorted_kernel(_kind, _tf), vjp=_VJPS[_kind],
        infer=_infer_unsorted, dtypes=_DTYPES[_kind], same_dtype=1, tf_name=_tf)
    _OPS[_kind] = defop(
        f"segment_{_kind}", _sorted_kernel(_kind, _tf[8:]), vjp=_VJPS[_kind],
        infer=_infer_sorted, dtypes=_DTYPES[_kind], same_dtype=1, tf_name=_tf[8:])
_unsorted_sum, _unsorted_prod = _OPS["unsorted_sum"], _OPS["unsorted_prod"]
_segment_mean = defop("segment_mean", _segment_mean_kernel, vjp=_vjp_mean, infer=_infer_sorted,
                      dtypes=NUMERIC, same_dtype=1, tf_name="SegmentMean")


# --- public functions ----------------------------------------------------------------------------
def _num_segments(num_segments, op: str) -> int:
    v = static_value(num_segments)
    if v.ndim:
        raise InvalidArgumentError(f"num_segments should be a scalar, not shape {list(v.shape)} "
                                   f"[Op:{op}]")
    return int(v)


def segment_sum(data, segment_ids, name=None) -> Tensor:
    """Sums of the rows of `data` with the same (sorted) id; empty segments give 0."""
    return _OPS["sum"](data, segment_ids)


def segment_prod(data, segment_ids, name=None) -> Tensor:
    """Products of the rows of `data` with the same (sorted) id; empty segments give 1."""
    return _OPS["prod"](data, segment_ids)


def segment_max(data, segment_ids, name=None) -> Tensor:
    """Maxima of the rows of `data` with the same (sorted) id; empty segments give 0."""
    return _OPS["max"](data, segment_ids)


def segment_min(data, segment_ids, name=None) -> Tensor:
    """Minima of the rows of `data` with the same (sorted) id; empty segments give 0."""
    return _OPS["min"](data, segment_ids)


def segment_mean(data, segment_ids, name=None) -> Tensor:
    """Means of the rows with the same (sorted) id (integer means truncate); empty give 0."""
    return _segment_mean(data, segment_ids)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None) -> Tensor:
    """Sums by segment id (any order; negative ids dropped); empty segments give 0."""
    return _unsorted_sum(data, segment_ids,
                         num_segments=_num_segments(num_segments, "UnsortedSegmentSum"))


def unsorted_segment_prod(data, segment_ids, num_segments, name=None) -> Tensor:
    """Products by segment id; empty segments give 1."""
    return _unsorted_prod(data, segment_ids,
                          num_segments=_num_segments(num_segments, "UnsortedSegmentProd"))


def unsorted_segment_max(data, segment_ids, num_segments, name=None) -> Tensor:
    """Maxima by segment id; empty segments give the dtype's lowest value."""
    return _OPS["unsorted_max"](data, segment_ids,
                                num_segments=_num_segments(num_segments, "UnsortedSegmentMax"))


def unsorted_segment_min(data, segment_ids, num_segments, name=None) -> Tensor:
    """Minima by segment id; empty segments give the dtype's highest value."""
    return _OPS["unsorted_min"](data, segment_ids,
                                num_segments=_num_segments(num_segments, "UnsortedSegmentMin"))


def _segment_sizes(data, ids, num: int):
    """How many entries each segment has (at least 1), shaped to divide the segment sums."""
    counts = _unsorted_sum(array_ops.ones(shape_of(ids), data.dtype), ids, num_segments=num)
    counts = array_ops.reshape(counts, [num] + [1] * (len(shape_of(data)) - len(shape_of(ids))))
    return math_ops.maximum(counts, 1)


def unsorted_segment_mean(data, segment_ids, num_segments, name=None) -> Tensor:
    """Means by segment id; empty segments give 0. Integer data gives a float result (TF
    divides with truediv: int32 -> float64)."""
    data = data if hasattr(data, "_value") else convert_to_tensor(data)
    ids = segment_ids if hasattr(segment_ids, "_value") else convert_to_tensor(segment_ids)
    num = _num_segments(num_segments, "UnsortedSegmentSum")
    total = _unsorted_sum(data, ids, num_segments=num)
    return math_ops.truediv(total, _segment_sizes(data, ids, num))


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None) -> Tensor:
    """Sums by segment id divided by sqrt(segment size); empty segments give 0."""
    data = data if hasattr(data, "_value") else convert_to_tensor(data)
    ids = segment_ids if hasattr(segment_ids, "_value") else convert_to_tensor(segment_ids)
    num = _num_segments(num_segments, "UnsortedSegmentSum")
    total = _unsorted_sum(data, ids, num_segments=num)
    return math_ops.divide(total, math_ops.sqrt(_segment_sizes(data, ids, num)))


# --- bincount ------------------------------------------------------------------------------------
def _bincount_kernel(xp, arr, weights, minlength, maxlength, binary_output, per_row):
    if weights.dtype.kind not in "iuf" or weights.dtype.itemsize < 4:
        raise InvalidArgumentError(f"Value for attr 'T' of {dtypes.from_numpy(weights.dtype).name}"
                                   f" is not in the list of allowed values: int32, int64, float, "
                                   f"double [Op:DenseBincount]")
    if arr.ndim > 2:
        raise InvalidArgumentError(f"Shape must be at most rank 2 but is rank {arr.ndim} "
                                   f"[Op:DenseBincount]")
    if arr.size and arr.min() < 0:
        raise InvalidArgumentError("Input arr must be non-negative! [Op:DenseBincount]")
    if weights.size and weights.shape != arr.shape:
        raise InvalidArgumentError("`weights` must be the same shape as `arr` or a length-0 "
                                   "`Tensor`, in which case it acts as all weights equal to 1 "
                                   "[Op:DenseBincount]")
    size = int(arr.max()) + 1 if arr.size else 0
    size = size if minlength is None else max(size, minlength)
    size = size if maxlength is None else max(min(size, maxlength), 0)
    per_row = per_row and arr.ndim == 2
    rows = arr.shape[0] if per_row else 1
    ids = (arr + xp.arange(rows)[:, None] * size) if per_row else arr
    keep = (arr < size).reshape(-1)
    w = weights.reshape(-1)[keep] if weights.size and not binary_output else None
    counts = xp.bincount(ids.reshape(-1)[keep], w, rows * size)
    if binary_output:
        counts = counts > 0
    counts = counts.astype(weights.dtype)
    return counts.reshape(rows, size) if per_row else counts


def _infer_bincount(arr: Spec, weights: Spec, **attrs) -> Spec:
    return Spec(None, weights.dtype)  # the length depends on the values of `arr`


_bincount = defop("bincount", _bincount_kernel, infer=_infer_bincount,
                  dtypes=(dtypes.int32, dtypes.int64), same_dtype=1, tf_name="DenseBincount")


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None,
             axis=None, binary_output=False) -> Tensor:
    """Counts of each value in the non-negative int `arr` (weighted sums with `weights`).

    The result has max(arr) + 1 entries, at least `minlength` and at most `maxlength` (larger
    values are dropped). `axis=-1` counts each row of a 2-D `arr` separately."""
    if weights is not None and binary_output:
        raise ValueError("Arguments `binary_output` and `weights` are mutually exclusive. "
                         "Please specify only one.")
    if axis not in (None, 0, -1):
        raise ValueError(f"Unsupported value for argument axis={axis}. Only 0 and -1 are "
                         f"currently supported.")
    arr = arr if hasattr(arr, "_value") else convert_to_tensor(arr)
    if arr.dtype not in (dtypes.int32, dtypes.int64):
        arr = math_ops.cast(arr, dtypes.int32)
    if weights is None:
        weights = wrap(np.zeros(0, as_dtype(dtype)._np))
    minlength = None if minlength is None else int(static_value(minlength))
    maxlength = None if maxlength is None else int(static_value(maxlength))
    return _bincount(arr, weights, minlength=minlength, maxlength=maxlength,
                     binary_output=bool(binary_output), per_row=axis == -1)
