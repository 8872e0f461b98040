"""Batching transformations: batch, padded_batch, unbatch, rebatch and window."""
from __future__ import annotations

import itertools

import numpy as np

from fluxion.core.shape import TensorShape
from fluxion.core.tensor import to_array
from fluxion.data import structure
from fluxion.data.dataset import Dataset
from fluxion.data.sources import ListDataset, _flatten_up_to
from fluxion.data.structure import (
    UNKNOWN,
    DatasetSpec,
    as_bool_arg,
    flatten,
    int64_arg,
    pack,
)
from fluxion.errors import DataLossError, InvalidArgumentError
from fluxion.graph.function import TensorSpec


def _batch_size(batch_size) -> int:
    size = int64_arg(batch_size, "batch_size")
    if size <= 0:
        raise InvalidArgumentError("Batch size must be greater than zero.")
    return size


def _tensor_specs(dataset: Dataset, what: str) -> list:
    specs = flatten(dataset.element_spec)
    for spec in specs:
        if not isinstance(spec, TensorSpec) and not hasattr(spec, "_batch"):
            raise TypeError(f"`{what}` is not supported for dataset-valued elements")
    return specs


def _batched_cardinality(n: int, size: int, drop_remainder: bool) -> int:
    if n < 0:
        return n
    return n // size if drop_remainder else -(-n // size)


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _stack(arrays) -> np.ndarray:
    first = arrays[0]
    if first.dtype == object:  # np.array would nest 0-d object arrays
        return np.stack(arrays)
    return np.array(arrays, dtype=first.dtype)  # one copy, faster than np.stack


def stack(elements: list) -> tuple:
    """One batch from a list of flat elements: each component stacked on a new first axis."""
    try:
        if len(elements[0]) == 1:
            return (_stack([e[0] for e in elements]),)
        return tuple([_stack(column) for column in zip(*elements)])
    except ValueError:
        for c in range(len(elements[0])):
            first = elements[0][c].shape
            for i, e in enumerate(elements):
                if e[c].shape != first:
                    raise InvalidArgumentError(
                        f"Cannot batch tensors with different shapes in component {c}. First "
                        f"element had shape {_shape_text(first)} and element {i} had shape "
                        f"{_shape_text(e[c].shape)}.") from None
        raise


class BatchDataset(Dataset):
    """``Dataset.batch``: consecutive elements stacked; the batch dim is None in the spec unless
    `drop_remainder`. Right after `from_tensor_slices` or `range`, batches are slices."""

    def __init__(self, dataset: Dataset, batch_size, drop_remainder) -> None:
        self._size = _batch_size(batch_size)
        self._drop = as_bool_arg(drop_remainder)
        # RaggedTensorSpec components batch into RaggedTensors
        self._ragged = [s if hasattr(s, "_batch") else None
                        for s in _tensor_specs(dataset, "batch")]
        dim = self._size if self._drop else None
        spec = structure.map_specs(lambda s: structure.batched_spec(s, dim),
                                   dataset.element_spec)
        self._input = dataset
        super().__init__(spec, _batched_cardinality(dataset._card, self._size, self._drop),
                         (dataset,))

    def _elements(self):
        batches = getattr(self._input, "_batches", None)
        if batches is not None:
            return batches(self._size, self._drop)
        return self._stacked()

    def _stacked(self):
        source, size, drop = self._input._elements(), self._size, self._drop
        while True:
            elements = list(itertools.islice(source, size))
            if not elements or (drop and len(elements) < size):
                return
            if any(self._ragged):
                from fluxion.ragged.dataset_ops import batch_columns  # noqa: PLC0415

                yield batch_columns(elements, self._ragged)
            else:
                yield stack(elements)


