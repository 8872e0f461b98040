"""`tf.lookup`: static hash tables (from tensors or text files), vocabulary tables with
hashed out-of-vocabulary buckets, and mutable tables in `tf.lookup.experimental`.

Static tables hold their keys sorted beside their values as constant tensors and look keys up
with the `lookup_table_find` primitive (see `_ops`), so they work eagerly, in `tf.function`,
in `Dataset.map` and in saved graphs.
"""
from fluxion.lookup import experimental
from fluxion.lookup._tables import (
    KeyValueTensorInitializer,
    StaticHashTable,
    StaticVocabularyTable,
    TextFileIndex,
    TextFileInitializer,
)

__all__ = ["KeyValueTensorInitializer", "StaticHashTable", "StaticVocabularyTable",
           "TextFileIndex", "TextFileInitializer", "experimental"]
