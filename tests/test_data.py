"""tf.data: sources, transformations, element specs, cardinality, iteration, threads.

TF's own results for most of these are recorded in tests/fixtures/data.json (run by
tests/test_reference.py); these tests check values against closed forms and NumPy, and the
behaviour TF's results cannot show (threads, laziness, tracing, errors across threads).
"""
from __future__ import annotations

import gc
import itertools
import threading
import time

import numpy as np
import pytest

import fluxion as tf
from fluxion.errors import InvalidArgumentError, OutOfRangeError

D = tf.data.Dataset


def values(ds) -> list:
    return list(ds.as_numpy_iterator())


def specs(ds) -> list:
    return [(s.shape.as_list() if s.shape.rank is not None else None, s.dtype.name)
            for s in tf.nest.flatten(ds.element_spec)]


def data_threads() -> int:
    return sum(t.name.startswith("fluxion.data") for t in threading.enumerate())


def wait_until(condition, timeout=10.0) -> bool:  # (a loaded machine schedules late)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


# --- sources ---------------------------------------------------------------------------------
def test_from_tensor_slices_structures():
    x, y = np.arange(12.0).reshape(4, 3), np.arange(4)
    ds = D.from_tensor_slices((x, {"b": y, "a": x * 2}))
    assert specs(ds) == [([3], "float64"), ([3], "float64"), ([], "int64")]
    out = list(ds)
    assert len(out) == 4 == len(ds)
    a, d = out[2]
    assert isinstance(a, tf.Tensor) and list(d) == ["b", "a"]  # the dict keeps its key order
    np.testing.assert_array_equal(a.numpy(), x[2])
    np.testing.assert_array_equal(d["a"].numpy(), 2 * x[2])
    assert int(d["b"]) == 2


def test_from_tensor_slices_copies_numpy_input():
    x = np.arange(3)
    ds = D.from_tensor_slices(x)
    x[0] = 99
    assert values(ds) == [0, 1, 2]


def test_from_tensors_and_python_defaults():
    ds = D.from_tensors((1, 2.5, "s", [1, 2]))
    assert specs(ds) == [([], "int32"), ([], "float32"), ([], "string"), ([2], "int32")]
    assert ds.cardinality().numpy() == 1
    assert values(ds) == [(1, 2.5, b"s", pytest.approx([1, 2]))]


def test_range_forms_and_dtype():
    assert values(D.range(4)) == [0, 1, 2, 3]
    assert values(D.range(2, 9, 3)) == [2, 5, 8]
    assert values(D.range(5, 0, -2)) == [5, 3, 1]
    assert values(D.range(3, 3)) == []
    big = D.range(10**6, 10**6 + 5000, 7)
    np.testing.assert_array_equal(np.array(values(big)), np.arange(10**6, 10**6 + 5000, 7))
    assert len(big) == len(range(10**6, 10**6 + 5000, 7))
    t = next(iter(D.range(3, output_type=tf.int32)))
    assert t.dtype == tf.int32 and specs(D.range(2)) == [([], "int64")]
    with pytest.raises(InvalidArgumentError, match="non-zero"):
        D.range(0, 3, 0)
    with pytest.raises(TypeError):
        D.range(1.5)


def test_from_generator_converts_checks_and_restarts():
    calls = []

    def gen(n):
        calls.append(n)
        for i in range(int(n)):
            yield i, [0.5] * i

    sig = (tf.TensorSpec([], tf.int32), tf.TensorSpec([None], tf.float32))
    ds = D.from_generator(gen, output_signature=sig, args=(3,))
    first = values(ds)
    assert [a for a, _ in first] == [0, 1, 2]
    assert [b.tolist() for _, b in first] == [[], [0.5], [0.5, 0.5]]
    assert first[2][1].dtype == np.float32 and values(ds)[1][0] == 1
    assert len(calls) == 2 and all(isinstance(n, np.integer) for n in calls)
    bad = D.from_generator(lambda: iter([[1.0, 2.0, 3.0]]),
                           output_signature=tf.TensorSpec([2], tf.float32))
    with pytest.raises(InvalidArgumentError, match="shape"):
        values(bad)
    wrong = D.from_generator(lambda: iter([(1, 2)]), output_signature=tf.TensorSpec([], tf.int32))
    with pytest.raises(InvalidArgumentError):
        values(wrong)


