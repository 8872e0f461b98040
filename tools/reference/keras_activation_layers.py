"""Keras 3 reference snippets for the activation layers ReLU, LeakyReLU, PReLU, ELU and Softmax:
outputs for many arguments and dtypes, PReLU's weight (name, shape rule, initializer) and
gradients, Softmax's mask argument, configs, serialization round trips, functional output
shapes, the deprecated LeakyReLU `alpha` argument, and argument/input errors.

Not compared here: the `build_config` that Keras' `keras.layers.serialize` adds to a built
layer's payload (popped in _ROUND_TRIP), and float16 softmax values, where TF's kernel rounds
differently from a float32 computation rounded to float16 (about 1e-3 relative).
"""


def _x(shape, dtype="float32", scale=3.0) -> str:
    """A deterministic input array expression of `shape` (values of both signs, and exact 0)."""
    size = 1
    for d in shape:
        size *= d
    return (f"np.round(np.sin(np.arange({size}) * 0.71 + 0.3) * {scale}, 1)"
            f".reshape({tuple(shape)}).astype('{dtype}')")


_FORWARD = """
layer = tf.keras.layers.{ctor}
result = layer({x})
"""

_CONFIG = """
layer = tf.keras.layers.{ctor}
config = layer.get_config()
config.pop('name')
result = [config, layer.built]
"""

_ROUND_TRIP = """
x = {x}
layer = tf.keras.layers.{ctor}
want = layer(x)
payload = tf.keras.layers.serialize(layer)
payload['config'].pop('name')
payload.pop('build_config', None)  # see the module docstring
clone = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))
clone(x)
clone.set_weights(layer.get_weights())
config = clone.get_config()
config.pop('name')
result = [payload, config, type(clone).__name__, clone(x), want]
"""

_FUNCTIONAL = """
inputs = tf.keras.Input({shape})
outputs = tf.keras.layers.{ctor}(inputs)
model = tf.keras.Model(inputs, outputs)
result = [list(outputs.shape), model({x})]
"""

# name -> (constructor, input shape)
LAYERS = {
    "relu": ("ReLU()", (2, 5)),
    "relu_max_value": ("ReLU(max_value=1.5)", (2, 5)),
    "relu_max_value_6": ("ReLU(max_value=6.0)", (3, 5), 8.0),
    "relu_max_value_zero": ("ReLU(max_value=0.0)", (2, 5)),
    "relu_negative_slope": ("ReLU(negative_slope=0.1)", (2, 5)),
    "relu_threshold": ("ReLU(threshold=0.9)", (2, 5)),
    "relu_threshold_slope": ("ReLU(negative_slope=0.25, threshold=1.0)", (2, 5)),
    "relu_all": ("ReLU(max_value=2.0, negative_slope=0.5, threshold=0.5)", (3, 4)),
    "relu_slope_max": ("ReLU(max_value=1.0, negative_slope=0.2)", (3, 4)),
    "relu_int_args": ("ReLU(max_value=2, negative_slope=0, threshold=1)", (2, 5)),
    "relu_rank4": ("ReLU(max_value=1.0)", (2, 2, 2, 3)),
    "leaky_relu": ("LeakyReLU()", (2, 5)),
    "leaky_relu_slope": ("LeakyReLU(negative_slope=0.05)", (2, 5)),
    "leaky_relu_zero_slope": ("LeakyReLU(0.0)", (2, 5)),
    "leaky_relu_big_slope": ("LeakyReLU(negative_slope=1.5)", (2, 5)),
    "elu": ("ELU()", (2, 5)),
    "elu_alpha": ("ELU(alpha=0.3)", (2, 5)),
    "elu_alpha_int": ("ELU(2)", (2, 5)),
    "prelu": ("PReLU()", (2, 5)),
    "prelu_ones": ("PReLU(alpha_initializer='ones')", (2, 5)),
    "prelu_constant": ("PReLU(alpha_initializer=tf.keras.initializers.Constant(0.25))",
                       (2, 3, 4)),
    "prelu_shared": ("PReLU(alpha_initializer='ones', shared_axes=[1, 2])", (2, 3, 2, 3)),
    "prelu_shared_negative": (("PReLU(alpha_initializer=tf.keras.initializers.Constant(0.3), "
                               "shared_axes=[-1])"), (2, 3, 4)),
    "softmax": ("Softmax()", (2, 5)),
    "softmax_axis_none": ("Softmax(axis=None)", (2, 3)),
    "softmax_axis1": ("Softmax(axis=1)", (2, 3, 4)),
    "softmax_axis0": ("Softmax(axis=0)", (3, 4)),
    "softmax_axes": ("Softmax(axis=[1, 2])", (2, 3, 4)),
    "softmax_axes_tuple": ("Softmax(axis=(0, 2))", (2, 3, 4)),
    "softmax_axis_list_one": ("Softmax(axis=[1])", (2, 3, 4)),
    "softmax_negative_axes": ("Softmax(axis=[-1, -2])", (2, 3, 4)),
    "softmax_large_logits": ("Softmax()", (2, 4), 200.0),
}


