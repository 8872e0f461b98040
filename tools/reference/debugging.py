"""TF2 reference snippets: tf.debugging checks eagerly and inside tf.function (where they run
each time the graph runs). (Reading a traced tensor's value raises NotImplementedError /
AttributeError in TF; fluxion raises subclasses of those, tested in
tests/test_fixes_symbolic.py since fixtures compare exact class names.)"""

_F = """
@tf.function
def f(x):
    {check}
    return x + 1
"""


def _in_function(check: str, *calls: str) -> str:
    lines = [_F.format(check=check), "result = []"]
    for call in calls:
        lines.append(f"result.append(f({call}))")
    return "\n".join(lines)


SNIPPETS = {
    "assert_equal_passes": "tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2])",
    "assert_equal_fails": "tf.debugging.assert_equal(tf.constant([1, 2]), [1, 3])",
    "assert_equal_dtype_mismatch": "tf.debugging.assert_equal(tf.constant([1]), "
                                   "tf.constant([1.0]))",
    "assert_equal_shape_mismatch": "tf.debugging.assert_equal(tf.constant([1, 2]), "
                                   "tf.constant([1, 2, 3]))",
    "assert_less_python_int_vs_float": "tf.debugging.assert_less(tf.constant([1.0]), 5)",
    "assert_equal_int64_vs_list": "tf.debugging.assert_equal(tf.constant([1], tf.int64), [1])",
    "assert_equal_python_numbers": "tf.debugging.assert_equal(1.0, 1)",
    "assert_positive_list": "tf.debugging.assert_positive([1, 2])",
    "assert_less_broadcast_fails": "tf.debugging.assert_less(tf.constant([1, 5]), 3)",
    "assert_less_equal_passes": "tf.debugging.assert_less_equal(tf.constant([[1.0], [2.0]]), "
                                "tf.constant([2.0, 3.0]))",
    "assert_greater_fails": "tf.debugging.assert_greater(tf.constant(1.0), 1.0)",
    "assert_none_equal_fails": "tf.debugging.assert_none_equal(tf.constant([1, 5]), 5)",
    "assert_positive_empty": "tf.debugging.assert_positive(tf.zeros([0]))",
    "assert_non_negative_fails": "tf.debugging.assert_non_negative(tf.constant([1.0, -3.0]))",
    "assert_negative_fails": "tf.debugging.assert_negative(tf.constant([[-1, 0]]))",
    "assert_non_positive_passes": "tf.debugging.assert_non_positive(tf.constant([0, -1]))",
    "assert_near_fails": "tf.debugging.assert_near(tf.constant([1.0, 2.0]), "
                         "tf.constant([1.0, 2.5]))",
    "assert_near_passes": "tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.05]), "
                          "atol=0.1)",
    "Assert_false": "tf.debugging.Assert(False, [tf.constant([1, 2]), 'hello'])",
    "Assert_true_returns_none": "tf.debugging.Assert(tf.constant(True), [1])",
    "check_numerics_nan": "tf.debugging.check_numerics(tf.constant([1.0, np.nan]), 'm')",
    "check_numerics_value": "tf.debugging.check_numerics(tf.constant([1.0, 2.0]), 'm')",
    "check_numerics_int": "tf.debugging.check_numerics(tf.constant([1]), 'm')",
    "assert_all_finite_inf": "tf.debugging.assert_all_finite(tf.constant([np.inf]), 'm')",
    "graph_assert_equal_ok": _in_function(
        "tf.debugging.assert_equal(x, tf.constant([1, 2]))", "tf.constant([1, 2])"),
    "graph_assert_runs_on_second_call": _in_function(
        "tf.debugging.assert_less(x, 5)", "tf.constant([1, 2])", "tf.constant([1, 7])"),
    "graph_assert_fails_first_call": _in_function(
        "tf.debugging.assert_non_negative(x)", "tf.constant([-1.0])"),
    "graph_Assert_with_data": _in_function(
        "tf.debugging.Assert(tf.reduce_all(x > 0), [x, 'text'])", "tf.constant([1, 2])",
        "tf.constant([0, 2])"),
    "graph_check_numerics": _in_function(
        "tf.debugging.check_numerics(x, 'cn')", "tf.constant([1.0])",
        "tf.constant([np.nan])"),
    "graph_check_numerics_result": """
@tf.function
def f(x):
    return tf.debugging.check_numerics(x * 2.0, 'cn')
result = [f(tf.constant([1.5])), f(tf.constant([2.5]))]
""",
    "graph_assert_with_signature": """
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def f(x):
    tf.debugging.assert_positive(x, message='must be positive')
    return x * 2.0
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([3.0])), f(tf.constant([-1.0]))]
""",
    "graph_assert_in_untaken_branch": """
def pos(x):
    tf.debugging.assert_positive(x)
    return x
def neg(x):
    tf.debugging.assert_negative(x)
    return -x
@tf.function
def f(x):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: pos(x), lambda: neg(x))
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -2.0]))]
""",
    "graph_assert_in_taken_branch_fails": """
def pos(x):
    tf.debugging.assert_positive(x)
    return x
@tf.function
def f(x):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: pos(x), lambda: x)
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, 3.0]))]
""",
    "graph_assert_in_taken_branch_passes": """
def pos(x):
    tf.debugging.assert_positive(x)
    return x
@tf.function
def f(x):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: pos(x), lambda: x)
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -3.0]))]
""",
    "graph_static_assert_fails_at_trace": """
@tf.function
def f(x):
    tf.debugging.assert_equal(tf.constant(1), tf.constant(2))
    return x
result = f(tf.constant(1.0))
""",
    "traced_tensor_repr_is_symbolic": """
seen = []
@tf.function
def f(x):
    seen.append(repr(x).startswith('<tf.Tensor') and 'numpy=' not in repr(x))
    return x
f(tf.constant([1, 2]))
result = seen
""",
}
