"""keras.StatelessScope, SymbolicScope, RematScope/remat, Operation, Function, Quantizer."""
import numpy as np
import pytest

import fluxion as tf
from fluxion.keras import backend_scopes

keras = tf.keras


def test_stateless_reads_mapped_values_and_restores():
    v = keras.Variable(np.array([1.0, 2.0]), name="ks_v")
    with keras.StatelessScope(state_mapping=[(v, [4.0, 5.0])]) as scope:
        np.testing.assert_array_equal((v * 2.0).numpy(), [8.0, 10.0])
        v.assign_add([1.0, 1.0])
        np.testing.assert_array_equal(v.numpy(), [5.0, 6.0])
        assert backend_scopes.in_stateless_scope()
    assert not backend_scopes.in_stateless_scope()
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(scope.get_current_value(v).numpy(), [5.0, 6.0])


def test_stateless_gradient_at_mapped_value():
    v = tf.Variable(np.float64(1.0))
    with keras.StatelessScope([(v, np.float64(2.0))]):
        with tf.GradientTape() as tape:
            y = tf.sin(v) * v
        grad = float(tape.gradient(y, v))
    eps = 1e-6
    numeric = (np.sin(2 + eps) * (2 + eps) - np.sin(2 - eps) * (2 - eps)) / (2 * eps)
    assert abs(grad - numeric) < 1e-6
    assert float(v.numpy()) == 1.0


def test_stateless_layer_update_collected():
    layer = keras.layers.BatchNormalization(name="ks_bn", momentum=0.5)
    layer.build((None, 2))
    before = layer.moving_mean.numpy().copy()
    x = tf.constant([[1.0, 3.0], [3.0, 5.0]])
    with keras.StatelessScope() as scope:
        layer(x, training=True)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), before)
    np.testing.assert_allclose(scope.get_current_value(layer.moving_mean).numpy(),
                               0.5 * before + 0.5 * np.array([2.0, 4.0]), rtol=1e-6)


def test_stateless_errors_and_nesting():
    v = tf.Variable(1.0)
    with pytest.raises(ValueError):
        keras.StatelessScope([(v, [1.0, 2.0])])
    with pytest.raises(ValueError):
        keras.StatelessScope([(3.0, 1.0)])
    with keras.StatelessScope([(v, 5.0)]):
        with keras.StatelessScope([(v, 7.0)]) as inner:
            v.assign(9.0)
        assert float(v.numpy()) == 5.0
    assert float(v.numpy()) == 1.0 and float(inner.get_current_value(v)) == 9.0


def test_symbolic_and_remat_scopes():
    assert not backend_scopes.in_symbolic_scope()
    with keras.SymbolicScope():
        assert backend_scopes.in_symbolic_scope()
    assert not backend_scopes.in_symbolic_scope()
    with keras.RematScope(mode="larger_than", output_size_threshold=5) as scope:
        assert backend_scopes.get_current_remat_mode() is scope
    assert backend_scopes.get_current_remat_mode() is None
    with pytest.raises(ValueError):
        keras.RematScope(mode="sometimes")


def test_remat_value_and_gradient():
    f = keras.remat(lambda a: tf.exp(a) * a)
    x = tf.constant([0.3, -1.2], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    xs = np.array([0.3, -1.2])
    np.testing.assert_allclose(y.numpy(), np.exp(xs) * xs)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.exp(xs) * (1 + xs), rtol=1e-12)


class Cube(keras.Operation):
    def call(self, x):
        return x * x * x


class Shift(keras.Operation):
    def __init__(self, by=1.0, name=None):
        super().__init__(name=name)
        self.by = by

    def call(self, x):
        return x + self.by

    def compute_output_spec(self, x):
        return keras.KerasTensor(x.shape, x.dtype)


def test_operation_eager_symbolic_and_config():
    np.testing.assert_allclose(Cube(name="ks_cube")(tf.constant([2.0])).numpy(), [8.0])
    x = keras.Input((2,), name="ks_in")
    y = Shift(2.0, name="ks_shift")(Cube(name="ks_cube2")(x))
    assert isinstance(y, keras.KerasTensor) and y.shape == (None, 2)
    model = keras.Model(x, y, name="ks_model")
    np.testing.assert_allclose(model(np.array([[1.0, 2.0]], np.float32)).numpy(), [[3.0, 10.0]])
    op = Shift.from_config(Shift(3.0, name="ks_s2").get_config())
    assert op.by == 3.0 and op.name == "ks_s2"
    with pytest.raises(NotImplementedError):
        keras.Operation(name="ks_base")(tf.constant(1.0))


def test_operation_gradient_in_function():
    x = keras.Input((1,), dtype="float64", name="ks_in2")
    f = keras.Function(x, Cube(name="ks_cube3")(x))
    t = tf.constant([[1.5]], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(t)
        out = f(t)
    assert abs(tape.gradient(out, t).numpy()[0, 0] - 3 * 1.5 ** 2) < 1e-12


def test_function_structures_and_specs():
    a = keras.Input((3,), name="ks_a")
    b = keras.Input((3,), name="ks_b")
    dense = keras.layers.Dense(4, name="ks_dense", kernel_initializer="ones")
    f = keras.Function({"a": a, "b": b}, [dense(a - b), a * b], name="ks_fn")
    xa, xb = np.ones((2, 3), np.float32), np.full((2, 3), 2.0, np.float32)
    first, second = f({"a": xa, "b": xb})
    np.testing.assert_allclose(np.asarray(first), np.full((2, 4), -3.0))
    np.testing.assert_allclose(np.asarray(second), xa * xb)
    assert f.name == "ks_fn" and len(f.inputs) == 2 and len(f.outputs) == 2
    specs = f.compute_output_spec({"a": keras.KerasTensor((5, 3)), "b": keras.KerasTensor((5, 3))})
    assert [s.shape for s in specs] == [(5, 4), (5, 3)]
    with pytest.raises(ValueError):
        keras.Function(a, b)


def test_quantizer_base():
    q = keras.Quantizer(output_dtype="int4")
    assert q.output_dtype == "int4" and float(q(tf.constant(2.0))) == 2.0
    with pytest.raises(NotImplementedError):
        q.get_config()
