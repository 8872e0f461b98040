"""`Bidirectional`: a recurrent layer run forwards and a copy run backwards, outputs merged."""
from __future__ import annotations

import inspect

import fluxion as tf
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask
from fluxion.keras.utils.serialization import serialize_keras_object

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _deserialize(config, custom_objects=None):
    from fluxion.keras import layers  # noqa: PLC0415 - the layers package imports this module

    return layers.deserialize(config, custom_objects=custom_objects)


def _copy(layer: Layer, name: str, go_backwards: bool | None = None) -> Layer:
    """A fresh (unbuilt) layer with `layer`'s config, renamed."""
    config = serialize_keras_object(layer)
    config["config"]["name"] = name
    if go_backwards is not None:
        config["config"]["go_backwards"] = go_backwards
    return _deserialize(config)


def _strip(name: str, prefix: str) -> str:
    return name.removeprefix(prefix)


def _merge(mode, y, y_rev):
    if mode == "concat":
        return tf.concat([y, y_rev], axis=-1)
    if mode == "sum":
        return y + y_rev
    if mode == "ave":
        return (y + y_rev) / 2
    if mode == "mul":
        return y * y_rev
    return (y, y_rev)


class Bidirectional(Layer):
    """Runs `layer` over the sequence and `backward_layer` (by default a copy of `layer` with
    `go_backwards=True`) over the reversed sequence; merges the outputs with `merge_mode`
    ("concat", "sum", "mul", "ave", or None for a list of both)."""

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(  # noqa: TRY004 - as Keras
                f"Please initialize `Bidirectional` layer with a "
                f"`keras.layers.Layer` instance. Received: {layer}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(f"`backward_layer` need to be a `keras.layers.Layer` instance. "
                             f"Received: {backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be "
                             f'one of {{"sum", "mul", "ave", "concat", None}}')
        super().__init__(**kwargs)
        self.forward_layer = _copy(layer, f"forward_{_strip(layer.name, 'forward_')}")
        if backward_layer is None:
            backward_layer = _copy(layer, f"backward_{_strip(layer.name, 'backward_')}",
                                   go_backwards=True)
        self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify_layer_config()
        for sub in (self.forward_layer, self.backward_layer):
            if getattr(sub, "zero_output_for_mask", None) is not None:
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        if weights:
            half = len(weights) // 2
            self.forward_layer._initial_weights = weights[:half]
            self.backward_layer._initial_weights = weights[half:]
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True

    def _verify_layer_config(self) -> None:
        fwd, bwd = self.forward_layer, self.backward_layer
        if fwd.go_backwards == bwd.go_backwards:
            raise ValueError(f"Forward layer and backward layer should have different "
                             f"`go_backwards` value. Received: forward_layer.go_backwards "
                             f"{fwd.go_backwards}, backward_layer.go_backwards="
                             f"{bwd.go_backwards}")
        for attr in ("stateful", "return_sequences", "return_state"):
            if getattr(fwd, attr) != getattr(bwd, attr):
                raise ValueError(f"Forward layer and backward layer are expected to have the "
                                 f'same value for attribute "{attr}", got '
                                 f'"{getattr(fwd, attr)}" for forward layer and '
                                 f'"{getattr(bwd, attr)}" for backward layer')

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        for sub in (self.forward_layer, self.backward_layer):
            if not sub.built:
                sub.build(sequences_shape)
                sub.built = True
        self.built = True

    @staticmethod
    def _accepts(layer: Layer, name: str) -> bool:
        return name in inspect.signature(layer.call).parameters

    def call(self, sequences, initial_state=None, mask=None, training=None):
        if mask is None:
            mask = get_keras_mask(sequences)
        kwargs = {}
        if self._accepts(self.forward_layer, "training"):
            kwargs["training"] = training
        if self._accepts(self.forward_layer, "mask"):
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        y = tf.cast(y, self.compute_dtype)
        y_rev = tf.cast(y_rev, self.compute_dtype)
        if self.return_sequences:
            y_rev = tf.reverse(y_rev, [1])
        output = _merge(self.merge_mode, y, y_rev)
        if mask is not None and self.return_sequences:
            for out in output if self.merge_mode is None else (output,):
                set_keras_mask(out, mask)
        if self.return_state:
            return (output + states) if self.merge_mode is None else (output,) + states
        return output

    @property
    def states(self):
        if self.forward_layer.states and self.backward_layer.states:
            return tuple(self.forward_layer.states + self.backward_layer.states)
        return None

    def reset_state(self) -> None:
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    reset_states = reset_state

    def get_config(self) -> dict:
        return {**super().get_config(), "merge_mode": self.merge_mode,
                "layer": serialize_keras_object(self.forward_layer),
                "backward_layer": serialize_keras_object(self.backward_layer)}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        config["layer"] = _deserialize(config["layer"], custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = _deserialize(backward, custom_objects)
        return super().from_config(config)
