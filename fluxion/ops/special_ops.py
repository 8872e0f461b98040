"""Special functions (``tf.math.erf``, ``lgamma``, ``digamma``, ``polygamma``, ``zeta``) and the
x*log(y) family (``xlogy``, ``xdivy``, ``xlog1py``).

NumPy has no ufuncs for these, so the kernels are vectorised float64 algorithms (half and
float32 inputs are computed in float64 and rounded back): polynomial fits for erf/erfc,
recurrence plus asymptotic series for lgamma/digamma, Euler-Maclaurin for the Hurwitz zeta.
`math_ops` imports this module last and re-exports its names.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from fluxion import errors
from fluxion.core.op import defop
from fluxion.core.tensor import Tensor
from fluxion.ops import _infer
from fluxion.ops._util import FLOAT, FLOAT_COMPLEX, unbroadcast
from fluxion.ops.array_ops import zeros_like
from fluxion.ops.math_ops import (_dtype, _pair, add, greater, greater_equal, multiply, negative,
                                  not_equal, subtract)
from fluxion.ops.unary_ops import _tensor, _unary, cast, exp, square

_F32_F64 = FLOAT[1:]


# --- x * log(y) and friends: zero where x == 0 -----------------------------------------------
def _xlogy_kernel(xp, x, y):
    return xp.where(x == 0, 0, x * xp.log(y))


def _xdivy_kernel(xp, x, y):
    return xp.where(x == 0, 0, x / y)


def _xlog1py_kernel(xp, x, y):
    return xp.where(x == 0, 0, x * xp.log1p(y))


def _nonzero(x):
    return cast(not_equal(x, 0), _dtype(x))


def _vjp_xlogy(g, out, x, y):
    gx = multiply(xlogy(_nonzero(x), y), g)
    return unbroadcast(gx, x), unbroadcast(multiply(xdivy(x, y), g), y)


def _vjp_xdivy(g, out, x, y):
    gx = multiply(xdivy(_nonzero(x), y), g)
    gy = multiply(xdivy(negative(x), square(y)), g)
    return unbroadcast(gx, x), unbroadcast(gy, y)


def _vjp_xlog1py(g, out, x, y):
    gx = multiply(xlog1py(_nonzero(x), y), g)
    return unbroadcast(gx, x), unbroadcast(multiply(xdivy(x, add(y, 1)), g), y)


def _binary_float(name, kernel, vjp, tf_name):
    return defop(name, kernel, vjp=vjp, infer=_infer.broadcast, dtypes=FLOAT_COMPLEX,
                 tf_name=tf_name)


_xlogy = _binary_float("xlogy", _xlogy_kernel, _vjp_xlogy, "Xlogy")
_xdivy = _binary_float("xdivy", _xdivy_kernel, _vjp_xdivy, "Xdivy")
_xlog1py = _binary_float("xlog1py", _xlog1py_kernel, _vjp_xlog1py, "Xlog1py")


def xlogy(x, y, name=None) -> Tensor:
    """x * log(y), or 0 where x == 0 (even if y is 0 or NaN)."""
    return _xlogy(*_pair(x, y))


def xdivy(x, y, name=None) -> Tensor:
    """x / y, or 0 where x == 0."""
    return _xdivy(*_pair(x, y))


def xlog1py(x, y, name=None) -> Tensor:
    """x * log1p(y), or 0 where x == 0."""
    return _xlog1py(*_pair(x, y))


# --- special functions: shared tools ----------------------------------------------------------
# Bernoulli numbers B_2, B_4, ..., B_24 (the asymptotic series below use them)
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798, -174611 / 330, 854513 / 138, -236364091 / 2730)
_LGAMMA_SERIES = [b / ((2 * k + 2) * (2 * k + 1)) for k, b in enumerate(_BERNOULLI[:7])]
_DIGAMMA_SERIES = [b / (2 * k + 2) for k, b in enumerate(_BERNOULLI[:7])]
_ZETA_SERIES = [b / math.factorial(2 * k + 2) for k, b in enumerate(_BERNOULLI)]
_SHIFT = 10  # arguments are moved to >= _SHIFT by recurrence before an asymptotic series


def _horner(coefs, t):
    """sum(coefs[k] * t**k), evaluated in place."""
    p = np.full_like(t, coefs[-1])
    for c in coefs[-2::-1]:
        p *= t
        p += c
    return p


def _flat64(kernel64):
    """Wraps a kernel over flat float64 arrays: computes in float64, returns the input dtype."""
    @functools.wraps(kernel64)
    def kernel(xp, *arrays):
        dtype = arrays[0].dtype
        arrays = xp.broadcast_arrays(*[xp.asarray(a, xp.float64) for a in arrays])
        shape = arrays[0].shape
        out = kernel64(xp, *[a.reshape(-1) for a in arrays])
        return out.reshape(shape).astype(dtype)
    return kernel


def _nonpositive_integer(xp, v):
    return (v <= 0) & (v == xp.floor(v))


def _shifted(xp, y):
    """z = y + n with n = _SHIFT where y < _SHIFT (else 0), and the mask of shifted entries:
    the recurrences below move small arguments into the range of the asymptotic series."""
    small = y < _SHIFT
    return xp.where(small, y + _SHIFT, y), small


def _rising(xp, y):
    """The factors y, y + 1, ..., y + _SHIFT - 1, yielded in one reused buffer."""
    buffer = xp.empty_like(y)
    for k in range(_SHIFT):
        yield xp.add(y, k, out=buffer)


# --- erf, erfc --------------------------------------------------------------------------------
def _chebyshev_fit(f, lo: float, hi: float, degree: int) -> np.ndarray:
    """Power-series coefficients, in t = (2u - lo - hi) / (hi - lo), of the polynomial that
    interpolates f(u) at the Chebyshev points of [lo, hi]."""
    cheb = np.polynomial.chebyshev

    def on_nodes(t):
        return np.array([f((hi - lo) * (float(ti) + 1) / 2 + lo) for ti in t])

    return cheb.cheb2poly(cheb.chebinterpolate(on_nodes, degree))


def _erfcx_continued_fraction(x: float, depth: int = 40) -> float:
    """exp(x*x) * erfc(x) for x >= 4 by its continued fraction (converged by depth 20)."""
    t = 0.0
    for k in range(depth, 0, -1):
        t = (k / 2) / (x + t)
    return 1 / (math.sqrt(math.pi) * (x + t))


@functools.cache
def _erf_tables() -> tuple:
    """Three fits built once from Python's math.erf/erfc (errors about 1e-15): erf(x)/x for
    |x| < 1 in x*x; erfcx(x) = exp(x*x) erfc(x) on [1, 4]; x * erfcx(x) for x >= 4 in 1/(x*x)."""
    def erf_over_x(s):
        return math.erf(math.sqrt(s)) / math.sqrt(s)

    def scaled_tail(v):
        x = 1 / math.sqrt(v)
        return x * _erfcx_continued_fraction(x)

    return (_chebyshev_fit(erf_over_x, 0.0, 1.0, 10),
            _chebyshev_fit(lambda x: math.erfc(x) * math.exp(x * x), 1.0, 4.0, 22),
            _chebyshev_fit(scaled_tail, 0.0, 1 / 16, 12))


def _erf_small(s):
    """erf for |s| < 1."""
    return s * _horner(_erf_tables()[0], 2 * s * s - 1)


def _exp_neg_square(xp, a):
    """exp(-a*a) without the rounding error of a*a: with a = hi + lo, hi on a 1/64 grid, hi*hi
    is exact and a*a = hi*hi + lo*(a + hi)."""
    a = xp.minimum(a, 28.0)  # erfc underflows long before; keeps inf out of hi - lo
    hi = xp.round(a * 64) / 64
    return xp.exp(-hi * hi) * xp.exp(-(a - hi) * (a + hi))


def _erfcx_large(xp, a):
    """exp(a*a) * erfc(a) for a >= 1 (or NaN)."""
    _, near_table, far_table = _erf_tables()
    scaled = xp.empty_like(a)
    far = a >= 4
    near = ~far
    u = a[near]
    scaled[near] = _horner(near_table, (2 * u - 5) / 3)
    u = a[far]
    scaled[far] = _horner(far_table, 32 / (u * u) - 1) / u
    return scaled


def _erfc_positive(xp, a):
    """erfc for a >= 1 (or NaN)."""
    return _erfcx_large(xp, a) * _exp_neg_square(xp, a)


@_flat64
def _erf_kernel(xp, v):
    out = xp.empty_like(v)
    small = xp.abs(v) < 1
    out[small] = _erf_small(v[small])
    rest = ~small
    w = v[rest]
    out[rest] = xp.copysign(1 - _erfc_positive(xp, xp.abs(w)), w)
    return out


@_flat64
def _erfc_kernel(xp, v):
    out = xp.empty_like(v)
    small = xp.abs(v) < 1
    out[small] = 1 - _erf_small(v[small])
    rest = ~small
    w = v[rest]
    tail = _erfc_positive(xp, xp.abs(w))
    out[rest] = xp.where(w < 0, 2 - tail, tail)
    return out


def _d_erf(x):
    return multiply(exp(negative(square(x))), 2 / math.sqrt(math.pi))


_erf = _unary("erf", _erf_kernel, FLOAT, lambda g, out, x: (multiply(g, _d_erf(x)),))
_erfc = _unary("erfc", _erfc_kernel, FLOAT,
               lambda g, out, x: (negative(multiply(g, _d_erf(x))),))


def erf(x, name=None) -> Tensor:
    """The error function 2/sqrt(pi) * integral of exp(-t*t) from 0 to x."""
    return _erf(x)


def erfc(x, name=None) -> Tensor:
    """1 - erf(x), accurate in the right tail (erfc(26) ~ 5.7e-296 in float64)."""
    return _erfc(x)


# --- lgamma, digamma, polygamma, zeta ---------------------------------------------------------
def _lgamma_positive(xp, y):
    """log|Gamma(y)| for y >= 0: Stirling's series at z = y + 10 for small y, less the log of
    y (y + 1) ... (y + 9)."""
    z, small = _shifted(xp, y)
    prod = xp.ones_like(y)
    for factor in _rising(xp, y):
        prod *= factor
    series = _horner(_LGAMMA_SERIES, 1 / (z * z)) / z
    out = (z - 0.5) * xp.log(z) - z + 0.5 * math.log(2 * math.pi) + series
    out -= xp.where(small, xp.log(prod), 0.0)
    out[y == xp.inf] = xp.inf
    return out


@_flat64
def _lgamma_kernel(xp, v):
    neg = v < 0
    out = _lgamma_positive(xp, xp.where(neg, 1 - v, v))
    if neg.any():  # reflection: lgamma(v) = log(pi / |sin(pi v)|) - lgamma(1 - v)
        w = v[neg]
        sin_pi = xp.abs(xp.sin(xp.pi * (w - xp.round(w))))
        out[neg] = math.log(math.pi) - xp.log(sin_pi) - out[neg]
    out[_nonpositive_integer(xp, v)] = xp.inf  # poles, and -inf
    return out


def _digamma_positive(xp, y):
    """digamma(y) for y > 0: the asymptotic series at z = y + 10 for small y, less
    1/y + 1/(y + 1) + ... + 1/(y + 9)."""
    z, small = _shifted(xp, y)
    acc = xp.zeros_like(y)
    for factor in _rising(xp, y):
        acc += xp.reciprocal(factor, out=factor)
    w = 1 / (z * z)
    return xp.log(z) - 0.5 / z - w * _horner(_DIGAMMA_SERIES, w) - xp.where(small, acc, 0.0)


@_flat64
def _digamma_kernel(xp, v):
    neg = v <= 0
    out = _digamma_positive(xp, xp.where(neg, 1 - v, v))
    if neg.any():  # reflection: digamma(v) = digamma(1 - v) - pi / tan(pi v)
        w = v[neg]
        out[neg] = out[neg] - xp.pi / xp.tan(xp.pi * (w - xp.round(w)))
    out[_nonpositive_integer(xp, v)] = xp.nan  # TF gives NaN at the poles
    return out


_ZETA_MAX_SHIFT = 10_000  # Hurwitz zeta of q < -10000 is NaN rather than a long loop


def _zeta_sum(xp, s, q):
    """Hurwitz zeta by Euler-Maclaurin: direct terms until q + n >= 10, then the tail series."""
    n = xp.clip(xp.nan_to_num(xp.ceil(_SHIFT - q), nan=0.0), _SHIFT, _ZETA_MAX_SHIFT)
    total = xp.zeros_like(s)
    for k in range(int(n.max(initial=_SHIFT))):
        total += xp.where(k < n, xp.power(q + k, -s), 0.0)
    a = q + n
    a_s = xp.power(a, -s)
    total += a_s * a / (s - 1) + 0.5 * a_s
    term = s * a_s / a
    for j, coef in enumerate(_ZETA_SERIES):
        total += coef * term
        term = term * (s + 2 * j + 1) * (s + 2 * j + 2) / (a * a)
    return total


@_flat64
def _zeta_kernel(xp, s, q):
    out = _zeta_sum(xp, s, q)
    out[(s < 1) | ((q < 0) & (s != xp.floor(s))) | (q < -_ZETA_MAX_SHIFT)] = xp.nan
    out[(s == 1) | _nonpositive_integer(xp, q)] = xp.inf
    return out


_FACTORIALS = np.array([float(math.factorial(k)) for k in range(171)])


@_flat64
def _polygamma_kernel(xp, n, x):
    order = xp.clip(xp.nan_to_num(n), 0, 170).astype(xp.int64)
    sign_ = xp.where(order % 2 == 1, 1.0, -1.0)
    out = sign_ * xp.asarray(_FACTORIALS)[order] * _zeta_kernel.__wrapped__(xp, n + 1, x)
    zeroth = n == 0
    out[zeroth] = _digamma_kernel.__wrapped__(xp, x[zeroth])
    out[(n < 0) | (n != xp.floor(n))] = xp.nan
    return out


def _vjp_polygamma(g, out, n, x):
    return None, unbroadcast(multiply(g, polygamma(add(n, 1), x)), x)


def _vjp_zeta(g, out, s, q):
    return None, unbroadcast(multiply(g, negative(multiply(s, zeta(add(s, 1), q)))), q)


_lgamma = _unary("lgamma", _lgamma_kernel, FLOAT, lambda g, out, x: (multiply(g, digamma(x)),))
_digamma = _unary("digamma", _digamma_kernel, FLOAT,
                  lambda g, out, x: (multiply(g, polygamma(1, x)),))
_polygamma = defop("polygamma", _polygamma_kernel, vjp=_vjp_polygamma, infer=_infer.broadcast,
                   dtypes=_F32_F64)
_zeta = defop("zeta", _zeta_kernel, vjp=_vjp_zeta, infer=_infer.broadcast, dtypes=_F32_F64)


def lgamma(x, name=None) -> Tensor:
    """log|Gamma(x)|; +inf at 0, the negative integers and +-inf."""
    return _lgamma(x)


def digamma(x, name=None) -> Tensor:
    """d/dx lgamma(x); NaN at 0 and the negative integers."""
    return _digamma(x)


def polygamma(a, x, name=None) -> Tensor:
    """The a-th derivative of digamma (a a non-negative integer-valued float; NaN otherwise)."""
    return _polygamma(*_pair(a, x))


def zeta(x, q, name=None) -> Tensor:
    """The Hurwitz zeta function: sum over k >= 0 of (q + k) ** -x."""
    return _zeta(*_pair(x, q))

# --- inverses: erfinv, ndtri, erfcinv ---------------------------------------------------------
_NEWTON_STEPS = 4  # from a start within 2e-3, Newton's quadratic convergence reaches 1e-16


def _inverse_start(xp, log_q):
    """A start within 2e-3 for erf(x) = 1 - q, given log(q (2 - q)) (Winitzki's formula)."""
    a = 0.147
    b = 2 / (math.pi * a) + log_q / 2
    return xp.sqrt(xp.sqrt(b * b - log_q / a) - b)


def _solve_erf(xp, s):
    """x >= 0 with erf(x) = s, for s in [0, 0.5] (x <= 0.48)."""
    x = _inverse_start(xp, xp.log1p(-s * s))
    for _ in range(_NEWTON_STEPS):
        x = x - (_erf_small(x) - s) * (math.sqrt(math.pi) / 2) * xp.exp(x * x)
    return x


def _solve_erfc(xp, t):
    """x > 0 with erfc(x) = t, for t in (0, 0.5): Newton on log(erfc(x)) = log(erfcx(x)) - x*x,
    which never underflows."""
    log_t = xp.log(t)
    x = xp.maximum(_inverse_start(xp, log_t + xp.log(2 - t)), 0.45)
    for _ in range(_NEWTON_STEPS):
        x = xp.maximum(x, 0.45)
        small = x < 1
        scaled = xp.empty_like(x)
        scaled[small] = (1 - _erf_small(x[small])) * xp.exp(x[small] ** 2)
        scaled[~small] = _erfcx_large(xp, x[~small])
        x = x + (xp.log(scaled) - x * x - log_t) * scaled * (math.sqrt(math.pi) / 2)
    return x


def _inverse_erfc(xp, t):
    """x with erfc(x) = t for t in [0, 2] (NaN outside): each branch solves in the variable that
    is exact there (1 - t near 1, t in the tails)."""
    q = xp.where(t > 1, 2 - t, t)  # erfc(-x) = 2 - erfc(x)
    x = xp.full_like(t, xp.nan)
    body = (q >= 0.5) & (q <= 1)
    x[body] = _solve_erf(xp, 1 - q[body])
    tail = (q > 0) & (q < 0.5)
    x[tail] = _solve_erfc(xp, q[tail])
    x[q == 0] = xp.inf
    return xp.where(t > 1, -x, x)


@_flat64
def _erfinv_kernel(xp, y):
    a = xp.abs(y)
    out = _inverse_erfc(xp, 1 - xp.where(a <= 0.5, 1.0, a))  # 1 - a is exact for a > 0.5
    small = a <= 0.5
    out[small] = _solve_erf(xp, a[small])
    return xp.copysign(out, y)


@_flat64
def _ndtri_kernel(xp, p):
    return -math.sqrt(2) * _inverse_erfc(xp, 2 * p)  # Phi(x) = erfc(-x / sqrt(2)) / 2


_erfinv = _unary("erfinv", _erfinv_kernel, FLOAT, lambda g, out, x: (
    multiply(g, multiply(exp(square(out)), math.sqrt(math.pi) / 2)),))
_ndtri = _unary("ndtri", _ndtri_kernel, FLOAT, lambda g, out, x: (
    multiply(g, multiply(exp(multiply(square(out), 0.5)), math.sqrt(2 * math.pi))),))


def _no_half(x, op: str) -> Tensor:
    x = _tensor(x)
    if x._value.dtype == np.float16:
        raise errors.NotFoundError(f"No {op} kernel for half [Op:{op}]")
    return x


def erfinv(x, name=None) -> Tensor:
    """The inverse of erf on [-1, 1] (+-inf at +-1, NaN outside)."""
    return _erfinv(_no_half(x, "Erfinv"))


def ndtri(x, name=None) -> Tensor:
    """The inverse of the standard normal CDF on [0, 1]."""
    return _ndtri(_no_half(x, "Ndtri"))


def erfcinv(x, name=None) -> Tensor:
    """The inverse of erfc on [0, 2], as TF computes it: -ndtri(x / 2) / sqrt(2)."""
    return multiply(negative(ndtri(multiply(x, 0.5))), 0.7071067811865476)


# --- small composites: nextafter, polyval, lbeta, monotonicity --------------------------------
_next_after = defop("next_after", "nextafter", infer=_infer.broadcast, dtypes=_F32_F64)


def nextafter(x1, x2, name=None) -> Tensor:
    """The next representable value after x1 in the direction of x2."""
    return _next_after(*_pair(x1, x2))


def polyval(coeffs, x, name=None) -> Tensor:
    """coeffs[0] * x**(n-1) + ... + coeffs[n-1] by Horner's rule (zeros for no coefficients)."""
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError(f"Argument coeffs must be list type found {type(coeffs)}.")
    x = _tensor(x)
    if not coeffs:
        return zeros_like(x)
    p = _tensor(coeffs[0]) if hasattr(coeffs[0], "_value") else coeffs[0]
    for c in coeffs[1:]:
        p = add(c, multiply(p, x))
    return add(p, zeros_like(x)) if not hasattr(p, "_value") else p


def lbeta(x, name=None) -> Tensor:
    """log|B(x)| over the last axis: sum(lgamma(x)) - lgamma(sum(x))."""
    from fluxion.ops.reduce_ops import reduce_sum  # noqa: PLC0415 - reduce_ops imports math_ops

    x = _tensor(x)
    return subtract(reduce_sum(lgamma(x), axis=[-1]), lgamma(reduce_sum(x, axis=[-1])))


def _monotonic(x, strict: bool) -> Tensor:
    from fluxion.ops.array_ops import reshape  # noqa: PLC0415
    from fluxion.ops.reduce_ops import reduce_all  # noqa: PLC0415

    x = _tensor(x)
    if x._value.dtype.kind not in "iuf":
        raise TypeError(f"Expected x to be numeric, instead found: {x}")
    flat = reshape(x, [-1])
    diff = subtract(flat[1:], flat[:-1])  # TF compares differences (unsigned ones wrap)
    return reduce_all((greater if strict else greater_equal)(diff, 0))


def is_non_decreasing(x, name=None) -> Tensor:
    """True when the flattened x never decreases (vacuously for fewer than 2 elements)."""
    return _monotonic(x, strict=False)


def is_strictly_increasing(x, name=None) -> Tensor:
    """True when the flattened x always increases (vacuously for fewer than 2 elements)."""
    return _monotonic(x, strict=True)


__all__: list = []
_math_exports = ["erf", "erfc", "erfinv", "erfcinv", "ndtri", "lgamma", "digamma", "polygamma",
                 "zeta", "lbeta", "xlogy", "xdivy", "xlog1py", "nextafter", "polyval",
                 "is_non_decreasing", "is_strictly_increasing"]
