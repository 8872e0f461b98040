"""Feature columns that read raw features: numeric, bucketized and the categorical columns.

A categorical column turns its feature into ``(ids, weights)``: int64 ids [batch, n] where a
negative id means "no value" (a missing entry, TF's ignored "" / -1, or a padded sparse slot),
and float32 weights [batch, n] or None. Every column is made of graph ops (hashing is the
`hash_bucket` primitive, FarmHash on the values), so columns also run inside
``fluxion.function`` (an Estimator's model_fn, a serving signature).
"""
from __future__ import annotations

import collections
import itertools

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.feature_column import _hash_ops

__all__ = ["bucketized_column", "categorical_column_with_hash_bucket",
           "categorical_column_with_identity", "categorical_column_with_vocabulary_file",
           "categorical_column_with_vocabulary_list", "numeric_column",
           "weighted_categorical_column"]


def _sparse_cls():
    from fluxion.sparse import SparseTensor

    return SparseTensor


def _as_dense(value, missing):
    """A feature (tensor, array, list or SparseTensor) as a dense tensor of rank >= 2 (rank-1
    features become [batch, 1]); sparse slots without a value get `missing`."""
    if isinstance(value, _sparse_cls()):
        value = tf.sparse.to_dense(value, default_value=missing)
    elif not tf.is_tensor(value):
        value = tf.convert_to_tensor(value)
    if value.shape.rank == 1:
        value = tf.expand_dims(value, -1)
    return value


def _flat2d(x):
    """[batch, ...] -> [batch, prod(...)] (keeps an unknown batch dim unknown)."""
    rest = x.shape.as_list()[1:]
    if len(rest) == 1:
        return x
    if any(d is None for d in rest):
        raise ValueError(f"Feature shape {x.shape} must be fully defined past the batch dim.")
    return tf.reshape(x, [-1, int(np.prod(rest, dtype=np.int64))])


class FeatureColumn:
    """Base of all columns: `name`, `parse_example_spec`, hashable by config."""

    _fields: tuple = ()

    def __lt__(self, other) -> bool:
        return self.name < other.name

    def __repr__(self) -> str:
        args = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({args})"

    @property
    def parents(self) -> list:
        return []


class DenseColumn(FeatureColumn):
    """A column with a dense float32 representation [batch, variable_shape...]."""

    def create_weights(self, layer) -> dict:  # columns with trainable state override
        return {}

    def get_dense_tensor(self, features: dict, weights: dict):
        raise NotImplementedError


class CategoricalColumn(FeatureColumn):
    """A column of ids in [0, num_buckets)."""

    def get_ids(self, features: dict):
        """(ids int64 [batch, n], weights float32 [batch, n] or None); ids < 0 are absent."""
        raise NotImplementedError


# --- numeric and bucketized --------------------------------------------------------------------
class NumericColumn(DenseColumn):
    _fields = ("key", "shape", "default_value", "dtype", "normalizer_fn")

    def __init__(self, key, shape, default_value, dtype, normalizer_fn) -> None:
        self.key, self.shape, self.default_value = key, shape, default_value
        self.dtype, self.normalizer_fn = dtype, normalizer_fn

    name = property(lambda self: self.key)
    variable_shape = property(lambda self: tf.TensorShape(self.shape))

    @property
    def parse_example_spec(self) -> dict:
        from fluxion.io import FixedLenFeature

        return {self.key: FixedLenFeature(self.shape, self.dtype, self.default_value)}

    def transform(self, features: dict):
        value = features[self.key]
        if isinstance(value, _sparse_cls()):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"The corresponding Tensor of numerical column must be a Tensor. "
                f"SparseTensor is not supported. key: {self.key}")
        value = _as_dense(value, None)
        if self.normalizer_fn is not None:
            value = self.normalizer_fn(value)
        return tf.cast(value, tf.float32)

    def get_dense_tensor(self, features: dict, weights: dict):
        return _flat2d(self.transform(features))


