"""Linear estimators: `LinearClassifier`, `LinearRegressor`, `LinearEstimator`.

The linear model gives every feature column a weight matrix and sums the columns'
contributions plus a bias (TF's `LinearModel`, variables "linear/linear_model/<column>/weights"
and ".../bias_weights", all zero-initialised). A categorical column (bucketized included)
contributes the rows of its weights for its ids, combined per example by `sparse_combiner`
("sum", "mean" or "sqrtn"); a dense column contributes `dense_tensor @ weights`. The default
optimizer is FTRL: 'Ftrl' gets learning rate 0.2, and `optimizer=None` gets
min(0.2, 1/sqrt(number of columns)), as TF 2's canned linear estimators.
"""
from __future__ import annotations

import re

import fluxion as tf
from fluxion.estimator.canned import head as head_lib
from fluxion.estimator.canned import optimizers
from fluxion.estimator.canned._estimator_base import (
    Estimator,
    training_tape,
    validate_features,
)
from fluxion.estimator.model_fn import ModeKeys
from fluxion.feature_column.columns import CategoricalColumn, DenseColumn
from fluxion.feature_column.dense import _combine
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import Reduction

__all__ = ["LinearClassifier", "LinearEstimator", "LinearModel", "LinearRegressor"]


def _scope_name(column_name: str) -> str:
    """A column name usable inside a variable path (TF's sanitising of scope names)."""
    return re.sub(r"[^A-Za-z0-9_.\-/]", "_", column_name)


def _check_columns(feature_columns) -> tuple:
    columns = tuple(sorted(feature_columns, key=lambda c: c.name))
    for column in columns:
        if not isinstance(column, (DenseColumn, CategoricalColumn)):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"Items of feature_columns must be either a DenseColumn or "
                f"CategoricalColumn. Given: {column}")
    return columns


class LinearModel(Layer):
    """`sum over columns of (column contribution) + bias`, float32 [batch, units]."""

    def __init__(self, feature_columns, units: int = 1, sparse_combiner: str = "sum",
                 trainable: bool = True, name: str | None = None, **kwargs) -> None:
        super().__init__(trainable=trainable, name=name, **kwargs)
        if sparse_combiner not in ("sum", "mean", "sqrtn"):
            raise ValueError(f"sparse_combiner must be one of 'sum', 'mean', 'sqrtn'. "
                             f"Given: {sparse_combiner}")
        self._feature_columns = _check_columns(feature_columns)
        self._units, self._sparse_combiner = int(units), sparse_combiner
        self._weights: dict = {}
        self._column_state: dict = {}
        self.bias = None

    def build(self, input_shape=None) -> None:
        for column in self._feature_columns:
            if isinstance(column, CategoricalColumn):
                rows = column.num_buckets
            else:
                self._column_state[column.name] = column.create_weights(self)
                rows = column.variable_shape.num_elements()
            self._weights[column.name] = self.add_weight(
                name=f"{_scope_name(column.name)}/weights", shape=(rows, self._units),
                initializer="zeros", dtype="float32", trainable=self.trainable)
        self.bias = self.add_weight(name="bias_weights", shape=(self._units,),
                                    initializer="zeros", dtype="float32",
                                    trainable=self.trainable)
        self.built = True

    def _convert_input(self, x):
        return x  # the features dict keeps its dtypes (and SparseTensors)

    def call(self, features):
        if not isinstance(features, dict):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"We expected a dictionary here. Instead we got: {features}")
        total = None
        for column in self._feature_columns:
            weights = self._weights[column.name]
            if isinstance(column, CategoricalColumn):
                ids, id_weights = column.get_ids(features)
                part = _combine(weights, ids, id_weights, self._sparse_combiner)
            else:
                dense = column.get_dense_tensor(features, self._column_state)
                part = tf.matmul(dense, weights)
            total = part if total is None else total + part
        return tf.nn.bias_add(total, self.bias)

    @property
    def feature_weights(self) -> dict:
        """Column name -> its weights variable (the bias excluded)."""
        return dict(self._weights)


def linear_logits(features, units: int, feature_columns, sparse_combiner: str = "sum"):
    """(logits, trainable variables) of a fresh "linear/linear_model"."""
    model = LinearModel(feature_columns, units=units, sparse_combiner=sparse_combiner,
                        name="linear/linear_model")
    model.build(None)  # not from input shapes: SparseTensor features have none when traced
    logits = model(features)
    return logits, list(model.trainable_variables)


def _linear_model_fn(features, labels, mode, head, feature_columns, optimizer,
                     sparse_combiner="sum"):
    """The linear model_fn: logits from the linear model, the rest from `head`."""
    validate_features(features)
    with training_tape(mode) as tape:
        logits, variables = linear_logits(features, head.logits_dimension, feature_columns,
                                          sparse_combiner)
        if mode != ModeKeys.TRAIN:
            return head.create_estimator_spec(features=features, mode=mode, labels=labels,
                                              logits=logits)
        if optimizer is None:
            opt = optimizers.fresh_optimizer(
                "Ftrl", optimizers.linear_default_learning_rate(len(feature_columns)),
                "linear")
        else:
            opt = optimizers.fresh_optimizer(optimizer, optimizers.LINEAR_LEARNING_RATE,
                                             "linear")
        return head.create_estimator_spec(
            features=features, mode=mode, labels=labels, logits=logits,
            train_op_fn=lambda loss: optimizers.minimize(tape, loss, [(opt, variables)],
                                                         head.loss_reduction))


def _check_sdca(optimizer) -> None:
    if type(optimizer).__name__ == "LinearSDCA":
        raise NotImplementedError("Fluxion's linear estimators do not implement LinearSDCA; "
                                  "use a gradient optimizer such as 'Ftrl'.")


class _LinearBase(Estimator):
    def __init__(self, head, feature_columns, model_dir, optimizer, config, warm_start_from,
                 sparse_combiner) -> None:
        _check_sdca(optimizer)
        columns = tuple(feature_columns or [])
        self._head = head

        def _model_fn(features, labels, mode, config):
            return _linear_model_fn(features, labels, mode, head, columns, optimizer,
                                    sparse_combiner)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class LinearClassifier(_LinearBase):
    """Linear classification; binary (n_classes=2, sigmoid) or multi-class (softmax)."""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Ftrl", config=None, warm_start_from=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, sparse_combiner="sum"):
        head = head_lib.binary_or_multi_class_head(n_classes, weight_column, label_vocabulary,
                                                   loss_reduction)
        super().__init__(head, feature_columns, model_dir, optimizer, config, warm_start_from,
                         sparse_combiner)


class LinearRegressor(_LinearBase):
    """Linear regression with mean squared error over `label_dimension` targets."""

    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Ftrl", config=None, warm_start_from=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, sparse_combiner="sum"):
        head = head_lib.RegressionHead(label_dimension=label_dimension,
                                       weight_column=weight_column,
                                       loss_reduction=loss_reduction)
        super().__init__(head, feature_columns, model_dir, optimizer, config, warm_start_from,
                         sparse_combiner)


class LinearEstimator(_LinearBase):
    """A linear model with a user-given head."""

    def __init__(self, head, feature_columns, model_dir=None, optimizer="Ftrl", config=None,
                 sparse_combiner="sum", warm_start_from=None):
        super().__init__(head, feature_columns, model_dir, optimizer, config, warm_start_from,
                         sparse_combiner)