def test_from_generator_legacy_types_and_shapes():
    ds = D.from_generator(lambda: iter([(1, [2.0])]), (tf.int64, tf.float32), ((), (None,)))
    assert specs(ds) == [([], "int64"), ([None], "float32")]
    assert specs(D.from_generator(lambda: iter([1]), tf.int32)) == [(None, "int32")]
    with pytest.raises(TypeError):
        D.from_generator(lambda: iter([1]))


def test_zip_enumerate_concatenate():
    z = D.zip((D.range(3), D.range(10, 20)))
    assert values(z) == [(0, 10), (1, 11), (2, 12)] and len(z) == 3
    assert values(D.zip(D.range(2), D.range(5, 7))) == [(0, 5), (1, 6)]
    e = D.from_tensor_slices(["a", "b"]).enumerate(start=4)
    assert values(e) == [(4, b"a"), (5, b"b")]
    c = D.range(2).concatenate(D.range(7, 9))
    assert values(c) == [0, 1, 7, 8] and len(c) == 4
    with pytest.raises(TypeError):
        D.range(2).concatenate(D.from_tensors(1.0))
    with pytest.raises(TypeError):
        D.zip([D.range(1), D.range(1)])


# --- map and friends -----------------------------------------------------------------------
def test_map_traces_once_and_unpacks_like_tf():
    seen = []

    def f(a, b):
        seen.append((type(a).__name__, tuple(a.shape)))
        return a * b, {"sum": a + b}

    ds = D.from_tensor_slices((np.arange(4), np.arange(4) * 10)).map(f)
    assert len(seen) == 1 and seen[0][0] == "Tensor"  # traced at map(), before iterating
    out = values(ds)
    assert len(seen) == 1
    assert [o[0] for o in out] == [0, 10, 40, 90] and out[3][1]["sum"] == 33
    assert values(D.from_tensor_slices({"a": [1, 2]}).map(lambda d: d["a"] * 3)) == [3, 6]
    with pytest.raises(TypeError):
        D.from_tensor_slices(([1], [2])).map(lambda a: a)


def test_map_output_spec_known_and_varying_dims():
    ds = D.range(12).batch(4).map(lambda x: (tf.reshape(x, [2, -1]), tf.reduce_sum(x)))
    assert specs(ds) == [([2, None], "int64"), ([], "int64")]
    fixed = D.range(12).batch(4, drop_remainder=True).map(lambda x: tf.reshape(x, [2, -1]))
    assert specs(fixed) == [([2, 2], "int64")]
    uniq = D.from_tensors(np.array([1, 2, 1])).map(lambda x: tf.unique(x)[0])
    assert specs(uniq) == [([None], "int64")] and values(uniq)[0].tolist() == [1, 2]
    lists = D.range(2).map(lambda x: [x, 2.0])
    assert specs(lists) == [([], "int64"), ([], "float32")]
    assert isinstance(lists.element_spec, tuple)


def test_map_reads_variables_at_run_time():
    v = tf.Variable(10, dtype=tf.int64)
    ds = D.range(3).map(lambda x: x + v)
    assert values(ds) == [10, 11, 12]
    v.assign(100)
    assert values(ds) == [100, 101, 102]


def test_map_retraces_on_a_real_element_when_stand_ins_fail():
    # reshape to a fixed size fails on the stand-in (unknown dim as 1), not on real elements
    gen = D.from_generator(lambda: iter([np.arange(4.0), np.arange(4.0) + 1]),
                           output_signature=tf.TensorSpec([None], tf.float64))
    ds = gen.map(lambda x: tf.reshape(x, [2, 2]))
    assert specs(ds) == [([2, 2], "float64")]
    np.testing.assert_array_equal(values(ds)[1], np.arange(1.0, 5).reshape(2, 2))


def test_map_with_a_shape_from_the_element_traces_once():
    calls = []

    def f(x):
        calls.append(1)
        return tf.fill([x], x)  # sizes known when the graph runs, as in TF

    ds = D.range(1, 4).map(f)
    before = len(calls)
    assert [o.tolist() for o in values(ds)] == [[1], [2, 2], [3, 3, 3]]
    assert specs(ds) == [([None], "int64")] and len(calls) == before


