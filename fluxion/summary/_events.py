"""TensorBoard event files as TF 2.21 writes them: TFRecord-framed `Event` protos.

Event (tensorflow/core/util/event.proto): wall_time = 1 (double), step = 2 (int64),
file_version = 3 (string), summary = 5, source_metadata = 10 {writer = 1}.
Summary: repeated Value value = 1; Value: tag = 1, tensor = 8 (TensorProto), metadata = 9
(SummaryMetadata: plugin_data = 1 {plugin_name = 1, content = 2}, display_name = 2,
summary_description = 3). Fields are serialized in field-number order, as protobuf does.
"""
from __future__ import annotations

import itertools
import os
import socket
import struct
import time

import numpy as np

from fluxion.core.tensor import wrap
from fluxion.io import _wire
from fluxion.io.tensor_proto import serialize_tensor
from fluxion.io.tfrecord import TFRecordWriter

_FILE_IDS = itertools.count()  # TF numbers every events file of the process: .0, .1, ...
_SOURCE = _wire.len_field(10, _wire.len_field(1, b"tensorflow.core.util.events_writer"))


def plugin_metadata(plugin_name: str, description: str | None = None,
                    content: bytes = b"") -> bytes:
    """SummaryMetadata bytes for a TensorBoard plugin (its content left out when empty)."""
    plugin = _wire.len_field(1, plugin_name.encode("utf-8"))
    if content:
        plugin += _wire.len_field(2, content)
    out = _wire.len_field(1, plugin)
    if description:
        out += _wire.len_field(3, description.encode("utf-8"))
    return out


def tensor_proto(array: np.ndarray) -> bytes:
    """TensorProto bytes: tensor_content for numbers, string_val for strings."""
    return bytes(serialize_tensor(wrap(array))._value[()])


def summary_event(tag: str, array: np.ndarray, metadata: bytes | None, step: int,
                  wall_time: float) -> bytes:
    value = _wire.len_field(1, tag.encode("utf-8")) + _wire.len_field(8, tensor_proto(array))
    if metadata is not None:
        value += _wire.len_field(9, metadata)
    return _event(wall_time, step, _wire.len_field(5, _wire.len_field(1, value)))


def _event(wall_time: float, step: int, body: bytes) -> bytes:
    out = _wire.tag(1, _wire.FIXED64) + struct.pack("<d", wall_time)
    if step:
        out += _wire.tag(2, _wire.VARINT) + _wire.encode_varint(int(step))
    return out + body


def events_filename(filename_suffix: str | None) -> str:
    """events.out.tfevents.<time>.<host>.<pid>.<file number><suffix> (suffix ".v2" by
    default; a suffix without a leading dot gets one, as TF does)."""
    suffix = ".v2" if filename_suffix is None else str(filename_suffix)
    if suffix and not suffix.startswith("."):
        suffix = "." + suffix
    return (f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}."
            f"{os.getpid()}.{next(_FILE_IDS)}{suffix}")


class EventFile:
    """One open events file: the version record first, then events; records are written to
    the file object as they come and pushed to disk every `max_queue` records,
    `flush_millis` milliseconds, on flush() and on close()."""

    def __init__(self, logdir: str, max_queue: int, flush_millis: int,
                 filename_suffix: str | None) -> None:
        os.makedirs(logdir, exist_ok=True)
        self.path = os.path.join(logdir, events_filename(filename_suffix))
        self._records = TFRecordWriter(self.path)
        self._max_queue = max(int(max_queue), 1)
        self._flush_seconds = flush_millis / 1000.0
        self._pending = 0
        self._last_flush = time.time()
        version = _wire.len_field(3, b"brain.Event:2") + _SOURCE
        self.write(_event(float(int(time.time())), 0, version))
        self.flush()

    def write(self, record: bytes) -> None:
        self._records.write(record)
        self._pending += 1
        if self._pending >= self._max_queue or \
                time.time() - self._last_flush >= self._flush_seconds:
            self.flush()

    def flush(self) -> None:
        self._records.flush()
        self._pending = 0
        self._last_flush = time.time()

    def close(self) -> None:
        self.flush()
        self._records.close()
