"""tf.nn CTC: the loss against a brute-force sum over alignments, its gradient against finite
differences (float64), decoders and label helpers against plain NumPy."""
import itertools

import numpy as np
import pytest

import fluxion as tf


def _collapse(path, blank):
    out, prev = [], None
    for k in path:
        if k != prev and k != blank:
            out.append(k)
        prev = k
    return out


def _brute_force_loss(logits, labels, blank):
    """-log sum over every alignment of `logits` (T, C) that collapses to `labels`."""
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    total = 0.0
    steps, classes = logits.shape
    for path in itertools.product(range(classes), repeat=steps):
        if _collapse(path, blank) == list(labels):
            total += np.exp(sum(logp[t, k] for t, k in enumerate(path)))
    return -np.log(total)


@pytest.mark.parametrize("blank", [0, 3])
def test_loss_matches_brute_force(blank):
    rng = np.random.RandomState(1)
    logits = rng.randn(5, 2, 4)
    labels = np.array([[1, 1, 0], [2, 0, 0]])  # padded past `lengths`
    lengths, steps = np.array([2, 1]), np.array([5, 3])
    got = tf.nn.ctc_loss(labels, logits, lengths, steps, blank_index=blank).numpy()
    assert got.dtype == np.float64
    for b in range(2):
        want = _brute_force_loss(logits[:steps[b], b], labels[b, :lengths[b]], blank)
        np.testing.assert_allclose(got[b], want, rtol=1e-10)


def test_sparse_labels_equal_dense():
    rng = np.random.RandomState(2)
    logits = rng.randn(7, 3, 6).astype(np.float32)
    labels = np.array([[1, 2, 3], [4, 0, 0], [5, 5, 0]], np.int32)
    lengths, steps = np.array([3, 1, 2]), np.array([7, 5, 6])
    dense = tf.nn.ctc_loss(labels, logits, lengths, steps, blank_index=0)
    sparse = tf.nn.ctc_loss(tf.sparse.from_dense(labels), logits, None, steps, blank_index=0)
    np.testing.assert_allclose(dense.numpy(), sparse.numpy(), rtol=1e-6)
    with pytest.raises(ValueError):
        tf.nn.ctc_loss(tf.sparse.from_dense(labels), logits, None, steps)


def test_batch_major_and_graph_agree():
    rng = np.random.RandomState(3)
    logits = rng.randn(6, 2, 5).astype(np.float32)
    labels, lengths, steps = np.array([[1, 2], [3, 3]]), np.array([2, 2]), np.array([6, 6])
    eager = tf.nn.ctc_loss(labels, logits, lengths, steps).numpy()
    batch_major = tf.nn.ctc_loss(labels, np.transpose(logits, [1, 0, 2]), lengths, steps,
                                 logits_time_major=False).numpy()
    graph = tf.function(lambda x: tf.nn.ctc_loss(labels, x, lengths, steps))(logits).numpy()
    np.testing.assert_allclose(batch_major, eager, rtol=1e-6)
    np.testing.assert_allclose(graph, eager, rtol=1e-6)
    any_length = tf.function(lambda x: tf.nn.ctc_loss(labels, x, lengths, [4, 4]),
                             input_signature=[tf.TensorSpec([None, 2, 5], tf.float32)])
    any_length(logits)
    np.testing.assert_allclose(any_length(logits[:4]).numpy(),
                               tf.nn.ctc_loss(labels, logits[:4], lengths, [4, 4]).numpy(),
                               rtol=1e-6)


