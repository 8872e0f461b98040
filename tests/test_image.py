"""tf.image: resize and crops, flips, colour ops, metrics and box ops (eager, traced, in
Dataset.map) against NumPy references and finite-difference gradients. TF's own values are
pinned in tests/fixtures/image.json (tools/reference/image.py)."""
import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import assert_close, check_gradient

R = np.random.default_rng(3)
IMG = R.random((2, 6, 5, 3)).astype(np.float32)


def _bilinear_np(x, size):
    """Half-pixel bilinear resize of (N, H, W, C), by explicit gathers (float64)."""
    out = x.astype(np.float64)
    for axis, n in ((1, size[0]), (2, size[1])):
        m = out.shape[axis]
        pos = np.maximum((np.arange(n) + 0.5) * m / n - 0.5, 0)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, m - 1)
        frac = (pos - lo).reshape([-1 if i == axis else 1 for i in range(4)])
        out = np.take(out, lo, axis) * (1 - frac) + np.take(out, hi, axis) * frac
    return out


def _directional(fn, x, eps, rtol):
    """Checks the tape gradient of sum(fn(x)) along a random direction by central differences
    (for float32-only ops, where float64 finite differences are not available)."""
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        total = tf.reduce_sum(fn(xt))
    grad = np.asarray(tape.gradient(total, xt), np.float64)
    d = np.random.default_rng(0).standard_normal(x.shape).astype(x.dtype)
    plus = float(tf.reduce_sum(fn(tf.constant(x + eps * d))))
    minus = float(tf.reduce_sum(fn(tf.constant(x - eps * d))))
    np.testing.assert_allclose((plus - minus) / (2 * eps), np.sum(grad * d), rtol=rtol)


# --- resize ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(3, 4), (12, 7), (6, 5), (1, 1)])
def test_resize_bilinear_matches_numpy(size):
    out = tf.image.resize(IMG, size)
    assert out.dtype == tf.float32 and out.shape == (2,) + size + (3,)
    assert_close(out, _bilinear_np(IMG, size).astype(np.float32), rtol=1e-5, atol=1e-6)


def test_resize_3d_and_traced_agree():
    f = tf.function(lambda x: tf.image.resize(x, [4, 9], method="bicubic"))
    eager = tf.image.resize(IMG[0], [4, 9], method="bicubic")
    assert eager.shape == (4, 9, 3)
    assert_close(f(tf.constant(IMG[0])), np.asarray(eager))


def test_resize_downscale_area_averages_blocks():
    x = R.random((1, 4, 6, 2)).astype(np.float32)
    out = tf.image.resize(x, [2, 3], method="area")
    expected = x.reshape(1, 2, 2, 3, 2, 2).mean(axis=(2, 4))
    assert_close(out, expected, rtol=1e-5, atol=1e-6)


