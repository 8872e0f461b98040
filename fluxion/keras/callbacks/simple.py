"""Small callbacks: LambdaCallback, TerminateOnNaN and SwapEMAWeights."""
from __future__ import annotations

import numpy as np

from fluxion.keras.callbacks.base import Callback, _print_msg


class LambdaCallback(Callback):
    """A callback made of plain functions: `on_epoch_begin(epoch, logs)`,
    `on_epoch_end(epoch, logs)`, `on_train_begin(logs)`, `on_train_end(logs)`,
    `on_train_batch_begin(batch, logs)`, `on_train_batch_end(batch, logs)`; any other keyword
    (e.g. `on_test_end=...`, `on_predict_batch_end=...`) becomes an attribute too, so every
    hook can be given this way."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None,
                 **kwargs) -> None:
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end,
                 "on_train_begin": on_train_begin, "on_train_end": on_train_end,
                 "on_train_batch_begin": on_train_batch_begin,
                 "on_train_batch_end": on_train_batch_end}
        for name, fn in hooks.items():
            if fn is not None:
                setattr(self, name, fn)


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or infinite (or raises RuntimeError with
    `raise_error=True`)."""

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or not (np.isnan(loss) or np.isinf(loss)):
            return
        if self.raise_error:
            raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. Loss value: "
                               f"{loss}. Terminating training immediately.")
        _print_msg(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True


class SwapEMAWeights(Callback):
    """Puts the optimizer's moving averages (`use_ema=True`) into the model for evaluation and
    prediction, and back afterwards; with `swap_on_epoch`, also around each epoch end (so
    checkpoints taken there hold the averages)."""

    def __init__(self, swap_on_epoch=False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizers(self) -> list:
        optimizer = getattr(self.model.optimizer, "inner_optimizer", self.model.optimizer)
        if not hasattr(optimizer, "optimizers"):
            if not hasattr(optimizer, "_model_variables_moving_average"):
                raise ValueError("SwapEMAWeights must be used when `use_ema=True` is set on "
                                 f"the optimizer. Received: use_ema={optimizer.use_ema}")
            return [optimizer]
        if not any(getattr(opt, "use_ema", False) for opt in optimizer.optimizers):
            raise ValueError("SwapEMAWeights must be used when at least one inner optimizer "
                             "has `use_ema=True` set. Received a MultiOptimizer with all inner "
                             "optimizers having `use_ema=False`.")
        found = []
        for opt in optimizer.optimizers:
            if getattr(opt, "use_ema", False):
                if not hasattr(opt, "_model_variables_moving_average"):
                    raise ValueError("SwapEMAWeights must be used when `use_ema=True` is set "
                                     f"on the optimizer. Received: use_ema={opt.use_ema}")
                found.append(opt)
        return found

    def _swap_variables(self) -> None:
        for opt in self._ema_optimizers():
            for var, average in zip(opt._trainable_variables,
                                    opt._model_variables_moving_average):
                # swapped by additions, as Keras' TensorFlow backend does (same rounding)
                var.assign_add(average)
                average.assign(var - average)
                var.assign(var - average)

    def _finalize_ema_values(self) -> None:
        for opt in self._ema_optimizers():
            for var, average in zip(opt._trainable_variables,
                                    opt._model_variables_moving_average):
                average.assign(var)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            # fit ends by copying the averages into the model: after the last epoch they must
            # hold the averages again, not the swapped-out raw weights
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None):
        # Keras 3.15 tests the flag the wrong way round here, so the averages stay in the
        # model after `predict`; kept as is for identical results
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