def test_map_untraceable_function_runs_eagerly_with_warning():
    calls = []

    def f(x):
        calls.append(1)
        return tf.fill([int(x)], x)  # a Python int of the element's value: not a graph here

    with pytest.warns(UserWarning, match="cannot be traced"):
        ds = D.range(1, 4).map(f)
    before = len(calls)
    out = values(ds)
    assert [o.tolist() for o in out] == [[1], [2, 2], [3, 3, 3]]
    assert specs(ds) == [([None], "int64")] and len(calls) == before + 3


def slow(x):
    """A traceable function slow enough (a few hundred microseconds) to go to the threads."""
    noise = tf.reduce_sum(tf.sin(tf.cast(x, tf.float32) + tf.zeros([100_000])))
    return tf.cast(x, tf.float32) + noise * 0.0


def test_parallel_map_keeps_order_and_nondeterministic_gives_same_set():
    ordered = D.range(60).map(slow, num_parallel_calls=4)
    loose = D.range(60).map(slow, num_parallel_calls=3, deterministic=False)
    auto = D.range(40).map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE)
    assert values(ordered) == list(range(60))
    assert sorted(values(loose)) == list(range(60))
    assert values(auto) == list(range(0, 80, 2))
    with pytest.raises(InvalidArgumentError):
        D.range(3).map(lambda x: x, num_parallel_calls=0)


def test_filter_take_while_unique_shard():
    assert values(D.range(10).filter(lambda x: x % 3 == 0)) == [0, 3, 6, 9]
    assert D.range(10).filter(lambda x: x > 1).cardinality().numpy() == tf.data.UNKNOWN_CARDINALITY
    assert values(D.range(10).take_while(lambda x: x < 4)) == [0, 1, 2, 3]
    assert values(D.from_tensor_slices([3, 1, 3, 2, 1]).unique()) == [3, 1, 2]
    assert values(D.range(10).shard(3, 1)) == [1, 4, 7]
    assert len(D.range(10).shard(3, 0)) == 4 and len(D.range(10).shard(3, 2)) == 3
    with pytest.raises(ValueError, match="predicate"):
        D.range(3).filter(lambda x: x)
    with pytest.raises(TypeError):
        D.from_tensor_slices([1.0]).unique()
    with pytest.raises(InvalidArgumentError):
        D.range(3).shard(2, 2)


def test_reduce_scan_get_single_element():
    assert D.range(1, 6).reduce(np.int64(0), lambda s, x: s + x).numpy() == 15
    total, prod = D.range(1, 5).reduce((np.int64(0), np.int64(1)),
                                       lambda s, x: (s[0] + x, s[1] * x))
    assert (int(total), int(prod)) == (10, 24)
    grown = D.range(4).reduce(tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, [x * x]], 0))
    assert grown.numpy().tolist() == [0, 1, 4, 9]
    with pytest.raises(TypeError, match="types"):
        D.range(3).reduce(np.int64(0), lambda s, x: tf.cast(s, tf.float32))
    running = D.range(1, 6).scan(np.int64(0), lambda s, x: (s + x, s + x))
    np.testing.assert_array_equal(values(running), np.cumsum(np.arange(1, 6)))
    assert D.from_tensors((1, 2.0)).get_single_element()[1].numpy() == 2.0
    assert tf.data.experimental.get_single_element(D.range(1)).numpy() == 0
    with pytest.raises(InvalidArgumentError, match="empty"):
        D.range(0).get_single_element()
    with pytest.raises(InvalidArgumentError, match="more than one"):
        D.range(2).get_single_element()


