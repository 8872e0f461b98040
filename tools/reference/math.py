"""TF2 reference snippets for elementwise math: arithmetic, integer semantics, unary functions,
comparisons, logical ops, where/clip, complex helpers, operators and gradients."""


def _grad(expr: str, *values: str, dtype: str = "tf.float32") -> str:
    """Code for the gradient of `expr` (of x0, x1, ...) with respect to each constant."""
    lines = [f"x{i} = tf.constant({v}, {dtype})" for i, v in enumerate(values)]
    xs = ", ".join(f"x{i}" for i in range(len(values)))
    lines += ["with tf.GradientTape() as tape:", f"    tape.watch([{xs}])", f"    y = {expr}",
              f"result = tape.gradient(y, [{xs}])"]
    return "\n".join(lines)


def _grad2(expr: str, value: str, dtype: str = "tf.float64") -> str:
    """Code for the first and second derivatives of `expr` (of x) at `value`."""
    return "\n".join([
        f"x = tf.constant({value}, {dtype})",
        "with tf.GradientTape() as t2:",
        "    t2.watch(x)",
        "    with tf.GradientTape() as t1:",
        "        t1.watch(x)",
        f"        y = {expr}",
        "    d1 = t1.gradient(y, x)",
        "result = [d1, t2.gradient(d1, x)]",
    ])


def _dtype_table(expr: str) -> str:
    """Code for the result dtype (or error class) of `expr` (of x) for each dtype of x."""
    return "\n".join([
        "result = []",
        "for d in [tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8, tf.uint16, tf.uint32, "
        "tf.uint64, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128, tf.bool]:",
        "    x = tf.constant([True]) if d == tf.bool else tf.constant([1], d)",
        "    try:",
        f"        result.append({expr}.dtype.name)",
        "    except Exception as e:",
        "        result.append(type(e).__name__)",
    ])


F32 = "tf.constant([-2.5, -1.0, -0.0, 0.0, 0.5, 3.0])"
EDGE = "tf.constant([float('-inf'), -1.0, -0.0, 0.0, 1.0, float('inf'), float('nan')])"

