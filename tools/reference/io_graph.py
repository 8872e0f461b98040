"""TF2 reference snippets: tf.io.parse_example / parse_single_example inside tf.function (one
ParseExampleV2 op: values, traced shapes, errors) and tf.group / tf.no_op /
tf.control_dependencies (None and a null context eagerly, Operations inside a function)."""

_EXAMPLES = """
T = tf.train
def example(**f):
    return T.Example(features=T.Features(feature=f)).SerializeToString()
A = example(i=T.Feature(int64_list=T.Int64List(value=[1, 2, 3])),
            x=T.Feature(float_list=T.FloatList(value=[1.5, 2.5])),
            w=T.Feature(bytes_list=T.BytesList(value=[b"ab", b"c"])))
B = example(i=T.Feature(int64_list=T.Int64List(value=[4])),
            x=T.Feature(float_list=T.FloatList(value=[3.0, 4.0])))
SPEC = {"i": tf.io.VarLenFeature(tf.int64), "x": tf.io.FixedLenFeature([2], tf.float32),
        "w": tf.io.VarLenFeature(tf.string),
        "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=-1),
        "d": tf.io.FixedLenFeature([1], tf.string, default_value=["none"])}
def flat(out):
    return [out["i"].indices, out["i"].values, out["i"].dense_shape, out["w"].values,
            out["x"], out["s"], out["d"]]
"""


def _snippet(body: str) -> str:
    return _EXAMPLES + body


SNIPPETS = {
    "parse_example_in_function": _snippet("""
f = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)))
result = [f(tf.constant([A, B])), f(tf.constant([B, A, B]))]
"""),
    "parse_example_signature": _snippet("""
f = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)),
                input_signature=[tf.TensorSpec([None], tf.string)])
result = [f(tf.constant([B])), f(tf.constant([A, B, A]))]
"""),
    "parse_example_same_shape_new_contents": _snippet("""
f = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)))
result = [f(tf.constant([A, B])), f(tf.constant([B, B])), f(tf.constant([A, A]))]
"""),
    "parse_single_example_in_function": _snippet("""
f = tf.function(lambda s: flat(tf.io.parse_single_example(s, SPEC)))
result = [f(tf.constant(A)), f(tf.constant(B))]
"""),
    "parse_example_in_function_bad_bytes": _snippet("""
f = tf.function(lambda s: tf.io.parse_example(s, SPEC)["x"])
result = f(tf.constant([A, b"\\x0a\\x05\\x00"]))
"""),
    "parse_example_in_function_missing_required": _snippet("""
f = tf.function(lambda s: tf.io.parse_example(s, {"zz": tf.io.FixedLenFeature([], tf.int64)}))
result = f(tf.constant([A]))
"""),
    "parse_example_in_function_rank_2": _snippet("""
f = tf.function(lambda s: tf.io.parse_example(s, SPEC)["x"])
result = f(tf.constant([[A]]))
"""),
    "parse_single_example_in_function_vector": _snippet("""
f = tf.function(lambda s: tf.io.parse_single_example(s, SPEC)["x"])
result = f(tf.constant([A]))
"""),
    "parse_example_names_shape_mismatch": _snippet("""
result = tf.io.parse_example([A, B], SPEC, example_names=["a"])
"""),
    "parse_example_names_in_function": _snippet("""
f = tf.function(lambda s, n: tf.io.parse_example(s, SPEC, example_names=n)["x"])
result = f(tf.constant([A, B]), tf.constant(["a", "b"]))
"""),
    "parse_example_int_input": _snippet("result = tf.io.parse_example([1, 2], SPEC)"),
    "parse_example_int_tensor_input": _snippet(
        "result = tf.io.parse_example(tf.constant([1, 2]), SPEC)"),
    "parse_example_eager_values": _snippet("result = flat(tf.io.parse_example([A, B], SPEC))"),
    "parse_example_under_tape": _snippet("""
with tf.GradientTape() as tape:
    result = flat(tf.io.parse_example(tf.constant([B]), SPEC))
"""),
    "group_eager_is_none": "result = [tf.group(tf.constant(1)), tf.group(), tf.group(a=1)]",
    "no_op_eager_is_none": "result = [tf.no_op(), tf.no_op(name='x')]",
    "control_dependencies_eager_value": """
with tf.control_dependencies([tf.constant(1)]) as value:
    result = [value, tf.constant(2.0)]
""",
    "control_dependencies_eager_calls_callables": """
calls = []
with tf.control_dependencies([lambda: calls.append(1), tf.constant(1)]):
    pass
with tf.control_dependencies(None):
    pass
result = calls
""",
    "control_dependencies_eager_not_iterable": """
with tf.control_dependencies(3):
    pass
result = 0
""",
    "group_no_op_in_function": """
v = tf.Variable(1.0)
@tf.function
def f(x):
    a = v.assign_add(1.0)
    g, n, e, named = tf.group(a, x), tf.no_op(), tf.group(), tf.group([a, [x]], name="mine")
    with tf.control_dependencies([g, a]) as c:
        y = x + v
    return y, [type(o).__name__ for o in (g, n, e, named)], [o.type for o in (g, n, e)], \\
        [g.name, n.name, named.name], c is None
y, kinds, types, names, none = f(tf.constant(1.0))
result = [y, kinds, types, names, none, v]
""",
    "group_in_function_rejects_python_values": """
@tf.function
def f(x):
    return tf.group(1)
result = f(tf.constant(1.0))
""",
    "group_in_function_unknown_keyword": """
@tf.function
def f(x):
    return tf.group(x, a=1)
result = f(tf.constant(1.0))
""",
    "compat_v1_group_is_tf_group": """
result = [tf.compat.v1.group is tf.group, tf.compat.v1.no_op is tf.no_op,
          tf.compat.v1.control_dependencies is tf.control_dependencies,
          tf.compat.v1.group(tf.constant(1))]
""",
}
