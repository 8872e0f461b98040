"""``tf.data.experimental``."""
from __future__ import annotations

from fluxion.data.csv_reader import make_csv_dataset
from fluxion.data.dataset import Dataset, Optional
from fluxion.data.experimental_ops import (
    SHARD_HINT,
    AutotuneAlgorithm,
    DatasetInitializer,
    Reducer,
    at,
    copy_to_device,
    dense_to_ragged_batch,
    dense_to_sparse_batch,
    enable_debug_mode,
    group_by_reducer,
    index_table_from_dataset,
    make_batched_features_dataset,
    pad_to_cardinality,
    parse_example_dataset,
    prefetch_to_device,
    rejection_resample,
    snapshot,
    table_from_dataset,
)
from fluxion.data.options import (
    AutoShardPolicy,
    AutotuneOptions,
    DistributeOptions,
    ExternalStatePolicy,
    OptimizationOptions,
    ThreadingOptions,
)
from fluxion.data.readers import CsvDataset
from fluxion.data.structure import AUTOTUNE, DatasetSpec
from fluxion.data.structure import INFINITE as INFINITE_CARDINALITY
from fluxion.data.structure import UNKNOWN as UNKNOWN_CARDINALITY

__all__ = [
    "SHARD_HINT",
    "AutotuneAlgorithm",
    "DatasetInitializer",
    "Reducer",
    "at",
    "copy_to_device",
    "dense_to_ragged_batch",
    "dense_to_sparse_batch",
    "enable_debug_mode",
    "group_by_reducer",
    "index_table_from_dataset",
    "make_batched_features_dataset",
    "pad_to_cardinality",
    "parse_example_dataset",
    "prefetch_to_device",
    "rejection_resample",
    "snapshot",
    "table_from_dataset",
    "AUTOTUNE",
    "INFINITE_CARDINALITY",
    "UNKNOWN_CARDINALITY",
    "AutoShardPolicy",
    "AutotuneOptions",
    "CsvDataset",
    "DatasetSpec",
    "DistributeOptions",
    "ExternalStatePolicy",
    "OptimizationOptions",
    "Optional",
    "ThreadingOptions",
    "Counter",
    "RandomDataset",
    "TFRecordWriter",
    "assert_cardinality",
    "bucket_by_sequence_length",
    "cardinality",
    "choose_from_datasets",
    "enumerate_dataset",
    "from_list",
    "get_single_element",
    "get_structure",
    "load",
    "save",
    "group_by_window",
    "ignore_errors",
    "make_csv_dataset",
    "map_and_batch",
    "parallel_interleave",
    "sample_from_datasets",
    "scan",
    "shuffle_and_repeat",
    "take_while",
    "unbatch",
    "unique",
]


def cardinality(dataset: Dataset):
    """The cardinality of `dataset` as an int64 tensor (-1 infinite, -2 unknown)."""
    return dataset.cardinality()


def get_single_element(dataset: Dataset):
    return dataset.get_single_element()


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True) -> Dataset:
    return Dataset.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset)


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False
                         ) -> Dataset:
    return Dataset.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset)


def enumerate_dataset(start=0):
    return lambda dataset: dataset.enumerate(start)


def assert_cardinality(expected_cardinality):
    """A transformation that declares the cardinality (checked while iterating)."""
    from fluxion.data.transforms import AssertCardinalityDataset  # noqa: PLC0415

    return lambda dataset: AssertCardinalityDataset(dataset, expected_cardinality)


def ignore_errors(log_warning=False):
    """A transformation that drops elements whose production raised an op error."""
    from fluxion.data.transforms import IgnoreErrorsDataset  # noqa: PLC0415

    return lambda dataset: IgnoreErrorsDataset(dataset)


# --- the older, function-returning forms of Dataset methods (used with `dataset.apply`) --------
def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    return lambda dataset: dataset.group_by_window(key_func, reduce_func, window_size,
                                                   window_size_func)


def bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes,
                              padded_shapes=None, padding_values=None,
                              pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    return lambda dataset: dataset.bucket_by_sequence_length(
        element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes,
        padding_values, pad_to_bucket_boundary, no_padding, drop_remainder)


def unique():
    return lambda dataset: dataset.unique()


def scan(initial_state, scan_func):
    return lambda dataset: dataset.scan(initial_state, scan_func)


def take_while(predicate):
    return lambda dataset: dataset.take_while(predicate)


def unbatch():
    return lambda dataset: dataset.unbatch()


def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
                        buffer_output_elements=None, prefetch_input_elements=None):
    return lambda dataset: dataset.interleave(map_func, cycle_length, block_length,
                                              num_parallel_calls=cycle_length)


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    calls = num_parallel_calls if num_parallel_calls is not None else num_parallel_batches
    return lambda dataset: dataset.map(map_func, num_parallel_calls=calls).batch(
        batch_size, drop_remainder=drop_remainder)


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    return lambda dataset: dataset.shuffle(buffer_size, seed).repeat(count)


def get_structure(dataset_or_iterator):
    """The element_spec of a dataset or iterator."""
    spec = getattr(dataset_or_iterator, "element_spec", None)
    if spec is None:
        raise TypeError(f"Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a "
                        f"`tf.data.Dataset` or tf.data.Iterator object, but got "
                        f"{type(dataset_or_iterator)}.")
    return spec


def Counter(start=0, step=1, dtype=None):  # noqa: N802 - TF's name
    from fluxion.core import dtypes  # noqa: PLC0415

    return Dataset.counter(start, step, dtypes.int64 if dtype is None else dtype)


def RandomDataset(seed=None):  # noqa: N802 - TF's name
    return Dataset.random(seed)


def from_list(elements, name=None) -> Dataset:
    """A dataset of the given elements (each a tensor or a structure of them, all alike)."""
    from fluxion.core import nest  # noqa: PLC0415
    from fluxion.ops import array_ops  # noqa: PLC0415

    elements = list(elements)
    if not elements:
        raise ValueError("Invalid `elements`. `elements` should not be empty.")
    stacked = nest.map_structure(lambda *parts: array_ops.stack(list(parts)), *elements)
    return Dataset.from_tensor_slices(stacked)


class TFRecordWriter:
    """Writes a dataset of scalar strings to a TFRecord file (`write(dataset)`)."""

    def __init__(self, filename, compression_type=None) -> None:
        self._filename = filename
        self._compression = compression_type

    def write(self, dataset: Dataset) -> None:
        from fluxion.io import TFRecordOptions, TFRecordWriter as Writer  # noqa: PLC0415

        options = TFRecordOptions(self._compression) if self._compression else None
        with Writer(self._filename, options) as writer:
            for record in dataset.as_numpy_iterator():
                writer.write(record)


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None) -> None:
    dataset.save(path, compression, shard_func, checkpoint_args)


def load(path, element_spec=None, compression=None, reader_func=None):
    return Dataset.load(path, element_spec, compression, reader_func)


def get_next_as_optional(iterator) -> Optional:
    """Deprecated in TF for ``iterator.get_next_as_optional()``, which it calls."""
    return iterator.get_next_as_optional()
