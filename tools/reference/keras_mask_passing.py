"""Keras 3 reference snippets: which layers pass a sequence mask on (supports_masking), in
eager calls (training too) and in functional models."""

_E = """L = tf.keras.layers
x = tf.constant([[1, 2, 0, 0], [3, 0, 0, 0]])
e = L.Embedding(5, 3, mask_zero=True, embeddings_initializer="ones", name="mp_emb")(x)
def mask_of(t):
    m = getattr(t, "_keras_mask", None)
    return None if m is None else m.numpy().tolist()
"""
SNIPPETS = {
    "supports_masking_flags": """L = tf.keras.layers
layers = [L.Dropout(0.5, name="mpf1"), L.SpatialDropout1D(0.2, name="mpf2"),
          L.GlobalAveragePooling1D(name="mpf3"), L.Identity(name="mpf4"),
          L.Attention(name="mpf5"), L.AdditiveAttention(name="mpf6"), L.Dense(2, name="mpf7"),
          L.GlobalMaxPooling1D(name="mpf8"), L.Flatten(name="mpf9"), L.LSTM(2, name="mpf10"),
          L.Conv1D(2, 3, name="mpf11"), L.Activation("relu", name="mpf12")]
result = [bool(l.supports_masking) for l in layers]""",
    "dropout_training_keeps_mask": _E + "result = mask_of(L.Dropout(0.5, name='mp_d')(e, "
                                        "training=True))",
    "spatial_dropout_training_keeps_mask": _E + "result = mask_of(L.SpatialDropout1D(0.5, "
                                                "name='mp_sd')(e, training=True))",
    "gap1d_drops_mask": _E + "y = L.GlobalAveragePooling1D(name='mp_gap')(e)\n"
                             "result = [mask_of(y), y.numpy().tolist()]",
    "attention_query_mask": _E + "result = mask_of(L.Attention(name='mp_att')([e, e]))",
    "symbolic_dropout_mask": """L = tf.keras.layers
i = tf.keras.Input((4,), dtype="int32", name="mp_in")
h = L.Embedding(5, 3, mask_zero=True, name="mp_e2")(i)
d = L.Dropout(0.1, name="mp_d2")(h)
result = [d._keras_mask is not None, tuple(d._keras_mask.shape)]""",
    "lstm_after_dropout_in_fit": """L = tf.keras.layers
i = tf.keras.Input((4,), dtype="int32", name="mp_in3")
h = L.Embedding(5, 3, mask_zero=True, name="mp_e3", embeddings_initializer="ones")(i)
h = L.Dropout(0.5, name="mp_d3", seed=1)(h)
out = L.LSTM(2, name="mp_lstm", kernel_initializer="ones", recurrent_initializer="ones")(h)
m = tf.keras.Model(i, out)
x = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
result = m.predict(x, verbose=0)""",
}
