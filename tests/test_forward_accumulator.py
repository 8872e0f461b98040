"""tf.autodiff.ForwardAccumulator (jvps against finite differences in float64), tf.gradients
and tf.hessians inside tf.function."""
import numpy as np
import pytest

import fluxion as tf

RNG = np.random.default_rng(0)


def _fd_jvp(f, x, v, eps=1e-6):
    return (f(x + eps * v) - f(x - eps * v)) / (2 * eps)


FUNCS = {
    "sin_mul": lambda x: tf.sin(x) * x,
    "softmax": lambda x: tf.nn.softmax(tf.reshape(x, [2, 3]) * 2.0),
    "matmul": lambda x: tf.matmul(tf.reshape(x, [2, 3]), tf.reshape(x, [3, 2])),
    "reduce_logsumexp": lambda x: tf.reduce_logsumexp(tf.exp(x) / (1.0 + x * x)),
    "tanh_concat": lambda x: tf.concat([tf.tanh(x[:3]), tf.sqrt(x * x + 1.0)], 0),
    "gather_max": lambda x: tf.reduce_max(tf.gather(x, [0, 2, 2, 5]) ** 2),
}


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_jvp_matches_finite_differences(name):
    f = FUNCS[name]
    x0 = RNG.normal(size=6)
    v0 = RNG.normal(size=6)
    x, v = tf.constant(x0), tf.constant(v0)
    with tf.autodiff.ForwardAccumulator(x, v) as acc:
        y = f(x)
    want = _fd_jvp(lambda a: f(tf.constant(a)).numpy(), x0, v0)
    np.testing.assert_allclose(acc.jvp(y).numpy(), want, rtol=1e-6, atol=1e-8)


def test_jvp_inside_function_is_traced():
    @tf.function
    def f(x, v):
        with tf.autodiff.ForwardAccumulator(x, v) as acc:
            y = tf.exp(x) * x
        return acc.jvp(y)

    for x0 in ([0.5, 1.0], [2.0, -1.0]):
        x0 = np.array(x0)
        got = f(tf.constant(x0), tf.constant([1.0, 2.0], tf.float64)).numpy()
        np.testing.assert_allclose(got, np.exp(x0) * (1 + x0) * [1.0, 2.0])


def test_hessian_vector_products_agree():
    x0 = RNG.normal(size=4)
    v0 = RNG.normal(size=4)
    x, v = tf.constant(x0), tf.constant(v0)

    def f(t):
        return tf.reduce_sum(tf.sin(t) * t ** 2) + tf.reduce_prod(t)

    with tf.autodiff.ForwardAccumulator(x, v) as acc:
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        g = tape.gradient(y, x)
    fwd_bwd = acc.jvp(g).numpy()
    with tf.GradientTape() as tape:
        tape.watch(x)
        with tf.autodiff.ForwardAccumulator(x, v) as acc:
            y = f(x)
        j = acc.jvp(y)
    bwd_fwd = tape.gradient(j, x).numpy()

    def grad(a):
        t = tf.constant(a)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = f(t)
        return tape.gradient(y, t).numpy()

    want = _fd_jvp(grad, x0, v0)
    np.testing.assert_allclose(fwd_bwd, want, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(bwd_fwd, want, rtol=1e-5, atol=1e-7)


def test_nested_accumulators_give_second_directional_derivative():
    x0 = np.array([0.3, -1.2, 0.7])
    v0 = np.array([1.0, 0.5, -2.0])
    x, v = tf.constant(x0), tf.constant(v0)
    with tf.autodiff.ForwardAccumulator(x, v) as outer:
        with tf.autodiff.ForwardAccumulator(x, v) as inner:
            y = tf.reduce_sum(tf.exp(x) * x)
        j = inner.jvp(y)
    got = outer.jvp(j).numpy()
    # f = sum(x e^x): f'' = (x + 2) e^x on the diagonal
    np.testing.assert_allclose(got, np.sum((x0 + 2) * np.exp(x0) * v0 ** 2))


def test_variable_primal_and_unconnected():
    w = tf.Variable([1.0, 3.0], dtype=tf.float64)
    with tf.autodiff.ForwardAccumulator(w, tf.constant([2.0, 1.0], tf.float64)) as acc:
        y = w * w
        z = tf.constant([1.0])
    np.testing.assert_allclose(acc.jvp(y).numpy(), [4.0, 6.0])
    assert acc.jvp(z) is None
    assert acc.jvp(z, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy().tolist() == [0]


def test_custom_gradient_jvp_uses_the_custom_rule():
    @tf.custom_gradient
    def clip_grad(x):
        return tf.identity(x), lambda dy: dy * 10.0

    x = tf.constant([1.0, 2.0], tf.float64)
    with tf.autodiff.ForwardAccumulator(x, tf.ones_like(x)) as acc:
        y = clip_grad(x)
    np.testing.assert_allclose(acc.jvp(y).numpy(), [10.0, 10.0])


def test_reentering_recording_accumulator_raises():
    x = tf.constant(1.0)
    acc = tf.autodiff.ForwardAccumulator(x, tf.constant(1.0))
    with acc:
        with pytest.raises(ValueError):
            acc.__enter__()


def test_gradients_eager_raises_and_graph_matches_tape():
    x = tf.constant([0.5, 1.5], tf.float64)
    with pytest.raises(RuntimeError, match="eager execution"):
        tf.gradients(x * x, x)

    @tf.function
    def f(x):
        y = tf.reduce_sum(tf.sin(x) * x)
        return tf.gradients(y, x)[0], tf.hessians(y, x)[0]

    g, h = f(x)
    x0 = x.numpy()
    np.testing.assert_allclose(g.numpy(), np.cos(x0) * x0 + np.sin(x0))
    np.testing.assert_allclose(h.numpy(), np.diag(2 * np.cos(x0) - x0 * np.sin(x0)))
    g2, _ = f(tf.constant([2.0, -1.0], tf.float64))  # the traced graph, new inputs
    np.testing.assert_allclose(g2.numpy(), np.cos([2.0, -1.0]) * [2.0, -1.0] + np.sin([2, -1.0]))


def test_jvp_midway_then_more_ops():
    x = tf.constant([0.5, 2.0], tf.float64)
    v = tf.constant([1.0, 3.0], tf.float64)
    with tf.autodiff.ForwardAccumulator(x, v) as acc:
        y = tf.exp(x)
        first = acc.jvp(y)  # computed while still recording: not recorded as primal ops
        z = y * x
    np.testing.assert_allclose(first.numpy(), np.exp(x.numpy()) * v.numpy())
    x0, v0 = x.numpy(), v.numpy()
    np.testing.assert_allclose(acc.jvp(z).numpy(), np.exp(x0) * (1 + x0) * v0)
    assert acc.jvp(first) is None


def test_keras_ops_jvp_matches_finite_differences():
    x0 = np.array([0.2, -0.4, 1.1])
    v0 = np.array([1.0, 0.0, -1.0])

    def f(a):
        return tf.keras.ops.sum(tf.keras.ops.sigmoid(a) * a)

    out, tangent = tf.keras.ops.jvp(f, (tf.constant(x0),), (tf.constant(v0),))
    assert np.isclose(out.numpy(), f(tf.constant(x0)).numpy())
    want = _fd_jvp(lambda a: f(tf.constant(a)).numpy(), x0, v0)
    np.testing.assert_allclose(tangent.numpy(), want, rtol=1e-6)
