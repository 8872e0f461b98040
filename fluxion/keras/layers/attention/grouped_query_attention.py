"""`GroupedQueryAttention` (Ainslie et al. 2023): `num_query_heads` query heads share
`num_key_value_heads` key/value heads, each kv head repeated num_query_heads //
num_key_value_heads times; otherwise MultiHeadAttention with key_dim = value_dim = head_dim."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.attention.einsum_dense import EinsumDense
from fluxion.keras.layers.attention.multi_head_attention import MultiHeadAttention
from fluxion.keras.utils.serialization import serialize_keras_object


class GroupQueryAttention(MultiHeadAttention):
    """Grouped-query attention of [batch, T, dim] queries over [batch, S, dim] values."""

    def __init__(self, head_dim: int, num_query_heads: int, num_key_value_heads: int,
                 dropout: float = 0.0, use_bias: bool = True, sliding_window=None,
                 flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate: bool = False, seed=None, **kwargs) -> None:
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError("`num_query_heads` must be divisible by `num_key_value_heads`.")
        super().__init__(num_query_heads, head_dim, dropout=dropout, use_bias=use_bias,
                         sliding_window=sliding_window, flash_attention=flash_attention,
                         kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                         use_gate=use_gate, seed=seed, **kwargs)
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads

    def _dense(self, equation: str, heads: int, bias_axes: str, name: str, activation=None):
        return EinsumDense(equation, (None, heads, self.head_dim),
                           bias_axes=bias_axes if self._use_bias else None, name=name,
                           activation=activation, **self._sublayer_kwargs())

    def build(self, query_shape, value_shape=None, key_shape=None) -> None:
        if value_shape is None:
            return
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self.feature_dim = query_shape[-1]
        self._query_dense = self._dense("bqm,muh->bquh", self.num_query_heads, "uh", "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._dense("bkm,mvh->bkvh", self.num_key_value_heads, "vh", "key")
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._dense("bqm,muh->bquh", self.num_query_heads, "uh", "gate",
                                           "sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._dense("bkm,mvh->bkvh", self.num_key_value_heads, "vh",
                                        "value")
        self._value_dense.build(value_shape)
        self._build_attention(4)
        self._output_dense = EinsumDense("bquh,uhm->bqm", (None, self.feature_dim),
                                         bias_axes="m" if self._use_bias else None,
                                         name="attention_output", **self._sublayer_kwargs())
        self._output_dense.build((None, None, self.num_query_heads, self.head_dim))
        self.built = True

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        key = tf.repeat(key, self.num_repeats, axis=2)
        value = tf.repeat(value, self.num_repeats, axis=2)
        return super()._compute_attention(query, key, value, attention_mask, training,
                                          return_attention_scores, use_causal_mask)

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        if query_shape[-1] != value_shape[-1]:
            raise ValueError("The last dimension of `query_shape` and `value_shape` must be "
                             f"equal, but are {query_shape[-1]}, {value_shape[-1]}. Received: "
                             f"query_shape={query_shape}, value_shape={value_shape}")
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError("All dimensions of `value` and `key`, except the last one, must "
                             f"be equal. Received: value_shape={value_shape} and "
                             f"key_shape={key_shape}")
        return query_shape

    def get_config(self) -> dict:
        config = {**super(MultiHeadAttention, self).get_config(), "head_dim": self.head_dim,
                  "num_query_heads": self.num_query_heads,
                  "num_key_value_heads": self.num_key_value_heads,
                  "use_bias": self._use_bias, "use_gate": self._use_gate,
                  "sliding_window": self._sliding_window, "dropout": self._dropout}
        for key in ("kernel_initializer", "bias_initializer", "kernel_regularizer",
                    "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "bias_constraint"):
            config[key] = serialize_keras_object(getattr(self, f"_{key}"))
        config["seed"] = self.seed
        return config


GroupedQueryAttention = GroupQueryAttention  # Keras' class name (exported as GroupQueryAttention)

__all__ = ["GroupQueryAttention"]
