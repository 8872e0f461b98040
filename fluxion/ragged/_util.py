"""Helpers shared by the ragged modules: values known now, runtime checks, row-partition math.

A RaggedTensor's row_splits may be tensors of a graph being traced (a `tf.function` or a
`Dataset.map` function): every computation on them here is made of graph ops, and checks made
now when their values are known (eager) become assert ops otherwise, as in fluxion.sparse.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core.op import STATE
from fluxion.ops import debug_ops


def known(t):
    """The NumPy value of tensor `t` when known now: always eagerly; while tracing, unless it
    depends on the function's inputs (None then: only the graph will know it)."""
    trace = STATE.trace
    if trace is not None and trace.is_dynamic_here(t):
        return None
    return np.asarray(t._value)


def static_dim(t, axis: int):
    """Dimension `axis` of `t` as the graph records it (None where it varies between runs)."""
    trace = STATE.trace
    if trace is not None:
        shape = trace.recorded_shape(t)
        if shape is not None:
            return shape[axis]
    return int(t._value.shape[axis])


def require(condition, message: str) -> None:
    """InvalidArgumentError(message) unless the bool tensor `condition` holds everywhere: now
    when it is known, else when the graph runs."""
    value = known(condition)
    if value is not None:
        if not np.all(value):
            raise errors.InvalidArgumentError(message)
        return
    debug_ops.assert_(tf.reduce_all(condition), items=(message,), summarize=3, form="assert",
                      message=message, relation="", eager=False)


def splits_tensor(row_splits, name: str = "row_splits"):
    """A row-partition tensor: int64 unless given as an int32 tensor (TF's rule)."""
    t = tf.convert_to_tensor(row_splits, dtype_hint=tf.int64)
    if t.dtype not in (tf.int32, tf.int64):
        if t.dtype.is_integer:
            t = tf.cast(t, tf.int64)
        else:
            raise ValueError(f"{name} must have dtype int32 or int64, got {t.dtype.name}")
    if t.ndim != 1:
        raise ValueError(f"Shape {t.shape} must have rank 1")
    return t


def nvals(values, dtype):
    """The number of rows of `values` (a tensor or a RaggedTensor) as a scalar of `dtype`."""
    if hasattr(values, "nrows"):
        return values.nrows(out_type=dtype)
    return tf.shape(values, out_type=dtype)[0]


def arange(start, limit=None, dtype=None):
    """tf.range as a vector of known rank: a traced range of unknown length has no inferred
    rank, and the rank is what later shape inference needs."""
    r = tf.range(start, limit, dtype=dtype) if limit is not None else tf.range(start,
                                                                                dtype=dtype)
    return tf.reshape(r, [-1])


def lengths_to_splits(lengths):
    zero = tf.zeros([1], lengths.dtype)
    return tf.concat([zero, tf.cumsum(lengths)], 0)


def rowids_from_splits(splits):
    """The row of each value: value j lies in row i when splits[i] <= j < splits[i + 1]."""
    positions = arange(splits[-1], dtype=splits.dtype)
    return tf.searchsorted(splits[1:], positions, side="right", out_type=splits.dtype)


def ragged_positions(starts, limits):
    """(rowids, positions): for each row r, the values starts[r] .. limits[r] - 1 in order
    (a ragged range), with the row each belongs to."""
    lengths = tf.maximum(limits - starts, 0)
    splits = lengths_to_splits(lengths)
    rowids = rowids_from_splits(splits)
    offsets = arange(splits[-1], dtype=splits.dtype) - tf.gather(splits, rowids)
    return rowids, tf.gather(starts, rowids) + offsets, splits


def default_of(dtype):
    return b"" if dtype == tf.string else tf.zeros([], dtype)
