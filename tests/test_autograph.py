"""AutoGraph: Python if/while/for on tensors become graph control flow inside tf.function."""
from __future__ import annotations

import functools
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

    assert [float(return_in_loop(tf.constant(v))) for v in (1.0, 60.0, 200.0)] == [64.0, 60.0,
                                                                                  200.0]
    assert return_in_loop.experimental_get_tracing_count() == 1


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


# --- return inside loops --------------------------------------------------------------------

def _numpy(x):
    return None if x is None else tf.nest.map_structure(np.asarray, x)


def _agrees_with_eager(fn, *argsets):
    """Runs `fn` as a tf.function on each argument tuple (one trace for them all) and checks
    each result equals plain Python's and run_functions_eagerly's; returns the results."""
    graph = tf.function(fn)
    results = []
    for args in argsets:
        got = _numpy(graph(*args))
        tf.config.run_functions_eagerly(True)
        try:
            eager = _numpy(graph(*args))
        finally:
            tf.config.run_functions_eagerly(False)
        for want in (_numpy(fn(*args)), eager):
            flat_got, flat_want = tf.nest.flatten(got), tf.nest.flatten(want)
            assert len(flat_got) == len(flat_want), (got, want)
            for a, b in zip(flat_got, flat_want):
                assert (a is None and b is None) or (
                    a.shape == np.shape(b) and np.allclose(a, b, rtol=1e-6)), (got, want)
        results.append(got)
    assert graph.experimental_get_tracing_count() == 1
    return graph, results


def test_return_inside_for_over_tf_range():
    def first_above(x):
        for i in tf.range(10):
            if i > x:
                return i
        return -1

    graph, results = _agrees_with_eager(first_above, (tf.constant(3),), (tf.constant(30),))
    assert [int(r) for r in results] == [4, -1]
    assert "while" in _ops(graph, tf.constant(3))

    def with_bounds(x, n):  # bounds from the inputs
        for i in tf.range(2, n):
            if i * i > x:
                return i * 2
        return n

    _, results = _agrees_with_eager(with_bounds, (tf.constant(10), tf.constant(20)),
                                    (tf.constant(1000), tf.constant(20)),
                                    (tf.constant(5), tf.constant(2)))
    assert [int(r) for r in results] == [8, 20, 2]


def test_return_inside_for_over_a_tensor():
    def running(x):
        s = tf.constant(0.0)
        for v in x:
            s += v
            if s > 2.0:
                return s
        return s - 100.0

    graph, results = _agrees_with_eager(running, (tf.constant([1.0, 1.5, 3.0]),),
                                        (tf.constant([0.5, 0.25, 0.5]),))
    np.testing.assert_allclose([float(r) for r in results], [2.5, -98.75])
    assert float(graph(tf.constant([3.0, 1.0]))) == 3.0
    assert graph.experimental_get_tracing_count() == 2  # a new length: a new signature


def test_return_inside_while_loops():
    def tensor_condition(x):
        r = tf.constant(0)
        while r < 10:
            r += 1
            if r > x:
                return r * 2
        return r

    _, results = _agrees_with_eager(tensor_condition, (tf.constant(3),), (tf.constant(30),))
    assert [int(r) for r in results] == [8, 10]

    def python_counter(x):  # a Python int carried var, a tensor bound
        i = 0
        while i < x:
            i += 1
            if i == 5:
                return i * 100
        return i

    _, results = _agrees_with_eager(python_counter, (tf.constant(10),), (tf.constant(3),))
    assert [int(r) for r in results] == [500, 3]

    def endless(x):  # `while True` ends only by returning
        while True:
            x = x * 2.0
            if x > 100.0:
                return x

    _, results = _agrees_with_eager(endless, (tf.constant(3.0),), (tf.constant(300.0),))
    assert [float(r) for r in results] == [192.0, 600.0]


