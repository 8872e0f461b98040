"""The seeded shuffle and train/test split shared by the housing datasets (Keras' order)."""
from __future__ import annotations

import numpy as np


def check_test_split(test_split) -> None:
    if not 0 <= test_split < 1:
        raise ValueError(f"Invalid `test_split` argument: {test_split}. "
                         "It must be between 0 and 1 (exclusive of 1).")


def shuffle_and_split(x: np.ndarray, y: np.ndarray, test_split: float, seed: int):
    """Shuffles rows with `np.random.RandomState(seed)` and puts the first
    `int(len(x) * (1 - test_split))` in the training set, as Keras does."""
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    n_train = int(len(x) * (1 - test_split))
    # copies, as Keras returns: the four arrays own their data
    return ((np.array(x[:n_train]), np.array(y[:n_train])),
            (np.array(x[n_train:]), np.array(y[n_train:])))
