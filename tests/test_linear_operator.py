"""tf.linalg.LinearOperator family: numerics against NumPy, float64 finite-difference
gradients through solve / log_abs_determinant, graph mode (tf.function), hint errors."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient

LO = tf.linalg
RNG = np.random.default_rng(3)


def wellcond(*batch, n=3):
    return RNG.standard_normal(tuple(batch) + (n, n)) + 4 * np.eye(n)


def spd(n=3):
    a = RNG.standard_normal((n, n))
    return a @ a.T + n * np.eye(n)


# ---------------------------------------------------------------------------- numerics
def test_full_matrix_matches_numpy():
    m = wellcond(2)
    x = RNG.standard_normal((2, 3, 2))
    op = LO.LinearOperatorFullMatrix(m)
    np.testing.assert_allclose(op.matmul(x).numpy(), m @ x)
    np.testing.assert_allclose(op.solve(x).numpy(), np.linalg.solve(m, x))
    np.testing.assert_allclose(op.solve(x, adjoint=True).numpy(),
                               np.linalg.solve(np.swapaxes(m, -1, -2), x))
    np.testing.assert_allclose(op.log_abs_determinant().numpy(), np.linalg.slogdet(m)[1])
    np.testing.assert_allclose(op.trace().numpy(), np.trace(m, axis1=-2, axis2=-1))
    assert op.batch_shape.as_list() == [2] and op.tensor_rank == 3


def test_diag_solve_is_division_and_broadcasts():
    d = RNG.uniform(1.0, 2.0, (2, 1, 3))
    rhs = RNG.standard_normal((4, 3, 2))
    out = LO.LinearOperatorDiag(d).solve(rhs)
    assert out.shape == (2, 4, 3, 2)
    np.testing.assert_allclose(out.numpy(), rhs / d[..., None])


def test_low_rank_update_determinant_lemma_matches_dense():
    base = RNG.uniform(1.0, 2.0, 4)
    u = RNG.standard_normal((4, 2))
    d = np.array([0.5, 1.5])
    op = LO.LinearOperatorLowRankUpdate(LO.LinearOperatorDiag(base), u, diag_update=d)
    dense = np.diag(base) + u @ np.diag(d) @ u.T
    np.testing.assert_allclose(op.to_dense().numpy(), dense)
    np.testing.assert_allclose(op.determinant().numpy(), np.linalg.det(dense))
    np.testing.assert_allclose(op.log_abs_determinant().numpy(), np.linalg.slogdet(dense)[1])
    assert op.is_self_adjoint is True


def test_kronecker_formulas_match_np_kron():
    a, b = wellcond(n=2), wellcond(n=3)
    op = LO.LinearOperatorKronecker([LO.LinearOperatorFullMatrix(a),
                                     LO.LinearOperatorFullMatrix(b)])
    dense = np.kron(a, b)
    np.testing.assert_allclose(op.to_dense().numpy(), dense)
    np.testing.assert_allclose(op.determinant().numpy(), np.linalg.det(dense))
    np.testing.assert_allclose(op.trace().numpy(), np.trace(dense))
    np.testing.assert_allclose(op.diag_part().numpy(), np.diag(dense))
    rhs = RNG.standard_normal((6, 2))
    np.testing.assert_allclose(op.solve(rhs).numpy(), np.linalg.solve(dense, rhs))


def test_block_diag_and_composition():
    a, b = wellcond(n=2), wellcond(n=3)
    op = LO.LinearOperatorBlockDiag([LO.LinearOperatorFullMatrix(a),
                                     LO.LinearOperatorFullMatrix(b)])
    dense = np.zeros((5, 5))
    dense[:2, :2], dense[2:, 2:] = a, b
    np.testing.assert_allclose(op.to_dense().numpy(), dense)
    x = RNG.standard_normal((5, 2))
    np.testing.assert_allclose(op.solve(x).numpy(), np.linalg.solve(dense, x))
    comp = LO.LinearOperatorFullMatrix(dense) @ op
    assert type(comp).__name__ == "LinearOperatorComposition"
    np.testing.assert_allclose(comp.matmul(x).numpy(), dense @ dense @ x)
    np.testing.assert_allclose(comp.log_abs_determinant().numpy(),
                               2 * np.linalg.slogdet(dense)[1])


def test_structured_operators_dense_forms():
    perm = LO.LinearOperatorPermutation([2, 0, 1], dtype=tf.float64)
    x = RNG.standard_normal((3, 2))
    np.testing.assert_allclose(perm.matmul(x).numpy(), x[[2, 0, 1]])
    np.testing.assert_allclose(perm.solve(perm.matmul(x)).numpy(), x)
    v = np.array([1.0, 2.0, 2.0])
    house = LO.LinearOperatorHouseholder(v)
    np.testing.assert_allclose(house.to_dense().numpy(), np.eye(3) - 2 * np.outer(v, v) / 9)
    col, row = np.array([4.0, 1.0, 0.5]), np.array([9.0, -1.0, 0.2])
    toe = LO.LinearOperatorToeplitz(col, row).to_dense().numpy()
    expected = np.array([[4.0, -1.0, 0.2], [1.0, 4.0, -1.0], [0.5, 1.0, 4.0]])
    np.testing.assert_allclose(toe, expected)


def test_tridiagonal_and_banded_functions_match_numpy():
    diags = RNG.standard_normal((3, 4)) + np.array([0.0, 5.0, 0.0])[:, None]
    dense = np.diag(diags[1]) + np.diag(diags[0, :-1], 1) + np.diag(diags[2, 1:], -1)
    rhs = RNG.standard_normal((4, 2))
    np.testing.assert_allclose(LO.tridiagonal_solve(tf.constant(diags), tf.constant(rhs)),
                               np.linalg.solve(dense, rhs))
    np.testing.assert_allclose(LO.tridiagonal_matmul(tf.constant(diags), tf.constant(rhs)),
                               dense @ rhs)
    bands = RNG.standard_normal((2, 4)) + np.array([4.0, 0.0])[:, None]
    lower = np.diag(bands[0]) + np.diag(bands[1, 1:], -1)
    np.testing.assert_allclose(LO.banded_triangular_solve(bands, rhs).numpy(),
                               np.linalg.solve(lower, rhs))


def test_circulant_matches_numpy_circulant_matrix():
    kernel = np.array([3.0, 0.5, -1.0, 0.25])
    op = LO.LinearOperatorCirculant(np.fft.fft(kernel), input_output_dtype=tf.float64)
    dense = np.stack([np.roll(kernel, j) for j in range(4)], axis=1)
    np.testing.assert_allclose(op.to_dense().numpy(), dense, atol=1e-12)
    x = RNG.standard_normal((4, 2))
    np.testing.assert_allclose(op.matmul(x).numpy(), dense @ x, atol=1e-12)
    np.testing.assert_allclose(op.solve(x).numpy(), np.linalg.solve(dense, x), atol=1e-12)
    np.testing.assert_allclose(op.log_abs_determinant().numpy(), np.linalg.slogdet(dense)[1])


# ---------------------------------------------------------------------------- gradients
def test_full_matrix_solve_gradient():
    check_gradient(lambda m, b: LO.LinearOperatorFullMatrix(m).solve(b),
                   [wellcond(2), RNG.standard_normal((2, 3, 2))])


def test_spd_log_abs_determinant_gradient_uses_cholesky_path():
    def f(m):
        sym = (m + tf.linalg.matrix_transpose(m)) * 0.5
        return LO.LinearOperatorFullMatrix(sym, is_self_adjoint=True,
                                           is_positive_definite=True).log_abs_determinant()
    check_gradient(f, [spd()])


def test_diag_and_tril_gradients():
    check_gradient(lambda d, b: LO.LinearOperatorDiag(d).solve(b),
                   [RNG.uniform(1, 2, (2, 3)), RNG.standard_normal((3, 2))])
    check_gradient(lambda d: LO.LinearOperatorDiag(d).log_abs_determinant(),
                   [RNG.uniform(1, 2, (2, 3))])
    check_gradient(lambda t, b: LO.LinearOperatorLowerTriangular(t).solve(b, adjoint=True),
                   [wellcond(), RNG.standard_normal((3, 2))])


def test_low_rank_update_and_kronecker_log_det_gradients():
    def low_rank(base, u):
        return LO.LinearOperatorLowRankUpdate(LO.LinearOperatorDiag(base), u,
                                              diag_update=[0.5, 2.0]).log_abs_determinant()
    check_gradient(low_rank, [RNG.uniform(1, 2, 3), RNG.standard_normal((3, 2))])

    def kron(a, b):
        return LO.LinearOperatorKronecker([LO.LinearOperatorFullMatrix(a),
                                           LO.LinearOperatorFullMatrix(b)]).log_abs_determinant()
    check_gradient(kron, [wellcond(n=2), wellcond(n=2)])


def test_circulant_solve_gradient_wrt_spectrum():
    def f(spectrum, b):
        op = LO.LinearOperatorCirculant(spectrum, input_output_dtype=tf.float64)
        return op.solve(b)
    check_gradient(f, [RNG.uniform(1, 2, 4), RNG.standard_normal((4, 2))])


def test_tridiagonal_solve_gradient():
    check_gradient(lambda d, b: LO.tridiagonal_solve(d, b),
                   [RNG.standard_normal((3, 4)) + np.array([0.0, 5.0, 0.0])[:, None],
                    RNG.standard_normal((4, 2))])


def test_gradients_reach_variables_and_variables_are_tracked():
    v = tf.Variable(np.eye(2) * 2.0)
    op = LO.LinearOperatorFullMatrix(v)
    assert len(op.trainable_variables) == 1
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(op.solve(np.ones((2, 1))))
    np.testing.assert_allclose(tape.gradient(y, v).numpy(), -0.25 * np.ones((2, 2)))
    diags = tf.Variable(np.array([[0.0, 1.0, 1.0], [4.0, 4.0, 4.0], [1.0, 1.0, 0.0]]))
    tri = LO.LinearOperatorTridiag(diags)
    diags.assign(diags * 2.0)
    np.testing.assert_allclose(tri.diag_part().numpy(), [8.0, 8.0, 8.0])


# ---------------------------------------------------------------------------- graph mode
def test_operators_inside_tf_function_match_eager():
    m, rhs = wellcond(2), RNG.standard_normal((2, 3, 2))

    def run(matrix, b):
        op = LO.LinearOperatorFullMatrix(matrix)
        inv = op.inverse()
        kron = LO.LinearOperatorKronecker([op, LO.LinearOperatorDiag(tf.ones([2], tf.float64))])
        return (op.solve(b), op.log_abs_determinant(), inv.matvec(b[..., 0]),
                kron.determinant(), op.H.matmul(b))

    eager = run(tf.constant(m), tf.constant(rhs))
    graph = tf.function(run)(tf.constant(m), tf.constant(rhs))
    for e, g in zip(eager, graph):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-10)


GRAPH_BUILDERS = {
    "tril": lambda t: LO.LinearOperatorLowerTriangular(t),
    "block_diag": lambda t: LO.LinearOperatorBlockDiag(
        [LO.LinearOperatorFullMatrix(t[:2, :2]), LO.LinearOperatorDiag(t[2, 2:])]),
    "low_rank": lambda t: LO.LinearOperatorLowRankUpdate(
        LO.LinearOperatorFullMatrix(t), 0.1 * t[:, :2]),
    "tridiag": lambda t: LO.LinearOperatorTridiag(t),
    "circulant": lambda t: LO.LinearOperatorCirculant(  # Hermitian spectrum: real operator
        tf.signal.fft(tf.cast(t[0] + [5.0, 0.0, 0.0], tf.complex128)),
        input_output_dtype=tf.float64),
    "householder": lambda t: LO.LinearOperatorHouseholder(t[0]),
    "toeplitz": lambda t: LO.LinearOperatorToeplitz(t[0] + 3.0, t[1]),
}


@pytest.mark.parametrize("kind", sorted(GRAPH_BUILDERS))
def test_structured_operators_graph_matches_eager(kind):
    def run(t, b):
        op = GRAPH_BUILDERS[kind](t)
        return op.matmul(b), op.solve(b), op.log_abs_determinant(), op.to_dense()

    t = tf.constant(wellcond(n=4)[:3, :3])
    b = tf.constant(RNG.standard_normal((3, 2)))
    eager = run(t, b)
    graph = tf.function(run)(t, b)
    for e, g in zip(eager, graph):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-9, atol=1e-12)
    dense = eager[3].numpy()
    np.testing.assert_allclose(eager[0].numpy(), dense @ b.numpy(), atol=1e-12)
    np.testing.assert_allclose(eager[1].numpy(), np.linalg.solve(dense, b.numpy()), atol=1e-10)
    np.testing.assert_allclose(eager[2].numpy(), np.linalg.slogdet(dense)[1], atol=1e-10)


def test_banded_and_tridiagonal_matmul_gradients():
    check_gradient(lambda d, b: LO.tridiagonal_matmul(d, b),
                   [RNG.standard_normal((3, 4)), RNG.standard_normal((4, 2))])
    check_gradient(lambda bands, b: LO.banded_triangular_solve(bands, b, lower=False),
                   [RNG.standard_normal((2, 4)) + np.array([0.0, 4.0])[:, None],
                    RNG.standard_normal((4, 2))])


def test_gradient_through_tf_function():
    @tf.function
    def loss(d, b):
        return tf.reduce_sum(LO.LinearOperatorDiag(d).solve(b) ** 2)

    d = tf.constant([1.0, 2.0, 4.0], tf.float64)
    b = tf.constant(np.ones((3, 1)))
    with tf.GradientTape() as tape:
        tape.watch(d)
        value = loss(d, b)
    np.testing.assert_allclose(tape.gradient(value, d).numpy(), -2.0 / d.numpy() ** 3)


def test_user_subclass_gets_every_method_from_matmul():
    class Scaled(LO.LinearOperator):
        def __init__(self, m):
            self.m = tf.constant(m)
            super().__init__(dtype=self.m.dtype, is_non_singular=True, parameters={"m": m})

        def _shape(self):
            return self.m.shape

        def _matmul(self, x, adjoint=False, adjoint_arg=False):
            return tf.linalg.matmul(self.m, x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    m = wellcond()
    op = Scaled(m)
    assert op.name == "Scaled" and op.is_square is True
    np.testing.assert_allclose(op.to_dense().numpy(), m)
    np.testing.assert_allclose(op.determinant().numpy(), np.linalg.det(m))
    np.testing.assert_allclose(op.inverse().to_dense().numpy(), np.linalg.inv(m))


# ---------------------------------------------------------------------------- hints
@pytest.mark.parametrize("kwargs", [
    dict(is_positive_definite=True, is_non_singular=False),
    dict(is_non_singular=True, is_square=False),
    dict(is_self_adjoint=True, is_square=False),
])
def test_contradictory_hints_raise(kwargs):
    with pytest.raises(ValueError):
        LO.LinearOperatorFullMatrix(np.eye(3), **kwargs)


def test_hint_implications_and_method_errors():
    op = LO.LinearOperatorFullMatrix(np.eye(3), is_positive_definite=True)
    assert (op.is_non_singular, op.is_square) == (True, True)
    rect = LO.LinearOperatorFullMatrix(np.ones((2, 3)))
    with pytest.raises(NotImplementedError):
        rect.determinant()
    with pytest.raises(ValueError):
        rect.inverse()
    with pytest.raises(ValueError):
        LO.LinearOperatorFullMatrix(np.eye(3)).cholesky()
    with pytest.raises(TypeError):
        LO.LinearOperatorFullMatrix(np.eye(2)).matmul(np.ones((2, 1), np.float32))
