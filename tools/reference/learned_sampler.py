"""TF2 reference snippets: tf.random / tf.nn.learned_unigram_candidate_sampler. The draws are
random, so snippets pin the deterministic parts: expected counts (every class starts with
count 1; each call adds 1 per true class after drawing), shapes, dtypes, ranges, uniqueness,
the state kept across eager calls and graph runs, and errors. Each snippet uses its own seed:
TF keeps one sampler per attribute set for the whole process."""

_S = "tf.random.learned_unigram_candidate_sampler"
_TC = "tc = tf.constant([[0], [0], [1]], tf.int64)\n"


def _outputs(call: str) -> str:
    return (f"s, t, e = {call}\n"
            "result = [tuple(s.shape), s.dtype.name, tuple(t.shape), t.dtype.name, "
            "tuple(e.shape), e.dtype.name, bool(np.all((s.numpy() >= 0) & "
            "(s.numpy() < 10)))]\n")


def _repeated(calls: int, call: str, setup: str = _TC) -> str:
    return (f"{setup}outs = [{call} for _ in range({calls})]\n"
            "result = [o[1] for o in outs]\n")


def _sampled_counts_follow_true(call: str, setup: str = _TC) -> str:
    """Each sampled class's expected count equals the one a true class of that id gets."""
    return (f"{setup}ok = []\nfor _ in range(4):\n"
            f"    s, t, e = {call}\n"
            "    again = {int(c): float(v) for c, v in zip(tc.numpy()[:, 0], t.numpy()[:, 0])}\n"
            "    ok += [abs(again[int(c)] - float(v)) < 1e-6 for c, v in "
            "zip(s.numpy(), e.numpy()) if int(c) in again]\n"
            "result = all(ok)\n")


SNIPPETS = {
    "outputs_meta": _outputs(f"{_S}(tf.constant([[1, 2], [3, 4]], tf.int64), 2, 5, False, 10, "
                             "seed=201)"),
    "outputs_meta_unique": _outputs(f"{_S}(tf.constant([[9]], tf.int64), 1, 7, True, 10, "
                                    "seed=202)"),
    "nn_alias_meta": _outputs("tf.nn.learned_unigram_candidate_sampler("
                              "tf.constant([[1], [2]], tf.int64), 1, 3, False, 10, seed=203)"),
    "nn_is_random": "tf.nn.learned_unigram_candidate_sampler is " + _S,
    "first_call_uniform_counts": f"{_TC}result = list({_S}(tc, 1, 2, False, 4, seed=204)[1:])",
    "learns_from_true_classes": _repeated(4, f"{_S}(tc, 1, 2, False, 4, seed=205)"),
    "learns_two_columns": _repeated(
        3, f"{_S}(tc, 2, 3, False, 6, seed=206)",
        setup="tc = tf.constant([[0, 5], [5, 5]], tf.int64)\n"),
    "sampled_counts_consistent": _sampled_counts_follow_true(
        f"{_S}(tc, 1, 3, False, 4, seed=207)"),
    "unique_distinct": f"{_TC}s = {_S}(tc, 1, 6, True, 8, seed=208)[0].numpy()\n"
                       "result = [len(set(s.tolist())), bool(np.all((s >= 0) & (s < 8)))]\n",
    "unique_full_range": f"{_TC}s = {_S}(tc, 1, 5, True, 5, seed=209)[0]\n"
                         "result = np.sort(s.numpy())",
    "unique_full_range_after_learning": f"{_TC}outs = [{_S}(tc, 1, 4, True, 4, seed=210)[0] "
                                        "for _ in range(3)]\n"
                                        "result = [np.sort(o.numpy()) for o in outs]\n",
    "graph_keeps_state": f"{_TC}f = tf.function(lambda t: {_S}(t, 1, 2, False, 4, seed=211))\n"
                         "result = [f(tc)[1] for _ in range(3)]\n",
    "graph_fresh_per_function": f"{_TC}f = tf.function(lambda t: {_S}(t, 1, 2, False, 4, "
                                "seed=212))\ng = tf.function(lambda t: "
                                f"{_S}(t, 1, 2, False, 4, seed=212))\n"
                                "f(tc)\nf(tc)\nresult = [f(tc)[1], g(tc)[1]]\n",
    "error_range_too_small": f"{_TC}result = {_S}(tc, 1, 5, True, 4, seed=213)",
    "error_true_out_of_range": f"{_S}(tf.constant([[7]], tf.int64), 1, 2, False, 4, seed=214)",
    "error_negative_true": f"{_S}(tf.constant([[-1]], tf.int64), 1, 2, False, 4, seed=215)",
    "error_num_true_mismatch": f"{_S}(tf.constant([[0, 1]], tf.int64), 1, 2, False, 4, "
                               "seed=216)",
    "error_not_matrix": f"{_S}(tf.constant([0, 1], tf.int64), 1, 2, False, 4, seed=217)",
}
