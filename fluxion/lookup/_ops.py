"""Primitives behind `tf.lookup` tables.

A static table is two constant tensors, its keys sorted and the values in the same order, so a
lookup is one `searchsorted` over the whole batch of keys (strings are object arrays of bytes:
NumPy compares them as Python objects). The table's arrays are ordinary inputs of the
`lookup_table_find` node, so a traced graph embeds them as constants and a SavedModel keeps
them. Mutable tables keep a Python dict in `_MUTABLE` under an integer handle (a static
attribute): their ops are stateful so graphs neither fold, deduplicate nor drop them.
"""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop

__all__: list = []

# an exported table's length depends on its contents: fluxion/graph/trace.py lists
# lookup_mutable_export among the ops whose output sizes a trace must not take as static


def _find_kernel(xp, keys, table_keys, table_values, default):
    """values[i] where table_keys[i] == key, else `default` (broadcast per key when the
    values are vectors)."""
    n = table_keys.shape[0]
    tail = table_values.shape[1:]
    out_shape = keys.shape + tail
    if n == 0 or keys.size == 0:
        return np.broadcast_to(default, out_shape).astype(table_values.dtype, copy=True)
    try:
        pos = np.searchsorted(table_keys, keys).clip(max=n - 1)
    except TypeError:  # objects that are not bytes (a traced placeholder's zeros)
        keys = _object_bytes(keys)
        pos = np.searchsorted(table_keys, keys).clip(max=n - 1)
    hit = np.asarray(table_keys[pos] == keys, bool)
    found = table_values[pos]
    if tail:
        hit = hit.reshape(hit.shape + (1,) * len(tail))
    return np.where(hit, found, default).astype(table_values.dtype, copy=False)


def _object_bytes(keys: np.ndarray) -> np.ndarray:
    out = np.empty(keys.shape, object)
    out.reshape(-1)[:] = [k if isinstance(k, bytes) else str(k).encode("utf-8")
                          for k in keys.reshape(-1).tolist()]
    return out


def _infer_find(keys, table_keys, table_values, default):
    tail = () if table_values.shape is None else tuple(table_values.shape[1:])
    shape = None if keys.shape is None else tuple(keys.shape) + tail
    return Spec(shape, table_values.dtype)


lookup_table_find = defop(
    "lookup_table_find", _find_kernel, infer=_infer_find, same_dtype=2,
    tf_name="LookupTableFindV2",
    doc="Values of `keys` in a table given as (sorted keys, values); `default` where absent.")


# --- mutable tables ----------------------------------------------------------------------------
_MUTABLE: dict[int, dict] = {}
_HANDLES = itertools.count(1)


def new_handle() -> int:
    """A fresh, empty mutable table; returns its handle."""
    handle = next(_HANDLES)
    _MUTABLE[handle] = {}
    return handle


def release_handle(handle: int) -> None:
    _MUTABLE.pop(handle, None)


def _mutable_find_kernel(xp, keys, default, handle, value_shape):
    table = _MUTABLE[handle]
    default = np.asarray(default)
    flat = keys.reshape(-1)
    out = np.empty((flat.size,) + value_shape, default.dtype)
    out[...] = default
    for i, k in enumerate(flat.tolist()):
        v = table.get(k)
        if v is not None:
            out[i] = v
    return out.reshape(keys.shape + value_shape)


def _mutable_insert_kernel(xp, keys, values, handle, value_shape):
    table = _MUTABLE[handle]
    flat_values = values.reshape((-1,) + value_shape)
    for k, v in zip(keys.reshape(-1).tolist(), flat_values):
        table[k] = v.copy() if value_shape else v.item() if hasattr(v, "item") else v
    return np.int64(len(table))


def _mutable_remove_kernel(xp, keys, handle):
    table = _MUTABLE[handle]
    for k in keys.reshape(-1).tolist():
        table.pop(k, None)
    return np.int64(len(table))


def _mutable_size_kernel(xp, handle):
    return np.int64(len(_MUTABLE[handle]))


def _mutable_export_kernel(xp, handle, key_dtype, value_dtype, value_shape):
    table = _MUTABLE[handle]
    keys = np.array(list(table.keys()), key_dtype._np).reshape(-1)
    values = np.array(list(table.values()), value_dtype._np).reshape((-1,) + value_shape)
    return keys, values


lookup_mutable_find = defop(
    "lookup_mutable_find", _mutable_find_kernel, stateful=True, same_dtype=1,
    infer=lambda keys, default, handle, value_shape: Spec(
        None if keys.shape is None else tuple(keys.shape) + value_shape, default.dtype),
    tf_name="LookupTableFindV2", doc="Looks keys up in a mutable table (by handle).")
lookup_mutable_insert = defop(
    "lookup_mutable_insert", _mutable_insert_kernel, stateful=True, same_dtype=1,
    infer=lambda keys, values, handle, value_shape: Spec((), dtypes.int64),
    tf_name="LookupTableInsertV2", doc="Inserts or replaces entries; returns the new size.")
lookup_mutable_remove = defop(
    "lookup_mutable_remove", _mutable_remove_kernel, stateful=True,
    infer=lambda keys, handle: Spec((), dtypes.int64),
    tf_name="LookupTableRemoveV2", doc="Removes keys (absent keys are ignored); new size.")
lookup_mutable_size = defop(
    "lookup_mutable_size", _mutable_size_kernel, stateful=True,
    infer=lambda handle: Spec((), dtypes.int64), tf_name="LookupTableSizeV2",
    doc="Number of entries of a mutable table.")
lookup_mutable_export = defop(
    "lookup_mutable_export", _mutable_export_kernel, stateful=True, num_outputs=2,
    infer=lambda handle, key_dtype, value_dtype, value_shape: (
        Spec((None,), key_dtype), Spec((None,) + value_shape, value_dtype)),
    tf_name="LookupTableExportV2", doc="All (keys, values) of a mutable table.")
