"""The main job (`fluxion demo`): train a small classifier eagerly on the packaged digits.

Everything runs through the public TF-style API: Variables, GradientTape, tf.nn ops and a
hand-written Adam update, exactly as a TF2 user would write it.
"""
from __future__ import annotations

import time

import numpy as np

import fluxion as tf
from fluxion.datasets import load_digits
from fluxion.utils import Progbar


def _glorot(fan_in: int, fan_out: int) -> tf.Variable:
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return tf.Variable(tf.random.uniform([fan_in, fan_out], -limit, limit), name="kernel")


class MLP:
    """64 -> hidden -> 10 with ReLU, as tf.Variables."""

    def __init__(self, hidden: int = 128) -> None:
        self.w1 = _glorot(64, hidden)
        self.b1 = tf.Variable(tf.zeros([hidden]), name="bias")
        self.w2 = _glorot(hidden, 10)
        self.b2 = tf.Variable(tf.zeros([10]), name="bias")
        self.trainable_variables = [self.w1, self.b1, self.w2, self.b2]

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.matmul(h, self.w2) + self.b2


class Adam:
    """The Adam update (Kingma & Ba) with Keras' defaults, written with tensor ops."""

    def __init__(self, variables, lr=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-7) -> None:
        self.lr, self.beta1, self.beta2, self.epsilon = lr, beta1, beta2, epsilon
        self.m = [tf.zeros_like(v) for v in variables]
        self.v = [tf.zeros_like(v) for v in variables]
        self.t = 0

    def apply(self, grads, variables) -> None:
        self.t += 1
        scale = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        for i, (g, var) in enumerate(zip(grads, variables)):
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * tf.square(g)
            var.assign_sub(scale * self.m[i] / (tf.sqrt(self.v[i]) + self.epsilon))


def run(epochs: int = 20, batch_size: int = 32, seed: int = 0, verbose: int = 1) -> float:
    """Trains the classifier and returns its test accuracy."""
    tf.random.set_seed(seed)
    (x_train, y_train), (x_test, y_test) = load_digits(seed=seed)
    x_train = tf.constant(x_train.reshape(-1, 64) / 16.0, tf.float32)
    x_test = tf.constant(x_test.reshape(-1, 64) / 16.0, tf.float32)
    y_train, y_test = tf.constant(y_train), tf.constant(y_test)
    model = MLP()
    opt = Adam(model.trainable_variables, lr=3e-3)
    n = int(x_train.shape[0])
    steps = (n + batch_size - 1) // batch_size
    rng = np.random.default_rng(seed)
    if verbose:
        print(f"Training a 64-128-10 MLP on {n} digits images, eager mode")
    start = time.perf_counter()
    for epoch in range(epochs):
        order = tf.constant(rng.permutation(n).astype(np.int32))
        bar = Progbar(steps, verbose=verbose)
        if verbose:
            print(f"Epoch {epoch + 1}/{epochs}")
        for step in range(steps):
            idx = order[step * batch_size:(step + 1) * batch_size]
            xb, yb = tf.gather(x_train, idx), tf.gather(y_train, idx)
            with tf.GradientTape() as tape:
                logits = model(xb)
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits=logits))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply(grads, model.trainable_variables)
            acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, axis=1, output_type=tf.int32),
                                                  yb), tf.float32))
            bar.update(step + 1, [("loss", loss), ("accuracy", acc)])
    predictions = tf.argmax(model(x_test), axis=1, output_type=tf.int32)
    accuracy = float(tf.reduce_mean(tf.cast(tf.equal(predictions, y_test), tf.float32)))
    if verbose:
        print(f"Trained in {time.perf_counter() - start:.1f}s")
        print(f"Test accuracy: {accuracy:.4f} on {int(y_test.shape[0])} held-out images")
    return accuracy
