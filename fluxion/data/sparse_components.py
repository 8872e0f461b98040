"""SparseTensors in tf.data pipelines: slicing, batching, unbatching, generators and
``Dataset.sparse_batch``.

As RaggedTensors do (fluxion/ragged/dataset_ops.py), a sparse component travels whole through a
pipeline, as an eager SparseTensor, and its spec is a SparseTensorSpec. Batching stacks the
components' entries under a new leading index, the dense shape being the largest of each dim in
the batch, as TF's batch does; functions over sparse components (`map`, `filter`) run eagerly on
each element. The hooks below are what fluxion.data looks for on values and specs.
"""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.data import structure
from fluxion.data.dataset import Dataset
from fluxion.errors import InvalidArgumentError
from fluxion.sparse import SparseTensor, SparseTensorSpec


def _parts(st: SparseTensor):
    return (np.asarray(st.indices._value, np.int64), np.asarray(st.values._value),
            np.asarray(st.dense_shape._value, np.int64))


def _make(indices, values, dense_shape) -> SparseTensor:
    return SparseTensor(np.asarray(indices, np.int64).reshape(-1, len(dense_shape)), values,
                        np.asarray(dense_shape, np.int64))


class SparseRows:
    """The rows of an eager SparseTensor along its first axis: ``rows[i]`` is one row (a
    SparseTensor of rank one less), ``rows[a:b]`` and ``rows[array]`` SparseTensors."""

    def __init__(self, st: SparseTensor) -> None:
        indices, values, shape = _parts(st)
        if len(shape) == 0:
            raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        order = np.argsort(indices[:, 0], kind="stable")
        self._indices, self._values, self._dense = indices[order], values[order], shape
        self._starts = np.searchsorted(self._indices[:, 0], np.arange(shape[0] + 1))
        self.shape = (int(shape[0]),)
        self.ndim = len(shape)

    def _row(self, i: int):
        lo, hi = self._starts[i], self._starts[i + 1]
        return self._indices[lo:hi, 1:], self._values[lo:hi]

    def __getitem__(self, key):
        if isinstance(key, tuple):
            key = key[0]
        if isinstance(key, slice):
            key = np.arange(*key.indices(self.shape[0]))
        if isinstance(key, np.ndarray):  # several rows (a batch cut from the slices)
            return stack([self[int(i)] for i in key], self._dense[1:])
        indices, values = self._row(int(key))
        return _make(indices, values, self._dense[1:])


def stack(rows: list, min_shape=None) -> SparseTensor:
    """One batch of sparse components: entries under a new leading index; each dim of the
    dense shape the largest in the batch."""
    parts = [_parts(r) for r in rows]
    ranks = {len(p[2]) for p in parts}
    if len(ranks) != 1:
        raise InvalidArgumentError(f"Cannot batch SparseTensors of different ranks: "
                                   f"{sorted(ranks)}")
    rank = ranks.pop()
    dense = np.max([p[2] for p in parts], axis=0) if parts else np.zeros(rank, np.int64)
    if min_shape is not None and len(parts) == 0:
        dense = np.asarray(min_shape, np.int64)
    indices = [np.concatenate([np.full((len(p[0]), 1), b, np.int64), p[0]], axis=1)
               for b, p in enumerate(parts)]
    values = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
    shape = np.concatenate([[len(parts)], dense]).astype(np.int64)
    return _make(np.concatenate(indices) if indices else np.zeros((0, rank + 1)), values, shape)


def _dims(spec: SparseTensorSpec):
    return spec.shape.as_list() if spec.shape.rank is not None else None


def batched(spec: SparseTensorSpec, size) -> SparseTensorSpec:
    dims = _dims(spec)
    return SparseTensorSpec(None if dims is None else [size] + dims, spec.dtype)


def unbatched(spec: SparseTensorSpec) -> SparseTensorSpec:
    dims = _dims(spec)
    return SparseTensorSpec(None if dims is None else dims[1:], spec.dtype)


def example_value(spec: SparseTensorSpec, unknown_dim: int, varied: bool) -> SparseTensor:
    """A stand-in for tracing: one entry at the origin (none when a dim is 0)."""
    dims = [unknown_dim if d is None else d for d in (_dims(spec) or [unknown_dim])]
    n = 1 if all(d > 0 for d in dims) else 0
    value = structure.example_array(structure.TensorSpec([n], spec.dtype), 1, varied)
    return _make(np.zeros((n, len(dims))), value, dims)


