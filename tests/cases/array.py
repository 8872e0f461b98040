"""Cases for the array family's primitives: shape/structure ops, slicing, padding, repeat,
creation from tensors and shape queries. References are plain NumPy; attributes are the
normalised ones the public wrappers pass (non-negative axes, (start, stop, step) slices)."""
import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(7)
A = R.standard_normal((2, 3, 4)).astype(np.float32)
M = R.standard_normal((3, 4)).astype(np.float32)
V = R.standard_normal((5,)).astype(np.float32)
F64 = R.standard_normal((4, 3))
I32 = np.arange(12, dtype=np.int32).reshape(3, 4)
I64 = np.arange(6, dtype=np.int64).reshape(2, 3)
B = np.array([[True, False, True]])
C64 = (R.standard_normal((2, 3)) + 1j * R.standard_normal((2, 3))).astype(np.complex64)
E = np.zeros((0, 3), np.float32)
S = np.array(2.5, np.float32)


def _mirror_grad(g, paddings, mode):
    """Reference adjoint of np.pad(mode): scatter-add through the index map of a padding."""
    shape = tuple(n - a - b for n, (a, b) in zip(g.shape, paddings))
    index = np.pad(np.arange(int(np.prod(shape))).reshape(shape), paddings, mode=mode.lower())
    out = np.zeros(int(np.prod(shape)), g.dtype)
    np.add.at(out, index.reshape(-1), g.reshape(-1))
    return out.reshape(shape)


def _slice_grad(g, shape, key):
    out = np.zeros(shape, g.dtype)
    out[_index(key)] = g
    return out


def _index(key):
    return tuple(slice(*k) if isinstance(k, tuple) else k for k in key)


def _reverse_seq(x, lengths, seq_axis, batch_axis):
    out = np.moveaxis(x.copy(), (batch_axis, seq_axis), (0, 1))
    for b, n in enumerate(lengths):
        out[b, :n] = out[b, :n][::-1].copy()
    return np.moveaxis(out, (0, 1), (batch_axis, seq_axis))


def _repeat_grad(g, repeats, axis):
    starts = np.cumsum(repeats) - repeats
    parts = [np.take(g, range(s, s + r), axis).sum(axis) for s, r in zip(starts, repeats)]
    return np.stack(parts, axis)


def _one_hot(i, on, off, depth, axis):
    out = np.where(i[..., None] == np.arange(depth), on, off)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


KEYS = [
    (1, (None, None, -1), None),
    ((0, 2, 1), Ellipsis, -1),
    ((None, None, 2), (-1, -4, -1)),
    (None, Ellipsis, None),
    ((5, 10, 1),),
    (-1, 0),
]

