"""``keras.optimizers.Adam`` and ``AdamW`` (Adam with decoupled weight decay)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.optimizers._util import cast, scalar_as
from fluxion.keras.optimizers.base import Optimizer, base_arguments


class Adam(Optimizer):
    """Adam in Keras 3's form: ``alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)``,
    ``m += (g - m)(1 - beta_1)``, ``v += (g^2 - v)(1 - beta_2)``,
    ``w -= m * alpha / (sqrt(v) + epsilon)`` (AMSGrad: the running max of v)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def _alpha(self, lr, dtype):
        """The bias-corrected step size of this iteration (one per step and dtype)."""
        local_step = tf.cast(self.iterations + 1, dtype)
        beta_1_power = tf.pow(scalar_as(self.beta_1, dtype), local_step)
        beta_2_power = tf.pow(scalar_as(self.beta_2, dtype), local_step)
        return lr * tf.sqrt(1 - beta_2_power) / (1 - beta_1_power)

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        alpha = self._per_step(("alpha", dtype), lambda: self._alpha(lr, dtype))
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        m.assign_add((gradient - m) * (1 - self.beta_1))
        v.assign_add((tf.square(gradient) - v) * (1 - self.beta_2))
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            v_hat.assign(tf.maximum(v_hat, v))
            v = v_hat
        variable.assign_sub((m * alpha) / (tf.sqrt(v) + self.epsilon))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                       "amsgrad": self.amsgrad})
        return config


class AdamW(Adam):
    """Adam with decoupled weight decay: ``w -= w * weight_decay * lr`` before each step."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, amsgrad=amsgrad, name=name,
                         weight_decay=weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
                         global_clipnorm=global_clipnorm, use_ema=use_ema,
                         ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: "
                             "weight_decay=None")
