"""More top-level array ops: ``tf.space_to_batch`` (``_nd``), ``tf.batch_to_space``,
``tf.required_space_to_batch_paddings``, ``tf.bitcast``, ``tf.parallel_stack``, ``tf.tuple``,
``tf.edit_distance`` and ``tf.fingerprint``.

space/batch reshuffles are compositions of pad, reshape, transpose and slice (so they trace and
differentiate through those); bitcast, fingerprint and edit_distance are primitives.
"""
from __future__ import annotations

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.context import executing_eagerly
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.ops import array_ops
from fluxion.ops._util import static_value
from fluxion.ops.slicing_ops import pad, slice as slice_

__all__ = ["space_to_batch", "space_to_batch_nd", "batch_to_space",
           "required_space_to_batch_paddings", "bitcast", "parallel_stack", "tuple",
           "edit_distance", "fingerprint"]
_nn_exports = ["space_to_batch"]
_tuple = tuple  # the builtin: this module defines tf.tuple


# --- space_to_batch / batch_to_space --------------------------------------------------------
def _block_args(block_shape, pairs, what: str):
    block = np.asarray(static_value(block_shape, "block_shape"), np.int64).reshape(-1)
    spans = np.asarray(static_value(pairs, what), np.int64).reshape(len(block), 2)
    if np.any(block < 1):
        raise errors.InvalidArgumentError(f"block_shape must be positive, got {block.tolist()}")
    if np.any(spans < 0):
        raise errors.InvalidArgumentError(f"{what} must be non-negative, got {spans.tolist()}")
    return [int(b) for b in block], spans.tolist()


def space_to_batch_nd(input, block_shape, paddings, name=None) -> Tensor:  # noqa: A002
    """Zero-pads the M spatial dims (after the batch dim), splits each into blocks and moves
    the block offsets into the batch dim: [b, *spatial, *rest] -> [b * prod(block), ...]."""
    x = convert_to_tensor(input)
    block, spans = _block_args(block_shape, paddings, "paddings")
    m, rank = len(block), x.ndim
    padded = pad(x, [[0, 0]] + spans + [[0, 0]] * (rank - 1 - m))
    shape = padded.shape.as_list()
    split = [shape[0]]
    for i, b in enumerate(block):
        if shape[1 + i] % b:
            raise errors.InvalidArgumentError(
                f"padded_shape[{i}]={shape[1 + i]} is not divisible by block_shape[{i}]={b} "
                f"[Op:SpaceToBatchND]")
        split += [shape[1 + i] // b, b]
    rest = shape[1 + m:]
    y = array_ops.reshape(padded, split + rest)
    perm = ([2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)]
            + list(range(1 + 2 * m, 1 + 2 * m + len(rest))))
    y = array_ops.transpose(y, perm)
    return array_ops.reshape(y, [shape[0] * int(np.prod(block))] + split[1::2] + rest)


def space_to_batch(input, block_shape, paddings, name=None) -> Tensor:  # noqa: A002
    """TF2's ``tf.space_to_batch``: `space_to_batch_nd`."""
    return space_to_batch_nd(input, block_shape, paddings)


def batch_to_space(input, block_shape, crops, name=None) -> Tensor:  # noqa: A002
    """The inverse of `space_to_batch_nd`: block offsets move from the batch dim back into the
    spatial dims, which are then cropped by `crops` [M, 2]."""
    x = convert_to_tensor(input)
    block, spans = _block_args(block_shape, crops, "crops")
    m = len(block)
    shape = x.shape.as_list()
    total = int(np.prod(block))
    if shape[0] % total:
        raise errors.InvalidArgumentError(
            f"Input batch dimension ({shape[0]}) is not divisible by product of block sizes "
            f"({total}) [Op:BatchToSpaceND]")
    batch, spatial, rest = shape[0] // total, shape[1:1 + m], shape[1 + m:]
    y = array_ops.reshape(x, block + [batch] + spatial + rest)
    perm = [m] + [p for i in range(m) for p in (m + 1 + i, i)] + \
        list(range(2 * m + 1, 2 * m + 1 + len(rest)))
    y = array_ops.transpose(y, perm)
    full = [s * b for s, b in zip(spatial, block)]
    y = array_ops.reshape(y, [batch] + full + rest)
    for (lo, hi), n in zip(spans, full):
        if lo + hi > n:
            raise errors.InvalidArgumentError(f"Crops must be less than the spatial size: "
                                              f"{lo} + {hi} > {n} [Op:BatchToSpaceND]")
    begin = [0] + [lo for lo, _ in spans] + [0] * len(rest)
    size = [batch] + [n - lo - hi for (lo, hi), n in zip(spans, full)] + rest
    return slice_(y, begin, size)


