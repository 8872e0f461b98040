"""The index kernels of ``tf.sparse`` as primitives, so sparse ops trace into graphs.

A SparseTensor's `indices` and `dense_shape` are int64 tensors that, inside a traced function,
may hold values known only when the graph runs (e.g. parsed from serialized Examples). The index
bookkeeping (validation, sorting, segment ids, unions, reshapes, slices) is therefore done by
these NumPy kernels, run by eager calls and graph executions alike; `fluxion.sparse` moves the
values with public differentiable ops (gather, segment reductions) driven by their outputs.
Only `sparse_to_dense` takes values; its vjp gathers the gradient back at the indices.

Ops whose output sizes depend on index values are listed in
`fluxion.graph.trace.DATA_DEPENDENT_SHAPES`. While a graph is traced on stand-in values (see
`debug_ops.values_are_provisional`) the kernels check nothing and skip entries that do not fit:
only the graph's runs see real indices.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.errors import InvalidArgumentError
from fluxion.ops.debug_ops import values_are_provisional

__all__: list = []

_I64 = dtypes.int64


def _row(v) -> str:
    return "[" + ",".join(str(int(d)) for d in v) + "]"


def check_indices(indices: np.ndarray, shape: np.ndarray, check_order: bool) -> None:
    """TF's SparseToDense checks: every index in bounds; with `check_order`, rows strictly
    increasing in row-major order (no repeats)."""
    bad = np.flatnonzero(np.any((indices < 0) | (indices >= shape), axis=1))
    if len(bad):
        i = bad[0]
        raise InvalidArgumentError(f"indices[{i}] = {_row(indices[i])} is out of bounds: "
                                   f"need 0 <= index < {_row(shape)}")
    if not check_order or len(indices) < 2:
        return
    flat = np.ravel_multi_index(tuple(indices.T), tuple(shape)) if len(shape) else \
        indices[:, 0]
    steps = np.diff(flat)
    bad = np.flatnonzero(steps <= 0)
    if len(bad):
        i = bad[0] + 1
        if steps[i - 1] == 0:
            raise InvalidArgumentError(f"indices[{i}] = {_row(indices[i])} is repeated")
        raise InvalidArgumentError(
            f"indices[{i}] = {_row(indices[i])} is out of order. Many sparse ops require "
            f"sorted indices.\n    Use `tf.sparse.reorder` to create a correctly ordered copy."
            f"\n\n")


def unique_rows(coords: np.ndarray):
    """Sorted unique rows of `coords` [N, k] and each row's position among them."""
    if len(coords) == 0:
        return coords.reshape(0, coords.shape[1]), np.zeros(0, np.int64)
    if coords.shape[1] == 0:
        return np.zeros((1, 0), coords.dtype), np.zeros(len(coords), np.int64)
    unique, inverse = np.unique(coords, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1).astype(np.int64)


def _rank_of(spec: Spec):
    return None if spec.shape is None else spec.shape[0]


# --- sparse_to_dense -----------------------------------------------------------------------------
def _to_dense(xp, values, default, indices, shape, validate_indices):
    if np.ndim(default) != 0:
        raise InvalidArgumentError(f"default_value should be a scalar, got shape "
                                   f"{list(np.shape(default))} [Op:SparseToDense]")
    if indices.ndim != 2 or indices.shape[1] != len(shape) or values.shape != indices.shape[:1]:
        raise InvalidArgumentError(
            f"indices {list(indices.shape)}, values {list(values.shape)} and dense shape "
            f"{list(shape)} do not match [Op:SparseToDense]")
    indices = np.asarray(indices, np.int64)
    if values_are_provisional():  # stand-in values of a trace: keep what fits, check nothing
        fits = np.all((indices >= 0) & (indices < np.asarray(shape, np.int64)), axis=1)
        indices, values = indices[fits], values[fits]
    else:
        check_indices(indices, np.asarray(shape, np.int64), validate_indices)
    out = xp.full(tuple(int(d) for d in shape), default, dtype=values.dtype)
    if len(indices):
        out[tuple(indices.T)] = values
    return out


def _to_dense_static_kernel(xp, values, default, indices, shape, validate_indices):
    return _to_dense(xp, values, default, indices, shape, validate_indices)


def _to_dense_shape_kernel(xp, values, default, indices, dense_shape, validate_indices):
    return _to_dense(xp, values, default, indices, tuple(dense_shape.tolist()), validate_indices)


