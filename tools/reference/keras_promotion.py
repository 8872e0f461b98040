"""Keras 3 (TF 2.21) dtype promotion in layers fed integer tensors (multi-hot / one-hot
encodings feeding Dense and Concatenate)."""

SNIPPETS = {
    "dense_int64_input": "tf.keras.layers.Dense(2, kernel_initializer='ones')("
                         "tf.constant([[1, 0, 1]], tf.int64))",
    "dense_int32_3d_input": "tf.keras.layers.Dense(1, kernel_initializer='ones', "
                            "bias_initializer='ones')(tf.constant([[[1, 2], [3, 4]]]))",
    "concatenate_int_float": "tf.keras.layers.Concatenate()([tf.constant([[1]], tf.int64), "
                             "tf.constant([[2.5]])])",
    "concatenate_int32_int64": "tf.keras.layers.Concatenate()([tf.constant([[1]], tf.int32), "
                               "tf.constant([[2]], tf.int64)])",
    "concatenate_half_double": "tf.keras.layers.Concatenate()([tf.constant([[1.]], tf.float16),"
                               " tf.constant([[2.]], tf.float64)])",
}

SNIPPETS.update({
    "functional_input_dtype_float64": "k = tf.keras\ni = k.Input((2,), dtype='float64', "
                                      "name='in_f64')\nm = k.Model(i, i * 2)\nresult = "
                                      "[m(np.ones((1, 2))), m(np.ones((1, 2), 'float32')), "
                                      "m(np.ones((1, 2), 'int32'))]",
    "functional_input_dtype_float32": "k = tf.keras\ni = k.Input((2,), name='in_f32')\n"
                                      "m = k.Model(i, i * 2)\nresult = [m(np.ones((1, 2), "
                                      "'int32')), m(tf.ones((1, 2), tf.float64))]",
    "functional_input_dtype_int32": "k = tf.keras\ni = k.Input((2,), dtype='int32', "
                                    "name='in_i32')\nm = k.Model(i, i * 2)\nresult = "
                                    "[m(np.full((1, 2), 1.7)), m(np.ones((1, 2), 'int64'))]",
})
