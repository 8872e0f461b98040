"""tf.linalg public functions: numerics against NumPy, gradients by float64 finite differences
(real and complex), TF's error classes and messages, and the namespaces."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from tests.opcheck import check_gradient

R = np.random.default_rng(5)
A = R.standard_normal((3, 3))
BATCH = R.standard_normal((2, 3, 3))
SPD = BATCH @ BATCH.transpose(0, 2, 1) + 3 * np.eye(3)
TALL = R.standard_normal((4, 3))
WIDE = R.standard_normal((3, 5))
RHS = R.standard_normal((2, 3, 2))
C = R.standard_normal((3, 3)) + 1j * R.standard_normal((3, 3))
HPD = C @ C.conj().T + 3 * np.eye(3)


def sym(x):
    """Keeps finite differences on symmetric matrices (cholesky/eigh read one triangle)."""
    return (x + tf.linalg.matrix_transpose(x)) * 0.5


def weighted(y, seed=1):
    """sum(y * w) for fixed random w: a scalar loss of y."""
    w = np.random.default_rng(seed).standard_normal(np.shape(y))
    return tf.reduce_sum(y * tf.constant(w.astype(np.asarray(y).dtype)))


def check_complex_gradient(loss, x, rtol=1e-5, atol=1e-6, eps=1e-6):
    """TF's convention for a real loss L of complex z = u + iv: grad = dL/du + i dL/dv."""
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        value = loss(xt)
    analytic = np.asarray(tape.gradient(value, xt))
    numeric = np.zeros_like(x)
    for k in range(x.size):
        for unit in (1.0, 1j):
            step = np.zeros_like(x)
            step.reshape(-1)[k] = eps * unit
            diff = float(loss(tf.constant(x + step))) - float(loss(tf.constant(x - step)))
            numeric.reshape(-1)[k] += unit * diff / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol)


def closs(y, seed=2):
    """Re(sum(y * conj(w))) for a fixed complex w."""
    g = np.random.default_rng(seed)
    w = g.standard_normal(y.shape) + 1j * g.standard_normal(y.shape)
    y = tf.cast(y, tf.complex128) if not y.dtype.is_complex else y
    return tf.math.real(tf.reduce_sum(y * tf.math.conj(tf.constant(w))))


def raises_naming(cls, text, fn, *args, **kwargs):
    with pytest.raises(cls) as info:
        fn(*args, **kwargs)
    assert text in str(info.value), str(info.value)


# --- structure ops -------------------------------------------------------------------------------
def test_matrix_transpose_and_adjoint():
    x = tf.constant(C)
    np.testing.assert_array_equal(tf.linalg.matrix_transpose(x), C.T)
    np.testing.assert_array_equal(tf.linalg.matrix_transpose(x, conjugate=True), C.conj().T)
    np.testing.assert_array_equal(tf.linalg.adjoint(x), C.conj().T)
    assert tf.linalg.matrix_transpose(tf.ones([2, 3, 4])).shape == (2, 4, 3)
    with pytest.raises(ValueError):
        tf.linalg.matrix_transpose(tf.constant([1, 2]))


def test_diag_round_trips_and_band():
    # diagonals as diag_part lays them out (zero where a shorter diagonal is padded)
    d = tf.linalg.diag_part(tf.constant(R.standard_normal((2, 4, 4))), k=(-1, 1))
    m = tf.linalg.diag(d, k=(-1, 1), num_rows=4, num_cols=4)
    np.testing.assert_array_equal(tf.linalg.diag_part(m, k=(-1, 1)), d)
    first = d.numpy()[0, 0]
    np.testing.assert_array_equal(tf.linalg.diag_part(tf.linalg.diag(first)), first)
    full = tf.constant(R.standard_normal((2, 4, 4)))
    replaced = tf.linalg.set_diag(full, d, k=(-1, 1))
    np.testing.assert_array_equal(tf.linalg.diag_part(replaced, k=(-1, 1)), d)
    off_band = np.abs(np.arange(4)[:, None] - np.arange(4)[None, :]) > 1
    np.testing.assert_array_equal(np.asarray(replaced)[:, off_band], np.asarray(full)[:, off_band])


