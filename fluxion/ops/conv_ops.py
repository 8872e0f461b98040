"""Convolutions (``tf.nn.conv2d``, ``conv2d_transpose``, ``depthwise_conv2d`` ...).

Three primitives cover every convolution, in 1, 2 or 3 spatial dimensions, grouped or not:
`conv` (the forward op), `conv_backprop_input` (its gradient for the input, which is also the
transposed convolution) and `conv_backprop_filter`. Each one's vjp is written with the other
two, so derivatives of any order stay within the set (and graph mode can use them).
Depthwise convolutions are grouped ones: filters [kh, kw, C, M] reshape to [kh, kw, 1, C * M].
Pooling lives in pool_ops (re-exported here).

Attributes: `strides` and `dilations` are per spatial axis, `padding` is "SAME", "VALID" or a
tuple of (before, after) pairs per spatial axis, `data_format` a TF layout name ("NHWC"...).
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import array_ops, pool_ops, reduce_ops
from fluxion.ops import conv_args as A
from fluxion.ops import conv_kernels as K
from fluxion.ops._util import FLOAT, NUMERIC, shape_of, static_ints

# pooling lives in pool_ops; its functions are re-exported through this family's lists
globals().update({_name: getattr(pool_ops, _name) for _name in pool_ops._nn_exports})


# --- layout helpers shared by the three kernels ------------------------------------------------
def _op_name(n: int, suffix: str = "") -> str:
    return f"Conv{3 if n == 3 else 2}D{suffix}"


def _channels_last(xp, x, n: int, data_format: str):
    return xp.moveaxis(x, -(n + 1), -1) if data_format[1] == "C" else x


def _flat_batch(xp, x, n: int, data_format: str):
    """Channels-last array with one batch axis, and the original leading (batch) shape."""
    x = _channels_last(xp, x, n, data_format)
    batch = x.shape[:-(n + 1)]
    return xp.ascontiguousarray(x.reshape((int(np.prod(batch)),) + x.shape[-(n + 1):])), batch


def _restore(xp, out, batch, n: int, data_format: str, dtype):
    out = out.reshape(tuple(batch) + out.shape[1:])
    if data_format[1] == "C":
        out = xp.moveaxis(out, -1, -(n + 1))
    return xp.ascontiguousarray(out, dtype=dtype)


def _compute_dtype(dtype):
    """float16 is computed in float32 (as TF accumulates it), other types as they are."""
    return np.float32 if dtype == np.float16 else dtype


def _check_filter(in_channels: int, in_shape, w_shape, n: int, op: str) -> None:
    """Checks the filter against the input's channel count (`in_shape` is for messages)."""
    shapes = f"(input shape {list(in_shape)}, filter shape {list(w_shape)})"
    if len(w_shape) != n + 2:
        raise InvalidArgumentError(f"filter must be {n + 2}-dimensional: {list(w_shape)} "
                                   f"[Op:{op}]")
    if 0 in w_shape:
        raise InvalidArgumentError("filter must not have zero elements (i.e. all dimensions "
                                   f"must be non-zero) [Op:{op}]")
    cg, out = w_shape[-2], w_shape[-1]
    if in_channels % cg:
        raise InvalidArgumentError(f"input depth must be evenly divisible by filter depth: "
                                   f"{in_channels} vs {cg} {shapes} [Op:{op}]")
    if out % (in_channels // cg):
        raise InvalidArgumentError(f"output depth must be evenly divisible by number of "
                                   f"groups: {out} vs {in_channels // cg} {shapes} [Op:{op}]")


def _check_rank(shape, n: int, what: str, op: str) -> None:
    if len(shape) < n + 2:
        raise InvalidArgumentError(f"{what} must be at least {n + 2}-dimensional: "
                                   f"{list(shape)} [Op:{op}]")


def _pads(pads) -> tuple:
    return ((0, 0),) + tuple(pads) + ((0, 0),)


# --- conv --------------------------------------------------------------------------------------
def _conv_kernel(xp, x, w, strides, padding, dilations, data_format):
    return conv_with_epilogue(xp, x, w, strides, padding, dilations, data_format)


def conv_with_epilogue(xp, x, w, strides, padding, dilations, data_format, epilogue=None):
    """The conv kernel; `epilogue` as in conv_kernels.conv_forward (on the channels-last
    output rows, in the compute dtype: float32 for float16)."""
    n = len(strides)
    op = _op_name(n)
    _check_rank(x.shape, n, "input", op)
    xs, batch = _flat_batch(xp, x, n, data_format)
    _check_filter(xs.shape[-1], x.shape, w.shape, n, op)
    pads, outs = K.geometry(xs.shape[1:-1], w.shape[:-2], strides, dilations, padding, op)
    ct = _compute_dtype(x.dtype)
    xs = K.pad(xp, xs.astype(ct, copy=False), _pads(pads))
    out = K.conv_forward(xp, xs, w.astype(ct, copy=False), strides, dilations, outs, epilogue)
    return _restore(xp, out, batch, n, data_format, x.dtype)


def _out_dims(sizes, ksize, strides, dilations, padding) -> tuple:
    """Output sizes for inference; None where the input or filter size is unknown."""
    dims = []
    for i, (m, k, s, d) in enumerate(zip(sizes, ksize, strides, dilations)):
        if m is None or k is None:
            dims.append(None)
            continue
        pad = padding if isinstance(padding, str) else (padding[i],)
        dims.append(K.geometry((m,), (k,), (s,), (d,), pad, "Conv")[1][0])
    return tuple(dims)


def _infer_conv(x: Spec, w: Spec, strides, padding, dilations, data_format):
    n = len(strides)
    if x.shape is None:
        return Spec(None, x.dtype)
    first = data_format[1] == "C"
    shape = tuple(x.shape)
    spatial = shape[-n:] if first else shape[-(n + 1):-1]
    ksize = w.shape[:n] if w.shape is not None else (None,) * n
    out_c = w.shape[-1] if w.shape is not None else None
    outs = _out_dims(spatial, ksize, strides, dilations, padding)
    lead = shape[:-(n + 1)]
    return Spec(lead + ((out_c,) + outs if first else outs + (out_c,)), x.dtype)


def _vjp_conv(g, out, x, w, needs=(True, True), **attrs):
    # `needs` (from the tape) skips e.g. the first layer's gradient w.r.t. its data batch
    gx = conv_backprop_input_(w, g, input_shape=shape_of(x), **attrs) if needs[0] else None
    gw = conv_backprop_filter_(x, g, filter_shape=shape_of(w), **attrs) if needs[1] else None
    return gx, gw


# graph.executor: these kernels return new memory, never a view of an input, so a compiled
# graph may let an elementwise op write into their outputs
_conv_kernel.fresh = True
# fluxion.function: these kernels share the cores with their own worker threads (graphs that
# hold them run BLAS on one thread: see conv_threads.one_blas_thread)
_conv_kernel.own_threads = True


conv_ = defop("conv", _conv_kernel, vjp=_vjp_conv, infer=_infer_conv, vjp_needs=True,
              dtypes=FLOAT + (dtypes.int32,), tf_name="Conv2D")


# --- conv_backprop_input (= transposed convolution) -------------------------------------------
def _channels_last_shape(shape, n: int, data_format: str) -> tuple:
    shape = tuple(shape)
    if data_format[1] != "C":
        return shape
    return shape[:-(n + 1)] + shape[-n:] + (shape[-(n + 1)],)


def _check_out_backprop(g_shape, batch, outs, out_c, in_shape, op: str) -> None:
    want = (int(np.prod(batch)),) + tuple(outs) + (out_c,)
    if tuple(g_shape) != want:
        raise InvalidArgumentError(
            f"{op}: Size of out_backprop doesn't match computed: actual = {list(g_shape)}, "
            f"computed = {list(want)} for input of shape {list(in_shape)} [Op:{op}]")


def _conv_input_kernel(xp, w, g, input_shape, strides, padding, dilations, data_format):
    return conv_input_with_epilogue(xp, w, g, input_shape, strides, padding, dilations,
                                    data_format)[0]


def conv_input_with_epilogue(xp, w, g, input_shape, strides, padding, dilations, data_format,
                             epilogue=None):
    """(dx, whether `epilogue` ran): the conv_backprop_input kernel, with `epilogue(lo, hi,
    dx)` as in conv_kernels.conv_input_grad where the chunks' gradients are final there
    (channels last, no padding, computed in the input's dtype)."""
    n = len(strides)
    op = _op_name(n, "BackpropInput")
    shape = _channels_last_shape(input_shape, n, data_format)
    _check_rank(shape, n, "input_sizes", op)
    _check_filter(shape[-1], input_shape, w.shape, n, op)
    batch, spatial = shape[:-(n + 1)], shape[-(n + 1):-1]
    pads, outs = K.geometry(spatial, w.shape[:-2], strides, dilations, padding, op)
    gs, _ = _flat_batch(xp, g, n, data_format)
    _check_out_backprop(gs.shape, batch, outs, w.shape[-1], input_shape, op)
    b = int(np.prod(batch))
    padded = (b,) + tuple(s + lo + hi for s, (lo, hi) in zip(spatial, pads)) + (shape[-1],)
    ct = _compute_dtype(g.dtype)
    if any(lo or hi for lo, hi in pads) or data_format[1] == "C" or ct != g.dtype:
        epilogue = None
    dx = K.conv_input_grad(xp, w.astype(ct, copy=False), gs.astype(ct, copy=False), padded,
                           strides, dilations, epilogue)
    dx = K.crop(dx, _pads(pads), (b,) + tuple(spatial) + (shape[-1],))
    return _restore(xp, dx, batch, n, data_format, g.dtype), epilogue is not None


def _vjp_conv_input(gd, out, w, g, input_shape, **attrs):
    return (conv_backprop_filter_(gd, g, filter_shape=shape_of(w), **attrs),
            conv_(gd, w, **attrs))


_conv_input_kernel.fresh = _conv_input_kernel.own_threads = True
conv_backprop_input_ = defop(
    "conv_backprop_input", _conv_input_kernel, vjp=_vjp_conv_input, dtypes=FLOAT,
    infer=lambda w, g, input_shape, **attrs: Spec(_backprop_input_shape(g, input_shape),
                                                  g.dtype),
    tf_name="Conv2DBackpropInput")


def _backprop_input_shape(g: Spec, input_shape) -> tuple:
    """`input_shape`, with the batch dim of `g` (the output's gradient shares the input's
    batch): unknown when the gradient's batch is."""
    shape = tuple(input_shape)
    if g.shape is not None and g.shape and g.shape[0] is None:
        return (None,) + shape[1:]
    return shape


# --- conv_backprop_filter ----------------------------------------------------------------------
def _conv_filter_kernel(xp, x, g, filter_shape, strides, padding, dilations, data_format):
    n = len(strides)
    op = _op_name(n, "BackpropFilter")
    _check_rank(x.shape, n, "input", op)
    xs, batch = _flat_batch(xp, x, n, data_format)
    _check_filter(xs.shape[-1], x.shape, filter_shape, n, op)
    pads, outs = K.geometry(xs.shape[1:-1], filter_shape[:-2], strides, dilations, padding, op)
    gs, _ = _flat_batch(xp, g, n, data_format)
    _check_out_backprop(gs.shape, batch, outs, filter_shape[-1], x.shape, op)
    ct = _compute_dtype(x.dtype)
    xs = K.pad(xp, xs.astype(ct, copy=False), _pads(pads))
    dw = K.conv_filter_grad(xp, xs, gs.astype(ct, copy=False), tuple(filter_shape), strides,
                            dilations)
    return dw.astype(x.dtype, copy=False)


def _vjp_conv_filter(gd, out, x, g, filter_shape, **attrs):
    return (conv_backprop_input_(gd, g, input_shape=shape_of(x), **attrs),
            conv_(x, gd, **attrs))


_conv_filter_kernel.fresh = _conv_filter_kernel.own_threads = True
conv_backprop_filter_ = defop(
    "conv_backprop_filter", _conv_filter_kernel, vjp=_vjp_conv_filter, dtypes=FLOAT,
    infer=lambda x, g, filter_shape, **attrs: Spec(tuple(filter_shape), x.dtype),
    tf_name="Conv2DBackpropFilter")


# --- bias_add_grad -------------------------------------------------------------------------------
# The gradient of a bias added along the last axis: a sum over all the other axes (TF's
# BiasAddGrad). `_util.unbroadcast` emits it for a 1-D operand broadcast against the last axis.
# Large float32/64 inputs are summed by BLAS as a row of ones times the [rows, C] matrix: 3x
# faster than NumPy's reduction over leading axes (which adds row by row), in another order.
_BLAS_SUM_SIZE = 1 << 14


def _bias_grad_kernel(xp, g):
    if g.ndim < 2:
        raise InvalidArgumentError(f"Input tensor must be at least 2D: {list(g.shape)} "
                                   f"[Op:BiasAddGrad]")
    lead = tuple(range(g.ndim - 1))
    if g.dtype == xp.float16:  # accumulate half precision in float32, as TF does
        return g.sum(axis=lead, dtype=xp.float32).astype(g.dtype)
    if g.dtype.char not in "fd" or g.size < _BLAS_SUM_SIZE or g.shape[-1] == 0:
        return g.sum(axis=lead, dtype=g.dtype)
    rows = g.reshape(-1, g.shape[-1])
    return (xp.ones((1, rows.shape[0]), g.dtype) @ rows).reshape(g.shape[-1])


def _infer_bias_grad(g: Spec) -> Spec:
    return Spec((None,) if g.shape is None or not g.shape else (g.shape[-1],), g.dtype)


def _vjp_bias_grad(gg, out, g):
    return (reduce_ops._broadcast_like(gg, g),)  # gg along every leading axis


bias_add_grad_ = defop("bias_add_grad", _bias_grad_kernel, vjp=_vjp_bias_grad,
                       infer=_infer_bias_grad, dtypes=NUMERIC, tf_name="BiasAddGrad")
_bias_grad_kernel.fresh = True  # graph.executor: returns new memory, never a view


# --- public functions ----------------------------------------------------------------------------
def _tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _require_float(x: Tensor, op: str, allowed: str = "half, bfloat16, float, double") -> None:
    if x._value.dtype.kind != "f":
        raise InvalidArgumentError(f"Value for attr 'T' of {x.dtype.name} is not in the list of "
                                   f"allowed values: {allowed} [Op:{op}]")


def _conv_call(input, filters, n: int, fmt: str, strides, dilations, padding) -> Tensor:
    """Checks full-rank strides/dilations and calls the conv primitive."""
    first = fmt[1] == "C"
    st, dl = A.conv_window(strides, dilations, first)
    return conv_(input, filters, strides=st, padding=padding, dilations=dl, data_format=fmt)


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None,
           name=None) -> Tensor:
    """1-D convolution: input [batch, width, in_channels], filters [k, in_channels, out]."""
    fmt = A.data_format(data_format, 1, ValueError)
    first = fmt[1] == "C"
    return _conv_call(input, filters, 1, fmt, A.full_sequence(stride, 1, first, "stride"),
                      A.full_sequence(dilations, 1, first, "dilations"),
                      A.padding(padding, 1, first, explicit=False))


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None,
           name=None) -> Tensor:
    """2-D convolution (cross-correlation, as TF): filters [kh, kw, in_channels / groups, out].

    `padding` is "SAME", "VALID" or explicit [[0, 0], [top, bottom], [left, right], [0, 0]].
    """
    fmt = A.data_format(data_format, 2)
    first = fmt[1] == "C"
    return _conv_call(input, filters, 2, fmt, A.full_sequence(strides, 2, first, "strides"),
                      A.full_sequence(dilations, 2, first, "dilations"),
                      A.padding(padding, 2, first))


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None,
           name=None) -> Tensor:
    """3-D convolution; `strides` (and `dilations`) are lists of 5 ints, as in TF."""
    fmt = A.data_format(data_format, 3)
    input = _tensor(input)
    _require_float(input, "Conv3D", "half, bfloat16, float, double")
    return _conv_call(input, filters, 3, fmt, A.strict_list(strides, 3, "strides", "conv3d"),
                      A.strict_list(dilations, 3, "dilations", "conv3d", default=(1,) * 5),
                      A.padding(padding, 3, False, explicit=False))


