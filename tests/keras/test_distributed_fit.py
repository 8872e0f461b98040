"""Keras `fit` / `evaluate` / `predict` / `*_on_batch` data-parallel under `MirroredStrategy`
(2 logical CPU devices): TF's batch split, loss scaling, gradient all-reduce and metric
aggregation, compared with real TensorFlow 2.21's results (tests/fixtures/distributed_fit,
made by tools/make_distributed_fit_fixtures.py) and with one device."""
from __future__ import annotations

import contextlib
import json
import pathlib

import numpy as np
import pytest

import fluxion as tf
from fluxion import config
from tools.make_distributed_fit_fixtures import SCENARIOS, SPLITS, scenario, split_cpu

keras = tf.keras
EXPECTED = json.loads((pathlib.Path(__file__).resolve().parent.parent / "fixtures" /
                       "distributed_fit" / "expected.json").read_text())
TWO = ["/cpu:0", "/cpu:1"]


@pytest.fixture
def cpus():
    """The CPU split into logical devices; back to one uninitialized CPU afterwards."""
    config._reset_logical_devices()
    yield lambda n: split_cpu(tf, n)
    config._reset_logical_devices()


def assert_close(ours, theirs, where: str = "result", rtol: float = 1e-4) -> None:
    """Dicts by key, lists of arrays (weights) array by array, the rest as arrays."""
    if isinstance(theirs, dict):
        assert sorted(ours) == sorted(theirs), f"{where}: keys {sorted(ours)}"
        for key in theirs:
            assert_close(ours[key], theirs[key], f"{where}[{key}]", rtol)
    elif _ragged(theirs):
        assert len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_close(a, b, f"{where}[{i}]", rtol)
    else:
        np.testing.assert_allclose(np.asarray(ours, np.float64), np.asarray(theirs, np.float64),
                                   rtol=rtol, atol=1e-5, err_msg=where)


def _ragged(value) -> bool:
    try:
        np.asarray(value, np.float64)
    except ValueError:
        return True
    return False


# --- the split of each global batch ---------------------------------------------------------------
@pytest.mark.parametrize("replicas, batch, samples, expected", EXPECTED["splits"])
def test_each_batch_splits_like_tf(cpus, replicas, batch, samples, expected):
    cpus(4)
    assert [replicas, batch, samples] in [list(s) for s in SPLITS]
    strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas)])
    dataset = tf.data.Dataset.range(samples).batch(batch)
    got = [[int(v.shape[0]) for v in strategy.experimental_local_results(element)]
           for element in strategy.experimental_distribute_dataset(dataset)]
    # TF splits a short last batch by its own size: 3 rows on 2 replicas give 2 + 1
    assert got == expected


# --- fit / evaluate / predict against TensorFlow -------------------------------------------------
# the empty share's mean gradient computes 0/0 on no elements (harmless: it scales nothing)
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_two_replicas_match_tensorflow(cpus, name):
    cpus(2)
    ours = scenario(tf, TWO, *SCENARIOS[name])
    assert_close(ours, EXPECTED[name]["two_replicas"], name)


def test_uneven_batches_change_the_update_as_in_tf(cpus):
    """A short last batch split 2 + 1: the replicas' means are averaged (not the 3 examples'
    mean), so the weights move off the one-device run's while the reported loss, a mean over
    all examples, stays the same for the epoch where the weights still agree."""
    cpus(2)
    args = SCENARIOS["uneven_last_batch"]
    two, one = scenario(tf, TWO, *args), scenario(tf, None, *args)
    assert two["history"]["loss"][0] == pytest.approx(one["history"]["loss"][0], rel=1e-6)
    assert abs(two["weights"][0][0][0] - one["weights"][0][0][0]) > 1e-3
    assert_close(one, EXPECTED["uneven_last_batch"]["one_device"], "one device")
    # train_on_batch with an uneven batch: every replica takes it whole, as in TF
    assert two["train_on_batch"]["loss"] == pytest.approx(
        EXPECTED["uneven_last_batch"]["two_replicas"]["train_on_batch"]["loss"], rel=1e-5)


