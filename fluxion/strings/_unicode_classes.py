"""Unicode general categories (RE2's ``\\pL``, ``\\p{Lu}``, ``\\PN``...) as character-class
ranges for Python's `re`, which has no ``\\p``. Built once from `unicodedata` and cached."""
from __future__ import annotations

import functools
import sys
import unicodedata


@functools.lru_cache(maxsize=1)
def _ranges_by_category() -> dict:
    """Two-letter category -> list of (first, last) code point ranges."""
    out: dict = {}
    prev, start = None, 0
    for cp in range(sys.maxunicode + 1):
        cat = unicodedata.category(chr(cp))
        if cat != prev:
            if prev is not None:
                out.setdefault(prev, []).append((start, cp - 1))
            prev, start = cat, cp
    out.setdefault(prev, []).append((start, sys.maxunicode))
    return out


def _merge(ranges: list) -> list:
    merged: list = []
    for first, last in sorted(ranges):
        if merged and first == merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


@functools.lru_cache(maxsize=64)
def category_ranges(name: str) -> str | None:
    """The inside of a character class matching category `name` ('L', 'Lu', 'Any'...), or
    None when `name` is not a general category (e.g. a script such as 'Greek')."""
    if name == "Any":
        return "\\x00-\\U0010ffff"
    table = _ranges_by_category()
    cats = [c for c in table if c == name or (len(name) == 1 and c[0] == name)]
    if not cats:
        return None
    parts = []
    for first, last in _merge([r for c in cats for r in table[c]]):
        parts.append(f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}")
    return "".join(parts)
