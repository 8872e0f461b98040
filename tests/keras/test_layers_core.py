"""Core layers: Activation, Identity, Dropout, Masking, Lambda (and safe mode), Embedding."""
from __future__ import annotations

import json

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.layers.core import lambda_layer
from fluxion.keras.losses_base import get_keras_mask
from tests.keras.test_layers_common import check_modes, rand

keras = tf.keras
L = keras.layers


def test_activation_by_name_and_callable():
    x = rand((3, 4))
    check_modes(L.Activation("relu"), x, np.maximum(x, 0))
    e = np.exp(x - x.max(-1, keepdims=True))
    check_modes(L.Activation("softmax"), x, e / e.sum(-1, keepdims=True))
    check_modes(L.Activation(tf.math.square), x, x * x)
    assert L.Activation("relu").get_config()["activation"] == "relu"
    with pytest.raises(ValueError):
        L.Activation("no_such_activation")


def test_identity_returns_its_input():
    x = rand((2, 3, 2))
    check_modes(L.Identity(), x, x)
    assert L.Identity().get_config().keys() == {"name", "trainable", "dtype"}


def test_dropout_is_identity_at_inference():
    x = rand((8, 5))
    layer = L.Dropout(0.5)
    check_modes(layer, x, x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)


def test_dropout_in_training_zeroes_and_rescales():
    x = np.ones((200, 50), np.float32)
    out = L.Dropout(0.3)(x, training=True).numpy()
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / 0.7, rtol=1e-6)
    assert abs(1 - kept.mean() - 0.3) < 0.02
    graph = tf.function(lambda t: L.Dropout(0.3)(t, training=True))
    first, second = graph(tf.constant(x)).numpy(), graph(tf.constant(x)).numpy()
    assert abs((first == 0).mean() - 0.3) < 0.02
    assert not np.array_equal(first, second)  # a new mask at each run of the graph


def test_dropout_noise_shape_shares_the_mask_and_edge_rates():
    x = np.ones((40, 6, 3), np.float32)
    out = L.Dropout(0.5, noise_shape=(None, 1, 3))(x, training=True).numpy()
    assert np.all(out == out[:, :1, :])  # one draw shared along axis 1
    assert 0 < (out == 0).mean() < 1
    np.testing.assert_array_equal(L.Dropout(1.0)(x, training=True).numpy(), np.zeros_like(x))
    np.testing.assert_array_equal(L.Dropout(0.0)(x, training=True).numpy(), x)
    with pytest.raises(ValueError, match="between 0 and 1"):
        L.Dropout(-0.1)
    with pytest.raises(ValueError, match="noise_shape"):
        L.Dropout(0.5, noise_shape=(0, 1))
    cfg = L.Dropout(0.2, noise_shape=[None, 1], seed=4).get_config()
    assert (cfg["rate"], cfg["noise_shape"], cfg["seed"]) == (0.2, (None, 1), 4)


