"""Smaller TF2 names beyond the TF fixtures (tools/reference/small_api.py)."""
import numpy as np
import pytest

import fluxion as tf


def test_space_to_depth_nchw_is_the_nhwc_op_on_transposed_data():
    x = np.arange(2 * 3 * 4 * 6, dtype=np.float32).reshape(2, 3, 4, 6)  # NCHW
    nhwc = tf.nn.space_to_depth(tf.constant(x.transpose(0, 2, 3, 1)), 2).numpy()
    nchw = tf.nn.space_to_depth(tf.constant(x), 2, data_format="NCHW").numpy()
    np.testing.assert_array_equal(nchw, nhwc.transpose(0, 3, 1, 2))
    back = tf.nn.depth_to_space(tf.constant(nchw), 2, data_format="NCHW").numpy()
    np.testing.assert_array_equal(back, x)
    with pytest.raises(tf.errors.InvalidArgumentError, match="divisible"):
        tf.nn.space_to_depth(tf.zeros([1, 3, 3, 1]), 2)


def test_data_experimental_tfrecord_writer_round_trips(tmp_path):
    path = str(tmp_path / "d.tfrecord")
    records = [b"a", b"", b"\x00\xffxyz"]
    tf.data.experimental.TFRecordWriter(path).write(tf.data.Dataset.from_tensor_slices(records))
    assert list(tf.data.TFRecordDataset(path).as_numpy_iterator()) == records
    gz = str(tmp_path / "d.gz")
    tf.data.experimental.TFRecordWriter(gz, "GZIP").write(
        tf.data.Dataset.from_tensor_slices(records))
    assert list(tf.data.TFRecordDataset(gz, "GZIP").as_numpy_iterator()) == records


def test_fixed_length_record_dataset(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"HHabcdefghiFF")
    ds = tf.data.FixedLengthRecordDataset(str(path), 3, header_bytes=2, footer_bytes=2)
    assert list(ds.as_numpy_iterator()) == [b"abc", b"def", b"ghi"]
    both = tf.data.FixedLengthRecordDataset([str(path)] * 2, 13)
    assert list(both.as_numpy_iterator()) == [b"HHabcdefghiFF"] * 2
    with pytest.raises(tf.errors.InvalidArgumentError, match="not an exact multiple"):
        list(tf.data.FixedLengthRecordDataset(str(path), 4))


def test_set_shape_while_tracing_fills_the_recorded_unknown_dims():
    def rows(n):
        return np.ones((int(n), 3), np.float32)

    def element(n):
        y = tf.numpy_function(rows, [n], tf.float32)
        y.set_shape([None, 3])
        return y

    ds = tf.data.Dataset.range(1, 4).map(element)
    assert ds.element_spec.shape.as_list() == [None, 3]
    assert [b.shape.as_list() for b in ds.padded_batch(3)] == [[3, 3, 3]]
    with pytest.raises(ValueError, match="not compatible"):
        tf.zeros([2, 3]).set_shape([2, 4])


def test_generator_state_moves_in_graphs_and_parallel_maps():
    g = tf.random.Generator.from_seed(7)
    start = g.state.numpy()
    eager = [g.uniform([]).numpy() for _ in range(3)]
    g.reset_from_seed(7)

    @tf.function
    def draw():
        return g.uniform([])

    assert [draw().numpy() for _ in range(3)] == eager  # each run draws anew, as eagerly
    np.testing.assert_array_equal(g.state.numpy() - start, [3 << 32, 0, 0])

    def element(x):  # heavy enough for the map's worker threads
        work = tf.reduce_sum(tf.sin(tf.cast(x, tf.float32) + tf.zeros([50_000])))
        return g.uniform([]) + work * 0.0

    values = [float(v) for v in tf.data.Dataset.range(120).map(element, num_parallel_calls=4)]
    assert len(set(values)) == 120  # no two threads read the same state


