"""``tf.io.parse_single_example`` / ``parse_example`` and the feature specs they take.

Serialized ``tf.train.Example`` bytes are decoded straight from the wire format (no message
objects), reading only the requested keys, with the rules of TensorFlow's fast parser: the last
entry for a repeated key wins, a Feature's first field decides its kind, and packed or unpacked
value encodings are both accepted. Errors are InvalidArgumentError with TensorFlow's messages.

Both functions bind one primitive, `parse_example` (TF's ``ParseExampleV2``), whose static
`features` attribute is the validated spec: eagerly it parses at once, inside a
`fluxion.function` it records one graph node that parses when the graph runs (a SavedModel
serving signature can take serialized Examples). Its outputs, in TF's order (VarLen keys
sorted, then dense keys sorted): three per VarLen feature (indices, values, dense_shape), one
per FixedLen / FixedLenSequence feature.
"""
from __future__ import annotations

import collections

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
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
_DTYPE = {"bytes": dtypes.string, "float": dtypes.float32, "int64": dtypes.int64}


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
# A validated spec is one hashable tuple, the primitive's static `features` attribute, in
# output order: (key, form, kind, dims, default) per feature, with form "sparse" (VarLen),
# "dense" (FixedLen) or "sequence" (FixedLenSequence), kind the wire kind, dims the shape of one
# value (() for sparse) and default None or the default value's flat items (non-finite floats
# as strings, which the graph text keeps: np.asarray("inf", np.float32) reads them back).
def _dims(shape) -> tuple:
    if shape is None:
        return None
    return tuple(None if d is None else int(d) for d in
                 (shape.as_list() if hasattr(shape, "as_list") else shape))


def _check_specs(features: dict) -> tuple:
    """Validates the specs with TF's errors; returns the `features` attribute."""
    if not features:
        raise ValueError("Invalid argument: features cannot be empty.")
    checked = {}
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
        form, dims = "sparse", ()
        if isinstance(spec, FixedLenFeature):
            form, dims = "dense", _dims(spec.shape)
            if dims is None:
                raise ValueError(f"Missing shape for feature {key}. Received feature={spec}.")
            if None in dims:
                raise ValueError(f"First dimension of shape for feature {key} unknown. Consider "
                                 f"using FixedLenSequenceFeature. Received feature={spec}.")
        elif isinstance(spec, FixedLenSequenceFeature):
            if not spec.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing "
                                 "to be True.")
            form, dims = "sequence", _dims(spec.shape)
        checked[key] = (form, kind, dims, spec.default_value if form != "sparse" else None)
    sparse = sorted(k for k, c in checked.items() if c[0] == "sparse")
    dense = sorted(k for k, c in checked.items() if c[0] != "sparse")
    return tuple((key, form, kind, dims, _default(default, kind, dims))
                 for key in sparse + dense for form, kind, dims, default in [checked[key]])


def _dtype_name(dtype) -> str:
    return {"float32": "float", "float64": "double"}.get(dtype.name, dtype.name)


def _default(default_value, kind: str, dims: tuple) -> tuple | None:
    """A default value's flat items, checked against the feature's shape."""
    if default_value is None:
        return None
    value = np.asarray(default_value.numpy() if isinstance(default_value, Tensor)
                       else default_value)
    if kind == "bytes":
        flat = tuple(v.encode("utf-8") if isinstance(v, str) else bytes(v)
                     for v in value.reshape(-1))
    else:
        flat = tuple(x if kind == "int64" or np.isfinite(x) else repr(x)
                     for x in value.astype(_NP[kind]).reshape(-1).tolist())
    need = int(np.prod(dims, dtype=np.int64))
    if len(flat) != need:
        raise errors.InvalidArgumentError(f"Input to reshape is a tensor with {len(flat)} "
                                          f"values, but the requested shape has {need}")
    return flat


def _default_array(kind: str, dims: tuple, default: tuple | None) -> np.ndarray | None:
    if default is None:
        return None
    if kind == "bytes":
        out = np.empty(len(default), dtype=object)
        out[:] = default
        return out.reshape(dims)
    return np.asarray(default, dtype=_NP[kind]).reshape(dims)


def _empty(kind: str, shape: tuple) -> np.ndarray:
    if kind == "bytes":
        out = np.empty(shape, dtype=object)
        out.fill(b"")
        return out
    return np.zeros(shape, dtype=_NP[kind])


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


