"""Recurrent layers: SimpleRNN / LSTM / GRU and their cells, RNN(cell), stacked cells,
Bidirectional, TimeDistributed. Outputs for fixed weights against NumPy implementations of
Keras' formulas (eager, fluxion.function, graph loops over an unknown time dim, functional
models), masks, states, dropout, gradients against finite differences, configs, learning."""
from __future__ import annotations

import json

import numpy as np
import pytest

import fluxion as tf

keras = tf.keras
L = keras.layers


# --- NumPy references of Keras' formulas -------------------------------------------------------
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def simple_step(x, states, w):
    kernel, recurrent, bias = w
    h = np.tanh(x @ kernel + states[0] @ recurrent + bias)
    return h, [h]


def lstm_step(x, states, w):
    kernel, recurrent, bias = w
    h, c = states
    i, f, g, o = np.split(x @ kernel + h @ recurrent + bias, 4, axis=-1)  # Keras' i, f, c, o
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, [h, c]


def gru_step(x, states, w, reset_after=True):
    kernel, recurrent, bias = w
    h = states[0]
    in_bias = bias[0] if reset_after else bias
    x_z, x_r, x_h = np.split(x @ kernel + in_bias, 3, axis=-1)  # Keras' z, r, h
    u = recurrent.shape[0]
    if reset_after:
        r_z, r_r, r_h = np.split(h @ recurrent + bias[1], 3, axis=-1)
    else:
        r_z, r_r = np.split(h @ recurrent[:, :2 * u], 2, axis=-1)
    z, r = sigmoid(x_z + r_z), sigmoid(x_r + r_r)
    hh = np.tanh(x_h + (r * r_h if reset_after else (r * h) @ recurrent[:, 2 * u:]))
    h = z * h + (1 - z) * hh
    return h, [h]


def run_numpy(step, x, w, states, go_backwards=False, mask=None, zero_output=False):
    """Keras' backend.rnn: (last output, all outputs in step order, final states)."""
    times = range(x.shape[1])[::-1] if go_backwards else range(x.shape[1])
    outs, previous = [], None
    for t in times:
        out, new = step(x[:, t], states, w)
        if mask is not None:
            m = mask[:, t][:, None]
            previous = np.zeros_like(out) if previous is None else previous
            out = np.where(m, out, 0.0 if zero_output else previous)
            new = [np.where(m, n, s) for n, s in zip(new, states)]
        previous, states = out, new
        outs.append(out)
    return outs[-1], np.stack(outs, 1), states


KINDS = {
    "simple_rnn": (lambda **kw: L.SimpleRNN(3, **kw), simple_step, 1),
    "lstm": (lambda **kw: L.LSTM(3, **kw), lstm_step, 2),
    "gru": (lambda **kw: L.GRU(3, **kw), gru_step, 1),
    "gru_reset_before": (lambda **kw: L.GRU(3, reset_after=False, **kw),
                         lambda x, s, w: gru_step(x, s, w, reset_after=False), 1),
}

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 5, 4)).astype(np.float32)
MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 1, 1, 0]], bool)


def set_random_weights(layer, seed=1, scale=0.5, dtype=np.float32):
    rng = np.random.default_rng(seed)
    weights = [(rng.normal(size=np.shape(w)) * scale).astype(dtype) for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def expected(kind, x, weights, seq, state, back, mask=None, zero_output=False, init=None):
    _, step, n_states = KINDS[kind]
    states = init or [np.zeros((x.shape[0], 3))] * n_states
    last, outs, states = run_numpy(step, x.astype(np.float64), weights, states, back, mask,
                                   zero_output)
    first = outs if seq else last
    return [first, *states] if state else [first]


def as_list(out):
    return [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]


def assert_all_close(got, want, atol=2e-6):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-5, atol=atol)


# --- outputs -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seq,state,back", [(s, r, b) for s in (False, True)
                                            for r in (False, True) for b in (False, True)])
