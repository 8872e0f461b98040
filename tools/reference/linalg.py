"""TF2 reference snippets: tf.linalg (structure ops, solvers, decompositions, norms, gradients).

Eigen/singular vectors are only unique up to sign (or phase), so snippets compare them through
gauge-invariant quantities (reconstructions, |v|, v diag(w) v^H); eigenvalues of general
matrices are sorted before comparison.
"""

# shared preludes (snippets are exec'd with only `tf` and `np` bound)
R = "r = np.random.default_rng(7)\n"
GRAD = """
def grad(f, *xs):
    xs = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = f(*xs)
    return tape.gradient(y, xs)
def weights(shape, seed=3):
    return tf.constant(np.random.default_rng(seed).standard_normal(shape))
r = np.random.default_rng(7)
a33 = r.standard_normal((3, 3))
spd = a33 @ a33.T + 3 * np.eye(3)
b32 = r.standard_normal((3, 2))
t43 = r.standard_normal((4, 3))
w34 = r.standard_normal((3, 4))
batch = r.standard_normal((2, 3, 3))
def sym(x):
    return (x + tf.linalg.matrix_transpose(x)) * 0.5
"""
CGRAD = GRAD + """
c33 = (r.standard_normal((3, 3)) + 1j * r.standard_normal((3, 3)))
hpd = c33 @ c33.conj().T + 3 * np.eye(3)
def herm(x):
    return (x + tf.linalg.adjoint(x)) * 0.5
def cweights(shape, seed=5):
    g = np.random.default_rng(seed)
    return tf.constant(g.standard_normal(shape) + 1j * g.standard_normal(shape))
def closs(y, seed=5):
    return tf.math.real(tf.reduce_sum(y * tf.math.conj(cweights(y.shape, seed))))
"""

M22 = "tf.constant([[1., 2.], [3., 4.]])"
RECT = "tf.constant([[1., 2., 3.], [4., 5., 6.]])"
TALL = "tf.constant([[1., 2.], [3., 4.], [5., 6.]])"
SPD22 = "tf.constant([[4., 2.], [2., 3.]])"
C22 = "tf.constant([[1. + 1j, 2.], [3., 4. - 2j]], tf.complex64)"

