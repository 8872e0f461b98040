"""Vocabulary lookup layers: `StringLookup` and `IntegerLookup` (Keras' `IndexLookup`), plus
re-exports of the encoding layers (`CategoryEncoding`, `Hashing`, `Discretization`).

Index layout as Keras: [mask (output_mode "int" with a mask token)] [num_oov_indices OOV ids]
[vocabulary tokens]. The table is a `tf.lookup.StaticHashTable` (constants in a traced graph).
`adapt` counts tokens eagerly with NumPy and orders the vocabulary by decreasing count, ties by
decreasing token, as Keras does. `.keras` files keep an adapted vocabulary through
`save_own_variables` (as UTF-8 bytes + lengths, or int64), beside Keras' "idf_weights".
"""
from __future__ import annotations

import collections
import itertools
import os

import numpy as np

import fluxion as tf
from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.preprocessing.lookup_encoding import (
    CategoryEncoding,
    Discretization,
    Hashing,
    encode_categorical_inputs,
    hash_to_bins,
)
from fluxion.keras.layers.preprocessing.lookup_utils import (
    _add_counts,
    _as_key,
    _check_mode,
    _ensure_tensor,
    _listify,
    _load_tokens,
    _normalize_salt,
    _reserved_message,
    _store_tokens,
    _to_numpy,
    maybe_sparse,
)
from fluxion.lookup import (
    KeyValueTensorInitializer,
    StaticHashTable,
    TextFileIndex,
    TextFileInitializer,
)

__all__ = ["CategoryEncoding", "Discretization", "Hashing", "IntegerLookup", "StringLookup"]

_INT64_MAX = np.iinfo(np.int64).max


def _check_in_vocab_kernel(xp, lookups, keys):
    bad = lookups == -1
    if bad.any():
        raise errors.InvalidArgumentError(
            None, None, "When `num_oov_indices=0` all inputs should be in vocabulary, found "
            f"OOV values {keys[bad].tolist()}, consider setting `num_oov_indices=1`.")
    return lookups


check_in_vocabulary = defop(
    "check_in_vocabulary", _check_in_vocab_kernel, same_dtype=1, tf_name="Assert",
    infer=lambda lookups, keys: Spec(lookups.shape, lookups.dtype),
    doc="Passes the ids through; fails when any is -1 (an out-of-vocabulary key).")


