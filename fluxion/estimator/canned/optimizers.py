"""Optimizers of the canned estimators: names, default learning rates and the train op.

TF 2's canned estimators take an optimizer as a name ('Adagrad', 'Adam', 'Ftrl', 'RMSProp',
'SGD'), an instance or a callable returning one. A name with no learning rate gets the
optimizer's own default; the canned model_fns pass their historical rates: DNN none (Adagrad's
0.001), Linear 0.2 (min(0.2, 1/sqrt(n columns)) when the optimizer is None), wide & deep
0.001 (DNN) and min(0.005, 1/sqrt(n linear columns)) (linear). Fluxion builds the model anew
each time a model_fn runs, so every call gets a fresh optimizer (an instance is copied from
its config) named after the model part it trains, which keeps slot variables' paths stable.
"""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.keras import optimizers as keras_optimizers
from fluxion.keras.losses_base import Reduction

__all__ = ["get_optimizer_instance_v2"]

_OPTIMIZER_CLS_NAMES_V2 = {
    "Adagrad": keras_optimizers.Adagrad,
    "Adam": keras_optimizers.Adam,
    "Ftrl": keras_optimizers.Ftrl,
    "RMSProp": keras_optimizers.RMSprop,
    "SGD": keras_optimizers.SGD,
}

DNN_LEARNING_RATE = None  # TF 2's DNN estimators use the optimizer's default rate
LINEAR_LEARNING_RATE = 0.2
COMBINED_DNN_LEARNING_RATE = 0.001
COMBINED_LINEAR_LEARNING_RATE = 0.005


def linear_default_learning_rate(num_columns: int, cap: float = LINEAR_LEARNING_RATE) -> float:
    """min(cap, 1 / sqrt(num_columns)): the rate of an unspecified linear optimizer."""
    return min(cap, 1.0 / math.sqrt(num_columns))


def get_optimizer_instance_v2(opt, learning_rate=None):
    """An optimizer instance from a name (with `learning_rate`, or the optimizer's default),
    a callable returning an optimizer, or an optimizer instance (returned as is)."""
    if isinstance(opt, str):
        if opt not in _OPTIMIZER_CLS_NAMES_V2:
            raise ValueError(f"Unsupported optimizer name: {opt}. Supported names are: "
                             f"{tuple(sorted(_OPTIMIZER_CLS_NAMES_V2))}")
        cls = _OPTIMIZER_CLS_NAMES_V2[opt]
        return cls(learning_rate=learning_rate) if learning_rate else cls()
    if callable(opt) and not isinstance(opt, keras_optimizers.Optimizer):
        opt = opt()
    if not isinstance(opt, keras_optimizers.Optimizer):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"The given object is not a tf.keras.optimizers.Optimizer instance. "
            f"Given: {opt}")
    return opt


def fresh_optimizer(opt, learning_rate, scope: str):
    """The optimizer for one model_fn call, named "<scope>/<class name>"."""
    instance = get_optimizer_instance_v2(opt, learning_rate)
    config = {**instance.get_config(), "name": f"{scope}/{type(instance).__name__}"}
    return type(instance).from_config(config)


def _global_step():
    """The Estimator's global step variable (tf.compat.v1.train), None outside Estimators."""
    from fluxion.compat.v1 import train as v1_train

    return v1_train.get_global_step()


def minimize(tape, loss, parts, loss_reduction: str = Reduction.SUM_OVER_BATCH_SIZE):
    """Applies the gradients of `loss` (recorded on `tape`) with each `(optimizer,
    variables)` of `parts` and advances the global step; returns the train op.

    As TF, a SUM_OVER_BATCH_SIZE loss is divided by the replicas in sync first, since the
    optimizers sum the replicas' gradients."""
    if loss_reduction in (Reduction.SUM_OVER_BATCH_SIZE, Reduction.AUTO):
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        if replicas > 1:
            loss = loss * (1.0 / replicas)
    variables = [v for _, part in parts for v in part]
    grads = tape.gradient(loss, variables)
    start = 0
    for optimizer, part in parts:
        pairs = list(zip(grads[start:start + len(part)], part))
        start += len(part)
        if pairs:
            optimizer.apply_gradients(pairs)
    step = _global_step()
    if step is None:
        return tf.identity(loss)
    step.assign_add(1)
    return tf.identity(step.value() if hasattr(step, "value") else step)
