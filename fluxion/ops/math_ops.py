"""Elementwise arithmetic, division, comparisons, logical/bitwise ops, selection and matmul
(``tf.math``). Unary functions, complex helpers and cast live in `unary_ops`, special functions
(erf, lgamma, zeta ...) in `special_ops`; this module imports both last and re-exports them.

Each primitive is one `defop`: kernel, inference rule and vjp together. Public functions keep
TF's names and argument names and only normalise arguments before calling the primitive.
Binary wrappers call the primitive directly (the Op converts Python scalars) and only on a
failure redo TF's conversion, so the eager hot path stays one call.
"""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.dtypes import DType
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer
from fluxion.ops import conv_threads as _threads
from fluxion.ops.conv_threads import ONE_THREAD_REGIONS as _ONE_THREAD
from fluxion.ops._util import (COMPLEX, FLOAT, FLOAT_COMPLEX, INT, NUMERIC, REAL, SIGNED_INT,
                               unbroadcast)

_SIGNED = FLOAT + SIGNED_INT + COMPLEX  # TF's Neg/Pow/Sign: no unsigned or bool
_BOOL = (dtypes.bool,)


# --- conversion of binary operands --------------------------------------------------------------
def _dtype(x) -> DType:
    return dtypes.from_numpy(x._value.dtype)


def _pair(x, y) -> tuple:
    """TF's conversion of a binary op's operands: a non-tensor takes the dtype of the tensor
    beside it (TypeError when it cannot); two non-tensors convert left to right."""
    if hasattr(x, "_value"):
        if not hasattr(y, "_value"):
            y = _convert_as(y, _dtype(x))
    elif hasattr(y, "_value"):
        x = _convert_as(x, _dtype(y))
    else:
        x = convert_to_tensor(x)
        y = _convert_as(y, _dtype(x))
    return x, y


def _convert_as(value, dtype: DType) -> Tensor:
    """convert_to_tensor(value, dtype), except that Python integers wrap into integer dtypes as
    in TF (uint8 tensor + (-1) adds 255)."""
    try:
        return convert_to_tensor(value, dtype=dtype)
    except TypeError:
        arr = np.asarray(value) if dtype.is_integer else None
        if arr is None or arr.dtype.kind not in "iu":
            raise
        return wrap(arr.astype(dtype._np))


def _call(op, x, y):
    """op(x, y); if that fails and an operand is not a tensor, converts the operands as TF does
    (which may raise TypeError) and runs once more. The Op's own conversion of a Python operand
    is lenient: it falls back to the operand's default dtype and reports a dtype mismatch."""
    try:
        return op(x, y)
    except InvalidArgumentError:
        if hasattr(x, "_value") and hasattr(y, "_value"):
            raise
    return op(*_pair(x, y))


# --- add, subtract, multiply, divide --------------------------------------------------------------
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


def _string_add_kernel(xp, x, y):
    out = np.empty(np.broadcast_shapes(x.shape, y.shape), object)
    out[...] = np.add(x, y)  # bytes + bytes concatenates; `out` keeps 0-d results arrays
    return out


# TF's AddV2 on strings concatenates them (`s + s`): its own kernel, reached from `add`
_string_add = defop("string_add", _string_add_kernel, infer=_infer.broadcast,
                    dtypes=(dtypes.string,), tf_name="AddV2")
_sub = defop("subtract", "subtract", vjp=_vjp_sub, infer=_infer.broadcast, dtypes=NUMERIC,
             tf_name="Sub")
# bool is allowed because Tensor.__mul__ is `multiply` and TF's `*` on bools is logical and
_mul = defop("multiply", "multiply", vjp=_vjp_mul, infer=_infer.broadcast,
             dtypes=NUMERIC + _BOOL, tf_name="Mul")
divide_ = defop("real_div", "true_divide", vjp=_vjp_div, infer=_infer.broadcast,
                dtypes=FLOAT_COMPLEX, tf_name="RealDiv")


