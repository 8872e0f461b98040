"""Indexing, gathering, scattering and masking (``tf.gather``, ``tf.gather_nd``, ``tf.scatter_nd``,
``tf.tensor_scatter_nd_*``, ``tf.boolean_mask``).

Masking and partitioning live in `gather_mask`, sorting, unique and searchsorted in
`gather_sort`, contractions (einsum, tensordot) in `gather_einsum`; they are imported at the end
of this module (gather_mask builds on the ops here), so their ops register and their names are
exported with this family.

Every gather has a scatter-add twin: each is the other's vjp, so gradients of any order stay
dense tensors built from registered ops.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops._util import shape_of, static_ints

__all__ = [
    "gather",
    "gather_nd",
    "scatter_nd",
    "tensor_scatter_nd_add",
    "tensor_scatter_nd_max",
    "tensor_scatter_nd_min",
    "tensor_scatter_nd_sub",
    "tensor_scatter_nd_update",
]

_INDEX_NP = (np.dtype(np.int32), np.dtype(np.int64))
_GATHER_INDEX_NP = _INDEX_NP + (np.dtype(np.int16),)


def _as_tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _check_index_dtype(indices, op: str, allowed=_INDEX_NP, attr: str = "Tindices") -> None:
    if indices.dtype not in allowed:
        names = ", ".join(dtypes.from_numpy(d).name for d in allowed)
        raise InvalidArgumentError(
            f"Value for attr '{attr}' of {_dtype_name(indices.dtype)} is not in the list of "
            f"allowed values: {names} [Op:{op}]")


def _dtype_name(npd) -> str:
    try:
        return dtypes.from_numpy(npd).name
    except TypeError:
        return str(npd)


def _check_range(indices, n: int, op: str) -> None:
    """TF's CPU kernels reject indices outside [0, n) and name the first bad one."""
    if indices.size == 0:
        return
    if indices.min() >= 0 and indices.max() < n:
        return
    flat = int(np.flatnonzero((indices < 0) | (indices >= n))[0])
    where = ",".join(str(int(i)) for i in np.unravel_index(flat, indices.shape))
    where = f"[{where}]" if indices.ndim else ""
    raise InvalidArgumentError(f"indices{where} = {indices.reshape(-1)[flat]} is not in "
                               f"[0, {n}) [Op:{op}]")


# --- gather --------------------------------------------------------------------------------------
def _gather_layout(pshape, ishape, axis: int, batch_dims: int):
    """(B, P, N, Q, K): batch size, dims between batch and axis, axis size, trailing size and
    indices per batch, so that params is (B, P, N, Q) and indices (B, K)."""
    b = int(np.prod(pshape[:batch_dims]))
    p = int(np.prod(pshape[batch_dims:axis]))
    q = int(np.prod(pshape[axis + 1:]))
    k = int(np.prod(ishape[batch_dims:]))
    return b, p, pshape[axis], q, k


def _linear_index(indices, b: int, p: int, n: int, k: int):
    """Row numbers into params viewed as (B*P*N, Q), shaped (B, P, K)."""
    idx = indices.reshape(b, 1, k)
    base = (np.arange(b)[:, None, None] * p + np.arange(p)[None, :, None]) * n
    return base + idx


def _gather_kernel(xp, params, indices, axis, batch_dims):
    _check_index_dtype(indices, "GatherV2", _GATHER_INDEX_NP)
    if batch_dims:
        _check_batch_shapes(params.shape, indices.shape, batch_dims, "GatherV2")
    n = params.shape[axis]
    _check_range(indices, n, "GatherV2")
    if batch_dims == 0:
        return xp.take(params, indices, axis=axis)
    b, p, n, q, k = _gather_layout(params.shape, indices.shape, axis, batch_dims)
    rows = _linear_index(indices, b, p, n, k)
    out = xp.take(params.reshape(b * p * n, q), rows.reshape(-1), axis=0)
    pshape, ishape = params.shape, indices.shape
    return out.reshape(pshape[:axis] + ishape[batch_dims:] + pshape[axis + 1:])


def _check_batch_shapes(pshape, ishape, batch_dims: int, op: str) -> None:
    for i in range(batch_dims):
        if pshape[i] != ishape[i]:
            raise InvalidArgumentError(f"params.shape[{i}]: {pshape[i]} should be equal to "
                                       f"indices.shape[{i}]: {ishape[i]} [Op:{op}]")


