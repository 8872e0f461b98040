"""TFRecord files: `TFRecordWriter`, `TFRecordOptions` and the lazy reader `iter_records`.

Each record is framed as TensorFlow writes it::

    uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes
    data (length bytes)           | uint32 masked CRC-32C of the data

optionally inside one zlib or gzip stream for the whole file (compressed exactly as TF does:
zlib level 6, memLevel 9, partial flush on `flush()`, so the bytes match TF's). Writers write in
place, like TF; a writer that is never closed is finished (compressor flushed, file closed) when
it is garbage-collected or at interpreter exit.
"""
from __future__ import annotations

import os
import struct
import weakref
import zlib
from typing import ClassVar

from fluxion import errors
from fluxion.io import crc32c

__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "iter_records",
           "tf_record_iterator"]

_HEADER = struct.Struct("<QI")
_CRC = struct.Struct("<I")
_READ_CHUNK = 1 << 18  # compressed bytes read at a time, and the default file buffer
_MAX_SINGLE_READ = 1 << 24  # larger reads go in pieces, so a corrupt length cannot exhaust memory


class TFRecordCompressionType:
    """``tf.compat.v1.io.TFRecordCompressionType``."""

    NONE, ZLIB, GZIP = 0, 1, 2


class TFRecordOptions:
    """``tf.io.TFRecordOptions``: the compression of a TFRecord file and zlib's settings."""

    compression_type_map: ClassVar[dict] = {TFRecordCompressionType.ZLIB: "ZLIB",
                                            TFRecordCompressionType.GZIP: "GZIP",
                                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None) -> None:
        self.get_compression_type_string(compression_type)  # validates
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options) -> str:
        """"" / "ZLIB" / "GZIP" for options, a type string, a TFRecordCompressionType or None."""
        if isinstance(options, TFRecordOptions):
            options = options.compression_type
        if options is None:
            return ""
        if isinstance(options, int) and options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if isinstance(options, str) and options in ("", "ZLIB", "GZIP"):
            return options
        raise ValueError(f'Not a valid compression_type: "{options}"')

    def _compressor(self):
        kind = self.get_compression_type_string(self)
        if not kind:
            return None
        bits = zlib.MAX_WBITS if self.window_bits is None else self.window_bits
        return zlib.compressobj(
            zlib.Z_DEFAULT_COMPRESSION if self.compression_level is None
            else self.compression_level,
            zlib.DEFLATED if self.compression_method is None else self.compression_method,
            bits + 16 if kind == "GZIP" else bits,
            9 if self.mem_level is None else self.mem_level,  # TF's default, not zlib's 8
            zlib.Z_DEFAULT_STRATEGY if self.compression_strategy is None
            else self.compression_strategy)

    def __repr__(self) -> str:
        return f"TFRecordOptions(compression_type={self.compression_type!r})"


def _open(path, mode: str, buffering: int = -1):
    """Opens a file, turning OS errors into TF's error classes."""
    try:
        return open(path, mode, buffering=buffering)
    except FileNotFoundError:
        raise errors.NotFoundError(f"{path}; No such file or directory") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(f"{path}; Is a directory") from None
    except PermissionError:
        raise errors.PermissionDeniedError(f"{path}; Permission denied") from None


def _path(path) -> str:
    path = os.fspath(path)
    return path.decode("utf-8") if isinstance(path, bytes) else path


def _finish(file, compressor) -> None:
    """Ends a writer's stream and closes its file (the writer's finalizer)."""
    if file.closed:
        return
    if compressor is not None:
        file.write(compressor.flush(zlib.Z_FINISH))
    file.close()


