"""Cases for the random primitives (fluxion/ops/random_prims.py).

Random kernels are deterministic functions of their seed input. References are either
degenerate parameters with a closed form (minval == maxval, stddev = 0, one-hot logits,
rate = 0...) or NumPy's Philox positioned as documented in random_prims (a stateless seed
(s0, s1) keys Philox with counter (0, 0, 0, 1); a stateful seed (k0, k1, c) with (0, c, 0, 0)),
which pins the seed -> stream contract. Statistics are tested in tests/test_random.py.
"""
import numpy as np

from fluxion.core import dtypes
from tests.opcheck import Case

SEED = np.array([1, 2], np.int64)
SEED32 = np.array([-7, 123456], np.int32)
STATEFUL = np.array([5, 2**32 + 3, 7], np.uint64)
NEG_INF = -np.inf
R = np.random.default_rng(3)
X = R.standard_normal((3, 4)).astype(np.float32)
X64 = R.standard_normal((2, 5))


def philox(key, counter):
    key = np.array([int(k) & (2**64 - 1) for k in key], np.uint64)
    return np.random.Generator(np.random.Philox(key=key, counter=counter))


def stateless(seed):
    return philox(seed, [0, 0, 0, 1])


def sample(shape, dtype, **attrs):
    return dict({"shape": shape, "dtype": dtype}, **attrs)


def uniform_ref(seed, shape, npd, counter=None):
    gen = stateless(seed) if counter is None else philox(seed[:2], [0, int(seed[2]), 0, 0])
    return lambda s: gen.random(shape, dtype=npd)


LOGITS_ONE_HOT = np.array([[0.0, NEG_INF, NEG_INF], [NEG_INF, NEG_INF, 5.0],
                           [NEG_INF, 1.0, NEG_INF]], np.float32)

