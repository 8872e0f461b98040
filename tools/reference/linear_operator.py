"""TF2 reference snippets: tf.linalg.LinearOperator and its subclasses, plus
tf.linalg.tridiagonal_solve / tridiagonal_matmul / banded_triangular_solve.

Each operator is built from seeded NumPy data; snippets record values, dtypes and shapes of
its methods, its static properties and hints, and the exceptions raised by bad hints.
"""

SETUP = """
r = np.random.default_rng(11)
def spd(*batch, n=3):
    a = r.standard_normal(tuple(batch) + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
def mat(*shape):
    return r.standard_normal(shape)
def wellcond(*batch, n=3):
    return r.standard_normal(tuple(batch) + (n, n)) + 4 * np.eye(n)
"""

# operator constructors (expressions evaluated after SETUP)
OPERATORS = {
    "full": "tf.linalg.LinearOperatorFullMatrix(wellcond(2))",
    "full_spd": ("tf.linalg.LinearOperatorFullMatrix(spd(2), is_self_adjoint=True, "
                 "is_positive_definite=True)"),
    "full_f32": "tf.linalg.LinearOperatorFullMatrix(wellcond().astype(np.float32))",
    "diag": "tf.linalg.LinearOperatorDiag(r.uniform(0.5, 2.0, (2, 1, 3)))",
    "diag_neg": "tf.linalg.LinearOperatorDiag(np.array([1.5, -2.0, 0.5]))",
    "identity": "tf.linalg.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float64)",
    "identity_f32": "tf.linalg.LinearOperatorIdentity(3)",
    "scaled": "tf.linalg.LinearOperatorScaledIdentity(3, np.array([2.0, -0.5]))",
    "tril": "tf.linalg.LinearOperatorLowerTriangular(wellcond(2))",
    "composition": ("tf.linalg.LinearOperatorComposition([tf.linalg.LinearOperatorFullMatrix("
                    "wellcond(2)), tf.linalg.LinearOperatorDiag(np.array([1.0, 2.0, 3.0]))])"),
    "inversion": "tf.linalg.LinearOperatorInversion(tf.linalg.LinearOperatorFullMatrix("
                 "wellcond(2)))",
    "adjoint": "tf.linalg.LinearOperatorAdjoint(tf.linalg.LinearOperatorFullMatrix(wellcond()))",
    "block_diag": ("tf.linalg.LinearOperatorBlockDiag([tf.linalg.LinearOperatorFullMatrix("
                   "wellcond(2, n=2)), tf.linalg.LinearOperatorDiag(np.array([1.0, 2.0]))])"),
    "kronecker": ("tf.linalg.LinearOperatorKronecker([tf.linalg.LinearOperatorFullMatrix("
                  "wellcond(n=2)), tf.linalg.LinearOperatorFullMatrix(wellcond(2, n=3))])"),
    "low_rank": ("tf.linalg.LinearOperatorLowRankUpdate(tf.linalg.LinearOperatorDiag("
                 "r.uniform(1.0, 2.0, (3,))), mat(3, 2), diag_update=np.array([0.5, 2.0]), "
                 "is_diag_update_positive=True)"),
    "low_rank_uv": ("tf.linalg.LinearOperatorLowRankUpdate(tf.linalg.LinearOperatorFullMatrix("
                    "wellcond()), 0.3 * mat(3, 2), v=0.3 * mat(3, 2))"),
    "zeros": "tf.linalg.LinearOperatorZeros(3, batch_shape=[2], dtype=tf.float64)",
    "permutation": "tf.linalg.LinearOperatorPermutation([[2, 0, 1], [1, 2, 0]], "
                   "dtype=tf.float64)",
    "householder": "tf.linalg.LinearOperatorHouseholder(np.array([[1.0, 2.0, -1.0]]))",
    "toeplitz": ("tf.linalg.LinearOperatorToeplitz(np.array([4.0, 1.0, 0.5]), "
                 "np.array([9.0, -1.0, 0.2]))"),
    "tridiag": "tf.linalg.LinearOperatorTridiag(mat(2, 3, 3) + np.array([0, 4, 0])[:, None])",
    "circulant": ("tf.linalg.LinearOperatorCirculant("
                  "r.uniform(1.0, 2.0, (2, 3)).astype(np.float32))"),
    "circulant_f64": ("tf.linalg.LinearOperatorCirculant(np.fft.fft(np.array([3.0, 0.5, -1.0])),"
                      " input_output_dtype=tf.float64)"),
}