def test_outputs_match_numpy_eager_graph_and_unknown_time(kind, seq, state, back):
    layer = KINDS[kind][0](return_sequences=seq, return_state=state, go_backwards=back)
    layer.build((None, 5, 4))
    weights = set_random_weights(layer)
    want = expected(kind, X, weights, seq, state, back)
    assert_all_close(as_list(layer(X)), want)
    assert_all_close(as_list(tf.function(lambda a: layer(a))(tf.constant(X))), want)
    # a trace with the batch and time dims unknown runs a graph while loop
    concrete = tf.function(lambda a: layer(a)).get_concrete_function(
        tf.TensorSpec([None, None, 4]))
    assert "while" in {n.op for n in concrete.graph.nodes}
    assert_all_close(as_list(concrete(tf.constant(X))), want)
    short = X[:2, :3]
    assert_all_close(as_list(concrete(tf.constant(short))),
                     expected(kind, short, weights, seq, state, back))


def test_static_time_is_unrolled_into_the_graph():
    layer = L.LSTM(3, return_sequences=True)
    concrete = tf.function(lambda a: layer(a)).get_concrete_function(
        tf.TensorSpec([None, 5, 4]))
    ops = [n.op for n in concrete.graph.nodes]
    assert "while" not in ops and ops.count("matmul") == 5  # one recurrent product per step


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("zero_output,back", [(False, False), (True, False), (False, True),
                                              (True, True)])
def test_masked_steps_keep_state_and_repeat_or_zero_output(kind, zero_output, back):
    layer = KINDS[kind][0](return_sequences=True, return_state=True, go_backwards=back)
    layer.zero_output_for_mask = zero_output
    layer.build((None, 5, 4))
    weights = set_random_weights(layer, seed=2)
    want = expected(kind, X, weights, True, True, back, MASK, zero_output)
    assert_all_close(as_list(layer(X, mask=MASK)), want)
    concrete = tf.function(lambda a, m: layer(a, mask=m)).get_concrete_function(
        tf.TensorSpec([None, None, 4]), tf.TensorSpec([None, None], tf.bool))
    assert_all_close(as_list(concrete(tf.constant(X), tf.constant(MASK))), want)


def test_embedding_mask_reaches_the_rnn():
    ids = np.array([[3, 1, 2, 0, 0], [4, 4, 1, 2, 1]])
    emb = L.Embedding(5, 4, mask_zero=True)
    layer = L.GRU(3, return_sequences=True)
    emb.build((None, 5))
    layer.build((None, 5, 4))
    set_random_weights(emb, 3)
    weights = set_random_weights(layer, 4)
    vectors = np.asarray(emb(ids))
    want = expected("gru", vectors, weights, True, False, False, ids != 0)
    assert_all_close(as_list(layer(emb(ids))), want)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("time", [5, None])
def test_functional_model_shapes_and_values(kind, time):
    inp = keras.Input((time, 4))
    layer = KINDS[kind][0](return_sequences=True, return_state=True)
    outs = layer(inp)
    assert outs[0].shape == (None, time, 3)
    assert all(s.shape == (None, 3) for s in outs[1:])
    model = keras.Model(inp, outs)
    weights = set_random_weights(layer, seed=5)
    assert_all_close(as_list(model(X)), expected(kind, X, weights, True, True, False))
    last = keras.Model(inp, KINDS[kind][0]()(inp))
    assert last.outputs[0].shape == (None, 3)


def test_initial_state_and_cell_call():
    layer = L.LSTM(3, return_state=True)
    layer.build((None, 5, 4))
    weights = set_random_weights(layer, seed=6)
    h0, c0 = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 3))
    want = expected("lstm", X, weights, False, True, False, init=[h0, c0])
    assert_all_close(as_list(layer(X, initial_state=[h0.astype(np.float32),
                                                     c0.astype(np.float32)])), want)
    out, (h, c) = layer.cell(X[:, 0], [tf.constant(h0, tf.float32), tf.constant(c0, tf.float32)])
    ref_h, (ref_h2, ref_c) = lstm_step(X[:, 0].astype(np.float64), [h0, c0], weights)
    assert_all_close([out, h, c], [ref_h, ref_h2, ref_c])


