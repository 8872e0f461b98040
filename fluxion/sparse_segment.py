"""``tf.sparse.segment_sum`` / ``segment_mean`` / ``segment_sqrt_n`` (rows of `data` picked by
`indices`, reduced by sorted `segment_ids`), ``tf.sparse.bincount`` and ``tf.sparse.mask``.

The segment reductions are compositions of gather and segment sums, so they trace and their
gradients reach `data` (densely; `sparse_gradient` is accepted and ignored). bincount's kernel
is the primitive below (counts have no gradient).
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.sparse import SparseTensor, _known

__all__ = ["bincount", "mask", "segment_mean", "segment_sqrt_n", "segment_sum"]


def _check(data, indices, segment_ids, num_segments, op: str) -> None:
    """TF's checks, where the values are known now (eager, or constants while tracing)."""
    ids, idx = _known(segment_ids), _known(indices)
    if ids is None or idx is None:
        return
    if ids.shape != idx.shape:
        raise errors.InvalidArgumentError(
            f"segment_ids and indices should have same size. [Op:{op}]")
    rows = data.shape[0]
    bad = np.flatnonzero((idx < 0) | (idx >= rows)) if rows is not None else []
    if len(bad):
        raise errors.InvalidArgumentError(
            f"Bad: indices[{bad[0]}] == {idx[bad[0]]} out of range [0, {rows}) [Op:{op}]")
    if np.any(np.diff(ids) < 0) or (len(ids) and ids[0] < 0):
        raise errors.InvalidArgumentError(f"segment ids are not increasing [Op:{op}]")
    if num_segments is not None and len(ids) and ids[-1] >= int(num_segments):
        raise errors.InvalidArgumentError(f"segment ids must be < num_segments [Op:{op}]")


def _segment_sums(values, segment_ids, num_segments):
    if num_segments is None:
        return tf.math.segment_sum(values, segment_ids)
    return tf.math.unsorted_segment_sum(values, segment_ids, num_segments)


def _reduce(data, indices, segment_ids, num_segments, kind: str):
    data = tf.convert_to_tensor(data)
    op = {"sum": "SparseSegmentSum", "mean": "SparseSegmentMean",
          "sqrt_n": "SparseSegmentSqrtN"}[kind]
    if kind != "sum" and not data.dtype.is_floating:
        raise errors.InvalidArgumentError(
            f"Value for attr 'T' of {data.dtype.name} is not in the list of allowed values: "
            f"bfloat16, half, float, double [Op:{op}]")
    indices, segment_ids = tf.convert_to_tensor(indices), tf.convert_to_tensor(segment_ids)
    if num_segments is not None:
        num_segments = int(np.asarray(tf.get_static_value(num_segments)))
        op += "WithNumSegments"
    _check(data, indices, segment_ids, num_segments, op)
    sums = _segment_sums(tf.gather(data, indices), segment_ids, num_segments)
    if kind == "sum":
        return sums
    counts = _segment_sums(tf.ones_like(segment_ids, dtype=data.dtype), segment_ids,
                           num_segments)
    counts = tf.maximum(counts, tf.ones_like(counts))
    shape = tf.concat([tf.shape(counts), tf.ones([data.shape.rank - 1], tf.int32)], 0)
    if kind == "sqrt_n":  # as TF: times 1/sqrt(n), which rounds differently from / sqrt(n)
        return sums * tf.reshape(tf.math.rsqrt(counts), shape)
    return sums / tf.reshape(counts, shape)


def segment_sum(data, indices, segment_ids, num_segments=None, name=None,
                sparse_gradient=False):
    """Sums of the rows data[indices] over sorted `segment_ids` (empty segments are 0)."""
    return _reduce(data, indices, segment_ids, num_segments, "sum")


def segment_mean(data, indices, segment_ids, num_segments=None, name=None,
                 sparse_gradient=False):
    """Means of the rows data[indices] over sorted `segment_ids` (empty segments are 0)."""
    return _reduce(data, indices, segment_ids, num_segments, "mean")


