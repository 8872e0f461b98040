"""Normalisation and lookup in ``tf.nn``: bias_add, moments and batch normalisation,
l2_normalize, local response normalisation and embedding_lookup.

Only bias_add and the LRN window sum are primitives; the rest are compositions of public ops
that follow TF's own formulas (so values, dtypes and gradients match it).
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import defop
from fluxion.core.tensor import Tensor, constant, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops, reduce_ops
from fluxion.ops._util import FLOAT, NUMERIC, shape_of, static_axes


def _tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


# --- bias_add ------------------------------------------------------------------------------------
def _bias_add_kernel(xp, value, bias, channels_first):
    if value.ndim < 2:
        raise InvalidArgumentError(f"Input tensor must be at least 2D: {list(value.shape)} "
                                   f"[Op:BiasAdd]")
    if bias.ndim != 1:
        raise InvalidArgumentError(f"Biases must be 1D: {list(bias.shape)} [Op:BiasAdd]")
    axis = 1 if channels_first else value.ndim - 1
    if bias.shape[0] != value.shape[axis]:
        raise InvalidArgumentError(
            f"Must provide as many biases as the channel dimension of the input tensor: "
            f"{list(bias.shape)} vs. {list(value.shape)} [Op:BiasAdd]")
    if channels_first:
        bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
    return value + bias


def _vjp_bias_add(g, out, value, bias, channels_first):
    rank = len(shape_of(g))
    axis = 1 if channels_first else rank - 1
    others = tuple(a for a in range(rank) if a != axis)
    return g, reduce_ops.reduce_sum(g, axis=others)


_bias_add = defop("bias_add", _bias_add_kernel, vjp=_vjp_bias_add, infer=_infer.same,
                  dtypes=NUMERIC)


def bias_add(value, bias, data_format=None, name=None) -> Tensor:
    """value + bias along the channel axis: last for 'N...C' (default), 1 for 'NC...'."""
    channels_first = False
    if data_format is not None:
        if data_format.startswith("NC"):
            channels_first = True
        elif not (data_format.startswith("N") and data_format.endswith("C")):
            raise ValueError(f"`data_format` must be of the form `N...C` or `NC...`. "
                             f"Received: data_format={data_format}")
    return _bias_add(value, bias, channels_first=channels_first)


# --- moments -------------------------------------------------------------------------------------
def _squeezed(t: Tensor, axes: tuple) -> Tensor:
    shape = [d for i, d in enumerate(t._value.shape) if i not in axes]
    return array_ops.reshape(t, shape)


def moments(x, axes, shift=None, keepdims=False, name=None):
    """(mean, variance) of `x` over `axes`; float16 is accumulated in float32."""
    x = _tensor(x)
    y = math_ops.cast(x, dtypes.float32) if x.dtype is dtypes.float16 else x
    mean = reduce_ops.reduce_mean(y, axes, keepdims=True)
    variance = reduce_ops.reduce_mean(
        math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes, keepdims=True)
    if not keepdims:
        norm = static_axes(axes, x._value.ndim)
        mean, variance = _squeezed(mean, norm), _squeezed(variance, norm)
    if x.dtype is dtypes.float16:
        return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
    return mean, variance


def weighted_moments(x, axes, frequency_weights, keepdims=False, name=None):
    """(mean, variance) of `x` over `axes` with each element counted `frequency_weights` times."""
    x = _tensor(x)
    weights = _tensor(frequency_weights)
    needs_cast = x.dtype is dtypes.float16
    if needs_cast:
        x = math_ops.cast(x, dtypes.float32)
    if weights.dtype is not x.dtype:
        weights = math_ops.cast(weights, x.dtype)
    weighted_sum = reduce_ops.reduce_sum(math_ops.multiply(weights, x), axes, keepdims=True)
    total_weight = reduce_ops.reduce_sum(
        math_ops.add(weights, array_ops.zeros_like(x)), axes, keepdims=True)
    mean = math_ops.divide_no_nan(weighted_sum, total_weight)
    distsq = reduce_ops.reduce_sum(
        math_ops.multiply(weights, math_ops.squared_difference(x, mean)), axes, keepdims=True)
    variance = math_ops.divide_no_nan(distsq, total_weight)
    if not keepdims:
        norm = static_axes(axes, x._value.ndim)
        mean, variance = _squeezed(mean, norm), _squeezed(variance, norm)
    if needs_cast:
        return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
    return mean, variance


def sufficient_statistics(x, axes, shift=None, keepdims=False, name=None):
    """(count, sum of x - shift, sum of (x - shift)**2, shift) over `axes`."""
    axes = list(set(axes))
    x = _tensor(x)
    shape = x._value.shape
    count = 1
    for a in axes:
        count *= shape[a]
    counts = constant(count, dtype=x.dtype)
    if shift is not None:
        shift = _tensor(shift)
        m_ss = math_ops.subtract(x, shift)
        v_ss = math_ops.squared_difference(x, shift)
    else:
        m_ss, v_ss = x, math_ops.square(x)
    m_ss = reduce_ops.reduce_sum(m_ss, axes, keepdims=keepdims)
    v_ss = reduce_ops.reduce_sum(v_ss, axes, keepdims=keepdims)
    return counts, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """(mean, variance) from the sufficient statistics."""
    divisor = math_ops.reciprocal(counts)
    shifted_mean = math_ops.multiply(mean_ss, divisor)
    mean = shifted_mean if shift is None else math_ops.add(shifted_mean, shift)
    variance = math_ops.subtract(math_ops.multiply(variance_ss, divisor),
                                 math_ops.square(shifted_mean))
    return mean, variance


# --- batch normalisation -------------------------------------------------------------------------
def batch_normalization(x, mean, variance, offset, scale, variance_epsilon,
                        name=None) -> Tensor:
    """(x - mean) * scale / sqrt(variance + eps) + offset, in TF's operation order."""
    x = _tensor(x)
    inv = math_ops.rsqrt(math_ops.add(variance, variance_epsilon))
    if scale is not None:
        inv = math_ops.multiply(inv, scale)
    mean_inv = math_ops.multiply(mean, inv)
    shift = (math_ops.negative(mean_inv) if offset is None
             else math_ops.subtract(offset, mean_inv))
    return math_ops.add(math_ops.multiply(x, math_ops.cast(inv, x.dtype)),
                        math_ops.cast(shift, x.dtype))


