"""tf.random and tf.nn.dropout: seeding semantics, distribution statistics, dtypes, errors.

Statistical checks use 10**6 samples (or as stated) and bounds of 5 standard errors; every
sample comes from a fixed seed, so the tests are deterministic.
"""
from __future__ import annotations

import threading

import numpy as np
import pytest

import fluxion as tf
from fluxion.ops import random_prims
from tests.opcheck import check_gradient

N = 10**6


@pytest.fixture(autouse=True)
def _fixed_seed():
    tf.random.set_seed(1234)
    yield
    tf.random.set_seed(None)


def same(a, b) -> bool:
    return bool(np.array_equal(np.asarray(a), np.asarray(b)))


def reseeded(fn, seed: int = 1):
    """`fn` with the global seed reset before every call, so that repeated calls (finite
    differences) draw the same numbers."""
    def call(*args):
        tf.random.set_seed(seed)
        return fn(*args)
    return call


def assert_mean_var(x, mean, var, fourth=None):
    """Sample mean and variance within 5 standard errors (`fourth`: the 4th central moment)."""
    x = np.asarray(x, np.float64)
    n = x.size
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / n), (x.mean(), mean)
    fourth = 3 * var**2 if fourth is None else fourth
    assert abs(x.var() - var) < 5 * np.sqrt((fourth - var**2) / n), (x.var(), var)


# --- seeding semantics ---------------------------------------------------------------------------
SAMPLERS = {
    "uniform": lambda **k: tf.random.uniform([5], **k),
    "uniform_int": lambda **k: tf.random.uniform([5], 0, 1000, dtype=tf.int64, **k),
    "normal": lambda **k: tf.random.normal([5], **k),
    "truncated_normal": lambda **k: tf.random.truncated_normal([5], **k),
    "categorical": lambda **k: tf.random.categorical(tf.zeros([2, 50]), 5, **k),
    "shuffle": lambda **k: tf.random.shuffle(tf.constant(np.arange(50)), **k),
    "dropout": lambda **k: tf.nn.dropout(tf.ones([50]), 0.5, **k),
    "gamma": lambda **k: tf.random.gamma([5], 2.0, **k),
    "poisson": lambda **k: tf.random.poisson([5], 10.0, **k),
}


@pytest.mark.parametrize("name", SAMPLERS)
def test_global_seed_makes_the_sequence_reproducible(name):
    sample = SAMPLERS[name]
    tf.random.set_seed(5)
    first = [sample().numpy() for _ in range(3)]
    tf.random.set_seed(5)
    again = [sample().numpy() for _ in range(3)]
    assert all(same(a, b) for a, b in zip(first, again))
    assert not same(first[0], first[1]) and not same(first[1], first[2])


@pytest.mark.parametrize("name", SAMPLERS)
def test_op_seed_sequence_is_reproducible_and_advances(name):
    sample = SAMPLERS[name]
    tf.random.set_seed(5)
    a1, a2 = sample(seed=3).numpy(), sample(seed=3).numpy()
    tf.random.set_seed(5)
    b1, b2 = sample(seed=3).numpy(), sample(seed=3).numpy()
    assert same(a1, b1) and same(a2, b2) and not same(a1, a2)
    tf.random.set_seed(5)
    assert not same(sample(seed=4).numpy(), a1)


def test_global_seeds_give_different_sequences():
    tf.random.set_seed(1)
    a = tf.random.uniform([8]).numpy()
    tf.random.set_seed(2)
    assert not same(a, tf.random.uniform([8]))


def test_op_seed_calls_do_not_shift_the_global_sequence():
    tf.random.set_seed(9)
    a, b = tf.random.normal([4]).numpy(), tf.random.normal([4]).numpy()
    tf.random.set_seed(9)
    tf.random.normal([4], seed=1)
    c = tf.random.normal([4]).numpy()
    tf.random.uniform([4], seed=2)
    assert same(a, c) and same(b, tf.random.normal([4]))


def test_op_seed_without_global_seed_uses_the_default_global_seed():
    tf.random.set_seed(None)
    a1, a2 = tf.random.uniform([4], seed=7).numpy(), tf.random.uniform([4], seed=7).numpy()
    tf.random.set_seed(None)
    assert same(tf.random.uniform([4], seed=7), a1)
    tf.random.set_seed(87654321)  # TF's DEFAULT_GRAPH_SEED
    assert same(tf.random.uniform([4], seed=7), a1)
    assert same(tf.random.uniform([4], seed=7), a2)


