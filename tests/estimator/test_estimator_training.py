"""train_and_evaluate (local mode: evaluate each new checkpoint, skip the initial one, always
the final one; exporters on the evaluated checkpoint), TrainSpec / EvalSpec validation,
Latest / Final / Best exporters, warm-starting (TF's rules: a path warm-starts the trainable
variables, only while model_dir has no checkpoint; prev names and vocabulary remapping) and
keras.estimator.model_to_estimator."""
from __future__ import annotations

import os

import numpy as np
import pytest

import fluxion as tf
from tests.estimator.test_estimator import (
    X,
    config,
    eval_input,
    linear_model_fn,
    train_input,
)

v1 = tf.compat.v1
FEATURE_SPEC = {"x": tf.io.FixedLenFeature([3], tf.float32)}


@pytest.fixture
def fast_clock(monkeypatch):
    """Export folders are named by the second; a clock that ticks per call saves the 1 s
    waits of several exports within one second."""
    import itertools
    import types

    from fluxion.estimator import _export

    ticks = itertools.count(1_700_000_000)
    monkeypatch.setattr(_export, "time", types.SimpleNamespace(time=lambda: next(ticks),
                                                               sleep=lambda s: None))


def estimator(path, **kwargs):
    return tf.estimator.Estimator(linear_model_fn, model_dir=str(path), config=config(**kwargs),
                                  params={})


def receiver():
    return tf.estimator.export.build_parsing_serving_input_receiver_fn(FEATURE_SPEC)


def test_train_and_evaluate_local(tmp_path, fast_clock):
    est = estimator(tmp_path, save_checkpoints_steps=4)
    exporters = [tf.estimator.LatestExporter("latest", receiver(), exports_to_keep=1),
                 tf.estimator.FinalExporter("final", receiver())]
    metrics, exports = tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(train_input(), max_steps=10),
        tf.estimator.EvalSpec(eval_input(), steps=None, exporters=exporters, throttle_secs=0))
    assert metrics["global_step"] == 10 and set(metrics) == {"rmse", "mae", "loss",
                                                             "global_step"}
    # evaluated at the checkpoints of steps 4, 8 and the final 10 (not the initial 0)
    assert list(tf.estimator.experimental.read_eval_metrics(est.eval_dir())) == [4, 8, 10]
    latest, final = exports
    assert isinstance(latest, bytes) and isinstance(final, bytes)
    assert os.listdir(os.path.join(os.fsencode(est.model_dir), b"export", b"latest")) == \
        [os.path.basename(latest)]  # exports_to_keep=1
    assert os.listdir(os.path.join(os.fsencode(est.model_dir), b"export", b"final")) == \
        [os.path.basename(final)]  # only the final evaluation exports
    # max_steps already reached: nothing trains or evaluates (TF returns (None, None))
    assert tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(train_input(), max_steps=10),
        tf.estimator.EvalSpec(eval_input())) == (None, None)


def test_best_exporter_exports_only_improvements(tmp_path, fast_clock):
    est = estimator(tmp_path)
    best = tf.estimator.BestExporter(serving_input_receiver_fn=receiver(), exports_to_keep=5)
    base = str(tmp_path / "best")
    est.train(train_input(), steps=5)
    first = est.evaluate(eval_input())
    assert best.export(est, base, est.latest_checkpoint(), first, False) is not None
    worse = dict(first, loss=first["loss"] + 1.0)
    assert best.export(est, base, est.latest_checkpoint(), worse, False) is None
    better = dict(first, loss=first["loss"] / 2)
    assert best.export(est, base, est.latest_checkpoint(), better, False) is not None
    assert len(os.listdir(base)) == 2
    with pytest.raises(ValueError, match="no loss is found"):
        best.export(est, base, est.latest_checkpoint(), {"x": 1.0}, False)


