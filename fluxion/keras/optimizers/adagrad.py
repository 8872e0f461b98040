"""``keras.optimizers.Adagrad`` and ``Adadelta``."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.optimizers._util import Constant, cast
from fluxion.keras.optimizers.base import Optimizer, base_arguments


class Adagrad(Optimizer):
    """``acc += g^2``; ``w -= lr g / sqrt(acc + epsilon)``."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=Constant(self.initial_accumulator_value))

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        accumulator.assign_add(tf.square(gradient))
        variable.assign_sub((lr * gradient) / tf.sqrt(accumulator + self.epsilon))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config


class Adadelta(Optimizer):
    """Running averages of squared gradients and squared updates set each coordinate's step:
    ``delta = -sqrt(acc_delta + eps) / sqrt(acc_grad + eps) * g``; ``w += lr * delta``."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])

    def update_step(self, grad, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        grad = cast(grad, dtype)
        rho = self.rho
        index = self._get_variable_index(variable)
        accumulated_grad = self._accumulated_grads[index]
        accumulated_delta_var = self._accumulated_delta_vars[index]
        accumulated_grad.assign(rho * accumulated_grad + (1 - rho) * tf.square(grad))
        delta_var = -((tf.sqrt(accumulated_delta_var + self.epsilon) * grad)
                      / tf.sqrt(accumulated_grad + self.epsilon))
        accumulated_delta_var.assign(rho * accumulated_delta_var
                                     + (1 - rho) * tf.square(delta_var))
        variable.assign_add(lr * delta_var)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
