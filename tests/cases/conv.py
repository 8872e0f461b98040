"""Cases for the convolution and pooling primitives, with loop-based NumPy references.

The references (also used by tests/test_conv.py) visit every output position and kernel tap
explicitly: slow, but obviously right, on the small shapes used here.
"""
import itertools

import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(7)


# --- references ------------------------------------------------------------------------------
def same_pads(sizes, ksize, strides, dilations):
    """TF's SAME padding: out = ceil(in / stride), the odd element of padding at the end."""
    pads = []
    for n, k, s, d in zip(sizes, ksize, strides, dilations):
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def resolve(padding, sizes, ksize, strides, dilations):
    if padding == "SAME":
        return same_pads(sizes, ksize, strides, dilations)
    if padding == "VALID":
        return [(0, 0)] * len(sizes)
    return [tuple(p) for p in padding]


def _to_last(x, first):
    return np.moveaxis(x, 1, -1) if first else x


def _from_last(x, first):
    return np.moveaxis(x, -1, 1) if first else x


def _grid(x_shape, w_shape, strides, padding, dilations):
    """(pads, output sizes, groups) of a channels-last convolution."""
    n = len(w_shape) - 2
    ksize = w_shape[:n]
    pads = resolve(padding, x_shape[1:-1], ksize, strides, dilations)
    outs = [(x_shape[1 + i] + lo + hi - (ksize[i] - 1) * dilations[i] - 1) // strides[i] + 1
            for i, (lo, hi) in enumerate(pads)]
    return pads, outs, x_shape[-1] // w_shape[-2]


def _taps(b, outs, ksize, strides, dilations):
    """Every (output position, tap, input position) of batch element b."""
    for pos in itertools.product(*[range(o) for o in outs]):
        for tap in itertools.product(*[range(k) for k in ksize]):
            idx = tuple(p * s + t * d for p, t, s, d in zip(pos, tap, strides, dilations))
            yield (b,) + pos, tap, (b,) + idx


def _flat(a, n):
    """Merges leading batch axes (conv accepts several)."""
    return a.reshape((-1,) + a.shape[a.ndim - n - 1:])


def ref_conv(x, w, strides, padding, dilations, data_format="NHWC"):
    first = data_format[1] == "C"
    lead = np.shape(x)[:np.ndim(x) - w.ndim + 1]
    if len(lead) > 1:
        out = ref_conv(_flat(np.asarray(x), w.ndim - 2), w, strides, padding, dilations,
                       data_format)
        return out.reshape(lead + out.shape[1:])
    x = _to_last(np.asarray(x, np.float64), first)
    pads, outs, groups = _grid(x.shape, w.shape, strides, padding, dilations)
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    cg, o = w.shape[-2:]
    og = o // groups
    out = np.zeros((x.shape[0], *outs, o))
    for b in range(x.shape[0]):
        for opos, tap, ipos in _taps(b, outs, w.shape[:-2], strides, dilations):
            for c in range(o):
                g = c // og
                out[opos + (c,)] += xp[ipos][g * cg:(g + 1) * cg] @ w[tap][:, c]
    return _from_last(out, first)


def ref_conv_input(w, g, input_shape, strides, padding, dilations, data_format="NHWC"):
    first = data_format[1] == "C"
    lead = tuple(input_shape[:len(input_shape) - w.ndim + 1])
    if len(lead) > 1:
        shape = (-1,) + tuple(input_shape[len(lead):])
        dx = ref_conv_input(w, _flat(np.asarray(g), w.ndim - 2), shape, strides, padding,
                            dilations, data_format)
        return dx.reshape(tuple(input_shape))
    g = _to_last(np.asarray(g, np.float64), first)
    shape = tuple(input_shape)
    shape = (g.shape[0],) + shape[1:] if shape[0] == -1 else shape
    shape = shape[:1] + shape[2:] + shape[1:2] if first else shape
    pads, outs, groups = _grid(shape, w.shape, strides, padding, dilations)
    dx = np.zeros((shape[0],) + tuple(s + lo + hi for s, (lo, hi) in zip(shape[1:-1], pads))
                  + (shape[-1],))
    cg, o = w.shape[-2:]
    og = o // groups
    for b in range(shape[0]):
        for opos, tap, ipos in _taps(b, outs, w.shape[:-2], strides, dilations):
            for c in range(o):
                gr = c // og
                dx[ipos][gr * cg:(gr + 1) * cg] += w[tap][:, c] * g[opos + (c,)]
    crop = tuple(slice(lo, lo + s) for (lo, _), s in zip(pads, shape[1:-1]))
    return _from_last(dx[(slice(None),) + crop], first)