ARITHMETIC = {
    "add_int8": "tf.add(tf.constant([100, -100], tf.int8), tf.constant([100, -100], tf.int8))",
    "add_uint8_wraps": "tf.constant([250], tf.uint8) + tf.constant([10], tf.uint8)",
    "add_float16": "tf.add(tf.constant([1.5, 2.25], tf.float16), tf.constant(0.5, tf.float16))",
    "add_complex": "tf.add(tf.constant([1 + 2j]), tf.constant([3 - 1j]))",
    "add_bool_error": "tf.add(tf.constant([True]), tf.constant([False]))",
    "add_python_ints": "tf.add(1, 2)",
    "add_python_float_int": "tf.add(1.5, 2)",
    "add_python_int_float": "tf.add(1, 2.5)",
    "add_list_and_tensor": "tf.add([1.0, 2.0], tf.constant(3.0))",
    "add_broadcast_3d": "tf.add(tf.ones([2, 1, 3]), tf.ones([4, 1]))",
    "add_empty": "tf.add(tf.ones([0, 3]), tf.ones([3]))",
    "add_inf_nan": f"{EDGE} + tf.constant(float('inf'))",
    "subtract_uint8_wraps": "tf.constant([1], tf.uint8) - tf.constant([2], tf.uint8)",
    "subtract_bool_error": "tf.subtract(tf.constant(True), tf.constant(False))",
    "subtract_reflected": "5 - tf.constant([1, 2])",
    # `*` on bool tensors is logical and in TF; tf.multiply itself rejects bool, which fluxion
    # cannot mirror while Tensor.__mul__ is math_ops.multiply (see the math helper's report).
    "multiply_op_bool": "tf.constant([True, False]) * tf.constant([True, True])",
    "multiply_int16": "tf.constant([300], tf.int16) * tf.constant([300], tf.int16)",
    "multiply_complex128": "tf.multiply(tf.constant([1 + 1j], tf.complex128), 2)",
    "multiply_zero_inf": "tf.constant([0.0, -0.0]) * tf.constant(float('inf'))",
    "multiply_dtype_error": "tf.multiply(tf.constant(1.0), tf.constant(1.0, tf.float64))",
    "divide_python_ints": "tf.divide(7, 2)",
    "divide_int_by_python": "tf.constant([7, -7]) / 2",
    "truediv_uint8": "tf.constant([7], tf.uint8) / tf.constant([2], tf.uint8)",
    "truediv_int16": "tf.math.truediv(tf.constant([7], tf.int16), tf.constant([2], tf.int16))",
    "truediv_int_by_zero": "tf.constant([1, -1, 0]) / tf.constant(0)",
    "truediv_bool_error": "tf.constant([True]) / tf.constant([True])",
    "truediv_int_mismatch_error": "tf.constant([1]) / tf.constant([1], tf.int64)",
    "truediv_complex": "tf.constant([1 + 1j]) / tf.constant([1 - 1j])",
    "divide_reflected": "1.0 / tf.constant([2.0, 0.0, -0.0])",
    "realdiv": "tf.realdiv(tf.constant([1.0, 3.0]), tf.constant(2.0))",
    "floordiv_int": "tf.math.floordiv(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))",
    "floordiv_op_int": "tf.constant([7, -7, 0]) // 3",
    "floordiv_float": "tf.constant([7.5, -7.5, 1.0, -1.0]) // tf.constant([2.0, 2.0, 0.0, 0.0])",
    "floordiv_uint8": "tf.constant([7, 255], tf.uint8) // tf.constant([2, 16], tf.uint8)",
    "floordiv_int_zero_error": "tf.constant([1, 2]) // tf.constant([1, 0])",
    "floordiv_int64": "tf.constant([-(2**40)], tf.int64) // tf.constant([3], tf.int64)",
    "floordiv_reflected": "7 // tf.constant([2, -2])",
    "floordiv_int_float_error": "tf.constant(5) // 2.5",
    "floormod_int": "tf.math.floormod(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))",
    "floormod_op_float": "tf.constant([5.5, -5.5, 5.5, -5.5]) % "
                         "tf.constant([2.0, 2.0, -2.0, -2.0])",
    "floormod_float_zero": "tf.math.floormod(tf.constant([1.0, -1.0, 0.0]), 0.0)",
    "floormod_int_zero_error": "tf.constant([3]) % tf.constant([0])",
    "floormod_float_exact": "tf.math.floormod(tf.constant([6.0, -6.0, 1e-30]), 3.0)",
    "mod_alias": "tf.math.mod(tf.constant([-3, 3]), 2)",
    "truncatediv_int": "tf.truncatediv(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))",
    "truncatemod_int": "tf.truncatemod(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))",
    "truncatemod_float": "tf.truncatemod(tf.constant([5.5, -5.5]), tf.constant([2.0, 2.0]))",
    "truncatediv_zero_error": "tf.truncatediv(tf.constant([1]), tf.constant([0]))",
    "pow_python_ints": "tf.pow(2, 10)",
    "pow_int_tensor": "tf.constant([2, -3, 0, 1]) ** 3",
    "pow_int_zero_exponent": "tf.pow(tf.constant([0, 5]), 0)",
    "pow_int_negative_error": "tf.pow(tf.constant([2]), tf.constant([-1]))",
    "pow_one_negative_error": "tf.pow(tf.constant([1]), -2)",
    "pow_int_float_exponent_error": "tf.constant(2) ** 0.5",
    "pow_float": "tf.pow(tf.constant([4.0, -8.0, 0.0, 0.0, -2.0]), "
                 "tf.constant([0.5, 1.0 / 3.0, 0.0, -1.0, 2.0]))",
    "pow_float_reflected": "2.0 ** tf.constant([1.0, -1.0, 0.5])",
    "pow_float16": "tf.pow(tf.constant([2.0, 3.0], tf.float16), 2.0)",
    "pow_complex": "tf.pow(tf.constant([1j], tf.complex128), tf.constant([2 + 0j], tf.complex128))",
    "pow_broadcast": "tf.pow(tf.constant([[1.0], [2.0]]), tf.constant([1.0, 2.0, 3.0]))",
    "pow_int64": "tf.pow(tf.constant([3], tf.int64), tf.constant([30], tf.int64))",
    "pow_dtype_error": "tf.pow(tf.constant(2.0), tf.constant(2))",
    "negative_int": "tf.negative(tf.constant([1, -2, 0]))",
    "negative_op_float": f"-{F32}",
    "negative_bool_error": "tf.negative(tf.constant([True]))",
    "negative_int8_min": "tf.negative(tf.constant([-128], tf.int8))",
    "scalar_mul": "tf.math.scalar_mul(2.0, tf.constant([1.0, 2.0]))",
    "scalar_mul_tensor_scalar": "tf.math.scalar_mul(tf.constant(3), tf.constant([1, 2]))",
    "scalar_mul_not_scalar_error": "tf.math.scalar_mul(tf.constant([2.0, 3.0]), "
                                   "tf.constant([1.0, 2.0]))",
    "squared_difference": "tf.math.squared_difference(tf.constant([1.0, 5.0]), tf.constant(3.0))",
    "squared_difference_int": "tf.math.squared_difference(tf.constant([1, 5]), "
                              "tf.constant([4, 1]))",
    "divide_no_nan": "tf.math.divide_no_nan(tf.constant([1.0, -1.0, 0.0, 3.0, float('nan'), "
                     "float('inf')]), tf.constant([0.0, 0.0, 0.0, 2.0, 0.0, 0.0]))",
    "divide_no_nan_float64": "tf.math.divide_no_nan(tf.constant([[1.0], [2.0]], tf.float64), "
                             "tf.constant([0.0, 4.0], tf.float64))",
    "divide_no_nan_int": "tf.math.divide_no_nan(tf.constant([1]), tf.constant([0]))",
    "multiply_no_nan": "tf.math.multiply_no_nan(tf.constant([float('inf'), float('nan'), 2.0]), "
                       "tf.constant([0.0, 0.0, 3.0]))",
    "reciprocal_no_nan": "tf.math.reciprocal_no_nan(tf.constant([0.0, 2.0, -4.0]))",
    "xlogy": "tf.math.xlogy(tf.constant([0.0, 0.0, 0.0, 1.0, 2.0, 3.0]), "
             "tf.constant([0.0, -1.0, float('nan'), 0.0, 3.0, -1.0]))",
    "xlogy_nan_x": "tf.math.xlogy(tf.constant([float('nan')]), tf.constant([0.0]))",
    "xdivy": "tf.math.xdivy(tf.constant([0.0, 0.0, 1.0, 4.0]), tf.constant([0.0, float('nan'), "
             "0.0, 2.0]))",
    "xlog1py": "tf.math.xlog1py(tf.constant([0.0, 0.0, 2.0]), tf.constant([-1.0, 1.0, 1e-8]))",
    "xlogy_int_error": "tf.math.xlogy(tf.constant([1]), tf.constant([1]))",
}

