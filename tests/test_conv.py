"""Public convolution and pooling functions: numerics against loop references, gradients
(first and second order) against finite differences, argument forms and errors."""
import numpy as np
import pytest

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.op import REGISTRY, Spec
from tests.cases.conv import (
    ref_avg_pool,
    ref_conv,
    ref_conv_filter,
    ref_conv_input,
    ref_max_pool,
    ref_max_pool_grad,
)
from tests.opcheck import check_gradient

R = np.random.default_rng(3)


def rand(*shape, dtype=np.float64):
    return R.standard_normal(shape).astype(dtype)


def close(actual, expected, rtol=1e-6, atol=1e-8):
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=rtol, atol=atol)


# --- forward numerics --------------------------------------------------------------------------
@pytest.mark.parametrize("strides,padding,dilations", [
    (1, "VALID", None), (2, "SAME", None), ([1, 2], "SAME", [2, 1]), ([1, 2, 1, 1], "VALID", 1),
    (1, [[0, 0], [2, 1], [0, 3], [0, 0]], 2), (3, "SAME", 1),
])
def test_conv2d_matches_reference(strides, padding, dilations):
    x, w = rand(2, 7, 6, 3), rand(3, 2, 3, 4)
    st = [strides] * 2 if isinstance(strides, int) else strides[-3:-1] if len(strides) == 4 \
        else strides
    dl = dilations if isinstance(dilations, list) else [dilations or 1] * 2
    pad = padding if isinstance(padding, str) else padding[1:3]
    got = tf.nn.conv2d(x, w, strides, padding, dilations=dilations)
    close(got, ref_conv(x, w, st, pad, dl))


def test_conv2d_float32_is_float32_and_accurate():
    x, w = rand(4, 9, 9, 5, dtype=np.float32), rand(3, 3, 5, 7, dtype=np.float32)
    got = tf.nn.conv2d(x, w, 1, "SAME")
    assert got.dtype == tf.float32
    close(got, ref_conv(x, w, (1, 1), "SAME", (1, 1)), rtol=1e-4, atol=1e-5)


def test_conv2d_nchw_equals_transposed_nhwc():
    x, w = rand(2, 3, 6, 5), rand(3, 3, 3, 4)
    nchw = tf.nn.conv2d(x, w, [1, 1, 2, 1], "SAME", data_format="NCHW")
    nhwc = tf.nn.conv2d(np.moveaxis(x, 1, -1), w, [1, 2, 1, 1], "SAME")
    close(nchw, np.moveaxis(np.asarray(nhwc), -1, 1))


def test_conv1d_and_conv3d_match_reference():
    x1, w1 = rand(2, 11, 3), rand(4, 3, 2)
    close(tf.nn.conv1d(x1, w1, 2, "SAME", dilations=2), ref_conv(x1, w1, (2,), "SAME", (2,)))
    close(tf.nn.conv1d(np.moveaxis(x1, 1, 2), w1, [1, 1, 3], "VALID", data_format="NCW"),
          np.moveaxis(ref_conv(x1, w1, (3,), "VALID", (1,)), 2, 1))
    x3, w3 = rand(1, 5, 4, 6, 2), rand(2, 3, 2, 2, 3)
    close(tf.nn.conv3d(x3, w3, [1, 2, 1, 2, 1], "SAME"),
          ref_conv(x3, w3, (2, 1, 2), "SAME", (1, 1, 1)))


def test_convolution_dispatches_on_filter_rank():
    x, w = rand(1, 6, 6, 2), rand(2, 2, 2, 3)
    close(tf.nn.convolution(x, w), ref_conv(x, w, (1, 1), "VALID", (1, 1)))
    x1, w1 = rand(2, 8, 2), rand(3, 2, 2)
    close(tf.nn.convolution(x1, w1, strides=2, padding="SAME"),
          ref_conv(x1, w1, (2,), "SAME", (1,)))


