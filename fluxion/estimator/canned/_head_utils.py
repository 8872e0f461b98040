"""Shared pieces of the canned heads: label, logits and weight checks, the weighted loss
reduction, label-vocabulary lookups, class tables and the accuracy-baseline metric.

Checks follow TF's heads: shapes known statically are checked at once (ValueError); label
ranges are checked eagerly (ValueError) and with `tf.debugging` assertions in graphs.
"""
from __future__ import annotations

import inspect

import fluxion as tf
from fluxion.keras.losses_base import Reduction
from fluxion.keras.metrics.base import Metric

LABEL_NONE_MSG = (
    "You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check "
    "that your data contains your label feature. Check that your input_fn properly parses "
    "and returns labels.")
_SPARSE_LABEL_MSG = (
    "SparseTensor labels are not supported. Labels must be a Tensor of shape "
    "[D0, D1, ..., DN, {0}], e.g. [batch_size, {0}].Suggested Fix (1): Check the label "
    "feature in your data. Each example must contain {0} value(s). If not, your choice of "
    "label was probably incorrect. Suggested Fix (2): In your input_fn, use "
    "tf.sparse_tensor_to_dense() to turn labels into a Tensor.")
_MISMATCHED_DIM_MSG = (
    "Mismatched label shape. Expected labels dimension={}.  Received {}. Suggested Fix: If "
    "your classifier expects one-hot encoding label, check your n_classes argument to the "
    "estimator and/or the shape of your label. Otherwise, check the shape of your label.")
_LABEL_SHAPE_MSG = (
    "labels shape must be [D0, D1, ... DN, {}]. Suggested Fix: check your n_classes argument "
    "to the head and/or the shape of your label.")


def _dims(shape) -> tuple | None:
    return None if shape.rank is None else tuple(shape.as_list())


def _compatible(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def check_logits_final_dim(logits, expected_dim: int):
    """float32 logits of shape [D0, ... DN, expected_dim] (ValueError otherwise)."""
    logits = tf.cast(tf.convert_to_tensor(logits), tf.float32)
    dims = _dims(logits.shape)
    if dims is not None and len(dims) < 2:
        raise ValueError(f"logits must have rank at least 2.  Received rank {len(dims)}, "
                         f"shape {dims}")
    if dims is not None and dims[-1] is not None and dims[-1] != expected_dim:
        raise ValueError(f"logits shape must be [D0, D1, ... DN, logits_dimension], got "
                         f"{logits.shape}.")
    return logits


def check_dense_labels(labels, logits, expected_dim: int):
    """Labels as a dense tensor shaped like logits but with last dim `expected_dim`; a label
    tensor one rank short gets a trailing dim of 1."""
    from fluxion.sparse import SparseTensor

    if labels is None:
        raise ValueError(LABEL_NONE_MSG)
    if isinstance(labels, SparseTensor):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            _SPARSE_LABEL_MSG.format(expected_dim))
    labels = tf.convert_to_tensor(labels)
    label_dims, logit_dims = _dims(labels.shape), _dims(logits.shape)
    if label_dims is not None and logit_dims is not None and \
            len(label_dims) == len(logit_dims) - 1:
        labels = tf.expand_dims(labels, -1)
        label_dims = (*label_dims, 1)
    if label_dims is None:
        return labels
    if len(label_dims) < 2:
        raise ValueError(f"labels must have rank at least 2.  Received rank {len(label_dims)}, "
                         f"shape {label_dims}")
    if label_dims[-1] is not None and label_dims[-1] != expected_dim:
        raise ValueError(_MISMATCHED_DIM_MSG.format(expected_dim, label_dims[-1]))
    if logit_dims is not None:
        expected = (*logit_dims[:-1], expected_dim)
        if not _compatible(expected, label_dims):
            raise ValueError(f"{_LABEL_SHAPE_MSG.format(expected_dim)}, expected_labels_shape: "
                             f"{expected}. labels_shape: {label_dims}.")
    return labels


def check_label_range(labels, n_classes: int, message: str | None = None):
    """Labels in [0, n_classes): ValueError eagerly, assertions when traced."""
    if tf.executing_eagerly():
        values = labels.numpy()
        if (values > n_classes - 1).any():
            raise ValueError(message or f"Labels must be <= {n_classes} - 1")
        if (values < 0).any():
            raise ValueError(message or "Labels must be >= 0")
        return labels
    tf.debugging.assert_less_equal(labels, tf.cast(n_classes - 1, labels.dtype),
                                   message=message or "Labels must be <= n_classes - 1")
    tf.debugging.assert_non_negative(labels, message=message or "Labels must be >= 0")
    return labels


