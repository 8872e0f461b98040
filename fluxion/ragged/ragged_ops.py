"""``tf.ragged`` functions: constant, map_flat_values, range, boolean_mask, stack, segment ids.

Each is made of graph ops on the values and row partitions (so it traces and differentiates).
"""
from __future__ import annotations

import builtins

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.ragged import _util
from fluxion.ragged.getitem import gather_rows
from fluxion.ragged.ragged_tensor import RaggedTensor

# --- constant ----------------------------------------------------------------------------------


def _is_list(x) -> bool:
    return isinstance(x, (list, tuple, np.ndarray))


def _scalar_depths(x, depth: int, found: set) -> int:
    """Collects the depths at which scalars occur; returns the deepest list nesting."""
    if not _is_list(x):
        found.add(depth)
        return depth
    deepest = depth + 1
    for item in x:
        deepest = max(deepest, _scalar_depths(item, depth + 1, found))
    return deepest


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
             row_splits_dtype=tf.int64):
    """``tf.ragged.constant``: a RaggedTensor from nested Python lists (a plain Tensor when
    the value has no ragged dimension)."""
    if isinstance(pylist, RaggedTensor):
        raise TypeError("pylist may not be a RaggedTensor")
    if isinstance(pylist, np.ndarray):
        pylist = pylist.tolist()
    found: set = set()
    deepest = _scalar_depths(pylist, 0, found)
    if len(found) > 1:
        raise ValueError("all scalar values must have the same nesting depth")
    depth = found.pop() if found else deepest
    if inner_shape is not None:
        inner_shape = tuple(int(d) for d in inner_shape)
    if ragged_rank is None:
        ragged_rank = max(0, depth - 1 - (len(inner_shape) if inner_shape is not None else 0))
    if ragged_rank < 0:
        raise ValueError(f"Invalid ragged_rank={ragged_rank}: must be nonnegative")
    if inner_shape is not None and ragged_rank + 1 + len(inner_shape) != depth and found:
        need = ragged_rank + 1 + len(inner_shape)
        raise ValueError(f"pylist has scalar values depth {depth}, but ragged_rank="
                         f"{ragged_rank} and inner_shape={inner_shape} require scalar value "
                         f"depth {need}")
    if not _is_list(pylist) and ragged_rank > 0:
        raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank="
                         f"{ragged_rank}")
    splits_dtype = tf.as_dtype(row_splits_dtype)
    items, nested_lengths = (list(pylist) if ragged_rank else []), []
    for _ in builtins.range(ragged_rank):
        if any(not _is_list(r) for r in items):
            raise ValueError("pylist has inconsistent nesting depth for ragged_rank="
                             f"{ragged_rank}")
        nested_lengths.append([len(r) for r in items])
        items = [item for r in items for item in r]
    flat = _flat_values(items if ragged_rank else pylist, dtype, inner_shape, bool(ragged_rank))
    if not ragged_rank:
        return flat
    splits = [tf.constant(np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]),
                          dtype=splits_dtype) for lengths in nested_lengths]
    return RaggedTensor.from_nested_row_splits(flat, splits, validate=False)


def _flat_values(items, dtype, inner_shape, listed: bool):
    """The innermost values (a list of uniform items) as a tensor, with TF's dtype rules."""
    dtype = None if dtype is None else tf.as_dtype(dtype)
    if listed and not items:
        shape = (0,) + (inner_shape or ())
        return tf.zeros(shape, dtype or tf.float32) if dtype != tf.string else \
            tf.constant(np.zeros(shape, object), tf.string)
    try:
        flat = tf.constant(items, dtype=dtype)
    except (ValueError, errors.InvalidArgumentError) as e:
        if "shape" in str(e).lower() or "sequence" in str(e).lower():
            raise ValueError("inner values have inconsistent shape") from None
        raise
    if inner_shape is not None and listed and flat.shape.as_list()[1:] != list(inner_shape):
        flat = tf.reshape(flat, (-1,) + inner_shape)
    return flat


# --- map_flat_values ---------------------------------------------------------------------------
def map_flat_values(op, *args, **kwargs):
    """`op` applied to the flat values of the RaggedTensors among its arguments (which must
    share a row partition); the result has that partition."""
    found: list = []

    def swap(x):
        if isinstance(x, RaggedTensor):
            found.append(x)
            return x.flat_values
        if isinstance(x, (list, tuple)):
            return type(x)(swap(v) for v in x)
        if isinstance(x, dict):
            return {k: swap(v) for k, v in x.items()}
        return x

    new_args = swap(args)
    new_kwargs = swap(kwargs)
    if not found:
        return op(*args, **kwargs)
    from fluxion.ragged.operators import _same_partition  # noqa: PLC0415

    for other in found[1:]:
        _same_partition(found[0], other)
    values = op(*new_args, **new_kwargs)
    n = tf.shape(found[0].flat_values)[0]
    if not isinstance(values, tf.Tensor) or values.ndim == 0 or \
            _util.known(n) is not None and values.shape[0] != int(n):
        raise ValueError("tf.ragged.map_flat_values requires that the output of `op` have the "
                         "same outer-dimension size as flat_values of any ragged inputs.")
    return found[0].with_flat_values(values)


