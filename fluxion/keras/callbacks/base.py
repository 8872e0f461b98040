"""Callback protocol, the list that dispatches to callbacks, History and the progress bar."""
from __future__ import annotations

import sys

import numpy as np

from fluxion.utils.progbar import Progbar


def pythonify_logs(logs: dict | None) -> dict:
    """Logs as callbacks see them (Keras' rule): keys sorted, nested dicts flattened, tensors
    turned into NumPy arrays and everything that converts to a Python float converted."""
    result = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        if hasattr(value, "_value"):  # an eager tensor
            value = np.asarray(value._value)
        elif hasattr(value, "numpy") and not isinstance(value, np.ndarray):  # a variable
            value = np.asarray(value.numpy())
        try:
            value = float(value)
        except (TypeError, ValueError):
            pass
        result[key] = value
    return result


def _print_msg(message: str) -> None:
    """Keras' `io_utils.print_msg`: a line on stdout (looked up per call, so redirecting
    `sys.stdout` works)."""
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


class Callback:
    """Base class: override the hooks you need. `self.model` and `self.params` are set by
    `fit`/`evaluate`/`predict` before the first hook runs."""

    def __init__(self) -> None:
        self.params = None
        self._model = None

    def set_params(self, params: dict) -> None:
        self.params = params

    def set_model(self, model) -> None:
        self._model = model

    @property
    def model(self):
        return self._model

    def on_batch_begin(self, batch, logs=None): pass  # noqa: E704
    def on_batch_end(self, batch, logs=None): pass  # noqa: E704
    def on_epoch_begin(self, epoch, logs=None): pass  # noqa: E704
    def on_epoch_end(self, epoch, logs=None): pass  # noqa: E704

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)  # the Keras 2 name still works

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None): pass  # noqa: E704
    def on_test_batch_end(self, batch, logs=None): pass  # noqa: E704
    def on_predict_batch_begin(self, batch, logs=None): pass  # noqa: E704
    def on_predict_batch_end(self, batch, logs=None): pass  # noqa: E704
    def on_train_begin(self, logs=None): pass  # noqa: E704
    def on_train_end(self, logs=None): pass  # noqa: E704
    def on_test_begin(self, logs=None): pass  # noqa: E704
    def on_test_end(self, logs=None): pass  # noqa: E704
    def on_predict_begin(self, logs=None): pass  # noqa: E704
    def on_predict_end(self, logs=None): pass  # noqa: E704


_HOOKS = [name for name in vars(Callback) if name.startswith("on_")]


def _flatten(callbacks) -> list:
    out = []
    for c in callbacks:
        out.extend(_flatten(c) if isinstance(c, (list, tuple)) else [c])
    return out


class CallbackList(Callback):
    """Calls each hook on every callback in order, with the logs converted once by
    `pythonify_logs` (so a callback that adds a key, e.g. "learning_rate", shows it to the
    callbacks after it). Appends History and then a ProgbarLogger when asked, as `fit` does."""

    def __init__(self, callbacks=None, add_history: bool = False, add_progbar: bool = False,
                 model=None, **params) -> None:
        self.callbacks = _flatten(callbacks) if callbacks else []
        self._model = None
        self._add_default_callbacks(add_history, add_progbar)
        self.set_model(model)
        self.set_params(params)

    def _add_default_callbacks(self, add_history: bool, add_progbar: bool) -> None:
        self._progbar = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)

    @property
    def history(self):
        return self._history

    def append(self, callback: Callback) -> None:
        self.callbacks.append(callback)

    def set_params(self, params: dict) -> None:
        self.params = params
        if params:
            for c in self.callbacks:
                c.set_params(params)

    def set_model(self, model) -> None:
        if model is None:
            return
        self._model = model
        if self._history:
            model.history = self._history
        for c in self.callbacks:
            c.set_model(model)


def _dispatch(name: str, with_index: bool):
    if with_index:
        def hook(self, index, logs=None):
            logs = pythonify_logs(logs)
            for c in self.callbacks:
                getattr(c, name)(index, logs)
    else:
        def hook(self, logs=None):
            logs = pythonify_logs(logs)
            for c in self.callbacks:
                getattr(c, name)(logs)
    hook.__name__ = name
    return hook


for _name in _HOOKS:
    setattr(CallbackList, _name, _dispatch(_name, "batch" in _name or "epoch" in _name))


class History(Callback):
    """Records each epoch's logs: `history.history["loss"]` is a list, one value per epoch."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict = {}

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self  # the latest state, once an epoch has ended


class ProgbarLogger(Callback):
    """Prints the progress bar of `fit` (one per epoch), `evaluate` and `predict`:
    redrawn as it goes with verbose=1, one line at the end with verbose=2. Validation inside
    `fit` stays silent."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params: dict) -> None:
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset_progbar()
            self._maybe_init_progbar()

    def on_predict_begin(self, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()

    def on_epoch_begin(self, epoch, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()
        if self.verbose and self.epochs > 1:
            _print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._update_progbar(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._update_progbar(batch, None)  # predictions are not metrics

    def on_epoch_end(self, epoch, logs=None):
        self._finalize_progbar(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def on_predict_end(self, logs=None):
        self._finalize_progbar(logs)

    def _reset_progbar(self) -> None:
        self.seen = 0
        self.progbar = None

    def _maybe_init_progbar(self) -> None:
        if self.progbar is None:
            # logs hold running results already: every metric is shown as given
            self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step",
                                   stateless_metrics=set())

    def _update_progbar(self, batch, logs=None) -> None:
        self._maybe_init_progbar()
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def _finalize_progbar(self, logs) -> None:
        self._maybe_init_progbar()
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        self.progbar.update(self.target, list((logs or {}).items()), finalize=True)
