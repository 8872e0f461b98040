"""``tf.io.serialize_sparse`` / ``serialize_many_sparse`` / ``deserialize_many_sparse`` and
``tf.io.decode_compressed``.

A serialized SparseTensor is a string vector of its three component tensors, each a serialized
TensorProto (`tf.io.serialize_tensor`), as TF writes them; `serialize_many_sparse` writes one
such row per minibatch entry (rank one less) and `deserialize_many_sparse` stacks rows back,
the dense shape being the largest of each dim. Decompression runs in NumPy through
`numpy_function`, so it works in graphs too.
"""
from __future__ import annotations

import gzip
import zlib

import numpy as np

from fluxion.core import dtypes

__all__ = ["decode_compressed", "deserialize_many_sparse", "serialize_many_sparse",
           "serialize_sparse"]


def serialize_sparse(sp_input, out_type=dtypes.string, name=None):
    """A string [3] tensor: the serialized indices, values and dense_shape."""
    from fluxion.io.tensor_proto import serialize_tensor  # noqa: PLC0415
    from fluxion.ops import array_ops  # noqa: PLC0415

    _check_out_type(out_type, "serialize_sparse")
    return array_ops.stack([serialize_tensor(sp_input.indices), serialize_tensor(sp_input.values),
                            serialize_tensor(sp_input.dense_shape)])


def serialize_many_sparse(sp_input, out_type=dtypes.string, name=None):
    """A string [N, 3] tensor: one serialized SparseTensor per entry of the first dim."""
    from fluxion.core.tensor import constant  # noqa: PLC0415
    from fluxion.data.sparse_components import SparseRows  # noqa: PLC0415

    _check_out_type(out_type, "serialize_many_sparse")
    if sp_input.shape.rank is not None and sp_input.shape.rank < 2:
        raise ValueError(f"serialize_many_sparse: SparseTensor must be at least rank 2, got "
                         f"rank {sp_input.shape.rank}")
    rows = SparseRows(sp_input)
    out = [serialize_sparse(rows[i]).numpy() for i in range(rows.shape[0])]
    return constant(np.array(out, dtype=object).reshape(-1, 3), dtypes.string)


def deserialize_many_sparse(serialized_sparse, dtype, rank=None, name=None):
    """The SparseTensor of stacked serialized rows [N, 3] (dense shape: the largest dims)."""
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.data.sparse_components import stack  # noqa: PLC0415
    from fluxion.errors import InvalidArgumentError  # noqa: PLC0415
    from fluxion.io.tensor_proto import parse_tensor  # noqa: PLC0415
    from fluxion.sparse import SparseTensor  # noqa: PLC0415

    rows = np.asarray(convert_to_tensor(serialized_sparse, dtypes.string).numpy(), object)
    if rows.ndim != 2 or rows.shape[1] != 3:
        raise InvalidArgumentError(f"Serialized sparse should be a matrix with 3 columns, got "
                                   f"shape {list(rows.shape)}")
    dtype = dtypes.as_dtype(dtype)
    parts = [SparseTensor(parse_tensor(r[0], dtypes.int64), parse_tensor(r[1], dtype),
                          parse_tensor(r[2], dtypes.int64)) for r in rows]
    if rank is not None and any(p.shape.rank + 1 != rank for p in parts):
        raise InvalidArgumentError(f"deserialize_many_sparse: rows are not of rank {rank} - 1")
    return stack(parts)


def _check_out_type(out_type, what: str) -> None:
    if dtypes.as_dtype(out_type) is not dtypes.string:
        raise TypeError(f"{what}: out_type must be tf.string (variant tensors are not "
                        f"supported), got {out_type}")


def _decompress(data: np.ndarray, kind: str) -> np.ndarray:
    out = np.empty(data.shape, dtype=object)
    flat, dest = data.reshape(-1), out.reshape(-1)
    for i, item in enumerate(flat):
        raw = item if isinstance(item, bytes) else str(item).encode("utf-8")
        try:
            dest[i] = (raw if kind == "" else zlib.decompress(raw) if kind == "ZLIB"
                       else gzip.decompress(raw))
        except (OSError, zlib.error, EOFError) as e:
            from fluxion.errors import DataLossError  # noqa: PLC0415

            raise DataLossError(None, None, f"decode_compressed: {kind} data is corrupt: "
                                            f"{e}") from None
    return out


def decode_compressed(bytes, compression_type="", name=None):  # noqa: A002 - TF's name
    """Each string decompressed with `compression_type` ("", "ZLIB" or "GZIP")."""
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415
    from fluxion.py_func import numpy_function  # noqa: PLC0415

    kind = (compression_type or "").upper()
    if kind not in ("", "ZLIB", "GZIP"):
        from fluxion.errors import InvalidArgumentError  # noqa: PLC0415

        raise InvalidArgumentError(f"decode_compressed: unsupported compression_type "
                                   f"{compression_type!r} (\"\", \"ZLIB\" or \"GZIP\")")
    data = convert_to_tensor(bytes, dtypes.string)
    out = numpy_function(lambda x: _decompress(np.asarray(x, object), kind), [data],
                         dtypes.string, stateful=False)
    return out