def ref_conv_filter(x, g, filter_shape, strides, padding, dilations, data_format="NHWC"):
    first = data_format[1] == "C"
    n = len(filter_shape) - 2
    if np.ndim(x) > n + 2:
        x, g = _flat(np.asarray(x), n), _flat(np.asarray(g), n)
    x = _to_last(np.asarray(x, np.float64), first)
    g = _to_last(np.asarray(g, np.float64), first)
    pads, outs, groups = _grid(x.shape, filter_shape, strides, padding, dilations)
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    cg, o = filter_shape[-2:]
    og = o // groups
    dw = np.zeros(filter_shape)
    for b in range(x.shape[0]):
        for opos, tap, ipos in _taps(b, outs, filter_shape[:-2], strides, dilations):
            for c in range(o):
                gr = c // og
                dw[tap][:, c] += xp[ipos][gr * cg:(gr + 1) * cg] * g[opos + (c,)]
    return dw


def _pool_grid(shape, ksize, strides, padding, dilations=None):
    """(pads, output sizes, dilations) of a pooling window over every axis."""
    dilations = dilations or (1,) * len(shape)
    pads = resolve(padding, shape, ksize, strides, dilations)
    outs = [(n + lo + hi - (k - 1) * d - 1) // s + 1
            for n, (lo, hi), k, s, d in zip(shape, pads, ksize, strides, dilations)]
    return pads, outs, dilations


def _pool_windows(shape, ksize, strides, padding, dilations=None):
    """Yields (output index, input indices of the real elements of its window)."""
    pads, outs, dilations = _pool_grid(shape, ksize, strides, padding, dilations)
    for pos in itertools.product(*[range(o) for o in outs]):
        members = []
        for tap in itertools.product(*[range(k) for k in ksize]):
            idx = tuple(p * s + t * d - lo for p, t, s, d, (lo, _)
                        in zip(pos, tap, strides, dilations, pads))
            if all(0 <= i < n for i, n in zip(idx, shape)):
                members.append(idx)
        yield pos, members


def _pool_out(shape, dtype, *geo):
    return np.zeros(_pool_grid(shape, *geo)[1], dtype)


def ref_max_pool(x, *geo):
    out = _pool_out(x.shape, x.dtype, *geo)
    for pos, members in _pool_windows(x.shape, *geo):
        out[pos] = max(x[m] for m in members)
    return out


def ref_max_pool_grad(x, g, *geo):
    dx = np.zeros(x.shape, g.dtype)
    for pos, members in _pool_windows(x.shape, *geo):
        best = max(members, key=lambda m: x[m])  # max() keeps the first of equal maxima
        dx[best] += g[pos]
    return dx


def ref_max_pool_grad_grad(x, gg, *geo):
    out = _pool_out(x.shape, gg.dtype, *geo)
    for pos, members in _pool_windows(x.shape, *geo):
        out[pos] = gg[max(members, key=lambda m: x[m])]
    return out


def ref_avg_pool(x, *geo):
    out = _pool_out(x.shape, x.dtype, *geo)
    for pos, members in _pool_windows(x.shape, *geo):
        out[pos] = np.mean([x[m] for m in members], dtype=np.float64)
    return out


def ref_avg_pool_grad(g, input_shape, *geo):
    dx = np.zeros(input_shape, g.dtype)
    for pos, members in _pool_windows(tuple(input_shape), *geo):
        for m in members:
            dx[m] += g[pos] / len(members)
    return dx


