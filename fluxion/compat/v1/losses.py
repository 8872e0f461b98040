"""``tf.compat.v1.losses``: TF1's losses with weights and reductions (default
SUM_BY_NONZERO_WEIGHTS: the weighted sum divided by the number of non-zero weights).

Each loss is computed in float32 (as TF1 does) and cast back to the input dtype, and is added to
the LOSSES collection. Inside an Estimator the reduction used last is remembered: under a
distribution strategy, TF's v1 optimizers scale non-SUM losses by 1/replicas.
"""
from __future__ import annotations

import fluxion as tf
from fluxion.estimator import _graph

_COLLECTIONS: dict = {}  # collections outside any Estimator graph


class Reduction:
    """Types of loss reduction."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple:
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key) -> None:
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


def collections() -> dict:
    scope = _graph.current()
    return _COLLECTIONS if scope is None else scope.collections


def _num_present(losses, weights):
    present = tf.where(tf.equal(weights, 0.0), tf.zeros_like(weights), tf.ones_like(weights))
    present = tf.broadcast_to(present, tf.shape(losses))
    return tf.reduce_sum(present)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection="losses",
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`losses * weights` reduced by `reduction`."""
    Reduction.validate(reduction)
    losses = tf.convert_to_tensor(losses)
    input_dtype = losses.dtype
    losses = tf.cast(losses, tf.float32)
    weights = tf.cast(tf.convert_to_tensor(weights), tf.float32)
    weighted = tf.multiply(losses, weights)
    if reduction == Reduction.NONE:
        loss = weighted
    else:
        loss = tf.reduce_sum(weighted)
        if reduction == Reduction.MEAN:
            total = tf.reduce_sum(tf.broadcast_to(weights, tf.shape(losses)))
            loss = tf.math.divide_no_nan(loss, total)
        elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
            loss = tf.math.divide_no_nan(loss, tf.cast(tf.size(losses), tf.float32))
        elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
            loss = tf.math.divide_no_nan(loss, _num_present(losses, weights))
    loss = tf.cast(loss, input_dtype)
    add_loss(loss, loss_collection)
    graph = _graph.current()
    if graph is not None:
        graph.last_loss_reduction = reduction
    return loss


def add_loss(loss, loss_collection="losses") -> None:
    if loss_collection:
        collections().setdefault(loss_collection, []).append(loss)


def get_losses(scope=None, loss_collection="losses") -> list:
    return list(collections().get(loss_collection, []))


def get_regularization_losses(scope=None) -> list:
    return list(collections().get("regularization_losses", []))


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    losses = get_regularization_losses(scope)
    return tf.add_n(losses) if losses else tf.constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    losses = get_losses(scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope)
    if not losses:
        raise ValueError("No losses found in the collection.")
    return tf.add_n(losses)


def _squeeze_last(labels, logits, expected_rank_diff: int):
    """TF1's remove_squeezable_dimensions: drops a trailing 1 of labels when its rank is one
    more than expected."""
    if labels.shape.rank is not None and logits.shape.rank is not None and \
            labels.shape.rank - logits.shape.rank == 1 - expected_rank_diff and \
            labels.shape[-1] == 1:
        return tf.squeeze(labels, axis=-1)
    return labels


def _check_compatible(predictions, labels) -> None:
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection="losses",
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Cross entropy of integer class `labels` ([batch] or [batch, 1]) and `logits`."""
    if labels is None:
        raise ValueError("Argument `labels` must not be None.")
    if logits is None:
        raise ValueError("Argument `logits` must not be None.")
    labels, logits = tf.convert_to_tensor(labels), tf.convert_to_tensor(logits)
    labels = _squeeze_last(labels, logits, expected_rank_diff=1)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection="losses",
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    if onehot_labels is None:
        raise ValueError("Argument `onehot_labels` must not be None.")
    if logits is None:
        raise ValueError("Argument `logits` must not be None.")
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(onehot_labels, logits.dtype)
    _check_compatible(logits, labels)
    if label_smoothing > 0:
        classes = tf.cast(tf.shape(labels)[-1], logits.dtype)
        labels = labels * (1.0 - label_smoothing) + label_smoothing / classes
    losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0,
                          scope=None, loss_collection="losses",
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    if multi_class_labels is None:
        raise ValueError("Argument `multi_class_labels` must not be None.")
    if logits is None:
        raise ValueError("Argument `logits` must not be None.")
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(multi_class_labels, logits.dtype)
    _check_compatible(logits, labels)
    if label_smoothing > 0:
        labels = labels * (1.0 - label_smoothing) + 0.5 * label_smoothing
    losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def _regression(labels, predictions, name: str):
    if labels is None:
        raise ValueError("Argument `labels` must not be None.")
    if predictions is None:
        raise ValueError("Argument `predictions` must not be None.")
    predictions = tf.cast(predictions, tf.float32)
    labels = tf.cast(labels, tf.float32)
    _check_compatible(predictions, labels)
    return labels, predictions


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection="losses",
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    labels, predictions = _regression(labels, predictions, "mean_squared_error")
    losses = tf.math.squared_difference(predictions, labels)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection="losses",
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    labels, predictions = _regression(labels, predictions, "absolute_difference")
    losses = tf.abs(predictions - labels)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    labels, predictions = _regression(labels, predictions, "huber_loss")
    error = tf.abs(predictions - labels)
    quadratic = tf.minimum(error, delta)
    linear = error - quadratic
    losses = 0.5 * quadratic * quadratic + delta * linear
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    labels, predictions = _regression(labels, predictions, "log_loss")
    losses = -labels * tf.math.log(predictions + epsilon) - \
        (1.0 - labels) * tf.math.log(1.0 - predictions + epsilon)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection="losses",
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    labels, logits = _regression(labels, logits, "hinge_loss")
    signs = 2.0 * labels - 1.0
    losses = tf.nn.relu(1.0 - logits * signs)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


__all__ = ["Reduction", "absolute_difference", "add_loss", "compute_weighted_loss",
           "get_losses", "get_regularization_loss", "get_regularization_losses",
           "get_total_loss", "hinge_loss", "huber_loss", "log_loss", "mean_squared_error",
           "sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy"]
