"""TF2 reference snippets for top-level ops Fluxion added late: space_to_batch family,
bitcast, parallel_stack, tuple, edit_distance, fingerprint."""

_X = "x = tf.reshape(tf.range(2 * 4 * 6 * 2, dtype=tf.float32), [2, 4, 6, 2])\n"
_SP = """h = tf.sparse.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 0, 0]], [b'a', b'b', b'c'],
                           [2, 1, 2])
t = tf.sparse.SparseTensor([[0, 1, 0], [1, 0, 0], [1, 0, 1]], [b'a', b'c', b'd'], [2, 2, 2])
"""

SNIPPETS = {
    "space_to_batch_2d": _X + "result = tf.space_to_batch(x, [2, 3], [[0, 0], [1, 2]])",
    "space_to_batch_nd_1d": _X + "result = tf.space_to_batch_nd(x, [2], [[1, 1]])",
    "space_to_batch_nn_alias": _X + "result = tf.nn.space_to_batch(x, [2, 2], [[0, 0], [0, 0]])",
    "space_to_batch_tensor_args": _X + "result = tf.space_to_batch(x, tf.constant([2, 2]), "
                                       "tf.constant([[2, 2], [1, 1]]))",
    "space_to_batch_not_divisible": _X + "result = tf.space_to_batch(x, [3, 3], [[0, 0], "
                                         "[0, 0]])",
    "batch_to_space_roundtrip": _X + """y = tf.space_to_batch(x, [2, 3], [[0, 0], [1, 2]])
result = [y.shape, tf.batch_to_space(y, [2, 3], [[0, 0], [1, 2]])]""",
    "batch_to_space_crops": "tf.batch_to_space(tf.reshape(tf.range(16), [4, 2, 2, 1]), [2, 2], "
                            "[[1, 0], [0, 1]])",
    "batch_to_space_grad": _X + """with tf.GradientTape() as g:
    g.watch(x)
    y = tf.space_to_batch(x, [2, 3], [[0, 0], [1, 2]])
    loss = tf.reduce_sum(y * y)
result = g.gradient(loss, x)""",
    "required_paddings": "list(tf.required_space_to_batch_paddings([5, 7], [2, 3]))",
    "required_paddings_base": "list(tf.required_space_to_batch_paddings([5, 7], [2, 3], "
                              "[[1, 0], [2, 2]]))",
    "bitcast_float_to_int": "tf.bitcast(tf.constant([1.0, -2.5]), tf.int32)",
    "bitcast_narrow": "tf.bitcast(tf.constant([1, 258], tf.int32), tf.uint8)",
    "bitcast_wide": "tf.bitcast(tf.constant([[1, 2], [3, 4]], tf.uint8), tf.int16)",
    "bitcast_wide_error": "tf.bitcast(tf.constant([1, 2, 3], tf.int16), tf.int32)",
    "bitcast_complex": "tf.bitcast(tf.constant([1 + 2j], tf.complex64), tf.float32)",
    "parallel_stack_eager_error": "tf.parallel_stack([tf.constant([1, 2]), tf.constant([3, 4])])",
    "parallel_stack_function": """@tf.function
def f(a, b):
    return tf.parallel_stack([a, b])
result = f(tf.constant([1, 2]), tf.constant([3, 4]))""",
    "tuple_identity": "tf.tuple([tf.constant(1), tf.constant([2.0])])",
    "edit_distance_normalized": _SP + "result = tf.edit_distance(h, t)",
    "edit_distance_raw": _SP + "result = tf.edit_distance(h, t, normalize=False)",
    "edit_distance_ints": """h = tf.sparse.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0]],
                           [1, 2, 3, 4], [2, 3])
t = tf.sparse.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1]], [1, 3, 4, 5], [2, 2])
result = [tf.edit_distance(h, t), tf.edit_distance(h, t, normalize=False)]""",
    "edit_distance_dense_error": "tf.edit_distance(tf.constant([[1]]), tf.constant([[1]]))",
    "fingerprint_strings": "tf.fingerprint(tf.constant([b'hello', b'', b'world']))",
    "fingerprint_string_rows": "tf.fingerprint(tf.constant([[b'a', b'b'], [b'c', b'd']]))",
    "fingerprint_int32_rows": "tf.fingerprint(tf.constant([[1, 2], [3, 4]], tf.int32))",
    "fingerprint_float": "tf.fingerprint(tf.constant([1.5, 2.0]))",
    "fingerprint_long_string": "tf.fingerprint(tf.constant([b'x' * 100, b'abc' * 21]))",
    "fingerprint_scalar_error": "tf.fingerprint(tf.constant(1))",
}

