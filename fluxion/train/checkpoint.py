"""``tf.train.Checkpoint`` and the checkpoint readers (``load_checkpoint``, ``list_variables``,
``load_variable``).

A checkpoint saves the object graph reachable from the `Checkpoint` (see _ckpt_graph.py) and the
value of each variable in it, keyed by the variable's first path from the root
(``model/layers/0/kernel/.ATTRIBUTES/VARIABLE_VALUE``). Restoring matches objects by the names
along the graph, not by keys, and hands values to objects created later (Keras weights built on
first call, optimizer slots created on the first update) when they are created. Files and their
format: _ckpt_format.py and docs/checkpoint.md.
"""
from __future__ import annotations

import inspect
import os
import sys
import warnings

import numpy as np

from fluxion import errors
from fluxion.core.variable import Variable
from fluxion.train import _ckpt_format, _ckpt_restore, checkpoint_management
from fluxion.train import _ckpt_graph as graph_lib
from fluxion.train._ckpt_format import CheckpointError, CheckpointReader
from fluxion.train._ckpt_restore import CheckpointLoadStatus, InitializationOnlyStatus

__all__ = ["Checkpoint", "CheckpointError", "CheckpointOptions", "CheckpointReader",
           "list_variables", "load_checkpoint", "load_variable"]

VALUE_SUFFIX = ".ATTRIBUTES/VARIABLE_VALUE"
STATE_SUFFIX = ".ATTRIBUTES/ITERATOR_STATE"


class CheckpointOptions:
    """``tf.train.CheckpointOptions``. Fluxion writes synchronously on the local file system, so
    the device and async settings are accepted and kept; `experimental_write_callbacks` run
    after each write and `experimental_skip_slot_variables` skips optimizer slots on restore."""

    __slots__ = ("enable_async", "experimental_enable_async_checkpoint",
                 "experimental_io_device", "experimental_sharding_callback",
                 "experimental_skip_slot_variables", "experimental_write_callbacks")

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False,
                 experimental_skip_slot_variables=False,
                 experimental_sharding_callback=None) -> None:
        self.experimental_io_device = experimental_io_device
        self.experimental_enable_async_checkpoint = experimental_enable_async_checkpoint
        self.experimental_write_callbacks = experimental_write_callbacks
        self.enable_async = enable_async
        self.experimental_skip_slot_variables = experimental_skip_slot_variables
        self.experimental_sharding_callback = experimental_sharding_callback


# --- saving --------------------------------------------------------------------------------------
def serialize(root) -> tuple[list, dict]:
    """(node records, tensors by key) for the object graph reachable from `root`."""
    graph = graph_lib.Graph(root)
    nodes, tensors = [], {}
    for i, obj in enumerate(graph.nodes):
        path, node_kind = graph.paths[i], graph.kinds[i]
        record = {"kind": node_kind, "class": type(obj).__name__, "path": path,
                  "children": graph.edges[i]}
        base = f"{path}/" if path else ""
        if node_kind == graph_lib.VARIABLE:
            record["tensor"] = key = base + VALUE_SUFFIX
            tensors[key] = np.asarray(obj._value)
        elif node_kind == graph_lib.STATEFUL:
            record["state"] = _ckpt_restore.encode_state(obj._checkpoint_state(),
                                                         base + STATE_SUFFIX, tensors)
        elif node_kind == graph_lib.OPAQUE:
            warnings.warn(f"Checkpoint: {type(obj).__name__} at '{path}' does not expose its "
                          f"state; its position is not saved", stacklevel=3)
        if graph.slots[i]:
            record["slots"] = graph.slots[i]
        nodes.append(record)
    return nodes, tensors


def _run_callbacks(options, path: str) -> None:
    for callback in (options.experimental_write_callbacks or ()) if options else ():
        try:
            takes_path = len(inspect.signature(callback).parameters) > 0
        except (TypeError, ValueError):
            takes_path = True
        callback(path) if takes_path else callback()


def _is_container(value) -> bool:
    return isinstance(value, (list, tuple, dict))


