"""Pooling layers: windowed max/average pooling (1-D, 2-D, 3-D) and global pooling.

Windowed pooling calls the `max_pool` / `avg_pool` primitives with full-rank windows fixed at
construction (TF semantics: with "same" padding an average divides by the real element count).
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.argument_validation import standardize_data_format, standardize_tuple
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.pooling.adaptive import *  # noqa: F403
from fluxion.keras.layers.pooling.adaptive import __all__ as _adaptive
from fluxion.keras.layers.reshaping.reshape import _check_rank
from fluxion.keras.losses_base import get_keras_mask
from fluxion.ops.pool_ops import avg_pool_, max_pool_


def _full(values: tuple, channels_first: bool) -> tuple:
    return (1, 1) + values if channels_first else (1,) + values + (1,)


class BasePooling(Layer):
    rank = 0
    pool_mode = "max"

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs) -> None:
        super().__init__(name=name, **kwargs)
        n = self.rank
        self.pool_size = standardize_tuple(pool_size, n, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = standardize_tuple(strides, n, "strides", allow_zero=True)
        if str(padding).lower() not in ("valid", "same"):
            raise ValueError(f"The `padding` argument must be one of 'valid', 'same'. "
                             f"Received: padding={padding}")
        self.padding = padding
        self.data_format = standardize_data_format(data_format)
        first = self.data_format == "channels_first"
        self._attrs = {"ksize": _full(self.pool_size, first),
                       "strides": _full(self.strides, first),
                       "padding": str(padding).upper(), "dilations": (1,) * (n + 2)}
        self._pool = max_pool_ if self.pool_mode == "max" else avg_pool_

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=self.rank + 2)
        self.built = True

    def call(self, inputs):
        return self._pool(inputs, **self._attrs)

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}


def _pooling(rank: int, mode: str, name: str, default, doc: str):
    if default is None:
        def __init__(self, pool_size, strides=None, padding="valid", data_format=None,
                     name=None, **kwargs):
            BasePooling.__init__(self, pool_size, strides, padding, data_format, name,
                                 **kwargs)
    else:
        def __init__(self, pool_size=default, strides=None, padding="valid", data_format=None,
                     name=None, **kwargs):
            BasePooling.__init__(self, pool_size, strides, padding, data_format, name,
                                 **kwargs)
    return type(name, (BasePooling,), {"__init__": __init__, "__doc__": doc, "rank": rank,
                                       "pool_mode": mode, "__module__": __name__})


MaxPooling1D = _pooling(1, "max", "MaxPooling1D", 2, "Max over windows of steps.")
MaxPooling2D = _pooling(2, "max", "MaxPooling2D", (2, 2), "Max over 2-D windows.")
MaxPooling3D = _pooling(3, "max", "MaxPooling3D", (2, 2, 2), "Max over 3-D windows.")
AveragePooling1D = _pooling(1, "average", "AveragePooling1D", None,
                            "Mean over windows of steps.")
AveragePooling2D = _pooling(2, "average", "AveragePooling2D", None, "Mean over 2-D windows.")
AveragePooling3D = _pooling(3, "average", "AveragePooling3D", None, "Mean over 3-D windows.")


class BaseGlobalPooling(Layer):
    rank = 0
    reduce = staticmethod(tf.reduce_max)

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = keepdims
        first = 2 if self.data_format == "channels_first" else 1
        self._axes = tuple(range(first, first + self.rank))

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=self.rank + 2)
        self.built = True

    def call(self, inputs):
        return self.reduce(inputs, axis=self._axes, keepdims=self.keepdims)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}


def _global(rank: int, reduce, name: str, doc: str):
    return type(name, (BaseGlobalPooling,), {"rank": rank, "reduce": staticmethod(reduce),
                                             "__doc__": doc, "__module__": __name__})


GlobalMaxPooling1D = _global(1, tf.reduce_max, "GlobalMaxPooling1D", "Max over steps.")
GlobalMaxPooling2D = _global(2, tf.reduce_max, "GlobalMaxPooling2D", "Max over rows, cols.")
GlobalMaxPooling3D = _global(3, tf.reduce_max, "GlobalMaxPooling3D", "Max over 3 axes.")
GlobalAveragePooling2D = _global(2, tf.reduce_mean, "GlobalAveragePooling2D",
                                 "Mean over rows and cols.")
GlobalAveragePooling3D = _global(3, tf.reduce_mean, "GlobalAveragePooling3D",
                                 "Mean over 3 spatial axes.")


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over steps; with a (batch, steps) `mask`, the mean of the unmasked steps."""

    rank = 1
    reduce = staticmethod(tf.reduce_mean)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.supports_masking = True  # it reads the mask; its output has none

    def compute_mask(self, inputs, mask=None):
        return None

    def call(self, inputs, mask=None):
        if mask is None:
            mask = get_keras_mask(inputs)  # the mask an Embedding/Masking attached
        if mask is None:
            return tf.reduce_mean(inputs, axis=self._axes, keepdims=self.keepdims)
        channel_axis = 2 if self.data_format == "channels_last" else 1
        keep = tf.expand_dims(tf.cast(mask, tf.bool), channel_axis)
        weights = tf.cast(keep, inputs.dtype)
        total = tf.reduce_sum(tf.where(keep, inputs, tf.zeros_like(inputs)), axis=self._axes,
                              keepdims=self.keepdims)
        return total / tf.reduce_sum(weights, axis=self._axes, keepdims=self.keepdims)


# Keras' aliases
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = (GlobalMaxPooling1D, GlobalMaxPooling2D,
                                                     GlobalMaxPooling3D)
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (GlobalAveragePooling1D,
                                                     GlobalAveragePooling2D,
                                                     GlobalAveragePooling3D)

__all__ = [
    *_adaptive,
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
    "GlobalAvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalMaxPool3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
]
