"""Cases for the first ops: binary arithmetic, cast, a few unary ops, reduce_sum, matmul,
identity, reshape, broadcast_to, stack, unstack."""
import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(1)
A = R.standard_normal((2, 3)).astype(np.float32)
B = R.standard_normal((2, 3)).astype(np.float32)
ROW = R.standard_normal((3,)).astype(np.float32)
POS = (R.random((2, 3)) + 0.5).astype(np.float32)
I32 = np.array([[1, -2, 3], [4, 5, -6]], np.int32)
C64 = (R.standard_normal((2, 2)) + 1j * R.standard_normal((2, 2))).astype(np.complex64)

CASES = [
    Case("add", [A, B], ref=np.add),
    Case("add", [A, ROW], ref=np.add),
    Case("add", [I32, I32], ref=np.add),
    Case("add", [np.zeros((0, 3), np.float32), ROW], ref=np.add),
    Case("subtract", [A, ROW], ref=np.subtract),
    Case("subtract", [I32, I32[:1]], ref=np.subtract),
    Case("multiply", [A, B], ref=np.multiply),
    Case("multiply", [A[:, :1], B], ref=np.multiply),
    Case("multiply", [C64, C64], ref=np.multiply, grad=False),
    Case("real_div", [A, POS], ref=np.true_divide),
    Case("real_div", [ROW, POS], ref=np.true_divide),
    Case("negative", [A], ref=np.negative),
    Case("negative", [I32], ref=np.negative),
    Case("conj", [C64], ref=np.conjugate, grad=False),
    Case("real", [C64], ref=np.real, grad=False),
    Case("cast", [A], {"dtype": dtypes.int32}, ref=lambda x: np.trunc(x).astype(np.int32)),
    Case("cast", [I32], {"dtype": dtypes.float64}, ref=lambda x: x.astype(np.float64)),
    Case("cast", [A], {"dtype": dtypes.float64}, ref=lambda x: x.astype(np.float64)),
    Case("exp", [A], ref=np.exp),
    Case("log", [POS], ref=np.log),
    Case("square", [A], ref=np.square),
    Case("square", [I32], ref=np.square),
    Case("sqrt", [POS], ref=np.sqrt),
    Case("tanh", [A], ref=np.tanh),
    Case("reduce_sum", [A], {"axis": (0, 1), "keepdims": False}, ref=lambda x: np.sum(x)),
    Case("reduce_sum", [A], {"axis": (1,), "keepdims": True},
         ref=lambda x: np.sum(x, 1, keepdims=True)),
    Case("reduce_sum", [I32], {"axis": (0,), "keepdims": False},
         ref=lambda x: np.sum(x, 0, dtype=np.int32)),
    Case("matmul", [A, B.T.copy()], {"transpose_a": False, "transpose_b": False}, ref=np.matmul),
    Case("matmul", [A, B], {"transpose_a": False, "transpose_b": True},
         ref=lambda a, b: a @ b.T),
    Case("matmul", [A, B], {"transpose_a": True, "transpose_b": False},
         ref=lambda a, b: a.T @ b),
    Case("matmul", [A.T.copy(), B], {"transpose_a": True, "transpose_b": True},
         ref=lambda a, b: a.T @ b.T),
    Case("matmul", [np.stack([A, B]), ROW.reshape(3, 1)],
         {"transpose_a": False, "transpose_b": False}, ref=np.matmul),
    Case("identity", [A], ref=lambda x: x),
    Case("reshape", [A], {"shape": (3, -1)}, ref=lambda x: x.reshape(3, 2)),
    Case("reshape", [I32], {"shape": (6,)}, ref=lambda x: x.reshape(6)),
    Case("broadcast_to", [ROW], {"shape": (2, 3)}, ref=lambda x: np.broadcast_to(x, (2, 3))),
    Case("stack", [A, B], {"axis": 1}, ref=lambda a, b: np.stack([a, b], 1)),
    Case("unstack", [A], {"axis": 1, "num": 3}, ref=lambda a: tuple(np.moveaxis(a, 1, 0))),
]
