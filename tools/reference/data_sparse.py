"""TF2 reference snippets: SparseTensors in tf.data pipelines (slicing, batch, unbatch, map,
filter, from_generator, parse_example in map, sparse_batch) and the rest of
tf.data.experimental (group_by_reducer, pad_to_cardinality, at, tables from datasets...)."""

_ST = "st = tf.sparse.SparseTensor([[0, 0], [1, 2], [2, 1]], [1., 2., 3.], [3, 3])\n"
_PARTS = "def parts(x):\n    return [x.indices.numpy().tolist(), x.values.numpy().tolist(), " \
         "x.dense_shape.numpy().tolist()]\n"
_EX = """def ex(v, d):
    return tf.train.Example(features=tf.train.Features(feature={
        'v': tf.train.Feature(int64_list=tf.train.Int64List(value=v)),
        'd': tf.train.Feature(float_list=tf.train.FloatList(value=[d]))})).SerializeToString()
spec = {'v': tf.io.VarLenFeature(tf.int64), 'd': tf.io.FixedLenFeature([], tf.float32)}
serialized = [ex([1, 2, 3], 0.5), ex([7], 1.5), ex([], 2.5)]
"""
SNIPPETS = {
    "slices_spec": _ST + "result = repr(tf.data.Dataset.from_tensor_slices(st).element_spec)",
    "slices_values": _ST + _PARTS + "result = [parts(x) for x in "
                                    "tf.data.Dataset.from_tensor_slices(st)]",
    "from_tensors_spec": _ST + "result = repr(tf.data.Dataset.from_tensors(st).element_spec)",
    "from_tensors_value": _ST + _PARTS + "result = [parts(x) for x in "
                                         "tf.data.Dataset.from_tensors(st)]",
    "as_numpy": _ST + "result = list(tf.data.Dataset.from_tensor_slices(st).as_numpy_iterator())",
    "batch_spec": _ST + "result = repr(tf.data.Dataset.from_tensor_slices(st).batch(2)"
                        ".element_spec)",
    "batch_values": _ST + _PARTS + "result = [parts(x) for x in "
                                   "tf.data.Dataset.from_tensor_slices(st).batch(2)]",
    "batch_drop_spec": _ST + "result = repr(tf.data.Dataset.from_tensor_slices(st).batch(2, "
                             "drop_remainder=True).element_spec)",
    "unbatch": _ST + _PARTS + "d = tf.data.Dataset.from_tensor_slices(st).batch(2).unbatch()\n"
                              "result = [repr(d.element_spec), [parts(x) for x in d]]",
    "repeat_batch": _ST + _PARTS + "result = [parts(x) for x in "
                                   "tf.data.Dataset.from_tensor_slices(st).repeat(2).batch(4)]",
    "map_to_dense": _ST + "m = tf.data.Dataset.from_tensor_slices(st).map(lambda s: "
                          "tf.sparse.to_dense(s) * 2)\n"
                          "result = [repr(m.element_spec), list(m.as_numpy_iterator())]",
    "map_sparse_to_sparse": _ST + _PARTS + "m = tf.data.Dataset.from_tensor_slices(st).map("
                                           "lambda s: tf.sparse.map_values(tf.negative, s))\n"
                                           "result = [repr(m.element_spec), [parts(x) for x in m]]",
    "zip_spec": _ST + "result = repr(tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(st), "
                      "tf.data.Dataset.range(3))).element_spec)",
    "generator_batch": _PARTS + """def g():
    yield tf.sparse.SparseTensor([[0]], [1], [3])
    yield tf.sparse.SparseTensor([[1], [2]], [5, 6], [4])
d = tf.data.Dataset.from_generator(g, output_signature=tf.SparseTensorSpec([None], tf.int32))
result = [parts(x) for x in d.batch(2)]""",
    "generator_wrong_dtype": """def g():
    yield tf.sparse.SparseTensor([[0]], [1.5], [3])
d = tf.data.Dataset.from_generator(g, output_signature=tf.SparseTensorSpec([None], tf.int32))
result = list(d)""",
    "padded_batch_error": _ST + "tf.data.Dataset.from_tensor_slices(st).padded_batch(2)\nresult = 1",
    "parse_single_in_map": _EX + _PARTS + """d = tf.data.Dataset.from_tensor_slices(serialized).map(
    lambda s: tf.io.parse_single_example(s, spec))
result = [repr(d.element_spec), [[parts(e['v']), float(e['d'])] for e in d]]""",
    "parse_single_then_batch": _EX + _PARTS + """d = tf.data.Dataset.from_tensor_slices(serialized).map(
    lambda s: tf.io.parse_single_example(s, spec)).batch(2)
result = [repr(d.element_spec), [[parts(e['v']), e['d'].numpy().tolist()] for e in d]]""",
    "batch_then_parse": _EX + _PARTS + """d = tf.data.Dataset.from_tensor_slices(serialized).batch(2).map(
    lambda s: tf.io.parse_example(s, spec))
result = [repr(d.element_spec), [parts(e['v']) for e in d]]""",
    "parse_then_densify": _EX + """d = tf.data.Dataset.from_tensor_slices(serialized).map(
    lambda s: tf.io.parse_single_example(s, spec)).map(
    lambda f: (tf.sparse.to_dense(f['v']), f['d']))
result = [repr(d.element_spec), [(a.tolist(), float(b)) for a, b in d.as_numpy_iterator()]]""",
    "parse_then_filter": _EX + """d = tf.data.Dataset.from_tensor_slices(serialized).map(
    lambda s: tf.io.parse_single_example(s, spec)).filter(lambda f: f['d'] > 1.0)
result = [f['d'].numpy().tolist() for f in d]""",
    "parse_example_dataset": _EX + _PARTS + """d = tf.data.Dataset.from_tensor_slices(serialized).batch(3).apply(
    tf.data.experimental.parse_example_dataset(spec))
result = [[parts(e['v']), e['d'].numpy().tolist()] for e in d]""",
    "sparse_batch": _PARTS + """d = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).sparse_batch(2, [5])
result = [repr(d.element_spec), [parts(x) for x in d]]""",
    "dense_to_sparse_batch": _PARTS + """d = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).apply(
    tf.data.experimental.dense_to_sparse_batch(3, [6]))
result = [parts(x) for x in d]""",
    "sparse_batch_2d": _PARTS + """d = tf.data.Dataset.range(1, 4).map(lambda x: tf.ones([x, 2], tf.int32)).sparse_batch(3, [4, 2])
result = [parts(x) for x in d]""",
    "dense_to_ragged_batch": """d = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).apply(
    tf.data.experimental.dense_to_ragged_batch(2))
result = [x.to_list() for x in d]""",
    "group_by_reducer": """r = tf.data.experimental.Reducer(init_func=lambda k: np.int64(0),
    reduce_func=lambda s, x: s + x, finalize_func=lambda s: s)
result = sorted(tf.data.Dataset.range(10).apply(
    tf.data.experimental.group_by_reducer(lambda x: x % 3, r)).as_numpy_iterator())""",
    "group_by_reducer_tuple_state": """r = tf.data.experimental.Reducer(init_func=lambda k: (k, np.int64(0)),
    reduce_func=lambda s, x: (s[0], s[1] + 1), finalize_func=lambda k, n: {'key': k, 'count': n})
result = sorted((int(e['key']), int(e['count'])) for e in tf.data.Dataset.range(7).apply(
    tf.data.experimental.group_by_reducer(lambda x: x % 2, r)).as_numpy_iterator())""",
    "pad_to_cardinality": """d = tf.data.Dataset.from_tensor_slices({'a': [1, 2, 3]})
p = d.apply(tf.data.experimental.pad_to_cardinality(5))
result = [list(p.as_numpy_iterator()), int(p.cardinality())]""",
    "pad_to_cardinality_not_dict": "tf.data.Dataset.range(3).apply("
                                   "tf.data.experimental.pad_to_cardinality(5))",
    "pad_to_cardinality_too_small": "tf.data.Dataset.from_tensor_slices({'a': [1, 2, 3]}).apply("
                                    "tf.data.experimental.pad_to_cardinality(2))",
    "at": "tf.data.experimental.at(tf.data.Dataset.range(10).map(lambda x: x * 2), 3)",
    "shard_hint": "tf.data.experimental.SHARD_HINT",
    "autotune_algorithms": "list(tf.data.experimental.AutotuneAlgorithm.__members__)",
    "ignore_errors_method": """d = tf.data.Dataset.from_tensor_slices([1., 2., 0., 4.]).map(
    lambda x: tf.debugging.check_numerics(1. / x, 'e')).ignore_errors()
result = list(d.as_numpy_iterator())""",
    "dataset_initializer": """init = tf.data.experimental.DatasetInitializer(tf.data.Dataset.zip((
    tf.data.Dataset.from_tensor_slices(['a', 'b']), tf.data.Dataset.range(2))))
t = tf.lookup.StaticHashTable(init, -1)
result = t.lookup(tf.constant(['b', 'z']))""",
    "index_table_from_dataset": """t = tf.data.experimental.index_table_from_dataset(
    tf.data.Dataset.from_tensor_slices(['x', 'y', 'z']), num_oov_buckets=1)
result = t.lookup(tf.constant(['z', 'q', 'x']))""",
    "index_table_default": """t = tf.data.experimental.index_table_from_dataset(
    tf.data.Dataset.from_tensor_slices(['x', 'y', 'z']))
result = t.lookup(tf.constant(['z', 'q']))""",
    "table_from_dataset": """t = tf.data.experimental.table_from_dataset(tf.data.Dataset.zip((
    tf.data.Dataset.from_tensor_slices(['x', 'y']), tf.data.Dataset.range(5, 7))),
    default_value=-9)
result = t.lookup(tf.constant(['y', 'q']))""",
    "rejection_resample_spec": """d = tf.data.Dataset.from_tensor_slices(np.array([0] * 50 + [1] * 50,
    np.int64)).rejection_resample(lambda x: x, [0.5, 0.5], seed=1)
result = repr(d.element_spec)""",
    "rejection_resample_target": """d = tf.data.Dataset.from_tensor_slices(np.array([0] * 900 + [1] * 100,
    np.int64)).shuffle(1000, seed=3).rejection_resample(lambda x: x, [0.5, 0.5],
    initial_dist=[0.9, 0.1], seed=1)
got = [(int(c), int(x)) for c, x in d.as_numpy_iterator()]
frac = sum(c for c, _ in got) / len(got)
result = [all(c == x for c, x in got), bool(0.3 < frac < 0.7), bool(len(got) < 400)]""",
    "snapshot_repeats": """import tempfile, os
path = os.path.join(tempfile.mkdtemp(), 'snap')
d = tf.data.Dataset.range(5).map(lambda x: x * 3).snapshot(path)
a = list(d.as_numpy_iterator())
b = list(d.as_numpy_iterator())
result = [a, b, os.path.isdir(path)]""",
    "make_batched_features_dataset": _EX + """import tempfile, os
path = os.path.join(tempfile.mkdtemp(), 'f.tfrecord')
with tf.io.TFRecordWriter(path) as w:
    for s in serialized:
        w.write(s)
d = tf.data.experimental.make_batched_features_dataset(path, 2, {'d': spec['d']},
    label_key=None, num_epochs=1, shuffle=False)
result = [e['d'].numpy().tolist() for e in d]""",
    "make_batched_features_label": _EX + """import tempfile, os
path = os.path.join(tempfile.mkdtemp(), 'f.tfrecord')
with tf.io.TFRecordWriter(path) as w:
    for s in serialized:
        w.write(s)
d = tf.data.experimental.make_batched_features_dataset(path, 3, spec, label_key='d',
    num_epochs=1, shuffle=False)
result = [(sorted(x), y.numpy().tolist()) for x, y in d]""",
}
