"""`RMSNormalization` (x / sqrt(mean(x^2) + eps) * scale) and `SpectralNormalization` (a
wrapper dividing its layer's kernel by the kernel's largest singular value, estimated by power
iteration with a persistent `vector_u`)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import initializers
from fluxion.keras import ops as kops
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.rnn.time_distributed import Wrapper


class RMSNormalization(Layer):
    """Root-mean-square normalization over `axis` with a learned `scale` (ones at first)."""

    def __init__(self, axis=-1, epsilon: float = 1e-6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape) -> None:
        input_shape = tuple(input_shape)
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[dim] for dim in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, x):
        return kops.rms_normalization(x, scale=self.scale, axis=self.axis,
                                      epsilon=self.epsilon)

    def compute_output_shape(self, input_shape):
        axes = [self.axis] if isinstance(self.axis, int) else self.axis
        for axis in axes:
            if axis >= len(input_shape) or axis < -len(input_shape):
                raise ValueError(f"Axis {axis} is out of bounds for input shape "
                                 f"{input_shape}. Received: axis={self.axis}")
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}


def _l2_normalize_all(x):
    return kops.normalize(x, axis=None)


class SpectralNormalization(Wrapper):
    """In training, replaces the wrapped layer's `kernel` (or `embeddings`) by
    kernel / sigma, sigma the power-iteration estimate of its spectral norm."""

    def __init__(self, layer, power_iterations: int = 1, **kwargs) -> None:
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError("`power_iterations` should be greater than zero. Received: "
                             f"`power_iterations={power_iterations}`")
        self.power_iterations = power_iterations

    def build(self, input_shape) -> None:
        super().build(input_shape)
        if hasattr(self.layer, "kernel"):
            self.kernel = self.layer.kernel
        elif hasattr(self.layer, "embeddings"):
            self.kernel = self.layer.embeddings
        else:
            raise ValueError(f"{type(self.layer).__name__} object has no attribute 'kernel' "
                             "nor 'embeddings'")
        self.kernel_shape = tuple(self.kernel.shape.as_list())
        self.vector_u = self.add_weight(shape=(1, self.kernel_shape[-1]),
                                        initializer=initializers.TruncatedNormal(stddev=0.02),
                                        trainable=False, name="vector_u",
                                        dtype=self.kernel.dtype)
        self.built = True

    def call(self, inputs, training=False):
        if training:
            kernel = self.kernel.value()
            new_u, new_kernel = tf.cond(tf.reduce_all(tf.equal(kernel, 0)),
                                        lambda: (self.vector_u.value(), kernel),
                                        self.normalized_weights)
            self.vector_u.assign(new_u)
            self.kernel.assign(new_kernel)
        output = self.layer(inputs)
        return tf.cast(output, tf.convert_to_tensor(inputs).dtype)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def normalized_weights(self):
        """`(vector_u, kernel / sigma)` after `power_iterations` steps."""
        weights = tf.reshape(self.kernel.value(), [-1, self.kernel_shape[-1]])
        vector_u = self.vector_u.value()
        for _ in range(self.power_iterations):
            vector_v = _l2_normalize_all(tf.matmul(vector_u, weights, transpose_b=True))
            vector_u = _l2_normalize_all(tf.matmul(vector_v, weights))
        vector_u = tf.stop_gradient(vector_u)
        vector_v = tf.stop_gradient(vector_v)
        sigma = tf.matmul(tf.matmul(vector_v, weights), vector_u, transpose_b=True)
        kernel = tf.reshape(self.kernel.value() / sigma, self.kernel_shape)
        return tf.cast(vector_u, self.vector_u.dtype), tf.cast(kernel, self.kernel.dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "power_iterations": self.power_iterations}


__all__ = ["RMSNormalization", "SpectralNormalization"]