NONSINGULAR = {"full", "full_spd", "full_f32", "diag", "diag_neg", "identity", "identity_f32",
               "scaled", "tril", "composition", "inversion", "adjoint", "block_diag",
               "kronecker", "low_rank", "low_rank_uv", "permutation", "householder",
               "toeplitz", "tridiag", "circulant", "circulant_f64"}
SELF_ADJOINT = {"full_spd", "diag", "diag_neg", "identity", "scaled", "householder", "low_rank",
                "circulant"}


def _props(op: str) -> str:
    return (f"{SETUP}op = {OPERATORS[op]}\n"
            "result = [op.shape, op.batch_shape, op.tensor_rank, int(op.domain_dimension),\n"
            "          int(op.range_dimension), op.dtype.name, op.is_square,\n"
            "          op.is_non_singular, op.is_self_adjoint, op.is_positive_definite,\n"
            "          op.shape_tensor(), op.batch_shape_tensor()]")


def _call(op: str, expr: str) -> str:
    return (f"{SETUP}op = {OPERATORS[op]}\n"
            f"x = mat(4, 1, 3, 2).astype(op.dtype.name)\n"
            f"v = mat(3).astype(op.dtype.name)\n"
            f"result = {expr}")


METHODS = {
    "to_dense": "op.to_dense()",
    "matmul": "op.matmul(x)",
    "matmul_adjoint": "op.matmul(x, adjoint=True)",
    "matmul_adjoint_arg": "op.matmul(np.swapaxes(x, -1, -2), adjoint_arg=True)",
    "matvec": "[op.matvec(v), op.matvec(v, adjoint=True)]",
    "at_operator": "op @ x",
    "diag_part": "op.diag_part()",
    "trace": "op.trace()",
    "add_to_tensor": ("op.add_to_tensor(tf.constant(x[0, 0, :, :1] * np.ones((3, 3)), "
                      "dtype=op.dtype))"),
}
SQUARE_METHODS = {
    "solve": "op.solve(x)",
    "solve_adjoint": "op.solve(x, adjoint=True)",
    "solve_adjoint_arg": "op.solve(np.swapaxes(x, -1, -2), adjoint=True, adjoint_arg=True)",
    "solvevec": "[op.solvevec(v), op.solvevec(v, adjoint=True)]",
    "determinant": "op.determinant()",
    "log_abs_determinant": "op.log_abs_determinant()",
    "inverse_dense": "op.inverse().to_dense()",
    "adjoint_dense": "[op.adjoint().to_dense(), op.H.to_dense()]",
    "cond": "op.cond()",
}

SNIPPETS = {}
for _op in OPERATORS:
    SNIPPETS[f"{_op}_props"] = _props(_op)
    for _m, _expr in METHODS.items():
        SNIPPETS[f"{_op}_{_m}"] = _call(_op, _expr)
    if _op == "tridiag":  # TF's tridiagonal kernels do not broadcast batch dims
        for _m in ("matmul", "matmul_adjoint", "matmul_adjoint_arg", "matvec", "at_operator"):
            del SNIPPETS[f"{_op}_{_m}"]
    if _op in NONSINGULAR:
        for _m, _expr in SQUARE_METHODS.items():
            SNIPPETS[f"{_op}_{_m}"] = _call(_op, _expr)
    if _op in SELF_ADJOINT:
        SNIPPETS[f"{_op}_eigvals"] = _call(_op, "tf.sort(op.eigvals(), axis=-1)")

# zeros: determinant and friends are still defined
SNIPPETS["zeros_determinant"] = _call("zeros", "op.determinant()")

