"""Cases for the gather family: gather (and its scatter-add twin), gather_nd, scatter_nd,
tensor_scatter_*, sort/argsort (and their take/put-along-axis twins), unique, searchsorted,
einsum and tensordot."""
import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(7)
P = R.standard_normal((4, 3)).astype(np.float32)
P3 = R.standard_normal((2, 3, 4)).astype(np.float32)
I32 = np.array([[1, -2, 3], [4, 5, -6]], np.int32)
C64 = (R.standard_normal((3, 2)) + 1j * R.standard_normal((3, 2))).astype(np.complex64)
IDX = np.array([2, 0, 2], np.int32)
IDX2 = np.array([[0, 1], [1, 1]], np.int64)
BATCH_IDX = np.array([[0, 2, 2], [1, 0, 1]], np.int32)  # batch 2, index into dim 3
EMPTY_IDX = np.zeros((0,), np.int32)


def _gather_ref(axis, batch_dims=0):
    def ref(p, i):
        if batch_dims == 0:
            return np.take(p, i, axis=axis)
        return np.stack([ref_b(p[b], i[b]) for b in range(p.shape[0])])

    def ref_b(p, i):
        return np.take(p, i, axis=axis - 1)
    return ref


def _gather_grad_ref(axis, batch_dims, dim):
    def ref(g, i):
        rank_i = i.ndim - batch_dims
        shape = g.shape[:axis] + (dim,) + g.shape[axis + rank_i:]
        out = np.zeros(shape, g.dtype)
        for pos in np.ndindex(*i.shape):
            b, rest = pos[:batch_dims], pos[batch_dims:]
            mid = (slice(None),) * (axis - batch_dims)
            src = g[b + mid + rest] if batch_dims else g[mid + rest]
            out[b + mid + (i[pos],)] += src
        return out
    return ref


def _gather_nd_ref(p, idx):
    flat = idx.reshape(-1, idx.shape[-1])
    out = [p[tuple(row)] for row in flat]
    return np.asarray(out, p.dtype).reshape(idx.shape[:-1] + p.shape[idx.shape[-1]:])


def _scatter_nd_ref(shape):
    def ref(idx, upd):
        out = np.zeros(shape, upd.dtype)
        d = idx.shape[-1]
        flat_i = idx.reshape(-1, d)
        flat_u = upd.reshape((flat_i.shape[0],) + tuple(shape[d:]))
        for row, u in zip(flat_i, flat_u):
            out[tuple(row)] += u
        return out
    return ref


def _tensor_scatter_ref(combine):
    def ref(t, idx, upd):
        out = t.copy()
        d = idx.shape[-1]
        flat_i = idx.reshape(-1, d)
        flat_u = upd.reshape((flat_i.shape[0],) + t.shape[d:])
        for row, u in zip(flat_i, flat_u):
            out[tuple(row)] = combine(out[tuple(row)], u)
        return out
    return ref


def _perm(shape, axis, seed=0):
    return np.argsort(np.random.default_rng(seed).random(shape), axis=axis).astype(np.int32)


T = np.array([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]], np.float32)
T_I = np.array([1, 2, 3, 4], np.int32)
PERM = _perm((2, 3, 4), 1)
SEQ = np.sort(R.standard_normal((3, 5)), axis=1).astype(np.float32)
VALS = R.standard_normal((3, 4)).astype(np.float32)
ROW5 = R.standard_normal(5).astype(np.float32)
TIES = np.array([3.0, 1, 2, 1, 3], np.float32)

