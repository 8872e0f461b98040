"""``keras.ops.numpy`` array creation, shape manipulation and indexing."""
from __future__ import annotations

import builtins
import itertools

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import (
    canonical_axis,
    dim,
    dtype_of,
    floatx,
    promote,
    result_type,
    standardize_dtype,
    static_shape,
    tensor,
    wrap_module,
)


def _dtype(dtype):
    return floatx() if dtype is None else standardize_dtype(dtype)


def zeros(shape, dtype=None):
    return tf.zeros(shape, dtype=_dtype(dtype))


def ones(shape, dtype=None):
    return tf.ones(shape, dtype=_dtype(dtype))


def empty(shape, dtype=None):
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    return tf.broadcast_to(tensor(fill_value, _dtype(dtype)), shape)


def zeros_like(x, dtype=None):
    return tf.zeros_like(tensor(x), dtype=None if dtype is None else standardize_dtype(dtype))


def ones_like(x, dtype=None):
    return tf.ones_like(tensor(x), dtype=None if dtype is None else standardize_dtype(dtype))


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def full_like(x, fill_value, dtype=None):
    x = tensor(x)
    dtype = x.dtype.name if dtype is None else standardize_dtype(dtype)
    return tf.broadcast_to(tensor(fill_value, dtype), tf.shape(x))


def array(x, dtype=None):
    return tensor(x, dtype)


def arange(start, stop=None, step=None, dtype=None):
    """``range`` with Keras' dtype: from the arguments' types (ints -> int32)."""
    if dtype is None:
        kinds = [dtype_of(v) for v in (start, stop, step) if v is not None]
        dtype = result_type(*kinds)
    dtype = standardize_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    return tf.range(tensor(start, dtype), tensor(stop, dtype), tensor(step, dtype), dtype=dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if num < 0:
        raise ValueError(f"`num` must be a non-negative integer. Received: num={num}")
    if dtype is None:
        dtype = result_type(dtype_of(start), dtype_of(stop), float)
    dtype = standardize_dtype(dtype)
    compute = dtype if "float" in dtype else floatx()
    start, stop = tensor(start, compute), tensor(stop, compute)
    divisor = (num - 1) if endpoint else num
    step = (stop - start) / tf.cast(builtins.max(divisor, 1), compute) if divisor > 0 else \
        tf.constant(np.nan, compute)
    end = stop if endpoint or num <= 1 else stop - step
    out = tf.linspace(start, end, num, axis=axis)
    if "int" in dtype:
        out = tf.math.floor(out)
    out = tf.cast(out, dtype)
    return (out, step) if retstep else out


def eye(N, M=None, k=0, dtype=None):
    dtype = _dtype(dtype)
    M = N if M is None else M
    return tf.constant(np.eye(N, M, k), dtype)


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    return tf.constant(np.tri(N, M, k), _dtype(dtype))


def _band(x, k, lower: bool):
    """``x`` with entries above (lower) or below (upper) the k-th diagonal zeroed; built from
    the runtime shape, so varying sizes work in graphs."""
    x = tensor(x)
    rows = tf.expand_dims(tf.range(dim(x, -2)), -1)
    offset = tf.range(dim(x, -1)) - rows
    mask = offset <= k if lower else offset >= k
    return tf.where(mask, x, tf.zeros_like(x))


def tril(x, k=0):
    return _band(x, k, True)


def triu(x, k=0):
    return _band(x, k, False)


def reshape(x, newshape):
    return tf.reshape(tensor(x), newshape)


def transpose(x, axes=None):
    x = tensor(x)
    if axes:
        axes = [canonical_axis(a, x.shape.rank) for a in axes]
        if len(set(axes)) != len(axes):
            raise ValueError("`axes` must be a valid permutation of the input dimensions "
                             f"(no duplicates). Received: axes={axes}")
    return tf.transpose(x, perm=axes)


def expand_dims(x, axis):
    x = tensor(x)
    axis = [axis] if isinstance(axis, (int, np.integer)) else list(axis)
    rank = x.shape.rank + len(axis)
    for a in sorted(canonical_axis(a, rank) for a in axis):
        x = tf.expand_dims(x, a)
    return x


def squeeze(x, axis=None):
    x = tensor(x)
    if axis is None:
        return tf.squeeze(x)
    axis = [axis] if isinstance(axis, (int, np.integer)) else list(axis)
    dims = static_shape(x)
    for a in axis:
        if dims[a] is not None and dims[a] != 1:
            raise ValueError(f"Cannot squeeze axis={a}, because the dimension is not 1.")
    return tf.squeeze(x, axis=axis)


def ravel(x):
    return tf.reshape(tensor(x), [-1])


def concatenate(xs, axis=0):
    xs = [tensor(x) for x in xs]
    if len({x.dtype for x in xs}) > 1:
        dtype = result_type(*{x.dtype.name for x in xs})
        xs = [tf.cast(x, dtype) for x in xs]
    return tf.concat(xs, axis=axis)


def stack(x, axis=0):
    kinds = {dtype_of(a) for a in x}
    if len(kinds) > 1:
        dtype = result_type(*kinds)
        x = [tensor(a, dtype) for a in x]
    return tf.stack(x, axis=axis)


def hstack(xs):
    xs = [tensor(x) for x in xs]
    return concatenate(xs, axis=0 if xs[0].shape.rank == 1 else 1)


def vstack(xs):
    return concatenate(xs, axis=0)


def append(x1, x2, axis=None):
    x1, x2 = tensor(x1), tensor(x2)
    if axis is None:
        return concatenate([tf.reshape(x1, [-1]), tf.reshape(x2, [-1])])
    return concatenate([x1, x2], axis=axis)


def split(x, indices_or_sections, axis=0):
    x = tensor(x)
    if isinstance(indices_or_sections, (int, np.integer)):
        return tf.split(x, int(indices_or_sections), axis=axis)
    axis = canonical_axis(axis, x.shape.rank)
    bounds = [0] + [int(i) for i in indices_or_sections] + [None]
    lead = [slice(None)] * axis
    return [x[tuple(lead + [slice(a, b)])] for a, b in itertools.pairwise(bounds)]


def array_split(x, indices_or_sections, axis=0):
    x = tensor(x)
    n, size = int(indices_or_sections), static_shape(x)[axis]
    if size is None:
        raise ValueError("array_split needs a static size along `axis`")
    sizes = [size // n + (1 if i < size % n else 0) for i in range(n)]
    return tf.split(x, sizes, axis=axis)


def tile(x, repeats):
    x = tensor(x)
    repeats = [repeats] if isinstance(repeats, (int, np.integer)) else list(repeats)
    repeats = [1] * (x.shape.rank - len(repeats)) + repeats
    while len(repeats) > x.shape.rank:
        x = tf.expand_dims(x, 0)
    return tf.tile(x, repeats)


def repeat(x, repeats, axis=None):
    return tf.repeat(tensor(x), repeats, axis=axis)


def broadcast_to(x, shape):
    return tf.broadcast_to(tensor(x), shape)


def flip(x, axis=None):
    x = tensor(x)
    rank = x.shape.rank
    axis = list(range(rank)) if axis is None else (
        [axis] if isinstance(axis, (int, np.integer)) else list(axis))
    return tf.reverse(x, [canonical_axis(a, rank) for a in axis])


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def roll(x, shift, axis=None):
    x = tensor(x)
    if axis is not None:
        return tf.roll(x, shift=shift, axis=axis)
    return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, 0), tf.shape(x))