# --- tf.sparse segment reductions and bincount -----------------------------------------------
_D = "d = tf.constant([[1., 2.], [3., 4.], [5., 6.]])\n"

SPARSE = {
    "sparse_segment_sum": _D + "result = tf.sparse.segment_sum(d, [0, 2, 1, 1], [0, 0, 2, 2])",
    "sparse_segment_mean": _D + "result = tf.sparse.segment_mean(d, [0, 2, 1, 1], [0, 0, 2, 2])",
    "sparse_segment_sqrt_n": _D + "result = tf.sparse.segment_sqrt_n(d, [0, 2, 1], [0, 0, 2])",
    "sparse_segment_num_segments": _D + "result = [f(d, [0, 2, 1], [0, 0, 1], num_segments=4) "
                                        "for f in (tf.sparse.segment_sum, "
                                        "tf.sparse.segment_mean, tf.sparse.segment_sqrt_n)]",
    "sparse_segment_int_sum": "tf.sparse.segment_sum(tf.constant([1, 2, 3]), [0, 1], [0, 0])",
    "sparse_segment_int64_ids": _D + "result = tf.sparse.segment_sum(d, tf.constant([0, 1], "
                                     "tf.int64), tf.constant([1, 1], tf.int64))",
    "sparse_segment_unsorted_error": _D + "result = tf.sparse.segment_sum(d, [0, 1], [1, 0])",
    "sparse_segment_index_error": _D + "result = tf.sparse.segment_sum(d, [0, 5], [0, 0])",
    "sparse_segment_size_error": _D + "result = tf.sparse.segment_sum(d, [0, 1], [0])",
    "sparse_segment_num_error": _D + "result = tf.sparse.segment_sum(d, [0, 1], [0, 3], "
                                     "num_segments=2)",
    "sparse_segment_mean_int_error": "tf.sparse.segment_mean(tf.constant([1, 2]), [0], [0])",
    "sparse_segment_sqrt_n_grad": """x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
with tf.GradientTape() as t:
    t.watch(x)
    y = tf.sparse.segment_sqrt_n(x, [0, 2, 2], [0, 0, 1])
result = tf.convert_to_tensor(t.gradient(y, x))""",
    "sparse_bincount_flat": "r = tf.sparse.bincount(tf.constant([[1, 2, 2], [0, 5, 1]]))\n"
                            "result = [r.indices, r.values, r.dense_shape]",
    "sparse_bincount_rows_binary": "r = tf.sparse.bincount(tf.constant([[1, 2, 2], [0, 5, 1]]), "
                                   "axis=-1, binary_output=True)\n"
                                   "result = [r.indices, r.values, r.dense_shape]",
    "sparse_bincount_weights": "r = tf.sparse.bincount(tf.constant([3, 1, 3]), weights="
                               "tf.constant([0.5, 1., 2.]), minlength=6)\n"
                               "result = [r.indices, r.values, r.dense_shape]",
    "sparse_bincount_maxlength": "r = tf.sparse.bincount(tf.constant([3, 1, 7, 3]), "
                                 "maxlength=4)\nresult = [r.indices, r.values, r.dense_shape]",
    "sparse_bincount_sparse_input": """s = tf.sparse.SparseTensor([[0, 0], [0, 3], [1, 1]],
                           [4, 4, 2], [2, 5])
r = tf.sparse.bincount(s, axis=-1)
result = [r.indices, r.values, r.dense_shape]""",
}
SNIPPETS.update(SPARSE)

SNIPPETS.update({
    "sparse_mask": """a = tf.IndexedSlices(tf.constant([[1., 2.], [3., 4.], [5., 6.]]),
                     tf.constant([12, 26, 37]), tf.constant([40, 2]))
r = tf.sparse.mask(a, [12, 45])
result = [type(r).__name__, r.values, r.indices, r.dense_shape]""",
    "sparse_mask_all": """a = tf.IndexedSlices(tf.constant([1., 2.]), tf.constant([3, 4]),
                     tf.constant([5]))
r = tf.sparse.mask(a, tf.constant([4, 3]))
result = [r.values, r.indices]""",
})