def test_return_inside_nested_loops_and_branches():
    def pair(x):
        for i in tf.range(5):
            for j in tf.range(5):
                if i * j > x:
                    return i, j
        return -1, -1

    _, results = _agrees_with_eager(pair, (tf.constant(6),), (tf.constant(100),))
    assert [tuple(int(v) for v in r) for r in results] == [(2, 4), (-1, -1)]

    def both_branches(x):
        for i in tf.range(10):
            if i > x:
                return i * 10
            else:
                if i == 7:
                    return -i
        return 0

    _, results = _agrees_with_eager(both_branches, (tf.constant(3),), (tf.constant(30),),
                                    (tf.constant(8),))
    assert [int(r) for r in results] == [40, -7, -7]

    def else_returns(x):
        s = tf.constant(0)
        for i in tf.range(10):
            if i <= x:
                s += i
            else:
                return s * 10
        return s

    _, results = _agrees_with_eager(else_returns, (tf.constant(3),), (tf.constant(30),))
    assert [int(r) for r in results] == [60, 45]

    def mixed_tuple(x):  # a tuple of several dtypes
        total = tf.constant(0.0)
        for i in tf.range(8):
            total += tf.cast(i, tf.float32) * x
            if total > 10.0:
                return i, total, True
        return -1, total, False

    _, results = _agrees_with_eager(mixed_tuple, (tf.constant(2.0),), (tf.constant(0.1),))
    assert [r[0].item() for r in results] == [3, -1]
    assert [r[2].item() for r in results] == [True, False]


def test_return_with_break_and_continue_in_the_same_loop():
    def f(x):
        total = tf.constant(0)
        for i in tf.range(20):
            if i % 3 == 0:
                continue
            total += i
            if total > x:
                return total
            if i > 15:
                break
        return -total

    _, results = _agrees_with_eager(f, (tf.constant(10),), (tf.constant(1000),))
    assert [int(r) for r in results] == [12, -91]


def test_bare_return_inside_a_tensor_loop():
    v = tf.Variable(0)

    def count_until(x):
        for i in tf.range(10):
            if i > x:
                return
            v.assign_add(1)

    graph = tf.function(count_until)
    assert graph(tf.constant(3)) is None and int(v) == 4
    assert graph(tf.constant(30)) is None and int(v) == 14
    assert graph.experimental_get_tracing_count() == 1


def test_return_inside_python_loops_stays_python():
    traced = []

    @tf.function
    def f(x, names):
        for k in range(5):  # a Python loop: unrolled, returns as Python does
            traced.append(k)
            if k == 3:
                return x * k
        for name in names:
            if name == "b":
                return x, name  # not a tensor: fine in a Python loop
        return x

    assert float(f(tf.constant(2.0), ("a",))) == 6.0 and traced == [0, 1, 2, 3]

    @tf.function
    def g(x, names):
        k = 0
        while k < 10:  # a Python condition
            k += 1
            for name in names:
                if name == "b":
                    return x + k, name
        return x

    out = g(tf.constant(1.0), ("a", "b"))
    assert float(out[0]) == 2.0 and out[1] == "b"
    assert float(g(tf.constant(1.0), ("a",))) == 1.0

    def constant_iterable(x):  # a tensor known while tracing: its loop is unrolled
        for v in tf.constant([1.0, 5.0, 2.0]):
            if v > 3.0:
                return x * v
        return x

    graph, results = _agrees_with_eager(constant_iterable, (tf.constant(2.0),))
    assert float(results[0]) == 10.0 and "while" not in _ops(graph, tf.constant(2.0))


def test_gradients_through_a_return_inside_a_loop():
    def first_above(x, limit):
        y = x
        for i in tf.range(10):
            y = y * 1.5 + x
            if y > limit:
                return y * x
        return -y

    converted = tf.autograph.to_graph(first_above)

    @tf.function
    def tape_inside(x, limit):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = converted(x, limit)
        return y, tape.gradient(y, x)

    def tape_outside(fn, x, limit):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x, limit)
        return y, tape.gradient(y, x)

    for limit in (20.0, 1e6):  # returns inside the loop, and after it
        x, lim = tf.constant(2.0), tf.constant(limit)
        want = [float(t) for t in tape_outside(first_above, x, lim)]
        for got in (tape_inside(x, lim), tape_outside(converted, x, lim),
                    tape_outside(tf.function(first_above), x, lim)):
            assert [float(t) for t in got] == pytest.approx(want)
    assert tape_inside.experimental_get_tracing_count() == 1
    assert "while" in _ops(tape_inside, tf.constant(2.0), tf.constant(1.0))


