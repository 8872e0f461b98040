"""Keras' dataset utilities: `timeseries_dataset_from_array` (sliding windows),
`text_dataset_from_directory` (class subfolders of .txt files) and `split_dataset`."""
from __future__ import annotations

import random

import numpy as np

import fluxion as tf
from fluxion.keras.utils._directory import (
    check_format,
    check_labels_args,
    index_labelled_files,
    labelled_dataset,
    subset_datasets,
)

__all__ = ["split_dataset", "text_dataset_from_directory", "timeseries_dataset_from_array"]


# --- timeseries_dataset_from_array ------------------------------------------------------------
def _check_timeseries_args(n: int, sequence_stride, sampling_rate, start_index,
                           end_index) -> None:
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: "
                             f"start_index={start_index}")
        if start_index >= n:
            raise ValueError(f"`start_index` must be lower than the length of the data. "
                             f"Received: start_index={start_index}, for data of length {n}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(f"`end_index` must be higher than `start_index`. Received: "
                             f"start_index={start_index}, and end_index={end_index} ")
        if end_index >= n:
            raise ValueError(f"`end_index` must be lower than the length of the data. "
                             f"Received: end_index={end_index}, for data of length {n}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: "
                             f"end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= n:
            raise ValueError(f"`{name}` must be lower than the length of the data. Received: "
                             f"{name}={value}, for data of length {n}")


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None, format="tf"):  # noqa: A002
    """A dataset of windows over `data` (axis 0 is time): window i holds
    ``data[start + p_i + k * sampling_rate]`` for k < sequence_length, where the window
    starts p_i = 0, s, 2s... (s = sequence_stride); with `targets`, ``(window,
    targets[start + p_i])`` pairs. Batched by `batch_size` unless None."""

    n = len(data)
    _check_timeseries_args(n, sequence_stride, sampling_rate, start_index, end_index)
    if format != "tf":
        raise ValueError(f'`format` should be either "tf" or "grain". Received: '
                         f"format={format}")
    start = start_index or 0
    end = n if end_index is None else end_index
    num_seqs = end - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    index_dtype = np.int32 if num_seqs < 2147483647 else np.int64
    positions = np.arange(0, num_seqs, sequence_stride, dtype=index_dtype)
    if shuffle:
        seed = np.random.randint(1e6) if seed is None else seed
        np.random.RandomState(seed).shuffle(positions)
    steps = np.asarray(data)[start:end]
    # every window as one gather of precomputed indices (no per-element Python work)
    windows = positions[:, None] + np.arange(sequence_length, dtype=index_dtype) * sampling_rate
    dataset = tf.data.Dataset.from_tensor_slices(windows).map(
        lambda idx: tf.gather(steps, idx))
    if targets is not None:
        target_steps = np.asarray(targets)[start:end]
        dataset = tf.data.Dataset.zip((dataset, tf.data.Dataset.from_tensor_slices(
            positions).map(lambda i: tf.gather(target_steps, i))))
    dataset = dataset.prefetch(-1)
    if batch_size is not None:
        if shuffle:
            dataset = dataset.shuffle(buffer_size=batch_size * 8, seed=seed)
        return dataset.batch(batch_size)
    return dataset.shuffle(buffer_size=1024, seed=seed) if shuffle else dataset


# --- text_dataset_from_directory --------------------------------------------------------------
def _text_dataset(paths, labels, label_mode, num_classes, max_length, shuffle, buffer_size,
                  seed):
    def read(path):
        text = tf.io.read_file(path)
        return text if max_length is None else tf.strings.substr(text, 0, max_length)

    return labelled_dataset(tf.data.Dataset.from_tensor_slices(np.array(paths, dtype=object)),
                            labels, label_mode, num_classes, shuffle, buffer_size, seed, read)


def text_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                class_names=None, batch_size=32, max_length=None, shuffle=True,
                                seed=None, validation_split=None, subset=None,
                                follow_links=False, format="tf", verbose=True):  # noqa: A002
    """A dataset of (texts, labels) batches from `directory`: with labels "inferred", one
    subdirectory per class (sorted names, or `class_names`) holding .txt files. Texts are
    string tensors (truncated to `max_length` bytes); labels int32 ("int"), float32 one-hot
    ("categorical") or float32 [n, 1] ("binary"). The dataset has `class_names`; with
    `subset="both"` a [training, validation] pair."""
    check_labels_args(labels, label_mode, class_names, "text files", "text samples")
    check_format(format)
    paths, labels, label_mode, class_names, seed = index_labelled_files(
        directory, labels, label_mode, (".txt",), class_names, validation_split, subset,
        shuffle, seed, follow_links, verbose)
    num_classes = len(class_names) if class_names else 0

    def make(part_paths, part_labels, part_shuffle, buffer_size):
        return _text_dataset(part_paths, part_labels, label_mode, num_classes, max_length,
                             part_shuffle, buffer_size, seed)

    return subset_datasets(make, paths, labels, class_names, validation_split, subset, shuffle,
                           batch_size, f"text files found in directory {directory}. Allowed "
                           f"format: .txt")


