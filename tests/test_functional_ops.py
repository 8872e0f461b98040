"""map_fn / scan / foldl / foldr / vectorized_map beyond the TF fixtures: graph mode with
static and run-time lengths, gradients inside tf.function, errors."""
import numpy as np
import pytest

import fluxion as tf

X = np.arange(12, dtype=np.float32).reshape(4, 3) / 4


def test_map_fn_and_scan_in_graphs_match_eager_for_static_and_dynamic_lengths():
    def body(x):
        return (tf.map_fn(lambda r: tf.reduce_sum(r * r), x),
                tf.scan(lambda a, e: a * 0.5 + e, x),
                tf.foldr(lambda a, e: a - e, x))

    eager = [t.numpy() for t in body(tf.constant(X))]
    static = tf.function(body)
    dynamic = tf.function(body, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    for fn in (static, dynamic):
        for got, want in zip(fn(tf.constant(X)), eager):
            np.testing.assert_allclose(got.numpy(), want, rtol=1e-6)
    for rows in (2, 5):  # one graph for every batch size
        x = np.tile(X, (2, 1))[:rows]
        for got, want in zip(dynamic(tf.constant(x)), body(tf.constant(x))):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
    assert len(dynamic._cache) == 1
    np.testing.assert_allclose(eager[0], (X * X).sum(axis=1), rtol=1e-6)
    acc, accs = np.zeros(3, np.float32), []
    for row in X:
        acc = row if not accs else acc * 0.5 + row
        accs.append(acc)
    np.testing.assert_allclose(eager[1], np.stack(accs), rtol=1e-6)
    np.testing.assert_allclose(eager[2], X[3] - X[2] - X[1] - X[0], rtol=1e-6)


def test_gradient_through_map_fn_inside_a_function_matches_the_closed_form():
    w = tf.Variable(np.array([1.0, -2.0, 0.5], np.float32))

    @tf.function
    def grads(x):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.map_fn(lambda r: tf.reduce_sum(r * w) ** 2, x))
        return tape.gradient(y, w)

    got = grads(tf.constant(X)).numpy()
    want = (2 * (X @ w.numpy())[:, None] * X).sum(axis=0)
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_errors_name_the_function():
    with pytest.raises(ValueError, match="map_fn"):
        tf.map_fn(lambda r: r, tf.constant(1.0))
    with pytest.raises(ValueError, match="same size"):
        tf.map_fn(lambda t: t[0], (tf.zeros([2]), tf.zeros([3])))
    with pytest.raises(TypeError, match="callable"):
        tf.map_fn(3, tf.zeros([2]))