def test_specs_validate():
    with pytest.raises(TypeError, match="`input_fn` must be callable"):
        tf.estimator.TrainSpec(input_fn=1)
    with pytest.raises(ValueError, match="Must specify max_steps > 0, given: 0"):
        tf.estimator.TrainSpec(train_input(), max_steps=0)
    with pytest.raises(TypeError, match="All hooks must be `SessionRunHook`"):
        tf.estimator.TrainSpec(train_input(), hooks=[1])
    spec = tf.estimator.EvalSpec(eval_input())
    assert (spec.steps, spec.start_delay_secs, spec.throttle_secs, spec.exporters) == \
        (100, 120, 600, ())
    with pytest.raises(ValueError, match="Must specify steps > 0"):
        tf.estimator.EvalSpec(eval_input(), steps=0)
    with pytest.raises(ValueError, match="throttle_secs >= 0"):
        tf.estimator.EvalSpec(eval_input(), throttle_secs=-1)
    with pytest.raises(TypeError, match="`name` must be string"):
        tf.estimator.EvalSpec(eval_input(), name=1)
    twice = tf.estimator.FinalExporter("x", receiver())
    with pytest.raises(ValueError, match="must have unique names"):
        tf.estimator.EvalSpec(eval_input(), exporters=[twice, twice])
    with pytest.raises(TypeError, match="`exporters` must be an Exporter"):
        tf.estimator.EvalSpec(eval_input(), exporters=[1])
    with pytest.raises(ValueError, match="must be a positive number"):
        tf.estimator.LatestExporter("l", receiver(), exports_to_keep=0)
    with pytest.raises(TypeError, match="`train_spec` must have type"):
        tf.estimator.train_and_evaluate(estimator("/tmp/unused_dir_fluxion"), 1, spec)
    with pytest.raises(TypeError, match="`estimator` must have type"):
        tf.estimator.train_and_evaluate(1, tf.estimator.TrainSpec(train_input()), spec)


# --- warm-starting -----------------------------------------------------------------------------
def test_warm_start_from_a_path(tmp_path):
    source = estimator(tmp_path / "source")
    source.train(train_input(), steps=30)
    kernel = source.get_variable_value("dense/kernel")
    target = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path / "target"),
                                    config=config(), params={"lr": 0.0},
                                    warm_start_from=source.model_dir)
    preds = next(target.predict(lambda: tf.data.Dataset.from_tensor_slices(
        {"x": X[:1]}).batch(1)))  # no checkpoint yet: predictions use the warm start
    expected = X[0] @ kernel[:, 0] + source.get_variable_value("dense/bias")[0]
    np.testing.assert_allclose(preds["y"], expected, rtol=1e-5)
    target.train(train_input(), steps=1)  # lr 0: the warm-started values are kept
    np.testing.assert_allclose(target.get_variable_value("dense/kernel"), kernel)
    assert target.get_variable_value("global_step") == 1  # non-trainable: not warm-started


def test_warm_start_settings(tmp_path):
    def renamed(features, labels, mode):
        layer = tf.keras.layers.Dense(1, kernel_initializer="zeros", name="other")
        pred = layer(features["x"])[:, 0]
        loss = v1.losses.mean_squared_error(labels, pred)
        train_op = v1.train.GradientDescentOptimizer(0.0).minimize(
            loss, v1.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                          predictions=pred)

    source = estimator(tmp_path / "source")
    source.train(train_input(), steps=10)
    settings = tf.estimator.WarmStartSettings(
        source.model_dir, vars_to_warm_start=".*kernel.*",
        var_name_to_prev_var_name={"other/kernel": "dense/kernel"})
    target = tf.estimator.Estimator(renamed, model_dir=str(tmp_path / "t"), config=config(),
                                    warm_start_from=settings)
    target.train(train_input(), steps=1)
    np.testing.assert_allclose(target.get_variable_value("other/kernel"),
                               source.get_variable_value("dense/kernel"))
    assert target.get_variable_value("other/bias")[0] == 0.0  # not selected
    bad = tf.estimator.WarmStartSettings(source.model_dir,
                                         var_name_to_prev_var_name={"nope": "dense/kernel"})
    with pytest.raises(ValueError, match="Tensor other/kernel is not found"):
        tf.estimator.Estimator(renamed, model_dir=str(tmp_path / "u"), config=config(),
                               warm_start_from=bad).train(train_input(), steps=1)
    unused = tf.estimator.WarmStartSettings(source.model_dir, vars_to_warm_start=None,
                                            var_name_to_prev_var_name={"nope": "x"})
    with pytest.raises(ValueError, match="were not used"):
        tf.estimator.Estimator(renamed, model_dir=str(tmp_path / "v"), config=config(),
                               warm_start_from=unused).train(train_input(), steps=1)
    with pytest.raises(ValueError, match="MUST be set"):
        tf.estimator.WarmStartSettings("")
    with pytest.raises(ValueError, match="must be a string or a WarmStartSettings"):
        tf.estimator.Estimator(renamed, warm_start_from=3)


