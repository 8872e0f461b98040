"""Keras 3 reference snippets for the ConvLSTM1D/2D/3D, RMSNormalization and
SpectralNormalization layers: outputs for fixed weights (set with set_weights), weight
names/shapes/order, configs, serialization round trips and argument errors."""


def _x(shape, dtype="float32", scale=1.0) -> str:
    size = 1
    for d in shape:
        size *= d
    return (f"(np.sin(np.arange({size}) * 0.37 + 0.1) * {scale})"
            f".reshape({tuple(shape)}).astype('{dtype}')")


_SET_WEIGHTS = ("layer.set_weights([(np.cos(np.arange(w.size) * 0.53 + i) * 0.3 + 0.1 * i)"
                ".reshape(w.shape).astype(w.dtype) for i, w in enumerate(layer.get_weights())])")

_FORWARD = """
x = {x}
layer = tf.keras.layers.{ctor}
layer(x)
{set_weights}
out = layer(x)
out = list(out) if isinstance(out, (list, tuple)) else [out]
result = [out, [list(w.shape) for w in layer.weights], [w.name for w in layer.weights]]
"""

_CONFIG = """
config = tf.keras.layers.{ctor}.get_config()
config.pop('name')
result = config
"""

_ROUND_TRIP = """
x = {x}
layer = tf.keras.layers.{ctor}
layer(x)
{set_weights}
clone = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))
clone(x)
clone.set_weights(layer.get_weights())
result = [clone(x), type(clone).__name__]
"""

# name -> (constructor with an explicit name, input shape)
LAYERS = {
    "conv_lstm2d": ("ConvLSTM2D(3, 2, name='cl2')", (2, 3, 4, 4, 2)),
    "conv_lstm2d_sequences_state": ("ConvLSTM2D(2, 3, padding='same', return_sequences=True, "
                                    "return_state=True, name='cl2s')", (1, 3, 4, 5, 2)),
    "conv_lstm2d_strided": ("ConvLSTM2D(2, 3, strides=2, name='cl2t')", (2, 2, 5, 5, 1)),
    "conv_lstm2d_dilated": ("ConvLSTM2D(2, 2, dilation_rate=2, padding='same', "
                            "name='cl2d')", (1, 2, 5, 5, 1)),
    "conv_lstm2d_backwards_no_bias": ("ConvLSTM2D(2, 2, go_backwards=True, use_bias=False, "
                                      "activation='relu', name='cl2b')", (1, 3, 3, 3, 2)),
    "conv_lstm2d_channels_first": ("ConvLSTM2D(2, 2, data_format='channels_first', "
                                   "name='cl2f')", (1, 2, 3, 4, 4)),
    "conv_lstm1d": ("ConvLSTM1D(2, 3, name='cl1')", (2, 3, 6, 2)),
    "conv_lstm1d_hard_sigmoid": ("ConvLSTM1D(3, 2, recurrent_activation='hard_sigmoid', "
                                 "return_sequences=True, name='cl1h')", (1, 2, 4, 1)),
    "conv_lstm3d": ("ConvLSTM3D(2, 2, name='cl3')", (1, 2, 3, 3, 3, 1)),
    "rms_norm": ("RMSNormalization(name='rms')", (2, 3, 4)),
    "rms_norm_axes": ("RMSNormalization(axis=[1, 2], epsilon=0.1, name='rms2')", (2, 3, 4)),
    "spectral_dense": ("SpectralNormalization(tf.keras.layers.Dense(3, name='sd_d'), "
                       "name='sd')", (2, 4)),
}

SNIPPETS = {}
for _name, (_ctor, _shape) in LAYERS.items():
    _fill = {"x": _x(_shape), "ctor": _ctor, "set_weights": _SET_WEIGHTS}
    SNIPPETS[f"forward_{_name}"] = _FORWARD.format(**_fill)
    SNIPPETS[f"config_{_name}"] = _CONFIG.format(ctor=_ctor)
    SNIPPETS[f"round_trip_{_name}"] = _ROUND_TRIP.format(**_fill)

