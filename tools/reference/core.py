"""TF2 reference snippets: tensor creation, dtype rules, conversion, basic arithmetic errors."""

SNIPPETS = {
    "python_float_is_float32": "tf.constant(1.5)",
    "python_int_is_int32": "tf.constant(7)",
    "big_int_is_int64": "tf.constant(2**40)",
    "mixed_list_float32": "tf.constant([1, 2.0])",
    "numpy_float64_kept": "tf.constant(np.array([1.0, 2.0]))",
    "numpy_int64_kept": "tf.constant(np.array([1, 2]))",
    "bool_list": "tf.constant([True, False])",
    "string_scalar": "tf.constant('ab')",
    "string_list": "tf.constant(['a', 'bc'])",
    "constant_fill_shape": "tf.constant(0, shape=[2, 2])",
    "constant_bad_shape": "tf.constant([1, 2], shape=[2, 2])",
    "constant_float_to_int_error": "tf.constant(1.5, dtype=tf.int32)",
    "constant_numpy_cast": "tf.constant(np.array([1.5, -1.5]), dtype=tf.int32)",
    "constant_int_to_float": "tf.constant([1, 2], dtype=tf.float64)",
    "int_plus_float_error": "tf.constant(1) + tf.constant(1.0)",
    "int_plus_python_float_error": "tf.constant(1) + 1.5",
    "float_plus_python_int": "tf.constant(1.5) + 1",
    "float32_plus_numpy_float64": "tf.constant(1.0) + np.float64(2.0)",
    "numpy_array_plus_tensor": "np.array([2.0]) + tf.constant(1.0)",
    "incompatible_shapes": "tf.constant([1, 2]) + tf.constant([1, 2, 3])",
    "broadcast_add": "tf.constant([[1.0], [2.0]]) + tf.constant([10.0, 20.0, 30.0])",
    "int_truediv_float64": "tf.constant(1) / tf.constant(2)",
    "int8_truediv_float32": "tf.constant(1, tf.int8) / tf.constant(2, tf.int8)",
    "int64_truediv_float64": "tf.constant([7], tf.int64) / tf.constant([2], tf.int64)",
    "float_truediv": "tf.constant([1.0, -1.0, 0.0]) / tf.constant(0.0)",
    "convert_dtype_mismatch": "tf.convert_to_tensor(tf.constant(1), dtype=tf.float32)",
    "convert_list": "tf.convert_to_tensor([[1, 2], [3, 4]])",
    "convert_dtype_hint": "tf.convert_to_tensor([1, 2], dtype_hint=tf.float32)",
    "scalar_numpy": "tf.constant(3.0).numpy()",
    "shape_of_tensor": "tf.constant([[1, 2, 3]]).shape",
    "tensor_len": "len(tf.constant([[1], [2], [3]]))",
    "matmul_incompatible": "tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))",
    "matmul_transpose_b": "tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]), transpose_b=True)",
    "matmul_batched": "tf.matmul(tf.ones([4, 2, 3]), tf.ones([3, 5]))",
    "matmul_int": "tf.constant([[1, 2]]) @ tf.constant([[3], [4]])",
    "reshape_bad": "tf.reshape(tf.constant([1, 2, 3]), [2, 2])",
    "reshape_infer": "tf.reshape(tf.range(6), [-1, 2])" if False else
        "tf.reshape(tf.constant([1, 2, 3, 4, 5, 6]), [-1, 2])",
    "reduce_sum_int": "tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=0)",
    "reduce_mean_int_floors": "tf.reduce_mean(tf.constant([1, 2]))",
    "reduce_mean_keepdims": "tf.reduce_mean(tf.constant([[1.0, 2.0], [3.0, 5.0]]), 1, True)",
    "reduce_sum_bad_axis": "tf.reduce_sum(tf.constant([1.0, 2.0]), axis=2)",
    "cast_float_to_int_truncates": "tf.cast(tf.constant([-1.7, 1.7, 2.5]), tf.int32)",
    "cast_bool_to_float": "tf.cast(tf.constant([True, False]), tf.float32)",
    "cast_int_to_bool": "tf.cast(tf.constant([0, 3]), tf.bool)",
    "sqrt_int_error": "tf.sqrt(tf.constant(4))",
    "exp_float64": "tf.exp(tf.constant([0.0, 1.0], tf.float64))",
    "stack_axis1": "tf.stack([tf.constant([1, 2]), tf.constant([3, 4])], axis=1)",
    "unstack_list": "tf.unstack(tf.constant([[1, 2], [3, 4], [5, 6]]), axis=1)",
    "variable_add": "tf.Variable([1.0, 2.0]) + 1.0",
    "variable_assign_add": "result = tf.Variable([1.0, 2.0])\nresult.assign_add([1.0, 1.0])",
    "variable_assign_wrong_shape": "tf.Variable([1.0, 2.0]).assign([1.0, 2.0, 3.0])",
    "gradient_square": """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
result = tape.gradient(y, x)
""",
    "gradient_unwatched_is_none": """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    y = x * x
result = [tape.gradient(y, x)]
""",
    "gradient_variable_auto_watched": """
v = tf.Variable([1.0, 2.0])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(v * v * v)
result = tape.gradient(y, v)
""",
    "gradient_nontrainable_none": """
v = tf.Variable(2.0, trainable=False)
with tf.GradientTape() as tape:
    y = v * v
result = [tape.gradient(y, v)]
""",
    "gradient_zero_unconnected": """
x = tf.constant([1.0, 2.0])
z = tf.constant(5.0)
with tf.GradientTape() as tape:
    tape.watch([x, z])
    y = tf.reduce_sum(x * 2.0)
result = tape.gradient(y, [x, z], unconnected_gradients=tf.UnconnectedGradients.ZERO)
""",
    "gradient_twice_error": """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
tape.gradient(y, x)
result = tape.gradient(y, x)
""",
    "gradient_persistent_twice": """
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * x
result = [tape.gradient(y, x), tape.gradient(z, x)]
""",
    "gradient_second_order": """
x = tf.constant(3.0)
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = x * x * x
    dy = t1.gradient(y, x)
result = [dy, t2.gradient(dy, x)]
""",
    "gradient_dict_sources": """
a = tf.Variable(2.0)
b = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = a * b
result = tape.gradient(y, {"a": a, "b": b})
""",
    "gradient_output_gradients": """
x = tf.constant([1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
result = tape.gradient(y, x, output_gradients=tf.constant([10.0, 100.0]))
""",
    "gradient_int_source_none": """
x = tf.constant(3)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
result = [tape.gradient(y, x)]
""",
    "gradient_through_int_cast_none": """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.cast(tf.cast(x, tf.int32), tf.float32) * x
result = tape.gradient(y, x)
""",
    "gradient_stop_recording": """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    with tape.stop_recording():
        z = y * x
    w = y + z
result = tape.gradient(w, x)
""",
    "jacobian": """
x = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
result = tape.jacobian(y, x)
""",
    "batch_jacobian": """
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
w = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.matmul(x * x, w)
result = tape.batch_jacobian(y, x)
""",
    "custom_gradient": """
@tf.custom_gradient
def clip_grad(x):
    def grad(dy):
        return dy * 0.5
    return x * x, grad
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = clip_grad(x) * 2.0
result = tape.gradient(y, x)
""",
    "watched_variables": """
a = tf.Variable(1.0, name="a")
b = tf.Variable(2.0, name="b")
with tf.GradientTape() as tape:
    y = a * 3.0
result = len(tape.watched_variables())
""",
    "dtypes_saturate_cast_uint8": "tf.dtypes.saturate_cast(tf.constant([300.0, -5.0, 7.9]), tf.uint8)",
    "dtypes_saturate_cast_int8": "tf.dtypes.saturate_cast(tf.constant([1000, -1000, 5]), tf.int8)",
    "dtypes_cast": "tf.dtypes.cast(tf.constant([1.7]), tf.int32)",
    "dtypes_names": "[tf.dtypes.float32.name, tf.dtypes.as_dtype('int64').name]",
    "dtype_is_floating": "[tf.float16.is_floating, tf.int32.is_floating, tf.bool.is_bool]",
    "dtype_min_max": "[int(tf.int8.min), int(tf.uint8.max), float(tf.float16.max)]",
    "variable_name": "tf.Variable(1.0, name='w').name",
    "variable_read_value": "tf.Variable([1, 2]).read_value()",
    "variable_assign_returns": "result = tf.Variable(1.0)\nresult = result.assign(3.0).numpy()",
    "variable_int_matmul": "tf.matmul(tf.Variable([[1, 2]]), tf.constant([[3], [4]]))",
    "variable_trainable_default": "[tf.Variable(1.0).trainable, tf.Variable(1.0, trainable=False).trainable]",
    "tensor_bool_scalar": "bool(tf.constant(0.0))",
    "tensor_index_scalar": "[10, 20, 30][tf.constant(2)]",
    "tensor_iter": "list(tf.constant([[1, 2], [3, 4]]))",
    "tensor_float": "float(tf.constant(2.5))",
    "tensor_eq_none": "tf.constant(1) == None",
    "tensor_ne_none": "tf.constant(1) != None",
    "tensor_eq_elementwise": "tf.constant([1, 2]) == tf.constant([1, 3])",
    "tensor_lt": "tf.constant([1.0, 5.0]) < 3.0",
    "reflected_sub": "5.0 - tf.constant([1.0, 2.0])",
    "reflected_pow": "2.0 ** tf.constant([1.0, 3.0])",
    "reflected_floordiv": "7 // tf.constant([2, -2])",
    "reflected_mod": "7 % tf.constant([3, -3])",
    "matmul_operator": "tf.constant([[1.0, 2.0]]) @ tf.constant([[1.0], [1.0]])",
    "rmatmul_numpy": "np.ones((1, 2), np.float32) @ tf.constant([[1.0], [1.0]])",
    "neg_abs": "[-tf.constant([1, -2]), abs(tf.constant([-1.5]))]",
    "invert_bool": "~tf.constant([True, False])",
    "and_bool": "tf.constant([True, False]) & tf.constant([True, True])",
    "getitem_basic": "tf.constant([[1, 2, 3], [4, 5, 6]])[1:, ::2]",
    "getitem_ellipsis_newaxis": "tf.constant([[1, 2], [3, 4]])[..., tf.newaxis, 0]",
    "getitem_negative": "tf.constant([1, 2, 3])[-1]",
    "getitem_out_of_range": "tf.constant([1, 2, 3])[5]",
    "round_half_even": "tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5]))",
    "floordiv_negative": "tf.constant([-7, 7]) // tf.constant([2, -2])",
    "floormod_negative_float": "tf.constant([-7.5, 7.5]) % tf.constant([2.0, -2.0])",
    "int_pow_negative_error": "tf.constant(5) ** -1",
    "int_div_zero_error": "tf.constant(5) // tf.constant(0)",
    "float_div_zero": "tf.constant([1.0, -1.0]) // tf.constant(0.0)",
    "stop_gradient_grad": """
x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * tf.stop_gradient(x * x)
result = tape.gradient(y, x)
""",
    "nested_persistent_jacobian_of_gradient": """
x = tf.constant([1.0, 2.0])
with tf.GradientTape(persistent=True) as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = tf.reduce_sum(x * x * x)
    g = inner.gradient(y, x)
result = outer.jacobian(g, x)
""",
    "gradient_list_targets": """
x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    a = x * x
    b = x * 3.0
result = tape.gradient([a, b], x)
""",
    "gradient_module_trainable": """
class M(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([1.0, 2.0])
        self.c = tf.Variable(3.0, trainable=False)
m = M()
with tf.GradientTape() as tape:
    y = tf.reduce_sum(m.w * m.c)
result = [len(m.trainable_variables), len(m.variables), tape.gradient(y, m.trainable_variables)]
""",
    "module_name": "tf.Module(name='abc').name",
}
