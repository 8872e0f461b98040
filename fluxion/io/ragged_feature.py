"""``tf.io.RaggedFeature``: a feature parsed into a RaggedTensor.

It is a composition over VarLen parsing: the values (key `value_key`, default the feature's
own key) and each partition's key are parsed as VarLenFeatures by the one parse primitive, and
the RaggedTensor is built from them with ragged ops, so it works in graphs too. Partitions are
applied innermost first. A single example without partitions gives a dense vector, as TF's.
"""
from __future__ import annotations

import collections

from fluxion.core import dtypes

__all__ = ["RaggedFeature"]

_PARTITIONS = ("RowSplits", "RowLengths", "RowStarts", "RowLimits", "ValueRowIds",
               "UniformRowLength")


def _partition(kind: str, field: str):
    cls = collections.namedtuple(kind, [field])
    cls.__module__ = __name__
    return cls


class RaggedFeature(collections.namedtuple(
        "RaggedFeature", ["dtype", "value_key", "partitions", "row_splits_dtype", "validate"])):
    """Values (and optional row partitions, outermost first) parsed into a RaggedTensor."""

    __slots__ = ()
    RowSplits = _partition("RowSplits", "key")
    RowLengths = _partition("RowLengths", "key")
    RowStarts = _partition("RowStarts", "key")
    RowLimits = _partition("RowLimits", "key")
    ValueRowIds = _partition("ValueRowIds", "key")
    UniformRowLength = _partition("UniformRowLength", "length")

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32,
                validate=False):
        if value_key is not None and not isinstance(value_key, str):
            raise ValueError(f"Unsupported value_key {value_key!r}: expected a string")
        partitions = tuple(partitions)
        for p in partitions:
            if type(p).__name__ not in _PARTITIONS:
                raise TypeError(f"Unsupported partition type {type(p).__name__!r}: expected "
                                f"one of RaggedFeature.{', RaggedFeature.'.join(_PARTITIONS)}")
        row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
        if row_splits_dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError(f"Invalid row_splits_dtype {row_splits_dtype!r}: expected int32 "
                             f"or int64")
        return super().__new__(cls, dtypes.as_dtype(dtype), value_key, partitions,
                               row_splits_dtype, validate)


def split(features: dict) -> tuple:
    """(features with each RaggedFeature's keys as VarLenFeatures, {name: RaggedFeature})."""
    from fluxion.io.parsing import VarLenFeature  # noqa: PLC0415

    plain = {k: v for k, v in features.items() if not isinstance(v, RaggedFeature)}
    ragged = {k: v for k, v in features.items() if isinstance(v, RaggedFeature)}
    for name, spec in ragged.items():
        for key, dtype in _keys(name, spec):
            if key in plain and not (isinstance(plain[key], VarLenFeature)
                                     and plain[key].dtype == dtype):
                raise ValueError(f"Key {key!r} of RaggedFeature {name!r} is also given as "
                                 f"{plain[key]}")
            plain[key] = VarLenFeature(dtype)
    return plain, ragged


def _keys(name: str, spec: RaggedFeature) -> list:
    keys = [(spec.value_key or name, spec.dtype)]
    keys += [(p.key, dtypes.int64) for p in spec.partitions
             if type(p).__name__ != "UniformRowLength"]
    return keys


def build(name: str, spec: RaggedFeature, parsed: dict, single: bool, batch_size=None):
    """The RaggedTensor (or, for one example without partitions, the Tensor) of a feature."""
    from fluxion.ops import math_ops  # noqa: PLC0415
    from fluxion.ragged.ragged_tensor import RaggedTensor  # noqa: PLC0415

    values_sp = parsed[spec.value_key or name]
    splits_dtype = spec.row_splits_dtype
    result = values_sp.values
    rowids = None if single else values_sp.indices[:, 0]  # example of each flat value
    for p in reversed(spec.partitions):
        kind = type(p).__name__
        if kind == "UniformRowLength":
            length = int(p.length)
            result = RaggedTensor.from_uniform_row_length(
                result, length, validate=False).with_row_splits_dtype(splits_dtype)
            if rowids is not None:  # the rows' examples: every `length`-th value's
                rowids = rowids[::length]
            continue
        part_sp = parsed[p.key]
        part = math_ops.cast(part_sp.values, splits_dtype)
        if kind == "RowLengths":
            result = RaggedTensor.from_row_lengths(result, part, validate=False)
        elif single and kind == "RowSplits":
            result = RaggedTensor.from_row_splits(result, part, validate=False)
        elif single and kind == "RowStarts":
            result = RaggedTensor.from_row_starts(result, part, validate=False)
        elif single and kind == "RowLimits":
            result = RaggedTensor.from_row_limits(result, part, validate=False)
        elif single and kind == "ValueRowIds":
            result = RaggedTensor.from_value_rowids(result, part, validate=False)
        else:
            raise NotImplementedError(
                f"RaggedFeature {name!r}: {kind} partitions are supported in "
                f"parse_single_example; in parse_example use RowLengths or UniformRowLength")
        rowids = None if single else part_sp.indices[:, 0]
    if single:
        if isinstance(result, RaggedTensor):
            return result.with_row_splits_dtype(splits_dtype) \
                if hasattr(result, "with_row_splits_dtype") else result
        return result
    nrows = math_ops.cast(values_sp.dense_shape[0], splits_dtype)
    return RaggedTensor.from_value_rowids(result, math_ops.cast(rowids, splits_dtype),
                                          nrows=nrows, validate=False)
