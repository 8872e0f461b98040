"""``tf.io.parse_single_sequence_example`` / ``parse_sequence_example``: serialized
``tf.train.SequenceExample`` bytes into context features and feature lists.

A SequenceExample holds `context` (a Features message, field 1, read exactly as an Example's
features by fluxion/io/parsing.py) and `feature_lists` (field 2: key -> a list of Features, one
per step). One primitive, `parse_sequence_example` (TF's ``ParseSequenceExampleV2``), parses
both; its outputs are the context outputs in parse_example's order, then per feature list
(VarLen keys sorted, then FixedLenSequence keys sorted) three outputs for a VarLen one (indices,
values, dense_shape: [steps, longest step] per example) or one for a FixedLenSequence one
([steps, *shape], batches padded), then the batch's step counts of each FixedLenSequence
feature list.
"""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.io import _wire
from fluxion.io import parsing as _p
from fluxion.io._containers import escape_bytes
from fluxion.io._wire import LEN, DecodeError

__all__ = ["parse_sequence_example", "parse_single_sequence_example"]


def _feature_lists(serialized: bytes) -> dict:
    """Key -> list of raw Feature bytes (one per step) of a serialized SequenceExample."""
    out = {}
    try:
        for number, wire_type, lists in _wire.iter_fields(serialized):
            if number != 2 or wire_type != LEN:
                continue
            for n2, wt2, entry in _wire.iter_fields(lists):
                if n2 != 1 or wt2 != LEN:
                    continue
                key, steps = b"", []
                for n3, wt3, value in _wire.iter_fields(entry):
                    if wt3 == LEN and n3 == 1:
                        key = value
                    elif wt3 == LEN and n3 == 2:
                        steps = [bytes(f) for n4, wt4, f in _wire.iter_fields(value)
                                 if n4 == 1 and wt4 == LEN]
                out[bytes(key).decode("utf-8")] = steps
    except (DecodeError, UnicodeDecodeError):
        raise errors.InvalidArgumentError(
            f"Could not parse example input, value: '{escape_bytes(serialized)}'") from None
    return out


def _check_sequence_specs(features: dict) -> tuple:
    """(key, form, kind, dims, default, allow_missing) per feature list, in output order."""
    checked = {}
    for key, spec in features.items():
        if isinstance(spec, _p.VarLenFeature):
            form, dims, missing, default = "sparse", (), True, None
        elif isinstance(spec, _p.FixedLenSequenceFeature):
            form, dims = "sequence", _p._dims(spec.shape)
            missing, default = bool(spec.allow_missing), spec.default_value
        else:
            raise ValueError(f"Unsupported {type(spec).__name__} {spec} for key '{key}': "
                             f"sequence_features take FixedLenSequenceFeature or "
                             f"VarLenFeature")
        kind = _p._KIND_OF_DTYPE.get(spec.dtype)
        if kind is None:
            raise errors.InvalidArgumentError(
                f"Value for attr 'feature_list_dense_types' of {_p._dtype_name(spec.dtype)} "
                f"is not in the list of allowed values: float, int64, string")
        checked[key] = (form, kind, dims, _p._default(default, kind, dims), missing)
    sparse = sorted(k for k, c in checked.items() if c[0] == "sparse")
    dense = sorted(k for k, c in checked.items() if c[0] != "sparse")
    return tuple((key,) + checked[key] for key in sparse + dense)


def _steps(raw_steps, key, form, kind, dims, where) -> list:
    """The values of each step of one feature list (checked against the spec)."""
    out = []
    for raw in raw_steps:
        got, values = _p._feature_values(raw)
        if got is None:
            values = _p._empty(kind, (0,))
        elif got != kind:
            raise errors.InvalidArgumentError(
                f"{where}Feature list: {key}, Index: {len(out)}.  Data types don't match. "
                f"Expected type: {_p._TYPE_NAME[kind]}")
        if form == "sequence":
            need = int(np.prod(dims, dtype=np.int64))
            if len(values) != need:
                raise errors.InvalidArgumentError(
                    f"{where}Key: {key}, Index: {len(out)}.  Number of {kind} values != "
                    f"expected.  values size: {len(values)} but output shape: "
                    f"{_p._shape_text(dims)}")
            values = values.reshape(dims)
        out.append(values)
    return out