def add(x, y, name=None) -> Tensor:
    """x + y elementwise, with broadcasting (strings concatenate)."""
    try:
        return _add(x, y)
    except InvalidArgumentError as e:
        error = e
    if any(getattr(getattr(v, "_value", None), "dtype", None) == object for v in (x, y)):
        return _string_add(x, y)
    if hasattr(y, "_value"):
        if hasattr(x, "_value"):
            raise error
        x, y = _pair(x, y)  # Python value + tensor (the reflected operator): TypeError if unfit
    else:
        # a Python value that does not fit x's dtype: TF's AddV2 reports the dtype mismatch
        x = x if hasattr(x, "_value") else convert_to_tensor(x)
        try:
            y = _convert_as(y, _dtype(x))
        except TypeError:
            raise error from None
    return _add(x, y)


def subtract(x, y, name=None) -> Tensor:
    try:
        return _sub(x, y)
    except InvalidArgumentError:
        if hasattr(x, "_value") and hasattr(y, "_value"):
            raise
    return _sub(*_pair(x, y))


def _multiply_operator(x, y) -> Tensor:
    """`x * y` on tensors: a product, or a logical and for bools (as TF's `*`)."""
    try:
        return _mul(x, y)
    except InvalidArgumentError:
        if hasattr(x, "_value") and hasattr(y, "_value"):
            raise
    return _mul(*_pair(x, y))


def multiply(x, y, name=None) -> Tensor:
    for v in (x, y):
        if getattr(getattr(v, "_value", None), "dtype", None) == np.bool_:
            raise InvalidArgumentError(
                "Value for attr 'T' of bool is not in the list of allowed values: bfloat16, "
                "half, float, double, uint8, int8, uint16, int16, int32, uint32, uint64, "
                "int64, complex64, complex128 [Op:Mul]")
    return _multiply_operator(x, y)


def truediv(x, y, name=None) -> Tensor:
    """x / y. Integers are first cast to float (8/16-bit -> float32, 32/64-bit -> float64);
    operands of different dtypes are a TypeError."""
    try:
        if x._value.dtype.kind in "fc":
            return divide_(x, y)
    except AttributeError:
        pass
    except InvalidArgumentError:
        if hasattr(y, "_value"):
            if y._value.dtype == x._value.dtype:
                raise
            raise TypeError(f"`x` and `y` must have the same dtype, got {_dtype(x)!r} != "
                            f"{_dtype(y)!r}.") from None
    return divide_(*_float_operands(x, y, "truediv"))


def divide(x, y, name=None) -> Tensor:
    return truediv(x, y)


def realdiv(x, y, name=None) -> Tensor:
    """x / y for floating or complex tensors (no integer casting, unlike `truediv`)."""
    x, y = _pair(x, y)
    if x._value.dtype.kind in "iu":
        raise errors.NotFoundError(f"Could not find device for node: RealDiv[T={_dtype(x).name}]"
                                   " [Op:RealDiv]")
    return divide_(x, y)


def _float_operands(x, y, what: str) -> tuple:
    """Operands of truediv/divide_no_nan: same dtype (else TypeError), integers cast to float."""
    if not hasattr(x, "_value"):
        x = convert_to_tensor(x, dtype_hint=_dtype(y) if hasattr(y, "_value") else None)
    if not hasattr(y, "_value"):
        y = convert_to_tensor(y, dtype_hint=_dtype(x))
    dt = _dtype(x)
    if y._value.dtype != x._value.dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {dt!r} != {_dtype(y)!r}.")
    if dt.is_bool:
        raise TypeError(f"Invalid dtype {dt!r} in {what}")
    if dt.is_integer:
        target = dtypes.float32 if dt.size <= 2 else dtypes.float64
        x, y = cast(x, target), cast(y, target)
    return x, y