def convert_value(spec: SparseTensorSpec, value) -> SparseTensor:
    """A generator's yielded value as a SparseTensor of `spec` (InvalidArgumentError, as
    TF's from_generator, when it does not match)."""
    if not isinstance(value, SparseTensor):
        try:
            value = SparseTensor.from_value(value)
        except (AttributeError, TypeError, ValueError):
            raise InvalidArgumentError(
                f"TypeError: `generator` yielded an element of type {type(value).__name__} "
                f"where an element of type {spec} was expected.") from None
    if not spec.is_compatible_with(value):
        raise InvalidArgumentError(f"TypeError: `generator` yielded an element of type "
                                   f"{SparseTensorSpec.from_value(value)} where an element of "
                                   f"type {spec} was expected.")
    return value


def most_specific_compatible_type(spec: SparseTensorSpec, other) -> SparseTensorSpec:
    return SparseTensorSpec(spec.shape.most_specific_compatible_shape(other.shape), spec.dtype)


def to_numpy(st: SparseTensor) -> np.ndarray:
    """What `as_numpy_iterator` gives for a sparse component: its dense value, as TF's."""
    indices, values, shape = _parts(st)
    dense = np.zeros(tuple(shape), values.dtype if values.dtype != object else object)
    if values.dtype == object:
        dense[...] = b""
    dense[tuple(indices.T)] = values
    return dense


class DenseToSparseBatchDataset(Dataset):
    """``Dataset.sparse_batch(batch_size, row_shape)``: dense elements of varying shape batched
    into one SparseTensor of dense shape [batch, *row_shape] holding every entry."""

    def __init__(self, dataset: Dataset, batch_size, row_shape) -> None:
        from fluxion.data.batching import _batch_size, _batched_cardinality  # noqa: PLC0415

        spec = dataset.element_spec
        if not isinstance(spec, structure.TensorSpec):
            raise TypeError(f"`sparse_batch` needs a dataset of single tensors, got elements "
                            f"of type {spec}")
        self._size = _batch_size(batch_size)
        row_shape = getattr(row_shape, "_value", row_shape)
        self._row_shape = [-1 if d is None else int(d)
                           for d in (row_shape.as_list() if hasattr(row_shape, "as_list")
                                     else np.asarray(row_shape).reshape(-1).tolist())]
        if spec.shape.rank is not None and spec.shape.rank != len(self._row_shape):
            raise InvalidArgumentError(
                f"sparse_batch: input element has rank {spec.shape.rank} but row_shape "
                f"{self._row_shape} has rank {len(self._row_shape)}")
        dims = [None] + [None if d < 0 else d for d in self._row_shape]
        self._input = dataset
        super().__init__(SparseTensorSpec(dims, spec.dtype),
                         _batched_cardinality(dataset._card, self._size, False), (dataset,))

    def _elements(self):
        source = self._input._elements()
        while True:
            elements = [e[0] for e in itertools.islice(source, self._size)]
            if not elements:
                return
            limit = np.array(self._row_shape)
            for e in elements:
                if e.ndim != len(limit) or np.any((limit >= 0) & (np.array(e.shape) > limit)):
                    raise InvalidArgumentError(
                        f"sparse_batch: an input element has shape {list(e.shape)}, which "
                        f"does not fit in row_shape {self._row_shape}")
            rows = []
            for e in elements:
                idx = np.argwhere(np.ones(e.shape, bool))
                rows.append(_make(idx, e.reshape(-1), e.shape))
            batch = stack(rows)
            shape = np.asarray(batch.dense_shape._value).copy()
            known = limit >= 0
            shape[1:][known] = limit[known]
            yield (_make(np.asarray(batch.indices._value), np.asarray(batch.values._value),
                         shape),)


def _install() -> None:
    SparseTensor._dataset_spec = lambda self: SparseTensorSpec.from_value(self)
    SparseTensor._dataset_rows = lambda self: SparseRows(self)
    SparseTensor._dataset_numpy = to_numpy
    SparseTensorSpec._sparse = True
    SparseTensorSpec._batch = batched
    SparseTensorSpec._unbatch = unbatched
    SparseTensorSpec._stack = staticmethod(stack)
    SparseTensorSpec._example_value = example_value
    SparseTensorSpec._convert_value = convert_value
    SparseTensorSpec.most_specific_compatible_type = most_specific_compatible_type


_install()
