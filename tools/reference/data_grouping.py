"""TF2 Dataset.group_by_window and bucket_by_sequence_length (order of emitted windows, flush
order at the end, padding, errors)."""

_GEN = """
def gen():
    for n in [1, 5, 2, 7, 3, 8, 4, 1, 9, 2]:
        yield np.arange(n, dtype=np.int32)
ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([None], tf.int32))
"""

SNIPPETS = {
    "group_by_window_mod3": "result = [b.numpy().tolist() for b in tf.data.Dataset.range(10)"
                            ".group_by_window(key_func=lambda x: x % 3, "
                            "reduce_func=lambda k, w: w.batch(2), window_size=2)]",
    "group_by_window_size_func": "result = [(int(k), b.numpy().tolist()) for k, b in "
                                 "tf.data.Dataset.range(10).group_by_window(lambda x: x % 2, "
                                 "lambda k, w: w.batch(5).map(lambda b: (k, b)), "
                                 "window_size_func=lambda k: k + 2)]",
    "group_by_window_tuple": "result = [(a.numpy().tolist(), b.numpy().tolist()) for a, b in "
                             "tf.data.Dataset.from_tensor_slices(([1, 2, 3, 4], [5, 6, 7, 8]))"
                             ".group_by_window(lambda a, b: tf.cast(a % 2, tf.int64), "
                             "lambda k, w: w.batch(3), window_size=3)]",
    "group_by_window_spec": "result = str(tf.data.Dataset.range(10).group_by_window("
                            "lambda x: x % 2, lambda k, w: w.batch(5), window_size=5)"
                            ".element_spec)",
    "group_by_window_no_size": "tf.data.Dataset.range(3).group_by_window(lambda x: x, "
                               "lambda k, w: w)",
    "group_by_window_int32_key": "tf.data.Dataset.range(3).group_by_window(lambda x: "
                                 "tf.cast(x, tf.int32), lambda k, w: w, window_size=2)",
    "bucket_by_length": _GEN + "result = [x.numpy().tolist() for x in "
                               "ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], "
                               "bucket_boundaries=[3, 6], bucket_batch_sizes=[2, 2, 2])]",
    "bucket_pad_to_boundary": _GEN + "result = [x.shape.as_list() for x in "
                                     "ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], "
                                     "[3, 6, 10], [2, 2, 2, 2], pad_to_bucket_boundary=True)]",
    "bucket_drop_remainder_padding_value": _GEN + "result = [x.numpy().tolist() for x in "
                                           "ds.bucket_by_sequence_length(lambda x: "
                                           "tf.shape(x)[0], [4], [3, 3], drop_remainder=True,"
                                           " padding_values=-1)]",
    "bucket_sizes_mismatch": _GEN + "ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], "
                                    "[4], [3])",
}
