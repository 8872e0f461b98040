"""``tf.keras.datasets.boston_housing``: 506 Boston suburbs, 13 features, median price (k$).

Keras warns that this dataset has an ethical problem (its "B" feature); prefer
`california_housing`. `boston_housing.npz` holds plain float arrays, read with pickles disabled.
"""
from __future__ import annotations

import numpy as np

from fluxion.keras.datasets._split import check_test_split, shuffle_and_split
from fluxion.keras.utils.file_utils import get_file

_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
_FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Returns `(x_train, y_train), (x_test, y_test)`: features `(n, 13)` and targets `(n,)`,
    rows shuffled by `seed` and the last `test_split` fraction kept for testing."""
    check_test_split(test_split)
    path = get_file(path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffle_and_split(x, y, test_split, seed)
