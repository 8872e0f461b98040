"""Resize primitives: every method is a separable linear map (one weight matrix per spatial
axis), except nearest neighbour, which gathers. The weight matrices follow TF2's kernels
(half-pixel centres): ResizeBilinear, ResizeBicubic (Keys a=-0.5, out-of-range taps dropped and
the rest renormalised), ResizeArea (box coverage, no half-pixel offset) and ScaleAndTranslate
(antialiased filters: triangle, keyscubic, lanczos3/5, gaussian, mitchellcubic).

Maps where each output reads at most 4 inputs (bilinear, bicubic) run as gathers and
multiply-adds; wider ones (area, antialiased downscales) as GEMMs.
`resize` keeps a float input's dtype (ints compute in float32): the public `tf.image.resize`
casts the result to float32 as TF does, so the primitive's gradient can be checked in float64.
`resize_backprop` applies the transposed map; it takes the original images for their shape.
"""
from __future__ import annotations

import functools

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.errors import InvalidArgumentError

NEAREST = "nearest"
_F32 = np.float32


# --- 1-D weight matrices (out_size, in_size), float64 ------------------------------------------
def _bilinear(in_size: int, out_size: int) -> np.ndarray:
    scale = _F32(in_size) / _F32(out_size)
    pos = (np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale - _F32(0.5)
    low = np.floor(pos)
    frac = (pos - low).astype(np.float64)
    lo = np.clip(low.astype(np.int64), 0, in_size - 1)
    hi = np.clip(np.ceil(pos).astype(np.int64), 0, in_size - 1)
    w = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    np.add.at(w, (rows, lo), 1.0 - frac)
    np.add.at(w, (rows, hi), frac)
    return w


def _nearest_index(in_size: int, out_size: int) -> np.ndarray:
    scale = _F32(in_size) / _F32(out_size)
    pos = np.floor((np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale)
    return np.clip(pos.astype(np.int64), 0, in_size - 1)


def _nearest(in_size: int, out_size: int) -> np.ndarray:
    w = np.zeros((out_size, in_size))
    w[np.arange(out_size), _nearest_index(in_size, out_size)] = 1.0
    return w


def _keys_cubic(x: np.ndarray) -> np.ndarray:
    x = np.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1.0
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))


def _bicubic(in_size: int, out_size: int) -> np.ndarray:
    scale = _F32(in_size) / _F32(out_size)
    pos = (np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale - _F32(0.5)
    base = np.floor(pos).astype(np.int64)
    # TF reads the cubic coefficients from a table of 1024 steps: the offset is rounded
    frac = np.rint((pos - np.floor(pos)).astype(np.float64) * 1024.0) / 1024.0
    w = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    taps = [base + k for k in (-1, 0, 1, 2)]
    weights = [_keys_cubic(frac - k) for k in (-1, 0, 1, 2)]
    inside = [(t >= 0) & (t < in_size) for t in taps]
    total = sum(np.where(i, wt, 0.0) for i, wt in zip(inside, weights))
    for t, wt, i in zip(taps, weights, inside):
        np.add.at(w, (rows, np.clip(t, 0, in_size - 1)), np.where(i, wt / total, 0.0))
    return w


def _area(in_size: int, out_size: int) -> np.ndarray:
    scale = in_size / out_size
    start = np.arange(out_size)[:, None] * scale
    end = start + scale
    src = np.arange(in_size)[None, :]
    overlap = np.clip(np.minimum(src + 1, end) - np.maximum(src, start), 0.0, None)
    return overlap / scale


def _triangle(x):
    return np.maximum(1.0 - np.abs(x), 0.0)


def _lanczos(radius: float):
    def kernel(x):
        x = np.abs(x)
        safe = np.where(x <= 1e-3, 1.0, x)
        value = radius * np.sin(np.pi * safe) * np.sin(np.pi * safe / radius) / (
            np.pi * np.pi * safe * safe)
        return np.where(x > radius, 0.0, np.where(x <= 1e-3, 1.0, value))
    return kernel


def _gaussian(x):
    x = np.abs(x)
    sigma = 1.5 / 3.0
    return np.where(x >= 1.5, 0.0, np.exp(-x * x / (2.0 * sigma * sigma)))


def _mitchell(x):
    x = np.abs(x)
    near = (((7.0 / 6.0) * x - 2.0) * x) * x + 8.0 / 9.0
    far = (((-7.0 / 18.0) * x + 2.0) * x - 10.0 / 3.0) * x + 16.0 / 9.0
    return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))


