"""Estimator.export_saved_model: a timestamped SavedModel (written to temp-<ts>, then renamed)
whose signatures come from the model_fn's export_outputs (or a PredictOutput of the
predictions as 'serving_default'); loaded with fluxion.saved_model.load and fed serialized
tf.train.Examples or raw tensors. TF's names and errors: inputs 'examples' / 'inputs', outputs
'classes' / 'scores' / 'outputs', bytes paths, "Couldn't find trained model"."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import fluxion as tf
from tests.estimator.test_estimator import X, config, linear_model_fn, train_input

v1 = tf.compat.v1
export = tf.estimator.export
FEATURE_SPEC = {"x": tf.io.FixedLenFeature([3], tf.float32)}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


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
    name = os.path.basename(path)
    assert name.isdigit() and os.listdir(os.fsencode(base)) == [name]  # no temp-<ts> left
    loaded = tf.saved_model.load(path)  # bytes, as TF returns it
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


def test_parsing_receiver_with_a_fixed_batch_size(trained, tmp_path):
    """The receiver fn is discovered on placeholders, not data: a fixed batch of required
    features exports (its stand-in examples are never parsed as real ones)."""
    receiver = export.build_parsing_serving_input_receiver_fn(FEATURE_SPEC, default_batch_size=2)
    loaded = tf.saved_model.load(trained.export_saved_model(str(tmp_path / "e"), receiver))
    out = loaded.signatures["serving_default"](examples=tf.constant(serialize(X[:2])))
    np.testing.assert_allclose(out["y"].numpy(), expected_predictions(trained, X[:2]), rtol=1e-5)
    with pytest.raises(TypeError, match="incompatible"):
        loaded.signatures["serving_default"](examples=tf.constant(serialize(X[:3])))


def test_export_raw_receiver_and_assets(trained, tmp_path):
    asset = tmp_path / "vocab.txt"
    asset.write_text("a\nb\n")
    receiver = export.build_raw_serving_input_receiver_fn({"x": tf.constant(X[:2])})
    path = trained.export_saved_model(str(tmp_path / "raw"), receiver,
                                      assets_extra={"extra/vocab.txt": str(asset)})
    loaded = tf.saved_model.load(path)
    out = loaded.signatures["serving_default"](x=tf.constant(X[:3]))
    np.testing.assert_allclose(out["y"].numpy(), expected_predictions(trained, X[:3]),
                               rtol=1e-5)
    with open(os.path.join(path, b"assets.extra", b"extra", b"vocab.txt")) as f:
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
    loaded = tf.saved_model.load(path)
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


FRESH_PROCESS = """
import json, sys
import numpy as np
import fluxion as tf
path, examples_file = sys.argv[1].encode(), sys.argv[2]
with open(examples_file) as f:
    examples = [bytes.fromhex(h) for h in json.load(f)]
loaded = tf.saved_model.load(path)

def plain(t):
    v = np.asarray(t)
    return [x.hex() for x in v.reshape(-1)] if t.dtype == tf.string else v.tolist()

out = {key: {name: plain(t) for name, t in
             loaded.signatures[key](**{arg: tf.constant(examples)}).items()}
       for key, arg in (("predict", "examples"), ("serving_default", "inputs"))}
out["modules"] = sorted(m for m in ("fluxion.estimator", "fluxion.feature_column",
                                    "fluxion.io.parsing") if m in sys.modules)
print(json.dumps(out))
"""


def census_examples(features, count: int, columns=("age", "color")) -> list:
    T = tf.train
    make = {"age": lambda v: T.Feature(float_list=T.FloatList(value=[float(v)])),
            "w": lambda v: T.Feature(float_list=T.FloatList(value=[float(v)])),
            "color": lambda v: T.Feature(bytes_list=T.BytesList(value=[v.encode()]))}
    return [T.Example(features=T.Features(feature={k: make[k](features[k][i]) for k in columns}))
            .SerializeToString() for i in range(count)]


def test_canned_export_serves_examples_in_a_fresh_interpreter(tmp_path):
    """A parsing export loads and serves with nothing imported but fluxion: the parse op
    registers on demand (no fluxion.estimator / feature_column import needed)."""
    from tests.estimator.test_canned_estimator import census_like, input_fn

    fc = tf.feature_column
    columns = [fc.numeric_column("age"), fc.numeric_column("w")]
    features, y = census_like(n=32, seed=3)
    est = tf.estimator.LinearClassifier(columns, model_dir=str(tmp_path / "m"))
    est.train(input_fn(features, y, batch=16, repeat=True), steps=2)
    receiver = export.build_parsing_serving_input_receiver_fn(fc.make_parse_example_spec(columns))
    path = est.export_saved_model(os.fsencode(tmp_path / "export"), receiver)
    rows = census_examples(features, 5, ("age", "w"))
    (tmp_path / "examples.json").write_text(json.dumps([r.hex() for r in rows]))
    run = subprocess.run([sys.executable, "-c", FRESH_PROCESS, os.fsdecode(path),
                          str(tmp_path / "examples.json")], check=False, capture_output=True,
                         text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": REPO}, timeout=120)
    assert run.returncode == 0, run.stderr
    fresh = json.loads(run.stdout)
    assert fresh.pop("modules") == ["fluxion.io.parsing"]  # no estimator, no feature columns
    here = tf.saved_model.load(path).signatures["predict"](examples=tf.constant(rows))
    assert sorted(fresh["predict"]) == sorted(here)
    for name, value in here.items():
        if value.dtype == tf.string:
            assert fresh["predict"][name] == [x.hex() for x in value.numpy().reshape(-1)]
        else:
            np.testing.assert_array_equal(fresh["predict"][name], value.numpy())
    direct = [p["probabilities"] for p in est.predict(input_fn(
        {k: v[:5] for k, v in features.items()}, batch=5))]
    np.testing.assert_allclose(fresh["predict"]["probabilities"], direct, rtol=1e-5)
    np.testing.assert_allclose(fresh["serving_default"]["scores"],
                               fresh["predict"]["probabilities"], rtol=1e-6)


def test_categorical_parsing_export_matches_predict(tmp_path):
    """VarLen string features reach the model as SparseTensors computed inside the graph."""
    from tests.estimator.test_canned_estimator import census_like, input_fn

    fc = tf.feature_column
    columns = [fc.numeric_column("age"),
               fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])]
    features, y = census_like(n=32, seed=4)
    est = tf.estimator.LinearClassifier(columns, model_dir=str(tmp_path / "m"))
    est.train(input_fn(features, y, batch=16, repeat=True), steps=2)
    spec = fc.make_parse_example_spec(columns)
    assert isinstance(spec["color"], tf.io.VarLenFeature)
    path = est.export_saved_model(str(tmp_path / "export"),
                                  export.build_parsing_serving_input_receiver_fn(spec))
    served = tf.saved_model.load(path).signatures["predict"](
        examples=tf.constant(census_examples(features, 6)))
    direct = [p["logits"] for p in est.predict(input_fn(
        {k: v[:6] for k, v in features.items()}, batch=6))]
    np.testing.assert_allclose(served["logits"].numpy(), direct, rtol=1e-5)
