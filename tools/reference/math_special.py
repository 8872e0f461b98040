"""TF2 reference snippets for tf.math Bessel I, igamma, betainc, cumulative_logsumexp and
invert_permutation (and tf.math.special)."""

SNIPPETS = {
    "bessel_i0_f32": "tf.math.bessel_i0(tf.constant([-3.0, 0.0, 0.5, 12.0, 40.0]))",
    "bessel_i0e_f64": "tf.math.bessel_i0e(tf.constant([-3.0, 0.0, 0.5, 12.0, 400.0], "
                      "tf.float64))",
    "bessel_i1_f64": "tf.math.bessel_i1(tf.constant([-3.0, 0.0, 0.5, 12.0], tf.float64))",
    "bessel_i1e_f32": "tf.math.bessel_i1e(tf.constant([-300.0, -1.0, 0.0, 2.5]))",
    "bessel_i0_half": "tf.math.bessel_i0(tf.constant([1.0, 2.0], tf.float16))",
    "bessel_i0_overflow": "tf.math.bessel_i0(tf.constant([100.0, -800.0], tf.float64))",
    "bessel_i0_int_error": "tf.math.bessel_i0(tf.constant([1, 2]))",
    "special_bessel_i1e": "tf.math.special.bessel_i1e(tf.constant([1.0, -2.0]))",
    "igamma_f32": "tf.math.igamma(tf.constant([0.5, 1.0, 3.0, 20.0]), "
                  "tf.constant([0.3, 2.0, 3.0, 15.0]))",
    "igammac_f64": "tf.math.igammac(tf.constant([0.5, 1.0, 3.0, 20.0], tf.float64), "
                   "tf.constant([0.3, 2.0, 3.0, 15.0], tf.float64))",
    "igamma_edges": "tf.math.igamma(tf.constant([0., 1., -1., 2., 2.]), "
                    "tf.constant([1., 0., 1., -1., float('inf')]))",
    "igamma_broadcast": "tf.math.igamma(tf.constant([[1.0], [2.0]]), tf.constant([0.5, 1.5]))",
    "igamma_grads": """a = tf.constant([2.0, 3.0], tf.float64)
x = tf.constant([1.0, 2.0], tf.float64)
with tf.GradientTape(persistent=True) as t:
    t.watch([a, x])
    y = tf.math.igamma(a, x)
    z = tf.math.igammac(a, x)
result = t.gradient(y, [a, x]) + t.gradient(z, [a, x])""",
    "igamma_int_error": "tf.math.igamma(tf.constant([1, 2]), tf.constant([1, 2]))",
    "betainc_f32": "tf.math.betainc(tf.constant([0.5, 2.0, 5.0]), tf.constant([1.5, 3.0, 0.7]), "
                   "tf.constant([0.3, 0.6, 0.95]))",
    "betainc_edges": "tf.math.betainc(tf.constant([0., 1., 2., 2.]), tf.constant([1., 1., 3., "
                     "3.]), tf.constant([0.5, 1.5, 0., 1.]))",
    "betainc_grads": """a = tf.constant([2.0, 3.0], tf.float64)
x = tf.constant([0.25, 0.5], tf.float64)
with tf.GradientTape(persistent=True) as t:
    t.watch([a, x])
    z = tf.math.betainc(a, a, x)
g = t.gradient(z, [a, x])
result = [g[0] is None, g[1]]""",
    "cumulative_logsumexp_default": "tf.math.cumulative_logsumexp(tf.constant([-1.0, 0.5, 2.0]))",
    "cumulative_logsumexp_exclusive": "tf.math.cumulative_logsumexp(tf.constant([-1000., 0., 1.]),"
                                      " exclusive=True)",
    "cumulative_logsumexp_reverse_axis1": "tf.math.cumulative_logsumexp(tf.constant([[1., 2., 3.],"
                                          " [0., -1., 5.]], tf.float64), axis=1, reverse=True)",
    "cumulative_logsumexp_both": "tf.math.cumulative_logsumexp(tf.constant([[1., 2.], [3., 4.]]),"
                                 " axis=-2, exclusive=True, reverse=True)",
    "cumulative_logsumexp_grad": """x = tf.constant([[1., 2., 3.], [0., -1., 5.]], tf.float64)
with tf.GradientTape() as t:
    t.watch(x)
    y = tf.math.cumulative_logsumexp(x, axis=1) * tf.constant([1., -2., 0.5], tf.float64)
result = t.gradient(y, x)""",
    "cumulative_logsumexp_int_error": "tf.math.cumulative_logsumexp(tf.constant([1, 2]))",
    "cumulative_logsumexp_axis_error": "tf.math.cumulative_logsumexp(tf.constant([1., 2.]), "
                                       "axis=1)",
    "invert_permutation": "tf.math.invert_permutation([3, 0, 2, 1])",
    "invert_permutation_int64": "tf.math.invert_permutation(tf.constant([1, 0], tf.int64))",
    "invert_permutation_empty": "tf.math.invert_permutation(tf.constant([], tf.int32))",
    "invert_permutation_duplicate_error": "tf.math.invert_permutation([2, 2, 1])",
    "invert_permutation_range_error": "tf.math.invert_permutation([0, 3])",
    "invert_permutation_rank_error": "tf.math.invert_permutation([[0]])",
    "invert_permutation_top_level_absent": "tf.invert_permutation",
    "special_in_function": """@tf.function
def f(a, x):
    return tf.math.igammac(a, x) + tf.math.bessel_i0e(x)
result = f(tf.constant([1.5, 3.0]), tf.constant([0.5, 4.0]))""",
    "special_jyk_f64": """x = tf.constant([0.3, 1.0, 2.5, 10.0, 30.0], tf.float64)
s = tf.math.special
result = [f(x) for f in (s.bessel_j0, s.bessel_j1, s.bessel_y0, s.bessel_y1, s.bessel_k0,
                         s.bessel_k0e, s.bessel_k1, s.bessel_k1e)]""",
    "special_jyk_f32_negative": """x = tf.constant([-1.0, 0.0, 0.5, 3.0])
s = tf.math.special
result = [f(x) for f in (s.bessel_j0, s.bessel_j1, s.bessel_y0, s.bessel_y1, s.bessel_k0,
                         s.bessel_k0e, s.bessel_k1, s.bessel_k1e)]""",
    "special_jyk_grads": """x = tf.constant([0.5, 2.0], tf.float64)
s = tf.math.special
with tf.GradientTape(persistent=True) as t:
    t.watch(x)
    ys = [f(x) for f in (s.bessel_j0, s.bessel_j1, s.bessel_y0, s.bessel_y1, s.bessel_k0,
                         s.bessel_k0e, s.bessel_k1, s.bessel_k1e)]
result = [t.gradient(y, x) for y in ys]""",
    "special_k0_not_in_math": "tf.math.bessel_k0",
    "special_integrals_f64": """x = tf.constant([-2.0, -0.5, 0.0, 0.5, 2.0, 7.5, 50.0], tf.float64)
s = tf.math.special
result = [f(x) for f in (s.dawsn, s.expint, s.fresnel_cos, s.fresnel_sin, s.spence)]""",
    "special_integrals_f32": """x = tf.constant([0.25, 1.0, 3.0, 12.0, 1e5])
s = tf.math.special
result = [f(x) for f in (s.dawsn, s.expint, s.fresnel_cos, s.fresnel_sin, s.spence)]""",
    "special_integrals_grads": """x = tf.constant([0.5, 2.0], tf.float64)
s = tf.math.special
with tf.GradientTape(persistent=True) as t:
    t.watch(x)
    ys = [f(x) for f in (s.dawsn, s.expint, s.fresnel_cos, s.fresnel_sin, s.spence)]
result = [t.gradient(y, x) for y in ys]""",
    "special_names": "sorted(n for n in dir(tf.math.special) if not n.startswith('_'))",
}
