"""What converted code calls: each statement runs as Python when its condition is a Python
value (or a tensor known while tracing) and as graph control flow otherwise."""
from __future__ import annotations

from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor
from fluxion.errors import OperatorNotAllowedInGraphError


class Undefined:
    """Marks a variable that has no value yet before a converted statement."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Undefined({self.name!r})"


def _dynamic(value) -> bool:
    return (STATE.trace is not None and isinstance(value, Tensor)
            and STATE.trace.is_dynamic_here(value))


def _check_defined(values, names, what: str, line: int) -> None:
    for v, n in zip(values, names):
        if isinstance(v, Undefined):
            raise ValueError(f"line {line}: '{n}' must be defined before the {what} or in every "
                             f"branch of it, since its condition is a tensor")


def if_stmt(test, true_fn, false_fn, get_state, set_state, names, line):
    if not _dynamic(test):
        (true_fn if bool(test) else false_fn)()
        return
    from fluxion.control_flow import cond  # noqa: PLC0415

    initial = get_state()

    def branch(fn):
        def run():
            set_state(initial)
            fn()
            values = get_state()
            _check_defined(values, names, "if statement", line)
            return list(values)
        return run

    if names:
        set_state(tuple(cond(test, branch(true_fn), branch(false_fn))))
    else:
        cond(test, branch(true_fn), branch(false_fn))


def while_stmt(test_fn, body_fn, get_state, set_state, names, line):
    first = test_fn()
    if not isinstance(first, Tensor) or (STATE.trace is None):
        while bool(first):  # Python semantics (eager tensors read as bools)
            body_fn()
            first = test_fn()
        return
    from fluxion.control_flow import while_loop  # noqa: PLC0415
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415

    from fluxion.tensor_array import TensorArray  # noqa: PLC0415

    def as_loop_var(v):
        return v if isinstance(v, TensorArray) else convert_to_tensor(v)

    values = get_state()
    _check_defined(values, names, "while loop", line)
    loop_vars = [as_loop_var(v) for v in values]

    def cond(*vs):
        set_state(vs)
        return test_fn()

    def body(*vs):
        set_state(vs)
        body_fn()
        return [as_loop_var(v) for v in get_state()]

    if not loop_vars:
        raise OperatorNotAllowedInGraphError(
            f"line {line}: a while loop over a tensor condition must change some variable")
    set_state(tuple(while_loop(cond, body, loop_vars)))


def for_stmt(iterable, body_fn, get_state, set_state, names, line):
    if not isinstance(iterable, Tensor):
        for item in iterable:
            body_fn(item)
        return
    if STATE.trace is not None and STATE.trace.is_shape_dynamic_here(iterable):
        raise OperatorNotAllowedInGraphError(
            f"line {line}: iterating over a tensor whose length depends on the inputs is not "
            f"supported yet; use tf.while_loop over an index")
    for i in range(iterable.shape[0]):  # the length is static for a trace: unrolled
        body_fn(iterable[i])


def python_condition(test, line, kind="loop"):
    """Condition of a statement left as Python (it holds break/continue/return)."""
    if _dynamic(test) and kind == "loop":
        raise OperatorNotAllowedInGraphError(
            f"line {line}: this loop's condition is a tensor that depends on the function's "
            f"inputs, and AutoGraph does not convert loops containing break, continue or return "
            f"yet: move the exit test into the loop condition (while cond and not done: ...)")
    if _dynamic(test):
        raise OperatorNotAllowedInGraphError(
            f"line {line}: this if's condition is a tensor that depends on the function's inputs,"
            f" and AutoGraph does not convert an if containing return, break or continue yet: "
            f"assign the result to a variable in both branches and return it after the if")
    return test


def python_iterable(iterable, line):
    if isinstance(iterable, Tensor) and STATE.trace is not None \
            and STATE.trace.is_shape_dynamic_here(iterable):
        raise OperatorNotAllowedInGraphError(
            f"line {line}: iterating over a tensor whose length depends on the inputs in a loop "
            f"with break, continue or return is not supported yet")
    return iterable


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def not_(x):
    """`not x` for Python values and bool tensors."""
    if _is_tensor(x):
        from fluxion.ops.math_ops import logical_not  # noqa: PLC0415

        return logical_not(x)
    return not x


def or_(a, b):
    if _is_tensor(a) or _is_tensor(b):
        from fluxion.ops.math_ops import logical_or  # noqa: PLC0415

        return logical_or(a, b)
    return a or b


def and_(a_fn, b_fn):
    """`a and b` with `b` evaluated lazily unless `a` is a tensor."""
    a = a_fn()
    if _is_tensor(a):
        from fluxion.ops.math_ops import logical_and  # noqa: PLC0415

        return logical_and(a, b_fn())
    if not a:
        return a
    return b_fn()


def for_range(range_fn, bounds, body_fn, get_state, set_state, names, line):
    """`for i in tf.range(*bounds)`: a Python loop over the values when the bounds are known
    while tracing, else a graph while loop counting i."""
    if not any(_dynamic(b) for b in bounds):
        for_stmt(range_fn(*bounds), body_fn, get_state, set_state, names, line)
        return
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.ops.math_ops import cast, greater, less, where  # noqa: PLC0415

    start, limit, delta = (0, bounds[0], 1) if len(bounds) == 1 else (
        tuple(bounds) + (1,) if len(bounds) == 2 else tuple(bounds))
    limit = convert_to_tensor(limit)
    start, delta = cast(convert_to_tensor(start), limit.dtype), cast(
        convert_to_tensor(delta), limit.dtype)
    counter = {"i": start}

    def test():
        i = counter["i"]
        return where(greater(delta, 0), less(i, limit), greater(i, limit))

    def body():
        body_fn(counter["i"])
        counter["i"] = counter["i"] + delta

    def get_all():
        return (counter["i"],) + tuple(get_state())

    def set_all(values):
        counter["i"] = values[0]
        set_state(tuple(values[1:]))

    while_stmt(test, body, get_all, set_all, ("i",) + tuple(names), line)


def is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def length(x):
    """The length of a tensor's first dimension, as a tensor (it may vary between runs)."""
    from fluxion.ops.array_ops import shape  # noqa: PLC0415

    return shape(x)[0]
