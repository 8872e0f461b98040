"""``tf.io``: TFRecord files, Example parsing, file reads/writes and image codecs.

`fluxion.io.tfrecord.iter_records(path, compression_type)` is the lazy, CRC-checked record
reader that ``tf.data.TFRecordDataset`` builds on.
"""
from __future__ import annotations

from fluxion.image.codecs import (
                                decode_bmp,
                                decode_gif,
                                decode_image,
                                decode_jpeg,
                                decode_png,
                                encode_jpeg,
                                encode_png,
                                is_jpeg,
                                read_file,
                                write_file,
)
from fluxion.image.jpeg_ops import decode_and_crop_jpeg, extract_jpeg_shape
from fluxion.io import gfile
from fluxion.io.decode_ops import (
                                   decode_base64,
                                   decode_csv,
                                   decode_raw,
                                   encode_base64,
                                   matching_files,
)
from fluxion.io.parsing import (
                                FixedLenFeature,
                                FixedLenSequenceFeature,
                                VarLenFeature,
                                parse_example,
                                parse_single_example,
)
from fluxion.io.ragged_feature import RaggedFeature
from fluxion.io.sparse_serialization import (decode_compressed, deserialize_many_sparse,
                                             serialize_many_sparse, serialize_sparse)
from fluxion.io.sequence_parsing import parse_sequence_example, parse_single_sequence_example
from fluxion.io.tensor_proto import parse_tensor, serialize_tensor
from fluxion.io.tfrecord import TFRecordOptions, TFRecordWriter, iter_records
