"""The eager `Tensor` (a thin immutable wrapper over a backend array) and conversion to it.

Operator overloads (``+``, ``@``, indexing, comparisons...) are attached by
`fluxion.ops.overloads`, so this module does not depend on the op library.
"""
from __future__ import annotations

import numbers

import numpy as np

from fluxion.core import dtypes
from fluxion.core.dtypes import DType, as_dtype
from fluxion.core.shape import TensorShape
from fluxion.core.state import STATE
from fluxion.errors import OperatorNotAllowedInGraphError

_new = object.__new__
_NP_BY_DTYPE = {d: d._np for d in dtypes.ALL}
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


class SymbolicArrayError(OperatorNotAllowedInGraphError, NotImplementedError):
    """NumPy conversion (``np.asarray(t)``) of a traced tensor whose value depends on the
    function's inputs. TF raises NotImplementedError; it is also an
    OperatorNotAllowedInGraphError, the error the tracing machinery falls back on."""


class SymbolicNumpyError(OperatorNotAllowedInGraphError, AttributeError):
    """``.numpy()`` of a traced tensor whose value depends on the function's inputs (TF's
    symbolic tensors have no ``numpy`` attribute: AttributeError)."""


def _static_guard(x, what: str) -> None:
    """Inside a graph trace, refuses Python reads of values that depend on the inputs."""
    if STATE.trace is not None:
        STATE.trace.check_static(x, what)


def _is_symbolic(x) -> bool:
    """Whether `x` is a value of the graph being traced that differs between its runs: a
    tensor computed from the function's inputs, or a variable (read when the graph runs)."""
    trace = STATE.trace
    if trace is None:
        return False
    return trace.is_dynamic_here(x) or not isinstance(x, Tensor)


def _array_guard(x) -> None:
    if _is_symbolic(x):
        raise SymbolicArrayError(
            f"Cannot convert a symbolic tf.Tensor ({_describe_symbolic(x)}) to a numpy array. "
            f"This error may indicate that you're trying to pass a Tensor to a NumPy call, "
            f"which is not supported: while tracing function {STATE.trace.name!r} its value "
            f"depends on the function's inputs. Use tf ops instead.")


def _symbolic_fields(x, quote: bool) -> str:
    """How TF shows a symbolic tensor: its graph name, recorded shape and dtype."""
    trace = STATE.trace
    name = trace._names.get(id(x), "?") if hasattr(trace, "_names") else "?"
    shape = trace.recorded_shape(x) if hasattr(trace, "recorded_shape") else None
    shape = TensorShape(np.shape(x._value) if shape is None else shape)
    if quote:
        return f"'{name}:0' shape={shape} dtype={x.dtype.name}"
    return f'"{name}:0", shape={shape}, dtype={x.dtype.name}'


def _describe_symbolic(x) -> str:
    kind = "variable " if not isinstance(x, Tensor) else ""
    return f"{kind}shape={tuple(np.shape(x._value))}, dtype={x.dtype.name}"


class ValueProtocol:
    """Python/NumPy conversions shared by everything that holds a backend array in `_value`
    (Tensor and Variable)."""

    __slots__ = ()

    def __array__(self, dtype=None, copy=None):
        if STATE.trace is not None:
            _array_guard(self)
        v = np.asarray(self._value)
        return v if dtype is None else v.astype(dtype, copy=False)

    def __len__(self) -> int:
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __bool__(self) -> bool:
        _static_guard(self, "Using as a Python bool")
        return bool(self._value)

    def __int__(self) -> int:
        _static_guard(self, "Converting to int")
        return int(self._value)

    def __float__(self) -> float:
        _static_guard(self, "Converting to float")
        return float(self._value)

    def __index__(self) -> int:
        _static_guard(self, "Using as an index")
        if self._value.dtype.kind not in "iu" or self._value.ndim != 0:
            raise TypeError(f"Only integer scalar tensors can be used as an index, got "
                            f"shape={self._value.shape} dtype={self.dtype.name}")
        return int(self._value)

    def __complex__(self) -> complex:
        return complex(self._value)


