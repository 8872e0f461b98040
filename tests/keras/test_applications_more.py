"""MobileNetV3 and ConvNeXt beyond the architecture fixtures
(tests/fixtures/keras_applications_more.json): forward numerics of their blocks against NumPy,
ConvNeXt's LayerScale / StochasticDepth layers, and Keras' argument errors."""
import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.applications import convnext

A = tf.keras.applications


def test_mobilenet_v3_squeeze_excite_and_softmax_head():
    model = A.MobileNetV3Small(input_shape=(32, 32, 3), weights=None, classes=4)
    mul = model.get_layer("expanded_conv_squeeze_excite_mul")
    gate = model.get_layer("expanded_conv_squeeze_excite_conv_1")
    sub = tf.keras.Model(model.input, [mul.input[0], gate.output, mul.output, model.output])
    x = np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32")
    features, logits, gated, probs = (np.asarray(t) for t in sub(x))
    # hard sigmoid built from KerasTensor ops: relu6(x + 3) / 6
    expected = features * np.clip(logits + 3.0, 0.0, 6.0) / 6.0
    np.testing.assert_allclose(gated, expected, rtol=1e-5, atol=1e-6)
    assert probs.shape == (2, 4)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert A.mobilenet_v3.preprocess_input(x) is x


def test_convnext_residual_is_a_graph_op_not_a_layer():
    model = A.ConvNeXtTiny(input_shape=(32, 32, 3), include_top=False, weights=None)
    names = [layer.name for layer in model.layers]
    assert not any(type(layer).__name__ in {"Add", "TFOpLambda"} for layer in model.layers)
    # the block's input is the stem's output (a nested Sequential's `.output` is its own)
    first = model.get_layer("convnext_tiny_stage_0_block_0_depthwise_conv")
    branch = model.get_layer("convnext_tiny_stage_0_block_0_identity")
    nxt = model.get_layer("convnext_tiny_stage_0_block_1_depthwise_conv")
    assert names.index(nxt.name) == names.index(branch.name) + 1
    sub = tf.keras.Model(model.input, [first.input, branch.output, nxt.input])
    x = np.random.default_rng(1).uniform(0, 255, (1, 32, 32, 3)).astype("float32")
    s, b, n = (np.asarray(t) for t in sub(x))
    np.testing.assert_allclose(n, s + b, rtol=1e-6, atol=1e-6)
    scale = model.get_layer("convnext_tiny_stage_0_block_0_layer_scale")
    np.testing.assert_allclose(scale.get_weights()[0], np.full(96, 1e-6, "float32"))


def test_layer_scale_multiplies_per_channel_and_round_trips():
    layer = convnext.LayerScale(0.5, 3, name="ls")
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(np.asarray(layer(x)), x * 0.5)
    layer.set_weights([np.array([1.0, 2.0, 3.0], "float32")])
    np.testing.assert_allclose(np.asarray(layer(x)), x * [1.0, 2.0, 3.0])
    clone = convnext.LayerScale.from_config(layer.get_config())
    assert (clone.init_values, clone.projection_dim, clone.name) == (0.5, 3, "ls")
    assert len(layer.trainable_weights) == 1


def test_stochastic_depth_drops_whole_samples_while_training():
    tf.random.set_seed(3)
    layer = convnext.StochasticDepth(0.5, name="sd")
    x = np.ones((64, 2, 2, 3), "float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), x)
    out = np.asarray(layer(x, training=True))
    per_sample = out.reshape(64, -1)
    assert set(np.unique(per_sample)) <= {0.0, 2.0}
    assert np.all(per_sample.min(axis=1) == per_sample.max(axis=1))  # whole samples
    assert 10 < np.count_nonzero(per_sample[:, 0]) < 54
    assert layer.get_config()["drop_path_rate"] == 0.5


def test_argument_errors():
    tf.keras.config.set_image_data_format("channels_first")
    try:
        with pytest.raises(ValueError, match="ConvNeXt does not support the `channels_first`"):
            A.ConvNeXtTiny(weights=None)
    finally:
        tf.keras.config.set_image_data_format("channels_last")
    with pytest.raises(ValueError, match="is not a keras tensor"):
        A.MobileNetV3Small(input_shape=(32, 32, 3), input_tensor=np.zeros((1, 32, 32, 3)),
                           weights=None)
    with pytest.raises(ValueError, match="Input size must be at least 32x32"):
        A.MobileNetV3Large(input_shape=(32, 16, 3), include_top=False, weights=None)
