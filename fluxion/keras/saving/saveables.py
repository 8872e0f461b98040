"""Where each variable of a model lives in a Keras 3 weights file, and moving values there and
back.

Keras walks the model as a tree: every layer and optimizer ("saveable") writes its own
variables to the group `<path>/vars` (datasets "0", "1", ... in its variable order, the
group's attribute `name` set to the object's name); then its children follow: for
Sequential and functional models first `layers/<snake_case class name>[_n]` (in Keras'
layer order), then every other attribute holding a saveable or a list/tuple/dict of them,
in sorted attribute order with private ones last. A saveable reached twice is written once.
"""
from __future__ import annotations

import os
import re
import warnings

import numpy as np

from fluxion.keras.utils import naming

_MODEL_INTERNALS = frozenset({"_graph", "_functional_layers", "_seq_layers", "_input_layer",
                              "_inbound_nodes", "_compile_loss", "_compile_metrics",
                              "_loss_tracker", "_functions", "history"})
_skipset_cache: list = []


# --- the tree --------------------------------------------------------------------------------
def is_saveable(obj) -> bool:
    from fluxion.keras.layers.layer import Layer  # noqa: PLC0415
    from fluxion.keras.optimizers.base import Optimizer  # noqa: PLC0415

    return isinstance(obj, (Layer, Optimizer)) or hasattr(obj, "save_own_variables")


def _skipset() -> frozenset:
    """Attributes every Layer has (Keras skips those of a bare Layer when walking)."""
    if not _skipset_cache:
        from fluxion.keras.layers.layer import Layer  # noqa: PLC0415

        _skipset_cache.append(frozenset(vars(Layer(name="saving_probe"))) | _MODEL_INTERNALS)
    return _skipset_cache[0]


def _name_key(name: str) -> str:
    return f"~{name}" if name.startswith("_") else name


def _container_name(obj) -> str:
    return naming.to_snake_case(re.sub(r"\W+", "", type(obj).__name__))


def children(obj):
    """(attribute name, value) pairs Keras visits under `obj`, in its order."""
    from fluxion.keras.layers.layer import Layer  # noqa: PLC0415

    if not isinstance(obj, Layer):
        return  # an optimizer's variables are all its own
    if getattr(obj, "_graph", None) is not None and hasattr(obj, "layers"):
        yield "layers", keras_layer_order(obj)
    skip = _skipset()
    for name in sorted(vars(obj), key=_name_key):
        if name not in skip and not name.startswith("__"):
            yield name, vars(obj)[name]


def keras_layer_order(model) -> list:
    """`model.layers` in Keras' order: functional models list layers by decreasing depth
    (distance to the outputs), ties in the order a depth-first walk from the outputs first
    meets them; Sequential models in the order added."""
    from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

    if isinstance(model, Sequential):
        return list(model.layers)
    graph = model._graph
    nodes, first_seen = _nodes_from_outputs(graph)
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    layers = {}
    in_graph = {id(node) for node in nodes}
    for node in reversed(nodes):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = node_depth[id(node)] = depth
        layers[id(node.layer)] = node.layer
        for parent in node.parents:
            if id(parent) in in_graph:
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for t in graph.flat_inputs:  # inputs that no output uses
        layer = t._keras_history[0]
        if id(layer) not in layer_depth:
            layer_depth[id(layer)], first_seen[id(layer)], layers[id(layer)] = 0, -1, layer
    return sorted(layers.values(), key=lambda layer: (-layer_depth[id(layer)],
                                                      first_seen[id(layer)]))


def _nodes_from_outputs(graph) -> tuple[list, dict]:
    """The graph's nodes from inputs to outputs (depth-first from the outputs, as Keras),
    and each layer's position in that walk."""
    from fluxion.keras.engine.keras_tensor import InputLayer  # noqa: PLC0415

    inputs = graph.flat_inputs
    finished: set[int] = set()
    nodes: list = []
    first_seen: dict[int, int] = {}

    def visit(tensor) -> None:
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        is_input = isinstance(layer, InputLayer)
        if id(node) in finished:
            return
        if not is_input and any(tensor is t for t in inputs):
            finished.add(id(node))
            return
        first_seen.setdefault(id(layer), len(first_seen))
        if not is_input:
            for parent in node.input_tensors:
                visit(parent)
        finished.add(id(node))
        nodes.append(node)

    for tensor in graph.flat_outputs:
        visit(tensor)
    return nodes, first_seen


def own_variables(obj) -> list:
    """A layer's own variables, trainable ones first (Keras' order)."""
    own = obj._own_weights()
    return [v for v in own if v.trainable] + [v for v in own if not v.trainable]


