"""Masking and partitioning (``tf.boolean_mask``, ``tf.dynamic_partition``,
``tf.dynamic_stitch``).

Part of the gather family (`gather_ops` re-exports these names). boolean_mask and
dynamic_partition are compositions: the positions picked by the mask or partition ids (which
are not differentiable) become gather indices, so gradients flow through gather.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import array_ops
from fluxion.ops._util import static_ints, static_value
from fluxion.ops.gather_ops import _as_tensor, _gather

__all__ = ["boolean_mask", "dynamic_partition", "dynamic_stitch"]


# --- boolean_mask --------------------------------------------------------------------------------
def boolean_mask(tensor, mask, axis=None, name="boolean_mask") -> Tensor:
    """The slices of `tensor` where `mask` (covering dims axis..axis+mask.ndim) is true."""
    tensor = _as_tensor(tensor)
    mask = _as_tensor(mask)
    mshape = mask._value.shape
    if not mshape:
        raise ValueError("mask cannot be scalar.")
    axis = 0 if axis is None else static_ints(axis, "axis")
    tshape = tensor._value.shape
    # TF slices the shape with Python semantics: a negative axis leaves nothing to compare
    covered = tshape[axis:axis + len(mshape)]
    if len(covered) != len(mshape) or any(a != b for a, b in zip(covered, mshape)):
        raise ValueError(f"Shapes {_shape_str(covered)} and {_shape_str(mshape)} are "
                         f"incompatible")
    if len(mshape) != 1:
        # the masked dims merge into one (-1: in a graph their sizes may vary between runs;
        # the other dims are read when it runs too)
        if STATE.trace is None:
            target = tshape[:axis] + (int(np.prod(mshape)),) + tshape[axis + len(mshape):]
        else:
            dims = array_ops.shape(tensor)
            target = array_ops.concat([dims[:axis], [-1], dims[axis + len(mshape):]], 0)
        tensor = array_ops.reshape(tensor, target)
    # indices of the true entries by an op (not NumPy here), so a graph trace records them
    from fluxion.ops import math_ops  # noqa: PLC0415 - math imports this family

    picked = array_ops.reshape(math_ops.where(array_ops.reshape(mask, [-1])), [-1])
    return _gather(tensor, picked, axis=axis, batch_dims=0)


def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


# --- dynamic_partition ---------------------------------------------------------------------------
def dynamic_partition(data, partitions, num_partitions, name=None) -> list:
    """Splits `data` into `num_partitions` tensors: output i holds the slices whose entry of
    `partitions` (an int32 tensor shaped like a prefix of data's shape) is i, in order."""
    data = _as_tensor(data)
    parts = partitions if hasattr(partitions, "_value") else convert_to_tensor(partitions,
                                                                                dtypes.int32)
    static_value(parts, "partitions")  # refused inside a graph trace when input-dependent
    ids = parts._value
    if ids.dtype != np.int32:
        raise ValueError(f"Tensor conversion requested dtype int32 for Tensor with dtype "
                         f"{dtypes.from_numpy(ids.dtype).name}")
    num_partitions = static_ints(num_partitions, "num_partitions")
    if num_partitions < 1:
        raise InvalidArgumentError(f"Value for attr 'num_partitions' of {num_partitions} must "
                                   f"be at least minimum 1 [Op:DynamicPartition]")
    dshape = data._value.shape
    if dshape[:ids.ndim] != ids.shape:
        raise InvalidArgumentError(
            f"data.shape must start with partitions.shape, got data.shape = {list(dshape)}, "
            f"partitions.shape = {list(ids.shape)} [Op:DynamicPartition]")
    flat_ids = ids.reshape(-1)
    bad = np.flatnonzero((flat_ids < 0) | (flat_ids >= num_partitions))
    if bad.size:
        where = ",".join(str(int(i)) for i in np.unravel_index(int(bad[0]), ids.shape))
        raise InvalidArgumentError(f"partitions[{where}] = {flat_ids[bad[0]]} is not in "
                                   f"[0, {num_partitions}) [Op:DynamicPartition]")
    if ids.ndim != 1:
        data = array_ops.reshape(data, (flat_ids.size,) + dshape[ids.ndim:])
    order = np.argsort(flat_ids, kind="stable")  # positions grouped by partition, in order
    bounds = np.cumsum(np.bincount(flat_ids, minlength=num_partitions))[:-1]
    return [_gather(data, wrap(rows), axis=0, batch_dims=0) for rows in np.split(order, bounds)]


# --- dynamic_stitch ------------------------------------------------------------------------------
def _stitch_kernel(xp, *args, n):
    indices, data = args[:n], args[n:]
    for i, (idx, d) in enumerate(zip(indices, data)):
        if idx.dtype != np.int32:
            raise InvalidArgumentError(f"indices[{i}] must be int32, got "
                                       f"{dtypes.from_numpy(idx.dtype).name} [Op:DynamicStitch]")
        if d.shape[:idx.ndim] != idx.shape:
            raise InvalidArgumentError(f"data[{i}].shape = {list(d.shape)} does not start with "
                                       f"indices[{i}].shape = {list(idx.shape)} "
                                       f"[Op:DynamicStitch]")
        if d.dtype != data[0].dtype:
            raise InvalidArgumentError(f"data[{i}] has dtype {d.dtype}, but data[0] has "
                                       f"{data[0].dtype} [Op:DynamicStitch]")
    rest = data[0].shape[indices[0].ndim:]
    flat_idx = np.concatenate([idx.reshape(-1) for idx in indices])
    flat_data = np.concatenate([d.reshape((-1,) + rest) for d in data])
    if flat_idx.size and flat_idx.min() < 0:
        raise InvalidArgumentError(f"indices[{int(np.argmax(flat_idx < 0))}] is out of range "
                                   f"[Op:DynamicStitch]")
    size = int(flat_idx.max()) + 1 if flat_idx.size else 0
    out = xp.zeros((size,) + rest, data[0].dtype)
    out[flat_idx] = flat_data  # later slices win for repeated indices, as in TF
    return out


def _vjp_stitch(g, out, *args, n):
    # like TF, every slice gets the gradient of its row, even one a later slice overwrote
    return (None,) * n + tuple(_gather(g, idx, axis=0, batch_dims=0) for idx in args[:n])


_stitch = defop("dynamic_stitch", _stitch_kernel, vjp=_vjp_stitch, same_dtype=1,
                tf_name="DynamicStitch",
                infer=lambda *specs, n: Spec(None, specs[n].dtype))


def dynamic_stitch(indices, data, name=None) -> Tensor:
    """Interleaves `data` into one tensor: merged[indices[m][i]] = data[m][i]."""
    indices = [x if hasattr(x, "_value") else convert_to_tensor(x, dtypes.int32)
               for x in indices]
    data = list(data)
    if len(indices) != len(data) or not data:
        raise ValueError(f"dynamic_stitch needs as many data tensors as indices tensors "
                         f"(at least one), got {len(indices)} and {len(data)}")
    first = _as_tensor(data[0])
    data = [first] + [x if hasattr(x, "_value") else convert_to_tensor(x, first.dtype)
                      for x in data[1:]]
    return _stitch(*indices, *data, n=len(indices))
