"""Graph control flow as primitives: `cond` runs one of two branch graphs; and TF's ordering
calls (`tf.group`, `tf.no_op`, `tf.control_dependencies`), which need no primitive.

A branch is a Graph (fluxion/graph/ir.py) whose inputs are the enclosing values it uses. The
kernel executes the chosen graph; the vjp is again a `cond`, whose branches replay the branch
graph under a GradientTape, so gradients (and gradients of gradients) follow the taken branch
and can themselves be traced.
"""
from __future__ import annotations

import contextlib
import weakref

import numpy as np

from fluxion.core import nest
from fluxion.core.op import REGISTRY, STATE, Spec, defop
from fluxion.core.tensor import wrap

__all__ = ["Operation", "control_dependencies", "group", "no_op"]


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


# --- while ---------------------------------------------------------------------------------------
def _while_kernel(xp, *args, cond_graph, body_graph, n_vars, max_iter, n_out):
    """Runs the body graph while the cond graph says so. Besides the final loop variables it
    returns each variable's history (its value entering every iteration, stacked), which the
    gradient walks backwards."""
    state, outer = list(args[:n_vars]), args[n_vars:]
    cond_run, body_run = _compiled(cond_graph), _compiled(body_graph)
    history: list[list] = [[] for _ in range(n_vars)]
    steps = 0
    while (max_iter < 0 or steps < max_iter) and bool(
            xp.asarray(cond_run(*state, *outer)[0]).reshape(())):
        for h, v in zip(history, state):
            h.append(v)
        state = list(body_run(*state, *outer))
        steps += 1
    return tuple(state) + tuple(_stack_history(xp, h, v) for h, v in zip(history, state))


def _stack_history(xp, rows: list, final):
    """A variable's values entering each iteration, stacked; a variable whose shape changes
    between iterations (a growing TensorArray) has no stackable history: empty, and its
    gradient is refused by the vjp."""
    if rows and all(xp.shape(r) == xp.shape(rows[0]) for r in rows):
        return xp.stack(rows)
    return xp.zeros((0,) + xp.shape(final), xp.asarray(final).dtype)


def _infer_while(*specs, cond_graph, body_graph, n_vars, max_iter, n_out):
    out_specs = body_graph.specs()
    finals = []
    for spec, name in zip(specs[:n_vars], body_graph.outputs):
        same = spec.shape == out_specs[name].shape
        finals.append(spec if same else Spec(None, spec.dtype))
    return tuple(finals) + tuple(Spec(None, s.dtype) for s in specs[:n_vars])


def _vjp_while(grads, outs, *inputs, cond_graph, body_graph, n_vars, max_iter, n_out):
    """Walks the recorded iterations backwards, applying the body's vjp at each one."""
    from fluxion.control_flow import while_loop  # noqa: PLC0415
    from fluxion.ops.array_ops import shape, zeros_like  # noqa: PLC0415
    from fluxion.ops.gather_ops import gather  # noqa: PLC0415

    out_specs = body_graph.specs()
    for i, (v_in, name) in enumerate(zip(body_graph.inputs[:n_vars], body_graph.outputs)):
        shapes = (v_in.spec.shape, out_specs[name].shape)
        if inputs[i]._value.dtype.kind in "fc" and None not in shapes and shapes[0] != shapes[1]:
            raise LookupError(f"while_loop: no gradient through loop variable {i}, whose shape "
                              f"changes between iterations ({v_in.spec.shape} -> "
                              f"{out_specs[name].shape})")
    outer = list(inputs[n_vars:])
    history = outs[n_vars:]
    history_grads = grads[n_vars:]  # the histories are outputs too: their gradients add in
    is_float = [v._value.dtype.kind in "fc" for v in inputs]
    float_outer = [o for o, f in zip(outer, is_float[n_vars:]) if f]

    def body(k, *state):
        g, acc = list(state[:n_vars]), list(state[n_vars:])
        xs = [gather(h, k - 1) for h in history]
        step = _step_gradient(body_graph, xs, outer, g, is_float, float_outer)
        new_g = [step[i] + gather(history_grads[i], k - 1) if is_float[i] else g[i]
                 for i in range(n_vars)]
        new_acc = [a + d for a, d in zip(acc, step[n_vars:])]
        return [k - 1, *new_g, *new_acc]

    start = [shape(history[0])[0], *grads[:n_vars], *[zeros_like(o) for o in float_outer]]
    result = while_loop(lambda k, *rest: k > 0, body, start)
    grad_vars = [g if f else None for g, f in zip(result[1:1 + n_vars], is_float)]
    acc = iter(result[1 + n_vars:])
    return tuple(grad_vars) + tuple(next(acc) if f else None for f in is_float[n_vars:])


