"""User functions of tf.data transformations (map, filter, reduce...), run as TF runs them.

A function is traced once, when the transformation is created, into a graph with
`fluxion.function` (after AutoGraph conversion), so its Python side effects happen during that
trace only. It receives Tensors with the element's structure unpacked as TF does: a tuple
element becomes positional arguments, anything else (a dict, a namedtuple, one tensor) is one
argument. The trace runs on stand-in values (ones, unknown dims as 1) with the element spec's
unknown dims declared unknown, so the graph serves every element; the output spec comes from the
graph, with dims that vary found by running it once more on other stand-ins.

When a trace on stand-ins fails for a reason that depends on values (parsing, a reshape of an
unknown dim...), the trace is redone on the first real element. A function that cannot become a
graph here (it reads a tensor's value in Python, or gives an op a static argument computed from
the element, like ``tf.fill([n], x)``) runs eagerly on each element instead, with a warning that
says why: its results are right, but its Python side effects happen for every element.

Functions that return datasets (flat_map, interleave) or take them (window components) run
eagerly on each element too: a dataset is not a graph value here.
"""
from __future__ import annotations

import inspect
import threading
import warnings

import numpy as np

from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, wrap
from fluxion.data import structure
from fluxion.data.structure import DatasetSpec, flatten, pack
from fluxion.errors import OperatorNotAllowedInGraphError
from fluxion.graph.function import TensorSpec
from fluxion.sparse import SparseTensor, SparseTensorSpec

_TRACE_LOCK = threading.Lock()


def call_unpacked(func, element):
    """Calls `func` on an element as TF does: tuples are unpacked into arguments."""
    if type(element) is tuple:
        return func(*element)
    return func(element)


def _func_name(func) -> str:
    return getattr(func, "__name__", type(func).__name__)


def _tensor_leaf(a):
    return wrap(a) if type(a) is np.ndarray else a


def _as_array(v):
    return v if type(v) is np.ndarray else np.asarray(v)