def test_stacked_cells_feed_each_other():
    layer = L.RNN([L.LSTMCell(3), L.GRUCell(3), L.SimpleRNNCell(3)], return_sequences=True,
                  return_state=True)
    layer.build((None, 5, 4))
    w = set_random_weights(layer, seed=7)
    out, lstm_states, gru_states, simple_states = layer(X)
    assert len(lstm_states) == 2 and len(gru_states) == 1 and len(simple_states) == 1
    x = X.astype(np.float64)
    _, seq1, s1 = run_numpy(lstm_step, x, w[0:3], [np.zeros((3, 3))] * 2)
    _, seq2, s2 = run_numpy(gru_step, seq1, w[3:6], [np.zeros((3, 3))])
    _, seq3, s3 = run_numpy(simple_step, seq2, w[6:9], [np.zeros((3, 3))])
    assert_all_close([out, *lstm_states, *gru_states, *simple_states], [seq3, *s1, *s2, *s3])


def test_stateful_layer_carries_its_state_until_reset():
    layer = L.GRU(3, stateful=True, return_sequences=True)
    layer.build((3, 5, 4))
    weights = set_random_weights(layer, seed=8)
    _, first, states = run_numpy(gru_step, X.astype(np.float64), weights, [np.zeros((3, 3))])
    _, second, _ = run_numpy(gru_step, X.astype(np.float64), weights, states)
    assert_all_close([layer(X), layer(X)], [first, second])
    layer.reset_state()
    assert_all_close([layer(X)], [first])
    layer.reset_state()
    step = tf.function(lambda a: layer(a))
    assert_all_close([step(tf.constant(X)), step(tf.constant(X))], [first, second])
    with pytest.raises(ValueError, match="batch size must be static"):
        L.LSTM(2, stateful=True).build((None, 5, 4))


# --- Bidirectional, TimeDistributed ---------------------------------------------------------------
@pytest.mark.parametrize("mode", ["concat", "sum", "mul", "ave", None])
@pytest.mark.parametrize("seq", [False, True])
def test_bidirectional_merge_modes(mode, seq):
    layer = L.Bidirectional(L.LSTM(3, return_sequences=seq, return_state=True), merge_mode=mode)
    layer.build((None, 5, 4))
    weights = set_random_weights(layer, seed=9)
    x = X.astype(np.float64)
    zeros = [np.zeros((3, 3))] * 2
    last_f, seq_f, states_f = run_numpy(lstm_step, x, weights[:3], zeros)
    last_b, seq_b, states_b = run_numpy(lstm_step, x, weights[3:], zeros, go_backwards=True)
    y, y_rev = (seq_f, seq_b[:, ::-1]) if seq else (last_f, last_b)
    merged = {"concat": [np.concatenate([y, y_rev], -1)], "sum": [y + y_rev],
              "mul": [y * y_rev], "ave": [(y + y_rev) / 2], None: [y, y_rev]}[mode]
    want = merged + states_f + states_b
    assert_all_close(as_list(layer(X)), want)
    assert_all_close(as_list(tf.function(lambda a: layer(a))(tf.constant(X))), want)
    inp = keras.Input((None, 4))
    shapes = [t.shape for t in as_list_symbolic(layer(inp))]
    width = 6 if mode == "concat" else 3
    out_shape = (None, None, width) if seq else (None, width)
    assert shapes[0] == out_shape and shapes[-1] == (None, 3)


