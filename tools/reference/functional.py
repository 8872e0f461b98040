"""TF2 higher-order functions: map_fn, scan, foldl, foldr, vectorized_map (eager, graph,
dynamic lengths, nested structures, gradients, errors)."""

_X = "x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])\n"

SNIPPETS = {
    "map_fn_rows": _X + "result = tf.map_fn(lambda r: r * 2, x)",
    "map_fn_reduce": _X + "result = tf.map_fn(lambda r: tf.reduce_sum(r), x)",
    "map_fn_signature_dtype": _X + "result = tf.map_fn(lambda r: tf.cast(tf.reduce_sum(r), "
                                   "tf.int32), x, fn_output_signature=tf.int32)",
    "map_fn_signature_spec": _X + "result = tf.map_fn(lambda r: r[:1], x, "
                                  "fn_output_signature=tf.TensorSpec([1], tf.float32))",
    "map_fn_tuple_in_tuple_out": _X + "result = tf.map_fn(lambda t: (t[0] + t[1], t[0]), "
                                      "(x, x))",
    "map_fn_tuple_in_one_out": _X + "result = tf.map_fn(lambda t: t[0] * t[1], (x, x), "
                                    "fn_output_signature=tf.float32)",
    "map_fn_dict": _X + "result = tf.map_fn(lambda d: {'a': d['a'] + 1}, {'a': x})['a']",
    "map_fn_ints": "result = tf.map_fn(lambda v: v * v, tf.range(5))",
    "map_fn_scalar_error": "result = tf.map_fn(lambda r: r, tf.constant(1.0))",
    "map_fn_in_function_dynamic": _X + """
@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def f(x):
    return tf.map_fn(lambda r: tf.reduce_max(r), x)
result = f(x)""",
    "map_fn_gradient": _X + """
v = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.map_fn(lambda r: r * v * r, x))
result = tape.gradient(y, v)""",
    "scan_sum": "result = tf.scan(lambda a, e: a + e, tf.constant([1, 2, 3, 4]))",
    "scan_initializer": "result = tf.scan(lambda a, e: a + e, tf.constant([1, 2, 3, 4]), "
                        "initializer=10)",
    "scan_reverse": "result = tf.scan(lambda a, e: a + e, tf.constant([1, 2, 3, 4]), "
                    "reverse=True)",
    "scan_tuple_acc": "result = tf.scan(lambda a, e: (a[0] + e, a[1] * e), "
                      "tf.constant([1, 2, 3]), initializer=(0, 1))",
    "scan_rows": _X + "result = tf.scan(lambda a, e: a * e, x)",
    "scan_in_function_dynamic_reverse": _X + """
@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def f(x):
    return tf.scan(lambda a, e: a + e, x, reverse=True)
result = f(x)""",
    "foldl": "result = tf.foldl(lambda a, e: a - e, tf.constant([1, 2, 3]))",
    "foldr": "result = tf.foldr(lambda a, e: a - e, tf.constant([1, 2, 3]))",
    "foldl_initializer": "result = tf.foldl(lambda a, e: a + e, tf.constant([1, 2, 3]), "
                         "initializer=5)",
    "foldr_tuple": "result = tf.foldr(lambda a, e: (a[0] + e, a[1] - e), "
                   "tf.constant([1., 2., 3.]), initializer=(tf.constant(0.), "
                   "tf.constant(10.)))",
    "vectorized_map": _X + "result = tf.vectorized_map(lambda r: r * r + 1.0, x)",
    "vectorized_map_tuple": _X + "result = tf.vectorized_map(lambda t: t[0] - t[1], (x, x * 3))",
}
