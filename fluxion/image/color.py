"""Dtype conversion and colour adjustments (``tf.image.convert_image_dtype``, ``adjust_*``,
``rgb_to_hsv``...), as compositions of public ops so they trace and differentiate."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.image.transforms import _image
from fluxion.ops._util import shape_of

__all__ = [
    "adjust_brightness",
    "adjust_contrast",
    "adjust_gamma",
    "adjust_hue",
    "adjust_saturation",
    "convert_image_dtype",
    "grayscale_to_rgb",
    "hsv_to_rgb",
    "per_image_standardization",
    "random_brightness",
    "random_contrast",
    "random_hue",
    "random_saturation",
    "rgb_to_grayscale",
    "rgb_to_hsv",
    "rgb_to_yiq",
    "rgb_to_yuv",
    "stateless_random_brightness",
    "stateless_random_contrast",
    "stateless_random_hue",
    "stateless_random_saturation",
    "yiq_to_rgb",
    "yuv_to_rgb",
]


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def convert_image_dtype(image, dtype, saturate: bool = False, name=None) -> Tensor:
    """Converts between image dtypes, rescaling: floats span [0, 1], integers [0, MAX]."""
    image = _tensor(image)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    src = image.dtype
    if not (src.is_floating or src.is_integer):
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype == src:
        return tf.identity(image)
    to = tf.dtypes.saturate_cast if saturate else tf.cast
    if src.is_integer and dtype.is_integer:
        if src.max > dtype.max:  # scale down first: in.max lands in [out.max, out.max + 1)
            scale = (src.max + 1) // (dtype.max + 1)
            return to(tf.math.floordiv(image, tf.constant(scale, src)), dtype)
        scale = (dtype.max + 1) // (src.max + 1)
        return tf.multiply(to(image, dtype), tf.constant(scale, dtype))
    if src.is_floating and dtype.is_floating:
        return tf.cast(image, dtype)
    if src.is_integer:
        return tf.multiply(tf.cast(image, dtype), tf.constant(1.0 / src.max, dtype))
    scaled = tf.multiply(image, tf.constant(dtype.max + 0.5, src))  # + 0.5: no rounding down
    return to(scaled, dtype)


def _as_float(image: Tensor) -> Tensor:
    """The image in float16/float32 as the adjust_* ops compute (others go to float32)."""
    if image.dtype in (dtypes.float16, dtypes.float32):
        return image
    return convert_image_dtype(image, dtypes.float32)


def _back(adjusted: Tensor, dtype) -> Tensor:
    return convert_image_dtype(adjusted, dtype, saturate=True)


def per_image_standardization(image) -> Tensor:
    """(x - mean) / max(stddev, 1/sqrt(num_pixels)) per image, over height, width, channels."""
    image = tf.cast(_image(image), dtypes.float32)
    num = int(np.prod(shape_of(image)[-3:]))
    mean = tf.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
    std = tf.math.reduce_std(image, axis=[-1, -2, -3], keepdims=True)
    floor = tf.math.rsqrt(tf.cast(tf.constant(num), image.dtype))
    return tf.divide(image - mean, tf.maximum(std, floor))


def adjust_brightness(image, delta) -> Tensor:
    """Adds `delta` to every value (in [0, 1] units for integer images)."""
    image = _tensor(image)
    flt = _as_float(image)
    return _back(tf.add(flt, tf.cast(delta, flt.dtype)), image.dtype)


def adjust_contrast(images, contrast_factor) -> Tensor:
    """(x - mean) * contrast_factor + mean, with the mean per image and channel."""
    images = _tensor(images)
    flt = _as_float(images)
    mean = tf.reduce_mean(flt, axis=[-3, -2], keepdims=True)
    factor = tf.cast(contrast_factor, flt.dtype)
    return _back((flt - mean) * factor + mean, images.dtype)


def adjust_gamma(image, gamma=1, gain=1) -> Tensor:
    """gain * image ** gamma (in [0, 1] units for integer images)."""
    image = _tensor(image)
    flt = _as_float(image)
    if not isinstance(gamma, Tensor) and np.any(np.asarray(gamma) < 0):
        raise ValueError("Gamma should be a non-negative real number.")
    adjusted = tf.cast(gain, flt.dtype) * flt ** tf.cast(gamma, flt.dtype)
    return _back(adjusted, image.dtype)


def adjust_saturation(image, saturation_factor, name=None) -> Tensor:
    """Scales the HSV saturation by `saturation_factor` (clipped to [0, 1])."""
    image = _tensor(image)
    flt = _as_float(image)
    h, s, v = tf.unstack(rgb_to_hsv(tf.cast(flt, dtypes.float32)), axis=-1)
    s = tf.clip_by_value(s * tf.cast(saturation_factor, dtypes.float32), 0.0, 1.0)
    rgb = hsv_to_rgb(tf.stack([h, s, v], axis=-1))
    return _back(tf.cast(rgb, flt.dtype), image.dtype)


def adjust_hue(image, delta, name=None) -> Tensor:
    """Rotates the HSV hue by `delta` (a fraction of the full turn, in [-1, 1])."""
    image = _tensor(image)
    if not isinstance(delta, Tensor) and not -1.0 <= float(delta) <= 1.0:
        raise ValueError("delta must be in the interval [-1, 1]")
    flt = _as_float(image)
    h, s, v = tf.unstack(rgb_to_hsv(tf.cast(flt, dtypes.float32)), axis=-1)
    h = tf.math.floormod(h + tf.cast(delta, dtypes.float32), 1.0)
    rgb = hsv_to_rgb(tf.stack([h, s, v], axis=-1))
    return _back(tf.cast(rgb, flt.dtype), image.dtype)


# --- colour spaces -----------------------------------------------------------------------------
def rgb_to_grayscale(images, name=None) -> Tensor:
    """Luma (0.2989 R + 0.5870 G + 0.1140 B) with a last axis of size 1, in the input dtype."""
    images = _tensor(images)
    flt = convert_image_dtype(images, dtypes.float32)
    weights = tf.constant([0.2989, 0.5870, 0.1140], dtypes.float32)
    gray = tf.reduce_sum(flt * weights, axis=-1, keepdims=True)
    return convert_image_dtype(gray, images.dtype)


def grayscale_to_rgb(images, name=None) -> Tensor:
    """Repeats a single channel three times."""
    images = _tensor(images)
    shape = shape_of(images)
    if len(shape) < 2:
        raise ValueError(f"A grayscale image (shape {images.shape}) must be at least "
                         f"two-dimensional.")
    if shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return tf.tile(images, [1] * (len(shape) - 1) + [3])


def _float_image(images, op: str) -> Tensor:
    """A float tensor as it is (ints raise, as TF's kernel); other values (NumPy arrays,
    lists) convert to float32 like TF's generated wrapper, whatever their dtype."""
    if not isinstance(images, Tensor):
        return tf.cast(convert_to_tensor(images), dtypes.float32)
    if not images.dtype.is_floating:
        from fluxion.errors import InvalidArgumentError

        raise InvalidArgumentError(
            f"Value for attr 'T' of {images.dtype.name} is not in the list of allowed values: "
            f"half, bfloat16, float, double [Op:{op}]")
    return images