UNARY = {
    "abs_int8_min_wraps": "tf.abs(tf.constant([-128, -5, 7], tf.int8))",
    "abs_float_edges": f"tf.abs({EDGE})",
    "abs_complex64_real_dtype": "tf.abs(tf.constant([3 + 4j, -1j], tf.complex64))",
    "abs_complex128": "tf.math.abs(tf.constant([3 + 4j], tf.complex128))",
    "abs_op_int64": "abs(tf.constant([-3], tf.int64))",
    "abs_uint8": "tf.abs(tf.constant([3], tf.uint8))",
    "abs_bool_error": "tf.abs(tf.constant([True]))",
    "sign_float": f"tf.sign({EDGE})",
    "sign_int": "tf.sign(tf.constant([-5, 0, 3]))",
    "sign_complex": "tf.sign(tf.constant([3 + 4j, 0j], tf.complex64))",
    "square_int": "tf.square(tf.constant([-3, 4]))",
    "square_complex": "tf.square(tf.constant([1 + 2j]))",
    "square_bool_error": "tf.square(tf.constant([True]))",
    "sqrt_edges": f"tf.sqrt({EDGE})",
    "sqrt_float16": "tf.sqrt(tf.constant([4.0, 2.0], tf.float16))",
    "sqrt_complex": "tf.sqrt(tf.constant([-4 + 0j], tf.complex64))",
    "rsqrt": "tf.math.rsqrt(tf.constant([4.0, 0.0, -0.0, -1.0, float('inf')]))",
    "rsqrt_int_error": "tf.math.rsqrt(tf.constant([4]))",
    "exp_edges": f"tf.exp({EDGE})",
    "exp_overflow_float32": "tf.exp(tf.constant([88.0, 89.0, -104.0]))",
    "exp_int_error": "tf.exp(tf.constant([1]))",
    "exp_complex": "tf.exp(tf.constant([1j * 3.141592653589793], tf.complex128))",
    "expm1_small": "tf.math.expm1(tf.constant([1e-10, -1e-10, 0.0, 1.0], tf.float64))",
    "expm1_edges": f"tf.math.expm1({EDGE})",
    "log_edges": f"tf.math.log({EDGE})",
    "log_float16": "tf.math.log(tf.constant([1.0, 2.0], tf.float16))",
    "log_complex": "tf.math.log(tf.constant([-1 + 0j], tf.complex128))",
    "log1p_small": "tf.math.log1p(tf.constant([1e-10, -1e-10, -1.0, -2.0], tf.float64))",
    "log1p_edges": f"tf.math.log1p({EDGE})",
    "log_int_error": "tf.math.log(tf.constant([1]))",
    "sin_cos_tan": "[tf.sin(tf.constant([0.0, 1.0, -0.0, 100.0])), tf.cos(tf.constant([0.0, 1.0, "
                   "100.0])), tf.tan(tf.constant([0.0, 1.0, -1.5]))]",
    "sin_inf_nan": "tf.sin(tf.constant([float('inf'), float('nan')]))",
    "sin_int_error": "tf.sin(tf.constant([1]))",
    "asin_acos": "[tf.asin(tf.constant([0.5, -1.0, 2.0])), tf.acos(tf.constant([0.5, 1.0, -2.0]))]",
    "atan": "tf.atan(tf.constant([float('inf'), -1.0, 0.0], tf.float64))",
    "atan2_signed_zeros": "tf.atan2(tf.constant([0.0, 0.0, -0.0, -0.0, 1.0, -1.0]), "
                          "tf.constant([-0.0, 0.0, -1.0, 1.0, 0.0, float('-inf')]))",
    "atan2_math_broadcast": "tf.math.atan2(tf.constant([[1.0], [-1.0]], tf.float64), "
                            "tf.constant([1.0, -1.0], tf.float64))",
    "atan2_int_error": "tf.atan2(tf.constant([1]), tf.constant([1]))",
    "sinh_cosh": "[tf.sinh(tf.constant([0.5, -100.0])), tf.cosh(tf.constant([0.5, -100.0]))]",
    "asinh_acosh_atanh": "[tf.asinh(tf.constant([-2.0, 0.0])), tf.acosh(tf.constant([1.0, 2.0, "
                         "0.5])), tf.atanh(tf.constant([0.5, 1.0, -1.0, 2.0]))]",
    "tanh_large": "tf.tanh(tf.constant([-100.0, -1.0, 0.0, 20.0, float('nan')]))",
    "sigmoid_extremes_float32": "tf.sigmoid(tf.constant([-100.0, -20.0, 0.0, 20.0, 100.0]))",
    "sigmoid_float64": "tf.math.sigmoid(tf.constant([-800.0, -30.0, 1.0, 800.0], tf.float64))",
    "sigmoid_float16": "tf.sigmoid(tf.constant([-3.0, 0.0, 3.0], tf.float16))",
    "sigmoid_int_error": "tf.sigmoid(tf.constant([1]))",
    "sigmoid_nn": "tf.nn.sigmoid(tf.constant([0.0, 1.0]))",
    "erf_float32": "tf.math.erf(tf.constant([-3.0, -0.5, 0.0, 1e-3, 0.5, 1.0, 2.0, 5.0]))",
    "erf_float64": "tf.math.erf(tf.constant([-6.0, -1.5, 1e-8, 0.9, 1.1, 3.7, 4.2, 27.0], "
                   "tf.float64))",
    "erf_edges": f"tf.math.erf({EDGE})",
    "erfc_float64_tail": "tf.math.erfc(tf.constant([-2.0, 0.0, 0.5, 1.5, 3.0, 5.0, 10.0, 26.0], "
                         "tf.float64))",
    "erfc_float32": "tf.math.erfc(tf.constant([-1.0, 0.3, 2.0, 4.0, 9.0]))",
    "erf_int_error": "tf.math.erf(tf.constant([1]))",
    "lgamma": "tf.math.lgamma(tf.constant([0.5, 1.0, 2.0, 3.5, 10.0, 100.0, -0.5, -2.5], "
              "tf.float64))",
    "lgamma_poles": "tf.math.lgamma(tf.constant([0.0, -1.0, -2.0, float('inf'), "
                    "float('-inf'), float('nan')]))",
    "digamma": "tf.math.digamma(tf.constant([1.0, 0.5, 2.5, 10.0, 1e-3, -0.5, -2.5], tf.float64))",
    "digamma_poles": "tf.math.digamma(tf.constant([0.0, -1.0, -2.0, float('inf'), "
                     "float('nan')]))",
    "round_half_even": "tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.4, -0.6]))",
    "round_int_identity": "tf.round(tf.constant([3, -4]))",
    "round_float64_large": "tf.math.round(tf.constant([2.0**52 + 1, 1e300], tf.float64))",
    "rint": "tf.math.rint(tf.constant([0.5, 1.5, -2.5, 2.7], tf.float64))",
    "floor_ceil": "[tf.floor(tf.constant([-0.5, 1.5, -1.5])), tf.math.ceil(tf.constant([-0.5, "
                  "1.5, -1.5]))]",
    "floor_int_error": "tf.floor(tf.constant([1]))",
    "ceil_int_error": "tf.math.ceil(tf.constant([1]))",
    "reciprocal": "tf.math.reciprocal(tf.constant([2.0, 0.0, -0.0, float('inf')]))",
    "reciprocal_int": "tf.math.reciprocal(tf.constant([2, 1, -1]))",
    "maximum_minimum": "[tf.maximum(tf.constant([1.0, 5.0]), tf.constant([3.0, 2.0])), "
                       "tf.minimum(tf.constant([1.0, 5.0]), tf.constant([3.0, 2.0]))]",
    "maximum_nan": "[tf.maximum(tf.constant([float('nan'), 1.0]), tf.constant([1.0, "
                   "float('nan')])), tf.minimum(tf.constant([float('nan'), 1.0]), "
                   "tf.constant([1.0, float('nan')]))]",
    "maximum_int_broadcast": "tf.maximum(tf.constant([[1], [5]]), tf.constant([2, 3, 4]))",
    "maximum_python_scalar": "tf.maximum(tf.constant([-1.0, 2.0]), 0)",
    "maximum_scalar_first": "tf.minimum(0.5, tf.constant([-1.0, 2.0]))",
    "maximum_dtype_error": "tf.maximum(tf.constant([1]), tf.constant([1.0]))",
    "maximum_uint8": "tf.maximum(tf.constant([1, 200], tf.uint8), tf.constant([100], tf.uint8))",
    "maximum_bool_error": "tf.maximum(tf.constant([True]), tf.constant([False]))",
    "maximum_signed_zero": "1.0 / tf.maximum(tf.constant([-0.0, 0.0]), tf.constant([0.0, -0.0]))",
}

