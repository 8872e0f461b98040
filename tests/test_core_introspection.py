"""tf.get_static_value, tf.inside_function, tf.is_symbolic_tensor, tf.get_current_name_scope,
tf.RegisterGradient / tf.no_gradient, tf.AggregationMethod and tf.DeviceSpec."""
import numpy as np
import pytest

import fluxion as tf
from fluxion import introspection


def test_static_value_eager_and_traced():
    np.testing.assert_array_equal(tf.get_static_value(tf.constant([1.5, 2.0])), [1.5, 2.0])
    seen = {}

    @tf.function
    def f(x):
        seen["input"] = tf.get_static_value(x)
        seen["shape"] = tf.get_static_value(tf.shape(x))
        seen["flags"] = (tf.inside_function(), tf.is_symbolic_tensor(x),
                         tf.is_symbolic_tensor(tf.constant(1.0) * 0 + x))
        return x * 2.0

    np.testing.assert_allclose(f(tf.constant([1.0, 2.0, 3.0])).numpy(), [2.0, 4.0, 6.0])
    assert seen["input"] is None
    assert seen["shape"].tolist() == [3]
    assert seen["flags"] == (True, True, True)
    assert not tf.inside_function()


def test_name_scope_stack():
    assert tf.get_current_name_scope() == ""
    with tf.name_scope("a"):
        with tf.name_scope("b"):
            assert tf.get_current_name_scope() == "a/b"
        assert tf.get_current_name_scope() == "a"
    assert tf.get_current_name_scope() == ""


def test_register_gradient_storage_and_clashes():
    def grad(op, g):
        return g * 2.0

    assert tf.RegisterGradient("IntrospectionTestOp")(grad) is grad
    assert introspection.registered_gradient("IntrospectionTestOp") is grad
    with pytest.raises(KeyError, match="Registering two gradient"):
        tf.RegisterGradient("IntrospectionTestOp")(grad)
    tf.no_gradient("IntrospectionNoGrad")
    assert introspection.registered_gradient("IntrospectionNoGrad") is None
    with pytest.raises(KeyError):
        tf.no_gradient("Exp")  # a built-in op with a gradient
    with pytest.raises(TypeError):
        tf.RegisterGradient(1)


def test_aggregation_method_constants():
    m = tf.AggregationMethod
    assert (m.ADD_N, m.DEFAULT, m.EXPERIMENTAL_TREE, m.EXPERIMENTAL_ACCUMULATE_N) == (0, 0, 1, 2)


def test_device_spec_round_trip_and_merge():
    s = "/job:worker/replica:2/task:0/device:CPU:1"
    d = tf.DeviceSpec.from_string(s)
    assert (d.job, d.replica, d.task, d.device_type, d.device_index) == ("worker", 2, 0, "CPU", 1)
    assert d.to_string() == s
    assert tf.DeviceSpec.from_string(d.to_string()) == d
    merged = d.make_merged_spec(tf.DeviceSpec(device_type="GPU"))
    assert merged.to_string() == "/job:worker/replica:2/task:0/device:GPU:1"
    assert d.replace(job="ps").job == "ps" and d.job == "worker"  # replace copies
    assert tf.DeviceSpec(device_type="tpu").to_string() == "/device:TPU:*"
    assert len({d, tf.DeviceSpec.from_string(s), merged}) == 2
    with pytest.raises(ValueError):
        tf.DeviceSpec.from_string("/bogus:1")


def test_type_specs_compatibility_and_hash():
    a = tf.IndexedSlicesSpec([None, 3], tf.float32, tf.int32)
    b = tf.IndexedSlicesSpec([4, 3], tf.float32, tf.int32)
    assert a.is_compatible_with(b) and b.is_compatible_with(a)
    assert not b.is_compatible_with(tf.IndexedSlicesSpec([4, 2], tf.float32, tf.int32))
    assert a != b and len({b, tf.IndexedSlicesSpec([4, 3], tf.float32, tf.int32)}) == 1
    value = tf.IndexedSlices(tf.ones([2, 3]), tf.constant([0, 2], tf.int32),
                             tf.constant([4, 3], tf.int32))
    assert tf.IndexedSlicesSpec([4, 3], tf.float32, tf.int32, tf.int32, [2]).is_compatible_with(
        value)
    opt = tf.OptionalSpec({"x": tf.TensorSpec([None], tf.float32)})
    assert opt.is_compatible_with(tf.experimental.Optional.from_value({"x": tf.ones([5])}))
    assert not opt.is_compatible_with(tf.experimental.Optional.from_value({"x": tf.ones([])}))
    assert not opt.is_compatible_with(tf.experimental.Optional.from_value({"y": tf.ones([5])}))
    assert isinstance(tf.TensorSpec([2]), tf.TypeSpec)
    assert not isinstance(tf.constant(1.0), tf.TypeSpec)
    with pytest.raises(TypeError):
        tf.TypeSpec()  # abstract


def test_optional_round_trip_and_iterator():
    o = tf.experimental.Optional.from_value((tf.constant(1), tf.constant([2.0, 3.0])))
    assert bool(o.has_value())
    first, second = o.get_value()
    assert int(first) == 1 and second.numpy().tolist() == [2.0, 3.0]
    spec = tf.type_spec_from_value(o)
    assert isinstance(spec, tf.OptionalSpec) and spec.element_spec[1].shape == [2]
    it = iter(tf.data.Dataset.from_tensor_slices([5, 6]))
    got = [tf.data.experimental.get_next_as_optional(it) for _ in range(3)]
    assert [bool(g.has_value()) for g in got] == [True, True, False]
    assert [int(g.get_value()) for g in got[:2]] == [5, 6]
    with pytest.raises(tf.errors.InvalidArgumentError):
        got[2].get_value()


@pytest.mark.parametrize("array", [
    np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1 + 1j, -2 - 3j]),
    np.array(5, np.int16),
    np.array([b"x", b"\xff\n"], dtype=object), np.array([[True], [False]]),
    np.array([0.5, -1.25], np.float16), np.zeros([0, 2], np.int64)])
def test_tensor_proto_round_trips(array):
    proto = tf.make_tensor_proto(array)
    back = tf.make_ndarray(proto)
    assert back.shape == array.shape and back.dtype == array.dtype
    np.testing.assert_array_equal(back, array)
    data = proto.SerializeToString()
    parsed = tf.io.parse_tensor(data, tf.as_dtype(array.dtype) if array.dtype != object
                                else tf.string)
    np.testing.assert_array_equal(parsed.numpy(), array)
    again = type(proto)()
    again.ParseFromString(data)
    assert again.SerializeToString() == data and str(again) == str(proto)


def test_tensor_proto_broadcast_and_errors():
    proto = tf.make_tensor_proto(2.0, shape=[2, 3])
    assert proto.float_val == [2.0] and not proto.tensor_content
    np.testing.assert_array_equal(tf.make_ndarray(proto), np.full([2, 3], 2.0, np.float32))
    with pytest.raises(ValueError, match="Too many elements"):
        tf.make_tensor_proto([1, 2, 3], shape=[2])
    with pytest.raises(TypeError):
        tf.make_tensor_proto([1, 2], shape=[2, 1], verify_shape=True)
