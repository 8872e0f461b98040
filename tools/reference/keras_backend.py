"""Reference snippets for ``tf.keras.backend``: the Keras 2 backend functions TF 2.21 still
exposes (legacy defaults, dtypes, shapes, error classes) and Keras 3's dtype helpers."""

_K = "tf.keras.backend"
_F = "tf.constant([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]])"
_I = "tf.constant([[1, -2, 3], [4, 0, -1]])"
_B = "tf.constant([[True, False, True], [False, False, True]])"
_X3 = "tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 4]) / 10.0"
_P = "tf.constant([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]])"
_Y = "tf.constant([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])"

SNIPPETS = {
    # --- configuration and dtype helpers ---
    "backend_name": f"{_K}.backend()",
    "floatx": f"{_K}.floatx()",
    "epsilon": f"{_K}.epsilon()",
    "image_data_format": f"{_K}.image_data_format()",
    "standardize_dtype_tf": f"{_K}.standardize_dtype(tf.float64)",
    "standardize_dtype_str": f"{_K}.standardize_dtype('float')",
    "standardize_dtype_int": f"{_K}.standardize_dtype('int32')",
    "standardize_dtype_np": f"{_K}.standardize_dtype(np.int16)",
    "standardize_dtype_bad": f"{_K}.standardize_dtype('foo')",
    "result_type_ints": f"{_K}.result_type('int32', 'int64')",
    "result_type_int_float": f"{_K}.result_type('int32', 'float16')",
    "result_type_uint8_int8": f"{_K}.result_type('uint8', 'int8')",
    "result_type_empty": f"{_K}.result_type()",
    "result_type_python": f"[{_K}.result_type(int, 'float16'), {_K}.result_type(float, 'int8'),"
                          f" {_K}.result_type(int, 'uint8'), {_K}.result_type(bool, int)]",
    "result_type_bool_float": f"{_K}.result_type('bool', 'float64')",
    "standardize_dtype_misc": f"[{_K}.standardize_dtype(d) for d in [None, int, float, bool, "
                              "'int', np.float64, np.dtype('uint8'), tf.float16, tf.string]]",
    "standardize_dtype_double": f"{_K}.standardize_dtype('double')",
    "is_float_dtype": f"[{_K}.is_float_dtype(d) for d in ['float16', 'bfloat16', 'int8', "
                      "tf.float64]]",
    "is_int_dtype": f"[{_K}.is_int_dtype(d) for d in ['uint8', 'int64', 'float32', 'bool']]",
    "is_keras_tensor_tensor": f"{_K}.is_keras_tensor(tf.constant(1.0))",
    "is_keras_tensor_input": f"{_K}.is_keras_tensor(tf.keras.Input((3,)))",
    "get_uid": f"[{_K}.get_uid('zz_prefix_a'), {_K}.get_uid('zz_prefix_a'), "
               f"{_K}.get_uid('zz_prefix_b')]",
    "cast_to_floatx_list": f"{_K}.cast_to_floatx([1, 2])",
    "cast_to_floatx_tensor": f"{_K}.cast_to_floatx(tf.constant([1, 2]))",
    # --- elementwise ---
    "abs": f"{_K}.abs({_F})",
    "abs_int": f"{_K}.abs({_I})",
    "square": f"{_K}.square({_I})",
    "sqrt_negative": f"{_K}.sqrt(tf.constant([4.0, -1.0, 0.25]))",
    "sqrt_float64": f"{_K}.sqrt(tf.constant([4.0, 2.0], tf.float64))",
    "exp": f"{_K}.exp({_F})",
    "log": f"{_K}.log(tf.constant([1.0, 2.0, 0.5]))",
    "log_int_error": f"{_K}.log(tf.constant([1, 2]))",
    "sin_cos": f"[{_K}.sin({_F}), {_K}.cos({_F})]",
    "sign": f"{_K}.sign({_F})",
    "round_half_even": f"{_K}.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.7]))",
    "pow": f"{_K}.pow({_F}, 2)",
    "pow_int": f"{_K}.pow({_I}, 3)",
    "tanh_sigmoid": f"[{_K}.tanh({_F}), {_K}.sigmoid({_F})]",
    "softplus_softsign": f"[{_K}.softplus({_F}), {_K}.softsign({_F})]",
    "hard_sigmoid": f"{_K}.hard_sigmoid(tf.constant([-3.0, -1.0, 0.0, 1.0, 3.0]))",
    "clip": f"{_K}.clip({_F}, -1.0, 2.0)",
    "clip_max_below_min": f"{_K}.clip({_F}, 1.0, 0.0)",
    "clip_none": f"{_K}.clip({_F}, None, 1.0)",
    "clip_int": f"{_K}.clip({_I}, 0, 2)",
    "compare": f"[{_K}.equal({_I}, 0), {_K}.not_equal({_I}, 0), {_K}.greater({_F}, 0.5), "
               f"{_K}.greater_equal({_F}, 0.5), {_K}.less({_I}, 1), {_K}.less_equal({_I}, 1)]",
    "maximum_minimum": f"[{_K}.maximum({_F}, 1.0), {_K}.minimum({_I}, 0)]",
    "maximum_dtype_error": f"{_K}.maximum({_F}, {_I})",
    "cast": f"{_K}.cast({_F}, 'int32')",
    "cast_bool": f"{_K}.cast({_I}, tf.bool)",
    "stop_gradient": f"{_K}.stop_gradient({_F})",
    "stop_gradient_list": f"list({_K}.stop_gradient([{_F}, {_I}]))",
    # --- reductions ---
    "sum_all": f"{_K}.sum({_F})",
    "sum_axis": f"{_K}.sum({_I}, axis=1)",
    "sum_keepdims": f"{_K}.sum({_F}, axis=0, keepdims=True)",
    "sum_axes_list": f"{_K}.sum({_X3}, axis=[0, 2])",
    "prod": f"{_K}.prod({_I}, axis=0)",
    "max_min": f"[{_K}.max({_F}), {_K}.min({_F}, axis=-1), {_K}.max({_I}, 1, True)]",
    "mean_all": f"{_K}.mean({_F})",
    "mean_int": f"{_K}.mean({_I}, axis=1)",
    "mean_bool": f"{_K}.mean({_B}, axis=0)",
    "std": f"{_K}.std({_F}, axis=1)",
    "std_bool": f"{_K}.std({_B})",
    "var": f"{_K}.var({_F}, axis=0, keepdims=True)",
    "var_all": f"{_K}.var({_F})",
    "all_any": f"[{_K}.all({_I}), {_K}.any({_I}, axis=0), {_K}.all({_B}, 1, True)]",
    "all_float": f"{_K}.all({_F}, axis=1)",
    "argmax": f"{_K}.argmax({_F})",
    "argmax_axis0": f"{_K}.argmax({_F}, axis=0)",
    "argmin": f"{_K}.argmin({_I})",
    "cumsum_default_axis0": f"{_K}.cumsum({_I})",
    "cumsum_axis1": f"{_K}.cumsum({_F}, axis=1)",
    "cumprod": f"{_K}.cumprod({_F})",
    "l2_normalize_all": f"{_K}.l2_normalize({_F})",
    "l2_normalize_axis": f"{_K}.l2_normalize({_F}, axis=1)",
    "in_top_k": f"{_K}.in_top_k({_P}, tf.constant([2, 0]), 2)",
    # --- shapes and arrays ---
    "int_shape": f"{_K}.int_shape({_X3})",
    "int_shape_scalar": f"{_K}.int_shape(tf.constant(1.0))",
    "int_shape_variable": f"{_K}.int_shape(tf.Variable(tf.zeros([2, 5])))",
    "int_shape_input": f"{_K}.int_shape(tf.keras.Input((3, 4)))",
    "ndim": f"[{_K}.ndim({_X3}), {_K}.ndim(tf.constant(1.0))]",
    "shape": f"{_K}.shape({_X3})",
    "dtype": f"[{_K}.dtype({_F}), {_K}.dtype({_I}), {_K}.dtype(tf.Variable(1.0))]",
    "count_params": f"{_K}.count_params(tf.Variable(tf.zeros([3, 4])))",
    "reshape": f"{_K}.reshape({_X3}, (4, -1))",
    "permute_dimensions": f"{_K}.permute_dimensions({_X3}, (2, 0, 1))",
    "transpose": f"{_K}.transpose({_F})",
    "expand_dims_default": f"{_K}.expand_dims({_F})",
    "expand_dims_0": f"{_K}.expand_dims({_F}, 0)",
    "squeeze": f"{_K}.squeeze(tf.zeros([2, 1, 3]), 1)",
    "squeeze_not_one": f"{_K}.squeeze(tf.zeros([2, 2, 3]), 1)",
    "flatten": f"{_K}.flatten({_X3})",
    "batch_flatten": f"{_K}.batch_flatten({_X3})",
    "stack": f"{_K}.stack([{_F}, {_F}])",
    "stack_axis": f"{_K}.stack([{_F}, {_F}], axis=-1)",
    "concatenate_default_last": f"{_K}.concatenate([{_F}, {_F}])",
    "concatenate_axis0": f"{_K}.concatenate([{_F}, {_F}], axis=0)",
    "concatenate_1d": f"{_K}.concatenate([tf.constant([1, 2]), tf.constant([3])])",
    "concatenate_dtype_error": f"{_K}.concatenate([{_F}, {_I}])",
    "tile_int": f"{_K}.tile(tf.constant([1, 2]), 3)",
    "tile_list": f"{_K}.tile({_I}, [2, 1])",
    "repeat": f"{_K}.repeat({_F}, 3)",
    "repeat_rank_error": f"{_K}.repeat({_X3}, 3)",
    "repeat_elements": f"{_K}.repeat_elements({_I}, 2, axis=1)",
    "repeat_elements_axis0": f"{_K}.repeat_elements({_X3}, 3, axis=0)",
    "reverse_int": f"{_K}.reverse({_I}, 1)",
    "reverse_list": f"{_K}.reverse({_X3}, [0, 2])",
    "gather": f"{_K}.gather({_F}, tf.constant([1, 0, 1]))",
    "gather_list": f"{_K}.gather({_I}, [1])",
    "one_hot": f"{_K}.one_hot(tf.constant([0, 2, 1]), 3)",
    "one_hot_2d": f"{_K}.one_hot(tf.constant([[0, 2], [1, 5]]), 3)",
    "arange": f"{_K}.arange(5)",
    "arange_negative": f"{_K}.arange(-3)",
    "arange_step": f"{_K}.arange(1, 10, 3)",
    "arange_float": f"{_K}.arange(0, 3, dtype='float32')",
    "switch_scalar": f"{_K}.switch(tf.constant(True), {_F}, -{_F})",
    "switch_scalar_callable": f"{_K}.switch(tf.constant(0), lambda: {_F}, lambda: -{_F})",
    "switch_elementwise": f"{_K}.switch({_F} > 0, {_F}, tf.zeros_like({_F}))",
    "switch_broadcast": f"{_K}.switch(tf.constant([[True], [False]]), tf.ones([2, 3, 2]), "
                        "tf.zeros([2, 3, 2]))",
    "switch_1d": f"{_K}.switch(tf.constant([True, False, True]), {_F}, -{_F})",
    "switch_rank_error": f"{_K}.switch({_B}, tf.constant([1.0, 2.0, 3.0]), "
                         "tf.constant([0.0, 0.0, 0.0]))",
    "map_fn": f"{_K}.map_fn(lambda r: r * 2.0, {_F})",
    "foldl": f"{_K}.foldl(lambda a, x: a + x, {_F})",
    "foldl_init": f"{_K}.foldl(lambda a, x: a * x, tf.constant([1, 2, 3, 4]), "
                  "tf.constant(1))",
    "foldr": f"{_K}.foldr(lambda a, x: a - x, tf.constant([1.0, 2.0, 5.0]))",
    "dot_2d": f"{_K}.dot({_F}, tf.transpose({_F}))",
    "dot_nd": f"{_K}.dot(tf.ones([2, 3, 4]), tf.reshape(tf.range(40, dtype=tf.float32), "
              "[2, 4, 5]))",
    "dot_nd_x": f"{_K}.dot({_X3}, tf.ones([4, 6]))",
    "batch_dot_default": f"{_K}.batch_dot({_X3}, tf.ones([2, 4, 5]))",
    "batch_dot_axes": f"{_K}.batch_dot({_X3}, tf.ones([2, 3, 5]), axes=[1, 1])",
    "batch_dot_2d": f"{_K}.batch_dot({_F}, {_F}, axes=1)",
    "batch_dot_2d_default": f"{_K}.batch_dot({_F}, {_F})",
    "batch_dot_2d_3d": f"{_K}.batch_dot({_F}, tf.ones([2, 3, 4]), axes=[1, 1])",
    "batch_dot_3d_2d": f"{_K}.batch_dot({_X3}, tf.ones([2, 4]), axes=[2, 1])",
    "batch_dot_4d": f"{_K}.batch_dot(tf.ones([2, 3, 4, 5]), tf.ones([2, 5, 6]), axes=[3, 1])",
    "batch_dot_neg_axes": f"{_K}.batch_dot({_X3}, tf.ones([2, 4, 3]), axes=(-1, -2))",
    "batch_dot_axis0_error": f"{_K}.batch_dot({_X3}, {_X3}, axes=0)",
    "batch_dot_rank_error": f"{_K}.batch_dot(tf.ones([3]), tf.ones([3]))",
    "batch_dot_mismatch": f"{_K}.batch_dot({_X3}, tf.ones([2, 5, 3]))",
    "batch_dot_batch_mismatch": f"{_K}.batch_dot({_X3}, tf.ones([3, 4, 3]))",
    # --- tensors and variables ---
    "constant_default_floatx": f"{_K}.constant([1, 2])",
    "constant_dtype": f"{_K}.constant([1, 2], dtype='int32')",
    "constant_shape": f"{_K}.constant(3, shape=(2, 2))",
    "variable_default": "v = tf.keras.backend.variable([1, 2])\n"
                        "result = [v.dtype.name, v.numpy(), isinstance(v, tf.Variable)]",
    "variable_dtype": f"{_K}.variable(np.array([1.5, 2.5]), dtype='float64')",
    "zeros_variable": "z = tf.keras.backend.zeros((2, 3))\n"
                      "result = [isinstance(z, tf.Variable), z]",
    "zeros_empty_is_tensor": "z = tf.keras.backend.zeros((2, 0))\n"
                             "result = [isinstance(z, tf.Variable), z]",
    "ones_int": f"{_K}.ones((2,), dtype='int32')",
    "eye": f"{_K}.eye(3)",
    "eye_rect": f"{_K}.eye((2, 3), dtype='int32')",
    "zeros_like_ones_like": f"[{_K}.zeros_like({_I}), {_K}.ones_like({_F}, dtype='int32')]",
    "get_value_tensor": f"{_K}.get_value({_F})",
    "get_value_variable": f"{_K}.get_value(tf.Variable([1, 2]))",
    "get_value_python": f"{_K}.get_value(3.5)",
    "eval": f"{_K}.eval({_I})",
    "batch_get_value": f"{_K}.batch_get_value([{_F}, tf.Variable(2)])",
    "set_value": "v = tf.Variable([1.0, 2.0])\ntf.keras.backend.set_value(v, [3, 4])\n"
                 "result = v.read_value()",
    "set_value_int": "v = tf.Variable([1, 2])\n"
                     "tf.keras.backend.set_value(v, np.array([3.7, -4.2]))\n"
                     "result = v.read_value()",
    "set_value_shape_error": "v = tf.Variable([1.0, 2.0])\n"
                             "tf.keras.backend.set_value(v, [1.0, 2.0, 3.0])\nresult = v",
    "batch_set_value": "a = tf.Variable(1.0)\nb = tf.Variable([0, 0])\n"
                       "tf.keras.backend.batch_set_value([(a, 5), (b, [1, 2])])\n"
                       "result = [a.read_value(), b.read_value()]",
    "update_add_sub": "v = tf.Variable([1.0, 2.0])\ntf.keras.backend.update_add(v, [1.0, 1.0])\n"
                      "tf.keras.backend.update_sub(v, [0.5, 0.5])\n"
                      "r = tf.keras.backend.update(v, v * 2)\nresult = [v.read_value(), r]",
    "moving_average_update": "v = tf.Variable([1.0, 2.0])\n"
                             "tf.keras.backend.moving_average_update(v, [3.0, 0.0], 0.9)\n"
                             "result = v.read_value()",
    "gradients_eager": f"{_K}.gradients(tf.constant(1.0), [tf.Variable(1.0)])",
    # --- activations ---
    "relu": f"{_K}.relu({_F})",
    "relu_alpha": f"{_K}.relu({_F}, alpha=0.1)",
    "relu_max6": f"{_K}.relu(tf.constant([-1.0, 3.0, 8.0]), max_value=6)",
    "relu_max": f"{_K}.relu(tf.constant([-1.0, 3.0, 8.0]), max_value=2.5)",
    "relu_threshold": f"{_K}.relu(tf.constant([-1.0, 0.5, 1.5, 3.0]), threshold=1.0)",
    "relu_all": f"{_K}.relu(tf.constant([-2.0, 0.5, 1.5, 3.0]), alpha=0.5, max_value=2.0, "
                "threshold=1.0)",
    "elu": f"{_K}.elu({_F})",
    "elu_alpha": f"{_K}.elu({_F}, alpha=0.5)",
    "softmax": f"{_K}.softmax({_F})",
    "softmax_axis0": f"{_K}.softmax({_F}, axis=0)",
    "softmax_tuple_axis": f"{_K}.softmax({_X3}, axis=(1, 2))",
    "softmax_1d_error": f"{_K}.softmax(tf.constant([1.0, 2.0]))",
    "dropout_shape": f"{_K}.dropout(tf.ones([4, 5]), 0.5).shape",
    "dropout_values": "y = tf.keras.backend.dropout(tf.ones([200, 50]), 0.5, seed=3)\n"
                      "result = sorted(set(np.round(y.numpy().ravel(), 4).tolist()))",
    "bias_add": f"{_K}.bias_add({_X3}, tf.constant([1.0, 2.0, 3.0, 4.0]))",
    "bias_add_channels_first": f"{_K}.bias_add({_X3}, tf.constant([1.0, 2.0, 3.0]), "
                               "data_format='channels_first')",
    "bias_add_nd": f"{_K}.bias_add({_X3}, tf.ones([3, 4]))",
    "bias_add_bad_rank": f"{_K}.bias_add({_X3}, tf.ones([1, 3, 4]))",
    "bias_add_bad_format": f"{_K}.bias_add({_X3}, tf.ones([4]), data_format='nhwc')",
    "batch_normalization": f"{_K}.batch_normalization({_F}, 0.5, 2.0, 0.1, 3.0)",
    # --- losses ---
    "binary_crossentropy": f"{_K}.binary_crossentropy({_Y}, {_P})",
    "binary_crossentropy_extremes": f"{_K}.binary_crossentropy(tf.constant([1.0, 0.0]), "
                                    "tf.constant([0.0, 1.0]))",
    "binary_crossentropy_logits": f"{_K}.binary_crossentropy({_Y}, {_F}, from_logits=True)",
    "binary_focal": f"{_K}.binary_focal_crossentropy({_Y}, {_P})",
    "binary_focal_balanced": f"{_K}.binary_focal_crossentropy({_Y}, {_F}, "
                             "apply_class_balancing=True, from_logits=True)",
    "categorical_crossentropy": f"{_K}.categorical_crossentropy({_Y}, {_P})",
    "categorical_crossentropy_unnormalized": f"{_K}.categorical_crossentropy({_Y}, {_P} * 3.0)",
    "categorical_crossentropy_logits": f"{_K}.categorical_crossentropy({_Y}, {_F}, "
                                       "from_logits=True)",
    "categorical_crossentropy_axis0": f"{_K}.categorical_crossentropy(tf.transpose({_Y}), "
                                      f"tf.transpose({_P}), axis=0)",
    "categorical_crossentropy_shape_error": f"{_K}.categorical_crossentropy({_Y}, "
                                            "tf.ones([2, 4]) / 4.0)",
    "categorical_focal": f"{_K}.categorical_focal_crossentropy({_Y}, {_P})",
    "sparse_cce": f"{_K}.sparse_categorical_crossentropy(tf.constant([2, 1]), {_P})",
    "sparse_cce_logits": f"{_K}.sparse_categorical_crossentropy(tf.constant([0, 2]), {_F}, "
                         "from_logits=True)",
    "sparse_cce_column_target": f"{_K}.sparse_categorical_crossentropy("
                                f"tf.constant([[2], [1]]), {_P})",
    "sparse_cce_3d_bad_target": f"{_K}.sparse_categorical_crossentropy("
                                "tf.constant([[1, 3], [0, 2]]), "
                                f"tf.nn.softmax({_X3}), axis=-1)",
    "sparse_cce_3d": f"{_K}.sparse_categorical_crossentropy("
                     "tf.constant([[1, 3, 0], [0, 2, 1]]), "
                     f"tf.nn.softmax({_X3}), axis=-1)",
    "sparse_cce_3d_column": f"{_K}.sparse_categorical_crossentropy("
                            "tf.constant([[[1], [3], [0]], [[0], [2], [1]]]), "
                            f"tf.nn.softmax({_X3}))",
    "sparse_cce_axis1": f"{_K}.sparse_categorical_crossentropy(tf.constant([[1, 2, 0, 1], "
                        f"[0, 0, 2, 1]]), tf.nn.softmax({_X3}, axis=1), axis=1)",
    "sparse_cce_ignore": f"{_K}.sparse_categorical_crossentropy(tf.constant([2, -1]), {_P}, "
                         "ignore_class=-1)",
    "sparse_cce_float_target": f"{_K}.sparse_categorical_crossentropy(tf.constant([2.0, 1.0]),"
                               f" {_P})",
    # --- convolution and pooling ---
    "conv1d": f"{_K}.conv1d({_X3}, tf.reshape(tf.range(16, dtype=tf.float32), [2, 4, 2]) "
              "/ 10.0)",
    "conv1d_same_stride": f"{_K}.conv1d({_X3}, tf.ones([2, 4, 2]), strides=2, padding='same')",
    "conv1d_causal": f"{_K}.conv1d({_X3}, tf.ones([2, 4, 2]), padding='causal')",
    "conv1d_dilated": f"{_K}.conv1d(tf.ones([1, 6, 2]), tf.ones([2, 2, 1]), "
                      "dilation_rate=2)",
    "conv2d": f"{_K}.conv2d(tf.reshape(tf.range(32, dtype=tf.float32), [1, 4, 4, 2]), "
              "tf.ones([2, 2, 2, 3]))",
    "conv2d_same": f"{_K}.conv2d(tf.ones([2, 5, 5, 1]), tf.ones([3, 3, 1, 2]), "
                   "strides=(2, 2), padding='same')",
    "conv2d_bad_padding": f"{_K}.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), "
                          "padding='full')",
    "conv2d_bad_format": f"{_K}.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), "
                         "data_format='NHWC')",
    "conv3d": f"{_K}.conv3d(tf.ones([1, 3, 4, 4, 2]), tf.ones([2, 2, 2, 2, 3]))",
    "conv2d_transpose": f"{_K}.conv2d_transpose(tf.ones([1, 2, 2, 3]), tf.ones([2, 2, 4, 3]), "
                        "(1, 4, 4, 4), strides=(2, 2))",
    "conv2d_transpose_same": f"{_K}.conv2d_transpose(tf.ones([2, 3, 3, 1]), "
                             "tf.ones([3, 3, 2, 1]), (2, 6, 6, 2), strides=(2, 2), "
                             "padding='same')",
    "depthwise_conv2d": f"{_K}.depthwise_conv2d(tf.ones([1, 4, 4, 2]), tf.ones([2, 2, 2, 3]))",
    "separable_conv2d": f"{_K}.separable_conv2d(tf.ones([1, 4, 4, 2]), tf.ones([2, 2, 2, 1]), "
                        "tf.ones([1, 1, 2, 5]), padding='same')",
    "pool2d_max": f"{_K}.pool2d(tf.reshape(tf.range(32, dtype=tf.float32), [1, 4, 4, 2]), "
                  "(2, 2), strides=(2, 2))",
    "pool2d_avg_same": f"{_K}.pool2d(tf.reshape(tf.range(25, dtype=tf.float32), "
                       "[1, 5, 5, 1]), (2, 2), strides=(2, 2), padding='same', "
                       "pool_mode='avg')",
    "pool2d_bad_mode": f"{_K}.pool2d(tf.ones([1, 4, 4, 1]), (2, 2), pool_mode='sum')",
    "pool2d_bad_size": f"{_K}.pool2d(tf.ones([1, 4, 4, 1]), (2, 2, 2))",
    "pool3d_avg": f"{_K}.pool3d(tf.reshape(tf.range(64, dtype=tf.float32), [1, 4, 4, 4, 1]), "
                  "(2, 2, 2), strides=(2, 2, 2), pool_mode='avg')",
    # --- padding and resizing ---
    "temporal_padding": f"{_K}.temporal_padding({_X3})",
    "temporal_padding_custom": f"{_K}.temporal_padding({_X3}, (0, 2))",
    "temporal_padding_error": f"{_K}.temporal_padding({_X3}, (1, 2, 3))",
    "spatial_2d_padding": f"{_K}.spatial_2d_padding(tf.ones([1, 2, 2, 1]))",
    "spatial_2d_padding_first": f"{_K}.spatial_2d_padding(tf.ones([1, 1, 2, 2]), "
                                "((0, 1), (2, 0)), data_format='channels_first')",
    "spatial_2d_padding_error": f"{_K}.spatial_2d_padding(tf.ones([1, 2, 2, 1]), (1, 1))",
    "spatial_3d_padding": f"{_K}.spatial_3d_padding(tf.ones([1, 1, 1, 1, 1])).shape",
    "resize_images": f"{_K}.resize_images(tf.reshape(tf.range(8, dtype=tf.float32), "
                     "[1, 2, 2, 2]), 2, 3, 'channels_last')",
    "resize_images_first": f"{_K}.resize_images(tf.reshape(tf.range(8, dtype=tf.float32), "
                           "[1, 2, 2, 2]), 2, 1, 'channels_first')",
    "resize_images_bilinear": f"{_K}.resize_images(tf.reshape(tf.range(4, dtype=tf.float32), "
                              "[1, 2, 2, 1]), 2, 2, 'channels_last', interpolation='bilinear')",
    "resize_images_bad": f"{_K}.resize_images(tf.ones([1, 2, 2, 1]), 2, 2, 'channels_last', "
                         "interpolation='cubic')",
    "resize_images_bad_format": f"{_K}.resize_images(tf.ones([1, 2, 2, 1]), 2, 2, 'nhwc')",
    "resize_volumes": f"{_K}.resize_volumes(tf.reshape(tf.range(8, dtype=tf.float32), "
                      "[1, 2, 2, 2, 1]), 2, 1, 2, 'channels_last')",
    # --- random ---
    "random_uniform": f"{_K}.random_uniform((3, 4)).shape",
    "random_uniform_dtype": f"{_K}.random_uniform((2,), dtype='float64').dtype.name",
    "random_uniform_range": "x = tf.keras.backend.random_uniform((1000,), 2.0, 3.0, seed=1)\n"
                            "result = [bool(x.numpy().min() >= 2.0), bool(x.numpy().max() < 3.0)]",
    "random_normal": f"{_K}.random_normal((3, 4), mean=1.0, stddev=2.0).dtype.name",
    "random_normal_stats": "x = tf.keras.backend.random_normal((20000,), 5.0, 2.0, seed=1)"
                           ".numpy()\nresult = [abs(x.mean() - 5.0) < 0.1, "
                           "abs(x.std() - 2.0) < 0.1]",
    "truncated_normal_bounds": "x = tf.keras.backend.truncated_normal((5000,), seed=2).numpy()\n"
                               "result = [bool(np.abs(x).max() <= 2.0), x.shape]",
    "random_bernoulli_values": "x = tf.keras.backend.random_bernoulli((2000,), p=0.3, seed=4)\n"
                               "result = [x.dtype.name, sorted(set(x.numpy().tolist())), "
                               "bool(abs(x.numpy().mean() - 0.3) < 0.05)]",
    "random_bernoulli_default_p": f"{_K}.random_bernoulli((3,))",
    "random_normal_variable": "v = tf.keras.backend.random_normal_variable((2, 3), 0.0, 1.0)\n"
                              "result = [isinstance(v, tf.Variable), v.shape, v.dtype.name]",
    "random_uniform_variable": "v = tf.keras.backend.random_uniform_variable((4,), 1.0, 2.0, "
                               "dtype='float64', seed=3)\nresult = [isinstance(v, tf.Variable), "
                               "v.dtype.name, bool(v.numpy().min() >= 1.0)]",
    # --- CTC ---
    "ctc_batch_cost": f"{_K}.ctc_batch_cost(tf.constant([[1, 2], [1, 0]]), "
                      "tf.nn.softmax(tf.reshape(tf.range(40, dtype=tf.float32) % 7 / 3.0, "
                      "[2, 5, 4])), tf.constant([[5], [4]]), tf.constant([[2], [1]]))",
    "ctc_batch_cost_repeat": f"{_K}.ctc_batch_cost(tf.constant([[1, 1, 0]]), "
                             "tf.nn.softmax(tf.reshape(tf.range(18, dtype=tf.float32) % 5 "
                             "/ 2.0, [1, 6, 3])), tf.constant([[6]]), tf.constant([[2]]))",
    "ctc_decode_greedy": f"{_K}.ctc_decode(tf.constant([[[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], "
                         "[0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0.2, 0.1, 0.7]], "
                         "[[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.1, 0.8, 0.1], "
                         "[0.8, 0.1, 0.1], [0.8, 0.1, 0.1]]]), tf.constant([5, 3]))",
    "ctc_label_dense_to_sparse": "s = tf.keras.backend.ctc_label_dense_to_sparse("
                                 "tf.constant([[1, 2, 3], [4, 5, 0]]), tf.constant([2, 3]))\n"
                                 "result = [s.indices, s.values, s.dense_shape]",
}