# --- batching --------------------------------------------------------------------------------
def test_batch_values_specs_cardinality():
    x = np.arange(20.0).reshape(10, 2)
    ds = D.from_tensor_slices((x, np.arange(10))).batch(4)
    out = values(ds)
    assert [len(b[1]) for b in out] == [4, 4, 2] and len(ds) == 3
    np.testing.assert_array_equal(np.concatenate([b[0] for b in out]), x)
    assert specs(ds) == [([None, 2], "float64"), ([None], "int64")]
    dropped = D.range(10).map(lambda v: v * 2).batch(4, drop_remainder=True)
    assert specs(dropped) == [([4], "int64")] and len(dropped) == 2
    np.testing.assert_array_equal(np.stack(values(dropped)), np.arange(0, 16, 2).reshape(2, 4))
    assert D.range(3).repeat().batch(2).cardinality().numpy() == tf.data.INFINITE_CARDINALITY
    with pytest.raises(InvalidArgumentError):
        D.range(3).batch(0)


def test_batch_of_different_shapes_fails_like_tf():
    ds = D.from_generator(lambda: iter([[1], [1, 2]]), output_types=tf.int32).batch(2)
    with pytest.raises(InvalidArgumentError, match="different shapes in component 0"):
        values(ds)


def test_padded_batch_defaults_shapes_and_values():
    rows = [np.full(n, n, np.int64) for n in (1, 3, 2)]
    src = D.from_generator(lambda: iter(rows), output_signature=tf.TensorSpec([None], tf.int64))
    out = values(src.padded_batch(2))
    np.testing.assert_array_equal(out[0], [[1, 0, 0], [3, 3, 3]])
    np.testing.assert_array_equal(out[1], [[2, 2]])
    fixed = src.padded_batch(3, padded_shapes=[4], padding_values=np.int64(-1),
                             drop_remainder=True)
    assert specs(fixed) == [([3, 4], "int64")]
    np.testing.assert_array_equal(values(fixed)[0], [[1, -1, -1, -1], [3, 3, 3, -1],
                                                     [2, 2, -1, -1]])
    with pytest.raises(tf.errors.DataLossError):
        values(src.padded_batch(2, padded_shapes=[2]))
    with pytest.raises(TypeError, match="padding_values"):
        src.padded_batch(2, padding_values=0)
    strings = D.from_tensor_slices([["a"], ["b"]]).padded_batch(2, padded_shapes=[2])
    assert values(strings)[0].tolist() == [[b"a", b""], [b"b", b""]]


def test_unbatch_and_rebatch():
    ds = D.from_tensor_slices(np.arange(12).reshape(6, 2)).batch(4)
    assert np.stack(values(ds.unbatch())).tolist() == np.arange(12).reshape(6, 2).tolist()
    assert specs(ds.unbatch()) == [([2], "int64")]
    re = D.range(10).batch(4).rebatch(3)
    assert [v.tolist() for v in values(re)] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    cyc = D.range(7).batch(7).rebatch([1, 2], drop_remainder=True)
    assert [v.tolist() for v in values(cyc)] == [[0], [1, 2], [3], [4, 5], [6]]
    with pytest.raises(ValueError):
        D.range(3).unbatch()


def test_window_closed_forms():
    def windows(ds):
        return [values(w) for w in ds]

    n, size, shift, stride = 11, 3, 2, 2
    got = windows(D.range(n).window(size, shift, stride))
    expected = [list(range(s, n, stride))[:size] for s in range(0, n, shift)]
    assert got == expected
    full = windows(D.range(n).window(size, shift, stride, drop_remainder=True))
    assert full == [w for w in expected if len(w) == size]
    assert len(D.range(n).window(size, shift, stride, True)) == len(full)
    assert len(D.range(n).window(size, shift)) == len(range(0, n, shift))
    assert windows(D.range(12).window(2, shift=5)) == [[0, 1], [5, 6], [10, 11]]
    pairs = D.from_tensor_slices({"a": np.arange(4)}).window(3)
    assert isinstance(pairs.element_spec["a"], tf.data.DatasetSpec)
    sliding = D.range(6).window(3, 1, 1, True).flat_map(lambda w: w.batch(3))
    assert np.stack(values(sliding)).tolist() == [[i, i + 1, i + 2] for i in range(4)]


# --- order and counts ------------------------------------------------------------------------
def test_shuffle_permutes_deterministically_and_reshuffles():
    ds = D.range(100).shuffle(10, seed=7)
    a, b = values(ds), values(ds)
    assert sorted(a) == list(range(100)) and sorted(b) == list(range(100))
    assert a != b  # reshuffle_each_iteration
    assert values(D.range(100).shuffle(10, seed=7)) == a  # same seed, same first order
    fixed = D.range(100).shuffle(10, seed=7, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed) != list(range(100))
    assert values(D.range(5).shuffle(1)) == [0, 1, 2, 3, 4]


