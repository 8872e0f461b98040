"""Cases for the hashing primitives of tf.feature_column (fluxion/feature_column/_hash_ops.py)."""
import numpy as np

from fluxion.feature_column import _farmhash, _hash_ops  # noqa: F401 - registers the ops
from tests.opcheck import Case

_WORDS = np.array([[b"a", b"bc"], [b"", b"dog"]], object)


def _cross_ref(a, pa, b, pb):
    out = []
    for ra, ka, rb, kb in zip(a, pa, b, pb):
        ids = []
        for x in ra[ka]:
            for y in rb[kb]:
                h = _farmhash.fingerprint_cat64(7, _farmhash.fingerprint64(x))
                ids.append(_farmhash.fingerprint_cat64(h, int(y)) % 10)
        out.append(ids)
    width = max([len(r) for r in out] + [1])
    return np.array([r + [-1] * (width - len(r)) for r in out], np.int64)


_A = np.array([[b"x", b"y"], [b"z", b""]], object)
_PA = np.array([[True, True], [True, False]])
_B = np.array([[3], [-1]], np.int64)
_PB = np.array([[True], [False]])

CASES = [
    Case("hash_bucket", [_WORDS], {"num_buckets": 100},
         ref=lambda v: _farmhash.hash_buckets(v, 100), grad=False),
    Case("hash_bucket", [np.array([12, -3], np.int64)], {"num_buckets": 7},
         ref=lambda v: _farmhash.hash_buckets(["12", "-3"], 7), grad=False),
    Case("hash_bucket", [np.zeros((0, 2), object)], {"num_buckets": 3},
         ref=lambda v: np.zeros((0, 2), np.int64), grad=False),
    Case("feature_cross", [_A, _PA, _B, _PB], {"kinds": ("str", "int"), "hash_key": 7,
                                               "num_buckets": 10},
         ref=_cross_ref, grad=False, note="the second example has no int value: no ids"),
]
