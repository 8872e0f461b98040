"""`Wrapper` (a layer around a layer) and `TimeDistributed` (a layer applied at every timestep)."""
from __future__ import annotations

import inspect

import fluxion as tf
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.rnn import loop
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask
from fluxion.keras.utils.serialization import serialize_keras_object


class Wrapper(Layer):
    """Abstract base of layers that wrap another layer (`self.layer`)."""

    def __init__(self, layer, **kwargs) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(  # noqa: TRY004 - as Keras
                f"Layer {layer} supplied to Wrapper isn't a supported layer type. "
                f"Please ensure wrapped layer is a valid Keras layer.")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
        self.built = True

    def get_config(self) -> dict:
        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from fluxion.keras import layers  # noqa: PLC0415 - the layers package imports this

        config = dict(config)
        layer = layers.deserialize(config.pop("layer"), custom_objects=custom_objects)
        return super().from_config({**config, "layer": layer})


class TimeDistributed(Wrapper):
    """Applies `layer` to every temporal slice (axis 1) of its input.

    The timesteps are folded into the batch (one call of `layer` on [batch * time, ...]):
    the same results as Keras' call per timestep for layers that treat samples independently
    (Dense, Conv, Dropout...). A layer mixing samples (BatchNormalization in training) sees
    batch statistics over all timesteps at once.
    """

    def __init__(self, layer, **kwargs) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(  # noqa: TRY004 - as Keras
                f"Please initialize `TimeDistributed` layer with a "
                f"`keras.layers.Layer` instance. Received: {layer}")
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    @staticmethod
    def _child_input_shape(input_shape) -> tuple:
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(f"`TimeDistributed` Layer should be passed an `input_shape` with "
                             f"at least 3 dimensions, received: {input_shape}")
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape) -> None:
        super().build(self._child_input_shape(tuple(input_shape)))

    def _call_layer(self, x, training, mask):
        params = inspect.signature(self.layer.call).parameters
        kwargs = {}
        if "training" in params:
            kwargs["training"] = training
        if "mask" in params and mask is not None:
            kwargs["mask"] = mask
        return self.layer(x, **kwargs)

    def call(self, inputs, training=None, mask=None):
        if mask is None:
            mask = get_keras_mask(inputs)
        output = self._distributed(inputs, training, mask)
        if mask is not None:
            set_keras_mask(output, mask)
        return output

    def _distributed(self, inputs, training, mask):
        shape = loop.static_shape(inputs)
        self._child_input_shape(shape)
        if mask is not None and mask.shape.rank < 2:
            raise ValueError(f"The `mask` passed to the `TimeDistributed` layer must be at "
                             f"least 2D (e.g., `(batch_size, timesteps)`), but it has "
                             f"{mask.shape.rank} dimension(s) with shape {mask.shape}.")
        batch, time, rest = shape[0], shape[1], list(shape[2:])
        if None in rest or (batch is None and time is None):
            return self._per_timestep(inputs, training, mask)
        folded = tf.reshape(inputs, [-1, *rest])
        folded_mask = None if mask is None else tf.reshape(mask, [-1, *mask.shape[2:]])
        y = self._call_layer(folded, training, folded_mask)
        out_rest = list(loop.static_shape(y)[1:])
        if None in out_rest:
            raise ValueError(f"TimeDistributed: the wrapped layer {self.layer.name!r} gave an "
                             f"output of unknown shape {loop.static_shape(y)}")
        lead = [-1, time] if time is not None else [batch, -1]
        return tf.reshape(y, lead + out_rest)

    def _per_timestep(self, inputs, training, mask):
        """The layer called at each timestep (dims a reshape cannot fold are unknown): a
        Python loop over a static time dim, else a graph loop (for [batch, units] outputs).
        The layer sees no mask here."""
        def step(x_t, states):
            return self._call_layer(x_t, training, None), states

        size = None
        if loop.static_shape(inputs)[1] is None:  # the loop's output buffer needs the width
            probe = loop.static_shape(self._call_layer(inputs[:, 0], training, None))
            if len(probe) != 2:
                raise ValueError(f"TimeDistributed over unknown batch and time dims supports "
                                 f"layers with [batch, units] outputs; {self.layer.name!r} "
                                 f"gives {probe}. Give the Input a static time dim.")
            size = probe[-1]
        carry = [loop.zeros_rows(inputs[:, 0], 1)]
        _, outputs, _ = loop.rnn(step, inputs, carry, output_size=size)
        return outputs
