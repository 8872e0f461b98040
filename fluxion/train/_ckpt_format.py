"""Checkpoint files: ``<prefix>.index`` (JSON) and ``<prefix>.data-00000-of-00001`` (tensor bytes).

The format is described in docs/checkpoint.md. Writing goes to temporary files in the target
folder that are renamed into place, the data file first and the index last, so a prefix is
either complete (its index exists) or absent; readers refuse a file whose size, checksums or
version do not match, naming the file.
"""
from __future__ import annotations

import json
import os
import tempfile
import zlib

import numpy as np

from fluxion import errors
from fluxion.core import dtypes

FORMAT = "fluxion-checkpoint"
VERSION = 1
INDEX_SUFFIX = ".index"
DATA_SUFFIX = ".data-00000-of-00001"
GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"  # the object graph, listed like TF lists it
ALIGN = 64  # each tensor starts at a multiple of 64 bytes (lets readers map it in place)


class CheckpointError(errors.DataLossError):
    """A checkpoint file that is truncated, corrupted or of another format version."""


# --- tensor <-> bytes ----------------------------------------------------------------------------
def tensor_bytes(array: np.ndarray) -> memoryview:
    """The raw little-endian C-order bytes of `array`; strings are their byte lengths (uint64)
    followed by the bytes of each element."""
    array = np.asarray(array)
    if array.dtype.kind in "OSU":
        items = [x.encode() if isinstance(x, str) else bytes(x) for x in array.reshape(-1)]
        lengths = np.array([len(x) for x in items], dtype="<u8")
        return memoryview(lengths.tobytes() + b"".join(items))
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    flat = np.ascontiguousarray(array).reshape(-1)
    return memoryview(flat.view(np.uint8))


def tensor_from_bytes(raw: bytes, dtype_name: str, shape: list) -> np.ndarray:
    dtype = dtypes.as_dtype(dtype_name)
    count = int(np.prod(shape, dtype=np.int64))
    if dtype is dtypes.string:
        lengths = np.frombuffer(raw, dtype="<u8", count=count)
        items, pos = [], 8 * count
        for n in lengths.tolist():
            items.append(bytes(raw[pos:pos + n]))
            pos += n
        out = np.empty(count, dtype=object)
        out[:] = items
        return out.reshape(shape)
    np_dtype = np.dtype(dtype._np).newbyteorder("<")
    return np.frombuffer(raw, dtype=np_dtype, count=count).astype(dtype._np).reshape(shape)


# --- writing --------------------------------------------------------------------------------------
def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_file(folder: str, name: str):
    fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    return os.fdopen(fd, "wb"), path


def _write_data(handle, tensors: dict) -> tuple[dict, int]:
    records, offset = {}, 0
    for key, array in tensors.items():
        array = np.asarray(array)
        dtype = dtypes.from_numpy(array.dtype)
        payload = tensor_bytes(array)
        handle.write(payload)
        records[key] = {"dtype": dtype.name, "shape": list(array.shape), "offset": offset,
                        "size": payload.nbytes, "crc32": zlib.crc32(payload)}
        offset += payload.nbytes
        pad = -offset % ALIGN
        handle.write(b"\0" * pad)
        offset += pad
    return records, offset


def write(prefix: str, tensors: dict, nodes: list) -> None:
    """Writes the checkpoint `prefix` atomically: `tensors` maps keys to arrays, `nodes` is the
    object graph (list of JSON-able node records, node 0 the root)."""
    folder = os.path.dirname(prefix) or "."
    name = os.path.basename(prefix)
    os.makedirs(folder, exist_ok=True)
    index_path, data_path = prefix + INDEX_SUFFIX, prefix + DATA_SUFFIX
    temps = []
    try:
        handle, data_tmp = _temp_file(folder, name + DATA_SUFFIX)
        temps.append(data_tmp)
        with handle:
            records, size = _write_data(handle, tensors)
            handle.flush()
            os.fsync(handle.fileno())
        body = {"data_file": name + DATA_SUFFIX, "data_size": size, "tensors": records,
                "nodes": nodes}
        document = {"format": FORMAT, "version": VERSION, "body": body,
                    "body_crc32": zlib.crc32(_canonical(body))}
        handle, index_tmp = _temp_file(folder, name + INDEX_SUFFIX)
        temps.append(index_tmp)
        with handle:
            handle.write(json.dumps(document, indent=1, sort_keys=True).encode())
            handle.flush()
            os.fsync(handle.fileno())
        # an old index would describe the new data file wrongly: drop it first, so a crash
        # between the two renames leaves no checkpoint at `prefix` rather than a broken one
        if os.path.exists(index_path):
            os.remove(index_path)
        os.replace(data_tmp, data_path)
        os.replace(index_tmp, index_path)
        _fsync_dir(folder)
    finally:
        for path in temps:
            if os.path.exists(path):
                os.remove(path)


