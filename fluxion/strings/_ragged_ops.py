"""String ops with ragged results: split, bytes_split, unicode_split, unicode_decode(_with_offsets),
plus unicode_encode and unicode_transcode. Each primitive works on a flat 1-D batch of strings
and returns (values, row_splits); the public functions rebuild the input's nesting as a
RaggedTensor (a scalar input gives a dense 1-D tensor, like TF)."""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.strings import _unicode
from fluxion.strings._common import (
    STRING,
    as_tensor,
    attr_bytes,
    flat_bytes,
    ragged_elementwise,
)

_INT64 = dtypes.int64
# how many pieces a string splits into depends on its value: fluxion/graph/trace.py lists these
# ops among those whose output sizes a trace must not take as static


def ragged_class():
    try:
        from fluxion.ragged import RaggedTensor
    except ImportError:
        from fluxion.ragged.ragged_tensor import RaggedTensor
    return RaggedTensor


def is_ragged(x) -> bool:
    return hasattr(x, "flat_values") and hasattr(x, "nested_row_splits")


def _rows_infer(dtype):
    def infer(x, *rest, **attrs):
        n = None if x.shape is None or len(x.shape) != 1 else x.shape[0]
        return Spec((None,), dtype), Spec((None if n is None else n + 1,), _INT64)
    return infer


def _pack(pieces: list, dtype=object) -> tuple:
    """(flat values, int64 row splits) of a list of rows."""
    splits = np.zeros(len(pieces) + 1, np.int64)
    np.cumsum([len(p) for p in pieces], out=splits[1:])
    values = np.empty(int(splits[-1]), dtype)
    values[:] = [v for p in pieces for v in p]
    return values, splits


def _flat_list(x) -> list:
    return flat_bytes(x)


def _uniform_splits(x, rank: int) -> tuple:
    """Row splits that nest a flattened dense tensor's rows back into its outer dims."""
    shape = tf.shape(x, out_type=tf.int64)
    out = []
    for j in range(rank - 1):
        count = tf.reduce_prod(shape[:j + 1])
        out.append(tf.range(count + 1, dtype=tf.int64) * shape[j + 1])
    return tuple(out)


def apply_rows(x, fn, dtype=STRING):
    """Applies `fn` (flat 1-D strings -> (values, row_splits)) to every string of `x` (dense
    or ragged) and nests the results like `x`, with one more ragged dimension."""
    cls = ragged_class()
    if is_ragged(x):
        values, splits = fn(x.flat_values)
        nested = tuple(x.nested_row_splits)
        if nested and nested[0].dtype != splits.dtype:
            splits = tf.cast(splits, nested[0].dtype)
        return cls.from_nested_row_splits(values, nested + (splits,), validate=False)
    x = as_tensor(x, dtype)
    rank = x.shape.rank
    if rank == 0:
        return fn(tf.reshape(x, [1]))[0]
    if rank is None:
        raise ValueError("the input's rank must be known")
    values, splits = fn(tf.reshape(x, [-1]) if rank > 1 else x)
    nested = _uniform_splits(x, rank) + (splits,)
    return cls.from_nested_row_splits(values, nested, validate=False)


# --- split, bytes_split -------------------------------------------------------------------------
def _split_kernel(xp, x, sep, maxsplit):
    sep_bytes = attr_bytes(sep) if sep else None  # '' splits on whitespace, as None
    return _pack([s.split(sep_bytes, maxsplit) for s in _flat_list(x)])


string_split = defop("string_split", _split_kernel, dtypes=(STRING,), num_outputs=2,
                     tf_name="StringSplitV2", infer=_rows_infer(STRING))


def split(input, sep=None, maxsplit: int = -1, name=None):
    """``tf.strings.split``: splits each string on `sep` (runs of whitespace when None); a
    RaggedTensor with one more dimension (a dense 1-D tensor for a scalar)."""
    sep = "" if sep is None else (sep.decode("utf-8") if isinstance(sep, bytes) else str(sep))
    return apply_rows(input, lambda flat: string_split(flat, sep=sep, maxsplit=int(maxsplit)))


def _bytes_split_kernel(xp, x):
    return _pack([[s[i:i + 1] for i in range(len(s))] for s in _flat_list(x)])


bytes_split_op = defop("bytes_split", _bytes_split_kernel, dtypes=(STRING,), num_outputs=2,
                       tf_name="BytesSplit", infer=_rows_infer(STRING))


def bytes_split(input, name=None):
    """``tf.strings.bytes_split``: each string as a sequence of one-byte strings."""
    return apply_rows(input, bytes_split_op)


# --- unicode_decode / unicode_split -------------------------------------------------------------
def _decode_kernel(xp, x, encoding, errors_, replacement_char, replace_control, with_offsets):
    codes, splits, offsets = _unicode.decode(_flat_list(x), encoding, errors_, replacement_char,
                                             replace_control, with_offsets, "UnicodeDecode")
    return codes, splits, offsets