class IndexLookup(Layer):
    """Keras' `IndexLookup`: maps vocabulary tokens to ids (or ids to tokens, `invert`)."""

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 sparse=False, pad_to_max_tokens=False, oov_method="floormod", name=None,
                 salt=None, **kwargs) -> None:
        self._check_args(max_tokens, pad_to_max_tokens, num_oov_indices, oov_method)
        vocabulary_dtype = dtypes.as_dtype(vocabulary_dtype).name
        salt = _normalize_salt(salt, vocabulary_dtype, oov_method)
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _check_mode(output_mode, invert, sparse, idf_weights, type(self).__name__)
        self._frozen_vocab_size = kwargs.pop("vocabulary_size", None)
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        self.invert, self.max_tokens, self.num_oov_indices = invert, max_tokens, num_oov_indices
        self.mask_token, self.oov_token, self.output_mode = mask_token, oov_token, output_mode
        self.sparse, self.pad_to_max_tokens = sparse, pad_to_max_tokens
        self.vocabulary_dtype, self.oov_method, self.salt = vocabulary_dtype, oov_method, salt
        self._is_string = vocabulary_dtype == "string"
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._key_dtype = "int64" if invert else vocabulary_dtype
        self._value_dtype = vocabulary_dtype if invert else "int64"
        if invert:
            self._default_value = oov_token
            self._mask_key, self._mask_value = 0, mask_token
        else:
            self._mask_key = mask_token
            self._mask_value = 0 if output_mode == "int" else _INT64_MAX
            self._default_value = self._oov_start_index() if num_oov_indices == 1 else -1
        self.idf_weights_const = None
        if output_mode == "tf_idf" and self._has_input_vocabulary and idf_weights is None:
            raise ValueError("When specifying the `vocabulary` argument, in TF-IDF output "
                             "mode, the `idf_weights` argument must also be provided.")
        self.lookup_table = None
        self._reset_counts()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    @staticmethod
    def _check_args(max_tokens, pad_to_max_tokens, num_oov_indices, oov_method) -> None:
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError("If set, `max_tokens` must be greater than 1. Received: "
                             f"max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError("If pad_to_max_tokens is True, must set `max_tokens`. Received: "
                             f"max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError("`num_oov_indices` must be greater than or equal to 0. "
                             f"Received: num_oov_indices={num_oov_indices}")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(f"The oov_method argument of layer IndexLookup received an "
                             f"invalid value {oov_method}. Allowed values are: "
                             f"['floormod', 'farmhash'].")

    # --- dtypes: the vocabulary's (the config keeps the float32 policy, as Keras) -----------
    dtype = property(lambda self: self.vocabulary_dtype)
    compute_dtype = variable_dtype = dtype

    def _convert_input(self, x):
        return x

    # --- indices --------------------------------------------------------------------------
    def _oov_start_index(self) -> int:
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self) -> int:
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """Size of the vocabulary, mask and OOV indices included."""
        size = 0 if self.lookup_table is None else int(self.lookup_table.size().numpy())
        return size + self._token_start_index()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The tokens by index (with the mask and OOV tokens unless excluded)."""
        tokens = [] if self.lookup_table is None else self._tokens
        vocab = [self.oov_token] * self._token_start_index() + [
            np.str_(t.decode("utf-8")) if isinstance(t, bytes) else np.int64(t)
            for t in tokens]  # NumPy scalars, as Keras' (from its vocabulary array)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        return vocab if include_special_tokens else vocab[self._token_start_index():]

    # --- vocabulary -------------------------------------------------------------------------
    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Sets the vocabulary (a list/array/tensor of tokens or a file path) and, for
        "tf_idf", the idf weights."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError("`idf_weights` should only be set if output_mode is `'tf_idf'`. "
                             f"Received: output_mode={self.output_mode} and "
                             f"idf_weights={idf_weights}")
        self._vocabulary_file = None  # its initializer: a SavedModel copies the file
        if isinstance(vocabulary, str):
            self._set_vocabulary_file(vocabulary)
            return
        if tf.is_tensor(vocabulary):
            vocabulary = vocabulary.numpy()
        vocabulary = np.array([_as_key(v, self._is_string) for v in np.asarray(
            vocabulary, dtype=object).reshape(-1).tolist()] if len(vocabulary) else [],
            dtype=object)
        if tf.is_tensor(idf_weights):
            idf_weights = idf_weights.numpy()
        if vocabulary.size == 0:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary="
                             f"{vocabulary}")
        tokens, found_special = self._strip_special(vocabulary)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            self._set_idf(np.asarray(idf_weights), len(vocabulary), found_special)

    def _strip_special(self, vocabulary):
        token_start = self._token_start_index()
        mask, oov = (_as_key(t, self._is_string) for t in (self.mask_token, self.oov_token))
        special = [mask] * self._oov_start_index() + [oov] * self.num_oov_indices
        found = list(vocabulary[:token_start]) == special
        tokens = vocabulary[token_start:] if found else vocabulary
        counts = collections.Counter(tokens.tolist())
        repeated = [_listify([t])[0] for t, c in counts.items() if c > 1]
        if repeated:
            raise ValueError("The passed vocabulary has at least one repeated term. Please "
                             f"uniquify your dataset. The repeated terms are: {repeated}")
        special_text = _listify(list(special))
        if mask is not None and mask in counts:
            index = int(np.flatnonzero(vocabulary == mask)[-1])
            raise ValueError(_reserved_message("mask_token", self.mask_token, index,
                                               special_text))
        if oov is not None and self.invert and oov in counts:
            index = int(np.flatnonzero(vocabulary == oov)[-1])
            raise ValueError(_reserved_message("oov_token", self.oov_token, index,
                                               special_text))
        size = token_start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError("Attempted to set a vocabulary larger than the maximum vocab "
                             f"size. Received vocabulary size is {size}; `max_tokens` is "
                             f"{self.max_tokens}.")
        return tokens, found

    def _set_vocabulary_file(self, path: str) -> None:
        if not os.path.exists(path):
            raise ValueError(f"Vocabulary file {path} does not exist.")
        if self.output_mode == "tf_idf":
            raise ValueError("output_mode `'tf_idf'` does not support loading a vocabulary "
                             "from file.")
        key, value = TextFileIndex.WHOLE_LINE, TextFileIndex.LINE_NUMBER
        init = TextFileInitializer(path, self.vocabulary_dtype, key, "int64", value)
        self._vocabulary_file = init
        tokens = init._arrays()[0]
        self._set_tokens(np.array([_as_key(t, self._is_string) for t in tokens.tolist()],
                                  dtype=object))

    def _set_tokens(self, tokens: np.ndarray) -> None:
        """Builds the table for `tokens` (ids from the token start index)."""
        self._tokens = list(tokens.tolist())
        start = self._token_start_index()
        ids = np.arange(start, start + len(self._tokens), dtype=np.int64)
        vocab = np.array(self._tokens, dtype=object if self._is_string else np.int64)
        if self._is_string and vocab.size == 0:
            vocab = np.zeros((0,), object)
        keys, values = (ids, vocab) if self.invert else (vocab, ids)
        init = KeyValueTensorInitializer(keys, values, self._key_dtype, self._value_dtype)
        self.lookup_table = StaticHashTable(init, self._default_value)
        self._record_vocabulary_size()

    def _set_idf(self, idf_weights, vocab_len: int, found_special: bool) -> None:
        if vocab_len != len(idf_weights):
            raise ValueError("`idf_weights` must be the same length as vocabulary. "
                             f"len(idf_weights) is {len(idf_weights)}; len(vocabulary) is "
                             f"{vocab_len}")
        if idf_weights.ndim != 1:
            raise ValueError("TF-IDF data must be a 1-index array. Received: "
                             f"type(idf_weights)={type(idf_weights)}")
        front = 0 if found_special else self._token_start_index()
        front_value = 0 if found_special else np.average(idf_weights)
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(idf_weights)
        weights = np.pad(idf_weights, (front, back), "constant",
                         constant_values=(front_value, 0))
        self.idf_weights_const = tf.constant(weights.astype(np.float32))

    def _record_vocabulary_size(self) -> None:
        if self.output_mode == "int" or self.pad_to_max_tokens:
            self._frozen_vocab_size = self.vocabulary_size()
            return
        size = self.vocabulary_size()
        if self._frozen_vocab_size not in (None, size):
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "the vocabulary size cannot be changed after the layer is called. Old vocab "
                f"size is {self._frozen_vocab_size}, new vocab size is {size}")
        self._frozen_vocab_size = size

    # --- adapt --------------------------------------------------------------------------------
    def _reset_counts(self) -> None:
        self._token_counts = collections.Counter()
        self._doc_counts = collections.Counter()
        self._num_documents = 0

    def reset_state(self) -> None:
        if not self._has_input_vocabulary:
            self._reset_counts()

    def adapt(self, data, steps=None) -> None:
        """Learns the vocabulary (most frequent first) from a dataset, array, list or
        iterable of batches."""
        from fluxion import data as tf_data  # noqa: PLC0415

        self.reset_state()
        if isinstance(data, tf_data.Dataset) or (
                hasattr(data, "__iter__") and not isinstance(data, (list, tuple, np.ndarray))
                and not tf.is_tensor(data)):
            batches = data.take(steps) if steps is not None and isinstance(
                data, tf_data.Dataset) else itertools.islice(data, steps)
            for batch in batches:
                self.update_state(batch)
        else:
            data = _to_numpy(data, self._is_string)
            self.update_state(data[:, None] if data.ndim == 1 else data)
        self.finalize_state()

    def update_state(self, data) -> None:
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static "
                             "vocabulary via `vocabulary` argument or `set_vocabulary()` "
                             "method.")
        data = _to_numpy(data, self._is_string)
        if data.ndim < 2:
            data = data.reshape(1, -1)
        self._count_rows(data.reshape(data.shape[0], -1))

    def _count_rows(self, rows: np.ndarray) -> None:
        """Adds the tokens of `rows` (2-D: one document per row) to the counts."""
        _add_counts(self._token_counts, rows)
        if self.output_mode == "tf_idf":
            for row in rows:
                _add_counts(self._doc_counts, row, unique=True)
            self._num_documents += rows.shape[0]

    def finalize_state(self) -> None:
        if self._has_input_vocabulary or not self._token_counts:
            self._record_vocabulary_size()
            return
        counts = self._token_counts
        for special in (self.mask_token, self.oov_token):
            counts.pop(_as_key(special, self._is_string), None)
        ordered = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        if self.max_tokens:
            ordered = ordered[:self.max_tokens - self._token_start_index()]
        tokens = np.array([t for t, _ in ordered] or [], dtype=object)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            docs = np.array([self._doc_counts.get(t, 0) for t, _ in ordered], np.float64)
            idf = np.log(1 + self._num_documents / (1 + docs)).astype(np.float32)
            idf = np.pad(idf, (self._token_start_index(), 0), constant_values=np.mean(idf))
            if self.pad_to_max_tokens and self.max_tokens is not None:
                idf = np.pad(idf, (0, self.max_tokens - idf.size))
            self.idf_weights_const = tf.constant(idf.astype(np.float32))
        self._reset_counts()
        self._record_vocabulary_size()

    # --- calling -----------------------------------------------------------------------------
    def _depth(self) -> int:
        if self.pad_to_max_tokens:
            return self.max_tokens
        if self._frozen_vocab_size is None:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "you must set the layer's vocabulary before calling it. Either pass a "
                "`vocabulary` argument to the layer, or call `adapt` with some sample data.")
        return self._frozen_vocab_size

    def call(self, inputs):
        depth = self._depth() if self.output_mode != "int" else None
        if hasattr(inputs, "flat_values") or hasattr(inputs, "dense_shape"):
            return self._call_composite(inputs, depth)
        inputs = _ensure_tensor(inputs, self._key_dtype)
        rank0 = inputs.shape.rank == 0
        if rank0:
            inputs = tf.expand_dims(inputs, -1)
        lookups = self._lookup_dense(inputs)
        if self.output_mode == "int":
            return tf.squeeze(lookups, -1) if rank0 else lookups
        return self._encode(lookups, depth)

    def _call_composite(self, inputs, depth):
        """Ragged or sparse inputs: ids of their values in the same structure; the encoded
        modes count each row's ids (ragged padding -1 is dropped by the encoding)."""
        if hasattr(inputs, "dense_shape"):
            ids = self._lookup_dense(_ensure_tensor(inputs.values, self._key_dtype))
            if self.output_mode != "int":
                raise NotImplementedError("Encoded outputs of SparseTensor inputs are not "
                                          "supported by fluxion's lookup layers.")
            return type(inputs)(inputs.indices, ids, inputs.dense_shape)
        ids = inputs.with_flat_values(self._lookup_dense(
            _ensure_tensor(inputs.flat_values, self._key_dtype)))
        if self.output_mode == "int":
            return ids
        return self._encode(ids.to_tensor(default_value=-1), depth)

    def _encode(self, lookups, depth: int):
        # Keras encodes in the table's value dtype (int64), even where its symbolic spec
        # says float32; tf_idf multiplies float32 idf weights
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = encode_categorical_inputs(lookups, mode, depth, self._value_dtype)
        if self.output_mode != "tf_idf":
            return maybe_sparse(out, self.sparse)
        if self.sparse:  # Keras' sparse tf_idf gathers with the wrong rank: it fails
            raise errors.InvalidArgumentError(
                None, None, "index innermost dimension length must be <= params rank "
                "(sparse=True with output_mode='tf_idf') [Op:GatherNd]")
        idf = self.idf_weights_const
        if idf is None:
            if STATE.trace is None:
                raise ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be "
                                 "provided.")
            # a symbolic build before the weights are loaded (as Keras' output spec)
            idf = tf.zeros([depth], "float32")
        return tf.cast(out, "float32") * idf

    def _lookup_dense(self, inputs):
        """Ids of `inputs` (tokens with `invert`), with Keras' mask and OOV rules."""
        if self.lookup_table is None:
            if STATE.trace is None:
                raise errors.FailedPreconditionError(
                    None, None, f"Table not initialized: layer {self.name!r} has no "
                    "vocabulary yet (pass `vocabulary` or call `adapt`).")
            # a symbolic build before the vocabulary is loaded (as Keras' output spec)
            lookups = tf.fill(tf.shape(inputs), tf.constant(self._default_value,
                                                            self._value_dtype))
        else:
            lookups = self.lookup_table.lookup(inputs)
        if self.mask_token is not None:
            mask = tf.equal(inputs, tf.constant(self._mask_key, self._key_dtype))
            lookups = tf.where(mask, tf.constant(self._mask_value, self._value_dtype), lookups)
        if self.invert:
            return lookups
        if self.num_oov_indices == 0:
            lookups = check_in_vocabulary(lookups, inputs)
        elif self.num_oov_indices > 1:
            if not self._is_string and self.oov_method != "farmhash":
                oov = tf.math.floormod(inputs, tf.constant(self.num_oov_indices, inputs.dtype))
            else:
                oov = hash_to_bins(inputs, self.num_oov_indices, self.salt)
            oov = tf.cast(oov, "int64") + self._oov_start_index()
            lookups = tf.where(tf.equal(lookups, -1), oov, lookups)
        return lookups

    # --- config and saving --------------------------------------------------------------------
    def get_config(self) -> dict:
        return {**super().get_config(), "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode,
                "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": _listify(self.input_idf_weights),
                "vocabulary": _listify(self.input_vocabulary),
                "vocabulary_size": self._frozen_vocab_size, "oov_method": self.oov_method,
                "salt": self.salt}

    def get_build_config(self) -> dict:
        return {}

    def build_from_config(self, config) -> None:
        self.built = True

    def save_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf" and self.idf_weights_const is not None:
            store["idf_weights"] = self.idf_weights_const.numpy()
        if self.input_vocabulary is None and self.lookup_table is not None:
            _store_tokens(store, self._tokens, self._is_string)

    def save_assets(self, dir_path) -> None:
        """An adapted vocabulary as Keras writes it: `vocabulary.txt`, one token per line,
        special tokens included (a vocabulary given in the config is not written)."""
        if self.input_vocabulary is not None or self.lookup_table is None:
            return
        words = [str(w) for w in self.get_vocabulary(include_special_tokens=True)]
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(words))

    def load_assets(self, dir_path) -> None:
        """Reads `vocabulary.txt` written by save_assets (or by Keras)."""
        path = os.path.join(dir_path, "vocabulary.txt")
        if self.input_vocabulary is not None or not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        values = lines if self._is_string else [int(line) for line in lines]
        vocabulary = np.array([_as_key(v, self._is_string) for v in values], dtype=object)
        tokens, _ = self._strip_special(vocabulary)
        self._set_tokens(tokens)

    def load_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self.idf_weights_const = tf.constant(np.asarray(store["idf_weights"], np.float32))
        if self.input_vocabulary is None and "vocabulary" in store:
            tokens = _load_tokens(store, self._is_string)
            self._set_tokens(np.array(tokens, dtype=object))