def test_diag_arguments_as_tensors_and_lists():
    d = tf.constant([[1, 2], [3, 4]])
    expected = [[3, 2], [0, 4]]
    np.testing.assert_array_equal(tf.linalg.diag(d, k=tf.constant([0, 1])), expected)
    np.testing.assert_array_equal(tf.linalg.diag(d, k=[0, 1]), expected)
    out = tf.linalg.diag(tf.constant([1., 2.]), padding_value=tf.constant(-1.))
    np.testing.assert_array_equal(out, [[1., -1.], [-1., 2.]])
    np.testing.assert_array_equal(tf.linalg.diag(tf.constant([1, 2]), k=1, num_cols=4),
                                  [[0, 1, 0, 0], [0, 0, 2, 0]])


def test_diag_errors_name_the_op():
    raises_naming(errors.InvalidArgumentError, "MatrixDiagV3", tf.linalg.diag, tf.constant(1))
    raises_naming(errors.InvalidArgumentError, "rows is too small", tf.linalg.diag,
                  tf.constant([1, 2]), num_rows=1)
    raises_naming(errors.InvalidArgumentError, "allowed values", tf.linalg.diag,
                  tf.constant([1, 2]), align="UP")
    raises_naming(errors.InvalidArgumentError, "out of bound", tf.linalg.diag_part,
                  tf.ones([2, 3]), k=3)
    raises_naming(errors.InvalidArgumentError, "Input shape: [2, 3]", tf.linalg.set_diag,
                  tf.ones([2, 3]), tf.ones([3]))


def test_band_part_matches_numpy():
    x = R.standard_normal((2, 4, 5))
    for lower, upper in [(0, 0), (1, 2), (-1, 0), (0, -1), (-1, -1), (4, 5)]:
        i, j = np.indices((4, 5))
        keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
        np.testing.assert_array_equal(tf.linalg.band_part(tf.constant(x), lower, upper),
                                      np.where(keep, x, 0))
    lower = tf.constant(1, tf.int64)
    assert tf.linalg.band_part(tf.ones([3, 3]), lower, 0).numpy().sum() == 5
    raises_naming(errors.InvalidArgumentError, "num_lower", tf.linalg.band_part,
                  tf.ones([3, 4]), 5, 0)


def test_trace_matvec_cross_tensor_diag():
    x = R.standard_normal((2, 3, 4))
    np.testing.assert_allclose(tf.linalg.trace(tf.constant(x)), np.trace(x, axis1=-2, axis2=-1))
    assert tf.linalg.trace(tf.constant([[1, 2], [3, 4]])).dtype == tf.int32
    v = R.standard_normal((5, 4))
    np.testing.assert_allclose(tf.linalg.matvec(tf.constant(x[:1]), tf.constant(v)),
                               np.einsum("bij,bj->bi", np.broadcast_to(x[:1], (5, 3, 4)), v))
    np.testing.assert_allclose(tf.linalg.matvec(tf.constant(x), tf.constant(v[:2, :3]),
                                                transpose_a=True),
                               np.einsum("bji,bj->bi", x, v[:2, :3]))
    a, b = R.standard_normal((2, 3)), R.standard_normal((2, 3))
    np.testing.assert_allclose(tf.linalg.cross(tf.constant(a), tf.constant(b)), np.cross(a, b))
    t = R.standard_normal((2, 3))
    big = tf.linalg.tensor_diag(tf.constant(t))
    assert big.shape == (2, 3, 2, 3)
    np.testing.assert_array_equal(tf.linalg.tensor_diag_part(big), t)
    raises_naming(errors.FailedPreconditionError, "3-element", tf.linalg.cross,
                  tf.ones([2]), tf.ones([2]))


@pytest.mark.parametrize("fn", [
    lambda x: tf.linalg.trace(x),
    lambda x: tf.linalg.diag_part(x, k=(-1, 2), padding_value=3.0),
    lambda x: tf.linalg.band_part(x, 1, 0),
    lambda x: tf.linalg.set_diag(x, tf.linalg.diag_part(x) * 2.0),
    lambda x: tf.linalg.matvec(x, tf.constant(np.array([1.0, -2.0, 0.5, 3.0]))),
    lambda x: tf.linalg.diag(x, k=(-1, 1), num_rows=5, align="LEFT_LEFT"),
    lambda x: tf.linalg.cross(tf.linalg.matrix_transpose(x), tf.ones([4, 3], tf.float64)),
    lambda x: tf.linalg.tensor_diag_part(tf.linalg.tensor_diag(x)),
], ids=["trace", "diag_part", "band_part", "set_diag", "matvec", "diag", "cross",
        "tensor_diag"])
