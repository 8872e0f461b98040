"""RunConfig(train_distribute=MirroredStrategy): the model_fn runs once per replica inside the
traced step, each replica takes its own input_fn batch (TF's InputFunctionIterator: the
dataset gives per-replica batches, N replicas consume N batches per step), the v1 optimizer
scales mean losses by 1/replicas and sums gradients, and the reported loss is the mean. Two
logical CPU replicas must train to the same weights as one replica on the combined batch."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion import config as fconfig

v1 = tf.compat.v1
RS = np.random.RandomState(3)
X = RS.randn(48, 4).astype(np.float32)
LABELS = (X[:, 0] - X[:, 1] > 0).astype(np.int64)


@pytest.fixture
def cpus():
    def split(n: int):
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)])

    fconfig._reset_logical_devices()
    yield split
    fconfig._reset_logical_devices()


def model_fn(features, labels, mode):
    hidden = tf.keras.layers.Dense(5, activation="relu",
                                   kernel_initializer=tf.keras.initializers.GlorotUniform(1))
    out = tf.keras.layers.Dense(2, kernel_initializer=tf.keras.initializers.GlorotUniform(2))
    logits = out(hidden(features["x"]))
    loss = v1.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = v1.train.AdamOptimizer(0.05).minimize(loss, v1.train.get_global_step())
    accuracy = v1.metrics.accuracy(labels, tf.argmax(logits, axis=1))
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops={"accuracy": accuracy})


def run(tmp_path, replicas: int, steps: int = 4):
    strategy = tf.distribute.MirroredStrategy() if replicas > 1 else None
    seen = []

    def input_fn(input_context=None):
        seen.append(input_context)
        batch = 12 // replicas  # per-replica batches: N of them make one global batch
        return tf.data.Dataset.from_tensor_slices(({"x": X}, LABELS)).batch(batch)

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path / f"r{replicas}"),
                                 config=tf.estimator.RunConfig(
                                     train_distribute=strategy, eval_distribute=strategy,
                                     log_step_count_steps=None))
    losses = []

    class Losses(tf.estimator.SessionRunHook):
        def before_run(self, run_context):
            return tf.estimator.SessionRunArgs("loss")

        def after_run(self, run_context, run_values):
            losses.append(run_values.results)

    est.train(input_fn, steps=steps, hooks=[Losses()])
    weights = {n: est.get_variable_value(n) for n in est.get_variable_names()
               if n.startswith("dense")}
    return est, weights, losses, seen


def test_two_replicas_match_one_replica_on_the_combined_batch(tmp_path, cpus):
    _, one, one_losses, _ = run(tmp_path, 1)
    cpus(2)
    est, two, two_losses, seen = run(tmp_path, 2)
    assert seen[0].num_replicas_in_sync == 2 and seen[0].input_pipeline_id == 0
    assert set(one) == set(two) == {"dense/kernel", "dense/bias", "dense_1/kernel",
                                    "dense_1/bias"}
    for name in one:
        np.testing.assert_allclose(two[name], one[name], rtol=1e-5, atol=1e-6, err_msg=name)
    np.testing.assert_allclose(two_losses, one_losses, rtol=1e-5)
    assert est.get_variable_value("global_step") == 4  # one increment per step, not per replica
    assert np.any(np.abs(two["dense/kernel"] - tf.keras.initializers.GlorotUniform(1)(
        (4, 5)).numpy()) > 1e-3)  # it did train


def test_replicas_consume_one_batch_each_and_stop_at_the_end(tmp_path, cpus):
    cpus(2)
    est, _, losses, _ = run(tmp_path, 2, steps=100)
    # 48 rows in per-replica batches of 6: 8 batches, 4 steps of 2 replicas
    assert est.get_variable_value("global_step") == 4 and len(losses) == 4


def test_distributed_evaluate_matches(tmp_path, cpus):
    est, _, _, _ = run(tmp_path, 1)
    plain = est.evaluate(lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, LABELS)).batch(6))
    cpus(2)
    strategy = tf.distribute.MirroredStrategy()
    dist = tf.estimator.Estimator(model_fn, model_dir=est.model_dir,
                                  config=tf.estimator.RunConfig(eval_distribute=strategy))
    results = dist.evaluate(lambda: tf.data.Dataset.from_tensor_slices(
        ({"x": X}, LABELS)).batch(6))
    np.testing.assert_allclose(results["accuracy"], plain["accuracy"], rtol=1e-6)
    np.testing.assert_allclose(results["loss"], plain["loss"], rtol=1e-5)
    assert results["global_step"] == plain["global_step"] == 4