def _step_gradient(body_graph, xs, outer, g, is_float, float_outer) -> list:
    """Gradients of one body step w.r.t. its float loop variables and float outer values."""
    from fluxion.core.tape import GradientTape, UnconnectedGradients  # noqa: PLC0415
    from fluxion.ops.array_ops import zeros_like  # noqa: PLC0415

    n = len(xs)
    float_xs = [x for x, f in zip(xs, is_float[:n]) if f]
    with GradientTape() as tape:
        tape.watch(float_xs + float_outer)
        ys = replay(body_graph, xs + outer)
    pairs = [(y, gy) for y, gy, f in zip(ys, g, is_float[:n]) if f]
    sources = float_xs + float_outer
    if pairs:
        got = tape.gradient([y for y, _ in pairs], sources,
                            output_gradients=[gy for _, gy in pairs],
                            unconnected_gradients=UnconnectedGradients.ZERO)
    else:
        got = [zeros_like(s) for s in sources]
    it = iter(got[:len(float_xs)])
    per_var = [next(it) if f else None for f in is_float[:n]]
    return per_var + list(got[len(float_xs):])


while_ = defop("while", _while_kernel, vjp=_vjp_while, infer=_infer_while, num_outputs="n_out",
               same_dtype=1, tf_name="While")


# --- ordering: tf.group, tf.no_op, tf.control_dependencies -----------------------------------
# A fluxion.function records ops in program order and keeps assignments as side effects in that
# order, so TF's control dependencies have nothing left to order. As in TF2: eagerly `group` /
# `no_op` return None and `control_dependencies` is a null context; inside a function `group` /
# `no_op` return an Operation (a NoOp that only names the grouping).
class Operation:
    """``tf.Operation`` as `tf.group` / `tf.no_op` return it inside a function: a NoOp whose
    inputs' effects are already recorded, with TF's `name` and `type`."""

    def __init__(self, name: str, op_type: str = "NoOp") -> None:
        self.name = name
        self.type = op_type
        self.outputs: list = []

    def __repr__(self) -> str:
        return f"<tf.Operation '{self.name}' type={self.type}>"


_TAKEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> names given
# Callables giving the TF1-style graph being built outside any trace, or None: an Estimator
# call's (fluxion/estimator registers it). Its model_fn gets Operations even when it runs
# eagerly, as TF1's graph mode gives them (a train op must not be None).
TF1_GRAPHS: list = []


def _current_graph():
    if STATE.trace is not None:
        return STATE.trace
    for current in TF1_GRAPHS:
        graph = current()
        if graph is not None:
            return graph
    return None


def make_operation(name: str, graph) -> Operation:
    """An Operation named `name`, or `name_1`, `name_2`... once `graph` has one (as TF)."""
    taken = _TAKEN.setdefault(graph, set())
    unique, k = name, 0
    while unique in taken:
        k += 1
        unique = f"{name}_{k}"
    taken.add(unique)
    return Operation(unique)


def make_group(inputs: tuple, kwargs: dict, graph) -> Operation:
    """`tf.group` in a graph: checks the inputs as TF does, returns the Operation."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unknown keyword arguments: " + ", ".join(kwargs))
    for x in nest.flatten(inputs):
        if x is None or isinstance(x, (bool, int, float, complex, str, bytes, np.ndarray,
                                       np.generic)):
            raise TypeError(f"'inputs' should be zero or more (nested) Tensors. Received "
                            f"'{x}' with type '{type(x)}'.")
    return make_operation(name or "group_deps", graph)


def group(*inputs, **kwargs) -> Operation | None:
    """``tf.group``: None eagerly; inside a function an Operation standing for `inputs`."""
    graph = _current_graph()
    return None if graph is None else make_group(inputs, kwargs, graph)


def no_op(name=None) -> Operation | None:
    """``tf.no_op``: None eagerly; inside a function an Operation that does nothing."""
    graph = _current_graph()
    return None if graph is None else make_operation(name or "NoOp", graph)


def control_dependencies(control_inputs):
    """``tf.control_dependencies``: a null context (ops already run in program order); as TF2's
    eager version, callables among `control_inputs` are called."""
    if control_inputs:
        for control in control_inputs:
            if callable(control):
                control()
    return contextlib.nullcontext()
