"""Reusable shape/dtype inference rules (`infer=` of `defop`). Specs may hold None dims."""
from __future__ import annotations

from fluxion.core import dtypes
from fluxion.core.op import Spec
from fluxion.errors import InvalidArgumentError


def same(x: Spec, *rest, **attrs) -> Spec:
    """Output is like the first input (unary elementwise ops)."""
    return Spec(x.shape, x.dtype)


def broadcast_shapes(a, b):
    """Broadcasts two static shapes; None means unknown (a dim or the whole rank)."""
    if a is None or b is None:
        return None
    out = []
    for da, db in zip(((1,) * (len(b) - len(a)) + tuple(a)), ((1,) * (len(a) - len(b)) + tuple(b))):
        if da == 1:
            out.append(db)
        elif db == 1:
            out.append(da)
        elif da is None or db is None:
            out.append(da if db is None else db)
        elif da == db:
            out.append(da)
        else:
            raise InvalidArgumentError(f"Incompatible shapes: {list(a)} vs. {list(b)}")
    return tuple(out)


def broadcast(*specs: Spec, **attrs) -> Spec:
    """Elementwise n-ary op: broadcast shapes, dtype of the first input."""
    shape = specs[0].shape
    for s in specs[1:]:
        shape = broadcast_shapes(shape, s.shape)
    return Spec(shape, specs[0].dtype)


def broadcast_bool(*specs: Spec, **attrs) -> Spec:
    """Comparisons and predicates: broadcast shapes, bool output."""
    return Spec(broadcast(*specs).shape, dtypes.bool)


def unary_bool(x: Spec, **attrs) -> Spec:
    return Spec(x.shape, dtypes.bool)


def reduce(x: Spec, axis=None, keepdims=False, **attrs) -> Spec:
    """Reductions with a static `axis` attribute (None = all axes)."""
    if x.shape is None:
        return Spec(None, x.dtype)
    rank = len(x.shape)
    axes = range(rank) if axis is None else [a % rank for a in _as_tuple(axis)] if rank else []
    if keepdims:
        shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
    else:
        shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    return Spec(shape, x.dtype)


def _as_tuple(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)


def with_dtype(rule, dtype):
    """Wraps a shape rule so the output has a fixed dtype (e.g. reduce_any -> bool)."""
    def infer(*specs, **attrs):
        return Spec(rule(*specs, **attrs).shape, dtype)
    return infer
