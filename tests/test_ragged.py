"""tf.RaggedTensor / tf.ragged: values against Python-list references, graph mode (tf.function,
tf.data), gradients and error classes. TF's own results are pinned in tests/fixtures/ragged.json."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from tests.opcheck import check_gradient

ROWS = [[1, 2], [3], [], [4, 5, 6]]


def _splits(rows):
    return np.concatenate([[0], np.cumsum([len(r) for r in rows])]).tolist()


def _flat(rows):
    return [v for r in rows for v in r]


# --- construction and properties ------------------------------------------------------------
def test_factories_agree():
    flat, splits = _flat(ROWS), _splits(ROWS)
    lengths = [len(r) for r in ROWS]
    rowids = [i for i, r in enumerate(ROWS) for _ in r]
    built = [
        tf.RaggedTensor.from_row_splits(flat, splits),
        tf.RaggedTensor.from_row_lengths(flat, lengths),
        tf.RaggedTensor.from_value_rowids(flat, rowids, nrows=len(ROWS)),
        tf.RaggedTensor.from_row_starts(flat, splits[:-1]),
        tf.RaggedTensor.from_row_limits(flat, splits[1:]),
        tf.ragged.constant(ROWS),
    ]
    for rt in built:
        assert rt.to_list() == ROWS
        assert rt.row_splits.dtype == tf.int64
        assert rt.shape.as_list() == [4, None]
        assert rt.ragged_rank == 1


def test_partition_properties():
    rt = tf.ragged.constant(ROWS)
    np.testing.assert_array_equal(rt.row_lengths(), [len(r) for r in ROWS])
    np.testing.assert_array_equal(rt.value_rowids(), [0, 0, 1, 3, 3, 3])
    np.testing.assert_array_equal(rt.row_starts(), _splits(ROWS)[:-1])
    np.testing.assert_array_equal(rt.row_limits(), _splits(ROWS)[1:])
    assert int(rt.nrows()) == 4
    np.testing.assert_array_equal(rt.bounding_shape(), [4, 3])
    assert rt.dtype == tf.int32


def test_nested_ragged():
    rows = [[[1, 2], [3]], [[4]], []]
    rt = tf.ragged.constant(rows)
    assert rt.ragged_rank == 2
    assert rt.shape.as_list() == [3, None, None]
    assert rt.to_list() == rows
    assert isinstance(rt.values, tf.RaggedTensor)
    np.testing.assert_array_equal(rt.flat_values, [1, 2, 3, 4])
    assert [s.numpy().tolist() for s in rt.nested_row_splits] == [[0, 2, 3, 3], [0, 2, 3, 4]]
    rebuilt = tf.RaggedTensor.from_nested_row_splits(rt.flat_values, rt.nested_row_splits)
    assert rebuilt.to_list() == rows
    np.testing.assert_array_equal(rt.bounding_shape(), [3, 2, 2])


def test_constant_dtypes_and_shapes():
    assert tf.ragged.constant([[1.0], [2.5, 3]]).dtype == tf.float32
    assert tf.ragged.constant([["a"], []]).dtype == tf.string
    assert tf.ragged.constant([[True]]).dtype == tf.bool
    assert tf.ragged.constant([[1, 2]], dtype=tf.float64).dtype == tf.float64
    assert tf.ragged.constant([[]]).dtype == tf.float32
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    assert inner.shape.as_list() == [2, None, 2]
    assert inner.flat_values.shape.as_list() == [3, 2]
    dense = tf.ragged.constant([1, 2])
    assert isinstance(dense, tf.Tensor) and dense.dtype == tf.int32


def test_constant_errors():
    with pytest.raises(ValueError, match="nesting depth"):
        tf.ragged.constant([[1, [2]]])
    with pytest.raises(ValueError, match="inconsistent shape"):
        tf.ragged.constant([[[1, 2], [3]]], ragged_rank=1)


@pytest.mark.parametrize("splits", [[1, 2, 3], [0, 2, 1, 3], [0, 2]])
def test_bad_splits_raise(splits):
    with pytest.raises(errors.InvalidArgumentError, match="from_row_splits"):
        tf.RaggedTensor.from_row_splits([1, 2, 3], splits)


def test_bad_splits_accepted_without_validation():
    rt = tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 1, 3], validate=False)
    assert rt.to_list() == [[1], [2, 3]]


def test_constructor_is_private():
    with pytest.raises(ValueError, match="private"):
        tf.RaggedTensor([1], [0, 1])


def test_repr_matches_tf_format():
    assert repr(tf.ragged.constant(ROWS)) == "<tf.RaggedTensor [[1, 2], [3], [], [4, 5, 6]]>"
    assert repr(tf.ragged.constant([[1.5], [2.0, 3.0]])) == \
        "<tf.RaggedTensor [[1.5], [2.0, 3.0]]>"
    assert repr(tf.ragged.constant([["a"]])) == "<tf.RaggedTensor [[b'a']]>"


# --- conversions ------------------------------------------------------------------------------
def _padded(rows, default=0, width=None):
    width = max((len(r) for r in rows), default=0) if width is None else width
    return [list(r[:width]) + [default] * (width - len(r[:width])) for r in rows]


def test_to_tensor_against_padding():
    rt = tf.ragged.constant(ROWS)
    np.testing.assert_array_equal(rt.to_tensor(), _padded(ROWS))
    np.testing.assert_array_equal(rt.to_tensor(default_value=-1), _padded(ROWS, -1))
    np.testing.assert_array_equal(rt.to_tensor(shape=[2, 2]), _padded(ROWS[:2], 0, 2))
    out = rt.to_tensor(shape=[5, 4])
    np.testing.assert_array_equal(out, _padded(ROWS + [[]], 0, 4))


def test_to_tensor_nested_and_round_trip():
    rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    np.testing.assert_array_equal(rt.to_tensor(), [[[1, 2], [3, 0]], [[4, 0], [0, 0]]])
    dense = tf.constant([[1, 0, 0], [2, 3, 0]])
    back = tf.RaggedTensor.from_tensor(dense, padding=0)
    assert back.to_list() == [[1], [2, 3]]
    assert tf.RaggedTensor.from_tensor(dense, lengths=[2, 1]).to_list() == [[1, 0], [2]]
    assert tf.RaggedTensor.from_tensor(dense).shape.as_list() == [2, 3]


def test_to_sparse_and_back():
    rt = tf.ragged.constant([[1, 2], [], [3]])
    st = rt.to_sparse()
    np.testing.assert_array_equal(st.indices, [[0, 0], [0, 1], [2, 0]])
    np.testing.assert_array_equal(st.values, [1, 2, 3])
    np.testing.assert_array_equal(st.dense_shape, [3, 2])
    assert tf.RaggedTensor.from_sparse(st).to_list() == [[1, 2], [], [3]]


def test_merge_dims():
    rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    assert rt.merge_dims(0, 1).to_list() == [[1, 2], [3], [4]]
    assert rt.merge_dims(1, 2).to_list() == [[1, 2, 3], [4]]
    np.testing.assert_array_equal(rt.merge_dims(0, 2), [1, 2, 3, 4])


def test_numpy_and_list():
    rt = tf.ragged.constant(ROWS)
    arr = rt.numpy()
    assert arr.dtype == object and [a.tolist() for a in arr] == ROWS
    assert tf.ragged.constant([[1, 2], [3, 4]]).numpy().shape == (2, 2)


# --- indexing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("key", [0, 1, 2, -1, -4])
def test_row_index(key):
    np.testing.assert_array_equal(tf.ragged.constant(ROWS)[key], ROWS[key])


@pytest.mark.parametrize("key", [slice(1, 3), slice(None, None, 2), slice(None, None, -1),
                                 slice(-2, None), slice(5, 9)])
def test_row_slices(key):
    assert tf.ragged.constant(ROWS)[key].to_list() == ROWS[key]


@pytest.mark.parametrize("key", [slice(1, None), slice(None, 2), slice(-2, None),
                                 slice(1, -1)])
def test_inner_slices(key):
    assert tf.ragged.constant(ROWS)[:, key].to_list() == [r[key] for r in ROWS]


def test_index_errors():
    rt = tf.ragged.constant(ROWS)
    with pytest.raises(IndexError):
        rt[4]
    with pytest.raises(ValueError, match="inner ragged dimension"):
        rt[:, 0]


# --- elementwise --------------------------------------------------------------------------------
def test_operators_against_lists():
    rt = tf.ragged.constant(ROWS)
    assert (rt + 1).to_list() == [[v + 1 for v in r] for r in ROWS]
    assert (2 * rt).to_list() == [[2 * v for v in r] for r in ROWS]
    assert (rt * rt).to_list() == [[v * v for v in r] for r in ROWS]
    assert (-rt).to_list() == [[-v for v in r] for r in ROWS]
    assert (rt > 2).to_list() == [[v > 2 for v in r] for r in ROWS]
    assert (rt == 3).to_list() == [[v == 3 for v in r] for r in ROWS]
    column = tf.constant([[10], [20], [30], [40]])
    assert (rt + column).to_list() == [[v + 10 * (i + 1) for v in r] for i, r in enumerate(ROWS)]
    halves = (rt / 2).to_list()
    assert halves == [[v / 2 for v in r] for r in ROWS]


def test_operator_errors():
    with pytest.raises(errors.InvalidArgumentError):
        tf.ragged.constant([[1, 2], [3]]) + tf.ragged.constant([[1], [2, 3]])
    with pytest.raises(errors.InvalidArgumentError):
        tf.ragged.constant([[1]]) + tf.ragged.constant([[1.5]])


def test_map_flat_values():
    rt = tf.ragged.constant([[1., 4.], [9.]])
    assert tf.ragged.map_flat_values(tf.sqrt, rt).to_list() == [[1., 2.], [3.]]
    with pytest.raises(ValueError, match="outer-dimension"):
        tf.ragged.map_flat_values(tf.reduce_sum, rt)


# --- tf.ragged functions ------------------------------------------------------------------------
def test_range_against_python():
    starts, limits, deltas = [0, 5, 2, 3], [4, 0, 9, 3], [1, -2, 3, 1]
    rt = tf.ragged.range(starts, limits, deltas)
    expected = [list(range(s, l, d)) for s, l, d in zip(starts, limits, deltas)]
    assert rt.to_list() == expected
    assert rt.dtype == tf.int32
    with pytest.raises(errors.InvalidArgumentError):
        tf.ragged.range([1], [2], 0)


def test_boolean_mask_against_lists():
    data = [[1, 2, 3], [4, 5, 6]]
    mask = [[True, False, True], [False, False, True]]
    expected = [[v for v, m in zip(r, k) if m] for r, k in zip(data, mask)]
    assert tf.ragged.boolean_mask(data, mask).to_list() == expected
    rt = tf.ragged.constant(ROWS)
    rmask = tf.ragged.constant([[v % 2 == 0 for v in r] for r in ROWS])
    assert tf.ragged.boolean_mask(rt, rmask).to_list() == [[v for v in r if v % 2 == 0]
                                                           for r in ROWS]
    keep = [True, False, False, True]
    assert tf.ragged.boolean_mask(rt, keep).to_list() == [r for r, k in zip(ROWS, keep) if k]


def test_stack():
    a, b = tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[4], [5, 6]])
    assert tf.ragged.stack([a, b]).to_list() == [[[1, 2], [3]], [[4], [5, 6]]]
    assert tf.ragged.stack([a, b], axis=1).to_list() == [[[1, 2], [4]], [[3], [5, 6]]]


def test_segment_ids():
    np.testing.assert_array_equal(tf.ragged.row_splits_to_segment_ids([0, 2, 3, 3, 5]),
                                  [0, 0, 1, 3, 3])
    np.testing.assert_array_equal(tf.ragged.segment_ids_to_row_splits([0, 0, 1, 3]),
                                  [0, 2, 3, 3, 4])


# --- reductions ---------------------------------------------------------------------------------
def test_reductions_against_python():
    rows = [[1., 5.], [3.], [-2., 4., 0.5]]
    rt = tf.ragged.constant(rows)
    np.testing.assert_allclose(tf.reduce_sum(rt, axis=1), [sum(r) for r in rows])
    np.testing.assert_allclose(tf.reduce_mean(rt, axis=1), [np.mean(r) for r in rows])
    np.testing.assert_allclose(tf.reduce_max(rt, axis=1), [max(r) for r in rows])
    np.testing.assert_allclose(tf.reduce_min(rt, axis=1), [min(r) for r in rows])
    np.testing.assert_allclose(tf.reduce_prod(rt, axis=1), [np.prod(r) for r in rows])
    cols = [[r[j] for r in rows if len(r) > j] for j in range(3)]
    np.testing.assert_allclose(tf.reduce_sum(rt, axis=0), [sum(c) for c in cols])
    np.testing.assert_allclose(tf.reduce_mean(rt, axis=0), [np.mean(c) for c in cols])
    np.testing.assert_allclose(float(tf.reduce_sum(rt)), sum(_flat(rows)))
    assert tf.reduce_sum(rt, axis=1, keepdims=True).shape.as_list() == [3, 1]


def test_reduction_of_empty_rows():
    rt = tf.ragged.constant([[1, 2], []])
    np.testing.assert_array_equal(tf.reduce_sum(rt, axis=1), [3, 0])
    assert int(tf.reduce_max(rt, axis=1)[1]) == np.iinfo(np.int32).min
    assert np.isnan(tf.reduce_mean(rt, axis=1).numpy()[1])


# --- graph mode -------------------------------------------------------------------------------
def test_function_takes_and_returns_ragged():
    @tf.function
    def f(rt):
        return rt * 2, tf.reduce_sum(rt, axis=1), rt.to_tensor()

    for rows in (ROWS, [[7], [8, 9, 10]]):
        doubled, sums, dense = f(tf.ragged.constant(rows))
        assert isinstance(doubled, tf.RaggedTensor)
        assert doubled.to_list() == [[2 * v for v in r] for r in rows]
        np.testing.assert_array_equal(sums, [sum(r) for r in rows])
        np.testing.assert_array_equal(dense, _padded(rows))


def test_function_input_signature_traces_once():
    @tf.function(input_signature=[tf.RaggedTensorSpec([None, None], tf.float32)])
    def f(rt):
        return tf.reduce_mean(rt, axis=1), rt[:, :1]

    for rows in ([[1., 2.], [3.]], [[4.], [5., 6., 7.], [8.]], [[9., 1., 2., 3.]]):
        means, firsts = f(tf.ragged.constant(rows))
        np.testing.assert_allclose(means, [np.mean(r) for r in rows])
        assert firsts.to_list() == [r[:1] for r in rows]
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError):
        f(tf.ragged.constant([[1, 2]]))


def test_function_builds_ragged_from_symbolic_tensors():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32),
                                  tf.TensorSpec([None], tf.int64)])
    def f(values, splits):
        rt = tf.RaggedTensor.from_row_splits(values, splits, validate=False)
        return rt.row_lengths(), rt.value_rowids(), rt.to_tensor(), rt.nrows()

    lengths, rowids, dense, n = f(tf.constant([1., 2., 3.]), tf.constant([0, 1, 1, 3],
                                                                         tf.int64))
    np.testing.assert_array_equal(lengths, [1, 0, 2])
    np.testing.assert_array_equal(rowids, [0, 2, 2])
    np.testing.assert_array_equal(dense, [[1., 0.], [0., 0.], [2., 3.]])
    assert int(n) == 3
    lengths, _, dense, _ = f(tf.constant([5.]), tf.constant([0, 0, 1], tf.int64))
    np.testing.assert_array_equal(lengths, [0, 1])
    np.testing.assert_array_equal(dense, [[0.], [5.]])


def test_function_validation_runs_in_graph():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.int64)])
    def f(splits):
        return tf.RaggedTensor.from_row_splits(tf.constant([1, 2, 3]), splits).row_lengths()

    np.testing.assert_array_equal(f(tf.constant([0, 1, 3], tf.int64)), [1, 2])
    with pytest.raises(errors.InvalidArgumentError):
        f(tf.constant([0, 2, 1, 3], tf.int64))


def test_nest_expands_ragged_components():
    rt = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    flat = tf.nest.flatten(rt, expand_composites=True)
    assert len(flat) == 3
    back = tf.nest.pack_sequence_as(rt, flat, expand_composites=True)
    assert back.to_list() == rt.to_list()


# --- tf.data ----------------------------------------------------------------------------------
def test_dataset_slices_batch_and_map():
    rt = tf.ragged.constant(ROWS)
    ds = tf.data.Dataset.from_tensor_slices(rt)
    assert [x.numpy().tolist() for x in ds] == ROWS
    batches = [b.to_list() for b in ds.batch(3)]
    assert batches == [ROWS[:3], ROWS[3:]]
    sums = [int(x) for x in ds.map(tf.reduce_sum)]
    assert sums == [sum(r) for r in ROWS]


def test_dataset_ragged_batch_of_variable_lengths():
    ds = tf.data.Dataset.range(5).map(lambda n: tf.range(n))
    batches = [b.to_list() for b in ds.ragged_batch(2)]
    assert batches == [[[], [0]], [[0, 1], [0, 1, 2]], [[0, 1, 2, 3]]]
    assert isinstance(ds.ragged_batch(2).element_spec, tf.RaggedTensorSpec)


def test_dataset_map_producing_and_consuming_ragged():
    ds = tf.data.Dataset.from_tensor_slices(tf.constant([[1, 0], [2, 3], [0, 0]])).batch(2)
    ragged = ds.map(lambda x: tf.RaggedTensor.from_tensor(x, padding=0))
    assert [r.to_list() for r in ragged] == [[[1], [2, 3]], [[]]]
    dense = ragged.map(lambda r: tf.reduce_sum(r, axis=1))
    assert [d.numpy().tolist() for d in dense] == [[1, 5], [0]]
    assert dense.element_spec.shape.as_list() == [None]


# --- gradients --------------------------------------------------------------------------------
def test_gradient_through_to_tensor_and_reductions():
    splits = tf.constant([0, 2, 2, 5], tf.int64)

    def fn(values):
        rt = tf.RaggedTensor.from_row_splits(values, splits)
        dense = (rt * rt).to_tensor(default_value=1.0)
        return dense, tf.reduce_mean(rt, axis=1)[:1], tf.reduce_max(rt, axis=0)

    check_gradient(fn, [np.array([0.5, -1.0, 2.0, 3.0, -0.25])])


def test_gradient_through_indexing_and_map_flat_values():
    def fn(values):
        rt = tf.RaggedTensor.from_row_lengths(values, [1, 3, 2])
        rt = tf.ragged.map_flat_values(tf.tanh, rt)
        return rt[1], rt[:, 1:].to_tensor(), tf.ragged.boolean_mask(rt, rt > 0.1).flat_values

    check_gradient(fn, [np.array([0.3, -0.7, 1.2, 0.4, -0.1, 0.9])])


# --- more: uniform rows, retracing, unbatch, elementwise dispatch -------------------------------
def test_from_uniform_row_length():
    rt = tf.RaggedTensor.from_uniform_row_length(tf.range(6), 3)
    assert rt.to_list() == [[0, 1, 2], [3, 4, 5]]
    assert rt.shape.as_list() == [2, 3]
    with pytest.raises(ValueError):
        tf.RaggedTensor.from_uniform_row_length([1, 2, 3], 2)


def test_function_traces_once_per_row_count():
    traces = []

    @tf.function
    def f(rt):
        traces.append(1)
        return tf.reduce_sum(rt, axis=1)

    for rows in ([[1, 2], [3]], [[1], [2, 3, 4]], [[5], []], [[1, 2, 3, 4], [5, 6]]):
        np.testing.assert_array_equal(f(tf.ragged.constant(rows)), [sum(r) for r in rows])
    assert len(traces) == 1
    f(tf.ragged.constant([[1], [2], [3]]))  # another row count: TF retraces too
    assert len(traces) == 2


def test_dataset_unbatch_and_dict_elements():
    rt = tf.ragged.constant(ROWS)
    ds = tf.data.Dataset.from_tensor_slices({"r": rt, "i": tf.range(4)}).batch(3)
    first = next(iter(ds))
    assert first["r"].to_list() == ROWS[:3]
    rows = [x.numpy().tolist() for x in tf.data.Dataset.from_tensor_slices(rt).batch(3)
            .unbatch()]
    assert rows == ROWS


def test_elementwise_dispatch_helper():
    from fluxion.ragged.operators import elementwise

    rt = tf.ragged.constant([[1, 2], [3]])
    assert elementwise(tf.add, rt, 1).to_list() == [[2, 3], [4]]
    assert elementwise(tf.cast, rt, tf.float32).dtype == tf.float32
    assert elementwise(tf.maximum, 2, rt).to_list() == [[2, 2], [3]]


def test_traced_outputs_keep_their_rank():
    """Inside a trace with unknown row counts, dense results still have a known rank (what
    Dataset.map element specs and Keras shape inference read)."""
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32),
                                  tf.TensorSpec([None], tf.int64)])
    def f(values, splits):
        rt = tf.RaggedTensor.from_row_splits(values, splits, validate=False)
        return (rt.to_tensor(), tf.reduce_sum(rt, axis=1), tf.reduce_max(rt, axis=0),
                rt.value_rowids(), rt[:, 1:].to_tensor(), rt.bounding_shape())

    graph = f.get_concrete_function().graph
    specs = graph.specs()
    ranks = [len(specs[name].shape) if specs[name].shape is not None else None
             for name in graph.outputs]
    assert ranks == [2, 1, 1, 1, 2, 1]


def test_dataset_map_to_dense_spec():
    ds = tf.data.Dataset.from_tensor_slices(tf.constant([[1, 0, 0], [2, 3, 0], [4, 0, 0]]))
    ds = ds.batch(2).map(lambda x: tf.RaggedTensor.from_tensor(x, padding=0)[:, :2].to_tensor())
    assert ds.element_spec.shape.as_list() == [None, None]
    assert [d.numpy().tolist() for d in ds] == [[[1, 0], [2, 3]], [[4]]]


def test_dataset_from_generator_with_ragged_signature():
    def gen():
        yield [[1, 2], [3]]
        yield tf.ragged.constant([[4], [], [5, 6]])

    spec = tf.RaggedTensorSpec([None, None], tf.int32)
    ds = tf.data.Dataset.from_generator(gen, output_signature=spec)
    assert ds.element_spec == spec
    assert [r.to_list() for r in ds] == [[[1, 2], [3]], [[4], [], [5, 6]]]
    with pytest.raises(errors.InvalidArgumentError):
        list(tf.data.Dataset.from_generator(lambda: iter([[["a"]]]), output_signature=spec))
