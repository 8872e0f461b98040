"""``keras.optimizers.schedules``: learning rates as functions of the optimizer step.

Each schedule computes with public ops (the step is usually the optimizer's int64 `iterations`
variable), so it works eagerly and inside a traced function, in Keras' exact arithmetic order.
"""
from __future__ import annotations

import math

import numpy as np

import fluxion as tf
from fluxion.keras.utils.serialization import deserialize_keras_object, serialize_keras_object


class LearningRateSchedule:
    """Base class: subclasses implement ``__call__(step)`` and `get_config`."""

    _keras_module = "keras.optimizers.schedules"

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must "
                                  "override `__call__(self, step)`.")

    def get_config(self) -> dict:
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must "
                                  "override `get_config()` in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_steps(value, arg: str = "decay_steps") -> None:
    if value <= 0:
        raise ValueError(f"Argument `{arg}` must be > 0. Received: {arg}={value}")


def _start(initial_learning_rate, step):
    """The initial rate as a tensor (its dtype is the schedule's) and the step in that dtype."""
    initial = tf.convert_to_tensor(initial_learning_rate)
    return initial, tf.cast(step, initial.dtype)


class _StepDecay(LearningRateSchedule):
    """Shared by the decays of `step / decay_steps` (floored when `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name=None) -> None:
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_steps(decay_steps)

    def _progress(self, step):
        initial, step = _start(self.initial_learning_rate, step)
        p = step / tf.cast(self.decay_steps, initial.dtype)
        return initial, tf.floor(p) if self.staircase else p

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class ExponentialDecay(_StepDecay):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)`` (floored if staircase)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay") -> None:
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        initial, p = self._progress(step)
        return initial * tf.pow(tf.cast(self.decay_rate, initial.dtype), p)


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[i]`` for ``boundaries[i-1] < step <= boundaries[i]``."""

    def __init__(self, boundaries, values, name="PiecewiseConstant") -> None:
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}.")
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = tf.convert_to_tensor(step)
        boundaries = [tf.convert_to_tensor(b) for b in self.boundaries]
        boundaries = [b if b.dtype == step.dtype else tf.cast(b, step.dtype) for b in boundaries]
        values = [tf.convert_to_tensor(v) for v in self.values]
        dtype = values[0].dtype
        result = tf.cast(step <= boundaries[0], dtype) * values[0]
        result = result + tf.cast(step > boundaries[-1], dtype) * values[-1]
        for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            in_range = tf.logical_and(step > low, step <= high)
            result = result + tf.cast(in_range, dtype) * value
        return result

    def get_config(self) -> dict:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """From `initial_learning_rate` to `end_learning_rate` along ``(1 - step/decay_steps) **
    power``; with `cycle`, decay_steps grows to the next multiple past the step."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay") -> None:
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_steps(decay_steps)

    def __call__(self, step):
        initial, step = _start(self.initial_learning_rate, step)
        dtype = initial.dtype
        end = tf.cast(self.end_learning_rate, dtype)
        power = tf.cast(self.power, dtype)
        decay_steps = tf.cast(self.decay_steps, dtype)
        if self.cycle:
            multiplier = tf.where(tf.equal(step, 0), tf.ones_like(step),
                                  tf.math.ceil(step / self.decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = tf.minimum(step, decay_steps)
        p = step / decay_steps
        return (initial - end) * tf.pow(1 - p, power) + end

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "end_learning_rate": self.end_learning_rate,
                "power": self.power, "cycle": self.cycle, "name": self.name}


class InverseTimeDecay(_StepDecay):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay") -> None:
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        initial, p = self._progress(step)
        one = tf.cast(1, initial.dtype)
        return initial / (one + tf.cast(self.decay_rate, initial.dtype) * p)


def _cosine(step, decay_steps, decay_from, alpha, dtype):
    fraction = step / decay_steps
    pi = tf.constant(math.pi, dtype=dtype)
    cosine_decayed = 0.5 * (1.0 + tf.cos(pi * fraction))
    return decay_from * ((1 - alpha) * cosine_decayed + alpha)


class CosineDecay(LearningRateSchedule):
    """Cosine decay from the initial rate (or, after a linear warmup of `warmup_steps`, from
    `warmup_target`) to ``alpha`` times it over `decay_steps`."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0) -> None:
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_steps(decay_steps)

    def __call__(self, step):
        initial, step = _start(self.initial_learning_rate, step)
        dtype = initial.dtype
        decay_steps = tf.cast(self.decay_steps, dtype)
        if self.warmup_target is None:
            step = tf.minimum(step, decay_steps)
            return _cosine(step, decay_steps, initial, self.alpha, dtype)
        target = tf.cast(self.warmup_target, dtype)
        warmup_steps = tf.cast(self.warmup_steps, dtype)
        step = tf.minimum(step, decay_steps + warmup_steps)

        def warmup():
            return (target - initial) * (step / warmup_steps) + initial

        def decay():
            return _cosine(step - warmup_steps, decay_steps, target, self.alpha, dtype)

        return tf.cond(step < warmup_steps, warmup, decay)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "alpha": self.alpha, "name": self.name,
                "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): periods grow by `t_mul`, peaks by `m_mul`."""

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay") -> None:
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_steps(first_decay_steps, "first_decay_steps")

    def __call__(self, step):
        initial, step = _start(self.initial_learning_rate, step)
        dtype = initial.dtype
        alpha = tf.cast(self.alpha, dtype)
        t_mul = tf.cast(self._t_mul, dtype)
        fraction = step / tf.cast(self.first_decay_steps, dtype)
        # Keras branches with a cond on the constant `t_mul == 1`: decided here once
        if np.asarray(t_mul._value) == 1:
            i_restart = tf.floor(fraction)
            fraction = fraction - i_restart
        else:
            i_restart = tf.floor(tf.math.log(1.0 - fraction * (1.0 - t_mul)) / tf.math.log(t_mul))
            sum_r = (1.0 - tf.pow(t_mul, i_restart)) / (1.0 - t_mul)
            fraction = (fraction - sum_r) / tf.pow(t_mul, i_restart)
        m_fac = tf.pow(tf.cast(self._m_mul, dtype), i_restart)
        pi = tf.constant(math.pi, dtype=dtype)
        cosine_decayed = 0.5 * m_fac * (1.0 + tf.cos(pi * fraction))
        return initial * ((1 - alpha) * cosine_decayed + alpha)

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self._t_mul,
                "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}


ALL_OBJECTS_DICT = {cls.__name__: cls for cls in (
    LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay,
    InverseTimeDecay, CosineDecay, CosineDecayRestarts)}


def serialize(learning_rate_schedule):
    """The schedule's Keras config dict (module, class_name, config, registered_name)."""
    return serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule a config (or registered name) describes."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="decay")


__all__ = ["CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay",
           "LearningRateSchedule", "PiecewiseConstantDecay", "PolynomialDecay", "deserialize",
           "serialize"]
