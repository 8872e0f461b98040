"""The estimator demo (`fluxion demo --estimator`): wide & deep on the packaged UCI Adult data.

A `DNNLinearCombinedClassifier` learns whether a person earns more than $50K a year from
census features described by feature columns (wide: categorical columns and age buckets;
deep: embeddings, indicators and normalised numbers). It is trained from a `tf.data` input_fn,
evaluated, exported as a SavedModel that parses serialized `tf.train.Example`s, reloaded with
`tf.saved_model.load`, and the reloaded model's predictions on Example protos must equal
`Estimator.predict`'s.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

import fluxion as tf
from fluxion.datasets import adult, load_adult

NUMERIC = ("age", "education_num", "capital_gain", "capital_loss", "hours_per_week")
EMBEDDED = ("occupation", "native_country", "education")
INDICATED = ("workclass", "marital_status", "relationship", "race", "gender")
AGE_BOUNDARIES = [18.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 65.0]


def _normalizer(values: np.ndarray, log: bool):
    """(x - mean) / std of the training values (of log1p(x) for heavy-tailed money)."""
    data = np.log1p(values) if log else values
    mean, std = float(data.mean()), float(data.std()) or 1.0
    if log:
        return lambda x: (tf.math.log1p(x) - mean) / std
    return lambda x: (x - mean) / std


def feature_columns(train_features: dict, seed: int = 0) -> tuple[list, list]:
    """(wide columns, deep columns) for the Adult features."""
    fc = tf.feature_column
    categorical = {name: fc.categorical_column_with_vocabulary_list(
        name, sorted(set(train_features[name].tolist()) | {"?"}))
        for name in adult.ADULT_CATEGORICAL_COLUMNS}
    age_buckets = fc.bucketized_column(fc.numeric_column("age"), AGE_BOUNDARIES)
    wide = [*categorical.values(), age_buckets]
    # embeddings as embedding_column's default (truncated normal, stddev 1/sqrt(dimension)),
    # seeded so that the demo is reproducible
    deep = [fc.embedding_column(categorical[name], dimension=8, initializer=(
        tf.keras.initializers.TruncatedNormal(stddev=8 ** -0.5, seed=seed + i)))
        for i, name in enumerate(EMBEDDED)]
    deep += [fc.indicator_column(categorical[name]) for name in INDICATED]
    deep += [fc.numeric_column(name, normalizer_fn=_normalizer(
        train_features[name], log=name.startswith("capital"))) for name in NUMERIC]
    return wide, deep


def _tensors(features: dict) -> dict:
    return {k: tf.constant(v.tolist() if v.dtype.kind == "U" else v) for k, v in
            features.items()}


def input_fn(features: dict, labels=None, batch_size: int = 64, shuffle: bool = False,
             seed: int = 0, repeat: bool = False):
    """An input_fn over in-memory columns: a Dataset of (features, labels) batches."""
    def make():
        data = _tensors(features) if labels is None else \
            (_tensors(features), tf.constant(labels[:, None]))
        dataset = tf.data.Dataset.from_tensor_slices(data)
        if shuffle:
            dataset = dataset.shuffle(len(next(iter(features.values()))), seed=seed)
        if repeat:
            dataset = dataset.repeat()
        return dataset.batch(batch_size)
    return make


def serialized_examples(features: dict, count: int) -> list[bytes]:
    """The first `count` rows as serialized tf.train.Example protos."""
    T = tf.train
    out = []
    for i in range(count):
        feature = {}
        for name, column in features.items():
            value = column[i]
            feature[name] = T.Feature(bytes_list=T.BytesList(value=[value.encode()])) \
                if column.dtype.kind == "U" else T.Feature(float_list=T.FloatList(
                    value=[float(value)]))
        out.append(T.Example(features=T.Features(feature=feature)).SerializeToString())
    return out


def serving_feature_spec(columns: list) -> dict:
    """The parse spec of the columns' raw features, with each categorical feature read as
    exactly one string per Example (every census row has one value per column; "?" when
    absent) rather than as a variable-length list."""
    spec = tf.feature_column.make_parse_example_spec(columns)
    for name in adult.ADULT_CATEGORICAL_COLUMNS:
        spec[name] = tf.io.FixedLenFeature([1], tf.string, default_value="?")
    return spec


def _rows(features: dict, count: int) -> dict:
    return {k: v[:count] for k, v in features.items()}


def build_classifier(model_dir: str, wide: list, deep: list, seed: int):
    return tf.estimator.DNNLinearCombinedClassifier(
        model_dir=model_dir,
        linear_feature_columns=wide,
        linear_optimizer=tf.keras.optimizers.Ftrl(learning_rate=0.1),
        dnn_feature_columns=deep,
        dnn_hidden_units=[64, 32],
        dnn_optimizer=tf.keras.optimizers.Adam(learning_rate=3e-3),
        config=tf.estimator.RunConfig(tf_random_seed=seed, save_checkpoints_steps=200))


def _export_and_compare(classifier, wide, deep, features, count, export_base) -> dict:
    """Exports a parsing SavedModel, reloads it, and compares its predictions on Example
    protos with Estimator.predict on the same rows."""
    receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn(
        serving_feature_spec(wide + deep))
    export_dir = classifier.export_saved_model(export_base, receiver)
    export_dir = export_dir.decode() if isinstance(export_dir, bytes) else str(export_dir)
    loaded = tf.saved_model.load(export_dir)
    examples = tf.constant(serialized_examples(features, count))
    served = loaded.signatures["predict"](examples=examples)
    served_probs = np.asarray(served["probabilities"])
    served_classes = np.asarray(served["class_ids"]).reshape(-1)
    scores = np.asarray(loaded.signatures["serving_default"](inputs=examples)["scores"])
    rows = _rows(features, count)
    predicted = list(classifier.predict(input_fn(rows, batch_size=count)))
    probs = np.stack([np.asarray(p["probabilities"]) for p in predicted])
    classes = np.array([int(np.asarray(p["class_ids"]).reshape(-1)[0]) for p in predicted])
    return {"export_dir": export_dir, "signatures": sorted(loaded.signatures),
            "served_examples": count,
            "max_abs_difference": float(max(np.abs(served_probs - probs).max(),
                                            np.abs(scores - probs).max())),
            "same_classes": bool((served_classes == classes).all())}


def run(steps: int = 600, batch_size: int = 64, seed: int = 0, model_dir: str | None = None,
        served_examples: int = 32, verbose: int = 1) -> dict:
    """Trains, evaluates, exports, reloads and serves the wide & deep model; returns a dict
    of the evaluation metrics and the serving check (raises if predictions differ)."""
    tf.random.set_seed(seed)
    (x_train, y_train), (x_test, y_test) = load_adult()
    wide, deep = feature_columns(x_train, seed)
    workdir = model_dir or tempfile.mkdtemp(prefix="fluxion_wide_deep_")
    classifier = build_classifier(os.path.join(workdir, "model"), wide, deep, seed)
    if verbose:
        print(f"UCI Adult (census income): {len(y_train)} training rows, {len(y_test)} test "
              f"rows; {len(wide)} wide and {len(deep)} deep feature columns")
    start = time.perf_counter()
    classifier.train(input_fn(x_train, y_train, batch_size, shuffle=True, seed=seed,
                              repeat=True), steps=steps)
    train_seconds = time.perf_counter() - start
    metrics = classifier.evaluate(input_fn(x_test, y_test, batch_size=500))
    check = _export_and_compare(classifier, wide, deep, x_test, served_examples,
                                os.path.join(workdir, "export"))
    if check["max_abs_difference"] > 1e-5 or not check["same_classes"]:
        raise AssertionError(f"the reloaded SavedModel predicts differently from "
                             f"Estimator.predict: {check}")
    result = {"metrics": {k: float(v) for k, v in metrics.items()}, "steps": steps,
              "train_seconds": train_seconds, "examples_per_second":
              steps * batch_size / max(train_seconds, 1e-9), **check}
    if verbose:
        _print_summary(result)
    return result


def _print_summary(result: dict) -> None:
    m = result["metrics"]
    print(f"trained {result['steps']} steps in {result['train_seconds']:.1f} s "
          f"({result['examples_per_second']:.0f} examples/s)")
    print(f"test: accuracy {m['accuracy']:.4f} (baseline {m['accuracy_baseline']:.4f}), "
          f"auc {m['auc']:.4f}, precision {m['precision']:.4f}, recall {m['recall']:.4f}, "
          f"average_loss {m['average_loss']:.4f}, global_step {int(m['global_step'])}")
    print(f"SavedModel {result['export_dir']} (signatures {', '.join(result['signatures'])})")
    print(f"reloaded model on {result['served_examples']} serialized tf.train.Examples: "
          f"max |p - predict| = {result['max_abs_difference']:.2e}, same classes: "
          f"{result['same_classes']}")


def parse_args(argv: list[str] | None = None) -> dict:
    """The demo's command-line options as `run` keywords."""
    parser = argparse.ArgumentParser(prog="fluxion demo --estimator")
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model-dir", default=None)
    return vars(parser.parse_args(argv))
