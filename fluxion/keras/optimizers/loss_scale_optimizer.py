"""`LossScaleOptimizer`: dynamic loss scaling around another optimizer (Keras 3's).

The loss is multiplied by `dynamic_scale` before differentiation, so small float16 gradients
do not underflow; gradients are divided by it again before the inner optimizer applies them.
A step with a non-finite gradient is skipped and halves the scale; `dynamic_growth_steps`
finite steps in a row double it.
"""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.optimizers._util import run_cond
from fluxion.keras.optimizers.base import Optimizer


class LossScaleOptimizer(Optimizer):
    """Wraps `inner_optimizer` with dynamic loss scaling."""

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000,
                 name=None, **kwargs) -> None:
        if not kwargs.pop("dynamic", True):
            raise ValueError("LossScaleOptimizer no longer supports `dynamic=False`. Instead, "
                             "simply set `loss_scale_factor` directly on the `inner_optimizer`.")
        if not isinstance(inner_optimizer, Optimizer):
            raise AttributeError(f"'{type(inner_optimizer).__name__}' object has no attribute "
                                 "'loss_scale_factor'")
        super().__init__(learning_rate=0.0, name=name, **kwargs)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = float(initial_scale)
        self.dynamic_growth_steps = int(dynamic_growth_steps)

    # --- state ---------------------------------------------------------------------------------
    def build(self, var_list) -> None:
        self.step_counter = self._make_variable(np.int64(0), "step_counter", "int64",
                                                "only_first_replica")
        self.dynamic_scale = self._make_variable(np.float32(self.initial_scale),
                                                 "dynamic_scale", "float32",
                                                 "only_first_replica")
        self.inner_optimizer.build(var_list)
        self.inner_optimizer.built = True
        self.built = True

    @property
    def variables(self) -> list:
        return self._variables[:] + self.inner_optimizer.variables

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate) -> None:
        self.inner_optimizer.learning_rate = learning_rate

    # --- scaling -------------------------------------------------------------------------------
    def scale_loss(self, loss):
        """`loss` times the current scale (the initial scale before the first step)."""
        scale = self.dynamic_scale if self.built else self.initial_scale
        if tf.is_tensor(loss) and loss.dtype != tf.float32 and self.built:
            scale = tf.cast(scale, loss.dtype)
        return loss * scale

    def check_finite(self, grads):
        """A boolean tensor: whether every element of every gradient is finite."""
        finite = [tf.reduce_all(tf.math.is_finite(g)) for g in grads if g is not None]
        return tf.reduce_all(tf.stack(finite))

    # --- applying gradients ----------------------------------------------------------------------
    def apply(self, grads, trainable_variables=None) -> None:
        if not self.built:
            if trainable_variables is None:
                raise ValueError("When passing `grads` without `variables`, the optimizer must "
                                 "already be built on a list of variables. Call "
                                 "`optimizer.build(trainable_variables)` first. ")
            self.build(list(trainable_variables))
        grads = list(grads)
        variables = None if trainable_variables is None else list(trainable_variables)
        run_cond(self.check_finite(grads),
                 lambda: self._handle_finite_grads(grads, variables),
                 self._handle_non_finite_grads)

    def _handle_finite_grads(self, grads, variables) -> None:
        scale = self.dynamic_scale
        unscaled = [g if g is None else g / tf.cast(scale, g.dtype) for g in grads]
        self.inner_optimizer.apply(unscaled, variables)

        def upscale():
            self.step_counter.assign(0)
            self.dynamic_scale.assign(self.dynamic_scale * 2.0)

        run_cond(tf.equal(self.step_counter, self.dynamic_growth_steps - 1), upscale,
                 lambda: self.step_counter.assign_add(1))

    def _handle_non_finite_grads(self) -> None:
        self.step_counter.assign(0)
        self.dynamic_scale.assign(self.dynamic_scale / 2.0)

    def finalize_variable_values(self, var_list) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    # --- config --------------------------------------------------------------------------------
    def get_config(self) -> dict:
        from fluxion.keras import optimizers  # noqa: PLC0415

        return {"name": self.name,
                "inner_optimizer": optimizers.serialize(self.inner_optimizer),
                "initial_scale": self.initial_scale,
                "dynamic_growth_steps": self.dynamic_growth_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from fluxion.keras import optimizers  # noqa: PLC0415

        config = dict(config)
        inner = optimizers.deserialize(dict(config.pop("inner_optimizer")),
                                       custom_objects=custom_objects)
        return cls(inner, **config)
