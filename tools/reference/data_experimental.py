"""TF2 tf.data.experimental transformation functions (the `dataset.apply` forms) and helpers."""

SNIPPETS = {
    "apply_group_by_window": "result = [b.numpy().tolist() for b in tf.data.Dataset.range(6)"
                             ".apply(tf.data.experimental.group_by_window(lambda x: x % 2, "
                             "lambda k, w: w.batch(3), window_size=3))]",
    "apply_unique": "result = list(tf.data.Dataset.from_tensor_slices([1, 2, 1, 3])"
                    ".apply(tf.data.experimental.unique()).as_numpy_iterator())",
    "apply_scan": "result = list(tf.data.Dataset.range(5).apply(tf.data.experimental.scan("
                  "tf.constant(0, tf.int64), lambda s, x: (s + x, s * 10)))"
                  ".as_numpy_iterator())",
    "apply_take_while": "result = list(tf.data.Dataset.range(10).apply("
                        "tf.data.experimental.take_while(lambda x: x < 4)).as_numpy_iterator())",
    "apply_map_and_batch": "result = [b.numpy().tolist() for b in tf.data.Dataset.range(7)"
                           ".apply(tf.data.experimental.map_and_batch(lambda x: x * 2, 3, "
                           "drop_remainder=True))]",
    "apply_shuffle_and_repeat_count": "result = len(list(tf.data.Dataset.range(4).apply("
                                      "tf.data.experimental.shuffle_and_repeat(4, count=3, "
                                      "seed=1))))",
    "apply_parallel_interleave": "result = sorted(int(x) for x in tf.data.Dataset.range(3)"
                                 ".apply(tf.data.experimental.parallel_interleave(lambda x: "
                                 "tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)))",
    "apply_unbatch": "result = list(tf.data.Dataset.from_tensors([1, 2, 3])"
                     ".apply(tf.data.experimental.unbatch()).as_numpy_iterator())",
    "get_structure": "result = str(tf.data.experimental.get_structure("
                     "tf.data.Dataset.from_tensor_slices(([1, 2], [[1.], [2.]]))))",
    "counter": "result = list(tf.data.experimental.Counter(start=3, step=2).take(3)"
               ".as_numpy_iterator())",
    "from_list": "result = [(a.numpy().tolist(), b.numpy().tolist()) for a, b in "
                 "tf.data.experimental.from_list([(1, 'a'), (2, 'b')])]",
    "from_list_empty": "tf.data.experimental.from_list([])",
}