def test_grouped_conv2d_equals_separate_convs():
    x, w = rand(1, 5, 5, 6), rand(3, 3, 2, 9)
    got = np.asarray(tf.nn.conv2d(x, w, 1, "SAME"))
    for g in range(3):
        part = ref_conv(x[..., 2 * g:2 * g + 2], w[..., 3 * g:3 * g + 3], (1, 1), "SAME", (1, 1))
        close(got[..., 3 * g:3 * g + 3], part)


def test_conv2d_int32_exact():
    x = R.integers(-50, 50, (2, 5, 5, 3)).astype(np.int32)
    w = R.integers(-50, 50, (3, 3, 3, 2)).astype(np.int32)
    got = tf.nn.conv2d(x, w, 1, "SAME")
    assert got.dtype == tf.int32
    np.testing.assert_array_equal(got, ref_conv(x, w, (1, 1), "SAME", (1, 1)).astype(np.int32))


def test_conv2d_float16_accumulates_in_float32():
    x, w = np.full((1, 1, 1, 512), 0.1, np.float16), np.full((1, 1, 512, 1), 1.0, np.float16)
    got = tf.nn.conv2d(x, w, 1, "VALID")
    assert got.dtype == tf.float16
    close(got.numpy().astype(np.float64), [[[[51.2]]]], rtol=2e-3)


def test_conv2d_extra_batch_dims():
    x, w = rand(2, 3, 5, 5, 2), rand(3, 3, 2, 4)
    got = tf.nn.conv2d(x, w, 1, "SAME")
    assert got.shape == (2, 3, 5, 5, 4)
    close(np.asarray(got)[1, 2], ref_conv(x[1, 2:3], w, (1, 1), "SAME", (1, 1))[0])


def test_conv_empty_batch():
    out = tf.nn.conv2d(np.zeros((0, 5, 5, 2), np.float32), rand(3, 3, 2, 4, dtype=np.float32),
                       1, "VALID")
    assert out.shape == (0, 3, 3, 4) and out.dtype == tf.float32


# --- transposed convolutions -------------------------------------------------------------------
@pytest.mark.parametrize("out_shape,strides,padding", [
    ([2, 8, 7, 3], 2, "SAME"), ([2, 9, 9, 3], 2, "VALID"), ([2, 10, 10, 3], 2, "VALID"),
    ([2, 4, 4, 3], 1, "SAME"), ([8, 7], 2, "SAME"),
])
def test_conv2d_transpose_is_conv2d_input_gradient(out_shape, strides, padding):
    w = rand(3, 3, 3, 5)
    full = out_shape if len(out_shape) == 4 else [2] + out_shape + [3]
    outs = np.asarray(tf.nn.conv2d(np.zeros(full), w, strides, padding)).shape
    g = rand(*outs)
    got = tf.nn.conv2d_transpose(g, w, out_shape, strides, padding)
    close(got, ref_conv_input(w, g, full, (strides,) * 2, padding, (1, 1)))


def test_conv_transpose_1d_3d_and_dilated():
    w1, g1 = rand(3, 2, 4), rand(1, 5, 4)
    close(tf.nn.conv1d_transpose(g1, w1, [1, 10, 2], 2),
          ref_conv_input(w1, g1, (1, 10, 2), (2,), "SAME", (1,)))
    close(tf.nn.conv_transpose(g1, w1, [1, 10, 2], 2),
          ref_conv_input(w1, g1, (1, 10, 2), (2,), "SAME", (1,)))
    w3, g3 = rand(2, 2, 2, 2, 3), rand(1, 2, 3, 2, 3)
    close(tf.nn.conv3d_transpose(g3, w3, [1, 4, 5, 4, 2], 2),
          ref_conv_input(w3, g3, (1, 4, 5, 4, 2), (2, 2, 2), "SAME", (1, 1, 1)))
    w, g = rand(3, 3, 2, 3), rand(1, 6, 6, 3)
    close(tf.nn.conv2d_transpose(g, w, [1, 6, 6, 2], 1, "SAME", dilations=2),
          ref_conv_input(w, g, (1, 6, 6, 2), (1, 1), "SAME", (2, 2)))


