"""Image codecs and file ops: PNG (every filter, bit depth, colour type, interlacing) and BMP
decoding against independently built files, round trips, graph mode and Dataset.map. libpng's
own results for the same files are pinned in tests/fixtures/image.json."""
import os
import struct
import zlib

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import assert_close

R = np.random.default_rng(11)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _predict(kind, a, b, c):
    if kind == 0:
        return 0
    if kind == 1:
        return a
    if kind == 2:
        return b
    if kind == 3:
        return (a + b) // 2
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def make_png(samples: np.ndarray, ctype: int, depth: int = 8, interlace: int = 0,
             palette=None, trns=None) -> bytes:
    """A PNG with every filter type in turn (written byte by byte, independently of fluxion)."""
    h, w, s = samples.shape
    bpp = max(1, depth * s // 8)
    passes = [(0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2),
              (0, 1, 2, 2), (1, 0, 2, 1)] if interlace else [(0, 0, 1, 1)]
    raw, k = bytearray(), 0
    for r0, c0, dr, dc in passes:
        sub = samples[r0::dr, c0::dc]
        if sub.size == 0:
            continue
        prev = None
        for row_samples in sub:
            if depth == 16:
                row = row_samples.astype(">u2").tobytes()
            elif depth == 8:
                row = row_samples.astype(np.uint8).tobytes()
            else:
                bits = np.unpackbits(row_samples.reshape(-1, 1).astype(np.uint8), axis=1)
                row = np.packbits(bits[:, 8 - depth:].reshape(-1)).tobytes()
            prev = prev or bytes(len(row))
            kind = k % 5
            raw.append(kind)
            for i in range(len(row)):
                a = row[i - bpp] if i >= bpp else 0
                c = prev[i - bpp] if i >= bpp else 0
                raw.append((row[i] - _predict(kind, a, prev[i], c)) % 256)
            prev, k = row, k + 1
    out = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype,
                                                             0, 0, interlace))
    if palette is not None:
        out += _chunk(b"PLTE", np.asarray(palette, np.uint8).tobytes())
    if trns is not None:
        out += _chunk(b"tRNS", trns)
    return out + _chunk(b"IDAT", zlib.compress(bytes(raw))) + _chunk(b"IEND", b"")


@pytest.mark.parametrize("interlace", [0, 1])
@pytest.mark.parametrize("ctype,channels", [(0, 1), (2, 3), (4, 2), (6, 4)])
def test_png_decodes_every_filter(ctype, channels, interlace):
    img = R.integers(0, 256, (9, 11, channels)).astype(np.uint8)
    out = tf.io.decode_png(make_png(img, ctype, interlace=interlace))
    assert out.dtype == tf.uint8
    assert_close(out, img)


def test_png_16_bit_and_low_depths():
    img16 = R.integers(0, 65536, (5, 7, 3)).astype(np.uint16)
    data = make_png(img16, 2, 16, interlace=1)
    assert_close(tf.io.decode_png(data, dtype=tf.uint16), img16)
    assert_close(tf.io.decode_png(data), (img16 >> 8).astype(np.uint8))
    for depth in (1, 2, 4):
        gray = R.integers(0, 2 ** depth, (6, 13, 1)).astype(np.uint8)
        scale = 255 // (2 ** depth - 1)
        assert_close(tf.io.decode_png(make_png(gray, 0, depth)), gray * np.uint8(scale))


def test_png_palette_and_transparency():
    palette = R.integers(0, 256, (8, 3)).astype(np.uint8)
    index = R.integers(0, 8, (4, 5, 1)).astype(np.uint8)
    assert_close(tf.io.decode_png(make_png(index, 3, 4, palette=palette)), palette[index[..., 0]])
    alpha = bytes([10, 20, 30])
    rgba = np.asarray(tf.io.decode_png(make_png(index, 3, 8, palette=palette, trns=alpha)))
    expected_alpha = np.array([10, 20, 30, 255, 255, 255, 255, 255], np.uint8)[index[..., 0]]
    assert rgba.shape == (4, 5, 4)
    assert_close(rgba[..., 3], expected_alpha)


