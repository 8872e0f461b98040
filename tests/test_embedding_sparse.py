"""embedding_lookup_sparse against NumPy, and its gradients by float64 finite differences
(TF's values are pinned in tools/reference/nn_embedding_sparse.py)."""
from __future__ import annotations

import numpy as np

import fluxion as tf

INDICES = [[0, 0], [0, 1], [0, 2], [2, 0], [3, 1]]
IDS = [1, 3, 1, 2, 0]


def _lookup(params, weights, combiner):
    ids = tf.sparse.SparseTensor(INDICES, tf.constant(IDS, tf.int64), [4, 3])
    w = tf.sparse.SparseTensor(INDICES, weights, [4, 3])
    return tf.nn.embedding_lookup_sparse(params, ids, w, combiner=combiner)


def _numpy(params, weights, combiner):
    out = np.zeros((4, params.shape[1]))
    for row in range(4):
        picks = [k for k, (r, _) in enumerate(INDICES) if r == row]
        if not picks:
            continue
        total = sum(weights[k] * params[IDS[k]] for k in picks)
        norm = {"sum": 1.0, "mean": sum(weights[k] for k in picks),
                "sqrtn": np.sqrt(sum(weights[k] ** 2 for k in picks))}[combiner]
        out[row] = total / norm
    return out


def test_values_and_gradients_of_each_combiner():
    rng = np.random.default_rng(0)
    params = rng.standard_normal((4, 3))
    weights = rng.random(5) + 0.5
    for combiner in ("sum", "mean", "sqrtn"):
        got = _lookup(tf.constant(params), tf.constant(weights), combiner).numpy()
        np.testing.assert_allclose(got, _numpy(params, weights, combiner), rtol=1e-12)
        p, w = tf.Variable(params), tf.Variable(weights)
        probe = rng.standard_normal((4, 3))
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(_lookup(p, w, combiner) * probe)
        gp, gw = tape.gradient(y, [p, w])
        gp = tf.convert_to_tensor(gp).numpy()
        eps = 1e-6
        for arr, grad, as_params in ((params, gp, True), (weights, gw.numpy(), False)):
            numeric = np.zeros_like(arr)
            for i in np.ndindex(arr.shape):
                hi, lo = arr.copy(), arr.copy()
                hi[i] += eps
                lo[i] -= eps
                f = (lambda a: np.sum(_numpy(a, weights, combiner) * probe)) if as_params else \
                    (lambda a: np.sum(_numpy(params, a, combiner) * probe))
                numeric[i] = (f(hi) - f(lo)) / (2 * eps)
            np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)
