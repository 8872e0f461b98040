"""Keras 3 image preprocessing layers: outputs against NumPy for transforms with a closed form,
inference identity, configs, seeds, graph mode (tf.function, tf.data, fit) and saving."""
import os

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_transform import image_projective_transform_v3
from tests.opcheck import check_gradient

L = tf.keras.layers
R = np.random.default_rng(11)
X = R.random((3, 5, 6, 2)).astype(np.float32) * 100
SQ = np.arange(2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3)

RANDOM_LAYERS = [
    lambda: L.RandomFlip(seed=1), lambda: L.RandomRotation(0.3, seed=1),
    lambda: L.RandomZoom(0.3, seed=1), lambda: L.RandomTranslation(0.3, 0.2, seed=1),
    lambda: L.RandomContrast(0.4, seed=1), lambda: L.RandomBrightness(0.2, seed=1),
    lambda: L.RandomShear(0.3, 0.2, seed=1), lambda: L.RandomInvert(0.8, seed=1),
]


def shifted(x, dy, dx, fill=0.0):
    """out[y, x] = in[y - dy, x - dx]: content moved down by dy, right by dx."""
    out = np.full_like(x, fill)
    h, w = x.shape[1:3]
    out[:, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        x[:, max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return out


# --- closed-form transforms -----------------------------------------------------------------------
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_translation_by_whole_pixels(interpolation):
    layer = L.RandomTranslation((0.4, 0.4), (-0.5, -0.5), fill_mode="constant",
                                interpolation=interpolation, fill_value=-7.0)
    out = layer(X, training=True)
    np.testing.assert_allclose(out.numpy(), shifted(X, 2, -3, -7.0), rtol=1e-6, atol=1e-5)


def test_translation_reflect_and_nearest_fill():
    x = np.arange(4, dtype=np.float32).reshape(1, 1, 4, 1) + 1  # a b c d = 1 2 3 4
    right = L.RandomTranslation(0.0, (0.5, 0.5), fill_mode="reflect")
    np.testing.assert_array_equal(right(x, training=True).numpy().ravel(), [2, 1, 1, 2])
    nearest = L.RandomTranslation(0.0, (-0.5, -0.5), fill_mode="nearest")
    np.testing.assert_array_equal(nearest(x, training=True).numpy().ravel(), [3, 4, 4, 4])
    wrap = L.RandomTranslation(0.0, (0.25, 0.25), fill_mode="wrap")
    np.testing.assert_array_equal(wrap(x, training=True).numpy().ravel(), [4, 1, 2, 3])


def test_rotation_by_90_degrees_is_rot90():
    out = L.RandomRotation((0.25, 0.25))(SQ, training=True)  # counter-clockwise
    np.testing.assert_allclose(out.numpy(), np.rot90(SQ, 1, axes=(1, 2)), atol=1e-4)
    out = L.RandomRotation((-0.25, -0.25), interpolation="nearest")(SQ, training=True)
    np.testing.assert_array_equal(out.numpy(), np.rot90(SQ, -1, axes=(1, 2)))


def test_rotation_by_180_degrees_reverses_both_axes():
    out = L.RandomRotation((0.5, 0.5), fill_mode="constant")(X, training=True)
    np.testing.assert_allclose(out.numpy(), X[:, ::-1, ::-1], atol=1e-3)


def test_zoom_in_gives_the_central_crop():
    # zoom factor 0.5 about the centre 1.5: input x = 0.5 x' + 0.75 -> rows/cols 1 1 2 2
    out = L.RandomZoom((-0.5, -0.5), interpolation="nearest")(SQ, training=True)
    np.testing.assert_array_equal(out.numpy(), SQ[:, [1, 1, 2, 2]][:, :, [1, 1, 2, 2]])


def test_zoom_out_with_constant_fill():
    x = np.ones((1, 5, 5, 1), np.float32)
    out = L.RandomZoom((1.0, 1.0), fill_mode="constant", interpolation="nearest")(
        x, training=True).numpy()[0, ..., 0]
    # zoom 2 about the centre 2: input = 2 x - 2, inside for x in {1, 2, 3}
    expected = np.zeros((5, 5), np.float32)
    expected[1:4, 1:4] = 1
    np.testing.assert_array_equal(out, expected)


def test_zoom_width_factor_is_drawn_separately():
    out = L.RandomZoom((0.0, 0.0), (-0.5, -0.5), interpolation="nearest")(SQ, training=True)
    np.testing.assert_array_equal(out.numpy(), SQ[:, :, [1, 1, 2, 2]])


def test_flips():
    x = X[:1]
    horizontal = L.RandomFlip("horizontal", seed=3)
    vertical = L.RandomFlip("vertical", seed=3)
    both = L.RandomFlip(seed=3)
    seen = {"h": set(), "v": set(), "b": set()}
    for _ in range(20):
        for key, layer, flipped in (("h", horizontal, x[:, :, ::-1]),
                                    ("v", vertical, x[:, ::-1]), ("b", both, x[:, ::-1, ::-1])):
            y = layer(x, training=True).numpy()
            assert np.array_equal(y, x) or np.array_equal(y, flipped)
            seen[key].add(np.array_equal(y, x))
    assert all(s == {True, False} for s in seen.values())


def test_contrast_scales_deviation_from_the_mean():
    layer = L.RandomContrast((0.0, 0.5), value_range=(-1e9, 1e9), seed=2)
    y = layer(X, training=True).numpy()
    mean = X.mean(axis=(1, 2), keepdims=True)
    factor = (y - mean) / (X - mean)
    assert np.allclose(factor, factor[:, :1, :1, :1], rtol=1e-3)  # one factor per image
    assert factor.min() >= 1 - 1e-4 and factor.max() <= 1.5 + 1e-4


def test_contrast_and_brightness_clip_to_value_range():
    y = L.RandomContrast(0.5, value_range=(10, 60))(X, training=True).numpy()
    assert y.min() >= 10 and y.max() <= 60
    y = L.RandomBrightness((0.1, 0.1), value_range=(0, 80))(X, training=True).numpy()
    np.testing.assert_allclose(y, np.clip(X + 8.0, 0, 80), rtol=1e-6)


def test_brightness_adds_one_delta_per_image():
    layer = L.RandomBrightness((-0.2, 0.3), value_range=(0, 1), seed=5)
    x = 0.3 + X / 1000.0  # away from the clipping edges
    delta = layer(x, training=True).numpy() - x
    assert np.allclose(delta, delta[:, :1, :1, :1], atol=1e-6)
    assert delta.min() >= -0.2 - 1e-6 and delta.max() <= 0.3 + 1e-6


def test_random_crop_picks_a_window_and_center_crop_the_middle():
    y = L.RandomCrop(3, 4, seed=1)(X, training=True).numpy()
    windows = [X[:, i:i + 3, j:j + 4] for i in range(3) for j in range(3)]
    assert any(np.array_equal(y, w) for w in windows)
    np.testing.assert_array_equal(L.CenterCrop(3, 4)(X).numpy(), X[:, 1:4, 1:5])
    np.testing.assert_array_equal(L.CenterCrop(2, 2)(X[0]).numpy(), X[0, 1:3, 2:4])


def test_resizing_matches_tf_image_resize_and_rounds_integers():
    out = L.Resizing(3, 4)(X)
    np.testing.assert_allclose(out.numpy(), tf.image.resize(X, (3, 4)).numpy(), rtol=1e-6)
    u8 = X.astype(np.uint8)
    out = L.Resizing(3, 4)(u8)
    assert out.dtype == tf.uint8
    expected = np.round(tf.image.resize(u8, (3, 4)).numpy()).astype(np.uint8)
    np.testing.assert_array_equal(out.numpy(), expected)
    same = L.Resizing(5, 6, interpolation="nearest")(X)
    np.testing.assert_array_equal(same.numpy(), X)


def test_channels_first_matches_channels_last():
    cf = np.transpose(X, (0, 3, 1, 2))
    for make in (lambda f: L.RandomTranslation((0.2, 0.2), (0.5, 0.5), data_format=f),
                 lambda f: L.RandomRotation((0.1, 0.1), data_format=f),
                 lambda f: L.CenterCrop(3, 3, data_format=f),
                 lambda f: L.Resizing(4, 3, data_format=f)):
        last = make("channels_last")(X, training=True).numpy()
        first = make("channels_first")(cf, training=True).numpy()
        np.testing.assert_allclose(np.transpose(first, (0, 2, 3, 1)), last, rtol=1e-5,
                                   atol=1e-4)


def test_unbatched_images():
    layer = L.RandomTranslation((0.4, 0.4), (0.0, 0.0), fill_mode="constant")
    out = layer(X[0], training=True)
    assert out.shape == (5, 6, 2)
    np.testing.assert_allclose(out.numpy(), shifted(X[:1], 2, 0)[0], atol=1e-5)
    for make in RANDOM_LAYERS:
        assert make()(X[0], training=True).shape == X[0].shape


# --- training flag, dtypes, errors ----------------------------------------------------------------
@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_inference_is_identity_and_training_default_augments(make):
    layer = make()
    np.testing.assert_array_equal(layer(X, training=False).numpy(), X)
    # training defaults to True, as in Keras (a few calls: a flip may skip all 3 images once)
    assert any(not np.array_equal(layer(X).numpy(), X) for _ in range(4))


def test_output_dtypes_follow_keras():
    u8 = X.astype(np.uint8)
    assert L.RandomFlip()(u8, training=False).dtype == tf.float32
    assert L.RandomRotation(0.1)(u8, training=True).dtype == tf.float32
    assert L.CenterCrop(2, 2)(u8).dtype == tf.float32
    assert L.RandomBrightness(0.1)(u8, training=True).dtype == tf.uint8
    assert L.RandomContrast(0.1)(u8, training=False).dtype == tf.uint8
    assert L.RandomCrop(2, 2)(u8, training=False).dtype == tf.uint8
    assert L.RandomCrop(2, 2)(u8, training=True).dtype == tf.float32
    assert L.RandomCrop(2, 2)(X.astype(np.float64), training=False).dtype == tf.float64


def test_argument_errors():
    with pytest.raises(NotImplementedError):
        L.RandomZoom(0.1, fill_mode="mirror")
    with pytest.raises(ValueError):
        L.RandomRotation((0.1, 0.2, 0.3))
    with pytest.raises(ValueError):
        L.RandomTranslation(0.1, -1.5)
    with pytest.raises(ValueError):
        L.RandomFlip()(np.ones((2, 1, 4, 4, 1), np.float32))
    with pytest.raises(ValueError):
        L.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)(X)
    with pytest.raises(tf.errors.InvalidArgumentError):
        L.RandomContrast(0.1)(X.astype(np.uint8), training=True)


# --- configs and seeds ----------------------------------------------------------------------------
ALL_LAYERS = RANDOM_LAYERS + [lambda: L.RandomCrop(2, 3, seed=5), lambda: L.CenterCrop(2, 3),
                              lambda: L.Resizing(2, 3, crop_to_aspect_ratio=True),
                              lambda: L.RandomZoom((-0.2, 0.1), 0.3, fill_mode="constant",
                                                   fill_value=2.0, data_format="channels_first"),
                              lambda: L.RandomGrayscale(0.2, seed=3),
                              lambda: L.AutoContrast((0, 1)),
                              lambda: L.Solarization(0.1, (0.2, 0.4), seed=2)]


@pytest.mark.parametrize("make", ALL_LAYERS)
def test_config_round_trip(make):
    layer = make()
    config = layer.get_config()
    again = type(layer).from_config(config)
    assert again.get_config() == config
    restored = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))
    assert type(restored) is type(layer)
    assert restored.get_config() == config


