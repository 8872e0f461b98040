"""Deep neural network estimators: `DNNClassifier`, `DNNRegressor`, `DNNEstimator`.

As TF 2's `_DNNModelV2`: the feature columns go through a DenseFeatures layer
("dnn/input_from_feature_columns/input_layer"), then each hidden layer is a glorot-uniform
Dense with `activation_fn` ("dnn/hiddenlayer_<i>"), followed - in training only - by dropout
of rate `dropout`, then, when `batch_norm`, BatchNormalization with momentum 0.999
("dnn/hiddenlayer_<i>/batchnorm_<i>", batch statistics in training, moving ones otherwise);
the logits layer ("dnn/logits") is linear. A named optimizer without a learning rate gets
its own default (Adagrad: 0.001), as TF 2's DNN estimators.
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
from fluxion.estimator.model_fn import ModeKeys
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import Reduction

__all__ = ["DNNClassifier", "DNNEstimator", "DNNRegressor"]


class DNNModel(Layer):
    """Feature columns -> hidden layers -> `units` logits."""

    def __init__(self, units: int, hidden_units, feature_columns, activation_fn=tf.nn.relu,
                 dropout=None, batch_norm: bool = False, name: str = "dnn") -> None:
        super().__init__(name=name)
        if not isinstance(units, int):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"units must be an int.  Given type: {type(units)}")
        self._input_layer = tf.feature_column.DenseFeatures(
            feature_columns, name=f"{name}/input_from_feature_columns/input_layer")
        self._dropout, self._batch_norm = dropout, batch_norm
        self._hidden, self._dropouts, self._norms = [], [], []
        for i, size in enumerate(hidden_units):
            scope = f"{name}/hiddenlayer_{i}"
            self._hidden.append(tf.keras.layers.Dense(
                units=int(size), activation=activation_fn,
                kernel_initializer="glorot_uniform", name=scope))
            if dropout is not None:
                self._dropouts.append(tf.keras.layers.Dropout(rate=dropout))
            if batch_norm:
                self._norms.append(tf.keras.layers.BatchNormalization(
                    momentum=0.999, name=f"{scope}/batchnorm_{i}"))
        self._logits = tf.keras.layers.Dense(units=units, activation=None,
                                             kernel_initializer="glorot_uniform",
                                             name=f"{name}/logits")

    def build(self, input_shape=None) -> None:
        # built up front: Keras' automatic build reads input shapes, which SparseTensor
        # features (parsed VarLenFeatures) only know at run time inside a graph
        self._input_layer.build(None)
        self.built = True

    def _convert_input(self, x):
        return x  # the features dict keeps its dtypes (and SparseTensors)

    def call(self, features, training=False):
        net = self._input_layer(features)
        for i, hidden in enumerate(self._hidden):
            net = hidden(net)
            if self._dropout is not None and training:
                net = self._dropouts[i](net, training=True)
            if self._batch_norm:
                net = self._norms[i](net, training=training)
        return self._logits(net)


def dnn_logits(features, mode, units: int, hidden_units, feature_columns, activation_fn,
               dropout, batch_norm):
    """(logits, trainable variables) of a fresh "dnn" model."""
    model = DNNModel(units, hidden_units, feature_columns, activation_fn, dropout, batch_norm)
    model.build(None)
    logits = model(features, training=mode == ModeKeys.TRAIN)
    return logits, list(model.trainable_variables)


def dnn_model_fn(features, labels, mode, head, hidden_units, feature_columns,
                 optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None,
                 batch_norm=False):
    """The DNN model_fn: logits from the DNN, the rest from `head`."""
    validate_features(features)
    with training_tape(mode) as tape:
        logits, variables = dnn_logits(features, mode, head.logits_dimension, hidden_units,
                                       feature_columns, activation_fn, dropout, batch_norm)
        if mode != ModeKeys.TRAIN:
            return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                              logits=logits)
        opt = optimizers.fresh_optimizer(optimizer, optimizers.DNN_LEARNING_RATE, "dnn")
        return head.create_estimator_spec(
            features=features, mode=mode, labels=labels, logits=logits,
            train_op_fn=lambda loss: optimizers.minimize(tape, loss, [(opt, variables)],
                                                         head.loss_reduction))


class _DNNBase(Estimator):
    def __init__(self, head, hidden_units, feature_columns, model_dir, optimizer,
                 activation_fn, dropout, config, warm_start_from, batch_norm) -> None:
        columns = tuple(feature_columns or [])
        self._head = head

        def _model_fn(features, labels, mode, config):
            return dnn_model_fn(features, labels, mode, head, hidden_units, columns,
                                optimizer, activation_fn, dropout, batch_norm)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class DNNClassifier(_DNNBase):
    """A feed-forward network classifier; binary (sigmoid) or multi-class (softmax)."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2,
                 weight_column=None, label_vocabulary=None, optimizer="Adagrad",
                 activation_fn=tf.nn.relu, dropout=None, config=None, warm_start_from=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, batch_norm=False):
        head = head_lib.binary_or_multi_class_head(n_classes, weight_column, label_vocabulary,
                                                   loss_reduction)
        super().__init__(head, hidden_units, feature_columns, model_dir, optimizer,
                         activation_fn, dropout, config, warm_start_from, batch_norm)


class DNNRegressor(_DNNBase):
    """A feed-forward network regressor (mean squared error)."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1,
                 weight_column=None, optimizer="Adagrad", activation_fn=tf.nn.relu,
                 dropout=None, config=None, warm_start_from=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, batch_norm=False):
        head = head_lib.RegressionHead(label_dimension=label_dimension,
                                       weight_column=weight_column,
                                       loss_reduction=loss_reduction)
        super().__init__(head, hidden_units, feature_columns, model_dir, optimizer,
                         activation_fn, dropout, config, warm_start_from, batch_norm)


class DNNEstimator(_DNNBase):
    """A feed-forward network with a user-given head."""

    def __init__(self, head, hidden_units, feature_columns, model_dir=None,
                 optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None, config=None,
                 warm_start_from=None, batch_norm=False):
        super().__init__(head, hidden_units, feature_columns, model_dir, optimizer,
                         activation_fn, dropout, config, warm_start_from, batch_norm)
