"""``keras.saving.save_model`` / ``load_model`` / ``save_weights`` / ``load_weights`` and
``keras.models.model_from_json`` / ``clone_model``: Keras 3's public entry points, their
argument checks and messages."""
from __future__ import annotations

import json

from fluxion.core import nest
from fluxion.keras.saving import saving_lib
from fluxion.keras.saving.serialization_lib import (
    compile_from_config,
    deserialize_keras_object,
    get_compile_config,
    serialize_keras_object,
)


def save_model(model, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
    """Saves `model` as a `.keras` file (Keras' zip: config, weights, optimizer state).

    With `overwrite=False` an existing file is refused (FileExistsError) rather than asked
    about interactively."""
    kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", False)
    path = str(filepath)
    if save_format and not path.endswith((".h5", ".hdf5", ".keras")):
        raise ValueError(f"The `save_format` argument is deprecated in Keras 3. Please remove "
                         f"this argument and pass a file path with either `.keras` or `.h5` "
                         f"extension.Received: save_format={save_format}")
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs.keys())}")
    if zipped is False:
        raise NotImplementedError("Fluxion saves models as zipped `.keras` files only "
                                  "(zipped=False is not supported).")
    if path.endswith(".keras"):
        return saving_lib.save_model(model, filepath, overwrite=overwrite)
    if path.endswith((".h5", ".hdf5")):
        raise ValueError(f"Fluxion does not write the legacy HDF5 model format (`.h5`). Use the "
                         f"native Keras format, e.g. `model.save('my_model.keras')`. Received: "
                         f"filepath={filepath}.")
    raise ValueError(f"Invalid filepath extension for saving. Please add either a `.keras` "
                     f"extension for the native Keras format (recommended) or a `.h5` "
                     f"extension. Use `model.export(filepath)` if you want to export a "
                     f"SavedModel for use with TFLite/TFServing/etc. Received: "
                     f"filepath={filepath}.")


def load_model(filepath, custom_objects=None, compile: bool = True,  # noqa: A002
               safe_mode: bool = True):
    """Loads a model saved with `model.save("x.keras")` (by Fluxion or by Keras 3).

    `safe_mode=False` allows Python lambdas stored in the file (their code would run)."""
    path = str(filepath)
    if path.endswith(".keras"):
        return saving_lib.load_model(filepath, custom_objects=custom_objects,
                                     compile=compile, safe_mode=safe_mode)
    if path.endswith((".h5", ".hdf5")):
        raise ValueError(f"Fluxion does not read the legacy HDF5 model format (`.h5`): "
                         f"filepath={filepath}. Re-save the model as a `.keras` file.")
    raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only supports "
                     f"V3 `.keras` files and legacy H5 format files (`.h5` extension). Note "
                     f"that the legacy SavedModel format is not supported by `load_model()` in "
                     f"Keras 3. In order to reload a TensorFlow SavedModel as an inference-only "
                     f"layer in Keras 3, use `keras.layers.TFSMLayer({filepath}, "
                     f"call_endpoint='serving_default')` (note that your `call_endpoint` might "
                     f"have a different name).")


def save_weights(model, filepath, overwrite: bool = True, max_shard_size=None, **kwargs):
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    return saving_lib.save_weights(model, filepath, overwrite=overwrite,
                                   max_shard_size=max_shard_size)


def load_weights(model, filepath, skip_mismatch: bool = False, **kwargs):
    return saving_lib.load_weights(model, filepath, skip_mismatch=skip_mismatch, **kwargs)


def model_to_json(model, **kwargs) -> str:
    """`model.to_json()`: the model's Keras config (`serialize_keras_object`) as JSON."""
    return json.dumps(serialize_keras_object(model), **kwargs)


def model_from_json(json_string: str, custom_objects=None):
    """The model a `to_json()` string describes (new, untrained weights)."""
    return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)


