"""Elementwise operators of RaggedTensors (``rt + 1``, ``rt * rt``, ``rt < dense``...).

As in TF, an elementwise op applies to the flat values: with a scalar or a tensor of the
uniform inner dims directly, with a RaggedTensor of the same row partition value by value,
and with a dense tensor over the ragged dims (size 1 there) by broadcasting it to the values.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.ragged import _util
from fluxion.ragged.ragged_tensor import RaggedTensor


def _same_partition(x: RaggedTensor, y: RaggedTensor) -> None:
    if x.ragged_rank != y.ragged_rank:
        raise ValueError(f"Ragged ranks differ: {x.ragged_rank} and {y.ragged_rank}; "
                         f"shapes {x.shape} and {y.shape} are incompatible")
    if x.row_splits_dtype != y.row_splits_dtype:
        raise ValueError("Input RaggedTensors have mismatched row_splits dtypes; use "
                         "RaggedTensor.with_row_splits_dtype() to convert them to compatible "
                         "dtypes.")
    for a, b in zip(x.nested_row_splits, y.nested_row_splits):
        if a is b:
            continue
        ka, kb = _util.known(a), _util.known(b)
        if ka is not None and kb is not None:
            if ka.shape != kb.shape or not np.array_equal(ka, kb):
                raise errors.InvalidArgumentError(
                    f"Condition x == y did not hold: the RaggedTensors' row_splits differ "
                    f"({ka.tolist()} vs. {kb.tolist()})")
            continue
        _util.require(tf.reduce_all(tf.equal(a, b)), "Condition x == y did not hold: "
                      "the RaggedTensors' row_splits differ")


def _outer_rowids(rt: RaggedTensor):
    """For every flat value, the outer row it lies in."""
    ids = None
    for splits in reversed(rt.nested_row_splits):
        rows = _util.rowids_from_splits(splits)
        ids = rows if ids is None else tf.gather(rows, ids)
    return ids


def _dense_at_values(rt: RaggedTensor, dense):
    """`dense` (broadcastable to rt's shape) as a tensor aligned with rt.flat_values."""
    inner_rank = rt.flat_values.ndim - 1
    if dense.ndim <= inner_rank:
        return dense
    rank = rt.ragged_rank + 1 + inner_rank
    if dense.ndim > rank:
        raise ValueError(f"Shapes {dense.shape} and {rt.shape} are incompatible")
    dims = [1] * (rank - dense.ndim) + dense.shape.as_list()
    if any(d != 1 for d in dims[1:rt.ragged_rank + 1]):
        raise ValueError(f"Unable to broadcast a dense tensor of shape {dense.shape} over "
                         f"the ragged dimensions of shape {rt.shape}")
    squeezed = tf.reshape(dense, [dims[0]] + dims[rt.ragged_rank + 1:])
    if dims[0] == 1:
        return squeezed[0]
    _util.require(tf.equal(tf.cast(dims[0], rt.row_splits_dtype), rt.nrows()),
                  f"Incompatible shapes: {dense.shape} vs. {rt.shape}")
    return tf.gather(squeezed, _outer_rowids(rt))


def _operand(rt: RaggedTensor, other):
    if isinstance(other, (bool, int, float, complex, str, bytes)):
        return other  # a Python scalar takes the values' dtype, as beside a tensor
    if not isinstance(other, tf.Tensor):
        other = tf.convert_to_tensor(other, dtype_hint=rt.dtype)
    return _dense_at_values(rt, other)


def binary(fn, x, y):
    """`fn` (an elementwise binary op) on operands of which one at least is ragged."""
    if isinstance(x, RaggedTensor) and isinstance(y, RaggedTensor):
        _same_partition(x, y)
        return x.with_flat_values(fn(x.flat_values, y.flat_values))
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(fn(x.flat_values, _operand(x, y)))
    return y.with_flat_values(fn(_operand(y, x), y.flat_values))


def elementwise(fn, *args, **kwargs):
    """`fn` (an elementwise op: unary, or binary with broadcasting) applied to arguments of
    which some are RaggedTensors: what TF's dispatch does for tf.math ops (``tf.add(rt, 1)``,
    ``tf.cast(rt, tf.float32)``). A dispatch hook in the op machinery can call this."""
    ragged = [i for i, a in enumerate(args) if isinstance(a, RaggedTensor)]
    operand = (RaggedTensor, tf.Tensor, np.ndarray, np.generic, bool, int, float, complex,
               list, tuple)
    if len(args) >= 2 and (1 in ragged or 0 in ragged and isinstance(args[1], operand)):
        return binary(lambda x, y: fn(x, y, *args[2:], **kwargs), args[0], args[1])
    if ragged == [0]:
        return args[0].with_flat_values(fn(args[0].flat_values, *args[1:], **kwargs))
    raise TypeError(f"{getattr(fn, '__name__', fn)} does not support RaggedTensor arguments "
                    f"in these positions")


def _make(fn, reflected: bool = False):
    if reflected:
        return lambda self, other: binary(fn, other, self)
    return lambda self, other: binary(fn, self, other)


def _eq(self, other):
    if other is None:
        return False
    return binary(tf.equal, self, other)


def _ne(self, other):
    if other is None:
        return True
    return binary(tf.not_equal, self, other)


_BINARY = {
    "add": tf.add, "sub": tf.subtract, "mul": tf.multiply, "truediv": tf.math.truediv,
    "floordiv": tf.math.floordiv, "mod": tf.math.floormod, "pow": tf.pow,
    "and": tf.logical_and, "or": tf.logical_or, "xor": tf.math.logical_xor,
}
_COMPARE = {"lt": tf.less, "le": tf.less_equal, "gt": tf.greater, "ge": tf.greater_equal}


def install() -> None:
    """Puts the operators on RaggedTensor."""
    for name, fn in _BINARY.items():
        setattr(RaggedTensor, f"__{name}__", _make(fn))
        setattr(RaggedTensor, f"__r{name}__", _make(fn, reflected=True))
    for name, fn in _COMPARE.items():
        setattr(RaggedTensor, f"__{name}__", _make(fn))
    RaggedTensor.__eq__ = _eq
    RaggedTensor.__ne__ = _ne
    RaggedTensor.__hash__ = object.__hash__
    RaggedTensor.__neg__ = lambda self: self.with_flat_values(tf.negative(self.flat_values))
    RaggedTensor.__abs__ = lambda self: self.with_flat_values(tf.abs(self.flat_values))
    RaggedTensor.__invert__ = lambda self: self.with_flat_values(
        tf.logical_not(self.flat_values))


install()
