"""``tf.saved_model``: export a Module's variables and traced functions; load them back.

The format (docs/saved_model.md) is a folder with two files and nothing executable:
- ``saved_model.json``: format name and version, each function's graph in the IR's text form
  (fluxion/graph/ir.py), its inputs, outputs and captured variables, the variables' metadata,
  the signatures, and the SHA-256 of the tensor file;
- ``tensors.npz``: variable values and large constants as plain NumPy arrays (read with
  ``allow_pickle=False``).
Saving writes a temporary folder and renames it into place, so a crash never leaves a
half-written model at `export_dir` (a str, bytes or os.PathLike path, as in TF). Loading needs
only `import fluxion`: the modules that register the ops a graph uses are imported on demand.
"""
from __future__ import annotations

import contextvars
import hashlib
import importlib
import io
import json
import os
import pathlib
import re
import shutil
import tempfile
import zipfile

import numpy as np

from fluxion.core import dtypes, nest
from fluxion.core.module import Module
from fluxion.core.op import REGISTRY
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.core.variable import Variable
from fluxion.graph import executor, ir
from fluxion.graph.function import Function, TensorSpec
from fluxion.saved_model import asset, tables
from fluxion.saved_model.asset import Asset

FORMAT = "fluxion-saved-model"
VERSION = 1
GRAPH_FILE = "saved_model.json"
TENSOR_FILE = "tensors.npz"
INLINE_CONSTANT_LIMIT = 16  # larger constants go to the tensor file


class SavedModelError(ValueError):
    """A SavedModel folder that is missing, truncated, corrupted or of another version."""


# --- saving ------------------------------------------------------------------------------------
def save(obj, export_dir, signatures=None, options=None) -> None:
    """Saves `obj` (a Module): its variables and every `function` with an input signature
    (and the traces of those without one). A Keras model is saved for serving, as TF does:
    its call as the `serving_default` signature."""
    if _is_keras_model(obj) and signatures is None:
        from fluxion.keras.export import ExportArchive, _input_signature  # noqa: PLC0415

        archive = ExportArchive()
        archive.track_and_add_endpoint("serving_default", obj,
                                       _named_inputs(_input_signature(obj)))
        archive.write_out(export_dir, options=options, verbose=False)
        return
    if not isinstance(obj, Module):
        raise TypeError(f"saved_model.save expects a tf.Module, got {type(obj).__name__}")
    found_assets = asset.find_assets(obj)
    names = asset.asset_names(found_assets)
    token, handles = _ASSET_NAMES.set(names), _TABLE_HANDLES.set(set())
    try:
        meta = _records(obj, signatures)
        if _TABLE_HANDLES.get():  # mutable tables: their contents now
            meta["mutable_tables"] = tables.snapshot(_TABLE_HANDLES.get())
    finally:
        _ASSET_NAMES.reset(token)
        _TABLE_HANDLES.reset(handles)
    if names:
        meta["assets"] = [{"filename": names[source], "path": attr}
                          for attr, source in found_assets]
    _write(export_dir, meta.pop("tensors"), meta, names)


def _records(obj, signatures) -> dict:
    """The functions, variables and signatures records of `obj`, and its tensors."""
    functions = _functions_of(obj)
    if isinstance(signatures, Function):
        signatures = {"serving_default": signatures}
    variables = list(obj.variables)
    tensors: dict[str, np.ndarray] = {}
    fn_records = {}
    for attr, fn in functions.items():
        if fn.input_signature is not None:
            fn_records[attr] = _function_record(fn, variables, tensors)
            continue
        # no input_signature: every graph traced so far, each callable with its own inputs
        for i, concrete in enumerate(_traced(fn)):
            record = _function_record(fn, variables, tensors, concrete)
            if i:
                record["overload_of"] = attr
            fn_records[attr if not i else f"{attr}:{i}"] = record
    sig_records = {}
    for key, fn in (signatures or {}).items():
        attr = next((a for a, f in functions.items() if f is fn or
                     getattr(f, "python_function", None) is getattr(fn, "python_function", 0)),
                    None)
        if attr is None:
            attr = f"__signature_{key}"
            fn_records[attr] = _function_record(fn, variables, tensors)
        sig_records[key] = attr
    with_signature = [a for a, f in functions.items() if f.input_signature is not None]
    if signatures is None and len(with_signature) == 1:
        sig_records["serving_default"] = with_signature[0]
    var_records = []
    for i, v in enumerate(variables):
        tensors[f"variable_{i}"] = np.asarray(v._value)
        var_records.append({"name": v.name, "dtype": v.dtype.name, "shape": list(v.shape),
                            "trainable": v.trainable, "path": _path_of(obj, v)})
    return {"functions": fn_records, "variables": var_records, "signatures": sig_records,
            "tensors": tensors}


