"""TF2 reference snippets for tf.nn: activations, softmax, cross-entropies, losses,
normalisation, bias_add, moments, embedding_lookup; values, dtypes, errors and gradients."""


def _grad(expr: str, *values: str, dtype: str = "tf.float32") -> str:
    """Code for the gradient of sum(`expr`) (of x0, x1, ...) with respect to each constant."""
    lines = [f"x{i} = tf.constant({v}, {dtype})" for i, v in enumerate(values)]
    xs = ", ".join(f"x{i}" for i in range(len(values)))
    lines += ["with tf.GradientTape() as tape:", f"    tape.watch([{xs}])",
              f"    y = tf.reduce_sum({expr})", f"result = tape.gradient(y, [{xs}])"]
    return "\n".join(lines)


def _grad2(expr: str, value: str, dtype: str = "tf.float64") -> str:
    """Code for the first and second derivatives of sum(`expr`) (of x) at `value`."""
    return "\n".join([
        f"x = tf.constant({value}, {dtype})",
        "with tf.GradientTape() as t2:",
        "    t2.watch(x)",
        "    with tf.GradientTape() as t1:",
        "        t1.watch(x)",
        f"        y = tf.reduce_sum({expr})",
        "    d1 = t1.gradient(y, x)",
        "result = [d1, t2.gradient(d1, x)]",
    ])


def _op_error(expr: str) -> str:
    """TF raises different OpError subclasses here depending on its CPU backend."""
    return "\n".join(["try:", f"    result = {expr}", "except tf.errors.OpError:",
                      "    result = 'op error'"])


X = "[-3.0, -1.0, -0.0, 0.0, 0.5, 3.0, 6.0, 7.5]"
EDGE = "[float('-inf'), -1.0, 0.0, 1.0, float('inf'), float('nan')]"
KINKS = "[-1.5, -0.25, 0.0, 0.25, 2.0, 6.0, 6.5]"
LOGITS = "[[2.0, -1.0, 0.5, 0.0], [1.0, 3.0, -2.0, 0.25], [0.0, 0.0, 0.0, 0.0]]"
PROBS = "[[0.1, 0.2, 0.3, 0.4], [0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]"
EXTREME = "[[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, 50.0], [88.0, 89.0, 90.0]]"

