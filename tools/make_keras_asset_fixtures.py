"""Writes `.keras` files with real Keras 3 of models whose adapted lookup layers keep their
vocabularies in the archive's `assets/` folder (StringLookup, IntegerLookup with tf_idf,
TextVectorization), with inputs and predictions, into tests/fixtures/keras_assets/;
tests/keras/test_saving_assets.py loads them in Fluxion and checks the predictions.

Run with the TensorFlow environment:
    /tmp/tfvenv/bin/python tools/make_keras_asset_fixtures.py
"""
from __future__ import annotations

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "keras_assets"


def main() -> None:
    import tensorflow as tf  # noqa: PLC0415 - only in the reference environment

    keras = tf.keras
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}

    words = keras.layers.StringLookup(name="words")
    words.adapt(["a", "b", "b", "c", "c", "c"])
    ids = keras.layers.IntegerLookup(name="ids", output_mode="tf_idf")
    ids.adapt([[1, 2], [2, 3], [2, 2]])
    s, i = keras.Input((1,), dtype="string", name="s"), keras.Input((2,), dtype="int64", name="i")
    model = keras.Model([s, i], [words(s), ids(i)], name="lookups")
    model.save(OUT / "lookups.keras")
    s_in, i_in = [["c"], ["z"], ["a"]], [[2, 9], [1, 1], [3, 2]]
    outs = model([tf.constant(s_in), tf.constant(i_in, tf.int64)])
    expected["lookups"] = {"inputs": [s_in, i_in], "outputs": [o.numpy().tolist() for o in outs]}

    text = keras.layers.TextVectorization(max_tokens=8, output_mode="tf_idf", name="text")
    text.adapt(["the cat sat", "the dog", "a cat and a dog"])
    raw = keras.Input((), dtype="string", name="raw")
    model = keras.Model(raw, keras.layers.Dense(2, name="head")(text(raw)), name="text_model")
    model.save(OUT / "text_model.keras")
    t_in = ["the cat", "unknown words here", "a dog and a cat"]
    expected["text_model"] = {"inputs": t_in,
                              "outputs": model(tf.constant(t_in)).numpy().tolist()}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
