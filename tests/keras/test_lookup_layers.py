"""StringLookup, IntegerLookup, Hashing, Discretization and CategoryEncoding beyond the Keras
fixtures (tests/fixtures/keras_lookup.json): graph mode equals eager, Dataset.map, configs
round trip, models trained with fit, `.keras` files keeping adapted vocabularies."""
import os

import numpy as np
import pytest

import fluxion as tf

L = tf.keras.layers


def _graph_equals_eager(layer, x):
    eager = layer(x)
    graph = tf.function(lambda t: layer(t))(x)
    np.testing.assert_array_equal(np.asarray(graph.numpy()), np.asarray(eager.numpy()))
    assert graph.dtype == eager.dtype
    return eager


@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_string_lookup_graph_matches_eager(mode):
    layer = L.StringLookup(vocabulary=["a", "b", "c"], num_oov_indices=2, output_mode=mode)
    x = tf.constant([["a", "q"], ["c", "zz"]]) if mode != "one_hot" else tf.constant(["a", "q"])
    _graph_equals_eager(layer, x)


def test_adapt_frequency_order_and_ties():
    layer = L.StringLookup()
    layer.adapt(np.array(["b", "c", "a", "c", "b", "d", "d", "e"]))
    # counts 2 for b, c, d (ties: higher token first), then 1 for e, a
    assert layer.get_vocabulary() == ["[UNK]", "d", "c", "b", "e", "a"]
    layer = L.IntegerLookup(max_tokens=3)
    layer.adapt(tf.data.Dataset.from_tensor_slices(np.array([5, 5, 9, 9, 9, 1])).batch(4))
    assert layer.get_vocabulary() == [-1, 9, 5]


def test_adapt_generator_and_steps():
    layer = L.StringLookup()
    layer.adapt((np.array([[w]]) for w in ["x", "y", "y", "z", "z", "z"]), steps=3)
    assert layer.get_vocabulary() == ["[UNK]", "y", "x"]


def test_vocabulary_file_and_invert(tmp_path):
    path = os.path.join(tmp_path, "vocab.txt")
    with open(path, "w") as f:
        f.write("earth\nwind\nfire\n")
    layer = L.StringLookup(vocabulary=path)
    np.testing.assert_array_equal(layer(tf.constant(["fire", "water"])).numpy(), [3, 0])
    assert layer.get_config()["vocabulary"] is None and layer.vocabulary_size() == 4
    inverse = L.StringLookup(vocabulary=path, invert=True)
    assert inverse(tf.constant([1, 0])).numpy().tolist() == [b"earth", b"[UNK]"]


def test_num_oov_zero_fails_in_graph():
    layer = L.StringLookup(vocabulary=["a"], num_oov_indices=0)
    f = tf.function(lambda t: layer(t))
    assert f(tf.constant(["a"])).numpy().tolist() == [0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_oov_indices"):
        f(tf.constant(["b"]))


def test_configs_round_trip():
    layers = [L.StringLookup(vocabulary=["x", "y"], mask_token="", num_oov_indices=2),
              L.IntegerLookup(vocabulary=[4, 8], output_mode="count"),
              L.Hashing(num_bins=5, salt=[1, 2], mask_value=""),
              L.Discretization(bin_boundaries=[0.0, 2.5]),
              L.CategoryEncoding(num_tokens=6, output_mode="count")]
    for layer in layers:
        clone = type(layer).from_config(layer.get_config())
        assert clone.get_config() == layer.get_config()
        deser = L.deserialize(L.serialize(layer))
        assert type(deser) is type(layer)


def test_discretization_adapt_quantiles_close_to_numpy():
    data = np.sin(np.arange(3000) * 0.37) * 10
    layer = L.Discretization(num_bins=4, epsilon=0.001)
    layer.adapt(tf.data.Dataset.from_tensor_slices(data).batch(500))
    expected = np.quantile(data, [0.25, 0.5, 0.75])
    np.testing.assert_allclose(layer.bin_boundaries, expected, atol=0.1)
    values = np.array([[-20.0, 0.0, 5.0, 20.0]], np.float32)
    out = _graph_equals_eager(layer, tf.constant(values))
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), np.digitize(values, layer.bin_boundaries))
    assert out.numpy()[0, 0] == 0 and out.numpy()[0, 3] == 3


def test_hashing_graph_and_dataset():
    layer = L.Hashing(num_bins=10, output_mode="multi_hot")
    x = tf.constant([["a", "b"], ["c", "d"]])
    eager = _graph_equals_eager(layer, x)
    got = next(iter(tf.data.Dataset.from_tensor_slices(x).batch(2).map(layer)))
    np.testing.assert_array_equal(got.numpy(), eager.numpy())


