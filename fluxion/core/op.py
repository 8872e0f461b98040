"""The op registry and `bind`: every primitive op is defined once, here used by every mode.

An `Op` carries everything about one primitive: its name, the kernel (a function of backend
arrays), its shape/dtype inference rule and its vector-Jacobian product (written with public
fluxion ops, so gradients can be recorded, traced and differentiated again).

Calling an op *binds* it to the current interpreter:
- eager (the default): convert inputs, run the kernel, wrap the result;
- a graph trace (installed by `fluxion.function`): `STATE.trace.bind(op, inputs, attrs)`;
- recording tapes: after the eager kernel runs, every active `GradientTape` records the call.
"""
from __future__ import annotations

from collections import namedtuple
from typing import Callable

import numpy as np

from fluxion import errors
from fluxion.backends import numpy_backend
from fluxion.core import dtypes
from fluxion.core.dtypes import DType
from fluxion.core.state import STATE
from fluxion.core.tensor import Tensor, to_array, wrap

_new = object.__new__
_NO_VALUE = object()  # marks an input that is not a tensor or variable
CHECK_NUMERICS = [False]  # tf.debugging.enable_check_numerics (fluxion/core/numerics_check.py)
Spec = namedtuple("Spec", "shape dtype")
Spec.__doc__ = "Static description of a tensor: shape (tuple, None dims, or None) and DType."

REGISTRY: dict[str, "Op"] = {}


