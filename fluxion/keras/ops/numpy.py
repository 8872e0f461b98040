"""``keras.ops.numpy``: NumPy-style ops with Keras' dtype rules (TensorFlow backend).

Elementwise math lives in numpy_math.py, reductions in numpy_reduce.py, creation and shape
ops in numpy_array.py; this module adds products and lookups and is the public namespace.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops import numpy_array as _array
from fluxion.keras.ops import numpy_extra as _extra
from fluxion.keras.ops import numpy_math as _math
from fluxion.keras.ops import numpy_more as _more
from fluxion.keras.ops import numpy_reduce as _reduce
from fluxion.keras.ops._common import result_type, tensor, wrap_module
from fluxion.keras.ops.numpy_array import *  # noqa: F403
from fluxion.keras.ops.numpy_array import moveaxis
from fluxion.keras.ops.numpy_extra import *  # noqa: F403
from fluxion.keras.ops.numpy_math import *  # noqa: F403
from fluxion.keras.ops.numpy_more import *  # noqa: F403
from fluxion.keras.ops.numpy_reduce import *  # noqa: F403

_DIRECT = ("int32", "int64", "float16", "float32", "float64", "complex64", "complex128")


def _for_product(x1, x2):
    """Both operands in a dtype TF's matmul kernels take, and the dtype to return."""
    x1, x2 = tensor(x1), tensor(x2)
    if x1.dtype == x2.dtype and x1.dtype.name in _DIRECT:
        return x1, x2, x1.dtype.name
    out = result_type(x1.dtype.name, x2.dtype.name)
    compute = out if out in _DIRECT else result_type(out, float)
    return tf.cast(x1, compute), tf.cast(x2, compute), out


def _cast(x, dtype: str):
    return x if x.dtype.name == dtype else tf.cast(x, dtype)


def matmul(x1, x2):
    x1, x2 = tensor(x1), tensor(x2)
    if x1.dtype.name == "int8" and x2.dtype.name == "int8":
        a, b, out = tf.cast(x1, "int32"), tf.cast(x2, "int32"), "int32"
    else:
        a, b, out = _for_product(x1, x2)
    if a.ndim == 1 and b.ndim == 1:
        result = tf.reduce_sum(a * b)
    elif a.ndim == 1:
        result = tf.squeeze(tf.matmul(tf.expand_dims(a, 0), b), -2)
    elif b.ndim == 1:
        result = tf.squeeze(tf.matmul(a, tf.expand_dims(b, -1)), -1)
    else:
        result = tf.matmul(a, b)
    return _cast(result, out)


def dot(x1, x2):
    a, b, out = _for_product(x1, x2)
    if a.shape.rank == 0 or b.shape.rank == 0:
        result = a * b
    elif b.shape.rank == 1:
        result = tf.tensordot(a, b, axes=[[-1 % a.shape.rank], [0]])
    else:
        result = tf.tensordot(a, b, axes=[[a.shape.rank - 1], [b.shape.rank - 2]])
    return tf.cast(result, out)


def tensordot(x1, x2, axes=2):
    a, b, out = _for_product(x1, x2)
    return tf.cast(tf.tensordot(a, b, axes=axes), out)


def einsum(subscripts, *operands, **kwargs):
    operands = [tensor(x) for x in operands]
    out = result_type(*(x.dtype.name for x in operands))
    compute = out if out in _DIRECT else result_type(out, float)
    return tf.cast(tf.einsum(subscripts, *[tf.cast(x, compute) for x in operands]), out)


def outer(x1, x2):
    a, b, _ = _for_product(x1, x2)
    out = result_type(tensor(x1).dtype.name, tensor(x2).dtype.name)
    return tf.cast(tf.reshape(a, [-1, 1]) * tf.reshape(b, [-1]), out)


