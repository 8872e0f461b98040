"""``tf.RaggedTensorSpec``: the type of a RaggedTensor (shape, dtype, ragged_rank, splits dtype).

`_component_specs()` gives the TensorSpecs of its components in the order of
``RaggedTensor._to_components()`` (flat_values, then the row_splits from the outermost), which
`tf.function` input signatures use; `_example()` builds a RaggedTensor to trace with.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.core.shape import TensorShape
from fluxion.ragged.ragged_tensor import RaggedTensor


class RaggedTensorSpec:
    """``tf.RaggedTensorSpec(shape=None, dtype=tf.float32, ragged_rank=None,
    row_splits_dtype=tf.int64, flat_values_spec=None)``."""

    def __init__(self, shape=None, dtype=tf.float32, ragged_rank=None,
                 row_splits_dtype=tf.int64, flat_values_spec=None) -> None:
        self._shape = TensorShape(shape)
        self._dtype = tf.as_dtype(dtype if flat_values_spec is None else flat_values_spec.dtype)
        self._row_splits_dtype = tf.as_dtype(row_splits_dtype)
        rank = self._shape.rank
        if ragged_rank is None:
            if rank is None:
                raise ValueError("Must specify ragged_rank or a shape with a known rank.")
            ragged_rank = rank - 1
        if not isinstance(ragged_rank, int):
            raise TypeError(f"ragged_rank must be an int, got {ragged_rank!r}")
        if rank is not None and not 0 <= ragged_rank < max(rank, 1):
            raise ValueError(f"ragged_rank must be non-negative and less than rank, got "
                             f"ragged_rank={ragged_rank}, rank={rank}")
        self._ragged_rank = ragged_rank

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    ragged_rank = property(lambda self: self._ragged_rank)
    row_splits_dtype = property(lambda self: self._row_splits_dtype)

    @property
    def value_type(self):
        return RaggedTensor if self._ragged_rank > 0 else tf.Tensor

    @property
    def flat_values_spec(self):
        return None

    @classmethod
    def from_value(cls, value) -> RaggedTensorSpec:
        return cls(value.shape, value.dtype, value.ragged_rank, value.row_splits_dtype)

    def _component_specs(self) -> list:
        from fluxion.graph.function import TensorSpec  # noqa: PLC0415

        dims = self._shape.as_list() if self._shape.rank is not None else None
        inner = dims[self._ragged_rank + 1:] if dims is not None else None
        flat = TensorSpec(None if inner is None else [None] + inner, self._dtype)
        if self._ragged_rank == 0:
            return [TensorSpec(self._shape, self._dtype)]
        nrows = dims[0] if dims is not None else None
        outer = TensorSpec([None if nrows is None else nrows + 1], self._row_splits_dtype)
        rest = [TensorSpec([None], self._row_splits_dtype)
                for _ in range(self._ragged_rank - 1)]
        return [flat, outer, *rest]

    def _example(self, unknown_dim: int = 1, varied: bool = False) -> RaggedTensor:
        """A value of this spec to trace with: `unknown_dim` rows (when unknown) of
        `unknown_dim` items in every ragged dimension; ones, or 2, 3, 4... when `varied`."""
        dims = self._shape.as_list() if self._shape.rank is not None else \
            [None] * (self._ragged_rank + 1)
        nrows = unknown_dim if dims[0] is None else dims[0]
        inner = [unknown_dim if d is None else d for d in dims[self._ragged_rank + 1:]]
        count, splits = nrows, []
        for _ in range(self._ragged_rank):
            splits.append(tf.range(count + 1, dtype=self._row_splits_dtype) * unknown_dim)
            count *= unknown_dim
        n = count * int(np.prod(inner))
        numbers = np.arange(n) % 7 + 2 if varied else np.ones(n, np.int64)
        if self._dtype == tf.string:
            flat = np.array([str(v).encode() for v in numbers], dtype=object)
        else:
            flat = numbers.astype(self._dtype.as_numpy_dtype)
        flat = tf.constant(flat.reshape([count] + inner))
        return RaggedTensor.from_nested_row_splits(flat, splits, validate=False)

    def is_compatible_with(self, other) -> bool:
        if isinstance(other, RaggedTensor):
            other = RaggedTensorSpec.from_value(other)
        return (isinstance(other, RaggedTensorSpec) and self._dtype == other._dtype
                and self._ragged_rank == other._ragged_rank
                and self._row_splits_dtype == other._row_splits_dtype
                and self._shape.is_compatible_with(other._shape))

    def most_specific_compatible_type(self, other) -> RaggedTensorSpec:
        """The spec of values of either spec: dims that differ unknown."""
        if not (isinstance(other, RaggedTensorSpec) and self._dtype == other._dtype
                and self._ragged_rank == other._ragged_rank
                and self._row_splits_dtype == other._row_splits_dtype
                and self._shape.rank == other._shape.rank):
            raise ValueError(f"No TypeSpec is compatible with both {self} and {other}")
        shape = self._shape.most_specific_compatible_shape(other._shape)
        return RaggedTensorSpec(shape, self._dtype, self._ragged_rank, self._row_splits_dtype)

    def _key(self) -> tuple:
        dims = self._shape.as_list() if self._shape.rank is not None else None
        return dims, self._dtype, self._ragged_rank, self._row_splits_dtype

    def __eq__(self, other) -> bool:
        return isinstance(other, RaggedTensorSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self._shape.rank, self._dtype.name, self._ragged_rank))

    def __repr__(self) -> str:
        return (f"RaggedTensorSpec({self._shape!r}, {self._dtype!r}, {self._ragged_rank}, "
                f"{self._row_splits_dtype!r})")