def test_shuffle_buffer_bounds_displacement():
    # an element can only come out after it entered the buffer: position >= value - size + 1
    size = 8
    out = values(D.range(200).shuffle(size, seed=1))
    assert all(pos >= v - size + 1 for pos, v in enumerate(out))
    assert sorted(out) == list(range(200))


def test_shuffle_uses_global_seed():
    tf.random.set_seed(3)
    first = values(D.range(50).shuffle(50))
    tf.random.set_seed(3)
    assert values(D.range(50).shuffle(50)) == first


def test_repeat_take_skip():
    assert values(D.range(3).repeat(2)) == [0, 1, 2, 0, 1, 2]
    assert values(D.range(3).repeat().take(7)) == [0, 1, 2, 0, 1, 2, 0]
    assert values(D.range(0).repeat()) == []
    assert values(D.range(10).skip(7)) == [7, 8, 9] and values(D.range(4).skip(-1)) == []
    assert values(D.range(4).take(-1)) == [0, 1, 2, 3]
    assert len(D.range(10).repeat(3)) == 30
    with pytest.raises(TypeError, match="infinite"):
        len(D.range(3).repeat())
    with pytest.raises(TypeError, match="unknown"):
        len(D.range(3).filter(lambda x: True))


def test_interleave_order_matches_tf_algorithm():
    ds = D.range(1, 6).interleave(lambda x: D.from_tensors(x).repeat(6), cycle_length=2,
                                  block_length=4)
    assert values(ds) == [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3,
                          4, 4, 5, 5, 5, 5, 5, 5]
    par = D.range(1, 6).interleave(lambda x: D.from_tensors(x).repeat(6), cycle_length=2,
                                   block_length=4, num_parallel_calls=2)
    assert values(par) == values(ds)
    assert values(D.range(4).flat_map(lambda x: D.range(x))) == [0, 0, 1, 0, 1, 2]
    with pytest.raises(TypeError, match="Dataset"):
        D.range(3).flat_map(lambda x: x + 1)


def test_choose_and_sample_from_datasets():
    choice = D.from_tensor_slices(np.array([0, 1, 1, 0, 1], np.int64))
    out = values(D.choose_from_datasets([D.range(3), D.range(10, 12)], choice))
    assert out == [0, 10, 11, 1]  # stops when the chosen dataset is empty
    mixed = values(D.sample_from_datasets([D.range(50), D.range(100, 150)], seed=2))
    assert sorted(mixed) == list(range(50)) + list(range(100, 150))
    assert [v for v in mixed if v < 50] == list(range(50))


# --- iteration, errors, threads --------------------------------------------------------------
def test_iterators_end_like_tf():
    it = iter(D.range(1))
    assert isinstance(next(it), tf.Tensor)
    with pytest.raises(StopIteration):
        next(it)
    it = iter(D.range(1))
    assert it.get_next().numpy() == 0
    with pytest.raises(OutOfRangeError):
        it.get_next()
    opt = iter(D.range(0)).get_next_as_optional()
    assert not bool(opt.has_value())
    assert iter(D.range(3).batch(2)).element_spec == tf.TensorSpec([None], tf.int64)


def test_cardinality_constants_and_function():
    assert (tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY) == (-1, -2)
    assert tf.data.AUTOTUNE == tf.data.experimental.AUTOTUNE == -1
    c = tf.data.experimental.cardinality(D.range(10).batch(3))
    assert c.dtype == tf.int64 and c.numpy() == 4


def test_numpy_iterator_for_autograph_gives_arrays():
    out = list(D.from_tensor_slices({"a": [1, 2], "b": ["x", "y"]})._numpy_iterator())
    assert isinstance(out[0]["a"], np.ndarray) and out[0]["a"].shape == ()
    assert out[1]["b"][()] == b"y"
    windows = list(D.range(3).window(2)._numpy_iterator())
    assert isinstance(windows[0], D)


