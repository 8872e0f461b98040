"""``tf.keras.datasets.fashion_mnist``: 70,000 28x28 grayscale images of 10 clothing classes.

The four files are gzipped IDX files (an 8-byte header for labels, 16 bytes for images) cached
under ``datasets/fashion-mnist``. As in Keras, the arrays are read-only views of the bytes read.
"""
from __future__ import annotations

import gzip
import os

import numpy as np

from fluxion.keras.utils.file_utils import get_file

_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def _read(path: str, offset: int) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data():
    """Returns `(x_train, y_train), (x_test, y_test)`: uint8 images `(60000, 28, 28)` and
    `(10000, 28, 28)`, uint8 labels 0-9 (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal,
    Shirt, Sneaker, Bag, Ankle boot)."""
    dirname = os.path.join("datasets", "fashion-mnist")
    paths = [get_file(fname, origin=_BASE + fname, cache_subdir=dirname) for fname in _FILES]
    y_train = _read(paths[0], 8)
    x_train = _read(paths[1], 16).reshape(len(y_train), 28, 28)
    y_test = _read(paths[2], 8)
    x_test = _read(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
