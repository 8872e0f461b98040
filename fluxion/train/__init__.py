"""``tf.train``: the Example protos and checkpointing (`Checkpoint`, `CheckpointManager`, the
checkpoint readers)."""
from __future__ import annotations

from fluxion.train import checkpoint
from fluxion.train.checkpoint import (
                                      Checkpoint,
                                      CheckpointOptions,
                                      list_variables,
                                      load_checkpoint,
                                      load_variable,
)
from fluxion.train.checkpoint_management import (
                                                 CheckpointManager,
                                                 checkpoints_iterator,
                                                 get_checkpoint_state,
                                                 latest_checkpoint,
)
from fluxion.train.cluster_spec import ClusterSpec
from fluxion.train.coordinator import Coordinator
from fluxion.train.moving_averages import ExponentialMovingAverage
from fluxion.train.example import (
                                   BytesList,
                                   Example,
                                   Feature,
                                   FeatureList,
                                   FeatureLists,
                                   Features,
                                   FloatList,
                                   Int64List,
                                   SequenceExample,
)
