"""Keras 3 colour, region and mixing augmentation layers (RandomHue, RandomSaturation,
RandomColorDegeneration, RandomSharpness, RandomPosterization, Equalization,
RandomColorJitter, RandomErasing, RandomGaussianBlur, MixUp, CutMix, RandAugment, AugMix):
closed forms against NumPy, inference behaviour, configs, seeds, graph mode (tf.function,
tf.data, fit), gradients."""
import colorsys
import json
import os

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient

L = tf.keras.layers
R = np.random.default_rng(5)
X = (R.random((3, 6, 7, 3)) * 255).astype(np.float32)
U8 = X.astype(np.uint8)

RANDOM_LAYERS = [
    lambda: L.RandomHue(0.5, seed=1), lambda: L.RandomSaturation(0.4, seed=1),
    lambda: L.RandomColorDegeneration(0.8, seed=1), lambda: L.RandomSharpness(0.9, seed=1),
    lambda: L.RandomPosterization((1, 3), seed=1),
    lambda: L.RandomColorJitter(brightness_factor=0.3, contrast_factor=0.3,
                                saturation_factor=0.3, hue_factor=0.3, seed=1),
    lambda: L.RandomErasing(seed=1), lambda: L.RandomGaussianBlur(seed=1),
    lambda: L.MixUp(alpha=1.0, seed=1), lambda: L.CutMix(seed=1),
    lambda: L.RandAugment(seed=1), lambda: L.AugMix(seed=1, num_chains=2),
    lambda: L.RandomPerspective(seed=1),
]
ALL_LAYERS = RANDOM_LAYERS + [
    lambda: L.Equalization(bins=64),
    lambda: L.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 3))]


def gray(x):
    return (x @ np.array([0.2989, 0.5870, 0.1140], np.float32))[..., None]


def box_smooth(x):
    """3x3 smoothing with weights 1/13 around, 5/13 at the centre, zero padding."""
    pad = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    h, w = x.shape[1:3]
    out = np.zeros_like(x)
    for dy in range(3):
        for dx in range(3):
            weight = 5 / 13 if (dy, dx) == (1, 1) else 1 / 13
            out += weight * pad[:, dy:dy + h, dx:dx + w]
    return out


# --- closed forms -------------------------------------------------------------------------------
def test_hue_half_turn_matches_colorsys():
    x = X[:1, :2, :3] / 255.0
    out = L.RandomHue((1.0, 1.0), value_range=(0, 1))(x, training=True).numpy()
    for pixel, got in zip(x.reshape(-1, 3), out.reshape(-1, 3)):
        h, s, v = colorsys.rgb_to_hsv(*pixel)
        np.testing.assert_allclose(got, colorsys.hsv_to_rgb((h + 0.5) % 1.0, s, v), atol=1e-5)


def test_saturation_scales_s_by_u_over_one_minus_u():
    x = X[:1, :2, :2] / 255.0
    out = L.RandomSaturation((0.25, 0.25), value_range=(0, 1))(x, training=True).numpy()
    for pixel, got in zip(x.reshape(-1, 3), out.reshape(-1, 3)):
        h, s, v = colorsys.rgb_to_hsv(*pixel)
        np.testing.assert_allclose(got, colorsys.hsv_to_rgb(h, s / 3, v), atol=1e-5)
    grayed = L.RandomSaturation((0.0, 0.0))(X, training=True).numpy()
    np.testing.assert_allclose(grayed, np.repeat(X.max(-1, keepdims=True), 3, -1), rtol=1e-6)


@pytest.mark.parametrize("f", [0.0, 0.3, 1.0])
def test_color_degeneration_blends_towards_gray(f):
    out = L.RandomColorDegeneration((f, f))(X, training=True).numpy()
    np.testing.assert_allclose(out, np.clip(X + f * (gray(X) - X), 0, 255), rtol=1e-5,
                               atol=1e-4)


@pytest.mark.parametrize("f", [0.0, 0.5, 0.8])
def test_sharpness_against_numpy(f):
    out = L.RandomSharpness((f, f))(X, training=True).numpy()
    expected = np.clip(X + (1 - 2 * f) * (box_smooth(X) - X), 0, 255)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("bits", [1, 4, 7, 8])