class StringLookup(IndexLookup):
    """Maps strings to integer ids from a vocabulary (or ids back to strings)."""

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, salt=None,
                 **kwargs) -> None:
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, name=name,
                         salt=salt, vocabulary_dtype="string", **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["vocabulary_dtype"]
        return {**config, "encoding": self.encoding}


class IntegerLookup(IndexLookup):
    """Maps integers to contiguous ids from a vocabulary (or back, `invert`)."""

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 vocabulary=None, vocabulary_dtype="int64", idf_weights=None, invert=False,
                 output_mode="int", sparse=False, pad_to_max_tokens=False,
                 oov_method="floormod", salt=None, name=None, **kwargs) -> None:
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError("If `max_tokens` is set for `IntegerLookup`, it must be greater "
                             f"than 1. Received: max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError("The value of `num_oov_indices` argument for `IntegerLookup` "
                             f"must >= 0. Received: num_oov_indices={num_oov_indices}")
        if vocabulary_dtype != "int64":
            raise ValueError("Only `vocabulary_dtype='int64'` is supported at this time. "
                             f"Received: vocabulary_dtype={vocabulary_dtype}")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                         vocabulary_dtype=vocabulary_dtype, idf_weights=idf_weights,
                         invert=invert, output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, oov_method=oov_method,
                         salt=salt, name=name, **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
