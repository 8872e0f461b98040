"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, zero padding, cropping and
upsampling (nearest and bilinear with half-pixel centres) against NumPy."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.keras.test_layers_common import check_modes, check_weight_gradients, rand

keras = tf.keras
L = keras.layers


def test_flatten():
    x = rand((2, 3, 4, 2))
    check_modes(L.Flatten(), x, x.reshape(2, -1))
    check_modes(L.Flatten(data_format="channels_first"), x,
                np.transpose(x, (0, 2, 3, 1)).reshape(2, -1))
    column = rand((3, 1))
    check_modes(L.Flatten(), column, column)
    vector = rand((4,))
    np.testing.assert_allclose(L.Flatten()(vector).numpy(), vector[:, None])
    empty = L.Flatten()(np.zeros((0, 3, 2), np.float32))
    assert empty.shape == (0, 6)


def test_flatten_in_a_graph_replays_for_other_batch_sizes():
    layer = L.Flatten()
    f = tf.function(lambda t: layer(t), reduce_retracing=True)
    for batch in (2, 5, 3):
        x = rand((batch, 2, 3))
        np.testing.assert_allclose(f(tf.constant(x)).numpy(), x.reshape(batch, 6))


def test_reshape():
    x = rand((2, 3, 4))
    check_modes(L.Reshape((4, 3)), x, x.reshape(2, 4, 3))
    check_modes(L.Reshape((-1, 2)), x, x.reshape(2, 6, 2))
    check_modes(L.Reshape((12,)), x, x.reshape(2, 12))
    with pytest.raises(ValueError, match="at most one unknown"):
        L.Reshape((-1, -1))
    with pytest.raises(ValueError, match="total size"):
        L.Reshape((5,))(x)
    assert L.Reshape([2, 3]).get_config()["target_shape"] == (2, 3)


def test_permute_and_repeat_vector():
    x = rand((2, 3, 4, 5))
    check_modes(L.Permute((3, 1, 2)), x, np.transpose(x, (0, 3, 1, 2)))
    with pytest.raises(ValueError, match="Invalid permutation"):
        L.Permute((0, 1))
    v = rand((2, 3))
    check_modes(L.RepeatVector(4), v, np.repeat(v[:, None, :], 4, axis=1))
    with pytest.raises(ValueError, match="expected ndim=2"):
        L.RepeatVector(2)(x)
    with pytest.raises(TypeError):
        L.RepeatVector(2.5)


@pytest.mark.parametrize("layer,shape,pads", [
    (lambda: L.ZeroPadding1D(), (2, 3, 2), [(0, 0), (1, 1), (0, 0)]),
    (lambda: L.ZeroPadding1D((0, 2)), (2, 3, 2), [(0, 0), (0, 2), (0, 0)]),
    (lambda: L.ZeroPadding2D(), (1, 2, 3, 2), [(0, 0), (1, 1), (1, 1), (0, 0)]),
    (lambda: L.ZeroPadding2D((2, 0)), (1, 2, 3, 2), [(0, 0), (2, 2), (0, 0), (0, 0)]),
    (lambda: L.ZeroPadding2D(((1, 0), (0, 3))), (1, 2, 3, 2), [(0, 0), (1, 0), (0, 3), (0, 0)]),
    (lambda: L.ZeroPadding2D(1, data_format="channels_first"), (1, 2, 2, 3),
     [(0, 0), (0, 0), (1, 1), (1, 1)]),
    (lambda: L.ZeroPadding3D(), (1, 2, 1, 2, 1), [(0, 0), (1, 1), (1, 1), (1, 1), (0, 0)]),
    (lambda: L.ZeroPadding3D(((1, 0), (0, 2), (1, 1)), data_format="channels_first"),
     (1, 1, 2, 1, 2), [(0, 0), (0, 0), (1, 0), (0, 2), (1, 1)]),
])
def test_zero_padding(layer, shape, pads):
    x = rand(shape)
    check_modes(layer(), x, np.pad(x, pads))


