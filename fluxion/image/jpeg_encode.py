"""Baseline JPEG encoding in pure Python: JFIF, the standard (Annex K) quantisation tables
scaled by quality as libjpeg does, the standard Huffman tables, 4:2:0 or 4:4:4 chroma.
The transform and quantisation are vectorised; Huffman coding loops over the coefficients."""
from __future__ import annotations

import struct

import numpy as np

from fluxion.image.jpeg import ZIGZAG

_LUMA_Q = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69,
    56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81,
    104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99])
_CHROMA_Q = np.array([
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99,
    99, 47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32)
_DC_BITS = ((0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0),
            (0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0))
_DC_VALS = (tuple(range(12)), tuple(range(12)))
_AC_BITS = ((0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D),
            (0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77))
_AC_VALS = (bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a"
    "25262728292a3435363738393a434445464748494a535455565758595a636465666768696a73747576777879"
    "7a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9"
    "cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"), bytes.fromhex(
    "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718"
    "191a262728292a35363738393a434445464748494a535455565758595a636465666768696a73747576777879"
    "7a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8"
    "c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa"))


def _codes(bits, vals) -> dict:
    """symbol -> (code, length) of a canonical Huffman table."""
    table, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            table[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return table


_TABLES = [(_codes(_DC_BITS[i], _DC_VALS[i]), _codes(_AC_BITS[i], _AC_VALS[i])) for i in (0, 1)]
_N = np.arange(8)
_DCT = np.sqrt(2 / 8) * np.cos((2 * _N[None, :] + 1) * _N[:, None] * np.pi / 16)
_DCT[0] /= np.sqrt(2)


def quant_table(base: np.ndarray, quality: int) -> np.ndarray:
    """libjpeg's quality scaling of a standard table (natural order), clamped to 1..255."""
    quality = min(max(int(quality), 1), 100)
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return np.clip((base * scale + 50) // 100, 1, 255)


def _blocks(plane: np.ndarray) -> np.ndarray:
    """(H, W) with H, W multiples of 8 -> (rows, cols, 8, 8)."""
    h, w = plane.shape
    return plane.reshape(h // 8, 8, w // 8, 8).transpose(0, 2, 1, 3)


def _quantised(plane: np.ndarray, quant: np.ndarray) -> np.ndarray:
    """Zigzag-ordered quantised DCT coefficients (rows, cols, 64) of a level-shifted plane."""
    coefs = _DCT @ _blocks(plane - 128.0) @ _DCT.T
    q = np.rint(coefs / quant.reshape(8, 8)).astype(np.int64)
    return q.reshape(q.shape[:2] + (64,))[..., ZIGZAG]


class _BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, code: int, length: int) -> None:
        self.acc = (self.acc << length) | code
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 255
            self.out.append(byte)
            if byte == 255:
                self.out.append(0)
        self.acc &= (1 << self.n) - 1

    def flush(self) -> bytes:
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)
        return bytes(self.out)

    def restart(self, k: int) -> None:
        """Pads to a byte with 1-bits and writes marker RST(k mod 8)."""
        self.flush()
        self.out += bytes([0xFF, 0xD0 + k % 8])


def _encode_block(w: _BitWriter, block: list, pred: int, dc: dict, ac: dict) -> int:
    diff = block[0] - pred
    size = abs(diff).bit_length()
    w.put(*dc[size])
    if size:
        w.put(diff if diff > 0 else diff + (1 << size) - 1, size)
    run = 0
    for k in range(1, 64):
        v = block[k]
        if v == 0:
            run += 1
            continue
        while run > 15:
            w.put(*ac[0xF0])
            run -= 16
        size = abs(v).bit_length()
        w.put(*ac[(run << 4) | size])
        w.put(v if v > 0 else v + (1 << size) - 1, size)
        run = 0
    if run:
        w.put(*ac[0])
    return block[0]


def _ycc(rgb: np.ndarray) -> list:
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    return [0.299 * r + 0.587 * g + 0.114 * b,
            -0.168735892 * r - 0.331264108 * g + 0.5 * b + 128,
            0.5 * r - 0.418687589 * g - 0.081312411 * b + 128]


def _pad(plane: np.ndarray, h: int, w: int) -> np.ndarray:
    return np.pad(plane, ((0, h - plane.shape[0]), (0, w - plane.shape[1])), mode="edge")


def encode(image: np.ndarray, quality: int = 95, chroma_downsampling: bool = True,
           restart_interval: int = 0) -> bytes:
    """JPEG bytes of an (H, W, 1 or 3) uint8 image; `restart_interval` MCUs between restart
    markers (0: none)."""
    height, width, channels = image.shape
    sub = 2 if channels == 3 and chroma_downsampling else 1
    mh, mw = -(-height // (8 * sub)) * 8 * sub, -(-width // (8 * sub)) * 8 * sub
    planes = [image[..., 0].astype(np.float64)] if channels == 1 else _ycc(image)
    planes = [_pad(p, mh, mw) for p in planes]
    if sub == 2:
        planes[1:] = [p.reshape(mh // 2, 2, mw // 2, 2).mean(axis=(1, 3)) for p in planes[1:]]
    quants = [quant_table(_LUMA_Q, quality), quant_table(_CHROMA_Q, quality)]
    coefs = [_quantised(p, quants[min(i, 1)]).tolist() for i, p in enumerate(planes)]
    w = _BitWriter()
    preds = [0] * channels
    cols = mw // (8 * sub)
    for my in range(mh // (8 * sub)):
        for mx in range(cols):
            index = my * cols + mx
            if restart_interval and index and index % restart_interval == 0:
                w.restart(index // restart_interval - 1)
                preds = [0] * channels
            for dy in range(sub):
                for dx in range(sub):
                    preds[0] = _encode_block(w, coefs[0][my * sub + dy][mx * sub + dx],
                                             preds[0], *_TABLES[0])
            for c in range(1, channels):
                preds[c] = _encode_block(w, coefs[c][my][mx], preds[c], *_TABLES[1])
    headers = _headers(height, width, channels, sub, quants, restart_interval)
    return headers + w.flush() + b"\xff\xd9"


def _segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def _headers(height: int, width: int, channels: int, sub: int, quants: list,
             restart_interval: int) -> bytes:
    out = b"\xff\xd8" + _segment(0xE0, b"JFIF\0\x01\x01\x01\x01\x2c\x01\x2c\0\0")
    for i, q in enumerate(quants[:1 if channels == 1 else 2]):
        out += _segment(0xDB, bytes([i]) + bytes(q[ZIGZAG].astype(np.uint8)))
    comps = b"".join(bytes([k + 1, (sub * 17) if k == 0 else 0x11, min(k, 1)])
                     for k in range(channels))
    out += _segment(0xC0, struct.pack(">BHHB", 8, height, width, channels) + comps)
    for i in range(1 if channels == 1 else 2):
        out += _segment(0xC4, bytes([i]) + bytes(_DC_BITS[i]) + bytes(_DC_VALS[i]))
        out += _segment(0xC4, bytes([0x10 | i]) + bytes(_AC_BITS[i]) + _AC_VALS[i])
    if restart_interval:
        out += _segment(0xDD, struct.pack(">H", restart_interval))
    scan = b"".join(bytes([k + 1, 0 if k == 0 else 0x11]) for k in range(channels))
    return out + _segment(0xDA, bytes([channels]) + scan + b"\x00\x3f\x00")
