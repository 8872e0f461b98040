"""Elementwise fusion: a tree of elementwise nodes becomes one `fused_elementwise` node.

A node joins the fused node of its reader when it is elementwise (fluxion.ops.fused_ops.fusable),
its output has exactly that one reader and is not a graph output, and it has the reader's full
shape and dtype (so intermediates can share buffers). Shapes must be static: graphs whose shapes
depend on data, and unknown dims, are left alone. The fused node takes the root's place and
output name, so the rest of the graph is unchanged.

Fusion changes how a graph runs, not what it computes: SavedModel stores graphs before this pass,
so every runtime sees only the registry's ordinary ops.
"""
from __future__ import annotations

from fluxion.graph.ir import CONSTANT, Graph, Node
from fluxion.ops.fused_ops import fusable


def fuse(graph: Graph) -> Graph:
    from fluxion.graph.trace import DATA_DEPENDENT_SHAPES  # noqa: PLC0415

    if any(n.op in DATA_DEPENDENT_SHAPES for n in graph.nodes):
        return graph
    graph = fuse_conv_epilogues(fuse_pool_relu_grad(graph))
    specs = graph.specs()
    readers: dict[str, set] = {}
    for i, node in enumerate(graph.nodes):
        for name in node.inputs:
            readers.setdefault(name, set()).add(i)
    kept = set(graph.outputs)

    def candidate(node: Node) -> bool:
        if node.op == CONSTANT or len(node.outputs) != 1 or not fusable(node.op):
            return False
        spec = node.outputs[0].spec
        # rank >= 1: NumPy returns scalars, not buffers, for 0-d results
        return (bool(spec.shape) and None not in spec.shape
                and all(specs[n].dtype == spec.dtype for n in node.inputs))

    trees: dict[str, tuple] = {}  # value -> (op, args) with args values or subtrees
    absorbed: set[str] = set()
    for i, node in enumerate(graph.nodes):
        if not candidate(node):
            continue
        out = node.outputs[0]
        args = []
        for name in node.inputs:
            if (name in trees and name not in kept and readers[name] == {i}
                    and specs[name] == out.spec):
                args.append(trees[name])  # the same subtree object if read twice (x * x)
                absorbed.add(name)
            else:
                args.append(name)
        trees[out.name] = (node.op, tuple(args))

    nodes = []
    for node in graph.nodes:
        name = node.outputs[0].name if len(node.outputs) == 1 else None
        if name in absorbed:
            continue
        tree = trees.get(name)
        if tree is None or all(isinstance(a, str) for a in tree[1]):
            nodes.append(node)  # not elementwise, or nothing to fuse with
            continue
        inputs: list[str] = []
        program: list = []
        _linearize(tree, inputs, program, {})
        nodes.append(Node("fused_elementwise", inputs, node.outputs,
                          {"program": tuple(program)}))
    return Graph(graph.name, graph.inputs, nodes, graph.outputs)


def _linearize(tree: tuple, inputs: list, program: list, done: dict) -> str:
    """Appends the steps of `tree` (post-order, each subtree once) to `program`; returns the
    token of its result."""
    if id(tree) in done:
        return done[id(tree)]
    op, args = tree
    tokens = []
    for arg in args:
        if isinstance(arg, str):
            if arg not in inputs:
                inputs.append(arg)
            tokens.append(f"i{inputs.index(arg)}")
        else:
            tokens.append(_linearize(arg, inputs, program, done))
    program.append((op, tuple(tokens)))
    done[id(tree)] = f"s{len(program) - 1}"
    return done[id(tree)]


