"""TF2 reference snippets for the gather family: gather, gather_nd, scatter_nd,
tensor_scatter_nd_*, boolean_mask, sort, argsort, unique, searchsorted, einsum, tensordot."""

_P = "p = tf.constant(np.arange(24.0, dtype=np.float32).reshape(2, 3, 4))\n"
_M = "m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])\n"


def _grad(setup: str, expr: str, sources: str = "x") -> str:
    """A snippet computing d(sum(expr * weights))/d(sources) densely (TF may give
    IndexedSlices, which tf.convert_to_tensor densifies)."""
    return (setup + "with tf.GradientTape() as tape:\n"
            f"    tape.watch([{sources}])\n"
            f"    y = {expr}\n"
            "    w = tf.constant(np.linspace(-1.0, 2.0, int(np.prod(y.shape))).reshape(y.shape)"
            ".astype(y.dtype.as_numpy_dtype))\n"
            "    total = tf.reduce_sum(y * w)\n"
            f"result = [tf.convert_to_tensor(g) if g is not None else None "
            f"for g in tape.gradient(total, [{sources}])]\n")


_X23 = "x = tf.constant(np.arange(6.0).reshape(2, 3) / 7.0)\n"
_X234 = "x = tf.constant(np.arange(24.0).reshape(2, 3, 4) / 11.0)\n"

GATHER = {
    "gather_rows": _M + "tf.gather(m, [1, 0, 1])",
    "gather_axis1": _M + "tf.gather(m, [2, 0], axis=1)",
    "gather_axis_negative": _P + "tf.gather(p, [3, 0], axis=-1)",
    "gather_2d_indices": _P + "tf.gather(p, [[0, 1], [1, 1]], axis=1)",
    "gather_scalar_index": _M + "tf.gather(m, 1)",
    "gather_scalar_index_axis1": _M + "tf.gather(m, 2, axis=1)",
    "gather_int64_indices": _M + "tf.gather(m, tf.constant([1], tf.int64))",
    "gather_int16_indices": _M + "tf.gather(m, tf.constant([1, 0], tf.int16))",
    "gather_float_indices_error": _M + "tf.gather(m, [0.0])",
    "gather_uint8_indices_error": _M + "tf.gather(m, tf.constant([1], tf.uint8))",
    "gather_out_of_range": _M + "tf.gather(m, [2])",
    "gather_negative_index": _M + "tf.gather(m, [-1])",
    "gather_out_of_range_axis1": _M + "tf.gather(m, [0, 3], axis=1)",
    "gather_axis_too_big": _M + "tf.gather(m, [0], axis=2)",
    "gather_axis_too_negative": _M + "tf.gather(m, [0], axis=-3)",
    "gather_scalar_params": "tf.gather(tf.constant(5.0), 0)",
    "gather_empty_indices": _M + "tf.gather(m, tf.zeros([0], tf.int32))",
    "gather_empty_params": "tf.gather(tf.zeros([0, 3]), tf.zeros([0], tf.int32))",
    "gather_empty_params_bad_index": "tf.gather(tf.zeros([0, 3]), [0])",
    "gather_strings": "tf.gather(tf.constant(['a', 'b', 'c']), [2, 0, 2])",
    "gather_bool": "tf.gather(tf.constant([True, False]), [1, 0, 1])",
    "gather_int32_params": "tf.gather(tf.constant([[1, 2], [3, 4]]), [1])",
    "gather_uint8_params": "tf.gather(tf.constant([1, 2, 3], tf.uint8), [2])",
    "gather_complex": "tf.gather(tf.constant([1 + 2j, 3 - 1j]), [1, 1])",
    "gather_float64": "tf.gather(tf.constant([1.5, 2.5], tf.float64), [1])",
    "gather_batch_dims1": _P + "tf.gather(p, [[0, 2], [1, 1]], axis=1, batch_dims=1)",
    "gather_batch_dims1_axis2": _P + "tf.gather(p, [[0, 3], [2, 1]], axis=2, batch_dims=1)",
    "gather_batch_dims_default_axis": _P + "tf.gather(p, [[0, 2], [1, 1]], batch_dims=1)",
    "gather_batch_dims2": _P + "tf.gather(p, [[[0], [1], [2]], [[3], [2], [1]]], batch_dims=2)",
    "gather_batch_dims_negative": _P + "tf.gather(p, [[0, 1], [1, 2]], batch_dims=-1)",
    "gather_batch_dims_axis0_ignored": _P + "tf.gather(p, [[0, 1], [1, 0]], axis=0, batch_dims=1)",
    "gather_batch_dims_gt_axis": _P + "tf.gather(p, [[0, 1], [1, 0]], axis=1, batch_dims=2)",
    "gather_batch_dims_too_big": _P + "tf.gather(p, [[0, 1], [1, 0]], axis=2, batch_dims=3)",
    "gather_batch_mismatch": _P + "tf.gather(p, [[0], [1], [0]], axis=1, batch_dims=1)",
    "gather_batch_out_of_range": _P + "tf.gather(p, [[0, 1], [1, 5]], axis=1, batch_dims=1)",
    "gather_axis_tensor": _P + "tf.gather(p, [1], axis=tf.constant(1)).shape",
    "gather_variable_params": "tf.gather(tf.Variable([[1.0, 2.0], [3.0, 4.0]]), [1, 1])",
    "gather_grad_rows": _grad(_X23, "tf.gather(x, [1, 1, 0])"),
    "gather_grad_axis1": _grad(_X23, "tf.gather(x, [2, 0, 2, 2], axis=1)"),
    "gather_grad_2d_indices": _grad(_X234, "tf.gather(x, [[0, 2], [1, 2]], axis=-1)"),
    "gather_grad_batch_dims": _grad(_X234, "tf.gather(x, [[0, 2], [1, 1]], axis=1, batch_dims=1)"),
    "gather_grad_scalar_index": _grad(_X23, "tf.gather(x, 1, axis=1)"),
    "gather_grad_variable": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.gather(v, [2, 0, 2]) * tf.constant([[1.0, 2.0]]))