def test_structure_gradients(fn):
    check_gradient(fn, [R.standard_normal((3, 4))])


# --- inverses, determinants, solves --------------------------------------------------------------
def test_inv_det_slogdet_values():
    np.testing.assert_allclose(tf.linalg.inv(tf.constant(BATCH)), np.linalg.inv(BATCH))
    np.testing.assert_allclose(tf.linalg.inv(tf.constant(C), adjoint=True),
                               np.linalg.inv(C.conj().T))
    np.testing.assert_allclose(tf.linalg.det(tf.constant(BATCH)), np.linalg.det(BATCH))
    sign, logabs = tf.linalg.slogdet(tf.constant(BATCH))
    ref_sign, ref_log = np.linalg.slogdet(BATCH)
    np.testing.assert_allclose(sign, ref_sign)
    np.testing.assert_allclose(logabs, ref_log)
    np.testing.assert_allclose(tf.linalg.logdet(tf.constant(SPD)), np.linalg.slogdet(SPD)[1])
    out = tf.linalg.logdet(tf.constant(HPD.astype(np.complex64)))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out, np.linalg.slogdet(HPD)[1], rtol=1e-5)
    assert tf.linalg.det(tf.zeros([2, 0, 0])).numpy().tolist() == [1.0, 1.0]


def test_inverse_errors():
    raises_naming(errors.InvalidArgumentError, "Input is not invertible. [Op:MatrixInverse]",
                  tf.linalg.inv, tf.constant([[1., 2.], [2., 4.]]))
    raises_naming(errors.InvalidArgumentError, "must be square", tf.linalg.inv, tf.ones([2, 3]))
    raises_naming(errors.InvalidArgumentError, "rank >= 2", tf.linalg.det, tf.ones([3]))
    raises_naming(errors.InvalidArgumentError, "int32", tf.linalg.inv,
                  tf.constant([[1, 2], [3, 4]]))
    raises_naming(errors.NotFoundError, "MatrixDeterminant", tf.linalg.det,
                  tf.ones([2, 2], tf.float16))
    assert tf.linalg.inv(tf.constant([[2., 0.], [0., 4.]], tf.float16)).dtype == tf.float16


def test_cholesky_values_and_nan_for_non_pd():
    np.testing.assert_allclose(tf.linalg.cholesky(tf.constant(SPD)), np.linalg.cholesky(SPD))
    upper_ignored = SPD[0] + np.triu(np.full((3, 3), 100.0), 1)
    np.testing.assert_allclose(tf.linalg.cholesky(tf.constant(upper_ignored)),
                               np.linalg.cholesky(SPD[0]))
    bad = np.stack([SPD[0], -SPD[1]])
    out = tf.linalg.cholesky(tf.constant(bad)).numpy()
    np.testing.assert_allclose(out[0], np.linalg.cholesky(SPD[0]))
    assert np.isnan(out[1][np.tril_indices(3)]).all() and (out[1][np.triu_indices(3, 1)] == 0).all()
    np.testing.assert_allclose(tf.linalg.cholesky(tf.constant(HPD)), np.linalg.cholesky(HPD))


def test_solvers_values():
    np.testing.assert_allclose(tf.linalg.solve(tf.constant(BATCH), tf.constant(RHS)),
                               np.linalg.solve(BATCH, RHS))
    np.testing.assert_allclose(tf.linalg.solve(tf.constant(BATCH), tf.constant(RHS),
                                               adjoint=True),
                               np.linalg.solve(BATCH.transpose(0, 2, 1), RHS))
    low = np.tril(SPD[0])
    out = tf.linalg.triangular_solve(tf.constant(SPD[0]), tf.constant(RHS))
    np.testing.assert_allclose(out, np.linalg.solve(np.broadcast_to(low, (2, 3, 3)), RHS))
    out = tf.linalg.triangular_solve(tf.constant(SPD[0]), tf.constant(RHS[0]), lower=False,
                                     adjoint=True)
    np.testing.assert_allclose(out, np.linalg.solve(np.triu(SPD[0]).T, RHS[0]))
    chol = tf.linalg.cholesky(tf.constant(SPD))
    np.testing.assert_allclose(tf.linalg.cholesky_solve(chol, tf.constant(RHS)),
                               np.linalg.solve(SPD, RHS))
    singular = tf.linalg.triangular_solve(tf.constant([[0., 0.], [1., 3.]]),
                                          tf.constant([[1.], [2.]])).numpy()
    assert np.isinf(singular).all()


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("adjoint", [False, True])
def test_triangular_solve_spans_several_blocks(lower, adjoint):
    n = 75  # more than two of the kernel's 32-row blocks
    a = R.standard_normal((2, n, n)) + n * np.eye(n)
    b = R.standard_normal((n, 3))
    tri = np.tril(a) if lower else np.triu(a)
    tri = tri.transpose(0, 2, 1) if adjoint else tri
    out = tf.linalg.triangular_solve(tf.constant(a), tf.constant(b), lower=lower, adjoint=adjoint)
    np.testing.assert_allclose(out, np.linalg.solve(tri, np.broadcast_to(b, (2, n, 3))))


