"""Callbacks that watch a monitored quantity: the MonitorCallback base and EarlyStopping."""
from __future__ import annotations

import warnings

import numpy as np

from fluxion.keras.callbacks.base import Callback, _print_msg


def _keras_scalar(value):
    """`value` as Keras' `ops.less`/`ops.greater` see it: Python numbers become float32 (the
    backend's floatx), NumPy values keep their dtype."""
    value = getattr(value, "_value", value)
    if isinstance(value, (np.ndarray, np.generic)):
        return value
    return np.float32(value)


def _less(a, b) -> bool:
    return bool(np.less(_keras_scalar(a), _keras_scalar(b)))


def _greater(a, b) -> bool:
    return bool(np.greater(_keras_scalar(a), _keras_scalar(b)))


def _compiled_metrics(model) -> list:
    """The metric objects `compile(metrics=...)` created (for `mode="auto"`)."""
    found = []
    for m in getattr(model, "metrics", None) or ():
        inner = getattr(m, "metrics", None)
        if isinstance(inner, (list, tuple)):
            found += [entry[0] if isinstance(entry, tuple) else entry for entry in inner]
    return found


class MonitorCallback(Callback):
    """Base of callbacks that compare a monitored quantity to its best value so far.

    `mode="auto"` minimizes "loss"/"val_loss", and otherwise follows the direction of the
    compiled metric of that name (without the "val_" prefix); with neither, the first epoch end
    raises ValueError. `min_delta` is the smallest change that counts as an improvement.
    Comparisons are made in float32, as Keras' `ops.less`/`ops.greater` make them.
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0) -> None:
        super().__init__()
        if mode not in ["auto", "min", "max"]:
            warnings.warn(f"{self.__class__.__name__} mode '{mode}' is unknown, fallback to "
                          "auto mode.", stacklevel=2)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self) -> None:
        if self.mode == "min":
            self.monitor_op = _less
        elif self.mode == "max":
            self.monitor_op = _greater
        else:
            metric_name = self.monitor.removeprefix("val_")
            if metric_name == "loss":
                self.monitor_op = _less
            for m in _compiled_metrics(self.model):
                if getattr(m, "name", None) == metric_name and hasattr(m, "_direction"):
                    self.monitor_op = _greater if m._direction == "up" else _less
            if self.monitor_op is None:
                raise ValueError(
                    f"{self.__class__.__name__} callback received monitor={self.monitor}, but "
                    "Keras isn't able to automatically determine whether that metric should be "
                    "maximized or minimized. Pass `mode='max'` in order to monitor based on the "
                    "highest metric value, or pass `mode='min'` in order to use the lowest "
                    "value.")
        if self.monitor_op is _less:
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value) -> bool:
        if reference_value is None:
            return True
        return self.monitor_op(monitor_value - self.min_delta, reference_value)


class EarlyStopping(MonitorCallback):
    """Stops training when the monitored quantity stops improving.

    Each epoch end (from `start_from_epoch` on) counts one more epoch without improvement;
    an improvement resets the count only if it also beats `baseline` (when given). Training
    stops (`model.stop_training = True`) once the count reaches `patience`, never at epoch 0.
    With `restore_best_weights`, the weights of the best epoch are put back when training ends
    (also when no epoch beat `baseline`).
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        # the same instance may serve several `fit` calls
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()  # late: the compiled metrics exist by now
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            _print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                _print_msg("Restoring model weights from the end of the best epoch: "
                           f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(f"Early stopping conditioned on metric `{self.monitor}` which is not "
                          f"available. Available metrics are: {','.join(list(logs.keys()))}",
                          stacklevel=2)
        return value

