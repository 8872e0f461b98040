"""What `image_dataset_from_directory` and `text_dataset_from_directory` share: Keras' checks
of the label and split arguments, listing the files of class subdirectories, the validation
split and one batched dataset per subset, with Keras' messages."""
from __future__ import annotations

import os

import numpy as np

import fluxion as tf


def check_labels_args(labels, label_mode, class_names, files: str, samples: str) -> None:
    """Keras' checks of `labels`, `class_names` and `label_mode`; `files` and `samples` say
    what the directory holds in the message ("image files" and "images")."""
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                f"`labels` argument should be a list/tuple of integer labels, of the same size "
                f"as the number of {files} in the target directory. If you wish to infer the "
                f"labels from the subdirectory names in the target directory, pass "
                f'`labels="inferred"`. If you wish to get a dataset that only contains '
                f"{samples} (no labels), pass `labels=None`. Received: labels={labels}")
        if class_names:
            raise ValueError(f'You can only pass `class_names` if `labels="inferred"`. '
                             f"Received: labels={labels}, and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(f'`label_mode` argument must be one of "int", "categorical", '
                         f'"binary", or None. Received: label_mode={label_mode}')


def check_format(format) -> None:  # noqa: A002 - Keras' argument name
    if format != "tf":
        raise ValueError(f'`format` should be either "tf" or "grain". Received: '
                         f"format={format}")


def check_split_args(validation_split, subset, shuffle, seed) -> None:
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: "
                         f"{validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", '
                         f'received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide "
                         "a `seed` argument, to make sure that there is no overlap between the "
                         "training and validation subset.")


def _valid_files(directory: str, follow_links: bool, formats: tuple):
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        for name in sorted(files):
            if name.lower().endswith(formats):
                yield os.path.join(root, name)


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None,
                    follow_links=False, verbose=True) -> tuple:
    """(file paths, labels, class names) of the files under `directory`, as Keras lists them:
    class subdirectories in sorted (or `class_names`) order, files sorted within each, then
    paths and labels shuffled alike by `seed`."""
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError(f"The `class_names` passed did not match the names of the "
                                 f"subdirectories of the target directory. Expected: {subdirs} "
                                 f"(or a subset of it), but received: class_names={class_names}")
            subdirs = list(class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            raise ValueError("When `labels=None` (no labels), argument `class_names` cannot be "
                             "specified." if labels is None else
                             "When argument `labels` is specified, argument `class_names` "
                             "cannot be specified (the `class_names` will be the sorted list "
                             "of labels).")
    paths, found = [], []
    for index, subdir in enumerate(subdirs):
        files = list(_valid_files(os.path.join(directory, subdir), follow_links, formats))
        paths += files
        found += [index] * len(files)
    if labels == "inferred":
        labels, class_names = np.array(found, dtype="int32"), subdirs
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(paths):
            raise ValueError(f"Expected the lengths of `labels` to match the number of files "
                             f"in the target directory. len(labels) is {len(labels)} while we "
                             f"found {len(paths)} files in directory {directory}.")
        class_names = [str(label) for label in sorted(set(labels))]
    if verbose:
        print(f"Found {len(paths)} files." if labels is None else
              f"Found {len(paths)} files belonging to {len(class_names)} classes.")
    if shuffle:
        seed = np.random.randint(1e6) if seed is None else seed
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            # a copy: the caller's labels stay in their order
            labels = labels.copy() if hasattr(labels, "copy") else list(labels)
            np.random.RandomState(seed).shuffle(labels)
    return paths, labels, class_names


def index_labelled_files(directory, labels, label_mode, formats, class_names, validation_split,
                         subset, shuffle, seed, follow_links, verbose) -> tuple:
    """Checks the split arguments and lists the files: (paths, labels, label_mode,
    class_names, seed), with no labels at all when either `labels` or `label_mode` is None
    and a random seed drawn when none is given."""
    if labels is None or label_mode is None:
        labels = label_mode = None
    check_split_args(validation_split, subset, shuffle, seed)
    seed = np.random.randint(1e6) if seed is None else seed
    paths, labels, class_names = index_directory(
        directory, labels, formats, class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")
    return paths, labels, label_mode, class_names, seed


def split_files(samples, labels, validation_split, subset) -> tuple:
    if not validation_split:
        return samples, labels
    count = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - count} files for training.")
        return samples[:-count], None if labels is None else labels[:-count]
    if subset == "validation":
        print(f"Using {count} files for validation.")
        return samples[-count:], None if labels is None else labels[-count:]
    raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')


def labels_dataset(labels, label_mode: str, num_classes: int):
    """Labels as Keras gives them: int (int32 for inferred or Python ints), binary float32
    [n, 1], categorical one-hot float32."""
    labels = labels if isinstance(labels, np.ndarray) else list(labels)
    ds = tf.data.Dataset.from_tensor_slices(labels)
    if label_mode == "binary":
        return ds.map(lambda x: tf.expand_dims(tf.cast(x, "float32"), axis=-1))
    if label_mode == "categorical":
        return ds.map(lambda x: tf.one_hot(x, num_classes))
    return ds


def labelled_dataset(files, labels, label_mode, num_classes: int, shuffle: bool, buffer_size,
                     seed, load):
    """The `files` dataset zipped with its labels (when `label_mode`), shuffled (when
    `shuffle`), and each file mapped through `load`."""
    if label_mode:
        files = tf.data.Dataset.zip((files, labels_dataset(labels, label_mode, num_classes)))
    if shuffle:
        files = files.shuffle(buffer_size=buffer_size or 1024, seed=seed)
    if label_mode:
        return files.map(lambda x, y: (load(x), y))
    return files.map(load)


def subset_datasets(make, paths, labels, class_names, validation_split, subset, shuffle: bool,
                    batch_size, empty: str, file_paths: bool = False):
    """The dataset of `subset` ([training, validation] for "both"), each from
    `make(paths, labels, shuffle, buffer_size)`, batched, prefetched and given `class_names`
    (and `file_paths`); a subset without files raises "No [subset ]<empty>"."""
    buffer_size = batch_size * 8 if batch_size is not None else 1024
    parts = ["training", "validation"] if subset == "both" else [subset]
    datasets = []
    for part in parts:
        part_paths, part_labels = split_files(paths, labels, validation_split, part)
        if not part_paths:
            which = f"{part} " if subset == "both" else ""
            raise ValueError(f"No {which}{empty}")
        # the validation half of "both" keeps its order
        part_shuffle = shuffle and not (subset == "both" and part == "validation")
        ds = make(part_paths, part_labels, part_shuffle, buffer_size)
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(tf.data.AUTOTUNE)
        ds.class_names = class_names
        if file_paths:
            ds.file_paths = list(part_paths)
        datasets.append(ds)
    return datasets if subset == "both" else datasets[0]
