"""``keras.export``: `ExportArchive` and `Model.export(filepath)`: SavedModels for inference.

An archive is a `tf.Module` whose attributes are the endpoints (`tf.function`s with an input
signature); `write_out` saves it with `tf.saved_model.save`, every endpoint also a signature,
the first one also as ``serving_default``. `Model.export` makes the one endpoint ``serve``:
the model's forward pass (training=False) on inputs of its input shapes with the batch dim
left free, named after the model's inputs.
"""
from __future__ import annotations

import os

from fluxion.core import nest

__all__ = ["ExportArchive"]

DEFAULT_ENDPOINT_NAME = "serve"
_FORMATS = ("tf_saved_model", "onnx", "openvino", "litert", "torch")


def _module():
    from fluxion.core.module import Module  # noqa: PLC0415

    class _Trackable(Module):
        """The object saved: endpoints as attributes, tracked variables in lists."""

    return _Trackable(name="export_archive")


def _tensor_spec(x, dynamic_batch: bool = False):
    """A tf.TensorSpec from a TensorSpec, KerasTensor, InputSpec, tensor or array."""
    import numpy as np  # noqa: PLC0415

    import fluxion as tf  # noqa: PLC0415

    if isinstance(x, tf.TensorSpec):
        shape, dtype, name = x.shape.as_list() if x.shape.rank is not None else None, \
            x.dtype, x.name
    else:
        shape = getattr(x, "shape", None)
        shape = None if shape is None else [None if d is None else int(d) for d in shape]
        dtype = getattr(x, "dtype", None) or "float32"
        if isinstance(x, np.ndarray):
            dtype = tf.as_dtype(x.dtype)
        name = getattr(x, "name", None) if not hasattr(x, "_value") else None
        if not isinstance(name, str):
            name = None
    if dynamic_batch and shape:
        shape = [None] + list(shape[1:])
    return tf.TensorSpec(shape, tf.as_dtype(dtype), name=name)


class ExportArchive:
    """Collects serving endpoints (and the variables they use) and writes a SavedModel."""

    def __init__(self) -> None:
        self._trackable = _module()
        self._trackable._tracked = []
        self._trackable._collections = {}
        self._endpoint_names: list = []

    @property
    def variables(self) -> tuple:
        return self._trackable.variables

    def track(self, resource) -> None:
        """Tracks a layer or model (its variables are saved)."""
        if not hasattr(resource, "variables"):
            raise ValueError(f"Invalid resource type. Expected a Keras `Layer` or `Model`. "
                             f"Received: resource={resource} (of type {type(resource)})")
        if getattr(resource, "built", True) is False:
            raise ValueError("The layer provided has not yet been built. It must be built "
                             "before export.")
        self._trackable._tracked.append(list(resource.variables))

    def add_endpoint(self, name: str, fn, input_signature=None, **kwargs):
        """Registers `fn` as endpoint `name`. Without `input_signature`, `fn` must be a
        tf.function that has been called (or has a signature)."""
        import fluxion as tf  # noqa: PLC0415
        from fluxion.core import nest  # noqa: PLC0415
        from fluxion.graph.function import Function  # noqa: PLC0415

        if name in self._endpoint_names:
            raise ValueError(f"Endpoint name '{name}' is already taken.")
        if input_signature is None:
            if not isinstance(fn, Function):
                raise ValueError(
                    "If the `fn` argument provided is not a `tf.function`, you must provide an "
                    "`input_signature` argument to specify the shape and dtype of the function "
                    "arguments.")
            if fn.input_signature is None:
                raise ValueError(f"The provided tf.function '{fn}' has no input signature: "
                                 f"pass an `input_signature` argument in `add_endpoint()`.")
            decorated = fn
        else:
            specs = [nest.map_structure(_tensor_spec, s) if isinstance(s, (list, tuple, dict))
                     else _tensor_spec(s) for s in input_signature]
            if not getattr(fn, "__name__", "").isidentifier():  # a lambda, a partial...
                fn = _named(fn, name)
            decorated = tf.function(fn, input_signature=specs)
        setattr(self._trackable, name, decorated)
        self._endpoint_names.append(name)
        return decorated

    def track_and_add_endpoint(self, name: str, resource, input_signature, **kwargs):
        """`track(resource)` and its `__call__` as endpoint `name`."""
        self.track(resource)

        several = len(getattr(resource, "inputs", None) or ()) > 1 and \
            len(input_signature) > 1  # specs given one per input: pass them as one list

        def call(*args):
            args = (list(args),) if several else args
            return resource(*args, training=False) if _takes_training(resource) \
                else resource(*args)
        call.__name__ = name
        return self.add_endpoint(name, call, input_signature, **kwargs)

    def add_variable_collection(self, name: str, variables) -> None:
        """Saves `variables` under attribute `name` of the reloaded object."""
        if not isinstance(variables, (list, tuple, set)):
            raise ValueError(f"Expected `variables` to be a list/tuple/set. Received instead "
                             f"object of type '{type(variables)}'.")
        setattr(self._trackable, name, list(variables))

    def write_out(self, filepath, options=None, verbose: bool = True) -> None:
        """Writes the SavedModel: each endpoint a function and a signature, the first also
        ``serving_default``."""
        from fluxion import saved_model  # noqa: PLC0415

        if not self._endpoint_names:
            raise ValueError("No endpoints have been set yet. Call add_endpoint().")
        endpoints = {n: getattr(self._trackable, n) for n in self._endpoint_names}
        signatures = dict(endpoints)
        signatures.setdefault("serving_default", endpoints[self._endpoint_names[0]])
        saved_model.save(self._trackable, filepath, signatures=signatures, options=options)
        if verbose:
            text = "\n\n".join(_describe(n, f) for n, f in endpoints.items())
            print(f"Saved artifact at '{os.fsdecode(filepath)}'. The following endpoints are "
                  f"available:\n\n{text}")


