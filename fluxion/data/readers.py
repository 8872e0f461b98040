"""File readers: ``tf.data.TextLineDataset`` and ``tf.data.experimental.CsvDataset``.

Files are read as streams (line by line, or record by record for CSV), optionally through a
GZIP or ZLIB decompressor, so no file is ever held whole in memory.
"""
from __future__ import annotations

import csv
import gzip
import io
import itertools
import zlib

import numpy as np

from fluxion.core import dtypes
from fluxion.core.tensor import to_array
from fluxion.data.dataset import Dataset
from fluxion.data.sources import TensorSliceDataset
from fluxion.data.structure import UNKNOWN
from fluxion.errors import InvalidArgumentError, NotFoundError
from fluxion.graph.function import TensorSpec

_BUFFER = 256 * 1024
_STRING_SPEC = TensorSpec([], dtypes.string)


class _ZlibRaw(io.RawIOBase):
    """A readable stream of the zlib-decompressed bytes of `raw`."""

    def __init__(self, raw) -> None:
        self._raw = raw
        self._decompressor = zlib.decompressobj()
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            chunk = self._raw.read(_BUFFER)
            if not chunk:
                self._pending = self._decompressor.flush()
                if not self._pending:
                    return 0
                break
            self._pending = self._decompressor.decompress(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_binary(filename: str, compression_type, buffer_size=None):
    """A binary stream of `filename`'s (decompressed) bytes; NotFoundError like TF."""
    compression = (compression_type or "").upper()
    if compression not in ("", "GZIP", "ZLIB"):
        raise InvalidArgumentError("Unsupported compression_type.")
    try:
        raw = open(filename, "rb", buffering=buffer_size or _BUFFER)  # noqa: SIM115
    except FileNotFoundError:
        raise NotFoundError(None, None, f"{filename}; No such file or directory") from None
    except IsADirectoryError:
        raise InvalidArgumentError(f"{filename}; Is a directory") from None
    if compression == "GZIP":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if compression == "ZLIB":
        return io.BufferedReader(_ZlibRaw(raw), _BUFFER)
    return raw


def _filename(value) -> str:
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.decode() if isinstance(value, bytes) else str(value)


def filenames_dataset(filenames) -> Dataset:
    """File names as a dataset of scalar strings (a string, list, tensor or dataset)."""
    if isinstance(filenames, Dataset):
        if filenames.element_spec != _STRING_SPEC:
            raise TypeError(f"The `filenames` argument must contain `tf.string` elements. Got "
                            f"a dataset of `{filenames.element_spec}` elements.")
        return filenames
    if isinstance(filenames, (list, tuple)) and not filenames:
        arr = np.empty((0,), dtype=object)
    else:
        arr = to_array(filenames)
    if arr.dtype != object:
        raise TypeError(f"The `filenames` argument must contain `tf.string` elements. Got "
                        f"`tf.{dtypes.from_numpy(arr.dtype).name}` elements.")
    return TensorSliceDataset(arr.reshape(-1))


def _scalar_string(value: bytes) -> np.ndarray:
    arr = np.empty((), dtype=object)
    arr[()] = value
    return arr


def text_lines(filename: str, compression_type, buffer_size=None):
    """The lines of a file as TF reads them: split at \\n, every \\r dropped, and a last line
    without \\n kept only when something is left of it."""
    with open_binary(filename, compression_type, buffer_size) as f:
        for line in f:
            if line.endswith(b"\n"):
                line = line[:-1]
                if b"\r" in line:
                    line = line.replace(b"\r", b"")
            else:
                line = line.replace(b"\r", b"")
                if not line:
                    return
            yield (_scalar_string(line),)


class _FileDataset(Dataset):
    """The records of one file; `reader(filename)` yields flat elements."""

    def __init__(self, filename, reader, element_spec) -> None:
        self._file = _filename(getattr(filename, "_value", filename))
        self._reader = reader
        super().__init__(element_spec, UNKNOWN)

    def _elements(self):
        return self._reader(self._file)


class _FilesDataset(Dataset):
    """Records of several files, one after another or (`num_parallel_reads`) interleaved."""

    def __init__(self, filenames, reader, element_spec, num_parallel_reads) -> None:
        names = filenames_dataset(filenames)

        def per_file(name):
            return _FileDataset(name, reader, element_spec)

        if num_parallel_reads is None:
            self._impl = names.flat_map(per_file)
        else:
            self._impl = names.interleave(per_file, cycle_length=num_parallel_reads,
                                          block_length=1, num_parallel_calls=num_parallel_reads)
        super().__init__(element_spec, UNKNOWN)

    def _elements(self):
        return self._impl._elements()


class TextLineDataset(_FilesDataset):
    """``tf.data.TextLineDataset``: the lines of text files (without line endings)."""

    _tf_name = "TextLineDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None, name=None) -> None:
        def reader(filename):
            return text_lines(filename, compression_type, buffer_size)

        super().__init__(filenames, reader, _STRING_SPEC, num_parallel_reads)


# --- CSV -----------------------------------------------------------------------------------------
CSV_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def record_default(value):
    """(dtype, default array or None when the field is required) of one record default."""
    if isinstance(value, (dtypes.DType, type)):
        dtype = dtypes.as_dtype(value)
        default = None
    else:
        arr = to_array(value)
        if arr.ndim > 1 or arr.size > 1:
            raise ValueError(f"Each record default must be a scalar or have at most one "
                             f"element, got shape {arr.shape}")
        dtype = dtypes.from_numpy(arr.dtype)
        default = arr.reshape(()) if arr.size == 1 else None
    if dtype not in CSV_TYPES:
        raise TypeError(f"Record defaults must be of types {[d.name for d in CSV_TYPES]}; got "
                        f"{dtype.name}")
    return dtype, default


def parse_int(text: str, bits: int):
    """int(text) as TF's CSV parser accepts it (surrounding spaces, a sign), or None."""
    if "_" in text:
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    return value if -(2 ** (bits - 1)) <= value < 2 ** (bits - 1) else None


def convert_field(text: str, dtype, default, index: int, na_value: str) -> np.ndarray:
    if text == "" or text == na_value:
        if default is None:
            raise InvalidArgumentError(f"Field {index} is required but missing in record!")
        return default
    if dtype is dtypes.string:
        return _scalar_string(text.encode())
    if dtype.is_integer:
        value = parse_int(text, 8 * dtype._np.itemsize)
        if value is None:
            raise InvalidArgumentError(f"Field {index} in record is not a valid {dtype.name}: "
                                       f"{text}")
        return np.array(value, dtype._np)
    try:
        return np.array(float(text), dtype._np)
    except ValueError:
        kind = "float" if dtype is dtypes.float32 else "double"
        raise InvalidArgumentError(f"Field {index} in record is not a valid {kind}: "
                                   f"{text}") from None


def csv_rows(filename: str, compression_type, field_delim: str, use_quote_delim: bool,
             encoding: str = "utf-8", buffer_size=None):
    """The records of a CSV file as lists of strings (quoted fields may span lines)."""
    with open_binary(filename, compression_type, buffer_size) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        quoting = csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE
        yield from csv.reader(text, delimiter=field_delim, quotechar='"', quoting=quoting,
                              doublequote=True, strict=False)


class CsvDataset(_FilesDataset):
    """``tf.data.experimental.CsvDataset``: records of CSV files as tuples of scalars, one per
    (selected) column, typed by `record_defaults` (a type: required; a value: its default)."""

    _tf_name = "CsvDatasetV2"

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None,
                 header=False, field_delim=",", use_quote_delim=True, na_value="",
                 select_cols=None, exclude_cols=None, name=None, encoding="utf-8",
                 _num_parallel_reads=None, _skip_bad_records=False) -> None:
        columns = [record_default(v) for v in record_defaults]
        select = _selected_columns(len(columns), select_cols, exclude_cols)
        spec = tuple(TensorSpec([], dtype) for dtype, _ in columns)

        def reader(filename):
            return _csv_records(filename, columns, select, compression_type, buffer_size,
                                bool(header), field_delim, use_quote_delim, na_value, encoding,
                                _skip_bad_records)

        super().__init__(filenames, reader, spec, _num_parallel_reads)


