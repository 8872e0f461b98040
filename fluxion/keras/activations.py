"""``tf.keras.activations``: Keras 3's activation functions, `get`, `serialize`, `deserialize`.

Each activation is a thin composition of fluxion ops (fused ``tf.nn`` primitives where they
exist), so it runs eagerly, inside ``fluxion.function`` and under GradientTape. Called on a
functional-API ``KerasTensor``, an activation records itself as a small layer, as Keras does.
"""
from __future__ import annotations

import functools
import types
import warnings

import fluxion as tf
from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable
from fluxion.keras import backend
from fluxion.keras.utils.serialization import (deserialize_keras_object, get_registered_name,
                                               get_registered_object, serialize_keras_object)

_TENSORS = (Tensor, Variable)


def _symbolic_aware(fn):
    """Lets `fn(x, ...)` take a functional-API KerasTensor: the call becomes a layer node."""
    @functools.wraps(fn)
    def activation(x, *args, **kwargs):
        if type(x).__name__ == "KerasTensor":
            from fluxion.keras.engine.op_layer import record_op  # noqa: PLC0415

            op = "activation_relu" if fn.__name__ == "relu" else fn.__name__
            return record_op(fn, op, (x, *args), kwargs)
        return fn(x, *args, **kwargs)
    return activation


def _tensor(x):
    return x if isinstance(x, _TENSORS) else tf.convert_to_tensor(x)


def _as_float(x):
    """Integers and booleans become floatx, as keras.ops' math functions do."""
    x = _tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    return tf.cast(x, backend.floatx())


def _const(value, dtype):
    """A Python scalar as a tensor of `dtype` (TypeError when it does not fit, as Keras)."""
    return tf.constant(value, dtype)


# --- rectifiers ----------------------------------------------------------------------------------
@_symbolic_aware
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """max(x, 0) with Keras' options: a slope below `threshold`, a cap at `max_value`, and
    values at or below `threshold` set to 0 (before the slope is applied)."""
    if negative_slope == 0.0 and max_value is None and threshold == 0:
        return tf.nn.relu(x)
    x = _tensor(x)
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return tf.nn.leaky_relu(x, alpha=negative_slope)
        negative_part = tf.nn.relu(threshold - x if threshold != 0 else -x)
    clip_max = max_value is not None
    if threshold != 0:
        x = tf.where(x > tf.cast(threshold, x.dtype), x, tf.zeros_like(x))
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        x = tf.clip_by_value(x, tf.cast(0.0, x.dtype), tf.cast(max_value, x.dtype))
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


@_symbolic_aware
def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(x, alpha=negative_slope)


@_symbolic_aware
def relu6(x):
    return tf.nn.relu6(x)


@_symbolic_aware
def elu(x, alpha=1.0):
    """x if x > 0, else alpha * (exp(x) - 1)."""
    res = tf.nn.elu(x)
    if alpha == 1:
        return res
    return tf.where(_tensor(x) > 0, res, alpha * res)


@_symbolic_aware
def selu(x):
    return tf.nn.selu(x)


@_symbolic_aware
def celu(x, alpha=1.0):
    """max(x, 0) + alpha * expm1(min(x, 0) / alpha)."""
    x = _tensor(x)
    return tf.maximum(x, 0.0) + alpha * tf.math.expm1(tf.minimum(x, 0.0) / alpha)


@_symbolic_aware
def gelu(x, approximate=False):
    return tf.nn.gelu(_tensor(x), approximate=approximate)


@_symbolic_aware
def silu(x):
    """x * sigmoid(x) (also `swish`)."""
    return tf.nn.silu(x)


swish = silu


@_symbolic_aware
def mish(x):
    """x * tanh(softplus(x))."""
    x = _tensor(x)
    return x * tf.tanh(tf.math.softplus(x))


# --- sigmoid-like --------------------------------------------------------------------------------
@_symbolic_aware
def sigmoid(x):
    return tf.sigmoid(x)


@_symbolic_aware
def hard_sigmoid(x):
    """relu6(x + 3) / 6: 0 below -3, 1 above 3, linear between."""
    x = _tensor(x)
    return tf.nn.relu6(x + _const(3.0, x.dtype)) / _const(6.0, x.dtype)