def test_no_seed_at_all_is_nondeterministic():
    tf.random.set_seed(None)
    a = tf.random.uniform([8]).numpy()
    tf.random.set_seed(None)
    b = tf.random.uniform([8]).numpy()
    assert not same(a, b) and not same(b, tf.random.uniform([8]))


def test_set_seed_accepts_tf_seed_values():
    for seed in (2**40, -3, 1.5, "abc", tf.constant(3), np.int64(4)):
        tf.random.set_seed(seed)
        a = tf.random.uniform([3]).numpy()
        tf.random.set_seed(seed)
        assert same(a, tf.random.uniform([3]))


def test_stateless_ops_are_pure_functions_of_the_seed():
    ops = [lambda s: tf.random.stateless_uniform([6], s),
           lambda s: tf.random.stateless_uniform([6], s, 0, 100, tf.int32),
           lambda s: tf.random.stateless_normal([6], s),
           lambda s: tf.random.stateless_truncated_normal([6], s),
           lambda s: tf.random.stateless_categorical(tf.zeros([2, 30]), 6, s),
           lambda s: tf.random.stateless_gamma([6], s, 3.0),
           lambda s: tf.random.stateless_poisson([6], s, 8.0),
           lambda s: tf.random.stateless_binomial([6], s, 50.0, 0.5),
           lambda s: tf.random.experimental.stateless_shuffle(tf.constant(np.arange(30)), s)]
    for op in ops:
        a = op([3, 4]).numpy()
        tf.random.set_seed(77)
        tf.random.uniform([3])
        assert same(op([3, 4]), a)
        assert same(op(tf.constant([3, 4], tf.int64)), a)
        assert not same(op([3, 5]), a)


def test_stateless_and_stateful_streams_are_apart():
    tf.random.set_seed(3)
    a = tf.random.uniform([8], seed=4).numpy()
    assert not same(a, tf.random.stateless_uniform([8], [3, 4]))


def test_kernels_are_thread_safe():
    expected = tf.random.stateless_normal([1000], [1, 2]).numpy()
    results = []

    def work():
        for _ in range(50):
            results.append(same(tf.random.stateless_normal([1000], [1, 2]), expected))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 200 and all(results)


# --- distributions -------------------------------------------------------------------------------
def test_uniform_float_statistics():
    x = tf.random.uniform([N]).numpy()
    assert x.dtype == np.float32 and x.min() >= 0 and x.max() < 1
    assert_mean_var(x, 0.5, 1 / 12, fourth=1 / 80)
    y = tf.random.uniform([N], -3.0, 5.0, dtype=tf.float64).numpy()
    assert y.dtype == np.float64 and y.min() >= -3 and y.max() < 5
    assert_mean_var(y, 1.0, 64 / 12, fourth=8**4 / 80)


def test_uniform_float16_stays_below_one():
    x = tf.random.uniform([N], dtype=tf.float16).numpy()
    assert x.dtype == np.float16 and x.min() >= 0 and x.max() < 1
    assert abs(x.astype(np.float64).mean() - 0.5) < 0.002


def test_uniform_tensor_bounds_broadcast_and_differentiate():
    lo, hi = tf.constant([0.0, 10.0, -5.0]), tf.constant(20.0)
    x = tf.random.uniform([1000, 3], lo, hi).numpy()
    assert np.all(x >= [0, 10, -5]) and np.all(x < 20)
    check_gradient(reseeded(lambda a, b: tf.random.uniform([4, 3], a, b, tf.float64)),
                   [np.array([0.0, 1.0, 2.0]), np.array([3.0, 4.0, 5.0])])


def test_uniform_int_frequencies():
    x = tf.random.uniform([N], -2, 3, dtype=tf.int32).numpy()
    assert x.dtype == np.int32
    freq = np.bincount(x + 2, minlength=5) / N
    assert np.all(np.abs(freq - 0.2) < 5 * np.sqrt(0.2 * 0.8 / N))


def test_uniform_full_range_integers():
    for dtype in (tf.int32, tf.int64, tf.uint32, tf.uint64):
        x = tf.random.stateless_uniform([10**5], [1, 2], None, None, dtype).numpy()
        info = np.iinfo(dtype.as_numpy_dtype)
        assert x.dtype == info.dtype
        # the extreme deciles of the range are both reached
        span = float(info.max) - float(info.min)
        assert x.astype(np.float64).min() < info.min + span / 10
        assert x.astype(np.float64).max() > info.max - span / 10


