"""Baseline estimators: `BaselineClassifier`, `BaselineRegressor`, `BaselineEstimator`.

A baseline model ignores the feature values: its logits are one trainable bias per logit
("baseline/bias", zero-initialised) repeated over the batch, so training drives the
predictions towards the (weighted) label mean - the class frequencies for a classifier. As
TF 2's canned baselines: the batch size is the first dimension of the features (all but the
weight column, which must agree), an empty features dict is a ValueError, and an optimizer
given by name gets learning rate 0.3 (default 'Ftrl').
"""
from __future__ import annotations

import fluxion as tf
from fluxion.estimator.canned import head as head_lib
from fluxion.estimator.canned import optimizers
from fluxion.estimator.canned._estimator_base import Estimator, training_tape
from fluxion.estimator.model_fn import ModeKeys
from fluxion.feature_column.columns import NumericColumn
from fluxion.keras.losses_base import Reduction

__all__ = ["BaselineClassifier", "BaselineEstimator", "BaselineRegressor"]

LEARNING_RATE = 0.3  # TF's historical default for the baselines' named optimizers


def _weight_column_key(weight_column) -> str | None:
    if weight_column is None or isinstance(weight_column, str):
        return weight_column
    if not isinstance(weight_column, NumericColumn):
        raise TypeError(f"Weight column must be either a string or NumericColumn. "
                        f"Given type: {type(weight_column)}.")
    return weight_column.key


def _first_dim(feature):
    """The batch dimension of one feature, an int32 scalar tensor (from the runtime shape:
    a serving graph's static shapes may have been traced on a stand-in batch)."""
    from fluxion.sparse import SparseTensor

    if isinstance(feature, SparseTensor):
        return tf.cast(feature.dense_shape[0], tf.int32)
    return tf.shape(feature)[0]


def _batch_size(features, weight_key):
    """The features' common first dimension; the weight column is left out so that serving
    does not need it."""
    items = features.items() if isinstance(features, dict) else [(None, features)]
    batch_size = None
    for key, feature in items:
        if key is not None and key == weight_key:
            continue
        dim = _first_dim(feature)
        if batch_size is None:
            batch_size = dim
        else:
            tf.debugging.assert_equal(batch_size, dim, message="Batch size of features differs")
    if batch_size is None:
        raise ValueError("Baseline estimators need at least one feature (other than the "
                         "weight column) to take the batch size from; features is empty.")
    return batch_size


def baseline_logits(features, num_outputs: int, weight_column=None):
    """(logits float32 [batch, num_outputs], [bias]) for a fresh "baseline/bias"."""
    batch_size = _batch_size(features, _weight_column_key(weight_column))
    bias = tf.Variable(tf.zeros([num_outputs]), name="baseline/bias")
    logits = tf.math.multiply(bias, tf.ones(tf.stack([batch_size, num_outputs])))
    return logits, [bias]


def _baseline_model_fn(features, labels, mode, head, optimizer, weight_column=None,
                       loss_reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """The baseline model_fn. `loss_reduction` only decides whether the loss is divided by
    the replicas in sync: TF passes the classifier's own and the default for the others."""
    with training_tape(mode) as tape:
        logits, variables = baseline_logits(features, head.logits_dimension, weight_column)
        if mode != ModeKeys.TRAIN:
            return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                              logits=logits)
        opt = optimizers.fresh_optimizer(optimizer, LEARNING_RATE, "baseline")
        return head.create_estimator_spec(
            features=features, mode=mode, labels=labels, logits=logits,
            train_op_fn=lambda loss: optimizers.minimize(tape, loss, [(opt, variables)],
                                                         loss_reduction))


class BaselineClassifier(Estimator):
    """Predicts the class distribution seen in the labels, ignoring the features: binary
    (n_classes=2, sigmoid) or multi-class (softmax)."""

    def __init__(self, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None,
                 optimizer="Ftrl", config=None, loss_reduction=Reduction.SUM_OVER_BATCH_SIZE):
        head = head_lib.binary_or_multi_class_head(n_classes, weight_column, label_vocabulary,
                                                   loss_reduction)
        self._head = head

        def _model_fn(features, labels, mode, config):
            return _baseline_model_fn(features, labels, mode, head, optimizer, weight_column,
                                      loss_reduction)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)


class BaselineRegressor(Estimator):
    """Predicts the mean of the labels (each of `label_dimension` targets), ignoring the
    features; mean squared error loss."""

    def __init__(self, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl",
                 config=None, loss_reduction=Reduction.SUM_OVER_BATCH_SIZE):
        head = head_lib.RegressionHead(label_dimension=label_dimension,
                                       weight_column=weight_column,
                                       loss_reduction=loss_reduction)
        self._head = head

        def _model_fn(features, labels, mode, config):
            return _baseline_model_fn(features, labels, mode, head, optimizer)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)


class BaselineEstimator(Estimator):
    """A bias-only model with a user-given head: it learns the label mean the head's loss
    favours (class frequencies for a classification head)."""

    def __init__(self, head, model_dir=None, optimizer="Ftrl", config=None):
        self._head = head

        def _model_fn(features, labels, mode, config):
            return _baseline_model_fn(features, labels, mode, head, optimizer)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)