_F64 = "tf.constant([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]], tf.float64)"
_Y64 = "tf.constant([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], tf.float64)"
SNIPPETS.update({
    "int_shape_list": f"{_K}.int_shape([1, 2])",
    "ndim_variable": f"{_K}.ndim(tf.Variable(tf.zeros([2, 3])))",
    "binary_crossentropy_float64": f"{_K}.binary_crossentropy({_Y64}, {_F64})",
    "categorical_crossentropy_float64": f"{_K}.categorical_crossentropy({_Y64}, {_F64})",
    "sparse_cce_float64": f"{_K}.sparse_categorical_crossentropy(tf.constant([2, 1], "
                          f"tf.int64), {_F64})",
    "binary_crossentropy_dtype_error": f"{_K}.binary_crossentropy({_Y64}, {_P})",
    "mean_float16": f"{_K}.mean(tf.constant([1.0, 2.5, 4.0], tf.float16))",
    "mean_keepdims": f"{_K}.mean({_X3}, axis=-1, keepdims=True)",
    "clip_tensor_bounds": f"{_K}.clip({_F}, tf.constant(0.0), tf.constant(1.0))",
    "concatenate_neg2": f"{_K}.concatenate([{_X3}, {_X3}], axis=-2)",
    "arange_int64": f"{_K}.arange(2, 6, dtype='int64')",
    "gather_2d_indices": f"{_K}.gather({_F}, tf.constant([[0, 1], [1, 1]]))",
    "dropout_noise_shape": "y = tf.keras.backend.dropout(tf.ones([6, 5]), 0.5, noise_shape=[6, 1],"
                           " seed=1).numpy()\nresult = bool((y == y[:, :1]).all())",
    "dropout_scale": "y = tf.keras.backend.dropout(tf.ones([100, 10]), 0.2, seed=1).numpy()\n"
                     "result = float(y.max())",
    "flatten_scalar": f"{_K}.flatten(tf.constant(3.0))",
    "squeeze_negative": f"{_K}.squeeze(tf.zeros([2, 3, 1]), -1)",
    "sum_bool": f"{_K}.sum({_B})",
    "max_bool": f"{_K}.max({_B}, axis=1)",
    "dot_int": f"{_K}.dot({_I}, tf.transpose({_I}))",
    "dot_dtype_error": f"{_K}.dot({_I}, tf.transpose({_F}))",
    "bias_add_channels_first_4d": f"{_K}.bias_add(tf.ones([1, 3, 2, 2]), "
                                  "tf.constant([1.0, 2.0, 3.0]), data_format='channels_first')",
    "bias_add_channels_first_nd": f"{_K}.bias_add(tf.ones([1, 3, 2, 2]), "
                                  "tf.reshape(tf.range(12, dtype=tf.float32), [2, 2, 3]), "
                                  "data_format='channels_first')",
    "repeat_elements_neg_axis": f"{_K}.repeat_elements({_F}, 2, axis=-1)",
    "reverse_negative": f"{_K}.reverse({_X3}, -1)",
    "map_fn_dtype": f"{_K}.map_fn(lambda r: tf.cast(tf.reduce_sum(r), tf.int32), {_F}, "
                    "dtype=tf.int32)",
    "eval_variable": f"{_K}.eval(tf.Variable([[1.0, 2.0]]))",
    "constant_from_int_tensor": f"{_K}.constant(tf.constant([1, 2]))",
    "variable_from_int_tensor": f"{_K}.variable(tf.constant([1, 2]))",
    "variable_from_float64_array": "v = tf.keras.backend.variable(np.array([1.0, 2.0]))\n"
                                   "result = v.dtype.name",
    "is_sparse": f"[{_K}.is_sparse({_F}), {_K}.is_sparse(tf.sparse.from_dense({_F}))]",
    "to_dense": f"{_K}.to_dense(tf.sparse.from_dense({_F}))",
    "in_top_k_1": f"{_K}.in_top_k({_P}, tf.constant([2, 0]), 1)",
    "softmax_3d": f"{_K}.softmax({_X3}, axis=1)",
    "relu_int": f"{_K}.relu({_I})",
    "relu_int_max": f"{_K}.relu({_I}, max_value=2)",
    "hard_sigmoid_float64": f"{_K}.hard_sigmoid({_F64} * 5.0)",
    "elu_float64": f"{_K}.elu({_F64} - 0.4, alpha=2.0)",
    "sqrt_int": f"{_K}.sqrt({_I})",
    "std_int": f"{_K}.std({_I})",
    "var_float64": f"{_K}.var({_F64}, axis=1)",
    "batch_flatten_2d": f"{_K}.batch_flatten({_F})",
    "expand_dims_negative": f"{_K}.expand_dims({_F}, -2)",
    "l2_normalize_float64": f"{_K}.l2_normalize({_F64}, axis=-1)",
    "one_hot_int64": f"{_K}.one_hot(tf.constant([1, 0], tf.int64), 2)",
    "categorical_focal_logits": f"{_K}.categorical_focal_crossentropy({_Y}, {_F}, "
                                "from_logits=True, alpha=0.5, gamma=1.0)",
    "binary_focal_gamma": f"{_K}.binary_focal_crossentropy({_Y}, {_P}, gamma=0.5)",
    "cumsum_neg_axis": f"{_K}.cumsum({_X3}, axis=-1)",
    "argmax_int_ties": f"{_K}.argmax(tf.constant([[3, 3, 1], [0, 2, 2]]))",
    "prod_float_keepdims": f"{_K}.prod({_F}, axis=1, keepdims=True)",
    "pool2d_strides_default": f"{_K}.pool2d(tf.reshape(tf.range(9, dtype=tf.float32), "
                              "[1, 3, 3, 1]), (2, 2))",
})