def test_normal_statistics():
    x = tf.random.normal([N]).numpy()
    assert x.dtype == np.float32
    assert_mean_var(x, 0.0, 1.0)
    y = tf.random.normal([N], mean=3.0, stddev=2.0, dtype=tf.float64).numpy()
    assert_mean_var(y, 3.0, 4.0)
    z = tf.random.normal([N], dtype=tf.float16).numpy()
    assert z.dtype == np.float16 and abs(z.astype(np.float64).std() - 1) < 0.01


def test_normal_tensor_mean_and_stddev_get_gradients():
    check_gradient(reseeded(lambda m, s: tf.random.normal([5, 2], m, s, tf.float64)),
                   [np.array([1.0, -1.0]), np.array([0.5, 2.0])])
    check_gradient(lambda m: tf.random.stateless_truncated_normal([3, 2], [1, 1], m,
                                                                          dtype=tf.float64),
                   [np.array([1.0, -1.0])])


def test_truncated_normal_bounds_and_statistics():
    x = tf.random.truncated_normal([N]).numpy()
    assert np.abs(x).max() <= 2
    # variance of a standard normal truncated to [-2, 2]
    phi2, mass = np.exp(-2) / np.sqrt(2 * np.pi), 0.9544997361036416
    var = 1 - 4 * phi2 / mass
    assert abs(x.mean()) < 5 * np.sqrt(var / N)
    assert abs(x.var() - var) < 5 * np.sqrt(2 * var**2 / N)
    y = tf.random.truncated_normal([N], mean=-1.0, stddev=3.0, dtype=tf.float64).numpy()
    assert y.min() >= -7 and y.max() <= 5 and abs(y.mean() + 1) < 5 * 3 * np.sqrt(var / N)
    z = tf.random.truncated_normal([10**5], dtype=tf.float16).numpy()
    assert z.dtype == np.float16 and np.abs(z).max() <= 2


def test_categorical_frequencies_match_softmax():
    logits = np.array([[1.0, 2.0, 3.0, -np.inf], [0.0, 0.0, 0.0, 0.0], [-1.0, 5.0, 0.0, 0.5]],
                      np.float32)
    n = 300000  # 3 x 300000 x 4 > 2**22: the per-row searchsorted branch
    x = tf.random.categorical(logits, n).numpy()
    assert x.shape == (3, n) and x.dtype == np.int64
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    for row in range(3):
        freq = np.bincount(x[row], minlength=4) / n
        assert np.all(np.abs(freq - p[row]) < 5 * np.sqrt(p[row] * (1 - p[row]) / n) + 1e-12)
    assert not np.any(x[0] == 3)


def test_categorical_small_batches_use_the_same_rule():
    logits = tf.math.log(tf.constant([[0.1, 0.2, 0.7]]))
    x = tf.random.categorical(logits, 100000, dtype=tf.int32).numpy()  # broadcast branch
    assert x.dtype == np.int32
    freq = np.bincount(x[0], minlength=3) / 100000
    assert np.all(np.abs(freq - [0.1, 0.2, 0.7]) < 5 * np.sqrt(0.25 / 100000))


def test_categorical_infinite_logits_take_all_the_mass():
    x = tf.random.categorical([[np.inf, 0.0, np.inf], [0.0, 0.0, np.inf]], 10000).numpy()
    assert set(np.unique(x[0]).tolist()) == {0, 2} and np.all(x[1] == 2)
    assert abs((x[0] == 0).mean() - 0.5) < 5 * np.sqrt(0.25 / 10000)