class Tensor(ValueProtocol):
    """An immutable multi-dimensional array, the eager counterpart of ``tf.Tensor``."""

    __slots__ = ("_value", "__weakref__")
    __array_priority__ = 100  # make `ndarray + Tensor` defer to Tensor.__radd__

    def __init__(self, value) -> None:
        self._value = value

    # --- metadata -------------------------------------------------------------------------
    @property
    def dtype(self) -> DType:
        return dtypes.from_numpy(self._value.dtype)

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def name(self) -> str:
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def device(self) -> str:
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    # --- conversion to Python / NumPy ------------------------------------------------------
    def numpy(self):
        if STATE.trace is not None and _is_symbolic(self):
            raise SymbolicNumpyError(
                f"'SymbolicTensor' object has no attribute 'numpy': .numpy() is only available "
                f"in eager mode, and this tf.Tensor ({_describe_symbolic(self)}) depends on the "
                f"inputs of function {STATE.trace.name!r} being traced. Use tf ops (or "
                f"tf.print) instead.")
        v = self._value
        # A copy: tensors are immutable and kernels may return views of their inputs.
        # Scalars come back as NumPy scalars (np.float32(3.0)), as in TF.
        if type(v) is np.ndarray:
            return v.copy() if v.ndim else v[()]
        return v

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        from fluxion.core.op import STATE  # noqa: PLC0415 - op imports this module

        if STATE.trace is not None and STATE.trace.is_dynamic_here(self):
            from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415

            raise OperatorNotAllowedInGraphError(
                "Iterating over a symbolic tf.Tensor is not allowed: AutoGraph converts `for` "
                "loops over tensors in functions it can read the source of; otherwise use "
                "tf.while_loop or tf.unstack with a known length.")
        from fluxion.ops import array_ops  # noqa: PLC0415 - tensor.py must not import ops at load

        return iter(array_ops.unstack(self))

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def __copy__(self) -> "Tensor":
        return self

    def __deepcopy__(self, memo) -> "Tensor":
        return self

    def __reduce__(self):
        return Tensor, (np.array(self._value),)

    def __repr__(self) -> str:
        if STATE.trace is not None and _is_symbolic(self):
            return f"<tf.Tensor {_symbolic_fields(self, quote=True)}>"
        shown = numpy_text(self._value)
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={shown}>"

    def __str__(self) -> str:
        if STATE.trace is not None and _is_symbolic(self):
            return f"Tensor({_symbolic_fields(self, quote=False)})"
        text = str(np.asarray(self._value))
        text = "\n" + text if "\n" in text else text  # TF starts several lines on a new one
        return f"tf.Tensor({text}, shape={self.shape}, dtype={self.dtype.name})"

    def __format__(self, spec: str) -> str:
        if self._value.ndim == 0:
            return format(self._value.item(), spec)
        return str(self) if not spec else format(np.asarray(self._value), spec)

    @property
    def assign(self):
        """``v[1:3].assign(x)``: writes into the variable a slice came from (TF's
        _SliceHelperVar); other tensors have no `assign` (AttributeError, as in TF)."""
        from fluxion.ops.slicing_ops import variable_slice_assign  # noqa: PLC0415 - ops on core

        return variable_slice_assign(self)

    # helpers TF users call on tensors
    def set_shape(self, shape) -> None:
        """Checks `shape` against this tensor's; while tracing, its known dims also fill the
        dims the graph records as unknown (after a py_function, a decode...)."""
        if not self.shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied "
                             f"shape {TensorShape(shape)}.")
        shape = TensorShape(shape)
        if STATE.trace is not None and shape.rank is not None and \
                hasattr(STATE.trace, "refine_shape"):
            STATE.trace.refine_shape(self, shape.as_list())

    def experimental_ref(self):
        return self.ref()

    def ref(self):
        return _TensorRef(self)


