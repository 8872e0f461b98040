"""``tf.test``: `TestCase` with TF's array assertions, `main`, `compute_gradient` and the
build queries (this CPU build: no GPU, CUDA, ROCm or XLA)."""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unittest

import numpy as np

__all__ = ["TestCase", "compute_gradient", "gpu_device_name", "is_built_with_cuda",
           "is_built_with_gpu_support", "is_built_with_rocm", "is_built_with_xla",
           "is_gpu_available", "main"]


def _value(x):
    """NumPy value of a tensor, variable, nested list or scalar."""
    if hasattr(x, "numpy"):
        return np.asarray(x.numpy())
    if isinstance(x, (list, tuple)) and any(hasattr(v, "numpy") for v in x):
        return np.asarray([_value(v) for v in x])
    return np.asarray(x)


class TestCase(unittest.TestCase):
    """unittest.TestCase with TF's assertions on tensors (compared as NumPy arrays)."""

    def evaluate(self, tensors):
        """NumPy values of a (nested structure of) tensors."""
        from fluxion.core import nest  # noqa: PLC0415

        return nest.map_structure(lambda t: _value(t) if hasattr(t, "numpy") else t, tensors)

    @contextlib.contextmanager
    def cached_session(self, *args, **kwargs):
        yield None

    session = cached_session

    def get_temp_dir(self) -> str:
        if not hasattr(self, "_temp_dir"):
            self._temp_dir = tempfile.mkdtemp()
        return self._temp_dir

    def create_tempdir(self):
        return tempfile.mkdtemp(dir=self.get_temp_dir())

    def create_tempfile(self, file_path=None, content=None):
        fd, path = tempfile.mkstemp(dir=self.get_temp_dir())
        with os.fdopen(fd, "w") as f:
            if content is not None:
                f.write(content)
        return path

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        np.testing.assert_allclose(_value(a), _value(b), rtol=rtol, atol=atol,
                                   err_msg=msg or "")

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6,  # noqa: N802
                                      float_rtol=1e-6, float_atol=1e-6, half_rtol=1e-3,
                                      half_atol=1e-3, bfloat16_rtol=1e-2, bfloat16_atol=1e-2,
                                      msg=None):
        a, b = _value(a), _value(b)
        if a.dtype == np.float16 or b.dtype == np.float16:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        elif a.dtype == np.float32 or b.dtype == np.float32:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        if np.allclose(_value(a), _value(b), rtol=rtol, atol=atol):
            raise AssertionError(msg or "The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802
        a, b = _value(a), _value(b)
        self.assertEqual(a.shape, b.shape, msg or f"shape mismatch: {a.shape} vs {b.shape}")
        np.testing.assert_array_equal(a, b, err_msg=msg or "")

    def assertNotAllEqual(self, a, b, msg=None):  # noqa: N802
        if np.array_equal(_value(a), _value(b)):
            raise AssertionError(msg or "Expected unequal values")

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        self.assertTrue(np.all(_value(a) > comparison_target))

    def assertAllGreaterEqual(self, a, comparison_target):  # noqa: N802
        self.assertTrue(np.all(_value(a) >= comparison_target))

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        self.assertTrue(np.all(_value(a) < comparison_target))

    def assertAllLessEqual(self, a, comparison_target):  # noqa: N802
        self.assertTrue(np.all(_value(a) <= comparison_target))

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,  # noqa: N802
                         open_upper_bound=False):
        t = _value(target)
        low = t > lower_bound if open_lower_bound else t >= lower_bound
        high = t < upper_bound if open_upper_bound else t <= upper_bound
        if not np.all(low & high):
            raise AssertionError(f"{t} is not in range [{lower_bound}, {upper_bound}]")

    def assertAllInSet(self, target, expected_set):  # noqa: N802
        values = set(np.unique(_value(target)).tolist())
        missing = values - set(expected_set)
        if missing:
            raise AssertionError(f"{sorted(missing)} not in {expected_set}")

    def assertShapeEqual(self, input_a, input_b, msg=None):  # noqa: N802
        self.assertEqual(tuple(_value(input_a).shape), tuple(input_b.shape), msg)

    def assertDTypeEqual(self, target, expected_dtype):  # noqa: N802
        from fluxion.core import dtypes  # noqa: PLC0415

        want = dtypes.as_dtype(expected_dtype)
        got = target.dtype if hasattr(target, "dtype") and hasattr(target.dtype, "name") \
            else dtypes.from_numpy(_value(target).dtype)
        self.assertEqual(dtypes.as_dtype(got), want)

    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802
        self.assertTrue(abs(f1 - f2) <= err, msg or f"{f1} != {f2} +/- {err}")

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        np.testing.assert_allclose(farray1, farray2, rtol=0, atol=err, err_msg=msg or "")

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):  # noqa: N802
        self.assertTrue(np.linalg.norm(_value(ndarray1) - _value(ndarray2)) <= err, msg)

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        from fluxion.errors import OpError  # noqa: PLC0415

        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type,  # noqa: N802
                                       expected_err_re_or_predicate):
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                return re.search(expected_err_re_or_predicate, str(e)) is not None
        try:
            yield
        except exception_type as e:
            if not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e} does not match "
                                     f"{expected_err_re_or_predicate}") from e
        else:
            raise AssertionError(f"{exception_type.__name__} not raised")


def main(argv=None) -> None:
    """Runs the test cases of the calling module (unittest.main)."""
    unittest.main(argv=argv)


def compute_gradient(f, x, delta=None):
    """(theoretical, numerical) Jacobians of f at the tensors x, as TF returns them: one
    [size(y), size(x_i)] matrix per input, from GradientTape and central differences."""
    from fluxion.core.tape import GradientTape  # noqa: PLC0415
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415

    xs = [convert_to_tensor(v) for v in x]
    delta = delta if delta is not None else (1e-3 if xs[0].dtype.name == "float32" else 1e-7)
    y = f(*xs)
    n_y = int(np.prod(y.shape.as_list()))
    theoretical, numerical = [], []
    for i, xi in enumerate(xs):
        base = _value(xi).astype(np.float64)
        jac_t = np.zeros((n_y, base.size))
        for j in range(n_y):
            with GradientTape() as tape:
                tape.watch(xs[i])
                out = convert_to_tensor(f(*xs))
                picked = _flat_element(out, j)
            g = tape.gradient(picked, xs[i])
            jac_t[j] = 0 if g is None else _value(g).reshape(-1)
        jac_n = np.zeros((n_y, base.size))
        for k in range(base.size):
            for sign in (1, -1):
                shifted = base.reshape(-1).copy()
                shifted[k] += sign * delta
                args = list(xs)
                args[i] = convert_to_tensor(shifted.reshape(base.shape).astype(_value(xi).dtype))
                jac_n[:, k] += sign * _value(f(*args)).reshape(-1) / (2 * delta)
        theoretical.append(jac_t)
        numerical.append(jac_n)
    return theoretical, numerical


def _flat_element(t, j):
    from fluxion.ops import array_ops, gather_ops  # noqa: PLC0415

    return gather_ops.gather(array_ops.reshape(t, [-1]), j)


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None) -> bool:
    return False


def gpu_device_name() -> str:
    return ""


def is_built_with_cuda() -> bool:
    return False


def is_built_with_rocm() -> bool:
    return False


def is_built_with_gpu_support() -> bool:
    return False


def is_built_with_xla() -> bool:
    return False