def convolution(input, filters, strides=None, padding="VALID", data_format=None,
                dilations=None, name=None) -> Tensor:
    """N-D convolution (N = 1, 2 or 3 from the filter rank)."""
    filters = _tensor(filters)
    n = filters._value.ndim - 2
    if n not in (1, 2, 3):
        raise ValueError(f"`filters` must have rank 3, 4 or 5, got shape {shape_of(filters)}")
    fmt = A.loose_format(data_format, n)
    first = fmt[1] == "C"
    st = A.full_sequence(strides, n, first, "strides")
    dl = A.full_sequence(dilations, n, first, "dilations")
    if max(st) > 1 and max(dl) > 1:
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={list(A.spatial(st, first))} and "
                         f"dilation_rate={list(A.spatial(dl, first))}")
    if n == 3:
        _require_float(_tensor(input), "Conv3D")
    return _conv_call(input, filters, n, fmt, st, dl,
                      A.padding(padding, n, first, explicit=False))


def _transpose_call(input, filters, output_shape, n: int, fmt: str, strides, padding,
                    dilations) -> Tensor:
    input, filters = _tensor(input), _tensor(filters)
    first = fmt[1] == "C"
    st, dl = A.conv_window(strides, dilations, first)
    w_shape = shape_of(filters)
    if len(w_shape) != n + 2:
        raise InvalidArgumentError(f"filter must be {n + 2}-dimensional: {list(w_shape)}")
    shape = A.output_shape(output_shape, n, shape_of(input), w_shape[-2], first)
    return conv_backprop_input_(filters, input, input_shape=shape, strides=st, padding=padding,
                                dilations=dl, data_format=fmt)


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME",
                     data_format="NWC", dilations=None, name=None) -> Tensor:
    """Transposed 1-D convolution: filters [k, out_channels, in_channels]."""
    fmt = A.data_format(data_format, 1, ValueError)
    first = fmt[1] == "C"
    return _transpose_call(input, filters, output_shape, 1, fmt,
                           A.full_sequence(strides, 1, first, "strides"),
                           A.padding(padding, 1, first, explicit=False),
                           A.full_sequence(dilations, 1, first, "dilations"))


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME",
                     data_format="NHWC", dilations=None, name=None) -> Tensor:
    """Transposed 2-D convolution (the gradient of conv2d for its input): filters
    [kh, kw, out_channels, in_channels]; output_shape has 4 (or 2 spatial) sizes."""
    fmt = A.data_format(data_format, 2)
    first = fmt[1] == "C"
    return _transpose_call(input, filters, output_shape, 2, fmt,
                           A.full_sequence(strides, 2, first, "strides"),
                           A.padding(padding, 2, first),
                           A.full_sequence(dilations, 2, first, "dilations"))


