"""A Keras-style text progress bar (``tf.keras.utils.Progbar``)."""
from __future__ import annotations

import sys
import time


class Progbar:
    """Shows `current/target [=====>....] - 2s 3ms/step - loss: 0.1234`.

    On a terminal the bar redraws in place; otherwise (logs, pipes) only the final line of each
    bar is written, so captured output stays readable.
    """

    def __init__(self, target: int | None, width: int = 30, verbose: int = 1,
                 stateful_metrics=None, unit_name: str = "step", stream=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._stream = stream or sys.stdout
        self._dynamic = hasattr(self._stream, "isatty") and self._stream.isatty()
        self._values: dict[str, list] = {}
        self._start = time.perf_counter()
        self._seen = 0

    def update(self, current: int, values=None, finalize: bool | None = None) -> None:
        """Sets progress to `current`; `values` are (name, value) pairs averaged over steps."""
        for name, value in values or ():
            value = float(value)
            if name in self.stateful_metrics or name not in self._values:
                self._values[name] = [value * max(current - self._seen, 1),
                                      max(current - self._seen, 1)]
            else:
                self._values[name][0] += value * max(current - self._seen, 1)
                self._values[name][1] += max(current - self._seen, 1)
            if name in self.stateful_metrics:
                self._values[name] = [value, 1]
        self._seen = current
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if self.verbose == 0 or (not self._dynamic and not finalize):
            return
        line = self._format(current, finalize)
        end = "\n" if finalize else ""
        self._stream.write(("\r" if self._dynamic else "") + line + end)
        self._stream.flush()

    def add(self, n: int, values=None) -> None:
        self.update(self._seen + n, values)

    def _format(self, current: int, finalize: bool) -> str:
        elapsed = time.perf_counter() - self._start
        if self.target is not None:
            digits = len(str(self.target))
            filled = int(self.width * min(current / max(self.target, 1), 1.0))
            if filled >= self.width:
                bar = "=" * self.width
            else:
                bar = "=" * max(filled - 1, 0) + (">" if filled else "")
            head = f"{current:{digits}d}/{self.target} [{bar:<{self.width}}]"
        else:
            head = f"{current:7d}"
        per_step = elapsed / max(current, 1)
        if finalize:
            step = f"{per_step * 1e3:.0f}ms" if per_step >= 1e-3 else f"{per_step * 1e6:.0f}us"
            timing = f"{elapsed:.0f}s {step}/{self.unit_name}"
        else:
            eta = per_step * ((self.target or current) - current)
            timing = f"ETA: {eta:.0f}s"
        metrics = "".join(f" - {k}: {s / n:.4f}" for k, (s, n) in self._values.items())
        return f"{head} - {timing}{metrics}"
