"""TF's dispatch of public ops to their ragged versions: `tf.cast(rt, ...)`, `tf.abs(rt)`,
`tf.add(rt, 1)`, `tf.where(rt > 0, rt, 0)`, `tf.concat([rt, rt], 0)`, `tf.stack(...)`,
`tf.expand_dims(rt, 0)` and `tf.size(rt)` take RaggedTensors as they do in TF.

RaggedTensors exist only once this package is imported, so the public functions are wrapped
here, on import: until then they run unwrapped, and after it a call that has no RaggedTensor
argument pays one type test per argument before going on as before.
"""
from __future__ import annotations

import functools

import fluxion
from fluxion.ragged import operators, ragged_ops
from fluxion.ragged.ragged_tensor import RaggedTensor

# elementwise ops TF dispatches for ragged arguments (tf.X and tf.math.X alike)
_UNARY = ("abs", "negative", "sign", "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p",
          "sin", "cos", "tan", "tanh", "sigmoid", "floor", "ceil", "round", "logical_not",
          "reciprocal", "is_nan", "is_finite", "is_inf", "softplus", "erf")
_BINARY = ("add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
           "pow", "maximum", "minimum", "equal", "not_equal", "less", "less_equal", "greater",
           "greater_equal", "logical_and", "logical_or", "logical_xor", "squared_difference",
           "divide_no_nan", "multiply_no_nan")
_NAMESPACES = ("", "math", "nn")


def _has_ragged(values) -> bool:
    return any(type(v) is RaggedTensor for v in values)


def _elementwise(fn):
    @functools.wraps(fn)
    def dispatched(*args, **kwargs):
        if _has_ragged(args):
            return operators.elementwise(fn, *args, **kwargs)
        return fn(*args, **kwargs)
    dispatched.__ragged_dispatch__ = True
    return dispatched


def _cast(fn):
    @functools.wraps(fn)
    def cast(x, dtype, name=None):
        if type(x) is RaggedTensor:
            return x.with_flat_values(fn(x.flat_values, dtype))
        return fn(x, dtype, name=name)
    cast.__ragged_dispatch__ = True
    return cast


def _listed(fn, ragged_fn):
    """concat / stack: a list argument holding a RaggedTensor goes to the ragged version."""
    @functools.wraps(fn)
    def dispatched(values, axis=0, name=None):
        if isinstance(values, (list, tuple)) and _has_ragged(values):
            return ragged_fn(list(values), axis)
        return fn(values, axis, name=name)
    dispatched.__ragged_dispatch__ = True
    return dispatched


def _where(fn):
    @functools.wraps(fn)
    def where(condition, x=None, y=None, name=None):
        if x is not None and _has_ragged((condition, x, y)):
            ref = next(v for v in (condition, x, y) if type(v) is RaggedTensor)
            flat = [v.flat_values if type(v) is RaggedTensor else operators._operand(ref, v)
                    for v in (condition, x, y)]
            return ref.with_flat_values(fn(*flat))
        return fn(condition, x, y, name=name)
    where.__ragged_dispatch__ = True
    return where


def _expand_dims(fn):
    @functools.wraps(fn)
    def expand_dims(input, axis, name=None):  # noqa: A002 - TF's name
        if type(input) is RaggedTensor:
            axis = int(axis)
            rank = input.shape.rank
            if axis < 0:
                axis += rank + 1
            if axis == 0:  # one row holding all the rows
                splits = fluxion.constant([0], input.row_splits.dtype)
                return RaggedTensor.from_row_splits(
                    input, fluxion.concat([splits, fluxion.reshape(input.nrows(), [1])], 0),
                    validate=False)
            if axis > input.ragged_rank:  # inside the uniform inner dims: the flat values'
                return input.with_flat_values(fn(input.flat_values, axis - input.ragged_rank))
            raise NotImplementedError(f"expand_dims of a RaggedTensor at axis {axis} (between "
                                      f"its ragged dims) is not supported")
        return fn(input, axis, name=name)
    expand_dims.__ragged_dispatch__ = True
    return expand_dims


def _size(fn):
    @functools.wraps(fn)
    def size(input, out_type=None, name=None):  # noqa: A002 - TF's name
        if type(input) is RaggedTensor:
            return fn(input.flat_values, **({} if out_type is None else {"out_type": out_type}))
        return fn(input, **({} if out_type is None else {"out_type": out_type}), name=name)
    size.__ragged_dispatch__ = True
    return size


_WRAPPED: dict = {}  # (original, kind) -> wrapper: aliases (tf.math.mod, floormod) stay one


def _wrap(module, name: str, make) -> None:
    fn = getattr(module, name, None)
    if fn is not None and not getattr(fn, "__ragged_dispatch__", False):
        key = (id(fn), getattr(make, "__name__", ""), name if make.__name__ == "<lambda>"
               else "")
        if key not in _WRAPPED:
            _WRAPPED[key] = (fn, make(fn))  # (fn kept alive so its id stays unique)
        setattr(module, name, _WRAPPED[key][1])


def install() -> None:
    namespaces = [fluxion if not ns else getattr(fluxion, ns) for ns in _NAMESPACES]
    for module in namespaces:
        for name in _UNARY + _BINARY:
            _wrap(module, name, _elementwise)
        _wrap(module, "cast", _cast)
    _wrap(fluxion, "concat", lambda fn: _listed(fn, ragged_ops.concat))
    _wrap(fluxion, "stack", lambda fn: _listed(fn, ragged_ops.stack))
    _wrap(fluxion, "where", _where)
    _wrap(fluxion, "expand_dims", _expand_dims)
    _wrap(fluxion, "size", _size)