def _named(fn, name: str):
    """`fn` under a name a graph can carry."""
    def endpoint(*args):
        return fn(*args)
    endpoint.__name__ = name if name.isidentifier() else "endpoint"
    return endpoint


def _takes_training(layer) -> bool:
    import inspect  # noqa: PLC0415

    try:
        return "training" in inspect.signature(layer.call).parameters
    except (TypeError, ValueError, AttributeError):
        return False


def _describe(name: str, fn) -> str:
    """An endpoint as Keras prints it: arguments, output types, captured variables."""
    import fluxion as tf  # noqa: PLC0415
    from fluxion.core import nest  # noqa: PLC0415

    concrete = fn.get_concrete_function()
    specs = concrete.graph.specs()
    outs = [specs[n] for n in concrete.graph.outputs]
    out_specs = [tf.TensorSpec(s.shape, s.dtype) for s in outs]
    structure = nest.pack_sequence_as(concrete._structure, out_specs) \
        if len(nest.flatten(concrete._structure)) == len(out_specs) else out_specs
    lines = [f"* Endpoint '{name}'"]
    lines += [f"  args_{i} (POSITIONAL_ONLY): {_type_text(s)}"
              for i, s in enumerate(fn.input_signature)]
    lines += ["Output Type:", f"  {_type_text(structure)}", "Captures:"]
    lines += [f"  {id(v)}: TensorSpec(shape=(), dtype=tf.resource, name=None)"
              for v in concrete.captured_variables]
    return "\n".join(lines)


def _type_text(structure) -> str:
    """A nest of specs as TF prints function types: List[...], Tuple[...], Dict[[k, v]...]."""
    if isinstance(structure, dict):
        return "Dict[" + ", ".join(f"[{k!r}, {_type_text(v)}]"
                                   for k, v in structure.items()) + "]"
    if isinstance(structure, list):
        return "List[" + ", ".join(_type_text(v) for v in structure) + "]"
    if isinstance(structure, tuple):
        return "Tuple[" + ", ".join(_type_text(v) for v in structure) + "]"
    return repr(structure)


def _input_signature(model) -> list:
    if not getattr(model, "built", False):
        raise ValueError("The model provided has not yet been built. It must be built before "
                         "export.")
    inputs = getattr(model, "inputs", None)
    if not inputs:
        shapes = getattr(model, "_build_shapes_dict", {}).get("input_shape")
        if shapes is None:
            raise ValueError("The model's input shapes are unknown: pass `input_signature`.")
        shapes = shapes if isinstance(shapes, list) else [shapes]
        import fluxion as tf  # noqa: PLC0415

        return [tf.TensorSpec([None] + list(s)[1:], tf.float32) for s in shapes]
    graph = getattr(model, "_graph", None)
    structure = graph.inputs if graph is not None else inputs
    if isinstance(structure, (list, tuple, dict)) and len(inputs) > 1:
        # several inputs: one argument holding them, structured as the model takes them
        spec = nest.map_structure(lambda t: _tensor_spec(t, dynamic_batch=True), structure)
        return [list(spec) if isinstance(spec, tuple) else spec]
    return [_tensor_spec(t, dynamic_batch=True) for t in inputs]


def export_saved_model(model, filepath, verbose=None, input_signature=None, **kwargs) -> None:
    """`Model.export(filepath, format="tf_saved_model")`: endpoint ``serve``."""
    archive = ExportArchive()
    if input_signature is None:
        input_signature = _input_signature(model)
    archive.track_and_add_endpoint(DEFAULT_ENDPOINT_NAME, model, input_signature, **kwargs)
    archive.write_out(filepath, verbose=True if verbose is None else verbose)


def export_model(model, filepath, format="tf_saved_model", verbose=None,  # noqa: A002
                 input_signature=None, **kwargs) -> None:
    """`Model.export`: only the TF SavedModel format exists here."""
    if format not in _FORMATS:
        raise ValueError(f"Unrecognized format={format}. Supported formats are: "
                         f"{list(_FORMATS)}.")
    if format != "tf_saved_model":
        raise NotImplementedError(f"Model.export(format={format!r}) is not supported by "
                                  f"Fluxion; use format='tf_saved_model'")
    export_saved_model(model, filepath, verbose, input_signature=input_signature, **kwargs)