class Op:
    """A primitive op. Call it with tensors (or convertible values) and keyword attributes."""

    __slots__ = ("name", "tf_name", "kernel", "vjp", "infer", "num_outputs", "dtypes",
                 "same_dtype", "stateful", "vjp_needs", "shape_only", "_np_kernel", "_np_allowed",
                 "doc")

    def __init__(self, name: str, kernel, *, vjp: Callable | None = None,
                 infer: Callable | None = None, num_outputs: int | str = 1,
                 dtypes: tuple | None = None, same_dtype: int | None = None,
                 stateful: bool = False, vjp_needs: bool = False, shape_only: bool = False,
                 tf_name: str | None = None, doc: str | None = None):
        self.name = name
        self.tf_name = tf_name or "".join(p.capitalize() for p in name.split("_"))
        self.kernel = kernel
        self.vjp = vjp
        self.infer = infer
        # an int, or the name of the attribute that holds the count (e.g. "num" for unstack);
        # ops with num_outputs != 1 always return a tuple
        self.num_outputs = num_outputs
        self.dtypes = dtypes
        # how many leading inputs must share input 0's dtype (all of them by default)
        self.same_dtype = same_dtype
        self.stateful = stateful
        # vjp_needs: the vjp takes `needs`, one bool per input, and may return None where False
        # (saves e.g. matmul's gradient w.r.t. a data batch nobody asked for)
        self.vjp_needs = vjp_needs
        # shape_only: the outputs depend on the inputs' shapes and dtypes, never their values
        # (shape, size, zeros_like...): static for a graph trace
        self.shape_only = shape_only
        self.doc = doc
        self._np_kernel = numpy_backend.resolve(kernel)
        self._np_allowed = None if dtypes is None else frozenset(d._np for d in dtypes)

    def __repr__(self) -> str:
        return f"<Op {self.name}>"

    # --- binding -----------------------------------------------------------------------------
    def __call__(self, *inputs, **attrs):
        state = STATE
        if state.trace is not None:
            if CHECK_NUMERICS[0]:  # tf.debugging.enable_check_numerics: checks in the graph
                from fluxion.core import numerics_check  # noqa: PLC0415

                return numerics_check.traced(self, state.trace.bind(self, inputs, attrs))
            return state.trace.bind(self, inputs, attrs)
        n = len(inputs)
        if n == 2:
            a0 = getattr(inputs[0], "_value", _NO_VALUE)
            a1 = getattr(inputs[1], "_value", _NO_VALUE)
            if a1 is _NO_VALUE and a0 is not _NO_VALUE and self.same_dtype is None:
                a1 = _python_scalar(inputs[1], a0.dtype)  # `x * 2.0`: the common mixed case
                if a1 is not None:
                    t = _new(Tensor)
                    t._value = a1
                    inputs = (inputs[0], t)
                else:
                    a1 = _NO_VALUE
            elif a0 is _NO_VALUE and a1 is not _NO_VALUE and self.same_dtype is None:
                a0 = _python_scalar(inputs[0], a1.dtype)  # `2.0 * x`
                if a0 is not None:
                    t = _new(Tensor)
                    t._value = a0
                    inputs = (t, inputs[1])
                else:
                    a0 = _NO_VALUE
            arrays = (a0, a1)
            plain = a0 is not _NO_VALUE and a1 is not _NO_VALUE
        elif n == 1:
            arrays = (getattr(inputs[0], "_value", _NO_VALUE),)
            plain = arrays[0] is not _NO_VALUE
        else:
            arrays = tuple([getattr(x, "_value", _NO_VALUE) for x in inputs])
            plain = all(a is not _NO_VALUE for a in arrays)  # identity: never ndarray ==
        if not plain:  # Python or NumPy values among the inputs
            arrays, inputs = self.convert_inputs(inputs)
        if n > 1:
            d0 = arrays[0].dtype
            if n == 2 and self.same_dtype is None:
                if arrays[1].dtype is not d0 and arrays[1].dtype != d0:
                    raise self.dtype_mismatch(arrays, 1)
            else:
                self.check_same_dtype(arrays)
        allowed = self._np_allowed
        if allowed is not None and n and arrays[0].dtype not in allowed:
            raise self.dtype_not_allowed(arrays[0].dtype)
        try:
            out = self._np_kernel(*arrays, **attrs)
        except errors.OpError:
            raise
        except Exception as e:  # noqa: BLE001 - every kernel failure becomes a TF error
            raise self.kernel_error(e, arrays, attrs) from None
        if self.num_outputs == 1:
            result = _new(Tensor)
            result._value = out
        else:
            result = tuple([wrap(o) for o in out])
        if CHECK_NUMERICS[0]:  # tf.debugging.enable_check_numerics
            from fluxion.core import numerics_check  # noqa: PLC0415

            numerics_check.eager(self, inputs, result)
        if state.tapes:
            for tape in state.tapes:
                tape._record(self, inputs, attrs, result)
        return result

    def check_same_dtype(self, arrays) -> None:
        d0 = arrays[0].dtype
        for i in range(1, len(arrays) if self.same_dtype is None else self.same_dtype):
            if arrays[i].dtype is not d0 and arrays[i].dtype != d0:
                raise self.dtype_mismatch(arrays, i)

    def convert_inputs(self, inputs) -> tuple[list, list]:
        """Converts non-tensor inputs; Python scalars take the dtype of the tensors beside them.
        Returns the backend arrays and the inputs as tensors (for tapes and traces)."""
        ref = None
        same = len(inputs) if self.same_dtype is None else self.same_dtype
        for x in inputs[:same]:
            if hasattr(x, "_value"):
                ref = x._value.dtype
                break
        arrays, tensors = [], []
        for i, x in enumerate(inputs):
            if hasattr(x, "_value"):
                arrays.append(x._value)
                tensors.append(x)
                continue
            a = None
            if i < same and ref is not None:
                a = _python_scalar(x, ref)  # the common `x * 2.0`: no general conversion
                if a is None:
                    try:
                        a = to_array(x, dtypes.from_numpy(ref))
                    except (TypeError, ValueError):  # e.g. int32 tensor + 1.5: TF reports
                        a = None  # the dtype mismatch of the converted operand
            if a is None:
                a = to_array(x)
            arrays.append(a)
            t = _new(Tensor)
            t._value = a
            tensors.append(t)
        return arrays, tensors

    # --- static inference ------------------------------------------------------------------
    def infer_specs(self, *specs: Spec, **attrs):
        """Output Spec(s) for input Specs; falls back to running the kernel on zeros."""
        if self.infer is not None:
            return self.infer(*specs, **attrs)
        return infer_by_evaluation(self, specs, attrs)

    # --- errors ----------------------------------------------------------------------------
    def describe(self, arrays) -> str:
        return ", ".join(f"#{i} shape={list(np.shape(a))} dtype={_dtype_name(a)}"
                         for i, a in enumerate(arrays))

    def dtype_mismatch(self, arrays, i: int) -> errors.InvalidArgumentError:
        want, got = _dtype_name(arrays[0]), _dtype_name(arrays[i])
        return errors.InvalidArgumentError(
            None, None,
            f"cannot compute {self.tf_name} as input #{i}(zero-based) was expected to be a "
            f"{want} tensor but is a {got} tensor [Op:{self.tf_name}]")

    def dtype_not_allowed(self, npd) -> errors.InvalidArgumentError:
        allowed = ", ".join(d.name for d in self.dtypes)
        return errors.InvalidArgumentError(
            None, None,
            f"Value for attr 'T' of {dtypes.from_numpy(npd).name} is not in the list of allowed "
            f"values: {allowed} [Op:{self.tf_name}]")

    def kernel_error(self, exc: Exception, arrays, attrs) -> errors.InvalidArgumentError:
        shown = {k: v for k, v in attrs.items() if not isinstance(v, np.ndarray)}
        return errors.InvalidArgumentError(
            None, None,
            f"{self.tf_name}: {exc} (inputs: {self.describe(arrays)}; attrs: {shown}) "
            f"[Op:{self.tf_name}]")


