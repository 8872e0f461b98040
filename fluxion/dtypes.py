"""The ``tf.dtypes`` namespace."""
# noqa: F401,A004 - re-exports, TF's names
from fluxion.core.dtypes import (DType, as_dtype, bool, complex64, complex128, double,  # noqa
                                 float16, float32, float64, half, int8, int16, int32, int64,
                                 string, uint8, uint16, uint32, uint64)
from fluxion.ops.math_ops import cast, complex  # noqa: F401,A004


def saturate_cast(value, dtype, name=None):
    """Casts, clamping to the target dtype's range first (``tf.dtypes.saturate_cast``)."""
    from fluxion.ops.math_ops import clip_by_value  # noqa: PLC0415

    dtype = as_dtype(dtype)
    x = cast(value, dtype) if not (dtype.is_integer or dtype.is_floating) else value
    if dtype.is_integer or dtype.is_floating:
        src = x.dtype if hasattr(x, "dtype") else None
        if src is not None and (src.is_integer or src.is_floating) and src is not dtype:
            lo, hi = dtype.min, dtype.max
            if src.min < lo or src.max > hi:
                x = clip_by_value(x, max(lo, src.min), min(hi, src.max))
        x = cast(x, dtype)
    return x
