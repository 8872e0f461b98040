"""tf.test: TestCase assertions on tensors, compute_gradient, build queries."""
import numpy as np
import pytest

import fluxion as tf


class Example(tf.test.TestCase):
    def runTest(self):  # noqa: N802 - unittest's name
        pass


def test_assertions_pass_and_fail_as_tf():
    t = Example()
    t.assertAllClose(tf.constant([1.0, 2.0]), [1.0, 2.0 + 1e-8])
    with pytest.raises(AssertionError):
        t.assertAllClose(tf.constant([1.0]), [1.1])
    t.assertAllEqual(tf.constant([[1, 2]]), np.array([[1, 2]]))
    with pytest.raises(AssertionError):
        t.assertAllEqual(tf.constant([1, 2]), [[1, 2]])  # shapes differ
    t.assertAllGreater(tf.constant([2, 3]), 1)
    t.assertAllInRange(tf.constant([0.0, 1.0]), 0.0, 1.0)
    with pytest.raises(AssertionError):
        t.assertAllInRange(tf.constant([0.0, 1.0]), 0.0, 1.0, open_upper_bound=True)
    t.assertAllInSet(tf.constant([1, 2, 1]), {1, 2, 3})
    t.assertDTypeEqual(tf.constant(1.0), tf.float32)
    t.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3]))
    assert t.evaluate({"a": tf.constant(3)})["a"] == 3
    with t.assertRaisesOpError("must be"):
        raise tf.errors.InvalidArgumentError(None, None, "x must be positive")
    with pytest.raises(AssertionError):
        with t.assertRaisesOpError("other"):
            raise tf.errors.InvalidArgumentError(None, None, "x must be positive")


def test_compute_gradient_matches_the_numerical_jacobian():
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], tf.float64)
    theoretical, numerical = tf.test.compute_gradient(lambda v: tf.sin(v) * v, [x])
    assert theoretical[0].shape == (4, 4)
    np.testing.assert_allclose(theoretical[0], numerical[0], atol=1e-6)
    v = x.numpy().reshape(-1)
    np.testing.assert_allclose(np.diag(theoretical[0]), np.cos(v) * v + np.sin(v), rtol=1e-9)


def test_build_queries():
    assert not tf.test.is_gpu_available() and tf.test.gpu_device_name() == ""
    assert not tf.test.is_built_with_cuda()
