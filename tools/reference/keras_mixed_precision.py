"""Keras 3 reference snippets for mixed precision: dtype policies, layers under
"mixed_float16" (variable, compute and output dtypes), LossScaleOptimizer's dynamic scaling,
``keras.config`` round trips and errors. Every snippet that sets the global policy restores
"float32" before it ends."""

K = "tf.keras"


def mixed(body: str, policy: str = "mixed_float16") -> str:
    """`body` run under the global `policy`, restored to float32 however it ends."""
    inner = "\n".join("    " + line for line in body.strip().splitlines())
    return (f"{K}.mixed_precision.set_global_policy({policy!r})\ntry:\n{inner}\n"
            f"finally:\n    {K}.mixed_precision.set_global_policy('float32')")


def layer_dtypes(make: str, x: str) -> str:
    return mixed(f"layer = {make}\ny = layer({x})\n"
                 "result = [layer.dtype, layer.compute_dtype, layer.variable_dtype,\n"
                 "          layer.dtype_policy.name, y.dtype.name,\n"
                 "          [tf.as_dtype(w.dtype).name for w in layer.weights]]")


X4 = "np.ones((2, 4), 'float32')"
SNIPPETS = {
    # --- policies ------------------------------------------------------------------------
    "policy_mixed_float16": f"p = {K}.mixed_precision.Policy('mixed_float16')\n"
                            "result = [p.name, p.compute_dtype, p.variable_dtype, repr(p),\n"
                            "          p.get_config()]",
    "policy_mixed_bfloat16": f"p = {K}.DTypePolicy('mixed_bfloat16')\n"
                             "result = [p.name, p.compute_dtype, p.variable_dtype]",
    "policy_float64": f"p = {K}.DTypePolicy('float64')\n"
                      "result = [p.name, p.compute_dtype, p.variable_dtype]",
    "policy_default": f"p = {K}.DTypePolicy()\nresult = [p.name, str(p)]",
    "policy_eq": f"result = {K}.DTypePolicy('mixed_float16') == "
                 f"{K}.DTypePolicy('mixed_float16')",
    "policy_aliases": f"result = [{K}.mixed_precision.Policy is {K}.DTypePolicy,\n"
                      f"          {K}.mixed_precision.DTypePolicy is {K}.DTypePolicy,\n"
                      f"          {K}.dtype_policies.DTypePolicy is {K}.DTypePolicy,\n"
                      f"          {K}.optimizers.LossScaleOptimizer is "
                      f"{K}.mixed_precision.LossScaleOptimizer]",
    "policy_bad_name": f"{K}.mixed_precision.Policy('mixed_foo')",
    "global_policy_default": f"result = {K}.mixed_precision.global_policy().name",
    "set_global_policy_bad_type": f"{K}.mixed_precision.set_global_policy(3)",
    "set_global_policy_round_trip": mixed(
        f"result = [{K}.mixed_precision.global_policy().name, "
        f"{K}.config.dtype_policy().name]"),
    "set_dtype_policy_round_trip": f"{K}.config.set_dtype_policy('mixed_float16')\ntry:\n"
                                   f"    result = {K}.mixed_precision.global_policy().name\n"
                                   f"finally:\n    {K}.config.set_dtype_policy('float32')",
    "dtype_policies_serialize": f"p = {K}.DTypePolicy('mixed_float16')\n"
                                f"c = {K}.dtype_policies.serialize(p)\n"
                                f"q = {K}.dtype_policies.deserialize(c)\n"
                                "result = [c, q.name, type(q).__name__]",
    "dtype_policies_get": f"result = [{K}.dtype_policies.get('mixed_float16').name,\n"
                          f"          {K}.dtype_policies.get(None).name,\n"
                          f"          {K}.dtype_policies.get({{'class_name': 'DTypePolicy', "
                          f"'config': {{'name': 'float16'}}}}).compute_dtype]",
    "float_policy_serialize": f"result = {K}.dtype_policies.serialize("
                              f"{K}.FloatDTypePolicy('float16'))",
    # --- layers ----------------------------------------------------------------------------
    "dense_mixed": layer_dtypes(f"{K}.layers.Dense(3, name='mp_dense')", X4),
    "dense_mixed_kernel": mixed(f"layer = {K}.layers.Dense(3, name='mp_dense_k')\n"
                                f"layer({X4})\n"
                                "result = [tf.as_dtype(layer.kernel.dtype).name,\n"
                                "          tf.as_dtype(layer.bias.dtype).name,\n"
                                "          layer.get_config()['dtype']]"),
    "dense_policy_object": f"layer = {K}.layers.Dense(3, name='mp_dense_p', "
                           f"dtype={K}.DTypePolicy('mixed_float16'))\ny = layer({X4})\n"
                           "result = [layer.dtype, layer.compute_dtype, y.dtype.name,\n"
                           "          layer.get_config()['dtype']]",
    "dense_float16_dtype": f"layer = {K}.layers.Dense(3, name='mp_dense_h', dtype='float16')\n"
                           f"y = layer({X4})\n"
                           "result = [layer.dtype, layer.compute_dtype, y.dtype.name,\n"
                           "          layer.dtype_policy.name, layer.get_config()['dtype']]",
    "dense_bad_dtype": f"{K}.layers.Dense(2, dtype='mixed_foo', name='mp_bad')",
    "conv2d_mixed": layer_dtypes(f"{K}.layers.Conv2D(2, 3, name='mp_conv')",
                                 "np.ones((1, 5, 5, 1), 'float32')"),
    "batchnorm_mixed": mixed(f"layer = {K}.layers.BatchNormalization(name='mp_bn')\n"
                             "y = layer(np.ones((2, 3), 'float32'), training=True)\n"
                             "result = [layer.dtype, layer.compute_dtype, y.dtype.name,\n"
                             "          [tf.as_dtype(w.dtype).name for w in layer.weights]]"),
    "embedding_mixed": layer_dtypes(f"{K}.layers.Embedding(5, 3, name='mp_emb')",
                                    "np.array([[1, 2]])"),
    "layernorm_mixed": layer_dtypes(f"{K}.layers.LayerNormalization(name='mp_ln')",
                                    "np.ones((2, 3), 'float32')"),
    "mha_mixed": mixed(f"layer = {K}.layers.MultiHeadAttention(2, 4, name='mp_mha')\n"
                       "q = np.ones((1, 3, 8), 'float32')\ny = layer(q, q)\n"
                       "result = [y.dtype.name, layer.get_config()['dtype'],\n"
                       "          layer.query_dense.dtype_policy.name]"),
    "lstm_mixed": layer_dtypes(f"{K}.layers.LSTM(3, name='mp_lstm')",
                               "np.ones((2, 4, 3), 'float32')"),
    "spatial_dropout_config_mixed": mixed(
        f"result = {K}.layers.SpatialDropout1D(0.5, name='mp_sd1').get_config()['dtype']"),
    "softmax_float32_in_mixed": mixed(
        f"d = {K}.layers.Dense(3, name='mp_sd')\n"
        f"a = {K}.layers.Activation('softmax', dtype='float32', name='mp_sa')\n"
        f"h = d({X4})\ny = a(h)\n"
        "result = [h.dtype.name, y.dtype.name, a.dtype_policy.name, a.compute_dtype]"),
    "global_policy_only_new_layers": f"before = {K}.layers.Dense(2, name='mp_before')\n" + mixed(
        f"after = {K}.layers.Dense(2, name='mp_after')\n"
        "result = [before.dtype_policy.name, after.dtype_policy.name]"),
    "dense_mixed_values": mixed(
        f"layer = {K}.layers.Dense(2, name='mp_val', kernel_initializer='ones',\n"
        "                       bias_initializer='ones')\n"
        "y = layer(np.array([[0.5, 1.5, 2.0, 1.0]], 'float32'))\n"
        "result = y"),
    "model_mixed_outputs": mixed(
        f"inp = {K}.Input((4,), name='mp_in')\n"
        f"h = {K}.layers.Dense(8, activation='relu', name='mp_m1')(inp)\n"
        f"out = {K}.layers.Activation('softmax', dtype='float32', name='mp_m2')(\n"
        f"    {K}.layers.Dense(3, name='mp_m3')(h))\n"
        f"m = {K}.Model(inp, out, name='mp_model')\n"
        f"y = m({X4})\n"
        "result = [inp.dtype, h.dtype, out.dtype, y.dtype.name, m.dtype_policy.name,\n"
        "          [tf.as_dtype(w.dtype).name for w in m.weights]]"),
    "compile_wraps_loss_scale": mixed(
        f"m = {K}.Sequential([{K}.Input((4,)), {K}.layers.Dense(2, name='mp_c1')], "
        "name='mp_seq')\n"
        "m.compile('sgd', 'mse')\n"
        "result = [type(m.optimizer).__name__, type(m.optimizer.inner_optimizer).__name__,\n"
        "          m.optimizer.name]"),
    "compile_no_wrap_auto_scale_off": mixed(
        f"m = {K}.Sequential([{K}.Input((4,)), {K}.layers.Dense(2, name='mp_c2')], "
        "name='mp_seq2')\n"
        "m.compile('sgd', 'mse', auto_scale_loss=False)\n"
        "result = type(m.optimizer).__name__"),
    "compile_float32_no_wrap": f"m = {K}.Sequential([{K}.Input((4,)), "
                               f"{K}.layers.Dense(2, name='mp_c3')], name='mp_seq3')\n"
                               "m.compile('sgd', 'mse')\nresult = type(m.optimizer).__name__",
    "fit_mixed_float16": mixed(
        "rng = np.random.default_rng(0)\n"
        "x = rng.random((32, 4)).astype('float32')\n"
        "y = x[:, :2] * 2.0\n"
        f"m = {K}.Sequential([{K}.Input((4,)), {K}.layers.Dense(8, activation='relu', "
        "name='mp_f1'),\n"
        f"                    {K}.layers.Dense(2, name='mp_f2'),\n"
        f"                    {K}.layers.Activation('linear', dtype='float32', "
        "name='mp_f3')], name='mp_fit')\n"
        "m.compile('adam', 'mse')\n"
        "h = m.fit(x, y, epochs=2, batch_size=16, verbose=0)\n"
        "result = [bool(np.all(np.isfinite(h.history['loss']))),\n"
        "          [tf.as_dtype(w.dtype).name for w in m.weights],\n"
        "          type(m.optimizer).__name__,\n"
        "          m.predict(x[:2], verbose=0).dtype.name]"),
    # --- LossScaleOptimizer ----------------------------------------------------------------
    "lso_config": f"o = {K}.mixed_precision.LossScaleOptimizer({K}.optimizers.SGD(0.1), "
                  "name='lso_c')\nc = o.get_config()\n"
                  "result = [c['name'], c['initial_scale'], c['dynamic_growth_steps'],\n"
                  "          c['inner_optimizer']['class_name'], o.initial_scale,\n"
                  "          o.dynamic_growth_steps]",
    "lso_from_config": f"o = {K}.mixed_precision.LossScaleOptimizer({K}.optimizers.SGD(0.1), "
                       "initial_scale=8.0, name='lso_fc')\n"
                       f"p = {K}.mixed_precision.LossScaleOptimizer.from_config(o.get_config())\n"
                       "result = [type(p.inner_optimizer).__name__, p.initial_scale, p.name]",
    "lso_scale_loss_unbuilt": f"o = {K}.mixed_precision.LossScaleOptimizer("
                              f"{K}.optimizers.SGD(0.5))\n"
                              "result = [float(o.scale_loss(tf.constant(2.0))), o.built]",
    "lso_steps": f"o = {K}.mixed_precision.LossScaleOptimizer({K}.optimizers.SGD(0.5, "
                 "name='sgd_in'), "
                 "dynamic_growth_steps=2, name='lso_s')\n"
                 f"v = {K}.Variable(np.ones(2, 'float32'), name='v')\n"
                 "g = tf.constant([1.0, 2.0])\n"
                 "out = []\n"
                 "for grad in [g, tf.constant([np.inf, 2.0]), g, g, tf.constant([np.nan, 0.0])]:\n"
                 "    o.apply_gradients([(grad, v)])\n"
                 "    out.append([v.numpy().tolist(), float(o.dynamic_scale.numpy()),\n"
                 "                int(o.step_counter.numpy()), int(o.iterations.numpy())])\n"
                 "result = [out, [x.path for x in o.variables], float(o.scale_loss(2.0))]",
    "lso_check_finite": f"o = {K}.mixed_precision.LossScaleOptimizer({K}.optimizers.SGD())\n"
                        "result = [bool(o.check_finite([tf.constant([1.0, np.nan])])),\n"
                        "          bool(o.check_finite([tf.constant([1.0]), tf.ones((2, 2))]))]",
    "lso_tf_function": f"o = {K}.mixed_precision.LossScaleOptimizer({K}.optimizers.SGD(0.5), "
                       "name='lso_tf')\n"
                       f"v = {K}.Variable(np.ones(2, 'float32'), name='w')\n"
                       "@tf.function\n"
                       "def step(g):\n"
                       "    o.apply_gradients([(g, v)])\n"
                       "step(tf.constant([1.0, 2.0]))\nstep(tf.constant([np.inf, 1.0]))\n"
                       "result = [v.numpy(), float(o.dynamic_scale.numpy()),\n"
                       "          int(o.iterations.numpy())]",
    "lso_bad_inner": f"{K}.mixed_precision.LossScaleOptimizer('sgd')",
    # --- keras.config ----------------------------------------------------------------------
    "config_floatx_epsilon": f"c = {K}.config\n"
                             "result = [c.floatx(), c.epsilon(), c.image_data_format(), "
                             "c.backend()]",
    "config_set_round_trip": f"c = {K}.config\nc.set_epsilon(1e-5)\n"
                             "c.set_image_data_format('channels_first')\n"
                             "try:\n    result = [c.epsilon(), c.image_data_format()]\n"
                             "finally:\n    c.set_epsilon(1e-7)\n"
                             "    c.set_image_data_format('channels_last')",
    "config_interactive_logging": f"c = {K}.config\nc.disable_interactive_logging()\n"
                                  "a = c.is_interactive_logging_enabled()\n"
                                  "c.enable_interactive_logging()\n"
                                  "result = [a, c.is_interactive_logging_enabled()]",
    "config_misc": f"c = {K}.config\nresult = [c.max_epochs(), c.max_steps_per_epoch(),\n"
                   "          c.is_traceback_filtering_enabled(), c.is_nnx_enabled()]",
    "config_bad_floatx": f"{K}.config.set_floatx('float8')",
    "config_bad_data_format": f"{K}.config.set_image_data_format('nhwc')",
}
