"""PNG in pure Python (zlib + NumPy): decoding every standard colour type and bit depth
(palette, tRNS, Adam7 interlacing) and encoding 8/16-bit images. Works on bytes and arrays;
`fluxion.image.codecs` wraps them as graph ops with TF's channel and dtype conversions."""
from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# colour type -> samples per pixel
_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2), (0, 1, 2, 2),
          (1, 0, 2, 1))  # (row start, col start, row step, col step)


class PNGError(ValueError):
    """Malformed PNG data."""


def _chunks(data: bytes):
    pos = len(SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise PNGError("truncated chunk")
        yield kind, body
        if kind == b"IEND":
            return
        pos += 12 + length


def decode(data: bytes) -> tuple[np.ndarray, dict]:
    """The image as stored, (H, W, samples) uint8 or uint16 (palette indices expanded to RGB
    or RGBA, low bit depths widened to 8 bits), and info: colour type, bit depth, tRNS."""
    if not data.startswith(SIGNATURE):
        raise PNGError("not a PNG")
    header, palette, trns, idat = None, None, None, []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body[:13])
        elif kind == b"PLTE":
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif kind == b"tRNS":
            trns = body
        elif kind == b"IDAT":
            idat.append(body)
    if header is None or not idat:
        raise PNGError("missing IHDR or IDAT")
    width, height, depth, ctype, _, _, interlace = header
    if ctype not in _SAMPLES or depth not in (1, 2, 4, 8, 16):
        raise PNGError(f"unsupported colour type {ctype} / bit depth {depth}")
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise PNGError(str(e)) from None
    samples = _SAMPLES[ctype]
    if interlace:
        image = _deinterlace(raw, width, height, depth, samples)
    else:
        image = _read_pass(raw, width, height, depth, samples)[0]
    info = {"color_type": ctype, "bit_depth": depth, "trns": trns}
    if ctype == 3:
        image = _expand_palette(image[..., 0], palette, trns)
    elif ctype == 0 and depth < 8:
        image = (image * (255 // ((1 << depth) - 1))).astype(np.uint8)
    return image, info


def _read_pass(raw: bytes, width: int, height: int, depth: int, samples: int,
               offset: int = 0) -> tuple[np.ndarray, int]:
    """Unfilters one (sub-)image starting at `offset`; returns it and the offset after it."""
    bits = depth * samples
    stride = (width * bits + 7) // 8
    bpp = max(1, bits // 8)
    size = height * (stride + 1)
    block = np.frombuffer(raw, np.uint8, size, offset).reshape(height, stride + 1) if size \
        else np.zeros((0, stride + 1), np.uint8)
    if block.shape[0] != height:
        raise PNGError("truncated image data")
    rows = _unfilter(block[:, 0], block[:, 1:], bpp)
    if depth < 8:
        unpacked = np.unpackbits(rows, axis=1).reshape(height, -1, depth)
        weights = (1 << np.arange(depth - 1, -1, -1)).astype(np.uint8)
        values = (unpacked * weights).sum(axis=2, dtype=np.uint8)[:, :width * samples]
        return values.reshape(height, width, samples), offset + size
    if depth == 16:
        values = rows.reshape(height, -1).view(">u2").astype(np.uint16)
        return values.reshape(height, width, samples), offset + size
    return rows.reshape(height, width, samples), offset + size


def _unfilter(kinds: np.ndarray, rows: np.ndarray, bpp: int) -> np.ndarray:
    """Reverses the per-row filters: row by row (vectorised) when only None/Sub/Up occur,
    else along anti-diagonals (see `_unfilter_wavefront`)."""
    if np.any(kinds > 4):
        raise PNGError(f"bad filter type {int(kinds.max())}")
    if np.any(kinds >= 3):
        return _unfilter_wavefront(kinds, rows, bpp)
    out = np.zeros(rows.shape, np.uint8)
    prev = np.zeros(rows.shape[1], np.uint8)
    for y in range(rows.shape[0]):
        kind, row = int(kinds[y]), rows[y]
        cur = row if kind == 0 else _undo_sub(row, bpp) if kind == 1 else row + prev
        out[y] = cur
        prev = out[y]
    return out


def _unfilter_wavefront(kinds: np.ndarray, rows: np.ndarray, bpp: int) -> np.ndarray:
    """Average and Paeth read the decoded pixels left, above and above-left: every pixel on
    an anti-diagonal (row + column = t) depends only on earlier diagonals, so the image is
    decoded in height + width vectorised steps whatever the filters."""
    height, stride = rows.shape
    width = stride // bpp
    raw = rows.reshape(height, width, bpp).astype(np.int32)
    done = np.zeros((height + 1, width + 1, bpp), np.int32)  # a zero row above, column left
    kind = kinds.astype(np.int32)
    for t in range(height + width - 1):
        ys = np.arange(max(0, t - width + 1), min(height, t + 1))
        xs = t - ys
        a, b, c = done[ys + 1, xs], done[ys, xs + 1], done[ys, xs]
        k = kind[ys][:, None]
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        pred = np.select([k == 1, k == 2, k == 3, k == 4], [a, b, (a + b) >> 1, paeth], 0)
        done[ys + 1, xs + 1] = (raw[ys, xs] + pred) & 255
    return done[1:, 1:].astype(np.uint8).reshape(height, stride)


def _undo_sub(row: np.ndarray, bpp: int) -> np.ndarray:
    n = row.shape[0]
    pad = (-n) % bpp
    lanes = np.concatenate([row, np.zeros(pad, np.uint8)]).reshape(-1, bpp)
    return (np.cumsum(lanes, axis=0, dtype=np.uint64) % 256).astype(np.uint8).reshape(-1)[:n]


def _deinterlace(raw: bytes, width: int, height: int, depth: int, samples: int) -> np.ndarray:
    dtype = np.uint16 if depth == 16 else np.uint8
    image = np.zeros((height, width, samples), dtype)
    offset = 0
    for r0, c0, dr, dc in _ADAM7:
        h = (height - r0 + dr - 1) // dr if height > r0 else 0
        w = (width - c0 + dc - 1) // dc if width > c0 else 0
        if h == 0 or w == 0:
            continue
        sub, offset = _read_pass(raw, w, h, depth, samples, offset)
        image[r0::dr, c0::dc] = sub
    return image


def _expand_palette(index: np.ndarray, palette, trns) -> np.ndarray:
    if palette is None:
        raise PNGError("palette image without PLTE")
    if index.size and int(index.max()) >= palette.shape[0]:
        raise PNGError("palette index out of range")
    rgb = palette[index]
    if trns is None:
        return rgb
    alpha = np.full(palette.shape[0], 255, np.uint8)
    alpha[:len(trns)] = np.frombuffer(trns[:palette.shape[0]], np.uint8)
    return np.concatenate([rgb, alpha[index][..., None]], axis=-1)


def transparent_mask(image: np.ndarray, info: dict) -> np.ndarray | None:
    """For gray/RGB images with a tRNS colour key: where pixels equal it (else None)."""
    trns, ctype = info["trns"], info["color_type"]
    if trns is None or ctype not in (0, 2):
        return None
    key = np.frombuffer(trns, ">u2").astype(np.int64)
    if ctype == 0 and info["bit_depth"] < 8:
        key = key * (255 // ((1 << info["bit_depth"]) - 1))
    return np.all(image.astype(np.int64) == key[:image.shape[-1]], axis=-1)


def encode(image: np.ndarray, level: int = -1) -> bytes:
    """PNG bytes of an (H, W, C) uint8/uint16 image, C in 1..4 (gray, gray+alpha, RGB, RGBA)."""
    height, width, channels = image.shape
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    depth = 16 if image.dtype == np.uint16 else 8
    rows = image.astype(">u2").view(np.uint8) if depth == 16 else image
    rows = np.ascontiguousarray(rows).reshape(height, -1)
    # the Up filter: cheap to vectorise and usually smaller than none on photographs
    up = rows.copy()
    up[1:] -= rows[:-1]
    body = np.concatenate([np.full((height, 1), 2, np.uint8), up], axis=1)
    header = struct.pack(">IIBBBBB", width, height, depth, ctype, 0, 0, 0)
    data = zlib.compress(body.tobytes(), level if level >= 0 else 6)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