STRUCT = {
    "transpose_3d": "tf.linalg.matrix_transpose(tf.reshape(tf.constant([0, 1, 2, 3, 4, 5]), "
                    "[1, 2, 3]))",
    "transpose_conjugate": f"tf.linalg.matrix_transpose({C22}, conjugate=True)",
    "transpose_no_conjugate": f"tf.linalg.matrix_transpose({C22})",
    "transpose_rank1_error": "tf.linalg.matrix_transpose(tf.constant([1, 2]))",
    "transpose_empty": "tf.linalg.matrix_transpose(tf.zeros([2, 0, 3]))",
    "adjoint_complex": f"tf.linalg.adjoint({C22})",
    "adjoint_int": "tf.linalg.adjoint(tf.constant([[1, 2]]))",
    "diag_vector": "tf.linalg.diag(tf.constant([1, 2, 3]))",
    "diag_batch": "tf.linalg.diag(tf.constant([[1, 2], [3, 4]]))",
    "diag_k1": "tf.linalg.diag(tf.constant([1, 2]), k=1)",
    "diag_k_neg": "tf.linalg.diag(tf.constant([1., 2.]), k=-1)",
    "diag_num_rows": "tf.linalg.diag(tf.constant([1, 2]), k=1, num_rows=4)",
    "diag_num_cols": "tf.linalg.diag(tf.constant([1, 2]), k=1, num_cols=4)",
    "diag_inconsistent": "tf.linalg.diag(tf.constant([1, 2]), num_rows=3, num_cols=4)",
    "diag_rows_too_small": "tf.linalg.diag(tf.constant([1, 2]), num_rows=1)",
    "diag_band": "tf.linalg.diag(tf.constant([[1, 2], [3, 4]]), k=(-1, 0))",
    "diag_band_right_left": "tf.linalg.diag(tf.constant([[1, 2, 3], [4, 5, 0]]), k=(0, 1))",
    "diag_band_left_left": "tf.linalg.diag(tf.constant([[1, 2, 3], [4, 5, 0]]), k=(0, 1), "
                           "align='LEFT_LEFT')",
    "diag_band_left_right": "tf.linalg.diag(tf.constant([[0, 1, 2], [3, 4, 5]]), k=(-1, 0), "
                            "align='LEFT_RIGHT')",
    "diag_band_right_right": "tf.linalg.diag(tf.constant([[1, 2, 3], [4, 5, 6]]), k=(-1, 0), "
                             "align='RIGHT_RIGHT')",
    "diag_band_wide": "tf.linalg.diag(tf.constant([[1., 2.], [3., 4.], [5., 6.]]), k=(-1, 1), "
                      "num_rows=2, num_cols=3)",
    "diag_band_batch": "tf.linalg.diag(tf.reshape(tf.constant(np.arange(12.)), [2, 2, 3]), "
                       "k=(-1, 0))",
    "diag_scalar_error": "tf.linalg.diag(tf.constant(1))",
    "diag_empty": "tf.linalg.diag(tf.zeros([0]))",
    "diag_k_order_error": "tf.linalg.diag(tf.constant([1, 2]), k=(1, 0))",
    "diag_num_diags_error": "tf.linalg.diag(tf.constant([[1, 2], [3, 4]]), k=(0, 2))",
    "diag_far_k": "tf.linalg.diag(tf.constant([1, 2]), k=5)",
    "diag_complex": "tf.linalg.diag(tf.constant([1., 2.], tf.complex64))",
    "diag_padding": "tf.linalg.diag(tf.constant([1., 2.]), k=1, padding_value=-1.)",
    "diag_padding_tensor": "tf.linalg.diag(tf.constant([1., 2.]), padding_value=tf.constant(9.))",
    "diag_k_tensor": "tf.linalg.diag(tf.constant([[1, 2], [3, 4]]), k=tf.constant([0, 1]))",
    "diag_k_list": "tf.linalg.diag(tf.constant([[1, 2], [3, 4]]), k=[0, 1])",
    "diag_k_one_tuple": "tf.linalg.diag(tf.constant([1, 2]), k=(1,))",
    "diag_bad_align": "tf.linalg.diag(tf.constant([1, 2]), align='FOO')",
    "diag_float64": "tf.linalg.diag(tf.constant([1., 2.], tf.float64))",
    "diag_part_main": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]))",
    "diag_part_k1": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), k=1)",
    "diag_part_k_neg": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), k=-1)",
    "diag_part_band": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), k=(-1, 1))",
    "diag_part_band_padding": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                              "k=(-1, 1), padding_value=9)",
    "diag_part_band_left_left": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                                "k=(-1, 1), align='LEFT_LEFT')",
    "diag_part_band_left_right": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                                 "k=(-1, 2), align='LEFT_RIGHT')",
    "diag_part_tall_band": "tf.linalg.diag_part(tf.reshape(tf.constant(np.arange(12)), [4, 3]),"
                           " k=(-2, 1))",
    "diag_part_out_of_bound": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), k=3)",
    "diag_part_out_of_bound_neg": "tf.linalg.diag_part(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                                  "k=-2)",
    "diag_part_rank1_error": "tf.linalg.diag_part(tf.constant([1, 2, 3]))",
    "diag_part_batch": "tf.linalg.diag_part(tf.reshape(tf.constant(np.arange(24.)), [2, 3, 4]))",
    "diag_part_empty": "tf.linalg.diag_part(tf.zeros([0, 3]))",
    "diag_part_padding_ignored": "tf.linalg.diag_part(tf.constant([[1., 2.], [3., 4.]]), "
                                 "padding_value=7)",
    "diag_part_k_order_error": "tf.linalg.diag_part(tf.ones([2, 3]), k=(1, -1))",
    "set_diag_main": "tf.linalg.set_diag(tf.zeros([2, 3], tf.int32), tf.constant([1, 2]))",
    "set_diag_k1": "tf.linalg.set_diag(tf.zeros([2, 3], tf.int32), tf.constant([1, 2]), k=1)",
    "set_diag_band": "tf.linalg.set_diag(tf.zeros([2, 3], tf.int32), "
                     "tf.constant([[1, 2], [3, 4], [5, 6]]), k=(-1, 1))",
    "set_diag_band_left_left": "tf.linalg.set_diag(tf.zeros([3, 3]), "
                               "tf.constant([[1., 2.], [3., 4.]]), k=(1, 2), align='LEFT_LEFT')",
    "set_diag_batch": "tf.linalg.set_diag(tf.zeros([2, 2, 3], tf.int32), "
                      "tf.constant([[1, 2], [3, 4]]))",
    "set_diag_shape_error": "tf.linalg.set_diag(tf.zeros([2, 3], tf.int32), "
                            "tf.constant([1, 2, 3]))",
    "set_diag_batch_error": "tf.linalg.set_diag(tf.zeros([2, 2, 3], tf.int32), "
                            "tf.constant([1, 2]))",
    "set_diag_dtype_error": "tf.linalg.set_diag(tf.zeros([2, 3]), tf.constant([1, 2]))",
    "set_diag_bound_error": "tf.linalg.set_diag(tf.ones([2, 3]), tf.ones([2]), k=5)",
    "set_diag_rank_error": "tf.linalg.set_diag(tf.ones([3]), tf.ones([2]))",
    "band_part_lower1": "tf.linalg.band_part(tf.reshape(tf.constant(np.arange(16)), [4, 4]), "
                        "1, 0)",
    "band_part_lower_all": "tf.linalg.band_part(tf.reshape(tf.constant(np.arange(16.)), "
                           "[4, 4]), -1, 0)",
    "band_part_upper_all": "tf.linalg.band_part(tf.reshape(tf.constant(np.arange(16)), "
                           "[4, 4]), 0, -1)",
    "band_part_2_1": "tf.linalg.band_part(tf.reshape(tf.constant(np.arange(16)), [4, 4]), 2, 1)",
    "band_part_rect_diag": "tf.linalg.band_part(tf.reshape(tf.constant(np.arange(12)), [3, 4]),"
                           " 0, 0)",
    "band_part_too_many_lower": "tf.linalg.band_part(tf.ones([3, 4]), 5, 0)",
    "band_part_too_many_upper": "tf.linalg.band_part(tf.ones([2, 2]), 0, 5)",
    "band_part_other_negative": "tf.linalg.band_part(tf.reshape(tf.constant(np.arange(12)), "
                                "[3, 4]), -2, 0)",
    "band_part_tensor_args": "tf.linalg.band_part(tf.ones([3, 3]), tf.constant(1, tf.int64), "
                             "tf.constant(0, tf.int64))",
    "band_part_rank1_error": "tf.linalg.band_part(tf.constant([1, 2]), 0, 0)",
    "band_part_complex": "tf.linalg.band_part(tf.ones([2, 2], tf.complex64), 0, -1)",
    "band_part_batch": "tf.linalg.band_part(tf.ones([2, 3, 3], tf.float64), 0, 1)",
    "band_part_empty": "tf.linalg.band_part(tf.zeros([0, 0]), 0, 0)",
    "trace_int": "tf.linalg.trace(tf.constant([[1, 2], [3, 4]]))",
    "trace_rect": f"tf.linalg.trace({RECT})",
    "trace_batch": "tf.linalg.trace(tf.ones([2, 3, 3]))",
    "trace_rank1_error": "tf.linalg.trace(tf.constant([1, 2]))",
    "trace_complex": "tf.linalg.trace(tf.ones([2, 2], tf.complex64))",
    "trace_empty": "tf.linalg.trace(tf.zeros([0, 0]))",
    "matvec_basic": f"tf.linalg.matvec({M22}, tf.constant([1., 1.]))",
    "matvec_transpose": f"tf.linalg.matvec({M22}, tf.constant([1., 2.]), transpose_a=True)",
    "matvec_batch_matrix": "tf.linalg.matvec(tf.ones([3, 2, 2]), tf.constant([1., 2.]))",
    "matvec_batch_vector": "tf.linalg.matvec(tf.ones([2, 2]), tf.ones([3, 2]))",
    "matvec_incompatible": "tf.linalg.matvec(tf.ones([2, 3]), tf.ones([2]))",
    "matvec_int": "tf.linalg.matvec(tf.constant([[1, 2], [3, 4]]), tf.constant([1, 1]))",
    "matvec_adjoint_complex": f"tf.linalg.matvec({C22}, "
                              f"tf.constant(np.array([1., 1j]), tf.complex64), "
                              f"adjoint_a=True)",
    "matvec_dtype_error": "tf.linalg.matvec(tf.ones([2, 2]), tf.ones([2], tf.float64))",
    "matvec_rect_transpose": "tf.linalg.matvec(tf.ones([2, 3]), tf.ones([2]), transpose_a=True)",
    "linalg_eye": "tf.linalg.eye(2, num_columns=3, batch_shape=[2], dtype=tf.float64)",
    "tensor_diag_vector": "tf.linalg.tensor_diag(tf.constant([1, 2]))",
    "tensor_diag_matrix": "tf.linalg.tensor_diag(tf.constant([[1., 2.], [3., 4.]]))",
    "tensor_diag_scalar_error": "tf.linalg.tensor_diag(tf.constant(1))",
    "tensor_diag_bool_error": "tf.linalg.tensor_diag(tf.constant([True]))",
    "tensor_diag_part_4d": "tf.linalg.tensor_diag_part(tf.reshape(tf.constant(np.arange(16)), "
                           "[2, 2, 2, 2]))",
    "tensor_diag_part_matrix": f"tf.linalg.tensor_diag_part({M22})",
    "tensor_diag_part_mismatch": "tf.linalg.tensor_diag_part(tf.ones([2, 3]))",
    "tensor_diag_part_odd_rank": "tf.linalg.tensor_diag_part(tf.ones([3]))",
    "cross_float": "tf.linalg.cross(tf.constant([1., 0., 0.]), tf.constant([0., 1., 0.]))",
    "cross_int_batch": "tf.linalg.cross(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                       "tf.constant([[7, 8, 9], [1, 0, 2]]))",
    "cross_float64": "tf.linalg.cross(tf.constant([1., 2., 3.], tf.float64), "
                     "tf.constant([-1., 0.5, 2.], tf.float64))",
    "cross_shape_error": "tf.linalg.cross(tf.ones([2, 3]), tf.ones([3]))",
    "cross_not_3_error": "tf.linalg.cross(tf.ones([2]), tf.ones([2]))",
    "cross_complex_error": "tf.linalg.cross(tf.ones([3], tf.complex64), tf.ones([3], "
                           "tf.complex64))",
    "cross_scalar_error": "tf.linalg.cross(tf.constant(1.), tf.constant(2.))",
}