class PaddedBatchDataset(Dataset):
    """``Dataset.padded_batch``: components padded to `padded_shapes` (None dims: the longest
    in the batch) with `padding_values` (0, b"" or False by default)."""

    def __init__(self, dataset: Dataset, batch_size, padded_shapes, padding_values,
                 drop_remainder) -> None:
        self._size = _batch_size(batch_size)
        self._drop = as_bool_arg(drop_remainder)
        specs = _tensor_specs(dataset, "padded_batch")
        for s in specs:
            if not isinstance(s, TensorSpec):
                raise TypeError(f"`padded_batch` is only supported for datasets that produce "
                                f"tensor elements but type spec of elements in the input "
                                f"dataset is not a subclass of TensorSpec: `{s}`.")
        self._shapes = self._padded_shapes(dataset.element_spec, specs, padded_shapes)
        self._values = self._padding_values(dataset.element_spec, specs, padding_values)
        dim = self._size if self._drop else None
        spec = pack(dataset.element_spec, [
            TensorSpec(TensorShape([dim]).concatenate(shape), s.dtype)
            for shape, s in zip(self._shapes, specs)])
        self._input = dataset
        super().__init__(spec, _batched_cardinality(dataset._card, self._size, self._drop),
                         (dataset,))

    @staticmethod
    def _padded_shapes(element_spec, specs, padded_shapes) -> list:
        if padded_shapes is None:
            for i, s in enumerate(specs):
                if s.shape.rank is None:
                    raise ValueError(f"You must provide `padded_shapes` argument because "
                                     f"component {i} has unknown rank.")
            return [s.shape for s in specs]
        shapes = []
        leaves = _flatten_up_to(element_spec, padded_shapes) if isinstance(
            element_spec, (tuple, dict)) else [padded_shapes]
        for value, s in zip(leaves, specs):
            shape = _as_shape(value)
            if not _padded_shape_fits(shape, s.shape):
                raise ValueError(f"The padded shape {shape} is not compatible with the shape "
                                 f"{s.shape} of the corresponding input component.")
            shapes.append(shape)
        return shapes

    @staticmethod
    def _padding_values(element_spec, specs, padding_values) -> list:
        if padding_values is None:
            return [structure.default_padding(s.dtype) for s in specs]
        if isinstance(element_spec, (tuple, dict)) and isinstance(padding_values, (tuple, dict)):
            leaves = _flatten_up_to(element_spec, padding_values)
        else:
            leaves = [padding_values] * len(specs)
        values = []
        for value, s in zip(leaves, specs):
            arr = to_array(value)
            if arr.ndim != 0:
                raise ValueError(f"Invalid `padding_values`. `padding_values` values should be "
                                 f"scalars, but got {TensorShape(arr.shape)}.")
            got = structure.spec_of(arr).dtype
            if got is not s.dtype:
                raise TypeError(f"Invalid `padding_values`. `padding_values` values type "
                                f"<dtype: '{got.name}'> does not match type <dtype: "
                                f"'{s.dtype.name}'> of the corresponding input component.")
            values.append(arr)
        return values

    def _elements(self):
        source, size, drop = self._input._elements(), self._size, self._drop
        while True:
            elements = list(itertools.islice(source, size))
            if not elements or (drop and len(elements) < size):
                return
            yield tuple([_pad_component([e[c] for e in elements], shape, value)
                         for c, (shape, value) in enumerate(zip(self._shapes, self._values))])


def _as_shape(value) -> TensorShape:
    """A padded shape given as a TensorShape, a list (None or -1: the longest) or a tensor."""
    if isinstance(value, TensorShape) or value is None:
        return TensorShape(value)
    dims = np.asarray(getattr(value, "_value", value), dtype=object).reshape(-1)
    return TensorShape([None if d is None or int(d) == -1 else int(d) for d in dims])


def _padded_shape_fits(padded: TensorShape, shape: TensorShape) -> bool:
    if padded.rank is None or shape.rank is None:
        return True
    if padded.rank != shape.rank:
        return False
    return all(p is None or d is None or p >= d for p, d in zip(padded, shape))


def _pad_component(arrays: list, padded: TensorShape, value) -> np.ndarray:
    rank = arrays[0].ndim
    for a in arrays:
        if a.ndim != rank or (padded.rank is not None and a.ndim != padded.rank):
            raise InvalidArgumentError(f"All elements in a batch must have the same rank as "
                                       f"the padded shape: got {a.shape}, padded {padded}")
    dims = padded.dims if padded.rank is not None else [None] * rank
    target = tuple(max(a.shape[k] for a in arrays) if d is None else d
                   for k, d in enumerate(dims))
    if all(a.shape == target for a in arrays):
        return np.stack(arrays)
    out = np.full((len(arrays),) + target, value, dtype=arrays[0].dtype)
    for i, a in enumerate(arrays):
        if any(n > t for n, t in zip(a.shape, target)):
            raise DataLossError("Attempted to pad to a smaller size than the input element.")
        out[(i,) + tuple(slice(0, n) for n in a.shape)] = a
    return out


def _unbatch_specs(dataset: Dataset, what: str) -> list:
    specs = _tensor_specs(dataset, what)
    leading = set()
    for s in specs:
        if s.shape.rank == 0:
            raise ValueError("Cannot unbatch an input with scalar components.")
        if s.shape.rank is not None and s.shape[0] is not None:
            leading.add(s.shape[0])
    if len(leading) > 1:
        a, b = sorted(leading)[:2]
        raise ValueError(f"`unbatch()` is only supported for datasets of elements whose "
                         f"components have a matching leading dimension. Encountered both "
                         f"{a} and {b}.")
    return specs


