"""``tf.keras.initializers``: Keras 3's weight initializers, `get`, `serialize`, `deserialize`.

Random initializers draw with fluxion's *stateless* random ops, as Keras 3 does: an integer
seed gives the same values on every call (and for every initializer built with that seed); an
unseeded initializer picks a seed from Python's `random` module when it is built, so each
instance is deterministic and two instances differ.
"""
from __future__ import annotations

import inspect
import math
import random as _pyrandom

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.utils.naming import to_snake_case
from fluxion.keras.utils.serialization import (deserialize_keras_object, get_registered_object,
                                               serialize_keras_object)

_TRUNCATED_STDDEV = 0.87962566103423978  # stddev of a unit normal truncated to [-2, 2]
_SEED_MODULUS = 2**31 - 2  # Keras folds seeds into int32 with floormod(seed, int32.max - 1)


def _dtype(dtype):
    return tf.as_dtype(backend.floatx() if dtype is None else dtype)


def _shape(shape) -> tuple:
    if isinstance(shape, tf.TensorShape):
        shape = shape.as_list()
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


class Initializer:
    """Base class: `initializer(shape, dtype=None)` returns a tensor of that shape."""

    _keras_module = "keras.initializers"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("fluxion."):  # user subclasses name their own module
            cls._keras_module = cls.__module__

    def __call__(self, shape, dtype=None):
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` "
                                  "method.")

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def clone(self):
        return self.__class__.from_config(self.get_config())


# --- constants -----------------------------------------------------------------------------------
class Zeros(Initializer):
    def __call__(self, shape, dtype=None):
        return tf.zeros(_shape(shape), _dtype(dtype))


class Ones(Initializer):
    def __call__(self, shape, dtype=None):
        return tf.ones(_shape(shape), _dtype(dtype))


def _value_config(value):
    """Keras' JSON form of a constant: NumPy arrays and tensors as tagged nested lists."""
    if isinstance(value, (np.ndarray, np.generic)):
        return {"class_name": "__numpy__",
                "config": {"value": value.tolist(), "dtype": str(value.dtype)}}
    if tf.is_tensor(value):
        return {"class_name": "__tensor__",
                "config": {"value": np.asarray(value).tolist(), "dtype": value.dtype.name}}
    return serialize_keras_object(value)


def _value_from_config(config):
    if isinstance(config, dict) and config.get("class_name") == "__numpy__":
        return np.array(config["config"]["value"], dtype=config["config"]["dtype"])
    if isinstance(config, dict) and config.get("class_name") == "__tensor__":
        return tf.constant(config["config"]["value"], dtype=config["config"]["dtype"])
    return config


class Constant(Initializer):
    """Fills with `value` (a scalar, or anything that broadcasts to the shape)."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        value = tf.cast(self.value if tf.is_tensor(self.value)
                        else tf.convert_to_tensor(self.value), dtype)
        return value * tf.ones(_shape(shape), dtype)

    def get_config(self) -> dict:
        return {"value": _value_config(self.value)}

    @classmethod
    def from_config(cls, config: dict):
        return cls(_value_from_config(config.get("value", 0.0)))


class Identity(Initializer):
    """`gain` times the identity matrix (2-D shapes only).

    As in Keras 3.15, `gain` is not part of the config.
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices. "
                             f"Received: shape={shape} of rank {len(shape)}.")
        return self.gain * tf.eye(*shape, dtype=_dtype(dtype))


# --- random --------------------------------------------------------------------------------------
class RandomInitializer(Initializer):
    """Holds the seed: an int (drawn when None) or a seed generator with `next()`."""

    def __init__(self, seed=None):
        self._init_seed = seed
        if seed is None:
            seed = _pyrandom.randint(1, int(1e9))
        elif isinstance(seed, dict):
            seed = deserialize_keras_object(seed)
        elif not isinstance(seed, int) and not callable(getattr(seed, "next", None)):
            raise ValueError(f"`seed` argument should be an instance of "
                             f"`keras.random.SeedGenerator()` or an integer. Received: "
                             f"seed={seed}")
        self.seed = seed

    def _draw_seed(self):
        """The [2] int32 seed of the stateless ops: (seed, 0), as Keras draws it."""
        if isinstance(self.seed, int):
            return tf.constant([self.seed % _SEED_MODULUS, 0], tf.int32)
        return tf.cast(tf.math.floormod(self.seed.next(), _SEED_MODULUS), tf.int32)

    def get_config(self) -> dict:
        return {"seed": serialize_keras_object(self._init_seed)}


class RandomNormal(RandomInitializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return tf.random.stateless_normal(_shape(shape), self._draw_seed(), mean=self.mean,
                                          stddev=self.stddev, dtype=_dtype(dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Normal values, those beyond two standard deviations redrawn."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return tf.random.stateless_truncated_normal(_shape(shape), self._draw_seed(),
                                                    mean=self.mean, stddev=self.stddev,
                                                    dtype=_dtype(dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        return tf.random.stateless_uniform(_shape(shape), self._draw_seed(),
                                           minval=tf.cast(self.minval, dtype),
                                           maxval=tf.cast(self.maxval, dtype), dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


def compute_fans(shape, input_axes=None, output_axes=None) -> tuple:
    """(fan_in, fan_out) of a weight shape: rows and columns of a matrix; for convolution
    kernels (..., in, out) both are multiplied by the receptive field (the leading dims)."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return (int(math.prod(shape[a] for a in input_axes)),
                int(math.prod(shape[a] for a in output_axes)))
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive_field = math.prod(shape[:-2])
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


class VarianceScaling(RandomInitializer):
    """Samples with variance `scale / n`, n the fan in, out or their average (`mode`)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: "
                             f"scale={scale}")
        allowed_modes = {"fan_in", "fan_out", "fan_avg"}
        if mode not in allowed_modes:
            raise ValueError(f"Invalid `mode` argument: {mode}. Please use one of "
                             f"{allowed_modes}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        allowed = {"uniform", "truncated_normal", "untruncated_normal"}
        if distribution not in allowed:
            raise ValueError(f"Invalid `distribution` argument: {distribution}.Please use one "
                             f"of {allowed}")
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape, dtype = _shape(shape), _dtype(dtype)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        variance = self.scale / max(1.0, fan[self.mode])
        seed = self._draw_seed()
        if self.distribution == "truncated_normal":
            return tf.random.stateless_truncated_normal(
                shape, seed, stddev=math.sqrt(variance) / _TRUNCATED_STDDEV, dtype=dtype)
        if self.distribution == "untruncated_normal":
            return tf.random.stateless_normal(shape, seed, stddev=math.sqrt(variance),
                                              dtype=dtype)
        limit = math.sqrt(3.0 * variance)
        return tf.random.stateless_uniform(shape, seed, minval=-limit, maxval=limit,
                                           dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class _PresetVarianceScaling(VarianceScaling):
    """VarianceScaling with a fixed (scale, mode, distribution); only the seed and axes are
    configurable."""

    _preset: tuple = ()

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self._preset
        super().__init__(scale=scale, mode=mode, distribution=distribution, seed=seed,
                         input_axes=input_axes, output_axes=output_axes)

    def get_config(self) -> dict:
        return {"seed": serialize_keras_object(self._init_seed), "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class GlorotUniform(_PresetVarianceScaling):
    """Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out))."""
    _preset = (1.0, "fan_avg", "uniform")


class GlorotNormal(_PresetVarianceScaling):
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out))."""
    _preset = (1.0, "fan_avg", "truncated_normal")


class LecunNormal(_PresetVarianceScaling):
    """Truncated normal with stddev sqrt(1 / fan_in)."""
    _preset = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_PresetVarianceScaling):
    """Uniform in [-limit, limit], limit = sqrt(3 / fan_in)."""
    _preset = (1.0, "fan_in", "uniform")


class HeNormal(_PresetVarianceScaling):
    """Truncated normal with stddev sqrt(2 / fan_in)."""
    _preset = (2.0, "fan_in", "truncated_normal")


class HeUniform(_PresetVarianceScaling):
    """Uniform in [-limit, limit], limit = sqrt(6 / fan_in)."""
    _preset = (2.0, "fan_in", "uniform")


class Orthogonal(RandomInitializer):
    """`gain` times a random orthogonal matrix (from the QR decomposition of a normal one);
    shapes of rank > 2 are flattened to (prod(shape[:-1]), shape[-1])."""

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        if len(shape) < 2:
            raise ValueError(f"The tensor to initialize must be at least two-dimensional. "
                             f"Received: shape={shape} of rank {len(shape)}.")
        rows, cols = math.prod(shape[:-1]), shape[-1]
        flat = (max(rows, cols), min(rows, cols))
        a = tf.random.stateless_normal(flat, self._draw_seed(), dtype=_dtype(dtype))
        q, r = tf.linalg.qr(a)
        q = q * tf.sign(tf.linalg.diag_part(r))  # unique Q: R with a positive diagonal
        if rows < cols:
            q = tf.transpose(q)
        return self.gain * tf.reshape(q, shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}


# --- identifiers ---------------------------------------------------------------------------------
# Keras exports every class under a snake_case alias too (keras.initializers.glorot_uniform)
constant, zeros, ones, identity = Constant, Zeros, Ones, Identity
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling, orthogonal = VarianceScaling, Orthogonal
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
he_uniform, he_normal, lecun_uniform, lecun_normal = HeUniform, HeNormal, LecunUniform, LecunNormal
IdentityInitializer, OrthogonalInitializer = Identity, Orthogonal

ALL_OBJECTS = (Initializer, Constant, Identity, Ones, Zeros, GlorotNormal, GlorotUniform,
               HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal,
               RandomUniform, TruncatedNormal, VarianceScaling)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update(IdentityInitializer=Identity, normal=RandomNormal, one=Ones,
                        OrthogonalInitializer=Orthogonal, uniform=RandomUniform, zero=Zeros)


def serialize(initializer):
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """The initializer a name or config describes (built-in, registered or custom)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="initializer")


def _tensor_initializer(value):
    """An initializer returning `value` (a tensor or array) cast to the requested dtype."""
    def initialize(shape, dtype=None):
        if _shape(shape) != tuple(np.shape(value)):
            raise ValueError(f"Expected `shape` to be {tuple(np.shape(value))} for direct "
                             f"tensor as initializer. Received shape={shape}")
        return tf.cast(value, _dtype(dtype))
    return initialize


def get(identifier):
    """An initializer from None, a name, a config dict, a class, a callable or a tensor."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        found = deserialize(identifier)
    elif isinstance(identifier, str):
        found = get_registered_object(identifier, None, ALL_OBJECTS_DICT)
        if inspect.isclass(found):
            found = found.from_config({})
    elif tf.is_tensor(identifier) or isinstance(identifier, (np.ndarray, np.generic)):
        found = _tensor_initializer(identifier)
    else:
        found = identifier
    if callable(found):
        return found() if inspect.isclass(found) else found
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


__all__ = ["Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
           "IdentityInitializer", "Initializer", "LecunNormal", "LecunUniform", "Ones",
           "Orthogonal", "OrthogonalInitializer", "RandomNormal", "RandomUniform",
           "TruncatedNormal", "VarianceScaling", "Zeros", "constant", "deserialize",
           "get", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
           "identity", "lecun_normal", "lecun_uniform", "ones", "orthogonal",
           "random_normal", "random_uniform", "serialize", "truncated_normal",
           "variance_scaling", "zeros"]

# STFT / STFTInitializer / stft: that module subclasses Initializer and registers them here
from fluxion.keras import initializers_stft  # noqa: E402,F401

__all__ += ["STFT", "STFTInitializer", "stft"]  # noqa: F822 - set by initializers_stft