@pytest.mark.parametrize("shape", [(3, 5, 7), (2, 300, 8000)])
def test_count_at_most_branches_agree_with_searchsorted(shape):
    b, s, c = shape
    rng = np.random.default_rng(0)
    cdf = np.cumsum(rng.integers(0, 3, (b, c)).astype(np.float64), axis=1)
    v = rng.uniform(0, cdf[:, -1:] + 1, (b, s))
    v[:, 0] = cdf[:, c // 2]  # exact ties count as "at most"
    got = random_prims._count_at_most(cdf, v)
    want = np.stack([np.searchsorted(cdf[r], v[r], side="right") for r in range(b)])
    np.testing.assert_array_equal(got, want)


def test_shuffle_is_a_uniform_permutation():
    base = tf.constant(np.arange(1000))
    y = tf.random.shuffle(base).numpy()
    assert sorted(y.tolist()) == list(range(1000)) and not same(y, np.arange(1000))
    rows = tf.random.shuffle(tf.constant(np.arange(60).reshape(20, 3))).numpy()
    assert np.all(rows[:, 1] == rows[:, 0] + 1) and np.all(rows[:, 0] % 3 == 0)
    n = 20000
    first = np.array([tf.random.shuffle(tf.constant([0, 1, 2, 3, 4])).numpy()[0]
                      for _ in range(n)])
    freq = np.bincount(first, minlength=5) / n
    assert np.all(np.abs(freq - 0.2) < 5 * np.sqrt(0.16 / n))


def test_shuffle_keeps_strings_scalars_and_has_no_gradient():
    y = tf.random.shuffle(tf.constant(["a", "b", "c"])).numpy()
    assert sorted(y.tolist()) == [b"a", b"b", b"c"]
    assert tf.random.shuffle(tf.constant(5.0)).numpy() == 5.0
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.random.shuffle(x)
    assert tape.gradient(y, x) is None


def test_gamma_moments_and_beta_gradient():
    alpha = np.array([0.5, 2.0, 10.0], np.float32)
    x = tf.random.gamma([N], alpha, beta=2.0).numpy()
    assert x.shape == (N, 3) and x.min() > 0
    for k, a in enumerate(alpha):
        var = a / 4
        assert abs(x[:, k].mean() - a / 2) < 5 * np.sqrt(var / N)
        assert abs(x[:, k].var() - var) < 5 * np.sqrt((6 * a / 16 + 2 * var**2) / N)
    check_gradient(reseeded(lambda b: tf.random.gamma([3], 2.0, b, tf.float64)),
                   [np.array([1.0, 3.0])], rtol=1e-4)


def test_poisson_and_binomial_moments():
    lam = np.array([0.5, 4.0, 200.0])
    x = tf.random.poisson([N], lam, dtype=tf.int64).numpy()
    assert x.dtype == np.int64 and x.shape == (N, 3)
    for k, m in enumerate(lam):
        assert_mean_var(x[:, k], m, m, fourth=m + 3 * m * m)
    y = tf.random.stateless_binomial([N], [5, 6], counts=20.0, probs=0.25).numpy()
    assert y.dtype == np.int32 and y.min() >= 0 and y.max() <= 20
    var = 20 * 0.25 * 0.75
    assert abs(y.mean() - 5) < 5 * np.sqrt(var / N)


# --- dropout -------------------------------------------------------------------------------------
def test_dropout_keeps_the_right_fraction_and_scales():
    y = tf.nn.dropout(tf.ones([N]), 0.3).numpy()
    kept = y != 0
    assert abs(kept.mean() - 0.7) < 5 * np.sqrt(0.21 / N)
    np.testing.assert_allclose(y[kept], 1 / 0.7, rtol=1e-6)
    y16 = tf.nn.dropout(tf.ones([10**5], tf.float16), 0.5).numpy()
    assert y16.dtype == np.float16 and set(np.unique(y16).tolist()) == {0.0, 2.0}


def test_dropout_zeroes_dropped_units_even_when_infinite():
    y = tf.nn.dropout(tf.constant(np.full(1000, np.inf, np.float32)), 0.5).numpy()
    assert not np.any(np.isnan(y)) and set(np.unique(y).tolist()) == {0.0, np.inf}


def test_dropout_noise_shape_and_rate_tensor():
    y = tf.nn.dropout(tf.ones([100, 6]), tf.constant(0.5), noise_shape=[100, 1]).numpy()
    assert np.all(y == y[:, :1]) and 0 < (y[:, 0] == 0).mean() < 1
    y = tf.nn.dropout(tf.ones([100, 6]), 0.5, noise_shape=[None, 1]).numpy()
    assert np.all(y == y[:, :1])
    y = tf.nn.dropout(tf.ones([100, 6]), 0.5, noise_shape=tf.constant([1, 6])).numpy()
    assert np.all(y == y[:1])
    assert np.all(tf.nn.dropout(tf.ones([3, 4]), tf.constant(1.0)).numpy() == 0)


def test_dropout_gradient_is_the_same_mask_times_scale():
    x = tf.constant(np.linspace(-1, 1, 1000), tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.dropout(x, 0.4)
    g = tape.gradient(y, x).numpy()
    np.testing.assert_allclose(g, (y.numpy() != 0) / 0.6, rtol=1e-6)
    check_gradient(reseeded(lambda x: tf.nn.dropout(x, 0.5)),
                   [np.linspace(-1, 1, 12).reshape(3, 4)])
    check_gradient(reseeded(lambda x, r: tf.nn.dropout(x, r)),
                   [np.linspace(-1, 1, 12).reshape(3, 4), np.array(0.35)])


def test_dropout_errors():
    with pytest.raises(ValueError, match="range"):
        tf.nn.dropout(tf.ones([2]), 1.0)
    with pytest.raises(ValueError, match="range"):
        tf.nn.dropout(tf.ones([2]), -0.5)
    with pytest.raises(ValueError, match="floating"):
        tf.nn.dropout(tf.constant([1, 2]), 0.5)
    with pytest.raises(ValueError, match="rank 0"):
        tf.nn.dropout(tf.ones([2]), tf.constant([0.5, 0.5]))
    with pytest.raises(ValueError, match="compatible"):
        tf.nn.dropout(tf.ones([2]), tf.constant(0.5, tf.float64))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dropout"):
        tf.nn.dropout(tf.ones([4, 5]), 0.5, noise_shape=[3, 1])


# --- Generator -----------------------------------------------------------------------------------
def test_generator_reproducible_and_advancing():
    g = tf.random.Generator.from_seed(11)
    a, b = g.normal([4]).numpy(), g.normal([4]).numpy()
    assert not same(a, b)
    h = tf.random.Generator.from_seed(11)
    assert same(h.normal([4]), a) and same(h.normal([4]), b)
    h.reset_from_seed(11)
    assert same(h.normal([4]), a)
    copy = tf.random.Generator(copy_from=g)
    assert same(copy.uniform([3]), g.uniform([3]))


def test_generators_with_neighbouring_seeds_do_not_overlap():
    g1, g2 = tf.random.Generator.from_seed(1), tf.random.Generator.from_seed(2)
    first = [g1.uniform([16]).numpy() for _ in range(3)]
    assert not any(same(g2.uniform([16]), f) for f in first)


def test_generator_ignores_global_seed_and_state_layout():
    g = tf.random.Generator.from_seed(1)
    assert same(g.state, [1, 0, 0]) and g.state.dtype == tf.int64 and g.algorithm == 1
    a = g.uniform([3]).numpy()
    assert not same(g.state, [1, 0, 0])
    tf.random.set_seed(5)
    assert same(tf.random.Generator.from_seed(1).uniform([3]), a)


def test_generator_distributions():
    g = tf.random.Generator.from_seed(3)
    assert_mean_var(g.normal([N]).numpy(), 0.0, 1.0)
    u = g.uniform([N], 2.0, 4.0).numpy()
    assert u.min() >= 2 and u.max() < 4
    assert_mean_var(u, 3.0, 4 / 12, fourth=16 / 80)
    assert np.abs(g.truncated_normal([N]).numpy()).max() <= 2
    ints = g.uniform([N], 0, 4, dtype=tf.int64).numpy()
    assert np.all(np.abs(np.bincount(ints) / N - 0.25) < 5 * np.sqrt(0.1875 / N))
    full = g.uniform_full_int([1000]).numpy()
    assert full.dtype == np.uint64 and len(set(full.tolist())) == 1000
    b = g.binomial([N], counts=10.0, probs=0.5).numpy()
    assert abs(b.mean() - 5) < 5 * np.sqrt(2.5 / N)


def test_generator_split_and_make_seeds():
    g = tf.random.Generator.from_seed(8)
    seeds = g.make_seeds(4)
    assert seeds.shape == (2, 4) and seeds.dtype == tf.int64
    outs = [tf.random.stateless_uniform([4], seeds.numpy()[:, i]).numpy() for i in range(4)]
    assert len({o.tobytes() for o in outs}) == 4
    kids = g.split(3)
    values = [k.normal([4]).numpy() for k in kids] + [g.normal([4]).numpy()]
    assert len({v.tobytes() for v in values}) == 4
    h = tf.random.Generator.from_seed(8)
    h.make_seeds(4)
    assert same(h.split(3)[1].normal([4]), values[1])


def test_generator_constructors_and_skip():
    g = tf.random.Generator.from_state([1, 2, 3], alg="philox")
    assert same(g.state, [1, 2, 3]) and same(g.key, 3)
    assert same(tf.random.Generator.from_key_counter(5, [1, 2], "philox").state, [1, 2, 5])
    assert tf.random.Generator.from_seed(1, alg="threefry").state.shape == (2,)
    a = tf.random.Generator.from_seed(4)
    b = tf.random.Generator.from_seed(4)
    a.normal([2])
    b.skip(2)
    assert same(a.state, b.state)
    with pytest.raises(ValueError):
        tf.random.Generator.from_state([1, 2], alg="philox")
    with pytest.raises(ValueError):
        tf.random.Generator()
    nd1 = tf.random.Generator.from_non_deterministic_state().normal([4])
    nd2 = tf.random.Generator.from_non_deterministic_state().normal([4])
    assert not same(nd1, nd2)


def test_global_generator():
    g = tf.random.get_global_generator()
    assert g is tf.random.get_global_generator()
    mine = tf.random.Generator.from_seed(5)
    tf.random.set_global_generator(mine)
    try:
        assert tf.random.get_global_generator() is mine
        assert same(tf.random.get_global_generator().state, [5, 0, 0])
    finally:
        tf.random.set_global_generator(g)


# --- seeds for stateless ops ---------------------------------------------------------------------
def test_split_and_fold_in():
    s = tf.random.split([1, 2], 4)
    assert s.shape == (4, 2) and s.dtype == tf.int32
    assert len({tuple(r) for r in s.numpy().tolist()}) == 4
    assert same(tf.random.split([1, 2], 4), s)
    assert tf.random.split(tf.constant([1, 2], tf.int64)).dtype == tf.int64
    f5, f6 = tf.random.fold_in([1, 2], 5), tf.random.fold_in([1, 2], 6)
    assert f5.dtype == tf.int32 and not same(f5, f6) and same(f5, tf.random.fold_in([1, 2], 5))
    assert tf.random.fold_in([1, 2], tf.constant(5, tf.int64)).dtype == tf.int64
    assert tf.random.experimental.stateless_split is tf.random.split


# --- dtypes, shapes and errors -------------------------------------------------------------------
def test_dtypes_and_shapes():
    assert tf.random.uniform((), dtype=tf.float64).shape == ()
    assert tf.random.normal(tf.constant([2, 0, 3])).shape == (2, 0, 3)
    assert tf.random.uniform([tf.constant(2), 3]).shape == (2, 3)
    assert tf.random.uniform(tf.TensorShape([4])).shape == (4,)
    assert tf.random.categorical([[0.0, 1.0]], 3).dtype == tf.int64
    assert tf.random.stateless_categorical([[0.0, 1.0]], 3, [1, 2], tf.int32).dtype == tf.int32
    assert tf.random.poisson([2], [1.0, 2.0, 3.0]).shape == (2, 3)
    assert tf.random.stateless_poisson([4, 2], [1, 2], [1.0, 2.0]).dtype == tf.int32
    assert tf.random.gamma([2], [1.0, 2.0], beta=[[1.0], [2.0]]).shape == (2, 2, 2)


def test_errors_name_the_op():
    err = tf.errors.InvalidArgumentError
    with pytest.raises(err, match="RandomUniformInt"):
        tf.random.uniform([2], 3, 3, dtype=tf.int32)
    with pytest.raises(err, match="0-D"):
        tf.random.uniform([2], tf.constant([0, 1]), 5, dtype=tf.int32)
    with pytest.raises(err, match="Dimension -2.*RandomStandardNormal"):
        tf.random.normal([-2])
    with pytest.raises(err, match="vector"):
        tf.random.uniform(3)
    with pytest.raises(err, match="Multinomial"):
        tf.random.categorical([1.0, 2.0], 2)
    with pytest.raises(err, match="non-negative"):
        tf.random.categorical([[1.0, 2.0]], -1)
    with pytest.raises(err, match=r"shape \[2\], not \[3\]"):
        tf.random.stateless_normal([2], [1, 2, 3])
    with pytest.raises(err, match="Tseed"):
        tf.random.stateless_normal([2], tf.constant([1, 2], tf.uint8))
    with pytest.raises(err, match="must end with"):
        tf.random.stateless_gamma([2], [1, 2], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="maxval"):
        tf.random.uniform([2], dtype=tf.int64)
    with pytest.raises(ValueError, match="dtype"):
        tf.random.uniform([2], dtype=tf.bool)
    with pytest.raises(TypeError):
        tf.random.normal([2], dtype=tf.int32)
    with pytest.raises(ValueError, match="dtype"):
        tf.random.categorical([[1.0]], 2, dtype=tf.float32)
    with pytest.raises(tf.errors.NotFoundError):
        tf.random.categorical([[1, 2]], 2)
