"""``tf.math.special`` Bessel functions J0, J1, Y0, Y1, K0, K1 (and exp-scaled K0e, K1e).

Vectorised float64 kernels (half and float32 computed in float64): Bessel's integrals by
Gauss-Legendre quadrature for |x| <= 25 and Hankel's asymptotic expansion beyond (J, Y); the
integral K_n(x) = int_0^inf exp(-x cosh t) cosh(n t) dt by the trapezoidal rule, which converges
geometrically for this analytic, decaying integrand, and the power series for x < 1/2 (K).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from fluxion.core.tensor import Tensor
from fluxion.ops._util import FLOAT
from fluxion.ops.math_extra_ops import _bessel_i_scaled, _i1_over_x
from fluxion.ops.math_ops import add, divide_no_nan, multiply, negative, subtract
from fluxion.ops.special_ops import _flat64
from fluxion.ops.unary_ops import _unary

_HANKEL_MIN = 25.0
_EULER = 0.5772156649015329


@functools.cache
def _nodes(n: int):
    """Gauss-Legendre nodes and weights on [0, 1]."""
    t, w = np.polynomial.legendre.leggauss(n)
    return (t + 1) / 2, w / 2


def _hankel(x, nu: int):
    """(P, Q, chi) of Hankel's expansion: J = s (P cos chi - Q sin chi), Y = s (P sin + Q cos),
    s = sqrt(2 / (pi x)), for x >= 25 (terms shrink by about k / (2x) each)."""
    mu = 4.0 * nu * nu
    p, q = np.ones_like(x), np.zeros_like(x)
    term = np.ones_like(x)
    for k in range(1, 41):
        term = term * (mu - (2 * k - 1) ** 2) / (8 * k * x)
        if k % 2:
            q += (-1) ** (k // 2) * term
        else:
            p += (-1) ** (k // 2) * term
    return p, q, x - (nu / 2 + 0.25) * math.pi


def _bessel_jy(x, nu: int, want_y: bool):
    """J_nu(x) or Y_nu(x) for x > 0."""
    out = np.empty_like(x)
    if not want_y:  # the power series near 0, where the integral loses relative accuracy
        near = x < _J_SERIES_MAX
        t = -(x[near] ** 2) / 4
        term = np.ones_like(t) if nu == 0 else x[near] / 2
        total = term.copy()
        for k in range(1, 20):
            term = term * t / (k * (k + nu))
            total += term
        out[near] = total
    big = x > _HANKEL_MIN
    p, q, chi = _hankel(x[big], nu)
    scale = np.sqrt(2 / (math.pi * x[big]))
    out[big] = scale * ((p * np.sin(chi) + q * np.cos(chi)) if want_y else
                        (p * np.cos(chi) - q * np.sin(chi)))
    s = x[~big][:, None]
    theta, w = _nodes(96)
    theta = theta * math.pi
    if not want_y:  # J_n(x) = (1/pi) int_0^pi cos(n theta - x sin theta)
        mid = ~big & ~near
        out[mid] = np.cos(nu * theta - x[mid][:, None] * np.sin(theta)) @ w
        return out
    first = np.sin(s * np.sin(theta) - nu * theta) @ w
    # (1/pi) int_0^inf (e^{nt} + (-1)^n e^{-nt}) e^{-x sinh t} dt, cut where the integrand is
    # below 1e-18 of its start
    top = np.arcsinh((45 + nu * 20) / s)
    t, wt = _nodes(400)
    t = t * top
    tail = ((np.exp(nu * t) + (-1) ** nu * np.exp(-nu * t)) * np.exp(-s * np.sinh(t))) @ wt
    out[~big] = first - tail * top[:, 0] / math.pi
    return out


@_flat64
def _j0_kernel(xp, x):
    return _bessel_jy(np.abs(x), 0, False)


@_flat64
def _j1_kernel(xp, x):
    return np.sign(x) * _bessel_jy(np.abs(x), 1, False)


def _y_kernel(nu: int):
    @_flat64
    def kernel(xp, x):
        out = np.full_like(x, -np.inf)  # as TF: -inf for x <= 0
        pos = x > 0
        out[pos] = _bessel_jy(x[pos], nu, True)
        out[np.isnan(x) | ((x == 0) & (nu == 1))] = np.nan  # TF's Y1(0) is NaN, Y0(0) -inf
        return out
    return kernel


# --- K ----------------------------------------------------------------------------------------
_K_SERIES_MAX = 0.5
_K_STEP = 1 / 16
_K_GRID = np.arange(0, 8 + _K_STEP / 2, _K_STEP)
_J_SERIES_MAX = 1.0


def _k_series(x, nu: int):
    """K_nu(x) for 0 < x < 1/2 by A&S 9.6.13 / 9.6.11."""
    t = x * x / 4
    log_half = np.log(x / 2)
    if nu == 0:
        term, harmonic, total = np.ones_like(x), 0.0, np.zeros_like(x)
        for k in range(1, 20):
            term = term * t / (k * k)
            harmonic += 1 / k
            total += harmonic * term
        return -(log_half + _EULER) * _bessel_i_scaled(np, x, 0) * np.exp(x) + total
    term, total = np.ones_like(x), np.zeros_like(x)
    psi_k, psi_k1 = -_EULER, 1 - _EULER  # digamma(k + 1), digamma(k + 2)
    for k in range(20):
        if k:
            term = term * t / (k * (k + 1))
            psi_k, psi_k1 = psi_k + 1 / k, psi_k1 + 1 / (k + 1)
        total += (psi_k + psi_k1) * term
    return 1 / x + log_half * _bessel_i_scaled(np, x, 1) * np.exp(x) - x / 4 * total


def _k_asymptotic(x, nu: int):
    """exp(x) K_nu(x) for x > 25: the large-argument expansion (its terms are all positive)."""
    mu = 4.0 * nu * nu
    term, total = np.ones_like(x), np.ones_like(x)
    for k in range(1, 41):
        term = term * (mu - (2 * k - 1) ** 2) / (8 * k * x)
        total += term
    return total * np.sqrt(math.pi / (2 * x))


def _k_scaled(x, nu: int):
    """exp(x) K_nu(x) for x > 0."""
    out = np.empty_like(x)
    small = x < _K_SERIES_MAX
    big = x > _HANKEL_MIN
    mid = ~small & ~big
    out[small] = _k_series(x[small], nu) * np.exp(x[small])
    out[big] = _k_asymptotic(x[big], nu)
    s = x[mid][:, None]
    f = np.exp(-s * (np.cosh(_K_GRID) - 1)) * np.cosh(nu * _K_GRID)
    out[mid] = _K_STEP * (f.sum(1) - f[:, 0] / 2)
    return out


def _k_kernel(nu: int, scaled: bool):
    @_flat64
    def kernel(xp, x):
        out = np.full_like(x, np.inf)  # as TF: +inf for x <= 0
        pos = x > 0
        v = x[pos]
        out[pos] = _k_scaled(v, nu) if scaled else _k_scaled(v, nu) * np.exp(-v)
        out[np.isnan(x)] = np.nan
        return out
    return kernel


def _vjp(rule):
    return lambda g, out, x: (multiply(g, rule(out, x)),)


_bessel_j0 = _unary("bessel_j0", _j0_kernel, FLOAT,
                    _vjp(lambda out, x: negative(bessel_j1(x))), tf_name="BesselJ0")
_bessel_j1 = _unary("bessel_j1", _j1_kernel, FLOAT, _vjp(
    lambda out, x: subtract(bessel_j0(x), _i1_over_x(out, x))), tf_name="BesselJ1")
_bessel_y0 = _unary("bessel_y0", _y_kernel(0), FLOAT,
                    _vjp(lambda out, x: negative(bessel_y1(x))), tf_name="BesselY0")
_bessel_y1 = _unary("bessel_y1", _y_kernel(1), FLOAT, _vjp(
    lambda out, x: subtract(bessel_y0(x), divide_no_nan(out, x))), tf_name="BesselY1")
_bessel_k0 = _unary("bessel_k0", _k_kernel(0, False), FLOAT,
                    _vjp(lambda out, x: negative(bessel_k1(x))), tf_name="BesselK0")
_bessel_k0e = _unary("bessel_k0e", _k_kernel(0, True), FLOAT,
                     _vjp(lambda out, x: subtract(out, bessel_k1e(x))), tf_name="BesselK0e")
_bessel_k1 = _unary("bessel_k1", _k_kernel(1, False), FLOAT, _vjp(
    lambda out, x: negative(add(bessel_k0(x), divide_no_nan(out, x)))), tf_name="BesselK1")
_bessel_k1e = _unary("bessel_k1e", _k_kernel(1, True), FLOAT, _vjp(
    lambda out, x: subtract(subtract(out, bessel_k0e(x)), divide_no_nan(out, x))),
    tf_name="BesselK1e")


def bessel_j0(x, name=None) -> Tensor:
    """The Bessel function of the first kind of order 0."""
    return _bessel_j0(x)


def bessel_j1(x, name=None) -> Tensor:
    """The Bessel function of the first kind of order 1."""
    return _bessel_j1(x)


def bessel_y0(x, name=None) -> Tensor:
    """The Bessel function of the second kind of order 0 (-inf for x <= 0, as TF)."""
    return _bessel_y0(x)


def bessel_y1(x, name=None) -> Tensor:
    """The Bessel function of the second kind of order 1 (-inf for x <= 0, as TF)."""
    return _bessel_y1(x)


def bessel_k0(x, name=None) -> Tensor:
    """The modified Bessel function of the second kind of order 0 (inf for x <= 0, as TF)."""
    return _bessel_k0(x)


def bessel_k0e(x, name=None) -> Tensor:
    """exp(x) * bessel_k0(x)."""
    return _bessel_k0e(x)


def bessel_k1(x, name=None) -> Tensor:
    """The modified Bessel function of the second kind of order 1 (inf for x <= 0, as TF)."""
    return _bessel_k1(x)


def bessel_k1e(x, name=None) -> Tensor:
    """exp(x) * bessel_k1(x)."""
    return _bessel_k1e(x)


__all__: list = []