def _decode_infer(x, **attrs):
    values, splits = _rows_infer(dtypes.int32)(x)
    return values, splits, Spec((None,), _INT64)


unicode_decode_op = defop("unicode_decode", _decode_kernel, dtypes=(STRING,), num_outputs=3,
                          tf_name="UnicodeDecodeWithOffsets", infer=_decode_infer,
                          doc="(code points, row splits, byte offsets or empty) of each string.")


def _decode_args(input_encoding, errors_, replacement_char, op: str) -> dict:
    return {"encoding": _unicode.codec(input_encoding, op),
            "errors_": _unicode.check_errors(errors_), "replacement_char": int(replacement_char)}


def unicode_decode(input, input_encoding: str, errors: str = "replace",
                   replacement_char: int = 65533, replace_control_characters: bool = False,
                   name=None):
    """``tf.strings.unicode_decode``: int32 code points of each string (ragged)."""
    args = _decode_args(input_encoding, errors, replacement_char, "UnicodeDecode")
    return apply_rows(input, lambda flat: unicode_decode_op(
        flat, replace_control=bool(replace_control_characters), with_offsets=False, **args)[:2])


def unicode_decode_with_offsets(input, input_encoding: str, errors: str = "replace",
                                replacement_char: int = 65533,
                                replace_control_characters: bool = False, name=None):
    """``tf.strings.unicode_decode_with_offsets``: (code points, byte offsets of each)."""
    args = _decode_args(input_encoding, errors, replacement_char, "UnicodeDecodeWithOffsets")
    outs = {}

    def run(flat):
        outs["all"] = unicode_decode_op(flat, replace_control=bool(replace_control_characters),
                                        with_offsets=True, **args)
        return outs["all"][:2]

    codes = apply_rows(input, run)
    offsets = outs["all"][2]
    if is_ragged(codes):
        return codes, codes.with_flat_values(offsets)
    return codes, offsets


def _split_chars_kernel(xp, x, encoding, errors_, replacement_char):
    codes, splits, _ = _unicode.decode(_flat_list(x), encoding, errors_, replacement_char,
                                       False, False, "UnicodeDecode")
    values = np.empty(len(codes), object)
    values[:] = [chr(c).encode(encoding, "surrogatepass") for c in codes.tolist()]
    return values, splits


unicode_split_op = defop("unicode_split", _split_chars_kernel, dtypes=(STRING,), num_outputs=2,
                         tf_name="UnicodeSplit", infer=_rows_infer(STRING))


def unicode_split(input, input_encoding: str, errors: str = "replace",
                  replacement_char: int = 65533, name=None):
    """``tf.strings.unicode_split``: each string as its characters, re-encoded one by one."""
    args = _decode_args(input_encoding, errors, replacement_char, "UnicodeSplit")
    return apply_rows(input, lambda flat: unicode_split_op(flat, **args))


def unicode_split_with_offsets(input, input_encoding: str, errors: str = "replace",
                               replacement_char: int = 65533, name=None):
    """``tf.strings.unicode_split_with_offsets``: (characters, byte offsets of each)."""
    chars = unicode_split(input, input_encoding, errors, replacement_char)
    _, offsets = unicode_decode_with_offsets(input, input_encoding, errors, replacement_char)
    return chars, offsets


# --- unicode_encode / unicode_transcode ---------------------------------------------------------
def _output_codec(name: str, op: str) -> str:
    if name not in _unicode.OUTPUT_ENCODINGS:
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'output_encoding' of \"{name}\" is not in the list of "
            f'allowed values: "UTF-8", "UTF-16-BE", "UTF-32-BE" [Op:{op}]')
    return _unicode.OUTPUT_ENCODINGS[name]


def _encode_kernel(xp, codes, splits, encoding, errors_, replacement_char):
    codes, splits = _unicode.valid_codes(codes, splits, errors_, replacement_char,
                                         "UnicodeEncode")
    out = np.empty(len(splits) - 1, object)
    out[:] = _unicode.encode_rows(codes, splits, encoding)
    return out


def _encode_infer(codes, splits, **attrs):
    n = None if splits.shape is None or splits.shape[0] is None else splits.shape[0] - 1
    return Spec((n,), STRING)


unicode_encode_op = defop("unicode_encode", _encode_kernel, same_dtype=1, dtypes=(dtypes.int32,),
                          tf_name="UnicodeEncode", infer=_encode_infer)