def inner(x1, x2):
    a, b, out = _for_product(x1, x2)
    if a.shape.rank == 0 or b.shape.rank == 0:
        return tf.cast(a * b, out)
    return tf.cast(tf.tensordot(a, b, axes=[[a.shape.rank - 1], [b.shape.rank - 1]]), out)


def vdot(x1, x2):
    a, b, out = _for_product(x1, x2)
    return tf.cast(tf.reduce_sum(tf.reshape(tf.math.conj(a), [-1]) * tf.reshape(b, [-1])), out)


def searchsorted(sorted_sequence, values, side="left"):
    seq, vals = tensor(sorted_sequence), tensor(values)
    if seq.shape.rank != 1:
        raise ValueError("`searchsorted` only supports 1-D sorted sequences. You can use "
                         "`keras.ops.vectorized_map` to extend it to N-D sequences.")
    seq, vals = (tf.cast(t, result_type(seq.dtype.name, vals.dtype.name)) for t in (seq, vals))
    flat = tf.reshape(vals, [1, -1])
    found = tf.searchsorted(tf.expand_dims(seq, 0), flat, side=side, out_type="int32")
    return tf.reshape(found, tf.shape(vals))


def digitize(x, bins):
    x = tensor(x)
    bins = np.asarray(getattr(bins, "numpy", lambda: bins)())
    if x.dtype.is_bool:
        x = tf.cast(x, "int32")
    edges = tf.constant(bins.astype(x.dtype.as_numpy_dtype))
    flat = tf.reshape(x, [1, -1])
    found = tf.searchsorted(tf.expand_dims(edges, 0), flat, side="right", out_type="int32")
    return tf.reshape(found, tf.shape(x))


def bincount(x, weights=None, minlength=0, sparse=False):
    x = tensor(x)
    if weights is None:
        return tf.math.bincount(x, minlength=minlength, dtype="int32")
    weights = tensor(weights)
    dtype = result_type(x.dtype.name, weights.dtype.name)
    if dtype.startswith(("int", "uint")):
        dtype = "int32" if dtype in ("int8", "int16", "uint8", "uint16") else dtype
    return tf.math.bincount(x, weights=tf.cast(weights, dtype), minlength=minlength,
                            dtype=dtype)


def isin(x1, x2, assume_unique=False, invert=False):
    a, b = tensor(x1), tensor(x2)
    dtype = result_type(a.dtype.name, b.dtype.name)
    a, b = tf.cast(a, dtype), tf.cast(b, dtype)
    hits = tf.reduce_any(tf.math.equal(tf.expand_dims(a, -1), tf.reshape(b, [-1])), axis=-1)
    return tf.math.logical_not(hits) if invert else hits


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("condlist and choicelist must have the same length")
    choices = [tensor(c) for c in choicelist]
    dtype = result_type(*(c.dtype.name for c in choices))
    out = tf.broadcast_to(tensor(default, dtype), tf.shape(choices[0]))
    for cond, choice in reversed(list(zip(condlist, choices))):
        out = tf.where(tf.cast(cond, "bool"), tf.cast(choice, dtype), out)
    return out


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = (tf.cast(t, result_type(tensor(x1).dtype.name, tensor(x2).dtype.name))
            for t in (tensor(x1), tensor(x2)))
    a, b = moveaxis(a, axisa, -1), moveaxis(b, axisb, -1)
    a0, a1, a2 = tf.unstack(a, axis=-1)
    b0, b1, b2 = tf.unstack(b, axis=-1)
    c = tf.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)
    return moveaxis(c, -1, axisc)


__all__ = ["bincount", "cross", "digitize", "dot", "einsum", "inner", "isin", "matmul", "outer",
           "searchsorted", "select", "tensordot", "vdot"]
__all__ += _array.__all__ + _extra.__all__ + _math.__all__ + _more.__all__ + _reduce.__all__
from fluxion.keras.ops.math_stft import i0  # noqa: E402

__all__ += ["i0"]
wrap_module(globals(), __all__)
