"""Short-time Fourier transforms: ``tf.signal.stft``, ``inverse_stft`` and
``inverse_stft_window_fn``, composed from frame, windows, rfft/irfft and overlap_and_add
(so spectrograms work under tf.function, Dataset.map and GradientTape)."""
from __future__ import annotations

import numpy as np

from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.ops import array_ops, math_ops, reduce_ops, slicing_ops
from fluxion.ops._util import _recorded_shape, static_ints
from fluxion.signal import dct_ops, fft_ops
from fluxion.signal.shape_ops import frame, overlap_and_add
from fluxion.signal.window_ops import hann_window, vorbis_window


def _scalar_int(value, what: str) -> int:
    v = static_ints(value, what)
    if not isinstance(v, int):
        raise ValueError(f"{what} must be a scalar, got {value!r}")  # noqa: TRY004 - TF's
    return v


def _enclosing_power_of_two(value: int) -> int:
    """The smallest 2**k >= value."""
    return 1 if value <= 1 else 1 << (value - 1).bit_length()


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window,
         pad_end=False, name=None) -> Tensor:
    """[..., samples] float signals -> [..., frames, fft_length // 2 + 1] complex STFT:
    frames of `frame_length` every `frame_step` samples, times `window_fn(frame_length)`,
    each zero-padded to `fft_length` (default: the enclosing power of 2) and rfft'd."""
    signals = convert_to_tensor(signals)
    length = _scalar_int(frame_length, "frame_length")
    step = _scalar_int(frame_step, "frame_step")
    if fft_length is None:
        fft_length = _enclosing_power_of_two(length)
    else:
        fft_length = _scalar_int(fft_length, "fft_length")
    framed = frame(signals, length, step, pad_end=pad_end)
    if window_fn is not None:
        window = window_fn(length, dtype=framed.dtype)
        framed = math_ops.multiply(framed, window)
    return fft_ops.rfft(framed, [fft_length])


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window,
                 name=None) -> Tensor:
    """Overlap-adds the windowed irfft of each frame; with
    window_fn=inverse_stft_window_fn(frame_step) it inverts stft (away from the edges)."""
    stfts = convert_to_tensor(stfts)
    shape = _recorded_shape(stfts)
    if shape is not None and len(shape) < 2:
        raise ValueError(f"Shape {tuple(shape)} must have rank at least 2")
    length = _scalar_int(frame_length, "frame_length")
    step = _scalar_int(frame_step, "frame_step")
    if fft_length is None:
        fft_length = _enclosing_power_of_two(length)
    else:
        fft_length = _scalar_int(fft_length, "fft_length")
    frames = fft_ops.irfft(stfts, [fft_length])
    frames = fft_ops.fit(frames, (fft_length,), (length,))
    if window_fn is not None:
        window = window_fn(length, dtype=stfts.dtype.real_dtype)
        frames = math_ops.multiply(frames, window)
    return overlap_and_add(frames, step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window_fn for inverse_stft: the forward window divided by the sum of the squared
    forward windows overlapping each sample (zero where that sum is zero)."""
    step = _scalar_int(frame_step, "frame_step")

    def inverse_stft_window_fn_inner(frame_length, dtype) -> Tensor:
        length = _scalar_int(frame_length, "frame_length")
        forward = convert_to_tensor(forward_window_fn(length, dtype=dtype))
        overlaps = -(-length // step)
        denom = slicing_ops.pad(math_ops.square(forward), [[0, overlaps * step - length]])
        denom = reduce_ops.reduce_sum(array_ops.reshape(denom, [overlaps, step]), 0,
                                      keepdims=True)
        denom = array_ops.reshape(slicing_ops.tile(denom, [overlaps, 1]), [-1])[:length]
        zero = math_ops.equal(denom, 0.0)
        safe = math_ops.where(zero, array_ops.ones_like(denom), denom)
        return math_ops.where(zero, array_ops.zeros_like(forward), forward / safe)

    return inverse_stft_window_fn_inner


def _reversed(x: Tensor) -> Tensor:
    return slicing_ops.reverse(x, [-1])


def _windowed(frames: Tensor, window_fn, length: int, dtype) -> Tensor:
    if window_fn is None:  # the flat window that keeps TDAC's perfect reconstruction
        return math_ops.multiply(frames, float(1.0 / np.sqrt(2.0)))
    return math_ops.multiply(frames, window_fn(length, dtype=dtype))


def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None,
         name=None) -> Tensor:
    """Modified DCT of 50%-overlapping frames: [..., frames, frame_length // 2]. Each
    windowed frame [a, b, c, d] (quarters) folds to (-c_r - d, a - b_r) (r: reversed), whose
    DCT-IV is the MDCT (time-domain aliasing cancellation, undone by inverse_mdct)."""
    signals = convert_to_tensor(signals)
    length = _scalar_int(frame_length, "frame_length")
    if length % 4:
        raise ValueError("The frame length must be a multiple of 4.")
    framed = frame(signals, length, length // 2, pad_end=pad_end)
    framed = _windowed(framed, window_fn, length, framed.dtype)
    q = length // 4
    a, b, c, d = (fft_ops.last_slice(framed, i * q, (i + 1) * q) for i in range(4))
    folded = array_ops.concat([math_ops.subtract(math_ops.negative(_reversed(c)), d),
                               math_ops.subtract(a, _reversed(b))], -1)
    return dct_ops.dct(folded, type=4, norm=norm)


def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None) -> Tensor:
    """Inverse of mdct: DCT-IV back to the folded halves, unfolded to
    (y2, -y2_r, -y1_r, -y1), windowed and overlap-added every half frame."""
    mdcts = convert_to_tensor(mdcts)
    shape = _recorded_shape(mdcts)
    if shape is not None and len(shape) < 2:
        raise ValueError(f"Shape {tuple(shape)} must have rank at least 2")
    half = fft_ops.last_dims(mdcts, 1)[0]
    if norm is None:
        folded = math_ops.multiply(dct_ops.dct(mdcts, type=4), float(0.5 / half))
    else:
        folded = dct_ops.dct(mdcts, type=4, norm=norm)
    first = fft_ops.last_slice(folded, None, half // 2)
    second = fft_ops.last_slice(folded, half // 2, None)
    frames = array_ops.concat([second, math_ops.negative(_reversed(second)),
                               math_ops.negative(_reversed(first)), math_ops.negative(first)],
                              -1)
    frames = _windowed(frames, window_fn, 2 * half, mdcts.dtype)
    return overlap_and_add(frames, half)


__all__ = ["inverse_mdct", "inverse_stft", "inverse_stft_window_fn", "mdct", "stft"]