_neg = defop("negative", "negative", vjp=lambda g, out, x: (negative(g),), infer=_infer.same,
             dtypes=_SIGNED, tf_name="Neg")


def negative(x, name=None) -> Tensor:
    return _neg(x)


def scalar_mul(scalar, x, name=None) -> Tensor:
    """scalar * x, where `scalar` must be a 0-d value (converted to x's dtype)."""
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    scalar = convert_to_tensor(scalar, dtype=_dtype(x))
    if x._value.dtype == np.bool_:
        raise InvalidArgumentError("Value for attr 'T' of bool is not in the list of allowed "
                                   "values [Op:Mul]")
    if scalar._value.ndim != 0:
        raise ValueError(f"Only scalar multiply works, got shape {scalar.shape}")
    return multiply(scalar, x)


# --- floor / truncating division, pow ------------------------------------------------------------
def _int_divisor(xp, y, op: str, error=InvalidArgumentError) -> None:
    if not xp.all(y):
        raise error(f"Integer division by zero [Op:{op}]")


def _floordiv_kernel(xp, x, y):
    kind = x.dtype.kind
    if kind in "iu":
        _int_divisor(xp, y, "FloorDiv")
        return xp.floor_divide(x, y)
    if kind == "c":
        raise errors.NotFoundError(f"No FloorDiv kernel for {x.dtype} [Op:FloorDiv]")
    return xp.floor(x / y)  # TF floors the rounded quotient (1 // 0.1 == 10, not fmod's 9)


def _floormod_kernel(xp, x, y):
    if x.dtype.kind in "iu":
        _int_divisor(xp, y, "FloorMod")
        return xp.remainder(x, y)
    mod = xp.fmod(x, y)  # then move a nonzero remainder to the divisor's sign, as TF does
    return xp.where((mod != 0) & ((y < 0) != (mod < 0)), mod + y, mod)


def _truncatediv_kernel(xp, x, y):
    kind = x.dtype.kind
    if kind in "iu":
        _int_divisor(xp, y, "TruncateDiv", errors.InternalError)
        q = xp.floor_divide(x, y)
        return q + ((xp.remainder(x, y) != 0) & ((x < 0) != (y < 0))) if kind == "i" else q
    if kind == "c":
        raise errors.NotFoundError(f"No TruncateDiv kernel for {x.dtype} [Op:TruncateDiv]")
    return xp.trunc(x / y)


def _truncatemod_kernel(xp, x, y):
    if x.dtype == xp.float16:
        raise errors.NotFoundError("No TruncateMod kernel for half [Op:TruncateMod]")
    if x.dtype.kind == "i":
        _int_divisor(xp, y, "TruncateMod", errors.InternalError)
    return xp.fmod(x, y)


def _vjp_floormod(g, out, x, y):
    return unbroadcast(g, x), unbroadcast(multiply(g, negative(floordiv(x, y))), y)


def _vjp_truncatemod(g, out, x, y):
    raise LookupError("gradient registry has no entry for: TruncateMod")


def _pow_kernel(xp, x, y):
    if x.dtype.kind == "i" and xp.any(y < 0):
        raise InvalidArgumentError("Integers to negative integer powers are not allowed [Op:Pow]")
    return xp.power(x, y)


def _vjp_pow(g, out, x, y):
    """TF's rule: d/dx = y x^(y-1); d/dy = x^y log(x) where x > 0 (x != 0 if complex), else 0."""
    gx = multiply(g, conj(multiply(y, pow(x, subtract(y, 1)))))
    mask = not_equal(x, 0) if x.dtype.is_complex else greater(x, 0)
    log_x = where(mask, log(where(mask, x, 1)), 0)
    gy = multiply(g, conj(multiply(out, log_x)))
    return unbroadcast(gx, x), unbroadcast(gy, y)


