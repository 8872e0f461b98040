"""Keras' confusion-matrix accumulation at thresholds (``metrics_utils``): true/false
positives/negatives per threshold, summed into variables.

Two algorithms, as in Keras: for evenly spaced thresholds (AUC's default) every prediction
falls in one bucket and a reversed cumulative sum gives the counts at every threshold, in
O(samples + thresholds); otherwise predictions are compared with each threshold.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.losses_base import (
    broadcast_like,
    convert,
    shape_of,
    squeeze_or_expand_to_same_rank,
)

TP, FP, TN, FN = "tp", "fp", "tn", "fn"
NEG_INF = -1e10


def to_list(x) -> list:
    if isinstance(x, (list, tuple)):
        return list(x)
    if isinstance(x, np.ndarray):
        return x.tolist()
    return [x]


def assert_thresholds_range(thresholds) -> None:
    if thresholds is not None:
        invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")


def parse_init_thresholds(thresholds, default_threshold=0.5) -> list:
    if thresholds is not None:
        assert_thresholds_range(to_list(thresholds))
    return to_list(default_threshold if thresholds is None else thresholds)


def is_evenly_distributed_thresholds(thresholds) -> bool:
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=backend.epsilon()))


def filter_top_k(x, k: int):
    """Keeps the k largest entries of the last axis; the others become -1e10."""
    _, idx = tf.math.top_k(x, k)
    mask = tf.reduce_sum(tf.one_hot(idx, shape_of(x)[-1], dtype=x.dtype), axis=-2)
    return x * mask + NEG_INF * (1.0 - mask)


def _label_and_weights(y_true, y_pred, sample_weight, label_weights, multi_label: bool):
    """Labels as 0/1 and the per-entry weights (None when all weigh 1), flattened unless
    multi-label."""
    weights = None
    if sample_weight is not None:
        weights = broadcast_like(tf.cast(sample_weight, y_pred.dtype), y_pred)
    if label_weights is not None:
        lw = broadcast_like(tf.expand_dims(tf.cast(label_weights, y_pred.dtype), 0), y_pred)
        weights = lw if weights is None else weights * lw
    labels = tf.cast(tf.cast(y_true, tf.bool), y_pred.dtype)
    if not multi_label:
        labels, y_pred = tf.reshape(labels, [-1]), tf.reshape(y_pred, [-1])
        weights = None if weights is None else tf.reshape(weights, [-1])
    return labels, y_pred, weights


def _counts_by_buckets(labels, y_pred, weights, num_thresholds: int, with_epsilon: bool,
                       multi_label: bool):
    """(tp, fp, positives, negatives) for evenly spaced thresholds (see module docstring)."""
    pos = labels if weights is None else labels * weights
    neg = (1.0 - labels) if weights is None else (1.0 - labels) * weights
    y_pred = tf.clip_by_value(y_pred, 0.0, 1.0)
    buckets = tf.math.ceil(y_pred * float(num_thresholds - 1)) - 1.0
    if with_epsilon:
        buckets = tf.nn.relu(buckets)
    buckets = tf.cast(buckets, tf.int32)
    segments = num_thresholds
    if multi_label:  # one range of buckets per label
        n_labels = shape_of(y_pred)[-1]
        offsets = tf.range(n_labels, dtype=tf.int32) * num_thresholds
        buckets = tf.where(buckets < 0, -tf.ones_like(buckets), buckets + offsets)
        segments = num_thresholds * n_labels
    counts = []
    for values in (pos, neg):
        summed = tf.math.unsorted_segment_sum(values, buckets, segments)
        if multi_label:
            summed = tf.reshape(summed, [-1, num_thresholds])
            counts.append(tf.transpose(tf.cumsum(summed, axis=1, reverse=True)))
        else:
            counts.append(tf.cumsum(summed, reverse=True))
    axis = 0 if multi_label else None
    return counts[0], counts[1], tf.reduce_sum(pos, axis=axis), tf.reduce_sum(neg, axis=axis)


def _counts_by_comparison(labels, y_pred, weights, thresholds, multi_label: bool):
    """(tp, fp, positives, negatives) comparing every prediction with every threshold."""
    shape = [-1] + [1] * len(shape_of(y_pred))
    above = tf.cast(tf.greater(tf.expand_dims(y_pred, 0), tf.reshape(thresholds, shape)),
                    y_pred.dtype)
    pos = labels if weights is None else labels * weights
    neg = (1.0 - labels) if weights is None else (1.0 - labels) * weights
    tp = tf.reduce_sum(above * pos, axis=1)
    fp = tf.reduce_sum(above * neg, axis=1)
    axis = 0 if multi_label else None
    return tp, fp, tf.reduce_sum(pos, axis=axis), tf.reduce_sum(neg, axis=axis)


def update_confusion_matrix_variables(variables_to_update: dict, y_true, y_pred, thresholds,
                                      top_k=None, class_id=None, sample_weight=None,
                                      multi_label=False, label_weights=None,
                                      thresholds_distributed_evenly=False) -> None:
    """Adds the weighted confusion counts at each threshold (prediction > threshold counts as
    positive; labels are positive when nonzero) to the variables keyed "tp", "fp", "tn",
    "fn". Multi-label data keeps one column per label."""
    if multi_label and label_weights is not None:
        raise ValueError("`label_weights` for multilabel data should be handled outside of "
                         "`update_confusion_matrix_variables` when `multi_label` is True.")
    if not variables_to_update:
        return
    invalid = [k for k in variables_to_update if k not in (TP, FP, TN, FN)]
    if invalid:
        raise ValueError(f'Invalid keys: "{invalid}". Valid variable key options are: '
                         f'"{[TP, FP, TN, FN]}"')
    dtype = next(iter(variables_to_update.values())).dtype
    y_true = tf.cast(convert(y_true), dtype)
    y_pred = tf.cast(convert(y_pred), dtype)
    thresholds = to_list(thresholds)
    with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = tf.expand_dims(tf.cast(convert(sample_weight), dtype), -1)
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight,
                                                          expand_rank_1=False)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if len(shape_of(y_pred)) == 1:
            raise ValueError(f"When class_id is provided, y_pred must be a 2D array with shape "
                             f"(num_samples, num_classes), found shape: {shape_of(y_pred)}")
        y_true = y_true[..., class_id:class_id + 1]
        y_pred = y_pred[..., class_id:class_id + 1]
    labels, preds, weights = _label_and_weights(y_true, y_pred, sample_weight, label_weights,
                                                multi_label)
    if thresholds_distributed_evenly:
        tp, fp, total_pos, total_neg = _counts_by_buckets(
            labels, preds, weights, len(thresholds), with_epsilon, multi_label)
    else:
        thr = tf.constant(np.asarray(thresholds), dtype)
        tp, fp, total_pos, total_neg = _counts_by_comparison(labels, preds, weights, thr,
                                                             multi_label)
    updates = {TP: lambda: tp, FP: lambda: fp, TN: lambda: total_neg - fp,
               FN: lambda: total_pos - tp}
    for key, variable in variables_to_update.items():
        variable.assign_add(updates[key]())


def confusion_matrix(labels, predictions, num_classes: int, weights=None, dtype="int32"):
    """The (num_classes, num_classes) matrix of summed weights at (label, prediction)."""
    labels = convert(labels, dtype)
    predictions = convert(predictions, dtype)
    labels, predictions = squeeze_or_expand_to_same_rank(labels, predictions)
    num_classes = int(num_classes)
    values = tf.ones_like(predictions) if weights is None else convert(weights, dtype)
    flat = tf.reshape(labels * num_classes + predictions, [-1])
    counts = tf.math.unsorted_segment_sum(tf.reshape(values, [-1]), tf.cast(flat, tf.int32),
                                          num_classes * num_classes)
    return tf.reshape(counts, [num_classes, num_classes])

