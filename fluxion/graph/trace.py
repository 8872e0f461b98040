"""Tracing: running a Python function once while recording every op it binds into a Graph.

The trace runs on the call's real values (each op executes eagerly as it is recorded), so every
public wrapper behaves exactly as in eager mode and shapes are concrete. Values that depend on
the function's inputs or on variables are *dynamic*: reading one in Python (``bool``, ``int``,
``.numpy()``) raises, since the graph could not replay that decision for other inputs.
Variables are captured by reference and read at each execution; `Variable.assign*` become
`assign_variable` nodes.
"""
from __future__ import annotations

import contextlib
import itertools

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import STATE, Op, Spec
from fluxion.core.tensor import Tensor
from fluxion.core.variable import Variable
from fluxion.errors import OperatorNotAllowedInGraphError
from fluxion.graph.ir import CONSTANT, Graph, Node, Value


# primitives whose output shape depends on input *values*: their outputs (and everything
# computed from them) have shapes a trace must not treat as static
DATA_DEPENDENT_SHAPES = frozenset({
    "where_indices", "unique", "unique_with_counts", "bincount", "dynamic_stitch",
    "sequence_mask", "segment_sum", "segment_mean", "segment_max", "segment_min",
    "segment_prod", "cond", "while", "range", "dataset_iterator_next", "reshape_to",
    "broadcast_to_shape", "fill_shape", "parse_example", "parse_sequence_example",
    "sparse_to_dense_shape",
    "sparse_segments", "sparse_union", "sparse_slice", "sparse_fill_empty_rows",
    "feature_cross", "random_uniform_shaped", "random_uniform_int_shaped",
    "random_normal_shaped", "truncated_normal_shaped", "text_tokenize",
    "lookup_mutable_export", "string_split", "bytes_split", "unicode_decode", "unicode_split",
    "string_ngrams", "decode_image", "decode_and_crop_jpeg", "non_max_suppression", "resize_to",
    "decode_raw", "set_operation", "decode_wav"})


def _spec(array) -> Spec:
    return Spec(tuple(np.shape(array)), dtypes.from_numpy(np.asarray(array).dtype))