_floordiv = defop("floor_div", _floordiv_kernel, infer=_infer.broadcast, dtypes=REAL + COMPLEX)
_floormod = defop("floor_mod", _floormod_kernel, vjp=_vjp_floormod, infer=_infer.broadcast,
                  dtypes=REAL)
_truncatediv = defop("truncate_div", _truncatediv_kernel, infer=_infer.broadcast,
                     dtypes=REAL + COMPLEX)
_truncatemod = defop("truncate_mod", _truncatemod_kernel, vjp=_vjp_truncatemod,
                     infer=_infer.broadcast, dtypes=FLOAT + (dtypes.int32, dtypes.int64))
_pow = defop("pow", _pow_kernel, vjp=_vjp_pow, infer=_infer.broadcast, dtypes=_SIGNED)


def floordiv(x, y, name=None) -> Tensor:
    """x // y rounding toward -inf (Python semantics); integer division by zero is an error."""
    return _call(_floordiv, x, y)


def floormod(x, y, name=None) -> Tensor:
    """x % y with the sign of y (Python semantics)."""
    return _call(_floormod, x, y)


mod = floormod


def truncatediv(x, y, name=None) -> Tensor:
    """x / y rounded toward zero (C semantics)."""
    return _truncatediv(*_pair(x, y))


def truncatemod(x, y, name=None) -> Tensor:
    """Remainder of `truncatediv` (sign of x, C's fmod)."""
    return _truncatemod(*_pair(x, y))


def pow(x, y, name=None) -> Tensor:  # noqa: A001 - TF's name
    """x ** y; integer tensors stay integers and negative integer exponents are an error."""
    return _call(_pow, x, y)


# --- maximum, minimum and other binary ops --------------------------------------------------------
def _max_kernel(xp, x, y):
    return xp.maximum(y, x)  # NumPy returns its second operand on ties; TF returns x


def _min_kernel(xp, x, y):
    return xp.minimum(y, x)


def _vjp_max(g, out, x, y):
    return _select_grads(g, greater_equal(x, y), x, y)  # ties send the gradient to x, as TF


def _vjp_min(g, out, x, y):
    return _select_grads(g, less_equal(x, y), x, y)


def _select_grads(g, mask, x, y) -> tuple:
    zero = _zero(g)
    return unbroadcast(_select(g, zero, mask), x), unbroadcast(_select(zero, g, mask), y)


def _sqdiff_kernel(xp, x, y):
    d = x - y
    return d * xp.conj(d) if d.dtype.kind == "c" else d * d


def _vjp_sqdiff(g, out, x, y):
    gx = multiply(multiply(g, 2), subtract(x, y))  # TF's rule, without conjugation
    return unbroadcast(gx, x), unbroadcast(negative(gx), y)


_maximum = defop("maximum", _max_kernel, vjp=_vjp_max, infer=_infer.broadcast, dtypes=REAL)
_minimum = defop("minimum", _min_kernel, vjp=_vjp_min, infer=_infer.broadcast, dtypes=REAL)
_sqdiff = defop("squared_difference", _sqdiff_kernel, vjp=_vjp_sqdiff, infer=_infer.broadcast,
                dtypes=FLOAT_COMPLEX + (dtypes.int32, dtypes.int64))


def maximum(x, y, name=None) -> Tensor:
    """max(x, y) elementwise; NaN propagates; the gradient goes to x where x >= y."""
    return _call(_maximum, x, y)


def minimum(x, y, name=None) -> Tensor:
    """min(x, y) elementwise; NaN propagates; the gradient goes to x where x <= y."""
    return _call(_minimum, x, y)


def squared_difference(x, y, name=None) -> Tensor:
    """(x - y) * conj(x - y)."""
    return _sqdiff(*_pair(x, y))


# --- division and multiplication that give 0 where y == 0 --------------------------------------
def _div_no_nan_kernel(xp, x, y):
    return xp.where(y == 0, 0, x / y)


def _mul_no_nan_kernel(xp, x, y):
    return xp.where(y == 0, 0, x * y)


