"""`Variable`: mutable state usable wherever a tensor is (``tf.Variable``)."""
from __future__ import annotations

import contextlib
import itertools
import sys
import threading

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import (SymbolicArrayError, Tensor, ValueProtocol, numpy_text,
                                 to_array, wrap)

_uid = itertools.count()
CREATED = [0]  # variables made by user code (tf.function checks a trace makes none again)


def _tracing() -> bool:
    from fluxion.core.op import STATE  # noqa: PLC0415 - op imports tensor; avoid a cycle

    return STATE.trace is not None


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


# Variable and its subclasses (Keras' variables): hot paths test `type(x) in VARIABLE_TYPES`,
# as fast as an identity test
VARIABLE_TYPES: set = set()
# functions called with each new Variable (fluxion.distribute adds one while it is imported)
CREATION_HOOKS: list = []
# functions called with a Variable about to be written eagerly (the innermost one only)
WRITE_HOOKS: list = []


# --- variable creator scopes (tf.variable_creator_scope) ----------------------------------------
class _CreatorStack(threading.local):
    def __init__(self) -> None:
        self.creators: list = []  # outermost first


_CREATORS = _CreatorStack()
_ACTIVE = [0]  # scopes open on all threads together
_ACTIVE_LOCK = threading.Lock()
_PLUMBING = frozenset(("_call_through_creators", "_create_through_creators", "build", "<lambda>"))


@contextlib.contextmanager
def variable_creator_scope(variable_creator):
    """``tf.variable_creator_scope``: `Variable(...)` calls made inside go through
    `variable_creator(next_creator, **kwargs)` (innermost scope first), which may change the
    keyword arguments, or return another object instead of calling `next_creator`."""
    _CREATORS.creators.append(variable_creator)
    with _ACTIVE_LOCK:
        _ACTIVE[0] += 1
        if _ACTIVE[0] == 1:  # while no scope is open, `Variable(...)` is plain `type.__call__`
            _VariableMeta.__call__ = _call_through_creators
    try:
        yield
    finally:
        _CREATORS.creators.pop()
        with _ACTIVE_LOCK:
            _ACTIVE[0] -= 1
            if _ACTIVE[0] == 0:
                del _VariableMeta.__call__


def _call_through_creators(cls, *args, **kwargs):
    if _CREATORS.creators and "_creator_call" in cls.__dict__:
        return _create_through_creators(cls, args, kwargs)
    return type.__call__(cls, *args, **kwargs)


def _create_through_creators(cls, args: tuple, kwargs: dict):
    """Runs this thread's creator chain over TF's keyword arguments; the last link builds `cls`
    (classes that take part define `_creator_call`: `Variable`, Keras' variables)."""
    creator_kwargs, build = cls._creator_call(*args, **kwargs)

    def chain(fn, next_creator):
        return lambda **kw: fn(next_creator, **kw)

    creator = build
    for fn in list(_CREATORS.creators):  # outermost first, so the innermost is called first
        creator = chain(fn, creator)
    return creator(**creator_kwargs)


class _VariableMeta(type):
    """`Variable`'s metaclass: gets a `__call__` (the creator chain) while a scope is open."""