CASES = [
    # identity / stop_gradient / reshape / expand_dims / squeeze
    Case("identity", [I32], ref=lambda x: x),
    Case("identity", [E], ref=lambda x: x),
    Case("stop_gradient", [A], ref=lambda x: x),
    Case("stop_gradient", [I32], ref=lambda x: x),
    Case("reshape", [A], {"shape": (4, -1)}, ref=lambda x: x.reshape(4, 6)),
    Case("reshape", [A], {"shape": (24,)}, ref=lambda x: x.reshape(24)),
    Case("reshape", [S], {"shape": (1, 1)}, ref=lambda x: x.reshape(1, 1)),
    Case("reshape", [E], {"shape": (3, 0)}, ref=lambda x: x.reshape(3, 0)),
    Case("reshape", [B], {"shape": (3,)}, ref=lambda x: x.reshape(3)),
    Case("expand_dims", [M], {"axis": 0}, ref=lambda x: x[None]),
    Case("expand_dims", [M], {"axis": 2}, ref=lambda x: x[..., None]),
    Case("expand_dims", [S], {"axis": 0}, ref=lambda x: x[None]),
    Case("expand_dims", [I64], {"axis": 1}, ref=lambda x: x[:, None]),
    Case("squeeze", [A[:1, :, :1]], {"axis": None}, ref=np.squeeze),
    Case("squeeze", [A[:1, :, :1]], {"axis": (2,)}, ref=lambda x: x[:, :, 0]),
    Case("squeeze", [np.zeros((1, 0, 1), np.float32)], {"axis": None}, ref=np.squeeze),
    Case("squeeze", [I32[:1]], {"axis": (0,)}, ref=lambda x: x[0]),
    # transpose / broadcast_to
    Case("transpose", [A], {"perm": (2, 0, 1)}, ref=lambda x: x.transpose(2, 0, 1)),
    Case("transpose", [M], {"perm": (1, 0)}, ref=lambda x: x.T),
    Case("transpose", [C64], {"perm": (1, 0)}, ref=lambda x: x.T, grad=False),
    Case("transpose", [I64], {"perm": (1, 0)}, ref=lambda x: x.T),
    Case("transpose", [E], {"perm": (1, 0)}, ref=lambda x: x.T),
    Case("broadcast_to", [M[:1]], {"shape": (2, 3, 4)},
         ref=lambda x: np.broadcast_to(x, (2, 3, 4))),
    Case("broadcast_to", [S], {"shape": (2, 2)}, ref=lambda x: np.broadcast_to(x, (2, 2))),
    Case("broadcast_to", [I32], {"shape": (2, 3, 4)},
         ref=lambda x: np.broadcast_to(x, (2, 3, 4))),
    Case("broadcast_to", [V[:1]], {"shape": (0,)}, ref=lambda x: np.broadcast_to(x, (0,))),
    # stack / unstack / concat / split
    Case("stack", [M, M * 2], {"axis": 0}, ref=lambda a, b: np.stack([a, b])),
    Case("stack", [M, M, M], {"axis": 2}, ref=lambda *xs: np.stack(xs, 2)),
    Case("stack", [S, S], {"axis": 0}, ref=lambda a, b: np.stack([a, b])),
    Case("stack", [I32, I32], {"axis": 1}, ref=lambda a, b: np.stack([a, b], 1)),
    Case("unstack", [A], {"axis": 0, "num": 2}, ref=lambda x: tuple(x)),
    Case("unstack", [A], {"axis": 2, "num": 4}, ref=lambda x: tuple(np.moveaxis(x, 2, 0))),
    Case("unstack", [I64], {"axis": 1, "num": 3}, ref=lambda x: tuple(x.T)),
    Case("unstack", [M[:1]], {"axis": 0, "num": 1}, ref=lambda x: (x[0],)),
    Case("concat", [M, M[:1]], {"axis": 0}, ref=lambda a, b: np.concatenate([a, b])),
    Case("concat", [A, A[:, :, :1], A[:, :, :2]], {"axis": 2},
         ref=lambda *xs: np.concatenate(xs, 2)),
    Case("concat", [E, M[:, :3]], {"axis": 0}, ref=lambda a, b: np.concatenate([a, b])),
    Case("concat", [I32, I32], {"axis": 1}, ref=lambda a, b: np.concatenate([a, b], 1)),
    Case("concat", [B, B], {"axis": 0}, ref=lambda a, b: np.concatenate([a, b])),
    Case("split", [A], {"sizes": (1, 2), "axis": 1, "num": 2},
         ref=lambda x: (x[:, :1], x[:, 1:])),
    Case("split", [A], {"sizes": (1, 3), "axis": 2, "num": 2},
         ref=lambda x: (x[..., :1], x[..., 1:])),
    Case("split", [M], {"sizes": (2, 0, 2), "axis": 1, "num": 3},
         ref=lambda x: (x[:, :2], x[:, 2:2], x[:, 2:])),
    Case("split", [V], {"sizes": (5,), "axis": 0, "num": 1}, ref=lambda x: (x,)),
    Case("split", [I32], {"sizes": (1, 1, 1), "axis": 0, "num": 3},
         ref=lambda x: (x[:1], x[1:2], x[2:])),
    # tile / repeat / reverse / roll
    Case("tile", [M], {"multiples": (2, 3)}, ref=lambda x: np.tile(x, (2, 3))),
    Case("tile", [A], {"multiples": (1, 2, 1)}, ref=lambda x: np.tile(x, (1, 2, 1))),
    Case("tile", [M], {"multiples": (0, 2)}, ref=lambda x: np.tile(x, (0, 2))),
    Case("tile", [S], {"multiples": ()}, ref=lambda x: x),
    Case("tile", [I64], {"multiples": (2, 1)}, ref=lambda x: np.tile(x, (2, 1))),
    Case("repeat", [M], {"repeats": (2, 0, 1), "axis": 0},
         ref=lambda x: np.repeat(x, (2, 0, 1), 0)),
    Case("repeat", [A], {"repeats": (3,) * 4, "axis": 2}, ref=lambda x: np.repeat(x, 3, 2)),
    Case("repeat", [I32], {"repeats": (1, 2, 3, 0), "axis": 1},
         ref=lambda x: np.repeat(x, (1, 2, 3, 0), 1)),
    Case("repeat", [E], {"repeats": (2, 2, 2), "axis": 1}, ref=lambda x: np.repeat(x, 2, 1)),
    Case("repeat_grad", [R.standard_normal((3, 4)).astype(np.float32)],
         {"repeats": (2, 0, 1), "axis": 0}, ref=lambda g: _repeat_grad(g, (2, 0, 1), 0)),
    Case("repeat_grad", [R.standard_normal((2, 6))], {"repeats": (3, 3), "axis": 1},
         ref=lambda g: _repeat_grad(g, (3, 3), 1)),
    Case("reverse", [A], {"axis": (0, 2)}, ref=lambda x: x[::-1, :, ::-1]),
    Case("reverse", [M], {"axis": ()}, ref=lambda x: x),
    Case("reverse", [I32], {"axis": (1,)}, ref=lambda x: x[:, ::-1]),
    Case("roll", [A], {"shift": (1, -2), "axis": (0, 2)},
         ref=lambda x: np.roll(x, (1, -2), (0, 2))),
    Case("roll", [V], {"shift": (7,), "axis": (0,)}, ref=lambda x: np.roll(x, 7)),
    Case("roll", [I32], {"shift": (1, 2), "axis": (1, 1)}, ref=lambda x: np.roll(x, 3, 1)),
    Case("roll", [E], {"shift": (1,), "axis": (0,)}, ref=lambda x: x),
    # slicing
    *[Case("strided_slice", [A], {"key": k}, ref=lambda x, k=k: x[_index(k)]) for k in KEYS],
    Case("strided_slice", [I32], {"key": ((None, None, -2), 1)}, ref=lambda x: x[::-2, 1]),
    Case("strided_slice", [S], {"key": (Ellipsis, None)}, ref=lambda x: x[..., None]),
    Case("strided_slice", [E], {"key": ((1, None, 1), 2)}, ref=lambda x: x[1:, 2]),
    Case("strided_slice", [B], {"key": (0, (None, None, 2))}, ref=lambda x: x[0, ::2]),
    *[Case("strided_slice_grad", [R.standard_normal(A[_index(k)].shape).astype(np.float32)],
           {"shape": (2, 3, 4), "key": k},
           ref=lambda g, k=k: _slice_grad(g, (2, 3, 4), k)) for k in KEYS],
    Case("reverse_sequence", [M, np.array([4, 0, 2], np.int32)],
         {"seq_axis": 1, "batch_axis": 0}, ref=lambda x, n: _reverse_seq(x, n, 1, 0)),
    Case("reverse_sequence", [A, np.array([1, 4, 2], np.int64)],
         {"seq_axis": 2, "batch_axis": 1}, ref=lambda x, n: _reverse_seq(x, n, 2, 1)),
    Case("reverse_sequence", [I32, np.array([1, 2, 3, 0], np.int32)],
         {"seq_axis": 0, "batch_axis": 1}, ref=lambda x, n: _reverse_seq(x, n, 0, 1)),
    # padding
    Case("pad", [M, np.array(0, np.float32)], {"paddings": ((1, 2), (0, 3))},
         ref=lambda x, c: np.pad(x, ((1, 2), (0, 3))), grad_argnums=(0,)),
    Case("pad", [I32, np.array(7, np.int32)], {"paddings": ((0, 1), (2, 0))},
         ref=lambda x, c: np.pad(x, ((0, 1), (2, 0)), constant_values=7)),
    Case("pad", [E, np.array(1.5, np.float32)], {"paddings": ((1, 0), (0, 1))},
         ref=lambda x, c: np.pad(x, ((1, 0), (0, 1)), constant_values=1.5),
         grad_argnums=(0,)),
    Case("pad", [S, np.array(1, np.float32)], {"paddings": ()}, ref=lambda x, c: x,
         grad_argnums=(0,)),
    Case("mirror_pad", [M], {"paddings": ((2, 1), (3, 2)), "mode": "REFLECT"},
         ref=lambda x: np.pad(x, ((2, 1), (3, 2)), mode="reflect")),
    Case("mirror_pad", [A], {"paddings": ((2, 2), (0, 3), (4, 1)), "mode": "SYMMETRIC"},
         ref=lambda x: np.pad(x, ((2, 2), (0, 3), (4, 1)), mode="symmetric")),
    Case("mirror_pad", [I32], {"paddings": ((1, 1), (1, 1)), "mode": "REFLECT"},
         ref=lambda x: np.pad(x, 1, mode="reflect")),
    Case("mirror_pad_grad", [R.standard_normal((6, 9)).astype(np.float32)],
         {"paddings": ((2, 1), (3, 2)), "mode": "REFLECT"},
         ref=lambda g: _mirror_grad(g, ((2, 1), (3, 2)), "REFLECT")),
    Case("mirror_pad_grad", [R.standard_normal((6, 6, 9))],
         {"paddings": ((2, 2), (0, 3), (4, 1)), "mode": "SYMMETRIC"},
         ref=lambda g: _mirror_grad(g, ((2, 2), (0, 3), (4, 1)), "SYMMETRIC")),
    # creation from tensors
    Case("fill", [S], {"dims": (2, 3)}, ref=lambda v: np.full((2, 3), v)),
    Case("fill", [np.array([4], np.int32)], {"dims": (3,)},
         ref=lambda v: np.full((3,), 4, np.int32)),
    Case("fill", [np.array(1.0)], {"dims": (0, 2)}, ref=lambda v: np.zeros((0, 2))),
    Case("zeros_like", [A], {"dtype": None}, ref=np.zeros_like),
    Case("zeros_like", [I32], {"dtype": dtypes.float64},
         ref=lambda x: np.zeros(x.shape, np.float64)),
    Case("ones_like", [B], {"dtype": None}, ref=np.ones_like),
    Case("ones_like", [E], {"dtype": dtypes.int64}, ref=lambda x: np.ones(x.shape, np.int64)),
    Case("range", [np.array(1, np.int32), np.array(10, np.int32), np.array(3, np.int32)],
         ref=lambda s, n, d: np.arange(1, 10, 3, dtype=np.int32)),
    Case("range", [np.array(0.5, np.float32), np.array(-1, np.float32),
                   np.array(-0.25, np.float32)],
         ref=lambda s, n, d: (s + np.arange(6, dtype=np.float32) * d)),
    Case("range", [np.array(3, np.int64), np.array(3, np.int64), np.array(1, np.int64)],
         ref=lambda s, n, d: np.zeros(0, np.int64)),
    Case("one_hot", [np.array([0, 2, -1, 5], np.int32), np.array(1.0, np.float32),
                     np.array(0.0, np.float32)], {"depth": 3, "axis": -1},
         ref=lambda i, on, off: _one_hot(i, on, off, 3, -1)),
    Case("one_hot", [np.array([[1, 0], [3, 2]], np.int64), np.array(5, np.int32),
                     np.array(-1, np.int32)], {"depth": 4, "axis": 0},
         ref=lambda i, on, off: _one_hot(i, on, off, 4, 0)),
    Case("one_hot", [np.array([1], np.uint8), np.array(True), np.array(False)],
         {"depth": 2, "axis": 1}, ref=lambda i, on, off: _one_hot(i, on, off, 2, 1)),
    Case("sequence_mask", [np.array([1, 3, 0], np.int32)], {"maxlen": 4, "dtype": dtypes.bool},
         ref=lambda n: np.arange(4) < n[:, None]),
    Case("sequence_mask", [np.array([[2], [1]], np.int64)],
         {"maxlen": None, "dtype": dtypes.float32},
         ref=lambda n: (np.arange(2) < n[..., None]).astype(np.float32)),
    # shape queries
    Case("shape", [A], {"out_type": dtypes.int32}, ref=lambda x: np.array(x.shape, np.int32)),
    Case("shape", [S], {"out_type": dtypes.int64}, ref=lambda x: np.zeros(0, np.int64)),
    Case("size", [E], {"out_type": dtypes.int32}, ref=lambda x: np.array(0, np.int32)),
    Case("size", [A], {"out_type": dtypes.float32}, ref=lambda x: np.array(24, np.float32)),
    Case("rank", [A], ref=lambda x: np.array(3, np.int32)),
    Case("rank", [S], ref=lambda x: np.array(0, np.int32)),
    Case("ensure_shape", [A], {"shape": (2, None, 4)}, ref=lambda x: x),
    Case("ensure_shape", [I32], {"shape": None}, ref=lambda x: x),
    Case("unravel_index", [np.array([1, 5, 7], np.int32), np.array([2, 4], np.int32)],
         ref=lambda i, d: np.array(np.unravel_index(i, d), np.int32)),
    Case("unravel_index", [np.array(23, np.int64), np.array([2, 3, 4], np.int64)],
         ref=lambda i, d: np.array(np.unravel_index(i, d), np.int64)),
    Case("unravel_index", [np.zeros(0, np.int32), np.array([3], np.int32)],
         ref=lambda i, d: np.zeros((1, 0), np.int32)),
    Case("broadcast_args", [np.array([2, 1, 3], np.int32), np.array([4, 1], np.int32)],
         ref=lambda a, b: np.array([2, 4, 3], np.int32)),
    Case("broadcast_args", [np.array([], np.int64), np.array([5], np.int64)],
         ref=lambda a, b: np.array([5], np.int64)),
]