# --- cases -------------------------------------------------------------------------------------
def _arr(shape, dtype=np.float32):
    if np.dtype(dtype).kind in "iu":
        return R.integers(0 if np.dtype(dtype).kind == "u" else -4, 5, shape).astype(dtype)
    return R.standard_normal(shape).astype(dtype)


_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}
_FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
_TOL = {np.float16: (2e-2, 2e-2), np.float32: (1e-4, 1e-5)}


def _conv_cases(xs, ws, strides, padding, dilations, fmt=None, dtype=np.float32, grad=True):
    """conv, conv_backprop_input and conv_backprop_filter cases for one geometry."""
    n = len(ws) - 2
    fmt = fmt or _LAST[n]
    attrs = {"strides": strides, "padding": padding, "dilations": dilations, "data_format": fmt}
    x, w = _arr(xs, dtype), _arr(ws, dtype)
    out = ref_conv(x, w, **attrs)
    g = _arr(out.shape, dtype)
    rtol, atol = _TOL.get(dtype, (1e-5, 1e-6))
    can_grad = grad and np.dtype(dtype).kind == "f"
    common = {"rtol": rtol, "atol": atol}
    cases = [Case("conv", [x, w], attrs, ref=lambda x, w: ref_conv(x, w, **attrs).astype(dtype),
                  grad=can_grad, **common)]
    if np.dtype(dtype).kind == "f":
        cases += [
            Case("conv_backprop_input", [w, g], dict(attrs, input_shape=xs), grad=can_grad,
                 ref=lambda w, g: ref_conv_input(w, g, xs, **attrs).astype(dtype), **common),
            Case("conv_backprop_filter", [x, g], dict(attrs, filter_shape=ws), grad=can_grad,
                 ref=lambda x, g: ref_conv_filter(x, g, ws, **attrs).astype(dtype), **common),
        ]
    return cases


def _pool_cases(xs, ksize, strides, padding, dilations=None, dtype=np.float32, avg=True):
    dilations = dilations or (1,) * len(xs)
    attrs = {"ksize": ksize, "strides": strides, "padding": padding, "dilations": dilations}
    geo = (ksize, strides, padding, dilations)
    x = _arr(xs, dtype)
    y = ref_max_pool(x, *geo)
    g, gg = _arr(y.shape, dtype), _arr(xs, dtype)
    cases = [
        Case("max_pool", [x], attrs, ref=lambda x: ref_max_pool(x, *geo)),
        Case("max_pool_grad", [x, y, g], attrs, grad_argnums=(2,),
             ref=lambda x, y, g: ref_max_pool_grad(x, g, *geo)),
        Case("max_pool_grad_grad", [x, y, gg], attrs, grad_argnums=(2,),
             ref=lambda x, y, gg: ref_max_pool_grad_grad(x, gg, *geo)),
    ]
    if avg and np.dtype(dtype).kind == "f":
        cases += [
            Case("avg_pool", [x], attrs, ref=lambda x: ref_avg_pool(x, *geo)),
            Case("avg_pool_grad", [g], dict(attrs, input_shape=xs),
                 ref=lambda g: ref_avg_pool_grad(g, xs, *geo)),
        ]
    return cases


def _argmax_ref(x, ksize, strides, padding, include_batch):
    out = _pool_out(x.shape, np.int64, ksize, strides, padding)
    for pos, members in _pool_windows(x.shape, ksize, strides, padding):
        b, i, j, c = max(members, key=lambda m: x[m])
        flat = (i * x.shape[2] + j) * x.shape[3] + c
        out[pos] = flat + (b * x.shape[1] * x.shape[2] * x.shape[3] if include_batch else 0)
    return out


def _argmax_case(xs, ksize, strides, padding, include_batch, output_dtype=dtypes.int64):
    attrs = {"ksize": ksize, "strides": strides, "padding": padding, "dilations": (1,) * 4,
             "include_batch": include_batch, "output_dtype": output_dtype}
    return Case("max_pool_argmax", [_arr(xs)], attrs, grad=False,
                ref=lambda x: _argmax_ref(x, ksize, strides, padding, include_batch)
                .astype(output_dtype.as_numpy_dtype))