def _vjp_to_dense(g, out, values, default, indices, *rest, **attrs):
    from fluxion.ops import gather_ops, reduce_ops  # noqa: PLC0415 - ops import this module

    at_indices = gather_ops.gather_nd(g, indices)
    rest_of_g = reduce_ops.reduce_sum(g) - reduce_ops.reduce_sum(at_indices)
    return (at_indices, rest_of_g, None) + (None,) * len(rest)


sparse_to_dense = defop(
    "sparse_to_dense", _to_dense_static_kernel, vjp=_vjp_to_dense, same_dtype=2,
    infer=lambda values, default, indices, shape, validate_indices: Spec(tuple(shape),
                                                                         values.dtype),
    tf_name="SparseToDense",
    doc="A dense tensor of static `shape` holding `values` at `indices`, `default` elsewhere.")
sparse_to_dense_shape = defop(
    "sparse_to_dense_shape", _to_dense_shape_kernel, vjp=_vjp_to_dense, same_dtype=2,
    infer=lambda values, default, indices, dense_shape, validate_indices: Spec(
        None if _rank_of(dense_shape) is None else (None,) * _rank_of(dense_shape),
        values.dtype),
    tf_name="SparseToDense",
    doc="`sparse_to_dense` with the dense shape as an int64 tensor (known when the graph runs).")


# --- reorder -------------------------------------------------------------------------------------
def _reorder_kernel(xp, indices):
    if indices.shape[1] == 0:
        order = np.arange(len(indices), dtype=np.int64)
    else:
        order = np.lexsort(indices.T[::-1]).astype(np.int64)
    return indices[order], order


sparse_reorder = defop(
    "sparse_reorder", _reorder_kernel, num_outputs=2, dtypes=(_I64,), tf_name="SparseReorder",
    infer=lambda indices: (Spec(indices.shape, _I64), Spec(
        None if indices.shape is None else indices.shape[:1], _I64)),
    doc="Indices sorted in row-major order, and the permutation that sorts them.")


# --- segments (reductions, softmax) --------------------------------------------------------------
def _segments_kernel(xp, indices, axes, keepdims):
    """Groups the entries by their coordinates outside `axes`. Returns the groups' indices
    (sorted; the reduced axes dropped, or 0 with keepdims), the order that sorts the entries by
    group, the sorted group ids, and each entry's group id."""
    rank = indices.shape[1]
    kept = [a for a in range(rank) if a not in axes]
    coords, inverse = unique_rows(indices[:, kept])
    if keepdims:
        full = np.zeros((len(coords), rank), np.int64)
        full[:, kept] = coords
        coords = full
    order = np.argsort(inverse, kind="stable").astype(np.int64)
    return coords.astype(np.int64), order, inverse[order], inverse


def _infer_segments(indices, axes, keepdims):
    rank = None if indices.shape is None else indices.shape[1]
    width = rank if keepdims or rank is None else rank - len(axes)
    n = None if indices.shape is None else indices.shape[0]
    return (Spec((None, width), _I64), Spec((n,), _I64), Spec((n,), _I64), Spec((n,), _I64))


sparse_segments = defop(
    "sparse_segments", _segments_kernel, num_outputs=4, dtypes=(_I64,), infer=_infer_segments,
    tf_name="SparseSegments",
    doc="Groups sparse entries by their coordinates outside `axes` (see the kernel).")


# --- union (add, maximum, minimum) ---------------------------------------------------------------
def _union_kernel(xp, a_indices, a_shape, b_indices, b_shape):
    if not np.array_equal(a_shape, b_shape) and not values_are_provisional():
        raise InvalidArgumentError(f"Operands' shapes do not match: got {a_shape.tolist()} "
                                   f"and {b_shape.tolist()}")
    both = np.concatenate([a_indices, b_indices]).reshape(-1, len(a_shape))
    coords, pos = unique_rows(both)
    return coords.astype(np.int64), pos[:len(a_indices)], pos[len(a_indices):]


sparse_union = defop(
    "sparse_union", _union_kernel, num_outputs=3, dtypes=(_I64,), tf_name="SparseUnion",
    infer=lambda ai, ash, bi, bsh: (
        Spec((None, None if ai.shape is None else ai.shape[1]), _I64),
        Spec(None if ai.shape is None else ai.shape[:1], _I64),
        Spec(None if bi.shape is None else bi.shape[:1], _I64)),
    doc="Sorted union of two index sets, and where each set's entries land in it.")


