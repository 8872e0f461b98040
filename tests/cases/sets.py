"""Cases for the tf.sets kernels (fluxion/ops/set_ops.py)."""
import numpy as np

import fluxion.ops.set_ops  # noqa: F401 - registers the set primitives
from tests.opcheck import Case

_AI = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.int64)
_AV = np.array([3, 1, 2, 2], np.int32)
_BI = np.array([[0, 0], [1, 0]], np.int64)
_BV = np.array([1, 5], np.int32)
_SHAPE = np.array([2, 2], np.int64)
_ARGS = [_AI, _AV, _SHAPE, _BI, _BV, _SHAPE]

CASES = [
    Case("set_operation", _ARGS, attrs={"set_operation": "union"},
         ref=lambda *a: (np.array([[0, 0], [0, 1], [1, 0], [1, 1]]),
                         np.array([1, 3, 2, 5], np.int32),
                         np.array([2, 2])), grad=False),
    Case("set_operation", _ARGS, attrs={"set_operation": "a-b"},
         ref=lambda *a: (np.array([[0, 0], [1, 0]]), np.array([3, 2], np.int32), np.array([2, 1])),
         grad=False),
    Case("set_operation", _ARGS, attrs={"set_operation": "intersection"},
         ref=lambda *a: (np.array([[0, 0]]), np.array([1], np.int32), np.array([2, 1])),
         grad=False),
    Case("set_size", [_AI, _AV, _SHAPE], ref=lambda *a: np.array([2, 1], np.int32),
         grad=False),
]

# tf.sparse.bincount's kernel (fluxion/sparse_segment.py)
import fluxion.sparse_segment  # noqa: E402,F401 - registers sparse_bincount

_BI = np.array([[0, 0], [0, 1], [1, 0]], np.int64)
CASES += [
    Case("sparse_bincount", [_BI, np.array([2, 2, 0], np.int32), np.zeros(0, np.int32),
                             np.array([2, 3], np.int64)],
         attrs={"size": 3, "binary_output": False, "per_row": True},
         ref=lambda *a: (np.array([[0, 2], [1, 0]]), np.array([2, 1], np.int32),
                         np.array([2, 3])), grad=False),
    Case("sparse_bincount", [_BI, np.array([2, 2, 0], np.int32),
                             np.array([0.5, 1.0, 2.0], np.float32), np.array([2, 3], np.int64)],
         attrs={"size": 2, "binary_output": False, "per_row": False},
         ref=lambda *a: (np.array([[0]]), np.array([2.0], np.float32), np.array([2])),
         grad=False),
]
