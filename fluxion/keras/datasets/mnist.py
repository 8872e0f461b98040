"""``tf.keras.datasets.mnist``: 70,000 28x28 grayscale handwritten digits.

`mnist.npz` holds plain uint8 arrays, read by NumPy with pickles disabled.
"""
from __future__ import annotations

import numpy as np

from fluxion.keras.utils.file_utils import get_file

_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
_FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz"):
    """Returns `(x_train, y_train), (x_test, y_test)`: uint8 images `(60000, 28, 28)` and
    `(10000, 28, 28)` with pixel values 0-255, uint8 labels 0-9 `(60000,)` and `(10000,)`.

    `path`: the file name in the cache folder (``~/.keras/datasets``)."""
    path = get_file(fname=path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
