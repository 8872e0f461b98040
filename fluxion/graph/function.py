"""``tf.function``: trace a Python function into a Graph once per input signature, then run it.

Signature: tensors by shape and dtype, NumPy arrays likewise, variables by identity, other
Python values by value. The first call with a new signature traces (running the Python body,
so Python side effects happen then, as in TF) and returns the traced results; later calls run
the graph. When a function traces again, `explain_retracing()` says which argument changed and
how, and a warning names it once a function has traced more than 5 times.
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import threading
import warnings

import numpy as np

from fluxion import config, errors
from fluxion.core import dtypes, nest
from fluxion.core.op import REGISTRY, STATE
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor, to_array, wrap
from fluxion.core.variable import Variable
from fluxion.graph import executor
from fluxion.graph.trace import Tracer
from fluxion.ops.conv_threads import one_blas_thread

_SETTINGS = config._settings
_new = object.__new__

RETRACE_WARNING_AFTER = 5


class TensorSpec:
    """Describes a tensor argument: shape (None dims allowed) and dtype (``tf.TensorSpec``)."""

    def __init__(self, shape, dtype=dtypes.float32, name=None) -> None:
        self.shape = TensorShape(shape)
        self.dtype = dtypes.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name=None) -> "TensorSpec":
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, value) -> bool:
        t = value if hasattr(value, "_value") else convert_to_tensor(value)
        return t.dtype is self.dtype and self.shape.is_compatible_with(t.shape)

    def __eq__(self, other) -> bool:
        return (isinstance(other, TensorSpec) and self.shape == other.shape
                and self.dtype is other.dtype and self.name == other.name)

    def __hash__(self) -> int:
        return hash((self.shape, self.dtype, self.name))

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"


def _leaf_key(leaf):
    if isinstance(leaf, Tensor):
        return ("tensor", tuple(leaf._value.shape), leaf.dtype.name)
    if isinstance(leaf, np.ndarray):
        return ("tensor", leaf.shape, dtypes.from_numpy(leaf.dtype).name)
    if isinstance(leaf, Variable):
        return ("variable", id(leaf))
    try:
        hash(leaf)
    except TypeError:
        return ("object", id(leaf))
    return ("python", type(leaf).__name__, leaf)


def _describe_change(path: str, old, new) -> str:
    if old[0] == new[0] == "tensor":
        if old[1] != new[1]:
            return f"{path}: shape {old[1]} -> {new[1]}"
        return f"{path}: dtype {old[2]} -> {new[2]}"
    if old[0] == new[0] == "python":
        return f"{path}: Python value {old[2]!r} -> {new[2]!r}"
    return f"{path}: {old[0]} -> {new[0]}"


_VARIABLE_LOCKS: dict = {}  # id(variable) -> its lock (a reused id shares one: harmless)


def _variable_locks(variables) -> list:
    """The locks of `variables`, in one global order (id) so that calls never deadlock."""
    unique = {id(v): v for v in variables}
    return [_VARIABLE_LOCKS.setdefault(k, threading.Lock()) for k in sorted(unique)]


@contextlib.contextmanager
def _held(locks: list):
    for lock in locks:
        lock.acquire()
    try:
        yield
    finally:
        for lock in reversed(locks):
            lock.release()


class ConcreteFunction:
    """One trace: its Graph, the variables it captured and how to rebuild its outputs."""

    def __init__(self, graph, captures, input_positions, structure, output_positions, consts):
        from fluxion.graph.passes import optimize  # noqa: PLC0415
        from fluxion.graph.passes.fuse import fuse  # noqa: PLC0415

        self.traced_graph = graph
        self.graph = graph = optimize(graph, config.enabled_graph_passes())
        self.captured_variables = captures
        self._input_positions = input_positions
        self._structure = structure
        self._output_positions = output_positions
        self._consts = consts
        assigns = [(captures[n.attrs["capture"]], n.outputs[0].name)
                   for n in graph.nodes if n.op == "assign_variable"]
        self._assigned = [v for v, _ in assigns]
        # calls from several threads (a parallel Dataset.map) read, update and write the same
        # variables (random seeds...): each such call holds its variables' locks throughout
        self._locks = _variable_locks(self._assigned)
        # fusion only changes how the graph runs: `graph` (what SavedModel stores) keeps the
        # registry's ordinary ops
        self.execution_graph = fuse(graph) if config.fusion_enabled() else graph
        self._run = executor.compile_graph(self.execution_graph, [name for _, name in assigns])
        if executor.uses_own_threads(self.execution_graph):
            self._run = one_blas_thread(self._run)
        self._single = isinstance(structure, Tensor) and output_positions == [0]
        self._n_out = len(graph.outputs)
        # graphs that read datasets (for x in dataset) consume elements while being traced
        self.pulls_data = any(n.op == "dataset_iterator" for g in [graph, *graph.subgraphs()]
                              for n in g.nodes)
        # ops that only act on the world (tf.print) are not run while tracing: a first call
        # runs the graph itself so that they act once, in the branches taken
        self.has_effects = any(REGISTRY[n.op].num_outputs == 0 and REGISTRY[n.op].stateful
                               for g in [graph, *graph.subgraphs()] for n in g.nodes
                               if n.op in REGISTRY)
        self._all_inputs = input_positions == list(range(len(input_positions)))

    def _call_tensors(self, tensors):
        """The fast call: every argument is a Tensor and every input position is a tensor."""
        if self._locks:
            with _held(self._locks):
                return self._call_tensors_unlocked(tensors)
        return self._call_tensors_unlocked(tensors)

    def _call_tensors_unlocked(self, tensors):
        if self._all_inputs:
            results = self._run(*[t._value for t in tensors],
                                *[v._value for v in self.captured_variables])
        else:
            results = self._run(*[tensors[i]._value for i in self._input_positions],
                                *[v._value for v in self.captured_variables])
        if self._assigned:
            for variable, value in zip(self._assigned, results[self._n_out:]):
                variable._value = np.asarray(value)
        if self._single:
            t = _new(Tensor)
            t._value = results[0]
            return t
        return self._pack(results)

    def _call_flat(self, flat_args):
        if self._locks:
            with _held(self._locks):
                return self._call_flat_unlocked(flat_args)
        return self._call_flat_unlocked(flat_args)

    def _call_flat_unlocked(self, flat_args):
        arrays = [_input_array(flat_args[i]) for i in self._input_positions]
        arrays += [v._value for v in self.captured_variables]
        results = self._run(*arrays)
        n_out = len(self.graph.outputs)
        for variable, value in zip(self._assigned, results[n_out:]):
            variable._value = np.asarray(value)
        if self._single:
            return wrap(results[0])
        return self._pack(results)

    def _pack(self, results):
        flat_out = list(self._consts)
        for pos, value in zip(self._output_positions, results):
            flat_out[pos] = wrap(value)
        return nest.pack_sequence_as(self._structure, flat_out, expand_composites=True)

    def __call__(self, *args, **kwargs):
        flat = _flatten((args, kwargs))
        self._check_inputs(flat)
        return self._call_flat(flat)

    def _check_inputs(self, flat) -> None:
        """A concrete function takes tensors of its inputs' dtypes (TF's InvalidArgumentError
        otherwise; NumPy and Python values are converted to them) and compatible shapes (TF
        runs other shapes; a graph here may hold traced sizes, so they are refused)."""
        for position, value in zip(self._input_positions, self.graph.inputs):
            arg = flat[position] if position < len(flat) else None
            if arg is not None and not isinstance(arg, (Tensor, Variable)):
                flat[position] = arg = convert_to_tensor(arg, dtype=value.spec.dtype)
            array = getattr(arg, "_value", None)
            if array is None:
                continue
            spec = value.spec
            shape_ok = spec.shape is None or (array.ndim == len(spec.shape) and all(
                d is None or d == n for d, n in zip(spec.shape, array.shape)))
            if spec.dtype._np != array.dtype or not shape_ok:
                raise errors.InvalidArgumentError(
                    f"The function's input {position} expects a tensor of dtype "
                    f"{spec.dtype.name} and shape {_shape_text(spec.shape)}, got dtype "
                    f"{dtypes.from_numpy(array.dtype).name} and shape {list(array.shape)}")


class Function:
    """A Python function compiled into graphs, one per input signature."""

    def __init__(self, python_function, input_signature=None, name=None,
                 autograph: bool = True, reduce_retracing: bool = False) -> None:
        self.python_function = python_function
        self._autograph = autograph
        # reduce_retracing: after a retrace caused by shapes, trace once with the differing dims
        # unknown and reuse that graph for every compatible shape
        self._reduce_retracing = reduce_retracing
        self._relaxed: dict = {}  # shape-free key -> (shapes by flat position, trace)
        self._first_shapes: dict = {}  # shape-free key -> shapes of its first exact trace
        self.input_signature = None if input_signature is None else list(input_signature)
        self._name = name or getattr(python_function, "__name__", "function")
        self._cache: dict = {}
        self._fast: dict = {}  # (shape, dtype) per positional tensor -> trace
        self._last_keys = None
        self._retrace_reasons: list[str] = []
        self._signature_concrete = None  # the input_signature's trace (None dims unknown)
        self._signature_static = False  # the body needs static shapes: trace per shape
        self._composite_static = False  # likewise for RaggedTensor arguments' components
        self._creation_checked = False  # traced again once after making variables
        self._warned = False
        functools.update_wrapper(self, python_function)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        bound = Function(self.python_function.__get__(instance, owner), self.input_signature,
                         self._name, self._autograph, self._reduce_retracing)
        cache = instance.__dict__.setdefault("_fluxion_functions", {})
        return cache.setdefault(id(self), bound)

    def experimental_get_tracing_count(self) -> int:
        return len(self._cache)

    def explain_retracing(self) -> list:
        """Why each trace after the first happened: the arguments that changed and how."""
        return list(self._retrace_reasons)

    def _canonical(self, args, kwargs):
        if self.input_signature is None:
            return args, kwargs
        if kwargs or len(args) != len(self.input_signature):
            raise TypeError(f"{self._name}: expected {len(self.input_signature)} positional "
                            f"arguments matching input_signature, got {len(args)} and "
                            f"keywords {sorted(kwargs)}")
        return tuple(self._conform(i, arg, spec)
                     for i, (arg, spec) in enumerate(zip(args, self.input_signature))), {}

    def _conform(self, i: int, arg, spec):
        """`arg` as tensors matching `spec` (a spec, or a list/tuple/dict nest of them)."""
        if isinstance(spec, (list, tuple, dict)):
            same = (isinstance(spec, dict) and isinstance(arg, dict) and
                    sorted(spec) == sorted(arg)) or (
                not isinstance(spec, dict) and isinstance(arg, (list, tuple)) and
                len(arg) == len(spec))
            if not same:
                raise TypeError(f"{self._name}: argument {i} {arg!r} does not match the "
                                f"structure of input_signature {spec}")
            if isinstance(spec, dict):
                return {k: self._conform(i, arg[k], spec[k]) for k in spec}
            return type(spec)(self._conform(i, a, s) for a, s in zip(arg, spec))
        t = arg if isinstance(arg, Tensor) or nest._is_composite(arg) else \
            convert_to_tensor(arg, spec.dtype)
        if not spec.is_compatible_with(t):
            raise TypeError(f"{self._name}: argument {i} with shape {t.shape} and dtype "
                            f"{t.dtype.name} is incompatible with input_signature {spec}")
        return t

    def __call__(self, *args, **kwargs):
        state = STATE
        if _SETTINGS["run_functions_eagerly"] or state.trace is not None or state.tapes:
            # eager debugging, a call inside another trace (inlined, converted by AutoGraph
            # as the outer body is), or gradients recorded by an outer tape: run the Python
            # body so every op is seen
            body = self.python_function
            if state.trace is not None and self._autograph and (
                    inspect.isfunction(body) or inspect.ismethod(body)):
                from fluxion import autograph  # noqa: PLC0415

                body = autograph.to_graph(body)
            return body(*args, **kwargs)
        fast_key = None
        if not kwargs:  # the common call: tensors only, no nesting
            if len(args) == 1:
                if type(args[0]) is Tensor:
                    value = args[0]._value
                    fast_key = ((value.shape, value.dtype),)
            elif all(type(a) is Tensor for a in args):
                fast_key = tuple([(a._value.shape, a._value.dtype) for a in args])
            if fast_key is not None:
                concrete = self._fast.get(fast_key)
                if concrete is not None:
                    return concrete._call_tensors(args)
        args, kwargs = self._canonical(args, kwargs)
        flat = _flatten((args, kwargs))
        keys = tuple(_leaf_key(x) for x in flat)
        structure_key = nest.structure_key((args, kwargs), expand_composites=True)
        composite = None
        if self.input_signature is None and not self._composite_static:
            composite = _composite_shapes((args, kwargs))
        if composite:  # one graph for every RaggedTensor of a type, whatever its row counts
            keys = tuple(("tensor", tuple(composite[i]), k[2]) if i in composite else k
                         for i, k in enumerate(keys))
        key = (structure_key, keys)
        concrete = self._cache.get(key)
        if concrete is None and self.input_signature is not None:
            concrete = self._signature_trace(args, kwargs)
        if concrete is None and self._reduce_retracing:
            concrete = self._relaxed_match(key, flat)
        noted = False
        if concrete is None and composite:
            self._note_retrace(keys)
            concrete = self._composite_trace(args, kwargs, composite)
            if concrete is None:  # the body needs static component shapes
                key = (structure_key, tuple(_leaf_key(x) for x in flat))
                concrete, noted = self._cache.get(key), True
            else:
                self._cache[key] = concrete
        if concrete is None:
            if not noted:
                self._note_retrace(keys)
            concrete, result = self._trace_maybe_relaxed(key, flat, args, kwargs)
            self._cache[key] = concrete
        else:
            result = concrete._call_flat(flat)
        if fast_key is not None:
            self._fast[fast_key] = concrete
        return result

    def _signature_trace(self, args, kwargs):
        """The one trace an input_signature asks for, its None dims unknown in the graph;
        None when the body needs those dims static (then each shape traces on its own)."""
        from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415

        if self._signature_concrete is None and not self._signature_static:
            specs = list(_spec_leaves(self.input_signature))
            if any(spec.shape.rank is None for spec in specs):
                self._signature_static = True  # unknown ranks: one trace per actual shape
                return None
            shapes = {i: spec.shape.as_list() for i, spec in enumerate(specs)}
            saved: dict = {}
            try:
                concrete, _ = self._trace(args, kwargs, saved, shapes)
            except OperatorNotAllowedInGraphError:
                self._signature_static = True
            else:
                self._signature_concrete = self._cache[("signature",)] = concrete
            for variable, value in saved.values():
                variable._value = value  # the call itself runs the graph
        return self._signature_concrete

    def _composite_trace(self, args, kwargs, shapes):
        """A trace with the composite arguments' component row counts unknown (`shapes`);
        None when the body needs them static (then each shape traces on its own)."""
        from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415

        saved: dict = {}
        try:
            concrete, _ = self._trace(args, kwargs, saved, shapes)
        except OperatorNotAllowedInGraphError:
            self._composite_static = True
            concrete = None
        for variable, value in saved.values():
            variable._value = value  # the call itself runs the graph
        return concrete

    @staticmethod
    def _shape_free(key):
        structure, keys = key
        return structure, tuple(k[::2] if k[0] == "tensor" else k for k in keys)

    def _relaxed_match(self, key, flat):
        entry = self._relaxed.get(self._shape_free(key))
        if entry is None:
            return None
        shapes, concrete = entry
        if all(TensorShape(shape).is_compatible_with(np.shape(flat[i]._value))
               for i, shape in shapes.items()):
            return concrete
        return None

    def _trace_maybe_relaxed(self, key, flat, args, kwargs):
        """With reduce_retracing, a retrace for new shapes traces with the dims that changed
        unknown; if the body needs them static, it falls back to an exact trace."""
        from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415

        free = self._shape_free(key)
        tensor_positions = [i for i, x in enumerate(flat) if isinstance(x, Tensor)]
        if not self._reduce_retracing or not tensor_positions:
            return self._trace(args, kwargs)
        previous = self._relaxed.get(free, (None, None))[0] or self._seen_shapes(free)
        current = {i: list(np.shape(flat[i]._value)) for i in tensor_positions}
        if previous is None:
            self._first_shapes[free] = current
            return self._trace(args, kwargs)
        general = {i: TensorShape(previous[i]).most_specific_compatible_shape(
            TensorShape(current[i])).as_list() for i in tensor_positions}
        try:
            concrete, result = self._trace(args, kwargs, None, general)
        except OperatorNotAllowedInGraphError:
            return self._trace(args, kwargs)
        self._relaxed[free] = (general, concrete)
        return concrete, result

    def _seen_shapes(self, free):
        return self._first_shapes.get(free)

    def get_concrete_function(self, *args, **kwargs) -> ConcreteFunction:
        """The trace for these arguments (TensorSpecs allowed); traces without side effects."""
        if not args and not kwargs and self.input_signature is not None:
            args = tuple(self.input_signature)
        # (a spec of unknown rank traces on a scalar: ops take ranks as static attributes)
        relaxed = {i: leaf.shape.as_list() for i, leaf in enumerate(_spec_leaves((args, kwargs)))
                   if isinstance(leaf, TensorSpec) and leaf.shape.rank is not None}
        specs = (args, kwargs)
        try:
            return self._concrete_for(specs, relaxed, unknown=1)
        except (ValueError, errors.InvalidArgumentError) as first:
            # unknown dims stand in as 1, too small for a VALID 5x5 convolution, say: try a
            # larger stand-in before giving up (its graph serves every size all the same)
            if not any(None in leaf.shape.as_list() for leaf in _spec_leaves(specs)
                       if isinstance(leaf, TensorSpec) and leaf.shape.rank is not None):
                raise
            try:
                return self._concrete_for(specs, relaxed, unknown=_LARGE_STAND_IN)
            except Exception:  # noqa: BLE001 - the first error says more
                raise first from None

    def _concrete_for(self, specs, relaxed, unknown: int) -> ConcreteFunction:
        args, kwargs = specs
        args = tuple(_examples(a, unknown) for a in args)
        kwargs = {k: _examples(v, unknown) for k, v in kwargs.items()}
        args, kwargs = self._canonical(args, kwargs)
        flat = _flatten((args, kwargs))
        key = (nest.structure_key((args, kwargs), expand_composites=True),
               tuple(_leaf_key(x) for x in flat))
        if key not in self._cache:
            saved = {}
            try:
                concrete, _ = self._trace(args, kwargs, saved, relaxed)
            finally:
                for variable, value in saved.values():
                    variable._value = value  # undo the trace's assignments
            self._cache[key] = concrete
        return self._cache[key]

    def _check_single_creation(self, args, kwargs, body) -> None:
        """As TF: a function that made variables while tracing is traced once more, and must
        make none then (they would be new ones on every trace: create them on the first call
        only, or outside the function). Fluxion's own functions are trusted."""
        from fluxion.core import variable as variable_module  # noqa: PLC0415

        if self._creation_checked or (getattr(self.python_function, "__module__", "") or
                                      "").startswith("fluxion."):
            return
        self._creation_checked = True
        saved: dict = {}
        tracer = Tracer(self._name, saved)
        for t in nest.flatten((args, kwargs), expand_composites=True):
            if isinstance(t, Tensor):
                tracer.add_input(t)
        created = variable_module.CREATED[0]
        previous, STATE.trace = STATE.trace, tracer
        try:
            body(*args, **kwargs)
        finally:
            STATE.trace = previous
            for variable, value in saved.values():
                variable._value = value  # the check's assignments are undone
        if variable_module.CREATED[0] != created:
            raise ValueError(
                f"tf.function only supports singleton tf.Variables created on the first call. "
                f"Make sure the tf.Variable is only created once or created outside tf.function."
                f" (function {self._name!r} created new variables when traced again)")

    def _note_retrace(self, keys) -> None:
        if self._last_keys is not None:
            changes = [_describe_change(f"argument {i}", old, new)
                       for i, (old, new) in enumerate(zip(self._last_keys, keys)) if old != new]
            reason = "; ".join(changes) or "argument structure changed"
            self._retrace_reasons.append(reason)
            if len(self._cache) + 1 > RETRACE_WARNING_AFTER and not self._warned:
                self._warned = True
                warnings.warn(f"function {self._name!r} has traced {len(self._cache) + 1} times;"
                              f" the last retrace was caused by {reason}. Pass tensors of one "
                              f"shape or an input_signature with None dims.", stacklevel=3)
        self._last_keys = keys

    def _trace(self, args, kwargs, saved_variables=None, relaxed=None):
        rerun = saved_variables is None  # a call (not get_concrete_function) may need it
        saved_variables = {} if saved_variables is None else saved_variables
        tracer = Tracer(self._name, saved_variables)
        # a call traces on its real arguments (and returns the trace's results): runtime
        # checks (tf.debugging.assert_*) decide on these values; stand-ins decide nothing
        tracer.checks_values = rerun
        relaxed = relaxed or {}
        flat = _flatten((args, kwargs))
        traced, positions = [], []
        for i, leaf in enumerate(flat):
            if isinstance(leaf, (Tensor, np.ndarray)):
                t = wrap(_input_array(leaf))
                tracer.add_input(t, relaxed.get(i))
                traced.append(t)
                positions.append(i)
            else:
                traced.append(leaf)
        t_args, t_kwargs = nest.pack_sequence_as((args, kwargs), traced, expand_composites=True)
        body = self.python_function
        if self._autograph and (inspect.isfunction(body) or inspect.ismethod(body)):
            from fluxion import autograph  # noqa: PLC0415

            body = autograph.to_graph(body)
        from fluxion.core import variable as variable_module  # noqa: PLC0415

        created = variable_module.CREATED[0]
        previous, STATE.trace = STATE.trace, tracer
        try:
            result = body(*t_args, **t_kwargs)
        finally:
            STATE.trace = previous
        if variable_module.CREATED[0] != created:
            self._check_single_creation(t_args, t_kwargs, body)
        flat_out = [_as_output(x) for x in _flatten(result)]
        result = nest.pack_sequence_as(result, flat_out, expand_composites=True)
        out_positions = [i for i, x in enumerate(flat_out) if isinstance(x, (Tensor, Variable))]
        graph = tracer.graph([flat_out[i] for i in out_positions])
        consts = [None if i in out_positions else x for i, x in enumerate(flat_out)]
        concrete = ConcreteFunction(graph, tracer.captures, positions, result, out_positions,
                                    consts)
        if rerun and (concrete.pulls_data or concrete.has_effects):
            # the trace read a dataset while probing loop bodies: undo its variable writes and
            # run the graph itself for this first call
            for variable, value in saved_variables.values():
                variable._value = value
            return concrete, concrete._call_flat(_flatten((args, kwargs)))
        flat_result = [wrap(x._value) if isinstance(x, Variable) else x for x in flat_out]
        return concrete, nest.pack_sequence_as(result, flat_result, expand_composites=True)