COMPARE = {
    "equal_broadcast": "tf.equal(tf.constant([[1], [2]]), tf.constant([1, 2, 3]))",
    "equal_strings": "tf.equal(tf.constant(['a', 'b']), tf.constant('a'))",
    "not_equal_strings": "tf.not_equal(tf.constant(['a', 'b']), 'b')",
    "equal_bool": "tf.math.equal(tf.constant([True, False]), True)",
    "equal_nan": "tf.equal(tf.constant([float('nan'), 1.0]), tf.constant([float('nan'), 1.0]))",
    "equal_signed_zero": "tf.equal(tf.constant(-0.0), tf.constant(0.0))",
    "equal_dtype_error": "tf.equal(tf.constant([1]), tf.constant([1.0]))",
    "equal_shape_error": "tf.equal(tf.constant([1, 2]), tf.constant([1, 2, 3]))",
    "equal_python_float_to_int": "tf.equal(tf.constant([1, 2]), 1.0)",
    "equal_complex": "tf.equal(tf.constant([1 + 1j]), tf.constant([1 + 1j]))",
    "less_family": "[f(tf.constant([1, 2, 3]), 2) for f in (tf.less, tf.less_equal, tf.greater, "
                   "tf.greater_equal)]",
    "less_nan": "[tf.less(tf.constant([float('nan')]), 1.0), tf.greater_equal(tf.constant("
                "[float('nan')]), 1.0)]",
    "less_complex_error": "tf.less(tf.constant([1j]), tf.constant([2j]))",
    "less_bool_error": "tf.less(tf.constant([True]), tf.constant([False]))",
    "less_strings_error": "tf.less(tf.constant(['a']), tf.constant(['b']))",
    "compare_operators": "x = tf.constant([1.0, 2.0, 3.0])\nresult = [x < 2, x <= 2, x > 2, "
                         "x >= 2, 2 < x]",
    "compare_uint8": "tf.greater(tf.constant([0, 255], tf.uint8), tf.constant([1], tf.uint8))",
    "op_eq_elementwise": "tf.constant([1, 2, 3]) == tf.constant([1, 0, 3])",
    "op_ne_elementwise": "tf.constant([1.0, 2.0]) != 2.0",
    "op_eq_none": "tf.constant([1, 2]) == None",
    "op_ne_none": "tf.constant([1, 2]) != None",
    "op_eq_incompatible_shapes": "tf.constant([1, 2]) == tf.constant([1, 2, 3])",
    "op_ne_incompatible_shapes": "tf.constant([1, 2]) != tf.constant([1, 2, 3])",
    "op_eq_list": "tf.constant([1, 2]) == [1, 3]",
    "op_eq_string_tensor": "tf.constant(['x', 'y']) == 'x'",
    "op_eq_variable": "tf.Variable([1.0, 2.0]) == tf.constant([1.0, 3.0])",
    "op_eq_broadcast": "tf.constant([[1], [2]]) == tf.constant([1, 2])",
    "op_eq_dtype_mismatch": "tf.constant([1]) == tf.constant([1.0])",
    "op_eq_int_python_float": "tf.constant([1, 2]) == 1.5",
    "op_eq_scalar_bool": "bool(tf.constant(3) == 3)",
    "op_eq_scalar_bool_false": "[bool(tf.constant(1) == tf.constant(2))]",
}

LOGICAL = {
    "logical_and_or_xor_not": "a = tf.constant([True, True, False, False])\n"
                              "b = tf.constant([True, False, True, False])\n"
                              "result = [tf.logical_and(a, b), tf.logical_or(a, b), "
                              "tf.math.logical_xor(a, b), tf.logical_not(a)]",
    "logical_broadcast": "tf.logical_and(tf.constant([[True], [False]]), tf.constant([True, "
                         "False]))",
    "logical_and_int_error": "tf.logical_and(tf.constant([1]), tf.constant([1]))",
    "logical_not_float_error": "tf.logical_not(tf.constant([1.0]))",
    "logical_python_bool": "tf.logical_or(tf.constant([False]), True)",
    "op_and_or_xor_bool": "a = tf.constant([True, False])\nb = tf.constant([True, True])\n"
                          "result = [a & b, a | b, a ^ b, ~a, a & True, False | a]",
    "op_bitwise_int": "a = tf.constant([12, -1, 5])\nb = tf.constant([10, 3, 0])\n"
                      "result = [a & b, a | b, a ^ b, ~a, a & 6, 6 | a]",
    "op_bitwise_uint8": "a = tf.constant([12, 255], tf.uint8)\nresult = [~a, a ^ "
                        "tf.constant([1, 1], tf.uint8)]",
    "op_and_float_error": "tf.constant([1.0]) & tf.constant([1.0])",
    "op_invert_float_error": "~tf.constant([1.0])",
    "is_nan_inf_finite": f"x = {EDGE}\nresult = [tf.math.is_nan(x), tf.math.is_inf(x), "
                         "tf.math.is_finite(x)]",
    "is_nan_float16": "tf.math.is_nan(tf.constant([float('nan'), 1.0], tf.float16))",
    "is_nan_int_error": "tf.math.is_nan(tf.constant([1]))",
    "is_finite_int_error": "tf.math.is_finite(tf.constant([1]))",
}

