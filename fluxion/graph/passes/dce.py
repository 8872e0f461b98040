"""Dead-code elimination: drops nodes none of whose outputs reach a graph output."""
from __future__ import annotations

from fluxion.core.op import REGISTRY
from fluxion.graph.ir import CONSTANT, Graph


def dce(graph: Graph) -> Graph:
    live = set(graph.outputs)
    kept = []
    for node in reversed(graph.nodes):
        stateful = node.op != CONSTANT and REGISTRY[node.op].stateful
        if stateful or any(v.name in live for v in node.outputs):
            kept.append(node)
            live.update(node.inputs)
    return Graph(graph.name, graph.inputs, kept[::-1], graph.outputs)
