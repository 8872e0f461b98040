"""`BatchNormalization`: normalises with batch statistics while training (updating moving
averages by assignment) and with the moving statistics at inference.

Keras' update: `moving = moving * momentum + batch_stat * (1 - momentum)`; variance is the
biased batch variance (tf.nn.moments). With `renorm`, batch renormalisation (Ioffe 2017)
corrects the batch statistics towards the moving ones by the clipped factors r and d.
"""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.keras import constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import get_keras_mask
from fluxion.keras.utils.serialization import serialize_keras_object


def _check_renorm_clipping(clipping) -> dict:
    clipping = clipping or {}
    keys = ["rmax", "rmin", "dmax"]
    if set(clipping) - set(keys):
        raise ValueError(f"Received invalid keys for `renorm_clipping` argument: {clipping}. "
                         f"Supported values: {keys}.")
    rmax, rmin, dmax = clipping.get("rmax"), clipping.get("rmin"), clipping.get("dmax")
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(f"rmax should be greater than rmin in the `renorm_clipping` argument. "
                         f"Received: rmax={rmax}, rmin={rmin}.")
    if dmax is not None and dmax < 0:
        raise ValueError(f"dmax should be non-negative in the `renorm_clipping` argument. "
                         f"Received: dmax={dmax}.")
    return clipping


def _assign(variable, value) -> None:
    if value.dtype != variable.dtype:
        value = tf.cast(value, variable.dtype)
    variable.assign(value)


