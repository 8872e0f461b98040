"""Depthwise and separable convolutions (1-D and 2-D).

A depthwise convolution is a grouped convolution with one group per input channel: Keras'
kernel (*kernel_size, C, M) is viewed as (*kernel_size, 1, C * M), output channel c * M + m
reading input channel c. A separable convolution follows it with a 1x1 (pointwise) one.
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import constraints, initializers, regularizers
from fluxion.keras.layers.conv.base import ConvTail, check_positive, check_window, input_channels
from fluxion.keras.utils.serialization import serialize_keras_object
from fluxion.ops.conv_ops import conv_


class BaseDepthwiseConv(ConvTail):
    """`activation(depthwise_conv(inputs, kernel) + bias)`, kernel (*kernel_size, C, M)."""

    def __init__(self, rank: int, depth_multiplier: int, kernel_size, strides=1,
                 padding="valid", data_format=None, dilation_rate=1, activation=None,
                 use_bias: bool = True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None,
                 **kwargs) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = depth_multiplier
        self._init_geometry(kernel_size, strides, padding, data_format, dilation_rate)
        self._init_tail(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        check_positive(depth_multiplier, "depth_multiplier")
        check_window(self.kernel_size, self.strides)
        self._attrs = {"strides": self.strides, "padding": self.padding.upper(),
                       "dilations": self.dilation_rate, "data_format": self._layout}

    def build(self, input_shape) -> None:
        channels = input_channels(self, input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True)
        self._grouped_shape = self.kernel_size + (1, channels * self.depth_multiplier)
        self._add_bias(channels * self.depth_multiplier)
        self.built = True

    def call(self, inputs):
        kernel = tf.reshape(self.kernel, self._grouped_shape)
        return self._finish(conv_(inputs, kernel, **self._attrs))

    def get_config(self) -> dict:
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, **self._tail_config(),
                "depthwise_initializer": serialize_keras_object(self.depthwise_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
                **self._reg_config(),
                "depthwise_constraint": serialize_keras_object(self.depthwise_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint)}


class BaseSeparableConv(ConvTail):
    """A depthwise convolution (multiplier M) then a 1x1 convolution to `filters` channels;
    weights depthwise_kernel (*kernel_size, C, M), pointwise_kernel (1.., C * M, filters),
    bias (filters,)."""

    def __init__(self, rank: int, depth_multiplier: int, filters: int, kernel_size,
                 strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self._init_geometry(kernel_size, strides, padding, data_format, dilation_rate)
        self._init_tail(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        check_positive(depth_multiplier, "depth_multiplier")
        check_positive(filters, "filters")
        check_window(self.kernel_size, self.strides)
        self._attrs = {"strides": self.strides, "padding": self.padding.upper(),
                       "dilations": self.dilation_rate, "data_format": self._layout}
        ones = (1,) * rank
        self._pointwise_attrs = {"strides": ones, "padding": "VALID", "dilations": ones,
                                 "data_format": self._layout}

    def build(self, input_shape) -> None:
        channels = input_channels(self, input_shape)
        depth = channels * self.depth_multiplier
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True)
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel", shape=(1,) * self.rank + (depth, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, trainable=True)
        self._grouped_shape = self.kernel_size + (1, depth)
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        kernel = tf.reshape(self.depthwise_kernel, self._grouped_shape)
        depthwise = conv_(inputs, kernel, **self._attrs)
        return self._finish(conv_(depthwise, self.pointwise_kernel, **self._pointwise_attrs))

    def get_config(self) -> dict:
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier,
                "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding,
                "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                **self._tail_config(),
                "depthwise_initializer": serialize_keras_object(self.depthwise_initializer),
                "pointwise_initializer": serialize_keras_object(self.pointwise_initializer),
                "bias_initializer": serialize_keras_object(self.bias_initializer),
                "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
                "pointwise_regularizer": serialize_keras_object(self.pointwise_regularizer),
                **self._reg_config(),
                "depthwise_constraint": serialize_keras_object(self.depthwise_constraint),
                "pointwise_constraint": serialize_keras_object(self.pointwise_constraint),
                "bias_constraint": serialize_keras_object(self.bias_constraint)}
