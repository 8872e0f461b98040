"""tf.train.ExponentialMovingAverage against its formula (values as recorded from TF 2.21)."""
import numpy as np
import pytest

import fluxion as tf


def test_averages_follow_the_formula_eagerly_and_in_graphs():
    v, w = tf.Variable(1.0), tf.Variable([2.0, 3.0])
    ema = tf.train.ExponentialMovingAverage(decay=0.9)
    ema.apply([v, w])
    avg_v = ema.average(v)
    assert avg_v.numpy() == 1.0 and not avg_v.trainable
    assert ema.average_name(v) == "Variable/ExponentialMovingAverage"
    v.assign(2.0)
    w.assign([0.0, 0.0])
    ema.apply([v, w])
    np.testing.assert_allclose(avg_v.numpy(), 0.9 * 1.0 + 0.1 * 2.0, rtol=1e-6)
    np.testing.assert_allclose(ema.average(w).numpy(), [1.8, 2.7], rtol=1e-6)

    @tf.function
    def step():
        v.assign_add(1.0)
        ema.apply([v, w])

    step()
    step()
    want = 1.1
    for value in (3.0, 4.0):
        want = 0.9 * want + 0.1 * value
    np.testing.assert_allclose(avg_v.numpy(), want, rtol=1e-6)


def test_num_updates_caps_the_decay_and_new_variables_start_at_their_value():
    v = tf.Variable(2.0)
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=tf.Variable(0))
    ema.apply([v])
    v.assign(5.0)
    ema.apply([v])  # decay min(0.99, 1/10)
    np.testing.assert_allclose(ema.average(v).numpy(), 0.1 * 2.0 + 0.9 * 5.0, rtol=1e-6)
    u = tf.Variable(10.0)

    @tf.function
    def apply_u():
        ema.apply([u])

    apply_u()
    assert ema.average(u).numpy() == 10.0
    with pytest.raises(TypeError):
        ema.apply([tf.Variable(1)])
