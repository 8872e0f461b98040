"""The `.keras` format (Keras 3's zip archive) and `.weights.h5` files.

A `.keras` file is an uncompressed zip holding `metadata.json` (Keras version, date),
`config.json` (`serialize_keras_object(model)`, with `build_config` and `compile_config`) and
`model.weights.h5` (every variable, optimizer state included; see saveables.py for the
layout). Files are written to a temporary file beside the target and renamed over it, so a
failure never leaves a half-written file and never damages the file already there. Reading
refuses (with the file's name in the message) anything truncated, corrupted or inconsistent
with the model, and never runs code from the file.
"""
from __future__ import annotations

import contextlib
import datetime
import json
import os
import pathlib
import tempfile
import warnings
import zipfile

import numpy as np

from fluxion.core.variable import Variable
from fluxion.keras.saving import h5_reader, h5_writer, saveables
from fluxion.keras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

CONFIG_FILENAME = "config.json"
ASSETS_DIRNAME = "assets"
METADATA_FILENAME = "metadata.json"
VARS_FILENAME_H5 = "model.weights.h5"
VARS_FILENAME_NPZ = "model.weights.npz"
_BOMB_FLOOR_BYTES = 1 << 32  # a member declaring more than this must not expand > 100x
_MAX_EXPANSION = 100


# --- weight stores -----------------------------------------------------------------------------
class WeightsWriter:
    """Variables grouped as Keras writes them: `<path>/vars/<i>`, attribute `name`."""

    def __init__(self) -> None:
        self.root = h5_writer.GroupNode()

    def make(self, path: str, name) -> _WriteEntry:
        group_path = f"{path}/vars" if path else "vars"
        entry = _WriteEntry(self.root, group_path)
        if isinstance(name, str):  # Keras creates the group at once when it has a name
            entry.group().attrs["name"] = name
        return entry

    def chunks(self) -> list:
        """The HDF5 file's bytes, in pieces to write one after the other."""
        return h5_writer.serialize(self.root)


class _WriteEntry:
    def __init__(self, root: h5_writer.GroupNode, path: str) -> None:
        self._root, self._path, self._group = root, path, None

    def group(self) -> h5_writer.GroupNode:
        if self._group is None:
            self._group = self._root.require_group(self._path)
        return self._group

    def __setitem__(self, key: str, value) -> None:
        if isinstance(value, Variable):
            value = value._value  # written out before anything can assign to it: no copy
        elif hasattr(value, "numpy"):
            value = value.numpy()
        self.group()[key] = np.asarray(value)


