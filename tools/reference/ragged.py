"""TF2 reference snippets: tf.RaggedTensor, tf.ragged.* and ragged values through tf.function.

RaggedTensors are compared through `to_list()`, `repr`, their dtypes, shapes and components
(the fixture encoder reads tensors, lists and Python values)."""

def _d(code: str) -> str:
    """`code` ends in an expression `rt`: the result describes it fully."""
    return code + "\nresult = (repr(rt), rt.to_list(), rt.dtype, rt.shape, rt.ragged_rank, " \
                  "rt.row_splits)"


SNIPPETS = {
    # --- construction ---------------------------------------------------------------------
    "constant_int": _d("rt = tf.ragged.constant([[1, 2], [3], []])"),
    "constant_float": _d("rt = tf.ragged.constant([[1.5, 2.0], [3.25]])"),
    "constant_mixed_float": _d("rt = tf.ragged.constant([[1, 2.5], [3]])"),
    "constant_string": _d("rt = tf.ragged.constant([['a', 'bc'], []])"),
    "constant_bool": _d("rt = tf.ragged.constant([[True], [False, True]])"),
    "constant_nested": _d("rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])"),
    "constant_empty_rows": _d("rt = tf.ragged.constant([[], []])"),
    "constant_one_empty": _d("rt = tf.ragged.constant([[]])"),
    "constant_uniform_rows": _d("rt = tf.ragged.constant([[1, 2], [3, 4]])"),
    "constant_dtype": _d("rt = tf.ragged.constant([[1, 2], [3]], dtype=tf.float64)"),
    "constant_int32_splits": _d("rt = tf.ragged.constant([[1], [2, 3]], "
                                "row_splits_dtype=tf.int32)"),
    "constant_ragged_rank_1": _d("rt = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], "
                                 "ragged_rank=1)"),
    "constant_inner_shape": _d("rt = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], "
                               "inner_shape=(2,))"),
    "constant_flat_is_tensor": "tf.ragged.constant([1, 2, 3])",
    "constant_empty_is_tensor": "tf.ragged.constant([])",
    "constant_bad_depth": "tf.ragged.constant([[1, [2]], [3]])",
    "constant_bad_inner_shape": "tf.ragged.constant([[[1, 2], [3]], [[4]]], ragged_rank=1)",
    "from_row_splits": _d("rt = tf.RaggedTensor.from_row_splits([3, 1, 4, 1, 5], "
                          "[0, 2, 2, 5])"),
    "from_row_splits_int32": _d("rt = tf.RaggedTensor.from_row_splits(tf.constant([1., 2.]), "
                                "tf.constant([0, 1, 2]))"),
    "from_row_splits_not_zero": "tf.RaggedTensor.from_row_splits([1, 2, 3], [1, 2, 3])",
    "from_row_splits_decreasing": "tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 1, 3])",
    "from_row_splits_short": "tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2])",
    "from_row_splits_scalar_values": "tf.RaggedTensor.from_row_splits(1, [0, 1])",
    "from_row_lengths": _d("rt = tf.RaggedTensor.from_row_lengths([3, 1, 4, 1, 5], "
                           "[2, 0, 3])"),
    "from_row_lengths_bad_total": "tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, 1])",
    "from_value_rowids": _d("rt = tf.RaggedTensor.from_value_rowids([3, 1, 4, 1, 5], "
                            "[0, 0, 2, 2, 2])"),
    "from_value_rowids_nrows": _d("rt = tf.RaggedTensor.from_value_rowids([3, 1], [0, 2], "
                                  "nrows=5)"),
    "from_row_starts": _d("rt = tf.RaggedTensor.from_row_starts([3, 1, 4, 1, 5], [0, 2, 2])"),
    "from_row_limits": _d("rt = tf.RaggedTensor.from_row_limits([3, 1, 4, 1, 5], [2, 2, 5])"),
    "from_nested_row_splits": _d("rt = tf.RaggedTensor.from_nested_row_splits("
                                 "[1, 2, 3, 4], ([0, 2, 3], [0, 1, 3, 4]))"),
    "from_nested_row_lengths": _d("rt = tf.RaggedTensor.from_nested_row_lengths("
                                  "[1, 2, 3, 4], ([2, 1], [1, 2, 1]))"),
    "from_tensor_full": _d("rt = tf.RaggedTensor.from_tensor([[1, 2, 3], [4, 5, 6]])"),
    "from_tensor_lengths": _d("rt = tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0]], "
                              "lengths=[1, 3])"),
    "from_tensor_padding": _d("rt = tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0], "
                              "[0, 0, 0]], padding=0)"),
    "from_tensor_padding_inner": _d("rt = tf.RaggedTensor.from_tensor([[[1, 1], [0, 0]], "
                                    "[[0, 0], [0, 0]]], padding=0)"),
    "from_tensor_padding_vector": _d("rt = tf.RaggedTensor.from_tensor([[[1, 1], [0, 0]], "
                                     "[[0, 0], [0, 0]]], padding=[0, 0])"),
    "from_tensor_uniform_ops": """
rt = tf.RaggedTensor.from_tensor([[1, 2, 3], [4, 5, 6]])
result = ((rt + 1).shape, rt.uniform_row_length, tf.reduce_sum(rt, axis=1),
          repr(rt), tf.RaggedTensorSpec.from_value(rt).shape)""",
    "iterate_rows": "[row for row in tf.ragged.constant([[1], [2, 3]])]",
    "from_tensor_ragged_rank_2": _d("rt = tf.RaggedTensor.from_tensor(tf.reshape(tf.range(8),"
                                    " [2, 2, 2]), ragged_rank=2)"),
    "from_tensor_both_error": "tf.RaggedTensor.from_tensor([[1]], lengths=[1], padding=0)",
    "from_sparse": _d("rt = tf.RaggedTensor.from_sparse(tf.sparse.SparseTensor("
                      "[[0, 0], [0, 1], [2, 0]], [1, 2, 3], [3, 4]))"),
    "from_uniform_row_length": _d("rt = tf.RaggedTensor.from_uniform_row_length("
                                  "[1, 2, 3, 4, 5, 6], 2)"),
    "from_uniform_row_length_bad": "tf.RaggedTensor.from_uniform_row_length([1, 2, 3], 2)",
    "from_uniform_row_length_zero": _d("rt = tf.RaggedTensor.from_uniform_row_length("
                                       "tf.zeros([0]), 0, nrows=3)"),
    "nested_row_lengths": "tf.ragged.constant([[[1, 2], [3]], [[4]]]).nested_row_lengths()",
    "constructor_private": "tf.RaggedTensor([1], [0, 1])",
    # --- properties ------------------------------------------------------------------------
    "row_partition": """
rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])
result = (rt.row_lengths(), rt.value_rowids(), rt.row_starts(), rt.row_limits(), rt.nrows(),
          rt.values, rt.flat_values, rt.bounding_shape())""",
    "nested_properties": """
rt = tf.ragged.constant([[[1, 2], [3]], [[4]], []])
result = (rt.flat_values, list(rt.nested_row_splits), rt.values.to_list(),
          rt.bounding_shape(), rt.row_lengths(), rt.shape)""",
    "nrows_out_type": "tf.ragged.constant([[1], [2]]).nrows(out_type=tf.int32)",
    "bounding_shape_axis": "tf.ragged.constant([[1], [2, 3, 4]]).bounding_shape(axis=1)",
    "numpy_ragged": "[list(a) for a in tf.ragged.constant([[1, 2], [3]]).numpy()]",
    "numpy_uniform": "tf.ragged.constant([[1, 2], [3, 4]]).numpy()",
    "len_rows": "len(tf.ragged.constant([[1], [], [2]]))",
    "is_tensor": "tf.is_tensor(tf.ragged.constant([[1]]))",
    "spec_repr": "repr(tf.RaggedTensorSpec([None, None], tf.int32))",
    "spec_from_value": "repr(tf.RaggedTensorSpec.from_value(tf.ragged.constant([[[1]], []])))",
    "spec_fields": """
s = tf.RaggedTensorSpec([2, None, 3], tf.string, row_splits_dtype=tf.int32)
result = (s.shape, s.dtype, s.ragged_rank, s.row_splits_dtype)""",
    # --- conversions ----------------------------------------------------------------------
    "to_tensor": "tf.ragged.constant([[1, 2], [3], []]).to_tensor()",
    "to_tensor_default": "tf.ragged.constant([[1., 2.], [3.]]).to_tensor(default_value=-1.)",
    "to_tensor_shape_truncate": "tf.ragged.constant([[1, 2, 3], [4]]).to_tensor(shape=[1, 2])",
    "to_tensor_shape_pad": "tf.ragged.constant([[1, 2], [3]]).to_tensor(9, shape=[3, 4])",
    "to_tensor_shape_none": "tf.ragged.constant([[1, 2], [3]]).to_tensor(shape=[None, 3])",
    "to_tensor_nested": "tf.ragged.constant([[[1, 2], [3]], [[4]]]).to_tensor()",
    "to_tensor_inner_dims": "tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], "
                            "ragged_rank=1).to_tensor()",
    "to_tensor_strings": "tf.ragged.constant([['a'], ['b', 'c']]).to_tensor()",
    "to_tensor_empty": "tf.ragged.constant([[], []], dtype=tf.int32).to_tensor()",
    "to_sparse": """
st = tf.ragged.constant([[1, 2], [], [3]]).to_sparse()
result = (st.indices, st.values, st.dense_shape)""",
    "to_sparse_nested": """
st = tf.ragged.constant([[[1, 2], [3]], [[4]]]).to_sparse()
result = (st.indices, st.values, st.dense_shape)""",
    "merge_dims_01": _d("rt = tf.ragged.constant([[[1, 2], [3]], [[4]]]).merge_dims(0, 1)"),
    "merge_dims_12": _d("rt = tf.ragged.constant([[[1, 2], [3]], [[4]]]).merge_dims(1, 2)"),
    "merge_dims_all": "tf.ragged.constant([[[1, 2], [3]], [[4]]]).merge_dims(0, -1)",
    "merge_dims_uniform_inner": _d("rt = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], "
                                   "ragged_rank=1).merge_dims(1, 2)"),
    "with_values": _d("rt = tf.ragged.constant([[1, 2], [3]]).with_values(tf.constant("
                      "[1., 2., 3.]))"),
    "with_flat_values": _d("rt = tf.ragged.constant([[[1], [2]], [[3]]]).with_flat_values("
                           "tf.constant(['a', 'b', 'c']))"),
    "with_row_splits_dtype": _d("rt = tf.ragged.constant([[1], [2]]).with_row_splits_dtype("
                                "tf.int32)"),
    # --- indexing -------------------------------------------------------------------------
    "getitem_row": "tf.ragged.constant([[1, 2], [3], []])[0]",
    "getitem_negative": "tf.ragged.constant([[1, 2], [3], []])[-2]",
    "getitem_empty_row": "tf.ragged.constant([[1, 2], [3], []])[2]",
    "getitem_out_of_range": "tf.ragged.constant([[1, 2], [3], []])[3]",
    "getitem_slice": _d("rt = tf.ragged.constant([[1, 2], [3], [], [4]])[1:3]"),
    "getitem_slice_step": _d("rt = tf.ragged.constant([[1, 2], [3], [], [4]])[::2]"),
    "getitem_slice_reverse": _d("rt = tf.ragged.constant([[1, 2], [3], [], [4]])[::-1]"),
    "getitem_inner_slice": _d("rt = tf.ragged.constant([[1, 2, 3], [4], []])[:, 1:]"),
    "getitem_inner_negative": _d("rt = tf.ragged.constant([[1, 2, 3], [4], []])[:, -2:]"),
    "getitem_inner_int_error": "tf.ragged.constant([[1, 2], [3]])[:, 0]",
    "getitem_two_ints": "tf.ragged.constant([[1, 2], [3]])[0, 1]",
    "getitem_nested_row": _d("rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])[0]"),
    "getitem_uniform_inner": _d("rt = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], "
                                "ragged_rank=1)[:, :, :1]"),
    # --- elementwise ----------------------------------------------------------------------
    "add_scalar": _d("rt = tf.ragged.constant([[1, 2], [3], []]) + 1"),
    "radd_scalar": _d("rt = 10 + tf.ragged.constant([[1, 2], [3]])"),
    "mul_ragged": _d("rt = tf.ragged.constant([[1., 2.], [3.]]) * "
                     "tf.ragged.constant([[2., 3.], [4.]])"),
    "sub_dense_rows": _d("rt = tf.ragged.constant([[1, 2], [3]]) - tf.constant([[10], [20]])"),
    "div_int": _d("rt = tf.ragged.constant([[1, 2], [3]]) / 2"),
    "rtruediv": _d("rt = 1.0 / tf.ragged.constant([[1., 2.], [4.]])"),
    "floordiv_mod": _d("rt = tf.ragged.constant([[7, -7], [5]]) // 2 + "
                       "tf.ragged.constant([[7, -7], [5]]) % 3"),
    "pow": _d("rt = tf.ragged.constant([[1., 2.], [3.]]) ** 2"),
    "neg_abs": _d("rt = abs(-tf.ragged.constant([[1, -2], [3]]))"),
    "compare": _d("rt = tf.ragged.constant([[1, 2], [3]]) > 1"),
    "equal_scalar": _d("rt = tf.ragged.constant([[1, 2], [3]]) == 2"),
    "logical": _d("rt = (tf.ragged.constant([[True, False], [True]]) & "
                  "tf.ragged.constant([[True, True], [False]])) | "
                  "tf.ragged.constant([[False, False], [True]])"),
    "mismatched_splits": "tf.ragged.constant([[1, 2], [3]]) + tf.ragged.constant([[1], [2, 3]])",
    "mismatched_splits_dtype": "tf.ragged.constant([[1]]) + tf.ragged.constant([[1]], "
                               "row_splits_dtype=tf.int32)",
    "int_plus_float_ragged": "tf.ragged.constant([[1]]) + tf.ragged.constant([[1.5]])",
    "inner_dims_broadcast": _d("rt = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], "
                               "ragged_rank=1) * tf.constant([10, 100])"),
    # --- tf.ragged functions -----------------------------------------------------------------
    "map_flat_values": _d("rt = tf.ragged.map_flat_values(tf.ones_like, "
                          "tf.ragged.constant([[1, 2], [3]]))"),
    "map_flat_values_args": _d("rt = tf.ragged.map_flat_values(tf.add, "
                               "tf.ragged.constant([[1, 2], [3]]), 5)"),
    "map_flat_values_two": _d("rt = tf.ragged.map_flat_values(tf.multiply, "
                              "tf.ragged.constant([[1, 2], [3]]), "
                              "tf.ragged.constant([[4, 5], [6]]))"),
    "map_flat_values_bad_size": "tf.ragged.map_flat_values(tf.reduce_sum, "
                                "tf.ragged.constant([[1, 2], [3]]))",
    "range_limits": _d("rt = tf.ragged.range([3, 1, 0])"),
    "range_full": _d("rt = tf.ragged.range([1, 2], [4, 5], 2)"),
    "range_negative_delta": _d("rt = tf.ragged.range([5, 0], [0, 3], [-2, 1])"),
    "range_scalar": _d("rt = tf.ragged.range(3)"),
    "range_float": _d("rt = tf.ragged.range([0., 1.], [1., 2.], 0.25)"),
    "range_zero_delta": "tf.ragged.range([1], [3], 0)",
    "boolean_mask_dense": _d("rt = tf.ragged.boolean_mask([[1, 2, 3], [4, 5, 6]], "
                             "[[True, False, True], [False, False, True]])"),
    "boolean_mask_ragged": _d("rt = tf.ragged.boolean_mask(tf.ragged.constant([[1, 2, 3], "
                              "[4]]), tf.ragged.constant([[True, False, True], [False]]))"),
    "boolean_mask_rows": _d("rt = tf.ragged.boolean_mask(tf.ragged.constant([[1, 2, 3], "
                            "[4], [5]]), [True, False, True])"),
    "boolean_mask_vector": "tf.ragged.boolean_mask([1, 2, 3], [True, False, True])",
    "stack_axis0": _d("rt = tf.ragged.stack([tf.ragged.constant([[1, 2], [3]]), "
                      "tf.ragged.constant([[4]])])"),
    "stack_axis1": _d("rt = tf.ragged.stack([tf.ragged.constant([[1, 2], [3]]), "
                      "tf.ragged.constant([[4], [5, 6]])], axis=1)"),
    "stack_dense_vectors": _d("rt = tf.ragged.stack([tf.constant([1, 2]), "
                              "tf.constant([3])])"),
    "stack_dynamic_partitions": _d("rt = tf.ragged.stack_dynamic_partitions("
                                   "['a', 'b', 'c', 'd', 'e'], [3, 0, 2, 0, 3], 4)"),
    "stack_dynamic_partitions_rows": _d("rt = tf.ragged.stack_dynamic_partitions("
                                        "tf.constant([[1, 2], [3, 4], [5, 6]]), [1, 0, 1], 3)"),
    "stack_dynamic_partitions_bad": "tf.ragged.stack_dynamic_partitions([1, 2], [0, 5], 3)",
    "row_splits_to_segment_ids": "tf.ragged.row_splits_to_segment_ids([0, 2, 3, 3, 5])",
    "segment_ids_to_row_splits": "tf.ragged.segment_ids_to_row_splits([0, 0, 1, 3])",
    "segment_ids_to_row_splits_n": "tf.ragged.segment_ids_to_row_splits([0, 1], "
                                   "num_segments=4)",
    # --- reductions ---------------------------------------------------------------------------
    "reduce_sum_rows": "tf.reduce_sum(tf.ragged.constant([[1, 2], [3], []]), axis=1)",
    "reduce_sum_cols": "tf.reduce_sum(tf.ragged.constant([[1, 2], [3], []]), axis=0)",
    "reduce_sum_all": "tf.reduce_sum(tf.ragged.constant([[1, 2], [3], []]))",
    "reduce_sum_both_axes": "tf.reduce_sum(tf.ragged.constant([[1, 2], [3]]), axis=[0, 1])",
    "reduce_sum_keepdims": "tf.reduce_sum(tf.ragged.constant([[1, 2], [3]]), axis=1, "
                           "keepdims=True)",
    "reduce_sum_negative_axis": "tf.reduce_sum(tf.ragged.constant([[1., 2.], [3.]]), axis=-1)",
    "reduce_mean_rows": "tf.reduce_mean(tf.ragged.constant([[1., 2.], [3.], []]), axis=1)",
    "reduce_mean_int": "tf.reduce_mean(tf.ragged.constant([[1, 2], [-3, -4, 0]]), axis=1)",
    "reduce_mean_cols": "tf.reduce_mean(tf.ragged.constant([[1., 2.], [3.]]), axis=0)",
    "reduce_mean_all": "tf.reduce_mean(tf.ragged.constant([[1., 2.], [3., 6.]]))",
    "reduce_max_rows": "tf.reduce_max(tf.ragged.constant([[1., 5.], [], [-2.]]), axis=1)",
    "reduce_max_int_empty": "tf.reduce_max(tf.ragged.constant([[1, 5], []]), axis=1)",
    "reduce_min_rows": "tf.reduce_min(tf.ragged.constant([[1, 5], [], [-2]]), axis=1)",
    "reduce_prod_rows": "tf.reduce_prod(tf.ragged.constant([[2., 5.], []]), axis=1)",
    "reduce_any_all": """
rt = tf.ragged.constant([[True, False], [], [False]])
result = (tf.reduce_any(rt, axis=1), tf.reduce_all(rt, axis=1))""",
    "reduce_nested_inner": _d("rt = tf.reduce_sum(tf.ragged.constant([[[1, 2], [3]], "
                              "[[4]]]), axis=2)"),
    "reduce_inner_uniform": _d("rt = tf.reduce_sum(tf.ragged.constant([[[1, 2]], [[3, 4], "
                               "[5, 6]]], ragged_rank=1), axis=2)"),
    "reduce_bad_axis": "tf.reduce_sum(tf.ragged.constant([[1, 2], [3]]), axis=2)",
    # --- tf.function / gradients --------------------------------------------------------------
    "function_returns_ragged": _d("""
@tf.function
def f(v, s):
    return tf.RaggedTensor.from_row_splits(v, s, validate=False) * 2
f(tf.constant([1., 2.]), tf.constant([0, 2], tf.int64))
rt = f(tf.constant([1., 2., 3.]), tf.constant([0, 1, 1, 3], tf.int64))"""),
    "function_takes_ragged": """
@tf.function
def f(rt):
    return tf.reduce_sum(rt, axis=1), rt.row_lengths(), rt.to_tensor()
f(tf.ragged.constant([[1, 2], [3]]))
result = f(tf.ragged.constant([[1], [2, 3, 4], []]))""",
    "function_signature": """
@tf.function(input_signature=[tf.RaggedTensorSpec([None, None], tf.float32)])
def f(rt):
    return tf.reduce_mean(rt, axis=1), rt + 1.
f(tf.ragged.constant([[1., 2.], [3.]]))
out = f(tf.ragged.constant([[1.], [2., 3., 4.], [5.]]))
result = (out[0], out[1].to_list(), f.experimental_get_tracing_count())""",
    "function_signature_mismatch": """
@tf.function(input_signature=[tf.RaggedTensorSpec([None, None], tf.float32)])
def f(rt):
    return rt
f(tf.ragged.constant([[1, 2]]))""",
    "gradient_to_tensor": """
x = tf.constant([1., 2., 3.])
with tf.GradientTape() as tape:
    tape.watch(x)
    rt = tf.RaggedTensor.from_row_splits(x, [0, 2, 3])
    y = tf.reduce_sum(rt.to_tensor(default_value=5.) * [[1., 10.]])
result = tf.convert_to_tensor(tape.gradient(y, x))""",
    "gradient_reduce_rows": """
x = tf.constant([1., 2., 3., 4.])
with tf.GradientTape() as tape:
    tape.watch(x)
    rt = tf.RaggedTensor.from_row_lengths(x, [2, 0, 2])
    y = tf.reduce_sum(tf.reduce_mean(rt * rt, axis=1) * [1., 2., 3.])
result = tape.gradient(y, x)""",
    "gradient_map_flat_values": """
x = tf.constant([0.5, 1., 2.])
with tf.GradientTape() as tape:
    tape.watch(x)
    rt = tf.ragged.map_flat_values(tf.exp, tf.RaggedTensor.from_row_splits(x, [0, 1, 3]))
    y = tf.reduce_sum(tf.reduce_max(rt, axis=1))
result = tape.gradient(y, x)""",
}

