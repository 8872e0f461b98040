"""``tf.debugging``: runtime assertions. Each raises TF's error class and names what failed.

Value checks (`Assert`, `assert_equal`, `assert_positive`, `check_numerics`...) bind the
stateful `assert` / `check_numerics` primitives (fluxion/ops/debug_ops.py), so inside a traced
function they run, and fail, each time the graph runs, as TF2's do. A check whose operands do not
depend on the function's inputs is decided while tracing, as TF decides static ones. Shape and
dtype checks (`assert_rank`, `assert_shapes`, `assert_type`) are static.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.op import STATE
from fluxion.core.tensor import convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import debug_ops

_DEFAULT_SUMMARIZE = 3


def _arr(x):
    return np.asarray(convert_to_tensor(x)._value)


def _pair(x, y):
    # each converted on its own, as TF does: assert_less(float_tensor, 5) is a dtype mismatch
    return convert_to_tensor(x), convert_to_tensor(y)


def _static(*tensors) -> bool:
    """Inside a trace: whether every operand is known now (it does not depend on the inputs)."""
    trace = STATE.trace
    return all(not trace.is_dynamic_here(t) for t in tensors)


def _check(condition, data, *, items, form, message, relation="", summarize=None) -> None:
    """Binds the `assert` op; in a trace, operands known now are checked now (and no node is
    recorded when they pass, as TF's static checks)."""
    summarize = _DEFAULT_SUMMARIZE if summarize is None else int(summarize)
    message = "" if message is None else str(message)
    items = tuple(message if item is _MESSAGE else item for item in items)
    attrs = {"items": items, "summarize": summarize, "form": form, "message": message,
             "relation": relation}
    if STATE.trace is None:
        debug_ops.assert_(condition, *data, eager=True, **attrs)
    elif form != "assert" and _static(condition, *data):
        if not bool(np.all(condition._value)):
            raise InvalidArgumentError(None, None, _static_text(data, message, relation))
    else:
        debug_ops.assert_(condition, *data, eager=False, **attrs)


def _static_text(data, message: str, relation: str) -> str:
    """TF's text for a check that fails on values known while tracing."""
    lines = [message] if message else []
    if relation:
        lines.append(f"Condition {relation} did not hold element-wise:")
    for label, t in zip("xy", data):
        lines += [f"{label} ({label}:0) = ", str(np.asarray(t._value))]
    return "\n".join(lines)


_MESSAGE = object()  # where the user's message goes among the printed items


def _binary(relation: str, compare, x, y, message, summarize) -> None:
    from fluxion.ops import reduce_ops  # noqa: PLC0415 - the op library imports this module

    x, y = _pair(x, y)
    holds = compare(x, y)
    if STATE.trace is None and bool(np.all(holds._value)):
        return  # the common eager case: one comparison, nothing more
    items = (_MESSAGE, f"Condition {relation} did not hold element-wise:", "x (x:0) = ", None,
             "y (y:0) = ", None)
    _check(holds if STATE.trace is None else reduce_ops.reduce_all(holds), [x, y], items=items,
           form="binary", message=message, relation=relation, summarize=summarize)


def _unary(relation: str, compare, x, message, summarize) -> None:
    from fluxion.ops import reduce_ops  # noqa: PLC0415

    x = convert_to_tensor(x)
    holds = reduce_ops.reduce_all(compare(x, 0))
    if STATE.trace is None and bool(holds._value):
        return
    items = (_MESSAGE, f"Condition {relation} did not hold element-wise:", "x (x:0) = ", None)
    _check(holds, [x], items=items, form="unary", message=message, relation=relation,
           summarize=summarize)


def _math():
    from fluxion.ops import math_ops  # noqa: PLC0415

    return math_ops


def assert_equal(x, y, message=None, summarize=None, name=None) -> None:
    _binary("x == y", _math().equal, x, y, message, summarize)


def assert_none_equal(x, y, message=None, summarize=None, name=None) -> None:
    _binary("x != y", _math().not_equal, x, y, message, summarize)


def assert_less(x, y, message=None, summarize=None, name=None) -> None:
    _binary("x < y", _math().less, x, y, message, summarize)


def assert_less_equal(x, y, message=None, summarize=None, name=None) -> None:
    _binary("x <= y", _math().less_equal, x, y, message, summarize)


def assert_greater(x, y, message=None, summarize=None, name=None) -> None:
    _binary("x > y", _math().greater, x, y, message, summarize)


def assert_greater_equal(x, y, message=None, summarize=None, name=None) -> None:
    _binary("x >= y", _math().greater_equal, x, y, message, summarize)


def assert_positive(x, message=None, summarize=None, name=None) -> None:
    _unary("x > 0", _math().greater, x, message, summarize)


def assert_non_negative(x, message=None, summarize=None, name=None) -> None:
    _unary("x >= 0", _math().greater_equal, x, message, summarize)


def assert_negative(x, message=None, summarize=None, name=None) -> None:
    _unary("x < 0", _math().less, x, message, summarize)


def assert_non_positive(x, message=None, summarize=None, name=None) -> None:
    _unary("x <= 0", _math().less_equal, x, message, summarize)


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None) -> None:
    """|x - y| <= atol + rtol * |y| element-wise (tolerances default to 10 eps of x's dtype)."""
    from fluxion.ops import reduce_ops  # noqa: PLC0415

    m = _math()
    x, y = _pair(x, y)
    npd = x._value.dtype
    eps = np.finfo(npd).eps if npd.kind in "fc" else 0
    rtol = 10 * eps if rtol is None else rtol
    atol = 10 * eps if atol is None else atol
    holds = reduce_ops.reduce_all(m.less_equal(m.abs(x - y), atol + rtol * m.abs(y)))
    if STATE.trace is None and bool(holds._value):
        return
    items = (_MESSAGE, f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
             f"x (shape={x.shape} dtype={x.dtype.name}) = ", None,
             f"y (shape={y.shape} dtype={y.dtype.name}) = ", None)
    _check(holds, [x, y], items=items, form="near", message=message, summarize=summarize)


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
    """Returns `tensor` unchanged, or raises InvalidArgumentError if it holds NaN or Inf (when
    the graph runs, inside a traced function)."""
    t = convert_to_tensor(tensor)
    checked = debug_ops.check_numerics_(t, message=str(message))
    return t if STATE.trace is None else checked


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
    """Raises InvalidArgumentError printing `data` unless `condition` (a bool) holds."""
    from fluxion.core import dtypes  # noqa: PLC0415

    condition = convert_to_tensor(condition, dtypes.bool)
    data = [convert_to_tensor(d) for d in data]
    _check(condition, data, items=(None,) * len(data), form="assert", message="",
           summarize=summarize)


