"""Keras 3 reference snippets: activations, initializers, regularizers, constraints (values,
dtypes, configs, identifiers, errors). Random initializers are compared by shape, dtype,
determinism and statistics, not values."""

_X = "tf.constant([-10.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 5.0, 10.0])"
_X64 = "tf.constant([-4.0, -1.5, -0.25, 0.0, 0.75, 2.0, 6.5], tf.float64)"
_M = "tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0], [3.0, 4.0, 0.0]])"
_W = "tf.constant([[1.0, -2.0, 3.0, 0.25], [0.5, 0.0, -1.0, 2.0]])"

_ACTIVATIONS = ["relu", "relu6", "sigmoid", "softplus", "softsign", "tanh", "selu", "elu",
                "exponential", "leaky_relu", "gelu", "hard_sigmoid", "hard_silu", "hard_swish",
                "silu", "swish", "mish", "linear", "celu", "hard_shrink", "hard_tanh",
                "log_sigmoid", "soft_shrink", "sparse_plus", "sparse_sigmoid", "squareplus",
                "tanh_shrink", "softmax", "log_softmax", "sparsemax"]

SNIPPETS = {}
for _name in _ACTIVATIONS:
    SNIPPETS[f"activation_{_name}"] = f"tf.keras.activations.{_name}({_X})"
    SNIPPETS[f"activation_{_name}_float64"] = f"tf.keras.activations.{_name}({_X64})"
    SNIPPETS[f"activation_{_name}_get_serialize"] = (
        f"result = tf.keras.activations.serialize(tf.keras.activations.get('{_name}'))")

