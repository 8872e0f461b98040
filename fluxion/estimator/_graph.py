"""The "graph" of one Estimator call: the variables a model_fn creates, by name, and their values.

TensorFlow builds a new graph for every `train`, `evaluate`, `predict` and export, calls the
model_fn in it, and restores the variables by name from the latest checkpoint. Fluxion does the
same with a `GraphScope`: while it is active, every new `Variable` is registered under its
TF-style graph name (``dense/kernel``, ``global_step``; a repeated name gets ``_1``, ``_2``,
... as in a TF graph) and takes its value *when it is created*:

- from the checkpoint being restored (a missing name is a NotFoundError, as TF's restore);
- else from the warm-start checkpoint (WarmStartSettings), else its initializer.

Each call of the model_fn (one per `fluxion.function` trace, one per replica under a
distribution strategy) is an *invocation* whose names restart, so the same model code creates
the same names each time. The first variable of a name is the *primary*; later ones of the same
name (another trace, another replica) are made aliases that read and write the primary's
storage, the way TF replicas reuse the variables replica 0 created. Metric accumulators (Keras
metrics, `compat.v1.metrics`) and random-seed state are *local* variables, as TF's
LOCAL_VARIABLES: never saved or restored.
"""
from __future__ import annotations

import contextlib
import os
import random
import sys
import threading
import weakref
from typing import Self

import numpy as np

from fluxion import errors
from fluxion.core.variable import CREATION_HOOKS, Variable
from fluxion.train import _ckpt_format
from fluxion.train.checkpoint_management import CheckpointManager

_STACK: list = []  # active scopes, innermost last (process-wide: replica threads share them)
_SLOT = Variable.__dict__["_value"]  # the storage slot of every Variable
_ALIAS_CLASSES: dict = {}
_PRIMARY_CLASSES: dict = {}


def current() -> GraphScope | None:
    """The innermost active GraphScope, or None outside Estimator calls."""
    return _STACK[-1] if _STACK else None


# --- aliases -----------------------------------------------------------------------------------
class _SyncNames:
    """The behaviour of a graph's variables (primaries and aliases):
    - while tracing, an assignment to one variable of a shared group (a primary and its
      aliases) rebinds the others to the assigned value, so every replica reads it;
    - outside TRAIN, assignments to model variables do nothing: TF never runs the train op in
      EVAL / PREDICT graphs, so a model_fn that builds one anyway leaves the model unchanged
      (metric accumulators, local variables, still update)."""

    __slots__ = ()

    def _traced_assign(self, value, combine, read_value):
        if _frozen(self):
            return self if read_value else None
        result = super()._traced_assign(value, combine, read_value)
        _sync_trace_names(self)
        return result

    def _commit(self, arr, read_value: bool):
        if _frozen(self):
            return self if read_value else None
        return super()._commit(arr, read_value)


def _frozen(variable) -> bool:
    scope = current()
    return scope is not None and scope.mode != "train" and \
        id(primary_of(variable)) not in scope.local_ids


def _alias_class(base: type) -> type:
    """A subclass of `base` whose value lives in another variable: the alias's own storage slot
    holds that primary variable."""
    if base not in _ALIAS_CLASSES:
        def get(self):
            return _SLOT.__get__(self)._value

        def put(self, value):
            _SLOT.__get__(self)._value = value

        _ALIAS_CLASSES[base] = type("Shared" + base.__name__, (_SyncNames, base), {
            "__slots__": (), "_value": property(get, put), "__module__": __name__,
            "_fluxion_alias": True})
    return _ALIAS_CLASSES[base]


def _primary_class(base: type) -> type:
    if issubclass(base, _SyncNames):
        return base
    if base not in _PRIMARY_CLASSES:
        _PRIMARY_CLASSES[base] = type(base.__name__, (_SyncNames, base), {
            "__slots__": (), "__module__": base.__module__})
    return _PRIMARY_CLASSES[base]


def _make_alias(variable: Variable, primary: Variable) -> None:
    variable.__class__ = _alias_class(type(variable))
    _SLOT.__set__(variable, primary)


def _sync_trace_names(variable) -> None:
    from fluxion.core.op import STATE

    tracer, scope = STATE.trace, current()
    if tracer is None or tracer.parent is not None or scope is None:
        return
    group = scope.groups.get(id(primary_of(variable)))
    if group is None:
        return
    for ref in group:
        other = ref()
        if other is not None and other is not variable:
            tracer.alias(other, variable)


def primary_of(variable: Variable) -> Variable:
    """The variable whose storage `variable` uses (itself unless it is an alias)."""
    # (a subclass too: a strategy may make the alias class mirrored after we made it)
    if getattr(type(variable), "_fluxion_alias", False):
        return _SLOT.__get__(variable)
    return variable


def _graph_name(variable: Variable) -> str:
    name = variable._name
    return name.removesuffix(":0")


