"""``keras.ops.image``: the ops that map onto ``fluxion.image`` (loaded on first use)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.ops._common import result_type, static_shape, tensor, wrap_module

_METHODS = {"bilinear": "bilinear", "nearest": "nearest", "bicubic": "bicubic",
            "lanczos3": "lanczos3", "lanczos5": "lanczos5", "area": "area"}


def _channels_last(data_format) -> bool:
    if data_format is None:
        from fluxion.keras import backend

        data_format = backend.image_data_format()
    return data_format == "channels_last"


def resize(images, size, interpolation="bilinear", antialias=False,
           crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode="constant",
           fill_value=0.0, data_format=None):
    """Resizes a batch (rank 4) or one image (rank 3) to ``size`` = (height, width),
    optionally centre-cropping or padding to the target aspect ratio first."""
    if interpolation not in _METHODS:
        raise ValueError("Invalid value for argument `interpolation`. Expected of one "
                         f"{tuple(_METHODS)}. Received: interpolation={interpolation}")
    if fill_mode != "constant":
        raise ValueError("Invalid value for argument `fill_mode`. Only `'constant'` is "
                         f"supported. Received: fill_mode={fill_mode}")
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be "
                         "`True`.")
    if len(size) != 2:
        raise ValueError("Argument `size` must be a tuple of two elements (height, width). "
                         f"Received: size={size}")
    x = tensor(images)
    rank = x.shape.rank
    if rank not in (3, 4):
        raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 "
                         f"(batch of images). Received input with shape: images.shape={x.shape}")
    last = _channels_last(data_format)
    if not last:
        x = tf.transpose(x, [0, 2, 3, 1] if rank == 4 else [1, 2, 0])
    if crop_to_aspect_ratio:
        x = _crop_to_ratio(x, size)
    elif pad_to_aspect_ratio:
        x = _pad_to_ratio(x, size, fill_value)
    out = tf.image.resize(x, size, method=_METHODS[interpolation], antialias=antialias)
    if out.dtype != x.dtype:  # back to the input's dtype, rounded and clipped
        from fluxion.keras.ops.core import saturate_cast

        out = saturate_cast(tf.math.round(out) if x.dtype.is_integer else out, x.dtype)
    if not last:
        out = tf.transpose(out, [0, 3, 1, 2] if rank == 4 else [2, 0, 1])
    return out


def _hw(x) -> tuple:
    dims = static_shape(x)
    if dims[-3] is None or dims[-2] is None:
        raise ValueError("resize: cropping or padding to an aspect ratio needs static image "
                         "height and width")
    return dims[-3], dims[-2]


def _crop_to_ratio(x, size):
    height, width = _hw(x)
    target_h, target_w = size
    crop_h = max(min(height, int(width * target_h / target_w)), 1)
    crop_w = max(min(width, int(height * target_w / target_h)), 1)
    top, left = (height - crop_h) // 2, (width - crop_w) // 2
    return x[..., top:top + crop_h, left:left + crop_w, :]


def _pad_to_ratio(x, size, fill_value):
    height, width = _hw(x)
    target_h, target_w = size
    top = (max(height, int(width * target_h / target_w)) - height) // 2
    left = (max(width, int(height * target_w / target_h)) - width) // 2
    pads = [[top, top], [left, left], [0, 0]]
    if x.shape.rank == 4:
        pads = [[0, 0], *pads]
    return tf.pad(x, pads, constant_values=tf.cast(fill_value, x.dtype))


def rgb_to_grayscale(images, data_format=None):
    x = tensor(images)
    axis = -1 if _channels_last(data_format) else -3
    if x.shape.rank not in (3, 4):
        raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 "
                         f"(batch of images). Received input with shape: images.shape={x.shape}")
    channels = static_shape(x)[axis]
    if channels not in (1, 3):
        raise ValueError("Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received "
                         f"input with shape: images.shape={x.shape}")
    if channels == 1:
        return tf.identity(x)
    compute = result_type(x.dtype.name, float)
    weights = tf.constant([0.2989, 0.5870, 0.1140], compute)
    gray = tf.tensordot(tf.cast(x, compute), weights, axes=[[x.shape.rank + axis], [0]])
    return tf.cast(tf.expand_dims(gray, axis), x.dtype)


def _color(fn):
    def op(images, data_format=None):
        x = tensor(images)
        if x.shape.rank not in (3, 4):
            raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 "
                             f"(batch of images). Received input with shape: "
                             f"images.shape={x.shape}")
        if not x.dtype.is_floating:
            raise ValueError("Invalid images dtype: expected float dtype. Received: "
                             f"images.dtype={x.dtype.name}")
        if _channels_last(data_format):
            return fn(x)
        perm = [0, 2, 3, 1] if x.shape.rank == 4 else [1, 2, 0]
        back = [0, 3, 1, 2] if x.shape.rank == 4 else [2, 0, 1]
        return tf.transpose(fn(tf.transpose(x, perm)), back)
    return op


rgb_to_hsv = _color(lambda x: tf.image.rgb_to_hsv(x))
hsv_to_rgb = _color(lambda x: tf.image.hsv_to_rgb(x))


def _two_of(a, b, target, names):
    if [a, b, target].count(None) != 1:
        raise ValueError(f"Must specify exactly two of {', '.join(names)}. Received: "
                         f"{names[0]}={a}, {names[1]}={b}, {names[2]}={target}")
    _non_negative(*zip((a, b, target), names))


def _non_negative(*named):
    """Raises Keras' ValueError for the first negative ``(value, name)`` pair."""
    for value, name in named:
        if value is not None and value < 0:
            raise ValueError(f"{name} must be >= 0. Received: {name}={value}")


