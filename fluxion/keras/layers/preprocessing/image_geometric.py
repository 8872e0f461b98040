"""Keras 3's geometric augmentation layers: RandomRotation, RandomZoom, RandomTranslation.
Each draws one affine map per image and samples the image through it with the projective
transform primitive (TF's ImageProjectiveTransformV3)."""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import (
    BaseImagePreprocessingLayer,
    SeedStream,
    factor_pair,
    float_dim,
    is_training,
)
from fluxion.keras.layers.preprocessing.image_transform import transform_p

__all__ = ["RandomRotation", "RandomTranslation", "RandomZoom"]

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


class _AffineLayer(BaseImagePreprocessingLayer):
    """Shared by the geometric layers: fill/interpolation arguments and applying a batch of
    [n, 8] transforms (Keras' `affine_transform`)."""

    _USE_BASE_FACTOR = False

    def _set_fill(self, fill_mode, interpolation, fill_value, seed) -> None:
        if fill_mode not in _FILL_MODES:
            raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one "
                                      f"{_FILL_MODES}.")
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of "
                                      f"one {_INTERPOLATIONS}.")
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value
        self.seed = seed
        self._seeds = SeedStream(seed)

    def call(self, inputs, training=True):
        images = tf.cast(inputs, self.compute_dtype)
        batched = self._check_rank(images)
        if not is_training(training):
            return images
        if not batched:
            images = images[None]
        channels_first = self.data_format == "channels_first"
        if channels_first:
            images = tf.transpose(images, (0, 2, 3, 1))
        transforms = self._transforms(images)
        out = transform_p(images, transforms, output_shape=None,
                          fill_value=float(self.fill_value),
                          interpolation=self.interpolation.upper(),
                          fill_mode=self.fill_mode.upper())
        if channels_first:
            out = tf.transpose(out, (0, 3, 1, 2))
        return out if batched else out[0]

    def _transforms(self, images):
        """[batch, 8] float32 transforms for these NHWC images."""
        raise NotImplementedError

    def _fill_config(self) -> dict:
        return {"fill_mode": self.fill_mode, "interpolation": self.interpolation,
                "seed": self.seed, "fill_value": self.fill_value}


def _rows(*columns):
    """[batch, 8] from eight [batch] or [batch, 1] columns (Python numbers broadcast)."""
    ref = tf.reshape(next(c for c in columns if isinstance(c, tf.Tensor)), (-1,))
    zeros = tf.zeros_like(ref)
    cols = [tf.reshape(c, (-1,)) if isinstance(c, tf.Tensor) else zeros + float(c)
            for c in columns]
    return tf.stack(cols, axis=1)


class RandomRotation(_AffineLayer):
    """Rotates each image by a random angle in [factor[0], factor[1]] x 360 degrees
    (counter-clockwise for positive angles) about its centre."""

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._set_fill(fill_mode, interpolation, fill_value, seed)

    def _transforms(self, images):
        angle = self._uniform(images, True, (), self.factor[0] * 360.0,
                              self.factor[1] * 360.0)
        angle = angle * (math.pi / 180.0)
        cx = 0.5 * (float_dim(images, 2) - 1)
        cy = 0.5 * (float_dim(images, 1) - 1)
        cos, sin = tf.cos(angle), tf.sin(angle)
        a2 = cx - cx * cos + cy * sin
        b2 = cy - cx * sin - cy * cos
        return _rows(cos, -sin, a2, sin, cos, b2, 0.0, 0.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, **self._fill_config()}


def _zoom_factor(factor, name: str) -> tuple:
    return factor_pair(factor, name, "The `height_factor` and `width_factor` arguments should be "
                       "a number (or a list of two numbers) in the range (-1.0, 1.0]. ",
                       lambda value: value > 1.0 or value <= -1.0)


class RandomZoom(_AffineLayer):
    """Zooms each image about its centre by a random factor: 1 + a draw in `height_factor`
    vertically (and in `width_factor` horizontally, or the same factor when it is None).
    Positive factors zoom out, negative ones zoom in."""

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = _zoom_factor(height_factor, "height_factor")
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = _zoom_factor(width_factor, "width_factor")
        self._set_fill(fill_mode, interpolation, fill_value, seed)

    def _transforms(self, images):
        zy = self._uniform(images, True, (1,), 1.0 + self.height_lower,
                           1.0 + self.height_upper)
        zx = zy if self.width_factor is None else self._uniform(
            images, True, (1,), 1.0 + self.width_lower, 1.0 + self.width_upper)
        x_offset = (float_dim(images, 2) - 1.0) / 2.0 * (1.0 - zx)
        y_offset = (float_dim(images, 1) - 1.0) / 2.0 * (1.0 - zy)
        return _rows(zx, 0.0, x_offset, 0.0, zy, y_offset, 0.0, 0.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor, **self._fill_config(),
                "data_format": self.data_format}


def _translation_factor(factor, name: str) -> tuple:
    return factor_pair(factor, name, "The `factor` argument should be a number (or a list of "
                       "two numbers) in the range [-1.0, 1.0]. ",
                       lambda value: value > 1.0 or value < -1.0)


class RandomTranslation(_AffineLayer):
    """Shifts each image by random fractions of its height and width (drawn in
    `height_factor` and `width_factor`; positive shifts move the content down / right)."""

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = _translation_factor(height_factor,
                                                                   "height_factor")
        self.width_factor = width_factor
        self.width_lower, self.width_upper = _translation_factor(width_factor, "width_factor")
        self._set_fill(fill_mode, interpolation, fill_value, seed)

    def _transforms(self, images):
        dy = self._uniform(images, True, (1,), self.height_lower, self.height_upper)
        dy = dy * float_dim(images, 1)
        dx = self._uniform(images, True, (1,), self.width_lower, self.width_upper)
        dx = dx * float_dim(images, 2)
        return _rows(1.0, 0.0, -dx, 0.0, 1.0, -dy, 0.0, 0.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor, **self._fill_config(),
                "data_format": self.data_format}