_IMG = "tf.reshape(tf.range(32, dtype=tf.float32) % 7 - 3.0, [1, 2, 4, 4])"
SNIPPETS.update({
    "conv2d_channels_first": f"{_K}.conv2d({_IMG}, tf.reshape(tf.range(24, dtype=tf.float32) "
                             "% 5 - 2.0, [2, 2, 2, 3]), data_format='channels_first')",
    "conv1d_channels_first": f"{_K}.conv1d(tf.reshape(tf.range(10, dtype=tf.float32), "
                             "[1, 2, 5]), tf.reshape(tf.range(12, dtype=tf.float32) % 4, "
                             "[2, 2, 3]), data_format='channels_first')",
    "conv1d_causal_channels_first": f"{_K}.conv1d(tf.ones([1, 2, 5]), tf.ones([2, 2, 3]), "
                                    "padding='causal', data_format='channels_first')",
    "pool2d_channels_first": f"{_K}.pool2d({_IMG}, (2, 2), data_format='channels_first')",
    "pool2d_avg_channels_first": f"{_K}.pool2d({_IMG}, (3, 2), strides=(1, 2), "
                                 "pool_mode='avg', padding='same', "
                                 "data_format='channels_first')",
    "depthwise_channels_first": f"{_K}.depthwise_conv2d({_IMG}, "
                                "tf.reshape(tf.range(8, dtype=tf.float32) - 4.0, [2, 2, 2, 1]), "
                                "data_format='channels_first')",
    "conv2d_transpose_channels_first": f"{_K}.conv2d_transpose({_IMG}, "
                                       "tf.reshape(tf.range(24, dtype=tf.float32) % 3, "
                                       "[2, 2, 3, 2]), (1, 3, 5, 5), "
                                       "data_format='channels_first')",
    "conv2d_transpose_dilated": f"{_K}.conv2d_transpose(tf.reshape(tf.range(32, "
                                "dtype=tf.float32), [1, 4, 4, 2]), tf.ones([2, 2, 3, 2]), "
                                "(1, 6, 6, 3), dilation_rate=(2, 2))",
    "conv2d_dilated_same": f"{_K}.conv2d(tf.reshape(tf.range(50, dtype=tf.float32) % 9, "
                           "[1, 5, 5, 2]), tf.ones([2, 2, 2, 1]), padding='same', "
                           "dilation_rate=(2, 2))",
    "pool3d_channels_first": f"{_K}.pool3d(tf.reshape(tf.range(128, dtype=tf.float32) % 11, "
                             "[1, 2, 4, 4, 4]), (2, 2, 2), data_format='channels_first')",
    "separable_channels_first": f"{_K}.separable_conv2d({_IMG}, tf.ones([2, 2, 2, 2]), "
                                "tf.reshape(tf.range(12, dtype=tf.float32), [1, 1, 4, 3]), "
                                "data_format='channels_first')",
    "spatial_3d_padding_first": f"{_K}.spatial_3d_padding(tf.ones([1, 1, 1, 2, 1]), "
                                "((1, 0), (0, 1), (0, 0)), data_format='channels_first')",
    "resize_volumes_first": f"{_K}.resize_volumes(tf.reshape(tf.range(8, dtype=tf.float32), "
                            "[1, 1, 2, 2, 2]), 1, 2, 1, 'channels_first')",
})

