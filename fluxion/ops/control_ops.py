"""Graph control flow as primitives: `cond` runs one of two branch graphs.

A branch is a Graph (fluxion/graph/ir.py) whose inputs are the enclosing values it uses. The
kernel executes the chosen graph; the vjp is again a `cond`, whose branches replay the branch
graph under a GradientTape, so gradients (and gradients of gradients) follow the taken branch
and can themselves be traced.
"""
from __future__ import annotations

from fluxion.core.op import REGISTRY, Spec, defop
from fluxion.core.tensor import wrap

__all__: list = []


def replay(graph, inputs: list) -> list:
    """Evaluates `graph` by binding its ops (so tapes record and traces capture them)."""
    from fluxion.graph.ir import CONSTANT  # noqa: PLC0415 - graph imports the op registry

    env = {v.name: x for v, x in zip(graph.inputs, inputs)}
    for node in graph.nodes:
        if node.op == CONSTANT:
            env[node.outputs[0].name] = wrap(node.value)
            continue
        out = REGISTRY[node.op](*[env[n] for n in node.inputs], **node.attrs)
        outs = out if type(out) is tuple else (out,)
        env.update((v.name, o) for v, o in zip(node.outputs, outs))
    return [env[n] for n in graph.outputs]


def _compiled(graph):
    run = getattr(graph, "_compiled", None)
    if run is None:
        from fluxion.graph.executor import compile_graph  # noqa: PLC0415

        run = graph._compiled = compile_graph(graph)
    return run


def _cond_kernel(xp, pred, *captured, then_graph, else_graph, n_out):
    graph = then_graph if bool(xp.asarray(pred).reshape(())) else else_graph
    return tuple(_compiled(graph)(*captured))


def _infer_cond(pred, *captured, then_graph, else_graph, n_out):
    from fluxion.core.shape import TensorShape  # noqa: PLC0415

    t_specs, e_specs = then_graph.specs(), else_graph.specs()
    out = []
    for a, b in zip(then_graph.outputs, else_graph.outputs):
        sa, sb = t_specs[a], e_specs[b]
        shape = TensorShape(sa.shape).most_specific_compatible_shape(TensorShape(sb.shape))
        out.append(Spec(None if shape.rank is None else tuple(shape.dims), sa.dtype))
    return tuple(out)


def _branch_gradient(graph, captured, grads):
    def branch():
        from fluxion.core.tape import GradientTape, UnconnectedGradients  # noqa: PLC0415

        floats = [c for c in captured if c._value.dtype.kind in "fc"]
        with GradientTape() as tape:
            tape.watch(floats)
            outs = replay(graph, captured)
        pairs = [(o, g) for o, g in zip(outs, grads) if o._value.dtype.kind in "fc"]
        if not pairs:
            from fluxion.ops.array_ops import zeros_like  # noqa: PLC0415

            return [zeros_like(c) for c in floats]
        return tape.gradient([o for o, _ in pairs], floats, output_gradients=[g for _, g in pairs],
                             unconnected_gradients=UnconnectedGradients.ZERO)
    return branch


def _vjp_cond(grads, outs, pred, *captured, then_graph, else_graph, n_out):
    from fluxion.control_flow import cond  # noqa: PLC0415

    grads = grads if type(grads) is tuple else (grads,)
    float_grads = iter(cond(pred, _branch_gradient(then_graph, captured, grads),
                            _branch_gradient(else_graph, captured, grads)))
    return (None,) + tuple(next(float_grads) if c._value.dtype.kind in "fc" else None
                           for c in captured)


cond_ = defop("cond", _cond_kernel, vjp=_vjp_cond, infer=_infer_cond, num_outputs="n_out",
              same_dtype=1, tf_name="If")