def _raises_naming_line(error, fn, line_of, *args, match=None):
    with pytest.raises(error, match=match) as info:
        tf.function(fn)(*args)
    line = fn.__code__.co_firstlineno + line_of
    assert f"line {line}" in str(info.value), str(info.value)
    return str(info.value)


def test_returns_that_cannot_be_carried_name_the_line():
    def dtypes_differ(x):
        for i in tf.range(10):
            if i > x:
                return i
            if i == 7:
                return 1.0  # float32 where the other return gives int32
        return -1

    message = _raises_naming_line(NotImplementedError, dtypes_differ, 5, tf.constant(3))
    assert "float32" in message and "int32" in message and "break" in message

    def shapes_differ(x):
        for v in x:
            if v > 2.0:
                return x
            if v < 0.0:
                return x[0]
        return x

    message = _raises_naming_line(NotImplementedError, shapes_differ, 5,
                                  tf.constant([1.0, 3.0, 4.0]))
    assert "(3,)" in message and "shape ()" in message

    def structures_differ(x):
        for i in tf.range(10):
            if i > x:
                return i
            if i == 8:
                return i, i
        return -1

    _raises_naming_line(NotImplementedError, structures_differ, 5, tf.constant(3),
                        match="tuple")

    def not_a_tensor(x):
        for i in tf.range(10):
            if i > x:
                return "found"
        return "none"

    _raises_naming_line(NotImplementedError, not_a_tensor, 3, tf.constant(3),
                        match="str 'found'.*after the loop")


def test_loop_returns_that_cannot_be_merged_name_the_line():
    def after_loop_differs(x):
        for i in tf.range(10):
            if i > x:
                return i
        return -1.0

    _raises_naming_line(NotImplementedError, after_loop_differs, 3, tf.constant(3),
                        match="int32.*float")

    def none_and_value(x):
        for i in tf.range(10):
            if i > x:
                return
        return x

    _raises_naming_line(NotImplementedError, none_and_value, 3, tf.constant(3), match="None")

    def falls_off_the_end(x):
        for i in tf.range(10):
            if i > x:
                return i
        tf.print(x)

    _raises_naming_line(NotImplementedError, falls_off_the_end, 3, tf.constant(3),
                        match="after the loop")


def test_unsupported_jumps_name_the_construct():
    def python_loop_tensor_return(x):
        for k in range(5):
            if x > k:
                return x * k
        return x

    _raises_naming_line(NotImplementedError, python_loop_tensor_return, 3, tf.constant(3),
                        match="Python loop because it runs over a Python value")

    def python_loop_tensor_break(x):
        for k in range(5):
            if x > k:
                break
            x += 1
        return x

    _raises_naming_line(tf.errors.OperatorNotAllowedInGraphError, python_loop_tensor_break, 2,
                        tf.constant(3), match="break or continue of a loop that stays a Python")

    def loop_with_else(x):
        for i in tf.range(x):
            if i > 3:
                return i
        else:
            return -1

    _raises_naming_line(tf.errors.OperatorNotAllowedInGraphError, loop_with_else, 1,
                        tf.constant(3), match="else clause")

    def in_try_block(x):
        i = tf.constant(0)
        while i < x:
            i += 1
            try:
                if i > 3:
                    break
            finally:
                pass
        return i

    _raises_naming_line(tf.errors.OperatorNotAllowedInGraphError, in_try_block, 2,
                        tf.constant(9), match="try block")

    def early_return_falls_off(x):
        if x > 0:
            return x
        tf.print(x)

    message = _raises_naming_line(tf.errors.OperatorNotAllowedInGraphError,
                                  early_return_falls_off, 1, tf.constant(3))
    assert "every path ends in a return" in message and "break" not in message


