"""TF2 eager control flow: cond, case, switch_case, while_loop, TensorArray."""

SNIPPETS = {
    "cond_true": "tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2))",
    "cond_tensor_pred": "tf.cond(tf.constant(3.0) > 2.0, lambda: tf.constant([1.0]), "
                        "lambda: tf.constant([2.0]))",
    "cond_python_pred": "tf.cond(False, lambda: 1, lambda: 2)",
    "cond_nested_outputs": "tf.cond(tf.constant(False), lambda: (tf.constant(1), "
                           "tf.constant(2.0)), lambda: (tf.constant(3), tf.constant(4.0)))",
    "cond_not_callable": "tf.cond(tf.constant(True), 1, lambda: 2)",
    "case_first_true": "tf.case([(tf.constant(False), lambda: tf.constant(1)), "
                       "(tf.constant(True), lambda: tf.constant(2))], "
                       "default=lambda: tf.constant(3))",
    "case_default": "tf.case([(tf.constant(False), lambda: tf.constant(1))], "
                    "default=lambda: tf.constant(3))",
    "case_exclusive_error": "tf.case([(tf.constant(True), lambda: tf.constant(1)), "
                            "(tf.constant(True), lambda: tf.constant(2))], "
                            "default=lambda: tf.constant(3), exclusive=True)",
    "switch_case": "tf.switch_case(tf.constant(1), [lambda: tf.constant(10), "
                   "lambda: tf.constant(20), lambda: tf.constant(30)])",
    "switch_case_out_of_range_last": "tf.switch_case(tf.constant(7), [lambda: tf.constant(10),"
                                     " lambda: tf.constant(20)])",
    "switch_case_default": "tf.switch_case(tf.constant(-1), [lambda: tf.constant(10)], "
                           "default=lambda: tf.constant(99))",
    "while_sum": "tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), "
                 "[tf.constant(0), tf.constant(0)])",
    "while_single_var": "tf.while_loop(lambda x: x < 100.0, lambda x: x * 2.0, "
                        "[tf.constant(1.0)])",
    "while_maximum_iterations": "tf.while_loop(lambda i: True, lambda i: i + 1, "
                                "[tf.constant(0)], maximum_iterations=7)",
    "while_shape_change_error": "tf.while_loop(lambda x: tf.size(x) < 4, "
                                "lambda x: tf.concat([x, x], 0), [tf.constant([1])])",
    "while_shape_invariants": "tf.while_loop(lambda x: tf.size(x) < 4, "
                              "lambda x: tf.concat([x, x], 0), [tf.constant([1])], "
                              "shape_invariants=[tf.TensorShape([None])])",
    "while_dtype_change_error": "tf.while_loop(lambda x: x < 3, lambda x: tf.cast(x, "
                                "tf.float32), [tf.constant(0)])",
    "while_gradient": """
x = tf.constant(1.5)
with tf.GradientTape() as tape:
    tape.watch(x)
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x),
                         [tf.constant(0), tf.constant(1.0)])
result = [y, tape.gradient(y, x)]
""",
    "cond_gradient": """
x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.cond(x > 1.0, lambda: x * x, lambda: x)
result = tape.gradient(y, x)
""",
    "tensor_array_stack": """
ta = tf.TensorArray(tf.float32, size=3)
for i in range(3):
    ta = ta.write(i, tf.constant([1.0, 2.0]) * i)
result = [ta.stack(), ta.size(), ta.read(1)]
""",
    "tensor_array_dynamic": """
ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
for i in range(4):
    ta = ta.write(i, i * i)
result = ta.stack()
""",
    "tensor_array_unstack_gather": """
ta = tf.TensorArray(tf.float32, size=3).unstack(tf.constant([[1.0], [2.0], [3.0]]))
result = [ta.gather([2, 0]), ta.concat()]
""",
}

SNIPPETS.update({
    "tensor_array_written_in_branches": """@tf.function
def fizzbuzz(n):
    ta = tf.TensorArray(tf.string, size=0, dynamic_size=True)
    for i in tf.range(1, n + 1):
        if i % 15 == 0:
            ta = ta.write(i - 1, "FizzBuzz")
        elif i % 3 == 0:
            ta = ta.write(i - 1, "Fizz")
        elif i % 5 == 0:
            ta = ta.write(i - 1, "Buzz")
        else:
            ta = ta.write(i - 1, tf.strings.as_string(i))
    return ta.stack()
result = fizzbuzz(tf.constant(15))""",
    "tensor_array_cond_float": """@tf.function
def f(x):
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.write(0, x)
    if tf.reduce_sum(x) > 0:
        ta = ta.write(1, x * 2.0)
    else:
        ta = ta.write(1, -x)
    ta = ta.write(2, x + 1.0)
    return ta.stack()
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -2.0]))]""",
})

SNIPPETS.update({
    "autograph_nested_function": """@tf.function
def nested(x):
    def inner(y):
        if y > 0:
            return y * 2
        return -y
    return inner(x) + 1
result = [nested(tf.constant(3)), nested(tf.constant(-4))]""",
    "autograph_ternary": """@tf.function
def ternary(x):
    return x * 2 if x > 0 else x * 3
result = [ternary(tf.constant(2)), ternary(tf.constant(-2))]""",
    "autograph_and_or_not": """@tf.function
def logical(x, y):
    if x > 0 and y > 0:
        return tf.constant(1)
    if not (x > 0) or y < -5:
        return tf.constant(2)
    return tf.constant(3)
result = [logical(tf.constant(1), tf.constant(1)), logical(tf.constant(-1), tf.constant(1)),
          logical(tf.constant(1), tf.constant(-1))]""",
    "autograph_bool_values_python": """@tf.function
def f(x, flag):
    y = (flag and 3) or 7
    z = None or x
    return z * y
result = [f(tf.constant(2), True), f(tf.constant(2), False)]""",
})
