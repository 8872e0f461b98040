"""Cases for `fused_elementwise` (made by the graph optimizer's fusion pass)."""
import numpy as np

from tests.opcheck import Case

_R = np.random.default_rng(7)
_M, _G, _V = (_R.standard_normal((3, 4)) for _ in range(3))
_V = np.abs(_V) + 0.5

# B1 * m + (1 - B1) * g, with the scalars as inputs
_MOMENT = (("multiply", ("i0", "i1")), ("multiply", ("i2", "i3")), ("add", ("s0", "s1")))
# p - s * m / (sqrt(v) + eps): a scalar, a row vector broadcast along axis 0, full tensors
_UPDATE = (("sqrt", ("i0",)), ("add", ("s0", "i1")), ("multiply", ("i2", "i3")),
           ("real_div", ("s2", "s1")), ("subtract", ("i4", "s3")))
# one intermediate read twice, and an input read by two steps
_SQUARE = (("subtract", ("i0", "i1")), ("multiply", ("s0", "s0")), ("add", ("s1", "i0")))

CASES = [
    Case("fused_elementwise", [np.float64(0.9), _M, np.float64(0.1), _G],
         {"program": _MOMENT}, ref=lambda b, m, c, g: b * m + c * g),
    Case("fused_elementwise", [np.float32(0.9), _M.astype(np.float32), np.float32(0.1),
                               _G.astype(np.float32)],
         {"program": _MOMENT}, ref=lambda b, m, c, g: (b * m + c * g).astype(np.float32)),
    Case("fused_elementwise", [_V, np.float64(1e-3), np.full(4, 0.5), _M, _G],
         {"program": _UPDATE}, ref=lambda v, e, s, m, p: p - s * m / (np.sqrt(v) + e)),
    Case("fused_elementwise", [_M, _G], {"program": _SQUARE},
         ref=lambda a, b: (a - b) * (a - b) + a),
    Case("fused_elementwise", [np.zeros((0, 4)), np.ones(4)], {"program": _SQUARE},
         ref=lambda a, b: (a - b) * (a - b) + a),
]
