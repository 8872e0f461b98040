"""Array shape and structure ops (``tf.reshape``, ``tf.transpose``, ``tf.concat`` ...).

This module holds the primitives that rearrange a tensor without computing on its values
(reshape, expand_dims, squeeze, transpose, broadcast_to, stack/unstack, concat/split).
Indexing, padding, tile/repeat, reverse and roll live in `slicing_ops`, tensor creation and
shape queries in `array_create`; both are re-exported from here. Kernels return NumPy views
where they can: tensors are immutable, so sharing memory is safe and keeps the hot path cheap.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.op import Spec, defop
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, math_ops
from fluxion.ops._util import runtime_shape, shape_of, static_value, unbroadcast

__all__ = [
    "identity", "identity_n", "guarantee_const", "stop_gradient", "reshape", "expand_dims",
    "squeeze", "transpose", "broadcast_to", "stack", "unstack", "concat", "split", "newaxis",
]

newaxis = None
# `range` and `slice` are re-exported below as tf.range / tf.slice; keep Python's at hand.
_pyrange = range
_pyslice = slice


# --- static argument helpers ---------------------------------------------------------------------
def dims_arg(shape, op: str, error=InvalidArgumentError) -> tuple:
    """A static shape argument (int, list, tuple, tensor, TensorShape) as a tuple of ints."""
    kind = type(shape)
    if kind is tuple or kind is list:
        for d in shape:
            if type(d) is not int:
                break
        else:
            return tuple(shape)
    elif kind is int:
        return (shape,)
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"{op}: shape {shape} must be fully defined")
        return tuple(shape.as_list())
    v = static_value(shape)
    if v.dtype.kind not in "iu" and v.size:
        if error is TypeError:
            raise TypeError(f"Cannot convert {shape!r} to EagerTensor of dtype int32")
        raise error(f"Value for attr 'Tshape' of {v.dtype} is not in the list of allowed "
                    f"values: int32, int64 [Op:{op}]")
    if v.ndim > 1:
        raise error(f"{op}: shape must be a vector, got a value of shape {list(v.shape)} "
                    f"[Op:{op}]")
    return tuple(int(i) for i in v.reshape(-1))


def int_arg(value, what: str) -> int:
    """A static scalar int argument (axis, num...); floats raise TypeError as in TF."""
    if type(value) is int:
        return value
    v = static_value(value)
    if v.dtype.kind not in "iu":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int32 ({what})")
    if v.size != 1:
        raise InvalidArgumentError(f"'{what}' must be a tensor with a single value, got shape "
                                   f"{list(v.shape)}")
    return int(v.reshape(-1)[0])


def as_input(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def match_list(values) -> list:
    """Converts a list of op inputs like TF's eager dispatch: the dtype of the first tensor
    (else of the first converted value) is used for the Python values; tensors stay as they are
    (a dtype clash is then reported by the op)."""
    dtype = next((v.dtype for v in values if hasattr(v, "_value")), None)
    out = []
    for v in values:
        if not hasattr(v, "_value"):
            v = convert_to_tensor(v, dtype)
            dtype = dtype or v.dtype
        out.append(v)
    return out


# --- identity / stop_gradient --------------------------------------------------------------------
def _identity_kernel(xp, x):
    return x


_identity = defop("identity", _identity_kernel, vjp=lambda g, out, x: (g,), infer=_infer.same)
_stop_gradient = defop("stop_gradient", _identity_kernel, infer=_infer.same,
                       doc="Identity that records no gradient (no vjp, like TF's StopGradient).")


def identity(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    return _identity(input)


def identity_n(input, name=None) -> list:  # noqa: A002
    """Identity of each tensor in a list."""
    return [_identity(x) for x in input]


def guarantee_const(input, name=None) -> Tensor:  # noqa: A002
    """Deprecated in TF: the identity."""
    return _identity(input)


def stop_gradient(input, name=None) -> Tensor:  # noqa: A002
    """Passes `input` through; gradients do not flow back through it."""
    return _stop_gradient(input)


# --- reshape -------------------------------------------------------------------------------------
def _reshape_kernel(xp, x, shape):
    if shape and min(shape) < -1:  # NumPy would read any negative size as -1
        _reshape_target(x.shape, shape)
    try:
        return x.reshape(shape)
    except ValueError:
        return x.reshape(_reshape_target(x.shape, shape))


def _reshape_target(in_shape, shape) -> tuple:
    """TF's reshape rules, used when NumPy refuses (errors, and -1 beside zero-sized dims)."""
    unknown, product, out_zero = -1, 1, False
    for i, d in enumerate(shape):
        if d == -1:
            if unknown != -1:
                raise InvalidArgumentError(f"Only one input size may be -1, not both {unknown} "
                                           f"and {i} [Op:Reshape]")
            unknown = i
        elif d < 0:
            raise InvalidArgumentError(f"Size {i} must be non-negative, not {d} [Op:Reshape]")
        elif d == 0:
            out_zero = True
        else:
            product *= d
    size = int(np.prod(in_shape, dtype=np.int64))
    out = list(shape)
    if unknown != -1:
        n, in_zero = 1, False
        for d in in_shape:
            if d > 0 or not out_zero:
                n *= d
            else:
                in_zero = True
        if not in_zero and n % product:
            raise InvalidArgumentError(f"Input to reshape is a tensor with {n} values, but the "
                                       f"requested shape requires a multiple of {product} "
                                       f"[Op:Reshape]")
        out[unknown] = n // product
    total = int(np.prod(out, dtype=np.int64))
    if total != size:
        raise InvalidArgumentError(f"Input to reshape is a tensor with {size} values, but the "
                                   f"requested shape has {total} [Op:Reshape]")
    return tuple(out)


