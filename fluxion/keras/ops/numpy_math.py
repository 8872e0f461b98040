"""``keras.ops.numpy`` elementwise math with Keras' dtype rules (ints become floatx in float
functions; binary ops promote on Keras' lattice, Python scalars being weak)."""
from __future__ import annotations

import math as _pymath

import fluxion as tf
from fluxion.keras.ops._common import floatx, promote, result_type, tensor, to_float, wrap_module

_LN10 = _pymath.log(10.0)
_LN2 = _pymath.log(2.0)


def _float_unary(name: str, fn, doc: str = ""):
    def op(x):
        return fn(to_float(x))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc or f"Elementwise ``{name}`` (integer inputs become floatx)."
    return op


sin = _float_unary("sin", tf.math.sin)
cos = _float_unary("cos", tf.math.cos)
tan = _float_unary("tan", tf.math.tan)
arcsin = _float_unary("arcsin", tf.math.asin)
arccos = _float_unary("arccos", tf.math.acos)
arctan = _float_unary("arctan", tf.math.atan)
sinh = _float_unary("sinh", tf.math.sinh)
cosh = _float_unary("cosh", tf.math.cosh)
tanh = _float_unary("tanh", tf.math.tanh)
arcsinh = _float_unary("arcsinh", tf.math.asinh)
arccosh = _float_unary("arccosh", tf.math.acosh)
arctanh = _float_unary("arctanh", tf.math.atanh)
exp = _float_unary("exp", tf.math.exp)
expm1 = _float_unary("expm1", tf.math.expm1)
log = _float_unary("log", tf.math.log)
log1p = _float_unary("log1p", tf.math.log1p)
sqrt = _float_unary("sqrt", tf.math.sqrt)
ceil = _float_unary("ceil", tf.math.ceil)
floor = _float_unary("floor", tf.math.floor)
log10 = _float_unary("log10", lambda x: tf.math.log(x) / tf.constant(_LN10, x.dtype))
log2 = _float_unary("log2", lambda x: tf.math.log(x) / tf.constant(_LN2, x.dtype))
exp2 = _float_unary("exp2", lambda x: tf.math.pow(tf.constant(2.0, x.dtype), x))
cbrt = _float_unary("cbrt", lambda x: tf.math.sign(x) * tf.math.pow(
    tf.math.abs(x), tf.constant(1.0 / 3.0, x.dtype)))
deg2rad = _float_unary("deg2rad", lambda x: x * tf.constant(_pymath.pi / 180.0, x.dtype))
rad2deg = _float_unary("rad2deg", lambda x: x * tf.constant(180.0 / _pymath.pi, x.dtype))
sinc = _float_unary("sinc", lambda x: _sinc(x))


def _sinc(x):
    px = x * tf.constant(_pymath.pi, x.dtype)
    safe = tf.where(tf.equal(x, 0), tf.ones_like(px), px)
    return tf.where(tf.equal(x, 0), tf.ones_like(px), tf.math.sin(safe) / safe)


def absolute(x):
    x = tensor(x)
    if x.dtype.is_unsigned or x.dtype.is_bool:
        return x
    return tf.math.abs(x)


abs = absolute
fabs = _float_unary("fabs", tf.math.abs)


def negative(x):
    return tf.math.negative(tensor(x))


def square(x):
    x = tensor(x)
    return tf.math.square(tf.cast(x, "int32") if x.dtype.is_bool else x)


def reciprocal(x):
    return tf.math.reciprocal(tensor(x))


def sign(x):
    x = tensor(x)
    if x.dtype.is_unsigned:
        return tf.cast(tf.math.sign(tf.cast(x, "int32")), x.dtype)
    return tf.math.sign(x)


def signbit(x):
    x = tensor(x)
    if x.dtype.is_bool or x.dtype.is_unsigned:
        return tf.zeros_like(x, "bool")
    if x.dtype.is_integer:
        return tf.math.less(x, 0)
    # -0.0 and -nan have the sign bit: 1/x separates the zeros
    return tf.math.logical_or(tf.math.less(x, 0), tf.math.logical_and(
        tf.math.equal(x, 0), tf.math.less(tf.math.reciprocal(x), 0)))


