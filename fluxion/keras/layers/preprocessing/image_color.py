"""Keras 3's colour augmentation layers: RandomHue, RandomSaturation, RandomColorDegeneration,
RandomSharpness, RandomPosterization, Equalization and RandomColorJitter.

Each works on a batch (one draw per image) or one image, in either data format; outside
training (`training=False`) the input comes back as Keras returns it. The formulas follow
Keras 3.15, including its quirks (noted where they matter)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import (
    BaseImagePreprocessingLayer,
    SeedStream,
    dim,
    is_training,
    value_range_pair,
)
from fluxion.keras.layers.preprocessing.image_extra import _rescale, _rgb_to_grayscale

__all__ = ["Equalization", "RandomColorDegeneration", "RandomColorJitter", "RandomHue",
           "RandomPosterization", "RandomSaturation", "RandomSharpness"]

_EPSILON = 1e-7  # keras.config.epsilon()


class _ColorLayer(BaseImagePreprocessingLayer):
    """Shared plumbing: images brought to a channels-last batch for `_augment` and back."""

    def _channels_last_batch(self, images):
        batched = self._check_rank(images)
        if not batched:
            images = tf.expand_dims(images, 0)
        if self.data_format == "channels_first":
            images = tf.transpose(images, (0, 2, 3, 1))
        return images, batched

    def _restore(self, images, batched: bool):
        if self.data_format == "channels_first":
            images = tf.transpose(images, (0, 3, 1, 2))
        return images if batched else tf.squeeze(images, 0)

    def _per_image(self, images, low, high):
        """One uniform draw per image of the channels-last batch, shape [batch, 1, 1, 1]."""
        return self._uniform(images, True, (1, 1, 1), low, high)

    def _seeded(self, seed) -> None:
        self.seed = seed
        self._seeds = SeedStream(seed)


class _FactorColorLayer(_ColorLayer):
    """A colour layer configured by (factor, value_range, data_format, seed), as Keras'."""

    _KEEP_VALUE_RANGE = False  # RandomHue keeps value_range as given (Keras' config)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = value_range if self._KEEP_VALUE_RANGE else \
            value_range_pair(value_range)
        self._seeded(seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor,
                "value_range": self.value_range, "seed": self.seed}


def filter2d(images, kernel):
    """A "SAME", zero padded 2-D correlation of each channel of a channels-last batch with
    `kernel` [kh, kw] (static size): a sum of shifted copies, so any batch size works."""
    kh, kw = kernel.shape.as_list()
    height, width = dim(images, 1), dim(images, 2)
    padded = tf.pad(images, [[0, 0], [(kh - 1) // 2, kh // 2], [(kw - 1) // 2, kw // 2],
                             [0, 0]])
    out = None
    for i in range(kh):
        for j in range(kw):
            term = kernel[i, j] * padded[:, i:i + height, j:j + width, :]
            out = term if out is None else out + term
    return out


def _to_float(images, dtype: str):
    if not images.dtype.is_floating:
        raise ValueError(f"Invalid images dtype: expected float dtype. Received: "
                         f"images.dtype={images.dtype.name}")
    return tf.cast(images, dtype)


class RandomHue(_FactorColorLayer):
    """While training, shifts each image's hue by +-factor/2 of a turn (the sign drawn with
    probability 1/2), working on `value_range` mapped to [0, 1]."""

    _FACTOR_BOUNDS = (0, 1)

    _KEEP_VALUE_RANGE = True

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        if not is_training(training):
            return inputs
        images = tf.cast(images, self.compute_dtype)
        sign = tf.where(self._per_image(images, 0.0, 1.0) > 0.5, -1.0, 1.0)
        delta = tf.cast(sign * self._per_image(images, *self.factor) * 0.5, images.dtype)
        hsv = tf.image.rgb_to_hsv(_rescale(images, self.value_range, (0, 1)))
        hue = hsv[..., 0:1] + delta
        hue = tf.where(hue > 1.0, hue - 1.0, hue)
        hue = tf.where(hue < 0.0, hue + 1.0, hue)
        rgb = tf.image.hsv_to_rgb(tf.concat([hue, hsv[..., 1:]], axis=-1))
        out = _rescale(tf.clip_by_value(rgb, 0.0, 1.0), (0, 1), self.value_range)
        return self._restore(tf.cast(out, self.compute_dtype), batched)


class RandomSaturation(_FactorColorLayer):
    """While training, multiplies each image's HSV saturation by u / (1 - u) for a draw u in
    `factor` (0.5 keeps it, 0 gives grayscale, 1 the most saturated) and clips it to
    `value_range` (as Keras does; the image itself is not rescaled). Float images only."""

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        if not is_training(training):
            return inputs
        draw = self._per_image(images, *self.factor)
        scale = tf.cast(draw / (1.0 - draw + _EPSILON), self.compute_dtype)
        hsv = tf.image.rgb_to_hsv(_to_float(images, self.compute_dtype))
        low, high = (float(v) for v in self.value_range)
        saturation = tf.clip_by_value(hsv[..., 1:2] * scale, low, high)
        rgb = tf.image.hsv_to_rgb(tf.concat([hsv[..., 0:1], saturation, hsv[..., 2:]], -1))
        return self._restore(rgb, batched)


class RandomColorDegeneration(_FactorColorLayer):
    """While training, blends each image towards its grayscale version by a draw in `factor`
    (0: unchanged, 1: grayscale) and clips to `value_range`."""

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        if not is_training(training):
            return inputs
        images = tf.cast(images, self.compute_dtype)
        blend = tf.cast(self._per_image(images, *self.factor), images.dtype)
        gray = _rgb_to_grayscale(images, -1)
        out = images + blend * (gray - images)
        low, high = (float(v) for v in self.value_range)
        return self._restore(tf.clip_by_value(out, low, high), batched)


class RandomSharpness(_FactorColorLayer):
    """While training, moves each image away from (or towards) a 3x3 smoothed copy (zero
    padded at the borders): image + (1 - 2 u) (smoothed - image) for a draw u in `factor`,
    clipped to `value_range`. u = 0.5 leaves the image as it is; the output is always in the
    layer's dtype."""

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        images = tf.cast(images, self.compute_dtype)
        if is_training(training):
            amount = tf.cast(self._per_image(images, *self.factor) * 2.0, images.dtype)
            a, b = 1.0 / 13.0, 5.0 / 13.0
            kernel = tf.constant([[a, a, a], [a, b, a], [a, a, a]], images.dtype)
            smooth = filter2d(images, kernel)
            images = images + (1.0 - amount) * (smooth - images)
            low, high = (float(v) for v in self.value_range)
            images = tf.clip_by_value(images, low, high)
        return self._restore(images, batched)


class RandomPosterization(_FactorColorLayer):
    """While training, keeps the top `bits` bits of each 8-bit value (values mapped from
    `value_range` to 0-255 and truncated to integers first); `bits` is drawn per image from
    [factor[0], factor[1]) or is factor[0] when both are equal."""

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, 8)
    _MAX_FACTOR = 8

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        if not is_training(training):
            return inputs
        low, high = self.factor
        if low != high:
            bits = tf.floor(self._per_image(images, float(low), float(high)))
        else:
            bits = tf.fill(tf.stack([tf.shape(images)[0], 1, 1, 1]), float(low))
        step = tf.pow(2.0, float(self._MAX_FACTOR) - bits)
        if list(self.value_range) != [0, 255]:
            images = _rescale(tf.cast(images, self.compute_dtype), self.value_range, (0, 255))
        images = tf.cast(images, "uint8")
        values = tf.cast(images, "float32")
        out = tf.cast(tf.floor(values / step) * step, self.compute_dtype)
        return self._restore(_rescale(out, (0, 255), self.value_range), batched)