def _vjp_div_no_nan(g, out, x, y):
    gy = multiply(g, divide_no_nan(divide_no_nan(negative(x), y), y))
    return unbroadcast(divide_no_nan(g, y), x), unbroadcast(gy, y)


def _vjp_mul_no_nan(g, out, x, y):
    return unbroadcast(multiply_no_nan(g, y), x), unbroadcast(multiply_no_nan(x, g), y)


_div_no_nan = defop("div_no_nan", _div_no_nan_kernel, vjp=_vjp_div_no_nan,
                    infer=_infer.broadcast, dtypes=FLOAT_COMPLEX, tf_name="DivNoNan")
_mul_no_nan = defop("mul_no_nan", _mul_no_nan_kernel, vjp=_vjp_mul_no_nan,
                    infer=_infer.broadcast, dtypes=FLOAT_COMPLEX, tf_name="MulNoNan")


def divide_no_nan(x, y, name=None) -> Tensor:
    """x / y, or 0 where y == 0 (even if x is inf or NaN). Integers divide as in `truediv`."""
    return _div_no_nan(*_float_operands(x, y, "divide_no_nan"))


def multiply_no_nan(x, y, name=None) -> Tensor:
    """x * y, or 0 where y == 0 (even if x is inf or NaN)."""
    return _mul_no_nan(*_pair(x, y))

# --- comparisons, logical and bitwise ops ---------------------------------------------------------
def _compare(name, kernel, allowed, tf_name=None):
    return defop(name, kernel, infer=_infer.broadcast_bool, dtypes=allowed, tf_name=tf_name)


_equal = _compare("equal", "equal", None)
_not_equal = _compare("not_equal", "not_equal", None)
_less = _compare("less", "less", REAL)
_less_equal = _compare("less_equal", "less_equal", REAL)
_greater = _compare("greater", "greater", REAL)
_greater_equal = _compare("greater_equal", "greater_equal", REAL)
_logical_and = _compare("logical_and", "logical_and", _BOOL)
_logical_or = _compare("logical_or", "logical_or", _BOOL)
_logical_xor = _compare("logical_xor", "logical_xor", _BOOL)
_logical_not = defop("logical_not", "logical_not", infer=_infer.same, dtypes=_BOOL)
_bitwise_and = defop("bitwise_and", "bitwise_and", infer=_infer.broadcast, dtypes=INT)
_bitwise_or = defop("bitwise_or", "bitwise_or", infer=_infer.broadcast, dtypes=INT)
_bitwise_xor = defop("bitwise_xor", "bitwise_xor", infer=_infer.broadcast, dtypes=INT)
_bitwise_not = defop("invert", "invert", infer=_infer.same, dtypes=INT)


def equal(x, y, name=None) -> Tensor:
    return _call(_equal, x, y)


def not_equal(x, y, name=None) -> Tensor:
    return _call(_not_equal, x, y)


def less(x, y, name=None) -> Tensor:
    return _call(_less, x, y)


def less_equal(x, y, name=None) -> Tensor:
    return _call(_less_equal, x, y)


def greater(x, y, name=None) -> Tensor:
    return _call(_greater, x, y)


def greater_equal(x, y, name=None) -> Tensor:
    return _call(_greater_equal, x, y)


def logical_and(x, y, name=None) -> Tensor:
    return _call(_logical_and, x, y)


def logical_or(x, y, name=None) -> Tensor:
    return _call(_logical_or, x, y)


def logical_xor(x, y, name="LogicalXor") -> Tensor:
    return _call(_logical_xor, x, y)


def logical_not(x, name=None) -> Tensor:
    return _logical_not(x)


# Python operators on tensors: & | ^ ~ are logical for bool tensors and bitwise for integers.
def _and(x, y) -> Tensor:
    x, y = _pair(x, y)
    return (_logical_and if x._value.dtype == np.bool_ else _bitwise_and)(x, y)