WHERE_CLIP = {
    "where_indices_2d": "tf.where(tf.constant([[True, False], [False, True], [True, True]]))",
    "where_indices_numeric": "tf.where(tf.constant([0.0, 2.0, 0.0, -1.0]))",
    "where_indices_int": "tf.where(tf.constant([[0, 3], [1, 0]]))",
    "where_indices_none_true": "tf.where(tf.constant([False, False]))",
    "where_indices_scalar": "tf.where(tf.constant(True))",
    "where_indices_3d": "tf.where(tf.constant([[[True, False]], [[False, True]]]))",
    "where_select": "tf.where(tf.constant([True, False, True]), tf.constant([1, 2, 3]), "
                    "tf.constant([10, 20, 30]))",
    "where_broadcast": "tf.where(tf.constant([[True], [False]]), tf.constant([1.0, 2.0, 3.0]), "
                       "tf.constant(0.0))",
    "where_python_scalars": "tf.where(tf.constant([True, False]), 1.0, 0.0)",
    "where_python_scalar_with_tensor": "tf.where(tf.constant([True, False]), tf.constant([1, 2], "
                                       "tf.int64), 0)",
    "where_dtype_error": "tf.where(tf.constant([True]), tf.constant([1]), tf.constant([1.0]))",
    "where_condition_not_bool_error": "tf.where(tf.constant([1, 0]), tf.constant([1, 2]), "
                                      "tf.constant([3, 4]))",
    "where_only_x_error": "tf.where(tf.constant([True]), tf.constant([1]))",
    "where_shape_error": "tf.where(tf.constant([True, False, True]), tf.constant([1, 2]), "
                         "tf.constant([3, 4]))",
    "where_strings": "tf.where(tf.constant([True, False]), tf.constant(['a', 'b']), "
                     "tf.constant(['c', 'd']))",
    "where_scalar_condition": "tf.where(tf.constant(False), tf.constant([1, 2]), "
                              "tf.constant([3, 4]))",
    "where_nan_not_selected": "tf.where(tf.constant([True, False]), tf.constant([1.0, "
                              "float('nan')]), tf.constant([float('nan'), 2.0]))",
    "clip_by_value": "tf.clip_by_value(tf.constant([-2.0, 0.5, 3.0]), -1.0, 1.0)",
    "clip_by_value_int": "tf.clip_by_value(tf.constant([-5, 0, 5]), -2, 3)",
    "clip_by_value_tensor_bounds": "tf.clip_by_value(tf.constant([[1.0, 5.0], [-3.0, 2.0]]), "
                                   "tf.constant([0.0, 1.0]), tf.constant([[2.0], [3.0]]))",
    "clip_by_value_min_above_max": "tf.clip_by_value(tf.constant([-1.0, 0.5, 3.0]), 2.0, 1.0)",
    "clip_by_value_nan": "tf.clip_by_value(tf.constant([float('nan'), float('inf')]), 0.0, 1.0)",
    "clip_by_value_int_float_bounds_error": "tf.clip_by_value(tf.constant([1, 2]), 0.5, 1.5)",
    "clip_by_value_broadcast_grows_error": "tf.clip_by_value(tf.constant([1.0]), "
                                           "tf.constant([0.0, 0.0]), 2.0)",
    "clip_by_value_float64": "tf.clip_by_value(tf.constant([1.0, 9.0], tf.float64), 2, 5)",
}

COMPLEX = {
    "imag_complex": "tf.math.imag(tf.constant([1 + 2j, 3 - 4j], tf.complex64))",
    "imag_real_zeros": "tf.math.imag(tf.constant([1.0, -2.0]))",
    "real_real_identity": "tf.math.real(tf.constant([1, 2]))",
    "real_complex128": "tf.math.real(tf.constant([1.5 - 2j]))",
    "complex_float32": "tf.complex(tf.constant([1.0, 2.0]), tf.constant([3.0, -4.0]))",
    "complex_float64": "tf.complex(tf.constant(1.0, tf.float64), tf.constant([2.0, 3.0], "
                       "tf.float64))",
    "complex_mismatch_error": "tf.complex(tf.constant([1.0]), tf.constant([1.0], tf.float64))",
    "complex_int_error": "tf.complex(tf.constant([1]), tf.constant([1]))",
    "angle_complex": "tf.math.angle(tf.constant([1 + 1j, -1 + 0j, -1j, 0j], tf.complex64))",
    "angle_real": "tf.math.angle(tf.constant([-2.0, 0.0, 3.0, -0.0]))",
    "conj_complex": "tf.math.conj(tf.constant([1 + 2j]))",
    "conj_real": "tf.math.conj(tf.constant([1.0, -2.0]))",
    "cast_complex_to_float": "tf.cast(tf.constant([1.5 + 2j]), tf.float32)",
    "cast_float_to_bool": "tf.cast(tf.constant([0.0, -0.5, 2.0]), tf.bool)",
    "cast_int64_to_float16": "tf.cast(tf.constant([1, 70000], tf.int64), tf.float16)",
    "cast_float_to_complex": "tf.cast(tf.constant([1.0, 2.0]), tf.complex64)",
    "matmul_adjoint": "tf.matmul(tf.constant([[1 + 1j, 2j]]), tf.constant([[1 + 0j, 1j]]), "
                      "adjoint_b=True)",
    "matmul_bool_error": "tf.matmul(tf.constant([[True]]), tf.constant([[True]]))",
    "matmul_vector_error": "tf.matmul(tf.constant([1.0, 2.0]), tf.constant([[1.0], [2.0]]))",
    "matmul_lists": "tf.matmul([[1.0, 2.0]], [[3.0], [4.0]])",
}

