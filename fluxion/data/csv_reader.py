"""``tf.data.experimental.make_csv_dataset``: batches of CSV records as (features, label).

Column names come from the header, column types from the first `num_rows_for_inference` records
(TF's rules: int32, then int64, float32, float64, else string; empty and NA fields say nothing,
an all-empty column is a string), then the files are read as ``CsvDataset``s, shuffled,
repeated, batched and turned into ordered dicts, as TF builds it.
"""
from __future__ import annotations

import collections
import itertools

import numpy as np

from fluxion.core import dtypes
from fluxion.data.dataset import Dataset
from fluxion.data.readers import CsvDataset, csv_rows, parse_int
from fluxion.data.sources import TensorSliceDataset, matching_files
from fluxion.data.structure import AUTOTUNE

_INFERENCE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string)


def _valid_float(text: str, np_type) -> bool:
    if "_" in text:
        return False
    try:
        with np.errstate(over="ignore"):
            return bool(np_type(float(text)) < np.inf)
    except (ValueError, OverflowError):
        return False


_CHECKS = (lambda s: parse_int(s, 32) is not None, lambda s: parse_int(s, 64) is not None,
           lambda s: _valid_float(s, np.float32), lambda s: _valid_float(s, np.float64),
           lambda s: True)


def infer_type(text: str, na_value: str, previous):
    """The least permissive type that holds `text` and everything seen before (TF's rule)."""
    if text in ("", na_value):
        return previous
    for i, (dtype, check) in enumerate(zip(_INFERENCE_ORDER, _CHECKS)):
        if check(text) and (previous is None or previous in _INFERENCE_ORDER[:i + 1]):
            return dtype
    return dtypes.string


def _header(filename, field_delim, use_quote_delim, compression_type, encoding) -> list:
    rows = csv_rows(filename, compression_type, field_delim, use_quote_delim, encoding)
    try:
        return next(rows, [])
    finally:
        rows.close()


def infer_column_names(files, field_delim, use_quote_delim, compression_type, encoding):
    names = _header(files[0], field_delim, use_quote_delim, compression_type, encoding)
    for name in files[1:]:
        if _header(name, field_delim, use_quote_delim, compression_type, encoding) != names:
            raise ValueError(f"All input CSV files should have the same column names in the "
                             f"header row. File {name} has different column names.")
    return names


def infer_column_types(files, num_columns, field_delim, use_quote_delim, na_value, header,
                       num_rows, select, compression_type, encoding) -> list:
    types = [None] * num_columns
    rows = itertools.chain.from_iterable(
        itertools.islice(csv_rows(f, compression_type, field_delim, use_quote_delim, encoding),
                         1 if header else 0, None) for f in files)
    for i, row in enumerate(itertools.islice(rows, num_rows)):
        if len(row) != num_columns:
            raise ValueError(f"Problem inferring types: CSV row {i + 1 + int(header)} has "
                             f"{len(row)} number of fields. Expected: {num_columns}.")
        for k, text in enumerate(row):
            if select is None or k in select:
                types[k] = infer_type(text, na_value, types[k])
    chosen = types if select is None else [types[k] for k in select]
    return [[""] if t in (None, dtypes.string) else np.zeros(1, t._np) for t in chosen]


def _selected_indices(select_columns, column_names) -> list:
    if all(isinstance(c, (int, np.integer)) for c in select_columns):
        indices = [int(c) for c in select_columns]
    elif all(isinstance(c, str) for c in select_columns):
        known = {n: i for i, n in enumerate(column_names)}
        indices = []
        for c in select_columns:
            if c not in known:
                raise ValueError(f"Column {c} specified in `select_columns` must be of one of "
                                 f"the columns: {known.keys()}.")
            indices.append(known[c])
    else:
        raise ValueError("`select_columns` must be all integer indices or all column names")
    indices = sorted(indices)
    if len(set(indices)) != len(indices) or (indices and indices[0] < 0):
        raise ValueError(f"`select_columns` contains duplicate or negative columns: "
                         f"{select_columns}.")
    return indices


def _check_names(column_names) -> None:
    counts = collections.Counter(column_names)
    duplicates = {n for n, c in counts.items() if c > 1}
    if duplicates:
        raise ValueError(f"Either `column_names` argument or CSV header row contains duplicate "
                         f"column names: {duplicates}.")


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None,
                     label_name=None, select_columns=None, field_delim=",",
                     use_quote_delim=True, na_value="", header=True, num_epochs=None,
                     shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False,
                     num_rows_for_inference=100, compression_type=None, ignore_errors=False,
                     encoding="utf-8") -> Dataset:
    """Reads CSV files into batches of ``OrderedDict(column name -> values)`` (with the
    `label_name` column split off as the label), repeating `num_epochs` times (None: forever,
    with full batches only)."""
    files = matching_files(file_pattern)
    if not files:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    file_args = (field_delim, use_quote_delim)
    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` arguments. Neither is "
                             "provided.")
        column_names = infer_column_names(files, *file_args, compression_type, encoding)
    column_names = list(column_names)
    _check_names(column_names)
    select = None if select_columns is None else _selected_indices(select_columns,
                                                                   column_names)
    if column_defaults is None:
        column_defaults = infer_column_types(files, len(column_names), *file_args, na_value,
                                             header, num_rows_for_inference, select,
                                             compression_type, encoding)
    column_defaults = list(column_defaults)
    if select is not None and len(column_defaults) != len(select):
        raise ValueError(f"If specified, `column_defaults` and `select_columns` must have the "
                         f"same length: `column_defaults` has length {len(column_defaults)}, "
                         f"`select_columns` has length {len(select)}.")
    if select is not None:
        column_names = [column_names[i] for i in select]
    if label_name is not None and label_name not in column_names:
        raise ValueError(f"`label_name` provided must be one of the columns: {column_names}. "
                         f"Received: {label_name}.")

    def read_file(filename):
        return CsvDataset(filename, column_defaults, compression_type=compression_type,
                          header=header, field_delim=field_delim,
                          use_quote_delim=use_quote_delim, na_value=na_value,
                          select_cols=select, encoding=encoding,
                          _skip_bad_records=ignore_errors)

    dataset = TensorSliceDataset(np.array([f.encode() for f in files], dtype=object))
    if shuffle:
        dataset = dataset.shuffle(len(files), shuffle_seed)
    reads = 1 if num_parallel_reads is None else num_parallel_reads
    dataset = dataset.interleave(read_file, cycle_length=reads, block_length=1,
                                 num_parallel_calls=None if reads == 1 else reads)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    names = list(column_names)

    def to_features(*columns):
        features = collections.OrderedDict(zip(names, columns))
        if label_name is not None:
            label = features.pop(label_name)
            return features, label
        return features

    dataset = dataset.map(to_features)
    return dataset.prefetch(AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size)
