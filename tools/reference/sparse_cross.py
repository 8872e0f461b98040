"""TF2 reference snippets: tf.sparse.cross / cross_hashed and tf.ragged.cross / cross_hashed."""

_S = """a = tf.sparse.SparseTensor([[0, 0], [0, 1], [1, 0]], [b"a", b"b", b"c"], [2, 2])
b = tf.constant([["d"], ["e"]])
c = tf.sparse.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([1, 2, 3], tf.int64), [2, 2])
def parts(x):
    return [x.indices.numpy().tolist(), x.values.numpy().tolist(), x.dense_shape.numpy().tolist()]
"""
_R = """x = tf.ragged.constant([["a", "b"], ["c"]])
y = tf.ragged.constant([["x"], ["y", "z"]])
"""
SNIPPETS = {
    "cross_three": _S + "result = parts(tf.sparse.cross([a, b, c]))",
    "cross_separator": _S + "result = parts(tf.sparse.cross([a, b], separator='|'))",
    "cross_dense_only": "r = tf.sparse.cross([tf.constant([['a', 'b']]), tf.constant([[1, 2]], "
                        "tf.int64)])\nresult = [r.values.numpy().tolist(), "
                        "r.dense_shape.numpy().tolist()]",
    "hashed_buckets": _S + "result = parts(tf.sparse.cross_hashed([a, b, c], num_buckets=100))",
    "hashed_no_buckets": _S + "result = parts(tf.sparse.cross_hashed([a, b]))",
    "hashed_key": _S + "result = parts(tf.sparse.cross_hashed([a, b], num_buckets=10, "
                       "hash_key=7))",
    "empty_rows": _S + "e = tf.sparse.SparseTensor(tf.zeros([0, 2], tf.int64), tf.constant([], "
                       "tf.string), [2, 2])\nresult = parts(tf.sparse.cross([e, b]))",
    "ragged_cross": _R + "result = tf.ragged.cross([x, y]).to_list()",
    "ragged_cross_hashed": _R + "result = tf.ragged.cross_hashed([x, y], num_buckets=50)"
                                ".to_list()",
    "not_a_list": _S + "tf.sparse.cross(a)",
}
