"""More of ``tf.math``: modified Bessel functions (``bessel_i0``, ``i0e``, ``i1``, ``i1e``), the
regularized incomplete gamma and beta functions (``igamma``, ``igammac``, ``betainc``),
``cumulative_logsumexp`` and ``invert_permutation``.

The special functions are vectorised float64 algorithms (half and float32 are computed in
float64 and rounded back): power series plus the large-argument asymptotic expansion for the
Bessel functions; series plus Lentz's continued fraction for the incomplete gamma and beta.
"""
from __future__ import annotations

import math

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import defop
from fluxion.core.tensor import Tensor
from fluxion.ops import _infer
from fluxion.ops._util import FLOAT, unbroadcast
from fluxion.ops.math_ops import (_pair, add, divide_no_nan, greater, less, multiply, negative,
                                  subtract, where)
from fluxion.ops.scan_ops import _scan_axis
from fluxion.ops.special_ops import _flat64, _lgamma_kernel, lgamma, xlog1py, xlogy
from fluxion.ops.unary_ops import _tensor, _unary, exp, log, sign

_lgamma64 = _lgamma_kernel.__wrapped__  # log|Gamma| on flat float64 arrays
_SERIES_MAX = 30.0  # below: the power series; above: the asymptotic expansion
_TINY = 1e-300


# --- modified Bessel functions of the first kind ------------------------------------------------
def _bessel_i_scaled(xp, a, nu: int):
    """exp(-a) * I_nu(a) for a >= 0 (or NaN), nu in {0, 1}."""
    out = xp.empty_like(a)
    small = a <= _SERIES_MAX
    s = a[small]
    t = (s / 2) ** 2
    term = xp.ones_like(s) if nu == 0 else s / 2
    total = term.copy()
    for k in range(1, 120):  # (15^k / k!)^2 is below 1e-17 of the sum by k ~ 80
        term = term * t / (k * (k + nu))
        total += term
    out[small] = total * xp.exp(-s)
    big = a[~small]
    mu = 4.0 * nu * nu
    term = xp.ones_like(big)
    total = term.copy()
    for k in range(1, 31):  # terms shrink by about k / (2a) <= 1/2 each step
        term = -term * (mu - (2 * k - 1) ** 2) / (8 * k * big)
        total += term
    out[~small] = total / xp.sqrt(2 * math.pi * big)
    return out


@_flat64
def _i0e_kernel(xp, x):
    return _bessel_i_scaled(xp, xp.abs(x), 0)


@_flat64
def _i1e_kernel(xp, x):
    return xp.sign(x) * _bessel_i_scaled(xp, xp.abs(x), 1)


@_flat64
def _i0_kernel(xp, x):
    a = xp.abs(x)
    return _bessel_i_scaled(xp, a, 0) * xp.exp(a)


@_flat64
def _i1_kernel(xp, x):
    a = xp.abs(x)
    return xp.sign(x) * _bessel_i_scaled(xp, a, 1) * xp.exp(a)


def _i1_over_x(i1x, x):
    """I1(x) / x, with its limit 1/2 at x = 0 (for the gradients, as TF)."""
    return where(greater(multiply(x, x), 0), divide_no_nan(i1x, x), add(multiply(x, 0), 0.5))


_bessel_i0 = _unary("bessel_i0", _i0_kernel, FLOAT,
                    lambda g, out, x: (multiply(g, bessel_i1(x)),), tf_name="BesselI0")
_bessel_i0e = _unary("bessel_i0e", _i0e_kernel, FLOAT, lambda g, out, x: (
    multiply(g, subtract(bessel_i1e(x), multiply(sign(x), out))),), tf_name="BesselI0e")
_bessel_i1 = _unary("bessel_i1", _i1_kernel, FLOAT, lambda g, out, x: (
    multiply(g, subtract(bessel_i0(x), _i1_over_x(out, x))),), tf_name="BesselI1")
_bessel_i1e = _unary("bessel_i1e", _i1e_kernel, FLOAT, lambda g, out, x: (
    multiply(g, subtract(bessel_i0e(x), add(multiply(sign(x), out), _i1_over_x(out, x)))),),
    tf_name="BesselI1e")


def bessel_i0(x, name=None) -> Tensor:
    """The modified Bessel function of the first kind of order 0."""
    return _bessel_i0(x)


def bessel_i0e(x, name=None) -> Tensor:
    """exp(-|x|) * bessel_i0(x), finite for every finite x."""
    return _bessel_i0e(x)


def bessel_i1(x, name=None) -> Tensor:
    """The modified Bessel function of the first kind of order 1."""
    return _bessel_i1(x)


def bessel_i1e(x, name=None) -> Tensor:
    """exp(-|x|) * bessel_i1(x), finite for every finite x."""
    return _bessel_i1e(x)


# --- regularized incomplete gamma ---------------------------------------------------------------
_MAX_STEPS = 5000


