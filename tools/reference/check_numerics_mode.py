"""TF2 reference snippets: tf.debugging.enable_check_numerics / disable_check_numerics (each
snippet turns it off again, whatever happens)."""

def _on(body: str) -> str:
    lines = "\n".join("    " + line for line in body.strip().splitlines())
    return f"tf.debugging.enable_check_numerics()\ntry:\n{lines}\n" \
           f"finally:\n    tf.debugging.disable_check_numerics()"


SNIPPETS = {
    "eager_log_zero": _on("result = tf.math.log(tf.constant([1.0, 0.0]))"),
    "eager_message": _on("""try:
    tf.math.log(tf.constant([1.0, 0.0]))
    result = None
except tf.errors.InvalidArgumentError as e:
    text = str(e)
    result = ['eagerly-executing op "Log"' in text, '# of -Inf elements: 1' in text,
              'Tensor had -Inf values' in text]"""),
    "eager_finite_ok": _on("result = tf.math.log(tf.constant([1.0, 2.0]))"),
    "eager_ints_unchecked": _on("result = tf.math.floordiv(tf.constant([1]), tf.constant([1]))"),
    "function_graph_message": _on("""@tf.function
def f(x):
    return tf.sqrt(x) * 2.0
ok = f(tf.constant([4.0]))
try:
    f(tf.constant([-4.0]))
    result = None
except tf.errors.InvalidArgumentError as e:
    result = [ok, 'graph op "Sqrt"' in str(e)]"""),
    "traced_on_ones_fine": _on("""g = tf.function(lambda x: tf.math.log(x - 1.0),
                input_signature=[tf.TensorSpec([None], tf.float32)])
result = g(tf.constant([3.0]))"""),
    "disabled_again": "tf.debugging.enable_check_numerics()\n"
                      "tf.debugging.disable_check_numerics()\n"
                      "result = tf.math.log(tf.constant([0.0]))",
    "gradient_checked": _on("""x = tf.Variable([0.0])
try:
    with tf.GradientTape() as tape:
        y = tf.sqrt(x + 1.0) - 1.0
    g = tape.gradient(tf.math.log(y + 1.0), x)
    result = g
except tf.errors.InvalidArgumentError:
    result = 'raised'"""),
}