def test_png_channel_conversions():
    rgb = R.integers(0, 256, (3, 4, 3)).astype(np.uint8)
    data = make_png(rgb, 2)
    rgba = np.asarray(tf.io.decode_png(data, channels=4))
    assert_close(rgba[..., :3], rgb)
    assert np.all(rgba[..., 3] == 255)
    gray = np.asarray(tf.io.decode_png(data, channels=1))
    weights = (rgb.astype(np.int64) * [9797, 19234, 3737]).sum(-1) >> 15
    same = (rgb[..., 0] == rgb[..., 1]) & (rgb[..., 1] == rgb[..., 2])
    assert_close(gray[..., 0], np.where(same, rgb[..., 0], weights).astype(np.uint8))


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_encode_png_round_trip(channels, dtype):
    img = R.integers(0, np.iinfo(dtype).max + 1, (6, 5, channels)).astype(dtype)
    data = tf.io.encode_png(img)
    assert data.dtype == tf.string and data.shape == ()
    assert_close(tf.io.decode_png(data, dtype=tf.as_dtype(dtype)), img)


def test_decode_image_sniffs_and_scales():
    img = R.integers(0, 256, (4, 3, 3)).astype(np.uint8)
    data = tf.io.encode_png(img)
    assert_close(tf.io.decode_image(data, dtype=tf.float32), img.astype(np.float32) *
                 np.float32(1 / 255))
    assert_close(tf.io.decode_jpeg(data), img)  # TF's decoders all sniff the format
    assert not bool(tf.io.is_jpeg(data))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unknown image file format"):
        tf.io.decode_image(b"not an image")


def _bmp(img: np.ndarray) -> bytes:
    h, w, c = img.shape
    stride = (w * c * 8 + 31) // 32 * 4
    rows = b"".join(img[y, :, ::-1][:, [*range(c)]].tobytes().ljust(stride, b"\0")
                    if c == 3 else np.concatenate([img[y, :, 2::-1], img[y, :, 3:]], -1)
                    .tobytes().ljust(stride, b"\0") for y in range(h - 1, -1, -1))
    header = struct.pack("<IiiHHIIiiII", 40, w, h, 1, c * 8, 0, len(rows), 0, 0, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + len(rows), 0, 0, 54) + header + rows


@pytest.mark.parametrize("c", [3, 4])
def test_decode_bmp(c):
    img = R.integers(0, 256, (3, 5, c)).astype(np.uint8)
    assert_close(tf.io.decode_bmp(_bmp(img)), img)
    assert_close(tf.io.decode_image(_bmp(img), channels=3), img[..., :3])


RED_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\x00\x00\x00\x00\x00,\x00\x00\x00\x00"
           b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def test_gif_single_pixel_and_transparency():
    assert_close(tf.io.decode_gif(RED_GIF), np.array([[[[255, 0, 0]]]], np.uint8))
    assert tf.io.decode_image(RED_GIF).shape == (1, 1, 1, 3)
    assert tf.io.decode_image(RED_GIF, expand_animations=False).shape == (1, 1, 3)
    clear = RED_GIF[:19] + b"!\xf9\x04\x01\x00\x00\x00\x00" + RED_GIF[19:]
    assert_close(tf.io.decode_gif(clear), np.zeros((1, 1, 1, 3), np.uint8))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.io.decode_gif(RED_GIF[:-6] + b"\x00;")


def test_webp_without_pillow_names_the_package():
    try:
        import PIL  # noqa: F401
    except ImportError:
        with pytest.raises(tf.errors.OpError, match="pip install pillow"):
            tf.io.decode_image(b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(20))


@pytest.mark.parametrize("kwargs,bound", [({}, 4), ({"chroma_downsampling": False}, 3),
                                          ({"quality": 40}, 6)])
def test_jpeg_round_trip(kwargs, bound):
    # bounds measured with TF's own encoder and decoder on the same image: 3.1, 2.1, 4.8
    y, x = np.mgrid[0:21, 0:34]
    img = np.stack([120 + 90 * np.sin(x / 4), 120 + 80 * np.cos(y / 3), 60 + x * 3 + y * 2],
                   -1).astype(np.uint8)
    data = tf.io.encode_jpeg(img, **kwargs)
    assert bool(tf.io.is_jpeg(data))
    out = np.asarray(tf.io.decode_jpeg(data))
    assert out.shape == img.shape
    err = np.abs(out.astype(int) - img).mean()
    assert err < bound, err
    gray = np.asarray(tf.io.decode_jpeg(data, channels=1))
    luma = img @ np.array([0.299, 0.587, 0.114])
    assert gray.shape == (21, 34, 1) and np.abs(gray[..., 0] - luma).mean() < bound
    mono = tf.io.encode_jpeg(img[..., :1], quality=100)
    back = np.asarray(tf.io.decode_jpeg(mono, dct_method="INTEGER_ACCURATE")).astype(int)
    assert np.abs(back - img[..., :1]).max() <= 1


