"""``tf.nn.embedding_lookup_sparse`` / ``safe_embedding_lookup_sparse`` and
``tf.math.approx_max_k`` / ``approx_min_k``, composed of public ops (their gradients follow).

embedding_lookup_sparse combines the embeddings of each row's ids (weighted by `sp_weights`)
with segment ops over the rows, so, as TF's, its result has one row per row id up to the
largest present; the safe variant drops invalid ids (< 0) and non-positive weights, gives
empty rows `default_id`'s embedding (or zeros) and keeps every row of the dense shape.
"""
from __future__ import annotations

import fluxion as tf

__all__ = ["approx_max_k", "approx_min_k", "embedding_lookup_sparse",
           "safe_embedding_lookup_sparse"]

_COMBINERS = ("mean", "sqrtn", "sum")


def _check_combiner(combiner) -> str:
    combiner = "mean" if combiner is None else combiner
    if combiner not in _COMBINERS:
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner}")
    return combiner


def embedding_lookup_sparse(params, sp_ids, sp_weights, combiner=None, max_norm=None,
                            name=None, allow_fast_lookup=False):
    """Per row of `sp_ids` (a SparseTensor of ids, rank 2), the embeddings of its ids combined
    by `combiner` ("mean" by default, "sqrtn" or "sum"), weighted by `sp_weights`."""
    from fluxion.sparse import SparseTensor  # noqa: PLC0415

    combiner = _check_combiner(combiner)
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError(f"sp_ids must be SparseTensor, got {type(sp_ids).__name__}")
    if sp_weights is not None and not isinstance(sp_weights, SparseTensor):
        raise TypeError(f"sp_weights must be either None or SparseTensor, got "
                        f"{type(sp_weights).__name__}")
    rows = tf.cast(sp_ids.indices[:, 0], tf.int32)
    embeddings = tf.nn.embedding_lookup(params, sp_ids.values, max_norm=max_norm)
    if sp_weights is None:
        if combiner == "sum":
            return tf.math.segment_sum(embeddings, rows)
        if combiner == "mean":
            return tf.math.segment_mean(embeddings, rows)
        counts = tf.math.segment_sum(tf.ones_like(rows, embeddings.dtype), rows)
        return tf.math.divide_no_nan(tf.math.segment_sum(embeddings, rows),
                                     _column(tf.sqrt(counts), embeddings))
    weights = tf.cast(sp_weights.values, embeddings.dtype)
    total = tf.math.segment_sum(embeddings * _column(weights, embeddings), rows)
    if combiner == "sum":
        return total
    if combiner == "mean":  # rows without ids: 0, not 0 / 0
        return tf.math.divide_no_nan(total, _column(tf.math.segment_sum(weights, rows),
                                                    embeddings))
    return tf.math.divide_no_nan(
        total, _column(tf.sqrt(tf.math.segment_sum(weights * weights, rows)), embeddings))


def _column(values, like):
    """`values` [n] shaped to broadcast over the embedding dims of `like` [n, ...]."""
    return tf.reshape(values, tf.concat([tf.shape(values), tf.ones([tf.rank(like) - 1],
                                                                   tf.int32)], 0))


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None,
                                 combiner="mean", default_id=None, max_norm=None, name=None,
                                 allow_fast_lookup=False):
    """Like embedding_lookup_sparse, robust to invalid ids and empty rows; ids of any rank
    >= 2 (the result keeps the leading dims)."""
    combiner = _check_combiner(combiner)
    rank = sparse_ids.shape.rank
    batch_shape = sparse_ids.dense_shape[:-1]
    if rank is None or rank > 2:
        rows = tf.reduce_prod(batch_shape, keepdims=True)
        flat_shape = tf.concat([rows, sparse_ids.dense_shape[-1:]], 0)
        sparse_ids = tf.sparse.reshape(sparse_ids, flat_shape)
        if sparse_weights is not None:
            sparse_weights = tf.sparse.reshape(sparse_weights, flat_shape)
    keep = sparse_ids.values >= 0
    if sparse_weights is not None:
        keep = tf.logical_and(keep, sparse_weights.values > 0)
        sparse_weights = tf.sparse.retain(sparse_weights, keep)
    sparse_ids = tf.sparse.retain(sparse_ids, keep)
    sparse_ids, empty = tf.sparse.fill_empty_rows(sparse_ids, default_id or 0)
    if sparse_weights is not None:
        sparse_weights, _ = tf.sparse.fill_empty_rows(sparse_weights, 1.0)
    result = embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights,
                                     combiner=combiner, max_norm=max_norm)
    if default_id is None:
        result = tf.where(_column(empty, result), tf.zeros_like(result), result)
    out_shape = tf.concat([tf.cast(batch_shape, tf.int32), tf.shape(result)[1:]], 0)
    return tf.reshape(result, out_shape)


def _approx_k(operand, k, reduction_dimension, largest: bool):
    x = tf.convert_to_tensor(operand)
    axis = reduction_dimension % x.shape.rank
    perm = list(range(x.shape.rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    moved = x if axis == x.shape.rank - 1 else tf.transpose(x, perm)
    values, indices = tf.math.top_k(moved if largest else -moved, k=k)
    values = values if largest else -values
    if axis != x.shape.rank - 1:
        values, indices = tf.transpose(values, perm), tf.transpose(indices, perm)
    return values, indices


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The `k` largest values along `reduction_dimension` and their indices (exact here:
    recall 1.0, which meets any `recall_target`)."""
    return _approx_k(operand, k, reduction_dimension, True)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The `k` smallest values along `reduction_dimension` and their indices (exact)."""
    return _approx_k(operand, k, reduction_dimension, False)
