"""Preprocessing layers computed from fixed or adapted constants: `Rescaling` and
`Normalization` (`adapt` over arrays, tensors, datasets and iterables of batches)."""
from __future__ import annotations

import itertools
import math

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import deserialize_keras_object, serialize_keras_object


class Rescaling(Layer):
    """`inputs * scale + offset` in the layer's dtype (e.g. scale=1/255 for pixels)."""

    def __init__(self, scale, offset=0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self.built = True

    def _constants(self) -> tuple:
        """scale and offset as tensors of the layer's dtype (made once)."""
        if getattr(self, "_cached", None) is None:
            npd = tf.as_dtype(self._dtype).as_numpy_dtype
            scale = np.asarray(self.scale, dtype=npd)
            if scale.ndim > 0 and backend.image_data_format() == "channels_first":
                scale = scale.reshape(scale.shape + (1,) * (3 - scale.ndim))
            self._cached = (tf.constant(scale), tf.constant(np.asarray(self.offset, npd)))
        return self._cached

    def call(self, inputs):
        scale, offset = self._constants()
        if inputs.dtype.name != self._dtype:
            inputs = tf.cast(inputs, self._dtype)
        return inputs * scale + offset

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": serialize_keras_object(self.scale),
                "offset": serialize_keras_object(self.offset)}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        for key in ("scale", "offset"):
            if isinstance(config.get(key), dict):
                config[key] = deserialize_keras_object(config[key],
                                                       custom_objects=custom_objects)
        return super().from_config(config)