def test_conv2d_transpose_nchw():
    w, g = rand(2, 3, 2, 3), rand(1, 3, 4, 3)
    got = tf.nn.conv2d_transpose(g, w, [1, 2, 8, 5], 2, "SAME", data_format="NCHW")
    close(got, ref_conv_input(w, g, (1, 2, 8, 5), (2, 2), "SAME", (1, 1), "NCHW"))


# --- depthwise / separable ---------------------------------------------------------------------
def _depthwise_ref(x, w, strides, padding, dilations):
    c, m = w.shape[2:]
    return ref_conv(x, w.reshape(w.shape[0], w.shape[1], 1, c * m), strides, padding, dilations)


def test_depthwise_matches_per_channel_convs():
    x, w = rand(2, 6, 5, 3), rand(3, 2, 3, 2)
    got = np.asarray(tf.nn.depthwise_conv2d(x, w, [1, 2, 1, 1], "SAME"))
    for c in range(3):
        for m in range(2):
            want = ref_conv(x[..., c:c + 1], w[:, :, c:c + 1, m:m + 1], (2, 1), "SAME", (1, 1))
            close(got[..., c * 2 + m], want[..., 0])


def test_depthwise_dilated_nchw_and_backprops():
    x, w = rand(1, 7, 7, 2), rand(2, 2, 2, 3)
    close(tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID", dilations=[2, 3]),
          _depthwise_ref(x, w, (1, 1), "VALID", (2, 3)))
    nchw = tf.nn.depthwise_conv2d(np.moveaxis(x, -1, 1), w, [1, 1, 1, 1], "SAME",
                                  data_format="NCHW")
    close(nchw, np.moveaxis(_depthwise_ref(x, w, (1, 1), "SAME", (1, 1)), -1, 1))
    g = rand(1, 4, 4, 6)
    w2 = w.reshape(2, 2, 1, 6)
    close(tf.nn.depthwise_conv2d_backprop_input([1, 7, 7, 2], w, g, [1, 2, 2, 1], "SAME"),
          ref_conv_input(w2, g, (1, 7, 7, 2), (2, 2), "SAME", (1, 1)))
    close(tf.nn.depthwise_conv2d_backprop_filter(x, [2, 2, 2, 3], g, [1, 2, 2, 1], "SAME"),
          ref_conv_filter(x, g, (2, 2, 1, 6), (2, 2), "SAME", (1, 1)).reshape(2, 2, 2, 3))


