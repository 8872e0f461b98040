"""TF2 tf.function behaviour: results, trace counts, Python side effects, variables, control
flow, AutoGraph. Each snippet runs a program and returns what it observed."""

SNIPPETS = {
    "trace_counts_tensors_and_python": """
traces = []
@tf.function
def f(x):
    traces.append(1)
    return x
f(tf.constant(1)); f(tf.constant(2)); f(tf.constant([1, 2])); f(tf.constant(1.0))
f(2); f(3); f(2)
result = [len(traces), f.experimental_get_tracing_count()]
""",
    "trace_counts_input_signature": """
traces = []
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def f(x):
    traces.append(1)
    return x * 2.0
a = f(tf.constant([1.0])); b = f(tf.constant([1.0, 2.0, 3.0]))
result = [b, len(traces) >= 1]
""",
    "side_effects_only_when_tracing": """
calls = []
@tf.function
def f(x):
    calls.append(1)
    return x + 1
for i in range(3):
    f(tf.constant(i))
result = len(calls)
""",
    "variable_captured_by_reference": """
v = tf.Variable(1.0)
@tf.function
def f(x):
    return x * v
a = f(tf.constant(2.0))
v.assign(10.0)
result = [a, f(tf.constant(2.0))]
""",
    "variable_assign_in_function": """
v = tf.Variable([1.0, 2.0])
@tf.function
def step(x):
    v.assign_add(x)
    return tf.reduce_sum(v)
result = [step(tf.constant([1.0, 1.0])), step(tf.constant([1.0, 1.0])), v.read_value()]
""",
    "gradient_inside_function": """
w = tf.Variable([[1.0], [2.0]])
@tf.function
def grad(x):
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.matmul(x, w) ** 2)
    return tape.gradient(y, w)
result = grad(tf.constant([[1.0, 1.0], [2.0, 0.5]]))
""",
    "cond_in_function": """
@tf.function
def f(x):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x - 1.0)
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -2.0]))]
""",
    "while_in_function": """
@tf.function
def f(n):
    return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i),
                         [tf.constant(0), tf.constant(0)])
result = [f(tf.constant(5)), f(tf.constant(10))]
""",
    "autograph_if": """
@tf.function
def f(x):
    if tf.reduce_sum(x) > 0:
        y = x * x
    else:
        y = -x
    return y
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -3.0]))]
""",
    "autograph_while": """
@tf.function
def f(n):
    i = tf.constant(0)
    total = tf.constant(0)
    while i < n:
        total += i * i
        i += 1
    return total
result = [f(tf.constant(4)), f(tf.constant(0))]
""",
    "autograph_for_range_tensor": """
@tf.function
def f(x):
    s = tf.constant(0.0)
    for v in x:
        s += v
    return s
result = f(tf.constant([1.0, 2.0, 3.5]))
""",
    "autograph_break": """
@tf.function
def f(x):
    while x < 1000.0:
        x = x * 3.0
        if x > 100.0:
            break
    return x
result = [f(tf.constant(1.0)), f(tf.constant(200.0))]
""",
    "autograph_early_return": """
@tf.function
def f(x):
    if x > 0:
        return x * 10.0
    return x - 1.0
result = [f(tf.constant(2.0)), f(tf.constant(-2.0))]
""",
    "autograph_undefined_in_branch": """
@tf.function
def f(x):
    if x > 0:
        y = x
    return y
result = f(tf.constant(1.0))
""",
    "python_bool_without_autograph": """
@tf.function(autograph=False)
def f(x):
    if x > 0:
        return x
    return -x
result = f(tf.constant(1.0))
""",
    "tensor_array_in_function": """
@tf.function
def f(n):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    i = tf.constant(0)
    while i < n:
        ta = ta.write(i, i * 2)
        i += 1
    return ta.stack()
result = f(tf.constant(4))
""",
    "input_signature_incompatible": """
@tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
def f(x):
    return x
result = f(tf.constant([1.0, 2.0, 3.0]))
""",
    "nested_structures": """
@tf.function
def f(d):
    return {"s": d["a"] + d["b"], "t": (d["a"], 3)}
result = f({"a": tf.constant(1.0), "b": tf.constant(2.0)})
""",
    "random_in_function_changes": """
tf.random.set_seed(5)
@tf.function
def f():
    return tf.random.uniform([3])
a, b = f(), f()
result = bool(tf.reduce_any(a != b))
""",
    "run_functions_eagerly": """
calls = []
@tf.function
def f(x):
    calls.append(1)
    return x
tf.config.run_functions_eagerly(True)
try:
    f(tf.constant(1)); f(tf.constant(1))
finally:
    tf.config.run_functions_eagerly(False)
result = len(calls)
""",
}