def test_warm_start_vocabulary_remap(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("a\nb\nc\n")
    new.write_text("c\nz\na\n")

    def embed(features, labels, mode):
        table = tf.Variable(tf.ones([4, 2]) * 5.0, name="emb")
        pred = tf.reduce_sum(tf.gather(table, features), axis=1)
        loss = tf.reduce_mean(pred)
        train_op = v1.train.GradientDescentOptimizer(0.0).minimize(
            loss, v1.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    ids = lambda: (tf.constant([0, 1]), tf.constant([0.0, 0.0]))
    src = tf.estimator.Estimator(embed, model_dir=str(tmp_path / "s"), config=config())
    src.train(ids, steps=1)
    prev = tf.train.load_checkpoint(src.model_dir)
    assert "emb" in prev.get_variable_to_shape_map()
    table = np.arange(8, dtype=np.float32).reshape(4, 2)
    from fluxion.train import _ckpt_format
    _ckpt_format.write(str(tmp_path / "tbl"), {"emb": table}, [])
    info = tf.estimator.VocabInfo(str(new), 3, 1, str(old))
    settings = tf.estimator.WarmStartSettings(str(tmp_path / "tbl"), vars_to_warm_start=None,
                                              var_name_to_vocab_info={"emb": info})
    dst = tf.estimator.Estimator(embed, model_dir=str(tmp_path / "d"), config=config(),
                                 warm_start_from=settings)
    dst.train(ids, steps=1)
    np.testing.assert_array_equal(dst.get_variable_value("emb"),
                                  [[4, 5], [0, 0], [0, 1], [0, 0]])  # c, z (new), a, oov
    with pytest.raises(ValueError, match="supported values for the axis"):
        tf.estimator.VocabInfo(str(new), 3, 1, str(old), axis=2)


# --- Keras ------------------------------------------------------------------------------------
def keras_model():
    inputs = tf.keras.Input(shape=(3,), name="x")
    hidden = tf.keras.layers.Dense(6, activation="relu")(inputs)
    outputs = tf.keras.layers.Dense(2, activation="softmax")(hidden)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_model_to_estimator(tmp_path):
    model = keras_model()
    labels = (X[:, 0] > 0).astype(np.int64)
    est = tf.keras.estimator.model_to_estimator(keras_model=model,
                                                model_dir=str(tmp_path), config=config())
    rows = lambda: tf.data.Dataset.from_tensor_slices({"x": X[:4]}).batch(4)
    key = model.output_names[0]  # predictions are keyed by the output layer's name
    before = [p[key] for p in est.predict(rows)]  # the Keras model's own weights
    np.testing.assert_allclose(before, model.predict(X[:4], verbose=0), rtol=1e-5)
    data = lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, labels)).batch(8)
    est.train(lambda: data().repeat(), steps=40)
    results = est.evaluate(data)
    assert set(results) == {"accuracy", "loss", "global_step"}
    assert results["accuracy"] > 0.9 and results["global_step"] == 40
    np.testing.assert_allclose(model.predict(X[:4], verbose=0), before, rtol=1e-6)  # untouched
    path = est.export_saved_model(str(tmp_path / "e"),
                                  tf.estimator.export.build_raw_serving_input_receiver_fn(
                                      {"x": tf.constant(X[:1])}))
    out = tf.saved_model.load(path).signatures["serving_default"](x=tf.constant(X[:4]))
    np.testing.assert_allclose(out[key].numpy(), [p[key] for p in est.predict(rows)],
                               rtol=1e-5)


def test_model_to_estimator_errors(tmp_path):
    with pytest.raises(ValueError, match="Either `keras_model` or `keras_model_path`"):
        tf.keras.estimator.model_to_estimator()
    uncompiled = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="has not been compiled yet"):
        tf.keras.estimator.model_to_estimator(keras_model=uncompiled)
    with pytest.raises(ValueError, match="Unknown checkpoint format"):
        tf.keras.estimator.model_to_estimator(keras_model=keras_model(),
                                              checkpoint_format="h5")
