"""``tf.keras.datasets``: Keras' small datasets, downloaded once into the Keras cache.

Each submodule's `load_data` fetches the same file from the same URL as Keras 3 (checking the
same hash), caches it under ``~/.keras/datasets`` (or ``$KERAS_HOME/datasets``) through
`fluxion.keras.utils.get_file`, and returns the same arrays with the same dtypes. Files that
Keras stores as pickles (CIFAR batches, the IMDB and Reuters sequences) are decoded by a
restricted reader that never runs pickle code: see `fluxion.keras.datasets._safe_pickle`.
"""
from fluxion.keras.datasets import (boston_housing, california_housing, cifar10, cifar100,
                                    fashion_mnist, imdb, mnist, reuters)

__all__ = ["boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist", "imdb",
           "mnist", "reuters"]
