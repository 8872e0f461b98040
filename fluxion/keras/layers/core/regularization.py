"""Noise and penalty layers beside `Dropout`: `SpatialDropout1D/2D/3D` (whole feature maps),
`GaussianNoise`, `GaussianDropout`, `AlphaDropout` (active only with training=True) and
`ActivityRegularization` (adds an L1/L2 penalty on its input to the layer's losses)."""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.keras import regularizers
from fluxion.keras.layers.argument_validation import standardize_data_format
from fluxion.keras.layers.core.simple import Dropout
from fluxion.keras.layers.layer import Layer


def _check_rate(value, name: str = "rate") -> None:
    if not 0 <= value <= 1:
        raise ValueError(f"Invalid value received for argument `{name}`. Expected a float "
                         f"value between 0 and 1. Received: {name}={value}")


class _SpatialDropout(Dropout):
    """Dropout whose mask is shared over the spatial axes: one draw per (sample, channel)."""

    rank = 0

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None) -> None:
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)
        ones = (1,) * self.rank
        self.noise_shape = ((None, None) + ones if self.data_format == "channels_first"
                            else (None,) + ones + (None,))
        self.built = False  # build checks the input rank

    def build(self, input_shape) -> None:
        if len(input_shape) != self.rank + 2:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the "
                             f"layer: expected ndim={self.rank + 2}, found "
                             f"ndim={len(input_shape)}. Full shape received: "
                             f"{tuple(input_shape)}")
        self.built = True

    def get_config(self) -> dict:
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype,
                "data_format": self.data_format}


class SpatialDropout1D(_SpatialDropout):
    rank = 1

    def __init__(self, rate, seed=None, name=None, dtype=None) -> None:
        super().__init__(rate, "channels_last", seed, name, dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["data_format"]
        return config


class SpatialDropout2D(_SpatialDropout):
    rank = 2


class SpatialDropout3D(_SpatialDropout):
    rank = 3


class GaussianNoise(Layer):
    """Adds N(0, stddev^2) noise while training."""

    def __init__(self, stddev, seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        _check_rate(stddev, "stddev")
        self.stddev = stddev
        self.seed = seed
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            return inputs + tf.random.normal(tf.shape(inputs), stddev=self.stddev,
                                             dtype=inputs.dtype, seed=self.seed)
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


class GaussianDropout(Layer):
    """Multiplies by N(1, rate / (1 - rate)) noise while training."""

    def __init__(self, rate, seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        _check_rate(rate)
        self.rate = rate
        self.seed = seed
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            return inputs * tf.random.normal(tf.shape(inputs), mean=1.0, stddev=stddev,
                                             dtype=inputs.dtype, seed=self.seed)
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Dropout for SELU networks: dropped units take the SELU saturation value and an affine
    correction keeps the mean and variance. `tf.keras` (TF 2.21) exports Keras' legacy class:
    no rate check, and `noise_shape` is not part of the config."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed
        self.noise_shape = noise_shape
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate <= 0:
            return inputs
        shape = tf.shape(inputs)
        if self.noise_shape is not None:
            shape = tf.stack([shape[i] if d is None else d
                              for i, d in enumerate(self.noise_shape)])
        kept = tf.cast(tf.random.uniform(shape, seed=self.seed) >= self.rate, inputs.dtype)
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        return a * (inputs * kept + alpha_p * (1 - kept)) + b

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class ActivityRegularization(Layer):
    """Returns its input and adds `l1 * sum|x| + l2 * sum x^2` (divided by the batch size,
    as every activity penalty) to the layer's losses."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs) -> None:
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs):
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "l1": self.l1, "l2": self.l2}
