"""`Embedding`: integer ids -> rows of a trainable (input_dim, output_dim) table."""
from __future__ import annotations

import warnings

import fluxion as tf
from fluxion.keras import constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import set_keras_mask
from fluxion.keras.utils.serialization import serialize_keras_object


def _positive_int(value, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value} "
                         f"(of type {type(value).__name__}).")


class Embedding(Layer):
    """Looks up `embeddings[ids]`; with `mask_zero`, id 0 is padding and the output carries
    the mask `ids != 0`."""

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None,
                 mask_zero: bool = False, weights=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs) -> None:
        _positive_int(input_dim, "input_dim")
        _positive_int(output_dim, "output_dim")
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.",
                          stacklevel=2)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint, trainable=True)
        self.built = True

    def call(self, inputs):
        if inputs.dtype not in (tf.int32, tf.int64):
            inputs = tf.cast(inputs, tf.int32)
        outputs = tf.gather(self.embeddings, inputs)
        if outputs.dtype.name != self._dtype:
            outputs = tf.cast(outputs, self._dtype)
        if self.mask_zero:
            set_keras_mask(outputs, tf.not_equal(inputs, 0))
        return outputs

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return tf.not_equal(inputs, 0)

    def get_config(self) -> dict:
        return {**super().get_config(), "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": serialize_keras_object(self.embeddings_initializer),
                "embeddings_regularizer": serialize_keras_object(self.embeddings_regularizer),
                "activity_regularizer": serialize_keras_object(self.activity_regularizer),
                "embeddings_constraint": serialize_keras_object(self.embeddings_constraint),
                "mask_zero": self.mask_zero, "quantization_config": None}
