"""Attention layers: MultiHeadAttention, Attention, AdditiveAttention and EinsumDense against
NumPy implementations of Keras' formulas (masks, causal masks, both of Keras' softmax paths),
in eager, fluxion.function and functional models, gradients against finite differences,
weights and configs."""
from __future__ import annotations

import json

import numpy as np
import pytest

import fluxion as tf

keras = tf.keras
L = keras.layers

RNG = np.random.default_rng(0)
Q = RNG.normal(size=(2, 4, 5)).astype(np.float32)
V = RNG.normal(size=(2, 6, 5)).astype(np.float32)
K = RNG.normal(size=(2, 6, 3)).astype(np.float32)
VALUE_MASK = np.array([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]], bool)
ATTENTION_MASK = np.ones((2, 4, 6), bool)
ATTENTION_MASK[1, 2, :] = False  # a query that sees nothing
CAUSAL = np.tril(np.ones((4, 6), bool))[None]


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def set_random_weights(layer, seed=1, scale=0.4, dtype=np.float32):
    rng = np.random.default_rng(seed)
    weights = [(rng.normal(size=np.shape(w)) * scale).astype(dtype) for w in layer.get_weights()]
    layer.set_weights(weights)
    return [w.astype(np.float64) for w in weights]


def mha_numpy(q, v, k, weights, key_dim, mask=None, path="softmax", gate=False,
              use_bias=True):
    """Keras' MultiHeadAttention: `path` "softmax" (masked logits -1e9, masked weights zeroed)
    or "dot_product" (masked logits -0.7 * float32 max, as ops.dot_product_attention)."""
    it = iter(weights)

    def project(x, equation):
        kernel = next(it)
        out = np.einsum(equation, x, kernel)
        return out + next(it) if use_bias else out
    query = project(q, "btd,dnh->btnh")
    key = project(k, "bsd,dnh->bsnh")
    gates = 1 / (1 + np.exp(-project(q, "btd,dnh->btnh"))) if gate else None
    value = project(v, "bsd,dnh->bsnh")
    logits = np.einsum("bsnh,btnh->bnts", key, query / np.sqrt(key_dim))
    if mask is not None:
        m = np.broadcast_to(mask[:, None], logits.shape)
        fill = -1e9 if path == "softmax" else -0.7 * 3.38953e38
        logits = np.where(m, logits, fill)
    scores = softmax(logits)
    if mask is not None and path == "softmax":
        scores = np.where(m, scores, 0.0)
    out = np.einsum("bnts,bsnh->btnh", scores, value)
    if gate:
        out = out * gates
    return project(out, "btnh,nhd->btd"), scores


CASES = {  # name: (constructor kwargs, call kwargs, mask, numpy path)
    "plain": ({}, {}, None, "dot_product"),
    "value_mask": ({}, {"value_mask": VALUE_MASK}, VALUE_MASK[:, None], "dot_product"),
    "attention_mask": ({}, {"attention_mask": ATTENTION_MASK}, ATTENTION_MASK, "dot_product"),
    "attention_mask_scores": ({}, {"attention_mask": ATTENTION_MASK,
                                   "return_attention_scores": True}, ATTENTION_MASK, "softmax"),
    "causal": ({}, {"use_causal_mask": True}, CAUSAL, "dot_product"),
    "causal_scores": ({}, {"use_causal_mask": True, "return_attention_scores": True}, CAUSAL,
                      "softmax"),
    "causal_value_mask": ({}, {"use_causal_mask": True, "value_mask": VALUE_MASK},
                          CAUSAL & VALUE_MASK[:, None], "dot_product"),
    "dropout_inference": ({"dropout": 0.5}, {"attention_mask": ATTENTION_MASK},
                          ATTENTION_MASK, "softmax"),
    "sliding_window": ({"sliding_window": 2}, {},
                       np.abs(np.arange(4)[:, None] - np.arange(6)[None]) < 2, "dot_product"),
}


