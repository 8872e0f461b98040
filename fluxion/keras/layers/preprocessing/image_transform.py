"""The primitives under Keras' image layers: projective transforms (TF's
ImageProjectiveTransformV3) and their adjoint, per-layer seed streams and per-image uniform
draws (any batch size a graph meets), and centred crops / pads to an aspect ratio decided by
each image's size at run time (decoded files have sizes a graph learns only then).

A transform row [a0, a1, a2, b0, b1, b2, c0, c1] maps an *output* pixel (x, y) (column, row)
to the input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1.
Points outside the image are first mapped back by `fill_mode` (REFLECT: d c b a | a b c d |
d c b a, WRAP: a b c d | a b c d, NEAREST: a a | a b c d | d d, CONSTANT: left outside);
then sampled with NEAREST (half away from zero) or BILINEAR interpolation, where every
corner outside the image reads `fill_value`. Coordinates are float32 as in TF.

The op is linear in the images, so its gradient is the exact adjoint: the output gradient
scattered back onto the corners each output pixel read, with the same weights.
"""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops.random_prims import philox, unit_uniform

__all__: list = []

FILL_MODES = ("REFLECT", "WRAP", "CONSTANT", "NEAREST")
INTERPOLATIONS = ("NEAREST", "BILINEAR")
IMAGE_DTYPES = (dtypes.uint8, dtypes.int32, dtypes.int64, dtypes.float16, dtypes.float32,
                dtypes.float64)


# --- sampling points ---------------------------------------------------------------------------
def _reflect(c, n: int):
    if n <= 1:
        return np.zeros_like(c)
    period = np.float32(2 * n)
    low = np.where(c < -period, period * np.trunc(-c / period) + c, c)
    low = np.where(low < -n, low + period, -low - 1)
    high = c - period * np.trunc(c / period)
    high = np.where(high >= n, period - high - 1, high)
    return np.where(c < 0, low, np.where(c > n - 1, high, c))


def _wrap(c, n: int):
    if n <= 1:
        return np.zeros_like(c)
    span = np.float32(n - 1)
    low = c + n * (np.trunc(-c / span) + 1)
    high = c - n * np.trunc(c / span)
    return np.where(c < 0, low, np.where(c > n - 1, high, c))


def _map_coordinate(c, n: int, fill_mode: str):
    """Brings a coordinate outside [0, n - 1] back inside as `fill_mode` says."""
    if fill_mode == "CONSTANT":
        return c
    if fill_mode == "REFLECT":
        c = _reflect(c, n)
    elif fill_mode == "WRAP":
        c = _wrap(c, n)
    return np.clip(c, np.float32(0), np.float32(n - 1))


def _input_points(transforms, batch: int, out_hw: tuple, in_hw: tuple, fill_mode: str):
    """The input point (x, y) each output pixel reads, shape [batch, out_h, out_w] float32,
    and a mask of the pixels whose projection is defined."""
    t = np.asarray(transforms, np.float32)
    if t.ndim != 2 or t.shape[1] != 8 or t.shape[0] not in (1, batch):
        raise InvalidArgumentError(
            f"Input transform should be num_images x 8 or 1 x 8, got shape {list(t.shape)} "
            f"for {batch} images [Op:ImageProjectiveTransformV3]")
    oh, ow = out_hw
    y = np.arange(oh, dtype=np.float32)[None, :, None]
    x = np.arange(ow, dtype=np.float32)[None, None, :]
    a0, a1, a2, b0, b1, b2, c0, c1 = (t[:, k, None, None] for k in range(8))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        proj = c0 * x + c1 * y + np.float32(1)
        in_x = (a0 * x + a1 * y + a2) / proj
        in_y = (b0 * x + b1 * y + b2) / proj
        in_x = np.broadcast_to(in_x, (batch, oh, ow))
        in_y = np.broadcast_to(in_y, (batch, oh, ow))
        defined = np.broadcast_to((proj != 0), (batch, oh, ow)) & np.isfinite(in_x) & \
            np.isfinite(in_y)
        in_x = _map_coordinate(np.where(defined, in_x, -1), in_hw[1], fill_mode)
        in_y = _map_coordinate(np.where(defined, in_y, -1), in_hw[0], fill_mode)
    return in_x, in_y, defined