def _or(x, y) -> Tensor:
    x, y = _pair(x, y)
    return (_logical_or if x._value.dtype == np.bool_ else _bitwise_or)(x, y)


def _xor(x, y) -> Tensor:
    x, y = _pair(x, y)
    return (_logical_xor if x._value.dtype == np.bool_ else _bitwise_xor)(x, y)


def _invert(x) -> Tensor:
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    return (_logical_not if x._value.dtype == np.bool_ else _bitwise_not)(x)


def _tensor_equals(self, other):
    """``Tensor.__eq__`` of TF2: elementwise `equal` with broadcasting; False for None, and a
    scalar False tensor when the shapes cannot broadcast."""
    if other is None:
        return False
    return _equals_or(_equal, self, other, False)


def _tensor_not_equals(self, other):
    """``Tensor.__ne__`` of TF2 (see `_tensor_equals`)."""
    if other is None:
        return True
    return _equals_or(_not_equal, self, other, True)


def _equals_or(op, x, y, incompatible: bool):
    x, y = _pair(x, y)
    a, b = x._value.shape, y._value.shape
    if a != b:
        try:
            _infer.broadcast_shapes(a, b)
        except InvalidArgumentError:
            return wrap(np.asarray(incompatible))
    return op(x, y)


# --- where, clip_by_value -------------------------------------------------------------------------
def _select_kernel(xp, x, y, condition):
    return xp.where(condition, x, y)


def _vjp_select(g, out, x, y, condition):
    zero = _zero(g)
    gx, gy = _select(g, zero, condition), _select(zero, g, condition)
    return unbroadcast(gx, x), unbroadcast(gy, y), None


def _where_indices_kernel(xp, condition):
    if condition.ndim == 0:
        raise InvalidArgumentError("WhereOp: the condition must have rank >= 1 [Op:Where]")
    return xp.argwhere(condition).astype(xp.int64)


def _infer_where_indices(condition: Spec) -> Spec:
    rank = None if condition.shape is None else len(condition.shape)
    return Spec((None, rank), dtypes.int64)  # the row count depends on the values


# inputs are (x, y, condition) so that the Op's same-dtype check covers x and y
_select = defop("select", _select_kernel, vjp=_vjp_select, infer=_infer.broadcast, same_dtype=2,
                tf_name="SelectV2")
_where_indices = defop("where_indices", _where_indices_kernel, infer=_infer_where_indices,
                       tf_name="Where")


def _zero(g) -> Tensor:
    return convert_to_tensor(0, dtype=g.dtype)


def where(condition, x=None, y=None, name=None) -> Tensor:
    """With x and y: elements of x where `condition` else of y (all three broadcast). Alone:
    the int64 [n, rank] indices of the true (nonzero) elements of `condition`."""
    if x is None and y is None:
        return _where_indices(condition)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    if not hasattr(condition, "_value"):
        condition = convert_to_tensor(condition)
    if condition._value.dtype != np.bool_:
        raise InvalidArgumentError(f"The condition of where must be a bool tensor, got "
                                   f"{_dtype(condition).name} [Op:SelectV2]")
    x, y = _pair(x, y)
    return _select(x, y, condition)


def clip_by_value(t, clip_value_min, clip_value_max, name=None) -> Tensor:
    """Clips `t` to [min, max] as TF does, maximum(minimum(t, max), min): gradients reach t where
    min <= t <= max (bounds included) and reach the bounds elsewhere."""
    t = t if hasattr(t, "_value") else convert_to_tensor(t)
    out = maximum(minimum(t, clip_value_max), clip_value_min)
    if out._value.shape != t._value.shape:
        raise ValueError(f"Shapes {t.shape} and {out.shape} are incompatible: clip_by_value "
                         f"bounds must not broadcast the clipped tensor")
    return out