def test_posterization_keeps_top_bits(bits):
    out = L.RandomPosterization((bits, bits))(U8, training=True)
    assert out.dtype == tf.float32
    shift = 8 - bits
    np.testing.assert_array_equal(out.numpy(), (U8 >> shift) << shift)
    unit = L.RandomPosterization((bits, bits), value_range=(0, 1))(U8 / 255.0, training=True)
    np.testing.assert_allclose(unit.numpy(), ((U8 >> shift) << shift) / 255.0, atol=1e-6)


def test_posterization_draws_bits_below_the_upper_bound():
    out = L.RandomPosterization((1, 3), seed=2)(U8, training=True).numpy()
    low_bits = out.astype(np.uint8) & 0x3F  # at most 2 bits kept: the 6 low bits are 0
    assert not low_bits.any()


def numpy_equalize(x, bins=256):
    out = np.empty_like(x, dtype=np.float32)
    for c in range(x.shape[-1]):
        ch = x[..., c].astype(np.float32)
        idx = np.clip((ch * (bins - 1) / 255).astype(np.int32), 0, bins - 1)
        hist = np.bincount(idx.ravel(), minlength=bins)
        cdf = np.cumsum(hist)
        cdf_min = cdf[np.nonzero(cdf)[0][0]]
        den = max(cdf[-1] - cdf_min, 1)
        table = np.clip(np.round((cdf - cdf_min) * 255 / den), 0, 255)
        look = np.clip(ch / 255 * (bins - 1), 0, bins - 1).astype(np.int32)
        out[..., c] = ch if np.count_nonzero(hist) <= 1 else table[look]
    return out


@pytest.mark.parametrize("bins", [256, 32])
def test_equalization_against_numpy(bins):
    out = L.Equalization(bins=bins)(U8)
    np.testing.assert_allclose(out.numpy(), numpy_equalize(U8, bins), atol=1e-4)
    # deterministic: every call gives the same; training=False returns the input
    np.testing.assert_array_equal(L.Equalization(bins=bins)(U8).numpy(), out.numpy())
    np.testing.assert_array_equal(L.Equalization()(U8, training=False).numpy(), U8)


def test_equalization_spreads_a_narrow_histogram():
    x = np.repeat(np.arange(100, 116, dtype=np.float32).reshape(1, 4, 4, 1), 3, -1)
    out = L.Equalization()(x).numpy()
    assert out.min() == 0 and out.max() == 255
    assert np.all(np.diff(out[0, ..., 0].ravel()) > 0)


def test_clahe_with_one_tile_and_no_clip_is_global_equalization():
    layer = L.ContrastLimitedAdaptiveHistogramEqualization(clip_limit=0, tile_grid_size=(1, 1))
    out = layer(U8, training=False)
    assert out.dtype == tf.uint8
    expected = np.empty(U8.shape, np.float32)
    for b in range(U8.shape[0]):
        for c in range(3):
            cdf = np.cumsum(np.bincount(U8[b, ..., c].ravel(), minlength=256)).astype(np.float64)
            table = np.clip((cdf - cdf[0]) * 255 / (cdf[-1] - cdf[0]), 0, 255)
            expected[b, ..., c] = table[U8[b, ..., c]]
    np.testing.assert_array_equal(out.numpy(), expected.astype(np.uint8))


def test_clahe_clip_limit_flattens_the_maps():
    x = np.zeros((1, 8, 8, 1), np.float32)
    x[0, :, 4:] = 200.0  # two values only
    strong = L.ContrastLimitedAdaptiveHistogramEqualization(clip_limit=0, tile_grid_size=(1, 1))
    soft = L.ContrastLimitedAdaptiveHistogramEqualization(clip_limit=1.0, tile_grid_size=(1, 1))
    spread_strong = np.ptp(strong(x).numpy())
    spread_soft = np.ptp(soft(x).numpy())
    assert spread_strong == 255.0 and 0 < spread_soft < spread_strong


