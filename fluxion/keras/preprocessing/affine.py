"""NumPy image transforms of Keras' legacy `preprocessing.image` module: the affine resampler
behind `apply_affine_transform` (the same sampling as `scipy.ndimage.affine_transform`, which
Keras calls, for spline orders 0 and 1 and the fill modes "constant", "nearest", "reflect" and
"wrap", vectorised over channels), channel and brightness shifts, and their random versions
(drawn from NumPy's global generator, as Keras)."""
from __future__ import annotations

import numpy as np

__all__ = ["apply_affine_transform", "apply_brightness_shift", "apply_channel_shift",
           "random_brightness", "random_channel_shift", "random_rotation", "random_shear",
           "random_shift", "random_zoom"]

_MODES = ("constant", "nearest", "reflect", "wrap")


# --- sampling (scipy.ndimage's boundary rules) ---------------------------------------------------
def _map_coordinate(c: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Input coordinates brought inside the image as scipy.ndimage maps them."""
    if mode == "nearest":
        return np.clip(c, 0, n - 1)
    if mode == "reflect":  # half-sample symmetric, period 2n
        sz2 = 2 * n
        neg = np.where(c < -sz2, sz2 * np.trunc(-c / sz2) + c, c)
        neg = np.where(neg < -n, neg + sz2, -neg - 1)
        pos = c - sz2 * np.trunc(c / sz2)
        pos = np.where(pos >= n, sz2 - pos - 1, pos)
        return np.where(c < 0, neg, np.where(c > n - 1, pos, c))
    if mode == "wrap":  # scipy's "wrap": the first and last samples overlap (period n - 1)
        if n <= 1:
            return np.zeros_like(c)
        sz = n - 1
        neg = c + sz * (np.trunc(-c / sz) + 1)
        pos = c - sz * np.trunc(c / sz)
        return np.where(c < 0, neg, np.where(c > n - 1, pos, c))
    return c  # constant: out-of-range points are masked by the caller


def _bound_index(i: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Integer sample indices just outside [0, n) (the second tap of order 1, or a rounded
    reflected coordinate) mapped back inside."""
    if mode == "reflect":
        i = np.where(i < 0, -i - 1, np.where(i >= n, 2 * n - i - 1, i))
    return np.clip(i, 0, n - 1)


def _taps(c: np.ndarray, n: int, mode: str, order: int) -> list:
    """[(indices, weights)] of the samples each output point mixes along one axis."""
    c = _map_coordinate(c, n, mode)
    if order == 0:
        return [(_bound_index(np.floor(c + 0.5).astype(np.intp), n, mode), None)]
    i0 = np.floor(c)
    frac = c - i0
    i0 = i0.astype(np.intp)
    return [(_bound_index(i0, n, mode), 1.0 - frac), (_bound_index(i0 + 1, n, mode), frac)]


def _cast_like(values: np.ndarray, dtype) -> np.ndarray:
    if np.issubdtype(dtype, np.integer):  # scipy rounds half away from zero
        info = np.iinfo(dtype)
        values = np.clip(np.where(values > 0, values + 0.5, values - 0.5), info.min, info.max)
        return np.trunc(values).astype(dtype)
    return values.astype(dtype, copy=False)


def _resample(x: np.ndarray, matrix: np.ndarray, offset: np.ndarray, order: int, mode: str,
              cval: float) -> np.ndarray:
    """out[ch, i, j] = x[ch] sampled at matrix @ (i, j) + offset, for every channel."""
    if mode not in _MODES:
        raise ValueError(f"Unsupported `fill_mode`: {mode!r}. Expected one of {_MODES}")
    if order not in (0, 1):
        raise NotImplementedError(f"Only interpolation orders 0 and 1 are supported, got "
                                  f"{order}")
    _, h, w = x.shape
    i, j = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64),
                       indexing="ij")
    rows = matrix[0, 0] * i + matrix[0, 1] * j + offset[0]
    cols = matrix[1, 0] * i + matrix[1, 1] * j + offset[1]
    src = x.astype(np.float64, copy=False)
    out = np.zeros((x.shape[0], h, w))
    for ri, rw in _taps(rows, h, mode, order):
        for ci, cw in _taps(cols, w, mode, order):
            sample = src[:, ri, ci]
            if rw is not None:
                sample = sample * (rw * cw)
            out += sample
    if mode == "constant":
        outside = (rows < 0) | (rows > h - 1) | (cols < 0) | (cols > w - 1)
        out[:, outside] = cval
    return _cast_like(out, x.dtype)


def _offset_center(matrix: np.ndarray, x: int, y: int) -> np.ndarray:
    o_x, o_y = float(x) / 2 - 0.5, float(y) / 2 - 0.5
    offset = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    return offset @ matrix @ reset