def _layer_snippets() -> dict:
    out = {}
    for name, spec in LAYERS.items():
        ctor, shape = spec[0], spec[1]
        x = _x(shape, scale=spec[2] if len(spec) > 2 else 3.0)
        out[f"{name}_forward"] = _FORWARD.format(ctor=ctor, x=x)
        out[f"{name}_config"] = _CONFIG.format(ctor=ctor)
        out[f"{name}_round_trip"] = _ROUND_TRIP.format(ctor=ctor, x=x)
        out[f"{name}_functional"] = _FUNCTIONAL.format(ctor=ctor, shape=shape[1:], x=x)
    return out


_DTYPES = {
    "relu_float64": ("ReLU(max_value=1.0, negative_slope=0.1, dtype='float64')", "float64"),
    "relu_float16": ("ReLU(dtype='float16')", "float16"),
    "relu_float64_input": ("ReLU()", "float64"),
    "relu_int32_input": ("ReLU()", "int32"),
    "relu_int32_max_value": ("ReLU(max_value=1)", "int32"),
    "relu_int32_threshold": ("ReLU(threshold=1)", "int32"),
    "leaky_relu_float64": ("LeakyReLU(dtype='float64')", "float64"),
    "leaky_relu_float16": ("LeakyReLU(0.1, dtype='float16')", "float16"),
    "elu_float64": ("ELU(0.5, dtype='float64')", "float64"),
    "elu_float16": ("ELU(dtype='float16')", "float16"),
    "prelu_float64": ("PReLU(alpha_initializer='ones', dtype='float64')", "float64"),
    "prelu_float64_input": ("PReLU(alpha_initializer='ones')", "float64"),
    "softmax_float64": ("Softmax(dtype='float64')", "float64"),
    "softmax_float64_input": ("Softmax()", "float64"),
}

_DTYPE_SNIPPET = """
layer = tf.keras.layers.{ctor}
y = layer({x})
result = [y, [w.numpy().dtype.name for w in layer.weights]]
"""


def _dtype_snippets() -> dict:
    return {name: _DTYPE_SNIPPET.format(ctor=ctor, x=_x((2, 4), dtype))
            for name, (ctor, dtype) in _DTYPES.items()}