SNIPPETS.update({
    "conv_lstm2d_initial_bias": (
        "layer = tf.keras.layers.ConvLSTM2D(2, 2, name='cl2i')\n"
        f"layer({_x((1, 2, 3, 3, 1))})\nresult = layer.weights[2]"),
    "conv_lstm2d_no_forget_bias": (
        "layer = tf.keras.layers.ConvLSTM2D(2, 2, unit_forget_bias=False, name='cl2n')\n"
        f"layer({_x((1, 2, 3, 3, 1))})\nresult = layer.weights[2]"),
    "conv_lstm2d_functional_shape": (
        "inputs = tf.keras.Input((4, 6, 6, 2))\n"
        "out = tf.keras.layers.ConvLSTM2D(3, 3, strides=2, return_sequences=True, "
        "name='cl2fn')(inputs)\nresult = list(out.shape)"),
    "conv_lstm2d_functional_state_shapes": (
        "inputs = tf.keras.Input((4, 6, 6, 2))\n"
        "outs = tf.keras.layers.ConvLSTM2D(3, 3, padding='same', return_state=True, "
        "name='cl2fs')(inputs)\nresult = [list(o.shape) for o in outs]"),
    "conv_lstm2d_functional_dynamic_time": (
        "inputs = tf.keras.Input((None, 6, 6, 2))\n"
        "out = tf.keras.layers.ConvLSTM2D(3, 3, name='cl2dt')(inputs)\nresult = list(out.shape)"),
    "conv_lstm2d_strides_and_dilation": (
        "tf.keras.layers.ConvLSTM2D(2, 2, strides=2, dilation_rate=2, name='cl2e')"),
    "conv_lstm2d_bad_rank": (
        "layer = tf.keras.layers.ConvLSTM2D(2, 2, name='cl2r')\n"
        "result = layer(np.zeros((1, 3, 4, 4), 'float32'))"),
    "rms_norm_training_scale_trainable": (
        "layer = tf.keras.layers.RMSNormalization(name='rms3')\n"
        f"layer({_x((2, 3))})\n"
        "result = [len(layer.trainable_weights), layer.weights[0]]"),
    "spectral_dense_training": (
        "layer = tf.keras.layers.SpectralNormalization(tf.keras.layers.Dense(3, name='sdt_d'),"
        " name='sdt')\n"
        f"x = {_x((2, 4))}\nlayer(x)\n{_SET_WEIGHTS}\n"
        "out = layer(x, training=True)\n"
        "result = [out, layer.weights[0], layer.weights[1]]"),
    "spectral_power_iterations_zero": (
        "tf.keras.layers.SpectralNormalization(tf.keras.layers.Dense(3, name='sdz_d'), "
        "power_iterations=0, name='sdz')"),
    "spectral_no_kernel": (
        "layer = tf.keras.layers.SpectralNormalization(tf.keras.layers.ReLU(name='sdr_r'), "
        "name='sdr')\nresult = layer(np.ones((2, 3), 'float32'))"),
    "spectral_weight_names": (
        "layer = tf.keras.layers.SpectralNormalization(tf.keras.layers.Dense(3, name='sdn_d'),"
        " name='sdn')\nlayer(np.ones((2, 4), 'float32'))\n"
        "result = [[w.name for w in layer.weights], [w.name for w in layer.trainable_weights],"
        " [list(w.shape) for w in layer.weights]]"),
})

# --- ReversibleEmbedding, HashedCrossing, Pipeline -------------------------------------------
_REV = ("layer = tf.keras.layers.ReversibleEmbedding({args})\n"
        "ids = np.array([[1, 0, 3], [4, 2, 0]])\nlayer(ids)\n" + _SET_WEIGHTS + "\n"
        "vectors = " + _x((2, 3, 3)) + "\n"
        "result = [layer(ids), layer(vectors, reverse=True), [w.name for w in layer.weights],"
        " [list(w.shape) for w in layer.weights]]")
