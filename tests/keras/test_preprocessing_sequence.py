"""tf.keras.preprocessing.sequence: skipgrams, make_sampling_table, TimeseriesGenerator (exact
Keras outputs are pinned in tests/fixtures/keras_preprocessing.json)."""
from __future__ import annotations

import random

import numpy as np
import pytest

import fluxion as tf

S = tf.keras.preprocessing.sequence


def test_pad_sequences_is_the_utils_one():
    assert S.pad_sequences is tf.keras.utils.pad_sequences


def test_make_sampling_table_formula():
    table = S.make_sampling_table(6, sampling_factor=1e-3)
    rank = np.array([1, 1, 2, 3, 4, 5], dtype=float)
    f = 1e-3 * (rank * (np.log(rank) + 0.577) + 0.5 - 1 / (12 * rank))
    np.testing.assert_allclose(table, np.minimum(1.0, np.sqrt(f)))
    assert table.dtype == np.float64 and table.shape == (6,)
    assert np.all(np.diff(table) >= 0)  # rarer words are kept more often


def _window_pairs(seq, window):
    return sorted([seq[i], seq[j]] for i in range(len(seq)) for j in
                  range(max(0, i - window), min(len(seq), i + window + 1))
                  if i != j and seq[i] and seq[j])


def test_skipgrams_positive_pairs():
    seq = [3, 0, 5, 2, 2, 7]
    couples, labels = S.skipgrams(seq, 8, window_size=2, negative_samples=0.0)
    assert sorted(couples) == _window_pairs(seq, 2)
    assert labels == [1] * len(couples)


def test_skipgrams_negatives_and_alignment():
    random.seed(0)
    seq = [1, 2, 3, 4, 5, 6, 7]
    couples, labels = S.skipgrams(seq, 10, window_size=1, negative_samples=2.0)
    positives = _window_pairs(seq, 1)
    assert labels.count(1) == len(positives) and labels.count(0) == 2 * len(positives)
    assert sorted(c for c, l in zip(couples, labels) if l == 1) == positives
    for (w, ctx), label in zip(couples, labels):
        assert 1 <= ctx <= 9 and w in seq
    assert all(isinstance(v, int) for c in couples for v in c)


def test_skipgrams_reproducible_with_python_random():
    random.seed(42)
    first = S.skipgrams([4, 1, 3, 2], 5, window_size=2)
    random.seed(42)
    assert S.skipgrams([4, 1, 3, 2], 5, window_size=2) == first
    a = S.skipgrams([4, 1, 3, 2], 5, negative_samples=0, seed=3)
    b = S.skipgrams([4, 1, 3, 2], 5, negative_samples=0, seed=3)
    assert a == b


def test_skipgrams_categorical_and_no_shuffle():
    random.seed(1)
    couples, labels = S.skipgrams([1, 2], 3, window_size=1, categorical=True, shuffle=False)
    assert couples[:2] == [[1, 2], [2, 1]]
    assert labels == [[0, 1], [0, 1], [1, 0], [1, 0]]


def test_skipgrams_sampling_table_drops_words():
    random.seed(0)
    table = np.zeros(10)
    table[3] = 1.0  # only word 3 can be a target
    couples, _ = S.skipgrams([3, 4, 5, 3], 10, window_size=1, sampling_table=table,
                             negative_samples=0)
    assert sorted(couples) == [[3, 4], [3, 5]]


def test_timeseries_generator_windows():
    data = np.arange(30, dtype="float32").reshape(15, 2)
    targets = np.arange(15) * 10
    gen = S.TimeseriesGenerator(data, targets, length=4, sampling_rate=2, stride=3,
                                start_index=1, end_index=13, batch_size=2)
    rows = list(range(5, 14, 3))  # start_index + length .. end_index, every stride
    assert len(gen) == 2
    xs = np.concatenate([gen[i][0] for i in range(len(gen))])
    ys = np.concatenate([gen[i][1] for i in range(len(gen))])
    np.testing.assert_array_equal(xs, np.stack([data[r - 4:r:2] for r in rows]))
    np.testing.assert_array_equal(ys, targets[rows])
    assert xs.dtype == np.float32 and xs.shape == (3, 2, 2)
    rev = S.TimeseriesGenerator(data, targets, length=3, reverse=True, batch_size=20)
    np.testing.assert_array_equal(rev[0][0][0], data[2::-1])


def test_timeseries_generator_shuffle_uses_numpy_random():
    data = np.arange(10)
    np.random.seed(3)
    a = S.TimeseriesGenerator(data, data, length=2, shuffle=True, batch_size=5)[0]
    np.random.seed(3)
    b = S.TimeseriesGenerator(data, data, length=2, shuffle=True, batch_size=5)[0]
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[0][:, -1] + 1, a[1])  # target follows its window


def test_timeseries_generator_errors():
    with pytest.raises(ValueError, match="same length"):
        S.TimeseriesGenerator(np.zeros(5), np.zeros(4), length=2)
    with pytest.raises(ValueError, match="start_index"):
        S.TimeseriesGenerator(np.zeros(5), np.zeros(5), length=5)


def test_timeseries_generator_trains_a_model():
    data = np.sin(np.arange(60, dtype="float32") / 5).reshape(60, 1)
    gen = S.TimeseriesGenerator(data, data, length=5, batch_size=8)
    assert isinstance(gen, tf.keras.utils.PyDataset)
    model = tf.keras.Sequential([tf.keras.Input((5, 1)), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(1)])
    model.compile("adam", "mse")
    history = model.fit(gen, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(gen, verbose=0).shape == (55, 1)
