"""``Dataset.group_by_window`` and ``Dataset.bucket_by_sequence_length``.

Elements are sorted into groups by an int64 key; a group that reaches its window size is handed
to `reduce_func(key, window_dataset)` and the elements of the dataset it returns are emitted.
When the input ends, the groups still holding elements are reduced in increasing key order (as
TF's kernel keeps its groups in an ordered map).
"""
from __future__ import annotations

import numpy as np

from fluxion.core import dtypes
from fluxion.data.dataset import Dataset
from fluxion.data.functions import DatasetFunction
from fluxion.data.sources import ListDataset
from fluxion.data.structure import UNKNOWN, DatasetSpec
from fluxion.data.transforms import first_elements
from fluxion.errors import InvalidArgumentError
from fluxion.graph.function import TensorSpec


def _scalar_int64_function(func, dataset: Dataset, what: str) -> DatasetFunction:
    fn = DatasetFunction(func, dataset.element_spec, what, first_elements(dataset))
    out = fn.output_structure
    if not isinstance(out, TensorSpec) or out.dtype != dtypes.int64 or \
            (out.shape.rank is not None and out.shape.rank != 0):
        raise ValueError(f"`{what}` must return a single tf.int64 scalar tensor. Got {out}")
    return fn


class GroupByWindowDataset(Dataset):
    def __init__(self, dataset: Dataset, key_func, reduce_func, window_size,
                 window_size_func) -> None:
        if (window_size is None) == (window_size_func is None):
            raise ValueError("Either the `window_size` argument or the `window_size_func` "
                             "argument must be specified.")
        self._key = _scalar_int64_function(key_func, dataset, "key_func")
        self._size_fn = None
        self._size = None
        if window_size is not None:
            self._size = int(np.asarray(getattr(window_size, "_value", window_size)))
            if self._size <= 0:
                raise InvalidArgumentError("Window size must be greater than zero, but got "
                                           f"{self._size}.")
        else:
            key_dataset = ListDataset(TensorSpec((), dtypes.int64), [])
            self._size_fn = _scalar_int64_function(window_size_func, key_dataset,
                                                   "window_size_func")
        in_structure = (TensorSpec((), dtypes.int64), DatasetSpec(dataset.element_spec))
        self._reduce = DatasetFunction(reduce_func, in_structure, "reduce_func", eager=True)
        out = self._reduce.output_structure
        if not isinstance(out, DatasetSpec):
            raise TypeError(f"`reduce_func` must return a `Dataset` object, got {out}")
        self._spec = dataset.element_spec
        self._input = dataset
        super().__init__(out.element_spec, UNKNOWN, (dataset,))

    def _window_size(self, key: np.ndarray) -> int:
        if self._size is not None:
            return self._size
        size = int(self._size_fn((np.asarray(key, np.int64),))[0])
        if size <= 0:
            raise InvalidArgumentError(f"Window size must be greater than zero, but got {size}.")
        return size

    def _reduced(self, key: int, elements: list):
        window = ListDataset(self._spec, list(elements))
        inner = self._reduce.call_nested((np.asarray(key, np.int64), window))
        yield from inner._elements()

    def _elements(self):
        groups: dict[int, list] = {}
        for element in self._input._elements():
            key = int(self._key(element)[0])
            group = groups.setdefault(key, [])
            group.append(element)
            if len(group) >= self._window_size(np.int64(key)):
                del groups[key]
                yield from self._reduced(key, group)
        for key in sorted(groups):
            yield from self._reduced(key, groups[key])


def bucket_by_sequence_length(dataset: Dataset, element_length_func, bucket_boundaries,
                              bucket_batch_sizes, padded_shapes=None, padding_values=None,
                              pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False) -> Dataset:
    """Batches elements of similar length together: bucket i holds lengths in
    [boundaries[i-1], boundaries[i]) and is batched by bucket_batch_sizes[i] (padded to the
    longest element, or to the bucket's boundary - 1 with pad_to_bucket_boundary)."""
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.ops import gather_ops, math_ops, reduce_ops  # noqa: PLC0415

    boundaries = [int(b) for b in bucket_boundaries]
    sizes = [int(b) for b in bucket_batch_sizes]
    if len(sizes) != len(boundaries) + 1:
        raise ValueError(f"len(bucket_batch_sizes) must equal len(bucket_boundaries) + 1 but "
                         f"len(bucket_batch_sizes)={len(sizes)} and "
                         f"len(bucket_boundaries)={len(boundaries)}")
    if sorted(boundaries) != boundaries:
        raise ValueError("bucket_boundaries must be sorted in increasing order")
    if pad_to_bucket_boundary and not boundaries:
        raise ValueError("pad_to_bucket_boundary requires bucket_boundaries")

    limits = convert_to_tensor(boundaries, dtypes.int64)

    def bucket_of(*args):
        length = math_ops.cast(element_length_func(*args), dtypes.int64)
        return reduce_ops.reduce_sum(math_ops.cast(math_ops.greater_equal(length, limits),
                                                   dtypes.int64))

    def batch_bucket(key, window):
        # (clamped: stand-in keys while the output structure is worked out may be anything)
        index = min(max(int(np.asarray(key._value)), 0), len(sizes) - 1)
        if no_padding:
            return window.batch(sizes[index], drop_remainder=drop_remainder)
        shapes = padded_shapes
        if pad_to_bucket_boundary:  # the last bucket has no boundary: its elements fail to pad
            bound = boundaries[min(index, len(boundaries) - 1)]
            shapes = _bucket_shapes(window.element_spec, bound - 1)
        return window.padded_batch(sizes[index], shapes, padding_values,
                                   drop_remainder=drop_remainder)

    def window_size(key):
        return math_ops.cast(gather_ops.gather(sizes, key), dtypes.int64)

    return GroupByWindowDataset(dataset, bucket_of, batch_bucket, None, window_size)


def _bucket_shapes(element_spec, length: int):
    """Padded shapes with every unknown dim set to `length`."""
    from fluxion.core import nest  # noqa: PLC0415

    return nest.map_structure(
        lambda s: [length if d is None else d for d in s.shape.as_list()], element_spec)