def test_color_jitter_matches_its_parts():
    jitter = L.RandomColorJitter(brightness_factor=(0.1, 0.1), contrast_factor=(-0.5, 0.5),
                                 saturation_factor=(0.5, 0.5), hue_factor=(0.0, 0.0))
    out = jitter(X, training=True).numpy()
    bright = np.clip(X + 25.5, 0, 255)
    mean = bright.mean(axis=(1, 2), keepdims=True)
    expected = np.clip((bright - mean) * 1.5 + mean, 0, 255)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-2)


def test_randaugment_single_op_is_one_of_its_layers():
    # factor 0: geometric, brightness, contrast and degeneration ops leave the image; the
    # others give fixed results (full smoothing, 1-bit posterization, inversion, ...)
    x = X[:1]
    outs = {tuple(np.round(L.RandAugment(num_ops=1, factor=0.0, seed=s)(
        x, training=True).numpy().ravel()[:6], 3)) for s in range(40)}
    candidates = [x, np.clip(x + (box_smooth(x) - x), 0, 255), 255.0 - x,
                  numpy_equalize(x), (x.astype(np.uint8) >> 7) << 7]
    keys = {tuple(np.round(np.asarray(c, np.float32).ravel()[:6], 3)) for c in candidates}
    assert tuple(np.round(x.ravel()[:6], 3)) in outs
    assert len(outs & keys) >= 3


def test_augmix_with_empty_chains_keeps_the_image():
    out = L.AugMix(chain_depth=0, seed=2)(X, training=True).numpy()
    np.testing.assert_allclose(out, X, rtol=1e-5, atol=1e-3)
    clipped = L.AugMix(chain_depth=0, value_range=(0, 100))(X, training=True).numpy()
    np.testing.assert_allclose(clipped, np.clip(X, 0, 100), rtol=1e-5, atol=1e-3)


def test_homography_maps_moved_corners_back():
    from fluxion.keras.layers.preprocessing.image_warp import homography_rows

    start = np.array([[[0, 0], [6, 0], [0, 5], [6, 5]]], np.float64)
    end = start * np.array([[[1.0, 1.0], [0.8, 1.0], [1.0, 1.3], [1.1, 0.9]]])
    t = homography_rows(tf.constant(start), tf.constant(end)).numpy()[0]
    for (sx, sy), (ex, ey) in zip(start[0], end[0]):
        k = t[6] * ex + t[7] * ey + 1
        np.testing.assert_allclose([(t[0] * ex + t[1] * ey + t[2]) / k,
                                    (t[3] * ex + t[4] * ey + t[5]) / k], [sx, sy], atol=1e-9)
    scale = homography_rows(tf.constant(start), tf.constant(start * 1.25)).numpy()[0]
    np.testing.assert_allclose(scale, [0.8, 0, 0, 0, 0.8, 0, 0, 0], atol=1e-12)


def test_perspective_keeps_the_top_left_pixel():
    layer = L.RandomPerspective(seed=3, interpolation="nearest")
    for _ in range(3):
        out = layer(X, training=True).numpy()
        np.testing.assert_array_equal(out[:, 0, 0], X[:, 0, 0])
    np.testing.assert_allclose(L.RandomPerspective(scale=0.0)(X, training=True).numpy(), X,
                               rtol=1e-5, atol=1e-3)


def test_erasing_fills_one_box_per_image():
    out = L.RandomErasing((1.0, 1.0), scale=(0.2, 0.2), fill_value=-1.0,
                          value_range=(-1, 255), seed=3)(X, training=True).numpy()
    side = np.sqrt(0.2)
    for img in out:
        rows, cols = np.nonzero((img == -1).all(-1))
        assert rows.max() - rows.min() + 1 in (int(side * 6), int(side * 6) + 1)
        assert cols.max() - cols.min() + 1 in (int(side * 7), int(side * 7) + 1)
        assert len(rows) == (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)