_FILTERS = {"triangle": (_triangle, 1.0), "keyscubic": (_keys_cubic, 2.0),
            "lanczos3": (_lanczos(3.0), 3.0), "lanczos5": (_lanczos(5.0), 5.0),
            "gaussian": (_gaussian, 1.5), "mitchellcubic": (_mitchell, 2.0)}


def _scale_translate(in_size: int, out_size: int, kernel: str, antialias: bool) -> np.ndarray:
    """ScaleAndTranslate's spans: the filter centred on each output sample, normalised. The
    positions are float32 as in TF (a tap exactly at the filter's radius may fall inside)."""
    fn, radius = _FILTERS[kernel]
    f32 = np.float32
    inv_scale = f32(1.0) / (f32(out_size) / f32(in_size))
    kscale = max(inv_scale, f32(1.0)) if antialias else f32(1.0)
    sample = (np.arange(out_size, dtype=f32) + f32(0.5)) * inv_scale
    src = np.arange(in_size, dtype=f32)[None, :]
    reach = f32(radius) * kscale
    lo = np.clip(np.ceil(sample - reach - f32(0.5)), 0, in_size - 1)[:, None]
    hi = np.clip(np.floor(sample + reach - f32(0.5)), 0, in_size - 1)[:, None]
    pos = np.abs((src + f32(0.5) - sample[:, None]) * (f32(1.0) / kscale))
    w = fn(pos).astype(f32).astype(np.float64)
    w = np.where((src >= lo) & (src <= hi), w, 0.0)
    total = w.sum(axis=1, keepdims=True)
    big = np.abs(total) >= 1000.0 * np.finfo(np.float32).tiny
    return np.where(big, w / np.where(big, total, 1.0), w)


@functools.lru_cache(maxsize=256)
def weights(in_size: int, out_size: int, method: str, antialias: bool) -> np.ndarray:
    """The (out_size, in_size) float64 matrix of one axis for a resize method."""
    if method == "bilinear":
        return _scale_translate(in_size, out_size, "triangle", True) if antialias else \
            _bilinear(in_size, out_size)
    if method == "bicubic":
        return _scale_translate(in_size, out_size, "keyscubic", True) if antialias else \
            _bicubic(in_size, out_size)
    if method == "area":
        return _area(in_size, out_size)
    if method == NEAREST:
        return _nearest(in_size, out_size)
    return _scale_translate(in_size, out_size, method, antialias)


# --- kernels --------------------------------------------------------------------------------
def _compute_dtype(dtype):
    return dtype if dtype.kind == "f" and dtype != np.float16 else np.dtype(np.float32)


@functools.lru_cache(maxsize=256)
def taps(in_size: int, out_size: int, method: str, antialias: bool):
    """The weights as (indices, weights), each (out_size, K), when every output reads at most
    4 inputs (bilinear, bicubic, small ratios); None otherwise."""
    w = weights(in_size, out_size, method, antialias)
    nonzero = w != 0
    k = int(nonzero.sum(axis=1).max()) if w.size else 0
    if k > 4:
        return None
    order = np.argsort(~nonzero, axis=1, kind="stable")[:, :max(k, 1)]
    return order, np.take_along_axis(w, order, axis=1)


def _along(xp, x, axis: int, dense, tapped, dt):
    """Applies one axis' (out, in) map to x (N, H, W, C) along `axis` (1 or 2)."""
    if tapped is not None:  # a few gathers and multiply-adds, O(output)
        idx, w = tapped
        shape = [1, 1, 1, 1]
        shape[axis] = idx.shape[0]
        out = None
        for k in range(idx.shape[1]):
            term = xp.take(x, idx[:, k], axis=axis) * xp.asarray(w[:, k], dt).reshape(shape)
            out = term if out is None else out + term
        return out
    dense = xp.asarray(dense, dt)
    n, h, w, c = x.shape
    if axis == 1:  # batched GEMMs (Ho, H) @ (H, W * C)
        return xp.matmul(dense, x.reshape(n, h, w * c)).reshape(n, dense.shape[0], w, c)
    moved = xp.ascontiguousarray(xp.moveaxis(x, 2, 3)).reshape(-1, w)  # one GEMM over W
    out = (moved @ dense.T).reshape(n, h, c, dense.shape[0])
    return xp.ascontiguousarray(xp.moveaxis(out, 3, 2))


