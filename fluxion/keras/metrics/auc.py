"""Keras 3's `AUC`: the area under the ROC or PR curve, approximated by a Riemann sum over
confusion counts at `num_thresholds` thresholds (interpolated PR-AUC as Davis & Goadrich)."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.metrics import confusion_utils as cu
from fluxion.keras.metrics.base import Metric
from fluxion.keras.metrics.confusion import _even_thresholds, _parse_curve, _parse_summation

_COUNTS = ("true_positives", "false_positives", "true_negatives", "false_negatives")


class AUC(Metric):
    """Area under the ROC (default) or PR curve.

    Thresholds are `num_thresholds` evenly spaced values in [0, 1] (the ends nudged by
    epsilon so that 0 and 1 predictions fall inside) or the given `thresholds` plus the two
    ends. `multi_label` keeps one curve per label (averaged, or weighted by
    `label_weights`); `from_logits` applies a sigmoid first.
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False) -> None:
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = cu.is_evenly_distributed_thresholds(
                np.array([0.0] + thresholds + [1.0]))
        else:
            if num_thresholds <= 1:
                raise ValueError(f"Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = _even_thresholds(num_thresholds)
            self._thresholds_distributed_evenly = True
        eps = backend.epsilon()
        self._thresholds = np.array([0.0 - eps] + list(thresholds) + [1.0 + eps])
        self.curve = _parse_curve(curve)
        self.summation_method = _parse_summation(summation_method)
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else \
            tf.constant(np.asarray(label_weights), self.dtype)
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build([None, num_labels])
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self) -> list:
        return list(self._thresholds)

    def _build(self, shape) -> None:
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(f"`y_pred` must have rank 2 when `multi_label=True`. Found "
                                 f"rank {len(shape)}. Full shape received for `y_pred`: "
                                 f"{shape}")
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        for var in _COUNTS:
            setattr(self, var, self.add_variable(shape=variable_shape, initializer="zeros",
                                                 name=var))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if not self._built:
            self._build(tuple(tf.convert_to_tensor(y_pred).shape))
        if self._from_logits:
            y_pred = tf.sigmoid(y_pred)
        cu.update_confusion_matrix_variables(
            {cu.TP: self.true_positives, cu.TN: self.true_negatives,
             cu.FP: self.false_positives, cu.FN: self.false_negatives},
            y_true, y_pred, self._thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight, multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights)

    def _by_label(self, terms):
        """The summed terms of each curve, averaged over labels when multi-label."""
        if not self.multi_label:
            return tf.reduce_sum(terms)
        by_label = tf.reduce_sum(terms, axis=0)
        if self.label_weights is None:
            return tf.reduce_mean(by_label)
        return tf.math.divide_no_nan(tf.reduce_sum(by_label * self.label_weights),
                                     tf.reduce_sum(self.label_weights))

    def interpolate_pr_auc(self):
        """PR-AUC with precision interpolated linearly in the true positives between
        consecutive thresholds (Davis & Goadrich, 2006)."""
        tp = tf.convert_to_tensor(self.true_positives)
        fn = tf.convert_to_tensor(self.false_negatives)
        p = tp + self.false_positives
        dtp = tp[:-1] - tp[1:]
        dp = p[:-1] - p[1:]
        prec_slope = tf.math.divide_no_nan(dtp, tf.maximum(dp, 0.0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = tf.where(tf.logical_and(p[:-1] > 0, p[1:] > 0),
                                tf.math.divide_no_nan(p[:-1], tf.maximum(p[1:], 0.0)),
                                tf.ones_like(p[1:]))
        increment = tf.math.divide_no_nan(
            prec_slope * (dtp + intercept * tf.math.log(safe_p_ratio)),
            tf.maximum(tp[1:] + fn[1:], 0.0))
        return self._by_label(increment)

    def _curve_points(self):
        tp = tf.convert_to_tensor(self.true_positives)
        fp = tf.convert_to_tensor(self.false_positives)
        tn = tf.convert_to_tensor(self.true_negatives)
        fn = tf.convert_to_tensor(self.false_negatives)
        if self.curve == "ROC":
            return tf.math.divide_no_nan(fp, fp + tn), tf.math.divide_no_nan(tp, tp + fn)
        if self.curve == "PR":
            return tf.math.divide_no_nan(tp, tp + fn), tf.math.divide_no_nan(tp, tp + fp)
        scaling = tf.math.divide_no_nan(tp + fn, tn + fp)  # PRGAIN
        recall_gain = 1.0 - scaling * tf.math.divide_no_nan(fn, tp)
        precision_gain = 1.0 - scaling * tf.math.divide_no_nan(fp, tp)
        no_tp = tf.equal(tp, 0.0)
        recall_gain = tf.where(no_tp, tf.zeros_like(tp), recall_gain)
        precision_gain = tf.where(no_tp, tf.ones_like(tp), precision_gain)
        return tf.maximum(recall_gain, 0.0), precision_gain

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        x, y = self._curve_points()
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = tf.minimum(y[:-1], y[1:])
        else:
            heights = tf.maximum(y[:-1], y[1:])
        return self._by_label((x[:-1] - x[1:]) * heights)

    def reset_state(self) -> None:
        if self._built:
            for var in _COUNTS:
                v = getattr(self, var)
                v.assign(tf.zeros(v.shape, v.dtype))

    def get_config(self) -> dict:
        # as Keras: the weights tensor itself (from_config accepts it back)
        config = {"num_thresholds": self.num_thresholds, "curve": self.curve,
                  "summation_method": self.summation_method, "multi_label": self.multi_label,
                  "num_labels": self.num_labels, "label_weights": self.label_weights,
                  "from_logits": self._from_logits}
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return {**super().get_config(), **config}
