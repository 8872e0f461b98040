"""TF2 reference snippets for tf.sets (set operations over the last axis)."""


def sp(expr: str) -> str:
    """Code recording the components of the SparseTensor `expr`."""
    return f"r = {expr}\nresult = [r.indices, r.values, r.dense_shape]"


_SETUP = """a = tf.constant([[1, 2, 2, 0], [3, 4, 5, 5]])
b = tf.constant([[2, 0, 7, 9], [5, 8, 8, 8]])
s = tf.sparse.SparseTensor([[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 2]], [5, 3, 3, 1],
                           [2, 2, 4])
d = tf.constant([[[1, 2], [5, 5]], [[3, 3], [0, 0]]])
"""

SNIPPETS = {
    "sets_intersection_dense": _SETUP + sp("tf.sets.intersection(a, b)"),
    "sets_union_dense": _SETUP + sp("tf.sets.union(a, b)"),
    "sets_difference_dense": _SETUP + sp("tf.sets.difference(a, b)"),
    "sets_difference_bminusa": _SETUP + sp("tf.sets.difference(a, b, aminusb=False)"),
    "sets_no_set_union_alias": _SETUP + sp("tf.sets.set_union(a, b)"),
    "sets_union_sparse_dense": _SETUP + sp("tf.sets.union(s, d)"),
    "sets_difference_sparse_dense": _SETUP + sp("tf.sets.difference(s, d)"),
    "sets_difference_dense_sparse": _SETUP + sp("tf.sets.difference(d, s)"),
    "sets_intersection_sparse_sparse": _SETUP + sp(
        "tf.sets.intersection(s, tf.sparse.SparseTensor([[0, 0, 0], [1, 0, 3]], [5, 1], "
        "[2, 2, 4]))"),
    "sets_union_sparse_wider": sp(
        "tf.sets.union(tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], [7, 8, 1], [4, 2]), "
        "tf.sparse.SparseTensor([[1, 0]], [4], [4, 3]))"),
    "sets_empty_intersection": sp("tf.sets.intersection(tf.constant([[1, 2]]), "
                                  "tf.constant([[3, 4]]))"),
    "sets_strings": sp("tf.sets.union(tf.constant([[b'b', b'a'], [b'c', b'a']]), "
                       "tf.constant([[b'c', b'a'], [b'a', b'b']]))"),
    "sets_int64_rank3": sp("tf.sets.intersection(tf.constant([[[1, 2], [3, 3]]], tf.int64), "
                           "tf.constant([[[2, 2], [3, 1]]], tf.int64))"),
    "sets_size": _SETUP + "r = tf.sets.size(s)\nresult = r",
    "sets_no_set_size_alias": _SETUP + "result = tf.sets.set_size(s)",
    "sets_size_dense_error": "tf.sets.size(tf.constant([[1, 2]]))",
    "sets_size_rank1_error": "tf.sets.size(tf.sparse.SparseTensor([[0]], [1], [3]))",
    "sets_float_error": "tf.sets.union(tf.constant([[1., 2.]]), tf.constant([[1., 2.]]))",
    "sets_mixed_dtype_error": "tf.sets.union(tf.constant([[1, 2]]), "
                              "tf.constant([[3, 4]], tf.int64))",
    "sets_mismatched_error": "tf.sets.union(tf.constant([[1, 2]]), tf.constant([[1, 2], [3, 4]]))",
    "sets_rank1_error": "tf.sets.intersection(tf.constant([1, 2, 3]), tf.constant([3, 2]))",
    "sets_in_function": _SETUP + """
@tf.function
def f(x, y):
    r = tf.sets.union(x, y)
    return r.indices, r.values, r.dense_shape
result = list(f(a, b))""",
}

# --- tf.audio ---------------------------------------------------------------------------------
_WAV = """a = tf.constant([[0.0, 1.0], [-1.0, 0.5], [0.25, -0.3], [2.0, -2.0],
                 [1 / 65536, -1 / 65536], [0.99999, -0.99999], [float('nan'), float('inf')]])
w = tf.audio.encode_wav(a, 16000)
"""

AUDIO = {
    "audio_encode_bytes": _WAV + "result = w",
    "audio_encode_mono_tensor_rate": "tf.audio.encode_wav(tf.constant([[0.5], [-0.5]]), "
                                     "tf.constant(8000))",
    "audio_encode_empty": "tf.audio.encode_wav(tf.zeros([0, 2]), 44100)",
    "audio_decode_roundtrip": _WAV + "d = tf.audio.decode_wav(w)\n"
                                     "result = [d.audio, d.sample_rate]",
    "audio_decode_fewer_channels": _WAV + "result = list(tf.audio.decode_wav(w, 1))",
    "audio_decode_more_channels": _WAV + "result = list(tf.audio.decode_wav(w, "
                                         "desired_channels=3))",
    "audio_decode_pad_samples": _WAV + "result = list(tf.audio.decode_wav(w, "
                                       "desired_samples=9))",
    "audio_decode_truncate_samples": _WAV + "result = list(tf.audio.decode_wav(w, "
                                            "desired_samples=2))",
    "audio_decode_tuple_fields": _WAV + "d = tf.audio.decode_wav(w)\n"
                                        "result = [type(d).__name__, d._fields]",
    "audio_decode_bad_riff": "tf.audio.decode_wav(b'junk')",
    "audio_decode_bad_wave": "tf.audio.decode_wav(b'RIFF' + bytes(40))",
    "audio_encode_rank_error": "tf.audio.encode_wav(tf.constant([1.0, 2.0]), 16000)",
    "audio_encode_int_error": "tf.audio.encode_wav(tf.constant([[1, 2]]), 16000)",
    "audio_in_function": """@tf.function
def f(x):
    return tf.audio.decode_wav(tf.audio.encode_wav(x, 22050), desired_channels=2).audio
result = f(tf.constant([[0.5], [-0.25], [0.125]]))""",
}
SNIPPETS.update(AUDIO)
