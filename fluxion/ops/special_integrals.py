"""``tf.math.special`` integrals: ``dawsn``, ``expint`` (Ei), ``fresnel_cos``, ``fresnel_sin``
and ``spence`` (the dilogarithm Li2(1 - x)).

Vectorised float64 kernels (half and float32 computed in float64): Gauss-Legendre quadrature of
the defining integral on bounded ranges, asymptotic series beyond them; power series for Ei and
the Bernoulli series of Li2 in u = -log(1 - z) after the reflections z -> 1 - z, z -> 1/z.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from fluxion.core.tensor import Tensor
from fluxion.ops._util import FLOAT
from fluxion.ops.bessel_ops import _nodes
from fluxion.ops.math_ops import divide, multiply, subtract
from fluxion.ops.special_ops import _flat64
from fluxion.ops.unary_ops import _unary, cos, exp, log, sin, square

_EULER = 0.5772156649015329


# --- dawsn ------------------------------------------------------------------------------------
def _dawson_positive(x):
    out = np.empty_like(x)
    big = x > 10
    v = x[big]
    term, total = 1 / (2 * v), 1 / (2 * v)
    for k in range(1, 60):  # D(x) ~ 1/(2x) sum (2k-1)!! / (2x^2)^k
        term = term * (2 * k - 1) / (2 * v * v)
        total = total + term
    out[big] = total
    # D(x) = x int_0^1 exp(-x^2 (2s - s^2)) ds (s = 1 - u), in pieces that follow the peak
    s = x[~big][:, None]
    t, w = _nodes(64)
    total = np.zeros_like(s[:, 0])
    for lo, hi in ((0, 0.02), (0.02, 0.1), (0.1, 0.4), (0.4, 1.0)):
        u = lo + (hi - lo) * t
        total += (np.exp(-s * s * (2 * u - u * u)) @ w) * (hi - lo)
    out[~big] = s[:, 0] * total
    return out


@_flat64
def _dawsn_kernel(xp, x):
    return np.sign(x) * _dawson_positive(np.abs(x))


# --- expint -----------------------------------------------------------------------------------
def _ei_positive(x):
    out = np.empty_like(x)
    big = x > 50
    v = x[big]
    term, total = np.ones_like(v), np.ones_like(v)
    for k in range(1, 60):  # Ei(x) ~ e^x / x sum k! / x^k
        term = term * k / v
        total = total + term
    with np.errstate(over="ignore"):
        out[big] = np.exp(v) / v * total
    v = x[~big]
    term, total = np.ones_like(v), np.zeros_like(v)
    for k in range(1, 160):  # positive terms: no cancellation
        term = term * v / k
        total = total + term / k
    out[~big] = _EULER + np.log(v) + total
    return out


@_flat64
def _expint_kernel(xp, x):
    out = np.full_like(x, np.nan)  # as TF: NaN for x < 0
    pos = x > 0
    out[pos] = _ei_positive(x[pos])
    out[x == 0] = -np.inf
    return out


# --- fresnel ----------------------------------------------------------------------------------
def _fresnel_positive(x, sine: bool):
    out = np.empty_like(x)
    big = x > 6
    v = x[big]
    z = math.pi * v * v
    # f ~ 1/(pi x) sum (-1)^k (4k-1)!! / z^(2k), g ~ 1/(pi x) sum (-1)^k (4k+1)!! / z^(2k+1)
    term_f, f = np.ones_like(v), np.ones_like(v)
    term_g = 1 / z
    g = term_g.copy()
    for k in range(1, 40):
        term_f = -term_f * (4 * k - 3) * (4 * k - 1) / (z * z)
        term_g = -term_g * (4 * k - 1) * (4 * k + 1) / (z * z)
        f, g = f + term_f, g + term_g
    f, g = f / (math.pi * v), g / (math.pi * v)
    phase = _half_pi_square(v)
    if sine:
        out[big] = 0.5 - f * np.cos(phase) - g * np.sin(phase)
    else:
        out[big] = 0.5 + f * np.sin(phase) - g * np.cos(phase)
    s = x[~big][:, None]
    t, w = _nodes(160)
    u = s * t
    wave = np.sin(math.pi * u * u / 2) if sine else np.cos(math.pi * u * u / 2)
    out[~big] = s[:, 0] * (wave @ w)
    return out


def _half_pi_square(v):
    """pi v^2 / 2 reduced mod 2 pi exactly enough: v^2 mod 4 with v split in two halves."""
    hi = np.round(v * 4096) / 4096
    lo = v - hi
    square_mod = np.mod(hi * hi, 4) + (2 * hi * lo + lo * lo)
    return math.pi / 2 * square_mod


def _fresnel_kernel(sine: bool):
    @_flat64
    def kernel(xp, x):
        return np.sign(x) * _fresnel_positive(np.abs(x), sine)
    return kernel


# --- spence -----------------------------------------------------------------------------------
def _bernoulli(n: int) -> list:
    """B_0 .. B_n (B_1 = -1/2)."""
    b = [Fraction(1)]
    for m in range(1, n + 1):
        b.append(-sum(math.comb(m + 1, k) * b[k] for k in range(m)) / (m + 1))
    return b


_LI2_COEFS = [float(b) / math.factorial(k + 1) for k, b in enumerate(_bernoulli(40))]


def _li2_near(z):
    """Li2(z) for z in [-1, 1/2], by its Bernoulli series in u = -log(1 - z) (|u| <= log 2)."""
    u = -np.log1p(-z)
    total = np.zeros_like(z)
    power = u.copy()
    for c in _LI2_COEFS:
        total += c * power
        power = power * u
    return total


def _li2(z):
    """Li2(z) for z <= 1."""
    out = np.empty_like(z)
    near = (z >= -1) & (z <= 0.5)
    out[near] = _li2_near(z[near])
    upper = z > 0.5  # Li2(z) = pi^2/6 - log z log(1 - z) - Li2(1 - z)
    v = z[upper]
    with np.errstate(divide="ignore", invalid="ignore"):
        prod = np.where(v == 1, 0.0, np.log(v) * np.log1p(-v))
    out[upper] = math.pi ** 2 / 6 - prod - _li2_near(1 - v)
    lower = z < -1  # Li2(z) = -pi^2/6 - log(-z)^2 / 2 - Li2(1/z)
    v = z[lower]
    out[lower] = -math.pi ** 2 / 6 - np.log(-v) ** 2 / 2 - _li2_near(1 / v)
    return out


@_flat64
def _spence_kernel(xp, x):
    out = np.full_like(x, np.nan)  # as TF: NaN for x < 0
    ok = x >= 0
    out[ok] = _li2(1 - x[ok])
    return out


def _vjp(rule):
    return lambda g, out, x: (multiply(g, rule(out, x)),)


_dawsn = _unary("dawsn", _dawsn_kernel, FLOAT,
                _vjp(lambda out, x: subtract(1.0, multiply(multiply(x, out), 2.0))),
                tf_name="Dawsn")
_expint = _unary("expint", _expint_kernel, FLOAT, _vjp(lambda out, x: divide(exp(x), x)),
                 tf_name="Expint")
_fresnel_cos = _unary("fresnel_cos", _fresnel_kernel(False), FLOAT, _vjp(
    lambda out, x: cos(multiply(square(x), math.pi / 2))), tf_name="FresnelCos")
_fresnel_sin = _unary("fresnel_sin", _fresnel_kernel(True), FLOAT, _vjp(
    lambda out, x: sin(multiply(square(x), math.pi / 2))), tf_name="FresnelSin")
_spence = _unary("spence", _spence_kernel, FLOAT,
                 _vjp(lambda out, x: divide(log(x), subtract(1.0, x))), tf_name="Spence")


def dawsn(x, name=None) -> Tensor:
    """Dawson's integral exp(-x^2) * int_0^x exp(t^2) dt."""
    return _dawsn(x)


def expint(x, name=None) -> Tensor:
    """The exponential integral Ei(x) (NaN for x < 0, -inf at 0, as TF)."""
    return _expint(x)


def fresnel_cos(x, name=None) -> Tensor:
    """The Fresnel integral int_0^x cos(pi t^2 / 2) dt."""
    return _fresnel_cos(x)


def fresnel_sin(x, name=None) -> Tensor:
    """The Fresnel integral int_0^x sin(pi t^2 / 2) dt."""
    return _fresnel_sin(x)


def spence(x, name=None) -> Tensor:
    """Spence's function int_1^x log(t) / (1 - t) dt = Li2(1 - x) (NaN for x < 0)."""
    return _spence(x)


__all__: list = []