# --- two replicas give one device's results ------------------------------------------------------
def _model(devices, *, l2: float = 0.0, outputs: int = 1):
    """A small functional model made in the strategy's scope (no strategy: devices None)."""
    scope = tf.distribute.MirroredStrategy(devices).scope() if devices else \
        contextlib.nullcontext()
    with scope:
        inputs = keras.Input((5,))
        hidden = keras.layers.Dense(6, activation="tanh", kernel_initializer="glorot_uniform",
                                    kernel_regularizer=keras.regularizers.L2(l2) if l2 else None)
        h = hidden(inputs)
        heads = [keras.layers.Dense(3, name=f"head{i}")(h) for i in range(outputs)]
        model = keras.Model(inputs, heads if outputs > 1 else heads[0])
        rng = np.random.default_rng(5)
        model.set_weights([rng.normal(size=w.shape).astype(np.float32) * 0.5
                           for w in model.get_weights()])
        model.compile(keras.optimizers.Adam(0.02),
                      keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"], weighted_metrics=["accuracy"])
    return model


def _data(n: int = 48, outputs: int = 1):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 5)).astype(np.float32)
    y = rng.integers(0, 3, n).astype(np.int32)
    weights = rng.uniform(0.5, 2.0, n).astype(np.float32)
    return x, (y if outputs == 1 else tuple([y] * outputs)), weights


def _rows(y, stop: int):
    return tuple(v[:stop] for v in y) if isinstance(y, tuple) else y[:stop]


def _run(model, outputs: int = 1, dataset: bool = False) -> dict:
    """fit (with sample weights and validation data; evaluate batches of 8 leave a short last
    one of 7 on 2 replicas), evaluate, predict (batches of 10: a last one of 8), *_on_batch."""
    x, y, sw = _data(outputs=outputs)
    sw = sw if outputs == 1 else (sw,) * outputs
    if dataset:
        ds = tf.data.Dataset.from_tensor_slices((x, y, sw)).batch(12)
        history = model.fit(ds, epochs=2, verbose=0, validation_data=ds).history
    else:
        history = model.fit(x, y, sample_weight=sw, batch_size=12, epochs=2, verbose=0,
                            shuffle=False, validation_data=(x[:23], _rows(y, 23))).history
    out = {"history": history, "weights": model.get_weights(),
           "evaluate": model.evaluate(x[:47], _rows(y, 47), batch_size=8, verbose=0,
                                      return_dict=True),
           "predict": model.predict(x, batch_size=10, verbose=0),
           "predict_on_batch": model.predict_on_batch(x[:7]),
           "iterations": int(model.optimizer.iterations.numpy())}
    model.reset_metrics()  # Keras does it in *_on_batch; fluxion's one device not
    out["test_on_batch"] = model.test_on_batch(x[:7], _rows(y, 7), return_dict=True)
    return out