class DatasetFunction:
    """`func` over elements of `input_structure` (a nest of specs); see the module docstring.

    `output_structure` is the spec nest of its results. Calling it maps a flat element tuple to
    the flat tuple of results (arrays); `call_nested` returns the result nest (for functions
    returning datasets).
    """

    def __init__(self, func, input_structure, transformation: str, first_elements=None,
                 eager: bool = False) -> None:
        if not callable(func):
            raise TypeError(f"`{transformation}` expects a callable, got {func!r}")
        self._func = func
        self._what = f"{transformation}({_func_name(func)})"
        self._in_structure = input_structure
        self._in_specs = flatten(input_structure)
        self._out_template = None
        self._concrete = None
        self._run = self._run_tensors
        self.output_structure = None
        # dataset, RaggedTensor and SparseTensor components are not graph values here
        self.eager = eager or any(isinstance(s, DatasetSpec) or getattr(s, "ragged_rank", 0)
                                  or getattr(s, "_sparse", False) for s in self._in_specs)
        if self.eager:
            self._setup_eager(first_elements)
        else:
            self._setup_traced(first_elements)

    # --- eager functions ---------------------------------------------------------------------
    def _setup_eager(self, first_elements) -> None:
        """Output spec of an eager function: from its results on two stand-ins (dims that
        differ are unknown), or on the first real elements when stand-ins fail."""
        try:
            samples = [self.call_nested(self._examples(1, varied=False)),
                       self.call_nested(self._examples(2, varied=True))]
        except (TypeError, NotImplementedError):
            raise
        except Exception:  # a value-dependent failure: use real elements
            elements = first_elements(2) if first_elements is not None else []
            if not elements:
                raise
            samples = [self.call_nested(e) for e in elements]
        specs = [structure.map_specs(structure.spec_of, out) for out in samples]
        merged = specs[0]
        for other in specs[1:]:
            merged = _merge_specs(merged, other)
        self.output_structure = merged

    def _fall_back_to_eager(self, error, first_elements) -> None:
        warnings.warn(f"{self._what} cannot be traced into a graph ({error}); it runs eagerly "
                      f"on each element instead, so its Python side effects happen for every "
                      f"element.", UserWarning, stacklevel=6)
        self.eager = True
        self._setup_eager(first_elements)

    def call_nested(self, flat):
        element = pack(self._in_structure, [_tensor_leaf(a) for a in flat])
        return structure.normalize_output(call_unpacked(self._func, element))

    # --- traced functions --------------------------------------------------------------------
    def _user_function(self):
        """The function with AutoGraph's conversion (Python `if`/`for` on tensors become graph
        control flow); callable objects (Keras layers...) and partials are called as they are."""
        func = self._func
        if not (inspect.isfunction(func) or inspect.ismethod(func)):
            return func
        from fluxion import autograph  # noqa: PLC0415 - loaded with the first dataset function

        try:
            return autograph.to_graph(func)
        except Exception:  # noqa: BLE001 - a function AutoGraph cannot read runs unconverted
            return func

    def _setup_traced(self, first_elements) -> None:
        try:
            try:
                self._trace(self._examples(1, varied=False))
            except (_ReturnsDataset, TypeError, NotImplementedError):
                raise  # wrong arguments (TypeError) fail as in TF; the others are handled below
            except Exception:  # value-dependent: retrace on a real element
                elements = first_elements(1) if first_elements is not None else []
                if not elements:
                    raise
                self._trace(elements[0])
        except _ReturnsDataset:
            self.eager = True
            self._setup_eager(first_elements)
            return
        except (OperatorNotAllowedInGraphError, NotImplementedError) as e:
            self._fall_back_to_eager(e, first_elements)
            return
        self._refine_output_specs()

    def _examples(self, unknown_dim: int, varied: bool) -> tuple:
        return tuple(_example(s, unknown_dim, varied) for s in self._in_specs)

    def _trace(self, flat_arrays) -> None:
        from fluxion.graph.function import function  # noqa: PLC0415

        user = self._user_function()
        template, sparse_slots = [], []

        def body(*flat):
            element = pack(self._in_structure, list(flat))
            out = structure.normalize_output(call_unpacked(user, element))
            leaves, expanded, sparse = flatten(out), [], []
            for i, x in enumerate(leaves):
                if isinstance(x, SparseTensor):  # a graph output as its three tensors
                    sparse.append(i)
                    expanded += [x.indices, x.values, x.dense_shape]
                elif isinstance(x, Tensor):
                    expanded.append(x)
                else:
                    raise _ReturnsDataset()
            template.append(out)
            sparse_slots.append(sparse)
            return tuple(expanded)

        traced = function(body, autograph=False, name=_func_name(self._func))
        relaxed = {i: s.shape.dims for i, s in enumerate(self._in_specs)
                   if s.shape.dims is None or None in s.shape.dims}
        saved: dict = {}
        tapes, STATE.tapes = STATE.tapes, []  # a trace is not a computation to differentiate
        try:
            with _TRACE_LOCK:
                concrete, result = traced._trace(tuple(wrap(a) for a in flat_arrays), {},
                                                 saved, relaxed)
        finally:
            STATE.tapes = tapes
            for variable, value in saved.values():
                variable._value = value  # the trace is not a real call: undo its assignments
        self._concrete = concrete
        self._run = _graph_runner(concrete) or self._run_tensors
        self._out_template = template[-1]
        self._first_result = result
        specs = concrete.graph.specs()
        graph_specs = [specs[name] for name in concrete.graph.outputs]
        self._graph_specs = graph_specs
        out_specs = [TensorSpec(TensorShape(None) if g.shape is None else TensorShape(g.shape),
                                g.dtype) for g in graph_specs]
        self._sparse_slots = sparse_slots[-1]
        if self._sparse_slots:  # SparseTensor results: their spec from the trace's value
            leaves, graph_outs, out_specs = flatten(self._out_template), iter(out_specs), []
            for x in leaves:
                if isinstance(x, SparseTensor):
                    out_specs.append(SparseTensorSpec.from_value(x))
                    for _ in range(3):
                        next(graph_outs)
                else:
                    out_specs.append(next(graph_outs))
            self._run = _sparse_collector(self._run, leaves)
        self.output_structure = pack(self._out_template, out_specs)

    def _refine_output_specs(self) -> None:
        """Output dims the graph could not fix: those that change between two stand-ins."""
        if all(g.shape is not None for g in self._graph_specs) or self._sparse_slots:
            return
        variables = self._concrete.captured_variables
        values = [v._value for v in variables]
        try:
            other = self(self._examples(2, varied=True))
        except Exception:  # noqa: BLE001 - keep the ranks, all dims unknown
            other = None
        finally:
            for v, value in zip(variables, values):
                v._value = value  # a probe, not a real call
        self._fill_unknown_ranks(self._first_result, other)

    def _fill_unknown_ranks(self, first, other) -> None:
        specs = flatten(self.output_structure)
        firsts = [np.shape(t._value) for t in flatten(first)]
        out = []
        for i, spec in enumerate(specs):
            if spec.shape.rank is not None:
                out.append(spec)
                continue
            a = firsts[i]
            b = None if other is None else other[i].shape
            if b is not None and len(a) != len(b):
                out.append(spec)
            else:
                dims = [None if b is None or x != y else x for x, y in zip(a, b or a)]
                out.append(TensorSpec(dims, spec.dtype))
        self.output_structure = pack(self.output_structure, out)

    def __call__(self, flat) -> tuple:
        if self.eager:
            return tuple(_leaf_array(x) for x in flatten(self.call_nested(flat)))
        return self._run(flat)

    def _run_tensors(self, flat) -> tuple:
        result = self._concrete._call_flat(flat)
        return tuple([_as_array(t._value) for t in result])


