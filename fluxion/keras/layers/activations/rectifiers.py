"""Rectifier layers: `ReLU` (Keras' thresholded, capped, leaky relu), `LeakyReLU`, `ELU`, and
`PReLU`, whose negative slope is a learned weight `alpha`.

The stateless ones are built at construction (as Keras' `_build_at_init`); all of them pass
the input's mask through to their output.
"""
from __future__ import annotations

import warnings

import fluxion as tf
from fluxion.keras import activations, constraints, initializers, regularizers
from fluxion.keras.layers.layer import Layer


class ReLU(Layer):
    """Keras' relu: 0 at or below `threshold` (then `negative_slope * (x - threshold)` there
    when the slope is non-zero), `x` above it, capped at `max_value`."""

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError(f"max_value of a ReLU layer cannot be a negative value. "
                             f"Received: max_value={max_value}")
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError(f"negative_slope of a ReLU layer cannot be None or a negative "
                             f"value. Received: negative_slope={negative_slope}")
        if threshold is None or threshold < 0.0:
            raise ValueError(f"threshold of a ReLU layer cannot be None or a negative value. "
                             f"Received: threshold={threshold}")
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}


class LeakyReLU(Layer):
    """`x` for x >= 0, `negative_slope * x` below (Keras 3's default slope is 0.3; the Keras 2
    name `alpha` is still accepted, with a deprecation warning)."""

    def __init__(self, negative_slope=0.3, **kwargs) -> None:
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.",
                          stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(f"The negative_slope value of a Leaky ReLU layer cannot be None "
                             f"or negative value. Expected a float. Received: "
                             f"negative_slope={negative_slope}")
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return tf.nn.leaky_relu(inputs, alpha=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}


class ELU(Layer):
    """`x` for x > 0, `alpha * (exp(x) - 1)` otherwise."""

    def __init__(self, alpha=1.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        # Keras records `alpha` through its automatic config of the constructor's arguments
        return {**super().get_config(), "alpha": self.alpha}


class PReLU(Layer):
    """`x` for x >= 0, `alpha * x` below, with `alpha` a learned weight of the input's shape
    without its batch axis; `shared_axes` (axes of the input, 1-based past the batch) give
    `alpha` size 1 there, so one slope is shared along them."""

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None,
                 alpha_constraint=None, shared_axes=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        self._spec_ndim = None
        self._spec_axes: dict = {}

    def build(self, input_shape) -> None:
        input_shape = tuple(input_shape)
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            param_shape[axis - 1] = 1
        if any(d is None for d in param_shape):
            raise ValueError(f"Shapes used to initialize variables must be fully-defined (no "
                             f"`None` dimensions). Received: shape={tuple(param_shape)} for "
                             f"variable path='{self.name}/alpha'")
        self.alpha = self.add_weight(shape=param_shape, name="alpha",
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        # Keras' InputSpec: the same rank, and the sizes of the axes not shared
        self._spec_ndim = len(input_shape)
        if self.shared_axes:
            self._spec_axes = {i: input_shape[i] for i in range(1, len(input_shape))
                               if i not in self.shared_axes}
        self.built = True

    def _check_input(self, inputs) -> None:
        shape = inputs.shape
        if self._spec_ndim is None or shape.rank is None:
            return
        if shape.rank != self._spec_ndim:
            raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the layer: "
                             f"expected ndim={self._spec_ndim}, found ndim={shape.rank}. "
                             f"Full shape received: {tuple(shape.as_list())}")
        for axis, size in self._spec_axes.items():
            if size is not None and shape[axis] is not None and shape[axis] != size:
                raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the "
                                 f"layer: expected axis {axis} of input shape to have value "
                                 f"{size}, but received input with shape "
                                 f"{tuple(shape.as_list())}")

    def call(self, inputs):
        self._check_input(inputs)
        # relu(x) - alpha * relu(-x), as Keras writes it (the gradient at x = 0 is 0)
        return tf.nn.relu(inputs) - self.alpha * tf.nn.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(),
                "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint),
                "shared_axes": self.shared_axes}