class Checkpoint:
    """Groups trackable objects (keyword arguments or attributes) to save and restore them.

    `save` numbers checkpoints with `save_counter` and records them in the folder's `checkpoint`
    file; `write` writes exactly `file_prefix`. `restore`/`read` return a status object."""

    def __init__(self, root=None, **kwargs) -> None:
        object.__setattr__(self, "_children", {})
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_save_counter", None)
        if root is not None and not graph_lib.is_trackable(root):
            raise ValueError(f"`Checkpoint` was expecting root to be a trackable object (an "
                             f"object derived from `Trackable`), got {root}.")
        for name, value in sorted(kwargs.items(), key=lambda item: item[0]):
            if not (graph_lib.is_trackable(value) or _is_container(value)):
                raise ValueError(
                    f"`Checkpoint` was expecting {name} to be a trackable object (an object "
                    f"derived from `Trackable`), got {value}. If you believe this object should "
                    f"be trackable (i.e. it is part of the TensorFlow Python API and manages "
                    f"state), please open an issue.")
            self._children[name] = value

    # --- attributes are dependencies ---------------------------------------------------------
    def __setattr__(self, name: str, value) -> None:
        if graph_lib.is_trackable(value) or (_is_container(value) and not name.startswith("_")):
            self.__dict__.pop(name, None)
            self._children[name] = value
            for restoration in list(_ckpt_restore.active()):  # a pending value for it?
                restoration.notify(self, value, None)
        else:
            self._children.pop(name, None)
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str):
        children = self.__dict__.get("_children", {})
        if name in children:
            return children[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        if name in self._children:
            del self._children[name]
        else:
            object.__delattr__(self, name)

    def _checkpoint_children(self) -> list:
        out = [] if self._root is None else graph_lib.children(self._root)
        return out + list(self._children.items())

    @property
    def save_counter(self) -> Variable:
        """Number of `save` calls (an int64 variable, saved and restored with the rest)."""
        if self._save_counter is None:
            counter = Variable(np.int64(0), trainable=False, name="save_counter")
            object.__setattr__(self, "_save_counter", counter)
            self._children["save_counter"] = counter
        return self._save_counter

    # --- writing -----------------------------------------------------------------------------
    def write(self, file_prefix, options=None) -> str:
        """Writes a checkpoint at exactly `file_prefix` (no counter, no `checkpoint` file)."""
        prefix = os.fspath(file_prefix)
        nodes, tensors = serialize(self)
        _ckpt_format.write(prefix, tensors, nodes)
        _run_callbacks(options, prefix)
        return prefix

    def save(self, file_prefix, options=None) -> str:
        """Writes ``<file_prefix>-<save_counter>`` and points the folder's `checkpoint` file at
        it (only after the checkpoint is complete)."""
        counter = self.save_counter
        counter.assign_add(1)
        path = self.write(f"{os.fspath(file_prefix)}-{int(counter.numpy())}", options)
        checkpoint_management.update_checkpoint_state_internal(
            os.path.dirname(path), path, [path], save_relative_paths=True)
        return path

    def sync(self) -> None:
        """Writes are synchronous: nothing to wait for."""

    # --- reading -----------------------------------------------------------------------------
    def read(self, save_path, options=None) -> CheckpointLoadStatus:
        """Restores from `save_path` (as `restore`)."""
        return self._restore_from(CheckpointReader(save_path), options)

    def restore(self, save_path, options=None):
        """Restores the objects' values from `save_path` now, and those of objects created
        later when they are created. `None` restores nothing."""
        if save_path is None:
            return InitializationOnlyStatus()
        try:
            reader = CheckpointReader(save_path)
        except errors.NotFoundError as e:
            raise errors.NotFoundError(
                None, None, f"Error when restoring from checkpoint or SavedModel at "
                f"{os.fspath(save_path)}: {e.message}\nPlease double-check that the path is "
                f"correct. You may be missing the checkpoint suffix (e.g. the '-1' in "
                f"'path/to/ckpt-1').") from None
        return self._restore_from(reader, options)

    def _restore_from(self, reader, options) -> CheckpointLoadStatus:
        self.save_counter  # noqa: B018 - created now so that it is restored too
        skip = bool(options is not None and options.experimental_skip_slot_variables)
        restoration = _ckpt_restore.Restoration(reader, skip_slots=skip)
        restoration.start(self)
        return CheckpointLoadStatus(restoration, self)

    def __repr__(self) -> str:
        return f"<Checkpoint dependencies={list(self._children)}>"


# --- the hook Keras calls when it creates a variable ---------------------------------------------
def _slot_from_caller(frame) -> tuple | None:
    """(reference variable, slot name) when `add_variable` was called by the optimizer's
    `add_variable_from_reference` (the slot belongs to that variable), else None."""
    caller = frame.f_back
    if caller is None or caller.f_code.co_name != "add_variable_from_reference":
        return None
    reference = caller.f_locals.get("reference_variable")
    full_name = str(caller.f_locals.get("name"))
    if reference is None:
        return None
    if hasattr(reference, "path"):
        prefix = reference.path.replace("/", "_")
    else:
        prefix = str(reference.name).replace("/", "_").replace(":", "_")
    slot_name = full_name[len(prefix) + 1:] if full_name.startswith(prefix + "_") else full_name
    return reference, slot_name


def on_variable_created(owner, variable):
    """Called by Keras' `Layer.add_weight` and `Optimizer.add_variable` with the new variable:
    records which variable an optimizer slot belongs to, and gives the variable its value from a
    pending restore. Returns `variable`."""
    slot = None
    if graph_lib.kind(owner) == graph_lib.OPTIMIZER:
        slot = _slot_from_caller(sys._getframe(1))
        if slot is not None:
            graph_lib.register_slot(variable, *slot)
    for restoration in list(_ckpt_restore.active()):
        restoration.notify(owner, variable, slot)
    return variable


# --- readers -------------------------------------------------------------------------------------
def checkpoint_prefix(ckpt_dir_or_file) -> str:
    """A checkpoint prefix from a prefix or a folder (its latest checkpoint)."""
    path = os.fsdecode(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = checkpoint_management.latest_checkpoint(path)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given "
                             f"directory {path}")
        return latest
    return path


def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A reader of the checkpoint (or of a folder's latest checkpoint)."""
    return CheckpointReader(checkpoint_prefix(ckpt_dir_or_file))


def list_variables(ckpt_dir_or_file) -> list:
    """[(key, shape)] of every tensor in the checkpoint, sorted by key."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(key, shapes[key]) for key in sorted(shapes)]


def load_variable(ckpt_dir_or_file, name: str):
    """The value saved under `name` (a NumPy array, or scalar for 0-d tensors)."""
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name.removesuffix(":0"))