def unbatched_rows(source):
    """The rows of every element of `source` (flat tuples), one flat tuple per row."""
    for element in source:
        n = element[0].shape[0]
        if len(element) == 1:
            for row in structure.rows(element[0]):
                yield (row,)
            continue
        for c in element[1:]:
            if c.shape[0] != n:
                raise InvalidArgumentError(f"Input element components have different leading "
                                           f"dimensions: {n} and {c.shape[0]}")
        yield from zip(*[structure.rows(c) for c in element])


class UnbatchDataset(Dataset):
    def __init__(self, dataset: Dataset) -> None:
        _unbatch_specs(dataset, "unbatch")
        spec = structure.map_specs(structure.unbatched_spec, dataset.element_spec)
        self._input = dataset
        super().__init__(spec, UNKNOWN, (dataset,))

    def _elements(self):
        return unbatched_rows(self._input._elements())


class RebatchDataset(Dataset):
    """``Dataset.rebatch``: the rows regrouped into batches of `batch_size` (a list cycles)."""

    def __init__(self, dataset: Dataset, batch_size, drop_remainder) -> None:
        _unbatch_specs(dataset, "rebatch")
        if isinstance(batch_size, (list, tuple, np.ndarray)) or getattr(
                getattr(batch_size, "_value", None), "ndim", 0) == 1:
            sizes = [int(s) for s in np.asarray(getattr(batch_size, "_value", batch_size))]
        else:
            sizes = [int64_arg(batch_size, "batch_size")]
        if not sizes or min(sizes) <= 0:
            raise InvalidArgumentError("Batch size must be greater than zero.")
        self._sizes = sizes
        self._drop = as_bool_arg(drop_remainder)
        dim = sizes[0] if self._drop and len(set(sizes)) == 1 else None
        spec = structure.map_specs(lambda s: TensorSpec(TensorShape([dim]).concatenate(
            s.shape[1:]), s.dtype), dataset.element_spec)
        self._input = dataset
        super().__init__(spec, UNKNOWN, (dataset,))

    def _elements(self):
        rows = unbatched_rows(self._input._elements())
        for size in itertools.cycle(self._sizes):
            elements = list(itertools.islice(rows, size))
            if not elements or (self._drop and len(elements) < size):
                return
            yield stack(elements)


class WindowDataset(Dataset):
    """``Dataset.window``: elements are nests of datasets, each holding one component of
    `size` input elements taken every `stride`, windows starting every `shift` elements."""

    def __init__(self, dataset: Dataset, size, shift, stride, drop_remainder) -> None:
        self._size = int64_arg(size, "size")
        self._shift = self._size if shift is None else int64_arg(shift, "shift")
        self._stride = int64_arg(stride, "stride")
        for value, what in ((self._size, "size"), (self._shift, "shift"),
                            (self._stride, "stride")):
            if value <= 0:
                raise InvalidArgumentError(f"Window {what} must be greater than zero.")
        self._drop = as_bool_arg(drop_remainder)
        self._specs = flatten(dataset.element_spec)
        spec = structure.map_specs(DatasetSpec, dataset.element_spec)
        self._input = dataset
        super().__init__(spec, self._cardinality(dataset._card), (dataset,))

    def _cardinality(self, n: int) -> int:
        if n < 0:
            return n
        if not self._drop:
            return -(-n // self._shift)
        span = (self._size - 1) * self._stride + 1
        return 0 if n < span else (n - span) // self._shift + 1

    def _elements(self):
        size, shift, stride, drop = self._size, self._shift, self._stride, self._drop
        span = (size - 1) * stride + 1
        source = self._input._elements()
        buffer: list = []
        read, start, exhausted = 0, 0, False
        while True:
            if start >= read:
                buffer.clear()
                for _ in range(start - read):
                    if next(source, None) is None:
                        return
                    read += 1
            else:
                del buffer[:start - (read - len(buffer))]
            while not exhausted and read < start + span:
                element = next(source, None)
                if element is None:
                    exhausted = True
                    break
                buffer.append(element)
                read += 1
            window = buffer[::stride][:size]
            if not window or (drop and len(window) < size):
                return
            yield tuple(ListDataset(s, [(e[c],) for e in window])
                        for c, s in enumerate(self._specs))
            start += shift
