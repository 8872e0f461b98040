"""``tf.saved_model.Asset``: a file that travels with a SavedModel.

Saving copies every Asset reachable from the saved object (and every text file a lookup
table's `TextFileInitializer` read) into ``<export_dir>/assets/`` under its base name (a
second file with a name already taken becomes ``name_1``, ``name_2``..., as in TF). A traced
function embeds `asset_path` as a string constant; the saved graph marks that constant, and
loading sets it to the file's path in the loaded folder.
"""
from __future__ import annotations

import os
import shutil
import types

import numpy as np

from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor

__all__ = ["Asset"]


class Asset:
    """A file needed by a saved model: `asset_path` is a scalar string tensor naming it."""

    def __init__(self, path) -> None:
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        try:
            self._path = convert_to_tensor(path, dtypes.string)
        except (TypeError, ValueError):
            raise TypeError(f"Cannot convert {path!r} to EagerTensor of dtype string") from None

    @property
    def asset_path(self) -> Tensor:
        """The file's path: where it was given, or inside the folder a model was loaded from."""
        return self._path

    def _source(self) -> str | None:
        """The path given (None unless one scalar path: nothing to copy then)."""
        value = np.asarray(self._path._value)
        return os.fsdecode(value.item()) if value.shape == () else None

    def __repr__(self) -> str:
        return f"<tf.saved_model.Asset {self._source()!r}>"


def _skip(value) -> bool:
    from fluxion.core.variable import Variable  # noqa: PLC0415

    return isinstance(value, (Tensor, Variable, np.ndarray, type))


def _closure(value) -> list:
    """What a saved function's Python code refers to from outside (a Keras export's endpoint
    closes over the model it serves)."""
    from fluxion.graph.function import Function  # noqa: PLC0415

    if isinstance(value, Function):
        value = value.python_function
    if not isinstance(value, types.FunctionType):
        return []
    out = []
    for cell in value.__closure__ or ():
        try:
            out.append(cell.cell_contents)
        except ValueError:  # a cell not assigned yet
            pass
    return out


def find_assets(root) -> list:
    """[(attribute of `root` or None, source path)] of the Assets and table text files reachable
    from `root`, each source path once, in the order found."""
    found: list = []
    seen: set = {id(root)}

    def add(attr, source):
        if (attr, source) in found or attr is None and any(s == source for _, s in found):
            return
        found.append((attr, source))  # (a file seen before, again under a top attribute)

    def children(value) -> list:
        """What the walk visits next from `value` (after noting an Asset or a table file)."""
        if isinstance(value, dict):
            return [value[k] for k in sorted(value, key=str)]
        if isinstance(value, (list, tuple)):
            return list(value)
        if id(value) in seen or _skip(value):
            return []
        seen.add(id(value))
        if isinstance(value, Asset):
            if value._source() is not None:
                add(None, value._source())
            return []
        source = getattr(value, "_asset_source", None)
        if callable(source) and source() is not None:
            add(None, source())
        closure = _closure(value)
        if closure or type(value).__module__.startswith("fluxion.graph"):
            return closure  # a function: its traces hold no assets but their paths
        if type(value).__module__.startswith("fluxion.") and hasattr(value, "__dict__"):
            return [item for _, item in sorted(vars(value).items(), key=lambda kv: kv[0])]
        return []

    top = sorted(vars(root).items())
    for key, value in top:  # first: Assets the loaded object has as attributes
        if isinstance(value, Asset) and not key.startswith("_") and value._source():
            seen.add(id(value))
            add(key, value._source())
    stack = [value for _, value in reversed(top)]
    while stack:  # depth first, without recursion (a Keras model's layer graph runs deep)
        stack.extend(reversed(children(stack.pop())))
    return found


def asset_names(found: list) -> dict:
    """{source path: file name under assets/}: the base name, `name_1`... when taken."""
    names: dict = {}
    for _, source in found:
        if source in names:
            continue
        base = os.path.basename(source) or "asset"
        name, i = base, 0
        while name in names.values():
            i += 1
            name = f"{base}_{i}"
        names[source] = name
    return names


def copy_assets(names: dict, folder) -> None:
    """Copies each source file into `folder`/assets (a missing file is skipped, as TF does)."""
    if not names:
        return
    target = os.path.join(os.fspath(folder), "assets")
    os.makedirs(target, exist_ok=True)
    for source, name in names.items():
        if os.path.isfile(source):
            shutil.copyfile(source, os.path.join(target, name))