def _default_tuple(default_value, shape: tuple, dtype):
    if default_value is None:
        return None
    arr = np.asarray(default_value, dtype=dtype.as_numpy_dtype)
    size = int(np.prod(shape, dtype=np.int64))
    if arr.ndim == 0:
        return tuple([arr.item()] * size) if len(shape) <= 1 else \
            np.full(shape, arr.item()).tolist()
    if arr.shape != tuple(shape):
        raise ValueError(f"The shape of default_value must be equal to given shape. "
                         f"default_value: {default_value}, shape: {shape}, dtype: {dtype}")
    return arr.tolist()


def numeric_column(key, shape=(1,), default_value=None, dtype=tf.float32,
                   normalizer_fn=None) -> NumericColumn:
    """A dense float feature of `shape` per example (flattened in dense outputs)."""
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else \
        tuple(int(d) for d in shape)
    if any(d < 1 for d in shape):
        raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    dtype = tf.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    default = _default_tuple(default_value, shape, dtype)
    return NumericColumn(key, shape, default, dtype, normalizer_fn)


class BucketizedColumn(DenseColumn, CategoricalColumn):
    """Bucket i of a value x holds boundaries[i-1] <= x < boundaries[i]."""

    _fields = ("source_column", "boundaries")

    def __init__(self, source_column: NumericColumn, boundaries: tuple) -> None:
        self.source_column, self.boundaries = source_column, boundaries

    name = property(lambda self: f"{self.source_column.name}_bucketized")
    parse_example_spec = property(lambda self: self.source_column.parse_example_spec)
    parents = property(lambda self: [self.source_column])

    @property
    def num_buckets(self) -> int:
        return int(np.prod(self.source_column.shape)) * (len(self.boundaries) + 1)

    def _buckets(self, features: dict):
        x = _flat2d(self.source_column.transform(features))
        bounds = tf.constant(np.asarray(self.boundaries, np.float32))
        counts = tf.reduce_sum(tf.cast(tf.expand_dims(x, -1) >= bounds, tf.int64), axis=-1)
        return counts  # [batch, size]

    def get_dense_tensor(self, features: dict, weights: dict):
        hot = tf.one_hot(self._buckets(features), len(self.boundaries) + 1)
        size = int(np.prod(self.source_column.shape))
        return tf.reshape(hot, [-1, size * (len(self.boundaries) + 1)])

    def get_ids(self, features: dict):
        buckets = self._buckets(features)
        size = int(np.prod(self.source_column.shape))
        offsets = tf.constant(np.arange(size, dtype=np.int64) * (len(self.boundaries) + 1))
        return buckets + offsets, None

    variable_shape = property(lambda self: tf.TensorShape(
        [*self.source_column.shape, len(self.boundaries) + 1]))


def bucketized_column(source_column, boundaries) -> BucketizedColumn:
    """Discretizes a numeric column by sorted `boundaries`."""
    if not isinstance(source_column, NumericColumn):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"source_column must be a column generated with numeric_column(). "
            f"Given: {source_column}")
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. "
                         f"Given: {source_column}")
    if not boundaries:
        raise ValueError("boundaries must not be empty.")
    if not isinstance(boundaries, (list, tuple)):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            "boundaries must be a sorted list.")
    for a, b in itertools.pairwise(boundaries):
        if a >= b:
            raise ValueError(f"boundaries must be a sorted list. boundaries: {boundaries}")
    return BucketizedColumn(source_column, tuple(float(b) for b in boundaries))


# --- categorical -------------------------------------------------------------------------------
def _raw_ids_input(features: dict, key: str, dtype):
    """The feature as dense [batch, n] plus a mask of present values (TF ignores "" / -1)."""
    missing = "" if dtype == tf.string else -1
    value = features[key]
    if isinstance(value, _sparse_cls()) and value.dtype != dtype and dtype.is_integer and \
            value.dtype.is_integer:
        value = value.with_values(tf.cast(value.values, dtype))
    value = _as_dense(value, missing)
    if (value.dtype == tf.string) != (dtype == tf.string):
        raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {key}, "
                         f"column dtype: {dtype}, tensor dtype: {value.dtype}")
    value = _flat2d(value)
    if dtype.is_integer and value.dtype != tf.int64:
        value = tf.cast(value, tf.int64)
    present = tf.not_equal(value, tf.constant(missing, dtype=value.dtype))
    return value, present


