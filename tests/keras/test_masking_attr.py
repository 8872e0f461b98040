"""`y._keras_mask` on layer outputs, as Keras attaches it: Embedding(mask_zero=True) and
Masking create it, layers that support masking pass it on, RNNs keep it on sequences only."""
import numpy as np
import pytest

import fluxion as tf

TOKENS = np.array([[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 6, 7]], np.int32)
EXPECTED = TOKENS != 0


def _embedded():
    return tf.keras.layers.Embedding(10, 3, mask_zero=True)(tf.constant(TOKENS))


def test_embedding_output_has_the_mask():
    y = _embedded()
    mask = y._keras_mask
    assert mask.dtype is tf.bool
    np.testing.assert_array_equal(mask.numpy(), EXPECTED)


def test_tensors_without_mask_have_no_attribute():
    assert not hasattr(tf.constant([1.0]), "_keras_mask")
    assert not hasattr(tf.keras.layers.Embedding(10, 3)(tf.constant(TOKENS)), "_keras_mask")
    assert not hasattr(_embedded() + 1.0, "_keras_mask")  # plain ops do not carry it
    with pytest.raises(AttributeError, match="_keras_mask"):
        tf.constant([1.0])._keras_mask  # noqa: B018 - the access is the test


def test_set_and_delete():
    t = tf.constant([1.0, 2.0])
    t._keras_mask = tf.constant([True, False])
    assert t._keras_mask.numpy().tolist() == [True, False]
    del t._keras_mask
    assert not hasattr(t, "_keras_mask")


@pytest.mark.parametrize("layer", [
    lambda: tf.keras.layers.Dense(2), lambda: tf.keras.layers.Dropout(0.5),
    lambda: tf.keras.layers.Activation("relu"), lambda: tf.keras.layers.LayerNormalization(),
    lambda: tf.keras.layers.LSTM(2, return_sequences=True),
    lambda: tf.keras.layers.GRU(2, return_sequences=True)], ids=lambda f: "")
def test_layers_that_support_masking_pass_it_on(layer):
    np.testing.assert_array_equal(layer()(_embedded())._keras_mask.numpy(), EXPECTED)


@pytest.mark.parametrize("layer", [
    lambda: tf.keras.layers.LSTM(2), lambda: tf.keras.layers.GlobalAveragePooling1D(),
    lambda: tf.keras.layers.Reshape((12,)), lambda: tf.keras.layers.Conv1D(2, 1)],
    ids=lambda f: "")
def test_layers_that_consume_or_drop_the_mask(layer):
    assert not hasattr(layer()(_embedded()), "_keras_mask")


def test_rnn_states_have_no_mask():
    out, h, c = tf.keras.layers.LSTM(2, return_sequences=True, return_state=True)(_embedded())
    np.testing.assert_array_equal(out._keras_mask.numpy(), EXPECTED)
    assert not hasattr(h, "_keras_mask") and not hasattr(c, "_keras_mask")


def test_masking_layer():
    x = np.array([[[1.0], [0.0]], [[0.0], [2.0]]], np.float32)
    y = tf.keras.layers.Masking(0.0)(tf.constant(x))
    np.testing.assert_array_equal(y._keras_mask.numpy(), np.any(x != 0.0, axis=-1))


def test_model_outputs_and_graph_mode():
    inp = tf.keras.Input((4,), dtype="int32")
    out = tf.keras.layers.Dense(1)(tf.keras.layers.Embedding(10, 3, mask_zero=True)(inp))
    model = tf.keras.Model(inp, out)
    np.testing.assert_array_equal(model(TOKENS)._keras_mask.numpy(), EXPECTED)
    seq = tf.keras.Sequential([tf.keras.layers.Embedding(10, 3, mask_zero=True),
                               tf.keras.layers.Dense(1)])
    np.testing.assert_array_equal(seq(TOKENS)._keras_mask.numpy(), EXPECTED)

    @tf.function
    def masked_mean(x):
        y = seq(x)
        weights = tf.cast(y._keras_mask, tf.float32)[..., None]
        return tf.reduce_sum(y * weights) / tf.reduce_sum(weights)

    for tokens in (TOKENS, TOKENS[:2]):
        y = seq(tokens).numpy()
        expected = y[tokens != 0].sum() / (tokens != 0).sum()
        np.testing.assert_allclose(masked_mean(tf.constant(tokens)).numpy(), expected,
                                   rtol=1e-5)
