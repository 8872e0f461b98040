"""Image quality and filter ops: psnr, ssim, total_variation, image_gradients, sobel_edges,
extract_patches (compositions of public ops: they trace and differentiate)."""
from __future__ import annotations

import math

import numpy as np

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.image.color import convert_image_dtype
from fluxion.ops._util import shape_of

__all__ = [
    "extract_patches",
    "image_gradients",
    "psnr",
    "sobel_edges",
    "ssim",
    "ssim_multiscale",
    "total_variation",
]


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _check_pair(a: Tensor, b: Tensor) -> None:
    sa, sb = shape_of(a), shape_of(b)
    if len(sa) < 3 or len(sb) < 3:
        raise InvalidArgumentError(f"Invalid reduction dimension (-3 for input with "
                                   f"{min(len(sa), len(sb))} dimension(s)")
    if sa[-3:] != sb[-3:]:
        raise InvalidArgumentError(f"Incompatible image shapes {list(sa)} and {list(sb)}")


def psnr(a, b, max_val, name=None) -> Tensor:
    """Peak signal-to-noise ratio per image (dB): 20 log10(max_val) - 10 log10(mse)."""
    a, b = _tensor(a), _tensor(b)
    _check_pair(a, b)
    max_val = convert_image_dtype(tf.cast(max_val, a.dtype), dtypes.float32)
    a = convert_image_dtype(a, dtypes.float32)
    b = convert_image_dtype(b, dtypes.float32)
    mse = tf.reduce_mean(tf.math.squared_difference(a, b), [-3, -2, -1])
    return 20.0 * tf.math.log(max_val) / math.log(10.0) - \
        np.float32(10 / np.log(10)) * tf.math.log(mse)


def _gauss_1d(size: int, sigma: float) -> np.ndarray:
    """The 1-D factor of TF's normalised 2-D Gaussian window (float32)."""
    coords = np.arange(size, dtype=np.float32) - np.float32(size - 1) / np.float32(2)
    g = np.exp(-0.5 * coords.astype(np.float64) ** 2 / float(np.float32(sigma)) ** 2)
    return g / g.sum()


def _band(n: int, window: np.ndarray) -> np.ndarray:
    """(n - k + 1, n) matrix: a VALID correlation with `window` along one axis."""
    k = window.shape[0]
    out = np.zeros((n - k + 1, n))
    for i in range(k):  # k diagonals (the filter taps), each set in one vectorised write
        out[np.arange(n - k + 1), np.arange(n - k + 1) + i] = window[i]
    return out


def _ssim_per_channel(x: Tensor, y: Tensor, max_val, filter_size: int, filter_sigma: float,
                      k1: float, k2: float, index_map: bool = False) -> tuple:
    """(ssim, contrast-structure) per channel, averaged over the windows unless index_map."""
    shape = shape_of(x)
    h, w = shape[-3], shape[-2]
    if h < filter_size or w < filter_size:
        raise InvalidArgumentError(f"ssim: images of {h}x{w} are smaller than the filter "
                                   f"({filter_size})")
    window = _gauss_1d(int(filter_size), float(filter_sigma))
    bh = tf.constant(_band(h, window), dtypes.float32)
    bw = tf.constant(_band(w, window), dtypes.float32)
    lead = shape[:-3]

    def reducer(v):
        v = tf.reshape(v, (-1,) + tuple(shape[-3:]))
        v = tf.einsum("oh,nhwc->nowc", bh, v)
        v = tf.einsum("pw,nowc->nopc", bw, v)
        return tf.reshape(v, tuple(lead) + tuple(shape_of(v)[1:]))

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mean0, mean1 = reducer(x), reducer(y)
    num0 = mean0 * mean1 * 2.0
    den0 = tf.square(mean0) + tf.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    cs = (reducer(x * y) * 2.0 - num0 + c2) / (reducer(tf.square(x) + tf.square(y)) - den0 + c2)
    value = luminance * cs
    if index_map:
        return value, cs
    return tf.reduce_mean(value, [-3, -2]), tf.reduce_mean(cs, [-3, -2])


def _ssim_inputs(img1, img2, max_val) -> tuple:
    img1, img2 = _tensor(img1), _tensor(img2)
    _check_pair(img1, img2)
    max_val = convert_image_dtype(tf.cast(max_val, img1.dtype), dtypes.float32)
    return (convert_image_dtype(img1, dtypes.float32), convert_image_dtype(img2, dtypes.float32),
            max_val)


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         return_index_map: bool = False) -> Tensor:
    """Structural similarity per image (mean over the Gaussian windows and the channels)."""
    x, y, max_val = _ssim_inputs(img1, img2, max_val)
    value, _ = _ssim_per_channel(x, y, max_val, filter_size, filter_sigma, k1, k2,
                                 return_index_map)
    return tf.reduce_mean(value, [-1])


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11,
                    filter_sigma=1.5, k1=0.01, k2=0.03) -> Tensor:
    """Multi-scale SSIM: the contrast-structure terms of successive 2x average-pooled scales
    and the last scale's SSIM, combined by a weighted geometric mean."""
    x, y, max_val = _ssim_inputs(img1, img2, max_val)
    shape = shape_of(x)
    lead, tail = tuple(shape[:-3]), tuple(shape[-3:])
    terms = []
    value = None
    for k in range(len(power_factors)):
        if k > 0:
            x, y = _halve(x, tail), _halve(y, tail)
            tail = tuple(shape_of(x)[1:])
            x = tf.reshape(x, lead + tail)
            y = tf.reshape(y, lead + tail)
        value, cs = _ssim_per_channel(x, y, max_val, filter_size, filter_sigma, k1, k2)
        terms.append(tf.nn.relu(cs))
    terms[-1] = tf.nn.relu(value)
    stacked = tf.stack(terms, axis=-1)
    weights = tf.constant(np.asarray(power_factors, np.float32))
    return tf.reduce_mean(tf.reduce_prod(tf.pow(stacked, weights), [-1]), [-1])


