"""``tf.summary``: TensorBoard event files written as TF 2.21 writes them.

A writer (`create_file_writer`) owns one events file; summary ops (`scalar`, `histogram`,
`text`, `image`, `write`) write to the default writer at the default step and return whether
they wrote. They are stateful graph ops: inside a tf.function they write each time it runs.
"""
from __future__ import annotations

import contextlib
import itertools
import threading
import types
import weakref

import numpy as np

from fluxion.core import dtypes
from fluxion.core.state import STATE
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.summary import _events
from fluxion.summary._ops import WRITERS, write_summary

__all__ = ["SummaryWriter", "audio", "create_file_writer", "create_noop_writer", "experimental",
           "flush", "histogram", "image", "record_if", "scalar", "should_record_summaries",
           "text", "trace_export", "trace_off", "trace_on", "write"]

_NO_STEP = ("No step set. Please specify one either through the `step` argument or through "
            "tf.summary.experimental.set_step()")


class _State(threading.local):
    def __init__(self) -> None:
        self.writer = None
        self.step = None
        self.recording = True


_STATE = _State()
_WRITER_IDS = itertools.count()


class SummaryWriter:
    """``tf.summary.SummaryWriter``: the interface of summary writers."""

    def set_as_default(self, step=None) -> None:
        """Makes this the default writer (and `step`, when given, the default step)."""
        self._check_open()
        _STATE.writer = self
        if step is not None:
            _STATE.step = step

    def as_default(self, step=None):
        """Makes this the default writer (and `step` the default step) inside the block;
        flushes on exit, as TF does."""
        self._check_open()  # at the call, as TF
        return self._default_block(step)

    @contextlib.contextmanager
    def _default_block(self, step):
        old_writer, old_step = _STATE.writer, _STATE.step
        _STATE.writer = self
        if step is not None:
            _STATE.step = step
        try:
            yield self
        finally:
            _STATE.writer = old_writer
            if step is not None:
                _STATE.step = old_step
            self.flush()

    def _check_open(self) -> None:
        pass

    def init(self) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


class _FileWriter(SummaryWriter):
    """A writer of one events file in `logdir`, created (with the directory) at once."""

    def __init__(self, logdir, max_queue, flush_millis, filename_suffix) -> None:
        self._logdir = str(logdir.decode() if isinstance(logdir, bytes) else logdir)
        self._max_queue = 10 if max_queue is None else int(max_queue)
        self._flush_millis = 120000 if flush_millis is None else int(flush_millis)
        self._suffix = filename_suffix
        self._file = None
        self._closed = False
        self._id = next(_WRITER_IDS)
        self.init()

    def init(self) -> None:
        """Opens the events file (a new one after close())."""
        if self._file is None:
            self._file = _events.EventFile(self._logdir, self._max_queue, self._flush_millis,
                                           self._suffix)
            self._closed = False
            WRITERS[self._id] = weakref.ref(self)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed")

    def _write_record(self, record: bytes) -> None:
        if self._file is not None:
            self._file.write(record)

    def flush(self) -> None:
        """Pushes every written event to disk."""
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        """Flushes and closes the events file; later summaries through it write nothing."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._closed = True
        WRITERS.pop(self._id, None)
        if _STATE.writer is self:
            _STATE.writer = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # (at interpreter shutdown)
            self.close()


class _NoopWriter(SummaryWriter):
    """A writer that writes nothing (`create_noop_writer`)."""


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None,
                       name=None, experimental_trackable=False) -> SummaryWriter:
    """A summary writer of a new events file in `logdir` (created if missing)."""
    if logdir is None:
        raise ValueError("Expected logdir to be a string, got None")
    if isinstance(logdir, Tensor):
        logdir = logdir._value[()]
    return _FileWriter(logdir, max_queue, flush_millis, filename_suffix)


def create_noop_writer() -> SummaryWriter:
    """A writer whose summaries write nothing (and return False)."""
    return _NoopWriter()


# --- recording state ----------------------------------------------------------------------
def _get_step():
    return _STATE.step


def _set_step(step) -> None:
    _STATE.step = step


experimental = types.SimpleNamespace(get_step=_get_step, set_step=_set_step)
experimental.__doc__ = "``tf.summary.experimental``: the default step."


@contextlib.contextmanager
def record_if(condition):
    """Summaries inside the block are written only when `condition` (a bool, a bool
    tensor or a callable returning one) holds."""
    old = _STATE.recording
    _STATE.recording = condition
    try:
        yield
    finally:
        _STATE.recording = old


def _condition():
    cond = _STATE.recording
    if callable(cond):
        cond = cond()
    if isinstance(cond, Tensor) or hasattr(cond, "_value"):
        return convert_to_tensor(cond, dtypes.bool) if STATE.trace is not None \
            else bool(np.asarray(convert_to_tensor(cond)._value))
    return bool(cond)


def should_record_summaries():
    """Whether summaries would be written now (a default file writer and a true condition)."""
    if not isinstance(_STATE.writer, _FileWriter):
        return convert_to_tensor(False)
    cond = _condition()
    return cond if isinstance(cond, Tensor) else convert_to_tensor(cond)


def flush(writer=None, name=None) -> None:
    """Flushes `writer` (the default writer when None)."""
    writer = _STATE.writer if writer is None else writer
    if writer is not None:
        writer.flush()


# --- writing ------------------------------------------------------------------------------
def _step_tensor(step):
    if step is None:
        step = _STATE.step
        if step is None:
            raise ValueError(_NO_STEP)
    if isinstance(step, Tensor) or hasattr(step, "_value"):
        value = convert_to_tensor(step)
        if value.dtype != dtypes.int64:
            raise ValueError(f"Tensor conversion requested dtype int64 for Tensor with dtype "
                             f"{value.dtype.name}: {value!r}")
        return value
    return convert_to_tensor(np.int64(step))


def _write(tag: str, data, step, kind: str, metadata, param=0):
    """Writes one summary through the default writer; returns whether it was written (a bool
    tensor: the record condition when it is a traced tensor)."""
    writer = _STATE.writer
    if not isinstance(writer, _FileWriter):
        return convert_to_tensor(False)
    cond = _condition()
    if cond is False:
        return convert_to_tensor(False)
    step = _step_tensor(step)
    cond_tensor = cond if isinstance(cond, Tensor) else convert_to_tensor(True)
    write_summary(cond_tensor, step, data, writer=writer._id, tag=str(tag), kind=kind,
                  metadata=metadata, param=param)
    return cond_tensor


def _scoped(name) -> str:
    """The tag of a plugin summary: `name` under the current tf.name_scope (as TF's
    summary_scope; tf.summary.write takes its tag as given)."""
    from fluxion.core.context import _name_stack

    parts = [part for part in _name_stack if part]
    return "/".join([*parts, str(name)]) if parts else str(name)


def _data(data, dtype=None) -> Tensor:
    if isinstance(data, Tensor):
        return data
    if hasattr(data, "_value"):
        return convert_to_tensor(data)
    return convert_to_tensor(data, dtype)


def write(tag, tensor, step=None, metadata=None, name=None):
    """Writes `tensor` as it is under `tag`; `metadata`: SummaryMetadata bytes or proto."""
    if metadata is not None and not isinstance(metadata, (bytes, bytearray)):
        metadata = metadata.SerializeToString()
    # TF's WriteSummary takes the serialized metadata: empty bytes leave the field out
    return _write(tag, _data(tensor), step, "raw", bytes(metadata) if metadata else None)


def scalar(name, data, step=None, description=None):
    """Writes a scalar (as float32) with the "scalars" plugin."""
    data = _data(data)
    if data.shape.rank != 0:
        raise ValueError(f"Expected scalar shape, saw shape: {tuple(data.shape.as_list())}.")
    metadata = _events.plugin_metadata("scalars", description)
    return _write(_scoped(name), data, step, "scalar", metadata)


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes TensorBoard's [buckets, 3] (left, right, count) float64 histogram of `data`
    (30 buckets by default)."""
    data = _data(data)
    buckets = 30 if buckets is None else int(np.asarray(getattr(buckets, "_value", buckets)))
    return _write(_scoped(name), data, step, "histogram",
                  _events.plugin_metadata("histograms", description), buckets)


