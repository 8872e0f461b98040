"""``tf.io.decode_csv``, ``decode_raw``, ``encode_base64`` / ``decode_base64`` and
``matching_files``: graph ops on string tensors (they run inside `Dataset.map` and
`tf.function`), with TF's dtypes and errors."""
from __future__ import annotations

import base64
import binascii
import csv
import glob

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.data.readers import CSV_TYPES, convert_field
from fluxion.errors import InvalidArgumentError

__all__ = ["decode_base64", "decode_csv", "decode_raw", "encode_base64", "matching_files"]


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


# --- decode_csv ----------------------------------------------------------------------------------
def _decode_csv_kernel(xp, records, *defaults, field_delim, use_quote_delim, na_value,
                       select_cols, out_types, n_columns):
    quoting = csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE
    flat = records.reshape(-1)
    wanted = len(out_types) if select_cols is None else None
    columns = [np.empty(flat.shape, object if t is dtypes.string else t._np) for t in out_types]
    defaults = [None if d.size == 0 else d.reshape(()) for d in defaults]
    for r, record in enumerate(flat):
        fields = next(csv.reader([_text(record)], delimiter=field_delim, quotechar='"',
                                 quoting=quoting, doublequote=True, strict=False), [""])
        if select_cols is not None:
            if len(fields) <= select_cols[-1]:
                raise InvalidArgumentError(f"Expect {select_cols[-1] + 1} fields but have "
                                           f"{len(fields)} in record {r} [Op:DecodeCSV]")
            fields = [fields[c] for c in select_cols]
        elif len(fields) != wanted:
            raise InvalidArgumentError(f"Expect {wanted} fields but have {len(fields)} in "
                                       f"record {r} [Op:DecodeCSV]")
        for c, (text, dtype) in enumerate(zip(fields, out_types)):
            try:
                columns[c][r] = convert_field(text, dtype, defaults[c], c, na_value)[()]
            except InvalidArgumentError as e:
                raise InvalidArgumentError(f"{str(e).replace(' in record', f' in record {r}')}"
                                           f" [Op:DecodeCSV]") from None
    return tuple(col.reshape(records.shape) for col in columns)


def _infer_decode_csv(records: Spec, *defaults, out_types, **attrs):
    return tuple(Spec(records.shape, t) for t in out_types)