SOLVE = {
    "inv_float32": f"tf.linalg.inv({M22})",
    "inv_float64": "tf.linalg.inv(tf.constant([[2., 1.], [1., 3.]], tf.float64))",
    "inv_float16": f"tf.linalg.inv(tf.cast({M22}, tf.float16))",
    "inv_complex": f"tf.linalg.inv({C22})",
    "inv_adjoint": f"tf.linalg.inv({C22}, adjoint=True)",
    "inv_batch": R + "result = tf.linalg.inv(tf.constant(r.standard_normal((2, 3, 3))))",
    "inv_singular": "tf.linalg.inv(tf.constant([[1., 2.], [2., 4.]]))",
    "inv_zero": "tf.linalg.inv(tf.zeros([2, 2]))",
    "inv_not_square": "tf.linalg.inv(tf.ones([2, 3]))",
    "inv_rank1": "tf.linalg.inv(tf.ones([3]))",
    "inv_int": "tf.linalg.inv(tf.constant([[1, 2], [3, 4]]))",
    "inv_empty": "tf.linalg.inv(tf.zeros([2, 0, 0]))",
    "inv_numpy_input": "tf.linalg.inv(np.array([[2., 0.], [0., 4.]]))",
    "det_float32": f"tf.linalg.det({M22})",
    "det_singular": "tf.linalg.det(tf.constant([[1., 2.], [2., 4.]]))",
    "det_batch": R + "result = tf.linalg.det(tf.constant(r.standard_normal((3, 4, 4))))",
    "det_complex": "tf.linalg.det(tf.constant([[1. + 1j, 2.], [3., 4.]], tf.complex128))",
    "det_not_square": "tf.linalg.det(tf.ones([2, 3]))",
    "det_rank1": "tf.linalg.det(tf.ones([3]))",
    "det_empty": "tf.linalg.det(tf.zeros([2, 0, 0]))",
    "det_int": "tf.linalg.det(tf.constant([[1, 2], [3, 4]]))",
    "det_float16": f"tf.linalg.det(tf.cast({M22}, tf.float16))",
    "slogdet_basic": f"tf.linalg.slogdet({M22})",
    "slogdet_singular": "tf.linalg.slogdet(tf.constant([[1., 2.], [2., 4.]]))",
    "slogdet_complex": f"tf.linalg.slogdet({C22})",
    "slogdet_batch_float64": R + "result = tf.linalg.slogdet(tf.constant("
                                 "r.standard_normal((2, 3, 3))))",
    "slogdet_empty": "tf.linalg.slogdet(tf.zeros([0, 0]))",
    "slogdet_not_square": "tf.linalg.slogdet(tf.ones([2, 3]))",
    "slogdet_float16": f"tf.linalg.slogdet(tf.cast({M22}, tf.float16))",
    "logdet_spd": "tf.linalg.logdet(tf.constant([[2., 1.], [1., 2.]]))",
    "logdet_not_pd_nan": f"tf.linalg.logdet({M22})",
    "logdet_complex": "tf.linalg.logdet(tf.constant(np.array([[2., 1j], [-1j, 2.]]), "
                      "tf.complex64))",
    "logdet_not_square": "tf.linalg.logdet(tf.ones([2, 3]))",
    "logdet_batch": GRAD + "result = tf.linalg.logdet(tf.constant(np.stack([spd, 2 * spd])))",
    "cholesky_basic": f"tf.linalg.cholesky({SPD22})",
    "cholesky_reads_lower": "tf.linalg.cholesky(tf.constant([[4., 200.], [2., 3.]]))",
    "cholesky_not_pd_nan": "tf.linalg.cholesky(tf.constant([[1., 2.], [2., 1.]]))",
    "cholesky_batch_partial_nan": "tf.linalg.cholesky(tf.constant([[[4., 2.], [2., 3.]], "
                                  "[[1., 2.], [2., 1.]]]))",
    "cholesky_late_failure": "np.tril(tf.linalg.cholesky(tf.constant([[1., 0., 0.], "
                             "[0., 1., 0.], [0., 0., -1.]])).numpy())",
    "cholesky_float64": GRAD + "result = tf.linalg.cholesky(tf.constant(spd))",
    "cholesky_complex": "tf.linalg.cholesky(tf.constant([[4., 2j], [-2j, 3.]], tf.complex128))",
    "cholesky_not_square": "tf.linalg.cholesky(tf.ones([2, 3]))",
    "cholesky_rank1": "tf.linalg.cholesky(tf.ones([3]))",
    "cholesky_int": "tf.linalg.cholesky(tf.constant([[4, 2], [2, 3]]))",
    "cholesky_float16": f"tf.linalg.cholesky(tf.cast({SPD22}, tf.float16))",
    "cholesky_empty": "tf.linalg.cholesky(tf.zeros([0, 0]))",
    "solve_basic": "tf.linalg.solve(tf.constant([[2., 1.], [1., 3.]]), tf.constant([[1.], [2.]]))",
    "solve_adjoint": f"tf.linalg.solve({M22}, tf.constant([[1.], [2.]]), adjoint=True)",
    "solve_complex_adjoint": f"tf.linalg.solve({C22}, "
                             f"tf.constant(np.array([[1.], [1j]]), tf.complex64), "
                             f"adjoint=True)",
    "solve_batch": R + "result = tf.linalg.solve(tf.constant(r.standard_normal((2, 3, 3))), "
                       "tf.constant(r.standard_normal((2, 3, 4))))",
    "solve_singular": "tf.linalg.solve(tf.constant([[2., 1.], [2., 1.]]), "
                      "tf.constant([[1.], [2.]]))",
    "solve_vector_rhs_error": f"tf.linalg.solve({M22}, tf.constant([1., 2.]))",
    "solve_not_square": "tf.linalg.solve(tf.ones([2, 3]), tf.ones([2, 1]))",
    "solve_incompatible": "tf.linalg.solve(tf.constant(np.eye(2, dtype=np.float32)), "
                          "tf.ones([3, 1]))",
    "solve_no_broadcast": "tf.linalg.solve(tf.ones([3, 2, 2]), tf.ones([2, 1]))",
    "solve_outer_dims": "tf.linalg.solve(tf.ones([3, 2, 2]), tf.ones([1, 2, 1]))",
    "solve_dtype_mismatch": f"tf.linalg.solve({M22}, tf.ones([2, 1], tf.float64))",
    "solve_int": "tf.linalg.solve(tf.constant([[1, 0], [0, 1]]), tf.ones([2, 1], tf.int32))",
    "solve_float16": f"tf.linalg.solve(tf.cast({M22}, tf.float16), tf.ones([2, 1], tf.float16))",
    "solve_empty_rhs": f"tf.linalg.solve({M22}, tf.zeros([2, 0]))",
    "trisolve_lower": "tf.linalg.triangular_solve(tf.constant([[2., 0.], [1., 3.]]), "
                      "tf.constant([[1.], [2.]]))",
    "trisolve_ignores_upper": "tf.linalg.triangular_solve(tf.constant([[2., 5.], [1., 3.]]), "
                              "tf.constant([[1.], [2.]]))",
    "trisolve_upper": "tf.linalg.triangular_solve(tf.constant([[2., 5.], [1., 3.]]), "
                      "tf.constant([[1.], [2.]]), lower=False)",
    "trisolve_adjoint": "tf.linalg.triangular_solve(tf.constant([[2., 5.], [1., 3.]]), "
                        "tf.constant([[1.], [2.]]), adjoint=True)",
    "trisolve_upper_adjoint": "tf.linalg.triangular_solve(tf.constant([[2., 5.], [1., 3.]]), "
                              "tf.constant([[1., 0.], [2., 1.]]), lower=False, adjoint=True)",
    "trisolve_singular_inf": "tf.linalg.triangular_solve(tf.constant([[0., 0.], [1., 3.]]), "
                             "tf.constant([[1.], [2.]]))",
    "trisolve_singular_propagates": "tf.linalg.triangular_solve(tf.constant([[1., 0., 0.], "
                                    "[0., 0., 0.], [0., 0., 1.]]), tf.ones([3, 1]))",
    "trisolve_large_upper_adjoint": R + "a = r.standard_normal((40, 40)) + 40 * np.eye(40)\n"
                                        "result = tf.linalg.triangular_solve(tf.constant(a), "
                                        "tf.constant(r.standard_normal((40, 2))), lower=False, "
                                        "adjoint=True)",
    "trisolve_broadcast_matrix": "tf.linalg.triangular_solve(tf.constant(np.tile(np.eye(2, "
                                 "dtype=np.float32), (3, 1, 1))), tf.ones([2, 1]))",
    "trisolve_broadcast_both": "tf.linalg.triangular_solve(tf.constant(np.tile(np.eye(2, "
                               "dtype=np.float32), (3, 1, 1, 1))), tf.ones([2, 2, 1]))",
    "trisolve_batch_error": "tf.linalg.triangular_solve(tf.ones([3, 2, 2]), tf.ones([2, 2, 1]))",
    "trisolve_mismatch": "tf.linalg.triangular_solve(tf.ones([2, 2]), tf.ones([3, 1]))",
    "trisolve_not_square": "tf.linalg.triangular_solve(tf.ones([2, 3]), tf.ones([2, 1]))",
    "trisolve_rank1_rhs": "tf.linalg.triangular_solve(tf.ones([2, 2]), tf.ones([2]))",
    "trisolve_complex": "tf.linalg.triangular_solve(tf.constant([[2., 0.], [1j, 3.]], "
                        "tf.complex128), tf.constant([[1.], [2j]], tf.complex128), adjoint=True)",
    "trisolve_int": "tf.linalg.triangular_solve(tf.constant([[1, 0], [0, 1]]), "
                    "tf.ones([2, 1], tf.int32))",
    "trisolve_dtype_mismatch": "tf.linalg.triangular_solve(tf.ones([2, 2]), "
                               "tf.ones([2, 1], tf.float64))",
    "cholesky_solve_basic": f"tf.linalg.cholesky_solve(tf.linalg.cholesky({SPD22}), "
                            f"tf.constant([[1.], [2.]]))",
    "cholesky_solve_multi_rhs": "tf.linalg.cholesky_solve(tf.constant([[2., 0.], [1., 3.]]), "
                                "tf.constant([[1., 0.], [2., 1.]]))",
    "cholesky_solve_broadcast": "tf.linalg.cholesky_solve(tf.constant(np.tile(np.eye(2, "
                                "dtype=np.float32), (2, 1, 1))), tf.ones([2, 1]))",
}