TIES = np.array([[1, 3, 3, 0], [3, 0, 1, 3], [2, 3, 3, 1]], np.float32).reshape(1, 3, 4, 1)


def _tiled_ties_case(xs, ksize, dtype=np.float32):
    """max_pool_grad where windows tile the input (its fast path), on small integers: many
    ties, and windows whose maximum repeats."""
    x = R.integers(0, 3, xs).astype(dtype)
    attrs = {"ksize": ksize, "strides": ksize, "padding": "VALID", "dilations": (1,) * len(xs)}
    geo = (ksize, ksize, "VALID", attrs["dilations"])
    y = ref_max_pool(x, *geo)
    return Case("max_pool_grad", [x, y, _arr(y.shape, dtype)], attrs, grad_argnums=(2,),
                note="windows tile the input; ties go to the first maximum",
                ref=lambda x, y, g: ref_max_pool_grad(x, g, *geo))


def _pool_relu_grad_case(xs, ksize, strides, padding, ties=False):
    """max_pool_relu_grad (the graph optimizer's fusion of ReluGrad(MaxPoolGrad(x, y, g), x)):
    x is a relu's output, with all-zero windows (and small integers: ties)."""
    x = np.maximum(R.integers(-2, 3, xs) if ties else _arr(xs, np.float64) - 0.3, 0).astype(
        np.float32)
    dil = (1,) * len(xs)
    attrs = {"ksize": ksize, "strides": strides, "padding": padding, "dilations": dil}
    geo = (ksize, strides, padding, dil)
    y = ref_max_pool(x, *geo)
    return Case("max_pool_relu_grad", [x, y, _arr(y.shape, np.float32)], attrs,
                grad_argnums=(2,), note="values of the unfused pair (zeros may differ in sign)",
                ref=lambda x, y, g: ref_max_pool_grad(x, g, *geo) * (x > 0))


def _fused_conv_cases(xs, ws, strides, padding, fmt="NHWC", dtype=np.float32):
    """fused_conv and conv_backprop_input_relu_grad (the graph optimizer's fusions of a conv
    layer's bias + relu, and of its relu's gradient below): the unfused ops' values."""
    attrs = {"strides": strides, "padding": padding, "dilations": (1, 1), "data_format": fmt}
    x, w = _arr(xs, dtype), _arr(ws, dtype)
    channels = (slice(None),) + (None,) * 2 if fmt == "NCHW" else (Ellipsis,)
    bias = _arr(ws[-1:], dtype)
    rtol, atol = _TOL.get(dtype, (1e-5, 1e-6))
    y = np.maximum(x - 0.3, 0).astype(dtype)  # a relu's output, with zeros
    g = _arr(ref_conv(x, w, **attrs).shape, dtype)
    return [
        Case("fused_conv", [x, w, bias], dict(attrs, activation=act), rtol=rtol, atol=atol,
             ref=lambda x, w, b, act=act: (lambda z: np.maximum(z, 0) if act else z)(
                 ref_conv(x, w, **attrs) + b[channels]).astype(dtype))
        for act in ("", "relu")] + [
        Case("conv_backprop_input_relu_grad", [w, g, y], dict(attrs, input_shape=xs),
             grad_argnums=(0, 1), rtol=rtol, atol=atol,
             ref=lambda w, g, y: (ref_conv_input(w, g, xs, **attrs) * (y > 0)).astype(dtype))]


def _bias_grad_case(shape, dtype=np.float32, grad=True, **tol):
    g = R.integers(-5, 5, shape).astype(dtype) if np.dtype(dtype).kind in "iu" else \
        _arr(shape, dtype)
    lead = tuple(range(len(shape) - 1))
    return Case("bias_add_grad", [g], grad=grad, ref=lambda g: g.sum(axis=lead, dtype=np.float64)
                .astype(dtype), **tol)

