"""The graph IR: a flat SSA list of op nodes with a text form that parses back.

    graph f(a:f32[2,?], b:f32[]) {
      c:f32[2,?] = add a b
      d:f32[] = reduce_sum[axis=(0, 1), keepdims=False] c
      return d
    }

Each value has one name, a static shape (``?`` for an unknown dim, ``*`` for unknown rank) and a
DType. Nodes name a registered op (fluxion.core.op.REGISTRY), so every runtime executes the same
op definitions. Constants are nodes of the pseudo-op ``constant`` holding their array.
"""
from __future__ import annotations

import ast
import dataclasses
import re

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import DType
from fluxion.core.op import REGISTRY, Spec

CONSTANT = "constant"

_SHORT = {"float16": "f16", "float32": "f32", "float64": "f64", "int8": "i8", "int16": "i16",
          "int32": "i32", "int64": "i64", "uint8": "u8", "uint16": "u16", "uint32": "u32",
          "uint64": "u64", "bool": "bool", "string": "str", "complex64": "c64",
          "complex128": "c128"}
_LONG = {v: k for k, v in _SHORT.items()}


@dataclasses.dataclass
class Value:
    """A named SSA value with its static Spec."""

    name: str
    spec: Spec

    def __str__(self) -> str:
        return f"{self.name}:{format_spec(self.spec)}"


@dataclasses.dataclass
class Node:
    """One op application: `outputs = op[attrs](inputs)`; for constants `value` holds the array."""

    op: str
    inputs: list
    outputs: list
    attrs: dict = dataclasses.field(default_factory=dict)
    value: object = None

    def __str__(self) -> str:
        outs = ", ".join(str(o) for o in self.outputs)
        attrs = dict(self.attrs)
        if self.op == CONSTANT and "ref" not in attrs:  # `ref`: the value is stored elsewhere
            attrs = {"value": np.asarray(self.value).tolist()}
        shown = f"[{format_attrs(attrs)}]" if attrs else ""
        args = "".join(f" {name}" for name in self.inputs)
        return f"{outs} = {self.op}{shown}{args}"


@dataclasses.dataclass(eq=False)
class Graph:
    """Inputs, nodes in execution order, and the names of the outputs. Graphs compare and hash
    by identity; control-flow nodes hold their branch/body graphs as attributes."""

    name: str
    inputs: list
    nodes: list
    outputs: list

    def as_text(self) -> str:
        """This graph, then every graph its nodes refer to (written `@name` in attributes)."""
        blocks = [self._block()]
        blocks += [g._block() for g in self.subgraphs()]
        return "\n".join(blocks)

    def _block(self) -> str:
        head = f"graph {self.name}({', '.join(str(v) for v in self.inputs)}) {{"
        body = [f"  {node}" for node in self.nodes]
        return "\n".join([head, *body, f"  return {', '.join(self.outputs)}", "}"])

    def subgraphs(self) -> list:
        """Graphs referenced by node attributes, recursively, each once."""
        found: list = []
        stack = [self]
        while stack:
            for node in stack.pop().nodes:
                for _, value in sorted(node.attrs.items()):
                    if isinstance(value, Graph) and all(value is not g for g in found):
                        found.append(value)
                        stack.append(value)
        return found

    __str__ = as_text

    def specs(self) -> dict:
        """Name -> Spec of every value in the graph."""
        out = {v.name: v.spec for v in self.inputs}
        for node in self.nodes:
            out.update((v.name, v.spec) for v in node.outputs)
        return out

    def validate(self) -> None:
        """Checks SSA form (every use defined earlier, every name defined once) here and in
        every graph the nodes refer to."""
        for graph in [self, *self.subgraphs()]:
            graph._validate_block()

    def _validate_block(self) -> None:
        defined = set()
        for v in self.inputs:
            _define(defined, v.name)
        for node in self.nodes:
            if node.op != CONSTANT and node.op not in REGISTRY:
                raise ValueError(f"graph {self.name}: unknown op {node.op!r}")
            for name in node.inputs:
                if name not in defined:
                    raise ValueError(f"graph {self.name}: {node.op} uses undefined value {name!r}")
            for v in node.outputs:
                _define(defined, v.name)
        for name in self.outputs:
            if name not in defined:
                raise ValueError(f"graph {self.name}: output {name!r} is not defined")


def _define(defined: set, name: str) -> None:
    if name in defined:
        raise ValueError(f"value {name!r} is defined twice")
    defined.add(name)


# --- formatting ----------------------------------------------------------------------------------
def format_spec(spec: Spec) -> str:
    dims = "*" if spec.shape is None else ",".join("?" if d is None else str(d)
                                                   for d in spec.shape)
    return f"{_SHORT[spec.dtype.name]}[{dims}]"


def format_attrs(attrs: dict) -> str:
    return ", ".join(f"{k}={_format_attr(v)}" for k, v in sorted(attrs.items()))