def _named_inputs(signature: list) -> list:
    """A Keras model's input specs named as TF's `save` names them: `inputs`, `inputs_1`...
    (inputs given as a dict keep their keys)."""
    if any(isinstance(s, dict) for s in signature):
        return signature
    count = iter(range(len(nest.flatten(signature))))

    def rename(spec):
        i = next(count)
        return TensorSpec(spec.shape, spec.dtype, "inputs" if i == 0 else f"inputs_{i}")
    return nest.map_structure(rename, signature)


def _is_keras_model(obj) -> bool:
    import sys  # noqa: PLC0415

    if "fluxion.keras.models" not in sys.modules:  # no Keras model exists before it loads
        return False
    from fluxion.keras.models import Model  # noqa: PLC0415

    return isinstance(obj, Model)


def _functions_of(obj) -> dict:
    found = {}
    for name in sorted(dir(type(obj))) + sorted(vars(obj)):
        if name.startswith("_") and name != "__call__":
            continue
        attr = getattr(obj, name, None)
        if isinstance(attr, Function) and (attr.input_signature is not None or _traced(attr)):
            found[name] = attr
    return found


def _traced(fn: Function) -> list:
    """The distinct graphs `fn` has traced (in the order they were made)."""
    seen: list = []
    for concrete in fn._cache.values():
        if not any(concrete is c for c in seen):
            seen.append(concrete)
    return seen


def _path_of(root, variable) -> str | None:
    """The attribute of `root` holding `variable`: ``name``, or ``name[i]`` for an item of a
    list attribute (a Keras export's variable collection)."""
    for key, value in sorted(vars(root).items()):
        if value is variable:
            return key
        if isinstance(value, list) and not key.startswith("_"):
            for i, item in enumerate(value):
                if item is variable:
                    return f"{key}[{i}]"
    return None


# ops that refer to objects of the running process (fluxion/data/graph_ops.py)
PROCESS_LOCAL_OPS = frozenset({"dataset_iterator", "dataset_iterator_next"})


def _function_record(fn: Function, variables: list, tensors: dict, concrete=None) -> dict:
    """A function's graph, inputs and outputs: its input_signature's trace, or `concrete`
    (one of its traces) with that trace's inputs."""
    concrete = concrete if concrete is not None else fn.get_concrete_function()
    graph = concrete.graph
    local = sorted({n.op for g in [graph, *graph.subgraphs()] for n in g.nodes
                    if n.op in PROCESS_LOCAL_OPS})
    if local:
        raise ValueError(f"saved_model.save: function {fn._name!r} iterates a Python dataset "
                         f"(ops {local}), which only exists in this process; iterate the data "
                         f"outside the exported function and pass the elements as arguments")
    captures = []
    for v in concrete.captured_variables:
        if not any(v is w for w in variables):
            variables.append(v)  # e.g. a random op's seed state: saved, not a user variable
        captures.append(next(i for i, w in enumerate(variables) if w is v))
    nodes = []
    for node in graph.nodes:
        value = np.asarray(node.value) if node.op == ir.CONSTANT else None
        if value is not None and value.dtype.kind != "O" and (
                value.size > INLINE_CONSTANT_LIMIT or
                value.dtype.kind in "fc" and not np.isfinite(value).all()):
            # (inf and nan have no literal in the graph text; the tensor file keeps them)
            key = f"constant_{len(tensors)}"
            tensors[key] = value
            node = ir.Node(node.op, node.inputs, node.outputs, {"ref": key}, value)
        nodes.append(node)
    # (a lambda's graph is named '<lambda>': the text form takes identifiers)
    graph = ir.Graph(re.sub(r"\W", "_", graph.name), graph.inputs, nodes, graph.outputs)
    text = graph.as_text()
    try:  # refuse now what load could not read back
        parsed = ir.parse(text, tensors)
    except (ValueError, SyntaxError) as e:
        raise ValueError(f"saved_model.save: function {fn._name!r} has a graph that cannot be "
                         f"written as text ({e})") from None
    asset_constants = _mark_assets(parsed)
    if _TABLE_HANDLES.get() is not None:
        _TABLE_HANDLES.get().update(tables.handles_in(parsed))
    if asset_constants:  # (the parsed copy: the traced graph itself stays as it is)
        text = parsed.as_text()
    n_args = len(graph.inputs) - len(captures)
    if fn.input_signature is not None:
        specs, structure = _named_leaves(fn), _spec_structure(fn.input_signature)
    else:
        specs, structure = [TensorSpec(v.spec.shape, v.spec.dtype, f"arg_{i}")
                            for i, v in enumerate(graph.inputs[:n_args])], None
    record = {"graph": text,
              "inputs": [{"shape": s.shape.as_list(), "dtype": s.dtype.name, "name": s.name}
                         for s in specs],
              "num_args": n_args, "captures": captures,
              "outputs": _structure_record(concrete._structure)}
    if asset_constants:
        record["asset_constants"] = asset_constants
    if structure is not None and any(s != "spec" for s in structure["args"]):
        record["input_structure"] = structure  # nested arguments (lists, tuples, dicts)
    return record


