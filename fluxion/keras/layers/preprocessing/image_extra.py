"""More of Keras 3's image layers: RandomShear (geometric), RandomGrayscale, RandomInvert,
AutoContrast and Solarization (colour), with Keras' dtype rules for each."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import (
    BaseImagePreprocessingLayer,
    SeedStream,
    factor_pair,
    is_training,
    value_range_pair,
)
from fluxion.keras.layers.preprocessing.image_geometric import _AffineLayer, _rows

__all__ = ["AutoContrast", "RandomGrayscale", "RandomInvert", "RandomShear", "Solarization"]


def _outside_unit(value) -> bool:
    return value > 1.0 or value < 0.0


def _rescale(images, source, target):
    """Values mapped linearly from the `source` range onto `target` (Keras'
    _transform_value_range, in the images' float dtype)."""
    if source[0] == target[0] and source[1] == target[1]:
        return images
    unit = (images - float(source[0])) / float(source[1] - source[0])
    return unit * float(target[1] - target[0]) + float(target[0])


class RandomShear(_AffineLayer):
    """Shears each image about the top-left corner: x by a draw in `x_factor`, y by one in
    `y_factor`, both negated together with probability 1/2."""

    _MESSAGE = ("The `factor` argument should be a number (or a list of two numbers) in the "
                "range [0, 1.0]. ")

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None, seed=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.x_factor = factor_pair(x_factor, "x_factor", self._MESSAGE, _outside_unit)
        self.y_factor = factor_pair(y_factor, "y_factor", self._MESSAGE, _outside_unit)
        self._set_fill(fill_mode, interpolation, fill_value, seed)

    def _transforms(self, images):
        sign = tf.where(self._uniform(images, True, (1,), 0.0, 1.0) > 0.5, -1.0, 1.0)
        shear_y = self._uniform(images, True, (1,), *self.y_factor) * sign
        shear_x = self._uniform(images, True, (1,), *self.x_factor) * sign
        return _rows(1.0, shear_x, 0.0, shear_y, 1.0, 0.0, 0.0, 0.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "x_factor": self.x_factor, "y_factor": self.y_factor,
                **self._fill_config(), "data_format": self.data_format}

    @classmethod
    def from_config(cls, config: dict):
        # Keras' own config (-f, f) fails its [0, 1] check on reload; read it back as f
        config = dict(config)
        for key in ("x_factor", "y_factor"):
            value = config.get(key)
            if isinstance(value, (tuple, list)) and len(value) == 2 and value[0] < 0 and \
                    value[0] == -value[1]:
                config[key] = value[1]
        return super().from_config(config)


def _rgb_to_grayscale(images, axis: int):
    """Keras' rgb_to_grayscale: luma computed in float32 (float64 for float64 images) and cast
    back to the images' dtype (truncating integers); one channel passes through."""
    channels = images.shape[axis]
    if channels not in (1, 3):
        raise ValueError(f"Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received "
                         f"input with shape: images.shape={tuple(images.shape.as_list())}")
    if channels == 1:
        return images
    work = "float64" if images.dtype == tf.float64 else "float32"
    weights = tf.constant([0.2989, 0.5870, 0.1140], work)
    gray = tf.tensordot(tf.cast(images, work), weights, axes=[[axis % images.shape.rank], [0]])
    return tf.cast(tf.expand_dims(gray, axis), images.dtype)


class RandomGrayscale(BaseImagePreprocessingLayer):
    """While training, turns each image to grayscale (kept in 3 channels) with probability
    `factor`; the input's dtype is kept."""

    _USE_BASE_FACTOR = False

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        if factor < 0 or factor > 1:
            raise ValueError(f"`factor` should be between 0 and 1. Received: factor={factor}")
        self.factor = factor
        self.seed = seed
        self._seeds = SeedStream(seed)

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        if not is_training(training):
            return inputs
        apply = self._uniform(inputs, batched, (1, 1, 1), 0.0, 1.0) < self.factor
        axis = -1 if self.data_format == "channels_last" else -3
        return tf.where(apply, _rgb_to_grayscale(inputs, axis), inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor}


class RandomInvert(BaseImagePreprocessingLayer):
    """While training, replaces each image by `value_range[1] - image` with a probability
    drawn in `factor`."""

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self._seeds = SeedStream(seed)

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        if not is_training(training):
            return inputs
        images = tf.cast(inputs, self.compute_dtype)
        tail = (1, 1, 1)
        probability = self._uniform(images, batched, tail, *self.factor)
        threshold = self._uniform(images, batched, tail, 0.0, 1.0)
        return tf.where(threshold < probability, float(self.value_range[1]) - images, images)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor,
                "value_range": self.value_range, "seed": self.seed}


class AutoContrast(BaseImagePreprocessingLayer):
    """Stretches each image's channels so their minimum and maximum span `value_range`
    (deterministic; applied whatever `training` says)."""

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), **kwargs) -> None:
        super().__init__(**kwargs)
        self.value_range = value_range_pair(value_range)

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        images = tf.cast(inputs, self.compute_dtype)
        scaled = _rescale(images, self.value_range, (0, 255))
        axes = (1, 2) if batched else (0, 1)
        low = tf.reduce_min(scaled, axis=axes, keepdims=True)
        high = tf.reduce_max(scaled, axis=axes, keepdims=True)
        scale = 255.0 / (high - low)
        out = tf.clip_by_value(scaled * scale - low * scale, 0.0, 255.0)
        out = _rescale(out, (0, 255), self.value_range)
        return tf.where(tf.math.is_nan(out), images, out)  # flat channels stay as they were

    def get_config(self) -> dict:
        return {**super().get_config(), "value_range": self.value_range}


class Solarization(BaseImagePreprocessingLayer):
    """While training, adds a random amount to each image (from `addition_factor`) and
    inverts the values at or above a random threshold (from `threshold_factor`), on the 0-255
    scale of `value_range`. With the defaults every value is inverted."""

    _USE_BASE_FACTOR = False
    _MESSAGE = ("The `addition_factor` and `threshold_factor` arguments should be a number (or "
                "a list of two numbers) in the range [0, 1]. ")

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
                 seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.seed = seed
        self._seeds = SeedStream(seed)
        self.addition_factor = factor_pair(addition_factor, "addition_factor", self._MESSAGE,
                                           _outside_unit, symmetric=False)
        self.threshold_factor = factor_pair(threshold_factor, "threshold_factor",
                                            self._MESSAGE, _outside_unit, symmetric=False)
        self.value_range = value_range_pair(value_range)

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        images = tf.cast(inputs, self.compute_dtype)
        if not is_training(training):
            return images
        tail = (1, 1, 1)
        # as Keras: the lower bounds are not scaled to 0-255, the upper ones are
        additions = self._uniform(images, batched, tail, self.addition_factor[0],
                                  self.addition_factor[1] * 255, dtype=self.compute_dtype)
        thresholds = self._uniform(images, batched, tail, self.threshold_factor[0],
                                   self.threshold_factor[1] * 255, dtype=self.compute_dtype)
        scaled = _rescale(images, self.value_range, (0, 255))
        out = tf.clip_by_value(scaled + additions, 0.0, 255.0)
        out = tf.where(out < thresholds, out, 255.0 - out)
        return _rescale(out, (0, 255), self.value_range)

    def get_config(self) -> dict:
        return {**super().get_config(), "value_range": self.value_range,
                "addition_factor": self.addition_factor,
                "threshold_factor": self.threshold_factor, "seed": self.seed}