_PRELU = {
    "prelu_weight": """
layer = tf.keras.layers.PReLU()
built_before = layer.built
layer(np.zeros((2, 3, 4), 'float32'))
result = [built_before, layer.built, [w.name for w in layer.weights],
          [list(w.shape) for w in layer.weights], layer.get_weights(), layer.count_params(),
          len(layer.trainable_weights), len(layer.non_trainable_weights)]
""",
    "prelu_shared_int": """
layer = tf.keras.layers.PReLU(shared_axes=2)
layer(np.zeros((2, 3, 4, 5), 'float32'))
result = [list(layer.alpha.shape), layer.shared_axes, layer.get_config()['shared_axes']]
""",
    "prelu_shared_tuple": """
layer = tf.keras.layers.PReLU(shared_axes=(1, 3))
layer(np.zeros((2, 3, 4, 5), 'float32'))
result = [list(layer.alpha.shape), layer.shared_axes, layer.get_config()['shared_axes']]
""",
    "prelu_shared_other_sizes": """
layer = tf.keras.layers.PReLU(alpha_initializer='ones', shared_axes=[1, 2])
layer(np.zeros((2, 3, 4, 5), 'float32'))
result = layer(""" + _x((1, 2, 6, 5)) + """)
""",
    "prelu_functional_shared_none_dims": """
inputs = tf.keras.Input((None, None, 3))
layer = tf.keras.layers.PReLU(shared_axes=[1, 2])
outputs = layer(inputs)
model = tf.keras.Model(inputs, outputs)
layer.set_weights([np.array([[[0.1, 0.2, 0.3]]], 'float32')])
result = [list(outputs.shape), list(layer.alpha.shape), model(""" + _x((2, 2, 3, 3)) + """)]
""",
    "prelu_set_weights": """
x = """ + _x((2, 3, 4)) + """
layer = tf.keras.layers.PReLU()
layer(x)
layer.set_weights([(np.arange(12).reshape(3, 4) * 0.1 - 0.5).astype('float32')])
result = layer(x)
""",
    "prelu_gradients": """
x = tf.constant(""" + _x((2, 3, 4)) + """)
layer = tf.keras.layers.PReLU(shared_axes=[1])
layer(x)
layer.set_weights([np.array([[0.1, -0.2, 0.3, 0.4]], 'float32')])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = layer(x)
    loss = tf.reduce_sum(y * tf.cos(tf.range(24, dtype='float32') * 0.3).numpy().reshape(2, 3, 4))
result = tape.gradient(loss, [x, layer.alpha])
""",
    "prelu_regularizer_loss": """
layer = tf.keras.layers.PReLU(alpha_initializer=tf.keras.initializers.Constant(0.5),
                              alpha_regularizer=tf.keras.regularizers.L2(0.1))
layer(np.ones((2, 4), 'float32'))
result = [float(tf.add_n(layer.losses)), len(layer.losses)]
""",
    "prelu_constraint": """
layer = tf.keras.layers.PReLU(alpha_initializer=tf.keras.initializers.Constant(-0.5),
                              alpha_constraint='non_neg')
layer(np.ones((2, 3), 'float32'))
result = [layer.alpha.constraint(layer.alpha), layer.get_config()['alpha_constraint']]
""",
    "prelu_full_config": """
layer = tf.keras.layers.PReLU(alpha_initializer=tf.keras.initializers.Constant(0.25),
                              alpha_regularizer='l2', alpha_constraint='non_neg',
                              shared_axes=(1, 2), name='p')
result = tf.keras.layers.serialize(layer)
""",
    "prelu_config_round_trip_full": """
layer = tf.keras.layers.PReLU(alpha_initializer='he_normal', alpha_regularizer='l1',
                              alpha_constraint='unit_norm', shared_axes=1, name='p')
clone = tf.keras.layers.PReLU.from_config(layer.get_config())
result = clone.get_config()
""",
    "prelu_wrong_rank": """
layer = tf.keras.layers.PReLU()
layer(np.zeros((2, 3, 4), 'float32'))
layer(np.zeros((2, 12), 'float32'))
result = 0
""",
    "prelu_wrong_axis_size": """
layer = tf.keras.layers.PReLU(shared_axes=[1])
layer(np.zeros((2, 3, 4), 'float32'))
layer(np.zeros((2, 3, 5), 'float32'))
result = 0
""",
    "prelu_wrong_shape_unshared": """
layer = tf.keras.layers.PReLU()
layer(np.zeros((2, 3, 4), 'float32'))
layer(np.zeros((2, 3, 5), 'float32'))
result = 0
""",
    "prelu_unknown_dim": """
layer = tf.keras.layers.PReLU()
layer(tf.keras.Input((None, 3)))
result = 0
""",
}

