"""Fast paths of the convolution, pooling and activation kernels against their general paths
and references: tiled max-pool gradients, few-channel and row-gathered convolutions, threaded
relu kernels, the BLAS bias gradient; TF's NaN / -0.0 / tie semantics on each."""
import itertools

import numpy as np
import pytest

import fluxion as tf
from fluxion.core.op import REGISTRY
from fluxion.ops import conv_kernels as K
from fluxion.ops import conv_threads, nn_activations
from fluxion.ops import pool_kernels as P
from fluxion.ops._util import unbroadcast
from tests.cases.conv import ref_conv_input

R = np.random.default_rng(11)
def prim(name):
    return REGISTRY[name]


MP = {"ksize": (1, 2, 2, 1), "strides": (1, 2, 2, 1), "padding": "VALID",
      "dilations": (1, 1, 1, 1)}


@pytest.fixture
def single_thread():
    def run(fn):
        tf.config.threading.set_intra_op_parallelism_threads(1)
        try:
            return fn()
        finally:
            tf.config.threading.set_intra_op_parallelism_threads(0)
    return run


def bits(a):
    """The array's bit patterns: equality here also tells NaN payloads and -0.0 apart."""
    a = np.ascontiguousarray(a)
    return a.view(f"i{a.dtype.itemsize}") if a.dtype.kind == "f" else a