def _gather_shape(pshape, ishape, axis: int, batch_dims: int):
    if pshape is None or ishape is None:
        return None
    return tuple(pshape[:axis]) + tuple(ishape[batch_dims:]) + tuple(pshape[axis + 1:])


def _infer_gather(params: Spec, indices: Spec, axis, batch_dims) -> Spec:
    return Spec(_gather_shape(params.shape, indices.shape, axis, batch_dims), params.dtype)


def _vjp_gather(g, out, params, indices, axis, batch_dims):
    dim = shape_of(params)[axis]
    return _gather_grad(g, indices, axis=axis, batch_dims=batch_dims, dim=dim), None


def _scatter_rows(xp, rows, values, size: int):
    """Sums the rows of `values` (M, Q) into a (size, Q) zero array at `rows` (M,).

    np.add.at is slow on many rows (measured): narrow real rows use a bincount; otherwise rows
    hit once are assigned directly and only repeated ones are summed (add.reduceat over sorted
    runs when there are many of them).
    """
    m, q = values.shape
    if values.dtype.kind == "f" and q <= 16 and m:
        flat = rows if q == 1 else (rows[:, None] * q + np.arange(q)).reshape(-1)
        summed = np.bincount(flat, weights=values.reshape(-1), minlength=size * q)
        return summed.astype(values.dtype).reshape(size, q)
    out = xp.zeros((size, q), values.dtype)
    if not m:
        return out
    single = np.bincount(rows, minlength=size)[rows] == 1
    if single.all():
        out[rows] = values
        return out
    out[rows[single]] = values[single]
    rows, values = rows[~single], values[~single]
    if rows.size > 64 and values.dtype.kind in "fc":
        order = np.argsort(rows, kind="stable")
        sorted_rows = rows[order]
        starts = np.flatnonzero(np.r_[True, sorted_rows[1:] != sorted_rows[:-1]])
        out[sorted_rows[starts]] = np.add.reduceat(values[order], starts, axis=0)
    else:
        np.add.at(out, rows, values)
    return out


def _gather_grad_kernel(xp, g, indices, axis, batch_dims, dim):
    ishape = indices.shape
    rank_i = len(ishape) - batch_dims
    pshape = g.shape[:axis] + (dim,) + g.shape[axis + rank_i:]
    b, p, n, q, k = _gather_layout(pshape, ishape, axis, batch_dims)
    rows = _linear_index(indices, b, p, n, k).reshape(-1)
    out = _scatter_rows(xp, rows, g.reshape(b * p * k, q), b * p * n)
    return out.reshape(pshape)


def _infer_gather_grad(g: Spec, indices: Spec, axis, batch_dims, dim) -> Spec:
    if g.shape is None or indices.shape is None:
        return Spec(None, g.dtype)
    rank_i = len(indices.shape) - batch_dims
    return Spec(tuple(g.shape[:axis]) + (dim,) + tuple(g.shape[axis + rank_i:]), g.dtype)


def _vjp_gather_grad(gg, out, g, indices, axis, batch_dims, dim):
    return _gather(gg, indices, axis=axis, batch_dims=batch_dims), None


_gather = defop("gather", _gather_kernel, vjp=_vjp_gather, infer=_infer_gather, same_dtype=1,
                tf_name="GatherV2")
_gather_grad = defop("gather_grad", _gather_grad_kernel, vjp=_vjp_gather_grad,
                     infer=_infer_gather_grad, same_dtype=1, tf_name="GatherGrad",
                     doc="Scatter-adds `g` into zeros shaped like gather's params (its vjp).")


