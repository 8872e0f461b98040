"""BatchNormalization (training vs inference, moving statistics, renorm, masks),
LayerNormalization, GroupNormalization and UnitNormalization against NumPy formulas, with
gradients against finite differences."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.keras.test_layers_common import check_modes, check_weight_gradients, rand

keras = tf.keras
L = keras.layers


def np_batch_norm(x, mean, var, gamma, beta, eps, axis=-1):
    shape = [1] * x.ndim
    shape[axis] = -1
    r = [np.reshape(v, shape) for v in (mean, var, gamma, beta)]
    return (x - r[0]) / np.sqrt(r[1] + eps) * r[2] + r[3]


def _set(layer, x, seed=1):
    layer(x)
    weights = layer.get_weights()
    values = [rand(w.shape, seed=seed + i) for i, w in enumerate(weights)]
    for i, w in enumerate(layer.weights):
        if "variance" in w.name or "stddev" in w.name:
            values[i] = np.abs(values[i]) + 0.5
    layer.set_weights(values)
    return values


def test_batch_norm_inference_uses_moving_statistics():
    layer = L.BatchNormalization()
    x = rand((4, 3))
    gamma, beta, mean, var = _set(layer, x)
    want = np_batch_norm(x, mean, var, gamma, beta, 1e-3)
    check_modes(layer, x, want, rtol=1e-5)
    np.testing.assert_allclose(layer(x, training=False).numpy(), want, rtol=1e-5)
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean",
                                               "moving_variance"]
    assert [w.name for w in layer.non_trainable_weights] == ["moving_mean", "moving_variance"]
    np.testing.assert_allclose(layer.get_weights()[2], mean)  # inference changes nothing


@pytest.mark.parametrize("mode", ["eager", "graph"])
@pytest.mark.parametrize("axis,shape", [(-1, (6, 3)), (1, (2, 3, 4)), (-1, (2, 3, 3, 2))])
def test_batch_norm_training_and_moving_average_updates(mode, axis, shape):
    layer = L.BatchNormalization(axis=axis, momentum=0.8, epsilon=0.01)
    x = rand(shape)
    gamma, beta, mean, var = [v.astype(np.float64) for v in _set(layer, x)]
    step = (lambda t: layer(t, training=True)) if mode == "eager" else \
        tf.function(lambda t: layer(t, training=True))
    axes = tuple(i for i in range(len(shape)) if i != axis % len(shape))
    for i in range(4):
        batch = x * (i + 1) + i
        out = step(tf.constant(batch)).numpy()
        b_mean, b_var = batch.mean(axes), batch.var(axes)
        want = np_batch_norm(batch.astype(np.float64), b_mean, b_var, gamma, beta, 0.01, axis)
        np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-5)
        mean = mean * 0.8 + b_mean * 0.2
        var = var * 0.8 + b_var * 0.2
    np.testing.assert_allclose(layer.moving_mean.numpy(), mean, rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), var, rtol=1e-5)
    np.testing.assert_allclose(layer(x).numpy(),
                               np_batch_norm(x, mean, var, gamma, beta, 0.01, axis),
                               rtol=1e-4, atol=1e-5)


def test_batch_norm_frozen_layer_runs_in_inference_mode():
    layer = L.BatchNormalization()
    x = rand((5, 2))
    gamma, beta, mean, var = _set(layer, x)
    layer.trainable = False
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, np_batch_norm(x, mean, var, gamma, beta, 1e-3), rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[2], mean)
    assert layer.trainable_weights == []


def test_batch_norm_without_center_and_scale():
    layer = L.BatchNormalization(center=False, scale=False)
    x = rand((5, 3))
    mean, var = _set(layer, x)
    want = np_batch_norm(x, mean, var, np.ones(3), np.zeros(3), 1e-3)
    check_modes(layer, x, want, rtol=1e-5)
    assert [w.name for w in layer.weights] == ["moving_mean", "moving_variance"]


def test_batch_norm_in_a_sequential_model_follows_the_training_flag():
    model = keras.Sequential([keras.Input((3,)), L.Dense(3), L.BatchNormalization()])
    x = rand((8, 3))
    bn = model.layers[1]
    before = bn.get_weights()[2].copy()
    model(x)  # inference
    np.testing.assert_array_equal(bn.get_weights()[2], before)
    out = model(x, training=True).numpy()
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-5)  # batch statistics
    assert not np.allclose(bn.get_weights()[2], before)


def test_batch_norm_masked_statistics():
    layer = L.BatchNormalization(momentum=0.5)
    x = rand((2, 4, 3))
    mask = np.array([[True, True, False, True], [False, True, True, False]])
    out = layer(x, training=True, mask=tf.constant(mask)).numpy()
    rows = x[mask]
    mean = rows.sum(0) / (len(rows) + 1e-7)
    var = ((rows - mean) ** 2).sum(0) / (len(rows) + 1e-7)
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.5 * mean, rtol=1e-5)


def test_batch_norm_renorm_matches_numpy():
    clip = {"rmax": 1.5, "rmin": 0.7, "dmax": 0.4}
    layer = L.BatchNormalization(momentum=0.8, epsilon=0.01, renorm=True, renorm_clipping=clip,
                                 renorm_momentum=0.6)
    x = rand((6, 2))
    gamma, beta, mean, var, m_std, r_mean, r_std = [v.astype(np.float64)
                                                    for v in _set(layer, x)]
    assert [w.name for w in layer.weights][4:] == ["moving_stddev", "renorm_mean",
                                                   "renorm_stddev"]
    for i in range(3):
        batch = (x * (i + 1) + i).astype(np.float64)
        out = layer(batch.astype(np.float32), training=True).numpy()
        b_mean, b_var = batch.mean(0), batch.var(0)
        std = np.sqrt(b_var + 0.01)
        r = np.clip(std / np.maximum(r_std, np.sqrt(0.01)), 0.7, 1.5)
        d = np.clip((b_mean - r_mean) / np.maximum(r_std, np.sqrt(0.01)), -0.4, 0.4)
        want = (batch - b_mean) / std * (r * gamma) + (d * gamma + beta)
        np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-5)
        r_mean, r_std = r_mean * 0.6 + b_mean * 0.4, r_std * 0.6 + std * 0.4
        mean = mean * 0.8 + b_mean * 0.2
        m_std = m_std * 0.8 + std * 0.2
        var = np.maximum(m_std ** 2 - 0.01, 0)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[3], var, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[6], r_std, rtol=1e-5)


def test_batch_norm_gradients_in_training_and_inference():
    check_weight_gradients(L.BatchNormalization(dtype="float64"), rand((5, 3), seed=2),
                           training=True)
    check_weight_gradients(L.BatchNormalization(axis=1, dtype="float64"),
                           rand((2, 3, 2), seed=3), training=True)
    check_weight_gradients(L.BatchNormalization(dtype="float64"), rand((4, 2), seed=4))


def test_batch_norm_float16_inputs_keep_their_dtype():
    layer = L.BatchNormalization(dtype="float16")
    x = rand((4, 3)).astype(np.float16)
    out = layer(x, training=True)
    assert out.dtype == tf.float16
    want = (x - x.mean(0, dtype=np.float32)) / np.sqrt(x.astype(np.float32).var(0) + 1e-3)
    np.testing.assert_allclose(out.numpy().astype(np.float32), want, rtol=1e-2, atol=1e-2)


def np_layer_norm(x, axes, gamma, beta, eps):
    mean = x.mean(axes, keepdims=True)
    var = x.var(axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


@pytest.mark.parametrize("axis,shape", [(-1, (3, 5)), ([1, 2], (2, 3, 4)), (1, (2, 3, 4)),
                                        ([-2, -1], (2, 2, 3, 2))])
def test_layer_norm_matches_numpy(axis, shape):
    layer = L.LayerNormalization(axis=axis, epsilon=1e-4)
    x = rand(shape)
    gamma, beta = _set(layer, x)
    rank = len(shape)
    axes = tuple(sorted(a % rank for a in (axis if isinstance(axis, list) else [axis])))
    bshape = [shape[i] if i in axes else 1 for i in range(rank)]
    want = np_layer_norm(x.astype(np.float64), axes, gamma.reshape(bshape),
                         beta.reshape(bshape), 1e-4)
    check_modes(layer, x, want, rtol=1e-4, atol=1e-5)
    assert gamma.shape == tuple(shape[a] for a in axes)
    assert layer.get_config()["axis"] == list(axes if axis != -1 else [-1]) or \
        layer.get_config()["axis"] == sorted(axis)


def test_layer_norm_config_axis_and_options():
    layer = L.LayerNormalization()
    assert layer.get_config()["axis"] == -1
    layer.build((None, 3))
    assert layer.get_config()["axis"] == [-1]
    no_affine = L.LayerNormalization(center=False, scale=False)
    x = rand((2, 4))
    check_modes(no_affine, x, np_layer_norm(x, (1,), 1.0, 0.0, 1e-3), rtol=1e-4)
    assert no_affine.weights == []
    rms = L.LayerNormalization(rms_scaling=True)
    out = rms(x).numpy()
    np.testing.assert_allclose(out, x / np.sqrt(x.var(1, keepdims=True) + 1e-3), rtol=1e-5)
    assert [w.name for w in rms.weights] == ["gamma"]
    with pytest.raises(TypeError):
        L.LayerNormalization(axis="last")


def test_layer_norm_gradients():
    check_weight_gradients(L.LayerNormalization(dtype="float64"), rand((3, 4), seed=5))
    check_weight_gradients(L.LayerNormalization(axis=[1, 2], dtype="float64"),
                           rand((2, 2, 3), seed=6))


def np_group_norm(x, groups, gamma, beta, eps):
    b, c = x.shape[0], x.shape[-1]
    g = x.reshape(b, -1, groups, c // groups)
    mean = g.mean((1, 3), keepdims=True)
    var = g.var((1, 3), keepdims=True)
    return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape) * gamma + beta


@pytest.mark.parametrize("groups,shape", [(2, (2, 3, 3, 4)), (-1, (2, 5, 3)), (1, (3, 4)),
                                          (3, (2, 2, 2, 2, 6))])
def test_group_norm_matches_numpy(groups, shape):
    layer = L.GroupNormalization(groups=groups)
    x = rand(shape)
    gamma, beta = _set(layer, x)
    want = np_group_norm(x.astype(np.float64), layer.groups, gamma, beta, 1e-3)
    check_modes(layer, x, want, rtol=1e-4, atol=1e-5)


def test_group_norm_channels_first_gradients_and_errors():
    layer = L.GroupNormalization(groups=2, axis=1)
    x = rand((2, 4, 3))
    gamma, beta = _set(layer, x)
    want = np.moveaxis(np_group_norm(np.moveaxis(x, 1, -1), 2, gamma, beta, 1e-3), -1, 1)
    check_modes(layer, x, want, rtol=1e-4, atol=1e-5)
    check_weight_gradients(L.GroupNormalization(groups=2, dtype="float64"),
                           rand((2, 3, 4), seed=8))
    with pytest.raises(ValueError, match="cannot be more than"):
        L.GroupNormalization(groups=8)(np.ones((1, 4), np.float32))
    with pytest.raises(ValueError, match="multiple"):
        L.GroupNormalization(groups=3)(np.ones((1, 4), np.float32))


def test_unit_normalization():
    x = rand((3, 4))
    check_modes(L.UnitNormalization(), x, x / np.linalg.norm(x, axis=-1, keepdims=True),
                rtol=1e-5)
    x3 = rand((2, 3, 2))
    check_modes(L.UnitNormalization(axis=[1, 2]), x3,
                x3 / np.sqrt((x3 ** 2).sum((1, 2), keepdims=True)), rtol=1e-5)
    zeros = L.UnitNormalization()(np.zeros((1, 3), np.float32)).numpy()
    np.testing.assert_array_equal(zeros, np.zeros((1, 3)))  # no NaN for zero vectors
    check_weight_gradients(L.UnitNormalization(dtype="float64"), rand((2, 3), seed=9))


@pytest.mark.parametrize("make", [lambda: L.LayerNormalization(dtype="float16"),
                                  lambda: L.GroupNormalization(2, dtype="float16")])
def test_half_precision_normalizations_compute_in_float32(make):
    x = rand((2, 4)).astype(np.float16)
    out = make()(x)
    assert out.dtype == tf.float16
    x32 = x.astype(np.float32)
    if out.shape == (2, 4) and isinstance(make(), L.LayerNormalization):
        want = np_layer_norm(x32, (1,), 1.0, 0.0, 1e-3)
    else:
        want = np_group_norm(x32, 2, 1.0, 0.0, 1e-3)
    np.testing.assert_allclose(out.numpy().astype(np.float32), want, rtol=1e-2, atol=1e-2)
