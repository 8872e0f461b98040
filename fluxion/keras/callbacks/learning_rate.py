"""Callbacks that set the optimizer's learning rate: LearningRateScheduler, ReduceLROnPlateau."""
from __future__ import annotations

import warnings

import numpy as np

from fluxion.keras.callbacks.base import Callback, _print_msg
from fluxion.keras.callbacks.monitor import MonitorCallback


def _current_lr(optimizer) -> float:
    value = optimizer.learning_rate
    if hasattr(value, "numpy"):
        value = value.numpy()
    return float(value)


def _log_learning_rates(model, logs: dict) -> None:
    """Adds the current learning rate(s) to the epoch logs, as Keras does."""
    optimizer = model.optimizer
    if hasattr(optimizer, "optimizers"):
        for opt in optimizer.optimizers:
            logs[f"learning_rate_{opt.name}"] = _current_lr(opt)
    else:
        logs["learning_rate"] = _current_lr(optimizer)


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of each epoch to `schedule(epoch, lr)` (or
    `schedule(epoch)` for a one-argument schedule), which must return a float; the rate is
    logged as "learning_rate" at each epoch end."""

    def __init__(self, schedule, verbose=0) -> None:
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _update_optimizer_lr(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            learning_rate = self.schedule(epoch, _current_lr(optimizer))
        except TypeError:  # a schedule of the epoch alone (older API)
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(  # noqa: TRY004 - the class Keras raises
                f"The output of the `schedule` function should be a float. Got: {learning_rate}")
        optimizer.learning_rate = learning_rate
        return learning_rate

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if hasattr(optimizer, "optimizers"):
            for opt in optimizer.optimizers:
                learning_rate = self._update_optimizer_lr(opt, epoch)
                if self.verbose > 0:
                    _print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting "
                               f"{opt.name} learning rate to {learning_rate}.")
        else:
            learning_rate = self._update_optimizer_lr(optimizer, epoch)
            if self.verbose > 0:
                _print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning "
                           f"rate to {learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        _log_learning_rates(self.model, logs or {})


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` (not below `min_lr`) once the monitored
    quantity has not improved by `min_delta` for `patience` epochs, then waits `cooldown`
    epochs before counting again. The rate before any reduction is logged as "learning_rate".
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError("ReduceLROnPlateau does not support a factor >= 1.0. "
                             f"Received factor={factor}")
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def _reduce_optimizer_lr(self, optimizer, epoch, name="") -> bool:
        old_lr = _current_lr(optimizer)
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            optimizer.learning_rate = new_lr
            if self.verbose > 0:
                name_str = f" {name}" if name else ""
                _print_msg(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{name_str} "
                           f"learning rate to {new_lr}.")
            return True
        return False

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs or {}
        _log_learning_rates(self.model, logs)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Learning rate reduction is conditioned on metric `{self.monitor}` "
                          "which is not available. Available metrics are: "
                          f"{','.join(list(logs.keys()))}.", stacklevel=2)
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce_all(epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0

    def _reduce_all(self, epoch) -> bool:
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "optimizers"):
            return self._reduce_optimizer_lr(optimizer, epoch)
        reduced = False
        for opt in optimizer.optimizers:
            reduced = self._reduce_optimizer_lr(opt, epoch, f"{opt.name}") or reduced
        return reduced

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0
