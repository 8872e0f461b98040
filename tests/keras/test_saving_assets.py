"""Adapted lookup layers keep their vocabularies in a `.keras` archive's assets/ folder, as
Keras 3 does: files written by real Keras (tools/make_keras_asset_fixtures.py) load here with
their predictions, and Fluxion's files carry the same assets."""
from __future__ import annotations

import json
import pathlib
import zipfile

import numpy as np

import fluxion as tf

keras = tf.keras
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "keras_assets"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def test_keras_written_lookups_load_with_their_vocabularies():
    model = keras.models.load_model(FIXTURES / "lookups.keras")
    want = EXPECTED["lookups"]
    s_in, i_in = want["inputs"]
    outs = model([tf.constant(s_in), tf.constant(i_in, tf.int64)])
    np.testing.assert_array_equal(outs[0].numpy(), want["outputs"][0])
    np.testing.assert_allclose(outs[1].numpy(), want["outputs"][1], rtol=1e-6)
    assert model.get_layer("words").get_vocabulary() == ["[UNK]", "c", "b", "a"]


def test_keras_written_text_vectorization_predicts_the_same():
    model = keras.models.load_model(FIXTURES / "text_model.keras")
    want = EXPECTED["text_model"]
    np.testing.assert_allclose(model(tf.constant(want["inputs"])).numpy(), want["outputs"],
                               rtol=1e-5, atol=1e-6)


def test_fluxion_writes_vocabularies_as_assets(tmp_path):
    words = keras.layers.StringLookup(name="words")
    words.adapt(["x", "y", "y"])
    text = keras.layers.TextVectorization(max_tokens=6, name="text")
    text.adapt(["red fish", "blue fish"])
    raw = keras.Input((), dtype="string")
    model = keras.Model(raw, [words(raw), text(raw)])
    path = tmp_path / "m.keras"
    model.save(path)
    names = zipfile.ZipFile(path).namelist()
    assert "assets/layers/string_lookup/vocabulary.txt" in names
    assert "assets/layers/text_vectorization/vocabulary.txt" in names
    vocab = zipfile.ZipFile(path).read("assets/layers/string_lookup/vocabulary.txt")
    assert vocab == b"[UNK]\ny\nx"
    loaded = keras.models.load_model(path)
    batch = tf.constant(["y", "fish red", "nothing"])
    for a, b in zip(loaded(batch), model(batch)):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
