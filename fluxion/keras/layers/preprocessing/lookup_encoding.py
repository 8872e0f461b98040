"""Categorical encodings shared by the lookup layers, and the layers that only encode or
bucket values: `CategoryEncoding`, `Hashing` and `Discretization`.

`encode_categorical_inputs` follows Keras' rules: "one_hot" encodes every element (a trailing
dim of 1 is dropped first); "multi_hot"/"count" reduce the last axis of rank <= 2 inputs with a
bincount (the `dense_bincount` primitive, which drops ids outside [0, depth) such as the
masked ids), and axis 1 of higher ranks.
"""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.preprocessing.lookup_utils import maybe_sparse

__all__ = ["CategoryEncoding", "Discretization", "Hashing"]

_M64 = (1 << 64) - 1


# --- primitives --------------------------------------------------------------------------------
def _bincount_kernel(xp, ids, weights, depth, binary):
    rows = ids.reshape(1, -1) if ids.ndim < 2 else ids
    w = np.broadcast_to(weights, ids.shape).reshape(rows.shape)
    valid = (rows >= 0) & (rows < depth)
    flat = (np.arange(rows.shape[0])[:, None] * depth + np.where(valid, rows, 0))[valid]
    size = rows.shape[0] * depth
    if binary:
        out = np.bincount(flat, minlength=size) > 0
    else:
        out = np.bincount(flat, weights=w[valid].astype(np.float64), minlength=size)
    out = out.astype(weights.dtype).reshape(rows.shape[0], depth)
    return out[0] if ids.ndim < 2 else out


def _infer_bincount(ids, weights, depth, binary):
    if ids.shape is None:
        return Spec(None, weights.dtype)
    return Spec((depth,) if len(ids.shape) < 2 else (ids.shape[0], depth), weights.dtype)


dense_bincount = defop(
    "dense_bincount", _bincount_kernel, infer=_infer_bincount, same_dtype=1,
    tf_name="DenseBincount",
    doc="Per row of ids (rank <= 2), the weighted count (or presence, `binary`) of each id "
        "in [0, depth); other ids are dropped.")


def _bucketize_kernel(xp, x, boundaries):
    return np.searchsorted(np.asarray(boundaries, np.float64), x.astype(np.float64),
                           side="right").astype(np.int32)


bucketize = defop(
    "bucketize", _bucketize_kernel, tf_name="Bucketize",
    infer=lambda x, boundaries: Spec(x.shape, dtypes.int32),
    doc="int32 index i with boundaries[i-1] <= x < boundaries[i].")


def _siphash24(data: bytes, k0: int, k1: int) -> int:
    """SipHash-2-4 (TF's `to_hash_bucket_strong`) of `data` with the 128-bit key (k0, k1)."""
    def rotl(x, b):
        return ((x << b) | (x >> (64 - b))) & _M64

    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def rounds(n):
        for _ in range(n):
            v[0] = (v[0] + v[1]) & _M64
            v[1] = rotl(v[1], 13) ^ v[0]
            v[0] = rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & _M64
            v[3] = rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & _M64
            v[3] = rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & _M64
            v[1] = rotl(v[1], 17) ^ v[2]
            v[2] = rotl(v[2], 32)

    n = len(data)
    end = n - n % 8
    for i in range(0, end, 8):
        m = int.from_bytes(data[i:i + 8], "little")
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    last = ((n & 0xFF) << 56) | int.from_bytes(data[end:], "little")
    v[3] ^= last
    rounds(2)
    v[0] ^= last
    v[2] ^= 0xFF
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def _strong_hash_kernel(xp, values, num_buckets, key):
    k0, k1 = (int(k) & _M64 for k in key)
    flat = [_siphash24(v if isinstance(v, bytes) else str(v).encode(), k0, k1) % num_buckets
            for v in values.reshape(-1).tolist()]
    return np.asarray(flat, np.int64).reshape(values.shape)


strong_hash_bucket = defop(
    "strong_hash_bucket", _strong_hash_kernel, tf_name="StringToHashBucketStrong",
    infer=lambda values, num_buckets, key: Spec(values.shape, dtypes.int64),
    doc="int64 SipHash-2-4(value, key) % num_buckets of each string.")


