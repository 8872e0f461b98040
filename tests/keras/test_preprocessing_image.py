"""tf.keras.preprocessing.image: the NumPy affine resampler (checked against
scipy.ndimage.affine_transform, which Keras calls), ImageDataGenerator and its iterators
(exact seeded Keras results are pinned in tests/fixtures/keras_preprocessing.json)."""
from __future__ import annotations

import os

import numpy as np
import pytest

import fluxion as tf

P = tf.keras.preprocessing.image
MODES = ["constant", "nearest", "reflect", "wrap"]


def image(h=7, w=9, c=3, seed=0, dtype="float32"):
    return np.random.RandomState(seed).uniform(0, 255, (h, w, c)).astype(dtype)


# --- the affine resampler ------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("order", [0, 1])
def test_resampler_matches_scipy(mode, order):
    from scipy import ndimage  # the reference Keras itself uses (a [test] dependency)
    from fluxion.keras.preprocessing.affine import _resample

    rng = np.random.default_rng(order * 10 + MODES.index(mode))
    for _ in range(40):
        h, w = rng.integers(1, 10, 2)
        x = rng.normal(size=(2, h, w)) * 10
        matrix, offset = rng.normal(size=(2, 2)) * 2, rng.normal(size=2) * 6
        ours = _resample(x, matrix, offset, order, mode, -3.0)
        ref = np.stack([ndimage.affine_transform(c, matrix, offset, order=order, mode=mode,
                                                 cval=-3.0) for c in x])
        np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("dtype", ["uint8", "int32", "float32", "float64"])
def test_apply_affine_transform_matches_keras_scipy_path(dtype):
    from scipy import ndimage  # the reference Keras itself uses (a [test] dependency)
    x = image(dtype=dtype) - (0 if dtype == "uint8" else 100)
    kwargs = {"theta": 17.0, "tx": 1.3, "ty": -2.2, "shear": 8.0, "zx": 0.9, "zy": 1.2}
    ours = P.apply_affine_transform(x, row_axis=0, col_axis=1, channel_axis=2,
                                    fill_mode="reflect", **kwargs)
    # Keras' own recipe: the centred matrix with x/y swapped, one channel at a time
    t = np.deg2rad(17.0)
    s = np.deg2rad(8.0)
    m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    m = m @ np.array([[1, 0, 1.3], [0, 1, -2.2], [0, 0, 1]])
    m = m @ np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
    m = m @ np.diag([0.9, 1.2, 1.0])
    o_x, o_y = 7 / 2 - 0.5, 9 / 2 - 0.5
    m = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]]) @ m @ \
        np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    m[:, [0, 1]] = m[:, [1, 0]]
    m[[0, 1]] = m[[1, 0]]
    ref = np.stack([ndimage.affine_transform(x[..., c], m[:2, :2], m[:2, 2], order=1,
                                             mode="reflect") for c in range(3)], axis=-1)
    assert ours.dtype == np.dtype(dtype) and ours.shape == x.shape
    np.testing.assert_allclose(ours, ref, rtol=1e-6, atol=1e-3)


def test_quarter_turn_and_integer_shift_closed_forms():
    x = image(5, 5)
    np.testing.assert_allclose(P.apply_affine_transform(x, theta=90, row_axis=0, col_axis=1,
                                                        channel_axis=2), np.rot90(x, 1),
                               atol=1e-4)
    shifted = P.apply_affine_transform(x, tx=2, ty=-1, row_axis=0, col_axis=1, channel_axis=2,
                                       fill_mode="constant", cval=-1.0)
    # Keras swaps x/y for (row, col) arrays: tx moves columns, ty rows
    np.testing.assert_array_equal(shifted[1:, :3], x[:-1, 2:])
    assert np.all(shifted[0] == -1) and np.all(shifted[:, 3:] == -1)


def test_channels_first_agrees_with_channels_last():
    x = image()
    last = P.apply_affine_transform(x, theta=30, zx=1.3, row_axis=0, col_axis=1,
                                    channel_axis=2)
    first = P.apply_affine_transform(x.transpose(2, 0, 1), theta=30, zx=1.3)
    np.testing.assert_allclose(first.transpose(1, 2, 0), last, rtol=1e-6)


