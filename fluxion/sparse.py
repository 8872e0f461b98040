"""``tf.sparse``: `SparseTensor` (COO: indices, values, dense_shape) and the ops on it.

Every op is made of graph ops, so it traces into a `tf.function` whose SparseTensors hold
indices known only when the graph runs (parsed Examples): the index bookkeeping (validation,
sorting, grouping, unions) is done by the primitives of fluxion/ops/sparse_ops.py, and the values
move through public differentiable ops (gather, segment reductions, scatter), so gradients reach
them as in TensorFlow. Sizes known now (eager, or a dense_shape that does not depend on the
function's inputs) are used as static shapes.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core.op import STATE
from fluxion.core.shape import TensorShape
from fluxion.ops import debug_ops, sparse_ops
from fluxion.ops._util import static_ints

__all__ = ["SparseTensor", "SparseTensorSpec", "add", "concat", "expand_dims", "eye",
           "fill_empty_rows", "from_dense", "map_values", "maximum", "minimum", "reduce_max",
           "reduce_sum", "reorder", "reset_shape", "reshape", "retain", "slice", "softmax",
           "sparse_dense_matmul", "split", "to_dense", "to_indicator", "transpose"]


class SparseTensor:
    """``tf.sparse.SparseTensor(indices, values, dense_shape)``: int64 `indices` [N, rank],
    `values` [N] and int64 `dense_shape` [rank]."""

    _composite_tensor = True  # tf.is_tensor(sparse) is True

    __slots__ = ("_dense_shape", "_indices", "_shape", "_values")

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
        # the static shape, as TF's: the dense shape's values when known now, else unknown dims
        known = _known(self._dense_shape)
        self._shape = TensorShape([None] * rank if known is None else known.tolist())

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
        """The static dense shape (None dims where it depends on a traced function's inputs)."""
        return self._shape

    def get_shape(self) -> TensorShape:
        return self.shape

    def _to_components(self) -> tuple:
        """The tensors a traced function takes or returns for this value (`nest` with
        expand_composites)."""
        return self._indices, self._values, self._dense_shape

    @classmethod
    def _from_components(cls, components) -> SparseTensor:
        return cls(*components)

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
def _known(t):
    """The NumPy value of tensor `t` when known now: always in eager mode; while tracing, unless
    it depends on the function's inputs (then None: only the graph will know it)."""
    trace = STATE.trace
    if trace is not None and trace.is_dynamic_here(t):
        return None
    return np.asarray(t._value)


def _check_sparse(x, what: str = "sp_input") -> SparseTensor:
    if not isinstance(x, SparseTensor):
        raise TypeError(f"Input {what} must be a SparseTensor, got {type(x).__name__}")
    return x


def _rank(sp: SparseTensor) -> int:
    return sp.indices.shape[1]  # static: the indices' width never varies


def _require(condition, message) -> None:
    """InvalidArgumentError(message) unless the bool tensor `condition` holds everywhere: now when
    it is known (`message` may be a function making the text then), else when the graph runs."""
    known = _known(condition)
    if known is not None:
        if not np.all(known):
            raise errors.InvalidArgumentError(message() if callable(message) else message)
        return
    text = "sparse operands are incompatible" if callable(message) else message
    debug_ops.assert_(tf.reduce_all(condition), items=(text,), summarize=3, form="assert",
                      message=text, relation="", eager=False)


def _dense_at(sp: SparseTensor, other):
    """`other` (a scalar or a dense tensor broadcastable to sp's shape) read at sp's indices."""
    other = tf.convert_to_tensor(other, dtype_hint=sp.dtype)
    if other.ndim == 0:
        return other
    return tf.gather_nd(tf.broadcast_to(other, sp.dense_shape), sp.indices)


def _scatter(values, default, indices, dense_shape, validate: bool = False):
    """A dense tensor holding `values` at `indices`, `default` elsewhere (static shape when the
    dense shape is known now)."""
    known = _known(dense_shape)
    if known is not None:
        return sparse_ops.sparse_to_dense(values, default, indices, shape=tuple(known.tolist()),
                                          validate_indices=bool(validate))
    return sparse_ops.sparse_to_dense_shape(values, default, indices, dense_shape,
                                            validate_indices=bool(validate))


def _count(rows):
    """The number of rows of `rows`, as an int64 vector [n] (a dense shape)."""
    return tf.shape(rows, out_type=tf.int64)[:1]


def _axes(axis, rank: int) -> tuple:
    axes = static_ints(axis, "axis")
    out = []
    for a in [axes] if isinstance(axes, int) else axes:
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(f"Invalid reduction dimension {a}, for input "
                                              f"with {rank} dimensions.")
        out.append(a % rank)
    return tuple(sorted(set(out)))


def _zero(dtype):
    return b"" if dtype == tf.string else 0


def _int64(x):
    t = tf.convert_to_tensor(x, dtype_hint=tf.int64)
    return t if t.dtype == tf.int64 else tf.cast(t, tf.int64)


# --- conversion ----------------------------------------------------------------------------
def to_dense(sp_input, default_value=None, validate_indices: bool = True, name=None):
    """The dense tensor of `sp_input`, `default_value` (0 / b"") where no value is given."""
    sp = _check_sparse(sp_input)
    default = tf.convert_to_tensor(_zero(sp.dtype) if default_value is None else default_value,
                                   dtype=sp.dtype)
    return _scatter(sp.values, default, sp.indices, sp.dense_shape, validate_indices)


def from_dense(tensor, name=None) -> SparseTensor:
    """The non-zero (non-empty for strings) entries of `tensor`, in row-major order."""
    t = tf.convert_to_tensor(tensor)
    if t.ndim == 0:
        raise errors.InvalidArgumentError("WhereOp : Unhandled input dimensions: 0")
    indices = tf.where(tf.not_equal(t, b"") if t.dtype == tf.string else t)
    return SparseTensor(indices, tf.gather_nd(t, indices), tf.shape(t, out_type=tf.int64))


def reorder(sp_input, name=None) -> SparseTensor:
    """The same entries with indices in row-major (lexicographic) order."""
    sp = _check_sparse(sp_input)
    indices, order = sparse_ops.sparse_reorder(sp.indices)
    return SparseTensor(indices, tf.gather(sp.values, order), sp.dense_shape)


def reset_shape(sp_input, new_shape=None) -> SparseTensor:
    """`sp_input` with `new_shape`, or the tight bounding box of its indices when None."""
    sp = _check_sparse(sp_input)
    floor = tf.expand_dims(tf.zeros_like(sp.dense_shape), 0)  # an empty input's box is 0s
    tight = tf.reduce_max(tf.concat([sp.indices + 1, floor], 0), axis=0)
    if new_shape is None:
        return SparseTensor(sp.indices, sp.values, tight)
    new = tf.reshape(_int64(new_shape), [-1])
    message = f"new_shape must have the rank of the input ({_rank(sp)}) and hold every index"
    if new.shape != sp.dense_shape.shape:
        raise errors.InvalidArgumentError(message)
    _require(tf.greater_equal(new, tight), message)
    return SparseTensor(sp.indices, sp.values, new)


def eye(num_rows, num_columns=None, dtype=tf.float32, name=None) -> SparseTensor:
    """A sparse identity matrix of [num_rows, num_columns]."""
    rows = int(num_rows)
    cols = rows if num_columns is None else int(num_columns)
    diag = np.arange(min(rows, cols), dtype=np.int64)
    return SparseTensor(np.stack([diag, diag], axis=1),
                        tf.ones([len(diag)], dtype=dtype), [rows, cols])


# --- reductions ----------------------------------------------------------------------------
def _reduce(sp: SparseTensor, axis, keepdims, output_is_sparse, segment_op, whole_op):
    rank = _rank(sp)
    if axis is None:
        total = whole_op(sp.values)
        if output_is_sparse:
            keep = [1] * rank if keepdims else []
            return SparseTensor(np.zeros((1, len(keep)), np.int64), tf.reshape(total, [1]), keep)
        return tf.reshape(total, [1] * rank) if keepdims else total
    reduced = _axes(axis, rank)
    coords, order, ids, _ = sparse_ops.sparse_segments(sp.indices, axes=reduced,
                                                       keepdims=bool(keepdims))
    values = segment_op(tf.gather(sp.values, order), ids)
    is_reduced = np.isin(np.arange(rank), reduced)
    if keepdims:
        out_shape = tf.where(is_reduced, tf.ones_like(sp.dense_shape), sp.dense_shape)
    else:
        out_shape = tf.gather(sp.dense_shape, np.flatnonzero(~is_reduced))
    if output_is_sparse:
        return SparseTensor(coords, values, out_shape)
    zero = tf.zeros([], sp.dtype)
    return _scatter(values, zero, coords, out_shape)


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse: bool = False, name=None):
    """Sums of the values over `axis` (all axes when None); dense unless `output_is_sparse`."""
    return _reduce(_check_sparse(sp_input), axis, keepdims, output_is_sparse,
                   tf.math.segment_sum, tf.reduce_sum)


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse: bool = False, name=None):
    """Maxima of the given values over `axis`; positions without any value give 0."""
    return _reduce(_check_sparse(sp_input), axis, keepdims, output_is_sparse,
                   tf.math.segment_max, tf.reduce_max)


