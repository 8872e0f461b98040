"""Pooling (``tf.nn.max_pool2d``, ``tf.nn.avg_pool``, ``tf.nn.pool`` ...).

Primitives: `max_pool`, `max_pool_grad`, `max_pool_grad_grad`, `avg_pool`, `avg_pool_grad`
and `max_pool_argmax`. Their window attributes cover every axis of the input, in its own
layout (`ksize`, `strides`, `dilations`; 1 on the batch and channel axes), so the kernels need
no layout attribute. `padding` is "SAME", "VALID" or a tuple of (before, after) pairs per axis.
The gradient of max pooling goes to the first maximum of each window (as in TF); the gradient of
`max_pool_grad` with respect to its incoming gradient is `max_pool_grad_grad`, and back again.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError, NotFoundError, UnimplementedError
from fluxion.ops import array_ops
from fluxion.ops import conv_args as A
from fluxion.ops import conv_kernels as K
from fluxion.ops import pool_kernels as P
from fluxion.ops._util import FLOAT, INT, shape_of, static_ints

_MAX_DTYPES = FLOAT + INT


def _geometry(x_shape, ksize, strides, padding, dilations, op: str):
    if len(x_shape) != len(ksize):
        raise InvalidArgumentError(f"Input must be {len(ksize)}-dimensional, got shape "
                                   f"{list(x_shape)} [Op:{op}]")
    return K.geometry(x_shape, ksize, strides, dilations, padding, op)


def _infer_pool(x: Spec, *rest, ksize, strides, padding, dilations):
    if x.shape is None:
        return Spec(None, x.dtype)
    dims = []
    for i, (m, k, s, d) in enumerate(zip(x.shape, ksize, strides, dilations)):
        pad = padding if isinstance(padding, str) else (padding[i],)
        dims.append(None if m is None else K.geometry((m,), (k,), (s,), (d,), pad, "Pool")[1][0])
    return Spec(tuple(dims), x.dtype)


def _float_compute(xp, kernel, *arrays, **kw):
    """Runs a float kernel in float32 for float16 inputs (TF accumulates half in float)."""
    dtype = arrays[0].dtype
    if dtype != np.float16:
        return kernel(xp, *arrays, **kw)
    return kernel(xp, *[a.astype(np.float32) for a in arrays], **kw).astype(dtype)


# --- max pooling ---------------------------------------------------------------------------------
def _max_pool_kernel(xp, x, ksize, strides, padding, dilations):
    pads, outs = _geometry(x.shape, ksize, strides, padding, dilations, "MaxPool")
    return P.max_pool(xp, x, ksize, strides, dilations, pads, outs)


def _max_pool_grad_kernel(xp, x, y, g, ksize, strides, padding, dilations, relu=False):
    pads, outs = _geometry(x.shape, ksize, strides, padding, dilations, "MaxPoolGrad")
    if tuple(y.shape) != tuple(outs) or tuple(g.shape) != tuple(outs):
        raise InvalidArgumentError(f"Expected orig_output and grad of shape {list(outs)}, got "
                                   f"{list(y.shape)} and {list(g.shape)} [Op:MaxPoolGrad]")
    return P.max_pool_grad(xp, x, y, g, ksize, strides, dilations, pads, outs, relu)


def _max_pool_relu_grad_kernel(xp, x, y, g, ksize, strides, padding, dilations):
    return _max_pool_grad_kernel(xp, x, y, g, ksize, strides, padding, dilations, relu=True)


def _max_pool_grad_grad_kernel(xp, x, y, gg, ksize, strides, padding, dilations):
    pads, outs = _geometry(x.shape, ksize, strides, padding, dilations, "MaxPoolGradGrad")
    return P.max_pool_grad_grad(xp, x, y, gg, ksize, strides, dilations, pads, outs)


def _vjp_max_pool(g, out, x, **attrs):
    return (max_pool_grad_(x, out, g, **attrs),)


def _vjp_max_pool_grad(gd, out, x, y, g, **attrs):
    # the routing is piecewise constant in x and y: TF gives them zero gradients
    return (array_ops.zeros_like(x), array_ops.zeros_like(y),
            max_pool_grad_grad_(x, y, gd, **attrs))


def _vjp_max_pool_grad_grad(gd, out, x, y, gg, **attrs):
    return (array_ops.zeros_like(x), array_ops.zeros_like(y), max_pool_grad_(x, y, gd, **attrs))


def _vjp_max_pool_relu_grad(gd, out, x, y, g, **attrs):
    from fluxion.core.op import REGISTRY  # noqa: PLC0415

    return (array_ops.zeros_like(x), array_ops.zeros_like(y),
            max_pool_grad_grad_(x, y, REGISTRY["relu_grad"](gd, x), **attrs))


# graph.executor: new memory, never a view of an input (a crop of a private padded array)
_max_pool_kernel.fresh = _max_pool_grad_kernel.fresh = _max_pool_relu_grad_kernel.fresh = True
_max_pool_kernel.own_threads = _max_pool_grad_kernel.own_threads = True  # (see conv_ops)
_max_pool_relu_grad_kernel.own_threads = True
max_pool_ = defop("max_pool", _max_pool_kernel, vjp=_vjp_max_pool, infer=_infer_pool,
                  dtypes=_MAX_DTYPES, tf_name="MaxPool")
max_pool_grad_ = defop("max_pool_grad", _max_pool_grad_kernel, vjp=_vjp_max_pool_grad,
                       infer=lambda x, y, g, **a: Spec(x.shape, x.dtype), dtypes=_MAX_DTYPES,
                       tf_name="MaxPoolGrad")
# The graph optimizer's fusion of ReluGrad(MaxPoolGrad(x, y, g), x) (conv -> relu -> max pool,
# made only in the graphs that run: fluxion/graph/passes/fuse.py): the same values; windows
# whose maximum is not positive come out zero without sorting out their ties, so a zero there
# may be +0.0 where the unfused pair gives -0.0.
max_pool_relu_grad_ = defop("max_pool_relu_grad", _max_pool_relu_grad_kernel,
                            vjp=_vjp_max_pool_relu_grad,
                            infer=lambda x, y, g, **a: Spec(x.shape, x.dtype),
                            dtypes=_MAX_DTYPES, tf_name="MaxPoolReluGrad")
max_pool_grad_grad_ = defop("max_pool_grad_grad", _max_pool_grad_grad_kernel,
                            vjp=_vjp_max_pool_grad_grad,
                            infer=lambda x, y, g, **a: Spec(y.shape, x.dtype),
                            dtypes=_MAX_DTYPES, tf_name="MaxPoolGradGrad")


# --- average pooling -----------------------------------------------------------------------------
def _avg_pool_kernel(xp, x, ksize, strides, padding, dilations):
    pads, outs = _geometry(x.shape, ksize, strides, padding, dilations, "AvgPool")
    return _float_compute(xp, P.avg_pool, x, ksize=ksize, strides=strides, dilations=dilations,
                          pads=pads, outs=outs)


def _avg_pool_grad_kernel(xp, g, input_shape, ksize, strides, padding, dilations):
    pads, outs = _geometry(input_shape, ksize, strides, padding, dilations, "AvgPoolGrad")
    if tuple(g.shape) != tuple(outs):
        raise InvalidArgumentError(f"Expected grad of shape {list(outs)}, got "
                                   f"{list(g.shape)} [Op:AvgPoolGrad]")
    return _float_compute(xp, P.avg_pool_grad, g, input_shape=tuple(input_shape), ksize=ksize,
                          strides=strides, dilations=dilations, pads=pads)


def _vjp_avg_pool(g, out, x, **attrs):
    return (avg_pool_grad_(g, input_shape=shape_of(x), **attrs),)


def _vjp_avg_pool_grad(gd, out, g, input_shape, **attrs):
    return (avg_pool_(gd, **attrs),)


avg_pool_ = defop("avg_pool", _avg_pool_kernel, vjp=_vjp_avg_pool, infer=_infer_pool,
                  dtypes=FLOAT, tf_name="AvgPool")
avg_pool_grad_ = defop("avg_pool_grad", _avg_pool_grad_kernel, vjp=_vjp_avg_pool_grad,
                       infer=lambda g, input_shape, **a: Spec(tuple(input_shape), g.dtype),
                       dtypes=FLOAT, tf_name="AvgPoolGrad")


# --- max_pool_with_argmax ------------------------------------------------------------------------
def _argmax_kernel(xp, x, ksize, strides, padding, dilations, include_batch, output_dtype):
    pads, outs = _geometry(x.shape, ksize, strides, padding, dilations, "MaxPoolWithArgmax")
    y = P.max_pool(xp, x, ksize, strides, dilations, pads, outs)
    xpad = K.pad(xp, x, pads, P.fill_value(xp, x.dtype))
    place = [int(np.prod(x.shape[i + 1:])) for i in range(x.ndim)]
    if not include_batch:
        place[0] = 0
    idx = xp.zeros(y.shape, output_dtype._np)
    inside = P._inside(xp, x.shape, pads)
    for sl, hit, _ in P.first_max(xp, xpad, y, ksize, strides, dilations, outs, inside, True):
        flat = 0
        for axis, (s, (lo, _)) in enumerate(zip(sl, pads)):
            coords = s.start - lo + s.step * xp.arange(outs[axis])
            shape = [1] * x.ndim
            shape[axis] = outs[axis]
            flat = flat + (coords * place[axis]).reshape(shape)
        xp.copyto(idx, flat, where=hit, casting="unsafe")
    return idx


def _infer_argmax(x: Spec, ksize, strides, padding, dilations, include_batch, output_dtype):
    return Spec(_infer_pool(x, ksize=ksize, strides=strides, padding=padding,
                            dilations=dilations).shape, output_dtype)


max_pool_argmax_ = defop("max_pool_argmax", _argmax_kernel, infer=_infer_argmax,
                         dtypes=_MAX_DTYPES, tf_name="MaxPoolWithArgmax")


# --- public functions ----------------------------------------------------------------------------
def _window(ksize, strides, n: int, fmt: str, kind: str, op: str) -> tuple:
    """Full-rank ksize and strides, checked as TF's pooling kernels check them."""
    first = fmt[1] == "C"
    k = A.full_sequence(ksize, n, first, "ksize")
    s = A.full_sequence(strides, n, first, "strides")
    if any(v <= 0 for v in k):
        raise InvalidArgumentError(f"Sliding window ksize must be positive. The specified or "
                                   f"inferred ksize is: {','.join(map(str, k))} [Op:{op}]")
    if any(v <= 0 for v in s):
        raise InvalidArgumentError(f"Stride must be > 0, but got {min(s)} [Op:{op}]")
    if k[0] != 1 or s[0] != 1:
        raise UnimplementedError(f"Pooling is not yet supported on the batch dimension. "
                                 f"[Op:{op}]")
    c = 1 if first else n + 1
    if k[c] != 1 or s[c] != 1:
        if kind != "max":
            raise UnimplementedError(f"Pooling is not yet supported on the depth dimension. "
                                     f"[Op:{op}]")
        if any(v != 1 for v in A.spatial(k, first) + A.spatial(s, first)):
            raise UnimplementedError("MaxPooling supports exactly one of pooling across depth "
                                     f"or pooling across width/height. [Op:{op}]")
        if k[c] != s[c]:
            raise UnimplementedError("Depthwise max pooling requires the depth window to equal "
                                     f"the depth stride. [Op:{op}]")
    return k, s