def _named_leaves(fn) -> list:
    """The input_signature's specs, flat; a nested argument's unnamed leaves are named after
    the argument as TF names them: `x`, `x_1`, `x_2`..."""
    import inspect  # noqa: PLC0415

    try:
        params = [p.name for p in inspect.signature(fn.python_function).parameters.values()
                  if p.name != "self"]
    except (TypeError, ValueError):
        params = []
    out = []
    for i, arg in enumerate(fn.input_signature):
        if not isinstance(arg, (list, tuple, dict)):
            out.append(arg)
            continue
        base = params[i] if i < len(params) else f"arg_{i}"
        for k, leaf in enumerate(nest.flatten(arg)):
            name = leaf.name or (base if k == 0 else f"{base}_{k}")
            out.append(TensorSpec(leaf.shape, leaf.dtype, name))
    return out


def _spec_structure(signature) -> dict:
    def one(s):
        if isinstance(s, dict):
            return {"dict": {k: one(s[k]) for k in sorted(s)}}
        if isinstance(s, (list, tuple)):
            return {"tuple" if isinstance(s, tuple) else "list": [one(v) for v in s]}
        return "spec"
    return {"args": [one(s) for s in signature]}


def _rebuild_specs(record, leaves):
    if record == "spec":
        return next(leaves)
    if "dict" in record:
        return {k: _rebuild_specs(v, leaves) for k, v in record["dict"].items()}
    items = [_rebuild_specs(v, leaves) for v in record.get("list", record.get("tuple", []))]
    return tuple(items) if "tuple" in record else items


def _flatten_args(structure, args) -> list:
    """Positional arguments flattened as `structure` (a nest record per argument) says."""
    def one(record, value):
        if record == "spec":
            return [value]
        if "dict" in record:
            if not isinstance(value, dict) or sorted(value) != sorted(record["dict"]):
                raise TypeError(f"expected a dict with keys {sorted(record['dict'])}, got "
                                f"{value!r}")
            return [x for k in sorted(record["dict"]) for x in one(record["dict"][k], value[k])]
        items = record.get("list", record.get("tuple", []))
        if not isinstance(value, (list, tuple)) or len(value) != len(items):
            raise TypeError(f"expected a list or tuple of {len(items)} tensors, got {value!r}")
        return [x for r, v in zip(items, value) for x in one(r, v)]
    if len(args) != len(structure["args"]):
        raise TypeError(f"expected {len(structure['args'])} arguments, got {len(args)}")
    return [x for r, a in zip(structure["args"], args) for x in one(r, a)]


