"""TF2 reference snippets: convolutions, transposed/depthwise/separable convolutions, pooling.

Float32 inputs hold small integers (so every sum is exact and TF's oneDNN kernels and
fluxion's BLAS give identical values); float64 inputs are random.
"""


def _ints(shape, mod=7, shift=3, dtype="float32"):
    """Code for a tensor of small integers with the given shape."""
    size = 1
    for d in shape:
        size *= d
    return (f"tf.constant((np.arange({size}) * 5 % {mod} - {shift}).reshape({list(shape)}), "
            f"tf.{dtype})")


def _rand(shape, seed=0):
    return f"tf.constant(np.random.default_rng({seed}).standard_normal({list(shape)}))"


X = _ints((2, 5, 6, 3))
W = _ints((3, 3, 3, 4), mod=5, shift=2)
X1 = _ints((2, 9, 3))
W1 = _ints((3, 3, 2), mod=5, shift=2)
X3 = _ints((1, 4, 5, 4, 2))
W3 = _ints((2, 2, 3, 2, 3), mod=5, shift=2)
P = _ints((1, 5, 6, 2), mod=11, shift=5)


def _grad(setup: str, expr: str, wrt: str) -> str:
    return (f"{setup}\nwith tf.GradientTape(persistent=True) as tape:\n    tape.watch([{wrt}])\n"
            f"    y = {expr}\n    loss = tf.reduce_sum(y * y)\nresult = tape.gradient(loss, "
            f"[{wrt}])\n")