def test_seeds_repeat_and_calls_differ():
    a, b = L.RandomRotation(0.4, seed=7), L.RandomRotation(0.4, seed=7)
    first = a(X, training=True).numpy()
    np.testing.assert_array_equal(first, b(X, training=True).numpy())
    assert not np.array_equal(first, a(X, training=True).numpy())
    assert not np.array_equal(first, L.RandomRotation(0.4, seed=8)(X, training=True).numpy())


def test_random_crop_draws_a_seed_when_none_given():
    seed = L.RandomCrop(2, 2).get_config()["seed"]
    assert isinstance(seed, int) and seed > 0
    tf.keras.utils.set_random_seed(3)
    s1 = L.RandomCrop(2, 2).get_config()["seed"]
    tf.keras.utils.set_random_seed(3)
    assert L.RandomCrop(2, 2).get_config()["seed"] == s1


# --- graph mode -----------------------------------------------------------------------------------
def test_tf_function_draws_new_numbers_each_run():
    layer = L.RandomRotation(0.5, seed=1)
    f = tf.function(lambda t: layer(t, training=True))
    outs = [f(tf.constant(X)).numpy() for _ in range(3)]
    assert not np.array_equal(outs[0], outs[1]) and not np.array_equal(outs[1], outs[2])
    ident = tf.function(lambda t: layer(t, training=False))
    np.testing.assert_array_equal(ident(tf.constant(X)).numpy(), X)


