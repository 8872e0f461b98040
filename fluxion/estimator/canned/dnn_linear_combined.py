"""Wide & deep: `DNNLinearCombinedClassifier`, `DNNLinearCombinedRegressor`,
`DNNLinearCombinedEstimator`.

The logits are the sum of a linear model over `linear_feature_columns` ("linear/...") and a
DNN over `dnn_feature_columns` ("dnn/..."); each part trains with its own optimizer on the
same loss. As TF 2: 'Adagrad' for the DNN gets learning rate 0.001 and 'Ftrl' for the linear
part min(0.005, 1/sqrt(number of linear columns)).
"""
from __future__ import annotations

import fluxion as tf
from fluxion.estimator.canned import head as head_lib
from fluxion.estimator.canned import optimizers
from fluxion.estimator.canned._estimator_base import (
    Estimator,
    training_tape,
    validate_features,
)
from fluxion.estimator.canned.dnn import dnn_logits
from fluxion.estimator.canned.linear import linear_logits
from fluxion.estimator.model_fn import ModeKeys
from fluxion.keras.losses_base import Reduction

__all__ = ["DNNLinearCombinedClassifier", "DNNLinearCombinedEstimator",
           "DNNLinearCombinedRegressor"]


def _validate_feature_columns(linear_feature_columns, dnn_feature_columns) -> list:
    columns = list(linear_feature_columns or []) + list(dnn_feature_columns or [])
    if not columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be "
                         "defined.")
    return columns


def dnn_linear_combined_model_fn(features, labels, mode, head, linear_feature_columns=None,
                                 linear_optimizer="Ftrl", dnn_feature_columns=None,
                                 dnn_optimizer="Adagrad", dnn_hidden_units=None,
                                 dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
                                 batch_norm=False, linear_sparse_combiner="sum"):
    """The wide & deep model_fn: summed logits of both parts, the rest from `head`."""
    validate_features(features)
    if not linear_feature_columns and not dnn_feature_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be "
                         "defined.")
    if dnn_feature_columns and not dnn_hidden_units:
        raise ValueError("dnn_hidden_units must be defined when dnn_feature_columns is "
                         "specified.")
    training = mode == ModeKeys.TRAIN
    parts, logits = [], None
    with training_tape(mode) as tape:
        if dnn_feature_columns:
            logits, variables = dnn_logits(features, mode, head.logits_dimension,
                                           dnn_hidden_units, dnn_feature_columns,
                                           dnn_activation_fn, dnn_dropout, batch_norm)
            if training:
                parts.append((optimizers.fresh_optimizer(
                    dnn_optimizer, optimizers.COMBINED_DNN_LEARNING_RATE, "dnn"), variables))
        if linear_feature_columns:
            linear, variables = linear_logits(features, head.logits_dimension,
                                              linear_feature_columns, linear_sparse_combiner)
            logits = linear if logits is None else logits + linear
            if training:
                rate = optimizers.linear_default_learning_rate(
                    len(linear_feature_columns), optimizers.COMBINED_LINEAR_LEARNING_RATE)
                parts.append((optimizers.fresh_optimizer(linear_optimizer, rate, "linear"),
                              variables))
        if not training:
            return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                              logits=logits)
        return head.create_estimator_spec(
            features=features, mode=mode, labels=labels, logits=logits,
            train_op_fn=lambda loss: optimizers.minimize(tape, loss, parts,
                                                         head.loss_reduction))


class _CombinedBase(Estimator):
    def __init__(self, head, model_dir, linear_feature_columns, linear_optimizer,
                 dnn_feature_columns, dnn_optimizer, dnn_hidden_units, dnn_activation_fn,
                 dnn_dropout, config, warm_start_from, batch_norm,
                 linear_sparse_combiner) -> None:
        self._feature_columns = _validate_feature_columns(linear_feature_columns,
                                                          dnn_feature_columns)
        linear_columns = tuple(linear_feature_columns or [])
        dnn_columns = tuple(dnn_feature_columns or [])
        self._head = head

        def _model_fn(features, labels, mode, config):
            return dnn_linear_combined_model_fn(
                features, labels, mode, head, linear_columns, linear_optimizer, dnn_columns,
                dnn_optimizer, dnn_hidden_units, dnn_activation_fn, dnn_dropout, batch_norm,
                linear_sparse_combiner)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class DNNLinearCombinedClassifier(_CombinedBase):
    """Wide & deep classification; binary (sigmoid) or multi-class (softmax)."""

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl",
                 dnn_feature_columns=None, dnn_optimizer="Adagrad", dnn_hidden_units=None,
                 dnn_activation_fn=tf.nn.relu, dnn_dropout=None, n_classes=2,
                 weight_column=None, label_vocabulary=None, config=None,
                 warm_start_from=None, loss_reduction=Reduction.SUM_OVER_BATCH_SIZE,
                 batch_norm=False, linear_sparse_combiner="sum"):
        _validate_feature_columns(linear_feature_columns, dnn_feature_columns)
        head = head_lib.binary_or_multi_class_head(n_classes, weight_column, label_vocabulary,
                                                   loss_reduction)
        super().__init__(head, model_dir, linear_feature_columns, linear_optimizer,
                         dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
                         dnn_activation_fn, dnn_dropout, config, warm_start_from, batch_norm,
                         linear_sparse_combiner)


class DNNLinearCombinedRegressor(_CombinedBase):
    """Wide & deep regression (mean squared error)."""

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl",
                 dnn_feature_columns=None, dnn_optimizer="Adagrad", dnn_hidden_units=None,
                 dnn_activation_fn=tf.nn.relu, dnn_dropout=None, label_dimension=1,
                 weight_column=None, config=None, warm_start_from=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, batch_norm=False,
                 linear_sparse_combiner="sum"):
        _validate_feature_columns(linear_feature_columns, dnn_feature_columns)
        head = head_lib.RegressionHead(label_dimension=label_dimension,
                                       weight_column=weight_column,
                                       loss_reduction=loss_reduction)
        super().__init__(head, model_dir, linear_feature_columns, linear_optimizer,
                         dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
                         dnn_activation_fn, dnn_dropout, config, warm_start_from, batch_norm,
                         linear_sparse_combiner)


class DNNLinearCombinedEstimator(_CombinedBase):
    """Wide & deep with a user-given head."""

    def __init__(self, head, model_dir=None, linear_feature_columns=None,
                 linear_optimizer="Ftrl", dnn_feature_columns=None, dnn_optimizer="Adagrad",
                 dnn_hidden_units=None, dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
                 config=None, linear_sparse_combiner="sum"):
        super().__init__(head, model_dir, linear_feature_columns, linear_optimizer,
                         dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
                         dnn_activation_fn, dnn_dropout, config, None, False,
                         linear_sparse_combiner)