def _image_hw(x, last: bool):
    if x.shape.rank not in (3, 4):
        raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 "
                         f"(batch of images). Received: images.shape={x.shape}")
    dims = static_shape(x)
    return (dims[-3], dims[-2]) if last else (dims[-2], dims[-1])


def _spatial(x, last: bool, rows, cols):
    """``x`` indexed by ``rows`` and ``cols`` on its height and width axes."""
    lead = [slice(None)] * (x.shape.rank - 3)
    key = [rows, cols, slice(None)] if last else [slice(None), rows, cols]
    return x[tuple(lead + key)]


def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    """Crops the height and width of images; two of each triple (top, bottom, target height),
    (left, right, target width) are given."""
    x, last = tensor(images), _channels_last(data_format)
    height, width = _image_hw(x, last)
    _two_of(top_cropping, bottom_cropping, target_height,
            ("top_cropping", "bottom_cropping", "target_height"))
    _two_of(left_cropping, right_cropping, target_width,
            ("left_cropping", "right_cropping", "target_width"))
    if top_cropping is None:
        top_cropping = height - target_height - bottom_cropping
    if target_height is None:
        target_height = height - bottom_cropping - top_cropping
    if left_cropping is None:
        left_cropping = width - target_width - right_cropping
    if target_width is None:
        target_width = width - right_cropping - left_cropping
    _non_negative((top_cropping, "top_cropping"), (target_height, "target_height"),
                  (left_cropping, "left_cropping"), (target_width, "target_width"))
    if (height is not None and top_cropping + target_height > height) or \
            (width is not None and left_cropping + target_width > width):
        raise tf.errors.InvalidArgumentError(
            None, None, f"crop_images: the crop box ({top_cropping}, {left_cropping}) + "
            f"({target_height}, {target_width}) exceeds the images' size ({height}, {width})")
    return _spatial(x, last, slice(top_cropping, top_cropping + target_height),
                    slice(left_cropping, left_cropping + target_width))


def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    """Zero-pads the height and width of images; two of each triple (top, bottom, target
    height), (left, right, target width) are given."""
    x, last = tensor(images), _channels_last(data_format)
    height, width = _image_hw(x, last)
    _two_of(top_padding, bottom_padding, target_height,
            ("top_padding", "bottom_padding", "target_height"))
    _two_of(left_padding, right_padding, target_width,
            ("left_padding", "right_padding", "target_width"))
    if top_padding is None:
        top_padding = target_height - bottom_padding - height
    if bottom_padding is None:
        bottom_padding = target_height - top_padding - height
    if left_padding is None:
        left_padding = target_width - right_padding - width
    if right_padding is None:
        right_padding = target_width - left_padding - width
    _non_negative((top_padding, "top_padding"), (left_padding, "left_padding"),
                  (right_padding, "right_padding"), (bottom_padding, "bottom_padding"))
    pads = [[top_padding, bottom_padding], [left_padding, right_padding]]
    pads = pads + [[0, 0]] if last else [[0, 0]] + pads
    if x.shape.rank == 4:
        pads = [[0, 0]] + pads
    return tf.pad(x, pads)


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """2-D patches of ``size`` flattened into the channel axis (patch row, column, channel
    order): a convolution with an identity kernel, as Keras computes it."""
    if isinstance(size, int):
        patch_h = patch_w = size
    elif len(size) == 2:
        patch_h, patch_w = size
    else:
        raise TypeError("Invalid `size` argument. Expected an int or a tuple of length 2. "
                        f"Received: size={size}")
    from fluxion.keras.ops.nn import conv

    x, last = tensor(images), _channels_last(data_format)
    channels = static_shape(x)[-1 if last else -3]
    depth = patch_h * patch_w * channels
    kernel = tf.reshape(tf.eye(depth, dtype=x.dtype), [patch_h, patch_w, channels, depth])
    single = x.shape.rank == 3
    if single:
        x = tf.expand_dims(x, 0)
    out = conv(x, kernel, strides=strides or size, padding=padding,
               data_format="channels_last" if last else "channels_first",
               dilation_rate=dilation_rate)
    return out[0] if single else out


__all__ = ["crop_images", "extract_patches", "hsv_to_rgb", "pad_images", "resize",
           "rgb_to_grayscale", "rgb_to_hsv"]
wrap_module(globals(), __all__)
