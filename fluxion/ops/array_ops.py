"""Array construction and manipulation (``tf.reshape``, ``tf.stack``, ``tf.zeros`` ...)."""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer
from fluxion.ops._util import shape_of, static_ints

__all__ = [
    "identity", "reshape", "broadcast_to", "stack", "unstack", "zeros", "ones", "zeros_like",
    "ones_like", "fill", "shape", "size", "rank",
]


# --- identity ------------------------------------------------------------------------------------
def _identity_kernel(xp, x):
    return x


_identity = defop("identity", _identity_kernel, vjp=lambda g, out, x: (g,), infer=_infer.same)


def identity(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    return _identity(input)


# --- reshape -------------------------------------------------------------------------------------
def _reshape_kernel(xp, x, shape):
    size = int(np.prod(x.shape))
    known = int(np.prod([d for d in shape if d != -1]))
    if -1 in shape:
        if list(shape).count(-1) > 1:
            raise InvalidArgumentError(f"Only one input size may be -1, not both in shape "
                                       f"{list(shape)} [Op:Reshape]")
        if known == 0 or size % known:
            raise InvalidArgumentError(
                f"Input to reshape is a tensor with {size} values, but the requested shape "
                f"requires a multiple of {known} [Op:Reshape]")
    elif size != known:
        raise InvalidArgumentError(f"Input to reshape is a tensor with {size} values, but the "
                                   f"requested shape has {known} [Op:Reshape]")
    return xp.reshape(x, shape)


def _infer_reshape(x: Spec, shape):
    if -1 in shape and x.shape is not None and None not in x.shape:
        known = int(np.prod([d for d in shape if d != -1]))
        total = int(np.prod(x.shape))
        return Spec(tuple(total // known if d == -1 and known else d for d in shape), x.dtype)
    return Spec(tuple(None if d == -1 else d for d in shape), x.dtype)


_reshape = defop("reshape", _reshape_kernel, infer=_infer_reshape,
                 vjp=lambda g, out, x, shape: (reshape(g, shape_of(x)),))


def reshape(tensor, shape, name=None) -> Tensor:
    """Gives `tensor` a new shape with the same elements; one dim may be -1."""
    dims = static_ints(shape, "reshape shape")
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    return _reshape(tensor, shape=dims)


# --- broadcast_to --------------------------------------------------------------------------------
def _broadcast_to_kernel(xp, x, shape):
    try:
        return xp.broadcast_to(x, shape)
    except ValueError:
        raise InvalidArgumentError(f"Unable to broadcast tensor of shape {list(x.shape)} to "
                                   f"tensor of shape {list(shape)} [Op:BroadcastTo]") from None


def _vjp_broadcast_to(g, out, x, shape):
    from fluxion.ops._util import unbroadcast  # noqa: PLC0415

    return (unbroadcast(g, x),)


_broadcast_to = defop("broadcast_to", _broadcast_to_kernel, vjp=_vjp_broadcast_to,
                      infer=lambda x, shape: Spec(tuple(shape), x.dtype))


def broadcast_to(input, shape, name=None) -> Tensor:  # noqa: A002
    dims = static_ints(shape, "broadcast_to shape")
    return _broadcast_to(input, shape=(dims,) if isinstance(dims, int) else tuple(dims))


# --- stack / unstack -----------------------------------------------------------------------------
def _stack_kernel(xp, *xs, axis):
    shapes = {x.shape for x in xs}
    if len(shapes) > 1:
        raise InvalidArgumentError(f"Shapes of all inputs must match: values[0].shape = "
                                   f"{list(xs[0].shape)} != values[i].shape for some i "
                                   f"{[list(s) for s in shapes]} [Op:Pack]")
    return xp.stack(xs, axis=axis)


def _infer_stack(*xs: Spec, axis):
    s = xs[0].shape
    if s is None:
        return Spec(None, xs[0].dtype)
    a = axis % (len(s) + 1)
    return Spec(tuple(s[:a]) + (len(xs),) + tuple(s[a:]), xs[0].dtype)


def _vjp_stack(g, out, *xs, axis):
    return tuple(unstack(g, axis=axis))


_stack = defop("stack", _stack_kernel, vjp=_vjp_stack, infer=_infer_stack, tf_name="Pack")


def stack(values, axis=0, name="stack") -> Tensor:
    """Packs a list of same-shaped tensors along a new axis."""
    values = list(values)
    if not values:
        raise ValueError("stack: values must be a non-empty list of tensors")
    rank = len(shape_of(values[0])) if hasattr(values[0], "_value") else np.ndim(values[0])
    if not -(rank + 1) <= axis < rank + 1:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-(rank + 1)}, {rank + 1})")
    return _stack(*values, axis=int(axis) % (rank + 1))


def _unstack_kernel(xp, x, axis, num):
    return tuple(xp.moveaxis(x, axis, 0))


def _infer_unstack(x: Spec, axis, num):
    rest = tuple(d for i, d in enumerate(x.shape) if i != axis)
    return tuple(Spec(rest, x.dtype) for _ in range(num))


def _vjp_unstack(gs, outs, x, axis, num):
    return (stack(list(gs), axis=axis),)


_unstack = defop("unstack", _unstack_kernel, vjp=_vjp_unstack, infer=_infer_unstack,
                 num_outputs="num", tf_name="Unpack")


def unstack(value, num=None, axis=0, name="unstack") -> list:
    """Splits `value` along `axis` into a list of tensors of one rank less."""
    value = value if hasattr(value, "_value") else convert_to_tensor(value)
    shape = np.shape(value._value)
    if not shape:
        raise ValueError("unstack: input must have rank >= 1, got a scalar")
    if not -len(shape) <= axis < len(shape):
        raise ValueError(f"unstack: axis = {axis} not in range [{-len(shape)}, {len(shape)})")
    axis = int(axis) % len(shape)
    n = shape[axis]
    if num is not None and num != n:
        raise ValueError(f"unstack: num={num} does not match dimension {n} of shape {list(shape)}")
    return list(_unstack(value, axis=axis, num=n))


# --- creation ------------------------------------------------------------------------------------
def zeros(shape, dtype=dtypes.float32, name=None) -> Tensor:
    dims = static_ints(shape, "zeros shape")
    return wrap(np.zeros(dims if dims is not None else (), as_dtype(dtype)._np))


def ones(shape, dtype=dtypes.float32, name=None) -> Tensor:
    dims = static_ints(shape, "ones shape")
    return wrap(np.ones(dims if dims is not None else (), as_dtype(dtype)._np))


def fill(dims, value, name=None) -> Tensor:
    value = convert_to_tensor(value)
    return wrap(np.full(static_ints(dims, "fill dims"), value._value))


def zeros_like(input, dtype=None, name=None) -> Tensor:  # noqa: A002
    x = convert_to_tensor(input) if not hasattr(input, "_value") else input
    npd = x._value.dtype if dtype is None else as_dtype(dtype)._np
    return wrap(np.zeros(x._value.shape, npd))


def ones_like(input, dtype=None, name=None) -> Tensor:  # noqa: A002
    x = convert_to_tensor(input) if not hasattr(input, "_value") else input
    npd = x._value.dtype if dtype is None else as_dtype(dtype)._np
    return wrap(np.ones(x._value.shape, npd))


def shape(input, out_type=dtypes.int32, name=None) -> Tensor:  # noqa: A002
    x = input if hasattr(input, "_value") else convert_to_tensor(input)
    return wrap(np.asarray(x._value.shape, as_dtype(out_type)._np))


def size(input, out_type=dtypes.int32, name=None) -> Tensor:  # noqa: A002
    x = input if hasattr(input, "_value") else convert_to_tensor(input)
    return wrap(np.asarray(np.size(x._value), as_dtype(out_type)._np))


def rank(input, name=None) -> Tensor:  # noqa: A002
    x = input if hasattr(input, "_value") else convert_to_tensor(input)
    return wrap(np.asarray(np.ndim(x._value), np.int32))
