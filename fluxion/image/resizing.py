"""``tf.image.resize`` and the crop / pad helpers built on it (TF2 semantics)."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.image import resize_kernels, windows
from fluxion.ops._util import _recorded_shape, runtime_shape, shape_of, static_value

__all__ = [
    "ResizeMethod",
    "central_crop",
    "crop_to_bounding_box",
    "pad_to_bounding_box",
    "resize",
    "resize_with_crop_or_pad",
    "resize_with_pad",
]


class ResizeMethod:
    """Names of the resize methods (strings, as in TF2)."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


_METHODS = frozenset(v for k, v in vars(ResizeMethod).items() if k.isupper())


def as_image(images, what: str = "images") -> tuple[Tensor, bool]:
    """`images` as a 4-D tensor and whether it was a batch (rank 4) or one image (rank 3)."""
    images = images if isinstance(images, Tensor) else convert_to_tensor(images)
    rank = images.shape.rank
    if rank is None:
        raise ValueError(f"'{what}' contains no shape.")
    if rank == 3:
        return images[None], False
    if rank != 4:
        raise ValueError(f"'{what}' must have either 3 or 4 dimensions.")
    return images, True


def _size_arg(size) -> tuple[int, int]:
    value = static_value(size, "size")
    if value.shape != (2,):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    if value.dtype.kind not in "iu":
        if isinstance(size, Tensor):
            raise ValueError("'size' must be a 1-D int32 Tensor")
        raise ValueError("'size' must be a 1-D int32 Tensor")
    return int(value[0]), int(value[1])


def _aspect_size(height: int, width: int, size: tuple) -> tuple[int, int]:
    """TF's preserve_aspect_ratio: the largest size within `size` keeping height/width."""
    f32 = np.float32
    scale = min(f32(size[0]) / f32(height), f32(size[1]) / f32(width))
    return int(np.round(scale * f32(height))), int(np.round(scale * f32(width)))


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio: bool = False,
           antialias: bool = False, name=None) -> Tensor:
    """Resizes images (3-D or 4-D, NHWC) to `size` = (height, width). The result is float32,
    except with `NEAREST_NEIGHBOR`, which keeps the input's dtype."""
    images, batched = as_image(images)
    method = str(method)
    if method not in _METHODS:
        raise ValueError(f"Resize method is not implemented: [{method}]")
    if runtime_shape(size) and not preserve_aspect_ratio:
        return _resize_to(images, batched, size, method, antialias)
    size = _size_arg(size)
    if preserve_aspect_ratio and _varying_size(images):
        return _window(images, batched, mode="resize_fit", target=size, param=None,
                       method=method, antialias=bool(antialias))
    if preserve_aspect_ratio:
        _, h, w, _ = shape_of(images)
        size = _aspect_size(h, w, size)
    out = resize_kernels.resize(images, size=size, method=method, antialias=bool(antialias))
    if method != ResizeMethod.NEAREST_NEIGHBOR and out.dtype != dtypes.float32:
        out = tf.cast(out, dtypes.float32)
    return out if batched else out[0]


def _resize_to(images: Tensor, batched: bool, size: Tensor, method: str, antialias) -> Tensor:
    """`resize` to a size computed in the graph (e.g. from tf.shape of a decoded image)."""
    if size.shape.rank != 1 or size.shape[0] not in (None, 2):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    if not size.dtype.is_integer:
        raise ValueError("'size' must be a 1-D int32 Tensor")
    out = resize_kernels.resize_to(images, tf.cast(size, dtypes.int32), method=method,
                                   antialias=bool(antialias))
    if method != ResizeMethod.NEAREST_NEIGHBOR and out.dtype != dtypes.float32:
        out = tf.cast(out, dtypes.float32)
    return out if batched else out[0]


# --- crops and pads ----------------------------------------------------------------------------
def _int(value, what: str) -> int:
    v = static_value(value, what)
    return int(v)


def _hw(image: Tensor) -> tuple[int, int]:
    _, h, w, _ = shape_of(image)
    return h, w


def _varying_size(image: Tensor) -> bool:
    """Whether the image's height or width is known only when the traced graph runs (e.g.
    decoded from a file): crops and pads then take their layout from the running image."""
    shape = _recorded_shape(image)
    return shape is None or None in tuple(shape)[1:3]


def _window(image: Tensor, batched: bool, **attrs) -> Tensor:
    out = windows.place_window(image, **attrs)
    if attrs["mode"] in ("resize_pad", "resize_fit") and \
            attrs["method"] != ResizeMethod.NEAREST_NEIGHBOR \
            and out.dtype != dtypes.float32:
        out = tf.cast(out, dtypes.float32)
    return out if batched else out[0]