# --- element-wise --------------------------------------------------------------------------
def _require_same_shape(a: SparseTensor, b: SparseTensor) -> None:
    if a.dense_shape.shape != b.dense_shape.shape:
        raise errors.InvalidArgumentError(f"Operands' shapes do not match: got {a.shape} and "
                                          f"{b.shape}")
    _require(tf.equal(a.dense_shape, b.dense_shape),
             lambda: f"Operands' shapes do not match: got {a.dense_shape.numpy().tolist()} "
                     f"and {b.dense_shape.numpy().tolist()}")


def add(a, b, threshold=0):
    """Sparse + sparse (a SparseTensor; sums with |value| < threshold dropped) or
    sparse + dense (a dense tensor)."""
    if not isinstance(a, SparseTensor):
        a, b = b, a
    if not isinstance(a, SparseTensor):
        raise TypeError("tf.sparse.add needs at least one SparseTensor operand")
    if not isinstance(b, SparseTensor):
        dense = tf.convert_to_tensor(b, dtype=a.dtype)
        return tf.tensor_scatter_nd_add(dense, a.indices, a.values)
    _require_same_shape(a, b)
    both = tf.concat([a.indices, b.indices], 0)
    coords, order, ids, _ = sparse_ops.sparse_segments(both, axes=(), keepdims=False)
    values = tf.math.segment_sum(tf.gather(tf.concat([a.values, b.values], 0), order), ids)
    limit = _known(tf.convert_to_tensor(threshold))
    if limit is None or np.any(limit != 0):  # |v| < 0 never holds: nothing to drop
        keep = tf.logical_not(tf.abs(values) < tf.cast(threshold, values.dtype))
        coords, values = tf.boolean_mask(coords, keep), tf.boolean_mask(values, keep)
    return SparseTensor(coords, values, a.dense_shape)