def test_gradient_matches_finite_differences():
    rng = np.random.RandomState(4)
    logits = rng.randn(5, 2, 4)
    labels, lengths, steps = np.array([[1, 2], [3, 0]]), np.array([2, 1]), np.array([5, 4])
    weights = np.array([1.0, 0.5])

    def loss(x):
        return tf.reduce_sum(weights * tf.nn.ctc_loss(labels, x, lengths, steps))

    x = tf.constant(logits)
    with tf.GradientTape() as tape:
        tape.watch(x)
        value = loss(x)
    grad = tape.gradient(value, x).numpy()
    eps, numeric = 1e-6, np.zeros_like(logits)
    for idx in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (loss(tf.constant(up)).numpy() - loss(tf.constant(down)).numpy()) / 2 / eps
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
    assert np.all(grad[4:, 1] == 0)  # steps past a sequence's length get no gradient


def test_greedy_decoder_against_numpy():
    rng = np.random.RandomState(5)
    logits = rng.randn(8, 3, 4).astype(np.float32)
    steps = np.array([8, 5, 0])
    decoded, neg = tf.nn.ctc_greedy_decoder(logits, steps)
    dense = tf.sparse.to_dense(decoded[0], default_value=-1).numpy()
    for b in range(3):
        want = _collapse(logits[:steps[b], b].argmax(-1).tolist(), 3)
        assert dense[b][dense[b] >= 0].tolist() == want
        np.testing.assert_allclose(neg[b, 0], -logits[:steps[b], b].max(-1).sum(), rtol=1e-6)
    plain, _ = tf.nn.ctc_greedy_decoder(logits, steps, merge_repeated=False)
    assert plain[0].values.shape[0] >= decoded[0].values.shape[0]


def test_beam_search_finds_the_most_likely_labelling():
    rng = np.random.RandomState(6)
    logits = rng.randn(4, 1, 3) * 2
    decoded, log_probs = tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=20, top_paths=2)
    logp = logits[:, 0] - np.log(np.exp(logits[:, 0]).sum(-1, keepdims=True))
    scores: dict = {}
    for path in itertools.product(range(3), repeat=4):
        key = tuple(_collapse(path, 2))
        scores[key] = scores.get(key, 0.0) + np.exp(sum(logp[t, k] for t, k in enumerate(path)))
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    assert tuple(decoded[0].values.numpy()) == ranked[0][0]
    np.testing.assert_allclose(log_probs[0, 0], np.log(ranked[0][1]), rtol=1e-6)
    assert log_probs[0, 0] >= log_probs[0, 1]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=1, top_paths=2)


def test_label_helpers():
    labels = np.array([[4, 4, 2, 4, 1], [7, 7, 7, 0, 0]])
    uniq, idx = tf.nn.ctc_unique_labels(labels)
    assert uniq.numpy().tolist() == [[4, 2, 1, 0, 0], [7, 0, 0, 0, 0]]
    assert idx.numpy().tolist() == [[0, 0, 1, 0, 2], [0, 0, 0, 1, 1]]
    collapsed, lengths = tf.nn.collapse_repeated(labels, [5, 2])
    assert collapsed.numpy().tolist() == [[4, 2, 4, 1], [7, 0, 0, 0]]
    assert lengths.numpy().tolist() == [4, 1]


def test_keras_ctc_loss_and_decode_share_tf_nn():
    rng = np.random.RandomState(7)
    logits = rng.randn(2, 6, 5).astype(np.float32)
    labels = np.array([[1, 2, 0], [3, 4, 4]])
    want = tf.nn.ctc_loss(labels, logits, [2, 3], [6, 6], logits_time_major=False).numpy()
    np.testing.assert_allclose(tf.keras.losses.ctc(labels, logits).numpy(), want, rtol=1e-6)
    np.testing.assert_allclose(tf.keras.losses.CTC()(labels, logits).numpy(), want.mean(),
                               rtol=1e-6)
    dense, scores = tf.keras.ops.ctc_decode(logits, [6, 6], strategy="beam_search",
                                            beam_width=8, top_paths=2)
    assert dense.shape == (2, 2, 6) and scores.shape == (2, 2)
    assert not np.any(dense.numpy() == 0)  # mask_index 0 is the blank: never emitted
