"""SparseTensors in tf.data pipelines and the rest of tf.data.experimental, beyond the TF
fixtures (tools/reference/data_sparse.py): values against NumPy, snapshot's atomic writes."""
from __future__ import annotations

import os

import numpy as np
import pytest

import fluxion as tf


def _dense(st) -> np.ndarray:
    return tf.sparse.to_dense(st).numpy()


def test_batches_of_sparse_rows_equal_the_stacked_dense_rows():
    rng = np.random.default_rng(0)
    dense = rng.integers(0, 3, (7, 4, 5)).astype(np.float32) * (rng.random((7, 4, 5)) < 0.3)
    st = tf.sparse.from_dense(dense)
    got = [_dense(b) for b in tf.data.Dataset.from_tensor_slices(st).batch(3)]
    # a batch's dense shape is the largest of the rows' shapes: here every row is [4, 5]
    np.testing.assert_array_equal(np.concatenate(got), dense)
    assert [g.shape for g in got] == [(3, 4, 5), (3, 4, 5), (1, 4, 5)]
    again = list(tf.data.Dataset.from_tensor_slices(st).batch(3).unbatch())
    np.testing.assert_array_equal(np.stack([_dense(r) for r in again]), dense)


def test_shuffled_sparse_rows_are_a_permutation():
    dense = np.eye(6, dtype=np.int64) * np.arange(1, 7)[:, None]
    rows = [_dense(r) for r in
            tf.data.Dataset.from_tensor_slices(tf.sparse.from_dense(dense)).shuffle(6, seed=2)]
    assert sorted(int(r.sum()) for r in rows) == [1, 2, 3, 4, 5, 6]


def test_varlen_features_train_through_a_pipeline_in_graph_mode():
    def example(ids):
        return tf.train.Example(features=tf.train.Features(feature={
            "ids": tf.train.Feature(int64_list=tf.train.Int64List(value=ids))})).SerializeToString()

    spec = {"ids": tf.io.VarLenFeature(tf.int64)}
    data = tf.data.Dataset.from_tensor_slices([example([1, 2]), example([3]), example([]),
                                               example([4, 4, 4]), example([5])])
    calls = []

    def parse(s):
        calls.append(1)  # traced (on a stand-in, then on a real element), not run per element
        return tf.io.parse_single_example(s, spec)["ids"]

    sums = data.map(parse).map(lambda ids: tf.sparse.reduce_sum(ids))
    assert list(sums.as_numpy_iterator()) == [3, 3, 0, 12, 5]
    assert len(calls) <= 2


def test_sparse_batch_rejects_rows_larger_than_row_shape():
    data = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).sparse_batch(4, [3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="row_shape"):
        list(data)


def test_rejection_resample_estimates_the_initial_distribution():
    labels = np.array([0] * 800 + [1] * 200, np.int64)
    data = tf.data.Dataset.from_tensor_slices(labels).shuffle(1000, seed=1).rejection_resample(
        lambda x: x, [0.5, 0.5], seed=4)
    got = np.array([c for c, _ in data.as_numpy_iterator()])
    assert 0.35 < got.mean() < 0.65  # balanced, from 20% ones
    with pytest.raises(tf.errors.InvalidArgumentError, match="target_dist"):
        tf.data.Dataset.range(3).rejection_resample(lambda x: x, [0.7, 0.7])


def test_snapshot_written_only_by_a_complete_pass(tmp_path):
    path = tmp_path / "snap"
    source = tf.data.Dataset.range(6)
    partial = iter(source.snapshot(str(path)))
    next(partial)
    del partial  # an interrupted first pass leaves no snapshot behind
    assert not path.exists()
    assert [x for x in os.listdir(tmp_path) if not x.startswith(".")] == []
    assert list(source.snapshot(str(path)).as_numpy_iterator()) == list(range(6))
    assert path.is_dir()
    # later pipelines read the snapshot, not their input
    other = tf.data.Dataset.range(100, 106).snapshot(str(path))
    assert list(other.as_numpy_iterator()) == list(range(6))


def test_group_by_reducer_means_per_key():
    values = np.arange(12, dtype=np.float32)
    reducer = tf.data.experimental.Reducer(
        init_func=lambda k: (tf.constant(0.0), tf.constant(0.0)),
        reduce_func=lambda s, x: (s[0] + x, s[1] + 1.0),
        finalize_func=lambda total, n: total / n)
    data = tf.data.Dataset.from_tensor_slices(values).apply(
        tf.data.experimental.group_by_reducer(lambda x: tf.cast(x, tf.int64) % 3, reducer))
    got = sorted(float(x) for x in data.as_numpy_iterator())
    want = sorted(float(values[values % 3 == k].mean()) for k in range(3))
    np.testing.assert_allclose(got, want)
    with pytest.raises(ValueError, match="key_func"):
        tf.data.Dataset.range(3).apply(tf.data.experimental.group_by_reducer(
            lambda x: tf.cast(x, tf.int32), reducer))