def test_identity_returns_input_and_axis_errors():
    x = image()
    assert P.apply_affine_transform(x, row_axis=0, col_axis=1, channel_axis=2) is x
    with pytest.raises(ValueError, match="distinct"):
        P.apply_affine_transform(x, theta=1, row_axis=0, col_axis=0, channel_axis=2)
    with pytest.raises(ValueError, match="multi-channel"):
        P.apply_affine_transform(x[..., 0], theta=1)


def test_random_geometric_helpers_draw_from_numpy():
    x = image().transpose(2, 0, 1)
    np.random.seed(4)
    rotated = P.random_rotation(x, 40)
    np.random.seed(4)
    theta = np.random.uniform(-40, 40)
    np.testing.assert_array_equal(rotated, P.apply_affine_transform(x, theta=theta))
    for fn, args in [(P.random_shift, (0.2, 0.3)), (P.random_shear, (20,)),
                     (P.random_zoom, ((0.7, 1.3),))]:
        out = fn(x, *args, fill_mode="constant")
        assert out.shape == x.shape and out.dtype == x.dtype
    np.testing.assert_array_equal(P.random_zoom(x, (1, 1)), x)


def test_channel_shift_clips_to_image_range():
    x = image()
    out = P.apply_channel_shift(x, 50.0, channel_axis=2)
    np.testing.assert_allclose(out, np.clip(x + 50, x.min(), x.max()))
    np.random.seed(0)
    shifted = P.random_channel_shift(x, 10.0, 2)
    np.random.seed(0)
    np.testing.assert_allclose(shifted, P.apply_channel_shift(x, np.random.uniform(-10, 10), 2))


def test_brightness_matches_pillow_blend():
    x = image()
    out = P.apply_brightness_shift(x, 0.7)
    scaled = ((x - x.min()) / (x - x.min()).max() * 255).astype("uint8")
    expected = np.clip(np.float32(0.7) * scaled.astype("float32"), 0, 255).astype("uint8")
    np.testing.assert_array_equal(out, expected.astype("float32"))
    # no rescale for images already in [0, 255]
    plain = P.apply_brightness_shift(x, 1.5, scale=False)
    np.testing.assert_array_equal(plain, np.minimum(np.float32(1.5) * x.astype("uint8"), 255)
                                  .astype("uint8"))
    # outside [0, 255] with scale=False: mapped back to the original range
    wide = x * 4 - 300
    back = P.apply_brightness_shift(wide, 1.0, scale=False)
    assert abs(back.min() - wide.min()) < 1e-3 and abs(back.max() - wide.max()) < 8
    with pytest.raises(ValueError):
        P.random_brightness(x, (0.5,))


# --- ImageDataGenerator ---------------------------------------------------------------------------
def test_get_random_transform_draw_order():
    g = P.ImageDataGenerator(rotation_range=10, width_shift_range=0.1, zoom_range=0.2,
                             horizontal_flip=True)
    params = g.get_random_transform((8, 6, 3), seed=5)
    np.random.seed(5)
    theta = np.random.uniform(-10, 10)
    ty = np.random.uniform(-0.1, 0.1) * 6
    zx, zy = np.random.uniform(0.8, 1.2, 2)
    flip = np.random.random() < 0.5
    assert params["theta"] == theta and params["ty"] == ty and params["tx"] == 0
    assert (params["zx"], params["zy"]) == (zx, zy)
    assert bool(params["flip_horizontal"]) == flip and params["flip_vertical"] == 0


def test_apply_transform_flips_and_standardize():
    x = image()
    g = P.ImageDataGenerator(rescale=0.5)
    out = g.apply_transform(x, {"flip_horizontal": True, "flip_vertical": True})
    np.testing.assert_array_equal(out, x[::-1, ::-1])
    np.testing.assert_allclose(g.standardize(x.copy()), x * 0.5)
    g = P.ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True)
    z = g.standardize(x.copy())
    assert abs(z.mean()) < 1e-4 and abs(z.std() - 1) < 1e-4


