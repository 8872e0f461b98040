"""Random numbers (``tf.random``) and ``tf.nn.dropout``.

Seeding follows TF2 eager. Each stateful call (`uniform`, `normal`, `dropout`...) picks a
seed for the deterministic kernels of `random_prims`:
- global seed set (`set_seed`), no op seed: the global seed and the op's position in the
  sequence of such calls, so a program's random sequence is reproducible and restarts at
  every `set_seed`;
- op seed given: the (global or default global seed, op seed) pair and how often that pair
  was used, so repeated calls differ and the sequence is reproducible;
- neither: fresh entropy, so results are not reproducible.
The ``stateless_*`` ops are pure functions of their shape-[2] `seed`.
"""
from __future__ import annotations

import numbers
import random as _pyrandom
import types
import zlib

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import random_prims as prims
from fluxion.ops._util import static_ints
from fluxion.ops.random_generator import (Algorithm, Generator, binomial_from, create_rng_state,
                                          get_global_generator, set_global_generator)

__all__: list = []

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1
_IMPLICIT = 1 << 32  # implicit op seeds sit above every explicit (31-bit) op seed
_UNIFORM_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)
_STATELESS_UNIFORM_DTYPES = _UNIFORM_DTYPES + (dtypes.uint32, dtypes.uint64)


class _SeedState:
    """The global seed and the counters that make consecutive stateful calls differ."""

    __slots__ = ("global_seed", "implicit", "counts", "entropy")

    def __init__(self) -> None:
        self.global_seed: int | None = None
        self.implicit = 0  # calls without an op seed since the last set_seed
        self.counts: dict = {}  # (global seed, op seed) -> calls so far
        self.entropy = _pyrandom.SystemRandom()


_SEEDS = _SeedState()


def _seed_int(seed) -> int:
    if isinstance(seed, (str, bytes)):
        return zlib.crc32(seed.encode() if isinstance(seed, str) else seed)
    return int(seed._value if hasattr(seed, "_value") else seed)


def set_seed(seed) -> None:
    """Sets the global random seed (None: nondeterministic) and restarts the sequence."""
    _SEEDS.global_seed = None if seed is None else _seed_int(seed) % _MAXINT32
    _SEEDS.implicit = 0
    _SEEDS.counts.clear()


def next_seed(op_seed=None) -> Tensor:
    """The kernel seed (key0, key1, counter) of one stateful random call.

    Inside a graph trace the seed lives in a variable that the graph advances at every
    execution, so each run of a traced function draws new numbers (as TF's stateful ops do).
    """
    seed = _next_eager_seed(op_seed)
    from fluxion.core.op import STATE  # noqa: PLC0415 - keep the import graph acyclic

    if STATE.trace is None:
        return seed
    return _graph_seed(seed)


_GRAPH_STREAM = np.uint64(1 << 62)  # graph-held streams never meet eager ones


def _graph_seed(seed: Tensor) -> Tensor:
    from fluxion.core.variable import Variable  # noqa: PLC0415

    start = np.array(seed._value, np.uint64)
    start[1] ^= _GRAPH_STREAM
    state = Variable(start, trainable=False, name="random_seed_state")
    current = state.value()
    state.assign_add(np.array([0, 0, 1], np.uint64))
    return current


def _next_eager_seed(op_seed=None) -> Tensor:
    state = _SEEDS
    g = state.global_seed
    if op_seed is None:
        if g is None:
            bits = state.entropy.getrandbits
            return wrap(np.array([bits(64), bits(64) | (1 << 63), 0], np.uint64))
        n = state.implicit
        state.implicit = n + 1
        return wrap(np.array([g, _IMPLICIT + n, 0], np.uint64))
    pair = (DEFAULT_GRAPH_SEED if g is None else g, _seed_int(op_seed) % _MAXINT32)
    count = state.counts.get(pair, 0)
    state.counts[pair] = count + 1
    return wrap(np.array([pair[0], pair[1], count], np.uint64))


# --- stateful samplers ---------------------------------------------------------------------------
def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Uniform samples in [minval, maxval); integer dtypes need `maxval`."""
    dtype = as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError(f"Argument `dtype` got invalid value {_dt(dtype)}. Accepted dtypes "
                         f"are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, "
                         f"tf.int64).")
    if dtype.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
    dims = prims.sample_shape(shape, "RandomUniform")
    return prims.uniform_from(next_seed(seed), dims, minval, maxval, dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Normal samples; gradients flow to tensor `mean` and `stddev`."""
    dims = prims.sample_shape(shape, "RandomStandardNormal")
    return prims.normal_from(next_seed(seed), dims, mean, stddev, as_dtype(dtype))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None,
                     name=None) -> Tensor:
    """Normal samples, with values beyond two standard deviations drawn again."""
    dims = prims.sample_shape(shape, "TruncatedNormal")
    return prims.normal_from(next_seed(seed), dims, mean, stddev, as_dtype(dtype),
                             truncated=True)


