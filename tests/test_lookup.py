"""tf.lookup: static and vocabulary tables eagerly, in tf.function and Dataset.map graphs, in a
SavedModel; text-file initializers; mutable tables; OOV buckets against FarmHash."""
import os

import numpy as np
import pytest

import fluxion as tf
from fluxion.feature_column import _farmhash


def _table(default=-1):
    init = tf.lookup.KeyValueTensorInitializer(["emerson", "lake", "palmer"],
                                               tf.constant([0, 1, 2], tf.int64))
    return tf.lookup.StaticHashTable(init, default)


def test_static_lookup_shapes_and_default():
    table = _table()
    out = table.lookup(tf.constant([["lake", "x"], ["palmer", "emerson"]]))
    assert out.dtype == tf.int64 and out.shape == (2, 2)
    np.testing.assert_array_equal(out.numpy(), [[1, -1], [2, 0]])
    assert table.lookup(tf.constant("x")).numpy() == -1
    assert table.lookup(tf.constant([], tf.string)).shape == (0,)
    assert int(table.size()) == 3 and table.key_dtype == tf.string


def test_static_lookup_many_keys_vectorised():
    keys = np.array([f"w{i}".encode() for i in range(5000)], object)
    init = tf.lookup.KeyValueTensorInitializer(keys, np.arange(5000, dtype=np.int64))
    table = tf.lookup.StaticHashTable(init, -1)
    query = np.array([b"w4999", b"w0", b"nope", b"w123"], object)
    np.testing.assert_array_equal(table.lookup(tf.constant(query)).numpy(), [4999, 0, -1, 123])


def test_static_table_in_function_retraces_shapes():
    table = _table()
    f = tf.function(lambda x: table.lookup(x) + 1)
    np.testing.assert_array_equal(f(tf.constant(["lake"])).numpy(), [2])
    np.testing.assert_array_equal(f(tf.constant(["x", "palmer", "lake"])).numpy(), [0, 3, 2])


def test_static_table_in_dataset_map_batched():
    table = _table()
    ds = tf.data.Dataset.from_tensor_slices(["palmer", "x", "lake"]).batch(2).map(table.lookup)
    got = [b.numpy().tolist() for b in ds]
    assert got == [[2, -1], [1]]


def test_sparse_keys_keep_structure():
    table = _table()
    sp = tf.sparse.SparseTensor([[0, 0], [1, 2]], tf.constant(["lake", "zz"]), [2, 3])
    out = table.lookup(sp)
    np.testing.assert_array_equal(out.values.numpy(), [1, -1])
    np.testing.assert_array_equal(out.indices.numpy(), [[0, 0], [1, 2]])


def test_vocabulary_table_buckets_are_farmhash():
    init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
    table = tf.lookup.StaticVocabularyTable(init, 7)
    words = [b"hello", b"a much longer word than sixteen bytes", b"", b"b"]
    got = table.lookup(tf.constant(words)).numpy()
    expected = [2 + _farmhash.fingerprint64(w) % 7 for w in words[:3]] + [1]
    np.testing.assert_array_equal(got, expected)
    assert int(table.size()) == 9


def test_vocabulary_table_int32_lookup_key_dtype():
    init = tf.lookup.KeyValueTensorInitializer(tf.constant([5, 7], tf.int64),
                                               tf.constant([0, 1], tf.int64))
    table = tf.lookup.StaticVocabularyTable(init, 3, lookup_key_dtype=tf.int32)
    got = table.lookup(tf.constant([7, 9], tf.int32)).numpy()
    assert got[0] == 1 and got[1] == 2 + _farmhash.fingerprint64(b"9") % 3


def test_text_file_initializer_offset_and_errors(tmp_path):
    path = os.path.join(tmp_path, "v.txt")
    with open(path, "w") as f:
        f.write("a\r\nb\nc\n")
    init = tf.lookup.TextFileInitializer(path, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE,
                                         tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER,
                                         value_index_offset=2)
    table = tf.lookup.StaticHashTable(init, -1)
    np.testing.assert_array_equal(table.lookup(tf.constant(["a", "c", "d"])).numpy(),
                                  [2, 4, -1])
    with pytest.raises(tf.errors.NotFoundError):
        tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            os.path.join(tmp_path, "missing.txt"), tf.string, -2, tf.int64, -1), -1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            path, tf.string, 3, tf.int64, -1), -1)


def test_static_table_in_saved_model(tmp_path):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))

    class Lookup(tf.Module):
        def __init__(self):
            super().__init__()
            self.table = tf.lookup.StaticVocabularyTable(init, 2)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def __call__(self, x):
            return self.table.lookup(x)

    module = Lookup()
    path = os.path.join(tmp_path, "sm")
    tf.saved_model.save(module, path)
    restored = tf.saved_model.load(path)
    query = tf.constant(["b", "zz", "a", "qq"])
    np.testing.assert_array_equal(restored(query).numpy(), module(query).numpy())


def test_mutable_table_in_function_acts_per_call():
    table = tf.lookup.experimental.MutableHashTable(tf.int64, tf.int64, 0)

    @tf.function
    def bump(keys):
        table.insert(keys, table.lookup(keys) + 1)
        return table.size()

    assert int(bump(tf.constant([1, 2], tf.int64))) == 2
    assert int(bump(tf.constant([2, 3], tf.int64))) == 3
    assert int(bump(tf.constant([5, 3], tf.int64))) == 4
    keys, values = table.export()
    assert dict(zip(keys.numpy().tolist(), values.numpy().tolist())) == {1: 1, 2: 2, 3: 2,
                                                                         5: 1}


def test_mutable_table_vectors_and_dynamic_default():
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.float32, [-1.0, -1.0])
    table.insert(["a"], [[1.0, 2.0]])
    out = table.lookup(tf.constant(["a", "b"]), dynamic_default_values=[[9.0, 9.0]])
    np.testing.assert_array_equal(out.numpy(), [[1.0, 2.0], [9.0, 9.0]])
    assert out.dtype == tf.float32


def test_dense_hash_table_rejects_reserved_keys():
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, -1, empty_key=0,
                                                  deleted_key=-1)
    table.insert_or_assign(tf.constant([4], tf.int64), tf.constant([40], tf.int64))
    assert table[tf.constant([4, 5], tf.int64)].numpy().tolist() == [40, -1]
    with pytest.raises(tf.errors.InvalidArgumentError):
        table.insert(tf.constant([-1], tf.int64), tf.constant([1], tf.int64))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, -1, 0, 0)


def test_errors():
    with pytest.raises(TypeError):
        _table().lookup(tf.constant([1]))
    with pytest.raises(ValueError):
        tf.lookup.StaticVocabularyTable(_table()._initializer, 0)
    with pytest.raises(tf.errors.FailedPreconditionError, match="different value"):
        tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2]), -1)
