"""`tf.gradients` and `tf.hessians`: symbolic gradients of a graph being traced.

Inside a `tf.function` the trace already holds every op bound so far (with its inputs, attrs
and the traced tensors). `gradients` turns those nodes into tape entries and runs the tape's
backward pass; the vjp ops it binds are traced into the same graph. Eager code has no graph:
TF raises there, and so do we.
"""
from __future__ import annotations

from fluxion.core import nest
from fluxion.core.op import REGISTRY, STATE
from fluxion.core.tape import GradientTape, UnconnectedGradients
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.core.variable import Variable


class AggregationMethod:
    """How gradient contributions are summed (``tf.AggregationMethod``); Fluxion always adds
    them pairwise, so the choice does not change results."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


def _require_graph() -> None:
    if STATE.trace is None:
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                           "Use tf.GradientTape instead.")


def _objects_by_name(tracer) -> dict:
    """Graph value name -> the traced object that holds it (variables preferred)."""
    by_name: dict = {}
    for obj in tracer._keep:
        name = tracer._names.get(id(obj))
        if name is not None and not isinstance(by_name.get(name), Variable):
            by_name[name] = obj
    return by_name


def _entries(tracer, stop_ids: set) -> list:
    """The trace's op nodes as GradientTape entries (op, attrs, inputs, input ids, outputs)."""
    by_name = _objects_by_name(tracer)
    entries = []
    for node in tracer.nodes:
        op = REGISTRY.get(node.op)
        if op is None or op.vjp is None:
            continue
        ins = [by_name.get(n) for n in node.inputs]
        outs = [by_name.get(v.name) for v in node.outputs]
        if any(x is None for x in ins) or any(o is None for o in outs):
            continue
        if any(id(o) in stop_ids for o in outs):
            continue
        in_ids = tuple(id(x) for x in ins)
        ins = tuple(_read(tracer, x) if isinstance(x, Variable) else x for x in ins)
        entries.append((op, dict(node.attrs), ins, in_ids, tuple(outs)))
    return entries


def _read(tracer, variable) -> Tensor:
    value = wrap(variable._value)
    tracer.alias(value, variable)
    return value


def gradients(ys, xs, grad_ys=None, name="gradients", gate_gradients=False,
              aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE) -> list:
    """Sum over `ys` of d(y)/d(x) for each x in `xs` (a list); only inside a `tf.function`."""
    _require_graph()
    flat_ys = [y if isinstance(y, (Tensor, Variable)) else convert_to_tensor(y)
               for y in nest.flatten(ys)]
    flat_xs = nest.flatten(xs)
    flat_gy = None if grad_ys is None else nest.flatten(grad_ys)
    stop_ids = {id(s) for s in nest.flatten(stop_gradients or [])}
    tape = GradientTape(persistent=True)
    tape._entries = _entries(STATE.trace, stop_ids)
    tape._tracked = {id(x) for x in flat_xs}
    for entry in tape._entries:
        tape._tracked.update(id(o) for o in entry[4])
    return tape._backprop(flat_ys, flat_xs, flat_gy,
                          UnconnectedGradients(unconnected_gradients))


def hessians(ys, xs, gate_gradients=False, aggregation_method=None,
             name="hessians") -> list:
    """For each x in `xs`, the Hessian of sum(ys): shape x.shape + x.shape."""
    from fluxion.ops import array_ops, gather_ops  # noqa: PLC0415 - ops import core

    _require_graph()
    flat_xs = nest.flatten(xs)
    out = []
    for x, g in zip(flat_xs, gradients(ys, flat_xs)):
        if g is None:
            raise ValueError("None values not supported.")
        flat_g = array_ops.reshape(g, [-1])
        n = int(flat_g.shape[0])
        rows = []
        for k in range(n):
            (row,) = gradients(gather_ops.gather(flat_g, k), [x])
            if row is None:
                raise ValueError("None values not supported.")
            rows.append(row)
        shape = list(x.shape) * 2
        out.append(array_ops.reshape(array_ops.stack(rows), shape))
    return out