def rgb_to_hsv(images, name=None) -> Tensor:
    """RGB in [0, 1] to HSV, hue as a fraction of the full turn."""
    images = _float_image(images, "RGBToHSV")
    r, g, b = tf.unstack(images, axis=-1)
    value = tf.maximum(tf.maximum(r, g), b)
    span = value - tf.minimum(tf.minimum(r, g), b)
    safe_v = tf.where(value > 0, value, tf.ones_like(value))
    sat = tf.where(value > 0, span / safe_v, tf.zeros_like(value))
    safe_span = tf.where(span > 0, span, tf.ones_like(span))
    norm = 1.0 / (6.0 * safe_span)
    hue = tf.where(tf.equal(r, value), norm * (g - b),
                   tf.where(tf.equal(g, value), norm * (b - r) + 2.0 / 6.0,
                            norm * (r - g) + 4.0 / 6.0))
    hue = tf.where(span > 0, hue, tf.zeros_like(hue))
    hue = tf.where(hue < 0, hue + 1.0, hue)
    return tf.stack([hue, sat, value], axis=-1)


def hsv_to_rgb(images, name=None) -> Tensor:
    """HSV (hue as a fraction of the full turn) to RGB."""
    images = _float_image(images, "HSVToRGB")
    h, s, v = tf.unstack(images, axis=-1)
    dh = h * 6.0
    # TF's closed form: each component is a clipped tent of the hue (smooth to differentiate)
    dr = tf.clip_by_value(tf.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = tf.clip_by_value(2.0 - tf.abs(dh - 2.0), 0.0, 1.0)
    db = tf.clip_by_value(2.0 - tf.abs(dh - 4.0), 0.0, 1.0)
    grey = 1.0 - s
    return tf.stack([(grey + s * dr) * v, (grey + s * dg) * v, (grey + s * db) * v], axis=-1)


_YUV = ((0.299, -0.14714119, 0.61497538), (0.587, -0.28886916, -0.51496512),
        (0.114, 0.43601035, -0.10001026))
_YUV_INV = ((1.0, 1.0, 1.0), (0.0, -0.394642334, 2.03206185), (1.13988303, -0.58062185, 0.0))
_YIQ = ((0.299, 0.59590059, 0.2115), (0.587, -0.27455667, -0.52273617),
        (0.114, -0.32134392, 0.31119955))
_YIQ_INV = ((1.0, 1.0, 1.0), (0.95598634, -0.27201283, -1.10674021),
            (0.6208248, -0.64720424, 1.70423049))


def _mix(images, kernel) -> Tensor:
    images = _tensor(images)
    if not images.dtype.is_floating:
        raise TypeError(f"Cannot convert {[list(r) for r in kernel]} to EagerTensor of dtype "
                        f"{images.dtype.name}")
    k = tf.constant(np.asarray(kernel), images.dtype)
    return tf.tensordot(images, k, axes=[[images.shape.rank - 1], [0]])


def rgb_to_yuv(images) -> Tensor:
    """RGB to YUV (Y in [0, 1], U and V about [-0.5, 0.5])."""
    return _mix(images, _YUV)


def yuv_to_rgb(images) -> Tensor:
    """YUV to RGB (the inverse of `rgb_to_yuv`)."""
    return _mix(images, _YUV_INV)


def rgb_to_yiq(images) -> Tensor:
    """RGB to YIQ."""
    return _mix(images, _YIQ)


def yiq_to_rgb(images) -> Tensor:
    """YIQ to RGB (the inverse of `rgb_to_yiq`)."""
    return _mix(images, _YIQ_INV)


# --- random adjustments ----------------------------------------------------------------------
def _draw(low: float, high: float, seed, stateless: bool) -> Tensor:
    if stateless:
        return tf.random.stateless_uniform([], seed, low, high)
    return tf.random.uniform([], low, high, seed=seed)


def _check_range(lower, upper) -> None:
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")


def _check_delta(max_delta, limit: float | None = None) -> None:
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    if limit is not None and max_delta > limit:
        raise ValueError(f"max_delta must be <= {limit}.")


def random_brightness(image, max_delta, seed=None) -> Tensor:
    """adjust_brightness by a delta drawn uniformly from [-max_delta, max_delta)."""
    _check_delta(max_delta)
    return adjust_brightness(image, _draw(-max_delta, max_delta, seed, False))


def random_contrast(image, lower, upper, seed=None) -> Tensor:
    """adjust_contrast by a factor drawn uniformly from [lower, upper)."""
    _check_range(lower, upper)
    return adjust_contrast(image, _draw(lower, upper, seed, False))


def random_saturation(image, lower, upper, seed=None) -> Tensor:
    """adjust_saturation by a factor drawn uniformly from [lower, upper)."""
    _check_range(lower, upper)
    return adjust_saturation(image, _draw(lower, upper, seed, False))


def random_hue(image, max_delta, seed=None) -> Tensor:
    """adjust_hue by a delta drawn uniformly from [-max_delta, max_delta), max_delta <= 0.5."""
    _check_delta(max_delta, 0.5)
    return adjust_hue(image, _draw(-max_delta, max_delta, seed, False))


def stateless_random_brightness(image, max_delta, seed) -> Tensor:
    """`random_brightness`, deterministic given `seed` (shape [2])."""
    _check_delta(max_delta)
    return adjust_brightness(image, _draw(-max_delta, max_delta, seed, True))


def stateless_random_contrast(image, lower, upper, seed) -> Tensor:
    """`random_contrast`, deterministic given `seed` (shape [2])."""
    _check_range(lower, upper)
    return adjust_contrast(image, _draw(lower, upper, seed, True))


def stateless_random_saturation(image, lower, upper, seed) -> Tensor:
    """`random_saturation`, deterministic given `seed` (shape [2])."""
    _check_range(lower, upper)
    return adjust_saturation(image, _draw(lower, upper, seed, True))


def stateless_random_hue(image, max_delta, seed) -> Tensor:
    """`random_hue`, deterministic given `seed` (shape [2])."""
    _check_delta(max_delta, 0.5)
    return adjust_hue(image, _draw(-max_delta, max_delta, seed, True))
