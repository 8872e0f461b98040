"""Cases for the reduce family: reductions, arg-reductions, add_n, scans, top-k, segment ops
and bincount (fluxion/ops/reduce_ops.py, scan_ops.py, segment_ops.py)."""
import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(7)
X = R.standard_normal((3, 4)).astype(np.float32)  # distinct values: max/min/top-k are smooth
X3 = R.standard_normal((2, 3, 4)).astype(np.float32)
X64 = R.standard_normal((4, 5))
ZEROS = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 1.5], [1.0, -2.0, 0.5]], np.float32)
POS = (R.random((3, 4)) + 0.5).astype(np.float32)
I32 = np.array([[1, -2, 3, 7], [4, 5, -6, 0], [9, 9, 1, -3]], np.int32)
U8 = np.array([[1, 250, 3], [4, 5, 6]], np.uint8)
C64 = (R.standard_normal((2, 3)) + 1j * R.standard_normal((2, 3))).astype(np.complex64)
B = np.array([[True, False, True], [False, False, True]])
EMPTY = np.zeros((0, 3), np.float32)
IDS = np.array([0, 0, 2, 3, 3], np.int32)  # sorted, segment 1 empty
UIDS = np.array([3, -1, 0, 3, 1], np.int32)  # unsorted, one dropped id, segment 2 empty
FULL = np.array([2, -1, 0, 2, 1], np.int32)  # unsorted, one dropped id, no empty segment
SEG = R.standard_normal((5, 2)).astype(np.float32)
SEGZ = np.array([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0], [0.0, 2.0], [5.0, 1.5]], np.float32)


def _keep(fn):
    """A NumPy reduction taking the Case's static attributes."""
    return lambda axis, keepdims: (lambda x: fn(x, axis=axis, keepdims=keepdims))


def _red(op, fn, x, axis, keepdims=False, **kw):
    return Case(op, [x], {"axis": axis, "keepdims": keepdims}, ref=_keep(fn)(axis, keepdims),
                **kw)


def _isum(x, axis, keepdims):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _imean(x, axis, keepdims):
    total = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)
    n = int(np.prod([x.shape[a] for a in axis]))
    return np.trunc(total / n).astype(x.dtype)


def _lse(x, axis, keepdims):
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return (out if keepdims else np.squeeze(out, axis)).astype(x.dtype)


def _enorm(x, axis, keepdims):
    wide = x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)
    out = np.sqrt(np.sum(np.abs(wide) ** 2, axis=axis, keepdims=keepdims))
    return (np.floor(out) if x.dtype.kind in "iu" else out).astype(x.dtype)


def _scan(fn, identity, axis, exclusive, reverse):
    def ref(x):
        y = np.flip(x, axis) if reverse else x
        out = fn(y, axis=axis, dtype=x.dtype)
        if exclusive:
            pad = np.full_like(np.take(out, [0], axis=axis), identity)
            out = np.concatenate([pad, np.take(out, range(out.shape[axis] - 1), axis=axis)],
                                 axis=axis)
        return np.flip(out, axis) if reverse else out
    return Case("cumsum" if fn is np.cumsum else "cumprod", [X3],
                {"axis": axis, "exclusive": exclusive, "reverse": reverse}, ref=ref)


def _top_k(k, index=np.int32):
    def ref(x):
        order = np.argsort(-x.astype(np.float64), axis=-1, kind="stable")[..., :k]
        return np.take_along_axis(x, order, -1), order.astype(index)
    return ref


def _segments(ids, num, kind, dtype):
    fill = {"sum": 0, "prod": 1, "mean": 0}.get(kind)
    if fill is None:
        info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
        fill = info.min if kind == "max" else info.max
    fn = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean}[kind]

    def ref(data, ids_):
        out = np.full((num,) + data.shape[ids.ndim:], fill, dtype)
        flat = data.reshape((ids.size,) + data.shape[ids.ndim:])
        for s in range(num):
            rows = flat[ids.reshape(-1) == s]
            if len(rows):
                out[s] = fn(rows, axis=0)
        return out
    return ref


def _sorted(kind, dtype):
    return _segments(IDS, int(IDS[-1]) + 1, kind, dtype)


def _sorted_zero_fill(kind, dtype):
    ref = _segments(IDS, int(IDS[-1]) + 1, kind, dtype)

    def fixed(data, ids):
        out = ref(data, ids)
        present = np.isin(np.arange(out.shape[0]), ids)
        out[~present] = 0
        return out
    return fixed


