"""Unary elementwise functions (``tf.sin``, ``tf.sigmoid``, ``tf.math.rsqrt`` ...), complex
number helpers (``tf.complex``, ``tf.math.real`` ...) and ``tf.cast``.

`math_ops` imports this module last and re-exports its names; the vjps here are written with
math_ops' binary ops. Ops with a NumPy ufunc use its name as the kernel (the fastest path).
"""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer
from fluxion.ops._util import (COMPLEX, FLOAT, FLOAT_COMPLEX, NUMERIC, SIGNED_INT, dtype_of,
                               unbroadcast)
from fluxion.ops.array_ops import zeros_like
from fluxion.ops.math_ops import (_SIGNED, _div_no_nan, _dtype, _pair, _select, _zero, add,
                                  divide_, divide_no_nan, less, multiply, multiply_no_nan,
                                  negative, subtract)


def _unary(name: str, kernel, allowed, vjp=None, tf_name=None):
    return defop(name, kernel, vjp=vjp, infer=_infer.same, dtypes=allowed, tf_name=tf_name)


def _times(g, derivative):
    """g * conj(f'(x)): TF's convention for gradients of complex functions."""
    return (multiply(g, conj(derivative)),)


def _tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


# --- abs, sign, powers and roots ------------------------------------------------------------------
def _vjp_complex_abs(g, out, x):
    zero = _zero(g)
    return (divide_no_nan(multiply(_complex(g, zero), x), _complex(out, zero)),)


def _rsqrt_kernel(xp, x):
    return 1 / xp.sqrt(x)


def _vjp_rsqrt(g, out, x):
    c = conj(out)
    return (multiply_no_nan(multiply(multiply(c, square(c)), -0.5), g),)


def _reciprocal_kernel(xp, x):
    if x.dtype.kind == "i":
        raise errors.NotFoundError(f"No Reciprocal kernel for {x.dtype} [Op:Reciprocal]")
    return xp.reciprocal(x)


_abs = _unary("abs", "absolute", FLOAT + SIGNED_INT,
              lambda g, out, x: (multiply(g, sign(x)),))
_complex_abs = defop("complex_abs", "absolute", vjp=_vjp_complex_abs, dtypes=COMPLEX,
                     infer=lambda x: Spec(x.shape, x.dtype.real_dtype))
_sign = _unary("sign", "sign", _SIGNED, lambda g, out, x: (zeros_like(x),))
_square = _unary("square", "square", NUMERIC,
                 lambda g, out, x: (multiply(g, multiply(conj(x), 2)),))
# TF's SqrtGrad, RsqrtGrad and ReciprocalGrad give 0 where the incoming gradient is 0 (even at
# x = 0 or x < 0), which keeps tf.where(x > 0, tf.sqrt(x), 0) free of NaN gradients.
_sqrt = _unary("sqrt", "sqrt", FLOAT_COMPLEX,
               lambda g, out, x: (multiply_no_nan(divide_(0.5, conj(out)), g),))
_rsqrt = _unary("rsqrt", _rsqrt_kernel, FLOAT_COMPLEX, _vjp_rsqrt)
_reciprocal = _unary("reciprocal", _reciprocal_kernel, FLOAT_COMPLEX + SIGNED_INT,
                     lambda g, out, x: (multiply_no_nan(negative(square(conj(out))), g),))


def abs(x, name=None) -> Tensor:  # noqa: A001 - TF's name
    """|x|; for complex x the modulus, with the real dtype (complex64 -> float32)."""
    x = _tensor(x)
    return _complex_abs(x) if x._value.dtype.kind == "c" else _abs(x)


def sign(x, name=None) -> Tensor:
    """-1, 0 or 1 (NaN stays NaN); x / |x| for complex x. Its gradient is zero."""
    return _sign(x)


def square(x, name=None) -> Tensor:
    return _square(x)


def sqrt(x, name=None) -> Tensor:
    return _sqrt(x)


def rsqrt(x, name=None) -> Tensor:
    """1 / sqrt(x)."""
    return _rsqrt(x)


def reciprocal(x, name=None) -> Tensor:
    """1 / x."""
    return _reciprocal(x)


