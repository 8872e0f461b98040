"""TF2 smaller top-level names: saturate_cast, confusion_matrix, depth_to_space/space_to_depth,
bitwise shifts, debugging checks, histograms, IndexedSlices, TF2 initializers, saved_model
constants, Keras namespace aliases (tf.losses...), init_scope, grad_pass_through."""

_IMG = "x = tf.reshape(tf.range(32, dtype=tf.float32), (1, 2, 2, 8))\n"

SNIPPETS = {
    "saturate_cast_uint8": "tf.saturate_cast(tf.constant([-5., 300., 3.7]), tf.uint8)",
    "saturate_cast_int32_from_float": "tf.saturate_cast(tf.constant([1e10, -1e10]), tf.int32)",
    "saturate_cast_negative_unsigned": "tf.saturate_cast(tf.constant([-3, 70000]), tf.uint16)",
    "saturate_cast_float64_to_float32": "tf.saturate_cast(tf.constant([1e300], tf.float64), "
                                        "tf.float32)",
    "confusion_matrix": "tf.math.confusion_matrix([1, 2, 4], [2, 2, 4])",
    "confusion_matrix_weights": "tf.math.confusion_matrix([0, 1], [1, 1], num_classes=3, "
                                "weights=[2., 3.], dtype=tf.float32)",
    "depth_to_space": _IMG + "result = tf.nn.depth_to_space(x, 2)",
    "space_to_depth_roundtrip": _IMG + "result = tf.nn.space_to_depth(tf.nn.depth_to_space(x, "
                                       "2), 2)",
    "depth_to_space_gradient": _IMG + """
with tf.GradientTape() as t:
    t.watch(x)
    y = tf.nn.depth_to_space(x, 2) * tf.reshape(tf.range(32, dtype=tf.float32), (1, 4, 4, 2))
result = t.gradient(tf.reduce_sum(y), x)""",
    "left_shift": "tf.bitwise.left_shift(tf.constant([1, 2, -3]), tf.constant([3, 0, 2]))",
    "right_shift": "tf.bitwise.right_shift(tf.constant([-16, 16, 7], tf.int64), 2)",
    "assert_integer_error": "tf.debugging.assert_integer(tf.constant([1.]))",
    "assert_scalar_error": "tf.debugging.assert_scalar(tf.constant([1.]))",
    "assert_scalar_ok": "tf.debugging.assert_scalar(tf.constant(2.))",
    "assert_rank_in_error": "tf.debugging.assert_rank_in(tf.constant([1.]), [0, 2])",
    "assert_same_float_dtype": "tf.debugging.assert_same_float_dtype([tf.constant(1.)]).name",
    "assert_same_float_dtype_error": "tf.debugging.assert_same_float_dtype([tf.constant(1.), "
                                     "tf.constant(1., tf.float64)])",
    "assert_proper_iterable_error": "tf.debugging.assert_proper_iterable('abc')",
    "top_level_assert_equal_error": "tf.assert_equal(tf.constant(1), tf.constant(2))",
    "top_level_assert_rank_error": "tf.assert_rank(tf.constant([1]), 2)",
    "histogram_bins": "tf.histogram_fixed_width_bins([-1., 0., 1.5, 2., 5., 15], [0., 5.], "
                      "nbins=5)",
    "histogram": "tf.histogram_fixed_width([-1., 0., 1.5, 2., 5., 15], [0., 5.], nbins=5)",
    "histogram_ints": "tf.histogram_fixed_width(tf.constant([1, 2, 3, 9]), [0, 10], nbins=3)",
    "indexed_slices_to_dense": "tf.convert_to_tensor(tf.IndexedSlices(tf.constant([[1., 2.], "
                               "[3., 4.]]), tf.constant([1, 1]), tf.constant([3, 2])))",
    "constant_initializer": "tf.constant_initializer([1, 2, 3, 4])([2, 2])",
    "zeros_initializer_int": "tf.zeros_initializer()([2], tf.int32)",
    "ones_initializer": "tf.ones_initializer()([1, 2])",
    "random_normal_initializer_shape": "tf.random_normal_initializer(seed=1)([2, 3]).shape",
    "saved_model_constants": "[tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY, "
                             "tf.saved_model.SERVING, tf.saved_model.TRAINING, "
                             "tf.saved_model.ASSETS_DIRECTORY, tf.saved_model.VARIABLES_DIRECTORY]",
    "keras_aliases": "[float(tf.losses.MeanSquaredError()([1.], [2.])), "
                     "tf.initializers.Zeros()([2]).numpy().tolist(), tf.metrics.Mean().name]",
    "timestamp_dtype": "tf.timestamp().dtype.name",
    "init_scope_eager": """
@tf.function
def f(x):
    with tf.init_scope():
        e = tf.executing_eagerly()
    return x + 1, e
result = f(tf.constant(1))[1]""",
    "grad_pass_through": """
g = tf.grad_pass_through(tf.round)
v = tf.constant(1.4)
with tf.GradientTape() as t:
    t.watch(v)
    y = g(v) * 3
result = [y, t.gradient(y, v)]""",
    "experimental_run_functions_eagerly": "tf.config.experimental_functions_run_eagerly()",
    "multiply_bool_error": "tf.multiply(tf.constant([True]), tf.constant([False]))",
    "bool_star_operator_is_and": "tf.constant([True, False]) * tf.constant([True, True])",
    "as_string_top_level": "tf.as_string([1.5, 2.0], precision=2)",
    "string_add": "tf.constant(['a', 'b']) + 'c'",
    "string_add_function": "tf.function(lambda s: s + s)(tf.constant('ab'))",
    "string_plus_int_error": "tf.constant('a') + tf.constant(1)",
    "concrete_dtype_mismatch": "tf.function(lambda x: x + 1).get_concrete_function("
                               "tf.TensorSpec([None, 2], tf.int32))(tf.ones([3, 2], tf.int64))",
    "concrete_numpy_converted": "tf.function(lambda x: x + 1).get_concrete_function("
                                "tf.TensorSpec([None, 2], tf.int32))(np.ones((3, 2), np.int64))",
    "concrete_unknown_rank_string": "tf.function(lambda a: a + a).get_concrete_function("
                                    "tf.TensorSpec(shape=None, dtype=tf.string))(tf.constant('b'))",
    "signature_unknown_rank": "tf.function(lambda x: tf.reduce_sum(x * 2.0), input_signature="
                              "[tf.TensorSpec(None, tf.float32)])(tf.ones([2, 3]))",
}
