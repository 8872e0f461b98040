"""The object graph a checkpoint saves: which objects are trackable and what their named
children are.

Trackable objects: Variables; objects with a ``_checkpoint_children()`` method (Checkpoint, or
any user class); ``tf.Module``s (their attributes); Keras layers and models (their weights by
name, their sublayers and other trackable attributes; a Sequential or functional model's layers
as ``layers``); Keras optimizers (``_iterations``, ``_learning_rate``, the variables they were
built with, their other variables, and slot variables keyed to the variable they belong to);
Keras metrics (their attributes); objects with ``_checkpoint_state()`` (data iterators); and
lists, tuples and dicts holding any of these.

Keras classes are looked up in ``sys.modules`` so that checkpointing never imports Keras.
"""
from __future__ import annotations

import sys
import weakref
from collections import deque

import numpy as np

from fluxion.core.module import Module
from fluxion.core.variable import VARIABLE_TYPES, Variable

# kinds of nodes
VARIABLE, CONTAINER, OPTIMIZER, STATEFUL, OBJECT, OPAQUE = "variable", "container", \
    "optimizer", "stateful", "object", "opaque"

# bookkeeping attributes of Keras layers/models that hold no state of their own (or hold it
# twice: the model's layer lists are saved once, as `layers`)
_LAYER_SKIP = frozenset({
    "_own_variables", "_inbound_nodes", "_outbound_nodes", "_call_losses", "_graph",
    "_seq_layers", "_functional_layers", "_input_layer", "_initial_weights", "_loss_tracker",
    "_compile_metrics", "_compile_loss", "_functions", "_call_signature"})
_OPTIMIZER_OWN = frozenset({"_iterations", "_learning_rate", "_variables",
                            "_trainable_variables", "_trainable_variables_indices"})
WEAK_EDGES = frozenset({"_trainable_variables"})  # optimizer edges matched after all others


def _keras_class(module: str, name: str):
    mod = sys.modules.get(module)
    return getattr(mod, name, None) if mod is not None else None


def _layer_class():
    return _keras_class("fluxion.keras.layers.layer", "Layer")


def _optimizer_class():
    return _keras_class("fluxion.keras.optimizers.base", "Optimizer")


def _metric_class():
    return _keras_class("fluxion.keras.metrics.base", "Metric")


def _is_instance(obj, cls) -> bool:
    return cls is not None and isinstance(obj, cls)


def kind(obj) -> str | None:
    """The node kind of `obj`, or None when a checkpoint does not track it."""
    if type(obj) in VARIABLE_TYPES or isinstance(obj, Variable):
        return VARIABLE
    if isinstance(obj, (list, tuple, dict)):
        values = obj.values() if isinstance(obj, dict) else obj
        return CONTAINER if any(kind(v) is not None for v in values) else None
    if isinstance(obj, (str, bytes, int, float, np.ndarray)) or obj is None:
        return None
    if _is_instance(obj, _optimizer_class()):
        return OPTIMIZER
    if hasattr(type(obj), "_checkpoint_children") or isinstance(obj, Module) or \
            _is_instance(obj, _layer_class()) or _is_instance(obj, _metric_class()):
        return OBJECT
    if callable(getattr(obj, "_checkpoint_state", None)):
        return STATEFUL
    if type(obj).__module__.startswith("fluxion.data") and hasattr(obj, "__next__"):
        return OPAQUE  # a data iterator that cannot save its position (yet): kept, no state
    return None


def is_trackable(obj) -> bool:
    return kind(obj) is not None


# --- slot variables ------------------------------------------------------------------------------
# id(slot) -> (weakref to the slot, weakref to the variable it belongs to, slot name); filled
# when an optimizer creates a slot (`register_slot`), read when saving and restoring
_SLOTS: dict[int, tuple] = {}


def register_slot(slot, reference, slot_name: str) -> None:
    key = id(slot)

    def forget(_ref, key=key):
        _SLOTS.pop(key, None)
    _SLOTS[key] = (weakref.ref(slot, forget), weakref.ref(reference), slot_name)


def slot_of(variable) -> tuple | None:
    """(the variable `variable` is a slot for, slot name), or None."""
    entry = _SLOTS.get(id(variable))
    if entry is None or entry[0]() is not variable:
        return None
    reference = entry[1]()
    return None if reference is None else (reference, entry[2])


def optimizer_slots(optimizer) -> list:
    """[(variable, slot name, slot variable)] for the variables the optimizer was built with."""
    built_with = {id(v) for v in getattr(optimizer, "_trainable_variables", ())}
    out = []
    for variable in optimizer.__dict__.get("_variables", ()):
        info = slot_of(variable)
        if info is not None and id(info[0]) in built_with:
            out.append((info[0], info[1], variable))
    return out


# --- children ------------------------------------------------------------------------------------
def _unique(name: str, taken: set) -> str:
    base, i = name, 0
    while name in taken:
        i += 1
        name = f"{base}_{i}"
    taken.add(name)
    return name


def _attribute_children(obj, skip=frozenset(), exclude_ids=frozenset(), taken=None) -> list:
    taken = set() if taken is None else taken
    out = []
    for key, value in vars(obj).items():
        if key in skip or id(value) in exclude_ids or kind(value) is None:
            continue
        out.append((_unique(key, taken), value))
    return out


