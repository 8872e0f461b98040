"""TextVectorization beyond the Keras fixtures: the text-classification tutorial path trained
with fit, Dataset.map, graph mode, adapt sources, callables, configs and `.keras` files."""
import os

import numpy as np
import pytest

import fluxion as tf

L = tf.keras.layers

TEXTS = np.array(["good great fine", "bad awful terrible", "great good!", "Terrible, bad.",
                  "fine good", "awful"] * 8)
LABELS = np.array([1, 0, 1, 0, 1, 0] * 8, np.float32)


def test_tutorial_model_trains_on_raw_strings():
    vectorize = L.TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(TEXTS)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(1,), dtype="string"), vectorize, L.Embedding(20, 8),
        L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    hist = model.fit(TEXTS[:, None], LABELS, epochs=10, batch_size=8, verbose=0)
    assert hist.history["loss"][-1] < 0.1 * hist.history["loss"][0]
    assert hist.history["accuracy"][-1] == 1.0
    pred = model.predict(np.array([["GOOD, fine!"], ["awful bad"]]), verbose=0)
    assert pred[0, 0] > 0.9 and pred[1, 0] < 0.1


def test_vectorize_in_dataset_map_then_fit():
    vectorize = L.TextVectorization(max_tokens=20)
    vectorize.adapt(tf.data.Dataset.from_tensor_slices(TEXTS).batch(5))
    ds = tf.data.Dataset.from_tensor_slices((TEXTS, LABELS)).batch(8)
    ds = ds.map(lambda text, label: (vectorize(tf.expand_dims(text, -1)), label))
    first = next(iter(ds))[0]
    assert first.dtype == tf.int64 and first.shape[0] == 8
    np.testing.assert_array_equal(first.numpy(), vectorize(TEXTS[:8]).numpy())
    model = tf.keras.Sequential([L.Embedding(20, 8), L.GlobalAveragePooling1D(), L.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
    hist = model.fit(ds, epochs=8, verbose=0)
    assert hist.history["loss"][-1] < 0.5 * hist.history["loss"][0]


@pytest.mark.parametrize("mode", ["int", "multi_hot", "count", "tf_idf"])
def test_graph_matches_eager(mode):
    layer = L.TextVectorization(output_mode=mode, ngrams=2)
    layer.adapt(TEXTS)
    x = tf.constant(["good great", "awful, awful day", ""])
    eager = layer(x)
    graph = tf.function(lambda t: layer(t))(x)
    np.testing.assert_allclose(graph.numpy(), eager.numpy())
    other = tf.constant(["a b c d e f g good"])  # a longer row: the width is not frozen
    np.testing.assert_allclose(tf.function(lambda t: layer(t))(other).numpy(),
                               layer(other).numpy())


def test_one_graph_serves_every_sequence_width():
    layer = L.TextVectorization(vocabulary=["a", "b", "c"])
    graph = tf.function(lambda s: layer(s))
    assert graph(tf.constant(["a"])).numpy().tolist() == [[2]]
    assert graph(tf.constant(["a b c a b"])).numpy().tolist() == [[2, 3, 4, 2, 3]]
    assert graph(tf.constant(["c q"])).numpy().tolist() == [[4, 1]]
    counts = tf.function(lambda s: tf.reduce_sum(tf.ones_like(layer(s)), axis=1))
    assert counts(tf.constant(["a"])).numpy().tolist() == [1]
    assert counts(tf.constant(["a b c"])).numpy().tolist() == [3]


def test_adapt_sources_agree():
    lists = L.TextVectorization()
    lists.adapt(list(TEXTS))
    tensor = L.TextVectorization()
    tensor.adapt(tf.constant(TEXTS))
    gen = L.TextVectorization()
    gen.adapt(TEXTS[i:i + 4] for i in range(0, len(TEXTS), 4))
    assert lists.get_vocabulary() == tensor.get_vocabulary() == gen.get_vocabulary()
    assert lists.get_vocabulary(include_special_tokens=False)[0] == "good"


def test_callable_standardize_and_split():
    def split_on_commas(x):
        return tf.constant([[w for w in s.split(b",")] for s in x.numpy()])

    layer = L.TextVectorization(standardize=lambda x: x, split=split_on_commas,
                                vocabulary=["A", "b"], output_sequence_length=3)
    np.testing.assert_array_equal(layer(tf.constant(["A,b", "b,c"])).numpy(),
                                  [[2, 3, 0], [3, 1, 0]])


def test_set_vocabulary_and_config_round_trip():
    layer = L.TextVectorization(max_tokens=10, output_sequence_length=3, ngrams=(1, 2),
                                vocabulary=["hello", "world", "hello world"])
    config = layer.get_config()
    assert config["ngrams"] == (1, 2) and config["vocabulary_size"] == 5
    clone = L.TextVectorization.from_config(config)
    x = tf.constant(["Hello world!", "world"])
    np.testing.assert_array_equal(clone(x).numpy(), layer(x).numpy())
    np.testing.assert_array_equal(layer(x).numpy(), [[2, 3, 4], [3, 0, 0]])
    layer.set_vocabulary(["world"])
    np.testing.assert_array_equal(layer(x).numpy(), [[1, 2, 1], [2, 0, 0]])
    assert layer.get_vocabulary() == ["", "[UNK]", "world"]


def test_keras_file_keeps_adapted_vocabulary(tmp_path):
    vectorize = L.TextVectorization(max_tokens=12, output_mode="tf_idf")
    vectorize.adapt(TEXTS)
    inp = tf.keras.Input(shape=(1,), dtype="string")
    model = tf.keras.Model(inp, L.Dense(2)(vectorize(inp)))
    path = os.path.join(tmp_path, "text.keras")
    model.save(path)
    restored = tf.keras.models.load_model(path)
    query = np.array([["good awful"], ["unknown words"]], dtype=object)
    np.testing.assert_allclose(restored(query).numpy(), model(query).numpy(), rtol=1e-6)
    assert restored.layers[1].get_vocabulary() == vectorize.get_vocabulary()


def test_exported_saved_model_serves_raw_strings(tmp_path):
    vectorize = L.TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(TEXTS)
    inp = tf.keras.Input(shape=(1,), dtype="string")
    x = L.GlobalAveragePooling1D()(L.Embedding(20, 3)(vectorize(inp)))
    model = tf.keras.Model(inp, L.Dense(2)(x))
    path = os.path.join(tmp_path, "served")
    model.export(path, verbose=False)
    served = tf.saved_model.load(path).signatures["serving_default"]
    query = tf.constant([["good awful zzz"], ["fine"]])
    np.testing.assert_allclose(served(query)["output_0"].numpy(), model(query).numpy(),
                               rtol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="ragged"):
        L.TextVectorization(output_mode="count", ragged=True)
    with pytest.raises(RuntimeError):
        L.TextVectorization(output_mode="multi_hot")(tf.constant(["a"]))
    with pytest.raises(ValueError, match="split"):
        L.TextVectorization(split="comma")
