"""Datasets inside graphs: `for x in dataset:` in a `fluxion.function` becomes a graph loop.

Two stateful ops carry it. `dataset_iterator` starts a fresh pass over a dataset each time the
graph runs (the dataset is held in a table the graph names by number), and
`dataset_iterator_next` returns `(has_value, *element)`: the AutoGraph loop runs while
`has_value`. Elements are read when the graph runs, not baked in when it is traced, so every
call sees the dataset's current contents (a reshuffle, a new file). These ops name Python
objects, so a graph holding them runs only in this process: SavedModel refuses it.
"""
from __future__ import annotations

import collections
import itertools
import threading

import numpy as np

from fluxion.core import dtypes, nest
from fluxion.core.op import Spec, defop

__all__: list = []

_DATASETS: dict[int, object] = {}  # number -> dataset, for the life of the process
_ITERATORS: collections.OrderedDict = collections.OrderedDict()  # live passes, newest last
_MAX_LIVE_ITERATORS = 256  # passes left unfinished (a break) are dropped past this many
_ids = itertools.count(1)
_lock = threading.Lock()


def register(dataset) -> int:
    """The number a graph uses for `dataset` (the same number for the same dataset)."""
    with _lock:
        for key, value in _DATASETS.items():
            if value is dataset:
                return key
        key = next(_ids)
        _DATASETS[key] = dataset
        return key


def element_specs(dataset) -> tuple:
    """The flat element signature as an attribute: ((dtype name, shape with None), ...)."""
    specs = []
    for spec in nest.flatten(dataset.element_spec):
        if not hasattr(spec, "shape") or not hasattr(spec, "dtype"):
            raise NotImplementedError(
                f"`for x in dataset` inside a tf.function supports datasets of tensors; this "
                f"dataset's elements hold {type(spec).__name__} (iterate it outside the "
                f"function, or map it to tensors first)")
        shape = spec.shape.as_list() if spec.shape.rank is not None else None
        if shape is None:
            raise NotImplementedError("`for x in dataset` inside a tf.function needs elements "
                                      "of known rank")
        specs.append((spec.dtype.name, tuple(shape)))
    return tuple(specs)


def _iterator_kernel(xp, dataset):
    flat_passes = _DATASETS[dataset]._elements()
    with _lock:
        key = next(_ids)
        _ITERATORS[key] = flat_passes
        while len(_ITERATORS) > _MAX_LIVE_ITERATORS:
            _ITERATORS.popitem(last=False)
    return np.int64(key)


def _next_kernel(xp, handle, specs, n_out):
    key = int(handle)
    iterator = _ITERATORS.get(key)
    flat = None
    if iterator is not None:
        try:
            flat = next(iterator)
        except StopIteration:
            _ITERATORS.pop(key, None)
    if flat is None:  # the pass is over: zeros stand in for the element (never used)
        return (np.False_,) + tuple(
            np.zeros([0 if d is None else d for d in shape], dtypes.as_dtype(dt)._np)
            for dt, shape in specs)
    return (np.True_,) + tuple(np.asarray(a, dtypes.as_dtype(dt)._np)
                               for a, (dt, _) in zip(flat, specs))


dataset_iterator = defop(
    "dataset_iterator", _iterator_kernel, stateful=True, tf_name="AnonymousIteratorV3",
    infer=lambda dataset: Spec((), dtypes.int64),
    doc="Starts a pass over the dataset registered under `dataset`; returns its handle.")
dataset_iterator_next = defop(
    "dataset_iterator_next", _next_kernel, stateful=True, num_outputs="n_out",
    tf_name="IteratorGetNextAsOptional",
    infer=lambda handle, specs, n_out: (Spec((), dtypes.bool),) + tuple(
        Spec(tuple(shape), dtypes.as_dtype(dt)) for dt, shape in specs),
    doc="(has_value, *element) of the pass `handle`; zeros once the pass is over.")


def first_and_next(dataset):
    """The ops for one traced loop: a fresh pass's handle and a function giving the next
    `(has_value, element)`."""
    specs = element_specs(dataset)
    handle = dataset_iterator(dataset=register(dataset))
    structure = dataset.element_spec

    def get_next():
        out = dataset_iterator_next(handle, specs=specs, n_out=len(specs) + 1)
        return out[0], nest.pack_sequence_as(structure, list(out[1:]))
    return get_next, specs