@_symbolic_aware
def hard_silu(x):
    """x * hard_sigmoid(x) (also `hard_swish`)."""
    x = _tensor(x)
    return x * hard_sigmoid(x)


hard_swish = hard_silu


@_symbolic_aware
def sparse_sigmoid(x):
    """0 for x <= -1, 1 for x >= 1, (x + 1) / 2 between."""
    x = _tensor(x)
    zero, one = _const(0.0, x.dtype), _const(1.0, x.dtype)
    return tf.where(x <= -1, zero, tf.where(x >= 1, one, 0.5 * (x + 1)))


@_symbolic_aware
def log_sigmoid(x):
    return tf.math.log_sigmoid(x)


@_symbolic_aware
def tanh(x):
    return tf.tanh(_as_float(x))


@_symbolic_aware
def hard_tanh(x):
    return tf.clip_by_value(_tensor(x), -1.0, 1.0)


@_symbolic_aware
def tanh_shrink(x):
    """x - tanh(x)."""
    x = _tensor(x)
    return x - tf.tanh(x)


@_symbolic_aware
def softplus(x):
    return tf.math.softplus(x)


@_symbolic_aware
def softsign(x):
    return tf.nn.softsign(x)


@_symbolic_aware
def squareplus(x, b=4):
    """(x + sqrt(x^2 + b)) / 2."""
    x = _tensor(x)
    return (x + tf.sqrt(tf.square(x) + tf.cast(b, x.dtype))) / 2


@_symbolic_aware
def sparse_plus(x):
    """0 for x <= -1, (x + 1)^2 / 4 for -1 < x < 1, x for x >= 1."""
    x = _tensor(x)
    return tf.where(x <= -1, tf.zeros_like(x), tf.where(x < 1, 0.25 * tf.square(x + 1), x))


@_symbolic_aware
def exponential(x):
    return tf.exp(_as_float(x))


def linear(x):  # the input itself, a KerasTensor included (as Keras)
    return x


# --- shrinkage and thresholds --------------------------------------------------------------------
@_symbolic_aware
def soft_shrink(x, threshold=0.5):
    """x - threshold above threshold, x + threshold below -threshold, 0 between."""
    x = _tensor(x)
    zero = tf.zeros_like(x)
    return tf.where(x > threshold, x - threshold,
                    tf.where(x < -threshold, x + threshold, zero))


@_symbolic_aware
def hard_shrink(x, threshold=0.5):
    """x where |x| > threshold, else 0."""
    x = _tensor(x)
    return tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x))


@_symbolic_aware
def threshold(x, threshold, default_value):
    """x where x > threshold, else `default_value`."""
    x = _tensor(x)
    return tf.where(x > threshold, x, tf.convert_to_tensor(default_value, dtype=x.dtype))


# --- normalising activations ---------------------------------------------------------------------
def _over_axes(fn, x, axis):
    """`fn` (softmax-like, along the last axis) applied jointly over several axes: move them
    last, flatten them into one, apply, and undo."""
    rank = x.shape.rank
    axes = sorted({a % rank for a in axis})
    keep = [d for d in range(rank) if d not in axes]
    moved = tf.transpose(x, keep + axes)
    kept = [x.shape[d] for d in keep]
    if None in kept:
        flat_shape = tf.concat([tf.shape(moved)[:len(keep)], [-1]], 0)
    else:
        flat_shape = [*kept, -1]
    out = tf.reshape(fn(tf.reshape(moved, flat_shape), axis=-1), tf.shape(moved))
    order = keep + axes
    return tf.transpose(out, sorted(range(rank), key=order.__getitem__))


def _normalising(fn, x, axis, name):
    x = _tensor(x)
    if axis is None:
        return tf.reshape(fn(tf.reshape(x, [-1]), axis=-1), tf.shape(x))
    if isinstance(axis, (tuple, list)):
        return _over_axes(fn, x, axis)
    shape = x.shape
    rank = shape.rank
    if name == "softmax" and rank is not None and -rank <= axis < rank and shape[axis] == 1:
        warnings.warn(f"You are using a softmax over axis {axis} of a tensor of shape "
                      f"{tuple(shape)}. This axis has size 1. The softmax operation will "
                      f"always return the value 1, which is likely not what you intended. "
                      f"Did you mean to use a sigmoid instead?", stacklevel=3)
    return fn(x, axis=axis)