class Variable(ValueProtocol, metaclass=_VariableMeta):
    """A mutable tensor. Assignments replace the stored array, so earlier reads stay intact.

    Ops read `_value` directly (like a Tensor); GradientTape watches trainable variables that
    are read inside its context.
    """

    __slots__ = ("_value", "_trainable", "_name", "_shape", "_unique_id", "_constraint",
                 "aggregation", "synchronization", "__weakref__")
    __array_priority__ = 100

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        VARIABLE_TYPES.add(cls)

    def __init__(self, initial_value=None, trainable=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 import_scope=None, constraint=None, synchronization=0, aggregation=0,
                 shape=None, experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified.")
        if callable(initial_value):
            initial_value = initial_value()
        dt = None if dtype is None else as_dtype(dtype)
        if isinstance(initial_value, (Tensor, Variable)) and dt is not None:
            arr = np.asarray(initial_value._value)
            if arr.dtype != dt._np:  # TF converts, never casts, a tensor's value
                raise ValueError(f"initial_value: Tensor conversion requested dtype {dt.name} "
                                 f"for Tensor with dtype "
                                 f"{dtypes.from_numpy(arr.dtype).name}: {initial_value!r}")
        else:
            arr = np.array(to_array(initial_value, dt))
        self._value = arr
        self._shape = TensorShape(arr.shape) if shape is None or validate_shape else \
            TensorShape(shape)
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ
        self._trainable = bool(trainable)
        self._unique_id = next(_uid)
        caller = sys._getframe(1)
        while caller.f_code.co_name in _PLUMBING and caller.f_globals is globals():
            caller = caller.f_back  # (called through a creator scope)
        if not caller.f_globals.get("__name__", "").startswith("fluxion."):
            CREATED[0] += 1  # (fluxion's own variables - seeds, slots - are not the user's)
        self._name = (name or "Variable") + ":0" if not (name or "").endswith(":0") else name
        self._constraint = constraint
        self.aggregation = aggregation
        self.synchronization = synchronization
        for hook in CREATION_HOOKS:  # e.g. a distribution strategy mirroring its variables
            hook(self)

    @classmethod
    def _creator_call(cls, initial_value=None, trainable=None, validate_shape=True,
                      caching_device=None, name=None, variable_def=None, dtype=None,
                      import_scope=None, constraint=None, synchronization=0, aggregation=0,
                      shape=None, experimental_enable_variable_lifting=None):
        """TF's creator keyword arguments for this call, and the creator that builds it."""
        kwargs = dict(initial_value=initial_value, trainable=trainable,
                      validate_shape=validate_shape, caching_device=caching_device, name=name,
                      variable_def=variable_def, dtype=dtype, import_scope=import_scope,
                      constraint=constraint, synchronization=synchronization,
                      aggregation=aggregation, shape=shape,
                      experimental_enable_variable_lifting=experimental_enable_variable_lifting)

        def build(**kw):
            if kw.get("experimental_enable_variable_lifting") is None:
                kw.pop("experimental_enable_variable_lifting", None)
            return type.__call__(cls, **kw)

        return kwargs, build

    # --- metadata ----------------------------------------------------------------------------
    @property
    def dtype(self):
        return dtypes.from_numpy(self._value.dtype)

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape) if self._shape.is_fully_defined() else self._shape

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def name(self) -> str:
        return self._name

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def device(self) -> str:
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    # --- reading -----------------------------------------------------------------------------
    def value(self) -> Tensor:
        """A snapshot of the current value, as a Tensor (recorded by tapes like any read)."""
        from fluxion.core.op import STATE  # noqa: PLC0415 - op imports tensor; avoid a cycle

        if STATE.tapes or STATE.trace is not None:
            from fluxion.ops import array_ops  # noqa: PLC0415

            return array_ops.identity(self)
        return wrap(self._value)

    read_value = value

    def numpy(self):
        if _tracing():  # the graph reads the variable when it runs: no value to give now
            raise SymbolicArrayError("numpy() is only available when eager execution is "
                                     "enabled (a variable read while tracing a function).")
        return np.array(self._value)

    # --- writing -----------------------------------------------------------------------------
    def _new_value(self, value, op: str):
        arr = to_array(value, None) if not isinstance(value, (Tensor, Variable)) else \
            np.asarray(value._value)
        if arr.dtype != self._value.dtype:
            if isinstance(value, (Tensor, Variable)):
                got = dtypes.from_numpy(arr.dtype).name
                raise ValueError(f"Variable.{op}: cannot assign a {got}"
                                 f" value to a {self.dtype.name} variable {self._name!r}")
            arr = to_array(value, self.dtype)
        if arr.shape != self._value.shape and self._shape.is_fully_defined():
            raise ValueError(f"Variable.{op}: cannot assign a value of shape {list(arr.shape)} to "
                             f"variable {self._name!r} of shape {list(self._value.shape)}")
        return arr

    def _commit(self, arr, read_value: bool):
        if WRITE_HOOKS:  # e.g. a Keras StatelessScope keeping the value from before the scope
            WRITE_HOOKS[-1](self)
        self._value = np.asarray(arr)
        return self if read_value else None

    def assign(self, value, use_locking=False, name=None, read_value=True):
        if _tracing():
            return self._traced_assign(value, None, read_value)
        return self._commit(np.array(self._new_value(value, "assign")), read_value)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        if _tracing():
            return self._traced_assign(delta, "add", read_value)
        return self._commit(self._value + self._new_value(delta, "assign_add"), read_value)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        if _tracing():
            return self._traced_assign(delta, "subtract", read_value)
        return self._commit(self._value - self._new_value(delta, "assign_sub"), read_value)

    def _traced_assign(self, value, combine: str | None, read_value: bool):
        """Inside a graph trace the update is built from ops and recorded as an assignment."""
        from fluxion.core.op import STATE  # noqa: PLC0415
        from fluxion.ops import math_ops  # noqa: PLC0415

        self._new_value(value, "assign" if combine is None else f"assign_{combine[:3]}")
        new = value if combine is None else getattr(math_ops, combine)(self, value)
        STATE.trace.assign_variable(self, new)
        return self if read_value else None

    def scatter_nd_update(self, indices, updates, name=None):
        arr = np.array(self._value)
        idx = np.asarray(indices._value if hasattr(indices, "_value") else indices)
        upd = np.asarray(updates._value if hasattr(updates, "_value") else updates)
        arr[tuple(np.moveaxis(idx, -1, 0))] = upd
        return self._commit(arr, True)

    def __repr__(self) -> str:
        return (f"<tf.Variable '{self._name}' shape={self.shape} dtype={self.dtype.name}, "
                f"numpy={numpy_text(self._value)}>")

    def __hash__(self):
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key.")

    def __iter__(self):
        return iter(self.value())

    def __deepcopy__(self, memo):
        return Variable(np.array(self._value), trainable=self._trainable,
                        name=self._name[:-2] if self._name.endswith(":0") else self._name)

    def ref(self):
        from fluxion.core.tensor import _TensorRef  # noqa: PLC0415

        return _TensorRef(self)

    def set_shape(self, shape) -> None:
        self._shape = TensorShape(shape)


VARIABLE_TYPES.add(Variable)


