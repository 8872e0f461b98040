"""tf.debugging checks are stateful graph ops: inside a traced function they survive the graph
optimizer and raise InvalidArgumentError each time the graph runs on failing values (TF2's
automatic control dependencies), with TF's message forms; eagerly they raise at once."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.errors import InvalidArgumentError
from fluxion.ops.debug_ops import summarize_graph


def test_eager_messages_follow_tf():
    with pytest.raises(InvalidArgumentError) as info:
        tf.debugging.assert_less(tf.constant([1, 5]), tf.constant([2, 3]))
    assert str(info.value) == ("Condition x < y did not hold.\nIndices of first 1 different "
                               "values:\n[[1]]\nCorresponding x values:\n[5]\nCorresponding y "
                               "values:\n[3]\nFirst 2 elements of x:\n[1 5]\nFirst 2 elements "
                               "of y:\n[2 3]")
    with pytest.raises(InvalidArgumentError) as info:
        tf.debugging.assert_equal(1, 2)
    assert str(info.value) == ("Condition x == y did not hold.\nFirst 1 elements of x:\n[1]\n"
                               "First 1 elements of y:\n[2]")
    with pytest.raises(InvalidArgumentError) as info:
        tf.debugging.assert_non_negative(tf.constant([1.0, -3.0]), message="mymsg")
    assert str(info.value) == ("mymsg.  \nCondition x >= 0 did not hold element-wise:\n"
                               "x (shape=(2,) dtype=float32) = \n['1.0', '-3.0']")
    with pytest.raises(InvalidArgumentError, match=r"assertion failed: \[1 2\] \[hello\]"):
        tf.debugging.Assert(False, [tf.constant([1, 2]), "hello"])
    assert tf.debugging.assert_greater(tf.constant([2.0]), 1.0) is None


def test_summarize_like_tf_assert_kernel():
    assert summarize_graph(np.array([[1, 9], [3, 4]]), 3) == "[1 9][3...]..."
    assert summarize_graph(np.array([1, 3]), 3) == "1 3"
    assert summarize_graph(np.arange(30), 4) == "0 1 2 3..."
    assert summarize_graph(np.array([True, False]), 3) == "1 0"
    assert summarize_graph(np.array([1.5, 2.25]), 3) == "1.5 2.25"
    assert summarize_graph(np.array(b"s", object), 3) == "s"


@tf.function
def _less_than_5(x):
    tf.debugging.assert_less(x, 5, message="too big")
    return x * 2


def test_traced_assert_runs_each_time_the_graph_runs():
    f = tf.function(lambda x: _less_than_5.python_function(x))
    assert f(tf.constant([1, 2])).numpy().tolist() == [2, 4]
    with pytest.raises(InvalidArgumentError) as info:
        f(tf.constant([1, 7]))
    assert f.experimental_get_tracing_count() == 1  # the graph raised, not a new trace
    assert str(info.value) == ("assertion failed: [too big] [Condition x < y did not hold "
                               "element-wise:] [x (x:0) = ] [1 7] [y (y:0) = ] [5]")
    assert f(tf.constant([3, 4])).numpy().tolist() == [6, 8]


def test_traced_assert_survives_the_graph_optimizer():
    concrete = _less_than_5.get_concrete_function(tf.TensorSpec([None], tf.int32))
    assert [n.op for n in concrete.graph.nodes].count("assert") == 1
    assert "assert" in concrete.graph.as_text()


def test_traced_assert_fails_on_the_tracing_call():
    f = tf.function(lambda x: _less_than_5.python_function(x))
    with pytest.raises(InvalidArgumentError, match="too big"):
        f(tf.constant([9]))


def test_stand_in_traces_decide_nothing():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        tf.debugging.assert_non_negative(x - 2.0)  # the stand-in ones would fail
        return x

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def g(x):
        return tf.debugging.check_numerics(tf.math.log(x - 1.0), "log")  # log(0) on ones

    with np.errstate(divide="ignore"):  # log(0) of the stand-ins
        assert f.get_concrete_function() is not None and g.get_concrete_function() is not None
    assert f(tf.constant([3.0])).numpy().tolist() == [3.0]
    with pytest.raises(InvalidArgumentError, match=r"Condition x >= 0"):
        f(tf.constant([3.0, 1.0]))
    assert g(tf.constant([3.0])).numpy() == pytest.approx([np.log(2.0)])
    with np.errstate(divide="ignore"), pytest.raises(InvalidArgumentError,
                                                     match="log : Tensor had Inf values"):
        g(tf.constant([2.0, 1.0]))


def test_only_the_taken_branch_checks():
    @tf.function
    def f(x):
        if tf.reduce_sum(x) > 0:
            tf.debugging.assert_positive(x)
            y = x
        else:
            tf.debugging.assert_negative(x)
            y = -x
        return y

    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [1.0, 2.0]
    assert f(tf.constant([-1.0, -2.0])).numpy().tolist() == [1.0, 2.0]
    with pytest.raises(InvalidArgumentError, match=r"x > 0"):
        f(tf.constant([-1.0, 3.0]))
    with pytest.raises(InvalidArgumentError, match=r"x < 0"):
        f(tf.constant([1.0, -3.0]))


def test_static_checks_fail_while_tracing():
    @tf.function
    def f(x):
        tf.debugging.assert_equal(tf.constant(1), tf.constant(2), message="static")
        return x

    with pytest.raises(InvalidArgumentError) as info:
        f(tf.constant(1.0))
    assert str(info.value) == ("static\nCondition x == y did not hold element-wise:\n"
                               "x (x:0) = \n1\ny (y:0) = \n2")

    @tf.function
    def g(x):
        tf.debugging.assert_equal(tf.shape(x)[0], 2)  # static for each traced shape
        return x

    assert g(tf.ones([2])).shape == (2,)
    with pytest.raises(InvalidArgumentError):
        g(tf.ones([3]))


def test_check_numerics_in_graph_and_gradients():
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.debugging.check_numerics(x * x, "square")
        return y, tape.gradient(y, x)

    y, g = f(tf.constant([1.5, -2.0]))
    np.testing.assert_allclose(y.numpy(), [2.25, 4.0])
    np.testing.assert_allclose(g.numpy(), [3.0, -4.0])
    with pytest.raises(InvalidArgumentError, match="square : Tensor had NaN values"):
        f(tf.constant([np.nan, 1.0]))
    with pytest.raises(InvalidArgumentError, match="not in the list of allowed values"):
        tf.debugging.check_numerics(tf.constant([1]), "int")


def test_asserts_round_trip_through_saved_model(tmp_path):
    class Checked(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def f(self, x):
            tf.debugging.assert_non_negative(x, message="a, b (c ['q\" d")
            tf.debugging.Assert(tf.reduce_all(x < 10), ["x too big, ok?", x])
            return tf.debugging.check_numerics(x * 2, "cn, (")

    tf.saved_model.save(Checked(), str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    assert loaded.f(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    with pytest.raises(InvalidArgumentError) as info:
        loaded.f(tf.constant([-1.0, 2.0]))
    assert str(info.value).startswith("assertion failed: [a, b (c ['q\" d] [Condition x >= 0")
    with pytest.raises(InvalidArgumentError, match=r"\[x too big, ok\?\] \[1 20\]"):
        loaded.f(tf.constant([1.0, 20.0]))


def test_assert_near_in_graph():
    @tf.function
    def f(x, y):
        tf.debugging.assert_near(x, y, atol=0.1)
        return x

    f(tf.constant([1.0]), tf.constant([1.05]))
    with pytest.raises(InvalidArgumentError, match="not equal to tolerance"):
        f(tf.constant([1.0]), tf.constant([1.5]))
