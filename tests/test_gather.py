"""Public functions of the gather family: numerics against NumPy, gradients against finite
differences (also through nested tapes), TF's error classes and messages naming the op."""
import numpy as np
import pytest

import fluxion as tf
from fluxion.errors import InvalidArgumentError, NotFoundError
from tests.opcheck import assert_close, check_gradient

R = np.random.default_rng(3)
X = R.standard_normal((3, 4, 5))
M = R.standard_normal((4, 3))


# --- gather --------------------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_gather_matches_take(axis):
    idx = np.array([[0, 2], [1, 1]], np.int32)
    assert_close(tf.gather(tf.constant(X), idx, axis=axis), np.take(X, idx, axis=axis))


def test_gather_batch_dims_matches_loop():
    idx = R.integers(0, 5, (3, 4, 2)).astype(np.int64)
    out = tf.gather(tf.constant(X), idx, axis=2, batch_dims=2)
    expected = np.array([[X[i, j][idx[i, j]] for j in range(4)] for i in range(3)])
    assert_close(out, expected)
    out = tf.gather(tf.constant(X), idx[:, 0], axis=2, batch_dims=1)
    expected = np.stack([np.take(X[i], idx[i, 0], axis=1) for i in range(3)])
    assert_close(out, expected)


def test_gather_axis0_ignores_batch_dims_like_tf():
    idx = np.array([[0, 1], [2, 2], [1, 0]], np.int32)
    out = tf.gather(tf.constant(X), idx, axis=0, batch_dims=1)
    assert_close(out, np.take(X, idx, axis=0))


def test_gather_python_values_and_dtypes():
    assert_close(tf.gather([10, 20, 30], [2, 0]), np.array([30, 10], np.int32))
    assert_close(tf.gather(tf.constant(["a", "b"]), [1]), np.array([b"b"], object),
                 check_dtype=False)
    assert tf.gather(tf.constant([1, 2], tf.uint8), [1]).dtype == tf.uint8


@pytest.mark.parametrize("axis,batch_dims", [(0, 0), (1, 0), (2, 0), (1, 1), (2, 1), (2, 2)])
def test_gather_gradient(axis, batch_dims):
    shape = (3, 4, 5)
    lead = shape[:batch_dims]
    idx = R.integers(0, shape[axis], lead + (3,)).astype(np.int32)
    idx.reshape(-1)[:2] = idx.reshape(-1)[0]  # duplicates must add up
    check_gradient(lambda x: tf.gather(x, idx, axis=axis, batch_dims=batch_dims), [X])


def test_gather_gradient_is_dense_scatter_add():
    x = tf.constant(M)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.gather(x, [1, 1, 3]))
    g = tape.gradient(y, x)
    assert isinstance(g, tf.Tensor)
    expected = np.zeros_like(M)
    expected[1] = 2
    expected[3] = 1
    assert_close(g, expected)


def test_gather_second_order():
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            z = tf.gather(x, [0, 2, 2])
            y = tf.reduce_sum(z * z * z)
        g = inner.gradient(y, x)
    assert_close(g, np.array([3.0, 0.0, 54.0]))
    assert_close(outer.gradient(g, x), np.array([6.0, 0.0, 36.0]))


def test_gather_variable_gradient():
    v = tf.Variable(M)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(v, [0, 0], axis=1))
    expected = np.zeros_like(M)
    expected[:, 0] = 2
    assert_close(tape.gradient(y, v), expected)


@pytest.mark.parametrize("call,fragment", [
    (lambda: tf.gather(tf.constant(M), [4]), "indices[0] = 4 is not in [0, 4)"),
    (lambda: tf.gather(tf.constant(M), [[0, -1]], axis=1), "indices[0,1] = -1 is not in [0, 3)"),
    (lambda: tf.gather(tf.constant(M), [0], axis=2), "GatherV2"),
    (lambda: tf.gather(tf.constant(1.0), [0]), "at least 1 dimensional"),
    (lambda: tf.gather(tf.constant(M), [0.5]), "Tindices"),
    (lambda: tf.gather(tf.constant(X), [[0], [1]], axis=1, batch_dims=1), "should be equal"),
    (lambda: tf.gather(tf.constant(X), [[0], [1]], axis=1, batch_dims=3), "batch_dims"),
])
def test_gather_errors(call, fragment):
    with pytest.raises(InvalidArgumentError, match="GatherV2") as info:
        call()
    assert fragment in str(info.value)


