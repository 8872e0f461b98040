"""Canned estimators end to end through `tf.estimator.Estimator`: train -> evaluate ->
predict -> resume -> export -> reload, with TF's metric keys and values checked against
NumPy computations on the estimator's own predictions."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import fluxion as tf

fc = tf.feature_column

BINARY_EVAL_KEYS = ["accuracy", "accuracy_baseline", "auc", "auc_precision_recall",
                    "average_loss", "global_step", "label/mean", "loss", "precision",
                    "prediction/mean", "recall"]


def census_like(n=96, seed=0):
    """A small mixed numeric + categorical problem: y = (color is red) xor (age > 30)."""
    rng = np.random.default_rng(seed)
    color = rng.choice(["red", "green", "blue"], size=n)
    age = rng.uniform(18, 60, size=n).astype(np.float32)
    weight = rng.uniform(0.5, 2.0, size=n).astype(np.float32)
    y = ((color == "red") ^ (age > 30)).astype(np.int64)
    return {"color": color, "age": age, "w": weight}, y


def as_tensors(features):
    return {k: tf.constant(v.tolist()) if v.dtype.kind == "U" else tf.constant(v)
            for k, v in features.items()}


def input_fn(features, labels=None, batch=32, repeat=False):
    def make():
        data = as_tensors(features) if labels is None else \
            (as_tensors(features), tf.constant(labels[:, None]))
        ds = tf.data.Dataset.from_tensor_slices(data)
        return (ds.repeat() if repeat else ds).batch(batch)
    return make


def wide_and_deep(model_dir, **kwargs):
    color = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
    age = fc.numeric_column("age")
    return tf.estimator.DNNLinearCombinedClassifier(
        model_dir=model_dir,
        linear_feature_columns=[color, fc.bucketized_column(age, [30.0])],
        linear_optimizer=tf.keras.optimizers.Ftrl(0.3),
        dnn_feature_columns=[fc.embedding_column(color, 2),
                             fc.numeric_column("age", normalizer_fn=lambda a: a / 60.0)],
        dnn_hidden_units=[8], dnn_optimizer=tf.keras.optimizers.Adam(0.05),
        weight_column="w", **kwargs)


def test_wide_and_deep_train_evaluate_predict_and_resume(tmp_path):
    features, y = census_like()
    est = wide_and_deep(str(tmp_path), config=tf.estimator.RunConfig(tf_random_seed=1))
    est.train(input_fn(features, y, repeat=True), steps=150)
    metrics = est.evaluate(input_fn(features, y, batch=48))
    assert sorted(metrics) == BINARY_EVAL_KEYS
    assert metrics["global_step"] == 150
    predictions = list(est.predict(input_fn(features)))
    assert len(predictions) == len(y)
    assert sorted(predictions[0]) == ["all_class_ids", "all_classes", "class_ids", "classes",
                                      "logistic", "logits", "probabilities"]
    p = np.array([float(np.asarray(r["logistic"]).reshape(-1)[0]) for r in predictions])
    ids = np.array([int(np.asarray(r["class_ids"]).reshape(-1)[0]) for r in predictions])
    w = features["w"].astype(np.float64)
    label_mean = (w * y).sum() / w.sum()
    assert metrics["accuracy"] == pytest.approx((w * (ids == y)).sum() / w.sum(), rel=1e-5)
    assert metrics["accuracy"] >= 0.95
    assert metrics["label/mean"] == pytest.approx(label_mean, rel=1e-5)
    assert metrics["accuracy_baseline"] == pytest.approx(max(label_mean, 1 - label_mean),
                                                         rel=1e-5)
    assert metrics["prediction/mean"] == pytest.approx((w * p).sum() / w.sum(), rel=1e-4)
    tp, fp = (w * (ids == 1) * (y == 1)).sum(), (w * (ids == 1) * (y == 0)).sum()
    fn = (w * (ids == 0) * (y == 1)).sum()
    assert metrics["precision"] == pytest.approx(tp / (tp + fp), rel=1e-5)
    assert metrics["recall"] == pytest.approx(tp / (tp + fn), rel=1e-5)
    pair = w[y == 1][:, None] * w[y == 0][None, :]
    diff = p[y == 1][:, None] - p[y == 0][None, :]
    auc = (pair * ((diff > 0) + 0.5 * (diff == 0))).sum() / pair.sum()
    assert metrics["auc"] == pytest.approx(auc, abs=0.02)  # 200 thresholds, interpolated
    # from the logits (as the head computes it): the probabilities round to 1.0 in float32
    z = np.array([float(np.asarray(r["logits"]).reshape(-1)[0]) for r in predictions])
    xent = np.logaddexp(0.0, z) - y * z
    assert metrics["average_loss"] == pytest.approx((w * xent).sum() / w.sum(), rel=1e-3)
    # the loss is the mean over the two batches of sum(w * xent) / batch size
    halves = [(w[i:i + 48] * xent[i:i + 48]).sum() / 48 for i in (0, 48)]
    assert metrics["loss"] == pytest.approx(np.mean(halves), rel=1e-3)
    names = est.get_variable_names()
    for name in ("linear/linear_model/color/weights", "linear/linear_model/bias_weights",
                 "dnn/hiddenlayer_0/kernel", "dnn/logits/bias", "global_step",
                 ("dnn/input_from_feature_columns/input_layer/color_embedding/"
                  "embedding_weights")):
        assert name in names
    est.train(input_fn(features, y, repeat=True), steps=5)  # resumes from the checkpoint
    assert est.get_variable_value("global_step") == 155


def test_regressor_and_multi_class_eval_keys(tmp_path):
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, size=64).astype(np.float32)
    y = (3.0 * x - 1.0).astype(np.float32)
    reg = tf.estimator.LinearRegressor([fc.numeric_column("x")], model_dir=str(tmp_path / "r"),
                                       optimizer=tf.keras.optimizers.SGD(0.3))
    reg.train(input_fn({"x": x}, y, repeat=True), steps=80)
    metrics = reg.evaluate(input_fn({"x": x}, y, batch=64))
    assert sorted(metrics) == ["average_loss", "global_step", "label/mean", "loss",
                               "prediction/mean"]
    preds = np.array([float(np.asarray(r["predictions"])[0])
                      for r in reg.predict(input_fn({"x": x}))])
    assert metrics["average_loss"] == pytest.approx(((preds - y) ** 2).mean(), rel=1e-4)
    assert metrics["prediction/mean"] == pytest.approx(preds.mean(), rel=1e-4, abs=1e-6)
    assert metrics["label/mean"] == pytest.approx(y.mean(), rel=1e-5)
    assert metrics["average_loss"] < 1e-3
    ids = rng.integers(0, 3, size=60)
    pts = (np.array([[2.0, 0.0], [-2.0, 2.0], [0.0, -2.0]])[ids] +
           rng.normal(size=(60, 2)) * 0.3).astype(np.float32)
    clf = tf.estimator.DNNClassifier([8], [fc.numeric_column("p", shape=(2,))], n_classes=3,
                                     model_dir=str(tmp_path / "c"),
                                     optimizer=tf.keras.optimizers.Adam(0.05))
    clf.train(input_fn({"p": pts}, ids, repeat=True), steps=60)
    got = clf.evaluate(input_fn({"p": pts}, ids, batch=60))
    assert sorted(got) == ["accuracy", "average_loss", "global_step", "loss"]
    assert got["accuracy"] == 1.0 and got["global_step"] == 60


def test_regressor_export_reload_and_serve_examples(tmp_path):
    rng = np.random.default_rng(6)
    x = rng.uniform(-1, 1, size=32).astype(np.float32)
    reg = tf.estimator.DNNRegressor([4], [fc.numeric_column("x")], model_dir=str(tmp_path / "m"))
    reg.train(input_fn({"x": x}, 2.0 * x, repeat=True), steps=3)
    spec = fc.make_parse_example_spec([fc.numeric_column("x")])
    receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
    path = reg.export_saved_model(str(tmp_path / "export"), receiver)
    assert isinstance(path, bytes)
    loaded = tf.saved_model.load(path)
    assert sorted(loaded.signatures) == ["predict", "regression", "serving_default"]
    T = tf.train
    examples = tf.constant([T.Example(features=T.Features(feature={"x": T.Feature(
        float_list=T.FloatList(value=[float(v)]))})).SerializeToString() for v in x[:5]])
    served = np.asarray(loaded.signatures["regression"](inputs=examples)["outputs"])
    direct = [np.asarray(p["predictions"]) for p in reg.predict(input_fn({"x": x[:5]}))]
    np.testing.assert_allclose(served.reshape(-1), np.concatenate(direct), rtol=1e-6)
    predicted = loaded.signatures["predict"](examples=examples)
    assert sorted(predicted) == ["predictions"]


@pytest.fixture
def two_cpus():
    from fluxion import config as fconfig

    def split():
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(2)])

    fconfig._reset_logical_devices()
    yield split
    fconfig._reset_logical_devices()


def test_wide_and_deep_two_replicas_match_one(tmp_path, two_cpus):
    rs = np.random.RandomState(3)
    x = rs.randn(48, 4).astype(np.float32)
    y = (x[:, 0] - x[:, 1] > 0).astype(np.int64)
    cols = [fc.numeric_column("x", shape=(4,))]

    def train(replicas: int) -> dict:
        strategy = tf.distribute.MirroredStrategy() if replicas > 1 else None
        config = tf.estimator.RunConfig(train_distribute=strategy, tf_random_seed=1,
                                        log_step_count_steps=None)
        est = tf.estimator.DNNLinearCombinedClassifier(
            model_dir=str(tmp_path / f"r{replicas}"), config=config,
            linear_feature_columns=cols, linear_optimizer=tf.keras.optimizers.Ftrl(0.1),
            dnn_feature_columns=cols, dnn_hidden_units=[5],
            dnn_optimizer=tf.keras.optimizers.SGD(0.5))
        # per-replica batches: two replicas take two batches of 6 per step
        est.train(lambda input_context=None: tf.data.Dataset.from_tensor_slices(
            ({"x": x}, y)).batch(12 // replicas), steps=4)
        return {n: est.get_variable_value(n) for n in est.get_variable_names()}

    one = train(1)
    two_cpus()
    two = train(2)
    assert sorted(one) == sorted(two) and one["global_step"] == two["global_step"] == 4
    for name in one:
        np.testing.assert_allclose(two[name], one[name], rtol=1e-5, atol=1e-6, err_msg=name)


def test_warm_start_from_and_predict_keys(tmp_path):
    rng = np.random.default_rng(8)
    x = rng.normal(size=(32, 2)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    cols = [fc.numeric_column("x", shape=(2,))]
    first = tf.estimator.LinearClassifier(cols, model_dir=str(tmp_path / "a"))
    first.train(input_fn({"x": x}, y, batch=16, repeat=True), steps=10)
    second = tf.estimator.LinearClassifier(cols, model_dir=str(tmp_path / "b"),
                                           optimizer=tf.keras.optimizers.SGD(0.0),
                                           warm_start_from=str(tmp_path / "a"))
    second.train(input_fn({"x": x}, y, batch=16, repeat=True), steps=1)
    for name in ("linear/linear_model/x/weights", "linear/linear_model/bias_weights"):
        np.testing.assert_array_equal(second.get_variable_value(name),
                                      first.get_variable_value(name))
    rows = list(second.predict(input_fn({"x": x[:3]}), predict_keys=["probabilities"]))
    assert [sorted(r) for r in rows] == [["probabilities"]] * 3


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # divide_no_nan's 0/0, run eagerly
def test_linear_classifier_with_crossed_and_hashed_columns(tmp_path):
    # hashing and crossing are graph ops: the model_fn traces (no eager fallback warning)
    rng = np.random.default_rng(0)
    a, b = rng.choice(["x", "y"], size=32), rng.choice(["p", "q"], size=32)
    y = ((a == "x") ^ (b == "p")).astype(np.int64)  # only the cross separates the classes
    cols = [fc.crossed_column(["a", "b"], 8), fc.categorical_column_with_hash_bucket("a", 5)]
    est = tf.estimator.LinearClassifier(cols, model_dir=str(tmp_path),
                                        optimizer=tf.keras.optimizers.Ftrl(0.5))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # an eager fallback would warn
        est.train(input_fn({"a": a, "b": b}, y, batch=16, repeat=True), steps=30)
        metrics = est.evaluate(input_fn({"a": a, "b": b}, y, batch=32))
    assert metrics["accuracy"] == 1.0
    assert "linear/linear_model/a_X_b/weights" in est.get_variable_names()