def categorical(logits, num_samples, dtype=None, seed=None, name=None) -> Tensor:
    """Class indices [batch, num_samples] drawn from softmax(logits) of [batch, classes]."""
    return prims.categorical_from(next_seed(seed), logits, num_samples, dtype)


def shuffle(value, seed=None, name=None) -> Tensor:
    """A random permutation of `value` along its first axis."""
    value = value if hasattr(value, "_value") else convert_to_tensor(value)
    return prims.shuffle_p(value, next_seed(seed))


def gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Gamma(alpha, beta) samples of shape `shape + broadcast(alpha, beta).shape`.

    Gradients reach `beta`; the reparameterisation gradient for `alpha` is not implemented.
    """
    dims = prims.static_shape(shape, "RandomGamma")
    return prims.gamma_from(next_seed(seed), dims, alpha, beta, as_dtype(dtype), False)


def poisson(shape, lam, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Poisson(lam) samples of shape `shape + lam.shape`."""
    dtype = _poisson_dtype(dtype)
    lam = lam if hasattr(lam, "_value") else convert_to_tensor(lam)
    dims = prims.static_shape(shape, "RandomPoissonV2") + tuple(lam._value.shape)
    return prims.poisson_p(lam, next_seed(seed), shape=dims, dtype=dtype)


def _poisson_dtype(dtype):
    dtype = as_dtype(dtype)
    if dtype not in (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32,
                     dtypes.int64):
        raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the list "
                                   f"of allowed values: half, float, double, int32, int64")
    return dtype


def _dt(dtype) -> str:
    return f"<dtype: '{dtype.name}'>"


# --- stateless samplers --------------------------------------------------------------------------
def _stateless_seed(seed, error=InvalidArgumentError) -> Tensor:
    t = seed if hasattr(seed, "_value") else convert_to_tensor(seed)
    kind = t._value.dtype
    if kind not in (np.int32, np.int64):
        raise error(f"Value for attr 'Tseed' of {dtypes.from_numpy(kind).name} is not in the "
                    f"list of allowed values: int32, int64 [Op:StatelessRandomGetKeyCounter]")
    if t._value.shape != (2,):
        raise InvalidArgumentError(f"seed must have shape [2], not {list(t._value.shape)} "
                                   f"[Op:StatelessRandomGetKeyCounter]")
    return t


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select") -> Tensor:
    """Uniform samples determined by `seed`; integer dtypes with minval and maxval both None
    cover the dtype's whole range."""
    dtype = as_dtype(dtype)
    if dtype not in _STATELESS_UNIFORM_DTYPES:
        raise ValueError(f"Argument `dtype` got invalid value {_dt(dtype)}. Accepted dtypes "
                         f"are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, "
                         f"tf.int64, tf.uint32, tf.uint64).")
    if dtype.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError(f"For integer `dtype` argument {_dt(dtype)}, argument `minval` "
                             f"and `maxval` must be both None or not None. Got `minval`="
                             f"{minval} and `maxval`={maxval}.")
        if minval is not None and dtype.is_unsigned:
            raise ValueError(f"Argument `dtype` got invalid value {_dt(dtype)} when argument "
                             f"`minval` is not None. Please don't use unsigned integers in "
                             f"this case.")
    dims = prims.sample_shape(shape, "StatelessRandomUniformV2")
    return prims.uniform_from(_stateless_seed(seed), dims, minval, maxval, dtype)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                     alg="auto_select") -> Tensor:
    dims = prims.sample_shape(shape, "StatelessRandomNormalV2")
    return prims.normal_from(_stateless_seed(seed), dims, mean, stddev, as_dtype(dtype))


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                               name=None, alg="auto_select") -> Tensor:
    dims = prims.sample_shape(shape, "StatelessTruncatedNormalV2")
    return prims.normal_from(_stateless_seed(seed), dims, mean, stddev, as_dtype(dtype),
                             truncated=True)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None) -> Tensor:
    return prims.categorical_from(_stateless_seed(seed), logits, num_samples, dtype)


def stateless_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None) -> Tensor:
    """Gamma samples of shape `shape`, which must end with broadcast(alpha, beta).shape."""
    dims = prims.static_shape(shape, "StatelessRandomGammaV3")
    return prims.gamma_from(_stateless_seed(seed), dims, alpha, beta, as_dtype(dtype), True)


def stateless_poisson(shape, seed, lam, dtype=dtypes.int32, name=None) -> Tensor:
    """Poisson samples of shape `shape`, which must end with lam's shape."""
    dtype = _poisson_dtype(dtype)
    lam = lam if hasattr(lam, "_value") else convert_to_tensor(lam)
    dims = prims.static_shape(shape, "StatelessRandomPoisson")
    return prims.poisson_p(lam, _stateless_seed(seed), shape=dims, dtype=dtype)


def stateless_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32,
                       name=None) -> Tensor:
    """Binomial(counts, probs) samples of shape `shape` (parameters broadcast to it)."""
    dims = prims.static_shape(shape, "StatelessRandomBinomial")
    return binomial_from(_stateless_seed(seed), dims, counts, probs, as_dtype(output_dtype))


