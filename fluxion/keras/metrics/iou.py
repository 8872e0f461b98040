"""Keras 3's intersection-over-union metrics, from an accumulated confusion matrix:
IoU = TP / (TP + FP + FN) per class, averaged over the target classes seen."""
from __future__ import annotations

import warnings

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.losses_base import broadcast_like, convert, shape_of
from fluxion.keras.metrics.base import Metric
from fluxion.keras.metrics.confusion_utils import confusion_matrix


class _IoUBase(Metric):
    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1) -> None:
        super().__init__(name=name, dtype=dtype or "int")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(name="total_confusion_matrix",
                                          shape=(num_classes, num_classes),
                                          initializer="zeros", dtype=self.dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.sparse_y_true:
            y_true = tf.argmax(convert(y_true), axis=self.axis, output_type=tf.int32)
        if not self.sparse_y_pred:
            y_pred = tf.argmax(convert(y_pred), axis=self.axis, output_type=tf.int32)
        y_true = tf.reshape(convert(y_true, self.dtype), [-1])
        y_pred = tf.reshape(convert(y_pred, self.dtype), [-1])
        if sample_weight is None:
            sample_weight = 1
        elif "float" in str(getattr(sample_weight, "dtype", "")) and "int" in self.dtype:
            warnings.warn("You are passing weight as `float`, but dtype is `int`. This may "
                          "result in an incorrect weight due to type casting Consider using "
                          "integer weights.", stacklevel=2)
        sample_weight = convert(sample_weight, self.dtype)
        if len(shape_of(sample_weight)) > 1:
            sample_weight = tf.reshape(sample_weight, [-1])
        sample_weight = broadcast_like(sample_weight, y_true)
        n = self.num_classes
        valid = tf.logical_and(tf.logical_and(y_true >= 0, y_true < n),
                               tf.logical_and(y_pred >= 0, y_pred < n))
        if self.ignore_class is not None:
            valid = tf.logical_and(valid, tf.not_equal(y_true, self.ignore_class))
        zeros = tf.zeros_like(y_true)
        y_true = tf.where(valid, y_true, zeros)
        y_pred = tf.where(valid, y_pred, zeros)
        sample_weight = tf.where(valid, sample_weight, tf.zeros_like(sample_weight))
        current = confusion_matrix(y_true, y_pred, n, weights=sample_weight, dtype=self.dtype)
        return self.total_cm.assign_add(current)

    def reset_state(self) -> None:
        self.total_cm.assign(tf.zeros(self.total_cm.shape, dtype=self.total_cm.dtype))


class IoU(_IoUBase):
    """The mean IoU of the classes in `target_class_ids` (classes never seen are left out of
    the mean)."""

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1) -> None:
        super().__init__(name=name, num_classes=num_classes, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis,
                         dtype=dtype)
        if max(target_class_ids) >= num_classes:
            raise ValueError(f"Target class id {max(target_class_ids)} is out of range, which "
                             f"is [0, {num_classes}).")
        self.target_class_ids = list(target_class_ids)

    def result(self):
        cm = tf.convert_to_tensor(self.total_cm)
        sum_over_row = tf.reduce_sum(cm, axis=0)
        sum_over_col = tf.reduce_sum(cm, axis=1)
        true_positives = tf.linalg.diag_part(cm)
        denominator = sum_over_row + sum_over_col - true_positives
        ids = tf.constant(self.target_class_ids, tf.int32)
        true_positives = tf.cast(tf.gather(true_positives, ids), tf.float32)
        denominator = tf.cast(tf.gather(denominator, ids), tf.float32)
        valid = denominator > 1e-9
        num_valid = tf.reduce_sum(tf.cast(valid, tf.float32))
        iou = true_positives / (denominator + backend.epsilon())
        iou = tf.where(valid, iou, tf.zeros_like(iou))
        return tf.reduce_sum(iou, axis=self.axis) / (num_valid + backend.epsilon())

    def get_config(self) -> dict:
        return {**super().get_config(), "num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids, "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


class BinaryIoU(IoU):
    """IoU of binary labels against predictions thresholded at `threshold` (>=)."""

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None) -> None:
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name,
                         dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = convert(y_true, self.dtype)
        y_pred = convert(y_pred, "float32")
        y_pred = tf.cast(y_pred >= self.threshold, self.dtype)
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self) -> dict:
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold,
                "name": self.name, "dtype": self._dtype}


class MeanIoU(IoU):
    """The mean IoU over all `num_classes` classes."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1) -> None:
        super().__init__(name=name, num_classes=num_classes,
                         target_class_ids=list(range(num_classes)), axis=axis, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self._dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotIoU(IoU):
    """IoU with one-hot labels (and, unless `sparse_y_pred`, class scores as predictions)."""

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1) -> None:
        super().__init__(num_classes=num_classes, target_class_ids=target_class_ids,
                         name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "name": self.name, "dtype": self._dtype, "ignore_class": self.ignore_class,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotMeanIoU(MeanIoU):
    """MeanIoU with one-hot labels."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1) -> None:
        super().__init__(num_classes=num_classes, axis=axis, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self._dtype,
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}
