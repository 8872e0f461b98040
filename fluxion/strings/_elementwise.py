"""Element-wise string ops and joins: length, lower/upper, strip, join, reduce_join, substr,
unsorted_segment_join. Each is a primitive whose kernel works on object arrays of bytes."""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.ops import _util
from fluxion.ops.debug_ops import values_are_provisional
from fluxion.strings._common import (
    STRING,
    as_tensor,
    attr_bytes,
    attr_text,
    bytes_array,
    invalid,
    map_bytes,
    map_number,
    ragged_elementwise,
    same_shape,
)

# UTF-8 continuation bytes (0b10xxxxxx): a string's character count is its length without them
_CONTINUATION = bytes(range(0x80, 0xC0))
_UNITS = ("BYTE", "UTF8_CHAR")


# --- length, case, strip --------------------------------------------------------------------
def _length_kernel(xp, x, unit):
    if unit == "BYTE":
        return map_number(len, x, np.int32)
    return map_number(lambda s: len(s.translate(None, _CONTINUATION)), x, np.int32)


string_length = defop("string_length", _length_kernel, dtypes=(STRING,), tf_name="StringLength",
                      infer=same_shape(dtypes.int32))


def _case_kernel(upper: bool):
    def kernel(xp, x, encoding):
        if encoding == "":  # ASCII only, byte-wise (TF's default)
            return map_bytes(bytes.upper if upper else bytes.lower, x)

        def convert(s: bytes) -> bytes:
            text = s.decode("utf-8", "replace")  # invalid bytes become U+FFFD, as in TF
            return (text.upper() if upper else text.lower()).encode("utf-8")
        return map_bytes(convert, x)
    return kernel


string_lower = defop("string_lower", _case_kernel(False), dtypes=(STRING,),
                     tf_name="StringLower", infer=same_shape(STRING))
string_upper = defop("string_upper", _case_kernel(True), dtypes=(STRING,),
                     tf_name="StringUpper", infer=same_shape(STRING))
# bytes.strip() removes exactly the ASCII whitespace TF strips: " \t\n\v\f\r"
string_strip = defop("string_strip", lambda xp, x: map_bytes(bytes.strip, x), dtypes=(STRING,),
                     tf_name="StringStrip", infer=same_shape(STRING))


@ragged_elementwise
def length(input, unit: str = "BYTE", name=None):
    """``tf.strings.length``: int32 length of each string in bytes or UTF-8 characters."""
    if unit not in _UNITS:
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'unit' of \"{unit}\" is not in the list of allowed "
            'values: "BYTE", "UTF8_CHAR"')
    return string_length(input, unit=unit)


def _check_encoding(encoding: str) -> str:
    if encoding not in ("", "utf-8", "UTF-8"):
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'encoding' of \"{encoding}\" is not in the list of "
            'allowed values: "", "utf-8"')
    return encoding.lower()


@ragged_elementwise
def lower(input, encoding: str = "", name=None):
    """``tf.strings.lower``: ASCII lower case, or Unicode with ``encoding='utf-8'``."""
    return string_lower(input, encoding=_check_encoding(encoding))


@ragged_elementwise
def upper(input, encoding: str = "", name=None):
    """``tf.strings.upper``: ASCII upper case, or Unicode with ``encoding='utf-8'``."""
    return string_upper(input, encoding=_check_encoding(encoding))


@ragged_elementwise
def strip(input, name=None):
    """``tf.strings.strip``: removes leading and trailing ASCII whitespace."""
    return string_strip(input)


# --- join -------------------------------------------------------------------------------------
def _join_shape(shapes, op: str):
    """The common shape of join inputs: all non-scalars must have the same shape."""
    out = ()
    for s in shapes:
        if len(s):
            if out and tuple(s) != tuple(out):
                raise invalid(f"Input shapes do not match: {list(out)} vs. {list(s)}", op)
            out = tuple(s)
    return out


def _join_kernel(xp, *inputs, separator):
    shape = _join_shape([x.shape for x in inputs], "StringJoin")
    sep = attr_bytes(separator)
    rows = [np.broadcast_to(bytes_array(x), shape).reshape(-1).tolist() for x in inputs]
    out = np.empty(shape, object)
    out.reshape(-1)[:] = [sep.join(parts) for parts in zip(*rows)] if out.size else []
    return out