def _created_by_metric() -> bool:
    """Whether the variable being created belongs to a Keras Metric (a local variable)."""
    base = sys.modules.get("fluxion.keras.metrics.base")
    if base is None:
        return False
    frame = sys._getframe(2)
    for _ in range(6):
        if frame is None:
            return False
        owner = frame.f_locals.get("self")
        if isinstance(owner, base.Metric):
            return True
        frame = frame.f_back
    return False


class _Invocation:
    """One call of the model_fn: its name counts and the variables it created (in order)."""

    def __init__(self) -> None:
        self.counts: dict = {}
        self.created: list = []
        self.tape = None  # the GradientTape recording a TRAIN model_fn

    def unique(self, base: str) -> str:
        n = self.counts.get(base, 0)
        self.counts[base] = n + 1
        return base if n == 0 else f"{base}_{n}"


def _on_variable_created(variable: Variable) -> None:
    scope = current()
    if scope is not None and not scope.frozen:
        scope.register(variable)


class GraphScope:
    """See the module docstring. `restore` is a CheckpointReader (or None); `warm_start` an
    object with `value_for(name, variable)` returning an array or None."""

    def __init__(self, mode: str, restore=None, warm_start=None, seed=None) -> None:
        self.mode = mode
        self.restore = restore
        self.restored_from = None if restore is None else restore.prefix
        self.warm_start = warm_start
        self.seed = seed
        self.primaries: dict = {}
        self.created_values: dict = {}  # name -> value right after creation (and restore)
        # id(primary) -> weak references to [primary, its aliases...] (an eagerly run model_fn
        # makes new aliases at every step: the dead ones are dropped)
        self.groups: dict = {}
        self.local: set = set()
        self.local_ids: set = set()
        self.trainable: set = set()
        self._tls = threading.local()
        self._default = _Invocation()
        self.global_step = None
        self.frozen = False  # variables created while frozen are not registered
        self.value_fns: dict = {}  # id(metric value tensor) -> callable giving its final value
        self.loss_scaled_by_optimizer = False
        self.collections: dict = {}
        self._saved_names = None
        self._saved_seed = None
        self._graph_seed_state = None
        self.saver = None

    # --- activation ----------------------------------------------------------------------------
    def __enter__(self) -> Self:
        """Activates the scope (again: a predict generator activates it around each step).
        Keras name counters of the caller are kept aside; with a seed (RunConfig.tf_random_seed,
        TF's graph-level seed) so is the caller's random state."""
        if _on_variable_created not in CREATION_HOOKS:
            CREATION_HOOKS.append(_on_variable_created)
        naming = sys.modules.get("fluxion.keras.utils.naming")
        self._saved_names = None if naming is None else dict(naming._COUNTS)
        if self.seed is not None:
            self._saved_seed = _seed_state()
        if self._graph_seed_state is not None:
            _restore_seed_state(self._graph_seed_state)
        elif self.seed is not None:
            from fluxion.ops import random_ops

            random_ops.set_seed(self.seed)
            random.seed(self.seed)  # Keras draws unseeded initializers' seeds from `random`
        _STACK.append(self)
        return self

    def __exit__(self, *exc) -> None:
        _STACK.remove(self)
        naming = sys.modules.get("fluxion.keras.utils.naming")
        if naming is not None:  # Keras names used inside the graph do not leak out of it
            naming._COUNTS.clear()
            naming._COUNTS.update(self._saved_names or {})
        if self.seed is not None:
            self._graph_seed_state = _seed_state()
            _restore_seed_state(self._saved_seed)

    def invocation(self) -> _Invocation:
        return getattr(self._tls, "invocation", None) or self._default

    @contextlib.contextmanager
    def model_fn_call(self):
        """A new invocation (names restart, Keras layer names too) for this thread."""
        previous = getattr(self._tls, "invocation", None)
        self._tls.invocation = inv = _Invocation()
        naming = sys.modules.get("fluxion.keras.utils.naming")
        if naming is not None:
            naming._COUNTS.clear()
        try:
            yield inv
        finally:
            self._tls.invocation = previous

    # --- registration --------------------------------------------------------------------------
    def register(self, variable: Variable) -> None:
        inv = self.invocation()
        name = inv.unique(_graph_name(variable))
        inv.created.append(variable)
        primary = self.primaries.get(name)
        if primary is not None:
            if tuple(primary.shape) != tuple(variable.shape) or primary.dtype != variable.dtype:
                raise ValueError(
                    f"Variable {name!r} was created again with shape {tuple(variable.shape)} "
                    f"{variable.dtype.name}, but it exists with shape {tuple(primary.shape)} "
                    f"{primary.dtype.name}: a model_fn must create the same variables each "
                    f"time it is called")
            _make_alias(variable, primary)
            group = self.groups[id(primary)]
            group[:] = [ref for ref in group if ref() is not None]
            group.append(weakref.ref(variable))
            return
        variable.__class__ = _primary_class(type(variable))
        self.groups[id(variable)] = [weakref.ref(variable)]
        self.primaries[name] = variable
        if variable.trainable:
            self.trainable.add(name)
        if name.startswith("random_seed_state") or _created_by_metric():
            self.local.add(name)
            self.local_ids.add(id(variable))
        else:
            self._initialize(name, variable)
        self.created_values[name] = variable._value

    def mark_local(self, variable: Variable) -> None:
        """Declares a variable local: not saved, not restored, updated in every mode."""
        target = primary_of(variable)
        for name, v in self.primaries.items():
            if v is target:
                self.local.add(name)
                self.local_ids.add(id(v))

    def _initialize(self, name: str, variable: Variable) -> None:
        value = None
        if self.restore is not None:
            if not self.restore.has_tensor(name):
                raise errors.NotFoundError(
                    None, None, f"Restoring from checkpoint failed: Key {name} not found in "
                    f"checkpoint {self.restore.prefix} (the model_fn creates a variable the "
                    f"checkpoint does not have)")
            value = self.restore.read_array(name)
        elif self.warm_start is not None:
            value = self.warm_start.value_for(name, variable)
        if value is None:
            return
        if tuple(value.shape) != tuple(variable.shape):
            raise errors.InvalidArgumentError(
                f"Restoring from checkpoint failed: variable {name} has shape "
                f"{list(variable.shape)} in the model but {list(value.shape)} in the "
                f"checkpoint {self.restored_from or 'warm-start checkpoint'}")
        variable._value = np.array(value, dtype=variable._value.dtype)

    def owns(self, variable) -> bool:
        """Whether `variable` is one of this graph's variables (a primary or an alias)."""
        target = primary_of(variable)
        return any(v is target for v in self.primaries.values())

    # --- queries -------------------------------------------------------------------------------
    def trainable_variables(self) -> list:
        """The trainable variables as this invocation sees them (its own objects, aliases
        included), after those created outside any model_fn call."""
        inv = self.invocation()
        seen = [v for v in self._default.created if v.trainable]
        if inv is not self._default:
            seen += [v for v in inv.created if v.trainable]
        return seen

    def global_variables(self) -> list:
        inv = self.invocation()
        out = list(self._default.created)
        if inv is not self._default:
            out += inv.created
        return [v for v in out if not self._is_local(v)]

    def _is_local(self, variable) -> bool:
        target = primary_of(variable)
        return any(v is target and n in self.local for n, v in self.primaries.items())

    def tensors_to_save(self) -> dict:
        return {name: np.asarray(v._value) for name, v in self.primaries.items()
                if name not in self.local}


