"""``tf.keras.datasets.cifar10``: 60,000 32x32 colour images in 10 classes.

The archive is extracted by `get_file` (members checked first) into
``datasets/cifar-10-batches-py-target``; its pickled batches are read without unpickling (see
`fluxion.keras.datasets.cifar`).
"""
from __future__ import annotations

import os

import numpy as np

from fluxion.keras import backend
from fluxion.keras.datasets.cifar import load_batch
from fluxion.keras.utils.file_utils import get_file

_ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"


def load_data():
    """Returns `(x_train, y_train), (x_test, y_test)`: uint8 images `(50000, 32, 32, 3)` and
    `(10000, 32, 32, 3)` (channels first when `image_data_format()` is "channels_first"),
    uint8 labels 0-9 of shape `(50000, 1)` and `(10000, 1)` (airplane, automobile, bird, cat,
    deer, dog, frog, horse, ship, truck)."""
    path = get_file(fname="cifar-10-batches-py-target", origin=_ORIGIN, extract=True,
                    file_hash=_FILE_HASH)
    path = os.path.join(path, "cifar-10-batches-py")
    # Keras fills preallocated 50000-row arrays from five 10000-row batches; concatenating
    # gives the same arrays and also reads batches of other sizes
    batches = [load_batch(os.path.join(path, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in batches]).astype("uint8", copy=False)
    y_train = np.concatenate([np.array(y, dtype="uint8") for _, y in batches])
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))

    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if backend.image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test.astype(x_train.dtype), y_test.astype(y_train.dtype))