def nasty(shape, dtype=np.float32):
    """Small integers (many ties) with NaN, -inf and -0.0 sprinkled in."""
    x = R.integers(-2, 3, shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        flat = x.reshape(-1)
        for value, share in ((np.nan, 0.05), (-np.inf, 0.05), (-0.0, 0.05)):
            flat[R.random(flat.size) < share] = value
        flat[: flat.size // 7] = -np.inf  # whole windows of -inf at the start
    return x


def pool_grads(x, ksize, dtype=np.float32, nonfinite_g=True):
    """(tiled fast path, general path) of max_pool_grad; g has NaN, inf and -0.0 too."""
    d, pads = (1,) * x.ndim, ((0, 0),) * x.ndim
    _, outs = K.geometry(x.shape, ksize, ksize, d, "VALID", "MaxPoolGrad")
    y = P.max_pool(np, x, ksize, ksize, d, pads, outs)
    g = R.standard_normal(outs).astype(dtype) if np.dtype(dtype).kind == "f" else \
        R.integers(-9, 9, outs).astype(dtype)
    if nonfinite_g and g.dtype.kind == "f" and g.size >= 4:
        g.reshape(-1)[:4] = [np.nan, np.inf, -0.0, -np.inf]
    fast = P.max_pool_grad(np, x, y, g, ksize, ksize, d, pads, outs)
    tiled, P._tiled = P._tiled, lambda *a: False  # the general path, a pass per tap
    try:
        general = P.max_pool_grad(np, x, y, g, ksize, ksize, d, pads, outs)
    finally:
        P._tiled = tiled
    return fast, general, g


@pytest.mark.parametrize("shape,ksize,dtype", [
    ((3, 8, 6, 5), (1, 2, 2, 1), np.float32),
    ((2, 7, 9, 3), (1, 2, 2, 1), np.float32),  # odd sizes: last row and column uncovered
    ((2, 9, 7, 2), (1, 3, 3, 1), np.float64),
    ((2, 6, 5, 4), (1, 1, 2, 1), np.float16),
    ((2, 8, 3), (1, 4, 1), np.float32),
    ((1, 4, 4, 4, 2), (1, 2, 2, 2, 1), np.float32),
    ((2, 6, 6, 3), (1, 2, 2, 1), np.int32),
    ((2, 4, 6, 3), (1, 2, 2, 1), np.uint8),
    ((0, 4, 4, 2), (1, 2, 2, 1), np.float32),
    ((2, 1, 5, 2), (1, 2, 2, 1), np.float32),  # a window taller than the input: no output
])
def test_tiled_max_pool_grad_equals_general_path(shape, ksize, dtype):
    x = nasty(shape, dtype) if np.dtype(dtype).kind == "f" else \
        R.integers(0, 3, shape).astype(dtype)
    fast, general, _ = pool_grads(x, ksize, dtype)
    assert fast.dtype == general.dtype == dtype and fast.shape == x.shape
    np.testing.assert_array_equal(bits(fast), bits(general))


def test_tiled_max_pool_grad_threaded_equals_serial(single_thread):
    x = nasty((32, 48, 40, 16))  # above the threads' threshold
    y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    g = tf.constant(R.standard_normal(y.shape).astype(np.float32))
    op = prim("max_pool_grad")
    threaded = op(x, y, g, **MP).numpy()
    np.testing.assert_array_equal(bits(threaded), bits(single_thread(
        lambda: op(x, y, g, **MP).numpy())))


# values and signs recorded with TensorFlow 2.21 (gen_nn_ops.max_pool_grad / _grad_grad)
TF_X = np.array([[1, 3, np.nan, np.nan], [3, 2, np.nan, np.nan], [-np.inf, -np.inf, np.nan, 1],
                 [-np.inf, -np.inf, 5, np.nan]], np.float32).reshape(1, 4, 4, 1)
TF_DX = np.array([[0, np.nan, 1, 0], [0, 0, 0, 0], [2, 0, np.inf, 0], [0, 0, 0, 0]],
                 np.float32).reshape(1, 4, 4, 1)


@pytest.mark.parametrize("tiled", [True, False])
def test_max_pool_grad_scatters_onto_zeros_as_tf(tiled, monkeypatch):
    if not tiled:
        monkeypatch.setattr(P, "_tiled", lambda *a: False)
    y = tf.nn.max_pool2d(TF_X, 2, 2, "VALID")
    np.testing.assert_array_equal(y.numpy().ravel(), [3, np.finfo(np.float32).min,
                                                      np.finfo(np.float32).min, 5])
    g = tf.constant(np.array([np.nan, 1, 2, np.inf], np.float32).reshape(1, 2, 2, 1))
    dx = prim("max_pool_grad")(tf.constant(TF_X), y, g, **MP).numpy()
    np.testing.assert_array_equal(dx, TF_DX)  # NaN and inf only where they were routed
    x = np.array([[1, 3, 5, 2], [3, 2, 1, 1]], np.float32).reshape(1, 2, 4, 1)
    g = tf.constant(np.array([-0.0, -1.0], np.float32).reshape(1, 1, 2, 1))
    dx = prim("max_pool_grad")(tf.constant(x), tf.nn.max_pool2d(x, 2, 2, "VALID"), g,
                                      **MP).numpy()
    assert not np.signbit(dx.ravel()[[0, 1, 3, 4, 5, 6, 7]]).any()  # TF: +0.0, even for -0.0
    assert dx.ravel()[2] == -1


SAME2 = {"ksize": (1, 2, 2, 1), "strides": (1, 2, 2, 1), "padding": "SAME",
         "dilations": (1, 1, 1, 1)}


@pytest.mark.parametrize("x,attrs,g,want", [
    # padded windows of -inf: the first real element, not the padding (TF 2.21)
    (np.float32([[1, -np.inf, -np.inf], [-np.inf] * 3, [-np.inf] * 3]), SAME2,
     np.float32([1, 2, 3, 4]), [1, 0, 2, 0, 0, 0, 3, 0, 4]),
    # integers: a window of the lowest value beside padding of that value
    (np.int32([[-128, -128, -128], [-128, -100, -128], [-128] * 3]), SAME2,
     np.int32([1, 1, 1, 1]), [0, 0, 1, 0, 1, 0, 1, 0, 1]),
    # overlapping windows whose first real element is NaN take every gradient
    (np.float32([[np.nan, 1], [5, 2]]), dict(SAME2, ksize=(1, 3, 3, 1), strides=(1,) * 4),
     np.float32([1, 1, 1, 1]), [4, 0, 0, 0]),
    # tiled windows: NaN first routes there, NaN later is skipped
    (np.float32([[np.nan, 1, 2, np.nan, 5, np.nan], [5, np.nan, 5, 1, 5, 1]]), MP,
     np.float32([10, 20, 30]), [10, 0, 0, 0, 30, 0, 0, 0, 20, 0, 0, 0]),
])
def test_max_pool_grad_routes_as_tf(x, attrs, g, want):
    x = x.reshape((1,) + x.shape + (1,))
    y = prim("max_pool")(x, **attrs)
    dx = prim("max_pool_grad")(x, y, g.reshape(y.shape), **attrs).numpy()
    np.testing.assert_array_equal(dx.ravel(), want)


def test_max_pool_argmax_routes_as_tf():
    x = np.float32([[np.nan, 1, 2, np.nan, 5, np.nan], [5, np.nan, 5, 1, 5, 1]])
    _, idx = tf.nn.max_pool_with_argmax(x.reshape(1, 2, 6, 1), 2, 2, "VALID")
    assert idx.numpy().ravel().tolist() == [0, 8, 4]  # TF 2.21


def test_max_pool_grad_grad_gathers_as_tf():
    x = np.array([[1, 3, 5, 2], [3, 2, 1, 1]], np.float32).reshape(1, 2, 4, 1)
    y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    gg = np.array([[np.nan, 1, 2, 3], [np.inf, 5, 6, 7]], np.float32).reshape(1, 2, 4, 1)
    out = prim("max_pool_grad_grad")(tf.constant(x), y, tf.constant(gg), **MP)
    np.testing.assert_array_equal(out.numpy().ravel(), [1, 2])
    # a window whose first element is NaN: the gradient's gradient reads the maximum (TF)
    x = np.array([[np.nan, 1], [5, np.nan]], np.float32).reshape(1, 2, 2, 1)
    out = prim("max_pool_grad_grad")(
        tf.constant(x), tf.nn.max_pool2d(x, 2, 2, "VALID"),
        tf.constant(np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)), **MP)
    assert out.numpy().ravel().tolist() == [2.0]
    out = prim("max_pool_grad_grad")(tf.constant(x), y, tf.constant(-np.zeros_like(x)),
                                            **MP)
    assert np.signbit(out.numpy()).all()  # TF copies the gradient: -0.0 stays


def _window_max(x, k):
    b, h, w, c = x.shape
    v = x[:, :h // k * k, :w // k * k].reshape(b, h // k, k, w // k, k, c)
    out = np.fmax.reduce(np.fmax.reduce(v, axis=4), axis=2)
    return np.fmax(out, np.finfo(x.dtype).min)


def test_large_max_pool_threaded_matches_window_reference(single_thread):
    x = nasty((32, 37, 41, 16))
    got = tf.nn.max_pool2d(x, 2, 2, "VALID").numpy()
    np.testing.assert_array_equal(got, _window_max(x, 2))  # -0.0 or 0.0 for ties of zeros
    np.testing.assert_array_equal(bits(got), bits(single_thread(
        lambda: tf.nn.max_pool2d(x, 2, 2, "VALID").numpy())))


# --- convolutions: few-channel (tap-major) and row-gathered input-gradient paths ---------------
def _windows(x, ksize, strides, padding, dilations):
    """[B, *out, *k, C] float64 windows of channels-last x (a vectorised reference: the loop
    references of tests/cases/conv.py are too slow at these sizes)."""
    n = len(ksize)
    pads = K.geometry(x.shape[1:-1], ksize, strides, dilations, padding, "ref")[0]
    xp = np.pad(x.astype(np.float64), ((0, 0),) + pads + ((0, 0),))
    span = [(k - 1) * d + 1 for k, d in zip(ksize, dilations)]
    v = np.lib.stride_tricks.sliding_window_view(xp, span, axis=tuple(range(1, n + 1)))
    v = v[(slice(None),) + tuple(slice(None, None, s) for s in strides) + (slice(None),)
          + tuple(slice(None, None, d) for d in dilations)]
    return np.moveaxis(v, n + 1, -1), pads  # channels after the taps


@pytest.mark.parametrize("xs,ws,strides,padding,dilations", [
    ((64, 28, 28, 1), (3, 3, 1, 32), (1, 1), "VALID", (1, 1)),  # the Keras CNN's first layer
    ((24, 19, 17, 3), (3, 2, 3, 8), (2, 1), "SAME", (1, 2)),
    ((16, 40, 36, 2), (5, 5, 2, 4), (1, 1), "SAME", (1, 1)),
])
def test_few_channel_conv_threaded_matches_reference(xs, ws, strides, padding, dilations,
                                                     single_thread):
    x, w = R.standard_normal(xs).astype(np.float32), R.standard_normal(ws).astype(np.float32)
    attrs = {"strides": strides, "padding": padding, "dilations": dilations,
             "data_format": "NHWC"}
    v, _ = _windows(x, ws[:2], strides, padding, dilations)
    want = np.tensordot(v, w.astype(np.float64), axes=3)
    g = R.standard_normal(want.shape).astype(np.float32)
    gw = np.tensordot(v, g.astype(np.float64), axes=((0, 1, 2), (0, 1, 2)))
    conv, filt = prim("conv"), prim("conv_backprop_filter")

    def run():
        return (conv(x, w, **attrs).numpy(),
                filt(x, g, filter_shape=ws, **attrs).numpy())

    threaded, serial = run(), single_thread(run)
    np.testing.assert_allclose(threaded[0], want, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(threaded[1], gw, rtol=1e-4, atol=2e-3)
    for a, b in zip(threaded, serial):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("xs,ws,strides,padding,dilations", [
    ((16, 26, 26, 32), (3, 3, 32, 64), (1, 1), "VALID", (1, 1)),  # the Keras CNN's second
    ((8, 21, 19, 8), (3, 3, 8, 6), (2, 1), "SAME", (1, 2)),  # strided rows: col2im
    ((8, 20, 18, 6), (2, 3, 6, 5), (1, 1), "VALID", (3, 1)),  # dilated rows
    ((8, 60, 12), (5, 12, 7), (1,), "SAME", (2,)),  # 1-D: straight into dx
    ((4, 6, 9, 8, 4), (2, 3, 2, 4, 3), (1, 1, 1), "SAME", (1, 1, 1)),  # 3-D
])
def test_row_gathered_input_gradient_matches_reference(xs, ws, strides, padding, dilations,
                                                       single_thread):
    n = len(ws) - 2
    fmt = {1: "NWC", 2: "NHWC", 3: "NDHWC"}[n]
    attrs = {"strides": strides, "padding": padding, "dilations": dilations, "data_format": fmt}
    w = R.standard_normal(ws).astype(np.float32)
    out_shape = (xs[0],) + K.geometry(xs[1:-1], ws[:n], strides, dilations, padding, "ref")[1] \
        + (ws[-1],)
    g = R.standard_normal(out_shape).astype(np.float32)
    op = prim("conv_backprop_input")

    def run():
        return op(w, g, input_shape=xs, **attrs).numpy()

    got = run()
    # the adjoint of the convolution: <conv(x), g> = <x, input gradient> for random x
    x = R.standard_normal(xs)
    v, _ = _windows(x, ws[:n], strides, padding, dilations)
    lhs = np.tensordot(np.tensordot(v, w.astype(np.float64), axes=n + 1), g.astype(np.float64),
                       axes=n + 2)
    np.testing.assert_allclose(np.vdot(x, got.astype(np.float64)), lhs, rtol=1e-4)
    if xs[0] <= 8:  # the loop reference, at its affordable sizes
        want = ref_conv_input(w.astype(np.float64), g.astype(np.float64), xs, **attrs)
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(got, single_thread(run), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("channels", [1, 5])  # tap-major columns, and im2col
def test_conv_with_empty_output_has_zero_filter_gradient(channels):
    x = tf.constant(np.ones((2, 2, 2, channels), np.float32))
    w = tf.constant(np.ones((3, 3, channels, 4), np.float32))
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = tf.nn.conv2d(x, w, 1, "VALID")
    gx, gw = tape.gradient(y, [x, w])
    assert y.shape == (2, 0, 0, 4)
    np.testing.assert_array_equal(gx.numpy(), np.zeros((2, 2, 2, channels)))
    np.testing.assert_array_equal(gw.numpy(), np.zeros((3, 3, channels, 4)))


def test_run_chunks_keeps_chunk_order_and_raises_worker_errors():
    chunks = [(i, i + 1) for i in range(40)]
    got = conv_threads.run_chunks(np, lambda lo, hi: lo * 10, chunks, 1 << 30)
    assert got == [i * 10 for i in range(40)]

    def fail(lo, hi):
        if lo == 37:
            raise ValueError("chunk 37")
        return lo

    with pytest.raises(ValueError, match="chunk 37"):
        conv_threads.run_chunks(np, fail, chunks, 1 << 30)


def test_chunks_are_even_and_a_multiple_of_the_workers():
    chunks = K._chunks(64, K._CHUNK_BYTES // 5)
    sizes = [hi - lo for lo, hi in chunks]
    assert chunks[0][0] == 0 and chunks[-1][1] == 64 and max(sizes) - min(sizes) <= 1
    assert all(a[1] == b[0] for a, b in itertools.pairwise(chunks))
    assert len(chunks) % conv_threads.workers() == 0
    assert K._chunks(0, 100) == [] and K._chunks(1, 1 << 40) == [(0, 1)]


# --- relu / relu_grad: threaded and `out=` paths ------------------------------------------------
def _signed(shape, dtype=np.float32):
    x = R.standard_normal(shape).astype(dtype)
    flat = x.reshape(-1)
    flat[:6] = [np.nan, -0.0, 0.0, np.inf, -np.inf, -1.0]
    return x


@pytest.mark.parametrize("shape", [(7,), (800, 700), (3, 300, 400), (1, 640000)])
def test_relu_kernels_large_paths_are_exact(shape):
    x, g = _signed(shape), _signed(shape)
    want_relu = np.clip(x, 0, np.inf)
    with np.errstate(invalid="ignore"):
        want_grad = g * (x > 0)
    for out in (None, np.empty_like(x)):
        got = nn_activations._relu_kernel(np, x, out=out)
        np.testing.assert_array_equal(bits(got), bits(want_relu))
        assert out is None or got is out
    for out in (None, np.empty_like(g)):
        got = nn_activations._relu_grad_kernel(np, g, x, out=out)
        np.testing.assert_array_equal(bits(got), bits(want_grad))  # NaN * 0, -1 * 0 = -0.0
    gc = g.copy()
    nn_activations._relu_grad_kernel(np, gc, x, out=gc)  # in place, as a compiled graph does
    np.testing.assert_array_equal(bits(gc), bits(want_grad))
    xt = np.asfortranarray(x)  # not C-contiguous: the unthreaded path
    np.testing.assert_array_equal(bits(nn_activations._relu_grad_kernel(np, g, xt)),
                                  bits(want_grad))


def test_relu_gradient_reads_its_output():
    x = tf.constant(np.array([-1.0, 0.0, 2.0, np.nan, -0.0, 3.0], np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.relu(x)
    g = tape.gradient(y, x, output_gradients=tf.constant(np.full(6, -2.0, np.float32)))
    np.testing.assert_array_equal(bits(g.numpy()), bits(np.float32([-0.0, -0.0, -2, -0.0,
                                                                    -0.0, -2])))


# --- bias_add_grad ------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,dtype", [((64, 24, 24, 16), np.float32), ((300, 70), np.float64),
                                         ((5, 4, 3), np.float32), ((50, 40, 9), np.float16)])
def test_bias_add_grad_is_the_sum_over_leading_axes(shape, dtype):
    g = R.standard_normal(shape).astype(dtype)
    got = prim("bias_add_grad")(g).numpy()
    assert got.dtype == dtype and got.shape == shape[-1:]
    want = g.astype(np.float64).sum(axis=tuple(range(len(shape) - 1)))
    tol = 1e-2 if dtype == np.float16 else 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * np.abs(g).sum() ** 0.5)


def test_bias_add_grad_rejects_rank_below_two():
    with pytest.raises(tf.errors.InvalidArgumentError, match="BiasAddGrad"):
        prim("bias_add_grad")(np.ones(3, np.float32))


def test_unbroadcast_of_a_trailing_bias_is_bias_add_grad():
    g = tf.constant(R.standard_normal((4, 5, 6)).astype(np.float32))
    for x in (np.ones(6, np.float32), np.ones((5, 1), np.float32), np.ones(1, np.float32)):
        got = unbroadcast(g, tf.constant(x))
        want = np.broadcast_to(g.numpy(), g.shape)
        axes = tuple(range(3 - x.ndim)) + tuple(
            i + 3 - x.ndim for i, d in enumerate(x.shape) if d == 1)
        np.testing.assert_allclose(got.numpy(), want.sum(axis=axes).reshape(x.shape),
                                   rtol=1e-5, atol=1e-5)


def test_bias_gradient_in_graphs_with_unknown_batch():
    b = tf.Variable(np.zeros(8, np.float32))

    @tf.function(input_signature=[tf.TensorSpec([None, 5, 8], tf.float32)])
    def grad(x):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum((x + b) ** 2)
        return tape.gradient(y, b)

    for n in (3, 7):
        x = R.standard_normal((n, 5, 8)).astype(np.float32)
        np.testing.assert_allclose(grad(x).numpy(), (2 * x).sum(axis=(0, 1)), rtol=1e-5,
                                   atol=1e-5)
    text = grad.get_concrete_function().execution_graph.as_text()
    assert "bias_add_grad" in text


def _blas_setting(local) -> int:
    value = local(1)
    local(value)
    return value


@pytest.mark.skipif(conv_threads.blas_local_threads() is None or conv_threads.workers() < 2,
                    reason="needs NumPy's OpenBLAS and two cores to share chunks")
def test_threaded_chunks_leave_the_blas_thread_setting_as_they_found_it():
    # NumPy's OpenBLAS applies `openblas_set_num_threads_local` process-wide: the workers'
    # restores once raced and left the whole process on one BLAS thread after a convolution
    local = conv_threads.blas_local_threads()
    before = _blas_setting(local)
    x = tf.random.normal((16, 20, 20, 8))
    w = tf.random.normal((3, 3, 8, 16))
    for _ in range(5):
        tf.nn.conv2d(x, w, 1, "VALID")
    assert _blas_setting(local) == before
    results = conv_threads.run_chunks(np, lambda lo, hi: np.ones((64, 64)) @ np.ones((64, 64)),
                                      [(i, i + 1) for i in range(6)], 1 << 30)
    assert len(results) == 6 and _blas_setting(local) == before


def test_matmul_split_between_threads_equals_one_call():
    rng = np.random.default_rng(0)
    shapes = [(64, 3000, 40), (3000, 64, 40), (40, 64, 3000), (50, 70, 90)]
    run = conv_threads.one_blas_thread(lambda a, b: conv_threads.matmul(a, b))
    for m, k, n in shapes:
        a = rng.standard_normal((m, k))
        b = rng.standard_normal((k, n))
        np.testing.assert_allclose(run(a, b), a @ b, rtol=1e-10, atol=1e-9)


@pytest.mark.skipif(conv_threads.blas_local_threads() is None or conv_threads.workers() < 2,
                    reason="needs NumPy's OpenBLAS and two cores to share chunks")
def test_graphs_in_several_threads_restore_the_blas_setting():
    # replicas run graphs with convolutions in parallel threads: whatever order they enter and
    # leave their one-BLAS-thread regions in, the setting comes back as it was
    import threading

    local = conv_threads.blas_local_threads()
    before = _blas_setting(local)
    step = tf.function(lambda x, w: tf.nn.conv2d(x, w, 1, "VALID"))
    x = tf.random.normal((8, 12, 12, 4))
    w = tf.random.normal((3, 3, 4, 8))
    step(x, w)
    threads = [threading.Thread(target=lambda: [step(x, w) for _ in range(20)]) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _blas_setting(local) == before
