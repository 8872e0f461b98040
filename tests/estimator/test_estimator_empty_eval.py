"""`Estimator.evaluate` on an input_fn whose Dataset yields no batch. As TF (the first run is
out of range, then the final metric ops run): the graph is built from the Dataset's
element_spec, no step runs, the metrics report their initial values, `loss` (the mean of no
losses) is 0 and `global_step` is the checkpoint's."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import fluxion as tf

fc = tf.feature_column


@pytest.fixture(autouse=True)
def _seeded():
    tf.keras.utils.set_random_seed(1)


def dataset(n=8, batch=4):
    x = np.arange(n, dtype=np.float32)
    return tf.data.Dataset.from_tensor_slices(({"x": x}, (x > 3).astype(np.int64))).batch(batch)


def model_fn(features, labels, mode):
    p = tf.compat.v1.layers.dense(features["x"][:, None], 1, name="d")
    loss = tf.reduce_mean(tf.square(p[:, 0] - tf.cast(labels, tf.float32)))
    keras_mean = tf.keras.metrics.Mean()
    keras_mean.update_state(p)
    metrics = {"v1_mean": tf.compat.v1.metrics.mean(p),
               "v1_acc": tf.compat.v1.metrics.accuracy(labels, tf.cast(p[:, 0] > 0, tf.int64)),
               "keras_mean": keras_mean}
    step = tf.compat.v1.train.get_global_step()
    train_op = step.assign_add(1) if mode == tf.estimator.ModeKeys.TRAIN else None
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops=metrics)


class RecordingHook(tf.estimator.SessionRunHook):
    def __init__(self):
        self.calls = []

    def begin(self):
        self.calls.append("begin")

    def before_run(self, run_context):
        self.calls.append("before_run")

    def end(self, session):
        self.calls.append("end")


def test_empty_input_gives_initial_metrics_and_zero_loss(tmp_path):
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path))
    est.train(lambda: dataset(), steps=2)
    hook = RecordingHook()
    got = est.evaluate(lambda: dataset().take(0), hooks=[hook], name="empty")
    assert sorted(got) == ["global_step", "keras_mean", "loss", "v1_acc", "v1_mean"]
    assert got["global_step"] == 2
    for key in ("keras_mean", "loss", "v1_acc", "v1_mean"):
        assert got[key] == 0.0 and got[key].dtype == np.float32
    assert hook.calls == ["begin", "end"]  # no step ran
    with open(os.path.join(est.eval_dir("empty"), "eval_results.jsonl")) as f:
        record = json.loads(f.readlines()[-1])
    assert record["global_step"] == 2 and record["metrics"]["loss"] == 0.0
    # the same estimator still evaluates real data afterwards
    full = est.evaluate(lambda: dataset())
    assert full["loss"] > 0.0 and full["global_step"] == 2


def test_empty_input_without_checkpoint_and_with_steps(tmp_path):
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path))
    got = est.evaluate(lambda: dataset().filter(lambda f, y: False), steps=3)
    assert got["global_step"] == 0 and got["loss"] == 0.0


def test_canned_estimators_evaluate_empty_input(tmp_path):
    clf = tf.estimator.LinearClassifier([fc.numeric_column("x")], model_dir=str(tmp_path))
    got = clf.evaluate(lambda: dataset().take(0))
    assert got["loss"] == 0.0 and got["average_loss"] == 0.0 and got["accuracy"] == 0.0
    assert "auc" in got and got["global_step"] == 0


def test_specs_of_sparse_features_flatten_to_component_specs():
    from fluxion.estimator import _runner

    batch = ({"s": tf.SparseTensorSpec([None, 3], tf.string), "d": tf.TensorSpec([None])},
             None)
    flat, structure = _runner.flatten_batch(batch)
    assert structure[1] == ("dense", "sparse", "none")
    assert [(f.shape.as_list(), f.dtype) for f in flat] == [
        ([None], tf.float32), ([None, 2], tf.int64), ([None], tf.string), ([2], tf.int64)]


def test_tuple_metric_computed_from_the_batch_cannot_be_reported(tmp_path):
    def fn(features, labels, mode):
        p = tf.compat.v1.layers.dense(features["x"][:, None], 1)
        return tf.estimator.EstimatorSpec(mode, loss=tf.reduce_mean(p), eval_metric_ops={
            "batch_max": (tf.reduce_max(p), tf.no_op())})

    est = tf.estimator.Estimator(fn, model_dir=str(tmp_path))
    assert "batch_max" in est.evaluate(lambda: dataset())
    with pytest.raises(ValueError, match="batch_max"):
        est.evaluate(lambda: dataset().take(0))
