"""Callbacks that record training: CSVLogger, and TensorBoard (event files)."""
from __future__ import annotations

import collections.abc
import csv
import os
import time
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
    """Writes TensorBoard event files as Keras does: the model's JSON ("keras" tag) and
    epoch_<metric> scalars (plus epoch_learning_rate) in log_dir/train, validation metrics as
    epoch_<metric> in log_dir/validation, batch_<metric> scalars every `update_freq` batches
    ("batch" = every batch), evaluation_<metric>_vs_iterations after each validation, and
    weight histograms every `histogram_freq` epochs. Profiling, graphs, weight images and
    embeddings are accepted and not written."""

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None) -> None:
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
        self._global_train_batch = 0
        self._global_test_batch = 0
        self._previous_epoch_iterations = 0
        self._epoch_start_time = 0.0
        self._batch_start_time = 0.0
        self._writers = {}
        self._prev_summary_state = []

    @property
    def summary(self):
        from fluxion import summary

        return summary

    def set_model(self, model) -> None:
        super().set_model(model)
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._writers = {}
        if self.write_graph and type(model).__name__ in ("Functional", "Sequential"):
            self._write_model_json()

    @property
    def _train_writer(self):
        if "train" not in self._writers:
            self._writers["train"] = self.summary.create_file_writer(self._train_dir)
        return self._writers["train"]

    @property
    def _val_writer(self):
        if "val" not in self._writers:
            self._writers["val"] = self.summary.create_file_writer(self._val_dir)
        return self._writers["val"]

    def _write_model_json(self) -> None:
        """The "keras" summary TensorBoard's graph plugin shows (Keras' keras_model_summary)."""
        try:
            json_string = self.model.to_json()
        except Exception as exc:  # noqa: BLE001 - as Keras: a model without JSON still trains
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {exc}", stacklevel=2)
            return
        # SummaryMetadata{plugin_data{plugin_name: "graph_keras_model", content: "1"}}
        from fluxion.io import _wire

        metadata = _wire.len_field(1, _wire.len_field(1, b"graph_keras_model") +
                                   _wire.len_field(2, b"1"))
        with self._train_writer.as_default():
            self.summary.write("keras", json_string, step=0, metadata=metadata)

    def _push_writer(self, writer, step) -> None:
        """Makes `writer` the default for batch-level summaries (when update_freq is a
        number), recording only every `update_freq` steps."""
        if self.update_freq == "epoch":
            return
        freq = self.update_freq
        contexts = (writer.as_default(step), self.summary.record_if(lambda: step % freq == 0))
        self._prev_summary_state.append(contexts)
        contexts[0].__enter__()
        contexts[1].__enter__()

    def _pop_writer(self) -> None:
        if self.update_freq == "epoch" or not self._prev_summary_state:
            return
        contexts = self._prev_summary_state.pop()
        contexts[1].__exit__(None, None, None)
        contexts[0].__exit__(None, None, None)

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0
        self._push_writer(self._train_writer, self._global_train_batch)

    def on_train_end(self, logs=None):
        self._pop_writer()
        self._close_writers()

    def on_test_begin(self, logs=None):
        self._push_writer(self._val_writer, self._global_test_batch)

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "iterations") and logs:
            with self._val_writer.as_default():
                for name, value in logs.items():
                    self.summary.scalar(f"evaluation_{name}_vs_iterations", value,
                                        step=_as_int(optimizer.iterations))
        self._pop_writer()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.update_freq != "epoch":
            self._pop_writer()
            self._push_writer(self._train_writer, self._global_train_batch)
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._batch_start_time, 1e-12)
            self.summary.scalar("batch_steps_per_second", 1.0 / elapsed,
                                step=self._global_train_batch)
        if isinstance(logs, dict):
            for name, value in logs.items():
                self.summary.scalar(f"batch_{name}", value, step=self._global_train_batch)

    def on_test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1
        if self.update_freq != "epoch":
            self._pop_writer()
            self._push_writer(self._val_writer, self._global_test_batch)

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = _as_int(self.model.optimizer.iterations)
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    def _learning_rates(self, logs: dict) -> dict:
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        rate = getattr(optimizer, "learning_rate", None)
        if rate is not None:
            try:
                logs["learning_rate"] = float(np.asarray(getattr(rate, "numpy", lambda: rate)()))
            except (TypeError, ValueError):
                pass
        return logs

    def _log_epoch_metrics(self, epoch, logs) -> None:
        """epoch_<name> scalars: training logs in train/, "val_" logs (prefix removed) in
        validation/."""
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        train_logs = self._learning_rates(train_logs)
        if self.write_steps_per_second:
            done = _as_int(self.model.optimizer.iterations) - self._previous_epoch_iterations
            train_logs["steps_per_second"] = done / max(time.time() - self._epoch_start_time,
                                                        1e-12)
        for kind, entries in (("_train_writer", train_logs), ("_val_writer", val_logs)):
            if entries:  # a writer (and its folder) only where there is something to write
                with getattr(self, kind).as_default():
                    for name, value in entries.items():
                        self.summary.scalar(f"epoch_{name}", value, step=epoch)

    def _log_weights(self, epoch) -> None:
        """<weight path>/histogram histograms of every layer weight."""
        with self._train_writer.as_default():
            for layer in self.model.layers:
                for weight in layer.weights:
                    path = getattr(weight, "path", None) or weight.name
                    self.summary.histogram(f"{path.replace(':', '_')}/histogram", weight,
                                           step=epoch)
            self._train_writer.flush()


def _as_int(value) -> int:
    return int(np.asarray(getattr(value, "numpy", lambda: value)()))