def test_separable_and_atrous():
    x, dw, pw = rand(1, 6, 6, 2), rand(3, 3, 2, 2), rand(1, 1, 4, 3)
    want = ref_conv(_depthwise_ref(x, dw, (1, 1), "SAME", (1, 1)), pw, (1, 1), "VALID", (1, 1))
    close(tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME"), want)
    w = rand(3, 3, 2, 2)
    close(tf.nn.atrous_conv2d(x, w, 2, "SAME"), ref_conv(x, w, (1, 1), "SAME", (2, 2)))
    g = rand(1, 6, 6, 2)
    close(tf.nn.atrous_conv2d_transpose(g, w, [1, 6, 6, 2], 2, "SAME"),
          ref_conv_input(w, g, (1, 6, 6, 2), (1, 1), "SAME", (2, 2)))


# --- pooling -----------------------------------------------------------------------------------
def test_max_and_avg_pool2d_match_reference():
    x = rand(2, 7, 6, 3)
    geo = ((1, 3, 3, 1), (1, 2, 2, 1), "SAME")
    close(tf.nn.max_pool2d(x, 3, 2, "SAME"), ref_max_pool(x, *geo))
    close(tf.nn.avg_pool2d(x, 3, 2, "SAME"), ref_avg_pool(x, *geo))
    close(tf.nn.max_pool2d(x, [2, 3], [1, 2], "VALID"),
          ref_max_pool(x, (1, 2, 3, 1), (1, 1, 2, 1), "VALID"))
    pads = [[0, 0], [1, 0], [2, 1], [0, 0]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Left padding 2"):
        tf.nn.max_pool2d(x, 2, 2, pads)
    pads = [[0, 0], [1, 0], [1, 1], [0, 0]]
    close(tf.nn.max_pool2d(x, 2, 2, pads), ref_max_pool(x, (1, 2, 2, 1), (1, 2, 2, 1), pads))


def test_avg_pool_same_divides_by_real_elements():
    x = np.ones((1, 3, 3, 1), np.float32)
    np.testing.assert_array_equal(tf.nn.avg_pool2d(x, 3, 1, "SAME"), x)
    y = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)
    got = np.asarray(tf.nn.avg_pool2d(y, 2, 2, "SAME"))
    np.testing.assert_allclose(got[0, :, :, 0], [[2.0, 3.5], [6.5, 8.0]])


def test_pool_1d_3d_nchw_generic():
    x1 = rand(2, 9, 2)
    close(tf.nn.max_pool1d(x1, 3, 2, "SAME"), ref_max_pool(x1, (1, 3, 1), (1, 2, 1), "SAME"))
    close(tf.nn.avg_pool(x1, 4, 3, "VALID"), ref_avg_pool(x1, (1, 4, 1), (1, 3, 1), "VALID"))
    x3 = rand(1, 4, 5, 3, 2).astype(np.float32)
    close(tf.nn.max_pool3d(x3, 2, [1, 2, 1], "SAME"),
          ref_max_pool(x3, (1, 2, 2, 2, 1), (1, 1, 2, 1, 1), "SAME"))
    close(tf.nn.avg_pool3d(x3, [2, 2, 3], 2, "SAME"),
          ref_avg_pool(x3, (1, 2, 2, 3, 1), (1, 2, 2, 2, 1), "SAME"), rtol=1e-5, atol=1e-6)
    xc = rand(1, 2, 5, 6)
    close(tf.nn.max_pool(xc, 2, 2, "SAME", data_format="NCHW"),
          ref_max_pool(xc, (1, 1, 2, 2), (1, 1, 2, 2), "SAME"))


def test_pool_dilated_and_types():
    x = rand(1, 7, 7, 2)
    close(tf.nn.pool(x, [2, 3], "MAX", padding="VALID", dilations=[2, 1]),
          ref_max_pool(x, (1, 2, 3, 1), (1, 1, 1, 1), "VALID", (1, 2, 1, 1)))
    close(tf.nn.pool(x, [3, 3], "AVG", strides=[2, 2], padding="SAME"),
          ref_avg_pool(x, (1, 3, 3, 1), (1, 2, 2, 1), "SAME"))
    with pytest.raises(ValueError):
        tf.nn.pool(x, [2, 2], "MIN")


def test_max_pool_integer_and_nan_semantics():
    xi = R.integers(-100, 100, (1, 4, 6, 2)).astype(np.int8)
    got = tf.nn.max_pool2d(xi, 2, 2, "SAME")
    assert got.dtype == tf.int8
    np.testing.assert_array_equal(got, ref_max_pool(xi, (1, 2, 2, 1), (1, 2, 2, 1), "SAME"))
    xn = np.array([np.nan, 1.0, np.nan, np.nan], np.float32).reshape(1, 1, 4, 1)
    got = np.asarray(tf.nn.max_pool2d(xn, [1, 2], [1, 2], "VALID")).ravel()
    np.testing.assert_array_equal(got, [1.0, np.finfo(np.float32).min])


def test_max_pool_with_argmax_indices():
    x = rand(2, 4, 5, 3)
    out, idx = tf.nn.max_pool_with_argmax(x, 2, 2, "SAME", include_batch_in_index=True)
    assert idx.dtype == tf.int64
    np.testing.assert_array_equal(np.asarray(x).ravel()[np.asarray(idx)], out)
    _, idx32 = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID", output_dtype=tf.int32)
    assert idx32.dtype == tf.int32
    flat = np.asarray(x)[1].ravel()
    np.testing.assert_array_equal(flat[np.asarray(idx32)[1]],
                                  np.asarray(tf.nn.max_pool2d(x, 2, 2, "VALID"))[1])


# --- gradients ---------------------------------------------------------------------------------
def test_conv2d_gradients():
    check_gradient(lambda x, w: tf.nn.conv2d(x, w, [1, 2], "SAME", dilations=1),
                   [rand(2, 5, 6, 3), rand(3, 2, 3, 2)])
    check_gradient(lambda x, w: tf.nn.conv2d(x, w, 1, [[0, 0], [1, 2], [0, 1], [0, 0]],
                                             dilations=2), [rand(1, 5, 5, 2), rand(2, 2, 2, 3)])
    check_gradient(lambda x, w: tf.nn.conv2d(x, w, 2, "VALID", data_format="NCHW"),
                   [rand(1, 2, 5, 5), rand(3, 3, 2, 2)])


def test_conv1d_conv3d_grouped_gradients():
    check_gradient(lambda x, w: tf.nn.conv1d(x, w, 2, "SAME"), [rand(2, 7, 2), rand(3, 2, 3)])
    check_gradient(lambda x, w: tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], "SAME"),
                   [rand(1, 3, 4, 3, 2), rand(2, 2, 2, 2, 2)])
    check_gradient(lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), [rand(1, 4, 4, 4),
                                                                  rand(2, 2, 2, 4)])


