"""`keras.Sequential`: layers applied one after another.

With a known input shape (an `Input`/`InputLayer` first, or `input_shape=` on the first layer)
the model builds at once by calling its layers on a symbolic input, so shapes, `summary()` and
`count_params()` are available before any data; otherwise it builds on first call.
"""
from __future__ import annotations

from fluxion.keras.engine.keras_tensor import InputLayer, KerasTensor
from fluxion.keras.layers.layer import Layer
from fluxion.keras.models.model import Model


class Sequential(Model):
    def __init__(self, layers=None, trainable: bool = True, name: str | None = None,
                 **kwargs) -> None:
        Model.__init__(self, name=name, trainable=trainable, **kwargs)
        self._seq_layers: list[Layer] = []
        self._input_layer: InputLayer | None = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_symbolic()

    def add(self, layer, rebuild: bool = True) -> None:
        if isinstance(layer, KerasTensor):  # Sequential([Input(...), ...])
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise ValueError(f"Only instances of `keras.Layer` can be added to a Sequential "
                             f"model. Received: {layer} (of type {type(layer)})")
        if isinstance(layer, InputLayer):
            if self._seq_layers or self._input_layer is not None:
                raise ValueError("Sequential model: an InputLayer may only come first")
            self._input_layer = layer
        else:
            if any(existing.name == layer.name for existing in self._seq_layers):
                raise ValueError(f"All layers added to a Sequential model should have unique "
                                 f"names. Name '{layer.name}' is already the name of a layer "
                                 f"in this model. Update the `name` argument to pass a unique "
                                 f"name.")
            self._seq_layers.append(layer)
        if rebuild:
            self._maybe_build_symbolic()

    def pop(self) -> Layer:
        if not self._seq_layers:
            raise TypeError("There are no layers in the model.")
        layer = self._seq_layers.pop()
        self.built = False
        self._maybe_build_symbolic()
        return layer

    @property
    def layers(self) -> list:
        return list(self._seq_layers)

    def _input_shape(self):
        if self._input_layer is not None:
            return self._input_layer.batch_shape
        if self._seq_layers and self._seq_layers[0]._batch_input_shape is not None:
            return self._seq_layers[0]._batch_input_shape
        first = self._seq_layers[0] if self._seq_layers else None
        if getattr(first, "_graph", None) is not None and len(first._graph.flat_inputs) == 1:
            return tuple(first._graph.flat_inputs[0].shape)  # a built model: its input
        return None

    def _maybe_build_symbolic(self) -> None:
        shape = self._input_shape()
        if shape is not None and self._seq_layers:
            self.build(shape)

    def build(self, input_shape=None) -> None:
        if input_shape is None:
            input_shape = self._input_shape()
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        from fluxion.keras.engine.keras_tensor import Input  # noqa: PLC0415
        from fluxion.keras.models.functional import FunctionalGraph  # noqa: PLC0415

        if self._input_layer is None:  # the dtype of the data it is first called on
            x = Input(batch_shape=tuple(input_shape), dtype=getattr(self, "_input_dtype", None))
            self._input_layer = x._keras_history[0]
        inputs = x = self._input_layer.output_tensor
        for layer in self._seq_layers:
            x = layer(x)
        self._graph = FunctionalGraph(inputs, x)
        self._functional_layers = [self._input_layer] + list(self._seq_layers)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self._seq_layers:
            if training is not None and layer._call_has_training:
                x = layer(x, training=training)
            else:
                x = layer(x)
        return x

    def _maybe_build(self, args, kwargs) -> None:
        if not self.built:
            first = args[0]
            if not first.dtype.is_floating:  # strings for a TextVectorization, ints for ids
                self._input_dtype = first.dtype.name
            self.build((None, *tuple(first.shape.as_list()[1:])))

    @property
    def input_shape(self):
        shape = self._input_shape()
        return None if shape is None else tuple(shape)

    @property
    def output_shape(self):
        return None if self._graph is None else self._graph.flat_outputs[0].shape

    def get_config(self) -> dict:
        from fluxion.keras.utils.serialization import serialize_keras_object  # noqa: PLC0415

        layers = []
        if self._input_layer is not None:
            layers.append(serialize_keras_object(self._input_layer))
        layers += [serialize_keras_object(layer) for layer in self._seq_layers]
        return {"name": self.name, "trainable": self.trainable,
                "dtype": Layer.get_config(self)["dtype"],
                "layers": layers, "build_input_shape": None if self._input_shape() is None
                else list(self._input_shape())}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from fluxion.keras import layers as layers_mod  # noqa: PLC0415

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config.get("layers", []):
            model.add(layers_mod.deserialize(layer_config, custom_objects=custom_objects),
                      rebuild=False)
        if config.get("build_input_shape") is not None and model._input_layer is None:
            model.build(tuple(config["build_input_shape"]))
        else:
            model._maybe_build_symbolic()
        return model
