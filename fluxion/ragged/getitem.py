"""Indexing of RaggedTensors (``rt[i]``, ``rt[a:b]``, ``rt[:, a:b]``, ``rt[i, j]``), as TF does.

The outer dimension takes ints and slices; a ragged dimension takes slices (each row cut on its
own); uniform inner dimensions take what a dense tensor takes. Indexing a ragged dimension with
an int is TF's ValueError. Rows are gathered with graph ops, so indexing traces and passes
gradients.
"""
from __future__ import annotations

import fluxion as tf
from fluxion import errors
from fluxion.ragged import _util
from fluxion.ragged.ragged_tensor import RaggedTensor


def ragged_getitem(rt: RaggedTensor, key):
    if not isinstance(key, tuple):
        key = (key,)
    key = tuple(k for k in key if k is not Ellipsis) if key[-1:] == (Ellipsis,) else key
    if not key:
        return rt
    if any(k is Ellipsis or k is None for k in key):
        raise ValueError("Ellipsis and tf.newaxis are not supported in RaggedTensor indexing "
                         "here; index each dimension")
    first, rest = key[0], key[1:]
    if isinstance(first, slice):
        rows = _slice_rows(rt, first)
        return _index_rows(rows, rest) if rest else rows
    row = _row(rt, first)
    return row[rest] if rest else row


def gather_rows(rt: RaggedTensor, indices):
    """The rows of `rt` at `indices` (an int vector), as a RaggedTensor."""
    splits = rt.row_splits
    indices = tf.cast(indices, splits.dtype)
    starts, limits = tf.gather(splits[:-1], indices), tf.gather(splits[1:], indices)
    return _take(rt.values, starts, limits)


def _take(values, starts, limits) -> RaggedTensor:
    """The rows values[starts[r]:limits[r]] of `values` as a RaggedTensor."""
    _, positions, splits = _util.ragged_positions(starts, limits)
    if isinstance(values, RaggedTensor):
        taken = gather_rows(values, positions)
    else:
        taken = tf.gather(values, positions)
    return RaggedTensor.from_row_splits(taken, splits, validate=False)


def _row(rt: RaggedTensor, index):
    """Row `index` (an int or a scalar int tensor; negative counts from the end)."""
    if isinstance(index, bool) or not _is_int(index):
        raise TypeError(f"RaggedTensor indices must be integers or slices, not "
                        f"{type(index).__name__}")
    splits = rt.row_splits
    nrows = rt.nrows()
    n = _util.known(splits)
    if n is not None and isinstance(index, int) and not -len(n) < index + 1 < len(n):
        raise IndexError(f"Row key {index} out of bounds")
    i = tf.cast(tf.convert_to_tensor(index), splits.dtype)
    i = tf.where(i < 0, i + nrows, i)
    _util.require(tf.logical_and(i >= 0, i < nrows),
                  f"slice index {index} of dimension 0 out of bounds.")
    start, limit = splits[i], splits[i + 1]
    if isinstance(rt.values, RaggedTensor):
        return _contiguous(rt.values, start, limit)
    return tf.gather(rt.values, _util.arange(start, limit))


def _is_int(x) -> bool:
    if isinstance(x, int):
        return True
    dtype = getattr(x, "dtype", None)
    return dtype is not None and getattr(x, "ndim", 1) == 0 and tf.as_dtype(dtype).is_integer


def _slice_rows(rt: RaggedTensor, key: slice) -> RaggedTensor:
    if key == slice(None):
        return rt
    n = _util.static_dim(rt.row_splits, 0)
    known = _util.known(rt.row_splits)
    if known is not None:
        indices = range(*key.indices(len(known) - 1))
        if key.step in (None, 1):
            return _contiguous(rt, indices.start, max(indices.stop, indices.start))
        return gather_rows(rt, tf.constant(list(indices), rt.row_splits.dtype))
    if key.step not in (None, 1) or n is None and _negative(key):
        raise errors.InvalidArgumentError("RaggedTensor slices of a traced row count support "
                                          "step 1 and non-negative bounds only")
    nrows = rt.nrows()
    start = tf.minimum(tf.cast(key.start or 0, nrows.dtype), nrows)
    stop = nrows if key.stop is None else tf.minimum(tf.cast(key.stop, nrows.dtype), nrows)
    return _contiguous(rt, start, tf.maximum(stop, start))


def _negative(key: slice) -> bool:
    return any(isinstance(v, int) and v < 0 for v in (key.start, key.stop))


def _contiguous(rt: RaggedTensor, start, stop) -> RaggedTensor:
    """Rows start..stop - 1 (no gather: a slice of the splits and of the values)."""
    splits = rt.row_splits[start:stop + 1] if isinstance(start, int) else \
        tf.gather(rt.row_splits, _util.arange(start, stop + 1))
    first, last = splits[0], splits[-1]
    values = rt.values
    if isinstance(values, RaggedTensor):
        values = _contiguous(values, first, last)
    else:
        values = tf.gather(values, _util.arange(first, last))
    return RaggedTensor.from_row_splits(values, splits - first, validate=False)


def _index_rows(rt: RaggedTensor, key: tuple):
    """`key` applied inside every row: its first item to the ragged dimension."""
    first, rest = key[0], key[1:]
    if not isinstance(first, slice):
        raise ValueError("Cannot index into an inner ragged dimension.")  # noqa: TRY004 - TF
    if first.step not in (None, 1):
        raise ValueError("Slicing a ragged dimension with a step is not supported here")
    result = rt if first == slice(None) else _cut_rows(rt, first.start, first.stop)
    if not rest:
        return result
    values = result.values
    inner = (slice(None),) + rest
    if isinstance(values, RaggedTensor):
        return result.with_values(_index_rows(values, rest))
    return result.with_values(values[inner])


def _cut_rows(rt: RaggedTensor, start, stop) -> RaggedTensor:
    """Each row cut to row[start:stop] (Python slice rules per row)."""
    splits = rt.row_splits
    starts = splits[:-1]
    lengths = splits[1:] - starts
    lo = _bound(start, lengths, 0)
    hi = _bound(stop, lengths, None)
    return _take(rt.values, starts + lo, starts + tf.maximum(hi, lo))


def _bound(value, lengths, default):
    if value is None:
        return tf.zeros_like(lengths) if default == 0 else lengths
    v = tf.cast(value, lengths.dtype)
    v = tf.where(v < 0, v + lengths, tf.broadcast_to(v, tf.shape(lengths)))
    return tf.minimum(tf.maximum(v, 0), lengths)