def _halve(v: Tensor, tail: tuple) -> Tensor:
    """2x2 average pooling (VALID) of (..., H, W, C) flattened to 4-D, after a symmetric pad
    of odd sizes at the end, as TF's MS-SSIM."""
    v = tf.reshape(v, (-1,) + tail)
    pad_h, pad_w = tail[0] % 2, tail[1] % 2
    if pad_h or pad_w:
        v = tf.pad(v, [[0, 0], [0, pad_h], [0, pad_w], [0, 0]], mode="SYMMETRIC")
    return tf.nn.avg_pool2d(v, ksize=2, strides=2, padding="VALID")


def total_variation(images, name=None) -> Tensor:
    """Sum of absolute differences between neighbouring pixels (per image for a batch)."""
    images = _tensor(images)
    rank = images.shape.rank
    if rank == 3:
        d1 = images[1:, :, :] - images[:-1, :, :]
        d2 = images[:, 1:, :] - images[:, :-1, :]
        axis = None
    elif rank == 4:
        d1 = images[:, 1:, :, :] - images[:, :-1, :, :]
        d2 = images[:, :, 1:, :] - images[:, :, :-1, :]
        axis = [1, 2, 3]
    else:
        raise ValueError("'images' must be either 3 or 4-dimensional.")
    return tf.reduce_sum(tf.abs(d1), axis=axis) + tf.reduce_sum(tf.abs(d2), axis=axis)


def image_gradients(image) -> tuple[Tensor, Tensor]:
    """(dy, dx): forward differences, zero in the last row / column."""
    image = _tensor(image)
    if image.shape.rank != 4:
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not "
                         f"{image.shape}.")
    n, h, w, d = shape_of(image)
    dy = tf.concat([image[:, 1:] - image[:, :-1], tf.zeros([n, 1, w, d], image.dtype)], 1)
    dx = tf.concat([image[:, :, 1:] - image[:, :, :-1], tf.zeros([n, h, 1, d], image.dtype)], 2)
    return dy, dx


_SOBEL = (((-1, -2, -1), (0, 0, 0), (1, 2, 1)), ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)))


def sobel_edges(image) -> Tensor:
    """Sobel responses (dy, dx) per channel: shape [batch, h, w, d, 2], reflect padding."""
    image = _tensor(image)
    _, h, w, _ = shape_of(image)
    padded = tf.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    outs = []
    for kernel in _SOBEL:
        acc = None
        for i in range(3):
            for j in range(3):
                if kernel[i][j]:
                    term = padded[:, i:i + h, j:j + w, :] * tf.constant(kernel[i][j], image.dtype)
                    acc = term if acc is None else acc + term
        outs.append(acc)
    return tf.stack(outs, axis=-1)


def _patch_grid(n: int, k: int, stride: int, rate: int, padding: str) -> tuple[int, int, int]:
    """(output size, padding before, padding after) along one axis."""
    eff = k + (k - 1) * (rate - 1)
    if padding == "VALID":
        out = max(0, -(-(n - eff + 1) // stride))
        return out, 0, 0
    out = -(-n // stride)
    total = max((out - 1) * stride + eff - n, 0)
    return out, total // 2, total - total // 2


def extract_patches(images, sizes, strides, rates, padding, name=None) -> Tensor:
    """Patches of `sizes` = [1, rows, cols, 1] flattened into the depth axis (rows, cols, depth
    order), like a convolution's receptive fields."""
    images = _tensor(images)
    if images.shape.rank != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {images.shape.rank}")
    padding = padding.upper()
    if padding not in ("VALID", "SAME"):
        raise ValueError(f"padding must be 'VALID' or 'SAME', got {padding!r}")
    _, kr, kc, _ = (int(v) for v in sizes)
    _, sr, sc, _ = (int(v) for v in strides)
    _, rr, rc, _ = (int(v) for v in rates)
    n, h, w, d = shape_of(images)
    oh, top, bottom = _patch_grid(h, kr, sr, rr, padding)
    ow, left, right = _patch_grid(w, kc, sc, rc, padding)
    x = tf.pad(images, [[0, 0], [top, bottom], [left, right], [0, 0]]) if padding == "SAME" \
        else images
    if oh == 0 or ow == 0:
        return tf.zeros([n, oh, ow, kr * kc * d], images.dtype)
    pieces = [x[:, i * rr:i * rr + (oh - 1) * sr + 1:sr, j * rc:j * rc + (ow - 1) * sc + 1:sc, :]
              for i in range(kr) for j in range(kc)]
    return tf.reshape(tf.stack(pieces, axis=3), [n, oh, ow, kr * kc * d])