def _dense_lists(per_example: list, kind, dims, default, single: bool):
    """[steps, *dims] (single) or [batch, longest, *dims] padded, and the step counts."""
    lengths = np.array([len(s) for s in per_example], np.int64)
    if single:
        steps = per_example[0]
        value = np.stack(steps) if steps else _p._empty(kind, (0,) + dims)
        return [value.astype(_p._NP[kind]) if kind != "bytes" else value]
    longest = int(lengths.max()) if len(lengths) else 0
    out = _p._empty(kind, (len(per_example), longest) + dims)
    fill = _p._default_array(kind, dims, default)
    if fill is not None:
        out[...] = fill
    for i, steps in enumerate(per_example):
        if steps:
            out[i, :len(steps)] = np.stack(steps)
    return [out, lengths]


def _sparse_lists(per_example: list, kind, single: bool) -> list:
    """indices / values / dense_shape of VarLen feature lists: [(example,) step, position]."""
    index, values, longest_step = [], [], 0
    for b, steps in enumerate(per_example):
        for t, v in enumerate(steps):
            longest_step = max(longest_step, len(v))
            for j in range(len(v)):
                index.append(([] if single else [b]) + [t, j])
            values.append(v)
    rank = 2 if single else 3
    flat = np.concatenate(values) if values else _p._empty(kind, (0,))
    if kind == "bytes" and flat.dtype != object:
        flat = flat.astype(object)
    longest = max((len(s) for s in per_example), default=0)
    shape = [longest, longest_step] if single else [len(per_example), longest, longest_step]
    return [np.array(index, np.int64).reshape(-1, rank), flat, np.array(shape, np.int64)]


def _parse(examples: list, context: tuple, lists: tuple, names: list, single: bool) -> list:
    out = _p._parse(examples, context, names, single) if context else []
    all_lists = [_feature_lists(s) for s in examples]
    lengths = []
    for key, form, kind, dims, default, allow_missing in lists:
        per_example = []
        for i, fl in enumerate(all_lists):
            where = "" if single else f"Name: {names[i] or '<unknown>'}, "
            if key not in fl:
                if form == "sequence" and not allow_missing:
                    raise errors.InvalidArgumentError(
                        f"Name: {names[i] or '<unknown>'}, Feature list '{key}' is required "
                        f"but could not be found.  Did you mean to include it in "
                        f"feature_list_dense_missing_assumed_empty or "
                        f"feature_list_dense_defaults?")
                per_example.append([])
                continue
            per_example.append(_steps(fl[key], key, form, kind, dims, where))
        if form == "sparse":
            out += _sparse_lists(per_example, kind, single)
        else:
            parts = _dense_lists(per_example, kind, dims, default, single)
            out.append(parts[0])
            if not single:
                lengths.append(parts[1])
    return out + lengths


def _kernel(xp, serialized, names, *, context, lists, num_outputs):
    arr = np.asarray(serialized, dtype=object)
    if arr.ndim > 1:
        raise errors.InvalidArgumentError(f"Expected serialized to be a scalar or vector, got "
                                          f"shape: {_p._shape_text(arr.shape)}")
    examples = _p._text_items(arr.reshape(-1))
    single = arr.ndim == 0
    if examples is None:
        if STATE.binding is not None:  # a trace on stand-ins: outputs of the right shapes
            return _stand_in(context, lists, arr.shape)
        raise errors.InvalidArgumentError("ParseSequenceExampleV2: serialized must hold "
                                          "strings")
    names = np.asarray(names, dtype=object).reshape(-1)
    labels = [n.decode("utf-8", "replace") if isinstance(n, bytes) else str(n)
              for n in names] if names.size else [None] * len(examples)
    return tuple(_parse(examples, context, lists, labels, single))


