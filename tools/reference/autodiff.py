"""TF2 reference snippets for tf.autodiff (ForwardAccumulator), tf.gradients, tf.hessians."""

X = "x = tf.constant([1.0, 2.0, 0.5], tf.float64)\nv = tf.constant([1.0, -0.5, 2.0], tf.float64)\n"


def fn(body: str, args: str = "x") -> str:
    """Code defining tf.function `f(x)` with `body` (indented lines) and calling it."""
    lines = "".join(f"    {line}\n" for line in body.strip().splitlines())
    return f"{X}@tf.function\ndef f({args}):\n{lines}result = f(x)"


SNIPPETS = {
    "alias_gradient_tape": "tf.autodiff.GradientTape is tf.GradientTape",
    "jvp_sin_times_x": X + """
with tf.autodiff.ForwardAccumulator(x, v) as acc:
    y = tf.reduce_sum(tf.sin(x) * x)
result = acc.jvp(y)""",
    "jvp_structure": X + """
with tf.autodiff.ForwardAccumulator(x, v) as acc:
    y = tf.exp(x)
    z = tf.matmul(tf.reshape(x, [1, 3]), tf.reshape(y, [3, 1]))
result = acc.jvp({"y": y, "z": z, "x": x})""",
    "jvp_unconnected_none": X + """
with tf.autodiff.ForwardAccumulator(x, v) as acc:
    z = tf.constant(3.0)
result = acc.jvp(z) is None""",
    "jvp_unconnected_zero": X + """
with tf.autodiff.ForwardAccumulator(x, v) as acc:
    z = tf.constant([3.0, 4.0])
result = acc.jvp(z, unconnected_gradients="zero")""",
    "jvp_multiple_primals": X + """
w = tf.constant([[0.1, 0.2], [0.3, -0.4], [0.5, 0.1]], tf.float64)
with tf.autodiff.ForwardAccumulator([x, w], [v, tf.ones_like(w)]) as acc:
    y = tf.tanh(tf.linalg.matvec(w, x, transpose_a=True))
result = acc.jvp(y)""",
    "jvp_variable_primal": """
w = tf.Variable([1.0, 2.0])
with tf.autodiff.ForwardAccumulator(w, tf.constant([1.0, 1.0])) as acc:
    y = w * w + tf.reduce_sum(w)
result = acc.jvp(y)""",
    "jvp_tangent_dtype_error": X + """
tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, 2.0, 3.0]))""",
    "jvp_after_exit_not_recorded": X + """
with tf.autodiff.ForwardAccumulator(x, v) as acc:
    pass
y = x * 2.0
result = acc.jvp(y) is None""",
    "hvp_forward_over_backward": X + """
with tf.autodiff.ForwardAccumulator(x, v) as acc:
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x ** 3 * tf.exp(x))
    g = tape.gradient(y, x)
result = acc.jvp(g)""",
    "hvp_backward_over_forward": X + """
with tf.GradientTape() as tape:
    tape.watch(x)
    with tf.autodiff.ForwardAccumulator(x, v) as acc:
        y = tf.reduce_sum(tf.math.log(x) * x * x)
    j = acc.jvp(y)
result = tape.gradient(j, x)""",
    "forward_over_forward": X + """
with tf.autodiff.ForwardAccumulator(x, v) as outer:
    with tf.autodiff.ForwardAccumulator(x, v) as inner:
        y = tf.reduce_sum(tf.sin(x) * x * x)
    j = inner.jvp(y)
result = outer.jvp(j)""",
    "jvp_in_function": fn("""
with tf.autodiff.ForwardAccumulator(x, tf.ones_like(x)) as acc:
    y = tf.nn.softmax(x * x)
return acc.jvp(y)"""),
    "gradients_eager_error": X + "tf.gradients(x * x, x)",
    "hessians_eager_error": X + "tf.hessians(x * x, x)",
    "gradients_in_function": fn("""
y = x * x * 3.0
z = tf.constant(1.0, tf.float64)
return tf.gradients([y, tf.sin(y)], [x, z])[0]"""),
    "gradients_unconnected": fn("""
z = tf.constant(1.0, tf.float64)
g = tf.gradients(x * x, [z, x])
return [g[0] is None, g[1]]"""),
    "gradients_unconnected_zero": fn("""
z = tf.constant(1.0, tf.float64)
return tf.gradients(x * x, z, unconnected_gradients="zero")"""),
    "gradients_grad_ys": fn("""
return tf.gradients(tf.exp(x), x, grad_ys=tf.constant([1.0, 2.0, 3.0], tf.float64))"""),
    "gradients_stop_gradients": fn("""
a = x * 2.0
b = a * x
return tf.gradients(b, x, stop_gradients=[a])"""),
    "gradients_variable": """
w = tf.Variable([1.0, 2.0])
@tf.function
def f():
    return tf.gradients(w * w * w, w)
result = f()""",
    "hessians_in_function": fn("""
return tf.hessians(tf.reduce_sum(x * x * tf.sin(x)), x)"""),
    "hessians_matrix": fn("""
return tf.hessians(tf.reduce_sum(tf.matmul(x, x)), x)""").replace(
        "result = f(x)", "result = f(tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64))"),
    "jvp_duplicate_primal_error": X + "tf.autodiff.ForwardAccumulator([x, x], [v, v])",
    "keras_ops_jvp": X + """
result = tf.keras.ops.jvp(lambda a, b: (a * b, tf.sin(a) + b), (x, v), (v, tf.ones_like(v)))""",
    "keras_ops_jvp_has_aux": X + """
result = tf.keras.ops.jvp(lambda a: (a * a, {"aux": a + 1.0}), (x,), (v,), has_aux=True)""",
    "keras_ops_jvp_casts_tangent": """
x = tf.constant([1.0, 2.0])
result = tf.keras.ops.jvp(lambda a: a ** 3, (x,), (tf.constant([1.0, 1.0], tf.float64),))""",
    "gradients_through_control_flow": """
@tf.function
def f(x):
    y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: x * 3.0)
    z = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), (0, tf.ones_like(x)))[1]
    return tf.gradients(tf.reduce_sum(y + z), x)
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -2.0]))]""",
    "jvp_through_control_flow": """
x = tf.constant([1.0, 2.0])
with tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, -1.0])) as acc:
    y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: x * 3.0)
    z = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), (0, tf.ones_like(x)))[1]
result = [acc.jvp(y), acc.jvp(z)]""",
    "jvp_of_function_called_inside": """
@tf.function
def f(x):
    return tf.reduce_sum(tf.tanh(x) ** 2)
x = tf.constant([0.3, -0.7], tf.float64)
f(x)
with tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, 2.0], tf.float64)) as acc:
    y = f(x)
result = acc.jvp(y)""",
    "aggregation_method": "[tf.AggregationMethod.ADD_N, tf.AggregationMethod.DEFAULT, "
                          "tf.AggregationMethod.EXPERIMENTAL_TREE, "
                          "tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N]",
}