class Tracer:
    """Records ops bound while it is `STATE.trace`; see the module docstring."""

    def __init__(self, name: str, saved_variables: dict | None = None,
                 parent: "Tracer | None" = None) -> None:
        self.name = name
        # a branch or loop body: values of the enclosing trace become this graph's inputs
        self.parent = parent
        self.outer: list = []
        # cond branches may assign variables: variable id -> (variable, concrete value before,
        # current traced value); the cond op carries the new values out
        self.branch_assigns: dict | None = None
        # when given, variables' values before their first traced assignment (to undo them)
        self._saved = saved_variables
        self.nodes: list[Node] = []
        self.inputs: list[Value] = []
        self.captures: list[Variable] = []
        self._capture_values: list[Value] = []
        self._names: dict[int, str] = {}
        self._dynamic: set[int] = set()
        self._shape_dynamic: set[int] = set()  # ids of tensors whose shape varies per run
        self._keep: list = []  # keeps traced objects alive so their ids stay unique
        self._counter = itertools.count()
        self._specs: dict[str, Spec] = {}  # value name -> recorded Spec

    # --- names ---------------------------------------------------------------------------------
    def _fresh(self) -> str:
        return f"v{next(self._counter)}"

    def _bind_name(self, obj, name: str, dynamic: bool, spec: Spec | None = None) -> None:
        self._names[id(obj)] = name
        if spec is not None:
            self._specs[name] = spec
        elif name not in self._specs:
            self._specs[name] = _spec(obj._value)
        self._keep.append(obj)
        if dynamic:
            self._dynamic.add(id(obj))

    def add_input(self, tensor: Tensor, shape=None) -> None:
        """A function argument. `shape` (with None dims) declares the dims that may vary
        between calls: shapes read from such an input are not static."""
        spec = _spec(tensor._value)
        if shape is not None:
            spec = Spec(tuple(shape), spec.dtype)
        value = Value(self._fresh(), spec)
        self.inputs.append(value)
        self._bind_name(tensor, value.name, dynamic=True, spec=spec)
        if shape is not None and None in tuple(shape):
            self._shape_dynamic.add(id(tensor))

    def name_of(self, x) -> str:
        """The graph name of a tensor or variable, capturing or embedding it on first use."""
        name = self._names.get(id(x))
        if name is not None:
            return name
        if self.parent is not None and (isinstance(x, Variable) or self.parent.knows(x)):
            value = Value(self._fresh(), _spec(x._value))
            self.inputs.append(value)
            self.outer.append(x)
            dynamic = isinstance(x, Variable) or self.parent.is_dynamic_here(x)
            self._bind_name(x, value.name, dynamic=dynamic)
            if self.parent.is_shape_dynamic_here(x):
                self._shape_dynamic.add(id(x))
            return value.name
        if isinstance(x, Variable):
            value = Value(self._fresh(), _spec(x._value))
            self.captures.append(x)
            self._capture_values.append(value)
            self._bind_name(x, value.name, dynamic=True)
            return value.name
        value = Value(self._fresh(), _spec(x._value))
        self.nodes.append(Node(CONSTANT, [], [value], {}, np.asarray(x._value)))
        self._bind_name(x, value.name, dynamic=False)
        return value.name

    def alias(self, tensor: Tensor, variable: Variable) -> None:
        """`tensor` holds what an op read from `variable` now: give it the variable's name."""
        self._bind_name(tensor, self.name_of(variable), dynamic=True)

    def is_dynamic(self, x) -> bool:
        return id(x) in self._dynamic

    def knows(self, x) -> bool:
        """Whether `x` is a value of this trace or of an enclosing one."""
        return id(x) in self._names or (self.parent is not None and self.parent.knows(x))

    # --- binding ---------------------------------------------------------------------------------
    def bind(self, op: Op, inputs, attrs):
        if any(not hasattr(x, "_value") for x in inputs):
            _, inputs = op.convert_inputs(inputs)
        STATE.trace, STATE.binding = None, self  # run the op eagerly (tapes record it)
        try:
            result = op(*inputs, **attrs)
        finally:
            STATE.trace, STATE.binding = self, None
        outs = result if type(result) is tuple else (result,)
        names = [self.name_of(x) for x in inputs]
        # a stateful op's outputs (an iterator's next element) differ between runs
        dynamic = op.stateful or any(self.is_dynamic(x) for x in inputs)
        # a shape decided by input values varies only when those values do
        shape_dynamic = (op.name in DATA_DEPENDENT_SHAPES and dynamic) or any(
            id(x) in self._shape_dynamic for x in inputs)
        if op.shape_only:  # static unless the input's shape itself varies between runs
            dynamic = any(id(x) in self._shape_dynamic for x in inputs)
        # a shape that varies between runs is recorded as unknown, so nothing downstream
        # (buffer reuse, inference) relies on the size seen while tracing
        varying = shape_dynamic  # shape-only ops too: zeros_like(x) varies with x
        specs = self._varying_specs(op, names, attrs, outs) if varying else \
            [_spec(o._value) for o in outs]
        values = [Value(self._fresh(), spec) for spec in specs]
        self.nodes.append(Node(op.name, names, values, dict(attrs)))
        for o, v in zip(outs, values):
            self._bind_name(o, v.name, dynamic, v.spec)
            if shape_dynamic and (v.spec.shape is None or None in v.spec.shape):
                self._shape_dynamic.add(id(o))  # (tf.shape(x) of a varying x: rank known)
        return result

    def forget_sizes(self, tensors) -> None:
        """Records the sizes of the last node's outputs `tensors` as unknown (rank kept): for
        ops whose results are whatever Python code returns when the graph runs."""
        for t in tensors:
            name = self._names[id(t)]
            unknown = Spec((None,) * np.ndim(t._value), self._specs[name].dtype)
            self._specs[name] = unknown
            self._shape_dynamic.add(id(t))
            for value in self.nodes[-1].outputs:
                if value.name == name:
                    value.spec = unknown

    def _varying_specs(self, op: Op, names: list, attrs: dict, outs) -> list:
        """Specs of outputs whose shape varies between runs: what the op's inference rule
        says from the recorded input specs (unknown dims stay unknown), where it agrees with
        the traced values; otherwise unknown rank."""
        concrete = [_spec(o._value) for o in outs]
        try:
            inferred = op.infer_specs(*[self._specs[n] for n in names], **attrs)
        except Exception:  # noqa: BLE001 - a rule that cannot handle unknown dims: no claim
            inferred = None
        if isinstance(inferred, Spec):
            inferred = (inferred,)
        out = []
        for k, c in enumerate(concrete):
            got = inferred[k] if isinstance(inferred, tuple) and k < len(inferred) else None
            shape = got.shape if isinstance(got, Spec) else None
            if shape is not None and (len(shape) != len(c.shape) or any(
                    d is not None and d != e for d, e in zip(shape, c.shape))):
                shape = None  # the rule disagrees with what ran: trust neither
            out.append(Spec(None if shape is None else tuple(shape), c.dtype))
        return out

    def assign_variable(self, variable: Variable, value) -> None:
        """Records `variable.assign(value)` and performs it on the traced (concrete) values."""
        from fluxion.ops.state_ops import assign_variable  # noqa: PLC0415

        if self.parent is not None and self.branch_assigns is not None:
            self._assign_in_branch(variable, value)
            return
        if self.parent is not None:
            raise OperatorNotAllowedInGraphError(
                f"assigning variable {variable.name!r} inside {self.name!r} (a loop with an "
                f"input-dependent condition) is not supported yet; carry the new value as a "
                f"loop variable and assign it after the loop")
        self.name_of(variable)  # captures it on first use
        k = next(i for i, v in enumerate(self.captures) if v is variable)
        new = self.bind(assign_variable, [variable, value], {"capture": k})
        if self._saved is not None and id(variable) not in self._saved:
            self._saved[id(variable)] = (variable, variable._value)
        variable._value = np.asarray(new._value)
        self._names[id(variable)] = self._names[id(new)]  # later reads see the new value

    def _assign_in_branch(self, variable: Variable, value) -> None:
        from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415

        t = value if isinstance(value, Tensor) else convert_to_tensor(value, variable.dtype)
        name = self.name_of(t)
        before = self.branch_assigns.get(id(variable), (variable, variable._value, None))[1]
        self.branch_assigns[id(variable)] = (variable, before, t)
        variable._value = np.asarray(t._value)  # later concrete reads in this branch see it
        self._bind_name(variable, name, dynamic=True)

    def check_static(self, x, what: str) -> None:
        """Raises if Python code reads the value of a tensor that depends on the inputs."""
        if self.is_dynamic_here(x):
            raise OperatorNotAllowedInGraphError(
                f"{what} a tf.Tensor that depends on the function's inputs is not allowed while "
                f"tracing function {self.name!r}: the graph cannot replay a Python decision made "
                f"on its value. Use tf.cond / tf.where, or compute it outside the function.")

    def recorded_shape(self, x):
        """The shape recorded for `x` in the graph (None dims where it varies)."""
        name = self._names.get(id(x))
        if name is None:
            return self.parent.recorded_shape(x) if self.parent is not None else None
        return self._specs[name].shape

    def refine_shape(self, x, shape) -> None:
        """`x.set_shape(shape)` while tracing: the known dims of `shape` fill the unknown dims
        recorded for `x` (a full unknown rank takes the given rank)."""
        name = self._names.get(id(x))
        given = tuple(shape)
        if name is None:
            return
        spec = self._specs[name]
        old = spec.shape
        if old is None:
            new = given
        elif len(old) == len(given):
            new = tuple(o if o is not None else g for o, g in zip(old, given))
        else:
            return
        if new != old:
            self._specs[name] = Spec(new, spec.dtype)
            for node in self.nodes:
                for value in node.outputs:
                    if value.name == name:
                        value.spec = self._specs[name]

    def is_shape_dynamic_here(self, x) -> bool:
        if id(x) in self._names:
            return id(x) in self._shape_dynamic
        return self.parent is not None and self.parent.is_shape_dynamic_here(x)

    def is_dynamic_here(self, x) -> bool:
        """Dynamic in this trace or in an enclosing one."""
        if id(x) in self._names:
            return id(x) in self._dynamic
        return self.parent is not None and self.parent.is_dynamic_here(x)

    def graph(self, outputs: list) -> Graph:
        names = [self.name_of(o) for o in outputs]
        return Graph(self.name, self.inputs + self._capture_values, list(self.nodes), names)


@contextlib.contextmanager
def child_trace(name: str, branch: bool = False):
    """Traces a branch or loop body: a Tracer nested in the current one becomes `STATE.trace`
    and tapes are set aside (the control-flow op itself is what they record). A `branch` may
    assign variables; their concrete values are restored afterwards (both branches run while
    tracing) and the cond carries the new values out."""
    parent = STATE.trace
    child = Tracer(name, parent=parent)
    if branch:
        child.branch_assigns = {}
    saved_tapes, STATE.tapes = STATE.tapes, []
    STATE.trace = child
    try:
        yield child
    finally:
        STATE.trace, STATE.tapes = parent, saved_tapes
        for variable, before, _ in (child.branch_assigns or {}).values():
            variable._value = before
