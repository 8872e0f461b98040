"""Keras 3's regression, hinge and probabilistic metrics: running means of the loss
functions (MeanMetricWrapper), RootMeanSquaredError, CosineSimilarity and R2Score."""
from __future__ import annotations

import warnings

import fluxion as tf
from fluxion.keras import losses_functions as lf
from fluxion.keras.losses_base import broadcast_like, convert, squeeze_or_expand_to_same_rank
from fluxion.keras.metrics.base import Mean, MeanMetricWrapper, Metric


class _LossMean(MeanMetricWrapper):
    """The running mean of a loss function; config is name and dtype."""

    _fn = None
    _default_name = ""
    _up = False

    def __init__(self, name=None, dtype=None) -> None:
        super().__init__(type(self)._fn, name=name or self._default_name, dtype=dtype)
        self._direction = "up" if self._up else "down"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


def _define(class_name: str, fn, default_name: str, doc: str):
    cls = type(class_name, (_LossMean,), {"_fn": staticmethod(fn), "__doc__": doc,
                                          "_default_name": default_name,
                                          "__module__": __name__})

    def __init__(self, name=default_name, dtype=None) -> None:
        _LossMean.__init__(self, name=name, dtype=dtype)

    cls.__init__ = __init__
    return cls


MeanSquaredError = _define("MeanSquaredError", lf.mean_squared_error, "mean_squared_error",
                           "The mean of the squared errors.")
MeanAbsoluteError = _define("MeanAbsoluteError", lf.mean_absolute_error,
                            "mean_absolute_error", "The mean of the absolute errors.")
MeanAbsolutePercentageError = _define(
    "MeanAbsolutePercentageError", lf.mean_absolute_percentage_error,
    "mean_absolute_percentage_error", "The mean absolute percentage error.")
MeanSquaredLogarithmicError = _define(
    "MeanSquaredLogarithmicError", lf.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error", "The mean squared logarithmic error.")
LogCoshError = _define("LogCoshError", lf.log_cosh, "logcosh",
                       "The mean of log(cosh(prediction error)).")
Hinge = _define("Hinge", lf.hinge, "hinge", "The mean hinge loss.")
SquaredHinge = _define("SquaredHinge", lf.squared_hinge, "squared_hinge",
                       "The mean squared hinge loss.")
CategoricalHinge = _define("CategoricalHinge", lf.categorical_hinge, "categorical_hinge",
                           "The mean categorical hinge loss.")
KLDivergence = _define("KLDivergence", lf.kl_divergence, "kl_divergence",
                       "The mean Kullback-Leibler divergence.")
Poisson = _define("Poisson", lf.poisson, "poisson", "The mean Poisson loss.")


def cosine_similarity(y_true, y_pred, axis=-1):
    """sum(l2_normalize(y_true) * l2_normalize(y_pred), axis) (the metric's sign)."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return tf.reduce_sum(lf._l2_normalize(y_true, axis) * lf._l2_normalize(y_pred, axis),
                         axis=axis)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity between labels and predictions."""

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1) -> None:
        super().__init__(cosine_similarity, name, dtype=dtype, axis=axis)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class RootMeanSquaredError(Mean):
    """sqrt of the (weighted) mean squared error."""

    def __init__(self, name="root_mean_squared_error", dtype=None) -> None:
        super().__init__(name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true = convert(y_true, self._dtype)
        y_pred = convert(y_pred, self._dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(tf.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return tf.sqrt(super().result())


class _CrossentropyMean(MeanMetricWrapper):
    _keys: tuple = ()

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype,
                **{k: getattr(self, k) for k in self._keys}}


class BinaryCrossentropy(_CrossentropyMean):
    """The mean binary crossentropy."""

    _keys = ("from_logits", "label_smoothing")

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0) -> None:
        super().__init__(lf.binary_crossentropy, name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self._direction = "down"


class CategoricalCrossentropy(_CrossentropyMean):
    """The mean categorical crossentropy."""

    _keys = ("from_logits", "label_smoothing", "axis")

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0, axis=-1) -> None:
        super().__init__(lf.categorical_crossentropy, name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self._direction = "down"


class SparseCategoricalCrossentropy(_CrossentropyMean):
    """The mean sparse categorical crossentropy."""

    _keys = ("from_logits", "ignore_class", "axis")

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False,
                 ignore_class=None, axis=-1) -> None:
        super().__init__(lf.sparse_categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis
        self._direction = "down"


class R2Score(Metric):
    """The coefficient of determination, 1 - SS_res / SS_tot, per output then aggregated
    ("uniform_average", "variance_weighted_average" or None); adjusted for
    `num_regressors` when given."""

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score",
                 dtype=None) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        valid = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in valid:
            raise ValueError(f"Invalid value for argument `class_aggregation`. Expected one of "
                             f"{valid}. Received: class_aggregation={class_aggregation}")
        if num_regressors < 0:
            raise ValueError(f"Invalid value for argument `num_regressors`. Expected a value "
                             f">= 0. Received: num_regressors={num_regressors}")
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(f"R2Score expects 2D inputs with shape (batch_size, output_dim). "
                             f"Received input shapes: y_pred.shape={y_pred_shape} and "
                             f"y_true.shape={y_true_shape}.")
        n = y_pred_shape[-1]
        self.squared_sum = self.add_variable(name="squared_sum", shape=[n], initializer="zeros")
        self.sum = self.add_variable(name="sum", shape=[n], initializer="zeros")
        self.total_mse = self.add_variable(name="residual", shape=[n], initializer="zeros")
        self.count = self.add_variable(name="count", shape=[n], initializer="zeros")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true = convert(y_true, self._dtype)
        y_pred = convert(y_pred, self._dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        weight = convert(1 if sample_weight is None else sample_weight, self.dtype)
        if len(weight.shape) == 1:
            weight = tf.expand_dims(weight, 1)
        weight = tf.cast(broadcast_like(weight, y_true), y_true.dtype)
        weighted = y_true * weight
        self.sum.assign_add(tf.reduce_sum(weighted, axis=0))
        self.squared_sum.assign_add(tf.reduce_sum(y_true * weighted, axis=0))
        self.total_mse.assign_add(tf.reduce_sum(tf.square(y_true - y_pred) * weight, axis=0))
        self.count.assign_add(tf.reduce_sum(weight, axis=0))
        self.num_samples.assign_add(tf.cast(tf.size(y_true), self.num_samples.dtype))

    def result(self):
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw = 1.0 - self.total_mse / total
        raw = tf.where(tf.math.is_inf(raw), tf.zeros_like(raw), raw)
        if self.class_aggregation == "uniform_average":
            score = tf.reduce_mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = tf.reduce_sum(total * raw) / tf.reduce_sum(total)
        else:
            score = raw
        if self.num_regressors == 0:
            return score
        return self._adjusted(score)

    def _adjusted(self, score):
        n_samples = float(self.num_samples.numpy())  # Keras reads the count in Python too
        if self.num_regressors > n_samples - 1:
            warnings.warn("More independent predictors than datapoints in adjusted R2 score. "
                          "Falling back to standard R2 score.", stacklevel=3)
            return score
        if self.num_regressors == n_samples - 1:
            warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 "
                          "score.", stacklevel=3)
            return score
        n = tf.cast(self.num_samples, tf.float32)
        p = float(self.num_regressors)
        return 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)

    def reset_state(self) -> None:
        for v in self.variables:
            v.assign(tf.zeros(v.shape, dtype=v.dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
