"""`crossed_column`: hashed crosses of categorical features, bucketed as TF's sparse cross
(FingerprintCat64 of the values' Fingerprint64s from `hash_key`, modulo `hash_bucket_size`).
Crossing is combinatorial per example, so it runs eagerly on NumPy values."""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion.feature_column import _farmhash
from fluxion.feature_column.columns import (
    CategoricalColumn,
    HashedCategoricalColumn,
    _as_dense,
    _flat2d,
    _sparse_cls,
)

__all__ = ["crossed_column"]

_DEFAULT_HASH_KEY = 0xDECAFCAFFE


def _sparse_present(sp, shape: tuple) -> np.ndarray:
    """Which slots of the dense [batch, n] form of a 2-D SparseTensor hold values."""
    present = np.zeros(shape, bool)
    idx = sp.indices.numpy()
    present[idx[:, 0], idx[:, 1]] = True
    return present


class CrossedColumn(CategoricalColumn):
    _fields = ("keys", "hash_bucket_size", "hash_key")

    def __init__(self, keys: tuple, hash_bucket_size: int, hash_key) -> None:
        self.keys, self.hash_bucket_size, self.hash_key = keys, hash_bucket_size, hash_key

    num_buckets = property(lambda self: self.hash_bucket_size)
    parents = property(lambda self: list(self.keys))

    @property
    def name(self) -> str:
        return "_X_".join(sorted(k if isinstance(k, str) else k.name for k in self.keys))

    @property
    def parse_example_spec(self) -> dict:
        from fluxion.io import VarLenFeature

        spec = {}
        for key in self.keys:
            if isinstance(key, str):
                spec[key] = VarLenFeature(tf.string)
            else:
                spec.update(key.parse_example_spec)
        return spec

    def _values(self, key, features: dict) -> list:
        """Per example, the 64-bit hashes TF's sparse cross uses: Fingerprint64 of a string,
        an integer as itself. Raw features keep every value ("" and -1 too, as TF)."""
        if isinstance(key, str):
            value = features[key]
            is_str = value.dtype == tf.string
            dense = _flat2d(_as_dense(value, "" if is_str else -1)).numpy()
            present = np.ones(dense.shape, bool)
            if isinstance(value, _sparse_cls()):
                present = _sparse_present(value, dense.shape)
        else:
            ids, _ = key.get_ids(features)
            dense, is_str = ids.numpy(), False
            present = dense >= 0
        if is_str:
            return [[_farmhash.fingerprint64(v) for v in row[keep]]
                    for row, keep in zip(dense, present)]
        return [[int(v) & _farmhash._M for v in row[keep]] for row, keep in zip(dense, present)]

    def get_ids(self, features: dict):
        if not tf.executing_eagerly():
            raise NotImplementedError("Fluxion computes crossed_column eagerly only.")
        # TF's cross takes the sparse inputs (categorical ids, sparse raw features) first, then
        # the dense raw features, each group in key order; the hash depends on that order
        sparse = [k for k in self.keys
                  if not isinstance(k, str) or isinstance(features[k], _sparse_cls())]
        dense = [k for k in self.keys if all(k is not j for j in sparse)]
        per_key = [self._values(k, features) for k in sparse + dense]
        rows = []
        for parts in zip(*per_key):
            ids = []
            for combo in itertools.product(*parts):
                h = self.hash_key
                for fp in combo:
                    h = _farmhash.fingerprint_cat64(h, fp)
                ids.append(h % self.hash_bucket_size)
            rows.append(ids)
        width = max([len(r) for r in rows] + [1])
        out = np.full((len(rows), width), -1, np.int64)
        for i, r in enumerate(rows):
            out[i, :len(r)] = r
        return tf.constant(out), None


def crossed_column(keys, hash_bucket_size, hash_key=None) -> CrossedColumn:
    """Hashed cross of string feature keys and categorical columns (except hashed ones)."""
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if not isinstance(key, (str, CategoricalColumn)):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"Unsupported key type. All keys must be either string, or "
                f"categorical column except HashedCategoricalColumn. Given: {key}")
        if isinstance(key, HashedCategoricalColumn):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"categorical_column_with_hash_bucket is not supported for "
                f"crossing. Hashing before crossing will increase probability of "
                f"collision. Instead, use the feature name as a string. Given: {key}")
    return CrossedColumn(tuple(keys), int(hash_bucket_size),
                         _DEFAULT_HASH_KEY if hash_key is None else int(hash_key))
