"""Keras 3's backend scopes: `StatelessScope` (variables read given values, writes collected
instead of kept), `SymbolicScope`, `RematScope` and `remat`.

A StatelessScope swaps the mapped values into its variables on entry and puts every touched
variable's value back on exit, keeping what the scope wrote in `state_mapping`: ops read
variables' arrays directly, so reads inside the scope need no hook at all. Writes are noticed
through `fluxion.core.variable.WRITE_HOOKS` (eager writes; the scopes are per process, not per
thread, as variables themselves are shared).
"""
from __future__ import annotations

import threading

import numpy as np

from fluxion.core import variable as variable_module
from fluxion.core.tensor import convert_to_tensor, wrap
from fluxion.core.variable import Variable


class _Stacks(threading.local):
    def __init__(self) -> None:
        self.stateless: list = []
        self.symbolic: list = []
        self.remat: list = []


_STACKS = _Stacks()


class StatelessScope:
    """Inside, each variable of `state_mapping` (pairs `(variable, value)`) reads as its value,
    and assignments change the values the scope holds, not the variables: after the scope the
    variables are as before, and `get_current_value(variable)` gives the value written."""

    def __init__(self, state_mapping=None, collect_losses: bool = False,
                 initialize_variables: bool = True) -> None:
        self.collect_losses = collect_losses
        self.initialize_variables = initialize_variables
        self.losses: list = []
        self.state_mapping: dict = {}  # id(variable) -> its value in this scope (a tensor)
        self._variables: dict = {}  # id(variable) -> variable
        self._saved: dict | None = None  # while entered: id -> the value from before
        self._raw: dict = {}  # id -> a value given to add_update, kept as given (as Keras)
        for var, value in state_mapping or ():
            if not isinstance(var, Variable):
                raise ValueError("Invalid reference variable in StatelessScope: all keys in "
                                 "argument `mapping` must be Variable instances. Received "
                                 f"instead: {var}")
            value = convert_to_tensor(value, dtype=var.dtype)
            if tuple(value.shape) != tuple(var.shape):
                raise ValueError("Invalid variable value in StatelessScope: all values in "
                                 "argument `mapping` must be tensors with a shape that matches "
                                 f"the corresponding variable shape. For variable {var}, "
                                 f"received invalid value {value} with shape "
                                 f"{tuple(value.shape)}.")
            self.state_mapping[id(var)] = value
            self._variables[id(var)] = var

    def __enter__(self):
        self._saved = {}
        for key, value in self.state_mapping.items():
            var = self._variables[key]
            self._saved.setdefault(key, var._value)
            var._value = np.asarray(value._value)
        variable_module.WRITE_HOOKS.append(self._before_write)
        _STACKS.stateless.append(self)
        return self

    def _before_write(self, var) -> None:
        self._raw.pop(id(var), None)
        if id(var) not in self._saved:
            self._saved[id(var)] = var._value
            self._variables[id(var)] = var

    def __exit__(self, *exc) -> bool:
        _STACKS.stateless.remove(self)
        variable_module.WRITE_HOOKS.remove(self._before_write)
        saved, self._saved = self._saved, None
        for key, before in saved.items():
            var = self._variables[key]
            self.state_mapping[key] = self._raw.pop(key, None) if key in self._raw else \
                wrap(var._value)
            var._value = before
        return False

    def add_update(self, update) -> None:
        """Records `(variable, value)` as an assignment made in this scope."""
        variable, value = update
        variable.assign(value)
        self._raw[id(variable)] = value

    def add_loss(self, loss) -> None:
        self.losses.append(loss)

    def get_current_value(self, variable):
        """The variable's value in this scope (mapped or assigned), or None if untouched."""
        if self._saved is not None and id(variable) in self._saved:
            return self._raw.get(id(variable), wrap(variable._value))
        return self.state_mapping.get(id(variable))


def in_stateless_scope() -> bool:
    return bool(_STACKS.stateless)


def get_stateless_scope():
    return _STACKS.stateless[-1] if _STACKS.stateless else None


class SymbolicScope:
    """Marks code run to infer output specs only (Keras' `in_symbolic_scope()` is True)."""

    def __enter__(self):
        _STACKS.symbolic.append(self)
        return self

    def __exit__(self, *exc) -> bool:
        _STACKS.symbolic.remove(self)
        return False


def in_symbolic_scope() -> bool:
    return bool(_STACKS.symbolic)


def get_symbolic_scope():
    return _STACKS.symbolic[-1] if _STACKS.symbolic else None


_REMAT_MODES = ("full", "activations", "larger_than", "list_of_layers", None)


class RematScope:
    """Which layer calls recompute their activations during backprop (`mode`: "full",
    "activations", "larger_than" with `output_size_threshold`, "list_of_layers" with
    `layer_names`, or None). Recomputing changes memory use only: values and gradients are
    the same either way, so here the scope only records the choice."""

    def __init__(self, mode: str | None = "full", output_size_threshold: int = 1024,
                 layer_names=None) -> None:
        if mode not in _REMAT_MODES:
            raise ValueError(f"Invalid mode '{mode}'. Supported modes are: 'full', "
                             "'activations', 'larger_than', 'list_of_layers', or  None.")
        self.mode = mode
        self.output_size_threshold = output_size_threshold
        self.layer_names = list(layer_names or [])

    def __enter__(self):
        _STACKS.remat.append(self)
        return self

    def __exit__(self, *exc) -> bool:
        _STACKS.remat.remove(self)
        return False


def get_current_remat_mode():
    """The innermost RematScope, or None (Keras' name for it)."""
    return _STACKS.remat[-1] if _STACKS.remat else None


def remat(f):
    """`f` with its activations recomputed during backprop (`tf.recompute_grad`)."""
    from fluxion.extras import recompute_grad  # noqa: PLC0415

    return recompute_grad(f)