_CROSS = ("layer = tf.keras.layers.HashedCrossing({args})\n"
          "result = layer([{a}, {b}])")
SNIPPETS.update({
    "reversible_embedding_tied": _REV.format(args="5, 3, name='rev1'"),
    "reversible_embedding_untied_cap": _REV.format(
        args="5, 3, tie_weights=False, logit_soft_cap=0.5, name='rev2'"),
    "reversible_embedding_config": (
        "c = tf.keras.layers.ReversibleEmbedding(5, 3, tie_weights=False, reverse_dtype="
        "'float32', logit_soft_cap=2.0, mask_zero=True, name='rev3').get_config()\n"
        "c.pop('name')\nresult = c"),
    "reversible_embedding_round_trip": (
        "layer = tf.keras.layers.ReversibleEmbedding(5, 3, tie_weights=False, name='rev4')\n"
        "layer(np.array([[1]]))\n" + _SET_WEIGHTS + "\n"
        "clone = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))\n"
        "clone(np.array([[1]]))\nclone.set_weights(layer.get_weights())\n"
        "result = clone(np.ones((2, 3), 'float32'), reverse=True)"),
    "reversible_embedding_mask": (
        "layer = tf.keras.layers.ReversibleEmbedding(5, 3, mask_zero=True, name='rev5')\n"
        "out = layer(np.array([[1, 0, 2]]))\nresult = out._keras_mask"),
    "reversible_embedding_functional_reverse_shape": (
        "inputs = tf.keras.Input((4, 3))\n"
        "result = list(tf.keras.layers.ReversibleEmbedding(7, 3, name='rev6')(inputs, "
        "reverse=True).shape)"),
    "hashed_crossing_str_int": _CROSS.format(args="5, name='hc1'", a="tf.constant(['a', 'b', 'c'])",
                                             b="tf.constant([1, 2, 3])"),
    "hashed_crossing_column": _CROSS.format(args="100, name='hc2'",
                                            a="tf.constant([['x'], ['yy'], ['zzz']])",
                                            b="tf.constant([['p'], ['q'], ['x']])"),
    "hashed_crossing_ints": _CROSS.format(args="1000, name='hc3'",
                                          a="tf.constant([-1, 7, 123456789], 'int64')",
                                          b="tf.constant([0, 7, 5], 'int32')"),
    "hashed_crossing_scalar": _CROSS.format(args="7, name='hc4'", a="'x'", b="3"),
    "hashed_crossing_one_hot": _CROSS.format(args="4, output_mode='one_hot', name='hc5'",
                                             a="tf.constant([['a'], ['b']])",
                                             b="tf.constant([[1], [2]])"),
    "hashed_crossing_one_hot_1d": _CROSS.format(args="4, output_mode='one_hot', name='hc6'",
                                                a="tf.constant(['a', 'b'])",
                                                b="tf.constant(['c', 'd'])"),
    "hashed_crossing_three": (
        "layer = tf.keras.layers.HashedCrossing(50, name='hc7')\n"
        "result = layer([tf.constant(['a', 'b']), tf.constant([1, 2]), tf.constant(['c', 'd'])])"),
    "hashed_crossing_one_input": _CROSS.format(args="5, name='hc8'", a="tf.constant(['a'])",
                                               b="")[:-4] + "])",
    "hashed_crossing_bad_shape": _CROSS.format(args="5, name='hc9'",
                                               a="tf.constant([['a', 'b']])",
                                               b="tf.constant([['a', 'b']])"),
    "hashed_crossing_float": _CROSS.format(args="5, name='hc10'", a="tf.constant([1.0])",
                                           b="tf.constant([2.0])"),
    "hashed_crossing_bad_mode": "tf.keras.layers.HashedCrossing(5, output_mode='count', "
                                "name='hc11')",
    "hashed_crossing_functional_shapes": (
        "a = tf.keras.Input((1,), dtype='string')\nb = tf.keras.Input((1,), dtype='int64')\n"
        "c = tf.keras.Input((), dtype='string')\nd = tf.keras.Input((), dtype='int64')\n"
        "result = [list(tf.keras.layers.HashedCrossing(10, name='hcf1')([a, b]).shape),\n"
        "          list(tf.keras.layers.HashedCrossing(10, output_mode='one_hot', "
        "name='hcf2')([a, b]).shape),\n"
        "          list(tf.keras.layers.HashedCrossing(10, name='hcf3')([c, d]).shape)]"),
    "hashed_crossing_config": "tf.keras.layers.HashedCrossing(5, name='hc12').get_config()",
    "pipeline_forward": (
        "p = tf.keras.layers.Pipeline([tf.keras.layers.Rescaling(2.0, name='pr'), "
        "tf.keras.layers.Dropout(0.5, name='pd')], name='pipe')\n"
        "result = [p(np.ones((2, 3), 'float32'), training=False), len(p.layers)]"),
    "pipeline_config_round_trip": (
        "p = tf.keras.layers.Pipeline([tf.keras.layers.Rescaling(2.0, offset=1.0, name='pr2'),"
        " tf.keras.layers.Identity(name='pi2')], name='pipe2')\n"
        "clone = tf.keras.layers.deserialize(tf.keras.layers.serialize(p))\n"
        "result = [type(clone).__name__, [l.name for l in clone.layers], "
        "clone(np.ones((1, 2), 'float32'))]"),
})

