"""TF2 reference snippets for tf.random and tf.nn.dropout.

Random values differ from TF's bit stream by design, so snippets record what must match:
shapes, dtypes, error classes, values that do not depend on the stream (degenerate
parameters, bounds, permutation and seeding properties computed with NumPy).
"""


def meta(expr: str, setup: str = "") -> str:
    """Code recording the shape and dtype of `expr`."""
    return f"{setup}x = {expr}\nresult = [x.shape, x.dtype.name]"


def check(expr: str, cond: str, setup: str = "") -> str:
    """Code recording the Python bool `cond` about y = `expr`.numpy()."""
    return f"{setup}y = ({expr}).numpy()\nresult = bool({cond})"


def same(expr: str, between: str = "") -> str:
    """Code recording whether `expr` gives equal values twice (with `between` in between)."""
    return (f"a = ({expr}).numpy()\n{between}\nb = ({expr}).numpy()\n"
            f"result = bool(np.array_equal(a, b))")


SEEDING = {
    "seed_global_sequence_reproducible": """
tf.random.set_seed(1)
a, b = tf.random.uniform([3]).numpy(), tf.random.uniform([3]).numpy()
tf.random.set_seed(1)
c, d = tf.random.uniform([3]).numpy(), tf.random.uniform([3]).numpy()
result = [bool(np.array_equal(a, c)), bool(np.array_equal(b, d)), bool(np.array_equal(a, b))]
""",
    "seed_op_seed_sequence_reproducible": """
tf.random.set_seed(1)
a, b = tf.random.normal([3], seed=5).numpy(), tf.random.normal([3], seed=5).numpy()
tf.random.set_seed(1)
c, d = tf.random.normal([3], seed=5).numpy(), tf.random.normal([3], seed=5).numpy()
result = [bool(np.array_equal(a, c)), bool(np.array_equal(b, d)), bool(np.array_equal(a, b))]
""",
    "seed_op_seed_does_not_shift_global_sequence": """
tf.random.set_seed(4)
a = tf.random.uniform([3]).numpy()
tf.random.set_seed(4)
tf.random.uniform([3], seed=9)
b = tf.random.uniform([3]).numpy()
result = bool(np.array_equal(a, b))
""",
    "seed_different_op_seeds_differ": """
tf.random.set_seed(2)
a = tf.random.uniform([4], seed=1).numpy()
tf.random.set_seed(2)
b = tf.random.uniform([4], seed=2).numpy()
result = bool(np.array_equal(a, b))
""",
    "seed_different_global_seeds_differ": """
tf.random.set_seed(2)
a = tf.random.uniform([4]).numpy()
tf.random.set_seed(3)
b = tf.random.uniform([4]).numpy()
result = bool(np.array_equal(a, b))
""",
    "seed_shuffle_reproducible": """
tf.random.set_seed(7)
a = tf.random.shuffle(tf.constant(list(range(20)))).numpy()
tf.random.set_seed(7)
b = tf.random.shuffle(tf.constant(list(range(20)))).numpy()
result = bool(np.array_equal(a, b))
""",
    "seed_dropout_reproducible": """
tf.random.set_seed(7)
a = tf.nn.dropout(tf.ones([50]), 0.5).numpy()
tf.random.set_seed(7)
b = tf.nn.dropout(tf.ones([50]), 0.5).numpy()
result = bool(np.array_equal(a, b))
""",
    "set_seed_none": "tf.random.set_seed(None)",
    "set_seed_str": "tf.random.set_seed('a')",
    "set_seed_float": "tf.random.set_seed(1.5)",
    "set_seed_big": "tf.random.set_seed(2**40)",
    "set_seed_negative": "tf.random.set_seed(-3)",
    "set_seed_tensor": "tf.random.set_seed(tf.constant(3))",
    "no_tf_random_normal_alias": "[hasattr(tf, 'random_normal'), hasattr(tf, 'random_uniform'), "
                                 "hasattr(tf, 'truncated_normal'), hasattr(tf, 'multinomial'), "
                                 "hasattr(tf, 'random_shuffle')]",
    "experimental_names": "[hasattr(tf.random.experimental, n) for n in ('stateless_split', "
                          "'stateless_fold_in', 'stateless_shuffle', 'Generator', "
                          "'get_global_generator', 'create_rng_state')]",
}

