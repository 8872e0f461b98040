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
    return tuple(np.shape(x._value)) if hasattr(x, "_value") else np.shape(x)


def dtype_of(x) -> DType:
    return dtypes.from_numpy(np.asarray(x._value).dtype)


def unbroadcast(g, x):
    """Sums `g` over the axes along which `x` was broadcast, so it gets x's shape."""
    from fluxion.ops import array_ops, reduce_ops  # noqa: PLC0415 - cycle

    gshape, xshape = shape_of(g), shape_of(x)
    if gshape == xshape:
        return g
    lead = len(gshape) - len(xshape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, d in enumerate(xshape) if d == 1 and gshape[i + lead] != 1)
    if axes:
        g = reduce_ops.reduce_sum(g, axis=axes)
    return array_ops.reshape(g, xshape)
