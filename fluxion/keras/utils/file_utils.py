"""``tf.keras.utils.get_file``: Keras' download cache, hash checks and archive extraction.

The cache layout, file names, messages and error classes follow Keras 3: files land in
``<cache_dir>/<cache_subdir>/<fname>`` where `cache_dir` defaults to ``$KERAS_HOME`` or
``~/.keras`` (``/tmp/.keras`` when that is not writable), and extracted archives in a sibling
folder. Fluxion differs where Keras is unsafe or fragile:

- Downloads go to a temporary file in the destination folder, are hash-checked there, and only
  then renamed onto the cache path (``os.replace`` is atomic), so an interrupted or corrupted
  download never leaves a half-written file where the cache expects a good one.
- Archives are checked before anything is written: a member whose path leaves the extraction
  folder (``../x``, absolute paths), any symbolic or hard link, and any device or FIFO make the
  whole extraction fail with a ValueError (Keras skips such members with a warning).
- ``$KERAS_HOME`` is read at each call rather than once at import.
"""
from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import stat
import tarfile
import urllib.error
import urllib.parse
import uuid
import warnings
import zipfile
from urllib.request import urlretrieve  # module attribute: tests replace it to stay offline

_FETCH_ERROR = "URL fetch failure on {}: {} -- {}"


def keras_home() -> str:
    """Keras' base folder: ``$KERAS_HOME``, else ``~/.keras`` (``/tmp/.keras`` when the home
    folder is not writable). Created if missing, as Keras does when it is imported."""
    if "KERAS_HOME" in os.environ:
        home = os.environ["KERAS_HOME"]
    else:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    try:
        os.makedirs(os.path.expanduser(home), exist_ok=True)
    except OSError:  # read-only location: get_file falls back to /tmp/.keras
        pass
    return home


def path_to_string(path):
    """`os.PathLike` objects as strings; anything else unchanged."""
    return os.fspath(path) if isinstance(path, os.PathLike) else path


def resolve_hasher(algorithm, file_hash=None):
    """The hashlib object for `algorithm`: "sha256", "md5", or "auto" (sha256 for a
    64-character `file_hash`, md5 otherwise)."""
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm == "auto" and file_hash is not None and len(file_hash) == 64:
        return hashlib.sha256()
    return hashlib.md5()  # Keras' legacy default


def hash_file(fpath, algorithm="sha256", chunk_size=65535) -> str:
    """The hex digest of a file (`algorithm`: a name or a hashlib object)."""
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535) -> bool:
    """Whether the file's sha256 or md5 digest equals `file_hash`."""
    hasher = resolve_hasher(algorithm, file_hash)
    return str(hash_file(fpath, hasher, chunk_size)) == str(file_hash)


# ---------------------------------------------------------------- safe archive extraction

def _inside(base_dir: str, relative: str) -> bool:
    """Whether `relative`, joined to the resolved `base_dir`, still lies inside it (symbolic
    links already on disk are followed, so they cannot smuggle a path out either)."""
    target = os.path.realpath(os.path.join(base_dir, relative))
    try:
        return os.path.commonpath([target, base_dir]) == base_dir
    except ValueError:  # different drives
        return False


def _unsafe_tar_member(info: tarfile.TarInfo, base_dir: str) -> str | None:
    if info.issym() or info.islnk():
        return "it is a link"
    if not (info.isreg() or info.isdir()):
        return "it is not a regular file or folder"
    if not _inside(base_dir, info.name):
        return "its path leaves the extraction folder"
    return None


def _unsafe_zip_member(info: zipfile.ZipInfo, base_dir: str) -> str | None:
    if stat.S_ISLNK(info.external_attr >> 16):
        return "it is a link"
    if not _inside(base_dir, info.filename):
        return "its path leaves the extraction folder"
    return None


def _check_members(archive, file_path: str, path: str) -> list:
    """All members of `archive`, after refusing the archive if any one is unsafe."""
    base_dir = os.path.realpath(path)
    if isinstance(archive, zipfile.ZipFile):
        members, check, name = archive.infolist(), _unsafe_zip_member, "filename"
    else:
        members, check, name = archive.getmembers(), _unsafe_tar_member, "name"
    for info in members:
        reason = check(info, base_dir)
        if reason is not None:
            raise ValueError(f"Refusing to extract archive {file_path!r}: member "
                             f"{getattr(info, name)!r} is unsafe ({reason}).")
    return members


def extract_open_archive(archive, path=".", file_path="archive") -> None:
    """Extracts an open `TarFile` or `ZipFile` into `path` after checking every member."""
    _extract_members(archive, path, _check_members(archive, file_path, path))


def _extract_members(archive, path: str, members: list) -> None:
    if isinstance(archive, zipfile.ZipFile):
        archive.extractall(path, members=members)
        return
    kwargs = {}
    if "filter" in inspect.signature(archive.extractall).parameters:
        kwargs["filter"] = "data"  # second line of defence (Python >= 3.10.12 / 3.11.4)
    archive.extractall(path, members=members, **kwargs)