class _TensorRef:
    """A hashable reference to a tensor (``Tensor.ref()``), deref() returns it."""

    __slots__ = ("_t",)

    def __init__(self, t) -> None:
        self._t = t

    def deref(self):
        return self._t

    def __hash__(self) -> int:
        return id(self._t)

    def __eq__(self, other) -> bool:
        return isinstance(other, _TensorRef) and other._t is self._t


def wrap(value) -> Tensor:
    """Wraps a backend array as a Tensor without copying (hot path)."""
    t = _new(Tensor)
    t._value = value
    return t


# --- conversion ------------------------------------------------------------------------------
def _infer_np(value):
    """Converts a Python/NumPy value with TF's default dtypes (float32, int32 or int64)."""
    if isinstance(value, np.ndarray):
        # text arrays (NumPy bytes or str, or objects holding either) become TF strings: one
        # representation (an object array of bytes) that every string op sees
        return _string_array(value) if value.dtype.kind in "USO" else value
    if isinstance(value, np.generic):
        return _string_array(value) if value.dtype.kind in "SU" else np.asarray(value)
    if isinstance(value, bool):
        return np.asarray(value)
    if isinstance(value, numbers.Integral):
        v = int(value)
        return np.asarray(v, np.int32 if _INT32_MIN <= v <= _INT32_MAX else np.int64)
    if isinstance(value, float):
        return np.asarray(value, np.float32)
    if isinstance(value, (str, bytes)):
        return _string_array(value)
    if isinstance(value, complex):
        return np.asarray(value, np.complex128)
    arr = np.asarray(value)
    kind = arr.dtype.kind
    if kind == "f" and arr.dtype == np.float64 and not _has_numpy_leaf(value):
        return arr.astype(np.float32)
    if kind in "iu" and not _has_numpy_leaf(value):
        if arr.size == 0 or (arr.min() >= _INT32_MIN and arr.max() <= _INT32_MAX):
            return arr.astype(np.int32)
        return arr.astype(np.int64)
    if kind in "USO":
        return _string_array(value)
    return arr


def _has_numpy_leaf(value) -> bool:
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    return isinstance(value, (np.ndarray, np.generic))


