"""TF2 reference snippets: tf.data (Dataset sources and transformations, element_spec,
cardinality, errors, text and CSV readers)."""

_SPEC = "[(s.shape, s.dtype.name) for s in tf.nest.flatten({})]"


def _spec(expr: str) -> str:
    return "result = " + _SPEC.format(expr)


def _files(body: str, **files) -> str:
    """A snippet that writes `files` (name -> bytes) to a temporary folder `d` first."""
    lines = ["import os, tempfile", "d = tempfile.mkdtemp()"]
    for name, data in files.items():
        lines.append(f"open(os.path.join(d, {name.replace('_', '.')!r}), 'wb').write({data!r})")
    return "\n".join(lines) + "\n" + body.strip() + "\n"


SNIPPETS = {
    # --- sources and element_spec ---
    "slices_tuple_spec": _spec("tf.data.Dataset.from_tensor_slices(([1, 2], [3., 4.]))"
                               ".element_spec"),
    "slices_matrix_spec": _spec("tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]])"
                                ".element_spec"),
    "slices_dict": "list(tf.data.Dataset.from_tensor_slices({'b': [1, 2], 'a': [[1.], [2.]]}))",
    "slices_nested": "list(tf.data.Dataset.from_tensor_slices((np.arange(2), {'x': "
                     "np.array([[1, 2], [3, 4]], np.float64)})).as_numpy_iterator())",
    "slices_strings": "list(tf.data.Dataset.from_tensor_slices(['a', 'bc']).as_numpy_iterator())",
    "slices_empty": "result = [tf.data.Dataset.from_tensor_slices(np.zeros((0, 3))).cardinality()]",
    "slices_mismatch": "tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4, 5]))",
    "slices_scalar": "tf.data.Dataset.from_tensor_slices(1)",
    "slices_list_of_tensors": "list(tf.data.Dataset.from_tensor_slices([tf.constant(1), "
                              "tf.constant(2)]))",
    "from_tensors_lists": _spec("tf.data.Dataset.from_tensors(([1, 2], [3])).element_spec"),
    "from_tensors_ragged": "tf.data.Dataset.from_tensors([[1, 2], [3]])",
    "from_tensors_value": "list(tf.data.Dataset.from_tensors((1, 2.5, 'x')))",
    "from_tensors_card": "tf.data.Dataset.from_tensors([1, 2]).cardinality()",
    "range_spec": _spec("tf.data.Dataset.range(5).element_spec"),
    "range_values": "list(tf.data.Dataset.range(2, 11, 3))",
    "range_negative_step": "list(tf.data.Dataset.range(5, 0, -2).as_numpy_iterator())",
    "range_card": "tf.data.Dataset.range(1, 10, 3).cardinality()",
    "range_empty_card": "tf.data.Dataset.range(5, 1).cardinality()",
    "range_zero_step": "tf.data.Dataset.range(0, 5, 0)",
    "range_int32": "list(tf.data.Dataset.range(3, output_type=tf.int32))",
    "range_float_arg": "tf.data.Dataset.range(0.5, 3)",
    "range_no_args": "tf.data.Dataset.range()",
    "range_int32_tensor_arg": "tf.data.Dataset.range(tf.constant(3))",
    "zip_tuple": "list(tf.data.Dataset.zip((tf.data.Dataset.range(3), "
                 "tf.data.Dataset.range(10, 15))).as_numpy_iterator())",
    "zip_args_card": "tf.data.Dataset.zip(tf.data.Dataset.range(3), "
                     "tf.data.Dataset.range(5).repeat()).cardinality()",
    "zip_nested_dict": "list(tf.data.Dataset.zip({'a': tf.data.Dataset.range(2), 'b': "
                       "(tf.data.Dataset.range(2), tf.data.Dataset.range(5, 9))})"
                       ".as_numpy_iterator())",
    "zip_list_error": "tf.data.Dataset.zip([tf.data.Dataset.range(2), tf.data.Dataset.range(2)])",
    "zip_bad_input": "tf.data.Dataset.zip(1)",
    "zip_unknown_card": "tf.data.Dataset.zip((tf.data.Dataset.range(5).filter(lambda x: x > 1), "
                        "tf.data.Dataset.range(3))).cardinality()",
    # --- generators ---
    "generator_signature": """
def gen():
    for i in range(3):
        yield i, [1.0] * i
ds = tf.data.Dataset.from_generator(gen, output_signature=(
    tf.TensorSpec((), tf.int32), tf.TensorSpec((None,), tf.float32)))
result = list(ds)
""",
    "generator_card": "tf.data.Dataset.from_generator(lambda: iter([1]), output_signature="
                      "tf.TensorSpec((), tf.int32)).cardinality()",
    "generator_types_only": _spec("tf.data.Dataset.from_generator(lambda: iter([1]), "
                                  "output_types=tf.int32).element_spec"),
    "generator_types_shapes": _spec("tf.data.Dataset.from_generator(lambda: iter([(1, [2.])]), "
                                    "(tf.int32, tf.float32), ((), (None,))).element_spec"),
    "generator_no_signature": "tf.data.Dataset.from_generator(lambda: iter([1]))",
    "generator_not_callable": "tf.data.Dataset.from_generator([1, 2], output_signature="
                              "tf.TensorSpec((), tf.int32))",
    "generator_bad_shape": "list(tf.data.Dataset.from_generator(lambda: iter([[1.0]]), "
                           "output_signature=tf.TensorSpec((2,), tf.float32)))",
    "generator_truncates": "list(tf.data.Dataset.from_generator(lambda: iter([1.5, 2]), "
                           "output_signature=tf.TensorSpec((), tf.int32)))",
    "generator_args": "list(tf.data.Dataset.from_generator(lambda n: range(n), args=(3,), "
                      "output_signature=tf.TensorSpec((), tf.int64)))",
    "generator_strings": "list(tf.data.Dataset.from_generator(lambda: iter(['ab', b'c']), "
                         "output_signature=tf.TensorSpec((), tf.string)).as_numpy_iterator())",
    "generator_dict": "list(tf.data.Dataset.from_generator(lambda: iter([{'a': 1}]), "
                      "output_signature={'a': tf.TensorSpec((), tf.int32)}))",
    "generator_reiterates": """
ds = tf.data.Dataset.from_generator(lambda: iter([1, 2]),
                                    output_signature=tf.TensorSpec((), tf.int64))
result = list(ds.as_numpy_iterator()) + list(ds.as_numpy_iterator())
""",
    # --- map / filter ---
    "map_traced_once": """
calls = []
def f(x):
    calls.append(1)
    return x * 2
ds = tf.data.Dataset.range(4).map(f)
traced = len(calls)
values = list(ds.as_numpy_iterator())
result = [traced, len(calls), values]
""",
    "map_tuple_unpacked": "list(tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4]))"
                          ".map(lambda a, b: a * b))",
    "map_tuple_one_arg": "tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).map(lambda a: a)",
    "map_dict_one_arg": "list(tf.data.Dataset.from_tensor_slices({'a': [1, 2], 'b': [3, 4]})"
                        ".map(lambda d: d['a'] - d['b']))",
    "map_wrong_arity": "tf.data.Dataset.range(5).map(lambda x, y: x)",
    "map_returns_list": _spec("tf.data.Dataset.range(3).map(lambda x: [x, x]).element_spec"),
    "map_returns_python": "list(tf.data.Dataset.range(2).map(lambda x: (x, 1.5, 7, 'a')))",
    "map_returns_dict": "list(tf.data.Dataset.range(2).map(lambda x: {'y': x + 1, 'x': x}))",
    "map_batch_spec": _spec("tf.data.Dataset.range(10).batch(3).map(lambda x: x * 2)"
                            ".element_spec"),
    "map_reshape_spec": _spec("tf.data.Dataset.range(12).batch(4).map("
                              "lambda x: tf.reshape(x, [2, -1])).element_spec"),
    "map_unique_spec": _spec("tf.data.Dataset.from_tensors([1, 2, 1]).map("
                             "lambda x: tf.unique(x)[0]).element_spec"),
    "map_cast": "list(tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32) / 2))",
    "map_parallel": "list(tf.data.Dataset.range(20).map(lambda x: x * x, num_parallel_calls=4)"
                    ".as_numpy_iterator())",
    "map_autotune": "list(tf.data.Dataset.range(20).map(lambda x: x + 1, num_parallel_calls="
                    "tf.data.AUTOTUNE, deterministic=True).as_numpy_iterator())",
    "map_parallel_zero": "tf.data.Dataset.range(5).map(lambda x: x, num_parallel_calls=0)",
    "map_cond": "list(tf.data.Dataset.range(4).map(lambda x: tf.cond(x > 1, lambda: x, "
                "lambda: -x)).as_numpy_iterator())",
    "map_where": "list(tf.data.Dataset.range(4).map(lambda x: tf.where(x > 1, x, -x))"
                 ".as_numpy_iterator())",

    "map_variable_captured": """
v = tf.Variable(10, dtype=tf.int64)
ds = tf.data.Dataset.range(3).map(lambda x: x + v)
first = list(ds.as_numpy_iterator())
v.assign(100)
result = [first, list(ds.as_numpy_iterator())]
""",
    "filter_values": "list(tf.data.Dataset.range(10).filter(lambda x: x % 3 == 0)"
                     ".as_numpy_iterator())",
    "filter_tuple": "list(tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4, 5, 6]))"
                    ".filter(lambda a, b: a > 1).as_numpy_iterator())",
    "filter_card": "tf.data.Dataset.range(10).filter(lambda x: x > 3).cardinality()",
    "filter_not_bool": "tf.data.Dataset.range(5).filter(lambda x: x)",
    "filter_vector": "tf.data.Dataset.range(5).batch(2).filter(lambda x: x > 1)",
    # --- batching ---
    "batch_values": "list(tf.data.Dataset.range(10).batch(4))",
    "batch_spec": _spec("tf.data.Dataset.range(10).batch(3).element_spec"),
    "batch_drop_spec": _spec("tf.data.Dataset.range(10).batch(3, drop_remainder=True)"
                             ".element_spec"),
    "batch_card": "[tf.data.Dataset.range(10).batch(3).cardinality(), "
                  "tf.data.Dataset.range(10).batch(3, True).cardinality(), "
                  "tf.data.Dataset.range(3).repeat().batch(2).cardinality()]",
    "batch_zero": "tf.data.Dataset.range(10).batch(0)",
    "batch_float": "tf.data.Dataset.range(10).batch(2.0)",
    "batch_tuple_dict": "list(tf.data.Dataset.from_tensor_slices(({'a': np.arange(5.)}, "
                        "np.arange(5))).batch(2))",
    "batch_after_map": "list(tf.data.Dataset.range(5).map(lambda x: (x, tf.cast(x, "
                       "tf.float32))).batch(2, num_parallel_calls=2).as_numpy_iterator())",
    "batch_strings": "list(tf.data.Dataset.from_tensor_slices(['a', 'b', 'c']).batch(2)"
                     ".as_numpy_iterator())",
    "batch_different_shapes": "list(tf.data.Dataset.from_generator(lambda: iter([[1], [1, 2]]), "
                              "output_types=tf.int32).batch(2))",
    "batch_unknown_rank_spec": _spec("tf.data.Dataset.from_generator(lambda: iter([[1]]), "
                                     "output_types=tf.int32).batch(2).element_spec"),
    "padded_batch_default": """
ds = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 2], [3, 3, 3], [4, 4, 4, 4]]),
                                    output_signature=tf.TensorSpec([None], tf.int64))
result = list(ds.padded_batch(2))
""",
    "padded_batch_spec": _spec("""tf.data.Dataset.from_generator(lambda: iter([[1]]),
    output_signature=tf.TensorSpec([None], tf.int64)).padded_batch(2).element_spec"""),
    "padded_batch_shape_value": """
ds = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 2], [3, 3, 3]]),
                                    output_signature=tf.TensorSpec([None], tf.int64))
result = list(ds.padded_batch(2, padded_shapes=[5], padding_values=np.int64(-1)))
""",
    "padded_batch_drop_spec": _spec("""tf.data.Dataset.from_generator(lambda: iter([[1]]),
    output_signature=tf.TensorSpec([None], tf.int64)).padded_batch(
    2, padded_shapes=[5], drop_remainder=True).element_spec"""),
    "padded_batch_too_small": """
ds = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 2, 2]]),
                                    output_signature=tf.TensorSpec([None], tf.int64))
result = list(ds.padded_batch(2, padded_shapes=[2]))
""",
    "padded_batch_wrong_pad_dtype": """
ds = tf.data.Dataset.from_generator(lambda: iter([[1]]),
                                    output_signature=tf.TensorSpec([None], tf.int64))
result = ds.padded_batch(2, padding_values=-1)
""",
    "padded_batch_tuple": """
ds = tf.data.Dataset.from_generator(lambda: iter([([1], [1.]), ([2, 2], [2., 2.])]),
    output_signature=(tf.TensorSpec([None], tf.int64), tf.TensorSpec([None], tf.float32)))
result = list(ds.padded_batch(2, padded_shapes=([None], [3]), padding_values=(np.int64(0), 9.0)))
""",
    "padded_batch_strings": "list(tf.data.Dataset.from_tensor_slices([['a', 'b'], ['c', 'd']])"
                            ".padded_batch(2, padded_shapes=[3]).as_numpy_iterator())",
    "padded_batch_scalars": "list(tf.data.Dataset.range(3).padded_batch(2))",
    "padded_batch_rank2": """
rows = [np.ones([1, 2], np.int32), np.ones([2, 1], np.int32)]
ds = tf.data.Dataset.from_generator(lambda: iter(rows),
                                    output_signature=tf.TensorSpec([None, None], tf.int32))
result = list(ds.padded_batch(2))
""",
    "padded_batch_rank_mismatch": """
ds = tf.data.Dataset.from_generator(lambda: iter([[1]]),
                                    output_signature=tf.TensorSpec([None], tf.int64))
result = ds.padded_batch(2, padded_shapes=[None, None])
""",
    "padded_batch_unknown_rank": "tf.data.Dataset.from_generator(lambda: iter([[1]]), "
                                 "output_types=tf.int32).padded_batch(2)",
    "unbatch_values": "list(tf.data.Dataset.range(5).batch(2).unbatch())",
    "unbatch_spec_card": "result = [" + _SPEC.format("tf.data.Dataset.range(5).batch(2)"
                                                     ".unbatch().element_spec")
                         + ", tf.data.Dataset.range(5).batch(2).unbatch().cardinality()]",
    "unbatch_scalar": "tf.data.Dataset.range(5).unbatch()",
    "unbatch_tuple": "list(tf.data.Dataset.from_tensors(([1, 2], [3, 4])).unbatch())",
    "unbatch_mismatch": "tf.data.Dataset.from_tensors(([1, 2], [3, 4, 5])).unbatch()",
    "rebatch_values": "list(tf.data.Dataset.range(10).batch(4).rebatch(3))",
    "rebatch_drop": "list(tf.data.Dataset.range(10).batch(4).rebatch(3, drop_remainder=True))",
    "rebatch_list": "list(tf.data.Dataset.range(10).batch(4).rebatch([1, 2]))",
    "rebatch_specs": "result = [" + _SPEC.format("tf.data.Dataset.range(10).batch(4).rebatch(3)"
                                                 ".element_spec") + ", " +
                     _SPEC.format("tf.data.Dataset.range(10).batch(4).rebatch(3, True)"
                                  ".element_spec") +
                     ", tf.data.Dataset.range(10).batch(4).rebatch(3).cardinality()]",
    # --- window ---
    "window_basic": "[list(w.as_numpy_iterator()) for w in tf.data.Dataset.range(7).window(3)]",
    "window_shift": "[list(w.as_numpy_iterator()) for w in "
                    "tf.data.Dataset.range(7).window(3, shift=2)]",
    "window_stride": "[list(w.as_numpy_iterator()) for w in "
                     "tf.data.Dataset.range(7).window(3, shift=1, stride=2)]",
    "window_drop": "[list(w.as_numpy_iterator()) for w in "
                   "tf.data.Dataset.range(7).window(3, shift=2, drop_remainder=True)]",
    "window_big_shift": "[list(w.as_numpy_iterator()) for w in "
                        "tf.data.Dataset.range(12).window(2, shift=5)]",
    "window_spec": "repr(tf.data.Dataset.range(7).window(3).element_spec)",
    "window_cards": "[tf.data.Dataset.range(7).window(3, 2).cardinality(), "
                    "tf.data.Dataset.range(7).window(3, 2, drop_remainder=True).cardinality(), "
                    "tf.data.Dataset.range(7).window(3, 1, 2, True).cardinality()]",
    "window_tuple": "[(list(a.as_numpy_iterator()), list(b.as_numpy_iterator())) for a, b in "
                    "tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4, 5, 6])).window(2)]",
    "window_flat_map": "list(tf.data.Dataset.range(7).window(3, 1, 1, True).flat_map("
                       "lambda w: w.batch(3)).as_numpy_iterator())",
    "window_zero": "tf.data.Dataset.range(7).window(0)",
    "window_zero_shift": "tf.data.Dataset.range(7).window(2, 0)",
    "window_as_numpy": "tf.data.Dataset.range(3).window(2).as_numpy_iterator()",
    # --- shuffle (properties only: the RNG differs from TF's) ---
    "shuffle_permutation": "sorted(tf.data.Dataset.range(50).shuffle(7, seed=1)"
                           ".as_numpy_iterator())",
    "shuffle_same_seed": """
a = list(tf.data.Dataset.range(30).shuffle(30, seed=5).as_numpy_iterator())
b = list(tf.data.Dataset.range(30).shuffle(30, seed=5).as_numpy_iterator())
result = [a == b, a != list(range(30))]
""",
    "shuffle_reshuffles": """
ds = tf.data.Dataset.range(30).shuffle(30, seed=3)
result = list(ds.as_numpy_iterator()) != list(ds.as_numpy_iterator())
""",
    "shuffle_no_reshuffle": """
ds = tf.data.Dataset.range(30).shuffle(30, seed=3, reshuffle_each_iteration=False)
result = list(ds.as_numpy_iterator()) == list(ds.as_numpy_iterator())
""",
    "shuffle_repeat_epochs": """
ds = tf.data.Dataset.range(20).shuffle(20, seed=3).repeat(2)
v = list(ds.as_numpy_iterator())
result = [sorted(v[:20]) == list(range(20)), sorted(v[20:]) == list(range(20)), v[:20] != v[20:]]
""",
    "shuffle_buffer_one_keeps_order": "list(tf.data.Dataset.range(5).shuffle(1)"
                                      ".as_numpy_iterator())",
    "shuffle_card": "tf.data.Dataset.range(10).shuffle(3).cardinality()",
    "shuffle_zero": "tf.data.Dataset.range(10).shuffle(0)",
    "shuffle_float": "tf.data.Dataset.range(3).shuffle(1.5)",
    # --- counting ---
    "repeat_values": "list(tf.data.Dataset.range(3).repeat(2).as_numpy_iterator())",
    "repeat_zero": "list(tf.data.Dataset.range(3).repeat(0).as_numpy_iterator())",
    "repeat_cards": "[tf.data.Dataset.range(10).repeat().cardinality(), "
                    "tf.data.Dataset.range(10).repeat(3).cardinality(), "
                    "tf.data.Dataset.range(0).repeat().cardinality(), "
                    "tf.data.Dataset.range(5).filter(lambda x: x > 1).repeat().cardinality(), "
                    "tf.data.Dataset.range(5).filter(lambda x: x > 1).repeat(3).cardinality()]",
    "repeat_forever_take": "list(tf.data.Dataset.range(3).repeat().take(7)"
                           ".as_numpy_iterator())",
    "repeat_empty_forever": "list(tf.data.Dataset.range(0).repeat().as_numpy_iterator())",
    "take_skip_cards": "[tf.data.Dataset.range(10).repeat().take(5).cardinality(), "
                       "tf.data.Dataset.range(10).repeat().skip(5).cardinality(), "
                       "tf.data.Dataset.range(10).take(-1).cardinality(), "
                       "tf.data.Dataset.range(10).skip(-1).cardinality(), "
                       "tf.data.Dataset.range(10).skip(20).cardinality(), "
                       "tf.data.Dataset.range(10).take(20).cardinality()]",
    "take_skip_values": "[list(tf.data.Dataset.range(10).take(3).as_numpy_iterator()), "
                        "list(tf.data.Dataset.range(10).skip(7).as_numpy_iterator()), "
                        "list(tf.data.Dataset.range(4).take(-1).as_numpy_iterator()), "
                        "list(tf.data.Dataset.range(4).skip(-1).as_numpy_iterator())]",
    "take_float": "tf.data.Dataset.range(10).take(1.5)",
    "shard_values": "list(tf.data.Dataset.range(10).shard(3, 1).as_numpy_iterator())",
    "shard_card": "tf.data.Dataset.range(10).shard(3, 1).cardinality()",
    "shard_bad_index": "tf.data.Dataset.range(10).shard(3, 3)",
    "shard_zero": "tf.data.Dataset.range(10).shard(0, 0)",
    "enumerate_values": "list(tf.data.Dataset.from_tensor_slices([7, 8]).enumerate(5))",
    "enumerate_spec": _spec("tf.data.Dataset.from_tensor_slices(([1], [2])).enumerate()"
                            ".element_spec"),
    "concatenate_values": "list(tf.data.Dataset.range(3).concatenate(tf.data.Dataset.range(5, 7))"
                          ".as_numpy_iterator())",
    "concatenate_spec": _spec("tf.data.Dataset.range(3).batch(2, True).concatenate("
                              "tf.data.Dataset.range(3).batch(3, True)).element_spec"),
    "concatenate_dtype_error": "tf.data.Dataset.range(3).concatenate("
                               "tf.data.Dataset.from_tensors(1))",
    "concatenate_cards": "[tf.data.Dataset.range(3).concatenate(tf.data.Dataset.range(4))"
                         ".cardinality(), tf.data.Dataset.range(3).repeat().concatenate("
                         "tf.data.Dataset.range(3).filter(lambda x: x > 0)).cardinality()]",
    # --- nested datasets ---
    "flat_map_values": "list(tf.data.Dataset.range(4).flat_map(lambda x: "
                       "tf.data.Dataset.range(x)).as_numpy_iterator())",
    "flat_map_tuple": "list(tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).flat_map("
                      "lambda a, b: tf.data.Dataset.from_tensors(a + b)).as_numpy_iterator())",
    "flat_map_spec_card": "result = [" + _SPEC.format(
        "tf.data.Dataset.range(3).flat_map(lambda x: tf.data.Dataset.range(x).batch(2))"
        ".element_spec") + ", tf.data.Dataset.range(3).flat_map(lambda x: "
        "tf.data.Dataset.range(x)).cardinality()]",
    "interleave_blocks": "list(tf.data.Dataset.range(1, 4).interleave(lambda x: "
                         "tf.data.Dataset.from_tensors(x).repeat(4), cycle_length=2, "
                         "block_length=3).as_numpy_iterator())",
    "interleave_doc_example": "list(tf.data.Dataset.range(1, 6).interleave(lambda x: "
                              "tf.data.Dataset.from_tensors(x).repeat(6), cycle_length=2, "
                              "block_length=4).as_numpy_iterator())",
    "interleave_parallel": "list(tf.data.Dataset.range(1, 6).interleave(lambda x: "
                           "tf.data.Dataset.from_tensors(x).repeat(x), cycle_length=3, "
                           "num_parallel_calls=3).as_numpy_iterator())",
    "interleave_zero_cycle": "tf.data.Dataset.range(3).interleave(lambda x: "
                             "tf.data.Dataset.from_tensors(x), cycle_length=0)",
    # --- reductions and stateful transformations ---
    "reduce_sum": "tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x)",
    "reduce_tuple_state": "tf.data.Dataset.range(4).reduce((np.int64(0), np.int64(1)), "
                          "lambda s, x: (s[0] + x, s[1] * (x + 1)))",
    "reduce_tuple_element": "tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).reduce("
                            "0, lambda s, x: s + x[0] * x[1])",
    "reduce_growing_state": "tf.data.Dataset.range(3).reduce(tf.zeros([0], tf.int64), "
                            "lambda s, x: tf.concat([s, [x]], 0))",
    "reduce_dtype_change": "tf.data.Dataset.range(3).reduce(np.int64(0), "
                           "lambda s, x: tf.cast(s, tf.float32))",
    "scan_cumsum": "list(tf.data.Dataset.range(5).scan(np.int64(0), lambda s, x: "
                   "(s + x, s * 2)).as_numpy_iterator())",
    "scan_spec_card": "result = [" + _SPEC.format(
        "tf.data.Dataset.range(3).scan(np.int64(0), lambda s, x: (s + x, tf.cast(x, "
        "tf.float32))).element_spec") + ", tf.data.Dataset.range(3).scan(np.int64(0), "
        "lambda s, x: (s, x)).cardinality()]",
    "scan_growing_state": "list(tf.data.Dataset.range(3).scan(tf.zeros([0], tf.int64), "
                          "lambda s, x: (tf.concat([s, [x]], 0), tf.size(s)))"
                          ".as_numpy_iterator())",
    "unique_values": "list(tf.data.Dataset.from_tensor_slices([1, 2, 1, 3, 2]).unique())",
    "unique_strings": "list(tf.data.Dataset.from_tensor_slices(['a', 'b', 'a']).unique()"
                      ".as_numpy_iterator())",
    "unique_float": "tf.data.Dataset.from_tensor_slices([1., 2.]).unique()",
    "unique_tuple": "tf.data.Dataset.from_tensor_slices(([1], [2])).unique()",
    "take_while_values": "list(tf.data.Dataset.range(10).take_while(lambda x: x < 4)"
                         ".as_numpy_iterator())",
    "take_while_not_bool": "tf.data.Dataset.range(3).take_while(lambda x: x)",
    "get_single_element": "tf.data.Dataset.from_tensors((1, 2.0)).get_single_element()",
    "get_single_element_empty": "tf.data.Dataset.range(0).get_single_element()",
    "get_single_element_many": "tf.data.Dataset.range(2).get_single_element()",
    "experimental_get_single_element": "tf.data.experimental.get_single_element("
                                       "tf.data.Dataset.range(1))",
    "choose_from_datasets": "list(tf.data.Dataset.choose_from_datasets([tf.data.Dataset.range(3),"
                            " tf.data.Dataset.range(10, 13)], tf.data.Dataset.from_tensor_slices("
                            "np.array([0, 1, 1, 0], np.int64))).as_numpy_iterator())",
    "counter": "list(tf.data.Dataset.counter(3, 2).take(3).as_numpy_iterator())",
    "random_spec_card": "result = [" + _SPEC.format("tf.data.Dataset.random(seed=4)"
                                                    ".element_spec") +
                        ", tf.data.Dataset.random(seed=4).cardinality()]",
    # --- iteration, cardinality, misc ---
    "iter_yields_tensors": "next(iter(tf.data.Dataset.range(3)))",
    "iter_end_stop_iteration": "[next(iter(tf.data.Dataset.range(0)))]",
    "iter_get_next_out_of_range": """
it = iter(tf.data.Dataset.range(1))
it.get_next()
result = it.get_next()
""",
    "iter_get_next_as_optional": """
it = iter(tf.data.Dataset.range(1))
a = it.get_next_as_optional()
b = it.get_next_as_optional()
result = [a.has_value(), a.get_value(), b.has_value()]
""",
    "iter_element_spec": _spec("iter(tf.data.Dataset.range(3).batch(2)).element_spec"),
    "len_finite": "len(tf.data.Dataset.range(10).batch(3))",
    "len_infinite": "len(tf.data.Dataset.range(10).repeat())",
    "len_unknown": "len(tf.data.Dataset.range(10).filter(lambda x: x > 3))",
    "cardinality_constants": "[tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY, "
                             "tf.data.AUTOTUNE, tf.data.experimental.AUTOTUNE, "
                             "tf.data.experimental.INFINITE_CARDINALITY, "
                             "tf.data.experimental.UNKNOWN_CARDINALITY]",
    "experimental_cardinality": "tf.data.experimental.cardinality(tf.data.Dataset.range(10)"
                                ".batch(4))",
    "as_numpy_dict": "list(tf.data.Dataset.from_tensor_slices({'a': [1, 2], 'b': [b'x', b'y']})"
                     ".as_numpy_iterator())",
    "prefetch_values": "list(tf.data.Dataset.range(10).map(lambda x: x + 1).prefetch(2)"
                       ".as_numpy_iterator())",
    "prefetch_autotune_zero": "[list(tf.data.Dataset.range(3).prefetch(tf.data.AUTOTUNE)"
                              ".as_numpy_iterator()), list(tf.data.Dataset.range(3).prefetch(0)"
                              ".as_numpy_iterator()), tf.data.Dataset.range(3).prefetch(1)"
                              ".cardinality()]",
    "prefetch_bad": "tf.data.Dataset.range(3).prefetch(-2)",
    "cache_memory_runs_input_once": """
calls = []
def gen():
    calls.append(1)
    yield from range(3)
ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((), tf.int64)).cache()
result = [list(ds.repeat(3).as_numpy_iterator()), len(calls), ds.cardinality()]
""",
    "cache_partial_pass_not_kept": """
calls = []
def gen():
    calls.append(1)
    yield from range(3)
ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((), tf.int64)).cache()
it = iter(ds)
next(it)
del it
result = [list(ds.as_numpy_iterator()), len(calls)]
""",
    "cache_file": _files("""
calls = []
def gen():
    calls.append(1)
    yield from ([b'a', b'bc'], [b'', b'd'])
make = lambda: tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([2], tf.string))
ds = make().cache(os.path.join(d, 'cache'))
first = list(ds.as_numpy_iterator())
again = list(ds.as_numpy_iterator())
other = list(make().cache(os.path.join(d, 'cache')).as_numpy_iterator())
result = [first, again, other, len(calls), sorted(os.listdir(d))]
"""),
    "cache_file_partial_not_written": _files("""
ds = tf.data.Dataset.range(5).cache(os.path.join(d, 'cache'))
it = iter(ds)
next(it)
del it
result = sorted(os.listdir(d))
"""),
    "options_with_options": """
o = tf.data.Options()
o.deterministic = False
ds = tf.data.Dataset.range(3).with_options(o).map(lambda x: x)
result = [ds.options().deterministic, tf.data.Dataset.range(3).options().deterministic,
          list(ds.as_numpy_iterator())]
""",
    "options_unknown_attribute": "setattr(tf.data.Options(), 'foo', 1)",
    "apply": "list(tf.data.Dataset.range(3).apply(lambda d: d.map(lambda x: x + 1))"
             ".as_numpy_iterator())",
    "repr": "repr(tf.data.Dataset.range(3).batch(2).map(lambda x: (x, {'a': x})))",
    "list_files_sorted": _files("""
ds = tf.data.Dataset.list_files(os.path.join(d, '*.txt'), shuffle=False)
result = [[os.path.basename(f) for f in ds.as_numpy_iterator()], ds.cardinality()]
""", b_txt=b"", a_txt=b"", c_csv=b""),
    "list_files_shuffled_permutation": _files("""
ds = tf.data.Dataset.list_files(os.path.join(d, '*.txt'), seed=1)
result = sorted(os.path.basename(f) for f in ds.as_numpy_iterator())
""", b_txt=b"", a_txt=b"", c_txt=b""),
    "list_files_no_match": _files("tf.data.Dataset.list_files(os.path.join(d, '*.none'))"),
    # --- text files ---
    "text_lines": _files("result = list(tf.data.TextLineDataset(os.path.join(d, 'a.txt'))"
                         ".as_numpy_iterator())", a_txt=b"line1\nline2\r\nline3\r\n\nlast"),
    "text_carriage_returns": _files("""
result = [list(tf.data.TextLineDataset(os.path.join(d, n)).as_numpy_iterator())
          for n in ['r0.txt', 'r1.txt', 'r2.txt', 'r3.txt', 'r4.txt']]
""", r0_txt=b"a\rb", r1_txt=b"a\r\r\nb\r", r2_txt=b"\r\n", r3_txt=b"a\n\r", r4_txt=b"a\n\n"),
    "text_several_files": _files("result = list(tf.data.TextLineDataset([os.path.join(d, "
                                 "'a.txt'), os.path.join(d, 'b.txt')]).as_numpy_iterator())",
                                 a_txt=b"1\n2", b_txt=b"3\n"),
    "text_empty_file": _files("result = list(tf.data.TextLineDataset(os.path.join(d, 'e.txt'))"
                              ".as_numpy_iterator())", e_txt=b""),
    "text_gzip_zlib": _files("""
import gzip, zlib
with gzip.open(os.path.join(d, 'g.gz'), 'wb') as f:
    f.write(b'g1\\ng2\\n')
open(os.path.join(d, 'z.z'), 'wb').write(zlib.compress(b'z1\\nz2'))
result = [list(tf.data.TextLineDataset(os.path.join(d, 'g.gz'), compression_type='GZIP')
               .as_numpy_iterator()),
          list(tf.data.TextLineDataset(os.path.join(d, 'z.z'), compression_type='ZLIB')
               .as_numpy_iterator())]
"""),
    "text_missing_file": _files("list(tf.data.TextLineDataset(os.path.join(d, 'no.txt')))"),
    "text_spec_card": _files("ds = tf.data.TextLineDataset(os.path.join(d, 'no.txt'))\n"
                             "result = [" + _SPEC.format("ds.element_spec") +
                             ", ds.cardinality()]"),
    "text_bad_filenames": "tf.data.TextLineDataset(5)",
    "text_from_dataset_skip_header": _files("""
names = tf.data.Dataset.from_tensor_slices([os.path.join(d, 'a.csv'), os.path.join(d, 'b.csv')])
ds = names.interleave(lambda f: tf.data.TextLineDataset(f).skip(1), cycle_length=2)
result = list(ds.as_numpy_iterator())
""", a_csv=b"h\n1\n2\n", b_csv=b"h\n3\n4\n"),
    "text_parallel_reads": _files("result = list(tf.data.TextLineDataset([os.path.join(d, "
                                  "'a.txt'), os.path.join(d, 'b.txt')], num_parallel_reads=2)"
                                  ".as_numpy_iterator())", a_txt=b"a1\na2\n", b_txt=b"b1\nb2\n"),
    # --- CSV ---
    "csv_basic": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2,
                                           shuffle=False, num_epochs=1)