# --- split_dataset ----------------------------------------------------------------------------
def _samples(dataset) -> tuple[list, object]:
    """The dataset as a list of samples (NumPy values), and the batch size to restore."""
    from fluxion.data.batching import BatchDataset  # noqa: PLC0415
    from fluxion.data.dataset import Dataset  # noqa: PLC0415

    if isinstance(dataset, (list, tuple)):
        kind = type(dataset).__name__
        if not dataset:
            raise ValueError(f"Received an empty {kind} dataset. Please provide a non-empty "
                             f"{kind} of arrays.")
        for i, element in enumerate(dataset):
            if not isinstance(element, np.ndarray):
                raise ValueError(f"Expected a {kind} of `numpy.ndarray` objects,Received: "
                                 f"{type(element)} at index {i}.")
            if element.shape[0] != dataset[0].shape[0]:
                raise ValueError(f"Received a {kind} of NumPy arrays with different lengths.")
        return list(zip(*dataset)), None
    if isinstance(dataset, np.ndarray):
        return list(dataset), None
    if isinstance(dataset, Dataset):
        batch = dataset._size if isinstance(dataset, BatchDataset) else None
        source = dataset.unbatch() if batch is not None else dataset
        return list(source.as_numpy_iterator()), batch
    raise TypeError(f"The `dataset` argument must be eithera `tf.data.Dataset` object, ora "
                    f"list/tuple of arrays. Received: dataset={dataset} of type "
                    f"{type(dataset)}")


def _split_sizes(left_size, right_size, total: int) -> tuple[int, int]:
    """Keras' rules: floats are fractions (rounded), ints counts, None the complement."""
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(f"Invalid `{name}` Type. Expected: int or float or None, "
                            f"Received: type({name})={type(size)}.")
    if left_size == 0 and right_size == 0:
        raise ValueError("Both `left_size` and `right_size` are zero. At least one of the "
                         "split sizes must be non-zero.")
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if (type(size) is int and not 0 < size < total
                or type(size) is float and not 0 < size < 1):
            raise ValueError(f"`{name}` should be either a positive integer smaller than "
                             f"{total}, or a float within the range `[0, 1]`. Received: "
                             f"{name}={size}")
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must "
                         "be less than or equal to 1.")
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(f"The sum of `left_size` and `right_size` should be smaller than the "
                         f"{total}. Received: left_size + right_size = {left + right}and "
                         f"total_length = {total}")
    for size, side in ((left, "left"), (right, "right")):
        if size == 0:
            raise ValueError(f"With `dataset` of length={total}, `left_size`={left} and "
                             f"`right_size`={right}.Resulting {side} side dataset split will "
                             f"be empty. Adjust any of the aforementioned parameters")
    return int(left), int(right)


def _stack(samples: list):
    """Samples (tuples, dicts or arrays) as one structure of stacked arrays."""
    first = samples[0]
    if isinstance(first, tuple):
        return tuple(_stack([s[i] for s in samples]) for i in range(len(first)))
    if isinstance(first, dict):
        return {k: _stack([s[k] for s in samples]) for k in first}
    return np.array(samples)


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None,
                  preferred_backend=None):
    """Splits a dataset (a `tf.data.Dataset`, NumPy array, or list/tuple of equally long
    arrays) into (left, right) datasets of `left_size` / `right_size` samples (fractions when
    floats); a batched dataset's splits are batched alike."""

    if right_size is None and left_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    samples, batch = _samples(dataset)
    if shuffle:
        rng = random.Random(random.randint(0, int(1e6)) if seed is None else seed)
        rng.shuffle(samples)
    left, right = _split_sizes(left_size, right_size, len(samples))
    splits = []
    for part in (samples[:left], samples[-right:]):
        # an array's rows go in as a list, as Keras passes them (TF reads a list of int64
        # scalars as int32)
        ds = tf.data.Dataset.from_tensor_slices(
            part if isinstance(dataset, np.ndarray) else _stack(part))
        if batch is not None:
            ds = ds.batch(batch)
        splits.append(ds.prefetch(-1))
    return tuple(splits)