# --- gather_nd / scatter_nd ----------------------------------------------------------------------
def test_gather_nd_matches_indexing():
    idx = np.array([[[0, 1], [2, 3]], [[1, 0], [0, 0]]], np.int32)
    out = tf.gather_nd(tf.constant(X), idx)
    expected = np.array([[X[0, 1], X[2, 3]], [X[1, 0], X[0, 0]]])
    assert_close(out, expected)
    assert_close(tf.gather_nd(tf.constant(X), [[2, 3, 4]]), X[2, 3, 4][None])


def test_gather_nd_batch_dims():
    idx = np.array([[[1, 2]], [[0, 4]], [[3, 3]]], np.int64)
    out = tf.gather_nd(tf.constant(X), idx, batch_dims=1)
    expected = np.array([[X[b][tuple(idx[b, 0])]] for b in range(3)])
    assert_close(out, expected)
    with pytest.raises(ValueError):
        tf.gather_nd(tf.constant(X), idx, batch_dims=3)


@pytest.mark.parametrize("batch_dims,idx", [
    (0, np.array([[0, 1], [2, 3], [0, 1]], np.int32)),
    (0, np.array([[1], [1]], np.int32)),
    (1, np.array([[[1, 2]], [[0, 4]], [[1, 2]]], np.int32)),
])
def test_gather_nd_gradient(batch_dims, idx):
    check_gradient(lambda x: tf.gather_nd(x, idx, batch_dims=batch_dims), [X])


def test_gather_nd_errors_name_op():
    with pytest.raises(InvalidArgumentError, match=r"GatherNd") as info:
        tf.gather_nd(tf.constant(X), [[0, 4]])
    assert "[0, 4] does not index into param shape [3,4,5]" in str(info.value)
    with pytest.raises(InvalidArgumentError, match="innermost dimension"):
        tf.gather_nd(tf.constant(X), [[0, 0, 0, 0]])
    with pytest.raises(InvalidArgumentError, match="at least a vector"):
        tf.gather_nd(tf.constant(X), 1)


def test_scatter_nd_duplicates_add():
    out = tf.scatter_nd([[1], [3], [1]], tf.constant([[1.0, 2], [3, 4], [5, 6]]), [4, 2])
    assert_close(out, np.array([[0, 0], [6, 8], [0, 0], [3, 4]], np.float32))
    out = tf.scatter_nd(tf.constant([[0, 1], [0, 1]]), tf.constant([2, 5]), tf.constant([2, 2]))
    assert_close(out, np.array([[0, 7], [0, 0]], np.int32))


def test_scatter_nd_gradient():
    idx = np.array([[0, 1], [2, 0], [0, 1]], np.int32)
    check_gradient(lambda u: tf.scatter_nd(idx, u, [3, 2, 5]), [R.standard_normal((3, 5))])


def test_scatter_nd_errors():
    with pytest.raises(InvalidArgumentError, match="ScatterNd"):
        tf.scatter_nd([[0], [4]], [1.0, 2.0], [4])
    with pytest.raises(InvalidArgumentError, match=r"updates\[shape=\[2\]\]"):
        tf.scatter_nd([[0]], [1.0, 2.0], [2, 2])


# --- tensor_scatter_nd_* -------------------------------------------------------------------------
def test_tensor_scatter_family():
    t = np.arange(8.0).reshape(4, 2)
    idx = [[1], [3], [1]]
    upd = np.array([[10.0, 20], [30, 40], [50, 60]])
    assert_close(tf.tensor_scatter_nd_update(t, idx, upd),
                 np.array([[0, 1], [50, 60], [4, 5], [30, 40]], np.float64))
    assert_close(tf.tensor_scatter_nd_add(t, idx, upd),
                 np.array([[0, 1], [62, 83], [4, 5], [36, 47]], np.float64))
    assert_close(tf.tensor_scatter_nd_sub(t, idx, upd),
                 np.array([[0, 1], [-58, -77], [4, 5], [-24, -33]], np.float64))
    assert_close(tf.tensor_scatter_nd_max(t, [[0, 0], [0, 0]], [-1.0, 7.0]),
                 np.array([[7, 1], [2, 3], [4, 5], [6, 7]], np.float64))
    assert_close(tf.tensor_scatter_nd_min(t, [[3, 1]], [-2.0]),
                 np.array([[0, 1], [2, 3], [4, 5], [6, -2]], np.float64))