def _join_infer(*specs, separator):
    if any(s.shape is None for s in specs if s.shape != ()):
        return Spec(None, STRING)
    dims = [s.shape for s in specs if len(s.shape)]
    if not dims:
        return Spec((), STRING)
    rank = len(dims[0])
    if any(len(d) != rank for d in dims):
        raise ValueError(f"Input shapes do not match: {dims}")
    return Spec(tuple(next((d[i] for d in dims if d[i] is not None), None)
                      for i in range(rank)), STRING)


string_join = defop("string_join", _join_kernel, dtypes=(STRING,), tf_name="StringJoin",
                    infer=_join_infer)


def join(inputs, separator: str = "", name=None):
    """``tf.strings.join``: element-wise concatenation of a list of string tensors (scalars
    broadcast; all other inputs must have one shape)."""
    inputs = list(inputs)
    if any(hasattr(x, "flat_values") for x in inputs):
        from fluxion.strings._ragged_ops import join_ragged

        return join_ragged(inputs, attr_text(separator))
    if not inputs:
        return as_tensor(b"", STRING)
    return string_join(*inputs, separator=attr_text(separator))


# --- reduce_join ------------------------------------------------------------------------------
def _reduce_join_kernel(xp, x, axes, keepdims, separator):
    """Joins over `axes`; the first listed axis varies fastest inside each joined string (TF
    reduces them in the order given)."""
    x = bytes_array(x)
    if not axes:
        return x
    k = len(axes)
    moved = np.moveaxis(x, list(reversed(axes)), list(range(x.ndim - k, x.ndim)))
    kept = moved.shape[:x.ndim - k]
    count = int(np.prod(moved.shape[x.ndim - k:], dtype=np.int64))
    sep = attr_bytes(separator)
    rows = moved.reshape(-1, count).tolist() if count else [[]] * int(np.prod(kept, dtype=int))
    out = np.empty(kept, object)
    out.reshape(-1)[:] = [sep.join(r) for r in rows]
    if keepdims:
        out = out.reshape([1 if i in axes else n for i, n in enumerate(x.shape)])
    return out


def _reduce_join_infer(x, axes, keepdims, separator):
    if x.shape is None:
        return Spec(None, STRING)
    if keepdims:
        return Spec(tuple(1 if i in axes else d for i, d in enumerate(x.shape)), STRING)
    return Spec(tuple(d for i, d in enumerate(x.shape) if i not in axes), STRING)


reduce_join_op = defop("reduce_join", _reduce_join_kernel, dtypes=(STRING,),
                       tf_name="ReduceJoin", infer=_reduce_join_infer)


def reduce_join(inputs, axis=None, keepdims: bool = False, separator: str = "", name=None):
    """``tf.strings.reduce_join``: joins strings across `axis` (all axes when None)."""
    if hasattr(inputs, "flat_values"):
        from fluxion.strings._ragged_ops import reduce_join_ragged

        return reduce_join_ragged(inputs, axis, keepdims, attr_text(separator))
    x = as_tensor(inputs)  # no string hint: TF rejects [] (float32) here
    rank = x.shape.rank
    if axis is None:
        axes = tuple(range(rank - 1, -1, -1))  # TF joins the last axis first
    else:
        given = _util.static_ints(axis, "axis")
        given = (given,) if isinstance(given, int) else given
        axes = []
        for a in given:
            if not -rank <= a < rank:
                raise errors.OutOfRangeError(
                    None, None, f"Invalid reduction dimension {a} for input with {rank} "
                    "dimension(s) [Op:ReduceJoin]")
            a = a % rank
            if a in axes:
                raise errors.InvalidArgumentError(
                    None, None, f"Duplicate reduction dimension {a} [Op:ReduceJoin]")
            axes.append(a)
        axes = tuple(axes)
    return reduce_join_op(x, axes=axes, keepdims=bool(keepdims), separator=attr_text(separator))


# --- substr -----------------------------------------------------------------------------------
def _substr_one(s: bytes, pos: int, n: int, unit: str, index: int):
    text = s if unit == "BYTE" else s.decode("utf-8", "surrogateescape")
    size = len(text)
    start = pos + size if pos < 0 else pos
    if (start < 0 or start > size) and values_are_provisional():
        start = min(max(start, 0), size)  # stand-in values of a trace: no error yet
    if start < 0 or start > size:
        raise invalid(f"pos {pos} out of range for string {s!r} at index {index}", "Substr")
    part = text[start:] if n < 0 else text[start:start + n]
    return part if unit == "BYTE" else part.encode("utf-8", "surrogateescape")


