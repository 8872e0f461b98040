"""``tf.RaggedTensor``: rows of varying length, stored as `values` and int64 `row_splits`.

Row i of a RaggedTensor is ``values[row_splits[i]:row_splits[i + 1]]``; `values` may itself be
a RaggedTensor (nested ragged dimensions), down to `flat_values`, an ordinary tensor. A
RaggedTensor is a composite tensor: `tf.function` and `tf.nest` (expand_composites) see it as
its component tensors (flat_values, then the row_splits from the outermost), so it can be
passed to and returned from traced functions. Every computation is made of graph ops, so it
works on the symbolic tensors of a trace as well as eagerly, and gradients reach the values.
"""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core.shape import TensorShape
from fluxion.ragged import _util

_PRIVATE = ("RaggedTensor constructor is private; please use one of the factory methods "
            "instead (e.g., RaggedTensor.from_row_lengths())")


def is_ragged(x) -> bool:
    return isinstance(x, RaggedTensor)


class RaggedTensor:
    """A tensor with ragged (variable-length) dimensions: see the module docstring."""

    _composite_tensor = True  # tf.is_tensor(rt) is True; nest expands it to its components

    __slots__ = ("_row_splits", "_uniform", "_values")

    def __init__(self, values, row_splits, cached_row_lengths=None, cached_value_rowids=None,
                 cached_nrows=None, internal=False, uniform_row_length=None) -> None:
        if not internal:
            raise ValueError(_PRIVATE)
        self._values = values
        self._row_splits = row_splits
        # rows known to have one length (from_tensor): the static shape shows it, as in TF
        known = uniform_row_length
        if known is not None and not isinstance(known, int):
            known = _util.known(tf.convert_to_tensor(known))
        self._uniform = None if known is None else int(known)

    # --- factories ---------------------------------------------------------------------------
    @classmethod
    def _from_splits(cls, values, splits, validate: bool, what: str) -> RaggedTensor:
        if not isinstance(values, RaggedTensor):
            values = tf.convert_to_tensor(values)
            if values.ndim == 0:
                raise errors.InvalidArgumentError(f"Shape {values.shape} must have rank at "
                                                  f"least 1")
        elif values.row_splits.dtype != splits.dtype:
            raise ValueError("Input RaggedTensors have mismatched row_splits dtypes; use "
                             "RaggedTensor.with_row_splits_dtype() to convert them to "
                             "compatible dtypes.")
        if validate:
            _check_splits(splits, _util.nvals(values, splits.dtype), what)
        return cls(values, splits, internal=True)

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True) -> RaggedTensor:
        """Rows ``values[row_splits[i]:row_splits[i + 1]]``."""
        return cls._from_splits(values, _util.splits_tensor(row_splits), validate,
                                "from_row_splits")

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True) -> RaggedTensor:
        lengths = _util.splits_tensor(row_lengths, "row_lengths")
        if validate:
            _util.require(lengths >= 0, "Arguments to from_row_lengths do not form a valid "
                          "RaggedTensor: negative row length")
        return cls._from_splits(values, _util.lengths_to_splits(lengths), validate,
                                "from_row_lengths")

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True) -> RaggedTensor:
        starts = _util.splits_tensor(row_starts, "row_starts")
        n = tf.reshape(_util.nvals(_values_of(values), starts.dtype), [1])
        return cls._from_splits(values, tf.concat([starts, n], 0), validate,
                                "from_row_starts")

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True) -> RaggedTensor:
        limits = _util.splits_tensor(row_limits, "row_limits")
        splits = tf.concat([tf.zeros([1], limits.dtype), limits], 0)
        return cls._from_splits(values, splits, validate, "from_row_limits")

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None,
                          validate=True) -> RaggedTensor:
        """Value j in row ``value_rowids[j]`` (sorted ascending); `nrows` rows (default: one
        past the last row id)."""
        rowids = _util.splits_tensor(value_rowids, "value_rowids")
        if nrows is None:
            last = tf.concat([tf.zeros([1], rowids.dtype) - 1, rowids], 0)[-1]
            nrows = last + 1
        else:
            nrows = tf.cast(tf.convert_to_tensor(nrows, dtype_hint=rowids.dtype), rowids.dtype)
        if validate:
            _util.require(rowids[1:] >= rowids[:-1], "Arguments to from_value_rowids do not "
                          "form a valid RaggedTensor: value_rowids must be sorted")
            _util.require(tf.logical_and(rowids >= 0, rowids < nrows),
                          "Arguments to from_value_rowids do not form a valid RaggedTensor: "
                          "value_rowids out of range")
        targets = _util.arange(nrows + 1, dtype=rowids.dtype)
        splits = tf.searchsorted(rowids, targets, side="left", out_type=rowids.dtype)
        return cls._from_splits(values, splits, validate, "from_value_rowids")

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate=True,
                                name=None) -> RaggedTensor:
        """Rows of `uniform_row_length` values each (`nrows` of them when the length is 0)."""
        length = tf.convert_to_tensor(uniform_row_length, dtype_hint=tf.int64)
        length = _util.splits_tensor(tf.reshape(length, [1]), "uniform_row_length")[0]
        total = _util.nvals(_values_of(values), length.dtype)
        if nrows is None:
            nrows = tf.math.floordiv(total, tf.maximum(length, 1))
            nrows = tf.where(tf.equal(length, 0), tf.zeros_like(nrows), nrows)
        nrows = tf.cast(nrows, length.dtype)
        uneven = _util.known(tf.not_equal(nrows * length, total))
        if uneven is not None and uneven:  # known now: TF's static check
            raise ValueError("Arguments to from_uniform_row_length do not form a valid "
                             "RaggedTensor: values must split evenly into rows")
        if validate:
            _util.require(tf.equal(nrows * length, total), "Arguments to "
                          "from_uniform_row_length do not form a valid RaggedTensor: "
                          "values must split evenly into rows")
        splits = _util.arange(nrows + 1, dtype=length.dtype) * length
        static = _util.known(length)
        result = cls._from_splits(values, splits, False, "from_uniform_row_length")
        result._uniform = None if static is None else int(static)
        return result

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None,
                               validate=True) -> RaggedTensor:
        if isinstance(nested_row_splits, (tf.Tensor, np.ndarray)):
            raise TypeError("nested_row_splits must be a list of Tensors")
        result = flat_values
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits, validate=validate)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None,
                                validate=True) -> RaggedTensor:
        result = flat_values
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths, validate=validate)
        return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None,
                                 name=None, validate=True) -> RaggedTensor:
        rowids = list(nested_value_rowids)
        nrows = [None] * len(rowids) if nested_nrows is None else list(nested_nrows)
        result = flat_values
        for ids, n in reversed(list(zip(rowids, nrows))):
            result = cls.from_value_rowids(result, ids, n, validate=validate)
        return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                    row_splits_dtype=tf.int64) -> RaggedTensor:
        from fluxion.ragged import conversion  # noqa: PLC0415 - conversion imports this module

        return conversion.from_tensor(tensor, lengths, padding, ragged_rank, row_splits_dtype)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=tf.int64) -> RaggedTensor:
        from fluxion.ragged import conversion  # noqa: PLC0415

        return conversion.from_sparse(st_input, row_splits_dtype)

    # --- composite protocol --------------------------------------------------------------------
    def _to_components(self) -> tuple:
        return (self.flat_values, *self.nested_row_splits)

    @classmethod
    def _from_components(cls, components) -> RaggedTensor:
        flat_values, *splits = components
        return cls.from_nested_row_splits(flat_values, splits, validate=False)

    # --- properties ----------------------------------------------------------------------------
    values = property(lambda self: self._values, doc="The concatenated rows.")
    row_splits = property(lambda self: self._row_splits, doc="Row i is values[s[i]:s[i+1]].")

    @property
    def flat_values(self):
        values = self._values
        while isinstance(values, RaggedTensor):
            values = values._values
        return values

    @property
    def nested_row_splits(self) -> tuple:
        out, rt = [], self
        while isinstance(rt, RaggedTensor):
            out.append(rt._row_splits)
            rt = rt._values
        return tuple(out)

    @property
    def ragged_rank(self) -> int:
        return len(self.nested_row_splits)

    @property
    def dtype(self):
        return self.flat_values.dtype

    @property
    def row_splits_dtype(self):
        return self._row_splits.dtype

    @property
    def shape(self) -> TensorShape:
        """[nrows, None per ragged dimension, the flat values' inner dims]."""
        n = _util.static_dim(self._row_splits, 0)
        ragged, rt = [], self
        while isinstance(rt, RaggedTensor):
            ragged.append(rt._uniform)
            rt = rt._values
        inner = rt.shape.as_list()[1:]
        return TensorShape([None if n is None else n - 1] + ragged + inner)

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def ndim(self) -> int:
        return self.shape.rank

    @property
    def uniform_row_length(self):
        """The length of every row when known to be uniform (from_tensor), else None."""
        return None if self._uniform is None else tf.constant(self._uniform,
                                                               self.row_splits_dtype)

    def nested_row_lengths(self, name=None) -> tuple:
        return tuple(s[1:] - s[:-1] for s in self.nested_row_splits)

    # --- row partition -------------------------------------------------------------------------
    def nrows(self, out_type=None, name=None):
        n = tf.shape(self._row_splits, out_type=self._row_splits.dtype)[0] - 1
        return n if out_type is None else tf.cast(n, out_type)

    def row_starts(self, name=None):
        return self._row_splits[:-1]

    def row_limits(self, name=None):
        return self._row_splits[1:]

    def row_lengths(self, axis=1, name=None):
        """Lengths of the rows of ragged dimension `axis` (1: the outermost)."""
        if axis == 0:
            return self.nrows()
        if axis == 1:
            return self._row_splits[1:] - self._row_splits[:-1]
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.row_lengths(axis - 1))
        dims = self._values.shape.as_list()
        if axis >= len(dims) + 1 or axis < 0:
            raise ValueError(f"axis={axis} out of bounds")
        return tf.fill(tf.shape(self._values)[:axis], tf.constant(dims[axis - 1],
                                                                 self.row_splits_dtype))

    def value_rowids(self, name=None):
        return _util.rowids_from_splits(self._row_splits)

    def nested_value_rowids(self, name=None) -> tuple:
        return tuple(_util.rowids_from_splits(s) for s in self.nested_row_splits)

    def bounding_shape(self, axis=None, name=None, out_type=None):
        """[nrows, the longest row of each ragged dimension, inner dims]."""
        dtype = self.row_splits_dtype if out_type is None else tf.as_dtype(out_type)
        dims = [self.nrows(out_type=dtype)]
        for splits in self.nested_row_splits:
            lengths = splits[1:] - splits[:-1]
            longest = tf.reduce_max(tf.concat([lengths, tf.zeros([1], lengths.dtype)], 0))
            dims.append(tf.cast(longest, dtype))
        inner = tf.shape(self.flat_values, out_type=dtype)[1:]
        shape = tf.concat([tf.stack(dims), inner], 0)
        return shape if axis is None else tf.gather(shape, axis)

    # --- building others -------------------------------------------------------------------------
    def with_values(self, new_values) -> RaggedTensor:
        if not isinstance(new_values, RaggedTensor):
            new_values = tf.convert_to_tensor(new_values)
        return RaggedTensor(new_values, self._row_splits, internal=True,
                            uniform_row_length=self._uniform)

    def with_flat_values(self, new_values) -> RaggedTensor:
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype) -> RaggedTensor:
        dtype = tf.as_dtype(dtype)
        values = self._values
        if isinstance(values, RaggedTensor):
            values = values.with_row_splits_dtype(dtype)
        return RaggedTensor(values, tf.cast(self._row_splits, dtype), internal=True)

    def merge_dims(self, outer_axis, inner_axis) -> RaggedTensor:
        from fluxion.ragged import conversion  # noqa: PLC0415

        return conversion.merge_dims(self, outer_axis, inner_axis)

    # --- conversions ---------------------------------------------------------------------------
    def to_tensor(self, default_value=None, name=None, shape=None):
        from fluxion.ragged import conversion  # noqa: PLC0415

        return conversion.to_tensor(self, default_value, shape)

    def to_sparse(self, name=None):
        from fluxion.ragged import conversion  # noqa: PLC0415

        return conversion.to_sparse(self)

    def to_list(self) -> list:
        """The rows as nested Python lists (bytes for strings), as TF's ``to_list``."""
        rows = np.asarray(self.flat_values.numpy()).tolist()
        for splits in reversed(self.nested_row_splits):
            s = np.asarray(splits.numpy()).tolist()
            rows = [rows[a:b] for a, b in itertools.pairwise(s)]
        return rows

    def numpy(self):
        """The rows as a NumPy array: an object array of row arrays when their lengths differ,
        one array when every row has the same length (as TF's ``numpy``)."""
        values = self._values.numpy() if isinstance(self._values, RaggedTensor) else \
            np.asarray(self._values.numpy())
        splits = np.asarray(self._row_splits.numpy())
        rows = [values[a:b] for a, b in itertools.pairwise(splits)]
        if not rows:
            return np.zeros((0, 0) + values.shape[1:], dtype=values.dtype)
        if any(len(r) != len(rows[0]) for r in rows):
            out = np.empty(len(rows), dtype=object)
            for i, row in enumerate(rows):
                out[i] = row
            return out
        return np.array(rows)

    def __tf_tensor__(self, dtype=None, name=None):
        raise ValueError("TypeError: object of type 'RaggedTensor' has no len(): a "
                         "RaggedTensor cannot be converted to a Tensor; use to_tensor()")

    def __repr__(self) -> str:
        if _util.known(self.flat_values) is None or any(
                _util.known(s) is None for s in self.nested_row_splits):
            return (f"tf.RaggedTensor(values={self._values!r}, "
                    f"row_splits={self._row_splits!r})")
        with np.printoptions(formatter={"all": _format}):
            return f"<tf.RaggedTensor {_format(self.numpy())}>"

    __str__ = __repr__

    def __len__(self) -> int:
        raise TypeError("object of type 'RaggedTensor' has no len()")

    def __iter__(self):
        """The rows, eagerly (TF iterates through indexing until IndexError)."""
        n = _util.known(self._row_splits)
        if n is None:
            raise TypeError("Iterating over a RaggedTensor whose rows depend on a traced "
                            "function's inputs is not supported")
        for i in range(len(n) - 1):
            yield self[i]

    def __bool__(self):
        raise TypeError("RaggedTensor may not be used as a boolean.")

    def __getitem__(self, key):
        from fluxion.ragged import getitem  # noqa: PLC0415

        return getitem.ragged_getitem(self, key)


def _values_of(values):
    return values if isinstance(values, RaggedTensor) else tf.convert_to_tensor(values)


def _check_splits(splits, nvals, what: str) -> None:
    prefix = f"Arguments to {what} do not form a valid RaggedTensor:"
    _util.require(tf.size(splits) > 0, f"{prefix}rank: row_splits must not be empty")
    first = tf.concat([splits, tf.zeros([1], splits.dtype)], 0)[0]
    last = tf.concat([tf.zeros([1], splits.dtype), splits], 0)[-1]
    _util.require(tf.equal(first, 0), f"{prefix}zero")
    _util.require(splits[1:] >= splits[:-1], f"{prefix}monotonic")
    _util.require(tf.equal(last, nvals), f"{prefix}nvals")


def _format(x) -> str:
    """One value as TF prints a RaggedTensor: nested lists, ", " between items."""
    if isinstance(x, np.ndarray):  # object arrays of rows format their items with this too
        return np.array2string(x, separator=", ") if x.size else repr(x.tolist())
    return str(x)