@pytest.mark.parametrize("case", CASES)
def test_multi_head_attention_matches_numpy(case):
    kwargs, call, mask, path = CASES[case]
    layer = L.MultiHeadAttention(2, 3, **kwargs)
    layer.build(Q.shape, V.shape)
    weights = set_random_weights(layer)
    want, scores = mha_numpy(Q, V, V, weights, 3, None if mask is None else
                             np.broadcast_to(mask, (2, 4, 6)), path)
    got = layer(Q, V, **call)
    fn = tf.function(lambda q, v: layer(q, v, **call))
    outputs = [got, fn(tf.constant(Q), tf.constant(V))]
    if all(np.ndim(x) == 0 for x in call.values()):  # no mask array tied to the shapes
        unknown = fn.get_concrete_function(tf.TensorSpec([None, None, 5]),
                                           tf.TensorSpec([None, None, 5]))
        outputs.append(unknown(tf.constant(Q), tf.constant(V)))
    for out in outputs:
        if call.get("return_attention_scores"):
            out, got_scores = out
            np.testing.assert_allclose(np.asarray(got_scores), scores, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(np.asarray(out), want, rtol=1e-5, atol=2e-6)


def test_fully_masked_query_follows_each_keras_path():
    """A query row that sees no key: the dot-product path averages all values (uniform
    weights), the softmax path (scores returned, dropout, other ranks) gives zero weights."""
    layer = L.MultiHeadAttention(1, 2, use_bias=False)
    layer.build(Q.shape, V.shape)
    set_random_weights(layer)
    _, scores = layer(Q, V, attention_mask=ATTENTION_MASK, return_attention_scores=True)
    np.testing.assert_array_equal(np.asarray(scores)[1, :, 2], 0.0)
    outputs = np.asarray(layer(Q, V, attention_mask=ATTENTION_MASK))
    uniform = np.asarray(layer(Q, V, attention_mask=np.zeros((2, 4, 6), bool)))
    np.testing.assert_allclose(outputs[1, 2], uniform[1, 2], rtol=1e-5)


def test_key_value_dim_output_shape_gate_and_no_bias():
    layer = L.MultiHeadAttention(2, 3, value_dim=4, output_shape=7, use_bias=False)
    layer.build(Q.shape, V.shape, K.shape)
    weights = set_random_weights(layer)
    assert [tuple(w.shape.as_list()) for w in layer.weights] == [(5, 2, 3), (3, 2, 3),
                                                                 (5, 2, 4), (2, 4, 7)]
    want, _ = mha_numpy(Q, V, K, weights, 3, use_bias=False)
    np.testing.assert_allclose(np.asarray(layer(Q, V, key=K)), want, rtol=1e-5, atol=2e-6)
    gated = L.MultiHeadAttention(2, 3, use_gate=True)
    gated.build(Q.shape, V.shape)
    weights = set_random_weights(gated)
    want, _ = mha_numpy(Q, V, V, weights, 3, gate=True)
    np.testing.assert_allclose(np.asarray(gated(Q, V)), want, rtol=1e-5, atol=2e-6)
    assert [w.name for w in gated.weights][:6] == ["kernel", "bias"] * 3


def test_attention_over_two_axes():
    x = RNG.normal(size=(2, 3, 4, 5)).astype(np.float32)
    layer = L.MultiHeadAttention(2, 3, attention_axes=(1, 2))
    layer.build(x.shape, x.shape)
    weights = set_random_weights(layer)
    out, scores = layer(x, x, return_attention_scores=True)
    assert scores.shape == (2, 2, 3, 4, 3, 4) and layer.attention_axes == (1, 2)
    flat = x.reshape(2, 12, 5).astype(np.float64)  # attending over both axes = over 12 slots
    want, want_scores = mha_numpy(flat, flat, flat, weights, 3)
    np.testing.assert_allclose(np.asarray(out).reshape(2, 12, 5), want, rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(np.asarray(scores).reshape(2, 2, 12, 12), want_scores,
                               rtol=1e-5, atol=1e-6)


def test_functional_shapes_and_lazy_build():
    qi, vi = keras.Input((None, 5)), keras.Input((None, 5))
    layer = L.MultiHeadAttention(2, 3)
    out, scores = layer(qi, vi, use_causal_mask=True, return_attention_scores=True)
    assert out.shape == (None, None, 5) and scores.shape == (None, 2, None, None)
    model = keras.Model([qi, vi], out)
    weights = set_random_weights(layer)
    want, _ = mha_numpy(Q, V, V, weights, 3, np.broadcast_to(CAUSAL, (2, 4, 6)), "softmax")
    np.testing.assert_allclose(np.asarray(model([Q, V])), want, rtol=1e-5, atol=2e-6)
    lazy = L.MultiHeadAttention(3, 2, output_shape=(2, 3))
    assert lazy(Q, V).shape == (2, 4, 2, 3) and len(lazy.weights) == 8
    assert [w.name for w in lazy.weights[::2]] == ["kernel"] * 4


def test_dropout_only_in_training():
    layer = L.MultiHeadAttention(2, 3, dropout=0.5)
    inference = np.asarray(layer(Q, V))
    np.testing.assert_allclose(np.asarray(layer(Q, V, training=False)), inference)
    assert not np.allclose(np.asarray(layer(Q, V, training=True)), inference)
    attention = L.Attention(dropout=0.5)
    _, plain = attention([Q, V], return_attention_scores=True)
    _, dropped = attention([Q, V], training=True, return_attention_scores=True)
    plain, dropped = np.asarray(plain), np.asarray(dropped)
    kept = dropped != 0
    assert kept.any() and not kept.all()
    np.testing.assert_allclose(dropped[kept], 2 * plain[kept], rtol=1e-6)  # 1 / (1 - rate)


def test_query_mask_from_embedding():
    ids = np.array([[3, 1, 2, 0], [4, 4, 1, 2]])
    emb = L.Embedding(5, 5, mask_zero=True)
    layer = L.MultiHeadAttention(2, 3)
    x = emb(ids)
    layer(x, x)  # builds
    layer_weights = set_random_weights(layer)
    out = layer(x, x)
    keep = ids != 0
    want, _ = mha_numpy(np.asarray(x), np.asarray(x), np.asarray(x), layer_weights, 3,
                        keep[:, :, None] & keep[:, None, :], "dot_product")
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-5, atol=2e-6)


# --- Attention, AdditiveAttention ----------------------------------------------------------------
def attention_numpy(scores, v, v_mask=None, q_mask=None, causal=False):
    mask = None if v_mask is None else v_mask[:, None, :]
    if causal:
        tri = np.tril(np.ones(scores.shape[-2:], bool))[None]
        mask = tri if mask is None else mask & tri
    if mask is not None:
        scores = np.where(mask, scores, scores - 1e9)
    weights = softmax(scores)
    out = weights @ v
    if q_mask is not None:
        out = np.where(q_mask[..., None], out, 0.0)
    return out, weights


def test_dot_attention_with_scale_masks_and_causal():
    q, v = Q.astype(np.float64), V.astype(np.float64)
    layer = L.Attention(use_scale=True)
    layer.build([Q.shape, V.shape])
    layer.set_weights([np.float32(1.7)])
    q_mask = np.array([[1, 1, 0, 1]] * 2, bool)
    out, weights = layer([Q, V], mask=[q_mask, VALUE_MASK], return_attention_scores=True)
    want, want_w = attention_numpy(1.7 * q @ v.transpose(0, 2, 1), v, VALUE_MASK, q_mask)
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(np.asarray(weights), want_w, rtol=1e-5, atol=1e-7)
    causal = L.Attention()([Q, V, V], mask=[None, VALUE_MASK], use_causal_mask=True)
    want, _ = attention_numpy(q @ v.transpose(0, 2, 1), v, VALUE_MASK, causal=True)
    np.testing.assert_allclose(np.asarray(causal), want, rtol=1e-5, atol=2e-6)
    graph = tf.function(lambda a, b: L.Attention()([a, b], use_causal_mask=True))
    concrete = graph.get_concrete_function(tf.TensorSpec([None, None, 5]),
                                           tf.TensorSpec([None, None, 5]))
    want, _ = attention_numpy(q @ v.transpose(0, 2, 1), v, causal=True)
    np.testing.assert_allclose(np.asarray(concrete(tf.constant(Q), tf.constant(V))), want,
                               rtol=1e-5, atol=2e-6)


def test_concat_and_additive_scores():
    q, v = Q.astype(np.float64), V.astype(np.float64)
    pairs = q[:, :, None, :] + v[:, None, :, :]
    concat = L.Attention(score_mode="concat", use_scale=True)
    concat.build([Q.shape, V.shape])
    concat.set_weights([np.float32(0.7), np.float32(1.3)])
    assert [w.name for w in concat.weights] == ["scale", "concat_score_weight"]
    want, _ = attention_numpy(1.3 * np.tanh(0.7 * pairs).sum(-1), v)
    np.testing.assert_allclose(np.asarray(concat([Q, V])), want, rtol=1e-5, atol=2e-6)
    additive = L.AdditiveAttention()
    additive.build([Q.shape, V.shape])
    (scale,) = set_random_weights(additive)
    out, weights = additive([Q, V], return_attention_scores=True)
    want, want_w = attention_numpy((scale * np.tanh(pairs)).sum(-1), v)
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(np.asarray(weights), want_w, rtol=1e-5, atol=1e-7)
    plain = L.AdditiveAttention(use_scale=False)([Q, V], mask=[None, VALUE_MASK])
    want, _ = attention_numpy(np.tanh(pairs).sum(-1), v, VALUE_MASK)
    np.testing.assert_allclose(np.asarray(plain), want, rtol=1e-5, atol=2e-6)
    inp = [keras.Input((None, 5)), keras.Input((None, 5))]
    assert L.AdditiveAttention()(inp).shape == (None, None, 5)


# --- EinsumDense ---------------------------------------------------------------------------------
@pytest.mark.parametrize("equation,output_shape,bias_axes,kernel,bias,numpy_eq,symbolic", [
    ("abc,cd->abd", (None, 4), "d", (5, 4), (4,), "abc,cd->abd", (None, None, 4)),
    ("abc,cde->abde", (None, 2, 3), "e", (5, 2, 3), (3,), "abc,cde->abde", (None, None, 2, 3)),
    ("abc,cde->abde", (None, 2, 3), "de", (5, 2, 3), (2, 3), "abc,cde->abde",
     (None, None, 2, 3)),
    ("...b,bc->...c", 4, "c", (5, 4), (4,), "abc,cd->abd", (None, 4, 4)),
    ("ab...,bc->ac...", 3, "c", (4, 3), (3, 1), "abe,bc->ace", (None, 3, 5)),
    ("abc,cd->abd", (None, 4), None, (5, 4), None, "abc,cd->abd", (None, None, 4)),
])
def test_einsum_dense(equation, output_shape, bias_axes, kernel, bias, numpy_eq, symbolic):
    layer = L.EinsumDense(equation, output_shape, bias_axes=bias_axes, activation="tanh")
    layer.build(Q.shape)
    assert tuple(layer.kernel.shape.as_list()) == kernel
    assert (layer.bias is None and bias is None) or tuple(layer.bias.shape.as_list()) == bias
    weights = set_random_weights(layer)
    want = np.einsum(numpy_eq, Q.astype(np.float64), weights[0])
    want = np.tanh(want + weights[1] if bias is not None else want)
    np.testing.assert_allclose(np.asarray(layer(Q)), want, rtol=1e-5, atol=2e-6)
    # as Keras: output dims given as None stay None
    assert tuple(layer.compute_output_shape((None, 4, 5))) == symbolic


def test_einsum_dense_errors_and_fan_axes():
    with pytest.raises(ValueError, match="Invalid einsum equation"):
        L.EinsumDense("ab->b", 2).build((1, 2))
    with pytest.raises(ValueError, match="do not match at shared dimension"):
        L.EinsumDense("abc,cd->abd", (3, 4)).build((None, 5, 2))
    with pytest.raises(ValueError, match="Bias dimension"):
        L.EinsumDense("ab,bc->ac", 4, bias_axes="x").build((None, 2))
    layer = L.EinsumDense("abc,cde->abde", (None, 64, 64), kernel_initializer="ones")
    layer.build((None, 3, 2))
    wide = L.EinsumDense("abc,cde->abde", (None, 64, 64),
                         kernel_initializer=keras.initializers.GlorotUniform(seed=1))
    wide.build((None, 3, 2))
    limit = np.sqrt(6 / (2 + 64 * 64))  # fans over the kernel's input / output axes
    assert np.abs(wide.kernel.numpy()).max() <= limit


# --- gradients, configs, errors ------------------------------------------------------------------
def fd_gradients(layer, fn, inputs):
    rng = np.random.default_rng(0)
    cot = rng.normal(size=np.shape(fn(*[tf.constant(x) for x in inputs])))

    def loss(*xs):
        return tf.reduce_sum(fn(*xs) * cot)

    xs = [tf.constant(x) for x in inputs]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        value = loss(*xs)
    targets = layer.trainable_weights + xs
    grads = tape.gradient(value, targets)
    eps = 1e-6
    for target, grad in zip(targets, grads):
        base = np.array(target.numpy())
        numeric = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            for sign in (1, -1):
                moved = base.copy()
                moved[idx] += sign * eps
                if any(target is x for x in xs):
                    args = [tf.constant(moved) if x is target else x for x in xs]
                    numeric[idx] += sign * float(loss(*args)) / (2 * eps)
                else:
                    target.assign(moved)
                    numeric[idx] += sign * float(loss(*xs)) / (2 * eps)
            if not any(target is x for x in xs):
                target.assign(base)
        np.testing.assert_allclose(np.asarray(grad), numeric, rtol=1e-6, atol=1e-8)


def test_gradients_match_finite_differences():
    q, v = Q[:, :3, :3].astype(np.float64), V[:, :4, :3].astype(np.float64)
    mha = L.MultiHeadAttention(2, 2, dtype="float64")
    mha.build(q.shape, v.shape)
    set_random_weights(mha, dtype=np.float64)
    fd_gradients(mha, lambda a, b: mha(a, b, use_causal_mask=True), [q, v])
    fd_gradients(mha, lambda a, b: mha(a, b, return_attention_scores=True)[0], [q, v])
    additive = L.AdditiveAttention(dtype="float64")
    additive.build([q.shape, v.shape])
    fd_gradients(additive, lambda a, b: additive([a, b], mask=[None, VALUE_MASK[:, :4]]), [q, v])
    concat = L.Attention(score_mode="concat", use_scale=True, dtype="float64")
    concat.build([q.shape, v.shape])
    fd_gradients(concat, lambda a, b: concat([a, b]), [q, v])


LAYERS = [
    lambda: L.MultiHeadAttention(2, 3, value_dim=4, dropout=0.1, output_shape=(7,),
                                 attention_axes=(1,), kernel_regularizer="l2", seed=3),
    lambda: L.MultiHeadAttention(4, 8, use_bias=False, use_gate=True, sliding_window=3),
    lambda: L.Attention(use_scale=True, score_mode="concat", dropout=0.2),
    lambda: L.AdditiveAttention(use_scale=False),
    lambda: L.EinsumDense("abc,cd->abd", (None, 4), bias_axes="d", activation="relu"),
]


@pytest.mark.parametrize("make", LAYERS)
def test_configs_round_trip(make):
    layer = make()
    config = layer.get_config()
    clone = L.deserialize(json.loads(json.dumps(L.serialize(layer))))
    assert type(clone) is type(layer)
    assert json.loads(json.dumps(clone.get_config())) == json.loads(json.dumps(config))


def test_config_keys_follow_keras():
    assert set(L.MultiHeadAttention(2, 3).get_config()) == {
        "name", "trainable", "dtype", "num_heads", "key_dim", "value_dim", "dropout",
        "use_bias", "use_gate", "output_shape", "attention_axes", "sliding_window",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "bias_constraint", "seed"}
    assert set(L.Attention().get_config()) == {"name", "trainable", "dtype", "use_scale",
                                               "score_mode", "dropout", "seed"}
    assert "score_mode" not in L.AdditiveAttention().get_config()
    assert L.MultiHeadAttention(2, 3).get_config()["value_dim"] == 3


def test_errors():
    with pytest.raises(ValueError, match="num_heads"):
        L.MultiHeadAttention(0, 2)
    with pytest.raises(ValueError, match="key_dim"):
        L.MultiHeadAttention(2, 1.5)
    with pytest.raises(ValueError, match="sliding_window"):
        L.MultiHeadAttention(2, 2, sliding_window=0)
    with pytest.raises(ValueError, match="Dropout is not supported when flash"):
        L.MultiHeadAttention(2, 2, dropout=0.1, flash_attention=True)
    with pytest.raises(ValueError, match="except the last one"):
        L.MultiHeadAttention(2, 2).build((2, 4, 5), (2, 6, 5), (2, 5, 5))
    with pytest.raises(ValueError, match="score_mode"):
        L.Attention(score_mode="general")
    with pytest.raises(ValueError, match="list of inputs"):
        L.Attention()(Q)
    with pytest.raises(ValueError, match="length 2 or 3"):
        L.Attention()([Q])
    with pytest.raises(ValueError, match="mask must be a list"):
        L.Attention()([Q, V], mask=VALUE_MASK)