UNIFORM = {
    "uniform_default": meta("tf.random.uniform([2, 3])"),
    "uniform_float16": meta("tf.random.uniform([2], dtype=tf.float16)"),
    "uniform_float64": meta("tf.random.uniform([2], dtype=tf.float64)"),
    "uniform_int32": meta("tf.random.uniform([2], maxval=5, dtype=tf.int32)"),
    "uniform_int64": meta("tf.random.uniform([2], maxval=5, dtype=tf.int64)"),
    "uniform_int_no_maxval": "tf.random.uniform([2], dtype=tf.int32)",
    "uniform_int8_error": "tf.random.uniform([2], maxval=5, dtype=tf.int8)",
    "uniform_uint8_error": "tf.random.uniform([2], maxval=5, dtype=tf.uint8)",
    "uniform_bool_error": "tf.random.uniform([2], dtype=tf.bool)",
    "uniform_complex_error": "tf.random.uniform([2], dtype=tf.complex64)",
    "uniform_dtype_string_name": meta("tf.random.uniform([2], dtype='float64')"),
    "uniform_shape_tensor": meta("tf.random.uniform(tf.constant([2, 3]))"),
    "uniform_shape_int64_tensor": meta("tf.random.uniform(tf.constant([2, 3], tf.int64))"),
    "uniform_shape_tuple": meta("tf.random.uniform((4,))"),
    "uniform_shape_empty": meta("tf.random.uniform(())"),
    "uniform_shape_empty_list": meta("tf.random.uniform([])"),
    "uniform_shape_tensor_dims": meta("tf.random.uniform([tf.constant(2), 3])"),
    "uniform_shape_tensorshape": meta("tf.random.uniform(tf.TensorShape([2, 3]))"),
    "uniform_shape_from_tensor_shape": meta("tf.random.uniform(tf.ones([3, 1]).shape)"),
    "uniform_shape_zero": meta("tf.random.uniform([0, 3])"),
    "uniform_shape_scalar_error": "tf.random.uniform(3)",
    "uniform_shape_negative_error": "tf.random.uniform([-1])",
    "uniform_shape_float_error": "tf.random.uniform([2.0])",
    "uniform_float_range": check("tf.random.uniform([10000], -3.0, -1.0)",
                                 "np.all((y >= -3) & (y < -1))"),
    "uniform_float16_below_one": check("tf.random.uniform([20000], dtype=tf.float16)",
                                       "np.all((y >= 0) & (y < 1))"),
    "uniform_int_range": check("tf.random.uniform([10000], -2, 3, dtype=tf.int32)",
                               "set(np.unique(y).tolist()) == {-2, -1, 0, 1, 2}"),
    "uniform_int_single_value": "tf.random.uniform([3], 4, 5, dtype=tf.int64)",
    "uniform_min_gt_max_float": meta("tf.random.uniform([2], 2.0, 1.0)"),
    "uniform_min_ge_max_int": "tf.random.uniform([2], 2, 2, dtype=tf.int32)",
    "uniform_min_gt_max_int": "tf.random.uniform([2], 2, 1, dtype=tf.int32)",
    "uniform_int_tensor_bounds_vector_error":
        "tf.random.uniform([3], tf.constant([0, 10, 20]), tf.constant([1, 11, 21]), "
        "dtype=tf.int32)",
    "uniform_int_scalar_tensor_bounds": "tf.random.uniform([2], tf.constant(7), tf.constant(8), "
                                        "dtype=tf.int32)",
    "uniform_int_float_bound_error": "tf.random.uniform([2], 1.5, 5, dtype=tf.int32)",
    "uniform_tensor_bounds": check("tf.random.uniform([2], tf.constant([0., 10.]), "
                                   "tf.constant([1., 11.]))",
                                   "0 <= y[0] < 1 and 10 <= y[1] < 11"),
    "uniform_tensor_bounds_broadcast": meta("tf.random.uniform([2, 3], tf.zeros([3]), 5.0)"),
    "uniform_tensor_bounds_bad_shape": "tf.random.uniform([2], tf.constant([0., 10., 3.]), 20.)",
    "uniform_tensor_bound_float64_error":
        "tf.random.uniform([2], tf.constant([0., 10.], tf.float64), 20.)",
    "uniform_float_minval_none_error": "tf.random.uniform([2], None, 1.0)",
    "uniform_python_int_bounds_float": meta("tf.random.uniform([2], 0, 10)"),
    "uniform_gradient_minval": """
lo = tf.constant([1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(lo)
    y = tf.random.uniform([2], lo, 10.0)
g = tape.gradient(y, lo).numpy()
result = bool(np.all((g > 0) & (g <= 1)))
""",
}