def test_jpeg_idct_methods_agree_closely_and_errors():
    img = R.integers(0, 256, (16, 16, 3)).astype(np.uint8)
    data = tf.io.encode_jpeg(img)
    fast = np.asarray(tf.io.decode_jpeg(data)).astype(int)
    accurate = np.asarray(tf.io.decode_jpeg(data, dct_method="INTEGER_ACCURATE")).astype(int)
    assert np.abs(fast - accurate).max() <= 8 and np.any(fast != accurate)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.io.decode_jpeg(data.numpy()[:100])
    with pytest.raises(tf.errors.InvalidArgumentError, match="4 channels"):
        tf.io.decode_jpeg(data, channels=4)


def test_read_write_file(tmp_path):
    path = str(tmp_path / "a" / "b.bin")
    assert tf.io.write_file(path, b"\x00\x01data") is None
    assert tf.io.read_file(path).numpy() == b"\x00\x01data"
    tf.io.write_file(path, "more")
    assert tf.io.read_file(path).numpy() == b"more"
    assert sorted(os.listdir(tmp_path / "a")) == ["b.bin"]  # no temp file left behind
    with pytest.raises(tf.errors.NotFoundError):
        tf.io.read_file(str(tmp_path / "missing"))


def test_write_file_in_function_runs_every_call(tmp_path):
    path = str(tmp_path / "out.txt")

    @tf.function
    def save(text):
        tf.io.write_file(path, text)
        return tf.constant(0)

    save(tf.constant("one"))
    save(tf.constant("two"))
    with open(path, "rb") as f:
        assert f.read() == b"two"


def test_decode_in_function_with_signature_and_dataset_map(tmp_path):
    paths = []
    for i, (h, w) in enumerate([(5, 7), (9, 4), (6, 6)]):
        img = R.integers(0, 256, (h, w, 3)).astype(np.uint8)
        path = str(tmp_path / f"{i}.png")
        tf.io.write_file(path, tf.io.encode_png(img))
        paths.append((path, img))
    decode = tf.function(lambda s: tf.io.decode_png(s, channels=3),
                         input_signature=[tf.TensorSpec([], tf.string)])
    assert_close(decode(tf.io.read_file(paths[1][0])), paths[1][1])

    def load(path):
        image = tf.io.decode_png(tf.io.read_file(path), channels=3)
        return tf.image.resize(tf.image.convert_image_dtype(image, tf.float32), [4, 4])

    ds = tf.data.Dataset.from_tensor_slices([p for p, _ in paths]).map(load)
    out = [np.asarray(x) for x in ds]
    for got, (_, img) in zip(out, paths):
        want = tf.image.resize(img.astype(np.float32) * np.float32(1 / 255), [4, 4])
        assert_close(got, np.asarray(want), atol=1e-6)
    jpegs = []
    for i, (h, w) in enumerate([(8, 9), (17, 5)]):
        path = str(tmp_path / f"{i}.jpg")
        img = R.integers(0, 256, (h, w, 3)).astype(np.uint8)
        tf.io.write_file(path, tf.io.encode_jpeg(img))
        jpegs.append((path, np.asarray(tf.io.decode_jpeg(tf.io.read_file(path)))))
    ds = tf.data.Dataset.from_tensor_slices([p for p, _ in jpegs]).map(
        lambda p: tf.image.decode_jpeg(tf.io.read_file(p), channels=3))
    for got, (_, want) in zip(ds, jpegs):
        assert_close(got, want)
    raw = [np.asarray(x) for x in tf.data.Dataset.from_tensor_slices(
        [p for p, _ in paths]).map(lambda p: tf.io.decode_png(tf.io.read_file(p)))]
    assert [r.shape for r in raw] == [(5, 7, 3), (9, 4, 3), (6, 6, 3)]


