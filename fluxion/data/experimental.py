"""``tf.data.experimental``."""
from __future__ import annotations

from fluxion.data.csv_reader import make_csv_dataset
from fluxion.data.dataset import Dataset, Optional
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
    "assert_cardinality",
    "cardinality",
    "choose_from_datasets",
    "enumerate_dataset",
    "get_single_element",
    "ignore_errors",
    "make_csv_dataset",
    "sample_from_datasets",
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
