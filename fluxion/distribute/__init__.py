"""``tf.distribute``: data-parallel training on one machine.

`MirroredStrategy` runs one replica per logical CPU device (split the CPU with
`tf.config.set_logical_device_configuration`); see `strategy.py` for how replicas run and
`values.py` for mirrored variables.
"""
from __future__ import annotations

from fluxion.distribute.input import InputContext
from fluxion.distribute.strategy import (
                                         MirroredStrategy,
                                         OneDeviceStrategy,
                                         ReplicaContext,
                                         Strategy,
                                         StrategyExtended,
                                         get_cross_replica_context,
                                         get_replica_context,
                                         get_strategy,
                                         has_strategy,
                                         in_cross_replica_context,
)
from fluxion.distribute.values import DistributedValues, PerReplica, ReduceOp

__all__ = ["DistributedValues", "InputContext", "MirroredStrategy", "OneDeviceStrategy",
           "PerReplica", "ReduceOp", "ReplicaContext", "Strategy", "StrategyExtended",
           "get_cross_replica_context", "get_replica_context", "get_strategy", "has_strategy",
           "in_cross_replica_context"]
