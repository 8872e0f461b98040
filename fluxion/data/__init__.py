"""``tf.data``: input pipelines (`Dataset` and its transformations, text and CSV readers).

Pipelines run on NumPy arrays internally and hand out Tensors (`iter(dataset)`); user functions
are traced into graphs once (`fluxion.data.functions`); `prefetch` and parallel `map` overlap
input work with the consumer on background threads (`fluxion.data.parallel`).
"""
from fluxion.data import experimental, sparse_components  # noqa: F401 - installs hooks
from fluxion.data.dataset import Dataset, NumpyIterator, Optional, OwnedIterator
from fluxion.data.options import Options, ThreadingOptions
from fluxion.data.readers import FixedLengthRecordDataset, TextLineDataset, TFRecordDataset
from fluxion.data.structure import AUTOTUNE, DatasetSpec
from fluxion.data.structure import INFINITE as INFINITE_CARDINALITY
from fluxion.data.structure import UNKNOWN as UNKNOWN_CARDINALITY

Iterator = OwnedIterator


def __getattr__(name: str):
    if name == "IteratorSpec":  # with the other TypeSpecs
        from fluxion.type_spec import IteratorSpec  # noqa: PLC0415

        return IteratorSpec
    raise AttributeError(f"module 'fluxion.data' has no attribute {name!r}")
DatasetV2 = Dataset

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "DatasetSpec",
           "FixedLengthRecordDataset",
           "Iterator", "NumpyIterator", "Optional", "Options", "TFRecordDataset",
           "TextLineDataset", "ThreadingOptions", "experimental"]
