"""``tf.keras.datasets.reuters``: 11,228 Reuters newswires over 46 topics, each a sequence of
word indices ranked by frequency.

`reuters.npz` keeps the ragged sequences as an object array, stored by NumPy as a pickle; it is
rebuilt without unpickling by `fluxion.keras.datasets._safe_pickle.load_npz` (see `imdb`).
"""
from __future__ import annotations

import json

import numpy as np

from fluxion.keras.datasets._safe_pickle import load_npz
from fluxion.keras.datasets._sequences import limit_vocabulary, remove_long_seq, shift_indices
from fluxion.keras.utils.file_utils import get_file

_ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
_WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"  # md5
_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas",
    "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
    "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead")


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3):
    """Returns `(x_train, y_train), (x_test, y_test)`: object arrays of word-index lists and
    int topic labels 0-45.

    All newswires are shuffled with `np.random.RandomState(seed)`, shifted by `index_from`,
    prefixed with `start_char`, filtered by `maxlen` (kept when shorter), and indices outside
    `[skip_top, num_words)` become `oov_char` (dropped when None); the first
    `int(n * (1 - test_split))` form the training set."""
    path = get_file(fname=path, origin=f"{_ORIGIN_FOLDER}reuters.npz", file_hash=_FILE_HASH)
    f = load_npz(path)
    xs, labels = f["x"], f["y"]

    indices = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(indices)
    xs, labels = xs[indices], labels[indices]

    xs = shift_indices(xs, start_char, index_from)
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)

    idx = int(len(xs) * (1 - test_split))
    return ((np.array(xs[:idx], dtype="object"), np.array(labels[:idx])),
            (np.array(xs[idx:], dtype="object"), np.array(labels[idx:])))


def get_word_index(path="reuters_word_index.json"):
    """The dict word -> index (before the `index_from` shift: "the" is 1 here, 4 in the
    sequences) of the Reuters data."""
    path = get_file(path, origin=f"{_ORIGIN_FOLDER}reuters_word_index.json",
                    file_hash=_WORD_INDEX_HASH)
    with open(path) as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, indexed as the labels."""
    return _LABEL_NAMES