def test_tensor_scatter_does_not_modify_input():
    t = tf.constant([1.0, 2.0, 3.0])
    tf.tensor_scatter_nd_update(t, [[0]], [9.0])
    assert_close(t, np.array([1.0, 2.0, 3.0], np.float32))


@pytest.mark.parametrize("fn", ["update", "add", "sub", "max", "min"])
def test_tensor_scatter_gradients(fn):
    op = getattr(tf, f"tensor_scatter_nd_{fn}")
    idx = np.array([[2], [0]], np.int32)
    t, u = R.standard_normal((3, 4)), R.standard_normal((2, 4))
    check_gradient(lambda a, b: op(a, idx, b), [t, u])


def test_tensor_scatter_max_gradient_splits_ties():
    x, u = tf.constant([1.0, 3.0]), tf.constant([3.0, 0.5])
    with tf.GradientTape() as tape:
        tape.watch([x, u])
        y = tf.reduce_sum(tf.tensor_scatter_nd_max(x, [[1], [0]], u))
    gx, gu = tape.gradient(y, [x, u])
    assert_close(gx, np.array([1.0, 0.5], np.float32))
    assert_close(gu, np.array([0.5, 0.0], np.float32))


def test_tensor_scatter_errors():
    with pytest.raises(InvalidArgumentError, match="TensorScatterUpdate"):
        tf.tensor_scatter_nd_update([1.0, 2.0], [[2]], [1.0])
    with pytest.raises(InvalidArgumentError, match="TensorScatterAdd"):
        tf.tensor_scatter_nd_add(tf.ones([2, 3]), [[1]], [[1.0, 2.0]])
    with pytest.raises(InvalidArgumentError, match="TensorScatterSub"):
        tf.tensor_scatter_nd_sub(tf.ones([2]), [[1]], tf.constant([1.0], tf.float64))


# --- boolean_mask --------------------------------------------------------------------------------
def test_boolean_mask_matches_numpy():
    mask = X[:, :, 0] > 0
    assert_close(tf.boolean_mask(tf.constant(X), mask), X[mask])
    m1 = np.array([True, False, True, True, False])
    assert_close(tf.boolean_mask(tf.constant(X), m1, axis=2), X[:, :, m1])
    assert_close(tf.boolean_mask(tf.constant(X), mask[0], axis=1), X[:, mask[0]])


def test_boolean_mask_gradient_and_errors():
    mask = np.array([[True, False, True, True], [False, False, True, False],
                     [True, True, True, True]])
    check_gradient(lambda x: tf.boolean_mask(x, mask), [X])
    check_gradient(lambda x: tf.boolean_mask(x, mask[0], axis=1), [X])
    with pytest.raises(ValueError, match="scalar"):
        tf.boolean_mask(tf.constant(X), True)
    with pytest.raises(ValueError, match="incompatible"):
        tf.boolean_mask(tf.constant(X), [True, False])


def test_dynamic_partition_and_stitch_roundtrip():
    ids = R.integers(0, 4, 12).astype(np.int32)
    x = R.standard_normal((12, 3))
    parts = tf.dynamic_partition(x, ids, 4)
    for i, part in enumerate(parts):
        assert_close(part, x[ids == i])
    rows = tf.dynamic_partition(np.arange(12, dtype=np.int32), ids, 4)
    assert_close(tf.dynamic_stitch(rows, parts), x)


def test_dynamic_partition_gradient_and_errors():
    ids = np.array([[1, 0, 2, 1], [0, 0, 1, 2], [2, 2, 2, 0]], np.int32)
    check_gradient(lambda x: tf.dynamic_partition(x, ids, 3), [X])
    with pytest.raises(InvalidArgumentError, match=r"partitions\[0,1\] = 5"):
        tf.dynamic_partition(tf.constant(X), [[0, 5, 0, 0]] * 3, 2)
    with pytest.raises(InvalidArgumentError, match="DynamicPartition"):
        tf.dynamic_partition(tf.constant(X), [0, 1], 2)


def test_dynamic_stitch_gradient_and_errors():
    i0, i1 = np.array([[0, 4]], np.int32), np.array([1, 2, 3], np.int32)
    check_gradient(lambda a, b: tf.dynamic_stitch([i0, i1], [a, b]),
                   [R.standard_normal((1, 2, 3)), R.standard_normal((3, 3))])
    with pytest.raises(InvalidArgumentError, match="DynamicStitch"):
        tf.dynamic_stitch([[0, 1]], [[1.0, 2.0, 3.0]])
    with pytest.raises(InvalidArgumentError, match="out of range"):
        tf.dynamic_stitch([[0, -1]], [[1.0, 2.0]])


