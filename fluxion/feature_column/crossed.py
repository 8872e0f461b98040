"""`crossed_column`: hashed crosses of categorical features, bucketed as TF's sparse cross
(FingerprintCat64 of the values' Fingerprint64s from `hash_key`, modulo `hash_bucket_size`).
The crossing is the `feature_cross` primitive, so crossed columns trace into graphs too."""
from __future__ import annotations

import fluxion as tf
from fluxion.feature_column import _hash_ops
from fluxion.feature_column.columns import (
    CategoricalColumn,
    HashedCategoricalColumn,
    _as_dense,
    _flat2d,
    _sparse_cls,
)

__all__ = ["crossed_column"]

_DEFAULT_HASH_KEY = 0xDECAFCAFFE


def _sparse_present(sp):
    """Which slots of the dense [batch, n] form of a 2-D SparseTensor hold values."""
    marks = sp.with_values(tf.ones_like(sp.values, dtype=tf.bool))
    return _flat2d(_as_dense(marks, False))


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

    def _values(self, key, features: dict) -> tuple:
        """(values [batch, n], present [batch, n], kind): what the cross combines for one key.
        Raw features keep every value ("" and -1 too, as TF); strings hash, ints are taken as
        they are."""
        if isinstance(key, str):
            value = features[key]
            is_str = value.dtype == tf.string
            dense = _flat2d(_as_dense(value, "" if is_str else -1))
            if isinstance(value, _sparse_cls()):
                present = _sparse_present(value)
            else:
                present = tf.ones_like(dense, dtype=tf.bool)
            if not is_str and dense.dtype != tf.int64:
                dense = tf.cast(dense, tf.int64)
            return dense, present, "str" if is_str else "int"
        ids, _ = key.get_ids(features)
        return ids, ids >= 0, "int"

    def get_ids(self, features: dict):
        # TF's cross takes the sparse inputs (categorical ids, sparse raw features) first, then
        # the dense raw features, each group in key order; the hash depends on that order
        sparse = [k for k in self.keys
                  if not isinstance(k, str) or isinstance(features[k], _sparse_cls())]
        dense = [k for k in self.keys if all(k is not j for j in sparse)]
        parts = [self._values(k, features) for k in sparse + dense]
        inputs = [t for values, present, _ in parts for t in (values, present)]
        ids = _hash_ops.feature_cross(*inputs, kinds=tuple(kind for _, _, kind in parts),
                                      hash_key=self.hash_key,
                                      num_buckets=self.hash_bucket_size)
        return ids, None


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