def test_transpose_depthwise_separable_gradients():
    check_gradient(lambda g, w: tf.nn.conv2d_transpose(g, w, [1, 6, 5, 2], 2),
                   [rand(1, 3, 3, 3), rand(3, 3, 2, 3)])
    check_gradient(lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"),
                   [rand(1, 5, 5, 2), rand(3, 3, 2, 2)])
    check_gradient(lambda x, d, p: tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "VALID"),
                   [rand(1, 4, 4, 2), rand(2, 2, 2, 2), rand(1, 1, 4, 3)])


def test_pool_gradients():
    check_gradient(lambda x: tf.nn.max_pool2d(x, 3, 2, "SAME"), [rand(2, 5, 6, 2)])
    check_gradient(lambda x: tf.nn.avg_pool2d(x, 3, 2, "SAME"), [rand(1, 5, 6, 2)])
    check_gradient(lambda x: tf.nn.pool(x, [2, 2], "AVG", padding="VALID", dilations=[2, 2]),
                   [rand(1, 5, 5, 1)])
    check_gradient(lambda x: tf.nn.max_pool1d(x, 2, 1, "SAME"), [rand(2, 6, 2)])


def test_max_pool_gradient_goes_to_first_maximum():
    x = np.ones((1, 3, 3, 1), np.float32)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = tf.nn.max_pool2d(xt, 2, 1, "SAME")
    g = tape.gradient(y, xt)
    close(g, ref_max_pool_grad(x, np.ones((1, 3, 3, 1), np.float32), (1, 2, 2, 1),
                               (1, 1, 1, 1), "SAME"))
    assert np.asarray(g)[0, 0, 0, 0] == 1 and np.asarray(g)[0, 2, 2, 0] == 1


def _grad_of(fn, wrt):
    """A function whose output is the gradient of sum(fn(*args)**2) w.r.t. argument `wrt`."""
    def inner(*args):
        with tf.GradientTape() as tape:
            tape.watch(args[wrt])
            y = fn(*args)
            loss = tf.reduce_sum(y * y)
        return tape.gradient(loss, args[wrt])
    return inner


def test_second_order_conv_gradients():
    conv = lambda x, w: tf.nn.conv2d(x, w, [2, 1], "SAME", dilations=1)
    args = [rand(1, 5, 4, 2), rand(3, 2, 2, 3)]
    check_gradient(_grad_of(conv, 0), args, rtol=1e-5, atol=1e-5)
    check_gradient(_grad_of(conv, 1), args, rtol=1e-5, atol=1e-5)
    tconv = lambda g, w: tf.nn.conv2d_transpose(g, w, [1, 5, 4, 2], 2)
    check_gradient(_grad_of(tconv, 1), [rand(1, 3, 2, 3), rand(3, 2, 2, 3)], atol=1e-5)


def test_second_order_pool_gradients():
    scaled = lambda x: tf.nn.max_pool2d(x, 3, 2, "SAME") * 1.5
    check_gradient(_grad_of(scaled, 0), [rand(1, 5, 5, 2)])
    check_gradient(_grad_of(lambda x: tf.nn.avg_pool2d(x, 2, 1, "SAME"), 0), [rand(1, 4, 4, 1)])


