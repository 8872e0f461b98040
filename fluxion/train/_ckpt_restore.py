"""Restoring: matching a saved object graph to live objects, now and as objects appear later.

A restore walks the saved graph from the root breadth first, pairing each saved child with the
live child of the same name. Saved values whose live object does not exist yet stay pending:
their nearest live owner is remembered, and when a Keras layer or optimizer creates a variable
(`notify`, called from `add_weight` and `add_variable`), the owner is searched again, so the new
variable takes its saved value at creation. Optimizer slots are matched through the variable
they belong to (saved as [variable node, slot name, slot node]), not through their position.
"""
from __future__ import annotations

import base64
import weakref
from collections import deque

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor
from fluxion.train import _ckpt_graph as graph_lib

_ACTIVE: list = []  # restorations still waiting for objects to be created, oldest first


def active() -> list:
    """The restorations that may still match new objects (the others are dropped)."""
    if _ACTIVE:
        _ACTIVE[:] = [r for r in _ACTIVE if r.waiting]
    return _ACTIVE


# --- iterator states -----------------------------------------------------------------------------
def encode_state(value, prefix: str, tensors: dict):
    """A JSON-able form of an iterator state; arrays go to `tensors` (the data file)."""
    if isinstance(value, (np.ndarray, np.generic, Tensor)):
        key = f"{prefix}/{len([k for k in tensors if k.startswith(prefix + '/')])}"
        tensors[key] = np.asarray(value._value if isinstance(value, Tensor) else value)
        return {"__tensor__": key}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    if isinstance(value, tuple):
        return {"__tuple__": [encode_state(v, prefix, tensors) for v in value]}
    if isinstance(value, list):
        return [encode_state(v, prefix, tensors) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError(f"checkpoint: an iterator state dict must have string keys, got "
                            f"{list(value)}")
        return {"__dict__": {k: encode_state(v, prefix, tensors) for k, v in value.items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"checkpoint: cannot save an iterator state value of type "
                    f"{type(value).__name__} (use arrays, numbers, strings, bytes, lists, "
                    f"tuples and dicts)")


def decode_state(value, reader):
    if isinstance(value, list):
        return [decode_state(v, reader) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tensor__" in value:
        return reader.read_array(value["__tensor__"])
    if "__bytes__" in value:
        return base64.b64decode(value["__bytes__"])
    if "__tuple__" in value:
        return tuple(decode_state(v, reader) for v in value["__tuple__"])
    return {k: decode_state(v, reader) for k, v in value["__dict__"].items()}


# --- assigning a saved value ---------------------------------------------------------------------
def assign_restored(variable, array: np.ndarray, key: str) -> None:
    """Sets `variable` to a saved value (its stored array is replaced, as at creation, so this
    also works while a graph is being traced)."""
    saved = dtypes.from_numpy(array.dtype)
    if saved != variable.dtype:
        raise errors.InvalidArgumentError(
            None, None, f"tensor_name = {key}; expected dtype {variable.dtype.name} does not "
            f"equal original dtype {saved.name}")
    if variable._shape.is_fully_defined() and array.shape != variable._value.shape:
        raise ValueError(f"Received incompatible tensor with shape {array.shape} when "
                         f"attempting to restore variable with shape "
                         f"{tuple(variable._value.shape)} and name {variable.name}.")
    variable._value = array


def _weak(obj, on_death=None):
    """A weak reference, or a strong one for objects that cannot have weak references."""
    try:
        return weakref.ref(obj, on_death)
    except TypeError:
        return lambda: obj


class Restoration:
    """One `restore`/`read` of one checkpoint into one root object. Live objects are held
    weakly: a pending restoration never keeps a model alive."""

    def __init__(self, reader, skip_slots: bool = False) -> None:
        self.reader = reader
        self.records = records = reader.nodes
        self.matched: dict[int, object] = {}  # saved node -> weak reference to the live object
        self.bound: dict[int, int] = {}  # id(live object) -> saved node
        self.open: dict[int, tuple] = {}  # id(owner) -> (weak owner, node): children missing
        self.pending = {i for i, r in enumerate(records) if "tensor" in r or "state" in r}
        self.slot_maps = {i: {(ref, name): slot for ref, name, slot in r["slots"]}
                          for i, r in enumerate(records) if r.get("slots")}
        self.skip_slots = skip_slots
        self._count_unmatched()

    def _count_unmatched(self) -> None:
        """`remaining[i]`: saved objects not matched yet in the subtree of node i (a subtree
        with none left is not searched again); `_above[i]`: the nodes whose count i is in."""
        parents: dict[int, list] = {}
        for i, record in enumerate(self.records):
            for _, child in record["children"]:
                parents.setdefault(child, []).append(i)
            for _, _, slot in record.get("slots", ()):
                parents.setdefault(slot, []).append(i)
        self.remaining = [0] * len(self.records)
        self._above: dict[int, list] = {}
        for i, record in enumerate(self.records):
            if record.get("kind") == graph_lib.CONTAINER:
                continue
            seen, stack = {i}, [i]
            while stack:
                for parent in parents.get(stack.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            self._above[i] = list(seen)
            for j in seen:
                self.remaining[j] += 1

    def start(self, root) -> None:
        self._run([(0, root, (_weak(root), 0))])
        if self.pending:
            _ACTIVE.append(self)

    @property
    def waiting(self) -> bool:
        """Values are pending and some live owner could still create their objects."""
        return bool(self.pending) and any(ref() is not None for ref, _ in self.open.values())

    # --- matching ------------------------------------------------------------------------------
    def _run(self, starts: list, associate: bool = True) -> None:
        queue, deferred, visited, optimizers = deque(starts), [], set(), []
        while queue or deferred:
            if not queue:
                queue.extend(deferred)
                deferred = []
            node, obj, anchor = queue.popleft()
            if node in visited or not self._bind(node, obj):
                continue
            visited.add(node)
            if self.remaining[node] == 0:
                continue
            if node in self.slot_maps:
                optimizers.append((node, obj))
            if self.records[node]["children"]:
                self._match_children(node, obj, anchor, queue, deferred)
        if associate and not self.skip_slots:
            for node, optimizer in optimizers:
                for reference, name, slot in graph_lib.optimizer_slots(optimizer):
                    self._associate(node, slot, reference, name)

    def _match_children(self, node, obj, anchor, queue, deferred) -> None:
        record = self.records[node]
        obj_kind = graph_lib.kind(obj)
        live = dict(graph_lib.children(obj, obj_kind))
        if obj_kind != graph_lib.CONTAINER:
            anchor = (_weak(obj), node)
        weak = record.get("kind") == graph_lib.OPTIMIZER
        missing = False
        for name, child_node in record["children"]:
            child = live.get(name)
            if child is None or graph_lib.kind(child) is None:
                missing = True
                continue
            item = (child_node, child, anchor)
            (deferred if weak and name in graph_lib.WEAK_EDGES else queue).append(item)
        if missing:
            self.open[id(anchor[0]())] = anchor

    def _bind(self, node: int, obj) -> bool:
        record = self.records[node]
        if record.get("kind") == graph_lib.CONTAINER:
            return graph_lib.kind(obj) == graph_lib.CONTAINER  # temporaries: never recorded
        previous = self.matched.get(node)
        if previous is not None:
            return previous() is obj
        if id(obj) in self.bound:
            return False
        obj_kind = graph_lib.kind(obj)
        if ("tensor" in record) != (obj_kind == graph_lib.VARIABLE) or obj_kind is None:
            return False
        if "state" in record:
            restore = getattr(obj, "_restore_checkpoint_state", None)
            if restore is None:
                return False
            restore(decode_state(record["state"], self.reader))
        if "tensor" in record:
            key = record["tensor"]
            assign_restored(obj, self.reader.read_array(key), key)
        key = id(obj)
        self.matched[node] = _weak(obj, lambda _, key=key: self.bound.pop(key, None))
        self.bound[key] = node
        self.pending.discard(node)
        for j in self._above[node]:
            self.remaining[j] -= 1
        return True

    def _associate(self, optimizer_node: int, slot, reference, name: str) -> None:
        if id(slot) in self.bound:
            return
        ref_node = self.bound.get(id(reference))
        slot_node = self.slot_maps[optimizer_node].get((ref_node, name))
        if slot_node is not None:
            self._bind(slot_node, slot)

    # --- objects created after the restore -----------------------------------------------------
    def notify(self, owner, variable, slot_info) -> None:
        """`owner` (a layer or optimizer) just created `variable`, a slot when `slot_info` is
        (variable it belongs to, slot name): match what is new under it."""
        node = self.bound.get(id(owner))
        if slot_info is not None and node in self.slot_maps:
            if id(slot_info[0]) not in self.bound:  # may come through `_trainable_variables`
                self._rescan([(_weak(owner), node)], associate=False)
            if not self.skip_slots:
                self._associate(node, variable, slot_info[0], slot_info[1])
        elif node is not None:
            self._rescan([(_weak(owner), node)])
        else:  # a new sublayer: look again under every owner that missed something
            self._rescan(list(self.open.values()))

    def _rescan(self, anchors: list, associate: bool = True) -> None:
        starts = []
        for ref, node in anchors:
            owner = ref()
            if owner is not None:
                self.open.pop(id(owner), None)
                starts.append((node, owner, (ref, node)))
        # owners that died can create nothing more
        self.open = {k: v for k, v in self.open.items() if v[0]() is not None}
        self._run(starts, associate)

    # --- for the status object -----------------------------------------------------------------
    def unresolved(self) -> list:
        return [self.records[i] for i in sorted(self.pending)]

    def unmatched_live(self, root) -> list:
        """Live objects holding values (variables, iterators) that nothing was restored to."""
        live = graph_lib.Graph(root)
        return [obj for obj, k in zip(live.nodes, live.kinds)
                if k in (graph_lib.VARIABLE, graph_lib.STATEFUL) and id(obj) not in self.bound]


def _describe(objects: list) -> str:
    shown = objects[:10]
    return (f"Found {len(objects)} Python objects that were not bound to checkpointed values, "
            f"likely due to changes in the Python program. Showing {len(shown)} of "
            f"{len(objects)} unmatched objects: {shown}")


class CheckpointLoadStatus:
    """What `Checkpoint.restore`/`read` return: checks of how well the checkpoint matched."""

    def __init__(self, restoration: Restoration, root) -> None:
        self._restoration = restoration
        self._root = root

    def _unmatched_live(self) -> list:
        return self._restoration.unmatched_live(self._root)

    def assert_consumed(self):
        """Every saved value has been restored and every live object matched."""
        for record in self._restoration.unresolved():
            where = "(root)." + record["path"].replace("/", ".")
            raise AssertionError(f"Unresolved object in checkpoint {where}: checkpoint key "
                                 f"{record.get('tensor', '(iterator state)')}")
        return self.assert_existing_objects_matched()

    def assert_existing_objects_matched(self):
        """Every object that exists now has a saved value (saved values may be left over)."""
        unmatched = self._unmatched_live()
        if unmatched:
            raise AssertionError(_describe(unmatched))
        return self

    def assert_nontrivial_match(self):
        """Something besides the root matched."""
        if len(self._restoration.matched) <= 1:
            unmatched = self._unmatched_live()
            if unmatched:
                raise AssertionError(
                    "Nothing except the root object matched a checkpointed value. Typically "
                    "this means that the checkpoint does not match the Python program. The "
                    f"following objects have no matching checkpointed value: {unmatched}")
            raise AssertionError("Nothing to load. No dependencies have been added to the "
                                 "root object yet.")
        return self

    def expect_partial(self):
        """Silences warnings about unused saved values (Fluxion prints none)."""
        return self

    def run_restore_ops(self, session=None) -> None:
        """Values are restored eagerly: nothing to run."""

    def initialize_or_restore(self, session=None) -> None:
        """Values are restored eagerly: nothing to run."""


class InitializationOnlyStatus:
    """What `restore(None)` returns: nothing is restored; assertions fail."""

    _MESSAGE = "No checkpoint specified (save_path=None); nothing is being restored."

    def assert_consumed(self):
        raise AssertionError(self._MESSAGE)

    assert_existing_objects_matched = assert_nontrivial_match = assert_consumed

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None) -> None:
        """Nothing to restore."""

    def initialize_or_restore(self, session=None) -> None:
        """Nothing to restore (variables are initialised at creation)."""