def _structure_record(structure):
    if isinstance(structure, dict):  # sorted keys: the order nest.flatten gives the outputs
        return {"dict": {k: _structure_record(structure[k]) for k in sorted(structure)}}
    if isinstance(structure, (list, tuple)):
        return {"list": [_structure_record(v) for v in structure]}
    if isinstance(structure, (Tensor, Variable)):
        return "tensor"
    if structure is None or isinstance(structure, (bool, int, float, str)):
        return {"python": structure}
    raise TypeError(f"saved_model: cannot save a function output of type "
                    f"{type(structure).__name__}")


# {source path: name under assets/} of the save in progress (read by _function_record)
_ASSET_NAMES: contextvars.ContextVar = contextvars.ContextVar("asset_names", default={})
# the handles of the mutable lookup tables the saved functions use (see tables.py)
_TABLE_HANDLES: contextvars.ContextVar = contextvars.ContextVar("table_handles", default=None)


def _asset_name(value) -> str | None:
    """The assets/ file name of a string constant holding a saved Asset's path."""
    names = _ASSET_NAMES.get()
    value = np.asarray(value)
    if not names or value.shape != () or value.dtype.kind != "O":
        return None
    item = value.item()
    return names.get(os.fsdecode(item)) if isinstance(item, (bytes, str)) else None


def _mark_assets(graph: ir.Graph) -> dict:
    """Sets the Asset path constants of `graph` and its branch/body graphs (changed in place)
    to the file names under assets/; returns {"graph/value": file name} for `load`."""
    marks = {}
    for g in [graph, *graph.subgraphs()]:
        for i, node in enumerate(g.nodes):
            name = _asset_name(node.value) if node.op == ir.CONSTANT else None
            if name is not None:
                marks[f"{g.name}/{node.outputs[0].name}"] = name
                g.nodes[i] = ir.Node(node.op, node.inputs, node.outputs, node.attrs,
                                     np.array(name.encode("utf-8"), object))
    return marks


