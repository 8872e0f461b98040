"""Tensor creation and shape queries (``tf.zeros``, ``tf.range``, ``tf.one_hot``, ``tf.shape``
...). Constants of a static shape are plain wrapped NumPy arrays; ops whose result depends on
an input tensor (fill, zeros_like, range, one_hot, shape...) are primitives, so a graph trace
records them."""
from __future__ import annotations

import builtins
import math

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.shape import TensorShape, as_shape
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops, slicing_ops
from fluxion.ops._util import INDEX, NUMERIC, runtime_shape, shape_of, static_value

__all__ = [
    "zeros", "ones", "fill", "zeros_like", "ones_like", "eye", "range", "linspace", "meshgrid",
    "one_hot", "sequence_mask", "shape", "size", "rank", "shape_n", "ensure_shape",
    "broadcast_static_shape", "broadcast_dynamic_shape", "unravel_index",
]

_as_input = array_ops.as_input


# --- constants -----------------------------------------------------------------------------------
def _constant_dims(shape) -> tuple:
    dims = array_ops.dims_arg(shape, "Fill", TypeError)
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(f"Dimension {d} must be >= 0 [Op:Fill]")
    return dims


def _fill_shape_kernel(xp, dims, value):
    return _fill_kernel(xp, value, tuple(int(d) for d in dims.reshape(-1)))


_fill_shape = defop(
    "fill_shape", _fill_shape_kernel, same_dtype=0, tf_name="Fill",
    infer=lambda dims, value: Spec(array_ops._infer_shape_input(dims), value.dtype),
    vjp=lambda g, out, dims, value: (None, _vjp_fill(g, out, value, None)[0]),
    doc="fill with the dims as a tensor input (known only when a graph runs)")


def _runtime_fill(shape, value):
    return _fill_shape(math_ops.cast(shape, "int64"), value)


def zeros(shape, dtype=dtypes.float32, name=None, layout=None) -> Tensor:
    """A tensor of `shape` filled with zeros (empty strings for tf.string)."""
    if runtime_shape(shape):
        return _runtime_fill(shape, convert_to_tensor(0, as_dtype(dtype)))
    dt = as_dtype(dtype)
    if dt is dtypes.string:
        return wrap(np.full(_constant_dims(shape), b"", object))
    return wrap(np.zeros(_constant_dims(shape), dt._np))


def ones(shape, dtype=dtypes.float32, name=None, layout=None) -> Tensor:
    if runtime_shape(shape):
        return _runtime_fill(shape, convert_to_tensor(1, as_dtype(dtype)))
    dt = as_dtype(dtype)
    if dt is dtypes.string:
        raise TypeError("Cannot convert 1 to EagerTensor of dtype string")
    return wrap(np.ones(_constant_dims(shape), dt._np))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32,
        name=None) -> Tensor:
    """Identity matrices of shape batch_shape + [num_rows, num_columns]."""
    rows = _eye_dim(num_rows, num_rows, num_columns)
    cols = rows if num_columns is None else _eye_dim(num_columns, num_rows, num_columns)
    out = np.eye(rows, cols, dtype=as_dtype(dtype)._np)
    if batch_shape is not None:
        out = np.broadcast_to(out, _constant_dims(batch_shape) + out.shape).copy()
    return wrap(out)


def _eye_dim(value, rows, cols) -> int:
    v = static_value(value)
    if v.dtype.kind not in "iu" or v.ndim:
        raise TypeError(f"Arguments `num_rows` and `num_columns` must be positive integer "
                        f"values. Received: num_rows={rows}, num_columns={cols}")
    if v < 0:
        raise InvalidArgumentError(f"Dimension {int(v)} must be >= 0 [Op:Fill]")
    return int(v)


# --- fill / zeros_like / ones_like ---------------------------------------------------------------
def _fill_kernel(xp, value, dims):
    if value.size != 1:
        raise InvalidArgumentError(f"value must represent a scalar, got shape "
                                   f"{list(value.shape)} [Op:Fill]")
    return xp.full(dims, value.reshape(()), value.dtype)


def _vjp_fill(g, out, value, dims):
    from fluxion.ops import reduce_ops  # noqa: PLC0415 - reduce_ops imports array_ops

    return (array_ops.reshape(reduce_ops.reduce_sum(g), shape_of(value)),)


_fill = defop("fill", _fill_kernel, vjp=_vjp_fill,
              infer=lambda value, dims: Spec(tuple(dims), value.dtype))


