"""``tf.py_function`` and ``tf.numpy_function``: Python code as an op.

Eagerly, `py_function` runs the function at once on EagerTensors and `numpy_function` on NumPy
arrays. Inside a graph (``tf.function``, ``Dataset.map``) each becomes a *stateful* node of
the primitive `py_function` / `numpy_function` (never folded, merged or pruned), whose outputs
have unknown shapes as in TF. The node names its function by a number in a process-wide table,
as TF does: such a graph runs only in the process that traced it.

Gradients flow through `py_function` (not `numpy_function`, as in TF): the vjp is the stateful
primitive `py_function_grad`, which runs the function again under a GradientTape and
differentiates it with respect to the float inputs (inputs only, not variables the function
reads on its own).

Errors raised by the function become TF's error classes (InvalidArgumentError for ValueError
and TypeError, UnknownError for most others...), except an eager `numpy_function`, which lets
the original exception through.
"""
from __future__ import annotations

import collections
import functools
import itertools
import secrets
import threading
import traceback
from collections.abc import Callable

import numpy as np

from fluxion import errors
from fluxion.core import dtypes, nest
from fluxion.core.op import STATE, Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, to_array, wrap

__all__ = ["numpy_function", "py_function"]

# --- the table of functions named by graph nodes ------------------------------------------------
_FUNCS: dict[int, Callable] = {}  # held by graphs: for the life of the process
_RECENT: collections.OrderedDict = collections.OrderedDict()  # eager calls a tape may revisit
_MAX_RECENT = 1024
# numbers start at a random point per process, so a graph saved by another process can never
# name one of this process's functions by accident
_ids = itertools.count(secrets.randbits(40) << 20)
_lock = threading.Lock()


def _register(func: Callable, permanent: bool) -> int:
    with _lock:
        key = next(_ids)
        if permanent:
            _FUNCS[key] = func
        else:
            _RECENT[key] = func
            while len(_RECENT) > _MAX_RECENT:
                _RECENT.popitem(last=False)
    return key


def _lookup(key: int) -> Callable:
    func = _FUNCS.get(key) or _RECENT.get(key)
    if func is None:
        raise errors.InternalError(
            f"py_function: function #{key} is not registered in this process: a graph holding "
            f"tf.py_function / tf.numpy_function runs only in the process that traced it (and "
            f"gradients of eager calls are kept for the last {_MAX_RECENT} calls only)")
    return func


# --- running the user's function ------------------------------------------------------------------
_ERROR_CLASSES = ((ValueError, errors.InvalidArgumentError),
                  (TypeError, errors.InvalidArgumentError),
                  (StopIteration, errors.OutOfRangeError),
                  (NotImplementedError, errors.UnimplementedError),
                  (MemoryError, errors.ResourceExhaustedError))


def _as_tf_error(exc: BaseException, key: int) -> errors.OpError:
    """TF's error for an exception the function raised (the Python traceback in the text)."""
    cls = next((c for e, c in _ERROR_CLASSES if isinstance(exc, e)), errors.UnknownError)
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return cls(None, None, f"{type(exc).__name__}: {exc}\n{text} [Op:pyfunc_{key}]")


def _call_user(func: Callable, args: list, key: int):
    """Calls `func` eagerly: no trace, no tape of the caller sees its ops."""
    saved = STATE.trace, STATE.binding, STATE.tapes
    STATE.trace, STATE.binding, STATE.tapes = None, None, []
    try:
        return func(*args)
    except Exception as e:  # noqa: BLE001 - every failure of user code becomes a TF error
        raise _as_tf_error(e, key) from e
    finally:
        STATE.trace, STATE.binding, STATE.tapes = saved


def _results(ret, n_out: int, key: int) -> list:
    """The function's results as a list of `n_out` values (TF's rules: a list/tuple is the
    results, extra ones dropped; None is no result; anything else is one result)."""
    if ret is None:
        values = []
    elif isinstance(ret, (list, tuple)):
        values = list(ret)[:n_out]
    else:
        values = [ret]
    if len(values) != n_out:
        raise errors.InvalidArgumentError(
            None, None, f"pyfunc_{key} returns {len(values)} values, but expects to see "
                        f"{n_out} values. [Op:EagerPyFunc]")
    return values


