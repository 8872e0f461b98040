"""Keras 3 reference snippets for ``tf.keras.StatelessScope``, ``SymbolicScope``,
``RematScope``, ``remat``, ``Function``, ``Operation`` and ``Quantizer``."""

K = "tf.keras"
VARS = (f"v = {K}.Variable(1.0, name='sv')\nw = {K}.Variable([1.0, 2.0], name='sw')\n")
OPS = f"""class Scale({K}.Operation):
    def __init__(self, factor=2.0, name=None):
        super().__init__(name=name)
        self.factor = factor
    def call(self, x):
        return x * self.factor
    def compute_output_spec(self, x):
        return {K}.KerasTensor(x.shape, x.dtype)
class AddOne({K}.Operation):
    def call(self, x):
        return x + 1.0
"""

SNIPPETS = {
    # --- StatelessScope ----------------------------------------------------------------------
    "stateless_read_mapped": VARS + f"with {K}.StatelessScope(state_mapping=[(v, 5.0)]):\n"
                             "    r = [v.numpy(), v + 1.0, w.numpy()]\nresult = r",
    "stateless_assign_collected": VARS + f"with {K}.StatelessScope([(v, 5.0)]) as s:\n"
                                  "    v.assign(7.0)\n    w.assign_add([1.0, 1.0])\n"
                                  "    inside = [v.numpy(), w.numpy()]\n"
                                  "result = [inside, v.numpy(), w.numpy(),\n"
                                  "          s.get_current_value(v), s.get_current_value(w)]",
    "stateless_current_value_inside": VARS + f"with {K}.StatelessScope([(v, 3.0)]) as s:\n"
                                      "    a = s.get_current_value(v)\n    v.assign_sub(1.0)\n"
                                      "    b = s.get_current_value(v)\nresult = [a, b]",
    "stateless_untouched_is_none": VARS + f"with {K}.StatelessScope() as s:\n    pass\n"
                                   "result = [s.get_current_value(v) is None, v.numpy()]",
    "stateless_add_update": VARS + f"with {K}.StatelessScope() as s:\n"
                            "    s.add_update((v, 4.0))\n"
                            "result = [v.numpy(), s.get_current_value(v)]",
    "stateless_layer_forward": f"d = {K}.layers.Dense(1, use_bias=False, name='sl_dense',\n"
                               "                     kernel_initializer='ones')\n"
                               "d.build((None, 2))\n"
                               f"with {K}.StatelessScope([(d.kernel, [[2.0], [3.0]])]):\n"
                               "    y = d(tf.ones((1, 2)))\n"
                               "result = [y, d(tf.ones((1, 2)))]",
    "stateless_attrs": f"s = {K}.StatelessScope(collect_losses=True, initialize_variables=False)\n"
                       "result = [s.collect_losses, s.initialize_variables, s.losses]",
    "stateless_collect_losses": f"class L({K}.layers.Layer):\n    def call(self, x):\n"
                                "        self.add_loss(tf.reduce_sum(x))\n        return x\n"
                                "l = L(name='sl_loss')\n"
                                f"with {K}.StatelessScope(collect_losses=True) as s:\n"
                                "    l(tf.ones((2,)))\nresult = [s.losses, len(l.losses)]",
    "stateless_bad_shape": VARS + f"with {K}.StatelessScope([(v, [1.0, 2.0])]):\n    pass\n"
                           "result = 0",
    "stateless_bad_key": f"with {K}.StatelessScope([(1.0, 2.0)]):\n    pass\nresult = 0",
    "stateless_restores_after_error": VARS + "try:\n"
                                      f"    with {K}.StatelessScope([(v, 9.0)]):\n"
                                      "        raise KeyError('x')\nexcept KeyError:\n    pass\n"
                                      "result = v.numpy()",
    "stateless_nested": VARS + f"with {K}.StatelessScope([(v, 5.0)]) as outer:\n"
                        f"    with {K}.StatelessScope([(v, 6.0)]) as inner:\n"
                        "        a = v.numpy()\n        v.assign(8.0)\n    b = v.numpy()\n"
                        "result = [a, b, v.numpy(), inner.get_current_value(v),\n"
                        "          outer.get_current_value(v)]",
    # --- SymbolicScope, RematScope, remat ----------------------------------------------------
    "symbolic_scope_enters": f"with {K}.SymbolicScope() as s:\n    x = tf.constant(2.0) * 3\n"
                             f"result = [type(s).__name__, x]",
    "remat_scope_defaults": f"with {K}.RematScope() as s:\n    pass\n"
                            "result = [s.mode, s.output_size_threshold, s.layer_names]",
    "remat_scope_args": f"s = {K}.RematScope(mode='list_of_layers', layer_names=['a'])\n"
                        "result = [s.mode, s.layer_names]",
    "remat_scope_larger_than": f"s = {K}.RematScope(mode='larger_than', "
                               "output_size_threshold=10)\nresult = [s.mode, "
                               "s.output_size_threshold]",
    "remat_scope_none": f"result = {K}.RematScope(mode=None).mode",
    "remat_scope_bad_mode": f"{K}.RematScope(mode='bad')",
    "remat_value": f"result = {K}.remat(lambda a: a * a + 1.0)(tf.constant([1.0, 2.0]))",
    "remat_gradient": f"f = {K}.remat(lambda a: tf.sin(a) * a)\n"
                      "x = tf.constant([0.5, 1.5], tf.float64)\n"
                      "with tf.GradientTape() as t:\n    t.watch(x)\n    y = f(x)\n"
                      "result = t.gradient(y, x)",
    "remat_in_layer_scope": f"d = {K}.layers.Dense(2, kernel_initializer='ones', "
                            "name='remat_dense')\n"
                            f"with {K}.RematScope(mode='full'):\n    y = d(tf.ones((1, 3)))\n"
                            "result = y",
    # --- Operation ---------------------------------------------------------------------------
    "operation_eager": OPS + "result = Scale(3.0, name='sc_a')(tf.constant([1.0, 2.0]))",
    "operation_names": OPS + "a = Scale()\nb = Scale()\n"
                       "result = [a.name.startswith('scale'), b.name != a.name, "
                       "Scale(name='x1').name]",
    "operation_config": OPS + "result = Scale(3.0, name='sc_b').get_config()",
    "operation_from_config": OPS + "op = Scale.from_config({'factor': 4.0, 'name': 'sc_c'})\n"
                             "result = [op.name, op.factor, op(tf.constant(1.0))]",
    "operation_symbolic": OPS + f"x = {K}.Input((3,), name='op_in')\n"
                          "y = Scale(3.0, name='sc_d')(x)\n"
                          "result = [type(y).__name__, y.shape, y.dtype]",
    "operation_symbolic_traced": OPS + f"x = {K}.Input((3,), dtype='float64', name='op_in2')\n"
                                 "y = AddOne(name='ao_a')(x)\nresult = [y.shape, y.dtype]",
    "operation_in_model": OPS + f"x = {K}.Input((3,), name='op_in3')\n"
                          "y = AddOne(name='ao_b')(Scale(2.0, name='sc_e')(x))\n"
                          f"m = {K}.Model(x, y, name='op_model')\n"
                          "result = [m(np.ones((2, 3), np.float32)), len(m.layers)]",
    "operation_base_call": f"{K}.Operation(name='base_op')(tf.constant(1.0))",
    "operation_base_name": f"result = {K}.Operation().name.startswith('operation')",
    "operation_bad_name": f"{K}.Operation(name='a/b')",
    "operation_compute_output_spec": OPS + f"s = Scale(name='sc_f').compute_output_spec("
                                     f"{K}.KerasTensor((None, 4)))\nresult = [s.shape, s.dtype]",
    # --- Function ----------------------------------------------------------------------------
    "function_call": OPS + f"x = {K}.Input((3,), name='fn_in')\n"
                     "y = Scale(3.0, name='sc_g')(x)\n"
                     f"f = {K}.Function(x, y)\n"
                     "result = [f(np.ones((2, 3), np.float32)), f.name]",
    "function_structure": OPS + f"x = {K}.Input((3,), name='fn_in2')\n"
                          "y = Scale(2.0, name='sc_h')(x)\n"
                          f"z = {K}.ops.relu(y) + 1.0\n"
                          f"f = {K}.Function([x], {{'a': z, 'b': y}}, name='fg')\n"
                          "out = f([tf.constant([[-1.0, 1.0, 2.0]])])\n"
                          "result = [sorted(out), out['a'], out['b'], f.name]",
    "function_inputs_outputs": f"x = {K}.Input((3,), name='fn_in3')\n"
                               f"y = {K}.layers.Dense(2, name='fn_dense')(x)\n"
                               f"f = {K}.Function(x, y)\n"
                               "result = [len(f.inputs), len(f.outputs), f.inputs[0].name,\n"
                               "          [op.name for op in f.operations]]",
    "function_two_inputs": f"a = {K}.Input((2,), name='fn_a')\nb = {K}.Input((2,), name='fn_b')\n"
                           f"f = {K}.Function([a, b], a * b - a)\n"
                           "result = f([tf.constant([[1.0, 2.0]]), tf.constant([[3.0, 4.0]])])",
    "function_output_spec": f"x = {K}.Input((3,), name='fn_in4')\n"
                            f"y = {K}.layers.Dense(5, name='fn_dense2')(x)\n"
                            f"f = {K}.Function(x, y)\n"
                            f"s = f.compute_output_spec({K}.KerasTensor((7, 3)))\n"
                            "result = [s.shape, s.dtype]",
    "function_disconnected": f"x = {K}.Input((3,), name='fn_in5')\n"
                             f"{K}.Function(x, {K}.Input((2,), name='fn_other'))",
    # --- Quantizer ---------------------------------------------------------------------------
    "quantizer_dtype": f"result = [{K}.Quantizer().output_dtype, "
                       f"{K}.Quantizer('int4').output_dtype]",
    "quantizer_call": f"{K}.Quantizer()(tf.constant(1.0))",
    "quantizer_config": f"{K}.Quantizer().get_config()",
}
