"""Top-level helpers about tensors, tracing and gradient registration: ``tf.get_static_value``,
``tf.inside_function``, ``tf.is_symbolic_tensor``, ``tf.get_current_name_scope``,
``tf.RegisterGradient``, ``tf.no_gradient`` and ``tf.DeviceSpec``.
"""
from __future__ import annotations

import re

import numpy as np

from fluxion.core import context
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable


def inside_function() -> bool:
    """True while a `tf.function` is being traced."""
    return STATE.trace is not None


def is_symbolic_tensor(tensor) -> bool:
    """True for a tensor of a graph being traced (not for eager values it captures)."""
    trace = STATE.trace
    return isinstance(tensor, Tensor) and trace is not None and trace.is_dynamic_here(tensor)


def get_static_value(tensor, partial: bool = False):
    """The NumPy value of `tensor` when it is known without running a graph, else None.

    Eager tensors always have one; while tracing, a tensor that depends on the function's
    inputs has none (Fluxion folds any input-independent value, where TF folds a few op types).
    Non-tensors are returned unchanged, variables give None (as in TF)."""
    if isinstance(tensor, Variable):
        return None
    if not isinstance(tensor, Tensor):
        return tensor
    trace = STATE.trace
    if trace is not None and trace.is_dynamic_here(tensor):
        return None
    return np.asarray(tensor._value)


def get_current_name_scope() -> str:
    """The name scope opened by enclosing `tf.name_scope`s, e.g. ``"outer/inner"``."""
    return "/".join(s for s in context._name_stack if s)


# --- gradient registration by op type name -----------------------------------------------------
# TF's gradient registry keyed by op type. Fluxion's ops carry their gradient in their
# definition, so a registration cannot replace a built-in op's vjp: it is stored (for code that
# registers gradients of its own op names, or looks them up) and clashes raise as in TF.
_GRADIENTS: dict[str, object] = {}


def _check_op_type(op_type) -> None:
    from fluxion.core.op import REGISTRY  # noqa: PLC0415

    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    builtin = any(op.tf_name == op_type and op.vjp is not None for op in REGISTRY.values())
    if op_type in _GRADIENTS or builtin:
        raise KeyError(f"Registering two gradient with name '{op_type}'! (Previous "
                       f"registration was in register {__file__})")


class RegisterGradient:
    """Decorator registering a gradient function ``f(op, *grads)`` for ops of type
    `op_type` (``@tf.RegisterGradient("MyOp")``)."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f):
        _check_op_type(self._op_type)
        _GRADIENTS[self._op_type] = f
        return f


def no_gradient(op_type) -> None:
    """Declares that ops of type `op_type` have no gradient."""
    _check_op_type(op_type)
    _GRADIENTS[op_type] = None


def registered_gradient(op_type: str):
    """The function registered for `op_type` (None for `no_gradient`); KeyError if none."""
    return _GRADIENTS[op_type]


# --- DeviceSpec -------------------------------------------------------------------------------
_FIELDS = ("job", "replica", "task", "device_type", "device_index")


class DeviceSpec:
    """A (partial) device placement: ``/job:<j>/replica:<r>/task:<t>/device:<type>:<index>``."""

    def __init__(self, job=None, replica=None, task=None, device_type=None,
                 device_index=None):
        self._job = None if job is None else str(job)
        self._replica = None if replica is None else int(replica)
        self._task = None if task is None else int(task)
        self._device_type = _normalize_type(device_type)
        self._device_index = None if device_index is None else int(device_index)

    job = property(lambda self: self._job)
    replica = property(lambda self: self._replica)
    task = property(lambda self: self._task)
    device_type = property(lambda self: self._device_type)
    device_index = property(lambda self: self._device_index)

    @classmethod
    def from_string(cls, spec: str) -> "DeviceSpec":
        return cls(**_parse(spec))

    def parse_from_string(self, spec: str) -> "DeviceSpec":
        return self.from_string(spec)

    def to_string(self) -> str:
        out = ""
        for key in ("job", "replica", "task"):
            value = getattr(self, key)
            if value is not None:
                out += f"/{key}:{value}"
        if self._device_type is not None:
            index = "*" if self._device_index is None else self._device_index
            out += f"/device:{self._device_type}:{index}"
        return out

    def _fields(self) -> dict:
        return {k: getattr(self, k) for k in _FIELDS}

    def replace(self, **kwargs) -> "DeviceSpec":
        return DeviceSpec(**{**self._fields(), **kwargs})

    def make_merged_spec(self, dev: "DeviceSpec") -> "DeviceSpec":
        """`self` with the fields that `dev` sets taken from `dev`."""
        given = {k: v for k, v in dev._fields().items() if v is not None}
        return self.replace(**given)

    def __eq__(self, other) -> bool:
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self) -> int:
        return hash(self.to_string())

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v}" for k, v in self._fields().items())
        return f"<DeviceSpec({fields})>"


def _normalize_type(device_type):
    if device_type is None:
        return None
    device_type = str(device_type)
    return device_type.upper() if device_type.upper() in ("CPU", "GPU", "TPU") else device_type


def _parse(spec: str) -> dict:
    fields: dict = {}
    for part in (p for p in (spec or "").split("/") if p):
        pieces = part.split(":")
        key = pieces[0].lower()
        if key in ("job", "replica", "task") and len(pieces) == 2:
            fields[key] = pieces[1]
        elif key == "device" and len(pieces) in (2, 3):
            fields["device_type"] = pieces[1]
            if len(pieces) == 3 and pieces[2] != "*":
                fields["device_index"] = pieces[2]
        elif len(pieces) in (1, 2) and re.fullmatch(r"[A-Za-z]+", pieces[0]) \
                and pieces[0].upper() in ("CPU", "GPU", "TPU"):
            fields["device_type"] = pieces[0]
            if len(pieces) == 2 and pieces[1] != "*":
                fields["device_index"] = pieces[1]
        else:
            raise ValueError(f"Unknown attribute '{key}' is encountered while parsing the "
                             f"device spec: '{spec}'.")
    return fields
