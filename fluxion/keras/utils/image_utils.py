"""Keras' image utilities: `load_img`, `img_to_array`, `array_to_img`, `save_img` (PIL
images; Pillow is optional and only these need it), `smart_resize` and
`image_dataset_from_directory` (a `tf.data.Dataset` of decoded, resized image batches)."""
from __future__ import annotations

import io
import pathlib
import warnings

import numpy as np

import fluxion as tf
from fluxion.keras.utils._directory import (
    check_format,
    check_labels_args,
    index_labelled_files,
    labelled_dataset,
    subset_datasets,
)

__all__ = ["array_to_img", "image_dataset_from_directory", "img_to_array", "load_img",
           "save_img", "smart_resize"]

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                   "gaussian", "mitchellcubic")


def _pil_image(what: str):
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(f"Could not import PIL.Image. The use of `{what}` requires PIL "
                          f"(install it with `pip install pillow`).") from None
    return Image


def _data_format(data_format) -> str:
    from fluxion.keras.layers.argument_validation import standardize_data_format

    return standardize_data_format(data_format)


def _floatx() -> str:
    from fluxion.keras import backend

    return backend.floatx()


# --- PIL images <-> arrays ------------------------------------------------------------------------
def img_to_array(img, data_format=None, dtype=None) -> np.ndarray:
    """A PIL image (or anything array-like) as a 3-D NumPy array; 2-D inputs get a channel
    axis."""
    data_format = _data_format(data_format)
    x = np.asarray(img, dtype=dtype or _floatx())
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        if data_format == "channels_first":
            return x.reshape((1, *x.shape))
        return x.reshape((*x.shape, 1))
    raise ValueError(f"Unsupported image shape: {x.shape}")


def array_to_img(x, data_format=None, scale: bool = True, dtype=None):
    """A 3-D array as a PIL image (RGBA, RGB or L/I for 4, 3 or 1 channels); `scale` maps
    the values onto [0, 255] first."""
    data_format = _data_format(data_format)
    image = _pil_image("array_to_img")
    x = np.asarray(x, dtype=dtype or _floatx())
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with "
                         f"shape: {x.shape}")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        top = np.max(x)
        if top != 0:
            x /= top
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return image.fromarray(x[:, :, 0].astype("int32"), "I")
        return image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def save_img(path, x, data_format=None, file_format=None, scale: bool = True,
             **kwargs) -> None:
    """Writes an image array to `path` (the format from the suffix unless given)."""
    data_format = _data_format(data_format)
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("The JPEG format does not support RGBA images, converting to RGB.",
                      stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


_PIL_RESAMPLING = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio: bool = False):
    """Loads an image file (or an io.BytesIO) as a PIL image in `color_mode`, resized to
    `target_size` = (height, width) when given (centre-cropped to its aspect ratio first with
    `keep_aspect_ratio`). Without Pillow: the file decoded by tf.io.decode_image, as an
    array-backed image (`size`, `mode`, `np.asarray(img)`, `img_to_array(img)`)."""
    try:
        image = _pil_image("load_img")
    except ImportError:
        return _decoded_image(path, color_mode, target_size, interpolation, keep_aspect_ratio)
    if isinstance(path, io.BytesIO):
        img = image.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        if isinstance(path, pathlib.Path):
            path = str(path.resolve())
        with open(path, "rb") as f:
            img = image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    modes = {"grayscale": ("L", ("L", "I;16", "I")), "rgba": ("RGBA", ("RGBA",)),
             "rgb": ("RGB", ("RGB",))}
    if color_mode not in modes:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    target, accepted = modes[color_mode]
    if img.mode not in accepted:
        img = img.convert(target)
    if target_size is None:
        return img
    size = (target_size[1], target_size[0])
    if img.size == size:
        return img
    if interpolation not in _PIL_RESAMPLING:
        raise ValueError(f"Invalid interpolation method {interpolation} specified. Supported "
                         f"methods are {', '.join(_PIL_RESAMPLING)}")
    resample = getattr(getattr(image, "Resampling", image), interpolation.upper())
    if not keep_aspect_ratio:
        return img.resize(size, resample)
    width, height = img.size
    crop_h = min(height, (width * size[1]) // size[0])
    crop_w = min(width, (height * size[0]) // size[1])
    top, left = (height - crop_h) // 2, (width - crop_w) // 2
    return img.resize(size, resample, box=[left, top, left + crop_w, top + crop_h])


# --- smart_resize --------------------------------------------------------------------------------
def smart_resize(x, size, interpolation="bilinear", data_format="channels_last", **kwargs):
    """Resizes an image (or batch) to `size` without distorting it: the largest centred window
    with the target's aspect ratio, resized. NumPy in, NumPy out."""
    from fluxion.keras.layers.preprocessing.image_base import known_shape
    from fluxion.keras.layers.preprocessing.image_layers import resize_images
    from fluxion.keras.layers.preprocessing.image_transform import aspect_crop_p

    if kwargs:
        raise TypeError(f"smart_resize() got unexpected keyword arguments: {list(kwargs)}")
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    img = x if isinstance(x, tf.Tensor) else tf.convert_to_tensor(x)
    rank = img.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"Expected an image array with shape `(height, width, channels)`, or "
                         f"`(batch_size, height, width, channels)`, but got input with "
                         f"incorrect rank, of shape {tuple(img.shape.as_list())}.")
    axes = (rank - 3, rank - 2) if data_format == "channels_last" else (rank - 2, rank - 1)
    # Keras computes the window in Python floats for static sizes, float32 for dynamic ones
    img = aspect_crop_p(img, target=tuple(size), axes=axes,
                        mode="aspect32" if None in known_shape(img) else "aspect")
    img = resize_images(img, tuple(size), interpolation=interpolation, data_format=data_format)
    return img.numpy() if isinstance(x, np.ndarray) else img


# --- image_dataset_from_directory --------------------------------------------------------------
def _contents_dataset(paths: list):
    """The files' bytes, read when the dataset is iterated."""
    return tf.data.Dataset.from_tensor_slices(np.array(paths, dtype=object)).map(tf.io.read_file)


def _decode_and_resize(contents, image_size, num_channels, interpolation, data_format,
                       crop_to_aspect_ratio, pad_to_aspect_ratio):
    from fluxion.keras.layers.preprocessing.image_transform import aspect_crop_p

    img = tf.image.decode_image(contents, channels=num_channels, expand_animations=False)
    if crop_to_aspect_ratio:
        # Keras' smart_resize on a decoded tensor: the window follows each file's size
        img = aspect_crop_p(img, target=tuple(image_size), axes=(0, 1), mode="aspect32")
    if pad_to_aspect_ratio and not crop_to_aspect_ratio:
        img = tf.image.resize_with_pad(img, image_size[0], image_size[1], method=interpolation)
    else:
        img = tf.image.resize(img, image_size, method=interpolation)
    if data_format == "channels_first":
        img = tf.transpose(img, (2, 0, 1))
    shape = (*image_size, num_channels) if data_format == "channels_last" else \
        (num_channels, *image_size)
    return tf.ensure_shape(img, shape)  # nearest keeps the decoded dtype, as in Keras


def _check_arguments(labels, label_mode, class_names, color_mode, image_size,
                     interpolation) -> tuple:
    check_labels_args(labels, label_mode, class_names, "image files", "images")
    channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError(f'`color_mode` must be one of {{"rgb", "rgba", "grayscale"}}. '
                         f"Received: color_mode={color_mode}")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(f"Invalid `image_size` value. Expected a tuple of 2 integers. "
                         f"Received: image_size={image_size}")
    interpolation = interpolation.lower()
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"Argument `interpolation` should be one of {_INTERPOLATIONS}. "
                         f"Received: interpolation={interpolation}")
    return channels, tuple(image_size), interpolation


