"""Activation functions and softmax (``tf.nn.relu``, ``tf.nn.gelu``, ``tf.nn.softmax`` ...).

Activations are primitives with a companion gradient primitive (``relu_grad``, ``gelu_grad``
...), as TF's ReluGrad/EluGrad: the backward pass is then one kernel instead of a chain of
comparisons, casts and products. A gradient primitive's own vjp (second derivatives) is written
with public ops. Softmax and log-softmax are fused kernels (stable by max-subtraction) whose
vjps use public ops. Measured on 256x1000 float32, fused beats composing public ops by 2-3x for
a forward plus backward pass.

Kernels avoid `xp.where` and `xp.maximum` on floats: NumPy's masked select is ~20x slower than
arithmetic on random masks, and `clip` (which keeps NaN) is ~3x faster than `maximum`.
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops, reduce_ops
from fluxion.ops._util import FLOAT, REAL, static_ints
from fluxion.ops.conv_threads import over_batch

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _zeros(x) -> Tensor:
    return array_ops.zeros_like(x)


def _where_negative(y, value):
    """`value` where y < 0, else 0 (the second-derivative masks of elu/selu)."""
    return math_ops.where(math_ops.less(y, 0), value, array_ops.zeros_like(value))


def _work(xp, x):
    """Half precision is computed in float32 (exp sums lose too much in float16)."""
    return x.astype(xp.float32) if x.dtype == xp.float16 else x


# NumPy's clip *ufunc*: np.clip adds ~1 us of Python dispatch per call (and is slower on large
# arrays); other backends use their own clip.
_NP_CLIP = getattr(getattr(np, "_core", None), "umath", None)
_NP_CLIP = getattr(_NP_CLIP, "clip", np.clip)


def _clip(xp, x, lo, hi):
    return _NP_CLIP(x, lo, hi) if xp is np else xp.clip(x, lo, hi)


def _pos(xp, x):
    """max(x, 0) for floats, NaN kept. NumPy's maximum costs less per call, clip several times
    less per element (measured crossover about 6000 float32 elements)."""
    if x.size < 4096:
        return xp.maximum(0.0, x)  # this order keeps -0.0, as TF and clip do
    return _clip(xp, x, 0, xp.inf)


def _neg(xp, x):
    """min(x, 0) for floats."""
    return _clip(xp, x, -xp.inf, 0)


def _sigmoid_np(xp, x):
    """1 / (1 + exp(-x)) in x's dtype; exp's argument is clipped so it cannot overflow
    (masks with `where` are avoided: they are an order of magnitude slower in NumPy)."""
    w = x.astype(xp.float32) if x.dtype == xp.float16 else x
    e = xp.clip(w, -88.0 if w.dtype == xp.float32 else -708.0, xp.inf)
    xp.negative(e, out=e)
    xp.exp(e, out=e)
    e += 1
    return xp.reciprocal(e, out=e).astype(x.dtype, copy=False)


# --- relu / relu6 / leaky_relu -------------------------------------------------------------------
# Large arrays are split between threads (NumPy releases the GIL in ufunc loops: measured 1.5x
# on 2 cores for 2.4M float32 in cache), and the kernels take `out=`, so a compiled graph can have
# them write into the buffer of an input that dies here (see graph.executor.reusable_buffers).
_THREAD_SIZE = 1 << 18  # elements (conv_threads.over_batch has the final say)


def _threaded(fn, *arrays) -> bool:
    """Runs fn(*slices) over matching slices of the flattened arrays, between threads, when
    they are NumPy arrays, large, C-contiguous and of one size; else returns False."""
    first = arrays[0]
    if type(first) is not np.ndarray or first.size < _THREAD_SIZE or not all(
            a.flags.c_contiguous and a.size == first.size for a in arrays):
        return False
    flat = [a.reshape(-1) for a in arrays]
    over_batch(lambda lo, hi: fn(*[a[lo:hi] for a in flat]), first.size, first.nbytes)
    return True


def _relu_kernel(xp, x, out=None):
    if x.dtype.kind != "f":
        return xp.maximum(x, 0, out=out)
    if out is None:
        if x.size < _THREAD_SIZE:
            return _pos(xp, x)
        out = xp.empty_like(x)
    if not _threaded(lambda a, o: _NP_CLIP(a, 0, np.inf, out=o), x, out):
        (_NP_CLIP if xp is np else xp.clip)(x, 0, xp.inf, out=out)
    return out


_relu_kernel.writes_out = True  # graph.executor: takes `out=`, reads elementwise


def _relu_grad_kernel(xp, g, x, out=None):
    """g * (x > 0): NaN and -0.0 products stay, as in TF (x may be relu's output: the same
    mask). The product by the bool mask is the cheapest NumPy has (a float mask costs a
    conversion pass, `where` several times more)."""
    if out is None and g.shape == x.shape and g.size >= _THREAD_SIZE:
        out = xp.empty_like(g)
    if out is None or not _threaded(lambda a, b, o: np.multiply(a, np.greater(b, 0), out=o),
                                    g, x, out):
        return xp.multiply(g, x > 0, out=out)
    return out


_relu_grad_kernel.writes_out = True


_relu_grad = defop("relu_grad", _relu_grad_kernel, infer=_infer.same, dtypes=FLOAT,
                   vjp=lambda gg, out, g, x: (_relu_grad(gg, x), _zeros(x)))
# the gradient reads relu's output, as TF's ReluGrad does: its input can then die early (and a
# compiled graph can compute relu in that input's buffer)
_relu = defop("relu", _relu_kernel, infer=_infer.same, dtypes=REAL,
              vjp=lambda g, out, x: (_relu_grad(g, out),))


def relu(features, name=None) -> Tensor:
    """max(features, 0); the gradient at 0 is 0, as in TF."""
    return _relu(features)


def _relu6_kernel(xp, x):
    return _clip(xp, x, 0, 6)


def _relu6_grad_kernel(xp, g, x):
    return g * ((x > 0) & (x < 6))


_relu6_grad = defop("relu6_grad", _relu6_grad_kernel, infer=_infer.same, dtypes=FLOAT,
                    vjp=lambda gg, out, g, x: (_relu6_grad(gg, x), _zeros(x)))
_relu6 = defop("relu6", _relu6_kernel, infer=_infer.same, dtypes=REAL,
               vjp=lambda g, out, x: (_relu6_grad(g, x),))


def relu6(features, name=None) -> Tensor:
    """min(max(features, 0), 6); the gradient is 0 at both kinks, as in TF."""
    return _relu6(features)


def _leaky_kernel(xp, x, alpha):
    out = _neg(xp, x)
    out *= alpha
    out += _pos(xp, x)
    return out


def _leaky_grad_kernel(xp, g, x, alpha):
    factor = (x > 0).astype(g.dtype)  # 1 where x > 0, alpha elsewhere
    factor *= 1 - alpha
    factor += alpha
    factor *= g
    return factor


_leaky_relu_grad = defop(
    "leaky_relu_grad", _leaky_grad_kernel, infer=_infer.same, dtypes=FLOAT,
    vjp=lambda gg, out, g, x, alpha: (_leaky_relu_grad(gg, x, alpha=alpha), _zeros(x)))
_leaky_relu = defop("leaky_relu", _leaky_kernel, infer=_infer.same, dtypes=FLOAT,
                    vjp=lambda g, out, x, alpha: (_leaky_relu_grad(g, x, alpha=alpha),))


def leaky_relu(features, alpha=0.2, name=None) -> Tensor:
    """features where features > 0, else alpha * features. Integers are cast to float32."""
    x = _tensor(features)
    if x._value.dtype.kind in "iu":
        x = math_ops.cast(x, "float32")
    return _leaky_relu(x, alpha=float(alpha))


# --- elu / selu ----------------------------------------------------------------------------------
def _elu_kernel(xp, x):
    out = xp.expm1(_neg(xp, x))
    out += _pos(xp, x)
    return out


def _elu_grad_kernel(xp, g, y):
    factor = _neg(xp, y)  # y + 1 = exp(x) where y < 0, else 1
    factor += 1
    factor *= g
    return factor


def _vjp_elu_grad(gg, out, g, y):
    return _elu_grad(gg, y), _where_negative(y, math_ops.multiply(gg, g))


_elu_grad = defop("elu_grad", _elu_grad_kernel, infer=_infer.same, dtypes=FLOAT,
                  vjp=_vjp_elu_grad)
_elu = defop("elu", _elu_kernel, infer=_infer.same, dtypes=FLOAT,
             vjp=lambda g, out, x: (_elu_grad(g, out),))


def elu(features, name=None) -> Tensor:
    """exp(features) - 1 where features < 0, else features."""
    return _elu(features)


def _selu_kernel(xp, x):
    out = xp.expm1(_neg(xp, x))
    out *= _SELU_SCALE * _SELU_ALPHA
    out += _pos(xp, x) * _SELU_SCALE
    return out


def _selu_grad_kernel(xp, g, y):
    # y + scale * alpha where y < 0, else scale
    factor = (y < 0).astype(y.dtype)
    factor *= _SELU_SCALE * _SELU_ALPHA - _SELU_SCALE
    factor += _neg(xp, y)
    factor += _SELU_SCALE
    factor *= g
    return factor


def _vjp_selu_grad(gg, out, g, y):
    return _selu_grad(gg, y), _where_negative(y, math_ops.multiply(gg, g))


_selu_grad = defop("selu_grad", _selu_grad_kernel, infer=_infer.same, dtypes=FLOAT,
                   vjp=_vjp_selu_grad)
_selu = defop("selu", _selu_kernel, infer=_infer.same, dtypes=FLOAT,
              vjp=lambda g, out, x: (_selu_grad(g, out),))


def selu(features, name=None) -> Tensor:
    """Scaled ELU: scale * (features if > 0 else alpha * (exp(features) - 1))."""
    return _selu(features)


# --- softplus / softsign / log_sigmoid -----------------------------------------------------------
def _softplus_kernel(xp, x):
    # max(x, 0) + log1p(exp(-|x|)): exact, no overflow, and 8x faster than logaddexp
    out = xp.log1p(xp.exp(-xp.abs(x)))
    out += _pos(xp, x)
    return out


def _softplus_grad_kernel(xp, g, x):
    return g * _sigmoid_np(xp, x)


def _vjp_softplus_grad(gg, out, g, x):
    s = math_ops.sigmoid(x)
    d2 = math_ops.multiply(s, math_ops.subtract(1, s))
    return _softplus_grad(gg, x), math_ops.multiply(math_ops.multiply(gg, g), d2)


_softplus_grad = defop("softplus_grad", _softplus_grad_kernel, infer=_infer.same,
                       dtypes=FLOAT, vjp=_vjp_softplus_grad)
_softplus = defop("softplus", _softplus_kernel, infer=_infer.same, dtypes=FLOAT,
                  vjp=lambda g, out, x: (_softplus_grad(g, x),))


def softplus(features, name=None) -> Tensor:
    """log(exp(features) + 1), computed without overflow."""
    return _softplus(features)


def log_sigmoid(x, name=None) -> Tensor:
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    return math_ops.negative(_softplus(math_ops.negative(_tensor(x))))


def _softsign_kernel(xp, x):
    return x / (1 + xp.abs(x))


def _softsign_grad_kernel(xp, g, x):
    d = 1 + xp.abs(x)
    return g / (d * d)


def _vjp_softsign_grad(gg, out, g, x):
    # d/dx (1 + |x|)^-2 = -2 sign(x) (1 + |x|)^-3
    d = math_ops.add(math_ops.abs(x), 1)
    d2 = math_ops.divide(math_ops.multiply(math_ops.sign(x), -2), math_ops.pow(d, 3))
    return _softsign_grad(gg, x), math_ops.multiply(math_ops.multiply(gg, g), d2)


_softsign_grad = defop("softsign_grad", _softsign_grad_kernel, infer=_infer.same,
                       dtypes=FLOAT, vjp=_vjp_softsign_grad)
_softsign = defop("softsign", _softsign_kernel, infer=_infer.same, dtypes=FLOAT,
                  vjp=lambda g, out, x: (_softsign_grad(g, x),))


def softsign(features, name=None) -> Tensor:
    """features / (1 + |features|)."""
    return _softsign(features)


# --- swish / silu -------------------------------------------------------------------------------
# A Python `beta` is a static attribute of one fused primitive (the common silu(x) case); a
# tensor `beta` (trainable) goes through public ops so that it gets its gradient too.
def _swish_kernel(xp, x, beta):
    return x * _sigmoid_np(xp, x * beta)


def _swish_grad_kernel(xp, g, x, beta):
    s = _sigmoid_np(xp, x * beta)
    d = (1 - s) * s  # sigmoid' at beta * x
    d *= x * beta
    d += s
    d *= g
    return d


def _vjp_swish_grad(gg, out, g, x, beta):
    s = math_ops.sigmoid(math_ops.multiply(x, beta))
    ds = math_ops.multiply(s, math_ops.subtract(1, s))
    bx = math_ops.multiply(x, beta)
    # d/dx [s + bx s'] = beta s' (2 + bx (1 - 2 s))
    d2 = math_ops.multiply(math_ops.multiply(ds, beta), math_ops.add(
        math_ops.multiply(bx, math_ops.subtract(1, math_ops.multiply(s, 2))), 2))
    return _swish_grad(gg, x, beta=beta), math_ops.multiply(math_ops.multiply(gg, g), d2)


_swish_grad = defop("swish_grad", _swish_grad_kernel, infer=_infer.same, dtypes=FLOAT,
                    vjp=_vjp_swish_grad)
_swish = defop("swish", _swish_kernel, infer=_infer.same, dtypes=FLOAT,
               vjp=lambda g, out, x, beta: (_swish_grad(g, x, beta=beta),))


def swish(features, beta=1.0, name=None) -> Tensor:
    """features * sigmoid(beta * features); `beta` may be a (trainable) tensor."""
    x = _tensor(features)
    if x._value.dtype.kind != "f":
        raise InvalidArgumentError(
            f"Value for attr 'T' of {x.dtype.name} is not in the list of allowed values: "
            f"bfloat16, half, float, double [Op:Swish]")
    if isinstance(beta, (int, float)):
        return _swish(x, beta=float(beta))
    b = math_ops.cast(_tensor(beta), x.dtype)
    return math_ops.multiply(x, math_ops.sigmoid(math_ops.multiply(b, x)))


silu = swish


# --- gelu ----------------------------------------------------------------------------------------
_SQRT_2_OVER_PI = 0.7978845608028654
_INV_SQRT_2PI = 0.3989422804014327
_GELU_CUBIC = 0.044715
# erfc(a) ~ t exp(-a^2 + P(t)), t = 1 / (1 + a/2), a >= 0: Chebyshev fit with relative error
# below 1.2e-7 (Numerical Recipes' erfcc), enough for float32; float64 uses tf.math.erfc.
_ERFC_P = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
           -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def _normal_cdf(xp, x):
    """Phi(x) = erfc(-x / sqrt(2)) / 2 for float32 arrays, vectorised without masks."""
    a = xp.abs(x) * 0.7071067811865476
    t = 1 / (1 + 0.5 * a)
    poly = xp.full_like(t, _ERFC_P[-1])
    for c in _ERFC_P[-2::-1]:
        poly *= t
        poly += c
    poly -= a * a
    tail = t * xp.exp(poly)  # erfc(|x| / sqrt(2)) = 2 Phi(-|x|)
    return 0.5 * tail + (x > 0) * (1 - tail)


def _gelu_parts(xp, x, approximate):
    """(Phi-like factor, its derivative part) so that gelu = x * f and gelu' = f + x * f'."""
    if approximate:
        th = xp.tanh(_SQRT_2_OVER_PI * (x + _GELU_CUBIC * x * x * x))
        f = 0.5 * (1 + th)
        df = 0.5 * (1 - th * th) * _SQRT_2_OVER_PI * (1 + 3 * _GELU_CUBIC * x * x)
        return f, df
    return _normal_cdf(xp, x), _INV_SQRT_2PI * xp.exp(-0.5 * x * x)


def _gelu_kernel(xp, x, approximate):
    w = _work(xp, x)
    return (w * _gelu_parts(xp, w, approximate)[0]).astype(x.dtype, copy=False)


def _gelu_grad_kernel(xp, g, x, approximate):
    w = _work(xp, x)
    f, df = _gelu_parts(xp, w, approximate)
    return (g * (f + w * df)).astype(x.dtype, copy=False)


def _gelu_second(x, approximate):
    """gelu''(x) with public ops."""
    pdf = math_ops.multiply(math_ops.exp(math_ops.multiply(math_ops.square(x), -0.5)),
                            _INV_SQRT_2PI)
    if not approximate:  # d/dx [Phi + x phi] = phi (2 - x^2)
        return math_ops.multiply(pdf, math_ops.subtract(2, math_ops.square(x)))
    # u = c (x + k x^3), T = tanh(u): gelu'' = (1 - T^2) (u' + x (u''/2 - T u'^2))
    x2 = math_ops.square(x)
    th = math_ops.tanh(math_ops.multiply(math_ops.add(x, math_ops.multiply(
        math_ops.multiply(x2, x), _GELU_CUBIC)), _SQRT_2_OVER_PI))
    du = math_ops.multiply(math_ops.add(math_ops.multiply(x2, 3 * _GELU_CUBIC), 1),
                           _SQRT_2_OVER_PI)
    half_d2u = math_ops.multiply(x, 3 * _GELU_CUBIC * _SQRT_2_OVER_PI)
    inner = math_ops.subtract(half_d2u, math_ops.multiply(th, math_ops.square(du)))
    sech2 = math_ops.subtract(1, math_ops.square(th))
    return math_ops.multiply(sech2, math_ops.add(du, math_ops.multiply(x, inner)))


def _vjp_gelu_grad(gg, out, g, x, approximate):
    d2 = _gelu_second(x, approximate)
    return (_gelu_grad(gg, x, approximate=approximate),
            math_ops.multiply(math_ops.multiply(gg, g), d2))


_gelu_grad = defop("gelu_grad", _gelu_grad_kernel, infer=_infer.same,
                   dtypes=FLOAT, vjp=_vjp_gelu_grad)
_gelu = defop("gelu", _gelu_kernel, infer=_infer.same, dtypes=FLOAT,
              vjp=lambda g, out, x, approximate: (_gelu_grad(g, x, approximate=approximate),))


def gelu(features, approximate=False, name=None) -> Tensor:
    """Gaussian error linear unit x * Phi(x), or its tanh approximation."""
    x = _tensor(features)
    if not x.dtype.is_floating:
        raise ValueError(f"`features.dtype` must be a floating point tensor.Received:"
                         f"features.dtype={x.dtype!r}")
    if approximate or x.dtype is not dtypes.float64:
        return _gelu(x, approximate=bool(approximate))
    # float64 needs erfc to 1e-16: TF's formula with tf.math.erfc
    phi = math_ops.erfc(math_ops.multiply(math_ops.negative(x), 0.7071067811865476))
    return math_ops.multiply(math_ops.multiply(x, 0.5), phi)


def crelu(features, axis=-1, name=None) -> Tensor:
    """Concatenated ReLU: relu of [features, -features] joined along `axis`."""
    x = _tensor(features)
    return _relu(array_ops.concat([x, math_ops.negative(x)], axis))


# --- softmax / log_softmax -----------------------------------------------------------------------
def _softmax_kernel(xp, x, axis):
    if x.size == 0:
        return x.copy()
    w = _work(xp, x)
    e = w - w.max(axis=axis, keepdims=True)
    xp.exp(e, out=e)
    e /= e.sum(axis=axis, keepdims=True)
    return e.astype(x.dtype, copy=False)


def _vjp_softmax(g, out, x, axis):
    gy = math_ops.multiply(g, out)
    total = reduce_ops.reduce_sum(gy, axis=axis, keepdims=True)
    return (math_ops.subtract(gy, math_ops.multiply(out, total)),)


def _log_softmax_kernel(xp, x, axis):
    if x.size == 0:
        return x.copy()
    w = _work(xp, x)
    shifted = w - w.max(axis=axis, keepdims=True)
    shifted -= xp.log(xp.exp(shifted).sum(axis=axis, keepdims=True))
    return shifted.astype(x.dtype, copy=False)


def _vjp_log_softmax(g, out, x, axis):
    total = reduce_ops.reduce_sum(g, axis=axis, keepdims=True)
    return (math_ops.subtract(g, math_ops.multiply(math_ops.exp(out), total)),)


_softmax = defop("softmax", _softmax_kernel, vjp=_vjp_softmax, infer=_infer.same, dtypes=FLOAT)
_log_softmax = defop("log_softmax", _log_softmax_kernel, vjp=_vjp_log_softmax,
                     infer=_infer.same, dtypes=FLOAT, tf_name="LogSoftmax")


def softmax_axis(axis, rank: int) -> int:
    """TF's `axis`/`dim` argument of softmax-like ops as a non-negative int."""
    a = -1 if axis is None else axis if type(axis) is int else static_ints(axis, "axis")
    if not -rank <= a < rank:
        raise InvalidArgumentError(
            f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number of "
            f"dimensions in the input. Received: dim={a}")
    return a % rank


def softmax(logits, axis=None, name=None) -> Tensor:
    """exp(logits) / sum(exp(logits), axis), along the last axis by default."""
    x = _tensor(logits)
    return _softmax(x, axis=softmax_axis(axis, x._value.ndim))


def log_softmax(logits, axis=None, name=None) -> Tensor:
    """logits - log(sum(exp(logits), axis)), along the last axis by default."""
    x = _tensor(logits)
    return _log_softmax(x, axis=softmax_axis(axis, x._value.ndim))


__all__: list = []
_nn_exports = ("relu", "relu6", "leaky_relu", "elu", "selu", "softplus", "softsign", "swish",
               "silu", "gelu", "crelu", "softmax", "log_softmax")
_math_exports = ("softplus", "softsign", "log_sigmoid", "softmax", "log_softmax")