GRADIENTS = {
    "grad_abs_at_zero": _grad("tf.abs(x0)", "[-2.0, 0.0, -0.0, 3.0]"),
    "grad_abs_complex": _grad("tf.abs(x0)", "[3 + 4j, 0j]", dtype="tf.complex64"),
    "grad_maximum_ties": _grad("tf.maximum(x0, x1)", "[1.0, 2.0, 3.0]", "[2.0, 2.0, 2.0]"),
    "grad_minimum_ties": _grad("tf.minimum(x0, x1)", "[1.0, 2.0, 3.0]", "[2.0, 2.0, 2.0]"),
    "grad_maximum_broadcast": _grad("tf.maximum(x0, x1)", "[[1.0, 5.0], [3.0, -1.0]]", "2.0"),
    "grad_relu_like": _grad("tf.maximum(x0, 0.0)", "[-1.0, 0.0, 2.0]"),
    "grad_clip_boundaries": _grad("tf.clip_by_value(x0, -1.0, 1.0)",
                                  "[-2.0, -1.0, 0.0, 1.0, 2.0]"),
    "grad_clip_bounds": _grad("tf.clip_by_value(x0, x1, x2)", "[-2.0, 0.0, 2.0, 1.0]", "-1.0",
                              "1.0"),
    "grad_clip_min_above_max": _grad("tf.clip_by_value(x0, x1, x2)", "[-2.0, 0.0, 3.0]", "2.0",
                                     "1.0"),
    "grad_sqrt_zero": _grad("tf.sqrt(x0)", "[0.0, 4.0]"),
    "grad_rsqrt": _grad("tf.math.rsqrt(x0)", "[4.0, 1.0]"),
    "grad_reciprocal": _grad("tf.math.reciprocal(x0)", "[2.0, -0.5]"),
    "grad_pow_both": _grad("tf.pow(x0, x1)", "[2.0, 0.0, -2.0, 3.0]", "[3.0, 2.0, 2.0, 0.0]"),
    "grad_pow_zero_base_zero_exp": _grad("tf.pow(x0, x1)", "[0.0, 0.0]", "[0.0, 0.5]"),
    "grad_pow_python_exponent": _grad("x0 ** 2", "[3.0, -1.0]"),
    "grad_pow_complex": _grad("tf.pow(x0, x1)", "[1 + 1j]", "[2 + 0j]", dtype="tf.complex128"),
    "grad_divide": _grad("x0 / x1", "[1.0, 2.0]", "[4.0, -2.0]"),
    "grad_divide_no_nan": _grad("tf.math.divide_no_nan(x0, x1)", "[1.0, 2.0, 0.0]",
                                "[0.0, 4.0, 0.0]"),
    "grad_floordiv_none": _grad("tf.math.floordiv(x0, x1)", "[7.0, -3.0]", "[2.0, 2.0]"),
    "grad_floormod": _grad("tf.math.floormod(x0, x1)", "[7.5, -3.0]", "[2.0, 2.0]"),
    "grad_truncatemod": _grad("tf.truncatemod(x0, x1)", "[7.5, -3.0]", "[2.0, 2.0]"),
    "grad_round_floor_ceil": _grad("tf.round(x0) + tf.floor(x0) + tf.math.ceil(x0) + "
                                   "tf.math.rint(x0)", "[0.3, 1.7]"),
    "grad_round_only": _grad("tf.round(x0)", "[0.3, 1.7]"),
    "grad_sign": _grad("tf.sign(x0)", "[-1.0, 0.0, 2.0]"),
    "grad_sign_times_x": _grad("tf.sign(x0) * x0", "[-1.0, 2.0]"),
    "grad_square_sub": _grad("tf.math.squared_difference(x0, x1)", "[1.0, 5.0]", "3.0"),
    "grad_atan2": _grad("tf.atan2(x0, x1)", "[1.0, -2.0]", "[3.0, 0.5]"),
    "grad_trig": _grad("tf.sin(x0) + tf.cos(x0) + tf.tan(x0)", "[0.3, -1.2]"),
    "grad_inverse_trig": _grad("tf.asin(x0) + tf.acos(x0) + tf.atan(x0)", "[0.3, -0.6]"),
    "grad_hyperbolic": _grad("tf.sinh(x0) + tf.cosh(x0) + tf.tanh(x0) + tf.asinh(x0)",
                             "[0.3, -1.2]"),
    "grad_acosh_atanh": _grad("tf.acosh(x0 + 2.0) + tf.atanh(x0 / 2.0)", "[0.3, -1.2]"),
    "grad_exp_log": _grad("tf.exp(x0) + tf.math.log(x0) + tf.math.expm1(x0) + "
                          "tf.math.log1p(x0)", "[0.5, 2.0]"),
    "grad_sigmoid": _grad("tf.sigmoid(x0)", "[-50.0, -1.0, 0.0, 3.0, 50.0]"),
    "grad_erf_erfc": _grad("tf.math.erf(x0) + 2.0 * tf.math.erfc(x0)", "[-1.0, 0.0, 0.5, 4.0]"),
    "grad_lgamma": _grad("tf.math.lgamma(x0)", "[0.5, 1.0, 3.0, -0.5]", dtype="tf.float64"),
    "grad_digamma": _grad("tf.math.digamma(x0)", "[0.5, 1.0, 3.0, -0.5]", dtype="tf.float64"),
    "grad_xlogy": _grad("tf.math.xlogy(x0, x1)", "[0.0, 0.0, 2.0]", "[0.0, 1.0, 3.0]"),
    "grad_xdivy": _grad("tf.math.xdivy(x0, x1)", "[0.0, 0.0, 2.0]", "[0.0, 1.0, 4.0]"),
    "grad_xlog1py": _grad("tf.math.xlog1py(x0, x1)", "[0.0, 2.0]", "[-1.0, 1.0]"),
    "grad_where": _grad("tf.where(tf.constant([True, False, True]), x0, x1)", "[1.0, 2.0, 3.0]",
                        "[4.0, 5.0, 6.0]"),
    "grad_where_broadcast": _grad("tf.where(tf.constant([[True], [False]]), x0, x1)",
                                  "[1.0, 2.0]", "3.0"),
    "grad_where_nan_branch": _grad("tf.where(x0 > 0.0, tf.sqrt(x0), 0.0)", "[-1.0, 4.0]"),
    "grad_equal_none": _grad("tf.cast(tf.equal(x0, x1), tf.float32)", "[1.0]", "[1.0]"),
    "grad_complex_parts": _grad("tf.abs(tf.complex(x0, x1))", "[3.0]", "[4.0]"),
    "grad_real_imag": _grad("tf.math.real(x0) * 2.0 + tf.math.imag(x0) * 3.0", "[1 + 2j]",
                            dtype="tf.complex64"),
    "grad_angle": _grad("tf.math.angle(x0)", "[1 + 1j, -2 + 0.5j]", dtype="tf.complex128"),
    "grad_exp_complex": _grad("tf.exp(x0)", "[1 + 2j]", dtype="tf.complex128"),
    "grad_multiply_no_nan": _grad("tf.math.multiply_no_nan(x0, x1)", "[2.0, float('inf')]",
                                  "[3.0, 0.0]"),
    "grad_maximum_int_none": "x = tf.constant([1, 2])\nwith tf.GradientTape() as t:\n"
                             "    t.watch(x)\n    y = tf.maximum(x, 1)\n"
                             "result = [t.gradient(y, x)]",
    "grad2_tanh": _grad2("tf.tanh(x)", "0.7"),
    "grad2_sigmoid": _grad2("tf.sigmoid(x)", "-0.4"),
    "grad2_erf": _grad2("tf.math.erf(x)", "0.3"),
    "grad2_pow": _grad2("tf.pow(x, 3.0)", "1.5"),
    "grad2_abs": _grad2("tf.abs(x) * x", "-2.0"),
    "grad2_atan": _grad2("tf.atan(x)", "0.5"),
    "grad2_log1p": _grad2("tf.math.log1p(x)", "0.25"),
    "grad2_lgamma": _grad2("tf.math.lgamma(x)", "2.5"),
    "grad2_rsqrt": _grad2("tf.math.rsqrt(x)", "4.0"),
    "grad2_divide": _grad2("1.0 / x", "2.0"),
}