def fill(dims, value, name=None, layout=None) -> Tensor:
    """A tensor of shape `dims` filled with the scalar `value` (differentiable in `value`)."""
    if runtime_shape(dims):
        return _runtime_fill(dims, value)
    d = array_ops.dims_arg(dims, "Fill")
    for n in d:
        if n < 0:
            raise InvalidArgumentError(f"Dimension {n} must be >= 0 [Op:Fill]")
    return _fill(value, dims=d)


def _zeros_like_kernel(xp, x, dtype):
    npd = x.dtype if dtype is None else dtype._np
    if np.dtype(npd).kind == "O":
        return xp.full(x.shape, b"", object)
    return xp.zeros(x.shape, npd)


def _ones_like_kernel(xp, x, dtype):
    # TF rejects strings here, but GradientTape seeds every target (strings too) with
    # ones_like, so strings get NumPy's object ones rather than an error.
    return xp.ones(x.shape, x.dtype if dtype is None else dtype._np)


def _infer_like(x: Spec, dtype):
    return Spec(x.shape, x.dtype if dtype is None else dtype)


_zeros_like = defop("zeros_like", _zeros_like_kernel, infer=_infer_like, shape_only=True)
_ones_like = defop("ones_like", _ones_like_kernel, infer=_infer_like, shape_only=True)


def zeros_like(input, dtype=None, name=None, layout=None) -> Tensor:  # noqa: A002
    return _zeros_like(input, dtype=None if dtype is None else as_dtype(dtype))


def ones_like(input, dtype=None, name=None, layout=None) -> Tensor:  # noqa: A002
    return _ones_like(input, dtype=None if dtype is None else as_dtype(dtype))


# --- range / linspace ----------------------------------------------------------------------------
_RANGE_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16,
                 dtypes.int32, dtypes.int64, dtypes.uint16, dtypes.uint32, dtypes.uint64)
_RANGE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float16, dtypes.float32, dtypes.float64)


def _range_kernel(xp, start, limit, delta):
    for what, v in (("start", start), ("limit", limit), ("delta", delta)):
        if v.ndim:
            raise InvalidArgumentError(f"{what} must be a scalar, not shape {list(v.shape)} "
                                       f"[Op:Range]")
    s, stop, d = start[()], limit[()], delta[()]
    if d == 0:
        raise InvalidArgumentError(f"Requires delta != 0: {_num(d)} [Op:Range]")
    if d > 0 and s > stop:
        raise InvalidArgumentError(f"Requires start <= limit when delta > 0: {_num(s)}/"
                                   f"{_num(stop)} [Op:Range]")
    if d < 0 and s < stop:
        raise InvalidArgumentError(f"Requires start >= limit when delta < 0: {_num(s)}/"
                                   f"{_num(stop)} [Op:Range]")
    if start.dtype.kind in "iu":
        n = (abs(int(stop) - int(s)) + abs(int(d)) - 1) // abs(int(d))
    else:  # computed in the tensor's own precision, as TF does
        n = int(np.ceil(np.abs((stop - s) / d)))
    return s + xp.arange(n, dtype=start.dtype) * d


def _num(v) -> str:
    return str(int(v)) if np.asarray(v).dtype.kind in "iu" else f"{float(v):g}"


_range = defop("range", _range_kernel, dtypes=_RANGE_DTYPES,  # a vector of unknown length
               infer=lambda start, limit, delta: Spec((None,), start.dtype))


def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:  # noqa: A001
    """[start, start + delta, ...) up to `limit` (exclusive). Without `dtype` the widest input
    type wins: int32 < int64 < float16 < float32 < float64 (Python floats are float32)."""
    if limit is None:
        start, limit = 0, start
    args = (start, limit, delta)
    if dtype is not None:
        dt = as_dtype(dtype)
        args = [math_ops.cast(a, dt) if hasattr(a, "_value") else convert_to_tensor(a, dt)
                for a in args]
    else:
        args = [_as_input(a) for a in args]
        for a in args:
            if a.dtype not in _RANGE_ORDER:
                raise AssertionError(f"tf.range: unsupported argument dtype {a.dtype.name}")
        dt = max((a.dtype for a in args), key=_RANGE_ORDER.index)
        args = [math_ops.cast(a, dt) for a in args]
    return _range(*args)