def _static_attr(x, what: str) -> int:
    if hasattr(x, "_value"):
        v = x._value
        if v.dtype not in _INDEX_NP:
            raise InvalidArgumentError(f"Value for attr 'Taxis' of {_dtype_name(v.dtype)} is "
                                       f"not in the list of allowed values: int32, int64 "
                                       f"[Op:GatherV2]")
        return int(v)
    if isinstance(x, (float, np.floating)):
        raise InvalidArgumentError("Value for attr 'Taxis' of float is not in the list of "
                                   "allowed values: int32, int64 [Op:GatherV2]")
    return static_ints(x, what)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0,
           name=None) -> Tensor:
    """Slices of `params` along `axis` at `indices` (``tf.gather``).

    Like TF, an `axis` of 0 ignores `batch_dims`, and `axis` defaults to `batch_dims`.
    """
    params = _as_tensor(params)
    if axis is None and batch_dims == 0 and type(batch_dims) is int and params._value.ndim:
        return _gather(params, indices, axis=0, batch_dims=0)  # the common case, kept fast
    indices = _as_tensor(indices)
    batch_dims = _static_attr(batch_dims, "batch_dims")
    axis = batch_dims if axis is None else _static_attr(axis, "axis")
    prank = params._value.ndim
    irank = indices._value.ndim
    if axis == 0:
        batch_dims = 0
    if prank == 0:
        raise InvalidArgumentError("params must be at least 1 dimensional [Op:GatherV2]")
    if not -prank <= axis < prank:
        raise InvalidArgumentError(f"Shape must be at least rank {max(axis + 1, -axis)} but "
                                   f"is rank {prank} [Op:GatherV2]")
    axis %= prank
    if batch_dims:
        batch_dims = _check_batch_dims(batch_dims, axis, irank)
    return _gather(params, indices, axis=axis, batch_dims=batch_dims)


def _check_batch_dims(batch_dims: int, axis: int, irank: int) -> int:
    if not -irank <= batch_dims <= irank:
        raise InvalidArgumentError(f"Expected batch_dims in the range [{-irank}, {irank}], "
                                   f"but got {batch_dims} [Op:GatherV2]")
    if batch_dims < 0:
        batch_dims += irank
    if batch_dims > axis:
        raise InvalidArgumentError(f"batch_dims ({batch_dims}) must be less than or equal to "
                                   f"axis ({axis}). [Op:GatherV2]")
    return batch_dims


# --- gather_nd / scatter_nd ----------------------------------------------------------------------
def _nd_rows(indices, shape, op: str, what: str):
    """Linear row numbers (indices.shape[:-1]) of the slices that `indices` (..., d) address in
    a tensor of `shape` viewed as (prod(shape[:d]), prod(shape[d:]))."""
    d = indices.shape[-1]
    dims = np.asarray(shape[:d], np.int64)
    if indices.size:
        bad = ((indices < 0) | (indices >= dims)).any(axis=-1)
        if bad.any():
            first = np.unravel_index(int(np.flatnonzero(bad)[0]), bad.shape)
            where = ",".join(str(int(i)) for i in first)
            coords = ", ".join(str(int(v)) for v in indices[first])
            raise InvalidArgumentError(f"indices[{where}] = [{coords}] does not index into "
                                       f"{what} [{','.join(map(str, shape))}] [Op:{op}]")
    strides = np.ones(d, np.int64)
    if d > 1:
        strides[:-1] = np.cumprod(dims[::-1][:-1])[::-1]
    return indices.astype(np.int64, copy=False) @ strides if d else \
        np.zeros(indices.shape[:-1], np.int64)


def _batched_nd_rows(indices, shape, batch_dims: int, op: str, what: str):
    """Rows of `indices` (batch..., M..., d) into a tensor of `shape` (batch..., S...) viewed
    as (prod(shape[:batch_dims + d]), rest); the batch index is folded in."""
    if not batch_dims:
        return _nd_rows(indices, shape, op, what)
    b = int(np.prod(shape[:batch_dims]))
    d = indices.shape[-1]
    inner = indices.reshape(b, -1, d)
    rows = _nd_rows(inner, shape[batch_dims:], op, what)
    per_batch = int(np.prod(shape[batch_dims:batch_dims + d]))
    rows = rows + np.arange(b, dtype=np.int64)[:, None] * per_batch
    return rows.reshape(indices.shape[:-1])


