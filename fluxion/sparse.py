"""``tf.sparse``: `SparseTensor` (COO: indices, values, dense_shape) and the ops on it.

Index bookkeeping (sorting, bounds, coordinates) is NumPy on the int64 indices; everything that
touches `values` goes through public fluxion ops (gather, scatter, segment sums), so gradients
reach the values as in TensorFlow.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core.shape import TensorShape

__all__ = ["SparseTensor", "SparseTensorSpec", "add", "concat", "expand_dims", "eye",
           "fill_empty_rows", "from_dense", "map_values", "maximum", "minimum", "reduce_max",
           "reduce_sum", "reorder", "reset_shape", "reshape", "retain", "slice", "softmax",
           "sparse_dense_matmul", "split", "to_dense", "to_indicator", "transpose"]


class SparseTensor:
    """``tf.sparse.SparseTensor(indices, values, dense_shape)``: int64 `indices` [N, rank],
    `values` [N] and int64 `dense_shape` [rank]."""

    _composite_tensor = True  # tf.is_tensor(sparse) is True

    __slots__ = ("_dense_shape", "_indices", "_values")

    def __init__(self, indices, values, dense_shape) -> None:
        self._indices = tf.convert_to_tensor(indices, dtype=tf.int64)
        self._values = tf.convert_to_tensor(values)
        self._dense_shape = tf.convert_to_tensor(dense_shape, dtype=tf.int64)
        for t, rank in ((self._indices, 2), (self._values, 1), (self._dense_shape, 1)):
            if t.ndim != rank:
                raise ValueError(f"Shape {tuple(t.shape.as_list())} must have rank {rank}")
        n_idx, rank = self._indices.shape.as_list()
        for a, b in ((n_idx, self._values.shape[0]), (rank, self._dense_shape.shape[0])):
            if a != b:
                raise ValueError(f"Dimensions {a} and {b} are not compatible")

    @classmethod
    def from_value(cls, sparse_tensor_value) -> SparseTensor:
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        v = sparse_tensor_value
        return cls(v.indices, v.values, v.dense_shape)

    indices = property(lambda self: self._indices, doc="int64 [N, rank] coordinates.")
    values = property(lambda self: self._values, doc="[N] values at `indices`.")
    dense_shape = property(lambda self: self._dense_shape, doc="int64 [rank] dense shape.")

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._dense_shape.numpy().tolist())

    def get_shape(self) -> TensorShape:
        return self.shape

    def with_values(self, new_values) -> SparseTensor:
        """The same indices and shape with other values."""
        return SparseTensor(self._indices, new_values, self._dense_shape)

    def __tf_tensor__(self, dtype=None, name=None):
        raise ValueError(f"Attempt to convert a value ({self!r}) with an unsupported type "
                         f"({type(self)}) to a Tensor.")

    def __repr__(self) -> str:
        return (f"SparseTensor(indices={self._indices}, values={self._values}, "
                f"dense_shape={self._dense_shape})")

    def __mul__(self, other) -> SparseTensor:
        return self.with_values(self._values * _dense_at(self, other))

    def __truediv__(self, other) -> SparseTensor:
        return self.with_values(tf.math.truediv(self._values, _dense_at(self, other)))

    def __add__(self, other):
        return add(self, other)

    __radd__ = __add__


class SparseTensorSpec:
    """``tf.SparseTensorSpec(shape, dtype)``: the type of a SparseTensor (shape may be partial)."""

    def __init__(self, shape=None, dtype=tf.float32) -> None:
        self.shape = TensorShape(shape)
        self.dtype = tf.as_dtype(dtype)

    @classmethod
    def from_value(cls, value: SparseTensor) -> SparseTensorSpec:
        return cls(value.shape, value.dtype)

    def is_compatible_with(self, other) -> bool:
        if isinstance(other, SparseTensor):
            other = SparseTensorSpec.from_value(other)
        return (isinstance(other, SparseTensorSpec) and self.dtype == other.dtype
                and self.shape.is_compatible_with(other.shape))

    def __eq__(self, other) -> bool:
        return (isinstance(other, SparseTensorSpec) and self.dtype == other.dtype
                and self.shape.dims == other.shape.dims)

    def __hash__(self) -> int:
        return hash((self.shape.rank, self.dtype.name))

    def __repr__(self) -> str:
        return f"SparseTensorSpec({self.shape!r}, {self.dtype!r})"


# --- helpers -------------------------------------------------------------------------------
def _np(t) -> np.ndarray:
    return np.asarray(t)


def _parts(sp: SparseTensor):
    """(indices, dense shape) as NumPy int64 arrays."""
    return _np(sp.indices), _np(sp.dense_shape)


def _check_sparse(x, what: str = "sp_input") -> SparseTensor:
    if not isinstance(x, SparseTensor):
        raise TypeError(f"Input {what} must be a SparseTensor, got {type(x).__name__}")
    return x


def _dense_at(sp: SparseTensor, other):
    """`other` (a scalar or a dense tensor broadcastable to sp's shape) read at sp's indices."""
    other = tf.convert_to_tensor(other, dtype_hint=sp.dtype)
    if other.ndim == 0:
        return other
    full = tf.broadcast_to(other, _np(sp.dense_shape))
    return tf.gather_nd(full, sp.indices)


def _lex_order(indices: np.ndarray) -> np.ndarray:
    """The permutation that sorts rows of `indices` lexicographically (stable)."""
    if indices.shape[1] == 0:
        return np.arange(len(indices))
    return np.lexsort(indices.T[::-1])


def _segments(coords: np.ndarray):
    """Unique rows of `coords` (sorted) and each row's segment id."""
    if len(coords) == 0:
        return coords.reshape(0, coords.shape[1]), np.zeros(0, np.int64)
    unique, inverse = np.unique(coords, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1)


def _axes(axis, rank: int) -> list:
    axes = [axis] if isinstance(axis, (int, np.integer)) else list(np.ravel(_np(axis)))
    out = []
    for a in axes:
        a = int(a)
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(f"Invalid reduction dimension {a}, for input "
                                              f"with {rank} dimensions.")
        out.append(a % rank)
    return sorted(set(out))


def _validate_indices(indices: np.ndarray, shape: np.ndarray, check_order: bool) -> None:
    def fmt(row) -> str:
        return "[" + ",".join(str(int(v)) for v in row) + "]"

    bad = np.flatnonzero(np.any((indices < 0) | (indices >= shape), axis=1))
    if len(bad):
        i = bad[0]
        raise errors.InvalidArgumentError(f"indices[{i}] = {fmt(indices[i])} is out of bounds: "
                                          f"need 0 <= index < {fmt(shape)}")
    if not check_order or len(indices) < 2:
        return
    flat = np.ravel_multi_index(tuple(indices.T), tuple(shape)) if len(shape) else indices[:, 0]
    steps = np.diff(flat)
    bad = np.flatnonzero(steps <= 0)
    if len(bad):
        i = bad[0] + 1
        if steps[i - 1] == 0:
            raise errors.InvalidArgumentError(f"indices[{i}] = {fmt(indices[i])} is repeated")
        raise errors.InvalidArgumentError(
            f"indices[{i}] = {fmt(indices[i])} is out of order. Many sparse ops require sorted "
            f"indices.\n    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n")


def _zero(dtype):
    return b"" if dtype == tf.string else 0


# --- conversion ----------------------------------------------------------------------------
def to_dense(sp_input, default_value=None, validate_indices: bool = True, name=None):
    """The dense tensor of `sp_input`, `default_value` (0 / b"") where no value is given."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    _validate_indices(indices, shape, validate_indices)
    default = tf.convert_to_tensor(_zero(sp.dtype) if default_value is None else default_value,
                                   dtype=sp.dtype)
    dense = tf.fill(shape, default)
    if len(indices) == 0:
        return dense
    return tf.tensor_scatter_nd_update(dense, sp.indices, sp.values)


def from_dense(tensor, name=None) -> SparseTensor:
    """The non-zero (non-empty for strings) entries of `tensor`, in row-major order."""
    t = tf.convert_to_tensor(tensor)
    v = _np(t)
    if v.ndim == 0:
        raise errors.InvalidArgumentError("WhereOp : Unhandled input dimensions: 0")
    indices = np.argwhere(v != _zero(t.dtype)).astype(np.int64)
    return SparseTensor(indices, tf.gather_nd(t, indices), np.array(v.shape, np.int64))


def reorder(sp_input, name=None) -> SparseTensor:
    """The same entries with indices in row-major (lexicographic) order."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    order = _lex_order(indices)
    return SparseTensor(indices[order], tf.gather(sp.values, order), shape)


def reset_shape(sp_input, new_shape=None) -> SparseTensor:
    """`sp_input` with `new_shape`, or the tight bounding box of its indices when None."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    tight = indices.max(axis=0) + 1 if len(indices) else np.zeros_like(shape)
    if new_shape is None:
        return SparseTensor(indices, sp.values, tight)
    new_shape = np.asarray(_np(new_shape), np.int64)
    if new_shape.shape != shape.shape or np.any(new_shape < tight):
        raise errors.InvalidArgumentError(f"new_shape {new_shape.tolist()} must have the rank "
                                          f"of the input and hold every index")
    return SparseTensor(indices, sp.values, new_shape)


def eye(num_rows, num_columns=None, dtype=tf.float32, name=None) -> SparseTensor:
    """A sparse identity matrix of [num_rows, num_columns]."""
    rows = int(num_rows)
    cols = rows if num_columns is None else int(num_columns)
    diag = np.arange(min(rows, cols), dtype=np.int64)
    return SparseTensor(np.stack([diag, diag], axis=1),
                        tf.ones([len(diag)], dtype=dtype), [rows, cols])


# --- reductions ----------------------------------------------------------------------------
def _reduce(sp: SparseTensor, axis, keepdims, output_is_sparse, segment_op, whole_op):
    indices, shape = _parts(sp)
    rank = len(shape)
    if axis is None:
        total = whole_op(sp.values)
        if output_is_sparse:
            keep = [1] * rank if keepdims else []
            return SparseTensor(np.zeros((1, len(keep)), np.int64), tf.reshape(total, [1]), keep)
        return tf.reshape(total, [1] * rank) if keepdims else total
    reduced = _axes(axis, rank)
    kept = [a for a in range(rank) if a not in reduced]
    coords, seg = _segments(indices[:, kept])
    values = segment_op(sp.values, seg, len(coords))
    if keepdims:
        full = np.zeros((len(coords), rank), np.int64)
        full[:, kept] = coords
        coords, out_shape = full, np.where(np.isin(np.arange(rank), reduced), 1, shape)
    else:
        out_shape = shape[kept]
    if output_is_sparse:
        return SparseTensor(coords, values, out_shape)
    return tf.scatter_nd(coords, values, out_shape)


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse: bool = False, name=None):
    """Sums of the values over `axis` (all axes when None); dense unless `output_is_sparse`."""
    return _reduce(_check_sparse(sp_input), axis, keepdims, output_is_sparse,
                   tf.math.unsorted_segment_sum, tf.reduce_sum)


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse: bool = False, name=None):
    """Maxima of the given values over `axis`; positions without any value give 0."""
    return _reduce(_check_sparse(sp_input), axis, keepdims, output_is_sparse,
                   tf.math.unsorted_segment_max, tf.reduce_max)


# --- element-wise --------------------------------------------------------------------------
def _union(a: SparseTensor, b: SparseTensor):
    """Sorted union of the coordinates of a and b, and where each input's entries land in it."""
    ia, sa = _parts(a)
    ib, sb = _parts(b)
    if not np.array_equal(sa, sb):
        raise errors.InvalidArgumentError(f"Operands' shapes do not match: got {sa.tolist()} "
                                          f"and {sb.tolist()}")
    coords, seg = _segments(np.concatenate([ia, ib]).reshape(-1, len(sa)))
    return coords, sa, seg[:len(ia)], seg[len(ia):]


def add(a, b, threshold=0):
    """Sparse + sparse (a SparseTensor; sums with |value| < threshold dropped) or
    sparse + dense (a dense tensor)."""
    if not isinstance(a, SparseTensor):
        a, b = b, a
    if not isinstance(a, SparseTensor):
        raise TypeError("tf.sparse.add needs at least one SparseTensor operand")
    if not isinstance(b, SparseTensor):
        dense = tf.convert_to_tensor(b, dtype=a.dtype)
        return tf.tensor_scatter_nd_add(dense, a.indices, a.values) if len(_np(a.indices)) \
            else dense
    coords, shape, pos_a, pos_b = _union(a, b)
    n = len(coords)
    values = (tf.math.unsorted_segment_sum(a.values, pos_a, n)
              + tf.math.unsorted_segment_sum(b.values, pos_b, n))
    magnitude = np.abs(_np(values))
    keep = np.flatnonzero(~(magnitude < _np(threshold)))
    if len(keep) < n:
        coords, values = coords[keep], tf.gather(values, keep)
    return SparseTensor(coords, values, shape)


def _binary_union(a, b, op) -> SparseTensor:
    coords, shape, pos_a, pos_b = _union(_check_sparse(a, "a"), _check_sparse(b, "b"))
    n = len(coords)
    full_a = tf.scatter_nd(pos_a[:, None], a.values, [n])  # missing entries count as 0
    full_b = tf.scatter_nd(pos_b[:, None], b.values, [n])
    return SparseTensor(coords, op(full_a, full_b), shape)


def maximum(sp_a, sp_b, name=None) -> SparseTensor:
    """Element-wise maximum over the union of the entries (absent entries are 0)."""
    return _binary_union(sp_a, sp_b, tf.maximum)


def minimum(sp_a, sp_b, name=None) -> SparseTensor:
    """Element-wise minimum over the union of the entries (absent entries are 0)."""
    return _binary_union(sp_a, sp_b, tf.minimum)


def retain(sp_input, to_retain) -> SparseTensor:
    """The entries where the boolean vector `to_retain` is True."""
    sp = _check_sparse(sp_input)
    keep = np.flatnonzero(_np(to_retain).astype(bool))
    indices, shape = _parts(sp)
    return SparseTensor(indices[keep], tf.gather(sp.values, keep), shape)


def map_values(op, *args, **kwargs) -> SparseTensor:
    """``op`` applied to the values of the SparseTensors in args (which share their indices)."""
    found = [x for x in list(args) + list(kwargs.values()) if isinstance(x, SparseTensor)]
    if not found:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = _np(found[0].indices)
    for other in found[1:]:
        if not np.array_equal(first, _np(other.indices)):
            raise errors.InvalidArgumentError("SparseTensors in map_values must have "
                                              "identical indices")
    unwrap = lambda x: x.values if isinstance(x, SparseTensor) else x
    result = op(*[unwrap(x) for x in args], **{k: unwrap(v) for k, v in kwargs.items()})
    return SparseTensor(found[0].indices, result, found[0].dense_shape)


def softmax(sp_input, name=None) -> SparseTensor:
    """Softmax over the given values of each innermost row (absent entries take no part)."""
    sp = _check_sparse(sp_input)
    indices, _ = _parts(sp)
    rows, seg = _segments(indices[:, :-1])
    n = len(rows)
    top = tf.gather(tf.math.unsorted_segment_max(sp.values, seg, n), seg)
    e = tf.exp(sp.values - tf.stop_gradient(top))
    return sp.with_values(e / tf.gather(tf.math.unsorted_segment_sum(e, seg, n), seg))


def to_indicator(sp_input, vocab_size, name=None):
    """Dense bool [..., vocab_size]: True at the ids that each row's values list."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    ids = _np(sp.values).astype(np.int64)
    out = np.zeros(tuple(shape[:-1]) + (int(vocab_size),), dtype=bool)
    if len(ids):
        out[tuple(indices[:, :-1].T) + (ids,)] = True
    return tf.constant(out)


# --- shape manipulation --------------------------------------------------------------------
def transpose(sp_input, perm=None, name=None) -> SparseTensor:
    """Permutes the dimensions (reversed when `perm` is None); the result is reordered."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    perm = list(range(len(shape)))[::-1] if perm is None else [int(p) for p in _np(perm)]
    return reorder(SparseTensor(indices[:, perm], sp.values, shape[perm]))


def expand_dims(sp_input, axis=None, name=None) -> SparseTensor:
    """Inserts a dimension of size 1 at `axis` (-1 when None)."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    rank = len(shape)
    axis = -1 if axis is None else int(_np(axis))
    if not -rank - 1 <= axis <= rank:
        raise errors.InvalidArgumentError(f"Axis {axis} out of range for rank {rank}")
    axis %= rank + 1
    new_indices = np.insert(indices, axis, 0, axis=1)
    return SparseTensor(new_indices, sp.values, np.insert(shape, axis, 1))


def reshape(sp_input, shape, name=None) -> SparseTensor:
    """The same entries in a dense shape with as many elements (one -1 is inferred)."""
    sp = _check_sparse(sp_input)
    indices, old = _parts(sp)
    new = np.asarray(_np(shape), np.int64).reshape(-1)
    total = int(np.prod(old))
    if (new == -1).sum() == 1:
        known = int(np.prod(new[new != -1]))
        new = np.where(new == -1, total // known if known else 0, new)
    if int(np.prod(new)) != total:
        raise errors.InvalidArgumentError(f"Input to reshape is a tensor with {total} dense "
                                          f"values, but the requested shape has "
                                          f"{int(np.prod(new))}")
    flat = np.ravel_multi_index(tuple(indices.T), tuple(old)) if len(indices) else \
        np.zeros(0, np.int64)
    new_indices = np.stack(np.unravel_index(flat, tuple(new)), axis=1) if len(new) else \
        np.zeros((len(flat), 0), np.int64)
    return SparseTensor(new_indices.astype(np.int64).reshape(len(flat), len(new)),
                        sp.values, new)


def slice(sp_input, start, size, name=None) -> SparseTensor:
    """The entries inside the box [start, start + size), shifted to start at 0."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    start = np.asarray(_np(start), np.int64)
    stop = np.minimum(start + np.asarray(_np(size), np.int64), shape)
    keep = np.flatnonzero(np.all((indices >= start) & (indices < stop), axis=1))
    return SparseTensor(indices[keep] - start, tf.gather(sp.values, keep),
                        np.maximum(stop - start, 0))


def split(sp_input=None, num_split=None, axis=None, name=None) -> list:
    """`num_split` slices along `axis`; the first (size % num_split) get one extra row."""
    sp = _check_sparse(sp_input)
    shape = _np(sp.dense_shape)
    axis = int(_np(axis)) % len(shape)
    num_split = int(num_split)
    base, extra = divmod(int(shape[axis]), num_split)
    out, begin = [], 0
    for i in range(num_split):
        width = base + (1 if i < extra else 0)
        start = np.zeros_like(shape)
        start[axis] = begin
        size = shape.copy()
        size[axis] = width
        out.append(slice(sp, start, size))
        begin += width
    return out


def concat(axis, sp_inputs, expand_nonconcat_dims: bool = False, name=None) -> SparseTensor:
    """Concatenates SparseTensors along `axis`; the result is in row-major order."""
    sps = [_check_sparse(s, "sp_inputs") for s in sp_inputs]
    shapes = np.stack([_np(s.dense_shape) for s in sps])
    rank = shapes.shape[1]
    axis = int(_np(axis)) % rank
    others = np.delete(shapes, axis, axis=1)
    if not expand_nonconcat_dims and np.any(others != others[0]):
        raise errors.InvalidArgumentError(f"Input shapes must match except on the concat axis: "
                                          f"got {shapes.tolist()}")
    out_shape = shapes.max(axis=0)
    out_shape[axis] = shapes[:, axis].sum()
    offsets = np.concatenate([[0], np.cumsum(shapes[:, axis])[:-1]])
    parts = []
    for s, off in zip(sps, offsets):
        idx = _np(s.indices).copy()
        idx[:, axis] += off
        parts.append(idx)
    indices = np.concatenate(parts).reshape(-1, rank)
    order = _lex_order(indices)
    values = tf.gather(tf.concat([s.values for s in sps], axis=0), order)
    return SparseTensor(indices[order], values, out_shape)


def fill_empty_rows(sp_input, default_value, name=None):
    """Adds `default_value` at [row, 0, ...] of each empty row; returns (sparse, empty rows)."""
    sp = _check_sparse(sp_input)
    indices, shape = _parts(sp)
    empty = np.ones(int(shape[0]), dtype=bool)
    empty[indices[:, 0]] = False
    rows = np.flatnonzero(empty)
    filler = np.zeros((len(rows), len(shape)), np.int64)
    filler[:, 0] = rows
    all_indices = np.concatenate([indices, filler])
    default = tf.fill([len(rows)], tf.convert_to_tensor(default_value, dtype=sp.dtype))
    order = np.argsort(all_indices[:, 0], kind="stable")
    values = tf.gather(tf.concat([sp.values, default], axis=0), order)
    return SparseTensor(all_indices[order], values, shape), tf.constant(empty)


def sparse_dense_matmul(sp_a, b, adjoint_a: bool = False, adjoint_b: bool = False, name=None):
    """Matrix product of a rank-2 SparseTensor and a dense matrix (gradients reach both)."""
    sp = _check_sparse(sp_a, "sp_a")
    b = tf.convert_to_tensor(b, dtype=sp.dtype)
    if adjoint_b:
        b = tf.linalg.adjoint(b)
    indices, shape = _parts(sp)
    rows, cols, n_rows = indices[:, 0], indices[:, 1], int(shape[0])
    values = sp.values
    if adjoint_a:
        rows, cols, n_rows = cols, rows, int(shape[1])
        values = tf.math.conj(values)
    contributions = values[:, None] * tf.gather(b, cols)
    return tf.math.unsorted_segment_sum(contributions, rows, n_rows)
