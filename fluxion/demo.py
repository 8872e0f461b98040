"""The main job (`fluxion demo`): a Keras CNN on the packaged digits, the way TF2 users work.

A `tf.data` pipeline feeds `model.fit` (graph mode, progress bar), the model is evaluated, saved
as a `.keras` file, loaded back, and the reloaded model must predict exactly the same.
"""
from __future__ import annotations

import os
import random
import tempfile
import time

import numpy as np

import fluxion as tf
from fluxion.datasets import load_digits


def build_model(seed: int = 0):
    """Conv 16 3x3 same relu, max pool, conv 32 3x3 relu, flatten, dense 64 relu, dense 10."""
    keras = tf.keras
    layers = keras.layers
    init = keras.initializers.GlorotUniform

    return keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Rescaling(1.0 / 16.0),
        layers.Conv2D(16, 3, padding="same", activation="relu", kernel_initializer=init(seed)),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu", kernel_initializer=init(seed + 1)),
        layers.Flatten(),
        layers.Dense(64, activation="relu", kernel_initializer=init(seed + 2)),
        layers.Dropout(0.2, seed=seed),
        layers.Dense(10, kernel_initializer=init(seed + 3)),
    ], name="digits_cnn")


def run(epochs: int = 15, batch_size: int = 32, seed: int = 0, verbose: int = 1) -> float:
    """Trains, evaluates, saves and reloads the CNN; returns the test accuracy."""
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    (x_train, y_train), (x_test, y_test) = load_digits(seed=seed)
    x_train, x_test = x_train[..., None], x_test[..., None]
    train = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
             .shuffle(len(x_train), seed=seed).batch(batch_size).prefetch(tf.data.AUTOTUNE))
    test = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(256)

    model = build_model(seed)
    model.compile(optimizer=tf.keras.optimizers.Adam(3e-3),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    if verbose:
        model.summary()
        print(f"Training on {len(x_train)} digits images (graph mode), "
              f"testing on {len(x_test)}")
    start = time.perf_counter()
    model.fit(train, epochs=epochs, verbose=verbose)
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(test, verbose=0)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "digits_cnn.keras")
        model.save(path)
        size = os.path.getsize(path)
        reloaded = tf.keras.models.load_model(path)
        same = np.array_equal(model.predict(x_test, verbose=0),
                              reloaded.predict(x_test, verbose=0))
    if not same:
        raise RuntimeError("the reloaded model predicts differently from the saved one")
    if verbose:
        print(f"Test accuracy: {accuracy:.4f} (loss {loss:.4f}) on {len(x_test)} held-out "
              f"images")
        print(f"Time per epoch: {seconds / epochs * 1000:.0f} ms ({epochs} epochs in "
              f"{seconds:.1f} s)")
        print(f"Saved model: {size / 1024:.1f} KiB ({model.count_params()} parameters); "
              f"reloaded predictions match: {same}")
    return accuracy