class TFRecordWriter:
    """``tf.io.TFRecordWriter(path, options=None)``: writes records to a TFRecord file."""

    def __init__(self, path, options=None) -> None:
        if not isinstance(options, TFRecordOptions):
            options = TFRecordOptions(compression_type=options)
        self._path = _path(path)
        self._compressor = options._compressor()
        self._file = _open(self._path, "wb")
        self._finalizer = weakref.finalize(self, _finish, self._file, self._compressor)

    def _check_open(self) -> None:
        if not self._finalizer.alive:
            raise errors.FailedPreconditionError("Writer is closed.")

    def write(self, record) -> None:
        """Appends one record (bytes, or str written as UTF-8)."""
        self._check_open()
        if isinstance(record, str):
            record = record.encode("utf-8")
        elif not isinstance(record, (bytes, bytearray, memoryview)):
            raise TypeError(f"write(): incompatible function arguments: record must be bytes, "
                            f"got {type(record).__name__}")
        length = struct.pack("<Q", len(record))
        frame = b"".join((_HEADER.pack(len(record), crc32c.masked(length)), record,
                          _CRC.pack(crc32c.masked(record))))
        if self._compressor is not None:
            frame = self._compressor.compress(frame)
        self._file.write(frame)

    def flush(self) -> None:
        """Pushes buffered records to the file (a zlib partial flush when compressing)."""
        self._check_open()
        if self._compressor is not None:
            self._file.write(self._compressor.flush(zlib.Z_PARTIAL_FLUSH))
        self._file.flush()

    def close(self) -> None:
        """Finishes the stream and closes the file; closing twice is fine."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --- reading -------------------------------------------------------------------------------
class _PlainStream:
    """Reads an uncompressed file, in bounded pieces."""

    def __init__(self, file) -> None:
        self._file = file

    def read(self, n: int) -> bytes:
        if n <= _MAX_SINGLE_READ:
            return self._file.read(n)
        parts, left = [], n
        while left:
            part = self._file.read(min(left, _MAX_SINGLE_READ))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return b"".join(parts)


class _InflateStream:
    """Reads a zlib or gzip stream (gzip members may be concatenated), never all at once."""

    def __init__(self, file, wbits: int, path: str) -> None:
        self._file, self._wbits, self._path = file, wbits, path
        self._inflater = zlib.decompressobj(wbits)
        self._buf = bytearray()
        self._pos = 0
        self._eof = False

    def _fill(self) -> None:
        inflater = self._inflater
        try:
            if inflater.unconsumed_tail:
                data = inflater.unconsumed_tail
            elif inflater.eof:
                if not inflater.unused_data or self._wbits < 16:
                    self._eof = True
                    return
                data, self._inflater = inflater.unused_data, zlib.decompressobj(self._wbits)
                inflater = self._inflater
            else:
                data = self._file.read(_READ_CHUNK)
                if not data:
                    self._eof = True
                    return
            self._buf += inflater.decompress(data, _READ_CHUNK * 4)
        except zlib.error as e:
            raise errors.DataLossError(f"inflate() failed with error: {e} (file: {self._path})")

    def read(self, n: int) -> bytes:
        while len(self._buf) - self._pos < n and not self._eof:
            self._fill()
        out = bytes(self._buf[self._pos:self._pos + n])
        self._pos += len(out)
        if self._pos > _READ_CHUNK:
            del self._buf[:self._pos]
            self._pos = 0
        return out


def iter_records(path, compression_type=None, buffer_size: int | None = None):
    """Yields the records of one TFRecord file as bytes, reading it lazily.

    `compression_type` is "", "ZLIB", "GZIP" (or None, a TFRecordOptions, a
    TFRecordCompressionType). Every length and data CRC is checked: a mismatch, or a record cut
    short inside its data, raises `fluxion.errors.DataLossError` naming the file and byte offset
    (in the uncompressed stream). As in TensorFlow, a partial header at the very end of the
    file is taken as the end. A missing file raises NotFoundError when iteration starts.
    """
    kind = TFRecordOptions.get_compression_type_string(compression_type)
    path = _path(path)
    with _open(path, "rb", buffering=buffer_size or _READ_CHUNK) as file:
        if kind:
            stream = _InflateStream(file, zlib.MAX_WBITS + (16 if kind == "GZIP" else 0), path)
        else:
            stream = _PlainStream(file)
        yield from _records(stream, path)


def _records(stream, path: str):
    offset, read = 0, stream.read
    while True:
        header = read(12)
        if len(header) < 12:
            return  # TF: a missing or partial header is the end of the file
        length, length_crc = _HEADER.unpack(header)
        if crc32c.masked(header[:8]) != length_crc:
            hint = " (Is this even a TFRecord file?)" if offset == 0 else ""
            raise errors.DataLossError(f"corrupted record at {offset} in file {path}{hint}")
        data = read(length)
        footer = read(4)
        if len(footer) < 4:
            raise errors.DataLossError(f"truncated record at {offset} in file {path}: expected "
                                       f"{length} bytes of data and a 4-byte CRC")
        if crc32c.masked(data) != _CRC.unpack(footer)[0]:
            raise errors.DataLossError(f"corrupted record at {offset + 12} in file {path}")
        yield data
        offset += 16 + length


def tf_record_iterator(path, options=None):
    """``tf.compat.v1.io.tf_record_iterator``: the records of `path` (see `iter_records`)."""
    return iter_records(path, TFRecordOptions.get_compression_type_string(options))
