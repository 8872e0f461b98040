"""Preprocessing layers: Rescaling and Normalization (given statistics, adapt over arrays,
tensors, datasets and lists of batches, invert, axes)."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.keras.test_layers_common import check_modes, rand

keras = tf.keras
L = keras.layers


def test_rescaling():
    x = rand((2, 3), scale=100.0)
    check_modes(L.Rescaling(1 / 255.0), x, x / 255.0, rtol=1e-6)
    check_modes(L.Rescaling(2.0, offset=-1.0), x, x * 2 - 1, rtol=1e-6)
    ints = np.array([[0, 128, 255]], np.uint8)
    out = L.Rescaling(1 / 127.5, offset=-1)(ints)
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), ints / 127.5 - 1, rtol=1e-6, atol=1e-7)
    per_channel = L.Rescaling([1.0, 2.0, 3.0])
    np.testing.assert_allclose(per_channel(np.ones((1, 3), np.float32)).numpy(), [[1, 2, 3]])
    assert L.Rescaling(0.5, 0.25).get_config()["offset"] == 0.25
    doubled = L.Rescaling(2.0, dtype="float64")(np.ones((1, 2), np.float32))
    assert doubled.dtype == tf.float64


def _np_normalize(x, mean, var):
    return (x - mean) / np.maximum(np.sqrt(var), 1e-7)


def test_normalization_with_given_statistics():
    x = rand((4, 3))
    mean, var = np.array([1.0, 2.0, 3.0]), np.array([1.0, 4.0, 0.25])
    check_modes(L.Normalization(mean=mean, variance=var), x, _np_normalize(x, mean, var),
                rtol=1e-6)
    check_modes(L.Normalization(mean=2.0, variance=4.0), x, (x - 2) / 2, rtol=1e-6)
    check_modes(L.Normalization(mean=mean, variance=var, invert=True), x,
                mean + x * np.sqrt(var), rtol=1e-6)
    x3 = rand((2, 3, 2))
    per_row = L.Normalization(axis=1, mean=[0.0, 1.0, 2.0], variance=[1.0, 1.0, 4.0])
    want = (x3 - np.array([0, 1, 2])[None, :, None]) / np.array([1, 1, 2])[None, :, None]
    check_modes(per_row, x3, want, rtol=1e-6)
    assert per_row.weights == []
    zero_var = L.Normalization(mean=0.0, variance=0.0)(np.ones((1, 2), np.float32)).numpy()
    np.testing.assert_allclose(zero_var, np.full((1, 2), 1e7), rtol=1e-6)


def test_normalization_adapt_array_and_tensor():
    data = rand((20, 3), seed=1) * 3 + 1
    layer = L.Normalization()
    layer.adapt(data)
    mean, var, count = layer.get_weights()
    np.testing.assert_allclose(mean, data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(var, data.var(0), rtol=1e-5)
    assert count.dtype == np.int64 and [w.name for w in layer.weights] == ["mean", "variance",
                                                                           "count"]
    x = rand((2, 3))
    check_modes(layer, x, _np_normalize(x, data.mean(0), data.var(0)), rtol=1e-5)
    scalar = L.Normalization(axis=None)
    scalar.adapt(tf.constant(data))
    np.testing.assert_allclose(scalar.get_weights()[0], data.mean(), rtol=1e-5)
    assert scalar.get_weights()[0].shape == ()


def test_normalization_adapt_batches_combine_exactly():
    data = rand((11, 2, 3), seed=2)
    for source in (tf.data.Dataset.from_tensor_slices(data).batch(4),
                   [data[:3], data[3:8], data[8:]], (b for b in [data[:5], data[5:]])):
        layer = L.Normalization(axis=(1, 2))
        layer.adapt(source)
        mean, var = layer.get_weights()[:2]
        np.testing.assert_allclose(mean, data.mean(0), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(var, data.var(0), rtol=1e-5, atol=1e-6)
    flat = L.Normalization(axis=None)
    flat.adapt(tf.data.Dataset.from_tensor_slices(data.reshape(-1)))  # batched by adapt
    np.testing.assert_allclose(flat.get_weights()[0], data.mean(), rtol=1e-5, atol=1e-6)
    pairs = L.Normalization()
    pairs.adapt(tf.data.Dataset.from_tensor_slices((data[:, 0], data[:, 0, 0])).batch(5))
    np.testing.assert_allclose(pairs.get_weights()[0], data[:, 0].mean(0), rtol=1e-5)


def test_normalization_adapt_errors_and_set_weights():
    layer = L.Normalization()
    layer.adapt(rand((4, 3)))
    with pytest.raises(ValueError, match="incompatible shape"):
        layer.adapt(rand((4, 2)))
    with pytest.raises(ValueError, match="empty iterable"):
        L.Normalization().adapt([])
    with pytest.raises(TypeError, match="Unsupported data type"):
        L.Normalization().adapt(3.0)
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        L.Normalization(mean=1.0)
    layer.set_weights([np.array([1.0, 2.0, 3.0]), np.array([4.0, 4.0, 4.0]), np.array(0)])
    np.testing.assert_allclose(layer(np.ones((1, 3), np.float32)).numpy(), [[0, -0.5, -1]])


def test_normalization_in_a_model_after_adapt():
    data = rand((30, 2), seed=3) * 5
    norm = L.Normalization()
    norm.adapt(data)
    model = keras.Sequential([keras.Input((2,)), norm, L.Dense(1)])
    out = model(data)
    w, b = model.layers[1].get_weights()
    want = _np_normalize(data, data.mean(0), data.var(0)) @ w + b
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-4, atol=1e-5)
    config = norm.get_config()
    assert config["axis"] == (-1,) and config["mean"] is None and config["invert"] is False
