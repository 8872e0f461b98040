"""The kernels of ``tf.sets`` as primitives: set operations and set sizes over the last axis of
sparse (COO) operands, so they run eagerly and in traced graphs alike.

Each operand is given as (indices, values, dense_shape); a dense operand is passed as the COO
form of all its entries. A set is the values sharing the leading index coordinates (the "group");
results are sorted within each group and groups come in row-major order, as in TensorFlow.
Sets have no gradient (their values are integers or strings).
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.errors import InvalidArgumentError
from fluxion.ops.debug_ops import values_are_provisional

__all__: list = []

_I64 = dtypes.int64
SET_DTYPES = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8,
              dtypes.uint16, dtypes.string)


def _groups(indices: np.ndarray, values: np.ndarray) -> dict:
    """Group coordinates (a tuple) -> the set of values in that group."""
    out: dict = {}
    keys = indices[:, :-1].tolist()
    for key, value in zip(keys, values.tolist()):
        out.setdefault(tuple(key), set()).add(value)
    return out


def _combine(a: set, b: set, set_operation: str) -> set:
    if set_operation == "a-b":
        return a - b
    if set_operation == "b-a":
        return b - a
    if set_operation == "intersection":
        return a & b
    return a | b


def _check_rank(shape: np.ndarray, op: str) -> None:
    if len(shape) < 2 and not values_are_provisional():
        raise InvalidArgumentError(f"Invalid rank {len(shape)}. [Op:{op}]")


def _set_operation_kernel(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape,
                          set_operation):
    op = "SparseToSparseSetOperation"
    _check_rank(a_shape, op)
    _check_rank(b_shape, op)
    if not np.array_equal(a_shape[:-1], b_shape[:-1]) and not values_are_provisional():
        raise InvalidArgumentError(f"Mismatched shapes {a_shape[:-1].tolist()} vs "
                                   f"{b_shape[:-1].tolist()} [Op:{op}]")
    a = _groups(np.asarray(a_indices).reshape(len(a_values), -1), np.asarray(a_values))
    b = _groups(np.asarray(b_indices).reshape(len(b_values), -1), np.asarray(b_values))
    rows, vals, width = [], [], 0
    for key in sorted(set(a) | set(b)):
        result = sorted(_combine(a.get(key, set()), b.get(key, set()), set_operation))
        width = max(width, len(result))
        rows.extend(key + (k,) for k in range(len(result)))
        vals.extend(result)
    batch = np.asarray(a_shape[:-1], np.int64)
    indices = np.asarray(rows, np.int64).reshape(len(rows), len(batch) + 1)
    values = np.asarray(vals, a_values.dtype) if vals else np.zeros(0, a_values.dtype)
    return indices, values, np.append(batch, width).astype(np.int64)


def _infer_set_operation(ai, av, ash, bi, bv, bsh, set_operation):
    rank = None if ai.shape is None else ai.shape[1]
    return (Spec((None, rank), _I64), Spec((None,), av.dtype),
            Spec(None if ash.shape is None else ash.shape, _I64))


set_operation = defop(
    "set_operation", _set_operation_kernel, num_outputs=3, infer=_infer_set_operation,
    same_dtype=0, tf_name="SparseToSparseSetOperation",
    doc="Per-group a-b, b-a, intersection or union of two COO sets, as a COO result.")


def _set_size_kernel(xp, indices, values, shape):
    _check_rank(shape, "SetSize")
    batch = tuple(int(d) for d in shape[:-1])
    out = np.zeros(batch, np.int32)
    for key, members in _groups(np.asarray(indices).reshape(len(values), -1),
                                np.asarray(values)).items():
        if all(0 <= k < d for k, d in zip(key, batch)):
            out[key] = len(members)
    return out


set_size = defop(
    "set_size", _set_size_kernel, tf_name="SetSize",
    infer=lambda i, v, s: Spec(None if s.shape is None or s.shape[0] is None
                               else (None,) * (s.shape[0] - 1), dtypes.int32),
    same_dtype=0, doc="The number of distinct values in each group of a COO set.")
