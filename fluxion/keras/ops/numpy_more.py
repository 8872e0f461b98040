"""``keras.ops.numpy``, the rest that maps onto Fluxion: gcd/lcm, unique (1-D), NaN-aware
quantiles, argpartition, slogdet, nextafter, vectorize."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import floatx, promote, tensor, wrap_module
from fluxion.keras.ops.numpy_reduce import (
    _check_quantile_method, _interpolate, _keep_reduced_dims, _quantile_positions, _reduced_last)


def gcd(x1, x2):
    """Greatest common divisors by Euclid's algorithm (a graph while loop)."""
    a, b = promote(tensor(x1), tensor(x2))
    if not a.dtype.is_integer:
        raise TypeError("Arguments to gcd must be integers.")
    shape = tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))
    a, b = tf.math.abs(tf.broadcast_to(a, shape)), tf.math.abs(tf.broadcast_to(b, shape))

    def step(a, b):
        nonzero = tf.math.not_equal(b, 0)
        safe = tf.where(nonzero, b, tf.ones_like(b))
        return tf.where(nonzero, b, a), tf.where(nonzero, tf.math.floormod(a, safe),
                                                  tf.zeros_like(b))

    return tf.while_loop(lambda a, b: tf.reduce_any(tf.math.not_equal(b, 0)), step, (a, b))[0]


def lcm(x1, x2):
    a, b = promote(tensor(x1), tensor(x2))
    if not a.dtype.is_integer:
        raise TypeError("Arguments to lcm must be integers.")
    divisor = gcd(a, b)
    safe = tf.where(tf.math.equal(divisor, 0), tf.ones_like(divisor), divisor)
    return tf.math.abs(a * b) // safe


def unique(x, sorted=True, return_index=False, return_inverse=False,
           return_counts=False, axis=None, size=None, fill_value=None):
    """The distinct values of the flattened ``x`` (``axis=None`` only), as ``numpy.unique``."""
    if axis is not None:
        raise NotImplementedError("unique: only axis=None is supported")
    x = tensor(x)
    flat = tf.reshape(x, [-1])
    values, inverse, counts = tf.unique_with_counts(flat, out_idx="int32")
    n = tf.shape(values)[0]
    first = tf.math.unsorted_segment_min(tf.range(tf.shape(flat)[0]), inverse, n)
    if sorted:
        order = tf.argsort(values, stable=True)
        values, first, counts = (tf.gather(t, order) for t in (values, first, counts))
        inverse = tf.gather(tf.argsort(order), inverse)  # the inverse permutation
    if size is not None:
        keep = tf.range(tf.math.minimum(n, size))
        pad = [[0, tf.math.maximum(0, size - n)]]
        fill = tf.cast(0 if fill_value is None else fill_value, values.dtype)
        values = tf.pad(tf.gather(values, keep), pad, constant_values=fill)
        first = tf.pad(tf.gather(first, keep), pad, constant_values=1)
        counts = tf.pad(tf.gather(counts, keep), pad)
    inverse = tf.reshape(inverse, tf.shape(x))  # NumPy 2: the input's shape
    extras = [t for t, wanted in ((first, return_index), (inverse, return_inverse),
                                  (counts, return_counts)) if wanted]
    return (values, *extras) if extras else values


def _nan_quantile_rows(x, q, method):
    """Quantiles of each row of 2-D ``x`` over its non-NaN entries (NaN where none)."""
    valid = tf.math.logical_not(tf.math.is_nan(x))
    n = tf.reduce_sum(tf.cast(valid, "int32"), axis=-1, keepdims=True)
    ordered = tf.sort(tf.where(valid, x, tf.constant(np.inf, x.dtype)), axis=-1)
    pos = tf.expand_dims(q, -1) * tf.cast(tf.transpose(n) - 1, x.dtype)  # (q, rows)
    lo, pos_lo, pos_hi = _quantile_positions(pos, method)

    def take(p):  # p: (q, rows) positions, gathered row by row
        index = tf.clip_by_value(tf.cast(p, "int32"), 0, tf.shape(ordered)[-1] - 1)
        return tf.transpose(tf.gather(ordered, tf.transpose(index), batch_dims=1))

    out = _interpolate(take(pos_lo), take(pos_hi), pos, lo, method)
    return tf.where(tf.transpose(n) > 0, out, tf.constant(np.nan, x.dtype))


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    _check_quantile_method(method)
    x = tensor(x)
    if not x.dtype.is_floating:
        x = tf.cast(x, floatx())
    q = tf.cast(tensor(q), x.dtype)
    ax, keep, moved = _reduced_last(x, axis)
    kept_shape = tf.shape(moved)[:len(keep)]
    rows = tf.reshape(moved, [-1, tf.reduce_prod(tf.shape(moved)[len(keep):])])
    out = _nan_quantile_rows(rows, tf.reshape(q, [-1]), method)  # (q, rows)
    out = tf.reshape(out, tf.concat([[-1], kept_shape], 0))
    if q.shape.rank == 0:
        out = out[0]
    return _keep_reduced_dims(out, ax, q.shape.rank == 1, keepdims)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return nanquantile(x, tf.math.divide(tf.cast(tensor(q), "float64"), 100.0), axis=axis,
                       method=method, keepdims=keepdims)


def nanmedian(x, axis=None, keepdims=False):
    return nanquantile(x, 0.5, axis=axis, keepdims=keepdims)


def argpartition(x, kth, axis=-1):
    """Indices putting the ``kth + 1`` smallest entries first (Keras' TensorFlow algorithm:
    two top-k passes on the values as int32)."""
    x = tensor(x, "int32")
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    rank = x.shape.rank
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    x = tf.transpose(x, perm)
    n = x.shape[-1]
    kth = int(np.clip(kth, 0, n - 1))
    bottom = tf.math.top_k(-x, kth + 1).indices
    chosen = tf.reduce_sum(tf.one_hot(bottom, n, dtype="int32"), axis=-2) > 0
    rest = tf.math.top_k(tf.where(chosen, tf.zeros_like(x), x), n - kth - 1).indices
    return tf.transpose(tf.concat([bottom, rest], axis=-1), perm)


def slogdet(x):
    x = tensor(x)
    if not x.dtype.is_floating and not x.dtype.is_complex:
        x = tf.cast(x, floatx())
    return tuple(tf.linalg.slogdet(x))


def nextafter(x1, x2):
    a, b = promote(tensor(x1), tensor(x2), extra=(float,))
    if a.dtype.name == "float16":
        a, b = tf.cast(a, "float32"), tf.cast(b, "float32")
    return tf.math.nextafter(a, b)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """As with Keras' TensorFlow backend, the vectorized function cannot be called: it raises
    ValueError (use ``ops.vectorized_map`` / ``ops.map`` instead)."""
    def wrapped(*args, **kwargs):
        raise ValueError("Not supported with `vectorize()` with the TensorFlow backend.")

    return wrapped


__all__ = ["argpartition", "gcd", "lcm", "nanmedian", "nanpercentile", "nanquantile",
           "nextafter", "slogdet", "unique", "vectorize"]
wrap_module(globals(), [n for n in __all__ if n != "vectorize"])