def _as_string_kernel(xp, x):
    return np.asarray([str(v).encode() for v in x.reshape(-1).tolist()],
                      dtype=object).reshape(x.shape)


int_as_string = defop(
    "int_as_string", _as_string_kernel, tf_name="AsString",
    infer=lambda x: Spec(x.shape, dtypes.string), doc="Integers as decimal byte strings.")


def hash_to_bins(values, num_bins: int, salt=None):
    """int64 FarmHash (or SipHash with `salt`) bucket of each value; integers (and floats,
    truncated) hash through their decimal text, as Keras' Hashing does."""
    from fluxion.feature_column._hash_ops import hash_bucket  # noqa: PLC0415

    if values.dtype.is_floating:
        values = tf.cast(values, "int64")
    if values.dtype != dtypes.string:
        values = int_as_string(values)
    if salt is not None:
        return strong_hash_bucket(values, num_buckets=num_bins, key=tuple(salt))
    return hash_bucket(values, num_buckets=num_bins)


# --- encoding ----------------------------------------------------------------------------------
def encode_categorical_inputs(inputs, output_mode: str, depth: int, dtype,
                              count_weights=None):
    """Keras' `numerical_utils.encode_categorical_inputs` for dense tensors."""
    if output_mode == "int":
        return tf.cast(inputs, dtype)
    if inputs.shape.rank == 0:
        inputs = tf.expand_dims(inputs, -1)
    rank = inputs.shape.rank
    if rank <= 2 and output_mode in ("multi_hot", "count"):
        weights = tf.constant(1, dtype) if count_weights is None else \
            tf.cast(count_weights, dtype)
        return dense_bincount(inputs, weights, depth=int(depth),
                              binary=output_mode == "multi_hot")
    if output_mode == "one_hot":
        if rank > 1 and inputs.shape[-1] == 1:
            inputs = tf.squeeze(inputs, -1)
        return tf.one_hot(inputs, depth, dtype=dtype)
    hot = tf.one_hot(inputs, depth, dtype=dtype if count_weights is None else
                     count_weights.dtype)
    axis = 1 if rank > 1 else 0
    if output_mode == "multi_hot":
        return tf.reduce_max(hot, axis=axis)
    if count_weights is not None:
        hot = hot * tf.expand_dims(count_weights, -1)
    return tf.reduce_sum(hot, axis=axis)


def _validate(value, allowed, caller: str, arg: str) -> None:
    if value not in allowed:
        raise ValueError(f"The {arg} argument of layer {caller} received an invalid value "
                         f"{value}. Allowed values are: {list(allowed)}.")


# --- layers ------------------------------------------------------------------------------------
class CategoryEncoding(Layer):
    """Encodes integer ids in [0, num_tokens) as one-hot, multi-hot or count vectors."""

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of "
                             "tokens is not known beforehand, use the IntegerLookup layer "
                             "instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse
        self.built = True

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError("`count_weights` is not used when `output_mode` is not "
                                 f"`'count'`. Received `count_weights={count_weights}`.")
            count_weights = tf.cast(tf.convert_to_tensor(count_weights), self.compute_dtype)
        inputs = tf.convert_to_tensor(inputs)
        return maybe_sparse(encode_categorical_inputs(
            inputs, self.output_mode, self.num_tokens, self.compute_dtype, count_weights),
            self.sparse)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode}


