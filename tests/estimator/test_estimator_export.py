"""Estimator.export_saved_model: a timestamped SavedModel (written to temp-<ts>, then renamed)
whose signatures come from the model_fn's export_outputs (or a PredictOutput of the
predictions as 'serving_default'); loaded with fluxion.saved_model.load and fed serialized
tf.train.Examples or raw tensors. TF's names and errors: inputs 'examples' / 'inputs', outputs
'classes' / 'scores' / 'outputs', bytes paths, "Couldn't find trained model"."""
from __future__ import annotations

import os

import numpy as np
import pytest

import fluxion as tf
from tests.estimator.test_estimator import X, config, linear_model_fn, train_input

v1 = tf.compat.v1
export = tf.estimator.export
FEATURE_SPEC = {"x": tf.io.FixedLenFeature([3], tf.float32)}


def serialize(rows) -> list:
    return [tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=row.tolist()))}))
        .SerializeToString() for row in rows]


@pytest.fixture
def trained(tmp_path):
    est = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path / "model"),
                                 config=config(), params={})
    est.train(train_input(), steps=20)
    return est


def expected_predictions(est, rows):
    return rows @ est.get_variable_value("dense/kernel")[:, 0] + \
        est.get_variable_value("dense/bias")[0]


def test_export_parsing_receiver_and_serve_examples(trained, tmp_path):
    base = tmp_path / "export"
    path = trained.export_saved_model(str(base),
                                      export.build_parsing_serving_input_receiver_fn(
                                          FEATURE_SPEC))
    assert isinstance(path, bytes)
    name = os.path.basename(path.decode())
    assert name.isdigit() and os.listdir(base) == [name]  # no temp-<ts> folder left
    loaded = tf.saved_model.load(path.decode())
    assert set(loaded.signatures) == {"serving_default"}
    out = loaded.signatures["serving_default"](examples=tf.constant(serialize(X[:4])))
    assert set(out) == {"y", "twice"}
    np.testing.assert_allclose(out["y"].numpy(), expected_predictions(trained, X[:4]),
                               rtol=1e-5)
    served = loaded.signatures["serving_default"](examples=tf.constant(serialize(X[4:5])))
    np.testing.assert_allclose(served["twice"].numpy(),
                               2 * expected_predictions(trained, X[4:5]), rtol=1e-5)
    predicted = [p["y"] for p in trained.predict(
        lambda: tf.data.Dataset.from_tensor_slices({"x": X[:4]}).batch(4))]
    np.testing.assert_allclose(out["y"].numpy(), predicted, rtol=1e-6)


def test_export_raw_receiver_and_assets(trained, tmp_path):
    asset = tmp_path / "vocab.txt"
    asset.write_text("a\nb\n")
    receiver = export.build_raw_serving_input_receiver_fn({"x": tf.constant(X[:2])})
    path = trained.export_saved_model(str(tmp_path / "raw"), receiver,
                                      assets_extra={"extra/vocab.txt": str(asset)})
    loaded = tf.saved_model.load(path.decode())
    out = loaded.signatures["serving_default"](x=tf.constant(X[:3]))
    np.testing.assert_allclose(out["y"].numpy(), expected_predictions(trained, X[:3]),
                               rtol=1e-5)
    with open(os.path.join(path.decode(), "assets.extra", "extra", "vocab.txt")) as f:
        assert f.read() == "a\nb\n"