CASES = [
    # gather
    Case("gather", [P, IDX], {"axis": 0, "batch_dims": 0}, ref=_gather_ref(0)),
    Case("gather", [P, IDX2], {"axis": 1, "batch_dims": 0}, ref=_gather_ref(1)),
    Case("gather", [P3, BATCH_IDX], {"axis": 1, "batch_dims": 1}, ref=_gather_ref(1, 1)),
    Case("gather", [P3, np.array([[1, 3], [0, 0]], np.int32)], {"axis": 2, "batch_dims": 1},
         ref=_gather_ref(2, 1)),
    Case("gather", [P3, np.array([1, 1], np.int16)], {"axis": 2, "batch_dims": 0},
         ref=_gather_ref(2)),
    Case("gather", [I32, np.array([1], np.int32)], {"axis": 0, "batch_dims": 0},
         ref=_gather_ref(0)),
    Case("gather", [C64, IDX], {"axis": 0, "batch_dims": 0}, ref=_gather_ref(0), grad=False),
    Case("gather", [P, EMPTY_IDX], {"axis": 0, "batch_dims": 0}, ref=_gather_ref(0)),
    Case("gather", [P, np.array(1, np.int32)], {"axis": 1, "batch_dims": 0},
         ref=_gather_ref(1)),
    Case("gather_grad", [R.standard_normal((3, 3)).astype(np.float32), IDX],
         {"axis": 0, "batch_dims": 0, "dim": 4}, ref=_gather_grad_ref(0, 0, 4)),
    Case("gather_grad", [R.standard_normal((2, 3, 4)).astype(np.float32), BATCH_IDX],
         {"axis": 1, "batch_dims": 1, "dim": 3}, ref=_gather_grad_ref(1, 1, 3)),
    Case("gather_grad", [R.standard_normal((4, 2, 2)).astype(np.float64), IDX2],
         {"axis": 1, "batch_dims": 0, "dim": 3}, ref=_gather_grad_ref(1, 0, 3)),
    Case("gather_grad", [np.zeros((0, 3), np.float32), EMPTY_IDX],
         {"axis": 0, "batch_dims": 0, "dim": 4}, ref=_gather_grad_ref(0, 0, 4)),
    # gather_nd / scatter_nd
    Case("gather_nd", [P3, np.array([[0, 1], [1, 2], [0, 1]], np.int32)], {"batch_dims": 0},
         ref=_gather_nd_ref),
    Case("gather_nd", [P3, np.array([[[0, 1, 3]], [[1, 2, 0]]], np.int64)], {"batch_dims": 0},
         ref=_gather_nd_ref),
    Case("gather_nd", [P, np.array([[3], [0]], np.int32)], {"batch_dims": 0},
         ref=_gather_nd_ref),
    Case("gather_nd", [P3, np.array([[[1]], [[2]]], np.int32)], {"batch_dims": 1},
         ref=lambda p, i: np.stack([_gather_nd_ref(p[b], i[b]) for b in range(2)])),
    Case("gather_nd", [I32, np.zeros((0, 2), np.int32)], {"batch_dims": 0},
         ref=_gather_nd_ref),
    Case("scatter_nd", [np.array([[0], [2], [0]], np.int32), np.array([1.0, 2, 3], np.float32)],
         {"shape": (4,), "batch_dims": 0}, ref=_scatter_nd_ref((4,))),
    Case("scatter_nd", [np.array([[1, 0], [1, 0]], np.int64), R.random((2, 4)).astype(np.float64)],
         {"shape": (2, 3, 4), "batch_dims": 0}, ref=_scatter_nd_ref((2, 3, 4))),
    Case("scatter_nd", [np.array([[1]], np.int32), np.array([[5, 6]], np.int32)],
         {"shape": (2, 2), "batch_dims": 0}, ref=_scatter_nd_ref((2, 2))),
    Case("scatter_nd", [np.zeros((0, 1), np.int32), np.zeros((0,), np.float32)],
         {"shape": (3,), "batch_dims": 0}, ref=_scatter_nd_ref((3,))),
    Case("scatter_nd", [np.array([[[1]], [[2]]], np.int32), R.random((2, 1, 4)).astype(np.float32)],
         {"shape": (2, 3, 4), "batch_dims": 1},
         ref=lambda i, u: np.stack([_scatter_nd_ref((3, 4))(i[b], u[b]) for b in range(2)])),
    # tensor_scatter_*
    Case("tensor_scatter_update", [T, np.array([[1], [0]], np.int32), P[:2]],
         ref=_tensor_scatter_ref(lambda a, u: u)),
    Case("tensor_scatter_update", [T, np.array([[1, 1], [2, 0]], np.int64),
                                   np.array([9.0, 8.0], np.float32)],
         ref=_tensor_scatter_ref(lambda a, u: u)),
    Case("tensor_scatter_update", [T_I, np.array([[1], [3]], np.int32),
                                   np.array([9, 8], np.int32)],
         ref=_tensor_scatter_ref(lambda a, u: u)),
    Case("tensor_scatter_add", [T, np.array([[1], [1]], np.int32), P[:2]],
         ref=_tensor_scatter_ref(np.add)),
    Case("tensor_scatter_add", [T_I, np.array([[0], [0], [3]], np.int32),
                                np.array([1, 2, 3], np.int32)],
         ref=_tensor_scatter_ref(np.add)),
    Case("tensor_scatter_add", [T, np.zeros((0, 1), np.int32), np.zeros((0, 3), np.float32)],
         ref=_tensor_scatter_ref(np.add)),
    Case("tensor_scatter_sub", [T, np.array([[2, 2], [2, 2]], np.int32),
                                np.array([1.0, 0.5], np.float32)],
         ref=_tensor_scatter_ref(np.subtract)),
    Case("tensor_scatter_max", [T, np.array([[1, 1], [0, 0]], np.int32),
                                np.array([9.0, -1.0], np.float32)],
         ref=_tensor_scatter_ref(np.maximum)),
    Case("tensor_scatter_min", [T, np.array([[2], [0]], np.int32),
                                np.array([[6.5, 9.0, 8.5], [0.5, 3.0, 2.5]], np.float32)],
         ref=_tensor_scatter_ref(np.minimum)),
    Case("tensor_scatter_min", [T_I, np.array([[1], [1], [2]], np.int32),
                                np.array([9, -3, -8], np.int32)],
         ref=_tensor_scatter_ref(np.minimum)),
    # sort / argsort and their gradient twins
    Case("sort", [P3], {"axis": 2, "descending": False}, ref=lambda x: np.sort(x, 2)),
    Case("sort", [P3], {"axis": 0, "descending": True}, ref=lambda x: np.flip(np.sort(x, 0), 0)),
    Case("sort", [I32], {"axis": 1, "descending": False}, ref=lambda x: np.sort(x, 1)),
    Case("sort", [P.astype(np.float64)], {"axis": 0, "descending": False},
         ref=lambda x: np.sort(x, 0)),
    Case("sort", [np.zeros((2, 0), np.float32)], {"axis": 1, "descending": False},
         ref=lambda x: x),
    Case("argsort", [TIES], {"axis": 0, "descending": False},
         ref=lambda x: np.array([1, 3, 2, 0, 4], np.int32)),
    Case("argsort", [TIES], {"axis": 0, "descending": True},
         ref=lambda x: np.array([0, 4, 2, 1, 3], np.int32)),
    Case("argsort", [P3], {"axis": 1, "descending": False},
         ref=lambda x: np.argsort(x, 1, kind="stable").astype(np.int32)),
    Case("argsort", [np.array([[3, 1], [0, 2]], np.uint8)], {"axis": 0, "descending": True},
         ref=lambda x: np.array([[0, 1], [1, 0]], np.int32)),
    Case("take_along_axis", [P3, PERM], {"axis": 1},
         ref=lambda x, i: np.take_along_axis(x, i, 1)),
    Case("put_along_axis", [P3, PERM], {"axis": 1},
         ref=lambda g, i: _put_ref(g, i, 1)),
    # unique
    Case("unique", [np.array([1, 2, 1, 3, 2], np.int32)], {"out_idx": dtypes.int32},
         ref=lambda x: (np.array([1, 2, 3], np.int32), np.array([0, 1, 0, 2, 1], np.int32))),
    Case("unique", [np.array([2.5, -1.0, 2.5], np.float32)], {"out_idx": dtypes.int64},
         ref=lambda x: (np.array([2.5, -1.0], np.float32), np.array([0, 1, 0], np.int64))),
    Case("unique", [np.zeros((0,), np.float64)], {"out_idx": dtypes.int32},
         ref=lambda x: (x, np.zeros(0, np.int32))),
    Case("unique_with_counts", [np.array([3, 1, 3, 3], np.int64)], {"out_idx": dtypes.int32},
         ref=lambda x: (np.array([3, 1], np.int64), np.array([0, 1, 0, 0], np.int32),
                        np.array([3, 1], np.int32))),
    # searchsorted
    Case("searchsorted", [SEQ, VALS], {"right": False, "out_type": dtypes.int32},
         ref=lambda s, v: np.stack([np.searchsorted(s[i], v[i]) for i in range(3)])
         .astype(np.int32)),
    Case("searchsorted", [np.array([1, 3, 3, 5], np.int32), np.array([[3, 0, 6]], np.int32)],
         {"right": True, "out_type": dtypes.int64},
         ref=lambda s, v: np.searchsorted(s, v, side="right").astype(np.int64)),
    Case("searchsorted", [np.array([[1, 3, 3], [2, 2, 2]], np.int32),
                          np.array([[3, 3], [2, 9]], np.int32)],
         {"right": False, "out_type": dtypes.int32},
         ref=lambda s, v: np.array([[1, 1], [0, 3]], np.int32)),
    # dynamic_stitch (indices..., data..., n)
    Case("dynamic_stitch", [np.array([0, 2], np.int32), np.array([[1], [3]], np.int32),
                            P[:2, :2], P[2:, :2].reshape(2, 1, 2)], {"n": 2},
         ref=lambda i0, i1, d0, d1: np.stack([d0[0], d1[0, 0], d0[1], d1[1, 0]])),
    Case("dynamic_stitch", [np.array([0, 1, 1], np.int32), np.array([1.0, 2.0, 3.0], np.float32)],
         {"n": 1}, ref=lambda i, d: np.array([1.0, 3.0], np.float32), grad=False,
         note="a repeated index: later slices win; TF's gradient ignores the overwrite"),
    Case("dynamic_stitch", [np.array([3], np.int32), np.array([7], np.int64)], {"n": 1},
         ref=lambda i, d: np.array([0, 0, 0, 7], np.int64)),
    # einsum / tensordot
    Case("einsum", [P, P3[0]], {"equation": "ij,jk->ik"}, ref=lambda a, b: a @ b),
    Case("einsum", [P3], {"equation": "ijk->ki"}, ref=lambda a: np.einsum("ijk->ki", a)),
    Case("einsum", [T], {"equation": "ii->i"}, ref=lambda a: np.diag(a).copy()),
    Case("einsum", [T], {"equation": "ii->"}, ref=lambda a: np.trace(a)),
    Case("einsum", [P, P], {"equation": "ij,ij->"}, ref=lambda a, b: np.sum(a * b)),
    Case("einsum", [P, P[0]], {"equation": "ij,j->ij"}, ref=lambda a, b: a * b),
    Case("einsum", [P3, R.standard_normal((4, 5)).astype(np.float32), ROW5],
         {"equation": "bij,jk,k->bi"},
         ref=lambda a, b, c: np.einsum("bij,jk,k->bi", a, b, c), rtol=1e-4),
    Case("einsum", [P3[:1], R.standard_normal((5, 4, 2)).astype(np.float32)],
         {"equation": "Aij,Ajk->Aik"}, ref=lambda a, b: np.matmul(a, b), rtol=1e-4),
    Case("einsum", [I32, I32], {"equation": "ij,kj->ik"}, ref=lambda a, b: a @ b.T),
    Case("einsum", [C64, C64], {"equation": "ij,ij->j"}, ref=lambda a, b: np.sum(a * b, 0),
         grad=False),
    Case("einsum", [np.zeros((2, 0), np.float32), np.zeros((0, 3), np.float32)],
         {"equation": "ij,jk->ik"}, ref=lambda a, b: a @ b),
    Case("tensordot", [P3, R.standard_normal((4, 3, 2)).astype(np.float32)],
         {"axes_a": (1, 2), "axes_b": (1, 0)},
         ref=lambda a, b: np.tensordot(a, b, ((1, 2), (1, 0))), rtol=1e-4),
    Case("tensordot", [P, P3[0]], {"axes_a": (), "axes_b": ()},
         ref=lambda a, b: np.multiply.outer(a, b)),
    Case("tensordot", [I32, I32], {"axes_a": (0, 1), "axes_b": (0, 1)},
         ref=lambda a, b: np.sum(a * b).astype(np.int32)),
]


def _put_ref(g, idx, axis):
    out = np.zeros_like(g)
    np.put_along_axis(out, idx, g, axis)
    return out