def test_jpeg_ops_in_dataset_map(tmp_path):
    img = R.integers(0, 256, (12, 20, 3)).astype(np.uint8)
    path = str(tmp_path / "a.jpg")
    tf.io.write_file(path, tf.io.encode_jpeg(img))
    full = np.asarray(tf.io.decode_jpeg(tf.io.read_file(path)))
    assert_close(tf.io.extract_jpeg_shape(tf.io.read_file(path)), np.array([12, 20, 3], np.int32))

    def crop(p):
        data = tf.io.read_file(p)
        shape = tf.io.extract_jpeg_shape(data)
        window = tf.stack([0, 0, shape[0], shape[1] // 2])  # known only when the graph runs
        return tf.io.decode_and_crop_jpeg(data, window)

    out = next(iter(tf.data.Dataset.from_tensor_slices([path]).map(crop)))
    assert out.shape == (12, 10, 3)
    # as libjpeg, the window's last column is upsampled as an image edge: only it may differ
    assert_close(np.asarray(out)[:, :9], full[:, :9])
    noisy = tf.data.Dataset.from_tensor_slices([path]).map(
        lambda p: tf.image.random_jpeg_quality(tf.io.decode_jpeg(tf.io.read_file(p)), 50, 90))
    got = np.asarray(next(iter(noisy)))
    assert got.shape == (12, 20, 3) and np.abs(got.astype(int) - full).mean() < 40


SIZE_DEPENDENT = {
    "resize_with_pad": lambda img: tf.image.resize_with_pad(img, 12, 10),
    "resize_with_pad_nearest": lambda img: tf.image.resize_with_pad(img, 12, 10, "nearest"),
    "resize_with_crop_or_pad": lambda img: tf.image.resize_with_crop_or_pad(img, 11, 6),
    "central_crop": lambda img: tf.image.central_crop(img, 0.5),
    "pad_to_bounding_box": lambda img: tf.image.pad_to_bounding_box(img, 1, 2, 20, 20),
    "crop_to_bounding_box": lambda img: tf.image.crop_to_bounding_box(img, 1, 2, 4, 3),
    "resize_preserve_aspect": lambda img: tf.image.resize(img, [8, 8], preserve_aspect_ratio=True),
}


@pytest.mark.parametrize("name", sorted(SIZE_DEPENDENT))
def test_size_dependent_ops_follow_each_decoded_image(name, tmp_path):
    """Decoded images have sizes a traced graph learns only when it runs: each one's layout
    must follow its own size (never the size seen while tracing), and stay in the graph."""
    import warnings

    fn = SIZE_DEPENDENT[name]
    paths = []
    for i, (h, w) in enumerate([(9, 14), (16, 7), (12, 12)]):
        path = str(tmp_path / f"{i}.png")
        tf.io.write_file(path, tf.io.encode_png(R.integers(0, 256, (h, w, 3)).astype(np.uint8)))
        paths.append(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an eager fallback would warn
        ds = tf.data.Dataset.from_tensor_slices(paths).map(
            lambda p: fn(tf.image.decode_png(tf.io.read_file(p), channels=3)))
    for path, got in zip(paths, ds):
        want = fn(tf.io.decode_png(tf.io.read_file(path), channels=3))
        assert_close(got, np.asarray(want))


def test_size_dependent_gradients():
    from tests.opcheck import check_gradient

    x = R.random((1, 5, 4, 2))
    for mode, target, param in (("crop_or_pad", (3, 6), None), ("resize_pad", (6, 6), None),
                                ("resize_fit", (7, 7), None), ("central", (0, 0), 0.5)):
        attrs = {"mode": mode, "target": target, "param": param}
        if mode.startswith("resize"):
            attrs.update(method="bilinear", antialias=False)
        from fluxion.image.windows import place_window
        check_gradient(lambda v, a=attrs: place_window(v, **a), [x])


def test_resize_to_a_size_computed_in_the_graph(tmp_path):
    import warnings

    paths = []
    for i, (h, w) in enumerate([(9, 14), (16, 7)]):
        path = str(tmp_path / f"{i}.png")
        tf.io.write_file(path, tf.io.encode_png(R.integers(0, 256, (h, w, 3)).astype(np.uint8)))
        paths.append(path)

    def half(p):
        img = tf.io.decode_png(tf.io.read_file(p))
        return tf.image.resize(img, tf.shape(img)[:2] // 2)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = tf.data.Dataset.from_tensor_slices(paths).map(half)
    got = [np.asarray(x) for x in ds]
    assert [g.shape for g in got] == [(4, 7, 3), (8, 3, 3)]
    for path, g in zip(paths, got):
        img = tf.io.decode_png(tf.io.read_file(path))
        assert_close(g, np.asarray(tf.image.resize(img, [img.shape[0] // 2, img.shape[1] // 2])))


@pytest.mark.parametrize("interval", [1, 2, 7])
def test_jpeg_restart_markers(interval):
    """Restart intervals change the entropy coding only: the pixels decode the same (TF's
    libjpeg reads these files identically too)."""
    from fluxion.image import jpeg_encode

    img = R.integers(0, 256, (37, 45, 3)).astype(np.uint8)
    plain = tf.io.decode_jpeg(jpeg_encode.encode(img, 90))
    marked = jpeg_encode.encode(img, 90, restart_interval=interval)
    assert b"\xff\xdd" in marked and b"\xff\xd0" in marked
    assert_close(tf.io.decode_jpeg(marked), np.asarray(plain))
