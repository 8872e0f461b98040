"""`v[key].assign(value)` (TF's _SliceHelperVar): eager, in tf.function, errors, and that
ordinary slices keep working as before."""
import gc

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from fluxion.ops import slicing_ops

BASE = np.arange(12, dtype=np.float32).reshape(3, 4)
KEYS = [0, -1, slice(1, 3), (slice(None), 0), (slice(None, None, -1), 2), (Ellipsis, 1),
        (1, slice(0, 4, 2)), (None, 2), (slice(0, 3, 2), slice(1, None))]


def _expected(key, value):
    out = BASE.copy()
    out[key] = value
    return out


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_eager_matches_numpy(key):
    v = tf.Variable(BASE)
    value = -np.arange(np.size(BASE[key]), dtype=np.float32).reshape(np.shape(BASE[key]))
    result = v[key].assign(value)
    assert result is v
    np.testing.assert_array_equal(v.numpy(), _expected(key, value))


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_in_function_matches_numpy(key):
    v = tf.Variable(BASE)

    @tf.function
    def f(value):
        v[key].assign(value)
        return v.read_value()

    for scale in (1.0, 2.0):  # the second call runs the graph
        value = scale * np.ones(np.shape(BASE[key]), np.float32)
        v.assign(BASE)
        np.testing.assert_array_equal(f(tf.constant(value)).numpy(), _expected(key, value))
        np.testing.assert_array_equal(v.numpy(), _expected(key, value))


def test_broadcasting_values():
    v = tf.Variable(BASE)
    v[1].assign(5.0)
    v[:2, 1:3].assign([7.0, 8.0])
    expected = BASE.copy()
    expected[1] = 5.0
    expected[:2, 1:3] = [7.0, 8.0]
    np.testing.assert_array_equal(v.numpy(), expected)


def test_python_values_take_the_variable_dtype():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float64)
    v[0].assign([5, 6])
    assert v.dtype is tf.float64 and v.numpy().tolist() == [[5.0, 6.0], [3.0, 4.0]]
    u = tf.Variable([1, 2, 3])
    u[::2].assign([7, 8])
    assert u.numpy().tolist() == [7, 2, 8]


def test_earlier_reads_stay_intact():
    v = tf.Variable([1.0, 2.0, 3.0])
    before = v.read_value()
    row = v[1]
    row.assign(9.0)
    assert before.numpy().tolist() == [1.0, 2.0, 3.0]
    assert row.numpy() == 2.0  # the slice read before the assignment
    assert v.numpy().tolist() == [1.0, 9.0, 3.0]


def test_tensor_index_eager_and_traced():
    v = tf.Variable(np.zeros((3, 2), np.float32))
    v[tf.constant(1)].assign([1.0, 1.0])

    @tf.function
    def f(i, x):
        v[i].assign(x)
        return v.read_value()

    f(tf.constant(0), tf.constant([2.0, 2.0]))
    out = f(tf.constant(2), tf.constant([3.0, 4.0]))
    np.testing.assert_array_equal(out.numpy(), [[2.0, 2.0], [1.0, 1.0], [3.0, 4.0]])


def test_errors():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32"):
        v[0].assign(tf.constant([1, 2]))
    with pytest.raises(errors.InvalidArgumentError, match=r"Cannot broadcast input shape \[3\]"):
        v[0].assign([1.0, 2.0, 3.0])
    with pytest.raises(errors.InvalidArgumentError, match="out of bounds"):
        v[5].assign([1.0, 2.0])
    with pytest.raises(TypeError):
        v[0].assign(1.0, read_value=False)
    assert v.numpy().tolist() == [[1.0, 2.0], [3.0, 4.0]]  # nothing written


def test_only_slices_of_variables_have_assign():
    assert not hasattr(tf.constant([1.0, 2.0])[0], "assign")
    assert not hasattr(tf.Variable([1.0, 2.0])[0], "assign_add")  # as TF 2.21
    assert not hasattr(tf.Variable([1.0, 2.0]) + 1.0, "assign")
    with pytest.raises(AttributeError, match="no attribute 'assign'"):
        tf.constant([1.0])[0].assign(2.0)


def test_slices_are_forgotten_with_their_tensors():
    v = tf.Variable(np.zeros(4, np.float32))
    kept = [v[i] for i in range(4)]
    for _ in range(2000):
        v[1:3]  # dropped at once: the table must not grow without bound
    gc.collect()
    assert len(slicing_ops._VARIABLE_SLICES) <= 600
    for i, s in enumerate(kept[:4]):  # slices still held keep working
        s.assign(float(i + 1))
    assert v.numpy().tolist() == [1.0, 2.0, 3.0, 4.0]


def test_a_dead_slice_id_reused_by_another_tensor_has_no_assign():
    v = tf.Variable(np.zeros(4, np.float32))
    ids = {id(v[0]) for _ in range(50)}  # each slice dies at once; its id may be reused
    others = [tf.constant([float(i)]) for i in range(200)]
    for t in others:
        if id(t) in ids:
            assert not hasattr(t, "assign")


def test_gradients_through_variable_slices_unchanged():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v[0] * 3.0) + tf.reduce_sum(v[:, 1])
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [[3.0, 4.0], [0.0, 1.0]])


def test_update_primitive_gradient():
    from tests.opcheck import check_gradient

    def fn(x, value):
        return slicing_ops._strided_slice_update(x, value, key=((None, None, None), 1))

    check_gradient(fn, [np.arange(6.0).reshape(3, 2), np.array([1.0])])