CASES = [
    # uniform floats: Philox stream, degenerate range, shapes and dtypes
    Case("random_uniform", [SEED], sample((3, 4), dtypes.float32, minval=0.0, maxval=1.0),
         ref=uniform_ref(SEED, (3, 4), np.float32)),
    Case("random_uniform", [STATEFUL],
         sample((5,), dtypes.float64, minval=0.0, maxval=1.0),
         ref=uniform_ref(STATEFUL, (5,), np.float64, counter=True)),
    Case("random_uniform", [SEED32], sample((2, 3), dtypes.float32, minval=3.0, maxval=3.0),
         ref=lambda s: np.full((2, 3), 3.0, np.float32)),
    Case("random_uniform", [SEED], sample((0, 3), dtypes.float16, minval=0.0, maxval=1.0),
         ref=lambda s: np.zeros((0, 3), np.float16)),
    Case("random_uniform", [SEED], sample((), dtypes.float64, minval=-1.0, maxval=-1.0),
         ref=lambda s: np.asarray(-1.0)),
    Case("random_uniform", [SEED], sample((4, 2), dtypes.float16, minval=-2.0, maxval=2.0),
         note="float16 path: inference only"),
    # uniform integers
    Case("random_uniform_int", [SEED], sample((3, 2), dtypes.int32, minval=4, maxval=5),
         ref=lambda s: np.full((3, 2), 4, np.int32)),
    Case("random_uniform_int", [SEED], sample((6,), dtypes.int64, minval=-3, maxval=9),
         ref=lambda s: stateless(SEED).integers(-3, 9, size=(6,), dtype=np.int64)),
    Case("random_uniform_int", [SEED32], sample((4,), dtypes.uint64, minval=None,
                                                maxval=None),
         ref=lambda s: stateless(SEED32).integers(0, 2**64 - 1, size=(4,), dtype=np.uint64,
                                                  endpoint=True)),
    Case("random_uniform_int", [STATEFUL], sample((0,), dtypes.int32, minval=0, maxval=3),
         ref=lambda s: np.zeros((0,), np.int32)),
    # normal / truncated normal
    Case("random_normal", [SEED], sample((2, 5), dtypes.float64, mean=0.0, stddev=1.0),
         ref=lambda s: stateless(SEED).standard_normal((2, 5))),
    Case("random_normal", [SEED32], sample((3,), dtypes.float32, mean=2.5, stddev=0.0),
         ref=lambda s: np.full((3,), 2.5, np.float32)),
    Case("random_normal", [STATEFUL], sample((2, 0, 2), dtypes.float16, mean=0.0,
                                             stddev=1.0),
         ref=lambda s: np.zeros((2, 0, 2), np.float16)),
    Case("random_normal", [SEED], sample((4,), dtypes.float16, mean=1.0, stddev=2.0),
         note="float16 path: inference only"),
    Case("truncated_normal", [SEED], sample((3, 3), dtypes.float32, mean=-1.0, stddev=0.0),
         ref=lambda s: np.full((3, 3), -1.0, np.float32)),
    Case("truncated_normal", [STATEFUL], sample((7,), dtypes.float64, mean=0.0, stddev=1.0),
         note="values: tests/test_random.py"),
    Case("truncated_normal", [SEED], sample((), dtypes.float16, mean=0.0, stddev=1.0),
         note="scalar float16: inference only"),
    # the same samplers with the shape as an int tensor input (sizes known only at run time)
    Case("random_uniform_shaped", [SEED, np.array([3, 4], np.int64)],
         {"dtype": dtypes.float32, "minval": 0.0, "maxval": 1.0},
         ref=lambda s, d: uniform_ref(SEED, (3, 4), np.float32)(s)),
    Case("random_uniform_int_shaped", [SEED, np.array([3, 2], np.int64)],
         {"dtype": dtypes.int32, "minval": 4, "maxval": 5},
         ref=lambda s, d: np.full((3, 2), 4, np.int32)),
    Case("random_normal_shaped", [SEED, np.array([2, 5], np.int64)],
         {"dtype": dtypes.float64, "mean": 0.0, "stddev": 1.0},
         ref=lambda s, d: stateless(SEED).standard_normal((2, 5))),
    Case("truncated_normal_shaped", [STATEFUL, np.array([0, 3], np.int64)],
         {"dtype": dtypes.float32, "mean": 0.0, "stddev": 1.0},
         ref=lambda s, d: np.zeros((0, 3), np.float32)),
    # candidate samplers: one class to draw from makes them deterministic
    Case("candidate_sampler", [np.array([[0]], np.int64), SEED],
         {"kind": "uniform", "num_sampled": 3, "unique": False, "range_max": 1}, grad=False,
         ref=lambda t, s: (np.zeros(3, np.int64), np.full((1, 1), 3.0, np.float32),
                           np.full(3, 3.0, np.float32))),
    Case("candidate_sampler", [np.array([[0], [0]], np.int64), STATEFUL],
         {"kind": "log_uniform", "num_sampled": 1, "unique": True, "range_max": 1},
         grad=False, ref=lambda t, s: (np.zeros(1, np.int64), np.ones((2, 1), np.float32),
                                       np.ones(1, np.float32))),
    # a generator's state -> (kernel seed, state advanced by 2**32)
    Case("generator_seed", [np.array([5, 0, 9], np.int64)], grad=False,
         ref=lambda s: (np.array([9, 2**62, 5], np.uint64),
                        np.array([5 + 2**32, 0, 9], np.int64))),
    # categorical: one class with positive probability per row is deterministic
    Case("random_categorical", [LOGITS_ONE_HOT, SEED], {"num_samples": 4, "dtype": dtypes.int64},
         ref=lambda lg, s: np.repeat(np.array([[0], [2], [1]], np.int64), 4, axis=1)),
    Case("random_categorical", [LOGITS_ONE_HOT.astype(np.float64), STATEFUL],
         {"num_samples": 0, "dtype": dtypes.int32}, ref=lambda lg, s: np.zeros((3, 0), np.int32)),
    Case("random_categorical", [np.zeros((0, 3), np.float32), SEED],
         {"num_samples": 2, "dtype": dtypes.int64}, ref=lambda lg, s: np.zeros((0, 2), np.int64)),
    Case("random_categorical", [np.full((2, 2), NEG_INF, np.float16), SEED],
         {"num_samples": 3, "dtype": dtypes.int32},
         ref=lambda lg, s: np.full((2, 3), 2, np.int32), note="no finite logit: num_classes"),
    Case("random_categorical", [X, SEED], {"num_samples": 5, "dtype": dtypes.int64},
         note="frequencies: tests/test_random.py"),
    # shuffle: equal rows make the permutation invisible
    Case("random_shuffle", [np.tile(np.arange(4, dtype=np.int32), (5, 1)), SEED],
         ref=lambda v, s: np.tile(np.arange(4, dtype=np.int32), (5, 1))),
    Case("random_shuffle", [np.array(7.5, np.float32), STATEFUL], ref=lambda v, s: v),
    Case("random_shuffle", [np.array([3], np.int64), SEED], ref=lambda v, s: v),
    Case("random_shuffle", [np.zeros((0, 2), np.float64), SEED], ref=lambda v, s: v),
    Case("random_shuffle", [X, SEED], note="permutation property: tests/test_random.py"),
    # dropout: rate 0 keeps everything; the gradient reuses the mask of the same seed
    Case("dropout", [X, np.array(0.0, np.float32), STATEFUL], {"noise_shape": (3, 4)},
         ref=lambda x, r, s: x),
    Case("dropout", [X64, np.array(0.0, np.float64), SEED], {"noise_shape": (1, 5)},
         ref=lambda x, r, s: x),
    Case("dropout", [X64, np.array(0.4), STATEFUL], {"noise_shape": (2, 5)}, grad_argnums=(0, 1)),
    Case("dropout", [X64, np.array(0.7), SEED], {"noise_shape": (2, 1)}, grad_argnums=(0, 1)),
    Case("dropout", [X64, np.array(0.5), SEED], {"noise_shape": (5,)}, grad_argnums=(0,)),
    Case("dropout", [X64[:, :1].copy(), np.array(0.5), SEED], {"noise_shape": (2, 5)},
         grad_argnums=(0,), note="noise wider than x: the output and its gradient broadcast"),
    Case("dropout", [X.astype(np.float16), np.array(0.5, np.float16), SEED],
         {"noise_shape": (3, 4)}, grad=False),
    # gamma / poisson / binomial: degenerate parameters
    Case("random_gamma", [np.zeros((3,), np.float32), SEED], {"shape": (2, 3)},
         ref=lambda a, s: np.full((2, 3), np.finfo(np.float32).tiny, np.float32)),
    Case("random_gamma", [np.array([-1.0, 0.0]), STATEFUL], {"shape": (2,)},
         ref=lambda a, s: np.array([np.nan, np.finfo(np.float64).tiny])),
    Case("random_gamma", [np.array([0.5, 2.0], np.float32), SEED], {"shape": (4, 2)},
         note="moments: tests/test_random.py"),
    Case("random_poisson", [np.zeros((2,), np.float32), SEED], {"shape": (3, 2),
                                                                "dtype": dtypes.int64},
         ref=lambda lam, s: np.zeros((3, 2), np.int64)),
    Case("random_poisson", [np.array([-2.0, 0.0]), STATEFUL], {"shape": (2,),
                                                               "dtype": dtypes.float32},
         ref=lambda lam, s: np.zeros((2,), np.float32)),
    Case("random_poisson", [np.array([3.0, 30.0], np.float32), SEED],
         {"shape": (5, 2), "dtype": dtypes.int32}, note="moments: tests/test_random.py"),
    Case("random_binomial", [np.array([4.0, 9.0], np.float32), np.array([0.0, 1.0], np.float32),
                             SEED], {"shape": (3, 2), "dtype": dtypes.int32},
         ref=lambda n, p, s: np.tile(np.array([0, 9], np.int32), (3, 1))),
    Case("random_binomial", [np.array(5.0), np.array(0.3), STATEFUL],
         {"shape": (4,), "dtype": dtypes.float64}, note="moments: tests/test_random.py"),
    # seed derivation
    Case("random_split", [SEED], {"num": 3},
         ref=lambda s: philox(SEED, [0, 0, 0, 2]).integers(-2**63, 2**63 - 1, size=(3, 2),
                                                           dtype=np.int64, endpoint=True)),
    Case("random_split", [SEED32], {"num": 0}, ref=lambda s: np.zeros((0, 2), np.int32)),
    Case("random_fold_in", [SEED32, np.array(5, np.int32)],
         ref=lambda s, d: philox(SEED32, [0, 5, 0, 3]).integers(-2**31, 2**31 - 1, size=(2,),
                                                                dtype=np.int32, endpoint=True)),
    Case("random_fold_in", [SEED, np.array(-1, np.int64)], note="negative data: inference only"),
]
