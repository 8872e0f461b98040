"""RaggedTensors in tf.data pipelines: slicing, batching and ``Dataset.ragged_batch``.

Inside a pipeline an element is a flat tuple of NumPy arrays (see fluxion/data/structure.py);
a ragged component travels whole, as an eager RaggedTensor, and its spec is a
RaggedTensorSpec. As in TF, a ragged_rank-1 RaggedTensor sliced by `from_tensor_slices` gives
dense rows of varying length whose spec is a ragged_rank-0 RaggedTensorSpec (they are arrays
here), and `batch` of such components, or `ragged_batch` of dense components with unknown dims,
builds RaggedTensors. Functions over ragged components (`map`) run eagerly on each element.
"""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion.data import structure
from fluxion.data.dataset import Dataset
from fluxion.graph.function import TensorSpec
from fluxion.ragged.getitem import gather_rows
from fluxion.ragged.ragged_ops import stack
from fluxion.ragged.ragged_tensor import RaggedTensor
from fluxion.ragged.spec import RaggedTensorSpec


def is_ragged_spec(spec) -> bool:
    return isinstance(spec, RaggedTensorSpec)


class RaggedRows:
    """The rows of an eager RaggedTensor as `from_tensor_slices` reads them: ``rows[i, ...]``
    is one row (an array, or a RaggedTensor when nested); ``rows[a:b]`` a RaggedTensor."""

    def __init__(self, rt: RaggedTensor) -> None:
        self._rt = rt
        splits = np.asarray(rt.row_splits.numpy())
        self._splits = splits
        self._values = None if isinstance(rt.values, RaggedTensor) else \
            np.asarray(rt.values.numpy())
        self.shape = (len(splits) - 1,)
        self.ndim = rt.shape.rank

    def spec(self) -> RaggedTensorSpec:
        return RaggedTensorSpec.from_value(self._rt)

    def __getitem__(self, key):
        if isinstance(key, tuple):
            key = key[0]
        if isinstance(key, slice):
            return self._rt[key]
        if isinstance(key, np.ndarray):  # `repeat` then `batch` across an epoch's end
            return gather_rows(self._rt, tf.constant(key))
        if self._values is not None:
            return self._values[self._splits[key]:self._splits[key + 1]]
        return self._rt[int(key)]


def unbatched(spec: RaggedTensorSpec) -> RaggedTensorSpec:
    """The spec of one row (ragged_rank one less; 0 means dense rows of varying length)."""
    dims = spec.shape.as_list() if spec.shape.rank is not None else None
    return RaggedTensorSpec(None if dims is None else dims[1:], spec.dtype,
                            spec.ragged_rank - 1, spec.row_splits_dtype)


def batched(spec: RaggedTensorSpec, size) -> RaggedTensorSpec:
    dims = spec.shape.as_list() if spec.shape.rank is not None else None
    return RaggedTensorSpec(None if dims is None else [size] + dims, spec.dtype,
                            spec.ragged_rank + 1, spec.row_splits_dtype)


def stack_rows(rows: list, spec, row_splits_dtype=tf.int64) -> RaggedTensor:
    """A batch of one ragged component: arrays (dense rows) or RaggedTensors."""
    if isinstance(rows[0], RaggedTensor):
        return stack(rows, axis=0)
    dtype = row_splits_dtype if not is_ragged_spec(spec) else spec.row_splits_dtype
    inner = 0 if not is_ragged_spec(spec) else spec.ragged_rank
    if inner > 0:  # dense rows to ragged first (ragged_batch of [None, None] components)
        return stack([RaggedTensor.from_tensor(r, ragged_rank=inner,
                                               row_splits_dtype=dtype) for r in rows], axis=0)
    lengths = [len(r) for r in rows]
    splits = np.zeros(len(rows) + 1, dtype.as_numpy_dtype)
    np.cumsum(lengths, out=splits[1:])
    values = np.concatenate(rows) if rows else np.zeros((0,))
    return RaggedTensor.from_row_splits(tf.constant(values), tf.constant(splits),
                                        validate=False)


def batch_columns(elements: list, ragged: list) -> tuple:
    """One batch: component c stacked densely, or as a RaggedTensor where ragged[c] is a spec
    (or a row-splits dtype, for dense components ragged_batch makes ragged)."""
    out = []
    for c, column in enumerate(zip(*elements)):
        how = ragged[c]
        if how is None:
            out.append(np.stack(column))
        elif getattr(how, "_sparse", False):  # SparseTensorSpec (fluxion/data/sparse_components)
            out.append(how._stack(list(column)))
        elif isinstance(how, RaggedTensorSpec):
            out.append(stack_rows(list(column), how))
        else:
            out.append(stack_rows(list(column), None, how))
    return tuple(out)