def test_triangular_solve_singular_late_block_gives_inf():
    a = np.eye(40)
    a[35, 35] = 0.0
    out = tf.linalg.triangular_solve(tf.constant(a), tf.constant(np.ones((40, 1)))).numpy()
    np.testing.assert_array_equal(out[:35], 1.0)
    assert np.isinf(out[35, 0]) and np.isnan(out[36:]).all()


def test_solver_errors():
    raises_naming(errors.InvalidArgumentError, "not invertible", tf.linalg.solve,
                  tf.ones([2, 2]), tf.ones([2, 1]))
    raises_naming(errors.InvalidArgumentError, "same rank", tf.linalg.solve,
                  tf.ones([3, 2, 2]), tf.ones([2, 1]))
    raises_naming(errors.InvalidArgumentError, "[2, 2] [3, 1]", tf.linalg.triangular_solve,
                  tf.ones([2, 2]), tf.ones([3, 1]))
    raises_naming(errors.InvalidArgumentError, "compatible batch", tf.linalg.triangular_solve,
                  tf.ones([3, 2, 2]), tf.ones([2, 2, 1]))
    raises_naming(errors.InvalidArgumentError, "MatrixSolve", tf.linalg.solve,
                  tf.ones([2, 2]), tf.ones([2, 1], tf.float64))


@pytest.mark.parametrize("fn,xs", [
    (lambda a: tf.linalg.inv(a), [A]),
    (lambda a: tf.linalg.inv(a, adjoint=True), [BATCH]),
    (lambda a: tf.linalg.det(a), [BATCH]),
    (lambda a: tf.linalg.slogdet(a), [BATCH]),
    (lambda a: tf.linalg.logdet(sym(a)), [SPD]),
    (lambda a: tf.linalg.cholesky(sym(a)), [SPD]),
    (lambda a, b: tf.linalg.solve(a, b), [BATCH, RHS]),
    (lambda a, b: tf.linalg.solve(a, b, adjoint=True), [BATCH, RHS]),
    (lambda a, b: tf.linalg.triangular_solve(a, b), [SPD[0], RHS]),
    (lambda a, b: tf.linalg.triangular_solve(a, b, lower=False, adjoint=True), [SPD, RHS[0]]),
    (lambda a, b: tf.linalg.cholesky_solve(tf.linalg.cholesky(sym(a)), b), [SPD, RHS]),
], ids=["inv", "inv_adjoint", "det", "slogdet", "logdet", "cholesky", "solve", "solve_adjoint",
        "triangular_broadcast", "triangular_upper_adjoint", "cholesky_solve"])
def test_solver_gradients(fn, xs):
    check_gradient(fn, xs)


def test_second_order_gradients():
    def inv_grad(a):
        with tf.GradientTape() as tape:
            tape.watch(a)
            y = weighted(tf.linalg.inv(a))
        return tape.gradient(y, a)

    def chol_grad(a):
        with tf.GradientTape() as tape:
            tape.watch(a)
            y = weighted(tf.linalg.cholesky(sym(a)))
        return tape.gradient(y, a)

    check_gradient(inv_grad, [A], rtol=1e-4)
    check_gradient(chol_grad, [SPD[0]], rtol=1e-4)