SNIPPETS.update({
    # relu's options
    "relu_negative_slope": f"tf.keras.activations.relu({_X}, negative_slope=0.1)",
    "relu_max_value": f"tf.keras.activations.relu({_X}, max_value=4.0)",
    "relu_max_value_6": f"tf.keras.activations.relu({_X}, max_value=6)",
    "relu_threshold": f"tf.keras.activations.relu({_X}, threshold=1.0)",
    "relu_negative_threshold": f"tf.keras.activations.relu({_X}, threshold=-1.0)",
    "relu_slope_and_max": f"tf.keras.activations.relu({_X}, negative_slope=0.1, max_value=4.0)",
    "relu_slope_and_threshold": (
        f"tf.keras.activations.relu({_X}, negative_slope=0.1, threshold=1.0)"),
    "relu_all_options": (
        f"tf.keras.activations.relu({_X}, negative_slope=0.1, threshold=1.0, max_value=4)"),
    "relu_negative_max_value": f"tf.keras.activations.relu({_X}, max_value=-1.0)",
    "relu_negative_slope_negative": f"tf.keras.activations.relu({_X}, negative_slope=-0.1)",
    "relu_float64_all_options": ("tf.keras.activations.relu(tf.constant([-1.0, 2.0], "
                                 "tf.float64), max_value=1.5, negative_slope=0.5, "
                                 "threshold=0.5)"),
    "relu_int": "tf.keras.activations.relu(tf.constant([-2, 0, 3, 9]))",
    "relu_int_max_value": "tf.keras.activations.relu(tf.constant([-2, 0, 3, 9]), max_value=4)",
    "relu_int_float_max_value": ("tf.keras.activations.relu(tf.constant([1, 2]), "
                                 "max_value=1.5)"),
    "relu_int_slope": ("tf.keras.activations.relu(tf.constant([-2, 0, 3, 9]), "
                       "negative_slope=0.5)"),
    "relu_int_threshold": "tf.keras.activations.relu(tf.constant([-2, 0, 3, 9]), threshold=1)",
    "relu_list": "tf.keras.activations.relu([1.0, -2.0], max_value=1.5)",
    # other options and dtypes
    "elu_alpha": f"tf.keras.activations.elu({_X}, alpha=0.5)",
    "gelu_approximate": f"tf.keras.activations.gelu({_X}, approximate=True)",
    "leaky_relu_slope": f"tf.keras.activations.leaky_relu({_X}, negative_slope=0.3)",
    "celu_alpha": f"tf.keras.activations.celu({_X}, alpha=2.0)",
    "squareplus_b0": f"tf.keras.activations.squareplus({_X}, b=0)",
    "soft_shrink_threshold": f"tf.keras.activations.soft_shrink({_X}, threshold=1.0)",
    "hard_shrink_threshold": f"tf.keras.activations.hard_shrink({_X}, threshold=1.0)",
    "threshold": f"tf.keras.activations.threshold({_X}, 0.5, -1.0)",
    "threshold_int": "tf.keras.activations.threshold(tf.constant([-1, 0, 2]), 0, 9)",
    "glu_last_axis": "tf.keras.activations.glu(tf.constant([[1.0, 2.0, 3.0, 4.0]]))",
    "glu_odd_axis": "tf.keras.activations.glu(tf.constant([[1.0, 2.0, 3.0, 4.0]]), axis=0)",
    "sparsemax_rows": ("tf.keras.activations.sparsemax(tf.constant([[1.0, 2.0, 3.0, 4.0], "
                       "[0.1, 0.2, 0.15, 0.0]]))"),
    "sparsemax_axis0": ("tf.keras.activations.sparsemax(tf.constant([[1.0, 2.0], [0.1, 0.2], "
                        "[0.3, 0.0]]), axis=0)"),
    "softmax_axis0": "tf.keras.activations.softmax(tf.constant([[1.0, 2.0], [3.0, 5.0]]), 0)",
    "softmax_axis_none": ("tf.keras.activations.softmax(tf.constant([[1.0, 2.0], [3.0, 5.0]]), "
                          "axis=None)"),
    "softmax_axis_tuple": ("tf.keras.activations.softmax(tf.constant([[[1.0, 2.0], [3.0, 5.0]], "
                           "[[0.5, -1.0], [2.0, 0.0]]]), axis=(0, 2))"),
    "log_softmax_axis_tuple": ("tf.keras.activations.log_softmax(tf.constant([[1.0, 2.0], "
                               "[3.0, 5.0]]), axis=(0, 1))"),
    "softmax_bad_axis": "tf.keras.activations.softmax(tf.constant([[1.0, 2.0]]), axis=2)",
    "softmax_float16": "tf.keras.activations.softmax(tf.constant([1.0, 2.0], tf.float16))",
    "sigmoid_float16": "tf.keras.activations.sigmoid(tf.constant([-1.0, 2.0], tf.float16))",
    "tanh_int": "tf.keras.activations.tanh(tf.constant([-2, 0, 3]))",
    "exponential_int": "tf.keras.activations.exponential(tf.constant([-2, 0, 3]))",
    "leaky_relu_int": "tf.keras.activations.leaky_relu(tf.constant([-2, 0, 3]))",
    "relu6_int": "tf.keras.activations.relu6(tf.constant([-2, 0, 3, 9]))",
    "sigmoid_int_error": "tf.keras.activations.sigmoid(tf.constant([-2, 0, 3]))",
    "gelu_int_error": "tf.keras.activations.gelu(tf.constant([-2, 0, 3]))",
    "hard_sigmoid_int_error": "tf.keras.activations.hard_sigmoid(tf.constant([-2, 0, 3]))",
    "linear_keeps_int": "tf.keras.activations.linear(tf.constant([-2, 0, 3]))",
    # activation identifiers
    "activation_get_none_is_linear": "tf.keras.activations.get(None).__name__",
    "activation_get_swish_name": "tf.keras.activations.get('swish').__name__",
    "activation_get_unknown": "tf.keras.activations.get('nope')",
    "activation_get_capitalised": "tf.keras.activations.get('ReLU')",
    "activation_get_int": "tf.keras.activations.get(3)",
    "activation_get_function_dict": (
        "tf.keras.activations.get({'module': 'keras.activations', 'class_name': 'function', "
        "'config': 'relu', 'registered_name': 'function'}).__name__"),
    "activation_serialize_tf_nn_relu": "tf.keras.activations.serialize(tf.nn.relu)",
    "activation_serialize_string_error": "tf.keras.activations.serialize('relu')",
    "activation_serialize_custom": """
def my_activation(x):
    return x * 2
result = tf.keras.activations.serialize(my_activation)
""",
    "activation_deserialize_relu": "tf.keras.activations.deserialize('relu').__name__",
    "activation_deserialize_dict": (
        "tf.keras.activations.deserialize({'module': 'builtins', 'class_name': 'function', "
        "'config': 'tanh', 'registered_name': 'function'}).__name__"),
    "activation_get_callable_passthrough": (
        "tf.keras.activations.get(tf.nn.relu) is tf.nn.relu"),
})

