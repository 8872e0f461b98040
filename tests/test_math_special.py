"""tf.math Bessel I, igamma/igammac, betainc against scipy.special; cumulative_logsumexp and
invert_permutation against NumPy; gradients against finite differences in float64."""
import numpy as np
import pytest
from scipy import special

import fluxion as tf
from tests.opcheck import check_gradient

_RNG = np.random.default_rng(0)


def _rel(got, ref):
    ok = np.isfinite(ref) & (np.abs(ref) > 1e-290)
    return np.max(np.abs(got[ok] - ref[ok]) / np.abs(ref[ok]))


@pytest.mark.parametrize("name,ref", [("bessel_i0", special.i0), ("bessel_i0e", special.i0e),
                                      ("bessel_i1", special.i1), ("bessel_i1e", special.i1e)])
def test_bessel_i_matches_scipy(name, ref):
    x = np.concatenate([np.linspace(-50, 50, 2001), [1e-7, 29.999, 30.001, 700.0, -7e4]])
    got = getattr(tf.math, name)(x).numpy()
    assert _rel(got, ref(x)) < 1e-13
    assert np.array_equal(np.isinf(got), np.isinf(ref(x)))
    assert getattr(tf.math.special, name) is getattr(tf.math, name)


def test_incomplete_gamma_matches_scipy():
    a = np.exp(_RNG.uniform(-3, 6, 4000))
    x = a * np.exp(_RNG.uniform(-2, 2, 4000))
    assert _rel(tf.math.igamma(a, x).numpy(), special.gammainc(a, x)) < 1e-11
    assert _rel(tf.math.igammac(a, x).numpy(), special.gammaincc(a, x)) < 1e-11
    edge = tf.math.igamma([0.0, 1.0, -1.0, 2.0, 2.0], [1.0, 0.0, 1.0, -1.0, np.inf]).numpy()
    np.testing.assert_array_equal(edge, [np.nan, 0.0, np.nan, np.nan, 1.0])


def test_betainc_matches_scipy():
    a = np.exp(_RNG.uniform(-3, 5, 4000))
    b = np.exp(_RNG.uniform(-3, 5, 4000))
    x = _RNG.uniform(0, 1, 4000)
    got = tf.math.betainc(a, b, x).numpy()
    assert np.max(np.abs(got - special.betainc(a, b, x))) < 1e-11
    edge = tf.math.betainc([0.0, 1.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0], [0.5, 1.5, 0.0, 1.0])
    np.testing.assert_array_equal(edge.numpy(), [np.nan, np.nan, 0.0, 1.0])


