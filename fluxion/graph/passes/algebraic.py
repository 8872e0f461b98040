"""Algebraic simplification: small (op, rule) pairs run by one driver.

A rule sees a node, the nodes defining its inputs and the graph's constants, and returns the
name of an existing value that equals the node's output (the node is then bypassed), a new
node to put in its place, or None. Rules only fire when shapes and dtypes are unchanged, so
broadcasting and promotion can never be simplified away.
"""
from __future__ import annotations

import numpy as np

from fluxion.graph.ir import CONSTANT, Graph, Node


def _const_equal(consts: dict, name: str, value) -> bool:
    c = consts.get(name)
    return c is not None and np.asarray(c).dtype.kind in "biufc" and bool(np.all(c == value))


def _same_spec(node: Node, specs: dict, name: str) -> bool:
    return specs[name] == node.outputs[0].spec


def _neutral(value, both_sides: bool):
    def rule(node, defs, consts, specs):
        x, y = node.inputs
        if _const_equal(consts, y, value) and _same_spec(node, specs, x):
            return x
        if both_sides and _const_equal(consts, x, value) and _same_spec(node, specs, y):
            return y
        return None
    return rule


def _involution(node, defs, consts, specs):
    """f(f(x)) = x for negative, conj, logical_not."""
    inner = defs.get(node.inputs[0])
    if inner is not None and inner.op == node.op:
        return inner.inputs[0]
    return None


def _identity(node, defs, consts, specs):
    return node.inputs[0]


def _transpose(node, defs, consts, specs):
    perm = tuple(node.attrs["perm"])
    if perm == tuple(range(len(perm))):
        return node.inputs[0]
    inner = defs.get(node.inputs[0])
    if inner is not None and inner.op == "transpose" and not inner.attrs.get("conjugate"):
        composed = tuple(inner.attrs["perm"][p] for p in perm)
        if composed == tuple(range(len(composed))):
            return inner.inputs[0]
        return Node("transpose", [inner.inputs[0]], node.outputs, dict(node.attrs, perm=composed))
    return None


def _reshape(node, defs, consts, specs):
    if _same_spec(node, specs, node.inputs[0]) and None not in (node.outputs[0].spec.shape or
                                                                 (None,)):
        return node.inputs[0]
    inner = defs.get(node.inputs[0])
    if inner is not None and inner.op == "reshape":
        return Node("reshape", [inner.inputs[0]], node.outputs, dict(node.attrs))
    return None


RULES = {
    "add": _neutral(0, both_sides=True),
    "subtract": _neutral(0, both_sides=False),
    "multiply": _neutral(1, both_sides=True),
    "real_div": _neutral(1, both_sides=False),
    "negative": _involution,
    "logical_not": _involution,
    "conj": _involution,
    "identity": _identity,
    "transpose": _transpose,
    "reshape": _reshape,
}


def algebraic(graph: Graph) -> Graph:
    specs = graph.specs()
    consts = {n.outputs[0].name: n.value for n in graph.nodes if n.op == CONSTANT}
    defs: dict[str, Node] = {}
    rename: dict[str, str] = {}
    nodes = []
    for node in graph.nodes:
        node = Node(node.op, [rename.get(n, n) for n in node.inputs], node.outputs, node.attrs,
                    node.value)
        rule = RULES.get(node.op)
        result = rule(node, defs, consts, specs) if rule and len(node.outputs) == 1 else None
        if isinstance(result, str):
            rename[node.outputs[0].name] = result
            continue
        if isinstance(result, Node):
            node = result
        nodes.append(node)
        for v in node.outputs:
            defs[v.name] = node
    outputs = [rename.get(n, n) for n in graph.outputs]
    return Graph(graph.name, graph.inputs, nodes, outputs)
