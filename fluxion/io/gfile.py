"""``tf.io.gfile``: TF's file API over the local file system, with TF's errors
(`NotFoundError`, `AlreadyExistsError`...). Writes go to a temporary file in the same folder
that replaces the target when the file is closed, so a reader never sees half a file."""
from __future__ import annotations

import glob as _glob
import os
import shutil
import tempfile

from fluxion.errors import (AlreadyExistsError, FailedPreconditionError, NotFoundError,
                            PermissionDeniedError)

__all__ = ["GFile", "copy", "exists", "get_registered_schemes", "glob", "isdir", "join",
           "listdir", "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk"]


def _path(path) -> str:
    path = os.fspath(path)
    return path.decode() if isinstance(path, bytes) else path


def _os_error(error: OSError, path: str):
    """The TF error for an OSError on `path`."""
    if isinstance(error, FileNotFoundError):
        return NotFoundError(None, None, f"{path}; No such file or directory")
    if isinstance(error, FileExistsError):
        return AlreadyExistsError(None, None, f"{path}; File exists")
    if isinstance(error, PermissionError):
        return PermissionDeniedError(None, None, f"{path}; Permission denied")
    return FailedPreconditionError(None, None, f"{path}; {error.strerror or error}")


class GFile:
    """A file object: `mode` "r"/"rb" reads, "w"/"wb" writes (atomically, on close), "a"/"ab"
    appends; text modes read and write str, binary modes bytes (as TF's GFile)."""

    def __init__(self, name, mode: str = "r") -> None:
        self.name = _path(name)
        self.mode = mode
        self._binary = "b" in mode
        self._temp = None
        try:
            if "w" in mode:
                folder = os.path.dirname(os.path.abspath(self.name))
                fd, self._temp = tempfile.mkstemp(prefix=".tmp_", dir=folder)
                self._file = os.fdopen(fd, "wb")
            else:
                self._file = open(self.name, "ab" if "a" in mode else "rb")  # noqa: SIM115
        except OSError as e:
            raise _os_error(e, self.name) from None

    def _out(self, data: bytes):
        return data if self._binary else data.decode("utf-8")

    def read(self, n: int = -1):
        return self._out(self._file.read(n))

    def readline(self):
        return self._out(self._file.readline())

    def readlines(self) -> list:
        return [self._out(line) for line in self._file.readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self._file.readline()
        if not line:
            raise StopIteration
        return self._out(line)

    def write(self, data) -> None:
        self._file.write(data.encode("utf-8") if isinstance(data, str) else bytes(data))

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def size(self) -> int:
        return os.path.getsize(self._temp or self.name)

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        if self._file.closed:
            return
        self._file.close()
        if self._temp is not None:
            os.chmod(self._temp, 0o666 & ~_umask())
            os.replace(self._temp, self.name)
            self._temp = None

    def __enter__(self) -> GFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def exists(path) -> bool:
    return os.path.exists(_path(path))


def isdir(path) -> bool:
    return os.path.isdir(_path(path))


def listdir(path) -> list:
    path = _path(path)
    if not os.path.isdir(path):
        raise NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def glob(pattern) -> list:
    return _glob.glob(_path(pattern))


def join(path, *paths) -> str:
    return os.path.join(_path(path), *[_path(p) for p in paths])


def makedirs(path) -> None:
    try:
        os.makedirs(_path(path), exist_ok=True)
    except OSError as e:
        raise _os_error(e, _path(path)) from None


def mkdir(path) -> None:
    path = _path(path)
    if os.path.isdir(path):
        return
    try:
        os.mkdir(path)
    except OSError as e:
        raise _os_error(e, path) from None


def remove(path) -> None:
    try:
        os.remove(_path(path))
    except OSError as e:
        raise _os_error(e, _path(path)) from None


def rmtree(path) -> None:
    path = _path(path)
    if not os.path.exists(path):
        raise NotFoundError(None, None, f"{path}; No such file or directory")
    shutil.rmtree(path)


def rename(src, dst, overwrite: bool = False) -> None:
    src, dst = _path(src), _path(dst)
    if not overwrite and os.path.exists(dst):
        raise AlreadyExistsError(None, None, "file already exists")
    try:
        os.replace(src, dst)
    except OSError as e:
        raise _os_error(e, src) from None


def copy(src, dst, overwrite: bool = False) -> None:
    src, dst = _path(src), _path(dst)
    if not overwrite and os.path.exists(dst):
        raise AlreadyExistsError(None, None, "file already exists")
    try:
        with GFile(src, "rb") as fin, GFile(dst, "wb") as fout:
            shutil.copyfileobj(fin._file, fout._file)
    except OSError as e:
        raise _os_error(e, src) from None


def walk(top, topdown: bool = True, onerror=None):
    """(folder, subfolders, files) for each folder under `top` (nothing if it is missing)."""
    yield from os.walk(_path(top), topdown=topdown, onerror=onerror)


class _FileStatistics:
    def __init__(self, length: int, mtime_nsec: int, is_directory: bool) -> None:
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory


def stat(path) -> _FileStatistics:
    path = _path(path)
    try:
        info = os.stat(path)
    except OSError as e:
        raise _os_error(e, path) from None
    return _FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(path))


def get_registered_schemes() -> list:
    return ["", "file"]
