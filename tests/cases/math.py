"""Cases for the elementwise math family (fluxion/ops/math_ops.py, unary_ops.py, special_ops.py):
binary arithmetic and division, pow, min/max, comparisons, logical and bitwise ops, select,
unary functions, complex helpers and the special functions."""
import math

import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

R = np.random.default_rng(7)
A = R.standard_normal((2, 3)).astype(np.float32)
B = R.standard_normal((2, 3)).astype(np.float32)
ROW = R.standard_normal((3,)).astype(np.float32)
COL = R.standard_normal((2, 1)).astype(np.float32)
POS = (R.random((2, 3)) + 0.5).astype(np.float32)
UNIT = (R.random((2, 3)) * 1.6 - 0.8).astype(np.float32)  # inside (-1, 1)
F64 = R.standard_normal((3, 4))
EMPTY = np.zeros((0, 3), np.float32)
I32 = np.array([[7, -7, 0], [5, -9, 12]], np.int32)
I32_NZ = np.array([[2, 2, -3], [-4, 5, 7]], np.int32)
I8 = np.array([100, -100, 3], np.int8)
U8 = np.array([7, 255, 0], np.uint8)
U8_NZ = np.array([2, 16, 3], np.uint8)
I64 = np.array([-(2**40), 5, 9], np.int64)
C64 = (R.standard_normal((2, 2)) + 1j * R.standard_normal((2, 2))).astype(np.complex64)
C128 = R.standard_normal(3) + 1j * R.standard_normal(3)
MASK = np.array([[True, False, True], [False, False, True]])
BOOL_ROW = np.array([True, False, True])
F16 = np.array([0.5, -1.25, 2.0], np.float16)
EDGE = np.array([-np.inf, -1.0, -0.0, 0.0, 1.0, np.inf, np.nan], np.float32)


def _quiet(f):
    """A reference that computes inf/NaN on purpose, without NumPy's RuntimeWarnings."""
    def ref(*xs):
        with np.errstate(all="ignore"):
            return f(*xs)
    return ref


def _vec(f, otype=np.float64):
    """A NumPy reference from a Python scalar function (math.erf ...), keeping the dtype."""
    def ref(x):
        out = np.frompyfunc(f, 1, 1)(np.asarray(x, np.float64)).astype(otype)
        return out.astype(np.asarray(x).dtype)
    return ref


def _digamma_ref(x):
    """digamma as a 4th-order central difference of math.lgamma (accurate to ~1e-10)."""
    lg = np.frompyfunc(math.lgamma, 1, 1)
    dtype = np.asarray(x).dtype
    x = np.asarray(x, np.float64)
    h = 1e-4
    d = (-lg(x + 2 * h) + 8 * lg(x + h) - 8 * lg(x - h) + lg(x - 2 * h)) / (12 * h)
    return d.astype(np.float64).astype(dtype)


def _zeta_ref(s, q, terms=2000):
    """Hurwitz zeta by a long direct sum plus the first Euler-Maclaurin corrections."""
    s, q = np.broadcast_arrays(np.asarray(s, np.float64), np.asarray(q, np.float64))
    k = np.arange(terms).reshape((-1,) + (1,) * s.ndim)
    a = q + terms
    tail = a ** (1 - s) / (s - 1) + 0.5 * a ** -s + s * a ** (-s - 1) / 12
    return np.sum((q + k) ** -s, axis=0) + tail


def _polygamma_ref(n, x):
    n = np.asarray(n, np.float64)
    fact = np.asarray(np.frompyfunc(math.factorial, 1, 1)(n.astype(int)), np.float64)
    return np.where(n % 2 == 1, 1.0, -1.0) * fact * _zeta_ref(n + 1, x)


def _sigmoid(x):
    return (1 / (1 + np.exp(-np.asarray(x, np.float64)))).astype(np.asarray(x).dtype)


def _floormod_float(x, y):
    m = np.fmod(x, y)
    return np.where((m != 0) & ((y < 0) != (m < 0)), m + y, m)


