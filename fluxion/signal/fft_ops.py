"""Fast Fourier transforms (``tf.signal.fft``, ``rfft``, ``irfft2d`` ...) and ``fftshift``.

Four primitives: ``fft`` and ``ifft`` (complex to complex over the last `rank` axes), ``rfft``
(real to the non-redundant half spectrum) and ``irfft`` (its inverse), the last two with a
static ``fft_length`` per transformed axis (the input is cropped or zero-padded to it). Kernels
keep TF's dtypes: complex64 <-> float32 and complex128 <-> float64. The vjps follow TF's
convention for complex gradients (dL/dRe + i dL/dIm), so for a linear map A the gradient is
A^H g: a scaled inverse transform.
"""
from __future__ import annotations

import math

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import math_ops, slicing_ops
from fluxion.ops._infer import same
from fluxion.ops._util import COMPLEX, _recorded_shape, shape_of, static_ints
from fluxion.ops.unary_ops import real

REAL_OF = {dtypes.complex64: dtypes.float32, dtypes.complex128: dtypes.float64}
COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}


# --- shapes -----------------------------------------------------------------------------------
def _half(n: int) -> int:
    """Bins of a real transform of length n (none for an empty transform, as TF)."""
    return n // 2 + 1 if n > 0 else 0


def last_dims(x, k: int) -> tuple:
    """The static sizes of the last `k` axes of `x` (raises while tracing if one varies)."""
    shape = _recorded_shape(x)
    if shape is None or None in shape[len(shape) - k:]:
        shape = shape_of(x)
    return tuple(shape[len(shape) - k:])


def last_slice(x, start: int | None, stop: int | None) -> Tensor:
    """x[..., start:stop], spelled without Ellipsis (graph attributes must be literals that
    saved graphs can parse back)."""
    return x[(slice(None),) * (len(_recorded_shape(x)) - 1) + (slice(start, stop),)]


def fit(x, have: tuple, want: tuple) -> Tensor:
    """Crops or zero-pads the last len(want) axes of `x` from sizes `have` to `want`."""
    k = len(want)
    if tuple(have) == tuple(want):
        return x
    crop = tuple(slice(None, w) if h > w else slice(None) for h, w in zip(have, want))
    if any(h > w for h, w in zip(have, want)):
        x = x[(slice(None),) * (len(_recorded_shape(x)) - k) + crop]
    if any(h < w for h, w in zip(have, want)):
        rank = len(_recorded_shape(x))
        pads = [[0, 0]] * (rank - k) + [[0, max(0, w - h)] for h, w in zip(have, want)]
        x = slicing_ops.pad(x, pads)
    return x


# --- kernels ----------------------------------------------------------------------------------
def _fft_kernel(xp, x, rank, inverse=False):
    if x.size == 0:
        return x.copy()
    axes = tuple(range(-rank, 0))
    out = xp.fft.ifftn(x, axes=axes) if inverse else xp.fft.fftn(x, axes=axes)
    return out.astype(x.dtype, copy=False)


def _rfft_kernel(xp, x, fft_length):
    rank = len(fft_length)
    ctype = xp.complex64 if x.dtype == xp.float32 else xp.complex128
    shape = x.shape[:x.ndim - rank] + tuple(fft_length[:-1]) + (_half(fft_length[-1]),)
    if x.size == 0 or 0 in fft_length:
        return xp.zeros(shape, ctype)
    out = xp.fft.rfftn(x, s=fft_length, axes=tuple(range(-rank, 0)))
    return out.astype(ctype, copy=False)


def _irfft_kernel(xp, z, fft_length):
    rank = len(fft_length)
    rtype = xp.float32 if z.dtype == xp.complex64 else xp.float64
    shape = z.shape[:z.ndim - rank] + tuple(fft_length)
    if z.size == 0 or 0 in fft_length or math.prod(shape) == 0:
        return xp.zeros(shape, rtype)
    out = xp.fft.irfftn(z, s=fft_length, axes=tuple(range(-rank, 0)))
    return out.astype(rtype, copy=False)


# --- inference --------------------------------------------------------------------------------
def _infer_rfft(x: Spec, fft_length) -> Spec:
    ctype = COMPLEX_OF.get(x.dtype, dtypes.complex64)
    if x.shape is None:
        return Spec(None, ctype)
    lead = x.shape[:len(x.shape) - len(fft_length)]
    return Spec(lead + tuple(fft_length[:-1]) + (_half(fft_length[-1]),), ctype)