def _format_attr(v) -> str:
    if isinstance(v, Graph):
        return f"@{v.name}"
    if isinstance(v, DType):
        return f"dtype:{v.name}"
    if isinstance(v, tuple):
        inner = ", ".join(_format_attr(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if isinstance(v, list):
        return "[" + ", ".join(_format_attr(x) for x in v) + "]"
    if v is Ellipsis:  # `...` parses back (ast.literal_eval); repr's `Ellipsis` does not
        return "..."
    return repr(v)


# --- parsing -------------------------------------------------------------------------------------
_HEAD = re.compile(r"graph\s+(\w+)\((.*)\)\s*\{$")
_NODE = re.compile(r"(.+?)\s*=\s*(\w+)(?:\[(.*)\])?((?:\s+[\w.]+)*)\s*$")


def parse(text: str, tensors: dict | None = None) -> Graph:
    """Parses the text form of `Graph.as_text` back into a Graph (the first block; later
    blocks are the graphs its attributes name). Constants written as `constant[ref='k']` take
    their value from `tensors['k']`."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    starts = [i for i, ln in enumerate(lines) if ln.startswith("graph ")] or [0]
    blocks = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
    graphs = [_parse_block(block, tensors or {}) for block in blocks]
    by_name = {g.name: g for g in graphs}
    for g in graphs:
        for node in g.nodes:
            for key, value in node.attrs.items():
                if isinstance(value, _GraphRef):
                    if value.name not in by_name:
                        raise ValueError(f"graph {g.name}: {node.op} refers to missing graph "
                                         f"@{value.name}")
                    node.attrs[key] = by_name[value.name]
    graphs[0].validate()
    return graphs[0]


class _GraphRef(str):
    """An `@name` attribute before the named graph is resolved."""

    @property
    def name(self) -> str:
        return str(self)


def _parse_block(lines: list, tensors: dict) -> Graph:
    head = _HEAD.match(lines[0]) if lines else None
    if not head or lines[-1] != "}" or not lines[-2].startswith("return"):
        raise ValueError("graph text must be 'graph NAME(inputs) {', nodes, 'return ...', '}'")
    inputs = [_parse_value(v) for v in _split_top(head.group(2))]
    nodes = [_parse_node(ln, tensors) for ln in lines[1:-2]]
    outputs = [o.strip() for o in lines[-2][len("return"):].split(",") if o.strip()]
    return Graph(head.group(1), inputs, nodes, outputs)


def _parse_value(text: str) -> Value:
    name, _, spec = text.strip().partition(":")
    dtype, _, dims = spec.partition("[")
    dims = dims.rstrip("]")
    if dims == "*":
        shape = None
    else:
        shape = tuple(None if d == "?" else int(d) for d in dims.split(",") if d)
    return Value(name, Spec(shape, dtypes.as_dtype(_LONG[dtype])))


def _parse_node(line: str, tensors: dict) -> Node:
    m = _NODE.match(line)
    if not m:
        raise ValueError(f"cannot parse graph line: {line!r}")
    outputs = [_parse_value(v) for v in _split_top(m.group(1))]
    attrs = _parse_attrs(m.group(3) or "")
    inputs = m.group(4).split()
    if m.group(2) == CONSTANT and "ref" in attrs:
        if attrs["ref"] not in tensors:
            raise ValueError(f"constant {outputs[0].name} refers to missing tensor "
                             f"{attrs['ref']!r}")
        value = np.asarray(tensors[attrs["ref"]])
        spec = outputs[0].spec
        if value.dtype != spec.dtype._np or value.shape != tuple(spec.shape or value.shape):
            raise ValueError(f"constant {outputs[0].name}: stored tensor {attrs['ref']!r} has "
                             f"shape {value.shape} {value.dtype}, graph says {format_spec(spec)}")
        return Node(CONSTANT, inputs, outputs, attrs, value)
    if m.group(2) == CONSTANT:
        value = np.asarray(attrs.pop("value"), outputs[0].spec.dtype._np)
        return Node(CONSTANT, inputs, outputs, {}, value)
    return Node(m.group(2), inputs, outputs, attrs)


def _parse_attrs(text: str) -> dict:
    attrs = {}
    for item in _split_top(text):
        key, _, raw = item.partition("=")
        attrs[key.strip()] = _parse_attr(raw.strip())
    return attrs


def _parse_attr(raw: str):
    if raw.startswith("@"):
        return _GraphRef(raw[1:])
    dtyped = re.sub(r"dtype:(\w+)", r"('__dtype__', '\1')", raw)
    return _restore_dtypes(ast.literal_eval(dtyped))


def _restore_dtypes(v):
    if isinstance(v, tuple) and len(v) == 2 and v[0] == "__dtype__":
        return dtypes.as_dtype(v[1])
    if isinstance(v, tuple):
        return tuple(_restore_dtypes(x) for x in v)
    if isinstance(v, list):
        return [_restore_dtypes(x) for x in v]
    return v


def _split_top(text: str) -> list:
    """Splits on commas outside brackets and string literals (attributes hold messages)."""
    parts, depth, start = [], 0, 0
    quote, escaped = None, False
    for i, ch in enumerate(text):
        if quote is not None:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]