def _write(export_dir, tensors: dict, meta: dict, assets: dict | None = None) -> None:
    export_dir = pathlib.Path(os.fsdecode(export_dir))
    export_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".{export_dir.name}.", dir=export_dir.parent))
    try:
        buf = io.BytesIO()
        np.savez(buf, **tensors)
        data = buf.getvalue()
        (tmp / TENSOR_FILE).write_bytes(data)
        meta = {"format": FORMAT, "version": VERSION,
                "tensors_sha256": hashlib.sha256(data).hexdigest(), **meta}
        (tmp / GRAPH_FILE).write_text(json.dumps(meta, indent=1))
        asset.copy_assets(assets or {}, tmp)
        if export_dir.exists():
            old = export_dir.with_name(f".{export_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(export_dir, old)
            os.replace(tmp, export_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, export_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- loading -----------------------------------------------------------------------------------
# Modules that register primitives but are not imported by `import fluxion` (they come with
# their namespace: tf.io, tf.distribute...). `ensure_ops` imports them when a graph names an op
# not registered yet, then, failing that, every lazily loaded namespace.
OP_MODULES = ("fluxion.core.print_op", "fluxion.io.parsing", "fluxion.io.decode_ops",
              "fluxion.io.sequence_parsing",
              "fluxion.distribute.collective_ops", "fluxion.data.graph_ops", "fluxion.py_func",
              "fluxion.feature_column._hash_ops",
              "fluxion.strings", "fluxion.image", "fluxion.signal", "fluxion.lookup",
              "fluxion.summary", "fluxion.keras.layers.preprocessing",
              "fluxion.ops.set_ops", "fluxion.ops.audio_ops", "fluxion.sparse_segment",
              "fluxion.math_special")
_NODE_OP = re.compile(r"^[^=]*=\s*(\w+)")


def ops_in(graph_text: str) -> set:
    """The op names of the nodes in a graph's text form (fluxion/graph/ir.py)."""
    return {m.group(1) for line in graph_text.splitlines() if (m := _NODE_OP.match(line))}


def ensure_ops(names) -> None:
    """Imports the modules that register `names` (as far as any does)."""
    missing = set(names) - set(REGISTRY) - {ir.CONSTANT}
    if not missing:
        return
    import fluxion  # noqa: PLC0415

    for module in OP_MODULES + tuple(fluxion._LAZY.values()):
        importlib.import_module(module)
        if not missing - set(REGISTRY):
            return


class _Loaded(Module):
    """What `load` returns: variables as attributes, functions as callables, `signatures`."""

    def __init__(self) -> None:
        super().__init__(name="loaded")


class _LoadedFunction:
    def __init__(self, record: dict, graph: ir.Graph, variables: list) -> None:
        self.flat_signature = [TensorSpec(s["shape"], s["dtype"], s["name"])
                               for s in record["inputs"]]
        self._structure = record.get("input_structure")
        self.input_signature = self.flat_signature if self._structure is None else [
            _rebuild_specs(r, iter(self.flat_signature)) for r in self._structure["args"]]
        self._captures = [variables[i] for i in record["captures"]]
        self._outputs = record["outputs"]
        self.graph = graph
        assigns = [(self._captures[n.attrs["capture"]], n.outputs[0].name)
                   for n in graph.nodes if n.op == "assign_variable"]
        self._assigned = [v for v, _ in assigns]
        self._run = executor.compile_graph(graph, [name for _, name in assigns])
        self.overloads: list = []

    def _accepts(self, args) -> bool:
        if self._structure is not None:
            try:
                args = _flatten_args(self._structure, args)
            except TypeError:
                return False
        if len(args) != len(self.flat_signature):
            return False
        for a, spec in zip(args, self.flat_signature):
            t = a if hasattr(a, "_value") else convert_to_tensor(a)
            if t.dtype != spec.dtype or not spec.shape.is_compatible_with(t.shape):
                return False
        return True

    def __call__(self, *args):
        for other in self.overloads:  # traces of other input shapes and dtypes
            if not self._accepts(args) and other._accepts(args):
                return other(*args)
        return self._call_flat(_flatten_args(self._structure, args)
                               if self._structure is not None else args)

    def _call_flat(self, args):
        if len(args) != len(self.flat_signature):
            raise TypeError(f"expected {len(self.flat_signature)} arguments, got {len(args)}")
        arrays = []
        for i, (a, spec) in enumerate(zip(args, self.flat_signature)):
            t = a if hasattr(a, "_value") else wrap(np.asarray(a, spec.dtype._np))
            if not spec.is_compatible_with(t):
                raise TypeError(f"argument {i} with shape {t.shape} and dtype {t.dtype.name} "
                                f"is incompatible with {spec}")
            arrays.append(np.asarray(t._value))
        results = self._run(*arrays, *[v._value for v in self._captures])
        n_out = len(self.graph.outputs)
        for variable, value in zip(self._assigned, results[n_out:]):
            variable._value = np.asarray(value)
        it = iter(results[:n_out])
        return _build(self._outputs, it)


def _build(record, tensors):
    if record == "tensor":
        return wrap(next(tensors))
    if "dict" in record:
        return {k: _build(record["dict"][k], tensors) for k in sorted(record["dict"])}
    if "list" in record:
        return [_build(v, tensors) for v in record["list"]]
    return record["python"]


class _Signature:
    """TF's signature calling convention: keyword inputs, a dict of named outputs."""

    def __init__(self, fn: _LoadedFunction) -> None:
        self._fn = fn
        self.structured_input_signature = ((), {s.name or f"arg_{i}": s for i, s in
                                                enumerate(fn.flat_signature)})

    def __call__(self, *args, **kwargs):
        names = [s.name or f"arg_{i}" for i, s in enumerate(self._fn.flat_signature)]
        if kwargs:
            missing = [n for n in names if n not in kwargs]
            if missing or args:
                raise TypeError(f"signature expects keyword arguments {names}")
            args = tuple(kwargs[n] for n in names)
        out = self._fn._call_flat(args)
        if isinstance(out, dict):
            return out
        flat = nest.flatten(out)
        return {f"output_{i}": t for i, t in enumerate(flat)}


def load(export_dir, tags=None, options=None):
    """Loads a folder written by `save`; refuses missing, corrupted or other-version exports."""
    root = pathlib.Path(os.fsdecode(export_dir))
    meta_path, tensor_path = root / GRAPH_FILE, root / TENSOR_FILE
    for path in (meta_path, tensor_path):
        if not path.is_file():
            raise SavedModelError(f"SavedModel file {path} does not exist")
    try:
        meta = json.loads(meta_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise SavedModelError(f"SavedModel file {meta_path} is corrupted: {e}") from None
    if meta.get("format") != FORMAT:
        raise SavedModelError(f"{meta_path} is not a Fluxion SavedModel")
    if meta.get("version") != VERSION:
        raise SavedModelError(f"{meta_path} has format version {meta.get('version')}; this "
                              f"Fluxion reads version {VERSION}")
    data = tensor_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != meta.get("tensors_sha256"):
        raise SavedModelError(f"SavedModel file {tensor_path} is truncated or corrupted "
                              f"(checksum mismatch)")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            tensors = {k: npz[k] for k in npz.files}
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise SavedModelError(f"SavedModel file {tensor_path} is corrupted: {e}") from None
    return _assemble(meta, tensors, meta_path, root)


def _assemble(meta: dict, tensors: dict, meta_path, root=None) -> _Loaded:
    loaded = _Loaded()
    asset_dir = os.path.join(os.fspath(root or meta_path.parent), "assets")
    for rec in meta.get("assets", []):
        if rec["path"]:
            setattr(loaded, rec["path"], Asset(os.path.join(asset_dir, rec["filename"])))
    variables = []
    for i, rec in enumerate(meta["variables"]):
        value = tensors[f"variable_{i}"]
        if value.dtype != dtypes.as_dtype(rec["dtype"])._np or list(value.shape) != rec["shape"]:
            raise SavedModelError(f"{meta_path}: variable {rec['name']} does not match its "
                                  f"stored tensor")
        v = Variable(value, trainable=rec["trainable"], name=rec["name"].split(":")[0])
        variables.append(v)
        path = rec["path"]
        if path and path.endswith("]"):  # name[i]: an item of a list attribute
            name, index = path[:-1].split("[")
            items = getattr(loaded, name, None) or []
            items += [None] * (int(index) + 1 - len(items))
            items[int(index)] = v
            setattr(loaded, name, items)
        elif path:
            setattr(loaded, path, v)
    loaded._all_variables = variables
    table_handles = loaded._tables = tables.restore(meta.get("mutable_tables", {}))
    functions = {}
    for attr, rec in meta["functions"].items():
        ensure_ops(ops_in(rec["graph"]))
        try:
            graph = ir.parse(rec["graph"], tensors)
        except ValueError as e:
            raise SavedModelError(f"{meta_path}: function {attr!r}: {e}") from None
        graph = _locate_assets(graph, rec.get("asset_constants", {}), asset_dir)
        tables.rebind(graph, table_handles)
        functions[attr] = _LoadedFunction(rec, graph, variables)
        functions[attr]._tables = table_handles  # (keeps the tables while it lives)
        if "overload_of" in rec:  # another trace of a function without input_signature
            functions[rec["overload_of"]].overloads.append(functions[attr])
        elif not attr.startswith("__signature_"):
            setattr(loaded, "_call_fn" if attr == "__call__" else attr, functions[attr])
    loaded.signatures = {key: _Signature(functions[attr])
                         for key, attr in meta["signatures"].items()}
    return loaded


def _locate_assets(graph: ir.Graph, constants: dict, asset_dir: str) -> ir.Graph:
    """`graph` (just parsed: changed in place) with its Asset path constants naming the files
    in `asset_dir`."""
    for g in [graph, *graph.subgraphs()] if constants else []:
        for i, node in enumerate(g.nodes):
            name = constants.get(f"{g.name}/{node.outputs[0].name}")
            if name is not None and node.op == ir.CONSTANT:
                path = os.fsencode(os.path.join(asset_dir, name))
                g.nodes[i] = ir.Node(node.op, node.inputs, node.outputs, node.attrs,
                                     np.array(path, object))
    return graph


def _loaded_call(self, *args):
    if not hasattr(self, "_call_fn"):
        raise TypeError("this loaded object saved no __call__ function")
    return self._call_fn(*args)


_Loaded.__call__ = _loaded_call


from fluxion.saved_model.constants import *  # noqa: E402,F401,F403 - tf.saved_model's constants