# --- initializers --------------------------------------------------------------------------------
_INITIALIZERS = ["Zeros()", "Ones()", "Constant(2)", "Constant(value=[1, 2])", "Identity()",
                 "Identity(gain=2.0)", "RandomNormal()", "RandomNormal(mean=1.0, stddev=2.0)",
                 "RandomUniform()", "RandomUniform(minval=-1, maxval=2, seed=3)",
                 "TruncatedNormal(seed=1)", "VarianceScaling()",
                 "VarianceScaling(scale=2.0, mode='fan_out', distribution='uniform', seed=4)",
                 "VarianceScaling(distribution='normal')",
                 "VarianceScaling(distribution='untruncated_normal', mode='fan_avg')",
                 "GlorotUniform(seed=1)", "GlorotNormal()", "HeUniform()", "HeNormal(seed=7)",
                 "LecunUniform()", "LecunNormal()", "Orthogonal()", "Orthogonal(gain=2, seed=3)",
                 "HeUniform(input_axes=[0], output_axes=[1])"]
for _i, _init in enumerate(_INITIALIZERS):
    SNIPPETS[f"initializer_serialize_{_i}_{_init.split('(')[0]}"] = (
        f"tf.keras.initializers.serialize(tf.keras.initializers.{_init})")
    SNIPPETS[f"initializer_round_trip_{_i}_{_init.split('(')[0]}"] = (
        f"result = tf.keras.initializers.{_init}\n"
        f"result = tf.keras.initializers.deserialize(tf.keras.initializers.serialize(result))"
        f".get_config()")

_NAMES = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
          "lecun_normal", "zeros", "zero", "ones", "one", "normal", "uniform", "random_normal",
          "random_uniform", "truncated_normal", "variance_scaling", "orthogonal", "identity",
          "OrthogonalInitializer", "IdentityInitializer", "Initializer", "GlorotUniform"]
for _name in _NAMES:
    SNIPPETS[f"initializer_get_{_name}"] = (
        f"type(tf.keras.initializers.get('{_name}')).__name__")