CASES = [
    *_fused_conv_cases((2, 6, 7, 3), (3, 3, 3, 4), (1, 1), "VALID"),
    *_fused_conv_cases((2, 6, 7, 3), (3, 2, 3, 4), (2, 1), "SAME", dtype=np.float64),
    *_fused_conv_cases((2, 3, 6, 5), (3, 3, 3, 2), (1, 1), "VALID", fmt="NCHW"),
    *_fused_conv_cases((1, 5, 5, 2), (3, 3, 2, 3), (1, 1), "SAME", dtype=np.float16),
    _pool_relu_grad_case((2, 6, 8, 3), (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
    _pool_relu_grad_case((2, 6, 8, 3), (1, 2, 2, 1), (1, 2, 2, 1), "VALID", ties=True),
    _pool_relu_grad_case((1, 7, 5, 2), (1, 3, 3, 1), (1, 2, 2, 1), "SAME", ties=True),
    # 2-D: VALID/SAME, strides, dilations, explicit padding, odd sizes, groups, layouts
    *_conv_cases((2, 5, 5, 3), (3, 3, 3, 4), (1, 1), "VALID", (1, 1)),
    *_conv_cases((2, 6, 7, 2), (3, 2, 2, 3), (2, 2), "SAME", (1, 1)),
    *_conv_cases((1, 7, 6, 2), (3, 3, 2, 2), (1, 2), "SAME", (2, 1)),
    *_conv_cases((1, 5, 6, 3), (2, 3, 3, 2), (2, 1), ((1, 2), (0, 1)), (1, 1)),
    *_conv_cases((2, 5, 5, 4), (3, 3, 2, 4), (1, 1), "SAME", (1, 1)),  # 2 groups
    *_conv_cases((1, 6, 5, 3), (3, 3, 1, 6), (2, 2), "SAME", (1, 1)),  # depthwise x2
    *_conv_cases((1, 5, 5, 3), (2, 2, 1, 3), (1, 1), "VALID", (2, 2)),  # depthwise dilated
    *_conv_cases((2, 3, 5, 4), (3, 2, 3, 2), (1, 2), "SAME", (1, 1), fmt="NCHW"),
    *_conv_cases((1, 2, 5, 6), (1, 1, 2, 3), (1, 1), "VALID", (1, 1), fmt="NCHW"),  # 1x1
    *_conv_cases((1, 4, 4, 2), (2, 2, 2, 2), (1, 1), "SAME", (1, 1), dtype=np.float64),
    *_conv_cases((1, 4, 4, 2), (3, 3, 2, 2), (1, 1), "SAME", (1, 1), dtype=np.float16),
    *_conv_cases((2, 4, 5, 2), (2, 2, 2, 3), (1, 1), "VALID", (1, 1), dtype=np.int32),
    *_conv_cases((0, 4, 4, 2), (3, 3, 2, 3), (1, 1), "SAME", (1, 1)),  # empty batch
    *_conv_cases((2, 2, 5, 4, 2), (2, 2, 2, 3), (1, 1), "VALID", (1, 1)),  # two batch axes
    # 1-D and 3-D
    *_conv_cases((2, 9, 3), (3, 3, 2), (2,), "SAME", (1,)),
    *_conv_cases((1, 8, 2), (2, 2, 3), (1,), "VALID", (3,)),
    *_conv_cases((1, 2, 7), (3, 2, 2), (2,), "VALID", (1,), fmt="NCW"),
    *_conv_cases((1, 4, 3, 5, 2), (2, 2, 3, 2, 2), (1, 1, 2), "SAME", (1, 1, 1)),
    *_conv_cases((1, 2, 4, 4, 3), (2, 2, 2, 2, 2), (2, 1, 1), "VALID", (1, 1, 1),
                 fmt="NCDHW"),
    *_conv_cases((1, 3, 4, 5, 2), (2, 2, 2, 1, 4), (1, 1, 1), "SAME", (1, 1, 1)),  # depthwise
    *_conv_cases((2, 7, 3), (3, 1, 3), (1,), "SAME", (2,)),  # depthwise 1-D
    *_conv_cases((2, 7, 3), (2, 1, 6), (2,), "VALID", (1,)),  # depthwise 1-D strided
    # pooling
    *_pool_cases((2, 4, 6, 3), (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
    *_pool_cases((1, 5, 5, 2), (1, 3, 3, 1), (1, 2, 2, 1), "SAME"),
    *_pool_cases((1, 5, 4, 2), (1, 3, 2, 1), (1, 1, 1, 1), "SAME"),  # overlapping
    *_pool_cases((1, 2, 5, 6), (1, 1, 2, 3), (1, 1, 2, 2), "SAME"),  # NCHW layout
    *_pool_cases((1, 5, 5, 1), (1, 2, 2, 1), (1, 2, 2, 1), ((0, 0), (1, 1), (0, 1), (0, 0))),
    *_pool_cases((1, 6, 6, 1), (1, 2, 2, 1), (1, 1, 1, 1), "VALID", (1, 2, 2, 1)),
    *_pool_cases((2, 7, 3), (1, 3, 1), (1, 2, 1), "SAME"),
    *_pool_cases((1, 3, 4, 3, 2), (1, 2, 2, 2, 1), (1, 1, 2, 1, 1), "SAME"),
    *_pool_cases((1, 3, 3, 6), (1, 1, 1, 3), (1, 1, 1, 3), "VALID", avg=False),  # depth
    *_pool_cases((1, 4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1), "SAME", dtype=np.float64),
    *_pool_cases((1, 4, 5, 2), (1, 2, 2, 1), (1, 1, 2, 1), "SAME", dtype=np.int32),
    *_pool_cases((1, 4, 4, 1), (1, 3, 3, 1), (1, 1, 1, 1), "SAME", dtype=np.uint8),
    *_pool_cases((0, 4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
    Case("max_pool_grad", [TIES, ref_max_pool(TIES, (1, 2, 2, 1), (1, 1, 1, 1), "SAME"),
                           _arr((1, 3, 4, 1))],
         {"ksize": (1, 2, 2, 1), "strides": (1, 1, 1, 1), "padding": "SAME",
          "dilations": (1,) * 4},
         grad_argnums=(2,), note="ties: the first maximum of each window takes the gradient",
         ref=lambda x, y, g: ref_max_pool_grad(x, g, (1, 2, 2, 1), (1, 1, 1, 1), "SAME")),
    _tiled_ties_case((2, 6, 8, 3), (1, 2, 2, 1)),
    _tiled_ties_case((2, 7, 5, 2), (1, 2, 2, 1)),  # odd sizes: the last row/column uncovered
    _tiled_ties_case((1, 7, 9, 2), (1, 3, 3, 1)),
    _tiled_ties_case((2, 4, 6, 2), (1, 1, 2, 1)),
    _tiled_ties_case((2, 6, 3), (1, 2, 1), dtype=np.float64),
    _tiled_ties_case((1, 4, 4, 2), (1, 2, 2, 1), dtype=np.int32),
    # bias_add_grad: the sum over every axis but the last (NumPy, then BLAS from 16K elements)
    _bias_grad_case((3, 4)),
    _bias_grad_case((2, 3, 5), dtype=np.float64),
    _bias_grad_case((40, 30, 16), grad=False, rtol=1e-4, atol=1e-4),
    _bias_grad_case((130, 130), dtype=np.float64, grad=False),
    _bias_grad_case((4, 6), dtype=np.float16, rtol=1e-2, atol=1e-2),
    _bias_grad_case((3, 2, 4), dtype=np.int32),
    _bias_grad_case((0, 4)),
    _bias_grad_case((3, 0)),
    _argmax_case((2, 4, 4, 3), (1, 2, 2, 1), (1, 2, 2, 1), "VALID", False),
    _argmax_case((2, 5, 5, 2), (1, 3, 3, 1), (1, 2, 2, 1), "SAME", True),
    _argmax_case((1, 4, 3, 2), (1, 2, 2, 1), (1, 1, 1, 1), "SAME", False, dtypes.int32),
]