def _gather_nd_kernel(xp, params, indices, batch_dims):
    _check_index_dtype(indices, "GatherNd", _GATHER_INDEX_NP)
    if indices.ndim == 0:
        raise InvalidArgumentError("indices must be at least a vector [Op:GatherNd]")
    d = indices.shape[-1]
    if d > params.ndim - batch_dims:
        raise InvalidArgumentError(f"index innermost dimension length must be <= params rank; "
                                   f"saw: {d} vs. {params.ndim - batch_dims} [Op:GatherNd]")
    if params.shape[:batch_dims] != indices.shape[:batch_dims]:
        raise InvalidArgumentError(
            f"batch dimensions of params {list(params.shape)} and indices "
            f"{list(indices.shape)} must match (batch_dims={batch_dims}) [Op:GatherNd]")
    rows = _batched_nd_rows(indices, params.shape, batch_dims, "GatherNd", "param shape")
    rest = params.shape[batch_dims + d:]
    table = params.reshape((-1,) + (int(np.prod(rest)),))
    return xp.take(table, rows.reshape(-1), axis=0).reshape(indices.shape[:-1] + rest)


def _infer_gather_nd(params: Spec, indices: Spec, batch_dims) -> Spec:
    if params.shape is None or indices.shape is None or indices.shape[-1] is None:
        return Spec(None, params.dtype)
    d = indices.shape[-1]
    return Spec(tuple(indices.shape[:-1]) + tuple(params.shape[batch_dims + d:]), params.dtype)


def _vjp_gather_nd(g, out, params, indices, batch_dims):
    return _scatter_nd(indices, g, shape=shape_of(params), batch_dims=batch_dims), None


def _scatter_nd_kernel(xp, indices, updates, shape, batch_dims):
    _check_index_dtype(indices, "ScatterNd")
    _check_scatter_shapes(indices.shape, updates.shape, shape, "ScatterNd", batch_dims)
    d = indices.shape[-1]
    rows = _batched_nd_rows(indices, shape, batch_dims, "ScatterNd", "shape").reshape(-1)
    size = int(np.prod(shape[:batch_dims + d]))
    q = int(np.prod(shape[batch_dims + d:]))
    values = updates.reshape(rows.size, q)
    if updates.dtype == np.bool_:
        out = xp.zeros((size, q), np.bool_)
        np.logical_or.at(out, rows, values)
    else:
        out = _scatter_rows(xp, rows, values, size)
    return out.reshape(shape)


def _check_scatter_shapes(ishape, ushape, oshape, op: str, batch_dims: int = 0) -> None:
    """ScatterNd's shape rules: updates = indices.shape[:-1] + shape[batch_dims + d:]."""
    if not ishape:
        raise InvalidArgumentError(f"Indices shape must have rank at least one. Found:[] "
                                   f"[Op:{op}]")
    outer, d = len(ishape) - 1, ishape[-1] + batch_dims
    if int(np.prod(oshape)) == 0 and int(np.prod(ishape)) > 0:
        raise InvalidArgumentError(f"Indices and updates specified for empty output shape "
                                   f"[Op:{op}]")
    if d > len(oshape):
        raise InvalidArgumentError(f"Output must have rank at least {d} (the index depth) but "
                                   f"has shape {list(oshape)} [Op:{op}]")
    if tuple(ushape[:outer]) != tuple(ishape[:outer]):
        raise InvalidArgumentError(
            f"Dimensions [0,{outer}) of indices[shape={_fmt(ishape)}] must match dimensions "
            f"[0,{outer}) of updates[shape={_fmt(ushape)}] [Op:{op}]")
    if tuple(ushape[outer:]) != tuple(oshape[d:]):
        raise InvalidArgumentError(
            f"Dimensions [{d},{len(oshape)}) of input[shape={_fmt(oshape)}] must match "
            f"dimensions [{outer},{len(ushape)}) of updates[shape={_fmt(ushape)}] [Op:{op}]")


def _fmt(shape) -> str:
    return "[" + ",".join(str(int(s)) for s in shape) + "]"


def _infer_scatter_nd(indices: Spec, updates: Spec, shape, batch_dims) -> Spec:
    return Spec(tuple(shape), updates.dtype)


def _vjp_scatter_nd(g, out, indices, updates, shape, batch_dims):
    return None, _gather_nd(g, indices, batch_dims=batch_dims)


_gather_nd = defop("gather_nd", _gather_nd_kernel, vjp=_vjp_gather_nd, infer=_infer_gather_nd,
                   same_dtype=1, tf_name="GatherNd")
_scatter_nd = defop("scatter_nd", _scatter_nd_kernel, vjp=_vjp_scatter_nd,
                    infer=_infer_scatter_nd, same_dtype=1, tf_name="ScatterNd")