def test_gaussian_blur_against_numpy():
    sigma = 0.8
    k = np.exp(-0.5 * (np.arange(3) - 1.0) ** 2 / sigma**2)
    k /= k.sum()
    kernel = np.outer(k, k)
    pad = np.pad(X, ((0, 0), (1, 1), (1, 1), (0, 0)))
    expected = sum(kernel[i, j] * pad[:, i:i + 6, j:j + 7] for i in range(3) for j in range(3))
    out = L.RandomGaussianBlur((1.0, 1.0), sigma=(sigma, sigma))(X, training=True)
    np.testing.assert_allclose(out.numpy(), np.clip(expected, 0, 255), rtol=1e-4, atol=1e-3)


def test_mixup_mixes_pairs_and_labels_alike():
    images = np.stack([np.full((4, 4, 1), v, np.float32) for v in (0.0, 10.0, 20.0, 30.0)])
    labels = np.eye(4, dtype=np.float32)
    out = L.MixUp(alpha=1.0, seed=4)({"images": images, "labels": labels}, training=True)
    mixed, mixed_labels = out["images"].numpy(), out["labels"].numpy()
    np.testing.assert_allclose(mixed_labels.sum(1), 1.0, rtol=1e-6)
    # each image is flat and equals the label-weighted mean of the sources
    np.testing.assert_allclose(mixed[:, 0, 0, 0], mixed_labels @ np.array([0, 10, 20, 30.0]),
                               rtol=1e-5, atol=1e-4)
    assert np.all(mixed.std(axis=(1, 2, 3)) < 1e-4)


def test_cutmix_pastes_a_box_and_weights_labels_by_area():
    images = np.stack([np.full((8, 8, 1), v, np.float32) for v in (1.0, 2.0, 3.0, 4.0)])
    labels = np.eye(4, dtype=np.float32)
    out = L.CutMix(seed=6)({"images": images, "labels": labels}, training=True)
    mixed, mixed_labels = out["images"].numpy(), out["labels"].numpy()
    for i in range(4):
        kept = np.mean(mixed[i] == images[i, 0, 0, 0])
        np.testing.assert_allclose(mixed_labels[i, i] if kept < 1 else 1.0,
                                   max(kept, mixed_labels[i, i]), atol=0.2)
        np.testing.assert_allclose(mixed_labels[i].sum(), 1.0, rtol=1e-5)
    assert set(np.unique(mixed)) <= {1.0, 2.0, 3.0, 4.0}


# --- training flag, dtypes, shapes, data formats -------------------------------------------------
@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_inference_leaves_values_and_training_default_augments(make):
    layer = make()
    np.testing.assert_array_equal(layer(X, training=False).numpy(), X)
    assert any(not np.allclose(layer(X).numpy(), X) for _ in range(4))


def test_output_dtypes_follow_keras():
    assert L.RandomHue(0.2)(U8, training=False).dtype == tf.uint8
    assert L.RandomHue(0.2)(U8, training=True).dtype == tf.float32
    assert L.RandomSharpness(0.2)(U8, training=False).dtype == tf.float32
    assert L.Equalization()(U8).dtype == tf.float32
    assert L.RandomErasing()(U8, training=False).dtype == tf.float32
    assert L.MixUp()(U8, training=False).dtype == tf.uint8
    assert L.CutMix()(U8, training=False).dtype == tf.float32
    with pytest.raises(ValueError, match="float dtype"):
        L.RandomSaturation(0.2)(U8, training=True)


@pytest.mark.parametrize("make", ALL_LAYERS)
def test_unbatched_and_channels_first(make):
    layer = make()
    assert layer(X[0], training=True).shape == X[0].shape
    config = layer.get_config()
    config["data_format"] = "channels_first"
    first = type(layer).from_config(config)
    xt = np.transpose(X, (0, 3, 1, 2))
    assert first(xt, training=True).shape == xt.shape


def test_channels_first_matches_channels_last_for_fixed_factors():
    xt = np.transpose(X, (0, 3, 1, 2))
    for make in (lambda f: L.RandomSharpness((0.9, 0.9), data_format=f),
                 lambda f: L.RandomHue((1.0, 1.0), data_format=f),
                 lambda f: L.Equalization(data_format=f),
                 lambda f: L.RandomGaussianBlur((1.0, 1.0), sigma=(0.6, 0.6), data_format=f)):
        last = make("channels_last")(X, training=True).numpy()
        first = make("channels_first")(xt, training=True).numpy()
        np.testing.assert_allclose(np.transpose(first, (0, 2, 3, 1)), last, rtol=1e-5,
                                   atol=1e-3)


