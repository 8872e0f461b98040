"""``tf.estimator``: model_fn-based training, evaluation, prediction and export."""
from __future__ import annotations

from fluxion.estimator import experimental, export, inputs
from fluxion.estimator.estimator import Estimator, add_metrics
from fluxion.estimator.hooks import (
                                     CheckpointSaverHook,
                                     CheckpointSaverListener,
                                     FeedFnHook,
                                     FinalOpsHook,
                                     GlobalStepWaiterHook,
                                     LoggingTensorHook,
                                     NanLossDuringTrainingError,
                                     NanTensorHook,
                                     SecondOrStepTimer,
                                     SessionRunArgs,
                                     SessionRunContext,
                                     SessionRunHook,
                                     SessionRunValues,
                                     StepCounterHook,
                                     StopAtStepHook,
                                     SummarySaverHook,
)
from fluxion.estimator.model_fn import EstimatorSpec, ModeKeys
from fluxion.estimator.run_config import RunConfig
from fluxion.estimator.training import (
                                        BestExporter,
                                        EvalSpec,
                                        Exporter,
                                        FinalExporter,
                                        LatestExporter,
                                        TrainSpec,
                                        train_and_evaluate,
)
from fluxion.estimator.warm_starting import VocabInfo, WarmStartSettings

__all__ = ["BestExporter", "CheckpointSaverHook", "CheckpointSaverListener", "Estimator",
           "EstimatorSpec", "EvalSpec", "Exporter", "FeedFnHook", "FinalExporter", "FinalOpsHook",
           "GlobalStepWaiterHook", "LatestExporter", "LoggingTensorHook", "ModeKeys",
           "NanLossDuringTrainingError", "NanTensorHook", "RunConfig", "SecondOrStepTimer",
           "SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues",
           "StepCounterHook", "StopAtStepHook", "SummarySaverHook", "TrainSpec", "VocabInfo",
           "WarmStartSettings", "add_metrics", "train_and_evaluate"]

# canned estimators and heads (fluxion/estimator/canned)
from fluxion.estimator.canned import (
    BaselineClassifier,
    BaselineEstimator,
    BaselineRegressor,
    BinaryClassHead,
    DNNClassifier,
    DNNEstimator,
    DNNLinearCombinedClassifier,
    DNNLinearCombinedEstimator,
    DNNLinearCombinedRegressor,
    DNNRegressor,
    Head,
    LinearClassifier,
    LinearEstimator,
    LinearRegressor,
    MultiClassHead,
    RegressionHead,
)

__all__ += ["BaselineClassifier", "BaselineEstimator", "BaselineRegressor",
            "BinaryClassHead", "DNNClassifier", "DNNEstimator", "DNNLinearCombinedClassifier",
            "DNNLinearCombinedEstimator", "DNNLinearCombinedRegressor", "DNNRegressor", "Head",
            "LinearClassifier", "LinearEstimator", "LinearRegressor", "MultiClassHead",
            "RegressionHead"]