SPECIAL = {
    "squared_difference_complex": "tf.math.squared_difference(tf.constant([1 + 1j]), "
                                  "tf.constant([0j]))",
    "minimum_signed_zero": "1.0 / tf.minimum(tf.constant([-0.0, 0.0]), tf.constant([0.0, -0.0]))",
    "polygamma": "tf.math.polygamma(tf.constant([1.0, 1.0, 1.0, 1.0, 2.0, 0.0, 2.5, -1.0, 3.0]), "
                 "tf.constant([0.5, -0.5, 0.0, -1.0, 3.0, 2.0, 1.0, 1.0, 0.25]))",
    "polygamma_float64": "tf.math.polygamma(tf.constant([1.0, 4.0, 1.0], tf.float64), "
                         "tf.constant([30.5, 2.0, -7.25], tf.float64))",
    "polygamma_python_error": "tf.math.polygamma(1, 2.0)",
    "zeta": "tf.math.zeta(tf.constant([2.0, 1.0, 0.5, 2.0, 2.0, 2.5, 3.0, 4.0]), "
            "tf.constant([1.0, 1.0, 1.0, 0.0, -1.5, -1.5, 2.0, 0.5]))",
    "zeta_float64": "tf.math.zeta(tf.constant([1.5, 10.0, 2.0], tf.float64), "
                    "tf.constant([0.1, 1.0, 1e-3], tf.float64))",
    "lgamma_extremes": "tf.math.lgamma(tf.constant([-1e-20, 1e-300, 1e300, -1e15 - 0.5, "
                       "1.0000001, -3.999], tf.float64))",
    "digamma_extremes": "tf.math.digamma(tf.constant([-1e-20, 1e-300, 1e300, float('-inf'), "
                        "-3.999, 1e-8], tf.float64))",
    "erf_float16": "tf.math.erf(tf.constant([0.5, -2.0], tf.float16))",
    "lgamma_float16": "tf.math.lgamma(tf.constant([0.5, 3.0], tf.float16))",
    "erfinv": "tf.math.erfinv(tf.constant([-1.0, -0.5, 0.0, 1e-30, 0.75, 0.999, 1.0, 2.0, "
              "float('nan')]))",
    "erfinv_float64": "tf.math.erfinv(tf.constant([-0.9999999, 1e-300, 0.3, 0.6], tf.float64))",
    "erfinv_float16_error": "tf.math.erfinv(tf.constant([0.5], tf.float16))",
    "ndtri": "tf.math.ndtri(tf.constant([0.0, 1e-300, 1e-20, 0.025, 0.5, 0.9, 1.0, 1.5], "
             "tf.float64))",
    "ndtri_float32": "tf.math.ndtri(tf.constant([0.001, 0.3, 0.999]))",
    "erfcinv": "tf.math.erfcinv(tf.constant([0.0, 1e-20, 0.3, 1.0, 1.9, 2.0, 2.5], tf.float64))",
    "nextafter": "tf.math.nextafter(tf.constant([1.0, 0.0, 2.0]), tf.constant([2.0, -1.0, 2.0]))",
    "nextafter_float16_error": "tf.math.nextafter(tf.constant([1.0], tf.float16), "
                               "tf.constant([2.0], tf.float16))",
    "polyval": "tf.math.polyval([1.0, 2.0, 3.0], tf.constant([0.0, 1.0, 2.0]))",
    "polyval_empty": "tf.math.polyval([], tf.constant([1.0, 2.0]))",
    "polyval_int_tensors": "tf.math.polyval([tf.constant(2), 3], tf.constant([1, 2]))",
    "lbeta": "tf.math.lbeta(tf.constant([[1.0, 2.0], [0.5, 0.5]]))",
    "lbeta_empty": "tf.math.lbeta(tf.zeros([2, 0]))",
    "lbeta_scalar_error": "tf.math.lbeta(tf.constant(3.0))",
    "is_non_decreasing": "[tf.math.is_non_decreasing([1, 1, 2]), tf.math.is_strictly_increasing("
                         "[1, 1, 2]), tf.math.is_non_decreasing(tf.constant([[1, 2], [0, 5]])), "
                         "tf.math.is_non_decreasing([]), tf.math.is_strictly_increasing("
                         "tf.constant(3.0))]",
    "is_non_decreasing_string_error": "tf.math.is_non_decreasing(['a'])",
    "grad_erfinv_ndtri": _grad("tf.math.erfinv(x0) + tf.math.ndtri(x1)", "[-0.5, 0.9]",
                               "[0.2, 0.7]"),
    "grad_lbeta": _grad("tf.math.lbeta(x0)", "[[1.0, 2.0], [0.5, 3.0]]"),
    "grad_polygamma": _grad("tf.math.polygamma(x0, x1)", "[1.0, 2.0]", "[0.5, 3.0]"),
    "grad_zeta": _grad("tf.math.zeta(x0, x1)", "[2.0, 3.0]", "[1.5, 0.5]", dtype="tf.float64"),
}

