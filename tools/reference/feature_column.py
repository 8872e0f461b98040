"""TF2 reference snippets: tf.feature_column outputs (through DenseFeatures, or TF 2.21's
tf.compat.v1.feature_column.input_layer where Keras 3 has no DenseFeatures), parse specs and
argument errors."""

# Both frameworks: the dense features of `cols` for the `feats` dict.
_DENSE = """
fc = tf.feature_column
def dense(cols, feats):
    if hasattr(fc, "DenseFeatures"):
        return fc.DenseFeatures(cols)(feats)
    return tf.compat.v1.feature_column.input_layer(feats, cols)
"""


def _s(body: str) -> str:
    return _DENSE + body


SNIPPETS = {
    "numeric_shapes": _s(
        "result = dense([fc.numeric_column('b', shape=(2,)), fc.numeric_column('a')],"
        " {'a': tf.constant([5., 6.]), 'b': tf.constant([[1., 2.], [3., 4.]])})"),
    "numeric_int_input_normalizer": _s(
        "result = dense([fc.numeric_column('a', normalizer_fn=lambda x: x * 2)],"
        " {'a': tf.constant([[1], [2]])})"),
    "bucketize_edges": _s(
        "b = fc.bucketized_column(fc.numeric_column('x'), [0., 1., 2.])\n"
        "result = dense([b], {'x': tf.constant([[-1.], [0.], [0.5], [1.], [2.], [3.]])})"),
    "bucketize_shape2_indicator": _s(
        "b = fc.bucketized_column(fc.numeric_column('x', shape=(2,)), [0.])\n"
        "result = dense([fc.indicator_column(b)], {'x': tf.constant([[-1., 1.], [0., -2.]])})"),
    "vocab_oov_buckets": _s(
        "v = fc.categorical_column_with_vocabulary_list('s', ['a', 'b', 'c'], num_oov_buckets=2)\n"
        "result = dense([fc.indicator_column(v)],"
        " {'s': tf.constant([['a', 'z'], ['b', ''], ['q', 'a'], ['hello', 'world']])})"),
    "vocab_int_oov": _s(
        "v = fc.categorical_column_with_vocabulary_list('i', [10, 20], num_oov_buckets=3)\n"
        "result = dense([fc.indicator_column(v)], {'i': tf.constant([[10, 7], [99, -1]])})"),
    "vocab_default_value": _s(
        "v = fc.categorical_column_with_vocabulary_list('d', ['a', 'b'], default_value=0)\n"
        "result = dense([fc.indicator_column(v)], {'d': tf.constant([['a', 'x'], ['b', '']])})"),
    "vocab_no_default_drops_oov": _s(
        "v = fc.categorical_column_with_vocabulary_list('d', ['a', 'b'])\n"
        "result = dense([fc.indicator_column(v)], {'d': tf.constant([['a', 'x'], ['b', 'b']])})"),
    "hash_bucket_strings": _s(
        "h = fc.categorical_column_with_hash_bucket('h', 11)\n"
        "words = ['a', 'b', 'hello', 'tensorflow', 'x' * 20, 'y' * 40, 'z' * 100, 'caf\\u00e9']\n"
        "result = tf.argmax(dense([fc.indicator_column(h)],"
        " {'h': tf.constant([[w] for w in words])}), axis=1)"),
    "hash_bucket_ints": _s(
        "h = fc.categorical_column_with_hash_bucket('h', 7, dtype=tf.int64)\n"
        "result = dense([fc.indicator_column(h)],"
        " {'h': tf.constant([[1], [22], [333]], tf.int64)})"),
    "identity_default": _s(
        "c = fc.categorical_column_with_identity('id', 4, default_value=0)\n"
        "result = dense([fc.indicator_column(c)], {'id': tf.constant([[1, 1], [7, 2], [-1, 3]])})"),
    "identity_sparse_multi_hot": _s(
        "c = fc.categorical_column_with_identity('id', 4)\n"
        "sp = tf.sparse.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 1, 3], tf.int64),"
        " [2, 3])\n"
        "result = dense([fc.indicator_column(c)], {'id': sp})"),
    "weighted_indicator": _s(
        "c = fc.weighted_categorical_column(fc.categorical_column_with_identity('id', 3), 'w')\n"
        "result = dense([fc.indicator_column(c)], {'id': tf.constant([[0, 2], [1, 1]]),"
        " 'w': tf.constant([[0.5, 2.], [1., 3.]])})"),
    "embedding_constant_sqrtn": _s(
        "c = fc.categorical_column_with_identity('id', 3)\n"
        "e = fc.embedding_column(c, 2, combiner='sqrtn',"
        " initializer=lambda shape, dtype=None, partition_info=None:"
        " tf.reshape(tf.range(6, dtype=tf.float32), shape))\n"
        "result = dense([e], {'id': tf.constant([[0, 2], [1, -1], [-1, -1]])})"),
    "crossed_bucketized_dense_string": _s(
        "b = fc.bucketized_column(fc.numeric_column('x'), [0., 1.])\n"
        "c = fc.crossed_column(['s', b], 13)\n"
        "result = dense([fc.indicator_column(c)], {'s': tf.constant([['a', 'b'], ['c', '']]),"
        " 'x': tf.constant([[0.5], [-3.]])})"),
    "crossed_three_keys_hash_key": _s(
        "c = fc.crossed_column(['s', 'i', fc.categorical_column_with_identity('id', 5)], 17,"
        " hash_key=7)\n"
        "result = dense([fc.indicator_column(c)], {'s': tf.constant([['a'], ['hello']]),"
        " 'i': tf.constant([[3, 4], [5, -1]], tf.int64), 'id': tf.constant([[1], [2]])})"),
    "crossed_sparse_strings": _s(
        "sp = tf.sparse.SparseTensor([[0, 0], [0, 1], [1, 0]], ['p', 'q', 'r'], [3, 2])\n"
        "v = fc.categorical_column_with_vocabulary_list('v', ['u', 'w'])\n"
        "c = fc.crossed_column([v, 's', 't'], 23)\n"
        "result = [c.name, dense([fc.indicator_column(c)], {'s': sp,"
        " 't': tf.constant([['m'], ['n'], ['o']]), 'v': tf.constant([['u'], ['w'], ['u']])})]"),
    "error_crossed_hashed_key": "tf.feature_column.crossed_column(["
                                "tf.feature_column.categorical_column_with_hash_bucket('h', 5),"
                                " 's'], 10)",
    "error_crossed_one_key": "tf.feature_column.crossed_column(['s'], 10)",
    "column_names": (
        "fc = tf.feature_column\n"
        "c = fc.categorical_column_with_identity('id', 3)\n"
        "x = fc.numeric_column('x')\n"
        "result = [fc.bucketized_column(x, [1.]).name, fc.indicator_column(c).name,"
        " fc.embedding_column(c, 2).name, fc.weighted_categorical_column(c, 'w').name,"
        " fc.bucketized_column(x, [1., 2.]).num_buckets]"),
    "parse_spec": (
        "fc = tf.feature_column\n"
        "spec = fc.make_parse_example_spec([fc.numeric_column('x', shape=(2,), default_value=1.),"
        " fc.embedding_column(fc.categorical_column_with_vocabulary_list('s', ['a']), 3),"
        " fc.weighted_categorical_column(fc.categorical_column_with_identity('id', 3), 'w')])\n"
        "result = sorted((k, type(v).__name__, str(v.dtype.name),"
        " getattr(v, 'shape', None) and list(v.shape),"
        " getattr(v, 'default_value', None) and list(v.default_value))"
        " for k, v in spec.items())"),
    "error_unsorted_boundaries": "tf.feature_column.bucketized_column("
                                 "tf.feature_column.numeric_column('x'), [1., 0.])",
    "error_identity_default_range": "tf.feature_column.categorical_column_with_identity("
                                    "'id', 3, default_value=3)",
    "error_vocab_oov_and_default": "tf.feature_column.categorical_column_with_vocabulary_list("
                                   "'s', ['a'], default_value=0, num_oov_buckets=1)",
    "error_vocab_duplicates": "tf.feature_column.categorical_column_with_vocabulary_list("
                              "'s', ['a', 'a'])",
    "error_hash_size": "tf.feature_column.categorical_column_with_hash_bucket('h', 0)",
    "error_numeric_shape": "tf.feature_column.numeric_column('x', shape=(0,))",
    "error_embedding_dimension": "tf.feature_column.embedding_column("
                                 "tf.feature_column.categorical_column_with_identity('i', 3), 0)",
    "error_indicator_of_numeric": "tf.feature_column.indicator_column("
                                  "tf.feature_column.numeric_column('x'))",
}