# --- GroupQueryAttention ---------------------------------------------------------------------
_GQA = ("layer = tf.keras.layers.GroupQueryAttention({args})\n"
        "q = " + _x((2, 3, 8)) + "\nv = " + _x((2, 4, 8), scale=0.7) + "\n"
        "layer(q, v)\n" + _SET_WEIGHTS.replace("0.3", "0.2") + "\n"
        "out = layer(q, v, {call})\n"
        "result = [out, [w.name for w in layer.weights], [list(w.shape) for w in layer.weights]]")
SNIPPETS.update({
    "gqa_basic": _GQA.format(args="4, 4, 2, name='gqa1'", call=""),
    "gqa_scores": _GQA.format(args="2, 4, 1, name='gqa2'", call="return_attention_scores=True"),
    "gqa_causal": _GQA.format(args="3, 2, 2, name='gqa3'", call="use_causal_mask=True"),
    "gqa_no_bias_gate": _GQA.format(args="4, 6, 3, use_bias=False, use_gate=True, name='gqa4'",
                                    call=""),
    "gqa_mask": _GQA.format(args="4, 4, 2, name='gqa5'",
                            call="attention_mask=np.array([[[1, 1, 0, 1]] * 3] * 2, bool)"),
    "gqa_sliding_window": _GQA.format(args="4, 4, 2, sliding_window=2, name='gqa6'",
                                      call="use_causal_mask=True"),
    "gqa_dropout_inference": _GQA.format(args="4, 4, 2, dropout=0.3, name='gqa7'",
                                         call="training=False"),
    "gqa_config": ("c = tf.keras.layers.GroupQueryAttention(8, 4, 2, dropout=0.1, "
                   "flash_attention=False, name='gqa8').get_config()\nc.pop('name')\nresult = c"),
    "gqa_not_divisible": "tf.keras.layers.GroupQueryAttention(4, 3, 2, name='gqa9')",
    "gqa_round_trip": (
        "layer = tf.keras.layers.GroupQueryAttention(4, 4, 2, name='gqa10')\n"
        f"q = {_x((1, 3, 8))}\nlayer(q, q)\n{_SET_WEIGHTS}\n"
        "clone = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))\n"
        "clone(q, q)\nclone.set_weights(layer.get_weights())\n"
        "result = [tf.keras.layers.serialize(clone)['class_name'], clone(q, q)]"),
    "gqa_functional_shape": (
        "q = tf.keras.Input((5, 8))\nv = tf.keras.Input((7, 8))\n"
        "result = list(tf.keras.layers.GroupQueryAttention(4, 4, 2, name='gqa11')(q, v).shape)"),
})