def _ragged_batch_plan(spec, size, row_splits_dtype):
    """(batched spec, how to stack) of one component for ragged_batch."""
    if is_ragged_spec(spec):
        return batched(spec, size), spec
    dims = spec.shape.as_list() if spec.shape.rank is not None else None
    if dims is not None and None not in dims:
        return structure.batched_spec(spec, size), None
    if dims is None:
        raise ValueError("ragged_batch requires components of known rank")
    last_unknown = max(i for i, d in enumerate(dims) if d is None)
    shape = [size] + [None if i <= last_unknown else d for i, d in enumerate(dims)]
    if last_unknown == 0:
        return RaggedTensorSpec(shape, spec.dtype, 1, row_splits_dtype), row_splits_dtype
    element = RaggedTensorSpec(dims, spec.dtype, last_unknown, row_splits_dtype)
    return RaggedTensorSpec(shape, spec.dtype, last_unknown + 1, row_splits_dtype), element


class RaggedBatchDataset(Dataset):
    """``Dataset.ragged_batch``: like `batch`, with components of varying shape (or ragged)
    batched into RaggedTensors."""

    _tf_name = "_RaggedBatchDataset"

    def __init__(self, dataset: Dataset, batch_size, drop_remainder=False,
                 row_splits_dtype=tf.int64) -> None:
        from fluxion.data.batching import _batch_size, _batched_cardinality  # noqa: PLC0415

        self._size = _batch_size(batch_size)
        self._drop = structure.as_bool_arg(drop_remainder)
        dim = self._size if self._drop else None
        splits_dtype = tf.as_dtype(row_splits_dtype)
        plans = [_ragged_batch_plan(s, dim, splits_dtype)
                 for s in structure.flatten(dataset.element_spec)]
        self._how = [how for _, how in plans]
        spec = structure.pack(dataset.element_spec, [s for s, _ in plans])
        self._input = dataset
        super().__init__(spec, _batched_cardinality(dataset._card, self._size, self._drop),
                         (dataset,))

    def _elements(self):
        source, size, drop = self._input._elements(), self._size, self._drop
        while True:
            elements = list(itertools.islice(source, size))
            if not elements or (drop and len(elements) < size):
                return
            yield batch_columns(elements, self._how)


def ragged_batch(dataset: Dataset, batch_size, drop_remainder=False,
                 row_splits_dtype=None, name=None) -> Dataset:
    row_splits_dtype = tf.int64 if row_splits_dtype is None else row_splits_dtype
    return RaggedBatchDataset(dataset, batch_size, drop_remainder, row_splits_dtype)


def convert_value(spec: RaggedTensorSpec, value) -> RaggedTensor:
    """A generator's yielded value as a RaggedTensor of `spec` (InvalidArgumentError, as
    TF's from_generator, when it does not match)."""
    from fluxion.errors import InvalidArgumentError  # noqa: PLC0415

    try:
        if not isinstance(value, RaggedTensor):
            value = tf.ragged.constant(value, dtype=spec.dtype, ragged_rank=spec.ragged_rank,
                                       row_splits_dtype=spec.row_splits_dtype)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"TypeError: `generator` yielded an element that could not "
                                   f"be converted to the expected type: {e}") from None
    if not spec.is_compatible_with(value):
        raise InvalidArgumentError(f"TypeError: `generator` yielded an element of type "
                                   f"{RaggedTensorSpec.from_value(value)} where an element of "
                                   f"type {spec} was expected.")
    return value


def _install() -> None:
    """The hooks fluxion.data looks for on ragged values and specs."""
    RaggedTensor._dataset_spec = lambda self: RaggedTensorSpec.from_value(self)
    RaggedTensor._dataset_rows = lambda self: RaggedRows(self)
    RaggedTensorSpec._unbatch = unbatched
    RaggedTensorSpec._batch = batched
    RaggedTensorSpec._convert_value = convert_value
    RaggedTensorSpec._example_value = lambda self, unknown_dim, varied: (
        self._example(unknown_dim, varied) if self.ragged_rank else
        structure.example_array(TensorSpec(self.shape, self.dtype), unknown_dim, varied))


_install()