def _binary_union(a, b, op) -> SparseTensor:
    a, b = _check_sparse(a, "a"), _check_sparse(b, "b")
    coords, pos_a, pos_b = sparse_ops.sparse_union(a.indices, a.dense_shape, b.indices,
                                                   b.dense_shape)
    n = _count(coords)
    zero = tf.zeros([], a.dtype)
    full_a = _scatter(a.values, zero, tf.expand_dims(pos_a, 1), n)  # missing entries count as 0
    full_b = _scatter(b.values, zero, tf.expand_dims(pos_b, 1), n)
    return SparseTensor(coords, op(full_a, full_b), a.dense_shape)


def maximum(sp_a, sp_b, name=None) -> SparseTensor:
    """Element-wise maximum over the union of the entries (absent entries are 0)."""
    return _binary_union(sp_a, sp_b, tf.maximum)


def minimum(sp_a, sp_b, name=None) -> SparseTensor:
    """Element-wise minimum over the union of the entries (absent entries are 0)."""
    return _binary_union(sp_a, sp_b, tf.minimum)


def retain(sp_input, to_retain) -> SparseTensor:
    """The entries where the boolean vector `to_retain` is True."""
    sp = _check_sparse(sp_input)
    keep = tf.convert_to_tensor(to_retain)
    keep = keep if keep.dtype == tf.bool else tf.cast(keep, tf.bool)
    return SparseTensor(tf.boolean_mask(sp.indices, keep), tf.boolean_mask(sp.values, keep),
                        sp.dense_shape)


