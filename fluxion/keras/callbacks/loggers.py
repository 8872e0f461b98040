"""Callbacks that record training: CSVLogger, and TensorBoard (accepted, writes nothing yet)."""
from __future__ import annotations

import collections.abc
import csv
import os
import warnings

import numpy as np

from fluxion.keras.callbacks.base import Callback


def _csv_value(value):
    """A log value as Keras writes it in a CSV cell: sequences as "[a, b]", the rest as is."""
    if isinstance(value, str):
        return value
    zero_dim = isinstance(value, np.ndarray) and value.ndim == 0
    if isinstance(value, collections.abc.Iterable) and not zero_dim:
        return f'"[{", ".join(map(str, value))}]"'
    return value


class CSVLogger(Callback):
    """Writes one CSV row per epoch: "epoch" (0-based) then the log keys in sorted order.
    The columns are fixed by the first epoch's logs; when they hold no "val_" key, a "val_"
    column is added for every key (filled with "NA"). `append=True` keeps an existing file
    (and writes the header only if that file is empty)."""

    def __init__(self, filename, separator=",", append=False) -> None:
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename) if isinstance(filename, os.PathLike) else filename
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        # no newline="": rows end in "\r\n" as the csv module writes them, like Keras' files
        self.csv_file = open(self.filename, mode)  # noqa: SIM115 - closed at train end
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if not any(key.startswith("val_") for key in self.keys) and self.keys:
                self.keys.extend([f"val_{k}" for k in self.keys])
        if not self.writer:
            dialect = type("CustomDialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys,
                                         dialect=dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None


_tensorboard_warned = False


def _profile_range(profile_batch) -> tuple:
    """(start, stop) batches to profile, validated as Keras does (0 disables profiling)."""
    message = ("profile_batch must be a non-negative integer or 2-tuple of positive integers. "
               "A pair of positive integers signifies a range of batches to profile. "
               f"Found: {profile_batch}")
    if isinstance(profile_batch, str):  # the legacy "start,stop"
        profile_batch = [int(part) for part in profile_batch.split(",")]
    if isinstance(profile_batch, int):
        start = stop = profile_batch
    elif isinstance(profile_batch, (tuple, list)) and len(profile_batch) == 2:
        start, stop = profile_batch
    else:
        raise ValueError(message)
    if start < 0 or stop < start:
        raise ValueError(message)
    return start, stop


class TensorBoard(Callback):
    """Accepts Keras' TensorBoard arguments and writes nothing yet: fluxion has no event-file
    writer so far (summaries come with `tf.summary` in a later release). A warning says so,
    once per process."""

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None) -> None:
        global _tensorboard_warned
        super().__init__()
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self._start_batch, self._stop_batch = _profile_range(profile_batch)
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        if not _tensorboard_warned:
            _tensorboard_warned = True
            warnings.warn("fluxion's TensorBoard callback writes no summaries yet: training "
                          "runs as usual and nothing is written to log_dir.", stacklevel=2)