def stateless_shuffle(value, seed, alg="auto_select", name=None) -> Tensor:
    """A permutation of `value` along its first axis determined by `seed`."""
    value = value if hasattr(value, "_value") else convert_to_tensor(value)
    return prims.shuffle_p(value, _stateless_seed(seed))


def split(seed, num=2, alg="auto_select") -> Tensor:
    """`num` new stateless seeds ([num, 2], the seed's dtype) derived from `seed`."""
    return prims.split_p(_stateless_seed(seed, ValueError), num=int(num))


def fold_in(seed, data, alg="auto_select") -> Tensor:
    """A new stateless seed derived from `seed` and the integer `data` (of data's dtype)."""
    seed = _stateless_seed(seed, ValueError)
    data = data if hasattr(data, "_value") else convert_to_tensor(data)
    if data._value.dtype.kind not in "iu":
        raise ValueError(f"fold_in data must be an integer, got {data.dtype.name}")
    if data._value.dtype not in (np.int32, np.int64) or data._value.ndim:
        raise InvalidArgumentError(f"data must be an int32 or int64 scalar, got "
                                   f"{data.dtype.name} of shape {list(data._value.shape)}")
    return prims.fold_in_p(seed, data)


# --- dropout -------------------------------------------------------------------------------------
def dropout(x, rate, noise_shape=None, seed=None, name=None) -> Tensor:
    """Zeroes each unit with probability `rate` and scales the rest by 1 / (1 - rate)."""
    x = x if hasattr(x, "_value") else convert_to_tensor(x)
    if x._value.dtype.kind != "f":
        raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. "
                         f"Received: x_dtype={_dt(x.dtype)}")
    rate = _dropout_rate(rate, x._value.dtype)
    dims = _noise_shape(noise_shape, x._value.shape)
    return prims.dropout_p(x, rate, next_seed(seed), noise_shape=dims)


def _dropout_rate(rate, npd):
    if isinstance(rate, numbers.Real):
        if not 0 <= rate < 1:
            raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). "
                             f"Received: rate={rate}")
        return wrap(np.asarray(rate, npd))
    if not hasattr(rate, "_value"):
        raise ValueError(f"`rate` must be a scalar or scalar tensor. Received: rate={rate}")
    if rate._value.dtype != npd:
        raise ValueError(f"`x.dtype` must be compatible with `rate.dtype`. Received: x.dtype="
                         f"{_dt(dtypes.from_numpy(npd))} and rate.dtype={_dt(rate.dtype)}")
    if rate._value.ndim:
        raise ValueError(f"Shape {tuple(rate._value.shape)} must have rank 0")
    return rate


def _noise_shape(noise_shape, xshape: tuple) -> tuple:
    """The mask's shape; -1 marks a dim that is x's own when the op runs (in a graph traced
    for a varying batch, the traced size must not be baked in)."""
    if noise_shape is None:
        return (-1,) * len(xshape)
    if isinstance(noise_shape, TensorShape):
        noise_shape = noise_shape.as_list()
    if isinstance(noise_shape, (list, tuple)) and len(noise_shape) == len(xshape):
        noise_shape = [-1 if d is None else d for d in noise_shape]
        if any(d == -1 for d in noise_shape):
            return tuple(int(d) for d in noise_shape)
    dims = static_ints(noise_shape, "noise_shape")
    return (dims,) if isinstance(dims, int) else tuple(dims)


experimental = types.ModuleType("fluxion.random.experimental",
                                "``tf.random.experimental``: stateless seed utilities and "
                                "the Generator API.")
experimental.__dict__.update(
    Algorithm=Algorithm, Generator=Generator, create_rng_state=create_rng_state,
    get_global_generator=get_global_generator, set_global_generator=set_global_generator,
    stateless_split=split, stateless_fold_in=fold_in, stateless_shuffle=stateless_shuffle)

_random_exports = (
    "set_seed", "uniform", "normal", "truncated_normal", "categorical", "shuffle", "gamma",
    "poisson", "stateless_uniform", "stateless_normal", "stateless_truncated_normal",
    "stateless_categorical", "stateless_gamma", "stateless_poisson", "stateless_binomial",
    "split", "fold_in", "Generator", "Algorithm", "create_rng_state", "get_global_generator",
    "set_global_generator", "experimental", "log_uniform_candidate_sampler",
    "uniform_candidate_sampler", "fixed_unigram_candidate_sampler",
    "learned_unigram_candidate_sampler")
_nn_exports = ("dropout", "log_uniform_candidate_sampler", "uniform_candidate_sampler",
               "fixed_unigram_candidate_sampler", "learned_unigram_candidate_sampler")


# a random op family of its own, exported through this module's lists
from fluxion.ops.candidate_sampling import (  # noqa: E402,F401
    fixed_unigram_candidate_sampler, learned_unigram_candidate_sampler,
    log_uniform_candidate_sampler, uniform_candidate_sampler)