def test_for_loop_in_function_over_dataset():
    @tf.function
    def total():
        s = tf.constant(0, tf.int64)
        for x in D.range(5):
            s += x
        return s

    assert total().numpy() == 10


def test_dataset_from_traced_tensor_refused():
    @tf.function
    def f(t):
        return D.from_tensor_slices(t).reduce(np.int64(0), lambda a, b: a + b)

    with pytest.raises(TypeError, match="outside the function"):
        f(tf.constant([1, 2], tf.int64))


def test_options_and_apply_and_repr():
    o = tf.data.Options()
    o.deterministic = False
    o.experimental_optimization.map_parallelization = True
    ds = D.range(3).with_options(o).map(lambda x: x + 1)
    assert ds.options().deterministic is False
    assert ds.options().experimental_optimization.map_parallelization is True
    assert D.range(3).options().deterministic is None
    with pytest.raises(AttributeError):
        o.not_an_option = 1
    assert values(ds.apply(lambda d: d.skip(1))) == [2, 3]
    assert repr(D.range(2)).startswith("<_RangeDataset element_spec=TensorSpec(shape=()")


def test_prefetch_runs_ahead_on_a_thread():
    produced = []

    def gen():
        for i in range(6):
            produced.append(i)
            yield i

    ds = D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64)).prefetch(3)
    it = iter(ds)
    assert next(it).numpy() == 0
    assert wait_until(lambda: len(produced) >= 4)  # 1 taken + 3 buffered, while we wait
    assert [int(x) for x in it] == [1, 2, 3, 4, 5]
    with pytest.raises(InvalidArgumentError):
        D.range(3).prefetch(-5)


def test_errors_cross_threads_with_their_class():
    def gen():
        yield 1
        raise KeyError("upstream")

    src = D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64))
    for ds in (src.prefetch(2), src.map(lambda x: x + 1, num_parallel_calls=2).prefetch(1),
               src.map(lambda x: x, num_parallel_calls=2)):
        it = iter(ds)
        assert int(next(it)) in (1, 2)
        with pytest.raises(KeyError, match="upstream"):
            next(it)
    # through the thread pool: every element before the failure comes out first
    many = D.from_generator(lambda: _raising_after(40),
                            output_signature=tf.TensorSpec([], tf.int64))
    it = iter(many.map(slow, num_parallel_calls=3))
    assert [int(next(it)) for _ in range(40)] == list(range(40))
    with pytest.raises(KeyError, match="late"):
        next(it)


def _raising_after(n):
    yield from range(n)
    raise KeyError("late")


def test_threads_stop_when_iterator_is_dropped_or_exhausted(monkeypatch):
    from fluxion.data import parallel

    # `slow` takes ~0.1-0.5 ms a call depending on the machine: make the map use its threads
    monkeypatch.setattr(parallel, "_INLINE_SECONDS", 0.0)
    base = data_threads()
    ds = D.range(10**9).map(slow, num_parallel_calls=2).prefetch(2)
    it = iter(ds)
    pool_seen = 0  # the map may later judge its threads not worth it and go on inline
    for _ in range(10):
        next(it)
        pool = [t for t in threading.enumerate() if t.name.startswith("fluxion.data.map")]
        pool_seen = max(pool_seen, len(pool))
    assert pool_seen and data_threads() > base  # the pool went up; the prefetch thread runs
    del it
    gc.collect()
    assert wait_until(lambda: data_threads() == base)
    assert values(D.range(50).prefetch(4)) == list(range(50))
    assert wait_until(lambda: data_threads() == base)
    it = iter(D.range(10**9).prefetch(2).take(3))
    assert [int(x) for x in it] == [0, 1, 2]  # exhausted, still referenced
    assert wait_until(lambda: data_threads() == base)


def test_shuffled_batches_hold_every_element_once():
    # (the per-element cost is measured by benchmarks/data_pipeline.py)
    x = np.arange(20000, dtype=np.float32)[:, None] * np.ones(4, np.float32)
    ds = D.from_tensor_slices((x, np.arange(20000))).shuffle(1000, seed=0).batch(100)
    batches = [(np.asarray(a), np.asarray(b)) for a, b in ds]
    assert len(batches) == 200
    labels = np.concatenate([b for _, b in batches])
    assert sorted(labels.tolist()) == list(range(20000))
    assert not np.array_equal(labels, np.arange(20000))
    np.testing.assert_array_equal(np.concatenate([a for a, _ in batches])[:, 0], labels)