result = [list(ds.as_numpy_iterator()), """ + _SPEC.format("ds.element_spec") + """]
""", c_csv=b'a,b,c,name\n1,2.5,x,foo\n2,,y,"q,uo""te"\n3,4.0,z,bar\n'),
    "csv_label": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=3,
                                           label_name='a', shuffle=False, num_epochs=1)
result = list(ds.as_numpy_iterator())
""", c_csv=b'a,b,c\n1,2.5,x\n2,,y\n3,4.0,z\n'),
    "csv_select_and_defaults": _files("""
f = os.path.join(d, 'c.csv')
mk = tf.data.experimental.make_csv_dataset
result = [list(mk(f, 3, select_columns=['c', 'a'], shuffle=False, num_epochs=1)),
          list(mk(f, 3, select_columns=[2, 0], shuffle=False, num_epochs=1)),
          list(mk(f, 3, column_defaults=[0, -1.0, ''], shuffle=False, num_epochs=1)),
          list(mk(f, 3, column_names=['x', 'y', 'z'], shuffle=False, num_epochs=1))]
""", c_csv=b'a,b,c\n1,2.5,x\n2,,y\n3,4.0,z\n'),
    "csv_type_inference": _files("""
result = list(tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=3,
                                                    shuffle=False, num_epochs=1))
""", c_csv=b"i,f,big,b,s,nan,e\n1,1,3000000000,True,1e3,nan,\n2,1.5,1,false,inf,1,\n"
           b"-3,-2,2,x,2,2,\n"),
    "csv_na_value_delim": _files("""
result = list(tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2,
              field_delim='|', na_value='NA', shuffle=False, num_epochs=1))
""", c_csv=b"a|b\n1|NA\nNA|2.5\n"),
    "csv_no_header": _files("""
result = list(tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=4,
              column_names=['w', 'x'], header=False, shuffle=False, num_epochs=1))
""", c_csv=b"a,b\n1,2\n"),
    "csv_no_header_no_names": _files("tf.data.experimental.make_csv_dataset(os.path.join(d, "
                                     "'c.csv'), 4, header=False)", c_csv=b"a,b\n1,2\n"),
    "csv_epochs_batches_span": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2,
                                           shuffle=False, num_epochs=2)