_SOFTMAX = {
    "softmax_float16_close": """
y = tf.keras.layers.Softmax(dtype='float16')(""" + _x((2, 4), 'float16') + """)
result = [y.dtype, y.shape, np.round(y.numpy().astype('float32'), 2)]
""",
    "softmax_mask_bool": "tf.keras.layers.Softmax()(" + _x((2, 4)) + ", mask=np.array("
                         "[[True, False, True, True], [False, True, True, False]]))",
    "softmax_mask_int": "tf.keras.layers.Softmax()(" + _x((2, 4)) + ", mask=np.array("
                        "[[1, 0, 1, 1], [0, 1, 2, 0]]))",
    "softmax_mask_float": "tf.keras.layers.Softmax()(" + _x((2, 4)) + ", mask=np.array("
                          "[[0.3, 0.7, 1.0, 0.5], [0.6, 0.0, 0.9, 0.2]], 'float32'))",
    "softmax_mask_broadcast_last": "tf.keras.layers.Softmax()(" + _x((2, 3, 4)) +
                                   ", mask=np.array([1, 0, 1, 1]))",
    "softmax_mask_broadcast_middle": "tf.keras.layers.Softmax()(" + _x((2, 3, 4)) +
                                     ", mask=np.array([[True], [False], [True]]))",
    "softmax_mask_rank3": "tf.keras.layers.Softmax()(" + _x((2, 3, 4)) +
                          ", mask=np.sin(np.arange(24)).reshape(2, 3, 4) > 0)",
    "softmax_mask_all_masked": "tf.keras.layers.Softmax()(" + _x((2, 3)) +
                               ", mask=np.array([[False, False, False], [True, False, True]]))",
    "softmax_mask_axis0": "tf.keras.layers.Softmax(axis=0)(" + _x((3, 4)) +
                          ", mask=np.array([[1], [0], [1]]))",
    "softmax_mask_axes": "tf.keras.layers.Softmax(axis=[1, 2])(" + _x((2, 3, 4)) +
                         ", mask=np.array([1, 1, 0, 1]))",
    "softmax_mask_float16": "tf.keras.layers.Softmax(dtype='float16')(" +
                            _x((2, 4), 'float16') + ", mask=np.array([0, 0, 1, 1]))",
    "softmax_mask_float64": "tf.keras.layers.Softmax(dtype='float64')(" +
                            _x((2, 4), 'float64') + ", mask=np.array([0, 1, 1, 0]))",
    "softmax_mask_too_many_dims": "tf.keras.layers.Softmax()(" + _x((2, 3)) +
                                  ", mask=np.ones((1, 2, 3), 'bool'))",
    "softmax_mask_not_broadcastable": "tf.keras.layers.Softmax()(" + _x((2, 3, 4)) +
                                      ", mask=np.ones((2, 3), 'bool'))",
    "softmax_mask_tensor_in_function": """
fn = tf.function(lambda x, m: tf.keras.layers.Softmax()(x, mask=m))
result = fn(tf.constant(""" + _x((2, 4)) + """), tf.constant([[True, False, True, True],
                                                          [True, True, False, False]]))
""",
    "softmax_mask_from_embedding": """
inputs = tf.keras.Input((3,), dtype='int32')
embedded = tf.keras.layers.Embedding(10, 3, mask_zero=True,
                                     embeddings_initializer='ones')(inputs)
outputs = tf.keras.layers.Softmax()(embedded)
model = tf.keras.Model(inputs, outputs)
result = model(np.array([[1, 0, 2], [0, 4, 5]]))
""",
    "softmax_size_one_axis": "tf.keras.layers.Softmax()(" + _x((3, 1)) + ")",
    "softmax_in_function": "tf.function(lambda x: tf.keras.layers.Softmax(axis=[1, 2])(x))"
                           "(tf.constant(" + _x((2, 3, 4)) + "))",
}