def segment_sqrt_n(data, indices, segment_ids, num_segments=None, name=None,
                   sparse_gradient=False):
    """Sums of the rows data[indices] over sorted `segment_ids`, divided by sqrt(count)."""
    return _reduce(data, indices, segment_ids, num_segments, "sqrt_n")


# --- bincount --------------------------------------------------------------------------------
def _bincount_kernel(xp, indices, values, weights, dense_shape, size, binary_output, per_row):
    keep = (values >= 0) & (values < size)
    rows = indices[:, 0] if per_row else np.zeros(len(values), np.int64)
    rows, bins = rows[keep].astype(np.int64), values[keep].astype(np.int64)
    w = weights[keep] if weights.size else np.ones(len(bins), values.dtype)
    n_rows = int(dense_shape[0]) if per_row else 1
    keys = rows * size + bins
    unique, inverse = np.unique(keys, return_inverse=True)
    totals = np.zeros(len(unique), w.dtype)
    np.add.at(totals, inverse.reshape(-1), w)
    if binary_output:
        totals = np.ones(len(unique), w.dtype)
    coords = np.stack([unique // size, unique % size], 1) if per_row else (unique % size)[:, None]
    shape = np.array([n_rows, size] if per_row else [size], np.int64)
    return coords.astype(np.int64), totals, shape


def _infer_bincount(indices, values, weights, dense_shape, size, binary_output, per_row):
    dtype = weights.dtype if weights.shape != (0,) else values.dtype
    return (Spec((None, 2 if per_row else 1), dtypes.int64), Spec((None,), dtype),
            Spec((2 if per_row else 1,), dtypes.int64))


_sparse_bincount = defop("sparse_bincount", _bincount_kernel, num_outputs=3, same_dtype=0,
                         infer=_infer_bincount, tf_name="SparseBincount")


def bincount(values, weights=None, axis=0, minlength=None, maxlength=None,
             binary_output=False, name=None) -> SparseTensor:
    """Counts (or summed `weights`) of each non-negative int value, as a SparseTensor: over all
    values (axis 0) or per row of a rank-2 input (axis -1); bins >= maxlength are dropped."""
    if isinstance(values, SparseTensor):
        sp = values
    else:  # every entry of a dense tensor, in row-major order
        t = tf.convert_to_tensor(values)
        sp = SparseTensor(tf.where(tf.ones_like(t, dtype=tf.bool)), tf.reshape(t, [-1]),
                          tf.shape(t, out_type=tf.int64))
    if axis not in (0, -1):
        raise errors.InvalidArgumentError(f"Unsupported axis value {axis}. Only 0 and -1 are "
                                          f"currently supported.")
    per_row = axis == -1 and sp.shape.rank != 1
    vals = _known(sp.values)
    size = int(vals.max(initial=-1)) + 1 if vals is not None else None
    if size is None:
        raise errors.InvalidArgumentError("tf.sparse.bincount needs values known at trace time")
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    if weights is None:
        w = tf.zeros([0], sp.values.dtype)
    elif isinstance(weights, SparseTensor):
        w = weights.values
    else:
        w = tf.reshape(tf.convert_to_tensor(weights), [-1])
    indices, counts, shape = _sparse_bincount(
        sp.indices, sp.values, w, sp.dense_shape, size=size, binary_output=bool(binary_output),
        per_row=bool(per_row))
    return SparseTensor(indices, counts, shape)


# --- mask ------------------------------------------------------------------------------------
def mask(a, mask_indices, name=None):
    """The IndexedSlices `a` without the rows whose index is in `mask_indices`."""
    from fluxion.extras import IndexedSlices  # noqa: PLC0415

    indices = tf.convert_to_tensor(a.indices)
    masked = tf.cast(tf.convert_to_tensor(mask_indices), indices.dtype)
    hit = tf.reduce_any(tf.equal(indices[:, None], masked[None, :]), axis=1)
    keep = tf.reshape(tf.where(tf.logical_not(hit)), [-1])
    return IndexedSlices(tf.gather(a.values, keep), tf.gather(indices, keep), a.dense_shape)