def _bincount(minlength=None, maxlength=None, binary=False, per_row=False, dtype=np.int32):
    def ref(arr, weights):
        size = int(arr.max()) + 1 if arr.size else 0
        size = size if minlength is None else max(size, minlength)
        size = size if maxlength is None else min(size, maxlength)
        rows = arr if per_row else arr.reshape(1, -1)
        w = weights if weights.size else np.ones(arr.shape)
        w = w if per_row else w.reshape(1, -1)
        out = np.zeros((rows.shape[0], size))
        for r in range(rows.shape[0]):
            for v, wt in zip(rows[r], w[r]):
                if v < size:
                    out[r, v] += wt
        out = (out > 0) if binary else out
        out = out.astype(weights.dtype)
        return out if per_row else out[0]
    return ref


CASES = [
    # sum / mean / prod
    _red("reduce_sum", np.sum, X3, (0, 2), True),
    _red("reduce_sum", np.sum, X3, (), False),
    _red("reduce_sum", np.sum, EMPTY, (0,), False),
    Case("reduce_sum", [U8], {"axis": (0, 1), "keepdims": False},
         ref=lambda x: _isum(x, None, False)),
    Case("reduce_sum", [C64], {"axis": (1,), "keepdims": False}, ref=lambda x: np.sum(x, 1),
         grad=False),
    _red("reduce_mean", np.mean, X3, (1,), False),
    _red("reduce_mean", np.mean, X3, (0, 1, 2), True),
    _red("reduce_mean", np.mean, X64, (0,), False),
    Case("reduce_mean", [I32], {"axis": (0,), "keepdims": False},
         ref=lambda x: _imean(x, (0,), False)),
    Case("reduce_mean", [U8], {"axis": (1,), "keepdims": True},
         ref=lambda x: _imean(x, (1,), True)),
    Case("reduce_mean", [EMPTY], {"axis": (0,), "keepdims": False},
         ref=lambda x: np.full((3,), np.nan, np.float32), grad=False),
    Case("reduce_mean", [C64], {"axis": (0, 1), "keepdims": False}, ref=lambda x: np.mean(x),
         grad=False),
    _red("reduce_prod", np.prod, X3, (2,), False),
    _red("reduce_prod", np.prod, X3, (0, 2), True),
    _red("reduce_prod", np.prod, ZEROS, (1,), False),
    _red("reduce_prod", np.prod, ZEROS, (0, 1), False),
    _red("reduce_prod", np.prod, EMPTY, (0,), False),
    Case("reduce_prod", [I32], {"axis": (1,), "keepdims": False},
         ref=lambda x: np.prod(x, 1, dtype=np.int32)),
    # max / min / any / all
    _red("reduce_max", np.max, X3, (1,), False),
    _red("reduce_max", np.max, X3, (0, 2), True),
    _red("reduce_max", np.max, X64, (0, 1), False),
    Case("reduce_max", [I32], {"axis": (0,), "keepdims": False}, ref=lambda x: np.max(x, 0)),
    Case("reduce_max", [EMPTY], {"axis": (0,), "keepdims": False},
         ref=lambda x: np.full((3,), -np.inf, np.float32), grad=False),
    Case("reduce_max", [np.zeros((0,), np.int32)], {"axis": (0,), "keepdims": False},
         ref=lambda x: np.int32(np.iinfo(np.int32).min)),
    _red("reduce_min", np.min, X3, (2,), False),
    _red("reduce_min", np.min, X, (0, 1), True),
    Case("reduce_min", [U8], {"axis": (1,), "keepdims": False}, ref=lambda x: np.min(x, 1)),
    Case("reduce_min", [EMPTY], {"axis": (0,), "keepdims": True},
         ref=lambda x: np.full((1, 3), np.inf, np.float32), grad=False),
    _red("reduce_any", np.any, B, (1,), False),
    _red("reduce_any", np.any, B, (0, 1), True),
    _red("reduce_all", np.all, B, (0,), False),
    _red("reduce_all", np.all, np.zeros((0,), bool), (0,), False),
    # logsumexp / euclidean norm
    _red("reduce_logsumexp", _lse, X3, (1,), False),
    _red("reduce_logsumexp", _lse, X3, (0, 2), True),
    _red("reduce_logsumexp", _lse, X64 * 300, (1,), False),
    Case("reduce_logsumexp", [EMPTY], {"axis": (0,), "keepdims": False},
         ref=lambda x: np.full((3,), -np.inf, np.float32), grad=False),
    _red("reduce_euclidean_norm", _enorm, X3, (2,), False),
    _red("reduce_euclidean_norm", _enorm, X3, (0, 1), True),
    _red("reduce_euclidean_norm", _enorm, I32, (1,), False),
    Case("reduce_euclidean_norm", [C64], {"axis": (0, 1), "keepdims": False},
         ref=lambda x: _enorm(x, (0, 1), False), grad=False),
    # argmax / argmin / count_nonzero
    Case("argmax", [X3], {"axis": 1, "output_type": dtypes.int64},
         ref=lambda x: np.argmax(x, 1)),
    Case("argmax", [I32], {"axis": 0, "output_type": dtypes.int32},
         ref=lambda x: np.argmax(x, 0).astype(np.int32)),
    Case("argmax", [np.array([1.0, np.nan, 3.0, 0.0], np.float32)],
         {"axis": 0, "output_type": dtypes.int64}, ref=lambda x: np.int64(2)),
    Case("argmax", [B], {"axis": 1, "output_type": dtypes.int16},
         ref=lambda x: np.argmax(x, 1).astype(np.int16)),
    Case("argmin", [X3], {"axis": 2, "output_type": dtypes.int64},
         ref=lambda x: np.argmin(x, 2)),
    Case("argmin", [U8], {"axis": 1, "output_type": dtypes.int64},
         ref=lambda x: np.argmin(x, 1)),
    Case("count_nonzero", [ZEROS], {"axis": (1,), "keepdims": False, "dtype": dtypes.int64},
         ref=lambda x: np.count_nonzero(x, axis=1).astype(np.int64)),
    Case("count_nonzero", [I32], {"axis": (0, 1), "keepdims": True, "dtype": dtypes.float32},
         ref=lambda x: np.full((1, 1), np.count_nonzero(x), np.float32)),
    Case("count_nonzero", [B], {"axis": (0,), "keepdims": False, "dtype": dtypes.int32},
         ref=lambda x: np.count_nonzero(x, axis=0).astype(np.int32)),
    # add_n
    Case("add_n", [X, POS, X * 2], ref=lambda a, b, c: a + b + c),
    Case("add_n", [X], ref=lambda a: a),
    Case("add_n", [I32, I32], ref=lambda a, b: a + b),
    Case("add_n", [EMPTY, EMPTY], ref=lambda a, b: a + b),
    # scans (the cumprod cases avoid zeros: TF's cumprod gradient is not exact there)
    _scan(np.cumsum, 0, 0, False, False),
    _scan(np.cumsum, 0, 2, True, False),
    _scan(np.cumsum, 0, 1, False, True),
    _scan(np.cumsum, 0, 1, True, True),
    _scan(np.cumprod, 1, 2, False, False),
    _scan(np.cumprod, 1, 1, True, False),
    _scan(np.cumprod, 1, 0, False, True),
    _scan(np.cumprod, 1, 2, True, True),
    Case("cumsum", [I32], {"axis": 1, "exclusive": True, "reverse": False},
         ref=lambda x: np.concatenate([np.zeros((3, 1), np.int32),
                                       np.cumsum(x, 1, dtype=np.int32)[:, :-1]], 1)),
    Case("cumprod", [EMPTY], {"axis": 0, "exclusive": True, "reverse": False},
         ref=lambda x: x),
    # top_k / in_top_k
    Case("top_k", [X3], {"k": 2, "sorted": True, "index_type": dtypes.int32}, ref=_top_k(2)),
    Case("top_k", [X], {"k": 4, "sorted": True, "index_type": dtypes.int64},
         ref=_top_k(4, np.int64)),
    Case("top_k", [R.standard_normal((3, 200)).astype(np.float32)],
         {"k": 5, "sorted": True, "index_type": dtypes.int32}, ref=_top_k(5)),
    Case("top_k", [np.array([[3, 1, 3, 2, 3] * 20], np.int32)],
         {"k": 7, "sorted": True, "index_type": dtypes.int32}, ref=_top_k(7)),
    Case("top_k", [X], {"k": 0, "sorted": True, "index_type": dtypes.int32}, ref=_top_k(0)),
    Case("in_top_k", [np.array([[0.1, 0.3, 0.3], [0.5, 0.2, np.nan], [0.2, 0.4, 0.1]],
                               np.float32), np.array([2, 0, 0], np.int32)], {"k": 1},
         ref=lambda p, t: np.array([True, False, False])),
    Case("in_top_k", [X, np.array([0, 3, 1], np.int64)], {"k": 2},
         ref=lambda p, t: np.array([np.sum(p[i] > p[i, t[i]]) < 2 for i in range(3)])),
    # segments
    Case("segment_gather", [SEG[:4], UIDS], ref=lambda p, i: np.where(
        (i >= 0)[:, None], p[np.maximum(i, 0)], 0)),
    Case("segment_gather", [SEG, np.array([[4, 0], [1, 1]], np.int32)],
         ref=lambda p, i: p[i]),
    Case("segment_sum", [SEG, IDS], ref=_sorted("sum", np.float32)),
    Case("segment_sum", [I32[:, :3].T.copy(), IDS[:3]], ref=_segments(
        IDS[:3], 3, "sum", np.int32)),
    Case("segment_sum", [EMPTY, np.zeros(0, np.int32)], ref=lambda d, i: EMPTY),
    Case("segment_prod", [SEGZ, IDS], ref=_sorted("prod", np.float32)),
    Case("segment_max", [SEG, IDS], ref=_sorted_zero_fill("max", np.float32)),
    Case("segment_min", [SEG, IDS.astype(np.int64)], ref=_sorted_zero_fill("min", np.float32)),
    Case("segment_mean", [SEG, IDS], ref=_sorted("mean", np.float32)),
    Case("segment_mean", [np.array([-1, -2, -2, 5], np.int32), np.array([0, 0, 0, 2], np.int32)],
         ref=lambda d, i: np.array([-1, 0, 5], np.int32)),
    Case("unsorted_segment_sum", [SEG, UIDS], {"num_segments": 4},
         ref=_segments(UIDS, 4, "sum", np.float32)),
    Case("unsorted_segment_sum", [SEG[:, 0].copy(), UIDS], {"num_segments": 5},
         ref=_segments(UIDS, 5, "sum", np.float32)),
    Case("unsorted_segment_sum", [X, np.array([[0, 1, 1, 0], [2, 2, -1, 0], [1, 1, 1, 1]],
                                              np.int32)], {"num_segments": 3},
         ref=_segments(np.array([[0, 1, 1, 0], [2, 2, -1, 0], [1, 1, 1, 1]]), 3, "sum",
                       np.float32)),
    Case("unsorted_segment_sum", [I32, np.array([1, 0, 1], np.int64)], {"num_segments": 2},
         ref=_segments(np.array([1, 0, 1]), 2, "sum", np.int32)),
    Case("unsorted_segment_prod", [SEGZ, UIDS], {"num_segments": 4},
         ref=_segments(UIDS, 4, "prod", np.float32)),
    Case("unsorted_segment_prod", [SEG, UIDS], {"num_segments": 4},
         ref=_segments(UIDS, 4, "prod", np.float32)),
    # an empty segment's fill value (the float's lowest) swamps finite differences: the
    # gradient cases use ids that fill every segment
    Case("unsorted_segment_max", [SEG, UIDS], {"num_segments": 4},
         ref=_segments(UIDS, 4, "max", np.float32), grad=False),
    Case("unsorted_segment_max", [SEG, FULL], {"num_segments": 3},
         ref=_segments(FULL, 3, "max", np.float32)),
    Case("unsorted_segment_max", [I32, np.array([2, 0, 2], np.int32)], {"num_segments": 4},
         ref=_segments(np.array([2, 0, 2]), 4, "max", np.int32)),
    Case("unsorted_segment_min", [SEG, UIDS], {"num_segments": 4},
         ref=_segments(UIDS, 4, "min", np.float32), grad=False),
    Case("unsorted_segment_min", [SEG, FULL], {"num_segments": 3},
         ref=_segments(FULL, 3, "min", np.float32)),
    Case("unsorted_segment_min", [U8.T.copy(), np.array([0, 0, 2], np.int32)],
         {"num_segments": 3}, ref=_segments(np.array([0, 0, 2]), 3, "min", np.uint8)),
    # bincount
    Case("bincount", [np.array([1, 1, 3, 0, 7], np.int32), np.zeros(0, np.int32)],
         {"minlength": None, "maxlength": None, "binary_output": False, "per_row": False},
         ref=_bincount()),
    Case("bincount", [np.array([[1, 1, 3], [0, 2, 2]], np.int64),
                      np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 3.0]], np.float32)],
         {"minlength": 6, "maxlength": None, "binary_output": False, "per_row": True},
         ref=_bincount(minlength=6, per_row=True)),
    Case("bincount", [np.array([1, 1, 3, 0, 7], np.int32), np.zeros(0, np.float64)],
         {"minlength": None, "maxlength": 3, "binary_output": True, "per_row": False},
         ref=_bincount(maxlength=3, binary=True)),
    Case("bincount", [np.zeros(0, np.int32), np.zeros(0, np.int32)],
         {"minlength": 2, "maxlength": None, "binary_output": False, "per_row": False},
         ref=lambda a, w: np.zeros(2, np.int32)),
]