def conv3d_transpose(input, filters, output_shape, strides, padding="SAME",
                     data_format="NDHWC", dilations=None, name=None) -> Tensor:
    fmt = A.data_format(data_format, 3)
    first = fmt[1] == "C"
    return _transpose_call(input, filters, output_shape, 3, fmt,
                           A.full_sequence(strides, 3, first, "strides"),
                           A.padding(padding, 3, first, explicit=False),
                           A.full_sequence(dilations, 3, first, "dilations"))


def conv_transpose(input, filters, output_shape, strides, padding="SAME",
                   data_format=None, dilations=None, name=None) -> Tensor:
    """Transposed N-D convolution, N = len(output_shape) - 2."""
    n = len(static_ints(output_shape, "output_shape")) - 2
    if not 1 <= n <= 3:
        raise ValueError(f"`output_shape` must be of length 3, 4 or 5. Received: "
                         f"output_shape={output_shape} of length {n + 2}.")
    fmt = A.loose_format(data_format, n)
    first = fmt[1] == "C"
    return _transpose_call(input, filters, output_shape, n, fmt,
                           A.full_sequence(strides, n, first, "strides"),
                           A.padding(padding, n, first, n == 2),
                           A.full_sequence(dilations, n, first, "dilations"))


# --- depthwise, separable and atrous convolutions ------------------------------------------------
def _depthwise_filter(filters: Tensor, in_channels: int):
    """[kh, kw, C, M] -> [kh, kw, 1, C * M]: a depthwise conv is a conv with C groups."""
    kh, kw, c, m = _depthwise_shape(shape_of(filters), in_channels)
    return array_ops.reshape(filters, (kh, kw, 1, c * m))


