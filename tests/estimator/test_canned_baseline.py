"""Baseline estimators (`tf.estimator.BaselineClassifier`, `BaselineRegressor`,
`BaselineEstimator`): bias-only models whose predictions approach the (weighted) label
frequencies / means, TF's variable name, learning rate, metric keys, export and errors."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.estimator.canned import baseline as baseline_lib

BINARY_EVAL_KEYS = ["accuracy", "accuracy_baseline", "auc", "auc_precision_recall",
                    "average_loss", "global_step", "label/mean", "loss", "precision",
                    "prediction/mean", "recall"]
RNG = np.random.default_rng(11)


@pytest.fixture(autouse=True)
def _seeded():
    tf.keras.utils.set_random_seed(1)


def input_fn(features, labels=None, batch=40, repeat=False):
    def make():
        data = features if labels is None else (features, labels)
        ds = tf.data.Dataset.from_tensor_slices(data)
        return (ds.repeat() if repeat else ds).batch(batch)
    return make


def binary_data():
    """20 positives of weight 2 and 20 negatives of weight 1: weighted positive rate 2/3."""
    y = np.array([1] * 20 + [0] * 20, np.int64)[:, None]
    w = np.where(y[:, 0] == 1, 2.0, 1.0).astype(np.float32)
    x = RNG.normal(size=40).astype(np.float32)
    return {"x": x, "w": w}, y


def test_binary_classifier_learns_weighted_label_frequency(tmp_path):
    features, y = binary_data()
    clf = tf.estimator.BaselineClassifier(model_dir=str(tmp_path), weight_column="w")
    clf.train(input_fn(features, y, repeat=True), steps=60)
    assert "baseline/bias" in clf.get_variable_names()
    bias = clf.get_variable_value("baseline/bias")
    assert bias.shape == (1,)
    np.testing.assert_allclose(bias, [np.log(2.0)], atol=0.02)  # sigmoid(b) = 2/3
    got = clf.evaluate(input_fn(features, y))
    assert sorted(got) == BINARY_EVAL_KEYS
    assert got["global_step"] == 60
    assert got["label/mean"] == pytest.approx(2 / 3, abs=1e-5)
    assert got["prediction/mean"] == pytest.approx(2 / 3, abs=5e-3)
    # every example gets the same prediction, whatever its features
    preds = list(clf.predict(input_fn({"x": np.array([-5.0, 0.0, 7.0], np.float32)})))
    probs = np.stack([p["probabilities"] for p in preds])
    np.testing.assert_allclose(probs, [[1 / 3, 2 / 3]] * 3, atol=5e-3)
    assert [p["class_ids"][0] for p in preds] == [1, 1, 1]


def test_multi_class_with_vocabulary_learns_frequencies(tmp_path):
    labels = np.array(["a"] * 6 + ["b"] * 3 + ["c"] * 1)
    y = np.tile(labels, 4)[:, None]
    features = {"x": RNG.normal(size=(40, 3)).astype(np.float32)}
    clf = tf.estimator.BaselineClassifier(model_dir=str(tmp_path), n_classes=3,
                                          label_vocabulary=["a", "b", "c"])
    clf.train(input_fn(features, tf.constant(y.tolist()), repeat=True), steps=150)
    assert clf.get_variable_value("baseline/bias").shape == (3,)
    got = clf.evaluate(input_fn(features, tf.constant(y.tolist())))
    assert sorted(got) == ["accuracy", "average_loss", "global_step", "loss"]
    assert got["accuracy"] == pytest.approx(0.6)
    expected_loss = -(0.6 * np.log(0.6) + 0.3 * np.log(0.3) + 0.1 * np.log(0.1))
    assert got["average_loss"] == pytest.approx(expected_loss, abs=0.02)
    pred = next(iter(clf.predict(input_fn({"x": features["x"][:2]}))))
    np.testing.assert_allclose(pred["probabilities"], [0.6, 0.3, 0.1], atol=0.03)
    assert pred["classes"][0] == b"a"


def test_regressor_learns_label_mean_per_dimension(tmp_path):
    y = np.stack([RNG.normal(3.0, 1.0, 40), RNG.normal(-1.0, 0.5, 40)], 1).astype(np.float32)
    features = {"x": RNG.normal(size=40).astype(np.float32)}
    reg = tf.estimator.BaselineRegressor(model_dir=str(tmp_path), label_dimension=2,
                                         optimizer=tf.keras.optimizers.Ftrl(1.0))
    reg.train(input_fn(features, y, repeat=True), steps=200)
    got = reg.evaluate(input_fn(features, y))
    assert sorted(got) == ["average_loss", "global_step", "label/mean", "loss",
                           "prediction/mean"]
    pred = next(iter(reg.predict(input_fn({"x": features["x"][:1]}))))["predictions"]
    np.testing.assert_allclose(pred, y.mean(0), atol=0.05)
    assert got["average_loss"] == pytest.approx(float(y.var(0).mean()), rel=0.02)


def test_default_optimizer_is_ftrl_with_rate_0_3(tmp_path, monkeypatch):
    made = []
    real = baseline_lib.optimizers.fresh_optimizer

    def spy(opt, learning_rate, scope):
        out = real(opt, learning_rate, scope)
        made.append((scope, type(out).__name__, float(out.learning_rate)))
        return out

    monkeypatch.setattr(baseline_lib.optimizers, "fresh_optimizer", spy)
    y = np.full((8, 1), 2.0, np.float32)
    reg = tf.estimator.BaselineRegressor(model_dir=str(tmp_path))
    reg.train(input_fn({"x": np.zeros(8, np.float32)}, y, batch=8), steps=1)
    assert made and made[0] == ("baseline", "Ftrl", pytest.approx(0.3))
    reg2 = tf.estimator.BaselineRegressor(model_dir=str(tmp_path / "b"), optimizer="SGD")
    reg2.train(input_fn({"x": np.zeros(8, np.float32)}, y, batch=8), steps=1)
    assert made[-1] == ("baseline", "SGD", pytest.approx(0.3))
    # one SGD step on mean squared error from 0: bias = 0.3 * 2 * 2.0
    np.testing.assert_allclose(reg2.get_variable_value("baseline/bias"), [1.2], rtol=1e-5)


def test_baseline_estimator_with_head_and_export(tmp_path):
    y = np.full((16, 1), 4.0, np.float32)
    est = tf.estimator.BaselineEstimator(tf.estimator.RegressionHead(),
                                         model_dir=str(tmp_path / "m"), optimizer="SGD")
    est.train(input_fn({"x": np.zeros(16, np.float32)}, y, batch=16, repeat=True), steps=40)
    np.testing.assert_allclose(est.get_variable_value("baseline/bias"), [4.0], atol=1e-3)
    spec = {"x": tf.io.FixedLenFeature([1], tf.float32)}
    receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
    path = est.export_saved_model(str(tmp_path / "export"), receiver)
    loaded = tf.saved_model.load(path)
    T = tf.train
    examples = tf.constant([T.Example(features=T.Features(feature={"x": T.Feature(
        float_list=T.FloatList(value=[float(v)]))})).SerializeToString() for v in range(3)])
    served = np.asarray(loaded.signatures["regression"](inputs=examples)["outputs"])
    np.testing.assert_allclose(served.reshape(-1), [4.0] * 3, atol=1e-3)


def test_serving_does_not_need_the_weight_column(tmp_path):
    features, y = binary_data()
    clf = tf.estimator.BaselineClassifier(model_dir=str(tmp_path / "m"), weight_column="w")
    clf.train(input_fn(features, y), steps=2)
    receiver = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.constant([0.0, 1.0])})
    path = clf.export_saved_model(str(tmp_path / "export"), receiver)
    loaded = tf.saved_model.load(path)
    out = loaded.signatures["predict"](x=tf.constant([1.0, 2.0, 3.0]))
    assert np.asarray(out["probabilities"]).shape == (3, 2)


def test_errors():
    with pytest.raises(ValueError):
        tf.estimator.BaselineClassifier(n_classes=1)
    with pytest.raises(TypeError, match="Weight column must be"):
        baseline_lib.baseline_logits({"x": tf.zeros([2])}, 1, weight_column=3)
    with pytest.raises(ValueError, match="features is empty"):
        baseline_lib.baseline_logits({}, 1)
    with pytest.raises(ValueError, match="features is empty"):  # only the weight column
        baseline_lib.baseline_logits({"w": tf.ones([2])}, 1, weight_column="w")
    with pytest.raises(tf.errors.InvalidArgumentError):
        baseline_lib.baseline_logits({"a": tf.zeros([2]), "b": tf.zeros([3])}, 1)
    # the weight column's batch size is not checked
    logits, variables = baseline_lib.baseline_logits(
        {"a": tf.zeros([2, 5]), "w": tf.ones([3])}, 4, weight_column="w")
    assert logits.shape == (2, 4) and variables[0].shape == (4,)


def test_batch_size_checked_in_graph():
    @tf.function(input_signature=[tf.TensorSpec([None]), tf.TensorSpec([None, 2])])
    def logits(a, b):
        return baseline_lib.baseline_logits({"a": a, "b": b}, 2)[0]

    assert logits(tf.zeros([3]), tf.zeros([3, 2])).shape == (3, 2)
    with pytest.raises(tf.errors.InvalidArgumentError):
        logits(tf.zeros([3]), tf.zeros([4, 2]))