NORMAL = {
    "normal_default": meta("tf.random.normal([2, 3])"),
    "normal_float16": meta("tf.random.normal([2], dtype=tf.float16)"),
    "normal_float64": meta("tf.random.normal([2], dtype=tf.float64)"),
    "normal_int_error": "tf.random.normal([2], dtype=tf.int32)",
    "normal_complex_error": "tf.random.normal([2], dtype=tf.complex64)",
    "normal_stddev_zero": "tf.random.normal([3], mean=2.0, stddev=0.0)",
    "normal_stddev_zero_float64": "tf.random.normal([2, 2], -1.5, 0.0, dtype=tf.float64)",
    "normal_mean_int_python": meta("tf.random.normal([2], mean=1)"),
    "normal_mean_tensor": meta("tf.random.normal([2, 3], mean=tf.constant([0., 1., 2.]))"),
    "normal_mean_tensor_bad_shape": "tf.random.normal([2, 3], mean=tf.constant([0., 1.]))",
    "normal_mean_float64_error": "tf.random.normal([2], mean=tf.constant(0., tf.float64))",
    "normal_stddev_tensor_zero": "tf.random.normal([2], 3.0, tf.constant([0.0, 0.0]))",
    "normal_negative_stddev": meta("tf.random.normal([2], stddev=-1.0)"),
    "normal_shape_negative_error": "tf.random.normal([2, -3])",
    "normal_gradient_mean": """
m = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(m)
    y = tf.random.normal([3], mean=m)
result = tape.gradient(y, m)
""",
    "normal_gradient_stddev": """
s = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(s)
    y = tf.random.normal([3], stddev=s)
g = tape.gradient(y, s).numpy()
result = bool(np.allclose(g, (y.numpy()) / s.numpy()))
""",
    "truncated_default": meta("tf.random.truncated_normal([2, 3])"),
    "truncated_float64": meta("tf.random.truncated_normal([2], dtype=tf.float64)"),
    "truncated_float16": meta("tf.random.truncated_normal([2], dtype=tf.float16)"),
    "truncated_int_error": "tf.random.truncated_normal([2], dtype=tf.int32)",
    "truncated_bounds": check("tf.random.truncated_normal([20000])", "np.all(np.abs(y) <= 2)"),
    "truncated_bounds_scaled": check("tf.random.truncated_normal([20000], 5.0, 0.5)",
                                     "np.all(np.abs(y - 5) <= 1.0 + 1e-5)"),
    "truncated_stddev_zero": "tf.random.truncated_normal([2], mean=-4.0, stddev=0.0)",
    "truncated_mean_tensor": meta("tf.random.truncated_normal([2, 3], "
                                  "mean=tf.constant([0., 1., 2.]))"),
}

CATEGORICAL = {
    "categorical_default": meta("tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5)"),
    "categorical_int32": meta("tf.random.categorical([[0.0, 0.0]], 5, dtype=tf.int32)"),
    "categorical_int16_error": "tf.random.categorical([[0.0, 0.0]], 5, dtype=tf.int16)",
    "categorical_float_dtype_error": "tf.random.categorical([[0.0, 0.0]], 5, dtype=tf.float32)",
    "categorical_1d_error": "tf.random.categorical([0.5, 0.5], 5)",
    "categorical_3d_error": "tf.random.categorical([[[0.5, 0.5]]], 5)",
    "categorical_float64": meta("tf.random.categorical(tf.constant([[0.5, 0.5]], tf.float64), "
                                "4)"),
    "categorical_float16": meta("tf.random.categorical(tf.constant([[0.5, 0.5]], tf.float16), "
                                "4)"),
    "categorical_int_logits_error": "tf.random.categorical([[1, 2]], 5)",
    "categorical_zero_samples": "tf.random.categorical([[1.0, 2.0]], 0)",
    "categorical_negative_samples": "tf.random.categorical([[1.0, 2.0]], -1)",
    "categorical_zero_classes": "tf.random.categorical(tf.zeros([2, 0]), 3)",
    "categorical_zero_batch": "tf.random.categorical(tf.zeros([0, 3]), 3)",
    "categorical_one_hot": "tf.random.categorical([[-np.inf, 0.0, -np.inf], "
                           "[-np.inf, -np.inf, 3.0]], 5)",
    "categorical_all_neg_inf": "tf.random.categorical([[-np.inf, -np.inf]], 3)",
    "categorical_num_samples_tensor": meta("tf.random.categorical([[1.0, 2.0]], "
                                           "tf.constant(3))"),
    "categorical_num_samples_float_error": "tf.random.categorical([[1.0, 2.0]], 3.0)",
    "categorical_range": check("tf.random.categorical(tf.zeros([3, 4]), 1000)",
                               "set(np.unique(y).tolist()) == {0, 1, 2, 3}"),
    "categorical_gradient_none": """
x = tf.constant([[1.0, 2.0]])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.cast(tf.random.categorical(x, 3), tf.float32)
result = tape.gradient(y, x)
""",
}

SHUFFLE = {
    "shuffle_meta": meta("tf.random.shuffle([1, 2, 3])"),
    "shuffle_scalar": "tf.random.shuffle(5)",
    "shuffle_permutation": check("tf.random.shuffle(tf.constant(list(range(100))))",
                                 "sorted(y.tolist()) == list(range(100))"),
    "shuffle_rows_kept": check("tf.random.shuffle(tf.constant([[i, 10 * i] for i in "
                               "range(30)]))", "np.all(y[:, 1] == 10 * y[:, 0])"),
    "shuffle_strings": meta("tf.random.shuffle(['a', 'b'])"),
    "shuffle_bool": meta("tf.random.shuffle([True, False])"),
    "shuffle_empty": "tf.random.shuffle(tf.zeros([0, 2]))",
    "shuffle_single": "tf.random.shuffle([[1.5, 2.5]])",
    "shuffle_gradient_none": """
x = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.random.shuffle(x)
result = tape.gradient(y, x)
""",
}