def crop_to_bounding_box(image, offset_height, offset_width, target_height,
                         target_width) -> Tensor:
    """The window of `target_height` x `target_width` pixels at the given offsets."""
    image, batched = as_image(image, "image")
    oh, ow = _int(offset_height, "offset_height"), _int(offset_width, "offset_width")
    th, tw = _int(target_height, "target_height"), _int(target_width, "target_width")
    if _varying_size(image) and min(oh, ow) >= 0 and min(th, tw) > 0:
        return _window(image, batched, mode="crop_to", target=(th, tw), param=(oh, ow))
    h, w = _hw(image)
    for ok, message in ((oh >= 0, "offset_height must be >= 0."),
                        (ow >= 0, "offset_width must be >= 0."),
                        (tw > 0, "target_width must be > 0."),
                        (th > 0, "target_height must be > 0."),
                        (w >= tw + ow, "width must be >= target + offset."),
                        (h >= th + oh, "height must be >= target + offset.")):
        if not ok:
            raise ValueError(message)
    out = image[:, oh:oh + th, ow:ow + tw, :]
    return out if batched else out[0]


def pad_to_bounding_box(image, offset_height, offset_width, target_height,
                        target_width) -> Tensor:
    """Zero-pads `image` to `target_height` x `target_width`, placing it at the offsets."""
    image, batched = as_image(image, "image")
    oh, ow = _int(offset_height, "offset_height"), _int(offset_width, "offset_width")
    th, tw = _int(target_height, "target_height"), _int(target_width, "target_width")
    if _varying_size(image) and oh >= 0 and ow >= 0:
        return _window(image, batched, mode="pad_to", target=(th, tw), param=(oh, ow))
    h, w = _hw(image)
    after_h, after_w = th - oh - h, tw - ow - w
    for ok, message in ((oh >= 0, "offset_height must be >= 0"),
                        (ow >= 0, "offset_width must be >= 0"),
                        (after_w >= 0, "width must be <= target - offset"),
                        (after_h >= 0, "height must be <= target - offset")):
        if not ok:
            raise ValueError(message)
    out = tf.pad(image, [[0, 0], [oh, after_h], [ow, after_w], [0, 0]])
    return out if batched else out[0]


def resize_with_crop_or_pad(image, target_height, target_width) -> Tensor:
    """Centrally crops and/or zero-pads `image` to the target size."""
    image, batched = as_image(image, "image")
    th, tw = _int(target_height, "target_height"), _int(target_width, "target_width")
    if tw <= 0:
        raise ValueError("target_width must be > 0.")
    if th <= 0:
        raise ValueError("target_height must be > 0.")
    if _varying_size(image):
        return _window(image, batched, mode="crop_or_pad", target=(th, tw), param=None)
    h, w = _hw(image)
    dh, dw = th - h, tw - w
    cropped = crop_to_bounding_box(image, max(-dh // 2, 0), max(-dw // 2, 0), min(th, h),
                                   min(tw, w))
    out = pad_to_bounding_box(cropped, max(dh // 2, 0), max(dw // 2, 0), th, tw)
    return out if batched else out[0]


def resize_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                    antialias: bool = False) -> Tensor:
    """Resizes keeping the aspect ratio, then zero-pads (centred) to the target size."""
    image, batched = as_image(image, "image")
    th, tw = _int(target_height, "target_height"), _int(target_width, "target_width")
    if tw <= 0:
        raise ValueError("target_width must be > 0.")
    if th <= 0:
        raise ValueError("target_height must be > 0.")
    if _varying_size(image):
        return _window(image, batched, mode="resize_pad", target=(th, tw), param=None,
                       method=str(method), antialias=bool(antialias))
    f32 = np.float32
    h, w = _hw(image)
    ratio = max(f32(w) / f32(tw), f32(h) / f32(th))
    rh, rw = f32(h) / ratio, f32(w) / ratio
    pad_h = max(0, int(np.floor((f32(th) - rh) / f32(2))))
    pad_w = max(0, int(np.floor((f32(tw) - rw) / f32(2))))
    resized = resize(image, [int(np.floor(rh)), int(np.floor(rw))], method=method,
                     antialias=antialias)
    out = pad_to_bounding_box(resized, pad_h, pad_w, th, tw)
    return out if batched else out[0]


def central_crop(image, central_fraction: float) -> Tensor:
    """The central `central_fraction` of each image along height and width."""
    if central_fraction <= 0.0 or central_fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    image = image if isinstance(image, Tensor) else convert_to_tensor(image)
    if central_fraction == 1.0:
        return image
    rank = image.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"'image' must have either 3 or 4 dimensions. Got rank {rank}")
    if _varying_size(image if rank == 4 else image[None]):
        batch = image if rank == 4 else image[None]
        return _window(batch, rank == 4, mode="central", target=(0, 0),
                       param=float(central_fraction))
    shape = shape_of(image)
    h, w = shape[-3], shape[-2]
    top = int((float(h) - float(h) * central_fraction) / 2)
    left = int((float(w) - float(w) * central_fraction) / 2)
    return image[..., top:h - top, left:w - left, :]
