"""`MultiHeadAttention` (Vaswani et al. 2017) with Keras 3's projections, masks and paths:

    q, k, v = EinsumDense projections to [..., num_heads, key_dim / value_dim]
    scores = softmax(q k^T / sqrt(key_dim) over the attention axes, masked)
    output = EinsumDense(scores v) back to the query's last dim (or `output_shape`)
"""
from __future__ import annotations

import math
import string

import numpy as np

import fluxion as tf
from fluxion.keras import constraints, initializers, regularizers
from fluxion.keras.layers.attention.einsum_dense import EinsumDense
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.rnn.loop import static_shape
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask
from fluxion.keras.utils.serialization import serialize_keras_object

_LETTERS = string.ascii_lowercase
_SOFTMAX_NEG = -1e9  # Keras' Softmax layer fills masked logits with this
_DOT_PRODUCT_NEG = -0.7 * 3.38953e38  # ... and its dot_product_attention with this


def _projection_equation(free_dims: int, bound_dims: int, output_dims: int):
    """(equation, bias axes, output rank) of a projection keeping `free_dims` input dims,
    contracting `bound_dims`, and adding `output_dims` kernel dims."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims:free_dims + bound_dims]
    out = _LETTERS[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out, free_dims + output_dims


def _attention_equations(rank: int, attn_axes: tuple):
    """(q.k equation, scores.v equation, scores rank) for projected tensors of `rank`."""
    target = _LETTERS[:rank]
    batch_dims = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += _LETTERS[offset]
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes]
                      + [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


def _dense_output_shape(rank: int, known: list) -> list:
    return [None] * (rank - len(known)) + list(known)


def positions(x, axis: int, at: int, rank: int):
    """1-based positions along `axis` of `x`, as an int32 tensor of `rank` dims with that
    length at dim `at` and 1 elsewhere (static lengths give a constant)."""
    length = static_shape(x)[axis]
    shape = [1] * rank
    if length is not None:
        shape[at] = length
        return tf.constant(np.arange(1, length + 1, dtype=np.int32).reshape(shape))
    column = x
    for _ in range(axis):
        column = column[0]
    while column.shape.rank > 1:  # [length]: the first entry along every other axis
        column = column[:, 0]
    one = tf.ones([], tf.int32)
    counts = tf.cumsum(tf.where(tf.math.is_nan(tf.cast(column, tf.float32)), one, one))
    shape[at] = -1
    return tf.reshape(counts, shape)


class MultiHeadAttention(Layer):
    """Multi-head attention of `query` over `value` (and `key`, default `value`)."""

    def __init__(self, num_heads: int, key_dim: int, value_dim=None, dropout: float = 0.0,
                 use_bias: bool = True, output_shape=None, attention_axes=None,
                 sliding_window=None, flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate: bool = False, seed=None, **kwargs) -> None:
        _check_positive("num_heads", num_heads)
        _check_positive("key_dim", key_dim)
        if value_dim is not None:
            _check_positive("value_dim", value_dim, "a positive integer or `None`")
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads, self._key_dim = num_heads, key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout, self._use_bias, self._use_gate = dropout, use_bias, use_gate
        if output_shape:
            output_shape = (output_shape,) if isinstance(output_shape, int) else \
                tuple(output_shape)
        self._output_shape = output_shape
        self._flash_attention = bool(flash_attention)
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(f"`attention_axes` must be an int, list, or tuple.Received: "
                             f"attention_axes={attention_axes}")
        self._attention_axes = attention_axes
        if sliding_window is not None and (not isinstance(sliding_window, int)
                                           or sliding_window <= 0):
            raise ValueError(f"`sliding_window` must be `None` or a positive integer. "
                             f"Received: sliding_window={sliding_window}")
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        if self._flash_attention and self._dropout > 0.0:
            raise ValueError("Dropout is not supported when flash attention is enabled. Please "
                             "set dropout to 0.0 to use flash attention.")

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # --- building --------------------------------------------------------------------------
    def _sublayer_kwargs(self) -> dict:
        return {"kernel_regularizer": self._kernel_regularizer,
                "bias_regularizer": self._bias_regularizer,
                "activity_regularizer": self._activity_regularizer,
                "kernel_constraint": self._kernel_constraint,
                "bias_constraint": self._bias_constraint, "dtype": self.dtype_policy,
                # each projection gets its own copy (fresh random draws)
                "kernel_initializer": self._kernel_initializer.__class__.from_config(
                    self._kernel_initializer.get_config()),
                "bias_initializer": self._bias_initializer.__class__.from_config(
                    self._bias_initializer.get_config())}

    def _projection(self, rank: int, last: int, name: str, activation=None) -> EinsumDense:
        equation, bias_axes, out_rank = _projection_equation(rank - 1, 1, 2)
        return EinsumDense(equation, _dense_output_shape(out_rank - 1, [self._num_heads, last]),
                           bias_axes=bias_axes if self._use_bias else None, name=name,
                           activation=activation, **self._sublayer_kwargs())

    def build(self, query_shape, value_shape=None, key_shape=None) -> None:
        """Creates the projections. Keras builds from the query and value shapes; called
        with the query's alone (the first call argument), building waits for the call."""
        if value_shape is None:
            return
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(f"All dimensions of `value` and `key`, except the last one, must "
                             f"be equal. Received: value_shape={value_shape} and "
                             f"key_shape={key_shape}")
        q_rank = len(query_shape)
        self._query_dense = self._projection(q_rank, self._key_dim, "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(len(key_shape), self._key_dim, "key")
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(q_rank, self._value_dim, "gate", "sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(len(value_shape), self._value_dim, "value")
        self._value_dense.build(value_shape)
        self._build_attention(len(value_shape) + 1)
        out = self._output_shape or [query_shape[-1]]
        equation, bias_axes, out_rank = _projection_equation(q_rank - 1, 2, len(out))
        self._output_dense = EinsumDense(equation, _dense_output_shape(out_rank - 1, out),
                                         bias_axes=bias_axes if self._use_bias else None,
                                         name="attention_output", **self._sublayer_kwargs())
        dense_in = list(self._query_dense.compute_output_shape(query_shape))
        dense_in[-1] = self._value_dim
        self._output_dense.build(tuple(dense_in))
        self.built = True

    def _build_attention(self, rank: int) -> None:
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(a if a >= 0 else (rank - 1) + a
                                         for a in self._attention_axes)
        self._dot_product_equation, self._combine_equation, scores_rank = \
            _attention_equations(rank, self._attention_axes)
        self._norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))

    # --- masks -------------------------------------------------------------------------------
    def _compute_causal_mask(self, query, value=None):
        """[1 or batch, T, S]: query position i sees value positions j <= i."""
        value = query if value is None else value
        rows = positions(query, 1, 1, 3)
        cols = positions(value, 1, 2, 3)
        return tf.greater_equal(rows, cols)

    def _compute_sliding_window_mask(self, query, value=None):
        value = query if value is None else value
        rows = positions(query, 1, 1, 3)
        cols = positions(value, 1, 2, 3)
        return tf.less(tf.abs(rows - cols), self._sliding_window)

    def _compute_attention_mask(self, query, value, query_mask=None, value_mask=None,
                                key_mask=None, attention_mask=None, use_causal_mask=False):
        auto = None

        def both(a, b):
            return b if a is None else tf.logical_and(a, b)
        if query_mask is not None:
            auto = tf.expand_dims(tf.cast(query_mask, tf.bool), -1)  # [B, T, 1]
        for mask in (value_mask, key_mask):
            if mask is not None:
                auto = both(auto, tf.expand_dims(tf.cast(mask, tf.bool), -2))  # [B, 1, S]
        if use_causal_mask:
            auto = both(auto, self._compute_causal_mask(query, value))
        if self._sliding_window is not None:
            auto = both(auto, self._compute_sliding_window_mask(query, value))
        if attention_mask is not None:
            attention_mask = tf.cast(attention_mask, tf.bool)
        if auto is not None:
            attention_mask = auto if attention_mask is None else \
                tf.logical_and(attention_mask, auto)
        return attention_mask

    def _expand_mask(self, mask, rank: int):
        axis = -len(self._attention_axes) * 2 - 1
        while mask.shape.rank < rank:
            mask = tf.expand_dims(mask, axis)
        return mask

    # --- attention ---------------------------------------------------------------------------
    def _masked_softmax(self, scores, mask=None):
        if mask is not None:
            mask = self._expand_mask(mask, scores.shape.rank)
            scores = tf.where(mask, scores, tf.cast(_SOFTMAX_NEG, scores.dtype))
        if len(self._norm_axes) == 1:
            out = tf.nn.softmax(scores, axis=self._norm_axes[0])
        else:
            out = tf.exp(scores - tf.reduce_logsumexp(scores, axis=list(self._norm_axes),
                                                      keepdims=True))
        if mask is not None:
            out = tf.where(mask, out, tf.zeros([], out.dtype))
        return out

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        if self._flash_attention:
            if return_attention_scores:
                raise ValueError("Returning attention scores is not supported when flash "
                                 "attention is enabled. Please disable flash attention to "
                                 "access attention scores.")
            raise ValueError("Flash attention is not supported in tensorflow backend.")
        if not (self._dropout > 0.0 or return_attention_scores or query.shape.rank != 4):
            return self._dot_product_attention(query, key, value, attention_mask,
                                               use_causal_mask), None
        if use_causal_mask:
            causal = self._compute_causal_mask(query, value)
            attention_mask = causal if attention_mask is None else \
                tf.logical_and(tf.cast(attention_mask, tf.bool), causal)
        query = query * tf.cast(self._inverse_sqrt_key_dim, query.dtype)
        scores = tf.einsum(self._dot_product_equation, key, query)
        scores = self._masked_softmax(scores, attention_mask)
        weights = scores
        if self._dropout > 0.0 and training:
            weights = tf.nn.dropout(scores, self._dropout, seed=self.seed)
        return tf.einsum(self._combine_equation, weights, value), scores

    def _dot_product_attention(self, query, key, value, mask, is_causal):
        """Keras' `ops.dot_product_attention` path ([B, T, N, H] tensors, no dropout, no
        scores returned): masked logits take a huge negative value, never zeroed after."""
        logits = tf.einsum("btnh,bsnh->bnts", query, key) * tf.cast(
            self._inverse_sqrt_key_dim, query.dtype)
        if is_causal:
            causal = tf.expand_dims(self._compute_causal_mask(query, key), 1)
            mask = causal if mask is None else tf.logical_and(
                self._expand_mask(tf.cast(mask, tf.bool), 4), causal)
        elif mask is not None:
            mask = self._expand_mask(tf.cast(mask, tf.bool), 4)
        if mask is not None:
            logits = tf.where(mask, logits, tf.cast(_DOT_PRODUCT_NEG, logits.dtype))
        probs = tf.nn.softmax(logits, axis=-1)
        return tf.einsum("bnts,bsnh->btnh", probs, value)

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        # Keras takes the query mask from the query tensor's own mask, not the argument;
        # value and key masks come from their tensors when not given
        query_mask = get_keras_mask(query)
        value_mask = get_keras_mask(value) if value_mask is None else value_mask
        if key is not None and key_mask is None:
            key_mask = get_keras_mask(key)
        value = self._convert_input(tf.convert_to_tensor(value))
        key = value if key is None else self._convert_input(tf.convert_to_tensor(key))
        if not hasattr(self, "_query_dense"):
            self.build(static_shape(query), static_shape(value), static_shape(key))
        causal_only = (use_causal_mask and query_mask is None and value_mask is None
                       and key_mask is None and attention_mask is None
                       and self._sliding_window is None
                       and type(self)._compute_attention is MultiHeadAttention._compute_attention)
        if causal_only:
            attention_mask = None
        else:
            attention_mask = self._compute_attention_mask(
                query, value, query_mask=query_mask, value_mask=value_mask, key_mask=key_mask,
                attention_mask=attention_mask, use_causal_mask=use_causal_mask)
        gate = self._gate_dense(query) if self._use_gate else None
        q, k, v = self._query_dense(query), self._key_dense(key), self._value_dense(value)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(q, k, v, attention_mask, training,
                                                 return_attention_scores, **extra)
        output = self._output_dense(output * gate if gate is not None else output)
        if query_mask is not None:
            set_keras_mask(output, query_mask)
        if return_attention_scores:
            return output, scores
        return output

    def get_config(self) -> dict:
        config = {**super().get_config(), "num_heads": self._num_heads,
                  "key_dim": self._key_dim, "value_dim": self._value_dim,
                  "dropout": self._dropout, "use_bias": self._use_bias,
                  "use_gate": self._use_gate, "output_shape": self._output_shape,
                  "attention_axes": self._attention_axes,
                  "sliding_window": self._sliding_window}
        for key in ("kernel_initializer", "bias_initializer", "kernel_regularizer",
                    "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "bias_constraint"):
            config[key] = serialize_keras_object(getattr(self, f"_{key}"))
        config["seed"] = self.seed
        return config


def _check_positive(name: str, value, expected: str = "a positive integer") -> None:
    if not isinstance(value, int) or value <= 0:
        raise ValueError(f"Received an invalid value for argument `{name}`, expected "
                         f"{expected}. Received: {name}={value}")
