"""`Attention` (Luong-style dot-product, or "concat") and `AdditiveAttention` (Bahdanau):
`softmax(scores(query, key)) @ value` over inputs `[query, value]` or `[query, value, key]`."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.attention.multi_head_attention import positions
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask


class Attention(Layer):
    """Dot-product attention: scores = query @ key^T (times `scale` if `use_scale`), or with
    `score_mode="concat"`: concat_score_weight * sum(tanh(scale * (query + key)))."""

    def __init__(self, use_scale: bool = False, score_mode: str = "dot", dropout: float = 0.0,
                 seed=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True  # the output keeps the query's mask
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if self.score_mode not in ("dot", "concat"):
            raise ValueError(f"Invalid value for argument score_mode. Expected one of "
                             f"{{'dot', 'concat'}}. Received: score_mode={score_mode}")

    def compute_mask(self, inputs, mask=None):
        """The query's mask (Keras: the output is one row per query step)."""
        if isinstance(mask, (list, tuple)):
            return mask[0] if mask else None
        return mask

    def build(self, input_shape) -> None:
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(),
                                                       initializer="ones")
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = tf.matmul(query, key, transpose_b=True)
            return scores * self.scale if self.scale is not None else scores
        pairs = tf.expand_dims(query, -2) + tf.expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * tf.reduce_sum(tf.tanh(pairs), axis=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            padding = tf.logical_not(scores_mask)
            big = 65504.0 if scores.dtype == tf.float16 else 1.0e9
            if padding.shape.rank == 2:
                padding = tf.expand_dims(padding, -2)
            scores = tf.where(padding, scores - tf.cast(big, scores.dtype), scores)
        weights = tf.nn.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = tf.nn.dropout(weights, self.dropout, seed=self.seed)
        return tf.matmul(weights, value), weights

    @staticmethod
    def _score_mask(query, key, v_mask, use_causal_mask: bool):
        if not use_causal_mask:
            return v_mask
        rows = positions(query, query.shape.rank - 2, 1, 3)  # [1, Tq, 1]
        cols = positions(key, key.shape.rank - 2, 2, 3)  # [1, 1, Tv]
        causal = tf.greater_equal(rows, cols)
        if v_mask is not None:
            return tf.logical_and(tf.expand_dims(v_mask, -2), causal)
        return causal

    def call(self, inputs, mask=None, training=False, return_attention_scores: bool = False,
             use_causal_mask: bool = False):
        self._validate_inputs(inputs, mask)
        if mask is None:  # the masks upstream layers attached to the inputs
            mask = [get_keras_mask(x) for x in inputs]
            mask = mask if any(m is not None for m in mask) else None
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        q_mask = mask[0] if mask else None
        v_mask = mask[1] if mask else None
        if v_mask is not None:
            v_mask = tf.cast(v_mask, tf.bool)
        scores = self._calculate_scores(query, key)
        scores_mask = self._score_mask(query, key, v_mask, use_causal_mask)
        output, weights = self._apply_scores(scores, value, scores_mask, training=training)
        if q_mask is not None:
            q_mask = tf.cast(q_mask, tf.bool)
            output = tf.where(tf.expand_dims(q_mask, -1), output, tf.zeros([], output.dtype))
            set_keras_mask(output, q_mask)
        if return_attention_scores:
            return output, weights
        return output

    def _validate_inputs(self, inputs, mask=None) -> None:
        name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError(  # noqa: TRY004 - as Keras
                f"{name} layer must be called on a list of inputs, namely "
                f"[query, value] or [query, value, key]. Received: "
                f"inputs={inputs}.")
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(f"{name} layer accepts inputs list of length 2 or 3, namely "
                             f"[query, value] or [query, value, key]. Received length: "
                             f"{len(inputs)}.")
        if mask is not None:
            if not isinstance(mask, list):
                raise ValueError(f"{name} layer mask must be a list, namely [query_mask, "
                                 f"value_mask]. Received: mask={mask}.")
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(f"{name} layer accepts mask list of length 2 or 3. Received: "
                                 f"inputs={inputs}, mask={mask}.")

    def get_config(self) -> dict:
        return {**super().get_config(), "use_scale": self.use_scale,
                "score_mode": self.score_mode, "dropout": self.dropout, "seed": self.seed}


class AdditiveAttention(Attention):
    """Bahdanau attention: scores = sum(scale * tanh(query + key)) over the last axis, with a
    trainable `scale` vector when `use_scale`."""

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape) -> None:
        self._validate_inputs(input_shape)
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(input_shape[0][-1],),
                                         initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = tf.tanh(tf.expand_dims(query, -2) + tf.expand_dims(key, -3))
        if self.use_scale:
            pairs = self.scale * pairs
        return tf.reduce_sum(pairs, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config