def _infer_reshape(x: Spec, shape):
    if -1 in shape and x.shape is not None and None not in x.shape:
        return Spec(_reshape_target(x.shape, shape), x.dtype)
    return Spec(tuple(None if d == -1 else d for d in shape), x.dtype)


_reshape = defop("reshape", _reshape_kernel, infer=_infer_reshape,
                 vjp=lambda g, out, x, shape: (_reshape(g, shape=shape_of(x)),))


def _reshape_to_kernel(xp, x, shape):
    return x.reshape(tuple(int(d) for d in shape.reshape(-1)))


def _infer_shape_input(shape: Spec):
    """The output shape an int vector `shape` gives: its length, the sizes unknown."""
    if shape.shape is None or len(shape.shape) != 1 or shape.shape[0] is None:
        return None
    return (None,) * shape.shape[0]


_reshape_to = defop(
    "reshape_to", _reshape_to_kernel, same_dtype=1, tf_name="Reshape",
    infer=lambda x, shape: Spec(_infer_shape_input(shape), x.dtype),
    vjp=lambda g, out, x, shape: (_reshape_to(g, shape_tensor(x)), None),
    doc="reshape with the shape as a tensor input (known only when a graph runs)")


def shape_tensor(x) -> Tensor:
    from fluxion.ops.array_create import shape  # noqa: PLC0415

    return shape(x)


def reshape(tensor, shape, name=None) -> Tensor:
    """Gives `tensor` a new shape with the same elements; one dim may be -1."""
    if runtime_shape(shape):
        return _reshape_to(tensor, math_ops.cast(shape, "int64"))
    return _reshape(tensor, shape=dims_arg(shape, "Reshape"))


# --- expand_dims / squeeze -----------------------------------------------------------------------
def _expand_dims_kernel(xp, x, axis):
    return x.reshape(x.shape[:axis] + (1,) + x.shape[axis:])  # a view, faster than expand_dims


def _infer_expand_dims(x: Spec, axis):
    if x.shape is None:
        return Spec(None, x.dtype)
    return Spec(tuple(x.shape[:axis]) + (1,) + tuple(x.shape[axis:]), x.dtype)


_expand_dims = defop("expand_dims", _expand_dims_kernel, infer=_infer_expand_dims,
                     vjp=lambda g, out, x, axis: (_reshape(g, shape=shape_of(x)),))


