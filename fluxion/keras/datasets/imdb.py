"""``tf.keras.datasets.imdb``: 50,000 movie reviews labelled positive (1) or negative (0),
each a sequence of word indices ranked by frequency.

`imdb.npz` keeps the ragged sequences as object arrays, which NumPy stores as pickles; Keras
3.15 reads them with a restricted unpickler. Fluxion goes further and never unpickles: the
object arrays are rebuilt from the pickle's plain lists by
`fluxion.keras.datasets._safe_pickle.load_npz`, which refuses any other global (a tampered
file referencing ``os.system`` raises `pickle.UnpicklingError`). The word index is JSON.
"""
from __future__ import annotations

import json

import numpy as np

from fluxion.keras.datasets._safe_pickle import load_npz
from fluxion.keras.datasets._sequences import limit_vocabulary, remove_long_seq, shift_indices
from fluxion.keras.utils.file_utils import get_file

_ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
_WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"  # md5


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """Returns `(x_train, y_train), (x_test, y_test)`: object arrays of word-index lists (25,000
    each) and int labels.

    Each split is shuffled with `np.random.RandomState(seed)`; indices are shifted by
    `index_from` and prefixed with `start_char`; with `maxlen`, only sequences shorter than
    `maxlen` are kept; indices outside `[skip_top, num_words)` become `oov_char` (or are dropped
    when it is None). Extra keyword arguments are accepted and ignored, as in Keras."""
    path = get_file(fname=path, origin=f"{_ORIGIN_FOLDER}imdb.npz", file_hash=_FILE_HASH)
    f = load_npz(path)
    x_train, labels_train = f["x_train"], f["y_train"]
    x_test, labels_test = f["x_test"], f["y_test"]

    rng = np.random.RandomState(seed)  # one generator for both splits, train first
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]

    x_train = shift_indices(x_train, start_char, index_from)
    x_test = shift_indices(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, "
                             "no sequence was kept. Increase maxlen.")

    xs = limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    idx = len(x_train)
    return ((np.array(xs[:idx], dtype="object"), labels[:idx]),
            (np.array(xs[idx:], dtype="object"), labels[idx:]))


def get_word_index(path="imdb_word_index.json"):
    """The dict word -> index (before the `index_from` shift) of the IMDB data."""
    path = get_file(fname=path, origin=f"{_ORIGIN_FOLDER}imdb_word_index.json",
                    file_hash=_WORD_INDEX_HASH)
    with open(path) as f:
        return json.load(f)