def round(x, decimals=0):
    x = tensor(x)
    if decimals == 0:
        return tf.math.round(x)
    if x.dtype.is_integer:
        if decimals > 0:
            return x
        factor = tf.constant(10.0 ** decimals, floatx())
        return tf.cast(tf.math.round(tf.cast(x, floatx()) * factor) / factor, x.dtype)
    factor = tf.constant(10.0 ** decimals, x.dtype)
    return tf.math.round(x * factor) / factor


def trunc(x):
    x = tensor(x)
    if x.dtype.is_bool or x.dtype.is_integer:
        return x
    return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))


def _strong(*xs, extra=()):
    """Both operands as tensors first (Python scalars become int32/float32, not weak), then
    promoted: how Keras' TF backend treats most binary ops."""
    return promote(*(tensor(x) for x in xs), extra=extra)


def _binary(name: str, fn, extra=(), bool_as=None, weak=True):
    convert = promote if weak else _strong

    def op(x1, x2):
        a, b = convert(x1, x2, extra=extra)
        if bool_as is not None and a.dtype.is_bool:
            a, b = tf.cast(a, bool_as), tf.cast(b, bool_as)
        return fn(a, b)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` after Keras dtype promotion."
    return op


def _no_bool(fn, name):
    def op(a, b):
        if a.dtype.is_bool:
            raise tf.errors.InvalidArgumentError(
                None, None, f"{name}: bool tensors are not supported (cast them first)")
        return fn(a, b)
    return op


def _hypot(a, b):
    if a.dtype.is_integer:
        a, b = (tf.cast(t, "float64" if a.dtype.name == "int64" else floatx()) for t in (a, b))
    a, b = tf.math.abs(a), tf.math.abs(b)
    high, low = tf.math.maximum(a, b), tf.math.minimum(a, b)
    return high * tf.math.sqrt(1.0 + tf.math.square(tf.math.divide_no_nan(low, high)))


def _logaddexp(a, b):
    delta = a - b
    big = tf.math.maximum(a, b) + tf.math.log1p(tf.math.exp(-tf.math.abs(delta)))
    return tf.where(tf.math.is_nan(delta), a + b, big)


add = _binary("add", tf.math.add)
subtract = _binary("subtract", tf.math.subtract)
multiply = _binary("multiply", _no_bool(tf.math.multiply, "multiply"))
maximum = _binary("maximum", tf.math.maximum)
minimum = _binary("minimum", tf.math.minimum)
fmax = maximum
fmin = minimum
divide = _binary("divide", tf.math.divide, extra=(float,))
true_divide = divide
divide_no_nan = _binary("divide_no_nan", tf.math.divide_no_nan, extra=(float,))
floor_divide = _binary("floor_divide", tf.math.floordiv, bool_as="int32")
mod = _binary("mod", tf.math.floormod, bool_as="int32", weak=False)
arctan2 = _binary("arctan2", tf.math.atan2, extra=(float,), weak=False)
equal = _binary("equal", tf.math.equal, weak=False)
not_equal = _binary("not_equal", tf.math.not_equal, weak=False)
less = _binary("less", tf.math.less, weak=False)
less_equal = _binary("less_equal", tf.math.less_equal, weak=False)
greater = _binary("greater", tf.math.greater, weak=False)
greater_equal = _binary("greater_equal", tf.math.greater_equal, weak=False)
hypot = _binary("hypot", _hypot, weak=False)
logaddexp = _binary("logaddexp", _logaddexp, extra=(float,), weak=False)


def power(x1, x2):
    dtype = result_type(getattr(x1, "dtype", type(x1)), getattr(x2, "dtype", type(x2)))
    if "uint" in dtype:
        return tf.cast(tf.math.pow(tensor(x1, "int32"), tensor(x2, "int32")), dtype)
    return tf.math.pow(tensor(x1, dtype), tensor(x2, dtype))


def fmod(x1, x2):
    """C-style remainder (sign of the dividend)."""
    a, b = _strong(x1, x2)
    dtype = "int32" if a.dtype.is_bool else a.dtype.name
    compute = "int32" if dtype in ("uint8", "uint16", "uint32") else dtype
    a, b = tf.cast(a, compute), tf.cast(b, compute)
    out = tf.math.sign(a) * tf.math.floormod(tf.math.abs(a), tf.math.abs(b))
    return tf.cast(out, dtype)


def logical_and(x1, x2):
    return tf.math.logical_and(tf.cast(x1, "bool"), tf.cast(x2, "bool"))


def logical_or(x1, x2):
    return tf.math.logical_or(tf.cast(x1, "bool"), tf.cast(x2, "bool"))


def logical_xor(x1, x2):
    return tf.math.not_equal(tf.cast(x1, "bool"), tf.cast(x2, "bool"))


def logical_not(x):
    return tf.math.logical_not(tf.cast(x, "bool"))


def isnan(x):
    x = tensor(x)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return tf.zeros_like(x, "bool")
    return tf.math.is_nan(x)


def isinf(x):
    x = tensor(x)
    if not x.dtype.is_floating:
        return tf.zeros_like(x, "bool")
    return tf.math.is_inf(x)


def isfinite(x):
    x = tensor(x)
    if not x.dtype.is_floating:
        return tf.ones_like(x, "bool")
    return tf.math.is_finite(x)


def isposinf(x):
    x = tensor(x)
    return tf.math.logical_and(isinf(x), tf.math.greater(x, 0))


def isneginf(x):
    x = tensor(x)
    return tf.math.logical_and(isinf(x), tf.math.less(x, 0))


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    a, b = promote(tensor(x1), tensor(x2))
    if not a.dtype.is_floating:
        return tf.math.equal(a, b)
    out = tf.math.abs(a - b) <= (atol + rtol * tf.math.abs(b))
    if equal_nan:
        out = tf.math.logical_or(out, tf.math.logical_and(tf.math.is_nan(a), tf.math.is_nan(b)))
    return out


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def clip(x, x_min, x_max):
    x = tensor(x)
    if x.dtype.is_bool:
        x = tf.cast(x, "int32")
    return tf.clip_by_value(x, x_min, x_max)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = tensor(x)
    if not x.dtype.is_floating:
        return x
    dt = x.dtype
    x = tf.where(tf.math.is_nan(x), tf.constant(nan, dt), x)
    high = dt.max if posinf is None else posinf
    low = dt.min if neginf is None else neginf
    x = tf.where(tf.math.logical_and(tf.math.is_inf(x), x > 0), tf.constant(high, dt), x)
    return tf.where(tf.math.logical_and(tf.math.is_inf(x), x < 0), tf.constant(low, dt), x)


def heaviside(x1, x2):
    a, b = promote(x1, x2)
    if not a.dtype.is_floating:
        a, b = tf.cast(a, floatx()), tf.cast(b, floatx())
    return tf.where(a < 0, tf.zeros_like(a), tf.where(a > 0, tf.ones_like(a), b))


def conjugate(x):
    return tf.math.conj(tensor(x))


conj = conjugate


def real(x):
    return tf.math.real(tensor(x))


def imag(x):
    return tf.math.imag(tensor(x))


def copy(x):
    return tf.identity(tensor(x))


__all__ = [
    "abs",
    "absolute",
    "add",
    "allclose",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "cbrt",
    "ceil",
    "clip",
    "conj",
    "conjugate",
    "copy",
    "cos",
    "cosh",
    "deg2rad",
    "divide",
    "divide_no_nan",
    "equal",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "greater",
    "greater_equal",
    "heaviside",
    "hypot",
    "imag",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "less",
    "less_equal",
    "log",
    "log1p",
    "log2",
    "log10",
    "logaddexp",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nan_to_num",
    "negative",
    "not_equal",
    "power",
    "rad2deg",
    "real",
    "reciprocal",
    "round",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "subtract",
    "tan",
    "tanh",
    "true_divide",
    "trunc",
]
wrap_module(globals(), __all__)