def test_dataset_map_with_partial_batches():
    images = R.random((5, 4, 4, 1)).astype(np.float32)
    ds = tf.data.Dataset.from_tensor_slices((images, np.arange(5))).batch(2)
    layers = [L.RandomFlip(seed=1), L.RandomRotation(0.2, seed=2), L.RandomZoom(0.2, seed=3),
              L.RandomTranslation(0.2, 0.2, seed=4), L.RandomContrast(0.2, seed=5),
              L.RandomBrightness(0.2, seed=6), L.RandomCrop(3, 3, seed=7), L.CenterCrop(2, 2),
              L.Resizing(6, 6), L.RandomShear(0.2, seed=8), L.RandomGrayscale(seed=9),
              L.RandomInvert(seed=10), L.AutoContrast(), L.Solarization(0.1, 0.5, seed=11)]
    for layer in layers:
        mapped = ds.map(lambda x, y, layer=layer: (layer(x, training=True), y))
        shapes = [tuple(x.shape) for x, _ in mapped]
        hw = layer.compute_output_shape((None, 4, 4, 1))[1:]
        assert shapes == [(2, *hw), (2, *hw), (1, *hw)], type(layer).__name__
    rot = ds.map(lambda x, y: (L.RandomRotation(0.5, seed=9)(x, training=True), y))
    epoch1 = [x.numpy() for x, _ in rot]
    epoch2 = [x.numpy() for x, _ in rot]
    assert not np.array_equal(epoch1[0], epoch2[0])  # each epoch draws anew
    assert not np.allclose(epoch1[0][0], epoch1[0][1])  # one transform per image


