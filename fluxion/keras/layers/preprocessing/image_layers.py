"""Keras 3's image preprocessing layers (Resizing, CenterCrop, RandomFlip, RandomCrop,
RandomContrast, RandomBrightness here; the geometric ones in `image_geometric`, the rarer ones
in `image_extra`).

As in Keras 3: random layers augment when `training` is True or not given (a bare
`layer(images)` augments; `fit` passes True, `predict`/`evaluate` False) and return their
input otherwise; 3-D (one image) and 4-D (batch) inputs; `data_format`; inside a graph
(`tf.data` map, `fit`) inputs are first cast to the layer's dtype. Numbers drawn from a
`seed` repeat within Fluxion (not TF's random streams).
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import (
    BaseImagePreprocessingLayer,
    SeedStream,
    aspect_crop_box,
    crop_window,
    dim,
    is_training,
    known_shape,
    make_default_seed,
    value_range_pair,
)
from fluxion.keras.layers.preprocessing.image_extra import (
    AutoContrast,
    RandomGrayscale,
    RandomInvert,
    RandomShear,
    Solarization,
)
from fluxion.keras.layers.preprocessing.image_geometric import (
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from fluxion.keras.layers.preprocessing.image_transform import aspect_crop_p, aspect_pad_p

__all__ = ["AutoContrast", "CenterCrop", "RandomBrightness", "RandomContrast", "RandomCrop",
           "RandomFlip", "RandomGrayscale", "RandomInvert", "RandomRotation", "RandomShear",
           "RandomTranslation", "RandomZoom", "Resizing", "Solarization"]

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _to_channels_last(images, batched: bool):
    return tf.transpose(images, (0, 2, 3, 1) if batched else (1, 2, 0))


def _to_channels_first(images, batched: bool):
    return tf.transpose(images, (0, 3, 1, 2) if batched else (2, 0, 1))


def resize_images(images, size, interpolation="bilinear", antialias=False,
                  crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode="constant",
                  fill_value=0.0, data_format="channels_last"):
    """Keras' `ops.image.resize` on TF: optional centred crop or pad to the target's aspect
    ratio, then `tf.image.resize` (float32 out, except nearest)."""
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(f"Invalid value for argument `interpolation`. Expected of one "
                         f"{RESIZE_INTERPOLATIONS}. Received: interpolation={interpolation}")
    if fill_mode != "constant":
        raise ValueError(f"Invalid value for argument `fill_mode`. Only `'constant'` is "
                         f"supported. Received: fill_mode={fill_mode}")
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be "
                         "`True`.")
    if len(size) != 2:
        raise ValueError(f"Argument `size` must be a tuple of two elements (height, width). "
                         f"Received: size={size}")
    rank = images.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"Invalid images rank: expected rank 3 (single image) or rank 4 "
                         f"(batch of images). Received input with shape: "
                         f"images.shape={tuple(known_shape(images))}")
    batched = rank == 4
    if data_format == "channels_first":
        images = _to_channels_last(images, batched)
    axes = (1, 2) if batched else (0, 1)
    if crop_to_aspect_ratio:  # the window follows each image's own size, even in a graph
        images = aspect_crop_p(images, target=tuple(size), axes=axes, mode="aspect32")
    elif pad_to_aspect_ratio:
        images = aspect_pad_p(images, target=tuple(size), axes=axes,
                              fill_value=float(fill_value))
    out = tf.image.resize(images, tuple(size), method=interpolation, antialias=antialias)
    return _to_channels_first(out, batched) if data_format == "channels_first" else out


def saturate_cast(x, dtype):
    """Cast with values clipped to `dtype`'s range first (Keras' _saturate_cast)."""
    dtype = tf.as_dtype(dtype)
    if dtype.is_integer:
        info = np.iinfo(dtype.as_numpy_dtype)
        npd = x.dtype.as_numpy_dtype
        high = npd(info.max)
        if int(high) > info.max:  # int32's max rounds up in float32: stay below it
            high = np.nextafter(high, npd(0))
        x = tf.clip_by_value(x, tf.cast(npd(info.min), x.dtype), tf.cast(high, x.dtype))
    return tf.cast(x, dtype)


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `height` x `width` (optionally cropping or padding to the target's
    aspect ratio first). Integer images come back rounded in their own dtype."""

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def call(self, inputs):
        self._check_rank(inputs)
        out = resize_images(inputs, (self.height, self.width), self.interpolation,
                            self.antialias, self.crop_to_aspect_ratio,
                            self.pad_to_aspect_ratio, self.fill_mode, self.fill_value,
                            self.data_format)
        if out.dtype == inputs.dtype:
            return out
        if inputs.dtype.is_integer:
            out = tf.round(out)
        return saturate_cast(out, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return _with_hw(input_shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias,
                "data_format": self.data_format}


def _with_hw(input_shape, height, width, data_format) -> tuple:
    shape = list(input_shape)
    batched = len(shape) == 4
    first = 1 if batched else 0
    if data_format == "channels_first":
        first += 1
    shape[first], shape[first + 1] = height, width
    return tuple(shape)


class CenterCrop(BaseImagePreprocessingLayer):
    """The central `height` x `width` window of each image (in the layer's dtype); images
    smaller than that are resized to it with `smart_resize` instead."""

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def call(self, inputs):
        from fluxion.keras.utils.image_utils import smart_resize

        images = tf.cast(inputs, self.compute_dtype)
        axes = self._axes(self._check_rank(images))
        h_diff = dim(images, axes[0]) - self.height
        w_diff = dim(images, axes[1]) - self.width
        if isinstance(h_diff, int) and isinstance(w_diff, int):
            if h_diff >= 0 and w_diff >= 0:
                return crop_window(images, h_diff // 2, w_diff // 2, self.height, self.width,
                                   axes)
        else:  # sizes known only when the graph runs: the window is found then
            return aspect_crop_p(images, target=(self.height, self.width), axes=axes,
                                 mode="center")
        return smart_resize(images, [self.height, self.width], data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        if len(input_shape) not in (3, 4):
            raise ValueError("`input_shape` must be a non-nested tuple or list of rank-1 with "
                             "size 3 (unbatched) or 4 (batched). ")
        return _with_hw(input_shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "height": self.height, "width": self.width,
                "data_format": self.data_format}


class RandomFlip(BaseImagePreprocessingLayer):
    """Flips each image with probability 1/2: left-right ("horizontal"), top-bottom
    ("vertical") or, with one draw for both, "horizontal_and_vertical"."""

    _USE_BASE_FACTOR = False

    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.seed = seed
        self._seeds = SeedStream(seed)
        self.mode = mode

    def call(self, inputs, training=True):
        images = tf.cast(inputs, self.compute_dtype)
        batched = self._check_rank(images)
        if not is_training(training):
            return images
        tail = (1, 1, 1)
        flips = self._uniform(images, batched, tail, 0.0, 1.0) <= 0.5
        h_axis, w_axis = self._axes(batched)
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            images = tf.where(flips, tf.reverse(images, [w_axis]), images)
        if self.mode in ("vertical", "horizontal_and_vertical"):
            images = tf.where(flips, tf.reverse(images, [h_axis]), images)
        return images

    def get_config(self) -> dict:
        return {**super().get_config(), "seed": self.seed, "mode": self.mode,
                "data_format": self.data_format}


class RandomCrop(BaseImagePreprocessingLayer):
    """While training, one random `height` x `width` window of the images (the same for the
    whole batch); images not larger than that are centre-cropped to the target's aspect ratio
    and resized. Outside training the input comes back unchanged (as in Keras 3)."""

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, seed=None, data_format=None, name=None,
                 **kwargs) -> None:
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height = height
        self.width = width
        self.seed = seed if seed is not None else make_default_seed()
        self._seeds = SeedStream(seed)
        self.autocast = False  # Keras leaves its input's dtype alone
        self.supports_masking = False

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        axes = self._axes(batched)
        in_h, in_w = known_shape(inputs)[axes[0]], known_shape(inputs)[axes[1]]
        if in_h is None or in_w is None:
            raise ValueError(f"RandomCrop requires the input to have a fully defined height "
                             f"and width. Received: images.shape={known_shape(inputs)}")
        if not is_training(training):
            return inputs
        images = tf.cast(inputs, self.compute_dtype)
        if in_h > self.height and in_w > self.width:
            h_start = self._offset(images, in_h - self.height + 1)
            w_start = self._offset(images, in_w - self.width + 1)
            return crop_window(images, h_start, w_start, self.height, self.width, axes)
        h_start, w_start, _, _ = aspect_crop_box(in_h, in_w, (self.height, self.width))
        # Keras slices the target's size from the aspect box's corner (clipped at the edges)
        images = crop_window(images, h_start, w_start, self.height, self.width, axes)
        if (min(self.height, in_h - h_start), min(self.width, in_w - w_start)) != \
                (self.height, self.width):
            images = resize_images(images, (self.height, self.width),
                                   data_format=self.data_format)
            images = tf.cast(images, self.compute_dtype)
        return images

    def _offset(self, images, span: int):
        return tf.cast(self._uniform(images, False, (), 0.0, float(span)), "int32")

    def compute_output_shape(self, input_shape):
        return _with_hw(input_shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "height": self.height, "width": self.width,
                "seed": self.seed, "data_format": self.data_format}


def _mean_hw(images, axes: tuple):
    return tf.reduce_mean(tf.reduce_mean(images, axis=axes[0], keepdims=True), axis=axes[1],
                          keepdims=True)


class RandomContrast(BaseImagePreprocessingLayer):
    """While training, scales each image's deviation from its per-channel mean by a random
    factor in [1 - factor[0], 1 + factor[1]] and clips to `value_range`."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self._seeds = SeedStream(seed)

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        if not is_training(training):
            return inputs
        factor = self._uniform(inputs, batched, (1, 1, 1), 1.0 - self.factor[0],
                               1.0 + self.factor[1], dtype=self.compute_dtype)
        mean = _mean_hw(inputs, self._axes(batched))
        out = (inputs - mean) * factor + mean
        return tf.clip_by_value(out, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor,
                "value_range": self.value_range, "seed": self.seed}


class RandomBrightness(BaseImagePreprocessingLayer):
    """While training, adds to each image a random delta in [factor[0], factor[1]] times the
    width of `value_range`, and clips to `value_range`."""

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs) -> None:
        super().__init__(factor=factor, **kwargs)
        self.seed = seed
        self._seeds = SeedStream(seed)
        self.value_range = value_range_pair(value_range)

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        if not is_training(training):
            return inputs
        delta = self._uniform(inputs, batched, (1, 1, 1), self.factor[0], self.factor[1])
        delta = delta * float(self.value_range[1] - self.value_range[0])
        out = inputs + tf.cast(delta, inputs.dtype)
        low, high = self.value_range
        return tf.clip_by_value(out, tf.cast(low, out.dtype), tf.cast(high, out.dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor,
                "value_range": self.value_range, "seed": self.seed}