def _infer_irfft(z: Spec, fft_length) -> Spec:
    rtype = REAL_OF.get(z.dtype, dtypes.float32)
    if z.shape is None:
        return Spec(None, rtype)
    return Spec(z.shape[:len(z.shape) - len(fft_length)] + tuple(fft_length), rtype)


# --- gradients --------------------------------------------------------------------------------
def _vjp_fft(g, out, x, rank, inverse=False):
    n = math.prod(last_dims(x, rank))
    if inverse:  # ifft = F^H / n: its adjoint is F / n
        return (math_ops.multiply(_fft(g, rank=rank), 1.0 / max(n, 1)),)
    return (math_ops.multiply(_ifft(g, rank=rank), float(n)),)


def _vjp_rfft(g, out, x, fft_length):
    """rfft = keep-half o F o fit: the adjoint zero-fills the dropped bins, applies
    F^H = n * ifft, keeps the real part (x is real) and undoes the crop/pad."""
    rank = len(fft_length)
    g = fit(g, tuple(fft_length[:-1]) + (_half(fft_length[-1]),), tuple(fft_length))
    back = math_ops.multiply(real(_ifft(g, rank=rank)), float(math.prod(fft_length)))
    return (fit(back, tuple(fft_length), last_dims(x, rank)),)


def _vjp_irfft(g, out, z, fft_length):
    """irfft reads bin k with weight 1 (DC and, for even lengths, Nyquist) or 2 (the others
    stand for their mirrored twins), so its adjoint is rfft(g) * weight / n, then fitted
    back to the input's bins."""
    rank = len(fft_length)
    n_last = fft_length[-1]
    bins = _half(n_last)
    weight = np.full(bins, 2.0)
    weight[:1] = 1.0
    if n_last % 2 == 0 and bins:
        weight[-1] = 1.0
    weight /= max(math.prod(fft_length), 1)
    spectrum = _rfft(g, fft_length=fft_length)
    ctype = spectrum.dtype
    spectrum = math_ops.multiply(spectrum, convert_to_tensor(weight.astype(ctype._np)))
    have = tuple(fft_length[:-1]) + (bins,)
    return (fit(spectrum, have, last_dims(z, rank)),)


_fft = defop("fft", _fft_kernel, vjp=_vjp_fft, infer=same, dtypes=COMPLEX, tf_name="FFT")
def _ifft_kernel(xp, x, rank):
    return _fft_kernel(xp, x, rank, inverse=True)


def _vjp_ifft(g, out, x, rank):
    return _vjp_fft(g, out, x, rank, inverse=True)


_ifft = defop("ifft", _ifft_kernel, vjp=_vjp_ifft, infer=same, dtypes=COMPLEX, tf_name="IFFT")
_rfft = defop("rfft", _rfft_kernel, vjp=_vjp_rfft, infer=_infer_rfft,
              dtypes=(dtypes.float32, dtypes.float64), tf_name="RFFT")
_irfft = defop("irfft", _irfft_kernel, vjp=_vjp_irfft, infer=_infer_irfft, dtypes=COMPLEX,
               tf_name="IRFFT")


# --- public functions -------------------------------------------------------------------------
def _suffix(rank: int) -> str:
    return "" if rank == 1 else f"{rank}D"


def preferred(x, dtype) -> Tensor:
    """Converts Python and NumPy values to `dtype` when they can be (TF's preferred_dtype:
    a NumPy float64 array becomes float32 for rfft); tensors keep their dtype."""
    if hasattr(x, "_value"):
        return convert_to_tensor(x)
    try:
        return convert_to_tensor(x, dtype)
    except (TypeError, ValueError):
        return convert_to_tensor(x)


def _complex_input(x, rank: int, inverse: bool) -> Tensor:
    x = preferred(x, dtypes.complex64)
    op = ("IFFT" if inverse else "FFT") + _suffix(rank)
    if x.dtype not in COMPLEX:
        raise InvalidArgumentError(
            None, None, f"Value for attr 'Tcomplex' of {x.dtype.name} is not in the list of "
            f"allowed values: complex64, complex128 [Op:{op}]")
    shape = _recorded_shape(x)
    if shape is not None and len(shape) < rank:
        raise InvalidArgumentError(
            None, None, f"Input must have rank of at least {rank} but got: {list(shape)} "
            f"[Op:{op}]")
    return x