DROPOUT = {
    "dropout_meta": meta("tf.nn.dropout(tf.ones([4, 5]), 0.5)"),
    "dropout_values_scaled": check("tf.nn.dropout(tf.ones([1000]), 0.75)",
                                   "set(np.unique(y).tolist()) == {0.0, 4.0}"),
    "dropout_rate_zero": "tf.nn.dropout(tf.constant([1.0, -2.0]), 0.0)",
    "dropout_rate_int_zero": "tf.nn.dropout(tf.constant([1.0, -2.0]), 0)",
    "dropout_rate_one_error": "tf.nn.dropout(tf.ones([2]), 1.0)",
    "dropout_rate_int_one_error": "tf.nn.dropout(tf.ones([2]), 1)",
    "dropout_rate_negative_error": "tf.nn.dropout(tf.ones([2]), -0.1)",
    "dropout_rate_none_error": "tf.nn.dropout(tf.ones([2]), None)",
    "dropout_rate_str_error": "tf.nn.dropout(tf.ones([2]), 'a')",
    "dropout_int_x_error": "tf.nn.dropout(tf.ones([2], tf.int32), 0.5)",
    "dropout_float64": meta("tf.nn.dropout(tf.ones([2], tf.float64), 0.5)"),
    "dropout_float16": meta("tf.nn.dropout(tf.ones([2], tf.float16), 0.5)"),
    "dropout_list_x": meta("tf.nn.dropout([1.0, 2.0], 0.5)"),
    "dropout_rate_tensor": meta("tf.nn.dropout(tf.ones([4, 5]), tf.constant(0.5))"),
    "dropout_rate_tensor_one": "tf.nn.dropout(tf.ones([2, 3]), tf.constant(1.0))",
    "dropout_rate_tensor_float64_error": "tf.nn.dropout(tf.ones([2]), tf.constant(0.5, "
                                         "tf.float64))",
    "dropout_rate_vector_error": "tf.nn.dropout(tf.ones([4, 5]), tf.constant([0.5] * 5))",
    "dropout_keep_prob_error": "tf.nn.dropout(tf.ones([2]), keep_prob=0.5)",
    "dropout_noise_shape_rows": check("tf.nn.dropout(tf.ones([40, 5]), 0.5, noise_shape=[40, 1])",
                                      "np.all(y == y[:, :1])"),
    "dropout_noise_shape_none_dim": check("tf.nn.dropout(tf.ones([40, 5]), 0.5, "
                                          "noise_shape=[None, 1])", "np.all(y == y[:, :1])"),
    "dropout_noise_shape_low_rank": check("tf.nn.dropout(tf.ones([40, 5]), 0.5, "
                                          "noise_shape=[5])", "np.all(y == y[:1, :])"),
    "dropout_noise_shape_bad": "tf.nn.dropout(tf.ones([4, 5]), 0.5, noise_shape=[3, 1])",
    "dropout_seed_meta": meta("tf.nn.dropout(tf.ones([3]), 0.2, seed=3)"),
    "dropout_gradient_is_mask": """
x = tf.ones([200])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.nn.dropout(x, 0.5)
g = tape.gradient(y, x).numpy()
result = bool(np.array_equal(g, (y.numpy() != 0) * 2.0))
""",
}

