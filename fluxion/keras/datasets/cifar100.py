"""``tf.keras.datasets.cifar100``: 60,000 32x32 colour images in 100 fine / 20 coarse classes.

Read like `cifar10` (restricted reader, no unpickling). As in Keras, the labels come back as
int64 (they are Python int lists in the file) while the images are uint8.
"""
from __future__ import annotations

import os

import numpy as np

from fluxion.keras import backend
from fluxion.keras.datasets.cifar import load_batch
from fluxion.keras.utils.file_utils import get_file

_ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
_FILE_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"


def load_data(label_mode="fine"):
    """Returns `(x_train, y_train), (x_test, y_test)`: uint8 images `(50000, 32, 32, 3)` and
    `(10000, 32, 32, 3)` (channels first under "channels_first"), labels `(n, 1)`: 0-99 for
    `label_mode="fine"`, the 0-19 superclasses for "coarse"."""
    if label_mode not in ["fine", "coarse"]:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`. '
                         f"Received: label_mode={label_mode}.")
    path = get_file(fname="cifar-100-python-target", origin=_ORIGIN, extract=True,
                    file_hash=_FILE_HASH)
    path = os.path.join(path, "cifar-100-python")
    x_train, y_train = load_batch(os.path.join(path, "train"), label_key=f"{label_mode}_labels")
    x_test, y_test = load_batch(os.path.join(path, "test"), label_key=f"{label_mode}_labels")

    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if backend.image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
