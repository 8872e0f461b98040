"""Cases for the collective op of tf.distribute (fluxion/distribute/collective_ops.py): on this
process' one-worker group the all-reduce returns its inputs (the 2-worker sums are tested under
mpirun in tests/test_multi_worker.py)."""
import numpy as np

from fluxion.distribute import collective_ops
from tests.opcheck import Case

_LOCAL = collective_ops.local_group_key()
_X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.7]], np.float32)


def _attrs(n: int) -> dict:
    return {"group": _LOCAL, "timeout": None, "n": n}


CASES = [
    Case("collective_all_reduce", [_X], _attrs(1), ref=lambda x: (x,)),
    Case("collective_all_reduce", [_X.astype(np.float64), np.arange(4, dtype=np.int32),
                                   np.zeros((0, 2), np.float32)], _attrs(3),
         ref=lambda a, b, c: (a, b, c), note="mixed dtypes and an empty tensor in one call"),
    Case("collective_all_reduce", [np.float64(3.0), _X.astype(np.float64)],
         {"group": _LOCAL, "timeout": 1.5, "n": 2}, ref=lambda a, b: (a, b)),
]