SNIPPETS.update({
    "initializer_get_unknown": "tf.keras.initializers.get('nope')",
    "initializer_get_wrong_case": "tf.keras.initializers.get('Glorot_Uniform')",
    "initializer_get_int": "tf.keras.initializers.get(3)",
    "initializer_get_none": "tf.keras.initializers.get(None)",
    "initializer_get_dict": ("tf.keras.initializers.get({'class_name': 'GlorotUniform', "
                             "'config': {'seed': 3}}).get_config()"),
    "initializer_get_snake_dict": ("type(tf.keras.initializers.get({'class_name': "
                                   "'glorot_uniform', 'config': {}})).__name__"),
    "initializer_get_class": "type(tf.keras.initializers.get(tf.keras.initializers.Ones))"
                             ".__name__",
    "initializer_get_array": "tf.keras.initializers.get(np.ones((2, 2)))((2, 2))",
    "initializer_get_array_bad_shape": "tf.keras.initializers.get(np.ones((2, 2)))((3, 2))",
    "zeros_values": "tf.keras.initializers.Zeros()((2, 3))",
    "zeros_int32": "tf.keras.initializers.Zeros()((2,), dtype='int32')",
    "zeros_float64_dtype_object": "tf.keras.initializers.Zeros()([2], dtype=tf.float64)",
    "ones_int_shape": "tf.keras.initializers.Ones()(2)",
    "constant_scalar": "tf.keras.initializers.Constant(3)((2,))",
    "constant_broadcast_list": "tf.keras.initializers.Constant([1, 2])((2, 2))",
    "constant_to_int": "tf.keras.initializers.Constant(2.5)((2,), dtype='int32')",
    "constant_numpy_value": "tf.keras.initializers.Constant(np.array([1.0, 2.0]))((2,))",
    "constant_numpy_config": "tf.keras.initializers.Constant(np.array([1.0, 2.0])).get_config()",
    "constant_tensor_config": ("tf.keras.initializers.Constant(tf.constant([1.0, 2.0]))"
                               ".get_config()"),
    "constant_numpy_round_trip": (
        "tf.keras.initializers.deserialize(tf.keras.initializers.serialize("
        "tf.keras.initializers.Constant(np.array([1.0, 2.0]))))((2, 2))"),
    "identity_rect": "tf.keras.initializers.Identity()((2, 3))",
    "identity_gain": "tf.keras.initializers.Identity(gain=2.0)((3, 2))",
    "identity_float64": "tf.keras.initializers.Identity()((2, 2), dtype='float64')",
    "identity_rank3_error": "tf.keras.initializers.Identity()((2, 2, 2))",
    "identity_int_error": "tf.keras.initializers.Identity()((2, 2), dtype='int32')",
    "orthogonal_rank1_error": "tf.keras.initializers.Orthogonal(seed=1)((3,))",
    "initializer_base_call_error": "tf.keras.initializers.Initializer()((2,))",
    "initializer_base_config": "tf.keras.initializers.Initializer().get_config()",
    "clone_keeps_seed": "tf.keras.initializers.GlorotUniform(seed=3).clone().get_config()",
    "variance_scaling_zero_scale": "tf.keras.initializers.VarianceScaling(scale=0)",
    "variance_scaling_negative_scale": "tf.keras.initializers.VarianceScaling(scale=-1.0)",
    "variance_scaling_bad_mode": "tf.keras.initializers.VarianceScaling(mode='fan')",
    "variance_scaling_bad_distribution": (
        "tf.keras.initializers.VarianceScaling(distribution='gauss')"),
    "variance_scaling_upper_distribution": (
        "tf.keras.initializers.VarianceScaling(distribution='Uniform').get_config()"),
    "random_string_seed_error": "tf.keras.initializers.RandomNormal(seed='a')",
    "random_float_seed_error": "tf.keras.initializers.RandomNormal(seed=1.5)",
    "random_numpy_seed_error": "tf.keras.initializers.RandomNormal(seed=np.int64(3))",
    "seeded_repeat_calls_equal": """
init = tf.keras.initializers.GlorotUniform(seed=1)
result = bool(np.array_equal(init((3, 3)), init((3, 3))))
""",
    "same_seed_instances_equal": """
result = bool(np.array_equal(tf.keras.initializers.HeNormal(seed=5)((3, 3)),
                             tf.keras.initializers.HeNormal(seed=5)((3, 3))))
""",
    "different_seeds_differ": """
result = bool(np.array_equal(tf.keras.initializers.HeNormal(seed=5)((3, 3)),
                             tf.keras.initializers.HeNormal(seed=6)((3, 3))))
""",
    "unseeded_repeat_calls_equal": """
init = tf.keras.initializers.RandomNormal()
result = bool(np.array_equal(init((3, 3)), init((3, 3))))
""",
    "unseeded_instances_differ": """
result = bool(np.array_equal(tf.keras.initializers.RandomNormal()((3, 3)),
                             tf.keras.initializers.RandomNormal()((3, 3))))
""",
    "glorot_uniform_shape_dtype": """
v = tf.keras.initializers.GlorotUniform(seed=1)((3, 4), dtype='float64')
result = (v.shape, v.dtype.name)
""",
    "orthogonal_shape_dtype": """
v = tf.keras.initializers.Orthogonal(seed=1)((2, 2, 3, 4), dtype='float16')
result = (v.shape, v.dtype.name)
""",
    "random_uniform_float16": """
v = tf.keras.initializers.RandomUniform(seed=1)((5,), dtype='float16')
result = (v.shape, v.dtype.name, bool(np.all(np.abs(np.asarray(v, np.float32)) <= 0.05)))
""",
    "glorot_uniform_bound_and_std": """
v = np.asarray(tf.keras.initializers.GlorotUniform(seed=2)((300, 500)), np.float64)
limit = np.sqrt(6 / 800)
result = (bool(np.abs(v).max() <= limit), bool(np.abs(v).max() > 0.99 * limit),
          bool(abs(v.std() / (limit / np.sqrt(3)) - 1) < 0.01))
""",
    "he_normal_conv_std_and_truncation": """
v = np.asarray(tf.keras.initializers.HeNormal(seed=2)((3, 3, 64, 128)), np.float64)
std = np.sqrt(2 / (3 * 3 * 64))
result = (bool(abs(v.std() / std - 1) < 0.01), bool(np.abs(v).max() <= 2 * std / 0.8796256))
""",
    "lecun_uniform_conv_bound": """
v = np.asarray(tf.keras.initializers.LecunUniform(seed=2)((5, 40, 30)), np.float64)
limit = np.sqrt(3 / 200)
result = (bool(np.abs(v).max() <= limit), bool(np.abs(v).max() > 0.99 * limit))
""",
    "variance_scaling_fan_avg_untruncated_std": """
v = np.asarray(tf.keras.initializers.VarianceScaling(
    2.0, 'fan_avg', 'untruncated_normal', seed=3)((400, 600)), np.float64)
result = (bool(abs(v.std() / np.sqrt(2 / 500) - 1) < 0.01),
          bool(np.abs(v).max() > 3 * np.sqrt(2 / 500)))
""",
    "orthogonal_gram_is_identity": """
q = np.asarray(tf.keras.initializers.Orthogonal(gain=1.5, seed=4)((3, 3, 2, 12)), np.float64)
m = q.reshape(-1, 12)
result = bool(np.allclose(m.T @ m, 2.25 * np.eye(12), atol=1e-5))
""",
    "truncated_normal_bounds": """
v = np.asarray(tf.keras.initializers.TruncatedNormal(mean=1.0, stddev=0.5, seed=3)((400, 500)))
result = (bool(v.min() >= 0.0), bool(v.max() <= 2.0),
          bool(abs(v.std() / (0.5 * 0.8796256) - 1) < 0.01))
""",
    "initializers_in_function": """
@tf.function
def make():
    return tf.keras.initializers.Identity(gain=3.0)((2, 2)) + tf.keras.initializers.Ones()((2, 2))
result = make()
""",
})