def test_dataset_map_casts_uint8_to_float32():
    ds = tf.data.Dataset.from_tensor_slices(X.astype(np.uint8)).batch(3)
    out = next(iter(ds.map(lambda x: L.Resizing(2, 2)(x))))
    assert out.dtype == tf.float32


def test_fit_predict_save_and_load(tmp_path):
    images = R.random((12, 8, 8, 3)).astype(np.float32) * 255
    labels = R.integers(0, 2, 12)
    model = tf.keras.Sequential([
        tf.keras.Input((8, 8, 3)), L.RandomFlip("horizontal", seed=1),
        L.RandomRotation(0.1, seed=2), L.RandomZoom(0.1, seed=3),
        L.RandomTranslation(0.1, 0.1, seed=4), L.RandomContrast(0.2, seed=5),
        L.RandomBrightness(0.1, seed=6), L.RandomCrop(6, 6, seed=7), L.Resizing(8, 8),
        L.CenterCrop(6, 6), L.Rescaling(1 / 255.0), L.Flatten(), L.Dense(2)])
    model.compile(optimizer="adam",
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(images, labels, batch_size=5, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    p1 = model.predict(images, verbose=0)
    np.testing.assert_allclose(model.predict(images, verbose=0), p1)  # no augmentation
    path = os.path.join(tmp_path, "aug.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers][:3] == [
        "RandomFlip", "RandomRotation", "RandomZoom"]
    np.testing.assert_allclose(loaded.predict(images, verbose=0), p1, rtol=1e-5, atol=1e-5)


def test_gradient_flows_through_geometric_layers():
    x = tf.constant(X[:1].astype(np.float64))
    layer = L.RandomRotation(0.2, seed=1, dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(layer(x, training=True) ** 2)
    g = tape.gradient(y, x)
    assert g is not None and g.shape == x.shape and np.abs(g.numpy()).sum() > 0


def test_transform_gradient_matches_finite_differences():
    images = R.standard_normal((2, 4, 5, 2))
    transforms = tf.constant([[0.9, 0.2, 0.3, -0.1, 1.1, -0.4, 0.01, -0.02]], tf.float32)
    for mode in ("REFLECT", "WRAP", "CONSTANT", "NEAREST"):
        check_gradient(lambda t, mode=mode: image_projective_transform_v3(
            t, transforms, None, 0.5, "BILINEAR", mode), [images])


def test_transform_errors():
    with pytest.raises(tf.errors.InvalidArgumentError):
        image_projective_transform_v3(X, np.ones((2, 8), np.float32), None)  # 3 images
    with pytest.raises(tf.errors.InvalidArgumentError):
        image_projective_transform_v3(X, np.ones((3, 8), np.float32), None, fill_mode="MIRROR")
    out = image_projective_transform_v3(X, np.tile([[1, 0, 0, 0, 1, 0, 0, 0]], (3, 1)).astype(
        np.float32), [2, 9])
    assert out.shape == (3, 2, 9, 2)
    np.testing.assert_array_equal(out.numpy()[:, :, :6], X[:, :2])


def test_resizing_crop_to_aspect_follows_each_image_in_a_graph():
    layer = L.Resizing(2, 2, crop_to_aspect_ratio=True, interpolation="nearest")
    f = tf.function(lambda t: layer(t), input_signature=[tf.TensorSpec((None, None, 1))])
    for h, w in ((2, 6), (6, 2), (3, 3)):
        x = np.arange(h * w, dtype=np.float32).reshape(h, w, 1)
        np.testing.assert_array_equal(f(tf.constant(x)).numpy(), layer(x).numpy())
    wide = np.arange(12, dtype=np.float32).reshape(2, 6, 1)
    np.testing.assert_array_equal(layer(wide).numpy()[..., 0], [[2, 3], [8, 9]])


def test_gradient_through_crop_to_aspect():
    images = R.standard_normal((1, 3, 6, 2))
    # nearest keeps float64 (bilinear resizing gives float32, as TF)
    layer = L.Resizing(2, 2, crop_to_aspect_ratio=True, interpolation="nearest",
                       dtype="float64")
    check_gradient(layer, [images])


def test_resizing_pad_to_aspect_follows_each_image_in_a_graph():
    layer = L.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=-1.0, interpolation="nearest")
    f = tf.function(lambda t: layer(t), input_signature=[tf.TensorSpec((None, None, 1))])
    for h, w in ((2, 4), (4, 2), (4, 4)):
        x = np.arange(h * w, dtype=np.float32).reshape(h, w, 1) + 1
        np.testing.assert_array_equal(f(tf.constant(x)).numpy(), layer(x).numpy())
    tall = np.arange(1, 9, dtype=np.float32).reshape(4, 2, 1)
    np.testing.assert_array_equal(layer(tall).numpy()[..., 0],
                                  [[-1, 1, 2, -1], [-1, 3, 4, -1], [-1, 5, 6, -1],
                                   [-1, 7, 8, -1]])


def test_functional_model_with_unknown_image_sizes():
    inputs = tf.keras.Input((None, None, 3))
    x = inputs
    for layer in (L.RandomRotation(0.1), L.RandomZoom(0.1), L.RandomTranslation(0.1, 0.1),
                  L.RandomFlip(), L.RandomContrast(0.1), L.RandomBrightness(0.1),
                  L.CenterCrop(4, 4), L.Resizing(5, 5, crop_to_aspect_ratio=True),
                  L.RandomCrop(3, 3)):
        x = layer(x)
    assert tuple(x.shape) == (None, 3, 3, 3)
    model = tf.keras.Model(inputs, x)
    for size in ((7, 9), (6, 6)):
        images = R.random((2, *size, 3)).astype(np.float32)
        assert model(images, training=True).shape == (2, 3, 3, 3)
        # inference: only the deterministic layers act (RandomCrop then keeps its 5x5 input)
        expected = L.Resizing(5, 5, crop_to_aspect_ratio=True)(L.CenterCrop(4, 4)(images))
        np.testing.assert_allclose(model.predict(images, verbose=0), expected.numpy(),
                                   rtol=1e-6)


def test_dict_inputs_transform_images_and_keep_labels():
    labels = np.array([0, 1, 2])
    out = L.RandomTranslation((0.4, 0.4), (-0.5, -0.5), fill_mode="constant")(
        {"images": X, "labels": labels}, training=True)
    assert sorted(out) == ["images", "labels"]
    np.testing.assert_allclose(out["images"].numpy(), shifted(X, 2, -3), atol=1e-5)
    assert out["labels"] is labels
    with pytest.raises(NotImplementedError):
        L.RandomFlip()({"images": X, "bounding_boxes": {}}, training=True)
    with pytest.raises(ValueError):
        L.RandomFlip()({"pictures": X})


def test_grayscale_invert_autocontrast_solarization():
    rgb = R.random((2, 3, 4, 3)).astype(np.float32) * 255
    gray = L.RandomGrayscale(1.0)(rgb, training=True).numpy()
    luma = rgb @ np.array([0.2989, 0.5870, 0.1140], np.float32)
    np.testing.assert_allclose(gray, np.repeat(luma[..., None], 3, -1), rtol=1e-5)
    np.testing.assert_array_equal(L.RandomGrayscale(0.0)(rgb, training=True).numpy(), rgb)
    inverted = L.RandomInvert((1.0, 1.0), value_range=(0, 255))(rgb, training=True)
    np.testing.assert_allclose(inverted.numpy(), 255 - rgb, rtol=1e-6)
    stretched = L.AutoContrast()(rgb / 4 + 20).numpy()
    np.testing.assert_allclose(stretched.min(axis=(1, 2)), 0, atol=1e-3)
    np.testing.assert_allclose(stretched.max(axis=(1, 2)), 255, rtol=1e-5)
    np.testing.assert_allclose(L.Solarization()(rgb, training=True).numpy(), 255 - rgb,
                               rtol=1e-6)
    np.testing.assert_array_equal(L.Solarization()(rgb, training=False).numpy(), rgb)


def test_shear_by_whole_pixels():
    layer = L.RandomShear(x_factor=(1.0, 1.0), interpolation="nearest", fill_mode="constant",
                          seed=4)
    x = SQ[:1, :, :, :1]
    plus, minus = np.zeros_like(x), np.zeros_like(x)
    for r in range(4):  # out[r, c] = in[r, c + s * r] for the sign s drawn
        plus[0, r, :4 - r] = x[0, r, r:]
        minus[0, r, r:] = x[0, r, :4 - r]
    seen = set()
    for _ in range(12):
        y = layer(x, training=True).numpy()
        assert np.array_equal(y, plus) or np.array_equal(y, minus)
        seen.add(np.array_equal(y, plus))
    assert seen == {True, False}


def test_seed_stream_counts_up_in_eager_graph_and_threads():
    from concurrent.futures import ThreadPoolExecutor

    from fluxion.keras.layers.preprocessing.image_transform import new_seed_stream, seed_stream_p
    stream = new_seed_stream()
    first = seed_stream_p(key=7, stream=stream).numpy()
    np.testing.assert_array_equal(first, [7, 0x1A6E, 0])
    f = tf.function(lambda: seed_stream_p(key=7, stream=stream))
    counts = [int(f().numpy()[2]) for _ in range(3)]
    assert counts == sorted(set(counts)) and counts[0] >= 1  # each run draws a new one
    with ThreadPoolExecutor(4) as pool:
        drawn = list(pool.map(lambda _: int(f().numpy()[2]), range(40)))
    assert len(set(drawn)) == 40  # threads never share a draw


def test_parallel_map_draws_differ():
    x = np.tile(SQ[:1, :, :, :1], (32, 1, 1, 1))
    rot = L.RandomRotation(0.5, seed=1)
    ds = tf.data.Dataset.from_tensor_slices(x).batch(1).map(
        lambda t: rot(t, training=True), num_parallel_calls=tf.data.AUTOTUNE)
    assert len({e.numpy().tobytes() for e in ds}) == 32
