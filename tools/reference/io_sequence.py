"""TF2 reference snippets for tf.io.parse_single_sequence_example / parse_sequence_example."""

_SETUP = """def f_int(v): return tf.train.Feature(int64_list=tf.train.Int64List(value=v))
def f_flt(v): return tf.train.Feature(float_list=tf.train.FloatList(value=v))
def f_b(v): return tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
def seq(tokens, frames, label, words):
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={'label': f_int([label]), 'name': f_b([b'n%d' % label])}),
        feature_lists=tf.train.FeatureLists(feature_list={
            'tokens': tf.train.FeatureList(feature=[f_int([t]) for t in tokens]),
            'frames': tf.train.FeatureList(feature=[f_flt(fr) for fr in frames]),
            'words': tf.train.FeatureList(feature=[f_b(w) for w in words])})).SerializeToString()
a = seq([1, 2, 3], [[.1, .2], [.3, .4]], 0, [[b'a', b'b'], [b'c']])
b = seq([4], [[.5, .6]], 1, [[b'd']])
c = seq([], [], 2, [])
ctx = {'label': tf.io.FixedLenFeature([], tf.int64), 'name': tf.io.VarLenFeature(tf.string),
       'missing': tf.io.FixedLenFeature([], tf.float32, default_value=-1.0)}
sq = {'tokens': tf.io.FixedLenSequenceFeature([], tf.int64),
      'frames': tf.io.FixedLenSequenceFeature([2], tf.float32),
      'words': tf.io.VarLenFeature(tf.string),
      'absent': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}
def show(d):
    out = {}
    for k, v in sorted(d.items()):
        if isinstance(v, tf.sparse.SparseTensor):
            out[k] = ['sparse', v.indices.numpy().tolist(), v.values.numpy().tolist(),
                      v.dense_shape.numpy().tolist()]
        else:
            out[k] = [v.dtype.name, v.numpy().tolist()]
    return out
"""
SNIPPETS = {
    "single": _SETUP + "x, y = tf.io.parse_single_sequence_example(a, ctx, sq)\n"
                       "result = [show(x), show(y)]",
    "single_empty_lists": _SETUP + "x, y = tf.io.parse_single_sequence_example(c, ctx, {"
                                   "'tokens': sq['tokens'], 'words': sq['words']})\n"
                                   "result = [show(x), show(y)]",
    "batch": _SETUP + "x, y, n = tf.io.parse_sequence_example([a, b, c], ctx, sq)\n"
                      "result = [show(x), show(y), show(n)]",
    "batch_sequence_only": _SETUP + "x, y, n = tf.io.parse_sequence_example([b, a], "
                                    "sequence_features={'frames': sq['frames']})\n"
                                    "result = [show(x), show(y), show(n)]",
    "single_context_only": _SETUP + "x, y = tf.io.parse_single_sequence_example(b, ctx)\n"
                                    "result = [show(x), show(y)]",
    "missing_list": _SETUP + "tf.io.parse_single_sequence_example(a, None, {'nope': "
                             "tf.io.FixedLenSequenceFeature([], tf.int64)})",
    "missing_list_batch": _SETUP + "tf.io.parse_sequence_example([a], None, {'nope': "
                                   "tf.io.FixedLenSequenceFeature([], tf.int64)})",
    "wrong_step_size": _SETUP + "tf.io.parse_single_sequence_example(a, None, {'frames': "
                                "tf.io.FixedLenSequenceFeature([3], tf.float32)})",
    "wrong_type": _SETUP + "tf.io.parse_single_sequence_example(a, None, {'tokens': "
                           "tf.io.FixedLenSequenceFeature([], tf.float32)})",
    "no_features": _SETUP + "tf.io.parse_single_sequence_example(a)",
    "single_needs_scalar": _SETUP + "tf.io.parse_single_sequence_example([a], ctx, sq)",
    "in_function": _SETUP + """@tf.function
def g(x):
    _, s, n = tf.io.parse_sequence_example(x, ctx, sq)
    return s['tokens'], n['tokens'], s['words'].dense_shape
result = [t.numpy().tolist() for t in g(tf.constant([a, b]))]""",
    "dataset_spec": _SETUP + "d = tf.data.Dataset.from_tensor_slices([a, b, c]).map(lambda x: "
                             "tf.io.parse_single_sequence_example(x, ctx, sq))\n"
                             "result = repr(d.element_spec)",
    "dataset_padded": _SETUP + "d = tf.data.Dataset.from_tensor_slices([a, b, c]).map(lambda x: "
                               "tf.io.parse_single_sequence_example(x, ctx, sq)[1]['tokens'])"
                               ".padded_batch(3)\nresult = [x.tolist() for x in "
                               "d.as_numpy_iterator()]",
}
