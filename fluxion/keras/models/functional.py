"""Functional models: a graph of layer calls recorded on KerasTensors, run in order."""
from __future__ import annotations

from fluxion.core import nest
from fluxion.keras.engine.keras_tensor import InputLayer, KerasTensor, Node


def _node_of(t: KerasTensor) -> Node:
    layer, index, _ = t._keras_history
    return layer._inbound_nodes[index]


def ordered_nodes(inputs: list, outputs: list) -> list[Node]:
    """The nodes between `inputs` and `outputs`, each after the nodes it reads."""
    input_ids = {id(t) for t in inputs}
    order: list[Node] = []
    done: set[int] = set()
    visiting: set[int] = set()

    def visit(t: KerasTensor):
        if t._keras_history is None:
            raise ValueError(f"{t} was not produced by a Keras layer: functional models are "
                             f"built from keras.Input and layer calls")
        node = _node_of(t)
        if id(node) in done or id(t) in input_ids:
            return
        if isinstance(node.layer, InputLayer):
            raise ValueError(f"Graph disconnected: cannot find the value of {t.name} (an "
                             f"Input) among the model's inputs {[x.name for x in inputs]}")
        if id(node) in visiting:
            raise ValueError("The functional graph has a cycle")
        visiting.add(id(node))
        for parent in node.input_tensors:
            visit(parent)
        visiting.discard(id(node))
        done.add(id(node))
        order.append(node)

    for t in outputs:
        visit(t)
    return order


class FunctionalGraph:
    """Inputs, outputs (nested structures of KerasTensors) and the nodes between them."""

    def __init__(self, inputs, outputs) -> None:
        self.inputs = inputs
        self.outputs = outputs
        self.flat_inputs = nest.flatten(inputs)
        self.flat_outputs = nest.flatten(outputs)
        for t in self.flat_inputs + self.flat_outputs:
            if not isinstance(t, KerasTensor):
                raise ValueError(f"Functional models take KerasTensors (from keras.Input and "
                                 f"layer calls) as inputs and outputs; got {t!r}")
        self.nodes = ordered_nodes(self.flat_inputs, self.flat_outputs)
        self.layers = []
        for t in self.flat_inputs:
            layer = t._keras_history[0]
            if layer not in self.layers:
                self.layers.append(layer)
        for node in self.nodes:
            if node.layer not in self.layers:
                self.layers.append(node.layer)

    def run(self, inputs, training=None):
        """Evaluates the graph on real tensors with the structure of `self.inputs` (or a list
        in input order, or a dict keyed by input name)."""
        flat = [_adjust_rank(x, kt) for kt, x in zip(self.flat_inputs,
                                                     self._flatten_inputs(inputs))]
        values = {id(kt): x for kt, x in zip(self.flat_inputs, flat)}
        for node in self.nodes:
            args, kwargs = nest.map_structure(
                lambda v: values[id(v)] if isinstance(v, KerasTensor) else v,
                (node.args, node.kwargs))
            if training is not None and node.layer._call_has_training and \
                    kwargs.get("training") is None:
                kwargs = dict(kwargs, training=training)
            out = node.layer(*args, **kwargs)
            for kt, value in zip(node.output_tensors, nest.flatten(out)):
                values[id(kt)] = value
        outputs = [values[id(t)] for t in self.flat_outputs]
        _masks_as_built(self.flat_outputs, outputs, flat)
        return nest.pack_sequence_as(self.outputs, outputs)

    def _flatten_inputs(self, inputs) -> list:
        if isinstance(inputs, dict) and not isinstance(self.inputs, dict):
            names = [t.name for t in self.flat_inputs]
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(f"Missing data for inputs {missing}; the model's inputs are "
                                 f"{names}")
            return [inputs[n] for n in names]
        flat = nest.flatten(inputs)
        if len(flat) != len(self.flat_inputs):
            raise ValueError(f"The model expects {len(self.flat_inputs)} input(s), but it "
                             f"received {len(flat)} input tensors.")
        return flat


def _adjust_rank(x, ref: KerasTensor):
    """Keras' input rank adjustment: data one rank short of an input whose last dim is 1
    gains that dim ([batch] for [batch, 1]), and data with an extra trailing 1 loses it."""
    import fluxion as tf  # noqa: PLC0415

    shape = getattr(x, "shape", None)
    if shape is None or ref.shape is None or not hasattr(x, "_value"):
        return x
    if x.dtype.name != ref.dtype and ref.dtype not in ("string", "bool") and \
            x.dtype.name not in ("string", "bool"):
        x = tf.cast(x, ref.dtype)  # data take their Input's dtype, as Keras' Functional
    rank, ref_rank = len(shape), len(ref.shape)
    if rank == ref_rank - 1 and ref.shape[-1] == 1:
        return tf.expand_dims(x, -1)
    if rank == ref_rank + 1 and shape[-1] == 1:
        return tf.squeeze(x, -1)
    return x


def _masks_as_built(symbolic: list, outputs: list, inputs: list) -> None:
    """The model's outputs carry a mask only where its symbolic outputs did (as Keras: a
    layer that does not support masking ends the mask, even when a sublayer inside it set
    one on the tensor it returns)."""
    from fluxion.keras.losses_base import get_keras_mask, set_keras_mask  # noqa: PLC0415

    for kt, value in zip(symbolic, outputs):
        if kt._mask_spec is None and get_keras_mask(value) is not None and \
                not any(value is x for x in inputs):
            set_keras_mask(value, None)
