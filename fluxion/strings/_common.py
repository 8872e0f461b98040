"""Shared pieces of the string ops: per-element mapping over NumPy object arrays of bytes and
small inference rules. Strings have no SIMD path, so kernels are tight comprehensions."""
from __future__ import annotations

import functools

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import Spec


def _coerce(s) -> bytes:
    if isinstance(s, bytes):
        return s
    return s.encode("utf-8") if isinstance(s, str) else str(s).encode("utf-8")


def flat_bytes(arr) -> list:
    """The elements of a string array as a flat list of bytes. A graph traced on stand-in
    values (a signature's placeholders) may hold other objects, e.g. zeros: they become
    their text."""
    flat = np.asarray(arr, dtype=object).reshape(-1).tolist()
    if flat and type(flat[0]) is not bytes:
        flat = [_coerce(s) for s in flat]
    return flat


def bytes_array(arr) -> np.ndarray:
    """A string array whose elements are all bytes (see `flat_bytes`)."""
    arr = np.asarray(arr, dtype=object)
    if arr.size and type(arr.flat[0]) is not bytes:
        out = np.empty(arr.shape, object)
        out.reshape(-1)[:] = [_coerce(s) for s in arr.reshape(-1).tolist()]
        return out
    return arr


def map_bytes(fn, arr) -> np.ndarray:
    """`fn` of each element of a string array, as an object array of the same shape."""
    out = np.empty(np.shape(arr), object)
    out.reshape(-1)[:] = [fn(s) for s in flat_bytes(arr)] if out.size else []
    return out


def map_number(fn, arr, np_dtype) -> np.ndarray:
    """`fn` of each element of a string array, as a numeric array of the same shape."""
    return np.array([fn(s) for s in flat_bytes(arr)], np_dtype).reshape(np.shape(arr))


def same_shape(dtype):
    """Inference rule: the output has the input's shape and `dtype`."""
    def infer(x, *rest, **attrs):
        return Spec(x.shape, dtype)
    return infer


def invalid(message: str, op: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, f"{message} [Op:{op}]")


def as_bytes(v) -> bytes:
    """A Python/NumPy string value as bytes (str encodes as UTF-8)."""
    if isinstance(v, bytes):
        return v
    if isinstance(v, np.ndarray):
        v = v.item()
        return as_bytes(v)
    return str(v).encode("utf-8")


def scalar_bytes(arr, what: str, op: str) -> bytes:
    """The single string of a scalar string array (a pattern, a rewrite)."""
    arr = np.asarray(arr, dtype=object)
    if arr.ndim != 0:
        raise invalid(f"{what} must be a scalar, but received shape {list(arr.shape)}", op)
    return as_bytes(arr[()])


STRING = dtypes.string


def as_tensor(x, dtype=None):
    """`x` as a Tensor: tensors pass through, NumPy arrays keep their dtype, Python values
    convert to `dtype` (so `[]` becomes an empty string tensor where strings are expected)."""
    from fluxion.core.tensor import Tensor, convert_to_tensor

    if isinstance(x, Tensor):
        return x
    return convert_to_tensor(x, None if isinstance(x, (np.ndarray, np.generic)) else dtype)


def ragged_elementwise(fn):
    """Lets an element-wise op take a RaggedTensor as its first argument (TF's ragged
    dispatch): the op runs on the flat values and the row partitions are kept."""
    @functools.wraps(fn)
    def wrapper(input, *args, **kwargs):
        if hasattr(input, "flat_values") and hasattr(input, "with_flat_values"):
            return input.with_flat_values(fn(input.flat_values, *args, **kwargs))
        return fn(input, *args, **kwargs)
    return wrapper


def attr_text(s) -> str:
    """A separator-like argument (str or bytes) as a str attribute; bytes that are not UTF-8
    survive as surrogate escapes (see `attr_bytes`)."""
    return s.decode("utf-8", "surrogateescape") if isinstance(s, bytes) else str(s)


def attr_bytes(s: str) -> bytes:
    """The bytes of a str attribute made by `attr_text`."""
    return s.encode("utf-8", "surrogateescape")