# --- range -------------------------------------------------------------------------------------
def range(starts, limits=None, deltas=1, dtype=None, name=None,  # noqa: A001 - TF's name
          row_splits_dtype=tf.int64) -> RaggedTensor:
    """``tf.ragged.range``: row i is ``range(starts[i], limits[i], deltas[i])``."""
    if limits is None:
        starts, limits = 0, starts
    tensors = [tf.convert_to_tensor(v) if dtype is None else tf.cast(v, dtype)
               for v in (starts, limits, deltas)]
    out = dtype or _common_dtype(tensors)
    starts, limits, deltas = [tf.cast(t, out) for t in tensors]
    if max(t.ndim for t in (starts, limits, deltas)) > 1:
        raise ValueError("starts, limits and deltas must be scalars or vectors")
    n = tf.reduce_max(tf.stack([tf.size(t) for t in (starts, limits, deltas)]))
    starts, limits, deltas = [tf.broadcast_to(t, tf.reshape(n, [1]))
                              for t in (starts, limits, deltas)]
    _util.require(tf.reduce_all(tf.not_equal(deltas, 0)), "Requires delta != 0")
    if out.is_integer:
        sign = tf.sign(deltas)
        lengths = tf.math.floordiv(limits - starts + deltas - sign, deltas)
    else:
        lengths = tf.math.ceil((limits - starts) / deltas)
    lengths = tf.maximum(tf.cast(lengths, row_splits_dtype), 0)
    splits = _util.lengths_to_splits(lengths)
    rowids = _util.rowids_from_splits(splits)
    positions = _util.arange(splits[-1], dtype=splits.dtype) - tf.gather(splits, rowids)
    values = tf.gather(starts, rowids) + tf.cast(positions, out) * tf.gather(deltas, rowids)
    return RaggedTensor.from_row_splits(values, splits, validate=False)


def _common_dtype(tensors):
    order = [tf.int32, tf.int64, tf.float32, tf.float64]
    ranks = [order.index(t.dtype) if t.dtype in order else 0 for t in tensors]
    return order[max(ranks)]


# --- boolean_mask ------------------------------------------------------------------------------
def boolean_mask(data, mask, name=None):
    """``tf.ragged.boolean_mask``: the items of `data` where `mask` (ragged or dense, its shape
    a prefix of data's) is True; ragged where dense data has rows of different counts."""
    if not isinstance(mask, RaggedTensor):
        mask = tf.convert_to_tensor(mask)
        if mask.dtype != tf.bool:
            raise TypeError(f"mask must be a boolean tensor, got {mask.dtype.name}")
    if not isinstance(data, RaggedTensor):
        data = tf.convert_to_tensor(data)
    if not isinstance(mask, RaggedTensor) and mask.ndim == 1:
        if isinstance(data, RaggedTensor):
            return gather_rows(data, tf.reshape(tf.where(mask), [-1]))
        return tf.boolean_mask(data, mask)
    rank = mask.shape.rank
    if not isinstance(mask, RaggedTensor):
        mask = RaggedTensor.from_tensor(mask, ragged_rank=rank - 1)
    if not isinstance(data, RaggedTensor):
        data = RaggedTensor.from_tensor(data, ragged_rank=mask.ragged_rank)
    return _mask_ragged(data, mask)


def _mask_ragged(data: RaggedTensor, mask: RaggedTensor) -> RaggedTensor:
    from fluxion.ragged.operators import _same_partition  # noqa: PLC0415

    if mask.ragged_rank > data.ragged_rank:
        raise ValueError("mask has more ragged dimensions than data")
    data_outer = data
    if data.ragged_rank > mask.ragged_rank:
        data_outer = RaggedTensor.from_nested_row_splits(
            _level(data, mask.ragged_rank), data.nested_row_splits[:mask.ragged_rank],
            validate=False)
    _same_partition(data_outer, mask)
    return _mask_levels(data_outer, mask)


def _level(rt, depth: int):
    for _ in builtins.range(depth):
        rt = rt.values
    return rt


def _mask_levels(data: RaggedTensor, mask: RaggedTensor) -> RaggedTensor:
    if isinstance(mask.values, RaggedTensor):
        return data.with_values(_mask_levels(data.values, mask.values))
    keep = mask.values
    values = data.values
    if isinstance(values, RaggedTensor):
        values = gather_rows(values, tf.reshape(tf.where(keep), [-1]))
    else:
        values = tf.boolean_mask(values, keep)
    # the kept values before each split point are the new splits
    kept = _util.lengths_to_splits(tf.cast(keep, mask.row_splits_dtype))
    return RaggedTensor.from_row_splits(values, tf.gather(kept, mask.row_splits),
                                        validate=False)


# --- stack / concat ----------------------------------------------------------------------------
def _as_ragged(values: list) -> list:
    out = []
    for v in values:
        if not isinstance(v, RaggedTensor):
            v = tf.convert_to_tensor(v)
            v = RaggedTensor.from_tensor(v) if v.ndim > 1 else v
        out.append(v)
    return out


