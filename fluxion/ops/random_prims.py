"""Random-number primitives: kernels that are deterministic functions of a `seed` input.

Every kernel draws from NumPy's Philox counter-based generator keyed by its seed, so the same
seed, shape and dtype always give the same numbers. The state that makes consecutive stateful
calls differ (global seed, op counters, `Generator` state) lives in the public wrappers
(`random_ops`, `random_generator`), which pass a fresh seed to every call.

A seed input is an integer tensor of shape [2] (a stateless seed, ``tf.random.stateless_*``)
or [3] (key0, key1, counter: one stream of a stateful wrapper). The forms use different Philox
counter domains, so a stateless seed never replays a stateful stream.
"""
from __future__ import annotations

import numbers
import threading

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import DType, as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError, NotFoundError
from fluxion.ops import _infer, math_ops, reduce_ops
from fluxion.ops._util import FLOAT, runtime_shape, static_value, unbroadcast

_MASK64 = (1 << 64) - 1
# The top Philox counter word separates the streams of different uses of a seed.
STATEFUL, STATELESS, SPLIT, FOLD_IN = 0, 1, 2, 3
_EMPTY = np.zeros(4, np.uint64)
_local = threading.local()


def philox(seed, domain: int = STATELESS, offset: int = 0) -> np.random.Generator:
    """A NumPy Generator positioned at the stream that `seed` (shape [2] or [3]) names."""
    words = [int(w) & _MASK64 for w in seed.tolist()]
    if len(words) == 3:
        key, counter = words[:2], [0, words[2], 0, STATEFUL]
    elif len(words) == 2:
        key, counter = words, [0, offset & _MASK64, 0, domain]
    else:
        raise InvalidArgumentError(f"seed must have shape [2], not {list(seed.shape)}")
    cached = getattr(_local, "philox", None)
    if cached is None:  # one generator per thread, re-positioned on every call (cheap)
        bits = np.random.Philox(key=0)
        cached = _local.philox = (bits, np.random.Generator(bits))
    bits, gen = cached
    bits.state = {"bit_generator": "Philox",
                  "state": {"counter": np.array(counter, np.uint64),
                            "key": np.array(key, np.uint64)},
                  "buffer": _EMPTY, "buffer_pos": 4, "has_uint32": 0, "uinteger": 0}
    return gen


def unit_uniform(gen: np.random.Generator, shape, npd) -> np.ndarray:
    """Uniform floats in [0, 1) of NumPy dtype `npd`; never rounds up to 1."""
    if npd == np.float16:  # 11 random bits: every k / 2048 is exact in float16
        k = gen.integers(0, 2048, size=shape, dtype=np.int16)
        return k.astype(np.float16) * np.float16(1 / 2048)
    return gen.random(shape, dtype=npd)


def _standard_normal(gen: np.random.Generator, shape, npd) -> np.ndarray:
    if npd == np.float16:
        return gen.standard_normal(shape, dtype=np.float32).astype(np.float16)
    return gen.standard_normal(shape, dtype=npd)


def _affine(z, mean: float, stddev: float, npd):
    if mean == 0.0 and stddev == 1.0:
        return z
    return z * np.asarray(stddev, npd) + np.asarray(mean, npd)


def _infer_sample(*specs: Spec, shape, dtype, **attrs) -> Spec:
    return Spec(tuple(shape), dtype)


# --- uniform / normal / truncated normal ---------------------------------------------------------
def _uniform_kernel(xp, seed, shape, dtype, minval, maxval):
    npd = dtype._np
    u = unit_uniform(philox(seed), shape, npd)
    if minval != 0.0 or maxval != 1.0:
        lo = np.asarray(minval, npd)
        u = u * (np.asarray(maxval, npd) - lo) + lo
    return xp.asarray(u)


def _uniform_int_kernel(xp, seed, shape, dtype, minval, maxval):
    npd = dtype._np
    gen = philox(seed)
    if minval is None:  # the whole range of the dtype (stateless_uniform, uniform_full_int)
        info = np.iinfo(npd)
        return xp.asarray(gen.integers(info.min, info.max, size=shape, dtype=npd, endpoint=True))
    if minval >= maxval:
        raise InvalidArgumentError(f"Need minval < maxval, got {minval} >= {maxval} "
                                   f"[Op:RandomUniformInt]")
    return xp.asarray(gen.integers(minval, maxval, size=shape, dtype=npd))


