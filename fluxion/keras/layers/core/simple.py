"""Stateless core layers: `Activation`, `Identity`, `Dropout` (noise only while training) and
`Masking` (zeroes masked timesteps and attaches the mask to its output)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import set_keras_mask


class Activation(Layer):
    """Applies an activation function (a name, a config or a callable) to its input."""

    def __init__(self, activation, **kwargs) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True  # as Keras: elementwise, the mask passes through
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class Identity(Layer):
    """Returns its input unchanged (a placeholder layer)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs


def _validate_noise_shape(noise_shape):
    if noise_shape is None:
        return None
    if isinstance(noise_shape, str):  # Keras raises ValueError (not TypeError) for types here
        raise ValueError(f"Invalid value received for argument `noise_shape`. Expected a tuple "
                         f"or list of integers. Received: noise_shape={noise_shape}")
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError(f"Invalid value received for argument `noise_shape`. Expected an "
                         f"iterable of integers (e.g., a tuple or list). Received: "
                         f"noise_shape={noise_shape}") from None
    for i, dim in enumerate(noise_shape):
        if dim is None:
            continue
        if not isinstance(dim, int):
            raise ValueError(f"Invalid value received for argument `noise_shape`. Expected all "
                             f"elements to be integers or None. Received element at index {i}: "
                             f"{dim} (type: {type(dim).__name__})")
        if dim <= 0:
            raise ValueError(f"Invalid value received for argument `noise_shape`. Expected all "
                             f"dimensions to be positive integers or None. Received negative "
                             f"or zero value at index {i}: {dim}")
    return noise_shape


class Dropout(Layer):
    """While training, zeroes each unit with probability `rate` and scales the others by
    1 / (1 - rate); at inference it returns its input. `noise_shape` (None dims take the
    input's size) shares one draw along the axes where it is 1."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float "
                             f"value between 0 and 1. Received: rate={rate}")
        self.rate = rate
        self.seed = seed
        self.noise_shape = _validate_noise_shape(noise_shape)
        self.supports_masking = True  # as Keras: a sequence's mask passes through
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return tf.zeros_like(inputs)
        # tf.nn.dropout gives None dims of noise_shape the input's sizes
        return tf.nn.dropout(inputs, self.rate, noise_shape=self.noise_shape, seed=self.seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": self.noise_shape}


class Masking(Layer):
    """Masks timesteps whose features all equal `mask_value`: they become zeros and the
    output carries the boolean mask (batch, timesteps) for mask-aware consumers."""

    def __init__(self, mask_value=0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config", None):
            from fluxion.keras.utils.serialization import deserialize_keras_object  # noqa: PLC0415

            mask_value = deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        outputs = tf.where(keep, inputs, tf.zeros_like(inputs))
        set_keras_mask(outputs, tf.squeeze(keep, axis=-1))
        return outputs

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}