def _depthwise_shape(w_shape, in_channels: int) -> tuple:
    if len(w_shape) != 4:
        raise InvalidArgumentError(f"filter must be 4-dimensional: {list(w_shape)} "
                                   f"[Op:DepthwiseConv2dNative]")
    if w_shape[2] != in_channels:
        raise InvalidArgumentError(f"input depth must be evenly divisible by filter depth: "
                                   f"{in_channels} vs {w_shape[2]} [Op:DepthwiseConv2dNative]")
    return tuple(w_shape)


def _depthwise_window(strides, dilations, fmt: str) -> tuple:
    first = fmt[1] == "C"
    st = A.strict_list(strides, 2, "strides", "depthwise_conv2d_native")
    if dilations is None:
        dl = (1, 1, 1, 1)
    else:
        if not isinstance(dilations, (list, tuple)) and not hasattr(dilations, "_value"):
            raise TypeError(f"'{type(dilations).__name__}' object is not iterable")
        d = tuple(static_ints(dilations, "dilations"))
        if len(d) not in (2, 4):
            raise ValueError(f"dilations must have 2 elements, got {list(d)}")
        dl = d if len(d) == 4 else A.full_sequence(d, 2, first, "dilations")
    return A.conv_window(st, dl, first)


def depthwise_conv2d(input, filter, strides, padding, data_format=None,
                     dilations=None, name=None) -> Tensor:
    """Depthwise 2-D convolution: filter [kh, kw, C, M] gives C * M output channels, channel
    c * M + m from input channel c. `strides` is a list of 4 ints; `dilations` of 2."""
    input, filter = _tensor(input), _tensor(filter)
    fmt = A.data_format(data_format, 2)
    _require_float(input, "DepthwiseConv2dNative")
    st, dl = _depthwise_window(strides, dilations, fmt)
    c = shape_of(input)[1 if fmt == "NCHW" else -1]
    return conv_(input, _depthwise_filter(filter, c), strides=st,
                 padding=A.padding(padding, 2, fmt == "NCHW"), dilations=dl, data_format=fmt)