def test_resize_antialias_box_of_constant_image_is_constant():
    x = np.full((1, 9, 9, 1), 0.25, np.float32)
    for method in ("bilinear", "bicubic", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"):
        out = tf.image.resize(x, [4, 5], method=method, antialias=True)
        assert_close(out, np.full((1, 4, 5, 1), 0.25, np.float32), atol=1e-6)


def test_resize_nearest_keeps_dtype_and_picks_pixels():
    x = np.arange(24, dtype=np.int64).reshape(1, 4, 6, 1)
    out = tf.image.resize(x, [2, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
    assert out.dtype == tf.int64
    assert_close(out, x[:, 1::2, 1::2])


def test_resize_preserve_aspect_ratio():
    out = tf.image.resize(np.zeros((10, 20, 1), np.float32), [8, 8], preserve_aspect_ratio=True)
    assert out.shape == (4, 8, 1)


@pytest.mark.parametrize("method", ["bilinear", "nearest", "bicubic", "area", "lanczos3"])
def test_resize_gradient_is_the_adjoint(method):
    x = tf.constant(R.random((1, 5, 4, 2)).astype(np.float32))
    cot = R.random((1, 7, 3, 2)).astype(np.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.image.resize(x, [7, 3], method=method)
        loss = tf.reduce_sum(y * cot)
    grad = tape.gradient(loss, x)
    # <resize(e_k), cot> for each basis image e_k
    eye = np.eye(40, dtype=np.float32).reshape(40, 5, 4, 2)
    cols = np.asarray(tf.image.resize(eye, [7, 3], method=method))
    expected = (cols.reshape(40, -1) @ cot.reshape(-1)).reshape(1, 5, 4, 2)
    assert_close(grad, expected, rtol=1e-4, atol=1e-5)


def test_resize_second_order_gradient():
    x = tf.constant(R.random((1, 3, 3, 1)).astype(np.float64))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.image.resize(x, [5, 4])
            loss = tf.reduce_sum(tf.square(y))
        g = inner.gradient(loss, x)
        total = tf.reduce_sum(g * g)
    assert outer.gradient(total, x).shape == (1, 3, 3, 1)


def test_resize_errors():
    with pytest.raises(ValueError, match="3 or 4 dimensions"):
        tf.image.resize(np.ones((4, 4), np.float32), [2, 2])
    with pytest.raises(ValueError, match="2 elements"):
        tf.image.resize(IMG, [2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="positive"):
        tf.image.resize(IMG, [0, 2])


def test_crop_pad_helpers_match_numpy():
    x = IMG[0]
    assert_close(tf.image.crop_to_bounding_box(x, 1, 2, 3, 2), x[1:4, 2:4])
    padded = np.zeros((9, 8, 3), np.float32)
    padded[2:8, 1:6] = x
    assert_close(tf.image.pad_to_bounding_box(x, 2, 1, 9, 8), padded)
    assert_close(tf.image.resize_with_crop_or_pad(x, 4, 3), x[1:5, 1:4])
    assert_close(tf.image.central_crop(IMG, 0.5), IMG[:, 1:5, 1:4])
    assert tf.image.resize_with_pad(x, 10, 10).shape == (10, 10, 3)


# --- flips and random ops ----------------------------------------------------------------------
def test_flips_rot90_transpose():
    x = IMG
    assert_close(tf.image.flip_left_right(x), x[:, :, ::-1])
    assert_close(tf.image.flip_up_down(x), x[:, ::-1])
    assert_close(tf.image.transpose(x), x.transpose(0, 2, 1, 3))
    for k in range(-2, 6):
        assert_close(tf.image.rot90(x[0], k), np.rot90(x[0], k, axes=(0, 1)))
        assert_close(tf.image.rot90(x, k), np.rot90(x, k, axes=(1, 2)))


def test_random_flip_is_a_flip_per_image():
    x = R.random((64, 2, 3, 1)).astype(np.float32)
    y = np.asarray(tf.image.random_flip_left_right(x, seed=5))
    same = np.all(y == x, axis=(1, 2, 3))
    flipped = np.all(y == x[:, :, ::-1], axis=(1, 2, 3))
    assert np.all(same | flipped) and 10 < flipped.sum() < 54


def test_stateless_flip_and_crop_are_deterministic():
    a = tf.image.stateless_random_flip_up_down(IMG, seed=[3, 4])
    b = tf.image.stateless_random_flip_up_down(IMG, seed=[3, 4])
    assert_close(a, np.asarray(b))
    c = tf.image.stateless_random_crop(IMG, [2, 3, 2, 3], seed=[1, 2])
    assert_close(c, np.asarray(tf.image.stateless_random_crop(IMG, [2, 3, 2, 3], seed=[1, 2])))


def test_random_crop_in_graph_and_gradient():
    x = np.arange(30.0).reshape(6, 5)
    f = tf.function(lambda v: tf.image.random_crop(v, [2, 3], seed=1))
    y = np.asarray(f(tf.constant(x)))
    r, c = np.argwhere(x == y[0, 0])[0]
    assert_close(y, x[r:r + 2, c:c + 3])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        s = tf.reduce_sum(tf.image.random_crop(xt, [2, 3]))
    assert float(tf.reduce_sum(tape.gradient(s, xt))) == 6.0


# --- colour ----------------------------------------------------------------------------------
def test_convert_image_dtype_rules():
    u8 = np.array([0, 1, 128, 255], np.uint8)
    assert_close(tf.image.convert_image_dtype(u8, tf.float32), u8.astype(np.float32) / 255,
                 rtol=1e-6)
    f = np.array([0.0, 0.5, 1.0, 1.2], np.float32)
    assert_close(tf.image.convert_image_dtype(f, tf.uint8, saturate=True),
                 np.array([0, 127, 255, 255], np.uint8))  # 0.5 * 255.5 truncates
    # integer scaling is by (MAX + 1) ratios: x * 256 up, x // 256 down
    assert_close(tf.image.convert_image_dtype(u8, tf.uint16), u8.astype(np.uint16) * 256)
    assert_close(tf.image.convert_image_dtype(u8.astype(np.uint16) * 257, tf.uint8), u8)


def test_hsv_roundtrip_and_gradient():
    rgb = R.random((4, 3, 3)).astype(np.float64)
    assert_close(tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(tf.constant(rgb))), rgb, atol=1e-12)
    import colorsys
    hsv = np.asarray(tf.image.rgb_to_hsv(tf.constant(rgb)))
    ref = np.array([colorsys.rgb_to_hsv(*p) for p in rgb.reshape(-1, 3)]).reshape(rgb.shape)
    assert_close(hsv, ref, atol=1e-12)
    check_gradient(lambda x: tf.image.rgb_to_hsv(x), [rgb], rtol=1e-4, atol=1e-6)
    check_gradient(lambda x: tf.image.hsv_to_rgb(x), [rgb * 0.9 + 0.05], rtol=1e-4, atol=1e-6)


def test_adjust_ops_match_numpy():
    x = R.random((5, 4, 3)).astype(np.float32)
    assert_close(tf.image.adjust_brightness(x, 0.1), x + np.float32(0.1))
    mean = x.mean(axis=(0, 1), keepdims=True)
    assert_close(tf.image.adjust_contrast(x, 2.0), (x - mean) * 2 + mean, atol=1e-6)
    assert_close(tf.image.adjust_gamma(x, 2.0, 0.5), 0.5 * x ** 2, atol=1e-6)
    gray = np.asarray(tf.image.adjust_saturation(x, 0.0))
    assert_close(gray, np.repeat(x.max(axis=-1, keepdims=True), 3, axis=-1), atol=1e-6)
    assert_close(tf.image.adjust_hue(x, 1.0), x, atol=1e-5)
    std = np.asarray(tf.image.per_image_standardization(x))
    assert abs(std.mean()) < 1e-5 and abs(std.std() - 1) < 1e-4


def test_yuv_and_grayscale():
    x = R.random((3, 2, 3)).astype(np.float64)
    # TF's published matrices are rounded: their product is the identity to ~1e-4 only
    assert_close(tf.image.yuv_to_rgb(tf.image.rgb_to_yuv(x)), x, atol=1e-4)
    assert_close(tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(x)), x, atol=1e-4)
    gray = tf.image.rgb_to_grayscale(x.astype(np.float32))
    assert gray.shape == (3, 2, 1)
    assert_close(tf.image.grayscale_to_rgb(gray), np.repeat(np.asarray(gray), 3, -1))


# --- metrics and filters -----------------------------------------------------------------------
def test_psnr_total_variation_gradients():
    a = R.random((2, 4, 4, 3))
    b = R.random((2, 4, 4, 3))
    mse = ((a - b) ** 2).mean(axis=(1, 2, 3))
    assert_close(tf.image.psnr(a.astype(np.float32), b.astype(np.float32), 1.0),
                 (-10 * np.log10(mse)).astype(np.float32), rtol=1e-4)
    tv = np.abs(np.diff(a, axis=1)).sum(axis=(1, 2, 3)) + np.abs(np.diff(a, axis=2)).sum(
        axis=(1, 2, 3))
    assert_close(tf.image.total_variation(tf.constant(a)), tv)
    check_gradient(lambda x: tf.image.total_variation(x), [a])


def test_ssim_identical_and_gradient():
    x = R.random((1, 12, 12, 2)).astype(np.float32)
    assert_close(tf.image.ssim(x, x, 1.0), np.ones(1, np.float32), atol=1e-6)
    y = R.random((1, 12, 12, 2))
    value = float(tf.image.ssim(x, y.astype(np.float32), 1.0)[0])
    assert -1.0 < value < 0.5
    _directional(lambda a: tf.image.ssim(a, tf.constant(x), 1.0, filter_size=3) * 100.0,
                 y.astype(np.float32), 1e-2, rtol=2e-2)


def test_sobel_and_image_gradients_and_patches():
    x = R.random((1, 5, 6, 2))
    edges = np.asarray(tf.image.sobel_edges(tf.constant(x)))
    p = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="reflect")
    dy = (p[:, 2:, :-2] + 2 * p[:, 2:, 1:-1] + p[:, 2:, 2:]) - (
        p[:, :-2, :-2] + 2 * p[:, :-2, 1:-1] + p[:, :-2, 2:])
    assert_close(edges[..., 0], dy)
    gy, gx = tf.image.image_gradients(tf.constant(x))
    assert_close(gx[:, :, :-1], np.diff(x, axis=2))
    assert_close(gy[:, -1], np.zeros((1, 6, 2)))
    patches = np.asarray(tf.image.extract_patches(x, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1],
                                                  "VALID"))
    assert patches.shape == (1, 4, 5, 8)
    assert_close(patches[0, 1, 2].reshape(2, 2, 2), x[0, 1:3, 2:4])
    check_gradient(lambda v: tf.image.extract_patches(v, [1, 2, 3, 1], [1, 2, 2, 1],
                                                      [1, 1, 1, 1], "SAME"), [x])


# --- boxes --------------------------------------------------------------------------------------
def test_crop_and_resize_full_box_is_align_corners_resize():
    x = R.random((1, 4, 5, 2)).astype(np.float32)
    out = np.asarray(tf.image.crop_and_resize(x, [[0, 0, 1, 1]], [0], [4, 5]))
    assert_close(out, x, atol=1e-6)
    # linear in the image: exact differences at any step
    weights = tf.constant(R.random((1, 3, 3, 2)).astype(np.float32))
    _directional(lambda img: tf.image.crop_and_resize(img, [[0.1, 0.2, 0.8, 0.7]], [0], [3, 3])
                 * weights, x, 0.5, rtol=1e-4)


def test_non_max_suppression_greedy():
    boxes = np.array([[0, 0, 1, 1], [0, 0.05, 1, 1.05], [0, 2, 1, 3], [0, 2.5, 1, 3.5]],
                     np.float32)
    scores = np.array([0.6, 0.9, 0.8, 0.7], np.float32)
    assert_close(tf.image.non_max_suppression(boxes, scores, 10, 0.5),
                 np.array([1, 2, 3], np.int32))
    assert_close(tf.image.non_max_suppression(boxes, scores, 10, 0.3),
                 np.array([1, 2], np.int32))
    _, kept = tf.image.non_max_suppression_with_scores(boxes, scores, 2)
    assert_close(kept, np.array([0.9, 0.8], np.float32))


# --- data pipelines -------------------------------------------------------------------------------
def test_augmentations_in_dataset_map():
    ds = tf.data.Dataset.from_tensor_slices(IMG).map(
        lambda x: tf.image.random_flip_left_right(
            tf.image.adjust_brightness(tf.image.resize(x, [3, 3]), 0.1)))
    out = [np.asarray(x) for x in ds]
    assert len(out) == 2 and out[0].shape == (3, 3, 3)
    direct = np.asarray(tf.image.resize(IMG[0], [3, 3])) + np.float32(0.1)
    assert np.allclose(out[0], direct, atol=1e-6) or np.allclose(out[0], direct[:, ::-1],
                                                                 atol=1e-6)


F64_OPS = {
    "flip_left_right": tf.image.flip_left_right,
    "rot90": lambda x: tf.image.rot90(x, 3),
    "transpose": tf.image.transpose,
    "crop_to_bounding_box": lambda x: tf.image.crop_to_bounding_box(x, 1, 1, 3, 2),
    "pad_to_bounding_box": lambda x: tf.image.pad_to_bounding_box(x, 1, 0, 7, 6),
    "resize_with_crop_or_pad": lambda x: tf.image.resize_with_crop_or_pad(x, 3, 7),
    "central_crop": lambda x: tf.image.central_crop(x, 0.6),
    "rgb_to_yuv": tf.image.rgb_to_yuv,
    "yiq_to_rgb": tf.image.yiq_to_rgb,
    "sobel_edges": tf.image.sobel_edges,
    "image_gradients": tf.image.image_gradients,
}


@pytest.mark.parametrize("name", sorted(F64_OPS))
def test_float64_gradients(name):
    x = R.random((2, 5, 4, 3))
    check_gradient(F64_OPS[name], [x])


F32_OPS = {  # these compute in float32 as TF does: directional differences instead
    "adjust_brightness": lambda x: tf.image.adjust_brightness(x, 0.1),
    "adjust_contrast": lambda x: tf.image.adjust_contrast(x, 1.7),
    "adjust_gamma": lambda x: tf.image.adjust_gamma(x, 1.5, 0.8),
    "adjust_saturation": lambda x: tf.image.adjust_saturation(x, 0.6),
    "adjust_hue": lambda x: tf.image.adjust_hue(x, 0.15),
    "rgb_to_grayscale": tf.image.rgb_to_grayscale,
    "per_image_standardization": tf.image.per_image_standardization,
    "psnr": lambda x: tf.image.psnr(x, tf.ones_like(x) * 0.5, 1.0),
    "resize_antialias": lambda x: tf.image.resize(x, [3, 2], "lanczos3", antialias=True),
    "resize_with_pad": lambda x: tf.image.resize_with_pad(x, 6, 6),
}


@pytest.mark.parametrize("name", sorted(F32_OPS))
def test_float32_gradients(name):
    x = (R.random((2, 5, 4, 3)) * 0.8 + 0.1).astype(np.float32)
    weights = tf.constant(R.random(np.shape(F32_OPS[name](tf.constant(x)))).astype(np.float32))
    # hue and saturation go through HSV, whose max/min channel switches are kinks: a step
    # small enough not to cross one (float32 rounding then allows ~1e-2)
    eps = 1e-3 if name in ("adjust_hue", "adjust_saturation") else 1e-2
    _directional(lambda v: F32_OPS[name](v) * weights, x, eps, rtol=2e-2)
