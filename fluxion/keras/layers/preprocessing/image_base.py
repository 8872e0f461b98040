"""The base of Keras 3's image preprocessing layers (`BaseImagePreprocessingLayer`): data
format, the `factor` argument, per-layer seed streams, the `training` default and the dtype
rules Keras applies inside graphs (`tf.data` pipelines and `fit`)."""
from __future__ import annotations

import random

import fluxion as tf
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor
from fluxion.keras.layers.argument_validation import standardize_data_format
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.preprocessing.image_transform import (
    aspect_box,
    new_seed_stream,
    seed_stream_p,
    uniform_rows_p,
)


def value_range_pair(value_range) -> list:
    """Keras' `value_range` check: two numbers, returned sorted."""
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise ValueError(f"The `value_range` argument should be a list of two numbers. "
                         f"Received: value_range={value_range}")
    return sorted(value_range)


def factor_pair(factor, name: str, message: str, out_of_range, symmetric: bool = True) -> tuple:
    """A factor given as a number f or a pair of numbers, each refused (with `message`) where
    `out_of_range(value)`: (lower, upper); f gives (-|f|, |f|) when `symmetric`, else (0, f)."""
    def check(value):
        if out_of_range(value):
            raise ValueError(message + f"Received: input_number={value}")
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(message + f"Received: {name}={factor}")
        check(factor[0])
        check(factor[1])
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        check(factor)
        return (-abs(factor), abs(factor)) if symmetric else (0, factor)
    raise ValueError(message + f"Received: {name}={factor}")


def make_default_seed() -> int:
    """A seed from Python's generator, as Keras draws one (keras.utils.set_random_seed
    makes it repeat)."""
    return random.randint(1, int(1e9))


class SeedStream:
    """A layer's source of kernel seeds (Keras' `SeedGenerator`): a fixed key and a counter, so
    two layers with the same `seed` draw the same numbers and each call (or graph run) draws
    new ones."""

    def __init__(self, seed) -> None:
        self.key = int(seed) if seed is not None else make_default_seed()
        self.stream = new_seed_stream()

    def next(self) -> Tensor:
        return seed_stream_p(key=self.key, stream=self.stream)


def known_shape(x) -> tuple:
    """`x`'s shape with None where it varies between the runs of the graph being traced."""
    trace = STATE.trace
    if trace is not None and trace.is_shape_dynamic_here(x):
        recorded = trace.recorded_shape(x)
        return (None,) * x.shape.rank if recorded is None else tuple(recorded)
    return tuple(x.shape.as_list())


def dim(x, axis: int):
    """One dim of `x`: a Python int when static, else an int32 scalar tensor."""
    d = known_shape(x)[axis]
    return d if d is not None else tf.shape(x)[axis]


def float_dim(x, axis: int):
    d = dim(x, axis)
    return float(d) if isinstance(d, int) else tf.cast(d, "float32")


class BaseImagePreprocessingLayer(Layer):
    """Keras' base: `data_format`, `factor` (for the layers that take one), a rank check
    (3-D image or 4-D batch) and, in a graph, inputs cast to the layer's dtype first (as
    Keras' DataLayer does in `tf.data` and `tf.function`)."""

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format
        self.data_format = standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(f"Layer {type(self).__name__} does not take a `factor` argument. "
                             f"Received: factor={factor}")
        self.built = True

    def _set_factor(self, factor) -> None:
        low, high = self._FACTOR_BOUNDS
        message = (f"The `factor` argument should be a number (or a list of two numbers) in "
                   f"the range [{low}, {high}]. Received: factor={factor}")
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high or factor[1] < low:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if factor < low or factor > high:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, low), factor
        else:
            raise ValueError(message)  # noqa: TRY004 - Keras raises ValueError
        self.factor = (lower, upper)

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, dict):
            return self._call_dict(inputs, *args, **kwargs)
        if STATE.trace is not None and isinstance(inputs, Tensor) and \
                inputs.dtype.name != self.compute_dtype:
            inputs = tf.cast(inputs, self.compute_dtype)
        return super().__call__(inputs, *args, **kwargs)

    def _call_dict(self, data: dict, *args, **kwargs) -> dict:
        """Keras 3's dict inputs: "images" transformed, "labels" passed through."""
        if "images" not in data:
            raise ValueError(f"A dict input needs an 'images' key. Received keys: "
                             f"{sorted(data)}")
        unsupported = sorted(set(data) - {"images", "labels"})
        if unsupported:
            raise NotImplementedError(f"{type(self).__name__}: transforming {unsupported} "
                                      f"(bounding boxes, segmentation masks) is not supported")
        out = dict(data)
        out["images"] = self(data["images"], *args, **kwargs)
        return out

    def _check_rank(self, images) -> bool:
        """Whether `images` is a batch (rank 4) rather than one image (rank 3)."""
        rank = images.shape.rank
        if rank not in (3, 4):
            raise ValueError(f"Expected image tensor to have rank 3 (single image) or 4 (batch "
                             f"of images). Received: data.shape={tuple(images.shape.as_list())}")
        return rank == 4

    def _axes(self, batched: bool) -> tuple:
        """(height axis, width axis) for this layer's data format."""
        if self.data_format == "channels_first":
            return (2, 3) if batched else (1, 2)
        return (1, 2) if batched else (0, 1)

    def _uniform(self, images, batched: bool, tail: tuple, minval: float, maxval: float,
                 dtype="float32") -> Tensor:
        """Uniform draws in [minval, maxval) of shape [batch, *tail] for a batch, `tail` for
        one image (the batch size may vary between the runs of a graph)."""
        return uniform_rows_p(images, self._seeds.next(), tail=tuple(tail),
                              minval=float(minval), maxval=float(maxval),
                              dtype=tf.as_dtype(dtype), batched=batched)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = {**super().get_config(), "data_format": self.data_format}
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config


def is_training(training) -> bool:
    """Keras' image layers default `training` to True (a bare `layer(images)` augments)."""
    return True if training is None else bool(training)


# --- crops shared by Resizing, CenterCrop, RandomCrop and smart_resize --------------------------
def aspect_crop_box(height: int, width: int, target: tuple) -> tuple:
    """(h_start, w_start, crop_h, crop_w) of the largest centred window with the aspect ratio
    of `target` (Keras' crop_to_aspect_ratio in Python floats, for static sizes)."""
    return aspect_box(height, width, target, float32=False)


def crop_window(images, h_start, w_start, crop_h, crop_w, axes: tuple):
    """images[..., h_start:h_start + crop_h, w_start:w_start + crop_w, ...] on the (height,
    width) `axes`; starts and sizes may be tensors (a graph's values: gathered rows)."""
    static = all(isinstance(v, int) for v in (h_start, w_start, crop_h, crop_w))
    if static:
        index = [slice(None)] * images.shape.rank
        index[axes[0]] = slice(h_start, h_start + crop_h)
        index[axes[1]] = slice(w_start, w_start + crop_w)
        return images[tuple(index)]
    rows = tf.range(crop_h) + h_start
    cols = tf.range(crop_w) + w_start
    return tf.gather(tf.gather(images, rows, axis=axes[0]), cols, axis=axes[1])