_CTC_P = ("tf.nn.softmax(tf.reshape(tf.sin(tf.range(84, dtype=tf.float32) * 1.7) * 3.0, "
          "[2, 7, 6]))")
SNIPPETS.update({
    "ctc_decode_beam": f"{_K}.ctc_decode({_CTC_P}, tf.constant([7, 5]), greedy=False)",
    "ctc_decode_beam_top3": f"{_K}.ctc_decode({_CTC_P}, tf.constant([7, 4]), greedy=False, "
                            "beam_width=3, top_paths=3)",
    "ctc_decode_beam_narrow": f"{_K}.ctc_decode({_CTC_P}, tf.constant([6, 7]), greedy=False, "
                              "beam_width=1)",
    "ctc_decode_beam_too_many_paths": f"{_K}.ctc_decode({_CTC_P}, tf.constant([7, 5]), "
                                      "greedy=False, beam_width=2, top_paths=3)",
    "ctc_decode_beam_empty_sequence": f"{_K}.ctc_decode({_CTC_P}, tf.constant([0, 5]), "
                                      "greedy=False, top_paths=2)",
    "ctc_decode_greedy_sin": f"{_K}.ctc_decode({_CTC_P}, tf.constant([7, 5]))",
})

# --- rnn ---------------------------------------------------------------------------------------
_STEP = ("def step(x, states):\n"
         "    h = tf.tanh(tf.matmul(x, w) + tf.matmul(states[0], u))\n"
         "    return h, [h]\n"
         "w = tf.reshape(tf.range(12, dtype=tf.float32), [4, 3]) / 20.0\n"
         "u = tf.reshape(tf.range(9, dtype=tf.float32), [3, 3]) / 30.0 - 0.1\n"
         f"x = {_X3}\n"
         "h0 = tf.zeros([2, 3])\n")
