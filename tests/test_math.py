"""Public elementwise math: namespaces, TF's integer and conversion rules, special-function
accuracy, operators, where/clip, complex helpers and gradients of composites."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxion as tf
from fluxion import errors
from tests.opcheck import check_gradient


def grads(fn, *values, dtype=tf.float32):
    """Gradients of sum(fn(*xs)) with respect to constants made from `values`."""
    xs = [tf.constant(v, dtype) for v in values]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = fn(*xs)
    return tape.gradient(y, xs)


# --- namespaces ---------------------------------------------------------------------------------
TOP = ["add", "subtract", "multiply", "divide", "truediv", "realdiv", "truncatediv", "pow",
       "truncatemod", "negative", "abs", "sign", "square", "sqrt", "exp", "sin", "cos", "tan",
       "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh", "atanh", "tanh",
       "sigmoid", "maximum", "minimum", "round", "floor", "scalar_mul", "equal", "not_equal",
       "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
       "logical_not", "where", "clip_by_value", "complex", "cast", "matmul"]
MATH_ONLY = ["floordiv", "floormod", "mod", "rsqrt", "expm1", "log1p", "erf", "erfc", "erfinv",
             "erfcinv", "ndtri", "nextafter", "polyval", "lbeta", "is_non_decreasing",
             "is_strictly_increasing", "lgamma",
             "digamma", "polygamma", "zeta", "squared_difference", "ceil", "rint", "reciprocal",
             "reciprocal_no_nan", "divide_no_nan", "multiply_no_nan", "xlogy", "xdivy",
             "xlog1py", "logical_xor", "is_nan", "is_finite", "is_inf", "imag", "real", "angle",
             "conj"]


@pytest.mark.parametrize("name", TOP)
def test_top_level_names(name):
    assert callable(getattr(tf, name))


@pytest.mark.parametrize("name", MATH_ONLY)
def test_math_only_names(name):
    assert callable(getattr(tf.math, name))
    assert not hasattr(tf, name), f"TF2 has no tf.{name}"


def test_math_namespace_shares_functions():
    assert tf.math.mod is tf.math.floormod
    assert tf.math.sigmoid is tf.sigmoid and tf.math.abs is tf.abs
    assert tf.linalg.matmul is tf.matmul
    for name in ("clip_by_value", "where", "cast", "matmul", "complex", "truncatediv"):
        assert not hasattr(tf.math, name), f"TF has no tf.math.{name}"


# --- integer semantics --------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=8),
       st.lists(st.integers(-50, 50).filter(bool), min_size=1, max_size=1))
def test_integer_floordiv_floormod_follow_python(xs, ys):
    x, y = tf.constant(xs), tf.constant(ys[0])
    assert (x // y).numpy().tolist() == [v // ys[0] for v in xs]
    assert (x % y).numpy().tolist() == [v % ys[0] for v in xs]
    assert tf.truncatediv(x, y).numpy().tolist() == [int(v / ys[0]) for v in xs]
    assert tf.truncatemod(x, y).numpy().tolist() == [int(math.fmod(v, ys[0])) for v in xs]


@pytest.mark.parametrize("fn,op", [(tf.math.floordiv, "FloorDiv"), (tf.math.floormod, "FloorMod")])
@pytest.mark.parametrize("dtype", [tf.int8, tf.int32, tf.int64, tf.uint8, tf.uint32])
def test_integer_division_by_zero_is_invalid_argument(fn, op, dtype):
    with pytest.raises(errors.InvalidArgumentError, match=f"Integer division by zero.*{op}"):
        fn(tf.constant([4, 1], dtype), tf.constant([2, 0], dtype))


def test_float_floordiv_floormod_by_zero_give_inf_and_nan():
    x = tf.constant([1.0, -1.0, 0.0])
    np.testing.assert_array_equal((x // 0.0).numpy()[:2], [np.inf, -np.inf])
    assert np.isnan((x // 0.0).numpy()[2])
    assert np.all(np.isnan((x % 0.0).numpy()))


def test_float_floormod_takes_the_divisor_sign():
    x = tf.constant([5.5, -5.5, 5.5, -5.5, -7.0])
    y = tf.constant([2.0, 2.0, -2.0, -2.0, float("inf")])
    np.testing.assert_array_equal((x % y).numpy(), [1.5, 0.5, -0.5, -1.5, np.inf])


def test_float_floordiv_floors_the_quotient_like_tf():
    # fmod-based floor division (NumPy's) gives 9 for 1 // 0.1; TF floors 1 / 0.1 = 10
    assert tf.math.floordiv(tf.constant(1.0, tf.float64), 0.1).numpy() == 10.0


def test_integer_pow_stays_integer_and_rejects_negative_exponents():
    out = tf.constant([2, -3], tf.int64) ** 3
    assert out.dtype is tf.int64 and out.numpy().tolist() == [8, -27]
    with pytest.raises(errors.InvalidArgumentError, match="negative integer powers.*Pow"):
        tf.pow(tf.constant([2]), tf.constant([-1]))


@pytest.mark.parametrize("dtype,want", [(tf.int8, tf.float32), (tf.uint16, tf.float32),
                                        (tf.int32, tf.float64), (tf.uint64, tf.float64)])
def test_integer_truediv_casts_to_float(dtype, want):
    out = tf.constant([7, 1], dtype) / tf.constant([2, 0], dtype)
    assert out.dtype is want
    np.testing.assert_array_equal(out.numpy(), [3.5, np.inf])


def test_truediv_dtype_rules():
    with pytest.raises(TypeError, match="same dtype"):
        tf.constant(1.0) / tf.constant(1.0, tf.float64)
    with pytest.raises(TypeError, match="bool"):
        tf.constant([True]) / tf.constant([False])
    assert tf.divide(7, 2).dtype is tf.float64
    assert (tf.constant(3.0) / 2).dtype is tf.float32
    with pytest.raises(errors.NotFoundError):
        tf.realdiv(tf.constant([1]), tf.constant([2]))


def test_round_is_half_to_even_and_identity_on_integers():
    x = tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, -2.5])
    np.testing.assert_array_equal(tf.round(x).numpy(), [0, 2, 2, -0.0, -2, -2])
    ints = tf.constant([3, -4])
    assert tf.round(ints) is ints


def test_bool_arithmetic_is_rejected_like_tf():
    t = tf.constant([True, False])
    for fn in (tf.add, tf.subtract, tf.maximum, tf.pow, tf.math.floordiv):
        with pytest.raises(errors.InvalidArgumentError, match="bool"):
            fn(t, t)
    with pytest.raises(errors.InvalidArgumentError):
        tf.negative(t)
    assert (t * t).numpy().tolist() == [True, False]  # TF's `*` on bools is logical and


# --- conversion of Python operands ------------------------------------------------------------
def test_python_operand_conversion_errors():
    x = tf.constant([1, 2])
    for fn in (lambda: x * 1.5, lambda: x - 1.5, lambda: 1.5 + x, lambda: x < 1.5,
               lambda: tf.maximum(x, 1.5), lambda: x == "a", lambda: tf.pow(2, 3.0)):
        with pytest.raises(TypeError, match="Cannot convert"):
            fn()
    with pytest.raises(errors.InvalidArgumentError, match="AddV2"):
        x + 1.5  # TF's AddV2 reports the mismatch instead


def test_python_integers_wrap_into_small_integer_dtypes():
    assert (tf.constant([1], tf.uint8) + (-1)).numpy().tolist() == [0]
    assert (tf.constant([1], tf.int8) * 200).numpy().tolist() == [-56]
    assert (tf.constant([1], tf.uint8) == -1).numpy().tolist() == [False]


def test_two_python_operands_convert_left_to_right():
    assert tf.add(1.5, 2).dtype is tf.float32
    assert tf.pow(2.0, 3).numpy() == 8.0
    assert tf.greater(2.5, 1).numpy()
    with pytest.raises(errors.InvalidArgumentError):
        tf.add(1, 2.5)


# --- special functions --------------------------------------------------------------------------
GRID = np.concatenate([np.linspace(-7, 7, 4001), np.geomspace(1e-300, 27, 400),
                       -np.geomspace(1e-300, 27, 400)])


def test_erf_float64_matches_math_erf():
    ours = tf.math.erf(GRID).numpy()
    ref = np.array([math.erf(v) for v in GRID])
    np.testing.assert_allclose(ours, ref, rtol=1e-14, atol=0)


def test_erfc_keeps_relative_accuracy_in_the_tail():
    x = GRID[GRID < 26.5]
    ours = tf.math.erfc(x).numpy()
    ref = np.array([math.erfc(v) for v in x])
    np.testing.assert_allclose(ours, ref, rtol=5e-14, atol=0)
    assert tf.math.erfc(tf.constant(30.0, tf.float64)).numpy() == 0.0


def test_erf_float32_is_correctly_rounded_on_a_grid():
    x = GRID.astype(np.float32)
    ours = tf.math.erf(x).numpy()
    ref = np.array([math.erf(v) for v in x.astype(np.float64)]).astype(np.float32)
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, ref)


def test_erf_edges():
    x = tf.constant([-np.inf, -0.0, 0.0, np.inf, np.nan])
    out = tf.math.erf(x).numpy()
    np.testing.assert_array_equal(out[:4], [-1.0, -0.0, 0.0, 1.0])
    assert np.signbit(out[1]) and np.isnan(out[4])
    np.testing.assert_array_equal(tf.math.erfc(x).numpy()[[0, 3]], [2.0, 0.0])


def test_lgamma_matches_math_lgamma():
    x = np.concatenate([np.linspace(-9.75, 30, 3001), np.geomspace(1e-300, 1e300, 300)])
    x = x[(x > 0) | (x != np.floor(x))]
    ref = np.array([math.lgamma(v) for v in x])
    np.testing.assert_allclose(tf.math.lgamma(x).numpy(), ref, rtol=1e-13, atol=1e-14)


def test_lgamma_and_digamma_poles():
    x = tf.constant([0.0, -1.0, -7.0, np.inf, -np.inf], tf.float64)
    np.testing.assert_array_equal(tf.math.lgamma(x).numpy(), [np.inf] * 5)
    d = tf.math.digamma(x).numpy()
    assert np.all(np.isnan(d[[0, 1, 2, 4]])) and d[3] == np.inf


def test_digamma_closed_forms():
    euler = 0.5772156649015329
    x = tf.constant([1.0, 0.5, 4.0, 2.5, -0.5, 1e-9], tf.float64)
    want = [-euler, -euler - 2 * math.log(2), 1 + 1 / 2 + 1 / 3 - euler,
            -euler - 2 * math.log(2) + 2 + 2 / 3, -euler - 2 * math.log(2) + 2,
            -1e9 - euler]
    np.testing.assert_allclose(tf.math.digamma(x).numpy(), want, rtol=1e-13)


def test_zeta_and_polygamma_closed_forms():
    pi2 = math.pi ** 2
    z = tf.math.zeta(tf.constant([2.0, 4.0, 2.0], tf.float64),
                     tf.constant([1.0, 1.0, 0.5], tf.float64)).numpy()
    np.testing.assert_allclose(z, [pi2 / 6, math.pi ** 4 / 90, pi2 / 2], rtol=1e-14)
    p = tf.math.polygamma(tf.constant([1.0, 1.0, 2.0, 0.0], tf.float64),
                          tf.constant([1.0, 0.5, 1.0, 1.0], tf.float64)).numpy()
    np.testing.assert_allclose(p, [pi2 / 6, pi2 / 2, -2 * 1.2020569031595942, -0.57721566490],
                               rtol=1e-10)
    bad = tf.math.polygamma(tf.constant([2.5, -1.0]), tf.constant([1.0, 1.0])).numpy()
    assert np.all(np.isnan(bad))


def test_inverse_error_functions_round_trip():
    y = np.concatenate([np.linspace(-0.999999, 0.999999, 20001), [1e-300, -1e-20]])
    x = tf.math.erfinv(y).numpy()
    np.testing.assert_allclose([math.erf(v) for v in x], y, rtol=1e-14, atol=4e-16)
    t = np.geomspace(1e-300, 1.999, 3000)
    xc = tf.math.erfcinv(t).numpy()
    np.testing.assert_allclose([math.erfc(v) for v in xc], t, rtol=1e-12)
    p = tf.math.ndtri(tf.constant([0.0, 0.025, 0.5, 1.0, 1.5], tf.float64)).numpy()
    np.testing.assert_allclose(p, [-np.inf, -1.959963984540054, 0, np.inf, np.nan])
    with pytest.raises(errors.NotFoundError):
        tf.math.erfinv(tf.constant([0.5], tf.float16))


def test_small_composites():
    np.testing.assert_array_equal(tf.math.polyval([1.0, 2.0, 3.0], tf.constant([2.0])).numpy(),
                                  [11.0])
    assert tf.math.polyval([], tf.constant([1, 2])).numpy().tolist() == [0, 0]
    with pytest.raises(ValueError):
        tf.math.polyval(tf.constant([1.0]), 2.0)
    lb = tf.math.lbeta(tf.constant([[1.0, 2.0], [0.5, 0.5]])).numpy()
    np.testing.assert_allclose(lb, [math.log(0.5), math.log(math.pi)], rtol=1e-6)
    assert tf.math.is_non_decreasing([1, 1, 2]).numpy()
    assert not tf.math.is_strictly_increasing([1, 1, 2]).numpy()
    assert tf.math.is_strictly_increasing(tf.constant(3.0)).numpy()
    with pytest.raises(TypeError):
        tf.math.is_non_decreasing(["a"])
    up = tf.math.nextafter(tf.constant(1.0), tf.constant(2.0)).numpy()
    assert up == np.nextafter(np.float32(1), np.float32(2))


def test_special_functions_reject_integers():
    for fn in (tf.math.erf, tf.math.erfc, tf.math.lgamma, tf.math.digamma):
        with pytest.raises(errors.InvalidArgumentError, match="int32"):
            fn(tf.constant([1]))


# --- sigmoid and friends -----------------------------------------------------------------------
def test_sigmoid_is_stable_at_extremes():
    for dtype in (tf.float16, tf.float32, tf.float64):
        x = tf.constant([-1e4, -50.0, 0.0, 50.0, 1e4], dtype)
        out = tf.sigmoid(x).numpy()
        assert out.dtype == dtype.as_numpy_dtype and not np.any(np.isnan(out))
        assert out[0] == 0 and out[2] == 0.5 and out[4] == 1
    small = tf.sigmoid(tf.constant(-30.0, tf.float64)).numpy()
    np.testing.assert_allclose(small, math.exp(-30) / (1 + math.exp(-30)), rtol=1e-14)


def test_expm1_log1p_keep_small_arguments():
    x = tf.constant([1e-12, -1e-12], tf.float64)
    np.testing.assert_allclose(tf.math.expm1(x).numpy(), [1e-12, -1e-12], rtol=1e-11)
    np.testing.assert_allclose(tf.math.log1p(x).numpy(), [1e-12, -1e-12], rtol=1e-11)


def test_no_nan_family():
    x = tf.constant([1.0, np.inf, np.nan, 6.0])
    y = tf.constant([0.0, 0.0, 0.0, 2.0])
    np.testing.assert_array_equal(tf.math.divide_no_nan(x, y).numpy(), [0, 0, 0, 3])
    np.testing.assert_array_equal(tf.math.multiply_no_nan(x, y).numpy(), [0, 0, 0, 12])
    np.testing.assert_array_equal(tf.math.reciprocal_no_nan(y).numpy(), [0, 0, 0, 0.5])
    z = tf.constant([0.0, 0.0, 2.0])
    np.testing.assert_allclose(tf.math.xlogy(z, [0.0, np.nan, np.e]).numpy(), [0, 0, 2])
    np.testing.assert_allclose(tf.math.xdivy(z, [0.0, np.nan, 4.0]).numpy(), [0, 0, 0.5])
    assert tf.math.divide_no_nan(1, 0).dtype is tf.float64


# --- operators ---------------------------------------------------------------------------------
def test_equality_operators():
    x = tf.constant([1, 2, 3])
    assert (x == None) is False and (x != None) is True  # noqa: E711 - the operator is tested
    np.testing.assert_array_equal((x == [1, 0, 3]).numpy(), [True, False, True])
    np.testing.assert_array_equal((x != 2).numpy(), [True, False, True])
    mismatch = x == tf.constant([1, 2])
    assert mismatch.dtype is tf.bool and mismatch.shape == [] and not mismatch.numpy()
    assert (x != tf.constant([1, 2])).numpy()
    assert (tf.constant([[1], [2]]) == tf.constant([1, 2])).shape == [2, 2]
    with pytest.raises(errors.InvalidArgumentError):
        _ = x == tf.constant([1.0, 2.0, 3.0])
    v = tf.Variable([1.0, 2.0])
    np.testing.assert_array_equal((v == tf.constant([1.0, 3.0])).numpy(), [True, False])
    assert tf.constant(1) in [tf.constant(2), tf.constant(1)]


def test_bitwise_and_logical_operators():
    a, b = tf.constant([12, -1, 5]), tf.constant([10, 3, 0])
    np.testing.assert_array_equal((a & b).numpy(), [8, 3, 0])
    np.testing.assert_array_equal((a | b).numpy(), [14, -1, 5])
    np.testing.assert_array_equal((a ^ b).numpy(), [6, -4, 5])
    np.testing.assert_array_equal((~a).numpy(), [-13, 0, -6])
    np.testing.assert_array_equal((6 | a).numpy(), [14, -1, 7])
    p, q = tf.constant([True, False]), tf.constant([True, True])
    assert (p & q).dtype is tf.bool
    np.testing.assert_array_equal((~p).numpy(), [False, True])
    np.testing.assert_array_equal((True ^ p).numpy(), [False, True])
    with pytest.raises(errors.InvalidArgumentError):
        tf.constant([1.0]) & tf.constant([1.0])
    with pytest.raises(TypeError):
        p & 1


def test_reflected_arithmetic_operators():
    x = tf.constant([2.0, 4.0])
    np.testing.assert_array_equal((1 - x).numpy(), [-1, -3])
    np.testing.assert_array_equal((8 / x).numpy(), [4, 2])
    np.testing.assert_array_equal((9 // x).numpy(), [4, 2])
    np.testing.assert_array_equal((9 % x).numpy(), [1, 1])
    np.testing.assert_array_equal((2 ** x).numpy(), [4, 16])
    np.testing.assert_array_equal(abs(-x).numpy(), [2, 4])
    np.testing.assert_array_equal((np.array([1.0, 1.0]) + x).numpy(), [3, 5])


# --- where and clip ------------------------------------------------------------------------------
def test_where_forms():
    idx = tf.where(tf.constant([[True, False], [False, True]]))
    assert idx.dtype is tf.int64 and idx.numpy().tolist() == [[0, 0], [1, 1]]
    assert tf.where(tf.constant([0.0, 0.0])).shape == [0, 1]
    out = tf.where(tf.constant([[True], [False]]), tf.constant([1.0, 2.0]), 0.0)
    np.testing.assert_array_equal(out.numpy(), [[1, 2], [0, 0]])
    with pytest.raises(ValueError, match="both be non-None"):
        tf.where(tf.constant([True]), tf.constant([1]))
    with pytest.raises(errors.InvalidArgumentError):
        tf.where(tf.constant([1, 0]), tf.constant([1, 2]), tf.constant([3, 4]))
    with pytest.raises(errors.InvalidArgumentError):
        tf.where(tf.constant(True))


def test_where_gradient_and_nan_free_branch():
    gx, gy = grads(lambda x, y: tf.where(tf.constant([[True], [False]]), x, y),
                   [1.0, 2.0], 3.0)
    np.testing.assert_array_equal(gx.numpy(), [1, 1])
    assert gy.numpy() == 2
    (g,) = grads(lambda x: tf.where(x > 0, tf.sqrt(x), 0.0), [-1.0, 0.0, 4.0])
    np.testing.assert_array_equal(g.numpy(), [0, 0, 0.25])


def test_clip_by_value_values_and_errors():
    x = tf.constant([-2.0, 0.5, 3.0])
    np.testing.assert_array_equal(tf.clip_by_value(x, -1, 1).numpy(), [-1, 0.5, 1])
    np.testing.assert_array_equal(tf.clip_by_value(x, 2.0, 1.0).numpy(), [2, 2, 2])
    with pytest.raises(ValueError):
        tf.clip_by_value(tf.constant([1.0]), tf.constant([0.0, 0.0]), 2.0)
    with pytest.raises(TypeError):
        tf.clip_by_value(tf.constant([1, 2]), 0.5, 1.5)


def test_clip_by_value_gradients_follow_tf():
    gx, glo, ghi = grads(tf.clip_by_value, [-2.0, -1.0, 0.0, 1.0, 2.0], -1.0, 1.0)
    np.testing.assert_array_equal(gx.numpy(), [0, 1, 1, 1, 0])  # bounds included
    assert glo.numpy() == 1 and ghi.numpy() == 1
    check_gradient(lambda x, lo, hi: tf.clip_by_value(x, lo, hi),
                   [np.array([-2.0, 0.3, 2.5]), np.array(-1.0), np.array(1.0)])


# --- gradients of piecewise ops ------------------------------------------------------------------
def test_maximum_minimum_tie_gradients_go_to_x():
    gx, gy = grads(tf.maximum, [1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(gx.numpy(), [0, 1, 1])
    np.testing.assert_array_equal(gy.numpy(), [1, 0, 0])
    gx, gy = grads(tf.minimum, [1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(gx.numpy(), [1, 1, 0])


def test_abs_sign_round_gradients():
    (g,) = grads(tf.abs, [-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(g.numpy(), [-1, 0, 1])
    (g,) = grads(tf.sign, [-2.0, 0.0])
    np.testing.assert_array_equal(g.numpy(), [0, 0])
    assert grads(tf.round, [0.3])[0] is None and grads(tf.floor, [0.3])[0] is None
    assert grads(tf.math.floordiv, [7.0], [2.0]) == [None, None]


def test_pow_gradients_follow_tf_at_zero_and_negative_bases():
    gx, gy = grads(tf.pow, [2.0, 0.0, -2.0, 0.0], [3.0, 2.0, 2.0, 0.5])
    np.testing.assert_allclose(gx.numpy(), [12, 0, -4, np.inf])
    np.testing.assert_allclose(gy.numpy(), [8 * math.log(2), 0, 0, 0])


def test_sqrt_rsqrt_reciprocal_gradients_vanish_with_zero_upstream():
    for fn in (tf.sqrt, tf.math.rsqrt, tf.math.reciprocal):
        x = tf.constant([0.0, -1.0])
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        g = tape.gradient(y, x, output_gradients=tf.zeros_like(x))
        np.testing.assert_array_equal(g.numpy(), [0, 0])


@pytest.mark.parametrize("fn,xs", [
    (lambda x, y: tf.atan2(x, y), [[0.3, -1.2], [2.0, 0.5]]),
    (lambda x, y: tf.math.floormod(x, y), [[7.5, -3.2], [2.0, 2.0]]),
    (lambda x, y: tf.math.squared_difference(x, y), [[1.0, 5.0], [3.0, -1.0]]),
    (lambda x, y: tf.math.xlogy(x, y), [[0.5, 2.0], [1.5, 3.0]]),
    (lambda x, y: tf.math.divide_no_nan(x, y), [[0.5, 2.0], [1.5, -3.0]]),
    (lambda x: tf.math.erfc(x) * tf.math.erf(x), [[-0.7, 0.2, 1.9, 4.5]]),
    (lambda x: tf.sigmoid(x) * tf.tanh(x), [[-3.0, 0.1, 2.0]]),
    (lambda x: tf.math.lgamma(x) + tf.math.digamma(x), [[0.7, 3.2, -1.5]]),
    (lambda x: tf.math.erfinv(x) + tf.math.ndtri(x), [[0.1, 0.6, 0.93]]),
    (lambda x: tf.math.erfcinv(x) * tf.math.lbeta(tf.stack([x, x + 1.0], 1)), [[0.2, 1.5]]),
    (lambda x: tf.abs(tf.complex(x, 2.0 * x)), [[0.7, -3.2]]),
    (lambda x, y: tf.math.angle(tf.complex(x, y)), [[0.7, -3.2], [1.5, 0.4]]),
    (lambda x, y: tf.math.real(tf.complex(x, y) * tf.complex(y, x)), [[0.7, -3.2], [1.5, 0.4]]),
    (lambda x, y: tf.math.imag(tf.exp(tf.complex(x, y))), [[0.7, -3.2], [1.5, 0.4]]),
    (lambda x, y: tf.abs(tf.pow(tf.complex(x, y), tf.complex(y, 0.5))), [[0.7, 1.2], [1.5, 0.4]]),
    (lambda x, y: tf.abs(tf.math.conj(tf.complex(x, y)) * tf.complex(y, y)), [[0.7], [1.5]]),
])
def test_gradients_against_finite_differences(fn, xs):
    check_gradient(fn, [np.array(x) for x in xs])


def test_second_derivatives():
    for fn, d2 in [(tf.tanh, lambda v: -2 * np.tanh(v) * (1 - np.tanh(v) ** 2)),
                   (tf.sigmoid, lambda v: (s := 1 / (1 + np.exp(-v))) * (1 - s) * (1 - 2 * s)),
                   (tf.math.erf, lambda v: -4 * v / math.sqrt(math.pi) * np.exp(-v * v)),
                   (tf.math.lgamma, lambda v: sum(1 / (v + k) ** 2 for k in range(200000)))]:
        x = tf.constant(0.7, tf.float64)
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = fn(x)
            dy = inner.gradient(y, x)
        np.testing.assert_allclose(outer.gradient(dy, x).numpy(), d2(0.7), rtol=1e-5)


def test_variables_are_operands_and_get_gradients():
    v = tf.Variable([-1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.maximum(v, 0.0) * tf.sigmoid(v))
    g = tape.gradient(y, v).numpy()
    s = 1 / (1 + np.exp(-2.0))
    np.testing.assert_allclose(g, [0.0, s + 2 * s * (1 - s)], rtol=1e-6)


# --- complex helpers ------------------------------------------------------------------------------
def test_complex_helpers():
    z = tf.complex(tf.constant([3.0, 0.0]), tf.constant([4.0, -1.0]))
    assert z.dtype is tf.complex64
    assert tf.abs(z).dtype is tf.float32
    np.testing.assert_allclose(tf.abs(z).numpy(), [5, 1])
    np.testing.assert_allclose(tf.math.angle(z).numpy(), [math.atan2(4, 3), -math.pi / 2],
                               rtol=1e-6)
    np.testing.assert_array_equal(tf.math.imag(tf.constant([1.0])).numpy(), [0.0])
    x = tf.constant([1, 2])
    assert tf.math.real(x) is x and tf.math.conj(x) is x
    np.testing.assert_array_equal(tf.math.angle(tf.constant([-2.0, 0.0])).numpy(),
                                  np.float32([np.pi, 0]))
    with pytest.raises(TypeError):
        tf.complex(tf.constant([1.0]), tf.constant([1.0], tf.float64))
    with pytest.raises(TypeError):
        tf.math.angle(tf.constant([1]))


# --- errors name the op ---------------------------------------------------------------------------
@pytest.mark.parametrize("fn,op", [
    (lambda: tf.sqrt(tf.constant([4])), "Sqrt"),
    (lambda: tf.maximum(tf.constant([1.0]), tf.constant([1.0], tf.float64)), "Maximum"),
    (lambda: tf.constant([1, 2]) + tf.constant([1, 2, 3]), "AddV2"),
    (lambda: tf.math.is_nan(tf.constant([1])), "IsNan"),
    (lambda: tf.logical_and(tf.constant([1]), tf.constant([1])), "LogicalAnd"),
    (lambda: tf.truncatediv(tf.constant([1]), tf.constant([0])), "TruncateDiv"),
])
def test_errors_name_the_op(fn, op):
    with pytest.raises(errors.OpError, match=op):
        fn()


def test_scalar_mul():
    np.testing.assert_array_equal(tf.math.scalar_mul(2, tf.constant([1.5])).numpy(), [3.0])
    with pytest.raises(ValueError, match="scalar"):
        tf.math.scalar_mul(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))
