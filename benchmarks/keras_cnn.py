"""Keras CNN training step (#4): Conv2D 32 3x3 relu, Conv2D 64 3x3 relu, MaxPooling2D, Flatten,
Dense 128 relu, Dense 10 on 28x28x1 inputs, batch 64, Adam, as `fit` runs it (one graph per
step), beside TensorFlow 2 (the same Keras code) and PyTorch (eager) when installed. Run:
python benchmarks/keras_cnn.py
(where OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE force an old kernel, unset both for this command:
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/keras_cnn.py`)
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from benchmarks._harness import blas_note, per_call, table  # noqa: E402

import fluxion  # noqa: E402

BATCH = 64


def keras_cnn(tf):
    """The model and one `train_on_batch`-style step, written once against the Keras API."""
    keras = tf.keras
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, BATCH).astype(np.int32)
    return lambda: model.train_on_batch(x, y)


def torch_cnn():
    import torch  # noqa: PLC0415

    torch.set_num_threads(os.cpu_count() or 1)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(12 * 12 * 64, 128),
        torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.random((BATCH, 1, 28, 28), dtype=np.float32))
    y = torch.from_numpy(rng.integers(0, 10, BATCH))

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    return step


def main() -> None:
    print(blas_note())
    name = "CNN train step b64 (28x28x1)"
    rows = [(name, "fluxion", per_call(keras_cnn(fluxion), min_time=1.0, repeats=5))]
    if importlib.util.find_spec("tensorflow"):
        import tensorflow as tf  # noqa: PLC0415

        rows.append((name, "tensorflow", per_call(keras_cnn(tf), min_time=1.0, repeats=5)))
    if importlib.util.find_spec("torch"):
        rows.append((name, "torch", per_call(torch_cnn(), min_time=1.0, repeats=5)))
    table("Keras CNN training step (median per call)", rows, baseline="fluxion")


if __name__ == "__main__":
    main()
