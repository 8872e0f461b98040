"""Graph rewrites. Each pass maps a Graph to a new Graph with the same results; `optimize`
runs the enabled ones to a fixed point."""
from __future__ import annotations

from fluxion.graph.ir import Graph
from fluxion.graph.passes.algebraic import algebraic
from fluxion.graph.passes.cse import cse
from fluxion.graph.passes.dce import dce
from fluxion.graph.passes.fold import fold

PASSES = {"fold": fold, "algebraic": algebraic, "cse": cse, "dce": dce}


def optimize(graph: Graph, enabled=None, max_rounds: int = 10) -> Graph:
    """Runs the passes named in `enabled` (all by default) until nothing changes."""
    names = list(PASSES) if enabled is None else [n for n in PASSES if n in enabled]
    for _ in range(max_rounds):
        before = graph.as_text()
        for name in names:
            graph = PASSES[name](graph)
        if graph.as_text() == before:
            break
    return graph