def classifier_fn(features, labels, mode):
    logits = tf.keras.layers.Dense(2)(features["x"])
    probs = tf.nn.softmax(logits)
    classes = tf.gather(tf.constant(["neg", "pos"]), tf.argmax(logits, axis=1))
    predictions = {"probabilities": probs, "classes": classes}
    if mode == tf.estimator.ModeKeys.PREDICT:
        outputs = {"serving_default": export.ClassificationOutput(scores=probs,
                                                                  classes=classes),
                   "predict": export.PredictOutput(predictions),
                   "regression": export.RegressionOutput(probs[:, 1])}
        return tf.estimator.EstimatorSpec(mode, predictions=predictions,
                                          export_outputs=outputs)
    loss = v1.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = v1.train.AdagradOptimizer(0.1).minimize(loss, v1.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def test_export_outputs_give_named_signatures(tmp_path):
    est = tf.estimator.Estimator(classifier_fn, model_dir=str(tmp_path / "m"), config=config())
    labels = (X[:, 0] > 0).astype(np.int64)
    est.train(lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, labels)).batch(8), steps=3)
    path = est.export_saved_model(str(tmp_path / "e"),
                                  export.build_parsing_serving_input_receiver_fn(FEATURE_SPEC))
    loaded = tf.saved_model.load(path.decode())
    assert set(loaded.signatures) == {"serving_default", "predict", "regression"}
    examples = tf.constant(serialize(X[:3]))
    classified = loaded.signatures["serving_default"](inputs=examples)
    assert set(classified) == {"classes", "scores"}
    predicted = loaded.signatures["predict"](examples=examples)
    np.testing.assert_allclose(classified["scores"].numpy(),
                               predicted["probabilities"].numpy(), rtol=1e-6)
    assert list(classified["classes"].numpy()) == list(predicted["classes"].numpy())
    regressed = loaded.signatures["regression"](inputs=examples)
    np.testing.assert_allclose(regressed["outputs"].numpy(),
                               predicted["probabilities"].numpy()[:, 1], rtol=1e-6)
    probs = [p["probabilities"] for p in est.predict(
        lambda: tf.data.Dataset.from_tensor_slices({"x": X[:3]}).batch(3))]
    np.testing.assert_allclose(predicted["probabilities"].numpy(), probs, rtol=1e-5)


def test_export_errors(trained, tmp_path):
    receiver = export.build_parsing_serving_input_receiver_fn(FEATURE_SPEC)
    fresh = tf.estimator.Estimator(linear_model_fn, model_dir=str(tmp_path / "fresh"),
                                   params={})
    with pytest.raises(ValueError, match="Couldn't find trained model at"):
        fresh.export_saved_model(str(tmp_path / "e"), receiver)
    with pytest.raises(ValueError, match="An input_receiver_fn must be defined"):
        trained.export_saved_model(str(tmp_path / "e"), None)

    def two_outputs(features, labels, mode, params):
        spec = linear_model_fn(features, labels, mode, params)
        if mode != tf.estimator.ModeKeys.PREDICT:
            return spec
        preds = spec.predictions
        return spec._replace(export_outputs={"a": export.PredictOutput(preds["y"]),
                                             "b": export.PredictOutput(preds)})

    est = tf.estimator.Estimator(two_outputs, model_dir=trained.model_dir, params={})
    with pytest.raises(ValueError, match="none of them is specified as the default"):
        est.export_saved_model(str(tmp_path / "e2"), receiver)
    with pytest.raises(TypeError, match="must return a ServingInputReceiver"):
        trained.export_saved_model(str(tmp_path / "e3"), lambda: {"x": 1})
    assert not os.path.exists(tmp_path / "e2") or not os.listdir(tmp_path / "e2")


def test_receivers_and_outputs_validate():
    x = tf.constant([[1.0]])
    receiver = export.ServingInputReceiver(x, x)
    assert set(receiver.features) == {"feature"} and set(receiver.receiver_tensors) == {"input"}
    with pytest.raises(ValueError, match="feature keys must be strings"):
        export.ServingInputReceiver({1: x}, x)
    with pytest.raises(ValueError, match="receiver_tensor r must be a Tensor"):
        export.ServingInputReceiver(x, {"r": 3})
    assert export.TensorServingInputReceiver(x, x).features is x
    assert set(export.PredictOutput(x).outputs) == {"output"}
    with pytest.raises(ValueError, match="Prediction output key must be a string"):
        export.PredictOutput({1: x})
    with pytest.raises(ValueError, match="cannot both be None"):
        export.ClassificationOutput()
    with pytest.raises(ValueError, match="scores must be a float32 Tensor"):
        export.ClassificationOutput(scores=tf.constant([1]))
    with pytest.raises(ValueError, match="classes must be a string Tensor"):
        export.ClassificationOutput(classes=x)
    with pytest.raises(ValueError, match="Regression output value must be a float32"):
        export.RegressionOutput(tf.constant([1]))
    with pytest.raises(RuntimeError, match="not compatible with eager execution"):
        v1.placeholder(tf.float32, [None])