def test_filter_gradients_for_one_input_in_two_convs():
    x, w = tf.constant(rand(2, 5, 5, 2)), tf.constant(rand(3, 3, 2, 3))
    w2 = tf.constant(rand(2, 2, 2, 3))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([w, w2])
        a = tf.nn.conv2d(x, w, 1, "SAME")
        b = tf.nn.conv2d(x, w2, 2, "VALID")  # same input, another geometry
        loss = tf.reduce_sum(a * a) + tf.reduce_sum(b)
    for _ in range(2):  # a persistent tape recomputes what the first call consumed
        gw, gw2 = tape.gradient(loss, [w, w2])
        ga = 2 * ref_conv(np.asarray(x), np.asarray(w), (1, 1), "SAME", (1, 1))
        close(gw, ref_conv_filter(np.asarray(x), ga, (3, 3, 2, 3), (1, 1), "SAME", (1, 1)))
        ones = np.ones(np.shape(b))
        close(gw2, ref_conv_filter(np.asarray(x), ones, (2, 2, 2, 3), (2, 2), "VALID", (1, 1)))


# --- inference ---------------------------------------------------------------------------------
def test_inference_with_unknown_dims():
    conv = REGISTRY["conv"]
    f32 = dtypes.float32
    spec = conv.infer_specs(Spec((None, 28, None, 3), f32), Spec((3, 3, 3, 8), f32),
                            strides=(2, 2), padding="SAME", dilations=(1, 1), data_format="NHWC")
    assert spec == Spec((None, 14, None, 8), f32)
    spec = conv.infer_specs(Spec((4, 3, 10, 9), f32), Spec((3, None, 3, 8), f32),
                            strides=(1, 1), padding="VALID", dilations=(2, 1),
                            data_format="NCHW")
    assert spec == Spec((4, 8, 6, None), f32)
    pool = REGISTRY["max_pool"]
    spec = pool.infer_specs(Spec((None, 7, 7, 2), f32), ksize=(1, 3, 3, 1),
                            strides=(1, 2, 2, 1), padding="VALID", dilations=(1,) * 4)
    assert spec == Spec((None, 3, 3, 2), f32)


# --- errors --------------------------------------------------------------------------------------
def test_channel_mismatch_names_shapes_and_op():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"4 vs 3 \(input shape \[1, 5, 5, 4\], filter shape "
                             r"\[3, 3, 3, 2\]\) \[Op:Conv2D\]"):
        tf.nn.conv2d(np.ones((1, 5, 5, 4), np.float32), np.ones((3, 3, 3, 2), np.float32), 1,
                     "SAME")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"input shape \[1, 4, 5, 5\]"):
        tf.nn.conv2d(np.ones((1, 4, 5, 5), np.float32), np.ones((3, 3, 3, 2), np.float32), 1,
                     "SAME", data_format="NCHW")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Conv3D"):
        tf.nn.conv3d(np.ones((1, 3, 3, 3, 4), np.float32), np.ones((1, 1, 1, 3, 2), np.float32),
                     [1] * 5, "SAME")


def test_transpose_shape_mismatch_names_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"out_backprop.*\[1, 3, 3, 4\]"):
        tf.nn.conv2d_transpose(np.ones((1, 3, 3, 4), np.float32),
                               np.ones((3, 3, 2, 4), np.float32), [1, 9, 9, 2], 2, "SAME")