result = tf.convert_to_tensor(tape.gradient(y, v))
""",
    "gather_second_order": """
x = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        z = tf.gather(x, [0, 2, 2])
        y = tf.reduce_sum(z * z * z)
    g = tf.convert_to_tensor(t1.gradient(y, x))
result = [g, tf.convert_to_tensor(t2.gradient(g, x))]
""",
}

GATHER_ND = {
    "gather_nd_elements": _P + "tf.gather_nd(p, [[0, 1, 2], [1, 2, 3]])",
    "gather_nd_rows": _P + "tf.gather_nd(p, [[0, 1], [1, 2]])",
    "gather_nd_slices": _P + "tf.gather_nd(p, [[1], [0]])",
    "gather_nd_nested": _P + "tf.gather_nd(p, [[[0, 1]], [[1, 0]]])",
    "gather_nd_1d_index": _P + "tf.gather_nd(p, [0, 1])",
    "gather_nd_empty": _P + "tf.gather_nd(p, tf.zeros([0, 2], tf.int32))",
    "gather_nd_zero_depth": _P + "tf.gather_nd(p, tf.zeros([2, 0], tf.int32)).shape",
    "gather_nd_batch_dims": _P + "tf.gather_nd(p, [[0], [1]], batch_dims=1)",
    "gather_nd_batch_dims_nested": _P + "tf.gather_nd(p, [[[0, 1]], [[1, 2]]], batch_dims=1)",
    "gather_nd_batch_dims_too_big": _P + "tf.gather_nd(p, [[0], [1]], batch_dims=2)",
    "gather_nd_out_of_range": _P + "tf.gather_nd(p, [[0, 3]])",
    "gather_nd_negative": _P + "tf.gather_nd(p, [[[0, 1]], [[1, -1]]])",
    "gather_nd_too_deep": _P + "tf.gather_nd(p, [[0, 1, 2, 0]])",
    "gather_nd_scalar_indices": _P + "tf.gather_nd(p, 1)",
    "gather_nd_float_indices": _P + "tf.gather_nd(p, [[0.0, 1.0]])",
    "gather_nd_int16": _P + "tf.gather_nd(p, tf.constant([[0, 1]], tf.int16))",
    "gather_nd_int64": _P + "tf.gather_nd(p, tf.constant([[1, 1, 1]], tf.int64))",
    "gather_nd_strings": "tf.gather_nd(tf.constant([['a', 'b'], ['c', 'd']]), [[1, 0], [0, 1]])",
    "gather_nd_grad": _grad(_X234, "tf.gather_nd(x, [[0, 1], [1, 2], [0, 1]])"),
    "gather_nd_grad_elements": _grad(_X234, "tf.gather_nd(x, [[0, 1, 3], [0, 1, 3]])"),
    "gather_nd_grad_batch": _grad(_X234, "tf.gather_nd(x, [[[1]], [[2]]], batch_dims=1)"),
}

SCATTER = {
    "scatter_nd_duplicates_add": "tf.scatter_nd([[0], [2], [0]], [1.0, 2.0, 3.0], [4])",
    "scatter_nd_rows": "tf.scatter_nd([[0]], [[1.0, 2.0]], [2, 2])",
    "scatter_nd_elements": "tf.scatter_nd([[1, 0], [0, 1]], [5, 6], [2, 2])",
    "scatter_nd_3d": "tf.scatter_nd([[1, 1]], [[1.0, 2.0]], tf.constant([2, 2, 2]))",
    "scatter_nd_int64_shape": "tf.scatter_nd([[0]], [[1, 2]], tf.constant([2, 2], tf.int64))",
    "scatter_nd_bool": "tf.scatter_nd([[0]], [[True, False]], [2, 2])",
    "scatter_nd_empty": "tf.scatter_nd(tf.zeros([0, 1], tf.int32), tf.zeros([0]), [3])",
    "scatter_nd_out_of_range": "tf.scatter_nd([[0], [5]], [1.0, 2.0], [4])",
    "scatter_nd_negative": "tf.scatter_nd([[-1]], [1.0], [3])",
    "scatter_nd_bad_updates_inner": "tf.scatter_nd([[0]], [[1.0, 2.0, 3.0]], [2, 2])",
    "scatter_nd_bad_updates_outer": "tf.scatter_nd([[0]], [1, 2], [2, 2])",
    "scatter_nd_depth_mismatch": "tf.scatter_nd([[0, 1]], [[1.0, 2.0]], [2, 2])",
    "scatter_nd_rank_mismatch": "tf.scatter_nd([[1, 1]], [5.0], [2, 2, 2])",
    "scatter_nd_empty_shape": "tf.scatter_nd([[0]], [1.0], [0])",
    "scatter_nd_float_indices": "tf.scatter_nd([[0.0]], [1.0], [2])",
    "scatter_nd_grad": _grad("x = tf.constant([1.0, 2.0, 3.0])\n",
                             "tf.scatter_nd([[0], [2], [0]], x, [4])"),
    "tsu_basic": "tf.tensor_scatter_nd_update([1.0, 2, 3, 4], [[1], [3]], [9.0, 8])",
    "tsu_duplicate_last_wins": "tf.tensor_scatter_nd_update([1.0, 2, 3, 4], [[1], [1]], [9.0, 8])",
    "tsu_python_ints_into_float": "tf.tensor_scatter_nd_update([1.0, 2, 3, 4], [[1], [3]], [9, 8])",
    "tsu_rows": _M + "tf.tensor_scatter_nd_update(m, [[1]], [[7.0, 8.0, 9.0]])",
    "tsu_bool": "tf.tensor_scatter_nd_update([True, False], [[1]], [True])",
    "tsu_strings": "tf.tensor_scatter_nd_update(tf.constant(['a', 'b']), [[1]], ['c'])",
    "tsu_out_of_range": "tf.tensor_scatter_nd_update([1.0, 2, 3, 4], [[1], [5]], [9.0, 8])",
    "tsu_outer_mismatch": "tf.tensor_scatter_nd_update([1.0, 2, 3, 4], [[1], [3]], [9.0, 8, 7])",
    "tsu_dtype_mismatch": "tf.tensor_scatter_nd_update(tf.constant([1.0, 2.0]), [[0]], "
                          "tf.constant([1.0], tf.float64))",
    "tsu_float_indices": "tf.tensor_scatter_nd_update([1.0, 2.0], [[0.0]], [1.0])",
    "tsa_duplicates": "tf.tensor_scatter_nd_add([1.0, 2, 3, 4], [[1], [1]], [9.0, 8])",
    "tsa_rows": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), [[1]], [[1.0, 2, 3]])",
    "tsa_int64_indices": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), tf.constant([[1]], tf.int64), "
                         "[[1.0, 2, 3]])",
    "tsa_inner_mismatch": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), [[1]], [[1.0, 2]])",
    "tsa_rank_mismatch": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), [1], [[1.0, 2, 3]])",
    "tsa_out_of_range": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), [[1, 5]], [1.0])",
    "tsa_nested_indices": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), [[[1]]], [[[1.0, 2, 3]]])",
    "tsa_empty": "tf.tensor_scatter_nd_add(tf.ones([2, 3]), tf.zeros([0, 1], tf.int32), "
                 "tf.zeros([0, 3]))",
    "tss_int_duplicates": "tf.tensor_scatter_nd_sub([1, 2, 3, 4], [[1], [1]], [9, 8])",
    "tsmax_int": "tf.tensor_scatter_nd_max([1, 2, 3, 4], [[1], [1]], [9, -8])",
    "tsmax_float": "tf.tensor_scatter_nd_max([1.0, 2.0], [[1], [0]], [5.0, -1.0])",
    "tsmin_int": "tf.tensor_scatter_nd_min([1, 2, 3, 4], [[1], [2]], [9, -8])",
    "tsu_grad": _grad("x = tf.constant([1.0, 2.0, 3.0, 4.0])\nu = tf.constant([5.0, 6.0])\n",
                      "tf.tensor_scatter_nd_update(x, [[1], [3]], u)", "x, u"),
    "tsa_grad": _grad("x = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nu = tf.constant([5.0, 6.0])\n",
                      "tf.tensor_scatter_nd_add(x, [[1, 0], [1, 0]], u)", "x, u"),
    "tss_grad": _grad("x = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nu = tf.constant([[5.0, 6.0]])\n",
                      "tf.tensor_scatter_nd_sub(x, [[0]], u)", "x, u"),
    "tsmax_grad": _grad("x = tf.constant([1.0, 5.0, 3.0, 4.0])\nu = tf.constant([2.0, 7.0, 3.0])\n",
                        "tf.tensor_scatter_nd_max(x, [[0], [0], [2]], u)", "x, u"),
    "tsmin_grad": _grad("x = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nu = tf.constant([0.5, 9.0])\n",
                        "tf.tensor_scatter_nd_min(x, [[1, 1], [0, 0]], u)", "x, u"),
}

MASK = {
    "boolean_mask_rows": _P + "tf.boolean_mask(p, [True, False])",
    "boolean_mask_axis1": _P + "tf.boolean_mask(p, [True, False, True], axis=1)",
    "boolean_mask_2d_mask": _P + "tf.boolean_mask(p, [[True, False, True], [False, False, True]])",
    "boolean_mask_2d_mask_axis1": _P + "tf.boolean_mask(p, [[True, False, True, False]] * 3, "
                                       "axis=1)",
    "boolean_mask_int_mask": _P + "tf.boolean_mask(p, [1, 0])",
    "boolean_mask_all_false": "tf.boolean_mask([1, 2, 3], [False, False, False])",
    "boolean_mask_1d": "tf.boolean_mask(tf.constant([1.0, 2.0, 3.0]), [True, False, True])",
    "boolean_mask_scalar_mask": _P + "tf.boolean_mask(p, True)",
    "boolean_mask_shape_mismatch": _P + "tf.boolean_mask(p, [True, False, True])",
    "boolean_mask_negative_axis": _P + "tf.boolean_mask(p, [True, False], axis=-1)",
    "boolean_mask_axis_too_big": _P + "tf.boolean_mask(p, [True, False], axis=3)",
    "boolean_mask_strings": "tf.boolean_mask(tf.constant(['a', 'b']), [False, True])",
    "dynamic_partition_basic": "tf.dynamic_partition([10, 20, 30, 40], [0, 1, 0, 1], 2)",
    "dynamic_partition_empty_parts": "tf.dynamic_partition([[1, 2], [3, 4]], [1, 1], 3)",
    "dynamic_partition_2d_ids": "tf.dynamic_partition([[1, 2], [3, 4]], [[1, 0], [0, 1]], 2)",
    "dynamic_partition_out_of_range": "tf.dynamic_partition([10, 20, 30, 40], [0, 1, 0, 5], 2)",
    "dynamic_partition_negative": "tf.dynamic_partition([1, 2], [0, -1], 2)",
    "dynamic_partition_shape_mismatch": "tf.dynamic_partition([1, 2, 3], [0, 1], 2)",
    "dynamic_partition_zero_parts": "tf.dynamic_partition([1, 2], [0, 1], 0)",
    "dynamic_partition_int64_ids": "tf.dynamic_partition([1.0, 2], tf.constant([0, 1], tf.int64),"
                                   " 2)",
    "dynamic_partition_grad": _grad("x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n",
                                    "tf.dynamic_partition(x, [1, 0, 1], 2)[1]"),
    "dynamic_stitch_basic": "tf.dynamic_stitch([[0, 2], [1, 3]], [[1.0, 2], [3.0, 4]])",
    "dynamic_stitch_later_wins": "tf.dynamic_stitch([[0, 1], [1]], [[1.0, 2], [9.0]])",
    "dynamic_stitch_gap_zeros": "tf.dynamic_stitch([[0, 3]], [[1.0, 2]])",
    "dynamic_stitch_rows": "tf.dynamic_stitch([[0], [1]], [[[1.0, 2]], [[3.0, 4]]])",
    "dynamic_stitch_shape_mismatch": "tf.dynamic_stitch([[0, 1]], [[1.0, 2, 3]])",
    "dynamic_stitch_negative": "tf.dynamic_stitch([[0, -1]], [[1.0, 2]])",
    "dynamic_stitch_scalar_index": "tf.dynamic_stitch([0, [1]], [5.0, [3.0]])",
    "dynamic_stitch_empty": "tf.dynamic_stitch([tf.zeros([0], tf.int32)], [tf.zeros([0, 2])])",
    "dynamic_stitch_grad": _grad("a = tf.constant([1.0, 2.0])\nb = tf.constant([3.0])\n",
                                 "tf.dynamic_stitch([[0, 1], [1]], [a, b])", "a, b"),
    "partition_stitch_roundtrip": """
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
ids = [1, 0, 1, 2]
parts = tf.dynamic_partition(x, ids, 3)
rows = tf.dynamic_partition([0, 1, 2, 3], ids, 3)
result = tf.dynamic_stitch(rows, parts)
""",
    "boolean_mask_grad": _grad(_X234, "tf.boolean_mask(x, [[True, False, True], [False, True, "
                                      "True]])"),
    "boolean_mask_grad_axis": _grad(_X234, "tf.boolean_mask(x, [False, True, True, False], "
                                           "axis=2)"),
}

SORT = {
    "sort_int": "tf.sort([3, 1, 2])",
    "sort_descending": "tf.sort([3.0, 1, 2], direction='DESCENDING')",
    "sort_bad_direction": "tf.sort([3.0, 1, 2], direction='descending')",
    "sort_axis0": "tf.sort([[3.0, 1], [0, 2]], axis=0)",
    "sort_axis_negative": "tf.sort([[3.0, 1], [0, 2]], axis=-2)",
    "sort_axis_out_of_range": "tf.sort([[3.0, 1], [0, 2]], axis=2)",
    "sort_uint8": "tf.sort(tf.constant([3, 1], tf.uint8))",
    "sort_uint8_descending": "tf.sort(tf.constant([3, 1, 7], tf.uint8), direction='DESCENDING')",
    "sort_scalar": "tf.sort(tf.constant(3.0))",
    "sort_bool": "tf.sort([True, False])",
    "sort_strings": "tf.sort(['b', 'a'])",
    "sort_int64": "tf.sort(tf.constant([3, 1, -5], tf.int64))",
    "sort_float16": "tf.sort(tf.constant([3, 1], tf.float16))",
    "sort_float64_desc": "tf.sort(tf.constant([3, 1, 2], tf.float64), direction='DESCENDING')",
    "sort_3d_axis1": _P + "tf.sort(-p, axis=1)",
    "sort_empty": "tf.sort(tf.zeros([2, 0]))",
    "sort_grad": _grad("x = tf.constant([[0.3, -1.0, 2.0], [5.0, 4.0, -3.0]])\n", "tf.sort(x)"),
    "sort_grad_desc_axis0": _grad("x = tf.constant([[0.3, -1.0, 2.0], [5.0, 4.0, -3.0]])\n",
                                  "tf.sort(x, axis=0, direction='DESCENDING')"),
    "argsort_ties": "tf.argsort([3, 1, 2, 1])",
    "argsort_ties_descending": "tf.argsort([3, 1, 2, 1, 3], direction='DESCENDING')",
    "argsort_stable_descending": "tf.argsort([1, 3, 1, 2, 1], direction='DESCENDING', stable=True)",
    "argsort_axis0": "tf.argsort([[3.0, 1], [0, 2]], axis=0)",
    "argsort_scalar": "tf.argsort(tf.constant(3.0))",
    "argsort_uint8": "tf.argsort(tf.constant([3, 1], tf.uint8))",
    "argsort_bool": "tf.argsort([True, False])",
    "argsort_strings": "tf.argsort(['b', 'a'])",
    "argsort_3d": _P + "tf.argsort(-p, axis=1)",
    "argsort_empty": "tf.argsort(tf.zeros([0]))",
}

UNIQUE = {
    "unique_ints": "tf.unique([1, 2, 1, 3, 2])",
    "unique_first_occurrence": "tf.unique([5, 3, 5, 1, 3])",
    "unique_floats": "tf.unique([1.0, 2.0, 1.0])",
    "unique_out_idx_int64": "tf.unique([1, 2, 1], out_idx=tf.int64)",
    "unique_out_idx_float": "tf.unique([1, 2], out_idx=tf.float32)",
    "unique_2d_error": "tf.unique([[1, 2], [1, 2]])",
    "unique_scalar_error": "tf.unique(tf.constant(1))",
    "unique_strings": "tf.unique(['a', 'b', 'a'])",
    "unique_empty": "tf.unique(tf.zeros([0]))",
    "unique_nan_not_merged": "tf.unique([float('nan'), 1.0, float('nan')])",
    "unique_signed_zero": "tf.unique([0.0, -0.0, 1.0])",
    "unique_fields": "u = tf.unique([4, 4, 2])\nresult = [u.y, u.idx]",
    "unique_int64": "tf.unique(tf.constant([7, 7, 8], tf.int64))",
    "unique_bool": "tf.unique([True, True, False])",
    "unique_with_counts_basic": "tf.unique_with_counts([3, 1, 3, 3])",
    "unique_with_counts_int64": "tf.unique_with_counts(['x', 'y', 'x'], out_idx=tf.int64)",
    "unique_with_counts_fields": "u = tf.unique_with_counts([2.0, 2.0, 1.0])\n"
                                 "result = [u.y, u.idx, u.count]",
}

SEARCH = {
    "searchsorted_left": "tf.searchsorted([1, 3, 5], [0, 3, 6])",
    "searchsorted_right": "tf.searchsorted([1, 3, 5], [0, 3, 6], side='right')",
    "searchsorted_duplicates_left": "tf.searchsorted([1, 3, 3, 3, 5], [3, 4])",
    "searchsorted_duplicates_right": "tf.searchsorted([1, 3, 3, 3, 5], [3, 4], side='right')",
    "searchsorted_batched": "tf.searchsorted([[1, 3, 5], [2, 4, 6]], [[3], [3]])",
    "searchsorted_batched_many": "tf.searchsorted([[1.0, 3, 5], [2, 4, 6]], "
                                 "[[3.0, 0, 9, 5], [6, 1, 2, 4]], side='right')",
    "searchsorted_values_2d": "tf.searchsorted([1, 3, 5], [[3]])",
    "searchsorted_scalar_values": "tf.searchsorted([1, 3, 5], 3)",
    "searchsorted_dtype_mismatch": "tf.searchsorted([1.0, 3, 5], [2])",
    "searchsorted_int64_out": "tf.searchsorted([1, 3, 5], [2], out_type=tf.int64)",
    "searchsorted_float_out": "tf.searchsorted([1, 3, 5], [2], out_type=tf.float32)",
    "searchsorted_bad_side": "tf.searchsorted([1, 3, 5], [2], side='middle')",
    "searchsorted_leading_mismatch": "tf.searchsorted([[1, 3, 5], [2, 4, 6]], [[3], [3], [3]])",
    "searchsorted_leading_mismatch_1d": "tf.searchsorted([[1, 3, 5], [2, 4, 6]], [3, 3])",
    "searchsorted_empty_sequence": "tf.searchsorted(tf.zeros([2, 0]), tf.ones([2, 3]))",
    "searchsorted_empty_values": "tf.searchsorted([1, 3, 5], tf.zeros([0], tf.int32))",
    "searchsorted_3d": "tf.searchsorted(tf.constant(np.sort(np.arange(24.0).reshape(2, 3, 4) % 7,"
                       " axis=-1)), tf.constant(np.arange(12.0).reshape(2, 3, 2) % 5))",
}

EINSUM = {
    "einsum_matmul": _M + "tf.einsum('ij,kj->ik', m, m)",
    "einsum_implicit": _M + "tf.einsum('ij,kj', m, m)",
    "einsum_implicit_transpose": _M + "tf.einsum('ba', m)",
    "einsum_sum_all": _M + "tf.einsum('ij->', m)",
    "einsum_transpose": _M + "tf.einsum('ij->ji', m)",
    "einsum_diag": "tf.einsum('ii->i', tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "einsum_trace_implicit": "tf.einsum('ii', tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "einsum_outer": "tf.einsum('i,j', tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]))",
    "einsum_dot": "tf.einsum('i,i', tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))",
    "einsum_batch_matmul": _P + "tf.einsum('bij,bkj->bik', p, p)",
    "einsum_ellipsis": _P + "tf.einsum('...j,kj->...k', p, tf.ones([5, 4]))",
    "einsum_ellipsis_broadcast": "tf.einsum('...ij,...jk->...ik', tf.ones([2, 1, 2, 3]), "
                                 "tf.ones([5, 3, 4])).shape",
    "einsum_ellipsis_scalar": "tf.einsum('...,...->...', tf.constant(2.0), "
                              "tf.constant([3.0, 4.0]))",
    "einsum_ellipsis_output_only": _M + "tf.einsum('ij->i...', m)",
    "einsum_three_operands": _M + "tf.einsum('ij,jk,k->i', m, tf.ones([3, 4]), "
                                  "tf.constant([1.0, 2.0, 3.0, 4.0]))",
    "einsum_spaces": _M + "tf.einsum('i j , k j -> i k', m, m)",
    "einsum_uppercase": _M + "tf.einsum('IJ,KJ->IK', m, m)",
    "einsum_mixed_case_implicit": _M + "tf.einsum('aB,cB', m, m)",
    "einsum_int32": "tf.einsum('ij,jk->ik', tf.ones([2, 3], tf.int32), tf.ones([3, 4], tf.int32))",
    "einsum_int64": "tf.einsum('ij,j->i', tf.constant([[1, 2]], tf.int64), "
                    "tf.constant([3, 4], tf.int64))",
    "einsum_float64": "tf.einsum('ij,jk->ik', tf.ones([2, 3], tf.float64), "
                      "tf.ones([3, 4], tf.float64))",
    "einsum_complex": "tf.einsum('i,i->', tf.constant([1 + 1j, 2j]), "
                      "tf.constant([1 - 1j, 3 + 0j]))",
    "einsum_empty_contraction": "tf.einsum('ij,jk->ik', tf.zeros([2, 0]), tf.zeros([0, 3]))",
    "einsum_empty_sum": "tf.einsum('i->', tf.zeros([0]))",
    "einsum_dim_mismatch": _M + "tf.einsum('ij,jk->ik', m, m)",
    "einsum_no_broadcast_labels": _M + "tf.einsum('ij,ij->ij', tf.ones([2, 1]), m)",
    "einsum_too_few_inputs": _M + "tf.einsum('ij,jk->ik', m)",
    "einsum_too_many_inputs": _M + "tf.einsum('ij,jk->ik', m, m, m)",
    "einsum_bad_output_label": _M + "tf.einsum('ij,kj->iz', m, m)",
    "einsum_repeated_output": _M + "tf.einsum('ij,kj->ikk', m, m)",
    "einsum_rank_mismatch": _M + "tf.einsum('ijk->ij', m)",
    "einsum_dtype_mismatch": "tf.einsum('ij,jk->ik', tf.ones([2, 3], tf.int32), tf.ones([3, 4]))",
    "einsum_bool_error": "tf.einsum('ij,jk->ik', tf.ones([2, 3], tf.bool), "
                         "tf.ones([3, 4], tf.bool))",
    "einsum_grad_matmul": _grad("a = tf.constant([[1.0, 2.0], [3.0, -1.0]])\n"
                                "b = tf.constant([[0.5, 2.0, 1.0], [1.5, -2.0, 0.0]])\n",
                                "tf.einsum('ij,jk->ik', a, b)", "a, b"),
    "einsum_grad_diag": _grad("a = tf.constant([[1.0, 2.0], [3.0, -1.0]])\n",
                              "tf.einsum('ii->i', a)", "a"),
    "einsum_grad_trace": _grad("a = tf.constant([[1.0, 2.0], [3.0, -1.0]])\n",
                               "tf.einsum('ii', a) * tf.ones([1])", "a"),
    "einsum_grad_sum_only_one": _grad("a = tf.constant([[1.0, 2.0], [3.0, -1.0]])\n"
                                      "b = tf.constant([2.0, 3.0, 4.0])\n",
                                      "tf.einsum('ij,k->k', a, b)", "a, b"),
    "einsum_grad_broadcast_ellipsis": _grad("a = tf.constant(np.arange(6.0).reshape(1, 2, 3))\n"
                                            "b = tf.constant(np.arange(24.0).reshape(4, 3, 2))\n",
                                            "tf.einsum('...ij,...jk->...ik', a, b)", "a, b"),
    "einsum_grad_three": _grad("a = tf.constant([[1.0, 2.0], [3.0, -1.0]])\n"
                               "b = tf.constant([[0.5, 2.0], [1.5, -2.0]])\n"
                               "c = tf.constant([2.0, -1.0])\n",
                               "tf.einsum('ij,jk,k->i', a, b, c)", "a, b, c"),
    "einsum_grad_complex": """
