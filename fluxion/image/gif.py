"""GIF decoding in pure Python: LZW, interlacing, local/global palettes and transparency,
composited as TF does (each frame starts from the previous one; transparent pixels keep it,
and are black on the first frame). Returns (frames, height, width, 3) uint8."""
from __future__ import annotations

import struct

import numpy as np


class GIFError(ValueError):
    """Malformed GIF data."""


def _sub_blocks(data: bytes, pos: int) -> tuple[bytes, int]:
    chunks = []
    while True:
        if pos >= len(data):
            raise GIFError("truncated data sub-blocks")
        size = data[pos]
        pos += 1
        if size == 0:
            return b"".join(chunks), pos
        chunks.append(data[pos:pos + size])
        pos += size


def lzw_decode(data: bytes, min_size: int, count: int) -> np.ndarray:
    """The first `count` palette indices of an LZW stream."""
    clear, end = 1 << min_size, (1 << min_size) + 1
    out = bytearray()
    table: list = []
    size = min_size + 1
    prev = None
    acc = nbits = 0
    for byte in data:
        acc |= byte << nbits
        nbits += 8
        while nbits >= size:
            code = acc & ((1 << size) - 1)
            acc >>= size
            nbits -= size
            if code == clear:
                table = [bytes([i]) for i in range(clear)] + [b"", b""]
                size, prev = min_size + 1, None
                continue
            if code == end:
                return _indices(out, count)
            if not table:
                table = [bytes([i]) for i in range(clear)] + [b"", b""]
            if code < len(table):
                entry = table[code]
                if prev is not None:
                    table.append(prev + entry[:1])
            elif code == len(table) and prev is not None:
                entry = prev + prev[:1]
                table.append(entry)
            else:
                raise GIFError("bad LZW code")
            out += entry
            prev = entry
            if len(table) == 1 << size and size < 12:
                size += 1
            if len(out) >= count:
                return _indices(out, count)
    return _indices(out, count)


def _indices(out: bytearray, count: int) -> np.ndarray:
    if len(out) < count:
        raise GIFError(f"LZW data ends after {len(out)} of {count} pixels")
    return np.frombuffer(bytes(out[:count]), np.uint8)


def _deinterlace(rows: np.ndarray) -> np.ndarray:
    h = rows.shape[0]
    order = np.concatenate([np.arange(0, h, 8), np.arange(4, h, 8), np.arange(2, h, 4),
                            np.arange(1, h, 2)])
    out = np.empty_like(rows)
    out[order] = rows
    return out


def _palette(data: bytes, pos: int, flags: int) -> tuple[np.ndarray, int]:
    n = 2 << (flags & 7)
    table = np.frombuffer(data, np.uint8, 3 * n, pos).reshape(n, 3)
    return table, pos + 3 * n


def decode(data: bytes) -> np.ndarray:
    if not data.startswith((b"GIF87a", b"GIF89a")):
        raise GIFError("not a GIF")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    pos = 13
    global_palette = None
    if flags & 0x80:
        global_palette, pos = _palette(data, pos, flags)
    frames: list = []
    transparent = None
    while pos < len(data):
        kind = data[pos]
        pos += 1
        if kind == 0x3B:
            break
        if kind == 0x21:
            label = data[pos]
            body, pos = _sub_blocks(data, pos + 1)
            if label == 0xF9 and len(body) >= 4:
                transparent = body[3] if body[0] & 1 else None
        elif kind == 0x2C:
            pos = _frame(data, pos, width, height, global_palette, transparent, frames)
            transparent = None
        else:
            raise GIFError(f"unknown block 0x{kind:02x}")
    if not frames:
        raise GIFError("GIF with no frames")
    return np.stack(frames)


def _frame(data: bytes, pos: int, width: int, height: int, global_palette, transparent,
           frames: list) -> int:
    left, top, w, h, flags = struct.unpack_from("<HHHHB", data, pos)
    pos += 9
    palette = global_palette
    if flags & 0x80:
        palette, pos = _palette(data, pos, flags)
    if palette is None:
        raise GIFError("missing color map")
    min_size = data[pos]
    stream, pos = _sub_blocks(data, pos + 1)
    index = lzw_decode(stream, min_size, w * h).reshape(h, w)
    if flags & 0x40:
        index = _deinterlace(index)
    # TF's canvas is the first frame's size (not the logical screen's)
    canvas = frames[-1].copy() if frames else np.zeros((h, w, 3), np.uint8)
    height, width = canvas.shape[:2]
    bottom, right = min(top + h, height), min(left + w, width)
    index = index[:max(bottom - top, 0), :max(right - left, 0)]
    if index.size and int(index.max()) >= palette.shape[0] and transparent is None:
        raise GIFError("found color index outside of color map range")
    keep = index == transparent if transparent is not None else np.zeros(index.shape, bool)
    colors = palette[np.minimum(index, palette.shape[0] - 1)]
    region = canvas[top:bottom, left:right]
    canvas[top:bottom, left:right] = np.where(keep[..., None], region, colors)
    frames.append(canvas)
    return pos
