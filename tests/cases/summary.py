"""Cases for write_summary (tf.summary's stateful write op): it returns nothing. Writer -1 is
no open writer, so these write nothing; what is written is tested in tests/test_summary.py."""
import numpy as np

from fluxion.summary import _ops  # noqa: F401 - registers the op
from tests.opcheck import Case


def _attrs(kind: str, param: int = 0) -> dict:
    return {"writer": -1, "tag": "t", "kind": kind, "metadata": b"", "param": param}


_COND, _STEP = np.array(True), np.array(3, np.int64)

CASES = [
    Case("write_summary", [_COND, _STEP, np.array(1.5, np.float32)], _attrs("scalar"),
         grad=False, ref=lambda c, s, x: (), note="a scalar summary"),
    Case("write_summary", [np.array(False), _STEP, np.arange(6.0).reshape(2, 3)],
         _attrs("histogram", 30), grad=False, ref=lambda c, s, x: (), note="not recorded"),
    Case("write_summary", [_COND, _STEP, np.zeros((0,), np.float32)], _attrs("histogram", 5),
         grad=False, ref=lambda c, s, x: (), note="empty histogram"),
    Case("write_summary", [_COND, _STEP, np.zeros((1, 2, 2, 3), np.uint8)], _attrs("image", 3),
         grad=False, ref=lambda c, s, x: ()),
    Case("write_summary", [_COND, _STEP, np.array([b"a", b"bc"], object)], _attrs("text"),
         grad=False, ref=lambda c, s, x: ()),
]
CASES.append(Case("write_summary", [_COND, _STEP, np.zeros((2, 5, 1), np.float32)],
                  {**_attrs("audio"), "param": (1, 8000)}, grad=False, ref=lambda c, s, x: ()))