def expand_dims(input, axis, name=None) -> Tensor:  # noqa: A002
    """Inserts a length-1 dimension at `axis` (negative counts from the end of the result)."""
    x = as_input(input)
    rank = x._value.ndim
    a = axis if type(axis) is int else int_arg(axis, "dim")
    if not -rank - 1 <= a <= rank:
        raise InvalidArgumentError(f"Tried to expand dim index {a} for tensor with {rank} "
                                   f"dimensions. [Op:ExpandDims]")
    return _expand_dims(x, axis=a if a >= 0 else a + rank + 1)


def _squeeze_kernel(xp, x, axis):
    if axis is None:
        return xp.squeeze(x)
    for a in axis:
        if x.shape[a] != 1:
            raise InvalidArgumentError(f"Can not squeeze dim[{a}], expected a dimension of 1, "
                                       f"got {x.shape[a]} [Op:Squeeze]")
    return xp.squeeze(x, axis)


def _infer_squeeze(x: Spec, axis):
    if x.shape is None:
        return Spec(None, x.dtype)
    if axis is None:
        if None in x.shape:
            return Spec(None, x.dtype)
        return Spec(tuple(d for d in x.shape if d != 1), x.dtype)
    return Spec(tuple(d for i, d in enumerate(x.shape) if i not in axis), x.dtype)


_squeeze = defop("squeeze", _squeeze_kernel, infer=_infer_squeeze,
                 vjp=lambda g, out, x, axis: (_reshape(g, shape=shape_of(x)),))


def squeeze(input, axis=None, name=None) -> Tensor:  # noqa: A002
    """Removes dimensions of size 1 (all of them, or those listed in `axis`)."""
    x = as_input(input)
    if axis is None:
        return _squeeze(x, axis=None)
    rank = x._value.ndim
    axes = (axis,) if type(axis) is int else dims_arg(axis, "Squeeze")
    out = set()
    for a in axes:
        if not -rank <= a < rank:
            raise InvalidArgumentError(f"Tried to squeeze dim index {a} for tensor with {rank} "
                                       f"dimensions. [Op:Squeeze]")
        out.add(a % rank)
    return _squeeze(x, axis=tuple(sorted(out)))


# --- transpose -----------------------------------------------------------------------------------
def _transpose_kernel(xp, x, perm):
    return x.transpose(perm)


def _infer_transpose(x: Spec, perm):
    if x.shape is None:
        return Spec(None, x.dtype)
    return Spec(tuple(x.shape[p] for p in perm), x.dtype)


def _vjp_transpose(g, out, x, perm):
    return (_transpose(g, perm=tuple(int(i) for i in np.argsort(perm))),)


_transpose = defop("transpose", _transpose_kernel, infer=_infer_transpose, vjp=_vjp_transpose)


def transpose(a, perm=None, conjugate=False, name="transpose") -> Tensor:
    """Permutes dimensions (reverses them when `perm` is None); conjugates if asked."""
    x = as_input(a)
    rank = x._value.ndim
    if perm is None:
        p = _REVERSED[rank] if rank < 8 else tuple(_pyrange(rank - 1, -1, -1))
    else:
        p = _check_perm(dims_arg(perm, "Transpose"), rank)
    out = _transpose(x, perm=p)
    if conjugate and x._value.dtype.kind == "c":
        out = math_ops.conj(out)
    return out


_REVERSED = [tuple(_pyrange(r - 1, -1, -1)) for r in _pyrange(8)]


def _check_perm(perm: tuple, rank: int) -> tuple:
    if len(perm) != rank:
        raise InvalidArgumentError(f"transpose expects a vector of size {rank}. But input(1) "
                                   f"is a vector of size {len(perm)} [Op:Transpose]")
    p = tuple(i + rank if i < 0 else i for i in perm)
    for i in p:
        if not 0 <= i < rank:
            raise InvalidArgumentError(f"{i} is out of range [0 .. {rank}) [Op:Transpose]")
    for i in _pyrange(rank):
        if i not in p:
            shown = ",".join(str(j) for j in perm)
            raise InvalidArgumentError(f"{i} is missing from {{{shown}}}. [Op:Transpose]")
    return p


