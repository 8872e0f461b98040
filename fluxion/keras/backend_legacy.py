"""The Keras 2 backend functions ``tf.keras.backend`` still exposes (Keras 3's
``keras.src.legacy.backend``): math, reductions, shapes, variables and state updates, each a
thin wrapper over public fluxion ops with the legacy defaults (``mean``/``std``/``var`` cast
bool to floatx, ``argmax`` on the last axis, ``cumsum`` on axis 0, ``constant``/``ones``/...
default to floatx, ``sqrt`` clamps negatives to 0, ...)."""
from __future__ import annotations

import builtins
import math as _math

import numpy as np

import fluxion as tf

py_all = builtins.all
py_any = builtins.any


def _config():
    """``fluxion.keras.backend`` (imported late: it imports this module)."""
    from fluxion.keras import backend

    return backend


def _floatx(dtype):
    return _config().floatx() if dtype is None else dtype


def static_dims(x):
    """``x``'s shape as a list, None where unknown or where it varies between runs of the graph
    being traced (inside a trace ``Tensor.shape`` shows the tracing example's sizes)."""
    from fluxion.keras.ops._common import static_shape

    dims = x.shape
    if isinstance(dims, tuple):  # symbolic KerasTensor
        return list(dims)
    if tf.is_tensor(x) and not isinstance(x, tf.Variable):
        return static_shape(x)
    return dims.as_list()


# --- elementwise -------------------------------------------------------------------------------
def abs(x):
    return tf.abs(x)


def cos(x):
    return tf.cos(x)


def sin(x):
    return tf.sin(x)


def exp(x):
    return tf.exp(x)


def log(x):
    return tf.math.log(x)


def square(x):
    return tf.square(x)


def sqrt(x):
    """``tf.sqrt`` of ``x`` with negatives clamped to 0 first (no NaN)."""
    x = tf.convert_to_tensor(x)
    return tf.sqrt(tf.maximum(x, tf.constant(0.0, x.dtype)))


def sign(x):
    return tf.sign(x)


def round(x):
    return tf.round(x)


def pow(x, a):
    return tf.pow(x, a)


def tanh(x):
    return tf.tanh(x)


def sigmoid(x):
    return tf.sigmoid(x)


def softplus(x):
    return tf.math.softplus(x)


def softsign(x):
    return tf.math.softsign(x)


def hard_sigmoid(x):
    """``clip(0.2 * x + 0.5, 0, 1)`` (the Keras 2 slope, not Keras 3's 1/6)."""
    x = tf.convert_to_tensor(x)
    y = x * tf.constant(0.2, x.dtype) + tf.constant(0.5, x.dtype)
    return tf.clip_by_value(y, 0.0, 1.0)


def clip(x, min_value, max_value):
    """``tf.clip_by_value``; None bounds are infinite and a max below the min becomes the min."""
    if (isinstance(min_value, (int, float)) and isinstance(max_value, (int, float))
            and max_value < min_value):
        max_value = min_value
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    return tf.clip_by_value(x, min_value, max_value)


def equal(x, y):
    return tf.equal(x, y)


def not_equal(x, y):
    return tf.not_equal(x, y)


def greater(x, y):
    return tf.greater(x, y)


def greater_equal(x, y):
    return tf.greater_equal(x, y)


def less(x, y):
    return tf.less(x, y)


def less_equal(x, y):
    return tf.less_equal(x, y)


def maximum(x, y):
    return tf.maximum(x, y)


def minimum(x, y):
    return tf.minimum(x, y)


def cast(x, dtype):
    return tf.cast(x, dtype)


def cast_to_floatx(x):
    """Tensors are cast to floatx; anything else becomes a NumPy array of floatx."""
    if isinstance(x, (tf.Tensor, tf.Variable, tf.SparseTensor)):
        return tf.cast(x, dtype=_config().floatx())
    return np.asarray(x, dtype=_config().floatx())


def stop_gradient(variables):
    """A list or tuple gives a lazy ``map`` object, as Keras 2 did."""
    if isinstance(variables, (list, tuple)):
        return map(tf.stop_gradient, variables)
    return tf.stop_gradient(variables)


# --- reductions ---------------------------------------------------------------------------------
def _to_float_if_bool(x):
    x = tf.convert_to_tensor(x)
    return tf.cast(x, _config().floatx()) if x.dtype == tf.bool else x


