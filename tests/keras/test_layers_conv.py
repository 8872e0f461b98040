"""Convolution layers against NumPy convolutions written from the definitions (TF's SAME
padding, dilation, groups, transposed convolutions as scatter-adds), in eager, graph and
functional modes, with gradients and Keras' weight layouts."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import fluxion as tf
from tests.keras.test_layers_common import check_modes, check_weight_gradients, rand

keras = tf.keras
L = keras.layers


def _same_pads(size: int, k: int, s: int, d: int) -> tuple:
    span = (k - 1) * d + 1
    total = max((math.ceil(size / s) - 1) * s + span - size, 0)
    return total // 2, total - total // 2


def np_conv(x, w, strides, padding, dilation, groups=1):
    """Channels-last N-D cross-correlation: x (B, *S, C), w (*K, C // groups, F)."""
    n = x.ndim - 2
    if padding == "same":
        pads = [_same_pads(x.shape[1 + i], w.shape[i], strides[i], dilation[i])
                for i in range(n)]
    elif padding == "causal":
        pads = [((w.shape[0] - 1) * dilation[0], 0)]
    else:
        pads = [(0, 0)] * n
    x = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    out_sizes = [(x.shape[1 + i] - (w.shape[i] - 1) * dilation[i] - 1) // strides[i] + 1
                 for i in range(n)]
    cg, f = w.shape[-2], w.shape[-1]
    fg = f // groups
    out = np.zeros((x.shape[0], *out_sizes, f))
    for offset in itertools.product(*[range(k) for k in w.shape[:n]]):
        index = tuple(slice(o * dil, o * dil + (m - 1) * s + 1, s)
                      for o, dil, m, s in zip(offset, dilation, out_sizes, strides))
        patch = x[(slice(None),) + index]
        for g in range(groups):
            out[..., g * fg:(g + 1) * fg] += patch[..., g * cg:(g + 1) * cg] @ \
                w[offset][:, g * fg:(g + 1) * fg]
    return out


def np_conv_transpose(x, w, strides, padding, output_padding, dilation):
    """Keras' transposed convolution: x (B, *S, C), w (*K, F, C); output sizes from Keras'
    rule, values as the scatter-add of every input position times the kernel."""
    n = x.ndim - 2
    sizes = []
    for i in range(n):
        m, k, s, d = x.shape[1 + i], w.shape[i], strides[i], dilation[i]
        span = (k - 1) * d + 1
        op = None if output_padding is None else output_padding[i]
        if padding == "valid":
            sizes.append((m - 1) * s + span + (max(s - span, 0) if op is None else op))
        else:
            sizes.append(m * s if op is None else (m - 1) * s + span % 2 + op)
    full = [(x.shape[1 + i] - 1) * strides[i] + (w.shape[i] - 1) * dilation[i] + 1
            for i in range(n)]
    big = np.zeros((x.shape[0], *[max(f, o) + o for f, o in zip(full, sizes)], w.shape[-2]))
    for position in itertools.product(*[range(m) for m in x.shape[1:-1]]):
        for offset in itertools.product(*[range(k) for k in w.shape[:n]]):
            target = tuple(p * s + o * d for p, s, o, d in zip(position, strides, offset,
                                                                dilation))
            big[(slice(None),) + target] += x[(slice(None),) + position] @ w[offset].T
    # the forward SAME convolution of the output pads (total // 2) before: crop that off
    before = [0 if padding == "valid" else _same_pads(o, k, s, d)[0]
              for o, s, k, d in zip(sizes, strides, w.shape[:n], dilation)]
    index = tuple(slice(b, b + o) for b, o in zip(before, sizes))
    return big[(slice(None),) + index]


def _fixed_weights(layer, x, seed=5):
    layer(x)
    layer.set_weights([rand(w.shape, seed=seed + i) for i, w in enumerate(layer.get_weights())])
    return [np.asarray(w, np.float64) for w in layer.get_weights()]


def _channels_first(fn, x, n):
    last = np.moveaxis(x, 1, -1)
    return np.moveaxis(fn(last), -1, 1)


@pytest.mark.parametrize("rank,kwargs,shape", [
    (1, {"filters": 3, "kernel_size": 2}, (2, 6, 2)),
    (1, {"filters": 2, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (2, 7, 3)),
    (1, {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "groups": 2},
     (2, 7, 4)),
    (2, {"filters": 3, "kernel_size": (2, 3)}, (2, 5, 6, 2)),
    (2, {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 6, 5, 3)),
    (2, {"filters": 2, "kernel_size": 2, "dilation_rate": (2, 1), "use_bias": False},
     (1, 5, 5, 2)),
    (2, {"filters": 6, "kernel_size": 3, "padding": "same", "groups": 3}, (1, 4, 4, 6)),
    (3, {"filters": 2, "kernel_size": 2}, (1, 3, 4, 3, 2)),
    (3, {"filters": 2, "kernel_size": (3, 1, 2), "strides": (2, 1, 1), "padding": "same"},
     (1, 5, 2, 3, 1)),
])
def test_conv_matches_numpy(rank, kwargs, shape):
    layer = (L.Conv1D, L.Conv2D, L.Conv3D)[rank - 1](**kwargs)
    x = rand(shape)
    weights = _fixed_weights(layer, x)
    groups = kwargs.get("groups", 1)
    strides = layer.strides
    want = np_conv(x.astype(np.float64), weights[0], strides, layer.padding,
                   layer.dilation_rate, groups)
    if layer.use_bias:
        want = want + weights[1]
    check_modes(layer, x, want, rtol=1e-4, atol=1e-5)
    assert weights[0].shape == layer.kernel_size + (shape[-1] // groups, kwargs["filters"])


def test_conv2d_channels_first_and_activation():
    layer = L.Conv2D(3, 2, padding="same", data_format="channels_first", activation="relu")
    x = rand((2, 2, 4, 5))
    kernel, bias = _fixed_weights(layer, x)
    want = _channels_first(lambda t: np_conv(t, kernel, (1, 1), "same", (1, 1)) + bias, x, 2)
    check_modes(layer, x, np.maximum(want, 0), rtol=1e-4, atol=1e-5)
    assert kernel.shape == (2, 2, 2, 3)


@pytest.mark.parametrize("rank,kwargs,shape", [
    (1, {"filters": 2, "kernel_size": 3, "strides": 2}, (2, 4, 3)),
    (1, {"filters": 3, "kernel_size": 2, "strides": 3, "padding": "same"}, (1, 3, 2)),
    (2, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 3, 3, 2)),
    (2, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (1, 3, 4, 2)),
    (2, {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1}, (1, 3, 2, 1)),
    (2, {"filters": 2, "kernel_size": (2, 3), "strides": (2, 3), "padding": "same",
         "output_padding": (1, 0)}, (1, 2, 2, 1)),
    (2, {"filters": 1, "kernel_size": 2, "dilation_rate": 2}, (1, 3, 3, 2)),
    (2, {"filters": 2, "kernel_size": 1, "strides": 1}, (1, 3, 3, 2)),
    (3, {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same"}, (1, 2, 2, 1, 1)),
])
def test_conv_transpose_matches_numpy(rank, kwargs, shape):
    layer = (L.Conv1DTranspose, L.Conv2DTranspose, L.Conv3DTranspose)[rank - 1](**kwargs)
    x = rand(shape)
    kernel, bias = _fixed_weights(layer, x)
    want = np_conv_transpose(x.astype(np.float64), kernel, layer.strides, layer.padding,
                             layer.output_padding, layer.dilation_rate) + bias
    out = layer(x)
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-4, atol=1e-5)
    graph = tf.function(lambda t: layer(t))(tf.constant(x))
    np.testing.assert_allclose(graph.numpy(), want, rtol=1e-4, atol=1e-5)
    assert kernel.shape == layer.kernel_size + (kwargs["filters"], shape[-1])


def test_conv_transpose_in_a_functional_model_runs_any_batch_size():
    inputs = keras.Input((3, 3, 2))
    layer = L.Conv2DTranspose(2, 3, strides=2, padding="same")
    outputs = layer(inputs)
    model = keras.Model(inputs, outputs)
    assert outputs.shape[1:] == (6, 6, 2)
    for batch in (1, 4):
        x = rand((batch, 3, 3, 2))
        kernel, bias = [np.asarray(w, np.float64) for w in layer.get_weights()]
        want = np_conv_transpose(x.astype(np.float64), kernel, (2, 2), "same", None,
                                 (1, 1)) + bias
        np.testing.assert_allclose(model(x).numpy(), want, rtol=1e-4, atol=1e-5)


def test_conv_transpose_functional_output_has_unknown_batch():
    inputs = keras.Input((3, 3, 2))
    assert L.Conv2DTranspose(2, 3, strides=2)(inputs).shape == (None, 7, 7, 2)


@pytest.mark.parametrize("rank,kwargs,shape", [
    (2, {"kernel_size": 3, "depth_multiplier": 2}, (2, 5, 5, 3)),
    (2, {"kernel_size": 2, "strides": 2, "padding": "same"}, (1, 5, 4, 2)),
    (2, {"kernel_size": (2, 3), "dilation_rate": 2, "use_bias": False}, (1, 6, 7, 2)),
    (1, {"kernel_size": 3, "depth_multiplier": 3, "padding": "same"}, (2, 5, 2)),
])
def test_depthwise_conv_matches_numpy(rank, kwargs, shape):
    layer = (L.DepthwiseConv1D, L.DepthwiseConv2D)[rank - 1](**kwargs)
    x = rand(shape)
    weights = _fixed_weights(layer, x)
    c, m = shape[-1], layer.depth_multiplier
    grouped = weights[0].reshape(layer.kernel_size + (1, c * m))
    want = np_conv(x.astype(np.float64), grouped, layer.strides, layer.padding,
                   layer.dilation_rate, groups=c)
    if layer.use_bias:
        want = want + weights[1]
    check_modes(layer, x, want, rtol=1e-4, atol=1e-5)
    assert weights[0].shape == layer.kernel_size + (c, m)
    assert [w.name for w in layer.weights] == ["kernel", "bias"][:len(weights)]


@pytest.mark.parametrize("rank,kwargs,shape", [
    (2, {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, (2, 5, 5, 3)),
    (2, {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same",
         "activation": "tanh"}, (1, 5, 4, 2)),
    (1, {"filters": 3, "kernel_size": 2, "dilation_rate": 2}, (2, 6, 2)),
])
def test_separable_conv_matches_numpy(rank, kwargs, shape):
    layer = (L.SeparableConv1D, L.SeparableConv2D)[rank - 1](**kwargs)
    x = rand(shape)
    depthwise, pointwise, bias = _fixed_weights(layer, x)
    c, m = shape[-1], layer.depth_multiplier
    grouped = depthwise.reshape(layer.kernel_size + (1, c * m))
    mid = np_conv(x.astype(np.float64), grouped, layer.strides, layer.padding,
                  layer.dilation_rate, groups=c)
    want = mid @ pointwise.reshape(c * m, -1) + bias
    if kwargs.get("activation") == "tanh":
        want = np.tanh(want)
    check_modes(layer, x, want, rtol=1e-4, atol=1e-5)
    assert [w.name for w in layer.weights] == ["depthwise_kernel", "pointwise_kernel", "bias"]
    assert pointwise.shape == (1,) * rank + (c * m, kwargs["filters"])


@pytest.mark.parametrize("make,shape", [
    (lambda: L.Conv1D(2, 3, padding="causal", dtype="float64"), (2, 5, 2)),
    (lambda: L.Conv2D(2, 2, strides=2, padding="same", groups=2, dtype="float64"),
     (1, 3, 3, 2)),
    (lambda: L.Conv2D(2, 2, data_format="channels_first", activation="tanh",
                      dtype="float64"), (1, 2, 3, 3)),
    (lambda: L.Conv2DTranspose(2, 2, strides=2, dtype="float64"), (1, 2, 2, 1)),
    (lambda: L.DepthwiseConv2D(2, depth_multiplier=2, dtype="float64"), (1, 3, 3, 2)),
    (lambda: L.SeparableConv1D(2, 2, dtype="float64"), (1, 4, 2)),
])
def test_conv_gradients_match_finite_differences(make, shape):
    check_weight_gradients(make(), rand(shape, seed=3))


def test_conv_regularizers_and_constraints_are_applied():
    layer = L.Conv2D(2, 2, kernel_regularizer=keras.regularizers.L2(0.5),
                     bias_constraint="non_neg")
    layer(np.ones((1, 3, 3, 1), np.float32))
    kernel = layer.get_weights()[0]
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(layer.losses[0]), 0.5 * np.sum(kernel ** 2), rtol=1e-5)
    assert layer.bias.constraint is not None


def test_conv_argument_errors():
    with pytest.raises(ValueError, match="dilation_rate > 1"):
        L.Conv2D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="groups"):
        L.Conv2D(3, 3, groups=2)
    with pytest.raises(ValueError, match="padding"):
        L.Conv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="evenly divisible"):
        L.Conv2D(4, 3, groups=2)(np.ones((1, 4, 4, 3), np.float32))
    with pytest.raises(ValueError, match="min_ndim=4"):
        L.Conv2D(2, 3)(np.ones((4, 3), np.float32))
    with pytest.raises(ValueError, match="output padding"):
        L.Conv2DTranspose(2, 3, strides=1, output_padding=1)


def test_a_small_cnn_trains_in_graph_mode():
    import random

    random.seed(0)  # unseeded Keras initializers draw their seeds from Python's generator
    model = keras.Sequential([
        keras.Input((8, 8, 1)), L.Conv2D(4, 3, padding="same", activation="relu"),
        L.MaxPooling2D(), L.SeparableConv2D(4, 3, activation="relu"),
        L.GlobalAveragePooling2D(), L.Dense(2)])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 8, 8, 1)).astype(np.float32)
    y = (x.mean(axis=(1, 2, 3)) > 0).astype(np.int32)
    opt = keras.optimizers.Adam(0.05)
    xt, yt = tf.constant(x), tf.constant(y)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            logits = model(xt, training=True)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(yt, logits))
        opt.apply_gradients(zip(tape.gradient(loss, model.trainable_weights),
                                model.trainable_weights))
        return loss
    losses = [float(step()) for _ in range(40)]
    assert losses[-1] < 0.5 * losses[0]


@pytest.mark.parametrize("make", [
    lambda: L.DepthwiseConv2D(2, depth_multiplier=2, data_format="channels_first"),
    lambda: L.SeparableConv2D(3, 2, padding="same", data_format="channels_first"),
    lambda: L.Conv2DTranspose(2, 3, strides=2, data_format="channels_first"),
    lambda: L.Conv1D(2, 3, padding="causal", data_format="channels_first"),
])
def test_channels_first_equals_channels_last(make):
    first = make()
    config = first.get_config()
    config.update(data_format="channels_last", name=None)
    last = type(first).from_config(config)
    x = rand((2, 2, 5, 4)[:first.rank + 2])
    moved = np.moveaxis(x, 1, -1)
    last(moved)
    first(x)
    first.set_weights(last.get_weights())  # the same weight layouts in both formats
    np.testing.assert_allclose(first(x).numpy(), np.moveaxis(last(moved).numpy(), -1, 1),
                               rtol=1e-5, atol=1e-6)
