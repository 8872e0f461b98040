"""``tf.io.serialize_tensor`` / ``tf.io.parse_tensor``: tensors as TensorProto bytes.

TensorProto (tensorflow/core/framework/tensor.proto) by hand: dtype = 1, tensor_shape = 2
(TensorShapeProto: repeated Dim dim = 2, Dim: int64 size = 1), tensor_content = 4 (the raw
little-endian buffer, which TF writes for every non-string type) and string_val = 8. Parsing
also reads the typed ``*_val`` fields other writers use, where a short list is padded with its
last value as TensorFlow does.
"""
from __future__ import annotations

import base64

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.io import _wire
from fluxion.io._wire import LEN, DecodeError

__all__ = ["parse_tensor", "serialize_tensor"]

_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
         "string": 7, "complex64": 8, "int64": 9, "bool": 10, "uint16": 17, "complex128": 18,
         "float16": 19, "uint32": 22, "uint64": 23}
_BY_ENUM = {v: k for k, v in _ENUM.items()}
_TF_NAME = {"float32": "float", "float64": "double", "float16": "half"}

# Typed value fields: field number -> (how to decode one occurrence, NumPy dtype).
_FLOAT_FIELDS = {5: "<f4", 6: "<f8", 9: "<f4", 12: "<f8"}  # float, double, (d)complex parts
_VARINT_FIELDS = (7, 10, 11, 13, 16, 17)  # int, int64, bool, half bits, uint32, uint64


def _tf_name(name: str) -> str:
    return _TF_NAME.get(name, name)


def serialize_tensor(tensor, name=None) -> Tensor:
    """The TensorProto bytes of `tensor`, as a scalar string tensor."""
    t = convert_to_tensor(tensor)
    value = np.asarray(t._value)
    shape = b"".join(_wire.len_field(2, b"" if d == 0 else  # proto3 omits a zero size
                                     _wire.tag(1, _wire.VARINT) + _wire.encode_varint(d))
                     for d in value.shape)
    parts = [_wire.tag(1, _wire.VARINT) + _wire.encode_varint(_ENUM[t.dtype.name]),
             _wire.len_field(2, shape)]
    if t.dtype == dtypes.string:
        parts.extend(_wire.len_field(8, bytes(s)) for s in value.reshape(-1))
    elif value.size:
        little = value.astype(value.dtype.newbyteorder("<"), copy=False)
        parts.append(_wire.len_field(4, np.ascontiguousarray(little).tobytes()))
    out = np.empty((), dtype=object)
    out[()] = b"".join(parts)
    return wrap(out)


def _shape(data: bytes) -> tuple:
    dims = []
    for number, wire_type, dim in _wire.iter_fields(data):
        if number == 2 and wire_type == LEN:
            size = 0
            for n2, w2, v in _wire.iter_fields(dim):
                if n2 == 1 and w2 == _wire.VARINT:
                    size = _wire.to_signed64(v)
            dims.append(size)
    return tuple(dims)


def _decode(data: bytes) -> tuple:
    """(dtype name, shape, raw content or None, typed values list)."""
    enum, shape, content, typed = 0, (), None, []
    for number, wire_type, value in _wire.iter_fields(data):
        if number == 1 and wire_type == _wire.VARINT:
            enum = value
        elif number == 2 and wire_type == LEN:
            shape = _shape(value)
        elif number == 4 and wire_type == LEN:
            content = bytes(value)
        elif number == 8 and wire_type == LEN:
            typed.append(bytes(value))
        elif number in _FLOAT_FIELDS:
            if wire_type == LEN:
                typed.extend(np.frombuffer(value, _FLOAT_FIELDS[number]).tolist())
            else:
                width = "<u4" if wire_type == _wire.FIXED32 else "<u8"
                typed.append(np.array([value], width).view(_FLOAT_FIELDS[number])[0].item())
        elif number in _VARINT_FIELDS:
            ints = (_wire.decode_packed_varints(value).tolist() if wire_type == LEN
                    else [_wire.to_signed64(value)])
            typed.extend(ints)
    if enum not in _BY_ENUM:
        raise DecodeError(f"unsupported dtype enum {enum}")
    return _BY_ENUM[enum], shape, content, typed


def _from_typed(name: str, shape: tuple, typed: list) -> np.ndarray:
    n = int(np.prod(shape, dtype=np.int64))
    if name == "string":
        arr = np.empty(len(typed), dtype=object)
        arr[:] = typed
    elif name == "float16":
        arr = np.array(typed, dtype=np.uint16).view(np.float16)
    elif name.startswith("complex"):
        arr = np.array(typed, dtype=np.float64).reshape(-1, 2) @ np.array([1, 1j])
    else:
        arr = np.array(typed)
    arr = arr.astype(dtypes.as_dtype(name)._np)
    if len(arr) > n:
        raise DecodeError(f"{len(arr)} values for a tensor of {n} elements")
    if len(arr) == 0:
        fill = np.empty(n, dtype=object) if name == "string" else np.zeros(n, arr.dtype)
        if name == "string":
            fill.fill(b"")
        return fill.reshape(shape)
    if len(arr) < n:
        arr = np.concatenate([arr, np.repeat(arr[-1:], n - len(arr))])
    return arr.reshape(shape)


def parse_tensor(serialized, out_type, name=None) -> Tensor:
    """The tensor of `out_type` stored in the TensorProto bytes `serialized`."""
    out_type = dtypes.as_dtype(out_type)
    raw = np.asarray(serialized.numpy() if isinstance(serialized, Tensor) else serialized,
                     dtype=object)
    if raw.ndim != 0:
        raise errors.InvalidArgumentError(f"Expected `serialized` to be a scalar, got shape: "
                                          f"[{','.join(str(d) for d in raw.shape)}]")
    data = raw[()].encode("utf-8") if isinstance(raw[()], str) else bytes(raw[()])
    try:
        name_, shape, content, typed = _decode(data)
        if name_ != out_type.name:
            raise errors.InvalidArgumentError(
                f"Type mismatch between parsed tensor ({_tf_name(name_)}) and dtype "
                f"({_tf_name(out_type.name)})")
        if content is not None and name_ != "string":
            np_type = np.dtype(out_type._np).newbyteorder("<")
            value = np.frombuffer(content, np_type).astype(out_type._np).reshape(shape)
        else:
            value = _from_typed(name_, shape, typed)
    except (DecodeError, ValueError) as e:
        raise errors.InvalidArgumentError(
            f"Could not parse `serialized` as TensorProto, base64: "
            f"{base64.b64encode(data).decode()} ({e})") from None
    return wrap(value)
