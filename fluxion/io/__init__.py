"""``tf.io``: TFRecord files and Example parsing.

`fluxion.io.tfrecord.iter_records(path, compression_type)` is the lazy, CRC-checked record
reader that ``tf.data.TFRecordDataset`` builds on.
"""
from __future__ import annotations

from fluxion.io.parsing import (
                                FixedLenFeature,
                                FixedLenSequenceFeature,
                                VarLenFeature,
                                parse_example,
                                parse_single_example,
)
from fluxion.io.tensor_proto import parse_tensor, serialize_tensor
from fluxion.io.tfrecord import TFRecordOptions, TFRecordWriter, iter_records