class BatchNormalization(Layer):
    """Normalises over every axis but `axis`: `gamma * (x - mean) / sqrt(var + eps) + beta`.

    Weights (Keras order): gamma, beta (trainable), moving_mean, moving_variance (and with
    renorm moving_stddev, renorm_mean, renorm_stddev). Batch statistics are used only when
    called with training=True on a trainable layer.
    """

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm: bool = False, renorm_clipping=None, renorm_momentum: float = 0.99,
                 synchronized: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.synchronized = synchronized  # one process: the same as unsynchronized
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.renorm = renorm
        if renorm:
            renorm_clipping = _check_renorm_clipping(renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape) -> None:
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(f"Axis {self.axis} is out of bounds for input shape "
                             f"{tuple(input_shape)}. Received: axis={self.axis}")
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined "
                             f"dimension but the layer received an input with shape "
                             f"{tuple(input_shape)}.")
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(shape=shape, name="gamma",
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        if self.center:
            self.beta = self.add_weight(shape=shape, name="beta",
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean",
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        if self.renorm:
            self._build_renorm(shape)
        axis = self.axis % rank
        self._reduction_axes = tuple(i for i in range(rank) if i != axis)
        # statistics broadcast against the input: (C,) on the last axis, else (1, C, 1...)
        self._broadcast = None if axis == rank - 1 else tuple(
            dim if i == axis else 1 for i in range(rank))
        self.built = True

    def _build_renorm(self, shape: tuple) -> None:
        def stddev_init(shape, dtype=None):
            return tf.sqrt(self.moving_variance_initializer(shape, dtype=dtype))

        self.moving_stddev = self.add_weight(shape=shape, name="moving_stddev",
                                             initializer=stddev_init, trainable=False)
        self.renorm_mean = self.add_weight(shape=shape, name="renorm_mean",
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.renorm_stddev = self.add_weight(shape=shape, name="renorm_stddev",
                                             initializer=stddev_init, trainable=False)

    def _shaped(self, v):
        return v if v is None or self._broadcast is None else tf.reshape(v, self._broadcast)

    def call(self, inputs, training=None, mask=None):
        dtype = inputs.dtype
        half = dtype == tf.float16  # statistics in float32, as Keras
        x = tf.cast(inputs, tf.float32) if half else inputs
        weight = (lambda v: None if v is None else tf.cast(v, tf.float32)) if half else \
            (lambda v: v)
        gamma, beta = weight(self.gamma), weight(self.beta)
        if training and self.trainable:
            if mask is None:
                mask = get_keras_mask(inputs)  # the mask an Embedding/Masking attached
            mean, variance = self._moments(x, mask)
            if self.renorm:
                gamma, beta = self._renorm_transform(mean, variance, gamma, beta, weight)
            else:
                self._update_moving(mean, variance, weight)
        else:
            mean, variance = weight(self.moving_mean), weight(self.moving_variance)
        outputs = tf.nn.batch_normalization(
            x, self._shaped(mean), self._shaped(variance), self._shaped(beta),
            self._shaped(gamma), self.epsilon)
        return tf.cast(outputs, dtype) if half else outputs

    def _moments(self, inputs, mask):
        """Batch mean and variance, shaped (C,)."""
        if mask is None:
            return tf.nn.moments(inputs, self._reduction_axes)
        from fluxion.keras import backend  # noqa: PLC0415

        keep = tf.broadcast_to(tf.expand_dims(tf.cast(mask, tf.bool), -1), tf.shape(inputs))
        weights = tf.cast(keep, inputs.dtype)
        zeros = tf.zeros_like(inputs)
        count = tf.reduce_sum(weights, self._reduction_axes, keepdims=True) + backend.epsilon()
        mean = tf.reduce_sum(tf.where(keep, inputs, zeros), self._reduction_axes,
                             keepdims=True) / count
        spread = tf.square(tf.where(keep, inputs - mean, zeros))
        variance = tf.reduce_sum(spread, self._reduction_axes, keepdims=True) / count
        return tf.reshape(mean, [-1]), tf.reshape(variance, [-1])

    def _update_moving(self, mean, variance, weight) -> None:
        m = self.momentum
        _assign(self.moving_mean, weight(self.moving_mean) * m + mean * (1.0 - m))
        _assign(self.moving_variance, weight(self.moving_variance) * m + variance * (1.0 - m))

    def _renorm_transform(self, mean, variance, gamma, beta, weight):
        """The renorm-corrected (gamma, beta); updates the renorm and moving statistics."""
        stddev = tf.sqrt(variance + self.epsilon)
        renorm_stddev = tf.maximum(weight(self.renorm_stddev), math.sqrt(self.epsilon))
        r = stddev / renorm_stddev
        d = (mean - weight(self.renorm_mean)) / renorm_stddev
        clipping = self.renorm_clipping
        if clipping.get("rmin") is not None:
            r = tf.maximum(r, clipping["rmin"])
        if clipping.get("rmax") is not None:
            r = tf.minimum(r, clipping["rmax"])
        if clipping.get("dmax") is not None:
            d = tf.clip_by_value(d, -clipping["dmax"], clipping["dmax"])
        r, d = tf.stop_gradient(r), tf.stop_gradient(d)
        new_gamma = r if gamma is None else r * gamma
        new_beta = d if gamma is None else d * gamma
        if beta is not None:
            new_beta = new_beta + beta
        self._update_renorm(mean, stddev, weight)
        return new_gamma, new_beta

    def _update_renorm(self, mean, stddev, weight) -> None:
        rm, m = self.renorm_momentum, self.momentum
        _assign(self.renorm_mean, weight(self.renorm_mean) * rm + mean * (1.0 - rm))
        _assign(self.renorm_stddev, weight(self.renorm_stddev) * rm + stddev * (1.0 - rm))
        _assign(self.moving_mean, weight(self.moving_mean) * m + mean * (1.0 - m))
        new_stddev = weight(self.moving_stddev) * m + stddev * (1.0 - m)
        _assign(self.moving_stddev, new_stddev)
        _assign(self.moving_variance, tf.nn.relu(new_stddev * new_stddev - self.epsilon))

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum,
                "epsilon": self.epsilon, "center": self.center, "scale": self.scale,
                "beta_initializer": serialize_keras_object(self.beta_initializer),
                "gamma_initializer": serialize_keras_object(self.gamma_initializer),
                "moving_mean_initializer": serialize_keras_object(
                    self.moving_mean_initializer),
                "moving_variance_initializer": serialize_keras_object(
                    self.moving_variance_initializer),
                "beta_regularizer": serialize_keras_object(self.beta_regularizer),
                "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
                "beta_constraint": serialize_keras_object(self.beta_constraint),
                "gamma_constraint": serialize_keras_object(self.gamma_constraint),
                "synchronized": self.synchronized, "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum}