def text(name, data, step=None, description=None):
    """Writes a string tensor with the "text" plugin."""
    data = _data(data)
    if data.dtype != dtypes.string:
        raise TypeError(f"tensor must be of type tf.string; got tf.{data.dtype.name}")
    return _write(_scoped(name), data, step, "text", _events.plugin_metadata("text", description))


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to `max_outputs` images of a [k, h, w, c] batch as PNGs (after TF's
    convert_image_dtype to uint8), preceded by the width and height as strings."""
    data = _data(data)
    if data.shape.rank != 4:
        raise ValueError(f"Tensor  must have rank 4.  Received rank {data.shape.rank}, "
                         f"shape {tuple(data.shape.as_list())}")
    if int(max_outputs) < 0:
        raise ValueError(f"max_outputs must be non-negative, got {max_outputs}")
    metadata = _events.plugin_metadata("images", description)
    return _write(_scoped(name), data, step, "image", metadata, int(max_outputs))


def audio(name, data, sample_rate, step=None, max_outputs=3, encoding=None,
          description=None):
    """Writes up to `max_outputs` clips of a [k, frames, channels] float batch (values in
    [-1, 1]) as 16-bit WAV files, each with an empty label (a [k, 2] string tensor)."""
    if encoding is None:
        encoding = "wav"
    if encoding != "wav":
        raise ValueError(f"Unknown encoding: {encoding!r}")
    data = _data(data)
    if data.shape.rank != 3:
        raise ValueError(f"Tensor  must have rank 3.  Received rank {data.shape.rank}, "
                         f"shape {tuple(data.shape.as_list())}")
    rate = int(np.asarray(getattr(sample_rate, "_value", sample_rate)))
    # AudioPluginData{encoding: WAV (11)}
    metadata = _events.plugin_metadata("audio", description, content=b"\x10\x0b")
    return _write(_scoped(name), data, step, "audio", metadata, (int(max_outputs), rate))


def _no_trace(*args, **kwargs):
    raise NotImplementedError("tf.summary.trace_on/trace_off/trace_export (graph and profiler "
                              "traces) are not implemented in fluxion")


trace_on = trace_off = trace_export = _no_trace
