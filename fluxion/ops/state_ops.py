"""Ops on state: `assign_variable`, the graph form of `Variable.assign*`."""
from __future__ import annotations

from fluxion.core.op import Spec, defop

__all__: list = []


def _assign_kernel(xp, variable, value, capture):
    """Returns the variable's new value; the runtime writes it to the captured Variable."""
    return value


assign_variable = defop(
    "assign_variable", _assign_kernel, stateful=True, same_dtype=2,
    infer=lambda variable, value, capture: Spec(variable.shape, variable.dtype),
    tf_name="AssignVariableOp",
    doc="Writes `value` into the variable captured at index `capture` of the running graph.")
