"""Tensors, dtypes, shapes, conversion rules, variables and errors."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors


# --- dtypes -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["float16", "float32", "float64", "int8", "int16", "int32",
                                  "int64", "uint8", "bool", "string", "complex64"])
def test_dtype_names_round_trip(name):
    d = tf.as_dtype(name)
    assert d.name == name
    assert getattr(tf, name) is d
    assert tf.as_dtype(d) is d


def test_as_dtype_from_numpy_and_python():
    assert tf.as_dtype(np.float32) is tf.float32
    assert tf.as_dtype(np.dtype("int64")) is tf.int64
    assert tf.as_dtype(float) is tf.float32
    assert tf.as_dtype(int) is tf.int32
    assert tf.as_dtype(bool) is tf.bool
    assert tf.as_dtype(str) is tf.string
    assert tf.float32 == np.float32 and tf.float32 == "float32" and tf.float32 != tf.float64
    with pytest.raises(TypeError, match="Cannot convert"):
        tf.as_dtype("float128x")


def test_dtype_properties():
    assert tf.float32.is_floating and not tf.float32.is_integer
    assert tf.int8.is_integer and not tf.uint8.is_floating and tf.uint8.is_unsigned
    assert tf.complex64.is_complex and tf.complex64.real_dtype is tf.float32
    assert tf.bool.is_bool and tf.float64.size == 8
    assert tf.int8.min == -128 and tf.uint8.max == 255
    assert tf.float32.as_numpy_dtype is np.float32
    assert pickle.loads(pickle.dumps(tf.float32)) is tf.float32


# --- TensorShape --------------------------------------------------------------------------------
def test_tensor_shape_known_and_unknown():
    s = tf.TensorShape([2, None, 3])
    assert s.rank == 3 and s[0] == 2 and s[1] is None and s.as_list() == [2, None, 3]
    assert not s.is_fully_defined() and s.num_elements() is None
    assert s.is_compatible_with([2, 5, 3]) and not s.is_compatible_with([2, 5, 4])
    assert s.merge_with([None, 5, 3]).as_list() == [2, 5, 3]
    assert tf.TensorShape(None).rank is None and str(tf.TensorShape(None)) == "<unknown>"
    assert tf.TensorShape([2, 3]) == (2, 3) and tf.TensorShape([2, 3]) == [2, 3]
    assert repr(tf.TensorShape([2, 3])) == "TensorShape([2, 3])"
    assert str(tf.TensorShape([4])) == "(4,)"
    assert tf.TensorShape([1]).concatenate([2]).as_list() == [1, 2]
    assert s[1:].as_list() == [None, 3]
    with pytest.raises(ValueError):
        tf.TensorShape([2]).merge_with([3])
    with pytest.raises(ValueError):
        tf.TensorShape(None).as_list()


# --- Tensor basics ------------------------------------------------------------------------------
def test_tensor_metadata_and_numpy():
    t = tf.constant([[1, 2, 3], [4, 5, 6]])
    assert t.dtype is tf.int32 and t.shape == (2, 3) and t.ndim == 2 and len(t) == 2
    arr = t.numpy()
    arr[0, 0] = 99  # numpy() is a copy: the tensor stays immutable
    assert t.numpy()[0, 0] == 1
    np.testing.assert_array_equal(np.asarray(t), [[1, 2, 3], [4, 5, 6]])
    assert isinstance(tf.constant(3.0).numpy(), np.float32)
    assert tf.is_tensor(t) and not tf.is_tensor(np.ones(2))


def test_constant_does_not_alias_user_arrays():
    a = np.array([1.0, 2.0])
    t = tf.constant(a)
    a[0] = 100.0
    assert t.numpy()[0] == 1.0


def test_scalar_conversions_and_bool():
    assert float(tf.constant(2.5)) == 2.5 and int(tf.constant(7)) == 7
    assert bool(tf.constant(True)) and not bool(tf.constant(0.0))
    with pytest.raises(ValueError):
        bool(tf.constant([1, 2]))
    assert [1, 2, 3][tf.constant(1)] == 2  # __index__
    with pytest.raises(TypeError):
        len(tf.constant(1.0))


def test_iteration_unstacks_rows():
    rows = list(tf.constant([[1, 2], [3, 4]]))
    assert len(rows) == 2 and rows[1].numpy().tolist() == [3, 4]
    with pytest.raises(TypeError):
        iter(tf.constant(1))


def test_tensors_are_unhashable_but_refs_are():
    t = tf.constant(1.0)
    with pytest.raises(TypeError, match="unhashable"):
        hash(t)
    d = {t.ref(): 1}
    assert d[t.ref()] == 1 and t.ref().deref() is t


def test_repr_and_str():
    t = tf.constant([1.0, 2.0])
    assert repr(t).startswith("<tf.Tensor: shape=(2,), dtype=float32, numpy=")
    assert "shape=(2,)" in str(t) and f"{tf.constant(1.5):.2f}" == "1.50"


def test_reflected_operators_and_numpy_left_operand():
    x = tf.constant([1.0, 2.0])
    np.testing.assert_allclose((1.0 - x).numpy(), [0.0, -1.0])
    np.testing.assert_allclose((2.0 / x).numpy(), [2.0, 1.0])
    r = np.array([1.0, 1.0]) + x  # ndarray defers to Tensor (__array_priority__)
    assert isinstance(r, tf.Tensor) and r.dtype is tf.float32
    m = tf.constant([[1.0, 2.0]])
    assert (m @ tf.constant([[1.0], [1.0]])).numpy().tolist() == [[3.0]]
    assert (-x).numpy().tolist() == [-1.0, -2.0] and (+x) is x


def test_dtype_mismatch_error_names_op_and_dtypes():
    with pytest.raises(errors.InvalidArgumentError) as info:
        tf.add(tf.constant([1, 2]), tf.constant([1.0, 2.0]))
    assert "AddV2" in str(info.value) and "int32" in str(info.value)
    assert "float32" in str(info.value)


def test_kernel_errors_name_op_and_shapes():
    with pytest.raises(errors.InvalidArgumentError) as info:
        tf.constant([1.0, 2.0]) * tf.constant([1.0, 2.0, 3.0])
    msg = str(info.value)
    assert "Mul" in msg and "[2]" in msg and "[3]" in msg


def test_error_classes_follow_tf():
    assert issubclass(errors.InvalidArgumentError, errors.OpError)
    e = errors.NotFoundError(None, None, "missing")
    assert e.message == "missing" and e.error_code == errors.NOT_FOUND
    assert str(errors.DataLossError("bad record")) == "bad record"


def test_string_tensors():
    t = tf.constant(["a", "bc"])
    assert t.dtype is tf.string and t.numpy().tolist() == [b"a", b"bc"]


# --- Variables ----------------------------------------------------------------------------------
def test_variable_basics():
    v = tf.Variable([1.0, 2.0], name="w")
    assert v.name == "w:0" and v.trainable and v.dtype is tf.float32 and v.shape == (2,)
    v.assign([3.0, 4.0])
    v.assign_add([1.0, 1.0])
    v.assign_sub(tf.constant([0.5, 0.5]))
    np.testing.assert_allclose(v.numpy(), [3.5, 4.5])
    np.testing.assert_allclose((v * 2).numpy(), [7.0, 9.0])
    np.testing.assert_allclose(tf.matmul(tf.reshape(v, [1, 2]), tf.ones([2, 1])).numpy(), [[8.0]])
    assert isinstance(v.read_value(), tf.Tensor)
    assert repr(v).startswith("<tf.Variable 'w:0' shape=(2,) dtype=float32")


def test_variable_reads_are_snapshots():
    v = tf.Variable(1.0)
    before = v.read_value()
    v.assign(5.0)
    assert float(before) == 1.0 and float(v) == 5.0


def test_variable_assign_errors():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match="shape"):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        v.assign(tf.constant([1, 2]))
    with pytest.raises(ValueError):
        tf.Variable(None)


def test_variable_dtype_and_callable_initial_value():
    v = tf.Variable(lambda: tf.ones([2], tf.float64), dtype=tf.float64)
    assert v.dtype is tf.float64
    with pytest.raises(ValueError, match="requested dtype float64"):  # TF never casts a tensor
        tf.Variable(lambda: tf.ones([2]), dtype=tf.float64)
    with pytest.raises(TypeError, match="Expected tensor"):
        tf.constant(tf.constant([1]), dtype=tf.float32)
    assert tf.Variable([1, 2], dtype=tf.float32).dtype is tf.float32  # Python values convert
    assert not tf.Variable(1, trainable=False).trainable
    assert tf.Variable(1).dtype is tf.int32


def test_variable_repr_shows_scalars_as_tf_does():
    assert repr(tf.Variable(0)).endswith("dtype=int32, numpy=0>")
    assert repr(tf.Variable([1.5, 2.0])).endswith(
        "numpy=array([1.5, 2. ], dtype=float32)>")


def test_numpy_text_arrays_become_tf_strings():
    a = tf.constant(np.asarray(["a", "b"], dtype=object))
    assert a.numpy().tolist() == [b"a", b"b"]
    assert tf.equal(a, tf.constant(["a", "x"])).numpy().tolist() == [True, False]
    assert tf.constant(np.array(["q"])).numpy().tolist() == [b"q"]
