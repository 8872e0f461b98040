"""Which interpreters are active, per thread: read by every op call (`fluxion.core.op`) and by
tensors' Python conversions (`fluxion.core.tensor`), so it lives below both."""
from __future__ import annotations

import threading


class _State(threading.local):
    """Which interpreters are active, per thread (as TF's tapes and graph contexts are): a
    data-pipeline thread's ops are never recorded by another thread's tape or trace.
    `tapes` and `trace` are checked on every op call."""

    def __init__(self) -> None:
        self.tapes: list = []  # recording GradientTapes, innermost last
        self.trace = None  # a graph builder with .bind(op, inputs, attrs), or None
        self.binding = None  # the graph builder whose op is running eagerly right now


STATE = _State()
