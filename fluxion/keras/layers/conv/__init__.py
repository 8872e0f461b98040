"""Convolution layers. Each class fixes the rank of its base and keeps Keras' positional
argument order (the remaining arguments are passed by keyword, as the bases document)."""
from __future__ import annotations

from fluxion.keras.layers.conv.base import BaseConv, BaseConvTranspose
from fluxion.keras.layers.conv.depthwise import BaseDepthwiseConv, BaseSeparableConv


def _conv(rank: int, name: str, doc: str):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True, **kwargs):
        BaseConv.__init__(self, rank, filters, kernel_size, strides, padding, data_format,
                          dilation_rate, groups, activation, use_bias, **kwargs)
    return type(name, (BaseConv,), {"__init__": __init__, "__doc__": doc,
                                    "__module__": __name__})


def _conv_transpose(rank: int, name: str, doc: str):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True, **kwargs):
        BaseConvTranspose.__init__(self, rank, filters, kernel_size, strides, padding,
                                   output_padding, data_format, dilation_rate, activation,
                                   use_bias, **kwargs)
    return type(name, (BaseConvTranspose,), {"__init__": __init__, "__doc__": doc,
                                             "__module__": __name__})


def _depthwise(rank: int, name: str, doc: str):
    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True, **kwargs):
        BaseDepthwiseConv.__init__(self, rank, depth_multiplier, kernel_size, strides,
                                   padding, data_format, dilation_rate, activation, use_bias,
                                   **kwargs)
    return type(name, (BaseDepthwiseConv,), {"__init__": __init__, "__doc__": doc,
                                             "__module__": __name__})


def _separable(rank: int, name: str, doc: str):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 **kwargs):
        BaseSeparableConv.__init__(self, rank, depth_multiplier, filters, kernel_size,
                                   strides, padding, data_format, dilation_rate, activation,
                                   use_bias, **kwargs)
    return type(name, (BaseSeparableConv,), {"__init__": __init__, "__doc__": doc,
                                             "__module__": __name__})


Conv1D = _conv(1, "Conv1D", "1-D convolution over (batch, steps, channels); padding may be "
                            "'causal' (left padding only).")
Conv2D = _conv(2, "Conv2D", "2-D convolution over (batch, rows, cols, channels).")
Conv3D = _conv(3, "Conv3D", "3-D convolution over (batch, d1, d2, d3, channels).")
Conv1DTranspose = _conv_transpose(1, "Conv1DTranspose", "Transposed 1-D convolution.")
Conv2DTranspose = _conv_transpose(2, "Conv2DTranspose", "Transposed 2-D convolution.")
Conv3DTranspose = _conv_transpose(3, "Conv3DTranspose", "Transposed 3-D convolution.")
DepthwiseConv1D = _depthwise(1, "DepthwiseConv1D", "Depthwise 1-D convolution.")
DepthwiseConv2D = _depthwise(2, "DepthwiseConv2D", "Depthwise 2-D convolution.")
SeparableConv1D = _separable(1, "SeparableConv1D", "Depthwise then pointwise 1-D "
                                                   "convolution.")
SeparableConv2D = _separable(2, "SeparableConv2D", "Depthwise then pointwise 2-D "
                                                   "convolution.")

# Keras' aliases
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose, Convolution3DTranspose = Conv2DTranspose, Conv3DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D

__all__ = [
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Convolution1D",
    "Convolution1DTranspose",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
]
