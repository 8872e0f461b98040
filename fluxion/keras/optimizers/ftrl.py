"""``keras.optimizers.Ftrl`` (follow the regularized leader) and ``Lion``."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.optimizers._util import Constant, cast
from fluxion.keras.optimizers.base import Optimizer, base_arguments


class Ftrl(Optimizer):
    """FTRL-proximal (McMahan et al. 2013) with L1, L2 and L2-shrinkage regularization."""

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, l2_shrinkage_regularization_strength=0.0,
                 beta=0.0, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        _check_nonnegative("initial_accumulator_value", initial_accumulator_value,
                           "needs to be positive or zero")
        if learning_rate_power > 0.0:
            raise ValueError("`learning_rate_power` needs to be negative or zero. Received: "
                             f"learning_rate_power={learning_rate_power}.")
        _check_nonnegative("l1_regularization_strength", l1_regularization_strength)
        _check_nonnegative("l2_regularization_strength", l2_regularization_strength)
        _check_nonnegative("l2_shrinkage_regularization_strength",
                           l2_shrinkage_regularization_strength)
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"],
            initializer=[Constant(self.initial_accumulator_value), "zeros"])

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        index = self._get_variable_index(variable)
        accum = self._accumulators[index]
        linear = self._linears[index]
        lr_power = self.learning_rate_power
        l2_reg = self.l2_regularization_strength + self.beta / (2.0 * lr)
        grad_to_use = gradient + 2 * self.l2_shrinkage_regularization_strength * variable
        new_accum = accum + tf.square(gradient)
        new_accum_power = tf.pow(new_accum, -lr_power)
        sigma = (new_accum_power - tf.pow(accum, -lr_power)) / lr
        linear.assign_add(grad_to_use - sigma * variable)
        quadratic = new_accum_power / lr + 2 * l2_reg
        l1 = self.l1_regularization_strength
        linear_clipped = tf.clip_by_value(linear, -l1, l1)
        variable.assign((linear_clipped - linear) / quadratic)
        accum.assign(new_accum)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta})
        return config


def _check_nonnegative(arg: str, value, what: str = "needs to be positive or zero") -> None:
    if value < 0.0:
        raise ValueError(f"`{arg}` {what}. Received: {arg}={value}.")


class Lion(Optimizer):
    """``w -= lr * sign(beta_1 m + (1 - beta_1) g)``; ``m = beta_2 m + (1 - beta_2) g``."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError("Argument `beta_1` must be in the [0, 1] range. Otherwise, the "
                             f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}.")

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def _betas(self, dtype):
        beta_1 = tf.cast(self.beta_1, dtype)
        beta_2 = tf.cast(self.beta_2, dtype)
        return beta_1, 1.0 - beta_1, beta_2, 1.0 - beta_2

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        beta_1, one_minus_b1, beta_2, one_minus_b2 = self._per_step(
            ("lion", dtype), lambda: self._betas(dtype))
        m = self._momentums[self._get_variable_index(variable)]
        variable.assign_sub(lr * tf.sign(m * beta_1 + gradient * one_minus_b1))
        m.assign(m * beta_2 + gradient * one_minus_b2)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