def extract_archive(file_path, path=".", archive_format="auto") -> bool:
    """Extracts a tar (plain, gz, bz2, xz) or zip archive into `path`.

    `archive_format`: "auto" (= ["tar", "zip"]), "tar", "zip", a list of those, or None.
    Returns whether a matching archive was found and extracted. Raises ValueError, writing
    nothing, if a member is a link or would land outside `path`."""
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    file_path, path = path_to_string(file_path), path_to_string(path)
    for archive_type in archive_format:
        if archive_type == "tar":
            open_fn, is_match_fn = tarfile.open, tarfile.is_tarfile
        elif archive_type == "zip":
            open_fn, is_match_fn = zipfile.ZipFile, zipfile.is_zipfile
        else:
            raise NotImplementedError(archive_type)
        if is_match_fn(file_path):
            with open_fn(file_path) as archive:
                _extract_or_clean_up(archive, path, file_path)
            return True
    return False


def _extract_or_clean_up(archive, path: str, file_path: str) -> None:
    members = _check_members(archive, file_path, path)  # refuses before writing anything
    try:
        _extract_members(archive, path, members)
    except (tarfile.TarError, RuntimeError, KeyboardInterrupt):
        # as Keras: a failed extraction leaves no partial folder behind
        if os.path.exists(path):
            if os.path.isfile(path):
                os.remove(path)
            else:
                shutil.rmtree(path)
        raise


# ---------------------------------------------------------------- download and cache

class _DownloadProgress:
    """`urlretrieve`'s report hook, drawing a Keras progress bar."""

    def __init__(self):
        self.progbar = None
        self.finished = False

    def __call__(self, block_num, block_size, total_size):
        from fluxion.utils.progbar import Progbar  # only needed when downloading
        total_size = None if total_size == -1 else total_size
        if self.progbar is None:
            self.progbar = Progbar(total_size)
        current = block_num * block_size
        if total_size is None or current < total_size:
            self.progbar.update(current)
        elif not self.finished:
            self.progbar.update(self.progbar.target)
            self.finished = True


def _download(origin: str, target: str, file_hash, hash_algorithm) -> None:
    """Fetches `origin` into a temporary file beside `target`, checks its hash, then renames
    it onto `target`; on any failure the temporary file is removed and `target` untouched."""
    print(f"Downloading data from {origin}")
    folder, name = os.path.split(target)
    partial = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.part")
    try:
        try:
            urlretrieve(origin, partial, _DownloadProgress())
        except urllib.error.HTTPError as e:
            raise Exception(_FETCH_ERROR.format(origin, e.code, e.msg)) from e  # noqa: TRY002
        except urllib.error.URLError as e:
            raise Exception(  # noqa: TRY002 - Keras' class
                _FETCH_ERROR.format(origin, e.errno, e.reason)) from e
        if file_hash is not None and not validate_file(partial, file_hash, hash_algorithm):
            raise ValueError(
                f"Incomplete or corrupted file detected. The {hash_algorithm} file hash does "
                f"not match the provided value of {file_hash}.")
        os.replace(partial, target)
    except (Exception, KeyboardInterrupt):
        if os.path.exists(partial):
            os.remove(partial)
        raise


def _needs_download(target: str, file_hash, hash_algorithm, force_download: bool) -> bool:
    if force_download or not os.path.exists(target):
        return True
    if file_hash is not None and not validate_file(target, file_hash, hash_algorithm):
        print("A local file was found, but it seems to be incomplete or outdated because the "
              f"{hash_algorithm} file hash does not match the original value of {file_hash} "
              "so we will re-download the data.")
        return True
    return False


def _file_name(fname, origin: str) -> str:
    fname = path_to_string(fname)
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'."
                             "Please specify the `fname` argument.")
    elif os.sep in fname:
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the file's "
            f"parent directory, use the `cache_dir` argument. Received: fname={fname}")
    return fname


def _targets(datadir: str, fname: str, provided: bool, extract: bool):
    """(download path, extraction folder or None), named as Keras names them."""
    if not extract:
        return os.path.join(datadir, fname), None
    if provided and "." in fname:
        stem = fname[:fname.find(".")]
        return os.path.join(datadir, fname), os.path.join(datadir, f"{stem}_extracted")
    return os.path.join(datadir, f"{fname}_archive"), os.path.join(datadir, fname)


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False) -> str:
    """Downloads `origin` into the Keras cache unless a good copy is already there.

    Returns the cached file's path, or with `extract=True` (`untar=True`: tar only) the folder
    the archive was extracted into. `file_hash` (sha256 or md5 hex digest, `hash_algorithm`
    "auto" telling them apart by length) is checked on a cached file (a mismatch downloads
    again) and on every download (a mismatch raises ValueError). `cache_subdir` may be an
    absolute path. See the module docstring for where Fluxion is stricter than Keras.
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if cache_dir is None:
        cache_dir = keras_home()
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir_base = os.path.expanduser(cache_dir)
    if not os.access(datadir_base, os.W_OK):
        datadir_base = os.path.join("/tmp", ".keras")  # Keras' fallback
    datadir = os.path.join(datadir_base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    provided = bool(path_to_string(fname))
    fname = _file_name(fname, origin)
    download_target, extraction_dir = _targets(datadir, fname, provided, extract or untar)
    if _needs_download(download_target, file_hash, hash_algorithm, force_download):
        _download(origin, download_target, file_hash, hash_algorithm)
    if extraction_dir is None:
        return download_target
    if not extract_archive(download_target, extraction_dir, "tar" if untar else archive_format):
        warnings.warn("Could not extract archive.", stacklevel=2)
    return extraction_dir
