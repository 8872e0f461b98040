"""JPEG ops beyond plain decode/encode: ``extract_jpeg_shape``, ``decode_and_crop_jpeg`` and
the JPEG-quality augmentations (``adjust_jpeg_quality``, ``random_jpeg_quality``...)."""
from __future__ import annotations

import struct

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.image import codecs, jpeg, jpeg_encode
from fluxion.image.color import convert_image_dtype

__all__ = [
    "adjust_jpeg_quality",
    "decode_and_crop_jpeg",
    "extract_jpeg_shape",
    "random_jpeg_quality",
    "stateless_random_jpeg_quality",
]
_io_exports = ("extract_jpeg_shape", "decode_and_crop_jpeg")


def _jpeg_shape(data: bytes) -> tuple[int, int, int]:
    if codecs.sniff(data) != "jpeg":
        raise errors.InvalidArgumentError("Invalid JPEG data or crop window.")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length, = struct.unpack_from(">H", data, pos + 2)
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                      0xCF) and pos + 10 <= len(data):
            _, height, width, comps = struct.unpack_from(">BHHB", data, pos + 4)
            return height, width, comps
        pos += 2 + length
    raise errors.InvalidArgumentError("Invalid JPEG data or crop window.")


def _shape_kernel(xp, contents, *, dtype):
    return np.asarray(_jpeg_shape(codecs._contents(contents)), dtype._np)


_extract_shape = defop("extract_jpeg_shape", _shape_kernel,
                       infer=lambda c, dtype: Spec((3,), dtype), dtypes=(dtypes.string,),
                       tf_name="ExtractJpegShape", doc="[height, width, channels] of a JPEG.")


def extract_jpeg_shape(contents, output_type=dtypes.int32, name=None) -> Tensor:
    """[height, width, channels] of a JPEG image, without decoding it."""
    return _extract_shape(codecs._string(contents), dtype=dtypes.as_dtype(output_type))


def _crop_kernel(xp, contents, window, *, channels, fast):
    data = codecs._contents(contents)
    if np.asarray(window).size != 4:
        raise errors.InvalidArgumentError("crop_window must be [y, x, height, width]")
    y, x, h, w = (int(v) for v in np.asarray(window).reshape(-1))
    height, width, _ = _jpeg_shape(data)
    if min(y, x) < 0 or h <= 0 or w <= 0 or y + h > height or x + w > width:
        raise errors.InvalidArgumentError("Invalid JPEG data or crop window.")
    if channels == 4:
        raise errors.InvalidArgumentError("JPEG does not support 4 channels")
    try:  # libjpeg decodes whole iMCU columns; the window's right end is an edge for it
        image = jpeg.decode(data, fast, gray=channels == 1, columns=(x, x + w))
    except (jpeg.JPEGError, IndexError, KeyError, struct.error) as e:
        raise errors.InvalidArgumentError(f"Invalid JPEG data or crop window: {e}") from None
    if channels == 3 and image.shape[-1] == 1:
        image = np.repeat(image, 3, axis=-1)
    offset = x - (x + w - image.shape[1])  # the decoded columns end at x + w
    return np.ascontiguousarray(image[y:y + h, offset:offset + w])


_decode_and_crop = defop(
    "decode_and_crop_jpeg", _crop_kernel, dtypes=(dtypes.string,), same_dtype=1,
    infer=lambda c, w, channels, fast: Spec((None, None, channels or None), dtypes.uint8),
    tf_name="DecodeAndCropJpeg", doc="Decodes the [y, x, height, width] window of a JPEG.")


def decode_and_crop_jpeg(contents, crop_window, channels=0, ratio=1, fancy_upscaling=True,
                         try_recover_truncated=False, acceptable_fraction=1, dct_method="",
                         name=None) -> Tensor:
    """The [y, x, height, width] window of a decoded JPEG (a runtime tensor may give it)."""
    window = crop_window if isinstance(crop_window, Tensor) else convert_to_tensor(
        crop_window, dtypes.int32)
    return _decode_and_crop(codecs._string(contents), window, channels=int(channels),
                            fast=dct_method != "INTEGER_ACCURATE")


def _requality_kernel(xp, image, quality):
    q = int(np.asarray(quality).reshape(-1)[0])
    if image.ndim != 3 or image.shape[-1] not in (1, 3):
        raise errors.InvalidArgumentError(f"image must be 3-dimensional with 1 or 3 channels, "
                                          f"got {list(image.shape)}")
    data = jpeg_encode.encode(np.asarray(image), min(max(q, 0), 100), True)
    return jpeg.decode(data)


_requality = defop("jpeg_requality", _requality_kernel, same_dtype=1, dtypes=(dtypes.uint8,),
                   infer=lambda image, q: Spec(image.shape, dtypes.uint8),
                   tf_name="EncodeJpegVariableQuality",
                   doc="Encodes a uint8 image as JPEG at a runtime quality and decodes it.")


def adjust_jpeg_quality(image, jpeg_quality, dct_method="", name=None) -> Tensor:
    """The image after a JPEG encode at `jpeg_quality` and decode, in its own dtype."""
    image = image if isinstance(image, Tensor) else convert_to_tensor(image)
    dtype = image.dtype
    quality = jpeg_quality if isinstance(jpeg_quality, Tensor) else convert_to_tensor(
        jpeg_quality, dtypes.int32)
    out = _requality(convert_image_dtype(image, dtypes.uint8, saturate=True), quality)
    return convert_image_dtype(out, dtype, saturate=True)


def _check_quality_range(low, high) -> None:
    if low < 0 or high < 0 or low > 100 or high > 100:
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if low >= high:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")


def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None) -> Tensor:
    """adjust_jpeg_quality at a quality drawn uniformly from [min, max)."""
    _check_quality_range(min_jpeg_quality, max_jpeg_quality)
    quality = tf.random.uniform([], min_jpeg_quality, max_jpeg_quality, dtype=dtypes.int32,
                                seed=seed)
    return adjust_jpeg_quality(image, quality)


def stateless_random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed) -> Tensor:
    """`random_jpeg_quality`, deterministic given `seed` (shape [2])."""
    _check_quality_range(min_jpeg_quality, max_jpeg_quality)
    quality = tf.random.stateless_uniform([], seed, min_jpeg_quality, max_jpeg_quality,
                                          dtype=dtypes.int32)
    return adjust_jpeg_quality(image, quality)