def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None,
                                     name=None) -> tuple:
    """(paddings, crops), int32 [M, 2]: the least end-padding making every padded spatial dim
    (after `base_paddings`) a multiple of its block size, and the crops that undo it."""
    shape = np.asarray(static_value(input_shape, "input_shape"), np.int64).reshape(-1)
    block = np.asarray(static_value(block_shape, "block_shape"), np.int64).reshape(-1)
    base = np.zeros((len(block), 2), np.int64) if base_paddings is None else \
        np.asarray(static_value(base_paddings, "base_paddings"), np.int64).reshape(-1, 2)
    full = shape + base[:, 0] + base[:, 1]
    extra = (block - full % block) % block
    paddings = np.stack([base[:, 0], base[:, 1] + extra], 1).astype(np.int32)
    crops = np.stack([np.zeros_like(extra), extra], 1).astype(np.int32)
    return convert_to_tensor(paddings), convert_to_tensor(crops)


# --- bitcast ----------------------------------------------------------------------------------
def _bitcast_shape(shape, src: dtypes.DType, dst: dtypes.DType):
    a, b = np.dtype(src._np).itemsize, np.dtype(dst._np).itemsize
    if a == b:
        return _tuple(shape)
    if a > b:
        return _tuple(shape) + (a // b,)
    if not shape or shape[-1] not in (b // a, None):
        raise errors.InvalidArgumentError(f"Cannot bitcast from {src.name} to {dst.name}: the "
                                          f"last dimension must be {b // a} [Op:Bitcast]")
    return _tuple(shape[:-1])


def _bitcast_kernel(xp, x, type):  # noqa: A002 - TF's attribute name
    out_shape = _bitcast_shape(x.shape, dtypes.from_numpy(x.dtype), type)
    return np.ascontiguousarray(x).view(type._np).reshape(out_shape)


_BITCASTABLE = _tuple(d for d in (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8,
                                 dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8,
                                 dtypes.uint16, dtypes.uint32, dtypes.uint64, dtypes.complex64,
                                 dtypes.complex128))
_bitcast = defop("bitcast", _bitcast_kernel, dtypes=_BITCASTABLE, tf_name="Bitcast",
                 infer=lambda x, type: Spec(None if x.shape is None else
                                            _bitcast_shape(x.shape, x.dtype, type), type))


def bitcast(input, type, name=None) -> Tensor:  # noqa: A002
    """The bytes of `input` reinterpreted as `type` (a new last dim when `type` is narrower;
    the last dim, which must match the width ratio, is consumed when it is wider)."""
    type = dtypes.as_dtype(type)
    if type not in _BITCASTABLE:
        raise TypeError(f"Value passed to parameter 'type' has DataType {type.name} not in "
                        f"list of allowed values")
    return _bitcast(convert_to_tensor(input), type=type)


# --- parallel_stack, tuple --------------------------------------------------------------------
def parallel_stack(values, name="parallel_stack") -> Tensor:
    """`tf.stack(values)`, for graphs only (as in TF, eager execution raises RuntimeError)."""
    if executing_eagerly():
        raise RuntimeError("tf.parallel_stack() is not compatible with eager execution.")
    return array_ops.stack(values)


def tuple(tensors, control_inputs=None, name=None) -> list:  # noqa: A001
    """The `tensors`, as a list, available only once all of them are computed (ops run in
    program order here, so this is an identity)."""
    if isinstance(tensors, Tensor) or not hasattr(tensors, "__iter__"):
        raise TypeError(f"tensors must be a list or tuple: {tensors}")
    return [None if t is None else array_ops.identity(t) for t in tensors]


# --- fingerprint --------------------------------------------------------------------------
def _fingerprint_kernel(xp, data):
    from fluxion.feature_column._farmhash import fingerprint64  # noqa: PLC0415

    if data.ndim == 0:
        raise errors.InvalidArgumentError(
            "`data` should have at least one dimension: [] [Op:Fingerprint]")
    rows = data.reshape(len(data), -1)
    out = np.empty((len(data), 8), np.uint8)
    for i, row in enumerate(rows):
        if data.dtype == object:
            parts = [bytes(v) for v in row]
            blob = parts[0] if len(parts) == 1 else b"".join(
                fingerprint64(p).to_bytes(8, "little") for p in parts)
        else:
            blob = np.ascontiguousarray(row).astype(row.dtype.newbyteorder("<")).tobytes()
        out[i] = np.frombuffer(fingerprint64(blob).to_bytes(8, "little"), np.uint8)
    return out


_fingerprint = defop("fingerprint", _fingerprint_kernel, tf_name="Fingerprint",
                     infer=lambda d: Spec(None if d.shape is None else (d.shape[0], 8),
                                          dtypes.uint8))


def fingerprint(data, method="farmhash64", name=None) -> Tensor:
    """uint8 [N, 8]: the little-endian FarmHash Fingerprint64 of each row of `data` (rows of
    several strings hash the concatenated fingerprints of their strings)."""
    if method != "farmhash64":
        raise errors.InvalidArgumentError(f"Unsupported fingerprint method: {method}")
    return _fingerprint(convert_to_tensor(data))


# --- edit_distance ------------------------------------------------------------------------
def _levenshtein(a: list, b: list) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def _sequences(indices, values) -> dict:
    out: dict = {}
    order = np.lexsort(indices.T[::-1]) if len(indices) else np.zeros(0, int)
    for k in order:
        out.setdefault(_tuple(indices[k, :-1].tolist()), []).append(values[k])
    return out


def _edit_distance_kernel(xp, h_indices, h_values, h_shape, t_indices, t_values, t_shape,
                          normalize):
    if len(h_shape) != len(t_shape):
        raise errors.InvalidArgumentError("hypothesis and truth must have the same rank "
                                          "[Op:EditDistance]")
    out_shape = _tuple(np.maximum(h_shape[:-1], t_shape[:-1]).tolist())
    out = np.zeros(out_shape, np.float32)
    hyp = _sequences(h_indices, list(h_values))
    truth = _sequences(t_indices, list(t_values))
    for key in set(hyp) | set(truth):
        h, t = hyp.get(key, []), truth.get(key, [])
        d = float(_levenshtein(h, t))
        if normalize:
            d = d / len(t) if t else (np.inf if h else 0.0)
        out[key] = d
    return out


_edit_distance = defop(
    "edit_distance", _edit_distance_kernel, tf_name="EditDistance", same_dtype=0,
    infer=lambda hi, hv, hs, ti, tv, ts, normalize: Spec(
        None if hs.shape is None or hs.shape[0] is None else (None,) * (hs.shape[0] - 1),
        dtypes.float32))


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance") -> Tensor:
    """Levenshtein distances between the sequences (last dim) of two SparseTensors, divided by
    the truth lengths when `normalize` (inf for an empty truth, 0 when both are empty)."""
    from fluxion.sparse import SparseTensor  # noqa: PLC0415 - sparse imports the ops package

    for what, sp in (("Hypothesis", hypothesis), ("Truth", truth)):
        if not isinstance(sp, SparseTensor):
            raise TypeError(f"{what} must be a SparseTensor.")
    if hypothesis.dtype != truth.dtype:
        raise TypeError(f"Types don't match: {hypothesis.dtype} vs {truth.dtype}")
    return _edit_distance(hypothesis.indices, hypothesis.values, hypothesis.dense_shape,
                          truth.indices, truth.values, truth.dense_shape,
                          normalize=bool(normalize))
