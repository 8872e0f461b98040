"""TF2 reference snippets: tf.sparse ops inside tf.function read indices and dense shapes that
are function inputs when the graph runs; SparseTensor.shape is static; SparseTensors cross
tf.function boundaries; embedding_column's default initializer follows the global seed."""

_SIG = ("[tf.TensorSpec([None, 2], tf.int64), tf.TensorSpec([None], tf.float32), "
        "tf.TensorSpec([2], tf.int64)]")
_CALLS = """
a = (tf.constant([[0, 1], [2, 3]], tf.int64), tf.constant([1.0, 2.0]),
     tf.constant([3, 4], tf.int64))
b = (tf.constant([[0, 0], [1, 2], [1, 4]], tf.int64), tf.constant([5.0, -1.0, 2.5]),
     tf.constant([2, 5], tf.int64))
"""


def _traced(body: str) -> str:
    return (f"{_CALLS}\n@tf.function(input_signature={_SIG})\ndef f(i, v, s):\n"
            f"    sp = tf.sparse.SparseTensor(i, v, s)\n    return {body}\n"
            f"r = [f(*a), f(*b)]\n"
            f"result = [[x.indices, x.values, x.dense_shape] if isinstance(x, tf.SparseTensor) "
            f"else x for x in r]\n")


SNIPPETS = {
    "to_dense": _traced("tf.sparse.to_dense(sp)"),
    "to_dense_default": _traced("tf.sparse.to_dense(sp, default_value=-1.0)"),
    "reduce_sum_axis1": _traced("tf.sparse.reduce_sum(sp, axis=1)"),
    "reduce_sum_keepdims": _traced("tf.sparse.reduce_sum(sp, axis=0, keepdims=True)"),
    "reduce_max_axis0": _traced("tf.sparse.reduce_max(sp, axis=0)"),
    "reduce_sum_all": _traced("tf.sparse.reduce_sum(sp)"),
    "returns_sparse_reorder": _traced("tf.sparse.reorder(tf.sparse.transpose(sp))"),
    "returns_sparse_reshape": _traced("tf.sparse.reshape(sp, [-1])"),
    "returns_sparse_slice": _traced("tf.sparse.slice(sp, [0, 1], [2, 3])"),
    "returns_sparse_concat": _traced("tf.sparse.concat(1, [sp, sp])"),
    "returns_sparse_expand_dims": _traced("tf.sparse.expand_dims(sp, 0)"),
    "returns_sparse_softmax": _traced("tf.sparse.softmax(sp)"),
    "returns_sparse_retain": _traced("tf.sparse.retain(sp, sp.values > 1.5)"),
    "returns_sparse_add": _traced("tf.sparse.add(sp, sp)"),
    "returns_sparse_maximum": _traced("tf.sparse.maximum(sp, sp * -1.0)"),
    "returns_fill_empty_rows": _traced("tf.sparse.fill_empty_rows(sp, 9.0)[0]"),
    "empty_rows_indicator": _traced("tf.sparse.fill_empty_rows(sp, 9.0)[1]"),
    "sparse_dense_matmul": _traced("tf.sparse.sparse_dense_matmul(sp, tf.ones(tf.stack("
                                   "[tf.cast(sp.dense_shape[1], tf.int32), 2])))"),
    "from_dense_roundtrip": _traced("tf.sparse.from_dense(tf.sparse.to_dense(sp) * 2.0)"),
    "to_dense_bad_order_in_graph": _CALLS + f"""
@tf.function(input_signature={_SIG})
def f(i, v, s):
    return tf.sparse.to_dense(tf.sparse.SparseTensor(i, v, s))
f(*a)
result = f(tf.constant([[2, 3], [0, 1]], tf.int64), tf.constant([1.0, 2.0]),
           tf.constant([3, 4], tf.int64))
""",
    "shape_in_function_unknown": _CALLS + f"""
seen = []
@tf.function(input_signature={_SIG})
def f(i, v, s):
    seen.append(tf.sparse.SparseTensor(i, v, s).shape.as_list())
    return v
f(*a)
result = seen
""",
    "shape_in_function_static": _CALLS + """
seen = []
@tf.function
def f(i, v):
    sp = tf.sparse.SparseTensor(i, v, [3, 4])
    seen.append(sp.shape.as_list())
    return tf.sparse.to_dense(sp)
result = [f(a[0], a[1]), seen]
""",
    "sparse_argument": _CALLS + """
@tf.function
def f(sp):
    return tf.sparse.reduce_sum(sp, axis=1)
result = [f(tf.sparse.SparseTensor(*a)), f(tf.sparse.SparseTensor(*b))]
""",
    "eager_shape": "tf.sparse.SparseTensor([[0, 1]], [1.0], [3, 4]).shape",
    "embedding_initializer_global_seed": """
col = tf.feature_column.embedding_column(
    tf.feature_column.categorical_column_with_identity('a', 3), 2)
tf.random.set_seed(5)
first = col.initializer([3, 2])
second = col.initializer([3, 2])
tf.random.set_seed(5)
again = col.initializer([3, 2])
result = [bool(np.array_equal(first, again)), bool(np.array_equal(first, second)),
          first.shape, first.dtype]
""",
}