def _trunc_div_int(x, y):
    return (np.sign(x) * np.sign(y) * (np.abs(x) // np.abs(y))).astype(x.dtype)


def _complex(re, im):
    return (re + 1j * im).astype(np.complex64 if re.dtype == np.float32 else np.complex128)


BINARY = [
    Case("floor_div", [A, POS], ref=lambda x, y: np.floor(x / y)),
    Case("floor_div", [I32, I32_NZ], ref=np.floor_divide),
    Case("floor_div", [U8, U8_NZ], ref=np.floor_divide),
    Case("floor_div", [I64, np.int64(3)], ref=np.floor_divide),
    Case("floor_div", [F64, F64[:1] + 3.0], ref=lambda x, y: np.floor(x / y)),
    Case("floor_mod", [A * 4, POS], ref=_floormod_float),
    Case("floor_mod", [A * 4, -POS], ref=_floormod_float),
    Case("floor_mod", [I32, I32_NZ], ref=np.remainder),
    Case("floor_mod", [U8, U8_NZ], ref=np.remainder),
    Case("floor_mod", [F64 * 5, np.array(1.5)], ref=_floormod_float),
    Case("truncate_div", [I32, I32_NZ], ref=_trunc_div_int),
    Case("truncate_div", [A * 4, POS], ref=lambda x, y: np.trunc(x / y)),
    Case("truncate_div", [U8, U8_NZ], ref=np.floor_divide),
    Case("truncate_mod", [I32, I32_NZ], ref=np.fmod, grad=False,
         note="TF registers no gradient for TruncateMod (LookupError)"),
    Case("truncate_mod", [A * 4, POS], ref=np.fmod, grad=False,
         note="TF registers no gradient for TruncateMod (LookupError)"),
    Case("pow", [POS, A], ref=np.power),
    Case("pow", [POS, ROW], ref=np.power),
    Case("pow", [A, np.float32(2.0)], ref=np.power, grad_argnums=(0,),
         note="TF's d/dy is 0 where x <= 0 (finite differences give NaN there)"),
    Case("pow", [np.array([2, -3, 0, 1], np.int32), np.array([3, 3, 2, 0], np.int32)],
         ref=np.power),
    Case("pow", [C64, C64], ref=np.power, grad=False, rtol=1e-4, note="complex: see test_math"),
    Case("maximum", [A, B], ref=np.maximum),
    Case("maximum", [A, ROW], ref=np.maximum),
    Case("maximum", [I32, I32_NZ], ref=np.maximum),
    Case("maximum", [U8, U8_NZ], ref=np.maximum),
    Case("maximum", [EMPTY, ROW], ref=np.maximum),
    Case("minimum", [A, B], ref=np.minimum),
    Case("minimum", [COL, A], ref=np.minimum),
    Case("minimum", [I8, I8[::-1].copy()], ref=np.minimum),
    Case("squared_difference", [A, B], ref=lambda x, y: np.square(x - y)),
    Case("squared_difference", [A, ROW], ref=lambda x, y: np.square(x - y)),
    Case("squared_difference", [I32, I32_NZ], ref=lambda x, y: np.square(x - y)),
    Case("squared_difference", [C128, C128[::-1].copy()], grad=False,
         ref=lambda x, y: (x - y) * np.conj(x - y)),
    Case("div_no_nan", [A, POS], ref=np.divide),
    Case("div_no_nan", [A, np.where(MASK, 0, POS).astype(np.float32)], grad=False,
         ref=_quiet(lambda x, y: np.where(y == 0, 0, x / y).astype(np.float32)),
         note="the divisor has zeros: finite differences cannot cross them"),
    Case("div_no_nan", [F64, F64[0] + 5.0], ref=np.divide),
    Case("mul_no_nan", [A, B], ref=np.multiply),
    Case("mul_no_nan", [np.array([np.inf, np.nan, 2.0]), np.array([0.0, 0.0, 3.0])],
         grad=False, ref=_quiet(lambda x, y: np.where(y == 0, 0, x * y)),
         note="inf and NaN operands: finite differences are meaningless"),
    Case("mul_no_nan", [A, ROW], ref=np.multiply),
    Case("atan2", [A, B], ref=np.arctan2),
    Case("atan2", [A, ROW], ref=np.arctan2),
    Case("atan2", [F64, F64 + 1.0], ref=np.arctan2),
    Case("xlogy", [A, POS], ref=lambda x, y: x * np.log(y)),
    Case("xlogy", [np.array([0.0, 0.0, 2.0], np.float32), np.array([0.0, np.nan, 3.0],
                                                                   np.float32)],
         ref=_quiet(lambda x, y: np.where(x == 0, 0, x * np.log(y)).astype(np.float32)), grad=False,
         note="x == 0 with y = 0 or NaN: only values are checked"),
    Case("xdivy", [A, POS], ref=np.divide),
    Case("xdivy", [A, ROW], ref=np.divide),
    Case("xlog1py", [A, POS], ref=lambda x, y: x * np.log1p(y)),
    Case("xlog1py", [F64, np.abs(F64) + 0.1], ref=lambda x, y: x * np.log1p(y)),
]

COMPARE = [
    Case("equal", [I32, I32_NZ], ref=np.equal),
    Case("equal", [A, ROW], ref=np.equal),
    Case("equal", [MASK, BOOL_ROW], ref=np.equal),
    Case("equal", [np.array([b"a", b"b"], object), np.array(b"a", object)], ref=np.equal),
    Case("equal", [C64, C64], ref=np.equal),
    Case("not_equal", [A, A[:, :1]], ref=np.not_equal),
    Case("not_equal", [EDGE, EDGE], ref=np.not_equal),
    Case("less", [A, B], ref=np.less),
    Case("less", [U8, U8_NZ], ref=np.less),
    Case("less_equal", [I32, I32_NZ], ref=np.less_equal),
    Case("greater", [A, ROW], ref=np.greater),
    Case("greater", [EDGE, np.float32(0)], ref=np.greater),
    Case("greater_equal", [I64, I64[::-1].copy()], ref=np.greater_equal),
    Case("logical_and", [MASK, BOOL_ROW], ref=np.logical_and),
    Case("logical_or", [MASK, BOOL_ROW], ref=np.logical_or),
    Case("logical_xor", [MASK, BOOL_ROW], ref=np.logical_xor),
    Case("logical_not", [MASK], ref=np.logical_not),
    Case("bitwise_and", [I32, I32_NZ], ref=np.bitwise_and),
    Case("bitwise_or", [U8, U8_NZ], ref=np.bitwise_or),
    Case("bitwise_xor", [I64, np.int64(6)], ref=np.bitwise_xor),
    Case("invert", [I8], ref=np.invert),
    Case("invert", [U8], ref=np.invert),
]

SELECT = [
    Case("select", [A, B, MASK], ref=lambda x, y, c: np.where(c, x, y)),
    Case("select", [ROW, np.float32(0), MASK], ref=lambda x, y, c: np.where(c, x, y)),
    Case("select", [A, COL, BOOL_ROW], ref=lambda x, y, c: np.where(c, x, y)),
    Case("select", [I32, I32_NZ, MASK], ref=lambda x, y, c: np.where(c, x, y)),
    Case("select", [np.array([b"a", b"b", b"c"], object), np.array(b"z", object), BOOL_ROW],
         ref=lambda x, y, c: np.where(c, x, y), grad=False),
    Case("where_indices", [MASK], ref=lambda c: np.argwhere(c).astype(np.int64)),
    Case("where_indices", [A], ref=lambda c: np.argwhere(c).astype(np.int64)),
    Case("where_indices", [np.zeros((2, 0, 3), bool)],
         ref=lambda c: np.argwhere(c).astype(np.int64)),
]

UNARY = [
    Case("abs", [A], ref=np.abs),
    Case("abs", [I8], ref=np.abs),
    Case("abs", [F16], ref=np.abs),
    Case("complex_abs", [C64], ref=np.abs, grad=False, note="complex input: see test_math"),
    Case("sign", [A], ref=np.sign),
    Case("sign", [I32], ref=np.sign),
    Case("sign", [EDGE], ref=np.sign, grad=False),
    Case("sign", [C128], ref=lambda z: z / np.abs(z), grad=False),
    Case("square", [U8], ref=np.square),
    Case("square", [C64], ref=np.square, grad=False),
    Case("sqrt", [F64 ** 2 + 0.1], ref=np.sqrt),
    Case("sqrt", [C64], ref=np.sqrt, grad=False),
    Case("rsqrt", [POS], ref=lambda x: 1 / np.sqrt(x)),
    Case("rsqrt", [F16 ** 2], ref=lambda x: 1 / np.sqrt(x), rtol=1e-3),
    Case("rsqrt", [EDGE], ref=_quiet(lambda x: 1 / np.sqrt(x)), grad=False),
    Case("reciprocal", [POS], ref=np.reciprocal),
    Case("reciprocal", [F64 + 5.0], ref=np.reciprocal),
    Case("reciprocal", [C64], ref=np.reciprocal, grad=False),
    Case("exp", [F64], ref=np.exp),
    Case("exp", [C64], ref=np.exp, grad=False),
    Case("expm1", [A * 1e-3], ref=np.expm1),
    Case("expm1", [F64], ref=np.expm1),
    Case("log", [F64 ** 2 + 0.1], ref=np.log),
    Case("log", [EDGE], ref=_quiet(np.log), grad=False),
    Case("log1p", [POS - 0.4], ref=np.log1p),
    Case("log1p", [EDGE], ref=_quiet(np.log1p), grad=False),
    Case("tanh", [F64], ref=np.tanh),
    Case("tanh", [EDGE], ref=np.tanh, grad=False),
    Case("sigmoid", [A], ref=_sigmoid),
    Case("sigmoid", [F64 * 10], ref=_sigmoid),
    Case("sigmoid", [EDGE], ref=_sigmoid, grad=False),
    Case("sigmoid", [np.array([-100.0, -30.0, 0.0, 30.0], np.float32)], ref=_sigmoid),
    Case("sigmoid", [F16], ref=_sigmoid, rtol=1e-3),
    Case("sigmoid", [C64], ref=lambda z: 1 / (1 + np.exp(-z)), grad=False),
    Case("sin", [A], ref=np.sin),
    Case("cos", [F64], ref=np.cos),
    Case("tan", [UNIT], ref=np.tan),
    Case("asin", [UNIT], ref=np.arcsin),
    Case("acos", [UNIT], ref=np.arccos),
    Case("atan", [F64], ref=np.arctan),
    Case("sinh", [A], ref=np.sinh),
    Case("cosh", [A], ref=np.cosh),
    Case("asinh", [F64], ref=np.arcsinh),
    Case("acosh", [POS + 1.0], ref=np.arccosh),
    Case("atanh", [UNIT], ref=np.arctanh),
    Case("sin", [C64], ref=np.sin, grad=False),
    Case("round", [np.array([0.5, 1.5, 2.5, -0.5, -1.5, 0.4], np.float32)], ref=np.rint),
    Case("round", [F64 * 3], ref=np.rint),
    Case("rint", [F64 * 3], ref=np.rint),
    Case("floor", [A * 3], ref=np.floor),
    Case("floor", [F16], ref=np.floor),
    Case("ceil", [A * 3], ref=np.ceil),
    Case("is_nan", [EDGE], ref=np.isnan),
    Case("is_inf", [EDGE], ref=np.isinf),
    Case("is_finite", [EDGE.astype(np.float64)], ref=np.isfinite),
    Case("negative", [C64], ref=np.negative, grad=False),
    Case("negative", [I8], ref=np.negative),
    Case("negative", [EMPTY], ref=np.negative),
]

COMPLEX = [
    Case("complex", [A, B], ref=_complex, grad=False, note="complex output: see test_math"),
    Case("complex", [F64, F64[0].copy()], ref=_complex, grad=False),
    Case("real", [C128], ref=np.real, grad=False),
    Case("imag", [C64], ref=np.imag, grad=False),
    Case("angle", [C64], ref=np.angle, grad=False),
    Case("conj", [C128], ref=np.conj, grad=False),
    Case("cast", [C64], {"dtype": dtypes.float32}, ref=lambda z: z.real.astype(np.float32),
         grad=False),
    Case("cast", [A], {"dtype": dtypes.bool}, ref=lambda x: x != 0),
    Case("cast", [I64], {"dtype": dtypes.int8}, ref=lambda x: x.astype(np.int8)),
    Case("cast", [A], {"dtype": dtypes.float16}, ref=lambda x: x.astype(np.float16),
         grad=False, note="float16 outputs are too coarse for finite differences"),
]

SPECIAL = [
    Case("erf", [A], ref=_vec(math.erf)),
    Case("erf", [F64 * 3], ref=_vec(math.erf), rtol=1e-13, atol=1e-15),
    Case("erf", [EDGE], ref=_vec(math.erf), grad=False),
    Case("erf", [F16], ref=_vec(math.erf), rtol=1e-3),
    Case("erfc", [A * 2], ref=_vec(math.erfc)),
    Case("erfc", [np.array([1.5, 4.5, 10.0, 26.0, -3.0])], ref=_vec(math.erfc), rtol=1e-13,
         atol=0, grad=False),
    Case("lgamma", [POS * 4], ref=_vec(math.lgamma)),
    Case("lgamma", [np.array([-2.5, -0.5, 0.25, 7.5, 30.0])], ref=_vec(math.lgamma),
         rtol=1e-13),
    Case("lgamma", [np.array([1e5, 1e300, -1e15 - 0.5, 1e-300])], ref=_vec(math.lgamma),
         rtol=1e-13, grad=False, note="huge values: finite differences lose all digits"),
    Case("digamma", [POS * 4], ref=_digamma_ref, rtol=1e-5),
    Case("digamma", [np.array([-2.5, -0.3, 0.1, 3.0, 12.5, 200.0])], ref=_digamma_ref,
         rtol=1e-8),
    # TF has no gradient with respect to the order (polygamma) or the exponent (zeta)
    Case("polygamma", [np.array([1.0, 2.0, 3.0]), np.array([0.5, 2.5, 10.0])],
         ref=_polygamma_ref, rtol=1e-9, grad_argnums=(1,)),
    Case("polygamma", [np.float32(1.0), POS], grad_argnums=(1,),
         ref=lambda n, x: _polygamma_ref(n, x).astype(np.float32)),
    Case("zeta", [np.array([2.0, 3.5, 6.0]), np.array([1.0, 0.3, 4.0])], ref=_zeta_ref,
         rtol=1e-9, grad_argnums=(1,)),
    Case("zeta", [np.float32(2.5), POS], grad_argnums=(1,),
         ref=lambda s, q: _zeta_ref(s, q).astype(np.float32)),
]


def _erfinv_ref(y):
    """erfinv by bisection on math.erf / math.erfc (200 halvings reach double precision)."""
    def solve(v):
        if v > 0.5:  # bisect on erfc there: erf cannot resolve values next to 1
            return solve_erfc(1 - v)
        lo, hi = -30.0, 30.0
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if math.erf(mid) < v else (lo, mid)
        return (lo + hi) / 2

    def solve_erfc(t):
        lo, hi = 0.0, 30.0
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if math.erfc(mid) > t else (lo, mid)
        return (lo + hi) / 2
    return _vec(solve)(y)


INVERSE = [
    Case("erfinv", [UNIT], ref=_erfinv_ref),
    Case("erfinv", [np.array([-0.3, 1e-12, 0.5, 0.75])], ref=_erfinv_ref, rtol=1e-12),
    Case("erfinv", [np.array([-0.999999, 0.9999, 1 - 1e-15])], ref=_erfinv_ref, rtol=1e-12,
         grad=False, note="next to +-1 finite differences step past the domain"),
    Case("erfinv", [EDGE], grad=False, ref=lambda y: np.array(
        [np.nan, -np.inf, -0.0, 0.0, np.inf, np.nan, np.nan], np.float32)),
    Case("ndtri", [POS / 2], ref=lambda p: _erfinv_ref(2 * p - 1) * np.float32(math.sqrt(2))),
    Case("ndtri", [np.array([0.02, 0.5, 0.97])], rtol=1e-10,
         ref=lambda p: _erfinv_ref(2 * p - 1) * math.sqrt(2)),
    Case("ndtri", [np.array([1e-10, 1e-300])], rtol=1e-10, grad=False,
         ref=lambda p: np.array([-6.361340902404056, -37.0470962993612]),
         note="values from TF; finite differences step below 0"),
    Case("next_after", [A, B], ref=np.nextafter),
    Case("next_after", [F64, np.float64(0)], ref=np.nextafter),
]

CASES = INVERSE + BINARY + COMPARE + SELECT + UNARY + COMPLEX + SPECIAL