def test_boolean_mask_with_a_2d_mask_in_a_graph_with_varying_rows():
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32),
                                  tf.TensorSpec([None, 3], tf.bool)])
    def masked(x, m):
        return tf.boolean_mask(x, m)

    for rows in (2, 3):
        x = np.arange(rows * 3, dtype=np.float32).reshape(rows, 3)
        m = (x % 2 == 0)
        np.testing.assert_array_equal(masked(x, m).numpy(), x[m])


def test_shapes_and_ranges_from_run_time_values():
    @tf.function(input_signature=[tf.TensorSpec([], tf.int64)])
    def ones(n):
        return tf.ones([n, 2]), tf.range(n)

    a, r = ones(tf.constant(3, tf.int64))
    assert a.shape == (3, 2) and r.numpy().tolist() == [0, 1, 2]
    assert "i64[?]" in ones.get_concrete_function().graph.as_text()  # a vector, length unknown


@tf.function
def _fizzbuzz(n):
    for i in tf.range(1, n + 1):
        if i % 15 == 0:
            tf.print("FizzBuzz", output_stream="stdout")
        elif i % 3 == 0:
            tf.print("Fizz", output_stream="stdout")
        else:
            tf.print(i, output_stream="stdout")


def test_tf_print_in_graphs_prints_when_the_graph_runs_in_the_branches_taken(capsys):
    _fizzbuzz(tf.constant(5))  # the first call traces, then runs: prints once
    assert capsys.readouterr().out == "1\n2\nFizz\n4\n5\n"
    _fizzbuzz(tf.constant(3))
    assert capsys.readouterr().out == "1\n2\nFizz\n"

    values = iter([7, 8])

    @tf.function
    def show(x):
        tf.print("value:", next(values), x, output_stream="stdout")  # next() runs at trace

    show(tf.constant([1, 2]))
    show(tf.constant([3, 4]))
    assert capsys.readouterr().out == "value: 7 [1 2]\nvalue: 7 [3 4]\n"
    graph = show.get_concrete_function(tf.constant([1, 2])).graph
    assert [n.op for n in graph.nodes].count("print_v2") == 1


def test_candidate_samplers_draw_from_their_distributions():
    true = tf.constant([[3], [7]], tf.int64)
    sampled, true_count, sampled_count = tf.random.log_uniform_candidate_sampler(
        true, 1, 40000, False, 10, seed=3)
    k = np.arange(10)
    p = np.log((k + 2) / (k + 1)) / np.log(11)
    freq = np.bincount(sampled.numpy(), minlength=10) / 40000
    np.testing.assert_allclose(freq, p, atol=0.01)
    np.testing.assert_allclose(true_count.numpy(), (p[[3, 7]] * 40000)[:, None], rtol=1e-5)
    s, _, counts = tf.random.uniform_candidate_sampler(true, 1, 5, True, 8, seed=1)
    assert len(set(s.numpy().tolist())) == 5 and s.dtype == tf.int64
    assert np.all((counts.numpy() > 0) & (counts.numpy() <= 1))  # -expm1(tries * log1p(-p))
    with pytest.raises(tf.errors.InvalidArgumentError, match="range is too small"):
        tf.random.uniform_candidate_sampler(true, 1, 9, True, 8)


def test_dataset_save_and_load_round_trip(tmp_path):
    ds = tf.data.Dataset.from_tensor_slices(
        {"x": np.arange(6, dtype=np.float32).reshape(3, 2), "name": [b"a", b"bb", b""]})
    path = str(tmp_path / "ds")
    ds.save(path)
    back = tf.data.Dataset.load(path)
    assert back.element_spec == ds.element_spec
    got = list(back.as_numpy_iterator())
    assert [g["name"] for g in got] == [b"a", b"bb", b""]
    np.testing.assert_array_equal(np.stack([g["x"] for g in got]), np.arange(6).reshape(3, 2))
    tf.data.experimental.save(tf.data.Dataset.range(4).batch(3), path, compression="GZIP")
    assert [b.tolist() for b in tf.data.experimental.load(path).as_numpy_iterator()] == \
        [[0, 1, 2], [3]]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]  # no leftovers
    with pytest.raises(tf.errors.NotFoundError):
        tf.data.Dataset.load(str(tmp_path / "missing"))