def _flatten(structure) -> list:
    """Arguments and results by their tensors: a SparseTensor is its three component tensors,
    as in TF (so traced graphs take and return them)."""
    return nest.flatten(structure, expand_composites=True)


def _input_array(leaf):
    """The backend array of a tensor argument; NumPy arrays are converted as tf.constant would
    (text of any NumPy kind becomes TF's bytes strings)."""
    value = getattr(leaf, "_value", None)
    if value is not None:
        return value
    return to_array(leaf) if leaf.dtype.kind in "USO" else leaf


def _as_output(x):
    """Python numbers, bools, strings and arrays returned by a function become tensors, as in
    TF; None and other objects pass through."""
    if isinstance(x, (bool, int, float, complex, str, bytes, np.ndarray, np.generic)):
        return convert_to_tensor(x)
    return x


def _composite_shapes(structure) -> dict:
    """Flat positions of RaggedTensor arguments' flat_values and inner row_splits with their
    leading dim unknown: the shapes they trace with. As in TF (whose RaggedTensorSpec holds
    the row count, not the value counts), the outer row_splits keep theirs."""
    shapes, position = {}, 0
    for leaf in nest.flatten(structure):
        if not nest._is_composite(leaf):
            position += 1
            continue
        for k, component in enumerate(leaf._to_components()):
            dims = list(np.shape(getattr(component, "_value", component)))
            if hasattr(leaf, "flat_values") and dims and k != 1:
                shapes[position] = [None] + dims[1:]
            position += 1
    return shapes