def _round_half_away(c):
    return np.sign(c) * np.floor(np.abs(c.astype(np.float64)) + 0.5)


def _sample_grid(transforms, batch, out_hw, in_hw, interpolation, fill_mode, work):
    """The corners each output pixel reads, as (flat pixel index, inside the image) pairs (one
    for NEAREST, four for BILINEAR: y0x0, y0x1, y1x0, y1x1), and for BILINEAR the weights
    (wy0, wy1, wx0, wx1) in the `work` dtype, each [batch, out_h, out_w]."""
    h, w = in_hw
    in_x, in_y, defined = _input_points(transforms, batch, out_hw, in_hw, fill_mode)
    index = np.int32 if batch * h * w < 2**31 else np.int64
    base = (np.arange(batch, dtype=index) * index(h * w)).reshape(batch, 1, 1)

    def axis(c, n, step):
        """(clipped int coordinate, inside) of floor coordinates `c` + step."""
        inside = (c >= -step) & (c <= n - 1 - step)
        return np.clip(c + step, 0, n - 1).astype(index), inside

    if interpolation == "NEAREST":
        (yi, y_in), (xi, x_in) = axis(_round_half_away(in_y), h, 0), \
            axis(_round_half_away(in_x), w, 0)
        return [(base + yi * index(w) + xi, defined & y_in & x_in)], None
    y0, x0 = np.floor(in_y), np.floor(in_x)
    rows = [axis(y0, h, 0), axis(y0, h, 1)]
    cols = [axis(x0, w, 0), axis(x0, w, 1)]
    corners = []
    for yi, y_in in rows:
        row = base + yi * index(w)
        y_ok = defined & y_in
        corners += [(row + xi, y_ok & x_in) for xi, x_in in cols]
    weights = ((y0 + 1 - in_y).astype(work, copy=False), (in_y - y0).astype(work, copy=False),
               (x0 + 1 - in_x).astype(work, copy=False), (in_x - x0).astype(work, copy=False))
    return corners, weights


def _work_dtype(npd):
    return np.float64 if npd == np.float64 else np.float32


# --- the transform and its adjoint ---------------------------------------------------------------
def _check_images(shape) -> None:
    if len(shape) != 4:
        raise InvalidArgumentError(f"images must be 4-D [batch, height, width, channels], got "
                                   f"shape {list(shape)} [Op:ImageProjectiveTransformV3]")


def _transform_kernel(xp, images, transforms, output_shape, fill_value, interpolation,
                      fill_mode):
    _check_images(images.shape)
    b, h, w, c = images.shape
    out_hw = (h, w) if output_shape is None else tuple(output_shape)
    work = _work_dtype(images.dtype)
    fill = work(fill_value)
    if images.dtype.kind in "iu":  # TF reads the fill value as a pixel of the image's dtype
        fill = work(np.array(fill_value).astype(images.dtype))
    if b and h and w:
        flat = images.reshape(b * h * w, c)
        corners, weights = _sample_grid(transforms, b, out_hw, (h, w), interpolation,
                                        fill_mode, work)
        values = [_read(flat, idx, inside, fill, work) for idx, inside in corners]
        if weights is None:
            total = values[0]
        else:  # two columns, then the rows: TF's order (bit-equal in float32)
            wy0, wy1, wx0, wx1 = (v[..., None] for v in weights)
            total = wy0 * (wx0 * values[0] + wx1 * values[1]) + \
                wy1 * (wx0 * values[2] + wx1 * values[3])
    else:
        _input_points(transforms, b, out_hw, (h, w), fill_mode)  # TF's checks still apply
        total = np.full((b, *out_hw, c), fill, work)
    if images.dtype.kind in "iu":
        return xp.asarray(total.astype(images.dtype))  # TF truncates (static_cast)
    return xp.asarray(total.astype(images.dtype, copy=False))


def _read(flat, idx, inside, fill, work):
    """Pixels at `idx` ([b, oh, ow] into [pixels, channels]), `fill` where not `inside`."""
    values = flat[idx].astype(work, copy=False)
    if not inside.all():
        values[~inside] = fill
    return values