@pytest.mark.parametrize("loss,x", [
    (lambda a: closs(tf.linalg.inv(a)), C),
    (lambda a: closs(tf.linalg.inv(a, adjoint=True)), C),
    (lambda a: tf.reduce_sum(tf.math.real(tf.linalg.slogdet(a)[1])), C),
    (lambda a: closs(tf.linalg.solve(a, tf.constant(C[:, :2]))), C),
    (lambda a: closs(tf.linalg.triangular_solve(a, tf.constant(C[:, :2]), adjoint=True)), C),
    (lambda a: closs(tf.linalg.cholesky((a + tf.linalg.adjoint(a)) * 0.5)), HPD),
    (lambda a: tf.linalg.logdet((a + tf.linalg.adjoint(a)) * 0.5), HPD),
    (lambda a: closs(tf.linalg.adjoint(a)) + closs(tf.linalg.diag_part(a), 3), C),
], ids=["inv", "inv_adjoint", "slogdet", "solve", "triangular", "cholesky", "logdet",
        "adjoint"])
def test_complex_gradients(loss, x):
    check_complex_gradient(loss, x)


def test_complex_det_gradient_follows_tf():
    # TF's rule is g * det * inv(A)^H, without the conjugate of det (recorded in the fixtures)
    x = tf.constant(C)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.linalg.det(x)
    np.testing.assert_allclose(tape.gradient(y, x),
                               np.linalg.det(C) * np.linalg.inv(C).conj().T)


# --- decompositions ------------------------------------------------------------------------------
@pytest.mark.parametrize("x", [TALL, WIDE, BATCH, C], ids=["tall", "wide", "batch", "complex"])
@pytest.mark.parametrize("full", [False, True])
def test_qr_reconstructs(x, full):
    q, r = tf.linalg.qr(tf.constant(x), full_matrices=full)
    q, r = np.asarray(q), np.asarray(r)
    np.testing.assert_allclose(q @ r, x, atol=1e-12)
    eye = np.broadcast_to(np.eye(q.shape[-1]), q.shape[:-2] + (q.shape[-1],) * 2)
    np.testing.assert_allclose(np.swapaxes(q.conj(), -1, -2) @ q, eye, atol=1e-12)
    np.testing.assert_array_equal(np.tril(r, -1), 0)
    m, n = x.shape[-2:]
    assert q.shape[-1] == (m if full else min(m, n))


@pytest.mark.parametrize("x", [TALL, WIDE, BATCH, C], ids=["tall", "wide", "batch", "complex"])
@pytest.mark.parametrize("full", [False, True])
def test_svd_reconstructs_in_tf_order(x, full):
    s, u, v = tf.linalg.svd(tf.constant(x), full_matrices=full)
    s, u, v = np.asarray(s), np.asarray(u), np.asarray(v)
    k = min(x.shape[-2:])
    assert s.dtype == np.float64
    np.testing.assert_allclose(s, np.linalg.svd(x, compute_uv=False))
    recon = u[..., :, :k] * s[..., None, :] @ np.swapaxes(v[..., :, :k].conj(), -1, -2)
    np.testing.assert_allclose(recon, x, atol=1e-12)
    if full:
        assert u.shape[-1] == x.shape[-2] and v.shape[-1] == x.shape[-1]
    only_s = tf.linalg.svd(tf.constant(x), compute_uv=False)
    np.testing.assert_allclose(only_s, s)


def test_eigh_eig_values():
    e, v = tf.linalg.eigh(tf.constant(SPD))
    np.testing.assert_allclose(e, np.linalg.eigvalsh(SPD))
    np.testing.assert_allclose(np.asarray(v) * np.asarray(e)[:, None, :] @
                               np.asarray(v).transpose(0, 2, 1), SPD, atol=1e-12)
    np.testing.assert_allclose(tf.linalg.eigvalsh(tf.constant(SPD)), np.linalg.eigvalsh(SPD))
    e = tf.linalg.eigvalsh(tf.constant(HPD))
    assert e.dtype == tf.complex128
    np.testing.assert_allclose(np.asarray(e).real, np.linalg.eigvalsh(HPD))
    e, v = tf.linalg.eig(tf.constant(A.astype(np.float32)))
    assert e.dtype == tf.complex64 and v.dtype == tf.complex64
    np.testing.assert_allclose(A @ np.asarray(v), np.asarray(v) * np.asarray(e), atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(np.asarray(v), axis=0), 1, rtol=1e-5)
    np.testing.assert_allclose(np.sort_complex(np.asarray(tf.eigvals(tf.constant(A)))),
                               np.sort_complex(np.linalg.eigvals(A)))


