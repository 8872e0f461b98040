"""Keras 3's dtype rules for ``keras.ops`` (TensorFlow backend): dtype names, the JAX-like
promotion lattice with *weak* Python scalars, and tensor conversion."""
from __future__ import annotations

import functools
import inspect

import numpy as np

import fluxion as tf
from fluxion.core.tensor import Tensor

_INTS = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
_FLOATS = ("bfloat16", "float16", "float32", "float64")
# Each type -> the types just above it; "int" and "float" are the weak (Python scalar) types.
_ABOVE = {
    "bool": ("int",), "int": ("uint8", "int8", "complex64"),
    "uint8": ("int16", "uint16"), "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"), "uint64": ("float",),
    "int8": ("int16",), "int16": ("int32",), "int32": ("int64",), "int64": ("float",),
    "float": ("bfloat16", "float16"), "bfloat16": ("float32",), "float16": ("float32",),
    "float32": ("float64", "complex64"), "float64": ("complex128",),
    "complex64": ("complex128",), "complex128": (),
}
# What a 64-bit result becomes under the TensorFlow backend.
_NARROW = {"uint64": "uint32", "complex128": "complex64"}


def _closure() -> dict:
    """Every type -> the set of types at or above it on the lattice."""
    ups: dict = {}

    def walk(node):
        if node not in ups:
            ups[node] = {node}.union(*(walk(n) for n in _ABOVE[node]))
        return ups[node]

    for node in _ABOVE:
        walk(node)
    return ups


_UPPER = _closure()


def floatx() -> str:
    from fluxion.keras import backend

    return backend.floatx()


def standardize_dtype(dtype) -> str:
    """A dtype's Keras name ("float32"...); Python int -> "int64", float -> "float32"."""
    if dtype is None:
        return floatx()
    if dtype is int:
        return "int64"
    if dtype is float:
        return "float32"
    if dtype is bool:
        return "bool"
    if dtype is complex:
        return "complex128"
    if isinstance(dtype, str):
        name = {"double": "float64", "half": "float16", "float": "float32",
                "int": "int64"}.get(dtype, dtype)
    elif hasattr(dtype, "name") and not isinstance(dtype, np.dtype):
        name = dtype.name
    else:
        name = np.dtype(dtype).name
    if name not in _UPPER and name != "string":
        raise ValueError(f"Invalid dtype: {dtype}")
    return name


@functools.lru_cache(512)
def _least_upper_bound(nodes: frozenset) -> str:
    common = set.intersection(*(_UPPER[n] for n in nodes))
    best = (common & nodes) or {c for c in common if common <= _UPPER[c]}
    if len(best) != 1:
        raise ValueError(f"Input dtypes {tuple(sorted(nodes))} have no available implicit "
                         "dtype promotion path. Try explicitly casting inputs to the desired "
                         "output type.")
    return best.pop()


def _weak_name(name: str) -> str:
    if name == "bool":
        return name
    return "float" if "float" in name else ("int" if "int" in name else "complex")


@functools.lru_cache(512)
def _result(pairs: tuple) -> str:
    names = [n for n, _ in pairs]
    weaks = [w for _, w in pairs]
    if len(pairs) == 1:
        out, weak = names[0], weaks[0]
        out = _weak_name(out) if weak else out
    elif len(set(names)) == 1 and not all(weaks):
        out, weak = names[0], False
    elif all(weaks):
        out, weak = _least_upper_bound(frozenset(names)), True
    else:
        out = _least_upper_bound(frozenset(_weak_name(n) if w else n for n, w in pairs))
        weak = out in ("int", "float")
    if weak and out != "bool":
        bits = floatx()[-2:]
        kind = "float" if out in ("bfloat16", "float", "complex") or "float" in out else (
            "uint" if out.startswith("u") else "int")
        out = f"{kind}{bits}"
    return _NARROW.get(out, out)


def result_type(*dtypes) -> str:
    """``keras.backend.result_type``: Python ``int``/``float`` are weak types."""
    if not dtypes:
        return floatx()
    try:
        return _raw_result(dtypes, floatx())
    except TypeError:  # an unhashable dtype-like (a NumPy dtype class instance...)
        return _result(_pairs(dtypes))


def _pairs(dtypes) -> tuple:
    return tuple((standardize_dtype(floatx() if d is None else d), d is int or d is float)
                 for d in dtypes)


@functools.lru_cache(1024)
def _raw_result(dtypes: tuple, _floatx: str) -> str:
    return _result(_pairs(dtypes))


