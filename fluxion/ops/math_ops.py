"""Elementwise arithmetic, comparisons and matmul (``tf.math``).

Each primitive is one `defop`: kernel, inference rule and vjp together. Public functions keep
TF's names and argument names and only normalise arguments before calling the primitive.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer
from fluxion.ops._util import FLOAT, FLOAT_COMPLEX, NUMERIC, REAL, dtype_of, unbroadcast

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "negative", "matmul", "exp", "log",
    "square", "sqrt", "tanh", "conj", "real", "cast",
]


# --- binary arithmetic ---------------------------------------------------------------------------
def _vjp_add(g, out, x, y):
    return unbroadcast(g, x), unbroadcast(g, y)


def _vjp_sub(g, out, x, y):
    return unbroadcast(g, x), unbroadcast(negative(g), y)


def _vjp_mul(g, out, x, y):
    return unbroadcast(multiply(g, conj(y)), x), unbroadcast(multiply(conj(x), g), y)


def _vjp_div(g, out, x, y):
    gx = divide_(g, conj(y))
    return unbroadcast(gx, x), unbroadcast(negative(multiply(gx, conj(out))), y)


_add = defop("add", "add", vjp=_vjp_add, infer=_infer.broadcast, dtypes=NUMERIC, tf_name="AddV2")
_sub = defop("subtract", "subtract", vjp=_vjp_sub, infer=_infer.broadcast, dtypes=NUMERIC,
             tf_name="Sub")
_mul = defop("multiply", "multiply", vjp=_vjp_mul, infer=_infer.broadcast,
             dtypes=NUMERIC + (dtypes.bool,), tf_name="Mul")
divide_ = defop("real_div", "true_divide", vjp=_vjp_div, infer=_infer.broadcast,
                dtypes=FLOAT_COMPLEX, tf_name="RealDiv")


def add(x, y, name=None) -> Tensor:
    """x + y elementwise, with broadcasting."""
    return _add(x, y)


def subtract(x, y, name=None) -> Tensor:
    return _sub(x, y)


def multiply(x, y, name=None) -> Tensor:
    return _mul(x, y)


def truediv(x, y, name=None) -> Tensor:
    """x / y. Integers are first cast to float (int8/16 -> float32, int32/64 -> float64)."""
    x = x if hasattr(x, "_value") else convert_to_tensor(x, dtype_hint=_hint(y))
    y = y if hasattr(y, "_value") else convert_to_tensor(y, dtype=dtype_of(x))
    dt = dtype_of(x)
    if dt.is_integer or dt.is_bool:
        if dtype_of(y) is not dt:
            raise InvalidArgumentError(f"x and y must have the same dtype, got {dt.name} != "
                                       f"{dtype_of(y).name} [Op:truediv]")
        if dt.is_bool:
            raise TypeError("Invalid dtype bool in truediv")
        target = dtypes.float32 if dt.size <= 2 else dtypes.float64
        x, y = cast(x, target), cast(y, target)
    return divide_(x, y)


def divide(x, y, name=None) -> Tensor:
    return truediv(x, y)


def _hint(y):
    return dtype_of(y) if hasattr(y, "_value") else None


def _neg_kernel(xp, x):
    return xp.negative(x)


_neg = defop("negative", "negative", vjp=lambda g, out, x: (negative(g),), infer=_infer.same,
             dtypes=NUMERIC, tf_name="Neg")


def negative(x, name=None) -> Tensor:
    return _neg(x)


# --- complex helpers used by every gradient ------------------------------------------------------
_conj = defop("conj", "conjugate", vjp=lambda g, out, x: (conj(g),), infer=_infer.same,
              dtypes=NUMERIC)


def conj(x, name=None) -> Tensor:
    """Complex conjugate; the identity on real tensors (no op is recorded for them)."""
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    if x._value.dtype.kind != "c":
        return x
    return _conj(x)


def _real_kernel(xp, x):
    return xp.real(x).copy()


_real = defop("real", _real_kernel, infer=lambda x: Spec(x.shape, x.dtype.real_dtype),
              dtypes=NUMERIC, vjp=lambda g, out, x: (cast(g, dtype_of(x)),))


def real(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    input = convert_to_tensor(input)
    return input if input._value.dtype.kind != "c" else _real(input)


# --- cast ----------------------------------------------------------------------------------------
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


# --- a few unary ops (the full family lives in this module) --------------------------------------
_exp = defop("exp", "exp", vjp=lambda g, out, x: (multiply(g, conj(out)),), infer=_infer.same,
             dtypes=FLOAT_COMPLEX)
_log = defop("log", "log", vjp=lambda g, out, x: (divide_(g, conj(x)),), infer=_infer.same,
             dtypes=FLOAT_COMPLEX)
_square = defop("square", "square", infer=_infer.same, dtypes=NUMERIC,
                vjp=lambda g, out, x: (multiply(g, multiply(conj(x), 2)),))
_sqrt = defop("sqrt", "sqrt", infer=_infer.same, dtypes=FLOAT_COMPLEX,
              vjp=lambda g, out, x: (divide_(multiply(g, 0.5), conj(out)),))
_tanh = defop("tanh", "tanh", infer=_infer.same, dtypes=FLOAT_COMPLEX,
              vjp=lambda g, out, x: (multiply(g, subtract(1, square(conj(out)))),))


def exp(x, name=None) -> Tensor:
    return _exp(x)


def log(x, name=None) -> Tensor:
    return _log(x)


def square(x, name=None) -> Tensor:
    return _square(x)


def sqrt(x, name=None) -> Tensor:
    return _sqrt(x)


def tanh(x, name=None) -> Tensor:
    return _tanh(x)


# --- matmul --------------------------------------------------------------------------------------
def _matmul_kernel(xp, a, b, transpose_a, transpose_b):
    if transpose_a:
        a = xp.swapaxes(a, -1, -2)
    if transpose_b:
        b = xp.swapaxes(b, -1, -2)
    if a.ndim < 2 or b.ndim < 2:
        raise InvalidArgumentError(f"In[0] and In[1] must have rank >= 2, got shapes "
                                   f"{list(a.shape)} and {list(b.shape)} [Op:MatMul]")
    if a.shape[-1] != b.shape[-2]:
        raise InvalidArgumentError(f"Matrix size-incompatible: In[0]: {list(a.shape)}, In[1]: "
                                   f"{list(b.shape)} [Op:MatMul]")
    return xp.matmul(a, b)


def _infer_matmul(a: Spec, b: Spec, transpose_a, transpose_b):
    if a.shape is None or b.shape is None:
        return Spec(None, a.dtype)
    m = a.shape[-1] if transpose_a else a.shape[-2]
    n = b.shape[-2] if transpose_b else b.shape[-1]
    batch = _infer.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return Spec(tuple(batch) + (m, n), a.dtype)


def _vjp_matmul(g, out, a, b, transpose_a, transpose_b):
    ca, cb = conj(a), conj(b)
    if not transpose_a and not transpose_b:
        ga, gb = matmul(g, cb, transpose_b=True), matmul(ca, g, transpose_a=True)
    elif not transpose_a and transpose_b:
        ga, gb = matmul(g, cb), matmul(g, ca, transpose_a=True)
    elif transpose_a and not transpose_b:
        ga, gb = matmul(cb, g, transpose_b=True), matmul(ca, g)
    else:
        ga, gb = matmul(cb, g, transpose_a=True, transpose_b=True), \
            matmul(g, ca, transpose_a=True, transpose_b=True)
    return unbroadcast(ga, a), unbroadcast(gb, b)


_matmul = defop("matmul", _matmul_kernel, vjp=_vjp_matmul, infer=_infer_matmul,
                dtypes=REAL + (dtypes.complex64, dtypes.complex128), tf_name="MatMul")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None) -> Tensor:
    """Matrix product of the last two axes, batched over the leading ones."""
    if adjoint_a:
        a, transpose_a = conj(a), True
    if adjoint_b:
        b, transpose_b = conj(b), True
    return _matmul(a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))


_math_exports = ("add", "subtract", "multiply", "divide", "truediv", "negative", "exp", "log",
                 "square", "sqrt", "tanh", "conj", "real")
_linalg_exports = ("matmul",)