def test_argument_errors():
    with pytest.raises(ValueError):
        L.RandomHue(1.5)
    with pytest.raises(ValueError):
        L.RandomPosterization(9)
    with pytest.raises(ValueError):
        L.RandomGaussianBlur(kernel_size=4)
    with pytest.raises(ValueError):
        L.RandomErasing(scale=(0.1, 0.2, 0.3))
    with pytest.raises(ValueError):
        L.RandomErasing(fill_value=(1, 2))(X, training=True)
    with pytest.raises(ValueError):
        L.Equalization()(np.ones((4, 4), np.float32))


# --- configs and seeds ----------------------------------------------------------------------------
@pytest.mark.parametrize("make", ALL_LAYERS)
def test_config_round_trip(make):
    layer = make()
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
    restored = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))
    assert type(restored) is type(layer) and restored.get_config() == config


@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_seeds_repeat_and_calls_differ(make):
    a, b = make(), make()
    first = a(X, training=True).numpy()
    np.testing.assert_array_equal(first, b(X, training=True).numpy())
    assert any(not np.array_equal(first, a(X, training=True).numpy()) for _ in range(3))


# --- graph mode -----------------------------------------------------------------------------------
@pytest.mark.filterwarnings("error")  # an eager fallback of the map fails the test
@pytest.mark.parametrize("make", ALL_LAYERS)
def test_dataset_map_with_partial_batches_and_uint8(make):
    layer = make()
    ds = tf.data.Dataset.from_tensor_slices((U8, np.arange(3))).batch(2)
    mapped = ds.map(lambda x, y: (layer(x, training=True), y))
    outs = [x for x, _ in mapped]
    assert [tuple(x.shape) for x in outs] == [(2, 6, 7, 3), (1, 6, 7, 3)]
    assert all(x.dtype == tf.float32 for x in outs)


def test_tf_function_matches_eager_for_fixed_factors_and_redraws():
    layer = L.RandomPosterization((3, 3))
    f = tf.function(lambda t: layer(t, training=True))
    np.testing.assert_array_equal(f(tf.constant(X)).numpy(),
                                  layer(X, training=True).numpy())
    eq = tf.function(lambda t: L.Equalization(bins=64)(t))
    np.testing.assert_allclose(eq(tf.constant(U8)).numpy(), numpy_equalize(U8, 64), atol=1e-4)
    hue = L.RandomHue(0.5, seed=2)
    g = tf.function(lambda t: hue(t, training=True))
    assert not np.array_equal(g(tf.constant(X)).numpy(), g(tf.constant(X)).numpy())


@pytest.mark.filterwarnings("error")
def test_dataset_map_with_dict_labels():
    images = R.random((4, 5, 5, 3)).astype(np.float32)
    labels = np.eye(4, dtype=np.float32)
    ds = tf.data.Dataset.from_tensor_slices({"images": images, "labels": labels}).batch(4)
    for layer in (L.MixUp(seed=1), L.CutMix(seed=1), L.RandomHue(0.3, seed=1)):
        out = next(iter(ds.map(lambda d, layer=layer: layer(d, training=True))))
        assert out["images"].shape == (4, 5, 5, 3)
        np.testing.assert_allclose(out["labels"].numpy().sum(1), 1.0, rtol=1e-5)


