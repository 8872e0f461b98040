"""`Dense`: `activation(inputs @ kernel + bias)` over the last axis."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations, constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import serialize_keras_object


class Dense(Layer):
    def __init__(self, units: int, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or units <= 0:
            raise ValueError(f"Received an invalid value for `units`, expected a positive "
                             f"integer. Received: units={units}")
        self.units = units
        self.supports_masking = True  # as Keras: the mask of a sequence passes through
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape) -> None:
        last = input_shape[-1]
        if last is None:
            raise ValueError(f"Layer {self.name}: the last dimension of the inputs to `Dense` "
                             f"should be defined. Found None. Full input shape: {input_shape}")
        self.kernel = self.add_weight(name="kernel", shape=(last, self.units),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.units,),
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_floating:  # Keras' matmul promotes ints (one-hot, multi-hot)
            inputs = tf.cast(inputs, self.kernel.dtype)
        if inputs.shape.rank == 2:
            x = tf.matmul(inputs, self.kernel)
        else:  # contract the last axis of any-rank inputs
            x = tf.tensordot(inputs, self.kernel, axes=[[inputs.shape.rank - 1], [0]])
        if self.bias is not None:
            x = x + self.bias
        return self.activation(x) if self.activation is not None else x

    def get_config(self) -> dict:
        return {**super().get_config(), "units": self.units,
                "activation": serialize_keras_object(self.activation) if not hasattr(
                    self.activation, "__name__") else self.activation.__name__,
                "use_bias": self.use_bias,
                "kernel_initializer": serialize_keras_object(self.kernel_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
                "bias_regularizer": serialize_keras_object(self.bias_regularizer),
                "kernel_constraint": serialize_keras_object(self.kernel_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint),
                "quantization_config": None}