def _seed_state():
    """The random state a graph seed sets: fluxion's op seeds and Python's `random`."""
    from fluxion.ops import random_ops

    seeds = random_ops._SEEDS
    return seeds.global_seed, seeds.implicit, dict(seeds.counts), random.getstate()


def _restore_seed_state(state) -> None:
    from fluxion.ops import random_ops

    seeds = random_ops._SEEDS
    seeds.global_seed, seeds.implicit = state[0], state[1]
    seeds.counts.clear()
    seeds.counts.update(state[2])
    random.setstate(state[3])


# --- saving ------------------------------------------------------------------------------------
class _Counter:
    """Stands in for Checkpoint.save_counter: the manager numbers files by global step."""

    def assign_add(self, delta) -> None:
        pass


class _NameBasedCheckpoint:
    """What CheckpointManager saves: the scope's variables keyed by graph name (as TF1's
    Saver), written with fluxion.train's atomic writer."""

    def __init__(self, scope: GraphScope) -> None:
        self.scope = scope
        self.save_counter = _Counter()

    def write(self, prefix: str, options=None) -> str:
        if prefix == self.scope.restored_from and _ckpt_format.exists(prefix):
            return prefix  # just restored from it: rewriting could only lose it in a crash
        _ckpt_format.write(prefix, self.scope.tensors_to_save(), [])
        return prefix


class Saver:
    """Writes ``<dir>/<basename>-<global step>`` checkpoints and keeps the newest
    `max_to_keep` (None or 0: all) in the folder's `checkpoint` state file."""

    def __init__(self, scope: GraphScope, max_to_keep=5, keep_checkpoint_every_n_hours=10000.0):
        self.scope = scope
        self.max_to_keep = max_to_keep or None
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._managers: dict = {}

    def save(self, sess, save_path, global_step=None, **kwargs) -> str:
        directory, basename = os.path.split(os.fspath(save_path))
        key = (directory, basename)
        if key not in self._managers:
            self._managers[key] = CheckpointManager(
                _NameBasedCheckpoint(self.scope), directory or ".", self.max_to_keep,
                keep_checkpoint_every_n_hours=self.keep_checkpoint_every_n_hours,
                checkpoint_name=basename)
        step = 0 if global_step is None else int(np.asarray(getattr(
            global_step, "_value", global_step)))
        return self._managers[key].save(checkpoint_number=step)