def unicode_encode(input, output_encoding: str, errors: str = "replace",
                   replacement_char: int = 65533, name=None):
    """``tf.strings.unicode_encode``: int32 code points (the innermost dimension, dense or
    ragged) encoded as strings; the result has one dimension less."""
    attrs = {"encoding": _output_codec(output_encoding, "UnicodeEncode"),
             "errors_": _unicode.check_errors(errors), "replacement_char": int(replacement_char)}
    if is_ragged(input):
        inner = input.values
        if is_ragged(inner):
            return input.with_values(unicode_encode(inner, output_encoding, errors,
                                                    replacement_char))
        return unicode_encode_op(inner, tf.cast(input.row_splits, tf.int64), **attrs)
    x = as_tensor(input, dtypes.int32)
    rank = x.shape.rank
    if rank == 0:
        raise ValueError("Rank of input must be at least 1")
    shape = tf.shape(x, out_type=tf.int64)
    rows = tf.reduce_prod(shape[:-1])
    splits = tf.range(rows + 1, dtype=tf.int64) * shape[-1]
    flat = unicode_encode_op(tf.reshape(x, [-1]), splits, **attrs)
    return tf.reshape(flat, shape[:-1])


def _transcode_kernel(xp, x, encoding, out_encoding, errors_, replacement_char,
                      replace_control):
    flat = _flat_list(x)
    codes, splits, _ = _unicode.decode(flat, encoding, errors_, replacement_char,
                                       replace_control, False, "UnicodeTranscode")
    out = np.empty(len(flat), object)
    out[:] = _unicode.encode_rows(codes.astype(np.int64), splits, out_encoding)
    return out.reshape(np.shape(x))


unicode_transcode_op = defop("unicode_transcode", _transcode_kernel, dtypes=(STRING,),
                             tf_name="UnicodeTranscode",
                             infer=lambda x, **attrs: Spec(x.shape, STRING))


@ragged_elementwise
def unicode_transcode(input, input_encoding: str, output_encoding: str,
                      errors: str = "replace", replacement_char: int = 65533,
                      replace_control_characters: bool = False, name=None):
    """``tf.strings.unicode_transcode``: re-encodes each string."""
    return unicode_transcode_op(
        input, encoding=_unicode.codec(input_encoding, "UnicodeTranscode"),
        out_encoding=_output_codec(output_encoding, "UnicodeTranscode"),
        errors_=_unicode.check_errors(errors), replacement_char=int(replacement_char),
        replace_control=bool(replace_control_characters))


__all__: list = []


# --- reduce_join over a ragged dimension ----------------------------------------------------------
def _ragged_join_kernel(xp, values, splits, separator):
    flat = _flat_list(values)
    sep = attr_bytes(separator)
    out = np.empty(len(splits) - 1, object)
    out[:] = [sep.join(flat[a:b]) for a, b in itertools.pairwise(splits.tolist())]
    return out


def _ragged_join_infer(values, splits, separator):
    n = None if splits.shape is None or splits.shape[0] is None else splits.shape[0] - 1
    return Spec((n,), STRING)


ragged_reduce_join_op = defop("ragged_reduce_join", _ragged_join_kernel, same_dtype=1,
                              dtypes=(STRING,), tf_name="RaggedReduceJoin",
                              infer=_ragged_join_infer,
                              doc="Joins each row values[splits[i]:splits[i + 1]].")


def _join_innermost(rt, separator: str):
    """Joins the innermost dimension of a RaggedTensor (one dimension less)."""
    from fluxion.strings._elementwise import reduce_join

    values = rt.values
    if is_ragged(values):
        return rt.with_values(_join_innermost(values, separator))
    if values.shape.rank > 1:  # the innermost dimension is uniform
        return rt.with_values(reduce_join(values, axis=-1, separator=separator))
    return ragged_reduce_join_op(values, rt.row_splits, separator=separator)


def reduce_join_ragged(rt, axis, keepdims: bool, separator: str):
    """``reduce_join`` of a RaggedTensor over its last axis, or over all axes."""
    from fluxion.strings._elementwise import reduce_join

    rank = rt.shape.rank
    if keepdims:
        raise NotImplementedError("reduce_join of a RaggedTensor with keepdims=True")
    if axis is None:  # every value in row-major order (empty rows add nothing)
        return reduce_join(rt.flat_values, separator=separator)
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    if not isinstance(axis, int) or axis % rank != rank - 1:
        raise NotImplementedError(
            f"reduce_join of a RaggedTensor supports only the last axis, got axis={axis}")
    return _join_innermost(rt, separator)


def join_ragged(inputs: list, separator: str):
    """``join`` where some inputs are RaggedTensors: all take the row partitions of the first
    ragged input (dense ones are converted to it; scalars broadcast)."""
    from fluxion.strings._elementwise import string_join

    first = next(x for x in inputs if is_ragged(x))
    flats = []
    for x in inputs:
        if not is_ragged(x):
            x = as_tensor(x, STRING)
            if x.shape.rank == 0:
                flats.append(x)
                continue
            x = ragged_class().from_tensor(x, ragged_rank=first.ragged_rank)
        flats.append(x.flat_values)
    return first.with_flat_values(string_join(*flats, separator=separator))
