"""Keras 3 reference snippets: recurrent layers (SimpleRNN, LSTM, GRU, their cells, RNN,
stacked cells, Bidirectional, TimeDistributed) and attention layers (MultiHeadAttention,
Attention, AdditiveAttention, EinsumDense): outputs for fixed weights, masks, graphs,
functional shapes, weights, configs and errors."""

# Weights are set explicitly (deterministic NumPy draws), so the snippets pin the formulas.
_SETUP = """
def setw(layer, seed):
    r = np.random.RandomState(seed)
    layer.set_weights([(r.standard_normal(np.shape(w)) * 0.5).astype('float32')
                       for w in layer.get_weights()])
x = np.random.RandomState(1).standard_normal((3, 5, 4)).astype('float32')
mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 1, 1, 0]], bool)
L = tf.keras.layers
"""

_RNNS = {
    "lstm": "L.LSTM(3{kw})",
    "gru": "L.GRU(3{kw})",
    "gru_reset_before": "L.GRU(3, reset_after=False{kw})",
    "simple_rnn": "L.SimpleRNN(3{kw})",
}

SNIPPETS = {}

for _name, _make in _RNNS.items():
    for _seq in (False, True):
        for _state in (False, True):
            for _back in (False, True):
                _kw = f", return_sequences={_seq}, return_state={_state}, go_backwards={_back}"
                SNIPPETS[f"{_name}_seq{int(_seq)}_state{int(_state)}_back{int(_back)}"] = (
                    _SETUP + f"layer = {_make.format(kw=_kw)}\nlayer.build((None, 5, 4))\n"
                    f"setw(layer, 3)\nresult = layer(x)\n")
    for _zero in (False, True):
        SNIPPETS[f"{_name}_mask_zero{int(_zero)}"] = (
            _SETUP + f"layer = {_make.format(kw=', return_sequences=True, return_state=True')}\n"
            f"layer.zero_output_for_mask = {_zero}\nlayer.build((None, 5, 4))\nsetw(layer, 4)\n"
            f"result = layer(x, mask=mask)\n")
    SNIPPETS[f"{_name}_mask_backwards_last"] = (
        _SETUP + f"layer = {_make.format(kw=', go_backwards=True')}\nlayer.build((None, 5, 4))\n"
        f"setw(layer, 5)\nresult = layer(x, mask=mask)\n")
    SNIPPETS[f"{_name}_graph"] = (
        _SETUP + f"layer = {_make.format(kw=', return_sequences=True')}\n"
        f"layer.build((None, 5, 4))\nsetw(layer, 6)\n"
        f"result = tf.function(lambda a: layer(a))(tf.constant(x))\n")
    for _time in (5, None):
        SNIPPETS[f"{_name}_functional_time{_time}"] = (
            _SETUP + f"inp = tf.keras.Input(({_time}, 4))\n"
            f"layer = {_make.format(kw=', return_sequences=True, return_state=True')}\n"
            f"out = layer(inp)\nmodel = tf.keras.Model(inp, out)\nsetw(layer, 7)\n"
            f"result = [[list(t.shape) for t in out], model(x)]\n")
    SNIPPETS[f"{_name}_weights"] = (
        _SETUP + f"layer = {_make.format(kw='')}\nlayer.build((None, 5, 4))\n"
        "result = [[w.name, [int(d) for d in w.shape]] for w in layer.weights]\n")
    SNIPPETS[f"{_name}_config_keys"] = (
        _SETUP + f"result = sorted({_make.format(kw='')}.get_config())\n")
    SNIPPETS[f"{_name}_config_values"] = (
        _SETUP + f"c = {_make.format(kw='')}.get_config()\n"
        "result = {k: v for k, v in c.items() if k not in ('name',)}\n")

