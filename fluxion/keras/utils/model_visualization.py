"""``keras.utils.model_to_dot`` / ``plot_model``: a model's layers as a Graphviz graph.

As in Keras, this needs the optional `pydot` package and the Graphviz programs (`dot`); without
them it raises Keras' ImportError. A node per layer (name and class, and with the options its
shapes, dtype, activation and trainable flag), an edge per connection of the functional graph,
or a chain for a Sequential model.
"""
from __future__ import annotations

import os

__all__ = ["model_to_dot", "plot_model"]


def _pydot():
    try:
        import pydot  # noqa: PLC0415 - optional
    except ImportError:
        return None
    return pydot


def check_graphviz() -> bool:
    """Whether pydot is installed and can run Graphviz."""
    pydot = _pydot()
    if pydot is None:
        return False
    try:
        pydot.Dot.create(pydot.Dot())  # runs `dot`
    except Exception:  # noqa: BLE001 - any failure means no usable Graphviz
        return False
    return True


def _shape(tensors) -> str:
    shapes = [tuple(t.shape) for t in tensors]
    return str(shapes[0]) if len(shapes) == 1 else str(shapes)


def _label(layer, show_shapes, show_dtype, show_layer_names, show_layer_activations,
           show_trainable) -> str:
    cls = type(layer).__name__
    title = f"{layer.name} ({cls})" if show_layer_names else cls
    rows = [title]
    nodes = getattr(layer, "_inbound_nodes", [])
    if show_shapes and nodes:
        ins = [t for t in nodes[-1].input_tensors] or nodes[-1].output_tensors
        rows.append(f"Input shape: {_shape(ins)}")
        rows.append(f"Output shape: {_shape(nodes[-1].output_tensors)}")
    if show_dtype:
        rows.append(f"Output dtype: {getattr(layer, 'compute_dtype', None) or layer.dtype}")
    activation = getattr(layer, "activation", None)
    if show_layer_activations and activation is not None:
        rows.append(f"Activation: {getattr(activation, '__name__', activation)}")
    if show_trainable:
        rows.append(f"Trainable: {'Y' if layer.trainable else 'N'}")
    return "\n".join(rows)


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                 rankdir="TB", expand_nested=False, dpi=200, subgraph=False,
                 show_layer_activations=False, show_trainable=False, splines="ortho",
                 **kwargs):
    """A pydot.Dot of `model`'s layers and connections."""
    if not check_graphviz():
        raise ImportError("You must install pydot (`pip install pydot`) for model_to_dot to "
                          "work.")
    if not getattr(model, "built", True):
        raise ValueError("This model has not yet been built. Build the model first by "
                         "calling `build()` or by calling the model on a batch of data.")
    pydot = _pydot()
    dot = pydot.Dot(graph_type="digraph", rankdir=rankdir, splines=splines, dpi=dpi)
    dot.set_node_defaults(shape="record")
    layers = list(model.layers)
    ids = {id(layer): str(id(layer)) for layer in layers}
    for layer in layers:
        dot.add_node(pydot.Node(ids[id(layer)], label=_label(
            layer, show_shapes, show_dtype, show_layer_names, show_layer_activations,
            show_trainable)))
    graph = getattr(model, "_graph", None)
    if graph is None:  # Sequential / subclassed: the layers in order
        for a, b in zip(layers, layers[1:]):
            dot.add_edge(pydot.Edge(ids[id(a)], ids[id(b)]))
        return dot
    for layer in layers:
        for node in getattr(layer, "_inbound_nodes", []):
            if node not in graph.nodes:
                continue
            for t in node.input_tensors:
                source = t._keras_history[0] if t._keras_history is not None else None
                if source is not None and id(source) in ids:
                    dot.add_edge(pydot.Edge(ids[id(source)], ids[id(layer)]))
    return dot


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=False, rankdir="TB", expand_nested=False, dpi=200,
               show_layer_activations=False, show_trainable=False, splines="ortho",
               **kwargs):
    """Writes the model's graph to `to_file` (format from its extension, default png)."""
    if not check_graphviz():
        message = ("You must install pydot (`pip install pydot`) for `plot_model` to work."
                   if _pydot() is None else
                   "You must install graphviz (see instructions at "
                   "https://graphviz.gitlab.io/download/) for `plot_model` to work.")
        raise ImportError(message)
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations,
                       show_trainable=show_trainable, splines=splines)
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:] or "png"
    dot.write(to_file, format=extension)
    return None