DECOMP = {
    "qr_tall": f"tf.linalg.qr({TALL})",
    "qr_tall_full": f"tf.linalg.qr({TALL}, full_matrices=True)",
    "qr_wide": f"tf.linalg.qr({RECT})",
    "qr_wide_full": f"tf.linalg.qr({RECT}, full_matrices=True)",
    "qr_square_float64": GRAD + "result = tf.linalg.qr(tf.constant(a33))",
    "qr_batch": GRAD + "result = tf.linalg.qr(tf.constant(batch))",
    "qr_float16": "tf.linalg.qr(tf.constant([[3., 0.], [4., 5.]], tf.float16))",
    "qr_complex": "q, rr = tf.linalg.qr(tf.constant([[1. + 1j, 2.], [3., 4.]], tf.complex64))\n"
                  "result = [tf.matmul(q, rr), tf.matmul(q, q, adjoint_a=True), "
                  "tf.math.real(tf.linalg.diag_part(rr)) * "
                  "tf.math.real(tf.linalg.diag_part(rr))]",
    "qr_rank1": "tf.linalg.qr(tf.ones([3]))",
    "qr_int": "tf.linalg.qr(tf.constant([[1, 2], [3, 4]]))",
    "qr_empty_rows": "tf.linalg.qr(tf.zeros([0, 2]))",
    "qr_empty_cols_full": "tf.linalg.qr(tf.zeros([2, 3, 0]), full_matrices=True)",
    "svd_values_tall": f"tf.linalg.svd({TALL}, compute_uv=False)",
    "svd_values_wide": f"tf.linalg.svd({RECT}, compute_uv=False)",
    "svd_tall_abs": f"s, u, v = tf.linalg.svd({TALL})\n"
                    "result = [s, np.abs(u.numpy()), np.abs(v.numpy())]",
    "svd_tall_full_shapes": f"s, u, v = tf.linalg.svd({TALL}, full_matrices=True)\n"
                            "result = [s, u.shape, v.shape, tf.matmul(u, u, transpose_a=True)]",
    "svd_wide_reconstruct": f"s, u, v = tf.linalg.svd({RECT})\n"
                            "result = [s, tf.matmul(u * s, v, adjoint_b=True)]",
    "svd_wide_full_shapes": f"s, u, v = tf.linalg.svd({RECT}, full_matrices=True)\n"
                            "result = [u.shape, v.shape, tf.matmul(v, v, transpose_a=True)]",
    "svd_batch_float64": GRAD + "s, u, v = tf.linalg.svd(tf.constant(batch))\n"
                                "result = [s, tf.matmul(tf.matmul(u, tf.linalg.diag(s)), v, "
                                "adjoint_b=True)]",
    "svd_complex": "s, u, v = tf.linalg.svd(tf.constant([[1. + 1j, 2.], [3., 4.]], "
                   "tf.complex64))\n"
                   "result = [s, tf.matmul(tf.matmul(u, tf.cast(tf.linalg.diag(s), "
                   "tf.complex64)), v, adjoint_b=True)]",
    "svd_float16": f"tf.linalg.svd(tf.cast({M22}, tf.float16))",
    "svd_int": "tf.linalg.svd(tf.constant([[1, 2], [3, 4]]))",
    "svd_rank1": "tf.linalg.svd(tf.ones([3]))",
    "svd_empty": "tf.linalg.svd(tf.zeros([0, 2]))",
    "svd_empty_full": "tf.linalg.svd(tf.zeros([3, 0]), full_matrices=True)",
    "svd_rank_deficient_values": "tf.linalg.svd(tf.constant([[1., 2.], [2., 4.]], tf.float64), "
                                 "compute_uv=False)",
    "eigh_basic": "e, v = tf.linalg.eigh(tf.constant([[2., 1.], [1., 2.]]))\n"
                  "result = [e, np.abs(v.numpy())]",
    "eigh_reads_lower": "e, v = tf.linalg.eigh(tf.constant([[2., 100.], [1., 2.]]))\n"
                        "result = [e, np.abs(v.numpy())]",
    "eigh_batch_float64": GRAD + "e, v = tf.linalg.eigh(tf.constant(batch + "
                                 "batch.transpose(0, 2, 1)))\n"
                                 "result = [e, tf.matmul(tf.matmul(v, tf.linalg.diag(e)), v, "
                                 "transpose_b=True)]",
    "eigh_complex": "e, v = tf.linalg.eigh(tf.constant(np.array([[2., 1. + 1j], [1. - 1j, 2.]]), "
                    "tf.complex64))\nresult = [e, tf.matmul(v, v, adjoint_a=True)]",
    "eigh_float16": "tf.linalg.eigh(tf.constant([[2., 1.], [1., 2.]], tf.float16))",
    "eigh_not_square": "tf.linalg.eigh(tf.ones([2, 3]))",
    "eigh_rank1": "tf.linalg.eigh(tf.ones([3]))",
    "eigh_empty": "tf.linalg.eigh(tf.zeros([0, 0]))",
    "eigvalsh_float32": "tf.linalg.eigvalsh(tf.constant([[2., 1.], [1., 2.]]))",
    "eigvalsh_complex": "tf.linalg.eigvalsh(tf.constant(np.array([[2., 1. + 1j], "
                        "[1. - 1j, 2.]]), tf.complex128))",
    "eigvalsh_batch": GRAD + "result = tf.linalg.eigvalsh(tf.constant(batch))",
    "eigvalsh_not_square": "tf.linalg.eigvalsh(tf.ones([2, 3]))",
    "eig_real_symmetric": "e, v = tf.linalg.eig(tf.constant([[2., 1.], [1., 2.]]))\n"
                          "result = [np.sort_complex(e.numpy()), e.dtype, v.dtype, v.shape]",
    "eig_rotation": "e, v = tf.linalg.eig(tf.constant([[0., 1.], [-1., 0.]], tf.float64))\n"
                    "result = [np.sort_complex(e.numpy()), "
                    "np.abs(tf.matmul(tf.cast(tf.constant([[0., 1.], [-1., 0.]], tf.float64), "
                    "tf.complex128), v).numpy() - tf.matmul(v, tf.linalg.diag(e)).numpy())"
                    ".max() < 1e-12]",
    "eigvals_float64": "np.sort_complex(tf.linalg.eigvals(tf.constant([[0., 1.], [-1., 0.]], "
                       "tf.float64)).numpy())",
    "eig_not_square": "tf.linalg.eig(tf.ones([2, 3]))",
    "eigvals_dtype": "tf.linalg.eigvals(tf.constant([[2., 1.], [1., 2.]])).dtype",
    "eig_top_level": "np.sort_complex(tf.eigvals(tf.constant([[1., 2.], [0., 3.]])).numpy())",
    "lu_basic": f"tf.linalg.lu({M22})",
    "lu_int64_index": f"tf.linalg.lu({M22}, output_idx_type=tf.int64)",
    "lu_float64_3x3": "tf.linalg.lu(tf.constant([[1., 2., 3.], [4., 5., 6.], [7., 8., 10.]], "
                      "tf.float64))",
    "lu_singular": "tf.linalg.lu(tf.zeros([2, 2]))",
    "lu_not_square": "tf.linalg.lu(tf.ones([2, 3]))",
    "lu_int": "tf.linalg.lu(tf.constant([[1, 2], [3, 4]]))",
    "lu_float16": f"tf.linalg.lu(tf.cast({M22}, tf.float16))",
    "lu_complex": "tf.linalg.lu(tf.constant([[1. + 1j, 2.], [3., 4.]], tf.complex64))",
    "lu_batch": GRAD + "result = tf.linalg.lu(tf.constant(batch))",
    "lu_empty": "tf.linalg.lu(tf.zeros([0, 0]))",
    "lu_reconstruct": "tf.linalg.lu_reconstruct(*tf.linalg.lu(tf.constant([[1., 2., 3.], "
                      "[4., 5., 6.], [7., 8., 10.]])))",
    "lu_solve": "tf.linalg.lu_solve(*tf.linalg.lu(tf.constant([[1., 2., 3.], [4., 5., 6.], "
                "[7., 8., 10.]])), tf.ones([3, 1]))",
    "lu_matrix_inverse": "tf.linalg.lu_matrix_inverse(*tf.linalg.lu(tf.constant([[1., 2., 3.], "
                         "[4., 5., 6.], [7., 8., 10.]])))",
    "lu_reconstruct_batch": GRAD + "result = tf.linalg.lu_reconstruct("
                                   "*tf.linalg.lu(tf.constant(batch)))",
    "expm_rotation": "tf.linalg.expm(tf.constant([[0., 1.], [-1., 0.]]))",
    "expm_float64": "tf.linalg.expm(tf.constant([[1., 2.], [3., 4.]], tf.float64))",
    "expm_large_norm": "tf.linalg.expm(tf.constant([[10., 2.], [3., 40.]], tf.float64))",
    "expm_zero": "tf.linalg.expm(tf.zeros([2, 2]))",
    "expm_batch": GRAD + "result = tf.linalg.expm(tf.constant(batch))",
    "expm_batch_mixed_norms": "tf.linalg.expm(tf.constant(np.stack([np.full((2, 2), 0.001), "
                              "[[0.1, 0.2], [-0.3, 0.1]], [[0.5, 1.], [-1., 0.2]], "
                              "[[2., 1.], [0., 1.]], [[5., -7.], [3., 1.]]])))",
    "expm_batch_mixed_norms_f32": "tf.linalg.expm(tf.constant(np.stack([np.full((2, 2), "
                                  "0.001), [[0.1, 0.2], [-0.3, 0.1]], [[0.5, 1.], [-1., 0.2]], "
                                  "[[2., 1.], [0., 1.]], [[5., -7.], [3., 1.]]]), tf.float32))",
    "expm_complex": "tf.linalg.expm(tf.constant([[1j, 2.], [3., 4.]], tf.complex64))",
    "expm_int_error": "tf.linalg.expm(tf.constant([[1, 2], [3, 4]]))",
    "expm_float16": f"tf.linalg.expm(tf.cast({M22}, tf.float16))",
    "expm_not_square": "tf.linalg.expm(tf.ones([2, 3]))",
}

