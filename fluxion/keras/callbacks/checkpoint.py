"""Callbacks that write the model to disk: ModelCheckpoint and BackupAndRestore."""
from __future__ import annotations

import json
import os
import re
import shutil
import warnings

import numpy as np

from fluxion.keras.callbacks.base import Callback, _print_msg
from fluxion.keras.callbacks.monitor import MonitorCallback


def _path_to_string(path):
    return os.fspath(path) if isinstance(path, os.PathLike) else path


class _BatchCounter:
    """Counts batches across epochs for `save_freq=<int>` (a batch index that does not grow
    means a new epoch started)."""

    def __init__(self, save_freq, last_seen=None) -> None:
        self.save_freq = save_freq
        self.since_last_saving = 0
        self.last_seen = last_seen

    def should_save(self, batch) -> bool:
        if self.save_freq == "epoch":
            return False
        if self.last_seen is None or batch <= self.last_seen:
            added = batch + 1
        else:
            added = batch - self.last_seen
        self.since_last_saving += added
        self.last_seen = batch
        if self.since_last_saving >= self.save_freq:
            self.since_last_saving = 0
            return True
        return False


class ModelCheckpoint(MonitorCallback):
    """Saves the model (`model.save`, path ending ".keras" or ".h5") or its weights
    (`model.save_weights`, path ending ".weights.h5") at each epoch end or every `save_freq`
    batches.

    `filepath` may hold format fields filled from the logs and `epoch` (1-based) or `batch`
    (1-based), e.g. "w.{epoch:02d}-{val_loss:.2f}.keras". With `save_best_only`, a file is only
    written when the monitored quantity beats the best so far (which starts at
    `initial_value_threshold`, and is kept across `fit` calls).
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None) -> None:
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = _path_to_string(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._counter = _BatchCounter(save_freq)
        self._current_epoch = 0
        if self.save_freq != "epoch" and not isinstance(self.save_freq, int):
            raise ValueError(f"Unrecognized save_freq: {self.save_freq}. Expected save_freq "
                             "are 'epoch' or integer values")
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                    "provided must end in `.weights.h5` (Keras weights format). Received: "
                    f"filepath={self.filepath}")
        elif not any(self.filepath.endswith(ext) for ext in (".keras", ".h5")):
            raise ValueError("The filepath provided must end in `.keras` (Keras model "
                             f"format). Received: filepath={self.filepath}")

    def on_train_batch_end(self, batch, logs=None):
        if self._counter.should_save(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_model(self, epoch, batch, logs, filepath) -> bool:
        logs = logs or {}
        if not self.save_best_only:
            if self.verbose > 0:
                _print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.",
                          stacklevel=2)
            return True
        if isinstance(current, np.ndarray) and current.ndim > 0:
            warnings.warn("Can save best model only when `monitor` is a scalar value. "
                          f"Received: {current}. Falling back to `save_best_only=False`.")
            return True
        if self.monitor_op is None:  # saving on a batch before the first epoch end
            self._set_monitor_op()
        best_str = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                _print_msg(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best_str} to "
                           f"{current:.5f}, saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            _print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best_str}")
        return False

    def _save_model(self, epoch, batch, logs) -> None:
        filepath = self._get_file_path(epoch, batch, logs)
        try:
            if not self._should_save_model(epoch, batch, logs, filepath):
                return
            dirname = os.path.dirname(filepath)
            if dirname and not os.path.exists(dirname):
                os.makedirs(dirname)
            if self.save_weights_only:
                self.model.save_weights(filepath, overwrite=True)
            else:
                self.model.save(filepath, overwrite=True)
            if self.verbose > 0:
                _print_msg(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")
        except IsADirectoryError:
            raise OSError("Please specify a non-directory filepath for ModelCheckpoint. "
                          f"Filepath used is an existing directory: {filepath}") from None

    def _get_file_path(self, epoch, batch, logs) -> str:
        logs = logs or {}
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". '
                           f"Reason: {e}") from None

    def _checkpoint_exists(self, filepath) -> bool:
        return os.path.exists(filepath)

    def _get_most_recently_modified_file_matching_pattern(self, pattern):
        """The newest file whose name matches `pattern` (format fields match anything); among
        files modified at the same latest time, the largest name."""
        dir_name, base_name = os.path.dirname(pattern), os.path.basename(pattern)
        regex = f"^{re.sub(r'{.*}', r'.*', base_name)}$"
        latest_time, latest, n_latest, largest = 0, None, 0, None
        if os.path.exists(dir_name):
            for name in os.listdir(dir_name):
                if not re.match(regex, name):
                    continue
                path = os.path.join(dir_name, name)
                mtime = os.path.getmtime(path)
                if largest is None or path > largest:
                    largest = path
                if mtime > latest_time:
                    latest_time, latest, n_latest = mtime, path, 1
                elif mtime == latest_time:
                    n_latest += 1
        return latest if n_latest == 1 else largest


class BackupAndRestore(Callback):
    """Backs up the weights and the epoch reached into `backup_dir` (at each epoch end, or every
    `save_freq` batches) and restores them when `fit` starts again, so an interrupted run can
    resume; the backup is deleted when training ends (`delete_checkpoint`)."""

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False,
                 delete_checkpoint=True) -> None:
        super().__init__()
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._counter = _BatchCounter(save_freq, last_seen=0)
        self._current_epoch = 0
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        self.backup_dir = backup_dir
        self._weights_path = os.path.join(backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(backup_dir, "training_metadata.json")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError("Invalid value for argument `save_freq`. Received: "
                             f"save_freq={save_freq}. Expected either 'epoch' or an integer "
                             "value.")

    def on_train_begin(self, logs=None):
        try:
            self._load_model()
        except OSError:
            # the latest weights may be corrupted: fall back on the previous backup
            if not os.path.exists(self._prev_weights_path):
                raise
            shutil.copy(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                shutil.copy(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _load_model(self) -> None:
        if not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, you model must be built before you call "
                f"`fit()`. Model {self.model} is unbuilt. You can build it beforehand by "
                "calling it on a batch of data.")
        if os.path.exists(self._weights_path):
            optimizer = self.model.optimizer
            if optimizer is not None and not getattr(optimizer, "built", True):
                optimizer.build(self.model.trainable_variables)  # its slots are saved too
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path) as f:
                metadata = json.loads(f.read())
            self.model._initial_epoch = metadata["epoch"]

    @property
    def _last_batch_seen(self):
        return self._counter.last_seen

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._counter.last_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_batch_end(self, batch, logs=None):
        if self._counter.should_save(batch):
            self._save_model()

    def _save_model(self) -> None:
        if not os.path.exists(self.backup_dir):
            os.makedirs(self.backup_dir)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            shutil.copy(self._weights_path, self._prev_weights_path)
        if self.double_checkpoint and os.path.exists(self._training_metadata_path):
            shutil.copy(self._training_metadata_path, self._prev_training_metadata_path)
        self.model.save_weights(filepath=self._weights_path, overwrite=True)
        with open(self._training_metadata_path, "w") as f:
            f.write(json.dumps({"epoch": self._current_epoch,
                                "batch": self._counter.last_seen}))

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