def _lookup(fmap: dict, key: str, form: str, kind: str, where: _Where):
    """The values of `key` in one example, None when absent (or no kind set)."""
    raw = fmap.get(key)
    got, values = (None, None) if raw is None else _feature_values(raw)
    if got is None:
        return None
    if got != kind:
        if form == "sparse":
            detail = f"Expected type: {_TYPE_NAME[kind]}, Actual type: {_TYPE_NAME[got]}"
        else:
            detail = f"Data type: {_TYPE_NAME[got]} but expected type: {_TYPE_NAME[kind]}"
        raise errors.InvalidArgumentError(f"{where.key(key)}Data types don't match. {detail}")
    return values


def _fixed(values, key, kind, dims, default, where: _Where) -> np.ndarray:
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


def _sparse(items: list, kind: str, single: bool) -> list:
    """[indices, values, dense_shape] of a VarLen feature."""
    items = [_empty(kind, (0,)) if x is None else x for x in items]
    lengths = np.array([len(x) for x in items], dtype=np.int64)
    values = np.concatenate(items) if items else _empty(kind, (0,))
    if kind == "bytes" and values.dtype != object:
        values = values.astype(object)
    positions = np.arange(len(values), dtype=np.int64) - np.repeat(
        np.cumsum(lengths) - lengths, lengths)
    longest = int(lengths.max()) if len(items) else 0
    if single:
        return [positions[:, None], values, np.array([longest], dtype=np.int64)]
    rows = np.repeat(np.arange(len(items), dtype=np.int64), lengths)
    return [np.stack([rows, positions], axis=1), values,
            np.array([len(items), longest], dtype=np.int64)]


def _parse(examples: list, features: tuple, names: list, single: bool) -> list:
    """The outputs of the primitive for serialized `examples` (see the module docstring)."""
    maps = [_feature_map(s) for s in examples]
    wheres = [_Where(single, i, names[i]) for i in range(len(examples))]
    out = []
    for key, form, kind, dims, default in features:
        found = [_lookup(m, key, form, kind, w) for m, w in zip(maps, wheres)]
        if form == "sparse":
            out += _sparse(found, kind, single)
            continue
        default = _default_array(kind, dims, default)
        if form == "dense":
            items = [_fixed(v, key, kind, dims, default, w) for v, w in zip(found, wheres)]
            value = items[0] if single else (np.stack(items) if items else
                                             _empty(kind, (0,) + dims))
        else:
            items = [_sequence(v, key, kind, dims, w) for v, w in zip(found, wheres)]
            value = items[0] if single else _pad_sequences(items, kind, dims, default)
        out.append(np.array(value, dtype=_NP[kind]) if kind != "bytes" else value)
    return out


# --- the primitive -------------------------------------------------------------------------
def _text_items(flat: np.ndarray) -> list | None:
    """The serialized Examples as bytes (str encoded as UTF-8); None if any is not text."""
    out = []
    for s in flat:
        if isinstance(s, bytes):
            out.append(s)
        elif isinstance(s, str):
            out.append(s.encode("utf-8"))
        else:
            return None
    return out


def _parse_kernel(xp, serialized, names, *, features, num_outputs):
    arr = np.asarray(serialized, dtype=object)  # host-side parsing whatever the backend
    if arr.ndim > 1:
        raise errors.InvalidArgumentError(f"Expected serialized to be a scalar or vector, got "
                                          f"shape: {_shape_text(arr.shape)}")
    examples = _text_items(arr.reshape(-1))
    if examples is None:
        if STATE.binding is not None:
            # a trace on stand-in values (get_concrete_function traces a TensorSpec on ones):
            # outputs of the right shapes; the graph parses the real inputs when it runs
            return _stand_in(features, arr.shape)
        raise errors.InvalidArgumentError("ParseExampleV2: serialized must hold strings")
    names = np.asarray(names, dtype=object)
    if names.size and names.shape != arr.shape:
        raise errors.InvalidArgumentError(
            f"Expected names have the same shape as serialized: name.shape="
            f"{_shape_text(names.shape)}, serialized.shape={_shape_text(arr.shape)}")
    labels = [n.decode("utf-8", "replace") if isinstance(n, bytes) else str(n)
              for n in names.reshape(-1)] if names.size else [None] * len(examples)
    return tuple(_parse(examples, features, labels, single=arr.ndim == 0))


def _stand_in(features: tuple, shape: tuple) -> tuple:
    """Outputs for `shape` examples with no feature present (defaults, else zeros / b"")."""
    batch = () if not shape else (shape[0],)
    out = []
    for _, form, kind, dims, default in features:
        if form == "sparse":
            out += [np.zeros((0, len(batch) + 1), np.int64), _empty(kind, (0,)),
                    np.array(batch + (0,), np.int64)]
        elif form == "sequence":
            out.append(_empty(kind, batch + (0,) + dims))
        else:
            value = _empty(kind, batch + dims)
            if default is not None:
                value[...] = _default_array(kind, dims, default)
            out.append(value)
    return tuple(out)