def _check_explicit(pads, ksize, fmt: str, op: str) -> None:
    """TF keeps every window partly inside the input: each padding < the window size."""
    sides = (("Left", "Right"), ("Top", "Bottom"), ("Front", "Back"))
    spatial = A.spatial(tuple(zip(pads, ksize)), fmt[1] == "C")
    for axis, ((lo, hi), k) in enumerate(reversed(spatial)):
        for side, p in zip(sides[axis], (lo, hi)):
            if p >= k:
                raise InvalidArgumentError(f"{side} padding {p} needs to be smaller than the "
                                           f"window size {k} [Op:{op}]")


def _checked_input(input, n: int, kind: str) -> Tensor:
    input = input if hasattr(input, "_value") else convert_to_tensor(input)
    if n == 3 and input.dtype not in (dtypes.float16, dtypes.float32):
        # TF's 3-D pooling kernels exist for half and float only
        op = "MaxPool3D" if kind == "max" else "AvgPool3D"
        error = NotFoundError if kind == "avg" else InvalidArgumentError
        raise error(f"Value for attr 'T' of {input.dtype.name} is not in the list of allowed "
                    f"values: half, bfloat16, float [Op:{op}]")
    return input


def _pool(input, ksize, strides, padding, n: int, fmt: str, kind: str,
          explicit: bool) -> Tensor:
    op = ("MaxPool" if kind == "max" else "AvgPool") + ("3D" if n == 3 else "")
    input = _checked_input(input, n, kind)
    k, s = _window(ksize, strides, n, fmt, kind, op)
    pad = A.padding(padding, n, fmt[1] == "C", explicit=explicit, full=True)
    if not isinstance(pad, str):
        _check_explicit(pad, k, fmt, op)
    prim = max_pool_ if kind == "max" else avg_pool_
    return prim(input, ksize=k, strides=s, padding=pad, dilations=(1,) * (n + 2))


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None) -> Tensor:
    return _pool(input, ksize, strides, padding, 1, A.data_format(data_format, 1, ValueError),
                 "max", True)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None) -> Tensor:
    """Max pooling; `padding` may also be explicit [[0, 0], [t, b], [l, r], [0, 0]]."""
    return _pool(input, ksize, strides, padding, 2, A.data_format(data_format, 2), "max", True)


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None) -> Tensor:
    return _pool(input, ksize, strides, padding, 3, A.data_format(data_format, 3), "max", False)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None) -> Tensor:
    return _pool(input, ksize, strides, padding, 1, A.data_format(data_format, 1, ValueError),
                 "avg", False)


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None) -> Tensor:
    """Average pooling; with SAME padding each window is divided by its real element count."""
    return _pool(input, ksize, strides, padding, 2, A.data_format(data_format, 2), "avg", False)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None) -> Tensor:
    return _pool(input, ksize, strides, padding, 3, A.data_format(data_format, 3), "avg", False)