def as_list_symbolic(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def test_bidirectional_copies_layers_and_checks_them():
    base = L.GRU(2, return_sequences=True, name="enc")
    layer = L.Bidirectional(base, merge_mode="sum")
    assert layer.forward_layer is not base and layer.forward_layer.name == "forward_enc"
    assert layer.backward_layer.name == "backward_enc" and layer.backward_layer.go_backwards
    assert layer.forward_layer.zero_output_for_mask  # forced to return_sequences
    back = L.SimpleRNN(2, return_sequences=True, go_backwards=True)
    mixed = L.Bidirectional(L.GRU(2, return_sequences=True), backward_layer=back)
    assert mixed.backward_layer is back
    mixed.build((None, 5, 4))
    weights = set_random_weights(mixed, seed=10)
    x = X.astype(np.float64)
    _, fwd, _ = run_numpy(gru_step, x, weights[:3], [np.zeros((3, 2))])
    _, bwd, _ = run_numpy(simple_step, x, weights[3:], [np.zeros((3, 2))], go_backwards=True)
    assert_all_close([mixed(X)], [np.concatenate([fwd, bwd[:, ::-1]], -1)])
    with pytest.raises(ValueError, match="Invalid merge mode"):
        L.Bidirectional(L.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="different `go_backwards`"):
        L.Bidirectional(L.LSTM(2), backward_layer=L.LSTM(2))
    with pytest.raises(ValueError, match="same value for attribute"):
        L.Bidirectional(L.LSTM(2), backward_layer=L.LSTM(2, go_backwards=True,
                                                         return_sequences=True))
    with pytest.raises(ValueError, match="Layer` instance"):
        L.Bidirectional("lstm")


def test_time_distributed_dense():
    layer = L.TimeDistributed(L.Dense(2, activation="tanh"))
    layer.build((None, 5, 4))
    kernel, bias = set_random_weights(layer, seed=11)
    want = [np.tanh(X.astype(np.float64) @ kernel + bias)]
    assert_all_close([layer(X)], want)
    assert_all_close([tf.function(lambda a: layer(a))(tf.constant(X))], want)
    for batch, time in [(None, 5), (3, None), (None, None)]:
        concrete = tf.function(lambda a: layer(a)).get_concrete_function(
            tf.TensorSpec([batch, time, 4]))
        assert_all_close([concrete(tf.constant(X))], want)
    inp = keras.Input((None, 4))
    assert L.TimeDistributed(L.Dense(6))(inp).shape == (None, None, 6)
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        layer(X[:, 0])


# --- dropout -------------------------------------------------------------------------------------
def test_dropout_masks_are_drawn_once_per_call_and_only_in_training():
    layer = L.SimpleRNN(4, dropout=0.5, activation=None, return_sequences=True,
                        kernel_initializer="identity", recurrent_initializer="zeros")
    x = np.ones((64, 6, 4), np.float32)
    np.testing.assert_allclose(np.asarray(layer(x)), x)  # inference: no dropout
    out = np.asarray(layer(x, training=True))
    assert set(np.unique(out)) <= {0.0, 2.0}
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 6, axis=1))  # same mask each step
    assert 0.35 < np.mean(out == 0) < 0.65
    recurrent = L.LSTM(3, recurrent_dropout=0.5, dropout=0.3)
    plain = np.asarray(recurrent(X))
    assert recurrent.cell.implementation == 1
    assert not np.allclose(np.asarray(recurrent(X, training=True)), plain)
    np.testing.assert_allclose(np.asarray(recurrent(X, training=False)), plain)
    trained = tf.function(lambda a: recurrent(a, training=True))
    first, second = np.asarray(trained(tf.constant(X))), np.asarray(trained(tf.constant(X)))
    assert not np.allclose(first, second)  # fresh masks on every graph run