def _python_scalar(x, npd):
    """`x` as a NumPy scalar of dtype `npd` when that is exact (float into a float dtype, int
    that fits an int or float dtype, bool into bool); None otherwise."""
    kind = npd.kind
    t = type(x)
    if t is float:
        return npd.type(x) if kind in "fc" else None
    if t is int:
        if kind in "fc":
            return npd.type(x)
        if kind in "iu":
            try:
                return npd.type(x)
            except OverflowError:
                return None
        return None
    if t is bool:
        return npd.type(x) if kind == "b" else None
    return None


def _dtype_name(a) -> str:
    try:
        return dtypes.from_numpy(np.asarray(a).dtype).name
    except TypeError:
        return str(np.asarray(a).dtype)


def defop(name: str, kernel, **kwargs) -> Op:
    """Defines and registers a primitive op. See `Op` for the arguments."""
    if name in REGISTRY:
        raise ValueError(f"op {name!r} is already defined")
    op = Op(name, kernel, **kwargs)
    REGISTRY[name] = op
    return op


def infer_by_evaluation(op: Op, specs, attrs):
    """Generic inference: run the kernel on zeros when every input shape is known."""
    if any(s.shape is None or None in s.shape for s in specs):
        unknown = Spec(None, specs[0].dtype if specs else dtypes.float32)
        n = attrs[op.num_outputs] if isinstance(op.num_outputs, str) else op.num_outputs
        return unknown if n == 1 else tuple(unknown for _ in range(n))
    arrays = [np.zeros(s.shape, s.dtype._np) for s in specs]
    out = op._np_kernel(*arrays, **attrs)
    if op.num_outputs == 1:
        return Spec(tuple(np.shape(out)), dtypes.from_numpy(np.asarray(out).dtype))
    return tuple(Spec(tuple(np.shape(o)), dtypes.from_numpy(np.asarray(o).dtype)) for o in out)


def spec_of(x) -> Spec:
    """The Spec of a tensor-like value."""
    v = x._value if hasattr(x, "_value") else to_array(x)
    return Spec(tuple(np.shape(v)), dtypes.from_numpy(np.asarray(v).dtype))


def is_differentiable(dtype: DType) -> bool:
    return dtype.is_floating or dtype.is_complex
