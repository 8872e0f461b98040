"""Functional models as Keras 3 configs: every layer's config plus the calls that connect them
(`inbound_nodes`, with tensors written as `__keras_tensor__` references)."""
from __future__ import annotations

from fluxion.core import nest
from fluxion.keras.engine.keras_tensor import InputLayer, KerasTensor
from fluxion.keras.utils.serialization import serialize_keras_object


def _ref(t: KerasTensor) -> list:
    layer, node_index, tensor_index = t._keras_history
    return [layer.name, node_index, tensor_index]


def _serialize_arg(v):
    if isinstance(v, KerasTensor):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": list(v.shape), "dtype": v.dtype, "keras_history": _ref(v)}}
    from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

    return serialization_lib.serialize_keras_object(v)  # slices, tensors, ... as Keras


def functional_config(model) -> dict:
    graph = model._graph
    nodes_by_layer: dict = {}
    for node in graph.nodes:
        nodes_by_layer.setdefault(id(node.layer), []).append(node)
    layers = []
    for layer in graph.layers:
        entry = serialize_keras_object(layer)
        if getattr(layer, "_is_op_layer", False):  # Keras' operations name their class
            entry["registered_name"] = entry["class_name"]
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            {"args": nest.map_structure(_serialize_arg, list(node.args)),
             "kwargs": nest.map_structure(_serialize_arg, dict(node.kwargs))}
            for node in nodes_by_layer.get(id(layer), [])]
        layers.append(entry)
    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": nest.map_structure(_ref, graph.inputs),
            "output_layers": nest.map_structure(_ref, graph.outputs)}


_SPECIAL_VALUES = ("__slice__", "__ellipsis__", "__tensor__", "__numpy__", "__bytes__")


def functional_from_config(cls, config: dict, custom_objects=None):
    from fluxion.keras import layers as layers_mod  # noqa: PLC0415
    from fluxion.keras.engine.op_layer import op_layer_from_entry  # noqa: PLC0415
    from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

    created: dict = {}
    outputs_of: dict = {}  # (layer name, node index) -> outputs
    pending = []
    for entry in config["layers"]:
        layer = op_layer_from_entry(entry) or layers_mod.deserialize(
            {k: entry[k] for k in ("module", "class_name", "config", "registered_name")
             if k in entry}, custom_objects=custom_objects)
        created[entry["name"]] = layer
        if isinstance(layer, InputLayer):
            outputs_of[(entry["name"], 0)] = layer.output_tensor
        else:
            pending += [(entry["name"], node) for node in entry.get("inbound_nodes", [])]
    counts: dict = {}

    def is_ref(v) -> bool:
        return isinstance(v, dict) and v.get("class_name") == "__keras_tensor__"

    def refs_in(v) -> list:
        if is_ref(v):
            return [v]
        if isinstance(v, dict):
            return [r for x in v.values() for r in refs_in(x)]
        if isinstance(v, (list, tuple)):
            return [r for x in v for r in refs_in(x)]
        return []

    def resolve(v):
        if is_ref(v):
            name, node_index, tensor_index = v["config"]["keras_history"]
            return nest.flatten(outputs_of[(name, node_index)])[tensor_index]
        if isinstance(v, dict) and v.get("class_name") in _SPECIAL_VALUES:
            return serialization_lib.deserialize_keras_object(v, custom_objects)
        if isinstance(v, dict):
            return {k: resolve(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return type(v)(resolve(x) for x in v)
        return v

    # replay the calls in an order where every argument exists (configs list layers in order)
    while pending:
        progressed = False
        for item in list(pending):
            name, node = item
            refs = refs_in([node["args"], node["kwargs"]])
            if not all((r["config"]["keras_history"][0], r["config"]["keras_history"][1])
                       in outputs_of for r in refs):
                continue
            args = [resolve(a) for a in node["args"]]
            kwargs = {k: resolve(v) for k, v in node["kwargs"].items()}
            index = counts.get(name, 0)
            counts[name] = index + 1
            outputs_of[(name, index)] = created[name](*args, **kwargs)
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError("The functional config's layer calls cannot be ordered: some "
                             "inputs are never produced")

    def tensor(ref):
        name, node_index, tensor_index = ref
        return nest.flatten(outputs_of[(name, node_index)])[tensor_index]

    inputs = _map_refs(tensor, config["input_layers"])
    outputs = _map_refs(tensor, config["output_layers"])
    return cls(inputs=inputs, outputs=outputs, name=config.get("name"))


def _map_refs(fn, refs):
    """Applies `fn` to each [name, node, tensor] reference in a nested structure."""
    if isinstance(refs, dict):
        return {k: _map_refs(fn, v) for k, v in refs.items()}
    if isinstance(refs, list) and len(refs) == 3 and isinstance(refs[0], str):
        return fn(refs)
    if isinstance(refs, list):
        return [_map_refs(fn, r) for r in refs]
    raise ValueError(f"Bad layer reference in config: {refs}")
