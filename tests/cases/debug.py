"""Cases for the runtime checks (fluxion/ops/debug_ops.py): passing checks only here; failures
are tested in tests/test_fixes_asserts.py."""
import numpy as np

from tests.opcheck import Case

_ASSERT = {"items": ("msg", None), "summarize": 3, "form": "assert", "message": "",
           "relation": "", "eager": True}
_BINARY = {"items": ("", "Condition x < y did not hold element-wise:", "x (x:0) = ", None,
                     "y (y:0) = ", None), "summarize": 3, "form": "binary", "message": "",
           "relation": "x < y", "eager": False}

CASES = [
    Case("assert", [np.array(True), np.arange(3, dtype=np.float32)], _ASSERT,
         ref=lambda c, x: np.asarray(True), grad=False),
    Case("assert", [np.array([True, True]), np.array([1, 2], np.int32),
                    np.array([2, 3], np.int32)], _BINARY,
         ref=lambda c, x, y: np.asarray(True), grad=False),
    Case("assert", [np.ones((0,), bool), np.zeros((0, 2)), np.array([b"s"], object)], _ASSERT
         | {"items": (None, None)}, ref=lambda c, x, s: np.asarray(True), grad=False,
         note="an empty condition holds"),
    Case("check_numerics", [np.array([1.5, -2.0, 0.0])], {"message": "m"},
         ref=lambda x: x),
    Case("check_numerics", [np.arange(6, dtype=np.float32).reshape(2, 3)], {"message": "m"},
         ref=lambda x: x),
    Case("check_numerics", [np.zeros((0, 3), np.float16)], {"message": "m"},
         ref=lambda x: x, grad=False),
]
