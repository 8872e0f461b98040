"""Candidate samplers (``tf.random.log_uniform_candidate_sampler``,
``tf.random.uniform_candidate_sampler``, ``fixed_unigram_candidate_sampler``,
``learned_unigram_candidate_sampler``; ``tf.nn.*`` aliases): `num_sampled` class ids drawn
from a distribution over [0, range_max) (fixed, or learned from the true classes seen), with
the expected count of each true and sampled class (TF's formulas: p * num_sampled, or
-expm1(tries * log1p(-p)) when `unique` sampling needed `tries` draws). The draw is a
stateful graph op seeded like other samplers."""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import random_prims as prims

__all__: list = []


def _probabilities(kind: str, k: np.ndarray, range_max: int, probs=()) -> np.ndarray:
    if kind == "fixed":
        return np.asarray(probs, np.float64)[k.astype(np.int64)]
    if kind == "log_uniform":  # P(k) = log((k + 2) / (k + 1)) / log(range_max + 1)
        return np.log((k + 2.0) / (k + 1.0)) / np.log(range_max + 1.0)
    return np.full(k.shape, 1.0 / range_max)


def _draw(gen, kind: str, n: int, range_max: int, probs=()) -> np.ndarray:
    if kind == "fixed":  # inverse CDF of the given distribution
        cdf = np.cumsum(np.asarray(probs, np.float64))
        return np.minimum(np.searchsorted(cdf, gen.random(n) * cdf[-1], side="right"),
                          range_max - 1).astype(np.int64)
    if kind == "log_uniform":  # inverse CDF of the log-uniform (Zipfian) distribution
        values = np.floor(np.exp(gen.random(n) * np.log(range_max + 1.0))).astype(np.int64) - 1
        return np.clip(values, 0, range_max - 1)
    return gen.integers(0, range_max, n, dtype=np.int64)


# the learned samplers' class counts by state id: TF's sampler lives in its op kernel, which
# eager mode caches per attributes and a graph holds per node
_LEARNED_COUNTS: dict = {}
_LEARNED_IDS: dict = {}
_NEXT_LEARNED_ID = itertools.count()


def _learned_state(key: tuple, in_graph: bool) -> int:
    """The state id of one learned sampler: one per eager attribute set, fresh per traced op."""
    if in_graph:
        return next(_NEXT_LEARNED_ID)
    if key not in _LEARNED_IDS:
        _LEARNED_IDS[key] = next(_NEXT_LEARNED_ID)
    return _LEARNED_IDS[key]


def _sampler_kernel(xp, true_classes, seed, kind, num_sampled, unique, range_max, probs=(),
                    state=None):
    if unique and num_sampled > range_max:
        raise InvalidArgumentError("Sampler's range is too small.")
    bad = true_classes[(true_classes < 0) | (true_classes >= range_max)]
    if kind in ("fixed", "learned") and bad.size:
        raise InvalidArgumentError(f"`true_candidate` out of range [0, {range_max}), "
                                   f"received {bad[0]}")
    if kind == "learned":  # every class starts with count 1; counts grow after the draw
        counts = _LEARNED_COUNTS.setdefault(state, np.ones(range_max, np.int64))
        result = _sampler_kernel(xp, true_classes, seed, "fixed", num_sampled, unique,
                                 range_max, probs=counts / counts.sum())
        room = max(0, np.iinfo(np.int32).max - int(counts.sum()))
        np.add.at(counts, np.asarray(true_classes).reshape(-1)[:room], 1)
        return result
    gen = prims.philox(seed)
    if unique:
        picked: list = []
        seen: set = set()
        tries = 0
        while len(picked) < num_sampled:
            for v in _draw(gen, kind, num_sampled, range_max, probs).tolist():
                tries += 1
                if v not in seen:
                    seen.add(v)
                    picked.append(v)
                    if len(picked) == num_sampled:
                        break
        sampled = np.array(picked, np.int64)
    else:
        sampled, tries = _draw(gen, kind, num_sampled, range_max, probs), num_sampled

    def expected(k):
        p = _probabilities(kind, k.astype(np.float64), range_max, probs)
        if tries == num_sampled:
            return (p * num_sampled).astype(np.float32)
        return (-np.expm1(tries * np.log1p(-p))).astype(np.float32)

    return sampled, expected(true_classes), expected(sampled)


