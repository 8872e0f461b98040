"""``tf.distribute.experimental``: communication options and the multi-worker strategy's
deprecated constructor (`communication=`, `cluster_resolver=`)."""
from __future__ import annotations

from fluxion.distribute import multi_worker
from fluxion.distribute.collective_ops import (
                                               CollectiveCommunication,
                                               CommunicationImplementation,
                                               CommunicationOptions,
)

MultiWorkerMirroredStrategy = multi_worker._CollectiveAllReduceStrategyExperimental

__all__ = ["CollectiveCommunication", "CommunicationImplementation", "CommunicationOptions",
           "MultiWorkerMirroredStrategy"]