def _gamma_series(xp, a, x):
    """P(a, x) by its power series (used where x < a + 1)."""
    term = 1 / a
    total = term.copy()
    active = np.ones(a.shape, bool)
    for n in range(1, _MAX_STEPS):
        term = term * x / (a + n)
        total += term
        active = np.abs(term) > 1e-17 * np.abs(total)
        if not active.any():
            break
    return total * xp.exp(-x + a * xp.log(x) - _lgamma64(xp, a))


def _gamma_fraction(xp, a, x):
    """Q(a, x) by Lentz's continued fraction (used where x >= a + 1)."""
    b = x + 1 - a
    c = np.full_like(x, 1 / _TINY)
    d = 1 / b
    h = d.copy()
    for i in range(1, _MAX_STEPS):
        an = -i * (i - a)
        b = b + 2
        d = an * d + b
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1 / d
        delta = d * c
        h = h * delta
        if not (np.abs(delta - 1) > 1e-16).any():
            break
    return xp.exp(-x + a * xp.log(x) - _lgamma64(xp, a)) * h


def _igamma_pq(xp, a, x):
    """(P(a, x), Q(a, x)) on flat float64 arrays; NaN outside a > 0, x >= 0."""
    p = np.full_like(x, np.nan)
    q = np.full_like(x, np.nan)
    valid = (a > 0) & (x >= 0)
    series = valid & (x < a + 1) & (x > 0)
    fraction = valid & (x >= a + 1) & np.isfinite(x)
    p[series] = _gamma_series(xp, a[series], x[series])
    q[series] = 1 - p[series]
    q[fraction] = _gamma_fraction(xp, a[fraction], x[fraction])
    p[fraction] = 1 - q[fraction]
    zero = valid & (x == 0)
    p[zero], q[zero] = 0.0, 1.0
    inf = valid & (x == np.inf)
    p[inf], q[inf] = 1.0, 0.0
    return p, q


@_flat64
def _igamma_kernel(xp, a, x):
    return _igamma_pq(xp, a, x)[0]


@_flat64
def _igammac_kernel(xp, a, x):
    return _igamma_pq(xp, a, x)[1]


@_flat64
def _igamma_grad_a_kernel(xp, a, x):
    """dP(a, x)/da by a 5-point central difference of P in a (relative error ~1e-10)."""
    h = np.minimum(1e-3 * np.maximum(a, 1), a / 4)

    def p(shift):
        return _igamma_pq(xp, a + shift * h, x)[0]

    return (p(-2) - 8 * p(-1) + 8 * p(1) - p(2)) / (12 * h)


def _d_igamma_dx(a, x):
    """x^(a-1) exp(-x) / Gamma(a)."""
    return exp(subtract(xlogy(subtract(a, 1), x), add(x, lgamma(a))))


def _vjp_igamma(g, out, a, x):
    ga = multiply(g, _igamma_grad_a(a, x))
    return unbroadcast(ga, a), unbroadcast(multiply(g, _d_igamma_dx(a, x)), x)


def _vjp_igammac(g, out, a, x):
    ga, gx = _vjp_igamma(negative(g), out, a, x)
    return ga, gx


_F32_F64 = FLOAT[1:]
_igamma = defop("igamma", _igamma_kernel, vjp=_vjp_igamma, infer=_infer.broadcast,
                dtypes=_F32_F64, tf_name="Igamma")
_igammac = defop("igammac", _igammac_kernel, vjp=_vjp_igammac, infer=_infer.broadcast,
                 dtypes=_F32_F64, tf_name="Igammac")
_igamma_grad_a = defop("igamma_grad_a", _igamma_grad_a_kernel, infer=_infer.broadcast,
                       dtypes=_F32_F64, tf_name="IgammaGradA")


def igamma(a, x, name=None) -> Tensor:
    """The regularized lower incomplete gamma function P(a, x)."""
    return _igamma(*_pair(a, x))


def igammac(a, x, name=None) -> Tensor:
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""
    return _igammac(*_pair(a, x))


# --- regularized incomplete beta ----------------------------------------------------------------
def _beta_fraction(a, b, x):
    """The continued fraction of I_x(a, b) (modified Lentz), for x < (a + 1) / (a + b + 2)."""
    c = np.ones_like(x)
    d = 1 - (a + b) * x / (a + 1)
    d = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
    h = d.copy()
    for m in range(1, _MAX_STEPS):
        m2 = 2 * m
        for coef in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                     -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1 + coef * d
            d = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
            c = 1 + coef / c
            c = np.where(np.abs(c) < _TINY, _TINY, c)
            delta = d * c
            h = h * delta
        if not (np.abs(delta - 1) > 1e-16).any():
            break
    return h


