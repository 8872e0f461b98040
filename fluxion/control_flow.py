"""Control flow: ``tf.cond``, ``tf.case``, ``tf.switch_case``, ``tf.while_loop``, ``TensorArray``.

In eager mode (and inside a trace when the predicate does not depend on the function's inputs)
these run the chosen Python branch or loop directly, so gradients flow through the ops they run.
Graph forms with input-dependent predicates (subgraph nodes, AutoGraph) come with graph control
flow; until then a traced input-dependent predicate is refused with a clear error.
"""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError


def _concrete_bool(pred, op: str) -> bool:
    if isinstance(pred, (bool, np.bool_)):
        return bool(pred)
    t = convert_to_tensor(pred)
    if t.shape.rank not in (0, None) and t.shape.num_elements() != 1:
        raise ValueError(f"{op}: pred must be a scalar, got shape {t.shape}")
    if STATE.trace is not None:
        STATE.trace.check_static(t, f"{op} with a predicate that is")
    return bool(np.asarray(t._value).reshape(()))


def cond(pred, true_fn=None, false_fn=None, name=None):
    """Runs `true_fn()` if `pred` is true, else `false_fn()`. Inside a graph trace with a
    predicate that depends on the inputs, both branches become graphs of one `cond` node."""
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("cond: true_fn and false_fn must be callable")
    if STATE.trace is not None and hasattr(pred, "_value") and STATE.trace.is_dynamic_here(pred):
        return _graph_cond(pred, true_fn, false_fn)
    return true_fn() if _concrete_bool(pred, "cond") else false_fn()


_branch_ids = itertools.count()


def _trace_branch(fn, name: str):
    from fluxion.graph.trace import child_trace  # noqa: PLC0415 - graph mode only

    with child_trace(f"{name}_{next(_branch_ids)}", branch=True) as child:
        out = fn()
        # None leaves (a branch that only assigns returns None) are structure, not outputs;
        # a TensorArray leaves as its buffer (as graph loops carry it)
        flat = [x._to_buffer() if isinstance(x, TensorArray) else convert_to_tensor(x)
                for x in nest.flatten(out) if x is not None]
    assigned = {k: t for k, (_, _, t) in child.branch_assigns.items()}
    variables = [v for v, _, _ in child.branch_assigns.values()]
    return child.graph(flat), out, child.outer, (variables, assigned, child)


def _align_inputs(graph, outer_of_graph: list, outer: list):
    """Gives `graph` one input per value of `outer` (unused inputs where it needs none)."""
    from fluxion.graph.ir import Graph, Value  # noqa: PLC0415
    from fluxion.graph.trace import _spec  # noqa: PLC0415

    inputs = []
    for i, x in enumerate(outer):
        j = next((k for k, y in enumerate(outer_of_graph) if y is x), None)
        inputs.append(graph.inputs[j] if j is not None else Value(f"unused{i}", _spec(x._value)))
    return Graph(graph.name, inputs, graph.nodes, graph.outputs)


def _graph_cond(pred, true_fn, false_fn):
    from fluxion.ops.control_ops import cond_  # noqa: PLC0415

    pred = convert_to_tensor(pred)
    if pred.dtype.name != "bool" or pred.shape.num_elements() != 1:
        raise ValueError(f"cond: pred must be a scalar bool tensor, got {pred.dtype.name} "
                         f"{pred.shape}")
    t_graph, t_out, t_outer, t_assign = _trace_branch(true_fn, "cond_true")
    f_graph, f_out, f_outer, f_assign = _trace_branch(false_fn, "cond_false")
    t_specs, f_specs = t_graph.specs(), f_graph.specs()
    t_dtypes = [t_specs[n].dtype for n in t_graph.outputs]
    if len(t_graph.outputs) != len(f_graph.outputs) or t_dtypes != [
            f_specs[n].dtype for n in f_graph.outputs]:
        raise ValueError("true_fn and false_fn arguments to tf.cond must have the same number, "
                         "type, and overall structure of return values.")
    n_user = len(t_graph.outputs)
    variables = list(t_assign[0]) + [v for v in f_assign[0] if all(v is not w for w in t_assign[0])]
    for v in variables:  # each branch also returns every assigned variable's final value
        _output_variable(t_graph, t_outer, t_assign, v)
        _output_variable(f_graph, f_outer, f_assign, v)
    outer = list(t_outer) + [x for x in f_outer if all(x is not y for y in t_outer)]
    result = cond_(pred, *outer, then_graph=_align_inputs(t_graph, t_outer, outer),
                   else_graph=_align_inputs(f_graph, f_outer, outer),
                   n_out=len(t_graph.outputs))
    for v, value in zip(variables, result[n_user:]):
        STATE.trace.assign_variable(v, value)
    values = iter(result[:n_user])
    return nest.pack_sequence_as(t_out, [
        None if x is None else TensorArray._from_buffer(x.dtype, next(values), x._dynamic,
                                                        x._element_shape)
        if isinstance(x, TensorArray) else next(values) for x in nest.flatten(t_out)])