def _selected_columns(n: int, select_cols, exclude_cols):
    if select_cols is not None and exclude_cols is not None:
        raise ValueError("Either select_cols or exclude_cols should be empty")
    if select_cols is None:
        if exclude_cols is None:
            return None
        return ("exclude", sorted(int(i) for i in exclude_cols))
    cols = [int(i) for i in np.asarray(getattr(select_cols, "_value", select_cols)).reshape(-1)]
    if len(cols) != n:
        raise InvalidArgumentError("select_cols should match output size")
    if any(b <= a for a, b in itertools.pairwise(cols)) or (cols and cols[0] < 0):
        raise InvalidArgumentError("select_cols should be strictly increasing indices")
    return ("select", cols)


def _pick(row: list, columns: list, select):
    if select is None:
        if len(row) != len(columns):
            more = "more" if len(row) > len(columns) else len(row)
            raise InvalidArgumentError(f"Expect {len(columns)} fields but have {more} in "
                                       f"record")
        return row
    kind, cols = select
    if kind == "select":
        if len(row) <= cols[-1]:
            raise InvalidArgumentError(f"Expect {cols[-1] + 1} fields but have {len(row)} in "
                                       f"record")
        return [row[i] for i in cols]
    excluded = set(cols)
    picked = [f for i, f in enumerate(row) if i not in excluded]
    if len(picked) != len(columns):
        raise InvalidArgumentError(f"Expect {len(columns)} fields but have {len(picked)} in "
                                   f"record")
    return picked


