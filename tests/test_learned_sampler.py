"""learned_unigram_candidate_sampler: the learned counts against a NumPy tally, the expected
count formulas, the draw's frequencies and the state kept per eager attribute set."""
import numpy as np

import fluxion as tf

SAMPLER = tf.random.learned_unigram_candidate_sampler


def test_expected_counts_follow_numpy_tally():
    rng = np.random.default_rng(0)
    counts = np.ones(7)
    for _ in range(5):
        true = rng.integers(0, 7, (4, 2))
        sampled, true_expected, sampled_expected = SAMPLER(true, 2, 3, False, 7, seed=901)
        np.testing.assert_allclose(true_expected.numpy(), 3 * counts[true] / counts.sum(),
                                   rtol=1e-6)
        np.testing.assert_allclose(sampled_expected.numpy(),
                                   3 * counts[sampled.numpy()] / counts.sum(), rtol=1e-6)
        np.add.at(counts, true.reshape(-1), 1)


def test_draws_follow_learned_distribution():
    heavy = np.full((500, 1), 3)
    SAMPLER(heavy, 1, 4000, False, 5, seed=902)  # counts become [1, 1, 1, 501, 1]
    sampled = SAMPLER(heavy[:1], 1, 4000, False, 5, seed=902)[0].numpy()
    assert abs(np.mean(sampled == 3) - 501 / 505) < 0.01


def test_unique_expected_count_formula():
    true = np.array([[0], [1]])
    _, true_expected, sampled_expected = SAMPLER(true, 1, 3, True, 50, seed=903)
    p = 1 / 50
    # tries >= 3 draws: expected = 1 - (1 - p) ** tries, the same for every class
    tries = np.log1p(-sampled_expected.numpy()) / np.log1p(-p)
    assert np.all(tries >= 3 - 1e-3)
    np.testing.assert_allclose(true_expected.numpy()[:, 0], sampled_expected.numpy()[:2],
                               rtol=1e-6)
    assert len(set(SAMPLER(true, 1, 50, True, 50, seed=904)[0].numpy().tolist())) == 50


def test_state_is_per_attribute_set():
    true = np.array([[1]])
    SAMPLER(true, 1, 2, False, 4, seed=905)
    learned = SAMPLER(true, 1, 2, False, 4, seed=905)[1].numpy()
    fresh = SAMPLER(true, 1, 2, False, 4, seed=906)[1].numpy()
    np.testing.assert_allclose(learned, [[2 * 2 / 5]], rtol=1e-6)
    np.testing.assert_allclose(fresh, [[0.5]], rtol=1e-6)
    assert tf.nn.learned_unigram_candidate_sampler is SAMPLER
