"""What Fluxion's HDF5 reader and writer share: the signatures, message type numbers and the
encoding of the datatypes Keras stores (integers, IEEE floats, booleans, strings).

Only the subset of HDF5 that Keras' weight files use is covered (see docs of h5_reader.py and
h5_writer.py); the layouts follow the HDF5 File Format Specification (version 3).
"""
from __future__ import annotations

import struct

import numpy as np

SIGNATURE = b"\x89HDF\r\n\x1a\n"
UNDEFINED = 0xFFFFFFFFFFFFFFFF  # an address that points nowhere

# object header message types
MSG_NIL = 0x0000
MSG_DATASPACE = 0x0001
MSG_LINK_INFO = 0x0002
MSG_DATATYPE = 0x0003
MSG_FILL_VALUE_OLD = 0x0004
MSG_FILL_VALUE = 0x0005
MSG_LINK = 0x0006
MSG_EXTERNAL_FILES = 0x0007
MSG_LAYOUT = 0x0008
MSG_GROUP_INFO = 0x000A
MSG_FILTERS = 0x000B
MSG_ATTRIBUTE = 0x000C
MSG_CONTINUATION = 0x0010
MSG_SYMBOL_TABLE = 0x0011
MSG_MODIFICATION_TIME = 0x0012

# datatype classes
CLASS_FIXED = 0
CLASS_FLOAT = 1
CLASS_STRING = 3
CLASS_ENUM = 8
CLASS_VLEN = 9

# (sign bit, exponent position, exponent size, mantissa size, bias) of the IEEE formats
_FLOAT_LAYOUTS = {2: (15, 10, 5, 10, 15), 4: (31, 23, 8, 23, 127), 8: (63, 52, 11, 52, 1023)}


class H5FormatError(ValueError):
    """An HDF5 file that is truncated, corrupted, or uses features outside Keras' subset."""


def pad8(n: int) -> int:
    return (n + 7) & ~7


# --- datatypes -----------------------------------------------------------------------------------
def encode_datatype(dtype: np.dtype) -> bytes:
    """The datatype message of a NumPy dtype (stored little-endian, as HDF5 does by default)."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        bits = 0x08 if dtype.kind == "i" else 0x00  # bit 3: signed
        return _type_header(CLASS_FIXED, bits, dtype.itemsize) + \
            struct.pack("<HH", 0, dtype.itemsize * 8)
    if dtype.kind == "f" and dtype.itemsize in _FLOAT_LAYOUTS:
        sign, exp_pos, exp_size, mant_size, bias = _FLOAT_LAYOUTS[dtype.itemsize]
        # bits 4-5: mantissa normalization "implied 1"; bits 8-15: the sign bit's position
        return _type_header(CLASS_FLOAT, 0x20 | (sign << 8), dtype.itemsize) + struct.pack(
            "<HHBBBBI", 0, dtype.itemsize * 8, exp_pos, exp_size, 0, mant_size, bias)
    if dtype.kind == "b":  # h5py's convention: an enum of int8 with FALSE = 0 and TRUE = 1
        base = encode_datatype(np.dtype("i1"))
        members = b"".join(name + b"\0" * (pad8(len(name) + 1) - len(name))
                           for name in (b"FALSE", b"TRUE"))
        return _type_header(CLASS_ENUM, 2, 1) + base + members + bytes([0, 1])
    raise H5FormatError(f"HDF5: cannot store arrays of dtype {dtype}")


def vlen_string_datatype() -> bytes:
    """A variable-length UTF-8 string (how h5py stores a Python `str` attribute)."""
    base = _type_header(CLASS_FIXED, 0, 1) + struct.pack("<HH", 0, 8)
    return _type_header(CLASS_VLEN, 0x1 | (1 << 8), 16) + base  # string, null-term, UTF-8


def _type_header(cls: int, bits: int, size: int) -> bytes:
    return struct.pack("<B3sI", 0x10 | cls, bits.to_bytes(3, "little"), size)


def decode_datatype(data: bytes, pos: int = 0):
    """(kind, numpy dtype or None, size in bytes) of the datatype message at `pos`.

    kind is "numeric", "bool", "string" (fixed length) or "vlen_string"."""
    cls_version, b0, b1, b2, size = struct.unpack_from("<BBBBI", data, pos)
    cls = cls_version & 0x0F
    bits = b0 | (b1 << 8) | (b2 << 16)
    order = ">" if bits & 1 else "<"
    if cls == CLASS_FIXED:
        if size not in (1, 2, 4, 8):
            raise H5FormatError(f"HDF5: integers of {size} bytes are not supported")
        return "numeric", np.dtype(f"{order}{'i' if bits & 0x08 else 'u'}{size}"), size
    if cls == CLASS_FLOAT:
        if size not in _FLOAT_LAYOUTS:
            raise H5FormatError(f"HDF5: floats of {size} bytes are not supported")
        exp_pos, exp_size = struct.unpack_from("<BB", data, pos + 12)
        if (exp_pos, exp_size) != _FLOAT_LAYOUTS[size][1:3]:
            raise H5FormatError("HDF5: only IEEE floating-point formats are supported")
        return "numeric", np.dtype(f"{order}f{size}"), size
    if cls == CLASS_ENUM:
        base_kind, base, _ = decode_datatype(data, pos + 8)
        if base_kind != "numeric" or base.itemsize != 1:
            raise H5FormatError("HDF5: only boolean enums are supported")
        return "bool", np.dtype("bool"), size
    if cls == CLASS_STRING:
        return "string", np.dtype(f"S{size}"), size
    if cls == CLASS_VLEN and bits & 0x0F == 1:
        return "vlen_string", None, size
    raise H5FormatError(f"HDF5: datatype class {cls} is not supported")
