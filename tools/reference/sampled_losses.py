"""TF2 reference snippets for tf.nn.nce_loss, sampled_softmax_loss (fixed sampled_values so the
results are deterministic), compute_accidental_hits and all_candidate_sampler."""

SETUP = """
rng = np.random.RandomState(0)
w = rng.randn(10, 4).astype(np.float32)
b = rng.randn(10).astype(np.float32)
x = rng.randn(3, 4).astype(np.float32)
lab = np.array([[1], [5], [7]])
lab2 = np.array([[1, 2], [5, 3], [7, 7]])
sv = (np.array([1, 3, 7, 0, 9], np.int64), np.array([[0.3], [0.1], [0.2]], np.float32),
      np.array([0.3, 0.4, 0.2, 0.5, 0.1], np.float32))
sv2 = (sv[0], np.full((3, 2), 0.25, np.float32), sv[2])
"""


def _snip(expr: str) -> str:
    return SETUP + f"result = {expr}"


def _grad(loss: str) -> str:
    return SETUP + f"""
wv, bv, xv = tf.Variable(w), tf.Variable(b), tf.constant(x)
with tf.GradientTape() as tape:
    tape.watch(xv)
    loss = tf.reduce_sum({loss})
result = tape.gradient(loss, [wv, bv, xv])
result = [tf.convert_to_tensor(g) for g in result]
"""


SNIPPETS = {
    "nce_loss_basic": _snip("tf.nn.nce_loss(w, b, lab, x, 5, 10, sampled_values=sv)"),
    "nce_loss_remove_hits": _snip("tf.nn.nce_loss(w, b, lab, x, 5, 10, sampled_values=sv, "
                                  "remove_accidental_hits=True)"),
    "nce_loss_num_true_2": _snip("tf.nn.nce_loss(w, b, lab2, x, 5, 10, num_true=2, "
                                 "sampled_values=sv2, remove_accidental_hits=True)"),
    "nce_loss_partitioned": _snip("tf.nn.nce_loss([w[:5], w[5:]], b, lab, x, 5, 10, "
                                  "sampled_values=sv)"),
    "sampled_softmax_default_hits": _snip("tf.nn.sampled_softmax_loss(w, b, lab, x, 5, 10, "
                                          "sampled_values=sv)"),
    "sampled_softmax_keep_hits": _snip("tf.nn.sampled_softmax_loss(w, b, lab, x, 5, 10, "
                                       "sampled_values=sv, remove_accidental_hits=False)"),
    "sampled_softmax_num_true_2": _snip("tf.nn.sampled_softmax_loss(w, b, lab2, x, 5, 10, "
                                        "num_true=2, sampled_values=sv2)"),
    "sampled_softmax_float64": _snip(
        "tf.nn.sampled_softmax_loss(w.astype(np.float64), b.astype(np.float64), lab, "
        "x.astype(np.float64), 5, 10, sampled_values=sv)"),
    "sampled_softmax_random_shape": _snip(
        "tf.nn.sampled_softmax_loss(w, b, lab, x, 4, 10, seed=3).shape"),
    "nce_random_shape": _snip("tf.nn.nce_loss(w, b, lab, x, 4, 10).shape"),
    "nce_loss_gradient": _grad("tf.nn.nce_loss(wv, bv, lab, xv, 5, 10, sampled_values=sv, "
                               "remove_accidental_hits=True)"),
    "sampled_softmax_gradient": _grad("tf.nn.sampled_softmax_loss(wv, bv, lab2, xv, 5, 10, "
                                      "num_true=2, sampled_values=sv2)"),
    "accidental_hits": "list(tf.nn.compute_accidental_hits(np.array([[1, 2], [3, 1]]), "
                       "np.array([1, 5, 1, 3, 2]), 2))",
    "accidental_hits_none": "list(tf.nn.compute_accidental_hits(np.array([[8]]), "
                            "np.array([1, 5]), 1))",
    "accidental_hits_repeated_true": "list(tf.nn.compute_accidental_hits("
                                     "np.array([[4, 4], [0, 9]]), np.array([9, 4, 0]), 2))",
    "all_candidate_sampler": "list(tf.random.all_candidate_sampler(np.array([[1, 2], [3, 1]]), "
                             "2, 4, True))",
    "all_candidate_sampler_nn": "list(tf.nn.all_candidate_sampler(np.array([[1], [2]]), 1, 3, "
                                "False))",
    "fixed_unigram_true_counts": "tf.random.fixed_unigram_candidate_sampler("
                                 "np.array([[0], [1], [2], [3]]), 1, 3, False, 4, "
                                 "unigrams=[1., 2., 3., 4.])[1]",
    "fixed_unigram_distortion_counts": "tf.random.fixed_unigram_candidate_sampler("
                                       "np.array([[0, 3]]), 2, 5, False, 4, "
                                       "unigrams=[1., 2., 3., 4.], distortion=0.5)[1]",
    "fixed_unigram_reserved_counts": "tf.nn.fixed_unigram_candidate_sampler("
                                     "np.array([[0], [1], [5]]), 1, 3, False, 6, "
                                     "unigrams=[1., 2., 3., 4.], num_reserved_ids=2)[1]",
    "fixed_unigram_shard_counts": "tf.random.fixed_unigram_candidate_sampler("
                                  "np.array([[0], [1], [2]]), 1, 8, False, 3, "
                                  "unigrams=[1., 2., 3., 4., 5.], num_shards=2, shard=0)[1]",
    "fixed_unigram_shapes": "[t.shape for t in tf.random.fixed_unigram_candidate_sampler("
                            "np.array([[0, 1], [2, 3]]), 2, 3, True, 4, "
                            "unigrams=[1., 2., 3., 4.])]",
    "fixed_unigram_bad_range": "tf.random.fixed_unigram_candidate_sampler(np.array([[0]]), 1, 3, "
                               "False, 5, unigrams=[1., 2., 3., 4.])",
    "fixed_unigram_reserved_shard_size": "tf.random.fixed_unigram_candidate_sampler("
                                         "np.array([[0]]), 1, 8, False, 3, unigrams=[1., 2., 3., "
                                         "4., 5.], num_shards=2, shard=1, num_reserved_ids=1)",
    "fixed_unigram_true_out_of_range": "tf.random.fixed_unigram_candidate_sampler("
                                       "np.array([[4]]), 1, 3, False, 4, "
                                       "unigrams=[1., 2., 3., 4.])",
    "all_candidate_out_of_range": "tf.random.all_candidate_sampler(np.array([[1], [3]]), 1, 3, "
                                  "True)",
    "all_candidate_bad_num_true": "tf.random.all_candidate_sampler(np.array([[1, 2]]), 1, 3, "
                                  "True)",
}
