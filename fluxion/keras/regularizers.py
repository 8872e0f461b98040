"""``tf.keras.regularizers``: weight penalties (L1, L2, L1L2, OrthogonalRegularizer) with
Keras 3's formulas, `get`, `serialize`, `deserialize`. `regularizer(x)` is a scalar tensor in
x's dtype, computed with fluxion ops (eagerly, in graphs and under GradientTape)."""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.utils.naming import to_snake_case
from fluxion.keras.utils.serialization import (deserialize_keras_object, get_object,
                                               serialize_keras_object)


def validate_float_arg(value, name: str) -> float:
    """`value` as a float; ValueError unless it is a finite, non-negative number."""
    if (not isinstance(value, (float, int)) or math.isinf(value) or math.isnan(value)
            or value < 0):
        raise ValueError(f"Invalid value for argument {name}: expected a non-negative float."
                         f"Received: {name}={value}")
    return float(value)


def _tensor(x):
    return x if tf.is_tensor(x) else tf.convert_to_tensor(x)


class Regularizer:
    """Base class: `regularizer(x)` returns the penalty for weights `x`."""

    _keras_module = "keras.regularizers"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("fluxion."):  # user subclasses name their own module
            cls._keras_module = cls.__module__

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def get_config(self) -> dict:
        raise NotImplementedError(f"{self} does not implement get_config()")


class L1L2(Regularizer):
    """l1 * sum(|x|) + l2 * sum(x^2); both factors default to 0."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, name="l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x):
        x = _tensor(x)
        penalty = tf.zeros([], x.dtype)
        if self.l1 != 0.0:
            penalty += tf.cast(self.l1, x.dtype) * tf.reduce_sum(tf.abs(x))
        if self.l2 != 0.0:
            penalty += tf.cast(self.l2, x.dtype) * tf.reduce_sum(tf.square(x))
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """l1 * sum(|x|). As in Keras, `l1` is held as a float32 tensor (so its config reads
    back the float32-rounded value)."""

    def __init__(self, l1=0.01):
        self.l1 = tf.convert_to_tensor(validate_float_arg(0.01 if l1 is None else l1, "l1"))

    def __call__(self, x):
        x = _tensor(x)
        return tf.cast(self.l1, x.dtype) * tf.reduce_sum(tf.abs(x))

    def get_config(self) -> dict:
        return {"l1": float(self.l1)}


class L2(Regularizer):
    """l2 * sum(x^2)."""

    def __init__(self, l2=0.01):
        self.l2 = validate_float_arg(0.01 if l2 is None else l2, name="l2")

    def __call__(self, x):
        x = _tensor(x)
        return tf.cast(self.l2, x.dtype) * tf.reduce_sum(tf.square(x))

    def get_config(self) -> dict:
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Penalises non-orthogonal rows (or columns) of a 2-D weight:
    factor * 0.5 * sum(|offdiag(N N^T)|) / (n (n - 1) / 2), N the L2-normalised rows."""

    def __init__(self, factor=0.01, mode="rows"):
        validate_float_arg(factor, name="factor")
        self.factor = tf.convert_to_tensor(float(factor))
        if mode not in {"rows", "columns"}:
            raise ValueError(f'Invalid value for argument `mode`. Expected one of '
                             f'{{"rows", "columns"}}. Received: mode={mode}')
        self.mode = mode

    def __call__(self, inputs):
        inputs = _tensor(inputs)
        if inputs.shape.rank != 2:
            raise ValueError(f"Inputs to OrthogonalRegularizer must have rank 2. Received: "
                             f"inputs.shape={tuple(inputs.shape)}")
        if self.mode == "rows":
            normed = _l2_normalize(inputs, axis=1)
            product = tf.matmul(normed, normed, transpose_b=True)
            size = inputs.shape[0]
        else:
            normed = _l2_normalize(inputs, axis=0)
            product = tf.matmul(normed, normed, transpose_a=True)
            size = inputs.shape[1]
        off_diagonal = product * (1.0 - tf.eye(size, dtype=inputs.dtype))
        num_pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * tf.reduce_sum(tf.abs(off_diagonal)) / num_pairs

    def get_config(self) -> dict:
        return {"factor": float(self.factor), "mode": self.mode}


def _l2_normalize(x, axis):
    """x / max(||x||, epsilon) along `axis`, as keras.ops.normalize (x * min(rsqrt, 1/eps))."""
    inv_norm = tf.math.rsqrt(tf.reduce_sum(tf.square(x), axis=axis, keepdims=True))
    return x * tf.minimum(inv_norm, 1.0 / backend.epsilon())


# --- identifiers ---------------------------------------------------------------------------------
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer

ALL_OBJECTS = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})


def serialize(regularizer):
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """The regularizer a name or config describes (built-in, registered or custom)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="regularizer")


def get(identifier):
    """A regularizer from None, a name, a config dict, a class or a callable."""
    return get_object(identifier, ALL_OBJECTS_DICT, "regularizer")


__all__ = ["L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "deserialize", "get",
           "l1", "l1_l2", "l2", "orthogonal_regularizer", "serialize"]
