"""``tf.keras.datasets.california_housing``: 20,640 California block groups (1990 census),
8 features (MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude, Longitude),
target the median house value in dollars. Plain arrays, read with pickles disabled.
"""
from __future__ import annotations

import numpy as np

from fluxion.keras.datasets._split import check_test_split, shuffle_and_split
from fluxion.keras.utils.file_utils import get_file

_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz"
_FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Returns `(x_train, y_train), (x_test, y_test)`: features `(n, 8)`, targets `(n,)`.

    `version`: "large" (all 20,640 rows) or "small" (the first 600, a stand-in for
    `boston_housing`). Rows are shuffled by `seed`; the last `test_split` fraction is the test
    set. (Keras checks `version` only after downloading; Fluxion checks it first.)"""
    check_test_split(test_split)
    if version not in ("small", "large"):
        raise ValueError("Argument `version` must be one of 'small', 'large'. "
                         f"Received: version={version}")
    path = get_file(path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffle_and_split(x, y, test_split, seed)
