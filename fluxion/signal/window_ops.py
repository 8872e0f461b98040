"""Window functions: ``tf.signal.hann_window``, ``hamming_window``, ``kaiser_window``,
``kaiser_bessel_derived_window`` and ``vorbis_window``.

Windows depend only on static arguments, so they are computed with NumPy and returned as
constants (graphs capture them). Raised-cosine windows are computed in the requested dtype,
step by step as TF does, so float16 windows round as TF's do.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops._util import static_value


def _check(window_length, dtype, what: str) -> tuple[int, np.dtype]:
    dtype = as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype!r}")
    if hasattr(window_length, "_value") and window_length.dtype is not dtypes.int32:
        raise ValueError(f"{what}: window_length must be an int32 tensor, got "
                         f"{window_length.dtype.name}")
    length = static_value(window_length, "window_length")
    if length.dtype.kind not in "iu":
        raise TypeError(f"Cannot convert {length} to EagerTensor of dtype int32 ({what})")
    if length.ndim != 0:
        raise ValueError(f"window_length must be a scalar, got shape {length.shape}")
    return int(length), dtype._np


def _negative(length: int, what: str) -> InvalidArgumentError:
    return InvalidArgumentError(None, None, f"{what}: Requires start <= limit when delta > 0: "
                                f"0/{length} [Op:Range]")


def _raised_cosine(window_length, periodic, dtype, a: float, b: float, what: str) -> Tensor:
    length, npd = _check(window_length, dtype, what)
    if length < 0:
        raise _negative(length, what)
    if length == 1:
        return convert_to_tensor(np.ones(1, npd))
    periodic = bool(static_value(periodic, "periodic"))
    # TF's quirk: `periodic` only changes even lengths (denominator n instead of n - 1)
    even = 1 - length % 2
    denominator = npd.type(length + int(periodic) * even - 1)
    count = np.arange(length).astype(npd)
    cos_arg = npd.type(2 * np.pi) * count / denominator
    window = (npd.type(a) - npd.type(b) * np.cos(cos_arg)).astype(npd)
    return convert_to_tensor(window)


def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None) -> Tensor:
    """0.5 - 0.5 cos(2 pi n / N) with N = length (periodic, even lengths) or length - 1."""
    return _raised_cosine(window_length, periodic, dtype, 0.5, 0.5, "hann_window")


def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None) -> Tensor:
    """0.54 - 0.46 cos(2 pi n / N), N as for hann_window."""
    return _raised_cosine(window_length, periodic, dtype, 0.54, 0.46, "hamming_window")


def _work_dtype(npd):
    """Transcendental windows are computed in float64 (float32 for half) and rounded."""
    return np.float32 if npd == np.float16 else np.float64


def _kaiser(length: int, beta: float, npd) -> np.ndarray:
    if length == 1:
        return np.ones(1, npd)
    if length <= 0:
        raise InvalidArgumentError(None, None, f"kaiser_window: Requires start <= limit when "
                                   f"delta > 0: {(1 - length) / 2}/{(length - 1) / 2} "
                                   f"[Op:Range]")
    work = _work_dtype(npd)
    half = (length - 1) / 2.0
    ratio = (np.arange(length, dtype=work) - half) / half
    num = beta * np.sqrt(np.maximum(0.0, 1.0 - ratio * ratio))
    window = np.i0(num.astype(np.float64)) / np.i0(np.float64(beta))
    return window.astype(npd)


def kaiser_window(window_length, beta=12.0, dtype=dtypes.float32, name=None) -> Tensor:
    """I0(beta sqrt(1 - (2n / (N - 1) - 1)^2)) / I0(beta) (symmetric, N = window_length)."""
    length, npd = _check(window_length, dtype, "kaiser_window")
    return convert_to_tensor(_kaiser(length, float(static_value(beta, "beta")), npd))


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype=dtypes.float32,
                                 name=None) -> Tensor:
    """sqrt of the normalised cumulative sum of a Kaiser window of window_length // 2 + 1,
    mirrored: 2 * (window_length // 2) samples (odd lengths lose one, as TF)."""
    length, npd = _check(window_length, dtype, "kaiser_bessel_derived_window")
    if length < 0:
        raise _negative(length, "kaiser_bessel_derived_window")
    half = length // 2
    kaiser = _kaiser(half + 1, float(static_value(beta, "beta")), npd).astype(np.float64)
    total = np.cumsum(kaiser)
    rising = np.sqrt(total[:-1] / total[-1])
    return convert_to_tensor(np.concatenate([rising, rising[::-1]]).astype(npd))


def vorbis_window(window_length, dtype=dtypes.float32, name=None) -> Tensor:
    """sin(pi / 2 * sin^2(pi (n + 0.5) / N)), the power-complementary window of Vorbis."""
    length, npd = _check(window_length, dtype, "vorbis_window")
    if length < 0:
        raise _negative(length, "vorbis_window")
    work = _work_dtype(npd)
    inner = np.sin(np.pi / work(max(length, 1)) * (np.arange(length, dtype=work) + 0.5))
    return convert_to_tensor(np.sin(np.pi / 2.0 * inner * inner).astype(npd))


__all__ = ["hamming_window", "hann_window", "kaiser_bessel_derived_window", "kaiser_window",
           "vorbis_window"]
