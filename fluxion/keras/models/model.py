"""`keras.Model`: a Layer that trains. Functional (`Model(inputs, outputs)`) or subclassed
(override `call`); `Sequential` is in sequential.py. Training lives in engine/trainer.py."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.core import nest
from fluxion.keras.engine.keras_tensor import KerasTensor
from fluxion.keras.engine.trainer import Trainer
from fluxion.keras.layers.layer import Layer
from fluxion.keras.models.functional import FunctionalGraph


class Model(Trainer, Layer):
    _keras_module = "keras"

    def __init__(self, *args, **kwargs) -> None:
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        self._graph = None
        if inputs is not None or outputs is not None:
            if inputs is None or outputs is None:
                raise ValueError("A functional Model needs both `inputs` and `outputs`")
            kwargs.setdefault("name", None)
            self._graph = FunctionalGraph(inputs, outputs)
        Layer.__init__(self, **{k: v for k, v in kwargs.items()
                                if k in ("name", "trainable", "dtype")})
        if self._graph is not None and kwargs.get("name") is None:
            self.name = _functional_name()
        Trainer.__init__(self)
        if self._graph is not None:
            from fluxion.keras.saving.saveables import keras_layer_order  # noqa: PLC0415

            self._functional_layers = list(self._graph.layers)
            self._functional_layers = keras_layer_order(self)  # Keras' order (depth, walk)
            self.built = True

    # --- functional --------------------------------------------------------------------------
    @property
    def layers(self) -> list:
        if self._graph is not None:  # operations (x + 1, ops.relu(x)) are not layers
            return [layer for layer in self._functional_layers
                    if not getattr(layer, "_is_op_layer", False)]
        return self._sublayers()

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        if index is not None:
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: "
                         f"{[layer.name for layer in self.layers]}.")

    @property
    def inputs(self):
        return None if self._graph is None else self._graph.flat_inputs

    @property
    def outputs(self):
        return None if self._graph is None else self._graph.flat_outputs

    def _called_sequential(self) -> bool:
        """A Sequential called in another functional model gives that first call's input and
        output, as Keras 3's (a functional model keeps its own)."""
        from fluxion.keras.models.sequential import Sequential  # noqa: PLC0415

        return isinstance(self, Sequential) and bool(self._inbound_nodes)

    @property
    def input(self):
        """The symbolic input(s) the model was built on (one tensor, or a list), as Keras gives
        them: `keras.Model(base.input, base.get_layer(name).output)` extracts features."""
        if self._graph is None or self._called_sequential():
            return Layer.input.fget(self)
        inputs = self._graph.flat_inputs
        return inputs[0] if len(inputs) == 1 else list(inputs)

    @property
    def output(self):
        if self._graph is None or self._called_sequential():
            return Layer.output.fget(self)
        outputs = self._graph.flat_outputs
        return outputs[0] if len(outputs) == 1 else list(outputs)

    @property
    def input_shape(self):
        """The symbolic input shape(s) of a functional model, as Keras reports them."""
        if self._graph is None:
            raise AttributeError(f"Model {self.name!r} has no defined input shape")
        shapes = [t.shape for t in self._graph.flat_inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        if self._graph is None:
            raise AttributeError(f"Model {self.name!r} has no defined output shape")
        shapes = [t.shape for t in self._graph.flat_outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def input_names(self) -> list:
        return [t.name for t in self.inputs or []]

    @property
    def output_names(self) -> list:
        return [t._keras_history[0].name for t in self.outputs or []]

    def call(self, inputs, training=None, mask=None):
        if self._graph is None:
            raise NotImplementedError(f"Model {self.name}: a subclassed model must implement "
                                      f"call()")
        return self._graph.run(inputs, training=training)

    def _convert_input(self, x):
        """A functional model's inputs become tensors; each is then cast to its Input's
        dtype by the graph (a float64 Input keeps float64 data)."""
        if self._graph is None:
            return Layer._convert_input(self, x)

        def convert(v):
            if isinstance(v, (np.ndarray, np.generic, list, float, int)) and \
                    not isinstance(v, bool):
                v = tf.convert_to_tensor(np.asarray(v))
            return v
        return nest.map_structure(convert, x)

    def __call__(self, *args, **kwargs):
        if self._graph is not None and args and not any(
                isinstance(x, KerasTensor) for x in nest.flatten((args, kwargs))):
            args = (nest.map_structure(self._convert_input, args[0]),) + tuple(args[1:])
        return Layer.__call__(self, *args, **kwargs)

    def build(self, input_shape) -> None:
        if self._graph is None and not self.built and input_shape is not None:
            # subclassed: run call once on symbolic inputs so every sublayer builds
            from fluxion.keras.engine.keras_tensor import Input  # noqa: PLC0415

            shapes = input_shape if isinstance(input_shape, list) else [input_shape]
            if all(isinstance(s, (tuple, list)) and all(d is None or isinstance(d, int)
                                                        for d in s) for s in shapes):
                from fluxion.keras.engine.keras_tensor import output_spec  # noqa: PLC0415

                symbolic = [Input(batch_shape=tuple(s)) for s in shapes]
                self.built = True
                output_spec(self, (symbolic if isinstance(input_shape, list)
                                   else symbolic[0],), {})
        self.built = True

    # --- summary / config ----------------------------------------------------------------------
    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None) -> None:
        from fluxion.keras.models.summary import print_summary  # noqa: PLC0415

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    def get_config(self) -> dict:
        if self._graph is None:
            return {"name": self.name, "trainable": self.trainable}
        from fluxion.keras.models.config import functional_config  # noqa: PLC0415

        return functional_config(self)

    # --- saving (fluxion/keras/saving) ------------------------------------------------------
    def save(self, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
        from fluxion.keras.saving import saving_api  # noqa: PLC0415

        saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=None,  # noqa: A002
               input_signature=None, **kwargs) -> None:
        """A SavedModel for inference: endpoint `serve` (also `serving_default`)."""
        from fluxion.keras.export import export_model  # noqa: PLC0415

        export_model(self, filepath, format, verbose, input_signature, **kwargs)

    def save_weights(self, filepath, overwrite: bool = True, max_shard_size=None) -> None:
        from fluxion.keras.saving import saving_api  # noqa: PLC0415

        saving_api.save_weights(self, filepath, overwrite=overwrite,
                                max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch: bool = False, **kwargs) -> None:
        from fluxion.keras.saving import saving_api  # noqa: PLC0415

        saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs) -> str:
        from fluxion.keras.saving import saving_api  # noqa: PLC0415

        return saving_api.model_to_json(self, **kwargs)

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        if "layers" in config and "input_layers" in config:
            from fluxion.keras.models.config import functional_from_config  # noqa: PLC0415

            return functional_from_config(cls, config, custom_objects)
        return cls(**config)


def _functional_name() -> str:
    from fluxion.keras.utils import naming  # noqa: PLC0415

    return naming.uniquify("functional")
