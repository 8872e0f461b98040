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


class _WrapsNorm(tf.keras.layers.Layer):  # no supports_masking: ends the mask, as Keras
    def __init__(self):
        super().__init__()
        self.norm = tf.keras.layers.LayerNormalization()

    def call(self, x):
        return self.norm(x)


def test_a_layer_without_masking_ends_the_mask_of_a_functional_models_output():
    def scalar_metric(y_true, y_pred):
        return tf.reduce_mean(y_pred)  # a scalar: a mask reaching it would fail, as in Keras

    inp = tf.keras.Input((None,), dtype="int64")
    h = tf.keras.layers.Embedding(10, 4, mask_zero=True)(inp)
    model = tf.keras.Model(inp, tf.keras.layers.Dense(3)(_WrapsNorm()(h)))
    model.compile("adam", "mse", metrics=[scalar_metric])
    history = model.fit(np.array([[1, 0], [2, 3]]), np.ones((2, 2, 3)), verbose=0)
    assert np.isfinite(history.history["scalar_metric"][0])
    assert not hasattr(model(np.array([[1, 0]])), "_keras_mask")
    masked = tf.keras.Model(inp, tf.keras.layers.Dense(3)(h))  # masking all the way
    assert masked(np.array([[1, 0]]))._keras_mask.numpy().tolist() == [[True, False]]