def _complex_transform(rank: int, inverse: bool):
    prim = _ifft if inverse else _fft

    def transform(input, name=None) -> Tensor:
        return prim(_complex_input(input, rank, inverse), rank=rank)

    transform.__name__ = ("ifft" if inverse else "fft") + _suffix(rank).lower()
    transform.__doc__ = (f"{'Inverse' if inverse else 'Forward'} {rank}-D discrete Fourier "
                         f"transform over the last {rank} axes of a complex tensor.")
    return transform


fft = _complex_transform(1, False)
ifft = _complex_transform(1, True)
fft2d = _complex_transform(2, False)
ifft2d = _complex_transform(2, True)
fft3d = _complex_transform(3, False)
ifft3d = _complex_transform(3, True)


def _lengths(fft_length, rank: int, default: tuple) -> tuple:
    if fft_length is None:
        return default
    value = static_ints(fft_length, "fft_length")
    if isinstance(value, int):
        raise TypeError(f"'int' object is not iterable: fft_length must be a list of {rank} "
                        f"ints, got {fft_length!r}")
    if len(value) != rank:
        raise ValueError(f"fft_length must have {rank} elements, got {list(value)}")
    if any(v < 0 for v in value):
        raise InvalidArgumentError(None, None, f"fft_length must be non-negative, got "
                                   f"{list(value)}")
    return value


def _real_input(x, rank: int, what: str, kinds: tuple) -> tuple[Tensor, tuple]:
    x = preferred(x, kinds[0])
    if x.dtype not in kinds:
        want = " or ".join(f"tf.{d.name}" for d in kinds)
        raise ValueError(f"{what} requires {want} inputs, got: {x!r}")
    shape = _recorded_shape(x)
    if shape is not None and len(shape) < rank:
        raise ValueError(f"Shape {tuple(shape)} must have rank at least {rank}")
    return x, last_dims(x, rank)


def _real_transform(rank: int):
    def transform(input_tensor, fft_length=None, name=None) -> Tensor:
        x, dims = _real_input(input_tensor, rank, "RFFT", (dtypes.float32, dtypes.float64))
        return _rfft(x, fft_length=_lengths(fft_length, rank, dims))

    def inverse(input_tensor, fft_length=None, name=None) -> Tensor:
        z, dims = _real_input(input_tensor, rank, "IRFFT", COMPLEX)
        default = dims[:-1] + (max(0, 2 * (dims[-1] - 1)),)
        return _irfft(z, fft_length=_lengths(fft_length, rank, default))

    transform.__name__ = "rfft" + _suffix(rank).lower()
    inverse.__name__ = "irfft" + _suffix(rank).lower()
    transform.__doc__ = (f"{rank}-D FFT of a real tensor over its last {rank} axes: the "
                         f"fft_length[-1] // 2 + 1 non-redundant bins (complex64 for float32).")
    inverse.__doc__ = (f"Inverse of rfft{_suffix(rank).lower()}: a real signal of "
                       f"`fft_length` (default 2 * (bins - 1) on the last axis).")
    return transform, inverse


rfft, irfft = _real_transform(1)
rfft2d, irfft2d = _real_transform(2)
rfft3d, irfft3d = _real_transform(3)


def _shift(x, axes, sign: int) -> Tensor:
    x = convert_to_tensor(x)
    shape = _recorded_shape(x)
    if shape is None:
        shape = shape_of(x)
    if axes is None:
        axes = tuple(range(len(shape)))
    else:
        axes = static_ints(axes, "axes")
        axes = (axes,) if isinstance(axes, int) else tuple(axes)
    if not axes:
        return x
    if any(shape[a] is None for a in axes):  # only the shifted axes need static sizes
        shape = shape_of(x)
    shifts = [sign * (shape[a] // 2) for a in axes]
    return slicing_ops.roll(x, shifts, list(axes))


def fftshift(x, axes=None, name=None) -> Tensor:
    """Moves the zero-frequency bin to the centre: rolls each axis by size // 2."""
    return _shift(x, axes, 1)


def ifftshift(x, axes=None, name=None) -> Tensor:
    """The inverse of fftshift: rolls each axis by -(size // 2)."""
    return _shift(x, axes, -1)


__all__ = ["fft", "fft2d", "fft3d", "fftshift", "ifft", "ifft2d", "ifft3d", "ifftshift", "irfft",
           "irfft2d", "irfft3d", "rfft", "rfft2d", "rfft3d"]