STATELESS = {
    "stateless_same_seed_same_values": same("tf.random.stateless_uniform([5], [1, 2])"),
    "stateless_ignores_global_seed": same("tf.random.stateless_normal([5], [3, 4])",
                                          "tf.random.set_seed(99)\ntf.random.uniform([3])"),
    "stateless_seed_int64_same_as_int32": """
a = tf.random.stateless_uniform([4], [1, 2]).numpy()
b = tf.random.stateless_uniform([4], tf.constant([1, 2], tf.int64)).numpy()
result = bool(np.array_equal(a, b))
""",
    "stateless_different_seeds_differ": """
a = tf.random.stateless_uniform([4], [1, 2]).numpy()
b = tf.random.stateless_uniform([4], [1, 3]).numpy()
result = bool(np.array_equal(a, b))
""",
    "stateless_uniform_meta": meta("tf.random.stateless_uniform([2, 3], (1, 2))"),
    "stateless_seed_uint32_error": "tf.random.stateless_uniform([2], tf.constant([1, 2], "
                                   "tf.uint32))",
    "stateless_seed_float_error": "tf.random.stateless_uniform([2], [1.0, 2.0])",
    "stateless_seed_shape3_error": "tf.random.stateless_uniform([2], [1, 2, 3])",
    "stateless_seed_scalar_error": "tf.random.stateless_uniform([2], 1)",
    "stateless_seed_matrix_error": "tf.random.stateless_uniform([2], [[1, 2], [3, 4]])",
    "stateless_seed_negative": meta("tf.random.stateless_uniform([2], [-1, -2])"),
    "stateless_uniform_int": meta("tf.random.stateless_uniform([2], [1, 2], maxval=5, "
                                  "dtype=tf.int32)"),
    "stateless_uniform_int_no_maxval_error": "tf.random.stateless_uniform([2], [1, 2], "
                                             "dtype=tf.int32)",
    "stateless_uniform_full_int32": meta("tf.random.stateless_uniform([2], [1, 2], None, None, "
                                         "dtype=tf.int32)"),
    "stateless_uniform_full_uint32": meta("tf.random.stateless_uniform([2], [1, 2], None, "
                                          "None, dtype=tf.uint32)"),
    "stateless_uniform_full_uint64": meta("tf.random.stateless_uniform([2], [1, 2], None, "
                                          "None, dtype=tf.uint64)"),
    "stateless_uniform_full_int64": meta("tf.random.stateless_uniform([2], [1, 2], None, None, "
                                         "dtype=tf.int64)"),
    "stateless_uniform_uint32_bounded_error": "tf.random.stateless_uniform([2], [1, 2], 0, 4, "
                                              "dtype=tf.uint32)",
    "stateless_uniform_int8_error": "tf.random.stateless_uniform([2], [1, 2], maxval=5, "
                                    "dtype=tf.int8)",
    "stateless_uniform_float16": meta("tf.random.stateless_uniform([2], [1, 2], "
                                      "dtype=tf.float16)"),
    "stateless_uniform_float64": meta("tf.random.stateless_uniform([2], [1, 2], "
                                      "dtype=tf.float64)"),
    "stateless_uniform_int_min_ge_max": "tf.random.stateless_uniform([2], [1, 2], 3, 3, "
                                        "dtype=tf.int32)",
    "stateless_uniform_int_single_value": "tf.random.stateless_uniform([3], [1, 2], -4, -3, "
                                          "dtype=tf.int32)",
    "stateless_uniform_int_vector_bound_error": "tf.random.stateless_uniform([2], [1, 2], "
                                                "tf.constant([0, 1]), 5, dtype=tf.int32)",
    "stateless_uniform_float_tensor_min": meta("tf.random.stateless_uniform([2], [1, 2], "
                                               "tf.constant([0., 1.]), 5.)"),
    "stateless_uniform_float_min_none_error": "tf.random.stateless_uniform([2], [1, 2], None, "
                                              "None)",
    "stateless_normal_meta": meta("tf.random.stateless_normal([2, 3], [1, 2])"),
    "stateless_normal_int_error": "tf.random.stateless_normal([2], [1, 2], dtype=tf.int32)",
    "stateless_normal_float64": meta("tf.random.stateless_normal([2], [1, 2], "
                                     "dtype=tf.float64)"),
    "stateless_normal_mean_tensor": meta("tf.random.stateless_normal([2, 3], [1, 2], "
                                         "mean=tf.constant([0., 1., 2.]))"),
    "stateless_normal_stddev_zero": "tf.random.stateless_normal([2], [1, 2], 7.0, 0.0)",
    "stateless_truncated_meta": meta("tf.random.stateless_truncated_normal([2], [1, 2])"),
    "stateless_truncated_float16": meta("tf.random.stateless_truncated_normal([2], [1, 2], "
                                        "dtype=tf.float16)"),
    "stateless_truncated_bounds": check("tf.random.stateless_truncated_normal([20000], [5, 6])",
                                        "np.all(np.abs(y) <= 2)"),
    "stateless_categorical_meta": meta("tf.random.stateless_categorical([[0., 0.]], 3, [1, 2])"),
    "stateless_categorical_int32": meta("tf.random.stateless_categorical([[0., 0.]], 3, "
                                        "[1, 2], dtype=tf.int32)"),
    "stateless_categorical_1d_error": "tf.random.stateless_categorical([0., 0.], 3, [1, 2])",
    "stateless_categorical_one_hot": "tf.random.stateless_categorical([[0., -np.inf]], 3, "
                                     "[1, 2])",
    "stateless_gamma_shape_error": "tf.random.stateless_gamma([2], [1, 2], alpha=[1., 2., 3.])",
    "stateless_gamma_beta": meta("tf.random.stateless_gamma([2, 3], [1, 2], alpha=[1., 2., 3.], "
                                 "beta=[[1.], [2.]])"),
    "stateless_gamma_float64": meta("tf.random.stateless_gamma([2], [1, 2], alpha=1., "
                                    "dtype=tf.float64)"),
    "stateless_gamma_int_error": "tf.random.stateless_gamma([2], [1, 2], alpha=1, "
                                 "dtype=tf.int32)",
    "stateless_poisson_meta": meta("tf.random.stateless_poisson([2], [1, 2], lam=[1., 20.])"),
    "stateless_poisson_shape": meta("tf.random.stateless_poisson([3, 2], [1, 2], "
                                    "lam=[1., 20.])"),
    "stateless_poisson_float32": meta("tf.random.stateless_poisson([2], [1, 2], lam=3., "
                                      "dtype=tf.float32)"),
    "stateless_poisson_int64": meta("tf.random.stateless_poisson([2], [1, 2], lam=3., "
                                    "dtype=tf.int64)"),
    "stateless_binomial_meta": meta("tf.random.stateless_binomial([2], [1, 2], counts=10., "
                                    "probs=0.5)"),
    "stateless_binomial_int_counts": meta("tf.random.stateless_binomial([2], [1, 2], "
                                          "counts=[10, 20], probs=[0.5, 0.1])"),
    "stateless_binomial_degenerate": "tf.random.stateless_binomial([2], [1, 2], "
                                     "counts=[10., 20.], probs=[0.0, 1.0])",
    "stateless_shuffle_same": same("tf.random.experimental.stateless_shuffle("
                                   "tf.constant(list(range(10))), [1, 2])"),
    "split_meta": meta("tf.random.split([1, 2])"),
    "split_three": meta("tf.random.split([1, 2], 3)"),
    "split_int64": meta("tf.random.split(tf.constant([1, 2], tf.int64))"),
    "split_experimental": meta("tf.random.experimental.stateless_split([1, 2], 3)"),
    "split_float_error": "tf.random.split([1., 2.])",
    "split_zero": "tf.random.split([1, 2], 0)",
    "split_deterministic": same("tf.random.split([3, 4], 4)"),
    "fold_in_meta": meta("tf.random.fold_in([1, 2], 5)"),
    "fold_in_int64_seed": meta("tf.random.fold_in(tf.constant([1, 2], tf.int64), 5)"),
    "fold_in_int64_data": meta("tf.random.fold_in([1, 2], tf.constant(5, tf.int64))"),
    "fold_in_deterministic": same("tf.random.experimental.stateless_fold_in([1, 2], 7)"),
}

