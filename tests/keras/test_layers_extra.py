"""ConvLSTM1D/2D/3D, RMSNormalization and SpectralNormalization: outputs against NumPy
implementations of the formulas, gradients against finite differences (float64), graph mode,
configs and `.keras` save/load."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf

layers = tf.keras.layers


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _np_conv_same_or_valid(x, w, stride, dilation, padding):
    """Channels-last N-D cross-correlation of one sample x [*spatial, cin] with w
    [*k, cin, cout] (TF padding rules)."""
    rank = x.ndim - 1
    k = w.shape[:rank]
    eff = [(k[i] - 1) * dilation[i] + 1 for i in range(rank)]
    if padding == "same":
        outs = [-(-x.shape[i] // stride[i]) for i in range(rank)]
        pads = [max((outs[i] - 1) * stride[i] + eff[i] - x.shape[i], 0) for i in range(rank)]
        x = np.pad(x, [(p // 2, p - p // 2) for p in pads] + [(0, 0)])
    outs = [(x.shape[i] - eff[i]) // stride[i] + 1 for i in range(rank)]
    y = np.zeros(tuple(outs) + (w.shape[-1],))
    for pos in np.ndindex(*outs):
        for kpos in np.ndindex(*k):
            idx = tuple(pos[i] * stride[i] + kpos[i] * dilation[i] for i in range(rank))
            y[pos] += x[idx] @ w[kpos]
    return y


def _np_conv_lstm(x, kernel, recurrent, bias, filters, stride, dilation, padding,
                  act=np.tanh, rec_act=_sigmoid):
    """Reference ConvLSTM over x [batch, time, *spatial, cin]: all outputs and (h, c)."""
    rank = x.ndim - 3
    ones = (1,) * rank
    outputs, hs, cs = [], [], []
    for sample in x:
        h = c = None
        seq = []
        for frame in sample:
            z = _np_conv_same_or_valid(frame, kernel, stride, dilation, padding)
            if bias is not None:
                z = z + bias
            if h is None:
                h = np.zeros(z.shape[:-1] + (filters,))
                c = np.zeros_like(h)
            z = z + _np_conv_same_or_valid(h, recurrent, ones, ones, "same")
            i, f, g, o = np.split(z, 4, axis=-1)
            c = rec_act(f) * c + rec_act(i) * act(g)
            h = rec_act(o) * act(c)
            seq.append(h)
        outputs.append(np.stack(seq))
        hs.append(h)
        cs.append(c)
    return np.stack(outputs), np.stack(hs), np.stack(cs)


def _fill_weights(layer, rng, scale=0.4):
    layer.set_weights([rng.normal(size=w.shape).astype(w.dtype) * scale
                       for w in layer.get_weights()])


CASES = [
    ("ConvLSTM1D", dict(filters=3, kernel_size=2), (2, 3, 5, 2)),
    ("ConvLSTM1D", dict(filters=2, kernel_size=3, padding="same", strides=2), (1, 2, 6, 1)),
    ("ConvLSTM2D", dict(filters=2, kernel_size=2), (2, 3, 4, 4, 2)),
    ("ConvLSTM2D", dict(filters=2, kernel_size=(2, 3), dilation_rate=(2, 1), padding="same"),
     (1, 2, 5, 4, 1)),
    ("ConvLSTM2D", dict(filters=3, kernel_size=3, strides=2, use_bias=False), (1, 2, 5, 5, 2)),
    ("ConvLSTM3D", dict(filters=2, kernel_size=2), (1, 2, 3, 3, 3, 1)),
]


@pytest.mark.parametrize("cls,kwargs,shape", CASES)
def test_conv_lstm_matches_numpy(cls, kwargs, shape):
    rng = np.random.default_rng(1)
    x = rng.normal(size=shape).astype("float32")
    layer = getattr(layers, cls)(return_sequences=True, return_state=True, **kwargs)
    layer(x)
    _fill_weights(layer, rng)
    seq, h, c = layer(x)
    weights = [w.astype("float64") for w in layer.get_weights()]
    bias = weights[2] if len(weights) == 3 else None
    rank = len(shape) - 3
    norm = tf.keras.layers.argument_validation.standardize_tuple
    want = _np_conv_lstm(x.astype("float64"), weights[0], weights[1], bias, kwargs["filters"],
                         norm(kwargs.get("strides", 1), rank, "s"),
                         norm(kwargs.get("dilation_rate", 1), rank, "d"),
                         kwargs.get("padding", "valid"))
    for got, expected in zip((seq, h, c), want):
        assert tuple(got.shape) == expected.shape
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-4, atol=1e-5)
    last = getattr(layers, cls)(**kwargs)
    last(x)
    last.set_weights(layer.get_weights())
    np.testing.assert_allclose(np.asarray(last(x)), want[1], rtol=1e-4, atol=1e-5)


def test_conv_lstm_weights_and_forget_bias():
    layer = layers.ConvLSTM2D(3, (2, 3))
    layer(np.zeros((1, 2, 4, 5, 2), "float32"))
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [tuple(w.shape) for w in layer.weights] == [(2, 3, 2, 12), (2, 3, 3, 12), (12,)]
    np.testing.assert_array_equal(layer.weights[2].numpy(), [0] * 3 + [1] * 3 + [0] * 6)
    assert layer.recurrent_activation is tf.keras.activations.sigmoid
    assert layer.filters == 3 and layer.kernel_size == (2, 3)


def test_conv_lstm_go_backwards_channels_first_and_initial_state():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 3, 4, 4, 1)).astype("float32")
    fwd = layers.ConvLSTM2D(2, 2, padding="same")
    fwd(x)
    _fill_weights(fwd, rng)
    back = layers.ConvLSTM2D(2, 2, padding="same", go_backwards=True)
    back(x)
    back.set_weights(fwd.get_weights())
    np.testing.assert_allclose(np.asarray(back(x)), np.asarray(fwd(x[:, ::-1])), rtol=1e-5)
    first = layers.ConvLSTM2D(2, 2, padding="same", data_format="channels_first")
    x_cf = np.moveaxis(x, -1, 2)
    first(x_cf)
    first.set_weights(fwd.get_weights())
    np.testing.assert_allclose(np.moveaxis(np.asarray(first(x_cf)), 1, -1),
                               np.asarray(fwd(x)), rtol=1e-5, atol=1e-6)
    # states given explicitly: the last states of the first half continue the sequence
    _, h, c = layers.ConvLSTM2D(2, 2, padding="same", return_state=True)(x[:, :1])
    both = layers.ConvLSTM2D(2, 2, padding="same", return_state=True)
    both(x)
    both.set_weights(fwd.get_weights())
    _, h1, c1 = both(x[:, :1])
    rest = both(x[:, 1:], initial_state=[h1, c1])[0]
    np.testing.assert_allclose(np.asarray(rest), np.asarray(fwd(x)), rtol=1e-5, atol=1e-6)
    assert h.shape == h1.shape and c.shape == c1.shape


def test_conv_lstm_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    layer = layers.ConvLSTM1D(2, 2, padding="same", dtype="float64", return_sequences=True)
    x = tf.constant(rng.normal(size=(1, 2, 3, 1)))
    layer(x)
    _fill_weights(layer, rng)
    cot = rng.normal(size=(1, 2, 3, 2))

    def loss_of(inputs):
        return tf.reduce_sum(layer(inputs) * cot)

    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = loss_of(x)
    grads = tape.gradient(loss, layer.trainable_weights + [x])
    eps = 1e-6
    for target, grad in zip(layer.trainable_weights + [x], grads):
        base = np.array(target.numpy())
        numeric = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            values = []
            for sign in (1, -1):
                moved = base.copy()
                moved[idx] += sign * eps
                if target is x:
                    values.append(float(loss_of(tf.constant(moved))))
                else:
                    target.assign(moved)
                    values.append(float(loss_of(x)))
            numeric[idx] = (values[0] - values[1]) / (2 * eps)
            if target is not x:
                target.assign(base)
        np.testing.assert_allclose(np.asarray(grad), numeric, rtol=1e-6, atol=1e-8)


def test_conv_lstm_graph_mode_and_stateful():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 3, 4, 4, 1)).astype("float32")
    layer = layers.ConvLSTM2D(2, 2)
    eager = np.asarray(layer(x))
    np.testing.assert_allclose(np.asarray(tf.function(layer)(tf.constant(x))), eager,
                               rtol=1e-6)
    stateful = layers.ConvLSTM2D(2, 2, stateful=True)
    stateful(x[:, :1])
    stateful.set_weights(layer.get_weights())
    stateful.reset_state()
    stateful(x[:, :2])
    second = np.asarray(stateful(x[:, 2:]))
    np.testing.assert_allclose(second, eager, rtol=1e-5, atol=1e-6)


def test_conv_lstm_errors():
    with pytest.raises(ValueError, match="strides > 1"):
        layers.ConvLSTM2D(2, 2, strides=2, dilation_rate=2)
    with pytest.raises(ValueError):
        layers.ConvLSTM2D(2, 2)(np.zeros((1, 2, 3, 3), "float32"))


def test_conv_lstm_in_model_saves_and_loads(tmp_path):
    rng = np.random.default_rng(5)
    model = tf.keras.Sequential([tf.keras.Input((3, 5, 5, 2)),
                                 layers.ConvLSTM2D(3, 2, return_sequences=True, name="cl"),
                                 layers.ConvLSTM2D(2, 2, padding="same", name="cl2"),
                                 layers.RMSNormalization(name="rms"),
                                 layers.Flatten(),
                                 layers.SpectralNormalization(layers.Dense(2), name="sn")])
    x = rng.normal(size=(2, 3, 5, 5, 2)).astype("float32")
    before = np.asarray(model(x))
    assert before.shape == (2, 2)
    model.save(tmp_path / "m.keras")
    loaded = tf.keras.models.load_model(tmp_path / "m.keras")
    assert type(loaded.get_layer("cl")).__name__ == "ConvLSTM2D"
    np.testing.assert_allclose(np.asarray(loaded(x)), before, rtol=1e-6)


def test_conv_lstm_trains():
    rng = np.random.default_rng(6)
    x = rng.normal(size=(8, 3, 4, 4, 1)).astype("float32")
    y = x.mean(axis=(1, 2, 3))
    model = tf.keras.Sequential([tf.keras.Input((3, 4, 4, 1)), layers.ConvLSTM2D(2, 2),
                                 layers.Flatten(), layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


# --- RMSNormalization -----------------------------------------------------------------------
@pytest.mark.parametrize("axis,eps", [(-1, 1e-6), ([1, 2], 0.5)])
def test_rms_normalization_matches_numpy(axis, eps):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 3, 4))
    layer = layers.RMSNormalization(axis=axis, epsilon=eps, dtype="float64")
    layer(x)
    scale = rng.normal(size=layer.scale.shape)
    layer.set_weights([scale])
    axes = tuple(axis) if isinstance(axis, list) else (axis,)
    want = x / np.sqrt(np.mean(x ** 2, axis=axes, keepdims=True) + eps) * scale
    np.testing.assert_allclose(np.asarray(layer(x)), want, rtol=1e-12)
    assert layers.RMSNormalization().epsilon == 1e-6


def test_rms_normalization_gradient_matches_finite_differences():
    rng = np.random.default_rng(8)
    x = tf.constant(rng.normal(size=(2, 3)))
    layer = layers.RMSNormalization(dtype="float64")
    layer(x)
    cot = rng.normal(size=(2, 3))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x) * cot)
    grad = np.asarray(tape.gradient(loss, x))
    eps, base = 1e-6, x.numpy()
    numeric = np.zeros_like(base)
    for idx in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (float(tf.reduce_sum(layer(up) * cot)) -
                        float(tf.reduce_sum(layer(down) * cot))) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


# --- SpectralNormalization ------------------------------------------------------------------
def test_spectral_normalization_power_iteration():
    rng = np.random.default_rng(9)
    layer = layers.SpectralNormalization(layers.Dense(3, use_bias=False), power_iterations=30)
    x = rng.normal(size=(2, 4)).astype("float32")
    layer(x)
    kernel = rng.normal(size=(4, 3)).astype("float32")
    layer.layer.kernel.assign(kernel)
    np.testing.assert_allclose(np.asarray(layer(x)), x @ kernel, rtol=1e-5)  # inference
    out = np.asarray(layer(x, training=True))
    sigma = np.linalg.svd(kernel, compute_uv=False)[0]
    np.testing.assert_allclose(out, x @ (kernel / sigma), rtol=1e-3, atol=1e-5)
    assert np.isclose(np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0], 1.0,
                      rtol=1e-3)
    u = layer.vector_u.numpy()
    _, _, vt = np.linalg.svd(kernel)
    assert abs(abs(float(u[0] @ vt[0])) - 1.0) < 1e-3  # u converged to the top right-vector
    assert not layer.vector_u.trainable


def test_spectral_normalization_one_iteration_matches_numpy():
    rng = np.random.default_rng(10)
    layer = layers.SpectralNormalization(layers.Embedding(5, 3))
    layer(np.array([[0, 1]]))
    table = rng.normal(size=(5, 3)).astype("float32")
    layer.layer.embeddings.assign(table)
    u = layer.vector_u.numpy().astype("float64")
    v = u @ table.T
    v /= np.linalg.norm(v)
    u2 = v @ table
    u2 /= np.linalg.norm(u2)
    sigma = float((v @ table @ u2.T)[0, 0])
    layer(np.array([[0, 1]]), training=True)
    np.testing.assert_allclose(layer.layer.embeddings.numpy(), table / sigma, rtol=1e-5)
    np.testing.assert_allclose(layer.vector_u.numpy(), u2, rtol=1e-5)
    with pytest.raises(ValueError, match="power_iterations"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)


# --- ReversibleEmbedding, HashedCrossing, Pipeline --------------------------------------------
def test_reversible_embedding_forward_and_reverse():
    rng = np.random.default_rng(11)
    layer = layers.ReversibleEmbedding(6, 3, logit_soft_cap=2.0)
    ids = np.array([[1, 5, 0]])
    layer(ids)
    table = rng.normal(size=(6, 3)).astype("float32")
    layer.set_weights([table])
    np.testing.assert_allclose(np.asarray(layer(ids)), table[ids])
    vectors = rng.normal(size=(2, 4, 3)).astype("float32")
    want = np.tanh(vectors @ table.T / 2.0) * 2.0
    np.testing.assert_allclose(np.asarray(layer(vectors, reverse=True)), want, rtol=1e-5)
    untied = layers.ReversibleEmbedding(6, 3, tie_weights=False)
    untied(ids)
    assert [tuple(w.shape) for w in untied.weights] == [(6, 3), (3, 6)]
    reverse = rng.normal(size=(3, 6)).astype("float32")
    untied.set_weights([table, reverse])
    np.testing.assert_allclose(np.asarray(untied(vectors, reverse=True)), vectors @ reverse,
                               rtol=1e-5)


def test_reversible_embedding_reverse_gradient():
    table = np.arange(6.0).reshape(3, 2) / 5
    layer = layers.ReversibleEmbedding(3, 2, dtype="float64")
    layer(np.array([0]))
    layer.set_weights([table])
    x = tf.constant([[0.3, -0.2]], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x, reverse=True) * tf.constant([[1.0, 2.0, 3.0]],
                                                                  tf.float64))
    gx, gt = tape.gradient(loss, [x, layer.embeddings])
    np.testing.assert_allclose(np.asarray(gx), [[1.0, 2.0, 3.0]] @ table)
    np.testing.assert_allclose(np.asarray(gt), np.outer([1.0, 2.0, 3.0], [0.3, -0.2]))


def test_hashed_crossing_is_deterministic_and_in_range():
    layer = layers.HashedCrossing(10)
    a = tf.constant(["x", "y", "x", "x"])
    b = tf.constant([1, 1, 1, 2])
    out = np.asarray(layer([a, b]))
    assert out.dtype == np.int64 and out.shape == (4,)
    assert out[0] == out[2] and ((0 <= out) & (out < 10)).all()
    hot = np.asarray(layers.HashedCrossing(10, output_mode="one_hot")([a, b]))
    np.testing.assert_array_equal(hot, np.eye(10)[out])
    graph = tf.function(lambda p, q: layer([p, q]))
    np.testing.assert_array_equal(np.asarray(graph(a, b)), out)
    with pytest.raises(ValueError):
        layer([a])
    with pytest.raises(ValueError):
        layers.HashedCrossing(10, output_mode="multi_hot")


def test_pipeline_applies_layers_in_order_and_round_trips(tmp_path):
    pipe = layers.Pipeline([layers.Rescaling(2.0), layers.Rescaling(1.0, offset=-1.0)])
    x = np.array([[1.0, 3.0]], "float32")
    np.testing.assert_allclose(np.asarray(pipe(x)), x * 2 - 1)
    assert len(pipe.layers) == 2
    clone = layers.deserialize(layers.serialize(pipe))
    np.testing.assert_allclose(np.asarray(clone(x)), x * 2 - 1)
    model = tf.keras.Sequential([tf.keras.Input((2,)), pipe, layers.Dense(1, name="d")])
    before = np.asarray(model(x))
    model.save(tmp_path / "p.keras")
    loaded = tf.keras.models.load_model(tmp_path / "p.keras")
    np.testing.assert_allclose(np.asarray(loaded(x)), before, rtol=1e-6)


# --- GroupQueryAttention -----------------------------------------------------------------------
def _np_softmax(z):
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def _np_gqa(layer, q, v, causal=False):
    w = {x.path.split("/")[-2] + "/" + x.name: x.numpy().astype("float64")
         for x in layer.weights}
    query = np.einsum("bqm,muh->bquh", q, w["query/kernel"]) + w["query/bias"]
    key = np.einsum("bkm,mvh->bkvh", v, w["key/kernel"]) + w["key/bias"]
    value = np.einsum("bkm,mvh->bkvh", v, w["value/kernel"]) + w["value/bias"]
    repeats = layer.num_query_heads // layer.num_key_value_heads
    key, value = np.repeat(key, repeats, 2), np.repeat(value, repeats, 2)
    scores = np.einsum("bquh,bkuh->buqk", query, key) / np.sqrt(layer.head_dim)
    if causal:
        t, s = scores.shape[-2:]
        scores = np.where(np.tril(np.ones((t, s), bool)), scores, -1e30)
    probs = _np_softmax(scores)
    out = np.einsum("buqk,bkuh->bquh", probs, value)
    return np.einsum("bquh,uhm->bqm", out, w["attention_output/kernel"]) + \
        w["attention_output/bias"], probs


@pytest.mark.parametrize("causal", [False, True])
def test_group_query_attention_matches_numpy(causal):
    rng = np.random.default_rng(12)
    layer = layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2,
                                       flash_attention=False)
    q = rng.normal(size=(2, 4, 6)).astype("float32")
    v = rng.normal(size=(2, 4 if causal else 5, 6)).astype("float32")
    layer(q, v)
    _fill_weights(layer, rng)
    out, scores = layer(q, v, return_attention_scores=True, use_causal_mask=causal)
    want, probs = _np_gqa(layer, q.astype("float64"), v.astype("float64"), causal)
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(scores), probs, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(np.asarray(layer(q, v, use_causal_mask=causal)), want,
                               rtol=1e-4, atol=1e-5)
    assert [tuple(w.shape) for w in layer.weights][:4] == [(6, 4, 3), (4, 3), (6, 2, 3),
                                                           (2, 3)]


def test_group_query_attention_gradient_and_save(tmp_path):
    rng = np.random.default_rng(13)
    layer = layers.GroupQueryAttention(2, 2, 1, dtype="float64")
    q = tf.constant(rng.normal(size=(1, 2, 3)))
    layer(q, q)
    cot = rng.normal(size=(1, 2, 3))
    with tf.GradientTape() as tape:
        tape.watch(q)
        loss = tf.reduce_sum(layer(q, q) * cot)
    grad = np.asarray(tape.gradient(loss, q))
    base, eps = q.numpy(), 1e-6
    numeric = np.zeros_like(base)
    for idx in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (float(tf.reduce_sum(layer(up, up) * cot)) -
                        float(tf.reduce_sum(layer(down, down) * cot))) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    inputs = tf.keras.Input((4, 6))
    out = layers.GroupQueryAttention(3, 4, 2, name="gqa")(inputs, inputs)
    model = tf.keras.Model(inputs, out)
    x = rng.normal(size=(2, 4, 6)).astype("float32")
    before = np.asarray(model(x))
    model.save(tmp_path / "g.keras")
    loaded = tf.keras.models.load_model(tmp_path / "g.keras")
    np.testing.assert_allclose(np.asarray(loaded(x)), before, rtol=1e-6)
    with pytest.raises(ValueError, match="divisible"):
        layers.GroupQueryAttention(2, 3, 2)


# --- adaptive pooling -----------------------------------------------------------------------
def _np_adaptive(x, sizes, reduce):
    """PyTorch's bins on the spatial axes of channels-last x."""
    out = np.zeros((x.shape[0], *sizes, x.shape[-1]))
    spatial = x.shape[1:-1]
    for pos in np.ndindex(*sizes):
        window = tuple(slice(p * n // s, -(-(p + 1) * n // s))
                       for p, n, s in zip(pos, spatial, sizes))
        block = x[(slice(None),) + window]
        out[(slice(None),) + pos] = reduce(block.reshape(x.shape[0], -1, x.shape[-1]), axis=1)
    return out


@pytest.mark.parametrize("rank,shape,sizes", [(1, (2, 10, 3), (4,)), (1, (1, 3, 2), (5,)),
                                              (2, (2, 7, 5, 2), (3, 2)),
                                              (2, (1, 4, 9, 1), (4, 4)),
                                              (3, (1, 5, 3, 4, 2), (2, 3, 3))])
def test_adaptive_pooling_matches_numpy(rank, shape, sizes):
    rng = np.random.default_rng(14)
    x = rng.normal(size=shape).astype("float32")
    for mode, reduce in (("Average", np.mean), ("Max", np.max)):
        layer = getattr(layers, f"Adaptive{mode}Pooling{rank}D")(sizes)
        np.testing.assert_allclose(np.asarray(layer(x)), _np_adaptive(x, sizes, reduce),
                                   rtol=1e-5, atol=1e-6)
        first = getattr(layers, f"Adaptive{mode}Pooling{rank}D")(
            sizes, data_format="channels_first")
        got = np.asarray(first(np.moveaxis(x, -1, 1)))
        np.testing.assert_allclose(np.moveaxis(got, 1, -1), _np_adaptive(x, sizes, reduce),
                                   rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("op", ["adaptive_average_pool", "adaptive_max_pool"])
def test_adaptive_pool_gradients_match_finite_differences(op):
    rng = np.random.default_rng(15)
    x = tf.constant(rng.normal(size=(1, 5, 4, 2)))
    cot = rng.normal(size=(1, 3, 3, 2))
    fn = getattr(tf.keras.ops, op)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(fn(x, (3, 3)) * cot)
    grad = np.asarray(tape.gradient(loss, x))
    base, eps = x.numpy(), 1e-6
    numeric = np.zeros_like(base)
    for idx in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (float(tf.reduce_sum(fn(up, (3, 3)) * cot)) -
                        float(tf.reduce_sum(fn(down, (3, 3)) * cot))) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    graph = tf.function(lambda t: fn(t, (3, 3)))
    np.testing.assert_allclose(np.asarray(graph(x)), np.asarray(fn(x, (3, 3))))


def test_adaptive_pooling_in_saved_model(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input((9, 7, 2)),
                                 layers.AdaptiveMaxPooling2D((3, 2), name="amp"),
                                 layers.AdaptiveAveragePooling2D(1, name="aap"),
                                 layers.Flatten(), layers.Dense(2, name="d")])
    x = np.random.default_rng(16).normal(size=(2, 9, 7, 2)).astype("float32")
    before = np.asarray(model(x))
    model.save(tmp_path / "a.keras")
    loaded = tf.keras.models.load_model(tmp_path / "a.keras")
    assert loaded.get_layer("amp").output_size == (3, 2)
    np.testing.assert_allclose(np.asarray(loaded(x)), before, rtol=1e-6)
    with pytest.raises(TypeError):
        layers.AdaptiveAveragePooling2D((1, 2, 3))


def test_conv_lstm_unknown_timesteps_in_a_model():
    inputs = tf.keras.Input((None, 5, 5, 2))
    layer = layers.ConvLSTM2D(3, 2, name="cl_dyn")
    out = layer(inputs)
    assert tuple(out.shape) == (None, 4, 4, 3)
    model = tf.keras.Model(inputs, out)
    rng = np.random.default_rng(17)
    for steps in (2, 4):
        x = rng.normal(size=(2, steps, 5, 5, 2)).astype("float32")
        np.testing.assert_allclose(np.asarray(model(x)), np.asarray(layer(x)), rtol=1e-6)


def test_hashed_crossing_in_a_saved_functional_model(tmp_path):
    a = tf.keras.Input((1,), dtype="string")
    b = tf.keras.Input((1,), dtype="int64")
    out = layers.HashedCrossing(8, output_mode="one_hot", name="hc")([a, b])
    model = tf.keras.Model([a, b], out)
    xs = [np.array([["u"], ["v"], ["u"]]), np.array([[1], [1], [1]])]
    before = np.asarray(model(xs))
    assert before.shape == (3, 8) and np.array_equal(before[0], before[2])
    model.save(tmp_path / "h.keras")
    loaded = tf.keras.models.load_model(tmp_path / "h.keras")
    np.testing.assert_array_equal(np.asarray(loaded(xs)), before)


def test_reversible_embedding_saves_and_loads(tmp_path):
    inputs = tf.keras.Input((3,), dtype="int32")
    embed = layers.ReversibleEmbedding(7, 4, tie_weights=False, name="rev")
    logits = embed(embed(inputs), reverse=True)
    model = tf.keras.Model(inputs, logits)
    ids = np.array([[1, 2, 6], [0, 3, 3]], "int32")
    before = np.asarray(model(ids))
    assert before.shape == (2, 3, 7)
    model.save(tmp_path / "r.keras")
    loaded = tf.keras.models.load_model(tmp_path / "r.keras")
    assert not loaded.get_layer("rev").tie_weights
    np.testing.assert_allclose(np.asarray(loaded(ids)), before, rtol=1e-6)


def test_conv_lstm_sequences_over_an_unknown_number_of_steps():
    layer = layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True,
                              name="conv_lstm_unknown_steps")
    model = tf.keras.Sequential([tf.keras.Input((None, 6, 6, 2)), layer])
    x = np.random.default_rng(0).random((2, 4, 6, 6, 2)).astype(np.float32)
    eager = layer(x).numpy()
    graph = tf.function(lambda t: model(t),
                        input_signature=[tf.TensorSpec([None, None, 6, 6, 2], tf.float32)])
    np.testing.assert_allclose(graph(x).numpy(), eager, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(graph(x[:, :2]).numpy(), layer(x[:, :2]).numpy(), rtol=1e-6,
                               atol=1e-6)