_RT = "rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])\n"

SNIPPETS.update({
    # --- tf.data ------------------------------------------------------------------------------
    "dataset_slices_spec": _RT + "result = repr(tf.data.Dataset.from_tensor_slices(rt)"
                                 ".element_spec)",
    "dataset_slices_values": _RT + "result = list(tf.data.Dataset.from_tensor_slices(rt))",
    "dataset_slices_nested": """
ds = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[[1], [2, 3]], [[4]]]))
result = (repr(ds.element_spec), [r.to_list() for r in ds])""",
    "dataset_from_tensors_spec": _RT + "result = repr(tf.data.Dataset.from_tensors(rt)"
                                       ".element_spec)",
    "dataset_batch_ragged": _RT + """ds = tf.data.Dataset.from_tensor_slices(rt).batch(3)
result = (repr(ds.element_spec), [b.to_list() for b in ds])""",
    "dataset_batch_ragged_drop": _RT + """
ds = tf.data.Dataset.from_tensor_slices(rt).batch(3, True)
result = (repr(ds.element_spec), [b.to_list() for b in ds])""",
    "dataset_slices_map_dense": _RT + """
ds = tf.data.Dataset.from_tensor_slices(rt).map(lambda r: r * 2)
result = (repr(ds.element_spec), list(ds))""",
    "dataset_ragged_batch": """
ds = tf.data.Dataset.from_tensor_slices(tf.range(4)).map(lambda x: tf.range(x))
rb = ds.ragged_batch(3)
result = (repr(ds.element_spec), repr(rb.element_spec), [b.to_list() for b in rb])""",
    "dataset_ragged_batch_known_shape": """
ds = tf.data.Dataset.from_tensor_slices(tf.ones([4, 3])).ragged_batch(2)
result = (repr(ds.element_spec), [b.shape for b in ds])""",
    "dataset_ragged_batch_scalars": """
ds = tf.data.Dataset.range(5).ragged_batch(2)
result = (repr(ds.element_spec), list(ds))""",
    "dataset_ragged_batch_int32_splits": """
ds = tf.data.Dataset.from_tensor_slices(tf.range(3)).map(lambda x: tf.range(x))
ds = ds.ragged_batch(2, row_splits_dtype=tf.int32)
result = (repr(ds.element_spec), [b.row_splits for b in ds])""",
    "dataset_batch_varying_error": """
ds = tf.data.Dataset.from_tensor_slices(tf.range(4)).map(lambda x: tf.range(x))
result = list(ds.batch(3))""",
    "dataset_map_returns_ragged": """
ds = tf.data.Dataset.from_tensor_slices(tf.constant([[1, 0, 0], [2, 3, 0]]))
ds = ds.batch(2).map(lambda x: tf.RaggedTensor.from_tensor(x, padding=0))
result = (repr(ds.element_spec), [r.to_list() for r in ds])""",
    "dataset_map_ragged_to_dense": _RT + """
ds = tf.data.Dataset.from_tensors(rt).map(lambda r: r.to_tensor())
result = (repr(ds.element_spec), list(ds))""",
    "dataset_map_ragged_tuple": _RT + """
ds = tf.data.Dataset.from_tensors(rt).map(lambda r: (r + 1,
                                                     tf.reduce_sum(r, axis=1)))
result = (repr(ds.element_spec), [(a.to_list(), b) for a, b in ds])""",
    "dataset_as_numpy_rows": _RT + "result = list(tf.data.Dataset.from_tensor_slices(rt)"
                                   ".as_numpy_iterator())",
})

SNIPPETS.update({
    "dataset_from_generator_ragged": """
def gen():
    yield tf.ragged.constant([[1, 2], [3]])
    yield tf.ragged.constant([[4], [], [5, 6]])
ds = tf.data.Dataset.from_generator(
    gen, output_signature=tf.RaggedTensorSpec([None, None], tf.int32))
result = (repr(ds.element_spec), [r.to_list() for r in ds],
          [b.to_list() for b in ds.batch(2)])""",
    "dataset_from_generator_ragged_bad_dtype": """
def gen():
    yield tf.ragged.constant([[1.5]])
ds = tf.data.Dataset.from_generator(
    gen, output_signature=tf.RaggedTensorSpec([None, None], tf.int32))
result = list(ds)""",
})