def _column_weights(total: int, distinct: int) -> np.ndarray:
    """Distinct weights for the singular vectors, one shared weight for the rest (any basis of
    that complement is valid, so only such weightings are differentiable)."""
    return np.concatenate([np.linspace(-1.0, 1.0, distinct), np.full(total - distinct, 0.7)])


def _gauge_free_svd(full):
    def f(a):
        s, u, v = tf.linalg.svd(a, full_matrices=full)
        k = s.shape[-1]
        proj_u = tf.matmul(u * tf.constant(_column_weights(u.shape[-1], k)), u, adjoint_b=True)
        proj_v = tf.matmul(v * tf.constant(_column_weights(v.shape[-1], k)), v, adjoint_b=True)
        return [s * tf.constant(np.linspace(1.0, 2.0, k)), proj_u, proj_v]
    return f


@pytest.mark.parametrize("x", [TALL, WIDE, A, BATCH], ids=["tall", "wide", "square", "batch"])
@pytest.mark.parametrize("full", [False, True])
def test_svd_gradients(x, full):
    check_gradient(lambda a: tf.linalg.svd(a, compute_uv=False), [x])
    if not full:
        check_gradient(lambda a: tf.linalg.svd(a)[1:], [x])  # real vectors: sign is stable
    check_gradient(_gauge_free_svd(full), [x])


@pytest.mark.parametrize("x", [TALL, WIDE, A, BATCH], ids=["tall", "wide", "square", "batch"])
def test_qr_gradients(x):
    check_gradient(lambda a: tf.linalg.qr(a), [x])
    if x.shape[-2] < x.shape[-1]:
        check_gradient(lambda a: tf.linalg.qr(a, full_matrices=True), [x])


def test_qr_full_tall_gradient_not_implemented():
    x = tf.constant(TALL)
    with tf.GradientTape() as tape:
        tape.watch(x)
        q, r = tf.linalg.qr(x, full_matrices=True)
        y = tf.reduce_sum(q)
    with pytest.raises(NotImplementedError):
        tape.gradient(y, x)


def test_eigh_gradients():
    check_gradient(lambda a: tf.linalg.eigh(sym(a)), [BATCH])
    check_gradient(lambda a: tf.linalg.eigvalsh(sym(a)), [BATCH])
    check_gradient(lambda a: tf.linalg.eigh(a), [SPD])  # lower triangle only, like the op


@pytest.mark.parametrize("loss,x", [
    (lambda a: closs(tf.linalg.qr(a)[0]) + closs(tf.linalg.qr(a)[1], 3), C),
    (lambda a: closs(tf.linalg.qr(a)[1]), np.hstack([C, C[:, :1]])),
    (lambda a: tf.reduce_sum(tf.linalg.svd(a, compute_uv=False) * [1.0, 2.0, 3.0]), C),
    (lambda a: closs(_svd_product(a)), C),
    (lambda a: closs(_svd_product(a)), np.vstack([C, C[:1]])),
    (lambda a: closs(_svd_product(a)), np.hstack([C, C[:, :1]])),
    (lambda a: closs(tf.linalg.eigh((a + tf.linalg.adjoint(a)) * 0.5)[0])
     + closs(_eigh_product((a + tf.linalg.adjoint(a)) * 0.5), 4), HPD),
    (lambda a: closs(tf.linalg.eigvals(a)), C),
    (lambda a: closs(tf.linalg.expm(a)), C * 0.5),
], ids=["qr", "qr_wide", "svd_values", "svd", "svd_tall", "svd_wide", "eigh", "eigvals",
        "expm"])
def test_decomposition_complex_gradients(loss, x):
    check_complex_gradient(loss, x, rtol=1e-4, atol=1e-6)


def _svd_product(a):
    s, u, v = tf.linalg.svd(a)
    w = tf.cast(tf.linalg.diag(tf.constant(np.linspace(1.0, 2.0, s.shape[-1]))), a.dtype)
    return tf.matmul(tf.matmul(u, w), v, adjoint_b=True)


def _eigh_product(a):
    e, v = tf.linalg.eigh(a)
    w = tf.cast(tf.linalg.diag(tf.constant(np.linspace(1.0, 2.0, e.shape[-1]))), a.dtype)
    return tf.matmul(tf.matmul(v, w), v, adjoint_b=True)