def _compare(two: dict, one: dict) -> None:
    assert sorted(two["history"]) == sorted(one["history"])
    for key in one["history"]:
        np.testing.assert_allclose(two["history"][key], one["history"][key], rtol=2e-5,
                                   atol=1e-6, err_msg=key)
    for a, b in zip(two["weights"], one["weights"]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    for key in ("evaluate", "test_on_batch"):
        assert_close(two[key], one[key], key, rtol=2e-5)
    for key in ("predict", "predict_on_batch"):
        assert_close(two[key], one[key], key)
    assert two["iterations"] == one["iterations"]


@pytest.mark.parametrize("dataset", [False, True])
def test_two_replicas_equal_one_device(cpus, dataset):
    cpus(2)
    two = _run(_model(TWO, l2=0.01), dataset=dataset)
    one = _run(_model(["/cpu:0"], l2=0.01), dataset=dataset)
    plain = _run(_model(None, l2=0.01), dataset=dataset)
    _compare(two, one)
    for a, b in zip(one["weights"], plain["weights"]):  # 1 replica is the plain path
        np.testing.assert_array_equal(a, b)
    assert one["iterations"] == 8  # 4 steps an epoch, 2 epochs
    assert two["predict"].shape == (48, 3) and two["predict_on_batch"].shape == (7, 3)


def test_two_outputs_report_each_outputs_loss(cpus):
    cpus(2)
    two = _run(_model(TWO, outputs=2), outputs=2)
    one = _run(_model(None, outputs=2), outputs=2)
    assert "head0_loss" in two["history"] and "val_head1_accuracy" in two["history"]
    _compare(two, one)


def test_run_eagerly_gives_the_graphs_results(cpus):
    cpus(2)
    eager = _model(TWO)
    eager.run_eagerly = True
    _compare(_run(eager), _run(_model(TWO)))


def test_train_on_batch_even_and_uneven(cpus):
    cpus(2)
    x, y, _ = _data()
    results = []
    for devices in (TWO, None):
        model = _model(devices)
        logs = []
        for rows in (slice(0, 8), slice(8, 15)):  # split 4 + 4; 7 rows: whole on each
            model.reset_metrics()  # Keras does it in *_on_batch; fluxion's one device not
            logs.append(model.train_on_batch(x[rows], y[rows], return_dict=True))
        results.append((logs, model.get_weights()))
    for a, b in zip(results[0][0], results[1][0]):
        assert_close(a, b, "train_on_batch", rtol=2e-5)
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


# --- one traced graph per step; state made outside the scope ------------------------------------
class _Counting(keras.Model):
    """Counts Python runs of train_step: a trace runs it once per replica."""

    calls = 0

    def train_step(self, data):
        type(self).calls += 1
        return super().train_step(data)


def test_the_step_is_one_graph_traced_once_per_replica(cpus):
    cpus(2)
    x, y, _ = _data()
    with tf.distribute.MirroredStrategy(TWO).scope():
        inputs = keras.Input((5,))
        model = _Counting(inputs, keras.layers.Dense(3)(inputs))
        model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    _Counting.calls = 0
    model.fit(x, y, batch_size=12, epochs=3, verbose=0)
    assert _Counting.calls == 2  # 12 steps ran one trace recording both replicas
    assert model.distribute_strategy.num_replicas_in_sync == 2


def test_state_made_outside_the_scope(cpus):
    """Compiled outside the scope with an optimizer made outside: its variables are mirrored
    by fit (TF would count each replica's step: iterations 2 per batch); a model made outside
    any scope trains on one replica, even when fit runs inside one."""
    cpus(2)
    x, y, _ = _data()
    strategy = tf.distribute.MirroredStrategy(TWO)
    with strategy.scope():
        inside = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
    inside.compile(keras.optimizers.Adam(0.01),
                   keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    inside.fit(x, y, batch_size=12, verbose=0)
    assert int(inside.optimizer.iterations.numpy()) == 4
    outside = _Counting(*_inputs_outputs())
    outside.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    _Counting.calls = 0
    with strategy.scope():
        outside.fit(x, y, batch_size=12, verbose=0)
        assert outside.distribute_strategy is strategy  # Keras: the current one
    assert _Counting.calls == 1
    assert outside.distribute_strategy is tf.distribute.get_strategy()


def _inputs_outputs():
    inputs = keras.Input((5,))
    return inputs, keras.layers.Dense(3)(inputs)


def test_mean_losses_are_scaled_by_the_replicas_in_scope_and_in_run(cpus):
    # Keras' scale_loss_for_distribution, inside Loss objects (values printed by real TF 2.21
    # with 2 logical CPUs: 2.5 outside, 1.25 in the scope and in each replica, "sum" unscaled)
    split_cpu(tf, 2)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    mse = tf.keras.losses.MeanSquaredError()
    total = tf.keras.losses.MeanSquaredError(reduction="sum")
    y, p = tf.constant([[1.0], [2.0]]), tf.constant([[0.0], [0.0]])
    assert float(mse(y, p)) == 2.5
    with strategy.scope():
        assert float(mse(y, p)) == 1.25
        assert float(total(y, p)) == 5.0
    per_replica = strategy.run(lambda: mse(y, p))
    assert [float(v) for v in strategy.experimental_local_results(per_replica)] == [1.25, 1.25]
    per_replica = strategy.run(lambda: total(y, p))
    assert [float(v) for v in strategy.experimental_local_results(per_replica)] == [5.0, 5.0]
