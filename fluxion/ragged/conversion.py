"""Conversions between RaggedTensors and dense / sparse tensors, and `merge_dims`.

All made of gathers and segment arithmetic on the row partition, so they trace into graphs and
pass gradients to the values (``to_tensor`` is a gather of the values and the default).
"""
from __future__ import annotations

import fluxion as tf
from fluxion.ragged import _util
from fluxion.ragged.ragged_tensor import RaggedTensor


# --- dense -> ragged -------------------------------------------------------------------------
def from_tensor(tensor, lengths=None, padding=None, ragged_rank: int = 1,
                row_splits_dtype=tf.int64) -> RaggedTensor:
    """``RaggedTensor.from_tensor``: rows of `tensor`, cut at `lengths` or before trailing
    `padding`, or whole."""
    tensor = tf.convert_to_tensor(tensor)
    dtype = tf.as_dtype(row_splits_dtype)
    if lengths is not None and padding is not None:
        raise ValueError("Specify argument `lengths` or `padding`, but not both.")
    if not isinstance(ragged_rank, int) or ragged_rank <= 0:
        raise ValueError(f"ragged_rank must be greater than 0; got {ragged_rank}")
    if tensor.ndim <= ragged_rank:
        raise ValueError(f"ragged_rank must be less than rank(tensor); got ragged_rank="
                         f"{ragged_rank} and rank(tensor)={tensor.ndim}")
    if ragged_rank > 1:
        if lengths is not None or padding is not None:
            raise NotImplementedError("from_tensor with lengths or padding supports "
                                      "ragged_rank=1 only")
        shape = tf.shape(tensor, out_type=dtype)
        merged = tf.reshape(tensor, tf.concat([[-1], shape[2:]], 0))
        inner = from_tensor(merged, ragged_rank=ragged_rank - 1, row_splits_dtype=dtype)
        return _uniform(inner, shape[0], shape[1], tensor.shape[1])
    shape = tf.shape(tensor, out_type=dtype)
    nrows, ncols = shape[0], shape[1]
    if lengths is None and padding is None:
        values = tf.reshape(tensor, tf.concat([[-1], shape[2:]], 0))
        return _uniform(values, nrows, ncols, tensor.shape[1])
    if padding is not None:
        lengths = _unpadded_lengths(tensor, padding, ncols)
    else:
        lengths = tf.minimum(tf.cast(tf.convert_to_tensor(lengths, dtype_hint=dtype), dtype),
                             ncols)
    keep = _util.arange(ncols)[None, :] < lengths[:, None]
    # a 1-D mask over the rows' items (tf.boolean_mask with a 2-D mask bakes the traced
    # row count into its graph)
    items = tf.reshape(tensor, tf.concat([[-1], tf.shape(tensor)[2:]], 0))
    values = tf.boolean_mask(items, tf.reshape(keep, [-1]))
    return RaggedTensor.from_row_lengths(values, lengths, validate=False)


def _uniform(values, nrows, ncols, static_ncols) -> RaggedTensor:
    splits = _util.arange(nrows + 1, dtype=nrows.dtype) * ncols
    return RaggedTensor(values, splits, internal=True, uniform_row_length=static_ncols)


def _unpadded_lengths(tensor, padding, ncols):
    """Per row, the position after its last element that differs from `padding`."""
    padding = tf.convert_to_tensor(padding, dtype=tensor.dtype)
    if padding.shape.as_list() != tensor.shape.as_list()[2:]:
        raise ValueError(f"Shapes {padding.shape} and {tensor.shape[2:]} are incompatible: "
                         f"padding must have the shape of tensor.shape[2:]")
    differs = tf.not_equal(tensor, padding)
    if differs.ndim > 2:
        differs = tf.reduce_any(differs, axis=list(range(2, differs.ndim)))
    positions = _util.arange(1, ncols + 1)[None, :]
    return tf.reduce_max(tf.where(differs, positions, tf.zeros_like(positions)), axis=1)


def from_sparse(st, row_splits_dtype=tf.int64) -> RaggedTensor:
    """A 2-D SparseTensor (indices in row-major order) as its rows."""
    if st.indices.shape[1] != 2:
        raise ValueError("rank(st_input) must be 2.")
    dtype = tf.as_dtype(row_splits_dtype)
    rowids = tf.cast(st.indices[:, 0], dtype)
    nrows = tf.cast(st.dense_shape[0], dtype)
    return RaggedTensor.from_value_rowids(st.values, rowids, nrows, validate=False)


# --- ragged -> dense -------------------------------------------------------------------------
def to_tensor(rt: RaggedTensor, default_value=None, shape=None):
    """Rows padded with `default_value` to the bounding shape (or to `shape`, whose known dims
    also truncate)."""
    dims = None
    if shape is not None:
        dims = tf.TensorShape(shape).as_list() if not isinstance(shape, tf.Tensor) else \
            [int(d) if d >= 0 else None for d in shape.numpy().tolist()]
        if len(dims) != rt.shape.rank:
            raise ValueError(f"rt_input.shape and shape={shape} are incompatible")
    dtype = rt.dtype
    default = _util.default_of(dtype) if default_value is None else default_value
    default = tf.convert_to_tensor(default, dtype=dtype)
    return _to_dense(rt, default, dims)