COMPOSITE = {
    "norm_vector": "tf.norm(tf.constant([3., 4.]))",
    "norm_matrix_default": f"tf.norm({M22})",
    "norm_axis0": f"tf.norm({M22}, axis=0)",
    "norm_axis_keepdims": f"tf.norm({M22}, axis=-1, keepdims=True)",
    "norm_keepdims_all": f"tf.norm({M22}, keepdims=True)",
    "norm_ord1_flat": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=1)",
    "norm_ord1_axis": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=1, axis=1)",
    "norm_inf_axis": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=np.inf, axis=1)",
    "norm_inf_flat": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=np.inf)",
    "norm_ord3": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=3, axis=1)",
    "norm_ord_2_5": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=2.5, axis=1)",
    "norm_ord_half": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=0.5)",
    "norm_matrix_1": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=1, axis=[0, 1])",
    "norm_matrix_1_swapped": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=1, axis=(1, 0))",
    "norm_matrix_inf": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=np.inf, axis=[0, 1])",
    "norm_matrix_2": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=2, axis=[0, 1])",
    "norm_matrix_fro": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord='fro', axis=[0, 1])",
    "norm_matrix_euclidean": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord='euclidean', "
                             "axis=(-2, -1))",
    "norm_matrix_2_keepdims": "tf.norm(tf.constant([[[1., -2.], [3., 4.]]]), axis=(-2, -1), "
                              "ord=2, keepdims=True)",
    "norm_matrix_2_reversed": "tf.norm(tf.constant([[[1., -2.], [3., 4.]]]), axis=(-1, -2), "
                              "ord=2)",
    "norm_matrix_2_outer_axes": "tf.norm(tf.constant([[[1., -2.], [3., 4.]]]), axis=(0, 2), "
                                "ord=2)",
    "norm_matrix_inf_outer_axes": "tf.norm(tf.constant([[[1., -2.], [3., 4.]]]), axis=(2, 0), "
                                  "ord=np.inf)",
    "norm_matrix_1_keepdims": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=1, "
                              "axis=[0, 1], keepdims=True)",
    "norm_batch_fro": GRAD + "result = tf.norm(tf.constant(batch), ord='fro', axis=[-2, -1])",
    "norm_fro_vector_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord='fro', axis=1)",
    "norm_fro_no_axis_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord='fro')",
    "norm_matrix_ord3_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=3, axis=[0, 1])",
    "norm_negative_ord_error": "tf.norm(tf.constant([1., -2.]), ord=-1)",
    "norm_zero_ord_error": "tf.norm(tf.constant([1., -2.]), ord=0)",
    "norm_neg_inf_error": "tf.norm(tf.constant([3., -4.]), ord=-np.inf)",
    "norm_nuc_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord='nuc', axis=[0, 1])",
    "norm_same_axes_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), axis=[0, 0])",
    "norm_three_axes_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), axis=[0, 1, 1])",
    "norm_one_axis_list_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), axis=[0])",
    "norm_float_axis_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), axis=1.0)",
    "norm_tensor_axis_error": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), "
                              "axis=tf.constant(0))",
    "norm_bad_axis": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), axis=2)",
    "norm_int_error": "tf.norm(tf.constant([3, 4]))",
    "norm_float64": "tf.norm(tf.constant([3., 4.], tf.float64))",
    "norm_float16": "tf.norm(tf.constant([3., 4.], tf.float16))",
    "norm_complex_euclidean": "tf.norm(tf.constant([3. + 4j, 0.], tf.complex64))",
    "norm_complex_ord1": "tf.norm(tf.constant([3. + 4j, 1j], tf.complex64), ord=1)",
    "norm_complex_matrix_2": "tf.norm(tf.constant([[3. + 4j, 1j], [1., 1.]], tf.complex64), "
                             "ord=2, axis=[0, 1])",
    "norm_complex_matrix_inf": "tf.norm(tf.constant([[3. + 4j, 1j], [1., 1.]], tf.complex64), "
                               "ord=np.inf, axis=[0, 1])",
    "norm_empty": "tf.norm(tf.zeros([0]))",
    "norm_empty_inf": "tf.norm(tf.zeros([0]), ord=np.inf)",
    "norm_empty_rows_inf": "tf.norm(tf.zeros([2, 0]), ord=np.inf, axis=1)",
    "norm_scalar": "tf.norm(tf.constant(-3.), ord=1)",
    "norm_linalg_alias": "tf.linalg.norm(tf.constant([3., 4.]), ord=2.0)",
    "norm_python_list": "tf.norm([3., 4.])",
    "norm_numpy_float64": "tf.norm(np.array([3., 4.]))",
    "norm_ord_true": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=True)",
    "norm_ord_numpy_int": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=np.int64(1))",
    "norm_ord2_no_axis_is_flat": "tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=2)",
    "normalize_default": "tf.linalg.normalize(tf.constant([3., 4.]))",
    "normalize_ord1_axis": "tf.linalg.normalize(tf.constant([[3., 4.], [1., 0.]]), ord=1, "
                           "axis=1)",
    "normalize_fro": "tf.linalg.normalize(tf.constant([[3., 4.], [1., 0.]]), ord='fro', "
                     "axis=[0, 1])",
    "global_norm_list": "tf.linalg.global_norm([tf.constant([3., 4.]), tf.constant([[12.]])])",
    "global_norm_none_entry": "tf.linalg.global_norm([tf.constant([3., 4.]), None])",
    "global_norm_float64": "tf.linalg.global_norm([tf.constant([3., 4.], tf.float64)])",
    "global_norm_not_list": "tf.linalg.global_norm(tf.constant([3., 4.]))",
    "global_norm_empty": "tf.linalg.global_norm([])",
    "lstsq_tall": "tf.linalg.lstsq(tf.constant([[1., 0.], [1., 1.], [1., 2.]]), "
                  "tf.constant([[1.], [2.], [4.]]))",
    "lstsq_regularized": "tf.linalg.lstsq(tf.constant([[1., 0.], [1., 1.], [1., 2.]]), "
                         "tf.constant([[1.], [2.], [4.]]), l2_regularizer=1.0)",
    "lstsq_wide": "tf.linalg.lstsq(tf.constant([[1., 0., 1.], [1., 1., 2.]]), "
                  "tf.constant([[1.], [2.]]))",
    "lstsq_wide_regularized_f64": "tf.linalg.lstsq(tf.constant([[1., 0., 1.], [1., 1., 2.]], "
                                  "tf.float64), tf.constant([[1.], [2.]], tf.float64), "
                                  "l2_regularizer=0.5)",
    "lstsq_batch": GRAD + "result = tf.linalg.lstsq(tf.constant(np.stack([t43, 2 * t43])), "
                          "tf.constant(r.standard_normal((2, 4, 2))))",
    "lstsq_vector_rhs_error": "tf.linalg.lstsq(tf.constant([[1., 0.], [1., 1.], [1., 2.]]), "
                              "tf.constant([1., 2., 4.]))",
    "lstsq_mismatch_error": "tf.linalg.lstsq(tf.constant([[1., 0.], [1., 1.], [1., 2.]]), "
                            "tf.constant([[1.], [2.]]))",
    "pinv_singular": "tf.linalg.pinv(tf.constant([[1., 2.], [2., 4.]]))",
    "pinv_wide": f"tf.linalg.pinv({RECT})",
    "pinv_rcond": "tf.linalg.pinv(tf.constant([[1., 2.], [2., 4.]]), rcond=0.5)",
    "pinv_float64_tall": "tf.linalg.pinv(tf.constant([[1., 2.], [3., 4.], [5., 6.]], "
                         "tf.float64))",
    "pinv_int_error": "tf.linalg.pinv(tf.constant([[1, 2], [2, 4]]))",
    "pinv_complex_error": f"tf.linalg.pinv({C22})",
    "matrix_rank_deficient": "tf.linalg.matrix_rank(tf.constant([[1., 2.], [2., 4.]]))",
    "matrix_rank_batch": "tf.linalg.matrix_rank(tf.constant(np.stack([np.eye(3), "
                         "np.diag([1., 0., 2.])]), tf.float32))",
    "matrix_rank_tol": "tf.linalg.matrix_rank(tf.constant([[1., 2.], [2., 4.]]), tol=100.)",
}

