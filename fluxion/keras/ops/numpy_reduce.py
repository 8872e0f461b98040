"""``keras.ops.numpy`` reductions, cumulative ops, sorting and statistics."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import axes, floatx, result_type, tensor, tracing, wrap_module

_WIDEN = {"bool": "int32", "int8": "int32", "int16": "int32", "uint8": "uint32",
          "uint16": "uint32"}


def sum(x, axis=None, keepdims=False):
    x = tensor(x)
    wide = _WIDEN.get(x.dtype.name)
    x = x if wide is None else tf.cast(x, wide)
    return tf.reduce_sum(x, axis=axes(axis), keepdims=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = tensor(x)
    wide = _WIDEN.get(x.dtype.name) if dtype is None else dtype
    x = x if wide is None else tf.cast(x, wide)
    return tf.reduce_prod(x, axis=axes(axis), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    """Mean in float32 at least; integer inputs give float32."""
    x = tensor(x)
    name = x.dtype.name
    compute = result_type(name, "float32")
    out_dtype = compute if ("int" in name or name == "bool") else name
    out = tf.reduce_mean(tf.cast(x, compute), axis=axes(axis), keepdims=keepdims)
    return out if out_dtype == compute else tf.cast(out, out_dtype)


def var(x, axis=None, keepdims=False):
    x = tensor(x)
    compute = result_type(x.dtype.name, "float32")
    out = tf.math.reduce_variance(tf.cast(x, compute), axis=axes(axis), keepdims=keepdims)
    return tf.cast(out, result_type(x.dtype.name, float))


def std(x, axis=None, keepdims=False):
    x = tensor(x)
    if x.dtype.is_integer or x.dtype.is_bool:
        x = tf.cast(x, floatx())
    return tf.math.reduce_std(x, axis=axes(axis), keepdims=keepdims)


def _extreme(x, axis, keepdims, initial, reduce, pick, name):
    x = tensor(x)
    if x.dtype.is_bool:
        out = (tf.reduce_any if reduce is tf.reduce_max else tf.reduce_all)(
            x, axis=axes(axis), keepdims=keepdims)
        if initial is None:
            return out
        return tf.cast(pick(tf.cast(out, "int32"), tf.cast(initial, "int32")), "bool")
    if initial is None and not tracing() and x.shape.num_elements() == 0:
        raise tf.errors.InvalidArgumentError(None, None,
                                             f"Cannot compute the {name} of an empty tensor.")
    out = reduce(x, axis=axes(axis), keepdims=keepdims)
    return out if initial is None else pick(out, tf.cast(initial, out.dtype))


def max(x, axis=None, keepdims=False, initial=None):
    return _extreme(x, axis, keepdims, initial, tf.reduce_max, tf.math.maximum, "max")


def min(x, axis=None, keepdims=False, initial=None):
    return _extreme(x, axis, keepdims, initial, tf.reduce_min, tf.math.minimum, "min")


def amax(x, axis=None, keepdims=False):
    return max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return min(x, axis=axis, keepdims=keepdims)


def ptp(x, axis=None, keepdims=False):
    return tf.math.subtract(max(x, axis, keepdims), min(x, axis, keepdims))


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(tf.cast(x, "bool"), axis=axes(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(tf.cast(x, "bool"), axis=axes(axis), keepdims=keepdims)


def count_nonzero(x, axis=None):
    return tf.math.count_nonzero(tensor(x), axis=axes(axis), dtype="int32")


def _arg(fn, x, axis, keepdims):
    x = tensor(x)
    if x.dtype.is_floating and x.shape.rank != 0:
        # -0.0 sorts below +0.0 in Keras
        negzero = tf.math.logical_and(tf.math.equal(x, 0), tf.math.less(
            tf.math.reciprocal(x), 0))
        x = tf.where(negzero, tf.constant(-np.finfo(x.dtype.as_numpy_dtype).tiny, x.dtype), x)
    if x.dtype.is_bool:
        x = tf.cast(x, "int32")
    flat = tf.reshape(x, [-1]) if axis is None else x
    out = fn(flat, axis=0 if axis is None else axis, output_type="int32")
    if keepdims:
        if axis is None:
            return tf.reshape(out, [1] * x.shape.rank)
        return tf.expand_dims(out, axis)
    return out


def argmax(x, axis=None, keepdims=False):
    return _arg(tf.math.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg(tf.math.argmin, x, axis, keepdims)


def _cumulative(fn, x, axis, dtype):
    x = tensor(x, dtype)
    if x.dtype.is_bool:
        x = tf.cast(x, "int32")
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return fn(x, axis=axis)


def cumsum(x, axis=None, dtype=None):
    return _cumulative(tf.math.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _cumulative(tf.math.cumprod, x, axis, dtype)


def sort(x, axis=-1):
    x = tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    if x.dtype.is_bool:
        return tf.cast(tf.sort(tf.cast(x, "int32"), axis=axis), "bool")
    return tf.sort(x, axis=axis)


def argsort(x, axis=-1):
    x = tensor(x)
    if x.dtype.is_bool:
        x = tf.cast(x, "int32")
    if x.shape.rank == 0:
        return tf.constant([0], "int32")
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.argsort(x, axis=axis, stable=True)


# --- quantile helpers, shared with ``numpy_more.nanquantile`` ---------------------------------
def _check_quantile_method(method) -> None:
    if method not in ("linear", "lower", "higher", "nearest", "midpoint"):
        raise ValueError(f"Invalid quantile method: {method}")


def _reduced_last(x, axis):
    """(reduced axes, kept axes, ``x`` transposed to put the kept axes first)."""
    rank = x.shape.rank
    ax = list(range(rank)) if axis is None else sorted(
        int(a) % rank for a in np.atleast_1d(axis))
    keep = [i for i in range(rank) if i not in ax]
    return ax, keep, tf.transpose(x, keep + ax)


def _quantile_positions(pos, method):
    """(floor of ``pos``, lower and upper positions that ``method`` reads)."""
    lo, hi = tf.math.floor(pos), tf.math.ceil(pos)
    pick = {"lower": (lo, lo), "higher": (hi, hi), "nearest": (tf.math.round(pos),) * 2}
    return (lo, *pick.get(method, (lo, hi)))


def _interpolate(a, b, pos, lo, method):
    """Combines the values ``a``, ``b`` read at the lower and upper positions."""
    if method == "linear":
        return a + (b - a) * (pos - lo)
    if method == "midpoint":
        return a + (b - a) * tf.constant(0.5, a.dtype)
    return a


def _keep_reduced_dims(out, ax, vector_q, keepdims):
    if keepdims:
        for i in ax:
            out = tf.expand_dims(out, i + (1 if vector_q else 0))
    return out


def quantile(x, q, axis=None, method="linear", keepdims=False):
    """Quantiles along ``axis`` (methods linear, lower, higher, nearest, midpoint)."""
    _check_quantile_method(method)
    x = tensor(x)
    if x.dtype.is_integer or x.dtype.is_bool:
        x = tf.cast(x, floatx())
    q = tf.cast(tensor(q), x.dtype)
    ax, keep, moved = _reduced_last(x, axis)
    flat = tf.sort(tf.reshape(moved, tf.concat([tf.shape(moved)[:len(keep)], [-1]], 0)), -1)
    n = tf.cast(tf.shape(flat)[-1] - 1, x.dtype)
    pos = q * n
    lo, pos_lo, pos_hi = _quantile_positions(pos, method)
    a = tf.gather(flat, tf.cast(pos_lo, "int32"), axis=-1)
    b = tf.gather(flat, tf.cast(pos_hi, "int32"), axis=-1)
    out = _interpolate(a, b, pos, lo, method)
    vector_q = q.shape.rank == 1
    if vector_q:
        out = tf.transpose(out, [len(keep)] + list(range(len(keep))))
    return _keep_reduced_dims(out, ax, vector_q, keepdims)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return quantile(x, tf.math.divide(tf.cast(tensor(q), "float64"), 100.0), axis=axis,
                    method=method, keepdims=keepdims)


def median(x, axis=None, keepdims=False):
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def average(x, axis=None, weights=None):
    x = tensor(x)
    if weights is None:
        return tf.reduce_mean(tf.cast(x, result_type(x.dtype.name, float)), axis=axes(axis))
    weights = tensor(weights)
    dtype = result_type(x.dtype.name, weights.dtype.name, float)
    x, weights = tf.cast(x, dtype), tf.cast(weights, dtype)
    if axis is None or weights.shape.rank == x.shape.rank:
        return tf.reduce_sum(x * weights, axis=axes(axis)) / tf.reduce_sum(weights,
                                                                             axis=axes(axis))
    return tf.tensordot(x, weights, [[axis], [0]]) / tf.reduce_sum(weights)


__all__ = ["all", "amax", "amin", "any", "argmax", "argmin", "argsort", "average",
           "count_nonzero", "cumprod", "cumsum", "max", "mean", "median", "min", "percentile",
           "prod", "ptp", "quantile", "sort", "std", "sum", "var"]
wrap_module(globals(), __all__)
