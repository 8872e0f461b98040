"""CRC-32C (Castagnoli), the checksum of TFRecord files, in pure Python and NumPy.

`value(data)` is the standard CRC-32C (``value(b"123456789") == 0xE3069283``); `masked` is the
rotated and offset form TFRecord stores. Short inputs run a slicing-by-8 loop over Python ints;
long inputs cut the data into equal blocks whose CRCs advance together in NumPy (four bytes per
step through two 64K-entry tables), then combine the block CRCs pairwise in a log-depth tree.
When the optional ``google-crc32c`` or ``crc32c`` package is installed it is used instead; the
pure path is always there (`value_pure`) and gives the same results.
"""
from __future__ import annotations

import struct
import sys

import numpy as np

_POLY = 0x82F63B78  # the Castagnoli polynomial, bit-reflected
_MASK_DELTA = 0xA282EAD8
_NUMPY_MIN_BYTES = 2048  # below this the Python loop is faster than NumPy's call overhead
_LITTLE = sys.byteorder == "little"


def _byte_table() -> np.ndarray:
    t = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        t = np.where(t & 1, (t >> 1) ^ np.uint32(_POLY), t >> 1).astype(np.uint32)
    return t


_TABLE = _byte_table()


def _zero_byte(v: np.ndarray) -> np.ndarray:
    """Advances raw CRC registers `v` over one zero byte."""
    return _TABLE[v & 0xFF] ^ (v >> 8)


def _slicing_tables() -> list[list[int]]:
    """T[k][b]: the register after `b` at byte k of an 8-byte word is followed by 7-k bytes."""
    tables = [_TABLE]
    for _ in range(7):
        tables.append(_zero_byte(tables[-1]))
    return [t.tolist() for t in tables]


_T0, _T1, _T2, _T3, _T4, _T5, _T6, _T7 = _slicing_tables()


def _raw_python(crc: int, data: bytes) -> int:
    """Advances the (pre-inverted) register `crc` over `data` with slicing-by-8."""
    n8 = len(data) & ~7
    if n8 and _LITTLE:
        words = memoryview(data)[:n8].cast("Q")
    else:
        words = struct.unpack_from(f"<{n8 // 8}Q", data)
    for w in words:
        c = crc ^ (w & 0xFFFFFFFF)
        h = w >> 32
        crc = (_T7[c & 255] ^ _T6[(c >> 8) & 255] ^ _T5[(c >> 16) & 255] ^ _T4[c >> 24]
               ^ _T3[h & 255] ^ _T2[(h >> 8) & 255] ^ _T1[(h >> 16) & 255] ^ _T0[h >> 24])
    for b in data[n8:]:
        crc = _T0[(crc ^ b) & 255] ^ (crc >> 8)
    return crc


# --- the NumPy path ------------------------------------------------------------------------
def _word_tables() -> tuple[np.ndarray, np.ndarray]:
    """Registers after a 32-bit word's low / high 16 bits are pushed through four bytes."""
    by_position = []
    for k in range(4):
        v = np.arange(256, dtype=np.uint32) << np.uint32(8 * k)
        for _ in range(4):
            v = _zero_byte(v)
        by_position.append(v)
    p0, p1, p2, p3 = by_position
    low = (p1[:, None] ^ p0[None, :]).reshape(-1)  # index = byte0 | byte1 << 8
    high = (p3[:, None] ^ p2[None, :]).reshape(-1)
    return low, high


_WORD_TABLES: tuple[np.ndarray, np.ndarray] | None = None
_SHIFT_TABLES: dict[int, np.ndarray] = {}  # log2(n) -> (4, 256) tables of "append n zero bytes"


def _shift_table(log2n: int) -> np.ndarray:
    """Byte-sliced tables of the linear map that advances a raw register over 2**log2n zeros."""
    if log2n not in _SHIFT_TABLES:
        if log2n == 0:
            _SHIFT_TABLES[0] = _zero_byte(_basis())
        else:
            half = _shift_table(log2n - 1)
            _SHIFT_TABLES[log2n] = _apply_shift(half, _apply_shift(half, _basis()))
    return _SHIFT_TABLES[log2n]


def _basis() -> np.ndarray:
    """Row k holds every byte value placed at byte k of a 32-bit register."""
    return np.arange(256, dtype=np.uint32)[None, :] << (8 * np.arange(4, dtype=np.uint32))[:, None]


def _apply_shift(table: np.ndarray, v: np.ndarray) -> np.ndarray:
    return (table[0][v & 0xFF] ^ table[1][(v >> 8) & 0xFF]
            ^ table[2][(v >> 16) & 0xFF] ^ table[3][v >> 24])


def _raw_numpy(data: bytes) -> int:
    """The raw (init 0, no final xor) CRC of `data` via parallel blocks and a combine tree."""
    global _WORD_TABLES
    if _WORD_TABLES is None:
        _WORD_TABLES = _word_tables()
    low, high = _WORD_TABLES
    n = len(data)
    # Blocks of ~sqrt(n)/8 bytes (a power of two): many short rows beat few long ones in NumPy.
    log2_block = max(5, (n.bit_length() + 1) // 2 - 3)
    block = 1 << log2_block
    nblocks = -(-n // block)
    buf = np.zeros(nblocks * block, dtype=np.uint8)
    buf[nblocks * block - n:] = np.frombuffer(data, dtype=np.uint8)  # leading zeros: no effect
    words = buf.view("<u4").reshape(nblocks, block // 4).T.copy()
    crc = np.zeros(nblocks, dtype=np.uint32)
    for row in words:
        crc ^= row
        crc = low[crc & 0xFFFF] ^ high[crc >> 16]
    width = 1 << (nblocks - 1).bit_length()
    crc = np.concatenate([np.zeros(width - nblocks, np.uint32), crc])  # zero blocks: no effect
    level = log2_block
    while len(crc) > 1:
        crc = _apply_shift(_shift_table(level), crc[0::2]) ^ crc[1::2]
        level += 1
    return int(crc[0])


def value_pure(data, crc: int = 0) -> int:
    """CRC-32C of `data` continuing from the CRC `crc` of preceding bytes (pure path)."""
    data = bytes(data) if not isinstance(data, bytes) else data
    if len(data) < _NUMPY_MIN_BYTES:
        return _raw_python(crc ^ 0xFFFFFFFF, data) ^ 0xFFFFFFFF
    # Feeding the register into the first four bytes turns the CRC into a raw (zero-init) one.
    head = int.from_bytes(data[:4], "little") ^ crc ^ 0xFFFFFFFF
    return _raw_numpy(head.to_bytes(4, "little") + data[4:]) ^ 0xFFFFFFFF


def _accelerated():
    try:
        import google_crc32c

        if google_crc32c.implementation == "c":
            return lambda data, crc=0: google_crc32c.extend(crc, data)
    except ImportError:
        pass
    try:
        import crc32c

        return lambda data, crc=0: crc32c.crc32c(data, crc)
    except ImportError:
        return None


value = _accelerated() or value_pure


def mask(crc: int) -> int:
    """TFRecord's masked CRC: rotate right by 15 bits and add a constant."""
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked_crc: int) -> int:
    rot = (masked_crc - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def masked(data) -> int:
    """The masked CRC-32C of `data`, as stored in TFRecord files."""
    return mask(value(data))