def get_weights(features: dict, weight_column, logits, allow_per_logit: bool = False):
    """The example weights float32 [D0, ... DN, 1] (or per logit when allowed), or None
    when there is no weight column."""
    from fluxion.feature_column.columns import NumericColumn

    if weight_column is None:
        return None
    if isinstance(weight_column, str):
        weight_column = tf.feature_column.numeric_column(key=weight_column, shape=(1,))
    if not isinstance(weight_column, NumericColumn):
        raise TypeError(f"Weight column must be either a string or NumericColumn. Given type: "
                        f"{type(weight_column)}.")
    weights = tf.cast(weight_column.get_dense_tensor(features, {}), tf.float32)
    err = ("weights shape must be [D0, D1, ... DN], [D0, D1, ... DN, 1] or "
           "[D0, D1, ... DN, logits_dimension]" if allow_per_logit else
           "weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1]")
    w_dims, l_dims = _dims(weights.shape), _dims(logits.shape)
    if w_dims is None or l_dims is None:
        return weights
    if len(w_dims) == len(l_dims) - 1:
        if not _compatible(l_dims[:-1], w_dims):
            raise ValueError(f"{err}, logits_shape: {l_dims}. weights_shape: {w_dims}.")
        return tf.expand_dims(weights, -1)
    allowed = [(*l_dims[:-1], 1)] + ([l_dims] if allow_per_logit else [])
    if not any(_compatible(a, w_dims) for a in allowed):
        raise ValueError(f"{err}, logits_shape: {l_dims}. weights_shape: {w_dims}.")
    return weights


def validate_loss_reduction(loss_reduction) -> None:
    if loss_reduction not in Reduction.all() or loss_reduction == Reduction.NONE:
        raise ValueError(f"Invalid loss_reduction: {loss_reduction}. See `tf.losses.Reduction` "
                         f"for valid options.")


def compute_weighted_loss(unweighted, weights, reduction: str):
    """Keras' weighted reduction: the sum of loss * weight, divided by the number of loss
    elements for SUM_OVER_BATCH_SIZE (and AUTO)."""
    weighted = unweighted if weights is None else unweighted * weights
    total = tf.reduce_sum(weighted)
    if reduction == Reduction.SUM:
        return total
    return tf.math.divide_no_nan(total, tf.cast(tf.size(weighted), tf.float32))


def validate_loss_fn_args(loss_fn) -> None:
    args = set(inspect.signature(loss_fn).parameters)
    for required in ("labels", "logits"):
        if required not in args:
            raise ValueError(f"loss_fn must contain argument: {required}. Given arguments: "
                             f"{sorted(args)}")
    extra = args - {"labels", "logits", "features", "loss_reduction"}
    if extra:
        raise ValueError(f"loss_fn has unexpected args: {sorted(extra)}")


def call_loss_fn(loss_fn, labels, logits, features, expected_dim: int):
    """A custom loss_fn's unweighted loss, checked to be [D0, ... DN, expected_dim]."""
    kwargs = {"features": features} if "features" in inspect.signature(loss_fn).parameters \
        else {}
    loss = loss_fn(labels=labels, logits=logits, **kwargs)
    got, l_dims = _dims(loss.shape), _dims(logits.shape)
    if got is not None and l_dims is not None and \
            not _compatible((*l_dims[:-1], expected_dim), got):
        raise ValueError(f"loss_fn must return Tensor of shape [D0, D1, ... DN, {expected_dim}]. "
                         f"logits_shape: {l_dims} loss_shape: {got}")
    return loss


def lookup_class_ids(labels, vocabulary):
    """int64 position of each string label in `vocabulary`, -1 when absent."""
    table = tf.constant(list(vocabulary), dtype=tf.string)
    hits = tf.equal(tf.expand_dims(labels, -1), table)
    index = tf.argmax(tf.cast(hits, tf.int32), axis=-1, output_type=tf.int64)
    return tf.where(tf.reduce_any(hits, axis=-1), index, tf.constant(-1, tf.int64))


def class_names(n_classes: int, vocabulary=None) -> list:
    return list(vocabulary) if vocabulary else [str(i) for i in range(n_classes)]


def class_strings(class_ids, n_classes: int, vocabulary=None):
    """The class name of each id: its vocabulary entry, else its decimal string (as
    TF's `as_string` of the id)."""
    return tf.gather(tf.constant(class_names(n_classes, vocabulary)), class_ids)


def all_class_ids(logits, n_classes: int):
    """int32 [batch, n_classes]: 0..n_classes-1 on every row."""
    return tf.zeros_like(logits[:, :1], dtype=tf.int32) + tf.range(n_classes)


def all_classes(logits, n_classes: int, vocabulary=None):
    """string [batch, n_classes]: every class name on every row."""
    return class_strings(all_class_ids(logits, n_classes), n_classes, vocabulary)


def update_with_broadcast_weights(metric, values, weights) -> None:
    values = tf.cast(values, tf.float32)
    if weights is not None:
        weights = weights + tf.zeros_like(values)
    metric.update_state(values, sample_weight=weights)


class AccuracyBaseline(Metric):
    """The accuracy of always predicting the majority class: max(mean, 1 - mean) of the
    labels, read from the head's `label/mean` metric (so it has no state of its own)."""

    def __init__(self, label_mean, name: str = "accuracy_baseline") -> None:
        super().__init__(name=name)
        object.__setattr__(self, "_label_mean", label_mean)  # not a tracked sub-metric

    def update_state(self, *args, **kwargs) -> None:
        pass

    def result(self):
        total, count = self._label_mean.total, self._label_mean.count
        return tf.math.divide_no_nan(tf.maximum(total, count - total), count)


def active_tape():
    """The innermost recording GradientTape, or None. Fluxion differentiates with tapes
    only, so a head given an optimizer takes gradients from the tape its logits were
    computed under."""
    from fluxion.core.op import STATE

    return STATE.tapes[-1] if STATE.tapes else None
