"""``keras.optimizers.Adamax`` and ``Nadam``: Adam variants (infinity norm; Nesterov)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.optimizers._util import cast, scalar_as
from fluxion.keras.optimizers.base import Optimizer, base_arguments
from fluxion.keras.utils import naming


class Adamax(Optimizer):
    """``m += (g - m)(1 - beta_1)``; ``u = max(beta_2 u, |g|)``;
    ``w -= lr m / ((1 - beta_1^t)(u + epsilon))``."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def _correction(self, dtype):
        local_step = tf.cast(self.iterations + 1, dtype)
        return 1 - tf.pow(scalar_as(self.beta_1, dtype), local_step)

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        correction = self._per_step(("adamax", dtype), lambda: self._correction(dtype))
        index = self._get_variable_index(variable)
        m = self._m[index]
        u = self._u[index]
        m.assign_add((gradient - m) * (1 - self.beta_1))
        u.assign(tf.maximum(self.beta_2 * u, tf.abs(gradient)))
        variable.assign_sub((lr * m) / (correction * (u + self.epsilon)))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config


class Nadam(Optimizer):
    """Adam with Nesterov momentum and Dozat's momentum schedule
    ``u_t = beta_1 (1 - 0.5 * 0.96^t)``."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        if self.built:
            return
        dtype = var_list[0].dtype if var_list else None
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        # an unnamed Keras variable: "variable", "variable_1", ...
        self._u_product = self._make_variable(1.0, naming.uniquify("variable"),
                                              dtype or "float32")

    def _backend_update_step(self, grads, trainable_variables, learning_rate) -> None:
        dtype = self._u_product.dtype
        decay = 1.0 - 0.5 * tf.pow(0.96, tf.cast(self.iterations + 1, dtype))
        self._u_product.assign(self._u_product * self.beta_1 * decay)
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def _scalars_for(self, dtype):
        """u_t, u_{t+1}, 1 - prod(u)_t, 1 - prod(u)_{t+1}, 1 - beta_2^t, 1 - beta_1, 1 - beta_2
        as tensors of `dtype`, in Keras' arithmetic."""
        local_step = tf.cast(self.iterations + 1, dtype)
        next_step = tf.cast(self.iterations + 2, dtype)
        decay = tf.cast(0.96, dtype)
        beta_1 = tf.cast(self.beta_1, dtype)
        beta_2 = tf.cast(self.beta_2, dtype)
        u_t = beta_1 * (1.0 - 0.5 * tf.pow(decay, local_step))
        u_t_1 = beta_1 * (1.0 - 0.5 * tf.pow(decay, next_step))
        u_product_t = cast(self._u_product, dtype)
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = tf.pow(beta_2, local_step)
        return (u_t_1, 1 - u_product_t_1, 1 - u_t, 1 - u_product_t, 1 - beta_2_power,
                1 - beta_1, 1 - beta_2)

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        (u_t_1, one_minus_up_1, one_minus_u_t, one_minus_up, one_minus_b2p, one_minus_b1,
         one_minus_b2) = self._per_step(("nadam", dtype), lambda: self._scalars_for(dtype))
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        m.assign_add((gradient - m) * one_minus_b1)
        v.assign_add((tf.square(gradient) - v) * one_minus_b2)
        m_hat = (u_t_1 * m) / one_minus_up_1 + (one_minus_u_t * gradient) / one_minus_up
        v_hat = v / one_minus_b2p
        variable.assign_sub((m_hat * lr) / (tf.sqrt(v_hat) + self.epsilon))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
