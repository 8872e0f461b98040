"""Cases for the index kernels of tf.sparse (fluxion/ops/sparse_ops.py)."""
import numpy as np

from tests.opcheck import Case

_IDX = np.array([[0, 1], [1, 0], [2, 3]], np.int64)
_UNSORTED = np.array([[2, 3], [0, 1], [0, 0], [1, 2]], np.int64)
_SHAPE = np.array([3, 4], np.int64)
_VALUES = np.array([1.5, -2.0, 0.5])


def _dense(values, default, indices, shape):
    out = np.full(tuple(shape), default, values.dtype)
    out[tuple(indices.T)] = values
    return out


CASES = [
    Case("sparse_to_dense", [_VALUES, np.float64(0.25), _IDX], {"shape": (3, 4),
                                                                "validate_indices": True},
         ref=lambda v, d, i: _dense(v, d, i, (3, 4)), grad_argnums=(0, 1)),
    Case("sparse_to_dense", [np.array([b"a", b"b"], object), np.array(b"", object),
                             np.array([[1], [3]], np.int64)],
         {"shape": (4,), "validate_indices": False},
         ref=lambda v, d, i: _dense(v, d, i, (4,)), grad=False),
    Case("sparse_to_dense", [np.zeros(0, np.int32), np.int32(7), np.zeros((0, 2), np.int64)],
         {"shape": (2, 0), "validate_indices": True},
         ref=lambda v, d, i: np.zeros((2, 0), np.int32), grad=False),
    Case("sparse_to_dense_shape", [_VALUES, np.float64(-1.0), _IDX, _SHAPE],
         {"validate_indices": True}, ref=lambda v, d, i, s: _dense(v, d, i, s),
         grad_argnums=(0, 1)),
    Case("sparse_to_dense_shape", [np.array([3, 4], np.int32), np.int32(0),
                                   np.array([[0, 0, 1], [1, 1, 0]], np.int64),
                                   np.array([2, 2, 2], np.int64)], {"validate_indices": True},
         ref=lambda v, d, i, s: _dense(v, d, i, s), grad=False),
    Case("sparse_reorder", [_UNSORTED],
         ref=lambda i: (i[[2, 1, 3, 0]], np.array([2, 1, 3, 0], np.int64)), grad=False),
    Case("sparse_reorder", [np.zeros((0, 3), np.int64)],
         ref=lambda i: (i, np.zeros(0, np.int64)), grad=False),
    Case("sparse_segments", [np.array([[0, 1], [2, 0], [0, 3], [2, 2]], np.int64)],
         {"axes": (1,), "keepdims": False},
         ref=lambda i: (np.array([[0], [2]]), np.array([0, 2, 1, 3]), np.array([0, 0, 1, 1]),
                        np.array([0, 1, 0, 1])), grad=False),
    Case("sparse_segments", [np.array([[0, 1], [2, 0], [0, 3]], np.int64)],
         {"axes": (0,), "keepdims": True},
         ref=lambda i: (np.array([[0, 0], [0, 1], [0, 3]]), np.array([1, 0, 2]),
                        np.array([0, 1, 2]), np.array([1, 0, 2])), grad=False),
    Case("sparse_segments", [np.zeros((0, 2), np.int64)], {"axes": (), "keepdims": False},
         ref=lambda i: (np.zeros((0, 2), np.int64),) + (np.zeros(0, np.int64),) * 3,
         grad=False),
    Case("sparse_union", [_IDX, _SHAPE, np.array([[1, 0], [1, 1]], np.int64), _SHAPE],
         ref=lambda a, sa, b, sb: (np.array([[0, 1], [1, 0], [1, 1], [2, 3]]),
                                   np.array([0, 1, 3]), np.array([1, 2])), grad=False),
    Case("sparse_reshape", [_IDX, _SHAPE, np.array([-1, 2], np.int64)],
         ref=lambda i, s, n: (np.array([[0, 1], [2, 0], [5, 1]]), np.array([6, 2])),
         grad=False),
    Case("sparse_reshape", [_IDX, _SHAPE, np.array([12], np.int64)],
         ref=lambda i, s, n: (np.array([[1], [4], [11]]), np.array([12])), grad=False),
    Case("sparse_slice", [_IDX, _SHAPE, np.array([1, 0], np.int64), np.array([5, 2], np.int64)],
         ref=lambda i, s, a, b: (np.array([[0, 0]]), np.array([1]), np.array([2, 2])),
         grad=False),
    Case("sparse_fill_empty_rows", [np.array([[0, 1], [2, 3]], np.int64), _SHAPE],
         ref=lambda i, s: (np.array([[0, 1], [1, 0], [2, 3]]), np.array([0, 2, 1]),
                           np.array([False, True, False])), grad=False),
]
