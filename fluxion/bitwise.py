"""The ``tf.bitwise`` namespace (integer bit operations)."""
from fluxion.core.op import defop as _defop
from fluxion.ops import _infer
from fluxion.ops.math_ops import _bitwise_and, _bitwise_not, _bitwise_or, _bitwise_xor


def bitwise_and(x, y, name=None):
    return _bitwise_and(x, y)


def bitwise_or(x, y, name=None):
    return _bitwise_or(x, y)


def bitwise_xor(x, y, name=None):
    return _bitwise_xor(x, y)


def invert(x, name=None):
    return _bitwise_not(x)


def _shift_kernel(direction: str):
    def kernel(xp, x, y):
        if x.dtype.kind not in "iu":
            raise TypeError(f"{direction}: x must be an integer tensor, got {x.dtype}")
        bits = x.dtype.itemsize * 8
        # shifts by >= the width (or < 0) are undefined in TF's C++: saturate, as NumPy cannot
        y = xp.clip(y, 0, bits - 1).astype(x.dtype)
        return (xp.left_shift if direction == "LeftShift" else xp.right_shift)(x, y)
    return kernel


_left_shift = _defop("left_shift", _shift_kernel("LeftShift"), infer=_infer.broadcast,
                     tf_name="LeftShift")
_right_shift = _defop("right_shift", _shift_kernel("RightShift"), infer=_infer.broadcast,
                      tf_name="RightShift")


def left_shift(x, y, name=None):
    """x << y elementwise (integers)."""
    return _left_shift(x, y)


def right_shift(x, y, name=None):
    """x >> y elementwise: arithmetic for signed integers, as TF."""
    return _right_shift(x, y)