def _infer(true_classes: Spec, seed: Spec, kind, num_sampled, unique, range_max, probs=(),
           state=None):
    return (Spec((num_sampled,), dtypes.int64), Spec(true_classes.shape, dtypes.float32),
            Spec((num_sampled,), dtypes.float32))


_sampler = defop("candidate_sampler", _sampler_kernel, num_outputs=3, infer=_infer,
                 same_dtype=0, tf_name="ThreadUnsafeUnigramCandidateSampler")


def _sample(kind, true_classes, num_true, num_sampled, unique, range_max, seed, probs=()):
    from fluxion.core.op import STATE  # noqa: PLC0415
    from fluxion.ops.random_ops import next_seed  # noqa: PLC0415

    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    if true_classes.shape.rank != 2 or true_classes.shape[1] != int(num_true):
        raise InvalidArgumentError(f"true_classes must be a matrix of [batch, num_true = "
                                   f"{int(num_true)}], got shape {true_classes.shape}")
    extra = {"probs": probs} if kind == "fixed" else {}
    if kind == "learned":
        key = (int(num_true), int(num_sampled), bool(unique), int(range_max), seed)
        extra = {"state": _learned_state(key, STATE.trace is not None)}
    return _sampler(true_classes, next_seed(seed), kind=kind, num_sampled=int(num_sampled),
                    unique=bool(unique), range_max=int(range_max), **extra)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                  seed=None, name=None):
    """(sampled_candidates, true_expected_count, sampled_expected_count) with class k drawn
    with probability log((k + 2) / (k + 1)) / log(range_max + 1)."""
    return _sample("log_uniform", true_classes, num_true, num_sampled, unique, range_max, seed)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                              seed=None, name=None):
    """As log_uniform_candidate_sampler, every class with probability 1 / range_max."""
    return _sample("uniform", true_classes, num_true, num_sampled, unique, range_max, seed)


def _unigram_weights(vocab_file, unigrams, distortion, num_reserved_ids, num_shards, shard):
    """TF's FixedUnigramSampler weights: reserved ids weigh 0, then each unigram (or the last
    comma-separated field of each vocab_file line) to the power distortion; a shard keeps the
    ids equal to `shard` modulo `num_shards` (unigram ids counted from the number of reserved
    weights kept, as TF does)."""
    if vocab_file:
        with open(vocab_file) as f:
            unigrams = [float(line.rstrip("\n").split(",")[-1]) for line in f if line.strip()]
    weights = [0.0 for i in range(num_reserved_ids) if i % num_shards == shard]
    start = len(weights)
    weights += [float(w) ** distortion for i, w in enumerate(unigrams, start)
                if i % num_shards == shard]
    return weights


def fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                    vocab_file="", distortion=1.0, num_reserved_ids=0,
                                    num_shards=1, shard=0, unigrams=(), seed=None, name=None):
    """As log_uniform_candidate_sampler, class k drawn with probability proportional to
    unigrams[k] ** distortion (given as a list or read from vocab_file)."""
    if not 0 <= shard < num_shards:
        raise InvalidArgumentError(f"shard ({shard}) must be in [0, num_shards "
                                   f"({num_shards}))")
    weights = _unigram_weights(vocab_file, list(unigrams), float(distortion),
                               int(num_reserved_ids), int(num_shards), int(shard))
    if len(weights) != int(range_max):
        raise InvalidArgumentError(f"range is {int(range_max)} must be equal to weights size  "
                                   f"{len(weights)}")
    total = sum(weights)
    probs = tuple(w / total for w in weights)
    return _sample("fixed", true_classes, num_true, num_sampled, unique, range_max, seed, probs)


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                      seed=None, name=None):
    """As log_uniform_candidate_sampler, class k drawn with probability count[k] / sum(count):
    every count starts at 1 and each call, after drawing, adds 1 per true class it was given
    (TF's LearnedUnigramCandidateSampler; the counts persist per call's attributes in eager
    mode and per op in a graph)."""
    return _sample("learned", true_classes, num_true, num_sampled, unique, range_max, seed)