def fuse_pool_relu_grad(graph: Graph) -> Graph:
    """ReluGrad(MaxPoolGrad(x, y, g), x) -> max_pool_relu_grad(x, y, g): the backward pass of
    conv -> relu -> max pool, whose pooled input x is the relu's output (the pair's one pass
    instead of two, and no sorting of the ties of all-zero windows)."""
    producer = {v.name: n for n in graph.nodes for v in n.outputs}
    readers: dict[str, int] = {}
    for node in graph.nodes:
        for name in node.inputs:
            readers[name] = readers.get(name, 0) + 1
    kept = set(graph.outputs)
    replaced: dict[int, Node] = {}
    for node in graph.nodes:
        if node.op != "relu_grad" or len(node.inputs) != 2:
            continue
        pool = producer.get(node.inputs[0])
        if (pool is None or pool.op != "max_pool_grad" or pool.inputs[0] != node.inputs[1]
                or readers.get(node.inputs[0]) != 1 or node.inputs[0] in kept):
            continue
        replaced[id(pool)] = None
        replaced[id(node)] = Node("max_pool_relu_grad", list(pool.inputs), node.outputs,
                                  dict(pool.attrs))
    if not replaced:
        return graph
    nodes = [replaced.get(id(n), n) for n in graph.nodes]
    return Graph(graph.name, graph.inputs, [n for n in nodes if n is not None], graph.outputs)


def fuse_conv_epilogues(graph: Graph) -> Graph:
    """Relu(Add(Conv(x, w), bias)) -> fused_conv(x, w, bias) (the relu optional) and
    ReluGrad(ConvBackpropInput(w, g), y) -> conv_backprop_input_relu_grad(w, g, y): a conv
    layer's bias and activation, and its relu's gradient below, done on each chunk of the
    convolution while it is in cache (fluxion/ops/conv_fused.py)."""
    specs = graph.specs()
    producer = {v.name: n for n in graph.nodes for v in n.outputs}
    readers: dict[str, list] = {}
    for node in graph.nodes:
        for name in node.inputs:
            readers.setdefault(name, []).append(node)
    kept = set(graph.outputs)

    def only_reader(name: str):
        """The one node reading `name`, or None (several, or a graph output)."""
        nodes = readers.get(name, [])
        return nodes[0] if len(nodes) == 1 and name not in kept else None

    def from_op(name: str, op: str):
        node = producer.get(name)
        ok = node is not None and node.op == op and len(node.outputs) == 1
        return node if ok and only_reader(name) is not None else None

    replaced: dict[int, Node | None] = {}
    for node in graph.nodes:
        if node.op == "relu_grad" and len(node.inputs) == 2:
            grad = from_op(node.inputs[0], "conv_backprop_input")
            if grad is not None and specs[node.inputs[1]] == specs[node.inputs[0]]:
                replaced[id(grad)] = None
                replaced[id(node)] = Node("conv_backprop_input_relu_grad",
                                          list(grad.inputs) + [node.inputs[1]], node.outputs,
                                          dict(grad.attrs))
            continue
        split = _conv_plus_bias(node, specs, from_op)
        if split is None:
            continue
        conv, bias = split
        last, activation = node, ""
        after = only_reader(node.outputs[0].name)
        if after is not None and after.op == "relu":
            last, activation = after, "relu"
            replaced[id(node)] = None
        replaced[id(conv)] = None
        replaced[id(last)] = Node("fused_conv", list(conv.inputs) + [bias], last.outputs,
                                  {**conv.attrs, "activation": activation})
    if not replaced:
        return graph
    nodes = [replaced.get(id(n), n) for n in graph.nodes]
    return Graph(graph.name, graph.inputs, [n for n in nodes if n is not None], graph.outputs)


def _conv_plus_bias(node: Node, specs: dict, from_op):
    """(conv node, bias value) when `node` adds a 1-D bias along the channels (the last axis)
    to the output of a float32/64 `conv` that nothing else reads; else None."""
    if node.op not in ("add", "bias_add") or len(node.inputs) != 2 or len(node.outputs) != 1:
        return None
    if node.op == "bias_add" and node.attrs.get("channels_first"):
        return None
    order = [(0, 1)] if node.op == "bias_add" else [(0, 1), (1, 0)]
    for a, b in order:
        conv = from_op(node.inputs[a], "conv")
        if conv is None or conv.attrs["data_format"][1] == "C":
            continue
        out, bias = specs[node.inputs[a]], specs[node.inputs[b]]
        if (out.dtype.name in ("float32", "float64") and bias.dtype == out.dtype
                and out.shape and bias.shape == out.shape[-1:] and None not in bias.shape
                and node.outputs[0].spec == out):
            return conv, node.inputs[b]
    return None
