"""Keras 3's `Metric` base class and the reduction metrics built on it: `Sum`, `Mean` and
`MeanMetricWrapper` (the mean of a per-sample function, e.g. accuracy or a loss).

State lives in non-trainable Keras variables created by `add_variable`; updates use
`assign`/`assign_add` with public ops only, so they run eagerly and inside `fluxion.function`.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.losses_base import (
    KerasModule,
    apply_mask,
    broadcast_like,
    convert,
    dtype_name,
    element_count,
    get_keras_mask,
    shape_of,
    squeeze_or_expand_to_same_rank,
)
from fluxion.keras.utils import naming
from fluxion.keras.variables import KerasVariable


def _initial_value(initializer, shape, dtype: str):
    name = initializer.lower() if isinstance(initializer, str) else None
    if initializer is None or name == "zeros":
        return np.zeros(shape, dtype)
    if name == "ones":
        return np.ones(shape, dtype)
    if isinstance(initializer, (str, dict)):
        from fluxion.keras import initializers  # noqa: PLC0415

        initializer = initializers.get(initializer)
    value = initializer(shape, dtype=dtype)
    return np.asarray(value._value if hasattr(value, "_value") else value, dtype)


class Metric:
    """Base class of Keras metrics: `update_state` accumulates into variables, `result`
    computes the value from them, `reset_state` zeroes them; calling a metric does an update
    and returns the result."""

    _keras_module = KerasModule("keras.metrics")

    def __init__(self, dtype=None, name=None) -> None:
        self.name = name or naming.uniquify(naming.to_snake_case(type(self).__name__))
        self._dtype_policy = dtype
        self._dtype = dtype_name(dtype)
        self._variables: list = []
        self._metrics: list = []

    def __setattr__(self, name: str, value) -> None:
        # Keras tracks metrics (and variables) assigned as attributes
        if isinstance(value, Metric) and "_metrics" in self.__dict__ and value is not self \
                and not any(m is value for m in self._metrics):
            self._metrics.append(value)
        elif isinstance(value, tf.Variable) and "_variables" in self.__dict__ \
                and not any(v is value for v in self._variables):
            self._variables.append(value)
        object.__setattr__(self, name, value)

    @property
    def dtype(self) -> str:
        return self._dtype

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """A non-trainable state variable named `name`, with path `<metric name>/<name>`."""
        if "_variables" not in self.__dict__:
            raise RuntimeError("You forgot to call `super().__init__()` in the `__init__()` "
                               "method. Go add it!")
        dtype = dtype_name(dtype)
        shape = () if shape is None else tuple(int(d) for d in shape)
        name = name or "variable"
        variable = KerasVariable(_initial_value(initializer, shape, dtype), name=name,
                                 path=f"{self.name.replace('/', '>')}/{name}", trainable=False,
                                 dtype=dtype, aggregation=aggregation)
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self) -> list:
        out = list(self._variables)
        for metric in self._metrics:
            out.extend(metric.variables)
        return out

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self) -> None:
        for v in self.variables:
            v.assign(tf.zeros(v.shape, dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    # --- stateless versions (the state passed in and returned as lists of tensors) ---------
    def _swapped(self, values, fn):
        variables = self.variables
        if len(values) != len(variables):
            raise ValueError(f"Argument `metric_variables` must be a list of tensors "
                             f"corresponding 1:1 to {type(self).__name__}().variables. Received "
                             f"list with length {len(values)}, but expected {len(variables)} "
                             f"variables.")
        saved = [v.value() for v in variables]
        for v, x in zip(variables, values):
            v.assign(x)
        try:
            out = fn()
            new = [v.value() for v in variables]
        finally:
            for v, x in zip(variables, saved):
                v.assign(x)
        return out, new

    def stateless_update_state(self, metric_variables, *args, **kwargs) -> list:
        return self._swapped(metric_variables, lambda: self.update_state(*args, **kwargs))[1]

    def stateless_result(self, metric_variables):
        return self._swapped(metric_variables, self.result)[0]

    def stateless_reset_state(self) -> list:
        return [tf.zeros(v.shape, dtype=v.dtype) for v in self.variables]

    # --- config --------------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Keras' reduction of values (and weights) to one value per sample: values beyond the
    weights' rank are reduced with `reduce_fn`, weights broadcast, then multiplied."""
    dtype = dtype or backend.floatx()
    mask = get_keras_mask(values)
    values = convert(values, dtype)
    if sample_weight is not None:
        sample_weight = convert(sample_weight, dtype)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype=dtype, reduction="sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = len(shape_of(sample_weight)), len(shape_of(values))
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=list(range(weight_ndim, values_ndim)))
        sample_weight = broadcast_like(sample_weight, values)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, weight_ndim)))
    values_ndim = len(shape_of(values))
    if values_ndim > 1:
        values = reduce_fn(values, axis=list(range(1, values_ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of the values seen."""

    def __init__(self, name="sum", dtype=None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")

    def update_state(self, values, sample_weight=None) -> None:
        values, _ = reduce_to_samplewise_values(values, sample_weight, tf.reduce_sum,
                                                self.dtype)
        self.total.assign_add(tf.reduce_sum(values))

    def reset_state(self) -> None:
        self.total.assign(tf.zeros((), self.dtype))

    def result(self):
        return tf.identity(self.total)


class Mean(Metric):
    """The (weighted) mean of the values seen: total / count."""

    def __init__(self, name="mean", dtype=None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="count")

    def update_state(self, values, sample_weight=None) -> None:
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight,
                                                            tf.reduce_mean, self.dtype)
        self.total.assign_add(tf.reduce_sum(values))
        if sample_weight is not None:
            num_samples = tf.reduce_sum(sample_weight)
            self.count.assign_add(tf.cast(num_samples, self.dtype))
        else:  # values have rank <= 1 here: their size is the batch size
            count = element_count(values) if shape_of(values) else 1
            self.count.assign_add(tf.cast(count, self.dtype))

    def reset_state(self) -> None:
        self.total.assign(tf.zeros((), self.dtype))
        self.count.assign(tf.zeros((), self.dtype))

    def result(self):
        return tf.math.divide_no_nan(self.total, self.count)


def _function_objects() -> dict:
    """Functions a serialized `fn` may name: the metric and loss functions."""
    from fluxion.keras import losses, metrics  # noqa: PLC0415

    return {**losses.ALL_OBJECTS_DICT, **metrics.FUNCTIONS}


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over the samples seen."""

    def __init__(self, fn, name=None, dtype=None, **kwargs) -> None:
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        from fluxion.keras import losses  # noqa: PLC0415

        if fn in losses.ALL_OBJECTS or type(fn) in losses.ALL_OBJECTS:
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        mask = get_keras_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, dtype=self.dtype, reduction="sum")
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        from fluxion.keras.utils.serialization import serialize_keras_object  # noqa: PLC0415

        config = super().get_config()
        config["fn"] = serialize_keras_object(self._fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if "fn" in config:
            from fluxion.keras.utils.serialization import deserialize_keras_object  # noqa: PLC0415

            config = dict(config)
            config["fn"] = deserialize_keras_object(config["fn"],
                                                    module_objects=_function_objects())
        return cls(**config)
