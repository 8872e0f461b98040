"""`tf.lookup.experimental`: mutable hash tables (`MutableHashTable`, `DenseHashTable`).

Their contents live in a Python dict behind a handle (see `_ops`); every operation is a
stateful primitive, so it also works inside `tf.function` graphs. They are not written to
checkpoints; a SavedModel keeps their contents as at save time (fluxion/saved_model/tables.py).
"""
from __future__ import annotations

import contextlib

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.lookup import _ops

__all__ = ["DenseHashTable", "MutableHashTable"]


@contextlib.contextmanager
def _undone_while_tracing(handle: int):
    """A trace whose graph then runs (an input_signature's, get_concrete_function's) runs
    the kernels on example inputs: keep the table as it was, as such traces keep variables."""
    trace = STATE.trace
    while trace is not None and trace.parent is not None:  # a branch or loop body
        trace = trace.parent
    if trace is None or getattr(trace, "checks_values", True):  # eager, or a trace on the
        # call's own inputs (whose results the call returns)
        yield
        return
    before = dict(_ops._MUTABLE[handle])
    try:
        yield
    finally:
        _ops._MUTABLE[handle] = before


class MutableHashTable:
    """A table whose entries are inserted, replaced and removed after creation; values may
    be vectors (the shape of `default_value`)."""

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable",
                 checkpoint=True, experimental_is_anonymous=False) -> None:
        self.key_dtype = dtypes.as_dtype(key_dtype)
        self.value_dtype = dtypes.as_dtype(value_dtype)
        self._default_value = convert_to_tensor(default_value, self.value_dtype)
        self._value_shape = tuple(np.shape(self._default_value._value))
        self._name = name
        self._handle = _ops.new_handle()

    def __del__(self) -> None:
        release = getattr(_ops, "release_handle", None)  # None while the interpreter exits
        if release is not None:
            release(getattr(self, "_handle", None))

    name = property(lambda self: self._name)
    default_value = property(lambda self: self._default_value)

    def _keys(self, keys):
        if not isinstance(keys, Tensor):
            keys = convert_to_tensor(keys, self.key_dtype)
        if keys.dtype != self.key_dtype:  # TF converts keys to key_dtype: a ValueError
            raise ValueError(f"Tensor conversion requested dtype {self.key_dtype.name} for "
                             f"Tensor with dtype {keys.dtype.name}")
        return keys

    def size(self, name=None):
        return _ops.lookup_mutable_size(handle=self._handle)

    def lookup(self, keys, dynamic_default_values=None, name=None):
        """Each key's value, or the default value where the key is absent."""
        default = self._default_value if dynamic_default_values is None else \
            convert_to_tensor(dynamic_default_values, self.value_dtype)
        return _ops.lookup_mutable_find(self._keys(keys), default, handle=self._handle,
                                        value_shape=self._value_shape)

    __getitem__ = lookup

    def insert(self, keys, values, name=None):
        """Inserts or replaces the entries `keys[i] -> values[i]`."""
        keys = self._keys(keys)
        values = convert_to_tensor(values, self.value_dtype)
        self._check_insert(keys)
        with _undone_while_tracing(self._handle):
            return _ops.lookup_mutable_insert(keys, values, handle=self._handle,
                                              value_shape=self._value_shape)

    def _check_insert(self, keys) -> None:
        """DenseHashTable refuses its reserved keys."""

    def remove(self, keys, name=None):
        """Removes `keys` (absent keys are ignored)."""
        with _undone_while_tracing(self._handle):
            return _ops.lookup_mutable_remove(self._keys(keys), handle=self._handle)

    def export(self, name=None) -> tuple:
        """(keys, values) of every entry, in insertion order."""
        return _ops.lookup_mutable_export(handle=self._handle, key_dtype=self.key_dtype,
                                          value_dtype=self.value_dtype,
                                          value_shape=self._value_shape)


class DenseHashTable(MutableHashTable):
    """`MutableHashTable` with TF's open-addressing interface: `empty_key` and `deleted_key`
    are reserved and may not be inserted or looked up."""

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key,
                 initial_num_buckets=None, name="MutableDenseHashTable", checkpoint=True,
                 experimental_is_anonymous=False) -> None:
        super().__init__(key_dtype, value_dtype, default_value, name=name)
        self._empty_key = np.asarray(convert_to_tensor(empty_key, self.key_dtype)._value)
        self._deleted_key = np.asarray(convert_to_tensor(deleted_key, self.key_dtype)._value)
        if self._empty_key.tolist() == self._deleted_key.tolist():
            from fluxion import errors  # noqa: PLC0415

            raise errors.InvalidArgumentError(None, None,
                                              "Empty and deleted keys must have different "
                                              "values")

    def _check_insert(self, keys) -> None:
        from fluxion import errors  # noqa: PLC0415

        values = np.asarray(keys._value)
        if values.size and (np.any(values == self._empty_key) or
                            np.any(values == self._deleted_key)):
            raise errors.InvalidArgumentError(
                None, None, "Using the empty_key or deleted_key as a table key is not allowed")

    def insert_or_assign(self, keys, values, name=None):
        return self.insert(keys, values)

    def erase(self, keys, name=None):
        return self.remove(keys)
