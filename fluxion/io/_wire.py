"""The protocol-buffer wire format, by hand: varints, tags, packed numbers, field iteration.

Only what TensorFlow's record protos need (tf.train.Example and friends, TensorProto): wire
types 0 (varint), 1 (fixed64), 2 (length-delimited) and 5 (fixed32). Long packed lists are
encoded and decoded with NumPy; short ones with plain Python, which is faster below ~32 items.
"""
from __future__ import annotations

import numpy as np

VARINT, FIXED64, LEN, FIXED32 = 0, 1, 2, 5
_U64 = (1 << 64) - 1
_VECTOR_MIN = 32
_SHIFTS = np.arange(0, 70, 7, dtype=np.uint64)
_THRESHOLDS = np.uint64(1) << np.arange(7, 70, 7, dtype=np.uint64)  # 2**7 ... 2**63


class DecodeError(Exception):
    """Bytes that are not a valid serialization of the message (protobuf's DecodeError)."""


def encode_varint(n: int) -> bytes:
    """Base-128 varint of `n`; negative numbers as their 64-bit two's complement (10 bytes)."""
    n &= _U64
    if n < 0x80:
        return bytes((n,))
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def tag(field: int, wire_type: int) -> bytes:
    return encode_varint((field << 3) | wire_type)


def len_field(field: int, payload: bytes) -> bytes:
    """A length-delimited field: tag, length, payload."""
    return tag(field, LEN) + encode_varint(len(payload)) + payload


def encode_field(number: int, wire_type: int, value) -> bytes:
    """Re-encodes one field as `iter_fields` yields it (used to keep unknown fields)."""
    if wire_type == LEN:
        return len_field(number, bytes(value))
    if wire_type == VARINT:
        return tag(number, VARINT) + encode_varint(value)
    width = 4 if wire_type == FIXED32 else 8
    return tag(number, wire_type) + value.to_bytes(width, "little")


def encode_packed_varints(values) -> bytes:
    """The payload of a packed repeated int64 field (no tag or length)."""
    if len(values) < _VECTOR_MIN:
        return b"".join(encode_varint(v) for v in values)
    v = np.asarray(values, dtype=np.int64).view(np.uint64)
    groups = ((v[:, None] >> _SHIFTS) & np.uint64(0x7F)).astype(np.uint8)  # (n, 10) 7-bit groups
    nbytes = 1 + (v[:, None] >= _THRESHOLDS).sum(axis=1)
    column = np.arange(10)[None, :]
    groups[column < (nbytes - 1)[:, None]] |= 0x80  # continuation bits
    keep = column < nbytes[:, None]
    return groups[keep].tobytes()


def decode_varint(buf: bytes, pos: int) -> tuple[int, int]:
    """Reads a varint at `pos`; returns (value, position after it)."""
    result = shift = 0
    while True:
        try:
            b = buf[pos]
        except IndexError:
            raise DecodeError("Truncated varint") from None
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result & _U64, pos
        shift += 7
        if shift >= 70:
            raise DecodeError("Too many bytes when decoding varint")


def decode_packed_varints(payload: bytes) -> np.ndarray:
    """The int64 values of a packed varint payload."""
    if len(payload) < _VECTOR_MIN:
        out, pos = [], 0
        while pos < len(payload):
            v, pos = decode_varint(payload, pos)
            out.append(v)
        return np.array(out, dtype=np.uint64).view(np.int64)
    data = np.frombuffer(payload, dtype=np.uint8)
    ends = np.flatnonzero(data < 0x80)
    if len(ends) == 0 or ends[-1] != len(data) - 1:
        raise DecodeError("Truncated varint")
    starts = np.concatenate([[0], ends[:-1] + 1])
    lengths = ends - starts + 1
    if lengths.max() > 10:
        raise DecodeError("Too many bytes when decoding varint")
    position = np.arange(len(data)) - np.repeat(starts, lengths)
    parts = (data & 0x7F).astype(np.uint64) << (7 * position).astype(np.uint64)
    return np.bitwise_or.reduceat(parts, starts).view(np.int64)


def to_signed64(n: int) -> int:
    return n - (1 << 64) if n >= (1 << 63) else n


def iter_fields(buf: bytes):
    """Yields (field number, wire type, value) of a message's fields in order; the value is an
    int for varint and fixed fields and a bytes slice for length-delimited ones."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = decode_varint(buf, pos)
        field, wire_type = key >> 3, key & 7
        if field == 0:
            raise DecodeError("Invalid field number 0")
        if wire_type == VARINT:
            value, pos = decode_varint(buf, pos)
        elif wire_type == LEN:
            size, pos = decode_varint(buf, pos)
            if pos + size > end:
                raise DecodeError("Truncated length-delimited field")
            value, pos = buf[pos:pos + size], pos + size
        elif wire_type in (FIXED32, FIXED64):
            width = 4 if wire_type == FIXED32 else 8
            if pos + width > end:
                raise DecodeError("Truncated fixed-width field")
            value, pos = int.from_bytes(buf[pos:pos + width], "little"), pos + width
        else:
            raise DecodeError(f"Unsupported wire type {wire_type}")
        yield field, wire_type, value


def decode_floats(wire_type: int, value) -> np.ndarray:
    """float32 values of one occurrence of a repeated float field (packed or not)."""
    if wire_type == LEN:
        if len(value) % 4:
            raise DecodeError("Packed float payload is not a multiple of 4 bytes")
        return np.frombuffer(value, dtype="<f4")
    if wire_type == FIXED32:
        return np.array([value], dtype=np.uint32).view(np.float32)
    raise DecodeError(f"Wire type {wire_type} for a float field")


def decode_int64s(wire_type: int, value) -> np.ndarray:
    """int64 values of one occurrence of a repeated int64 field (packed or not)."""
    if wire_type == LEN:
        return decode_packed_varints(value)
    if wire_type == VARINT:
        return np.array([to_signed64(value)], dtype=np.int64)
    raise DecodeError(f"Wire type {wire_type} for an int64 field")
