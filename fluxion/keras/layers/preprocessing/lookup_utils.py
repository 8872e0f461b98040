"""Helpers of the lookup layers: token conversion, argument checks, adapt counting and the
vocabulary's storage in `.keras` weight files."""
from __future__ import annotations

import collections

import numpy as np

import fluxion as tf

__all__: list = []


def _as_key(value, is_string: bool):
    if value is None:
        return None
    if is_string:
        return value if isinstance(value, bytes) else str(value).encode("utf-8")
    return int(value)


def _listify(x):
    if tf.is_tensor(x):
        x = x.numpy()
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if isinstance(x, list):
        x = [v.decode("utf-8") if isinstance(v, bytes) else v for v in x]
    return x


def _normalize_salt(salt, vocabulary_dtype: str, oov_method: str):
    if salt is None:
        return None
    if vocabulary_dtype != "string" and oov_method != "farmhash":
        raise ValueError("`salt` can only be used when `oov_method='farmhash'`. Received: "
                         f"oov_method={oov_method}")
    if isinstance(salt, (tuple, list)) and len(salt) == 2:
        return list(salt)
    if isinstance(salt, int):
        return [salt, salt]
    raise ValueError("The `salt` argument for `IndexLookup` can only be a tuple of 2 "
                     f"integers, or a single integer. Received: salt={salt}.")


def _check_mode(output_mode, invert, sparse, idf_weights, caller: str) -> None:
    modes = ("int", "one_hot", "multi_hot", "count", "tf_idf")
    if output_mode not in modes:
        raise ValueError(f"The output_mode argument of layer {caller} received an invalid "
                         f"value {output_mode}. Allowed values are: {list(modes)}.")
    if invert and output_mode != "int":
        raise ValueError("`output_mode` must be `'int'` when `invert` is true. Received: "
                         f"output_mode={output_mode}")
    if sparse and output_mode == "int":
        raise ValueError("`sparse` may only be true if `output_mode` is `'one_hot'`, "
                         "`'multi_hot'`, `'count'` or `'tf_idf'`. Received: "
                         f"sparse={sparse} and output_mode={output_mode}")
    if idf_weights is not None and output_mode != "tf_idf":
        raise ValueError("`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                         f"Received: idf_weights={idf_weights} and output_mode={output_mode}")


def _reserved_message(what: str, token, index: int, special: list) -> str:
    return (f"Found reserved {what.split('_')[0]} token at unexpected location in "
            "`vocabulary`. Note that passed `vocabulary` does not need to include the OOV and "
            "mask tokens. Either remove all mask and OOV tokens, or include them only at the "
            f"start of the vocabulary in precisely this order: {special}. Received: "
            f"{what}={token} at vocabulary index [{index}]")


def _to_numpy(data, is_string: bool) -> np.ndarray:
    if tf.is_tensor(data):
        data = data.numpy()
    data = np.asarray(data)
    if is_string:
        if data.dtype.kind in "US":
            data = np.vectorize(lambda s: _as_key(s, True), otypes=[object])(data) \
                if data.size else data.astype(object)
        return data.astype(object)
    return data.astype(np.int64)


def _add_counts(counts: collections.Counter, flat: np.ndarray, unique: bool = False) -> None:
    """Adds each token of `flat` to `counts` (once per token with `unique`)."""
    tokens = flat.reshape(-1).tolist()
    counts.update(set(tokens) if unique else tokens)  # Counter counts a list in C


def _ensure_tensor(inputs, dtype: str):
    if not tf.is_tensor(inputs):
        if dtype == "string":
            return tf.constant(_to_numpy(inputs, True), "string")
        return tf.convert_to_tensor(np.asarray(inputs), dtype)
    if inputs.dtype.name != dtype:
        return tf.cast(inputs, dtype)
    return inputs


def _store_tokens(store, tokens: list, is_string: bool) -> None:
    if is_string:
        encoded = [t if isinstance(t, bytes) else str(t).encode() for t in tokens]
        store["vocabulary"] = np.frombuffer(b"".join(encoded), np.uint8).copy()
        store["vocabulary_lengths"] = np.array([len(t) for t in encoded], np.int64)
    else:
        store["vocabulary"] = np.array(tokens, np.int64)


def _load_tokens(store, is_string: bool) -> list:
    data = np.asarray(store["vocabulary"])
    if not is_string:
        return [int(v) for v in data]
    raw, ends = data.tobytes(), np.cumsum(np.asarray(store["vocabulary_lengths"]))
    return [raw[a:b] for a, b in zip(np.concatenate([[0], ends[:-1]]).tolist(), ends.tolist())]


def maybe_sparse(outputs, sparse: bool):
    """Keras' `sparse=True` outputs: the encoded tensor's nonzero entries as a SparseTensor."""
    return tf.sparse.from_dense(outputs) if sparse else outputs
