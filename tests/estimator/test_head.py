"""Canned heads: losses, metrics and predictions against NumPy computations of TF's formulas,
metric and prediction keys, export outputs, weights, label vocabularies and errors."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.estimator import ModeKeys
from fluxion.estimator.canned import BinaryClassHead, MultiClassHead, RegressionHead
from fluxion.estimator.export import ClassificationOutput, PredictOutput, RegressionOutput

RNG = np.random.default_rng(7)

BINARY_KEYS = ["accuracy", "accuracy_baseline", "auc", "auc_precision_recall", "average_loss",
               "label/mean", "precision", "prediction/mean", "recall"]


def results(metrics: dict) -> dict:
    return {k: float(m.result()) for k, m in metrics.items()}


def sigmoid_xent(labels, logits):
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))


def exact_auc(labels, scores, weights):
    """Weighted ROC AUC: P(score_pos > score_neg) + 0.5 P(equal)."""
    pos, neg = labels > 0.5, labels <= 0.5
    diff = scores[pos][:, None] - scores[neg][None, :]
    pair_w = weights[pos][:, None] * weights[neg][None, :]
    wins = (diff > 0) + 0.5 * (diff == 0)
    return float((wins * pair_w).sum() / pair_w.sum())


def test_binary_head_matches_tf_docstring_example():
    # the values TF's BinaryClassHead docstring prints for these logits and labels
    head = BinaryClassHead()
    logits = np.array([[45.0], [-41.0]], np.float32)
    labels = np.array([[1], [1]], np.int32)
    assert float(head.loss(labels, logits, features={"x": np.array([[42.0]])})) == 20.5
    got = results(head.update_metrics(head.metrics(), {}, logits, labels))
    assert sorted(got) == BINARY_KEYS
    expected = {"accuracy": 0.5, "accuracy_baseline": 1.0, "auc": 0.0,
                "auc_precision_recall": 1.0, "average_loss": 20.5, "label/mean": 1.0,
                "precision": 1.0, "prediction/mean": 0.5, "recall": 0.5}
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-6), key


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum"])
def test_binary_weighted_loss_and_metrics_against_numpy(reduction):
    n = 40
    logits = RNG.normal(size=(n, 1)).astype(np.float32) * 2
    labels = (RNG.random((n, 1)) < 0.4).astype(np.float32)
    w = RNG.uniform(0.0, 3.0, size=n).astype(np.float32)
    head = BinaryClassHead(weight_column="w", loss_reduction=reduction)
    features = {"w": w}
    per = sigmoid_xent(labels[:, 0], logits[:, 0].astype(np.float64))
    loss = float(head.loss(labels[:, 0], logits, features=features))
    want = (per * w).sum() / (n if reduction == "sum_over_batch_size" else 1)
    assert loss == pytest.approx(want, rel=1e-5)
    got = results(head.update_metrics(head.metrics(), features, logits, labels))
    logistic = 1 / (1 + np.exp(-logits[:, 0].astype(np.float64)))
    pred = (logits[:, 0] > 0).astype(np.float64)
    y = labels[:, 0]
    tp, fp = (w * pred * y).sum(), (w * pred * (1 - y)).sum()
    fn = (w * (1 - pred) * y).sum()
    label_mean = (w * y).sum() / w.sum()
    assert got["average_loss"] == pytest.approx((per * w).sum() / w.sum(), rel=1e-5)
    assert got["accuracy"] == pytest.approx((w * (pred == y)).sum() / w.sum(), rel=1e-5)
    assert got["precision"] == pytest.approx(tp / (tp + fp), rel=1e-5)
    assert got["recall"] == pytest.approx(tp / (tp + fn), rel=1e-5)
    assert got["label/mean"] == pytest.approx(label_mean, rel=1e-5)
    assert got["prediction/mean"] == pytest.approx((w * logistic).sum() / w.sum(), rel=1e-5)
    assert got["accuracy_baseline"] == pytest.approx(max(label_mean, 1 - label_mean), rel=1e-5)
    assert got["auc"] == pytest.approx(exact_auc(y, logistic, w), abs=0.02)


def test_binary_predictions_keys_dtypes_and_values():
    head = BinaryClassHead()
    logits = np.array([[1.5], [-0.5], [0.0]], np.float32)
    p = head.predictions(logits)
    assert list(p) == ["logits", "logistic", "probabilities", "class_ids", "classes",
                       "all_class_ids", "all_classes"]
    logistic = 1 / (1 + np.exp(-logits))
    np.testing.assert_allclose(p["logistic"].numpy(), logistic, rtol=1e-6)
    np.testing.assert_allclose(p["probabilities"].numpy(),
                               np.concatenate([1 - logistic, logistic], 1), rtol=1e-6)
    assert p["class_ids"].dtype == tf.int64 and p["class_ids"].numpy().tolist() == [[1], [0], [0]]
    assert p["classes"].numpy().tolist() == [[b"1"], [b"0"], [b"0"]]
    assert p["all_class_ids"].dtype == tf.int32
    assert p["all_class_ids"].numpy().tolist() == [[0, 1]] * 3
    assert p["all_classes"].numpy().tolist() == [[b"0", b"1"]] * 3
    only = head.predictions(logits, keys=["logistic"])
    assert list(only) == ["logistic"]
    with pytest.raises(ValueError, match="Prediction key must be in PredictionKeys"):
        head.predictions(logits, keys=["scores"])


def test_binary_label_vocabulary_and_thresholds():
    head = BinaryClassHead(label_vocabulary=["no", "yes"], thresholds=[0.3, 0.7])
    logits = np.array([[2.0], [-2.0], [0.1]], np.float32)
    labels = tf.constant([["yes"], ["no"], ["no"]])
    got = results(head.update_metrics(head.metrics(), {}, logits, labels))
    assert got["accuracy"] == pytest.approx(2 / 3)
    assert got["label/mean"] == pytest.approx(1 / 3)
    # logistic = [0.88, 0.12, 0.525]: at 0.7 every example is right
    assert got["accuracy/positive_threshold_0.7"] == pytest.approx(1.0)
    assert got["precision/positive_threshold_0.3"] == pytest.approx(0.5)
    assert got["recall/positive_threshold_0.3"] == pytest.approx(1.0)
    classes = head.predictions(logits)["classes"].numpy().tolist()
    assert classes == [[b"yes"], [b"no"], [b"yes"]]
    with pytest.raises(ValueError, match="Labels must be >= 0"):
        head.loss(tf.constant([["maybe"]]), np.array([[0.0]], np.float32))
    with pytest.raises(ValueError, match="thresholds not in"):
        BinaryClassHead(thresholds=[1.0])
    with pytest.raises(ValueError, match="label_vocabulary should be a list or a tuple"):
        BinaryClassHead(label_vocabulary="ab")


def test_multi_class_loss_metrics_and_predictions():
    n, k = 30, 4
    logits = RNG.normal(size=(n, k)).astype(np.float32)
    labels = RNG.integers(0, k, size=(n, 1)).astype(np.int64)
    w = RNG.uniform(0.5, 2.0, size=(n, 1)).astype(np.float32)
    head = MultiClassHead(k, weight_column="w")
    z = logits.astype(np.float64) - logits.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    per = -logp[np.arange(n), labels[:, 0]]
    features = {"w": w}
    assert float(head.loss(labels, logits, features)) == pytest.approx(
        (per * w[:, 0]).sum() / n, rel=1e-5)
    got = results(head.update_metrics(head.metrics(), features, logits, labels))
    assert sorted(got) == ["accuracy", "average_loss"]
    hit = logits.argmax(1) == labels[:, 0]
    assert got["accuracy"] == pytest.approx((w[:, 0] * hit).sum() / w.sum(), rel=1e-5)
    assert got["average_loss"] == pytest.approx((per * w[:, 0]).sum() / w.sum(), rel=1e-5)
    p = head.predictions(logits)
    assert list(p) == ["logits", "probabilities", "class_ids", "classes", "all_class_ids",
                       "all_classes"]
    np.testing.assert_allclose(p["probabilities"].numpy(), np.exp(logp), rtol=1e-5)
    assert p["class_ids"].numpy()[:, 0].tolist() == logits.argmax(1).tolist()
    assert p["classes"].numpy()[0, 0] == str(logits[0].argmax()).encode()


def test_multi_class_vocabulary_and_validation():
    head = MultiClassHead(3, label_vocabulary=["a", "b", "c"])
    logits = np.array([[3.0, 0, 0], [0, 0, 3.0]], np.float32)
    got = results(head.update_metrics(head.metrics(), {}, logits, tf.constant(["a", "b"])))
    assert got["accuracy"] == 0.5
    assert head.predictions(logits)["classes"].numpy().tolist() == [[b"a"], [b"c"]]
    with pytest.raises(ValueError, match="n_classes must be > 2"):
        MultiClassHead(2)
    with pytest.raises(ValueError, match='does not have "n_classes" items'):
        MultiClassHead(3, label_vocabulary=["a", "b"])
    with pytest.raises(ValueError, match="Labels dtype should be integer"):
        MultiClassHead(3).loss(np.array([[1.0]], np.float32), logits[:1])
    with pytest.raises(ValueError, match="should be string if there is a vocabulary"):
        head.loss(np.array([[1]]), logits[:1])
    with pytest.raises(ValueError, match="Labels must be <= 3 - 1"):
        MultiClassHead(3).loss(np.array([[3]]), logits[:1])


def test_regression_head_docstring_example_and_label_dimension():
    head = RegressionHead()
    logits = np.array([[45.0], [41.0]], np.float32)
    labels = np.array([[43.0], [44.0]], np.float32)
    assert float(head.loss(labels, logits)) == pytest.approx(6.5)
    got = results(head.update_metrics(head.metrics(), {}, logits, labels))
    assert got == pytest.approx({"average_loss": 6.5, "label/mean": 43.5,
                                 "prediction/mean": 43.0})
    head2 = RegressionHead(label_dimension=2, weight_column="w")
    logits2 = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    labels2 = np.array([[0.0, 2.0], [1.0, 1.0]], np.float32)
    w = np.array([[1.0, 0.0], [2.0, 1.0]], np.float32)  # per-logit weights are allowed
    sq = (logits2 - labels2) ** 2
    assert float(head2.loss(labels2, logits2, {"w": w})) == pytest.approx((sq * w).sum() / 4)
    got2 = results(head2.update_metrics(head2.metrics(), {"w": w}, logits2, labels2))
    assert got2["average_loss"] == pytest.approx((sq * w).sum() / w.sum())
    assert got2["prediction/mean"] == pytest.approx((logits2 * w).sum() / w.sum())
    linked = RegressionHead(inverse_link_fn=tf.exp).predictions(logits)
    assert sorted(linked) == ["logits", "predictions"]
    np.testing.assert_allclose(linked["predictions"].numpy(), np.exp(logits), rtol=1e-6)
    with pytest.raises(ValueError, match="Invalid label_dimension"):
        RegressionHead(label_dimension=0)


def test_weight_column_numeric_column_and_errors():
    col = tf.feature_column.numeric_column("w", normalizer_fn=lambda x: x * 2.0)
    head = RegressionHead(weight_column=col)
    logits = np.array([[1.0], [2.0]], np.float32)
    labels = np.array([[0.0], [0.0]], np.float32)
    # weights 2 and 0: only the first example counts, doubled
    assert float(head.loss(labels, logits, {"w": np.array([1.0, 0.0])})) == pytest.approx(1.0)
    with pytest.raises(TypeError, match="Weight column must be either a string"):
        RegressionHead(weight_column=3).loss(labels, logits, {"w": np.ones(2)})
    with pytest.raises(ValueError, match="weights shape must be"):
        BinaryClassHead(weight_column=tf.feature_column.numeric_column("w", shape=(2,))).loss(
            labels, logits, {"w": np.ones((2, 2), np.float32)})


def test_label_and_logits_shape_errors():
    head = BinaryClassHead()
    logits = np.zeros((2, 1), np.float32)
    with pytest.raises(ValueError, match="You must provide a labels Tensor"):
        head.loss(None, logits)
    with pytest.raises(ValueError, match="Mismatched label shape"):
        head.loss(np.zeros((2, 2)), logits)
    with pytest.raises(ValueError, match=r"labels shape must be \[D0, D1, ... DN, 1\]"):
        head.loss(np.zeros((3, 1)), logits)
    with pytest.raises(ValueError, match="logits shape must be"):
        head.loss(np.zeros((2, 1)), np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="Invalid loss_reduction"):
        BinaryClassHead(loss_reduction="none")
    with pytest.raises(ValueError, match="loss_fn must contain argument: logits"):
        BinaryClassHead(loss_fn=lambda labels, preds: labels)


def test_custom_loss_fn_and_named_head_keys():
    def loss_fn(labels, logits, features):
        return tf.abs(labels - logits) * features["scale"]

    head = RegressionHead(loss_fn=loss_fn, name="price")
    logits = np.array([[1.0], [4.0]], np.float32)
    features = {"scale": np.array([[1.0], [3.0]], np.float32)}
    assert float(head.loss(np.zeros((2, 1), np.float32), logits, features)) == 6.5
    got = head.update_metrics(head.metrics(), features, logits, np.zeros((2, 1), np.float32))
    assert sorted(got) == ["average_loss/price", "label/mean/price", "prediction/mean/price"]


def test_create_estimator_spec_modes_and_export_outputs():
    head = BinaryClassHead()
    logits = tf.constant([[1.0], [-1.0]])
    labels = np.array([[1], [0]])
    spec = head.create_estimator_spec({}, ModeKeys.PREDICT, logits)
    assert sorted(spec.export_outputs) == ["classification", "predict", "regression",
                                           "serving_default"]
    out = spec.export_outputs["serving_default"]
    assert isinstance(out, ClassificationOutput) and sorted(out.outputs) == ["classes",
                                                                            "scores"]
    assert out.outputs["classes"].numpy().tolist() == [[b"0", b"1"]] * 2
    assert isinstance(spec.export_outputs["regression"], RegressionOutput)
    assert isinstance(spec.export_outputs["predict"], PredictOutput)
    evaluated = head.create_estimator_spec({}, ModeKeys.EVAL, logits, labels)
    assert sorted(evaluated.eval_metric_ops) == BINARY_KEYS
    assert float(evaluated.loss) == pytest.approx(np.log1p(np.exp(-1.0)), rel=1e-6)
    regression = RegressionHead().create_estimator_spec({}, ModeKeys.PREDICT, logits)
    assert sorted(regression.export_outputs) == ["predict", "regression", "serving_default"]
    multi = MultiClassHead(3).create_estimator_spec({}, ModeKeys.PREDICT, tf.zeros((2, 3)))
    assert sorted(multi.export_outputs) == ["classification", "predict", "serving_default"]


def test_train_op_from_train_op_fn_or_optimizer_under_a_tape():
    head = RegressionHead()
    w = tf.Variable([[0.0]])
    x, y = tf.constant([[1.0], [2.0]]), np.array([[2.0], [4.0]], np.float32)
    seen = []
    spec = head.create_estimator_spec({}, ModeKeys.TRAIN, tf.matmul(x, w), y,
                                      train_op_fn=lambda loss: seen.append(loss) or loss)
    assert float(seen[0]) == pytest.approx(10.0) and spec.train_op is not None
    optimizer = tf.keras.optimizers.SGD(0.1)
    with tf.GradientTape():
        head.create_estimator_spec({}, ModeKeys.TRAIN, tf.matmul(x, w), y,
                                   optimizer=optimizer, trainable_variables=[w])
    # d/dw mean((w x - y)^2) at w=0: mean(-2 x y) = -10
    assert float(w.numpy()[0, 0]) == pytest.approx(1.0, rel=1e-6)
    with pytest.raises(ValueError, match="GradientTape"):
        head.create_estimator_spec({}, ModeKeys.TRAIN, tf.matmul(x, w), y,
                                   optimizer=optimizer, trainable_variables=[w])
    with pytest.raises(ValueError, match="cannot both be set"):
        head.create_estimator_spec({}, ModeKeys.TRAIN, x, y, optimizer=optimizer,
                                   trainable_variables=[w], train_op_fn=lambda loss: loss)
    with pytest.raises(ValueError, match="cannot both be None"):
        head.create_estimator_spec({}, ModeKeys.TRAIN, x, y)
