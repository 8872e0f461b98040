"""TF2 public ops on RaggedTensors (TF dispatches them to the ragged versions)."""

_RT = "rt = tf.ragged.constant([[1, 2], [3]])\n"

SNIPPETS = {
    "cast": _RT + "result = tf.cast(rt, tf.float32).to_list()",
    "concat_axis0": _RT + "result = tf.concat([rt, rt], axis=0)",
    "concat_axis1": _RT + "result = tf.concat([rt, rt], axis=1)",
    "abs": _RT + "result = tf.abs(-rt)",
    "add_scalar": _RT + "result = tf.add(rt, 1)",
    "math_log": _RT + "result = tf.math.log(tf.cast(rt, tf.float32)).to_list()",
    "where": _RT + "result = tf.where(rt > 1, rt, 0)",
    "expand_dims_0": _RT + "result = tf.expand_dims(rt, 0)",
    "expand_dims_last": _RT + "result = tf.expand_dims(rt, -1)",
    "equal": _RT + "result = tf.equal(rt, 2)",
    "size": _RT + "result = tf.size(rt)",
    "stack": _RT + "result = tf.stack([rt, rt])",
    "maximum_dense_rows": _RT + "result = tf.maximum(rt, tf.constant([[2], [0]]))",
    "split_then_lower": "result = tf.strings.lower(tf.strings.split(['A b', 'C']))",
    "split_then_cast_length": "result = tf.cast(tf.strings.length(tf.strings.split(['ab c', "
                              "'def'])), tf.float32).to_list()",
}
