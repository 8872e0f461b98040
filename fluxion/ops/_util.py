"""Small helpers shared by op families (argument normalisation, gradient plumbing)."""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import DType
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor, convert_to_tensor

FLOAT = (dtypes.float16, dtypes.float32, dtypes.float64)
COMPLEX = (dtypes.complex64, dtypes.complex128)
FLOAT_COMPLEX = FLOAT + COMPLEX
SIGNED_INT = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64)
UNSIGNED = (dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64)
INT = SIGNED_INT + UNSIGNED
REAL = FLOAT + INT
NUMERIC = REAL + COMPLEX
INDEX = (dtypes.int32, dtypes.int64)


def static_value(x, what: str = "argument"):
    """The concrete NumPy value of a tensor-like static argument (axis, shape, perm...)."""
    if x is None:
        return None
    if hasattr(x, "_value"):
        if STATE.trace is not None:  # a graph can only bake values known at trace time
            STATE.trace.check_static(x, f"Using as the static {what}")
        return np.asarray(x._value)
    if isinstance(x, (list, tuple)):
        return np.asarray([static_value(v, what) for v in x]) if x else np.zeros(0, np.int32)
    return np.asarray(x)


def static_ints(x, what: str = "argument"):
    """A static int or tuple of ints (an `axis`, `shape` or `perm` argument); None passes."""
    if x is None:
        return None
    v = static_value(x, what)
    if v.dtype.kind not in "iu" and v.size:
        raise TypeError(f"{what} must be integers, got {v.dtype} value {v}")
    if v.ndim == 0:
        return int(v)
    return tuple(int(i) for i in v.reshape(-1))


def static_axes(axis, rank: int, what: str = "axis"):
    """Normalises `axis` (int, list or None) to a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(rank))
    axes = static_ints(axis, what)
    axes = (axes,) if isinstance(axes, int) else axes
    out = []
    for a in axes:
        if not -max(rank, 1) <= a < max(rank, 1):
            from fluxion.errors import InvalidArgumentError  # noqa: PLC0415

            raise InvalidArgumentError(f"Invalid reduction dimension ({a} for input with "
                                       f"{rank} dimension(s)")
        out.append(a % max(rank, 1))
    return tuple(sorted(set(out)))


def as_tensor(x, dtype: DType | None = None) -> Tensor:
    return convert_to_tensor(x, dtype)


def shape_of(x) -> tuple:
    """The static shape of `x`. While tracing, a tensor whose shape varies between runs (an
    input with None dims) has none: reading it raises OperatorNotAllowedInGraphError, so no
    size seen while tracing is baked into the graph (reduce_retracing then traces exactly)."""
    if not hasattr(x, "_value"):
        return np.shape(x)
    from fluxion.core.op import STATE  # noqa: PLC0415

    trace = STATE.trace
    if trace is not None and trace.is_shape_dynamic_here(x):
        recorded = trace.recorded_shape(x)
        if recorded is None or None in recorded:
            from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415

            raise OperatorNotAllowedInGraphError(
                f"this op needs the static shape of a tensor whose shape depends on the "
                f"function's inputs ({recorded}) while tracing {trace.name!r}: trace with "
                f"known shapes (no None dims in the input_signature)")
        return tuple(recorded)
    return tuple(np.shape(x._value))


def _recorded_shape(x):
    """The shape of `x` with None where it varies between runs of the graph being traced."""
    from fluxion.core.op import STATE  # noqa: PLC0415

    trace = STATE.trace
    if trace is not None and hasattr(x, "_value") and trace.is_shape_dynamic_here(x):
        return trace.recorded_shape(x)
    return tuple(np.shape(getattr(x, "_value", x)))


def dtype_of(x) -> DType:
    return dtypes.from_numpy(np.asarray(x._value).dtype)


def unbroadcast(g, x):
    """Sums `g` over the axes along which `x` was broadcast, so it gets x's shape."""
    from fluxion.ops import array_ops, reduce_ops  # noqa: PLC0415 - cycle

    gshape, xshape = _recorded_shape(g), _recorded_shape(x)
    if gshape is None or xshape is None:  # unknown rank: only static shapes can tell
        gshape, xshape = shape_of(g), shape_of(x)
    if gshape == xshape and None not in gshape:
        return g
    lead = len(gshape) - len(xshape)
    if len(xshape) == 1 and lead > 0 and xshape[0] is not None and gshape[-1] == xshape[0]:
        # a bias along the last axis (Dense, Conv layers): TF's BiasAddGrad, a BLAS sum
        from fluxion.ops.conv_ops import bias_add_grad_  # noqa: PLC0415 - cycle

        return bias_add_grad_(g)
    axes = []
    for i, d in enumerate(xshape):
        gd = gshape[i + lead]
        if d is None and gd != d:  # x's size varies: whether it broadcasts is unknown here
            shape_of(x)  # raises the static-shape error
        if d == 1 and gd != 1:
            axes.append(i + lead)
    axes = tuple(range(lead)) + tuple(axes)
    if axes:
        g = reduce_ops.reduce_sum(g, axis=axes, keepdims=False)
    if lead == 0 and not axes:
        return g  # same rank, nothing broadcast: g already has x's (possibly varying) shape
    return array_ops.reshape(g, shape_of(x)) if None in xshape else \
        array_ops.reshape(g, xshape)


def runtime_shape(shape) -> bool:
    """Whether a shape argument is a tensor whose value is only known when the traced graph
    runs (e.g. built from tf.shape of an input with None dims): it then goes to the ops that
    take the shape as an input, not as a static attribute."""
    from fluxion.core.op import STATE  # noqa: PLC0415

    if STATE.trace is None:
        return False
    if type(shape) in (list, tuple):  # (batch, 2) with batch = tf.shape(x)[0]: packed by ops
        return any(hasattr(d, "_value") and STATE.trace.is_dynamic_here(d) for d in shape)
    return hasattr(shape, "_value") and STATE.trace.is_dynamic_here(shape)