def test_category_encoding_functional_fit():
    inp = tf.keras.Input(shape=(1,), dtype="int64")
    ids = L.IntegerLookup(vocabulary=[10, 20, 30])(inp)
    x = L.CategoryEncoding(num_tokens=4, output_mode="one_hot")(ids)
    out = L.Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(inp, out)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    xs = np.array([[10], [20], [30], [40]] * 8, np.int64)
    ys = np.array([1, 0, 1, 0] * 8, np.float32)
    hist = model.fit(xs, ys, epochs=15, batch_size=8, verbose=0)
    assert hist.history["loss"][-1] < 0.3 * hist.history["loss"][0]
    pred = model.predict(np.array([[10], [20]], np.int64), verbose=0)
    assert pred[0, 0] > 0.8 and pred[1, 0] < 0.2


def test_hashing_one_hot_functional_fit():
    inp = tf.keras.Input(shape=(1,), dtype="string")
    x = L.Hashing(num_bins=64, output_mode="one_hot")(inp)  # the 4 words in distinct bins
    assert tuple(x.shape) == (None, 64) and x.dtype == "float32"
    model = tf.keras.Model(inp, L.Dense(1, activation="sigmoid")(x))
    model.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    xs = np.array([["red"], ["green"], ["blue"], ["pink"]] * 8, dtype=object)
    ys = np.array([1, 0, 1, 0] * 8, np.float32)
    hist = model.fit(xs, ys, epochs=15, batch_size=8, verbose=0)
    assert hist.history["loss"][-1] < 0.5 * hist.history["loss"][0]


def test_string_lookup_embedding_fit_with_string_input():
    vocab = ["red", "green", "blue"]
    inp = tf.keras.Input(shape=(1,), dtype="string")
    x = L.StringLookup(vocabulary=vocab)(inp)
    x = L.Flatten()(L.Embedding(4, 4)(x))
    out = L.Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(inp, out)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    xs = np.array([["red"], ["green"], ["blue"], ["pink"]] * 8, dtype=object)
    ys = np.array([1, 0, 1, 0] * 8, np.float32)
    hist = model.fit(xs, ys, epochs=15, batch_size=8, verbose=0)
    assert hist.history["loss"][-1] < 0.3 * hist.history["loss"][0]


@pytest.mark.parametrize("make", [
    lambda: L.StringLookup(num_oov_indices=2, mask_token=""),
    lambda: L.StringLookup(output_mode="tf_idf"),
    lambda: L.IntegerLookup(output_mode="multi_hot", max_tokens=6),
])
def test_keras_file_keeps_adapted_vocabulary(tmp_path, make):
    layer = make()
    is_int = isinstance(layer, L.IntegerLookup)
    data = np.array([[1, 2, 2], [3, 3, 3]]) if is_int else np.array([["a", "b", "b"],
                                                                    ["c", "c", "é"]])
    layer.adapt(data)
    inp = tf.keras.Input(shape=(3,), dtype="int64" if is_int else "string")
    model = tf.keras.Model(inp, layer(inp))
    path = os.path.join(tmp_path, "m.keras")
    model.save(path)
    restored = tf.keras.models.load_model(path)
    query = np.array([[2, 9, 3]]) if is_int else np.array([["b", "zz", "é"]], dtype=object)
    np.testing.assert_allclose(restored(query).numpy(), model(query).numpy())
    assert restored.layers[-1].get_vocabulary() == layer.get_vocabulary()


def test_sparse_inputs_keep_their_structure():
    sp = tf.sparse.SparseTensor([[0, 0], [1, 2]], tf.constant(["b", "zz"]), [2, 3])
    out = L.StringLookup(vocabulary=["a", "b"])(sp)
    np.testing.assert_array_equal(out.values.numpy(), [2, 0])
    np.testing.assert_array_equal(out.dense_shape.numpy(), [2, 3])


def test_errors():
    with pytest.raises(ValueError, match="max_tokens"):
        L.StringLookup(max_tokens=1)
    with pytest.raises(ValueError, match="repeated"):
        L.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(RuntimeError, match="vocabulary"):
        L.StringLookup(output_mode="count")(tf.constant(["a"]))
    with pytest.raises(ValueError, match="adapt"):
        L.StringLookup(vocabulary=["a"]).adapt(["b"])
    with pytest.raises(ValueError):
        L.Hashing(num_bins=3, output_mode="nope")
