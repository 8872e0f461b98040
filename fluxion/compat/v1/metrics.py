"""``tf.compat.v1.metrics``: streaming metrics as `(value, update_op)` pairs for
`EstimatorSpec.eval_metric_ops`.

Each call creates a Keras metric (its accumulators are local variables: never checkpointed,
zero at the start of every evaluate); `update_op` is the update recorded in the model_fn's
graph (its value is the metric after the update) and `value` is the metric's result. The
Estimator reads `value` after the last batch through the metric object. Like TF2, these
functions refuse to run eagerly outside an Estimator or `tf.function`.
"""
from __future__ import annotations

import fluxion as tf
from fluxion.core.op import STATE
from fluxion.estimator import _graph


def _check_graph(name: str) -> None:
    if _graph.current() is None and STATE.trace is None:
        raise RuntimeError(f"tf.metrics.{name} is not supported when eager execution is "
                           f"enabled.")


def _squeeze_to_match(labels, predictions):
    """TF1's remove_squeezable_dimensions: a trailing 1 on one side is dropped."""
    lr, pr = labels.shape.rank, predictions.shape.rank
    if lr is not None and pr is not None:
        if lr - pr == 1 and labels.shape[-1] == 1:
            labels = tf.squeeze(labels, axis=-1)
        elif pr - lr == 1 and predictions.shape[-1] == 1:
            predictions = tf.squeeze(predictions, axis=-1)
    return labels, predictions


def _pair(metric, update, value_fn=None):
    """(value, update_op) with `value` registered so the Estimator reads it at the end."""
    value = (value_fn or metric.result)()
    scope = _graph.current()
    if scope is not None:
        scope.value_fns[id(value)] = value_fn or metric.result
        scope.value_fns[id(update)] = value_fn or metric.result
        scope.collections.setdefault("metric_objects", []).append((metric, value, update))
    return value, update


def _weights(weights):
    return None if weights is None else tf.cast(weights, tf.float32)


def _update_mean(metric, values, weights):
    values = tf.cast(values, tf.float32)
    if weights is not None:
        weights = tf.broadcast_to(_weights(weights), tf.shape(values))
    metric.update_state(values, sample_weight=weights)
    return metric.result()


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of `values` over all batches."""
    _check_graph("mean")
    from fluxion.keras.metrics import Mean

    metric = Mean(name=name or "mean")
    update = _update_mean(metric, tf.convert_to_tensor(values), weights)
    return _pair(metric, update)


def accuracy(labels, predictions, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """How often `predictions` equals `labels`."""
    _check_graph("accuracy")
    from fluxion.keras.metrics import Mean

    labels, predictions = tf.convert_to_tensor(labels), tf.convert_to_tensor(predictions)
    labels, predictions = _squeeze_to_match(labels, predictions)
    if labels.dtype != predictions.dtype:
        predictions = tf.cast(predictions, labels.dtype)
    correct = tf.cast(tf.equal(labels, predictions), tf.float32)
    metric = Mean(name=name or "accuracy")
    update = _update_mean(metric, correct, weights)
    return _pair(metric, update)


def _confusion_metric(cls, labels, predictions, weights, name, **kwargs):
    labels, predictions = tf.convert_to_tensor(labels), tf.convert_to_tensor(predictions)
    labels, predictions = _squeeze_to_match(labels, predictions)
    metric = cls(name=name, **kwargs)
    metric.update_state(tf.cast(labels, tf.float32), tf.cast(predictions, tf.float32),
                        sample_weight=_weights(weights))
    return _pair(metric, metric.result())


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
        updates_collections=None, curve="ROC", name=None, summation_method="trapezoidal",
        thresholds=None):
    """Area under the ROC or PR curve from `num_thresholds` thresholds (Keras' AUC; for PR
    curves it uses the interpolated summation)."""
    _check_graph("auc")
    from fluxion.keras.metrics import AUC

    if summation_method not in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
        raise ValueError(f"Invalid summation_method: {summation_method}")
    method = summation_method if summation_method in ("minoring", "majoring") else \
        "interpolation"
    return _confusion_metric(AUC, labels, predictions, weights, name or "auc",
                             num_thresholds=num_thresholds, curve=curve,
                             summation_method=method, thresholds=thresholds)


def precision(labels, predictions, weights=None, metrics_collections=None,
              updates_collections=None, name=None):
    """true_positives / (true_positives + false_positives) of boolean predictions."""
    _check_graph("precision")
    from fluxion.keras.metrics import Precision

    return _confusion_metric(Precision, labels, predictions, weights, name or "precision")


def recall(labels, predictions, weights=None, metrics_collections=None,
           updates_collections=None, name=None):
    """true_positives / (true_positives + false_negatives) of boolean predictions."""
    _check_graph("recall")
    from fluxion.keras.metrics import Recall

    return _confusion_metric(Recall, labels, predictions, weights, name or "recall")


def _count(cls_name: str, labels, predictions, weights, name):
    from fluxion.keras import metrics as keras_metrics

    return _confusion_metric(getattr(keras_metrics, cls_name), labels, predictions, weights,
                             name)


def true_positives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    _check_graph("true_positives")
    return _count("TruePositives", labels, predictions, weights, name or "true_positives")


def false_positives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    _check_graph("false_positives")
    return _count("FalsePositives", labels, predictions, weights, name or "false_positives")


def true_negatives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    _check_graph("true_negatives")
    return _count("TrueNegatives", labels, predictions, weights, name or "true_negatives")


def false_negatives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    _check_graph("false_negatives")
    return _count("FalseNegatives", labels, predictions, weights, name or "false_negatives")


def _regression_inputs(labels, predictions):
    labels = tf.cast(labels, tf.float32)
    predictions = tf.cast(predictions, tf.float32)
    labels, predictions = _squeeze_to_match(labels, predictions)
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
    return labels, predictions


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    _check_graph("mean_squared_error")
    from fluxion.keras.metrics import Mean

    labels, predictions = _regression_inputs(labels, predictions)
    metric = Mean(name=name or "mean_squared_error")
    update = _update_mean(metric, tf.math.squared_difference(labels, predictions), weights)
    return _pair(metric, update)


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    _check_graph("mean_absolute_error")
    from fluxion.keras.metrics import Mean

    labels, predictions = _regression_inputs(labels, predictions)
    metric = Mean(name=name or "mean_absolute_error")
    update = _update_mean(metric, tf.abs(labels - predictions), weights)
    return _pair(metric, update)


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    _check_graph("root_mean_squared_error")
    from fluxion.keras.metrics import Mean

    labels, predictions = _regression_inputs(labels, predictions)
    metric = Mean(name=name or "root_mean_squared_error")
    update = tf.sqrt(_update_mean(metric, tf.math.squared_difference(labels, predictions),
                                  weights))
    return _pair(metric, update, lambda: tf.sqrt(metric.result()))


__all__ = ["accuracy", "auc", "false_negatives", "false_positives", "mean",
           "mean_absolute_error", "mean_squared_error", "precision", "recall",
           "root_mean_squared_error", "true_negatives", "true_positives"]
