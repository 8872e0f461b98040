"""Which nodes act beyond their outputs: stateful ops, and control-flow nodes whose branches
or bodies hold one (a tf.print inside a loop). Passes keep them, never merge or fold them."""
from __future__ import annotations

from fluxion.core.op import REGISTRY
from fluxion.graph.ir import CONSTANT, Graph, Node


def has_effects(node: Node) -> bool:
    if node.op == CONSTANT:
        return False
    op = REGISTRY.get(node.op)
    if op is not None and op.stateful:
        return True
    return any(isinstance(v, Graph) and any(has_effects(n) for n in v.nodes)
               for v in node.attrs.values())