def _py_function_kernel(xp, *arrays, func, tout, n_out):
    ret = _call_user(_lookup(func), [wrap(a) for a in arrays], func)
    out = []
    for value, dtype in zip(_results(ret, n_out, func), tout):
        try:
            t = value if isinstance(value, Tensor) and value.dtype is dtype else \
                convert_to_tensor(value, dtype)
        except (TypeError, ValueError) as e:
            raise errors.InvalidArgumentError(None, None, f"{type(e).__name__}: {e} "
                                                          f"[Op:EagerPyFunc]") from None
        out.append(np.asarray(t._value))
    return tuple(out)


def _numpy_function_kernel(xp, *arrays, func, tout, n_out):
    # as TF's graph kernel: 0-d values arrive as NumPy scalars (bytes for strings)
    args = [np.asarray(a)[()] if np.ndim(a) == 0 else np.asarray(a) for a in arrays]
    ret = _call_user(_lookup(func), args, func)
    out = []
    for i, (value, dtype) in enumerate(zip(_results(ret, n_out, func), tout)):
        arr = np.asarray(value)
        if dtype is dtypes.string and arr.dtype.kind in "OSU":
            arr = to_array(arr, dtypes.string)
        elif arr.dtype != dtype._np:
            got = dtypes.from_numpy(arr.dtype).name if arr.dtype.kind != "U" else "string"
            raise errors.InvalidArgumentError(
                None, None, f"{i}-th value returned by pyfunc_{func} is {got}, but expects "
                            f"{dtype.name} [Op:PyFunc]")
        out.append(arr)
    return tuple(out)


def _infer_outputs(*specs, func, tout, n_out):
    return tuple(Spec(None, d) for d in tout)  # any shape: only the function knows


def _differentiable(dtype) -> bool:
    return dtype.is_floating or dtype.is_complex


def _vjp_py_function(gs, outs, *inputs, func, tout, n_out):
    wrt = tuple(i for i, x in enumerate(inputs) if x._value.dtype.kind in "fc")
    diff_out = tuple(k for k, d in enumerate(tout) if _differentiable(d))
    if not wrt or not diff_out:
        return (None,) * len(inputs)
    grads = _py_function_grad(*inputs, *[gs[k] for k in diff_out], func=func, n_in=len(inputs),
                              wrt=wrt, outs=diff_out, n_wrt=len(wrt))
    result: list = [None] * len(inputs)
    for i, g in zip(wrt, grads):
        result[i] = g
    return tuple(result)


def _py_function_grad_kernel(xp, *arrays, func, n_in, wrt, outs, n_wrt):
    """Runs the function again under a tape; d(selected outputs)/d(float inputs) . grads."""
    from fluxion.core.tape import GradientTape  # noqa: PLC0415 - tape imports this layer

    f = _lookup(func)
    xs = [wrap(a) for a in arrays[:n_in]]
    saved = STATE.trace, STATE.binding, STATE.tapes
    STATE.trace, STATE.binding, STATE.tapes = None, None, []
    try:
        with GradientTape() as tape:
            for i in wrt:
                tape.watch(xs[i])
            ret = f(*xs)
        values = _results(ret, max(outs) + 1, func)
        pairs = [(values[k], g) for k, g in zip(outs, arrays[n_in:])
                 if isinstance(values[k], Tensor) and values[k]._value.dtype.kind in "fc"]
        grads = tape.gradient([t for t, _ in pairs], [xs[i] for i in wrt],
                              output_gradients=[wrap(np.asarray(g, t._value.dtype))
                                                for t, g in pairs]) if pairs else [None] * n_wrt
    except errors.OpError:
        raise
    except Exception as e:  # noqa: BLE001 - as for the forward call
        raise _as_tf_error(e, func) from e
    finally:
        STATE.trace, STATE.binding, STATE.tapes = saved
    return tuple(np.zeros_like(arrays[i]) if g is None else
                 np.asarray(g._value, arrays[i].dtype) for i, g in zip(wrt, grads))


_py_function = defop(
    "py_function", _py_function_kernel, num_outputs="n_out", same_dtype=1, stateful=True,
    infer=_infer_outputs, vjp=_vjp_py_function, tf_name="EagerPyFunc",
    doc="Calls the Python function numbered `func` on EagerTensors; outputs of dtypes `tout`.")
_numpy_function = defop(
    "numpy_function", _numpy_function_kernel, num_outputs="n_out", same_dtype=1,
    stateful=True, infer=_infer_outputs, tf_name="PyFunc",
    doc="Calls the Python function numbered `func` on NumPy arrays; outputs of dtypes `tout`.")
