"""``tf.compat.v1.train``: the global step and TF1's Optimizer API (`minimize(loss,
global_step, var_list)`) as Estimator model_fns use them.

Inside an Estimator model_fn the loss is a tensor of the traced graph: its gradients come from
the GradientTape the Estimator keeps around each TRAIN model_fn call (TF1 differentiated its
graph symbolically). Outside, `minimize` takes a callable loss, as TF2's eager v1 optimizers do.
Updates are Fluxion's Keras optimizers with TF1's formulas and defaults; under a distribution
strategy the loss is scaled by 1/replicas (TF's Estimator + v1 optimizer rule for mean losses)
and the gradients are summed over replicas.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.core.variable import Variable, VariableAggregation
from fluxion.estimator import _graph
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
from fluxion.ops.control_ops import Operation  # what minimize returns in a graph (TF's)
from fluxion.train import (
    Example,
    Feature,
    Features,
    checkpoints_iterator,
    get_checkpoint_state,
    latest_checkpoint,
    list_variables,
    load_checkpoint,
    load_variable,
)

_EAGER = {"global_step": None}  # the global step created outside any Estimator graph


# --- global step -------------------------------------------------------------------------------
def get_global_step(graph=None):
    """The global step variable of the current Estimator graph (or the eager one), or None."""
    scope = _graph.current()
    if scope is not None:
        return scope.global_step
    return _EAGER["global_step"]


def create_global_step(graph=None):
    """Creates the global step (an int64 variable named 'global_step')."""
    if get_global_step() is not None:
        raise ValueError('"global_step" already exists.')
    step = Variable(np.int64(0), trainable=False, name="global_step",
                    aggregation=VariableAggregation.ONLY_FIRST_REPLICA)
    scope = _graph.current()
    if scope is not None:
        scope.global_step = step
    else:
        _EAGER["global_step"] = step
    return step


def get_or_create_global_step(graph=None):
    step = get_global_step()
    return create_global_step() if step is None else step


def assert_global_step(global_step_tensor) -> None:
    dtype = getattr(global_step_tensor, "dtype", None)
    if dtype is None or not dtype.is_integer:
        raise TypeError(f"Existing \"global_step\" does not have integer type: {dtype}")
    if list(global_step_tensor.shape) != []:
        raise TypeError(f"Existing \"global_step\" is not scalar: {global_step_tensor.shape}")


def global_step(sess, global_step_tensor) -> int:
    return int(np.asarray(global_step_tensor._value))


# --- optimizers --------------------------------------------------------------------------------
def _current_tape():
    scope = _graph.current()
    return None if scope is None else scope.invocation().tape


def _outside_training() -> bool:
    scope = _graph.current()
    return scope is not None and scope.mode != "train"


def _replicas() -> int:
    import sys

    distribute = sys.modules.get("fluxion.distribute")
    if distribute is None:
        return 1
    ctx = distribute.get_replica_context()
    return 1 if ctx is None else ctx.num_replicas_in_sync


class Optimizer:
    """Base class of TF1 optimizers: `compute_gradients` then `apply_gradients`, or
    `minimize`. Subclasses give the Keras optimizer that performs the update."""

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking: bool, name: str) -> None:
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._keras = None
        self._keras_owner = None  # the model_fn call the Keras optimizer belongs to

    def get_name(self) -> str:
        return self._name

    def _make_keras(self, learning_rate):
        raise NotImplementedError

    def _keras_optimizer(self):
        scope = _graph.current()
        owner = None if scope is None else scope.invocation()
        if self._keras is None or owner is not self._keras_owner:
            # one Keras optimizer per model_fn call: its slots are that call's variables
            lr = self._learning_rate
            if isinstance(lr, (Tensor, Variable)):
                value = lr
                lr = lambda: value
            self._keras = self._make_keras(lr)
            self._keras_owner = owner
        return self._keras

    def compute_gradients(self, loss, var_list=None, gate_gradients=1, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient, variable)] of `loss` (a tensor of the model_fn, or a callable)."""
        from fluxion.core.tape import GradientTape

        if callable(loss):
            with GradientTape() as tape:
                loss_value = self._scale_loss(loss())
            variables = list(var_list) if var_list is not None else [
                v for v in tape.watched_variables() if v.trainable]
            return list(zip(tape.gradient(loss_value, variables), variables))
        tape = _current_tape()
        if tape is None:
            raise RuntimeError(
                "compute_gradients/minimize need a loss computed inside an Estimator model_fn "
                "(TRAIN mode), or a callable loss when executing eagerly.")
        scope = _graph.current()
        variables = list(var_list) if var_list is not None else scope.trainable_variables()
        if not variables:
            raise ValueError("No variables to optimize.")
        target = self._scale_loss(loss)  # recorded: the gradient flows through the scaling
        with tape.stop_recording():
            grads = tape.gradient(target, variables)
        return list(zip(grads, variables))

    def _scale_loss(self, loss):
        replicas = _replicas()
        scope = _graph.current()
        if replicas > 1 and scope is not None and getattr(
                scope, "last_loss_reduction", None) != "weighted_sum":
            scope.loss_scaled_by_optimizer = True
            return loss * (1.0 / replicas)
        return loss

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Applies the gradients; increments `global_step` when given."""
        if _outside_training():
            return Operation(name or self._name)
        pairs = [(g, v) for g, v in grads_and_vars]
        if not pairs:
            raise ValueError("No variables provided.")
        kept = [(g, v) for g, v in pairs if g is not None]
        if not kept:
            raise ValueError(f"No gradients provided for any variable: "
                             f"{[getattr(v, 'name', v) for _, v in pairs]}.")
        self._keras_optimizer().apply_gradients(kept)
        if global_step is not None:
            global_step.assign_add(convert_to_tensor(1, global_step.dtype))
        return Operation(name or self._name) if _graph.current() is not None else None

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=1,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        if _outside_training():
            # EVAL / PREDICT graphs never run the train op: building it changes nothing
            return Operation(name or self._name)
        grads_and_vars = self.compute_gradients(loss, var_list)
        missing = [v for g, v in grads_and_vars if g is None]
        if len(missing) == len(grads_and_vars):
            raise ValueError(f"No gradients provided for any variable, check your graph for ops "
                             f"that do not support gradients, between variables "
                             f"{[v.name for _, v in grads_and_vars]} and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def variables(self) -> list:
        return [] if self._keras is None else list(self._keras.variables)


def _check_lr(learning_rate):
    if learning_rate is None:
        raise ValueError("learning_rate must not be None")
    if isinstance(learning_rate, (int, float, np.floating, np.integer)):
        return float(learning_rate)
    return learning_rate


class GradientDescentOptimizer(Optimizer):
    def __init__(self, learning_rate, use_locking=False, name="GradientDescent") -> None:
        super().__init__(use_locking, name)
        self._learning_rate = _check_lr(learning_rate)

    def _make_keras(self, learning_rate):
        from fluxion.keras.optimizers import SGD

        return SGD(learning_rate=learning_rate, name=self._name)


class MomentumOptimizer(Optimizer):
    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False) -> None:
        super().__init__(use_locking, name)
        self._learning_rate = _check_lr(learning_rate)
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _make_keras(self, learning_rate):
        from fluxion.keras.optimizers import SGD

        return SGD(learning_rate=learning_rate, momentum=self._momentum,
                   nesterov=self._use_nesterov, name=self._name)


class AdamOptimizer(Optimizer):
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                 use_locking=False, name="Adam") -> None:
        super().__init__(use_locking, name)
        self._learning_rate = _check_lr(learning_rate)
        self._beta1, self._beta2, self._epsilon = beta1, beta2, epsilon

    def _make_keras(self, learning_rate):
        from fluxion.keras.optimizers import Adam

        return Adam(learning_rate=learning_rate, beta_1=self._beta1, beta_2=self._beta2,
                    epsilon=self._epsilon, name=self._name)


class AdagradOptimizer(Optimizer):
    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad") -> None:
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = _check_lr(learning_rate)
        self._initial = initial_accumulator_value

    def _make_keras(self, learning_rate):
        from fluxion.keras.optimizers import Adagrad

        # TF1's Adagrad divides by sqrt(accumulator) with no epsilon
        return Adagrad(learning_rate=learning_rate, initial_accumulator_value=self._initial,
                       epsilon=0.0, name=self._name)


class FtrlOptimizer(Optimizer):
    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0, beta=None) -> None:
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError(f"initial_accumulator_value {initial_accumulator_value} needs to be "
                             f"positive or zero")
        if learning_rate_power > 0.0:
            raise ValueError(f"learning_rate_power {learning_rate_power} needs to be negative "
                             f"or zero")
        for what, value in (("l1_regularization_strength", l1_regularization_strength),
                            ("l2_regularization_strength", l2_regularization_strength),
                            ("l2_shrinkage_regularization_strength",
                             l2_shrinkage_regularization_strength)):
            if value < 0.0:
                raise ValueError(f"{what} {value} needs to be positive or zero")
        self._learning_rate = _check_lr(learning_rate)
        self._args = {"learning_rate_power": learning_rate_power,
                      "initial_accumulator_value": initial_accumulator_value,
                      "l1_regularization_strength": l1_regularization_strength,
                      "l2_regularization_strength": l2_regularization_strength,
                      "l2_shrinkage_regularization_strength":
                          l2_shrinkage_regularization_strength,
                      "beta": 0.0 if beta is None else beta}

    def _make_keras(self, learning_rate):
        from fluxion.keras.optimizers import Ftrl

        return Ftrl(learning_rate=learning_rate, name=self._name, **self._args)


class RMSPropOptimizer(Optimizer):
    """TF1's RMSProp: the mean square starts at ones (Keras' at zeros)."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, name="RMSProp") -> None:
        super().__init__(use_locking, name)
        self._learning_rate = _check_lr(learning_rate)
        self._decay, self._momentum, self._epsilon = decay, momentum, epsilon
        self._centered = centered

    def _make_keras(self, learning_rate):
        from fluxion.keras.optimizers import RMSprop
        from fluxion.keras.optimizers.base import Optimizer as KerasOptimizer

        class TF1RMSprop(RMSprop):
            def build(self, var_list) -> None:
                if self.built:
                    return
                KerasOptimizer.build(self, var_list)
                self._velocities = self.add_optimizer_variables(var_list, "velocity", "ones")
                self._momentums = [] if self.momentum <= 0 else \
                    self.add_optimizer_variables(var_list, "momentum")
                self._average_gradients = [] if not self.centered else \
                    self.add_optimizer_variables(var_list, "average_gradient")

        return TF1RMSprop(learning_rate=learning_rate, rho=self._decay, momentum=self._momentum,
                          epsilon=self._epsilon, centered=self._centered, name=self._name)


__all__ = [
    "AdagradOptimizer",
    "AdamOptimizer",
    "CheckpointSaverHook",
    "CheckpointSaverListener",
    "Example",
    "Feature",
    "Features",
    "FeedFnHook",
    "FinalOpsHook",
    "FtrlOptimizer",
    "GlobalStepWaiterHook",
    "GradientDescentOptimizer",
    "LoggingTensorHook",
    "MomentumOptimizer",
    "NanLossDuringTrainingError",
    "NanTensorHook",
    "Optimizer",
    "RMSPropOptimizer",
    "SecondOrStepTimer",
    "SessionRunArgs",
    "SessionRunContext",
    "SessionRunHook",
    "SessionRunValues",
    "StepCounterHook",
    "StopAtStepHook",
    "SummarySaverHook",
    "assert_global_step",
    "checkpoints_iterator",
    "create_global_step",
    "get_checkpoint_state",
    "get_global_step",
    "get_or_create_global_step",
    "global_step",
    "latest_checkpoint",
    "list_variables",
    "load_checkpoint",
    "load_variable",
]
