"""Cases for state ops."""
import numpy as np

from fluxion.graph import ir
from tests.opcheck import Case

_THEN = ir.parse("""graph then_case(a:f64[3], b:f64[3]) {
  c:f64[3] = multiply a b
  return c
}""")
_ELSE = ir.parse("""graph else_case(a:f64[3], b:f64[3]) {
  c:f64[3] = subtract a b
  return c
}""")
_A = np.array([0.5, -1.0, 2.0])
_B = np.array([1.5, 0.25, -0.7])

CASES = [
    Case("assign_variable", [np.zeros(3, np.float32), np.arange(3, dtype=np.float32)],
         {"capture": 0}, ref=lambda var, value: value, grad=False),
    Case("cond", [np.array(True), _A, _B], {"then_graph": _THEN, "else_graph": _ELSE, "n_out": 1},
         ref=lambda p, a, b: (a * b,), grad_argnums=(1, 2)),
    Case("cond", [np.array(False), _A, _B], {"then_graph": _THEN, "else_graph": _ELSE,
                                             "n_out": 1},
         ref=lambda p, a, b: (a - b,), grad_argnums=(1, 2)),
]