def linspace(start, stop, num, name=None, axis=0) -> Tensor:
    """`num` evenly spaced values from `start` to `stop` inclusive, along a new `axis`
    (start and stop broadcast against each other). Integer inputs give float64."""
    start = _as_input(start)
    stop = stop if hasattr(stop, "_value") else convert_to_tensor(stop, start.dtype)
    n = static_value(num)
    if n.dtype.kind not in "iu":
        raise TypeError(f"Argument `tensor` (name: num) must be of type integer. Received "
                        f"`tensor` = {num} of dtype: {n.dtype}")
    n = int(n)
    if not start.dtype.is_floating:
        start, stop = math_ops.cast(start, dtypes.float64), math_ops.cast(stop, dtypes.float64)
    shape = _broadcast_pair(shape_of(start), shape_of(stop))
    if shape_of(start) != shape:
        start = array_ops.broadcast_to(start, shape)
    if shape_of(stop) != shape:
        stop = array_ops.broadcast_to(stop, shape)
    first = array_ops.expand_dims(start, axis)
    last = array_ops.expand_dims(stop, axis)
    a = axis % (len(shape) + 1)
    if n < 0:
        raise InvalidArgumentError(f"Requires start <= limit when delta > 0: 1/{n} [Op:Range]")
    npd = start._value.dtype
    steps = max(n - 1, 1)
    delta = math_ops.truediv(math_ops.subtract(last, first), np.asarray(steps, npd))
    ramp_shape = [1] * (len(shape) + 1)
    ramp_shape[a] = max(n - 2, 0)
    ramp = np.arange(1, steps, dtype=npd).reshape(ramp_shape)
    middle = math_ops.add(first, math_ops.multiply(delta, ramp))
    joined = array_ops.concat([first, middle, last], a)
    size = list(shape[:a]) + [n] + list(shape[a:])
    return slicing_ops.slice(joined, [0] * len(size), size)


def _broadcast_pair(a: tuple, b: tuple) -> tuple:
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        raise InvalidArgumentError(f"Incompatible shapes: {list(a)} vs. {list(b)} "
                                   f"[Op:BroadcastArgs]") from None