def map_values(op, *args, **kwargs) -> SparseTensor:
    """``op`` applied to the values of the SparseTensors in args (which share their indices)."""
    found = [x for x in list(args) + list(kwargs.values()) if isinstance(x, SparseTensor)]
    if not found:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = found[0]
    for other in found[1:]:
        if other.indices.shape != first.indices.shape:
            raise errors.InvalidArgumentError("SparseTensors in map_values must have "
                                              "identical indices")
        _require(tf.equal(first.indices, other.indices),
                 "SparseTensors in map_values must have identical indices")
    unwrap = lambda x: x.values if isinstance(x, SparseTensor) else x
    result = op(*[unwrap(x) for x in args], **{k: unwrap(v) for k, v in kwargs.items()})
    return SparseTensor(first.indices, result, first.dense_shape)


def softmax(sp_input, name=None) -> SparseTensor:
    """Softmax over the given values of each innermost row (absent entries take no part)."""
    sp = _check_sparse(sp_input)
    _, order, ids, row = sparse_ops.sparse_segments(sp.indices, axes=(_rank(sp) - 1,),
                                                    keepdims=False)

    def per_row(reduce, x):  # one value per row, gathered back to every entry of the row
        return tf.gather(reduce(tf.gather(x, order), ids), row)

    e = tf.exp(sp.values - tf.stop_gradient(per_row(tf.math.segment_max, sp.values)))
    return sp.with_values(e / per_row(tf.math.segment_sum, e))


def to_indicator(sp_input, vocab_size, name=None):
    """Dense bool [..., vocab_size]: True at the ids that each row's values list."""
    sp = _check_sparse(sp_input)
    ids = tf.expand_dims(_int64(sp.values), 1)
    indices = tf.concat([sp.indices[:, :-1], ids], axis=1)
    shape = tf.concat([sp.dense_shape[:-1], tf.reshape(_int64(vocab_size), [1])], 0)
    return _scatter(tf.ones_like(sp.values, dtype=tf.bool), tf.constant(False), indices, shape)


# --- shape manipulation --------------------------------------------------------------------
def transpose(sp_input, perm=None, name=None) -> SparseTensor:
    """Permutes the dimensions (reversed when `perm` is None); the result is reordered."""
    sp = _check_sparse(sp_input)
    perm = list(range(_rank(sp)))[::-1] if perm is None else list(static_ints(perm, "perm"))
    return reorder(SparseTensor(tf.gather(sp.indices, perm, axis=1), sp.values,
                                tf.gather(sp.dense_shape, perm)))


def expand_dims(sp_input, axis=None, name=None) -> SparseTensor:
    """Inserts a dimension of size 1 at `axis` (-1 when None)."""
    sp = _check_sparse(sp_input)
    rank = _rank(sp)
    axis = -1 if axis is None else static_ints(axis, "axis")
    if not -rank - 1 <= axis <= rank:
        raise errors.InvalidArgumentError(f"Axis {axis} out of range for rank {rank}")
    axis %= rank + 1
    zeros = tf.zeros_like(sp.indices[:, :1])
    indices = tf.concat([sp.indices[:, :axis], zeros, sp.indices[:, axis:]], axis=1)
    one = tf.ones([1], tf.int64)
    return SparseTensor(indices, sp.values,
                        tf.concat([sp.dense_shape[:axis], one, sp.dense_shape[axis:]], 0))


def reshape(sp_input, shape, name=None) -> SparseTensor:
    """The same entries in a dense shape with as many elements (one -1 is inferred)."""
    sp = _check_sparse(sp_input)
    indices, new_shape = sparse_ops.sparse_reshape(sp.indices, sp.dense_shape,
                                                   tf.reshape(_int64(shape), [-1]))
    return SparseTensor(indices, sp.values, new_shape)


def slice(sp_input, start, size, name=None) -> SparseTensor:
    """The entries inside the box [start, start + size), shifted to start at 0."""
    sp = _check_sparse(sp_input)
    indices, keep, shape = sparse_ops.sparse_slice(sp.indices, sp.dense_shape, _int64(start),
                                                   _int64(size))
    return SparseTensor(indices, tf.gather(sp.values, keep), shape)


