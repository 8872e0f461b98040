"""Table initializers and the static tables of `tf.lookup`."""
from __future__ import annotations

import enum

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.lookup._ops import lookup_table_find

__all__ = ["KeyValueTensorInitializer", "StaticHashTable", "StaticVocabularyTable",
           "TextFileIndex", "TextFileInitializer"]


class TextFileIndex(enum.IntEnum):
    """Special column indices of `TextFileInitializer`."""
    WHOLE_LINE = -2
    LINE_NUMBER = -1


class KeyValueTensorInitializer:
    """Table contents given as a keys tensor and a values tensor of the same length."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None) -> None:
        self._keys = convert_to_tensor(keys, key_dtype)
        self._values = convert_to_tensor(values, value_dtype)
        self._name = name
        self.key_dtype = self._keys.dtype
        self.value_dtype = self._values.dtype

    def _arrays(self) -> tuple:
        keys, values = np.asarray(self._keys._value), np.asarray(self._values._value)
        if keys.ndim != 1 or values.shape[:1] != keys.shape:
            raise errors.InvalidArgumentError(
                None, None, f"Expected shape {list(keys.shape)} for value, got "
                f"{list(values.shape)} (keys must be a vector of the values' length)")
        return keys, values


def _column(text: str, index: int, line_no: int, delimiter: str, dtype, filename: str):
    if index == TextFileIndex.LINE_NUMBER:
        return line_no
    if index == TextFileIndex.WHOLE_LINE:
        field = text
    else:
        parts = text.split(delimiter)
        if index >= len(parts):
            raise errors.InvalidArgumentError(
                None, None, f"Invalid number of columns in {filename} line {line_no} "
                f"({text}) : expected {index + 1} got {len(parts)}")
        field = parts[index]
    if dtype == dtypes.string:
        return field.encode("utf-8")
    try:
        return float(field) if dtype.is_floating else int(field)
    except ValueError:
        raise errors.InvalidArgumentError(
            None, None, f"Field {field} in line {line_no} is not a valid {dtype.name}.") from None


class TextFileInitializer:
    """Table contents read from a text file: one entry per line; key and value are a column
    (split on `delimiter`), the whole line, or the line number."""

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index,
                 vocab_size=None, delimiter="\t", name=None, value_index_offset=0) -> None:
        if hasattr(filename, "asset_path"):  # a tf.saved_model.Asset
            self._asset = filename
            filename = filename.asset_path
        if isinstance(filename, Tensor):
            filename = filename.numpy()
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8")
        self.key_dtype = dtypes.as_dtype(key_dtype)
        self.value_dtype = dtypes.as_dtype(value_dtype)
        if key_index == TextFileIndex.LINE_NUMBER and self.key_dtype != dtypes.int64:
            raise ValueError(f"Signature mismatch. Keys must be dtype {dtypes.int64}, got "
                             f"{self.key_dtype}.")
        if value_index == TextFileIndex.WHOLE_LINE and self.value_dtype != dtypes.string:
            raise ValueError(f"Signature mismatch. Values must be dtype {dtypes.string}, got "
                             f"{self.value_dtype}.")
        if key_index < -2 or value_index < -2:
            raise ValueError(f"Invalid key index {key_index} or value index {value_index}.")
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"Invalid vocab_size {vocab_size}.")
        self._filename = str(filename)
        self._key_index, self._value_index = int(key_index), int(value_index)
        self._vocab_size, self._delimiter = vocab_size, delimiter
        self._offset = int(value_index_offset)
        self._name = name

    def _asset_source(self) -> str | None:
        """The file a SavedModel copies into its assets (unless an Asset given names it)."""
        return None if hasattr(self, "_asset") else self._filename

    def _arrays(self) -> tuple:
        try:
            with open(self._filename, encoding="utf-8", newline="") as f:
                lines = f.read().split("\n")
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{self._filename}; No such file or "
                                                   f"directory") from None
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line
        lines = [ln.removesuffix("\r") for ln in lines]
        if self._vocab_size is not None:
            if len(lines) < self._vocab_size:
                raise errors.InvalidArgumentError(
                    None, None, f"Invalid vocab_size in {self._filename}: expected "
                    f"{self._vocab_size} but got {len(lines)}")
            lines = lines[:self._vocab_size]
        keys = [_column(t, self._key_index, i, self._delimiter, self.key_dtype, self._filename)
                for i, t in enumerate(lines)]
        values = [_column(t, self._value_index, i, self._delimiter, self.value_dtype,
                          self._filename) for i, t in enumerate(lines)]
        if self._value_index == TextFileIndex.LINE_NUMBER:
            values = [v + self._offset for v in values]
        return (np.array(keys, dtype=self.key_dtype._np).reshape(-1),
                np.array(values, dtype=self.value_dtype._np).reshape(-1))


def _sorted_table(keys: np.ndarray, values: np.ndarray) -> tuple:
    """(keys sorted, values in that order) with duplicate keys merged; a key given two
    different values fails as TF's table import does."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    if keys.size > 1:
        same = np.asarray(keys[1:] == keys[:-1], bool)
        if same.any():
            differs = np.asarray(values[1:] != values[:-1])
            differs = differs.reshape(differs.shape[0], -1).any(axis=1) & same
            if differs.any():
                i = int(np.argmax(differs))
                key = keys[i].decode() if isinstance(keys[i], bytes) else keys[i]
                raise errors.FailedPreconditionError(
                    None, None, f"HashTable has different value for same key. Key {key} has "
                    f"{values[i]} and trying to add value {values[i + 1]}")
            keep = np.concatenate([[True], ~same])
            keys, values = keys[keep], values[keep]
    return keys, values