DTYPES = {f"dtypes_{name}": _dtype_table(expr) for name, expr in {
    "negative": "tf.negative(x)", "abs": "tf.abs(x)", "sign": "tf.sign(x)",
    "square": "tf.square(x)", "sqrt": "tf.sqrt(x)", "rsqrt": "tf.math.rsqrt(x)",
    "exp": "tf.exp(x)", "expm1": "tf.math.expm1(x)", "log1p": "tf.math.log1p(x)",
    "sin": "tf.sin(x)", "acos": "tf.acos(x)", "atanh": "tf.atanh(x)", "tanh": "tf.tanh(x)",
    "sigmoid": "tf.sigmoid(x)", "erf": "tf.math.erf(x)", "erfc": "tf.math.erfc(x)",
    "lgamma": "tf.math.lgamma(x)", "digamma": "tf.math.digamma(x)", "round": "tf.round(x)",
    "floor": "tf.floor(x)", "ceil": "tf.math.ceil(x)", "rint": "tf.math.rint(x)",
    "reciprocal": "tf.math.reciprocal(x)", "reciprocal_no_nan": "tf.math.reciprocal_no_nan(x)",
    "is_nan": "tf.math.is_nan(x)", "is_inf": "tf.math.is_inf(x)",
    "logical_not": "tf.logical_not(x)", "invert": "(~x)", "imag": "tf.math.imag(x)",
    "real": "tf.math.real(x)", "angle": "tf.math.angle(x)", "conj": "tf.math.conj(x)",
    "add": "tf.add(x, x)", "subtract": "tf.subtract(x, x)", "multiply": "(x * x)",
    "divide": "(x / x)", "realdiv": "tf.realdiv(x, x)", "floordiv": "(x // x)",
    "floormod": "(x % x)", "truncatediv": "tf.truncatediv(x, x)",
    "truncatemod": "tf.truncatemod(x, x)", "pow": "tf.pow(x, x)", "maximum": "tf.maximum(x, x)",
    "minimum": "tf.minimum(x, x)", "atan2": "tf.atan2(x, x)",
    "squared_difference": "tf.math.squared_difference(x, x)", "less": "tf.less(x, x)",
    "greater_equal": "(x >= x)", "equal": "tf.equal(x, x)", "not_equal": "tf.not_equal(x, x)",
    "logical_or": "tf.logical_or(x, x)", "and_op": "(x & x)", "xor_op": "(x ^ x)",
    "divide_no_nan": "tf.math.divide_no_nan(x, x)",
    "multiply_no_nan": "tf.math.multiply_no_nan(x, x)", "xlogy": "tf.math.xlogy(x, x)",
    "xdivy": "tf.math.xdivy(x, x)", "xlog1py": "tf.math.xlog1py(x, x)",
    "clip_by_value": "tf.clip_by_value(x, x, x)", "where": "tf.where(True, x, x)",
    "complex": "tf.complex(x, x)", "polygamma": "tf.math.polygamma(x, x)",
    "zeta": "tf.math.zeta(x, x)", "cast_to_float": "tf.cast(x, tf.float32)",
    "matmul": "tf.matmul(tf.reshape(x, [1, 1]), tf.reshape(x, [1, 1]))",
    "scalar_mul": "tf.math.scalar_mul(tf.reshape(x, []), x)",
}.items()}

OPERATOR_CONVERSION = {
    "op_int_times_python_float_error": "tf.constant([1, 2]) * 1.5",
    "op_int_minus_python_float_error": "tf.constant([1, 2]) - 1.5",
    "op_int_truediv_python_float_error": "tf.constant([1, 2]) / 1.5",
    "op_python_float_rtruediv_int_error": "1.5 / tf.constant([1, 2])",
    "op_int_plus_python_float_error": "tf.constant([1, 2]) + 1.5",
    "op_python_float_plus_int_error": "1.5 + tf.constant([1, 2])",
    "op_int_less_python_float_error": "tf.constant([1, 2]) < 1.5",
    "op_int_times_numpy_float": "tf.constant([1, 2]) * np.float64(1.5)",
    "op_int_eq_numpy_float_array": "tf.constant([1, 2]) == np.array([1.5, 2.0])",
    "op_int_eq_string_error": "tf.constant([1, 2]) == 'a'",
    "op_string_eq_int_error": "tf.constant(['a']) == 1",
    "op_int_and_python_bool": "tf.constant([1, 2]) & True",
    "op_bool_and_python_int_error": "tf.constant([True]) & 1",
    "op_bool_plus_bool_error": "tf.constant([True]) + True",
    "op_uint8_plus_negative": "tf.constant([1], tf.uint8) + (-1)",
    "op_int8_plus_overflowing_python": "tf.constant([1], tf.int8) + 200",
    "truediv_float_dtype_mismatch_error": "tf.constant(1.0) / tf.constant(1.0, tf.float64)",
    "divide_python_int_python_float_error": "tf.divide(1, 2.0)",
    "divide_python_int_numpy_float": "tf.divide(1, np.float32(2))",
    "realdiv_python_ints_error": "tf.realdiv(1, 2)",
    "divide_no_nan_python_ints": "tf.math.divide_no_nan(1, 0)",
    "divide_no_nan_mismatch_error": "tf.math.divide_no_nan(tf.constant(1), 2.5)",
    "maximum_python_int_float_error": "tf.math.maximum(1, 2.5)",
    "pow_python_float_int": "tf.pow(2.0, 3)",
    "pow_python_int_float_error": "tf.pow(2, 3.0)",
    "greater_python_float_int": "tf.greater(2.5, 1)",
    "floordiv_python_ints": "tf.math.floordiv(7, 2)",
    "floormod_python_mixed": "tf.math.floormod(-7.5, 2)",
    "floordiv_float_not_fmod": "tf.math.floordiv(tf.constant([1.0, 1.0], tf.float64), "
                               "tf.constant([0.1, float('inf')], tf.float64))",
    "floordiv_int_min": "tf.constant([-2**31]) // -1",
    "floormod_int_min": "tf.constant([-2**31]) % -1",
    "floordiv_uint8_zero_error": "tf.constant([1], tf.uint8) // tf.constant([0], tf.uint8)",
    "floormod_inf": "tf.math.floormod(tf.constant([7.0, -7.0, float('inf')]), "
                    "tf.constant([float('inf'), float('inf'), 2.0]))",
    "truncatediv_float": "tf.truncatediv(tf.constant([7.5, -7.5, 1.5]), tf.constant([2.0, 2.0, "
                         "0.0]))",
    "truncatemod_zero_error": "tf.truncatemod(tf.constant([1]), tf.constant([0]))",
    "truncatemod_float_zero": "tf.truncatemod(tf.constant([1.0]), tf.constant([0.0]))",
    "where_python_lists": "tf.where([True, False], [1, 2], [3, 4])",
    "where_indices_list": "tf.where([[True]])",
    "clip_by_value_list": "tf.clip_by_value([1, 5], 2, 3)",
    "clip_by_value_float_int_bounds": "tf.clip_by_value(tf.constant([1.0, 5.0]), 2, 3)",
    "logical_python_values": "tf.math.logical_and(True, False)",
    "xlogy_python_floats": "tf.math.xlogy(0.0, 1.0)",
    "xlogy_python_ints_error": "tf.math.xlogy(0, 1)",
    "sigmoid_python": "tf.math.sigmoid(1.0)",
    "sigmoid_int_list_error": "tf.math.sigmoid([1, 2])",
    "abs_python": "tf.abs(-3)",
    "sqrt_python_int_error": "tf.sqrt(4)",
}

SNIPPETS = {**ARITHMETIC, **UNARY, **COMPARE, **LOGICAL, **WHERE_CLIP, **COMPLEX, **GRADIENTS,
            **SPECIAL, **DTYPES, **OPERATOR_CONVERSION}