GAMMA_POISSON = {
    "gamma_meta": meta("tf.random.gamma([2], alpha=[1., 2., 3.])"),
    "gamma_beta": meta("tf.random.gamma([2], alpha=[1., 2., 3.], beta=[[1.], [2.]])"),
    "gamma_float64": meta("tf.random.gamma([2], alpha=1., dtype=tf.float64)"),
    "gamma_float16": meta("tf.random.gamma([2], alpha=1., dtype=tf.float16)"),
    "gamma_int_error": "tf.random.gamma([2], alpha=1, dtype=tf.int32)",
    "gamma_alpha_float64_error": "tf.random.gamma([2], alpha=tf.constant(1., tf.float64))",
    "gamma_alpha_zero": "tf.random.gamma([2], alpha=0.)",
    "gamma_alpha_negative": "tf.random.gamma([2], alpha=-1.)",
    "gamma_positive": check("tf.random.gamma([5000], alpha=[0.1, 1.0, 10.0])", "np.all(y > 0)"),
    "gamma_gradient_beta": """
b = tf.constant([1.0, 2.0, 4.0])
with tf.GradientTape() as tape:
    tape.watch(b)
    y = tf.random.gamma([2], alpha=1.0, beta=b)
g = tape.gradient(y, b).numpy()
result = bool(np.allclose(g, -np.sum(y.numpy(), 0) / b.numpy(), rtol=1e-4))
""",
    "poisson_meta": meta("tf.random.poisson([2], lam=[1., 20.])"),
    "poisson_int32": meta("tf.random.poisson([2], lam=[1., 20.], dtype=tf.int32)"),
    "poisson_int64": meta("tf.random.poisson([2], lam=3., dtype=tf.int64)"),
    "poisson_float64": meta("tf.random.poisson([2], lam=3., dtype=tf.float64)"),
    "poisson_lam_int": meta("tf.random.poisson([2], lam=3)"),
    "poisson_lam_zero": "tf.random.poisson([2], lam=0.)",
    "poisson_lam_negative": "tf.random.poisson([2], lam=-1.)",
    "poisson_uint8_error": "tf.random.poisson([2], lam=3., dtype=tf.uint8)",
    "poisson_integral": check("tf.random.poisson([1000], lam=4.0)", "np.all(y == np.round(y))"),
}