def _normal_kernel(xp, seed, shape, dtype, mean, stddev):
    npd = dtype._np
    return xp.asarray(_affine(_standard_normal(philox(seed), shape, npd), mean, stddev, npd))


def _truncated_normal_kernel(xp, seed, shape, dtype, mean, stddev):
    """Standard normals with every value beyond 2 standard deviations drawn again."""
    npd = dtype._np
    work = np.float64 if npd == np.float64 else np.float32
    gen = philox(seed)
    z = gen.standard_normal(shape, dtype=work)
    bad = np.flatnonzero(np.abs(z) > 2)
    flat = z.reshape(-1)
    while bad.size:  # ~4.6% redrawn per round: a handful of shrinking rounds
        flat[bad] = gen.standard_normal(bad.size, dtype=work)
        bad = bad[np.abs(flat[bad]) > 2]
    return xp.asarray(_affine(z.astype(npd), mean, stddev, npd))


uniform_p = defop("random_uniform", _uniform_kernel, infer=_infer_sample, tf_name="RandomUniform")
uniform_int_p = defop("random_uniform_int", _uniform_int_kernel, infer=_infer_sample,
                      tf_name="RandomUniformInt")
normal_p = defop("random_normal", _normal_kernel, infer=_infer_sample,
                 tf_name="RandomStandardNormal")
truncated_normal_p = defop("truncated_normal", _truncated_normal_kernel, infer=_infer_sample,
                           tf_name="TruncatedNormal")


def _shaped(prim):
    """`prim` with its shape as an int tensor input (sizes known only when a graph runs, e.g.
    `tf.random.normal((tf.shape(x)[0], 2))` in a Keras layer): the same kernel and values."""
    kernel = prim.kernel

    def shaped_kernel(xp, seed, dims, **attrs):
        return kernel(xp, seed, shape=tuple(int(d) for d in np.asarray(dims).reshape(-1)),
                      **attrs)

    def infer(seed: Spec, dims: Spec, dtype, **attrs) -> Spec:
        n = dims.shape[0] if dims.shape is not None and len(dims.shape) == 1 else None
        return Spec(None if n is None else (None,) * n, dtype)

    return defop(f"{prim.name}_shaped", shaped_kernel, infer=infer, tf_name=prim.tf_name,
                 same_dtype=0, doc=f"{prim.name} with the shape as a tensor input")


SHAPED = {p.name: _shaped(p) for p in (uniform_p, uniform_int_p, normal_p, truncated_normal_p)}


def sample(prim, seed, dims, **attrs) -> Tensor:
    """prim(seed, shape=dims, ...), or its shaped form when `dims` is a run-time tensor."""
    if isinstance(dims, tuple):
        return prim(seed, shape=dims, **attrs)
    return SHAPED[prim.name](seed, dims, **attrs)


# --- categorical ---------------------------------------------------------------------------------
def _count_at_most(cdf: np.ndarray, v: np.ndarray) -> np.ndarray:
    """For each row r and query j: how many entries of cdf[r] are <= v[r, j]."""
    b, c = cdf.shape
    s = v.shape[1]
    if s == 1 or b * s * c <= 1 << 22:
        return np.sum(cdf[:, None, :] <= v[:, :, None], axis=2)
    return np.stack([np.searchsorted(cdf[r], v[r], side="right") for r in range(b)])


