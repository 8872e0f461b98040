"""What converted code calls: each statement runs as Python when its condition is a Python
value (or a tensor known while tracing) and as graph control flow otherwise.

A `return` inside a loop (lowered to a result variable, a do-return flag and a break by
fluxion.autograph.returns) starts as a `PendingReturn`. When the loop becomes a graph loop its
result must be a loop variable with a value before the loop: the body is traced once on a
throwaway trace to see what it returns, and the loop starts from zeros of that structure, dtype
and shape (never read: the flag says whether a return ran). Every return of such a loop must
then give that same kind of value, else NotImplementedError names the return's line.
"""
from __future__ import annotations

from fluxion.autograph.returns import DO_RETURN, RETVAL
from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor
from fluxion.errors import OperatorNotAllowedInGraphError


class Undefined:
    """Marks a variable that has no value yet before a converted statement."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Undefined({self.name!r})"


def maybe_undefined(scope: dict, *names):
    """The values of `names` in `scope` (a `locals()`), Undefined for those not bound yet."""
    values = tuple(scope[n] if n in scope else Undefined(n) for n in names)
    return values[0] if len(values) == 1 else values


class PendingReturn:
    """The result of a loop none of whose `return`s has run yet."""

    def __init__(self, line: int) -> None:
        self.line = line  # the loop's
        self.return_line = None  # the first return that ran (while tracing: for messages)

    def __repr__(self) -> str:
        return f"PendingReturn(loop at line {self.line})"


def pending_return(line: int) -> PendingReturn:
    return PendingReturn(line)


def _static(value) -> bool:
    """Values converted statements pass through as they are instead of as tensors."""
    return value is None or isinstance(value, PendingReturn)


def loop_return(value, current, line: int):
    """The loop's result after `return value` at `line`; `current` is its result so far."""
    if isinstance(current, PendingReturn):
        if current.return_line is None:
            current.return_line = line
        return value  # a Python loop returns what Python would; a graph loop checks it later
    if STATE.trace is None:
        return value
    new, old = _as_result(value, line), _as_result(current, line)
    if _kind(new) != _kind(old):
        raise NotImplementedError(
            f"line {line}: this return is inside a loop whose condition or iterable is a tensor,"
            f" so its value is carried through the loop, and it gives {_describe(new)} while "
            f"another return of this loop gives {_describe(old)}: make every return give the "
            f"same structure, dtype and shape, or assign the result to a variable, break, and "
            f"return it after the loop")
    return new


_NUMBERS = (bool, int, float, complex)


def _as_result(value, line: int):
    """`value` as tensors a graph loop can carry (None stays None), else NotImplementedError."""
    import numpy as np  # noqa: PLC0415

    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.core.variable import Variable  # noqa: PLC0415

    if value is None:
        return None
    leaves = []
    for leaf in nest.flatten(value):
        if isinstance(leaf, Tensor):
            leaves.append(leaf)
        elif isinstance(leaf, (Variable, np.ndarray, np.generic) + _NUMBERS):
            leaves.append(convert_to_tensor(leaf))
        else:
            raise NotImplementedError(
                f"line {line}: this return is inside a loop whose condition or iterable is a "
                f"tensor, so its value must be carried through the loop, which works for "
                f"tensors, numbers and tuples/lists/dicts of them, but it returns "
                f"{type(leaf).__name__} {leaf!r:.60}: keep what it needs in tensor variables, "
                f"break, and build and return the result after the loop")
    return nest.pack_sequence_as(value, leaves)


def _kind(value):
    if value is None:
        return None
    leaves = [(t.dtype.name, tuple(t.shape)) for t in nest.flatten(value)]
    return nest.structure_key(value), leaves


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, PendingReturn):
        return "no value"
    leaves = []
    for leaf in nest.flatten(value):
        t = leaf if isinstance(leaf, Tensor) else None
        leaves.append(f"{t.dtype.name} tensor of shape {tuple(t.shape)}" if t is not None
                      else f"{type(leaf).__name__} {leaf!r:.30}")
    if nest.is_nested(value):
        return f"a {type(value).__name__} of ({', '.join(leaves)})"
    return f"a {leaves[0]}" if leaves[0][0] not in "aeiou" else f"an {leaves[0]}"