# --- cloning -------------------------------------------------------------------------------------
def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive: bool = False, **kwargs):
    """A copy of a Sequential or functional `model` with new layers (new weights, from each
    layer's config unless `clone_function(layer)` says otherwise); compiled like `model`."""
    from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

    if kwargs.pop("cache", None) is not None or kwargs:
        raise ValueError(f"Unexpected keyword argument(s): {tuple(kwargs.keys())}")
    if clone_function is not None and not callable(clone_function):
        raise ValueError(f"Expected `clone_function` argument to be a callable. "  # noqa: TRY004
                         f"Received: clone_function={clone_function}")
    if call_function is not None:
        raise NotImplementedError("clone_model: `call_function` is not supported yet")
    cache: dict = {}

    def clone(layer):
        if id(layer) not in cache:
            if recursive and _is_graph_model(layer):
                cache[id(layer)] = clone_model(layer, clone_function=clone_function,
                                               recursive=True)
            else:
                cache[id(layer)] = (clone_function or _clone_layer)(layer)
        return cache[id(layer)]

    if isinstance(model, Sequential):
        cloned = _clone_sequential(model, clone, input_tensors)
    elif _is_graph_model(model):
        cloned = _clone_functional(model, clone, input_tensors)
    else:
        if clone_function is not None or input_tensors is not None:
            raise ValueError(f"Arguments `clone_function` and `input_tensors` are only "
                             f"supported for Sequential models or Functional models. Received "
                             f"model of type '{type(model).__name__}', with "
                             f"clone_function={clone_function} and "
                             f"input_tensors={input_tensors}")
        config = serialize_keras_object(model)
        return deserialize_keras_object(config,
                                        custom_objects={type(model).__name__: type(model)})
    if getattr(model, "compiled", False):
        compile_from_config(cloned, get_compile_config(model))
    return cloned


def _is_graph_model(layer) -> bool:
    from fluxion.keras.models.model import Model  # noqa: PLC0415

    return isinstance(layer, Model) and getattr(layer, "_graph", None) is not None


def _clone_layer(layer):
    return type(layer).from_config(layer.get_config())


def _clone_sequential(model, clone, input_tensors):
    from fluxion.keras.engine.keras_tensor import Input, KerasTensor  # noqa: PLC0415
    from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

    layers = [clone(layer) for layer in model.layers]
    reference = model._input_layer
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError("Argument `input_tensors` must contain a single tensor.")
            input_tensors = input_tensors[0]
        if not isinstance(input_tensors, KerasTensor):
            raise ValueError(f"Argument `input_tensors` must be a KerasTensor. Received "
                             f"invalid value: input_tensors={input_tensors}")
        layers = [input_tensors] + layers
    elif reference is not None:
        layers = [Input(batch_shape=reference.batch_shape, dtype=reference.dtype,
                        name=reference.name)] + layers
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, clone, input_tensors):
    from fluxion.keras.engine.keras_tensor import Input, InputLayer, KerasTensor  # noqa
    from fluxion.keras.models.model import Model  # noqa: PLC0415

    graph = model._graph
    if input_tensors is None:
        input_tensors = nest.map_structure(
            lambda t: Input(batch_shape=t.shape, dtype=t.dtype, name=t.name), graph.inputs)
    elif not all(isinstance(t, KerasTensor) for t in nest.flatten(input_tensors)):
        raise ValueError(f"All entries in `input_tensors` must be KerasTensors. Received "
                         f"invalid values: inputs_tensors={input_tensors}")
    new_inputs = nest.flatten(input_tensors)
    if len(new_inputs) != len(graph.flat_inputs):
        raise ValueError(f"`input_tensors` must have the same structure as model.input\n"
                         f"Reference structure: {graph.inputs}\nReceived structure: "
                         f"{input_tensors}")
    values = {id(old): new for old, new in zip(graph.flat_inputs, new_inputs)}
    for node in graph.nodes:
        if isinstance(node.layer, InputLayer):
            continue
        args, kwargs = nest.map_structure(
            lambda v: values[id(v)] if isinstance(v, KerasTensor) else v,
            (node.args, node.kwargs))
        outputs = clone(node.layer)(*args, **kwargs)
        for old, new in zip(node.output_tensors, nest.flatten(outputs)):
            values[id(old)] = new
    outputs = nest.map_structure(lambda t: values[id(t)], graph.outputs)
    return Model(input_tensors, outputs, name=model.name)