SNIPPETS.update({
    "cell_configs": _SETUP + (
        "result = [{k: v for k, v in c.get_config().items() if k != 'name'} for c in "
        "[L.SimpleRNNCell(2), L.LSTMCell(2), L.GRUCell(2, reset_after=False)]]\n"),
    "cell_names": _SETUP + (
        "result = [L.LSTM(2).cell.name, L.GRU(2).cell.name, L.SimpleRNN(2).cell.name]\n"),
    "lstm_unit_forget_bias_init": _SETUP + (
        "layer = L.LSTM(2)\nlayer.build((None, 5, 4))\n"
        "result = tf.convert_to_tensor(layer.weights[2])\n"),
    "lstm_no_forget_bias_init": _SETUP + (
        "layer = L.LSTM(2, unit_forget_bias=False, bias_initializer='ones')\n"
        "layer.build((None, 5, 4))\nresult = tf.convert_to_tensor(layer.weights[2])\n"),
    "lstm_options": _SETUP + (
        "layer = L.LSTM(3, return_sequences=True, unroll=True, activation='relu', "
        "recurrent_activation='hard_sigmoid', use_bias=False)\nlayer.build((None, 5, 4))\n"
        "setw(layer, 8)\nresult = layer(x)\n"),
    "gru_no_bias": _SETUP + (
        "layer = L.GRU(3, use_bias=False, reset_after=False)\nlayer.build((None, 5, 4))\n"
        "setw(layer, 9)\nresult = layer(x)\n"),
    "lstm_initial_state": _SETUP + (
        "layer = L.LSTM(3, return_state=True)\nlayer.build((None, 5, 4))\nsetw(layer, 10)\n"
        "r = np.random.RandomState(2)\nh0 = r.standard_normal((3, 3)).astype('float32')\n"
        "c0 = r.standard_normal((3, 3)).astype('float32')\n"
        "result = layer(x, initial_state=[h0, c0])\n"),
    "gru_stateful": _SETUP + (
        "layer = L.GRU(3, stateful=True, return_sequences=True)\nlayer.build((3, 5, 4))\n"
        "setw(layer, 11)\nfirst = layer(x)\nsecond = layer(x)\nlayer.reset_state()\n"
        "result = [first, second, layer(x)]\n"),
    "stacked_cells": _SETUP + (
        "layer = L.RNN([L.LSTMCell(3), L.GRUCell(2), L.SimpleRNNCell(4)], "
        "return_sequences=True, return_state=True)\nlayer.build((None, 5, 4))\n"
        "setw(layer, 12)\nresult = layer(x)\n"),
    "stacked_cells_config": _SETUP + (
        "c = L.RNN([L.LSTMCell(3), L.GRUCell(2)]).get_config()\n"
        "result = [sorted(c), c['cell']['class_name'], "
        "[d['class_name'] for d in c['cell']['config']['cells']]]\n"),
    "rnn_simple_cell": _SETUP + (
        "layer = L.RNN(L.SimpleRNNCell(3, activation='relu'), go_backwards=True, "
        "return_sequences=True)\nlayer.build((None, 5, 4))\nsetw(layer, 13)\n"
        "result = layer(x)\n"),
    "cell_call": _SETUP + (
        "cell = L.LSTMCell(3)\ncell.build((None, 4))\nsetw(cell, 14)\n"
        "h = np.ones((3, 3), 'float32')\nresult = cell(x[:, 0], [h, h * 0.5])\n"),
    "time_distributed_dense": _SETUP + (
        "layer = L.TimeDistributed(L.Dense(2, activation='tanh'))\nlayer.build((None, 5, 4))\n"
        "setw(layer, 15)\nresult = [layer(x), [w.name for w in layer.weights]]\n"),
    "time_distributed_functional": _SETUP + (
        "inp = tf.keras.Input((None, 4))\nout = L.TimeDistributed(L.Dense(6))(inp)\n"
        "result = list(out.shape)\n"),
    "time_distributed_config": _SETUP + (
        "c = L.TimeDistributed(L.Dense(2)).get_config()\n"
        "result = [sorted(c), c['layer']['class_name']]\n"),
    "bidirectional_config": _SETUP + (
        "c = L.Bidirectional(L.GRU(2, return_sequences=True), merge_mode='sum').get_config()\n"
        "result = [sorted(c), c['merge_mode'], c['layer']['config']['go_backwards'], "
        "c['backward_layer']['config']['go_backwards'], "
        "c['layer']['config']['zero_output_for_mask']]\n"),
    "bidirectional_backward_layer": _SETUP + (
        "layer = L.Bidirectional(L.GRU(3, return_sequences=True), "
        "backward_layer=L.SimpleRNN(3, return_sequences=True, go_backwards=True))\n"
        "layer.build((None, 5, 4))\nsetw(layer, 16)\nresult = layer(x)\n"),
    "bidirectional_weights": _SETUP + (
        "layer = L.Bidirectional(L.LSTM(2))\nlayer.build((None, 5, 4))\n"
        "result = [[w.name, [int(d) for d in w.shape]] for w in layer.weights]\n"),
    "bidirectional_functional": _SETUP + (
        "inp = tf.keras.Input((None, 4))\n"
        "out = L.Bidirectional(L.LSTM(3, return_sequences=True, return_state=True))(inp)\n"
        "result = [list(t.shape) for t in out]\n"),
    "embedding_mask_lstm": _SETUP + (
        "ids = np.array([[3, 1, 2, 0, 0], [4, 4, 1, 2, 1], [2, 0, 0, 0, 0]])\n"
        "emb = L.Embedding(5, 4, mask_zero=True)\nlayer = L.LSTM(3, return_sequences=True)\n"
        "emb.build((None, 5))\nlayer.build((None, 5, 4))\nsetw(emb, 18)\nsetw(layer, 19)\n"
        "result = [layer(emb(ids)), L.GRU(2, go_backwards=True)(emb(ids)) * 0]\n"),
    "embedding_mask_bidirectional_model": _SETUP + (
        "ids = np.array([[3, 1, 2, 0, 0], [4, 4, 1, 2, 1], [2, 0, 0, 0, 0]])\n"
        "inp = tf.keras.Input((5,), dtype='int32')\nemb = L.Embedding(5, 4, mask_zero=True)\n"
        "bi = L.Bidirectional(L.SimpleRNN(3, return_sequences=True))\n"
        "last = L.LSTM(2)\nmodel = tf.keras.Model(inp, last(bi(emb(inp))))\n"
        "setw(emb, 20)\nsetw(bi, 21)\nsetw(last, 22)\n"
        "result = [model(ids), bi(emb(ids))]\n"),
    "error_units": "tf.keras.layers.LSTM(0)",
    "error_gru_units": "tf.keras.layers.GRUCell(-1)",
    "error_merge_mode": "tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2), merge_mode='x')",
    "error_bidirectional_not_layer": "tf.keras.layers.Bidirectional(3)",
    "error_same_direction": (
        "tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2), "
        "backward_layer=tf.keras.layers.LSTM(2))"),
    "error_use_cudnn_value": "tf.keras.layers.LSTM(2, use_cudnn='yes')",
    "error_use_cudnn_true": (
        "tf.keras.layers.GRU(2, use_cudnn=True)(np.ones((1, 3, 2), 'float32'))"),
    "unroll_unknown_time_functional": (
        "list(tf.keras.layers.LSTM(2, unroll=True)(tf.keras.Input((None, 3))).shape)"),
    "error_time_distributed_rank": (
        "tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(2))(np.ones((2, 3), 'float32'))"),
    "error_rnn_no_state_size": "tf.keras.layers.RNN(tf.keras.layers.Dense(2))",
})