# --- for x in dataset inside a function: a graph loop that reads elements at run time ------
@tf.function
def _sum_batches(ds):
    total = tf.constant(0, tf.int64)
    count = tf.constant(0)
    for batch in ds:
        total += tf.reduce_sum(batch)
        count += 1
    return total, count


def test_for_over_a_dataset_is_a_graph_loop():
    ds = tf.data.Dataset.range(10).batch(3)  # the last batch is shorter
    for _ in range(2):  # the first call (traced) and a later one give the same answer
        total, count = _sum_batches(ds)
        assert int(total) == 45 and int(count) == 4
    graph = _sum_batches.get_concrete_function(ds).graph
    assert "dataset_iterator" in [n.op for n in graph.nodes]
    assert int(_sum_batches(tf.data.Dataset.range(0).batch(3))[1]) == 0  # empty: no iteration


def test_dataset_loops_see_each_pass_afresh_and_update_variables():
    seen = tf.Variable(tf.zeros([5], tf.int64))
    ds = tf.data.Dataset.range(5).shuffle(5, seed=1, reshuffle_each_iteration=True)

    @tf.function
    def record():
        code = tf.constant(0, tf.int64)  # the order as the digits of a number
        for x in ds:
            seen.assign(seen + tf.one_hot(x, 5, dtype=tf.int64))
            code = code * 10 + x
        return code

    orders = [tuple(int(d) for d in f"{int(record()):05d}") for _ in range(6)]
    assert all(sorted(o) == [0, 1, 2, 3, 4] for o in orders)
    assert len(set(orders)) > 1  # reshuffled on every call: not baked into the graph
    np.testing.assert_array_equal(seen.numpy(), np.full(5, 6))  # each call counted once


def test_dataset_loop_with_break_and_dict_elements():
    ds = tf.data.Dataset.from_tensor_slices({"a": np.arange(6.0, dtype=np.float32),
                                             "b": np.arange(6, dtype=np.int32)})

    @tf.function
    def until(limit):
        s = tf.constant(0.0)
        for e in ds:
            if e["b"] >= limit:
                break
            s += e["a"]
        return s

    assert float(until(tf.constant(3))) == 3.0 and float(until(tf.constant(10))) == 15.0


def test_functions_that_iterate_datasets_are_not_exported(tmp_path):
    ds = tf.data.Dataset.range(3)
    module = tf.Module()
    module.f = tf.function(lambda: _sum_batches(ds.batch(2))[0], input_signature=[])
    with pytest.raises(ValueError, match="iterates a Python dataset"):
        tf.saved_model.save(module, str(tmp_path / "m"))


@pytest.mark.parametrize("n,count,size,drop", [
    (5, None, 3, False), (5, 2, 3, False), (5, 2, 3, True), (3, 3, 7, False), (1, None, 4, True),
    (8, 1, 4, False), (4, 2, 16, False)])
def test_repeat_then_batch_slices_match_stacked_elements(n, count, size, drop):
    # `from_tensor_slices(...).repeat().batch()` cuts batches from the arrays (joining epochs):
    # the same batches as stacking the elements one by one (the `map` path)
    x = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    y = np.arange(n)

    def batches(ds):
        ds = ds.repeat(count).batch(size, drop_remainder=drop)
        return list(itertools.islice(ds.as_numpy_iterator(), 10))

    got = batches(tf.data.Dataset.from_tensor_slices((x, {"y": y})))
    want = batches(tf.data.Dataset.from_tensor_slices((x, {"y": y})).map(lambda a, b: (a, b)))
    assert len(got) == len(want) > 0
    for (gx, gy), (wx, wy) in zip(got, want):
        np.testing.assert_array_equal(gx, wx)
        np.testing.assert_array_equal(gy["y"], wy["y"])
        assert gx.dtype == wx.dtype and gy["y"].dtype == wy["y"].dtype