def _to_dense(rt: RaggedTensor, default, dims):
    values = rt.values
    inner_dims = None if dims is None else [None] + dims[2:]
    if isinstance(values, RaggedTensor):
        values = _to_dense(values, default, inner_dims)
    elif dims is not None and any(d is not None for d in dims[2:]):
        values = _fit_inner(values, default, dims[2:])
    splits = rt.row_splits
    starts, lengths = splits[:-1], splits[1:] - splits[:-1]
    if dims is not None and dims[0] is not None:
        starts, lengths = _fit_rows(starts, lengths, dims[0])
    if dims is not None and dims[1] is not None:
        width = tf.constant(dims[1], splits.dtype)
    else:
        width = tf.reduce_max(tf.concat([lengths, tf.zeros([1], lengths.dtype)], 0))
    columns = _util.arange(width, dtype=splits.dtype)[None, :]
    index = starts[:, None] + columns
    n = tf.shape(values, out_type=splits.dtype)[0]
    index = tf.where(columns < lengths[:, None], index, tf.broadcast_to(n, tf.shape(index)))
    pad = tf.broadcast_to(default, tf.concat([[1], tf.shape(values)[1:]], 0))
    return tf.gather(tf.concat([values, pad], 0), index)


def _fit_rows(starts, lengths, nrows: int):
    """Row starts / lengths cut or extended (with empty rows) to `nrows` rows."""
    extra = tf.maximum(nrows - tf.shape(starts, out_type=starts.dtype)[0], 0)
    zeros = tf.zeros(tf.reshape(extra, [1]), starts.dtype)
    return tf.concat([starts, zeros], 0)[:nrows], tf.concat([lengths, zeros], 0)[:nrows]


def _fit_inner(values, default, dims):
    """Uniform inner dims cut or padded to the sizes `dims` asks for (None: kept)."""
    for axis, size in enumerate(dims, start=1):
        have = values.shape[axis]
        if size is None or size == have:
            continue
        if size < have:
            begin, sizes = [0] * values.ndim, [-1] * values.ndim
            sizes[axis] = size
            values = tf.slice(values, begin, sizes)
        else:
            paddings = [[0, 0]] * values.ndim
            paddings[axis] = [0, size - have]
            values = tf.pad(values, paddings, constant_values=default)
    return values


def to_sparse(rt: RaggedTensor):
    """A SparseTensor with one entry per value (at its row, column... indices)."""
    flat = rt.flat_values
    dtype = tf.int64
    coords = tf.cast(tf.where(tf.ones_like(flat, dtype=tf.bool)), dtype)
    lead, inner = coords[:, :1], coords[:, 1:]
    for splits in reversed(rt.nested_row_splits):
        splits = tf.cast(splits, dtype)
        rowids = _util.rowids_from_splits(splits)
        positions = _util.arange(splits[-1], dtype=dtype) - tf.gather(splits, rowids)
        row = tf.gather(rowids, lead[:, 0])[:, None]
        col = tf.gather(positions, lead[:, 0])[:, None]
        inner = tf.concat([col, inner], 1)
        lead = row
    indices = tf.concat([lead, inner], 1)
    values = tf.reshape(flat, [-1])
    return tf.sparse.SparseTensor(indices, values, tf.cast(rt.bounding_shape(), dtype))


# --- merge_dims ------------------------------------------------------------------------------
def merge_dims(rt, outer_axis: int, inner_axis: int):
    """Dimensions outer_axis..inner_axis merged into one (a ragged or dense result)."""
    rank = rt.shape.rank
    outer = outer_axis + rank if outer_axis < 0 else outer_axis
    inner = inner_axis + rank if inner_axis < 0 else inner_axis
    if not 0 <= outer <= inner < rank:
        raise ValueError(f"Expected outer_axis ({outer_axis}) to be less than or equal to "
                         f"inner_axis ({inner_axis})" if 0 <= outer < rank and
                         0 <= inner < rank else f"axis out of bounds for rank {rank}")
    for _ in range(inner - outer):
        rt = _merge_pair(rt, outer)
    return rt


def _merge_pair(rt, axis: int):
    """Dimensions axis and axis + 1 merged."""
    if not isinstance(rt, RaggedTensor):
        shape = tf.shape(rt)
        merged = tf.concat([shape[:axis], [-1], shape[axis + 2:]], 0)
        return tf.reshape(rt, merged)
    if axis == 0:
        return rt.values
    if axis == 1 and not isinstance(rt.values, RaggedTensor):
        # rows of a uniform inner dim: each row's values spread over `width` slots
        width = tf.shape(rt.values, out_type=rt.row_splits.dtype)[1]
        shape = tf.shape(rt.values)
        values = tf.reshape(rt.values, tf.concat([[-1], shape[2:]], 0))
        return RaggedTensor.from_row_splits(values, rt.row_splits * width, validate=False)
    if axis == 1:
        inner_splits = rt.values.row_splits
        splits = tf.gather(inner_splits, rt.row_splits)
        return RaggedTensor.from_row_splits(rt.values.values, splits, validate=False)
    return rt.with_values(_merge_pair(rt.values, axis - 1))
