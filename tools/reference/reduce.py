"""TF2 reference snippets: reductions, arg-reductions, scans, top-k, segment ops, bincount,
count_nonzero, add_n, norm clipping. Values, dtypes, edge cases, errors and gradients."""


def _grad(expr: str, x: str) -> str:
    """A snippet computing d(sum(expr))/dx with x a watched constant."""
    return f"""
x = tf.constant({x})
with tf.GradientTape() as tape:
    tape.watch(x)
    y = {expr}
result = tape.gradient(y, x)
"""


M = "tf.constant([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])"
MI = "tf.constant([[1, 5, 3], [4, 2, 6]])"

SNIPPETS = {
    # --- reduce_sum ------------------------------------------------------------------------------
    "sum_all": f"tf.reduce_sum({M})",
    "sum_axis0": f"tf.reduce_sum({M}, 0)",
    "sum_axis_neg": f"tf.reduce_sum({M}, -1)",
    "sum_axis_list": "tf.reduce_sum(tf.ones([2, 3, 4]), [0, 2])",
    "sum_axis_tuple_neg": "tf.reduce_sum(tf.ones([2, 3, 4]), (0, -1))",
    "sum_axis_tensor": "tf.reduce_sum(tf.ones([2, 3, 4]), tf.constant([0, 2]))",
    "sum_axis_tensor_int64": "tf.reduce_sum(tf.ones([2, 3, 4]), tf.constant([1], tf.int64))",
    "sum_axis_numpy": "tf.reduce_sum(tf.ones([2, 3, 4]), np.array([1]))",
    "sum_axis_empty_list": "tf.reduce_sum(tf.ones([2, 3]), axis=[])",
    "sum_axis_nested_list": "tf.reduce_sum(tf.ones([2, 3]), axis=[[0]])",
    "sum_keepdims": f"tf.reduce_sum({M}, 1, keepdims=True)",
    "sum_keepdims_all": f"tf.reduce_sum({M}, keepdims=True)",
    "sum_keepdims_none": "tf.reduce_sum(tf.ones([2, 3]), axis=1, keepdims=None)",
    "sum_int32_stays": f"tf.reduce_sum({MI})",
    "sum_int32_overflow_wraps": "tf.reduce_sum(tf.constant([2**30] * 4))",
    "sum_int8_wraps": "tf.reduce_sum(tf.constant([100, 100], tf.int8))",
    "sum_uint8": "tf.reduce_sum(tf.constant([200, 100], tf.uint8))",
    "sum_uint32": "tf.reduce_sum(tf.constant([1, 2], tf.uint32))",
    "sum_int64_numpy": "tf.reduce_sum(np.array([1, 2]))",
    "sum_float64": "tf.reduce_sum(tf.constant([0.1, 0.2], tf.float64))",
    "sum_float16": "tf.reduce_sum(tf.constant([1.5, 2.25], tf.float16))",
    "sum_complex": "tf.reduce_sum(tf.constant([1 + 2j, 3 - 1j]))",
    "sum_python_list": "tf.reduce_sum([1, 2.5])",
    "sum_empty": "tf.reduce_sum(tf.zeros([0]))",
    "sum_empty_axis": "tf.reduce_sum(tf.zeros([0, 3]), 0)",
    "sum_empty_int": "tf.reduce_sum(tf.zeros([2, 0], tf.int32), 1)",
    "sum_scalar": "tf.reduce_sum(tf.constant(3.0))",
    "sum_bool_error": "tf.reduce_sum(tf.constant([True, False]))",
    "sum_string_error": "tf.reduce_sum(tf.constant(['a']))",
    "sum_bad_axis": "tf.reduce_sum(tf.constant([1.0, 2.0]), axis=2)",
    "sum_bad_axis_neg": "tf.reduce_sum(tf.ones([2, 3]), axis=-3)",
    "sum_scalar_axis0_error": "tf.reduce_sum(tf.constant(3.0), axis=0)",
    "sum_duplicate_axis": "tf.reduce_sum(tf.ones([2, 3]), axis=[1, -1])",
    "sum_float_axis_error": "tf.reduce_sum(tf.ones([2, 3]), axis=1.0)",
    "math_reduce_sum": f"tf.math.reduce_sum({M}, axis=0)",
    # --- reduce_mean -----------------------------------------------------------------------------
    "mean_all": f"tf.reduce_mean({M})",
    "mean_axis": f"tf.reduce_mean({M}, axis=1, keepdims=True)",
    "mean_int_truncates": "tf.reduce_mean(tf.constant([1, 2]))",
    "mean_int_negative_truncates": "tf.reduce_mean(tf.constant([-1, -2, -2]))",
    "mean_int_axis": "tf.reduce_mean(tf.constant([[1, 2], [4, 7]], tf.int64), axis=0)",
    "mean_int_no_overflow": "tf.reduce_mean(tf.constant([2**30] * 4))",
    "mean_int8_no_overflow": "tf.reduce_mean(tf.constant([100, 100], tf.int8))",
    "mean_uint8": "tf.reduce_mean(tf.constant([255, 255, 1], tf.uint8))",
    "mean_int16": "tf.reduce_mean(tf.constant([30000, 30000], tf.int16))",
    "mean_float64": "tf.reduce_mean(tf.constant([1.0, 2.0, 4.0], tf.float64))",
    "mean_float16": "tf.reduce_mean(tf.constant([1.0, 2.0], tf.float16))",
    "mean_float16_overflow": "tf.reduce_mean(tf.constant([60000, 60000], tf.float16))",
    "mean_complex": "tf.reduce_mean(tf.constant([1 + 1j, 2]))",
    "mean_empty_nan": "tf.reduce_mean(tf.zeros([0]))",
    "mean_empty_int_zero": "tf.reduce_mean(tf.zeros([0], tf.int32))",
    "mean_empty_axis": "tf.reduce_mean(tf.zeros([2, 0]), axis=1)",
    "mean_bool_error": "tf.reduce_mean(tf.constant([True]))",
    "mean_bad_axis": "tf.reduce_mean(tf.ones([2]), axis=1)",
    # --- reduce_prod -----------------------------------------------------------------------------
    "prod_all": f"tf.reduce_prod({M})",
    "prod_axis_int": f"tf.reduce_prod({MI}, 1)",
    "prod_int_wraps": "tf.reduce_prod(tf.constant([65536, 65536]))",
    "prod_complex": "tf.reduce_prod(tf.constant([1j, 1j]))",
    "prod_empty": "tf.reduce_prod(tf.zeros([0], tf.int32))",
    "prod_keepdims": "tf.reduce_prod(tf.constant([[1.0, 2.0], [3.0, 4.0]]), 0, keepdims=True)",
    "prod_bool_error": "tf.reduce_prod(tf.constant([True]))",
    # --- reduce_max / reduce_min ----------------------------------------------------------------
    "max_all": f"tf.reduce_max({M})",
    "max_axis": f"tf.reduce_max({MI}, axis=0)",
    "max_keepdims": f"tf.reduce_max({M}, axis=[0, 1], keepdims=True)",
    "max_uint8": "tf.reduce_max(tf.constant([[1, 250]], tf.uint8), axis=[0, 1], keepdims=True)",
    "max_nan": "tf.reduce_max(tf.constant([1.0, np.nan, 0.0]))",
    "min_nan": "tf.reduce_min(tf.constant([1.0, np.nan, 0.0]))",
    "max_empty_float": "tf.reduce_max(tf.zeros([0]))",
    "max_empty_float64": "tf.reduce_max(tf.zeros([0], tf.float64))",
    "max_empty_float16": "tf.reduce_max(tf.zeros([0], tf.float16))",
    "max_empty_int": "tf.reduce_max(tf.zeros([0], tf.int32))",
    "max_empty_uint8": "tf.reduce_max(tf.zeros([0], tf.uint8))",
    "min_empty_int": "tf.reduce_min(tf.zeros([0], tf.int32))",
    "min_empty_axis": "tf.reduce_min(tf.zeros([2, 0]), axis=1)",
    "max_bool_error": "tf.reduce_max(tf.constant([True]))",
    "max_complex_error": "tf.reduce_max(tf.constant([1j]))",
    "max_bad_axis": "tf.reduce_max(tf.constant([1.0]), axis=3)",
    "min_int64": "tf.reduce_min(tf.constant([[5, -3], [2, 9]], tf.int64), axis=1)",
    "math_reduce_min": f"tf.math.reduce_min({M}, -1)",
    # --- reduce_any / reduce_all ----------------------------------------------------------------
    "any_axis": "tf.reduce_any(tf.constant([[True, False], [False, False]]), axis=1)",
    "any_keepdims": "tf.reduce_any(tf.constant([[True, False]]), axis=0, keepdims=1)",
    "all_all": "tf.reduce_all(tf.constant([[True, False], [True, True]]))",
    "all_axis": "tf.reduce_all(tf.constant([[True, False], [True, True]]), 1)",
    "all_empty": "tf.reduce_all(tf.zeros([0], tf.bool))",
    "any_empty": "tf.reduce_any(tf.zeros([0], tf.bool))",
    "any_list": "tf.reduce_any([True, False])",
    "any_int_error": "tf.reduce_any(tf.constant([1]))",
    "all_float_error": "tf.reduce_all(tf.constant([1.0]))",
    # --- logsumexp -------------------------------------------------------------------------------
    "logsumexp_all": f"tf.reduce_logsumexp({M})",
    "logsumexp_axis_keepdims": "tf.reduce_logsumexp(tf.constant([[1., 2.], [3, 4]]), 1, True)",
    "logsumexp_large": "tf.reduce_logsumexp(tf.constant([1000.0, 1000.0], tf.float64))",
    "logsumexp_mixed_inf": "tf.reduce_logsumexp(tf.constant([[1000., -1000.], [-np.inf, 0.]]), 1)",
    "logsumexp_all_neg_inf": "tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf]))",
    "logsumexp_pos_inf": "tf.reduce_logsumexp(tf.constant([np.inf, 1.0]))",
    "logsumexp_nan": "tf.reduce_logsumexp(tf.constant([np.nan, 0.0]))",
    "logsumexp_empty": "tf.reduce_logsumexp(tf.zeros([0]))",
    "logsumexp_float16": "tf.reduce_logsumexp(tf.constant([1.0, 2.0], tf.float16))",
    "logsumexp_int_error": "tf.reduce_logsumexp(tf.constant([1, 2]))",
    "logsumexp_bad_axis": "tf.reduce_logsumexp(tf.constant([1.0]), axis=1)",
    # --- std / variance / euclidean norm ---------------------------------------------------------
    "std_all": "tf.math.reduce_std(tf.constant([[1., 2.], [3., 4.]]))",
    "std_axis": "tf.math.reduce_std(tf.constant([[1., 2.], [3., 4.]]), 0)",
    "std_float64_keepdims": "tf.math.reduce_std(tf.constant([[1., 2], [3, 5]], tf.float64), "
                            "axis=0, keepdims=True)",
    "std_float16": "tf.math.reduce_std(tf.constant([1, 2], tf.float16))",
    "std_complex": "tf.math.reduce_std(tf.constant([1j, 1]))",
    "std_list": "tf.math.reduce_std([1.0, 2.0])",
    "std_int_error": "tf.math.reduce_std(tf.constant([1, 2]))",
    "std_bool_error": "tf.math.reduce_std([True])",
    "variance_axis": "tf.math.reduce_variance(tf.constant([[1., 2], [3, 7]]), axis=-1)",
    "variance_complex": "tf.math.reduce_variance(tf.constant([1 + 1j, 2]))",
    "variance_empty": "tf.math.reduce_variance(tf.zeros([0]))",
    "variance_bad_axis": "tf.math.reduce_variance(tf.ones([2, 2]), axis=5)",
    "euclidean_norm": "tf.math.reduce_euclidean_norm(tf.constant([[3., 4.], [5, 12]]), 1)",
    "euclidean_norm_int_truncates": "tf.math.reduce_euclidean_norm(tf.constant([3, 4, 1]))",
    "euclidean_norm_int_keepdims": "tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [1, 1]])"
                                   ", axis=1, keepdims=True)",
    "euclidean_norm_uint8": "tf.math.reduce_euclidean_norm(tf.constant([3, 4], tf.uint8))",
    "euclidean_norm_negative_int": "tf.math.reduce_euclidean_norm(tf.constant([-3, -4]))",
    "euclidean_norm_complex": "tf.math.reduce_euclidean_norm(tf.constant([3 + 4j]))",
    "euclidean_norm_empty": "tf.math.reduce_euclidean_norm(tf.zeros([0]))",
    "euclidean_norm_bool_error": "tf.math.reduce_euclidean_norm(tf.constant([True]))",
    # --- argmax / argmin -------------------------------------------------------------------------
    "argmax_default_axis0": f"tf.argmax({MI})",
    "argmax_axis_none_is_0": f"tf.argmax({MI}, axis=None)",
    "argmax_axis1": f"tf.argmax({M}, axis=1)",
    "argmax_axis_neg": f"tf.argmax({MI}, axis=-1)",
    "argmax_axis_tensor": f"tf.argmin({MI}, axis=tf.constant(1))",
    "argmax_ties_first": "tf.argmax(tf.constant([1, 3, 3]))",
    "argmin_ties_first": "tf.argmin(tf.constant([4, 1, 1, 2]))",
    "argmax_int32_output": "tf.argmax(tf.constant([1, 3, 3]), output_type=tf.int32)",
    "argmax_int16_output": "tf.argmax(tf.constant([1, 3, 3]), output_type=tf.int16)",
    "argmax_uint16_output": "tf.argmax(tf.constant([1, 3, 3]), output_type=tf.uint16)",
    "argmax_float_output_error": "tf.argmax(tf.constant([1, 3]), output_type=tf.float32)",
    "argmax_bool": "tf.argmax(tf.constant([False, True]))",
    "argmax_uint8": "tf.argmax(tf.constant([1, 4], tf.uint8))",
    "argmax_list": "tf.argmax([1, 3, 2])",
    "argmax_nan_skipped": "tf.argmax(tf.constant([1., np.nan, 0.]))",
    "argmin_nan_skipped": "tf.argmin(tf.constant([1., np.nan, 0.]))",
    "argmax_nan_first": "tf.argmax(tf.constant([np.nan, 1., 2.]))",
    "argmin_all_nan": "tf.argmin(tf.constant([np.nan, np.nan]))",
    "argmax_empty_error": "tf.argmax(tf.zeros([0]))",
    "argmax_empty_other_axis": "tf.argmax(tf.zeros([0, 3]), axis=1)",
    "argmax_scalar_error": "tf.argmax(tf.constant(3.0))",
    "argmax_bad_axis": f"tf.argmax({MI}, axis=2)",
    "argmax_axis_list_error": "tf.argmax(tf.constant([[1, 3, 3]]), axis=[1])",
    "argmax_axis_float_error": f"tf.argmax({MI}, axis=1.0)",
    "argmax_complex_error": "tf.argmax(tf.constant([1j]))",
    "math_argmin": f"tf.math.argmin({M}, 1)",
    # --- count_nonzero ---------------------------------------------------------------------------
    "count_nonzero": "tf.math.count_nonzero(tf.constant([1.0, 0.0, 2.0]))",
    "count_nonzero_axis": "tf.math.count_nonzero(tf.constant([[1, 0], [2, 3]]), axis=1, "
                          "keepdims=True, dtype=tf.int32)",
    "count_nonzero_float_dtype": "tf.math.count_nonzero(tf.constant([[1, 0], [2, 3]]), "
                                 "dtype=tf.float32)",
    "count_nonzero_bool": "tf.math.count_nonzero(tf.constant([True, False]))",
    "count_nonzero_string": "tf.math.count_nonzero(tf.constant(['a', '']))",
    "count_nonzero_nan": "tf.math.count_nonzero(tf.constant([np.nan, 0.0]))",
    "count_nonzero_empty": "tf.math.count_nonzero(tf.zeros([0, 3]), axis=0)",
    "count_nonzero_input_kw": "tf.math.count_nonzero(input=tf.constant([0, 4]))",
    "count_nonzero_uint8": "tf.math.count_nonzero(tf.constant([0, 4], tf.uint8), dtype=tf.uint8)",
    "count_nonzero_bool_dtype": "tf.math.count_nonzero(tf.constant([0, 4]), dtype=tf.bool)",
    "count_nonzero_bad_axis": "tf.math.count_nonzero(tf.constant([0, 4]), axis=1)",
    # --- add_n / accumulate_n --------------------------------------------------------------------
    "add_n": "tf.add_n([tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]), tf.constant([5., 6.])])",
    "add_n_math": "tf.math.add_n([tf.constant(1), tf.constant(2)])",
    "add_n_single": "tf.add_n([tf.constant([1])])",
    "add_n_python": "tf.add_n([1, 2])",
    "add_n_python_mixed_error": "tf.add_n([tf.constant(1.0), 2])",
    "add_n_tensor_input": "tf.add_n(tf.constant([3.0, 4.0]))",
    "add_n_variable": "tf.add_n([tf.Variable([3., 4.]), tf.constant([1., 1.])])",
    "add_n_empty_error": "tf.add_n([])",
    "add_n_shape_error": "tf.add_n([tf.constant([1, 2]), tf.constant([1])])",
    "add_n_dtype_error": "tf.add_n([tf.constant([1, 2]), tf.constant([1.0, 2.0])])",
    "add_n_bool_error": "tf.add_n([tf.constant(True), tf.constant(False)])",
    "accumulate_n": "tf.math.accumulate_n([tf.constant([1., 3]), tf.constant([1., 2])], "
                    "shape=[2], tensor_dtype=tf.float32)",
    "accumulate_n_shape_error": "tf.math.accumulate_n([tf.constant([1.]), tf.constant([1., 2])])",
    "accumulate_n_bad_shape": "tf.math.accumulate_n([tf.constant([1., 3])], shape=[3])",
    # --- cumsum / cumprod ------------------------------------------------------------------------
    "cumsum": "tf.cumsum(tf.constant([1, 2, 3]))",
    "cumsum_exclusive_reverse": "tf.cumsum(tf.constant([1, 2, 3]), exclusive=True, reverse=True)",
    "cumsum_axis1": "tf.math.cumsum(tf.constant([[1., 2], [3, 4]]), axis=1)",
    "cumsum_axis_neg": "tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=-1)",
    "cumsum_axis_tensor": "tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=tf.constant(0, tf.int64))",
    "cumsum_uint32": "tf.cumsum(tf.constant([1, 2], tf.uint32))",
    "cumsum_float16": "tf.cumsum(tf.constant([1, 2], tf.float16))",
    "cumsum_empty": "tf.cumsum(tf.zeros([0, 2]), axis=0, exclusive=True)",
    "cumsum_bool_error": "tf.cumsum(tf.constant([True]))",
    "cumsum_bad_axis": "tf.cumsum(tf.constant([1, 2, 3]), axis=1)",
    "cumsum_scalar_error": "tf.cumsum(tf.constant(1))",
    "cumsum_axis_list_error": "tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=[1])",
    "cumsum_axis_float_error": "tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=1.0)",
    "cumprod_exclusive_reverse": "tf.math.cumprod(tf.constant([1, 2, 3]), exclusive=True, "
                                 "reverse=True)",
    "cumprod_2d_reverse": "tf.math.cumprod(tf.constant([[1., 2, 3], [4, 5, 6]]), axis=1, "
                          "reverse=True)",
    "cumprod_complex": "tf.math.cumprod(tf.constant([1j, 2j]))",
    "cumprod_exclusive": "tf.math.cumprod(tf.constant([2., 5., 3.]), exclusive=True)",
    # --- top_k / in_top_k ------------------------------------------------------------------------
    "top_k": "tf.math.top_k(tf.constant([1, 3, 2, 3]), k=2)",
    "top_k_default_k1": "tf.math.top_k(tf.constant([[1., 3, 2], [4, 0, 9]]))",
    "top_k_2d": "tf.math.top_k(tf.constant([[1, 3, 2], [4, 0, 9]]), k=2)",
    "top_k_3d": "tf.math.top_k(tf.constant(np.arange(24).reshape(2, 3, 4) % 5), k=2)",
    "top_k_nn": "tf.nn.top_k(tf.constant([5.0, 1.0, 7.0]), 2)",
    "top_k_fields": "r = tf.math.top_k(tf.constant([1., 5., 2.]), k=2)\n"
                    "result = [r.values, r.indices, r[1], len(r)]",
    "top_k_unpack": "list(tf.math.top_k([1., 5., 2.], k=2))",
    "top_k_ties_lower_index_first": "tf.math.top_k(tf.constant([3, 1, 3, 2, 3]), k=4)",
    "top_k_wide_ties": "tf.math.top_k(tf.constant([[3, 1, 3, 2, 3] * 30]), k=9)",
    "top_k_wide": "tf.math.top_k(tf.constant(np.sin(np.arange(300.0)).reshape(2, 150), "
                  "tf.float32), k=6)",
    "top_k_unsorted_set": "np.sort(tf.math.top_k(tf.constant([5, 1, 7, 2, 3, 9, 4]), k=4, "
                          "sorted=False).values.numpy())",
    "top_k_index_int64": "tf.math.top_k(tf.constant([3, 250, 7]), k=2, index_type=tf.int64)",
    "top_k_index_int16": "tf.math.top_k(tf.constant([3, 250, 7]), k=2, index_type=tf.int16)",
    "top_k_uint8": "tf.math.top_k(tf.constant([3, 250, 7], tf.uint8), k=2)",
    "top_k_float16": "tf.math.top_k(tf.constant([5, 1], tf.float16), k=1)",
    "top_k_k0": "tf.math.top_k(tf.constant([[1, 3, 2], [4, 0, 9]]), k=0)",
    "top_k_k_tensor": "tf.math.top_k(tf.constant([[1, 3, 2], [4, 0, 9]]), k=tf.constant(1))",
    "top_k_signed_zero_ties": "tf.math.top_k([0., -0., 2.], k=3)",
    "top_k_infs": "tf.math.top_k([-np.inf, 0., np.inf], k=3)",
    "top_k_too_big_error": "tf.math.top_k(tf.constant([1, 3]), k=3)",
    "top_k_negative_error": "tf.math.top_k(tf.constant([1, 3]), k=-1)",
    "top_k_scalar_error": "tf.math.top_k(tf.constant(1), k=1)",
    "top_k_bool_error": "tf.math.top_k(tf.constant([True]), k=1)",
    "top_k_float_k_error": "tf.math.top_k([1., 5., 2.], k=2.0)",
    "in_top_k": "tf.math.in_top_k(tf.constant([1, 2]), "
                "tf.constant([[0.1, .2, .3], [.3, .2, .1]]), 2)",
    "in_top_k_nn": "tf.nn.in_top_k(tf.constant([1, 2]), tf.constant([[0.1, .2, .3], [.3, .2, .1]]),"
                   " 1)",
    "in_top_k_ties_count_in": "tf.math.in_top_k(tf.constant([1]), tf.constant([[0.3, .3, .3]]), 1)",
    "in_top_k_nan_target": "tf.math.in_top_k(tf.constant([0]), tf.constant([[np.nan, .3, .3]]), 1)",
    "in_top_k_nan_elsewhere": "tf.math.in_top_k(tf.constant([0]), tf.constant([[.3, np.nan, .1]])"
                              ", 1)",
    "in_top_k_inf": "tf.math.in_top_k(tf.constant([0]), tf.constant([[np.inf, 1, .1]]), 1)",
    "in_top_k_out_of_range": "tf.math.in_top_k(tf.constant([5, -1]), "
                             "tf.constant([[.3, .3, .3], [.1, .2, .3]]), 1)",
    "in_top_k_k_big": "tf.math.in_top_k(tf.constant([2]), tf.constant([[.3, .2, .1]]), 5)",
    "in_top_k_k0": "tf.math.in_top_k(tf.constant([0]), tf.constant([[.3, .2, .1]]), 0)",
    "in_top_k_int64_targets": "tf.math.in_top_k(tf.constant([0], tf.int64), "
                              "tf.constant([[.3, .3, .3]]), 1)",
    "in_top_k_float64_error": "tf.math.in_top_k(tf.constant([0]), "
                              "tf.constant([[.3, .3, .3]], tf.float64), 1)",
    "in_top_k_rank_error": "tf.math.in_top_k(tf.constant(2), tf.constant([.3, .2, .1]), 1)",
    "in_top_k_length_error": "tf.math.in_top_k(tf.constant([2, 1]), tf.constant([[.3, .2, .1]]),"
                             " 1)",
    # --- sorted segment ops ----------------------------------------------------------------------
    "segment_sum": "tf.math.segment_sum(tf.constant([1, 2, 3]), [0, 0, 2])",
    "segment_sum_2d": "tf.math.segment_sum(tf.constant([[1., 2], [3, 4], [5, 6]]), [0, 1, 1])",
    "segment_sum_int64_ids": "tf.math.segment_sum(tf.constant([1., 2]), tf.constant([0, 1], "
                             "tf.int64))",
    "segment_sum_complex": "tf.math.segment_sum(tf.constant([1j, 2]), [1, 1])",
    "segment_sum_empty": "tf.math.segment_sum(tf.zeros([0, 2]), tf.zeros([0], tf.int32))",
    "segment_max": "tf.math.segment_max(tf.constant([1., 2, 3]), [0, 0, 2])",
    "segment_max_2d": "tf.math.segment_max(tf.constant([[1, 2], [3, 0], [5, 6]]), [0, 0, 1])",
    "segment_max_int_empty": "tf.math.segment_max(tf.constant([1, 2]), [0, 2])",
    "segment_min": "tf.math.segment_min(tf.constant([1, 2, 3]), [0, 0, 2])",
    "segment_min_float_empty": "tf.math.segment_min(tf.constant([1., 2]), [1, 2])",
    "segment_prod": "tf.math.segment_prod(tf.constant([1, 2, 3]), [0, 0, 2])",
    "segment_prod_empty": "tf.math.segment_prod(tf.constant([1., 2]), [1, 2])",
    "segment_mean": "tf.math.segment_mean(tf.constant([1., 2, 3]), [0, 0, 2])",
    "segment_mean_int": "tf.math.segment_mean(tf.constant([1, 2, 3]), [0, 0, 2])",
    "segment_mean_negative_int": "tf.math.segment_mean(tf.constant([-1, -2, -2]), [0, 0, 0])",
    "segment_mean_empty_middle": "tf.math.segment_mean(tf.constant([1., 2, 3]), [0, 0, 3])",
    "segment_mean_complex": "tf.math.segment_mean(tf.constant([1j, 2]), [0, 0])",
    "segment_unsorted_error": "tf.math.segment_sum(tf.constant([1, 2, 3]), [1, 0, 2])",
    "segment_negative_error": "tf.math.segment_sum(tf.constant([1, 2, 3]), [-1, 0, 2])",
    "segment_length_error": "tf.math.segment_sum(tf.constant([1, 2, 3]), [0, 0])",
    "segment_ids_matrix_error": "tf.math.segment_sum(tf.constant([[1, 2], [3, 0]]), "
                                "[[0, 0], [1, 1]])",
    "segment_max_bool_error": "tf.math.segment_max(tf.constant([True]), [0])",
    "segment_sum_bool_error": "tf.math.segment_sum(tf.constant([True]), [0])",
    # --- unsorted segment ops --------------------------------------------------------------------
    "unsorted_segment_sum": "tf.math.unsorted_segment_sum(tf.constant([1, 2, 3]), [2, 0, 2], 4)",
    "unsorted_segment_sum_negative_dropped": "tf.math.unsorted_segment_sum(tf.constant([1, 2, 3]),"
                                             " [-1, 0, 2], 4)",
    "unsorted_segment_sum_2d_ids": "tf.math.unsorted_segment_sum(tf.constant([[1, 2], [3, 4]]), "
                                   "[[0, 1], [1, 1]], 3)",
    "unsorted_segment_sum_rows": "tf.math.unsorted_segment_sum(tf.constant([[1., 2], [3, 4], "
                                 "[5, 6]]), [1, 1, 0], 3)",
    "unsorted_segment_sum_num_tensor": "tf.math.unsorted_segment_sum(tf.constant([1., 2, 3]), "
                                       "[0, 0, 2], tf.constant(4, tf.int64))",
    "unsorted_segment_sum_int64_ids": "tf.math.unsorted_segment_sum(tf.constant([1., 2, 3]), "
                                      "tf.constant([0, 0, 2], tf.int64), 4)",
    "unsorted_segment_sum_complex": "tf.math.unsorted_segment_sum(tf.constant([1j]), [0], 1)",
    "unsorted_segment_sum_zero_segments": "tf.math.unsorted_segment_sum(tf.constant([1., 2.]), "
                                          "[-1, -1], 0)",
    "unsorted_segment_sum_out_of_range": "tf.math.unsorted_segment_sum(tf.constant([1, 2, 3]), "
                                         "[5, 0, 2], 4)",
    "unsorted_segment_sum_negative_num": "tf.math.unsorted_segment_sum(tf.constant([1., 2.]), "
                                         "[0, 0], -1)",
    "unsorted_segment_sum_num_vector_error": "tf.math.unsorted_segment_sum(tf.constant([1., 2.]),"
                                             " [0, 0], [2])",
    "unsorted_segment_sum_float_ids_error": "tf.math.unsorted_segment_sum(tf.constant([1., 2, 3]),"
                                            " tf.constant([0., 0, 2]), 4)",
    "unsorted_segment_sum_shape_error": "tf.math.unsorted_segment_sum(tf.constant([1., 2, 3]), "
                                        "[0, 0], 4)",
    "unsorted_segment_sum_bool_error": "tf.math.unsorted_segment_sum(tf.constant([True]), [0], 1)",
    "unsorted_segment_max_empty_lowest": "tf.math.unsorted_segment_max(tf.constant([1., 2, 3]), "
                                         "[0, 0, 2], 4)",
    "unsorted_segment_max_float16": "tf.math.unsorted_segment_max(tf.constant([1., 2.], "
                                    "tf.float16), [0, 0], 2)",
    "unsorted_segment_max_uint8": "tf.math.unsorted_segment_max(tf.constant([1, 2], tf.uint8), "
                                  "[0, 0], 2)",
    "unsorted_segment_max_skips_nan": "tf.math.unsorted_segment_max(tf.constant([[np.nan, 2.], "
                                      "[6., 12.]]), [1, 1], 2)",
    "unsorted_segment_min_int_empty": "tf.math.unsorted_segment_min(tf.constant([1, 2, 3]), "
                                      "[0, 0, 2], 4)",
    "unsorted_segment_min_float64": "tf.math.unsorted_segment_min(tf.constant([1., 2.], "
                                    "tf.float64), [0, 0], 2)",
    "unsorted_segment_max_complex_error": "tf.math.unsorted_segment_max(tf.constant([1j, 2j]), "
                                          "[0, 0], 1)",
    "unsorted_segment_prod": "tf.math.unsorted_segment_prod(tf.constant([1, 2, 3]), [0, 0, 2], 4)",
    "unsorted_segment_prod_complex": "tf.math.unsorted_segment_prod(tf.constant([1j, 2j]), "
                                     "[0, 0], 1)",
    "unsorted_segment_mean": "tf.math.unsorted_segment_mean(tf.constant([1., 2, 3]), [0, 0, 2], 4)",
    "unsorted_segment_mean_int32_float64": "tf.math.unsorted_segment_mean(tf.constant([1, 2, 3]),"
                                           " [0, 0, 2], 4)",
    "unsorted_segment_mean_int8_float32": "tf.math.unsorted_segment_mean(tf.constant([1, 2, 3], "
                                          "tf.int8), [0, 0, 2], 4)",
    "unsorted_segment_mean_rows": "tf.math.unsorted_segment_mean(tf.constant([[1., 2.], [3, 4], "
                                  "[5, 6]]), [0, 0, 2], 3)",
    "unsorted_segment_sqrt_n": "tf.math.unsorted_segment_sqrt_n(tf.constant([1., 2, 3]), "
                               "[0, 0, 2], 4)",
    "unsorted_segment_sqrt_n_int_error": "tf.math.unsorted_segment_sqrt_n(tf.constant([1, 2]), "
                                         "[0, 0], 2)",
    # --- bincount --------------------------------------------------------------------------------
    "bincount": "tf.math.bincount(tf.constant([1, 1, 3]))",
    "bincount_weights": "tf.math.bincount(tf.constant([1, 1, 3]), "
                        "weights=tf.constant([.5, 1., 2.]))",
    "bincount_int_weights": "tf.math.bincount(tf.constant([1, 1, 3]), weights=[1, 2, 3])",
    "bincount_int64_weights": "tf.math.bincount(tf.constant([1, 2]), weights=tf.constant([1, 2], "
                              "tf.int64))",
    "bincount_weights_dtype_wins": "tf.math.bincount(tf.constant([1, 1, 3]), "
                                   "weights=tf.constant([1., 2, 3], tf.float64), dtype=tf.float32)",
    "bincount_min_max_length": "tf.math.bincount(tf.constant([1, 1, 3]), minlength=6, maxlength=2)",
    "bincount_minlength": "tf.math.bincount(tf.constant([1, 2]), minlength=tf.constant(5))",
    "bincount_minlength_smaller": "tf.math.bincount(tf.constant([1, 1, 3]), minlength=2)",
    "bincount_maxlength": "tf.math.bincount(tf.constant([1, 1, 3]), maxlength=2)",
    "bincount_maxlength0": "tf.math.bincount(tf.constant([1, 1, 3]), maxlength=0)",
    "bincount_negative_minlength": "tf.math.bincount(tf.constant([1]), minlength=-2)",
    "bincount_dtype": "tf.math.bincount(tf.constant([1, 1, 3]), dtype=tf.int64)",
    "bincount_float_dtype": "tf.math.bincount(tf.constant([1, 1, 3]), dtype=tf.float32)",
    "bincount_int64_arr": "tf.math.bincount(tf.constant([1, 1, 3], tf.int64))",
    "bincount_float_arr": "tf.math.bincount(tf.constant([1., 1, 3]))",
    "bincount_list": "tf.math.bincount([1, 1, 3])",
    "bincount_empty": "tf.math.bincount(tf.constant([], tf.int32))",
    "bincount_empty_minlength": "tf.math.bincount(tf.constant([], tf.int32), minlength=3)",
    "bincount_2d_flattens": "tf.math.bincount(tf.constant([[1, 2], [0, 0]]))",
    "bincount_axis0": "tf.math.bincount(tf.constant([[1, 2], [0, 0]]), axis=0)",
    "bincount_axis_last": "tf.math.bincount(tf.constant([[1, 2], [0, 0]]), axis=-1)",
    "bincount_axis_last_weights": "tf.math.bincount(tf.constant([[1, 2], [0, 0]]), "
                                  "weights=[[1., 2], [3, 4]], axis=-1)",
    "bincount_axis_last_1d": "tf.math.bincount(tf.constant([1, 2]), axis=-1)",
    "bincount_binary": "tf.math.bincount(tf.constant([1, 1, 2]), binary_output=True)",
    "bincount_binary_float": "tf.math.bincount(tf.constant([1, 1, 2]), binary_output=True, "
                             "dtype=tf.float32)",
    "bincount_negative_error": "tf.math.bincount(tf.constant([-1, 1, 3]))",
    "bincount_weights_shape_error": "tf.math.bincount(tf.constant([1, 1, 3]), weights=[1., 2])",
    "bincount_binary_weights_error": "tf.math.bincount(tf.constant([1, 1, 3]), weights=[1., 2, 3],"
                                     " binary_output=True)",
    "bincount_axis1_error": "tf.math.bincount(tf.constant([[1, 2]]), axis=1)",
    "bincount_rank3_error": "tf.math.bincount(tf.constant([[[1, 2]]]), axis=-1)",
    "bincount_bool_dtype_error": "tf.math.bincount(tf.constant([1, 2]), dtype=tf.bool)",
    "bincount_float16_weights_error": "tf.math.bincount(tf.constant([1, 2]), "
                                      "weights=tf.constant([1, 2], tf.float16))",
    # --- clipping and global norm ----------------------------------------------------------------
    "clip_by_norm": "tf.clip_by_norm(tf.constant([[3., 4.], [0.3, 0.4]]), 1.0)",
    "clip_by_norm_axes": "tf.clip_by_norm(tf.constant([[3., 4.], [0., 0.]]), 1.0, axes=[1])",
    "clip_by_norm_axes_neg": "tf.clip_by_norm(tf.constant([[3., 4.], [0.3, 0.4]]), 1.0, axes=-1)",
    "clip_by_norm_tensor_clip": "tf.clip_by_norm(tf.constant([[3., 4.], [0.3, 0.4]]), "
                                "tf.constant(2.0))",
    "clip_by_norm_float64": "tf.clip_by_norm(tf.constant([3., 4.], tf.float64), 1)",
    "clip_by_norm_list": "tf.clip_by_norm([3., 4.], 1.0)",
    "clip_by_norm_negative_clip": "tf.clip_by_norm(tf.constant([3., 4.]), -1.0)",
    "clip_by_norm_inside": "tf.clip_by_norm(tf.constant([0.3, 0.4]), 1.0)",
    "clip_by_norm_int_error": "tf.clip_by_norm(tf.constant([3, 4]), 1)",
    "global_norm": "tf.linalg.global_norm([tf.constant([3.]), None, tf.constant([4.])])",
    "global_norm_float64": "tf.linalg.global_norm([tf.constant([3., 4.], tf.float64)])",
    "global_norm_empty": "tf.linalg.global_norm([])",
    "global_norm_all_none": "tf.linalg.global_norm([None])",
    "global_norm_lists": "tf.linalg.global_norm([[3., 4.]])",
    "global_norm_variable": "tf.linalg.global_norm([tf.Variable([3., 4.]), tf.ones([2, 2])])",
    "global_norm_not_list_error": "tf.linalg.global_norm(tf.constant([3., 4.]))",
    "global_norm_mixed_dtype_error": "tf.linalg.global_norm([tf.constant([3., 4.]), "
                                     "tf.constant([1.], tf.float64)])",
    "global_norm_int_error": "tf.linalg.global_norm([tf.constant([3])])",
    "clip_by_global_norm": "tf.clip_by_global_norm([tf.constant([3.]), None, tf.constant([4.])],"
                           " 1.0)",
    "clip_by_global_norm_inside": "tf.clip_by_global_norm([tf.constant([0.3, 0.4])], 1.0)",
    "clip_by_global_norm_zero": "tf.clip_by_global_norm([tf.constant([0.])], 1.0)",
    "clip_by_global_norm_inf": "tf.clip_by_global_norm([tf.constant([np.inf, 1.])], 1.0)",
    "clip_by_global_norm_use_norm": "tf.clip_by_global_norm([tf.constant([3., 4.])], 1.0, "
                                    "use_norm=tf.constant(10.))",
    "clip_by_global_norm_tuple": "tf.clip_by_global_norm((tf.constant([3., 4.]),), 1.0)",
    "clip_by_global_norm_not_list_error": "tf.clip_by_global_norm(tf.constant([3.]), 1.0)",
    "clip_by_global_norm_mixed_error": "tf.clip_by_global_norm([tf.constant([3., 4.]), "
                                       "tf.constant([1.], tf.float64)], 1.0)",
    # --- namespaces ------------------------------------------------------------------------------
    "top_level_names": "sorted(n for n in ['reduce_sum', 'reduce_mean', 'reduce_max', "
                       "'reduce_min', 'reduce_prod', 'reduce_any', 'reduce_all', "
                       "'reduce_logsumexp', 'reduce_std', 'reduce_variance', "
                       "'reduce_euclidean_norm', 'argmax', 'argmin', 'cumsum', 'cumprod', "
                       "'add_n', 'accumulate_n', 'clip_by_norm', 'clip_by_global_norm', "
                       "'global_norm', 'top_k', 'in_top_k', 'segment_sum', "
                       "'unsorted_segment_sum', 'bincount', 'count_nonzero'] if hasattr(tf, n))",
    "math_names": "sorted(n for n in ['reduce_sum', 'reduce_std', 'reduce_variance', "
                  "'reduce_euclidean_norm', 'reduce_logsumexp', 'argmax', 'cumsum', 'cumprod', "
                  "'add_n', 'accumulate_n', 'top_k', 'in_top_k', 'segment_sum', 'segment_mean', "
                  "'segment_max', 'segment_min', 'segment_prod', 'unsorted_segment_sum', "
                  "'unsorted_segment_mean', 'unsorted_segment_max', 'unsorted_segment_min', "
                  "'unsorted_segment_prod', 'unsorted_segment_sqrt_n', 'bincount', "
                  "'count_nonzero', 'clip_by_norm', 'global_norm'] if hasattr(tf.math, n))",
    "nn_linalg_names": "[hasattr(tf.nn, 'top_k'), hasattr(tf.nn, 'in_top_k'), "
                       "hasattr(tf.linalg, 'global_norm'), hasattr(tf.nn, 'reduce_sum')]",
    # --- gradients -------------------------------------------------------------------------------
    "grad_sum_axis": _grad("tf.reduce_sum(x * x, 1)", "[[1., 2.], [3., 4.]]"),
    "grad_mean": _grad("tf.reduce_mean(x, 0)", "[[1., 2.], [3., 4.]]"),
    "grad_mean_int_none": "x = tf.constant([1, 2])\nwith tf.GradientTape() as tape:\n"
                          "    tape.watch(x)\n    y = tf.reduce_mean(x)\n"
                          "result = [tape.gradient(y, x)]",
    "grad_sum_complex": _grad("tf.reduce_sum(x)", "[1 + 1j]"),
    "grad_max_ties_share": _grad("tf.reduce_max(x)", "[1., 3., 3.]"),
    "grad_max_ties_axis": _grad("tf.reduce_max(x, 1)", "[[1., 3., 3.], [3., 3., 3.]]"),
    "grad_max_keepdims": _grad("tf.reduce_max(x, 0, keepdims=True) * [[1., 10.]]",
                               "[[1., 4.], [3., 2.]]"),
    "grad_min_ties": _grad("tf.reduce_min(x, 0)", "[[1., 2.], [1., 3.]]"),
    "grad_max_nan": _grad("tf.reduce_max(x, 0)", "[[np.nan, 1.], [2., 3.]]"),
    "grad_min_empty": _grad("tf.reduce_min(x)", "np.zeros((0,), np.float32)"),
    "grad_prod_zero": _grad("tf.reduce_prod(x)", "[2., 0., 3.]"),
    "grad_prod_two_zeros": _grad("tf.reduce_prod(x)", "[2., 0., 0.]"),
    "grad_prod_axes": _grad("tf.reduce_prod(x, [0, 2])", "np.arange(12.).reshape(2, 3, 2) + 1"),
    "grad_prod_axes_zeros": _grad("tf.reduce_prod(x, [0, 2]) * [1., 2., 3.]",
                                  "np.array([[[1., 0.], [2., 3.], [0., 0.]], "
                                  "[[4., 5.], [0., 6.], [7., 8.]]])"),
    "grad_prod_complex": _grad("tf.reduce_prod(x)", "[1 + 2j, 3 - 1j]"),
    "grad_logsumexp": _grad("tf.reduce_logsumexp(x)", "[1., 2.]"),
    "grad_logsumexp_axis": _grad("tf.reduce_logsumexp(x, 1) * [1., 2.]",
                                 "[[1., 2., 0.], [1000., 0., -1.]]"),
    "grad_logsumexp_all_neg_inf": _grad("tf.reduce_logsumexp(x)", "[-np.inf, -np.inf]"),
    "grad_euclidean_norm": _grad("tf.math.reduce_euclidean_norm(x, 1)", "[[1., 2.], [3., 4.]]"),
    "grad_euclidean_norm_zero_nan": _grad("tf.math.reduce_euclidean_norm(x)", "[0., 0.]"),
    "grad_euclidean_norm_complex": _grad("tf.math.reduce_euclidean_norm(x)", "[1 + 2j, 3 - 1j]"),
    "grad_variance": _grad("tf.math.reduce_variance(x, 0)", "[[1., 2.], [3., 4.]]"),
    "grad_std": _grad("tf.math.reduce_std(x)", "[1., 2., 4.]"),
    "grad_std_zero_nan": _grad("tf.math.reduce_std(x)", "[1., 1.]"),
    "grad_argmax_none": "x = tf.constant([1., 2.])\nwith tf.GradientTape() as tape:\n"
                        "    tape.watch(x)\n    y = tf.cast(tf.argmax(x), tf.float32)\n"
                        "result = [tape.gradient(y, x)]",
    "grad_add_n": _grad("tf.add_n([x, x * 2, tf.ones([2])])", "[3., 4.]"),
    "grad_cumsum": _grad("tf.math.cumsum(x, 1, exclusive=True) * [[1., 10.]]",
                         "[[1., 2.], [3., 4.]]"),
    "grad_cumsum_reverse": _grad("tf.cumsum(x, reverse=True) * [1., 10., 100.]", "[1., 2., 3.]"),
    "grad_cumprod": _grad("tf.math.cumprod(x, exclusive=True)", "[2., 5., 3.]"),
    "grad_cumprod_reverse": _grad("tf.math.cumprod(x, reverse=True) * [1., 2., 3.]",
                                  "[2., 5., 3.]"),
    "grad_cumprod_zero_like_tf": _grad("tf.math.cumprod(x)", "[2., 0., 3.]"),
    "grad_cumprod_zero_exclusive_reverse": _grad("tf.math.cumprod(x, exclusive=True, "
                                                 "reverse=True)", "[2., 0., 3.]"),
    "grad_cumprod_complex": _grad("tf.math.cumprod(x)", "[1 + 2j, 3 - 1j]"),
    "grad_top_k": _grad("tf.math.top_k(x, 2).values * [1., 10.]", "[1., 3., 2.]"),
    "grad_top_k_2d": _grad("tf.math.top_k(x, 2).values * [1., 10.]",
                           "[[1., 3., 2.], [5., 4., 6.]]"),
    "grad_top_k_wide": _grad("tf.math.top_k(x, 3).values * [1., 10., 100.]",
                             "np.cos(np.arange(200.0)).reshape(2, 100)"),
    "grad_segment_sum": _grad("tf.math.segment_sum(x, [0, 0, 2]) * [1., 10., 100.]",
                              "[1., 2., 3.]"),
    "grad_segment_mean": _grad("tf.math.segment_mean(x, [0, 0, 1])", "[2., 2., 3.]"),
    "grad_segment_max_ties": _grad("tf.math.segment_max(x, [0, 0, 1])", "[2., 2., 3.]"),
    "grad_segment_min_rows": _grad("tf.math.segment_min(x, [0, 0, 1]) * [[1., 10.], [100., 1.]]",
                                   "[[1., 5.], [2., 3.], [4., 4.]]"),
    "grad_segment_prod_zero": _grad("tf.math.segment_prod(x, [0, 0, 1])", "[2., 0., 3.]"),
    "grad_segment_prod_complex": _grad("tf.math.segment_prod(x, [0, 0])", "[1 + 2j, 3 - 1j]"),
    "grad_unsorted_segment_sum": _grad("tf.math.unsorted_segment_sum(x, [1, -1], 2) * "
                                       "[[1., 10.]]", "[[1., 2.], [3., 4.]]"),
    "grad_unsorted_segment_max": _grad("tf.math.unsorted_segment_max(x, [0, 0, -1], 3)",
                                       "[2., 2., 3.]"),
    "grad_unsorted_segment_min": _grad("tf.math.unsorted_segment_min(x, [1, 1], 3)",
                                       "[[1., 2.], [3., 4.]]"),
    "grad_unsorted_segment_prod": _grad("tf.math.unsorted_segment_prod(x, [0, 0, 0, 1], 3)",
                                        "[2., 0., 3., 0.]"),
    "grad_unsorted_segment_prod_plain": _grad("tf.math.unsorted_segment_prod(x, [1, 0, 1], 2) "
                                              "* [1., 10.]", "[2., 5., 3.]"),
    "grad_unsorted_segment_mean": _grad("tf.math.unsorted_segment_mean(x, [0, 0, -1], 3)",
                                        "[2., 2., 3.]"),
    "grad_unsorted_segment_sqrt_n": _grad("tf.math.unsorted_segment_sqrt_n(x, [0, 0, 2], 3)",
                                          "[1., 2., 3.]"),
    "grad_clip_by_norm": _grad("tf.clip_by_norm(x, 1.0)", "[3., 4.]"),
    "grad_clip_by_norm_inside": _grad("tf.clip_by_norm(x, 10.0)", "[3., 4.]"),
    "grad_clip_by_norm_zero": _grad("tf.clip_by_norm(x, 1.0)", "[0., 0.]"),
    "grad_clip_by_norm_axes": _grad("tf.clip_by_norm(x, 1.0, axes=[1]) * [[1., 2.]]",
                                    "[[3., 4.], [0.3, 0.4]]"),
    "grad_global_norm": _grad("tf.linalg.global_norm([x, x * 2])", "[[1., 2.], [3., 4.]]"),
    "grad_clip_by_global_norm": _grad("tf.clip_by_global_norm([x, x * 2], 1.0)[0][1]",
                                      "[[1., 2.], [3., 4.]]"),
    "grad_second_order_logsumexp": """
x = tf.constant([1., 2., 0.5])
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.reduce_logsumexp(x)
    g = t1.gradient(y, x)
    z = tf.reduce_sum(g * [1., 2., 3.])
result = t2.gradient(z, x)
""",
    "grad_second_order_prod": """
x = tf.constant([2., 3., 0.5])
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.reduce_prod(x)
    g = t1.gradient(y, x)
    z = tf.reduce_sum(g * [1., 2., 3.])
result = t2.gradient(z, x)
""",
    "grad_second_order_segment_sum": """
x = tf.constant([2., 3., 0.5])
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.math.unsorted_segment_sum(x * x, [1, 0, 1], 2) * [1., 10.]
    g = t1.gradient(y, x)
result = t2.gradient(g, x)
""",
    "grad_variable_reduce": """
v = tf.Variable([[1., 2.], [3., 4.]])
with tf.GradientTape() as tape:
    y = tf.reduce_max(v, 1) + tf.reduce_mean(v)
result = tape.gradient(y, v)
""",
}