@pytest.mark.parametrize("call,error", [
    (lambda x, w: tf.nn.conv2d(x, w, 1, "same"), tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1], "SAME"), ValueError),
    (lambda x, w: tf.nn.conv2d(x, w, 1, [[0, 0], [-1, 1], [0, 0], [0, 0]]),
     tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.conv2d(x, w, 1, [[1, 0], [1, 1], [0, 0], [0, 0]]),
     tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.conv2d(x, w, 1, "VALID", dilations=[1, 1, 1, 2]),
     tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.conv2d(x, w[..., :1, :], 1, "VALID"), None),
    (lambda x, w: tf.nn.conv2d(x[0], w, 1, "VALID"), tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.conv2d(x, w, 1, "VALID", data_format="HWNC"),
     tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.conv1d(x[0], w[0], 1, "VALID", data_format="NHWC"), ValueError),
    (lambda x, w: tf.nn.conv3d(x[None], w[None], 1, "VALID"), TypeError),
    (lambda x, w: tf.nn.depthwise_conv2d(x, w, 1, "VALID"), TypeError),
    (lambda x, w: tf.nn.max_pool2d(x, 2, 2, "VALID", data_format="NCWH"),
     tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.avg_pool2d(x, 2, 2, [[0, 0]] * 4), TypeError),
    (lambda x, w: tf.nn.max_pool2d(x, [1, 2, 2, 2], 1, "VALID"), tf.errors.UnimplementedError),
    (lambda x, w: tf.nn.avg_pool2d(x, [1, 1, 1, 2], [1, 1, 1, 2], "VALID"),
     tf.errors.UnimplementedError),
    (lambda x, w: tf.nn.avg_pool2d(tf.cast(x, tf.int32), 2, 2, "VALID"),
     tf.errors.InvalidArgumentError),
    (lambda x, w: tf.nn.max_pool2d(x, 9, 1, "VALID"), tf.errors.InvalidArgumentError),
])
def test_argument_errors(call, error):
    x, w = np.ones((1, 5, 5, 2), np.float32), np.ones((3, 3, 2, 2), np.float32)
    if error is None:  # 2 input channels over 1-channel filters: a valid grouped conv
        assert call(x, w).shape == (1, 3, 3, 2)
        return
    with pytest.raises(error):
        call(x, w)


def test_dtype_mismatch_names_op():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Conv2D"):
        tf.nn.conv2d(np.ones((1, 3, 3, 1)), np.ones((1, 1, 1, 1), np.float32), 1, "SAME")


# --- threaded paths (sizes above the thresholds where kernels use several threads) -------------
def _einsum_conv(x, w):
    """VALID stride-1 conv2d through NumPy's sliding windows: an independent reference."""
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape[:2], axis=(1, 2))
    return np.einsum("bhwcij,ijco->bhwo", windows, w)


@pytest.fixture
def single_thread():
    def run(fn):
        tf.config.threading.set_intra_op_parallelism_threads(1)
        try:
            return fn()
        finally:
            tf.config.threading.set_intra_op_parallelism_threads(0)
    return run


def test_large_conv_threaded_matches_reference(single_thread):
    x, w = rand(8, 34, 34, 16, dtype=np.float32), rand(3, 3, 16, 24, dtype=np.float32)
    xt, wt = tf.constant(x), tf.constant(w)
    g = rand(8, 32, 32, 24, dtype=np.float32)

    def run():
        with tf.GradientTape() as tape:
            tape.watch([xt, wt])
            y = tf.nn.conv2d(xt, wt, 1, "VALID")
        return [y] + tape.gradient(y, [xt, wt], output_gradients=tf.constant(g))

    threaded, serial = run(), single_thread(run)
    want = _einsum_conv(x.astype(np.float64), w.astype(np.float64))
    close(threaded[0], want, rtol=1e-4, atol=1e-4)
    gw = np.einsum("bhwcij,bhwo->ijco",
                   np.lib.stride_tricks.sliding_window_view(x.astype(np.float64), (3, 3),
                                                            axis=(1, 2)), g)
    close(threaded[2], gw, rtol=1e-4, atol=1e-3)
    for a, b in zip(threaded, serial):
        close(a, np.asarray(b), rtol=1e-5, atol=1e-4)


def test_large_pooling_threaded_matches_serial(single_thread):
    x = tf.constant(rand(16, 64, 64, 16, dtype=np.float32))

    def run():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.max_pool2d(x, 3, 2, "SAME") + tf.nn.avg_pool2d(x, 2, 2, "VALID")
        return tape.gradient(y, x)

    np.testing.assert_array_equal(run(), single_thread(run))