def _zeros_like_result(value, marker: PendingReturn):
    """A loop's result before any return ran: zeros like `value` (what a return gives)."""
    from fluxion.ops.array_create import zeros  # noqa: PLC0415

    result = _as_result(value, marker.return_line or marker.line)
    if result is None:
        return None
    return nest.map_structure(lambda t: zeros(tuple(t.shape), t.dtype), result)


def _dynamic(value) -> bool:
    return (STATE.trace is not None and isinstance(value, Tensor)
            and STATE.trace.is_dynamic_here(value))


def _check_defined(values, names, what: str, line: int) -> None:
    for v, n in zip(values, names):
        if isinstance(v, Undefined):
            raise ValueError(f"line {line}: '{n}' must be defined before the {what} or in every "
                             f"branch of it, since its condition is a tensor")


def if_stmt(test, true_fn, false_fn, get_state, set_state, names, line, loop_returns=()):
    """`if test: true_fn() else: false_fn()` over the variables `names`. With a tensor test
    both branches become a cond; None (or a loop's pending result) left alike by both passes
    through. `loop_returns`: the user's return lines when this is the test of a loop's
    do-return flag (for error messages)."""
    if not _dynamic(test):
        (true_fn if bool(test) else false_fn)()
        return
    from fluxion.control_flow import cond  # noqa: PLC0415

    initial = get_state()
    seen = []

    def branch(fn, other_fn):
        def run():
            set_state(initial)
            fn()
            values = list(get_state())
            _fill_pending(values, initial, seen[0] if seen else None, other_fn, get_state,
                          set_state)
            _check_defined(values, names, "if statement", line)
            seen.append(values)
            if len(seen) == 2:
                _check_branches(seen, names, line, loop_returns)
            return [v for v in values if not _static(v)]
        return run

    out = iter(cond(test, branch(true_fn, false_fn), branch(false_fn, true_fn)))
    if names:
        set_state(tuple(v if _static(v) else next(out) for v in seen[0]))


def _fill_pending(values, initial, first, other_fn, get_state, set_state) -> None:
    """A loop's result that one branch sets and the other leaves pending: the latter gets zeros
    like the former's (traced on a throwaway trace when this is the first branch)."""
    for i, v in enumerate(values):
        if not isinstance(v, PendingReturn) or v is not initial[i]:
            continue
        if first is not None:
            other = first[i]
        else:
            from fluxion.graph.trace import child_trace  # noqa: PLC0415

            with child_trace("return_probe", branch=True):
                set_state(initial)
                other_fn()
                other = get_state()[i]
            set_state(tuple(values))
        if not isinstance(other, PendingReturn):
            values[i] = _zeros_like_result(other, v)


def _check_branches(seen, names, line, loop_returns) -> None:
    """Both branches must leave each variable the same kind of value (the cond checks dtypes
    too, but cannot name the variable nor see values passed through)."""
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415

    for name, a, b in zip(names, *seen):
        if _static(a) or _static(b):
            same = (a is None and b is None) or a is b
            kind = "value"
        else:
            try:
                ka = [convert_to_tensor(x).dtype for x in nest.flatten(a)]
                kb = [convert_to_tensor(x).dtype for x in nest.flatten(b)]
            except Exception:  # noqa: BLE001 - the cond reports values it cannot convert
                continue
            kind = "structure" if nest.structure_key(a) != nest.structure_key(b) else "dtype"
            same = kind == "dtype" and ka == kb
        if same:
            continue
        if loop_returns and name == RETVAL:
            raise NotImplementedError(if_message("loop_merge", line, loop_returns).format(
                a=_describe(a), b=_describe(b)))
        what = "the returned value" if name == RETVAL else repr(name)
        error = TypeError if kind == "dtype" else ValueError
        raise error(f"line {line}: {what} is {_describe(a)} when this if's condition is true but "
                    f"{_describe(b)} when it is false; since the condition is a tensor both "
                    f"branches must give the same {kind}")


