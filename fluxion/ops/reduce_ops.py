"""Reductions, scans, segment ops and top-k (``tf.reduce_sum``, ``tf.math.cumsum`` ...)."""
from __future__ import annotations

import numpy as np

from fluxion.core.op import defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, math_ops
from fluxion.ops._util import NUMERIC, shape_of, static_axes

__all__ = ["reduce_sum", "reduce_mean"]


def _sum_kernel(xp, x, axis, keepdims):
    return xp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _vjp_sum(g, out, x, axis, keepdims):
    from fluxion.ops import array_ops  # noqa: PLC0415

    xshape = shape_of(x)
    if not keepdims:
        kept = [1 if i in axis else d for i, d in enumerate(xshape)]
        g = array_ops.reshape(g, kept)
    return (array_ops.broadcast_to(g, xshape),)


_sum = defop("reduce_sum", _sum_kernel, vjp=_vjp_sum, infer=_infer.reduce, dtypes=NUMERIC,
             tf_name="Sum")


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Sum over `axis` (all axes when None); integer sums keep their dtype, as in TF."""
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    if x._value.dtype == np.bool_:
        raise InvalidArgumentError("Value for attr 'T' of bool is not in the list of allowed "
                                   "values [Op:Sum]")
    return _sum(x, axis=static_axes(axis, x._value.ndim), keepdims=bool(keepdims))


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Mean over `axis`; integer means use integer division, as in TF."""
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    axes = static_axes(axis, x._value.ndim)
    count = int(np.prod([x._value.shape[a] for a in axes]))
    total = reduce_sum(x, axes, keepdims)
    if x._value.dtype.kind in "iu":
        return math_ops.floordiv(total, max(count, 1))
    return math_ops.divide_(total, np.asarray(count, x._value.dtype) if count else np.nan)


_math_exports = ("reduce_sum", "reduce_mean")
