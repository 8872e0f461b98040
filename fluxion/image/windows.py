"""Crops and pads whose layout follows each image's size at run time: what
resize_with_crop_or_pad, pad_to_bounding_box, central_crop and resize_with_pad become in a
graph whose images have sizes known only when it runs (decoded files).

`place_window` crops a window of the input and zero-pads it into the output; the layout is a
pure function of the input's (height, width) and static attributes. Its gradient,
`place_window_grad`, is the adjoint (the output gradient's window put back in place).
"""
from __future__ import annotations

import numpy as np

from fluxion.core.op import Spec, defop
from fluxion.errors import InvalidArgumentError
from fluxion.image import resize_kernels


def layout(h: int, w: int, mode: str, target: tuple, param) -> tuple:
    """(crop top, crop left, crop height, crop width, pad top, pad left, out height, out
    width) for an (h, w) image."""
    if mode == "crop_or_pad":
        th, tw = target
        dh, dw = th - h, tw - w
        ch, cw = min(th, h), min(tw, w)
        return (max(-dh // 2, 0), max(-dw // 2, 0), ch, cw, max(dh // 2, 0), max(dw // 2, 0),
                th, tw)
    if mode == "pad_to":
        (th, tw), (oh, ow) = target, param
        if th - oh - h < 0 or tw - ow - w < 0:
            raise InvalidArgumentError(f"pad_to_bounding_box: the {h}x{w} image does not fit "
                                       f"at offset ({oh}, {ow}) in {th}x{tw}")
        return 0, 0, h, w, oh, ow, th, tw
    if mode == "crop_to":
        (th, tw), (oh, ow) = target, param
        if h < oh + th or w < ow + tw:
            raise InvalidArgumentError(f"crop_to_bounding_box: the {h}x{w} image is smaller "
                                       f"than the window ({oh}, {ow}) + {th}x{tw}")
        return oh, ow, th, tw, 0, 0, th, tw
    if mode == "central":
        top = int((float(h) - float(h) * param) / 2)
        left = int((float(w) - float(w) * param) / 2)
        return top, left, h - 2 * top, w - 2 * left, 0, 0, h - 2 * top, w - 2 * left
    if mode == "resize_fit":  # preserve_aspect_ratio: the largest size within the target
        f32 = np.float32
        scale = min(f32(target[0]) / f32(h), f32(target[1]) / f32(w))
        rh, rw = int(np.round(scale * f32(h))), int(np.round(scale * f32(w)))
        return 0, 0, rh, rw, 0, 0, rh, rw
    if mode == "resize_pad":
        f32 = np.float32
        th, tw = target
        ratio = max(f32(w) / f32(tw), f32(h) / f32(th))
        rh, rw = f32(h) / ratio, f32(w) / ratio
        pad_h = max(0, int(np.floor((f32(th) - rh) / f32(2))))
        pad_w = max(0, int(np.floor((f32(tw) - rw) / f32(2))))
        return 0, 0, int(np.floor(rh)), int(np.floor(rw)), pad_h, pad_w, th, tw
    raise ValueError(f"unknown window mode {mode!r}")


def _place(x, lay) -> np.ndarray:
    ct, cl, ch, cw, pt, pl, oh, ow = lay
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]), x.dtype)
    out[:, pt:pt + ch, pl:pl + cw] = x[:, ct:ct + ch, cl:cl + cw]
    return out


def _window_kernel(xp, x, *, mode, target, param, method="bilinear", antialias=False):
    lay = layout(x.shape[1], x.shape[2], mode, target, param)
    if mode in ("resize_pad", "resize_fit"):
        resized = resize_kernels._resize_kernel(xp, x, size=(lay[2], lay[3]), method=method,
                                                antialias=antialias)
        return _place(resized, (0, 0) + lay[2:])
    return _place(x, lay)


def _window_grad_kernel(xp, g, x, *, mode, target, param, method="bilinear", antialias=False):
    ct, cl, ch, cw, pt, pl, _, _ = layout(x.shape[1], x.shape[2], mode, target, param)
    window = g[:, pt:pt + ch, pl:pl + cw]
    if mode in ("resize_pad", "resize_fit"):
        out = resize_kernels._backprop_kernel(xp, np.ascontiguousarray(window), x,
                                              method=method, antialias=antialias)
        return out.astype(x.dtype) if x.dtype.kind == "f" else out
    out = np.zeros(x.shape, g.dtype)
    out[:, ct:ct + ch, cl:cl + cw] = window
    return out


def _window_infer(x: Spec, *, mode, target, param, method="bilinear", antialias=False):
    dtype = x.dtype
    if mode in ("resize_pad", "resize_fit"):  # the resize rule (float kept, ints float32)
        dtype = resize_kernels._resize_infer(x, size=(1, 1), method=method,
                                             antialias=antialias).dtype
    n, c = (None, None) if x.shape is None else (x.shape[0], x.shape[3])
    if mode in ("central", "resize_fit"):
        return Spec((n, None, None, c), dtype)
    return Spec((n,) + tuple(target) + (c,), dtype)


def _window_vjp(g, out, x, **attrs):
    return (place_window_grad(g, x, **attrs),)


def _window_grad_vjp(gg, out, g, x, **attrs):
    return (place_window(gg, **attrs), None)


place_window = defop("place_window", _window_kernel, vjp=_window_vjp, infer=_window_infer,
                     tf_name="PlaceWindow",
                     doc="Crops/pads (or resizes and pads) NHWC images by a size-dependent "
                         "layout (see fluxion/image/windows.py).")
place_window_grad = defop(
    "place_window_grad", _window_grad_kernel, vjp=_window_grad_vjp, same_dtype=1,
    infer=lambda g, x, **attrs: Spec(x.shape, x.dtype if x.dtype.is_floating else g.dtype),
    tf_name="PlaceWindowGrad", doc="The adjoint of `place_window` (input-shaped gradient).")
