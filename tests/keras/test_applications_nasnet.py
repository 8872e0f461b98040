"""NASNet beyond the architecture fixtures (tests/fixtures/keras_applications_nasnet.json):
the cells' wiring checked numerically against NumPy on one small NASNetMobile, the module's
preprocess_input, and the channels_first refusal."""
import numpy as np
import pytest

import fluxion as tf

A = tf.keras.applications


@pytest.fixture(scope="module")
def mobile():
    return A.NASNetMobile(input_shape=(32, 32, 3), weights=None, classes=4)


def _outputs(model, tensors, x):
    return [np.asarray(t) for t in tf.keras.Model(model.input, tensors)(x)]


def test_normal_cell_branches_add_and_concatenate(mobile):
    x = np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32")
    g = mobile.get_layer
    h, pooled, p, x3, concat, x5, sep5 = _outputs(mobile, [
        g("normal_bn_1_0").output, g("normal_left3_0").output, g("normal_left4_0").input,
        g("normal_add_3_0").output, g("normal_concat_0").output, g("normal_add_5_0").output,
        g("separable_conv_2_bn_normal_left5_0").output], x)
    # 3x3 average pooling, stride 1, 'same' padding (padded cells not counted)
    padded = np.pad(h, ((0, 0), (1, 1), (1, 1), (0, 0)))
    ones = np.pad(np.ones(h.shape[1:3]), 1)
    sums = sum(padded[:, i:i + h.shape[1], j:j + h.shape[2]] for i in range(3) for j in range(3))
    counts = sum(ones[i:i + h.shape[1], j:j + h.shape[2]] for i in range(3) for j in range(3))
    np.testing.assert_allclose(pooled, sums / counts[None, :, :, None], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(x3, pooled + p, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(x5, sep5 + h, rtol=1e-5, atol=1e-5)
    filters = h.shape[-1]
    assert concat.shape[-1] == 6 * filters
    np.testing.assert_allclose(concat[..., :filters], p, rtol=1e-6)
    np.testing.assert_allclose(concat[..., 3 * filters:4 * filters], x3, rtol=1e-6)


def test_adjust_block_shifted_path(mobile):
    """The second half-resolution path reads the previous output one pixel down and right."""
    x = np.random.default_rng(1).uniform(0, 255, (1, 32, 32, 3)).astype("float32")
    relu = mobile.get_layer("adjust_relu_1_stem_2").output
    pool1 = mobile.get_layer("adjust_avg_pool_1_stem_2").output
    pool2 = mobile.get_layer("adjust_avg_pool_2_stem_2").output
    r, a, b = _outputs(mobile, [relu, pool1, pool2], x)
    shifted = np.pad(r[:, 1:, 1:], ((0, 0), (0, 1), (0, 1), (0, 0)))
    np.testing.assert_allclose(a, r[:, ::2, ::2], rtol=1e-6)
    np.testing.assert_allclose(b, shifted[:, ::2, ::2], rtol=1e-6)


def test_predictions_are_probabilities(mobile):
    x = np.random.default_rng(2).uniform(0, 255, (3, 32, 32, 3)).astype("float32")
    probs = np.asarray(mobile(A.nasnet.preprocess_input(x), training=False))
    assert probs.shape == (3, 4)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert A.NASNetMobile is A.nasnet.NASNetMobile


def test_preprocess_input_scales_to_unit_range():
    x = np.array([[[[0.0, 127.5, 255.0]]]], "float32")
    np.testing.assert_allclose(A.nasnet.preprocess_input(x.copy()), [[[[-1.0, 0.0, 1.0]]]])


def test_channels_first_is_refused():
    tf.keras.backend.set_image_data_format("channels_first")
    try:
        with pytest.raises(ValueError, match="channels_first"):
            A.NASNetLarge(weights=None, input_shape=(3, 32, 32))
    finally:
        tf.keras.backend.set_image_data_format("channels_last")
