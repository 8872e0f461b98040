"""Keras 3's accuracy metrics: the per-sample match functions and their running means."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.losses_base import convert, shape_of, squeeze_or_expand_to_same_rank
from fluxion.keras.metrics.base import MeanMetricWrapper


def _matches(a, b):
    return tf.cast(tf.equal(a, b), backend.floatx())


def accuracy(y_true, y_pred):
    """1.0 where y_true == y_pred (values compared exactly), else 0.0."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true, y_pred)


def _above(y_pred, threshold):
    """y_pred > threshold compared as Keras does: in the promotion of y_pred's dtype and
    float32 (the threshold is a float32 tensor there)."""
    if hasattr(threshold, "_value"):
        threshold = tf.cast(threshold, tf.float32)
    else:
        threshold = float(np.float32(threshold))
    if y_pred.dtype == tf.float64:
        return tf.greater(y_pred, tf.cast(threshold, tf.float64))
    if y_pred.dtype != tf.float32:
        y_pred = tf.cast(y_pred, tf.float32)
    return tf.greater(y_pred, threshold)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where (y_pred > threshold) equals the label, else 0.0."""
    y_pred = convert(y_pred)
    y_true = convert(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true, tf.cast(_above(y_pred, threshold), y_true.dtype))


def categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_true) == argmax(y_pred) along the last axis, else 0.0."""
    y_true = tf.argmax(convert(y_true), axis=-1, output_type=tf.int32)
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    reshape_matches = len(shape_of(y_true)) == len(shape_of(y_pred))
    if reshape_matches:
        y_true = tf.squeeze(y_true, -1)
    y_pred = tf.cast(tf.argmax(y_pred, axis=-1, output_type=tf.int32), y_true.dtype)
    matches = _matches(y_true, y_pred)
    return tf.expand_dims(matches, -1) if reshape_matches else matches  # labels' shape


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the integer label equals argmax(y_pred) along the last axis, else 0.0."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    t_shape = shape_of(y_true)
    reshape_matches = len(t_shape) == len(shape_of(y_pred)) and t_shape[-1] == 1
    if reshape_matches:
        y_true = tf.squeeze(y_true, -1)
    y_pred = tf.cast(tf.argmax(y_pred, axis=-1, output_type=tf.int32), y_true.dtype)
    matches = _matches(y_true, y_pred)
    if reshape_matches:  # back to the labels' shape
        matches = tf.expand_dims(matches, -1)
    if len(shape_of(matches)) > 1 and shape_of(matches)[-1] == 1:
        matches = tf.squeeze(matches, -1)
    return matches


def _flatten_for_top_k(y_true, y_pred):
    """Predictions as (samples, classes) and labels as a vector; the labels' shape to restore
    (None when nothing needs restoring)."""
    shape = None
    if len(shape_of(y_pred)) > 2:
        y_pred = tf.reshape(y_pred, [-1, shape_of(y_pred)[-1]])
    if len(shape_of(y_true)) > 1:
        shape = [-1] + list(shape_of(y_true)[1:])
        y_true = tf.reshape(y_true, [-1])
    return y_true, y_pred, shape


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where argmax(y_true) is among the k largest predictions, else 0.0."""
    y_pred = convert(y_pred)
    y_true = tf.argmax(convert(y_true, y_pred.dtype), axis=-1, output_type=tf.int32)
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    matches = tf.cast(tf.math.in_top_k(y_true, y_pred, k=k), backend.floatx())
    return matches if shape is None else tf.reshape(matches, shape)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label is among the k largest predictions (or, with
    `from_sorted_ids`, among the first k ids of y_pred), else 0.0."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype if from_sorted_ids else "int32")
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    if from_sorted_ids:
        matches = tf.reduce_any(tf.equal(tf.expand_dims(y_true, 1), y_pred[:, :k]), axis=1)
    else:
        matches = tf.math.in_top_k(y_true, y_pred, k=k)
    matches = tf.cast(matches, backend.floatx())
    return matches if shape is None else tf.reshape(matches, shape)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels."""

    def __init__(self, name="accuracy", dtype=None) -> None:
        super().__init__(fn=accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often (y_pred > threshold) matches binary labels."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5) -> None:
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) matches one-hot labels."""

    def __init__(self, name="categorical_accuracy", dtype=None) -> None:
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) matches integer labels."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None) -> None:
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the top k predictions."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None) -> None:
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the top k predictions."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False) -> None:
        super().__init__(fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