def dtype_of(x):
    """What Keras promotes ``x`` as: its dtype, or the Python type of a scalar."""
    dtype = getattr(x, "dtype", None)
    if dtype is not None:
        return dtype
    if isinstance(x, (bool, int, float)):
        return type(x)
    return tensor(x).dtype


def name_of(x) -> str:
    return standardize_dtype(x.dtype)


def tensor(x, dtype=None):
    """Keras' ``convert_to_tensor``: non-tensors to int/bool dtypes convert, then cast."""
    if type(x) is Tensor and (dtype is None or x.dtype.name == dtype):
        return x  # the common case, kept cheap
    if dtype is not None:
        dtype = standardize_dtype(dtype)
    if not tf.is_tensor(x):
        if dtype == "bool" or (dtype is not None and "int" in dtype):
            return tf.cast(tf.convert_to_tensor(x), dtype)
        return tf.convert_to_tensor(x, dtype=dtype)
    if isinstance(x, tf.Variable):
        x = tf.convert_to_tensor(x)
    if dtype is not None and x.dtype.name != dtype:
        return tf.cast(x, dtype)
    return x


def promote(*xs, extra=()):
    """The tensors ``xs`` converted to their Keras result type (plus ``extra`` dtypes)."""
    if not extra and len(xs) == 2 and type(xs[0]) is Tensor and type(xs[1]) is Tensor and \
            xs[0].dtype == xs[1].dtype:
        return list(xs)  # nothing to promote
    dtype = result_type(*(dtype_of(x) for x in xs), *extra)
    return [tensor(x, dtype) for x in xs]


def to_float(x):
    """``x`` as a tensor; ints and bools become floatx (Keras' unary float ops)."""
    x = tensor(x)
    if x.dtype.is_floating:
        return x
    name = x.dtype.name
    if name == "int64":
        return tf.cast(x, floatx())
    dtype = result_type(name, float)
    return x if dtype == name else tf.cast(x, dtype)


def axes(axis):
    """A Keras axis argument as None, an int or a list of ints."""
    if axis is None or isinstance(axis, (int, np.integer)):
        return axis
    return [int(a) for a in axis]


def static_shape(x):
    """``x``'s shape as a list, None where it varies between runs of the graph being traced
    (``Tensor.shape`` shows the tracing example's sizes there)."""
    from fluxion.ops._util import _recorded_shape

    shape = _recorded_shape(x)
    return None if shape is None else list(shape)


def dim(x, axis: int):
    """One dimension of ``x``: an int where static, else a scalar tensor."""
    d = static_shape(x)[axis]
    return tf.shape(x)[axis] if d is None else d


def tracing() -> bool:
    from fluxion.core.op import STATE

    return STATE.trace is not None


def canonical_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {rank}")
    return axis + rank if axis < 0 else axis


def _is_symbolic(value) -> bool:
    return type(value).__name__ == "KerasTensor"


def _any_symbolic(args, kwargs) -> bool:
    for v in (*args, *kwargs.values()):
        if _is_symbolic(v) or (isinstance(v, (list, tuple)) and
                               builtins_any(_is_symbolic(e) for e in v)):
            return True
    return False


builtins_any = any


def symbolic_aware(fn, op_name: str | None = None):
    """Lets ``fn`` take functional-API KerasTensors: the call is recorded as a layer node,
    as Keras 3 does for ``keras.ops`` on symbolic inputs (as the operation ``op_name``, the
    name it is exported as: ``true_divide`` is ``divide``'s function but Keras' TrueDivide)."""
    def op(*args, **kwargs):
        if not _any_symbolic(args, kwargs):
            return fn(*args, **kwargs)
        return _symbolic_call(fn, args, kwargs, op_name or fn.__name__)

    # name, docs and signature of `fn`, but no `__wrapped__`: autograph reads the source of
    # what inspect unwraps to and would pair it with this wrapper's (missing) defaults
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(op, attr, getattr(fn, attr, None))
    op.__signature__ = inspect.signature(fn)
    return op


def _symbolic_call(fn, args, kwargs, op_name: str):
    from fluxion.keras.engine.op_layer import record_op

    return record_op(fn, op_name, args, kwargs)


def wrap_module(namespace: dict, names) -> None:
    """Makes the listed public functions of a module symbolic-aware, in place."""
    for name in names:
        value = namespace.get(name)
        if callable(value) and not getattr(value, "_symbolic_aware", False):
            wrapped = symbolic_aware(value, name)
            wrapped._symbolic_aware = True
            namespace[name] = wrapped
