"""Canned estimators' model_fns, driven directly: each model_fn is traced once into a
`fluxion.function` and its train op run for a few steps. The linear model against
hand-computed outputs, TF's variable names and default optimizers, separable problems
learned, feature columns, weight_column, label_vocabulary, n_classes > 2 and regressors."""
from __future__ import annotations

import math

import numpy as np
import pytest

import fluxion as tf
from fluxion.estimator import ModeKeys
from fluxion.estimator.canned import optimizers
from fluxion.estimator.canned.dnn import DNNModel
from fluxion.estimator.canned.linear import LinearModel

fc = tf.feature_column
RNG = np.random.default_rng(3)


@pytest.fixture(autouse=True)
def _seeded():
    """Fixed initial weights: these tests train tiny models a few dozen steps (unseeded, an
    unlucky draw sometimes stalled one)."""
    tf.keras.utils.set_random_seed(1)


def fit(estimator, features, labels, steps):
    """Runs the TRAIN model_fn `steps` times (traced once); returns the last loss and the
    last predictions."""
    @tf.function
    def step(f, y):
        spec = estimator.model_fn(f, y, ModeKeys.TRAIN, None)
        return spec.loss, spec.predictions

    for _ in range(steps):
        loss, predictions = step(features, labels)
    return float(loss), {k: v.numpy() for k, v in predictions.items()}


