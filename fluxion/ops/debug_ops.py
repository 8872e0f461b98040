"""Runtime checks as stateful primitives: `assert` (``tf.debugging.Assert`` and the
``assert_*`` family) and `check_numerics`.

They are stateful, so the graph optimizer never folds, merges or drops them: inside a traced
function they run each time the graph runs (TF2's automatic control dependencies) and raise
InvalidArgumentError there. While a graph is traced on values that need not be the call's
(stand-ins for a signature, a branch that may not run, a loop body being probed) they cannot
fail yet; see `values_are_provisional`.

`assert` has one output, a scalar bool (True: the check passed), so its node has a value in the
graph's text form; the public wrappers return None.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.errors import InvalidArgumentError

__all__: list = []


def values_are_provisional() -> bool:
    """True while an op runs for a trace whose values may not be the ones the graph will see
    (the tracer of a `fluxion.function` call on its real arguments sets `checks_values`)."""
    binding = STATE.binding
    return binding is not None and not getattr(binding, "checks_values", False)


# --- formatting, as TF's messages do -------------------------------------------------------------
def summarize_graph(value, summarize: int) -> str:
    """A tensor as TF's Assert kernel prints it: the first `summarize` elements in row-major
    order, nested brackets for each dimension after the first, '...' where it stops."""
    arr = np.asarray(value)
    flat = [_element_text(v) for v in arr.reshape(-1)]
    if arr.ndim == 0:
        return flat[0] if flat else ""
    limit = len(flat) if summarize < 0 else min(summarize, len(flat))
    pos = [0]

    def dim(axis: int) -> str:
        out = ""
        for i in range(arr.shape[axis]):
            if pos[0] >= limit:
                return out + "..."
            if axis == arr.ndim - 1:
                out += (" " if i else "") + flat[pos[0]]
                pos[0] += 1
            else:
                out += "[" + dim(axis + 1) + "]"
        return out

    text = dim(0)
    return text + "..." if pos[0] < len(flat) and not text.endswith("...") else text


def _element_text(v) -> str:
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (float, np.floating)):
        return f"{float(v):g}"
    return str(v)


def _first(arr, n: int):
    return np.asarray(arr).reshape(-1)[:n]


def _eager_binary(condition, x, y, message: str, relation: str, summarize: int) -> str:
    """TF's eager text for a failed binary assertion (assert_equal, assert_less, ...)."""
    n = 3 if summarize < 0 else summarize
    lines = [message] if message else []
    lines.append(f"Condition {relation} did not hold.")
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim and x.shape == y.shape and np.shape(condition) == x.shape:
        bad = np.argwhere(~np.asarray(condition, bool))[:n]
        lines += [f"Indices of first {len(bad)} different values:", str(bad),
                  "Corresponding x values:", str(x[tuple(bad.T)]),
                  "Corresponding y values:", str(y[tuple(bad.T)])]
    for label, v in (("x", x), ("y", y)):
        first = _first(v, n)
        lines += [f"First {len(first)} elements of {label}:", str(first)]
    return "\n".join(lines)


def _eager_unary(x, message: str, relation: str, summarize: int) -> str:
    """TF's eager text for a failed assert_positive / assert_non_negative / ..."""
    x = np.asarray(x)
    n = 3 if summarize < 0 else summarize
    shown = [str(v) for v in _first(x, n).tolist()] + (["..."] if x.size > n else [])
    head = f"{message}.  " if message else ""
    return (f"{head}\nCondition {relation} did not hold element-wise:\n"
            f"x (shape={x.shape} dtype={dtypes.from_numpy(x.dtype).name}) = \n{shown}")


def _graph_text(data, items: tuple, summarize: int) -> str:
    values = iter(data)
    parts = [summarize_graph(next(values), summarize) if item is None else item
             for item in items]
    return "assertion failed: " + " ".join(f"[{p}]" for p in parts)


# --- assert ----------------------------------------------------------------------------------
def _assert_kernel(xp, condition, *data, items, summarize, form, message, relation, eager):
    """Raises InvalidArgumentError unless every element of `condition` is true.

    items: what the graph-form message prints, one entry each: a literal text, or None for the
    next data tensor. form: "assert" (always that text), or "binary" / "unary" (data is (x, y)
    or (x,)), whose eager text (`eager`) is TF's eager wording of `relation` with `message`.
    """
    if bool(np.all(condition)) or values_are_provisional():
        return np.asarray(True)
    if eager and form == "binary":
        text = _eager_binary(condition, data[0], data[1], message, relation, summarize)
    elif eager and form == "unary":
        text = _eager_unary(data[0], message, relation, summarize)
    else:
        text = _graph_text(data, items, summarize)
    raise InvalidArgumentError(None, None, text)


def _infer_assert(condition, *data, **attrs) -> Spec:
    return Spec((), dtypes.bool)


assert_ = defop("assert", _assert_kernel, infer=_infer_assert, same_dtype=1, stateful=True,
                tf_name="Assert", doc="Raises InvalidArgumentError unless `condition` holds.")


# --- check_numerics --------------------------------------------------------------------------
def _check_numerics_kernel(xp, x, message):
    if values_are_provisional():
        return x
    finite = xp.isfinite(x)
    if not bool(finite.all()):
        nan, inf = bool(xp.isnan(x).any()), bool((~finite & ~xp.isnan(x)).any())
        kind = "Inf and NaN" if nan and inf else "NaN" if nan else "Inf"
        raise InvalidArgumentError(None, None, f"{message} : Tensor had {kind} values "
                                               f"[Op:CheckNumerics]")
    return x


def _vjp_check_numerics(g, out, x, message):
    # TF checks the gradient on its way back too
    return (check_numerics_(g, message="Not a number (NaN) or infinity (Inf) values detected "
                                       f"in gradient. {message}"),)


check_numerics_ = defop(
    "check_numerics", _check_numerics_kernel, vjp=_vjp_check_numerics,
    infer=lambda x, message: Spec(x.shape, x.dtype), stateful=True, tf_name="CheckNumerics",
    dtypes=dtypes.FLOATS, doc="`x` unchanged; InvalidArgumentError if it holds NaN or Inf.")
