"""TF2 reference snippets: tf.io.RaggedFeature parsing, serialize_sparse /
serialize_many_sparse / deserialize_many_sparse (bytes as TF writes them), decode_compressed."""

_EX = """def ex(v, lens, f=None):
    feature = {'v': tf.train.Feature(int64_list=tf.train.Int64List(value=v)),
               'lens': tf.train.Feature(int64_list=tf.train.Int64List(value=lens))}
    if f is not None:
        feature['f'] = tf.train.Feature(float_list=tf.train.FloatList(value=f))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()
a, b, c = ex([1, 2, 3], [2, 1], [0.5]), ex([4], [1]), ex([], [])
"""
_ST = "st = tf.sparse.SparseTensor([[0, 1], [2, 0], [2, 3]], [5, 6, 7], [3, 4])\n"
_PARTS = "def parts(x):\n    return [x.indices.numpy().tolist(), x.values.numpy().tolist(), " \
         "x.dense_shape.numpy().tolist()]\n"


def _rag(expr):
    return f"r = {expr}\nresult = [type(r).__name__ == 'RaggedTensor', r.to_list() if " \
           f"hasattr(r, 'to_list') else r.numpy().tolist(), r.dtype.name]"


SNIPPETS = {
    "single_no_partition": _EX + "x = tf.io.parse_single_example(a, {'v': tf.io.RaggedFeature("
                                 "tf.int64)})['v']\nresult = [type(x).__name__ == 'RaggedTensor', "
                                 "x.numpy().tolist()]",
    "batch_no_partition": _EX + _rag("tf.io.parse_example([a, b, c], {'v': "
                                     "tf.io.RaggedFeature(tf.int64)})['v']"),
    "batch_splits_dtype": _EX + "r = tf.io.parse_example([a, b], {'v': tf.io.RaggedFeature("
                                "tf.int64)})['v']\nresult = r.row_splits.dtype.name",
    "batch_splits_int64": _EX + "r = tf.io.parse_example([a, b], {'v': tf.io.RaggedFeature("
                                "tf.int64, row_splits_dtype=tf.int64)})['v']\n"
                                "result = [r.row_splits.dtype.name, r.to_list()]",
    "single_row_lengths": _EX + _rag("tf.io.parse_single_example(a, {'x': tf.io.RaggedFeature("
                                     "tf.int64, value_key='v', partitions=["
                                     "tf.io.RaggedFeature.RowLengths('lens')])})['x']"),
    "batch_row_lengths": _EX + _rag("tf.io.parse_example([a, b, c], {'x': tf.io.RaggedFeature("
                                    "tf.int64, value_key='v', partitions=["
                                    "tf.io.RaggedFeature.RowLengths('lens')])})['x']"),
    "batch_uniform": _EX + _rag("tf.io.parse_example([a, b], {'x': tf.io.RaggedFeature("
                                "tf.int64, value_key='v', partitions=["
                                "tf.io.RaggedFeature.UniformRowLength(1)])})['x']"),
    "single_row_splits": _EX + _rag("tf.io.parse_single_example(ex([1, 2, 3], [0, 1, 3]), "
                                    "{'x': tf.io.RaggedFeature(tf.int64, value_key='v', "
                                    "partitions=[tf.io.RaggedFeature.RowSplits('lens')])})['x']"),
    "single_value_rowids": _EX + _rag("tf.io.parse_single_example(ex([1, 2, 3], [0, 0, 2]), "
                                      "{'x': tf.io.RaggedFeature(tf.int64, value_key='v', "
                                      "partitions=[tf.io.RaggedFeature.ValueRowIds('lens')])})"
                                      "['x']"),
    "mixed_with_plain": _EX + "d = tf.io.parse_example([a, b], {'v': tf.io.RaggedFeature("
                              "tf.int64), 'f': tf.io.FixedLenFeature([], tf.float32, "
                              "default_value=-1.0)})\nresult = [sorted(d), d['v'].to_list(), "
                              "d['f'].numpy().tolist()]",
    "repr": "repr(tf.io.RaggedFeature(tf.float32))",
    "repr_partitions": "repr(tf.io.RaggedFeature(tf.int64, value_key='v', partitions=["
                       "tf.io.RaggedFeature.RowLengths('l'), "
                       "tf.io.RaggedFeature.UniformRowLength(2)]))",
    "in_dataset": _EX + "d = tf.data.Dataset.from_tensor_slices([a, b]).map(lambda s: "
                        "tf.io.parse_single_example(s, {'v': tf.io.RaggedFeature(tf.int64)}))\n"
                        "result = [repr(d.element_spec), [x['v'].numpy().tolist() for x in d]]",
    "in_function": _EX + """@tf.function
def g(s):
    return tf.io.parse_example(s, {'x': tf.io.RaggedFeature(tf.int64, value_key='v',
        partitions=[tf.io.RaggedFeature.RowLengths('lens')])})['x'].flat_values
result = g(tf.constant([a, b]))""",
    "serialize_sparse": _ST + "s = tf.io.serialize_sparse(st)\n"
                              "result = [s.shape.as_list(), s.dtype.name, s.numpy().tolist()]",
    "serialize_many_sparse": _ST + "s = tf.io.serialize_many_sparse(st)\n"
                                   "result = [s.shape.as_list(), s.numpy().tolist()]",
    "deserialize_many_sparse": _ST + _PARTS + "result = parts(tf.io.deserialize_many_sparse("
                                              "tf.stack([tf.io.serialize_sparse(st), "
                                              "tf.io.serialize_sparse(st)]), tf.int32))",
    "deserialize_round_trip": _ST + _PARTS + "result = parts(tf.io.deserialize_many_sparse("
                                             "tf.io.serialize_many_sparse(st), tf.int32))",
    "decode_compressed_none": "tf.io.decode_compressed(tf.constant([b'abc', b'']))",
    "decode_compressed_zlib": "import zlib\nresult = tf.io.decode_compressed(tf.constant("
                              "[zlib.compress(b'hello'), zlib.compress(b'x' * 50)]), 'ZLIB')",
    "decode_compressed_gzip": "import gzip\nresult = tf.io.decode_compressed(gzip.compress("
                              "b'payload', mtime=0), compression_type='GZIP')",
}