def while_stmt(test_fn, body_fn, get_state, set_state, names, line):
    first = test_fn()
    if not isinstance(first, Tensor) or STATE.trace is None:
        # Python semantics (eager tensors read as bools) until the condition depends on the
        # inputs (a break or return on a tensor): the remaining iterations are a graph loop
        while not _dynamic(first):
            if not bool(first):
                return
            body_fn()
            first = test_fn()
    _graph_while(test_fn, body_fn, get_state, set_state, names, line)


def _as_loop_var(value, name: str):
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.tensor_array import TensorArray  # noqa: PLC0415

    if isinstance(value, TensorArray):
        return value
    if isinstance(value, (tuple, list, dict)):  # a structure (a result, a dataset element)
        return nest.map_structure(
            lambda x: x if isinstance(x, TensorArray) else convert_to_tensor(x), value)
    return convert_to_tensor(value)


def _graph_while(test_fn, body_fn, get_state, set_state, names, line) -> None:
    from fluxion.control_flow import while_loop  # noqa: PLC0415

    values = list(get_state())
    _check_defined(values, names, "while loop", line)
    static = {}
    if any(isinstance(v, PendingReturn) for v in values):
        static = _start_results(body_fn, values, get_state, set_state, names)
    static.update((i, None) for i, (v, n) in enumerate(zip(values, names))
                  if v is None and n.startswith(RETVAL))  # every return gives None
    carried = [i for i in range(len(values)) if i not in static]
    loop_vars = [_as_loop_var(values[i], names[i]) for i in carried]

    def full(vs):
        merged = dict(static)
        merged.update(zip(carried, vs))
        return tuple(merged[i] for i in range(len(values)))

    def cond(*vs):
        set_state(full(vs))
        return test_fn()

    def body(*vs):
        set_state(full(vs))
        body_fn()
        after = get_state()
        for i, v in static.items():
            if after[i] is not v:
                raise NotImplementedError(
                    f"line {line}: a return inside this loop ran while tracing the loop's body "
                    f"but not while probing it, so its value has no start: assign the result "
                    f"to a variable, break, and return it after the loop")
        return [_as_loop_var(after[i], names[i]) for i in carried]

    if not loop_vars:
        raise OperatorNotAllowedInGraphError(
            f"line {line}: a while loop over a tensor condition must change some variable")
    set_state(full(while_loop(cond, body, loop_vars,
                              shape_invariants=_varying_shapes(loop_vars))))


def _varying_shapes(loop_vars):
    """Shape invariants when some loop variable's shape varies between runs (a dataset's
    element): the trace's recorded shape, with its unknown dims; None when none varies."""
    from fluxion.core.shape import TensorShape  # noqa: PLC0415

    trace = STATE.trace
    flat = nest.flatten(loop_vars)
    if not any(isinstance(x, Tensor) and trace.is_shape_dynamic_here(x) for x in flat):
        return None

    def invariant(x):
        if not isinstance(x, Tensor):
            return TensorShape(None)
        return TensorShape(trace.recorded_shape(x) if trace.is_shape_dynamic_here(x)
                           else x.shape)
    return nest.map_structure(invariant, list(loop_vars))


def _start_results(body_fn, values: list, get_state, set_state, names) -> dict:
    """Gives each pending loop result in `values` (in place) its start: zeros like what the body
    returns, found by tracing the body once on a throwaway trace where the loop variables are
    inputs, as in the real body. Returns the positions to pass through instead of carrying:
    results no return sets (with their do-return flags, which stay False) and None results."""
    from fluxion.graph.trace import child_trace  # noqa: PLC0415

    with child_trace("loop_return_probe", branch=True) as probe:
        trial = []
        for v, name in zip(values, names):
            try:
                v = nest.map_structure(lambda x: _fresh_input(probe, x), _as_loop_var(v, name))
            except (TypeError, ValueError):
                pass  # pending results, TensorArrays, values the real loop will refuse
            trial.append(v)
        set_state(tuple(trial))
        body_fn()
        after = get_state()
    set_state(tuple(values))
    static = {}
    for i, (v, name) in enumerate(zip(values, names)):
        if not isinstance(v, PendingReturn):
            continue
        if isinstance(after[i], PendingReturn):  # no return ran: nothing to carry
            static[i] = v
            flag = DO_RETURN + name[len(RETVAL):]
            j = names.index(flag) if flag in names else None
            if j is not None and values[j] is False and after[j] is False:
                static[j] = False
            continue
        values[i] = _zeros_like_result(after[i], v)
        if values[i] is None:
            static[i] = None
    return static


