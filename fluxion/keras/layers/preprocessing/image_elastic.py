"""Keras 3's RandomElasticTransform: each image resampled at its pixel grid moved by a random
displacement field (Gaussian noise smoothed by a Gaussian blur whose size grows with sigma),
read as Keras' map_coordinates reads it (nearest or bilinear, five fill modes)."""
from __future__ import annotations

import itertools

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import is_training, known_shape
from fluxion.keras.layers.preprocessing.image_color import filter2d
from fluxion.keras.layers.preprocessing.image_mix import _RegionLayer, _unit_pair

__all__ = ["RandomElasticTransform"]

_INTERPOLATIONS = ("nearest", "bilinear")
_FILL_MODES = {"constant", "nearest", "wrap", "mirror", "reflect"}
_WARP_FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def _masked_gaussian(half_max: int, sigma):
    """Keras' 1-D Gaussian of size 6 * floor(sigma) + 1, padded with zeros to the static size
    2 * half_max + 1 (sigma is a tensor drawn at run time, the kernel's size is not known)."""
    x = tf.cast(tf.range(-half_max, half_max + 1), sigma.dtype)
    half = 3.0 * tf.floor(sigma)
    kernel = tf.where(tf.abs(x) <= half, tf.exp(-0.5 * (x / sigma) ** 2), tf.zeros_like(x))
    return kernel / tf.reduce_sum(kernel)


def _fix_index(index, size: int, fill_mode: str):
    """Keras' map_coordinates on one axis: (index read, whether it lies inside) for an int32
    index; 'reflect' folds |index| as Keras does."""
    inside = (index >= 0) & (index < size)
    if fill_mode == "reflect":
        folded = tf.math.floormod(tf.abs(index), 2 * size)
        index = tf.where(folded < size, folded, 2 * size - folded - 1)
    elif fill_mode == "wrap":
        index = tf.math.floormod(index, size)
    return tf.clip_by_value(index, 0, size - 1), inside


def _nodes(coords, interpolation: str) -> list:
    """[(int32 index, weight)] of each point's neighbours on one axis."""
    if interpolation == "nearest":
        return [(tf.cast(tf.round(coords), "int32"), tf.ones_like(coords))]
    lower = tf.floor(coords)
    upper_weight = coords - lower
    index = tf.cast(lower, "int32")
    return [(index, 1.0 - upper_weight), (index + 1, upper_weight)]


def map_coordinates_2d(images, ys, xs, interpolation: str, fill_mode: str, fill_value):
    """Each image of a channels-last batch [b, h, w, c] read at rows `ys` and columns `xs`
    ([b, h, w] each), all channels alike."""
    height, width = known_shape(images)[1:3]
    rows = tf.zeros_like(tf.cast(ys, "int32")) + tf.range(tf.shape(images)[0])[:, None, None]
    out = None
    for (yi, wy), (xi, wx) in itertools.product(_nodes(ys, interpolation),
                                                 _nodes(xs, interpolation)):
        y_read, y_in = _fix_index(yi, height, fill_mode)
        x_read, x_in = _fix_index(xi, width, fill_mode)
        values = tf.gather_nd(images, tf.stack([rows, y_read, x_read], axis=-1))
        if fill_mode == "constant":
            fill = tf.cast(fill_value, images.dtype)
            values = tf.where((y_in & x_in)[..., None], values, tf.zeros_like(values) + fill)
        term = (wy * wx)[..., None] * values
        out = term if out is None else out + term
    return out


class RandomElasticTransform(_RegionLayer):
    """While training, with a probability drawn in `factor`, distorts each image elastically:
    a distortion d drawn in `scale` (one per call) gives alpha = 0.1 * d * max(h, w) and
    sigma = 0.05 * d * min(h, w); Gaussian noise times sigma, blurred by a Gaussian of size
    6 * floor(sigma) + 1, times alpha moves each sampling point. As in Keras 3.15 the x and y
    fields are drawn from one seed, so they are equal. The result is clipped to
    `value_range` (every image of a transformed call) and is in the layer's dtype."""

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect",
                 fill_value=0.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = _unit_pair(scale, "scale")
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.value_range = value_range
        self._seeded(seed)
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of "
                                      f"one {_INTERPOLATIONS}.")
        if fill_mode not in _FILL_MODES:
            raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one "
                                      f"{_FILL_MODES}.")

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        images = tf.cast(images, self.compute_dtype)
        if is_training(training) and self.scale[1] != 0 and self.factor[1] != 0:
            apply = self._applied(images)
            warped = self._warp(images)
            images = tf.where(apply, warped, images)
            low, high = (float(v) for v in self.value_range)
            images = tf.clip_by_value(images, low, high)
        return self._restore(images, batched)

    def _warp(self, images):
        if self.fill_mode not in _WARP_FILL_MODES:  # accepted by the layer, not by the warp
            raise ValueError(f"Invalid value for argument `fill_mode`. Expected of one "
                             f"{_WARP_FILL_MODES}. Received: fill_mode={self.fill_mode}")
        height, width = known_shape(images)[1:3]
        if height is None or width is None:
            raise ValueError(f"RandomElasticTransform needs static image sizes. Received: "
                             f"images.shape={known_shape(images)}")
        distortion = tf.cast(self._uniform(images, False, (), *self.scale), images.dtype)
        alpha = max(height, width) * 0.1 * distortion
        sigma = tf.maximum(min(height, width) * 0.05 * distortion, 1e-12)
        half_max = 3 * int(min(height, width) * 0.05 * self.scale[1] + 1e-4)
        noise = tf.random.stateless_normal(tf.shape(images[..., :1]),
                                           self._stateless_seed(images),
                                           dtype=images.dtype) * sigma
        kernel = _masked_gaussian(half_max, sigma)
        field = filter2d(filter2d(noise, kernel[:, None]), kernel[None, :])[..., 0]
        grid_y = tf.cast(tf.range(height), images.dtype)[:, None]
        grid_x = tf.cast(tf.range(width), images.dtype)[None, :]
        return map_coordinates_2d(images, grid_y + alpha * field, grid_x + alpha * field,
                                  self.interpolation, self.fill_mode, self.fill_value)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "interpolation": self.interpolation, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "value_range": self.value_range,
                "seed": self.seed}
