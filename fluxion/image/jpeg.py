"""JPEG in pure Python: a baseline and progressive Huffman decoder that reproduces
libjpeg-turbo's default output (integer "islow" IDCT, fancy chroma upsampling, fixed-point
YCbCr->RGB), and a baseline encoder (standard tables scaled by quality, 4:2:0 or 4:4:4).

Entropy coding is sequential by nature and runs in Python (a 16-bit lookup table per Huffman
table); everything per pixel (dequantisation, IDCT, upsampling, colour) is vectorised."""
from __future__ import annotations

import struct

import numpy as np

from fluxion.image import jpeg_huffman as huff


class JPEGError(ValueError):
    """Malformed or unsupported JPEG data."""


ZIGZAG = np.array([0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40,
                   48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29,
                   22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54,
                   47, 55, 62, 63])


# --- markers ---------------------------------------------------------------------------------
def _segments(data: bytes):
    """(marker, body, end) for each marker segment; for a scan (SOS), `end` is where its
    entropy-coded data ends (the data is data[offset after the header:end])."""
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise JPEGError("expected a marker")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            return
        length, = struct.unpack_from(">H", data, pos + 2)
        body = data[pos + 4:pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:
            stop = _scan_end(data, pos)
            yield marker, body, (pos, stop)
            pos = stop
        else:
            yield marker, body, pos


def _scan_end(data: bytes, start: int) -> int:
    """Offset of the marker that ends the entropy-coded data starting at `start` (restart
    markers and stuffed 0xFF00 bytes belong to the data)."""
    pos = start
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        nxt = data[pos + 1]
        if nxt == 0 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
            pos += 1 if nxt == 0xFF else 2
            continue
        return pos


class _Frame:
    def __init__(self, body: bytes, progressive: bool):
        precision, self.height, self.width, n = struct.unpack_from(">BHHB", body)
        if precision != 8:
            raise JPEGError(f"{precision}-bit JPEG is not supported")
        if self.height == 0 or self.width == 0:
            raise JPEGError("JPEG with no size")
        self.progressive = progressive
        self.ids, self.h, self.v, self.tq = [], [], [], []
        for k in range(n):
            cid, hv, tq = struct.unpack_from(">BBB", body, 6 + 3 * k)
            self.ids.append(cid)
            self.h.append(hv >> 4)
            self.v.append(hv & 15)
            self.tq.append(tq)
        self.hmax, self.vmax = max(self.h), max(self.v)
        self.mcux = -(-self.width // (8 * self.hmax))
        self.mcuy = -(-self.height // (8 * self.vmax))
        # per component: coefficient blocks (rows, cols, 64) in zigzag order, covering the
        # MCUs, as flat Python lists (the entropy decoder writes one coefficient at a time)
        self.coefs_rows = [self.mcuy * v for v in self.v]
        self.coefs_cols = [self.mcux * h for h in self.h]
        self.flat = [[0] * (r * c * 64) for r, c in zip(self.coefs_rows, self.coefs_cols)]

    def blocks_wide(self, k: int) -> int:
        """Blocks per row of component k that hold image data (non-interleaved scans)."""
        return _ceil_div(_ceil_div(self.width * self.h[k], self.hmax), 8)

    def blocks_high(self, k: int) -> int:
        return _ceil_div(_ceil_div(self.height * self.v[k], self.vmax), 8)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def decode(data: bytes, fast: bool = True, gray: bool = False,
           columns: tuple | None = None) -> np.ndarray:
    """(H, W, C) uint8: C = 1 (grayscale) or 3 (YCbCr to RGB). `fast`: TF's default IDCT
    (libjpeg's INTEGER_FAST); else INTEGER_ACCURATE. `gray`: only the luma (Y) plane, as
    libjpeg gives for grayscale output. `columns` = (start, stop): decode only those columns,
    as libjpeg's jpeg_crop_scanline does (start rounded down to an iMCU; the chroma upsampling
    treats both ends as image edges); returns (H, stop - aligned start, C)."""
    if not data.startswith(b"\xff\xd8"):
        raise JPEGError("not a JPEG")
    qt: dict = {}
    dc_tables: dict = {}
    ac_tables: dict = {}
    frame, restart, adobe_transform = None, 0, None
    for marker, body, end in _segments(data):
        if marker == 0xDB:
            _read_dqt(body, qt)
        elif marker == 0xC4:
            _read_dht(body, dc_tables, ac_tables)
        elif marker in (0xC0, 0xC1, 0xC2):
            frame = _Frame(body, marker == 0xC2)
            frame.fast = fast
        elif marker in (0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            raise JPEGError("lossless, hierarchical and arithmetic-coded JPEG are not supported")
        elif marker == 0xDD:
            restart, = struct.unpack_from(">H", body)
        elif marker == 0xEE and body.startswith(b"Adobe") and len(body) >= 12:
            adobe_transform = body[11]
        elif marker == 0xDA:
            if frame is None:
                raise JPEGError("scan before frame header")
            huff.decode_scan(frame, body, data[end[0]:end[1]], dc_tables, ac_tables, restart)
    if frame is None:
        raise JPEGError("no frame header")
    if columns is not None:
        step = 8 * frame.hmax
        frame.columns = (columns[0] // step * step, columns[1])
    return _reconstruct(frame, qt, adobe_transform, gray)


def _read_dqt(body: bytes, qt: dict) -> None:
    pos = 0
    while pos < len(body):
        pq, tq = body[pos] >> 4, body[pos] & 15
        if pq:
            table = np.frombuffer(body, ">u2", 64, pos + 1).astype(np.int64)
            pos += 129
        else:
            table = np.frombuffer(body, np.uint8, 64, pos + 1).astype(np.int64)
            pos += 65
        qt[tq] = table  # zigzag order, like the coefficients


def _read_dht(body: bytes, dc_tables: dict, ac_tables: dict) -> None:
    pos = 0
    while pos < len(body):
        tc, th = body[pos] >> 4, body[pos] & 15
        counts = list(body[pos + 1:pos + 17])
        total = sum(counts)
        symbols = list(body[pos + 17:pos + 17 + total])
        (ac_tables if tc else dc_tables)[th] = huff.lookup_table(counts, symbols)
        pos += 17 + total


# --- reconstruction --------------------------------------------------------------------------
_C13, _P1 = 13, 2  # libjpeg's CONST_BITS and PASS1_BITS
_F = {name: value for name, value in (
    ("0_298631336", 2446), ("0_390180644", 3196), ("0_541196100", 4433), ("0_765366865", 6270),
    ("0_899976223", 7373), ("1_175875602", 9633), ("1_501321110", 12299),
    ("1_847759065", 15137), ("1_961570560", 16069), ("2_053119869", 16819),
    ("2_562915447", 20995), ("3_072711026", 25172))}


def _descale(x: np.ndarray, n: int) -> np.ndarray:
    return (x + (1 << (n - 1))) >> n


def _idct_pass(c: list, shift: int) -> list:
    """One 1-D pass of libjpeg's islow IDCT over 8 arrays (all blocks at once)."""
    z1 = (c[2] + c[6]) * _F["0_541196100"]
    tmp2 = z1 - c[6] * _F["1_847759065"]
    tmp3 = z1 + c[2] * _F["0_765366865"]
    tmp0 = (c[0] + c[4]) << _C13
    tmp1 = (c[0] - c[4]) << _C13
    t10, t13, t11, t12 = tmp0 + tmp3, tmp0 - tmp3, tmp1 + tmp2, tmp1 - tmp2
    o0, o1, o2, o3 = c[7], c[5], c[3], c[1]
    z1, z2, z3, z4 = o0 + o3, o1 + o2, o0 + o2, o1 + o3
    z5 = (z3 + z4) * _F["1_175875602"]
    o0 = o0 * _F["0_298631336"]
    o1 = o1 * _F["2_053119869"]
    o2 = o2 * _F["3_072711026"]
    o3 = o3 * _F["1_501321110"]
    z1 = z1 * -_F["0_899976223"]
    z2 = z2 * -_F["2_562915447"]
    z3 = z3 * -_F["1_961570560"] + z5
    z4 = z4 * -_F["0_390180644"] + z5
    o0, o1, o2, o3 = o0 + z1 + z3, o1 + z2 + z4, o2 + z2 + z3, o3 + z1 + z4
    outs = [t10 + o3, t11 + o2, t12 + o1, t13 + o0, t13 - o0, t12 - o1, t11 - o2, t10 - o3]
    return [_descale(o, shift) for o in outs]


def idct_islow(blocks: np.ndarray) -> np.ndarray:
    """(..., 8, 8) dequantised coefficients (natural order) -> samples 0..255 (uint8)."""
    cols = _idct_pass([blocks[..., k, :] for k in range(8)], _C13 - _P1)  # down the columns
    work = np.stack(cols, axis=-2)
    rows = _idct_pass([work[..., :, k] for k in range(8)], _C13 + _P1 + 3)  # along the rows
    out = np.stack(rows, axis=-1) + 128
    return np.clip(out, 0, 255).astype(np.uint8)


_AAN = np.array([
    16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520, 22725, 31521, 29692, 26722, 22725,
    17855, 12299, 6270, 21407, 29692, 27969, 25172, 21407, 16819, 11585, 5906, 19266, 26722,
    25172, 22654, 19266, 15137, 10426, 5315, 16384, 22725, 21407, 19266, 16384, 12873, 8867,
    4520, 12873, 17855, 16819, 15137, 12873, 10114, 6967, 3552, 8867, 12299, 11585, 10426,
    8867, 6967, 4799, 2446, 4520, 6270, 5906, 5315, 4520, 3552, 2446, 1247], np.int64)


def _mul8(x: np.ndarray, c: int) -> np.ndarray:
    return (x * c) >> 8


def _ifast_pass(c: list) -> list:
    """One 1-D pass of libjpeg's ifast (AAN) IDCT: 8-bit constants, truncating shifts."""
    t10, t11 = c[0] + c[4], c[0] - c[4]
    t13 = c[2] + c[6]
    t12 = _mul8(c[2] - c[6], 362) - t13
    e0, e3, e1, e2 = t10 + t13, t10 - t13, t11 + t12, t11 - t12
    z13, z10, z11, z12 = c[5] + c[3], c[5] - c[3], c[1] + c[7], c[1] - c[7]
    o7 = z11 + z13
    o11 = _mul8(z11 - z13, 362)
    z5 = _mul8(z10 + z12, 473)
    o10 = _mul8(z12, 277) - z5
    o12 = _mul8(z10, -669) + z5
    o6 = o12 - o7
    o5 = o11 - o6
    o4 = o10 + o5
    return [e0 + o7, e1 + o6, e2 + o5, e3 - o4, e3 + o4, e2 - o5, e1 - o6, e0 - o7]


def idct_ifast(coefs: np.ndarray, quant: np.ndarray) -> np.ndarray:
    """TF's default (INTEGER_FAST): (..., 8, 8) quantised coefficients (natural order) and the
    natural-order quantisation table -> samples (uint8)."""
    scaled = (quant * _AAN + (1 << 11)) >> 12  # the table pre-scaled by the AAN factors
    blocks = coefs * scaled.reshape(8, 8)
    cols = _ifast_pass([blocks[..., k, :] for k in range(8)])
    work = np.stack(cols, axis=-2)
    rows = _ifast_pass([work[..., :, k] for k in range(8)])
    out = (np.stack(rows, axis=-1) >> 5) + 128
    return np.clip(out, 0, 255).astype(np.uint8)


def _component_plane(frame: _Frame, k: int, qt: dict) -> np.ndarray:
    coefs = np.array(frame.flat[k], np.int64).reshape(frame.coefs_rows[k], frame.coefs_cols[k],
                                                      64)
    if frame.tq[k] not in qt:
        raise JPEGError("missing quantization table")
    natural = np.zeros(coefs.shape, np.int64)
    natural[..., ZIGZAG] = coefs
    quant = np.zeros(64, np.int64)
    quant[ZIGZAG] = qt[frame.tq[k]]
    blocks = natural.reshape(coefs.shape[:2] + (8, 8))
    samples = idct_ifast(blocks, quant) if frame.fast else idct_islow(blocks * quant.reshape(8, 8))
    rows, cols = coefs.shape[:2]
    plane = samples.transpose(0, 2, 1, 3).reshape(rows * 8, cols * 8)
    height = -(-frame.height * frame.v[k] // frame.vmax)
    width = -(-frame.width * frame.h[k] // frame.hmax)
    return plane[:height, :width]


def _upsample_h2(plane: np.ndarray) -> np.ndarray:
    """libjpeg's h2v1 fancy upsampling: a triangle filter, with its rounding."""
    x = plane.astype(np.int32)
    out = np.empty(x.shape[:-1] + (x.shape[-1] * 2,), np.int32)
    left = np.concatenate([x[..., :1], x[..., :-1]], -1)
    right = np.concatenate([x[..., 1:], x[..., -1:]], -1)
    out[..., 0::2] = (3 * x + left + 1) >> 2
    out[..., 1::2] = (3 * x + right + 2) >> 2
    out[..., 0] = x[..., 0]
    out[..., -1] = x[..., -1]
    return out.astype(np.uint8)


def _upsample_h2v2(plane: np.ndarray) -> np.ndarray:
    """libjpeg's h2v2 fancy upsampling (vertical then horizontal triangle, 4-bit rounding)."""
    x = plane.astype(np.int32)
    above = np.concatenate([x[:1], x[:-1]], 0)
    below = np.concatenate([x[1:], x[-1:]], 0)
    sums = np.empty((x.shape[0] * 2, x.shape[1]), np.int32)
    sums[0::2] = 3 * x + above
    sums[1::2] = 3 * x + below
    last = np.concatenate([sums[:, :1], sums[:, :-1]], 1)
    nxt = np.concatenate([sums[:, 1:], sums[:, -1:]], 1)
    out = np.empty((sums.shape[0], sums.shape[1] * 2), np.int32)
    out[:, 0::2] = (3 * sums + last + 8) >> 4
    out[:, 1::2] = (3 * sums + nxt + 7) >> 4
    out[:, 0] = (4 * sums[:, 0] + 8) >> 4
    out[:, -1] = (4 * sums[:, -1] + 7) >> 4
    return out.astype(np.uint8)


def _full_size(plane: np.ndarray, frame: _Frame, k: int) -> np.ndarray:
    fh, fv = frame.hmax // frame.h[k], frame.vmax // frame.v[k]
    start, stop = getattr(frame, "columns", (0, frame.width))
    plane = plane[:, start // fh:start // fh + _ceil_div(stop - start, fh)]
    if (fh, fv) == (2, 2):
        plane = _upsample_h2v2(plane)
    elif (fh, fv) == (2, 1):
        plane = _upsample_h2(plane)
    elif (fh, fv) != (1, 1):
        plane = np.repeat(np.repeat(plane, fv, 0), fh, 1)  # other factors: replicate
    return plane[:frame.height, :stop - start]


def _ycc_to_rgb(y: np.ndarray, cb: np.ndarray, cr: np.ndarray) -> np.ndarray:
    """libjpeg's fixed-point YCbCr -> RGB (16 fractional bits)."""
    y = y.astype(np.int64)
    cb = cb.astype(np.int64) - 128
    cr = cr.astype(np.int64) - 128
    half = 1 << 15
    r = y + ((91881 * cr + half) >> 16)
    b = y + ((116130 * cb + half) >> 16)
    g = y + ((-22554 * cb - 46802 * cr + half) >> 16)
    return np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)


def _reconstruct(frame: _Frame, qt: dict, adobe_transform, gray: bool) -> np.ndarray:
    count = 1 if gray and len(frame.ids) == 3 and adobe_transform != 0 else len(frame.ids)
    planes = [_full_size(_component_plane(frame, k, qt), frame, k) for k in range(count)]
    if len(planes) == 1:
        return planes[0][..., None]
    if len(planes) == 3:
        if adobe_transform == 0 or frame.ids == [ord("R"), ord("G"), ord("B")]:
            return np.stack(planes, -1)
        return _ycc_to_rgb(*planes)
    raise JPEGError(f"JPEG with {len(planes)} components (CMYK) is not supported")