def reciprocal_no_nan(x, name=None) -> Tensor:
    """1 / x, or 0 where x == 0."""
    x = _tensor(x)
    return _div_no_nan(convert_to_tensor(1, dtype=x.dtype), x)


# --- exponentials and logarithms ------------------------------------------------------------------
def _sigmoid_kernel(xp, x):
    if x.dtype == xp.float16:  # exp(-x) overflows float16 early: compute in float32
        return _sigmoid_kernel(xp, x.astype(xp.float32)).astype(xp.float16)
    # Stable as written: for x << 0, exp(-x) overflows to inf and the result is the exact limit
    # 0 (never NaN); no cancellation happens in either tail.
    return 1 / (1 + xp.exp(-x))


def _vjp_sigmoid(g, out, x):
    c = conj(out)
    return (multiply(g, multiply(c, subtract(1, c))),)


_exp = _unary("exp", "exp", FLOAT_COMPLEX, lambda g, out, x: _times(g, out))
_expm1 = _unary("expm1", "expm1", FLOAT_COMPLEX, lambda g, out, x: _times(g, exp(x)))
_log = _unary("log", "log", FLOAT_COMPLEX, lambda g, out, x: (divide_(g, conj(x)),))
_log1p = _unary("log1p", "log1p", FLOAT_COMPLEX,
                lambda g, out, x: (divide_(g, conj(add(x, 1))),))
_tanh = _unary("tanh", "tanh", FLOAT_COMPLEX,
               lambda g, out, x: (multiply(g, subtract(1, square(conj(out)))),))
_sigmoid = _unary("sigmoid", _sigmoid_kernel, FLOAT_COMPLEX, _vjp_sigmoid)


def exp(x, name=None) -> Tensor:
    return _exp(x)


def expm1(x, name=None) -> Tensor:
    """exp(x) - 1, accurate for small x."""
    return _expm1(x)


def log(x, name=None) -> Tensor:
    """Natural logarithm (log(0) = -inf, log(x < 0) = NaN)."""
    return _log(x)


def log1p(x, name=None) -> Tensor:
    """log(1 + x), accurate for small x."""
    return _log1p(x)


def tanh(x, name=None) -> Tensor:
    return _tanh(x)


def sigmoid(x, name=None) -> Tensor:
    """1 / (1 + exp(-x))."""
    return _sigmoid(x)


# --- trigonometric and hyperbolic functions -------------------------------------------------------
def _vjp_asin(g, out, x):
    return _times(g, reciprocal(sqrt(subtract(1, square(x)))))


def _vjp_acos(g, out, x):
    return (negative(_vjp_asin(g, out, x)[0]),)


def _vjp_atan2(g, out, y, x):
    inv = divide_(g, add(square(x), square(y)))
    return unbroadcast(multiply(x, inv), y), unbroadcast(negative(multiply(y, inv)), x)


_sin = _unary("sin", "sin", FLOAT_COMPLEX, lambda g, out, x: _times(g, cos(x)))
_cos = _unary("cos", "cos", FLOAT_COMPLEX,
              lambda g, out, x: (negative(multiply(g, conj(sin(x)))),))
_tan = _unary("tan", "tan", FLOAT_COMPLEX,
              lambda g, out, x: _times(g, square(reciprocal(cos(x)))))
_asin = _unary("asin", "arcsin", FLOAT_COMPLEX, _vjp_asin)
_acos = _unary("acos", "arccos", FLOAT_COMPLEX, _vjp_acos)
_atan = _unary("atan", "arctan", FLOAT_COMPLEX,
               lambda g, out, x: _times(g, reciprocal(add(square(x), 1))))
_atan2 = defop("atan2", "arctan2", vjp=_vjp_atan2, infer=_infer.broadcast, dtypes=FLOAT)
_sinh = _unary("sinh", "sinh", FLOAT_COMPLEX, lambda g, out, x: _times(g, cosh(x)))
_cosh = _unary("cosh", "cosh", FLOAT_COMPLEX, lambda g, out, x: _times(g, sinh(x)))
_asinh = _unary("asinh", "arcsinh", FLOAT_COMPLEX,
                lambda g, out, x: (divide_(g, conj(cosh(out))),))
_acosh = _unary("acosh", "arccosh", FLOAT_COMPLEX,
                lambda g, out, x: (divide_(g, conj(sinh(out))),))