def _categorical_kernel(xp, logits, seed, num_samples, dtype):
    if logits.ndim != 2:
        raise InvalidArgumentError(f"logits should be a matrix, got shape "
                                   f"{list(logits.shape)} [Op:Multinomial]")
    if num_samples < 0:
        raise InvalidArgumentError(f"num_samples should be non-negative, got {num_samples} "
                                   f"[Op:Multinomial]")
    b, c = logits.shape
    if c == 0:
        raise InvalidArgumentError("num_classes should be positive, got 0 [Op:Multinomial]")
    x = np.asarray(logits, np.float64)
    p = np.exp(x - x.max(axis=1, keepdims=True))
    # +inf logits share all the mass; rows without a finite logit get num_classes, like TF
    p = np.where(np.isnan(p), np.where(x == np.inf, 1.0, 0.0), p)
    cdf = np.cumsum(p, axis=1)
    total = cdf[:, -1:]
    v = philox(seed).random((b, num_samples)) * total
    idx = _count_at_most(cdf, v)
    # v can round up to the total: fall back to the last class with positive probability
    last = np.argmax(cdf >= total, axis=1)[:, None]
    idx = np.where(total > 0, np.minimum(idx, last), idx)
    return xp.asarray(idx.astype(dtype._np))


def _infer_categorical(logits: Spec, seed: Spec, num_samples, dtype) -> Spec:
    batch = None if logits.shape is None else logits.shape[0]
    return Spec((batch, num_samples), dtype)


categorical_p = defop("random_categorical", _categorical_kernel, infer=_infer_categorical,
                      dtypes=FLOAT, same_dtype=1, tf_name="Multinomial")


# --- shuffle -------------------------------------------------------------------------------------
def _shuffle_kernel(xp, value, seed):
    if value.ndim == 0 or value.shape[0] < 2:
        return value
    return xp.take(value, xp.asarray(philox(seed).permutation(value.shape[0])), axis=0)


shuffle_p = defop("random_shuffle", _shuffle_kernel, infer=_infer.same, same_dtype=1,
                  tf_name="RandomShuffle")


# --- dropout -------------------------------------------------------------------------------------
def _mask_shape(noise_shape, xshape) -> tuple:
    """noise_shape with its -1 dims (x's own, see random_ops._noise_shape) filled in."""
    if -1 not in noise_shape:
        return tuple(noise_shape)
    return tuple(x if d == -1 else d for d, x in zip(noise_shape, xshape))


def _dropout_kernel(xp, x, rate, seed, noise_shape):
    keep = unit_uniform(philox(seed), _mask_shape(noise_shape, x.shape), x.dtype) >= rate
    scale = np.asarray(1, x.dtype) / (np.asarray(1, x.dtype) - rate)
    return xp.where(keep, x * scale, xp.zeros((), x.dtype))


def _vjp_dropout(g, out, x, rate, seed, noise_shape):
    # the same seed gives the same mask: kept units pass g * 1/(1-rate), dropped ones 0
    gx = unbroadcast(dropout_p(g, rate, seed, noise_shape=noise_shape), x)
    g_rate = math_ops.divide(reduce_ops.reduce_sum(math_ops.multiply(g, out)),
                             math_ops.subtract(1, rate))
    return gx, g_rate, None


def _infer_dropout(x: Spec, rate: Spec, seed: Spec, noise_shape) -> Spec:
    if x.shape is not None and -1 in noise_shape:
        noise_shape = tuple(x if d == -1 else d for d, x in zip(noise_shape, x.shape))
    return Spec(_infer.broadcast_shapes(x.shape, tuple(noise_shape)), x.dtype)


dropout_p = defop("dropout", _dropout_kernel, vjp=_vjp_dropout, infer=_infer_dropout,
                  dtypes=FLOAT, same_dtype=2, tf_name="Dropout")


# --- gamma / poisson / binomial ------------------------------------------------------------------
def _gamma_kernel(xp, alpha, seed, shape):
    npd = alpha.dtype
    a = np.broadcast_to(alpha, shape).astype(np.float64)
    positive = a > 0
    s = philox(seed).standard_gamma(np.where(positive, a, 1.0)).astype(npd)
    tiny = np.finfo(npd).tiny  # as TF: alpha = 0 and underflow give the smallest normal
    s = np.where(positive, np.maximum(s, tiny), np.where(a == 0, tiny, np.nan))
    return xp.asarray(s.astype(npd))


def _poisson_kernel(xp, lam, seed, shape, dtype):
    rate = np.broadcast_to(lam, shape).astype(np.float64)
    rate = np.where(rate > 0, rate, 0.0)  # TF gives 0 for lam <= 0
    return xp.asarray(np.asarray(philox(seed).poisson(rate)).astype(dtype._np))


