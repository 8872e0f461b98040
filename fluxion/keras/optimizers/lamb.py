"""``keras.optimizers.Lamb`` (layer-wise adaptive Adam) and ``Adafactor`` (factored second
moments)."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.optimizers._util import cast, scalar_as
from fluxion.keras.optimizers.base import Optimizer, base_arguments
from fluxion.keras.variables import KerasVariable


class Lamb(Optimizer):
    """Adam's bias-corrected direction, scaled per variable by ``||w|| / ||update||``."""

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
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])

    def _corrections(self, dtype):
        local_step = tf.cast(self.iterations + 1, dtype)
        beta_1_power = tf.pow(scalar_as(self.beta_1, dtype), local_step)
        beta_2_power = tf.pow(scalar_as(self.beta_2, dtype), local_step)
        return 1.0 - beta_1_power, 1.0 - beta_2_power

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        correction_1, correction_2 = self._per_step(("lamb", dtype),
                                                    lambda: self._corrections(dtype))
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        m.assign_add((gradient - m) * (1 - self.beta_1))
        v.assign_add((tf.square(gradient) - v) * (1 - self.beta_2))
        update = (m / correction_1) / (tf.sqrt(v / correction_2) + self.epsilon)
        w_norm = tf.sqrt(tf.reduce_sum(tf.pow(variable, 2)))
        g_norm = tf.sqrt(tf.reduce_sum(tf.pow(update, 2)))
        one = tf.ones_like(w_norm)
        ratio = tf.where(tf.greater(w_norm, 0),
                         tf.where(tf.greater(g_norm, 0), w_norm / g_norm, one), one)
        variable.assign_sub(ratio * lr * update)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config


def _rms(x):
    return tf.sqrt(tf.reduce_mean(tf.square(x)))


class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern 2018): second moments of matrices kept as row and column
    averages over the last two dimensions; relative step sizes."""

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                 clip_threshold=1.0, relative_step=True, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in var_list:
            overwrite = getattr(var, "overwrite_with_gradient", False)
            shape = tuple(var.shape)
            if len(shape) < 2:  # not factored: placeholders keep the lists aligned
                for slots in (self._r, self._c):
                    slots.append(self._placeholder(var.name))
            elif overwrite:
                self._r.append(None)
                self._c.append(None)
            else:  # the last two dimensions are factored
                self._r.append(self.add_variable(shape[:-1], dtype=var.dtype, name=var.name))
                self._c.append(self.add_variable(shape[:-2] + shape[-1:], dtype=var.dtype,
                                                 name=var.name))
            self._v.append(None if overwrite else self.add_variable_from_reference(
                var, name="velocity"))

    def _placeholder(self, name: str):
        variable = KerasVariable(np.int32(0), name=name, path=name, trainable=False)
        self._track_variable(variable)
        return variable

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        epsilon_2 = tf.cast(self.epsilon_2, dtype)
        one = tf.cast(1.0, dtype)
        local_step = tf.cast(self.iterations + 1, dtype)
        if not callable(self._learning_rate) and self.relative_step:
            lr = tf.minimum(lr, 1 / tf.sqrt(local_step))
        index = self._get_variable_index(variable)
        r, c, v = self._r[index], self._c[index], self._v[index]
        rho_t = tf.minimum(lr, 1 / tf.sqrt(local_step))
        alpha_t = tf.maximum(epsilon_2, _rms(variable)) * rho_t
        regulated_grad_square = tf.square(gradient) + self.epsilon_1
        beta_2_t = 1 - tf.pow(local_step, self.beta_2_decay)
        if len(variable.shape) >= 2:
            r.assign(beta_2_t * r
                     + (1 - beta_2_t) * tf.reduce_mean(regulated_grad_square, axis=-1))
            c.assign(beta_2_t * c
                     + (1 - beta_2_t) * tf.reduce_mean(regulated_grad_square, axis=-2))
            row = tf.expand_dims(r / tf.reduce_mean(r, axis=-1, keepdims=True), axis=-1)
            v.assign(row * tf.expand_dims(c, -2))
        else:
            v.assign(beta_2_t * v + (1 - beta_2_t) * regulated_grad_square)
        u_t = gradient / tf.sqrt(v)
        u_t_hat = u_t / tf.maximum(one, _rms(u_t) / self.clip_threshold)
        variable.assign_sub(alpha_t * u_t_hat)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_2_decay": self.beta_2_decay, "epsilon_1": self.epsilon_1,
                       "epsilon_2": self.epsilon_2, "clip_threshold": self.clip_threshold,
                       "relative_step": self.relative_step})
        return config