@pytest.mark.parametrize("layer,shape,index", [
    (lambda: L.Cropping1D(), (2, 5, 2), np.s_[:, 1:-1, :]),
    (lambda: L.Cropping1D((2, 0)), (2, 5, 2), np.s_[:, 2:, :]),
    (lambda: L.Cropping2D(((1, 0), (0, 2))), (1, 4, 5, 2), np.s_[:, 1:, :-2, :]),
    (lambda: L.Cropping2D(1, data_format="channels_first"), (1, 2, 4, 4),
     np.s_[:, :, 1:-1, 1:-1]),
    (lambda: L.Cropping3D(), (1, 3, 4, 5, 1), np.s_[:, 1:-1, 1:-1, 1:-1, :]),
])
def test_cropping(layer, shape, index):
    x = rand(shape)
    check_modes(layer(), x, x[index])


def test_cropping_errors_and_defaults():
    with pytest.raises(ValueError, match="smaller than"):
        L.Cropping2D(2)(rand((1, 4, 6, 1)))
    with pytest.raises(ValueError, match="negative"):
        L.Cropping2D(-1)
    assert L.Cropping2D().cropping == ((0, 0), (0, 0))
    assert L.Cropping1D().get_config()["cropping"] == (1, 1)
    assert "data_format" not in L.Cropping1D().get_config()


def test_upsampling_nearest():
    x = rand((2, 3, 2))
    check_modes(L.UpSampling1D(3), x, np.repeat(x, 3, axis=1))
    x4 = rand((1, 2, 3, 2))
    check_modes(L.UpSampling2D((2, 3)), x4, np.repeat(np.repeat(x4, 2, 1), 3, 2))
    check_modes(L.UpSampling2D(2, data_format="channels_first"), x4,
                np.repeat(np.repeat(x4, 2, 2), 2, 3))
    x5 = rand((1, 2, 1, 2, 1))
    check_modes(L.UpSampling3D((1, 2, 3)), x5,
                np.repeat(np.repeat(x5, 2, 2), 3, 3))


def _np_bilinear(x, out_h, out_w):
    """Half-pixel bilinear resize of (B, H, W, C), one output pixel at a time."""
    b, h, w, c = x.shape
    out = np.zeros((b, out_h, out_w, c))
    for i in range(out_h):
        for j in range(out_w):
            y = min(max((i + 0.5) * h / out_h - 0.5, 0), h - 1)
            z = min(max((j + 0.5) * w / out_w - 0.5, 0), w - 1)
            y0, z0 = int(np.floor(y)), int(np.floor(z))
            y1, z1 = min(y0 + 1, h - 1), min(z0 + 1, w - 1)
            fy, fz = y - y0, z - z0
            out[:, i, j] = ((1 - fy) * ((1 - fz) * x[:, y0, z0] + fz * x[:, y0, z1])
                            + fy * ((1 - fz) * x[:, y1, z0] + fz * x[:, y1, z1]))
    return out


def test_upsampling_bilinear():
    x = rand((2, 3, 4, 2))
    check_modes(L.UpSampling2D(2, interpolation="bilinear"), x, _np_bilinear(x, 6, 8),
                rtol=1e-5)
    check_modes(L.UpSampling2D((3, 1), interpolation="bilinear"), x, _np_bilinear(x, 9, 4),
                rtol=1e-5)
    first = L.UpSampling2D((2, 3), data_format="channels_first", interpolation="bilinear")
    xc = rand((1, 2, 3, 2))
    want = np.moveaxis(_np_bilinear(np.moveaxis(xc, 1, -1), 6, 6), -1, 1)
    check_modes(first, xc, want, rtol=1e-5)
    check_weight_gradients(L.UpSampling2D(2, interpolation="bilinear", dtype="float64"),
                           rand((1, 2, 3, 1), seed=3))
    with pytest.raises(NotImplementedError):
        L.UpSampling2D(interpolation="lanczos3")