def _fresh_input(probe, x):
    from fluxion.core.tensor import wrap  # noqa: PLC0415

    if not isinstance(x, Tensor):
        raise TypeError("not a tensor")
    t = wrap(x._value)
    probe.add_input(t)
    return t


def for_stmt(iterable, body_fn, get_state, set_state, names, line):
    if is_graph_dataset(iterable):
        for_dataset(iterable, body_fn, get_state, set_state, names, line)
        return
    if not isinstance(iterable, Tensor):
        for item in iterable:
            body_fn(item)
        return
    if STATE.trace is not None and STATE.trace.is_shape_dynamic_here(iterable):
        # the length varies between runs: a graph loop over an index, reading row i
        from fluxion.ops.gather_ops import gather  # noqa: PLC0415

        for_range(None, (length(iterable),), lambda i: body_fn(gather(iterable, i)),
                   get_state, set_state, names, line)
        return
    for i in range(iterable.shape[0]):  # the length is static for a trace: unrolled
        body_fn(iterable[i])


def python_condition(test, line, kind="loop", reason="block", lines=()):
    """Condition of a statement left as Python (see `loop_message` / `if_message` for why)."""
    if not _dynamic(test):
        return test
    if kind == "loop":
        raise OperatorNotAllowedInGraphError(loop_message(reason, line))
    loop_return = reason.partition(":")[0] in ("loop_return", "python_loop_return")
    error = NotImplementedError if loop_return else OperatorNotAllowedInGraphError
    raise error(if_message(reason, line, lines))


def python_iterable(iterable, line, reason="python"):
    if isinstance(iterable, Tensor) and STATE.trace is not None and (
            STATE.trace.is_shape_dynamic_here(iterable) or _dynamic(iterable)):
        raise OperatorNotAllowedInGraphError(loop_message(reason, line, iterable=True))
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


def or_fn(a_fn, b_fn):
    """`a or b` with `b` evaluated lazily unless `a` is a tensor."""
    a = a_fn()
    if _is_tensor(a):
        from fluxion.ops.math_ops import logical_or  # noqa: PLC0415

        return logical_or(a, b_fn())
    if a:
        return a
    return b_fn()


def if_exp(test, true_fn, false_fn):
    """`a if test else b`: a graph cond when `test` is a tensor decided by the inputs."""
    if _is_tensor(test) and _dynamic(test):
        from fluxion.control_flow import cond  # noqa: PLC0415

        return cond(test, true_fn, false_fn)
    return true_fn() if test else false_fn()


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


def for_dataset(dataset, body_fn, get_state, set_state, names, line):
    """`for x in dataset` while tracing: a graph loop that pulls elements when the graph runs
    (fluxion/data/graph_ops.py), carrying `has_value` and the element as loop variables."""
    get_next = dataset_pass(dataset)
    ok, element = get_next()
    box = {"ok": ok, "flat": nest.flatten(element)}
    n = len(box["flat"])

    def test():
        return box["ok"]

    def body():
        current = nest.pack_sequence_as(element, box["flat"])
        box["ok"], nxt = get_next()  # fetched first: the body may `continue`
        box["flat"] = nest.flatten(nxt)
        body_fn(current)

    def get_all():
        return (box["ok"], *box["flat"]) + tuple(get_state())

    def set_all(values):
        box["ok"], box["flat"] = values[0], list(values[1:1 + n])
        set_state(tuple(values[1 + n:]))

    elem_names = tuple(f"__element_{k}" for k in range(n))
    while_stmt(test, body, get_all, set_all, ("__has_value",) + elem_names + tuple(names), line)