def _map_keys(keys, fn):
    """Applies `fn` to a dense tensor, or to the values of a SparseTensor."""
    if hasattr(keys, "indices") and hasattr(keys, "dense_shape"):
        return type(keys)(keys.indices, fn(keys.values), keys.dense_shape)
    return fn(keys)


class StaticHashTable:
    """An immutable table: `lookup(keys)` gives each key's value or `default_value`."""

    def __init__(self, initializer, default_value, name=None,
                 experimental_is_anonymous=False) -> None:
        self._initializer = initializer
        self.key_dtype, self.value_dtype = initializer.key_dtype, initializer.value_dtype
        self._default_value = convert_to_tensor(default_value, self.value_dtype)
        self._name = name
        keys, values = initializer._arrays()
        self._export = (tf.constant(keys, self.key_dtype), tf.constant(values, self.value_dtype))
        keys, values = _sorted_table(keys, values)
        self._keys = tf.constant(keys, self.key_dtype)
        self._values = tf.constant(values, self.value_dtype)
        self._size = tf.constant(len(keys), dtypes.int64)

    name = property(lambda self: self._name)
    default_value = property(lambda self: self._default_value)
    initializer = property(lambda self: self._initializer)
    resource_handle = property(lambda self: self._keys)

    def _check_keys(self, keys, expected):
        if not isinstance(keys, Tensor) and not hasattr(keys, "dense_shape"):
            keys = convert_to_tensor(keys, expected)
        if keys.dtype != expected:
            raise TypeError(f"Dtype of argument `keys` must be {expected!r}, received: "
                            f"{keys.dtype!r}")
        return keys

    def lookup(self, keys, name=None):
        """Each key's value (`default_value` where absent), in the shape of `keys`."""
        keys = self._check_keys(keys, self.key_dtype)
        return _map_keys(keys, lambda k: lookup_table_find(
            k, self._keys, self._values, self._default_value))

    __getitem__ = lookup

    def size(self, name=None):
        return self._size

    def export(self, name=None) -> tuple:
        """(keys, values) of every entry."""
        return self._export


class StaticVocabularyTable:
    """Ids of a vocabulary (an int64-valued initializer); keys outside it go to one of
    `num_oov_buckets` ids after it, chosen by FarmHash Fingerprint64 as TF does."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False) -> None:
        if num_oov_buckets <= 0:
            raise ValueError("`num_oov_buckets` must be > 0; use StaticHashTable.")
        if initializer.value_dtype != dtypes.int64:
            raise TypeError(f"Invalid `value_dtype`, expected {dtypes.int64!r} but got "
                            f"{initializer.value_dtype!r}.")
        key_dtype = initializer.key_dtype
        if key_dtype not in (dtypes.string, dtypes.int64, dtypes.int32):
            raise TypeError(f"Invalid `key_dtype`, expected one of (tf.int64, tf.int32, "
                            f"tf.string), but got {key_dtype!r}.")
        self._table = StaticHashTable(initializer, -1)
        self._num_oov_buckets = int(num_oov_buckets)
        self.key_dtype = dtypes.as_dtype(lookup_key_dtype) if lookup_key_dtype else key_dtype
        self.value_dtype = dtypes.int64
        self._name = name
        self._size = tf.constant(int(self._table.size().numpy()) + self._num_oov_buckets,
                                 dtypes.int64)

    name = property(lambda self: self._name)
    resource_handle = property(lambda self: self._table._keys)

    def size(self, name=None):
        return self._size

    def _lookup_dense(self, keys):
        from fluxion.feature_column._hash_ops import hash_bucket  # noqa: PLC0415

        table_keys = keys
        if keys.dtype != self._table.key_dtype:
            table_keys = tf.cast(keys, self._table.key_dtype)
        ids = self._table.lookup(table_keys)
        buckets = hash_bucket(keys, num_buckets=self._num_oov_buckets) + self._table.size()
        return tf.where(tf.equal(ids, -1), buckets, ids)

    def lookup(self, keys, name=None):
        keys = self._table._check_keys(keys, self.key_dtype)
        return _map_keys(keys, self._lookup_dense)

    __getitem__ = lookup