def _csv_records(filename, columns, select, compression_type, buffer_size, header, field_delim,
                 use_quote_delim, na_value, encoding, skip_bad_records=False):
    rows = csv_rows(filename, compression_type, field_delim, use_quote_delim, encoding,
                    buffer_size)
    if header:
        next(rows, None)
    for row in rows:
        try:
            fields = _pick(row or [""], columns, select)  # a blank line is one empty field
            record = tuple([convert_field(text, dtype, default, i, na_value)
                            for i, (text, (dtype, default)) in enumerate(zip(fields, columns))])
        except InvalidArgumentError:
            if skip_bad_records:  # make_csv_dataset(ignore_errors=True)
                continue
            raise
        yield record



class TFRecordDataset(_FilesDataset):
    """``tf.data.TFRecordDataset``: the records of TFRecord files as scalar strings."""

    _tf_name = "TFRecordDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None, name=None) -> None:
        def reader(filename):
            from fluxion.io.tfrecord import iter_records  # noqa: PLC0415

            for record in iter_records(filename, compression_type, buffer_size):
                yield (_scalar_string(record),)

        super().__init__(filenames, reader, _STRING_SPEC, num_parallel_reads)


class FixedLengthRecordDataset(_FilesDataset):
    """``tf.data.FixedLengthRecordDataset``: fixed-size records of binary files (after
    `header_bytes`, before `footer_bytes`), as scalar strings."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None,
                 buffer_size=None, compression_type=None, num_parallel_reads=None,
                 name=None) -> None:
        size = int(getattr(record_bytes, "_value", record_bytes))
        header = int(getattr(header_bytes, "_value", header_bytes or 0))
        footer = int(getattr(footer_bytes, "_value", footer_bytes or 0))
        if size <= 0 or header < 0 or footer < 0:
            raise InvalidArgumentError(f"record_bytes must be > 0 and header_bytes/footer_bytes"
                                       f" >= 0, got {size}, {header}, {footer}")

        def reader(filename):
            with open_binary(filename, compression_type, buffer_size) as f:
                data = f.read()
            body = data[header:len(data) - footer if footer else len(data)]
            if len(body) % size:
                raise InvalidArgumentError(
                    f"Excluding the header ({header} bytes) and footer ({footer} bytes), input "
                    f"file \"{filename}\" has body length {len(body)} bytes, which is not an "
                    f"exact multiple of the record length ({size} bytes).")
            for start in range(0, len(body), size):
                yield (_scalar_string(body[start:start + size]),)

        super().__init__(filenames, reader, _STRING_SPEC, num_parallel_reads)
