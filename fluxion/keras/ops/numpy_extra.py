"""``keras.ops.numpy``, less common functions: bitwise ops, log/geometric spaces, NaN-aware
reductions, splits, Kronecker products, windows, index helpers."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import floatx, promote, result_type, tensor, wrap_module
from fluxion.keras.ops.numpy_array import concatenate, linspace, moveaxis, split
from fluxion.keras.ops.numpy_reduce import _WIDEN


# --- bitwise ------------------------------------------------------------------------------------
def _bitwise(fn):
    def op(x, y):
        a, b = promote(tensor(x), tensor(y))
        return fn(a, b)
    return op


bitwise_and = _bitwise(tf.bitwise.bitwise_and)
bitwise_or = _bitwise(tf.bitwise.bitwise_or)
bitwise_xor = _bitwise(tf.bitwise.bitwise_xor)
bitwise_left_shift = left_shift = _bitwise(tf.bitwise.left_shift)
bitwise_right_shift = right_shift = _bitwise(tf.bitwise.right_shift)


def bitwise_invert(x):
    return tf.bitwise.invert(tensor(x))


bitwise_not = bitwise_invert


# --- spaces -------------------------------------------------------------------------------------
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    exponents = linspace(start, stop, num=num, endpoint=endpoint, dtype=dtype, axis=axis)
    return tf.math.pow(tf.cast(base, exponents.dtype), exponents)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    start, stop = tensor(start), tensor(stop)
    dt = dtype or floatx()
    log_start = tf.math.log(tf.cast(tf.math.abs(start), dt))
    log_stop = tf.math.log(tf.cast(tf.math.abs(stop), dt))
    ln10 = tf.math.log(tf.constant(10.0, log_start.dtype))
    out = logspace(log_start / ln10, log_stop / ln10, num=num, endpoint=endpoint, base=10,
                   dtype=dtype, axis=axis)
    return out * tf.cast(tf.math.sign(tf.cast(start, log_start.dtype)), out.dtype)


# --- NaN-aware reductions ---------------------------------------------------------------------
def _nan_free(x, fill):
    return tf.where(tf.math.is_nan(x), tf.constant(fill, x.dtype), x)


def _nan_reduce(x, axis, keepdims, fill, reduce):
    """``reduce`` with NaNs replaced by ``fill`` and small integers widened as in ``sum``."""
    x = tensor(x)
    if x.dtype.is_floating:
        x = _nan_free(x, fill)
    wide = _WIDEN.get(x.dtype.name)
    return reduce(x if wide is None else tf.cast(x, wide), axis=axis, keepdims=keepdims)


def nansum(x, axis=None, keepdims=False):
    return _nan_reduce(x, axis, keepdims, 0.0, tf.reduce_sum)


def nanprod(x, axis=None, keepdims=False):
    return _nan_reduce(x, axis, keepdims, 1.0, tf.reduce_prod)


def nanmean(x, axis=None, keepdims=False):
    x = tensor(x)
    if not x.dtype.is_floating:
        return tf.reduce_mean(tf.cast(x, "float32"), axis=axis, keepdims=keepdims)
    count = tf.reduce_sum(tf.cast(tf.math.logical_not(tf.math.is_nan(x)), x.dtype), axis=axis,
                          keepdims=keepdims)
    return nansum(x, axis, keepdims) / count


def _nan_extreme(x, axis, keepdims, fill, reduce):
    x = tensor(x)
    if not x.dtype.is_floating:
        if x.dtype.is_bool:
            pick = tf.reduce_any if reduce is tf.reduce_max else tf.reduce_all
            return pick(x, axis=axis, keepdims=keepdims)
        return reduce(x, axis=axis, keepdims=keepdims)
    all_nan = tf.reduce_all(tf.math.is_nan(x), axis=axis, keepdims=keepdims)
    out = reduce(_nan_free(x, fill), axis=axis, keepdims=keepdims)
    return tf.where(all_nan, tf.constant(np.nan, x.dtype), out)


def nanmax(x, axis=None, keepdims=False):
    return _nan_extreme(x, axis, keepdims, -np.inf, tf.reduce_max)


def nanmin(x, axis=None, keepdims=False):
    return _nan_extreme(x, axis, keepdims, np.inf, tf.reduce_min)


def nanvar(x, axis=None, keepdims=False):
    x = tensor(x)
    if not x.dtype.is_floating:
        x = tf.cast(x, floatx())
    mean = nanmean(x, axis, keepdims=True)
    return nanmean(tf.math.square(x - mean), axis, keepdims)


def nanstd(x, axis=None, keepdims=False):
    return tf.math.sqrt(nanvar(x, axis, keepdims))


def _nanarg(x, axis, keepdims, fill, fn):
    x = tensor(x)
    if x.dtype.is_floating:
        x = _nan_free(x, fill)
    from fluxion.keras.ops.numpy_reduce import argmax, argmin

    return (argmax if fn == "max" else argmin)(x, axis=axis, keepdims=keepdims)


def nanargmax(x, axis=None, keepdims=False):
    return _nanarg(x, axis, keepdims, -np.inf, "max")


def nanargmin(x, axis=None, keepdims=False):
    return _nanarg(x, axis, keepdims, np.inf, "min")


def nancumsum(x, axis=None, dtype=None):
    from fluxion.keras.ops.numpy_reduce import cumsum

    x = tensor(x, dtype)
    return cumsum(_nan_free(x, 0.0) if x.dtype.is_floating else x, axis=axis)


def nancumprod(x, axis=None, dtype=None):
    from fluxion.keras.ops.numpy_reduce import cumprod

    x = tensor(x, dtype)
    return cumprod(_nan_free(x, 1.0) if x.dtype.is_floating else x, axis=axis)


# --- splitting and joining ---------------------------------------------------------------------
def hsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0 if tensor(x).shape.rank == 1 else 1)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=2)


def dstack(xs):
    xs = [tensor(x) for x in xs]
    xs = [tf.reshape(x, [1, -1, 1]) if x.shape.rank == 1 else
          (tf.expand_dims(x, -1) if x.shape.rank == 2 else x) for x in xs]
    return concatenate(xs, axis=2)


def kron(x1, x2):
    a, b = promote(tensor(x1), tensor(x2))
    rank = max(a.shape.rank, b.shape.rank)
    a = tf.reshape(a, [1] * (rank - a.shape.rank) + a.shape.as_list())
    b = tf.reshape(b, [1] * (rank - b.shape.rank) + b.shape.as_list())
    sa, sb = a.shape.as_list(), b.shape.as_list()
    inter = [d for pair in zip(sa, [1] * rank) for d in pair]
    outer = [d for pair in zip([1] * rank, sb) for d in pair]
    prod = tf.reshape(a, inter) * tf.reshape(b, outer)
    return tf.reshape(prod, [p * q for p, q in zip(sa, sb)])


# --- misc ----------------------------------------------------------------------------------------
def logaddexp2(x1, x2):
    a, b = promote(tensor(x1), tensor(x2), extra=(float,))
    ln2 = tf.constant(np.log(2.0), a.dtype)
    big = tf.math.maximum(a, b)
    return big + tf.math.log1p(tf.math.pow(tf.constant(2.0, a.dtype),
                                           -tf.math.abs(a - b))) / ln2


def ldexp(x1, x2):
    x1, x2 = tensor(x1), tensor(x2)
    if not x2.dtype.is_integer:
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2={x2.dtype}")
    dtype = result_type(x1.dtype.name, x2.dtype.name, float)
    return tf.cast(x1, dtype) * tf.math.pow(tf.constant(2.0, dtype), tf.cast(x2, dtype))


def angle(x):
    x = tensor(x)
    if x.dtype.is_complex:
        return tf.math.angle(x)
    x = x if x.dtype.is_floating else tf.cast(x, floatx())
    return tf.where(x < 0, tf.constant(np.pi, x.dtype), tf.zeros_like(x))


def isreal(x):
    x = tensor(x)
    if x.dtype.is_complex:
        return tf.math.equal(tf.math.imag(x), 0)
    return tf.ones_like(x, "bool")


def unravel_index(indices, shape):
    indices = tensor(indices)
    if None in shape:
        raise ValueError(f"`shape` argument cannot contain `None`. Received: shape={shape}")
    coords = []
    for d in reversed(shape):
        coords.append(indices % d)
        indices = indices // d
    return tuple(reversed(coords))


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = tensor(y)
    dtype = result_type(y.dtype.name, float)
    y = moveaxis(tf.cast(y, dtype), axis, -1)
    if x is None:
        widths = tf.cast(dx, dtype)
    else:
        widths = moveaxis(tf.cast(tensor(x), dtype), axis, -1) if tensor(x).shape.rank > 1 else \
            tf.cast(tensor(x), dtype)
        widths = widths[..., 1:] - widths[..., :-1]
    return tf.reduce_sum(widths * (y[..., 1:] + y[..., :-1]) / 2.0, axis=-1)


def vander(x, N=None, increasing=False):
    x = tensor(x)
    n = x.shape[0] if N is None else N
    powers = tf.range(n) if increasing else tf.range(n - 1, -1, -1)
    dtype = x.dtype
    return tf.math.pow(tf.expand_dims(x, -1), tf.cast(powers, dtype))


def corrcoef(x):
    x = tensor(x)
    dtype = result_type(x.dtype.name, float) if not x.dtype.is_floating else x.dtype.name
    x = tf.cast(x, dtype)
    centred = x - tf.reduce_mean(x, axis=-1, keepdims=True)
    cov = tf.matmul(centred, centred, transpose_b=True)
    std = tf.math.sqrt(tf.linalg.diag_part(cov))
    return cov / (tf.expand_dims(std, -1) * std)


def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1-D sequences (NumPy's modes valid, same, full)."""
    a, b = tensor(x1), tensor(x2)
    dtype = result_type(a.dtype.name, b.dtype.name)
    if dtype not in ("float16", "float32", "float64"):
        dtype = "float64" if dtype == "int64" else floatx()
    a, b = tf.cast(a, dtype), tf.cast(b, dtype)
    n, m = a.shape[0], b.shape[0]
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"Invalid mode: {mode}")
    pad = {"valid": (0, 0), "same": ((m - 1) // 2, m - 1 - (m - 1) // 2),
           "full": (m - 1, m - 1)}[mode]
    if n < m:
        a, b = b, a
        n, m = m, n
    padded = tf.pad(a, [pad])
    count = padded.shape[0] - m + 1
    index = tf.expand_dims(tf.range(count), 1) + tf.range(m)
    return tf.reduce_sum(tf.gather(padded, index) * b, axis=-1)


def _window(name: str, fn):
    def op(x):
        size = int(np.asarray(getattr(x, "numpy", lambda: x)()))
        return tf.constant(fn(size), "float32")
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"NumPy's ``{name}`` window of ``x`` points (float32)."
    return op


bartlett = _window("bartlett", np.bartlett)
blackman = _window("blackman", np.blackman)
hamming = _window("hamming", np.hamming)
hanning = _window("hanning", np.hanning)


def kaiser(x, beta):
    size = int(np.asarray(getattr(x, "numpy", lambda: x)()))
    return tf.constant(np.kaiser(size, float(beta)), "float32")


def histogram(x, bins=10, range=None):
    """(counts, edges) of a 1-D tensor, as ``numpy.histogram`` with equal bins (the counts
    are float32 under Keras' TensorFlow backend)."""
    x = tensor(x)
    if x.shape.rank != 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: input.shape={x.shape}")
    x = x if x.dtype.is_floating else tf.cast(x, floatx())
    low, high = (tf.reduce_min(x), tf.reduce_max(x)) if range is None else (
        tf.constant(range[0], x.dtype), tf.constant(range[1], x.dtype))
    edges = tf.linspace(low, high, bins + 1)
    inside = tf.math.logical_and(x >= low, x <= high)
    width = (high - low) / bins
    index = tf.cast(tf.math.floor((x - low) / tf.where(width > 0, width, 1.0)), "int32")
    index = tf.clip_by_value(index, 0, bins - 1)
    counts = tf.math.unsorted_segment_sum(tf.cast(inside, "float32"), index, bins)
    return counts, edges


__all__ = ["angle", "bartlett", "bitwise_and", "bitwise_invert", "bitwise_left_shift",
           "bitwise_not", "bitwise_or", "bitwise_right_shift", "bitwise_xor", "blackman",
           "corrcoef", "correlate", "dsplit", "dstack", "geomspace", "hamming", "hanning",
           "histogram", "hsplit", "isreal", "kaiser", "kron", "ldexp", "left_shift",
           "logaddexp2", "logspace", "nanargmax", "nanargmin", "nancumprod", "nancumsum",
           "nanmax", "nanmean", "nanmin", "nanprod", "nanstd", "nansum",
           "nanvar", "right_shift", "trapezoid", "unravel_index", "vander", "vsplit"]
wrap_module(globals(), __all__)