class Equalization(_ColorLayer):
    """Histogram equalization of each channel over the whole input (a batch shares one
    histogram per channel, as in Keras), with `bins` bins on the 0-255 scale of
    `value_range`. Deterministic; applied unless `training=False`."""

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.bins = bins
        self.value_range = value_range_pair(value_range)

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        if not is_training(training):
            return inputs
        images = tf.cast(images, self.compute_dtype)
        channels = [self._equalize(images[..., i]) for i in range(images.shape[-1])]
        out = tf.cast(tf.stack(channels, axis=-1), self.compute_dtype)
        return self._restore(out, batched)

    def _equalize(self, channel):
        low, high = (float(v) for v in self.value_range)
        scale = 255.0 / (high - low)
        channel = channel * scale + (0.0 - low * scale)
        bins = self.bins
        values = tf.cast(channel, "float32")
        indices = tf.clip_by_value(tf.cast(values * float(bins - 1) / 255.0, "int32"), 0,
                                   bins - 1)
        hist = tf.reduce_sum(tf.one_hot(tf.reshape(indices, [-1]), bins, dtype="int32"), 0)
        cdf = tf.math.cumsum(hist)
        cdf_min = tf.reduce_min(tf.where(cdf > 0, cdf, cdf[-1]))
        denominator = cdf[-1] - cdf_min
        denominator = tf.where(denominator == 0, tf.ones_like(denominator), denominator)
        table = tf.cast((cdf - cdf_min) * 255, "float32") / tf.cast(denominator, "float32")
        table = tf.clip_by_value(tf.round(table), 0.0, 255.0)
        lookup = tf.clip_by_value(channel / 255.0 * float(bins - 1), 0.0, float(bins - 1))
        equalized = tf.gather(table, tf.cast(lookup, "int32"))
        occupied = tf.reduce_sum(tf.cast(hist > 0, "int32"))
        equalized = tf.where(occupied <= 1, tf.cast(channel, "float32"), equalized)
        back = (high - low) / 255.0
        return equalized * back + low

    def get_config(self) -> dict:
        return {**super().get_config(), "bins": self.bins, "value_range": self.value_range}


class RandomColorJitter(_ColorLayer):
    """While training, RandomBrightness, RandomContrast, RandomSaturation and RandomHue in
    that order, each only when its factor is given."""

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None,
                 saturation_factor=None, hue_factor=None, seed=None, data_format=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        from fluxion.keras.layers.preprocessing.image_layers import (  # noqa: PLC0415
            RandomBrightness,
            RandomContrast,
        )

        self.value_range = value_range
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self._seeded(seed)
        steps = [(RandomBrightness, brightness_factor), (RandomContrast, contrast_factor),
                 (RandomSaturation, saturation_factor), (RandomHue, hue_factor)]
        self._steps = [cls(factor=factor, value_range=value_range, seed=seed,
                           data_format=self.data_format)
                       for cls, factor in steps if factor is not None]

    def call(self, inputs, training=True):
        self._check_rank(inputs)
        if not is_training(training):
            return inputs
        images = tf.cast(inputs, self.compute_dtype)
        for step in self._steps:
            images = step(images, training=True)
        return tf.cast(images, self.compute_dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "value_range": self.value_range,
                "brightness_factor": self.brightness_factor,
                "contrast_factor": self.contrast_factor,
                "saturation_factor": self.saturation_factor, "hue_factor": self.hue_factor,
                "seed": self.seed}
