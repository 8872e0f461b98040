"""``tf.estimator.WarmStartSettings`` / ``VocabInfo``: initialize a new model from a checkpoint.

Warm-starting happens when a model_dir has no checkpoint yet: each variable the model_fn
creates whose name `vars_to_warm_start` selects takes its value from `ckpt_to_initialize_from`
(under its `var_name_to_prev_var_name` name), rows (or columns) of embedding/output matrices
remapped through `var_name_to_vocab_info` when the vocabulary changed. As in TF, a selected
variable missing from that checkpoint, a shape mismatch, or a name in the two dicts that no
variable used is a ValueError.
"""
from __future__ import annotations

import collections
import os
import re

import numpy as np

from fluxion.train._ckpt_format import CheckpointReader
from fluxion.train.checkpoint import checkpoint_prefix


class VocabInfo(collections.namedtuple("VocabInfo", [
        "new_vocab", "new_vocab_size", "num_oov_buckets", "old_vocab", "old_vocab_size",
        "backup_initializer", "axis"])):
    """How to remap the rows (axis 0) or columns (axis 1) of a variable whose vocabulary
    changed: entries of `new_vocab` found in the first `old_vocab_size` entries of
    `old_vocab` keep their old values; new entries and OOV buckets get `backup_initializer`
    (zeros when None)."""

    def __new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1,
                backup_initializer=None, axis=0):
        if axis not in (0, 1):
            raise ValueError(f"The only supported values for the axis argument are 0 and 1.  "
                             f"Provided axis: {axis}")
        return super().__new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab,
                               old_vocab_size, backup_initializer, axis)


class WarmStartSettings(collections.namedtuple("WarmStartSettings", [
        "ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info",
        "var_name_to_prev_var_name"])):
    """Settings for warm-starting an Estimator (see the module docstring). `vars_to_warm_start`:
    a regex (trainable variables only; default '.*'), a list of regexes (any variable), a list
    of Variables, or None (only the variables in `var_name_to_vocab_info`)."""

    def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*",
                var_name_to_vocab_info=None, var_name_to_prev_var_name=None):
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(cls, ckpt_to_initialize_from, vars_to_warm_start,
                               var_name_to_vocab_info or {}, var_name_to_prev_var_name or {})


def get_default_settings(warm_start_from):
    """`Estimator(warm_start_from=...)` as WarmStartSettings (or None)."""
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    if isinstance(warm_start_from, (str, bytes, os.PathLike)):
        path = os.fsdecode(warm_start_from)
        return WarmStartSettings(ckpt_to_initialize_from=path)
    raise ValueError(f"warm_start_from must be a string or a WarmStartSettings, instead got "
                     f"{type(warm_start_from)}")


class WarmStarter:
    """Gives each selected variable its warm-start value when the model_fn creates it."""

    def __init__(self, settings: WarmStartSettings) -> None:
        self.settings = settings
        self.prefix = checkpoint_prefix(settings.ckpt_to_initialize_from)
        self.reader = CheckpointReader(self.prefix)
        self.used: set = set()

    def _selected(self, name: str, variable) -> bool:
        want = self.settings.vars_to_warm_start
        full = name + ":0"
        if want is None:
            return False
        if isinstance(want, str):
            return variable.trainable and re.match(want, full) is not None
        if isinstance(want, (list, tuple)):
            if all(isinstance(w, str) for w in want):
                return any(re.match(w, full) is not None for w in want)
            return any(w is variable for w in want)
        raise ValueError(f"vars_to_warm_start must be a string, a list of strings or "
                         f"Variables, or None; got {type(want).__name__}")

    def value_for(self, name: str, variable):
        vocab = self.settings.var_name_to_vocab_info.get(name)
        if vocab is None and not self._selected(name, variable):
            return None
        self.used.add(name)
        previous = self.settings.var_name_to_prev_var_name.get(name, name)
        if not self.reader.has_tensor(previous):
            raise ValueError(f"Tensor {previous} is not found in {self.prefix} checkpoint "
                             f"(warm-starting variable {name})")
        old = self.reader.read_array(previous)
        if vocab is not None:
            return _remap(old, vocab, variable)
        if tuple(old.shape) != tuple(variable.shape):
            raise ValueError(f"Shape of variable {name} ({list(variable.shape)}) doesn't match "
                             f"with shape of tensor {previous} ({list(old.shape)}) from "
                             f"checkpoint reader.")
        return old

    def check_unused(self) -> None:
        """TF's check after warm-starting: every name in the dicts must have been used."""
        for what, names in (("var_name_to_prev_var_name",
                             self.settings.var_name_to_prev_var_name),
                            ("var_name_to_vocab_info", self.settings.var_name_to_vocab_info)):
            unused = sorted(set(names) - self.used)
            if unused:
                raise ValueError(f"You provided the following variables in {what} that were "
                                 f"not used: {unused}.  Perhaps you misspelled them?  Here is "
                                 f"the list of viable variable names: {sorted(self.used)}")


def _read_vocab(path, size) -> list:
    with open(os.fsdecode(path), encoding="utf-8") as f:
        words = [line.rstrip("\n") for line in f]
    return words if size is None or size < 0 else words[:size]


def _remap(old: np.ndarray, vocab: VocabInfo, variable) -> np.ndarray:
    """The variable's new value: rows/columns of `old` moved to their new vocabulary index."""
    axis = vocab.axis
    new_words = _read_vocab(vocab.new_vocab, vocab.new_vocab_size)
    old_words = _read_vocab(vocab.old_vocab, vocab.old_vocab_size)
    old_index = {w: i for i, w in enumerate(old_words)}
    shape = tuple(variable.shape)
    if vocab.backup_initializer is not None:
        value = np.asarray(vocab.backup_initializer(shape, dtype=variable.dtype),
                           dtype=variable._value.dtype)
    else:
        value = np.zeros(shape, variable._value.dtype)
    moved = np.moveaxis(value, axis, 0).copy()
    source = np.moveaxis(old, axis, 0)
    for i, word in enumerate(new_words[:moved.shape[0]]):
        j = old_index.get(word)
        if j is not None and j < source.shape[0]:
            moved[i] = source[j]
    return np.moveaxis(moved, 0, axis)