# --- broadcast_to --------------------------------------------------------------------------------
def _broadcast_to_kernel(xp, x, shape):
    try:
        return xp.broadcast_to(x, shape)
    except ValueError:
        pass
    if len(shape) < x.ndim:
        msg = (f"Rank of input ({x.ndim}) must be no greater than rank of output shape "
               f"({len(shape)}).")
    elif min(shape) < 0:
        msg = f"Dimension {min(shape)} must be >= 0"
    else:
        msg = f"Incompatible shapes: {list(x.shape)} vs. {list(shape)}"
    raise InvalidArgumentError(f"{msg} [Op:BroadcastTo]")


_broadcast_to = defop("broadcast_to", _broadcast_to_kernel,
                      vjp=lambda g, out, x, shape: (unbroadcast(g, x),),
                      infer=lambda x, shape: Spec(tuple(shape), x.dtype))


def _broadcast_to_shape_kernel(xp, x, shape):
    return _broadcast_to_kernel(xp, x, tuple(int(d) for d in shape.reshape(-1)))


_broadcast_to_shape = defop(
    "broadcast_to_shape", _broadcast_to_shape_kernel, same_dtype=1, tf_name="BroadcastTo",
    infer=lambda x, shape: Spec(_infer_shape_input(shape), x.dtype),
    vjp=lambda g, out, x, shape: (unbroadcast(g, x), None),
    doc="broadcast_to with the shape as a tensor input (known only when a graph runs)")


def broadcast_to(input, shape, name=None) -> Tensor:  # noqa: A002
    """Broadcasts `input` to `shape` with NumPy/TF broadcasting rules."""
    if runtime_shape(shape):
        return _broadcast_to_shape(input, math_ops.cast(shape, "int64"))
    return _broadcast_to(input, shape=dims_arg(shape, "BroadcastTo"))


# --- stack / unstack -----------------------------------------------------------------------------
def _stack_kernel(xp, *xs, axis):
    s0 = xs[0].shape
    for i, x in enumerate(xs):
        if x.shape != s0:
            raise InvalidArgumentError(f"Shapes of all inputs must match: values[0].shape = "
                                       f"{list(s0)} != values[{i}].shape = {list(x.shape)} "
                                       f"[Op:Pack]")
    unit = s0[:axis] + (1,) + s0[axis:]
    return xp.concatenate([x.reshape(unit) for x in xs], axis=axis)


def _infer_stack(*xs: Spec, axis):
    s = next((x.shape for x in xs if x.shape is not None), None)
    if s is None:
        return Spec(None, xs[0].dtype)
    return Spec(tuple(s[:axis]) + (len(xs),) + tuple(s[axis:]), xs[0].dtype)


def _vjp_stack(g, out, *xs, axis):
    return tuple(unstack(g, axis=axis))


_stack = defop("stack", _stack_kernel, vjp=_vjp_stack, infer=_infer_stack, tf_name="Pack")


def stack(values, axis=0, name="stack") -> Tensor:
    """Packs a list of same-shaped tensors along a new axis."""
    values = list(values)
    if axis == 0 and not any(hasattr(v, "_value") for v in values):
        try:  # a list of Python/NumPy values is one constant, as in TF
            return convert_to_tensor(values)
        except (TypeError, ValueError):
            pass
    if not values:
        raise ValueError("tf.stack: `values` must be a non-empty list when axis != 0")
    values = match_list(values)
    rank = values[0]._value.ndim
    axis = int_arg(axis, "axis")
    if not -(rank + 1) <= axis < rank + 1:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-(rank + 1)}, {rank + 1})")
    return _stack(*values, axis=axis % (rank + 1))


def _unstack_kernel(xp, x, axis, num):
    if x.shape[axis] != num:
        raise InvalidArgumentError(f"Input shape axis {axis} must equal {num}, got shape "
                                   f"{list(x.shape)} [Op:Unpack]")
    return tuple(xp.moveaxis(x, axis, 0))


