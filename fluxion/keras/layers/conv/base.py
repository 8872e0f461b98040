"""Shared machinery of the convolution layers: argument checks, the bias + activation tail, and
the plain (`Conv1D/2D/3D`) and transposed (`Conv1DTranspose/2D/3D`) bases.

Every layer calls the `conv` / `conv_backprop_input` primitives directly with attributes fixed at
construction (strides, padding, dilations, layout), so a call costs one primitive per
convolution with no per-call argument parsing; the primitives' vjps make the layers
differentiable and traceable.
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations, constraints, initializers, regularizers
from fluxion.keras.layers.argument_validation import (
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
    tf_layout,
)
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import serialize_keras_object
from fluxion.ops.conv_ops import conv_, conv_backprop_input_


def check_positive(value, name: str) -> None:
    if value is not None and value <= 0:
        raise ValueError(f"Invalid value for argument `{name}`. Expected a strictly positive "
                         f"value. Received {name}={value}.")


def check_window(kernel_size: tuple, strides: tuple) -> None:
    if not all(kernel_size):
        raise ValueError(f"The argument `kernel_size` cannot contain 0. Received "
                         f"kernel_size={kernel_size}.")
    if not all(strides):
        raise ValueError(f"The argument `strides` cannot contains 0. Received "
                         f"strides={strides}")


def input_channels(layer: Layer, input_shape) -> int:
    """The channel count of `input_shape` (checked to be known and of rank >= rank + 2)."""
    if len(input_shape) < layer.rank + 2:
        raise ValueError(f"Input 0 of layer \"{layer.name}\" is incompatible with the layer: "
                         f"expected min_ndim={layer.rank + 2}, found ndim={len(input_shape)}. "
                         f"Full shape received: {tuple(input_shape)}")
    channels = input_shape[-1] if layer.data_format == "channels_last" else input_shape[1]
    if channels is None:
        raise ValueError(f"Layer {layer.name}: the channel dimension of the inputs should be "
                         f"defined. Found None. Full input shape: {tuple(input_shape)}")
    return int(channels)


class ConvTail(Layer):
    """The common state of conv layers: geometry, activation, bias and their config."""

    rank = 0

    def _init_geometry(self, kernel_size, strides, padding, data_format, dilation_rate,
                       allow_causal: bool = False) -> None:
        n = self.rank
        self.kernel_size = standardize_tuple(kernel_size, n, "kernel_size")
        self.strides = standardize_tuple(strides, n, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, n, "dilation_rate")
        self.padding = standardize_padding(padding, allow_causal=allow_causal)
        self.data_format = standardize_data_format(data_format)
        self._layout = tf_layout(self.data_format, n)
        self._channels_first = self.data_format == "channels_first"

    def _init_tail(self, activation, use_bias: bool, bias_initializer, bias_regularizer,
                   bias_constraint) -> None:
        self.activation = activations.get(activation)
        self._linear = self.activation is activations.linear
        self.use_bias = use_bias
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.bias = None

    def _conv_padding(self):
        """The primitive's padding: "SAME"/"VALID", or explicit pairs for causal."""
        if self.padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            return ((left, 0),)
        return self.padding.upper()

    def _add_bias(self, units: int) -> None:
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(units,),
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, trainable=True)

    def _finish(self, outputs):
        if self.bias is not None:
            if self._channels_first:
                outputs = tf.nn.bias_add(outputs, self.bias, data_format="NC")
            else:
                outputs = outputs + self.bias
        return outputs if self._linear else self.activation(outputs)

    def _tail_config(self) -> dict:
        return {"activation": activations.serialize(self.activation), "use_bias": self.use_bias}

    def _reg_config(self) -> dict:
        return {"bias_regularizer": serialize_keras_object(self.bias_regularizer),
                "activity_regularizer": serialize_keras_object(self.activity_regularizer)}


