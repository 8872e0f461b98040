"""Discrete cosine transforms (``tf.signal.dct`` / ``idct``, types I-IV, norm None or
'ortho') and ``mfccs_from_log_mel_spectrograms``.

Each type is a composition over the FFT primitives (O(n log n), differentiable, traceable),
with the unnormalised scaling of TF (and SciPy): type II is
y_k = 2 sum_n x_n cos(pi k (2n + 1) / 2N).
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.ops import array_ops, math_ops, slicing_ops
from fluxion.ops._util import _recorded_shape, static_ints
from fluxion.ops.unary_ops import complex as _complex
from fluxion.ops.unary_ops import real
from fluxion.signal import fft_ops


def _constant(values: np.ndarray, like: Tensor) -> Tensor:
    return convert_to_tensor(values.astype(like.dtype._np))


def _phase(angles: np.ndarray, x: Tensor) -> Tensor:
    """exp(i angles) as a constant of x's complex dtype."""
    return convert_to_tensor(np.exp(1j * angles).astype(fft_ops.COMPLEX_OF[x.dtype]._np))


def _as_complex(x: Tensor) -> Tensor:
    return _complex(x, array_ops.zeros_like(x))


def _dct1(x: Tensor, n: int) -> Tensor:
    # the DFT of the even extension [x0 .. x(N-1), x(N-2) .. x1] is real and gives type I
    extended = array_ops.concat([x, slicing_ops.reverse(fft_ops.last_slice(x, 1, n - 1), [-1])], -1)
    return real(fft_ops.rfft(extended))


def _dct2(x: Tensor, n: int) -> Tensor:
    spectrum = fft_ops.last_slice(fft_ops.rfft(x, fft_length=[2 * n]), None, n)
    phase = _phase(-np.pi * np.arange(n) / (2 * n), x)
    return math_ops.multiply(real(math_ops.multiply(spectrum, phase)), 2.0)


def _dct3(x: Tensor, n: int) -> Tensor:
    # C3 = C2^T diag(w), w = (1/2, 1, 1 ...): an irfft of length 2N of x_k e^{i pi k / 2N}
    bins = math_ops.multiply(_as_complex(x), _phase(np.pi * np.arange(n) / (2 * n), x))
    frames = fft_ops.last_slice(fft_ops.irfft(bins, fft_length=[2 * n]), None, n)
    return math_ops.multiply(frames, float(2 * n))


def _dct4(x: Tensor, n: int) -> Tensor:
    # (2n+1)(2k+1) = 4nk + 2n + 2k + 1: a 2N-point FFT between two phase ramps
    z = _as_complex(x)
    inner = _phase(-np.pi * np.arange(n) / (2 * n), x)
    outer = _phase(-np.pi * (2 * np.arange(n) + 1) / (4 * n), x)
    rank = len(_recorded_shape(x))
    padded = slicing_ops.pad(math_ops.multiply(z, inner), [[0, 0]] * (rank - 1) + [[0, n]])
    spectrum = fft_ops.last_slice(fft_ops.fft(padded), None, n)
    return math_ops.multiply(real(math_ops.multiply(spectrum, outer)), 2.0)


def _ortho_scale(kind: int, n: int) -> np.ndarray | float:
    if kind == 2:
        scale = np.full(n, np.sqrt(1.0 / (2 * n)))
        scale[0] = np.sqrt(1.0 / (4 * n))
        return scale
    if kind == 3:  # the transpose of ortho type II: scale the input by s / w
        scale = np.full(n, np.sqrt(1.0 / (2 * n)))
        scale[0] = np.sqrt(1.0 / n)
        return scale
    return np.sqrt(1.0 / (2 * n))


_TRANSFORMS = {1: _dct1, 2: _dct2, 3: _dct3, 4: _dct4}


def _validate(x, kind, n, axis, norm) -> tuple[Tensor, int | None]:
    if kind not in _TRANSFORMS:
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if kind == 1 and norm == "ortho":
        raise ValueError("Normalization is not supported for the Type-I DCT.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")
    if n is not None:
        n = static_ints(n, "n")
        if n < 1:
            raise ValueError("n should be a positive integer or None")
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    x = convert_to_tensor(x)
    if x.dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(f"dct: input must be float32 or float64, got {x.dtype.name}")
    shape = _recorded_shape(x)
    if shape is not None and len(shape) == 0:
        raise ValueError("dct: input must have rank at least 1, got a scalar")
    return x, n


def dct(input, type=2, n=None, axis=-1, norm=None, name=None) -> Tensor:
    """DCT of `input` along its last axis (cropped or zero-padded to `n` first)."""
    x, n = _validate(input, type, n, axis, norm)
    size = fft_ops.last_dims(x, 1)[0]
    if n is not None and n != size:
        x = fft_ops.fit(x, (size,), (n,))
        size = n
    if type == 1 and size < 2:
        raise ValueError("dct: the Type-I DCT needs at least 2 points")
    if norm == "ortho" and type == 3:
        x = math_ops.multiply(x, _constant(np.asarray(_ortho_scale(3, size)), x))
    out = _TRANSFORMS[type](x, size)
    if norm == "ortho" and type in (2, 4):
        out = math_ops.multiply(out, _constant(np.asarray(_ortho_scale(type, size)), out))
    return out


def idct(input, type=2, n=None, axis=-1, norm=None, name=None) -> Tensor:
    """Inverse DCT as TF defines it: types II and III swap, I and IV are their own inverse
    (up to 2N, or 2(N - 1) for type I, without norm='ortho')."""
    _validate(input, type, n, axis, norm)
    return dct(input, type={2: 3, 3: 2}.get(type, type), n=n, axis=axis, norm=norm)


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None) -> Tensor:
    """MFCCs: the DCT-II of log-mel spectrograms scaled by 1 / sqrt(2 num_mel_bins) (the
    HTK convention; keep the first 13 or so coefficients yourself)."""
    x = convert_to_tensor(log_mel_spectrograms)
    bins = fft_ops.last_dims(x, 1)[0]
    if bins == 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {x!r}")
    out = dct(x, type=2)
    return math_ops.multiply(out, float(1.0 / np.sqrt(2.0 * bins)))


__all__ = ["dct", "idct", "mfccs_from_log_mel_spectrograms"]
