"""The sequence preprocessing of `imdb` and `reuters`, step for step as Keras does it.

The results are the same Python objects Keras returns: lists of Python ints, packed by
``np.array(..., dtype="object")`` (which, as in Keras, gives a 2-D object array when every
sequence has the same length).
"""
from __future__ import annotations


def remove_long_seq(maxlen: int, seq, label):
    """Keeps the sequences strictly shorter than `maxlen` (and their labels)."""
    new_seq, new_label = [], []
    for x, y in zip(seq, label):
        if len(x) < maxlen:
            new_seq.append(x)
            new_label.append(y)
    return new_seq, new_label


def shift_indices(xs, start_char, index_from) -> list:
    """Adds `index_from` to every word index and puts `start_char` (unless None) in front."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def limit_vocabulary(xs: list, num_words, skip_top: int, oov_char) -> list:
    """Replaces (or, with `oov_char=None`, drops) the indices outside
    `[skip_top, num_words)`. Without `num_words` the bound is the largest index present, which
    (as in Keras) is itself excluded."""
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]
