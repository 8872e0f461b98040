"""``tf.distribute`` strategies on one machine: the default strategy and `MirroredStrategy`.

`MirroredStrategy.run(fn)` runs `fn` once per replica, each in its own thread. By default the
replicas take turns (one runs until it reaches a merge point - an all-reduce or a mirrored
variable's update - then the next): results are deterministic, Python state that is not
thread-safe (Keras name counters, name scopes) stays consistent, and a `tf.function` trace can
record all replicas into one graph. `MirroredStrategy(..., _parallel=True)` lets eager replicas
run at the same time instead (NumPy releases the GIL in its large kernels).
"""
from __future__ import annotations

import contextlib
import threading

from fluxion import config
from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.variable import CREATION_HOOKS
from fluxion.distribute import values as dv
from fluxion.distribute.values import PerReplica, ReduceOp, as_reduce_op

_SCOPES: list = []  # entered strategy scopes, innermost last (process-wide, as in TF)


class _Aborted(RuntimeError):
    """Raised in replicas waiting at a merge point when another replica failed."""


class _Rendezvous:
    """The merge points of one `run`: every replica hands in a value, the last to arrive
    combines them (once), and all replicas continue with the result."""

    def __init__(self, count: int, serial: bool) -> None:
        self._count, self._serial = count, serial
        self._cond = threading.Condition(threading.RLock())
        self._slots: list = [None] * count
        self._arrived = 0
        self._generation = 0
        self._result = None
        self._error: BaseException | None = None
        self._aborted = False
        self._finished = 0

    @contextlib.contextmanager
    def turn(self):
        """A replica's whole run; in serial mode it holds the lock except while waiting."""
        if not self._serial:
            yield
            return
        with self._cond:
            yield

    def exchange(self, replica_id: int, value, combine):
        with self._cond:
            if self._aborted:
                raise _Aborted("another replica failed")
            generation = self._generation
            self._slots[replica_id] = value
            self._arrived += 1
            if self._arrived == self._count:
                self._finish(combine)
            else:
                while self._generation == generation and not self._aborted:
                    if self._finished:
                        self._aborted = True
                        self._cond.notify_all()
                        raise RuntimeError("The replicas of a `strategy.run` reached different "
                                           "numbers of merge points (all_reduce, merge_call, "
                                           "mirrored variable updates)")
                    self._cond.wait()
            if self._aborted:
                raise _Aborted("another replica failed")
            if self._error is not None:
                raise self._error
            return self._result

    def _finish(self, combine) -> None:
        values, self._slots = list(self._slots), [None] * self._count
        self._arrived, self._error, self._result = 0, None, None
        saved, STATE.tapes = STATE.tapes, []  # merge results are not differentiated
        try:
            self._result = combine(values)
        except Exception as exc:  # noqa: BLE001 - re-raised in every replica
            self._error = exc
        finally:
            STATE.tapes = saved
        self._generation += 1
        self._cond.notify_all()

    def leave(self) -> None:
        with self._cond:
            self._finished += 1
            self._cond.notify_all()

    def abort(self) -> None:
        with self._cond:
            self._aborted = True
            self._cond.notify_all()


def _reduce_values(reduce_op: ReduceOp, values: list):
    from fluxion.ops import math_ops  # noqa: PLC0415 - fluxion.ops imports much

    total = values[0]
    for v in values[1:]:
        total = math_ops.add(total, v)
    if reduce_op is ReduceOp.MEAN:
        total = math_ops.truediv(total, math_ops.cast(len(values), total.dtype))
    return total


def _to_tensor(value):
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415

    return convert_to_tensor(value)


class ReplicaContext:
    """``tf.distribute.get_replica_context()`` inside `run`: this replica's id and the
    collective operations between replicas."""

    def __init__(self, strategy, replica_id: int, rendezvous: _Rendezvous | None) -> None:
        self._strategy = strategy
        self._replica_id = replica_id
        self._rendezvous = rendezvous

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self) -> int:
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        from fluxion.core.tensor import constant  # noqa: PLC0415

        return constant(self._replica_id, "int32")

    @property
    def devices(self) -> tuple:
        return (self._strategy.extended.worker_devices[self._replica_id],)

    def _combine(self, reduce_op: ReduceOp, values: list):
        """Reduces the replicas' values (each a nest of the same structure) leaf by leaf."""
        flats = [nest.flatten(v) for v in values]
        merged = [None if flats[0][i] is None else  # e.g. a variable's missing gradient
                  _reduce_values(reduce_op, [_to_tensor(f[i]) for f in flats])
                  for i in range(len(flats[0]))]
        return nest.pack_sequence_as(values[0], merged)

    def all_reduce(self, reduce_op, value, options=None):
        """Combines `value` (a nest of tensors) over all replicas; every replica gets the result."""
        reduce_op = as_reduce_op(reduce_op)
        if self._rendezvous is None:
            return nest.map_structure(_to_tensor, value)
        from fluxion.ops import array_ops  # noqa: PLC0415

        merged = self._rendezvous.exchange(
            self._replica_id, value, lambda values: self._combine(reduce_op, values))
        # each replica gets its own tensors (in TF each lives on the replica's device)
        return nest.map_structure(lambda t: None if t is None else array_ops.identity(t),
                                  merged)

    def merge_call(self, merge_fn, args=(), kwargs=None):
        """Calls `merge_fn(strategy, *args)` once, with each argument a PerReplica of the
        replicas' values; every replica gets its result."""
        kwargs = kwargs or {}
        if self._rendezvous is None:
            return merge_fn(self._strategy, *args, **kwargs)

        def merge(values):
            per = [PerReplica(vs) for vs in zip(*[v[0] for v in values])]
            kw = {k: PerReplica([v[1][k] for v in values]) for k in kwargs}
            return merge_fn(self._strategy, *per, **kw)

        return self._rendezvous.exchange(self._replica_id, (tuple(args), dict(kwargs)), merge)


