"""The ``tf.bitwise`` namespace (integer bit operations)."""
from fluxion.ops.math_ops import _bitwise_and, _bitwise_not, _bitwise_or, _bitwise_xor


def bitwise_and(x, y, name=None):
    return _bitwise_and(x, y)


def bitwise_or(x, y, name=None):
    return _bitwise_or(x, y)


def bitwise_xor(x, y, name=None):
    return _bitwise_xor(x, y)


def invert(x, name=None):
    return _bitwise_not(x)
