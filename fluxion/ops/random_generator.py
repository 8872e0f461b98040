"""``tf.random.Generator``: an explicit random state object, and the global generator.

The state is an int64 Variable laid out as TF's Philox state, (counter_lo, counter_hi, key),
so `from_seed`, `from_state`, `create_rng_state` and `state` look as they do in TF. Each
sampling call turns the state into a seed for the (stateless) kernels of `random_prims` and
then advances the counter by 2**32: different calls, and generators seeded with different
small seeds, never share a stream. (TF advances by the numbers drawn, so in TF
``from_seed(2)`` replays ``from_seed(1)`` shifted by four floats; we do not copy that.)
"""
from __future__ import annotations

import enum
import numbers
import random as _pyrandom

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import as_dtype
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.core.variable import Variable
from fluxion.errors import InvalidArgumentError, NotFoundError
from fluxion.ops import math_ops, random_prims as prims
from fluxion.ops._util import static_value

_MASK64 = (1 << 64) - 1
_STRIDE = 1 << 32  # counter advance per sampling call
_TAG = 1 << 62  # keeps generator streams apart from the global-seed streams of random_ops
_ENTROPY = _pyrandom.SystemRandom()


def _generator_seed_kernel(xp, state):
    """(kernel seed uint64[3], the state advanced by one call) of a generator state."""
    words = [int(w) & _MASK64 for w in np.asarray(state).tolist()]
    n = len(words) - 1
    counter = sum(w << (64 * i) for i, w in enumerate(words[:-1]))
    seed = np.array([words[-1], ((counter >> 64) + _TAG) & _MASK64, counter & _MASK64],
                    np.uint64)
    counter = (counter + _STRIDE) % (1 << (64 * n))
    return seed, _to_int64([counter >> (64 * i) for i in range(n)] + words[-1:])


generator_seed_p = defop("generator_seed", _generator_seed_kernel, num_outputs=2,
                         infer=lambda state: (Spec((3,), dtypes.uint64), state),
                         tf_name="RngReadAndSkip")


