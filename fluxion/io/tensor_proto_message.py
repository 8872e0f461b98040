"""``tf.make_tensor_proto`` / ``tf.make_ndarray``: a TensorProto message object.

The message keeps TF's fields (tensor.proto): dtype = 1 (DT_* enum), tensor_shape = 2,
tensor_content = 4 and the typed ``*_val`` lists. It serializes with the same wire helpers as
`tf.io.serialize_tensor`, parses back, and prints protobuf's text format. The choice between
tensor_content and ``*_val`` follows TF's `make_tensor_proto`.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, to_array
from fluxion.core.variable import Variable
from fluxion.io import _wire
from fluxion.io import tensor_proto as _tp

_DT_NAMES = {"float32": "DT_FLOAT", "float64": "DT_DOUBLE", "int32": "DT_INT32",
             "uint8": "DT_UINT8", "int16": "DT_INT16", "int8": "DT_INT8", "string": "DT_STRING",
             "complex64": "DT_COMPLEX64", "int64": "DT_INT64", "bool": "DT_BOOL",
             "uint16": "DT_UINT16", "complex128": "DT_COMPLEX128", "float16": "DT_HALF",
             "uint32": "DT_UINT32", "uint64": "DT_UINT64"}
# dtypes written as raw tensor_content when they have more than one element (as TF does)
_CONTENT_TYPES = {"float16", "float32", "float64", "int32", "uint8", "int16", "int8", "int64",
                  "uint32", "uint64"}
# typed value fields in field-number order: (name, number, dtypes stored there)
_VAL_FIELDS = (("float_val", 5), ("double_val", 6), ("int_val", 7), ("string_val", 8),
               ("scomplex_val", 9), ("int64_val", 10), ("bool_val", 11), ("dcomplex_val", 12),
               ("half_val", 13), ("uint32_val", 16), ("uint64_val", 17))
_FIELD_OF = {"float32": "float_val", "float64": "double_val", "int32": "int_val",
             "int16": "int_val", "int8": "int_val", "uint8": "int_val", "uint16": "int_val",
             "string": "string_val", "complex64": "scomplex_val", "int64": "int64_val",
             "bool": "bool_val", "complex128": "dcomplex_val", "float16": "half_val",
             "uint32": "uint32_val", "uint64": "uint64_val"}


@dataclasses.dataclass
class Dim:
    size: int = 0
    name: str = ""


@dataclasses.dataclass
class TensorShapeProto:
    dim: list = dataclasses.field(default_factory=list)
    unknown_rank: bool = False


@dataclasses.dataclass
class TensorProto:
    """A TensorProto message (``tensorflow.TensorProto``)."""

    dtype: int = 0
    tensor_shape: TensorShapeProto = dataclasses.field(default_factory=TensorShapeProto)
    tensor_content: bytes = b""
    float_val: list = dataclasses.field(default_factory=list)
    double_val: list = dataclasses.field(default_factory=list)
    int_val: list = dataclasses.field(default_factory=list)
    string_val: list = dataclasses.field(default_factory=list)
    scomplex_val: list = dataclasses.field(default_factory=list)
    int64_val: list = dataclasses.field(default_factory=list)
    bool_val: list = dataclasses.field(default_factory=list)
    dcomplex_val: list = dataclasses.field(default_factory=list)
    half_val: list = dataclasses.field(default_factory=list)
    uint32_val: list = dataclasses.field(default_factory=list)
    uint64_val: list = dataclasses.field(default_factory=list)

    # --- wire format ---------------------------------------------------------------------------
    def SerializeToString(self) -> bytes:  # noqa: N802 - protobuf's name
        shape = b"".join(_wire.len_field(2, b"" if d.size == 0 else
                                         _wire.tag(1, _wire.VARINT) + _wire.encode_varint(d.size))
                         for d in self.tensor_shape.dim)
        out = [_wire.tag(1, _wire.VARINT) + _wire.encode_varint(self.dtype) if self.dtype else b"",
               _wire.len_field(2, shape)]
        if self.tensor_content:
            out.append(_wire.len_field(4, self.tensor_content))
        for name, number in _VAL_FIELDS:
            values = getattr(self, name)
            if not values:
                continue
            if name == "string_val":
                out.extend(_wire.len_field(8, bytes(v)) for v in values)
            elif name in ("float_val", "scomplex_val"):
                out.append(_wire.len_field(number, np.asarray(values, "<f4").tobytes()))
            elif name in ("double_val", "dcomplex_val"):
                out.append(_wire.len_field(number, np.asarray(values, "<f8").tobytes()))
            else:
                ints = [int(v) for v in values]
                out.append(_wire.len_field(number, _wire.encode_packed_varints(ints)))
        return b"".join(out)

    def ParseFromString(self, data: bytes) -> None:  # noqa: N802 - protobuf's name
        array = _tp.parse_tensor(data, _tp._decode(bytes(data))[0]).numpy()
        self.__dict__.update(make_tensor_proto(array).__dict__)

    # --- text format ---------------------------------------------------------------------------
    def __str__(self) -> str:
        lines = [f"dtype: {_enum_name(self.dtype)}"] if self.dtype else []
        lines.append("tensor_shape {")
        for d in self.tensor_shape.dim:
            lines.append("  dim {")
            if d.size:
                lines.append(f"    size: {d.size}")
            lines.append("  }")
        lines.append("}")
        if self.tensor_content:
            lines.append(f'tensor_content: "{_escape(self.tensor_content)}"')
        for name, _ in _VAL_FIELDS:
            for v in getattr(self, name):
                lines.append(f"{name}: {_text_value(name, v)}")
        return "\n".join(lines) + "\n"


def _enum_name(enum: int) -> str:
    return _DT_NAMES.get(_tp._BY_ENUM.get(enum, ""), str(enum))


def _escape(data: bytes) -> str:
    """Protobuf text format's C escaping of a bytes field."""
    special = {10: "\\n", 13: "\\r", 9: "\\t", 34: '\\"', 39: "\\'", 92: "\\\\"}
    return "".join(special.get(b) or (chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)


def _text_value(name: str, v) -> str:
    if name == "string_val":
        return f'"{_escape(bytes(v))}"'
    if name == "bool_val":
        return "true" if v else "false"
    if name in ("float_val", "scomplex_val"):
        return _float_text(str(np.float32(v)))
    if name in ("double_val", "dcomplex_val"):
        return _float_text(repr(float(v)))
    return str(int(v))


def _float_text(s: str) -> str:
    return s[:-2] if s.endswith(".0") else s


# --- public functions ------------------------------------------------------------------------
def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False,
                      allow_broadcast=False) -> TensorProto:
    """A TensorProto holding `values` (of `dtype`, reshaped/broadcast to `shape`)."""
    if isinstance(values, TensorProto):
        return values
    if isinstance(values, (Tensor, Variable)):
        values = values._value
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    array = np.asarray(to_array(values, dtype))
    name = dtypes.from_numpy(array.dtype).name
    if shape is None:
        shape = array.shape
        same_size = True
    else:
        shape = tuple(int(d) for d in shape)
        size = int(np.prod(shape, dtype=np.int64))
        same_size = size == array.size
        if allow_broadcast:
            if array.shape != shape and array.size != 1:
                raise TypeError(f"Expected Tensor's shape: {shape}, but got {array.shape}.")
        elif verify_shape and array.shape != shape:
            raise TypeError(f"Expected Tensor's shape: {shape}, but got {array.shape}.")
        elif array.size > size:
            raise ValueError(f"Too many elements provided. Takes at most {size}, but got "
                             f"{array.size}.")
    proto = TensorProto(dtype=_tp._ENUM[name],
                        tensor_shape=TensorShapeProto([Dim(int(d)) for d in shape]))
    flat = array.reshape(-1)
    if same_size and name in _CONTENT_TYPES and flat.size > 1:
        proto.tensor_content = np.ascontiguousarray(
            flat.astype(flat.dtype.newbyteorder("<"), copy=False)).tobytes()
        return proto
    field = _FIELD_OF[name]
    if name == "string":
        values_out = [v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in flat]
    elif name == "float16":
        values_out = flat.view(np.uint16).tolist()
    elif name.startswith("complex"):
        values_out = np.stack([flat.real, flat.imag], axis=-1).reshape(-1).tolist()
    else:
        values_out = flat.tolist()
    setattr(proto, field, values_out)
    return proto


def make_ndarray(tensor) -> np.ndarray:
    """The NumPy array a TensorProto holds."""
    if not isinstance(tensor, TensorProto):
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute "
                             f"'tensor_shape'")
    data = tensor.SerializeToString()
    name = _tp._BY_ENUM[tensor.dtype]
    return np.asarray(_tp.parse_tensor(data, name).numpy())