# --- gradients ------------------------------------------------------------------------------------
def finite_difference_check(layer, x, graph=False, **call):
    """Tape gradients w.r.t. the layer's weights and its input against central differences."""
    rng = np.random.default_rng(0)
    x = tf.constant(x)
    cots = [rng.normal(size=np.shape(o)) for o in as_list(layer(x, **call))]

    def loss_of(inputs):
        outs = layer(inputs, **call)
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        return tf.add_n([tf.reduce_sum(o * c) for o, c in zip(outs, cots)])

    def gradients(inputs):
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            loss = loss_of(inputs)
        return tape.gradient(loss, layer.trainable_weights + [inputs])

    got = (tf.function(gradients) if graph else gradients)(x)
    eps = 1e-6
    for target, grad in zip(layer.trainable_weights + [x], got):
        base = np.array(target.numpy())
        numeric = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            for sign in (1, -1):
                moved = base.copy()
                moved[idx] += sign * eps
                if target is x:
                    value = loss_of(tf.constant(moved))
                else:
                    target.assign(moved)
                    value = loss_of(x)
                numeric[idx] += sign * float(value) / (2 * eps)
            if target is not x:
                target.assign(base)
        np.testing.assert_allclose(np.asarray(grad), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("graph", [False, True])
def test_gradients_match_finite_differences(kind, graph):
    layer = KINDS[kind][0](return_sequences=True, return_state=True, dtype="float64",
                           go_backwards=kind == "gru")
    layer.build((None, 4, 3))
    set_random_weights(layer, seed=12, dtype=np.float64)
    x = np.random.default_rng(1).normal(size=(2, 4, 3))
    finite_difference_check(layer, x, graph=graph)
    finite_difference_check(layer, x, graph=graph, mask=np.array([[1, 1, 0, 1], [1, 0, 0, 1]],
                                                                 bool))


def test_gradients_through_bidirectional_and_stacked_cells():
    bi = L.Bidirectional(L.GRU(2, return_sequences=True, dtype="float64"), merge_mode="mul",
                         dtype="float64")
    bi.build((None, 3, 2))
    set_random_weights(bi, seed=13, dtype=np.float64)
    x = np.random.default_rng(2).normal(size=(2, 3, 2))
    finite_difference_check(bi, x)
    stacked = L.RNN([L.LSTMCell(2, dtype="float64"), L.SimpleRNNCell(2, dtype="float64")],
                    dtype="float64")
    stacked.build((None, 3, 2))
    set_random_weights(stacked, seed=14, dtype=np.float64)
    finite_difference_check(stacked, x, graph=True)


# --- weights, configs, errors --------------------------------------------------------------------
def test_weights_names_shapes_and_initial_biases():
    lstm = L.LSTM(3)
    lstm.build((None, 5, 4))
    assert [(w.name, tuple(w.shape.as_list())) for w in lstm.weights] == [
        ("kernel", (4, 12)), ("recurrent_kernel", (3, 12)), ("bias", (12,))]
    np.testing.assert_array_equal(lstm.weights[2].numpy(), [0] * 3 + [1] * 3 + [0] * 6)
    gru = L.GRU(3)
    gru.build((None, 5, 4))
    assert [tuple(w.shape.as_list()) for w in gru.weights] == [(4, 9), (3, 9), (2, 9)]
    before = L.GRU(3, reset_after=False)
    before.build((None, 5, 4))
    assert tuple(before.cell.bias.shape.as_list()) == (9,)
    assert lstm.cell.name == "lstm_cell" and lstm.units == 3 and lstm.unit_forget_bias
    q = lstm.weights[1].numpy()  # [3, 12]: orthonormal rows (Orthogonal initializer)
    np.testing.assert_allclose(q @ q.T, np.eye(3), atol=1e-5)


LAYERS = [
    lambda: L.SimpleRNN(3, activation="relu", return_sequences=True, dropout=0.1),
    lambda: L.LSTM(3, unit_forget_bias=False, recurrent_activation="hard_sigmoid",
                   kernel_regularizer="l2", go_backwards=True, seed=3),
    lambda: L.GRU(3, reset_after=False, use_bias=False, return_state=True, stateful=False),
    lambda: L.RNN(L.LSTMCell(3), return_sequences=True, unroll=True),
    lambda: L.RNN([L.GRUCell(2), L.SimpleRNNCell(3)]),
    lambda: L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="ave"),
    lambda: L.Bidirectional(L.GRU(3), backward_layer=L.SimpleRNN(3, go_backwards=True)),
    lambda: L.TimeDistributed(L.Dense(3)),
]