def sum(x, axis=None, keepdims=False):
    return tf.reduce_sum(x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return tf.reduce_prod(x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    return tf.reduce_max(x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    return tf.reduce_min(x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    return tf.reduce_mean(_to_float_if_bool(x), axis, keepdims)


def std(x, axis=None, keepdims=False):
    return tf.math.reduce_std(_to_float_if_bool(x), axis=axis, keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    return tf.math.reduce_variance(_to_float_if_bool(x), axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(tf.cast(x, tf.bool), axis, keepdims)


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(tf.cast(x, tf.bool), axis, keepdims)


def argmax(x, axis=-1):
    return tf.argmax(x, axis)


def argmin(x, axis=-1):
    return tf.argmin(x, axis)


def cumsum(x, axis=0):
    return tf.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    return tf.math.cumprod(x, axis=axis)


def l2_normalize(x, axis=None):
    return tf.linalg.l2_normalize(x, axis=axis)


def in_top_k(predictions, targets, k):
    return tf.math.in_top_k(targets, predictions, k)


# --- shapes and arrays --------------------------------------------------------------------------
def int_shape(x):
    """The static shape as a tuple of ints/None (None when the rank is unknown)."""
    try:
        dims = static_dims(x)
    except ValueError:
        return None
    return None if dims is None else tuple(dims)


def ndim(x):
    return x.shape.rank if not isinstance(x.shape, tuple) else len(x.shape)


def shape(x):
    return tf.shape(x)


def dtype(x):
    dt = x.dtype
    return dt if isinstance(dt, str) else dt.base_dtype.name


def count_params(x):
    return _math.prod(x.shape.as_list())


def is_sparse(tensor):
    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor):
    return tf.sparse.to_dense(tensor) if is_sparse(tensor) else tensor


def reshape(x, shape):
    return tf.reshape(x, shape)


def permute_dimensions(x, pattern):
    return tf.transpose(x, perm=pattern)


def transpose(x):
    return tf.transpose(x)


def expand_dims(x, axis=-1):
    return tf.expand_dims(x, axis)


def squeeze(x, axis):
    return tf.squeeze(x, [axis])


def flatten(x):
    return tf.reshape(x, [-1])


def batch_flatten(x):
    """(batch, prod(other dims)): the static inner size where known, else computed."""
    x = tf.convert_to_tensor(x)
    inner = static_dims(x)[1:]
    if py_all(d is not None for d in inner):
        return tf.reshape(x, [-1, _math.prod(inner)])
    return tf.reshape(x, tf.stack([-1, tf.reduce_prod(tf.shape(x)[1:])]))


def stack(x, axis=0):
    return tf.stack(x, axis=axis)


def concatenate(tensors, axis=-1):
    """``tf.concat`` with a negative axis counted from the first tensor's rank."""
    if axis < 0:
        rank = ndim(tensors[0])
        axis = axis % rank if rank else 0
    if py_all(is_sparse(x) for x in tensors):
        return tf.sparse.concat(axis, list(tensors))
    return tf.concat([to_dense(x) for x in tensors], axis)


def tile(x, n):
    return tf.tile(x, [n] if isinstance(n, int) else n)


def repeat(x, n):
    """(batch, dim) -> (batch, n, dim)."""
    if ndim(x) != 2:
        raise ValueError(f"Expected input `x` to have rank 2. Received: rank(x)={ndim(x)}")
    return tf.tile(tf.expand_dims(x, 1), [1, n, 1])


def repeat_elements(x, rep, axis):
    """Each slice along ``axis`` repeated ``rep`` times in place (``np.repeat``)."""
    return tf.repeat(x, rep, axis=axis)


def reverse(x, axes):
    return tf.reverse(x, [axes] if isinstance(axes, int) else axes)


def gather(reference, indices):
    return tf.gather(reference, indices)


def one_hot(indices, num_classes):
    return tf.one_hot(indices, depth=num_classes, axis=-1)


def arange(start, stop=None, step=1, dtype="int32"):
    if stop is None and start < 0:
        start = 0
    result = tf.range(start, limit=stop, delta=step, name="arange")
    return result if dtype == "int32" else tf.cast(result, dtype)


def switch(condition, then_expression, else_expression):
    """A scalar condition picks a branch (``tf.cond``; callables are called lazily); a tensor
    condition selects elementwise, broadcast over the trailing dims of the expressions."""
    condition = tf.convert_to_tensor(condition)
    if condition.dtype != tf.bool:
        condition = tf.cast(condition, "bool")
    cond_ndim = ndim(condition)
    if not cond_ndim:
        then_fn = then_expression if callable(then_expression) else (lambda: then_expression)
        else_fn = else_expression if callable(else_expression) else (lambda: else_expression)
        return tf.cond(condition, then_fn, else_fn)
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    expr_ndim = ndim(then_expression)
    if cond_ndim > expr_ndim:
        raise ValueError("Rank of `condition` should be less than or equal to rank of "
                         f"`then_expression` and `else_expression`. ndim(condition)="
                         f"{cond_ndim}, ndim(then_expression)={expr_ndim}")
    if cond_ndim > 1:
        condition = tf.reshape(condition, tf.concat(
            [tf.shape(condition), [1] * (expr_ndim - cond_ndim)], axis=0))
    return tf.where(condition, then_expression, else_expression)


def foldl(fn, elems, initializer=None, name=None):
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    return tf.foldr(fn, elems, initializer=initializer, name=name)


def map_fn(fn, elems, name=None, dtype=None):
    return tf.map_fn(fn, elems, name=name, dtype=dtype)


# --- dot products -------------------------------------------------------------------------------
def dot(x, y):
    """Keras 2 ``dot``: for rank > 2, contracts x's last axis with y's second-to-last,
    giving ``x.shape[:-1] + y.shape[:-2] + y.shape[-1:]``."""
    if ndim(x) is not None and (ndim(x) > 2 or ndim(y) > 2):
        x_shape = _dims(x)
        y_shape = _dims(y)
        perm = list(range(ndim(y)))
        perm = [perm.pop(-2)] + perm
        xt = tf.reshape(x, [-1, x_shape[-1]])
        yt = tf.reshape(tf.transpose(y, perm=perm), [y_shape[-2], -1])
        out_shape = x_shape[:-1] + y_shape[:-2] + y_shape[-1:]
        if py_any(tf.is_tensor(d) for d in out_shape):
            out_shape = tf.stack(out_shape)
        return tf.reshape(tf.matmul(xt, yt), out_shape)
    return tf.matmul(x, y)


def _dims(x) -> list:
    """Static dims where known, dynamic scalars elsewhere."""
    static = static_dims(x)
    if py_all(d is not None for d in static):
        return static
    dynamic = tf.unstack(tf.shape(x))
    return [d if d is not None else s for d, s in zip(static, dynamic)]


def batch_dot(x, y, axes=None):
    """Keras 2 ``batch_dot``: per-sample dot product over ``axes`` (default: x's last axis with
    y's second-to-last, or its last when y is 2-D); rank-2 results become (batch, 1)."""
    x_ndim, y_ndim = len(x.shape), len(y.shape)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError("Cannot do batch_dot on inputs with rank < 2. Received inputs with "
                         f"tf.shapes {x.shape} and {y.shape}.")
    sx, sy = static_dims(x), static_dims(y)
    bx, by = sx[0], sy[0]
    if bx is not None and by is not None and bx != by:
        raise ValueError("Cannot do batch_dot on inputs with different batch sizes. Received "
                         f"inputs with tf.shapes {x.shape} and {y.shape}.")
    if isinstance(axes, int):
        axes = [axes, axes]
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 1] if y_ndim == 2 else [x_ndim - 1, y_ndim - 2]
    if py_any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError("Multiple target dimensions are not supported. Expected: None, int, "
                         f"(int, int), Provided: {axes}")
    a0, a1 = axes[0] % x_ndim if axes[0] < 0 else axes[0], axes[1] % y_ndim \
        if axes[1] < 0 else axes[1]
    if a0 == 0 or a1 == 0:
        raise ValueError("Cannot perform batch_dot over axis 0. If your inputs are not "
                         "batched, add a dummy batch dimension to your inputs using "
                         "K.expand_dims(x, 0)")
    d1, d2 = sx[a0], sy[a1]
    if d1 is not None and d2 is not None and d1 != d2:
        raise ValueError(f"Cannot do batch_dot on inputs with tf.shapes {x.shape} and "
                         f"{y.shape} with axes={[a0, a1]}. x.shape[{a0}] != y.shape[{a1}] "
                         f"({d1} != {d2}).")
    x_free = [chr(ord("b") + i) for i in range(x_ndim - 1)]
    y_free = [chr(ord("n") + i) for i in range(y_ndim - 1)]
    xs = ["a"] + x_free
    ys = ["a"] + y_free
    ys[a1] = xs[a0]
    out = ["a"] + [c for i, c in enumerate(xs) if i not in (0, a0)] + \
        [c for i, c in enumerate(ys) if i not in (0, a1)]
    result = tf.einsum(f"{''.join(xs)},{''.join(ys)}->{''.join(out)}", x, y)
    if x_ndim == 2 and y_ndim == 2:
        result = tf.expand_dims(result, 1)
    return result


__all__ = ['abs', 'all', 'any', 'arange', 'argmax', 'argmin', 'batch_dot', 'batch_flatten', 'cast',
           'cast_to_floatx', 'clip', 'concatenate', 'cos', 'count_params', 'cumprod', 'cumsum',
           'dot', 'dtype', 'equal', 'exp', 'expand_dims', 'flatten', 'foldl', 'foldr', 'gather',
           'greater', 'greater_equal', 'hard_sigmoid', 'in_top_k', 'int_shape', 'is_sparse',
           'l2_normalize', 'less', 'less_equal', 'log', 'map_fn', 'max', 'maximum', 'mean', 'min',
           'minimum', 'ndim', 'not_equal', 'one_hot', 'permute_dimensions', 'pow', 'prod',
           'repeat', 'repeat_elements', 'reshape', 'reverse', 'round', 'shape', 'sigmoid', 'sign',
           'sin', 'softplus', 'softsign', 'sqrt', 'square', 'squeeze', 'stack', 'std',
           'stop_gradient', 'sum', 'switch', 'tanh', 'tile', 'to_dense', 'transpose', 'var']
