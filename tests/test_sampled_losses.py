"""tf.nn.nce_loss / sampled_softmax_loss against NumPy formulas, their gradients against finite
differences (float64), compute_accidental_hits and all_candidate_sampler."""
import numpy as np
import pytest

import fluxion as tf

RNG = np.random.RandomState(0)
W, B, X = RNG.randn(8, 3), RNG.randn(8), RNG.randn(2, 3)
LABELS = np.array([[1, 4], [6, 6]])
SAMPLED = np.array([4, 0, 6, 2], np.int64)
TRUE_Q, SAMPLED_Q = np.full((2, 2), 0.3), np.array([0.2, 0.5, 0.1, 0.4])


def _numpy_logits(remove_hits):
    true = np.einsum("bd,btd->bt", X, W[LABELS]) + B[LABELS] - np.log(TRUE_Q)
    sampled = X @ W[SAMPLED].T + B[SAMPLED]
    if remove_hits:
        for i in range(2):
            for k, c in enumerate(SAMPLED):
                if c in LABELS[i]:
                    sampled[i, k] += -np.finfo(np.float32).max
    return np.concatenate([true, sampled - np.log(SAMPLED_Q)], 1)


def _values():
    return (SAMPLED, TRUE_Q, SAMPLED_Q)


@pytest.mark.parametrize("remove_hits", [False, True])
def test_nce_loss_formula(remove_hits):
    logits = _numpy_logits(remove_hits)
    targets = np.concatenate([np.full((2, 2), 0.5), np.zeros((2, 4))], 1)
    want = (np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits))))
    got = tf.nn.nce_loss(W, B, LABELS, X, 4, 8, num_true=2, sampled_values=_values(),
                         remove_accidental_hits=remove_hits)
    np.testing.assert_allclose(got.numpy(), want.sum(1), rtol=1e-10)


@pytest.mark.parametrize("remove_hits", [False, True])
def test_sampled_softmax_formula(remove_hits):
    logits = _numpy_logits(remove_hits)
    logp = logits - logits.max(1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(1, keepdims=True))
    want = -(logp[:, :2] * 0.5).sum(1)
    got = tf.nn.sampled_softmax_loss(W, B, LABELS, X, 4, 8, num_true=2,
                                     sampled_values=_values(),
                                     remove_accidental_hits=remove_hits)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10)


@pytest.mark.parametrize("loss_fn", [tf.nn.nce_loss, tf.nn.sampled_softmax_loss])
def test_gradients_match_finite_differences(loss_fn):
    def loss(w, b, x):
        return tf.reduce_sum(loss_fn(w, b, LABELS, x, 4, 8, num_true=2,
                                     sampled_values=_values()))

    args = [tf.constant(a) for a in (W, B, X)]
    with tf.GradientTape() as tape:
        tape.watch(args)
        value = loss(*args)
    grads = [tf.convert_to_tensor(g).numpy() for g in tape.gradient(value, args)]
    eps = 1e-6
    for which, base in enumerate((W, B, X)):
        numeric = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            up, down = [a.copy() for a in (W, B, X)], [a.copy() for a in (W, B, X)]
            up[which][idx] += eps
            down[which][idx] -= eps
            numeric[idx] = (loss(*up).numpy() - loss(*down).numpy()) / 2 / eps
        np.testing.assert_allclose(grads[which], numeric, rtol=1e-5, atol=1e-8)
    assert np.all(grads[1][[3, 5, 7]] == 0)  # classes neither true nor sampled


def test_random_sampling_runs_and_traces():
    loss = tf.function(lambda x: tf.nn.sampled_softmax_loss(
        W.astype(np.float32), B.astype(np.float32), LABELS[:, :1], x, 3, 8, seed=1))
    out = loss(X.astype(np.float32))
    assert out.shape == (2,) and np.all(np.isfinite(out.numpy())) and np.all(out.numpy() > 0)


def test_accidental_hits_and_all_candidates():
    rows, ids, weights = tf.nn.compute_accidental_hits(LABELS, SAMPLED, num_true=2)
    assert rows.numpy().tolist() == [0, 1, 1]
    assert ids.numpy().tolist() == [0, 2, 2]
    assert np.all(weights.numpy() == -np.finfo(np.float32).max)
    sampled, true_q, sampled_q = tf.random.all_candidate_sampler(LABELS, 2, 8, True)
    assert sampled.numpy().tolist() == list(range(8))
    assert true_q.shape == (2, 2) and np.all(sampled_q.numpy() == 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.random.all_candidate_sampler(LABELS, 2, 5, True)


def test_fixed_unigram_sampler_frequencies():
    unigrams = [1.0, 2.0, 3.0, 4.0]
    sampled, true_q, sampled_q = tf.random.fixed_unigram_candidate_sampler(
        np.array([[0], [3]]), 1, 4000, False, 4, unigrams=unigrams, seed=5)
    counts = np.bincount(sampled.numpy(), minlength=4) / 4000
    np.testing.assert_allclose(counts, np.array(unigrams) / 10, atol=0.03)
    np.testing.assert_allclose(true_q.numpy()[:, 0], [400.0, 1600.0], rtol=1e-6)
    sampled, _, _ = tf.random.fixed_unigram_candidate_sampler(
        np.array([[0]]), 1, 3, True, 4, unigrams=[0.0, 1.0, 1.0, 1.0], seed=5)
    assert sorted(sampled.numpy().tolist()) == [1, 2, 3]  # unique, never the zero-weight id