def _adjoint_kernel(xp, grad, transforms, images, output_shape, interpolation, fill_mode):
    """Gradient of the transform w.r.t. its images: `grad` scattered back onto the corners."""
    b, h, w, c = images.shape
    work = _work_dtype(grad.dtype)
    out = np.zeros((b * h * w, c), work)
    if grad.size and h and w:
        g = grad.astype(work).reshape(-1, c)
        corners, weights = _sample_grid(transforms, b, tuple(grad.shape[1:3]), (h, w),
                                        interpolation, fill_mode, work)
        if weights is None:
            products = [np.ones(corners[0][0].shape, work)]
        else:
            wy0, wy1, wx0, wx1 = weights
            products = [wy0 * wx0, wy0 * wx1, wy1 * wx0, wy1 * wx1]
        for (idx, inside), weight in zip(corners, products):
            keep = inside.reshape(-1)
            flat_idx = idx.reshape(-1)[keep]
            wk = weight.reshape(-1)[keep]
            for ch in range(c):  # one bincount per channel: a handful of passes
                out[:, ch] += np.bincount(flat_idx, weights=wk * g[keep, ch],
                                          minlength=b * h * w).astype(work)
    return xp.asarray(out.reshape(b, h, w, c).astype(grad.dtype))


def _vjp_transform(g, out, images, transforms, output_shape, fill_value, interpolation,
                   fill_mode):
    return (transform_adjoint_p(g, transforms, images, output_shape=output_shape,
                                interpolation=interpolation, fill_mode=fill_mode), None)


def _vjp_adjoint(g, out, grad, transforms, images, output_shape, interpolation, fill_mode):
    # the adjoint of the adjoint is the transform itself, with nothing read outside
    return (transform_p(g, transforms, output_shape=output_shape, fill_value=0.0,
                        interpolation=interpolation, fill_mode=fill_mode), None, None)


def _infer_transform(images: Spec, transforms: Spec, output_shape, **attrs) -> Spec:
    shape = images.shape
    if shape is None:
        return Spec((None,) * 4, images.dtype)
    hw = tuple(shape[1:3]) if output_shape is None else tuple(output_shape)
    return Spec((shape[0], *hw, shape[3]), images.dtype)


def _infer_adjoint(grad: Spec, transforms: Spec, images: Spec, **attrs) -> Spec:
    return Spec(images.shape if images.shape is not None else (None,) * 4, grad.dtype)


transform_p = defop("image_projective_transform_v3", _transform_kernel, vjp=_vjp_transform,
                    infer=_infer_transform, dtypes=IMAGE_DTYPES, same_dtype=1,
                    tf_name="ImageProjectiveTransformV3")
transform_adjoint_p = defop("image_projective_transform_adjoint", _adjoint_kernel,
                            vjp=_vjp_adjoint, infer=_infer_adjoint, same_dtype=1,
                            dtypes=(dtypes.float16, dtypes.float32, dtypes.float64),
                            tf_name="ImageProjectiveTransformV3Grad")


def image_projective_transform_v3(images, transforms, output_shape, fill_value=0.0,
                                  interpolation: str = "BILINEAR", fill_mode: str = "CONSTANT",
                                  name=None) -> Tensor:
    """``tf.raw_ops.ImageProjectiveTransformV3``: `images` [batch, h, w, c] sampled at the
    points `transforms` ([batch or 1, 8] float32) map the output pixels to."""
    images = images if isinstance(images, Tensor) else convert_to_tensor(images)
    transforms = transforms if isinstance(transforms, Tensor) else \
        convert_to_tensor(transforms, dtypes.float32)
    if transforms.dtype != dtypes.float32:
        raise InvalidArgumentError(f"transforms must be float32, got {transforms.dtype.name} "
                                   f"[Op:ImageProjectiveTransformV3]")
    interpolation, fill_mode = str(interpolation).upper(), str(fill_mode).upper()
    if interpolation not in INTERPOLATIONS:
        raise InvalidArgumentError(f"Invalid interpolation {interpolation!r}, expected one of "
                                   f"{INTERPOLATIONS} [Op:ImageProjectiveTransformV3]")
    if fill_mode not in FILL_MODES:
        raise InvalidArgumentError(f"Invalid fill_mode {fill_mode!r}, expected one of "
                                   f"{FILL_MODES} [Op:ImageProjectiveTransformV3]")
    return transform_p(images, transforms, output_shape=_output_hw(output_shape, images),
                       fill_value=float(np.asarray(_static(fill_value))),
                       interpolation=interpolation, fill_mode=fill_mode)


