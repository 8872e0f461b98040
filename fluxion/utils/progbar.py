"""Keras 3's text progress bar (``tf.keras.utils.Progbar``).

`verbose=1` draws ``32/32 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - loss: 0.3000``; `verbose=2` writes
one line when the bar is finalized: ``32/32 - 1s - 3ms/step - loss: 0.3000``.

On a terminal (or in Jupyter) the bar redraws in place with Keras' exact bytes (ANSI bold/colour
codes, backspaces and carriage return). Elsewhere (pipes, log files, captured output) only the
final line of each bar is written, as plain text; Keras would write every redraw there too.
"""
from __future__ import annotations

import math
import re
import sys
import time

import numpy as np

_BOLD, _GREEN, _WHITE, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"
_ANSI = re.compile("\x1b\\[[0-9]+m")


def _as_number(value):
    """A metric value as a Python float (tensors and 0-d arrays), or the mean of an array."""
    value = getattr(value, "_value", value)
    if isinstance(value, float):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return float(np.mean(np.asarray(value)))


class Progbar:
    """Displays a progress bar.

    Args:
        target: total number of steps expected, None if unknown.
        width: progress bar width on screen.
        verbose: 0 (silent), 1 (bar redrawn as it goes), 2 (one line at the end).
        interval: minimum time between two redraws (seconds).
        stateful_metrics: names of metrics shown as given (not averaged over steps).
        stateless_metrics: names of metrics averaged over steps; the others are shown as given.
            With neither, every metric is averaged.
        unit_name: display name of a step ("step", "sample").
        stream: where to write (fluxion extension); default: `sys.stdout` at each write.
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 stateless_metrics=None, unit_name="step", stream=None):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Only one of `stateful_metrics` or `stateless_metrics` can be provided. "
                "`stateful_metrics` is used to make metrics stateless by default (with an "
                "exclusion list), while `stateless_metrics` is used to make metrics stateful "
                "by default (with an exclusion list).")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateful_metrics is not None:
            self.stateful_metrics, self.stateless_metrics = set(stateful_metrics), None
        elif stateless_metrics is not None:
            self.stateful_metrics, self.stateless_metrics = None, set(stateless_metrics)
        else:
            self.stateful_metrics, self.stateless_metrics = set(), None
        self._stream = stream
        out = self.stream
        self._dynamic_display = (hasattr(out, "isatty") and out.isatty()) or \
            "ipykernel" in sys.modules
        self._seen_so_far = 0
        self._values: dict = {}
        self._values_order: list = []
        self._start = time.time()
        self._last_update = 0
        self._time_after_first_step = None
        self._prev_total_width = 0

    @property
    def stream(self):
        return self._stream if self._stream is not None else sys.stdout

    def update(self, current, values=None, finalize=None) -> None:
        """Moves the bar to step `current`. `values` are `(name, value_for_last_step)` pairs:
        stateless ones are averaged over steps, stateful ones shown as given. `finalize`
        (default: `current >= target`) ends the bar."""
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        self._record(current, values or [], finalize)
        self._seen_so_far = current
        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            digits = int(math.log10(self.target)) + 1
            info = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -"
            info += self._format_time(time_per_unit, self.unit_name)
            for k in self._values_order:
                avg = self._average(k)
                # Keras compares the signed value here (the verbose=1 line uses abs)
                info += f" - {k}: {avg:.4f}" if avg > 1e-3 else f" - {k}: {avg:.4e}"
            self._write(info + "\n")
        self._last_update = now

    def add(self, n, values=None) -> None:
        self.update(self._seen_so_far + n, values)

    def _record(self, current, values, finalize: bool) -> None:
        for k, v in values:
            if k not in self._values_order:
                self._values_order.append(k)
            v = _as_number(v)
            if self.stateful_metrics is not None:
                stateless = k not in self.stateful_metrics
            else:
                stateless = k in self.stateless_metrics
            if stateless and not finalize:
                # a step counted twice (no target: batch end, then epoch end) still weighs 1
                base = max(current - self._seen_so_far, 1)
                if k in self._values:
                    self._values[k][0] += v * base
                    self._values[k][1] += base
                else:
                    self._values[k] = [v * base, base]
            else:  # stateful, or the final value of a stateless one: shown as given
                self._values[k] = [v, 1]

    def _average(self, k) -> float:
        total, count = self._values[k]
        return total / max(1, count)

    def _draw(self, current, now, time_per_unit, finalize: bool) -> None:
        dynamic = self._dynamic_display
        if not dynamic and not finalize:
            return
        style = (lambda text, code: f"{code}{text}{_RESET}") if dynamic else \
            (lambda text, code: text)
        if self.target is not None and self.target > 0:
            digits = int(math.log10(self.target)) + 1
            bar = style(f"{current:{digits}d}/{self.target}", _BOLD) + " "
            done = int(self.width * float(current) / self.target)
            if done > 0:
                bar += style("━" * done, _GREEN)
            bar += style("━" * (self.width - done), _WHITE)
        else:
            bar = f"{current:7d}/Unknown"
        if self.target is not None and self.target > 0 and not finalize:
            timing = _format_eta(time_per_unit * (self.target - current))
        else:
            timing = f"{now - self._start:.0f}s"
        info = " " + style(timing, _BOLD) + self._format_time(time_per_unit, self.unit_name)
        for k in self._values_order:
            avg = self._average(k)
            info += f" - {k}: {avg:.4f}" if abs(avg) > 1e-3 else f" - {k}: {avg:.4e}"
        total_width = len(_ANSI.sub("", bar + info))
        if not dynamic:
            self._write(bar + info + "\n")
            return
        message = "\b" * self._prev_total_width + "\r" + bar + info
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        self._write(message + ("\n" if finalize else ""))
        self._prev_total_width = total_width

    def _write(self, text: str) -> None:
        out = self.stream
        out.write(text)
        out.flush()

    @staticmethod
    def _format_time(time_per_unit, unit_name) -> str:
        if time_per_unit >= 1 or time_per_unit == 0:
            return f" {time_per_unit:.0f}s/{unit_name}"
        if time_per_unit >= 1e-3:
            return f" {time_per_unit * 1000.0:.0f}ms/{unit_name}"
        return f" {time_per_unit * 1000000.0:.0f}us/{unit_name}"

    def _estimate_step_duration(self, current, now) -> float:
        """Time per step, leaving out the first step (compilation) once there are more."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit


def _format_eta(eta: float) -> str:
    if eta > 3600:
        return f"{int(eta // 3600)}:{int((eta % 3600) // 60):02d}:{int(eta % 60):02d}"
    if eta > 60:
        return f"{int(eta // 60)}:{int(eta % 60):02d}"
    return f"{int(eta)}s"