def _graph_runner(concrete):
    """Runs a trace's compiled graph on a flat tuple of arrays, returning arrays: the
    per-element path, without making Tensors (None if the trace lacks the expected parts)."""
    try:
        run, captured = concrete._run, concrete.captured_variables
        assigned, n_out = concrete._assigned, concrete._n_out
        all_inputs, locks = concrete._all_inputs, concrete._locks
    except AttributeError:
        return None
    if not all_inputs:
        return None

    def call(flat):
        results = run(*flat, *[v._value for v in captured]) if captured else run(*flat)
        if assigned:
            for variable, value in zip(assigned, results[n_out:]):
                variable._value = np.asarray(value)
            results = results[:n_out]
        return tuple([r if type(r) is np.ndarray else np.asarray(r) for r in results])

    if not locks:
        return call

    def locked_call(flat):  # parallel map threads: read, update and write the state as one
        from fluxion.graph.function import _held  # noqa: PLC0415

        with _held(locks):
            return call(flat)

    return locked_call


def _sparse_collector(run, leaves):
    """`run` with each SparseTensor result's three arrays made into one eager SparseTensor."""
    sizes = [3 if isinstance(x, SparseTensor) else 1 for x in leaves]

    def call(flat):
        results, out, at = run(flat), [], 0
        for size in sizes:
            out.append(results[at] if size == 1 else SparseTensor(*results[at:at + 3]))
            at += size
        return tuple(out)

    return call


def _example(spec, unknown_dim: int, varied: bool):
    """A stand-in for one component: an array, or for a dataset component (a window) a dataset
    of `unknown_dim` stand-in elements."""
    if not isinstance(spec, DatasetSpec):
        return structure.example_array(spec, unknown_dim, varied)
    from fluxion.data.sources import ListDataset  # noqa: PLC0415 - sources import this module

    element = tuple(_example(s, unknown_dim, varied) for s in flatten(spec.element_spec))
    return ListDataset(spec.element_spec, [element] * unknown_dim)


def _merge_specs(a, b):
    """The spec nest that holds both results: differing dims (or ranks) unknown."""
    if nest.structure_key(a) != nest.structure_key(b):
        return a
    out = []
    for x, y in zip(flatten(a), flatten(b)):
        if isinstance(x, DatasetSpec) and isinstance(y, DatasetSpec):
            out.append(DatasetSpec(_merge_specs(x.element_spec, y.element_spec)))
        elif isinstance(x, TensorSpec) and isinstance(y, TensorSpec):
            out.append(TensorSpec(x.shape.most_specific_compatible_shape(y.shape), x.dtype))
        elif hasattr(x, "most_specific_compatible_type") and type(x) is type(y):
            out.append(x.most_specific_compatible_type(y))  # RaggedTensorSpecs
        else:
            out.append(x)
    return pack(a, out)


def _leaf_array(x):
    return _as_array(x._value) if isinstance(x, Tensor) else x


class _ReturnsDataset(Exception):
    """Raised inside a trace when the function returns datasets: it must run eagerly."""


def check_predicate(fn: DatasetFunction, transformation: str) -> None:
    """filter / take_while predicates must return a scalar bool (ValueError as TF)."""
    from fluxion.core import dtypes  # noqa: PLC0415

    spec = fn.output_structure
    if (not isinstance(spec, TensorSpec) or spec.dtype is not dtypes.bool
            or spec.shape.rank != 0):
        sep = " " if transformation == "filter" else ""
        comma = "," if transformation == "filter" else ""
        raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                         f"tensor{comma} but its return type is{sep}{spec}.")
