"""``tf.strings.ngrams``: joined n-grams of each row of a dense or ragged string tensor."""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.strings._common import STRING, as_tensor, attr_bytes, flat_bytes
from fluxion.strings._ragged_ops import _pack, is_ragged


def _row_ngrams(row: list, widths, sep: bytes, pads: tuple, pad_width: int,
                preserve: bool) -> list:
    out = []
    for w in widths:
        pad = min(w - 1 if pad_width < 0 else pad_width, w - 1)
        padded = [pads[0]] * pad + row + [pads[1]] * pad
        out += [sep.join(padded[i:i + w]) for i in range(len(padded) - w + 1)]
    if preserve and not out and row:
        pad = max(pad_width, 0)
        out.append(sep.join([pads[0]] * pad + row + [pads[1]] * pad))
    return out


def _ngrams_kernel(xp, values, splits, widths, separator, left_pad, right_pad, pad_width,
                   preserve):
    flat = flat_bytes(values)
    bounds = np.asarray(splits).tolist()
    pads = (attr_bytes(left_pad), attr_bytes(right_pad))
    sep = attr_bytes(separator)
    rows = [_row_ngrams(flat[a:b], widths, sep, pads, pad_width, preserve)
            for a, b in itertools.pairwise(bounds)]
    return _pack(rows)


def _ngrams_infer(values, splits, **attrs):
    return Spec((None,), STRING), Spec(splits.shape, splits.dtype)


ngrams_op = defop("string_ngrams", _ngrams_kernel, same_dtype=1, dtypes=(STRING,), num_outputs=2,
                  tf_name="StringNGrams", infer=_ngrams_infer)


def _pad_args(pad_values, padding_width) -> tuple:
    if pad_values is None:
        if padding_width is not None:
            raise ValueError("pad_values must be provided if padding_width is set.")
        return "", "", 0
    if isinstance(pad_values, (str, bytes)):
        pad_values = (pad_values, pad_values)
    if not isinstance(pad_values, (tuple, list)):
        raise TypeError("pad_values must be a string, tuple of strings, or None.")
    if len(pad_values) != 2 or not all(isinstance(v, (str, bytes)) for v in pad_values):
        raise ValueError("pad_values must be a string, tuple of strings, or None.")
    if padding_width is not None and padding_width < 1:
        raise ValueError("padding_width must be greater than 0.")
    left, right = (v.decode("utf-8") if isinstance(v, bytes) else v for v in pad_values)
    return left, right, -1 if padding_width is None else int(padding_width)


def ngrams(data, ngram_width, separator: str = " ", pad_values=None, padding_width=None,
           preserve_short_sequences: bool = False, name=None):
    """``tf.strings.ngrams``: n-grams of the innermost dimension of `data`, each joined with
    `separator`; widths given as a list come out grouped by width."""
    widths = (ngram_width,) if isinstance(ngram_width, int) else tuple(ngram_width)
    bad = [w for w in widths if w < 1]
    if bad:
        raise ValueError(f"All ngram_widths must be greater than 0. Got {ngram_width}")
    left, right, pad_width = _pad_args(pad_values, padding_width)
    sep = separator.decode("utf-8") if isinstance(separator, bytes) else separator
    attrs = {"widths": tuple(int(w) for w in widths), "separator": sep, "left_pad": left,
             "right_pad": right, "pad_width": pad_width,
             "preserve": bool(preserve_short_sequences)}
    if is_ragged(data):
        inner = data.values
        if is_ragged(inner):
            return data.with_values(ngrams(inner, ngram_width, separator, pad_values,
                                           padding_width, preserve_short_sequences))
        values, splits = ngrams_op(inner, data.row_splits, **attrs)
        return type(data).from_row_splits(values, splits, validate=False)
    x = as_tensor(data, dtypes.string)
    if x.shape.rank == 0:
        raise ValueError("Data must have rank>0")
    if x.dtype != dtypes.string:
        raise ValueError(f"ngrams data must be a string tensor, got {x.dtype.name}")
    shape = tf.shape(x, out_type=tf.int64)
    rows = tf.reduce_prod(shape[:-1])
    splits = tf.range(rows + 1, dtype=tf.int64) * shape[-1]
    values, _ = ngrams_op(tf.reshape(x, [-1]), splits, **attrs)
    return tf.reshape(values, tf.concat([shape[:-1], tf.constant([-1], tf.int64)], 0))
