"""``tf.train.ExponentialMovingAverage``: shadow copies of variables that follow them with
shadow = decay * shadow + (1 - decay) * value on each `apply` (in graphs too)."""
from __future__ import annotations

from fluxion.core import dtypes
from fluxion.core.tensor import convert_to_tensor
from fluxion.core.variable import Variable

__all__ = ["ExponentialMovingAverage"]


class ExponentialMovingAverage:
    """Keeps exponential moving averages of variables.

    With `num_updates` (a counter the caller advances), the decay used is
    min(decay, (1 + num_updates) / (10 + num_updates)), so early averages move faster.
    `zero_debias` only concerns averages of non-variable tensors in TF; variables' averages
    start at the variables' values, so it changes nothing here.
    """

    def __init__(self, decay, num_updates=None, zero_debias=False,
                 name="ExponentialMovingAverage") -> None:
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages: dict[int, Variable] = {}

    @property
    def name(self) -> str:
        return self._name

    def _decay_tensor(self, dtype):
        from fluxion.ops import math_ops  # noqa: PLC0415

        decay = convert_to_tensor(self._decay, dtype=dtypes.float32)
        if self._num_updates is not None:
            n = math_ops.cast(convert_to_tensor(self._num_updates), dtypes.float32)
            decay = math_ops.minimum(decay, (1.0 + n) / (10.0 + n))
        return math_ops.cast(decay, dtype)

    def apply(self, var_list=None):
        """Creates the averages of new variables (starting at their values), then moves every
        average one step towards its variable."""
        from fluxion.extras import init_scope  # noqa: PLC0415

        variables = list(var_list or [])
        for v in variables:
            if not isinstance(v, Variable):
                raise TypeError(f"ExponentialMovingAverage.apply: only Variables are supported "
                                f"here, got {type(v).__name__}")
            if not v.dtype.is_floating:
                raise TypeError(f"The variables must be half, float, or double: {v.name}")
            if id(v) not in self._averages:
                with init_scope():  # made once, outside any graph being traced
                    self._averages[id(v)] = Variable(v.read_value(), trainable=False,
                                                     name=self.average_name(v))
        for v in variables:
            average = self._averages[id(v)]
            decay = self._decay_tensor(v.dtype)
            average.assign_sub((1.0 - decay) * (average - v))

    def average(self, var):
        """The shadow variable of `var` (None before `apply` saw it)."""
        return self._averages.get(id(var))

    def average_name(self, var) -> str:
        base = var.name[:-2] if var.name.endswith(":0") else var.name
        return f"{base}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None) -> dict:
        """Checkpoint names -> variables, so that a restore loads averages into them."""
        return {self.average_name(v): v for v in (moving_avg_variables or [])}
