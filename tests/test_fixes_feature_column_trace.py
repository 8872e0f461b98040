"""Feature columns inside traced functions: hashed, OOV-bucketed and crossed columns hash the
values each graph run sees (they were eager-only), sparse features are densified by graph ops,
so a serving function parsing Examples follows its input."""
from __future__ import annotations

import numpy as np

import fluxion as tf

fc = tf.feature_column


def _columns():
    word = fc.categorical_column_with_hash_bucket("word", 50)
    color = fc.categorical_column_with_vocabulary_list("color", ["red", "blue"],
                                                       num_oov_buckets=3)
    size = fc.categorical_column_with_identity("size", 4)
    cross = fc.crossed_column(["word", size], 40)
    return [fc.embedding_column(word, 3), fc.indicator_column(color),
            fc.indicator_column(cross), fc.indicator_column(size)]


BATCHES = [
    {"word": [["cat"], ["dog"]], "color": [["red"], ["green"]], "size": [[1], [3]]},
    {"word": [["emu"], [""], ["cat"]], "color": [["blue"], ["pink"], ["red"]],
     "size": [[0], [2], [1]]},
]


def _tensors(batch):
    return {"word": tf.constant(batch["word"]), "color": tf.constant(batch["color"]),
            "size": tf.constant(batch["size"], tf.int64)}


def test_dense_features_traced_once_follow_every_batch():
    tf.random.set_seed(1)
    layer = fc.DenseFeatures(_columns())
    layer(_tensors(BATCHES[0]))  # builds the weights eagerly
    signature = [tf.TensorSpec([None, 1], tf.string), tf.TensorSpec([None, 1], tf.string),
                 tf.TensorSpec([None, 1], tf.int64)]
    traced = tf.function(lambda w, c, s: layer({"word": w, "color": c, "size": s}),
                         input_signature=signature)
    for batch in BATCHES:
        features = _tensors(batch)
        got = traced(features["word"], features["color"], features["size"])
        np.testing.assert_allclose(got.numpy(), layer(features).numpy())
    assert traced.experimental_get_tracing_count() == 1


def _example(word: str, sizes: list) -> bytes:
    feature = {"word": tf.train.Feature(bytes_list=tf.train.BytesList(value=[word.encode()])),
               "size": tf.train.Feature(int64_list=tf.train.Int64List(value=sizes))}
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def test_serving_parsed_examples_through_hashed_and_crossed_columns(tmp_path):
    word = fc.categorical_column_with_hash_bucket("word", 30)
    size = fc.categorical_column_with_identity("size", 5)
    columns = [fc.indicator_column(word), fc.indicator_column(fc.crossed_column([word.key, size],
                                                                               20)),
               fc.indicator_column(size)]
    spec = fc.make_parse_example_spec(columns)
    layer = fc.DenseFeatures(columns)

    class Serving(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def serve(self, serialized):
            return layer(tf.io.parse_example(serialized, spec))

    module = Serving()
    batch = [_example("cat", [1]), _example("dog", [2, 4])]
    eager = layer(tf.io.parse_example(tf.constant(batch), spec)).numpy()
    first = module.serve(tf.constant([_example("emu", [0])]))
    assert first.shape == (1, eager.shape[1])
    np.testing.assert_array_equal(module.serve(tf.constant(batch)).numpy(), eager)
    tf.saved_model.save(module, str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    np.testing.assert_array_equal(loaded.serve(tf.constant(batch)).numpy(), eager)
    # columns sorted by name: the cross (size_X_word, 20), size (5), word (30)
    assert eager[1, 20:25].tolist() == [0, 0, 1, 0, 1]