def test_dropout_gradient_follows_the_mask():
    x = tf.constant(np.ones((30, 4), np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = L.Dropout(0.4)(x, training=True)
    g = tape.gradient(y, x).numpy()
    np.testing.assert_allclose(g, y.numpy())  # d(mask * x / keep) / dx = mask / keep


def test_masking_zeroes_masked_steps_and_attaches_the_mask():
    x = rand((2, 4, 3))
    x[0, 1] = 0.0
    x[1, 3] = 0.0
    keep = np.any(x != 0.0, axis=-1)
    out = check_modes(L.Masking(), x, np.where(keep[..., None], x, 0.0))
    np.testing.assert_array_equal(get_keras_mask(out).numpy(), keep)
    layer = L.Masking(mask_value=x[0, 0, 0])
    x2 = x.copy()
    x2[1, 0] = x[0, 0, 0]
    keep2 = np.any(x2 != x[0, 0, 0], axis=-1)
    np.testing.assert_array_equal(layer.compute_mask(tf.constant(x2)).numpy(), keep2)
    np.testing.assert_allclose(layer(x2).numpy(), np.where(keep2[..., None], x2, 0.0))


def test_lambda_calls_its_function_with_arguments_training_and_mask():
    x = rand((2, 3))
    check_modes(L.Lambda(lambda t, k: t * k, arguments={"k": 2.0}), x, 2 * x)
    seen = []

    def fn(t, training=None, mask=None):
        seen.append((training, mask))
        return t + 1.0
    layer = L.Lambda(fn)
    np.testing.assert_allclose(layer(x, training=True).numpy(), x + 1)
    assert seen[-1] == (True, None)


def test_lambda_in_a_graph_converts_python_control_flow():
    def clip_if_big(t):
        if tf.reduce_max(t) > 1.0:
            return t / tf.reduce_max(t)
        return t
    layer = L.Lambda(clip_if_big)
    graph = tf.function(lambda t: layer(t))
    np.testing.assert_allclose(graph(tf.constant([[4.0, 2.0]])).numpy(), [[1.0, 0.5]])
    np.testing.assert_allclose(graph(tf.constant([[0.5, 0.25]])).numpy(), [[0.5, 0.25]])


def test_lambda_python_lambda_needs_unsafe_mode_to_deserialize():
    layer = L.Lambda(lambda t, k=3.0: t * k, output_shape=(3,))
    payload = json.loads(json.dumps(L.serialize(layer)))
    assert payload["config"]["function"]["class_name"] == "__lambda__"
    assert payload["config"]["output_shape"] == [3]
    with pytest.raises(ValueError, match="safe_mode=False"):
        L.deserialize(payload)
    with pytest.raises(ValueError, match="Python lambda"):
        L.Lambda.from_config(payload["config"])
    with lambda_layer.SafeModeScope(False):
        clone = L.deserialize(payload)
    np.testing.assert_allclose(clone(np.ones((1, 3), np.float32)).numpy(), [[3.0, 3.0, 3.0]])
    assert clone.get_config()["output_shape"] == (3,)
    explicit = L.Lambda.from_config(payload["config"], safe_mode=False)
    np.testing.assert_allclose(explicit(np.full((1, 2), 2.0, np.float32)).numpy(), [[6, 6]])
    with lambda_layer.SafeModeScope(True), pytest.raises(ValueError):
        L.Lambda.from_config(payload["config"])


def test_lambda_named_function_round_trips_through_custom_objects():
    def double(t):
        return t * 2.0
    payload = L.serialize(L.Lambda(double))
    assert payload["config"]["function"]["config"] == "double"
    clone = L.deserialize(payload, custom_objects={"double": double})
    np.testing.assert_allclose(clone(np.ones((1, 2), np.float32)).numpy(), [[2.0, 2.0]])


def test_embedding_looks_up_rows():
    layer = L.Embedding(6, 3)
    ids = np.array([[0, 5, 2], [3, 3, 1]])
    table = rand((6, 3), seed=2)
    layer.build()
    layer.set_weights([table])
    check_modes(layer, ids.astype(np.int32), table[ids])
    np.testing.assert_allclose(layer(np.array([1.0, 4.0])).numpy(), table[[1, 4]])
    assert [w.name for w in layer.weights] == ["embeddings"]
    assert layer.get_config()["embeddings_initializer"]["class_name"] == "RandomUniform"


def test_embedding_default_initializer_is_uniform_005():
    layer = L.Embedding(200, 50)
    layer.build()
    w = layer.get_weights()[0]
    assert w.shape == (200, 50) and np.abs(w).max() <= 0.05 and w.std() > 0.02


def test_embedding_gradient_accumulates_repeated_ids():
    layer = L.Embedding(4, 2, embeddings_initializer="ones")
    ids = tf.constant([[1, 1, 3]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(layer(ids) * tf.constant([[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]]))
    g = tf.convert_to_tensor(tape.gradient(y, layer.embeddings)).numpy()
    np.testing.assert_allclose(g, [[0, 0], [4, 6], [0, 0], [5, 6]])


def test_embedding_mask_zero_and_weights_argument():
    layer = L.Embedding(4, 2, mask_zero=True, weights=[np.arange(8.0).reshape(4, 2)])
    assert layer.built
    out = layer(np.array([[0, 2, 0]]))
    np.testing.assert_allclose(out.numpy(), [[[0, 1], [4, 5], [0, 1]]])
    np.testing.assert_array_equal(get_keras_mask(out).numpy(), [[False, True, False]])
    np.testing.assert_array_equal(layer.compute_mask(tf.constant([[3, 0]])).numpy(),
                                  [[True, False]])
    assert L.Embedding(3, 2).compute_mask(tf.constant([0])) is None
    with pytest.raises(ValueError, match="output_dim"):
        L.Embedding(3, 0)


def test_embedding_in_a_trained_functional_model():
    inputs = keras.Input((3,), dtype="int32")
    x = L.Embedding(6, 4)(inputs)
    x = L.Flatten()(x)
    outputs = L.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    assert x.shape == (None, 12)
    ids = tf.constant(np.array([[0, 1, 2], [3, 4, 0]], np.int32))
    before = model.get_weights()[0].copy()

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(ids, training=True) - 1.0))
        grads = tape.gradient(loss, model.trainable_weights)
        for v, g in zip(model.trainable_weights, grads):
            v.assign_sub(0.1 * tf.convert_to_tensor(g))
        return loss
    losses = [float(step()) for _ in range(20)]
    after = model.get_weights()[0]
    assert losses[-1] < losses[0] and not np.allclose(before, after)
    np.testing.assert_array_equal(after[5], before[5])  # id 5 never appears
    assert not np.allclose(after[4], before[4])


def test_masking_gradient_passes_only_unmasked_steps():
    x = rand((2, 3, 2), seed=4)
    x[0, 2] = 0.0
    t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = tf.reduce_sum(L.Masking()(t) * 3.0)
    keep = np.any(x != 0, axis=-1, keepdims=True)
    np.testing.assert_allclose(tape.gradient(y, t).numpy(), np.where(keep, 3.0, 0.0) + 0 * x)


@pytest.mark.parametrize("cls,shape,shared", [
    (L.SpatialDropout1D, (20, 5, 6), (1,)), (L.SpatialDropout2D, (20, 3, 4, 6), (1, 2)),
    (L.SpatialDropout3D, (10, 2, 3, 2, 6), (1, 2, 3))])
def test_spatial_dropout_drops_whole_feature_maps(cls, shape, shared):
    x = np.ones(shape, np.float32)
    layer = cls(0.5)
    check_modes(layer, x, x)  # inference: identity
    out = layer(x, training=True).numpy()
    first = out[(slice(None),) + (slice(0, 1),) * len(shared)]
    assert np.all(out == first) and 0 < (out == 0).mean() < 1
    np.testing.assert_allclose(out[out != 0], 2.0)
    config = layer.get_config()
    assert "trainable" not in config and config["dtype"] == "float32"
    assert type(layer).from_config(config).rate == 0.5
    with pytest.raises(ValueError, match="expected ndim"):
        cls(0.5)(np.ones((2,) * (len(shape) + 1), np.float32))


def test_spatial_dropout2d_channels_first():
    out = L.SpatialDropout2D(0.5, data_format="channels_first")(
        np.ones((30, 4, 3, 3), np.float32), training=True).numpy()
    assert np.all(out == out[:, :, :1, :1])


def test_gaussian_noise_and_dropout_statistics():
    x = np.ones((400, 50), np.float32)
    for layer in (L.GaussianNoise(0.5), L.GaussianDropout(0.2)):
        check_modes(layer, x, x)
    noisy = L.GaussianNoise(0.5)(x, training=True).numpy()
    assert abs(noisy.mean() - 1) < 0.02 and abs(noisy.std() - 0.5) < 0.02
    scaled = L.GaussianDropout(0.2)(x, training=True).numpy()
    assert abs(scaled.mean() - 1) < 0.02 and abs(scaled.std() - 0.5) < 0.02
    with pytest.raises(ValueError, match="stddev"):
        L.GaussianNoise(2.0)


def test_alpha_dropout_keeps_selu_statistics():
    x = rand((500, 40), seed=5)
    layer = L.AlphaDropout(0.2)
    check_modes(layer, x, x)
    out = layer(x, training=True).numpy()
    assert abs(out.mean() - x.mean()) < 0.03 and abs(out.std() - x.std()) < 0.03
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - 0.2) * (1 + 0.2 * alpha_p ** 2)) ** -0.5
    dropped = np.isclose(out, a * alpha_p - a * alpha_p * 0.2, atol=1e-5)
    assert abs(dropped.mean() - 0.2) < 0.02


def test_activity_regularization_adds_the_penalty():
    x = rand((4, 3))
    layer = L.ActivityRegularization(l1=0.1, l2=0.01)
    np.testing.assert_allclose(layer(x).numpy(), x)
    want = (0.1 * np.abs(x).sum() + 0.01 * (x ** 2).sum()) / 4
    np.testing.assert_allclose(float(layer.losses[0]), want, rtol=1e-5)
    config = layer.get_config()
    assert (config["l1"], config["l2"]) == (0.1, 0.01) and "activity_regularizer" not in config
    assert L.ActivityRegularization.from_config(config).l1 == 0.1