def _apply(xp, x, size: tuple, method: str, antialias: bool, dt, adjoint: bool = False):
    """(N, H, W, C) -> (N, Ho, Wo, C); with `adjoint`, x is an output gradient mapped back
    to the input size `size` by the transposed weights."""
    for axis in (2, 1) if not adjoint else (1, 2):
        n_in, n_out = (x.shape[axis], size[axis - 1]) if not adjoint else \
            (size[axis - 1], x.shape[axis])
        dense = weights(n_in, n_out, method, antialias)
        if adjoint:
            x = _along(xp, x, axis, dense.T, None, dt)
        else:
            x = _along(xp, x, axis, dense, taps(n_in, n_out, method, antialias), dt)
    return x


def _check_size(size) -> None:
    if size[0] <= 0 or size[1] <= 0:
        raise InvalidArgumentError(f"output dimensions must be positive, got {list(size)}")


def _resize_kernel(xp, x, *, size, method, antialias):
    _check_size(size)
    _, h, w, _ = x.shape
    if h == 0 or w == 0:
        raise InvalidArgumentError(f"input image must be of non-zero size, got {list(x.shape)}")
    if method == NEAREST:
        iy, ix = _nearest_index(h, size[0]), _nearest_index(w, size[1])
        return x[:, iy][:, :, ix]
    dt = _compute_dtype(x.dtype)
    return _apply(xp, x.astype(dt, copy=False), tuple(size), method, antialias, dt)


def _resize_infer(x: Spec, *, size, method, antialias) -> Spec:
    dtype = x.dtype if method == NEAREST or (x.dtype.is_floating and x.dtype != dtypes.float16) \
        else dtypes.float32
    if x.shape is None:
        return Spec((None,) + tuple(size) + (None,), dtype)
    return Spec((x.shape[0],) + tuple(size) + (x.shape[3],), dtype)


def _resize_vjp(g, out, x, *, size, method, antialias):
    return (resize_backprop(g, x, method=method, antialias=antialias),)


def _backprop_kernel(xp, g, x, *, method, antialias):
    dt = _compute_dtype(g.dtype)
    out = _apply(xp, g.astype(dt, copy=False), x.shape[1:3], method, antialias, dt,
                 adjoint=True)
    return out.astype(x.dtype, copy=False) if x.dtype.kind == "f" else out


def _backprop_infer(g: Spec, x: Spec, *, method, antialias) -> Spec:
    dtype = x.dtype if x.dtype.is_floating else g.dtype
    return Spec(x.shape, dtype)


def _backprop_vjp(gg, out, g, x, *, method, antialias):
    size = tuple(int(d) for d in np.shape(g._value)[1:3])
    back = resize(gg, size=size, method=method, antialias=antialias)
    return (back, None)


resize = defop("resize", _resize_kernel, vjp=_resize_vjp, infer=_resize_infer,
               tf_name="ResizeBilinear",
               doc="Resizes (N, H, W, C) images to `size` with a TF2 resize method.")
resize_backprop = defop("resize_backprop", _backprop_kernel, vjp=_backprop_vjp,
                        infer=_backprop_infer, same_dtype=1, tf_name="ResizeBilinearGrad",
                        doc="Gradient of `resize` w.r.t. its images (shape of `x`).")


# --- a size known only when a graph runs -------------------------------------------------------
def _resize_to_kernel(xp, x, size, *, method, antialias):
    size = tuple(int(v) for v in np.asarray(size).reshape(-1))
    if len(size) != 2:
        raise InvalidArgumentError(f"size must have 2 elements, got {list(size)}")
    return _resize_kernel(xp, x, size=size, method=method, antialias=antialias)


def _resize_to_infer(x: Spec, size: Spec, *, method, antialias) -> Spec:
    out = _resize_infer(x, size=(None, None), method=method, antialias=antialias)
    return Spec(None if x.shape is None else (x.shape[0], None, None, x.shape[3]), out.dtype)


def _resize_to_vjp(g, out, x, size, *, method, antialias):
    return resize_backprop(g, x, method=method, antialias=antialias), None


resize_to = defop("resize_to", _resize_to_kernel, vjp=_resize_to_vjp, infer=_resize_to_infer,
                  same_dtype=1, tf_name="ResizeBilinear",
                  doc="`resize` to a size given as a tensor (read when the op runs).")
