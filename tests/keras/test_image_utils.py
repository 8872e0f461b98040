"""Keras image utilities: img_to_array / array_to_img / load_img / save_img (Pillow optional),
smart_resize, and image_dataset_from_directory on PNG files written here with zlib."""
import io
import os
import struct
import zlib

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.utils import image_utils

try:
    import PIL  # noqa: F401
    HAVE_PIL = True
except ImportError:
    HAVE_PIL = False


def write_png(path, pixels) -> None:
    """An 8-bit PNG (gray, RGB or RGBA by the channel count), unfiltered rows."""
    pixels = np.asarray(pixels, np.uint8)
    h, w, c = pixels.shape
    raw = b"".join(b"\x00" + pixels[r].tobytes() for r in range(h))

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    head = struct.pack(">IIBBBBB", w, h, 8, {1: 0, 3: 2, 4: 6}[c], 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw))
                + chunk(b"IEND", b""))


@pytest.fixture
def image_dir(tmp_path):
    """classes a (3 images, value 10), b (2, value 200) and c (1, value 90): constant colours,
    varied sizes, plus files that are not images."""
    root = tmp_path / "images"
    for name, count, value in (("a", 3, 10), ("b", 2, 200), ("c", 1, 90)):
        os.makedirs(root / name)
        for i in range(count):
            write_png(root / name / f"{i}.png", np.full((4 + i, 6 - i, 3), value + i))
    (root / "a" / "readme.txt").write_text("skip me")
    os.makedirs(root / ".hidden")
    write_png(root / ".hidden" / "x.png", np.zeros((2, 2, 3)))
    return str(root)


# --- arrays and PIL images ------------------------------------------------------------------------
def test_img_to_array():
    x = image_utils.img_to_array(np.arange(6).reshape(2, 3))
    assert x.shape == (2, 3, 1) and x.dtype == np.float32
    assert tf.keras.utils.img_to_array(np.ones((2, 3, 4)), data_format="channels_first").shape \
        == (4, 2, 3)
    assert image_utils.img_to_array(np.ones((2, 3)), data_format="channels_first").shape == \
        (1, 2, 3)
    assert image_utils.img_to_array(np.ones((2, 3, 1)), dtype="uint8").dtype == np.uint8
    with pytest.raises(ValueError):
        image_utils.img_to_array(np.ones((2, 3, 4, 5)))


def test_pil_functions(tmp_path):
    path = str(tmp_path / "x.png")
    x = np.arange(4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3)
    if not HAVE_PIL:  # Pillow is optional: writing names it; reading decodes the file
        for call in (lambda: image_utils.array_to_img(x), lambda: image_utils.save_img(path, x)):
            with pytest.raises(ImportError, match="pillow"):
                call()
        tf.io.write_file(path, tf.io.encode_png(x.astype(np.uint8)))
        img = image_utils.load_img(path)
        assert img.size == (5, 4) and img.mode == "RGB"
        np.testing.assert_array_equal(image_utils.img_to_array(img), x)
        gray = image_utils.load_img(path, color_mode="grayscale", target_size=(2, 3))
        assert gray.mode == "L" and image_utils.img_to_array(gray).shape == (2, 3, 1)
        with pytest.raises(ImportError, match="PIL"):
            image_utils.load_img(io.BytesIO(b"..."))
        return
    image_utils.save_img(path, x, scale=False)
    img = image_utils.load_img(path)
    assert img.size == (5, 4)
    np.testing.assert_array_equal(image_utils.img_to_array(img), x)
    gray = image_utils.load_img(path, color_mode="grayscale", target_size=(2, 3))
    assert image_utils.img_to_array(gray).shape == (2, 3, 1)
    rgba = image_utils.load_img(path, color_mode="rgba", target_size=(4, 2),
                                keep_aspect_ratio=True)
    assert rgba.mode == "RGBA" and rgba.size == (2, 4)
    scaled = image_utils.array_to_img(x)  # scale: min 0, max 255
    assert np.asarray(scaled).min() == 0 and np.asarray(scaled).max() == 255
    assert image_utils.array_to_img(np.full((2, 2, 1), 300.0), scale=False).mode == "I"
    with open(path, "rb") as f:
        assert image_utils.load_img(io.BytesIO(f.read())).size == (5, 4)
    with pytest.raises(ValueError, match="color_mode"):
        image_utils.load_img(path, color_mode="cmyk")
    with pytest.raises(ValueError, match="channel"):
        image_utils.array_to_img(np.ones((2, 2, 2)))


