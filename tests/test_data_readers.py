"""tf.data readers and caches: TextLineDataset, CsvDataset, make_csv_dataset, list_files,
TFRecordDataset, cache() in memory and in files. Every test writes its own small files."""
from __future__ import annotations

import collections
import gzip
import os
import tracemalloc
import zlib

import numpy as np
import pytest

import fluxion as tf
from fluxion.errors import InvalidArgumentError, NotFoundError

D = tf.data.Dataset
make_csv = tf.data.experimental.make_csv_dataset


def values(ds) -> list:
    return list(ds.as_numpy_iterator())


def write(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


# --- text lines --------------------------------------------------------------------------------
def test_text_lines_strip_endings_like_tf(tmp_path):
    a = write(tmp_path / "a.txt", b"one\ntwo\r\n\r\n\nthr\ree\r\nlast")
    b = write(tmp_path / "b.txt", b"x\n\n")
    assert values(tf.data.TextLineDataset(a)) == [b"one", b"two", b"", b"", b"three", b"last"]
    assert values(tf.data.TextLineDataset([a, b])) == values(tf.data.TextLineDataset(a)) + \
        [b"x", b""]
    assert values(tf.data.TextLineDataset(write(tmp_path / "c.txt", b"a\n\r"))) == [b"a"]
    assert values(tf.data.TextLineDataset(write(tmp_path / "e.txt", b""))) == []
    ds = tf.data.TextLineDataset(a)
    assert ds.element_spec == tf.TensorSpec([], tf.string)
    assert ds.cardinality().numpy() == tf.data.UNKNOWN_CARDINALITY
    first = next(iter(ds))
    assert first.dtype == tf.string and first.numpy() == b"one"


def test_text_lines_compressed(tmp_path):
    text = b"".join(b"line %d\n" % i for i in range(3000))
    with gzip.open(tmp_path / "t.gz", "wb") as f:
        f.write(text)
    (tmp_path / "t.z").write_bytes(zlib.compress(text))
    expected = [b"line %d" % i for i in range(3000)]
    assert values(tf.data.TextLineDataset(str(tmp_path / "t.gz"), "GZIP")) == expected
    assert values(tf.data.TextLineDataset(str(tmp_path / "t.z"), "ZLIB")) == expected
    with pytest.raises(InvalidArgumentError):
        values(tf.data.TextLineDataset(str(tmp_path / "t.z"), compression_type="BZ2"))


def test_text_lines_missing_file_and_bad_names(tmp_path):
    ds = tf.data.TextLineDataset(str(tmp_path / "missing.txt"))  # found missing when read
    with pytest.raises(NotFoundError):
        values(ds)
    with pytest.raises(TypeError):
        tf.data.TextLineDataset(5)
    assert values(tf.data.TextLineDataset([])) == []


def test_text_lines_are_streamed_not_loaded(tmp_path):
    path = tmp_path / "big.txt"
    line = b"x" * 99 + b"\n"
    path.write_bytes(line * 100_000)  # 10 MB
    tracemalloc.start()
    try:
        it = iter(tf.data.TextLineDataset(str(path)).take(3))
        got = [next(it).numpy() for _ in range(3)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == [b"x" * 99] * 3
    assert peak < 2_000_000


def test_text_lines_from_dataset_of_names_and_parallel_reads(tmp_path):
    a = write(tmp_path / "a.csv", b"h\n1\n2\n")
    b = write(tmp_path / "b.csv", b"h\n3\n4\n")
    names = D.from_tensor_slices([a, b])
    skipped = names.interleave(lambda f: tf.data.TextLineDataset(f).skip(1), cycle_length=2)
    assert values(skipped) == [b"1", b"3", b"2", b"4"]
    assert values(tf.data.TextLineDataset(names)) == [b"h", b"1", b"2", b"h", b"3", b"4"]
    parallel = tf.data.TextLineDataset([a, b], num_parallel_reads=2)
    assert values(parallel) == [b"h", b"h", b"1", b"3", b"2", b"4"]


def test_list_files(tmp_path):
    for name in ("b.txt", "a.txt", "c.csv"):
        (tmp_path / name).write_bytes(b"")
    ordered = D.list_files(str(tmp_path / "*.txt"), shuffle=False)
    assert [os.path.basename(f) for f in values(ordered)] == [b"a.txt", b"b.txt"]
    assert len(ordered) == 2
    both = D.list_files([str(tmp_path / "c.*"), str(tmp_path / "a.*")], shuffle=False)
    assert [os.path.basename(f) for f in values(both)] == [b"c.csv", b"a.txt"]
    shuffled = D.list_files(str(tmp_path / "*"), seed=4)
    assert sorted(os.path.basename(f) for f in values(shuffled)) == [b"a.txt", b"b.txt",
                                                                    b"c.csv"]
    with pytest.raises(InvalidArgumentError, match="No files matched"):
        D.list_files(str(tmp_path / "*.none"))


# --- CSV ---------------------------------------------------------------------------------------
def test_csv_dataset_types_defaults_and_columns(tmp_path):
    f = write(tmp_path / "c.csv", b'a,b,c\n1,2.5,"x,y"\n2,,"q""z"\n')
    ds = tf.data.experimental.CsvDataset(f, [tf.int64, -1.0, "?"], header=True)
    assert ds.element_spec == (tf.TensorSpec([], tf.int64), tf.TensorSpec([], tf.float32),
                               tf.TensorSpec([], tf.string))
    assert values(ds) == [(1, 2.5, b"x,y"), (2, -1.0, b'q"z')]
    picked = tf.data.experimental.CsvDataset(f, [0, ""], header=True, select_cols=[0, 2])
    assert values(picked) == [(1, b"x,y"), (2, b'q"z')]
    rest = tf.data.experimental.CsvDataset(f, [""], header=True, exclude_cols=[0, 1])
    assert values(rest) == [(b"x,y",), (b'q"z',)]
    required = tf.data.experimental.CsvDataset(f, [0, tf.float32, ""], header=True)
    with pytest.raises(InvalidArgumentError, match="required"):
        values(required)
    with pytest.raises(InvalidArgumentError, match="not a valid int32"):
        values(tf.data.experimental.CsvDataset(f, [0, 0.0, 0], header=True))
    with pytest.raises(InvalidArgumentError, match="Expect 2 fields"):
        values(tf.data.experimental.CsvDataset(f, [0, 0.0], header=True))


def test_csv_dataset_quotes_newlines_and_options(tmp_path):
    f = write(tmp_path / "q.csv", b'"multi\nline",1\nplain,2\n')
    assert values(tf.data.experimental.CsvDataset(f, ["", 0])) == [(b"multi\nline", 1),
                                                                   (b"plain", 2)]
    g = write(tmp_path / "p.csv", b"1|NA\n|3\n")
    ds = tf.data.experimental.CsvDataset(g, [7, 8], field_delim="|", na_value="NA")
    assert values(ds) == [(1, 8), (7, 3)]
    h = write(tmp_path / "n.csv", b'"1",2\n')
    with pytest.raises(InvalidArgumentError):
        values(tf.data.experimental.CsvDataset(h, [0, 0], use_quote_delim=False))


def test_make_csv_dataset_inference_and_batches(tmp_path):
    f = write(tmp_path / "c.csv", b"i,f,big,s,e\n1,1,3000000000,a,\n2,2.5,1,b,\n-3,,2,1.5,\n")
    ds = make_csv(f, batch_size=2, shuffle=False, num_epochs=1)
    batches = values(ds)
    assert isinstance(batches[0], collections.OrderedDict)
    assert list(batches[0]) == ["i", "f", "big", "s", "e"]
    first = batches[0]
    assert first["i"].dtype == np.int32 and first["f"].dtype == np.float32
    assert first["big"].dtype == np.int64 and first["s"].dtype == object
    assert first["e"].tolist() == [b"", b""]  # an all-empty column is a string column
    np.testing.assert_array_equal(np.concatenate([b["f"] for b in batches]), [1.0, 2.5, 0.0])
    assert [len(b["i"]) for b in batches] == [2, 1]
    assert ds.element_spec["i"] == tf.TensorSpec([None], tf.int32)


def test_make_csv_dataset_label_select_defaults_na(tmp_path):
    f = write(tmp_path / "c.csv", b"a|b|c\n1|NA|x\n2|3.5|y\n")
    features, label = values(make_csv(f, 2, label_name="a", field_delim="|", na_value="NA",
                                      shuffle=False, num_epochs=1))[0]
    assert list(features) == ["b", "c"] and label.tolist() == [1, 2]
    np.testing.assert_allclose(features["b"], [0.0, 3.5])
    selected = values(make_csv(f, 2, select_columns=["c", "a"], field_delim="|",
                               shuffle=False, num_epochs=1))[0]
    assert list(selected) == ["a", "c"] and selected["c"].tolist() == [b"x", b"y"]
    typed = values(make_csv(f, 2, column_defaults=[tf.int64, -1.0, ""], field_delim="|",
                            na_value="NA", shuffle=False, num_epochs=1))[0]
    assert typed["a"].dtype == np.int64 and typed["b"].tolist() == [-1.0, 3.5]
    renamed = values(make_csv(f, 3, column_names=["p", "q", "r"], header=False,
                              field_delim="|", shuffle=False, num_epochs=1))[0]
    assert renamed["p"].tolist() == [b"a", b"1", b"2"]


def test_make_csv_dataset_epochs_shuffle_and_errors(tmp_path):
    f = write(tmp_path / "c.csv", b"a,b\n" + b"".join(b"%d,%d\n" % (i, -i) for i in range(10)))
    two = values(make_csv(f, 4, shuffle=False, num_epochs=2))
    assert np.concatenate([b["a"] for b in two]).tolist() == list(range(10)) * 2
    forever = make_csv(f, 3)
    assert forever.cardinality().numpy() == tf.data.INFINITE_CARDINALITY
    assert forever.element_spec["a"] == tf.TensorSpec([3], tf.int32)
    shuffled = make_csv(f, 10, shuffle_seed=1, num_epochs=1)
    batch = values(shuffled)[0]
    assert sorted(batch["a"].tolist()) == list(range(10))
    np.testing.assert_array_equal(batch["b"], -batch["a"])  # rows stay whole
    with pytest.raises(ValueError, match="label_name"):
        make_csv(f, 1, label_name="zz")
    with pytest.raises(ValueError, match="select_columns"):
        make_csv(f, 1, select_columns=["zz"])
    with pytest.raises(ValueError, match="No files match"):
        make_csv(str(tmp_path / "none*.csv"), 1)
    bad = write(tmp_path / "bad.csv", b"a,b\n1,2\n3\n")
    with pytest.raises(ValueError, match="Problem inferring types"):
        make_csv(bad, 1)
    skipped = values(make_csv(write(tmp_path / "x.csv", b"a,b\n1,2\n3,x\n5,6\n"), 5,
                              column_defaults=[0, 0], ignore_errors=True, shuffle=False,
                              num_epochs=1))[0]
    assert skipped["a"].tolist() == [1, 5]


# --- TFRecord ----------------------------------------------------------------------------------
def test_tfrecord_dataset(tmp_path):
    from fluxion.io import TFRecordWriter

    path = str(tmp_path / "r.tfrecord")
    writer = TFRecordWriter(path)
    for record in (b"first", b"", b"third"):
        writer.write(record)
    writer.close()
    ds = tf.data.TFRecordDataset(path)
    assert ds.element_spec == tf.TensorSpec([], tf.string)
    assert values(ds) == [b"first", b"", b"third"]


# --- cache ---------------------------------------------------------------------------------------
def counting_source(calls, rows):
    def gen():
        calls.append(1)
        yield from rows

    return gen


def test_cache_in_memory_reads_input_once_per_complete_pass():
    calls = []
    src = D.from_generator(counting_source(calls, range(4)),
                           output_signature=tf.TensorSpec([], tf.int64))
    ds = src.cache()
    it = iter(ds)
    next(it)
    del it  # an unfinished pass keeps nothing
    assert values(ds.repeat(3)) == [0, 1, 2, 3] * 3
    assert len(calls) == 2


def test_cache_file_is_written_atomically_and_read_back(tmp_path):
    calls = []
    rows = [(np.array([b"ab", b""], object), np.arange(3.0) + i) for i in range(3)]
    sig = (tf.TensorSpec([2], tf.string), tf.TensorSpec([3], tf.float64))

    def make():
        return D.from_generator(counting_source(calls, rows), output_signature=sig)

    prefix = str(tmp_path / "cache")
    ds = make().cache(prefix)
    it = iter(ds)
    next(it)
    del it
    assert os.listdir(tmp_path) == []  # an unfinished pass writes nothing
    first = values(ds)
    assert sorted(os.listdir(tmp_path)) == ["cache.data-00000-of-00001", "cache.index"]
    again = values(make().cache(prefix))  # another dataset reads the file
    assert len(calls) == 2
    for a, b in zip(first, again):
        assert a[0].tolist() == b[0].tolist() == [b"ab", b""]
        np.testing.assert_array_equal(a[1], b[1])
    scalars = D.range(3).cache(str(tmp_path / "s"))
    assert values(scalars) == values(scalars) == [0, 1, 2]
    with pytest.raises(NotFoundError):
        values(D.range(2).cache(str(tmp_path / "missing_dir" / "c")))