def test_fit_featurewise_statistics():
    x = np.stack([image(seed=i) for i in range(6)])
    g = P.ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    g.fit(x)
    np.testing.assert_allclose(g.mean.ravel(), x.mean(axis=(0, 1, 2)), rtol=1e-5)
    np.testing.assert_allclose(g.std.ravel(), x.std(axis=(0, 1, 2)), rtol=1e-4)
    assert g.mean.shape == (1, 1, 3)
    batch = np.stack([g.standardize(v.copy()) for v in x])
    np.testing.assert_allclose(batch.mean(axis=(0, 1, 2)), 0, atol=1e-4)
    np.testing.assert_allclose(batch.std(axis=(0, 1, 2)), 1, atol=1e-4)
    with pytest.warns(UserWarning, match="hasn't been fit"):
        P.ImageDataGenerator(featurewise_center=True).standardize(x[0].copy())


def test_zca_whitening_decorrelates():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(40, 2, 2, 1)) @ np.ones((1, 1))
    x[..., 0, 0, 0] += x[..., 1, 1, 0]  # correlated pixels
    with pytest.warns(UserWarning):
        g = P.ImageDataGenerator(zca_whitening=True)
    g.fit(x)
    white = np.stack([g.standardize(v.copy()) for v in x.astype("float32")]).reshape(40, -1)
    # Keras centres per channel, so the whitened second moments are the identity
    np.testing.assert_allclose(white.T @ white / 40, np.eye(4), atol=1e-3)


def test_flow_batches_and_epochs():
    x = np.stack([image(4, 4, seed=i) for i in range(10)])
    y = np.arange(10)
    it = P.ImageDataGenerator(rotation_range=30, horizontal_flip=True).flow(x, y, batch_size=4,
                                                                            seed=1)
    assert len(it) == 3
    seen = [it[i][1] for i in range(3)]
    assert sorted(np.concatenate(seen).tolist()) == list(range(10))
    assert [b.shape[0] for b in seen] == [4, 4, 2]
    batch = next(it)
    assert batch[0].shape == (4, 4, 4, 3) and batch[0].dtype == np.float32
    assert it.next()[0].shape[0] == 4 and next(it)[0].shape[0] == 2  # wraps at the end
    it.on_epoch_end()
    assert sorted(it.index_array.tolist()) == list(range(10))
    with pytest.raises(ValueError, match="length"):
        it[3]


def test_flow_identity_generator_keeps_values():
    x = np.stack([image(3, 5, seed=i) for i in range(5)])
    it = P.ImageDataGenerator().flow(x, np.arange(5), batch_size=5, shuffle=False)
    bx, by = it[0]
    np.testing.assert_array_equal(bx, x)
    np.testing.assert_array_equal(by, np.arange(5))