# shapes given as tensors (graphs whose sizes are only known when they run)
_X6 = np.arange(6, dtype=np.float64).reshape(2, 3) / 7.0
CASES += [
    Case("reshape_to", [_X6, np.array([3, -1], np.int64)], grad_argnums=(0,),
         ref=lambda x, s: x.reshape(3, -1)),
    Case("reshape_to", [_X6.astype(np.float32), np.array([6], np.int64)], grad_argnums=(0,),
         ref=lambda x, s: x.reshape(6)),
    Case("broadcast_to_shape", [np.array([0.5, -1.0, 2.0]), np.array([2, 3], np.int64)],
         grad_argnums=(0,), ref=lambda x, s: np.broadcast_to(x, (2, 3))),
    Case("broadcast_to_shape", [np.array([[1.5], [2.0]]), np.array([2, 4], np.int64)],
         grad_argnums=(0,), ref=lambda x, s: np.broadcast_to(x, (2, 4))),
    Case("fill_shape", [np.array([2, 3], np.int64), np.float64(1.25)], grad_argnums=(1,),
         ref=lambda d, v: np.full((2, 3), v)),
    Case("fill_shape", [np.array([0], np.int64), np.int32(4)], grad=False,
         ref=lambda d, v: np.full((0,), v, np.int32)),
]