for _mode in ("concat", "sum", "mul", "ave", None):
    for _seq in (False, True):
        SNIPPETS[f"bidirectional_{_mode}_seq{int(_seq)}"] = _SETUP + (
            f"layer = L.Bidirectional(L.LSTM(3, return_sequences={_seq}, return_state=True), "
            f"merge_mode={_mode!r})\nlayer.build((None, 5, 4))\nsetw(layer, 17)\n"
            f"result = layer(x)\n")

# --- attention ---------------------------------------------------------------------------------
_ATT = """
def setw(layer, seed):
    r = np.random.RandomState(seed)
    layer.set_weights([(r.standard_normal(np.shape(w)) * 0.4).astype('float32')
                       for w in layer.get_weights()])
r = np.random.RandomState(3)
q = r.standard_normal((2, 4, 5)).astype('float32')
v = r.standard_normal((2, 6, 5)).astype('float32')
k = r.standard_normal((2, 6, 3)).astype('float32')
vm = np.array([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]], bool)
am = np.ones((2, 4, 6), bool)
am[1, 2, :] = False
L = tf.keras.layers
"""

_MHA_CALLS = {
    "plain": ("", "layer(q, v)"),
    "key": ("", "layer(q, v, key=k)"),
    "scores": ("", "layer(q, v, return_attention_scores=True)"),
    "value_mask": ("", "layer(q, v, value_mask=vm)"),
    "attention_mask": ("", "layer(q, v, attention_mask=am)"),
    "attention_mask_scores": ("", "layer(q, v, attention_mask=am, return_attention_scores=True)"),
    "causal": ("", "layer(q, v, use_causal_mask=True)"),
    "causal_scores": ("", "layer(q, v, use_causal_mask=True, return_attention_scores=True)"),
    "causal_value_mask": ("", "layer(q, v, value_mask=vm, use_causal_mask=True)"),
    "value_dim_output_shape": (", value_dim=4, output_shape=7, use_bias=False",
                               "layer(q, v)"),
    "output_shape_2d": (", output_shape=(2, 3)", "layer(q, v)"),
    "gate_sliding_window": (", use_gate=True, sliding_window=2", "layer(q, v)"),
    "dropout_inference": (", dropout=0.5", "layer(q, v, attention_mask=am)"),
    "graph": ("", ("tf.function(lambda a, b: layer(a, b, use_causal_mask=True))("
                   "tf.constant(q), tf.constant(v))")),
}

