"""Cases for fluxion/ops/math_extra_ops.py (Bessel I, incomplete gamma/beta, scans)."""
import numpy as np
from scipy import special

from tests.opcheck import Case

_X = np.array([-3.5, -0.7, 0.0, 0.4, 2.0, 5.0])
_XBIG = np.array([-40.0, 29.5, 31.0, 700.0])
_XG = np.array([-3.5, -0.7, 0.4, 2.0, 31.0])  # away from 0, where |x| has a kink
_A = np.array([0.5, 1.5, 3.0, 12.0])
_P = np.array([0.2, 2.5, 1.0, 14.0])


def _clse(x, exclusive=False, reverse=False):
    v = x[::-1] if reverse else x
    out = np.logaddexp.accumulate(v)
    if exclusive:
        out = np.concatenate([[-np.inf], out[:-1]])
    return out[::-1] if reverse else out


CASES = [
    Case("bessel_i0", [_X], ref=special.i0, rtol=1e-12),
    Case("bessel_i0e", [_XG], ref=special.i0e, rtol=1e-12),
    Case("bessel_i0e", [_XBIG], ref=special.i0e, rtol=1e-12, grad=False),
    Case("bessel_i1e", [_XBIG], ref=special.i1e, rtol=1e-12, grad=False),
    Case("bessel_i1", [_X], ref=special.i1, rtol=1e-12),
    Case("bessel_i1e", [_XG], ref=special.i1e, rtol=1e-12),
    Case("bessel_i0", [_X.astype(np.float32)], ref=lambda x: special.i0(x).astype(np.float32),
         grad=False),
    Case("igamma", [_A, _P], ref=special.gammainc, rtol=1e-10),
    Case("igammac", [_A, _P], ref=special.gammaincc, rtol=1e-10),
    Case("igamma_grad_a", [_A, _P], grad=False,
         ref=lambda a, x: (special.gammainc(a + 1e-6, x) - special.gammainc(a - 1e-6, x)) / 2e-6,
         rtol=1e-6, atol=1e-8),
    Case("betainc", [np.array([0.5, 2.0, 5.0]), np.array([1.5, 3.0, 0.7]),
                     np.array([0.3, 0.6, 0.95])], ref=special.betainc, rtol=1e-10,
         grad_argnums=(2,)),
    Case("cumulative_logsumexp", [np.array([-1.0, 0.5, 2.0, -3.0])],
         attrs={"axis": 0, "exclusive": False, "reverse": False}, ref=_clse, rtol=1e-12),
    Case("cumulative_logsumexp", [np.array([-1.0, 0.5, 2.0, -3.0])],
         attrs={"axis": 0, "exclusive": True, "reverse": True},
         ref=lambda x: _clse(x, True, True), rtol=1e-12, grad=False,
         note="-inf output entry: finite differences give NaN; tests/test_math_special.py"),
    Case("invert_permutation", [np.array([2, 0, 3, 1], np.int32)],
         ref=lambda x: np.argsort(x).astype(np.int32), grad=False),
]

# tf.math.special Bessel J, Y, K (fluxion/ops/bessel_ops.py)
import fluxion.ops.bessel_ops  # noqa: E402,F401 - registers them

_POS = np.array([0.3, 0.9, 2.0, 7.5, 26.0])
CASES += [
    Case("bessel_j0", [np.array([-2.0, 0.3, 0.9, 7.5, 26.0])], ref=special.j0, atol=1e-14,
         rtol=1e-10),
    Case("bessel_j1", [np.array([-2.0, 0.3, 0.9, 7.5, 26.0])], ref=special.j1, atol=1e-14,
         rtol=1e-10),
    Case("bessel_y0", [_POS], ref=special.y0, atol=1e-13, rtol=1e-10),
    Case("bessel_y1", [_POS], ref=special.y1, atol=1e-13, rtol=1e-10),
    Case("bessel_k0", [_POS], ref=special.k0, rtol=1e-13),
    Case("bessel_k0e", [_POS], ref=special.k0e, rtol=1e-13),
    Case("bessel_k1", [_POS], ref=special.k1, rtol=1e-13),
    Case("bessel_k1e", [_POS], ref=special.k1e, rtol=1e-13),
]

# tf.math.special integrals (fluxion/ops/special_integrals.py)
import fluxion.ops.special_integrals  # noqa: E402,F401 - registers them

_S = np.array([-7.0, -0.6, 0.2, 1.4, 11.0])
_SP = np.array([0.2, 0.7, 1.4, 3.0, 60.0])
CASES += [
    Case("dawsn", [_S], ref=special.dawsn, rtol=1e-13),
    Case("expint", [np.array([0.2, 0.7, 1.4, 3.0, 9.0])], ref=special.expi, rtol=1e-13),
    Case("fresnel_cos", [_S], ref=lambda x: special.fresnel(x)[1], rtol=1e-12),
    Case("fresnel_sin", [_S], ref=lambda x: special.fresnel(x)[0], rtol=1e-12),
    Case("spence", [_SP], ref=special.spence, rtol=1e-13),
]
