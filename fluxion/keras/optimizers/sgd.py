"""``keras.optimizers.SGD``: gradient descent, optionally with (Nesterov) momentum."""
from __future__ import annotations

from fluxion.keras.optimizers._util import cast, scalar_as
from fluxion.keras.optimizers.base import Optimizer, base_arguments


class SGD(Optimizer):
    """``velocity = momentum * velocity - lr * g; w += velocity`` (``w -= lr * g`` without
    momentum; Nesterov adds ``momentum * velocity - lr * g`` instead)."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs) -> None:
        super().__init__(**base_arguments(locals()), **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = cast(learning_rate, dtype)
        gradient = cast(gradient, dtype)
        step = gradient * lr
        if self.momentum != 0:
            m = self.momentums[self._get_variable_index(variable)]
            momentum = scalar_as(self.momentum, dtype)
            m.assign(m * momentum - step)
            if self.nesterov:
                variable.assign_add(m * momentum - step)
            else:
                variable.assign_add(m)
        else:
            variable.assign_sub(step)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
