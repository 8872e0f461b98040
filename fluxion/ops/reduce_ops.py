"""Reductions (``tf.reduce_sum``, ``tf.math.reduce_std``, ``tf.argmax``, ``tf.add_n`` ...).

Scans and top-k live in `scan_ops`, segment ops and bincount in `segment_ops`, norm clipping in
`clip_ops`; this module re-exports them so the family has one set of export lists.

Every reduction primitive takes static attributes `axis` (a sorted tuple of non-negative axes)
and `keepdims`; `_axes` turns TF's axis arguments (None, int, list, tensor) into that form.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops
from fluxion.ops._util import FLOAT, NUMERIC, REAL, shape_of, static_value
# the family's other modules: imported so their ops register and their names are exported here
from fluxion.ops.clip_ops import clip_by_global_norm, clip_by_norm, global_norm  # noqa: F401
from fluxion.ops.scan_ops import cumprod, cumsum, in_top_k, top_k  # noqa: F401
from fluxion.ops.segment_ops import (bincount, segment_max, segment_mean,  # noqa: F401
                                     segment_min, segment_prod, segment_sum,
                                     unsorted_segment_max, unsorted_segment_mean,
                                     unsorted_segment_min, unsorted_segment_prod,
                                     unsorted_segment_sqrt_n, unsorted_segment_sum)

__all__ = [
    "reduce_sum", "reduce_mean", "reduce_prod", "reduce_max", "reduce_min", "reduce_any",
    "reduce_all", "reduce_logsumexp", "argmax", "argmin", "add_n", "cumsum",
    "clip_by_norm", "clip_by_global_norm",
]


# --- axis normalisation --------------------------------------------------------------------------
def _axes(axis, rank: int, op: str) -> tuple:
    """TF's `axis` argument as a sorted tuple of non-negative axes; errors name the op."""
    if axis is None:
        return tuple(range(rank))
    if type(axis) is int:
        if -rank <= axis < rank:
            return (axis % rank,)
        raise _bad_axis(axis, rank, op)
    v = static_value(axis)
    if v.dtype.kind not in "iu" and v.size:
        raise TypeError(f"Cannot convert {axis!r} to EagerTensor of dtype int32")
    out = set()
    for a in v.reshape(-1).tolist():
        if not -rank <= a < rank:
            raise _bad_axis(a, rank, op)
        if a % rank in out:
            raise InvalidArgumentError(f"Invalid reduction arguments: Axes contains duplicate "
                                       f"dimension: {a % rank} [Op:{op}]")
        out.add(a % rank)
    return tuple(sorted(out))


def _bad_axis(a, rank: int, op: str) -> InvalidArgumentError:
    return InvalidArgumentError(f"Invalid reduction dimension ({a} for input with {rank} "
                                f"dimension(s) [Op:{op}]")


def _tensor(x):
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _count(shape, axis) -> int:
    n = 1
    for a in axis:
        n *= shape[a]
    return n


def _kept(g, x, axis, keepdims):
    """Reshapes a reduction's output (or its gradient) so it broadcasts against `x`."""
    if keepdims:
        return g
    if _varies(x):  # sizes unknown while tracing: insert the reduced axes one by one
        for a in sorted(axis):
            g = array_ops.expand_dims(g, a)
        return g
    return array_ops.reshape(g, [1 if i in axis else d for i, d in enumerate(shape_of(x))])


def _varies(x) -> bool:
    """Whether `x`'s shape varies between runs of the graph being traced."""
    from fluxion.core.op import STATE  # noqa: PLC0415

    return STATE.trace is not None and STATE.trace.is_shape_dynamic_here(x)


def _broadcast_like(g, x):
    """`g` broadcast to `x`'s shape (known statically, or only when the graph runs)."""
    if _varies(x):
        return math_ops.add(g, array_ops.zeros_like(x))
    return array_ops.broadcast_to(g, shape_of(x))


# --- sum / mean / prod ---------------------------------------------------------------------------
def _sum_kernel(xp, x, axis, keepdims):
    # the array method: the same reduction as xp.sum without its dispatch layer (half the time
    # on small inputs)
    if x.dtype == xp.float16:  # accumulate half precision in float32, as TF's kernels do
        return x.sum(axis=axis, keepdims=keepdims, dtype=xp.float32).astype(x.dtype)
    return x.sum(axis=axis, keepdims=keepdims, dtype=x.dtype)


