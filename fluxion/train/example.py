"""``tf.train.Example`` and its parts (tensorflow/core/example/{example,feature}.proto).

Plain Python classes with protobuf's Python API (constructor keywords, `SerializeToString`,
`FromString`/`ParseFromString`, `CopyFrom`, `HasField`, `WhichOneof`, `==`, text format via
`str`), built on the small runtime in `fluxion.io._proto`; no protobuf package is needed.
Map fields serialize in the order TensorFlow uses for ``SerializeToString(deterministic=True)``:
TF's default order is a per-process random hash order, so that is its only reproducible byte
form (and any order parses to the same message).
"""
from __future__ import annotations

from fluxion.io._proto import BYTES, FLOAT, INT64, Field, Message
from fluxion.io._wire import DecodeError

__all__ = ["BytesList", "DecodeError", "Example", "Feature", "FeatureList", "FeatureLists",
           "Features", "FloatList", "Int64List", "SequenceExample"]


class BytesList(Message):
    """``tf.train.BytesList``: ``repeated bytes value = 1``."""

    FIELDS = (Field("value", 1, "scalar", BYTES),)
    __slots__ = ()


class FloatList(Message):
    """``tf.train.FloatList``: ``repeated float value = 1 [packed = true]`` (float32 values)."""

    FIELDS = (Field("value", 1, "scalar", FLOAT),)
    __slots__ = ()


class Int64List(Message):
    """``tf.train.Int64List``: ``repeated int64 value = 1 [packed = true]``."""

    FIELDS = (Field("value", 1, "scalar", INT64),)
    __slots__ = ()


class Feature(Message):
    """``tf.train.Feature``: one of `bytes_list`, `float_list`, `int64_list` (oneof ``kind``)."""

    FIELDS = (Field("bytes_list", 1, "message", BytesList, oneof="kind"),
              Field("float_list", 2, "message", FloatList, oneof="kind"),
              Field("int64_list", 3, "message", Int64List, oneof="kind"))
    __slots__ = ()


class Features(Message):
    """``tf.train.Features``: ``map<string, Feature> feature = 1``."""

    FIELDS = (Field("feature", 1, "map", Feature),)
    __slots__ = ()


class FeatureList(Message):
    """``tf.train.FeatureList``: ``repeated Feature feature = 1``."""

    FIELDS = (Field("feature", 1, "composite", Feature),)
    __slots__ = ()


class FeatureLists(Message):
    """``tf.train.FeatureLists``: ``map<string, FeatureList> feature_list = 1``."""

    FIELDS = (Field("feature_list", 1, "map", FeatureList),)
    __slots__ = ()


class Example(Message):
    """``tf.train.Example``: ``Features features = 1``."""

    FIELDS = (Field("features", 1, "message", Features),)
    __slots__ = ()


class SequenceExample(Message):
    """``tf.train.SequenceExample``: `context` features and per-step `feature_lists`."""

    FIELDS = (Field("context", 1, "message", Features),
              Field("feature_lists", 2, "message", FeatureLists))
    __slots__ = ()
