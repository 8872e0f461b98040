"""Forward-mode automatic differentiation: `tf.autodiff.ForwardAccumulator`.

The accumulator records ops as a `GradientTape` does (it sits in the same list of recording
tapes), and computes tangents lazily, when `jvp` asks for them. Lazy evaluation means the
tangent ops run where `jvp` is called: inside a `tf.function` they are traced, and under an
enclosing tape or accumulator they are recorded, which gives Hessian-vector products.

An op's tangent rule is derived from its vjp rule (the "double vjp" trick): the vjp
``g -> J^T g`` is linear in ``g``, so its own vjp with cotangent ``t`` is ``J t``.
No op needs a second rule.
"""
from __future__ import annotations

import logging

from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.tape import GradientTape, UnconnectedGradients, _snapshot
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.core.variable import VARIABLE_TYPES, Variable


def _floating(x) -> bool:
    return x._value.dtype.kind in "fc"


class ForwardAccumulator:
    """Computes Jacobian-vector products with forward-mode autodiff."""

    def __init__(self, primals, tangents):
        self._tangents: dict[int, Tensor] = {}
        self._tracked: set[int] = set()
        self._entries: list = []
        self._done = 0  # how many entries have their output tangents computed
        self._keep: list = []
        self._recording = False
        self._busy = False
        self._watch(primals, tangents)

    def _watch(self, primals, tangents) -> None:
        flat_p = nest.flatten(primals)
        flat_t = nest.flatten(tangents)
        if len(flat_p) != len(flat_t):
            raise ValueError(f"The two structures don't have the same number of elements: "
                             f"{len(flat_p)} primals and {len(flat_t)} tangents")
        for p, t in zip(flat_p, flat_t):
            if not isinstance(p, (Tensor, Variable)):
                p = convert_to_tensor(p)
            if not _floating(p):
                logging.warning("The dtype of the watched primal must be floating (e.g. "
                                "tf.float32), got %s", p.dtype)
                continue
            if type(t) in VARIABLE_TYPES and t.dtype != p.dtype:
                raise ValueError(f"Incompatible type conversion requested to type "
                                 f"{p.dtype.name} for `tf.Variable of type {t.dtype.name}.")
            if id(p) in self._tracked:
                raise ValueError("Tensor {} was specified as a primal multiple times. This may "
                                 "indicate an error. If it was intended, please sum the "
                                 "corresponding tangents.")
            t = convert_to_tensor(t, p.dtype)
            self._tangents[id(p)] = t
            self._tracked.add(id(p))
            self._keep.append(p)

    # --- context -----------------------------------------------------------------------------
    def __enter__(self) -> "ForwardAccumulator":
        if self._recording:
            raise ValueError("Accumulator is already recording.")
        STATE.tapes.append(self)
        self._recording = True
        return self

    def __exit__(self, *exc) -> None:
        if self._recording:
            if self in STATE.tapes:
                STATE.tapes.remove(self)
            self._recording = False

    # --- recording (called by every op bind while active) -------------------------------------
    def _record(self, op, inputs, attrs, result) -> None:
        if self._busy or op.vjp is None:
            return
        tracked = self._tracked
        if not any(id(x) in tracked for x in inputs):
            return
        outs = result if type(result) is tuple else (result,)
        if not any(_floating(o) for o in outs):
            return
        for o in outs:
            tracked.add(id(o))
        ins = tuple(_snapshot(x) if type(x) in VARIABLE_TYPES else x for x in inputs)
        self._entries.append((op, attrs, ins, tuple(id(x) for x in inputs), outs))

    def _alias(self, value: Tensor, variable) -> None:
        """`value` is what an op read from the watched `variable` (see GradientTape._read)."""
        from fluxion.core.op import REGISTRY  # noqa: PLC0415

        self._tracked.add(id(value))
        self._entries.append((REGISTRY["identity"], {}, (value,), (id(variable),), (value,)))

    # --- tangents ----------------------------------------------------------------------------
    def _propagate(self) -> None:
        """Computes the output tangents of every entry recorded since the last call."""
        if self._done == len(self._entries):
            return
        self._busy = True  # the tangent ops are not primal computations of this accumulator
        try:
            while self._done < len(self._entries):
                entry = self._entries[self._done]
                self._done += 1
                self._propagate_entry(*entry)
        finally:
            self._busy = False

    def _propagate_entry(self, op, attrs, ins, in_ids, outs) -> None:
        from fluxion.ops import array_ops  # noqa: PLC0415 - ops import core

        in_tangents = [self._tangents.get(i) for i in in_ids]
        if all(t is None for t in in_tangents):
            return
        if op.vjp_needs:
            attrs = dict(attrs, needs=tuple(t is not None for t in in_tangents))
        cotangents = [array_ops.zeros_like(o) for o in outs]
        with GradientTape(watch_accessed_variables=False) as inner:
            inner.watch(cotangents)
            if op.num_outputs == 1:
                in_grads = op.vjp(cotangents[0], outs[0], *ins, **attrs)
            else:
                in_grads = op.vjp(tuple(cotangents), outs, *ins, **attrs)
        targets, weights = [], []
        for x, gx, t in zip(ins, in_grads, in_tangents):
            if gx is not None and t is not None and _floating(x):
                targets.append(gx)
                weights.append(t)
        if not targets:
            return
        out_tangents = inner.gradient(targets, cotangents, output_gradients=weights)
        for o, t in zip(outs, out_tangents):
            if t is not None and _floating(o):
                self._tangents[id(o)] = t

    def jvp(self, primals, unconnected_gradients=UnconnectedGradients.NONE):
        """The tangents of `primals` (a tensor or nested structure), or None where a primal
        does not depend on the watched ones."""
        from fluxion.ops import array_ops  # noqa: PLC0415

        unconnected = UnconnectedGradients(unconnected_gradients)
        self._propagate()

        def one(p):
            t = self._tangents.get(id(p))
            if t is None and unconnected is UnconnectedGradients.ZERO:
                t = array_ops.zeros_like(p)
            return t

        return nest.map_structure(one, primals)
