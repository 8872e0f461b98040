"""Keras 3's metrics computed from confusion counts at thresholds: TruePositives & co,
Precision, Recall, the "X at Y" metrics and AUC."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.metrics import confusion_utils as cu
from fluxion.keras.metrics.base import Metric


def _ratio(a, b):
    return tf.math.divide_no_nan(a, a + b)


class _ConfusionMatrixConditionCount(Metric):
    """The weighted count of one confusion condition at each threshold."""

    _condition = cu.TP

    def __init__(self, thresholds=None, name=None, dtype=None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = cu.parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = cu.is_evenly_distributed_thresholds(
            self.thresholds)
        self.accumulator = self.add_variable(shape=(len(self.thresholds),),
                                             initializer="zeros", name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        cu.update_confusion_matrix_variables(
            {self._condition: self.accumulator}, y_true, y_pred, thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight)

    def result(self):
        if len(self.thresholds) == 1:
            return self.accumulator[0]
        return tf.identity(self.accumulator)

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class FalsePositives(_ConfusionMatrixConditionCount):
    _condition = cu.FP


class FalseNegatives(_ConfusionMatrixConditionCount):
    _condition = cu.FN


class TrueNegatives(_ConfusionMatrixConditionCount):
    _condition = cu.TN


class TruePositives(_ConfusionMatrixConditionCount):
    _condition = cu.TP


class _PrecisionRecall(Metric):
    """tp / (tp + other) at each threshold; `other` is fp (precision) or fn (recall)."""

    _other = cu.FP
    _other_name = "false_positives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None,
                 dtype=None) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else cu.NEG_INF
        self.thresholds = cu.parse_init_thresholds(thresholds, default_threshold=default)
        self._thresholds_distributed_evenly = cu.is_evenly_distributed_thresholds(
            self.thresholds)
        n = len(self.thresholds)
        self.true_positives = self.add_variable(shape=(n,), initializer="zeros",
                                                name="true_positives")
        setattr(self, self._other_name,
                self.add_variable(shape=(n,), initializer="zeros", name=self._other_name))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        cu.update_confusion_matrix_variables(
            {cu.TP: self.true_positives, self._other: getattr(self, self._other_name)},
            y_true, y_pred, thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k, class_id=self.class_id, sample_weight=sample_weight)

    def result(self):
        result = _ratio(self.true_positives, getattr(self, self._other_name))
        return result[0] if len(self.thresholds) == 1 else result

    def reset_state(self) -> None:
        n = len(self.thresholds)
        self.true_positives.assign(tf.zeros((n,)))
        getattr(self, self._other_name).assign(tf.zeros((n,)))

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_PrecisionRecall):
    """tp / (tp + fp): how many predicted positives are positive."""

    _other, _other_name = cu.FP, "false_positives"


class Recall(_PrecisionRecall):
    """tp / (tp + fn): how many positives are predicted positive."""

    _other, _other_name = cu.FN, "false_negatives"


def _even_thresholds(num_thresholds: int) -> list:
    """0, 1 / (n - 1), ..., 1 as Keras builds them (the inner ones as (i + 1) / (n - 1))."""
    return [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]


class SensitivitySpecificityBase(Metric):
    """The best `dependent` rate among thresholds whose `constrained` rate reaches `value`."""

    def __init__(self, value, num_thresholds=200, class_id=None, name=None,
                 dtype=None) -> None:
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if num_thresholds <= 0:
            raise ValueError(f"Argument `num_thresholds` must be an integer > 0. Received: "
                             f"num_thresholds={num_thresholds}")
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            self.thresholds = [0.0] + _even_thresholds(num_thresholds) + [1.0]
            self._thresholds_distributed_evenly = True
        n = len(self.thresholds)
        for var in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, var, self.add_variable(shape=(n,), initializer="zeros", name=var))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        cu.update_confusion_matrix_variables(
            {cu.TP: self.true_positives, cu.TN: self.true_negatives,
             cu.FP: self.false_positives, cu.FN: self.false_negatives},
            y_true, y_pred, thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id, sample_weight=sample_weight)

    def reset_state(self) -> None:
        n = len(self.thresholds)
        for v in (self.true_positives, self.false_positives, self.true_negatives,
                  self.false_negatives):
            v.assign(tf.zeros((n,)))

    def get_config(self) -> dict:
        return {**super().get_config(), "class_id": self.class_id}

    def _find_max_under_constraint(self, constrained, dependent):
        feasible = tf.greater_equal(constrained, self.value)
        best = tf.reduce_max(tf.where(feasible, dependent, tf.zeros_like(dependent)))
        return tf.maximum(best, 0.0)

    def _rates(self):
        tp, fp = self.true_positives, self.false_positives
        tn, fn = self.true_negatives, self.false_negatives
        return {"recall": _ratio(tp, fn), "specificity": _ratio(tn, fp),
                "precision": _ratio(tp, fp)}


def _check_unit(value, what: str) -> None:
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{what}` must be in the range [0, 1]. Received: "
                         f"{what}={value}")


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None,
                 dtype=None) -> None:
        _check_unit(specificity, "specificity")
        self.specificity = specificity
        self.num_thresholds = num_thresholds
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        r = self._rates()
        return self._find_max_under_constraint(r["specificity"], r["recall"])

    def get_config(self) -> dict:
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "specificity": self.specificity}


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None,
                 dtype=None) -> None:
        _check_unit(sensitivity, "sensitivity")
        self.sensitivity = sensitivity
        self.num_thresholds = num_thresholds
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        r = self._rates()
        return self._find_max_under_constraint(r["recall"], r["specificity"])

    def get_config(self) -> dict:
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "sensitivity": self.sensitivity}


class PrecisionAtRecall(SensitivitySpecificityBase):
    def __init__(self, recall, num_thresholds=200, class_id=None, name=None,
                 dtype=None) -> None:
        _check_unit(recall, "recall")
        self.recall = recall
        self.num_thresholds = num_thresholds
        super().__init__(value=recall, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        r = self._rates()
        return self._find_max_under_constraint(r["recall"], r["precision"])

    def get_config(self) -> dict:
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "recall": self.recall}


class RecallAtPrecision(SensitivitySpecificityBase):
    def __init__(self, precision, num_thresholds=200, class_id=None, name=None,
                 dtype=None) -> None:
        _check_unit(precision, "precision")
        self.precision = precision
        self.num_thresholds = num_thresholds
        super().__init__(value=precision, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        r = self._rates()
        return self._find_max_under_constraint(r["precision"], r["recall"])

    def get_config(self) -> dict:
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "precision": self.precision}


_CURVES = {"roc": "ROC", "ROC": "ROC", "pr": "PR", "PR": "PR", "prgain": "PRGAIN",
           "PRGAIN": "PRGAIN"}
_SUMMATIONS = {"interpolation": "interpolation", "Interpolation": "interpolation",
               "majoring": "majoring", "Majoring": "majoring", "minoring": "minoring",
               "Minoring": "minoring"}


def _parse_curve(curve) -> str:
    key = getattr(curve, "value", curve)
    if key not in _CURVES:
        raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are '
                         f'["PR", "ROC", "PRGAIN"]')
    return _CURVES[key]


def _parse_summation(method) -> str:
    key = getattr(method, "value", method)
    if key not in _SUMMATIONS:
        raise ValueError(f'Invalid AUC summation method value: "{method}". Expected values are '
                         f'["interpolation", "majoring", "minoring"]')
    return _SUMMATIONS[key]