# --- regularizers --------------------------------------------------------------------------------
_REGULARIZERS = ["L1()", "L2()", "L1L2()", "L1L2(0.1, 0.2)", "l1_l2(l1=0.3)", "L2(0.25)",
                 "L1(0.3)", "OrthogonalRegularizer()",
                 "OrthogonalRegularizer(0.5, 'columns')", "Regularizer()"]
for _i, _reg in enumerate(_REGULARIZERS):
    SNIPPETS[f"regularizer_value_{_i}_{_reg.split('(')[0]}"] = (
        f"tf.keras.regularizers.{_reg}({_W})")
    SNIPPETS[f"regularizer_value_float64_{_i}_{_reg.split('(')[0]}"] = (
        f"tf.keras.regularizers.{_reg}(tf.cast({_W}, tf.float64))")
    if _reg != "Regularizer()":
        SNIPPETS[f"regularizer_serialize_{_i}_{_reg.split('(')[0]}"] = (
            f"tf.keras.regularizers.serialize(tf.keras.regularizers.{_reg})")
        SNIPPETS[f"regularizer_round_trip_{_i}_{_reg.split('(')[0]}"] = (
            f"tf.keras.regularizers.deserialize(tf.keras.regularizers.serialize("
            f"tf.keras.regularizers.{_reg})).get_config()")

