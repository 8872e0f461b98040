"""Shared checks for the layer tests (imported by tests/keras/test_layers_*.py), and the
properties every built-in layer of areas core/conv/pooling/normalization/merging/reshaping/
preprocessing must have: configs that are JSON, round-trip through `from_config` and
`keras.layers.deserialize`, and call signatures that take `training` only where Keras does."""
from __future__ import annotations

import json

import numpy as np
import pytest

import fluxion as tf

keras = tf.keras
L = keras.layers


def rand(shape, seed=0, dtype=np.float32, scale=1.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale).astype(dtype)


def call(layer, x, **kwargs):
    return layer(x, **kwargs)


def check_modes(layer, inputs, expected, rtol=1e-5, atol=1e-6, **kwargs):
    """`layer(inputs)` equals `expected` eagerly, inside `fluxion.function`, and as a
    functional model whose KerasTensor output has the expected shape with a None batch dim.
    `inputs` is an array or a list of arrays (merging layers)."""
    many = isinstance(inputs, list)
    eager = layer(inputs, **kwargs)
    np.testing.assert_allclose(np.asarray(eager), expected, rtol=rtol, atol=atol)
    tensors = [tf.constant(a) for a in inputs] if many else tf.constant(inputs)
    graph = tf.function(lambda t: layer(t, **kwargs))(tensors)
    np.testing.assert_allclose(np.asarray(graph), expected, rtol=rtol, atol=atol)
    arrays = inputs if many else [inputs]
    symbolic = [keras.Input(batch_shape=(None,) + a.shape[1:], dtype=a.dtype.name)
                for a in arrays]
    out = layer(symbolic if many else symbolic[0], **kwargs)
    assert out.shape == (None,) + tuple(expected.shape[1:]), out.shape
    model = keras.Model(symbolic if many else symbolic[0], out)
    np.testing.assert_allclose(np.asarray(model(inputs)), expected, rtol=rtol, atol=atol)
    return eager


def check_config_round_trip(layer, x=None) -> None:
    """get_config is JSON; from_config and deserialize(serialize) rebuild an equal config
    (and, given `x`, a layer computing the same outputs with the same weights)."""
    config = layer.get_config()
    assert json.loads(json.dumps(config)) == json.loads(json.dumps(config))
    clone = type(layer).from_config(json.loads(json.dumps(config)))
    assert json.dumps(clone.get_config(), sort_keys=True) == json.dumps(config, sort_keys=True)
    payload = json.loads(json.dumps(L.serialize(layer)))
    assert payload["class_name"] == type(layer).__name__
    again = L.deserialize(payload)
    assert type(again) is type(layer)
    assert json.dumps(again.get_config(), sort_keys=True) == json.dumps(config, sort_keys=True)
    if x is not None:
        want = layer(x)
        again(x)
        again.set_weights(layer.get_weights())
        np.testing.assert_allclose(np.asarray(again(x)), np.asarray(want), rtol=1e-6)