def split(sp_input=None, num_split=None, axis=None, name=None) -> list:
    """`num_split` slices along `axis`; the first (size % num_split) get one extra row."""
    sp = _check_sparse(sp_input)
    rank = _rank(sp)
    axis = static_ints(axis, "axis") % rank
    num_split = int(num_split)
    along = np.eye(rank, dtype=np.int64)[axis]  # 1 at `axis`
    dim = sp.dense_shape[axis]
    base, extra = dim // num_split, dim % num_split
    out = []
    for i in range(num_split):
        begin = i * base + tf.minimum(tf.constant(i, tf.int64), extra)
        width = base + tf.cast(i < extra, tf.int64)
        out.append(slice(sp, along * begin, sp.dense_shape * (1 - along) + along * width))
    return out


def concat(axis, sp_inputs, expand_nonconcat_dims: bool = False, name=None) -> SparseTensor:
    """Concatenates SparseTensors along `axis`; the result is in row-major order."""
    sps = [_check_sparse(s, "sp_inputs") for s in sp_inputs]
    shapes = tf.stack([s.dense_shape for s in sps])
    rank = _rank(sps[0])
    axis = static_ints(axis, "axis") % rank
    along = np.eye(rank, dtype=np.int64)[axis]
    if not expand_nonconcat_dims:
        _require(tf.equal(shapes * (1 - along), shapes[0] * (1 - along)),
                 lambda: f"Input shapes must match except on the concat axis: got "
                         f"{shapes.numpy().tolist()}")
    sizes = shapes[:, axis]
    out_shape = tf.reduce_max(shapes, axis=0) * (1 - along) + along * tf.reduce_sum(sizes)
    offsets = tf.math.cumsum(sizes, exclusive=True)
    indices = tf.concat([s.indices + along * offsets[i] for i, s in enumerate(sps)], 0)
    indices, order = sparse_ops.sparse_reorder(indices)
    values = tf.gather(tf.concat([s.values for s in sps], axis=0), order)
    return SparseTensor(indices, values, out_shape)


def fill_empty_rows(sp_input, default_value, name=None):
    """Adds `default_value` at [row, 0, ...] of each empty row; returns (sparse, empty rows)."""
    sp = _check_sparse(sp_input)
    default = tf.reshape(tf.convert_to_tensor(default_value, dtype=sp.dtype), [1])
    indices, source, empty = sparse_ops.sparse_fill_empty_rows(sp.indices, sp.dense_shape)
    values = tf.gather(tf.concat([sp.values, default], axis=0), source)
    return SparseTensor(indices, values, sp.dense_shape), empty


def sparse_dense_matmul(sp_a, b, adjoint_a: bool = False, adjoint_b: bool = False, name=None):
    """Matrix product of a rank-2 SparseTensor and a dense matrix (gradients reach both)."""
    sp = _check_sparse(sp_a, "sp_a")
    b = tf.convert_to_tensor(b, dtype=sp.dtype)
    if adjoint_b:
        b = tf.linalg.adjoint(b)
    rows, cols, n_rows = sp.indices[:, 0], sp.indices[:, 1], sp.dense_shape[0]
    values = sp.values
    if adjoint_a:
        rows, cols, n_rows = cols, rows, sp.dense_shape[1]
        values = tf.math.conj(values)
    contributions = tf.expand_dims(values, 1) * tf.gather(b, cols)
    known = _known(n_rows)
    if known is not None:
        return tf.math.unsorted_segment_sum(contributions, rows, int(known))
    shape = tf.stack([n_rows, tf.shape(b, out_type=tf.int64)[1]])
    return tf.tensor_scatter_nd_add(tf.fill(shape, tf.zeros([], b.dtype)),
                                    tf.expand_dims(rows, 1), contributions)


_SEGMENT_NAMES = ("bincount", "mask", "segment_mean", "segment_sqrt_n", "segment_sum")


def __getattr__(name: str):
    """Segment ops, bincount and mask live in fluxion/sparse_segment.py (loaded on use)."""
    if name in _SEGMENT_NAMES:
        from fluxion import sparse_segment  # noqa: PLC0415

        return getattr(sparse_segment, name)
    if name in ("cross", "cross_hashed"):
        from fluxion import sparse_cross  # noqa: PLC0415

        return getattr(sparse_cross, name)
    raise AttributeError(f"module 'fluxion.sparse' has no attribute {name!r}")
