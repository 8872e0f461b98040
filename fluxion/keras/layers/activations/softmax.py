"""`Softmax`: softmax along `axis` (an int, or a list of axes normalised jointly), with an
optional boolean `mask` broadcastable to the input: masked entries become 0 and the others are
normalised among themselves."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations
from fluxion.keras.layers.layer import Layer


def _large_negative(dtype) -> float:
    """What Keras puts in masked logits (-1e9 does not fit float16)."""
    return -3e4 if dtype == tf.float16 else -1e9


def _check_mask_shape(inputs, mask) -> None:
    in_shape, m_shape = inputs.shape, mask.shape
    if in_shape.rank is None or m_shape.rank is None:
        return
    if m_shape.rank > in_shape.rank:
        raise ValueError(f"The `mask` must be broadcastable to `inputs` and must not have more "
                         f"dimensions. Received: inputs.shape={tuple(in_shape.as_list())}, "
                         f"mask.shape={tuple(m_shape.as_list())}")
    for m_dim, i_dim in zip(reversed(m_shape.as_list()), reversed(in_shape.as_list())):
        if m_dim is not None and i_dim is not None and m_dim not in (1, i_dim):
            raise ValueError(f"The `mask` must be broadcastable to `inputs`. Each mask "
                             f"dimension must be 1 or match the corresponding input dimension. "
                             f"Received: inputs.shape={tuple(in_shape.as_list())}, "
                             f"mask.shape={tuple(m_shape.as_list())}")


class Softmax(Layer):
    """exp(x - max(x)) / sum(exp(x - max(x))) along `axis`."""

    def __init__(self, axis=-1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = tf.convert_to_tensor(mask)
            _check_mask_shape(inputs, mask)
            if mask.dtype != tf.bool:  # Keras keeps entries above one half
                mask = tf.greater(mask, tf.cast(0.5, mask.dtype))
            inputs = tf.where(mask, inputs, _large_negative(inputs.dtype))
        if self.axis is None or isinstance(self.axis, (tuple, list)) and len(self.axis) > 1:
            # Keras' joint softmax over several axes; also axis=None (all axes), which needs no
            # reshape to a traced shape, so it works in graphs with unknown dims
            axes = None if self.axis is None else list(self.axis)
            outputs = tf.exp(inputs - tf.reduce_logsumexp(inputs, axis=axes, keepdims=True))
        else:
            axis = self.axis[0] if isinstance(self.axis, (tuple, list)) else self.axis
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = tf.where(mask, outputs, tf.zeros([], outputs.dtype))
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