def test_jumps_inside_with_blocks_and_loop_carried_temporaries():
    def f(x):
        total = tf.constant(0.0)
        for v in x:
            with tf.name_scope("step"):
                if v < 0:
                    break
            tmp = v * 2.0  # a temporary after the break
            total += tmp
        return total

    _, results = _agrees_with_eager(f, (tf.constant([1.0, 2.0, -1.0, 5.0]),))
    assert float(results[0]) == 6.0

    def g(x, n):
        i = tf.constant(0)
        while i < n:
            x = x * 2.0  # read before written, not used after the loop
            i += 1
        return i

    _, results = _agrees_with_eager(g, (tf.constant(1.0), tf.constant(3)))
    assert int(results[0]) == 3


def test_to_code_shows_the_lowered_return():
    def f(x):
        for i in tf.range(10):
            if i > x:
                return i
        return -1

    code = tf.autograph.to_code(f)
    compile(code, "<to_code>", "exec")
    for piece in ("ag__do_return_1 = False", "ag__.pending_return(", "ag__.loop_return(i, ",
                  "ag__do_return_1 = True", "ag__.if_stmt(ag__do_return_1", "return ag__retval"):
        assert piece in code, piece
    assert "try:" not in code  # one line per statement's variables, not a try per name


def test_while_loop_whose_condition_comes_to_depend_on_the_inputs():
    # the first iterations run as Python (their condition is known while tracing); once it
    # depends on x, the remaining iterations become one graph loop
    def f(x):
        def body(i, s):
            return i + 1, tf.cond(i >= 2, lambda: s + x, lambda: s)

        return tf.while_loop(lambda i, s: s < 100.0, body, (tf.constant(0), tf.constant(0.0)))

    graph, results = _agrees_with_eager(f, (tf.constant(30.0),), (tf.constant(7.0),))
    assert [(int(i), float(s)) for i, s in results] == [(6, 120.0), (17, 105.0)]
    assert "while" in _ops(graph, tf.constant(30.0))


@tf.function
def _sum_of_range(n):
    r = tf.range(n)  # its length depends on the input's value
    s = tf.constant(0)
    for i in r:
        s += i * i
    return s, tf.reduce_sum(r * 2)


def test_tensors_whose_length_depends_on_values_are_not_unrolled():
    for n in (3, 5, 0):
        total, doubled = _sum_of_range(tf.constant(n))
        assert int(total) == sum(i * i for i in range(n)) and int(doubled) == n * (n - 1)
    assert _sum_of_range.experimental_get_tracing_count() == 1


def _passes_through(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


@_passes_through
def _decorated_softmax(x, axis=-1):
    if tf.reduce_sum(x) > 0:  # a tensor condition: needs AutoGraph
        return tf.nn.softmax(x, axis=axis)
    return x


def test_a_decorated_function_is_converted_with_its_own_defaults():
    f = tf.function(_decorated_softmax, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    np.testing.assert_allclose(f(tf.ones([2, 3])).numpy(), np.full((2, 3), 1 / 3), rtol=1e-6)
    np.testing.assert_array_equal(f(-tf.ones([1, 3])).numpy(), -np.ones((1, 3)))


SCALE = 2.0


def _make(offset):
    def body(x):
        if x > 0:  # converted to graph control flow
            return x * SCALE + offset
        return x - offset
    return body


def test_closures_of_one_function_share_a_conversion_but_not_their_cells():
    global SCALE
    from fluxion import autograph

    first, second = autograph.to_graph(_make(1.0)), autograph.to_graph(_make(10.0))
    assert float(first(tf.constant(3.0))) == 7.0 and float(second(tf.constant(3.0))) == 16.0
    assert float(second(tf.constant(-1.0))) == -11.0
    assert len([c for c in autograph._FACTORIES if c is _make(0.0).__code__]) == 1
    SCALE = 5.0  # a conversion made later sees the module's globals as they are then
    try:
        assert float(autograph.to_graph(_make(0.0))(tf.constant(1.0))) == 5.0
    finally:
        SCALE = 2.0


def test_builtin_range_over_a_tensor_becomes_a_graph_loop():
    # TF converts `range(n)` with a tensor n (py_builtins.range_); checked against TF 2.21
    # running this function from a file, where AutoGraph can read its source
    @tf.function
    def total(n):
        s = 0
        for i in range(n):
            s += i
        return s

    assert int(total(tf.constant(5))) == 10
    assert int(total(tf.constant(7))) == 21
    assert total.experimental_get_tracing_count() == 1