def _layer_children(layer) -> list:
    """Own weights by their name (known when `add_weight` creates them, so a weight created
    after a restore finds its value), then the model's layers, then trackable attributes."""
    taken: set = set()
    out = []
    own = layer.__dict__.get("_own_variables", ())
    for variable in own:
        out.append((_unique(str(getattr(variable, "_short_name", None) or variable.name),
                            taken), variable))
    state = vars(layer)
    if "_seq_layers" in state or "_functional_layers" in state:
        out.append((_unique("layers", taken), list(layer.layers)))
    skip = _LAYER_SKIP | frozenset(getattr(layer, "_TF_MODULE_IGNORED_PROPERTIES", ()))
    out += _attribute_children(layer, skip, frozenset(id(v) for v in own), taken)
    return out


def _optimizer_children(optimizer) -> list:
    state = optimizer.__dict__
    out = [("_iterations", state["_iterations"])]
    if isinstance(state.get("_learning_rate"), Variable):
        out.append(("_learning_rate", state["_learning_rate"]))
    slots = {id(s) for _, _, s in optimizer_slots(optimizer)}
    others = {str(i): v for i, v in enumerate(state.get("_variables", ())) if id(v) not in slots}
    out.append(("_variables", others))
    built_with = state.get("_trainable_variables")
    if built_with:
        out.append(("_trainable_variables", list(built_with)))
    # wrapped optimizers and other trackable attributes that are not variable lists
    for key, value in state.items():
        if key in _OPTIMIZER_OWN or key.startswith("_model_variables") or \
                isinstance(value, (Variable, list, tuple, dict)):
            continue
        if kind(value) is not None:
            out.append((key, value))
    return out


def _container_children(obj) -> list:
    items = obj.items() if isinstance(obj, dict) else enumerate(obj)
    return [(str(k), v) for k, v in items if kind(v) is not None]


def children(obj, node_kind: str | None = None) -> list:
    """The named children of a trackable object, in a stable order."""
    node_kind = node_kind or kind(obj)
    if node_kind == CONTAINER:
        return _container_children(obj)
    if node_kind == OPTIMIZER:
        return _optimizer_children(obj)
    if node_kind != OBJECT:
        return []
    own = getattr(type(obj), "_checkpoint_children", None)
    if own is not None:
        found = obj._checkpoint_children()
        return list(found.items()) if isinstance(found, dict) else list(found)
    if _is_instance(obj, _layer_class()):
        return _layer_children(obj)
    skip = frozenset(getattr(obj, "_TF_MODULE_IGNORED_PROPERTIES", ())) | {"_scope"}
    return _attribute_children(obj, skip)


# --- the graph -----------------------------------------------------------------------------------
def escape(name: str) -> str:
    """A child name as a key component ('/' and '.' escaped the way TF escapes them)."""
    return name.replace(".", "..").replace("/", "./")


class Graph:
    """The objects reachable from `root`, breadth first (a shared object is reached once, by its
    shortest path, which names it). `nodes[i]` is the i-th object, `kinds[i]` its kind,
    `paths[i]` its escaped path, `edges[i]` its [name, node] children and `slots[i]` (for
    optimizers) its [variable node, slot name, slot node] triples."""

    def __init__(self, root) -> None:
        self.nodes, self.kinds, self.paths, self.edges, self.slots = [], [], [], [], []
        self._index: dict[int, int] = {}
        self._add(root, OBJECT if kind(root) is None else kind(root), "")
        queue, deferred, optimizers = deque([0]), [], []
        while queue or deferred:
            if not queue:  # an optimizer's variables are named by their owners' paths first
                self._visit(*deferred.pop(0), queue)
                continue
            i = queue.popleft()
            if self.kinds[i] == OPTIMIZER:
                optimizers.append(i)
            for name, child in children(self.nodes[i], self.kinds[i]):
                if self.kinds[i] == OPTIMIZER and name in WEAK_EDGES:
                    deferred.append((i, name, child))
                else:
                    self._visit(i, name, child, queue)
        for i in optimizers:  # slots last: they are named after their variable's path
            self._add_slots(i)

    def _visit(self, i: int, name: str, child, queue) -> None:
        j = self._index.get(id(child))
        if j is None:
            child_kind = kind(child)
            if child_kind is None:
                return
            path = escape(name) if i == 0 else f"{self.paths[i]}/{escape(name)}"
            j = self._add(child, child_kind, path)
            queue.append(j)
        self.edges[i].append([name, j])

    def _add(self, obj, node_kind: str, path: str) -> int:
        j = len(self.nodes)
        if node_kind != CONTAINER:  # containers may be temporary lists: never looked up
            self._index[id(obj)] = j
        self.nodes.append(obj)
        self.kinds.append(node_kind)
        self.paths.append(path)
        self.edges.append([])
        self.slots.append([])
        return j

    def _add_slots(self, i: int) -> None:
        for reference, slot_name, slot in optimizer_slots(self.nodes[i]):
            ref = self._index.get(id(reference))
            if ref is None:
                continue
            j = self._index.get(id(slot))
            if j is None:
                j = self._add(slot, VARIABLE, f"{self.paths[ref]}/.OPTIMIZER_SLOT/"
                              f"{self.paths[i]}/{escape(slot_name)}")
            self.slots[i].append([ref, slot_name, j])