def _vjp_sum(g, out, x, axis, keepdims):
    return (_broadcast_like(_kept(g, x, axis, keepdims), x),)


_sum = defop("reduce_sum", _sum_kernel, vjp=_vjp_sum, infer=_infer.reduce, dtypes=NUMERIC,
             tf_name="Sum")


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Sum over `axis` (all axes when None); integer sums keep their dtype, as in TF."""
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("sum", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _sum(x, axis=_axes(axis, x._value.ndim, "Sum"), keepdims=bool(keepdims))


def _mean_kernel(xp, x, axis, keepdims):
    count = _count(x.shape, axis)
    if count and x.dtype.char in "fd":  # float32/64: sum in the input dtype, then divide (a
        # Python int divisor takes that dtype, as the explicit conversion below does)
        return x.sum(axis=axis, keepdims=keepdims, dtype=x.dtype) / count
    kind = x.dtype.kind
    if kind in "iu":  # TF accumulates wide and divides with truncation toward zero
        total = xp.sum(x, axis=axis, keepdims=keepdims, dtype=xp.int64 if kind == "i"
                       else xp.uint64)
        if count == 0:
            return xp.zeros(total.shape, x.dtype)
        quotient = total // count if kind == "u" else xp.sign(total) * (xp.abs(total) // count)
        return quotient.astype(x.dtype)
    total = _sum_kernel(xp, x, axis, keepdims)
    if count == 0:
        return xp.full(total.shape, xp.nan, x.dtype)
    return (total / xp.asarray(count, x.dtype)).astype(x.dtype, copy=False)


def _vjp_mean(g, out, x, axis, keepdims):
    if _varies(x):  # the count is only known when the graph runs
        count = math_ops.divide(math_ops.cast(array_ops.size(x), g.dtype),
                                math_ops.cast(array_ops.size(g), g.dtype))
        g = math_ops.divide(g, count)
    else:
        g = math_ops.divide(g, float(_count(shape_of(x), axis)))
    return (_broadcast_like(_kept(g, x, axis, keepdims), x),)


_mean = defop("reduce_mean", _mean_kernel, vjp=_vjp_mean, infer=_infer.reduce, dtypes=NUMERIC,
              tf_name="Mean")


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Mean over `axis`; integer means truncate toward zero (accumulated wide), as in TF."""
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("mean", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _mean(x, axis=_axes(axis, x._value.ndim, "Mean"), keepdims=bool(keepdims))


def _prod_kernel(xp, x, axis, keepdims):
    return xp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _vjp_prod(g, out, x, axis, keepdims):
    # d prod / d x_i is the product of the other elements of x_i's group. Reducing one axis at
    # a time, that is (exclusive cumprod from the left) * (from the right): exact with zeros.
    from fluxion.ops import scan_ops  # noqa: PLC0415

    g = _kept(g, x, axis, keepdims)
    partials = [x]
    for a in axis[:-1]:
        partials.append(reduce_prod(partials[-1], a, keepdims=True))
    for a, part in zip(reversed(axis), reversed(partials)):
        others = math_ops.multiply(scan_ops.cumprod(part, a, exclusive=True),
                                   scan_ops.cumprod(part, a, exclusive=True, reverse=True))
        g = math_ops.multiply(math_ops.conj(others), g)
    return (g,)


_prod = defop("reduce_prod", _prod_kernel, vjp=_vjp_prod, infer=_infer.reduce, dtypes=NUMERIC,
              tf_name="Prod")


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("prod", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _prod(x, axis=_axes(axis, x._value.ndim, "Prod"), keepdims=bool(keepdims))


# --- max / min -----------------------------------------------------------------------------------
def _extreme_kernel(name: str, lowest: bool):
    def kernel(xp, x, axis, keepdims):
        fn = getattr(xp, name)
        if x.size == 0:  # TF: the identity, -inf/+inf for floats, the dtype's limits for ints
            kind = x.dtype.kind
            info = xp.finfo(x.dtype) if kind == "f" else xp.iinfo(x.dtype)
            edge = (-xp.inf if lowest else xp.inf) if kind == "f" else \
                (info.min if lowest else info.max)
            return fn(x, axis=axis, keepdims=keepdims, initial=edge)
        return fn(x, axis=axis, keepdims=keepdims)
    return kernel


def _vjp_extreme(g, out, x, axis, keepdims):
    # ties share the gradient equally, as in TF
    hit = math_ops.cast(math_ops.equal(_kept(out, x, axis, keepdims), x), g.dtype)
    count = reduce_sum(hit, axis, keepdims=True)
    return (math_ops.multiply(math_ops.divide(hit, count), _kept(g, x, axis, keepdims)),)


_max = defop("reduce_max", _extreme_kernel("max", True), vjp=_vjp_extreme, infer=_infer.reduce,
             dtypes=REAL, tf_name="Max")
_min = defop("reduce_min", _extreme_kernel("min", False), vjp=_vjp_extreme, infer=_infer.reduce,
             dtypes=REAL, tf_name="Min")


def reduce_max(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Maximum over `axis`; NaN propagates; an empty reduction gives -inf (dtype min for ints)."""
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("max", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _max(x, axis=_axes(axis, x._value.ndim, "Max"), keepdims=bool(keepdims))


def reduce_min(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Minimum over `axis`; NaN propagates; an empty reduction gives +inf (dtype max for ints)."""
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("min", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _min(x, axis=_axes(axis, x._value.ndim, "Min"), keepdims=bool(keepdims))


# --- any / all -----------------------------------------------------------------------------------
def _any_kernel(xp, x, axis, keepdims):
    return xp.any(x, axis=axis, keepdims=keepdims)


def _all_kernel(xp, x, axis, keepdims):
    return xp.all(x, axis=axis, keepdims=keepdims)


_any = defop("reduce_any", _any_kernel, infer=_infer.reduce, dtypes=(dtypes.bool,), tf_name="Any")
_all = defop("reduce_all", _all_kernel, infer=_infer.reduce, dtypes=(dtypes.bool,), tf_name="All")


def reduce_any(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Logical or over `axis` (bool input only)."""
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("any", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _any(x, axis=_axes(axis, x._value.ndim, "Any"), keepdims=bool(keepdims))


def reduce_all(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Logical and over `axis` (bool input only)."""
    if not hasattr(input_tensor, "_value") and hasattr(input_tensor, "__tf_reduce__"):
        return input_tensor.__tf_reduce__("all", axis, keepdims)  # RaggedTensor
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _all(x, axis=_axes(axis, x._value.ndim, "All"), keepdims=bool(keepdims))


# --- logsumexp / euclidean norm / moments --------------------------------------------------------
def _logsumexp_kernel(xp, x, axis, keepdims):
    # shift by the (finite) maximum so exp cannot overflow; all -inf gives -inf, empty -inf
    top = xp.max(x, axis=axis, keepdims=True, initial=-xp.inf)
    top = xp.where(xp.isfinite(top), top, 0).astype(x.dtype)
    out = xp.log(xp.sum(xp.exp(x - top), axis=axis, keepdims=True)) + top
    return (out if keepdims else xp.squeeze(out, axis=axis)).astype(x.dtype, copy=False)


def _vjp_logsumexp(g, out, x, axis, keepdims):
    weights = math_ops.exp(math_ops.subtract(x, _kept(out, x, axis, keepdims)))
    return (math_ops.multiply(weights, _kept(g, x, axis, keepdims)),)


_logsumexp = defop("reduce_logsumexp", _logsumexp_kernel, vjp=_vjp_logsumexp,
                   infer=_infer.reduce, dtypes=FLOAT, tf_name="ReduceLogSumExp")


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """log(sum(exp(x))) over `axis`, computed stably (float input only)."""
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _logsumexp(x, axis=_axes(axis, x._value.ndim, "Max"), keepdims=bool(keepdims))


def _euclidean_norm_kernel(xp, x, axis, keepdims):
    kind = x.dtype.kind
    if kind == "c":
        return xp.sqrt(xp.sum(xp.abs(x) ** 2, axis=axis, keepdims=keepdims)).astype(x.dtype)
    wide = x.astype(xp.float64) if kind in "iu" else \
        x.astype(xp.float32) if x.dtype == xp.float16 else x
    norm = xp.sqrt(xp.sum(wide * wide, axis=axis, keepdims=keepdims))
    return (xp.floor(norm) if kind in "iu" else norm).astype(x.dtype)


def _vjp_euclidean_norm(g, out, x, axis, keepdims):
    # TF's rule: g * x / norm (no conjugation for complex inputs); NaN at a zero norm
    ratio = math_ops.divide(x, _kept(out, x, axis, keepdims))
    return (math_ops.multiply(ratio, _kept(g, x, axis, keepdims)),)


_euclidean_norm = defop("reduce_euclidean_norm", _euclidean_norm_kernel,
                        vjp=_vjp_euclidean_norm, infer=_infer.reduce, dtypes=NUMERIC,
                        tf_name="EuclideanNorm")


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """sqrt(sum(|x|^2)) over `axis`; integer inputs give the truncated integer norm, as TF."""
    x = input_tensor if hasattr(input_tensor, "_value") else convert_to_tensor(input_tensor)
    return _euclidean_norm(x, axis=_axes(axis, x._value.ndim, "EuclideanNorm"),
                           keepdims=bool(keepdims))


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Population variance over `axis` (real dtype output for complex input)."""
    x = _tensor(input_tensor)
    means = reduce_mean(x, axis, keepdims=True)
    if means.dtype.is_integer:
        raise TypeError(f"Input must be either real or complex. Received integer type "
                        f"{means.dtype!r}.")
    diff = math_ops.subtract(x, means)
    if diff.dtype.is_complex:
        squared = math_ops.real(math_ops.multiply(math_ops.conj(diff), diff))
    else:
        squared = math_ops.square(diff)
    return reduce_mean(squared, axis, keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """Population standard deviation over `axis`."""
    return math_ops.sqrt(reduce_variance(input_tensor, axis, keepdims))


# --- argmax / argmin -----------------------------------------------------------------------------
def _arg_kernel(name: str, op: str, nan_fill: float):
    def kernel(xp, x, axis, output_type):
        if x.shape[axis] == 0:
            raise InvalidArgumentError(f"Reduction axis {axis} is empty in shape "
                                       f"{list(x.shape)} [Op:{op}]")
        if x.dtype.kind == "f" and xp.isnan(x).any():
            x = xp.where(xp.isnan(x), nan_fill, x)  # TF's comparisons skip NaN; NumPy's don't
        return getattr(xp, name)(x, axis=axis).astype(output_type._np)
    return kernel


def _infer_arg(x: Spec, axis, output_type):
    if x.shape is None:
        return Spec(None, output_type)
    return Spec(tuple(d for i, d in enumerate(x.shape) if i != axis), output_type)


_ARG_DTYPES = REAL + (dtypes.bool,)
_argmax = defop("argmax", _arg_kernel("argmax", "ArgMax", -np.inf), infer=_infer_arg,
                dtypes=_ARG_DTYPES, tf_name="ArgMax")
_argmin = defop("argmin", _arg_kernel("argmin", "ArgMin", np.inf), infer=_infer_arg,
                dtypes=_ARG_DTYPES, tf_name="ArgMin")
_ARG_OUTPUT = (dtypes.int16, dtypes.uint16, dtypes.int32, dtypes.int64)


def _arg_call(op, name: str, input, axis, output_type):  # noqa: A002
    x = _tensor(input)
    rank = x._value.ndim
    axis = 0 if axis is None else axis
    if not isinstance(axis, int) or isinstance(axis, bool):
        v = static_value(axis)
        if v.ndim or v.dtype.kind not in "iu":
            raise TypeError("axis must be int or Tensor with integer datatype")
        axis = int(v)
    if not -rank <= axis < rank:
        raise InvalidArgumentError(f"Expected dimension in the range [{-rank}, {rank}), but got "
                                   f"{axis} [Op:{name}]")
    output_type = as_dtype(output_type)
    if output_type not in _ARG_OUTPUT:
        raise InvalidArgumentError(f"Value for attr 'output_type' of {output_type.name} is not "
                                   f"in the list of allowed values: int16, uint16, int32, int64 "
                                   f"[Op:{name}]")
    return op(x, axis=axis % rank, output_type=output_type)


def argmax(input, axis=None, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    """Index of the largest value along `axis` (0 when None); the first one on ties."""
    return _arg_call(_argmax, "ArgMax", input, axis, output_type)


def argmin(input, axis=None, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    """Index of the smallest value along `axis` (0 when None); the first one on ties."""
    return _arg_call(_argmin, "ArgMin", input, axis, output_type)


# --- count_nonzero -------------------------------------------------------------------------------
def _count_nonzero_kernel(xp, x, axis, keepdims, dtype):
    out = xp.count_nonzero(x, axis=axis, keepdims=keepdims)
    return xp.asarray(out).astype(dtype._np)


def _infer_count_nonzero(x: Spec, axis, keepdims, dtype) -> Spec:
    return Spec(_infer.reduce(x, axis, keepdims).shape, dtype)


_count_nonzero = defop("count_nonzero", _count_nonzero_kernel, infer=_infer_count_nonzero,
                       tf_name="CountNonzero")


def count_nonzero(input, axis=None, keepdims=None, dtype=dtypes.int64,  # noqa: A002
                  name=None) -> Tensor:
    """Number of non-zero (non-empty for strings) entries over `axis`, as `dtype`."""
    x = _tensor(input)
    return _count_nonzero(x, axis=_axes(axis, x._value.ndim, "Sum"), keepdims=bool(keepdims),
                          dtype=as_dtype(dtype))


# --- add_n / accumulate_n ------------------------------------------------------------------------
def _add_n_kernel(xp, *xs):
    first = xs[0].shape
    for i, x in enumerate(xs[1:], 1):
        if x.shape != first:
            raise InvalidArgumentError(f"Inputs to operation AddN of type AddN must have the same "
                                       f"size and shape.  Input 0: {list(first)} != input {i}: "
                                       f"{list(x.shape)} [Op:AddN]")
    if len(xs) == 1:
        return xs[0]
    out = xs[0] + xs[1]
    for x in xs[2:]:
        out += x
    return out


def _infer_add_n(*xs: Spec) -> Spec:
    known = [s.shape for s in xs if s.shape is not None]
    if not known:
        return Spec(None, xs[0].dtype)
    shape = tuple(next((d for d in dims if d is not None), None) for dims in zip(*known))
    return Spec(shape, xs[0].dtype)


_add_n = defop("add_n", _add_n_kernel, vjp=lambda g, out, *xs: tuple(g for _ in xs),
               infer=_infer_add_n, dtypes=NUMERIC, tf_name="AddN")


def add_n(inputs, name=None) -> Tensor:
    """Sum of a list of same-shaped, same-dtype tensors."""
    if hasattr(inputs, "_value"):
        inputs = list(inputs)
    if not inputs:
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with "
                         "the same dtype and shape.")
    # each input converts on its own (no dtype taken from its neighbours), as in TF
    return _add_n(*[x if hasattr(x, "_value") else convert_to_tensor(x) for x in inputs])


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None) -> Tensor:
    """Like `add_n`, checking `shape` and `tensor_dtype` when given."""
    from fluxion.core.shape import TensorShape  # noqa: PLC0415

    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the "
                         "same dtype and shape")
    tensors = [x if hasattr(x, "_value") else convert_to_tensor(x) for x in inputs]
    expected = TensorShape(shape) if shape is not None else TensorShape(None)
    for t in tensors:
        got = TensorShape(t._value.shape)
        if not expected.is_compatible_with(got):
            raise ValueError(f"Shapes {expected} and {got} are not compatible")
        expected = expected.merge_with(got)
    if tensor_dtype is not None and any(t.dtype != as_dtype(tensor_dtype) for t in tensors):
        raise TypeError(f"tensor_dtype is {as_dtype(tensor_dtype).name}, but input is of type "
                        f"{tensors[0].dtype.name}")
    return _add_n(*tensors)


_math_exports = (
    "reduce_sum", "reduce_mean", "reduce_prod", "reduce_max", "reduce_min", "reduce_any",
    "reduce_all", "reduce_logsumexp", "reduce_euclidean_norm", "reduce_std", "reduce_variance",
    "argmax", "argmin", "count_nonzero", "add_n", "accumulate_n", "cumsum", "cumprod", "top_k",
    "in_top_k", "bincount", "segment_sum", "segment_mean", "segment_max", "segment_min",
    "segment_prod", "unsorted_segment_sum", "unsorted_segment_mean", "unsorted_segment_max",
    "unsorted_segment_min", "unsorted_segment_prod", "unsorted_segment_sqrt_n",
)
_nn_exports = ("top_k", "in_top_k")
_linalg_exports = ("global_norm",)
