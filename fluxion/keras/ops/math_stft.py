"""``keras.ops.stft`` / ``istft`` (on ``tf.signal.stft`` / ``inverse_stft``, with Keras'
centring by reflection and its window padded to ``fft_length``) and ``keras.ops.i0``."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.ops._common import floatx, tensor


def _window(window, sequence_length: int, fft_length: int, dtype):
    """The analysis window (hann/hamming periodic or an array) zero-padded to fft_length."""
    if window is None:
        return None
    if isinstance(window, str):
        make = tf.signal.hann_window if window == "hann" else tf.signal.hamming_window
        array = make(sequence_length, periodic=True, dtype=dtype)
    else:
        array = tf.convert_to_tensor(window, dtype=dtype)
    if len(array.shape) != 1 or array.shape[-1] != sequence_length:
        raise ValueError("The shape of `window` must be equal to [sequence_length]."
                         f"Received: window shape={array.shape}")
    left = (fft_length - sequence_length) // 2
    return tf.pad(array, [[left, fft_length - sequence_length - left]])


def _check_window_name(window) -> None:
    if isinstance(window, str) and window not in {"hann", "hamming"}:
        raise ValueError('If a string is passed to `window`, it must be one of `"hann"`, '
                         f'`"hamming"`. Received: window={window}')


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """(real, imag) of the short-time Fourier transform along the last axis of float ``x``:
    frames (..., frames, fft_length // 2 + 1)."""
    x = tensor(x)
    if x.dtype.name not in {"float32", "float64"}:
        raise TypeError("Invalid input type. Expected `float32` or `float64`. "
                        f"Received: input type={x.dtype.name}")
    if fft_length < sequence_length:
        raise ValueError("`fft_length` must equal or larger than `sequence_length`. "
                         f"Received: sequence_length={sequence_length}, "
                         f"fft_length={fft_length}")
    _check_window_name(window)
    if center:
        pad = [[0, 0]] * (len(x.shape) - 1) + [[fft_length // 2, fft_length // 2]]
        x = tf.pad(x, pad, mode="REFLECT")
    win = _window(window, sequence_length, fft_length, x.dtype)
    result = tf.signal.stft(x, frame_length=fft_length, frame_step=sequence_stride,
                            fft_length=fft_length,
                            window_fn=None if win is None else (lambda n, dtype: win))
    return tf.math.real(result), tf.math.imag(result)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    """The signal whose ``stft`` (same arguments) is the (real, imag) pair ``x``, trimmed
    to ``length`` samples when given."""
    from fluxion.keras.ops.math import _complex_of  # noqa: PLC0415

    spectrum = _complex_of(x)
    dtype = tf.math.real(spectrum).dtype
    frames = tf.shape(spectrum)[-2]
    win = _window(window, sequence_length, fft_length, dtype)
    window_fn = None if win is None else tf.signal.inverse_stft_window_fn(
        sequence_stride, lambda n, dtype: win)
    signal = tf.signal.inverse_stft(spectrum, frame_length=fft_length,
                                    frame_step=sequence_stride, fft_length=fft_length,
                                    window_fn=window_fn)
    start = fft_length // 2 if center else 0
    if length is not None:
        return signal[..., start:start + length]
    if center:
        return signal[..., start:-(fft_length // 2)]
    return signal[..., :fft_length + sequence_stride * (frames - 1)]


def i0(x):
    """The modified Bessel function of the first kind, order 0 (``tf.math.bessel_i0``)."""
    x = tensor(x)
    name = x.dtype.name
    if name in ("int64", "float64"):
        dtype = "float64"
    elif name in ("bfloat16", "float16"):
        dtype = name
    else:
        dtype = floatx()
    return tf.math.bessel_i0(tf.cast(x, dtype))


__all__ = ["i0", "istft", "stft"]