def batch_norm_with_global_normalization(input, mean, variance, beta, gamma,
                                         variance_epsilon, scale_after_normalization,
                                         name=None) -> Tensor:
    """Batch normalisation; `gamma` is applied only if `scale_after_normalization`."""
    return batch_normalization(input, mean, variance, beta,
                               gamma if scale_after_normalization else None, variance_epsilon)


# --- l2_normalize --------------------------------------------------------------------------------
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None) -> Tensor:
    """x / sqrt(max(sum(x**2, axis), epsilon))."""
    axis = dim if axis is None else axis
    x = _tensor(x)
    if x.dtype.is_integer or x.dtype.is_bool:
        raise TypeError(f"Cannot convert {epsilon!r} to EagerTensor of dtype {x.dtype.name}")
    if x.dtype.is_complex:
        re, im = math_ops.real(x), math_ops.imag(x)
        square_sum = reduce_ops.reduce_sum(
            math_ops.add(math_ops.square(re), math_ops.square(im)), axis, keepdims=True)
        inv = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.complex(math_ops.multiply(re, inv), math_ops.multiply(im, inv))
    square_sum = reduce_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
    return math_ops.multiply(x, math_ops.rsqrt(math_ops.maximum(square_sum, epsilon)))


# --- local response normalisation ----------------------------------------------------------------
def _window_sum_kernel(xp, x, radius):
    """Sum over the last axis of the window [i - radius, i + radius] (clipped at the ends)."""
    n = x.shape[-1]
    acc = x.astype(xp.float32) if x.dtype == xp.float16 else x
    csum = xp.cumsum(acc, axis=-1)
    zero = xp.zeros(x.shape[:-1] + (1,), csum.dtype)
    csum = xp.concatenate([zero, csum], axis=-1)  # csum[..., k] = sum of the first k
    idx = xp.arange(n)
    hi = xp.minimum(idx + radius + 1, n)
    lo = xp.maximum(idx - radius, 0)
    return (csum[..., hi] - csum[..., lo]).astype(x.dtype, copy=False)