def _parse_infer(serialized, names, *, features, num_outputs):
    shape = serialized.shape
    batch = None if shape is None else tuple(shape)  # () for one example, (n,) for a batch
    out = []
    for _, form, kind, dims, _ in features:
        dtype = _DTYPE[kind]
        if form == "sparse":
            rank = None if batch is None else len(batch) + 1
            out += [Spec((None, rank), dtypes.int64), Spec((None,), dtype),
                    Spec((rank,), dtypes.int64)]
        elif batch is None:
            out.append(Spec(None, dtype))
        else:
            out.append(Spec(batch + ((None,) if form == "sequence" else ()) + dims, dtype))
    return tuple(out)


parse_example_op = defop("parse_example", _parse_kernel, infer=_parse_infer,
                         num_outputs="num_outputs", dtypes=(dtypes.string,),
                         tf_name="ParseExampleV2",
                         doc="Parses serialized tf.train.Examples (see fluxion/io/parsing.py).")


# --- public functions ----------------------------------------------------------------------
_NO_NAMES = wrap(np.empty(0, dtype=object))  # example_names=None (TF's default: [])


def _serialized_tensor(serialized):
    if type(serialized) is bytes:  # the common parse_single_example call: no conversion
        return wrap(np.array(serialized, dtype=object))
    t = serialized if isinstance(serialized, Tensor) else convert_to_tensor(serialized)
    if t.dtype != dtypes.string:
        raise ValueError(f"Tensor conversion requested dtype string for Tensor with dtype "
                         f"{t.dtype.name}: {t!r}")
    return t


def _bind(serialized, features: tuple, example_names) -> dict:
    from fluxion.sparse import SparseTensor  # noqa: PLC0415 - sparse imports heavier modules

    names = _NO_NAMES if example_names is None else convert_to_tensor(example_names,
                                                                       dtypes.string)
    n_out = sum(3 if form == "sparse" else 1 for _, form, *_ in features)
    outputs = parse_example_op(serialized, names, features=features, num_outputs=n_out)
    result, pos = {}, 0
    for key, form, *_ in features:
        if form == "sparse":
            result[key] = SparseTensor(*outputs[pos:pos + 3])
            pos += 3
        else:
            result[key] = outputs[pos]
            pos += 1
    return result


def _with_ragged(parse, serialized, features: dict, example_names, single: bool) -> dict:
    """Parses RaggedFeatures through VarLen parsing (fluxion/io/ragged_feature.py)."""
    from fluxion.io import ragged_feature  # noqa: PLC0415

    plain, ragged = ragged_feature.split(features)
    parsed = parse(serialized, plain, example_names)
    out = {k: v for k, v in parsed.items() if k in features}
    for key, spec in ragged.items():
        out[key] = ragged_feature.build(key, spec, parsed, single)
    return out


def _has_ragged(features) -> bool:
    return any(type(f).__name__ == "RaggedFeature" for f in (features or {}).values())


def parse_single_example(serialized, features: dict, example_names=None, name=None) -> dict:
    """Parses one serialized Example (a scalar) into a dict of tensors / SparseTensors."""
    if not features:
        raise ValueError("Invalid argument: features cannot be empty.")
    if _has_ragged(features):
        return _with_ragged(parse_single_example, serialized, features, example_names, True)
    serialized = _serialized_tensor(serialized)
    if serialized.shape.rank != 0:
        raise ValueError("Input serialized must be a scalar")
    return _bind(serialized, _check_specs(features), example_names)


def parse_example(serialized, features: dict, example_names=None, name=None) -> dict:
    """Parses a vector of serialized Examples into batched tensors / SparseTensors.

    FixedLenFeature gives [batch, *shape]; VarLenFeature a SparseTensor with indices
    [N, 2] (example, position) and dense_shape [batch, longest]; FixedLenSequenceFeature
    [batch, longest, *shape] padded with its default_value (or zeros / b""). A scalar
    `serialized` parses as one example (no batch dimension).
    """
    if _has_ragged(features):
        return _with_ragged(parse_example, serialized, features, example_names, False)
    features = _check_specs(features)
    serialized = _serialized_tensor(serialized)
    if STATE.trace is not None and serialized.shape.rank > 1:  # TF's shape check (graph mode)
        raise ValueError(f"Shape must be at most rank 1 but is rank {serialized.shape.rank} for "
                         f"'ParseExampleV2' (serialized)")
    return _bind(serialized, features, example_names)