_ERRORS_AND_WARNINGS = {
    "relu_negative_max_value": "tf.keras.layers.ReLU(max_value=-1.0)",
    "relu_negative_slope": "tf.keras.layers.ReLU(negative_slope=-0.1)",
    "relu_none_slope": "tf.keras.layers.ReLU(negative_slope=None)",
    "relu_negative_threshold": "tf.keras.layers.ReLU(threshold=-1.0)",
    "relu_none_threshold": "tf.keras.layers.ReLU(threshold=None)",
    "relu_unknown_kwarg": "tf.keras.layers.ReLU(slope=0.1)",
    "leaky_relu_negative": "tf.keras.layers.LeakyReLU(negative_slope=-0.3)",
    "leaky_relu_none": "tf.keras.layers.LeakyReLU(None)",
    "leaky_relu_alpha_deprecated": """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    layer = tf.keras.layers.LeakyReLU(alpha=0.1)
config = layer.get_config()
config.pop('name')
result = [[(w.category.__name__, str(w.message)) for w in caught], layer.negative_slope,
          config, layer(np.array([-2.0, 3.0], 'float32'))]
""",
    "leaky_relu_alpha_negative": "tf.keras.layers.LeakyReLU(alpha=-0.1)",
    "leaky_relu_keras2_config": """
import warnings
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    layer = tf.keras.layers.deserialize({'module': 'keras.layers', 'class_name': 'LeakyReLU',
                                         'config': {'alpha': 0.2, 'name': 'old'},
                                         'registered_name': None})
    again = tf.keras.layers.LeakyReLU.from_config({'alpha': 0.4, 'name': 'older'})
result = [layer.negative_slope, layer.name, layer(np.array([-1.0, 1.0], 'float32')),
          again.negative_slope, again.get_config()['negative_slope'], 'alpha' in again.get_config()]
""",
    "elu_negative_alpha": "tf.keras.layers.ELU(alpha=-1.0)(np.array([-1.0, 1.0], 'float32'))",
    "elu_from_config": """
layer = tf.keras.layers.ELU.from_config(tf.keras.layers.ELU(alpha=0.5, name='e').get_config())
result = [layer.alpha, layer.name, layer(np.array([-1.0, 1.0], 'float32'))]
""",
    "activation_layer_attributes": """
layers = [tf.keras.layers.ReLU(max_value=3.0), tf.keras.layers.LeakyReLU(),
          tf.keras.layers.ELU(), tf.keras.layers.PReLU(), tf.keras.layers.Softmax(axis=1)]
result = [[l.supports_masking, l.built, l.trainable, l.dtype] for l in layers] + [
    layers[0].max_value, layers[0].negative_slope, layers[0].threshold,
    layers[1].negative_slope, layers[2].alpha, layers[3].shared_axes, layers[4].axis]
""",
    "default_names": """
result = [tf.keras.layers.ReLU().name.startswith('re_lu'),
          tf.keras.layers.LeakyReLU().name.startswith('leaky_re_lu'),
          tf.keras.layers.PReLU().name.startswith('p_re_lu'),
          tf.keras.layers.ELU().name.startswith('elu'),
          tf.keras.layers.Softmax().name.startswith('softmax')]
""",
    "mask_passes_through": """
inputs = tf.keras.Input((4,), dtype='int32')
embedded = tf.keras.layers.Embedding(10, 3, mask_zero=True,
                                     embeddings_initializer='glorot_uniform')(inputs)
layers = [tf.keras.layers.ReLU(negative_slope=0.5), tf.keras.layers.PReLU(),
          tf.keras.layers.ELU(), tf.keras.layers.LeakyReLU()]
outputs = [tf.keras.layers.GlobalAveragePooling1D()(layer(embedded)) for layer in layers]
model = tf.keras.Model(inputs, outputs)
model.layers[1].set_weights([np.linspace(-2, 2, 30).reshape(10, 3).astype('float32')])
result = model(np.array([[1, 0, 2, 0], [0, 4, 5, 9]]))
""",
    "softmax_mask_from_embedding_one_row": """
inputs = tf.keras.Input((3,), dtype='int32')
embedded = tf.keras.layers.Embedding(10, 3, mask_zero=True,
                                     embeddings_initializer='ones')(inputs)
outputs = tf.keras.layers.Softmax()(embedded)
model = tf.keras.Model(inputs, outputs)
result = model(np.array([[1, 0, 2]]))
""",
    "sequential_model": """
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.ReLU(max_value=1.0),
                             tf.keras.layers.PReLU(alpha_initializer='ones'),
                             tf.keras.layers.LeakyReLU(0.5), tf.keras.layers.ELU(0.5),
                             tf.keras.layers.Softmax()])
result = [model(""" + _x((3, 4)) + """), [l.__class__.__name__ for l in model.layers]]
""",
}

SNIPPETS = {**_layer_snippets(), **_dtype_snippets(), **_PRELU, **_SOFTMAX,
            **_ERRORS_AND_WARNINGS}
