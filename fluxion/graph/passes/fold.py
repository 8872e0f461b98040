"""Constant folding: a stateless node whose inputs are all constants becomes a constant."""
from __future__ import annotations

from fluxion.core.op import REGISTRY
from fluxion.graph.ir import CONSTANT, Graph, Node
from fluxion.graph.passes.effects import has_effects

MAX_FOLDED_ELEMENTS = 1 << 20  # do not bake huge arrays into the graph


def fold(graph: Graph) -> Graph:
    constants = {n.outputs[0].name: n.value for n in graph.nodes if n.op == CONSTANT}
    nodes = []
    for node in graph.nodes:
        op = REGISTRY.get(node.op)
        if (op is not None and not has_effects(node) and node.inputs
                and all(name in constants for name in node.inputs)):
            out = op._np_kernel(*[constants[n] for n in node.inputs], **node.attrs)
            outs = [out] if op.num_outputs == 1 else list(out)
            if all(getattr(o, "size", 1) <= MAX_FOLDED_ELEMENTS for o in outs):
                for v, o in zip(node.outputs, outs):
                    constants[v.name] = o
                    nodes.append(Node(CONSTANT, [], [v], {}, o))
                continue
        nodes.append(node)
    return Graph(graph.name, graph.inputs, nodes, graph.outputs)