GENERATOR = {
    "generator_from_seed_state": "tf.random.Generator.from_seed(1).state",
    "generator_algorithm": "tf.random.Generator.from_seed(1).algorithm",
    "generator_key": "tf.random.Generator.from_seed(1).key",
    "generator_state_meta": "s = tf.random.Generator.from_seed(1).state\n"
                            "result = [s.shape, s.dtype.name]",
    "generator_normal": meta("tf.random.Generator.from_seed(1).normal([2])"),
    "generator_normal_int_error": "tf.random.Generator.from_seed(1).normal([2], dtype=tf.int32)",
    "generator_normal_mean_tensor": meta("tf.random.Generator.from_seed(1).normal([2, 3], "
                                         "mean=tf.constant([0., 1., 2.]))"),
    "generator_uniform": meta("tf.random.Generator.from_seed(1).uniform([2])"),
    "generator_uniform_float16": meta("tf.random.Generator.from_seed(1).uniform([2], "
                                      "dtype=tf.float16)"),
    "generator_uniform_int_no_maxval_error": "tf.random.Generator.from_seed(1).uniform([2], "
                                             "dtype=tf.int32)",
    "generator_uniform_int": meta("tf.random.Generator.from_seed(1).uniform([2], maxval=10, "
                                  "dtype=tf.int32)"),
    "generator_uniform_int64": meta("tf.random.Generator.from_seed(1).uniform([2], maxval=10, "
                                    "dtype=tf.int64)"),
    "generator_uniform_int8_error": "tf.random.Generator.from_seed(1).uniform([2], maxval=10, "
                                    "dtype=tf.int8)",
    "generator_uniform_uint32_error": "tf.random.Generator.from_seed(1).uniform([2], maxval=10, "
                                      "dtype=tf.uint32)",
    "generator_uniform_full_range": meta("tf.random.Generator.from_seed(1).uniform([2], None, "
                                         "None, dtype=tf.int32)"),
    "generator_uniform_bool_error": "tf.random.Generator.from_seed(1).uniform([2], "
                                    "dtype=tf.bool)",
    "generator_uniform_single_value": "tf.random.Generator.from_seed(1).uniform([3], 6, 7, "
                                      "dtype=tf.int64)",
    "generator_uniform_full_int": meta("tf.random.Generator.from_seed(1).uniform_full_int([2])"),
    "generator_uniform_full_int32": meta("tf.random.Generator.from_seed(1).uniform_full_int("
                                         "[2], dtype=tf.int32)"),
    "generator_truncated": check("tf.random.Generator.from_seed(1).truncated_normal([5000])",
                                 "np.all(np.abs(y) <= 2)"),
    "generator_binomial": meta("tf.random.Generator.from_seed(1).binomial([2], counts=[10., "
                               "20.], probs=[0.5, 0.1])"),
    "generator_make_seeds": meta("tf.random.Generator.from_seed(1).make_seeds()"),
    "generator_make_seeds_three": meta("tf.random.Generator.from_seed(1).make_seeds(3)"),
    "generator_split": "[type(g).__name__ for g in tf.random.Generator.from_seed(1).split(3)]",
    "generator_split_default": "len(tf.random.Generator.from_seed(1).split())",
    "generator_same_seed_same_values": """
a = tf.random.Generator.from_seed(1).normal([4]).numpy()
b = tf.random.Generator.from_seed(1).normal([4]).numpy()
result = bool(np.array_equal(a, b))
""",
    "generator_consecutive_calls_differ": """
g = tf.random.Generator.from_seed(1)
result = bool(np.array_equal(g.normal([4]).numpy(), g.normal([4]).numpy()))
""",
    "generator_different_seeds_differ": """
a = tf.random.Generator.from_seed(1).uniform([8]).numpy()
b = tf.random.Generator.from_seed(2).uniform([8]).numpy()
result = bool(np.array_equal(a, b))
""",
    "generator_reset_replays": """
g = tf.random.Generator.from_seed(3)
a = g.normal([4]).numpy()
g.reset_from_seed(3)
result = bool(np.array_equal(a, g.normal([4]).numpy()))
""",
    "generator_split_children_differ": """
a, b = tf.random.Generator.from_seed(3).split(2)
result = bool(np.array_equal(a.normal([4]).numpy(), b.normal([4]).numpy()))
""",
    "generator_from_seed_big": "tf.random.Generator.from_seed(2**70).state",
    "generator_from_seed_negative": "tf.random.Generator.from_seed(-1).state",
    "generator_from_seed_list": "tf.random.Generator.from_seed([1, 2]).state",
    "generator_from_seed_tensor": "tf.random.Generator.from_seed(tf.constant(3)).state",
    "generator_from_state": "tf.random.Generator.from_state([1, 2, 3], alg='philox').state",
    "generator_from_state_enum": "tf.random.Generator.from_state([1, 2, 3], "
                                 "alg=tf.random.Algorithm.PHILOX).algorithm",
    "generator_from_state_int_alg": "tf.random.Generator.from_state([1, 2, 3], alg=1).algorithm",
    "generator_from_state_bad_shape": "tf.random.Generator.from_state([1, 2], alg='philox')",
    "generator_from_key_counter": "tf.random.Generator.from_key_counter(5, [1, 2], "
                                  "alg='philox').state",
    "generator_non_deterministic_meta": "s = tf.random.Generator.from_non_deterministic_state()"
                                        ".state\nresult = [s.shape, s.dtype.name]",
    "generator_init_state": "tf.random.Generator(state=[1, 2, 3], alg='philox').state",
    "generator_reset_from_seed_state": "g = tf.random.Generator.from_seed(9)\ng.normal([2])\n"
                                       "g.reset_from_seed(1)\nresult = g.state",
    "generator_reset_state": "g = tf.random.Generator.from_seed(9)\ng.reset([7, 8, 9])\n"
                             "result = g.state",
    "algorithm_members": "[a.name for a in tf.random.Algorithm]",
    "create_rng_state_philox": "tf.random.create_rng_state(1, 'philox')",
    "create_rng_state_threefry": "tf.random.create_rng_state(1, 'threefry')",
    "global_generator_meta": "s = tf.random.get_global_generator().state\n"
                             "result = [s.shape, s.dtype.name]",
    "set_global_generator": "tf.random.set_global_generator(tf.random.Generator.from_seed(5))\n"
                            "result = tf.random.get_global_generator().state",
    "global_generator_same_object": "result = tf.random.get_global_generator() is "
                                    "tf.random.get_global_generator()",
}

