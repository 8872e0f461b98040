"""Dead-code elimination: drops nodes none of whose outputs reach a graph output (unless
they have effects: see passes/effects.py)."""
from __future__ import annotations

from fluxion.graph.ir import Graph
from fluxion.graph.passes.effects import has_effects


def dce(graph: Graph) -> Graph:
    live = set(graph.outputs)
    kept = []
    for node in reversed(graph.nodes):
        if has_effects(node) or any(v.name in live for v in node.outputs):
            kept.append(node)
            live.update(node.inputs)
    return Graph(graph.name, graph.inputs, kept[::-1], graph.outputs)