# --- smart_resize ---------------------------------------------------------------------------------
def test_smart_resize_matches_keras():
    # Keras 3.15: keras.preprocessing.image.smart_resize(np.arange(60.).reshape(5, 4, 3), (2, 2))
    out = image_utils.smart_resize(np.arange(60.0).reshape(5, 4, 3), (2, 2))
    assert isinstance(out, np.ndarray) and out.dtype == np.float32
    np.testing.assert_allclose(out, [[[7.5, 8.5, 9.5], [13.5, 14.5, 15.5]],
                                     [[31.5, 32.5, 33.5], [37.5, 38.5, 39.5]]])
    batch = image_utils.smart_resize(tf.reshape(tf.range(120.0), (2, 4, 5, 3)), (3, 3))
    assert isinstance(batch, tf.Tensor) and batch.shape == (2, 3, 3, 3)
    np.testing.assert_allclose(batch.numpy()[0, 0, :, 0], [3.0, 7.0, 11.0], rtol=1e-6)
    with pytest.raises(ValueError):
        image_utils.smart_resize(np.ones((4, 4, 3)), (2, 2, 2))
    with pytest.raises(ValueError):
        image_utils.smart_resize(np.ones((4, 4)), (2, 2))


# --- image_dataset_from_directory -----------------------------------------------------------------
def test_directory_int_labels(image_dir, capsys):
    ds = tf.keras.utils.image_dataset_from_directory(image_dir, image_size=(3, 4), batch_size=4,
                                                     shuffle=False)
    assert "Found 6 files belonging to 3 classes." in capsys.readouterr().out
    assert ds.class_names == ["a", "b", "c"]
    assert [os.path.relpath(p, image_dir) for p in ds.file_paths] == [
        "a/0.png", "a/1.png", "a/2.png", "b/0.png", "b/1.png", "c/0.png"]
    batches = list(ds)
    assert [tuple(x.shape) for x, _ in batches] == [(4, 3, 4, 3), (2, 3, 4, 3)]
    images = np.concatenate([x.numpy() for x, _ in batches])
    labels = np.concatenate([y.numpy() for _, y in batches])
    assert images.dtype == np.float32 and labels.dtype == np.int32
    np.testing.assert_array_equal(labels, [0, 0, 0, 1, 1, 2])
    np.testing.assert_allclose(images[:, 0, 0, 0], [10, 11, 12, 200, 201, 90])
    np.testing.assert_allclose(images.std(axis=(1, 2, 3)), 0, atol=1e-4)  # constant colours


def test_directory_label_modes_and_color(image_dir):
    ds = image_utils.image_dataset_from_directory(
        image_dir, label_mode="categorical", color_mode="grayscale", image_size=(2, 2),
        shuffle=False, verbose=False)
    x, y = next(iter(ds))
    assert x.shape == (6, 2, 2, 1) and y.dtype == tf.float32
    np.testing.assert_array_equal(y.numpy(), np.eye(3)[[0, 0, 0, 1, 1, 2]])
    binary = image_utils.image_dataset_from_directory(
        image_dir, label_mode="binary", class_names=["c", "a"], image_size=(2, 2),
        shuffle=False, verbose=False)
    assert binary.class_names == ["c", "a"]
    _, yb = next(iter(binary))
    np.testing.assert_array_equal(yb.numpy(), [[0], [1], [1], [1]])
    nearest = image_utils.image_dataset_from_directory(
        image_dir, interpolation="nearest", image_size=(2, 2), shuffle=False, verbose=False)
    assert next(iter(nearest))[0].dtype == tf.uint8  # as Keras: nearest keeps the file dtype


