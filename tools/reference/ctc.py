"""TF2 reference snippets for CTC: tf.nn.ctc_loss (dense and sparse labels, blank_index,
batch-major logits), its gradient, the greedy and beam search decoders, ctc_unique_labels,
collapse_repeated, and keras.losses.CTC / keras.ops.ctc_decode."""

SETUP = """
rng = np.random.RandomState(0)
lg = rng.randn(6, 2, 5).astype(np.float32)
lab = np.array([[1, 2, 2, 0], [3, 0, 0, 0]], np.int32)
ll = np.array([3, 1], np.int32)
tl = np.array([6, 4], np.int32)
"""


def _snip(body: str) -> str:
    return SETUP + body


def _sparse(expr: str) -> str:
    return _snip(f"d, s = {expr}\n"
                 "result = [[x.indices, x.values, x.dense_shape] for x in d] + [s]")


SNIPPETS = {
    "ctc_loss_dense_default_blank": _snip("result = tf.nn.ctc_loss(lab, lg, ll, tl)"),
    "ctc_loss_dense_blank_last": _snip("result = tf.nn.ctc_loss(lab, lg, ll, tl, "
                                       "blank_index=4)"),
    "ctc_loss_dense_blank_negative": _snip("result = tf.nn.ctc_loss(lab, lg, ll, tl, "
                                           "blank_index=-1)"),
    "ctc_loss_batch_major": _snip(
        "result = tf.nn.ctc_loss(lab, np.transpose(lg, [1, 0, 2]), ll, tl, "
        "logits_time_major=False)"),
    "ctc_loss_sparse_blank_last": _snip(
        "result = tf.nn.ctc_loss(tf.sparse.from_dense(lab), lg, None, tl, blank_index=4)"),
    "ctc_loss_sparse_blank_zero": _snip(
        "result = tf.nn.ctc_loss(tf.sparse.from_dense(lab), lg, None, tl, blank_index=0)"),
    "ctc_loss_sparse_needs_blank": _snip(
        "result = tf.nn.ctc_loss(tf.sparse.from_dense(lab), lg, None, tl)"),
    "ctc_loss_unique_ignored": _snip(
        "result = tf.nn.ctc_loss(lab, lg, ll, tl, unique=tf.nn.ctc_unique_labels(lab))"),
    "ctc_loss_gradient": _snip("""
x = tf.constant(lg)
with tf.GradientTape() as tape:
    tape.watch(x)
    loss = tf.reduce_sum(tf.nn.ctc_loss(lab, x, ll, tl))
result = tape.gradient(loss, x)
"""),
    "ctc_loss_float16": _snip("result = tf.nn.ctc_loss(lab, lg.astype(np.float16), ll, tl)"),
    "ctc_loss_in_function": _snip(
        "result = tf.function(lambda x: tf.nn.ctc_loss(lab, x, ll, tl))(lg)"),
    "ctc_greedy_default": _sparse("tf.nn.ctc_greedy_decoder(lg, tl)"),
    "ctc_greedy_blank_zero": _sparse("tf.nn.ctc_greedy_decoder(lg, tl, blank_index=0)"),
    "ctc_greedy_no_merge": _sparse("tf.nn.ctc_greedy_decoder(lg, tl, merge_repeated=False)"),
    "ctc_beam_top2": _sparse("tf.nn.ctc_beam_search_decoder(lg, tl, beam_width=4, "
                             "top_paths=2)"),
    "ctc_beam_default": _sparse("tf.nn.ctc_beam_search_decoder(lg, tl)"),
    "ctc_beam_float64": _sparse("tf.nn.ctc_beam_search_decoder(tf.constant(lg, tf.float64), "
                                "tl, beam_width=3)"),
    "ctc_unique_labels": "tf.nn.ctc_unique_labels(np.array([[3, 4, 3, 5, 0], "
                         "[1, 1, 2, 0, 0]]))",
    "ctc_unique_labels_int32": "tf.nn.ctc_unique_labels(np.array([[2, 2, 7], [0, 1, 0]], "
                               "np.int32))",
    "collapse_repeated": "tf.nn.collapse_repeated(np.array([[3, 3, 4, 4, 4, 3], "
                         "[1, 1, 2, 2, 0, 0]]), [6, 4])",
    "keras_ctc_loss_class": _snip(
        "result = tf.keras.losses.CTC()(lab, np.transpose(lg, [1, 0, 2]))"),
    "keras_ctc_loss_fn": _snip(
        "result = tf.keras.losses.ctc(lab, np.transpose(lg, [1, 0, 2]))"),
    "keras_ctc_loss_bad_rank": _snip(
        "result = tf.keras.losses.ctc(lab[0], np.transpose(lg, [1, 0, 2]))"),
    "keras_ctc_config": "tf.keras.losses.CTC(name='c').get_config()",
    "keras_ops_ctc_decode_beam": _snip(
        "result = list(tf.keras.ops.ctc_decode(np.transpose(lg, [1, 0, 2]), tl, "
        "strategy='beam_search', beam_width=4, top_paths=2))"),
    "keras_ops_ctc_decode_beam_mask_last": _snip(
        "result = list(tf.keras.ops.ctc_decode(np.transpose(lg, [1, 0, 2]), tl, "
        "strategy='beam_search', beam_width=5, mask_index=4))"),
}
