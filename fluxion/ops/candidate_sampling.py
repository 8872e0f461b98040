"""Candidate samplers (``tf.random.log_uniform_candidate_sampler``,
``tf.random.uniform_candidate_sampler``; ``tf.nn.*`` aliases): `num_sampled` class ids drawn
from a fixed distribution over [0, range_max), with the expected count of each true and
sampled class (TF's formulas: p * num_sampled, or -expm1(tries * log1p(-p)) when `unique`
sampling needed `tries` draws). The draw is a stateful graph op seeded like other samplers."""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import random_prims as prims

__all__: list = []


def _probabilities(kind: str, k: np.ndarray, range_max: int) -> np.ndarray:
    if kind == "log_uniform":  # P(k) = log((k + 2) / (k + 1)) / log(range_max + 1)
        return np.log((k + 2.0) / (k + 1.0)) / np.log(range_max + 1.0)
    return np.full(k.shape, 1.0 / range_max)


def _draw(gen, kind: str, n: int, range_max: int) -> np.ndarray:
    if kind == "log_uniform":  # inverse CDF of the log-uniform (Zipfian) distribution
        values = np.floor(np.exp(gen.random(n) * np.log(range_max + 1.0))).astype(np.int64) - 1
        return np.clip(values, 0, range_max - 1)
    return gen.integers(0, range_max, n, dtype=np.int64)


def _sampler_kernel(xp, true_classes, seed, kind, num_sampled, unique, range_max):
    if unique and num_sampled > range_max:
        raise InvalidArgumentError("Sampler's range is too small.")
    gen = prims.philox(seed)
    if unique:
        picked: list = []
        seen: set = set()
        tries = 0
        while len(picked) < num_sampled:
            for v in _draw(gen, kind, num_sampled, range_max).tolist():
                tries += 1
                if v not in seen:
                    seen.add(v)
                    picked.append(v)
                    if len(picked) == num_sampled:
                        break
        sampled = np.array(picked, np.int64)
    else:
        sampled, tries = _draw(gen, kind, num_sampled, range_max), num_sampled

    def expected(k):
        p = _probabilities(kind, k.astype(np.float64), range_max)
        if tries == num_sampled:
            return (p * num_sampled).astype(np.float32)
        return (-np.expm1(tries * np.log1p(-p))).astype(np.float32)

    return sampled, expected(true_classes), expected(sampled)


def _infer(true_classes: Spec, seed: Spec, kind, num_sampled, unique, range_max):
    return (Spec((num_sampled,), dtypes.int64), Spec(true_classes.shape, dtypes.float32),
            Spec((num_sampled,), dtypes.float32))


_sampler = defop("candidate_sampler", _sampler_kernel, num_outputs=3, infer=_infer,
                 same_dtype=0, tf_name="ThreadUnsafeUnigramCandidateSampler")


def _sample(kind, true_classes, num_true, num_sampled, unique, range_max, seed):
    from fluxion.ops.random_ops import next_seed  # noqa: PLC0415

    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    if true_classes.shape.rank != 2 or true_classes.shape[1] != int(num_true):
        raise InvalidArgumentError(f"true_classes must be a matrix of [batch, num_true = "
                                   f"{int(num_true)}], got shape {true_classes.shape}")
    return _sampler(true_classes, next_seed(seed), kind=kind, num_sampled=int(num_sampled),
                    unique=bool(unique), range_max=int(range_max))


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                  seed=None, name=None):
    """(sampled_candidates, true_expected_count, sampled_expected_count) with class k drawn
    with probability log((k + 2) / (k + 1)) / log(range_max + 1)."""
    return _sample("log_uniform", true_classes, num_true, num_sampled, unique, range_max, seed)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                              seed=None, name=None):
    """As log_uniform_candidate_sampler, every class with probability 1 / range_max."""
    return _sample("uniform", true_classes, num_true, num_sampled, unique, range_max, seed)