ACTIVATIONS = {
    "relu_float32": f"tf.nn.relu(tf.constant({X}))",
    "relu_float64": f"tf.nn.relu(tf.constant({X}, tf.float64))",
    "relu_float16": f"tf.nn.relu(tf.constant({X}, tf.float16))",
    "relu_int32": "tf.nn.relu(tf.constant([-3, 0, 4]))",
    "relu_int64": "tf.nn.relu(tf.constant([-3, 0, 4], tf.int64))",
    "relu_uint8": "tf.nn.relu(tf.constant([0, 3, 200], tf.uint8))",
    "relu_int8": "tf.nn.relu(tf.constant([-128, 0, 127], tf.int8))",
    "relu_bool_error": "tf.nn.relu(tf.constant([True]))",
    "relu_complex_error": "tf.nn.relu(tf.constant([1 + 2j]))",
    "relu_edge": f"tf.nn.relu(tf.constant({EDGE}))",
    "relu_list": "tf.nn.relu([-1.0, 2.0])",
    "relu_empty": "tf.nn.relu(tf.zeros([0, 3]))",
    "relu_grad": _grad("tf.nn.relu(x0)", KINKS),
    "relu_grad2": _grad2("tf.nn.relu(x) * x", KINKS),
    "relu6_float32": f"tf.nn.relu6(tf.constant({X}))",
    "relu6_edge": f"tf.nn.relu6(tf.constant({EDGE}))",
    "relu6_int8": "tf.nn.relu6(tf.constant([-2, 3, 8], tf.int8))",
    "relu6_float16": f"tf.nn.relu6(tf.constant({X}, tf.float16))",
    "relu6_grad": _grad("tf.nn.relu6(x0)", KINKS),
    "relu6_grad2": _grad2("tf.nn.relu6(x)", KINKS),
    "leaky_relu_default": f"tf.nn.leaky_relu(tf.constant({X}))",
    "leaky_relu_alpha": f"tf.nn.leaky_relu(tf.constant({X}, tf.float64), alpha=0.01)",
    "leaky_relu_alpha_above_one": "tf.nn.leaky_relu(tf.constant([1.0, -2.0]), alpha=2.0)",
    "leaky_relu_negative_alpha": "tf.nn.leaky_relu(tf.constant([1.0, -2.0]), alpha=-0.5)",
    "leaky_relu_int_to_float32": "tf.nn.leaky_relu(tf.constant([1, -2], tf.int64))",
    "leaky_relu_float16": f"tf.nn.leaky_relu(tf.constant({X}, tf.float16))",
    "leaky_relu_grad": _grad("tf.nn.leaky_relu(x0)", KINKS),
    "leaky_relu_grad_alpha": _grad("tf.nn.leaky_relu(x0, alpha=3.0)", KINKS),
    "leaky_relu_grad2": _grad2("tf.nn.leaky_relu(x)", KINKS),
    "elu_values": f"tf.nn.elu(tf.constant({X}))",
    "elu_edge": f"tf.nn.elu(tf.constant({EDGE}))",
    "elu_float16": f"tf.nn.elu(tf.constant({X}, tf.float16))",
    "elu_int_error": "tf.nn.elu(tf.constant([1, 2]))",
    "elu_grad": _grad("tf.nn.elu(x0)", KINKS),
    "elu_grad2": _grad2("tf.nn.elu(x)", KINKS),
    "selu_values": f"tf.nn.selu(tf.constant({X}, tf.float64))",
    "selu_large_negative": "tf.nn.selu(tf.constant([-1000.0, -20.0, 0.0]))",
    "selu_int_error": "tf.nn.selu(tf.constant([1]))",
    "selu_grad": _grad("tf.nn.selu(x0)", KINKS),
    "selu_grad2": _grad2("tf.nn.selu(x)", KINKS),
    "softplus_values": f"tf.nn.softplus(tf.constant({X}))",
    "softplus_extreme": "tf.nn.softplus(tf.constant([-1000.0, -20.0, 20.0, 1000.0]))",
    "softplus_extreme_float64": "tf.nn.softplus(tf.constant([-800.0, -40.0, 40.0, 800.0], "
                                "tf.float64))",
    "softplus_edge": f"tf.nn.softplus(tf.constant({EDGE}))",
    "softplus_float16": "tf.nn.softplus(tf.constant([-20.0, -1.0, 0.0, 2.0, 20.0], tf.float16))",
    "softplus_int_error": "tf.nn.softplus(tf.constant([1, 2]))",
    "softplus_grad": _grad("tf.nn.softplus(x0)", "[-30.0, -1.0, 0.0, 2.0, 30.0]"),
    "softplus_grad2": _grad2("tf.nn.softplus(x)", "[-3.0, -1.0, 0.0, 0.5, 6.0]"),
    "math_softplus": "tf.math.softplus(tf.constant([0.0, 1.0]))",
    "softsign_values": f"tf.nn.softsign(tf.constant({X}))",
    "softsign_edge": f"tf.nn.softsign(tf.constant({EDGE}))",
    "softsign_int_error": "tf.nn.softsign(tf.constant([1]))",
    "softsign_grad": _grad("tf.nn.softsign(x0)", KINKS),
    "math_softsign": "tf.math.softsign(tf.constant([-2.0, 1.0], tf.float64))",
    "log_sigmoid_values": "tf.math.log_sigmoid(tf.constant([-1000.0, -5.0, 0.0, 5.0, 1000.0]))",
    "log_sigmoid_float64": "tf.math.log_sigmoid(tf.constant([-50.0, 0.5, 50.0], tf.float64))",
    "log_sigmoid_int_error": "tf.math.log_sigmoid(tf.constant([1]))",
    "log_sigmoid_grad": _grad("tf.math.log_sigmoid(x0)", "[-30.0, -1.0, 0.0, 2.0, 30.0]"),
    "log_sigmoid_grad2": _grad2("tf.math.log_sigmoid(x)", "[-3.0, 0.0, 0.5]"),
    "gelu_exact": f"tf.nn.gelu(tf.constant({X}))",
    "gelu_approximate": f"tf.nn.gelu(tf.constant({X}), approximate=True)",
    "gelu_float64": f"tf.nn.gelu(tf.constant({X}, tf.float64))",
    "gelu_float16": "tf.nn.gelu(tf.constant([-2.0, 0.0, 1.5], tf.float16))",
    "gelu_extreme": "tf.nn.gelu(tf.constant([-100.0, 100.0]))",
    "gelu_int_error": "tf.nn.gelu(tf.constant([1, 2]))",
    "gelu_grad": _grad("tf.nn.gelu(x0)", KINKS),
    "gelu_grad_approximate": _grad("tf.nn.gelu(x0, approximate=True)", KINKS),
    "gelu_grad2": _grad2("tf.nn.gelu(x)", "[-1.0, 0.0, 0.5, 2.0]"),
    "swish_default": f"tf.nn.swish(tf.constant({X}))",
    "swish_beta": f"tf.nn.swish(tf.constant({X}), beta=2.0)",
    "silu_alias": f"tf.nn.silu(tf.constant({X}, tf.float64), beta=0.5)",
    "swish_extreme": "tf.nn.swish(tf.constant([-1000.0, 1000.0]))",
    "swish_int_error": "tf.nn.swish(tf.constant([1, 2]))",
    "swish_grad": _grad("tf.nn.swish(x0)", KINKS),
    "swish_grad_beta_tensor": _grad("tf.nn.swish(x0, x1)", "[1.0, -2.0, 0.5]", "1.5"),
    "swish_grad2": _grad2("tf.nn.swish(x)", "[-1.0, 0.0, 0.5, 6.0]"),
    "crelu_default": "tf.nn.crelu(tf.constant([[1.0, -2.0], [0.0, 3.0]]))",
    "crelu_axis0": "tf.nn.crelu(tf.constant([[1.0, -2.0]]), axis=0)",
    "crelu_int": "tf.nn.crelu(tf.constant([1, -2]))",
    "crelu_grad": _grad("tf.nn.crelu(x0)", "[[1.0, -2.0, 0.5]]"),
}

