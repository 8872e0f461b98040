"""tf.group / tf.no_op / tf.control_dependencies (TF2): None and a null context eagerly,
Operations (NoOp, TF's names) inside a function, where side effects already run in program
order; tf.compat.v1 uses the same functions, and an Estimator's graph gets Operations even when
its model_fn runs eagerly. TF's own results are pinned in tools/reference/io_graph.py."""
from __future__ import annotations

import pytest

import fluxion as tf
from fluxion.estimator import _graph


def test_eager_results():
    assert tf.group(tf.constant(1.0), [tf.constant(2)]) is None and tf.no_op() is None
    assert tf.group(1, a=2) is None  # TF checks nothing eagerly
    with tf.control_dependencies([tf.constant(1)]) as value:
        assert value is None


def test_in_a_function_effects_run_in_program_order():
    v = tf.Variable(1.0)
    ops = []

    @tf.function
    def step(x):
        update = v.assign(v * 10.0)
        with tf.control_dependencies([update]):
            y = v + x  # reads the updated value: program order
        ops.extend([tf.group(update, y), tf.group(update, name="train"), tf.no_op(),
                    tf.group(), tf.group(name="train")])
        return y

    assert float(step(tf.constant(1.0))) == 11.0 and float(v) == 10.0
    assert float(step(tf.constant(1.0))) == 101.0 and float(v) == 100.0  # the graph run
    assert all(isinstance(op, tf.Operation) and op.type == "NoOp" for op in ops)
    assert [op.name for op in ops] == ["group_deps", "train", "NoOp", "group_deps_1",
                                       "train_1"]
    assert repr(ops[1]) == "<tf.Operation 'train' type=NoOp>"


def test_in_a_function_inputs_are_checked():
    with pytest.raises(TypeError, match="should be zero or more \\(nested\\) Tensors"):
        tf.function(lambda x: tf.group(x, None))(tf.constant(1.0))
    with pytest.raises(ValueError, match="Unknown keyword arguments: a"):
        tf.function(lambda x: tf.group(x, a=1))(tf.constant(1.0))


def test_compat_v1_reuses_them_and_estimator_graphs_get_operations():
    v1 = tf.compat.v1
    assert (v1.group, v1.no_op, v1.control_dependencies, v1.Operation) == (
        tf.group, tf.no_op, tf.control_dependencies, tf.Operation)
    with _graph.GraphScope("train"):  # an Estimator call whose model_fn runs eagerly
        group, noop = tf.group(tf.constant(1.0)), v1.no_op(name="train")
        again = tf.group()
    assert isinstance(group, tf.Operation) and isinstance(noop, tf.Operation)
    assert (group.name, noop.name, again.name) == ("group_deps", "train", "group_deps_1")
    assert tf.group(tf.constant(1.0)) is None  # outside it, eager TF2 again
