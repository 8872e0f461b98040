"""``parse_example`` as a graph op, so a serving signature can take serialized
``tf.train.Example``s (`build_parsing_serving_input_receiver_fn`).

`tf.io.parse_example` decodes eagerly (it reads the bytes in Python); this primitive wraps it
with the feature spec as a static attribute, so a traced function records one node that parses
when the graph runs. FixedLen / FixedLenSequence features give one dense output each, VarLen
features three (indices, values, dense_shape). While a graph is being traced on stand-in
inputs (a SavedModel signature is traced on ones), inputs that are not valid Examples parse
to zeros of the right shapes instead of failing.

Note: an exported graph using this op needs `fluxion.estimator` imported before
`fluxion.saved_model.load` (the op registers then).
"""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.io import parsing

_KINDS = ("fixed", "sequence", "var")


def _default_attr(value):
    if value is None:
        return None
    arr = np.asarray(getattr(value, "numpy", lambda: value)())
    if arr.dtype.kind in "OSU":
        flat = tuple(v.encode() if isinstance(v, str) else bytes(v) for v in arr.reshape(-1))
    else:
        flat = tuple(arr.reshape(-1).tolist())
    return flat


def spec_attr(features: dict) -> tuple:
    """The feature spec as a hashable attribute: ((key, kind, dtype, shape, default), ...)."""
    out = []
    for key in sorted(features):
        spec = features[key]
        if isinstance(spec, parsing.VarLenFeature):
            out.append((key, "var", spec.dtype.name, (), None))
        elif isinstance(spec, parsing.FixedLenSequenceFeature):
            out.append((key, "sequence", spec.dtype.name, tuple(int(d) for d in spec.shape),
                        _default_attr(spec.default_value)))
        elif isinstance(spec, parsing.FixedLenFeature):
            out.append((key, "fixed", spec.dtype.name, tuple(int(d) for d in spec.shape),
                        _default_attr(spec.default_value)))
        else:
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"Unsupported {type(spec).__name__} {spec} for key '{key}'")
    return tuple(out)


def _features(spec: tuple) -> dict:
    out = {}
    for key, kind, dtype, shape, default in spec:
        default = None if default is None else np.array(default, dtype=object if dtype ==
                                                        "string" else None).reshape(shape)
        if kind == "var":
            out[key] = parsing.VarLenFeature(dtype)
        elif kind == "sequence":
            out[key] = parsing.FixedLenSequenceFeature(shape, dtype, True, default)
        else:
            out[key] = parsing.FixedLenFeature(shape, dtype, default)
    return out


def _stand_in(spec: tuple, batch: int) -> tuple:
    """Zero outputs for a batch of `batch` examples (tracing on stand-in inputs)."""
    out = []
    for _, kind, dtype, shape, _ in spec:
        np_dtype = dtypes.as_dtype(dtype)._np
        if kind == "var":
            out += [np.zeros((0, 2), np.int64), np.zeros(0, np_dtype),
                    np.array([batch, 0], np.int64)]
            continue
        dims = (batch,) + ((0,) if kind == "sequence" else ()) + tuple(shape)
        value = np.zeros(dims, np_dtype)
        if dtype == "string":
            value = np.full(dims, b"", dtype=object)
        out.append(value)
    return tuple(out)


def _kernel(xp, serialized, *, spec, n_out):
    serialized = np.asarray(serialized, dtype=object)
    try:
        parsed = parsing.parse_example(serialized, _features(spec))
    except (errors.InvalidArgumentError, TypeError):
        if STATE.binding is None:
            raise
        return _stand_in(spec, serialized.shape[0] if serialized.ndim else 1)
    out = []
    for key, kind, *_ in spec:
        value = parsed[key]
        if kind == "var":
            out += [np.asarray(value.indices._value), np.asarray(value.values._value),
                    np.asarray(value.dense_shape._value)]
        else:
            out.append(np.asarray(value._value))
    return tuple(out)


def _infer(serialized, *, spec, n_out):
    batch = None if serialized.shape is None or not serialized.shape else serialized.shape[0]
    out = []
    for _, kind, dtype, shape, _ in spec:
        dt = dtypes.as_dtype(dtype)
        if kind == "var":
            out += [Spec((None, 2), dtypes.int64), Spec((None,), dt), Spec((2,), dtypes.int64)]
        elif kind == "sequence":
            out.append(Spec((batch, None) + tuple(shape), dt))
        else:
            out.append(Spec((batch,) + tuple(shape), dt))
    return tuple(out)


parse_example_op = defop("estimator_parse_example", _kernel, infer=_infer, num_outputs="n_out",
                         tf_name="ParseExampleV2")


def parse_example(serialized, features: dict) -> dict:
    """Like `tf.io.parse_example` for a vector of serialized Examples, as one graph op."""
    from fluxion.core.tensor import convert_to_tensor
    from fluxion.sparse import SparseTensor

    spec = spec_attr(features)
    n_out = sum(3 if kind == "var" else 1 for _, kind, *_ in spec)
    outputs = parse_example_op(convert_to_tensor(serialized, dtypes.string), spec=spec,
                               n_out=n_out)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    result, pos = {}, 0
    for key, kind, *_ in spec:
        if kind == "var":
            result[key] = SparseTensor(*outputs[pos:pos + 3])
            pos += 3
        else:
            result[key] = outputs[pos]
            pos += 1
    return result