# --- sort / argsort ------------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_sort_and_argsort(axis):
    x = tf.constant(X)
    assert_close(tf.sort(x, axis=axis), np.sort(X, axis=axis))
    assert_close(tf.sort(x, axis=axis, direction="DESCENDING"),
                 np.flip(np.sort(X, axis=axis), axis))
    order = tf.argsort(x, axis=axis)
    assert order.dtype == tf.int32
    assert_close(order, np.argsort(X, axis=axis, kind="stable").astype(np.int32))


def test_argsort_ties_keep_original_order_both_directions():
    x = [2, 1, 2, 1, 0]
    assert_close(tf.argsort(x), np.array([4, 1, 3, 0, 2], np.int32))
    assert_close(tf.argsort(x, direction="DESCENDING"), np.array([0, 2, 1, 3, 4], np.int32))


@pytest.mark.parametrize("axis,direction", [(-1, "ASCENDING"), (0, "DESCENDING"),
                                            (1, "ASCENDING")])
def test_sort_gradient(axis, direction):
    check_gradient(lambda x: tf.sort(x, axis=axis, direction=direction), [X])


def test_sort_second_order():
    x = tf.constant([3.0, -1.0, 2.0], tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            s = tf.sort(x)
            y = tf.reduce_sum(s * s * tf.constant([1.0, 2.0, 3.0], tf.float64))
        g = inner.gradient(y, x)
    assert_close(g, np.array([18.0, -2.0, 8.0]))  # x sorted: -1 (w1), 2 (w2), 3 (w3)
    assert_close(outer.gradient(g, x), np.array([6.0, 2.0, 4.0]))


def test_sort_errors():
    with pytest.raises(ValueError, match="direction"):
        tf.sort([1.0], direction="up")
    with pytest.raises(InvalidArgumentError):
        tf.sort([True, False])
    with pytest.raises(InvalidArgumentError):
        tf.sort([[1.0]], axis=2)


# --- unique --------------------------------------------------------------------------------------
def test_unique_first_occurrence_order():
    y, idx = tf.unique([5, 3, 5, 1, 3])
    assert_close(y, np.array([5, 3, 1], np.int32))
    assert_close(idx, np.array([0, 1, 0, 2, 1], np.int32))
    res = tf.unique_with_counts(tf.constant([2.0, 2.0, 1.0, 2.0]), out_idx=tf.int64)
    assert_close(res.y, np.array([2.0, 1.0], np.float32))
    assert_close(res.idx, np.array([0, 0, 1, 0], np.int64))
    assert_close(res.count, np.array([3, 1], np.int64))


def test_unique_random_roundtrip():
    x = R.integers(-5, 5, 200).astype(np.int64)
    y, idx = tf.unique(x)
    assert_close(tf.gather(y, idx), x)
    _, first = np.unique(x, return_index=True)
    assert_close(y, x[np.sort(first)])


def test_unique_errors():
    with pytest.raises(InvalidArgumentError, match="1D"):
        tf.unique([[1, 2]])
    with pytest.raises(InvalidArgumentError, match="out_idx"):
        tf.unique([1], out_idx=tf.float32)


# --- searchsorted --------------------------------------------------------------------------------
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_batched_matches_rowwise(side):
    seq = np.sort(R.integers(0, 6, (4, 3, 7)), axis=-1).astype(np.float32)
    vals = R.integers(-1, 8, (4, 3, 5)).astype(np.float32)
    out = tf.searchsorted(seq, vals, side=side)
    expected = np.array([[np.searchsorted(seq[i, j], vals[i, j], side=side)
                          for j in range(3)] for i in range(4)], np.int32)
    assert_close(out, expected)
    assert tf.searchsorted(seq, vals, out_type=tf.int64).dtype == tf.int64


def test_searchsorted_errors():
    with pytest.raises(ValueError, match="side"):
        tf.searchsorted([1, 2], [1], side="middle")
    with pytest.raises(InvalidArgumentError, match="Leading dim_size"):
        tf.searchsorted([[1, 2], [3, 4]], [1, 2])


# --- einsum / tensordot --------------------------------------------------------------------------
@pytest.mark.parametrize("eq,shapes", [
    ("ij,jk->ik", [(3, 4), (4, 2)]),
    ("ij,jk", [(3, 4), (4, 2)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("ijk->", [(2, 3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("abc,cd->abd", [(2, 3, 4), (4, 5)]),
])
def test_einsum_matches_numpy(eq, shapes):
    ops = [R.standard_normal(s) for s in shapes]
    assert_close(tf.einsum(eq, *[tf.constant(o) for o in ops]), np.einsum(eq, *ops),
                 rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("eq,shapes", [
    ("ij,jk->ik", [(3, 4), (4, 2)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("ij,k->k", [(2, 3), (4,)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("ij,jk,k->i", [(2, 3), (3, 4), (4,)]),
    ("iij->j", [(2, 2, 3)]),
])
def test_einsum_gradient(eq, shapes):
    check_gradient(lambda *ts: tf.einsum(eq, *ts), [R.standard_normal(s) for s in shapes])


def test_einsum_second_order():
    a = tf.constant(R.standard_normal((2, 3)))
    b = R.standard_normal((3, 3))
    with tf.GradientTape() as outer:
        outer.watch(a)
        with tf.GradientTape() as inner:
            inner.watch(a)
            y = tf.einsum("ij,jk,ik->", a, tf.constant(b), a)
        g = inner.gradient(y, a)
    assert_close(g, a.numpy() @ b.T + a.numpy() @ b, rtol=1e-10)
    # d(sum g)/da[p, q] = sum_j b[j, q] + b[q, j]
    expected = np.broadcast_to(b.sum(0) + b.sum(1), (2, 3))
    assert_close(outer.gradient(g, a), expected, rtol=1e-10)


def test_einsum_errors():
    a = tf.ones([2, 3])
    with pytest.raises(ValueError, match="expecting 2"):
        tf.einsum("ij,jk->ik", a)
    with pytest.raises(ValueError, match="not present"):
        tf.einsum("ij->iz", a)
    with pytest.raises(ValueError, match="more than once"):
        tf.einsum("ij->ii", a)
    with pytest.raises(InvalidArgumentError, match="Einsum"):
        tf.einsum("ij,jk->ik", a, a)
    with pytest.raises(InvalidArgumentError, match="rank"):
        tf.einsum("ijk->i", a)
    with pytest.raises(InvalidArgumentError):
        tf.einsum("ij,jk->ik", a, tf.ones([3, 2], tf.float64))
    with pytest.raises(NotFoundError):
        tf.einsum("i->", tf.constant([True]))


@pytest.mark.parametrize("axes", [1, 0, [[1], [0]], [1, 0], [[0, 1], [1, 0]]])
def test_tensordot_matches_numpy(axes):
    a, b = R.standard_normal((2, 3)), R.standard_normal((3, 2))
    np_axes = axes if isinstance(axes, int) else ([axes[0]], [axes[1]]) \
        if isinstance(axes[0], int) else axes
    assert_close(tf.tensordot(a, b, axes), np.tensordot(a, b, np_axes), rtol=1e-10)


@pytest.mark.parametrize("axes", [1, 0, [[2, 1], [0, 1]]])
def test_tensordot_gradient(axes):
    a = R.standard_normal((2, 3, 4))
    b = R.standard_normal((4, 3)) if axes != 1 else R.standard_normal((4, 2))
    check_gradient(lambda x, y: tf.tensordot(x, y, axes), [a, b])


def test_tensordot_errors():
    a = tf.ones([2, 3])
    with pytest.raises(ValueError, match="at least 0"):
        tf.tensordot(a, a, -1)
    with pytest.raises(ValueError, match="larger"):
        tf.tensordot(a, a, 3)
    with pytest.raises(ValueError, match="Different number"):
        tf.tensordot(a, a, [[0, 1], [0]])
    with pytest.raises(InvalidArgumentError, match="MatMul"):
        tf.tensordot(a, a, [[1], [0]])


def test_namespaces():
    assert tf.linalg.einsum is tf.einsum
    assert tf.linalg.tensordot is tf.tensordot
    for name in ["gather", "gather_nd", "scatter_nd", "boolean_mask", "sort", "argsort",
                 "unique", "unique_with_counts", "searchsorted", "tensor_scatter_nd_update",
                 "tensor_scatter_nd_add", "tensor_scatter_nd_sub", "tensor_scatter_nd_max",
                 "tensor_scatter_nd_min", "dynamic_partition", "dynamic_stitch"]:
        assert callable(getattr(tf, name))
