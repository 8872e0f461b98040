"""Hash buckets and hashed crosses as primitives, so hashed, OOV-bucketed and crossed columns
trace into graphs (an Estimator's model_fn, a serving SavedModel) and hash the values each run
sees. The kernels run FarmHash on the values (Python ints per string, as TF's kernels do in C++).
"""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.feature_column import _farmhash

__all__: list = []


def _hash_bucket_kernel(xp, values, num_buckets):
    """`Fingerprint64(value) % num_buckets` per element; integers hash through their decimal
    text (TF's hash columns turn them into strings first)."""
    if values.dtype.kind in "iu":
        values = np.vectorize(str, otypes=[object])(values)
    return _farmhash.hash_buckets(values, num_buckets)


hash_bucket = defop(
    "hash_bucket", _hash_bucket_kernel, tf_name="StringToHashBucketFast",
    infer=lambda values, num_buckets: Spec(values.shape, dtypes.int64),
    doc="int64 Fingerprint64(value) % num_buckets of each string (or integer as text).")


def _fingerprints(values, present, kind: str) -> list:
    """Per example, the 64-bit values TF's sparse cross combines: Fingerprint64 of a string,
    an integer as itself; only the present slots."""
    if kind == "str":
        return [[_farmhash.fingerprint64(_farmhash._as_bytes(v)) for v in row[keep]]
                for row, keep in zip(values, present)]
    return [[int(v) & _farmhash._M for v in row[keep]] for row, keep in zip(values, present)]


def _cross_kernel(xp, *inputs, kinds, hash_key, num_buckets):
    """inputs: (values [batch, n_k], present [batch, n_k]) per crossed key, in TF's order.
    Returns int64 [batch, width]: each example's crossed ids, padded with -1."""
    per_key = [_fingerprints(inputs[2 * k], inputs[2 * k + 1], kind)
               for k, kind in enumerate(kinds)]
    rows = []
    for parts in zip(*per_key):
        ids = []
        for combo in itertools.product(*parts):
            h = hash_key
            for fp in combo:
                h = _farmhash.fingerprint_cat64(h, fp)
            ids.append(h % num_buckets)
        rows.append(ids)
    width = max([len(r) for r in rows] + [1])
    out = np.full((len(rows), width), -1, np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


def _infer_cross(*specs, kinds, hash_key, num_buckets):
    batch = None if specs[0].shape is None else specs[0].shape[0]
    return Spec((batch, None), dtypes.int64)


feature_cross = defop(
    "feature_cross", _cross_kernel, infer=_infer_cross, same_dtype=1, tf_name="SparseCrossV2",
    doc="Hashed crosses of per-example feature values (see the kernel), padded with -1.")