def _infer_unstack(x: Spec, axis, num):
    rest = None if x.shape is None else tuple(d for i, d in enumerate(x.shape) if i != axis)
    return tuple(Spec(rest, x.dtype) for _ in _pyrange(num))


def _vjp_unstack(gs, outs, x, axis, num):
    gs = gs if type(gs) is tuple else (gs,)  # the tape passes a lone output's g bare
    return (_stack(*gs, axis=axis),)


_unstack = defop("unstack", _unstack_kernel, vjp=_vjp_unstack, infer=_infer_unstack,
                 num_outputs="num", tf_name="Unpack")


def unstack(value, num=None, axis=0, name="unstack") -> list:
    """Splits `value` along `axis` into a list of tensors of one rank less."""
    x = as_input(value)
    shape = x._value.shape
    rank = len(shape)
    if not -rank <= axis < rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
    axis = int(axis) % rank
    return list(_unstack(x, axis=axis, num=shape[axis] if num is None else int(num)))


# --- concat / split ------------------------------------------------------------------------------
def _concat_kernel(xp, *xs, axis):
    try:
        return xp.concatenate(xs, axis=axis)
    except ValueError:
        pass
    s0 = xs[0].shape
    for i, x in enumerate(xs[1:], 1):
        if x.ndim != len(s0):
            raise InvalidArgumentError(
                f"ConcatOp : Ranks of all input tensors should match: shape[0] = {_dims(s0)} "
                f"vs. shape[{i}] = {_dims(x.shape)} [Op:ConcatV2] name: concat")
        for d, (a, b) in enumerate(zip(s0, x.shape)):
            if d != axis and a != b:
                raise InvalidArgumentError(
                    f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] = "
                    f"{_dims(s0)} vs. shape[{i}] = {_dims(x.shape)} [Op:ConcatV2] name: concat")
    raise InvalidArgumentError(f"ConcatOp : invalid inputs {[_dims(x.shape) for x in xs]} "
                               f"[Op:ConcatV2] name: concat")


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _infer_concat(*xs: Spec, axis):
    shapes = [x.shape for x in xs if x.shape is not None]
    if len(shapes) < len(xs):
        return Spec(None, xs[0].dtype)
    out = []
    for i in _pyrange(len(shapes[0])):
        col = [s[i] for s in shapes]
        if i == axis:
            out.append(None if None in col else sum(col))
        else:
            out.append(next((d for d in col if d is not None), None))
    return Spec(tuple(out), xs[0].dtype)


def _vjp_concat(g, out, *xs, axis):
    sizes = tuple(shape_of(x)[axis] for x in xs)
    return _split(g, sizes=sizes, axis=axis, num=len(sizes))


_concat = defop("concat", _concat_kernel, vjp=_vjp_concat, infer=_infer_concat,
                tf_name="ConcatV2")


