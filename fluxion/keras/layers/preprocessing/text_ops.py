"""String primitives behind `TextVectorization` (fluxion strings are object arrays of bytes).

`text_standardize` lowercases ASCII letters and/or deletes Keras' ASCII punctuation set (as
`tf.strings.lower` and Keras' `regex_replace` do: bytes of multi-byte UTF-8 characters are never
ASCII, so deleting bytes is exact). `text_tokenize` splits each string on ASCII whitespace or
into UTF-8 characters, appends the n-grams of each requested width (as `tf.strings.ngrams`
with separator " ") and returns a dense [batch, length] matrix padded with b"" (Keras' mask
token for TextVectorization, so padding maps to id 0, or is dropped by the count encodings).
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop

__all__: list = []

PUNCTUATION = b"!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'"

# the token count per string depends on the strings' values: fluxion/graph/trace.py lists
# text_tokenize among the ops whose output sizes a trace must not take as static


def as_bytes_list(x) -> list:
    """The elements of an object array as bytes (a traced placeholder may hold other
    objects, e.g. zeros)."""
    return [s if type(s) is bytes else (s.encode("utf-8") if isinstance(s, str) else
                                        str(s).encode("utf-8")) for s in x.reshape(-1).tolist()]


def _standardize_kernel(xp, x, lower, strip):
    flat = as_bytes_list(x)
    if lower:
        flat = [s.lower() for s in flat]
    if strip:
        flat = [s.translate(None, PUNCTUATION) for s in flat]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(x.shape)


text_standardize = defop(
    "text_standardize", _standardize_kernel, tf_name="StaticRegexReplace",
    infer=lambda x, lower, strip: Spec(x.shape, dtypes.string),
    doc="ASCII lowercasing and/or deletion of ASCII punctuation, per string.")


def _split(s: bytes, split: str) -> list:
    if split == "whitespace":
        return s.split()
    if split == "character":
        return [c.encode("utf-8") for c in s.decode("utf-8", errors="replace")]
    return [s]


def _ngrams(tokens: list, widths) -> list:
    if widths is None:
        return tokens
    out = []
    for n in widths:
        out.extend(b" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def _tokenize_kernel(xp, x, split, ngrams, length):
    rows = [_ngrams(_split(s, split), ngrams) for s in as_bytes_list(x)]
    width = length if length is not None else max([len(r) for r in rows] + [0])
    out = np.full((len(rows), width), b"", dtype=object)
    for i, row in enumerate(rows):
        row = row[:width]
        out[i, :len(row)] = row
    return out[0] if x.ndim == 0 else out


def _infer_tokenize(x, split, ngrams, length):
    if x.shape is None:
        return Spec(None, dtypes.string)
    if len(x.shape) == 0:
        return Spec((length,), dtypes.string)
    return Spec((x.shape[0], length), dtypes.string)


text_tokenize = defop(
    "text_tokenize", _tokenize_kernel, infer=_infer_tokenize, tf_name="StringSplitV2",
    doc="Tokens (and n-grams) of each string of a vector, padded with b'' to `length` (or to "
        "the longest row).")
