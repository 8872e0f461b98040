"""`TextVectorization`: raw strings -> standardized -> tokens (+ n-grams) -> ids or
multi-hot/count/tf-idf vectors, with the vocabulary held by an inner `StringLookup` (mask
token "", as Keras). Tokens travel as a dense matrix padded with "" (see `text_ops`), so no
ragged tensors are needed and every step is a graph primitive."""
from __future__ import annotations

import itertools

import numpy as np

import fluxion as tf
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.preprocessing.lookup_layers import StringLookup
from fluxion.keras.layers.preprocessing.lookup_utils import _listify, _to_numpy
from fluxion.keras.layers.preprocessing.text_ops import text_standardize, text_tokenize
from fluxion.keras.utils.serialization import deserialize_keras_object

__all__ = ["TextVectorization"]

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _validate(value, allowed, arg: str) -> None:
    if value is None or callable(value) or value in allowed:
        return
    raise ValueError(f"The {arg} argument of layer TextVectorization received an invalid "
                     f"value {value}. Allowed values are: {list(allowed)}.")


class TextVectorization(Layer):
    """Maps raw strings to token ids (or to multi-hot, count or tf-idf vectors)."""

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int",
                 output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None,
                 **kwargs) -> None:
        _validate(standardize, _STANDARDIZE, "standardize")
        _validate(split, _SPLIT, "split")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in _MODES:
            raise ValueError(f"The output_mode argument of layer TextVectorization received an "
                             f"invalid value {output_mode}. Allowed values are: "
                             f"{list(_MODES)}.")
        _check_args(ngrams, output_mode, output_sequence_length, ragged)
        self._max_tokens, self._standardize, self._split = max_tokens, standardize, split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged, self._output_mode = ragged, output_mode
        self._output_sequence_length, self._encoding = output_sequence_length, encoding
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            sparse=sparse, has_input_vocabulary=self._has_input_vocabulary, encoding=encoding,
            vocabulary_size=vocabulary_size)
        self.built = True

    dtype = compute_dtype = variable_dtype = property(lambda self: "string")

    def build(self, input_shape=None) -> None:
        self.built = True

    def _convert_input(self, x):
        return x

    # --- vocabulary ---------------------------------------------------------------------------
    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learns the vocabulary from a dataset, array, list or iterable of batches."""
        from fluxion import data as tf_data  # noqa: PLC0415

        self.reset_state()
        if isinstance(data, tf_data.Dataset):
            for batch in (data.take(steps) if steps is not None else data):
                self.update_state(batch)
        elif hasattr(data, "__iter__") and not (isinstance(data, (list, tuple, np.ndarray))
                                                or tf.is_tensor(data)):
            for batch in itertools.islice(data, steps):
                self.update_state(batch)
        else:
            data = tf.constant(_to_numpy(data, True), "string")
            self.update_state(tf.expand_dims(data, -1) if data.shape.rank == 1 else data)
        self.finalize_state()

    def update_state(self, data) -> None:
        tokens = self._preprocess(data)
        if self._split is None:
            self._lookup_layer.update_state(tokens)
            return
        if self._lookup_layer._has_input_vocabulary:
            self._lookup_layer.update_state(tokens)  # raises Keras' error
        rows = np.asarray(tokens.numpy(), dtype=object)
        rows = rows.reshape(1, -1) if rows.ndim < 2 else rows  # a scalar string: one document
        self._lookup_layer._count_rows(rows)

    def finalize_state(self) -> None:
        self._lookup_layer.finalize_state()

    def reset_state(self) -> None:
        self._lookup_layer.reset_state()

    def save_own_variables(self, store) -> None:  # Keras keeps the idf weights here too
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store) -> None:
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path) -> None:  # Keras writes the lookup's vocabulary here too
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path) -> None:
        self._lookup_layer.load_assets(dir_path)

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # --- calling ------------------------------------------------------------------------------
    def _preprocess(self, inputs, length=None):
        """Standardized tokens of `inputs` (padded with "" to `length` or the longest row)."""
        if not tf.is_tensor(inputs):
            inputs = tf.constant(_to_numpy(inputs, True), "string")
        if self._standardize in _STANDARDIZE:
            inputs = text_standardize(
                inputs, lower=self._standardize != "strip_punctuation",
                strip=self._standardize != "lower")
        elif callable(self._standardize):
            inputs = self._standardize(inputs)
        if self._split is None:
            return inputs
        if inputs.shape.rank is not None and inputs.shape.rank > 1:
            if inputs.shape[-1] != 1:
                raise ValueError(
                    "When using `TextVectorization` to tokenize strings, the input rank must "
                    "be 1 or the last shape dimension must be 1. Received: inputs.shape="
                    f"{inputs.shape} with rank={inputs.shape.rank}")
            inputs = tf.squeeze(inputs, axis=-1)
        if callable(self._split):
            tokens = self._split(inputs)
            if hasattr(tokens, "to_tensor"):
                tokens = tokens.to_tensor(default_value="")
            return tokens
        return text_tokenize(inputs, split=self._split, ngrams=self._ngrams, length=length)

    def call(self, inputs):
        length = self._output_sequence_length if self._output_mode == "int" else None
        tokens = self._preprocess(inputs, length)
        lookup = self._lookup_layer
        if self._output_mode == "int":
            out = lookup.call(tokens)
            n = self._output_sequence_length
            if n is not None and (self._split is None or callable(self._split)):
                out = _pad_or_truncate(out, n)
            return out
        return lookup.call(tokens)

    # --- config -------------------------------------------------------------------------------
    def get_config(self) -> dict:
        lookup = self._lookup_layer
        return {**super().get_config(), "max_tokens": lookup.max_tokens,
                "standardize": self._standardize, "split": self._split,
                "ngrams": self._ngrams_arg, "output_mode": self._output_mode,
                "output_sequence_length": self._output_sequence_length,
                "pad_to_max_tokens": lookup.pad_to_max_tokens, "sparse": lookup.sparse,
                "ragged": self._ragged, "vocabulary": _listify(lookup.input_vocabulary),
                "idf_weights": _listify(lookup.input_idf_weights), "encoding": self._encoding,
                "vocabulary_size": self.vocabulary_size()}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str):
                config[key] = deserialize_keras_object(config[key],
                                                       custom_objects=custom_objects)
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        if isinstance(config.get("dtype"), dict):
            config.pop("dtype")
        return cls(**config)

    def get_build_config(self) -> dict:
        return {}

    def build_from_config(self, config) -> None:
        self.built = True


def _pad_or_truncate(ids, length: int):
    """The last axis cut or zero-padded to `length`."""
    ids = ids[..., :length]
    pad = length - tf.shape(ids)[-1]
    rank = ids.shape.rank
    paddings = tf.concat([tf.zeros([rank - 1, 2], "int32"),
                          tf.reshape(tf.stack([0, pad]), [1, 2])], 0)
    return tf.pad(ids, paddings)


def _check_args(ngrams, output_mode, output_sequence_length, ragged) -> None:
    if not (ngrams is None or isinstance(ngrams, int) or isinstance(ngrams, tuple)
            and all(isinstance(item, int) for item in ngrams)):
        raise ValueError("`ngrams` must be None, an integer, or a tuple of integers. "
                         f"Received: ngrams={ngrams}")
    if output_mode == "int" and not (isinstance(output_sequence_length, int)
                                     or output_sequence_length is None):
        raise ValueError("`output_sequence_length` must be either None or an integer when "
                         "`output_mode` is 'int'. Received: output_sequence_length="
                         f"{output_sequence_length}")
    if output_mode != "int" and output_sequence_length is not None:
        raise ValueError("`output_sequence_length` must not be set if `output_mode` is not "
                         f"'int'. Received output_sequence_length={output_sequence_length}.")
    if ragged and output_mode != "int":
        raise ValueError("`ragged` must not be true if `output_mode` is `'int'`. Received: "
                         f"ragged={ragged} and output_mode={output_mode}")
    if ragged:
        raise NotImplementedError("TextVectorization(ragged=True) is not supported: fluxion's "
                                  "TextVectorization returns dense, zero-padded ids.")