GRADS = {
    "grad_inv": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.inv(a) * "
                       "weights([3, 3])), a33)",
    "grad_inv_adjoint": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.inv(a, "
                               "adjoint=True) * weights([3, 3])), a33)",
    "grad_det": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.det(a) * "
                       "weights([2])), batch)",
    "grad_slogdet": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.slogdet(a)[1] * "
                           "weights([2])), batch)",
    "grad_slogdet_sign_only": GRAD + "result = grad(lambda a: tf.linalg.slogdet(a)[0], a33)",
    "grad_logdet": GRAD + "result = grad(lambda a: tf.linalg.logdet(sym(a)), spd)",
    "grad_cholesky": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.cholesky(a) * "
                            "weights([3, 3])), spd)",
    "grad_cholesky_symmetrised": GRAD + "result = grad(lambda a: tf.reduce_sum("
                                        "tf.linalg.cholesky(sym(a)) * weights([3, 3])), spd)",
    "grad_solve": GRAD + "result = grad(lambda a, b: tf.reduce_sum(tf.linalg.solve(a, b) * "
                         "weights([3, 2])), a33, b32)",
    "grad_solve_adjoint": GRAD + "result = grad(lambda a, b: tf.reduce_sum(tf.linalg.solve(a, b,"
                                 " adjoint=True) * weights([3, 2])), a33, b32)",
    "grad_triangular_solve": GRAD + "result = grad(lambda a, b: tf.reduce_sum("
                                    "tf.linalg.triangular_solve(a, b) * weights([3, 2])), "
                                    "spd, b32)",
    "grad_triangular_solve_upper_adjoint": GRAD + "result = grad(lambda a, b: tf.reduce_sum("
                                                  "tf.linalg.triangular_solve(a, b, lower=False,"
                                                  " adjoint=True) * weights([3, 2])), spd, b32)",
    "grad_triangular_solve_broadcast": GRAD + "result = grad(lambda a, b: tf.reduce_sum("
                                              "tf.linalg.triangular_solve(a, b) * "
                                              "weights([2, 3, 2])), spd, np.stack([b32, b32]))",
    "grad_cholesky_solve": GRAD + "result = grad(lambda a, b: tf.reduce_sum("
                                  "tf.linalg.cholesky_solve(tf.linalg.cholesky(sym(a)), b) * "
                                  "weights([3, 2])), spd, b32)",
    "grad_qr_tall": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.qr(a)[0] * "
                           "weights([4, 3])) + tf.reduce_sum(tf.linalg.qr(a)[1] * "
                           "weights([3, 3], 4)), t43)",
    "grad_qr_square": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.qr(a)[0] * "
                             "weights([3, 3])) + tf.reduce_sum(tf.linalg.qr(a)[1] * "
                             "weights([3, 3], 4)), a33)",
    "grad_qr_wide": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.qr(a)[0] * "
                           "weights([3, 3])) + tf.reduce_sum(tf.linalg.qr(a)[1] * "
                           "weights([3, 4], 4)), w34)",
    "grad_svd_values": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.svd(a, "
                              "compute_uv=False) * weights([3])), t43)",
    "grad_svd_values_wide": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.svd(a, "
                                   "compute_uv=False) * weights([3])), w34)",
    "grad_svd_invariant_tall": GRAD + """
def f(a):
    s, u, v = tf.linalg.svd(a)
    m = tf.matmul(tf.matmul(u, tf.linalg.diag(weights([3]))), v, adjoint_b=True)
    return tf.reduce_sum(m * weights([4, 3], 4)) + tf.reduce_sum(s * weights([3], 6))
result = grad(f, t43)
""",
    "grad_svd_invariant_wide": GRAD + """
def f(a):
    s, u, v = tf.linalg.svd(a)
    m = tf.matmul(tf.matmul(u, tf.linalg.diag(weights([3]))), v, adjoint_b=True)
    return tf.reduce_sum(m * weights([3, 4], 4))
result = grad(f, w34)
""",
    "grad_svd_full_projector": GRAD + """
def f(a):
    s, u, v = tf.linalg.svd(a, full_matrices=True)
    p = tf.matmul(u * weights([4]), u, adjoint_b=True)
    return tf.reduce_sum(p * weights([4, 4], 4))
result = grad(f, t43)
""",
    "grad_eigh_values": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.eigh(a)[0] * "
                               "weights([3])), a33)",
    "grad_eigvalsh": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.eigvalsh(sym(a)) *"
                            " weights([3])), a33)",
    "grad_eigh_invariant": GRAD + """
def f(a):
    e, v = tf.linalg.eigh(a)
    m = tf.matmul(tf.matmul(v, tf.linalg.diag(weights([3]))), v, adjoint_b=True)
    return tf.reduce_sum(m * weights([3, 3], 4)) + tf.reduce_sum(e * weights([3], 6))
result = grad(f, a33 + a33.T)
""",
    "grad_expm": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.expm(a) * "
                        "weights([3, 3])), a33)",
    "grad_lu": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.lu(a)[0] * "
                      "weights([3, 3])), a33)",
    "grad_lu_reconstruct": GRAD + "result = grad(lambda a: tf.reduce_sum("
                                  "tf.linalg.lu_reconstruct(*tf.linalg.lu(a)) * weights([3, 3])),"
                                  " a33)",
    "grad_norm_euclidean": GRAD + "result = grad(lambda a: tf.norm(a), a33)",
    "grad_norm_zero_nan": "x = tf.zeros([3])\nwith tf.GradientTape() as tape:\n"
                          "    tape.watch(x)\n    y = tf.norm(x)\nresult = tape.gradient(y, x)",
    "grad_norm_ord1": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.norm(a, ord=1, axis=0) *"
                             " weights([3])), a33)",
    "grad_norm_inf": GRAD + "result = grad(lambda a: tf.norm(a, ord=np.inf), a33)",
    "grad_norm_p3": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.norm(a, ord=3, axis=1) * "
                           "weights([3])), a33)",
    "grad_norm_matrix_2": GRAD + "result = grad(lambda a: tf.norm(a, ord=2, axis=[0, 1]), t43)",
    "grad_norm_matrix_1": GRAD + "result = grad(lambda a: tf.norm(a, ord=1, axis=[-2, -1]), "
                                 "t43)",
    "grad_trace": GRAD + "result = grad(lambda a: tf.linalg.trace(a), t43)",
    "grad_diag": GRAD + "result = grad(lambda d: tf.reduce_sum(tf.linalg.diag(d, k=1) * "
                        "weights([4, 4])), np.array([1., 2., 3.]))",
    "grad_diag_band": GRAD + "result = grad(lambda d: tf.reduce_sum(tf.linalg.diag(d, k=(-1, 1),"
                             " padding_value=5.) * weights([3, 3])), np.ones((3, 3)))",
    "grad_diag_part_band": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.diag_part(a, "
                                  "k=(-1, 1)) * weights([3, 3])), t43)",
    "grad_set_diag": GRAD + "result = grad(lambda a, d: tf.reduce_sum(tf.linalg.set_diag(a, d) *"
                            " weights([4, 3])), t43, np.ones(3))",
    "grad_band_part": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.band_part(a, 1, 0)"
                             " * weights([4, 3])), t43)",
    "grad_matrix_transpose": GRAD + "result = grad(lambda a: tf.reduce_sum("
                                    "tf.linalg.matrix_transpose(a) * weights([3, 4])), t43)",
    "grad_matvec": GRAD + "result = grad(lambda a, x: tf.reduce_sum(tf.linalg.matvec(a, x) * "
                          "weights([4])), t43, np.array([1., -2., 0.5]))",
    "grad_cross": GRAD + "result = grad(lambda a, b: tf.reduce_sum(tf.linalg.cross(a, b) * "
                         "weights([3, 3])), a33, b32 @ np.ones((2, 3)))",
    "grad_tensor_diag_part": GRAD + "result = grad(lambda a: tf.reduce_sum("
                                    "tf.linalg.tensor_diag_part(a) * weights([3])), a33)",
    "grad_lstsq": GRAD + "result = grad(lambda a, b: tf.reduce_sum(tf.linalg.lstsq(a, b) * "
                         "weights([3, 2])), t43, r.standard_normal((4, 2)))",
    "grad_pinv": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.pinv(a) * "
                        "weights([3, 4])), t43)",
    "grad_inv_float32": "x = tf.constant([[2., 1.], [1., 3.]])\n"
                        "with tf.GradientTape() as tape:\n"
                        "    tape.watch(x)\n"
                        "    y = tf.reduce_sum(tf.linalg.inv(x) * tf.constant([[1., 2.], "
                        "[3., 4.]]))\n"
                        "result = tape.gradient(y, x)",
    "grad_eigh_degenerate": GRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.eigh(a)[0]"
                                   " * weights([3])) + tf.reduce_sum(tf.linalg.eigh(a)[1] * "
                                   "weights([3, 3], 4)), np.eye(3))",
    "grad_svd_degenerate_values": GRAD + "result = grad(lambda a: tf.reduce_sum("
                                         "tf.linalg.svd(a)[0] * weights([3])), 2 * np.eye(3))",
    "grad_second_order_inv": GRAD + """
x = tf.constant(a33)
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = tf.reduce_sum(tf.linalg.inv(x) * weights([3, 3]))
    g = inner.gradient(y, x)
    z = tf.reduce_sum(g * weights([3, 3], 9))
result = outer.gradient(z, x)
""",
    "grad_second_order_cholesky": GRAD + """
x = tf.constant(spd)
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = tf.reduce_sum(tf.linalg.cholesky(sym(x)) * weights([3, 3]))
    g = inner.gradient(y, x)
    z = tf.reduce_sum(g * weights([3, 3], 9))
result = outer.gradient(z, x)
""",
}

COMPLEX_GRADS = {
    "cgrad_inv": CGRAD + "result = grad(lambda a: closs(tf.linalg.inv(a)), c33)",
    "cgrad_inv_adjoint": CGRAD + "result = grad(lambda a: closs(tf.linalg.inv(a, adjoint=True)),"
                                 " c33)",
    "cgrad_det": CGRAD + "result = grad(lambda a: closs(tf.linalg.det(a)), c33)",
    "cgrad_slogdet": CGRAD + "result = grad(lambda a: closs(tf.linalg.slogdet(a)[1]), c33)",
    "cgrad_solve": CGRAD + "result = grad(lambda a, b: closs(tf.linalg.solve(a, b)), c33, "
                           "c33[:, :2] * 1j)",
    "cgrad_triangular_solve": CGRAD + "result = grad(lambda a, b: closs("
                                      "tf.linalg.triangular_solve(a, b, adjoint=True)), hpd, "
                                      "c33[:, :2])",
    "cgrad_cholesky": CGRAD + "result = grad(lambda a: closs(tf.linalg.cholesky(herm(a))), hpd)",
    "cgrad_logdet": CGRAD + "result = grad(lambda a: tf.linalg.logdet(herm(a)), hpd)",
    "cgrad_qr": CGRAD + """
def f(a):
    q, rr = tf.linalg.qr(a)
    return closs(q) + closs(rr, 6)
result = grad(f, c33)
""",
    "cgrad_qr_invariant_tall": CGRAD + """
def f(a):
    q, rr = tf.linalg.qr(a)
    return closs(tf.matmul(q, q, adjoint_b=True))
result = grad(f, np.vstack([c33, c33[:1] * 2]))
""",
    "cgrad_svd_values": CGRAD + "result = grad(lambda a: tf.reduce_sum(tf.linalg.svd(a, "
                                "compute_uv=False) * weights([3])), c33)",
    "cgrad_svd_invariant": CGRAD + """
def f(a):
    s, u, v = tf.linalg.svd(a)
    m = tf.matmul(tf.matmul(u, tf.cast(tf.linalg.diag(weights([3])), tf.complex128)), v,
                  adjoint_b=True)
    return closs(m) + tf.reduce_sum(s * weights([3], 8))
result = grad(f, c33)
""",
    "cgrad_svd_phase_invariant_tall": CGRAD + """
def f(a):
    s, u, v = tf.linalg.svd(a)
    return closs(tf.matmul(u * tf.cast(weights([3]), tf.complex128), u, adjoint_b=True))
result = grad(f, np.vstack([c33, c33[:1] * 2]))
""",
    "cgrad_eigh_invariant": CGRAD + """
def f(a):
    e, v = tf.linalg.eigh(a)
    m = tf.matmul(tf.matmul(v, tf.cast(tf.linalg.diag(weights([3])), tf.complex128)), v,
                  adjoint_b=True)
    return closs(m) + closs(e, 8)
result = grad(f, hpd)
""",
    "cgrad_eigvalsh": CGRAD + "result = grad(lambda a: closs(tf.linalg.eigvalsh(a)), hpd)",
    "cgrad_expm": CGRAD + "result = grad(lambda a: closs(tf.linalg.expm(a)), c33 * 0.5)",
    "cgrad_matrix_transpose_conj": CGRAD + "result = grad(lambda a: closs("
                                           "tf.linalg.adjoint(a)), c33)",
    "cgrad_diag_part": CGRAD + "result = grad(lambda a: closs(tf.linalg.diag_part(a)), c33)",
    "cgrad_trace": CGRAD + "result = grad(lambda a: closs(tf.linalg.trace(a)), c33)",
    "cgrad_norm": CGRAD + "result = grad(lambda a: tf.math.real(tf.norm(a)), c33)",
    "cgrad_lu": CGRAD + "result = grad(lambda a: closs(tf.linalg.lu(a)[0]), c33)",
    "cgrad_eig_values": CGRAD + """
def f(a):
    e = tf.linalg.eigvals(a)
    return tf.reduce_sum(tf.math.real(e * tf.math.conj(e)))
result = grad(f, a33)
""",
}

# usage patterns seen in TF2 programs: masks, Gaussian processes, variables, orthogonality
PATTERNS = {
    "look_ahead_mask": "1 - tf.linalg.band_part(tf.ones((4, 4)), -1, 0)",
    "band_part_int32_tensor_args": "tf.linalg.band_part(tf.ones((3, 3)), tf.constant(0), "
                                   "tf.constant(-1))",
    "variable_inv": "tf.linalg.inv(tf.Variable([[2., 1.], [1., 3.]]))",
    "variable_norm_keepdims": "tf.norm(tf.Variable([[3., 4.], [6., 8.]]), axis=-1, "
                              "keepdims=True)",
    "variable_diag_part": "tf.linalg.diag_part(tf.Variable([[1., 2.], [3., 4.]]))",
    "variable_gradient_cholesky": """
v = tf.Variable([[4., 2.], [2., 3.]], dtype=tf.float64)
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.linalg.cholesky(v))
result = tape.gradient(y, v)
""",
    "gp_negative_log_likelihood": """
x = tf.constant(np.linspace(0., 1., 5)[:, None])
y = tf.constant(np.sin(6. * np.linspace(0., 1., 5))[:, None])
ls = tf.Variable(0.3, dtype=tf.float64)
with tf.GradientTape() as tape:
    d = x - tf.linalg.matrix_transpose(x)
    k = tf.exp(-0.5 * d * d / (ls * ls)) + 1e-2 * tf.eye(5, dtype=tf.float64)
    chol = tf.linalg.cholesky(k)
    alpha = tf.linalg.cholesky_solve(chol, y)
    nll = 0.5 * tf.reduce_sum(y * alpha) + tf.reduce_sum(
        tf.math.log(tf.linalg.diag_part(chol)))
result = [nll, tape.gradient(nll, ls)]
""",
    "gp_logdet_matches_cholesky": GRAD + "result = [tf.linalg.logdet(tf.constant(spd)), "
                                         "2. * tf.reduce_sum(tf.math.log(tf.linalg.diag_part("
                                         "tf.linalg.cholesky(tf.constant(spd)))))]",
    "triangular_solve_identity_inverse": GRAD + "result = tf.linalg.triangular_solve("
                                                "tf.linalg.cholesky(tf.constant(spd)), "
                                                "tf.eye(3, dtype=tf.float64))",
    "orthogonality_penalty_grad": GRAD + """
w = tf.Variable(t43)
with tf.GradientTape() as tape:
    gram = tf.matmul(w, w, transpose_a=True)
    loss = tf.norm(gram - tf.eye(3, dtype=tf.float64), ord='fro', axis=[-2, -1])
result = tape.gradient(loss, w)
""",
    "qr_orthogonal_init": GRAD + "q, _ = tf.linalg.qr(tf.constant(r.standard_normal((5, 3))))\n"
                                 "result = tf.matmul(q, q, transpose_a=True)",
    "spectral_norm_via_svd": GRAD + "result = tf.reduce_max(tf.linalg.svd(tf.constant(t43), "
                                    "compute_uv=False))",
    "norm_image_batch_fro": "tf.norm(tf.reshape(tf.constant(np.arange(24.)), [2, 3, 4]), "
                            "axis=[1, 2])",
    "norm_gradient_clip_pattern": """
g = tf.constant([3., 4.])
n = tf.norm(g)
result = g * tf.minimum(1.0, 2.0 / n)
""",
    "trace_of_product": f"tf.linalg.trace(tf.matmul({M22}, {M22}, transpose_a=True))",
    "det_of_batch_eye": "tf.linalg.det(tf.eye(3, batch_shape=[2]))",
    "matmul_alias": f"tf.linalg.matmul({M22}, {M22}, adjoint_b=True)",
    "solve_then_matmul_roundtrip": R + "a = tf.constant(r.standard_normal((3, 3)))\n"
                                       "b = tf.constant(r.standard_normal((3, 2)))\n"
                                       "result = tf.matmul(a, tf.linalg.solve(a, b)) - b",
}

SNIPPETS = {**STRUCT, **SOLVE, **DECOMP, **COMPOSITE, **GRADS, **COMPLEX_GRADS, **PATTERNS}