def _substr_kernel(xp, x, pos, len_, unit):
    if pos.shape != len_.shape:
        raise invalid(f"pos and len should have the same shape, got: {list(pos.shape)} vs. "
                      f"{list(len_.shape)}", "Substr")
    x, pos, len_ = np.broadcast_arrays(bytes_array(x), pos, len_)
    out = np.empty(x.shape, object)
    out.reshape(-1)[:] = [_substr_one(s, p, n, unit, i) for i, (s, p, n) in enumerate(zip(
        x.reshape(-1).tolist(), pos.reshape(-1).tolist(), len_.reshape(-1).tolist()))]
    return out


def _substr_infer(x, pos, len_, unit):
    from fluxion.ops import _infer

    shape = _infer.broadcast_shapes(_infer.broadcast_shapes(x.shape, pos.shape), len_.shape)
    return Spec(shape, STRING)


substr_op = defop("substr", _substr_kernel, same_dtype=1, tf_name="Substr", infer=_substr_infer,
                  doc="Substrings from `pos` (negative: from the end) of `len` units.")


@ragged_elementwise
def substr(input, pos, len, unit: str = "BYTE", name=None):
    """``tf.strings.substr``: substrings; `pos`/`len` broadcast against `input`."""
    if unit not in _UNITS:
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'unit' of \"{unit}\" is not in the list of allowed "
            'values: "BYTE", "UTF8_CHAR"')
    pos = as_tensor(pos)
    len_ = as_tensor(len, pos.dtype)
    if pos.dtype != len_.dtype:
        raise errors.InvalidArgumentError(
            None, None, f"cannot compute Substr as input #2(zero-based) was expected to be a "
            f"{pos.dtype.name} tensor but is a {len_.dtype.name} tensor [Op:Substr]")
    if STATE.trace is not None and pos.shape.rank != len_.shape.rank:  # graph shape check
        raise ValueError(f"Substr: pos and len must have the same rank, got shapes "
                         f"{pos.shape} and {len_.shape}")
    return substr_op(input, pos, len_, unit=unit)


# --- unsorted_segment_join --------------------------------------------------------------------
def _segment_join_kernel(xp, x, ids, num_segments, separator):
    x = bytes_array(x)
    if x.shape[:ids.ndim] != ids.shape:
        raise invalid(f"segment_ids.shape = {list(ids.shape)} is not a prefix of "
                      f"inputs.shape = {list(x.shape)}", "UnsortedSegmentJoin")
    flat_ids = ids.reshape(-1)
    if flat_ids.size and (flat_ids.min() < 0 or flat_ids.max() >= num_segments):
        raise invalid("segment_ids are not allowed to exceed num_segments or to have negative "
                      "values.", "UnsortedSegmentJoin")
    inner = x.shape[ids.ndim:]
    rows = x.reshape((flat_ids.size, -1)).tolist() if x.size else [[]] * flat_ids.size
    groups: list = [[] for _ in range(num_segments)]
    for i, row in zip(flat_ids.tolist(), rows):
        groups[i].append(row)
    width = int(np.prod(inner, dtype=np.int64))
    sep = attr_bytes(separator)
    out = np.empty((num_segments, width), object)
    for k, members in enumerate(groups):
        out[k, :] = [sep.join(col) for col in zip(*members)] if members else [b""] * width
    return out.reshape((num_segments,) + inner)


def _segment_join_infer(x, ids, num_segments, separator):
    if x.shape is None or ids.shape is None:
        return Spec(None, STRING)
    return Spec((num_segments,) + tuple(x.shape[len(ids.shape):]), STRING)


segment_join_op = defop("unsorted_segment_join", _segment_join_kernel, same_dtype=1,
                        tf_name="UnsortedSegmentJoin", infer=_segment_join_infer)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator: str = "", name=None):
    """``tf.strings.unsorted_segment_join``: joins the rows of `inputs` that share a segment
    id; empty segments give ''."""
    n = _util.static_ints(num_segments, "num_segments")
    return segment_join_op(inputs, segment_ids, num_segments=int(n), separator=attr_text(separator))


__all__: list = []
