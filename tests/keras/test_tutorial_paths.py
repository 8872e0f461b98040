"""Paths TF2 tutorials take that crossed module borders: data of rank one short of a
functional input's (…, 1) shape, and a Sequential built on its first (string) batch."""
import numpy as np

import fluxion as tf


def test_functional_inputs_take_data_one_rank_short_or_with_an_extra_unit_dim():
    a = tf.keras.Input((1,), name="a")
    b = tf.keras.Input((2,), name="b")
    m = tf.keras.Model([a, b], tf.keras.layers.concatenate([a * 2.0, b]))
    out = m.predict({"a": tf.constant([1.0, 2.0]), "b": tf.ones([2, 2])}, verbose=0)
    np.testing.assert_array_equal(out, [[2.0, 1.0, 1.0], [4.0, 1.0, 1.0]])
    out = m({"a": tf.constant([[[3.0]]]), "b": tf.ones([1, 2])})  # [1, 1, 1]: trailing 1 off
    np.testing.assert_array_equal(out.numpy(), [[6.0, 1.0, 1.0]])


def test_sequential_first_called_on_strings_builds_a_string_input():
    vectorize = tf.keras.layers.TextVectorization(max_tokens=10, output_sequence_length=3)
    vectorize.adapt(["a b c", "a b", "a"])
    model = tf.keras.Sequential([vectorize, tf.keras.layers.Embedding(10, 2),
                                 tf.keras.layers.GlobalAveragePooling1D()])
    model.compile("adam", "mse")
    out = model.predict(tf.constant(["a b", "c"]), verbose=0)
    assert out.shape == (2, 2) and model.input.dtype == "string"