SNIPPETS = {
    # --- conv2d -----------------------------------------------------------------------------
    "conv2d_valid": f"tf.nn.conv2d({X}, {W}, 1, 'VALID')",
    "conv2d_same": f"tf.nn.conv2d({X}, {W}, 1, 'SAME')",
    "conv2d_same_stride2": f"tf.nn.conv2d({X}, {W}, 2, 'SAME')",
    "conv2d_valid_stride2": f"tf.nn.conv2d({X}, {W}, 2, 'VALID')",
    "conv2d_strides_list2": f"tf.nn.conv2d({X}, {W}, [1, 2], 'SAME')",
    "conv2d_strides_list4": f"tf.nn.conv2d({X}, {W}, [1, 2, 3, 1], 'SAME')",
    "conv2d_strides_list1": f"tf.nn.conv2d({X}, {W}, [2], 'VALID')",
    "conv2d_dilated_same": f"tf.nn.conv2d({X}, {W}, 1, 'SAME', dilations=2)",
    "conv2d_dilated_valid": f"tf.nn.conv2d({X}, {W}, 1, 'VALID', dilations=[2, 1])",
    "conv2d_dilated_strided": f"tf.nn.conv2d({X}, {W}, 2, 'SAME', dilations=2)",
    "conv2d_explicit": f"tf.nn.conv2d({X}, {W}, 1, [[0, 0], [1, 2], [0, 1], [0, 0]])",
    "conv2d_explicit_strided": f"tf.nn.conv2d({X}, {W}, 2, [[0, 0], [2, 0], [1, 1], [0, 0]])",
    "conv2d_odd_sizes": f"tf.nn.conv2d({_ints((1, 7, 4, 2))}, {_ints((2, 3, 2, 1))}, 3, 'SAME')",
    "conv2d_1x1": f"tf.nn.conv2d({X}, {_ints((1, 1, 3, 5))}, 1, 'VALID')",
    "conv2d_kernel_equals_input": f"tf.nn.conv2d({X}, {_ints((5, 6, 3, 2))}, 1, 'VALID')",
    "conv2d_nchw": f"tf.nn.conv2d({_ints((2, 3, 5, 6))}, {W}, 1, 'SAME', data_format='NCHW')",
    "conv2d_nchw_strided": f"tf.nn.conv2d({_ints((1, 3, 6, 5))}, {W}, [1, 1, 2, 2], 'VALID', "
                           "data_format='NCHW')",
    "conv2d_float64": f"tf.nn.conv2d({_rand((2, 4, 5, 3))}, {_rand((2, 3, 3, 2), 1)}, 1, "
                      "'SAME')",
    "conv2d_float16": f"tf.nn.conv2d({_ints((1, 4, 4, 2), dtype='float16')}, "
                      f"{_ints((2, 2, 2, 3), dtype='float16')}, 1, 'SAME')",
    "conv2d_int32": f"tf.nn.conv2d({_ints((1, 4, 4, 2), dtype='int32')}, "
                    f"{_ints((2, 2, 2, 3), dtype='int32')}, 1, 'VALID')",
    "conv2d_grouped": f"tf.nn.conv2d({_ints((1, 5, 5, 4))}, {_ints((3, 3, 2, 6))}, 1, 'SAME')",
    "conv2d_batch_dims": f"tf.nn.conv2d({_ints((2, 1, 5, 6, 3))}, {W}, 1, 'SAME')",
    "conv2d_strides_tensor": f"tf.nn.conv2d({X}, {W}, tf.constant([1, 2, 2, 1]), 'SAME')",
    "conv2d_shape": "tf.nn.conv2d(tf.zeros([3, 32, 32, 3]), tf.zeros([5, 5, 3, 8]), 2, "
                    "'SAME').shape",
    "conv2d_err_channels": f"tf.nn.conv2d({X}, {_ints((3, 3, 2, 4))}, 1, 'SAME')",
    "conv2d_err_dtype": f"tf.nn.conv2d({X}, tf.cast({W}, tf.float64), 1, 'SAME')",
    "conv2d_err_int64": "tf.nn.conv2d(tf.ones([1, 2, 2, 1], tf.int64), "
                        "tf.ones([1, 1, 1, 1], tf.int64), 1, 'VALID')",
    "conv2d_err_filter_rank": f"tf.nn.conv2d({X}, tf.ones([3, 3, 3]), 1, 'SAME')",
    "conv2d_err_padding_lower": f"tf.nn.conv2d({X}, {W}, 1, 'same')",
    "conv2d_err_padding_word": f"tf.nn.conv2d({X}, {W}, 1, 'FULL')",
    "conv2d_err_padding_explicit_word": f"tf.nn.conv2d({X}, {W}, 1, 'EXPLICIT')",
    "conv2d_err_padding_list_size": f"tf.nn.conv2d({X}, {W}, 1, [[1, 1], [1, 1]])",
    "conv2d_err_strides_len3": f"tf.nn.conv2d({X}, {W}, [1, 2, 2], 'SAME')",
    "conv2d_err_strides_batch": f"tf.nn.conv2d({X}, {W}, [2, 1, 1, 1], 'SAME')",
    "conv2d_err_stride_zero": f"tf.nn.conv2d({X}, {W}, 0, 'SAME')",
    "conv2d_err_dilation_zero": f"tf.nn.conv2d({X}, {W}, 1, 'SAME', dilations=0)",
    "conv2d_err_too_small": f"tf.nn.conv2d({X}, tf.ones([7, 3, 3, 4]), 1, 'VALID')",
    "conv2d_err_data_format": f"tf.nn.conv2d({X}, {W}, 1, 'SAME', data_format='NWHC')",
    "conv2d_err_dilation_depth": f"tf.nn.conv2d({X}, {W}, 1, 'SAME', dilations=[1, 1, 1, 2])",
    "conv2d_err_groups_out": f"tf.nn.conv2d({_ints((1, 5, 5, 4))}, {_ints((3, 3, 2, 5))}, 1, "
                             "'SAME')",
    "conv2d_err_padding_pair": f"tf.nn.conv2d({X}, {W}, 1, [[0, 0], [1, 1, 1], [1, 1], [0, 0]])",
    # --- conv1d / conv3d / convolution ----------------------------------------------------------
    "conv1d_same": f"tf.nn.conv1d({X1}, {W1}, 1, 'SAME')",
    "conv1d_stride2_valid": f"tf.nn.conv1d({X1}, {W1}, 2, 'VALID')",
    "conv1d_stride_list3": f"tf.nn.conv1d({X1}, {W1}, [1, 2, 1], 'SAME')",
    "conv1d_dilated": f"tf.nn.conv1d({X1}, {W1}, 1, 'SAME', dilations=2)",
    "conv1d_ncw": f"tf.nn.conv1d({_ints((2, 3, 9))}, {W1}, 2, 'SAME', data_format='NCW')",
    "conv1d_err_stride_len2": f"tf.nn.conv1d({X1}, {W1}, [1, 2], 'SAME')",
    "conv1d_err_explicit": f"tf.nn.conv1d({X1}, {W1}, 1, [[0, 0], [1, 1], [0, 0]])",
    "conv1d_err_data_format": f"tf.nn.conv1d({X1}, {W1}, 1, 'SAME', data_format='NHWC2')",
    "conv1d_err_filter_rank": f"tf.nn.conv1d({X1}, tf.ones([3, 3]), 1, 'SAME')",
    "conv3d_same": f"tf.nn.conv3d({X3}, {W3}, [1, 1, 1, 1, 1], 'SAME')",
    "conv3d_valid_strided": f"tf.nn.conv3d({X3}, {W3}, [1, 2, 1, 2, 1], 'VALID')",
    "conv3d_dilated": f"tf.nn.conv3d({X3}, {W3}, [1, 1, 1, 1, 1], 'SAME', "
                      "dilations=[1, 2, 1, 1, 1])",
    "conv3d_ncdhw": f"tf.nn.conv3d({_ints((1, 2, 4, 5, 4))}, {W3}, [1, 1, 1, 2, 1], 'SAME', "
                    "data_format='NCDHW')",
    "conv3d_float64": f"tf.nn.conv3d({_rand((1, 3, 3, 3, 2))}, {_rand((2, 2, 2, 2, 2), 3)}, "
                      "[1, 1, 1, 1, 1], 'SAME')",
    "conv3d_err_int_strides": f"tf.nn.conv3d({X3}, {W3}, 1, 'SAME')",
    "conv3d_err_explicit": f"tf.nn.conv3d({X3}, {W3}, [1] * 5, [[0, 0]] * 5)",
    "conv3d_err_int32": "tf.nn.conv3d(tf.ones([1, 2, 2, 2, 1], tf.int32), "
                        "tf.ones([1, 1, 1, 1, 1], tf.int32), [1] * 5, 'VALID')",
    "conv3d_err_channels": f"tf.nn.conv3d({X3}, tf.ones([2, 2, 2, 3, 1]), [1] * 5, 'SAME')",
    "convolution_2d_default_valid": f"tf.nn.convolution({X}, {W})",
    "convolution_2d_same_strided": f"tf.nn.convolution({X}, {W}, strides=2, padding='SAME')",
    "convolution_1d": f"tf.nn.convolution({X1}, {W1}, strides=[2], padding='SAME')",
    "convolution_3d": f"tf.nn.convolution({X3}, {W3}, padding='SAME', dilations=[1, 2, 1])",
    "convolution_nchw": f"tf.nn.convolution({_ints((1, 3, 5, 6))}, {W}, padding='SAME', "
                        "data_format='NCHW')",
    "convolution_err_explicit": f"tf.nn.convolution({X}, {W}, padding=[[0, 0], [1, 1], [2, 0], "
                            "[0, 0]])",
    "convolution_err_stride_dilation": f"tf.nn.convolution({X}, {W}, strides=2, "
                                       "padding='SAME', dilations=2)",
    # --- transposed convolutions ----------------------------------------------------------------
    "conv2d_transpose_same": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                             "[1, 6, 6, 3], 2)",
    "conv2d_transpose_same_odd": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                                 "[1, 5, 6, 3], 2, 'SAME')",
    "conv2d_transpose_valid": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                              "[1, 7, 7, 3], 2, 'VALID')",
    "conv2d_transpose_valid_extra": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                                    "[1, 8, 8, 3], 2, 'VALID')",
    "conv2d_transpose_stride1": f"tf.nn.conv2d_transpose({_ints((2, 4, 5, 4))}, {W}, "
                                "[2, 4, 5, 3], 1, 'SAME')",
    "conv2d_transpose_tensor_shape": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                                     "tf.constant([1, 6, 6, 3]), [1, 2, 2, 1])",
    "conv2d_transpose_spatial_shape": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                                      "[6, 6], 2)",
    "conv2d_transpose_explicit": f"tf.nn.conv2d_transpose({_ints((1, 4, 4, 4))}, {W}, "
                                 "[1, 4, 5, 3], 1, [[0, 0], [1, 1], [0, 1], [0, 0]])",
    "conv2d_transpose_dilated": f"tf.nn.conv2d_transpose({_ints((1, 5, 5, 4))}, {W}, "
                                "[1, 5, 5, 3], 1, 'SAME', dilations=2)",
    "conv2d_transpose_nchw": f"tf.nn.conv2d_transpose({_ints((1, 4, 3, 3))}, {W}, "
                             "[1, 3, 6, 5], 2, 'SAME', data_format='NCHW')",
    "conv2d_transpose_err_channels": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                                     "[1, 6, 6, 5], 2)",
    "conv1d_transpose": f"tf.nn.conv1d_transpose({_ints((2, 4, 2))}, {W1}, [2, 8, 3], 2)",
    "conv1d_transpose_valid": f"tf.nn.conv1d_transpose({_ints((2, 4, 2))}, {W1}, [2, 9, 3], "
                              "2, 'VALID')",
    "conv1d_transpose_err_explicit": f"tf.nn.conv1d_transpose({_ints((2, 4, 2))}, {W1}, "
                                     "[2, 9, 3], 2, [[0, 0], [0, 0], [0, 0]])",
    "conv3d_transpose": f"tf.nn.conv3d_transpose({_ints((1, 2, 3, 2, 3))}, {W3}, "
                        "[1, 4, 5, 4, 2], 2)",
    "conv3d_transpose_valid": f"tf.nn.conv3d_transpose({_ints((1, 2, 3, 1, 3))}, {W3}, "
                              "[1, 3, 4, 3, 2], [1, 1, 1, 1, 1], 'VALID')",
    "conv_transpose_1d": f"tf.nn.conv_transpose({_ints((1, 5, 2))}, {W1}, [1, 10, 3], 2)",
    "conv_transpose_2d": f"tf.nn.conv_transpose({_ints((1, 3, 3, 4))}, {W}, [1, 6, 6, 3], 2)",
    "conv_transpose_err_len": f"tf.nn.conv_transpose({_ints((1, 3, 3, 4))}, {W}, [6, 6], 2)",
    "atrous_conv2d": f"tf.nn.atrous_conv2d({X}, {W}, 2, 'SAME')",
    "atrous_conv2d_valid": f"tf.nn.atrous_conv2d({_ints((1, 7, 7, 3))}, {W}, 2, 'VALID')",
    "atrous_conv2d_err_rate": f"tf.nn.atrous_conv2d({X}, {W}, 0, 'SAME')",
    "atrous_conv2d_transpose": f"tf.nn.atrous_conv2d_transpose({_ints((1, 5, 6, 4))}, {W}, "
                               "[1, 5, 6, 3], 2, 'SAME')",
    "atrous_conv2d_transpose_valid": f"tf.nn.atrous_conv2d_transpose({_ints((1, 3, 3, 4))}, "
                                     f"{W}, [1, 7, 7, 3], 2, 'VALID')",
    # --- depthwise / separable ------------------------------------------------------------------
    "depthwise_mult1": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 3, 1))}, [1, 1, 1, 1], "
                       "'SAME')",
    "depthwise_mult2_strided": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 3, 2))}, "
                               "[1, 2, 2, 1], 'SAME')",
    "depthwise_mult3_valid": f"tf.nn.depthwise_conv2d({X}, {_ints((2, 3, 3, 3))}, "
                             "[1, 1, 2, 1], 'VALID')",
    "depthwise_dilated": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 3, 2))}, [1, 1, 1, 1], "
                         "'SAME', dilations=[2, 2])",
    "depthwise_dilated_valid": f"tf.nn.depthwise_conv2d({_ints((1, 7, 7, 2))}, "
                               f"{_ints((2, 2, 2, 1))}, [1, 1, 1, 1], 'VALID', "
                               "dilations=[2, 3])",
    "depthwise_explicit": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 3, 2))}, [1, 1, 1, 1], "
                          "[[0, 0], [1, 1], [2, 0], [0, 0]])",
    "depthwise_nchw": f"tf.nn.depthwise_conv2d({_ints((1, 3, 5, 6))}, {_ints((3, 3, 3, 2))}, "
                      "[1, 1, 1, 1], 'SAME', data_format='NCHW')",
    "depthwise_float64": f"tf.nn.depthwise_conv2d({_rand((1, 4, 4, 2))}, "
                         f"{_rand((2, 2, 2, 2), 2)}, [1, 1, 1, 1], 'VALID')",
    "depthwise_err_int_strides": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 3, 1))}, 1, "
                                 "'SAME')",
    "depthwise_err_channels": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 2, 1))}, "
                              "[1, 1, 1, 1], 'SAME')",
    "depthwise_err_int_dilations": f"tf.nn.depthwise_conv2d({X}, {_ints((3, 3, 3, 1))}, "
                                   "[1, 1, 1, 1], 'SAME', dilations=2)",
    "separable_err_int_dilations": f"tf.nn.separable_conv2d({X}, {_ints((3, 3, 3, 2))}, "
                                   f"{_ints((1, 1, 6, 4))}, [1, 1, 1, 1], 'SAME', dilations=2)",
    "separable_dilated": f"tf.nn.separable_conv2d({X}, {_ints((3, 3, 3, 2))}, "
                         f"{_ints((1, 1, 6, 4))}, [1, 1, 1, 1], 'SAME', dilations=[2, 1])",
    "conv2d_transpose_err_data_format": f"tf.nn.conv2d_transpose({_ints((1, 3, 3, 4))}, {W}, "
                                        "[1, 6, 6, 3], 2, data_format='NWHC')",
    "convolution_err_padding_lower": f"tf.nn.convolution({X}, {W}, padding='same')",
    "pool_err_padding_lower": f"tf.nn.pool({P}, [2, 2], 'MAX', padding='same')",
    "depthwise_err_int32": "tf.nn.depthwise_conv2d(tf.ones([1, 2, 2, 1], tf.int32), "
                           "tf.ones([1, 1, 1, 1], tf.int32), [1, 1, 1, 1], 'VALID')",
    "depthwise_backprop_input": f"tf.nn.depthwise_conv2d_backprop_input([2, 5, 6, 3], "
                                f"{_ints((3, 3, 3, 2))}, {_ints((2, 3, 3, 6))}, [1, 2, 2, 1], "
                                "'SAME')",
    "depthwise_backprop_filter": f"tf.nn.depthwise_conv2d_backprop_filter({X}, [3, 3, 3, 2], "
                                 f"{_ints((2, 3, 3, 6))}, [1, 2, 2, 1], 'SAME')",
    "separable": f"tf.nn.separable_conv2d({X}, {_ints((3, 3, 3, 2))}, {_ints((1, 1, 6, 4))}, "
                 "[1, 1, 1, 1], 'SAME')",
    "separable_strided_valid": f"tf.nn.separable_conv2d({X}, {_ints((2, 2, 3, 1))}, "
                               f"{_ints((1, 1, 3, 2))}, [1, 2, 2, 1], 'VALID')",
    "separable_err_pointwise": f"tf.nn.separable_conv2d({X}, {_ints((3, 3, 3, 2))}, "
                               f"{_ints((2, 1, 6, 4))}, [1, 1, 1, 1], 'SAME')",
    "separable_err_channels": f"tf.nn.separable_conv2d({X}, {_ints((3, 3, 3, 2))}, "
                              f"{_ints((1, 1, 5, 4))}, [1, 1, 1, 1], 'SAME')",
    # --- max pooling ------------------------------------------------------------------------------
    "max_pool2d_valid": f"tf.nn.max_pool2d({P}, 2, 2, 'VALID')",
    "max_pool2d_same": f"tf.nn.max_pool2d({P}, 2, 2, 'SAME')",
    "max_pool2d_3x3_s2_same": f"tf.nn.max_pool2d({P}, 3, 2, 'SAME')",
    "max_pool2d_overlap_valid": f"tf.nn.max_pool2d({P}, 3, 1, 'VALID')",
    "max_pool2d_ksize_list2": f"tf.nn.max_pool2d({P}, [2, 3], [1, 2], 'SAME')",
    "max_pool2d_ksize_list4": f"tf.nn.max_pool2d({P}, [1, 3, 2, 1], [1, 2, 2, 1], 'VALID')",
    "max_pool2d_explicit": f"tf.nn.max_pool2d({P}, 2, 2, [[0, 0], [1, 1], [0, 1], [0, 0]])",
    "max_pool2d_err_explicit_too_big": f"tf.nn.max_pool2d({P}, 2, 2, [[0, 0], [2, 0], [0, 0], "
                                       "[0, 0]])",
    "max_pool2d_window_bigger_same": f"tf.nn.max_pool2d({P}, 7, 1, 'SAME')",
    "max_pool2d_nchw": f"tf.nn.max_pool2d({_ints((1, 2, 5, 6), 11, 5)}, 2, 2, 'SAME', "
                       "data_format='NCHW')",
    "max_pool2d_int32": f"tf.nn.max_pool2d({_ints((1, 4, 5, 2), 11, 5, 'int32')}, 2, 2, "
                        "'SAME')",
    "max_pool2d_uint8": f"tf.nn.max_pool2d({_ints((1, 4, 4, 1), 11, 0, 'uint8')}, 3, 1, "
                        "'SAME')",
    "max_pool2d_float16": f"tf.nn.max_pool2d({_ints((1, 4, 4, 1), 11, 5, 'float16')}, 2, 2, "
                          "'VALID')",
    "max_pool2d_nan_ignored": "tf.nn.max_pool2d(tf.constant([[[[np.nan], [1.0]], [[2.0], "
                              "[3.0]]]]), 2, 2, 'VALID')",
    "max_pool2d_all_minus_inf": "tf.nn.max_pool2d(tf.fill([1, 2, 2, 1], -np.inf), 2, 2, "
                                "'VALID')",
    "max_pool2d_depth": f"tf.nn.max_pool2d({_ints((1, 2, 2, 4), 11, 5)}, [1, 1, 1, 2], "
                        "[1, 1, 1, 2], 'VALID')",
    "max_pool2d_tensor_ksize": f"tf.nn.max_pool2d({P}, tf.constant([1, 2, 2, 1]), "
                               "tf.constant([1, 2, 2, 1]), 'VALID')",
    "max_pool2d_err_ksize_len3": f"tf.nn.max_pool2d({P}, [2, 2, 2], 1, 'VALID')",
    "max_pool2d_err_ksize_zero": f"tf.nn.max_pool2d({P}, 0, 1, 'VALID')",
    "max_pool2d_err_stride_zero": f"tf.nn.max_pool2d({P}, 2, 0, 'VALID')",
    "max_pool2d_err_batch": f"tf.nn.max_pool2d({P}, [2, 1, 1, 1], [2, 1, 1, 1], 'VALID')",
    "max_pool2d_err_depth_and_space": f"tf.nn.max_pool2d({_ints((1, 4, 4, 4))}, [1, 2, 2, 2], "
                                      "[1, 2, 2, 2], 'VALID')",
    "max_pool2d_err_rank3": "tf.nn.max_pool2d(tf.ones([5, 5, 1]), 2, 1, 'VALID')",
    "max_pool2d_err_padding": f"tf.nn.max_pool2d({P}, 2, 1, 'valid')",
    "max_pool2d_zero_output": f"tf.nn.max_pool2d({P}, 6, 1, 'VALID')",
    "max_pool2d_err_data_format": f"tf.nn.max_pool2d({P}, 2, 2, 'VALID', data_format='NCWH')",
    "max_pool1d_same": f"tf.nn.max_pool1d({_ints((2, 7, 2), 11, 5)}, 3, 2, 'SAME')",
    "max_pool1d_int": f"tf.nn.max_pool1d({_ints((1, 5, 2), 11, 5, 'int32')}, 2, 1, 'VALID')",
    "max_pool1d_explicit": f"tf.nn.max_pool1d({_ints((1, 5, 1), 11, 5)}, 2, 2, "
                           "[[0, 0], [1, 1], [0, 0]])",
    "max_pool3d_same": f"tf.nn.max_pool3d({_ints((1, 3, 4, 5, 2), 11, 5)}, 2, 2, 'SAME')",
    "max_pool3d_valid_list": f"tf.nn.max_pool3d({_ints((1, 3, 4, 5, 2), 11, 5)}, [2, 2, 3], "
                             "[1, 2, 1], 'VALID')",
    "max_pool3d_err_float64": "tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1], tf.float64), 2, 1, "
                              "'VALID')",
    "max_pool3d_err_explicit": "tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1]), 2, 1, [[0, 0]] * 5)",
    "max_pool_generic_1d": f"tf.nn.max_pool({_ints((1, 6, 2), 11, 5)}, 2, 2, 'VALID')",
    "max_pool_generic_2d_explicit": f"tf.nn.max_pool({P}, 2, 2, [[0, 0], [1, 0], [1, 1], "
                                    "[0, 0]])",
    "max_pool_generic_3d": f"tf.nn.max_pool({_ints((1, 3, 4, 5, 2), 11, 5)}, 2, 1, 'SAME')",
    "max_pool_generic_err_rank": "tf.nn.max_pool(tf.ones([4, 4]), 2, 1, 'SAME')",
    "max_pool_with_argmax": f"tf.nn.max_pool_with_argmax({P}, 2, 2, 'VALID')",
    "max_pool_with_argmax_batch": f"tf.nn.max_pool_with_argmax({_ints((2, 4, 4, 2), 11, 5)}, "
                                  "2, 2, 'SAME', include_batch_in_index=True)",
    "max_pool_with_argmax_int32": f"tf.nn.max_pool_with_argmax({P}, 3, 2, 'SAME', "
                                  "output_dtype=tf.int32)[1]",
    # --- average pooling --------------------------------------------------------------------------
    "avg_pool2d_valid": f"tf.nn.avg_pool2d({P}, 2, 2, 'VALID')",
    "avg_pool2d_same_counts_real": f"tf.nn.avg_pool2d({P}, 3, 2, 'SAME')",
    "avg_pool2d_same_stride1": f"tf.nn.avg_pool2d({P}, [2, 3], 1, 'SAME')",
    "avg_pool2d_window_bigger_same": f"tf.nn.avg_pool2d({P}, 7, 1, 'SAME')",
    "avg_pool2d_nchw": f"tf.nn.avg_pool2d({_ints((1, 2, 5, 6), 11, 5)}, 2, 2, 'SAME', "
                       "data_format='NCHW')",
    "avg_pool2d_float64": f"tf.nn.avg_pool2d({_rand((1, 5, 5, 2))}, 3, 2, 'SAME')",
    "avg_pool2d_float16": f"tf.nn.avg_pool2d({_ints((1, 4, 4, 1), 11, 5, 'float16')}, 2, 2, "
                          "'SAME')",
    "avg_pool2d_err_int": f"tf.nn.avg_pool2d({_ints((1, 4, 4, 1), 11, 5, 'int32')}, 2, 2, "
                          "'SAME')",
    "avg_pool2d_err_explicit": f"tf.nn.avg_pool2d({P}, 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])",
    "avg_pool2d_err_too_small": f"tf.nn.avg_pool2d({P}, 7, 1, 'VALID')",
    "avg_pool1d": f"tf.nn.avg_pool1d({_ints((2, 7, 2), 11, 5)}, 3, 2, 'SAME')",
    "avg_pool3d": f"tf.nn.avg_pool3d({_ints((1, 3, 4, 5, 2), 11, 5)}, [2, 2, 3], 2, 'SAME')",
    "avg_pool3d_err_float64": "tf.nn.avg_pool3d(tf.ones([1, 2, 2, 2, 1], tf.float64), 2, 1, "
                              "'VALID')",
    "avg_pool_generic_2d": f"tf.nn.avg_pool({P}, [3, 2], [2, 2], 'SAME')",
    "avg_pool_generic_1d": f"tf.nn.avg_pool({_ints((1, 6, 2), 11, 5)}, 4, 1, 'SAME')",
    "pool_max_dilated": f"tf.nn.pool({P}, [2, 2], 'MAX', padding='VALID', dilations=[2, 2])",
    "pool_avg_dilated": f"tf.nn.pool({P}, [2, 3], 'AVG', padding='VALID', dilations=[1, 2])",
    "pool_avg_same_strided": f"tf.nn.pool({P}, [3, 3], 'AVG', strides=[2, 2], padding='SAME')",
    "pool_max_1d": f"tf.nn.pool({_ints((2, 7, 2), 11, 5)}, [3], 'MAX', strides=[2], "
                   "padding='SAME')",
    "pool_err_type": f"tf.nn.pool({P}, [2, 2], 'SUM')",
    "pool_err_same_dilated": f"tf.nn.pool({P}, [2, 2], 'MAX', padding='SAME', "
                             "dilations=[2, 2])",
    "pool_err_strided_dilated": f"tf.nn.pool({P}, [2, 2], 'MAX', strides=[2, 2], "
                                "dilations=[2, 2])",
    # --- gradients ----------------------------------------------------------------------------------
    "grad_conv2d_same_strided": _grad(f"x = {X}\nw = {W}", "tf.nn.conv2d(x, w, 2, 'SAME')",
                                      "x, w"),
    "grad_conv2d_dilated": _grad(f"x = {X}\nw = {W}", "tf.nn.conv2d(x, w, 1, 'SAME', "
                                 "dilations=[2, 1])", "x, w"),
    "grad_conv2d_explicit": _grad(f"x = {X}\nw = {W}", "tf.nn.conv2d(x, w, [2, 1], "
                                  "[[0, 0], [1, 0], [2, 1], [0, 0]])", "x, w"),
    "grad_conv2d_nchw": _grad(f"x = {_ints((1, 3, 5, 6))}\nw = {W}",
                              "tf.nn.conv2d(x, w, [1, 2], 'SAME', data_format='NCHW')", "x, w"),
    "grad_conv1d": _grad(f"x = {X1}\nw = {W1}", "tf.nn.conv1d(x, w, 2, 'SAME')", "x, w"),
    "grad_conv3d": _grad(f"x = {X3}\nw = {W3}", "tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], 'SAME')",
                         "x, w"),
    "grad_conv2d_transpose": _grad(f"x = {_ints((1, 3, 3, 4))}\nw = {W}",
                                   "tf.nn.conv2d_transpose(x, w, [1, 6, 5, 3], 2)", "x, w"),
    "grad_depthwise": _grad(f"x = {X}\nw = {_ints((3, 3, 3, 2))}",
                            "tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], 'SAME')", "x, w"),
    "grad_separable": _grad(f"x = {X}\nd = {_ints((3, 3, 3, 2))}\np = {_ints((1, 1, 6, 2))}",
                            "tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], 'VALID')", "x, d, p"),
    "grad_max_pool_overlapping": _grad(f"x = {P}", "tf.nn.max_pool2d(x, 3, 1, 'SAME')", "x"),
    "grad_max_pool_ties": _grad("x = tf.ones([1, 4, 4, 1])", "tf.nn.max_pool2d(x, 3, 1, 'SAME')",
                                "x"),
    "grad_max_pool_strided": _grad(f"x = {P}", "tf.nn.max_pool2d(x, 3, 2, 'SAME')", "x"),
    "grad_avg_pool_same": _grad(f"x = {P}", "tf.nn.avg_pool2d(x, 3, 2, 'SAME')", "x"),
    "grad_avg_pool3d": _grad(f"x = {_ints((1, 3, 4, 5, 2), 11, 5)}",
                             "tf.nn.avg_pool3d(x, 2, [1, 2, 1], 'SAME')", "x"),
    "grad_max_pool1d": _grad(f"x = {_ints((2, 7, 2), 11, 5)}",
                             "tf.nn.max_pool1d(x, 3, 2, 'SAME')", "x"),
    "grad_second_order_conv": f"""
x = {_rand((1, 4, 4, 2))}
w = {_rand((2, 2, 2, 3), 5)}
with tf.GradientTape() as outer:
    outer.watch([x, w])
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = tf.nn.conv2d(x, w, 1, 'SAME')
        loss = tf.reduce_sum(y * y)
    gx = inner.gradient(loss, x)
    z = tf.reduce_sum(gx * gx)
result = outer.gradient(z, [x, w])
""",
    "grad_second_order_max_pool": f"""
x = {_rand((1, 4, 4, 1))}
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = tf.nn.max_pool2d(x, 2, 2, 'VALID')
        loss = tf.reduce_sum(y * y)
    gx = inner.gradient(loss, x)
    z = tf.reduce_sum(gx * x)
result = outer.gradient(z, x)
""",
}