_atanh = _unary("atanh", "arctanh", FLOAT_COMPLEX,
                lambda g, out, x: _times(g, reciprocal(subtract(1, square(x)))))


def sin(x, name=None) -> Tensor:
    return _sin(x)


def cos(x, name=None) -> Tensor:
    return _cos(x)


def tan(x, name=None) -> Tensor:
    return _tan(x)


def asin(x, name=None) -> Tensor:
    return _asin(x)


def acos(x, name=None) -> Tensor:
    return _acos(x)


def atan(x, name=None) -> Tensor:
    return _atan(x)


def atan2(y, x, name=None) -> Tensor:
    """The angle of the point (x, y), in [-pi, pi] (signed zeros respected)."""
    return _atan2(*_pair(y, x))


def sinh(x, name=None) -> Tensor:
    return _sinh(x)


def cosh(x, name=None) -> Tensor:
    return _cosh(x)


def asinh(x, name=None) -> Tensor:
    return _asinh(x)


def acosh(x, name=None) -> Tensor:
    return _acosh(x)


def atanh(x, name=None) -> Tensor:
    return _atanh(x)


# --- rounding and predicates -------------------------------------------------------------------
_round = _unary("round", "rint", FLOAT)  # rint rounds half to even, like TF's Round
_rint = _unary("rint", "rint", FLOAT)
_floor = _unary("floor", "floor", FLOAT)
_ceil = _unary("ceil", "ceil", FLOAT)
_is_nan = defop("is_nan", "isnan", infer=_infer.unary_bool, dtypes=FLOAT, tf_name="IsNan")
_is_inf = defop("is_inf", "isinf", infer=_infer.unary_bool, dtypes=FLOAT, tf_name="IsInf")
_is_finite = defop("is_finite", "isfinite", infer=_infer.unary_bool, dtypes=FLOAT,
                   tf_name="IsFinite")


def round(x, name=None) -> Tensor:  # noqa: A001 - TF's name
    """Rounds half to even (0.5 -> 0, 1.5 -> 2); integer tensors are returned unchanged."""
    x = _tensor(x)
    kind = x._value.dtype.kind
    if kind in "iu":
        return x
    if kind == "c":
        raise errors.NotFoundError("No Round kernel for complex [Op:Round]")
    return _round(x)


def rint(x, name=None) -> Tensor:
    """Rounds to the nearest integer, half to even."""
    x = _tensor(x)
    if x._value.dtype == np.float16:
        raise errors.NotFoundError("No Rint kernel for half [Op:Rint]")
    return _rint(x)


def floor(x, name=None) -> Tensor:
    return _floor(x)


def ceil(x, name=None) -> Tensor:
    return _ceil(x)


def is_nan(x, name=None) -> Tensor:
    return _is_nan(x)


def is_inf(x, name=None) -> Tensor:
    return _is_inf(x)


def is_finite(x, name=None) -> Tensor:
    return _is_finite(x)


# --- complex numbers ------------------------------------------------------------------------------
def _complex_kernel(xp, real, imag):
    r, i = xp.broadcast_arrays(real, imag)
    out = xp.empty(r.shape, xp.complex64 if r.dtype == xp.float32 else xp.complex128)
    out.real, out.imag = r, i
    return out


def _infer_complex(real: Spec, imag: Spec) -> Spec:
    ctype = dtypes.complex64 if real.dtype is dtypes.float32 else dtypes.complex128
    return Spec(_infer.broadcast(real, imag).shape, ctype)


def _vjp_complex(g, out, re, im):
    return unbroadcast(_real(g), re), unbroadcast(_imag(g), im)


def _part_kernel(part):
    def kernel(xp, x):
        return getattr(xp, part)(x).copy()  # a copy: never alias the complex input
    return kernel


def _infer_real_part(x: Spec) -> Spec:
    return Spec(x.shape, x.dtype.real_dtype)


def _vjp_angle(g, out, x):
    zero = _zero(g)
    return (negative(multiply(_complex(g, zero), reciprocal(_complex(_imag(x), _real(x))))),)


_complex = defop("complex", _complex_kernel, vjp=_vjp_complex, infer=_infer_complex,
                 dtypes=(dtypes.float32, dtypes.float64))