def blobs(n=64, seed=0):
    """Two separable Gaussian blobs in 2-D, labels 0/1 (int64 [n, 1])."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=(n, 1))
    x = rng.normal(size=(n, 2)).astype(np.float32) * 0.5 + (y * 2.0 - 1.0) * 1.5
    return x.astype(np.float32), y.astype(np.int64)


def test_optimizer_names_defaults_and_errors():
    adagrad = optimizers.get_optimizer_instance_v2("Adagrad")
    assert isinstance(adagrad, tf.keras.optimizers.Adagrad)
    assert float(adagrad.learning_rate) == pytest.approx(0.001)  # the optimizer's default
    ftrl = optimizers.get_optimizer_instance_v2("Ftrl", learning_rate=0.2)
    assert float(ftrl.learning_rate) == pytest.approx(0.2)
    assert isinstance(optimizers.get_optimizer_instance_v2("RMSProp"),
                      tf.keras.optimizers.RMSprop)
    made = optimizers.get_optimizer_instance_v2(lambda: tf.keras.optimizers.SGD(0.3))
    assert float(made.learning_rate) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="Unsupported optimizer name: Nope"):
        optimizers.get_optimizer_instance_v2("Nope")
    with pytest.raises(ValueError, match="not a tf.keras.optimizers.Optimizer"):
        optimizers.get_optimizer_instance_v2(3)
    fresh = optimizers.fresh_optimizer(tf.keras.optimizers.Ftrl(
        0.1, l1_regularization_strength=0.01), None, "linear")
    assert fresh.name == "linear/Ftrl" and fresh.l1_regularization_strength == 0.01
    assert optimizers.linear_default_learning_rate(100) == pytest.approx(0.1)
    assert optimizers.linear_default_learning_rate(4) == pytest.approx(0.2)
    assert optimizers.linear_default_learning_rate(4, 0.005) == pytest.approx(0.005)


def _record_optimizers(monkeypatch) -> list:
    made = []
    real = optimizers.fresh_optimizer

    def spy(opt, learning_rate, scope):
        out = real(opt, learning_rate, scope)
        made.append((scope, type(out).__name__, float(out.learning_rate)))
        return out

    monkeypatch.setattr(optimizers, "fresh_optimizer", spy)
    return made


def test_default_optimizers_and_learning_rates(monkeypatch):
    made = _record_optimizers(monkeypatch)
    x, y = blobs(8)
    cols = [fc.numeric_column("a"), fc.numeric_column("b")]
    feats = {"a": tf.constant(x[:, 0]), "b": tf.constant(x[:, 1])}
    fit(tf.estimator.LinearClassifier(cols), feats, y, 1)
    fit(tf.estimator.LinearClassifier(cols, optimizer=None), feats, y, 1)
    fit(tf.estimator.DNNClassifier([3], cols), feats, y, 1)
    fit(tf.estimator.DNNLinearCombinedClassifier(
        linear_feature_columns=cols, dnn_feature_columns=cols, dnn_hidden_units=[3]),
        feats, y, 1)
    assert made == [("linear", "Ftrl", pytest.approx(0.2)),
                    ("linear", "Ftrl", pytest.approx(min(0.2, 1 / math.sqrt(2)))),
                    ("dnn", "Adagrad", pytest.approx(0.001)),
                    ("dnn", "Adagrad", pytest.approx(0.001)),
                    ("linear", "Ftrl", pytest.approx(0.005))]


def test_linear_model_against_hand_computed_outputs():
    num = fc.numeric_column("num", shape=(2,))
    buck = fc.bucketized_column(fc.numeric_column("age"), boundaries=[10.0, 20.0])
    cat = fc.categorical_column_with_vocabulary_list("cat", ["a", "b", "c"])
    features = {"num": tf.constant([[1.0, 2.0], [0.5, -1.0]]),
                "age": tf.constant([[5.0], [25.0]]),
                "cat": tf.constant([["a", "c"], ["b", ""]])}  # "" is a missing value
    outs = {}
    for combiner in ("sum", "mean", "sqrtn"):
        model = LinearModel([num, buck, cat], units=2, sparse_combiner=combiner,
                            name="linear/linear_model")
        model(features)
        w = model.feature_weights
        w["num"].assign(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
        w["age_bucketized"].assign(np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 1.0]], np.float32))
        w["cat"].assign(np.array([[10.0, 1.0], [20.0, 2.0], [30.0, 3.0]], np.float32))
        model.bias.assign(np.array([0.5, -0.5], np.float32))
        outs[combiner] = model(features).numpy()
    num_part = np.array([[7.0, 10.0], [-2.5, -3.0]])
    buck_part = np.array([[1.0, 0.0], [3.0, 1.0]])
    bias = np.array([0.5, -0.5])
    cats = {"sum": [[40.0, 4.0], [20.0, 2.0]], "mean": [[20.0, 2.0], [20.0, 2.0]],
            "sqrtn": [[40 / math.sqrt(2), 4 / math.sqrt(2)], [20.0, 2.0]]}
    for combiner, cat_part in cats.items():
        np.testing.assert_allclose(outs[combiner], num_part + buck_part + cat_part + bias,
                                   rtol=1e-6)
    paths = sorted(v.path for v in model.trainable_variables)
    assert paths == ["linear/linear_model/age_bucketized/weights",
                     "linear/linear_model/bias_weights", "linear/linear_model/cat/weights",
                     "linear/linear_model/num/weights"]
    with pytest.raises(ValueError, match="sparse_combiner"):
        LinearModel([num], sparse_combiner="max")


def test_dnn_variable_names_dropout_and_batch_norm_placement():
    cols = [fc.numeric_column("x", shape=(2,))]
    model = DNNModel(1, [4, 3], cols, dropout=0.5, batch_norm=True)
    x = {"x": tf.constant(RNG.normal(size=(16, 2)).astype(np.float32))}
    eval_a, eval_b = model(x, training=False).numpy(), model(x, training=False).numpy()
    np.testing.assert_array_equal(eval_a, eval_b)  # no dropout outside training
    moving = model._norms[0].moving_mean.numpy().copy()
    model(x, training=True)
    assert not np.allclose(model._norms[0].moving_mean.numpy(), moving)
    # momentum 0.999: the moving mean moves by 0.1% of the batch mean
    assert np.abs(model._norms[0].moving_mean.numpy()).max() < 0.01
    assert sorted(v.path for v in model.trainable_variables) == [
        "dnn/hiddenlayer_0/batchnorm_0/beta", "dnn/hiddenlayer_0/batchnorm_0/gamma",
        "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/kernel",
        "dnn/hiddenlayer_1/batchnorm_1/beta", "dnn/hiddenlayer_1/batchnorm_1/gamma",
        "dnn/hiddenlayer_1/bias", "dnn/hiddenlayer_1/kernel", "dnn/logits/bias",
        "dnn/logits/kernel"]


def test_linear_classifier_learns_a_separable_problem():
    x, y = blobs()
    est = tf.estimator.LinearClassifier([fc.numeric_column("x", shape=(2,))],
                                        optimizer=tf.keras.optimizers.Ftrl(0.5))
    loss, pred = fit(est, {"x": tf.constant(x)}, tf.constant(y), 40)
    assert loss < 0.1
    np.testing.assert_array_equal(pred["class_ids"], y)


def test_dnn_classifier_multi_class_with_label_vocabulary():
    rng = np.random.default_rng(1)
    ids = rng.integers(0, 3, size=60)
    centers = np.array([[2.0, 0.0], [-2.0, 2.0], [0.0, -2.0]], np.float32)
    x = (centers[ids] + rng.normal(size=(60, 2)) * 0.3).astype(np.float32)
    names = np.array(["red", "green", "blue"])
    est = tf.estimator.DNNClassifier([8], [fc.numeric_column("x", shape=(2,))], n_classes=3,
                                     label_vocabulary=["red", "green", "blue"],
                                     optimizer=tf.keras.optimizers.Adam(0.05))
    loss, pred = fit(est, {"x": tf.constant(x)}, tf.constant(names[ids].tolist()), 60)
    assert loss < 0.1
    np.testing.assert_array_equal(pred["class_ids"][:, 0], ids)
    assert pred["classes"][:3, 0].tolist() == [n.encode() for n in names[ids[:3]]]
    assert pred["probabilities"].shape == (60, 3)


def test_weight_column_zero_weights_do_not_train():
    x, y = blobs(48)
    noisy = 1 - y  # flipped labels, weighted 0: they must not move the model
    feats = {"x": tf.constant(np.concatenate([x, x])),
             "w": tf.constant(np.concatenate([np.ones(48), np.zeros(48)]).astype(np.float32))}
    est = tf.estimator.LinearClassifier([fc.numeric_column("x", shape=(2,))],
                                        weight_column="w",
                                        optimizer=tf.keras.optimizers.Ftrl(0.5))
    _, pred = fit(est, feats, tf.constant(np.concatenate([y, noisy])), 30)
    np.testing.assert_array_equal(pred["class_ids"][:48], y)


def test_wide_and_deep_with_categorical_feature_columns():
    rng = np.random.default_rng(2)
    n = 80
    color = rng.choice(["red", "green", "blue"], size=n)
    age = rng.uniform(0, 60, size=n).astype(np.float32)
    y = ((color == "red") ^ (age > 30)).astype(np.int64)[:, None]
    color_col = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
    age_col = fc.numeric_column("age")
    est = tf.estimator.DNNLinearCombinedClassifier(
        linear_feature_columns=[color_col, fc.bucketized_column(age_col, [30.0])],
        dnn_feature_columns=[fc.embedding_column(color_col, 2),
                             fc.numeric_column("age", normalizer_fn=lambda a: a / 60.0)],
        dnn_hidden_units=[8], dnn_optimizer=tf.keras.optimizers.Adam(0.05),
        linear_optimizer=tf.keras.optimizers.Ftrl(0.3))
    feats = {"color": tf.constant(color.tolist()), "age": tf.constant(age)}
    loss, pred = fit(est, feats, tf.constant(y), 80)
    assert loss < 0.2
    assert (pred["class_ids"] == y).mean() >= 0.95


def test_regressors_learn_linear_targets():
    rng = np.random.default_rng(4)
    x = rng.uniform(-1, 1, size=(50, 1)).astype(np.float32)
    y = 2.0 * x + 1.0
    lin = tf.estimator.LinearRegressor([fc.numeric_column("x")],
                                       optimizer=tf.keras.optimizers.SGD(0.5))
    loss, pred = fit(lin, {"x": tf.constant(x)}, tf.constant(y), 60)
    assert loss < 1e-3
    np.testing.assert_allclose(pred["predictions"], y, atol=0.05)
    y2 = np.concatenate([y, -x], axis=1)
    dnn = tf.estimator.DNNRegressor([8], [fc.numeric_column("x")], label_dimension=2,
                                    optimizer=tf.keras.optimizers.Adam(0.05))
    loss2, pred2 = fit(dnn, {"x": tf.constant(x)}, tf.constant(y2), 80)
    assert loss2 < 0.05 and pred2["predictions"].shape == (50, 2)


def test_model_fn_errors():
    cols = [fc.numeric_column("x")]
    est = tf.estimator.DNNClassifier([2], cols)
    with pytest.raises(ValueError, match="features should be a dictionary"):
        est.model_fn(tf.constant([[1.0]]), None, ModeKeys.PREDICT, None)
    with pytest.raises(ValueError, match="Either linear_feature_columns or dnn_feature"):
        tf.estimator.DNNLinearCombinedClassifier()
    combined = tf.estimator.DNNLinearCombinedRegressor(dnn_feature_columns=cols)
    with pytest.raises(ValueError, match="dnn_hidden_units must be defined"):
        combined.model_fn({"x": tf.constant([[1.0]])}, None, ModeKeys.PREDICT, None)
    with pytest.raises(ValueError, match="n_classes must be > 2"):
        tf.estimator.LinearClassifier(cols, n_classes=1)
