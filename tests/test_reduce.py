"""Public functions of the reduce family: axis handling, dtypes, edge cases, errors, gradients
of composites, top-k / segment / bincount against NumPy references, and namespaces."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.errors import InvalidArgumentError
from tests.opcheck import check_gradient

R = np.random.default_rng(3)
X = R.standard_normal((3, 4, 5)).astype(np.float32)


# --- axis handling ---------------------------------------------------------------------------
@pytest.mark.parametrize("axis,np_axis", [
    (None, None), (0, 0), (-1, 2), ([0, 2], (0, 2)), ((-1, 0), (0, 2)), ([], ()),
    (np.array([1]), (1,)), ([[0], [1]], (0, 1)),
])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduce_sum_axis_forms(axis, np_axis, keepdims):
    out = tf.reduce_sum(tf.constant(X), axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(out.numpy(), np.sum(X, axis=np_axis, keepdims=keepdims),
                               rtol=1e-5, atol=1e-5)


def test_axis_may_be_a_tensor():
    out = tf.reduce_max(tf.constant(X), axis=tf.constant([0, 2], tf.int64))
    np.testing.assert_array_equal(out.numpy(), X.max(axis=(0, 2)))


@pytest.mark.parametrize("fn,op", [
    (tf.reduce_sum, "Sum"), (tf.reduce_mean, "Mean"), (tf.reduce_max, "Max"),
    (tf.reduce_min, "Min"), (tf.reduce_prod, "Prod"), (tf.reduce_logsumexp, "Max"),
    (tf.math.reduce_euclidean_norm, "EuclideanNorm"),
])
def test_bad_axis_names_the_op(fn, op):
    with pytest.raises(InvalidArgumentError, match=rf"Invalid reduction dimension \(3 .*Op:{op}"):
        fn(tf.constant([[1.0, 2.0]]), axis=3)


def test_duplicate_and_float_axes():
    with pytest.raises(InvalidArgumentError, match="duplicate dimension: 1.*Op:Sum"):
        tf.reduce_sum(tf.ones([2, 3]), axis=[1, -1])
    with pytest.raises(TypeError):
        tf.reduce_sum(tf.ones([2, 3]), axis=1.0)
    with pytest.raises(InvalidArgumentError):
        tf.reduce_sum(tf.constant(1.0), axis=0)
    with pytest.raises(InvalidArgumentError, match="Op:Any"):
        tf.reduce_any(tf.constant([True]), axis=-2)


# --- dtypes and edge cases -------------------------------------------------------------------
@pytest.mark.parametrize("fn", [tf.reduce_sum, tf.reduce_prod, tf.reduce_max, tf.reduce_min,
                                tf.reduce_mean, tf.cumsum, tf.math.cumprod])
@pytest.mark.parametrize("dtype", [tf.int8, tf.int32, tf.uint8, tf.int64, tf.float16])
def test_integer_and_half_dtypes_are_kept(fn, dtype):
    assert fn(tf.constant([[1, 2], [3, 4]], dtype)).dtype is dtype


def test_int_sum_wraps_like_tf_and_mean_does_not_overflow():
    assert tf.reduce_sum(tf.constant([2**30] * 4)).numpy() == 0
    assert tf.reduce_mean(tf.constant([2**30] * 4)).numpy() == 2**30
    assert tf.reduce_mean(tf.constant([-1, -2, -2])).numpy() == -1  # truncation, not floor
    assert tf.reduce_mean(tf.constant([7, 8], tf.uint8)).numpy() == 7


def test_empty_reductions():
    assert tf.reduce_sum(tf.zeros([0])).numpy() == 0
    assert tf.reduce_prod(tf.zeros([0], tf.int32)).numpy() == 1
    assert tf.reduce_max(tf.zeros([0])).numpy() == -np.inf
    assert tf.reduce_min(tf.zeros([0], tf.float64)).numpy() == np.inf
    assert tf.reduce_max(tf.zeros([0], tf.int16)).numpy() == np.iinfo(np.int16).min
    assert tf.reduce_min(tf.zeros([0], tf.uint8)).numpy() == 255
    assert np.isnan(tf.reduce_mean(tf.zeros([0])).numpy())
    assert tf.reduce_mean(tf.zeros([0], tf.int32)).numpy() == 0
    assert tf.reduce_logsumexp(tf.zeros([0])).numpy() == -np.inf
    assert tf.reduce_all(tf.zeros([0], tf.bool)).numpy()
    assert not tf.reduce_any(tf.zeros([0], tf.bool)).numpy()
    assert tf.reduce_max(tf.zeros([0, 3]), axis=0).shape == (3,)


@pytest.mark.parametrize("fn", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_prod,
                                tf.cumsum])
def test_bool_input_is_rejected(fn):
    with pytest.raises(InvalidArgumentError, match="bool"):
        fn(tf.constant([True, False]))


def test_any_all_require_bool():
    with pytest.raises(InvalidArgumentError, match="Op:Any"):
        tf.reduce_any(tf.constant([1]))
    with pytest.raises(InvalidArgumentError, match="Op:All"):
        tf.reduce_all(tf.constant([1.0]))


def test_logsumexp_is_stable():
    x = np.array([[1000.0, 1000.0], [-1000.0, -np.inf], [-np.inf, -np.inf]], np.float32)
    out = tf.reduce_logsumexp(tf.constant(x), axis=1).numpy()
    np.testing.assert_allclose(out, [1000 + np.log(2), -1000, -np.inf], rtol=1e-6)


def test_std_variance_against_numpy():
    np.testing.assert_allclose(tf.math.reduce_std(tf.constant(X), axis=[0, 2]).numpy(),
                               X.std(axis=(0, 2)), rtol=1e-5)
    np.testing.assert_allclose(tf.math.reduce_variance(tf.constant(X), 1, True).numpy(),
                               X.var(axis=1, keepdims=True), rtol=1e-5)
    c = (R.standard_normal(6) + 1j * R.standard_normal(6)).astype(np.complex64)
    out = tf.math.reduce_variance(tf.constant(c))
    assert out.dtype is tf.float32
    np.testing.assert_allclose(out.numpy(), np.var(c), rtol=1e-5)
    with pytest.raises(TypeError):
        tf.math.reduce_std(tf.constant([1, 2]))


def test_euclidean_norm_integer_truncates():
    assert tf.math.reduce_euclidean_norm(tf.constant([3, 4, 1])).numpy() == 5
    out = tf.math.reduce_euclidean_norm(tf.constant(X), axis=-1)
    np.testing.assert_allclose(out.numpy(), np.linalg.norm(X, axis=-1), rtol=1e-5)


# --- gradients -------------------------------------------------------------------------------
def _grad(fn, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x).numpy()


def test_max_gradient_shares_ties():
    np.testing.assert_allclose(_grad(tf.reduce_max, [1.0, 3.0, 3.0]), [0, 0.5, 0.5])
    g = _grad(lambda x: tf.reduce_min(x, 1), [[2.0, 2.0, 2.0], [1.0, 0.0, 5.0]])
    np.testing.assert_allclose(g, [[1 / 3] * 3, [0, 1, 0]], rtol=1e-6)


def test_prod_gradient_exact_with_zeros():
    np.testing.assert_allclose(_grad(tf.reduce_prod, [2.0, 0.0, 3.0]), [0, 6, 0])
    np.testing.assert_allclose(_grad(tf.reduce_prod, [2.0, 0.0, 0.0]), [0, 0, 0])
    x = np.array([[[1.0, 0.0], [2.0, 3.0]], [[4.0, 5.0], [0.0, 6.0]]])
    check_gradient(lambda t: tf.reduce_prod(t, [0, 2]), [x])
    check_gradient(lambda t: tf.reduce_prod(t, [2, 1], keepdims=True), [x])
    check_gradient(lambda t: tf.reduce_prod(t), [x[0] + 1])


@pytest.mark.parametrize("fn", [
    lambda t: tf.math.reduce_std(t, 1),
    lambda t: tf.math.reduce_variance(t, [0, 1], keepdims=True),
    lambda t: tf.reduce_mean(t, -1),
    lambda t: tf.reduce_logsumexp(t * 50.0, 0),
    lambda t: tf.math.reduce_euclidean_norm(t, [1]),
    lambda t: tf.clip_by_norm(t, 1.0),
    lambda t: tf.clip_by_norm(t, 0.5, axes=[1]),
    lambda t: tf.clip_by_norm(t, 100.0),
    lambda t: tf.linalg.global_norm([t, None, t * 3.0]),
    lambda t: tf.clip_by_global_norm([t, t * 2.0], 1.5)[0][1],
    lambda t: tf.add_n([t, t * t, tf.ones_like(t)]),
    lambda t: tf.math.top_k(t, 2).values,
    lambda t: tf.math.unsorted_segment_mean(t, [1, -1, 1], 3),
    lambda t: tf.math.unsorted_segment_sqrt_n(t, [0, 2, 0], 3),
    lambda t: tf.math.segment_mean(t, [0, 2, 2]),
])
def test_composite_gradients(fn):
    check_gradient(fn, [R.standard_normal((3, 4))], rtol=1e-4, atol=1e-6)


def test_segment_prod_gradients_with_zeros():
    data = np.array([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0], [0.0, 2.0], [5.0, 1.5]])
    check_gradient(lambda t: tf.math.unsorted_segment_prod(t, [0, 1, 0, 0, 1], 2), [data])
    check_gradient(lambda t: tf.math.segment_prod(t, [0, 0, 1, 1, 1]), [data])


def test_second_order_through_segments_and_max():
    x = tf.constant([2.0, 3.0, 0.5, 4.0])
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(tf.math.unsorted_segment_max(x * x, [1, 0, 1, 0], 2) * [1., 10.])
        g = t1.gradient(y, x)
    # segment 0 picks x3^2 (weight 1), segment 1 picks x0^2 (weight 10)
    np.testing.assert_allclose(g.numpy(), [40, 0, 0, 8])
    np.testing.assert_allclose(t2.gradient(g, x).numpy(), [20, 0, 0, 2])


def test_cumprod_gradient_follows_tf_at_zeros():
    # TF's rule divides by x (0 where x == 0): not the exact derivative, but TF's value
    np.testing.assert_allclose(_grad(tf.math.cumprod, [2.0, 0.0, 3.0]), [1, 0, 0])
    check_gradient(lambda t: tf.math.cumprod(t, 1, exclusive=True, reverse=True),
                   [R.random((2, 4)) + 0.5])


def test_integer_reductions_have_no_gradient():
    x = tf.constant([1, 2, 3])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x)
    assert tape.gradient(y, x) is None


def test_variable_gradients():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = tf.add_n([v, v]) + tf.linalg.global_norm([v])
    g = tape.gradient(y, v).numpy()
    # the scalar norm is broadcast onto 4 entries of y
    np.testing.assert_allclose(g, 2 + 4 * np.array([[1, 2], [3, 4]]) / np.sqrt(30), rtol=1e-6)


# --- argmax / count_nonzero ------------------------------------------------------------------
def test_argmax_defaults_and_errors():
    x = tf.constant([[1, 5, 5], [7, 2, 7]])
    out = tf.argmax(x)
    assert out.dtype is tf.int64
    np.testing.assert_array_equal(out.numpy(), [1, 0, 1])
    np.testing.assert_array_equal(tf.math.argmin(x, 1, output_type=tf.int32).numpy(), [0, 1])
    with pytest.raises(InvalidArgumentError, match="Op:ArgMax"):
        tf.argmax(x, 2)
    with pytest.raises(InvalidArgumentError, match="empty.*Op:ArgMin"):
        tf.argmin(tf.zeros([0, 2]))
    with pytest.raises(TypeError):
        tf.argmax(x, axis=[1])


def test_count_nonzero():
    x = np.array([[0.0, 1.5, np.nan], [0.0, 0.0, -2.0]], np.float32)
    out = tf.math.count_nonzero(tf.constant(x), axis=1)
    assert out.dtype is tf.int64
    np.testing.assert_array_equal(out.numpy(), [2, 1])
    assert tf.math.count_nonzero(tf.constant(["a", "", "b"])).numpy() == 2


# --- add_n -----------------------------------------------------------------------------------
def test_add_n():
    out = tf.add_n([tf.constant([1.0, 2.0]), [3.0, 4.0], np.float32([5.0, 6.0])])
    np.testing.assert_array_equal(out.numpy(), [9, 12])
    with pytest.raises(ValueError):
        tf.add_n([])
    with pytest.raises(InvalidArgumentError, match="AddN"):
        tf.add_n([tf.constant([1, 2]), tf.constant([1])])
    with pytest.raises(InvalidArgumentError, match="AddN"):
        tf.add_n([tf.constant(1.0), 2])  # each input converts alone: 2 is int32
    with pytest.raises(ValueError):
        tf.math.accumulate_n([tf.constant([1.0]), tf.constant([1.0, 2.0])])


# --- top_k / in_top_k ------------------------------------------------------------------------
def _np_top_k(x, k):
    order = np.argsort(-x.astype(np.float64), axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, order, -1), order


@pytest.mark.parametrize("shape,k", [((7,), 3), ((4, 300), 5), ((2, 3, 100), 25), ((5, 64), 64),
                                     ((3, 1000), 1), ((2, 80), 20)])
@pytest.mark.parametrize("ties", [False, True])
def test_top_k_matches_stable_sort(shape, k, ties):
    x = R.integers(0, 6, shape).astype(np.float32) if ties else \
        R.standard_normal(shape).astype(np.float32)
    values, indices = tf.math.top_k(tf.constant(x), k=k)
    want_v, want_i = _np_top_k(x, k)
    np.testing.assert_array_equal(values.numpy(), want_v)
    np.testing.assert_array_equal(indices.numpy(), want_i)
    assert indices.dtype is tf.int32


def test_top_k_result_is_a_namedtuple():
    r = tf.nn.top_k([1.0, 5.0, 2.0], k=2, index_type=tf.int64)
    assert type(r).__name__ == "TopKV2" and r._fields == ("values", "indices")
    assert r.indices.dtype is tf.int64 and r[0] is r.values
    with pytest.raises(InvalidArgumentError, match="at least k columns"):
        tf.math.top_k(tf.constant([1, 3]), k=3)


def test_in_top_k():
    pred = tf.constant([[0.1, 0.3, 0.3], [0.5, 0.2, np.nan], [0.2, 0.4, 0.1]])
    out = tf.math.in_top_k(tf.constant([2, 0, 0]), pred, 1)
    np.testing.assert_array_equal(out.numpy(), [True, False, False])
    out = tf.nn.in_top_k(tf.constant([2, 0, 5], tf.int64), pred, 2)
    np.testing.assert_array_equal(out.numpy(), [True, False, False])


# --- segment ops and bincount ----------------------------------------------------------------
@pytest.mark.parametrize("kind", ["sum", "prod", "max", "min", "mean"])
def test_sorted_and_unsorted_segments_agree_with_numpy(kind):
    ids = np.sort(R.integers(0, 9, 40)).astype(np.int32)
    data = R.standard_normal((40, 3)).astype(np.float32)
    fn = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean}[kind]
    n = int(ids[-1]) + 1
    want = np.zeros((n, 3), np.float32)
    for s in range(n):
        if (ids == s).any():
            want[s] = fn(data[ids == s], axis=0)
    got = getattr(tf.math, f"segment_{kind}")(tf.constant(data), tf.constant(ids))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-6)
    perm = R.permutation(40)
    unsorted = getattr(tf.math, f"unsorted_segment_{kind}")(data[perm], ids[perm], n + 2)
    present = np.isin(np.arange(n), ids)
    np.testing.assert_allclose(unsorted.numpy()[:n][present], want[present], rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("kind", ["sum", "prod", "max", "min"])
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.float64])
def test_large_unsorted_segments_use_the_sorted_path(kind, dtype):
    # >= 1024 ids take the sort + reduceat (or bincount) path; compare with ufunc.at
    ids = R.integers(-1, 50, (40, 30)).astype(np.int32)
    data = (R.standard_normal((40, 30, 2)) * 3).astype(dtype)
    if kind == "prod":
        data = (1 + data / 10).astype(dtype) if dtype != np.int32 else np.sign(data) + 1
    ufunc = {"sum": np.add, "prod": np.multiply, "max": np.maximum, "min": np.minimum}[kind]
    info = np.iinfo(dtype) if dtype == np.int32 else np.finfo(dtype)
    fill = {"sum": 0, "prod": 1, "max": info.min, "min": info.max}[kind]
    want = np.full((52, 2), fill, dtype)
    keep = ids >= 0
    ufunc.at(want, ids[keep], data[keep])
    got = getattr(tf.math, f"unsorted_segment_{kind}")(data, ids, 52)
    assert got.dtype.as_numpy_dtype == dtype
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5)


@pytest.mark.parametrize("k", [2, 17, 63])
def test_top_k_partition_path_with_ties_and_nan(k):
    x = R.integers(0, 4, (6, 64)).astype(np.float32)
    x[2, 5] = np.nan  # rows with NaN take the full sort: NaN counts as the largest
    values, indices = tf.math.top_k(tf.constant(x), k=k)
    order = np.argsort(-np.nan_to_num(x, nan=np.inf), axis=-1, kind="stable")[..., :k]
    np.testing.assert_array_equal(indices.numpy(), order)
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(x, order, -1))


def test_unsorted_segment_empty_fill_values():
    data = tf.constant([[1, 2], [3, 4]], tf.int32)
    out = tf.math.unsorted_segment_min(data, [0, 0], 2).numpy()
    np.testing.assert_array_equal(out, [[1, 2], [2**31 - 1] * 2])
    out = tf.math.unsorted_segment_max(tf.constant([1.0]), [1], 2).numpy()
    np.testing.assert_array_equal(out, [np.finfo(np.float32).min, 1.0])
    assert tf.math.unsorted_segment_mean(data, [1, -1], 3).dtype is tf.float64


def test_segment_errors_name_the_op():
    with pytest.raises(InvalidArgumentError, match="not increasing.*SegmentSum"):
        tf.math.segment_sum([1, 2, 3], [1, 0, 2])
    with pytest.raises(InvalidArgumentError, match="out of range.*UnsortedSegmentMax"):
        tf.math.unsorted_segment_max([1.0, 2.0], [0, 2], 2)


def test_bincount_against_numpy():
    arr = R.integers(0, 20, 500).astype(np.int32)
    w = R.random(500).astype(np.float32)
    np.testing.assert_array_equal(tf.math.bincount(arr).numpy(), np.bincount(arr))
    np.testing.assert_allclose(tf.math.bincount(arr, weights=w).numpy(),
                               np.bincount(arr, w), rtol=1e-5)
    out = tf.math.bincount(arr.reshape(20, 25), axis=-1, minlength=25)
    want = np.stack([np.bincount(r, minlength=25) for r in arr.reshape(20, 25)])
    np.testing.assert_array_equal(out.numpy(), want)
    with pytest.raises(InvalidArgumentError, match="non-negative"):
        tf.math.bincount([-1, 2])


# --- namespaces ------------------------------------------------------------------------------
def test_namespaces_mirror_tf():
    for name in ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
                 "reduce_any", "reduce_all", "reduce_logsumexp", "argmax", "argmin", "cumsum",
                 "add_n"]:
        assert getattr(tf, name) is getattr(tf.math, name)
    for name in ["reduce_std", "cumprod", "segment_sum", "bincount", "top_k", "global_norm"]:
        assert not hasattr(tf, name)
    assert tf.nn.top_k is tf.math.top_k and tf.nn.in_top_k is tf.math.in_top_k
    assert tf.clip_by_norm and tf.clip_by_global_norm and tf.linalg.global_norm