def _static(value):
    return value.numpy() if hasattr(value, "numpy") else value


def _output_hw(output_shape, images) -> tuple | None:
    """The output size as a static attribute; None (the input's size, however it varies
    between graph runs) when it is the input's own height and width."""
    if output_shape is None or (isinstance(output_shape, Tensor) and _is_own_size(output_shape)):
        return None
    hw = tuple(int(d) for d in np.asarray(_static(output_shape)).reshape(-1))
    if len(hw) != 2:
        raise InvalidArgumentError(f"output_shape must be a 1-D tensor of 2 elements, got "
                                   f"{list(hw)} [Op:ImageProjectiveTransformV3]")
    if hw == tuple(images.shape.as_list()[1:3]):
        return None
    return hw


def _is_own_size(output_shape) -> bool:
    from fluxion.core.op import STATE

    return STATE.trace is not None and STATE.trace.is_dynamic(output_shape)


# --- seed streams and per-image random draws ------------------------------------------------------
_STREAM_WORD = 0x1A6E  # Philox key word of image-layer draws: apart from tf.random's streams
_COUNTERS: dict = {}  # stream id -> itertools.count of the draws made so far
_STREAM_IDS = itertools.count(1)


def new_seed_stream() -> int:
    """A fresh stream id for `seed_stream_p` (one per layer)."""
    stream = next(_STREAM_IDS)
    _COUNTERS[stream] = itertools.count()
    return stream


def _seed_kernel(xp, *, key, stream):
    # next() on itertools.count is atomic: threads running one graph (a parallel map) each
    # get their own draw, which a variable read-then-assign would not guarantee
    count = next(_COUNTERS.setdefault(stream, itertools.count()))
    return xp.asarray(np.array([key, _STREAM_WORD, count], np.uint64))


# the seed (key, stream word, counter) of a layer's next draw; stateful: a graph draws anew
# at every run, and passes never fold or merge it
seed_stream_p = defop("image_layer_seed", _seed_kernel, stateful=True,
                      infer=lambda **attrs: Spec((3,), dtypes.uint64), tf_name="ImageLayerSeed")
def _uniform_rows_kernel(xp, reference, seed, *, tail, minval, maxval, dtype, batched):
    """Uniform samples of shape [reference's dim 0, *tail] (or `tail` when not `batched`):
    one draw per image, for any batch size a graph meets."""
    shape = ((reference.shape[0],) if batched else ()) + tuple(tail)
    npd = dtype._np
    u = unit_uniform(philox(seed), shape, npd)
    lo, hi = np.asarray(minval, npd), np.asarray(maxval, npd)
    return xp.asarray((u * (hi - lo) + lo).astype(npd, copy=False))


def _infer_uniform_rows(reference: Spec, seed: Spec, *, tail, dtype, batched, **attrs) -> Spec:
    first = (reference.shape[0] if reference.shape else None,) if batched else ()
    return Spec(first + tuple(tail), dtype)


uniform_rows_p = defop("random_uniform_per_image", _uniform_rows_kernel,
                       infer=_infer_uniform_rows, same_dtype=0, stateful=True,
                       tf_name="RandomUniformPerImage")


# --- centred crop to an aspect ratio, decided at run time ---------------------------------------
def aspect_box(height: int, width: int, target: tuple, float32: bool = True) -> tuple:
    """(h_start, w_start, crop_h, crop_w) of the largest centred window with `target`'s aspect
    ratio, in float32 as Keras computes it for tensors (Python floats for static shapes)."""
    th, tw = target
    real = np.float32 if float32 else float
    crop_h = max(min(height, int(real(width * th) / real(tw))), 1)
    crop_w = max(min(width, int(real(height * tw) / real(th))), 1)
    return (int(real(height - crop_h) / real(2)), int(real(width - crop_w) / real(2)), crop_h,
            crop_w)


def _window(shape, target, axes, mode: str) -> tuple:
    """The window `mode` picks: the largest centred one with `target`'s aspect ratio
    ("aspect": Python floats as Keras for static sizes, "aspect32": float32 as for tensors),
    or the centred `target` size clipped to the image ("center")."""
    h, w = shape[axes[0]], shape[axes[1]]
    if mode == "center":
        ch, cw = min(target[0], h), min(target[1], w)
        h0, w0 = (h - ch) // 2, (w - cw) // 2
    else:
        h0, w0, ch, cw = aspect_box(h, w, target, mode == "aspect32")
    index = [slice(None)] * len(shape)
    index[axes[0]] = slice(h0, h0 + ch)
    index[axes[1]] = slice(w0, w0 + cw)
    return tuple(index)


