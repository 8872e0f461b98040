"""Norm clipping (``tf.clip_by_norm``, ``tf.clip_by_global_norm``, ``tf.linalg.global_norm``).

Composites of public ops, following TF's formulas so values, gradients and edge cases (zero
norms, non-finite global norms) match. Part of the reduce family: `reduce_ops` exports them.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.ops import array_ops, math_ops

__all__: list = []


def _tensor(x):
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _check_sequence(t_list) -> list:
    if not isinstance(t_list, Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    return list(t_list)


def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """Rescales `t` so its L2 norm over `axes` (all when None) is at most `clip_norm`."""
    from fluxion.ops.reduce_ops import reduce_sum  # noqa: PLC0415 - reduce_ops imports us

    values = _tensor(t)
    if np.isscalar(clip_norm):
        clip_norm = max(clip_norm, 0)
    else:
        clip_norm = math_ops.cast(math_ops.maximum(clip_norm, 0), values.dtype)
    l2sum = reduce_sum(math_ops.multiply(values, values), axes, keepdims=True)
    # a zero norm must not reach sqrt: its gradient there would be NaN
    positive = math_ops.greater(l2sum, 0)
    safe = math_ops.where(positive, l2sum, array_ops.ones_like(l2sum))
    l2norm = math_ops.where(positive, math_ops.sqrt(safe), l2sum)
    scaled = math_ops.multiply(values, clip_norm)
    return math_ops.divide(scaled, math_ops.maximum(l2norm, clip_norm))


def global_norm(t_list, name=None) -> Tensor:
    """sqrt of the sum of squares of every entry of every tensor in `t_list` (None skipped)."""
    from fluxion.ops.reduce_ops import reduce_sum  # noqa: PLC0415

    values = [_tensor(t) for t in _check_sequence(t_list) if t is not None]
    if not values:
        return wrap(np.asarray(0.0, np.float32))
    squares = [reduce_sum(math_ops.square(v)) for v in values]
    return math_ops.sqrt(reduce_sum(array_ops.stack(squares)))


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales every tensor of `t_list` by clip_norm / max(global_norm, clip_norm).

    Returns `(list_clipped, global_norm)`; None entries stay None. A non-finite global norm
    makes every clipped value NaN, as in TF."""
    t_list = _check_sequence(t_list)
    use_norm = _tensor(global_norm(t_list) if use_norm is None else use_norm)
    one = wrap(np.asarray(1.0, use_norm.dtype._np))
    scale = math_ops.multiply(clip_norm, math_ops.minimum(math_ops.truediv(1.0, use_norm),
                                                          math_ops.truediv(one, clip_norm)))
    scale = math_ops.add(scale, math_ops.subtract(use_norm, use_norm))  # NaN unless finite
    clipped = []
    for t in t_list:
        t = None if t is None else _tensor(t)
        clipped.append(None if t is None else math_ops.multiply(t, math_ops.cast(scale, t.dtype)))
    return clipped, use_norm


_linalg_exports = ("global_norm",)