_real = defop("real", _part_kernel("real"), infer=_infer_real_part, dtypes=COMPLEX,
              vjp=lambda g, out, x: (cast(g, dtype_of(x)),))
_imag = defop("imag", _part_kernel("imag"), infer=_infer_real_part, dtypes=COMPLEX,
              vjp=lambda g, out, x: (_complex(_zero(g), g),))
_angle = defop("angle", "angle", vjp=_vjp_angle, infer=_infer_real_part, dtypes=COMPLEX)
_conj = defop("conj", "conjugate", vjp=lambda g, out, x: (conj(g),), infer=_infer.same,
              dtypes=COMPLEX)


def complex(real, imag, name=None) -> Tensor:  # noqa: A001 - TF's name
    """real + i * imag from two float32 (-> complex64) or float64 (-> complex128) tensors."""
    real, imag = _pair(real, imag)
    if real.dtype is not imag.dtype or real.dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(f"complex: real and imag must both be float32 or both float64, got "
                        f"{real.dtype.name} and {imag.dtype.name}")
    return _complex(real, imag)


def _numeric(x, what: str) -> Tensor:
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    if x._value.dtype.kind not in "iufc":
        raise TypeError(f"{what}: expected a numeric tensor, got {_dtype(x).name}")
    return x


def real(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """The real part; the tensor itself when it is not complex."""
    input = _numeric(input, "real")  # noqa: A001
    return _real(input) if input._value.dtype.kind == "c" else input


def imag(input, name=None) -> Tensor:  # noqa: A002
    """The imaginary part; zeros of the same dtype when the tensor is not complex."""
    input = _tensor(input)  # noqa: A001
    if input._value.dtype.kind == "c":
        return _imag(input)
    return zeros_like(input)


def angle(input, name=None) -> Tensor:  # noqa: A002
    """The argument of complex numbers; pi for negative reals and 0 otherwise."""
    input = _tensor(input)  # noqa: A001
    kind = input._value.dtype.kind
    if kind == "c":
        return _angle(input)
    if kind != "f":
        raise TypeError(f"angle: expected a floating or complex tensor, got {_dtype(input).name}")
    pi = convert_to_tensor(np.pi, dtype=_dtype(input))
    return _select(pi, _zero(input), less(input, 0))


def conj(x, name=None) -> Tensor:
    """Complex conjugate; the identity on real tensors (no op is recorded for them)."""
    x = _numeric(x, "conj")
    return _conj(x) if x._value.dtype.kind == "c" else x


# --- cast -------------------------------------------------------------------------------------
def _cast_kernel(xp, x, dtype):
    if dtype is dtypes.string:
        raise InvalidArgumentError("Cast: casting to string is not supported [Op:Cast]")
    if x.dtype.kind in "fc" and dtype.is_integer:
        x = xp.trunc(x.real if x.dtype.kind == "c" else x)
    if x.dtype.kind == "c" and not dtype.is_complex:
        x = x.real
    return xp.asarray(x).astype(dtype._np)


def _vjp_cast(g, out, x, dtype):
    src = dtype_of(x)
    if not (src.is_floating or src.is_complex) or not (dtype.is_floating or dtype.is_complex):
        return (None,)
    return (cast(g, src),)


_cast = defop("cast", _cast_kernel, vjp=_vjp_cast, infer=lambda x, dtype: Spec(x.shape, dtype))


def cast(x, dtype, name=None) -> Tensor:
    """Casts to `dtype`; float -> int truncates toward zero as TF does."""
    dtype = as_dtype(dtype)
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    if x._value.dtype == dtype._np:
        return x if type(x) is Tensor else _cast(x, dtype=dtype)
    return _cast(x, dtype=dtype)


__all__ = [
    "abs", "sign", "square", "sqrt", "exp", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
    "sinh", "cosh", "asinh", "acosh", "atanh", "tanh", "sigmoid", "round", "floor", "complex",
    "cast",
]
_math_exports = [
    "abs", "sign", "square", "sqrt", "rsqrt", "reciprocal", "reciprocal_no_nan", "exp", "expm1",
    "log", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh",
    "acosh", "atanh", "tanh", "sigmoid", "round", "rint", "floor", "ceil", "is_nan", "is_inf",
    "is_finite", "real", "imag", "angle", "conj",
]