SOFTMAX = {
    "softmax_1d": "tf.nn.softmax(tf.constant([1.0, 2.0, 3.0]))",
    "softmax_2d": f"tf.nn.softmax(tf.constant({LOGITS}))",
    "softmax_axis0": f"tf.nn.softmax(tf.constant({LOGITS}), axis=0)",
    "softmax_axis_negative": f"tf.nn.softmax(tf.constant({LOGITS}), axis=-2)",
    "softmax_axis_tensor": f"tf.nn.softmax(tf.constant({LOGITS}), axis=tf.constant(0))",
    "softmax_rank3_axis1": "tf.nn.softmax(tf.reshape(tf.range(24, dtype=tf.float32) / 7.0, "
                           "[2, 3, 4]), axis=1)",
    "softmax_axis_error": f"tf.nn.softmax(tf.constant({LOGITS}), axis=2)",
    "softmax_scalar_error": _op_error("tf.nn.softmax(tf.constant(1.0))"),
    "softmax_extreme": f"tf.nn.softmax(tf.constant({EXTREME}))",
    "softmax_masked": "tf.nn.softmax(tf.constant([float('-inf'), 0.0, 1.0, float('-inf')]))",
    "softmax_all_masked_nan": "tf.nn.softmax(tf.constant([float('-inf'), float('-inf')]))",
    "softmax_float16": f"tf.nn.softmax(tf.constant({LOGITS}, tf.float16))",
    "softmax_float16_extreme": "tf.nn.softmax(tf.constant([60000.0, 0.0, -60000.0], "
                               "tf.float16))",
    "softmax_float64_numpy": "tf.nn.softmax(np.array([1.0, 2.0]))",
    "softmax_list": "tf.nn.softmax([1.0, 2.0])",
    "softmax_int_error": "tf.nn.softmax([1, 2])",
    "softmax_empty_batch": "tf.nn.softmax(tf.zeros([0, 3]))",
    "softmax_empty_classes": "tf.nn.softmax(tf.zeros([3, 0]))",
    "softmax_grad": _grad("tf.nn.softmax(x0) * tf.constant([1.0, 2.0, 3.0, 4.0])", LOGITS),
    "softmax_grad_axis0": _grad("tf.nn.softmax(x0, axis=0) * tf.constant([[1.0], [2.0], [3.0]])",
                                LOGITS),
    "softmax_grad2": _grad2("tf.nn.softmax(x)[0] * tf.constant([1.0, -1.0, 2.0], tf.float64)",
                            "[0.5, -1.0, 2.0]"),
    "math_softmax": "tf.math.softmax(tf.constant([0.0, 1.0]))",
    "log_softmax_2d": f"tf.nn.log_softmax(tf.constant({LOGITS}))",
    "log_softmax_axis0": f"tf.nn.log_softmax(tf.constant({LOGITS}, tf.float64), axis=0)",
    "log_softmax_extreme": f"tf.nn.log_softmax(tf.constant({EXTREME}))",
    "log_softmax_masked": "tf.nn.log_softmax(tf.constant([float('-inf'), 0.0, 1.0]))",
    # TF computes half precision in half (its result for LOGITS is off by 2e-3); fluxion
    # accumulates in float32, so compare where both round to the same float16 values
    "log_softmax_float16": "tf.nn.log_softmax(tf.constant([[0.0, 1.0, 2.0], [5.0, 4.0, 3.0]],"
                           " tf.float16))",
    "log_softmax_int_error": "tf.nn.log_softmax(tf.constant([1, 2]))",
    "log_softmax_axis_error": "tf.nn.log_softmax(tf.constant([1.0, 2.0]), axis=1)",
    "log_softmax_empty": "tf.nn.log_softmax(tf.zeros([0, 4]))",
    "log_softmax_grad": _grad("tf.nn.log_softmax(x0) * tf.constant([1.0, 0.0, 2.0, -1.0])",
                              LOGITS),
    "log_softmax_grad2": _grad2("tf.nn.log_softmax(x)[1] * 3.0", "[0.5, -1.0, 2.0]"),
    "math_log_softmax": "tf.math.log_softmax(tf.constant([0.0, 1.0]))",
}