class Hashing(Layer):
    """Hashes values into `num_bins` bins with FarmHash Fingerprint64 (SipHash with
    `salt`), exactly as TF; bin 0 is kept for `mask_value` when one is given."""

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs) -> None:
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError("The `num_bins` for `Hashing` cannot be `None` or non-positive "
                             f"values. Received: num_bins={num_bins}.")
        if output_mode == "int" and self._dtype not in ("int32", "int64"):
            raise ValueError('When `output_mode="int"`, `dtype` should be an integer type, '
                             f"'int32' or 'in64'. Received: dtype={kwargs['dtype']}")
        modes = ("int", "one_hot", "multi_hot", "count")
        if output_mode not in modes:
            raise ValueError(f"Invalid value for argument `output_mode`. Expected one of "
                             f"{modes}. Received: output_mode={output_mode}")
        if sparse and output_mode == "int":
            raise ValueError('`sparse` may only be true if `output_mode` is `"one_hot"`, '
                             f'`"multi_hot"`, or `"count"`. Received: sparse={sparse} and '
                             f"output_mode={output_mode}")
        self.num_bins, self.mask_value, self.output_mode = num_bins, mask_value, output_mode
        self.sparse, self.strong_hash, self.salt = sparse, salt is not None, None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError("The `salt` argument for `Hashing` can only be a tuple of "
                                 f"size 2 integers, or a single integer. Received: salt={salt}.")
        self.built = True

    def _convert_input(self, x):
        return x  # Keras hashes the values as given (no autocast)

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        if self.output_mode == "one_hot" and inputs.shape.rank and inputs.shape[-1] == 1:
            inputs = tf.squeeze(inputs, -1)
        bins, mask = self.num_bins, None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = tf.equal(inputs, tf.constant(self.mask_value, inputs.dtype))
        ids = hash_to_bins(inputs, bins, self.salt)
        if mask is not None:
            ids = tf.where(mask, tf.zeros_like(ids), ids + 1)
        return maybe_sparse(encode_categorical_inputs(ids, self.output_mode, self.num_bins,
                                                      self._dtype), self.sparse)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode,
                "sparse": self.sparse}


# --- Discretization's streaming quantile summaries (Keras' algorithm) ------------------------
def _summarize(values, epsilon):
    values = np.sort(np.reshape(values, [-1]))
    step = max(values.size / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1)::int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def _compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_percents, summary[0])
    cum_weights = np.interp(percents, cum_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype(summary.dtype)


def _merge(prev, new, epsilon):
    merged = np.concatenate((prev, new), axis=1)
    merged = np.take(merged, np.argsort(merged[0]), axis=1)
    return _compress(merged, epsilon)


class Discretization(Layer):
    """Buckets values by `bin_boundaries` (or by `num_bins` quantiles learnt in `adapt`)."""

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None) -> None:
        super().__init__(name=name, dtype=dtype)
        if sparse and output_mode == "int":
            raise ValueError("`sparse=True` may only be used if `output_mode` is "
                             "`'one_hot'`, `'multi_hot'`, or `'count'`. Received: "
                             f"sparse={sparse} and output_mode={output_mode}")
        _validate(output_mode, ("int", "one_hot", "multi_hot", "count"), "Discretization",
                  "output_mode")
        if num_bins is not None and num_bins < 0:
            raise ValueError("`num_bins` must be greater than or equal to 0. Received: "
                             f"`num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. "
                             f"Received: `num_bins={num_bins}` and "
                             f"`bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries, self.num_bins, self.epsilon = bin_boundaries, num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")
        self.built = True

    @property
    def output_dtype(self) -> str:
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None) -> None:
        if self.num_bins is None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized "
                             "with `bin_boundaries`, use `num_bins` instead.")
        self.reset_state()
        for batch in _batches(data, steps):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        data = np.array(data.numpy() if hasattr(data, "numpy") else data).astype("float32")
        self.summary = _merge(_summarize(data, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self) -> None:
        if self.num_bins is not None:
            self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self) -> None:
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def _convert_input(self, x):
        return x

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError("You need to either pass the `bin_boundaries` argument at "
                             "construction time or call `adapt(dataset)` before you can start "
                             "using the `Discretization` layer.")
        ids = bucketize(tf.convert_to_tensor(inputs),
                        boundaries=tuple(float(b) for b in self.bin_boundaries))
        return maybe_sparse(encode_categorical_inputs(
            ids, self.output_mode, len(self.bin_boundaries) + 1, self.output_dtype),
            self.sparse)

    def get_config(self) -> dict:
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins,
                "epsilon": self.epsilon, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config)


def _batches(data, steps=None):
    """The batches `adapt` reads: a dataset's or iterable's elements (at most `steps`), or
    the whole array/tensor/list as one batch."""
    from fluxion import data as tf_data  # noqa: PLC0415

    if isinstance(data, tf_data.Dataset):
        if steps is not None:
            data = data.take(steps)
        return iter(data)
    if hasattr(data, "__iter__") and not (isinstance(data, (list, tuple, np.ndarray))
                                          or tf.is_tensor(data)):
        return itertools.islice(data, steps)
    return iter([data])
