"""Control flow in eager mode and inside traces (static predicates)."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient


def test_cond_and_while_gradients_match_finite_differences():
    def f(x):
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: -x)
        _, z = tf.while_loop(lambda i, z: i < 3, lambda i, z: (i + 1, tf.sin(z) * x),
                             [tf.constant(0), y])
        return z

    check_gradient(f, [np.array([0.3, 0.8])])
    check_gradient(f, [np.array([-0.3, -0.8])])


def test_case_switch_case_and_defaults():
    calls = []

    def branch(v):
        return lambda: calls.append(v) or tf.constant(v)

    assert int(tf.case([(tf.constant(False), branch(1))], default=branch(2))) == 2
    assert int(tf.case([(tf.constant(False), branch(1)), (False, branch(3))])) == 3
    assert int(tf.switch_case(tf.constant(0), {0: branch(5), 1: branch(6)})) == 5
    assert calls == [2, 3, 5]  # only the chosen branch runs in eager mode
    with pytest.raises(TypeError, match="int32"):
        tf.switch_case(tf.constant(0.0), [branch(1)])
    with pytest.raises(ValueError, match="scalar"):
        tf.cond(tf.constant([True, False]), branch(1), branch(2))


def test_while_loop_checks_shapes_and_dtypes():
    with pytest.raises(ValueError, match="shape_invariants"):
        tf.while_loop(lambda x: tf.size(x) < 4, lambda x: [tf.concat([x, x], 0)],
                      [tf.constant([1])])
    out = tf.while_loop(lambda x: tf.size(x) < 4, lambda x: [tf.concat([x, x], 0)],
                        [tf.constant([1])], shape_invariants=[tf.TensorShape([None])])
    assert out[0].shape == (4,)
    with pytest.raises(TypeError, match="dtype"):
        tf.while_loop(lambda x: x < 3, lambda x: [tf.cast(x, tf.float32)], [tf.constant(0)])
    n = tf.while_loop(lambda i: True, lambda i: [i + 1], [tf.constant(0)], maximum_iterations=4)
    assert int(n[0]) == 4


def test_control_flow_inside_function():
    @tf.function
    def f(x, use_square):
        y = tf.cond(use_square, lambda: x * x, lambda: x + 1.0)  # Python predicate: static
        steps = tf.shape(x)[0]  # shape-derived: static for a trace
        return tf.while_loop(lambda i, acc: i < steps, lambda i, acc: (i + 1, acc + y),
                             (tf.constant(0), tf.zeros_like(y)))[1]

    x = tf.constant([1.0, 2.0, 3.0])
    np.testing.assert_allclose(f(x, True).numpy(), 3 * np.array([1.0, 4.0, 9.0]))
    np.testing.assert_allclose(f(x * 2.0, True).numpy(), 3 * np.array([4.0, 16.0, 36.0]))
    np.testing.assert_allclose(f(x, False).numpy(), 3 * np.array([2.0, 3.0, 4.0]))

    @tf.function
    def g(x):
        return tf.cond(tf.reduce_sum(x) > 0, lambda: x, lambda: -x)

    np.testing.assert_allclose(g(x).numpy(), x.numpy())
    np.testing.assert_allclose(g(-x).numpy(), x.numpy())  # the other branch, same graph
    assert g.experimental_get_tracing_count() == 1


def test_tensor_array_errors_and_dynamic_growth():
    ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
        ta.write(2, 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="never written"):
        ta.read(0)
    grow = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    for i in range(3):
        grow = grow.write(i, [i, i])
    assert grow.stack().numpy().tolist() == [[0, 0], [1, 1], [2, 2]]
    with pytest.raises(ValueError, match="element_shape"):
        grow.write(3, [1, 2, 3])
    assert tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack().shape == (0, 2)


def test_input_dependent_cond_becomes_a_graph_node_with_gradients():
    w = tf.Variable([0.5, -1.5])

    def loss_and_grads(x):
        with tf.GradientTape() as tape:
            y = tf.cond(tf.reduce_sum(x * w) > 0,
                        lambda: tf.reduce_sum(tf.sin(x * w)),
                        lambda: tf.reduce_sum(w * w) * 2.0)
        return y, tape.gradient(y, w)

    graph_fn = tf.function(loss_and_grads)
    for x in ([3.0, 1.0], [1.0, 3.0], [2.0, 0.1]):
        x = tf.constant(x)
        ye, ge = loss_and_grads(x)
        yg, gg = graph_fn(x)
        np.testing.assert_allclose(yg.numpy(), ye.numpy(), rtol=1e-6)
        np.testing.assert_allclose(gg.numpy(), ge.numpy(), rtol=1e-6)
    w.assign([2.0, 0.25])  # the graph's gradient reads the variable, not a traced copy
    for x in ([3.0, 1.0], [-1.0, 3.0]):
        x = tf.constant(x)
        np.testing.assert_allclose(graph_fn(x)[1].numpy(), loss_and_grads(x)[1].numpy(),
                                   rtol=1e-6)
    assert graph_fn.experimental_get_tracing_count() == 1
    text = graph_fn.get_concrete_function(tf.constant([1.0, 1.0])).graph.as_text()
    assert "cond[" in text and "graph cond_true" in text
    from fluxion.graph import ir
    assert ir.parse(text).as_text() == text


def test_second_derivative_through_graph_cond():
    @tf.function
    def d2(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.cond(x > 0, lambda: x * x * x, lambda: -x * x)
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)

    for v, (dy, d2y) in [(2.0, (12.0, 12.0)), (-3.0, (6.0, -2.0))]:
        got = d2(tf.constant(v))
        assert (float(got[0]), float(got[1])) == (dy, d2y)


def test_graph_cond_branches_assign_variables():
    v, count = tf.Variable(1.0), tf.Variable(0)

    @tf.function
    def assigns(x):
        def positive():
            v.assign(x * 2.0)
            count.assign_add(1)
            return v * 1.0

        def negative():
            v.assign_sub(1.0)
            return v + 0.0
        return tf.cond(x > 0, positive, negative)

    assert float(assigns(tf.constant(3.0))) == 6.0 and (float(v), int(count)) == (6.0, 1)
    assert float(assigns(tf.constant(-3.0))) == 5.0 and (float(v), int(count)) == (5.0, 1)
    assert float(assigns(tf.constant(4.0))) == 8.0 and (float(v), int(count)) == (8.0, 2)
    assert assigns.experimental_get_tracing_count() == 1

    @tf.function
    def in_loop(n):
        i = tf.constant(0)
        while i < n:
            v.assign_add(1.0)
            if v > 10.0:
                count.assign_add(1)
            i += 1
        return v * 1.0

    v.assign(8.0)
    count.assign(0)
    assert float(in_loop(tf.constant(4))) == 12.0 and int(count) == 2
    assert float(in_loop(tf.constant(1))) == 13.0 and int(count) == 3
    assert in_loop.experimental_get_tracing_count() == 1


def test_graph_cond_errors():

    @tf.function
    def mismatched(x):
        return tf.cond(x > 0, lambda: x, lambda: (x, x))

    with pytest.raises(ValueError, match="same number, type"):
        mismatched(tf.constant(1.0))


def test_saved_model_with_cond(tmp_path):
    class Piecewise(tf.Module):
        def __init__(self):
            super().__init__()
            self.k = tf.Variable(3.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):
            return tf.cond(x > 0, lambda: x * self.k, lambda: x - self.k)

    m = Piecewise()
    tf.saved_model.save(m, tmp_path / "pw")
    loaded = tf.saved_model.load(tmp_path / "pw")
    assert float(loaded(tf.constant(2.0))) == 6.0 and float(loaded(tf.constant(-2.0))) == -5.0


def test_input_dependent_while_loop_is_one_graph_node_with_gradients():
    w = tf.Variable([0.9, 1.1])

    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            n, y = tf.while_loop(lambda i, y: i < tf.cast(tf.reduce_sum(x), tf.int32),
                                 lambda i, y: (i + 1, tf.sin(y) * x * w), [tf.constant(0), x])
            loss = tf.reduce_sum(y)
        # ZERO: with no iteration, eager never reads w, while the graph's loop is connected
        gx, gw = tape.gradient(loss, [x, w], unconnected_gradients=tf.UnconnectedGradients.ZERO)
        return n, loss, gx, gw

    graph_run = tf.function(run)
    for v in ([1.0, 2.0], [0.5, 0.7], [2.0, 2.5], [-1.0, 0.5]):
        x = tf.constant(v)
        for got, want in zip(graph_run(x), run(x)):
            np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-5, atol=1e-6)
    assert graph_run.experimental_get_tracing_count() == 1
    text = graph_run.get_concrete_function(tf.constant([1.0, 2.0])).graph.as_text()
    assert "= while[" in text and "graph while_body" in text
    from fluxion.graph import ir
    assert ir.parse(text).as_text() == text


def test_graph_while_loop_maximum_iterations_and_shape_checks():
    @tf.function
    def count_up(limit):
        return tf.while_loop(lambda i: i < limit, lambda i: [i + 1], [tf.constant(0)],
                             maximum_iterations=5)[0]

    assert int(count_up(tf.constant(3))) == 3 and int(count_up(tf.constant(50))) == 5

    @tf.function
    def grows(n):
        return tf.while_loop(lambda x: tf.size(x) < n, lambda x: [tf.concat([x, x], 0)],
                             [tf.constant([1])])

    with pytest.raises(ValueError, match="shape_invariants"):
        grows(tf.constant(4))


def test_saved_model_with_while_loop(tmp_path):
    class Power(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32),
                                      tf.TensorSpec([], tf.int32)])
        def __call__(self, x, n):
            return tf.while_loop(lambda i, acc: i < n, lambda i, acc: (i + 1, acc * x),
                                 [tf.constant(0), tf.constant(1.0)])[1]

    tf.saved_model.save(Power(), tmp_path / "power")
    loaded = tf.saved_model.load(tmp_path / "power")
    assert float(loaded(tf.constant(2.0), tf.constant(5))) == 32.0
    assert float(loaded(tf.constant(3.0), tf.constant(2))) == 9.0


def test_input_dependent_case_and_switch_case_in_graphs():
    @tf.function
    def pick(i, x):
        return tf.switch_case(i, [lambda: x * 10.0, lambda: x + 1.0, lambda: -x])

    x = tf.constant(2.0)
    assert [float(pick(tf.constant(k), x)) for k in (0, 1, 2, 9)] == [20.0, 3.0, -2.0, -2.0]
    assert pick.experimental_get_tracing_count() == 1

    @tf.function
    def sign_name(x):
        return tf.case([(x < 0, lambda: tf.constant(-1)), (x > 0, lambda: tf.constant(1))],
                       default=lambda: tf.constant(0))

    assert [int(sign_name(tf.constant(v))) for v in (-3.0, 0.0, 4.0)] == [-1, 0, 1]


def test_tensor_arrays_in_graph_loops():
    @tf.function
    def squares(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        i = tf.constant(0)
        while i < n:  # AutoGraph: a graph while loop carrying the array
            ta = ta.write(i, tf.cast(i * i, tf.float32))
            i += 1
        return ta.stack()

    assert squares(tf.constant(4)).numpy().tolist() == [0.0, 1.0, 4.0, 9.0]
    assert squares(tf.constant(2)).numpy().tolist() == [0.0, 1.0]
    assert squares.experimental_get_tracing_count() == 1

    @tf.function
    def cumulative(x):
        n = tf.shape(x)[0]
        ta = tf.TensorArray(tf.float32, size=n)
        _, _, ta = tf.while_loop(
            lambda i, acc, ta: i < n,
            lambda i, acc, ta: (i + 1, acc + x[i], ta.write(i, acc + x[i])),
            [tf.constant(0), tf.constant(0.0), ta])
        return ta.stack()

    x = tf.constant([1.0, 2.0, 3.0])
    np.testing.assert_allclose(cumulative(x).numpy(), [1.0, 3.0, 6.0])


def _growing_product(x):
    """acc doubles in length each step: [1] -> [1, x0] -> [1, x0, x1, x0*x1] -> ..."""
    i = tf.constant(0)
    acc = tf.ones([1], x.dtype)

    def body(i, acc):
        return i + 1, tf.concat([acc, acc * x[i]], 0)

    _, acc = tf.while_loop(lambda i, a: i < 3, body, [i, acc],
                           shape_invariants=[i.shape, tf.TensorShape([None])])
    return tf.reduce_sum(acc * acc)


@pytest.mark.parametrize("mode", ["eager", "function", "tape inside function"])
def test_gradient_through_a_loop_variable_that_grows(mode):
    x0 = np.array([1.0, 2.0, 3.0, 4.0])
    x = tf.constant(x0)
    if mode == "tape inside function":
        @tf.function
        def run(x):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = _growing_product(x)
            return y, tape.gradient(y, x)
        y, grad = run(x)
    else:
        fn = _growing_product if mode == "eager" else tf.function(_growing_product)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        grad = tape.gradient(y, x)
    # sum of squares of all subset products of x0..x2 = prod(1 + x_k^2)
    terms = 1 + x0[:3] ** 2
    np.testing.assert_allclose(y.numpy(), np.prod(terms))
    want = [2 * x0[k] * np.prod(np.delete(terms, k)) for k in range(3)] + [0.0]
    np.testing.assert_allclose(grad.numpy(), want)
    if mode == "eager":
        check_gradient(_growing_product, [x0])  # and against finite differences


def test_graph_cond_branches_that_return_none():
    v = tf.Variable(1.0)

    @tf.function
    def f(x):
        def up():
            v.assign_add(x)

        def down():
            v.assign_sub(x)
        return tf.cond(x > 0, up, down), tf.cond(x > 0, lambda: (None, x), lambda: (None, -x))

    none, (n2, y) = f(tf.constant(2.0))
    assert none is None and n2 is None and float(y) == 2.0 and float(v.numpy()) == 3.0
    f(tf.constant(-5.0))
    assert float(v.numpy()) == 8.0