def _stand_in(context: tuple, lists: tuple, shape: tuple) -> tuple:
    batch = () if not shape else (shape[0],)
    out, lengths = list(_p._stand_in(context, shape)), []
    for _, form, kind, dims, _, _ in lists:
        if form == "sparse":
            out += [np.zeros((0, len(batch) + 2), np.int64), _p._empty(kind, (0,)),
                    np.zeros(len(batch) + 2, np.int64)]
        else:
            out.append(_p._empty(kind, batch + (0,) + dims))
            if batch:
                lengths.append(np.zeros(batch, np.int64))
    return tuple(out + lengths)


def _infer(serialized, names, *, context, lists, num_outputs):
    shape = serialized.shape
    batch = None if shape is None else tuple(shape)
    out = list(_p._parse_infer(serialized, names, features=context,
                               num_outputs=0)) if context else []
    lengths = []
    for _, form, kind, dims, _, _ in lists:
        dtype = _p._DTYPE[kind]
        if form == "sparse":
            rank = None if batch is None else len(batch) + 2
            out += [Spec((None, rank), dtypes.int64), Spec((None,), dtype),
                    Spec((rank,), dtypes.int64)]
        elif batch is None:
            out.append(Spec(None, dtype))
        else:
            out.append(Spec(batch + (None,) + dims, dtype))
            if batch:
                lengths.append(Spec(batch, dtypes.int64))
    return tuple(out + lengths)


parse_sequence_example_op = defop(
    "parse_sequence_example", _kernel, infer=_infer, num_outputs="num_outputs",
    dtypes=(dtypes.string,), tf_name="ParseSequenceExampleV2",
    doc="Parses serialized tf.train.SequenceExamples (see fluxion/io/sequence_parsing.py).")


def _bind(serialized, context_features, sequence_features, names, single: bool):
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.sparse import SparseTensor  # noqa: PLC0415

    if not context_features and not sequence_features:
        raise ValueError("Missing features.")
    context = _p._check_specs(context_features) if context_features else ()
    lists = _check_sequence_specs(sequence_features) if sequence_features else ()
    names = _p._NO_NAMES if names is None else convert_to_tensor(names, dtypes.string)
    n_dense_lists = sum(1 for item in lists if item[1] == "sequence")
    n_out = (sum(3 if c[1] == "sparse" else 1 for c in context)
             + sum(3 if item[1] == "sparse" else 1 for item in lists)
             + (0 if single else n_dense_lists))
    outputs = parse_sequence_example_op(serialized, names, context=context, lists=lists,
                                        num_outputs=n_out)
    outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]

    def take(specs):
        result = {}
        for spec in specs:
            if spec[1] == "sparse":
                result[spec[0]] = SparseTensor(*outputs[:3])
                del outputs[:3]
            else:
                result[spec[0]] = outputs.pop(0)
        return result

    ctx, seq = take(context), take(lists)
    lengths = {item[0]: outputs.pop(0) for item in lists if item[1] == "sequence"} \
        if not single else None
    return ctx, seq, lengths


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None,
                                  example_name=None, name=None):
    """(context dict, feature-list dict) of one serialized SequenceExample."""
    serialized = _p._serialized_tensor(serialized)
    if serialized.shape.rank != 0:
        raise ValueError("Input serialized must be a scalar")
    ctx, seq, _ = _bind(serialized, context_features, sequence_features,
                        None if example_name is None else [example_name], True)
    return ctx, seq


def parse_sequence_example(serialized, context_features=None, sequence_features=None,
                           example_names=None, name=None):
    """(context dict, feature-list dict, lengths dict) of a vector of SequenceExamples."""
    serialized = _p._serialized_tensor(serialized)
    if serialized.shape.rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {serialized.shape.rank} for "
                         f"'ParseSequenceExampleV2' (serialized)")
    return _bind(serialized, context_features, sequence_features, example_names, False)
