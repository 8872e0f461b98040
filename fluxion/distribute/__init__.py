"""``tf.distribute``: data-parallel training on one machine, and over several.

`MirroredStrategy` runs one replica per logical CPU device (split the CPU with
`tf.config.set_logical_device_configuration`); see `strategy.py` for how replicas run and
`values.py` for mirrored variables. `MultiWorkerMirroredStrategy` trains on the processes of an
MPI job (`multi_worker.py`; mpi4py is imported only when it is created under a launcher).
"""
from __future__ import annotations

from fluxion.distribute import cluster_resolver, experimental
from fluxion.distribute.cross_device import (CrossDeviceOps, HierarchicalCopyAllReduce,
                                             InputOptions, InputReplicationMode, NcclAllReduce,
                                             ReductionToOneDevice, RunOptions)
from fluxion.distribute.input import InputContext
from fluxion.distribute.multi_worker import MultiWorkerMirroredStrategy
from fluxion.distribute.strategy import (
                                         MirroredStrategy,
                                         OneDeviceStrategy,
                                         ReplicaContext,
                                         Strategy,
                                         StrategyExtended,
                                         experimental_set_strategy,
                                         get_cross_replica_context,
                                         get_replica_context,
                                         get_strategy,
                                         has_strategy,
                                         in_cross_replica_context,
)
from fluxion.distribute.values import DistributedValues, PerReplica, ReduceOp

__all__ = ["CrossDeviceOps", "HierarchicalCopyAllReduce", "InputOptions",
           "InputReplicationMode", "NcclAllReduce", "ReductionToOneDevice", "RunOptions",
           "experimental_set_strategy",
           "DistributedValues", "InputContext", "MirroredStrategy",
           "MultiWorkerMirroredStrategy", "OneDeviceStrategy",
           "PerReplica", "ReduceOp", "ReplicaContext", "Strategy", "StrategyExtended",
           "get_cross_replica_context", "get_replica_context", "get_strategy", "has_strategy",
           "in_cross_replica_context"]