def concat(values, axis, name="concat") -> Tensor:
    """Joins tensors along an existing `axis`."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if not values:
        raise InvalidArgumentError("ConcatV2 needs at least one input tensor [Op:ConcatV2]")
    if len(values) == 1:
        return _identity(values[0])
    values = match_list(values)
    rank = values[0]._value.ndim
    a = axis if type(axis) is int else int_arg(axis, "axis")
    if rank == 0:
        raise InvalidArgumentError("ConcatOp : Can't concatenate scalars (use tf.stack instead) "
                                   "[Op:ConcatV2] name: concat")
    if not -rank <= a < rank:
        raise InvalidArgumentError(f"ConcatOp : Expected concatenating dimensions in the range "
                                   f"[{-rank}, {rank}), but got {a} [Op:ConcatV2] name: concat")
    return _concat(*values, axis=a if a >= 0 else a + rank)


def _split_kernel(xp, x, sizes, axis, num):
    if sum(sizes) != x.shape[axis]:
        raise InvalidArgumentError(
            f"Determined shape must either match input shape along split_dim exactly if fully "
            f"specified, or be less than the size of the input along split_dim if not fully "
            f"specified.  Got: {sum(sizes)} [Op:SplitV]")
    lead = (_pyslice(None),) * axis
    out, start = [], 0
    for n in sizes:
        out.append(x[lead + (_pyslice(start, start + n),)])
        start += n
    return tuple(out)


def _infer_split(x: Spec, sizes, axis, num):
    if x.shape is None:
        return tuple(Spec(None, x.dtype) for _ in sizes)
    return tuple(Spec(tuple(x.shape[:axis]) + (s,) + tuple(x.shape[axis + 1:]), x.dtype)
                 for s in sizes)


def _vjp_split(gs, outs, x, sizes, axis, num):
    if type(gs) is not tuple:  # the tape passes a lone output's g bare
        return (gs,)
    return (_concat(*gs, axis=axis),)


_split = defop("split", _split_kernel, vjp=_vjp_split, infer=_infer_split, num_outputs="num",
               tf_name="SplitV")


def split(value, num_or_size_splits, axis=0, num=None, name="split") -> list:
    """Splits `value` along `axis` into `num_or_size_splits` equal parts or parts of the listed
    sizes (one of them may be -1: the rest)."""
    x = as_input(value)
    shape = x._value.shape
    rank = len(shape)
    a = axis if type(axis) is int else int_arg(axis, "axis")
    if not -rank <= a < rank:
        raise InvalidArgumentError(f"-input rank(-{rank}) <= split_dim < input rank ({rank}), "
                                   f"but got {a} [Op:Split]")
    a %= rank
    if isinstance(num_or_size_splits, (int, np.integer)) and not isinstance(
            num_or_size_splits, bool):
        n = int(num_or_size_splits)
        if n < 1:
            raise InvalidArgumentError(f"Value for attr 'num_split' of {n} must be at least "
                                       f"minimum 1 [Op:Split]")
        if shape[a] % n:
            raise InvalidArgumentError(
                f"Number of ways to split should evenly divide the split dimension, but got "
                f"split_dim {a} (size = {shape[a]}) and num_split {n} [Op:Split]")
        sizes = (shape[a] // n,) * n
    else:
        sizes = _size_splits(num_or_size_splits, shape[a], num)
    return list(_split(x, sizes=sizes, axis=a, num=len(sizes)))


def _size_splits(splits, dim: int, num) -> tuple:
    v = static_value(splits)
    if v.ndim == 0:
        raise ValueError(f"Rank-0 tensors are not supported as the num_or_size_splits argument "
                         f"to split. Argument provided: {splits}")
    sizes = [int(s) for s in v.reshape(-1)]
    if not sizes:
        raise InvalidArgumentError("Value for attr 'num_split' of 0 must be at least minimum 1 "
                                   "[Op:SplitV]")
    if num is not None and num != len(sizes):
        raise InvalidArgumentError(f"size of the split_tensor must be 1-D and have the same "
                                   f"elements as outputs got 1 -D and {len(sizes)} elements "
                                   f"[Op:SplitV]")
    if sizes.count(-1) > 1:
        raise InvalidArgumentError("There can only be one -1 in the input. [Op:SplitV]")
    known = sum(s for s in sizes if s != -1)
    if min(sizes) < -1 or known > dim or (-1 not in sizes and known != dim):
        raise InvalidArgumentError(
            f"Determined shape must either match input shape along split_dim exactly if fully "
            f"specified, or be less than the size of the input along split_dim if not fully "
            f"specified.  Got: {known} [Op:SplitV]")
    return tuple(dim - known if s == -1 else s for s in sizes)


# Indexing/padding and creation ops: imported last, they use the helpers above.
from fluxion.ops import array_create as _create  # noqa: E402
from fluxion.ops import slicing_ops as _slicing  # noqa: E402
from fluxion.ops.array_create import *  # noqa: E402,F403
from fluxion.ops.slicing_ops import *  # noqa: E402,F403
from fluxion.ops.slicing_ops import _getitem  # noqa: E402,F401 - Tensor.__getitem__

__all__ += _create.__all__ + _slicing.__all__
