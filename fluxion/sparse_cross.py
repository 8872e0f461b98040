"""``tf.sparse.cross`` / ``cross_hashed`` and ``tf.ragged.cross`` / ``cross_hashed``: per
example, every combination of one value from each input (SparseTensors, RaggedTensors or dense
[batch, n] tensors), in TF's input order (sparse or ragged inputs first, then dense ones).

Hashed crosses are the feature-column primitive `feature_cross` (FarmHash FingerprintCat64 of
the values' fingerprints from `hash_key`), modulo `num_buckets` (int64 max when 0, as TF);
string crosses join the values' text with `separator` ("_X_"), computed on the host.
"""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf

__all__ = ["cross", "cross_hashed", "ragged_cross", "ragged_cross_hashed"]

_DEFAULT_HASH_KEY = 0xDECAFCAFFE
_INT64_MAX = (1 << 63) - 1


def _ordered(inputs) -> list:
    from fluxion.ragged.ragged_tensor import RaggedTensor  # noqa: PLC0415
    from fluxion.sparse import SparseTensor  # noqa: PLC0415

    if not isinstance(inputs, (list, tuple)):
        raise TypeError("Inputs must be a list")
    composite = [x for x in inputs if isinstance(x, (SparseTensor, RaggedTensor))]
    dense = [tf.convert_to_tensor(x) for x in inputs
             if not isinstance(x, (SparseTensor, RaggedTensor))]
    for d in dense:
        if d.shape.rank != 2:
            raise ValueError(f"Expected dense inputs of rank 2 ([batch, n]), got shape {d.shape}")
    return composite + dense


def _padded(x):
    """(values [batch, n], present [batch, n]) of one input."""
    from fluxion.ragged.ragged_tensor import RaggedTensor  # noqa: PLC0415
    from fluxion.sparse import SparseTensor  # noqa: PLC0415

    if isinstance(x, RaggedTensor):
        x = x.to_sparse()
    if isinstance(x, SparseTensor):
        fill = "" if x.dtype == tf.string else 0
        values = tf.sparse.to_dense(x, default_value=fill)
        present = tf.sparse.to_dense(tf.sparse.SparseTensor(
            x.indices, tf.ones_like(x.values, tf.bool), x.dense_shape), default_value=False)
        return values, present
    return x, tf.ones_like(x, tf.bool)


def _to_sparse(padded, batch):
    """The padded [batch, width] crosses (-1 where absent) as a SparseTensor."""
    keep = tf.not_equal(padded, -1)
    indices = tf.where(keep)
    width = tf.reduce_max(tf.concat([tf.reduce_sum(tf.cast(keep, tf.int64), 1), [0]], 0))
    return tf.sparse.SparseTensor(indices, tf.gather_nd(padded, indices),
                                  tf.stack([tf.cast(batch, tf.int64), width]))


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """Hashed crosses of the inputs as an int64 SparseTensor [batch, crosses]."""
    from fluxion.feature_column._hash_ops import feature_cross  # noqa: PLC0415

    ordered = _ordered(inputs)
    kinds, args = [], []
    for x in ordered:
        values, present = _padded(x)
        if values.dtype == tf.string:
            kinds.append("str")
        elif values.dtype.is_integer:
            kinds.append("int")
            values = tf.cast(values, tf.int64)
        else:
            raise TypeError(f"cross_hashed: inputs must be strings or integers, got "
                            f"{values.dtype.name}")
        args += [values, present]
    padded = feature_cross(*args, kinds=tuple(kinds),
                           hash_key=_DEFAULT_HASH_KEY if hash_key is None else int(hash_key),
                           num_buckets=int(num_buckets) or _INT64_MAX)
    return _to_sparse(padded, tf.shape(args[0], out_type=tf.int64)[0])


def _text(v) -> bytes:
    return v if isinstance(v, bytes) else str(int(v)).encode()


def cross(inputs, name=None, separator=None):
    """String crosses of the inputs ("a_X_b") as a SparseTensor [batch, crosses]."""
    from fluxion.py_func import numpy_function  # noqa: PLC0415

    sep = (separator or "_X_").encode() if isinstance(separator or "_X_", str) else separator
    parts = [_padded(x) for x in _ordered(inputs)]

    def kernel(*flat):
        rows = []
        for example in zip(*[zip(flat[2 * k], flat[2 * k + 1]) for k in range(len(parts))]):
            picks = [[_text(v) for v, p in zip(values, present) if p]
                     for values, present in example]
            rows.append([sep.join(combo) for combo in itertools.product(*picks)])
        width = max([len(r) for r in rows] + [0])
        indices = [[i, j] for i, r in enumerate(rows) for j in range(len(r))]
        values = np.empty(len(indices), object)
        values[:] = [v for r in rows for v in r]
        return (np.array(indices, np.int64).reshape(-1, 2), values,
                np.array([len(rows), width], np.int64))

    flat = [t for pair in parts for t in pair]
    indices, values, shape = numpy_function(kernel, flat, [tf.int64, tf.string, tf.int64],
                                            stateful=False)
    return tf.sparse.SparseTensor(indices, values, shape)


def ragged_cross(inputs, name=None):
    from fluxion.ragged.ragged_tensor import RaggedTensor  # noqa: PLC0415

    return RaggedTensor.from_sparse(cross(inputs))


def ragged_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    from fluxion.ragged.ragged_tensor import RaggedTensor  # noqa: PLC0415

    return RaggedTensor.from_sparse(cross_hashed(inputs, num_buckets, hash_key))