def test_flow_trains_a_model():
    x = np.stack([image(6, 6, seed=i) for i in range(12)]) / 255
    y = (x.mean(axis=(1, 2, 3)) > 0.5).astype("float32")
    g = P.ImageDataGenerator(horizontal_flip=True, width_shift_range=0.1)
    model = tf.keras.Sequential([tf.keras.Input((6, 6, 3)), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(g.flow(x, y, batch_size=5), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


# --- flow_from_directory --------------------------------------------------------------------------
@pytest.fixture
def image_dir(tmp_path):
    rng = np.random.RandomState(0)
    images = {}
    for cls in ["dogs", "cats"]:
        os.makedirs(tmp_path / cls)
        for i in range(3):
            img = rng.randint(0, 256, (6 + i, 8, 3)).astype("uint8")
            name = f"{cls}/im{i}.png"
            (tmp_path / name).write_bytes(tf.io.encode_png(img).numpy())
            images[name] = img
    (tmp_path / "cats" / "notes.txt").write_text("not an image")
    return tmp_path, images


def test_directory_listing_and_labels(image_dir):
    root, images = image_dir
    g = P.ImageDataGenerator()
    it = g.flow_from_directory(str(root), target_size=(6, 8), batch_size=4, shuffle=False)
    assert it.class_indices == {"cats": 0, "dogs": 1}
    assert it.filenames == sorted(images) and it.samples == 6 and len(it) == 2
    np.testing.assert_array_equal(it.classes, [0, 0, 0, 1, 1, 1])
    x, y = it[0]
    assert x.shape == (4, 6, 8, 3) and x.dtype == np.float32
    np.testing.assert_array_equal(x[0], images["cats/im0.png"])
    np.testing.assert_array_equal(y, [[1, 0], [1, 0], [1, 0], [0, 1]])


def test_directory_resize_is_pillow_nearest(image_dir):
    root, images = image_dir
    it = P.ImageDataGenerator().flow_from_directory(str(root), target_size=(3, 5),
                                                    shuffle=False, batch_size=6)
    x = it[0][0]
    src = images["cats/im2.png"]  # 8 x 8
    rows = np.floor((np.arange(3) + 0.5) * 8 / 3).astype(int)
    cols = np.floor((np.arange(5) + 0.5) * 8 / 5).astype(int)
    np.testing.assert_array_equal(x[2], src[rows][:, cols])


@pytest.mark.parametrize("mode", ["binary", "sparse", "input", None])
def test_directory_class_modes(image_dir, mode):
    root, _ = image_dir
    it = P.ImageDataGenerator(rescale=1 / 255).flow_from_directory(
        str(root), target_size=(4, 4), class_mode=mode, batch_size=6, shuffle=False)
    batch = it[0]
    if mode is None:
        assert batch.shape == (6, 4, 4, 3) and batch.max() <= 1
        return
    x, y = batch
    if mode == "input":
        np.testing.assert_array_equal(x, y)
    else:
        assert y.dtype == np.float32
        np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])


def test_directory_color_modes_and_channels_first(image_dir):
    root, images = image_dir
    gray = P.ImageDataGenerator().flow_from_directory(
        str(root), target_size=(6, 8), color_mode="grayscale", shuffle=False)[0][0]
    rgb = images["cats/im0.png"].astype(np.int64)
    luma = (rgb[..., 0] * 19595 + rgb[..., 1] * 38470 + rgb[..., 2] * 7471 + 0x8000) >> 16
    np.testing.assert_array_equal(gray[0, ..., 0], luma)
    rgba = P.ImageDataGenerator(data_format="channels_first").flow_from_directory(
        str(root), target_size=(6, 8), color_mode="rgba", shuffle=False)
    assert rgba.image_shape == (4, 6, 8)
    x = rgba[0][0]
    assert x.shape == (6, 4, 6, 8)
    np.testing.assert_array_equal(x[0, 3], 255)
    np.testing.assert_array_equal(x[0, :3], images["cats/im0.png"].transpose(2, 0, 1))


def test_directory_subsets_seed_and_fit(image_dir):
    root, _ = image_dir
    g = P.ImageDataGenerator(validation_split=0.34)
    train = g.flow_from_directory(str(root), target_size=(4, 4), subset="training", seed=3)
    val = g.flow_from_directory(str(root), target_size=(4, 4), subset="validation")
    assert val.filenames == ["cats/im0.png", "dogs/im0.png"]
    assert train.samples == 4 and not set(train.filenames) & set(val.filenames)
    again = g.flow_from_directory(str(root), target_size=(4, 4), subset="training", seed=3)
    np.testing.assert_array_equal(train[0][1], again[0][1])
    model = tf.keras.Sequential([tf.keras.Input((4, 4, 3)), tf.keras.layers.Rescaling(1 / 255),
                                 tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "categorical_crossentropy")
    history = model.fit(train, validation_data=val, epochs=2, verbose=0)
    assert len(history.history["val_loss"]) == 2


def test_directory_errors(image_dir):
    root, _ = image_dir
    g = P.ImageDataGenerator()
    with pytest.raises(ValueError, match="class_mode"):
        g.flow_from_directory(str(root), class_mode="raw")
    with pytest.raises(ValueError, match="color mode"):
        g.flow_from_directory(str(root), color_mode="cmyk")
    with pytest.raises(NotImplementedError):
        g.flow_from_dataframe(None)