for _name, _kwargs in [("plain", ""), ("unroll", ", unroll=True"),
                       ("backwards", ", go_backwards=True"),
                       ("backwards_unroll", ", go_backwards=True, unroll=True"),
                       ("last_only", ", return_all_outputs=False"),
                       ("mask", ", mask=tf.constant([[1, 1, 0], [1, 0, 1]])"),
                       ("mask_unroll", ", mask=tf.constant([[1, 1, 0], [1, 0, 1]]), unroll=True"),
                       ("mask_zero", (", mask=tf.constant([[1, 1, 0], [0, 1, 0]]), "
                                      "zero_output_for_mask=True")),
                       ("mask_zero_unroll", (", mask=tf.constant([[1, 1, 0], [0, 1, 0]]), "
                                             "zero_output_for_mask=True, unroll=True")),
                       ("mask_backwards", (", mask=tf.constant([[True, True, False], "
                                           "[True, False, True]]), go_backwards=True"))]:
    SNIPPETS[f"rnn_{_name}"] = (_STEP + "last, outs, states = tf.keras.backend.rnn(step, x, [h0]"
                                + _kwargs + ")\nresult = [last, outs, list(states)]")
SNIPPETS["rnn_time_major"] = (_STEP + "last, outs, states = tf.keras.backend.rnn(step, "
                              "tf.transpose(x, [1, 0, 2]), [h0], time_major=True)\n"
                              "result = [last, outs, list(states)]")
