"""Scans and top-k (``tf.cumsum``, ``tf.math.cumprod``, ``tf.math.top_k``, ``tf.math.in_top_k``).

Part of the reduce family: `reduce_ops` imports this module and exports its names.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops
from fluxion.ops._util import NUMERIC, REAL, shape_of, static_value

__all__ = ["cumsum", "cumprod", "top_k", "in_top_k"]

TopKV2 = namedtuple("TopKV2", ["values", "indices"])


# --- cumsum / cumprod ----------------------------------------------------------------------------
def _scan_kernel(name: str, identity):
    def kernel(xp, x, axis, exclusive, reverse):
        if reverse:
            x = xp.flip(x, axis)
        out = getattr(xp, name)(x, axis=axis, dtype=x.dtype)
        if exclusive and x.shape[axis]:
            shifted = xp.empty_like(out)
            head = [slice(None)] * x.ndim
            rest = list(head)
            head[axis], rest[axis] = slice(0, 1), slice(1, None)
            shifted[tuple(head)] = identity
            shifted[tuple(rest)] = out[tuple(slice(0, -1) if i == axis else slice(None)
                                             for i in range(x.ndim))]
            out = shifted
        return xp.flip(out, axis) if reverse else out
    return kernel


def _vjp_cumsum(g, out, x, axis, exclusive, reverse):
    return (cumsum(g, axis, exclusive=exclusive, reverse=not reverse),)


def _vjp_cumprod(g, out, x, axis, exclusive, reverse):
    # TF's rule: cumsum(out * g) / x, with x == 0 giving 0 (TF's gradient is not exact there)
    total = cumsum(math_ops.multiply(out, g), axis, exclusive=exclusive, reverse=not reverse)
    return (math_ops.divide_no_nan(total, x),)


_cumsum = defop("cumsum", _scan_kernel("cumsum", 0), vjp=_vjp_cumsum, infer=_infer.same,
                dtypes=NUMERIC, tf_name="Cumsum")
_cumprod = defop("cumprod", _scan_kernel("cumprod", 1), vjp=_vjp_cumprod, infer=_infer.same,
                 dtypes=NUMERIC, tf_name="Cumprod")


def _scan_axis(axis, rank: int, op: str) -> int:
    if type(axis) is not int:
        v = static_value(axis)
        if v.dtype.kind not in "iu":
            raise TypeError(f"Cannot convert {axis!r} to EagerTensor of dtype int32")
        if v.ndim:
            raise InvalidArgumentError(f"ScanOp: axis must be a scalar, not {v.tolist()} "
                                       f"[Op:{op}]")
        axis = int(v)
    if not -rank <= axis < rank:
        raise InvalidArgumentError(f"ScanOp: Expected scan axis in the range [{-rank}, {rank}), "
                                   f"but got {axis} [Op:{op}]")
    return axis % rank


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """Cumulative sum along `axis`; `exclusive` starts at 0, `reverse` scans from the end."""
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    return _cumsum(x, axis=_scan_axis(axis, x._value.ndim, "Cumsum"), exclusive=bool(exclusive),
                   reverse=bool(reverse))


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """Cumulative product along `axis`; `exclusive` starts at 1, `reverse` scans from the end."""
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    return _cumprod(x, axis=_scan_axis(axis, x._value.ndim, "Cumprod"),
                    exclusive=bool(exclusive), reverse=bool(reverse))


# --- top_k ---------------------------------------------------------------------------------------
def _descending(xp, x):
    """Stable descending argsort along the last axis (ties keep the lower index first)."""
    n = x.shape[-1]
    return (n - 1) - xp.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1]


def _top_k_partial(xp, x, k):
    """Top-k indices through a partition: O(n) per row plus a sort of the k winners. Rows
    where the partition split a run of values equal to the k-th one fall back to a full sort,
    so ties always resolve to the lower indices."""
    n = x.shape[-1]
    idx = xp.argpartition(x, n - k, axis=-1)[..., n - k:]
    kth = xp.take_along_axis(x, idx[..., :1], -1)  # the partition puts the k-th value first
    idx = xp.sort(idx, axis=-1)
    vals = xp.take_along_axis(x, idx, -1)
    split = xp.sum(x == kth, axis=-1) != xp.sum(vals == kth, axis=-1)
    idx = xp.take_along_axis(idx, _descending(xp, vals), -1)
    if split.any():
        idx[split] = _descending(xp, x[split])[..., :k]
    return idx


def _top_k_kernel(xp, x, k, sorted, index_type):  # noqa: A002 - TF's attribute name
    if x.ndim < 1:
        raise InvalidArgumentError(f"input must be >= 1-D, got shape {list(x.shape)} "
                                   f"[Op:TopKV2]")
    n = x.shape[-1]
    if k < 0:
        raise InvalidArgumentError(f"Need k >= 0, got {k} [Op:TopKV2]")
    if n < k:
        raise InvalidArgumentError(f"input must have at least k columns. Had {n}, needed {k} "
                                   f"[Op:TopKV2]")
    if k == 0:
        idx = xp.zeros(x.shape[:-1] + (0,), xp.int64)
    elif k == 1:  # argmax picks the first maximum (or first NaN), like the sorts below
        idx = xp.argmax(x, axis=-1)[..., None]
    elif k < n and n >= 16 and not (x.dtype.kind == "f" and xp.isnan(x).any()):
        idx = _top_k_partial(xp, x, k)
    else:
        idx = _descending(xp, x)[..., :k]
    return xp.take_along_axis(x, idx, -1), idx.astype(index_type._np)


def _infer_top_k(x: Spec, k, sorted, index_type):  # noqa: A002
    shape = None if x.shape is None else tuple(x.shape[:-1]) + (k,)
    return Spec(shape, x.dtype), Spec(shape, index_type)


def _vjp_top_k(gs, outs, x, k, sorted, index_type):  # noqa: A002
    # scatter the values' gradient back to the chosen positions of each row
    from fluxion.ops import segment_ops  # noqa: PLC0415

    shape = shape_of(x)
    n, rows = shape[-1], int(np.prod(shape[:-1]))
    offsets = wrap(np.arange(rows, dtype=np.int64)[:, None] * n)
    idx = array_ops.reshape(math_ops.cast(outs[1], dtypes.int64), [rows, k])
    flat = array_ops.reshape(math_ops.add(idx, offsets), [-1])
    gx = segment_ops.unsorted_segment_sum(array_ops.reshape(gs[0], [-1]), flat, rows * n)
    return (array_ops.reshape(gx, shape),)


_top_k = defop("top_k", _top_k_kernel, vjp=_vjp_top_k, infer=_infer_top_k, num_outputs=2,
               dtypes=REAL, tf_name="TopKV2")
_INDEX_TYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


def top_k(input, k=1, sorted=True, index_type=dtypes.int32,  # noqa: A002
          name=None) -> TopKV2:
    """The `k` largest entries of the last axis and their indices, largest first (ties: lower
    index first). Returns a namedtuple `(values, indices)`."""
    x = input if hasattr(input, "_value") else convert_to_tensor(input)
    if type(k) is not int:
        kv = static_value(k)
        if kv.dtype.kind not in "iu":
            raise InvalidArgumentError(f"Value for attr 'Tk' of {dtypes.from_numpy(kv.dtype).name}"
                                       f" is not in the list of allowed values: int16, int32, "
                                       f"int64 [Op:TopKV2]")
        k = int(kv)
    index_type = as_dtype(index_type)
    if index_type not in _INDEX_TYPES:
        raise InvalidArgumentError(f"Value for attr 'index_type' of {index_type.name} is not in "
                                   f"the list of allowed values: int16, int32, int64 [Op:TopKV2]")
    values, indices = _top_k(x, k=k, sorted=bool(sorted), index_type=index_type)
    return TopKV2(values, indices)


# --- in_top_k ------------------------------------------------------------------------------------
def _in_top_k_kernel(xp, predictions, targets, k):
    if targets.dtype.kind not in "iu" or targets.dtype.itemsize < 4:
        raise InvalidArgumentError(f"Value for attr 'T' of {targets.dtype} is not in the list of "
                                   f"allowed values: int32, int64 [Op:InTopKV2]")
    if predictions.ndim != 2:
        raise InvalidArgumentError("predictions must be 2-dimensional [Op:InTopKV2]")
    if targets.ndim != 1 or targets.shape[0] != predictions.shape[0]:
        raise InvalidArgumentError(f"First dimension of predictions {predictions.shape[0]} must "
                                   f"match length of targets {targets.size} [Op:InTopKV2]")
    rows, n = predictions.shape
    valid = (targets >= 0) & (targets < n)
    target = predictions[xp.arange(rows), xp.clip(targets, 0, max(n - 1, 0))] if n else \
        xp.zeros(rows, predictions.dtype)
    finite = xp.all(xp.isfinite(predictions), axis=1)  # any non-finite score: "cannot say"
    better = xp.sum(predictions > target[:, None], axis=1)
    return valid & finite & (better < k)


def _infer_in_top_k(predictions: Spec, targets: Spec, k) -> Spec:
    return Spec(targets.shape, dtypes.bool)


_in_top_k = defop("in_top_k", _in_top_k_kernel, infer=_infer_in_top_k, same_dtype=1,
                  dtypes=(dtypes.float32,), tf_name="InTopKV2")


def in_top_k(targets, predictions, k, name=None) -> Tensor:
    """Whether each target class is among the `k` highest predictions of its row (ties at the
    boundary count as in; rows with a non-finite prediction give False)."""
    kv = static_value(k)
    return _in_top_k(predictions, targets, k=int(kv))


_math_exports = ("cumsum", "cumprod", "top_k", "in_top_k")
