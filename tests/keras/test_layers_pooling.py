"""Pooling layers against NumPy pooling (TF's SAME windows: averages divide by the number of
real elements), global pooling with keepdims and masks, gradients."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import fluxion as tf
from tests.keras.test_layers_common import check_modes, check_weight_gradients, rand

keras = tf.keras
L = keras.layers


def np_pool(x, size, strides, padding, mode):
    """Channels-last N-D pooling over windows clipped to the input (TF semantics)."""
    n = x.ndim - 2
    spatial = x.shape[1:-1]
    if padding == "same":
        outs = [math.ceil(m / s) for m, s in zip(spatial, strides)]
        before = [max((o - 1) * s + k - m, 0) // 2
                  for o, s, k, m in zip(outs, strides, size, spatial)]
    else:
        outs = [(m - k) // s + 1 for m, k, s in zip(spatial, size, strides)]
        before = [0] * n
    out = np.zeros((x.shape[0], *outs, x.shape[-1]), x.dtype)
    for pos in itertools.product(*[range(o) for o in outs]):
        index = tuple(slice(max(p * s - b, 0), min(p * s - b + k, m))
                      for p, s, b, k, m in zip(pos, strides, before, size, spatial))
        window = x[(slice(None),) + index].reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None),) + pos] = window.max(1) if mode == "max" else window.mean(1)
    return out


@pytest.mark.parametrize("cls,kwargs,shape", [
    (L.MaxPooling1D, {}, (2, 7, 3)),
    (L.MaxPooling1D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 2)),
    (L.AveragePooling1D, {"pool_size": 2}, (2, 6, 2)),
    (L.AveragePooling1D, {"pool_size": 3, "strides": 1, "padding": "same"}, (1, 5, 2)),
    (L.MaxPooling2D, {}, (2, 5, 4, 3)),
    (L.MaxPooling2D, {"pool_size": (3, 2), "strides": (2, 1), "padding": "same"},
     (1, 5, 4, 2)),
    (L.AveragePooling2D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 5, 5, 2)),
    (L.AveragePooling2D, {"pool_size": (2, 3)}, (1, 4, 6, 1)),
    (L.MaxPooling3D, {}, (1, 4, 4, 4, 2)),
    (L.AveragePooling3D, {"pool_size": 2, "strides": 1, "padding": "same"}, (1, 3, 2, 3, 1)),
])
def test_pooling_matches_numpy(cls, kwargs, shape):
    layer = cls(**kwargs)
    x = rand(shape)
    mode = "max" if "Max" in cls.__name__ else "avg"
    want = np_pool(x, layer.pool_size, layer.strides, str(layer.padding).lower(), mode)
    check_modes(layer, x, want)


def test_pooling_defaults_and_channels_first():
    assert L.MaxPooling2D().pool_size == (2, 2) and L.MaxPooling2D().strides == (2, 2)
    assert L.MaxPooling1D(3).strides == (3,)
    with pytest.raises(TypeError):
        L.AveragePooling2D()  # pool_size is required, as in Keras
    x = rand((2, 3, 6, 4))
    layer = L.AveragePooling2D(2, data_format="channels_first")
    want = np.moveaxis(np_pool(np.moveaxis(x, 1, -1), (2, 2), (2, 2), "valid", "avg"), -1, 1)
    check_modes(layer, x, want)
    upper = L.MaxPooling2D(3, 1, padding="SAME")
    assert upper.get_config()["padding"] == "SAME"
    np.testing.assert_allclose(upper(x[:, :, :4, :4].transpose(0, 2, 3, 1)).numpy(),
                               np_pool(x[:, :, :4, :4].transpose(0, 2, 3, 1), (3, 3), (1, 1),
                                       "same", "max"))


def test_pooling_gradients():
    check_weight_gradients(L.AveragePooling2D(2, 1, padding="same", dtype="float64"),
                           rand((1, 3, 3, 2), seed=2))
    check_weight_gradients(L.MaxPooling1D(2, dtype="float64"), rand((2, 4, 2), seed=2))


@pytest.mark.parametrize("cls,axes,shape", [
    (L.GlobalMaxPooling1D, (1,), (2, 5, 3)), (L.GlobalAveragePooling1D, (1,), (2, 5, 3)),
    (L.GlobalMaxPooling2D, (1, 2), (2, 3, 4, 3)),
    (L.GlobalAveragePooling2D, (1, 2), (2, 3, 4, 3)),
    (L.GlobalMaxPooling3D, (1, 2, 3), (1, 2, 3, 2, 2)),
    (L.GlobalAveragePooling3D, (1, 2, 3), (1, 2, 3, 2, 2)),
])
def test_global_pooling(cls, axes, shape):
    x = rand(shape)
    reduce = np.max if "Max" in cls.__name__ else np.mean
    check_modes(cls(), x, reduce(x, axis=axes))
    check_modes(cls(keepdims=True), x, reduce(x, axis=axes, keepdims=True))
    first = tuple(a + 1 for a in axes)
    check_modes(cls(data_format="channels_first"), x, reduce(x, axis=first))


def test_global_average_pooling1d_with_mask():
    x = rand((2, 4, 3))
    mask = np.array([[True, True, False, False], [True, False, True, True]])
    out = L.GlobalAveragePooling1D()(x, mask=tf.constant(mask)).numpy()
    want = np.stack([x[i][mask[i]].mean(0) for i in range(2)])
    np.testing.assert_allclose(out, want, rtol=1e-6)
    kept = L.GlobalAveragePooling1D(keepdims=True)(x, mask=tf.constant(mask)).numpy()
    np.testing.assert_allclose(kept, want[:, None], rtol=1e-6)


def test_pooling_rank_is_checked():
    with pytest.raises(ValueError, match="expected ndim=4"):
        L.MaxPooling2D()(np.ones((2, 4, 3), np.float32))
    with pytest.raises(ValueError, match="padding"):
        L.MaxPooling2D(padding="full")


def test_global_average_pooling1d_reads_an_embedding_mask():
    emb = L.Embedding(4, 2, mask_zero=True, weights=[np.arange(8.0).reshape(4, 2)])
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    out = L.GlobalAveragePooling1D()(emb(ids)).numpy()
    table = np.arange(8.0).reshape(4, 2)
    np.testing.assert_allclose(out, [table[[1, 2]].mean(0), table[3]], rtol=1e-6)