# The window is symmetric, so the windowed sum is its own adjoint.
_window_sum = defop("lrn_window_sum", _window_sum_kernel, infer=_infer.same, dtypes=FLOAT,
                    vjp=lambda g, out, x, radius: (_window_sum(g, radius=radius),))


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1,
                                 beta=0.5, name=None) -> Tensor:
    """input / (bias + alpha * sum of squares over a window of the last axis) ** beta."""
    x = _tensor(input)
    if x._value.ndim != 4:
        raise InvalidArgumentError(f"input must be 4-dimensional, got shape "
                                   f"{list(x._value.shape)} [Op:LRN]")
    sqr_sum = _window_sum(math_ops.square(x), radius=int(depth_radius))
    denom = math_ops.add(math_ops.multiply(sqr_sum, float(alpha)), float(bias))
    return math_ops.multiply(x, math_ops.pow(denom, -float(beta)))


lrn = local_response_normalization


# --- embedding_lookup ----------------------------------------------------------------------------
def _clip_rows(result: Tensor, ids_rank: int, max_norm) -> Tensor:
    if max_norm is None:
        return result
    from fluxion.ops.clip_ops import clip_by_norm

    return clip_by_norm(result, max_norm, axes=list(range(ids_rank, result._value.ndim)))


def _div_partition_ids(ids: np.ndarray, sizes: list) -> np.ndarray:
    """Rows of the concatenated shards for TF's 'div' strategy (contiguous, balanced shards)."""
    n = len(sizes)
    total = sum(sizes)
    per, extras = divmod(total, n)
    flat = ids.reshape(-1).astype(np.int64)
    part = np.maximum(flat // (per + 1), (flat - extras) // max(per, 1))
    local = np.where(part < extras, flat % (per + 1), (flat - extras) % max(per, 1))
    bad = (flat < 0) | (part >= n)
    if not bad.any():
        bad = local >= np.asarray(sizes)[part]
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidArgumentError(f"indices[{i}] = {flat[i]} is not in [0, {total}) "
                                   f"[Op:GatherV2]")
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return (offsets[part] + local).reshape(ids.shape).astype(ids.dtype)


def embedding_lookup(params, ids, max_norm=None, name=None) -> Tensor:
    """Rows of `params` (one tensor, or a list of shards split by TF's 'div' strategy)
    for `ids`; rows are clipped to L2 norm `max_norm` if given."""
    from fluxion.ops.gather_ops import gather

    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, (list, tuple)) and not params:
        raise ValueError("Length of params is currently 0. Need at least one param.")
    if not isinstance(params, list):
        params = [params]
    ids = _tensor(ids)
    if len(params) == 1:
        result = gather(params[0], ids)
        return array_ops.identity(_clip_rows(result, ids._value.ndim, max_norm))
    params = [_tensor(p) if not hasattr(p, "_value") else p for p in params]
    rows = _div_partition_ids(np.asarray(ids._value), [p._value.shape[0] for p in params])
    result = gather(array_ops.concat(params, 0), rows)
    return _clip_rows(result, ids._value.ndim, max_norm)


def zero_fraction(value, name=None) -> Tensor:
    """The fraction of zeros in `value`, as float32."""
    value = _tensor(value)
    size = value._value.size
    nonzero = reduce_ops.count_nonzero(value, dtype=dtypes.int64)
    zeros = math_ops.cast(math_ops.subtract(np.int64(size), nonzero), dtypes.float32)
    return math_ops.divide(zeros, np.float32(size))


__all__: list = []
_nn_exports = ("bias_add", "moments", "weighted_moments", "sufficient_statistics",
               "normalize_moments", "batch_normalization", "batch_norm_with_global_normalization",
               "l2_normalize", "local_response_normalization", "lrn", "embedding_lookup",
               "zero_fraction")
_math_exports = ("l2_normalize", "zero_fraction")
_linalg_exports = ("l2_normalize",)