def is_graph_dataset(x) -> bool:
    return STATE.trace is not None and hasattr(x, "_elements") and hasattr(x, "element_spec")


def dataset_pass(dataset):
    """A fresh pass over `dataset` in the graph being traced: `next()` gives
    `(has_value, element)`."""
    from fluxion.data.graph_ops import first_and_next  # noqa: PLC0415

    return first_and_next(dataset)[0]


def is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def length(x):
    """The length of a tensor's first dimension, as a tensor (it may vary between runs)."""
    from fluxion.ops.array_ops import shape  # noqa: PLC0415

    return shape(x)[0]


_LOOP_REASONS = {
    "else": "AutoGraph does not convert a loop with an else clause: set a flag before each "
            "break and test it after the loop instead",
    "block": "it holds a break, continue or return inside a try block, which cannot become a "
             "loop flag: move the jump out of the try block (set a flag inside it and test the "
             "flag right after the block)",
    "return": "AutoGraph does not convert a return inside a loop of a generator function: "
              "assign the result to a variable, break, and return it after the loop",
    "python": "AutoGraph keeps this loop as Python",
}


_WHY_PYTHON_LOOP = {  # why a loop stays Python, and what to write instead
    "python": ("it runs over a Python value such as range(n) or a list (or its condition is a "
               "Python value)", "loop over a tensor instead (for i in tf.range(n), or while on "
               "a tensor condition), or decide in Python"),
    "else": ("it has an else clause", "set a flag before each break and test it after the loop "
             "instead of using else"),
    "block": ("the jump sits in a try block", "move it out of the try block"),
    "return": ("it is in a generator function", "assign the result to a variable, break, and "
               "return it after the loop"),
}


def loop_message(reason: str, line: int, iterable: bool = False) -> str:
    """Why a loop left as Python cannot run on a tensor condition / iterable."""
    what = ("this loop iterates over a tensor" if iterable else "this loop's condition is a "
            "tensor")
    return (f"line {line}: {what} that depends on the function's inputs, but "
            f"{_LOOP_REASONS[reason]}")


def _lines(lines) -> str:
    return ", ".join(str(n) for n in lines)


def if_message(reason: str, line: int, lines=()) -> str:
    """Why an `if` left as Python (it holds a jump) cannot run on a tensor condition."""
    tensor_if = f"this if's condition (line {line}) is a tensor that depends on the inputs"
    if reason == "return":
        return (f"line {line}: {tensor_if} and a branch returns, but AutoGraph merges that "
                f"return with the rest of the function only when every path ends in a return in"
                f" the same block (here a path falls off the end of the function or out of an "
                f"enclosing if, or a return sits in a try block): assign the result to a "
                f"variable in both branches and return it once after the if")
    reason, _, why = reason.partition(":")
    why, fix = _WHY_PYTHON_LOOP.get(why, _WHY_PYTHON_LOOP["python"])
    if reason == "python_loop":
        return (f"line {line}: {tensor_if}, and it holds a break or continue of a loop that "
                f"stays a Python loop because {why}, so the loop cannot stop on a tensor: {fix}")
    if reason == "python_loop_return":
        return (f"line {_lines(lines)}: this return depends on a tensor condition (line {line}) "
                f"inside a loop that stays a Python loop because {why}, so the loop cannot stop "
                f"on a tensor: {fix}")
    if reason == "loop_merge":
        return (f"line {_lines(lines)}: this return is inside a loop whose condition or "
                f"iterable is a tensor and gives {{a}}, but the function returns {{b}} when the "
                f"loop ends without returning: make every return give the same structure and "
                f"dtype (None everywhere, or tensors), or assign the result to a variable, "
                f"break, and return it after the loop")
    return (f"line {_lines(lines)}: this return is inside a loop whose condition or iterable is a"
            f" tensor, so it becomes a flag tested after the loop (line {line}), but that test "
            f"cannot be merged with the rest of the function: the code after the loop must end "
            f"in a return (not fall off the end), and the loop must not sit in a with/try block "
            f"or in an if whose other paths do not return: assign the result to a variable, "
            f"break, and return it after the loop")