for _name in ["l1", "l2", "L1L2", "l1l2", "orthogonal_regularizer", "regularizer",
              "Regularizer", "OrthogonalRegularizer"]:
    SNIPPETS[f"regularizer_get_{_name}"] = f"type(tf.keras.regularizers.get('{_name}')).__name__"

SNIPPETS.update({
    "regularizer_get_l1_l2_unknown": "tf.keras.regularizers.get('l1_l2')",
    "regularizer_get_unknown": "tf.keras.regularizers.get('nope')",
    "regularizer_get_int": "tf.keras.regularizers.get(3)",
    "regularizer_get_dict": ("tf.keras.regularizers.get({'class_name': 'L2', "
                             "'config': {'l2': 0.5}}).get_config()"),
    "regularizer_l2_int_input": "tf.keras.regularizers.L2()(tf.constant([1, 2]))",
    "regularizer_l1l2_int_input": "tf.keras.regularizers.L1L2()(tf.constant([1, 2]))",
    "regularizer_l2_variable": "tf.keras.regularizers.L2()(tf.Variable([1.0, 2.0]))",
    "regularizer_l2_numpy": "tf.keras.regularizers.L2()(np.array([1.0, 2.0]))",
    "regularizer_orthogonal_single_row": (
        "tf.keras.regularizers.OrthogonalRegularizer()(tf.constant([[1.0, 2.0]]))"),
    "regularizer_orthogonal_zeros": (
        "tf.keras.regularizers.OrthogonalRegularizer()(tf.zeros([2, 2]))"),
    "regularizer_orthogonal_rank1": (
        "tf.keras.regularizers.OrthogonalRegularizer()(tf.constant([1.0, 2.0]))"),
    "regularizer_orthogonal_bad_mode": "tf.keras.regularizers.OrthogonalRegularizer(0.1, 'diag')",
    "regularizer_negative": "tf.keras.regularizers.L1(-0.1)",
    "regularizer_nan": "tf.keras.regularizers.L2(float('nan'))",
    "regularizer_string": "tf.keras.regularizers.L2('a')",
    "regularizer_l1l2_negative": "tf.keras.regularizers.L1L2(0, -1)",
    "regularizer_none_defaults": ("(tf.keras.regularizers.L2(None).get_config(), "
                                  "tf.keras.regularizers.L1(None).get_config(), "
                                  "tf.keras.regularizers.L1L2(None, None).get_config())"),
    "regularizer_int_factors": ("(tf.keras.regularizers.L1(1).get_config(), "
                                "tf.keras.regularizers.L2(1).get_config(), "
                                "tf.keras.regularizers.OrthogonalRegularizer(1).get_config())"),
    "regularizer_base_config_error": "tf.keras.regularizers.Regularizer().get_config()",
    "regularizer_gradient": """
w = tf.Variable([[1.0, -2.0], [0.5, 3.0]])
with tf.GradientTape() as tape:
    penalty = tf.keras.regularizers.L1L2(l1=0.1, l2=0.2)(w)
result = tape.gradient(penalty, w)
""",
    "regularizer_orthogonal_gradient": f"""
w = tf.Variable({_W})
with tf.GradientTape() as tape:
    penalty = tf.keras.regularizers.OrthogonalRegularizer(0.3)(w)
result = tape.gradient(penalty, w)
""",
})

# --- constraints ---------------------------------------------------------------------------------
_CONSTRAINTS = ["MaxNorm()", "MaxNorm(1.5, axis=1)", "MaxNorm(axis=None)", "NonNeg()",
                "UnitNorm()", "UnitNorm(axis=[0, 1])", "MinMaxNorm()",
                "MinMaxNorm(1.0, 2.0, 0.5, 1)", "Constraint()", "MaxNorm(3, axis=[0, 1])"]
