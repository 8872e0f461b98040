"""``tf.debugging``: runtime assertions. Each raises TF's error class and names what failed."""
from __future__ import annotations

import numpy as np

from fluxion.core.tensor import convert_to_tensor
from fluxion.errors import InvalidArgumentError


def _arr(x):
    return np.asarray(convert_to_tensor(x)._value)


def _fail(message, summary: str, data=None):
    text = (f"{message}\n" if message else "") + summary
    if data:
        text += "\n" + "\n".join(str(d) for d in data)
    raise InvalidArgumentError(None, None, text)


def _compare(name, fn, x, y, message, summarize=None, data=None):
    a, b = _arr(x), _arr(y)
    if a.dtype != b.dtype and not (a.size == 0 or b.size == 0):
        b = b.astype(a.dtype)
    try:
        ok = np.all(fn(a, b))
    except ValueError as e:
        raise ValueError(f"{name}: shapes {list(a.shape)} and {list(b.shape)} are incompatible"
                         ) from e
    if not ok:
        _fail(message, f"Condition x {name} y did not hold element-wise: x = {a}, y = {b}", data)


def assert_equal(x, y, message=None, summarize=None, name=None):
    _compare("==", np.equal, x, y, message)


def assert_none_equal(x, y, message=None, summarize=None, name=None):
    _compare("!=", np.not_equal, x, y, message)


def assert_less(x, y, message=None, summarize=None, name=None):
    _compare("<", np.less, x, y, message)


def assert_less_equal(x, y, message=None, summarize=None, name=None):
    _compare("<=", np.less_equal, x, y, message)


def assert_greater(x, y, message=None, summarize=None, name=None):
    _compare(">", np.greater, x, y, message)


def assert_greater_equal(x, y, message=None, summarize=None, name=None):
    _compare(">=", np.greater_equal, x, y, message)


def assert_positive(x, message=None, summarize=None, name=None):
    _compare(">", np.greater, x, 0, message)


def assert_non_negative(x, message=None, summarize=None, name=None):
    _compare(">=", np.greater_equal, x, 0, message)


def assert_negative(x, message=None, summarize=None, name=None):
    _compare("<", np.less, x, 0, message)


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    a, b = _arr(x), _arr(y)
    eps = np.finfo(a.dtype).eps if a.dtype.kind in "fc" else 0
    rtol = 10 * eps if rtol is None else rtol
    atol = 10 * eps if atol is None else atol
    if not np.all(np.abs(a - b) <= atol + rtol * np.abs(b)):
        _fail(message, f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}: "
                       f"x = {a}, y = {b}")


def assert_rank(x, rank, message=None, name=None):
    r = _arr(x).ndim
    if r != int(rank):
        raise ValueError(f"{message + ' ' if message else ''}Tensor must have rank {int(rank)}."
                         f" Received rank {r}, shape {list(_arr(x).shape)}")


def assert_rank_at_least(x, rank, message=None, name=None):
    r = _arr(x).ndim
    if r < int(rank):
        raise ValueError(f"{message + ' ' if message else ''}Tensor must have rank at least "
                         f"{int(rank)}. Received rank {r}")


def assert_type(tensor, tf_type, message=None, name=None):
    t = convert_to_tensor(tensor)
    if t.dtype != tf_type:
        raise TypeError(f"{message + ' ' if message else ''}tensor's dtype {t.dtype.name} is "
                        f"not {tf_type!r}")


def assert_all_finite(t, message, name=None):
    return check_numerics(t, message)


def check_numerics(tensor, message, name=None):
    """Returns `tensor` unchanged, or raises InvalidArgumentError if it holds NaN or Inf."""
    t = convert_to_tensor(tensor)
    a = np.asarray(t._value)
    if a.dtype.kind in "fc" and not np.all(np.isfinite(a)):
        kind = "NaN" if np.any(np.isnan(a)) else "Inf"
        _fail(None, f"{message} : Tensor had {kind} values")
    return t


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks symbolic shapes: [(x, ('N', 3)), (y, ('N',))] share the size of 'N'."""
    sizes = {}
    for tensor, spec in shapes:
        shape = _arr(tensor).shape
        if len(spec) != len(shape):
            raise ValueError(f"{message + ' ' if message else ''}Specified by tensor shape "
                             f"{list(shape)}: wrong rank, expected {len(spec)}")
        for dim, want in zip(shape, spec):
            if isinstance(want, str):
                if sizes.setdefault(want, dim) != dim:
                    raise ValueError(f"{message + ' ' if message else ''}dimension {want!r} "
                                     f"is {sizes[want]} and {dim}")
            elif want is not None and int(want) != dim:
                raise ValueError(f"{message + ' ' if message else ''}shape {list(shape)} does "
                                 f"not match {list(spec)}")


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's public name
    if not bool(np.all(_arr(condition))):
        _fail(None, "assertion failed:", [np.asarray(_arr(d)) for d in data])


def is_numeric_tensor(tensor) -> bool:
    return hasattr(tensor, "_value") and np.asarray(tensor._value).dtype.kind in "biufc"