SNIPPETS["rnn_constants"] = (
    "def step(x, states):\n    h = states[0] + tf.reduce_sum(x, -1, keepdims=True) * states[1]\n"
    "    return h, [h]\n"
    f"last, outs, states = tf.keras.backend.rnn(step, {_X3}, [tf.zeros([2, 1])], "
    "constants=[tf.constant(2.0)])\nresult = [last, outs, list(states)]")
SNIPPETS["rnn_rank_error"] = ("tf.keras.backend.rnn(lambda x, s: (x, s), tf.ones([2, 3]), "
                              "[tf.zeros([2])])")
_LSTM = ("def step(x, states):\n"
         "    h, c = states\n"
         "    c = c * 0.5 + tf.tanh(tf.matmul(x, w))\n"
         "    h = tf.sigmoid(c) + 0.1 * h\n"
         "    return h * 2.0, [h, c]\n"
         "w = tf.reshape(tf.range(12, dtype=tf.float32), [4, 3]) / 20.0 - 0.2\n"
         f"x = {_X3}\n"
         "s0 = [tf.zeros([2, 3]), tf.ones([2, 3])]\n")
for _name, _kwargs in [("two_states", ""), ("two_states_unroll", ", unroll=True"),
                       ("two_states_mask", ", mask=tf.constant([[0, 1, 1], [1, 0, 0]])"),
                       ("two_states_mask_unroll_back", (", mask=tf.constant([[0, 1, 1], "
                                                        "[1, 0, 0]]), unroll=True, "
                                                        "go_backwards=True")),
                       ("two_states_last_unroll", ", unroll=True, return_all_outputs=False")]:
    SNIPPETS[f"rnn_{_name}"] = (_LSTM + "last, outs, states = tf.keras.backend.rnn(step, x, s0"
                                + _kwargs + ")\nresult = [last, outs, list(states)]")