class Algorithm(enum.Enum):
    """RNG algorithms (``tf.random.Algorithm``); all are served by NumPy's Philox here."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


def _algorithm(alg) -> Algorithm:
    if alg is None:
        return Algorithm.PHILOX
    if isinstance(alg, Algorithm):
        return alg
    if isinstance(alg, str):
        try:
            return Algorithm[alg.upper()]
        except KeyError:
            raise ValueError(f"Unsupported algorithm: {alg!r}") from None
    try:
        return Algorithm(int(alg))
    except ValueError:
        raise ValueError(f"Unsupported algorithm id: {alg!r}") from None


def _state_size(alg: Algorithm) -> int:
    return 2 if alg is Algorithm.THREEFRY else 3


def _to_int64(words) -> np.ndarray:
    return np.array([w & _MASK64 for w in words], np.uint64).view(np.int64)


def _make_state(seed, size: int) -> np.ndarray:
    """A seed as `size` int64 state words: a Python int is cut into little-endian 64-bit
    words; an array is left-padded with zeros (or truncated), as TF does."""
    if isinstance(seed, numbers.Integral) and not hasattr(seed, "_value"):
        s = int(seed) % (1 << (64 * size))
        return _to_int64([(s >> (64 * i)) for i in range(size)])
    v = np.asarray(static_value(seed)).reshape(-1)
    if v.dtype.kind not in "iu":
        raise TypeError(f"Generator seed must be integers, got {v.dtype}")
    words = [int(w) for w in v.tolist()][:size]
    return _to_int64([0] * (size - len(words)) + words)


def create_rng_state(seed, alg) -> Tensor:
    """The initial state (int64 vector) a generator seeded with `seed` starts from."""
    return wrap(_make_state(seed, _state_size(_algorithm(alg))))


class Generator:
    """A random number generator with explicit state (``tf.random.Generator``)."""

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            state, alg = copy_from.state.numpy(), copy_from._alg
        elif state is None:
            raise ValueError("Generator needs `copy_from` or `state`; use Generator.from_seed "
                             "or Generator.from_non_deterministic_state.")
        self._alg = _algorithm(alg)
        self._state = Variable(self._check_state(state), trainable=False, name="StateVar")

    def _check_state(self, state) -> np.ndarray:
        arr = np.asarray(static_value(state))
        size = _state_size(self._alg)
        if arr.shape != (size,):
            raise ValueError(f"Shapes {arr.shape} and [{size}] are incompatible")
        return arr.astype(np.int64)

    # --- constructors ------------------------------------------------------------------------
    @classmethod
    def from_seed(cls, seed, alg=None) -> "Generator":
        alg = _algorithm(alg)
        return cls(state=_make_state(seed, _state_size(alg)), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None) -> "Generator":
        alg = _algorithm(alg)
        words = [_ENTROPY.getrandbits(64) for _ in range(_state_size(alg))]
        return cls(state=_to_int64(words), alg=alg)

    @classmethod
    def from_state(cls, state, alg) -> "Generator":
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg) -> "Generator":
        counter = np.asarray(static_value(counter)).reshape(-1).tolist()
        return cls(state=_to_int64(counter + [int(static_value(key))]), alg=alg)

    # --- state -------------------------------------------------------------------------------
    @property
    def state(self) -> Variable:
        return self._state

    @property
    def algorithm(self) -> int:
        return self._alg.value

    @property
    def key(self) -> Tensor:
        return wrap(np.asarray(self._state._value[-1]))

    def reset(self, state) -> None:
        self._state.assign(self._check_state(state))

    def reset_from_seed(self, seed) -> None:
        self.reset(_make_state(seed, _state_size(self._alg)))

    def reset_from_key_counter(self, key, counter) -> None:
        counter = np.asarray(static_value(counter)).reshape(-1).tolist()
        self.reset(_to_int64(counter + [int(static_value(key))]))

    def skip(self, delta) -> None:
        """Advances the state past `delta` numbers (one sampling call's worth here)."""
        if int(static_value(delta)) > 0:
            self._advance()

    def _next_seed(self) -> Tensor:
        """The kernel seed for one sampling call, advancing the state (graph ops: inside a
        tf.function each run draws anew and moves the state on)."""
        seed, state = generator_seed_p(self._state.read_value())
        self._state.assign(state)
        return seed

    def _advance(self) -> None:
        self._state.assign(generator_seed_p(self._state.read_value())[1])

    # --- sampling ----------------------------------------------------------------------------
    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None) -> Tensor:
        dims = prims.static_shape(shape, "StatelessRandomNormalV2")
        return prims.normal_from(self._next_seed(), dims, mean, stddev, as_dtype(dtype))

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                         name=None) -> Tensor:
        dims = prims.static_shape(shape, "StatelessTruncatedNormalV2")
        return prims.normal_from(self._next_seed(), dims, mean, stddev, as_dtype(dtype),
                                 truncated=True)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None) -> Tensor:
        """Uniform in [minval, maxval); integer dtypes with both bounds None cover the
        dtype's whole range."""
        dtype = as_dtype(dtype)
        dims = prims.static_shape(shape, "StatelessRandomUniformV2")
        if dtype.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(f"For integer dtype {dtype!r}, minval and maxval must be both "
                                 f"`None` or both non-`None`; got minval={minval} and "
                                 f"maxval={maxval}")
            _check_int_dtype(dtype)
        elif not dtype.is_floating:
            convert_to_tensor(0 if minval is None else minval, dtype)
            raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the "
                                       f"list of allowed values: half, float, double")
        return prims.uniform_from(self._next_seed(), dims, minval, maxval, dtype)

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None) -> Tensor:
        """Integers covering the whole range of `dtype`."""
        dtype = as_dtype(dtype)
        if dtype not in (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64):
            raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the "
                                       f"list of allowed values: int32, int64, uint32, uint64")
        dims = prims.static_shape(shape, "StatelessRandomUniformFullIntV2")
        return prims.uniform_int_p(self._next_seed(), shape=dims, dtype=dtype, minval=None,
                                   maxval=None)

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None) -> Tensor:
        dims = prims.static_shape(shape, "StatelessRandomBinomial")
        return binomial_from(self._next_seed(), dims, counts, probs, as_dtype(dtype))

    def make_seeds(self, count=1) -> Tensor:
        """`count` seeds for the stateless ops, as the columns of an int64 [2, count]."""
        seeds = prims.uniform_int_p(self._next_seed(), shape=(2, int(count)),
                                    dtype=dtypes.int64, minval=None, maxval=None)
        return seeds

    def split(self, count=1) -> list:
        """`count` new generators, independent of this one and of each other."""
        keys = self.make_seeds(count)._value[0].tolist()
        return [Generator(state=_to_int64([0] * (_state_size(self._alg) - 1) + [k]),
                          alg=self._alg) for k in keys]


def _check_int_dtype(dtype) -> None:
    if dtype.is_unsigned:
        raise NotFoundError(None, None, f"Could not find device for node: "
                                        f"StatelessRandomUniformIntV2 with dtype={dtype.name}")
    if dtype not in (dtypes.int32, dtypes.int64):
        raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the list "
                                   f"of allowed values: int32, int64, uint32, uint64")


def binomial_from(seed, dims: tuple, counts, probs, dtype) -> Tensor:
    if dtype not in (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32,
                     dtypes.int64):
        raise InvalidArgumentError(f"Value for attr 'dtype' of {dtype.name} is not in the list "
                                   f"of allowed values: half, float, double, int32, int64")
    probs = probs if hasattr(probs, "_value") else convert_to_tensor(probs)
    pdt = dtypes.from_numpy(probs._value.dtype)
    counts = counts if hasattr(counts, "_value") else convert_to_tensor(counts, pdt)
    if counts._value.dtype != probs._value.dtype:
        counts = math_ops.cast(counts, pdt)
    return prims.binomial_p(counts, probs, seed, shape=dims, dtype=dtype)


# --- the global generator ------------------------------------------------------------------------
_GLOBAL: list = [None]


def get_global_generator() -> Generator:
    """The global generator, created from non-deterministic state on first use (as in TF,
    `tf.random.set_seed` does not seed it; use `set_global_generator`)."""
    if _GLOBAL[0] is None:
        _GLOBAL[0] = Generator.from_non_deterministic_state()
    return _GLOBAL[0]


def set_global_generator(generator: Generator) -> None:
    _GLOBAL[0] = generator
