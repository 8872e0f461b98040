"""tf.lookup reference snippets: static tables from tensors and text files, vocabulary tables
with FarmHash OOV buckets, mutable tables, dtypes and errors."""

_KV = "init = tf.lookup.KeyValueTensorInitializer(['a', 'b', 'c'], [1, 2, 3])\n"
_FILE = """
import tempfile, os
path = os.path.join(tempfile.mkdtemp(), 'vocab.txt')
with open(path, 'w') as f:
    f.write('emerson\\tx\\nlake\\ty\\npalmer\\tz\\n')
"""

SNIPPETS = {
    "initializer_dtypes": _KV + "result = [init.key_dtype.name, init.value_dtype.name]",
    "initializer_float_values": (
        "init = tf.lookup.KeyValueTensorInitializer([1, 2], [3., 4.])\n"
        "result = [init.key_dtype.name, init.value_dtype.name]"),
    "static_lookup": _KV + "t = tf.lookup.StaticHashTable(init, -1)\n"
                           "result = t.lookup(tf.constant([['a', 'z'], ['c', 'b']]))",
    "static_lookup_scalar": _KV + "result = tf.lookup.StaticHashTable(init, -1)"
                                  ".lookup(tf.constant('b'))",
    "static_getitem": _KV + "result = tf.lookup.StaticHashTable(init, 7)[tf.constant(['q'])]",
    "static_size": _KV + "result = tf.lookup.StaticHashTable(init, -1).size()",
    "static_default_value": _KV + "result = tf.lookup.StaticHashTable(init, -1).default_value",
    "static_export_sorted": _KV + (
        "k, v = tf.lookup.StaticHashTable(init, -1).export()\n"
        "order = np.argsort(k.numpy())\n"
        "result = [k.numpy()[order].tolist(), v.numpy()[order].tolist(), k.dtype.name, "
        "v.dtype.name]"),
    "static_int_to_string": (
        "init = tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2], tf.int64), "
        "['x', 'y'])\n"
        "result = tf.lookup.StaticHashTable(init, '?').lookup(tf.constant([[1, 3]], tf.int64))"),
    "static_int64_to_int64": (
        "init = tf.lookup.KeyValueTensorInitializer(tf.constant([10, 20], tf.int64), "
        "tf.constant([1, 2], tf.int64))\n"
        "result = tf.lookup.StaticHashTable(init, -5).lookup(tf.constant([20, 30, 10], "
        "tf.int64))"),
    "static_string_to_float": (
        "init = tf.lookup.KeyValueTensorInitializer(['a', 'b'], [0.5, 1.5])\n"
        "result = tf.lookup.StaticHashTable(init, 0.0).lookup(tf.constant(['b', 'x']))"),
    "static_wrong_key_dtype": _KV + "tf.lookup.StaticHashTable(init, -1).lookup("
                                    "tf.constant([1]))\nresult = 0",
    "static_duplicate_conflict": (
        "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a', 'a'], [1, 2]), "
        "-1)\nresult = 0"),
    "static_duplicate_same": (
        "result = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a', 'a'], "
        "[1, 1]), -1).size()"),
    "static_in_function": _KV + (
        "t = tf.lookup.StaticHashTable(init, -1)\n"
        "f = tf.function(lambda x: t.lookup(x) * 2)\n"
        "result = [f(tf.constant(['b', 'q'])), f(tf.constant([['c']]))]"),
    "static_in_dataset_map": _KV + (
        "t = tf.lookup.StaticHashTable(init, -1)\n"
        "ds = tf.data.Dataset.from_tensor_slices(['a', 'c', 'x']).map(t.lookup)\n"
        "result = [x for x in ds]"),
    "vocab_table_strings": _KV.replace("[1, 2, 3]", "tf.constant([0, 1, 2], tf.int64)") + (
        "t = tf.lookup.StaticVocabularyTable(init, 5)\n"
        "result = [t.lookup(tf.constant(['a', 'c', 'hello', 'world', 'tensorflow', ''])), "
        "t.size()]"),
    "vocab_table_ints": (
        "init = tf.lookup.KeyValueTensorInitializer(tf.constant([5, 7], tf.int64), "
        "tf.constant([0, 1], tf.int64))\n"
        "t = tf.lookup.StaticVocabularyTable(init, 3)\n"
        "result = [t.lookup(tf.constant([5, 9, 11, 7, -4, 123456789], tf.int64)), t.size()]"),
    "vocab_table_zero_buckets": _KV.replace("[1, 2, 3]", "tf.constant([0, 1, 2], tf.int64)") +
        "tf.lookup.StaticVocabularyTable(init, 0)\nresult = 0",
    "vocab_table_int32_values": _KV + "tf.lookup.StaticVocabularyTable(init, 1)\nresult = 0",
    "vocab_table_in_function": _KV.replace("[1, 2, 3]", "tf.constant([0, 1, 2], tf.int64)") + (
        "t = tf.lookup.StaticVocabularyTable(init, 2)\n"
        "result = tf.function(lambda x: t.lookup(x))(tf.constant(['b', 'zz', 'yy']))"),
    "text_file_whole_line": _FILE + (
        "init = tf.lookup.TextFileInitializer(path, tf.string, "
        "tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER)\n"
        "t = tf.lookup.StaticHashTable(init, -1)\n"
        "result = [t.lookup(tf.constant(['lake\\ty', 'emerson'])), t.size()]"),
    "text_file_columns": _FILE + (
        "init = tf.lookup.TextFileInitializer(path, tf.string, 0, tf.string, 1, "
        "delimiter='\\t')\n"
        "result = tf.lookup.StaticHashTable(init, '-').lookup(tf.constant(['palmer', 'x']))"),
    "text_file_line_number_keys": _FILE + (
        "init = tf.lookup.TextFileInitializer(path, tf.int64, "
        "tf.lookup.TextFileIndex.LINE_NUMBER, tf.string, 0)\n"
        "result = tf.lookup.StaticHashTable(init, '?').lookup(tf.constant([2, 0, 5], "
        "tf.int64))"),
    "text_file_vocab_size": _FILE + (
        "init = tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, "
        "tf.lookup.TextFileIndex.LINE_NUMBER, vocab_size=2)\n"
        "result = tf.lookup.StaticHashTable(init, -1).lookup(tf.constant(['lake', "
        "'palmer']))"),
    "text_file_vocab_table": _FILE + (
        "init = tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, "
        "tf.lookup.TextFileIndex.LINE_NUMBER)\n"
        "result = tf.lookup.StaticVocabularyTable(init, 4).lookup(tf.constant(['lake', "
        "'bob', 'emerson']))"),
    "text_file_index_values": "result = [int(tf.lookup.TextFileIndex.WHOLE_LINE), "
                              "int(tf.lookup.TextFileIndex.LINE_NUMBER)]",
    "mutable_insert_lookup": (
        "m = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)\n"
        "m.insert(tf.constant(['a', 'b']), tf.constant([1, 2], tf.int64))\n"
        "m.insert(tf.constant(['b']), tf.constant([5], tf.int64))\n"
        "result = [m.lookup(tf.constant(['a', 'b', 'q'])), m.size()]"),
    "mutable_remove_export": (
        "m = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)\n"
        "m.insert(tf.constant(['a', 'b', 'c']), tf.constant([1, 2, 3], tf.int64))\n"
        "m.remove(tf.constant(['a', 'zz']))\n"
        "k, v = m.export()\n"
        "order = np.argsort(k.numpy())\n"
        "result = [k.numpy()[order].tolist(), v.numpy()[order].tolist(), m.size()]"),
    "mutable_vector_values": (
        "m = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, [0., 0.])\n"
        "m.insert(tf.constant([3], tf.int64), tf.constant([[1., 2.]]))\n"
        "result = m.lookup(tf.constant([3, 4], tf.int64))"),
    "mutable_wrong_key_dtype": (
        "m = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)\n"
        "m.lookup(tf.constant([1]))\nresult = 0"),
    "dense_table": (
        "d = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1, "
        "empty_key=0, deleted_key=-1)\n"
        "d.insert(tf.constant([5, 6], tf.int64), tf.constant([50, 60], tf.int64))\n"
        "d.erase(tf.constant([5], tf.int64))\n"
        "result = [d.lookup(tf.constant([5, 6, 7], tf.int64)), d.size()]"),
    "dense_table_reserved_key": (
        "d = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1, "
        "empty_key=0, deleted_key=-1)\n"
        "d.insert(tf.constant([0], tf.int64), tf.constant([1], tf.int64))\nresult = 0"),
    "no_dataset_initializer": "result = hasattr(tf.lookup.experimental, "
                              "'DatasetInitializer')",
}