@_flat64
def _betainc_kernel(xp, a, b, x):
    out = np.full_like(x, np.nan)
    valid = (a > 0) & (b > 0) & (x >= 0) & (x <= 1)
    inner = valid & (x > 0) & (x < 1)
    ai, bi, xi = a[inner], b[inner], x[inner]
    log_front = (_lgamma64(xp, ai + bi) - _lgamma64(xp, ai) - _lgamma64(xp, bi)
                 + ai * np.log(xi) + bi * np.log1p(-xi))
    front = np.exp(log_front)
    direct = xi < (ai + 1) / (ai + bi + 2)
    res = np.empty_like(xi)
    res[direct] = front[direct] * _beta_fraction(ai[direct], bi[direct], xi[direct]) / ai[direct]
    flip = ~direct
    res[flip] = 1 - front[flip] * _beta_fraction(bi[flip], ai[flip], 1 - xi[flip]) / bi[flip]
    out[inner] = res
    out[valid & (x == 0)] = 0.0
    out[valid & (x == 1)] = 1.0
    return out


def _vjp_betainc(g, out, a, b, x):
    # TF defines no gradient for a and b; d/dx is x^(a-1) (1-x)^(b-1) / B(a, b)
    log_beta = subtract(add(lgamma(a), lgamma(b)), lgamma(add(a, b)))
    dx = exp(subtract(add(xlogy(subtract(a, 1), x), xlog1py(subtract(b, 1), negative(x))),
                      log_beta))
    return None, None, unbroadcast(multiply(g, dx), x)


_betainc = defop("betainc", _betainc_kernel, vjp=_vjp_betainc, infer=_infer.broadcast,
                 dtypes=_F32_F64, tf_name="Betainc")


def betainc(a, b, x, name=None) -> Tensor:
    """The regularized incomplete beta function I_x(a, b)."""
    a, b, x = (_tensor(v) for v in (a, b, x))
    if not (a.dtype == b.dtype == x.dtype):
        raise errors.InvalidArgumentError(
            f"cannot compute Betainc as input #1(zero-based) was expected to be a {a.dtype.name} "
            f"tensor but is a {b.dtype.name if b.dtype != a.dtype else x.dtype.name} tensor "
            f"[Op:Betainc]")
    return _betainc(a, b, x)


# --- cumulative_logsumexp -----------------------------------------------------------------------
def _cumulative_logsumexp_kernel(xp, x, axis, exclusive, reverse):
    v = x.astype(np.float64)
    if reverse:
        v = np.flip(v, axis)
    out = np.logaddexp.accumulate(v, axis=axis) if v.shape[axis] else v.copy()
    if exclusive and v.shape[axis]:
        out = np.concatenate([np.full_like(np.take(out, [0], axis), -np.inf),
                              np.delete(out, -1, axis)], axis)
    return (np.flip(out, axis) if reverse else out).astype(x.dtype)


def _vjp_cumulative_logsumexp(g, out, x, axis, exclusive, reverse):
    # as TF: the positive and negative parts of g, each summed in log space
    neg_inf = multiply(g, 0) - np.inf
    parts = []
    for mask, magnitude in ((greater(g, 0), g), (less(g, 0), negative(g))):
        log_g = where(mask, log(where(mask, magnitude, add(multiply(g, 0), 1))), neg_inf)
        scan = cumulative_logsumexp(subtract(log_g, out), axis, exclusive, not reverse)
        parts.append(exp(add(scan, x)))
    return (subtract(parts[0], parts[1]),)


_cumulative_logsumexp = defop(
    "cumulative_logsumexp", _cumulative_logsumexp_kernel, vjp=_vjp_cumulative_logsumexp,
    infer=_infer.same, dtypes=FLOAT, tf_name="CumulativeLogsumexp")


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """log(cumsum(exp(x))) along `axis`, without overflow; `exclusive` starts at -inf."""
    x = _tensor(x)
    if x.dtype not in FLOAT:
        raise errors.InvalidArgumentError(
            f"Value for attr 'T' of {x.dtype.name} is not in the list of allowed values: "
            f"bfloat16, half, float, double [Op:CumulativeLogsumexp]")
    return _cumulative_logsumexp(x, axis=_scan_axis(axis, x._value.ndim, "CumulativeLogsumexp"),
                                 exclusive=bool(exclusive), reverse=bool(reverse))


# --- invert_permutation -------------------------------------------------------------------------
def _invert_permutation_kernel(xp, x):
    if x.ndim != 1:
        raise errors.InvalidArgumentError(
            "invert_permutation expects a 1D vector. [Op:InvertPermutation]")
    n = len(x)
    out = np.full(n, -1, x.dtype)
    for i, v in enumerate(x.tolist()):
        if not 0 <= v < n:
            raise errors.InvalidArgumentError(
                f"{v} is not between 0 and {n} [Op:InvertPermutation]")
        if out[v] >= 0:
            raise errors.InvalidArgumentError(
                f"{v} is duplicated in the input. [Op:InvertPermutation]")
        out[v] = i
    return out


_invert_permutation = defop("invert_permutation", _invert_permutation_kernel, infer=_infer.same,
                            dtypes=(dtypes.int32, dtypes.int64), tf_name="InvertPermutation")


def invert_permutation(x, name=None) -> Tensor:
    """y with y[x[i]] = i: the inverse of the permutation x of 0..n-1."""
    return _invert_permutation(x)


__all__: list = []
_math_exports = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "igamma", "igammac",
                 "betainc", "cumulative_logsumexp", "invert_permutation"]
