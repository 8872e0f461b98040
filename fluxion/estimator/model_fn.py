"""`ModeKeys` and `EstimatorSpec`: what a model_fn receives and returns."""
from __future__ import annotations

import collections
from typing import Any


class ModeKeys:
    """The three modes a model_fn is called in (TF's string values)."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


_SPEC_FIELDS = ("mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
                "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks",
                "prediction_hooks")


class EstimatorSpec(collections.namedtuple("EstimatorSpec", _SPEC_FIELDS)):
    """What a model_fn returns for one mode.

    TRAIN needs `loss` and `train_op`, EVAL needs `loss`, PREDICT needs `predictions`.
    `eval_metric_ops` maps names to Keras `Metric` objects or `(value, update_op)` pairs.
    """

    def __new__(cls, mode: str, predictions: Any = None, loss: Any = None, train_op: Any = None,
                eval_metric_ops: dict | None = None, export_outputs: dict | None = None,
                training_chief_hooks=None, training_hooks=None, scaffold=None,
                evaluation_hooks=None, prediction_hooks=None) -> EstimatorSpec:
        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError(f"EstimatorSpec: mode must be one of ModeKeys (train, eval, infer); "
                             f"got {mode!r}.")
        if mode == ModeKeys.TRAIN and train_op is None:
            raise ValueError("EstimatorSpec: missing train_op for mode TRAIN.")
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL) and loss is None:
            raise ValueError(f"EstimatorSpec: missing loss for mode {mode.upper()}.")
        if mode == ModeKeys.PREDICT and predictions is None:
            raise ValueError("EstimatorSpec: missing predictions for mode PREDICT.")
        if eval_metric_ops is not None and not isinstance(eval_metric_ops, dict):
            raise TypeError(f"EstimatorSpec: eval_metric_ops must be a dict, got "
                            f"{type(eval_metric_ops).__name__}.")
        hooks = [tuple(h or ()) for h in (training_chief_hooks, training_hooks,
                                          evaluation_hooks, prediction_hooks)]
        return super().__new__(cls, mode, predictions, loss, train_op, eval_metric_ops or {},
                               export_outputs, hooks[0], hooks[1], scaffold, hooks[2], hooks[3])

    def _replace(self, **kwargs) -> EstimatorSpec:
        return EstimatorSpec(**{**self._asdict(), **kwargs})
