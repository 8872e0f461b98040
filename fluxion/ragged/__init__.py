"""``tf.ragged`` and ``tf.RaggedTensor`` / ``tf.RaggedTensorSpec``: tensors with rows of
varying length (see fluxion/ragged/ragged_tensor.py)."""
from __future__ import annotations

# operators, reduce and dataset_ops put methods and tf.data hooks on RaggedTensor(Spec)
from fluxion.ragged import dataset_ops, operators, reduce  # noqa: F401
from fluxion.ragged.ragged_ops import (
    boolean_mask,
    constant,
    map_flat_values,
    range,
    row_splits_to_segment_ids,
    segment_ids_to_row_splits,
    stack,
    stack_dynamic_partitions,
)
from fluxion.ragged.ragged_tensor import RaggedTensor
from fluxion.ragged.spec import RaggedTensorSpec
from fluxion.ragged import dispatch as _dispatch  # noqa: E402 - needs the classes above

_dispatch.install()  # tf.cast, tf.add, tf.concat... take RaggedTensors from now on

__all__ = ["RaggedTensor", "RaggedTensorSpec", "boolean_mask", "constant", "map_flat_values",
           "range", "row_splits_to_segment_ids", "segment_ids_to_row_splits", "stack",
           "stack_dynamic_partitions"]


def __getattr__(name: str):
    if name in ("cross", "cross_hashed"):  # feature crosses (fluxion/sparse_cross.py)
        from fluxion import sparse_cross  # noqa: PLC0415

        return getattr(sparse_cross, f"ragged_{name}")
    raise AttributeError(f"module 'fluxion.ragged' has no attribute {name!r}")