@_symbolic_aware
def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along `axis` (an int, a tuple of axes, or None for all)."""
    return _normalising(tf.nn.softmax, x, axis, "softmax")


@_symbolic_aware
def log_softmax(x, axis=-1):
    """x - log(sum(exp(x))) along `axis` (an int, a tuple of axes, or None for all)."""
    return _normalising(tf.nn.log_softmax, x, axis, "log_softmax")


@_symbolic_aware
def glu(x, axis=-1):
    """Gated linear unit: a * sigmoid(b), where a and b are the halves of x along `axis`."""
    x = _tensor(x)
    if x.shape[axis] is not None and x.shape[axis] % 2 != 0:
        raise ValueError(f"axis size must be divisible by 2. Received: "
                         f"x.shape={tuple(x.shape)} with axis={axis}")
    a, b = tf.split(x, 2, axis=axis)
    return a * tf.sigmoid(b)


@_symbolic_aware
def sparsemax(x, axis=-1):
    """Sparsemax as Keras 3.15 computes it.

    Keras' threshold is (sum over the support of the *cumulative* sums - 1) / k rather than
    (cumsum at k - 1) / k; the two agree when the support has one element. Kept as Keras
    computes it so that results match.
    """
    x = _tensor(x)
    rank = x.shape.rank
    ordered = tf.sort(x, axis=axis, direction="DESCENDING")
    cumulative = tf.cumsum(ordered, axis=axis)
    ranks_shape = [1] * rank
    ranks_shape[axis] = -1
    ranks = tf.reshape(tf.range(1, tf.shape(x)[axis] + 1, dtype=x.dtype), ranks_shape)
    support = ordered - (cumulative - 1) / ranks > 0
    k = tf.reduce_sum(tf.cast(support, x.dtype), axis=axis, keepdims=True)
    tau = (tf.reduce_sum(tf.where(support, cumulative, tf.zeros_like(cumulative)), axis=axis,
                         keepdims=True) - 1) / k
    return tf.maximum(x - tau, 0.0)


# --- identifiers ---------------------------------------------------------------------------------
ALL_OBJECTS = (relu, leaky_relu, relu6, softmax, celu, elu, selu, softplus, softsign,
               squareplus, soft_shrink, sparse_plus, silu, gelu, glu, tanh, tanh_shrink,
               threshold, sigmoid, sparse_sigmoid, exponential, hard_sigmoid, hard_silu,
               hard_tanh, hard_shrink, linear, mish, log_softmax, log_sigmoid, sparsemax)
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(swish=silu, hard_swish=hard_silu)
_BUILTIN_NAMES = frozenset(fn.__name__ for fn in ALL_OBJECTS)


def serialize(activation):
    """A built-in activation's name; a dict config for registered or custom ones."""
    config = serialize_keras_object(activation)
    if "config" not in config:
        raise ValueError(f"Unknown activation function '{activation}' cannot be serialized due "
                         f"to invalid function name. Make sure to use an activation name that "
                         f"matches the references defined in activations.py or use "
                         f"`@keras.saving.register_keras_serializable()`to register any custom "
                         f"activations. config={config}")
    if not isinstance(activation, types.FunctionType):
        return config  # activation objects (layers...) keep their full config
    if isinstance(config["config"], str) and config["config"] not in _BUILTIN_NAMES:
        config["config"] = get_registered_name(activation)
        return config
    return config["config"]


def deserialize(config, custom_objects=None):
    """The activation a name or config describes (built-in, registered or custom)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="activation function")


def get(identifier):
    """An activation from None (linear), a name, a config dict or a callable."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        found = deserialize(identifier)
    elif isinstance(identifier, str):
        found = ALL_OBJECTS_DICT.get(identifier)
        if found is None:
            found = get_registered_object(identifier)
    else:
        found = identifier
    if callable(found):
        return found
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")


__all__ = ["celu", "deserialize", "elu", "exponential", "gelu", "get", "glu", "hard_shrink",
           "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu",
           "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
           "serialize", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
           "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus",
           "swish", "tanh", "tanh_shrink", "threshold"]
