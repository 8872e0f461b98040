"""Common-subexpression elimination: a node equal to an earlier one (same op, inputs and
attributes; constants by value) is replaced by the earlier node's outputs."""
from __future__ import annotations

import numpy as np

from fluxion.graph.ir import CONSTANT, Graph, Node
from fluxion.graph.passes.effects import has_effects


def _key(node: Node):
    if node.op == CONSTANT:
        v = np.asarray(node.value)
        return (CONSTANT, v.dtype.str, v.shape, v.tobytes())
    return (node.op, tuple(node.inputs), repr(sorted(node.attrs.items())))


def cse(graph: Graph) -> Graph:
    seen: dict = {}
    rename: dict[str, str] = {}
    nodes = []
    for node in graph.nodes:
        node = Node(node.op, [rename.get(n, n) for n in node.inputs], node.outputs, node.attrs,
                    node.value)
        key = None if has_effects(node) else _key(node)
        if key is not None and key in seen:
            for mine, theirs in zip(node.outputs, seen[key].outputs):
                rename[mine.name] = theirs.name
            continue
        if key is not None:
            seen[key] = node
        nodes.append(node)
    outputs = [rename.get(n, n) for n in graph.outputs]
    return Graph(graph.name, graph.inputs, nodes, outputs)
