"""`ReversibleEmbedding`: an Embedding whose `call(x, reverse=True)` projects vectors back to
vocabulary logits (`x @ embeddings.T`, or a separate `reverse_embeddings` when untied)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.core.embedding import Embedding


class ReversibleEmbedding(Embedding):
    """Embedding with a reverse projection; `logit_soft_cap` bounds the logits by
    `cap * tanh(logits / cap)`."""

    def __init__(self, input_dim: int, output_dim: int, tie_weights: bool = True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero: bool = False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs) -> None:
        self.tie_weights = tie_weights
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim), initializer=self.embeddings_initializer,
                name="reverse_embeddings", trainable=True)
        self.built = True

    def call(self, inputs, reverse: bool = False):
        if not reverse:
            return super().call(inputs)
        kernel = tf.transpose(self.embeddings) if self.tie_weights else self.reverse_embeddings
        kernel = tf.convert_to_tensor(kernel)
        if self.reverse_dtype is not None:
            inputs = tf.cast(inputs, self.reverse_dtype)
            kernel = tf.cast(kernel, self.reverse_dtype)
        elif inputs.dtype != kernel.dtype:
            inputs = tf.cast(inputs, kernel.dtype)
        logits = tf.matmul(inputs, kernel) if inputs.shape.rank == 2 else \
            tf.tensordot(inputs, kernel, axes=[[inputs.shape.rank - 1], [0]])
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = tf.math.tanh(logits / cap) * cap
        return logits

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape, reverse: bool = False):
        shape = list(input_shape)
        if reverse:
            shape[-1] = self.input_dim
        else:
            shape.append(self.output_dim)
        return tuple(shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "tie_weights": self.tie_weights,
                "reverse_dtype": self.reverse_dtype, "logit_soft_cap": self.logit_soft_cap}


__all__ = ["ReversibleEmbedding"]