# --- strategies --------------------------------------------------------------------------------
class StrategyExtended:
    def __init__(self, strategy, devices: tuple) -> None:
        self._strategy = strategy
        self.worker_devices = devices
        self.parameter_devices = devices

    def variable_created_in_scope(self, v) -> bool:
        return dv.is_mirrored(v) if self._strategy is not _DEFAULT else True


class Strategy:
    """``tf.distribute.Strategy``: the API shared by the default and mirrored strategies."""

    def __init__(self, devices: tuple) -> None:
        self._devices = tuple(devices)
        self._extended = StrategyExtended(self, self._devices)

    @property
    def extended(self) -> StrategyExtended:
        return self._extended

    @property
    def num_replicas_in_sync(self) -> int:
        return len(self._devices)

    @contextlib.contextmanager
    def scope(self):
        """Variables created inside are mirrored; `get_strategy()` returns this strategy."""
        if _SCOPES and _SCOPES[-1] is not self and self is not _DEFAULT:
            raise RuntimeError("Mixing different tf.distribute.Strategy objects: "
                             f"{self!r} is not {_SCOPES[-1]!r}")
        _SCOPES.append(self)
        try:
            yield self
        finally:
            _SCOPES.pop()

    def run(self, fn, args=(), kwargs=None, options=None):
        """Runs `fn(*args, **kwargs)` once per replica; PerReplica arguments give each replica
        its own component. Returns PerReplica values (one value where all replicas returned
        the same object)."""
        kwargs = kwargs or {}
        count = self.num_replicas_in_sync
        pick = [_select(i, (args, kwargs)) for i in range(count)]
        if count == 1:
            return _run_one(fn, self, 0, None, *pick[0])
        rendezvous = _Rendezvous(count, serial=not (self._parallel and STATE.trace is None))
        results, errors = [None] * count, [None] * count
        trace, binding = STATE.trace, STATE.binding

        def work(i: int) -> None:
            STATE.trace, STATE.binding = trace, binding
            with rendezvous.turn():
                try:
                    results[i] = _run_one(fn, self, i, rendezvous, *pick[i])
                except BaseException as exc:  # noqa: BLE001 - re-raised by the caller
                    errors[i] = exc
                    rendezvous.abort()
                finally:
                    rendezvous.leave()

        threads = [threading.Thread(target=work, args=(i,), name=f"replica_{i}", daemon=True)
                   for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        failed = [e for e in errors if e is not None]
        if failed:
            raise next((e for e in failed if not isinstance(e, _Aborted)), failed[0])
        return _regroup(results)

    def reduce(self, reduce_op, value, axis=None):
        """Combines a PerReplica value over the replicas; with `axis`, also over that axis of
        each replica's value (MEAN then divides by the total count along it)."""
        from fluxion.ops import math_ops, reduce_ops  # noqa: PLC0415

        reduce_op = as_reduce_op(reduce_op)
        parts = self.experimental_local_results(value)
        if (not isinstance(value, dv.DistributedValues) and reduce_op is ReduceOp.SUM
                and self.num_replicas_in_sync > 1):
            raise ValueError(f"A non-DistributedValues value {value} cannot be reduced with the "
                             f"given reduce op {reduce_op}.")
        parts = [_to_tensor(p) for p in parts]
        if axis is None:
            return _reduce_values(reduce_op, parts) if len(parts) > 1 else parts[0]
        sums = [reduce_ops.reduce_sum(p, axis=axis) for p in parts]
        total = _reduce_values(ReduceOp.SUM, sums)
        if reduce_op is ReduceOp.MEAN:
            count = sum(int(p.shape[axis]) for p in parts)
            total = math_ops.truediv(total, math_ops.cast(count, total.dtype))
        return total

    def experimental_local_results(self, value) -> tuple:
        if isinstance(value, dv.DistributedValues):
            return value.values
        return (value,)

    def gather(self, value, axis):
        from fluxion.ops import array_ops  # noqa: PLC0415

        return array_ops.concat([_to_tensor(p) for p in self.experimental_local_results(value)],
                                axis)

    def experimental_distribute_dataset(self, dataset, options=None):
        from fluxion.distribute.input import DistributedDataset  # noqa: PLC0415

        return DistributedDataset(dataset, self.num_replicas_in_sync)

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        from fluxion.distribute.input import DistributedDatasetsFromFunction  # noqa: PLC0415

        return DistributedDatasetsFromFunction(dataset_fn, self.num_replicas_in_sync)


def _select(i: int, s):
    """Replica i's view of a nest that may hold PerReplica values."""
    if isinstance(s, dv.DistributedValues):
        return s[i]
    if isinstance(s, dict):
        return type(s)((k, _select(i, v)) for k, v in s.items())
    if isinstance(s, tuple) and hasattr(type(s), "_fields"):
        return type(s)(*[_select(i, v) for v in s])
    if isinstance(s, (list, tuple)):
        return type(s)(_select(i, v) for v in s)
    return s


def _run_one(fn, strategy, i: int, rendezvous, args, kwargs):
    saved = dv.current_replica()
    dv._TLS.replica = ReplicaContext(strategy, i, rendezvous)
    try:
        return fn(*args, **kwargs)
    finally:
        dv._TLS.replica = saved


def _same(values) -> bool:
    """Whether the replicas returned one object (a variable, a merge_call result)."""
    first = values[0]
    return not isinstance(first, (list, tuple, dict)) and all(v is first for v in values)


def _regroup(results: list):
    first = results[0]
    if _same(results):
        return first
    flats = [nest.flatten(r) for r in results]
    leaves = [f[0] if _same(f) else PerReplica(f) for f in zip(*flats)]
    return nest.pack_sequence_as(first, leaves)


def _device_name(name: str) -> str:
    spec = name.upper().split("DEVICE:")[-1].lstrip("/")
    kind, _, index = spec.partition(":")
    return f"/job:localhost/replica:0/task:0/device:{kind}:{index or 0}"


class MirroredStrategy(Strategy):
    """One replica per logical device, all in this process; variables created in `scope()`
    are mirrored (one shared value, updated once per merge point)."""

    def __init__(self, devices=None, cross_device_ops=None, _parallel: bool = False) -> None:
        if devices is None:
            devices = [d.name for d in config.list_logical_devices("CPU")]
        else:
            config.list_logical_devices()  # initializes the logical devices, as TF does
        if isinstance(devices, str):
            devices = [devices]
        if not devices:
            raise ValueError("Got an empty `devices` list.")
        names = tuple(_device_name(d) for d in devices)
        if len(set(names)) != len(names):
            raise ValueError(f"No duplicates allowed in `devices` argument: {list(devices)}")
        super().__init__(names)
        self._parallel = bool(_parallel)


class OneDeviceStrategy(MirroredStrategy):
    def __init__(self, device) -> None:
        super().__init__([device])


class _DefaultDistributionStrategy(Strategy):
    def __init__(self) -> None:
        super().__init__(("/job:localhost/replica:0/task:0/device:CPU:0",))


_DEFAULT = _DefaultDistributionStrategy()
_DEFAULT_REPLICA = ReplicaContext(_DEFAULT, 0, None)


# --- the current strategy and context ------------------------------------------------------------
_SET: list = []  # the strategy experimental_set_strategy made current


def experimental_set_strategy(strategy) -> None:
    """Makes `strategy` current outside any `scope()` (None: no strategy again)."""
    while _SET:
        old = _SET.pop()
        if old in _SCOPES:
            _SCOPES.remove(old)
    if strategy is not None:
        if _SCOPES:
            raise RuntimeError("Must not be called inside a `tf.distribute.Strategy` scope.")
        _SCOPES.append(strategy)
        _SET.append(strategy)


def get_strategy() -> Strategy:
    ctx = dv.current_replica()
    if ctx is not None:
        return ctx.strategy
    return _SCOPES[-1] if _SCOPES else _DEFAULT


def has_strategy() -> bool:
    return get_strategy() is not _DEFAULT


def get_replica_context():
    """This replica's context inside `run`; None in a strategy's scope (cross-replica
    context); the default replica context otherwise."""
    ctx = dv.current_replica()
    if ctx is not None:
        return ctx
    return None if _SCOPES and _SCOPES[-1] is not _DEFAULT else _DEFAULT_REPLICA


def in_cross_replica_context() -> bool:
    return get_replica_context() is None


def get_cross_replica_context():
    return get_strategy() if in_cross_replica_context() else None


# --- mirrored variables: Variables created in a strategy's scope switch to their mirrored class
def _mirror_in_scope(variable) -> None:
    strategy = get_strategy()
    if strategy is not _DEFAULT and not dv.is_mirrored(variable):
        variable.__class__ = dv.mirrored_class(type(variable))


if _mirror_in_scope not in CREATION_HOOKS:
    CREATION_HOOKS.append(_mirror_in_scope)
