"""Distributed input: each global batch of a dataset split into per-replica batches."""
from __future__ import annotations

import math

from fluxion.core import nest
from fluxion.distribute.values import PerReplica


def split_batch(value, per_replica: int, count: int) -> list:
    """Replica i gets rows [i*k, (i+1)*k) with k = per_replica (TF's rebatch rule: replicas
    past the end of a short batch get empty batches)."""
    from fluxion.ops import array_ops  # noqa: PLC0415 - fluxion.ops imports much

    size = int(value.shape[0])
    parts = []
    for i in range(count):
        start, stop = min(i * per_replica, size), min((i + 1) * per_replica, size)
        parts.append(array_ops.slice(value, [start] + [0] * (value.shape.rank - 1),
                                     [stop - start] + [-1] * (value.shape.rank - 1)))
    return parts


def split_global_batch(element, count: int):
    """One global batch (a nest of tensors) as a nest of PerReplica values, by TF's rule: each
    replica in turn takes ceil(size / count) rows of THIS batch, the last ones fewer or none
    (a short last batch of 3 on 2 replicas gives 2 and 1). Leaves without a batch dimension
    (None, scalars) go to every replica unchanged."""
    flat = nest.flatten(element)
    per_replica = max(1, math.ceil(_batch_size([v for v in flat if v is not None]) / count))
    parts = [v if v is None or not v.shape.rank else
             PerReplica(split_batch(v, per_replica, count)) for v in flat]
    return nest.pack_sequence_as(element, parts)


def _batch_size(flat: list) -> int:
    for v in flat:
        if v.shape.rank:
            return int(v.shape[0])
    raise ValueError("experimental_distribute_dataset needs batched elements (tensors of rank "
                     ">= 1); got scalars. Batch the dataset with the global batch size first.")


class DistributedIterator:
    def __init__(self, iterator, count: int) -> None:
        self._iterator = iterator
        self._count = count

    def __iter__(self) -> DistributedIterator:
        return self

    def __next__(self):
        element = next(self._iterator)
        if self._count == 1:
            return element
        return split_global_batch(element, self._count)

    def get_next(self):
        return next(self)

    @property
    def element_spec(self):
        return self._iterator.element_spec if hasattr(self._iterator, "element_spec") else None


class DistributedDataset:
    """``strategy.experimental_distribute_dataset(ds)``: iterating gives per-replica batches
    (a nest of PerReplica values shaped like the dataset's elements)."""

    def __init__(self, dataset, count: int) -> None:
        self._dataset = dataset
        self._count = count

    def __iter__(self) -> DistributedIterator:
        return DistributedIterator(iter(self._dataset), self._count)

    @property
    def element_spec(self):
        return self._dataset.element_spec


class InputContext:
    """What `dataset_fn` learns about its input pipeline in
    `distribute_datasets_from_function`."""

    def __init__(self, num_input_pipelines: int = 1, input_pipeline_id: int = 0,
                 num_replicas_in_sync: int = 1) -> None:
        self.num_input_pipelines = num_input_pipelines
        self.input_pipeline_id = input_pipeline_id
        self.num_replicas_in_sync = num_replicas_in_sync

    def get_per_replica_batch_size(self, global_batch_size: int) -> int:
        if global_batch_size % self.num_replicas_in_sync:
            raise ValueError(f"The `global_batch_size` {global_batch_size} is not divisible by "
                             f"`num_replicas_in_sync` {self.num_replicas_in_sync}")
        return global_batch_size // self.num_replicas_in_sync


class DistributedDatasetsFromFunction:
    """One pipeline for this machine (`dataset_fn(InputContext)` gives per-replica batches);
    replica i takes the pipeline's batches i, i+n, i+2n..."""

    def __init__(self, dataset_fn, count: int) -> None:
        self._dataset = dataset_fn(InputContext(1, 0, count))
        self._count = count

    def __iter__(self):
        iterator = iter(self._dataset)
        while True:
            batches = []
            for _ in range(self._count):
                try:
                    batches.append(next(iterator))
                except StopIteration:
                    break
            if not batches:
                return
            if self._count == 1:
                yield batches[0]
                continue
            # replicas past the end get empty batches (TF)
            empty = nest.map_structure(lambda v: split_batch(v, 0, 1)[0], batches[0])
            batches += [empty] * (self._count - len(batches))
            flats = [nest.flatten(b) for b in batches]
            yield nest.pack_sequence_as(batches[0], [PerReplica(list(p)) for p in zip(*flats)])