def _output_variable(graph, outer: list, assign, variable) -> None:
    """Appends `variable`'s value at the end of the branch to the branch graph's outputs."""
    _, assigned, child = assign
    if id(variable) in assigned:
        graph.outputs.append(child.name_of(assigned[id(variable)]))
        return
    graph.outputs.append(child.name_of(variable))  # unchanged here: read it
    if len(child.inputs) > len(graph.inputs):  # the read captured it just now
        graph.inputs.append(child.inputs[-1])


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """Runs the function of the first true predicate (all of them checked if `exclusive`)."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else \
        list(pred_fn_pairs)
    for pred, fn in pairs:
        if not callable(fn):
            raise TypeError(f"case: {fn!r} is not callable")
    if STATE.trace is not None and any(hasattr(p, "_value") and
                                       STATE.trace.is_dynamic_here(p) for p, _ in pairs):
        fallback = default if default is not None else pairs[-1][1]
        return _chain(pairs, fallback)  # a cond per predicate, in order
    chosen = [fn for pred, fn in pairs if _concrete_bool(pred, "case")]
    if exclusive and len(chosen) > 1:
        raise InvalidArgumentError(f"case: more than one condition evaluated as True "
                                   f"({len(chosen)} of {len(pairs)}) with exclusive=True")
    if chosen:
        return chosen[0]()
    if default is None:
        if not pairs:
            raise ValueError("case: pred_fn_pairs is empty and there is no default")
        return pairs[-1][1]()  # TF: with no default the last branch runs
    return default()


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Runs `branch_fns[branch_index]` (or `default` when out of range, else the last one)."""
    fns = dict(branch_fns) if isinstance(branch_fns, dict) else dict(enumerate(branch_fns))
    if not fns:
        raise ValueError("switch_case: branch_fns must not be empty")
    t = convert_to_tensor(branch_index)
    if t.dtype.name != "int32":
        raise TypeError(f"switch_case: branch_index must be an int32 scalar, got {t.dtype.name}")
    if STATE.trace is not None and STATE.trace.is_dynamic_here(t):
        from fluxion.ops.math_ops import equal  # noqa: PLC0415

        keys = sorted(fns)
        fallback = default or fns[keys[-1]]
        return _chain([(equal(t, k), fns[k]) for k in keys], fallback)
    i = int(np.asarray(t._value))
    if i in fns:
        return fns[i]()
    return (default or fns[max(fns)])()


