"""Keras 2 backend functions of ``tf.keras.backend`` for tensors and state: ``constant``,
``variable``/``zeros``/``ones``/``eye`` (Variables, floatx by default), value access
(``get_value``, ``set_value``, ``batch_*``) and updates (``update_add``,
``moving_average_update``...)."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.backend_legacy import _floatx, py_all, to_dense


def _check_tensor_dtype(value, dtype, error):
    """TF refuses to convert a tensor to another dtype here (no implicit cast)."""
    if tf.is_tensor(value) and value.dtype != tf.as_dtype(dtype):
        raise error(f"Tensor conversion requested dtype {tf.as_dtype(dtype).name} for Tensor "
                    f"with dtype {value.dtype.name}")


def constant(value, dtype=None, shape=None, name=None):
    dtype = _floatx(dtype)
    _check_tensor_dtype(value, dtype, TypeError)
    return tf.constant(value, dtype=dtype, shape=shape, name=name)


def variable(value, dtype=None, name=None, constraint=None):
    dtype = _floatx(dtype)
    _check_tensor_dtype(value, dtype, ValueError)
    return tf.Variable(value, dtype=tf.as_dtype(dtype), name=name, constraint=constraint)


def _filled(fill, shape, dtype, name):
    """A Variable when every dim is known and non-zero, else a plain tensor (Keras 2)."""
    with tf.init_scope():
        dtype = _floatx(dtype)
        value = fill(shape=shape, dtype=tf.as_dtype(dtype), name=name)
        if py_all(value.shape.as_list()):
            return variable(value, dtype=dtype, name=name)
        return value


def zeros(shape, dtype=None, name=None):
    return _filled(tf.zeros, shape, dtype, name)


def ones(shape, dtype=None, name=None):
    return _filled(tf.ones, shape, dtype, name)


def eye(size, dtype=None, name=None):
    dtype = _floatx(dtype)
    return variable(tf.eye(size, dtype=tf.as_dtype(dtype)), dtype, name)


def zeros_like(x, dtype=None, name=None):
    return tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    return tf.ones_like(x, dtype=dtype, name=name)


def get_value(x):
    """The NumPy value of a tensor or variable; anything else is returned as is."""
    if not tf.is_tensor(x) and not isinstance(x, tf.Variable):
        return x
    with tf.init_scope():
        return x.numpy()


def eval(x):
    return get_value(to_dense(x))


def batch_get_value(tensors):
    return [x.numpy() for x in tensors]


def set_value(x, value):
    x.assign(np.asarray(value, dtype=x.dtype.name))


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


def update(x, new_x):
    return x.assign(new_x)


def update_add(x, increment):
    return x.assign_add(increment)


def update_sub(x, decrement):
    return x.assign_sub(decrement)


def moving_average_update(x, value, momentum):
    """``x -= (x - value) * (1 - momentum)``, in x's dtype."""
    momentum = tf.cast(momentum, x.dtype)
    value = tf.cast(value, x.dtype)
    return x.assign_sub((x - value) * (1 - momentum))


def name_scope(name):
    return tf.name_scope(name)


def gradients(loss, variables):
    """Symbolic gradients need TF1 graphs; under eager execution TF raises RuntimeError."""
    raise RuntimeError("tf.gradients is not supported when eager execution is enabled. Use "
                       "tf.GradientTape instead.")


__all__ = [
    'batch_get_value',
    'batch_set_value',
    'constant',
    'eval',
    'eye',
    'get_value',
    'gradients',
    'moving_average_update',
    'name_scope',
    'ones',
    'ones_like',
    'set_value',
    'update',
    'update_add',
    'update_sub',
    'variable',
    'zeros',
    'zeros_like',
]
