"""``tf.io.parse_single_example`` / ``parse_example`` and the feature specs they take.

Serialized ``tf.train.Example`` bytes are decoded straight from the wire format (no message
objects), reading only the requested keys, with the rules of TensorFlow's fast parser: the last
entry for a repeated key wins, a Feature's first field decides its kind, and packed or unpacked
value encodings are both accepted. Errors are InvalidArgumentError with TensorFlow's messages.
"""
from __future__ import annotations

import collections

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, wrap
from fluxion.io import _wire
from fluxion.io._containers import escape_bytes
from fluxion.io._wire import LEN, DecodeError

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature",
           "parse_example", "parse_single_example"]


class FixedLenFeature(collections.namedtuple(
        "FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A feature with a fixed number of values, parsed to a dense tensor of `shape`."""

    __slots__ = ()

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtypes.as_dtype(dtype), default_value)


class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """A feature with any number of `shape`-sized items, parsed to [n, *shape] (padded with
    `default_value` across a batch)."""

    __slots__ = ()

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtypes.as_dtype(dtype), allow_missing, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature with any number of values, parsed to a SparseTensor."""

    __slots__ = ()

    def __new__(cls, dtype):
        return super().__new__(cls, dtypes.as_dtype(dtype))


# The value kinds of a Feature (its oneof field numbers) and TF's names for them.
_KINDS = {1: "bytes", 2: "float", 3: "int64"}
_KIND_OF_DTYPE = {dtypes.string: "bytes", dtypes.float32: "float", dtypes.int64: "int64"}
_TYPE_NAME = {"bytes": "string", "float": "float", "int64": "int64"}
_NP = {"bytes": object, "float": np.float32, "int64": np.int64}


# --- decoding --------------------------------------------------------------------------------
def _feature_map(serialized: bytes) -> dict:
    """Key -> raw Feature bytes of one serialized Example (a later duplicate key wins)."""
    out = {}
    try:
        for number, wire_type, features in _wire.iter_fields(serialized):
            if number != 1 or wire_type != LEN:
                continue
            for n2, wt2, entry in _wire.iter_fields(features):
                if n2 != 1 or wt2 != LEN:
                    continue
                key, feature = b"", b""
                for n3, wt3, value in _wire.iter_fields(entry):
                    if wt3 == LEN and n3 in (1, 2):
                        key, feature = (value, feature) if n3 == 1 else (key, value)
                out[key.decode("utf-8")] = feature
    except (DecodeError, UnicodeDecodeError):
        raise errors.InvalidArgumentError(
            f"Could not parse example input, value: '{escape_bytes(serialized)}'") from None
    return out


def _feature_values(feature: bytes):
    """(kind, values) of a raw Feature; (None, None) when no kind is set."""
    try:
        fields = _wire.iter_fields(feature)
        first = next(fields, None)
        if first is None or first[0] not in _KINDS or first[1] != LEN:
            return None, None
        kind = _KINDS[first[0]]
        parts = []
        for number, wire_type, value in _wire.iter_fields(first[2]):
            if number != 1:
                continue
            if kind == "bytes":
                parts.append(bytes(value))
            elif kind == "float":
                parts.append(_wire.decode_floats(wire_type, value))
            else:
                parts.append(_wire.decode_int64s(wire_type, value))
    except DecodeError:
        raise errors.InvalidArgumentError("Could not parse example input: corrupt feature") \
            from None
    if kind == "bytes":
        values = np.empty(len(parts), dtype=object)
        values[:] = parts
        return kind, values
    if not parts:
        return kind, np.zeros(0, _NP[kind])
    return kind, (parts[0] if len(parts) == 1 else np.concatenate(parts)).astype(_NP[kind])


# --- specs ---------------------------------------------------------------------------------
def _dims(shape) -> tuple:
    if shape is None:
        return None
    return tuple(None if d is None else int(d) for d in
                 (shape.as_list() if hasattr(shape, "as_list") else shape))


def _check_specs(features: dict) -> dict:
    """Validates the specs; returns key -> (spec, kind, element shape)."""
    if not features:
        raise ValueError("Invalid argument: features cannot be empty.")
    out = {}
    for key, spec in features.items():
        if not isinstance(spec, (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature)):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError here
                f"Unsupported {type(spec).__name__} {spec} for key '{key}'")
        kind = _KIND_OF_DTYPE.get(spec.dtype)
        if kind is None:
            attr = "sparse_types" if isinstance(spec, VarLenFeature) else "Tdense"
            raise errors.InvalidArgumentError(
                f"Value for attr '{attr}' of {_dtype_name(spec.dtype)} is not in the list of "
                f"allowed values: float, int64, string")
        dims = None
        if isinstance(spec, FixedLenFeature):
            dims = _dims(spec.shape)
            if dims is None:
                raise ValueError(f"Missing shape for feature {key}. Received feature={spec}.")
            if None in dims:
                raise ValueError(f"First dimension of shape for feature {key} unknown. Consider "
                                 f"using FixedLenSequenceFeature. Received feature={spec}.")
        elif isinstance(spec, FixedLenSequenceFeature):
            if not spec.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing "
                                 "to be True.")
            dims = _dims(spec.shape)
        out[key] = (spec, kind, dims)
    return out


def _dtype_name(dtype) -> str:
    return {"float32": "float", "float64": "double"}.get(dtype.name, dtype.name)


def _default(spec, kind: str, dims: tuple) -> np.ndarray | None:
    if spec.default_value is None:
        return None
    value = np.asarray(spec.default_value.numpy() if isinstance(spec.default_value, Tensor)
                       else spec.default_value)
    if kind == "bytes":
        flat = [v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in value.reshape(-1)]
        value = np.empty(len(flat), dtype=object)
        value[:] = flat
    else:
        value = value.astype(_NP[kind])
    need = int(np.prod(dims, dtype=np.int64))
    if value.size != need:
        raise errors.InvalidArgumentError(f"Input to reshape is a tensor with {value.size} "
                                          f"values, but the requested shape has {need}")
    return value.reshape(dims)


def _empty(kind: str, shape: tuple) -> np.ndarray:
    if kind == "bytes":
        out = np.empty(shape, dtype=object)
        out.fill(b"")
        return out
    return np.zeros(shape, dtype=_NP[kind])


def _output_order(specs: dict) -> list:
    """TF's result order: sparse (VarLen) keys sorted, then dense keys sorted."""
    sparse = sorted(k for k, (s, _, _) in specs.items() if isinstance(s, VarLenFeature))
    dense = sorted(k for k, (s, _, _) in specs.items() if not isinstance(s, VarLenFeature))
    return sparse + dense


def _as_serialized(serialized) -> np.ndarray:
    """The serialized input as a NumPy object array of bytes (any rank)."""
    if isinstance(serialized, (bytes, str)):
        serialized = [serialized]
        arr = np.empty(1, dtype=object)
        arr[0] = serialized[0]
        arr = arr.reshape(())
    else:
        arr = np.asarray(serialized.numpy() if isinstance(serialized, Tensor) else serialized,
                         dtype=object)
    flat = arr.reshape(-1)
    for i, s in enumerate(flat):
        if isinstance(s, str):
            flat[i] = s.encode("utf-8")
        elif not isinstance(s, bytes):
            raise TypeError(f"Expected string (bytes) serialized examples, got "
                            f"{type(s).__name__}")
    return arr


# --- parsing -------------------------------------------------------------------------------
class _Where:
    """Formats TF's error messages for one example (single-example or batch wording)."""

    def __init__(self, single: bool, index: int, name: str | None) -> None:
        self.single, self.index, self.name = single, index, name or "<unknown>"

    def key(self, key: str) -> str:
        if self.single:
            return f"Key: {key}.  "
        return f"Name: {self.name}, Key: {key}, Index: {self.index}.  "

    def missing(self, key: str, kind: str) -> errors.InvalidArgumentError:
        head = "" if self.single else f"Name: {self.name}, "
        return errors.InvalidArgumentError(f"{head}Feature: {key} (data type: "
                                           f"{_TYPE_NAME[kind]}) is required but could not be "
                                           f"found.")


def _shape_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


def _lookup(fmap: dict, key: str, spec, kind: str, where: _Where):
    """The values of `key` in one example, None when absent (or no kind set)."""
    raw = fmap.get(key)
    got, values = (None, None) if raw is None else _feature_values(raw)
    if got is None:
        return None
    if got != kind:
        if isinstance(spec, VarLenFeature):
            detail = f"Expected type: {_TYPE_NAME[kind]}, Actual type: {_TYPE_NAME[got]}"
        else:
            detail = f"Data type: {_TYPE_NAME[got]} but expected type: {_TYPE_NAME[kind]}"
        raise errors.InvalidArgumentError(f"{where.key(key)}Data types don't match. {detail}")
    return values


def _fixed(values, key, spec, kind, dims, default, where: _Where) -> np.ndarray:
    if values is None:
        if default is None:
            raise where.missing(key, kind)
        return default
    need = int(np.prod(dims, dtype=np.int64))
    if len(values) != need:
        if where.single:
            what = ("Parsing bytes_list failed." if kind == "bytes" and len(values) > need
                    else f"Some {kind}_list slice was not parsed.")
            message = f"Can't parse serialized Example: {what}"
        elif kind == "bytes" and len(values) > need:
            message = "Can't parse serialized Example."
        else:
            message = (f"Number of {kind} values != expected.  Values size: {len(values)} but "
                       f"output shape: {_shape_text(dims)}")
        raise errors.InvalidArgumentError(where.key(key) + message)
    return values.reshape(dims)


def _sequence(values, key, kind, dims, where: _Where) -> np.ndarray:
    stride = int(np.prod(dims, dtype=np.int64))
    if values is None:
        return _empty(kind, (0,) + dims)
    if stride == 0 or len(values) % stride:
        if where.single:
            raise errors.InvalidArgumentError(
                f"Error while parsing feature with key {key}: number of elements should be "
                f"divisible by {stride}, found {len(values)} instead")
        raise errors.InvalidArgumentError(
            f"{where.key(key)}Number of {kind} values is not a multiple of stride length. Saw "
            f"{len(values)} values but output shape is: [?{''.join(f',{d}' for d in dims)}]")
    return values.reshape((len(values) // stride,) + dims)


def _pad_sequences(items: list, kind: str, dims: tuple, default) -> np.ndarray:
    longest = max((len(x) for x in items), default=0)
    out = _empty(kind, (len(items), longest) + dims)
    if default is not None:
        out[...] = default
    for i, x in enumerate(items):
        out[i, :len(x)] = x
    return out


def _sparse(items: list, kind: str, single: bool):
    from fluxion.sparse import SparseTensor

    items = [_empty(kind, (0,)) if x is None else x for x in items]
    lengths = np.array([len(x) for x in items], dtype=np.int64)
    values = np.concatenate(items) if items else _empty(kind, (0,))
    if kind == "bytes" and values.dtype != object:
        values = values.astype(object)
    positions = np.arange(len(values), dtype=np.int64) - np.repeat(
        np.cumsum(lengths) - lengths, lengths)
    longest = int(lengths.max()) if len(items) else 0
    if single:
        return SparseTensor(wrap(positions[:, None]), wrap(values), wrap(np.array([longest])))
    rows = np.repeat(np.arange(len(items), dtype=np.int64), lengths)
    return SparseTensor(wrap(np.stack([rows, positions], axis=1)), wrap(values),
                        wrap(np.array([len(items), longest], dtype=np.int64)))


def _parse(examples: list, specs: dict, names: list, single: bool) -> dict:
    maps = [_feature_map(s) for s in examples]
    wheres = [_Where(single, i, names[i]) for i in range(len(examples))]
    out = {}
    for key in _output_order(specs):
        spec, kind, dims = specs[key]
        found = [_lookup(m, key, spec, kind, w) for m, w in zip(maps, wheres)]
        if isinstance(spec, VarLenFeature):
            out[key] = _sparse(found, kind, single)
            continue
        default = _default(spec, kind, dims)
        if isinstance(spec, FixedLenFeature):
            items = [_fixed(v, key, spec, kind, dims, default, w) for v, w in zip(found, wheres)]
            value = items[0] if single else (np.stack(items) if items else
                                             _empty(kind, (0,) + dims))
        else:
            items = [_sequence(v, key, kind, dims, w) for v, w in zip(found, wheres)]
            value = items[0] if single else _pad_sequences(items, kind, dims, default)
        out[key] = wrap(np.array(value, dtype=_NP[kind]) if kind != "bytes" else value)
    return out


def parse_single_example(serialized, features: dict, example_names=None, name=None) -> dict:
    """Parses one serialized Example (a scalar) into a dict of tensors / SparseTensors."""
    arr = _as_serialized(serialized)
    if arr.ndim != 0:
        raise ValueError("Input serialized must be a scalar")
    specs = _check_specs(features)
    return _parse([arr[()]], specs, [_name(example_names, 0)], single=True)


def parse_example(serialized, features: dict, example_names=None, name=None) -> dict:
    """Parses a vector of serialized Examples into batched tensors / SparseTensors.

    FixedLenFeature gives [batch, *shape]; VarLenFeature a SparseTensor with indices
    [N, 2] (example, position) and dense_shape [batch, longest]; FixedLenSequenceFeature
    [batch, longest, *shape] padded with its default_value (or zeros / b"").
    """
    arr = _as_serialized(serialized)
    specs = _check_specs(features)
    if arr.ndim == 0:
        return _parse([arr[()]], specs, [_name(example_names, 0)], single=True)
    if arr.ndim != 1:
        raise errors.InvalidArgumentError(f"Expected serialized to be a scalar or vector, got "
                                          f"shape: {_shape_text(arr.shape)}")
    names = [_name(example_names, i) for i in range(len(arr))]
    return _parse(list(arr), specs, names, single=False)


def _name(example_names, i: int) -> str | None:
    if example_names is None:
        return None
    names = np.asarray(example_names.numpy() if isinstance(example_names, Tensor)
                       else example_names, dtype=object).reshape(-1)
    if i >= len(names):
        return None
    n = names[i]
    return n.decode("utf-8", "replace") if isinstance(n, bytes) else str(n)
