"""Mutable lookup tables (`tf.lookup.experimental.MutableHashTable`) in SavedModels.

A mutable table lives in this process behind an integer handle (fluxion/lookup/_ops.py) that
its graph nodes name in their `handle` attribute. Saving records the contents of every table a
saved function uses, as they are at save time; loading makes a new table per saved one, fills
it, and points the loaded graphs' nodes at it, so a loaded model (in any process) starts from
the saved contents and its inserts do not reach the original table.
"""
from __future__ import annotations

import numpy as np

from fluxion.graph import ir

MUTABLE_OPS = frozenset({"lookup_mutable_find", "lookup_mutable_insert",
                         "lookup_mutable_remove", "lookup_mutable_size",
                         "lookup_mutable_export"})


def _table_nodes(graph: ir.Graph):
    for g in [graph, *graph.subgraphs()]:
        for i, node in enumerate(g.nodes):
            if node.op in MUTABLE_OPS:
                yield g, i, node


def handles_in(graph: ir.Graph) -> set:
    """The handles of the mutable tables `graph` (and its branch/body graphs) uses."""
    return {int(node.attrs["handle"]) for _, _, node in _table_nodes(graph)}


def _item(x):
    """A table key or value as JSON: bytes as {"b": latin-1 text}, arrays as lists."""
    if isinstance(x, bytes):
        return {"b": x.decode("latin-1")}
    if isinstance(x, np.ndarray):
        return [_item(v) for v in x.tolist()] if x.dtype.kind == "O" else x.tolist()
    if isinstance(x, list):
        return [_item(v) for v in x]
    return x.item() if isinstance(x, np.generic) else x


def _value(x):
    if isinstance(x, dict):
        return x["b"].encode("latin-1")
    if isinstance(x, list):
        return np.array([_value(v) for v in x],
                        object if any(isinstance(v, dict) for v in x) else None)
    return x


def snapshot(handles) -> dict:
    """{handle: [[key, value]...]} of the tables, JSON-able."""
    from fluxion.lookup import _ops  # noqa: PLC0415

    return {str(h): [[_item(k), _item(v)] for k, v in _ops._MUTABLE.get(h, {}).items()]
            for h in sorted(handles)}


class Restored(dict):
    """{saved handle: new handle} of a loaded model's tables; the tables go when the last
    loaded function (or the loaded object) holding this goes."""

    def __del__(self) -> None:
        from fluxion.lookup import _ops  # noqa: PLC0415

        for handle in self.values():
            _ops.release_handle(handle)


def restore(records: dict) -> Restored:
    """New tables filled from `snapshot`'s records."""
    from fluxion.lookup import _ops  # noqa: PLC0415

    mapping = Restored()
    for old, entries in records.items():
        handle = _ops.new_handle()
        _ops._MUTABLE[handle] = {_value(k): _value(v) for k, v in entries}
        mapping[int(old)] = handle
    return mapping


def rebind(graph: ir.Graph, mapping: dict) -> None:
    """Points the table nodes of `graph` (just parsed: changed in place) at `mapping`'s
    tables."""
    for g, i, node in list(_table_nodes(graph)):
        handle = mapping.get(int(node.attrs["handle"]))
        if handle is not None:
            g.nodes[i] = ir.Node(node.op, node.inputs, node.outputs,
                                 {**node.attrs, "handle": handle}, node.value)