for _name, (_kw, _call) in _MHA_CALLS.items():
    _key = "(2, 6, 3)" if _name == "key" else "None"
    SNIPPETS[f"mha_{_name}"] = _ATT + (
        f"layer = L.MultiHeadAttention(2, 3{_kw})\nlayer.build(q.shape, v.shape, {_key})\n"
        f"setw(layer, 5)\nresult = {_call}\n")

SNIPPETS.update({
    "mha_attention_axes": _ATT + (
        "q4 = r.standard_normal((2, 3, 4, 5)).astype('float32')\n"
        "layer = L.MultiHeadAttention(2, 3, attention_axes=(1, 2))\n"
        "layer.build(q4.shape, q4.shape)\nsetw(layer, 6)\n"
        "result = layer(q4, q4, return_attention_scores=True)\n"),
    "mha_weights": _ATT + (
        "layer = L.MultiHeadAttention(2, 3, value_dim=4)\nlayer.build(q.shape, v.shape)\n"
        "result = [[w.name, [int(d) for d in w.shape]] for w in layer.weights]\n"),
    "mha_weights_after_call": _ATT + (
        "layer = L.MultiHeadAttention(3, 2, use_bias=False)\nlayer(q, v)\n"
        "result = [[int(d) for d in w.shape] for w in layer.weights]\n"),
    "mha_config": _ATT + (
        "layer = L.MultiHeadAttention(2, 3, output_shape=7)\nlayer.build(q.shape, v.shape)\n"
        "result = {k: val for k, val in layer.get_config().items() if k != 'name'}\n"),
    "mha_config_unbuilt": _ATT + (
        "result = {k: val for k, val in L.MultiHeadAttention(4, 8).get_config().items() "
        "if k not in ('name',)}\n"),
    "mha_functional": _ATT + (
        "qi = tf.keras.Input((None, 5))\nvi = tf.keras.Input((None, 5))\n"
        "out = L.MultiHeadAttention(2, 3)(qi, vi, return_attention_scores=True)\n"
        "result = [list(t.shape) for t in out]\n"),
    "attention_dot": _ATT + (
        "layer = L.Attention()\nresult = layer([q, v], return_attention_scores=True)\n"),
    "attention_scale_masks": _ATT + (
        "layer = L.Attention(use_scale=True)\nlayer.build([q.shape, v.shape])\n"
        "layer.set_weights([np.float32(1.7)])\n"
        "qm = np.array([[1, 1, 0, 1]] * 2, bool)\n"
        "result = layer([q, v, v], mask=[qm, vm], return_attention_scores=True)\n"),
    "attention_causal": _ATT + (
        "result = L.Attention()([q, v], mask=[None, vm], use_causal_mask=True)\n"),
    "attention_concat": _ATT + (
        "layer = L.Attention(score_mode='concat', use_scale=True)\n"
        "layer.build([q.shape, v.shape])\nlayer.set_weights([np.float32(0.7), np.float32(1.3)])\n"
        "result = [layer([q, v]), [w.name for w in layer.weights]]\n"),
    "attention_config": (
        "c = tf.keras.layers.Attention(use_scale=True, dropout=0.1).get_config()\n"
        "result = {k: val for k, val in c.items() if k != 'name'}\n"),
    "additive_attention": _ATT + (
        "layer = L.AdditiveAttention()\nlayer.build([q.shape, v.shape])\nsetw(layer, 7)\n"
        "result = layer([q, v], return_attention_scores=True)\n"),
    "additive_attention_no_scale": _ATT + (
        "result = L.AdditiveAttention(use_scale=False)([q, v], mask=[None, vm])\n"),
    "additive_attention_config": (
        "sorted(tf.keras.layers.AdditiveAttention().get_config())"),
    "einsum_dense": _ATT + (
        "layer = L.EinsumDense('abc,cde->abde', output_shape=(None, 2, 3), bias_axes='e')\n"
        "layer.build(q.shape)\nsetw(layer, 8)\n"
        "result = [layer(q), [[int(d) for d in w.shape] for w in layer.weights]]\n"),
    "einsum_dense_ellipsis": _ATT + (
        "layer = L.EinsumDense('...b,bc->...c', output_shape=4, bias_axes='c', "
        "activation='relu')\nlayer.build(q.shape)\nsetw(layer, 9)\nresult = layer(q)\n"),
    "einsum_dense_config": _ATT + (
        "c = L.EinsumDense('ab,bc->ac', output_shape=3).get_config()\n"
        "result = {k: val for k, val in c.items() if k != 'name'}\n"),
    "mha_embedding_masks": _ATT + (
        "ids = np.array([[3, 1, 2, 0], [4, 4, 1, 2]])\nvids = np.array([[1, 2, 0, 0, 0, 0],"
        " [1, 1, 1, 1, 2, 0]])\nemb = L.Embedding(5, 5, mask_zero=True)\nemb.build((None, 4))\n"
        "setw(emb, 10)\nlayer = L.MultiHeadAttention(2, 3)\n"
        "layer.build((2, 4, 5), (2, 6, 5))\nsetw(layer, 11)\n"
        "result = layer(emb(ids), emb(vids), return_attention_scores=True)\n"),
    "attention_embedding_masks": _ATT + (
        "ids = np.array([[3, 1, 2, 0], [4, 4, 1, 2]])\nvids = np.array([[1, 2, 0, 0, 0, 0],"
        " [1, 1, 1, 1, 2, 0]])\nemb = L.Embedding(5, 5, mask_zero=True)\nemb.build((None, 4))\n"
        "setw(emb, 12)\nresult = L.Attention()([emb(ids), emb(vids)])\n"),
    "error_mha_heads": "tf.keras.layers.MultiHeadAttention(0, 2)",
    "error_mha_value_dim": "tf.keras.layers.MultiHeadAttention(2, 2, value_dim=-1)",
    "error_attention_score_mode": "tf.keras.layers.Attention(score_mode='x')",
    "error_attention_not_list": (
        "tf.keras.layers.Attention()(np.ones((1, 2, 3), 'float32'))"),
    "error_einsum_equation": (
        "tf.keras.layers.EinsumDense('ab->b', output_shape=2)(np.ones((1, 2), 'float32'))"),
})
