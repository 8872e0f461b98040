"""Decoding and encoding Unicode text, as the kernels of ``unicode_decode``, ``unicode_split``,
``unicode_encode`` and ``unicode_transcode`` need it: whole batches go through one Python codec
call and NumPy, invalid input is marked by a codec error handler and resolved per TF's `errors`
policy ('strict', 'replace' with `replacement_char`, 'ignore')."""
from __future__ import annotations

import codecs
import itertools
import threading

import numpy as np

from fluxion import errors

_MARK = "\udfff"  # never produced by a successful decode: stands for one invalid sequence
_MARK_CODE = 0xDFFF
_local = threading.local()
OUTPUT_ENCODINGS = {"UTF-8": "utf-8", "UTF-16-BE": "utf-16-be", "UTF-32-BE": "utf-32-be"}


def _mark_invalid(exc: UnicodeDecodeError):
    spans = getattr(_local, "spans", None)
    if spans is not None:
        spans.append(exc.end - exc.start)
    return _MARK, exc.end


codecs.register_error("fluxion.strings.mark", _mark_invalid)


def codec(name: str, op: str) -> str:
    """Python's codec name for an encoding name TF accepts."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise errors.InvalidArgumentError(
            None, None, f"Could not create converter for input encoding: {name} [Op:{op}]"
        ) from None


def check_errors(policy: str) -> str:
    if policy not in ("strict", "replace", "ignore"):
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'errors' of \"{policy}\" is not in the list of allowed "
            'values: "strict", "replace", "ignore"')
    return policy


def _invalid_input(op: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, f"Invalid formatting on input string [Op:{op}]")


_BOM_DEFAULT_BE = {"utf-16": (codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE),
                   "utf-32": (codecs.BOM_UTF32_BE, codecs.BOM_UTF32_LE)}


def _with_byte_order(encoding: str, s: bytes) -> str:
    """'utf-16'/'utf-32' read a byte-order mark when there is one and are big-endian
    otherwise (ICU's rule; Python would assume the machine's order)."""
    if s.startswith(_BOM_DEFAULT_BE[encoding]):
        return encoding
    return encoding + "-be"


def _unit_lengths(codes: np.ndarray, encoding: str) -> np.ndarray:
    """Encoded length in bytes of each (valid) code point."""
    if encoding == "utf-8":
        return 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    if encoding.startswith("utf-16"):
        return 2 + 2 * (codes >= 0x10000)
    if encoding.startswith("utf-32"):
        return np.full(codes.shape, 4)
    return np.array([len(chr(c).encode(encoding)) for c in codes.tolist()], np.int64)


def decode(strings: list, encoding: str, policy: str, replacement: int, replace_control: bool,
           with_offsets: bool, op: str) -> tuple:
    """Code points (int32), row splits (int64) and, with_offsets, each code point's byte
    offset in its string (int64; else empty) of a list of byte strings."""
    _local.spans = [] if with_offsets else None
    try:
        if encoding in _BOM_DEFAULT_BE:
            texts = [s.decode(_with_byte_order(encoding, s), "fluxion.strings.mark")
                     for s in strings]
        else:
            texts = [s.decode(encoding, "fluxion.strings.mark") for s in strings]
    finally:
        spans, _local.spans = _local.spans, None
    counts = np.array([len(t) for t in texts], np.int64)
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), "<u4")
    codes = codes.astype(np.int64)
    bad = codes == _MARK_CODE
    offsets = np.zeros(0, np.int64)
    if with_offsets:
        lengths = _unit_lengths(codes, encoding).astype(np.int64)
        lengths[bad] = spans
        ends = np.cumsum(lengths)
        row_starts = np.repeat(np.concatenate([[0], ends])[np.cumsum(counts) - counts], counts)
        offsets = ends - lengths - row_starts
    if bad.any():
        if policy == "strict":
            raise _invalid_input(op)
        if policy == "ignore":
            row = np.repeat(np.arange(len(texts)), counts)
            counts = counts - np.bincount(row[bad], minlength=len(texts))
            codes, offsets = codes[~bad], offsets[~bad] if with_offsets else offsets
        else:
            codes[bad] = replacement
    if replace_control:
        codes[codes < 0x20] = replacement  # C0 controls only (TF keeps DEL and C1)
    splits = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return codes.astype(np.int32), splits, offsets


def valid_codes(codes: np.ndarray, splits: np.ndarray, policy: str, replacement: int,
                op: str) -> tuple:
    """Code points with the invalid ones (negative, surrogates, > 0x10FFFF) replaced or
    dropped per `policy`; returns (codes, splits)."""
    codes = np.asarray(codes, np.int64)
    bad = (codes < 0) | (codes > 0x10FFFF) | ((codes >= 0xD800) & (codes < 0xE000))
    if not bad.any():
        return codes, splits
    if policy == "strict":
        raise _invalid_input(op)
    if policy == "replace":
        codes = codes.copy()
        codes[bad] = replacement
        return codes, splits
    kept = np.concatenate([[0], np.cumsum(~bad)])
    return codes[~bad], kept[splits]


def encode_rows(codes: np.ndarray, splits: np.ndarray, encoding: str) -> list:
    """One encoded byte string per row of (codes, splits)."""
    text = "".join(map(chr, codes.tolist()))
    bounds = splits.tolist()
    return [text[a:b].encode(encoding) for a, b in itertools.pairwise(bounds)]