def _aspect_crop_kernel(xp, images, *, target, axes, mode):
    return images[_window(images.shape, target, axes, mode)]


def _aspect_uncrop_kernel(xp, grad, images, *, target, axes, mode):
    out = xp.zeros(images.shape, grad.dtype)
    out[_window(images.shape, target, axes, mode)] = grad
    return out


def _vjp_aspect_crop(g, out, images, **attrs):
    return (aspect_uncrop_p(g, images, **attrs),)


def _vjp_aspect_uncrop(g, out, grad, images, **attrs):
    return aspect_crop_p(g, **attrs), None


def _infer_aspect_crop(images: Spec, *, target, axes, mode) -> Spec:
    if images.shape is None:
        return Spec(None, images.dtype)
    shape = list(images.shape)
    shape[axes[0]] = shape[axes[1]] = None  # decided by the image's own size at run time
    return Spec(tuple(shape), images.dtype)


def _infer_aspect_uncrop(grad: Spec, images: Spec, **attrs) -> Spec:
    return Spec(images.shape, grad.dtype)


# the window depends on each image's size, which a graph may meet only at run time (decoded
# files, inputs with None dims)
aspect_crop_p = defop("crop_to_aspect_ratio", _aspect_crop_kernel, vjp=_vjp_aspect_crop,
                      infer=_infer_aspect_crop, tf_name="CropToAspectRatio")
aspect_uncrop_p = defop("crop_to_aspect_ratio_grad", _aspect_uncrop_kernel,
                        vjp=_vjp_aspect_uncrop, infer=_infer_aspect_uncrop, same_dtype=1,
                        tf_name="CropToAspectRatioGrad")


# --- centred pad to an aspect ratio, decided at run time ------------------------------------------
def _pad_box(shape, target, axes) -> tuple:
    """(top, left) padding on each side (Keras pads the same amount before and after)."""
    h, w = shape[axes[0]], shape[axes[1]]
    th, tw = target
    f32 = np.float32
    pad_h = max(h, int(f32(w * th) / f32(tw)))
    pad_w = max(w, int(f32(h * tw) / f32(th)))
    return int(f32(pad_h - h) / f32(2)), int(f32(pad_w - w) / f32(2))


def _aspect_pad_kernel(xp, images, *, target, axes, fill_value):
    top, left = _pad_box(images.shape, target, axes)
    widths = [(0, 0)] * images.ndim
    widths[axes[0]], widths[axes[1]] = (top, top), (left, left)
    fill = np.array(fill_value).astype(images.dtype)
    return xp.pad(images, widths, constant_values=fill)


def _aspect_unpad_kernel(xp, grad, images, *, target, axes, fill_value):
    top, left = _pad_box(images.shape, target, axes)
    index = [slice(None)] * images.ndim
    index[axes[0]] = slice(top, top + images.shape[axes[0]])
    index[axes[1]] = slice(left, left + images.shape[axes[1]])
    return grad[tuple(index)]


def _vjp_aspect_pad(g, out, images, **attrs):
    return (aspect_unpad_p(g, images, **attrs),)


def _vjp_aspect_unpad(g, out, grad, images, *, target, axes, fill_value):
    return aspect_pad_p(g, target=target, axes=axes, fill_value=0.0), None


def _infer_aspect_pad(images: Spec, *, target, axes, fill_value) -> Spec:
    return _infer_aspect_crop(images, target=target, axes=axes, mode="aspect32")


aspect_pad_p = defop("pad_to_aspect_ratio", _aspect_pad_kernel, vjp=_vjp_aspect_pad,
                     infer=_infer_aspect_pad, tf_name="PadToAspectRatio")
aspect_unpad_p = defop("pad_to_aspect_ratio_grad", _aspect_unpad_kernel, vjp=_vjp_aspect_unpad,
                       infer=_infer_aspect_uncrop, same_dtype=1, tf_name="PadToAspectRatioGrad")