# --- matmul -----------------------------------------------------------------------------------
def _matmul_kernel(xp, a, b, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = xp.swapaxes(a, -1, -2)
    if transpose_b:
        b = xp.swapaxes(b, -1, -2)
    if a.ndim < 2 or b.ndim < 2:
        raise InvalidArgumentError(f"In[0] and In[1] must have rank >= 2, got shapes "
                                   f"{list(a.shape)} and {list(b.shape)} [Op:MatMul]")
    try:
        if _ONE_THREAD[0] and a.ndim == 2 == b.ndim and xp is np and a.dtype.kind == "f":
            return _threads.matmul(a, b)  # split between threads (graphs with convolutions)
        return xp.matmul(a, b)
    except ValueError:  # checked only on failure: this kernel is on every training step
        if a.shape[-1] != b.shape[-2]:
            raise InvalidArgumentError(f"Matrix size-incompatible: In[0]: {list(a.shape)}, "
                                       f"In[1]: {list(b.shape)} [Op:MatMul]") from None
        raise


def _infer_matmul(a: Spec, b: Spec, transpose_a=False, transpose_b=False):
    if a.shape is None or b.shape is None:
        return Spec(None, a.dtype)
    m = a.shape[-1] if transpose_a else a.shape[-2]
    n = b.shape[-2] if transpose_b else b.shape[-1]
    batch = _infer.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return Spec(tuple(batch) + (m, n), a.dtype)


def _vjp_matmul(g, out, a, b, transpose_a=False, transpose_b=False, needs=(True, True)):
    ga = gb = None
    if needs[0]:
        cb = conj(b)
        if transpose_a:
            ga = matmul(cb, g, transpose_a=transpose_b, transpose_b=True)
        else:
            ga = matmul(g, cb, transpose_b=not transpose_b)
        ga = unbroadcast(ga, a)
    if needs[1]:
        ca = conj(a)
        if transpose_b:
            gb = matmul(g, ca, transpose_a=True, transpose_b=transpose_a)
        else:
            gb = matmul(ca, g, transpose_a=not transpose_a)
        gb = unbroadcast(gb, b)
    return ga, gb


_matmul = defop("matmul", _matmul_kernel, vjp=_vjp_matmul, infer=_infer_matmul, vjp_needs=True,
                dtypes=FLOAT_COMPLEX + (dtypes.int32, dtypes.int64), tf_name="MatMul")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None) -> Tensor:
    """Matrix product of the last two axes, batched over the leading ones."""
    if adjoint_a:
        a, transpose_a = conj(a), True
    if adjoint_b:
        b, transpose_b = conj(b), True
    try:
        if transpose_a or transpose_b:
            return _matmul(a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))
        return _matmul(a, b)  # attributes left at their defaults: the common, fastest call
    except InvalidArgumentError:
        if hasattr(a, "_value") and a._value.dtype.kind == "u":
            raise errors.NotFoundError(f"No MatMul kernel for {_dtype(a).name} "
                                       f"[Op:MatMul]") from None
        raise


# --- unary and special functions (imported last: their vjps use the binary ops above) ----------
from fluxion.ops import special_ops as _special, unary_ops as _unary  # noqa: E402
from fluxion.ops.unary_ops import cast, conj, log  # noqa: E402 - used above

for _module in (_unary, _special):
    globals().update({n: getattr(_module, n) for n in _module.__all__ + _module._math_exports})

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "realdiv", "truncatediv", "truncatemod",
    "negative", "pow", "scalar_mul", "maximum", "minimum", "equal", "not_equal", "less",
    "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_not",
    "where", "clip_by_value", "matmul",
] + _unary.__all__ + _special.__all__

_math_exports = [
    "add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod", "negative",
    "pow", "scalar_mul", "maximum", "minimum", "squared_difference", "divide_no_nan",
    "multiply_no_nan", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor", "logical_not",
] + _unary._math_exports + _special._math_exports
_linalg_exports = ["matmul"]