def _chain(pairs, fallback):
    """cond(p0, f0, lambda: cond(p1, f1, ... fallback)) for graph case/switch_case."""
    if not pairs:
        return fallback()
    (pred, fn), rest = pairs[0], pairs[1:]
    return cond(pred, fn, lambda: _chain(rest, fallback))


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`; returns `loop_vars`
    with the structure given. Each iteration's tensors must keep their dtype, and their shape
    unless `shape_invariants` relaxes it (None dims)."""
    if not callable(cond) or not callable(body):
        raise TypeError("while_loop: cond and body must be callable")
    if not isinstance(loop_vars, (list, tuple)):
        if hasattr(loop_vars, "_value") and np.ndim(loop_vars._value) == 0:
            raise TypeError("while_loop: loop_vars must be a list or tuple (a scalar tensor "
                            "has no `len()`)")
        loop_vars = list(loop_vars)  # TF iterates a non-sequence
    current = loop_vars
    flat = nest.flatten(current)
    invariants = None if shape_invariants is None else nest.flatten(shape_invariants)
    limit = None if maximum_iterations is None else int(np.asarray(
        getattr(maximum_iterations, "_value", maximum_iterations)))
    if STATE.trace is not None and _condition_is_dynamic(cond, body, current):
        return _graph_while(cond, body, current, invariants, limit)
    steps = 0
    while limit is None or steps < limit:
        test = cond(*current)
        if STATE.trace is not None and hasattr(test, "_value") and \
                STATE.trace.is_dynamic_here(test):  # came to depend on the inputs (a break)
            return _graph_while(cond, body, current, invariants,
                                None if limit is None else limit - steps)
        if not _concrete_bool(test, "while_loop"):
            break
        out = body(*current)
        if not isinstance(out, (list, tuple)):
            if limit is None and hasattr(out, "_value") and np.ndim(out._value) == 0:
                raise TypeError("while_loop: body returned a scalar tensor for a list of loop "
                                "variables: cannot iterate over a scalar tensor.")
            raise ValueError("while_loop: the two structures don't have the same nested "
                             "structure: body must return a list or tuple like loop_vars")
        new_flat = nest.flatten(out)
        if len(new_flat) != len(flat) or len(out) != len(current):
            raise ValueError(f"while_loop: the two structures don't have the same nested "
                             f"structure: body returned {len(new_flat)} values for "
                             f"{len(flat)} loop variables")
        _check_iteration(flat, new_flat, invariants)
        current, flat = out, new_flat
        steps += 1
    return current


def _condition_is_dynamic(cond, body, loop_vars) -> bool:
    """Whether the loop condition depends on the traced function's inputs, now or after one
    iteration (probed on a throwaway trace, so the enclosing graph records nothing)."""
    from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415
    from fluxion.graph.trace import child_trace  # noqa: PLC0415

    with child_trace("while_probe", branch=True) as probe:  # assignments undone afterwards
        first = convert_to_tensor(cond(*loop_vars))
        if probe.is_dynamic_here(first):
            return True
        if not bool(np.asarray(first._value)):
            return False
        try:
            out = body(*loop_vars)
        except OperatorNotAllowedInGraphError:
            return False
        out = out if isinstance(out, (list, tuple)) else [out]
        return probe.is_dynamic_here(convert_to_tensor(cond(*out)))


def _assigned_in_body(run_body) -> list:
    """The variables one run of the body assigns (probed on a throwaway trace, then undone)."""
    from fluxion.graph.trace import child_trace  # noqa: PLC0415

    with child_trace("while_assign_probe", branch=True) as probe:
        run_body()
    return [v for v, _, _ in probe.branch_assigns.values()]


def _trace_with_inputs(fn, values: list, name: str, variables=()):
    """Traces fn(*fresh copies of values) in a child graph whose first inputs are those. The
    last len(variables) inputs stand for those variables: reads and assignments of a variable
    inside use (and update) that loop variable."""
    from fluxion.core.tensor import wrap  # noqa: PLC0415
    from fluxion.graph.trace import child_trace  # noqa: PLC0415

    with child_trace(f"{name}_{next(_branch_ids)}", branch=bool(variables)) as child:
        fresh = [wrap(v._value) for v in values]
        for t in fresh:
            child.add_input(t)
        first_var = len(values) - len(variables)
        for var, t in zip(variables, fresh[first_var:]):
            child._assign_in_branch(var, t)
        out = fn(*fresh[:first_var])
        out = out if isinstance(out, (list, tuple)) else [out]
        flat = [convert_to_tensor(x) for x in nest.flatten(out)]
    return child.graph(flat), child.outer, out


def _with_outer(graph, n_vars: int, outer_of_graph: list, outer: list):
    from fluxion.graph.ir import Graph  # noqa: PLC0415

    own = Graph(graph.name, graph.inputs[n_vars:], graph.nodes, graph.outputs)
    aligned = _align_inputs(own, outer_of_graph, outer)
    return Graph(graph.name, graph.inputs[:n_vars] + aligned.inputs, graph.nodes, graph.outputs)


def _graph_while(cond, body, loop_vars, invariants, limit):
    from fluxion.core.tensor import wrap  # noqa: PLC0415
    from fluxion.ops.control_ops import while_  # noqa: PLC0415
    from fluxion.tensor_array import from_loop_tensors, to_loop_tensors  # noqa: PLC0415

    leaves = nest.flatten(loop_vars)
    flat, arrays = to_loop_tensors(
        leaves, lambda probe: body(*nest.pack_sequence_as(loop_vars, probe)))
    n = len(flat)
    if arrays:  # TensorArray buffers may grow along their first dimension
        invariants = [TensorShape(invariants[i]) if invariants else TensorShape(t.shape)
                      for i, t in enumerate(flat)]
        for i, ta in arrays.items():
            if ta._dynamic:
                invariants[i] = TensorShape([None]).concatenate(invariants[i][1:])

    def rebuild(xs):
        return nest.pack_sequence_as(loop_vars, from_loop_tensors(list(xs), arrays))

    def body_flat(*xs):
        out = body(*rebuild(xs))
        if not isinstance(out, (list, tuple)):
            return out
        return to_loop_tensors(nest.flatten(out), None)[0]

    # variables the body assigns become extra loop variables, assigned once after the loop
    variables = _assigned_in_body(lambda: body(*rebuild(flat)))
    starts = []
    for v in variables:
        start = wrap(v._value)
        STATE.trace.alias(start, v)
        starts.append(start)
    carried = flat + starts
    total = len(carried)
    if invariants:
        invariants = list(invariants) + [TensorShape(t.shape) for t in starts]

    def body_all(*xs):
        out = body_flat(*xs)
        if not isinstance(out, (list, tuple)):
            return out
        return list(out) + [v.value() for v in variables]

    c_graph, c_outer, _ = _trace_with_inputs(lambda *xs: cond(*rebuild(xs)), carried,
                                             "while_cond", variables)
    b_graph, b_outer, b_out = _trace_with_inputs(body_all, carried, "while_body", variables)
    out_specs = b_graph.specs()
    if len(b_graph.outputs) != total or len(b_out) != len(leaves) + len(variables):
        raise ValueError("while_loop: the two structures don't have the same nested structure:"
                         f" body returned {len(b_graph.outputs)} values for {n} loop variables")
    for i, (x, name) in enumerate(zip(carried, b_graph.outputs)):
        spec = out_specs[name]
        _check_loop_var(i, x.dtype, x.shape, spec.dtype, TensorShape(spec.shape), invariants)
    outer = list(c_outer) + [x for x in b_outer if all(x is not y for y in c_outer)]
    result = while_(*carried, *outer, cond_graph=_with_outer(c_graph, total, c_outer, outer),
                    body_graph=_with_outer(b_graph, total, b_outer, outer), n_vars=total,
                    max_iter=-1 if limit is None else limit, n_out=2 * total)
    for v, final in zip(variables, result[n:total]):
        STATE.trace.assign_variable(v, final)
    return rebuild(result[:n])


def _check_iteration(old, new, invariants) -> None:
    for i, (a, b) in enumerate(zip(old, new)):
        if not isinstance(a, Tensor) and not hasattr(a, "_value"):
            continue
        b = convert_to_tensor(b)
        _check_loop_var(i, a.dtype, a.shape, b.dtype, b.shape, invariants)


def _check_loop_var(i, dtype_in, shape_in, dtype_out, shape_out, invariants) -> None:
    if dtype_out is not dtype_in:
        raise TypeError(f"while_loop: loop variable {i} entered with dtype {dtype_in.name} "
                        f"but the body returned {dtype_out.name}")
    allowed = TensorShape(invariants[i]) if invariants else shape_in
    if not allowed.is_compatible_with(shape_out):
        raise ValueError(f"while_loop: loop variable {i} has shape {shape_out} after an "
                         f"iteration but entered with {shape_in}; use shape_invariants to "
                         f"allow it to change")


from fluxion.tensor_array import TensorArray  # noqa: E402,F401 - part of this namespace