def test_eig_gradient_real_input():
    def loss(a):
        e, v = tf.linalg.eig(a)
        return tf.math.real(tf.reduce_sum(e * tf.math.conj(e)))

    x = SPD[0]  # real eigenvalues, well separated
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = loss(xt)
    g = tape.gradient(y, xt)
    assert g.dtype == tf.float64
    # d/dA sum(lambda_i^2) = d/dA trace(A^2) = 2 A^T
    np.testing.assert_allclose(g, 2 * x.T, rtol=1e-8)


# --- lu, expm ------------------------------------------------------------------------------------
def test_lu_family():
    lu, p = tf.linalg.lu(tf.constant(BATCH))
    lu, p = np.asarray(lu), np.asarray(p)
    assert p.dtype == np.int32
    lower = np.tril(lu, -1) + np.eye(3)
    upper = np.triu(lu)
    np.testing.assert_allclose(lower @ upper, np.take_along_axis(BATCH, p[..., None], axis=1))
    np.testing.assert_allclose(tf.linalg.lu_reconstruct(lu, p), BATCH)
    np.testing.assert_allclose(tf.linalg.lu_solve(lu, p, tf.constant(RHS)),
                               np.linalg.solve(BATCH, RHS))
    np.testing.assert_allclose(tf.linalg.lu_matrix_inverse(lu, p), np.linalg.inv(BATCH))
    assert tf.linalg.lu(tf.constant(A), output_idx_type=tf.int64)[1].dtype == tf.int64
    raises_naming(errors.InvalidArgumentError, "[Op:Lu]", tf.linalg.lu, tf.zeros([2, 2]))


def test_lu_has_no_gradient_like_tf():
    x = tf.constant(A)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.linalg.lu(x)[0])
    with pytest.raises(LookupError):
        tape.gradient(y, x)


def _expm_series(x):
    s = 6
    y = x / 2 ** s
    term = np.eye(x.shape[-1], dtype=y.dtype)
    total = term.copy()
    for k in range(1, 30):
        term = term @ y / k
        total = total + term
    for _ in range(s):
        total = total @ total
    return total


@pytest.mark.parametrize("x", [A, A * 0.01, A * 0.3, A * 5, C, np.zeros((3, 3))],
                         ids=["unit", "tiny", "small", "large", "complex", "zero"])
def test_expm_values(x):
    np.testing.assert_allclose(tf.linalg.expm(tf.constant(x)), _expm_series(x), rtol=1e-10,
                               atol=1e-12)
    out = tf.linalg.expm(tf.constant(x.astype(np.complex64 if x.dtype.kind == "c"
                                              else np.float32)))
    np.testing.assert_allclose(out, _expm_series(x), rtol=1e-4, atol=1e-5)


def test_expm_gradient_and_batch():
    check_gradient(lambda a: tf.linalg.expm(a), [BATCH * 0.7])
    check_gradient(lambda a: tf.linalg.expm(a), [A * 3])
    with pytest.raises(ValueError):
        tf.linalg.expm(tf.constant([[1, 2], [3, 4]]))


# --- norms and composites ------------------------------------------------------------------------
NORM_X = R.standard_normal((2, 3, 4))


@pytest.mark.parametrize("ord,axis,ref", [
    ("euclidean", None, lambda x: np.sqrt((x * x).sum())),
    (2, -1, lambda x: np.linalg.norm(x, axis=-1)),
    (1, 1, lambda x: np.abs(x).sum(1)),
    (np.inf, 0, lambda x: np.abs(x).max(0)),
    (3, 2, lambda x: (np.abs(x) ** 3).sum(2) ** (1 / 3)),
    (0.5, None, lambda x: (np.abs(x) ** 0.5).sum() ** 2),
    ("fro", (-2, -1), lambda x: np.linalg.norm(x, "fro", axis=(-2, -1))),
    (1, (1, 2), lambda x: np.linalg.norm(x, 1, axis=(1, 2))),
    (np.inf, (1, 2), lambda x: np.linalg.norm(x, np.inf, axis=(1, 2))),
    (2, (1, 2), lambda x: np.linalg.norm(x, 2, axis=(1, 2))),
    (2, (0, 2), lambda x: np.linalg.norm(x, 2, axis=(0, 2))),
    (1, (2, 0), lambda x: np.linalg.norm(x, 1, axis=(2, 0))),
], ids=lambda v: str(v) if not callable(v) else "")
@pytest.mark.parametrize("keepdims", [False, True])
def test_norm_matches_numpy(ord, axis, ref, keepdims):  # noqa: A002
    out = tf.norm(tf.constant(NORM_X), ord=ord, axis=axis, keepdims=keepdims)
    expected = ref(NORM_X)
    if keepdims:
        axes = range(3) if axis is None else np.atleast_1d(axis)
        expected = np.expand_dims(expected, tuple(a % 3 for a in axes))
    np.testing.assert_allclose(out, expected)
    check_gradient(lambda x: tf.norm(x, ord=ord, axis=axis, keepdims=keepdims), [NORM_X])


