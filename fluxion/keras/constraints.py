"""``tf.keras.constraints``: projections applied to weights after each optimizer update
(MaxNorm, NonNeg, UnitNorm, MinMaxNorm) with Keras 3's formulas, `get`, `serialize`,
`deserialize`. Norms are divided with backend.epsilon() added, exactly as Keras does."""
from __future__ import annotations


import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.utils.naming import to_snake_case
from fluxion.keras.utils.serialization import (deserialize_keras_object, get_object,
                                               serialize_keras_object)


def _tensor(w):
    return w if tf.is_tensor(w) else tf.convert_to_tensor(w)


def _norms(w, axis):
    """L2 norms along `axis` (kept as size-1 dims); integer weights give floatx norms."""
    squares = tf.reduce_sum(tf.square(w), axis=axis, keepdims=True)
    if not squares.dtype.is_floating:
        squares = tf.cast(squares, backend.floatx())
    return tf.sqrt(squares)


def _scalar(value):
    """Python numbers stay Python (they take the norms' dtype); tensors pass through."""
    return float(value) if isinstance(value, (int, float)) else value


class Constraint:
    """Base class: `constraint(w)` returns the projected weights (the identity here)."""

    _keras_module = "keras.constraints"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("fluxion."):  # user subclasses name their own module
            cls._keras_module = cls.__module__

    def __call__(self, w):
        return w

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales slices along `axis` whose L2 norm exceeds `max_value`:
    w * clip(norm, 0, max_value) / (epsilon + norm)."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = _tensor(w)
        norms = _norms(w, self.axis)
        desired = tf.clip_by_value(norms, 0.0, _scalar(self.max_value))
        return tf.cast(w, norms.dtype) * (desired / (backend.epsilon() + norms))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """max(w, 0)."""

    def __call__(self, w):
        return tf.maximum(_tensor(w), 0)


class UnitNorm(Constraint):
    """w / (epsilon + norm) along `axis`."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _tensor(w)
        norms = _norms(w, self.axis)
        return tf.cast(w, norms.dtype) / (backend.epsilon() + norms)

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves norms along `axis` toward [min_value, max_value] by `rate`:
    desired = rate * clip(norm, min, max) + (1 - rate) * norm;
    w * desired / (epsilon + norm)."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = _tensor(w)
        norms = _norms(w, self.axis)
        clipped = tf.clip_by_value(norms, _scalar(self.min_value), _scalar(self.max_value))
        desired = _scalar(self.rate) * clipped + (1 - _scalar(self.rate)) * norms
        return tf.cast(w, norms.dtype) * (desired / (backend.epsilon() + norms))

    def get_config(self) -> dict:
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


# --- identifiers ---------------------------------------------------------------------------------
max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm

ALL_OBJECTS = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})


def serialize(constraint):
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """The constraint a name or config describes (built-in, registered or custom)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="constraint")


def get(identifier):
    """A constraint from None, a name, a config dict, a class or a callable."""
    return get_object(identifier, ALL_OBJECTS_DICT, "constraint")


__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get",
           "max_norm", "min_max_norm", "non_neg", "serialize", "unit_norm"]
