"""JPEG entropy decoding (baseline and progressive Huffman scans) into zigzag coefficients.

Huffman codes are read with a 65536-entry table indexed by the next 16 bits (entry:
length << 8 | symbol), over a list of 32-bit big-endian windows, one per byte offset.
"""
from __future__ import annotations

import re

import numpy as np

_RST = re.compile(rb"\xff[\xd0-\xd7]")


class _Error(ValueError):
    pass


def lookup_table(counts: list, symbols: list) -> list:
    """The 16-bit lookup table of a canonical Huffman code (0 marks an invalid code)."""
    table = [0] * 65536
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            if k >= len(symbols):
                raise _Error("bad Huffman table")
            start = code << (16 - length)
            stop = (code + 1) << (16 - length)
            if stop > 65536:
                raise _Error("bad Huffman table")
            table[start:stop] = [(length << 8) | symbols[k]] * (stop - start)
            code += 1
            k += 1
        code <<= 1
    return table


def _windows(segment: bytes) -> list:
    """32-bit big-endian windows starting at every byte (zero padded past the end)."""
    buf = np.frombuffer(segment + b"\0\0\0\0", np.uint8).astype(np.uint32)
    n = len(segment)
    return ((buf[:n + 1] << 24) | (buf[1:n + 2] << 16) | (buf[2:n + 3] << 8)
            | buf[3:n + 4]).tolist() if n else [0]


class _Bits:
    """A cursor over one restart interval's entropy-coded bytes."""

    __slots__ = ("limit", "pos", "win")

    def __init__(self, segment: bytes):
        self.win = _windows(segment.replace(b"\xff\x00", b"\xff"))
        self.pos = 0
        self.limit = (len(self.win) - 1) * 8

    def symbol(self, table: list) -> int:
        p = self.pos
        if p >= self.limit + 16:
            raise _Error("JPEG data ends too early")
        entry = table[(self.win[p >> 3] >> (16 - (p & 7))) & 0xFFFF]
        if not entry:
            raise _Error("bad Huffman code")
        self.pos = p + (entry >> 8)
        return entry & 255

    def bits(self, n: int) -> int:
        if n == 0:
            return 0
        p = self.pos
        self.pos = p + n
        return (self.win[p >> 3] >> (32 - (p & 7) - n)) & ((1 << n) - 1)

    def value(self, n: int) -> int:
        """`n` bits read as a JPEG magnitude (the EXTEND of the standard)."""
        if n == 0:
            return 0
        v = self.bits(n)
        return v if v >= 1 << (n - 1) else v - (1 << n) + 1


def _scan_units(frame, comps: list) -> list:
    """Per MCU of the scan: (component, flat offset of the block) for each of its blocks."""
    if len(comps) == 1:
        k = comps[0]
        cols = frame.coefs_cols[k]
        return [[(k, (r * cols + c) * 64)] for r in range(frame.blocks_high(k))
                for c in range(frame.blocks_wide(k))]
    units = []
    for my in range(frame.mcuy):
        for mx in range(frame.mcux):
            unit = []
            for k in comps:
                cols = frame.coefs_cols[k]
                for v in range(frame.v[k]):
                    for h in range(frame.h[k]):
                        unit.append((k, ((my * frame.v[k] + v) * cols + mx * frame.h[k] + h) * 64))
            units.append(unit)
    return units


def decode_scan(frame, header: bytes, data: bytes, dc_tables: dict, ac_tables: dict,
                restart: int) -> None:
    """Decodes one scan into `frame.flat` (per component, flat zigzag coefficient lists)."""
    n = header[0]
    comps, dc_sel, ac_sel = [], [], []
    for i in range(n):
        cid, sel = header[1 + 2 * i], header[2 + 2 * i]
        if cid not in frame.ids:
            raise _Error("scan names an unknown component")
        comps.append(frame.ids.index(cid))
        dc_sel.append(sel >> 4)
        ac_sel.append(sel & 15)
    ss, se, a = header[1 + 2 * n], header[2 + 2 * n], header[3 + 2 * n]
    ah, al = a >> 4, a & 15
    if not frame.progressive:
        ss, se, ah, al = 0, 63, 0, 0
    units = _scan_units(frame, comps)
    segments = _RST.split(data) if restart else [data]
    per = restart or len(units)
    try:
        for s, start in enumerate(range(0, len(units), per)):
            bits = _Bits(segments[s] if s < len(segments) else b"")
            state = {"pred": [0] * len(frame.ids), "eobrun": 0}
            for unit in units[start:start + per]:
                for k, off in unit:
                    block = frame.flat[k]
                    if ss == 0:
                        _dc(bits, block, off, dc_tables[dc_sel[comps.index(k)]], state, k, ah,
                            al)
                        if not frame.progressive:
                            _ac_first(bits, block, off, ac_tables[ac_sel[comps.index(k)]], 1,
                                      63, 0, state)
                    elif ah == 0:
                        _ac_first(bits, block, off, ac_tables[ac_sel[0]], ss, se, al, state)
                    else:
                        _ac_refine(bits, block, off, ac_tables[ac_sel[0]], ss, se, al, state)
    except (IndexError, KeyError) as e:
        raise _Error(f"corrupt JPEG scan ({e})") from None


def _dc(bits: _Bits, block: list, off: int, table: list, state: dict, k: int, ah: int,
        al: int) -> None:
    if ah:
        if bits.bits(1):
            block[off] |= 1 << al
        return
    state["pred"][k] += bits.value(bits.symbol(table))
    block[off] = state["pred"][k] << al


def _ac_first(bits: _Bits, block: list, off: int, table: list, ss: int, se: int, al: int,
              state: dict) -> None:
    if state["eobrun"]:
        state["eobrun"] -= 1
        return
    k = ss
    while k <= se:
        rs = bits.symbol(table)
        r, s = rs >> 4, rs & 15
        if s == 0:
            if r < 15:
                state["eobrun"] = (1 << r) - 1 + bits.bits(r)
                return
            k += 16
            continue
        k += r
        block[off + k] = bits.value(s) << al
        k += 1


def _ac_refine(bits: _Bits, block: list, off: int, table: list, ss: int, se: int, al: int,
               state: dict) -> None:
    p1, m1 = 1 << al, -1 << al
    k = ss
    if not state["eobrun"]:
        while k <= se:
            rs = bits.symbol(table)
            r, s = rs >> 4, rs & 15
            if s:
                s = p1 if bits.bits(1) else m1
            elif r != 15:
                state["eobrun"] = (1 << r) + bits.bits(r)
                break
            while k <= se:
                c = block[off + k]
                if c:
                    if bits.bits(1) and not c & p1:
                        block[off + k] = c + (p1 if c >= 0 else m1)
                elif r == 0:
                    break
                else:
                    r -= 1
                k += 1
            if s and k <= se:
                block[off + k] = s
            k += 1
    if state["eobrun"]:
        while k <= se:
            c = block[off + k]
            if c and bits.bits(1) and not c & p1:
                block[off + k] = c + (p1 if c >= 0 else m1)
            k += 1
        state["eobrun"] -= 1