@pytest.mark.parametrize("name", ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e"])
def test_bessel_gradients(name):
    x = np.array([-4.0, -0.3, 0.2, 1.0, 6.5])
    check_gradient(getattr(tf.math, name), [x], rtol=1e-6, atol=1e-8)


def test_bessel_i1_gradient_at_zero_is_half():
    x = tf.constant([0.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.math.bessel_i1(x)
    assert tape.gradient(y, x).numpy()[0] == 0.5


@pytest.mark.parametrize("fn", [tf.math.igamma, tf.math.igammac])
def test_incomplete_gamma_gradients(fn):
    check_gradient(fn, [np.array([0.7, 2.0, 9.0]), np.array([0.4, 3.5, 6.0])],
                   rtol=1e-6, atol=1e-8)


def test_betainc_gradient_in_x_only():
    a, b = np.array([0.8, 2.0]), np.array([3.0, 1.5])
    check_gradient(lambda x: tf.math.betainc(tf.constant(a), tf.constant(b), x),
                   [np.array([0.3, 0.8])], rtol=1e-6, atol=1e-8)
    ta = tf.constant(a)
    with tf.GradientTape() as tape:
        tape.watch(ta)
        y = tf.math.betainc(ta, tf.constant(b), tf.constant([0.3, 0.8], tf.float64))
    assert tape.gradient(y, ta) is None


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumulative_logsumexp(exclusive, reverse):
    x = _RNG.normal(size=(3, 5)) * 4
    got = tf.math.cumulative_logsumexp(x, axis=1, exclusive=exclusive, reverse=reverse).numpy()
    with np.errstate(divide="ignore"):  # log(0) = -inf: the empty sums of exclusive scans
        ref = np.log(tf.math.cumsum(np.exp(x), axis=1, exclusive=exclusive,
                                    reverse=reverse).numpy())
    np.testing.assert_allclose(got, ref, rtol=1e-12)
    keep = slice(None, -1) if reverse else slice(1, None)  # drop the -inf of exclusive scans

    def finite_part(t):
        return tf.math.cumulative_logsumexp(t, axis=1, exclusive=exclusive,
                                            reverse=reverse)[:, keep]

    check_gradient(finite_part, [x], rtol=1e-6, atol=1e-8)


def test_cumulative_logsumexp_does_not_underflow():
    got = tf.math.cumulative_logsumexp(tf.constant([-1000.0, 0.0, 1.0]), exclusive=True)
    np.testing.assert_allclose(got.numpy(), [-np.inf, -1000.0, 0.0])


def test_invert_permutation():
    p = _RNG.permutation(50)
    inv = tf.math.invert_permutation(p).numpy()
    np.testing.assert_array_equal(inv[p], np.arange(50))
    with pytest.raises(tf.errors.InvalidArgumentError, match="duplicated"):
        tf.math.invert_permutation([2, 2, 1])


def test_traced_function_matches_eager():
    f = tf.function(lambda a, x: tf.math.igamma(a, x) + tf.math.bessel_i1e(x))
    a, x = tf.constant([1.5, 3.0]), tf.constant([0.5, 4.0])
    np.testing.assert_allclose(f(a, x).numpy(),
                               (tf.math.igamma(a, x) + tf.math.bessel_i1e(x)).numpy())


_JYK = [("bessel_j0", special.j0), ("bessel_j1", special.j1), ("bessel_y0", special.y0),
        ("bessel_y1", special.y1), ("bessel_k0", special.k0), ("bessel_k0e", special.k0e),
        ("bessel_k1", special.k1), ("bessel_k1e", special.k1e)]


@pytest.mark.parametrize("name,ref", _JYK)
def test_bessel_jyk_match_scipy(name, ref):
    x = np.concatenate([np.linspace(1e-3, 60, 3001), np.exp(np.linspace(-20, 9, 300))])
    got = getattr(tf.math.special, name)(x).numpy()
    want = ref(x)
    ok = np.isfinite(want)
    # J and Y have zeros: their error is relative to max(|f|, 1) there (about 1e-13)
    scale = np.maximum(np.abs(want[ok]), 1.0 if name[7] in "jy" else 1e-300)
    assert np.max(np.abs(got[ok] - want[ok]) / scale) < (1e-12 if name[7] in "jy" else 1e-13)


@pytest.mark.parametrize("name", [n for n, _ in _JYK])
def test_bessel_jyk_gradients(name):
    check_gradient(getattr(tf.math.special, name), [np.array([0.4, 1.3, 3.0, 8.0])],
                   rtol=1e-6, atol=1e-8)


_INTEGRALS = [("dawsn", special.dawsn), ("expint", special.expi),
              ("fresnel_cos", lambda x: special.fresnel(x)[1]),
              ("fresnel_sin", lambda x: special.fresnel(x)[0]), ("spence", special.spence)]


@pytest.mark.parametrize("name,ref", _INTEGRALS)
def test_special_integrals_match_scipy(name, ref):
    x = np.concatenate([np.linspace(1e-3, 60, 3001), np.exp(np.linspace(-20, 6, 300)),
                        [5.999, 6.001, 9.999, 10.001, 49.99, 50.01]])
    x = np.concatenate([x, -x]) if name in ("dawsn", "fresnel_cos", "fresnel_sin") else x
    got = getattr(tf.math.special, name)(x).numpy()
    want = ref(x)
    assert np.max(np.abs(got - want) / np.maximum(np.abs(want), 1.0)) < 1e-12


def test_special_integrals_domains_as_tf():
    assert np.isnan(tf.math.special.expint(-1.0).numpy())
    assert tf.math.special.expint(0.0).numpy() == -np.inf
    assert np.isnan(tf.math.special.spence(-0.5).numpy())


@pytest.mark.parametrize("name", [n for n, _ in _INTEGRALS])
def test_special_integrals_gradients(name):
    check_gradient(getattr(tf.math.special, name), [np.array([0.3, 1.3, 2.5, 7.0])],
                   rtol=1e-6, atol=1e-8)