def gather_nd(params, indices, batch_dims=0, name=None) -> Tensor:
    """Slices of `params` addressed by the last axis of `indices` (``tf.gather_nd``)."""
    params = _as_tensor(params)
    indices = _as_tensor(indices)
    batch_dims = static_ints(batch_dims, "batch_dims")
    irank = indices._value.ndim
    if batch_dims and batch_dims >= irank:
        raise ValueError(f"Argument `batch_dims` = {batch_dims} must be less than rank"
                         f"(`indices`) = {irank}")
    if batch_dims < 0:
        raise ValueError(f"Argument `batch_dims` = {batch_dims} must be non-negative")
    return _gather_nd(params, indices, batch_dims=batch_dims)


def scatter_nd(indices, updates, shape, name=None) -> Tensor:
    """Zeros of `shape` with `updates` added at `indices`; duplicates add up (``tf.scatter_nd``)."""
    dims = static_ints(shape, "scatter_nd shape")
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    return _scatter_nd(_as_tensor(indices), _as_tensor(updates), shape=dims, batch_dims=0)


# --- tensor_scatter_nd_{update,add,sub,max,min} --------------------------------------------------
def _check_tensor_scatter_shapes(tshape, ishape, ushape, op: str) -> None:
    if not ishape:
        raise InvalidArgumentError(f"Indices shape must have rank at least one. Found:[] "
                                   f"[Op:{op}]")
    outer, d = len(ishape) - 1, ishape[-1]
    if d > len(tshape):
        raise InvalidArgumentError(f"Index innermost dimension length must be <= tensor rank; "
                                   f"saw: {d} vs. {len(tshape)} [Op:{op}]")
    if int(np.prod(tshape)) == 0 and int(np.prod(ishape)) > 0:
        raise InvalidArgumentError(f"Indices and updates specified for empty output [Op:{op}]")
    if tuple(ushape[:outer]) != tuple(ishape[:outer]):
        raise InvalidArgumentError(
            f"Outer dimensions of indices and update must match. Indices shape: "
            f"{_fmt(ishape)}, updates shape:{_fmt(ushape)} [Op:{op}]")
    if len(ushape) - outer != len(tshape) - d:
        raise InvalidArgumentError(
            f"Inner dimensions of output shape must match inner dimensions of updates shape. "
            f"Output: {_fmt(tshape)} updates: {_fmt(ushape)} [Op:{op}]")
    if tuple(ushape[outer:]) != tuple(tshape[d:]):
        k = len(tshape) - d
        raise InvalidArgumentError(
            f"The inner {k} dimensions of output.shape={_fmt(tshape)} must match the inner {k} "
            f"dimensions of updates.shape={_fmt(ushape)} [Op:{op}]")


def _tensor_scatter_kernel(mode: str, op: str):
    def kernel(xp, tensor, indices, updates):
        _check_index_dtype(indices, op)
        if updates.dtype != tensor.dtype:
            raise InvalidArgumentError(
                f"cannot compute {op} as input #2(zero-based) was expected to be a "
                f"{_dtype_name(tensor.dtype)} tensor but is a {_dtype_name(updates.dtype)} "
                f"tensor [Op:{op}]")
        _check_tensor_scatter_shapes(tensor.shape, indices.shape, updates.shape, op)
        rows = _nd_rows(indices, tensor.shape, op, "shape").reshape(-1)
        d = indices.shape[-1]
        out = xp.array(tensor, copy=True)
        view = out.reshape(int(np.prod(tensor.shape[:d])), -1)
        values = updates.reshape(rows.size, view.shape[1])
        if mode == "update":
            view[rows] = values  # with duplicate indices the last update wins, as in TF
        elif tensor.dtype == np.bool_:
            raise InvalidArgumentError(f"Value for attr 'T' of bool is not in the list of "
                                       f"allowed values [Op:{op}]")
        else:
            getattr(np, mode).at(view, rows, values)
        return out
    return kernel


def _infer_tensor_scatter(tensor: Spec, indices: Spec, updates: Spec) -> Spec:
    return Spec(tensor.shape, tensor.dtype)


