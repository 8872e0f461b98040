"""``keras.optimizers.Optimizer``: Keras 3's optimizer base (TensorFlow backend behaviour).

State lives in Keras variables: `iterations` (int64), the learning rate (float32 unless a
schedule or callable), and per-variable slots that `build` creates on the first `apply` (which
may run while a `fluxion.function` traces: the slots are created once, from concrete initial
values, and captured by the graph). Updates use `Variable.assign*`, so the same code runs
eagerly and traced.
"""
from __future__ import annotations

import re
import sys
import warnings

import numpy as np

import fluxion as tf
from fluxion.core.variable import Variable
from fluxion.keras.optimizers import schedules as lr_schedules
from fluxion.keras.optimizers._util import (
    cast,
    check_arguments,
    clip_by_global_norm,
    floatx,
    initial_value,
    run_cond,
    scalar_as,
)
from fluxion.keras.utils import naming
from fluxion.keras.utils.serialization import deserialize_keras_object, serialize_keras_object
from fluxion.keras.variables import KerasVariable


class Optimizer:
    """Abstract optimizer: subclasses create slots in `build` and implement `update_step`."""

    _keras_module = "keras.optimizers"

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        self._lock = False
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.",
                          stacklevel=2)
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        self.name = name if name is not None else naming.uniquify(
            naming.to_snake_case(re.sub(r"\W+", "", type(self).__name__)))
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        check_arguments(gradient_accumulation_steps, use_ema, ema_momentum,
                        ema_overwrite_frequency, clipnorm, clipvalue, global_clipnorm)
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.built = False
        self._variables: list = []
        self._trainable_variables: list = []
        self._trainable_variables_indices: dict = {}
        self._scalars = None  # per-step cache of scalar tensors, see `_per_step`
        self._iterations = self._make_variable(np.int64(0), "iteration", "int64",
                                               "only_first_replica")
        if isinstance(learning_rate, lr_schedules.LearningRateSchedule) or \
                callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            if not isinstance(learning_rate, float):
                raise ValueError(  # noqa: TRY004 - Keras raises ValueError
                    "Argument `learning_rate` should be float, or an instance of "
                    "LearningRateSchedule, or a callable (that takes in the current iteration "
                    "value and returns the corresponding learning rate value). Received "
                    f"instead: learning_rate={learning_rate}")
            self._learning_rate = self._make_variable(
                learning_rate, "learning_rate", floatx(), "only_first_replica")

    # --- variables -----------------------------------------------------------------------------
    def _make_variable(self, value, name: str, dtype, aggregation: str = "none"):
        variable = KerasVariable(value, name=name, path=f"{self.name}/{name}", trainable=False,
                                 dtype=dtype, aggregation=aggregation)
        self._track_variable(variable)
        return variable

    def _track_variable(self, variable) -> None:
        if all(v is not variable for v in self._variables):
            self._variables.append(variable)

    def _untrack_variable(self, variable) -> None:
        self._variables = [v for v in self._variables if v is not variable]

    def __setattr__(self, name, value) -> None:
        if name != "_lock":
            self._check_super_called()
        # variables assigned as attributes are tracked, as Keras' tracker does
        if "_variables" in self.__dict__:
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, Variable):
                    self._track_variable(item)
        object.__setattr__(self, name, value)

    def _check_super_called(self) -> None:
        if "_lock" not in self.__dict__:
            raise RuntimeError(
                f"In optimizer '{type(self).__name__}', you forgot to call `super().__init__()` "
                "as the first statement in the `__init__()` method. Go add it!")

    @property
    def variables(self) -> list:
        return self._variables[:]

    @property
    def iterations(self):
        if self.gradient_accumulation_steps:
            return tf.math.floordiv(self._iterations, self.gradient_accumulation_steps)
        return self._iterations

    def _var_key(self, variable) -> int:
        return variable._unique_id

    def _get_variable_index(self, variable) -> int:
        return self._trainable_variables_indices[variable._unique_id]

    def build(self, variables) -> None:
        """Creates the state shared by all optimizers; subclasses add their slots after."""
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = []
        for i, variable in enumerate(variables):
            self._trainable_variables_indices[self._var_key(variable)] = i
            if self.gradient_accumulation_steps:
                self._accumulated_gradients.append(
                    self.add_variable_from_reference(variable, name="gradient_accumulator"))
        # the model's variables are not the optimizer's own: kept without tracking
        object.__setattr__(self, "_trainable_variables", list(variables))
        self.built = True

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     layout=None, name=None):
        """A non-trainable optimizer variable, tracked in `variables`."""
        self._check_super_called()
        dtype = dtype or floatx()
        value = initial_value(initializer, shape, dtype)
        return tf.train.checkpoint.on_variable_created(  # a pending restore; slot bookkeeping
            self, self._make_variable(value, name or "variable", dtype, aggregation))

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped and typed like `reference_variable`, named after it."""
        name = name or "var"
        if hasattr(reference_variable, "path"):
            name = f"{reference_variable.path.replace('/', '_')}_{name}"
        else:
            ref = str(reference_variable.name).replace("/", "_").replace(":", "_")
            name = f"{ref}_{name}"
        return self.add_variable(shape=reference_variable.shape, initializer=initializer,
                                 dtype=reference_variable.dtype, name=name)

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per variable for each name (interleaved per variable, as Keras); a tuple of
        lists when `name` is a list. Variables with `overwrite_with_gradient` get None."""
        names = [name] if isinstance(name, str) else list(name)
        if isinstance(name, str):
            inits = [initializer]
        elif isinstance(initializer, (list, tuple)):
            inits = list(initializer)
        else:
            inits = [initializer] * len(names)
        if len(names) != len(inits):
            raise ValueError(f"The number of provided names must match the number of provided "
                             f"initializers.  Received name='{name}', "
                             f"initializer='{initializer}'")
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            overwrite = getattr(variable, "overwrite_with_gradient", False)
            for i, (slot_name, init) in enumerate(zip(names, inits)):
                slots[i].append(None if overwrite else self.add_variable_from_reference(
                    variable, name=slot_name, initializer=init))
        return slots[0] if isinstance(name, str) else slots

    def _check_variables_are_known(self, variables) -> None:
        for v in variables:
            if self._var_key(v) not in self._trainable_variables_indices:
                raise ValueError(
                    f"Unknown variable: {v}. This optimizer can only be called for the "
                    "variables it was originally built with. When working with a new set of "
                    "variables, you should recreate a new optimizer instance.")

    # --- assignment hooks (subclasses may call them; the value is cast like Keras' TF backend)
    def assign(self, variable, value) -> None:
        variable.assign(cast(value, variable.dtype))

    def assign_add(self, variable, value) -> None:
        variable.assign_add(cast(value, variable.dtype))

    def assign_sub(self, variable, value) -> None:
        variable.assign_sub(cast(value, variable.dtype))

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError

    # --- applying gradients --------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies `(gradient, variable)` pairs; returns the `iterations` variable."""
        grads, trainable_variables = zip(*grads_and_vars)
        self.apply(grads, trainable_variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Updates the variables (those the optimizer was built with when not given) from
        `grads`, in order; None gradients are skipped with a warning."""
        if len(grads) == 0:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first. ")
            if len(grads) != len(self._trainable_variables_indices):
                raise ValueError(
                    "When passing `grads` as a list of gradient tensors, the gradients must "
                    "match `optimizer.variables` one-to-on. Received a list of "
                    f"{len(grads)} gradients, but the optimizer is tracking "
                    f"{len(self._trainable_variables)} trainable variables.")
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
                self.built = True
            self._check_variables_are_known(trainable_variables)
        grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
        grads = _all_reduce_across_replicas(grads)
        grads, trainable_variables = self._overwrite_variables_directly_with_gradients(
            grads, trainable_variables)
        if grads:
            scale = self.loss_scale_factor
            if scale is not None:
                grads = [g if g is None else g / scale for g in grads]
            self._backend_apply_gradients(grads, trainable_variables)
            for variable in trainable_variables:
                if variable.constraint is not None:
                    variable.assign(variable.constraint(variable))
        self._iterations.assign_add(1)

    def _filter_empty_gradients(self, grads, variables):
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        missing = [getattr(v, "path", None) or v.name for g, v in zip(grads, variables)
                   if g is None]
        if missing:
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the "
                          "loss. If using `model.compile()`, did you forget to provide a `loss` "
                          "argument?", stacklevel=3)
        return [g for g, _ in kept], [v for _, v in kept]

    def _overwrite_variables_directly_with_gradients(self, grads, variables):
        """Variables marked `overwrite_with_gradient` take their gradient as new value."""
        if not any(getattr(v, "overwrite_with_gradient", False) for v in variables):
            return grads, variables
        kept_grads, kept_vars = [], []
        for g, v in zip(grads, variables):
            if not getattr(v, "overwrite_with_gradient", False):
                kept_grads.append(g)
                kept_vars.append(v)
            elif self.gradient_accumulation_steps:
                self._overwrite_accumulated(g, v)
            else:
                v.assign(g)
        return kept_grads, kept_vars

    def _overwrite_accumulated(self, g, v) -> None:
        steps = self.gradient_accumulation_steps
        is_update_step = tf.equal(tf.math.floormod(self._iterations + 1, steps), 0)
        acc = self._accumulated_gradients[self._get_variable_index(v)]
        largest = tf.maximum(g, acc)
        v.assign(tf.where(is_update_step, largest, v))
        acc.assign(tf.where(is_update_step, tf.zeros_like(g), largest))

    def _backend_apply_gradients(self, grads, trainable_variables) -> None:
        """Clipping, weight decay and the update steps (every `gradient_accumulation_steps`-th
        call when accumulating), then the moving averages."""
        if self.gradient_accumulation_steps:
            steps = self.gradient_accumulation_steps
            is_update_step = tf.equal(tf.math.floormod(self._iterations + 1, steps), 0)
            acc_grads = [self._accumulated_gradients[self._get_variable_index(v)]
                         for v in trainable_variables]

            def update():
                averaged = [(g + acc) / steps for g, acc in zip(grads, acc_grads)]
                self._clip_decay_update(averaged, trainable_variables)
                self._backend_reset_gradient_accumulators()

            run_cond(is_update_step, update,
                     lambda: self._backend_increment_gradient_accumulators(grads, acc_grads))
        else:
            self._clip_decay_update(grads, trainable_variables)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)
            if self.ema_overwrite_frequency:
                overwrite = tf.equal(
                    tf.math.floormod(self.iterations + 1, self.ema_overwrite_frequency), 0)
                run_cond(overwrite, lambda: self._overwrite_model_variables_with_average_value(
                    self._trainable_variables), lambda: None)

    def _clip_decay_update(self, grads, trainable_variables) -> None:
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(trainable_variables)
        self._backend_update_step(grads, trainable_variables, self.learning_rate)

    def _backend_update_step(self, grads, trainable_variables, learning_rate) -> None:
        object.__setattr__(self, "_scalars", {})
        try:
            for grad, var in zip(grads, trainable_variables):
                self.update_step(grad, var, learning_rate)
        finally:
            object.__setattr__(self, "_scalars", None)

    def _per_step(self, key, compute):
        """`compute()` once per update step and key (scalars shared by the variables of one
        dtype: bias corrections, cast learning rates), so each variable costs only its
        elementwise ops."""
        cache = self._scalars
        if cache is None:
            return compute()
        value = cache.get(key)
        if value is None:
            value = cache[key] = compute()
        return value

    def _backend_reset_gradient_accumulators(self) -> None:
        for acc in self._accumulated_gradients:
            if acc is not None:
                acc.assign(tf.zeros(acc.shape, dtype=acc.dtype))

    def _backend_increment_gradient_accumulators(self, grads, acc_grads) -> None:
        for g, acc in zip(grads, acc_grads):
            acc.assign(g + acc)

    # --- clipping and weight decay -------------------------------------------------------------
    def _clip_gradients(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [self._clip_by_norm(g) if g is not None else g for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            v = self.clipvalue
            return [tf.clip_by_value(g, -v, v) if g is not None else g for g in grads]
        return grads

    def _clip_by_norm(self, values, axes=None):
        return tf.clip_by_norm(values, self.clipnorm, axes)

    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Variables (or those whose name contains one of `var_names`) that skip weight
        decay."""
        self._exclude_from_weight_decay = {self._var_key(v) for v in var_list or ()}
        self._exclude_from_weight_decay_pattern = (
            re.compile("|".join(set(var_names))) if var_names else None)
        self._exclude_from_weight_decay_cache = {}

    def _use_weight_decay(self, variable) -> bool:
        cache = self.__dict__.setdefault("_exclude_from_weight_decay_cache", {})
        key = self._var_key(variable)
        if key not in cache:
            pattern = getattr(self, "_exclude_from_weight_decay_pattern", None)
            cache[key] = not (
                key in getattr(self, "_exclude_from_weight_decay", set())
                or (pattern is not None and re.search(pattern, variable.name) is not None))
        return cache[key]

    def _apply_weight_decay(self, variables) -> None:
        """``variable -= variable * weight_decay * learning_rate`` (decoupled weight decay)."""
        if self.weight_decay is None:
            return
        learning_rate = self.learning_rate  # Keras reads it per variable: the same value
        for variable in variables:
            if self._use_weight_decay(variable):
                lr = cast(learning_rate, variable.dtype)
                wd = scalar_as(self.weight_decay, variable.dtype)
                variable.assign_sub(variable * wd * lr)

    # --- moving averages -----------------------------------------------------------------------
    def _update_model_variables_moving_average(self, trainable_variables) -> None:
        if not self.use_ema:
            return
        not_first_step = tf.not_equal(self.iterations, 0)
        for var, average in zip(trainable_variables, self._model_variables_moving_average):
            if average is not None:
                momentum = tf.cast(not_first_step, var.dtype) * self.ema_momentum
                average.assign(momentum * average + (1 - momentum) * var)

    def _overwrite_model_variables_with_average_value(self, trainable_variables) -> None:
        for var, average in zip(trainable_variables, self._model_variables_moving_average):
            if average is not None:
                var.assign(average)

    def finalize_variable_values(self, var_list) -> None:
        """With EMA, sets the variables to their moving averages (end of training)."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    # --- learning rate -------------------------------------------------------------------------
    @property
    def learning_rate(self):
        return self._get_current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate) -> None:
        previous = self._learning_rate if isinstance(self._learning_rate, Variable) else None
        if isinstance(learning_rate, lr_schedules.LearningRateSchedule) or \
                callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            if isinstance(self._learning_rate, lr_schedules.LearningRateSchedule):
                raise TypeError(
                    "This optimizer was created with a `LearningRateSchedule` object as its "
                    "`learning_rate` constructor argument, hence its learning rate is not "
                    "settable. If you need the learning rate to be settable, you should "
                    "instantiate the optimizer with a float `learning_rate` argument.")
            self._learning_rate.assign(learning_rate)
        if previous is not None and not isinstance(self._learning_rate, Variable):
            self._untrack_variable(previous)

    def _get_current_learning_rate(self):
        if isinstance(self._learning_rate, lr_schedules.LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, Variable):
            return self._learning_rate
        if callable(self._learning_rate):
            return self._learning_rate()
        return self._learning_rate

    # --- weights and configs -------------------------------------------------------------------
    def set_weights(self, weights) -> None:
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`.")
        for variable, weight in zip(self._variables, weights):
            if tuple(variable.shape) != tuple(np.shape(weight)):
                raise ValueError(f"Optimizer variable {self._var_key(variable)} has shape "
                                 f"{variable.shape} not compatible with provided weight shape "
                                 f"{np.shape(weight)}.")
            variable.assign(weight)

    def save_own_variables(self, store) -> None:
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store) -> None:
        if len(store.keys()) != len(self.variables):
            msg = (f"Skipping variable loading for optimizer '{self.name}', because it has "
                   f"{len(self.variables)} variables whereas the saved optimizer has "
                   f"{len(store.keys())} variables. ")
            if not self.variables:
                msg += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(msg, stacklevel=2)
            return
        for i, variable in enumerate(self.variables):
            variable.assign(store[str(i)])

    def scale_loss(self, loss):
        """`loss` times `loss_scale_factor` (when set), before computing gradients."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        raise ValueError("stateless_apply is not supported with the TensorFlow backend (as it "
                         "is incompatible with tf.distribute).")

    def get_config(self) -> dict:
        lr = self._learning_rate
        if isinstance(lr, lr_schedules.LearningRateSchedule):
            learning_rate = lr_schedules.serialize(lr)
        elif isinstance(lr, Variable):
            # the current value, also while a function is traced (TF raises there): a config
            # is Python data, a snapshot that no graph reads back
            learning_rate = float(np.asarray(lr._value))
        elif tf.is_tensor(lr):
            learning_rate = float(lr)
        elif callable(lr):
            learning_rate = serialize_keras_object(lr)
        else:
            learning_rate = 0.5
        return {"name": self.name, "learning_rate": learning_rate,
                "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue,
                "use_ema": self.use_ema, "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = deserialize_keras_object(
                config["learning_rate"], module_objects=lr_schedules.ALL_OBJECTS_DICT,
                custom_objects=custom_objects)
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


_BASE_ARGUMENTS = ("learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm",
                   "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                   "gradient_accumulation_steps", "name")


def base_arguments(scope: dict) -> dict:
    """The base Optimizer's arguments from a subclass constructor's locals (each optimizer
    spells out Keras' full signature, then hands these on)."""
    return {name: scope[name] for name in _BASE_ARGUMENTS}


def _all_reduce_across_replicas(grads: list) -> list:
    """Inside `strategy.run` with several replicas, each replica's gradients are summed over
    all of them first (as TF's optimizers do), so every replica applies the same update."""
    distribute = sys.modules.get("fluxion.distribute")  # only when a strategy is in use
    if distribute is None:
        return grads
    context = distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync <= 1:
        return grads
    return list(context.all_reduce("SUM", list(grads)))