class WeightsReader:
    """The `<path>/vars` groups of a Keras weights file, as read-only dicts of arrays."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.file = h5_reader.H5File(data, filename)
        self.filename = filename

    def get(self, path: str) -> _ReadEntry:
        root = self.file.root
        for candidate in (path, path.replace("layers", "_layer_checkpoint_dependencies")):
            group = _group_or_none(root, f"{candidate}/vars" if candidate else "vars")
            if group is not None:
                return _ReadEntry(group, self.filename)
        return _ReadEntry(None, self.filename)


def _group_or_none(root, path: str):
    try:
        node = root.get(path)
    except KeyError:
        return None
    if not isinstance(node, h5_reader.Group):
        raise root.file.error(f"{path} should be a group")
    return node


class _ReadEntry:
    def __init__(self, group, filename: str) -> None:
        self._group, self._filename = group, filename

    def keys(self) -> list:
        return [] if self._group is None else self._group.keys()

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key: str) -> bool:
        return key in self.keys()

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self.keys():
            raise KeyError(f"{key!r} is not in {self._group.path if self._group else 'the '}"
                           f" weights of {self._filename}")
        node = self._group.get(key)
        if not isinstance(node, h5_reader.Dataset):
            raise node.file.error(f"{node.path} should be a dataset")
        return node.read()


# --- atomic files ------------------------------------------------------------------------------
@contextlib.contextmanager
def atomic_write(filepath, overwrite: bool = True):
    """Yields an open binary file in `filepath`'s folder; on success it replaces `filepath`
    (a rename: readers see the old file or the new one, never a mix); on failure it is
    deleted and `filepath` is untouched."""
    path = pathlib.Path(filepath)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists and overwrite=False: not overwriting it")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _new_file_mode())  # mkstemp's files are private (0600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _new_file_mode() -> int:
    """The permissions `open(path, "w")` would give a new file (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# --- models ------------------------------------------------------------------------------------
def save_model(model, filepath, overwrite: bool = True) -> None:
    """Writes `model` (config, weights, optimizer state) as a `.keras` file."""
    if not model.built:
        warnings.warn("You are saving a model that has not yet been built. It might not "
                      "contain any weights yet. Consider building the model first by calling "
                      "it on some data.", stacklevel=3)
    from fluxion import keras  # noqa: PLC0415

    config_json = json.dumps(serialize_keras_object(model))
    metadata_json = json.dumps({
        "keras_version": keras.__version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})
    store = WeightsWriter()
    with tempfile.TemporaryDirectory() as assets:
        saveables.save_state(model, store, assets=assets)
        chunks = store.chunks()
        with atomic_write(filepath, overwrite) as f, zipfile.ZipFile(f, "w") as archive:
            archive.writestr(METADATA_FILENAME, metadata_json)
            archive.writestr(CONFIG_FILENAME, config_json)
            info = zipfile.ZipInfo(VARS_FILENAME_H5, datetime.datetime.now().timetuple()[:6])
            info.file_size = sum(len(chunk) for chunk in chunks)  # decides on zip64 up front
            with archive.open(info, "w") as member:
                for chunk in chunks:
                    member.write(chunk)
            for root, _, files in sorted(os.walk(assets)):  # layers' assets (vocabularies)
                for name in sorted(files):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, assets).replace(os.sep, "/")
                    archive.write(full, f"{ASSETS_DIRNAME}/{rel}")


def load_model(filepath, custom_objects=None, compile: bool = True,  # noqa: A002
               safe_mode: bool = True):
    """The model a `.keras` file holds, compiled as it was saved when `compile`."""
    with open_archive(filepath) as archive:
        config = read_json(archive, CONFIG_FILENAME, filepath)
        if not compile:
            config["compile_config"] = None
        model = deserialize_keras_object(config, custom_objects=custom_objects,
                                         safe_mode=safe_mode)
        store = archive_weights(archive, filepath)
        with tempfile.TemporaryDirectory() as assets:
            _extract_assets(archive, assets)
            failures = saveables.load_state(model, store, assets=assets)
    saveables.raise_failures(failures, filepath)
    return model


