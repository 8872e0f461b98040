"""AutoGraph: Python if/while/for on tensors become graph control flow inside tf.function."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf


def _ops(fn, *args):
    return [n.op for n in fn.get_concrete_function(*args).graph.nodes]


def test_tensor_if_becomes_cond_and_python_if_stays_python():
    traced_branches = []

    @tf.function
    def f(x, use_abs):
        if use_abs:  # a Python value: only one branch is traced
            traced_branches.append("abs")
            x = tf.abs(x)
        if tf.reduce_sum(x) > 0:  # a tensor: both branches in the graph
            y = x * 2.0
        else:
            y = -x
        return y

    assert f(tf.constant([1.0, -3.0]), False).numpy().tolist() == [-1.0, 3.0]
    assert f(tf.constant([1.0, 3.0]), False).numpy().tolist() == [2.0, 6.0]
    assert f.experimental_get_tracing_count() == 1 and traced_branches == []
    assert f(tf.constant([1.0, -3.0]), True).numpy().tolist() == [2.0, 6.0]
    assert traced_branches == ["abs"]
    assert "cond" in _ops(f, tf.constant([1.0, 1.0]), False)


def test_tensor_while_and_for_loops():
    @tf.function
    def collatz_steps(n):
        steps = 0
        while n > 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            steps += 1
        return steps

    assert [int(collatz_steps(tf.constant(v))) for v in (1, 6, 27)] == [0, 8, 111]
    assert collatz_steps.experimental_get_tracing_count() == 1
    assert "while" in _ops(collatz_steps, tf.constant(6))

    @tf.function
    def running(x):
        total = tf.constant(0.0)
        for v in x:  # a tensor of static length: unrolled
            total = total + v * v
        for k in range(2):  # Python range: Python loop
            total = total + 1.0
        return total

    assert float(running(tf.constant([1.0, 2.0, 3.0]))) == 16.0


def test_gradients_through_converted_control_flow():
    w = tf.Variable(2.0)

    def loss(x):
        with tf.GradientTape() as tape:
            y = x
            i = tf.constant(0)
            while i < 3:
                if y > 0:
                    y = y * w
                else:
                    y = y - w
                i += 1
        return y, tape.gradient(y, w)

    graph_loss = tf.function(loss)
    for v in (1.5, -1.0):
        got, want = graph_loss(tf.constant(v)), tf.autograph.to_graph(loss)(tf.constant(v))
        assert float(got[0]) == pytest.approx(float(want[0]))
        assert float(got[1]) == pytest.approx(float(want[1]))
    assert float(graph_loss(tf.constant(1.5))[1]) == pytest.approx(3 * 1.5 * 4.0)


def test_undefined_in_one_branch_names_the_variable_and_line():
    @tf.function
    def f(x):
        if x > 0:
            z = x
        return z  # noqa: F821 - defined in one branch only

    with pytest.raises(ValueError, match=r"line \d+: 'z' must be defined"):
        f(tf.constant(1.0))


def test_break_and_continue_in_tensor_loops():
    def f(x):
        n = 0
        while x < 1000.0:
            n += 1
            if x > 50.0:
                break
            x = x * 2.0
            if n > 2:
                continue
            x = x + 1.0
        return x, n

    g = tf.function(f)
    converted = tf.autograph.to_graph(f)
    for v in (1.0, 7.0, 60.0, 0.1):
        want = f(v)
        got, eager_converted = g(tf.constant(v)), converted(tf.constant(v))
        assert (float(got[0]), int(got[1])) == pytest.approx(want)
        assert (float(eager_converted[0]), int(eager_converted[1])) == pytest.approx(want)
    assert g.experimental_get_tracing_count() == 1
    assert "while" in _ops(g, tf.constant(1.0))

    @tf.function
    def python_loop(x):
        for k in range(10):  # break in a Python loop stays Python
            if k == 3:
                break
            x = x + 1.0
        return x

    assert float(python_loop(tf.constant(0.0))) == 3.0


def test_to_code_closures_and_methods():
    scale = 3.0

    def f(x):
        if x > 0:
            x = x * scale
        return x

    code = tf.autograph.to_code(f)
    assert "if_stmt" in code and "def f(x):" in code
    assert float(tf.function(f)(tf.constant(2.0))) == 6.0

    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(2.0)

        @tf.function
        def __call__(self, x):
            if tf.reduce_sum(x) > 0:
                y = x * self.w
            else:
                y = x
            return y

    m = Model()
    np.testing.assert_allclose(m(tf.constant([1.0, 2.0])).numpy(), [2.0, 4.0])
    np.testing.assert_allclose(m(tf.constant([-1.0, -2.0])).numpy(), [-1.0, -2.0])

    @tf.function
    def early_return(x):
        if x > 0:
            return x * 10.0
        x = x - 1.0
        if x < -5.0:
            return x * 100.0
        return -x

    assert [float(early_return(tf.constant(v))) for v in (1.0, -2.0, -9.0)] == [10.0, 3.0,
                                                                                 -1000.0]
    assert early_return.experimental_get_tracing_count() == 1

    @tf.function
    def return_in_loop(x):
        while x < 100.0:
            if x > 50.0:
                return x
            x = x * 2.0
        return x

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError,
                       match=r"line \d+: .*break, continue or return"):
        return_in_loop(tf.constant(1.0))


def test_errors_point_at_the_users_line():
    import traceback

    @tf.function
    def f(x):
        y = x * 2.0
        return tf.reshape(y, [3, 3])  # the failing line

    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        f(tf.ones([4]))
    frames = traceback.extract_tb(info.value.__traceback__)
    mine = [fr for fr in frames if fr.filename == __file__]
    assert mine and "the failing line" in mine[-1].line


def test_branch_and_loop_temporaries_stay_local():
    @tf.function
    def f(x):
        if tf.reduce_sum(x) > 0:
            tmp = x * 2.0  # only used in this branch
            y = tmp + 1.0
        else:
            y = -x
        total = tf.zeros_like(x)
        i = tf.constant(0)
        while i < tf.size(x) + tf.cast(tf.reduce_sum(x) > 100.0, tf.int32):
            step = y * 0.5  # a per-iteration temporary
            total = total + step
            i += 1
        return total

    np.testing.assert_allclose(f(tf.constant([1.0, 2.0])).numpy(), [3.0, 5.0])
    np.testing.assert_allclose(f(tf.constant([-1.0, -2.0])).numpy(), [1.0, 2.0])
    assert f.experimental_get_tracing_count() == 1


def test_for_over_tf_range_with_input_dependent_bounds():
    v = tf.Variable(0.0)

    @tf.function
    def f(n, x):
        total = tf.constant(0.0)
        for i in tf.range(n):
            total += tf.cast(i, tf.float32) * x
            v.assign_add(1.0)
        for j in tf.range(3):  # static bounds: unrolled
            total += 1.0
        return total

    assert float(f(tf.constant(4), tf.constant(2.0))) == 15.0 and float(v) == 4.0
    assert float(f(tf.constant(2), tf.constant(1.0))) == 4.0 and float(v) == 6.0
    assert f.experimental_get_tracing_count() == 1


def test_break_and_continue_in_for_loops_over_tensors():
    def first_big_sum(x):
        total = tf.constant(0.0)
        for v in x:
            if v < 0:
                continue
            total += v
            if total > 10.0:
                break
        return total

    g = tf.function(first_big_sum)
    for values in ([1.0, -2.0, 3.0], [5.0, 7.0, 100.0], [20.0, 1.0]):
        x = tf.constant(values)
        assert float(g(x)) == pytest.approx(float(first_big_sum(x)))
    assert g.experimental_get_tracing_count() == 2  # two input lengths

    @tf.function
    def python_for(x):
        for k in [1, 2, 3]:  # not a tensor: stays a Python loop, break and all
            if k == 2:
                break
            x = x + k
        return x

    assert float(python_for(tf.constant(0.0))) == 1.0


def test_functions_that_rebind_outer_variables_keep_python_semantics():
    calls = 0

    def counted(x):
        nonlocal calls
        calls += 1  # a trace-time side effect on the enclosing scope
        return x * 2.0

    f = tf.function(counted)
    f(tf.constant(1.0))
    f(tf.constant(2.0))
    assert calls == 1  # traced once, and the counter really changed

    class Base(tf.Module):
        def scale(self, x):
            return x * 3.0

    class Child(Base):
        @tf.function
        def scale(self, x):
            if tf.reduce_sum(x) > 0:
                y = super().scale(x)
            else:
                y = x
            return y

    assert Child().scale(tf.constant([1.0])).numpy().tolist() == [3.0]
    assert Child().scale(tf.constant([-1.0])).numpy().tolist() == [-1.0]
