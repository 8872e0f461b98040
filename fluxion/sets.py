"""``tf.sets``: set operations over the last axis of dense tensors and SparseTensors.

The set of an entry is the values sharing its leading coordinates. Results are SparseTensors
with values sorted within each set; the kernels are the primitives of fluxion/ops/set_ops.py.
"""
from __future__ import annotations

import fluxion as tf
from fluxion.ops import set_ops
from fluxion.sparse import SparseTensor

__all__ = ["difference", "intersection", "size", "union"]


def _coo(x, what: str):
    """(indices, values, dense_shape) of a SparseTensor, or of every entry of a dense tensor."""
    if isinstance(x, SparseTensor):
        return x.indices, x.values, x.dense_shape
    t = tf.convert_to_tensor(x)
    if t.ndim is not None and t.ndim < 2:
        raise tf.errors.InvalidArgumentError(f"Shape {t.shape.as_list()} has rank {t.ndim} < 2")
    indices = tf.where(tf.ones_like(t, dtype=tf.bool))
    return indices, tf.reshape(t, [-1]), tf.shape(t, out_type=tf.int64)


def _check_dtypes(a, b) -> None:
    for what, x in (("a", a), ("b", b)):
        if x.dtype not in set_ops.SET_DTYPES:
            raise TypeError(f"'{what}' has invalid dtype `{x.dtype}` not in supported dtypes: "
                            f"`{frozenset(set_ops.SET_DTYPES)}`.")
    if a.dtype != b.dtype:
        raise TypeError(f"Types don't match, {a.dtype} vs {b.dtype}.")


def _set_operation(a, b, set_operation: str) -> SparseTensor:
    if not isinstance(a, SparseTensor):
        a = tf.convert_to_tensor(a)
    if not isinstance(b, SparseTensor):
        b = tf.convert_to_tensor(b, dtype_hint=a.dtype)
    _check_dtypes(a, b)
    indices, values, shape = set_ops.set_operation(*_coo(a, "a"), *_coo(b, "b"),
                                                   set_operation=set_operation)
    return SparseTensor(indices, values, shape)


def size(a, validate_indices: bool = True) -> tf.Tensor:
    """The number of distinct values in each set of the SparseTensor `a` (int32, batch shape)."""
    if not isinstance(a, SparseTensor):
        raise TypeError(f"Expected `SparseTensor`, got {a}.")
    if a.dtype not in set_ops.SET_DTYPES:
        raise TypeError(f"Invalid dtype `{a.dtype}` not in supported dtypes: "
                        f"`{frozenset(set_ops.SET_DTYPES)}`.")
    return set_ops.set_size(a.indices, a.values, a.dense_shape)


def intersection(a, b, validate_indices: bool = True) -> SparseTensor:
    """The values in both `a` and `b`, set by set."""
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        a, b = b, a  # as TF: only (dense, sparse) has a kernel; intersection commutes
    return _set_operation(a, b, "intersection")


def union(a, b, validate_indices: bool = True) -> SparseTensor:
    """The values in `a` or `b`, set by set."""
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        a, b = b, a
    return _set_operation(a, b, "union")


def difference(a, b, aminusb: bool = True, validate_indices: bool = True) -> SparseTensor:
    """The values of `a` not in `b` (or of `b` not in `a` when `aminusb` is False)."""
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        a, b, aminusb = b, a, not aminusb
    return _set_operation(a, b, "a-b" if aminusb else "b-a")

