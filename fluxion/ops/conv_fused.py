"""Convolutions fused with the elementwise ops around them (made only by the graph optimizer).

`fluxion/graph/passes/fuse.py` rewrites, in the graphs that run (never in what SavedModel
stores), the chains a conv layer makes into one node each, as TF's grappler remapper does for
`_FusedConv2D` on CPU:

- `fused_conv(x, w, bias)`: relu(conv(x, w) + bias) (or without the relu): the bias and the
  activation are applied to each chunk of output rows right after its matmul, while it is in
  cache, instead of two more passes over the whole output (measured on the Keras CNN's layers:
  0.8 -> 0.4 ms and 4.7 -> 4.0 ms with their bias and relu).
- `conv_backprop_input_relu_grad(w, g, y)`: ReluGrad(Conv2DBackpropInput(w, g), y), the
  gradient reaching the layer below through its relu (y is that relu's output).

Both compute exactly what the unfused ops do, with the same kernels (the same sums in the
same order: bit-identical results); their vjps are written with the unfused ops.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.op import Spec, defop
from fluxion.ops import conv_ops, nn_activations, nn_norm
from fluxion.ops._util import FLOAT

__all__: list = []
ACTIVATIONS = ("", "relu")


def _relu_in_place(rows):
    nn_activations._relu_kernel(np, rows, out=rows)


def _fused_conv_kernel(xp, x, w, bias, strides, padding, dilations, data_format, activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"fused_conv: activation must be one of {ACTIVATIONS}, got "
                         f"{activation!r}")
    if data_format[1] == "C" or x.dtype == np.float16 or bias.shape != w.shape[-1:]:
        # the chunks are channels-last in the compute dtype: add and activate afterwards
        out = conv_ops._conv_kernel(xp, x, w, strides, padding, dilations, data_format)
        out = nn_norm._bias_add_kernel(xp, out, bias, data_format[1] == "C")
        return nn_activations._relu_kernel(xp, out) if activation else out

    def epilogue(lo, hi, rows):
        xp.add(rows, bias, out=rows)
        if activation:
            _relu_in_place(rows)

    return conv_ops.conv_with_epilogue(xp, x, w, strides, padding, dilations, data_format,
                                       epilogue)


def _infer_fused_conv(x: Spec, w: Spec, bias: Spec, activation, **attrs) -> Spec:
    return conv_ops._infer_conv(x, w, **attrs)


def _vjp_fused_conv(g, out, x, w, bias, activation, **attrs):
    from fluxion.ops.nn_activations import _relu_grad  # noqa: PLC0415

    gz = _relu_grad(g, out) if activation else g
    gx, gw = conv_ops._vjp_conv(gz, None, x, w, **attrs)
    channels_first = attrs["data_format"][1] == "C"
    return gx, gw, nn_norm._vjp_bias_add(gz, None, None, bias, channels_first)[1]


def _input_relu_grad_kernel(xp, w, g, y, input_shape, strides, padding, dilations,
                            data_format):
    def epilogue(lo, hi, dx):
        xp.multiply(dx, xp.greater(y[lo:hi], 0), out=dx)

    dx, done = conv_ops.conv_input_with_epilogue(xp, w, g, input_shape, strides, padding,
                                                 dilations, data_format, epilogue)
    return dx if done else nn_activations._relu_grad_kernel(xp, dx, y)


def _vjp_input_relu_grad(gd, out, w, g, y, input_shape, **attrs):
    from fluxion.ops.array_ops import zeros_like  # noqa: PLC0415
    from fluxion.ops.nn_activations import _relu_grad  # noqa: PLC0415

    gw, gg = conv_ops._vjp_conv_input(_relu_grad(gd, y), None, w, g, input_shape, **attrs)
    return gw, gg, zeros_like(y)


# graph.executor: new memory, never a view of an input; work on fluxion's worker threads
_fused_conv_kernel.fresh = _fused_conv_kernel.own_threads = True
_input_relu_grad_kernel.fresh = _input_relu_grad_kernel.own_threads = True
fused_conv_ = defop("fused_conv", _fused_conv_kernel, vjp=_vjp_fused_conv,
                    infer=_infer_fused_conv, dtypes=FLOAT, tf_name="_FusedConv2D")
conv_backprop_input_relu_grad_ = defop(
    "conv_backprop_input_relu_grad", _input_relu_grad_kernel, vjp=_vjp_input_relu_grad,
    infer=lambda w, g, y, input_shape, **attrs: Spec(y.shape, g.dtype), dtypes=FLOAT,
    tf_name="Conv2DBackpropInputReluGrad")