SNIPPETS = {**SEEDING, **UNIFORM, **NORMAL, **CATEGORICAL, **SHUFFLE, **DROPOUT, **STATELESS,
            **GAMMA_POISSON, **GENERATOR}

EXTRA = {
    "categorical_zero_by_zero": "tf.random.categorical(tf.zeros([0, 0]), 3)",
    "stateless_categorical_int_logits_error": "tf.random.stateless_categorical([[1, 2]], 3, "
                                              "[1, 2])",
    "stateless_categorical_int16_error": "tf.random.stateless_categorical([[1., 2.]], 3, [1, 2], "
                                         "dtype=tf.int16)",
    "shuffle_seed_tensor": meta("tf.random.shuffle([1, 2, 3], seed=tf.constant(3))"),
    "uniform_seed_float": meta("tf.random.uniform([2], seed=1.5)"),
    "uniform_name": meta("tf.random.uniform([2], name='x')"),
    "uniform_maxval_tensor_int": meta("tf.random.uniform([2], maxval=tf.constant(5), "
                                      "dtype=tf.int32)"),
    "uniform_maxval_int64_tensor_error": "tf.random.uniform([2], maxval=tf.constant(5, "
                                         "tf.int64), dtype=tf.int32)",
    "normal_shape_numpy": meta("tf.random.normal(np.array([2, 3]))"),
    "normal_partial_tensorshape_error": "tf.random.normal(tf.TensorShape([None, 3]))",
    "gamma_shape_tensor": meta("tf.random.gamma(tf.constant([2]), 1.0)"),
    "poisson_lam_float64": meta("tf.random.poisson([2], tf.constant([1., 2.], tf.float64))"),
    "stateless_poisson_lam_float64": meta("tf.random.stateless_poisson([2], [1, 2], "
                                          "tf.constant([1., 2.], tf.float64))"),
    "stateless_poisson_lam_int": meta("tf.random.stateless_poisson([2], [1, 2], 3)"),
    "stateless_poisson_shape_error": "tf.random.stateless_poisson([2], [1, 2], [1., 2., 3.])",
    "stateless_binomial_shape_error": "tf.random.stateless_binomial([2], [1, 2], [1., 2., 3.], "
                                      "0.5)",
    "stateless_binomial_float_out": meta("tf.random.stateless_binomial([2], [1, 2], 10., 0.5, "
                                         "output_dtype=tf.float32)"),
    "stateless_binomial_uint8_error": "tf.random.stateless_binomial([2], [1, 2], 10., 0.5, "
                                      "output_dtype=tf.uint8)",
    "stateless_seed_variable": meta("tf.random.stateless_uniform([2], tf.Variable([1, 2]))"),
    "fold_in_float_data_error": "tf.random.fold_in([1, 2], 1.5)",
    "fold_in_vector_data_error": "tf.random.fold_in([1, 2], [1, 2])",
    "split_num_tensor": meta("tf.random.split([1, 2], tf.constant(3))"),
    "split_negative_error": "tf.random.split([1, 2], -1)",
    "dropout_rate_numpy_float32": meta("tf.nn.dropout(tf.ones([3]), np.float32(0.5))"),
    "dropout_rate_numpy_array_error": "tf.nn.dropout(tf.ones([3]), np.array(0.5))",
    "dropout_rate_variable": meta("tf.nn.dropout(tf.ones([3]), tf.Variable(0.5))"),
    "dropout_noise_shape_tensor": check("tf.nn.dropout(tf.ones([30, 2]), 0.5, "
                                        "noise_shape=tf.constant([30, 1]))",
                                        "np.all(y == y[:, :1])"),
    "dropout_noise_shape_larger": meta("tf.nn.dropout(tf.ones([3, 1]), 0.5, noise_shape=[3, 4])"),
    "dropout_scalar": meta("tf.nn.dropout(tf.constant(1.0), 0.5)"),
    "dropout_variable_x": meta("tf.nn.dropout(tf.Variable([1.0, 2.0]), 0.5)"),
}
SNIPPETS.update(EXTRA)