def is_numeric_tensor(tensor) -> bool:
    return hasattr(tensor, "_value") and np.asarray(tensor._value).dtype.kind in "biufc"


# --- smaller checks and switches -----------------------------------------------------------------
def assert_integer(x, message=None, name=None):
    """TypeError unless `x` has an integer dtype."""
    t = convert_to_tensor(x)
    if not t.dtype.is_integer:
        raise TypeError(f"{message + ' ' if message else ''}Expected \"x\" to be integer type. "
                        f" Found: tensor of dtype {t.dtype}")


def assert_scalar(tensor, message=None, name=None):
    """ValueError unless `tensor` is a scalar; returns it inside a traced function (None
    eagerly, as TF)."""
    t = convert_to_tensor(tensor)
    if t.shape.rank != 0:
        raise ValueError(f"{message + ' ' if message else ''}Expected scalar shape, saw shape: "
                         f"{tuple(t.shape.as_list())}.")
    return None if STATE.trace is None else t


def assert_rank_in(x, ranks, message=None, name=None):
    r = _arr(x).ndim
    ranks = tuple(int(k) for k in ranks)
    if r not in ranks:
        raise ValueError(f"{message + ' ' if message else ''}Tensor must have rank in {ranks}."
                         f"  Received rank {r}, shape {tuple(_arr(x).shape)}")


def assert_same_float_dtype(tensors=None, dtype=None):
    """The common float dtype of `tensors` (and `dtype`): ValueError if they differ, float32
    when nothing fixes it."""
    from fluxion.core import dtypes  # noqa: PLC0415

    found = None if dtype is None else dtypes.as_dtype(dtype)
    for t in tensors or []:
        if found is None:
            found = t.dtype
        elif t.dtype != found:
            raise ValueError(f"{t}, type={t.dtype}, must be of the same type ({found}) as the "
                             f"others")
    if found is not None and not found.is_floating:
        raise ValueError(f"Expected floating point type, got {found}.")
    return found or dtypes.float32


def assert_proper_iterable(values):
    """TypeError for a tensor, array or string given where a list of values is expected."""
    if isinstance(values, (str, bytes)) or hasattr(values, "_value") or \
            hasattr(values, "__array__") or not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: '
                        f"{type(values)}")


_switches = {"log_device_placement": False, "traceback_filtering": True}


def set_log_device_placement(enabled: bool) -> None:
    """Kept for TF compatibility: every op runs on the CPU here, so nothing is logged."""
    _switches["log_device_placement"] = bool(enabled)


def get_log_device_placement() -> bool:
    return _switches["log_device_placement"]


def enable_traceback_filtering() -> None:
    _switches["traceback_filtering"] = True


def disable_traceback_filtering() -> None:
    _switches["traceback_filtering"] = False


def is_traceback_filtering_enabled() -> bool:
    return _switches["traceback_filtering"]


def enable_check_numerics(stack_height_limit=30, path_length_limit=50) -> None:
    """Checks every floating op output for NaN and Inf from now on (eager ops as they run,
    functions traced from now on in their graphs): InvalidArgumentError names the op."""
    from fluxion.core import numerics_check  # noqa: PLC0415

    numerics_check.enable_check_numerics(stack_height_limit, path_length_limit)


def disable_check_numerics() -> None:
    from fluxion.core import numerics_check  # noqa: PLC0415

    numerics_check.disable_check_numerics()