class BaseConv(ConvTail):
    """N-D convolution: `activation(conv(inputs, kernel) + bias)`; kernel
    (*kernel_size, in_channels // groups, filters)."""

    def __init__(self, rank: int, filters: int, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups: int = 1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, lora_alpha=None, **kwargs) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = filters
        self.groups = groups
        self._init_geometry(kernel_size, strides, padding, data_format, dilation_rate,
                            allow_causal=rank == 1)
        self._init_tail(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        check_positive(filters, "filters")
        if groups <= 0:
            raise ValueError(f"The number of groups must be a positive integer. Received: "
                             f"groups={groups}.")
        if filters is not None and filters % groups:
            raise ValueError(f"The number of filters must be evenly divisible by the number "
                             f"of groups. Received: groups={groups}, filters={filters}.")
        check_window(self.kernel_size, self.strides)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with "
                             f"`dilation_rate > 1`. Received: strides={self.strides} and "
                             f"dilation_rate={self.dilation_rate}")
        self._attrs = {"strides": self.strides, "padding": self._conv_padding(),
                       "dilations": self.dilation_rate, "data_format": self._layout}

    def build(self, input_shape) -> None:
        channels = input_channels(self, input_shape)
        if channels % self.groups:
            raise ValueError(f"The number of input channels must be evenly divisible by the "
                             f"number of groups. Received groups={self.groups}, but the input "
                             f"has {channels} channels (full input shape is "
                             f"{tuple(input_shape)}).")
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, trainable=True)
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        return self._finish(conv_(inputs, self.kernel, **self._attrs))

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                **self._tail_config(),
                "kernel_initializer": serialize_keras_object(self.kernel_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
                **self._reg_config(),
                "kernel_constraint": serialize_keras_object(self.kernel_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint)}


def transpose_size(size: int, kernel: int, stride: int, padding: str, output_padding,
                   dilation: int) -> int:
    """Keras' output length of a transposed convolution along one axis."""
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(stride - kernel, 0) if output_padding is None else output_padding
        return (size - 1) * stride + kernel + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + kernel % 2 + output_padding


class BaseConvTranspose(ConvTail):
    """N-D transposed convolution (the gradient of a convolution for its input): kernel
    (*kernel_size, filters, in_channels); output sizes follow Keras' `output_padding` rule."""

    def __init__(self, rank: int, filters: int, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = filters
        self._init_geometry(kernel_size, strides, padding, data_format, dilation_rate)
        self.output_padding = None if output_padding is None else standardize_tuple(
            output_padding, rank, "output_padding", allow_zero=True)
        self._init_tail(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        check_positive(filters, "filters")
        check_window(self.kernel_size, self.strides)
        if self.output_padding is not None:
            for op, s in zip(self.output_padding, self.strides):
                if op >= s:
                    raise ValueError(f"Strides must be greater than output padding. Received "
                                     f"strides={self.strides}, "
                                     f"output_padding={self.output_padding}.")
        self._attrs = {"strides": self.strides, "padding": self.padding.upper(),
                       "dilations": self.dilation_rate, "data_format": self._layout}

    def build(self, input_shape) -> None:
        channels = input_channels(self, input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, trainable=True)
        self._add_bias(self.filters)
        self.built = True

    def _output_shape(self, input_shape: tuple) -> tuple:
        first = self._channels_first
        spatial = input_shape[2:] if first else input_shape[1:-1]
        pads = self.output_padding or (None,) * self.rank
        sizes = tuple(transpose_size(m, k, s, self.padding, p, d) for m, k, s, p, d in zip(
            spatial, self.kernel_size, self.strides, pads, self.dilation_rate))
        batch = tuple(input_shape[:1])
        return batch + ((self.filters,) + sizes if first else sizes + (self.filters,))

    def call(self, inputs):
        shape = self._output_shape(tuple(inputs.shape))
        return self._finish(conv_backprop_input_(self.kernel, inputs, input_shape=shape,
                                                 **self._attrs))

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "output_padding": self.output_padding,
                "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                **self._tail_config(),
                "kernel_initializer": serialize_keras_object(self.kernel_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
                **self._reg_config(),
                "kernel_constraint": serialize_keras_object(self.kernel_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint)}