def test_norm_errors_and_dtypes():
    x = tf.constant([[1., -2.], [3., 4.]])
    for kwargs in [dict(ord="fro"), dict(ord=-1), dict(ord=0), dict(ord=-np.inf),
                   dict(ord=3, axis=[0, 1]), dict(axis=[0, 0]), dict(axis=[0]),
                   dict(axis=1.0), dict(ord="nuc", axis=(0, 1))]:
        with pytest.raises(ValueError):
            tf.norm(x, **kwargs)
    z = tf.constant([3. + 4j], tf.complex64)
    assert tf.norm(z, ord=1).dtype == tf.float32
    assert tf.norm(z).dtype == tf.complex64
    np.testing.assert_allclose(tf.norm(z), 5.0)
    assert tf.linalg.norm is tf.norm


def test_normalize():
    x = R.standard_normal((3, 4))
    unit, n = tf.linalg.normalize(tf.constant(x), axis=1)
    np.testing.assert_allclose(n, np.linalg.norm(x, axis=1, keepdims=True))
    np.testing.assert_allclose(unit, x / np.linalg.norm(x, axis=1, keepdims=True))


def test_lstsq_pinv_matrix_rank():
    b = R.standard_normal((4, 2))
    np.testing.assert_allclose(tf.linalg.lstsq(tf.constant(TALL), tf.constant(b)),
                               np.linalg.lstsq(TALL, b, rcond=None)[0])
    under = tf.linalg.lstsq(tf.constant(WIDE), tf.constant(b[:3]))
    np.testing.assert_allclose(under, np.linalg.pinv(WIDE) @ b[:3])
    ridge = tf.linalg.lstsq(tf.constant(TALL), tf.constant(b), l2_regularizer=0.5)
    np.testing.assert_allclose(ridge, np.linalg.solve(TALL.T @ TALL + 0.5 * np.eye(3),
                                                      TALL.T @ b))
    np.testing.assert_allclose(tf.linalg.pinv(tf.constant(WIDE)), np.linalg.pinv(WIDE))
    singular = np.array([[1., 2.], [2., 4.]])
    np.testing.assert_allclose(tf.linalg.pinv(tf.constant(singular)), np.linalg.pinv(singular))
    assert int(tf.linalg.matrix_rank(tf.constant(singular))) == 1
    np.testing.assert_array_equal(tf.linalg.matrix_rank(tf.constant(np.stack(
        [np.eye(3), np.diag([1., 0., 2.])]))), [3, 2])
    check_gradient(lambda a, y: tf.linalg.lstsq(a, y), [TALL, b])
    check_gradient(lambda a: tf.linalg.pinv(a), [TALL])


def test_namespaces():
    for name in ["inv", "det", "slogdet", "logdet", "cholesky", "solve", "triangular_solve",
                 "cholesky_solve", "qr", "svd", "eigh", "eigvalsh", "eig", "eigvals", "norm",
                 "matrix_transpose", "adjoint", "diag", "diag_part", "set_diag", "band_part",
                 "trace", "matvec", "tensor_diag", "tensor_diag_part", "cross", "lu", "expm",
                 "lstsq", "pinv", "matrix_rank", "normalize", "matmul", "eye"]:
        assert callable(getattr(tf.linalg, name)), name
    assert tf.norm is tf.linalg.norm and tf.eig is tf.linalg.eig
    assert tf.eigvals is tf.linalg.eigvals
    assert not hasattr(tf, "cholesky") and not hasattr(tf, "svd")
