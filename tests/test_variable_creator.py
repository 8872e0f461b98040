"""tf.variable_creator_scope: the creator chain, its arguments, threads, and what is created."""
import threading

import numpy as np
import pytest

import fluxion as tf
from fluxion.core import variable as variable_module

TF_KEYS = sorted(["initial_value", "trainable", "validate_shape", "caching_device", "name",
                  "variable_def", "dtype", "import_scope", "constraint", "synchronization",
                  "aggregation", "shape", "experimental_enable_variable_lifting"])


def logging_creator(log):
    def creator(next_creator, **kwargs):
        log.append(kwargs)
        return next_creator(**kwargs)
    return creator


def test_creator_gets_tf_keywords():
    log = []
    with tf.variable_creator_scope(logging_creator(log)):
        v = tf.Variable(np.arange(3.0), name="a", trainable=False)
    assert sorted(log[0]) == TF_KEYS
    assert log[0]["name"] == "a" and log[0]["trainable"] is False
    np.testing.assert_array_equal(v.numpy(), np.arange(3.0))
    assert not v.trainable and v.name == "a:0"


def test_innermost_first_and_changes_flow_outward():
    calls = []

    def outer(next_creator, **kw):
        calls.append(("outer", kw["initial_value"]))
        return next_creator(**kw)

    def inner(next_creator, **kw):
        calls.append(("inner", kw["initial_value"]))
        kw["initial_value"] = kw["initial_value"] * 10.0
        return next_creator(**kw)

    with tf.variable_creator_scope(outer), tf.variable_creator_scope(inner):
        v = tf.Variable(2.0)
    assert calls == [("inner", 2.0), ("outer", 20.0)]
    assert float(v.numpy()) == 20.0


def test_creator_may_return_anything():
    sentinel = object()
    with tf.variable_creator_scope(lambda next_creator, **kw: sentinel):
        assert tf.Variable(1.0) is sentinel


def test_scope_closes_and_plain_calls_skip_the_chain():
    log = []
    with tf.variable_creator_scope(logging_creator(log)):
        assert "__call__" in variable_module._VariableMeta.__dict__
    assert "__call__" not in variable_module._VariableMeta.__dict__
    tf.Variable(1.0)
    assert log == []


def test_scope_closes_after_an_error():
    log = []
    with pytest.raises(KeyError):
        with tf.variable_creator_scope(logging_creator(log)):
            raise KeyError("boom")
    tf.Variable(1.0)
    assert log == [] and variable_module._ACTIVE[0] == 0


def test_scopes_are_per_thread():
    log, other = [], []
    started, release = threading.Event(), threading.Event()

    def worker():
        with tf.variable_creator_scope(logging_creator(other)):
            started.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait(5)
    try:
        tf.Variable(1.0)  # this thread has no scope open
        with tf.variable_creator_scope(logging_creator(log)):
            tf.Variable(2.0)
    finally:
        release.set()
        thread.join()
    assert len(log) == 1 and other == []


def test_variables_made_through_creators_count_as_the_users():
    before = variable_module.CREATED[0]
    with tf.variable_creator_scope(lambda next_creator, **kw: next_creator(**kw)):
        tf.Variable(1.0)
    assert variable_module.CREATED[0] == before + 1


def test_gradient_of_a_variable_made_through_a_creator():
    def double(next_creator, **kw):
        kw["initial_value"] = np.float64(kw["initial_value"]) * 2
        return next_creator(**kw)

    with tf.variable_creator_scope(double):
        v = tf.Variable(np.float64(1.5))
    with tf.GradientTape() as tape:
        y = v * v * v
    grad = float(tape.gradient(y, v))
    eps = 1e-6
    numeric = ((3.0 + eps) ** 3 - (3.0 - eps) ** 3) / (2 * eps)
    assert abs(grad - numeric) < 1e-5 and abs(grad - 27.0) < 1e-9


def test_keras_weights_go_through_creators():
    log = []
    with tf.variable_creator_scope(logging_creator(log)):
        layer = tf.keras.layers.Dense(3, name="vc_t_dense")
        layer.build((None, 2))
    assert [kw["name"] for kw in log] == ["kernel", "bias"]
    assert all(sorted(kw) == TF_KEYS for kw in log)
    assert layer.kernel.path == "vc_t_dense/kernel"
    assert tuple(layer.kernel.shape) == (2, 3)


def test_keras_weight_value_from_creator():
    def ones(next_creator, **kw):
        kw["initial_value"] = np.ones(np.shape(kw["initial_value"]), np.float32) * 2
        return next_creator(**kw)

    with tf.variable_creator_scope(ones):
        layer = tf.keras.layers.Dense(2, name="vc_t_dense2")
        out = layer(tf.ones((1, 4)))
    np.testing.assert_allclose(out.numpy(), [[10.0, 10.0]])


def test_mirrored_variables_under_a_creator():
    strategy = tf.distribute.MirroredStrategy()
    log = []
    with strategy.scope(), tf.variable_creator_scope(logging_creator(log)):
        v = tf.Variable(3.0)
    from fluxion.distribute.values import is_mirrored

    assert len(log) == 1 and is_mirrored(v) and float(v.numpy()) == 3.0


def test_creator_errors():
    with pytest.raises(TypeError):
        with tf.variable_creator_scope(5):
            tf.Variable(1.0)
    with pytest.raises(TypeError):
        with tf.variable_creator_scope(lambda nxt, **kw: nxt(kw["initial_value"])):
            tf.Variable(1.0)
