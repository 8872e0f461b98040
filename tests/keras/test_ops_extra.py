"""``tf.keras.ops``: the less common functions against NumPy, more gradients, and the
ops on unknown batch sizes inside graphs."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient

ops = tf.keras.ops
RNG = np.random.default_rng(1)
X = RNG.standard_normal((3, 4)).astype(np.float32)
NAN = X.copy()
NAN[0, 1] = NAN[2, 3] = np.nan


def close(actual, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=rtol, atol=atol)


NAN_REDUCE = [("nansum", np.nansum), ("nanmean", np.nanmean), ("nanmax", np.nanmax),
              ("nanmin", np.nanmin), ("nanprod", np.nanprod), ("nanvar", np.nanvar),
              ("nanstd", np.nanstd)]


@pytest.mark.parametrize("name,ref", NAN_REDUCE, ids=[n for n, _ in NAN_REDUCE])
@pytest.mark.parametrize("axis", [None, 0, 1])
def test_nan_reductions_match_numpy(name, ref, axis):
    close(getattr(ops, name)(tf.constant(NAN), axis=axis), ref(NAN, axis=axis), rtol=1e-5)


def test_nan_arg_and_cumulative():
    np.testing.assert_array_equal(ops.nanargmax(tf.constant(NAN), axis=1),
                                  np.nanargmax(NAN, axis=1))
    np.testing.assert_array_equal(ops.nanargmin(tf.constant(NAN), axis=0),
                                  np.nanargmin(NAN, axis=0))
    close(ops.nancumsum(tf.constant(NAN), axis=1), np.nancumsum(NAN, axis=1))
    close(ops.nancumprod(tf.constant(NAN)), np.nancumprod(NAN), rtol=1e-4)


def test_spaces_and_windows_match_numpy():
    close(ops.logspace(0.0, 3.0, 5), np.logspace(0, 3, 5), rtol=1e-5)
    close(ops.logspace(1.0, 2.0, 4, endpoint=False, base=2), np.logspace(1, 2, 4, False, 2))
    close(ops.geomspace(2.0, 32.0, 5), np.geomspace(2, 32, 5), rtol=1e-5)
    for name in ("bartlett", "blackman", "hamming", "hanning"):
        close(getattr(ops, name)(7), getattr(np, name)(7), atol=1e-6)
    close(ops.kaiser(6, 2.5), np.kaiser(6, 2.5), rtol=1e-5)


def test_joining_splitting_and_products_match_numpy():
    a, b = np.arange(6).reshape(2, 3), np.array([[1, -1], [2, 0]])
    np.testing.assert_array_equal(ops.kron(tf.constant(a), tf.constant(b)), np.kron(a, b))
    np.testing.assert_array_equal(ops.kron(tf.constant([1, 2]), tf.constant(b)),
                                  np.kron([1, 2], b))
    x = np.arange(24).reshape(2, 4, 3)
    for got, want in zip(ops.hsplit(tf.constant(x), 2), np.hsplit(x, 2)):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(ops.dsplit(tf.constant(x), [1]), np.dsplit(x, [1])):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(ops.dstack([tf.constant(a), tf.constant(a)]), np.dstack([a, a]))
    close(ops.corrcoef(tf.constant(X)), np.corrcoef(X), rtol=1e-4, atol=1e-6)
    for mode in ("valid", "same", "full"):
        close(ops.correlate(tf.constant(X[0]), tf.constant(X[1, :3]), mode=mode),
              np.correlate(X[0], X[1, :3], mode=mode), rtol=1e-5)
    close(ops.vander(tf.constant([1.0, 2.0, 3.0]), 4), np.vander([1.0, 2.0, 3.0], 4))
    close(ops.trapezoid(tf.constant(X), dx=0.5, axis=0), np.trapezoid(X, dx=0.5, axis=0))
    coords = ops.unravel_index(tf.constant([0, 5, 11]), (3, 4))
    for got, want in zip(coords, np.unravel_index([0, 5, 11], (3, 4))):
        np.testing.assert_array_equal(got, want)


def test_bitwise_and_misc_match_numpy():
    a, b = np.array([12, 7, 255]), np.array([10, 3, 1])
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"):
        np.testing.assert_array_equal(getattr(ops, name)(tf.constant(a), tf.constant(b)),
                                      getattr(np, name)(a, b))
    np.testing.assert_array_equal(ops.bitwise_invert(tf.constant(a)), np.invert(a))
    close(ops.logaddexp2(tf.constant(X), tf.constant(X * 2)), np.logaddexp2(X, X * 2))
    close(ops.ldexp(tf.constant(X), tf.constant([1, -2, 3, 0])), np.ldexp(X, [1, -2, 3, 0]))
    counts, edges = ops.histogram(tf.constant(X.ravel()), bins=4)
    want_counts, want_edges = np.histogram(X.ravel(), bins=4)
    close(counts, want_counts)
    close(edges, want_edges, rtol=1e-5)


def _attention_np(q, k, v, causal):
    logits = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(q.shape[-1])
    if causal:
        t, s = logits.shape[-2:]
        logits = np.where(np.tril(np.ones((t, s), bool)), logits, -1e30)
    p = np.exp(logits - logits.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    return np.einsum("bnts,bsnh->btnh", p, v)


@pytest.mark.parametrize("causal", [False, True])
def test_dot_product_attention_matches_numpy(causal):
    q, k, v = (RNG.standard_normal((2, 3, 2, 4)).astype(np.float32) for _ in range(3))
    out = ops.dot_product_attention(tf.constant(q), tf.constant(k), tf.constant(v),
                                    is_causal=causal)
    close(out, _attention_np(q, k, v, causal), rtol=1e-5)
    check_gradient(lambda a, b, c: ops.dot_product_attention(a, b, c, is_causal=causal),
                   [q, k, v], rtol=1e-4)


def test_depth_space_round_trip_and_conv_transpose_gradient():
    x = tf.constant(RNG.standard_normal((2, 4, 6, 3)).astype(np.float32))
    close(ops.depth_to_space(ops.space_to_depth(x, 2), 2), x.numpy())
    check_gradient(lambda a, k: ops.conv_transpose(a, k, strides=2, padding="same"),
                   [RNG.standard_normal((1, 3, 3, 2)), RNG.standard_normal((2, 2, 1, 2))],
                   rtol=1e-4)


@pytest.mark.parametrize("fn", [
    lambda x: ops.nanmean(x, axis=0), lambda x: ops.kron(x, x[:2, :2]),
    lambda x: ops.logaddexp2(x, 2.0 * x), lambda x: ops.trapezoid(x, axis=1),
    lambda x: ops.where(x > 0, x * x, ops.exp(x)), lambda x: ops.einsum("ij,kj->ik", x, x),
    lambda x: ops.concatenate([x, ops.square(x)], axis=1), lambda x: ops.max(x, axis=1),
    lambda x: ops.cumsum(x, axis=0), lambda x: ops.quantile(x, 0.3, axis=0),
    lambda x: ops.scan(lambda c, r: (c * 0.5 + r, c), ops.zeros_like(x[0]), x)[1],
    lambda x: ops.map(lambda r: ops.sum(r * r), x), lambda x: ops.dot(x, ops.transpose(x))])
def test_more_gradients(fn):
    check_gradient(fn, [RNG.standard_normal((3, 4))], rtol=1e-4, atol=1e-6)


NAMES_UNARY = ["sin", "exp", "log1p", "sqrt", "abs", "square", "sign", "floor", "round",
               "relu", "sigmoid", "gelu", "silu", "softplus", "elu", "selu", "tanh",
               "leaky_relu", "hard_sigmoid", "softmax", "log_softmax", "sparsemax", "glu",
               "normalize", "rms_normalization", "erf", "rsqrt", "isnan", "nan_to_num",
               "argsort", "sort", "cumprod", "flip", "ravel", "transpose", "triu", "tril"]


@pytest.mark.parametrize("name", NAMES_UNARY)
def test_unary_graph_serves_any_batch(name):
    def fn(x):
        return getattr(ops, name)(ops.abs(x) + 0.5 if name in ("sqrt", "rsqrt", "log1p") else x)

    concrete = tf.function(fn, input_signature=[tf.TensorSpec([None, 4])]).get_concrete_function()
    for batch in (X, np.concatenate([X, X, X])):
        close(concrete(tf.constant(batch)), fn(tf.constant(batch)), rtol=1e-5)


NAMES_BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power",
                "arctan2", "hypot", "logaddexp", "logaddexp2", "mod", "fmod", "floor_divide",
                "greater", "less_equal", "equal", "not_equal", "divide_no_nan", "heaviside",
                "isclose", "nextafter"]


@pytest.mark.parametrize("name", NAMES_BINARY)
def test_binary_graph_serves_any_batch(name):
    def fn(x):
        return getattr(ops, name)(ops.abs(x) + 0.5, ops.flip(x, 0) * 2.0)

    concrete = tf.function(fn, input_signature=[tf.TensorSpec([None, 4])]).get_concrete_function()
    for batch in (X, np.concatenate([X, X[:1]])):
        close(concrete(tf.constant(batch)), fn(tf.constant(batch)), rtol=1e-5)


NAMES_REDUCE = ["sum", "mean", "max", "min", "prod", "var", "std", "argmax", "argmin", "all",
                "any", "ptp", "median", "logsumexp", "nansum", "nanmean", "nanmax", "nanvar",
                "count_nonzero", "amax", "cumsum", "sort", "argsort"]


@pytest.mark.parametrize("name", NAMES_REDUCE)
@pytest.mark.parametrize("axis", [0, 1])
def test_reductions_graph_serve_any_batch(name, axis):
    def fn(x):
        return getattr(ops, name)(x, axis=axis)

    concrete = tf.function(fn, input_signature=[tf.TensorSpec([None, 4])]).get_concrete_function()
    for batch in (X, np.concatenate([X, X[:1]])):
        close(concrete(tf.constant(batch)), fn(tf.constant(batch)), rtol=1e-5)


def _ctc_np(labels, logits, label_len, time_len, blank=0):
    """Brute-force CTC: -log of the summed probability of every path collapsing to labels."""
    import itertools

    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    losses = []
    for b in range(len(labels)):
        want = list(labels[b][:label_len[b]])
        total = 0.0
        for path in itertools.product(range(logits.shape[-1]), repeat=time_len[b]):
            collapsed = [k for i, k in enumerate(path) if (i == 0 or k != path[i - 1])]
            if [k for k in collapsed if k != blank] == want:
                total += np.exp(sum(logp[b, t, k] for t, k in enumerate(path)))
        losses.append(-np.log(total))
    return np.array(losses)


def test_ctc_loss_matches_brute_force_and_serves_any_batch():
    logits = RNG.standard_normal((3, 4, 3)).astype(np.float32)
    labels = np.array([[1, 2], [1, 1], [2, 0]])
    label_len, time_len = np.array([2, 2, 1]), np.array([4, 3, 4])
    want = _ctc_np(labels, logits, label_len, time_len)
    got = ops.ctc_loss(tf.constant(labels), tf.constant(logits), tf.constant(label_len),
                       tf.constant(time_len))
    close(got, want, rtol=1e-5)
    graph = tf.function(ops.ctc_loss, input_signature=[
        tf.TensorSpec([None, 2], tf.int32), tf.TensorSpec([None, 4, 3]),
        tf.TensorSpec([None], tf.int32), tf.TensorSpec([None], tf.int32)])
    concrete = graph.get_concrete_function()
    # NumPy arguments take the signature's dtypes (int64 labels become int32), as in TF
    close(concrete(labels, logits, label_len, time_len), want, rtol=1e-5)
    close(concrete(labels[:1], logits[:1], label_len[:1], time_len[:1]), want[:1], rtol=1e-5)


def _greedy_np(x, lengths, blank=0, merge=True):
    rows = []
    for b in range(x.shape[0]):
        best = x[b, :lengths[b]].argmax(-1)
        out = [k for t, k in enumerate(best)
               if k != blank and not (merge and t > 0 and k == best[t - 1])]
        rows.append(out + [-1] * (x.shape[1] - len(out)))
    scores = -np.array([[x[b, :lengths[b]].max(-1).sum()] for b in range(x.shape[0])])
    return np.array([rows]), scores


@pytest.mark.parametrize("merge", [True, False])
def test_ctc_decode_greedy_matches_numpy_in_graphs(merge):
    x = RNG.standard_normal((3, 7, 4)).astype(np.float32)
    x[:, 2] = x[:, 1]  # repeats to merge
    lengths = np.array([7, 5, 2], np.int32)
    want_decoded, want_scores = _greedy_np(x, lengths, merge=merge)
    decoded, scores = ops.ctc_decode(tf.constant(x), tf.constant(lengths), merge_repeated=merge)
    np.testing.assert_array_equal(decoded, want_decoded)
    close(scores, want_scores, rtol=1e-5)
    graph = tf.function(lambda a, n: ops.ctc_decode(a, n, merge_repeated=merge),
                        input_signature=[tf.TensorSpec([None, None, 4]),
                                         tf.TensorSpec([None], tf.int32)])
    concrete = graph.get_concrete_function()
    decoded, _ = concrete(tf.constant(x[:2, :5]), tf.constant([5, 3], np.int32))
    np.testing.assert_array_equal(decoded, _greedy_np(x[:2, :5], [5, 3], merge=merge)[0])