result = [list(ds), ds.cardinality()]
""", c_csv=b"a,b\n1,2\n3,4\n5,6\n"),
    "csv_repeat_forever_spec": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2)
result = [ds.cardinality(), """ + _SPEC.format("ds.element_spec") + """]
""", c_csv=b"a,b\n1,2\n3,4\n5,6\n"),
    "csv_shuffled_permutation": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=1,
                                           shuffle_seed=3, num_epochs=1)
result = sorted(int(x['a'][0]) for x in ds)
""", c_csv=b"a,b\n1,2\n3,4\n5,6\n7,8\n"),
    "csv_errors": _files("""
f = os.path.join(d, 'c.csv')
mk = tf.data.experimental.make_csv_dataset
errors = []
for kwargs in [dict(label_name='zz'), dict(select_columns=['zz']),
               dict(select_columns=['a'], label_name='b'), dict(column_names=['a', 'a']),
               dict(select_columns=['a'], column_defaults=[0, 0])]:
    try:
        mk(f, 1, **kwargs)
        errors.append(None)
    except Exception as e:
        errors.append(type(e).__name__)
try:
    mk(os.path.join(d, 'nothing*.csv'), 1)
except Exception as e:
    errors.append(type(e).__name__)
result = errors
""", c_csv=b"a,b\n1,2\n"),
    "csv_inference_bad_row": _files("tf.data.experimental.make_csv_dataset(os.path.join(d, "
                                    "'c.csv'), 2)", c_csv=b"a,b\n1,2\n3\n"),
    "csv_parse_error": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), 2, column_defaults=[0, 0],
                                           shuffle=False, num_epochs=1)
result = list(ds)
""", c_csv=b"a,b\n1,2\n3,x\n"),
    "csv_required_missing": _files("""
ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), 2,
    column_defaults=[tf.int64, tf.float64], shuffle=False, num_epochs=1)
result = list(ds)
""", c_csv=b"a,b\n1,2\n3,\n"),
    "csv_dataset": _files("""
f = os.path.join(d, 'c.csv')
ds = tf.data.experimental.CsvDataset(f, [tf.int32, 0.0], header=True)
result = [list(ds), """ + _SPEC.format("ds.element_spec") + """,
          list(tf.data.experimental.CsvDataset(f, [tf.int64], header=True, select_cols=[1])),
          list(tf.data.experimental.CsvDataset(f, [0.0], header=True, exclude_cols=[0]))]
""", c_csv=b"a,b\n1,2\n3,4\n"),
    "csv_dataset_quoted_newline": _files("""
ds = tf.data.experimental.CsvDataset(os.path.join(d, 'c.csv'), ['', 0])
result = list(ds.as_numpy_iterator())
""", c_csv=b'"a\nb",1\nc,2\n'),
    "csv_dataset_field_counts": _files("""
f = os.path.join(d, 'c.csv')
errors = []
for defaults in ([0, 0], [0, 0, 0, 0]):
    try:
        list(tf.data.experimental.CsvDataset(f, defaults))
    except Exception as e:
        errors.append(type(e).__name__)
result = errors
""", c_csv=b"1,2,3\n"),
    "csv_dataset_select_errors": _files("""
f = os.path.join(d, 'c.csv')
errors = []
for cols in ([2, 0], [0]):
    try:
        tf.data.experimental.CsvDataset(f, [0, 0], select_cols=cols)
    except Exception as e:
        errors.append(type(e).__name__)
result = errors
""", c_csv=b"1,2,3\n"),
}