def _binomial_kernel(xp, counts, probs, seed, shape, dtype):
    n = np.maximum(np.broadcast_to(counts, shape).astype(np.int64), 0)
    p = np.clip(np.nan_to_num(np.broadcast_to(probs, shape).astype(np.float64)), 0.0, 1.0)
    return xp.asarray(np.asarray(philox(seed).binomial(n, p)).astype(dtype._np))


gamma_p = defop("random_gamma", _gamma_kernel, dtypes=FLOAT, same_dtype=1,
                infer=lambda alpha, seed, shape: Spec(tuple(shape), alpha.dtype),
                tf_name="RandomGamma")
poisson_p = defop("random_poisson", _poisson_kernel, same_dtype=1, infer=_infer_sample,
                  dtypes=FLOAT + (dtypes.int32, dtypes.int64), tf_name="RandomPoissonV2")
binomial_p = defop("random_binomial", _binomial_kernel, same_dtype=2, infer=_infer_sample,
                   tf_name="StatelessRandomBinomial")


# --- seed derivation -----------------------------------------------------------------------------
def _full_range(gen: np.random.Generator, shape, npd) -> np.ndarray:
    info = np.iinfo(npd)
    return gen.integers(info.min, info.max, size=shape, dtype=npd, endpoint=True)


def _split_kernel(xp, seed, num):
    return xp.asarray(_full_range(philox(seed, SPLIT), (num, 2), seed.dtype))


def _fold_in_kernel(xp, seed, data):
    return xp.asarray(_full_range(philox(seed, FOLD_IN, int(data)), (2,), data.dtype))


split_p = defop("random_split", _split_kernel, same_dtype=1,
                infer=lambda seed, num: Spec((num, 2), seed.dtype), tf_name="StatelessSplit")
fold_in_p = defop("random_fold_in", _fold_in_kernel, same_dtype=1,
                  infer=lambda seed, data: Spec((2,), data.dtype), tf_name="StatelessFoldIn")


# --- argument normalisation shared by the stateful, stateless and Generator wrappers ------------
def is_number(x) -> bool:
    return isinstance(x, (numbers.Real, np.generic)) and not isinstance(x, np.bool_)


def sample_shape(shape, op: str):
    """static_shape, or, in a trace where the shape depends on the function's inputs, an int64
    tensor (for `sample`: uniform and normal samplers)."""
    if runtime_shape(shape):
        return math_ops.cast(shape, dtypes.int64)
    return static_shape(shape, op)


def static_shape(shape, op: str) -> tuple:
    """The `shape` argument of a sampler as a tuple of non-negative ints (TF's errors)."""
    if type(shape) in (list, tuple) and all(type(d) is int and d >= 0 for d in shape):
        return tuple(shape)  # the common case, without NumPy
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {shape} to a Tensor.")
        shape = shape.as_list()
    v = static_value(shape)
    if v.ndim != 1:
        raise InvalidArgumentError(f"shape must be a vector of {{int32,int64}}, got shape "
                                   f"{list(v.shape)} [Op:{op}]")
    if v.size and v.dtype.kind not in "iu":
        raise InvalidArgumentError(f"Value for attr 'T' of {v.dtype} is not in the list of "
                                   f"allowed values: int32, int64 [Op:{op}]")
    dims = tuple(int(d) for d in v.tolist())
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(f"Dimension {d} must be >= 0 [Op:{op}]")
    return dims


def _int_bound(value, dtype: DType, what: str, op: str) -> int:
    t = convert_to_tensor(value, dtype)
    if t._value.ndim:
        raise InvalidArgumentError(f"{what} must be 0-D, got shape {list(t._value.shape)} "
                                   f"[Op:{op}]")
    return int(t._value)