def _extract_assets(archive: zipfile.ZipFile, folder: str) -> None:
    """The archive's assets/ members into `folder` (names checked to stay inside it)."""
    root = os.path.realpath(folder)
    for info in archive.infolist():
        if not info.filename.startswith(f"{ASSETS_DIRNAME}/") or info.is_dir():
            continue
        target = os.path.realpath(os.path.join(root, info.filename[len(ASSETS_DIRNAME) + 1:]))
        if not target.startswith(root + os.sep):
            raise ValueError(f"Unsafe asset path in the archive: {info.filename!r}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(info) as src, open(target, "wb") as dst:
            dst.write(src.read())


@contextlib.contextmanager
def open_archive(filepath):
    """The `.keras` zip at `filepath`, or a clear error naming it."""
    path = pathlib.Path(filepath)
    if not path.is_file():
        raise ValueError(f"File not found: filepath={filepath}. Please ensure the file is an "
                         f"accessible `.keras` zip file.")
    try:
        archive = zipfile.ZipFile(path, "r")
    except (zipfile.BadZipFile, OSError) as e:
        raise ValueError(f"The file {filepath} is not a valid `.keras` archive (truncated or "
                         f"corrupted?): {e}") from None
    with archive:
        yield archive


def read_member(archive: zipfile.ZipFile, name: str, filepath) -> bytes:
    """A member's bytes, refusing missing members, bad checksums and decompression bombs."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ValueError(f"The file {filepath} is not a complete `.keras` archive: it has no "
                         f"{name} (members: {archive.namelist()})") from None
    if info.file_size > _BOMB_FLOOR_BYTES and \
            info.file_size > _MAX_EXPANSION * info.compress_size:
        raise ValueError(f"Not allowed: ZIP member '{name}' of {filepath} declares "
                         f"{info.file_size} bytes but only {info.compress_size} are stored; "
                         f"refusing to load a potential decompression bomb.")
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise ValueError(f"The member {name} of {filepath} is corrupted: {e}") from None


def read_json(archive: zipfile.ZipFile, name: str, filepath) -> dict:
    data = read_member(archive, name, filepath)
    try:
        config = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"The member {name} of {filepath} is not valid JSON: {e}") from None
    if not isinstance(config, dict):  # a corrupted file: ValueError, as the other cases
        raise ValueError(f"{name} of {filepath} is not a model config")  # noqa: TRY004
    return config


def archive_weights(archive: zipfile.ZipFile, filepath) -> WeightsReader:
    names = archive.namelist()
    if VARS_FILENAME_H5 in names:
        return WeightsReader(read_member(archive, VARS_FILENAME_H5, filepath),
                             f"{filepath}/{VARS_FILENAME_H5}")
    if VARS_FILENAME_NPZ in names:
        raise ValueError(f"{filepath} stores its weights as {VARS_FILENAME_NPZ}, whose "
                         f"entries are pickled Python objects: Fluxion does not load pickles "
                         f"(loading them can run code). Re-save the model with the default "
                         f"HDF5 weights.")
    raise ValueError(f"The file {filepath} is not a complete `.keras` archive: expected a "
                     f"{VARS_FILENAME_H5} or {VARS_FILENAME_NPZ} file.")


# --- weights only ------------------------------------------------------------------------------
def save_weights(model, filepath, overwrite: bool = True, max_shard_size=None) -> None:
    """Writes every variable of `model` (and its optimizer) to a `.weights.h5` file."""
    if max_shard_size is not None:
        raise NotImplementedError("Sharded weights files (`max_shard_size`) are not "
                                  "supported by Fluxion yet.")
    if not str(filepath).endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: "
                         f"filepath={filepath}")
    if not model.built:
        raise ValueError("You are saving a model that has not yet been built. Try building "
                         "the model first by calling it on some data or by using `build()`.")
    store = WeightsWriter()
    saveables.save_state(model, store)
    chunks = store.chunks()
    with atomic_write(filepath, overwrite) as f:
        for chunk in chunks:
            f.write(chunk)


def load_weights(model, filepath, skip_mismatch: bool = False, **kwargs) -> None:
    """Sets `model`'s variables from a `.weights.h5` or `.keras` file. With
    `skip_mismatch`, objects whose saved variables do not fit are left as they are (with a
    warning) instead of raising."""
    objects_to_skip = kwargs.pop("objects_to_skip", None)
    if kwargs.pop("by_name", None) is not None:
        raise ValueError(f"`by_name` only supports loading legacy '.h5' or '.hdf5' files. "
                         f"Received: {filepath}")
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = str(filepath)
    if path.endswith(".keras"):
        with open_archive(filepath) as archive:
            store = archive_weights(archive, filepath)
    elif path.endswith(".weights.h5"):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"No such weights file: {filepath}")
        store = WeightsReader(pathlib.Path(path).read_bytes(), path)
    else:
        raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only "
                         f"supports V3 `.keras` files and `.weights.h5` files (Fluxion does not "
                         f"read legacy `.h5` model files).")
    if not model.built:
        raise ValueError("You are loading weights into a model that has not yet been built. "
                         "Try building the model first by calling it on some data or by using "
                         "`build()`.")
    visited = {id(o) for o in objects_to_skip or ()}
    failures = saveables.load_state(model, store, visited=visited)
    saveables.raise_failures(failures, filepath, warn_only=skip_mismatch)
