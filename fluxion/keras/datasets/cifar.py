"""Reading one CIFAR batch file (shared by `cifar10` and `cifar100`).

A batch is a Python-2 pickle of a dict with byte-string keys: ``data`` (a uint8 NumPy array,
one 3072-byte row per image, channel-major), the labels (a list of ints) and file names. It is
read by `_safe_pickle.RestrictedUnpickler`, which builds those values without running pickle
code and refuses anything else (e.g. a pickle that references ``os.system``).
"""
from __future__ import annotations

import pickle

import numpy as np

from fluxion.keras.datasets._safe_pickle import load_pickle


def load_batch(fpath, label_key="labels"):
    """Returns `(data, labels)`: data as uint8 `(n, 3, 32, 32)`, labels as stored (a list)."""
    with open(fpath, "rb") as f:
        batch = load_pickle(f, encoding="bytes")
    if not isinstance(batch, dict):
        raise pickle.UnpicklingError(f"{fpath}: a CIFAR batch must be a dict.")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    data, labels = batch["data"], batch[label_key]
    if not isinstance(data, np.ndarray):
        raise pickle.UnpicklingError(f"{fpath}: the CIFAR `data` entry is not an array.")
    return data.reshape(data.shape[0], 3, 32, 32), labels