_decode_csv = defop("decode_csv", _decode_csv_kernel, num_outputs="n_columns",
                    infer=lambda records, *d, n_columns, **a: _infer_decode_csv(records, *d, **a),
                    same_dtype=0, tf_name="DecodeCSV")


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, na_value="",
               select_cols=None, name=None) -> list:
    """The fields of CSV records (a string tensor of any shape): one tensor per column, of the
    dtype of its default (a one-element default fills empty fields; an empty one makes the
    field required)."""
    records = convert_to_tensor(records, dtype=dtypes.string)
    defaults = [convert_to_tensor(d) for d in record_defaults]
    for d in defaults:
        if d.dtype not in CSV_TYPES:
            raise TypeError(f"record_defaults must be of types {[t.name for t in CSV_TYPES]}, "
                            f"got {d.dtype.name}")
        if d.shape.rank is not None and (d.shape.rank > 1 or d.shape.num_elements() > 1):
            raise ValueError(f"Shape of a default must be a length-0 or length-1 vector, or a "
                             f"scalar, got {d.shape}")
    if select_cols is not None:
        select_cols = tuple(int(c) for c in select_cols)
        if list(select_cols) != sorted(set(select_cols)) or select_cols[0] < 0:
            raise ValueError("select_cols is not strictly increasing.")
        if len(select_cols) != len(defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    if len(field_delim) != 1:
        raise InvalidArgumentError(f"field_delim should be only 1 char, got {field_delim!r}")
    out = _decode_csv(records, *defaults, field_delim=field_delim,
                      use_quote_delim=bool(use_quote_delim), na_value=_text(na_value),
                      select_cols=select_cols, out_types=tuple(d.dtype for d in defaults),
                      n_columns=len(defaults))
    return list(out)


# --- decode_raw ----------------------------------------------------------------------------------
def _decode_raw_kernel(xp, data, out_type, little_endian, fixed_length):
    npd = np.dtype(out_type._np).newbyteorder("<" if little_endian else ">")
    flat = [bytes(v) for v in data.reshape(-1)]
    if fixed_length is not None:
        flat = [v[:fixed_length].ljust(fixed_length, b"\0") for v in flat]
    sizes = {len(v) for v in flat}
    if len(sizes) > 1:
        first = len(flat[0])
        bad = next(i for i, v in enumerate(flat) if len(v) != first)
        raise InvalidArgumentError(f"DecodeRaw requires input strings to all be the same size, "
                                   f"but element {bad} has size {first} != {len(flat[bad])} "
                                   f"[Op:DecodeRaw]")
    size = sizes.pop() if sizes else 0
    if size % npd.itemsize:
        raise InvalidArgumentError(f"Input to DecodeRaw has length {size} that is not a "
                                   f"multiple of {npd.itemsize}, the size of {out_type.name} "
                                   f"[Op:DecodeRaw]")
    values = np.frombuffer(b"".join(flat), npd).astype(out_type._np)
    return values.reshape(data.shape + (size // npd.itemsize,))


def _infer_decode_raw(data: Spec, out_type, fixed_length, **attrs):
    if data.shape is None:
        return Spec(None, out_type)
    width = None if fixed_length is None else fixed_length // np.dtype(out_type._np).itemsize
    return Spec(tuple(data.shape) + (width,), out_type)


_decode_raw = defop("decode_raw", _decode_raw_kernel, infer=_infer_decode_raw,
                    tf_name="DecodeRaw")


def decode_raw(input_bytes, out_type, little_endian=True, fixed_length=None,
               name=None) -> Tensor:
    """Each string's bytes as a vector of `out_type` numbers (a new last axis)."""
    out_type = dtypes.as_dtype(out_type)
    if out_type is dtypes.string or out_type.is_complex and out_type._np is None:
        raise TypeError(f"decode_raw: out_type must be a numeric dtype, got {out_type.name}")
    data = convert_to_tensor(input_bytes, dtype=dtypes.string)
    return _decode_raw(data, out_type=out_type, little_endian=bool(little_endian),
                       fixed_length=None if fixed_length is None else int(fixed_length))


# --- base64 (web-safe alphabet, as TF) ----------------------------------------------------------
def _encode_base64_kernel(xp, data, pad):
    def one(v):
        text = base64.urlsafe_b64encode(bytes(v))
        return text if pad else text.rstrip(b"=")
    return np.array([one(v) for v in data.reshape(-1)], object).reshape(data.shape)


def _decode_base64_kernel(xp, data):
    def one(v):
        v = bytes(v)
        try:
            return base64.urlsafe_b64decode(v + b"=" * (-len(v) % 4))
        except (binascii.Error, ValueError):
            raise InvalidArgumentError("Invalid character found in base64. "
                                       "[Op:DecodeBase64]") from None
    return np.array([one(v) for v in data.reshape(-1)], object).reshape(data.shape)


_encode_base64 = defop("encode_base64", _encode_base64_kernel, tf_name="EncodeBase64",
                       infer=lambda data, pad: Spec(data.shape, dtypes.string))
_decode_base64 = defop("decode_base64", _decode_base64_kernel, tf_name="DecodeBase64",
                       infer=lambda data: Spec(data.shape, dtypes.string))


def encode_base64(input, pad=False, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Web-safe base64 ('-' and '_' for '+' and '/'), '=' padding only with pad=True."""
    return _encode_base64(convert_to_tensor(input, dtype=dtypes.string), pad=bool(pad))


def decode_base64(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    return _decode_base64(convert_to_tensor(input, dtype=dtypes.string))


def matching_files(pattern, name=None) -> Tensor:
    """The sorted file names matching a glob pattern (or a vector of patterns)."""
    patterns = np.asarray(convert_to_tensor(pattern, dtype=dtypes.string)._value).reshape(-1)
    names = sorted({name for p in patterns for name in glob.glob(_text(p))})
    return convert_to_tensor(np.array([n.encode() for n in names], object).reshape(-1),
                             dtype=dtypes.string)