_LARGE_STAND_IN = 64  # the size of unknown dims when 1 is too small to trace with


def _examples(arg, unknown: int = 1):
    """Stand-in tensors for the specs in `arg` (a spec, a nest of specs, or a value)."""
    if isinstance(arg, (list, tuple, dict)) and any(
            isinstance(leaf, TensorSpec) for leaf in nest.flatten(arg)):
        return nest.map_structure(lambda v: _example(v, unknown), arg)
    return _example(arg, unknown)


def _spec_leaves(structure) -> list:
    """Leaves of a nest of specs, a composite's spec (RaggedTensorSpec) as its components'
    specs, so positions match those of the flattened values' tensors."""
    out = []
    for leaf in nest.flatten(structure):
        out.extend(leaf._component_specs() if hasattr(leaf, "_component_specs") else [leaf])
    return out


def _shape_text(shape) -> str:
    return "<unknown>" if shape is None else str([d for d in shape])


def _example(value, unknown: int = 1):
    """A concrete stand-in for a TensorSpec (ones, unknown dims as `unknown`) to trace with."""
    if hasattr(value, "_component_specs"):  # a RaggedTensorSpec builds its own
        return value._example()
    if isinstance(value, TensorSpec):
        if value.shape.rank is None:  # unknown rank: a scalar stand-in (nothing is read from it)
            return wrap(np.ones((), value.dtype._np))
        shape = [unknown if d is None else d for d in value.shape.as_list()]
        return wrap(np.ones(shape, value.dtype._np))
    return value


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_implements=None,
             experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None,
             experimental_follow_type_hints=None, name=None):
    """``tf.function`` as a decorator (with or without arguments) or a call."""
    if func is None:
        return functools.partial(function, input_signature=input_signature, name=name,
                                 autograph=autograph, reduce_retracing=reduce_retracing)
    return Function(func, input_signature, name, autograph, reduce_retracing)
