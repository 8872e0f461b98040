"""tf.sparse: SparseTensor and its ops. Expected values and error messages are what
TensorFlow 2.21 gives for the same calls; gradients are checked by finite differences."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from tests.opcheck import check_gradient

S = tf.sparse.SparseTensor


def sp34():
    return S(indices=[[0, 1], [2, 3]], values=[1, 2], dense_shape=[3, 4])


def as_lists(sp):
    return (sp.indices.numpy().tolist(), sp.values.numpy().tolist(),
            sp.dense_shape.numpy().tolist())


def test_sparse_tensor_attributes_and_repr():
    sp = sp34()
    assert tf.SparseTensor is S and tf.sparse.SparseTensor is S
    assert sp.indices.dtype == tf.int64 and sp.dense_shape.dtype == tf.int64
    assert sp.dtype == tf.int32 and sp.shape == (3, 4) and sp.get_shape().as_list() == [3, 4]
    assert repr(sp).startswith("SparseTensor(indices=tf.Tensor(")
    assert "dense_shape=tf.Tensor([3 4], shape=(2,), dtype=int64)" in repr(sp)
    assert as_lists(sp.with_values(tf.constant([5.0, 6.0])))[1] == [5.0, 6.0]
    assert S.from_value(sp) is sp


@pytest.mark.parametrize("args,cls,message", [
    (([[0, 1]], [[1]], [3, 4]), ValueError, "Shape (1, 1) must have rank 1"),
    (([0, 1], [1, 2], [3, 4]), ValueError, "Shape (2,) must have rank 2"),
    (([[0, 1]], [1, 2], [3, 4]), ValueError, "Dimensions 1 and 2 are not compatible"),
    (([[0, 1]], [1], [3, 4, 5]), ValueError, "Dimensions 2 and 3 are not compatible"),
    (([[0.5, 1]], [1], [3, 4]), TypeError, "Cannot convert"),
])
def test_constructor_errors(args, cls, message):
    with pytest.raises(cls) as info:
        S(*args)
    assert message in str(info.value)


def test_sparse_tensor_is_not_a_dense_tensor():
    with pytest.raises(ValueError, match="unsupported type"):
        tf.convert_to_tensor(sp34())


def test_to_dense_defaults_and_strings():
    assert tf.sparse.to_dense(sp34()).numpy().tolist() == [[0, 1, 0, 0], [0, 0, 0, 0],
                                                          [0, 0, 0, 2]]
    dense = tf.sparse.to_dense(sp34(), default_value=-1)
    assert dense.dtype == tf.int32 and dense.numpy()[1].tolist() == [-1] * 4
    strings = tf.sparse.to_dense(S([[1]], [b"x"], [3]))
    assert strings.numpy().tolist() == [b"", b"x", b""]
    with pytest.raises(TypeError, match="Cannot convert 1.5"):
        tf.sparse.to_dense(sp34(), default_value=1.5)


@pytest.mark.parametrize("indices,message", [
    ([[2, 3], [0, 1]], "indices[1] = [0,1] is out of order. Many sparse ops require sorted"),
    ([[0, 1], [0, 1]], "indices[1] = [0,1] is repeated"),
    ([[0, 1], [5, 1]], "indices[1] = [5,1] is out of bounds: need 0 <= index < [3,4]"),
    ([[-1, 1], [0, 2]], "indices[0] = [-1,1] is out of bounds"),
])
def test_to_dense_validates_indices(indices, message):
    with pytest.raises(errors.InvalidArgumentError) as info:
        tf.sparse.to_dense(S(indices, [1, 2], [3, 4]))
    assert message in str(info.value)


def test_to_dense_without_validation_accepts_any_order():
    dense = tf.sparse.to_dense(S([[2, 3], [0, 1]], [1, 2], [3, 4]), validate_indices=False)
    assert dense.numpy()[0, 1] == 2 and dense.numpy()[2, 3] == 1


def test_from_dense_and_reorder():
    assert as_lists(tf.sparse.from_dense([[0, 1], [2, 0]])) == ([[0, 1], [1, 0]], [1, 2],
                                                                [2, 2])
    assert as_lists(tf.sparse.from_dense([b"", b"a"])) == ([[1]], [b"a"], [2])
    assert as_lists(tf.sparse.from_dense([True, False])) == ([[0]], [True], [2])
    with pytest.raises(errors.InvalidArgumentError, match="Unhandled input dimensions: 0"):
        tf.sparse.from_dense(3.0)
    r = tf.sparse.reorder(S([[2, 3], [0, 1], [0, 0]], [1, 2, 3], [3, 4]))
    assert as_lists(r) == ([[0, 0], [0, 1], [2, 3]], [3, 2, 1], [3, 4])


def test_reductions():
    sp = sp34()
    assert tf.sparse.reduce_sum(sp).numpy() == 3
    assert tf.sparse.reduce_sum(sp, axis=0).numpy().tolist() == [0, 1, 0, 2]
    keep = tf.sparse.reduce_sum(sp, axis=1, keepdims=True)
    assert keep.shape == (3, 1) and keep.numpy().ravel().tolist() == [1, 0, 2]
    out = tf.sparse.reduce_sum(sp, axis=-1, output_is_sparse=True)
    assert as_lists(out) == ([[0], [2]], [1, 2], [3])
    mx = tf.sparse.reduce_max(S([[0, 1], [0, 2]], [-1, -2], [2, 3]), axis=1)
    assert mx.numpy().tolist() == [-1, 0]  # only given values count; empty rows give 0
    empty = tf.sparse.reduce_sum(S(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 3]), axis=1)
    assert empty.dtype == tf.float32 and empty.numpy().tolist() == [0.0, 0.0]
    with pytest.raises(errors.InvalidArgumentError):
        tf.sparse.reduce_sum(sp, axis=2)


def test_arithmetic():
    sp = sp34()
    assert as_lists(sp * 2)[1] == [2, 4]
    assert as_lists(sp * tf.constant([[1], [2], [3]]))[1] == [1, 6]
    half = sp / 2
    assert half.dtype == tf.float64 and as_lists(half)[1] == [0.5, 1.0]
    total = tf.sparse.add(sp, S([[0, 1], [1, 1]], [10, 20], [3, 4]))
    assert as_lists(total) == ([[0, 1], [1, 1], [2, 3]], [11, 20, 2], [3, 4])
    dense = tf.sparse.add(sp, tf.ones([3, 4], tf.int32))
    assert dense.numpy().tolist() == [[1, 2, 1, 1], [1, 1, 1, 1], [1, 1, 1, 3]]
    cancelled = tf.sparse.add(S([[0]], [1.0], [2]), S([[0], [1]], [-1.0, 0.5], [2]),
                              threshold=0.1)
    assert as_lists(cancelled) == ([[1]], [0.5], [2])
    other = S([[0, 1], [1, 1]], [10, -20], [3, 4])
    assert as_lists(tf.sparse.maximum(sp, other))[1] == [10, 0, 2]
    assert as_lists(tf.sparse.minimum(sp, other))[1] == [1, -20, 0]
    with pytest.raises(errors.InvalidArgumentError):
        tf.sparse.add(sp, S([[0]], [1], [3]))


def test_structure_ops():
    sp = sp34()
    assert as_lists(tf.sparse.concat(1, [sp, sp])) == (
        [[0, 1], [0, 5], [2, 3], [2, 7]], [1, 1, 2, 2], [3, 8])
    assert as_lists(tf.sparse.expand_dims(sp, 0)) == ([[0, 0, 1], [0, 2, 3]], [1, 2], [1, 3, 4])
    assert as_lists(tf.sparse.transpose(sp)) == ([[1, 0], [3, 2]], [1, 2], [4, 3])
    assert as_lists(tf.sparse.retain(sp, [True, False])) == ([[0, 1]], [1], [3, 4])
    assert as_lists(tf.sparse.reshape(sp, [4, 3])) == ([[0, 1], [3, 2]], [1, 2], [4, 3])
    assert as_lists(tf.sparse.reshape(sp, [-1])) == ([[1], [11]], [1, 2], [12])
    assert as_lists(tf.sparse.slice(sp, [1, 0], [2, 4])) == ([[1, 3]], [2], [2, 4])
    assert as_lists(tf.sparse.reset_shape(S([[0, 1], [1, 2]], [1, 2], [5, 5]))) == (
        [[0, 1], [1, 2]], [1, 2], [2, 3])
    halves = tf.sparse.split(sp_input=sp, num_split=2, axis=1)
    assert [as_lists(h) for h in halves] == [([[0, 1]], [1], [3, 2]), ([[2, 1]], [2], [3, 2])]
    filled, empty_rows = tf.sparse.fill_empty_rows(sp, -1)
    assert as_lists(filled) == ([[0, 1], [1, 0], [2, 3]], [1, -1, 2], [3, 4])
    assert empty_rows.numpy().tolist() == [False, True, False]
    with pytest.raises(errors.InvalidArgumentError):
        tf.sparse.reshape(sp, [5, 3])


def test_misc_ops():
    assert as_lists(tf.sparse.eye(2)) == ([[0, 0], [1, 1]], [1.0, 1.0], [2, 2])
    ind = tf.sparse.to_indicator(S([[0, 0], [0, 1], [1, 0]], [1, 3, 0], [2, 2]), 4)
    assert ind.numpy().tolist() == [[False, True, False, True], [True, False, False, False]]
    tripled = tf.sparse.map_values(tf.math.multiply, sp34(), 3)
    assert as_lists(tripled)[1] == [3, 6]
    with pytest.raises(errors.InvalidArgumentError):
        tf.sparse.map_values(tf.math.add, sp34(), S([[0, 0], [1, 1]], [1, 1], [3, 4]))
    soft = tf.sparse.softmax(S([[0, 0], [0, 2], [1, 1]], [1.0, 2.0, 3.0], [2, 3]))
    np.testing.assert_allclose(soft.values.numpy(), [0.26894143, 0.7310586, 1.0], rtol=1e-6)
    prod = tf.sparse.sparse_dense_matmul(S([[0, 1], [2, 3]], [1.0, 2.0], [3, 4]), tf.ones([4, 2]))
    assert prod.numpy().tolist() == [[1, 1], [0, 0], [2, 2]]


def test_sparse_dense_matmul_matches_dense():
    rng = np.random.default_rng(0)
    dense = rng.standard_normal((4, 5)) * (rng.random((4, 5)) < 0.4)
    b = rng.standard_normal((5, 3))
    sp = tf.sparse.from_dense(dense)
    np.testing.assert_allclose(tf.sparse.sparse_dense_matmul(sp, b).numpy(), dense @ b)
    np.testing.assert_allclose(
        tf.sparse.sparse_dense_matmul(sp, b.T, adjoint_b=True).numpy(), dense @ b)
    np.testing.assert_allclose(
        tf.sparse.sparse_dense_matmul(sp, dense, adjoint_a=True).numpy(), dense.T @ dense)


def test_gradients_reach_values():
    idx = [[0, 1], [1, 0], [2, 3]]
    check_gradient(lambda v: tf.sparse.to_dense(S(idx, v, [3, 4])), [[1.0, -2.0, 0.5]])
    check_gradient(lambda v: tf.sparse.reduce_sum(S(idx, v, [3, 4]), axis=1), [[1.0, 2.0, 3.0]])
    check_gradient(lambda v, b: tf.sparse.sparse_dense_matmul(S(idx, v, [3, 4]), b),
                   [[1.0, 2.0, 3.0], np.arange(8.0).reshape(4, 2)])
    check_gradient(lambda v: tf.sparse.softmax(S(idx, v, [3, 4])).values, [[0.3, 1.0, -1.0]])
    check_gradient(lambda v: tf.sparse.reorder(S(idx[::-1], v, [3, 4])).values,
                   [[1.0, 2.0, 3.0]])


def test_sparse_tensor_spec():
    spec = tf.SparseTensorSpec([None, 3], tf.int32)
    assert repr(spec) == "SparseTensorSpec(TensorShape([None, 3]), tf.int32)"
    assert spec.is_compatible_with(S([[0, 1]], tf.constant([1]), [2, 3]))
    assert not spec.is_compatible_with(S([[0, 1]], tf.constant([1.0]), [2, 3]))
    assert spec == tf.SparseTensorSpec([None, 3], tf.int32)


def test_is_tensor_counts_sparse_tensors_as_tf_does():
    assert tf.is_tensor(tf.SparseTensor([[0, 0]], [1.0], [2, 2]))
    assert not tf.is_tensor([1.0])