def image_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                 class_names=None, color_mode="rgb", batch_size=32,
                                 image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear",
                                 follow_links=False, crop_to_aspect_ratio=False,
                                 pad_to_aspect_ratio=False, data_format=None, format="tf",
                                 verbose=True):
    """A `tf.data.Dataset` of (images, labels) batches from `directory` (one subdirectory per
    class with labels "inferred"), images float32 of `image_size`; with `subset="both"` a
    [training, validation] pair. Each dataset has `class_names` and `file_paths`."""

    channels, image_size, interpolation = _check_arguments(
        labels, label_mode, class_names, color_mode, image_size, interpolation)
    check_format(format)
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set "
                         "to `True`.")
    paths, labels, label_mode, class_names, seed = index_labelled_files(
        directory, labels, label_mode, ALLOWLIST_FORMATS, class_names, validation_split,
        subset, shuffle, seed, follow_links, verbose)
    load_args = (image_size, channels, interpolation, _data_format(data_format),
                 crop_to_aspect_ratio, pad_to_aspect_ratio)
    num_classes = len(class_names) if class_names else 0

    def make(part_paths, part_labels, part_shuffle, buffer_size):
        return labelled_dataset(_contents_dataset(list(part_paths)), part_labels, label_mode,
                                num_classes, part_shuffle, buffer_size, seed,
                                lambda x: _decode_and_resize(x, *load_args))

    return subset_datasets(make, paths, labels, class_names, validation_split, subset, shuffle,
                           batch_size, f"images found in directory {directory}. Allowed "
                           f"formats: {ALLOWLIST_FORMATS}", file_paths=True)


class DecodedImage:
    """An image loaded without Pillow: its pixels (height, width, channels, uint8) with the
    parts of PIL's Image API that code around `load_img` uses."""

    def __init__(self, pixels: np.ndarray, mode: str) -> None:
        self._pixels = pixels
        self.mode = mode

    size = property(lambda self: (self._pixels.shape[1], self._pixels.shape[0]))
    width = property(lambda self: self._pixels.shape[1])
    height = property(lambda self: self._pixels.shape[0])

    def __array__(self, dtype=None, copy=None):
        pixels = self._pixels[..., 0] if self.mode == "L" else self._pixels
        return pixels if dtype is None else pixels.astype(dtype)

    def __repr__(self) -> str:
        return f"<DecodedImage mode={self.mode} size={self.size[0]}x{self.size[1]}>"


def _decoded_image(path, color_mode, target_size, interpolation, keep_aspect_ratio):
    from fluxion.keras.preprocessing.image_iterators import load_image_array  # noqa: PLC0415

    if isinstance(path, io.BytesIO):
        raise ImportError("Loading an io.BytesIO image requires PIL (pip install pillow)")
    pixels = load_image_array(str(path), color_mode=color_mode, target_size=target_size,
                              interpolation=interpolation,
                              keep_aspect_ratio=keep_aspect_ratio, dtype="uint8")
    mode = {"grayscale": "L", "rgba": "RGBA"}.get(color_mode, "RGB")
    return DecodedImage(pixels, mode)
