"""``tf.feature_column``: describe raw features (numeric, bucketized, categorical by
vocabulary, identity or hash) and turn them into dense model inputs via `DenseFeatures`."""
from __future__ import annotations

from fluxion.feature_column.columns import (
    bucketized_column,
    categorical_column_with_hash_bucket,
    categorical_column_with_identity,
    categorical_column_with_vocabulary_file,
    categorical_column_with_vocabulary_list,
    numeric_column,
    weighted_categorical_column,
)
from fluxion.feature_column.crossed import crossed_column
from fluxion.feature_column.dense import (
    DenseFeatures,
    embedding_column,
    indicator_column,
    make_parse_example_spec,
    shared_embeddings,
)

__all__ = ["DenseFeatures", "bucketized_column", "categorical_column_with_hash_bucket",
           "categorical_column_with_identity", "categorical_column_with_vocabulary_file",
           "categorical_column_with_vocabulary_list", "crossed_column", "embedding_column",
           "indicator_column", "make_parse_example_spec", "numeric_column", "shared_embeddings",
           "weighted_categorical_column"]
