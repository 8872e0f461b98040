"""tf.keras.backend's Keras 2 functions: numerics against NumPy, graph mode (tf.function, also
with unknown dims), gradients, state, and the exported names. Values and error classes against
real TF live in tools/reference/keras_backend.py."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient

K = tf.keras.backend
RNG = np.random.default_rng(0)

TF_NAMES = ["abs", "all", "any", "arange", "argmax", "argmin", "backend", "batch_dot",
            "batch_flatten", "batch_get_value", "batch_normalization", "batch_set_value",
            "bias_add", "binary_crossentropy", "binary_focal_crossentropy", "cast",
            "cast_to_floatx", "categorical_crossentropy", "categorical_focal_crossentropy",
            "clear_session", "clip", "concatenate", "constant", "conv1d", "conv2d",
            "conv2d_transpose", "conv3d", "cos", "count_params", "ctc_batch_cost", "ctc_decode",
            "ctc_label_dense_to_sparse", "cumprod", "cumsum", "depthwise_conv2d", "dot", "dropout",
            "dtype", "elu", "epsilon", "equal", "eval", "exp", "expand_dims", "eye", "flatten",
            "floatx", "foldl", "foldr", "gather", "get_uid", "get_value", "gradients", "greater",
            "greater_equal", "hard_sigmoid", "image_data_format", "in_top_k", "int_shape",
            "is_float_dtype", "is_int_dtype", "is_keras_tensor", "is_sparse", "l2_normalize",
            "less", "less_equal", "log", "map_fn", "max", "maximum", "mean", "min", "minimum",
            "moving_average_update", "name_scope", "ndim", "not_equal", "one_hot", "ones",
            "ones_like", "permute_dimensions", "pool2d", "pool3d", "pow", "prod",
            "random_bernoulli", "random_normal", "random_normal_variable", "random_uniform",
            "random_uniform_variable", "relu", "repeat", "repeat_elements", "reshape",
            "resize_images", "resize_volumes", "result_type", "reverse", "rnn", "round",
            "separable_conv2d", "set_epsilon", "set_floatx", "set_image_data_format", "set_value",
            "shape", "sigmoid", "sign", "sin", "softmax", "softplus", "softsign",
            "sparse_categorical_crossentropy", "spatial_2d_padding", "spatial_3d_padding", "sqrt",
            "square", "squeeze", "stack", "standardize_dtype", "std", "stop_gradient", "sum",
            "switch", "tanh", "temporal_padding", "tile", "to_dense", "transpose",
            "truncated_normal", "update", "update_add", "update_sub", "var", "variable", "zeros",
            "zeros_like"]


def test_exports_every_name_tf_has():
    assert len(TF_NAMES) == 137
    assert sorted(n for n in TF_NAMES if not hasattr(K, n)) == []
    assert set(K.__all__) == set(TF_NAMES)


def test_existing_config_functions_kept():
    assert K.floatx() == "float32" and K.epsilon() == 1e-7
    assert K.image_data_format() == "channels_last"


# --- numerics against NumPy --------------------------------------------------------------------
@pytest.mark.parametrize("xs,ys,axes", [
    ((4, 3, 5), (4, 5, 2), None), ((4, 3, 5), (4, 3, 2), (1, 1)), ((4, 5), (4, 5), 1),
    ((4, 5), (4, 5, 3), (1, 1)), ((4, 2, 3, 5), (4, 5, 6), (3, 1)), ((4, 3, 5), (4, 5), None),
    ((4, 3, 5), (4, 6, 2, 5), (2, 3)),
])
def test_batch_dot_matches_numpy(xs, ys, axes):
    x, y = RNG.standard_normal(xs), RNG.standard_normal(ys)
    out = K.batch_dot(tf.constant(x), tf.constant(y), axes=axes).numpy()
    if axes is None:
        axes = (len(xs) - 1, len(ys) - 1 if len(ys) == 2 else len(ys) - 2)
    a0, a1 = (axes, axes) if isinstance(axes, int) else axes
    want = np.stack([np.tensordot(x[i], y[i], axes=(a0 - 1, a1 - 1)) for i in range(4)])
    if want.ndim == 1:
        want = want[:, None]
    np.testing.assert_allclose(out, want, rtol=1e-10)


def test_dot_nd_matches_keras2_rule():
    x, y = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((5, 4, 6))
    out = K.dot(tf.constant(x), tf.constant(y)).numpy()
    np.testing.assert_allclose(out, np.einsum("abk,ckd->abcd", x, y), rtol=1e-10)


def test_losses_match_keras2_formulas():
    eps = 1e-7
    t = RNG.uniform(size=(5, 4))
    t = t / t.sum(-1, keepdims=True)
    p = RNG.uniform(0.05, 1.0, size=(5, 4))
    got = K.categorical_crossentropy(tf.constant(t), tf.constant(p)).numpy()
    q = np.clip(p / p.sum(-1, keepdims=True), eps, 1 - eps)
    np.testing.assert_allclose(got, -(t * np.log(q)).sum(-1), rtol=1e-10)
    b = (RNG.uniform(size=(5, 4)) > 0.5).astype(float)
    got = K.binary_crossentropy(tf.constant(b), tf.constant(p)).numpy()
    c = np.clip(p, eps, 1 - eps)
    want = -(b * np.log(c + eps) + (1 - b) * np.log(1 - c + eps))
    np.testing.assert_allclose(got, want, rtol=1e-10)
    labels = np.array([0, 3, 1, 2, 2])
    got = K.sparse_categorical_crossentropy(tf.constant(labels), tf.constant(q)).numpy()
    logq = np.log(q)
    lsm = logq - np.log(np.exp(logq).sum(-1, keepdims=True))
    np.testing.assert_allclose(got, -lsm[np.arange(5), labels], rtol=1e-10)


def test_sparse_cce_ignore_class_zeroes_and_keeps_shape():
    p = tf.nn.softmax(tf.constant(RNG.standard_normal((2, 3, 4)), tf.float32))
    y = tf.constant([[1, -1, 3], [0, 2, -1]])
    out = K.sparse_categorical_crossentropy(y, p, ignore_class=-1)
    full = K.sparse_categorical_crossentropy(tf.maximum(y, 0), p).numpy()
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out.numpy(), np.where(y.numpy() == -1, 0.0, full), rtol=1e-6)


def test_conv_and_pool_channels_first_equal_channels_last():
    x = RNG.standard_normal((2, 6, 5, 3)).astype(np.float32)
    k = RNG.standard_normal((3, 2, 3, 4)).astype(np.float32)
    last = K.conv2d(tf.constant(x), tf.constant(k), strides=(2, 1), padding="same")
    first = K.conv2d(tf.constant(x.transpose(0, 3, 1, 2)), tf.constant(k), strides=(2, 1),
                     padding="same", data_format="channels_first")
    np.testing.assert_allclose(first.numpy(), last.numpy().transpose(0, 3, 1, 2), rtol=1e-5)
    pl = K.pool2d(tf.constant(x), (2, 2), (2, 2), pool_mode="avg")
    pf = K.pool2d(tf.constant(x.transpose(0, 3, 1, 2)), (2, 2), (2, 2), pool_mode="avg",
                  data_format="channels_first")
    np.testing.assert_allclose(pf.numpy(), pl.numpy().transpose(0, 3, 1, 2), rtol=1e-6)


def _first(a):
    return np.moveaxis(a, -1, 1)


@pytest.mark.parametrize("name", ["conv1d", "conv3d", "depthwise", "separable", "transpose",
                                  "pool3d", "padding3d", "resize_volumes"])
def test_channels_first_variants_transpose_channels_last(name):
    f = np.float32
    k1 = tf.constant(RNG.standard_normal((3, 3, 2)), f)
    kd = tf.constant(RNG.standard_normal((2, 2, 3, 2)), f)
    cases = {
        "conv1d": (RNG.standard_normal((2, 7, 3)), lambda x, **kw: K.conv1d(
            x, k1, strides=2, padding="same", **kw)),
        "conv3d": (RNG.standard_normal((1, 4, 5, 4, 2)), lambda x, **kw: K.conv3d(
            x, tf.ones([2, 2, 2, 2, 3]), **kw)),
        "depthwise": (RNG.standard_normal((2, 5, 5, 3)), lambda x, **kw: K.depthwise_conv2d(
            x, kd, padding="same", **kw)),
        "separable": (RNG.standard_normal((2, 5, 5, 3)), lambda x, **kw: K.separable_conv2d(
            x, tf.ones([3, 3, 3, 1]), tf.ones([1, 1, 3, 4]), **kw)),
        "transpose": (RNG.standard_normal((2, 3, 3, 2)), lambda x, **kw: K.conv2d_transpose(
            x, tf.ones([3, 3, 4, 2]),
            (2, 4, 6, 6) if kw else (2, 6, 6, 4), strides=(2, 2), padding="same", **kw)),
        "pool3d": (RNG.standard_normal((1, 4, 4, 4, 2)), lambda x, **kw: K.pool3d(
            x, (2, 2, 2), (2, 2, 2), pool_mode="avg", **kw)),
        "padding3d": (RNG.standard_normal((1, 2, 2, 2, 2)), lambda x, **kw: K.spatial_3d_padding(
            x, ((1, 0), (0, 2), (1, 1)), **kw)),
        "resize_volumes": (RNG.standard_normal((1, 2, 2, 2, 2)), lambda x, **kw: K.resize_volumes(
            x, 2, 1, 3, kw.get("data_format", "channels_last"))),
    }
    x, fn = cases[name]
    x = x.astype(f)
    last = fn(tf.constant(x)).numpy()
    first = fn(tf.constant(_first(x)), data_format="channels_first").numpy()
    np.testing.assert_allclose(first, _first(last), rtol=1e-5, atol=1e-5)


def test_variable_constraint_and_name_scope():
    v = K.variable([2.0, -3.0], constraint=lambda t: tf.clip_by_value(t, 0.0, 1.0))
    assert v.constraint is not None
    with K.name_scope("block"):
        y = K.constant(1.0)
    assert float(y) == 1.0


def test_conv1d_causal_only_looks_back():
    x = np.zeros((1, 6, 1), np.float32)
    x[0, 3, 0] = 1.0
    y = K.conv1d(tf.constant(x), tf.ones([3, 1, 1]), padding="causal").numpy()[0, :, 0]
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])


def test_resize_images_nearest_repeats():
    x = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2)
    y = K.resize_images(tf.constant(x), 2, 3, "channels_last").numpy()
    np.testing.assert_array_equal(y, x.repeat(2, 1).repeat(3, 2))


def test_ctc_decode_greedy_collapses_and_drops_last_class_blank():
    probs = np.full((1, 6, 3), 0.1, np.float32)
    best = [0, 0, 2, 0, 1, 1]  # blank is class 2
    probs[0, np.arange(6), best] = 0.8
    (decoded,), log_prob = K.ctc_decode(tf.constant(probs), tf.constant([6]))
    assert decoded.dtype == tf.int64
    np.testing.assert_array_equal(decoded.numpy(), [[0, 0, 1, -1, -1, -1]])
    np.testing.assert_allclose(log_prob.numpy(), [[-6 * np.log(0.8 + 1e-7)]], rtol=1e-5)


# --- graph mode ---------------------------------------------------------------------------------
def test_common_functions_in_tf_function_serve_any_batch():
    def fn(x):
        flat = K.batch_flatten(x)
        m = K.mean(K.square(x), axis=-1, keepdims=True)
        c = K.concatenate([x, m])
        bd = K.batch_dot(x, x, axes=[2, 2])
        sw = K.switch(K.greater(x, 0.0), x, K.zeros_like(x))
        d = K.dot(x, tf.ones([4, 2]))
        return flat, c, bd, sw, K.shape(x), d, K.sum(K.std(x, axis=1), axis=-1)

    concrete = tf.function(fn, input_signature=[tf.TensorSpec([None, 3, 4])]) \
        .get_concrete_function()
    for batch in (2, 5):
        x = tf.constant(RNG.standard_normal((batch, 3, 4)), tf.float32)
        for got, want in zip(concrete(x), fn(x)):
            assert got.shape == want.shape
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5)


GRAPH_CASES = {
    "reductions": lambda x: [K.sum(x), K.mean(x, 1), K.std(x, -1, True), K.var(x, 0),
                             K.max(x, 2), K.min(x), K.prod(x, 1), K.any(x > 1.0, 1),
                             K.all(x > -3.0)],
    "indices": lambda x: [K.argmax(x), K.argmin(x, 1), K.one_hot(K.argmax(x), 4),
                          K.in_top_k(x[:, 0], K.argmax(x[:, 1]), 2)],
    "scans": lambda x: [K.cumsum(x), K.cumprod(x, axis=2), K.l2_normalize(x, axis=-1)],
    "activations": lambda x: [K.softmax(x), K.relu(x, 0.1, 1.0, 0.2), K.elu(x, 0.5),
                              K.hard_sigmoid(x), K.sqrt(x), K.clip(x, -0.5, 0.5)],
    "shapes": lambda x: [K.permute_dimensions(x, (2, 0, 1)), K.reshape(x, (-1, 2)),
                         K.expand_dims(x, 1), K.batch_flatten(x), K.flatten(x),
                         K.repeat_elements(x, 2, 1), K.reverse(x, [1, 2]), K.tile(x, [1, 2, 1]),
                         K.repeat(x[:, 0], 3), K.squeeze(x[:, :1], 1)],
    "combine": lambda x: [K.concatenate([x, x], 1), K.stack([x, x], -1),
                          K.dot(x, tf.ones([4, 2])), K.batch_dot(x, x, (2, 2)),
                          K.gather(K.permute_dimensions(x, (1, 0, 2)), tf.constant([2, 0])),
                          K.switch(x > 0, x, -x), K.bias_add(x, tf.ones([4]))],
    "padding": lambda x: [K.temporal_padding(x, (1, 2)),
                          K.spatial_2d_padding(K.expand_dims(x), ((1, 0), (0, 2))),
                          K.resize_images(K.expand_dims(x), 2, 2, "channels_last")],
    "losses": lambda x: [K.binary_crossentropy(K.sigmoid(x), K.sigmoid(-x)),
                         K.categorical_crossentropy(K.softmax(x), K.softmax(-x)),
                         K.sparse_categorical_crossentropy(K.argmax(x), K.softmax(x)),
                         K.binary_crossentropy(K.sigmoid(x), x, from_logits=True)],
    "conv": lambda x: [K.conv1d(x, tf.ones([2, 4, 3]), padding="same"),
                       K.pool2d(K.expand_dims(x), (2, 2), (1, 1), pool_mode="avg"),
                       K.conv2d(K.expand_dims(x), tf.ones([2, 2, 1, 2]))],
    # (map_fn/foldl/foldr over a batch of unknown size are left out: fluxion's tf.map_fn and
    # tf.foldl bake in the trace's example batch size)
    "functional": lambda x: [K.map_fn(lambda r: r * 2.0, K.permute_dimensions(x, (1, 0, 2))),
                             K.foldl(lambda a, r: a + r, K.permute_dimensions(x, (2, 0, 1))),
                             K.foldr(lambda a, r: a - r, K.permute_dimensions(x, (1, 0, 2)))],
}


@pytest.mark.parametrize("name", sorted(GRAPH_CASES))
def test_functions_traced_serve_any_batch(name):
    fn = GRAPH_CASES[name]
    concrete = tf.function(fn, input_signature=[tf.TensorSpec([None, 3, 4])]) \
        .get_concrete_function()
    for batch in (5, 2):
        x = tf.constant(RNG.standard_normal((batch, 3, 4)), tf.float32)
        for got, want in zip(concrete(x), fn(x)):
            assert got.shape == want.shape and got.dtype == want.dtype
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)


def test_switch_scalar_condition_in_graph_uses_cond():
    f = tf.function(lambda c, x: K.switch(c, lambda: x * 2.0, lambda: x - 1.0))
    np.testing.assert_allclose(f(tf.constant(True), tf.constant([1.0, 2.0])).numpy(), [2, 4])
    np.testing.assert_allclose(f(tf.constant(False), tf.constant([1.0, 2.0])).numpy(), [0, 1])


def _rnn_case(**kwargs):
    w = tf.constant(RNG.standard_normal((4, 3)), tf.float32)

    def step(x, states):
        h = tf.tanh(tf.matmul(x, w) + states[0])
        return h, [h]

    def run(x, h0):
        return K.rnn(step, x, [h0], **kwargs)

    return run


@pytest.mark.parametrize("kwargs", [{}, {"go_backwards": True}, {"return_all_outputs": False},
                                    {"mask": True}, {"mask": True, "go_backwards": True},
                                    {"mask": True, "zero_output_for_mask": True}])
def test_rnn_dynamic_time_in_graph_matches_eager(kwargs):
    if kwargs.get("mask"):
        kwargs = dict(kwargs, mask=tf.constant([[1, 1, 0, 1, 0], [1, 0, 1, 1, 1]]) > 0)
    run = _rnn_case(**kwargs)
    x = tf.constant(RNG.standard_normal((2, 5, 4)), tf.float32)
    h0 = tf.zeros([2, 3])
    g = tf.function(run, input_signature=[tf.TensorSpec([2, None, 4]), tf.TensorSpec([2, 3])])
    eager = run(x, h0)
    graph = g(x, h0)
    np.testing.assert_allclose(graph[0].numpy(), eager[0].numpy(), rtol=1e-5)
    np.testing.assert_allclose(graph[1].numpy(), eager[1].numpy(), rtol=1e-5)
    np.testing.assert_allclose(graph[2][0].numpy(), eager[2][0].numpy(), rtol=1e-5)


def test_rnn_input_length_masks_past_each_length():
    run = _rnn_case(input_length=tf.constant([2, 4]))
    x = tf.constant(RNG.standard_normal((2, 4, 4)), tf.float32)
    last, outs, _ = run(x, tf.zeros([2, 3]))
    outs = outs.numpy()
    np.testing.assert_array_equal(outs[0, 2], outs[0, 1])  # held after its length
    np.testing.assert_array_equal(last.numpy()[0], outs[0, 1])
    assert not np.allclose(outs[1, 3], outs[1, 2])


def test_ctc_batch_cost_in_graph_and_gradient():
    y_true = tf.constant([[0, 1], [1, 1]])
    logits = tf.constant(RNG.standard_normal((2, 5, 3)), tf.float32)
    lens = (tf.constant([[5], [4]]), tf.constant([[2], [2]]))
    eager = K.ctc_batch_cost(y_true, tf.nn.softmax(logits), *lens)
    g = tf.function(lambda p: K.ctc_batch_cost(y_true, p, *lens))
    np.testing.assert_allclose(g(tf.nn.softmax(logits)).numpy(), eager.numpy(), rtol=1e-5)
    assert eager.shape == (2, 1) and np.all(eager.numpy() > 0)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.reduce_sum(K.ctc_batch_cost(y_true, tf.nn.softmax(logits), *lens))
    assert np.all(np.isfinite(tape.gradient(loss, logits).numpy()))


# --- gradients ----------------------------------------------------------------------------------
def test_gradients_of_composites():
    x = RNG.standard_normal((3, 4))
    y = RNG.standard_normal((3, 4, 2))
    check_gradient(lambda a, b: K.batch_dot(a, b, axes=[1, 1]), [x, y])
    check_gradient(lambda a: K.l2_normalize(a, axis=1), [x])
    check_gradient(lambda a: K.std(a, axis=0), [x])
    check_gradient(lambda a: K.relu(a, alpha=0.3, max_value=1.0, threshold=0.2), [x])
    check_gradient(lambda a: K.softmax(a, axis=(0, 1)), [x])
    p = RNG.uniform(0.1, 0.9, (3, 4))
    t = (RNG.uniform(size=(3, 4)) > 0.5).astype(float)
    check_gradient(lambda a: K.binary_crossentropy(tf.constant(t), a), [p])
    check_gradient(lambda a: K.categorical_crossentropy(tf.constant(t), a), [p])
    check_gradient(lambda a: K.sparse_categorical_crossentropy(tf.constant([0, 3, 1]), a), [p])


def test_rnn_gradient():
    w = RNG.standard_normal((2, 3)) * 0.5

    def fn(x, wt):
        def step(inp, states):
            h = tf.tanh(tf.matmul(inp, wt) + states[0])
            return h, [h]

        return K.rnn(step, x, [tf.zeros([2, 3], tf.float64)])[1]

    check_gradient(fn, [RNG.standard_normal((2, 4, 2)), w])


def test_sqrt_clamps_negatives_with_finite_gradient():
    x = tf.constant([-1.0, 4.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = K.sqrt(x)
    np.testing.assert_allclose(y.numpy(), [0.0, 2.0])
    g = tape.gradient(y, x).numpy()
    assert g[0] == 0.0 and g[1] == pytest.approx(0.25)


# --- state, variables, config ------------------------------------------------------------------
def test_variables_and_updates_in_tf_function():
    v = K.variable([1.0, 2.0])
    assert isinstance(v, tf.Variable) and K.dtype(v) == "float32"

    @tf.function
    def train(value):
        K.moving_average_update(v, value, 0.5)
        K.update_add(v, tf.ones([2]))
        return v.read_value()

    np.testing.assert_allclose(train(tf.constant([3.0, 0.0])).numpy(), [3.0, 2.0])
    K.batch_set_value([(v, [7, 8])])
    np.testing.assert_allclose(K.get_value(v), [7.0, 8.0])
    assert K.batch_get_value([v])[0].tolist() == [7.0, 8.0]


def test_floatx_drives_defaults():
    K.set_floatx("float64")
    try:
        assert K.constant(1).dtype == tf.float64
        assert K.variable([1]).dtype == tf.float64
        assert K.zeros((2,)).dtype == tf.float64
        assert K.random_uniform((2,)).dtype == tf.float64
        assert K.mean(tf.constant([True, False])).dtype == tf.float64
        assert K.cast_to_floatx([1]).dtype == np.float64
    finally:
        K.set_floatx("float32")


def test_get_uid_counts_and_clear_session_resets():
    K.clear_session()
    assert [K.get_uid("x"), K.get_uid("x"), K.get_uid()] == [1, 2, 1]
    K.clear_session()
    assert K.get_uid("x") == 1


def test_random_functions_seeded_and_shaped():
    tf.random.set_seed(1)
    a = K.random_normal((500,), mean=1.0, stddev=0.5, seed=7).numpy()
    tf.random.set_seed(1)
    b = K.random_normal((500,), mean=1.0, stddev=0.5, seed=7).numpy()
    assert a.dtype == np.float32 and abs(a.mean() - 1.0) < 0.1
    assert abs(a.std() - 0.5) < 0.1
    np.testing.assert_array_equal(a, b)
    t = K.truncated_normal((1000,), stddev=2.0, seed=1).numpy()
    assert np.abs(t).max() <= 4.0
    bern = K.random_bernoulli((4, 5), p=1.0, seed=2).numpy()
    np.testing.assert_array_equal(bern, np.ones((4, 5)))
    d = K.dropout(tf.ones([50, 50]), 0.5, seed=3).numpy()
    assert set(np.unique(d)) <= {0.0, 2.0} and 0.4 < (d == 0).mean() < 0.6


def test_is_keras_tensor_and_int_shape_on_inputs():
    inp = tf.keras.Input((5, 2))
    assert K.is_keras_tensor(inp) and not K.is_keras_tensor(tf.ones([1]))
    assert K.int_shape(inp) == (None, 5, 2) and K.ndim(inp) == 3


def test_ctc_decode_traced_serves_any_batch():
    probs = tf.nn.softmax(tf.constant(RNG.standard_normal((3, 6, 4)) * 3, tf.float32))
    lengths = tf.constant([6, 4, 2])
    concrete = tf.function(lambda p, n: K.ctc_decode(p, n), input_signature=[
        tf.TensorSpec([None, 6, 4]), tf.TensorSpec([None], tf.int32)]).get_concrete_function()
    (got,), got_scores = concrete(probs, lengths)
    (want,), want_scores = K.ctc_decode(probs, lengths)
    np.testing.assert_array_equal(got.numpy(), want.numpy())
    np.testing.assert_allclose(got_scores.numpy(), want_scores.numpy(), rtol=1e-6)
    assert np.all(want.numpy()[2, 2:] == -1)  # nothing decoded past a sequence's length


def _ctc_labelings(probs):
    """Exact probability of each labelling: every alignment collapsed (repeats merged, the last
    class as blank removed), summed."""
    import itertools

    steps, classes = probs.shape
    totals: dict = {}
    for path in itertools.product(range(classes), repeat=steps):
        merged = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
        key = tuple(c for c in merged if c != classes - 1)
        totals[key] = totals.get(key, 0.0) + np.prod(probs[np.arange(steps), path])
    return totals


def test_ctc_beam_search_without_pruning_is_exact():
    probs = tf.nn.softmax(tf.constant(RNG.standard_normal((1, 4, 3)) * 2, tf.float64))
    totals = _ctc_labelings(probs.numpy()[0])
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:3]
    decoded, log_prob = K.ctc_decode(probs, tf.constant([4]), greedy=False, top_paths=3)
    for k, (labels, p) in enumerate(ranked):
        row = decoded[k].numpy()[0]
        assert tuple(row[row >= 0]) == labels
        assert log_prob.numpy()[0, k] == pytest.approx(np.log(p), rel=1e-5)


def test_ctc_beam_search_traced_matches_eager():
    probs = tf.nn.softmax(tf.constant(RNG.standard_normal((3, 7, 5)) * 2, tf.float32))
    lengths = tf.constant([7, 3, 5])
    run = lambda p, n: K.ctc_decode(p, n, greedy=False, beam_width=4, top_paths=2)
    concrete = tf.function(run, input_signature=[tf.TensorSpec([None, 7, 5]),
                                                 tf.TensorSpec([None], tf.int32)]) \
        .get_concrete_function()
    (g0, g1), g_scores = concrete(probs, lengths)
    (e0, e1), e_scores = run(probs, lengths)
    np.testing.assert_array_equal(g0.numpy(), e0.numpy())
    np.testing.assert_array_equal(g1.numpy(), e1.numpy())
    np.testing.assert_allclose(g_scores.numpy(), e_scores.numpy(), rtol=1e-6)
    assert np.all(e_scores.numpy()[:, 0] >= e_scores.numpy()[:, 1])
    with pytest.raises(tf.errors.InvalidArgumentError):
        K.ctc_decode(probs, lengths, greedy=False, beam_width=2, top_paths=3)
