"""``tf.signal.frame`` and ``tf.signal.overlap_and_add``.

Two primitives that are each other's adjoint: ``frame`` cuts windows of `frame_length` every
`frame_step` samples along `axis` (the axis becomes two: frames, samples); ``overlap_add``
sums such frames back into a signal of `length` samples.
"""
from __future__ import annotations

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops._util import _recorded_shape, shape_of, static_ints, static_value


def num_frames(length: int, frame_length: int, frame_step: int) -> int:
    return max(0, 1 + (length - frame_length) // frame_step)


def _padded_length(n: int, frame_length: int, frame_step: int, pad_end: bool) -> int:
    """The signal length after `pad_end` padding: enough for ceil(n / frame_step) frames."""
    if not pad_end:
        return n
    count = -(-n // frame_step)
    return max(n, (count - 1) * frame_step + frame_length) if count else n


def _frame_kernel(xp, x, frame_length, frame_step, axis, pad_end=False, pad_value=0):
    n = x.shape[axis]
    total = _padded_length(n, frame_length, frame_step, pad_end)
    if total > n:
        widths = [(0, 0)] * x.ndim
        widths[axis] = (0, total - n)
        x = xp.pad(x, widths, constant_values=xp.asarray(pad_value).astype(x.dtype))
    count = num_frames(total, frame_length, frame_step)
    moved = xp.moveaxis(x, axis, -1)
    if count == 0 or frame_length == 0:
        out = xp.zeros(moved.shape[:-1] + (count, frame_length), x.dtype)
    else:
        windows = xp.lib.stride_tricks.sliding_window_view(moved, frame_length, axis=-1)
        out = windows[..., :(count - 1) * frame_step + 1:frame_step, :]
    # frames and samples go back where the signal axis was; a copy: never a view of x
    return xp.ascontiguousarray(xp.moveaxis(out, (-2, -1), (axis, axis + 1)))


def _infer_frame(x: Spec, frame_length, frame_step, axis, pad_end=False, pad_value=0) -> Spec:
    if x.shape is None:
        return Spec(None, x.dtype)
    n = x.shape[axis]
    count = None if n is None else num_frames(
        _padded_length(n, frame_length, frame_step, pad_end), frame_length, frame_step)
    return Spec(x.shape[:axis] + (count, frame_length) + x.shape[axis + 1:], x.dtype)


def _overlap_add_kernel(xp, frames, frame_length, frame_step, axis, length):
    moved = xp.moveaxis(frames, (axis, axis + 1), (-2, -1))
    lead, count = moved.shape[:-2], moved.shape[-2]
    segments = -(-frame_length // frame_step) if frame_length else 0
    blocks = xp.zeros(lead + (count + segments - 1 if count else 0, frame_step), frames.dtype)
    if count and segments:
        padded = xp.zeros(lead + (count, segments * frame_step), frames.dtype)
        padded[..., :frame_length] = moved
        padded = padded.reshape(lead + (count, segments, frame_step))
        for j in range(segments):  # segment j of frame f lands in block f + j
            blocks[..., j:j + count, :] += padded[..., j, :]
    flat = blocks.reshape(lead + (-1,))
    if length is None:  # the frames' natural length
        length = max(0, (count - 1) * frame_step + frame_length)
    out = xp.zeros(lead + (length,), frames.dtype)
    keep = min(length, flat.shape[-1])
    out[..., :keep] = flat[..., :keep]
    return xp.moveaxis(out, -1, axis)


def _infer_overlap_add(frames: Spec, frame_length, frame_step, axis, length) -> Spec:
    if frames.shape is None:
        return Spec(None, frames.dtype)
    count = frames.shape[axis]
    if length is None and count is not None:
        length = max(0, (count - 1) * frame_step + frame_length)
    return Spec(frames.shape[:axis] + (length,) + frames.shape[axis + 2:], frames.dtype)


def _vjp_frame(g, out, x, frame_length, frame_step, axis, pad_end=False, pad_value=0):
    return (_frame_grad(g, x, frame_length=frame_length, frame_step=frame_step, axis=axis,
                        pad_end=pad_end),)


def _frame_grad_kernel(xp, g, x, frame_length, frame_step, axis, pad_end):
    """frame's adjoint: overlap-adds `g` into x's length (padded samples are dropped)."""
    return _overlap_add_kernel(xp, g, frame_length, frame_step, axis, x.shape[axis])


def _infer_frame_grad(g: Spec, x: Spec, **attrs) -> Spec:
    return Spec(x.shape, g.dtype)


def _vjp_frame_grad(g, out, frames, x, frame_length, frame_step, axis, pad_end):
    return _frame(g, frame_length=frame_length, frame_step=frame_step, axis=axis,
                  pad_end=pad_end), None


def _vjp_overlap_add(g, out, frames, frame_length, frame_step, axis, length):
    if length is not None:  # samples past the last frame belong to no frame
        count = _recorded_shape(frames)[axis]
        if count is None:
            count = shape_of(frames)[axis]
        needed = (count - 1) * frame_step + frame_length
        if count and length >= needed + frame_step:
            g = g[(slice(None),) * axis + (slice(0, needed),)]
    return (_frame(g, frame_length=frame_length, frame_step=frame_step, axis=axis),)


_frame = defop("frame", _frame_kernel, vjp=_vjp_frame, infer=_infer_frame, tf_name="Frame")
_frame_grad = defop("frame_grad", _frame_grad_kernel, vjp=_vjp_frame_grad,
                    infer=_infer_frame_grad, tf_name="FrameGrad")
_overlap_add = defop("overlap_add", _overlap_add_kernel, vjp=_vjp_overlap_add,
                     infer=_infer_overlap_add, tf_name="OverlapAndAdd")


def _static_positive(value, what: str, allow_zero: bool) -> int:
    v = static_ints(value, what)
    if not isinstance(v, int):
        raise ValueError(f"{what} must be a scalar, got {value!r}")  # noqa: TRY004 - TF's
    if v < 0 or (v == 0 and not allow_zero):
        raise InvalidArgumentError(None, None, f"{what} must be "
                                   f"{'non-negative' if allow_zero else 'positive'}, got {v}")
    return v


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1,
          name=None) -> Tensor:
    """Expands `axis` of `signal` into frames of `frame_length` samples, one every
    `frame_step`; with `pad_end` the end is padded with `pad_value` so that
    ceil(n / frame_step) frames are made."""
    signal = convert_to_tensor(signal)
    shape = _recorded_shape(signal)
    if shape is not None and len(shape) == 0:
        raise ValueError("Shape () must have rank at least 1")
    length = _static_positive(frame_length, "frame_length", allow_zero=True)
    step = _static_positive(frame_step, "frame_step", allow_zero=False)
    rank = len(shape)
    axis = static_ints(axis, "axis")
    if not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for a signal of rank {rank}")
    axis %= rank
    value = 0
    if pad_end:
        value = convert_to_tensor(pad_value, signal.dtype)
        value = static_value(value, "pad_value").item()
    return _frame(signal, frame_length=length, frame_step=step, axis=axis, pad_end=bool(pad_end),
                  pad_value=value)


def overlap_and_add(signal, frame_step, name=None) -> Tensor:
    """Sums frames [..., frames, frame_length] placed every `frame_step` samples into a
    signal [..., (frames - 1) * frame_step + frame_length]."""
    signal = convert_to_tensor(signal)
    shape = _recorded_shape(signal)
    if shape is not None and len(shape) < 2:
        raise ValueError(f"Shape {tuple(shape)} must have rank at least 2")
    step = _static_positive(frame_step, "frame_step", allow_zero=False)
    length = shape[-1] if shape[-1] is not None else shape_of(signal)[-1]
    if signal.dtype is dtypes.string:
        raise TypeError("overlap_and_add: signal must be numeric, got string")
    return _overlap_add(signal, frame_length=length, frame_step=step, axis=len(shape) - 2,
                        length=None)


__all__ = ["frame", "overlap_and_add"]
