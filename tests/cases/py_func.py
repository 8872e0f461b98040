"""Cases for tf.py_function / tf.numpy_function primitives (their functions are registered
here, as a graph would register them) and `tensor_strided_slice_update` (``v[k].assign``)."""
import numpy as np

from fluxion.core import dtypes
from fluxion.py_func import _register
from tests.opcheck import Case

R = np.random.default_rng(9)
A64 = R.standard_normal((2, 3))
B64 = R.standard_normal((3,))
A32 = R.standard_normal((3, 4)).astype(np.float32)
I32 = np.array([[1, 2], [3, 4]], np.int32)

_CUBE_PLUS = _register(lambda x, y: (x * x * x + y, x * 2.0), permanent=True)
_SUM_INT = _register(lambda x, n: (x * 3.0, n + 1), permanent=True)
_NUMPY = _register(lambda x, n: (np.sin(x), (n * 2).astype(np.int32)), permanent=True)
_GRAD = _register(lambda x, y: x * x * y, permanent=True)
F64 = (dtypes.float64, dtypes.float64)


def _cube_plus(x, y):
    return (x ** 3 + y, x * 2.0)


CASES = [
    Case("py_function", [A64, B64], {"func": _CUBE_PLUS, "tout": F64, "n_out": 2},
         ref=_cube_plus),
    Case("py_function", [A32, I32[:1, :1]],
         {"func": _SUM_INT, "tout": (dtypes.float32, dtypes.int32), "n_out": 2},
         ref=lambda x, n: (x * np.float32(3.0), n + 1), grad=False,
         note="float32 results (Tout): the float64 gradient check does not apply"),
    Case("py_function", [np.zeros((0, 3)), B64], {"func": _CUBE_PLUS, "tout": F64, "n_out": 2},
         ref=_cube_plus),
    Case("numpy_function", [A32, I32], {"func": _NUMPY,
                                        "tout": (dtypes.float32, dtypes.int32), "n_out": 2},
         ref=lambda x, n: (np.sin(x), n * 2), grad=False, note="not differentiable (as TF)"),
    Case("py_function_grad", [A64, B64, np.ones((2, 3))],
         {"func": _GRAD, "n_in": 2, "wrt": (0, 1), "outs": (0,), "n_wrt": 2},
         ref=lambda x, y, g: (2 * x * y * g, np.sum(x * x * g, axis=0)), grad=False,
         note="the gradient of py_function; has no gradient itself"),
    Case("tensor_strided_slice_update", [A32, A32[0]], {"key": (1,)},
         ref=lambda x, v: np.concatenate([x[:1], v[None], x[2:]])),
    Case("tensor_strided_slice_update", [A64, B64[:2]], {"key": (Ellipsis, (None, None, -2))},
         ref=lambda x, v: _set(x, (Ellipsis, slice(None, None, -2)), v)),
    Case("tensor_strided_slice_update", [A64, np.array(5.0)], {"key": ((0, 1, None), None, 2)},
         ref=lambda x, v: _set(x, (slice(0, 1), None, 2), v)),
    Case("tensor_strided_slice_update", [I32, np.array([7, 8], np.int32)],
         {"key": ((None, None, None), 0)}, ref=lambda x, v: _set(x, (slice(None), 0), v)),
    Case("tensor_strided_slice_update", [np.zeros((0, 2)), np.zeros((0, 2))],
         {"key": ((None, None, None),)}, ref=lambda x, v: x.copy()),
]


def _set(x, index, v):
    out = np.array(x)
    out[index] = v
    return out