SIGMOID_XENT = {
    "sigmoid_xent": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0.0, 1.0, "
                    "0.3, 1.0]), logits=tf.constant([-1.0, 2.0, 0.0, -0.5]))",
    "sigmoid_xent_extreme": "tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 1.0, "
                            "0.0], logits=[100.0, -100.0, 1000.0, -1000.0])",
    "sigmoid_xent_float64": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([[0.0, "
                            "1.0]], tf.float64), logits=tf.constant([[3.0, -3.0]], tf.float64))",
    "sigmoid_xent_float16": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0.0, "
                            "1.0], tf.float16), logits=tf.constant([2.0, -2.0], tf.float16))",
    "sigmoid_xent_shape_error": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant("
                                "[0.0, 1.0]), logits=tf.constant([1.0, 2.0, 3.0]))",
    "sigmoid_xent_broadcast_error": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf."
                                    "constant([[0.0, 1.0]]), logits=tf.constant([1.0, 2.0]))",
    "sigmoid_xent_int_labels_error": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf."
                                     "constant([0, 1]), logits=tf.constant([1.0, 2.0]))",
    "sigmoid_xent_dtype_error": "tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant("
                                "[0.0, 1.0], tf.float64), logits=tf.constant([1.0, 2.0]))",
    "sigmoid_xent_missing": "tf.nn.sigmoid_cross_entropy_with_logits(logits=[1.0])",
    "sigmoid_xent_grad": _grad("tf.nn.sigmoid_cross_entropy_with_logits(x0, x1)",
                               "[[0.2, 0.8], [0.5, 0.5]]", "[[1.0, 2.0], [3.0, -1.0]]"),
    "sigmoid_xent_grad_extreme": _grad("tf.nn.sigmoid_cross_entropy_with_logits(x0, x1)",
                                       "[0.0, 1.0]", "[100.0, -100.0]"),
    "sigmoid_xent_grad2": _grad2("tf.nn.sigmoid_cross_entropy_with_logits("
                                 "tf.constant([0.0, 1.0, 0.3], tf.float64), x)",
                                 "[-1.0, 0.5, 2.0]"),
    "weighted_xent": "tf.nn.weighted_cross_entropy_with_logits(labels=[0.0, 1.0, 0.5], "
                     "logits=[2.0, -3.0, 0.0], pos_weight=2.0)",
    "weighted_xent_extreme": "tf.nn.weighted_cross_entropy_with_logits(labels=[0.0, 1.0], "
                             "logits=[200.0, -300.0], pos_weight=0.5)",
    "weighted_xent_tensor_weight": "tf.nn.weighted_cross_entropy_with_logits(tf.constant([0.0,"
                                   " 1.0]), tf.constant([1.0, -1.0]), tf.constant([3.0, 0.5]))",
    "weighted_xent_list_weight_error": "tf.nn.weighted_cross_entropy_with_logits(labels=[0.0, "
                                       "1.0], logits=[2.0, -3.0], pos_weight=[2.0, 0.5])",
    "weighted_xent_dtype_error": "tf.nn.weighted_cross_entropy_with_logits(labels=[0.0, 1.0], "
                                 "logits=[2.0, -3.0], pos_weight=tf.constant(2.0, tf.float64))",
    "weighted_xent_shape_error": "tf.nn.weighted_cross_entropy_with_logits(labels=[0.0, 1.0], "
                                 "logits=[2.0], pos_weight=2.0)",
    "weighted_xent_grad": _grad("tf.nn.weighted_cross_entropy_with_logits(x0, x1, x2)",
                                "[[0.2, 0.8], [0.5, 0.5]]", "[[1.0, 2.0], [3.0, -1.0]]", "2.0"),
}

SOFTMAX_XENT = {
    "softmax_xent": f"tf.nn.softmax_cross_entropy_with_logits({PROBS}, {LOGITS})",
    "softmax_xent_extreme": "tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0, 0.0], [1.0, "
                            f"0.0, 0.0], [0.5, 0.5, 0.0]], {EXTREME})",
    "softmax_xent_rank1": "tf.nn.softmax_cross_entropy_with_logits([0.0, 1.0], [1.0, 2.0])",
    "softmax_xent_scalar_error": "tf.nn.softmax_cross_entropy_with_logits(1.0, 2.0)",
    "softmax_xent_axis0": f"tf.nn.softmax_cross_entropy_with_logits(tf.transpose({PROBS}), "
                          f"tf.transpose({LOGITS}), axis=0)",
    "softmax_xent_rank3_axis1": "tf.nn.softmax_cross_entropy_with_logits(tf.ones([2, 3, 4]) / "
                                "3.0, tf.reshape(tf.range(24.0), [2, 3, 4]), axis=1)",
    "softmax_xent_int_labels": "tf.nn.softmax_cross_entropy_with_logits([[0, 1]], [[1.0, 2.0]])",
    "softmax_xent_float64_labels": "tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0.0,"
                                   " 1.0]], tf.float64), [[1.0, 2.0]])",
    "softmax_xent_broadcast_labels": "tf.nn.softmax_cross_entropy_with_logits(tf.constant([["
                                     "0.0, 1.0]]), tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "softmax_xent_shape_error": "tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], "
                                "[[1.0, 2.0, 3.0]])",
    "softmax_xent_empty_batch": "tf.nn.softmax_cross_entropy_with_logits(tf.zeros([0, 3]), "
                                "tf.zeros([0, 3]))",
    "softmax_xent_empty_classes": "tf.nn.softmax_cross_entropy_with_logits(tf.zeros([2, 0]), "
                                  "tf.zeros([2, 0]))",
    "softmax_xent_float16": f"tf.nn.softmax_cross_entropy_with_logits(tf.constant({PROBS}, "
                            f"tf.float16), tf.constant({LOGITS}, tf.float16))",
    "softmax_xent_float64": f"tf.nn.softmax_cross_entropy_with_logits(tf.constant({PROBS}, "
                            f"tf.float64), tf.constant({LOGITS}, tf.float64))",
    "softmax_xent_int_logits_error": "tf.nn.softmax_cross_entropy_with_logits([[0, 1]], "
                                     "[[1, 2]])",
    "softmax_xent_grad": _grad("tf.nn.softmax_cross_entropy_with_logits(x0, x1) * "
                               "tf.constant([1.0, 2.0, -1.0])", PROBS, LOGITS),
    "softmax_xent_grad_axis0": _grad("tf.nn.softmax_cross_entropy_with_logits(x0, x1, axis=0)",
                                     "[[0.2, 0.8], [0.8, 0.2]]", "[[1.0, 2.0], [3.0, -1.0]]"),
    "softmax_xent_grad_extreme": _grad("tf.nn.softmax_cross_entropy_with_logits(x0, x1)",
                                       "[[0.0, 1.0, 0.0]]", "[[1000.0, 0.0, -1000.0]]"),
    "softmax_xent_grad_float64_labels": """
labels = tf.constant([[0.3, 0.7]], tf.float64)
logits = tf.constant([[1.0, -1.0]])
with tf.GradientTape() as tape:
    tape.watch([labels, logits])
    y = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
result = tape.gradient(y, [labels, logits])
""",
    "softmax_xent_grad2": _grad2("tf.nn.softmax_cross_entropy_with_logits("
                                 "tf.constant([[0.2, 0.3, 0.5]], tf.float64), x)",
                                 "[[0.5, -1.0, 2.0]]"),
    "sparse_xent": f"tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1, 3], {LOGITS})",
    "sparse_xent_int64": "tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0, 1], "
                         "tf.int64), [[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_extreme": f"tf.nn.sparse_softmax_cross_entropy_with_logits([0, 0, 2], "
                           f"{EXTREME})",
    "sparse_xent_out_of_range": "tf.nn.sparse_softmax_cross_entropy_with_logits([0, 2], "
                                "[[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_negative_label": "tf.nn.sparse_softmax_cross_entropy_with_logits([0, -1], "
                                  "[[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_float_labels_error": "tf.nn.sparse_softmax_cross_entropy_with_logits("
                                      "tf.constant([0.0, 1.0]), [[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_uint8_labels_error": "tf.nn.sparse_softmax_cross_entropy_with_logits("
                                      "tf.constant([0, 1], tf.uint8), [[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_rank_error": "tf.nn.sparse_softmax_cross_entropy_with_logits([[0, 1]], "
                              "[[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_shape_error": "tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1, 1], "
                               "[[1.0, 2.0], [3.0, 4.0]])",
    "sparse_xent_scalar_logits_error": "tf.nn.sparse_softmax_cross_entropy_with_logits(0, 1.0)",
    "sparse_xent_scalar_label": "tf.nn.sparse_softmax_cross_entropy_with_logits(1, [1.0, 2.0])",
    "sparse_xent_rank3": "tf.nn.sparse_softmax_cross_entropy_with_logits([[0, 1], [2, 0]], "
                         "tf.reshape(tf.range(12.0), [2, 2, 3]))",
    "sparse_xent_empty_batch": "tf.nn.sparse_softmax_cross_entropy_with_logits(tf.zeros([0], "
                               "tf.int32), tf.zeros([0, 3]))",
    "sparse_xent_no_classes_error": "tf.nn.sparse_softmax_cross_entropy_with_logits(tf.zeros("
                                    "[2], tf.int32), tf.zeros([2, 0]))",
    "sparse_xent_int_logits_error": "tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1], "
                                    "tf.constant([[1, 2], [3, 4]]))",
    "sparse_xent_float16": f"tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1, 3], "
                           f"tf.constant({LOGITS}, tf.float16))",
    "sparse_xent_float16_extreme": "tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1], "
                                   "tf.constant([[1e4, -1e4], [3.0, 4.0]], tf.float16))",
    "sparse_xent_float64": f"tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1, 3], "
                           f"tf.constant({LOGITS}, tf.float64))",
    "sparse_xent_missing": "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0])",
    "sparse_xent_grad": _grad("tf.nn.sparse_softmax_cross_entropy_with_logits("
                              "tf.constant([0, 1, 3]), x0) * tf.constant([1.0, 2.0, -1.0])",
                              LOGITS),
    "sparse_xent_grad_rank3": _grad("tf.nn.sparse_softmax_cross_entropy_with_logits("
                                    "tf.constant([[0, 1], [2, 0]]), x0)",
                                    "[[[1.0, 2.0, 0.0], [0.5, 0.5, -1.0]], "
                                    "[[3.0, 0.0, 1.0], [2.0, 2.0, 2.0]]]"),
    "sparse_xent_grad2": _grad2("tf.nn.sparse_softmax_cross_entropy_with_logits("
                                "tf.constant([2]), x)", "[[0.5, -1.0, 2.0]]"),
    "sparse_xent_label_grad_none": """
labels = tf.constant([0, 1])
logits = tf.constant([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape() as tape:
    tape.watch([labels, logits])
    y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)
result = [tape.gradient(y, labels)]
""",
}

LOSSES = {
    "l2_loss_matrix": "tf.nn.l2_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "l2_loss_list": "tf.nn.l2_loss([1.0, 2.0])",
    "l2_loss_float64_scalar": "tf.nn.l2_loss(tf.constant(3.0, tf.float64))",
    "l2_loss_float16": "tf.nn.l2_loss(tf.constant([100.0, 200.0, 3.0], tf.float16))",
    "l2_loss_empty": "tf.nn.l2_loss(tf.zeros([0, 4]))",
    "l2_loss_int_error": "tf.nn.l2_loss(tf.constant([1, 2]))",
    "l2_loss_grad": _grad("tf.nn.l2_loss(x0)", "[[1.0, -2.0], [3.0, 0.5]]"),
    "log_poisson_loss": "tf.nn.log_poisson_loss(tf.constant([1.0, 2.0, 0.0]), "
                        "tf.constant([0.5, 1.0, -1.0]))",
    "log_poisson_loss_full": "tf.nn.log_poisson_loss(tf.constant([0.0, 0.5, 1.0, 2.0, 5.0]), "
                             "tf.constant([0.5, 0.1, 1.0, 2.0, 1.5]), compute_full_loss=True)",
    "log_poisson_loss_shape_error": "tf.nn.log_poisson_loss(tf.constant([1.0, 2.0]), "
                                    "tf.constant([0.5]))",
    "log_poisson_loss_grad": _grad("tf.nn.log_poisson_loss(x0, x1, compute_full_loss=True)",
                                   "[2.0, 3.0]", "[0.5, 1.0]"),
    "average_loss": "tf.nn.compute_average_loss([1.0, 2.0, 3.0])",
    "average_loss_global_batch": "tf.nn.compute_average_loss([1.0, 2.0, 3.0], "
                                 "global_batch_size=6)",
    "average_loss_tensor_batch": "tf.nn.compute_average_loss([1.0, 2.0], "
                                 "global_batch_size=tf.constant(4))",
    "average_loss_zero_batch": "tf.nn.compute_average_loss([1.0, 2.0], global_batch_size=0)",
    "average_loss_float_batch_error": "tf.nn.compute_average_loss([1.0, 2.0], "
                                      "global_batch_size=2.5)",
    "average_loss_weights": "tf.nn.compute_average_loss([1.0, 2.0, 3.0], "
                            "sample_weight=[1.0, 0.0, 2.0])",
    "average_loss_weight_expanded": "tf.nn.compute_average_loss([[1.0, 2.0]], "
                                    "sample_weight=[[3.0]])",
    "average_loss_weight_rank_below": "tf.nn.compute_average_loss([[1.0, 2.0], [3.0, 4.0]], "
                                      "sample_weight=[1.0, 2.0])",
    "average_loss_int_weight": "tf.nn.compute_average_loss([1.0, 2.0], sample_weight=2)",
    "average_loss_float64": "tf.nn.compute_average_loss(tf.constant([1.0, 2.0], tf.float64), "
                            "sample_weight=tf.constant(2.0))",
    "average_loss_int": "tf.nn.compute_average_loss(tf.constant([1, 2]))",
    "average_loss_2d": "tf.nn.compute_average_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "average_loss_scalar_error": "tf.nn.compute_average_loss(3.0)",
    "average_loss_grad": _grad("tf.nn.compute_average_loss(x0, sample_weight=x1)",
                               "[1.0, 2.0, 3.0]", "[0.5, 1.0, 2.0]"),
    "scale_regularization_loss": "tf.nn.scale_regularization_loss(2.0)",
    "scale_regularization_loss_list": "tf.nn.scale_regularization_loss([2.0, 3.0])",
    "scale_regularization_loss_int": "tf.nn.scale_regularization_loss(tf.constant([2, 3]))",
}

NORM = {
    "bias_add_2d": "tf.nn.bias_add(tf.ones([2, 3]), [1.0, 2.0, 3.0])",
    "bias_add_4d_nhwc": "tf.nn.bias_add(tf.reshape(tf.range(24.0), [1, 2, 3, 4]), "
                        "[1.0, 2.0, 3.0, 4.0])",
    "bias_add_nchw_3d": "tf.nn.bias_add(tf.ones([2, 3, 4]), [1.0, 2.0, 3.0], data_format='NCHW')",
    "bias_add_nchw_4d": "tf.nn.bias_add(tf.reshape(tf.range(24.0), [1, 2, 3, 4]), [10.0, 20.0], "
                        "data_format='NCHW')",
    "bias_add_ncdhw": "tf.nn.bias_add(tf.ones([1, 2, 1, 1, 2]), [1.0, 2.0], "
                      "data_format='NCDHW')",
    "bias_add_ncw_2d": "tf.nn.bias_add(tf.ones([2, 3]), [1.0, 2.0, 3.0], data_format='NCW')",
    "bias_add_nwc": "tf.nn.bias_add(tf.ones([1, 2, 3]), [1.0, 2.0, 3.0], data_format='NWC')",
    "bias_add_bad_format": "tf.nn.bias_add(tf.ones([2, 3]), tf.ones([3]), data_format='XYZ')",
    "bias_add_size_error": "tf.nn.bias_add(tf.ones([2, 3]), [1.0, 2.0])",
    "bias_add_rank1_error": "tf.nn.bias_add(tf.ones([3]), [1.0, 2.0, 3.0])",
    "bias_add_bias_2d_error": "tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3]))",
    "bias_add_bias_scalar_error": "tf.nn.bias_add(tf.ones([2, 3]), 1.0)",
    "bias_add_int": "tf.nn.bias_add(tf.ones([2, 3], tf.int32), tf.constant([1, 2, 3]))",
    "bias_add_dtype_error": "tf.nn.bias_add(tf.ones([2, 3]), tf.ones([3], tf.float64))",
    "bias_add_grad": _grad("tf.nn.bias_add(x0, x1) * tf.constant([[1.0, 2.0, 3.0]])",
                           "[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]", "[0.5, -1.0, 2.0]"),
    "bias_add_grad_nchw": _grad("tf.nn.bias_add(x0, x1, data_format='NCHW') * "
                                "tf.reshape(tf.range(12.0), [1, 2, 2, 3])",
                                "tf.ones([1, 2, 2, 3])", "[1.0, 2.0]"),
    "moments_axis0": "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axes=[0])",
    "moments_all_keepdims": "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), "
                            "axes=[0, 1], keepdims=True)",
    "moments_int_axis": "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axes=1)",
    "moments_int_input": "tf.nn.moments(tf.constant([[1, 2], [3, 5]]), axes=[0])",
    "moments_float16": "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]], tf.float16), "
                       "axes=[0])",
    "moments_shift_ignored": "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axes=[0], "
                             "shift=5.0)",
    "moments_bad_axis": "tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axes=[2])",
    "moments_conv_axes": "tf.nn.moments(tf.reshape(tf.range(24.0), [2, 2, 3, 2]), "
                         "axes=[0, 1, 2])",
    "moments_grad": """
x = tf.constant([[1.0, 2.0, 4.0], [3.0, 5.0, -1.0]])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    m, v = tf.nn.moments(x, axes=[1])
    y = tf.reduce_sum(m * 2.0) + tf.reduce_sum(v * tf.constant([1.0, 3.0]))
result = tape.gradient(y, x)
""",
    "weighted_moments": "tf.nn.weighted_moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), [0], "
                        "tf.constant([[1.0], [3.0]]))",
    "weighted_moments_zero_weight": "tf.nn.weighted_moments(tf.constant([1.0, 2.0]), [0], "
                                    "tf.constant([0.0, 0.0]), keepdims=True)",
    "sufficient_statistics": "tf.nn.sufficient_statistics(tf.constant([[1.0, 2.0], "
                             "[3.0, 5.0]]), [0])",
    "sufficient_statistics_shift": "tf.nn.sufficient_statistics(tf.constant([[1.0, 2.0], "
                                   "[3.0, 5.0]]), [0, 1], shift=1.0, keepdims=True)",
    "normalize_moments": "tf.nn.normalize_moments(tf.constant(2.0), tf.constant([2.0, 4.0]), "
                         "tf.constant([10.0, 20.0]), None)",
    "normalize_moments_shift": "tf.nn.normalize_moments(tf.constant(2.0), tf.constant([2.0, "
                               "4.0]), tf.constant([10.0, 20.0]), tf.constant(1.0))",
    "batch_normalization": "tf.nn.batch_normalization(tf.constant([[1.0, 2.0], [3.0, 5.0]]), "
                           "1.0, 4.0, 0.5, 2.0, 1e-3)",
    "batch_normalization_no_affine": "tf.nn.batch_normalization(tf.constant([[1.0, 2.0], "
                                     "[3.0, 5.0]]), 1.0, 4.0, None, None, 1e-3)",
    "batch_normalization_vectors": "tf.nn.batch_normalization(tf.constant([[1.0, 2.0], [3.0, "
                                   "5.0]]), tf.constant([2.0, 3.5]), tf.constant([1.0, 2.25]), "
                                   "tf.constant([0.0, 1.0]), tf.constant([1.0, 0.5]), 0.001)",
    "batch_normalization_dtype_error": "tf.nn.batch_normalization(tf.constant([[1.0, 2.0]]), "
                                       "tf.constant(1.0, tf.float64), 4.0, None, None, 1e-3)",
    "batch_normalization_float64": "tf.nn.batch_normalization(tf.constant([1.0, 2.0], "
                                   "tf.float64), 1.0, 4.0, 0.5, 2.0, 1e-3)",
    "batch_normalization_grad": _grad("tf.nn.batch_normalization(x0, x1, x2, x3, x4, 1e-3) * "
                                      "tf.constant([[1.0, -2.0]])",
                                      "[[1.0, 2.0], [3.0, 5.0]]", "[2.0, 3.5]", "[1.0, 2.25]",
                                      "[0.0, 1.0]", "[1.0, 0.5]"),
    "batch_norm_global": "tf.nn.batch_norm_with_global_normalization(tf.constant([[1.0, 2.0]]),"
                         " 1.0, 4.0, 0.5, 2.0, 1e-3, False)",
    "batch_norm_global_scaled": "tf.nn.batch_norm_with_global_normalization(tf.constant([[1.0, "
                                "2.0]]), 1.0, 4.0, 0.5, 2.0, 1e-3, True)",
    "l2_normalize_axis1": "tf.nn.l2_normalize([[3.0, 4.0], [0.0, 0.0]], axis=1)",
    "l2_normalize_all": "tf.nn.l2_normalize([[3.0, 4.0], [1.0, 2.0]])",
    "l2_normalize_axes_list": "tf.nn.l2_normalize([[3.0, 4.0], [0.0, 0.0]], axis=[0, 1])",
    "l2_normalize_axis0": "tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [4.0, 3.0]], "
                          "tf.float64), axis=0)",
    "l2_normalize_epsilon": "tf.nn.l2_normalize([3.0, 4.0], epsilon=100.0)",
    "l2_normalize_int_error": "tf.nn.l2_normalize([3, 4])",
    "l2_normalize_math": "tf.math.l2_normalize([3.0, 4.0])",
    "l2_normalize_linalg": "tf.linalg.l2_normalize([3.0, 4.0])",
    "l2_normalize_grad": _grad("tf.nn.l2_normalize(x0, axis=1) * tf.constant([[1.0, 2.0]])",
                               "[[3.0, 4.0], [1.0, -2.0]]"),
    "l2_normalize_grad_zero": _grad("tf.nn.l2_normalize(x0)", "[0.0, 0.0]"),
    "lrn": "tf.nn.lrn(tf.reshape(tf.range(8.0), [1, 1, 2, 4]), depth_radius=1)",
    "lrn_defaults": "tf.nn.local_response_normalization(tf.reshape(tf.range(16.0) / 10.0, "
                    "[1, 2, 1, 8]))",
    "lrn_params": "tf.nn.lrn(tf.reshape(tf.range(12.0), [1, 1, 2, 6]), depth_radius=2, "
                  "bias=2.0, alpha=0.5, beta=0.75)",
    "lrn_rank_error": _op_error("tf.nn.lrn(tf.ones([2, 3]))"),
    "lrn_grad": _grad("tf.nn.lrn(x0, depth_radius=1, alpha=0.5) * "
                      "tf.constant([1.0, -1.0, 2.0, 0.5])",
                      "[[[[1.0, 2.0, -1.0, 0.5]]]]"),
    "zero_fraction": "tf.nn.zero_fraction([0.0, 1.0, 0.0])",
    "zero_fraction_int": "tf.nn.zero_fraction(tf.constant([[0, 1], [0, 0]]))",
    "zero_fraction_math": "tf.math.zero_fraction([1.0, 2.0])",
}

EMBEDDING = {
    "embedding_lookup": "tf.nn.embedding_lookup(tf.constant([[1.0, 2.0], [3.0, 4.0], "
                        "[5.0, 6.0]]), [2, 0, 2])",
    "embedding_lookup_2d_ids": "tf.nn.embedding_lookup(tf.constant([[1.0, 2.0], [3.0, 4.0], "
                               "[5.0, 6.0]]), [[2, 0], [1, 1]])",
    "embedding_lookup_scalar_id": "tf.nn.embedding_lookup(tf.constant([[1.0, 2.0], "
                                  "[3.0, 4.0]]), 1)",
    "embedding_lookup_out_of_range": "tf.nn.embedding_lookup(tf.constant([[1.0, 2.0], "
                                     "[3.0, 4.0], [5.0, 6.0]]), 3)",
    "embedding_lookup_max_norm": "tf.nn.embedding_lookup(tf.constant([[3.0, 4.0], [0.3, 0.4]]),"
                                 " [0, 1], max_norm=1.0)",
    "embedding_lookup_int_params": "tf.nn.embedding_lookup(tf.constant([10, 20, 30]), [2, 0])",
    "embedding_lookup_shards": "tf.nn.embedding_lookup([tf.constant([[1.0, 2.0]]), "
                               "tf.constant([[3.0, 4.0]])], [1, 0])",
    "embedding_lookup_uneven_shards": "tf.nn.embedding_lookup([tf.constant([[0.0], [1.0]]), "
                                      "tf.constant([[2.0], [3.0]]), tf.constant([[4.0]])], "
                                      "[4, 0, 3, 2, 1])",
    "embedding_lookup_shard_out_of_range": "tf.nn.embedding_lookup([tf.constant([[0.0], "
                                           "[1.0]]), tf.constant([[2.0]])], [3])",
    "embedding_lookup_empty_list_error": "tf.nn.embedding_lookup([], [0])",
    "embedding_lookup_grad": """
params = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
with tf.GradientTape() as tape:
    rows = tf.nn.embedding_lookup(params, [2, 0, 2])
    y = tf.reduce_sum(rows * tf.constant([[1.0], [2.0], [3.0]]))
result = tf.convert_to_tensor(tape.gradient(y, params))
""",
    "embedding_lookup_grad_max_norm": """
params = tf.constant([[3.0, 4.0], [0.3, 0.4]])
with tf.GradientTape() as tape:
    tape.watch(params)
    rows = tf.nn.embedding_lookup(params, [0, 1], max_norm=1.0)
    y = tf.reduce_sum(rows * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
result = tf.convert_to_tensor(tape.gradient(y, params))
""",
}

TRAINING = {
    "softmax_regression_step": """
w = tf.Variable([[0.1, -0.2, 0.3], [0.0, 0.5, -0.5]])
b = tf.Variable([0.0, 0.1, -0.1])
x = tf.constant([[1.0, 2.0], [-1.0, 0.5], [0.3, 0.3]])
y = tf.constant([2, 0, 1])
with tf.GradientTape() as tape:
    logits = tf.nn.bias_add(tf.matmul(x, w), b)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
    loss += 0.01 * tf.nn.l2_loss(w)
gw, gb = tape.gradient(loss, [w, b])
result = [loss, gw, gb]
""",
    "mlp_relu_step": """
w1 = tf.Variable([[0.5, -0.3], [0.2, 0.8]])
w2 = tf.Variable([[1.0], [-1.0]])
x = tf.constant([[1.0, -2.0], [0.5, 0.5], [2.0, 1.0]])
z = tf.constant([[1.0], [0.0], [1.0]])
with tf.GradientTape() as tape:
    h = tf.nn.relu(tf.matmul(x, w1))
    logits = tf.matmul(h, w2)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(z, logits))
result = [loss] + tape.gradient(loss, [w1, w2])
""",
    "batchnorm_layer_grad": """
x = tf.constant([[1.0, 2.0], [3.0, 5.0], [-1.0, 0.5]])
gamma = tf.Variable([1.0, 2.0])
beta = tf.Variable([0.0, -1.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    mean, var = tf.nn.moments(x, axes=[0])
    y = tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-3)
    loss = tf.reduce_sum(y * tf.constant([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]]))
result = [y] + tape.gradient(loss, [x, gamma, beta])
""",
}

MORE = {
    "relu_variable": "tf.nn.relu(tf.Variable([-1.0, 2.0]))",
    "softmax_variable": "tf.nn.softmax(tf.Variable([[1.0, 2.0], [0.0, 0.0]]))",
    "gelu_variable_grad": """
v = tf.Variable([[-1.0, 0.5], [2.0, -3.0]])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.nn.gelu(v) * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
result = tape.gradient(y, v)
""",
    "nn_sigmoid": "tf.nn.sigmoid(tf.constant([-2.0, 0.0, 2.0]))",
    "nn_tanh": "tf.nn.tanh(tf.constant([-2.0, 0.0, 2.0]))",
    "log_softmax_rank3": "tf.nn.log_softmax(tf.reshape(tf.range(12.0), [2, 3, 2]))",
    "softmax_grad_rank3_axis1": _grad("tf.nn.softmax(x0, axis=1) * tf.reshape(tf.range(12.0), "
                                      "[2, 3, 2])", "tf.reshape(tf.range(12.0) / 5.0, [2, 3, 2])"),
    "relu6_float64_grad": _grad("tf.nn.relu6(x0)", "[-1.0, 3.0, 7.0]", dtype="tf.float64"),
    "sparse_xent_float64_grad": _grad("tf.nn.sparse_softmax_cross_entropy_with_logits("
                                      "tf.constant([1, 0], tf.int64), x0)",
                                      "[[0.5, 1.5, -1.0], [2.0, 0.0, 0.0]]", dtype="tf.float64"),
    "sparse_xent_labels_list_int64_values": "tf.nn.sparse_softmax_cross_entropy_with_logits("
                                            "np.array([1, 0]), [[0.5, 1.5], [2.0, 0.0]])",
    "moments_variable_keepdims": "tf.nn.moments(tf.Variable([[1.0, 2.0], [3.0, 6.0]]), [1], "
                                 "keepdims=True)",
    "l2_normalize_dim": "tf.nn.l2_normalize([[3.0, 4.0], [6.0, 8.0]], dim=1)",
    "bias_add_variable_grad": """
b = tf.Variable([0.5, -0.5])
x = tf.ones([3, 2])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.nn.relu(tf.nn.bias_add(x, b)) * tf.constant([[1.0, 2.0]]))
result = tape.gradient(y, b)
""",
    "average_loss_weight_column": "tf.nn.compute_average_loss([1.0, 2.0, 3.0], "
                                  "sample_weight=[[1.0], [2.0], [0.0]])",
    "weighted_xent_int_weight": "tf.nn.weighted_cross_entropy_with_logits([0.0, 1.0], "
                                "[0.5, -0.5], 3)",
    "embedding_lookup_int64_ids": "tf.nn.embedding_lookup(tf.constant([[1.0], [2.0], [3.0]]), "
                                  "tf.constant([2, 1], tf.int64))",
    "embedding_lookup_float_ids_error": "tf.nn.embedding_lookup(tf.constant([[1.0], [2.0]]), "
                                        "tf.constant([1.0]))",
    "leaky_relu_variable_grad": """
v = tf.Variable([-2.0, 3.0])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.nn.leaky_relu(v, alpha=0.1))
result = tape.gradient(y, v)
""",
    "swish_variable_beta_grad": """
x = tf.constant([1.0, -2.0, 0.5])
beta = tf.Variable(1.5)
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.nn.swish(x, beta))
result = tape.gradient(y, beta)
""",
    "swish_numpy_beta": "tf.nn.swish(tf.constant([1.0, -2.0]), np.float32(2.0))",
    "softmax_xent_labels_grad_none_for_constant": """
labels = tf.constant([[0.0, 1.0]])
logits = tf.Variable([[1.0, 2.0]])
with tf.GradientTape() as tape:
    y = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
result = [tape.gradient(y, labels), tape.gradient is not None]
""",
}

SNIPPETS = {**ACTIVATIONS, **SOFTMAX, **SIGMOID_XENT, **SOFTMAX_XENT, **LOSSES, **NORM,
            **EMBEDDING, **TRAINING, **MORE}
