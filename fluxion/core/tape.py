"""Reverse-mode automatic differentiation: `GradientTape` and `custom_gradient`.

A tape records every op whose inputs it tracks (watched tensors, trainable variables read
inside it, and outputs of ops it already recorded). `gradient` walks the record backwards and
calls each op's vjp rule. The rules use public ops, so an enclosing tape records the backward
computation too: that is how nested tapes give higher derivatives.
"""
from __future__ import annotations

import contextlib
import enum
import functools
import inspect

import numpy as np

from fluxion.core import nest
from fluxion.core.dtypes import from_numpy
from fluxion.core.op import STATE, Op
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.core.variable import VARIABLE_TYPES, Variable


class UnconnectedGradients(enum.Enum):
    NONE = "none"
    ZERO = "zero"


def _differentiable(x) -> bool:
    return x._value.dtype.kind in "fc"


class GradientTape:
    """Records operations for automatic differentiation (``tf.GradientTape``)."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._tracked: set[int] = set()
        self._entries: list = []
        self._watched_vars: list = []
        self._keep: list = []  # keeps watched objects alive so their ids stay unique
        self._recording = False
        self._used = False

    # --- context -----------------------------------------------------------------------------
    def __enter__(self) -> "GradientTape":
        self._push()
        return self

    def __exit__(self, *exc) -> None:
        if self._recording:
            self._pop()

    def _push(self) -> None:
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter "
                             "an already-active tape.")
        STATE.tapes.append(self)
        self._recording = True

    def _pop(self) -> None:
        STATE.tapes.remove(self)
        self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """Temporarily stops recording operations on this tape."""
        if not self._recording:
            raise ValueError("Tape is not recording.")
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self) -> None:
        """Clears everything recorded so far."""
        self._tracked.clear()
        self._entries.clear()
        self._watched_vars.clear()
        self._keep.clear()

    # --- watching ----------------------------------------------------------------------------
    def watch(self, tensor) -> None:
        """Ensures `tensor` (a tensor, variable or nested structure of them) is tracked."""
        for t in nest.flatten(tensor):
            if not isinstance(t, (Tensor, Variable)):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not "
                                 f"tf.Tensor or tf.Variable or ExtensionType.")
            if isinstance(t, Variable) and all(v is not t for v in self._watched_vars):
                self._watched_vars.append(t)
            self._tracked.add(id(t))
            self._keep.append(t)

    def watched_variables(self) -> tuple:
        return tuple(self._watched_vars)

    def _record(self, op: Op, inputs, attrs, result) -> None:
        tracked = self._tracked
        hit = False
        for x in inputs:
            if type(x) in VARIABLE_TYPES and self._watch_accessed and x._trainable \
                    and id(x) not in tracked:
                self.watch(x)
            if id(x) in tracked:
                hit = True
        if not hit or op.vjp is None:
            return
        outs = result if type(result) is tuple else (result,)
        if not any(_differentiable(o) for o in outs):
            return
        for o in outs:
            tracked.add(id(o))
        snapshot = tuple(self._read(x) if type(x) in VARIABLE_TYPES else x for x in inputs)
        self._entries.append((op, attrs, snapshot, tuple(id(x) for x in inputs), outs))

    def _read(self, variable) -> Tensor:
        """The value an op read from `variable` (kept: the variable may change later). Other
        tapes that track the variable learn that this value is the variable's (TF's
        ReadVariableOp), so a gradient computed from it under them (a second derivative)
        reaches the variable."""
        value = _snapshot(variable)
        for other in STATE.tapes:
            if other is not self and id(variable) in getattr(other, "_tracked", ()):
                other._alias(value, variable)
        return value

    def _alias(self, value: Tensor, variable) -> None:
        from fluxion.core.op import REGISTRY  # noqa: PLC0415

        self._tracked.add(id(value))
        self._entries.append((REGISTRY["identity"], {}, (value,), (id(variable),), (value,)))

    # --- differentiation ---------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(target)/d(sources), with the structure of `sources`."""
        self._check_usable("gradient")
        flat_sources = nest.flatten(sources)
        flat_targets = nest.flatten(target)
        flat_og = None if output_gradients is None else nest.flatten(output_gradients)
        grads = self._backprop(flat_targets, flat_sources, flat_og,
                               UnconnectedGradients(unconnected_gradients))
        if not self._persistent:
            self._release()
        return nest.pack_sequence_as(sources, grads)

    def _check_usable(self, what: str) -> None:
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")

    def _release(self) -> None:
        self._used = True
        self._entries = []

    def _backprop(self, targets, sources, output_gradients, unconnected):
        from fluxion.ops import array_ops, math_ops  # noqa: PLC0415 - ops import core

        for s in sources:
            if not isinstance(s, (Tensor, Variable)):
                raise ValueError(f"GradientTape.gradient: sources must be tensors or variables, "
                                 f"got {type(s).__name__}")
        source_ids = {id(s) for s in sources}
        grads: dict[int, Tensor] = {}
        paused = self._recording
        if paused:
            self._pop()
        try:
            for i, t in enumerate(targets):
                t = t if isinstance(t, (Tensor, Variable)) else convert_to_tensor(t)
                if not _differentiable(t):
                    continue  # integer/bool/string targets carry no gradient
                g = None if output_gradients is None else output_gradients[i]
                g = array_ops.ones_like(t) if g is None else convert_to_tensor(g, t.dtype)
                _accumulate(grads, id(t), g, math_ops)
            relevant, reach = self._relevant_entries(source_ids)
            for op, attrs, ins, in_ids, outs in reversed(relevant):
                gs = [grads.get(id(o)) if id(o) in source_ids else grads.pop(id(o), None)
                      for o in outs]
                if all(g is None for g in gs):
                    continue
                if op.vjp_needs:  # the rule skips inputs no source depends on (as TF's
                    attrs = dict(attrs, needs=tuple(i in reach for i in in_ids))  # MatMul)
                if op.num_outputs == 1:
                    in_grads = op.vjp(gs[0], outs[0], *ins, **attrs)
                else:
                    gs = tuple(array_ops.zeros_like(o) if g is None else g
                               for g, o in zip(gs, outs))
                    in_grads = op.vjp(gs, outs, *ins, **attrs)
                for x, xid, gx in zip(ins, in_ids, in_grads):
                    if gx is not None and _differentiable(x):
                        _accumulate(grads, xid, gx, math_ops)
        finally:
            if paused:
                self._push()
        result = []
        for s in sources:
            # only watched sources (or outputs of recorded ops) have gradients, as in TF
            g = grads.get(id(s)) if id(s) in self._tracked else None
            if g is None and unconnected is UnconnectedGradients.ZERO:
                g = array_ops.zeros_like(s)
            elif g is not None and not _differentiable(s):
                g = None
            result.append(g)
        return result

    def _relevant_entries(self, source_ids: set) -> tuple[list, set]:
        """Entries on a path from a source: the others cannot contribute to the gradient."""
        reach = set(source_ids)
        kept = []
        for entry in self._entries:
            if any(i in reach for i in entry[3]):
                kept.append(entry)
                reach.update(id(o) for o in entry[4])
        return kept, reach

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """Full Jacobian: shape target.shape + source.shape for each source."""
        from fluxion.ops import array_ops  # noqa: PLC0415

        self._check_usable("jacobian")
        target = convert_to_tensor(target)
        flat_sources = nest.flatten(sources)
        n = int(np.prod(target._value.shape))
        rows = []
        for k in range(n):
            og = np.zeros(n, target._value.dtype)
            og[k] = 1
            og = wrap(og.reshape(target._value.shape))
            rows.append(self._backprop([target], flat_sources, [og],
                                       UnconnectedGradients(unconnected_gradients)))
        out = []
        for j, s in enumerate(flat_sources):
            col = [r[j] for r in rows]
            tshape = list(target._value.shape)
            sshape = list(s._value.shape)
            if any(c is None for c in col):
                out.append(None)
            elif n == 0:
                out.append(array_ops.zeros(tshape + sshape, from_numpy(s._value.dtype)))
            else:
                out.append(array_ops.reshape(array_ops.stack(col), tshape + sshape))
        if not self._persistent:
            self._release()
        return nest.pack_sequence_as(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobian: [batch] + target.shape[1:] + source.shape[1:]."""
        from fluxion.ops import array_ops  # noqa: PLC0415

        self._check_usable("batch_jacobian")
        target = convert_to_tensor(target)
        tshape = list(target._value.shape)
        sshape = list(source._value.shape)
        if not tshape or not sshape or tshape[0] != sshape[0]:
            raise ValueError(f"batch_jacobian: target shape {tshape} and source shape {sshape} "
                             f"need the same first (batch) dimension")
        b = tshape[0]
        m = int(np.prod(tshape[1:]))
        cols = []
        for k in range(m):
            og = np.zeros((b, m), target._value.dtype)
            og[:, k] = 1
            og = wrap(og.reshape(tshape))
            (g,) = self._backprop([target], [source], [og],
                                  UnconnectedGradients(unconnected_gradients))
            if g is None:
                if not self._persistent:
                    self._release()
                return None
            cols.append(array_ops.reshape(g, [b, -1]))
        if not self._persistent:
            self._release()
        if m == 0:
            return array_ops.zeros(tshape + sshape[1:], from_numpy(source._value.dtype))
        jac = array_ops.stack(cols, axis=1)  # [b, m, prod(source rest)]
        return array_ops.reshape(jac, tshape + sshape[1:])


def _snapshot(variable):
    """The value a recorded op read from `variable`; inside a graph trace it is tied to the
    variable's traced value, so gradients computed from it stay symbolic."""
    t = wrap(variable._value)
    if STATE.binding is not None:
        STATE.binding.alias(t, variable)
    return t


def _accumulate(grads: dict, key: int, g, math_ops) -> None:
    prev = grads.get(key)
    grads[key] = g if prev is None else math_ops.add(prev, g)


# --- stop_gradient / custom_gradient -----------------------------------------------------------
def custom_gradient(f=None):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; `grad_fn(*dy)` gives the gradients of x.

    If `grad_fn` takes a `variables` keyword, it must return `(input_grads, variable_grads)` for
    the trainable variables that `f` read.
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        tensors = [convert_to_tensor(a) if not isinstance(a, (Tensor, Variable)) else a
                   for a in args]
        watcher = _VariableWatcher()
        saved = STATE.tapes
        STATE.tapes = [watcher]  # the forward pass is not recorded, only watched for variables
        try:
            y, grad_fn = f(*tensors, **kwargs)
        finally:
            STATE.tapes = saved
        variables = watcher.variables
        flat_y = [convert_to_tensor(v) for v in nest.flatten(y)]
        takes_vars = "variables" in inspect.signature(grad_fn).parameters
        if variables and not takes_vars:
            raise TypeError("If using @custom_gradient with a function that uses variables, "
                            "then grad_fn must accept a keyword argument 'variables'.")
        n_in = len(tensors)

        def vjp(g, out, *inputs):
            gs = g if isinstance(g, tuple) else (g,)
            if takes_vars:
                in_grads, var_grads = grad_fn(*gs, variables=variables)
                in_grads = nest.flatten(in_grads) + list(var_grads)
            else:
                in_grads = nest.flatten(grad_fn(*gs))
            return tuple(in_grads[:n_in + len(variables)])

        op = Op("custom_gradient", lambda xp, *a: a, vjp=vjp, num_outputs=len(flat_y))
        outs = tuple(wrap(t._value) for t in flat_y)
        for tape in STATE.tapes:
            tape._record(op, tuple(tensors) + tuple(variables), {},
                         outs if len(outs) > 1 else outs[0])
        return nest.pack_sequence_as(y, list(outs))

    return wrapper


class _VariableWatcher:
    """Collects trainable variables read by ops while active (for custom_gradient)."""

    def __init__(self) -> None:
        self.variables: list = []
        self._seen: set = set()

    def _record(self, op, inputs, attrs, result) -> None:
        for x in inputs:
            if type(x) in VARIABLE_TYPES and x._trainable and id(x) not in self._seen:
                self._seen.add(id(x))
                self.variables.append(x)