# --- saving ----------------------------------------------------------------------------------
def save_state(obj, store, path: str = "", visited: set | None = None,
               assets: str | None = None) -> None:
    """Writes `obj` and everything below it into `store` (a WeightsWriter); objects with
    `save_assets` write files into `<assets>/<path>` (Keras' assets folders)."""
    visited = set() if visited is None else visited
    if id(obj) in visited:
        return
    entry = store.make(path, getattr(obj, "name", None))
    if hasattr(obj, "save_own_variables"):
        obj.save_own_variables(entry)
    else:
        for i, variable in enumerate(own_variables(obj)):
            entry[str(i)] = variable
    if assets is not None and hasattr(obj, "save_assets"):
        folder = os.path.join(assets, *path.split("/")) if path else assets
        os.makedirs(folder, exist_ok=True)
        obj.save_assets(folder)
    visited.add(id(obj))
    for name, child in children(obj):
        _save_child(child, store, _join(path, name), visited, set(), assets)


def _save_child(child, store, path: str, visited: set, containers: set,
                assets: str | None = None) -> None:
    if is_saveable(child):
        save_state(child, store, path, visited, assets)
    elif isinstance(child, (list, tuple, dict)) and id(child) not in containers:
        containers.add(id(child))
        used: dict[str, int] = {}
        for item in child.values() if isinstance(child, dict) else child:
            if is_saveable(item):
                save_state(item, store, _join(path, _unique(_container_name(item), used)),
                           visited, assets)
            elif isinstance(item, (list, tuple, dict)):
                _save_child(item, store, _join(path, _unique("container", used)), visited,
                            containers, assets)


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def _unique(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


# --- loading ---------------------------------------------------------------------------------
def load_state(obj, store, path: str = "", visited: set | None = None,
               failures: dict | None = None, assets: str | None = None) -> dict:
    """Reads `obj` and everything below it from `store` (a WeightsReader). Returns the
    failures {id: (object, error)}: each object's variables are checked before any is set."""
    visited = set() if visited is None else visited
    failures = {} if failures is None else failures
    if id(obj) in visited:
        return failures
    entry = store.get(path)
    try:
        if hasattr(obj, "load_own_variables"):
            obj.load_own_variables(entry)
        else:
            load_own_variables(obj, entry)
    except (ValueError, KeyError, TypeError) as e:
        failures[id(obj)] = (obj, e)
    if assets is not None and hasattr(obj, "load_assets"):
        folder = os.path.join(assets, *path.split("/")) if path else assets
        if os.path.isdir(folder):
            obj.load_assets(folder)
    visited.add(id(obj))
    for name, child in children(obj):
        _load_child(child, store, _join(path, name), visited, failures, set(), assets)
    return failures


def _load_child(child, store, path: str, visited: set, failures: dict, containers: set,
                assets: str | None = None) -> None:
    if is_saveable(child):
        load_state(child, store, path, visited, failures, assets)
    elif isinstance(child, (list, tuple, dict)) and id(child) not in containers:
        containers.add(id(child))
        used: dict[str, int] = {}
        for item in child.values() if isinstance(child, dict) else child:
            if is_saveable(item):
                load_state(item, store, _join(path, _unique(_container_name(item), used)),
                           visited, failures, assets)
            elif isinstance(item, (list, tuple, dict)):
                _load_child(item, store, _join(path, _unique("container", used)), visited,
                            failures, containers, assets)


def load_own_variables(layer, store) -> None:
    """Keras' `Layer.load_own_variables`: as many saved values as variables, each of the
    variable's shape; nothing is assigned unless all match."""
    variables = own_variables(layer)
    if len(store.keys()) != len(variables):
        if not variables and not layer.built:
            raise ValueError(
                f"Layer '{layer.name}' was never built and thus it doesn't have any "
                f"variables. However the weights file lists {len(store.keys())} variables "
                f"for this layer.")
        raise ValueError(f"Layer '{layer.name}' expected {len(variables)} variables, but "
                         f"received {len(store.keys())} variables during loading. Expected: "
                         f"{[v.name for v in variables]}")
    values = [store[str(i)] for i in range(len(variables))]
    for variable, value in zip(variables, values):
        expected = tuple(variable.shape.as_list())
        if tuple(value.shape) != expected:
            raise ValueError(
                f"The shape of the target variable and the shape of the target value in "
                f"`variable.assign(value)` must match. variable.shape={expected}, Received: "
                f"value.shape={tuple(value.shape)}. Target variable: {variable!r}")
    for variable, value in zip(variables, values):
        variable.assign(np.asarray(value).astype(variable.dtype.as_numpy_dtype, copy=False))


def raise_failures(failures: dict, filepath, warn_only: bool = False) -> None:
    """Keras' summary of the objects whose variables could not be loaded."""
    if not failures:
        return
    obj, error = next(iter(failures.values()))
    message = (f"A total of {len(failures)} objects could not be loaded from {filepath}. "
               f"Example error message for object {obj}:\n\n{error}\n\nList of objects that "
               f"could not be loaded:\n{[o for o, _ in failures.values()]}")
    if warn_only:
        warnings.warn(message, stacklevel=3)
    else:
        raise ValueError(message)