def _vjp_scatter_update(g, out, tensor, indices, updates):
    from fluxion.ops import array_ops

    zeros = array_ops.zeros_like(updates)
    return _scatter_update(g, indices, zeros), None, _gather_nd(g, indices, batch_dims=0)


def _vjp_scatter_add(g, out, tensor, indices, updates):
    return g, None, _gather_nd(g, indices, batch_dims=0)


def _vjp_scatter_sub(g, out, tensor, indices, updates):
    from fluxion.ops import math_ops

    return g, None, math_ops.negative(_gather_nd(g, indices, batch_dims=0))


def _vjp_scatter_extremum(g, out, tensor, indices, updates):
    """Like TF: the gradient goes to whichever of tensor and updates gave each output, split
    evenly between ties."""
    from fluxion.ops import math_ops

    dt = g.dtype
    x_hit = math_ops.cast(math_ops.equal(tensor, out), dt)
    y_hit = math_ops.cast(math_ops.equal(updates, _gather_nd(out, indices, batch_dims=0)), dt)
    hits = math_ops.add(x_hit, _scatter_nd(indices, y_hit, shape=shape_of(tensor), batch_dims=0))
    g_share = math_ops.divide(g, hits)
    return (math_ops.multiply(g_share, x_hit), None,
            math_ops.multiply(_gather_nd(g_share, indices, batch_dims=0), y_hit))


def _tensor_scatter_op(name: str, mode: str, tf_name: str, vjp=None):
    return defop(name, _tensor_scatter_kernel(mode, tf_name), vjp=vjp,
                 infer=_infer_tensor_scatter, same_dtype=1, tf_name=tf_name)


_scatter_update = _tensor_scatter_op("tensor_scatter_update", "update", "TensorScatterUpdate",
                                     _vjp_scatter_update)
_scatter_add = _tensor_scatter_op("tensor_scatter_add", "add", "TensorScatterAdd",
                                  _vjp_scatter_add)
_scatter_sub = _tensor_scatter_op("tensor_scatter_sub", "subtract", "TensorScatterSub",
                                  _vjp_scatter_sub)
_scatter_max = _tensor_scatter_op("tensor_scatter_max", "maximum", "TensorScatterMax",
                                  _vjp_scatter_extremum)
_scatter_min = _tensor_scatter_op("tensor_scatter_min", "minimum", "TensorScatterMin",
                                  _vjp_scatter_extremum)


def _scatter_args(tensor, indices, updates):
    tensor = _as_tensor(tensor)
    if not hasattr(updates, "_value"):
        updates = convert_to_tensor(updates, dtype=tensor.dtype)
    return tensor, _as_tensor(indices), updates


def tensor_scatter_nd_update(tensor, indices, updates, name=None) -> Tensor:
    """A copy of `tensor` with the slices at `indices` replaced by `updates`."""
    return _scatter_update(*_scatter_args(tensor, indices, updates))


def tensor_scatter_nd_add(tensor, indices, updates, name=None) -> Tensor:
    """A copy of `tensor` with `updates` added at `indices` (duplicates add up)."""
    return _scatter_add(*_scatter_args(tensor, indices, updates))


def tensor_scatter_nd_sub(tensor, indices, updates, name=None) -> Tensor:
    return _scatter_sub(*_scatter_args(tensor, indices, updates))


def tensor_scatter_nd_max(tensor, indices, updates, name=None) -> Tensor:
    return _scatter_max(*_scatter_args(tensor, indices, updates))


def tensor_scatter_nd_min(tensor, indices, updates, name=None) -> Tensor:
    return _scatter_min(*_scatter_args(tensor, indices, updates))


# --- the rest of the family ----------------------------------------------------------------------
# imported last: gather_mask builds on the ops above; the names are re-exported through __all__
from fluxion.ops import gather_einsum, gather_mask, gather_sort  # noqa: I001
from fluxion.ops.gather_einsum import einsum, tensordot  # noqa: F401
from fluxion.ops.gather_mask import (boolean_mask, dynamic_partition,  # noqa: F401
                                     dynamic_stitch)
from fluxion.ops.gather_sort import (argsort, searchsorted, sort, unique,  # noqa: F401
                                     unique_with_counts)

__all__ += gather_mask.__all__ + gather_sort.__all__ + gather_einsum.__all__
_linalg_exports = ("einsum", "tensordot")
