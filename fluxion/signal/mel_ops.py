"""``tf.signal.linear_to_mel_weight_matrix``: triangular mel filterbanks (HTK mel scale).

The matrix depends only on static arguments: it is computed with NumPy in the requested dtype,
in the order TF computes it, and returned as a constant.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.ops._util import static_value

_BREAK_HZ = 700.0  # HTK: mel(f) = 1127 ln(1 + f / 700)
_HIGH_Q = 1127.0


def _hertz_to_mel(hertz):
    return _HIGH_Q * np.log(1.0 + hertz / _BREAK_HZ)


def _validate(num_mel_bins, sample_rate, lower, upper, dtype) -> None:
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if lower < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower}")
    if lower >= upper:
        raise ValueError(f"lower_edge_hertz {lower:.1f} >= upper_edge_hertz {upper:.1f}")
    if sample_rate <= 0.0:
        raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
    if upper > sample_rate / 2:
        raise ValueError(f"upper_edge_hertz must not be larger than the Nyquist frequency "
                         f"(sample_rate / 2). Got {upper} for sample_rate: {sample_rate}")
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {dtype!r}")


def _linspace(start, stop, num: int, npd) -> np.ndarray:
    if num == 1:
        return np.asarray([start], npd)
    step = npd.type((stop - start) / npd.type(num - 1))
    return (start + np.arange(num).astype(npd) * step).astype(npd)


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0,
                                dtype=dtypes.float32, name=None) -> Tensor:
    """A [num_spectrogram_bins, num_mel_bins] matrix of triangular filters, peaks of 1, edges
    spaced evenly in mel between lower_edge_hertz and upper_edge_hertz; the DC bin gets no
    weight. `spectrogram @ matrix` (or tf.tensordot(s, matrix, 1)) gives mel spectrograms."""
    dtype = as_dtype(dtype)
    num_mel_bins = int(static_value(num_mel_bins, "num_mel_bins"))
    bins = int(static_value(num_spectrogram_bins, "num_spectrogram_bins"))
    rate = static_value(sample_rate, "sample_rate").item()
    lower = float(static_value(lower_edge_hertz, "lower_edge_hertz"))
    upper = float(static_value(upper_edge_hertz, "upper_edge_hertz"))
    _validate(num_mel_bins, rate, lower, upper, dtype)
    npd = dtype._np
    nyquist = npd.type(rate) / npd.type(2.0)
    frequencies = _linspace(npd.type(0.0), nyquist, bins, npd)[1:]
    bins_mel = _hertz_to_mel(frequencies).astype(npd)[:, None]
    edges = _linspace(_hertz_to_mel(npd.type(lower)), _hertz_to_mel(npd.type(upper)),
                      num_mel_bins + 2, npd)
    left, center, right = edges[:-2][None], edges[1:-1][None], edges[2:][None]
    rising = (bins_mel - left) / (center - left)
    falling = (right - bins_mel) / (right - center)
    weights = np.maximum(npd.type(0.0), np.minimum(rising, falling)).astype(npd)
    return convert_to_tensor(np.concatenate([np.zeros((1, num_mel_bins), npd), weights], 0))


__all__ = ["linear_to_mel_weight_matrix"]
