"""Callback protocol, the list that dispatches to callbacks, History and the progress bar."""
from __future__ import annotations

import numpy as np


def _py(logs: dict | None) -> dict:
    """Logs with tensor values turned into Python floats (what callbacks see, as in Keras)."""
    out = {}
    for key, value in (logs or {}).items():
        v = np.asarray(getattr(value, "_value", value))
        out[key] = float(v) if v.ndim == 0 and v.dtype.kind in "fiub" else value
    return out


class Callback:
    """Base class: override the hooks you need. `self.model` and `self.params` are set by
    `fit`/`evaluate`/`predict` before the first hook runs."""

    def __init__(self) -> None:
        self.params: dict = {}
        self._model = None

    def set_params(self, params: dict) -> None:
        self.params = params

    def set_model(self, model) -> None:
        self._model = model

    @property
    def model(self):
        return self._model

    def on_train_begin(self, logs=None): pass  # noqa: E704
    def on_train_end(self, logs=None): pass  # noqa: E704
    def on_epoch_begin(self, epoch, logs=None): pass  # noqa: E704
    def on_epoch_end(self, epoch, logs=None): pass  # noqa: E704
    def on_train_batch_begin(self, batch, logs=None): pass  # noqa: E704
    def on_train_batch_end(self, batch, logs=None): pass  # noqa: E704
    def on_test_begin(self, logs=None): pass  # noqa: E704
    def on_test_end(self, logs=None): pass  # noqa: E704
    def on_test_batch_begin(self, batch, logs=None): pass  # noqa: E704
    def on_test_batch_end(self, batch, logs=None): pass  # noqa: E704
    def on_predict_begin(self, logs=None): pass  # noqa: E704
    def on_predict_end(self, logs=None): pass  # noqa: E704
    def on_predict_batch_begin(self, batch, logs=None): pass  # noqa: E704
    def on_predict_batch_end(self, batch, logs=None): pass  # noqa: E704

    def on_batch_begin(self, batch, logs=None):
        self.on_train_batch_begin(batch, logs)

    def on_batch_end(self, batch, logs=None):
        self.on_train_batch_end(batch, logs)


_HOOKS = [name for name in vars(Callback) if name.startswith("on_")]


class CallbackList(Callback):
    """Calls every hook on each callback in order, with logs converted to Python floats.
    Adds History (and a progress bar when `verbose`) as `fit` does."""

    def __init__(self, callbacks=None, add_history: bool = False, add_progbar: bool = False,
                 model=None, **params) -> None:
        super().__init__()
        self.callbacks = list(callbacks or [])
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        self.history = None
        if add_history:
            self.history = next((c for c in self.callbacks if isinstance(c, History)), None)
            if self.history is None:
                self.history = History()
                self.callbacks.append(self.history)
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback: Callback) -> None:
        self.callbacks.append(callback)

    def set_params(self, params: dict) -> None:
        self.params = params
        for c in self.callbacks:
            c.set_params(params)

    def set_model(self, model) -> None:
        self._model = model
        for c in self.callbacks:
            c.set_model(model)


def _dispatch(name):
    def hook(self, *args):
        args = list(args)
        if args and isinstance(args[-1], dict):
            args[-1] = _py(args[-1])
        for c in self.callbacks:
            getattr(c, name)(*args)
    hook.__name__ = name
    return hook


for _name in _HOOKS:
    setattr(CallbackList, _name, _dispatch(_name))


class History(Callback):
    """Records each epoch's logs: `history.history["loss"]` is a list, one value per epoch."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict = {}
        self.epoch: list = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self


class ProgbarLogger(Callback):
    """Keras' progress bar: one bar per epoch (verbose=1) or one line per epoch (verbose=2)."""

    def __init__(self, count_mode: str = "steps") -> None:
        super().__init__()
        self._bar = None
        self._seen = 0

    def _new_bar(self, target):
        from fluxion.utils.progbar import Progbar  # noqa: PLC0415

        verbose = self.params.get("verbose", 1)
        self._seen = 0
        self._bar = Progbar(target, verbose=verbose, stateful_metrics=None)

    def on_train_begin(self, logs=None):
        self._epochs = self.params.get("epochs", 1)

    def on_epoch_begin(self, epoch, logs=None):
        if self.params.get("verbose", 1) and self._epochs > 1:
            print(f"Epoch {epoch + 1}/{self._epochs}")
        self._new_bar(self.params.get("steps"))

    def _update(self, logs, finalize: bool) -> None:
        values = list((logs or {}).items())
        # Keras' logs are running results already: shown as they are, never averaged again
        self._bar.stateful_metrics.update(k for k, _ in values)
        self._bar.update(self._seen, values, finalize=finalize)

    def on_train_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        if self.params.get("verbose", 1) == 1:
            self._update(logs, finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        if self._bar is not None:
            self._update(logs, finalize=True)

    def on_test_begin(self, logs=None):
        if self.params.get("in_fit"):
            return
        self._new_bar(self.params.get("steps"))

    def on_test_batch_end(self, batch, logs=None):
        if self.params.get("in_fit"):
            return
        self._seen = batch + 1
        if self.params.get("verbose", 1) == 1:
            self._update(logs, finalize=False)

    def on_test_end(self, logs=None):
        if not self.params.get("in_fit") and self._bar is not None:
            self._update(logs, finalize=True)

    def on_predict_begin(self, logs=None):
        self._new_bar(self.params.get("steps"))

    def on_predict_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        if self.params.get("verbose", 1) == 1:
            self._bar.update(self._seen, finalize=False)

    def on_predict_end(self, logs=None):
        if self._bar is not None:
            self._bar.update(self._seen, finalize=True)
