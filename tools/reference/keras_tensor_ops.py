"""Keras 3 (TF 2.21): Python operators on functional-API KerasTensors (comparisons, %, //,
and & | ^ ~ as logical ops)."""

SNIPPETS = {
    "comparisons_mod_floordiv": """
x = tf.keras.Input((3,))
ops = tf.keras.ops
y = ops.cast(x > 0.5, "float32") + ops.cast(x <= 0.1, "float32") * 2 + x % 0.3 + x // 0.4
result = tf.keras.Model(x, y)(np.array([[0.05, 0.6, 0.35]], np.float32))""",
    "logical_operators_on_ints": """
i = tf.keras.Input((2,), dtype="int32")
result = tf.keras.Model(i, (i & 1) | (~i ^ 2))(np.array([[1, 6]], np.int32))""",
    "reflected_and_unary": """
x = tf.keras.Input((2,))
result = tf.keras.Model(x, [2.0 ** x, 7.0 // (x + 1), -x, abs(x)])(
    np.array([[1.0, -2.5]], np.float32))""",
}