def _affine_matrix(theta, tx, ty, shear, zx, zy):
    """Rotation @ shift @ shear @ zoom (the factors present), or None for the identity."""
    parts = []
    if theta != 0:
        t = np.deg2rad(theta)
        parts.append(np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0],
                               [0, 0, 1]]))
    if tx != 0 or ty != 0:
        parts.append(np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
    if shear != 0:
        s = np.deg2rad(shear)
        parts.append(np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]]))
    if zx != 1 or zy != 1:
        parts.append(np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
    if not parts:
        return None
    matrix = parts[0]
    for part in parts[1:]:
        matrix = np.dot(matrix, part)
    return matrix


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, row_axis=1,
                           col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                           order=1) -> np.ndarray:
    """Rotates by `theta` degrees, shifts by (tx, ty) pixels (rows, columns), shears by
    `shear` degrees and zooms by (zx, zy) one 3-D image about its centre; points sampled
    outside the image follow `fill_mode` ("constant" uses `cval`)."""
    if np.unique([row_axis, col_axis, channel_axis]).size != 3:
        raise ValueError("'row_axis', 'col_axis', and 'channel_axis' must be distinct")
    actual = {row_axis, col_axis, channel_axis}
    if actual != {0, 1, 2}:
        raise ValueError(f"Invalid axis' indices: {actual - {0, 1, 2}}")
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError("Input arrays must be multi-channel 2D images.")
    if channel_axis not in (0, 2):
        raise ValueError("Channels are allowed and the first and last dimensions.")
    matrix = _affine_matrix(theta, tx, ty, shear, zx, zy)
    if matrix is None:
        return x
    matrix = _offset_center(matrix, x.shape[row_axis], x.shape[col_axis])
    x = np.rollaxis(x, channel_axis, 0)
    if col_axis > row_axis:  # the matrix is in (x, y) order, arrays index (row, col)
        matrix[:, [0, 1]] = matrix[:, [1, 0]]
        matrix[[0, 1]] = matrix[[1, 0]]
    out = _resample(x, matrix[:2, :2], matrix[:2, 2], order, fill_mode, cval)
    return np.rollaxis(out, 0, channel_axis + 1)


def _random_affine(x, kwargs: dict, row_axis, col_axis, channel_axis, fill_mode, cval,
                   interpolation_order) -> np.ndarray:
    return apply_affine_transform(x, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order, **kwargs)


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                    cval=0.0, interpolation_order=1) -> np.ndarray:
    """Rotates by an angle drawn uniformly in [-rg, rg] degrees."""
    theta = np.random.uniform(-rg, rg)
    return _random_affine(x, {"theta": theta}, row_axis, col_axis, channel_axis, fill_mode,
                          cval, interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                 cval=0.0, interpolation_order=1) -> np.ndarray:
    """Shifts by fractions of the height (`hrg`) and width (`wrg`) drawn uniformly."""
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = np.random.uniform(-hrg, hrg) * h
    ty = np.random.uniform(-wrg, wrg) * w
    return _random_affine(x, {"tx": tx, "ty": ty}, row_axis, col_axis, channel_axis,
                          fill_mode, cval, interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                 cval=0.0, interpolation_order=1) -> np.ndarray:
    """Shears by an angle drawn uniformly in [-intensity, intensity] degrees."""
    shear = np.random.uniform(-intensity, intensity)
    return _random_affine(x, {"shear": shear}, row_axis, col_axis, channel_axis, fill_mode,
                          cval, interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                cval=0.0, interpolation_order=1) -> np.ndarray:
    """Zooms by (zx, zy) drawn uniformly in `zoom_range` = (lower, upper)."""
    if len(zoom_range) != 2:
        raise ValueError(f"`zoom_range` should be a tuple or list of two floats. Received: "
                         f"{zoom_range}")
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return _random_affine(x, {"zx": zx, "zy": zy}, row_axis, col_axis, channel_axis,
                          fill_mode, cval, interpolation_order)


def apply_channel_shift(x, intensity, channel_axis=0) -> np.ndarray:
    """Adds `intensity` to every channel, clipped to the image's own min and max."""
    x = np.rollaxis(np.asarray(x), channel_axis, 0)
    shifted = np.clip(x + intensity, np.min(x), np.max(x))
    return np.rollaxis(shifted, 0, channel_axis + 1)


def random_channel_shift(x, intensity_range, channel_axis=0) -> np.ndarray:
    intensity = np.random.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def _to_uint8_image(x: np.ndarray, scale: bool) -> np.ndarray:
    """What Keras' `array_to_img` keeps of a channels-last array: values mapped onto
    [0, 255] with `scale`, then truncated to uint8."""
    x = np.asarray(x, dtype="float32")
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with "
                         f"shape: {x.shape}")
    if x.shape[2] not in (1, 3, 4):
        raise ValueError(f"Unsupported channel number: {x.shape[2]}")
    if scale:
        x = x - np.min(x)
        top = np.max(x)
        if top != 0:
            x /= top
        x *= 255
    return x.astype("uint8")


def apply_brightness_shift(x, brightness, scale=True) -> np.ndarray:
    """Multiplies a channels-last image's brightness by `brightness` as Pillow's
    `ImageEnhance.Brightness` does on the 8-bit image Keras makes of it (values outside
    [0, 255] are scaled there and, with `scale=False`, back)."""
    x = np.asarray(x)
    x_min, x_max = np.min(x), np.max(x)
    local_scale = (x_min < 0) or (x_max > 255)
    img = _to_uint8_image(x, local_scale or scale)
    # Pillow's blend with a black image: float math, clipped, truncated to 8 bits
    out = np.clip(np.float32(brightness) * img.astype(np.float32), 0, 255).astype("uint8")
    out = out.astype("float32")
    if not scale and local_scale:
        out = out / 255 * (x_max - x_min) + x_min
    return out


def random_brightness(x, brightness_range, scale=True) -> np.ndarray:
    """`apply_brightness_shift` by a factor drawn uniformly in `brightness_range`."""
    if len(brightness_range) != 2:
        raise ValueError(f"`brightness_range should be tuple or list of two floats. Received: "
                         f"{brightness_range}")
    u = np.random.uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, u, scale)
