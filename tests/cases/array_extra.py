"""Cases for fluxion/ops/array_extra_ops.py primitives (bitcast, fingerprint, edit_distance)."""
import numpy as np

import fluxion as tf
from tests.opcheck import Case

_H = [np.array([[0, 0], [0, 1], [1, 0]], np.int64), np.array([1, 2, 3], np.int32),
      np.array([2, 2], np.int64)]
_T = [np.array([[0, 0], [1, 0], [1, 1]], np.int64), np.array([1, 3, 4], np.int32),
      np.array([2, 2], np.int64)]

CASES = [
    Case("bitcast", [np.array([1.0, -2.5], np.float32)], attrs={"type": tf.int32},
         ref=lambda x: x.view(np.int32), grad=False),
    Case("bitcast", [np.array([[1, 2], [3, 4]], np.uint8)], attrs={"type": tf.uint16},
         ref=lambda x: x.view(np.uint16).reshape(2), grad=False),
    Case("bitcast", [np.array([1, 258], np.int32)], attrs={"type": tf.uint8},
         ref=lambda x: x.view(np.uint8).reshape(2, 4), grad=False),
    Case("fingerprint", [np.array([b"", b"a"], object)], grad=False,
         note="farmhash values pinned against TF in tests/fixtures/core_gaps.json"),
    Case("edit_distance", _H + _T, attrs={"normalize": False},
         ref=lambda *a: np.array([1.0, 1.0], np.float32), grad=False),
]
