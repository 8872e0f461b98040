"""Sorting and searching (``tf.sort``, ``tf.argsort``, ``tf.unique``, ``tf.searchsorted``).

Part of the gather family: `gather_ops` imports this module and re-exports its names.
TF sorts with top_k, so ties keep their original order in both directions; the kernels
reproduce that. (TF's order of NaNs is unspecified; here they sort last, or first when
descending.)
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops._util import REAL, static_ints

__all__ = ["argsort", "searchsorted", "sort", "unique", "unique_with_counts"]

Unique = namedtuple("Unique", "y idx")
UniqueWithCounts = namedtuple("UniqueWithCounts", "y idx count")
_DIRECTIONS = ("ASCENDING", "DESCENDING")


def _as_tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


# --- argsort / sort ------------------------------------------------------------------------------
def _argsort_np(x, axis: int, descending: bool):
    """Order of `x` along `axis`; ties keep their original order in both directions."""
    rows = np.moveaxis(x, axis, -1)
    shape = rows.shape
    rows = rows.reshape(-1, shape[-1]) if rows.size else rows.reshape(-1, max(shape[-1], 1))
    if x.dtype.kind == "f":
        # quicksort is several times faster than a stable sort; redo only rows with ties
        order = np.argsort(rows, axis=1)
        if descending:
            order = order[:, ::-1]
        s = np.take_along_axis(rows, order, axis=1)
        tied = np.flatnonzero((s[:, 1:] == s[:, :-1]).any(axis=1))
        if tied.size:
            order[tied] = _stable_argsort(rows[tied], descending)
    elif x.dtype.itemsize <= 4:
        # value * n + position is a tie-free int64 key: quicksort gives the stable order
        n = rows.shape[1]
        key = rows.astype(np.int64) * (-n if descending else n) + np.arange(n)
        order = np.argsort(key, axis=1)
    else:
        order = _stable_argsort(rows, descending)
    return np.moveaxis(order.reshape(shape), -1, axis)


def _stable_argsort(rows, descending: bool):
    if not descending:
        return np.argsort(rows, axis=1, kind="stable")
    n = rows.shape[1]  # stable descending: the reversed stable sort of the reversed input
    return (n - 1) - np.argsort(rows[:, ::-1], axis=1, kind="stable")[:, ::-1]


def _argsort_kernel(xp, x, axis, descending):
    return _argsort_np(x, axis, descending).astype(np.int32)


def _sort_kernel(xp, x, axis, descending):
    out = xp.sort(x, axis=axis)
    return np.flip(out, axis).copy() if descending else out


def _vjp_sort(g, out, x, axis, descending):
    perm = _argsort(x, axis=axis, descending=descending)
    return (_put_along(g, perm, axis=axis),)


def _take_along_kernel(xp, x, idx, axis):
    return xp.take_along_axis(x, idx.astype(np.intp, copy=False), axis=axis)


def _put_along_kernel(xp, g, idx, axis):
    """Adds g into zeros at positions idx along axis (the transpose of take_along_axis)."""
    out = xp.zeros(g.shape, g.dtype)
    np.put_along_axis(out, idx.astype(np.intp, copy=False), g, axis=axis)
    return out


_argsort = defop("argsort", _argsort_kernel, dtypes=REAL, tf_name="ArgSort",
                 infer=lambda x, axis, descending: Spec(x.shape, dtypes.int32))
_sort = defop("sort", _sort_kernel, vjp=_vjp_sort, dtypes=REAL, tf_name="Sort",
              infer=lambda x, axis, descending: Spec(x.shape, x.dtype))
_take_along = defop(
    "take_along_axis", _take_along_kernel, same_dtype=1, tf_name="TakeAlongAxis",
    infer=lambda x, idx, axis: Spec(idx.shape, x.dtype),
    vjp=lambda g, out, x, idx, axis: (_put_along(g, idx, axis=axis), None),
    doc="x[..., idx, ...] along `axis` where idx is a permutation (the vjp of sort).")
_put_along = defop(
    "put_along_axis", _put_along_kernel, same_dtype=1, tf_name="PutAlongAxis",
    infer=lambda g, idx, axis: Spec(g.shape, g.dtype),
    vjp=lambda gg, out, g, idx, axis: (_take_along(gg, idx, axis=axis), None),
    doc="Scatters g to positions idx (a permutation) along `axis`.")


def _sort_args(values, axis, direction, what: str):
    values = _as_tensor(values)
    if direction not in _DIRECTIONS:
        raise ValueError(f"Argument `direction` should be one of ASCENDING, DESCENDING. "
                         f"Received: direction={direction}")
    axis = static_ints(axis, "axis")
    rank = values._value.ndim
    if not -rank <= axis < rank:
        raise InvalidArgumentError(f"slice index {axis} of dimension 0 out of bounds. "
                                   f"[Op:{what}]")
    return values, axis % rank, direction == "DESCENDING"


def sort(values, axis=-1, direction="ASCENDING", name=None) -> Tensor:
    """Sorted copy of `values` along `axis`."""
    values, axis, descending = _sort_args(values, axis, direction, "Sort")
    return _sort(values, axis=axis, descending=descending)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None) -> Tensor:
    """int32 indices that sort `values` along `axis` (always stable, like TF's top_k)."""
    values, axis, descending = _sort_args(values, axis, direction, "ArgSort")
    return _argsort(values, axis=axis, descending=descending)


# --- unique --------------------------------------------------------------------------------------
def _unique_np(x, want_counts: bool):
    """Unique values in order of first occurrence, the index of each element, the counts."""
    if x.ndim != 1:
        raise InvalidArgumentError("unique expects a 1D vector. [Op:Unique]")
    if x.size == 0:
        return x.copy(), np.zeros(0, np.int64), np.zeros(0, np.int64)
    res = np.unique(x, return_index=True, return_inverse=True, return_counts=want_counts,
                    equal_nan=False) if x.dtype.kind != "O" else \
        np.unique(x, return_index=True, return_inverse=True, return_counts=want_counts)
    first, inverse = res[1], res[2].reshape(-1)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    counts = res[3][order] if want_counts else None
    return x[first[order]], rank[inverse], counts


def _unique_kernel(xp, x, out_idx):
    y, idx, _ = _unique_np(x, False)
    return y, idx.astype(out_idx._np)


def _unique_counts_kernel(xp, x, out_idx):
    y, idx, counts = _unique_np(x, True)
    return y, idx.astype(out_idx._np), counts.astype(out_idx._np)


def _infer_unique(x: Spec, out_idx):
    # the number of distinct values is data dependent: a 1-D shape of unknown length, which
    # Spec can only express as an unknown shape
    return Spec(None, x.dtype), Spec(x.shape, out_idx)


_unique = defop("unique", _unique_kernel, num_outputs=2, infer=_infer_unique, tf_name="Unique")
_unique_counts = defop(
    "unique_with_counts", _unique_counts_kernel, num_outputs=3, tf_name="UniqueWithCounts",
    infer=lambda x, out_idx: _infer_unique(x, out_idx) + (Spec(None, out_idx),))


def _out_idx(out_idx, op: str, attr: str = "out_idx"):
    dt = as_dtype(out_idx)
    if dt not in (dtypes.int32, dtypes.int64):
        raise InvalidArgumentError(f"Value for attr '{attr}' of {dt.name} is not in the list "
                                   f"of allowed values: int32, int64 [Op:{op}]")
    return dt


def unique(x, out_idx=dtypes.int32, name=None) -> Unique:
    """(y, idx): the distinct values of 1-D `x` in order of first occurrence, and for each
    element of `x` the position of its value in y."""
    return Unique(*_unique(_as_tensor(x), out_idx=_out_idx(out_idx, "Unique")))


def unique_with_counts(x, out_idx=dtypes.int32, name=None) -> UniqueWithCounts:
    """Like `unique`, plus how often each value occurs."""
    out = _unique_counts(_as_tensor(x), out_idx=_out_idx(out_idx, "UniqueWithCounts"))
    return UniqueWithCounts(*out)


# --- searchsorted --------------------------------------------------------------------------------
def _searchsorted_kernel(xp, seq, values, right, out_type):
    op = "UpperBound" if right else "LowerBound"
    if seq.ndim == 0 or values.ndim == 0:
        raise InvalidArgumentError(f"sorted_sequence and values must be at least 1-D, got "
                                   f"shapes {list(seq.shape)} and {list(values.shape)} [Op:{op}]")
    rows = int(np.prod(seq.shape[:-1]))
    if rows != int(np.prod(values.shape[:-1])):
        raise InvalidArgumentError(f"Leading dim_size of both tensors must match. [Op:{op}]")
    side = "right" if right else "left"
    seq2, val2 = seq.reshape(rows, -1), values.reshape(rows, -1)
    if rows == 1:
        out = np.searchsorted(seq2[0], val2[0], side=side)
    elif seq2.shape[1] * val2.shape[1] <= 1024:
        # short rows: count the smaller (or not larger) elements of each row all at once
        compare = np.less_equal if right else np.less
        out = compare(seq2[:, None, :], val2[:, :, None]).sum(axis=2)
    else:
        out = np.stack([np.searchsorted(s, v, side=side) for s, v in zip(seq2, val2)])
    return out.astype(out_type._np).reshape(values.shape)


_searchsorted = defop("searchsorted", _searchsorted_kernel, tf_name="LowerBound",
                      infer=lambda s, v, right, out_type: Spec(v.shape, out_type))


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32,
                 name=None) -> Tensor:
    """Insertion points of `values` in the innermost rows of `sorted_sequence`."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: "
                         f"`side` = '{side}'.")
    out_type = _out_idx(out_type, "UpperBound" if side == "right" else "LowerBound",
                        "out_type")
    return _searchsorted(_as_tensor(sorted_sequence), _as_tensor(values), right=side == "right",
                         out_type=out_type)