def _first_batch(batch):
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(Layer):
    """`(x - mean) / max(sqrt(variance), epsilon)` per position of the kept `axis` (or its
    inverse with `invert`). The statistics are given, or computed by `adapt(data)`."""

    def __init__(self, axis=-1, mean=None, variance=None, invert: bool = False,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        self.mean = self.variance = None
        if (mean is not None) != (variance is not None):
            raise ValueError(f"When setting values directly, both `mean` and `variance` must "
                             f"be set. Received: mean={mean} and variance={variance}")
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(f"When setting values directly, `mean` and `variance` must "
                                 f"have the same shape. Received: mean shape "
                                 f"{np.shape(mean)} and variance shape {np.shape(variance)}")
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(f"The rank of `mean` must be less than or equal to the number "
                                 f"of axes ({len(self.axis)}). Received: mean shape "
                                 f"{np.shape(mean)} for axis {self.axis}")

    def build(self, input_shape) -> None:
        if input_shape is None:
            return
        ndim = len(input_shape)
        self._build_input_shape = tuple(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(f"All `axis` values must be in the range [-ndim, ndim). Received "
                             f"inputs with ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(f"All `axis` values to be kept must have a known shape. "
                                 f"Received axis={self.axis}, inputs.shape={input_shape}, "
                                 f"with unknown axis at index {d}")
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = tuple(input_shape[d] if d in self._keep_axis else 1
                                      for d in range(ndim))
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=self._mean_and_var_shape,
                                              initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(name="variance",
                                                  shape=self._mean_and_var_shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64",
                                         initializer="zeros", trainable=False)
        else:
            self.mean, self.variance = (self._given(v) for v in (self.input_mean,
                                                                 self.input_variance))
        self.built = True

    def _given(self, value):
        """A constructor statistic broadcast to the input rank (its dims on the kept axes)."""
        value = np.asarray(value, dtype=np.float64)
        if value.ndim:
            expanded = [1] * len(self._broadcast_shape)
            for i in range(1, value.ndim + 1):
                expanded[self._keep_axis[-i]] = value.shape[-i]
            value = value.reshape(expanded)
        value = np.broadcast_to(value, self._broadcast_shape)
        return tf.constant(value.astype(tf.as_dtype(self._dtype).as_numpy_dtype))

    def _statistics(self):
        if self.mean is not None:
            return self.mean, self.variance
        return (tf.reshape(self.adapt_mean, self._broadcast_shape),
                tf.reshape(self.adapt_variance, self._broadcast_shape))

    def call(self, inputs):
        if not self.built or (self.mean is None and not hasattr(self, "adapt_mean")):
            raise ValueError("You must call `.build(input_shape)` on the layer before using "
                             "it.")
        if inputs.dtype.name != self._dtype:
            inputs = tf.cast(inputs, self._dtype)
        mean, variance = self._statistics()
        std = tf.maximum(tf.sqrt(variance), backend.epsilon())
        if self.invert:
            return mean + inputs * std
        return (inputs - mean) / std

    def adapt(self, data) -> None:
        """Sets mean and variance to those of `data` over the reduced axes: an array, a
        tensor, a batched `tf.data.Dataset` or an iterable of batches."""
        from fluxion import data as tf_data  # noqa: PLC0415

        batches = None
        if isinstance(data, np.ndarray) or tf.is_tensor(data):
            input_shape = tuple(data.shape)
        elif isinstance(data, tf_data.Dataset):
            spec = _first_batch(data.element_spec)
            if len(spec.shape) == 1:
                data = data.batch(128)
                spec = _first_batch(data.element_spec)
            input_shape, batches = tuple(spec.shape.as_list()), data
        elif hasattr(data, "__iter__"):
            iterator = iter(data)
            first = next(iterator, None)
            if first is None:
                raise ValueError("adapt() received an empty iterable (no batches). Expected "
                                 "at least one batch.")
            first = _first_batch(first)
            input_shape, batches = tuple(first.shape), itertools.chain([first], iterator)
        else:
            raise TypeError(f"Unsupported data type: {type(data)}. `adapt` supports "
                            f"`np.ndarray`, backend tensors, `tf.data.Dataset`, and iterables "
                            f"of batches (e.g. list, generator).")
        self._check_adapt_shape(input_shape)
        if batches is None:
            if isinstance(data, np.ndarray):
                mean = np.mean(data, axis=self._reduce_axis)
                variance = np.var(data, axis=self._reduce_axis)
            else:
                data = tf.cast(data, self._dtype)
                mean, variance = tf.nn.moments(data, self._reduce_axis)
        else:
            mean, variance = self._streaming_moments(batches)
        self.adapt_mean.assign(tf.cast(mean, self.adapt_mean.dtype))
        self.adapt_variance.assign(tf.cast(variance, self.adapt_variance.dtype))

    def _check_adapt_shape(self, input_shape: tuple) -> None:
        if not self.built:
            self.build(input_shape)
        elif self.mean is not None:
            raise ValueError("Cannot adapt a Normalization layer created with `mean` and "
                             "`variance`")
        else:
            for d in self._keep_axis:
                if input_shape[d] != self._build_input_shape[d]:
                    raise ValueError(f"The layer was built with input_shape="
                                     f"{self._build_input_shape}, but adapt() is being called "
                                     f"with data with an incompatible shape, "
                                     f"data.shape={input_shape}")

    def _streaming_moments(self, batches):
        """Keras' running combination of per-batch means and variances."""
        total_mean = tf.zeros(self._mean_and_var_shape, self._dtype)
        total_var = tf.zeros(self._mean_and_var_shape, self._dtype)
        total_count = 0
        for batch in batches:
            batch = tf.cast(_first_batch(batch), self._dtype)
            for d in self._keep_axis:
                if batch.shape[d] != self._build_input_shape[d]:
                    raise ValueError(f"adapt() yielded a batch with incompatible shape. "
                                     f"Expected {self._build_input_shape}, got "
                                     f"{tuple(batch.shape)}.")
            batch_mean, batch_var = tf.nn.moments(batch, self._reduce_axis)
            count = math.prod(batch.shape[d] for d in self._reduce_axis)
            total_count += count
            new_weight = float(count) / total_count
            old_weight = 1.0 - new_weight
            new_mean = total_mean * old_weight + batch_mean * new_weight
            total_var = ((total_var + (total_mean - new_mean) ** 2) * old_weight
                         + (batch_var + (batch_mean - new_mean) ** 2) * new_weight)
            total_mean = new_mean
        return total_mean, total_var

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist()}