def meshgrid(*args, **kwargs) -> list:
    """Coordinate grids from 1-D coordinate vectors; indexing 'xy' (default: the first two
    output axes are swapped, as for images) or 'ij' (matrix indexing)."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this "
                        f"function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got "
                         f"'{indexing}'")
    xs = [array_ops.reshape(a, (-1,)) for a in args]
    if not xs:
        return []
    for x in xs[1:]:
        if x.dtype is not xs[0].dtype:
            raise InvalidArgumentError(
                f"cannot compute Mul as input #1(zero-based) was expected to be a "
                f"{x.dtype.name} tensor but is a {xs[0].dtype.name} tensor [Op:Mul]")
    axes = list(builtins.range(len(xs)))
    if indexing == "xy" and len(xs) > 1:
        axes[0], axes[1] = 1, 0
    full = [0] * len(xs)
    for x, a in zip(xs, axes):
        full[a] = x._value.shape[0]
    out = []
    for x, a in zip(xs, axes):
        ones_shape = [1] * len(xs)
        ones_shape[a] = -1
        out.append(array_ops.broadcast_to(array_ops.reshape(x, ones_shape), full))
    return out


# --- one_hot / sequence_mask ---------------------------------------------------------------------
def _one_hot_kernel(xp, indices, on, off, depth, axis):
    rank = indices.ndim
    if depth < 0:
        raise InvalidArgumentError(f"depth must be non-negative, got: {depth} [Op:OneHot]")
    if not (axis == -1 or 0 <= axis <= rank):
        raise InvalidArgumentError(f"Expected axis to be -1 or between [0, {rank + 1}).  But "
                                   f"received: {axis} [Op:OneHot]")
    for what, v in (("on_value", on), ("off_value", off)):
        if v.ndim:
            raise InvalidArgumentError(f"{what} must be a scalar, but got: {list(v.shape)} "
                                       f"[Op:OneHot]")
    out = xp.where(indices[..., None] == xp.arange(depth), on, off)
    return out if axis in (-1, rank) else xp.moveaxis(out, -1, axis)


def _infer_one_hot(indices: Spec, on: Spec, off: Spec, depth, axis):
    if indices.shape is None:
        return Spec(None, on.dtype)
    shape = list(indices.shape)
    shape.insert(len(shape) if axis == -1 else axis, depth)
    return Spec(tuple(shape), on.dtype)


_one_hot = defop("one_hot", _one_hot_kernel, infer=_infer_one_hot, same_dtype=1,
                 dtypes=(dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64))


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None,
            name=None) -> Tensor:
    """One-hot vectors of length `depth` along `axis` (-1: last); out-of-range indices give
    all `off_value`. The dtype comes from `dtype`, else on/off_value, else float32."""
    dt = None if dtype is None else as_dtype(dtype)
    on = None if on_value is None else convert_to_tensor(on_value, dtype_hint=dt)
    off = None if off_value is None else convert_to_tensor(off_value, dtype_hint=dt)
    for what, v in (("on_value", on), ("off_value", off)):
        if v is not None and dt is not None and v.dtype is not dt:
            raise TypeError(f"dtype {v.dtype!r} of {what} does not match dtype parameter "
                            f"{dt!r}")
    if dt is None:
        dt = on.dtype if on is not None else off.dtype if off is not None else dtypes.float32
    on = wrap(np.ones((), dt._np)) if on is None else on
    off = wrap(np.zeros((), dt._np)) if off is None else off
    if on.dtype is not off.dtype:
        raise TypeError(f"dtype {on.dtype!r} of on_value does not match dtype {off.dtype!r} of "
                        f"off_value")
    d = array_ops.int_arg(depth, "depth")
    a = -1 if axis is None else array_ops.int_arg(axis, "axis")
    return _one_hot(indices, on, off, depth=d, axis=a)


def _sequence_mask_kernel(xp, lengths, maxlen, dtype):
    if maxlen is None:  # TF compares in the lengths' own dtype up to their maximum
        top = lengths.max() if lengths.size else 0
        mask = xp.arange(max(math.ceil(top), 0), dtype=lengths.dtype) < lengths[..., None]
    else:  # ...and otherwise casts the lengths to the (integer) dtype of maxlen
        mask = xp.arange(maxlen) < lengths.astype(np.int64)[..., None]
    return mask if dtype is dtypes.bool else mask.astype(dtype._np)


def _infer_sequence_mask(lengths: Spec, maxlen, dtype):
    if lengths.shape is None or maxlen is None:
        return Spec(None, dtype)
    return Spec(tuple(lengths.shape) + (maxlen,), dtype)


_sequence_mask = defop("sequence_mask", _sequence_mask_kernel, infer=_infer_sequence_mask)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None) -> Tensor:
    """mask[..., j] = j < lengths[...], for j in [0, maxlen) (maxlen defaults to the largest
    length)."""
    m = None if maxlen is None else array_ops.int_arg(maxlen, "maxlen")
    return _sequence_mask(lengths, maxlen=m, dtype=as_dtype(dtype))


# --- shape queries -------------------------------------------------------------------------------
def _shape_kernel(xp, x, out_type):
    return xp.asarray(x.shape, out_type._np)


def _check_index_type(out_type, op: str):
    dt = as_dtype(out_type)
    if dt not in INDEX:
        raise InvalidArgumentError(f"Value for attr 'out_type' of {dt.name} is not in the list "
                                   f"of allowed values: int32, int64 [Op:{op}]")
    return dt


_shape = defop("shape", _shape_kernel, shape_only=True,
               infer=lambda x, out_type: Spec(None if x.shape is None else (len(x.shape),),
                                              out_type))
_size = defop("size", lambda xp, x, out_type: xp.asarray(x.size, out_type._np),
              shape_only=True,
              infer=lambda x, out_type: Spec((), out_type))
_rank = defop("rank", lambda xp, x: xp.asarray(x.ndim, np.int32), shape_only=True,
              infer=lambda x: Spec((), dtypes.int32))


def shape(input, out_type=None, name=None) -> Tensor:  # noqa: A002
    """The shape of `input` as a 1-D int32 (or int64) tensor."""
    if out_type is None or out_type is dtypes.int32:
        return _shape(input, out_type=dtypes.int32)
    return _shape(input, out_type=_check_index_type(out_type, "Shape"))


def size(input, out_type=None, name=None) -> Tensor:  # noqa: A002
    """The number of elements of `input`, as a scalar of `out_type` (int32 by default)."""
    dt = dtypes.int32 if out_type is None else as_dtype(out_type)
    if dt not in NUMERIC:
        raise InvalidArgumentError(f"Value for attr 'out_type' of {dt.name} is not in the list "
                                   f"of allowed values [Op:Size]")
    return _size(input, out_type=dt)


def rank(input, name=None) -> Tensor:  # noqa: A002
    return _rank(input)


def shape_n(input, out_type=dtypes.int32, name=None) -> list:  # noqa: A002
    """The shapes of a list of tensors."""
    if not input:
        raise InvalidArgumentError("Value for attr 'N' of 0 must be at least minimum 1 "
                                   "[Op:ShapeN]")
    dt = _check_index_type(out_type, "ShapeN")
    return [_shape(x, out_type=dt) for x in input]


def _ensure_shape_kernel(xp, x, shape):
    if shape is not None and (len(shape) != x.ndim or any(
            d is not None and d != n for d, n in zip(shape, x.shape))):
        want = ",".join("?" if d is None else str(d) for d in shape)
        raise InvalidArgumentError(f"Shape of tensor input {array_ops._dims(x.shape)} is not "
                                   f"compatible with expected shape [{want}]. [Op:EnsureShape]")
    return x


def _infer_ensure_shape(x: Spec, shape):
    if shape is None:
        return Spec(x.shape, x.dtype)
    if x.shape is None:
        return Spec(tuple(shape), x.dtype)
    return Spec(tuple(a if a is not None else b for a, b in zip(shape, x.shape)), x.dtype)


_ensure_shape = defop("ensure_shape", _ensure_shape_kernel, infer=_infer_ensure_shape,
                      vjp=lambda g, out, x, shape: (g,))


def ensure_shape(x, shape, name=None) -> Tensor:
    """Returns `x` unchanged after checking that its shape is compatible with `shape`."""
    s = as_shape(shape)
    return _ensure_shape(x, shape=None if s.rank is None else tuple(s.as_list()))


def broadcast_static_shape(shape_x, shape_y) -> TensorShape:
    """The broadcast of two static TensorShapes (None dims allowed)."""
    a, b = as_shape(shape_x), as_shape(shape_y)
    if a.rank is None or b.rank is None:
        return TensorShape(None)
    try:
        return TensorShape(_infer.broadcast_shapes(tuple(a.as_list()), tuple(b.as_list())))
    except InvalidArgumentError:
        raise ValueError(f"Incompatible shapes for broadcasting. Two shapes are compatible if "
                         f"for each dimension pair they are either equal or one of them is 1. "
                         f"Received: {a} and {b}.") from None


def _broadcast_args_kernel(xp, a, b):
    for i, v in enumerate((a, b)):
        if v.ndim != 1:
            raise InvalidArgumentError(f"In[{i}] must be a vector.{list(v.shape)} "
                                       f"[Op:BroadcastArgs]")
    return xp.asarray(_broadcast_pair(tuple(a.tolist()), tuple(b.tolist())), a.dtype)


_broadcast_args = defop(
    "broadcast_args", _broadcast_args_kernel, dtypes=INDEX,
    infer=lambda a, b: Spec((None if a.shape is None or b.shape is None or None in a.shape + b.shape
                             else max(a.shape[0], b.shape[0]),), a.dtype))


def broadcast_dynamic_shape(shape_x, shape_y) -> Tensor:
    """The broadcast of two shapes given as 1-D int tensors."""
    ref = next((s.dtype for s in (shape_x, shape_y) if hasattr(s, "_value")), None)
    a, b = (s if hasattr(s, "_value") else convert_to_tensor(s, ref, dtype_hint=dtypes.int32)
            for s in (shape_x, shape_y))
    return _broadcast_args(a, b)


def _unravel_index_kernel(xp, indices, dims):
    if indices.ndim > 1:
        shown = ",".join(str(d) for d in indices.shape)
        raise InvalidArgumentError(f'The indices can only be scalar or vector, got "[{shown}]" '
                                   f'[Op:UnravelIndex]')
    if dims.ndim != 1:
        raise InvalidArgumentError("The dims can only be a 1-D vector [Op:UnravelIndex]")
    for i, d in enumerate(dims.tolist()):
        if d == 0:
            raise InvalidArgumentError(f"Input dims cannot contain a dim of zero, but dims "
                                       f"contains zero at index {i} [Op:UnravelIndex]")
    if indices.size and indices.max() >= int(np.prod(dims.tolist())):
        raise InvalidArgumentError("index is out of bound as with dims [Op:UnravelIndex]")
    strides = xp.asarray(np.cumprod([1] + dims.tolist()[:0:-1])[::-1], indices.dtype)
    flat = indices.reshape(1, -1)
    # C-style truncating division and remainder, as TF computes them (negatives pass through)
    coords = xp.fmod(xp.sign(flat) * (xp.abs(flat) // strides[:, None]), dims[:, None])
    return coords.astype(indices.dtype).reshape((len(strides),) + indices.shape)


_unravel_index = defop(
    "unravel_index", _unravel_index_kernel, dtypes=INDEX,
    infer=lambda indices, dims: Spec(None if indices.shape is None or dims.shape is None
                                     else tuple(dims.shape) + tuple(indices.shape),
                                     indices.dtype))


def unravel_index(indices, dims, name=None) -> Tensor:
    """The coordinates of flat `indices` in an array of shape `dims` (one row per dim)."""
    return _unravel_index(*array_ops.match_list([indices, dims]))