# --- adaptive pooling ------------------------------------------------------------------------
_ADAPT = {
    "avg1d_10_4": ("AdaptiveAveragePooling1D(4, name='{n}')", (2, 10, 3)),
    "max1d_7_3": ("AdaptiveMaxPooling1D((3,), name='{n}')", (1, 7, 2)),
    "avg1d_upsample": ("AdaptiveAveragePooling1D(5, name='{n}')", (1, 3, 1)),
    "avg2d": ("AdaptiveAveragePooling2D((2, 3), name='{n}')", (2, 5, 7, 2)),
    "max2d": ("AdaptiveMaxPooling2D(3, name='{n}')", (1, 8, 5, 3)),
    "avg2d_channels_first": ("AdaptiveAveragePooling2D((3, 2), data_format='channels_first', "
                             "name='{n}')", (1, 2, 7, 5)),
    "max2d_channels_first": ("AdaptiveMaxPooling2D(2, data_format='channels_first', "
                             "name='{n}')", (1, 3, 5, 4)),
    "avg3d": ("AdaptiveAveragePooling3D((2, 2, 3), name='{n}')", (1, 5, 4, 7, 2)),
    "max3d": ("AdaptiveMaxPooling3D(2, name='{n}')", (1, 3, 5, 4, 1)),
}
for _i, (_name, (_ctor, _shape)) in enumerate(_ADAPT.items()):
    _ctor = _ctor.format(n=f"ap{_i}")
    SNIPPETS[f"adaptive_{_name}"] = (f"x = tf.constant({_x(_shape, scale=3.0)})\n"
                                     f"result = tf.keras.layers.{_ctor}(x)")
    SNIPPETS[f"adaptive_config_{_name}"] = (f"c = tf.keras.layers.{_ctor}.get_config()\n"
                                            "c.pop('name')\nresult = c")
SNIPPETS.update({
    "adaptive_op_avg_int_size": ("result = tf.keras.ops.adaptive_average_pool(tf.constant("
                                 f"{_x((1, 6, 9, 2))}), 4)"),
    "adaptive_op_max_int32": ("result = tf.keras.ops.adaptive_max_pool(tf.constant(np.arange("
                              "30, dtype='int32').reshape(1, 10, 3)), 4)"),
    "adaptive_op_avg_float64_cf": ("result = tf.keras.ops.adaptive_average_pool(tf.constant("
                                   f"{_x((1, 2, 9), 'float64')}), 4, "
                                   "data_format='channels_first')"),
    "adaptive_op_avg_int_error": ("result = tf.keras.ops.adaptive_average_pool(tf.ones((1, 4, 4,"
                                  " 1), 'int32'), 2)"),
    "adaptive_bad_size_1d": "tf.keras.layers.AdaptiveAveragePooling1D((2, 2), name='ap_e1')",
    "adaptive_bad_size_2d": "tf.keras.layers.AdaptiveMaxPooling2D((2, 2, 2), name='ap_e2')",
    "adaptive_bad_size_3d": "tf.keras.layers.AdaptiveMaxPooling3D('a', name='ap_e3')",
    "adaptive_functional_shape": (
        "inputs = tf.keras.Input((9, 9, 3))\n"
        "result = list(tf.keras.layers.AdaptiveMaxPooling2D((2, 4), name='ap_f')(inputs).shape)"),
    "adaptive_gradient": (
        f"x = tf.constant({_x((1, 5, 3, 1))})\n"
        "with tf.GradientTape(persistent=True) as tape:\n"
        "    tape.watch(x)\n"
        "    a = tf.reduce_sum(tf.keras.ops.adaptive_average_pool(x, (2, 2)) * "
        "tf.constant([[[[1.], [2.]], [[3.], [4.]]]]))\n"
        "    m = tf.reduce_sum(tf.keras.ops.adaptive_max_pool(x, (3, 2)))\n"
        "result = [tape.gradient(a, x), tape.gradient(m, x)]"),
})
