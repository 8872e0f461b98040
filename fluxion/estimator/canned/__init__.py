"""Canned estimators (baseline, linear, DNN, wide & deep) and their heads."""
from __future__ import annotations

from fluxion.estimator.canned.baseline import (
    BaselineClassifier,
    BaselineEstimator,
    BaselineRegressor,
)
from fluxion.estimator.canned.dnn import DNNClassifier, DNNEstimator, DNNRegressor
from fluxion.estimator.canned.dnn_linear_combined import (
    DNNLinearCombinedClassifier,
    DNNLinearCombinedEstimator,
    DNNLinearCombinedRegressor,
)
from fluxion.estimator.canned.head import (
    BinaryClassHead,
    Head,
    MetricKeys,
    MultiClassHead,
    PredictionKeys,
    RegressionHead,
)
from fluxion.estimator.canned.linear import LinearClassifier, LinearEstimator, LinearRegressor

__all__ = ["BaselineClassifier", "BaselineEstimator", "BaselineRegressor", "BinaryClassHead",
           "DNNClassifier", "DNNEstimator", "DNNLinearCombinedClassifier",
           "DNNLinearCombinedEstimator", "DNNLinearCombinedRegressor", "DNNRegressor", "Head",
           "LinearClassifier", "LinearEstimator", "LinearRegressor", "MetricKeys",
           "MultiClassHead", "PredictionKeys", "RegressionHead"]
