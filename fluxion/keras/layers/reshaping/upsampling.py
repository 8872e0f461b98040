"""Upsampling by integer factors: `UpSampling1D/2D/3D` (nearest: each element repeated;
UpSampling2D also bilinear, with TF's half-pixel-centre sampling)."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.layers.argument_validation import standardize_data_format, standardize_tuple
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.reshaping.reshape import _check_rank


def bilinear_matrix(in_size: int, out_size: int) -> np.ndarray:
    """(out_size, in_size) weights of 1-D linear interpolation with half-pixel centres (the
    sampling of tf.image.resize): output i reads input (i + 0.5) * in / out - 0.5."""
    position = (np.arange(out_size) + 0.5) * (in_size / out_size) - 0.5
    floor = np.floor(position)
    lower = np.clip(floor, 0, in_size - 1).astype(np.int64)
    upper = np.clip(np.ceil(position), 0, in_size - 1).astype(np.int64)
    frac = position - floor
    weights = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    np.add.at(weights, (rows, lower), 1.0 - frac)
    np.add.at(weights, (rows, upper), frac)
    return weights


def resize_bilinear(images, height: int, width: int, channels_first: bool = False):
    """Bilinear resize of (batch, H, W, C) images (or (batch, C, H, W)) as two matrix
    products with constant interpolation weights, so gradients come for free."""
    h_axis = 2 if channels_first else 1
    in_h, in_w = images.shape[h_axis], images.shape[h_axis + 1]
    dtype = images.dtype.as_numpy_dtype
    rows = tf.constant(bilinear_matrix(in_h, height).astype(dtype))
    cols = tf.constant(bilinear_matrix(in_w, width).astype(dtype))
    if channels_first:
        return tf.einsum("oh,bchw,pw->bcop", rows, images, cols)
    return tf.einsum("oh,bhwc,pw->bopc", rows, images, cols)


class UpSampling1D(Layer):
    """Repeats each step `size` times along axis 1."""

    def __init__(self, size: int = 2, **kwargs) -> None:
        super().__init__(**kwargs)
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: "
                             f"size={size}")
        self.size = size

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=3)
        self.built = True

    def call(self, inputs):
        return tf.repeat(inputs, self.size, axis=1)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


class UpSampling2D(Layer):
    """Scales rows and columns by `size`: "nearest" repeats pixels, "bilinear" interpolates."""

    def __init__(self, size=(2, 2), data_format=None, interpolation: str = "nearest",
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.size = standardize_tuple(size, 2, "size")
        self.interpolation = interpolation.lower()
        if self.interpolation not in ("nearest", "bilinear"):
            raise NotImplementedError(f"UpSampling2D: interpolation={interpolation!r} is not "
                                      f"supported by Fluxion yet (use 'nearest' or "
                                      f"'bilinear')")
        self._first_axis = 2 if self.data_format == "channels_first" else 1

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=4)
        self.built = True

    def call(self, inputs):
        axis = self._first_axis
        if self.interpolation == "bilinear":
            return resize_bilinear(inputs, inputs.shape[axis] * self.size[0],
                                   inputs.shape[axis + 1] * self.size[1],
                                   self.data_format == "channels_first")
        x = tf.repeat(inputs, self.size[0], axis=axis)
        return tf.repeat(x, self.size[1], axis=axis + 1)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}


class UpSampling3D(Layer):
    """Repeats each voxel `size` times along each spatial axis."""

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.size = standardize_tuple(size, 3, "size")
        self._first_axis = 2 if self.data_format == "channels_first" else 1

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=5)
        self.built = True

    def call(self, inputs):
        x = inputs
        for i, factor in enumerate(self.size):
            x = tf.repeat(x, factor, axis=self._first_axis + i)
        return x

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
