"""Layers that rearrange the non-batch axes: `Flatten`, `Reshape`, `Permute`, `RepeatVector`.

The batch axis is always written -1 (never a traced size), so a traced call works for any
batch size.
"""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.keras.layers.argument_validation import standardize_data_format
from fluxion.keras.layers.layer import Layer


def _check_rank(layer: Layer, input_shape, ndim: int | None = None, min_ndim: int = 0) -> None:
    """Keras' InputSpec check, done once in build."""
    rank = len(input_shape)
    if (ndim is not None and rank != ndim) or rank < min_ndim:
        want = f"ndim={ndim}" if ndim is not None else f"min_ndim={min_ndim}"
        raise ValueError(f"Input 0 of layer \"{layer.name}\" is incompatible with the layer: "
                         f"expected {want}, found ndim={rank}. Full shape received: "
                         f"{tuple(input_shape)}")


class Flatten(Layer):
    """(batch, d1, d2, ...) -> (batch, d1 * d2 * ...); channels_first inputs are first moved
    to channels-last order so the result matches a channels-last model."""

    def __init__(self, data_format=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self._channels_first = self.data_format == "channels_first"

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, min_ndim=1)
        self.built = True

    def call(self, inputs):
        rank = inputs.ndim
        if self._channels_first and rank > 2:
            inputs = tf.transpose(inputs, (0, *range(2, rank), 1))
        size = math.prod(inputs.shape[1:]) if rank > 1 else 1
        if size == 0:  # -1 cannot be resolved against zero elements
            return tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], 0]))
        return tf.reshape(inputs, (-1, size))

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


def _validate_target(target_shape: tuple) -> None:
    for dim in target_shape:
        if isinstance(dim, int) and dim < -1:
            raise ValueError(f"Each dimension in `target_shape` must be a non-negative integer, "
                             f"or `-1` for a single unknown dimension. Received: "
                             f"target_shape={target_shape}.")
    if sum(1 for d in target_shape if d == -1) > 1:
        raise ValueError(f"There must be at most one unknown dimension (-1) in `target_shape`. "
                         f"Received: target_shape={target_shape}.")


def _resolve_target(input_shape: tuple, target: tuple) -> tuple:
    """`target` with its -1 replaced by the size that keeps the element count."""
    size = math.prod(input_shape)
    known = math.prod(d for d in target if d != -1)
    if -1 not in target:
        if size != known:
            raise ValueError(f"The total size of the tensor must be unchanged. Received: "
                             f"input_shape={input_shape}, target_shape={target}")
        return target
    if known == 0 or size % known:
        raise ValueError(f"The total size of the tensor must be unchanged, received: "
                         f"input_shape={input_shape}, target_shape={target}")
    return tuple(size // known if d == -1 else d for d in target)


class Reshape(Layer):
    """Reshapes the non-batch axes to `target_shape` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs) -> None:
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        _validate_target(target_shape)
        self.target_shape = target_shape
        self.built = True

    def call(self, inputs):
        target = _resolve_target(tuple(inputs.shape[1:]), self.target_shape)
        if math.prod(target) == 0:
            return tf.reshape(inputs, tf.concat([tf.shape(inputs)[:1], target], 0))
        return tf.reshape(inputs, (-1,) + target)

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}


class Permute(Layer):
    """Permutes the non-batch axes: `dims` is a permutation of 1..rank-1."""

    def __init__(self, dims, **kwargs) -> None:
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(f"Invalid permutation argument `dims` for Permute Layer. The set "
                             f"of indices in `dims` must be consecutive and start from 1. "
                             f"Received dims={dims}")
        self._perm = (0,) + self.dims

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=len(self.dims) + 1)
        self.built = True

    def call(self, inputs):
        return tf.transpose(inputs, self._perm)

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(Layer):
    """(batch, features) -> (batch, n, features)."""

    def __init__(self, n: int, **kwargs) -> None:
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        if n <= 0:
            raise ValueError(f"Argument `n` should be a positive integer. Received: n={n}")
        self.n = n

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=2)
        self.built = True

    def call(self, inputs):
        return tf.tile(tf.expand_dims(inputs, 1), (1, self.n, 1))

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