def uniform_from(seed, dims: tuple, minval, maxval, dtype: DType) -> Tensor:
    """Uniform samples in [minval, maxval); integer dtypes need scalar bounds."""
    if dtype.is_integer:
        if minval is None:  # both None (checked by the caller): the dtype's whole range
            return sample(uniform_int_p, seed, dims, dtype=dtype, minval=None, maxval=None)
        lo = _int_bound(minval, dtype, "minval", "RandomUniformInt")
        hi = _int_bound(maxval, dtype, "maxval", "RandomUniformInt")
        return sample(uniform_int_p, seed, dims, dtype=dtype, minval=lo, maxval=hi)
    maxval = 1 if maxval is None else maxval
    if is_number(minval) and is_number(maxval):
        return sample(uniform_p, seed, dims, dtype=dtype, minval=float(minval),
                      maxval=float(maxval))
    lo, hi = _convert(minval, dtype), _convert(maxval, dtype)
    u = sample(uniform_p, seed, dims, dtype=dtype, minval=0.0, maxval=1.0)
    return math_ops.add(math_ops.multiply(u, math_ops.subtract(hi, lo)), lo)


def normal_from(seed, dims: tuple, mean, stddev, dtype: DType, truncated: bool = False) -> Tensor:
    """Normal samples (re-drawn beyond 2 stddev when `truncated`); tensor mean/stddev are
    applied with ops, so gradients reach them."""
    prim = truncated_normal_p if truncated else normal_p
    if not dtype.is_floating:
        _convert(mean, dtype), _convert(stddev, dtype)  # TF's TypeError for 0.0 as int32
        raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the list "
                                   f"of allowed values: half, float, double [Op:{prim.tf_name}]")
    if is_number(mean) and is_number(stddev):
        return sample(prim, seed, dims, dtype=dtype, mean=float(mean), stddev=float(stddev))
    mean, stddev = _convert(mean, dtype), _convert(stddev, dtype)
    z = sample(prim, seed, dims, dtype=dtype, mean=0.0, stddev=1.0)
    return math_ops.add(math_ops.multiply(z, stddev), mean)


def categorical_from(seed, logits, num_samples, dtype) -> Tensor:
    dtype = dtypes.int64 if dtype is None else as_dtype(dtype)
    if dtype not in (dtypes.int32, dtypes.int64):
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
                         f"(tf.int32, tf.int64).")
    logits = logits if hasattr(logits, "_value") else convert_to_tensor(logits)
    n = int(convert_to_tensor(num_samples, dtypes.int32)._value)
    if logits._value.dtype.kind != "f":
        raise NotFoundError(None, None, f"Could not find device for node: Multinomial with "
                            f"T={dtypes.from_numpy(logits._value.dtype).name}")
    return categorical_p(logits, seed, num_samples=n, dtype=dtype)


def gamma_from(seed, dims: tuple, alpha, beta, dtype: DType, stateless: bool) -> Tensor:
    """Gamma(alpha, beta) samples; stateless: `dims` must end with the parameters' shape."""
    if not dtype.is_floating:
        if stateless:
            _convert(alpha, dtype)
            raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the "
                                       f"list of allowed values: half, float, double "
                                       f"[Op:StatelessRandomGammaV3]")
        raise ValueError(f"data type {dtype._np.type} not inexact")
    alpha = _convert(alpha, dtype)
    beta = None if beta is None else _convert(beta, dtype)
    batch = alpha._value.shape if beta is None else \
        np.broadcast_shapes(alpha._value.shape, beta._value.shape)
    if not stateless:
        dims = dims + tuple(batch)
    elif len(batch) > len(dims) or tuple(dims[len(dims) - len(batch):]) != tuple(batch):
        raise InvalidArgumentError("Shape passed in must end with broadcasted shape. "
                                   "[Op:StatelessRandomGammaV3]")
    sample = gamma_p(alpha, seed, shape=dims)
    return sample if beta is None else math_ops.divide(sample, beta)


def _convert(value, dtype: DType) -> Tensor:
    if value is None:
        raise ValueError("Attempt to convert a value (None) with an unsupported type "
                         "(<class 'NoneType'>) to a Tensor.")
    if hasattr(value, "_value") and value._value.dtype == dtype._np:
        return value  # the same object, so tapes that watch it see its use
    return convert_to_tensor(value, dtype)