# --- reshape -------------------------------------------------------------------------------------
def _reshape_kernel(xp, indices, dense_shape, new_shape):
    old = dense_shape.astype(np.int64)
    new = new_shape.astype(np.int64).reshape(-1)
    total = int(np.prod(old))
    if (new == -1).sum() > 1:
        raise InvalidArgumentError("only one output dimension may be -1 [Op:SparseReshape]")
    if (new == -1).sum() == 1:
        known = int(np.prod(new[new != -1]))
        new = np.where(new == -1, total // known if known else 0, new)
    if values_are_provisional() and (int(np.prod(new)) != total or np.any(
            (indices < 0) | (indices >= old))):  # stand-ins: any result of the right form
        return np.zeros((len(indices), len(new)), np.int64), np.maximum(new, 1)
    if int(np.prod(new)) != total:
        raise InvalidArgumentError(f"Input to reshape is a tensor with {total} dense values, "
                                   f"but the requested shape has {int(np.prod(new))}")
    flat = np.ravel_multi_index(tuple(indices.T), tuple(old)) if len(indices) else \
        np.zeros(0, np.int64)
    out = np.stack(np.unravel_index(flat, tuple(new)), axis=1) if len(new) else \
        np.zeros((len(flat), 0), np.int64)
    return out.astype(np.int64).reshape(len(flat), len(new)), new


sparse_reshape = defop(
    "sparse_reshape", _reshape_kernel, num_outputs=2, tf_name="SparseReshape",
    infer=lambda indices, dense_shape, new_shape: (
        Spec((None if indices.shape is None else indices.shape[0], _rank_of(new_shape)), _I64),
        Spec(new_shape.shape, _I64)),
    doc="The same entries in a dense shape of as many elements (one -1 is inferred).")


# --- slice ---------------------------------------------------------------------------------------
def _slice_kernel(xp, indices, dense_shape, start, size):
    start = start.astype(np.int64).reshape(-1)
    stop = np.minimum(start + size.astype(np.int64).reshape(-1), dense_shape)
    keep = np.flatnonzero(np.all((indices >= start) & (indices < stop), axis=1))
    return (indices[keep] - start).astype(np.int64), keep.astype(np.int64), \
        np.maximum(stop - start, 0).astype(np.int64)


sparse_slice = defop(
    "sparse_slice", _slice_kernel, num_outputs=3, tf_name="SparseSlice",
    infer=lambda indices, dense_shape, start, size: (
        Spec((None, None if indices.shape is None else indices.shape[1]), _I64),
        Spec((None,), _I64), Spec(dense_shape.shape, _I64)),
    doc="The entries inside [start, start + size), shifted to start at 0, their positions, "
        "and the slice's dense shape.")


# --- fill_empty_rows -----------------------------------------------------------------------------
def _fill_empty_rows_kernel(xp, indices, dense_shape):
    """Indices with [row, 0, ...] added for each empty row (ordered by row), where each entry's
    value comes from (N: the default, appended after the N given values), and the empty rows."""
    n_rows = int(dense_shape[0])
    empty = np.ones(n_rows, dtype=bool)
    rows = indices[:, 0]
    empty[rows[(rows >= 0) & (rows < n_rows)] if values_are_provisional() else rows] = False
    rows = np.flatnonzero(empty)
    filler = np.zeros((len(rows), len(dense_shape)), np.int64)
    filler[:, 0] = rows
    all_indices = np.concatenate([indices, filler])
    source = np.concatenate([np.arange(len(indices)), np.full(len(rows), len(indices))])
    order = np.argsort(all_indices[:, 0], kind="stable")
    return all_indices[order].astype(np.int64), source[order].astype(np.int64), empty


sparse_fill_empty_rows = defop(
    "sparse_fill_empty_rows", _fill_empty_rows_kernel, num_outputs=3, dtypes=(_I64,),
    tf_name="SparseFillEmptyRows",
    infer=lambda indices, dense_shape: (
        Spec((None, None if indices.shape is None else indices.shape[1]), _I64),
        Spec((None,), _I64), Spec((None,), dtypes.bool)),
    doc="See the kernel: the index side of tf.sparse.fill_empty_rows.")
