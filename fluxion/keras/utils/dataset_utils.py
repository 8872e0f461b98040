"""Keras' dataset utilities: `timeseries_dataset_from_array` (sliding windows),
`text_dataset_from_directory` (class subfolders of .txt files) and `split_dataset`."""
from __future__ import annotations

import random

import numpy as np

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
    import fluxion as tf  # noqa: PLC0415 - keras loads after fluxion

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
def _check_text_args(labels, label_mode, class_names, format) -> None:  # noqa: A002
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                f"`labels` argument should be a list/tuple of integer labels, of the same size "
                f"as the number of text files in the target directory. If you wish to infer "
                f"the labels from the subdirectory names in the target directory, pass "
                f'`labels="inferred"`. If you wish to get a dataset that only contains text '
                f"samples (no labels), pass `labels=None`. Received: labels={labels}")
        if class_names:
            raise ValueError(f'You can only pass `class_names` if `labels="inferred"`. '
                             f"Received: labels={labels}, and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(f'`label_mode` argument must be one of "int", "categorical", '
                         f'"binary", or None. Received: label_mode={label_mode}')
    if format != "tf":
        raise ValueError(f'`format` should be either "tf" or "grain". Received: '
                         f"format={format}")


def _text_dataset(paths, labels, label_mode, num_classes, max_length, shuffle, buffer_size,
                  seed):
    import fluxion as tf  # noqa: PLC0415
    from fluxion.keras.utils.image_utils import _labels_dataset  # noqa: PLC0415

    ds = tf.data.Dataset.from_tensor_slices(np.array(paths, dtype=object))
    if label_mode:
        ds = tf.data.Dataset.zip((ds, _labels_dataset(labels, label_mode, num_classes)))
    if shuffle:
        ds = ds.shuffle(buffer_size=buffer_size or 1024, seed=seed)

    def read(path):
        text = tf.io.read_file(path)
        return text if max_length is None else tf.strings.substr(text, 0, max_length)

    if label_mode:
        return ds.map(lambda path, label: (read(path), label))
    return ds.map(read)


def text_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                class_names=None, batch_size=32, max_length=None, shuffle=True,
                                seed=None, validation_split=None, subset=None,
                                follow_links=False, format="tf", verbose=True):  # noqa: A002
    """A dataset of (texts, labels) batches from `directory`: with labels "inferred", one
    subdirectory per class (sorted names, or `class_names`) holding .txt files. Texts are
    string tensors (truncated to `max_length` bytes); labels int32 ("int"), float32 one-hot
    ("categorical") or float32 [n, 1] ("binary"). The dataset has `class_names`; with
    `subset="both"` a [training, validation] pair."""
    from fluxion.keras.utils.image_utils import (  # noqa: PLC0415 - shared directory helpers
        _check_split_args, _split, index_directory)

    _check_text_args(labels, label_mode, class_names, format)
    if labels is None or label_mode is None:
        labels = label_mode = None
    _check_split_args(validation_split, subset, shuffle, seed)
    seed = np.random.randint(1e6) if seed is None else seed
    paths, labels, class_names = index_directory(
        directory, labels, (".txt",), class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")
    num_classes = len(class_names) if class_names else 0
    buffer_size = batch_size * 8 if batch_size is not None else 1024
    parts = ["training", "validation"] if subset == "both" else [subset]
    datasets = []
    for part in parts:
        part_paths, part_labels = _split(paths, labels, validation_split, part)
        if not part_paths:
            which = f"{part} " if subset == "both" else ""
            raise ValueError(f"No {which}text files found in directory {directory}. "
                             f"Allowed format: .txt")
        part_shuffle = shuffle and not (subset == "both" and part == "validation")
        ds = _text_dataset(part_paths, part_labels, label_mode, num_classes, max_length,
                           part_shuffle, buffer_size, seed)
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(-1)
        ds.class_names = class_names
        datasets.append(ds)
    return datasets if subset == "both" else datasets[0]


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
    import fluxion as tf  # noqa: PLC0415

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