for _i, _con in enumerate(_CONSTRAINTS):
    _short = _con.split("(")[0]
    SNIPPETS[f"constraint_value_{_i}_{_short}"] = f"tf.keras.constraints.{_con}({_M})"
    SNIPPETS[f"constraint_value_float64_{_i}_{_short}"] = (
        f"tf.keras.constraints.{_con}(tf.cast({_M}, tf.float64))")
    SNIPPETS[f"constraint_serialize_{_i}_{_short}"] = (
        f"tf.keras.constraints.serialize(tf.keras.constraints.{_con})")
    SNIPPETS[f"constraint_round_trip_{_i}_{_short}"] = (
        f"tf.keras.constraints.deserialize(tf.keras.constraints.serialize("
        f"tf.keras.constraints.{_con})).get_config()")

for _name in ["max_norm", "non_neg", "unit_norm", "min_max_norm", "MaxNorm", "constraint"]:
    SNIPPETS[f"constraint_get_{_name}"] = f"type(tf.keras.constraints.get('{_name}')).__name__"

SNIPPETS.update({
    "constraint_get_unknown": "tf.keras.constraints.get('nope')",
    "constraint_get_int": "tf.keras.constraints.get(3)",
    "constraint_get_dict": ("tf.keras.constraints.get({'class_name': 'MaxNorm', "
                            "'config': {'max_value': 3}}).get_config()"),
    "constraint_max_norm_int": "tf.keras.constraints.MaxNorm()(tf.constant([[1, 2], [3, 4]]))",
    "constraint_non_neg_int": "tf.keras.constraints.NonNeg()(tf.constant([-1, 2]))",
    "constraint_unit_norm_int": "tf.keras.constraints.UnitNorm()(tf.constant([[3, 4]]))",
    "constraint_non_neg_list": "tf.keras.constraints.NonNeg()([-1.0, 2.0])",
    "constraint_max_norm_list": "tf.keras.constraints.MaxNorm()([[3.0, 4.0]])",
    "constraint_unit_norm_zeros": "tf.keras.constraints.UnitNorm()(tf.zeros([2, 2]))",
    "constraint_min_max_norm_tuple_axis": (
        "tf.keras.constraints.MinMaxNorm(axis=(0, 1)).get_config()"),
    "constraint_in_function": f"tf.function(tf.keras.constraints.MaxNorm(1.0))({_M})",
})

SNIPPETS.update({
    "variable_repr": "d = tf.keras.layers.Dense(2, name='vrd', kernel_initializer='ones')\n"
                     "d.build((None, 3))\nresult = [repr(d.kernel), repr(d.bias), str(d.kernel)]",
})

SNIPPETS.update({
    "variable_value_property": "d = tf.keras.layers.Dense(2, name='vvp', kernel_initializer="
                               "'ones')\nd.build((None, 3))\nv = d.kernel.value\n"
                               "result = [tuple(v.shape), float(tf.reduce_sum(v)), "
                               "v.numpy().tolist()]",
    "variable_value_gradient": "d = tf.keras.layers.Dense(2, name='vvg')\nd.build((None, 3))\n"
                               "with tf.GradientTape() as t:\n"
                               "    y = tf.reduce_sum(d.kernel.value * 2.0)\n"
                               "result = t.gradient(y, d.kernel)",
})

SNIPPETS.update({
    "metrics_names_compiled": """k = tf.keras
i = k.Input((2,), name="mn_in")
m = k.Model(i, k.layers.Dense(1, name="mn_d")(i))
a = list(m.metrics_names)
m.compile("sgd", "mse", metrics=["mae"])
b = list(m.metrics_names)
m.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)
result = [a, b, list(m.metrics_names)]""",
    "metrics_names_two_outputs": """k = tf.keras
i = k.Input((2,), name="mn2_in")
m = k.Model(i, {"a": k.layers.Dense(1, name="mn_a")(i), "b": k.layers.Dense(1, name="mn_b")(i)})
m.compile("sgd", {"a": "mse", "b": "mse"})
m.fit(np.ones((4, 2)), {"a": np.ones((4, 1)), "b": np.ones((4, 1))}, verbose=0)
result = list(m.metrics_names)""",
})
