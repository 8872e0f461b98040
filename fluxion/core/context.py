"""Execution context helpers: ``tf.executing_eagerly``, ``tf.device``, ``tf.name_scope``,
``tf.print``."""
from __future__ import annotations

import contextlib
import sys

import numpy as np

from fluxion.core.op import STATE

_name_stack: list[str] = []


def executing_eagerly() -> bool:
    """True unless a graph is being traced."""
    return STATE.trace is None


@contextlib.contextmanager
def device(device_name):
    """Accepts TF device strings; everything runs on the CPU through NumPy."""
    if device_name is not None and not isinstance(device_name, str):
        raise ValueError(f"tf.device expects a device string, got {device_name!r}")
    yield


class name_scope:  # noqa: N801 - TF's public name
    """``tf.name_scope(name)``: a context manager whose value is the scope string."""

    def __init__(self, name: str, default_name=None, values=None) -> None:
        if name is not None and not isinstance(name, str):
            raise ValueError(f"name for name_scope must be a string, got {name!r}")
        self._name = name or default_name or ""

    @property
    def name(self) -> str:
        return self._name

    def __enter__(self) -> str:
        _name_stack.append(self._name)
        return "/".join(_name_stack) + "/"

    def __exit__(self, *exc) -> None:
        _name_stack.pop()


def print_(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\n", name=None):
    """``tf.print``: prints tensors without dtype/shape decoration, like TF. Inside a traced
    function it is a graph op (`print_v2`) that prints each time the graph runs."""
    if STATE.trace is not None:
        from fluxion.core.print_op import print_in_graph  # noqa: PLC0415

        return print_in_graph(inputs, output_stream, summarize, sep, end)
    write_text(format_values(inputs, summarize, sep, end), output_stream)
    return None


def format_values(values, summarize, sep: str, end: str) -> str:
    """tf.print's text for `values` (tensors or arrays without decoration, others by str)."""
    return sep.join(_show(x, summarize) for x in values) + end


def _show(x, summarize) -> str:
    if isinstance(x, np.ndarray) or hasattr(x, "_value"):
        arr = np.asarray(getattr(x, "_value", x))
        if arr.dtype.kind == "O":
            arr = np.vectorize(lambda s: s.decode() if isinstance(s, bytes) else s)(arr)
        if arr.ndim == 0:
            return str(arr[()])
        opts = {"threshold": 2 * summarize * arr.ndim if summarize and summarize > 0
                else sys.maxsize, "edgeitems": summarize if summarize and summarize > 0
                else 3}
        opts["formatter"] = {"float_kind": lambda v: f"{v:g}"}  # TF prints [1 2.5]
        with np.printoptions(**opts):
            return np.array2string(arr, separator=" ").replace("\n ", "\n")
    return str(x)


def write_text(text: str, output_stream) -> None:
    if output_stream in ("stdout", sys.stdout) or output_stream is print:
        sys.stdout.write(text)
    elif isinstance(output_stream, str) and output_stream.startswith("file://"):
        with open(output_stream[len("file://"):], "a", encoding="utf-8") as f:
            f.write(text)
    else:
        (sys.stderr if output_stream in ("stderr", sys.stderr) else output_stream).write(text)