def check_weight_gradients(layer, x, rtol=1e-5, atol=1e-6, eps=1e-6, **kwargs) -> None:
    """Tape gradients of sum(layer(x) * c) with respect to the input and every trainable
    weight of a float64 layer, against central finite differences."""
    x = tf.constant(np.asarray(x, np.float64))
    layer(x, **kwargs)
    variables = list(layer.trainable_weights)
    cot = tf.constant(rand(tuple(layer(x, **kwargs).shape), seed=7, dtype=np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(layer(x, **kwargs) * cot)
    grads = tape.gradient(total, [x] + variables)

    def objective():
        return float(np.sum(np.asarray(layer(x, **kwargs)) * np.asarray(cot)))

    for k, var in enumerate(variables):
        value = var.numpy().copy()
        numeric = np.zeros_like(value)
        for i in range(value.size):
            for sign in (1, -1):
                bumped = value.copy()
                bumped.reshape(-1)[i] += sign * eps
                var.assign(bumped)
                numeric.reshape(-1)[i] += sign * objective() / (2 * eps)
        var.assign(value)
        np.testing.assert_allclose(np.asarray(grads[k + 1]), numeric, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of {var.name}")
    xv = x.numpy()
    numeric = np.zeros_like(xv)
    for i in range(xv.size):
        for sign in (1, -1):
            bumped = xv.copy()
            bumped.reshape(-1)[i] += sign * eps
            out = np.asarray(layer(tf.constant(bumped), **kwargs))
            numeric.reshape(-1)[i] += sign * float(np.sum(out * np.asarray(cot))) / (2 * eps)
    np.testing.assert_allclose(np.asarray(grads[0]), numeric, rtol=rtol, atol=atol,
                               err_msg="gradient of the input")


# --- every layer of these areas -------------------------------------------------------------------
_EXAMPLES = [
    (lambda: L.Activation("tanh"), (2, 3)), (lambda: L.Identity(), (2, 3)),
    (lambda: L.Dropout(0.3, noise_shape=(None, 1), seed=3), (2, 3)),
    (lambda: L.Masking(mask_value=1.0), (2, 3, 2)),
    (lambda: L.SpatialDropout2D(0.2, data_format="channels_first"), (1, 2, 2, 2)),
    (lambda: L.SpatialDropout1D(0.2, seed=1), (1, 2, 2)),
    (lambda: L.GaussianNoise(0.2), (2, 3)), (lambda: L.GaussianDropout(0.2), (2, 3)),
    (lambda: L.AlphaDropout(0.2), (2, 3)), (lambda: L.ActivityRegularization(0.1), (2, 3)),
    (lambda: L.Conv1D(2, 3, padding="causal", dilation_rate=2), (1, 6, 2)),
    (lambda: L.Conv2D(4, (2, 3), strides=(1, 2), groups=2, kernel_regularizer="l2",
                      bias_constraint="non_neg", activity_regularizer="l1"), (1, 5, 6, 2)),
    (lambda: L.Conv3D(2, 2, data_format="channels_first"), (1, 1, 3, 3, 3)),
    (lambda: L.Conv1DTranspose(2, 3, strides=2, output_padding=1), (1, 3, 2)),
    (lambda: L.Conv2DTranspose(2, 3, strides=2, padding="same"), (1, 3, 3, 2)),
    (lambda: L.Conv3DTranspose(1, 2), (1, 2, 2, 2, 1)),
    (lambda: L.DepthwiseConv1D(2, depth_multiplier=2), (1, 4, 2)),
    (lambda: L.DepthwiseConv2D(2, padding="same", activation="relu"), (1, 3, 3, 2)),
    (lambda: L.SeparableConv1D(3, 2, depth_multiplier=2), (1, 5, 2)),
    (lambda: L.SeparableConv2D(3, 2, pointwise_regularizer="l1"), (1, 4, 4, 2)),
    (lambda: L.MaxPooling1D(3, padding="same"), (1, 5, 2)),
    (lambda: L.MaxPooling2D(), (1, 4, 4, 2)), (lambda: L.MaxPooling3D(), (1, 2, 2, 2, 1)),
    (lambda: L.AveragePooling1D(2, strides=1), (1, 5, 2)),
    (lambda: L.AveragePooling2D(2, data_format="channels_first"), (1, 2, 4, 4)),
    (lambda: L.AveragePooling3D(2), (1, 2, 2, 2, 1)),
    (lambda: L.GlobalMaxPooling1D(), (1, 3, 2)),
    (lambda: L.GlobalMaxPooling2D(keepdims=True), (1, 3, 3, 2)),
    (lambda: L.GlobalMaxPooling3D(), (1, 2, 2, 2, 2)),
    (lambda: L.GlobalAveragePooling1D(), (1, 3, 2)),
    (lambda: L.GlobalAveragePooling2D(), (1, 3, 3, 2)),
    (lambda: L.GlobalAveragePooling3D(data_format="channels_first"), (1, 2, 2, 2, 2)),
    (lambda: L.BatchNormalization(axis=1, momentum=0.9, beta_regularizer="l2"), (2, 3, 2)),
    (lambda: L.BatchNormalization(renorm=True, renorm_clipping={"rmax": 2.0}), (2, 3)),
    (lambda: L.LayerNormalization(axis=[1, 2], center=False), (2, 3, 2)),
    (lambda: L.GroupNormalization(groups=2, epsilon=1e-4), (2, 3, 4)),
    (lambda: L.UnitNormalization(axis=[1]), (2, 3)),
    (lambda: L.ZeroPadding1D((1, 2)), (1, 3, 2)), (lambda: L.ZeroPadding2D(2), (1, 2, 2, 1)),
    (lambda: L.ZeroPadding3D(((1, 0), (0, 1), (1, 1))), (1, 2, 2, 2, 1)),
    (lambda: L.Cropping1D(1), (1, 4, 2)), (lambda: L.Cropping2D((1, 0)), (1, 4, 4, 1)),
    (lambda: L.Cropping3D(1), (1, 3, 3, 3, 1)),
    (lambda: L.UpSampling1D(2), (1, 3, 2)),
    (lambda: L.UpSampling2D((1, 2), interpolation="bilinear"), (1, 2, 2, 1)),
    (lambda: L.UpSampling3D(2), (1, 1, 2, 1, 1)),
    (lambda: L.Flatten(data_format="channels_first"), (1, 2, 3)),
    (lambda: L.Reshape((-1, 2)), (1, 2, 3)), (lambda: L.Permute((2, 1)), (1, 2, 3)),
    (lambda: L.RepeatVector(2), (1, 3)),
    (lambda: L.Rescaling(0.5, offset=1.0), (2, 3)),
    (lambda: L.Normalization(axis=(1,), mean=[1.0, 2.0, 3.0], variance=[1.0, 2.0, 3.0],
                             invert=True), (2, 3)),
]


@pytest.mark.parametrize("make,shape", _EXAMPLES,
                         ids=[f"{i}" for i in range(len(_EXAMPLES))])
def test_config_round_trips_and_rebuilds_the_same_function(make, shape):
    layer = make()
    x = rand(shape)
    layer(x)
    check_config_round_trip(layer, x)


@pytest.mark.parametrize("make", [lambda: L.Embedding(4, 2, mask_zero=True), lambda: L.Add(),
                                  lambda: L.Concatenate(axis=1), lambda: L.Dot((1, 2), True),
                                  lambda: L.Normalization(axis=None)])
def test_config_round_trip_of_unbuilt_layers(make):
    check_config_round_trip(make())


def test_every_exported_class_is_deserializable_by_name():
    names = [n for n in L.__all__ if isinstance(getattr(L, n, None), type)]
    for name in ("Conv2D", "Conv2DTranspose", "BatchNormalization", "MaxPooling2D",
                 "Concatenate", "ZeroPadding2D", "Normalization", "Embedding", "Lambda"):
        assert name in names
    layer = L.deserialize({"class_name": "MaxPool2D", "config": {"pool_size": 3}})
    assert type(layer) is L.MaxPooling2D and layer.pool_size == (3, 3)


def test_training_argument_only_where_keras_has_it():
    with_training = (L.Dropout(0.1), L.BatchNormalization(), L.Lambda(lambda t: t))
    without = (L.Dense(1), L.Conv2D(1, 1), L.LayerNormalization(), L.MaxPooling2D(),
               L.Flatten(), L.Add(), L.Embedding(2, 2))
    assert all(layer._call_has_training for layer in with_training)
    assert not any(layer._call_has_training for layer in without)


def test_default_names_follow_keras_snake_case():
    assert L.Conv2DTranspose(1, 1).name.startswith("conv2d_transpose")
    assert L.MaxPooling2D().name.startswith("max_pooling2d")
    assert L.UpSampling2D().name.startswith("up_sampling2d")
    assert L.GlobalAveragePooling1D().name.startswith("global_average_pooling1d")
    assert L.MaxPool2D().name.startswith("max_pooling2d")  # aliases are the same class
