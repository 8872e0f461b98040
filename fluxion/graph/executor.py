"""Runs a Graph with the same kernels eager mode uses (the op registry's NumPy kernels)."""
from __future__ import annotations

from fluxion.core.op import REGISTRY
from fluxion.graph.ir import CONSTANT, Graph


def run(graph: Graph, *args) -> list:
    """Evaluates `graph` on backend arrays `args`; returns the output arrays in order."""
    env = run_env(graph, args)
    return [env[name] for name in graph.outputs]


def run_env(graph: Graph, args) -> dict:
    """Evaluates `graph`; returns every value by name."""
    if len(args) != len(graph.inputs):
        raise TypeError(f"graph {graph.name} takes {len(graph.inputs)} inputs, got {len(args)}")
    env = {v.name: a for v, a in zip(graph.inputs, args)}
    for node in graph.nodes:
        if node.op == CONSTANT:
            env[node.outputs[0].name] = node.value
            continue
        out = REGISTRY[node.op]._np_kernel(*[env[n] for n in node.inputs], **node.attrs)
        if len(node.outputs) == 1 and REGISTRY[node.op].num_outputs == 1:
            env[node.outputs[0].name] = out
        else:
            env.update((v.name, o) for v, o in zip(node.outputs, out))
    return env