def _string_array(value):
    """`value` as TF stores strings: an object array of bytes (str encoded as UTF-8)."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "S":
        return value.astype(object)  # NumPy bytes: already bytes, element by element
    arr = np.array(value, dtype=object)
    flat = arr.reshape(-1)
    for i, s in enumerate(flat):
        if type(s) is bytes:
            continue
        if isinstance(s, str):
            flat[i] = s.encode("utf-8")
        elif isinstance(s, bytes):
            flat[i] = bytes(s)  # np.bytes_ -> bytes
        else:
            raise TypeError(f"Failed to convert elements of {value!r} to Tensor: mixed types")
    return arr


def to_array(value, dtype: DType | None = None, *, strict_python: bool = True):
    """Converts `value` to a backend array of `dtype` (inferred when None).

    Python values that do not fit `dtype` exactly (1.5 as int32) raise TypeError like TF;
    NumPy arrays are cast.
    """
    from fluxion.core.variable import Variable  # noqa: PLC0415 - cycle: variable uses tensor

    if isinstance(value, Tensor):
        arr = value._value
        if dtype is not None and _NP_BY_DTYPE[dtype] != arr.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return arr
    if isinstance(value, Variable):
        return to_array(value.value(), dtype)
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        value = _tensor_leaves_to_numpy(value)
    if dtype is None:
        return _infer_np(value)
    npd = _NP_BY_DTYPE[dtype]
    if dtype is dtypes.string:
        return _string_array(value)
    if isinstance(value, (np.ndarray, np.generic)):
        return np.asarray(value).astype(npd, copy=False)
    arr = np.asarray(value)
    if arr.dtype.kind in "USO":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    out = arr.astype(npd)
    if strict_python and arr.size and not _fits(arr, out, dtype):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    return out


def _fits(arr, out, dtype: DType) -> bool:
    if dtype.is_bool:
        return arr.dtype.kind == "b"
    if dtype.is_integer:
        return arr.dtype.kind in "biu" and bool(np.all(out.astype(arr.dtype) == arr))
    if dtype.is_floating or dtype.is_complex:
        return arr.dtype.kind != "c" or dtype.is_complex
    return True


def _contains_tensor(value) -> bool:
    from fluxion.core.variable import Variable  # noqa: PLC0415

    for v in value:
        if isinstance(v, (Tensor, Variable)):
            return True
        if isinstance(v, (list, tuple)) and _contains_tensor(v):
            return True
    return False


def _tensor_leaves_to_numpy(value):
    if isinstance(value, (list, tuple)):
        return [_tensor_leaves_to_numpy(v) for v in value]
    return np.asarray(value)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None) -> Tensor:
    """``tf.convert_to_tensor``: Tensors pass through, Python and NumPy values are wrapped."""
    from fluxion.core.variable import Variable  # noqa: PLC0415

    if type(value) is Tensor and dtype is None:
        return value
    if dtype is not None:
        dtype = as_dtype(dtype)
        if isinstance(value, Tensor) and value._value.dtype == dtype._np:
            return value  # the same object: tapes and traces know it by identity
    if isinstance(value, Variable):
        t = value.value()
        if dtype is not None and t.dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for variable "
                             f"with dtype {t.dtype.name}")
        return t
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        from fluxion.ops import array_ops  # noqa: PLC0415 - packing is a differentiable op

        # Python numbers take the dtype of the tensors beside them ([n_int64, 2]), as TF packs
        ref = dtype or next((v.dtype for v in value if isinstance(v, (Tensor, Variable))),
                            None)
        packed = array_ops.stack([convert_to_tensor(
            v, dtype=ref if ref is not None and isinstance(v, (int, float))
            and not isinstance(v, bool) else None) for v in value])
        if dtype is not None and packed.dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for a list of "
                             f"tensors with dtype {packed.dtype.name}")
        return packed
    if hasattr(value, "__tf_tensor__"):
        return value.__tf_tensor__(dtype, name)
    if dtype is None and dtype_hint is not None:
        try:
            return wrap(to_array(value, as_dtype(dtype_hint)))
        except (TypeError, ValueError):
            pass
    return wrap(to_array(value, dtype))


def constant(value, dtype=None, shape=None, name="Const") -> Tensor:
    """``tf.constant``: a tensor from a Python or NumPy value, optionally cast and reshaped."""
    if dtype is not None:
        dtype = as_dtype(dtype)
    if isinstance(value, Tensor):
        arr = value._value
        if dtype is not None and arr.dtype != _NP_BY_DTYPE[dtype]:  # TF converts, never casts
            raise TypeError(f"Expected tensor {numpy_text(arr)} with dtype {dtype!r}, but got "
                            f"dtype {dtypes.from_numpy(arr.dtype)!r}.")
    else:
        arr = to_array(value, dtype)
    if shape is not None:
        shape = tuple(int(d) for d in TensorShape(shape).as_list())
        n = int(np.prod(shape))
        if arr.size == 1:
            arr = np.broadcast_to(arr.reshape(()), shape).copy()
        elif arr.size == n:
            arr = arr.reshape(shape)
        else:
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor "
                            f"{arr} has {arr.size} elements, but got `shape` {shape} with "
                            f"{n} elements).")
    elif isinstance(arr, np.ndarray) and not isinstance(value, Tensor):
        if arr is value:
            arr = arr.copy()  # a Tensor must not alias a user's mutable array
    return wrap(arr)


def is_tensor(x) -> bool:
    from fluxion.core.variable import Variable  # noqa: PLC0415

    # composite tensors (SparseTensor) count too, as in TF
    return isinstance(x, (Tensor, Variable)) or getattr(type(x), "_composite_tensor", False)


def numpy_text(value) -> str:
    """How TF's reprs show a value: scalars plainly (`numpy=0`), arrays as array(...), on a
    line of their own when they take several."""
    v = np.asarray(value)
    text = str(v[()]) if v.ndim == 0 else np.array_repr(v)
    return "\n" + text if "\n" in text else text