a = tf.constant([1 + 1j, 2 - 1j])
b = tf.constant([0.5 + 0j, 1j])
with tf.GradientTape() as tape:
    tape.watch([a, b])
    y = tf.math.real(tf.einsum('i,i->', a, b))
result = tape.gradient(y, [a, b])
""",
    "tensordot_int_axes": "tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), 1)",
    "tensordot_pair_lists": _P + "tf.tensordot(p, tf.ones([4, 3, 5]), [[1, 2], [1, 0]])",
    "tensordot_zero_axes": "tf.tensordot(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]), 0)",
    "tensordot_full": _M + "tf.tensordot(m, m, 2)",
    "tensordot_full_transposed": _M + "tf.tensordot(m, tf.ones([3, 2]), [[0, 1], [1, 0]])",
    "tensordot_int_pair": _M + "tf.tensordot(m, tf.ones([3, 4]), [1, 0])",
    "tensordot_tuple_pair": _M + "tf.tensordot(m, tf.ones([3, 4]), (1, 0))",
    "tensordot_negative_axes": _M + "tf.tensordot(m, tf.ones([3, 4]), [[-1], [0]])",
    "tensordot_scalars": "tf.tensordot(tf.constant(2.0), tf.constant(3.0), 0)",
    "tensordot_vectors": "tf.tensordot(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]), 1)",
    "tensordot_int32": "tf.tensordot(tf.ones([2, 3], tf.int32), tf.ones([3, 4], tf.int32), 1)",
    "tensordot_dim_mismatch": _M + "tf.tensordot(m, tf.ones([3, 4]), [[1], [1]])",
    "tensordot_axes_too_big": _M + "tf.tensordot(m, tf.ones([3, 4]), 3)",
    "tensordot_axes_negative": _M + "tf.tensordot(m, tf.ones([3, 4]), -1)",
    "tensordot_axes_bad_list": _M + "tf.tensordot(m, tf.ones([3, 4]), [[1]])",
    "tensordot_axes_count_mismatch": _M + "tf.tensordot(m, tf.ones([3, 4]), [[1, 0], [0]])",
    "tensordot_dtype_mismatch": _M + "tf.tensordot(m, tf.ones([3, 4], tf.int32), 1)",
    "tensordot_grad": _grad("a = tf.constant(np.arange(6.0).reshape(2, 3))\n"
                            "b = tf.constant(np.arange(12.0).reshape(3, 2, 2) - 4.0)\n",
                            "tf.tensordot(a, b, [[1], [0]])", "a, b"),
    "tensordot_grad_two_axes": _grad("a = tf.constant(np.arange(24.0).reshape(2, 3, 4))\n"
                                     "b = tf.constant(np.arange(12.0).reshape(4, 3))\n",
                                     "tf.tensordot(a, b, [[2, 1], [0, 1]])", "a, b"),
    "linalg_einsum_alias": _M + "tf.linalg.einsum('ij->j', m)",
    "linalg_tensordot_alias": _M + "tf.linalg.tensordot(m, m, [[0], [0]])",
}



def _assign_result(code: str) -> str:
    """Multi-line snippets must assign `result`: a setup line plus an expression gets one."""
    if "\n" not in code.strip() or "result =" in code:
        return code
    *setup, last = code.rstrip().split("\n")
    return "\n".join(setup + [f"result = {last}"])


SNIPPETS = {name: _assign_result(code) for name, code in
            {**GATHER, **GATHER_ND, **SCATTER, **MASK, **SORT, **UNIQUE, **SEARCH,
             **EINSUM}.items()}
