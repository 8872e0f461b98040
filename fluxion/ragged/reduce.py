"""Reductions of RaggedTensors (``tf.reduce_sum(rt, axis=1)``...), as TF dispatches them.

axis=None reduces every value; axis 0 reduces across rows (column by column: the result is as
long as the longest row); axis 1 reduces each row (the rows padded with the reduction's identity, so
an empty row gives it, and NaN for a mean); deeper axes reduce
inside the values. `reduce(kind, rt, axis, keepdims)` is what the public tf.reduce_* call
for a RaggedTensor (through `__tf_reduce__`).
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.ops._util import static_ints
from fluxion.ragged.ragged_tensor import RaggedTensor

_DENSE = {"sum": "reduce_sum", "prod": "reduce_prod", "max": "reduce_max",
          "min": "reduce_min", "mean": "reduce_mean", "any": "reduce_any", "all": "reduce_all",
          "logsumexp": "reduce_logsumexp"}


def _dense(kind: str, x, axis, keepdims=False):
    return getattr(tf, _DENSE[kind])(x, axis=axis, keepdims=keepdims)


def reduce(kind: str, rt, axis=None, keepdims=False):
    """Reduction `kind` (sum, prod, max, min, mean, any, all) of `rt` over `axis`."""
    if not isinstance(rt, RaggedTensor):
        return _dense(kind, rt, axis, keepdims)
    if axis is None:
        if kind == "mean" and rt.dtype.is_integer:  # TF's ragged mean divides: float64
            return tf.reduce_sum(rt.flat_values) / tf.size(rt.flat_values)
        return _dense(kind, rt.flat_values, None)
    axes = static_ints(axis, "axis")
    axes = [axes] if isinstance(axes, int) else list(axes)
    rank = rt.shape.rank
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(f"axis={a} out of bounds: expected {-rank}<=axis<{rank}")
    axes = sorted({a % rank for a in axes}, reverse=True)
    if kind == "mean" and len(axes) > 1:
        total = reduce("sum", rt, axes, keepdims)
        count = reduce("sum", rt.with_flat_values(tf.ones_like(rt.flat_values)), axes, keepdims)
        return total / count
    result = rt
    for a in axes:
        result = _one_axis(kind, result, a, keepdims)
    return result


def _one_axis(kind: str, rt, axis: int, keepdims: bool):
    if not isinstance(rt, RaggedTensor):
        return _dense(kind, rt, axis, keepdims)
    if axis >= 2:
        return rt.with_values(_one_axis(kind, rt.values, axis - 1, keepdims))
    if isinstance(rt.values, RaggedTensor):
        raise NotImplementedError(f"reducing axis {axis} of a RaggedTensor with ragged_rank "
                                  f"{rt.ragged_rank} is not supported; reduce inner axes first")
    # padded with the reduction's identity, the dense reduction is the ragged one (an empty
    # row gives the identity: 0, 1, the dtype's lowest / highest, False / True)
    if kind == "mean":
        total = _one_axis("sum", rt, axis, keepdims)
        count = _one_axis("sum", rt.with_values(tf.ones_like(rt.values)), axis, keepdims)
        return total / count  # integers give float64, and empty rows NaN, as in TF
    dense = rt.to_tensor(default_value=_identity(kind, rt.dtype))
    return _dense(kind, dense, axis, keepdims)


def _identity(kind: str, dtype):
    if kind in ("any", "all"):
        return kind == "all"
    if kind in ("sum", "prod"):
        return tf.cast(int(kind == "prod"), dtype)
    if kind not in ("max", "min"):
        raise NotImplementedError(f"ragged reduction {kind!r} over a ragged axis")
    info = np.finfo(dtype.as_numpy_dtype) if dtype.is_floating else \
        np.iinfo(dtype.as_numpy_dtype)
    return tf.constant(info.min if kind == "max" else info.max, dtype)


RaggedTensor.__tf_reduce__ = lambda self, kind, axis=None, keepdims=False: reduce(
    kind, self, axis, keepdims)
