"""Per-example normalisations: `LayerNormalization`, `GroupNormalization`,
`UnitNormalization`, each with Keras' formula and operation order
(`x * inv + (beta - mean * inv)` with `inv = gamma * rsqrt(var + eps)`)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import serialize_keras_object


class _AffineNorm(Layer):
    """The shared gamma/beta arguments, weights and config."""

    def _init_affine(self, epsilon, center, scale, beta_initializer, gamma_initializer,
                     beta_regularizer, gamma_regularizer, beta_constraint,
                     gamma_constraint) -> None:
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = self.beta = None

    def _add_affine(self, shape: tuple, with_gamma: bool, with_beta: bool) -> None:
        if with_gamma:
            self.gamma = self.add_weight(name="gamma", shape=shape,
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        if with_beta:
            self.beta = self.add_weight(name="beta", shape=shape,
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)

    def _affine_config(self) -> dict:
        return {"epsilon": self.epsilon, "center": self.center, "scale": self.scale,
                "beta_initializer": serialize_keras_object(self.beta_initializer),
                "gamma_initializer": serialize_keras_object(self.gamma_initializer),
                "beta_regularizer": serialize_keras_object(self.beta_regularizer),
                "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
                "beta_constraint": serialize_keras_object(self.beta_constraint),
                "gamma_constraint": serialize_keras_object(self.gamma_constraint)}


def _normalize(x, mean, variance, gamma, beta, epsilon: float):
    inv = tf.math.rsqrt(variance + epsilon)
    if gamma is not None:
        inv = inv * gamma
    shift = -mean * inv
    if beta is not None:
        shift = shift + beta
    return x * inv + shift


def _float32_at_least(x):
    return tf.cast(x, tf.float32) if x.dtype == tf.float16 else x


def _like(v, x):
    """A weight in the computation's dtype (float16 layers compute in float32)."""
    return v if v is None or v.dtype == x.dtype else tf.cast(v, x.dtype)


class LayerNormalization(_AffineNorm):
    """Normalises each example over `axis` (an int or a list of axes)."""

    def __init__(self, axis=-1, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer="zeros", gamma_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs) -> None:
        rms_scaling = kwargs.pop("rms_scaling", False)
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(f"Expected an int or a list/tuple of ints for the argument 'axis', "
                            f"but received: {axis!r}")
        self._init_affine(epsilon, center, scale, beta_initializer, gamma_initializer,
                          beta_regularizer, gamma_regularizer, beta_constraint,
                          gamma_constraint)
        self.rms_scaling = rms_scaling
        self.autocast = False

    def build(self, input_shape) -> None:
        rank = len(input_shape)
        self.axis = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]
        for a in self.axis:
            if not -rank <= a < rank:
                raise ValueError(f"Axis {a} is out of bounds for input shape "
                                 f"{tuple(input_shape)}.")
        shape = tuple(input_shape[a] for a in self.axis)
        self._add_affine(shape, self.scale or self.rms_scaling,
                         self.center and not self.rms_scaling)
        axes = sorted(a % rank for a in self.axis)
        self._axes = tuple(axes)
        # gamma/beta broadcast as they are when they cover the trailing axes
        trailing = axes == list(range(rank - len(axes), rank))
        self._broadcast = None if trailing else tuple(
            input_shape[i] if i in axes else 1 for i in range(rank))
        self.built = True

    def _shaped(self, v):
        return v if v is None or self._broadcast is None else tf.reshape(v, self._broadcast)

    def call(self, inputs):
        dtype = inputs.dtype
        if dtype.is_floating and self.compute_dtype != self.variable_dtype:
            dtype = tf.as_dtype(self.compute_dtype)  # a mixed policy: float16 out, as Keras
        x = _float32_at_least(inputs)
        gamma, beta = self._shaped(_like(self.gamma, x)), self._shaped(_like(self.beta, x))
        if self.rms_scaling:  # Keras' deprecated option: scales by the variance
            _, variance = tf.nn.moments(x, self._axes, keepdims=True)
            outputs = x * tf.math.rsqrt(variance + self.epsilon)
            if gamma is not None:
                outputs = outputs * gamma
        else:
            mean, variance = tf.nn.moments(x, self._axes, keepdims=True)
            outputs = _normalize(x, mean, variance, gamma, beta, self.epsilon)
        return outputs if outputs.dtype == dtype else tf.cast(outputs, dtype)

    def get_config(self) -> dict:
        config = self._affine_config()
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale, "rms_scaling": self.rms_scaling,
                **{k: v for k, v in config.items() if k not in ("epsilon", "center", "scale")}}


class GroupNormalization(_AffineNorm):
    """Splits the channels (`axis`) into `groups` and normalises each example over every
    group's channels and spatial positions (groups=-1: one group per channel)."""

    def __init__(self, groups: int = 32, axis: int = -1, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.groups = groups
        self.axis = axis
        self._init_affine(epsilon, center, scale, beta_initializer, gamma_initializer,
                          beta_regularizer, gamma_regularizer, beta_constraint,
                          gamma_constraint)

    def build(self, input_shape) -> None:
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined "
                             f"dimension but the layer received an input with shape "
                             f"{tuple(input_shape)}.")
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(f"Number of groups ({self.groups}) cannot be more than the number "
                             f"of channels ({dim}).")
        if dim % self.groups:
            raise ValueError(f"Number of groups ({self.groups}) must be a multiple of the "
                             f"number of channels ({dim}).")
        self._add_affine((dim,), self.scale, self.center)
        rank = len(input_shape)
        axis = self.axis % rank
        # x is viewed as (..., groups, dim // groups, ...) with the group axis at `axis`
        self._grouped_axis = axis
        self._reduce = tuple(i for i in range(1, rank + 1) if i != axis)
        self._param_shape = tuple(
            [1] * axis + [self.groups, dim // self.groups] + [1] * (rank - axis - 1))
        self.built = True

    def call(self, inputs):
        dtype = inputs.dtype
        axis = self._grouped_axis
        dims = tuple(inputs.shape[1:])  # the batch stays -1: any batch size replays
        grouped = (-1,) + dims[:axis - 1] + (self.groups, dims[axis - 1] // self.groups) + \
            dims[axis:]
        x = _float32_at_least(tf.reshape(inputs, grouped))
        mean, variance = tf.nn.moments(x, self._reduce, keepdims=True)
        gamma = None if self.gamma is None else tf.reshape(_like(self.gamma, x),
                                                           self._param_shape)
        beta = None if self.beta is None else tf.reshape(_like(self.beta, x), self._param_shape)
        outputs = _normalize(x, mean, variance, gamma, beta, self.epsilon)
        outputs = tf.reshape(outputs, (-1,) + dims)
        return outputs if outputs.dtype == dtype else tf.cast(outputs, dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "groups": self.groups, "axis": self.axis,
                **self._affine_config()}


class UnitNormalization(Layer):
    """Scales each example to unit L2 norm over `axis`: `x * min(rsqrt(sum(x^2)), 1e12)`."""

    def __init__(self, axis=-1, **kwargs) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(f"Invalid value for `axis` argument: expected an int or a "
                            f"list/tuple of ints. Received: axis={axis}")
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        square_sum = tf.reduce_sum(tf.square(inputs), axis=axis, keepdims=True)
        return inputs * tf.minimum(tf.math.rsqrt(square_sum), 1.0 / 1e-12)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
