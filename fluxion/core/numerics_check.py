"""``tf.debugging.enable_check_numerics``: every floating output of an op is checked for
NaN and Inf. Eager ops are checked as they run; in functions traced while it is on, each
floating output gets a CheckNumerics node, so the graph raises when it runs. The error names
the op (TF's name), the output, its dtype and shape and what was found, as TF's message."""
from __future__ import annotations

import numpy as np

from fluxion.core.op import CHECK_NUMERICS
from fluxion.errors import InvalidArgumentError

_SKIP = frozenset({"check_numerics"})


def enable_check_numerics(stack_height_limit=30, path_length_limit=50) -> None:
    CHECK_NUMERICS[0] = True


def disable_check_numerics() -> None:
    CHECK_NUMERICS[0] = False


def _report(op, index: int, n_outputs: int, value, where: str) -> str:
    arr = np.asarray(value)
    lines = [f"!!! Detected Infinity or NaN in output {index} of {where} op "
             f"\"{op.tf_name or op.name}\" (# of outputs: {n_outputs}) !!!",
             f"  dtype: <dtype: '{arr.dtype.name}'>", f"  shape: {arr.shape}"]
    counts = {"-Inf": int(np.isneginf(arr).sum()), "+Inf": int(np.isposinf(arr).sum()),
              "NaN": int(np.isnan(arr).sum())}
    lines += [f"  # of {k} elements: {v}" for k, v in counts.items() if v]
    return "\n\n" + "\n".join(lines)


def _kinds(arr) -> str:
    nan, inf = bool(np.isnan(arr).any()), bool(np.isinf(arr).any())
    neg = bool(np.isneginf(arr).any())
    if nan and inf:
        return "Inf and NaN"
    return "NaN" if nan else ("-Inf" if neg and not np.isposinf(arr).any() else "Inf")


def eager(op, inputs, result) -> None:
    from fluxion.core.op import STATE  # noqa: PLC0415

    if op.name in _SKIP or STATE.binding is not None:
        return  # (a trace's own run on its example values: the graph node checks instead)
    outputs = result if type(result) is tuple else (result,)
    for i, t in enumerate(outputs):
        arr = getattr(t, "_value", None)
        if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "fc":
            continue
        if not np.isfinite(arr).all():
            text = _report(op, i, len(outputs), arr, "eagerly-executing")
            shown = ", ".join(repr(x) for x in inputs[:2] if hasattr(x, "_value"))
            raise InvalidArgumentError(None, None, f"{text}\n\n  Input tensor: {shown}\n\n : "
                                                   f"Tensor had {_kinds(arr)} values")


def traced(op, result):
    """`result` with each floating output passed through a CheckNumerics node."""
    if op.name in _SKIP:
        return result
    from fluxion.ops.debug_ops import check_numerics_  # noqa: PLC0415

    outputs = result if type(result) is tuple else (result,)
    checked = []
    for i, t in enumerate(outputs):
        dtype = getattr(t, "dtype", None)
        if dtype is not None and (dtype.is_floating or dtype.is_complex):
            where = (f"\n\n!!! Detected Infinity or NaN in output {i} of graph op "
                     f"\"{op.tf_name or op.name}\" (# of outputs: {len(outputs)}) !!!")
            t = check_numerics_(t, message=where)
        checked.append(t)
    return tuple(checked) if type(result) is tuple else checked[0]