def test_directory_without_labels_and_crop(image_dir):
    ds = image_utils.image_dataset_from_directory(
        image_dir, labels=None, image_size=(4, 4), batch_size=None, shuffle=False,
        crop_to_aspect_ratio=True, verbose=False)
    items = list(ds)
    # without labels Keras walks the whole tree, hidden folders included
    assert len(items) == 7 and all(x.shape == (4, 4, 3) for x in items)
    assert ds.class_names is None


def test_directory_shuffle_and_split(image_dir):
    kwargs = {"image_size": (2, 2), "seed": 4, "validation_split": 0.5, "verbose": False}
    train, val = image_utils.image_dataset_from_directory(image_dir, subset="both", **kwargs)
    assert len(train.file_paths) == 3 and len(val.file_paths) == 3
    assert sorted(train.file_paths + val.file_paths) == sorted(
        image_utils.image_dataset_from_directory(image_dir, shuffle=False,
                                                 verbose=False).file_paths)
    again = image_utils.image_dataset_from_directory(image_dir, subset="training", **kwargs)
    assert again.file_paths == train.file_paths
    # labels follow their files through the shuffle
    values = {10: 0, 11: 0, 12: 0, 200: 1, 201: 1, 90: 2}
    for x, y in image_utils.image_dataset_from_directory(image_dir, batch_size=None, seed=1,
                                                         image_size=(2, 2), verbose=False):
        assert values[round(float(x.numpy()[0, 0, 0]))] == int(y)


def test_directory_errors(image_dir, tmp_path):
    call = image_utils.image_dataset_from_directory
    with pytest.raises(ValueError, match="seed"):
        call(image_dir, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="label_mode"):
        call(image_dir, label_mode="sparse")
    with pytest.raises(ValueError, match="exactly 2"):
        call(image_dir, label_mode="binary", verbose=False)
    with pytest.raises(ValueError, match="class_names"):
        call(image_dir, class_names=["a", "zebra"])
    with pytest.raises(ValueError, match="color_mode"):
        call(image_dir, color_mode="cmyk")
    with pytest.raises(ValueError, match="lengths of `labels`"):
        call(image_dir, labels=[0, 1], verbose=False)
    os.makedirs(tmp_path / "empty" / "a")
    with pytest.raises(ValueError, match="No images found"):
        call(str(tmp_path / "empty"), verbose=False)


def test_directory_trains_a_model(image_dir):
    ds = image_utils.image_dataset_from_directory(image_dir, image_size=(8, 8), batch_size=3,
                                                  seed=2, verbose=False)
    model = tf.keras.Sequential([
        tf.keras.Input((8, 8, 3)), tf.keras.layers.RandomFlip("horizontal", seed=1),
        tf.keras.layers.Rescaling(1 / 255.0), tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(3)])
    model.compile("adam", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.all(np.isfinite(history.history["loss"]))


def test_directory_with_a_list_of_labels(image_dir):
    ds = image_utils.image_dataset_from_directory(
        image_dir, labels=[1, 5, 5, 7, 7, 7, 9], image_size=(2, 2), shuffle=False,
        verbose=False)
    assert ds.class_names == ["1", "5", "7", "9"]
    # the whole tree in walk order: .hidden/x.png first
    assert os.path.relpath(ds.file_paths[0], image_dir) == os.path.join(".hidden", "x.png")
    _, y = next(iter(ds))
    np.testing.assert_array_equal(y.numpy(), [1, 5, 5, 7, 7, 7, 9])
