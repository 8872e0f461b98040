"""What the canned model_fns share: the Estimator base, the training tape and the features
check."""
from __future__ import annotations

import contextlib

import fluxion as tf
from fluxion.estimator.estimator import Estimator
from fluxion.estimator.model_fn import ModeKeys

__all__ = ["Estimator", "training_tape", "validate_features"]


def training_tape(mode: str):
    """A GradientTape that records the forward pass in TRAIN mode; nothing otherwise."""
    return tf.GradientTape() if mode == ModeKeys.TRAIN else contextlib.nullcontext()


def validate_features(features) -> None:
    if not isinstance(features, dict):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"features should be a dictionary of `Tensor`s. Given type: {type(features)}")