def _rank_n(input) -> int:
    rank = len(shape_of(input)) if hasattr(input, "_value") else np.ndim(input)
    if rank not in (3, 4, 5):
        raise ValueError(f"`input.shape.rank` must be 3, 4 or 5. Received: "
                         f"input.shape={list(np.shape(input))} of rank {rank}")
    return rank - 2


def max_pool(input, ksize, strides, padding, data_format=None, name=None) -> Tensor:
    """N-D max pooling, N = rank(input) - 2."""
    n = _rank_n(input)
    return (max_pool1d, max_pool2d, max_pool3d)[n - 1](input, ksize, strides, padding,
                                                       A.data_format(data_format, n))


def avg_pool(input, ksize, strides, padding, data_format=None, name=None) -> Tensor:
    """N-D average pooling, N = rank(input) - 2."""
    n = _rank_n(input)
    return (avg_pool1d, avg_pool2d, avg_pool3d)[n - 1](input, ksize, strides, padding,
                                                       A.data_format(data_format, n))


def pool(input, window_shape, pooling_type, strides=None, padding="VALID",
         data_format=None, dilations=None, name=None) -> Tensor:
    """N-D "MAX" or "AVG" pooling with optional dilation (VALID padding only, as in TF)."""
    window_shape = static_ints(window_shape, "window_shape")
    window_shape = (window_shape,) if isinstance(window_shape, int) else tuple(window_shape)
    n = len(window_shape)
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
    st = tuple(static_ints(strides, "strides")) if strides is not None else (1,) * n
    dl = tuple(static_ints(dilations, "dilations")) if dilations is not None else (1,) * n
    if max(st) > 1 and max(dl) > 1:
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={list(st)} and dilation_rate={list(dl)}")
    if padding == "SAME" and max(dl) > 1:
        raise ValueError(f"pooling with 'SAME' padding is not implemented for `dilation_rate` > "
                         f"1. Received: padding=SAME and dilation_rate={list(dl)}")
    fmt = A.loose_format(data_format, n)
    first = fmt[1] == "C"
    kind = "max" if pooling_type == "MAX" else "avg"
    op = "MaxPool" if kind == "max" else "AvgPool"
    k, s = _window(window_shape, st, n, fmt, kind, op)
    full_dl = A.full_sequence(dl, n, first, "dilations")
    prim = max_pool_ if kind == "max" else avg_pool_
    pad = A.padding(padding, n, first, explicit=False)
    return prim(_checked_input(input, n, kind), ksize=k, strides=s, padding=pad,
                dilations=full_dl)


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC",
                         output_dtype=dtypes.int64, include_batch_in_index=False,
                         name=None) -> tuple:
    """(max_pool2d output, flat index of each maximum: ((b * H + y) * W + x) * C + c, without
    the batch term unless include_batch_in_index)."""
    if data_format != "NHWC":
        raise ValueError("Data formats other than 'NHWC' are not yet supported")
    output_dtype = as_dtype(output_dtype)
    if output_dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'Targmax' has DataType "
                        f"{output_dtype.name} not in list of allowed values: int32, int64")
    k, s = _window(ksize, strides, 2, "NHWC", "argmax", "MaxPoolWithArgmax")
    pad = A.padding(padding, 2, False, explicit=False)
    attrs = {"ksize": k, "strides": s, "padding": pad, "dilations": (1,) * 4}
    return (max_pool_(input, **attrs),
            max_pool_argmax_(input, include_batch=bool(include_batch_in_index),
                             output_dtype=output_dtype, **attrs))


__all__: list = []
_nn_exports = ("max_pool", "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool", "avg_pool1d",
               "avg_pool2d", "avg_pool3d", "pool", "max_pool_with_argmax")
