"""TF2 reference snippets: tf.nn.embedding_lookup_sparse / safe_embedding_lookup_sparse and
tf.math.approx_max_k (CPU kernels: last dimension, max only)."""

_S = """p = tf.reshape(tf.range(12, dtype=tf.float32), [4, 3])
ids = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, 3, 2], tf.int64), [4, 2])
w = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], [1., 2., 3.], [4, 2])
bad = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, -1, 2], tf.int64), [4, 2])
"""
SNIPPETS = {}
for _c in ("mean", "sum", "sqrtn"):
    SNIPPETS[f"unweighted_{_c}"] = _S + f"result = tf.nn.embedding_lookup_sparse(p, ids, None, " \
                                        f"combiner='{_c}')"
    SNIPPETS[f"weighted_{_c}"] = _S + f"result = tf.nn.embedding_lookup_sparse(p, ids, w, " \
                                      f"combiner='{_c}')"
    SNIPPETS[f"safe_{_c}"] = _S + f"result = tf.nn.safe_embedding_lookup_sparse(p, bad, " \
                                  f"combiner='{_c}')"
SNIPPETS.update({
    "default_combiner": _S + "result = tf.nn.embedding_lookup_sparse(p, ids, None)",
    "bad_combiner": _S + "result = tf.nn.embedding_lookup_sparse(p, ids, None, combiner='max')",
    "max_norm": _S + "result = tf.nn.embedding_lookup_sparse(p, ids, None, max_norm=1.0)",
    "safe_default_id": _S + "result = tf.nn.safe_embedding_lookup_sparse(p, bad, None, "
                            "default_id=0)",
    "safe_weighted": _S + "wb = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], [2., 1., 0.], "
                          "[4, 2])\nresult = tf.nn.safe_embedding_lookup_sparse(p, ids, wb)",
    "safe_rank3": """p = tf.reshape(tf.range(12, dtype=tf.float32), [4, 3])
ids = tf.sparse.SparseTensor([[0, 0, 0], [0, 1, 0], [1, 1, 1]], tf.constant([1, 3, 2], tf.int64),
                             [2, 2, 2])
result = tf.nn.safe_embedding_lookup_sparse(p, ids)""",
    "not_sparse": "tf.nn.embedding_lookup_sparse(tf.ones([3, 2]), tf.constant([[1]]), None)",
    "gradient": _S + """v = tf.Variable(p)
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.nn.embedding_lookup_sparse(v, ids, w, combiner='sqrtn'))
result = tf.convert_to_tensor(tape.gradient(y, v))""",
    "approx_max_k": "r = tf.math.approx_max_k(tf.constant([[1., 5., 3.], [4., 2., 6.]]), 2)\n"
                    "result = [r[0], r[1]]",
    "approx_max_k_nn": "r = tf.nn.approx_max_k(tf.constant([3., 9., 1., 7.]), 3)\n"
                       "result = [r[0], r[1]]",
})
