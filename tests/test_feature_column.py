"""tf.feature_column: column outputs against hand-computed values, FarmHash buckets against
TensorFlow's, parse specs with parse_example, and DenseFeatures trained inside a Keras model."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.feature_column import _farmhash

fc = tf.feature_column
T = tf.train

WORDS = ["", "a", "abcdefgh", "x" * 20, "y" * 50, "z" * 200, "caf\u00e9"]


def test_fingerprint64_matches_tensorflow():
    # tf.strings.to_hash_bucket_fast(WORDS, 2**63 - 1) and (WORDS, 1000) under TF 2.21
    big = [1936946117179621456, 3694432073954588132, 9145071594317031690, 8233088228747857348,
           1536034821532487699, 8728890208429024092, 2156005646011579780]
    assert _farmhash.hash_buckets(WORDS, 2**63 - 1).tolist() == big
    assert _farmhash.hash_buckets(WORDS, 1000).tolist() == [263, 939, 497, 348, 699, 92, 587]


def dense(cols, feats):
    return fc.DenseFeatures(cols)(feats).numpy()


def test_numeric_flattens_sorted_by_name_and_normalizes():
    cols = [fc.numeric_column("b", shape=(2, 2)),
            fc.numeric_column("a", normalizer_fn=lambda x: x - 1)]
    out = dense(cols, {"a": tf.constant([3.0, 4.0]),
                       "b": tf.constant(np.arange(8, dtype=np.float32).reshape(2, 2, 2))})
    np.testing.assert_array_equal(out, [[2, 0, 1, 2, 3], [3, 4, 5, 6, 7]])
    assert out.dtype == np.float32


def test_numeric_default_value_and_errors():
    assert fc.numeric_column("x", shape=(2,), default_value=3).default_value == (3.0, 3.0)
    with pytest.raises(ValueError):
        fc.numeric_column("x", shape=(2,), default_value=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        fc.numeric_column("x", dtype=tf.string)
    with pytest.raises(TypeError):
        fc.numeric_column("x", normalizer_fn=3)


def test_bucketized_edges_and_ids():
    b = fc.bucketized_column(fc.numeric_column("x"), [0.0, 1.0, 2.0])
    x = tf.constant([[-1.0], [0.0], [0.999], [1.0], [2.0], [3.0]])
    np.testing.assert_array_equal(dense([b], {"x": x}).argmax(1), [0, 1, 1, 2, 3, 3])
    b2 = fc.bucketized_column(fc.numeric_column("x", shape=(2,)), [0.0])
    assert b2.num_buckets == 4 and b2.name == "x_bucketized"
    np.testing.assert_array_equal(
        dense([fc.indicator_column(b2)], {"x": tf.constant([[-1.0, 1.0], [5.0, 5.0]])}),
        [[1, 0, 0, 1], [0, 1, 0, 1]])
    with pytest.raises(ValueError):
        fc.bucketized_column(fc.numeric_column("x"), [1.0, 1.0])


def test_vocabulary_list_oov_default_and_missing():
    v = fc.categorical_column_with_vocabulary_list("s", ["a", "b", "c"], num_oov_buckets=2)
    assert v.num_buckets == 5 and v.dtype == tf.string
    ids, _ = v.get_ids({"s": tf.constant([["a", "zz"], ["c", ""]])})
    oov = 3 + _farmhash.hash_buckets(["zz"], 2)[0]
    np.testing.assert_array_equal(ids.numpy(), [[0, oov], [2, -1]])
    d = fc.categorical_column_with_vocabulary_list("s", ["a", "b"], default_value=1)
    np.testing.assert_array_equal(dense([fc.indicator_column(d)],
                                        {"s": tf.constant([["a", "q"], ["q", "q"]])}),
                                  [[1, 1], [0, 2]])
    i = fc.categorical_column_with_vocabulary_list("i", [10, 20, 30])
    assert i.dtype == tf.int64
    np.testing.assert_array_equal(dense([fc.indicator_column(i)],
                                        {"i": tf.constant([[30, 5], [-1, 10]])}),
                                  [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError):
        fc.categorical_column_with_vocabulary_list("s", ["a"], dtype=tf.int64)


def test_vocabulary_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("red\ngreen\nblue\n")
    c = fc.categorical_column_with_vocabulary_file("c", str(path), vocabulary_size=2,
                                                   default_value=0)
    assert c.num_buckets == 2
    ids, _ = c.get_ids({"c": tf.constant([["green"], ["blue"], ["red"]])})
    np.testing.assert_array_equal(ids.numpy(), [[1], [0], [0]])
    o = fc.categorical_column_with_vocabulary_file("c", str(path), num_oov_buckets=1)
    ids, _ = o.get_ids({"c": tf.constant([["blue", "pink"]])})
    np.testing.assert_array_equal(ids.numpy(), [[2, 3]])


def test_identity_and_hash_columns():
    c = fc.categorical_column_with_identity("id", 4, default_value=3)
    ids, _ = c.get_ids({"id": tf.constant([[0, 9], [-1, 2]])})
    np.testing.assert_array_equal(ids.numpy(), [[0, 3], [-1, 2]])
    h = fc.categorical_column_with_hash_bucket("h", 1000)
    ids, _ = h.get_ids({"h": tf.constant([[w] for w in WORDS[1:]])})
    np.testing.assert_array_equal(ids.numpy()[:, 0], [939, 497, 348, 699, 92, 587])
    hi = fc.categorical_column_with_hash_bucket("h", 1000, dtype=tf.int64)
    ids, _ = hi.get_ids({"h": tf.constant([[12], [-1]], tf.int64)})
    np.testing.assert_array_equal(ids.numpy()[:, 0],
                                  [_farmhash.hash_buckets(["12"], 1000)[0], -1])
    with pytest.raises(ValueError):
        fc.categorical_column_with_hash_bucket("h", 10, dtype=tf.float32)


def test_indicator_multi_hot_from_sparse():
    c = fc.categorical_column_with_identity("id", 4)
    sp = tf.sparse.SparseTensor([[0, 0], [0, 1], [0, 2], [2, 0]],
                                tf.constant([1, 1, 3, 0], tf.int64), [3, 3])
    np.testing.assert_array_equal(dense([fc.indicator_column(c)], {"id": sp}),
                                  [[0, 2, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0]])


@pytest.mark.parametrize("combiner", ["mean", "sqrtn", "sum"])
def test_embedding_combiners_against_numpy(combiner):
    c = fc.weighted_categorical_column(fc.categorical_column_with_identity("id", 5), "w")
    e = fc.embedding_column(c, 3, combiner=combiner)
    layer = fc.DenseFeatures([e])
    ids = np.array([[0, 4, 4], [2, -1, -1], [-1, -1, -1]])
    w = np.array([[1.0, 2.0, 0.5], [3.0, 0.0, 0.0], [0.0, 0.0, 0.0]], np.float32)
    out = layer({"id": tf.constant(ids), "w": tf.constant(w)}).numpy()
    table = layer.weights[0].numpy()
    assert table.shape == (5, 3) and layer.weights[0].trainable
    for r in range(3):
        keep = ids[r] >= 0
        rows, ww = table[ids[r][keep]], w[r][keep]
        total = (rows * ww[:, None]).sum(0)
        norm = {"sum": 1.0, "mean": ww.sum(), "sqrtn": np.sqrt((ww ** 2).sum())}[combiner]
        expected = total / norm if keep.any() else np.zeros(3)
        np.testing.assert_allclose(out[r], expected, rtol=1e-6, atol=1e-7)


def test_embedding_initializer_and_default_init_scale():
    c = fc.categorical_column_with_identity("id", 3)
    init = lambda shape, dtype=None: tf.reshape(tf.range(6, dtype=tf.float32), shape)
    out = dense([fc.embedding_column(c, 2, initializer=init)], {"id": tf.constant([[2, 0]])})
    np.testing.assert_allclose(out, [[2.0, 3.0]])
    layer = fc.DenseFeatures([fc.embedding_column(fc.categorical_column_with_identity("i", 400),
                                                  16)])
    layer({"i": tf.constant([[1]])})
    table = layer.weights[0].numpy()
    assert abs(table.std() - 0.25 * 0.88) < 0.02 and np.abs(table).max() <= 0.5 + 1e-6
    with pytest.raises(ValueError):
        fc.embedding_column(c, 2, combiner="max")


def test_dense_features_errors_and_order():
    c = fc.categorical_column_with_identity("id", 3)
    with pytest.raises(ValueError):
        fc.DenseFeatures([c])
    layer = fc.DenseFeatures([fc.numeric_column("z"), fc.indicator_column(c)])
    assert [col.name for col in layer.feature_columns] == ["id_indicator", "z"]
    with pytest.raises(ValueError):
        layer(tf.constant([1.0]))


def test_parse_example_spec_round_trip():
    emb = fc.embedding_column(fc.categorical_column_with_vocabulary_list("s", ["a", "b"]), 2)
    w = fc.weighted_categorical_column(fc.categorical_column_with_identity("id", 3), "wt")
    num = fc.numeric_column("x", shape=(2,), default_value=-1.0)
    spec = fc.make_parse_example_spec([num, emb, fc.indicator_column(w)])
    assert spec == {"x": tf.io.FixedLenFeature((2,), tf.float32, (-1.0, -1.0)),
                    "s": tf.io.VarLenFeature(tf.string), "id": tf.io.VarLenFeature(tf.int64),
                    "wt": tf.io.VarLenFeature(tf.float32)}

    def example(x, s, ids, wts):
        feat = {"s": T.Feature(bytes_list=T.BytesList(value=s)),
                "id": T.Feature(int64_list=T.Int64List(value=ids)),
                "wt": T.Feature(float_list=T.FloatList(value=wts))}
        if x is not None:
            feat["x"] = T.Feature(float_list=T.FloatList(value=x))
        return T.Example(features=T.Features(feature=feat)).SerializeToString()
    serialized = [example([1.0, 2.0], [b"a", b"b"], [0, 2], [1.0, 2.0]),
                  example(None, [b"b"], [1], [0.5])]
    parsed = tf.io.parse_example(serialized, spec)
    out = dense([num, fc.indicator_column(w)], parsed)
    np.testing.assert_array_equal(out, [[1, 0, 2, 1, 2], [0, 0.5, 0, -1, -1]])
    emb_out = dense([emb], parsed)
    assert emb_out.shape == (2, 2)
    with pytest.raises(ValueError):
        fc.make_parse_example_spec([fc.numeric_column("s"), emb])


def test_dense_features_in_functional_model_fit():
    keras = tf.keras
    cols = [fc.numeric_column("x"),
            fc.embedding_column(fc.categorical_column_with_identity("id", 5), 3),
            fc.indicator_column(fc.categorical_column_with_vocabulary_list("s", ["a", "b"])),
            fc.bucketized_column(fc.numeric_column("x"), [0.0])]
    inputs = {"x": keras.Input(shape=(1,), name="x"),
              "id": keras.Input(shape=(1,), dtype="int64", name="id"),
              "s": keras.Input(shape=(1,), dtype="string", name="s")}
    features = fc.DenseFeatures(cols)(inputs)
    assert tuple(features.shape) == (None, 8)
    model = keras.Model(inputs, keras.layers.Dense(1)(features))
    model.compile(keras.optimizers.Adam(0.05), "mse")
    rng = np.random.default_rng(0)
    n = 64
    data = {"x": rng.normal(size=(n, 1)).astype("float32"), "id": rng.integers(0, 5, (n, 1)),
            "s": np.array([["a"], ["b"]] * (n // 2), dtype=object)}
    y = (data["x"][:, 0] + data["id"][:, 0]).astype("float32")
    dense_layer = next(layer for layer in model.layers if isinstance(layer, fc.DenseFeatures))
    before = dense_layer.weights[0].numpy().copy()
    loss = model.fit(data, y, epochs=6, batch_size=16, verbose=0).history["loss"]
    assert loss[-1] < loss[0] * 0.9
    names = [w.name for w in model.trainable_weights]
    assert "id_embedding/embedding_weights" in names
    assert not np.allclose(dense_layer.weights[0].numpy(), before)  # the table trained


def test_crossed_column_hashes_as_tf():
    # TF 2.21: crossed_column(['s', bucketized x [0, 1]], 13) gives ids {1, 9} and {3, 12}
    b = fc.bucketized_column(fc.numeric_column("x"), [0.0, 1.0])
    c = fc.crossed_column(["s", b], 13)
    assert c.name == "s_X_x_bucketized" and c.num_buckets == 13
    ids, _ = c.get_ids({"s": tf.constant([["a", "b"], ["c", ""]]),
                        "x": tf.constant([[0.5], [-3.0]])})
    assert [sorted(r) for r in ids.numpy().tolist()] == [[1, 9], [3, 12]]
    with pytest.raises(ValueError):
        fc.crossed_column([fc.categorical_column_with_hash_bucket("h", 3), "s"], 5)


def test_shared_embeddings_share_one_table():
    p, q = (fc.categorical_column_with_identity(k, 3) for k in "pq")
    cols = fc.shared_embeddings([p, q], 2, combiner="sum")
    layer = fc.DenseFeatures(cols)
    out = layer({"p": tf.constant([[1]]), "q": tf.constant([[2, 0]])}).numpy()
    assert len(layer.weights) == 1
    table = layer.weights[0].numpy()
    np.testing.assert_allclose(out, [np.concatenate([table[1], table[2] + table[0]])],
                               rtol=1e-6)
    with pytest.raises(ValueError):
        fc.shared_embeddings([p, fc.categorical_column_with_identity("r", 4)], 2)