def depthwise_conv2d_backprop_input(input_sizes, filter, out_backprop, strides,
                                    padding, data_format="NHWC", dilations=(1, 1, 1, 1),
                                    name=None) -> Tensor:
    fmt = A.data_format(data_format, 2)
    sizes = tuple(static_ints(input_sizes, "input_sizes"))
    st, dl = _depthwise_window(strides, dilations, fmt)
    w = _depthwise_filter(_tensor(filter), sizes[1 if fmt == "NCHW" else -1])
    return conv_backprop_input_(w, out_backprop, input_shape=sizes, strides=st,
                                padding=A.padding(padding, 2, fmt == "NCHW"), dilations=dl,
                                data_format=fmt)


def depthwise_conv2d_backprop_filter(input, filter_sizes, out_backprop, strides,
                                     padding, data_format="NHWC", dilations=(1, 1, 1, 1),
                                     name=None) -> Tensor:
    input = _tensor(input)
    fmt = A.data_format(data_format, 2)
    st, dl = _depthwise_window(strides, dilations, fmt)
    c = shape_of(input)[1 if fmt == "NCHW" else -1]
    kh, kw, _, m = _depthwise_shape(tuple(static_ints(filter_sizes, "filter_sizes")), c)
    dw = conv_backprop_filter_(input, out_backprop, filter_shape=(kh, kw, 1, c * m), strides=st,
                               padding=A.padding(padding, 2, fmt == "NCHW"), dilations=dl,
                               data_format=fmt)
    return array_ops.reshape(dw, (kh, kw, c, m))


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides,
                     padding, data_format=None, dilations=None, name=None) -> Tensor:
    """A depthwise convolution followed by a 1x1 (pointwise) convolution."""
    pointwise_filter = _tensor(pointwise_filter)
    pw = shape_of(pointwise_filter)
    for d in pw[:2]:
        if d != 1:
            raise ValueError(f"Dimensions {d} and 1 are not compatible")
    if isinstance(dilations, int):  # TF raises ValueError here, not TypeError
        raise ValueError(f"`dilation_rate.shape.rank` must be 1. Received: "  # noqa: TRY004
                         f"dilation_rate={dilations} of rank 0")
    fmt = A.data_format(data_format, 2)
    depthwise = depthwise_conv2d(input, depthwise_filter, strides, padding, fmt, dilations)
    return conv2d(depthwise, pointwise_filter, 1, "VALID", data_format=fmt)


def atrous_conv2d(value, filters, rate, padding, name=None) -> Tensor:
    """2-D convolution with holes: conv2d with dilations = rate."""
    if rate < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    return conv2d(value, filters, 1, padding, dilations=rate)


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding,
                            name=None) -> Tensor:
    """The transpose of atrous_conv2d: conv2d_transpose with dilations = rate."""
    if rate < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be either VALID or SAME: {padding}")
    return conv2d_transpose(value, filters, output_shape, 1, padding, dilations=rate)


__all__: list = []
_nn_exports = (
    "conv1d", "conv2d", "conv3d", "convolution", "conv1d_transpose", "conv2d_transpose",
    "conv3d_transpose", "conv_transpose", "depthwise_conv2d", "depthwise_conv2d_backprop_input",
    "depthwise_conv2d_backprop_filter", "separable_conv2d", "atrous_conv2d",
    "atrous_conv2d_transpose",
) + pool_ops._nn_exports