_py_function_grad = defop(
    "py_function_grad", _py_function_grad_kernel, num_outputs="n_wrt", same_dtype=1,
    stateful=True, tf_name="EagerPyFuncGrad",
    infer=lambda *specs, func, n_in, wrt, outs, n_wrt: tuple(specs[i] for i in wrt),
    doc="Gradient of `py_function`: the function rerun under a tape, for inputs `wrt`.")


# --- public functions -----------------------------------------------------------------------------
def _normalize_tout(Tout) -> tuple[tuple, bool]:  # noqa: N803 - TF's name
    """(dtypes, whether one result is returned bare)."""
    if isinstance(Tout, (list, tuple)):
        return tuple(_one_dtype(t) for t in Tout), False
    return (_one_dtype(Tout),), True


def _one_dtype(t):
    if hasattr(t, "dtype") and hasattr(t, "shape") and not isinstance(t, (np.ndarray, Tensor)):
        return dtypes.as_dtype(t.dtype)  # a TensorSpec
    try:
        return dtypes.as_dtype(t)
    except (TypeError, ValueError, KeyError):
        raise TypeError(f"Cannot convert the argument `type_value`: {t!r} to a TensorFlow "
                        f"DType.") from None


def _missing_tout() -> TypeError:
    return TypeError("Missing required argument: 'Tout'\n  If using tf.py_function as a "
                     "decorator, set `Tout`\n  **by name** above the function:\n  "
                     "`@tf.py_function(Tout=tout)`")


def _decorator(api: Callable, Tout, **kwargs) -> Callable:  # noqa: N803
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args):
            return api(func, list(args), Tout, **kwargs)
        return wrapper
    return decorate


def _input(x):
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _unknown_shapes(outputs) -> None:
    """Inside a trace: record the outputs' dims as unknown (they are whatever the function
    returns when the graph runs), so nothing downstream relies on the traced sizes. The rank
    seen while tracing is kept (TF keeps none): Dataset.map would otherwise guess the dims
    from two stand-in runs, and a padded_batch of the results needs the rank."""
    trace = STATE.trace
    if trace is not None and hasattr(trace, "forget_sizes"):
        trace.forget_sizes(outputs)


def _run(op, func, inp, tout, single: bool):
    inputs = [_input(x) for x in (list(inp) if inp is not None else [])]
    tracing = STATE.trace is not None
    key = _register(func, permanent=tracing)
    try:
        outputs = op(*inputs, func=key, tout=tout, n_out=len(tout))
    finally:
        if not tracing and not STATE.tapes:
            with _lock:
                _RECENT.pop(key, None)
    _unknown_shapes(outputs)
    return outputs[0] if single else list(outputs)


def py_function(func=None, inp=None, Tout=None, name=None):  # noqa: N803 - TF's names
    """Wraps a Python function into an op that runs it eagerly on EagerTensors, also inside a
    graph. `Tout`: a dtype (or TensorSpec) for one result, a list of them for several."""
    if Tout is None:
        raise _missing_tout()
    if func is None:
        return _decorator(py_function, Tout)
    tout, single = _normalize_tout(Tout)
    return _run(_py_function, func, inp, tout, single)


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):  # noqa: N803
    """Wraps a Python function of NumPy arrays into an op (not differentiable). Eagerly it is
    called at once and its results converted as they are (as TF does); in a graph they must
    have the dtypes `Tout`."""
    if Tout is None:
        raise _missing_tout()
    if func is None:
        return _decorator(numpy_function, Tout, stateful=stateful)
    tout, single = _normalize_tout(Tout)
    if STATE.trace is None:
        return _eager_numpy_function(func, inp)
    return _run(_numpy_function, func, inp, tout, single)


def _eager_numpy_function(func, inp):
    """TF's eager path: the function on NumPy values; results converted without `Tout`, one
    result bare, None kept."""
    args = [np.array(x._value) if hasattr(x, "_value") else np.array(x)
            for x in (list(inp) if inp is not None else [])]
    saved = STATE.tapes
    STATE.tapes = []  # not differentiable: no tape sees the ops inside
    try:
        result = func(*args)
    finally:
        STATE.tapes = saved
    flat = nest.flatten(result)
    flat = [None if x is None else convert_to_tensor(x) for x in flat]
    return flat[0] if len(flat) == 1 else flat
