"""Scalar codecs and the containers of protobuf fields: repeated scalars, repeated messages and
string-keyed message maps, each telling its owning message when it changes (for presence).
"""
from __future__ import annotations

import math
import operator
from typing import TYPE_CHECKING

import numpy as np

from fluxion.io import _wire
from fluxion.io._wire import LEN

if TYPE_CHECKING:
    from fluxion.io._proto import Message

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


# --- scalar codecs: checking, storing, packing ---------------------------------------------
def _check_int64(v, field: str) -> int:
    if isinstance(v, (bool, np.bool_)):
        raise TypeError(f"Field {field}: Expected an int, got a boolean.")
    n = operator.index(v)  # TypeError "'float' object cannot be interpreted as an integer"
    if not _INT64_MIN <= n <= _INT64_MAX:
        raise ValueError(f"Value out of range: {n}")
    return n


def _check_float(v, field: str) -> float:
    if not hasattr(v, "__float__"):
        raise TypeError(f"must be real number, not {type(v).__name__}")
    return float(np.float32(float(v)))  # the float32 the message stores, as a Python float


def _check_bytes(v, field: str) -> bytes:
    if not isinstance(v, bytes):
        raise TypeError(f"expected bytes, {type(v).__name__} found")
    return bytes(v)


def _as_array(values):
    """A NumPy view of array-likes (ndarray, tensors), None for Python sequences."""
    if isinstance(values, np.ndarray):
        return values
    if hasattr(values, "__array__") and not isinstance(values, (list, tuple)):
        return np.asarray(values)
    return None


def _convert_many(values, check, field: str) -> list:
    arr = _as_array(values)
    if arr is not None:
        if check is _check_int64 and arr.dtype.kind in "iu":
            if arr.dtype == np.uint64 and arr.size and arr.max() > _INT64_MAX:
                raise ValueError(f"Value out of range: {int(arr.max())}")
            return arr.reshape(-1).tolist()
        if check is _check_float and arr.dtype.kind in "fiub":
            return arr.reshape(-1).astype(np.float32).tolist()
        values = arr.reshape(-1).tolist() if arr.dtype.kind != "O" else list(arr.reshape(-1))
    return [check(v, field) for v in values]


class _ScalarCodec:
    """How one repeated scalar type is checked, encoded, decoded and printed."""

    def __init__(self, check, wire_types, encode_field, decode, text) -> None:
        self.check, self.wire_types = check, wire_types
        self.encode_field, self.decode, self.text = encode_field, decode, text


def _packed(encode_payload):
    def encode_field(number: int, items: list) -> bytes:
        return _wire.len_field(number, encode_payload(items)) if items else b""

    return encode_field


def _encode_floats(values) -> bytes:
    return np.asarray(values, dtype="<f4").tobytes()


def _encode_bytes_field(number: int, items: list) -> bytes:
    return b"".join(_wire.len_field(number, b) for b in items)


def _decode_float_field(wire_type, value) -> list:
    return _wire.decode_floats(wire_type, value).tolist()


def _decode_int64_field(wire_type, value) -> list:
    return _wire.decode_int64s(wire_type, value).tolist()


def _decode_bytes_field(wire_type, value) -> list:
    return [bytes(value)]


def format_float(v: float) -> str:
    """The shortest of 6 or 9 significant digits that reads back to the same float32."""
    s = format(v, ".6g")
    if not math.isnan(v) and float(np.float32(float(s))) != v:
        s = format(v, ".9g")
    return s


def escape_bytes(b: bytes, utf8: bool = False) -> str:
    """C-style escaping as protobuf's text format does (octal for non-printable bytes)."""
    out = []
    for c in b:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif 0x20 <= c < 0x7F or (utf8 and c >= 0x80):
            out.append(chr(c))
        else:
            out.append(f"\\{c:03o}")
    text = "".join(out)
    return text.encode("latin-1").decode("utf-8") if utf8 else text


_ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x27: "\\'", 0x5C: "\\\\"}

INT64 = _ScalarCodec(_check_int64, (_wire.VARINT, LEN), _packed(_wire.encode_packed_varints),
                     _decode_int64_field, str)
FLOAT = _ScalarCodec(_check_float, (_wire.FIXED32, LEN), _packed(_encode_floats),
                     _decode_float_field, format_float)
BYTES = _ScalarCodec(_check_bytes, (LEN,), _encode_bytes_field, _decode_bytes_field,
                     lambda b: '"' + escape_bytes(b) + '"')