@pytest.mark.parametrize("make", LAYERS)
def test_configs_round_trip(make):
    layer = make()
    config = layer.get_config()
    json.dumps(config)
    clone = L.deserialize(json.loads(json.dumps(L.serialize(layer))))
    assert type(clone) is type(layer) and clone.get_config() == config
    layer.build((None, 5, 4))
    clone.build((None, 5, 4))
    clone.set_weights(layer.get_weights())
    assert_all_close(as_list(clone(X)), as_list(layer(X)))


def test_config_keys_follow_keras():
    common = {"name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
              "stateful", "unroll", "zero_output_for_mask", "units", "activation", "use_bias",
              "kernel_initializer", "recurrent_initializer", "bias_initializer",
              "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
              "activity_regularizer", "kernel_constraint", "recurrent_constraint",
              "bias_constraint", "dropout", "recurrent_dropout"}
    assert set(L.SimpleRNN(2).get_config()) == common
    assert set(L.LSTM(2).get_config()) == common | {"recurrent_activation", "unit_forget_bias",
                                                    "seed"}
    assert set(L.GRU(2).get_config()) == common | {"recurrent_activation", "reset_after", "seed"}
    assert set(L.RNN(L.GRUCell(2)).get_config()) == {
        "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
        "stateful", "unroll", "zero_output_for_mask", "cell"}
    assert L.GRUCell(2).get_config()["reset_after"] is True
    assert L.LSTM(2, activity_regularizer="l2").get_config()["activity_regularizer"] is not None
    assert L.SimpleRNN(2, activity_regularizer="l2").get_config()["activity_regularizer"] is None


def test_errors():
    with pytest.raises(ValueError, match="positive integer"):
        L.LSTM(0)
    with pytest.raises(ValueError, match="use_cudnn"):
        L.GRU(2, use_cudnn="always")
    with pytest.raises(ValueError, match="cuDNN is not supported"):
        L.LSTM(2, use_cudnn=True)(X)
    with pytest.raises(ValueError, match="state_size"):
        L.RNN(L.Dense(2))
    with pytest.raises(ValueError, match="expected ndim=3"):
        L.LSTM(2)(X[:, 0])


# --- learning -------------------------------------------------------------------------------------
def test_lstm_learns_to_remember_the_first_token():
    """The class is the one-hot first step of a 10-step sequence; the other steps are noise."""
    rng = np.random.default_rng(0)

    def data(n):
        y = rng.integers(0, 3, n)
        x = rng.normal(size=(n, 10, 3)).astype(np.float32)
        x[:, 0] = np.eye(3, dtype=np.float32)[y] * 2.0
        return x, y.astype(np.int32)

    x_train, y_train = data(1024)
    x_test, y_test = data(512)
    lstm, head = L.LSTM(16), L.Dense(3)
    lstm.build((None, 10, 3))
    head.build((None, 16))
    params = lstm.trainable_weights + head.trainable_weights
    moments = [(tf.Variable(tf.zeros_like(p)), tf.Variable(tf.zeros_like(p))) for p in params]
    steps = tf.Variable(0.0)

    @tf.function
    def train(x, y):  # Adam (lr 0.01) written out
        with tf.GradientTape() as tape:
            logits = head(lstm(x, training=True))
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=y, logits=logits))
        grads = tape.gradient(loss, params)
        steps.assign_add(1.0)
        fix1, fix2 = 1 - 0.9 ** steps, 1 - 0.999 ** steps
        for p, g, (m, v) in zip(params, grads, moments):
            m.assign(0.9 * m + 0.1 * g)
            v.assign(0.999 * v + 0.001 * g * g)
            p.assign_sub(0.01 * (m / fix1) / (tf.sqrt(v / fix2) + 1e-7))
        return loss

    for _ in range(3):
        order = rng.permutation(len(x_train))
        for i in range(0, len(x_train), 64):
            batch = order[i:i + 64]
            train(tf.constant(x_train[batch]), tf.constant(y_train[batch]))
    predictions = np.argmax(np.asarray(head(lstm(x_test))), -1)
    assert np.mean(predictions == y_test) > 0.9
