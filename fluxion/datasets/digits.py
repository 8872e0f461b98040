"""The UCI 8x8 handwritten digits (1,797 images, 10 classes), shipped with the package.

Source: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine
Learning Repository (https://doi.org/10.24432/C50P49), licensed CC BY 4.0. The file is the
test-set copy distributed by scikit-learn (digits.csv.gz): 64 pixel counts in 0..16 then the label.
"""
from __future__ import annotations

import gzip
import pathlib

import numpy as np

_PATH = pathlib.Path(__file__).parent / "data" / "digits.csv.gz"


def load_digits(test_fraction: float = 0.2, seed: int = 0):
    """Returns ((x_train, y_train), (x_test, y_test)): images float32 [n, 8, 8] in 0..16,
    labels int32. The split is a fixed shuffled split given by `seed`."""
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(f"load_digits: test_fraction must be in [0, 1), got {test_fraction}")
    with gzip.open(_PATH, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float32)
    images = table[:, :64].reshape(-1, 8, 8)
    labels = table[:, 64].astype(np.int32)
    order = np.random.default_rng(seed).permutation(len(labels))
    n_test = int(round(len(labels) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return (images[train], labels[train]), (images[test], labels[test])
