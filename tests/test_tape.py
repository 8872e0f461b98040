"""GradientTape semantics: watching, persistence, nesting, jacobians, custom gradients."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient


def test_trainable_variables_watched_automatically_and_listed():
    a, b = tf.Variable(2.0), tf.Variable(3.0, trainable=False)
    with tf.GradientTape() as tape:
        y = a * b
    assert tape.watched_variables() == (a,)
    ga, gb = tape.gradient(y, [a, b])
    assert float(ga) == 3.0 and gb is None


def test_watch_accessed_variables_false():
    a = tf.Variable(2.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = a * a
    assert tape.gradient(y, a) is None
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * a
    assert float(tape.gradient(y, a)) == 4.0


def test_non_persistent_tape_is_single_use():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(y, x)


def test_persistent_tape_many_gradients_and_intermediate_sources():
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert float(tape.gradient(z, x)) == 4 * 27.0
    assert float(tape.gradient(z, y)) == 18.0  # gradient w.r.t. an intermediate tensor
    assert float(tape.gradient(y, x)) == 6.0


def test_nested_structures_of_sources_and_targets():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y1, y2 = a * b, a + b
    g = tape.gradient([y1, y2], {"x": a, "y": [b]})
    assert float(g["x"]) == 3.0 and float(g["y"][0]) == 2.0


def test_third_derivative_with_three_tapes():
    x = tf.constant(2.0)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = x * x * x * x
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert (float(d1), float(d2), float(d3)) == (32.0, 48.0, 48.0)


def test_stop_recording_and_reset():
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        with tape.stop_recording():
            y = x * x
        z = x * 3.0
    assert tape.gradient(y, x) is None and float(tape.gradient(z, x)) == 3.0
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        tape.reset()
        tape.watch(x)
        z = x * 5.0
        total = y + z
    assert float(tape.gradient(total, x)) == 5.0


def test_reentering_active_tape_raises():
    tape = tf.GradientTape()
    with tape:
        with pytest.raises(ValueError):
            tape.__enter__()


def test_watch_rejects_non_tensors():
    with tf.GradientTape() as tape:
        with pytest.raises(ValueError):
            tape.watch(3.0)


def test_gradient_same_tensor_used_twice_accumulates():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x + x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [3.0, 5.0])


def test_jacobian_shapes_and_values():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    w = tf.constant([[1.0, 0.5, 0.0], [2.0, 1.0, -1.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.matmul(x, w)
    jac = tape.jacobian(y, x)
    assert jac.shape == (2, 3, 2, 2)
    expected = np.einsum("ac,db->abcd", np.eye(2), w.numpy())
    np.testing.assert_allclose(jac.numpy(), expected)
    bj = tape.batch_jacobian(y, x)
    assert bj.shape == (2, 3, 2)
    np.testing.assert_allclose(bj.numpy(), np.broadcast_to(w.numpy().T, (2, 3, 2)))


def test_jacobian_unconnected():
    x, z = tf.constant([1.0, 2.0]), tf.constant([3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        y = x * 2.0
    assert tape.jacobian(y, z) is None
    zero = tape.jacobian(y, z, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zero.shape == (2, 1) and not np.any(zero.numpy())


def test_custom_gradient_replaces_gradient():
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    x = tf.constant(100.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert float(tape.gradient(y, x)) == 1.0  # the naive gradient would be nan


def test_custom_gradient_with_variables():
    v = tf.Variable(2.0)

    @tf.custom_gradient
    def scale(x):
        def grad(dy, variables=None):
            return dy * v, [dy * x * 10.0]
        return x * v, grad

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scale(x)
    gx, gv = tape.gradient(y, [x, v])
    assert float(gx) == 2.0 and float(gv) == 30.0


def test_custom_gradient_second_order_through_grad_fn():
    @tf.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x
        return x * x * x, grad

    x = tf.constant(2.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = cube(x)
        dy = inner.gradient(y, x)
    assert float(dy) == 12.0 and float(outer.gradient(dy, x)) == 12.0


def test_check_gradient_helper_detects_wrong_gradients():
    @tf.custom_gradient
    def wrong(x):
        return x * x, lambda dy: dy * 3.0 * x

    with pytest.raises(AssertionError):
        check_gradient(wrong, [np.array([1.0, 2.0])])
    check_gradient(lambda x: x * x, [np.array([1.0, 2.0])])


def test_unneeded_input_gradients_are_not_computed(monkeypatch):
    from fluxion.core.op import REGISTRY

    op = REGISTRY["matmul"]
    calls = []
    kernel = op._np_kernel
    monkeypatch.setattr(op, "_np_kernel", lambda *a, **k: calls.append(1) or kernel(*a, **k))
    x = tf.constant(np.ones((4, 3), np.float32))  # data: not watched
    w = tf.Variable(np.ones((3, 2), np.float32))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.matmul(x, w))
    gw = tape.gradient(y, w)
    np.testing.assert_allclose(gw.numpy(), np.full((3, 2), 4.0))
    assert len(calls) == 2  # forward, and dW only: no gradient for x


def test_tapes_and_traces_are_per_thread():
    import threading

    x = tf.constant(2.0)
    seen = []

    def other_thread():
        seen.append(tf.executing_eagerly())
        y = x * x  # runs while the main thread records: must not be recorded there
        seen.append(float(y))

    with tf.GradientTape() as tape:
        tape.watch(x)
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        z = x * 3.0
    assert seen == [True, 4.0]
    assert len(tape._entries) == 1 and float(tape.gradient(z, x)) == 3.0


def test_second_derivatives_through_variables_match_the_closed_forms():
    for expr, second in (("x ** 3", lambda v: 6 * v), ("x * x * x", lambda v: 6 * v),
                         ("tf.sin(x) * x", lambda v: 2 * np.cos(v) - v * np.sin(v))):
        x = tf.Variable(np.float64(1.3))
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = eval(expr)  # noqa: S307 - test expressions
            dy = inner.gradient(y, x)
        np.testing.assert_allclose(outer.gradient(dy, x).numpy(), second(1.3), rtol=1e-12)


def test_gradient_penalty_reaches_the_layer_weights():
    # WGAN-GP: the norm of d(critic)/d(input), differentiated w.r.t. the critic's weights
    w = tf.Variable(np.array([[0.5], [-1.5]]))
    x = tf.constant(np.array([[1.0, 2.0]]))

    def penalty(w):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                inner.watch(x)
                critic = tf.reduce_sum(tf.tanh(tf.matmul(x, w)))
            g = inner.gradient(critic, x)
            p = tf.reduce_sum(g * g)
        return p, outer.gradient(p, w)

    p, grad = penalty(w)
    eps = 1e-6
    numeric = []
    for i in range(2):
        dw = np.zeros((2, 1))
        dw[i, 0] = eps
        hi = penalty(tf.Variable(w.numpy() + dw))[0].numpy()
        lo = penalty(tf.Variable(w.numpy() - dw))[0].numpy()
        numeric.append((hi - lo) / (2 * eps))
    np.testing.assert_allclose(grad.numpy().ravel(), numeric, rtol=1e-6)
