"""tf.Module: variable and sub-module discovery, names."""
from __future__ import annotations

import pytest

import fluxion as tf


class Dense(tf.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")

    def __call__(self, x):
        return tf.matmul(x, self.w) + self.b


class MLP(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3, 4), Dense(4, 2)]
        self.step = tf.Variable(0, trainable=False)
        self.extra = {"scale": tf.Variable(1.0)}


def test_module_collects_variables_in_nested_containers():
    m = MLP()
    assert m.name == "mlp"
    assert len(m.trainable_variables) == 5 and len(m.variables) == 6
    assert m.non_trainable_variables == (m.step,)
    assert len(m.submodules) == 2
    assert all(isinstance(s, Dense) for s in m.submodules)


def test_shared_variables_are_listed_once():
    d = Dense(2, 2)
    holder = tf.Module()
    holder.a, holder.b = d, d
    holder.v = d.w
    assert len(holder.trainable_variables) == 2


def test_module_names_are_validated():
    assert Dense(1, 1, name="first").name == "first"
    with pytest.raises(ValueError, match="valid module name"):
        tf.Module(name="bad name")


def test_module_in_a_training_loop():
    d = Dense(2, 1)
    x = tf.constant([[1.0, 2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(d(x))
    gw, gb = tape.gradient(y, [d.w, d.b])
    assert gw.numpy().tolist() == [[1.0], [2.0]] and gb.numpy().tolist() == [1.0]
