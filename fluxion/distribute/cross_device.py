"""Cross-device reductions (``tf.distribute.CrossDeviceOps`` and its kinds) and the option
objects of ``tf.distribute`` (InputOptions, InputReplicationMode, RunOptions).

All replicas of a MirroredStrategy live in this process and share host memory, so every kind
reduces the same way (a sum, or a mean, over the replicas' values on the host); the kinds are
kept so that TF code choosing one (`MirroredStrategy(cross_device_ops=...)`) runs unchanged.
"""
from __future__ import annotations

import enum

__all__ = ["CrossDeviceOps", "HierarchicalCopyAllReduce", "InputOptions",
           "InputReplicationMode", "NcclAllReduce", "ReductionToOneDevice", "RunOptions"]


class CrossDeviceOps:
    """Reduces and broadcasts values across the replicas' devices."""

    def reduce(self, reduce_op, per_replica_value, destinations, options=None):
        from fluxion.distribute import strategy as _s  # noqa: PLC0415
        from fluxion.distribute import values as dv  # noqa: PLC0415

        op = dv.as_reduce_op(reduce_op)
        parts = list(per_replica_value.values) if isinstance(
            per_replica_value, dv.DistributedValues) else [per_replica_value]
        parts = [_s._to_tensor(p) for p in parts]
        return _s._reduce_values(op, parts) if len(parts) > 1 else parts[0]

    def batch_reduce(self, reduce_op, value_destination_pairs, options=None) -> list:
        return [self.reduce(reduce_op, v, d, options) for v, d in value_destination_pairs]

    def broadcast(self, tensor, destinations):
        return tensor


class ReductionToOneDevice(CrossDeviceOps):
    def __init__(self, reduce_to_device=None, accumulation_fn=None) -> None:
        self.reduce_to_device = reduce_to_device
        self.accumulation_fn = accumulation_fn


class _AllReduce(CrossDeviceOps):
    def __init__(self, num_packs=1) -> None:
        if num_packs < 0:
            raise ValueError(f"NCCL all-reduce requires num_packs >= 0, but {num_packs} is "
                             f"specified.")
        self.num_packs = num_packs


class HierarchicalCopyAllReduce(_AllReduce):
    """Hierarchical copy all-reduce (a host sum here)."""


class NcclAllReduce(_AllReduce):
    """NCCL all-reduce (a host sum here: no GPUs)."""


class InputReplicationMode(enum.Enum):
    PER_WORKER = "PER_WORKER"
    PER_REPLICA = "PER_REPLICA"


class InputOptions:
    """Options of `experimental_distribute_dataset` / `distribute_datasets_from_function`."""

    def __init__(self, experimental_fetch_to_device=None,
                 experimental_replication_mode=InputReplicationMode.PER_WORKER,
                 experimental_place_dataset_on_device=False,
                 experimental_per_replica_buffer_size=1) -> None:
        if experimental_fetch_to_device is None:
            experimental_fetch_to_device = True
        self.experimental_fetch_to_device = experimental_fetch_to_device
        self.experimental_replication_mode = experimental_replication_mode
        self.experimental_place_dataset_on_device = experimental_place_dataset_on_device
        self.experimental_per_replica_buffer_size = experimental_per_replica_buffer_size


class RunOptions:
    """Options of `Strategy.run` (accepted; they concern TPUs)."""

    def __init__(self, experimental_enable_dynamic_batch_size=True,
                 experimental_bucketizing_dynamic_shape=False,
                 experimental_xla_options=None) -> None:
        self.experimental_enable_dynamic_batch_size = experimental_enable_dynamic_batch_size
        self.experimental_bucketizing_dynamic_shape = experimental_bucketizing_dynamic_shape
        self.experimental_xla_options = experimental_xla_options
