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
_WHILE_COND = ir.parse("""graph wc(i:i32[], y:f64[3], x:f64[3]) {
  k:i32[] = constant[value=3]
  r:bool[] = less i k
  return r
}""")
_WHILE_BODY = ir.parse("""graph wb(i:i32[], y:f64[3], x:f64[3]) {
  one:i32[] = constant[value=1]
  j:i32[] = add i one
  s:f64[3] = sin y
  z:f64[3] = multiply s x
  return j, z
}""")


def _while_ref(i, y, x):
    hist_i, hist_y = [], []
    while i < 3:
        hist_i.append(i)
        hist_y.append(y)
        i, y = np.int32(i + 1), np.sin(y) * x
    return i, y, np.array(hist_i, np.int32), np.stack(hist_y)


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
    Case("while", [np.array(0, np.int32), _A, _B],
         {"cond_graph": _WHILE_COND, "body_graph": _WHILE_BODY, "n_vars": 2, "max_iter": -1,
          "n_out": 4}, ref=_while_ref, grad_argnums=(1, 2)),
    Case("while", [np.array(1, np.int32), _A, _B],
         {"cond_graph": _WHILE_COND, "body_graph": _WHILE_BODY, "n_vars": 2, "max_iter": 1,
          "n_out": 4}, ref=lambda i, y, x: (np.int32(2), np.sin(y) * x,
                                             np.array([1], np.int32), y[None]),
         grad_argnums=(1, 2)),
]
