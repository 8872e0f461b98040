"""``tf.train``: the Example protos (checkpointing lives beside them in this package)."""
from __future__ import annotations

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