# --- containers ----------------------------------------------------------------------------
class RepeatedScalarContainer:
    """A list-like repeated scalar field; every mutation checks values and marks the owner."""

    __slots__ = ("_codec", "_field", "_items", "_owner")

    def __init__(self, owner: Message, codec: _ScalarCodec, field: str) -> None:
        self._items: list = []
        self._owner, self._codec, self._field = owner, codec, field

    def _check(self, v):
        return self._codec.check(v, self._field)

    def append(self, value) -> None:
        self._items.append(self._check(value))
        self._owner._modified()

    def extend(self, values) -> None:
        self._items.extend(_convert_many(values, self._codec.check, self._field))
        self._owner._modified()

    def insert(self, index: int, value) -> None:
        self._items.insert(index, self._check(value))
        self._owner._modified()

    def pop(self, index: int = -1):
        value = self._items.pop(index)
        self._owner._modified()
        return value

    def remove(self, value) -> None:
        self._items.remove(value)
        self._owner._modified()

    def MergeFrom(self, other) -> None:
        self.extend(other)

    def __setitem__(self, key, value) -> None:
        if isinstance(key, slice):
            self._items[key] = _convert_many(value, self._codec.check, self._field)
        else:
            self._items[key] = self._check(value)
        self._owner._modified()

    def __delitem__(self, key) -> None:
        del self._items[key]
        self._owner._modified()

    def __getitem__(self, key):
        return self._items[key]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, value) -> bool:
        return value in self._items

    def __eq__(self, other) -> bool:
        if isinstance(other, RepeatedScalarContainer):
            return self._items == other._items
        if isinstance(other, (list, tuple)):
            return self._items == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return repr(self._items)


class RepeatedCompositeContainer:
    """A repeated message field (``FeatureList.feature``): `add()` makes a new element."""

    __slots__ = ("_cls", "_items", "_owner")

    def __init__(self, owner: Message, cls: type) -> None:
        self._items: list = []
        self._owner, self._cls = owner, cls

    def add(self, **kwargs) -> Message:
        child = self._cls(**kwargs)
        child._parent = self._owner
        self._items.append(child)
        self._owner._modified()
        return child

    def append(self, message: Message) -> None:
        self.add().CopyFrom(message)

    def extend(self, messages) -> None:
        for m in messages:
            self.append(m)

    def MergeFrom(self, other) -> None:
        self.extend(other)

    def pop(self, index: int = -1) -> Message:
        value = self._items.pop(index)
        self._owner._modified()
        return value

    def __delitem__(self, key) -> None:
        del self._items[key]
        self._owner._modified()

    def __getitem__(self, key):
        return self._items[key]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __eq__(self, other) -> bool:
        if isinstance(other, (RepeatedCompositeContainer, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return repr(self._items)


def _map_order(key: str):
    """TF's deterministic map order: bytewise, but a key sorts after its longer extensions."""
    return [*key.encode("utf-8"), 256]


class MessageMap:
    """A ``map<string, Message>`` field: reading a missing key creates its entry, as protobuf."""

    __slots__ = ("_cls", "_items", "_owner")

    def __init__(self, owner: Message, cls: type) -> None:
        self._items: dict = {}
        self._owner, self._cls = owner, cls

    @staticmethod
    def _key(key) -> str:
        if isinstance(key, bytes):
            return key.decode("utf-8")
        if not isinstance(key, str):
            raise TypeError(f"Map key must be str, not {type(key).__name__}")
        return key

    def __getitem__(self, key) -> Message:
        key = self._key(key)
        child = self._items.get(key)
        if child is None:
            child = self._items[key] = self._cls()
            child._parent = self._owner
            self._owner._modified()
        return child

    def get_or_create(self, key) -> Message:
        return self[key]

    def __setitem__(self, key, value) -> None:
        raise ValueError("Message objects may not be assigned")

    def get(self, key, default=None):
        return self._items.get(self._key(key), default)

    def __delitem__(self, key) -> None:
        del self._items[self._key(key)]
        self._owner._modified()

    def pop(self, key, *default):
        value = self._items.pop(self._key(key), *default)
        self._owner._modified()
        return value

    def __contains__(self, key) -> bool:
        return self._key(key) in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def sorted_items(self) -> list:
        return sorted(self._items.items(), key=lambda kv: _map_order(kv[0]))

    def MergeFrom(self, other) -> None:
        for key, value in other.items():
            self[key].CopyFrom(value)

    def update(self, other) -> None:
        self.MergeFrom(dict(other))

    def __eq__(self, other) -> bool:
        if isinstance(other, (MessageMap, dict)):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return repr(self._items)