class HashedCategoricalColumn(CategoricalColumn):
    _fields = ("key", "hash_bucket_size", "dtype")

    def __init__(self, key, hash_bucket_size, dtype) -> None:
        self.key, self.hash_bucket_size, self.dtype = key, hash_bucket_size, dtype

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.hash_bucket_size)

    @property
    def parse_example_spec(self) -> dict:
        from fluxion.io import VarLenFeature

        return {self.key: VarLenFeature(self.dtype)}

    def get_ids(self, features: dict):
        value, present = _raw_ids_input(features, self.key, self.dtype)
        buckets = _hash_ops.hash_bucket(value, num_buckets=self.hash_bucket_size)
        return tf.where(present, buckets, tf.constant(-1, tf.int64)), None


def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=tf.string):
    """Ids `Fingerprint64(value) % hash_bucket_size` (ints hash through their decimal text)."""
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be at least 1. hash_bucket_size: "
                         f"{hash_bucket_size}, key: {key}")
    dtype = _categorical_dtype(dtype)
    return HashedCategoricalColumn(key, int(hash_bucket_size), dtype)


def _categorical_dtype(dtype):
    dtype = tf.as_dtype(dtype)
    if dtype != tf.string and not dtype.is_integer:
        raise ValueError(f"dtype {dtype} not supported.")
    return dtype


class VocabularyListCategoricalColumn(CategoricalColumn):
    _fields = ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets")

    def __init__(self, key, vocabulary_list, dtype, default_value, num_oov_buckets) -> None:
        self.key, self.vocabulary_list, self.dtype = key, vocabulary_list, dtype
        self.default_value, self.num_oov_buckets = default_value, num_oov_buckets

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: len(self.vocabulary_list) + self.num_oov_buckets)

    @property
    def parse_example_spec(self) -> dict:
        from fluxion.io import VarLenFeature

        return {self.key: VarLenFeature(self.dtype)}

    def get_ids(self, features: dict):
        value, present = _raw_ids_input(features, self.key, self.dtype)
        # a list, not an object array: tf.constant keeps str items of object arrays undecoded
        vocab = tf.constant(list(self.vocabulary_list), dtype=self.dtype)
        hits = tf.equal(tf.expand_dims(value, -1), vocab)  # [batch, n, vocab]
        found = tf.reduce_any(hits, axis=-1)
        index = tf.argmax(tf.cast(hits, tf.int32), axis=-1, output_type=tf.int64)
        if self.num_oov_buckets:
            oov = _hash_ops.hash_bucket(value, num_buckets=self.num_oov_buckets)
            other = oov + len(self.vocabulary_list)
        else:
            other = tf.zeros_like(index) + self.default_value
        ids = tf.where(found, index, other)
        return tf.where(present, ids, tf.constant(-1, tf.int64)), None


def _vocab_column(key, vocab: tuple, dtype, default_value, num_oov_buckets):
    if num_oov_buckets:
        if default_value != -1:
            raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")
    if len(set(vocab)) != len(vocab):
        dup = [v for v, n in collections.Counter(vocab).items() if n > 1]
        raise ValueError(f"Duplicate keys in vocabulary_list {dup} in {key}.")
    return VocabularyListCategoricalColumn(key, vocab, dtype, int(default_value),
                                           int(num_oov_buckets or 0))


def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1,
                                            num_oov_buckets=0):
    """Ids are positions in `vocabulary_list`; other values get `default_value` or one of
    `num_oov_buckets` hash buckets after the vocabulary."""
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: "
                         f"{key}")
    arr = np.asarray(vocabulary_list)
    vocab_is_str = arr.dtype.kind in "USO"
    if dtype is None:
        dtype = tf.string if vocab_is_str else tf.int64
    dtype = _categorical_dtype(dtype)
    if vocab_is_str != (dtype == tf.string):
        raise ValueError(f"dtype {dtype} and vocabulary dtype {arr.dtype} do not match, "
                         f"column_name: {key}")
    vocab = tuple(str(v) if vocab_is_str else int(v) for v in vocabulary_list)
    return _vocab_column(key, vocab, dtype, default_value, num_oov_buckets)


def categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size=None,
                                            dtype=tf.string, default_value=None,
                                            num_oov_buckets=0):
    """As the list version, with one vocabulary entry per line of `vocabulary_file`."""
    if not vocabulary_file:
        raise ValueError(f"Missing vocabulary_file in {key}.")
    with open(vocabulary_file, encoding="utf-8") as f:
        lines = [line.rstrip("\r\n") for line in f]
    if vocabulary_size is not None:
        if vocabulary_size < 1:
            raise ValueError(f"Invalid vocabulary_size in {key}.")
        if vocabulary_size > len(lines):
            raise errors.InvalidArgumentError(
                f"Invalid vocab_size {vocabulary_size} > file size {len(lines)} "
                f"({vocabulary_file}).")
        lines = lines[:vocabulary_size]
    dtype = _categorical_dtype(dtype)
    vocab = tuple(lines) if dtype == tf.string else tuple(int(v) for v in lines)
    default = -1 if default_value is None else default_value
    column = _vocab_column(key, vocab, dtype, default, num_oov_buckets)
    column.vocabulary_file, column.vocabulary_size = vocabulary_file, len(vocab)
    return column


class IdentityCategoricalColumn(CategoricalColumn):
    _fields = ("key", "number_buckets", "default_value")

    def __init__(self, key, number_buckets, default_value) -> None:
        self.key, self.number_buckets, self.default_value = key, number_buckets, default_value

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.number_buckets)
    dtype = tf.int64

    @property
    def parse_example_spec(self) -> dict:
        from fluxion.io import VarLenFeature

        return {self.key: VarLenFeature(tf.int64)}

    def get_ids(self, features: dict):
        value, present = _raw_ids_input(features, self.key, tf.int64)
        if self.default_value is not None:
            inside = tf.logical_and(value >= 0, value < self.number_buckets)
            value = tf.where(inside, value, tf.constant(self.default_value, tf.int64))
        return tf.where(present, value, tf.constant(-1, tf.int64)), None


def categorical_column_with_identity(key, num_buckets, default_value=None):
    """Integer values used as ids in [0, num_buckets); others become `default_value`."""
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and not 0 <= default_value < num_buckets:
        raise ValueError(f"default_value {default_value} not in range [0, {num_buckets}), "
                         f"column_name {key}")
    return IdentityCategoricalColumn(key, int(num_buckets), default_value)


class WeightedCategoricalColumn(CategoricalColumn):
    _fields = ("categorical_column", "weight_feature_key", "dtype")

    def __init__(self, categorical_column, weight_feature_key, dtype) -> None:
        self.categorical_column, self.weight_feature_key = categorical_column, weight_feature_key
        self.dtype = dtype

    name = property(lambda self: f"{self.categorical_column.name}_weighted_by_"
                                 f"{self.weight_feature_key}")
    num_buckets = property(lambda self: self.categorical_column.num_buckets)
    parents = property(lambda self: [self.categorical_column])

    @property
    def parse_example_spec(self) -> dict:
        from fluxion.io import VarLenFeature

        spec = dict(self.categorical_column.parse_example_spec)
        if self.weight_feature_key in spec:
            raise ValueError(f"Parse config {spec[self.weight_feature_key]} already exists "
                             f"for {self.weight_feature_key}.")
        spec[self.weight_feature_key] = VarLenFeature(self.dtype)
        return spec

    def get_ids(self, features: dict):
        ids, _ = self.categorical_column.get_ids(features)
        weights = _flat2d(_as_dense(features[self.weight_feature_key], 0.0))
        return ids, tf.cast(weights, tf.float32)


def weighted_categorical_column(categorical_column, weight_feature_key, dtype=tf.float32):
    """Pairs each id of `categorical_column` with the value at the same position of the
    `weight_feature_key` feature."""
    dtype = tf.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise ValueError(f"dtype {dtype} is not convertible to float.")
    return WeightedCategoricalColumn(categorical_column, weight_feature_key, dtype)