def write_text_atomic(path: str, text: str) -> None:
    """Replaces the file `path` by `text` in one rename (the `checkpoint` state file)."""
    folder = os.path.dirname(path) or "."
    handle, tmp = _temp_file(folder, os.path.basename(path))
    try:
        with handle:
            handle.write(text.encode())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# --- reading --------------------------------------------------------------------------------------
def exists(prefix: str) -> bool:
    return os.path.isfile(os.fspath(prefix) + INDEX_SUFFIX)


def _read_index(prefix: str) -> dict:
    index_path = prefix + INDEX_SUFFIX
    if not os.path.isfile(index_path):
        raise errors.NotFoundError(
            None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
            f"matching files for {prefix} (no file {index_path})")
    with open(index_path, "rb") as f:
        raw = f.read()
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise CheckpointError(None, None, f"checkpoint index file {index_path} is truncated "
                              f"or corrupted: {e}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CheckpointError(None, None, f"{index_path} is not a Fluxion checkpoint index "
                              f"(TensorFlow's own checkpoints are not readable by Fluxion)")
    if document.get("version") != VERSION:
        raise CheckpointError(None, None, f"{index_path} has checkpoint format version "
                              f"{document.get('version')}; this Fluxion reads version {VERSION}")
    body = document.get("body")
    if not isinstance(body, dict) or zlib.crc32(_canonical(body)) != document.get("body_crc32"):
        raise CheckpointError(None, None, f"checkpoint index file {index_path} is corrupted "
                              f"(checksum mismatch)")
    return body


class CheckpointReader:
    """Reads one checkpoint (``tf.train.load_checkpoint``): its keys, shapes, dtypes, values."""

    def __init__(self, prefix) -> None:
        self._prefix = os.fspath(prefix)
        body = _read_index(self._prefix)
        self._tensors = body["tensors"]
        self.nodes = body["nodes"]
        folder = os.path.dirname(self._prefix)
        self._data_path = os.path.join(folder, body["data_file"])
        if not os.path.isfile(self._data_path):
            raise errors.NotFoundError(None, None, f"checkpoint data file {self._data_path} "
                                       f"does not exist")
        size = os.path.getsize(self._data_path)
        if size != body["data_size"]:
            raise CheckpointError(None, None, f"checkpoint data file {self._data_path} is "
                                  f"truncated or corrupted: {size} bytes, the index "
                                  f"{self._prefix + INDEX_SUFFIX} expects {body['data_size']}")

    @property
    def prefix(self) -> str:
        return self._prefix

    def has_tensor(self, tensor_str: str) -> bool:
        return tensor_str in self._tensors or tensor_str == GRAPH_KEY

    def _record(self, key: str) -> dict:
        record = self._tensors.get(key)
        if record is None:
            raise errors.NotFoundError(None, None, f"Key {key} not found in checkpoint")
        return record

    def read_array(self, key: str) -> np.ndarray:
        """The tensor `key` as an array (0-d arrays stay arrays)."""
        if key == GRAPH_KEY:
            return np.array(_canonical({"nodes": self.nodes}), dtype=object)
        record = self._record(key)
        with open(self._data_path, "rb") as f:
            f.seek(record["offset"])
            raw = f.read(record["size"])
        if len(raw) != record["size"] or zlib.crc32(raw) != record["crc32"]:
            raise CheckpointError(None, None, f"checkpoint data file {self._data_path} is "
                                  f"corrupted: checksum mismatch for tensor {key!r}")
        try:
            return tensor_from_bytes(raw, record["dtype"], record["shape"])
        except (ValueError, TypeError) as e:
            raise CheckpointError(None, None, f"checkpoint data file {self._data_path}: tensor "
                                  f"{key!r} does not match its index record ({e})") from None

    def get_tensor(self, tensor_str: str):
        """The value of `tensor_str`: a NumPy array, or a NumPy scalar for 0-d tensors (as TF)."""
        array = self.read_array(tensor_str)
        return array[()] if array.ndim == 0 else array

    def get_variable_to_shape_map(self) -> dict:
        out = {key: list(rec["shape"]) for key, rec in self._tensors.items()}
        out[GRAPH_KEY] = []
        return out

    def get_variable_to_dtype_map(self) -> dict:
        out = {key: dtypes.as_dtype(rec["dtype"]) for key, rec in self._tensors.items()}
        out[GRAPH_KEY] = dtypes.string
        return out

    def debug_string(self) -> bytes:
        lines = [f"{key} ({dtype.name}) {shape}" for key, dtype, shape in self._listing()]
        return ("\n".join(lines) + "\n").encode()

    def _listing(self) -> list:
        dtype_map, shape_map = self.get_variable_to_dtype_map(), self.get_variable_to_shape_map()
        return [(key, dtype_map[key], shape_map[key]) for key in sorted(shape_map)]
