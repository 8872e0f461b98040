"""Runs a Graph with the same kernels eager mode uses (the op registry's NumPy kernels)."""
from __future__ import annotations

import functools

import numpy as np

from fluxion.core.op import REGISTRY
from fluxion.graph.ir import CONSTANT, Graph
from fluxion.ops.fused_ops import compile_program, large, sliced

FUSED = "fused_elementwise"


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


def compile_graph(graph: Graph, extra_outputs=()):
    """Compiles `graph` into one generated Python function of straight-line kernel calls.

    The function takes the input arrays positionally and returns a tuple of the graph outputs
    followed by `extra_outputs` (names of other values, e.g. assigned variables). Constants and
    kernels (with their attributes bound) are globals of the generated code, so a step costs one
    call per node and nothing else.
    """
    env: dict = {}
    from fluxion import config  # noqa: PLC0415

    reuse = reusable_buffers(graph, extra_outputs) if config.buffer_reuse_enabled() else {}
    names = {v.name: f"x{i}" for i, v in enumerate(graph.inputs)}
    lines = [f"def run({', '.join(names[v.name] for v in graph.inputs)}):"]
    for i, node in enumerate(graph.nodes):
        outs = []
        for v in node.outputs:
            names[v.name] = f"t{len(names)}"
            outs.append(names[v.name])
        if node.op == CONSTANT:
            env[f"c{i}"] = node.value
            lines.append(f"    {outs[0]} = c{i}")
            continue
        op = REGISTRY[node.op]
        env[f"k{i}"] = _kernel(node)
        args = ", ".join(names[n] for n in node.inputs)
        call = f"k{i}({args}, out={names[reuse[i]]})" if i in reuse else f"k{i}({args})"
        single = len(outs) == 1 and op.num_outputs == 1
        if not outs:
            lines.append(f"    {call}")
        else:
            lines.append(f"    {outs[0] if single else ', '.join(outs) + ','} = {call}")
    results = [names[n] for n in list(graph.outputs) + list(extra_outputs)]
    lines.append(f"    return ({''.join(r + ', ' for r in results)})")
    source = "\n".join(lines)
    exec(compile(source, f"<graph {graph.name}>", "exec"), env)  # noqa: S102 - our own code
    run = env["run"]
    run.source = source
    return run


def uses_own_threads(graph: Graph) -> bool:
    """Whether a kernel of `graph` runs work on fluxion's worker threads (marked
    `own_threads`: convolutions, pooling)."""
    for node in graph.nodes:
        if node.op in REGISTRY:
            kernel = REGISTRY[node.op]._np_kernel
            if getattr(getattr(kernel, "func", kernel), "own_threads", False):
                return True
    return False


def _kernel(node):
    """The kernel of `node` with its attributes bound (a fused chain as its generated code)."""
    op = REGISTRY[node.op]
    big = len(node.outputs) == 1 and large(node.outputs[0].spec.shape)
    if node.op == FUSED:
        program = compile_program(node.attrs["program"], len(node.inputs))
        return sliced(program) if big else program  # large chains: blocks on the workers
    if big and not node.attrs and isinstance(op._np_kernel, np.ufunc):
        return sliced(op._np_kernel)
    return functools.partial(op._np_kernel, **node.attrs) if node.attrs else op._np_kernel


def reusable_buffers(graph: Graph, extra_outputs=()) -> dict:
    """Buffer reuse: node index -> an input whose array the node may overwrite (`out=`).

    Only elementwise kernels that take `out=` write in place: NumPy ufuncs, fused chains of
    them, and kernels marked `writes_out` (relu...). They write only into a same-shape,
    same-dtype array that is fresh memory (made by such a kernel, or by one marked `fresh`:
    convolutions, pooling... never a view or a graph input), that no other node reads
    afterwards, that every reader is such a kernel (so no view of it can outlive it), and that
    is not an output.
    """
    import numpy as np  # noqa: PLC0415

    from fluxion.graph.trace import DATA_DEPENDENT_SHAPES  # noqa: PLC0415

    if any(n.op in DATA_DEPENDENT_SHAPES for n in graph.nodes):
        return {}  # shapes recorded at trace time may differ at run time: no guessing

    def marked(node, mark: str) -> bool:
        kernel = REGISTRY[node.op]._np_kernel
        return getattr(getattr(kernel, "func", kernel), mark, False)

    def writer(node):  # reads elementwise, takes `out=`, else writes fresh memory
        if node.op == FUSED:
            return True
        if node.op == CONSTANT:
            return False
        kernel = REGISTRY[node.op]._np_kernel
        return isinstance(kernel, np.ufunc) and not node.attrs or marked(node, "writes_out")

    def fresh(node):  # returns memory nothing else holds
        return writer(node) or node.op != CONSTANT and marked(node, "fresh")

    specs = graph.specs()
    producer = {v.name: n for n in graph.nodes for v in n.outputs}
    readers: dict[str, list] = {}
    for i, node in enumerate(graph.nodes):
        for name in node.inputs:
            readers.setdefault(name, []).append(i)
    kept = set(graph.outputs) | set(extra_outputs)
    reuse, taken = {}, set()
    for i, node in enumerate(graph.nodes):
        if not writer(node) or len(node.outputs) != 1:
            continue
        out_spec = node.outputs[0].spec
        if out_spec.shape is None or None in out_spec.shape or not out_spec.shape:
            continue
        for name in node.inputs:
            src = producer.get(name)
            if (src is not None and len(src.outputs) == 1 and fresh(src) and name not in kept
                    and name not in taken and specs[name] == out_spec
                    and readers[name][-1] == i
                    and all(fresh(graph.nodes[r]) for r in readers[name])):
                reuse[i] = name
                taken.add(name)
                break
    return reuse
