"""Keras utilities (`tf.keras.utils`): to_categorical, normalize, pad_sequences."""
SNIPPETS = {
    "to_categorical": "result = tf.keras.utils.to_categorical([0, 2, 1, 2], 3)",
    "to_categorical_infer": "result = tf.keras.utils.to_categorical([[1], [3]])",
    "to_categorical_2d": "result = tf.keras.utils.to_categorical([[0, 1], [2, 0]], 4)",
    "normalize": "result = tf.keras.utils.normalize([[3.0, 4.0], [0.0, 0.0]])",
    "normalize_axis0": "result = tf.keras.utils.normalize([[3.0, 4.0], [1.0, 0.0]], axis=0)",
    "pad_pre": "result = tf.keras.utils.pad_sequences([[1, 2, 3], [4], []], maxlen=2)",
    "pad_post": ("result = tf.keras.utils.pad_sequences([[1, 2, 3], [4]], padding='post', "
                 "truncating='post', value=-1)"),
    "pad_default_len": "result = tf.keras.utils.pad_sequences([[1, 2], [3, 4, 5]])",
    "pad_float": ("result = tf.keras.utils.pad_sequences([[1.5], [2.5, 3.5]], "
                  "dtype='float32', maxlen=3)"),
}