def rot90(array, k=1, axes=(0, 1)):
    x = tensor(array)
    k = k % 4
    a0, a1 = axes
    for _ in range(k):
        x = swapaxes(flip(x, a1), a0, a1)
    return x


def moveaxis(x, source, destination):
    x = tensor(x)
    rank = x.shape.rank
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    src = [canonical_axis(a, rank) for a in src]
    dst = [canonical_axis(a, rank) for a in dst]
    order = [i for i in range(rank) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return tf.transpose(x, order)


def swapaxes(x, axis1, axis2):
    x = tensor(x)
    perm = list(range(x.shape.rank))
    perm[axis1], perm[axis2] = perm[axis2], perm[axis1]
    return tf.transpose(x, perm)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = tensor(x)
    kwargs = {}
    if constant_values is not None:
        if mode != "constant":
            raise ValueError("Argument `constant_values` can only be provided when "
                             f"`mode == 'constant'`. Received: mode={mode}")
        kwargs["constant_values"] = constant_values
    return tf.pad(x, tensor(pad_width, "int32"), mode.upper(), **kwargs)


def size(x):
    return tf.size(tensor(x))


def ndim(x) -> int:
    return tensor(x).shape.rank


def where(condition, x1=None, x2=None):
    condition = tf.cast(condition, "bool")
    if x1 is not None and x2 is not None:
        a, b = promote(x1, x2)
        return tf.where(condition, a, b)
    if x1 is None and x2 is None:
        return nonzero(condition)
    raise ValueError("`x1` and `x2` either both should be `None` or both should have "
                     "non-None value.")


def nonzero(x):
    x = tensor(x)
    found = tf.cast(tf.where(tf.cast(x, "bool")), "int32")
    return tuple(found[:, i] for i in range(x.shape.rank))


def _fix_negative(indices, dim):
    return tf.where(indices < 0, indices + tf.cast(dim, indices.dtype), indices)


def take(x, indices, axis=None):
    x = tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    indices = tensor(indices)
    if not indices.dtype.is_integer:
        indices = tf.cast(indices, "int32")
    indices = _fix_negative(indices, tf.shape(x)[axis])
    return tf.gather(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    x = tensor(x)
    indices = tensor(indices, "int64")
    if axis is None:
        if indices.shape.rank != 1:
            raise ValueError("`indices` must be 1D if axis=None. "
                             f"Received: indices.shape={indices.shape}")
        return take_along_axis(tf.reshape(x, [-1]), indices, 0)
    rank = x.shape.rank
    axis = canonical_axis(axis, rank)
    x_shape, i_shape = static_shape(x), static_shape(indices)
    if x_shape[:axis] + x_shape[axis + 1:] != i_shape[:axis] + i_shape[axis + 1:] or \
            None in x_shape[:axis] + x_shape[axis + 1:]:
        x, indices = _broadcast_except(x, indices, axis)
    indices = _fix_negative(indices, dim(x, axis))
    perm = [i for i in range(rank) if i != axis] + [axis]
    back = [int(i) for i in np.argsort(perm)]
    out = tf.gather(tf.transpose(x, perm), tf.transpose(indices, perm), batch_dims=rank - 1)
    return tf.transpose(out, back)


def _broadcast_except(x, indices, axis):
    """Both broadcast against each other on every axis but ``axis`` (runtime shapes)."""
    sx, si = tf.shape(x), tf.shape(indices)
    one = tf.ones([1], sx.dtype)
    batch = tf.broadcast_dynamic_shape(tf.concat([sx[:axis], one, sx[axis + 1:]], 0),
                                       tf.concat([si[:axis], tf.cast(one, si.dtype),
                                                  si[axis + 1:]], 0))
    x = tf.broadcast_to(x, tf.concat([batch[:axis], sx[axis:axis + 1], batch[axis + 1:]], 0))
    indices = tf.broadcast_to(indices, tf.concat(
        [batch[:axis], tf.cast(si[axis:axis + 1], batch.dtype), batch[axis + 1:]], 0))
    return x, indices


def get_item(x, key):
    return tensor(x)[key]


def meshgrid(*x, indexing="xy"):
    return tf.meshgrid(*[tensor(v) for v in x], indexing=indexing)


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = tensor(x)
    rank = x.shape.rank
    a1, a2 = canonical_axis(axis1, rank), canonical_axis(axis2, rank)
    rest = [i for i in range(rank) if i not in (a1, a2)]
    moved = tf.transpose(x, rest + [a1, a2])
    return tf.linalg.diag_part(moved, k=offset)


def diag(x, k=0):
    x = tensor(x)
    if x.shape.rank == 1:
        return tf.linalg.diag(x, k=k)
    if x.shape.rank == 2:
        return tf.linalg.diag_part(x, k=k)
    raise ValueError(f"`x` must be 1d or 2d. Received: x.shape={x.shape}")


def diagflat(x, k=0):
    return diag(tf.reshape(tensor(x), [-1]), k)


def trace(x, offset=0, axis1=0, axis2=1):
    x = tensor(x)
    d = diagonal(x, offset, axis1, axis2)
    if x.dtype.is_bool or x.dtype.name in ("int8", "int16"):
        d = tf.cast(d, "int32")
    return tf.reduce_sum(d, axis=-1)


def diff(a, n=1, axis=-1):
    a = tensor(a)
    if n < 0:
        raise ValueError(f"Order `n` must be non-negative. Received n={n}")
    if n and a.shape.rank == 0:
        raise ValueError(f"`diff` requires input that is at least one dimensional. "
                         f"Received: a={a}")
    axis = canonical_axis(axis, a.shape.rank) if n else axis
    head = tuple([slice(None)] * axis + [slice(1, None)])
    tail = tuple([slice(None)] * axis + [slice(None, -1)])
    for _ in range(n):
        a = tf.math.not_equal(a[head], a[tail]) if a.dtype.is_bool else a[head] - a[tail]
    return a


__all__ = ["append", "arange", "array", "array_split", "broadcast_to", "concatenate", "diag",
           "diagflat", "diagonal", "diff", "empty", "empty_like", "expand_dims", "eye", "flip",
           "fliplr", "flipud", "full", "full_like", "get_item", "hstack", "identity",
           "linspace", "meshgrid", "moveaxis", "ndim", "nonzero", "ones", "ones_like", "pad",
           "ravel", "repeat", "reshape", "roll", "rot90", "size", "split", "squeeze", "stack",
           "swapaxes", "take", "take_along_axis", "tile", "trace", "transpose", "tri", "tril",
           "triu", "vstack", "where", "zeros", "zeros_like"]
wrap_module(globals(), __all__)
