"""Distributed values: `PerReplica` (one value per replica), `ReduceOp`, and mirrored variables.

A mirrored variable keeps ONE array that every replica reads (all replicas share the process, so
copies would only have to be kept equal). A write made inside `strategy.run` is a merge point:
each replica hands its value in, the values are combined by the variable's aggregation (SUM,
MEAN; NONE and ONLY_FIRST_REPLICA keep replica 0's value, the value TF reads back) and the
update is applied once. Writes outside `run` (cross-replica context) apply directly.
"""
from __future__ import annotations

import enum
import threading

from fluxion.core.variable import Variable, VariableAggregation


class ReduceOp(enum.Enum):
    """``tf.distribute.ReduceOp``: how values from the replicas are combined."""

    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation) -> ReduceOp:
        mapping = {VariableAggregation.SUM: ReduceOp.SUM, VariableAggregation.MEAN: ReduceOp.MEAN,
                   "sum": ReduceOp.SUM, "mean": ReduceOp.MEAN}
        if aggregation not in mapping:
            raise ValueError(f"Could not convert from `tf.VariableAggregation` {aggregation} to"
                             " `tf.distribute.ReduceOp` type")
        return mapping[aggregation]


def as_reduce_op(reduce_op) -> ReduceOp:
    if isinstance(reduce_op, ReduceOp):
        return reduce_op
    if isinstance(reduce_op, str) and reduce_op.upper() in ("SUM", "MEAN"):
        return ReduceOp[reduce_op.upper()]
    raise ValueError(f"Unsupported reduce op {reduce_op!r}: use tf.distribute.ReduceOp.SUM or"
                     " MEAN")


class DistributedValues(tuple):
    """Base of values that hold one component per replica.

    A tuple of the components, so that `tf.function` (through `tf.nest`) traces a PerReplica
    argument as its tensors and reuses the trace for the next batch, as TF does with its
    composite type specs."""

    def __new__(cls, values):
        return super().__new__(cls, values)

    @property
    def values(self) -> tuple:
        return tuple(self)

    def __repr__(self) -> str:
        body = ",\n".join(f"  {i}: {v!r}" for i, v in enumerate(self))
        return f"{type(self).__name__}:{{\n{body}\n}}"

    __str__ = __repr__


class PerReplica(DistributedValues):
    """Values that differ per replica (a replica's batch, its loss...)."""


# --- the current replica (per thread) -------------------------------------------------------------
_TLS = threading.local()


def current_replica():
    """The ReplicaContext of the replica this thread runs, or None outside `strategy.run`."""
    return getattr(_TLS, "replica", None)


def _aggregation_name(aggregation) -> str:
    names = {VariableAggregation.NONE: "none", VariableAggregation.SUM: "sum",
             VariableAggregation.MEAN: "mean", VariableAggregation.ONLY_FIRST_REPLICA:
             "only_first_replica"}
    return names.get(aggregation, str(aggregation).lower())


class MirroredMixin:
    """Makes writes inside `strategy.run` merge points (see the module docstring)."""

    __slots__ = ()

    def assign(self, value, use_locking=False, name=None, read_value=True):
        return self._mirrored_update("assign", value, read_value)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return self._mirrored_update("assign_add", delta, read_value)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return self._mirrored_update("assign_sub", delta, read_value)

    def _mirrored_update(self, method: str, value, read_value: bool):
        base = getattr(super(), method)
        ctx = current_replica()
        if ctx is None or ctx.num_replicas_in_sync == 1:
            return base(value, read_value=read_value)
        how = _aggregation_name(self.aggregation)

        def apply(values):
            if how in ("sum", "mean"):
                merged = ctx._combine(ReduceOp.SUM if how == "sum" else ReduceOp.MEAN, values)
            else:
                merged = values[0]
            return base(merged, read_value=False)

        ctx._rendezvous.exchange(ctx._replica_id, value, apply)
        return self if read_value else None


_MIRRORED_CLASSES: dict = {}


def mirrored_class(cls: type) -> type:
    """The mirrored subclass of a Variable class (same layout, so instances can switch)."""
    if issubclass(cls, MirroredMixin):
        return cls
    if cls not in _MIRRORED_CLASSES:
        _MIRRORED_CLASSES[cls] = type("Mirrored" + cls.__name__, (MirroredMixin, cls),
                                      {"__slots__": (), "__module__": __name__})
    return _MIRRORED_CLASSES[cls]


MirroredVariable = mirrored_class(Variable)


def is_mirrored(value) -> bool:
    return isinstance(value, MirroredMixin)


def mirror(variable) -> None:
    """Makes a variable created outside a strategy's scope mirrored, as if created inside (one
    shared array either way: only its class, i.e. how writes inside `run` merge, changes)."""
    if not is_mirrored(variable):
        variable.__class__ = mirrored_class(type(variable))
