"""Keras 3's `Operation` (a function of tensors, callable on KerasTensors), `Function` (a graph
of KerasTensors run as a function) and the `Quantizer` base class.

An Operation called on KerasTensors is recorded as the node of a small layer standing for it
(`_OperationLayer`), so functional models and Functions run it like any other operation."""
from __future__ import annotations

import inspect

from fluxion.core import nest
from fluxion.keras.engine.keras_tensor import KerasTensor, Node, output_spec
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils import naming


def _has_keras_tensor(args, kwargs) -> bool:
    return any(isinstance(x, KerasTensor) for x in nest.flatten((args, kwargs)))


class Operation:
    """Base class of operations: subclasses define `call` (on tensors) and may define
    `compute_output_spec` (on KerasTensors); calling the operation picks one by its inputs."""

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        try:  # Keras' automatic config: the constructor arguments, when they are plain values
            bound = inspect.signature(cls.__init__).bind(instance, *args, **kwargs)
            bound.apply_defaults()
            config = {k: v for k, v in list(bound.arguments.items())[1:]
                      if inspect.signature(cls.__init__).parameters[k].kind
                      not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)}
        except TypeError:
            config = None
        instance._auto_config = config
        return instance

    def __init__(self, name: str | None = None) -> None:
        if name is not None and (not isinstance(name, str) or "/" in name):
            raise ValueError("Argument `name` must be a string and cannot contain character "
                             f"`/`. Received: name={name} (of type {type(name)})")
        self.name = name or naming.uniquify(naming.to_snake_case(type(self).__name__))
        self._layer = None  # the layer that stands for this operation in functional graphs

    def __call__(self, *args, **kwargs):
        if _has_keras_tensor(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Exception encountered when calling "
                                  f"{type(self).__name__}.call(): `call` is not implemented")

    def compute_output_spec(self, *args, **kwargs):
        """The outputs for these KerasTensor inputs, as KerasTensors (by tracing `call`)."""
        return output_spec(self._standing_layer(), args, kwargs)

    def symbolic_call(self, *args, **kwargs):
        """Records this call on KerasTensors and returns its symbolic outputs."""
        layer = self._standing_layer()
        if type(self).compute_output_spec is Operation.compute_output_spec:
            return layer(*args, **kwargs)
        specs = self.compute_output_spec(*args, **kwargs)
        outputs = nest.map_structure(lambda s: KerasTensor(s.shape, s.dtype, sparse=s.sparse),
                                     specs)
        node_index = len(layer._inbound_nodes)
        for i, t in enumerate(nest.flatten(outputs)):
            t._keras_history = (layer, node_index, i)
        layer._inbound_nodes.append(Node(layer, args, kwargs, outputs))
        return outputs

    def _standing_layer(self) -> Layer:
        if self._layer is None:  # named as the operation's class, as summaries show it
            cls = type(type(self).__name__, (_OperationLayer,), {"__module__": __name__})
            self._layer = cls(self)
        return self._layer

    @property
    def input(self):
        return self._node_tensors("args")

    @property
    def output(self):
        return self._node_tensors("outputs")

    def _node_tensors(self, what: str):
        nodes = self._layer._inbound_nodes if self._layer is not None else []
        if not nodes:
            raise AttributeError(f"Operation {self.name!r} has never been called and thus has "
                                 f"no defined {'input' if what == 'args' else 'output'}.")
        value = getattr(nodes[0], what)
        return value[0] if what == "args" and len(value) == 1 else value

    def get_config(self) -> dict:
        if self._auto_config is None:
            raise NotImplementedError(f"Operation {type(self).__name__} does not implement "
                                      "get_config()")
        return {**self._auto_config, "name": self.name}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<Operation name={self.name}>"


class _OperationLayer(Layer):
    """A layer that runs an Operation, so graphs of layers can hold it (shown as operations
    are: not in `model.layers`)."""

    _is_op_layer = True

    def __init__(self, operation: Operation) -> None:
        super().__init__(name=operation.name)
        self.operation = operation
        self.built = True

    def _convert_input(self, x):
        return x  # operations take their arguments as given (no autocast)

    def call(self, *args, **kwargs):
        return self.operation.call(*args, **kwargs)

    def get_config(self) -> dict:
        return self.operation.get_config()


class Function:
    """`keras.Function(inputs, outputs)`: the operations between KerasTensors `inputs` and
    `outputs`, run on real tensors (or KerasTensors, giving their specs)."""

    def __init__(self, inputs, outputs, name: str | None = None) -> None:
        from fluxion.keras.models.functional import FunctionalGraph  # noqa: PLC0415

        self.name = name or "function"
        self._graph = FunctionalGraph(inputs, outputs)

    @property
    def inputs(self) -> list:
        return list(self._graph.flat_inputs)

    @property
    def outputs(self) -> list:
        return list(self._graph.flat_outputs)

    @property
    def operations(self) -> list:
        return list(self._graph.layers)

    def __call__(self, inputs):
        if _has_keras_tensor(inputs, {}):
            return self.compute_output_spec(inputs)
        return self._graph.run(inputs)

    def compute_output_spec(self, inputs):
        """The outputs' specs (KerasTensors) for KerasTensor inputs of these shapes."""
        graph = self._graph
        values = dict(zip(map(id, graph.flat_inputs), graph._flatten_inputs(inputs)))
        for node in graph.nodes:
            args, kwargs = nest.map_structure(
                lambda v: values[id(v)] if isinstance(v, KerasTensor) else v,
                (node.args, node.kwargs))
            out = output_spec(node.layer, args, kwargs)
            for kt, value in zip(node.output_tensors, nest.flatten(out)):
                values[id(kt)] = value
        return nest.pack_sequence_as(graph.outputs, [values[id(t)] for t in graph.flat_outputs])


class Quantizer:
    """Base class of quantizers (`output_dtype` the quantized values' dtype)."""

    def __init__(self, output_dtype: str = "int8") -> None:
        self.output_dtype = output_dtype

    def __call__(self, x):
        return x  # (Keras' base class gives its input back)

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def get_config(self) -> dict:
        raise NotImplementedError(f"{self} does not implement get_config()")