def test_fit_predict_save_and_load_in_sequential(tmp_path):
    images = R.random((10, 8, 8, 3)).astype(np.float32) * 255
    labels = R.integers(0, 2, 10)
    model = tf.keras.Sequential([
        tf.keras.Input((8, 8, 3)), L.RandomHue(0.2, seed=1), L.RandomSaturation(0.3, seed=2),
        L.RandomColorDegeneration(0.3, seed=3), L.RandomSharpness(0.3, seed=4),
        L.RandomPosterization(6, seed=5), L.Equalization(),
        L.RandomColorJitter(brightness_factor=0.1, seed=6), L.RandomErasing(0.5, seed=7),
        L.RandomGaussianBlur(0.5, seed=8), L.MixUp(seed=9), L.CutMix(seed=10),
        L.RandAugment(num_ops=1, seed=11), L.AugMix(num_chains=1, chain_depth=1, seed=12),
        L.RandomPerspective(0.5, scale=0.2, seed=13),
        L.Rescaling(1 / 255.0), L.Flatten(), L.Dense(2)])
    model.compile(optimizer="adam",
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(images, labels, batch_size=4, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    p1 = model.predict(images, verbose=0)
    np.testing.assert_allclose(model.predict(images, verbose=0), p1)  # no augmentation
    path = os.path.join(tmp_path, "aug.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers][:3] == [
        "RandomHue", "RandomSaturation", "RandomColorDegeneration"]
    as_json = [json.loads(json.dumps(m.layers[11].get_config())) for m in (model, loaded)]
    assert as_json[0] == as_json[1] and as_json[0]["num_ops"] == 1  # RandAugment
    np.testing.assert_allclose(loaded.predict(images, verbose=0), p1, rtol=1e-5, atol=1e-5)


# --- gradients ------------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda: L.RandomSharpness((0.8, 0.8), dtype="float64"),
    lambda: L.RandomColorDegeneration((0.6, 0.6), dtype="float64"),
    lambda: L.RandomGaussianBlur((1.0, 1.0), sigma=(0.7, 0.7), dtype="float64"),
    lambda: L.RandomHue((1.0, 1.0), value_range=(0, 1), dtype="float64"),
])
def test_gradients_match_finite_differences(make):
    layer = make()
    x = R.random((1, 3, 4, 3)) * 0.5 + 0.25
    if isinstance(layer, L.RandomHue):
        check_gradient(lambda t: layer(t, training=True), [x], rtol=1e-4, atol=1e-6)
    else:
        check_gradient(lambda t: layer(t * 100.0, training=True), [x], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("alpha", [0.2, 1.0, 3.0])
def test_mixup_weights_follow_beta(alpha):
    from fluxion.keras.layers.preprocessing.image_mix import _beta

    draws = _beta(L.MixUp(seed=3), tf.zeros((20000, 1, 1, 1)), alpha).numpy()
    assert np.all((draws >= 0) & (draws <= 1))
    np.testing.assert_allclose(draws.mean(), 0.5, atol=0.01)
    np.testing.assert_allclose(draws.var(), 1 / (4 * (2 * alpha + 1)), rtol=0.05)


@pytest.mark.filterwarnings("error")
def test_max_num_bounding_boxes_pads_and_cuts():
    boxes = R.random((3, 4, 4)).astype(np.float32)
    labels = np.arange(12, dtype=np.int32).reshape(3, 4)
    data = {"images": X, "bounding_boxes": {"boxes": boxes, "labels": labels}}
    out = L.MaxNumBoundingBoxes(6, fill_value=-2, bounding_box_format="xyxy")(data)
    got = out["bounding_boxes"]
    np.testing.assert_array_equal(got["boxes"].numpy()[:, :4], boxes)
    assert np.all(got["boxes"].numpy()[:, 4:] == -2) and got["labels"].dtype == tf.int32
    np.testing.assert_array_equal(got["labels"].numpy()[:, 4:], -2)
    cut = L.MaxNumBoundingBoxes(2, bounding_box_format="xyxy")(data)["bounding_boxes"]
    np.testing.assert_array_equal(cut["boxes"].numpy(), boxes[:, :2])
    np.testing.assert_array_equal(L.MaxNumBoundingBoxes(3)(U8).numpy(), U8)
    with pytest.raises(ValueError, match="bounding box format"):
        L.MaxNumBoundingBoxes(3)(data)
    ds = tf.data.Dataset.from_tensor_slices(data).batch(2)
    layer = L.MaxNumBoundingBoxes(5, bounding_box_format="xyxy")
    shapes = [tuple(d["bounding_boxes"]["boxes"].shape) for d in ds.map(layer)]
    assert shapes == [(2, 5, 4), (1, 5, 4)]