SNIPPETS.update({
    # ---------------------------------------------------------------- hint errors
    "hint_pd_singular": ("tf.linalg.LinearOperatorFullMatrix(np.eye(3), "
                         "is_positive_definite=True, is_non_singular=False)"),
    "hint_nonsingular_nonsquare": ("tf.linalg.LinearOperatorFullMatrix(np.eye(3), "
                                   "is_non_singular=True, is_square=False)"),
    "hint_selfadjoint_nonsquare": ("tf.linalg.LinearOperatorFullMatrix(np.eye(3), "
                                   "is_self_adjoint=True, is_square=False)"),
    "hint_square_false_but_square": ("tf.linalg.LinearOperatorFullMatrix(np.eye(3), "
                                     "is_square=False).is_square"),
    "hint_pd_implies": """
op = tf.linalg.LinearOperatorFullMatrix(np.eye(3), is_positive_definite=True)
result = [op.is_non_singular, op.is_square, op.is_self_adjoint]""",
    "hint_real_diag_not_self_adjoint": "tf.linalg.LinearOperatorDiag([1.0, 2.0], "
                                       "is_self_adjoint=False)",
    "hint_diag_not_square": "tf.linalg.LinearOperatorDiag([1.0, 2.0], is_square=False)",
    "hint_identity_not_pd": "tf.linalg.LinearOperatorIdentity(2, is_positive_definite=False)",
    "hint_identity_negative_rows": "tf.linalg.LinearOperatorIdentity(-1)",
    "hint_zeros_nonsingular": "tf.linalg.LinearOperatorZeros(2, is_non_singular=True)",
    "hint_zeros_rect_square": "tf.linalg.LinearOperatorZeros(2, 3)",
    "hint_householder_not_self_adjoint": ("tf.linalg.LinearOperatorHouseholder([1.0, 0.0], "
                                          "is_self_adjoint=False)"),
    "hint_inversion_singular": ("tf.linalg.LinearOperatorInversion(tf.linalg."
                                "LinearOperatorFullMatrix(np.eye(2), is_non_singular=False))"),
    "hint_composition_dtype": ("tf.linalg.LinearOperatorComposition([tf.linalg."
                               "LinearOperatorDiag([1.0]), tf.linalg.LinearOperatorDiag("
                               "np.array([1.0]))])"),
    "hint_composition_empty": "tf.linalg.LinearOperatorComposition([])",
    "hint_full_int_dtype": "tf.linalg.LinearOperatorFullMatrix(np.eye(2, dtype=np.int32))",
    "hint_composition_nonsingular": """
d = tf.linalg.LinearOperatorDiag([1.0, 2.0], is_non_singular=True)
result = tf.linalg.LinearOperatorComposition([d, d]).is_non_singular""",
    # ---------------------------------------------------------------- method errors
    "err_cholesky_not_pd": "tf.linalg.LinearOperatorFullMatrix(np.eye(3)).cholesky()",
    "err_eigvals_not_self_adjoint": "tf.linalg.LinearOperatorFullMatrix(np.eye(3)).eigvals()",
    "err_det_nonsquare": "tf.linalg.LinearOperatorFullMatrix(np.ones((2, 3))).determinant()",
    "err_solve_nonsquare": "tf.linalg.LinearOperatorFullMatrix(np.ones((2, 3))).solve("
                           "np.ones((2, 1)))",
    "err_solve_singular_hint": ("tf.linalg.LinearOperatorFullMatrix(np.eye(2), "
                                "is_non_singular=False).solve(np.ones((2, 1)))"),
    "err_inverse_nonsquare": "tf.linalg.LinearOperatorFullMatrix(np.ones((2, 3))).inverse()",
    "err_matmul_dtype": "tf.linalg.LinearOperatorFullMatrix(np.eye(2)).matmul("
                        "np.ones((2, 1), np.float32))",
    "err_matmul_shape": "tf.linalg.LinearOperatorFullMatrix(np.eye(2)).matmul(np.ones((3, 1)))",
    "err_matmul_operator_shape": ("tf.linalg.LinearOperatorFullMatrix(np.eye(2)).matmul("
                                  "tf.linalg.LinearOperatorFullMatrix(np.eye(3)))"),
    # ---------------------------------------------------------------- rectangular + misc
    "rect_props": """
op = tf.linalg.LinearOperatorFullMatrix(np.arange(6.0).reshape(2, 3))
result = [op.shape, op.is_square, int(op.domain_dimension), int(op.range_dimension),
          op.matvec([1.0, 2.0, 3.0]), op.matmul(np.ones((2, 1)), adjoint=True),
          op.to_dense(), op.diag_part(), op.trace()]""",
    "cholesky_full": SETUP + """
op = tf.linalg.LinearOperatorFullMatrix(spd(2), is_self_adjoint=True, is_positive_definite=True)
c = op.cholesky()
result = [type(c).__name__, c.to_dense(), c.is_non_singular, c.is_self_adjoint]""",
    "cholesky_diag": """
c = tf.linalg.LinearOperatorDiag([4.0, 9.0], is_positive_definite=True).cholesky()
result = [type(c).__name__, c.to_dense()]""",
    "derived_types": """
d = tf.linalg.LinearOperatorDiag([1.0, 2.0, 4.0])
f = tf.linalg.LinearOperatorFullMatrix(np.eye(3, dtype=np.float32) * 2)
s = tf.linalg.LinearOperatorScaledIdentity(3, 2.0)
result = [type(d @ d).__name__, type(d.inverse()).__name__, type(d.adjoint()).__name__,
          type(f.inverse()).__name__, type(f.H).__name__, type(f @ d).__name__,
          type(s @ s).__name__, type(s.inverse()).__name__,
          type(tf.linalg.LinearOperatorInversion(d).inverse()).__name__,
          (d @ d).to_dense(), (f @ d).to_dense(), d.H is d]""",
    "names": """
d = tf.linalg.LinearOperatorDiag([1.0, 2.0])
f = tf.linalg.LinearOperatorFullMatrix(np.eye(2, dtype=np.float32))
result = [d.name, f.name, tf.linalg.LinearOperatorComposition([d, f]).name,
          tf.linalg.LinearOperatorInversion(f).name, tf.linalg.LinearOperatorAdjoint(f).name,
          tf.linalg.LinearOperatorBlockDiag([d, f]).name,
          tf.linalg.LinearOperatorKronecker([d, f]).name,
          tf.linalg.LinearOperatorIdentity(2).name, tf.linalg.LinearOperatorZeros(2).name]""",
    "broadcast_batch_matmul": SETUP + """
op = tf.linalg.LinearOperatorFullMatrix(wellcond(3, 1))
result = [op.matmul(mat(2, 3, 1)), op.solve(mat(2, 3, 1))]""",
    "broadcast_batch_diag_solve": SETUP + """
op = tf.linalg.LinearOperatorDiag(r.uniform(1, 2, (2, 3)))
result = op.solve(mat(4, 1, 3, 2))""",
    "operator_matmul_composition": SETUP + """
a = tf.linalg.LinearOperatorFullMatrix(wellcond())
b = tf.linalg.LinearOperatorFullMatrix(wellcond(2))
c = a.matmul(b, adjoint=True, adjoint_arg=True)
result = [type(c).__name__, c.shape, c.to_dense()]""",
    "complex_full": SETUP + """
m = wellcond() + 1j * mat(3, 3)
op = tf.linalg.LinearOperatorFullMatrix(m)
result = [op.determinant(), op.log_abs_determinant(), op.matvec(np.ones(3, complex),
          adjoint=True), op.trace(), op.adjoint().to_dense()]""",
    "complex_diag": """
op = tf.linalg.LinearOperatorDiag(np.array([1 + 2j, -3j, 0.5]))
result = [op.is_self_adjoint, op.log_abs_determinant(), op.determinant(),
          op.matvec(np.ones(3, complex), adjoint=True), op.adjoint().to_dense()]""",
    "householder_extra": """
op = tf.linalg.LinearOperatorHouseholder(np.array([3.0, 4.0]))
result = [op.eigvals(), op.trace(), op.determinant(), op.is_positive_definite,
          op.solve(np.eye(2))]""",
    "toeplitz_batch": """
op = tf.linalg.LinearOperatorToeplitz(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                                      np.array([1.0, -1.0, -2.0]))
result = [op.shape, op.to_dense(), op.matvec(np.ones(3))]""",
    "toeplitz_not_square": """
op = tf.linalg.LinearOperatorToeplitz(np.array([1.0, 2.0, 3.0]), np.array([1.0, -1.0]))""",
    "tridiag_matmul_same_batch": SETUP + """
op = tf.linalg.LinearOperatorTridiag(mat(2, 3, 3))
x = mat(2, 3, 2)
result = [op.matmul(x), op.matmul(x, adjoint=True), op.matvec(x[..., 0]), op @ x,
          op.matmul(np.swapaxes(x, -1, -2), adjoint_arg=True)]""",
    "tridiag_formats": SETUP + """
d = mat(3, 4)
seq = tf.linalg.LinearOperatorTridiag([d[0], d[1], d[2]], diagonals_format="sequence")
full = tf.linalg.LinearOperatorTridiag(seq.to_dense(), diagonals_format="matrix")
result = [seq.to_dense(), full.to_dense(), full.diag_part()]""",
    "circulant_extra": """
c = tf.linalg.LinearOperatorCirculant(np.array([4.0, 1.0 + 1j, 2.0, 1.0 - 1j]),
                                      input_output_dtype=tf.complex128)
result = [c.is_self_adjoint, c.convolution_kernel(), c.block_depth, c.block_shape,
          c.to_dense(), c.solvevec(np.ones(4, complex)), type(c.inverse()).__name__,
          c.inverse().dtype.name]""",
    "circulant_real_not_self_adjoint": ("tf.linalg.LinearOperatorCirculant([1.0, 2.0], "
                                        "is_self_adjoint=False)"),
    "tridiag_bad_format": "tf.linalg.LinearOperatorTridiag(np.eye(3), diagonals_format='x')",
    "identity_matmul_type": """
i = tf.linalg.LinearOperatorIdentity(2)
d = tf.linalg.LinearOperatorDiag([1.0, 2.0])
result = [type(i @ d).__name__, type(d @ i).__name__]""",
    "kronecker_three": SETUP + """
ops = [tf.linalg.LinearOperatorFullMatrix(wellcond(n=2)),
       tf.linalg.LinearOperatorDiag(np.array([1.0, -2.0])),
       tf.linalg.LinearOperatorFullMatrix(wellcond(n=2))]
k = tf.linalg.LinearOperatorKronecker(ops)
result = [k.shape, k.to_dense(), k.determinant(), k.log_abs_determinant(), k.trace(),
          k.diag_part(), k.solvevec(np.arange(8.0))]""",
    # ---------------------------------------------------------------- tridiagonal/banded fns
    "tridiagonal_solve_compact": SETUP + """
d = tf.constant(mat(2, 3, 4) + np.array([0, 5, 0])[:, None])
result = [tf.linalg.tridiagonal_solve(d, tf.constant(mat(2, 4, 2))),
          tf.linalg.tridiagonal_solve(d, tf.constant(mat(2, 4)))]""",
    "tridiagonal_solve_sequence": SETUP + """
d = mat(3, 4) + np.array([0, 5, 0])[:, None]
d = [tf.constant(v) for v in d]
result = tf.linalg.tridiagonal_solve(d, tf.constant(mat(4, 2)), diagonals_format="sequence")""",
    "tridiagonal_solve_matrix_transpose": SETUP + """
m = np.triu(np.tril(mat(4, 4), 1), -1) + 5 * np.eye(4)
result = tf.linalg.tridiagonal_solve(tf.constant(m), tf.constant(mat(2, 4)),
                                     diagonals_format="matrix",
                                     transpose_rhs=True)""",
    "tridiagonal_matmul": SETUP + """
result = tf.linalg.tridiagonal_matmul(mat(2, 3, 4), mat(2, 4, 3))""",
    "tridiagonal_matmul_matrix": SETUP + """
m = np.triu(np.tril(mat(4, 4), 1), -1)
result = tf.linalg.tridiagonal_matmul(m, mat(4, 2), diagonals_format="matrix")""",
    "banded_lower": SETUP + """
b = mat(2, 5) + np.array([4, 0])[:, None]
result = [tf.linalg.banded_triangular_solve(b, mat(5, 2)),
          tf.linalg.banded_triangular_solve(b, mat(5, 2), adjoint=True)]""",
    "banded_upper": SETUP + """
b = mat(3, 5) + np.array([0, 0, 4])[:, None]
result = tf.linalg.banded_triangular_solve(b, mat(5, 2), lower=False)""",
})