def concat(values, axis: int):
    """RaggedTensors (or dense tensors) joined along `axis` 0 (rows) or 1 (inside rows)."""
    values = _as_ragged(list(values))
    if not values:
        raise ValueError("values must not be empty")
    if any(not isinstance(v, RaggedTensor) for v in values):
        raise ValueError("concat of ragged values requires rank >= 2 inputs")
    rank = values[0].shape.rank
    axis = axis + rank if axis < 0 else axis
    if axis == 0:
        return _concat_rows(values)
    if axis == 1:
        stacked = _interleave(values)
        splits = stacked.row_splits[::len(values)]
        return RaggedTensor.from_row_splits(stacked.values, splits, validate=False)
    raise NotImplementedError(f"ragged concat along axis {axis} is not supported")


def _concat_rows(values: list) -> RaggedTensor:
    dtype = values[0].row_splits_dtype
    if any(v.row_splits_dtype != dtype for v in values) or \
            any(v.ragged_rank != values[0].ragged_rank for v in values):
        raise ValueError("Input RaggedTensors must have the same ragged_rank and row_splits "
                         "dtype")
    splits, offset = [tf.zeros([1], dtype)], tf.zeros([], dtype)
    for v in values:
        splits.append(v.row_splits[1:] + offset)
        offset = offset + v.row_splits[-1]
    inner = [v.values for v in values]
    joined = _concat_rows(inner) if isinstance(inner[0], RaggedTensor) else tf.concat(inner, 0)
    return RaggedTensor.from_row_splits(joined, tf.concat(splits, 0), validate=False)


def _interleave(values: list) -> RaggedTensor:
    """Rows r0[0], r1[0], ..., r0[1], r1[1], ... (inputs with the same number of rows)."""
    k = len(values)
    n = values[0].nrows()
    for v in values[1:]:
        _util.require(tf.equal(v.nrows(), n), "Input tensors at index 0 (=x) and 1 (=y) "
                      "have incompatible shapes.")
    joined = _concat_rows(values)
    order = tf.reshape(tf.transpose(tf.reshape(_util.arange(n * k), [k, -1])), [-1])
    return gather_rows(joined, order)


def stack(values, axis=0, name=None) -> RaggedTensor:
    """``tf.ragged.stack``: inputs stacked along a new dimension `axis` (0 or 1)."""
    values = _as_ragged(list(values))
    if all(not isinstance(v, RaggedTensor) for v in values):
        # TF stacks dense inputs with int32 row splits
        expanded = [RaggedTensor.from_tensor(tf.expand_dims(v, 0), row_splits_dtype=tf.int32)
                    if v.ndim else v for v in values]
        return _concat_rows(expanded) if axis == 0 else tf.stack(values, axis)
    axis = axis + values[0].shape.rank + 1 if axis < 0 else axis
    if axis == 0:
        joined = _concat_rows(values)
        counts = tf.stack([v.nrows() for v in values])
        return RaggedTensor.from_row_splits(joined, _util.lengths_to_splits(counts),
                                            validate=False)
    if axis == 1:
        stacked = _interleave(values)
        n = values[0].nrows()
        k = len(values)
        splits = _util.arange(n + 1, dtype=n.dtype) * k
        return RaggedTensor.from_row_splits(stacked, splits, validate=False)
    raise NotImplementedError(f"tf.ragged.stack along axis {axis} is not supported")


# --- segment ids -------------------------------------------------------------------------------
def row_splits_to_segment_ids(splits, name=None, out_type=None):
    splits = _util.splits_tensor(splits, "splits")
    ids = _util.rowids_from_splits(splits)
    return ids if out_type is None else tf.cast(ids, out_type)


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    ids = _util.splits_tensor(segment_ids, "segment_ids")
    dtype = tf.as_dtype(out_type) if out_type is not None else ids.dtype
    if num_segments is None:
        num_segments = tf.concat([tf.zeros([1], ids.dtype) - 1, ids], 0)[-1] + 1
    num_segments = tf.cast(num_segments, ids.dtype)
    # sorted ids: row i starts where the ids reach i
    targets = _util.arange(num_segments + 1, dtype=ids.dtype)
    return tf.searchsorted(ids, targets, side="left", out_type=dtype)


def stack_dynamic_partitions(data, partitions, num_partitions, name=None) -> RaggedTensor:
    """``tf.ragged.stack_dynamic_partitions``: row p holds the items of `data` whose partition
    is p, in their order."""
    data = tf.convert_to_tensor(data)
    partitions = tf.convert_to_tensor(partitions)  # its dtype is the row splits' (as TF)
    n = tf.cast(tf.convert_to_tensor(num_partitions), partitions.dtype)
    _util.require(tf.reduce_all(partitions < n), "partitions must be less than num_partitions")
    _util.require(tf.reduce_all(partitions >= 0), "partitions must be non-negative")
    order = tf.argsort(partitions, stable=True)
    ordered = tf.gather(partitions, order)
    splits = tf.searchsorted(ordered, _util.arange(n + 1, dtype=n.dtype), side="left",
                             out_type=n.dtype)
    return RaggedTensor.from_row_splits(tf.gather(data, order), splits, validate=False)
