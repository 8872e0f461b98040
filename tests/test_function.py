"""tf.function: tracing per signature, graph execution, variables, gradients, retracing."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.graph import ir


def test_results_match_eager_and_trace_once_per_signature():
    traces = []

    @tf.function
    def f(x, y):
        traces.append(1)  # a Python side effect: runs only while tracing
        return tf.nn.relu(tf.matmul(x, y)) + 1.0

    rng = np.random.default_rng(0)
    for _ in range(3):
        x = rng.standard_normal((4, 3)).astype(np.float32)
        y = rng.standard_normal((3, 2)).astype(np.float32)
        got = f(tf.constant(x), tf.constant(y))
        np.testing.assert_allclose(got.numpy(), np.maximum(x @ y, 0) + 1, rtol=1e-6)
    assert len(traces) == 1 and f.experimental_get_tracing_count() == 1
    f(tf.constant(np.ones((5, 3), np.float32)), tf.constant(y))  # new shape: retrace
    f(tf.constant(np.ones((4, 3))), tf.constant(y.astype(np.float64)))  # new dtype: retrace
    assert f.experimental_get_tracing_count() == 3
    assert "shape (4, 3) -> (5, 3)" in f.explain_retracing()[0]


def test_python_arguments_trace_by_value():
    @tf.function
    def scale(x, k):
        return x * k

    x = tf.constant([1.0, 2.0])
    assert scale(x, 2.0).numpy().tolist() == [2.0, 4.0]
    assert scale(x, 2.0).numpy().tolist() == [2.0, 4.0]
    assert scale(x, 3.0).numpy().tolist() == [3.0, 6.0]
    assert scale.experimental_get_tracing_count() == 2
    assert "Python value 2.0 -> 3.0" in scale.explain_retracing()[0]


def test_variables_are_captured_by_reference_and_assigned():
    v = tf.Variable([1.0, 2.0])

    @tf.function
    def step(x):
        v.assign_add(x)
        return tf.reduce_sum(v)

    assert float(step(tf.constant([1.0, 1.0]))) == 5.0
    assert float(step(tf.constant([1.0, 1.0]))) == 7.0  # graph run
    v.assign([0.0, 0.0])  # changed outside: the graph reads the current value
    assert float(step(tf.constant([1.0, 2.0]))) == 3.0
    np.testing.assert_allclose(v.numpy(), [1.0, 2.0])
    assert step.experimental_get_tracing_count() == 1


def test_whole_training_step_is_one_graph():
    rng = np.random.default_rng(1)
    x = tf.constant(rng.standard_normal((32, 4)).astype(np.float32))
    y = tf.constant((rng.standard_normal((32, 1)) > 0).astype(np.float32))
    w_eager = tf.Variable(tf.ones([4, 1]) * 0.1)
    w_graph = tf.Variable(tf.ones([4, 1]) * 0.1)

    def step(w):
        with tf.GradientTape() as tape:
            logits = tf.matmul(x, w)
            loss = tf.reduce_mean(
                tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
        w.assign_sub(0.5 * tape.gradient(loss, w))
        return loss

    graph_step = tf.function(step)
    for _ in range(5):
        le = step(w_eager)
        lg = graph_step(w_graph)
        np.testing.assert_allclose(lg.numpy(), le.numpy(), rtol=1e-6)
    np.testing.assert_allclose(w_graph.numpy(), w_eager.numpy(), rtol=1e-6)
    ops = [n.op for n in graph_step.get_concrete_function(w_graph).graph.nodes]
    assert "matmul" in ops and "assign_variable" in ops and ops.count("matmul") >= 2


def test_python_bool_of_traced_tensor_is_refused():
    @tf.function(autograph=False)
    def f(x):
        if x > 0:  # needs tf.cond (AutoGraph): the graph cannot replay this choice
            return x
        return -x

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="Python bool"):
        f(tf.constant(1.0))
    with pytest.raises(TypeError):  # TF's class derives from TypeError
        f(tf.constant(2.0))


def test_static_shape_values_are_allowed_while_tracing():
    @tf.function
    def f(x):
        n = int(tf.shape(x)[0])  # a shape is static for a trace
        return tf.reshape(x, [n, -1])

    assert f(tf.ones([2, 3, 2])).shape == (2, 6)


def test_input_signature_checks_arguments():
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def f(x):
        return x * 2.0

    assert f(tf.ones([3, 2])).shape == (3, 2)
    assert f([[1.0, 2.0]]).numpy().tolist() == [[2.0, 4.0]]
    with pytest.raises(TypeError, match="incompatible with input_signature"):
        f(tf.ones([3, 3]))
    assert repr(tf.TensorSpec([None, 2])) == \
        "TensorSpec(shape=(None, 2), dtype=tf.float32, name=None)"


def test_get_concrete_function_has_no_side_effects_on_variables():
    v = tf.Variable(1.0)

    @tf.function
    def bump(x):
        v.assign_add(x)
        return v * 1.0

    concrete = bump.get_concrete_function(tf.TensorSpec([], tf.float32))
    assert float(v) == 1.0
    assert "assign_variable" in concrete.graph.as_text()
    assert float(concrete(tf.constant(2.0))) == 3.0 and float(v) == 3.0


def test_run_functions_eagerly_and_outer_tape_gradients():
    @tf.function
    def square(x):
        return x * x

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = square(x)
    assert float(tape.gradient(y, x)) == 6.0
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x + 1

    tf.config.run_functions_eagerly(True)
    try:
        f(x), f(x)
    finally:
        tf.config.run_functions_eagerly(False)
    assert len(calls) == 2


def test_retracing_warning_names_the_argument():
    @tf.function
    def f(x):
        return x + 1

    with pytest.warns(UserWarning, match="argument 0: shape"):
        for n in range(1, 8):
            f(tf.ones([n]))


def test_methods_of_modules():
    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(2.0)

        @tf.function
        def __call__(self, x):
            return x * self.w

    a, b = Model(), Model()
    b.w.assign(5.0)
    assert float(a(tf.constant(3.0))) == 6.0 and float(b(tf.constant(3.0))) == 15.0
    assert float(a(tf.constant(4.0))) == 8.0


def test_nested_structures_in_and_out():
    @tf.function
    def f(inputs):
        return {"sum": inputs["a"] + inputs["b"], "const": 7, "pair": (inputs["a"], 1.5)}

    out = f({"a": tf.constant(1.0), "b": tf.constant(2.0)})
    out = f({"a": tf.constant(3.0), "b": tf.constant(2.0)})
    assert float(out["sum"]) == 5.0 and out["const"] == 7 and out["pair"][1] == 1.5
    assert float(out["pair"][0]) == 3.0


def test_random_ops_draw_new_numbers_at_every_graph_run():
    @tf.function
    def sample():
        return tf.random.uniform([4]) + tf.random.normal([4], seed=3)

    draws = [sample().numpy() for _ in range(3)]
    assert sample.experimental_get_tracing_count() == 1
    assert not np.allclose(draws[0], draws[1]) and not np.allclose(draws[1], draws[2])

    def fresh_run():
        tf.random.set_seed(7)
        f = tf.function(lambda: tf.random.uniform([3]))
        return [f().numpy() for _ in range(2)]

    first, second = fresh_run(), fresh_run()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_data_dependent_shapes_replay_and_static_args_are_checked():
    @tf.function
    def positives(x):
        return tf.boolean_mask(x, x > 0)

    assert positives(tf.constant([1.0, -2.0, 3.0])).numpy().tolist() == [1.0, 3.0]
    # same signature, other data: the graph recomputes the mask
    assert positives(tf.constant([-1.0, 5.0, -3.0])).numpy().tolist() == [5.0]

    @tf.function
    def value_reshape(x, n):
        return tf.reshape(x, tf.stack([n, -1]))  # a shape from the input's values

    assert value_reshape(tf.ones([4]), tf.constant(2)).shape == (2, 2)
    assert value_reshape(tf.ones([4]), tf.constant(4)).shape == (4, 1)  # same trace
    assert value_reshape.experimental_get_tracing_count() == 1


def test_optimizer_options_switch_graph_passes():
    k = tf.constant(np.arange(4, dtype=np.float32))

    def body(x):
        return x * tf.sqrt(k * 1.0) + (x * tf.sqrt(k * 1.0)) * 0.0 + x

    x = tf.constant(np.ones(4, np.float32))
    default = tf.function(body)
    got = default(x)
    ops = [n.op for n in default.get_concrete_function(x).graph.nodes]
    assert "sqrt" not in ops  # folded into a constant
    assert ops.count("multiply") < [n.op for n in
                                    default.get_concrete_function(x).traced_graph.nodes
                                    ].count("multiply")
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    try:
        plain = tf.function(body)
        np.testing.assert_allclose(plain(x).numpy(), got.numpy())
        assert "sqrt" in [n.op for n in plain.get_concrete_function(x).graph.nodes]
    finally:
        tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": False})
    np.testing.assert_allclose(got.numpy(), body(x).numpy())
    with pytest.raises(ValueError, match="Unknown optimizer options"):
        tf.config.optimizer.set_experimental_options({"bogus": True})


def test_optimizer_options_report_what_was_set_as_tf_does():
    before = tf.config.optimizer.get_experimental_options()
    assert before == {"disable_model_pruning": False, "disable_meta_optimizer": False}
    tf.config.optimizer.set_experimental_options({"layout_optimizer": False, "remapping": False})
    try:
        assert tf.config.optimizer.get_experimental_options() == {
            "layout_optimizer": False, "remapping": False, "disable_model_pruning": False,
            "disable_meta_optimizer": False}
    finally:
        _reset_optimizer_options()


def _reset_optimizer_options():
    from fluxion import config

    config._OPTIMIZER_OPTIONS.clear()  # back to TF's defaults: nothing set


def _adam_like(p, m, v):
    @tf.function
    def step(g):
        m.assign(0.9 * m + 0.1 * g)
        v.assign(0.999 * v + 0.001 * g * g)
        p.assign_sub(0.01 * m / (tf.sqrt(v) + 1e-7))
        return tf.reduce_sum(p)
    return step


def test_elementwise_chains_run_fused_and_compute_the_same():
    rng = np.random.default_rng(0)
    init = [rng.random((5, 3)).astype(np.float32) for _ in range(3)]
    g = tf.constant(rng.standard_normal((5, 3)).astype(np.float32))
    results = {}
    for remap in (True, False):
        tf.config.optimizer.set_experimental_options({"remapping": remap})
        try:
            p, m, v = (tf.Variable(a) for a in init)
            step = _adam_like(p, m, v)
            out = [step(g).numpy() for _ in range(3)]
            concrete = step.get_concrete_function(g)
        finally:
            _reset_optimizer_options()
        ops = [n.op for n in concrete.execution_graph.nodes]
        assert ("fused_elementwise" in ops) == remap
        # what SavedModel stores keeps the registry's ordinary ops
        assert "fused_elementwise" not in [n.op for n in concrete.graph.nodes]
        results[remap] = (out, p.numpy(), m.numpy(), v.numpy())
    for fused, plain in zip(*results.values()):
        np.testing.assert_array_equal(fused, plain)  # the same ufuncs, the same order


def test_shapes_that_depend_on_data_are_not_static():
    @tf.function
    def f(x):
        picked = tf.boolean_mask(x, x > 0)
        return tf.zeros(tf.shape(picked))  # the shape changes with the data

    assert f(tf.constant([1.0, 2.0, -1.0])).shape == (2,)
    assert f(tf.constant([1.0, -2.0, -1.0])).shape == (1,)  # the same graph, other data
    assert f.experimental_get_tracing_count() == 1

    @tf.function
    def g(x):
        return tf.reshape(x, [tf.shape(x)[0], -1])  # input shapes are static per trace

    assert g(tf.ones([2, 3, 2])).shape == (2, 6)


def test_signature_with_unknown_dims_keeps_them_unknown_in_the_graph():
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def f(x):
        return tf.reduce_sum(x * 2.0, axis=1)

    concrete = f.get_concrete_function()
    assert concrete.graph.inputs[0].spec.shape == (None, 3)
    np.testing.assert_allclose(concrete(tf.ones([5, 3])).numpy(), np.full(5, 6.0))

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def run_time_batch(x):  # the batch size differs from call to call: a run-time shape
        return tf.zeros([tf.shape(x)[0], 2]), tf.random.normal((tf.shape(x)[0], 2))

    concrete = run_time_batch.get_concrete_function()
    assert [n.op for n in concrete.graph.nodes].count("fill_shape") == 1
    for batch in (4, 1):
        zeros, noise = concrete(tf.ones([batch, 3]))
        assert zeros.shape == noise.shape == (batch, 2) and not zeros.numpy().any()


def test_reduce_retracing_generalises_shapes_after_one_retrace():
    traces = []

    @tf.function(reduce_retracing=True)
    def f(x):
        traces.append(1)
        return tf.reduce_sum(x * 2.0, axis=-1)

    for n in (2, 3, 4, 7):
        np.testing.assert_allclose(f(tf.ones([n, 3])).numpy(), np.full(n, 6.0))
    assert len(traces) == 2  # the first shape, then one trace with the batch dim unknown
    f(tf.ones([2, 5]))  # a different second dim: one more relaxed trace
    assert len(traces) == 3

    @tf.function(reduce_retracing=True)
    def needs_static(x):
        return tf.zeros([tf.shape(x)[0], 2])  # cannot be relaxed: exact traces instead

    for n in (1, 2, 3):
        assert needs_static(tf.ones([n])).shape == (n, 2)


def test_unknown_dims_keep_the_rank_and_the_known_dims():
    @tf.function
    def f(x):
        y = tf.reshape(x, (-1, 2))
        return tf.matmul(y, tf.ones((2, 3))), tf.reduce_sum(y, 0)

    graph = f.get_concrete_function(tf.TensorSpec([None, 4], tf.float32)).graph
    specs = graph.specs()
    assert [ir.format_spec(specs[name]) for name in graph.outputs] == ["f32[?,3]", "f32[2]"]
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    got, total = f(tf.constant(a))
    np.testing.assert_allclose(got.numpy(), a.reshape(-1, 2) @ np.ones((2, 3)))
    np.testing.assert_allclose(total.numpy(), a.reshape(-1, 2).sum(0))


def test_gradients_in_graphs_with_unknown_dims_are_right_for_every_batch():
    w = tf.Variable(np.ones((3, 2), np.float32))
    b = tf.Variable(np.zeros((1, 2), np.float32))  # broadcast along the batch

    def grads(x):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.matmul(x, w) + b)
        return tape.gradient(y, [w, b])

    relaxed = tf.function(grads, reduce_retracing=True)
    declared = tf.function(grads, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    for n in (2, 5, 1, 7):
        x = np.arange(n * 3, dtype=np.float32).reshape(n, 3)
        for fn in (relaxed, declared):
            gw, gb = fn(tf.constant(x))
            np.testing.assert_allclose(gw.numpy(), np.repeat(x.sum(0)[:, None], 2, 1))
            np.testing.assert_allclose(gb.numpy(), [[n, n]])
    assert declared.experimental_get_tracing_count() == 1


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def _runtime_shapes(x):
    n = tf.shape(x)[0]
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reshape(x, tf.stack([n * 2, -1]))
        z = tf.reduce_sum(y * y) + tf.reduce_sum(tf.broadcast_to(tf.reduce_sum(x, 0),
                                                                 tf.shape(x)))
    return y, z, tape.gradient(z, x), tf.zeros(tf.shape(x)), tf.fill(tf.shape(x)[:1], 7.0)


def test_shapes_computed_at_run_time_in_one_trace():
    for n in (1, 3, 5):
        x = np.arange(n * 4, dtype=np.float32).reshape(n, 4)
        y, z, g, zeros, filled = _runtime_shapes(tf.constant(x))
        np.testing.assert_array_equal(y.numpy(), x.reshape(n * 2, -1))
        np.testing.assert_allclose(float(z), (x ** 2).sum() + n * x.sum(), rtol=1e-6)
        np.testing.assert_allclose(g.numpy(), 2 * x + n)
        assert zeros.shape == (n, 4) and filled.numpy().tolist() == [7.0] * n
    assert _runtime_shapes.experimental_get_tracing_count() == 1
    graph = _runtime_shapes.get_concrete_function().graph
    assert {"reshape_to", "broadcast_to_shape", "fill_shape"} <= {n.op for n in graph.nodes}


def test_variables_made_on_every_trace_are_refused_as_tf_does():
    @tf.function
    def makes_one_each_time(x):
        v = tf.Variable(1.0)
        return v + x

    with pytest.raises(ValueError, match="singleton tf.Variables"):
        makes_one_each_time(tf.constant(1.0))

    class Lazy(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = None

        @tf.function
        def __call__(self, x):
            if self.v is None:  # made on the first call only: fine
                self.v = tf.Variable(tf.ones_like(x))
            return self.v * x

    lazy = Lazy()
    assert lazy(tf.constant([2.0])).numpy().tolist() == [2.0]
    assert lazy(tf.constant([3.0])).numpy().tolist() == [3.0]


def test_unknown_dims_too_small_as_one_trace_with_a_larger_stand_in():
    kernel = tf.constant(np.random.default_rng(0).random((5, 5, 3, 2)).astype(np.float32))
    f = tf.function(lambda x: tf.nn.conv2d(x, kernel, 1, "VALID"),
                    input_signature=[tf.TensorSpec([None, None, None, 3], tf.float32)])
    concrete = f.get_concrete_function()  # a 1x1 stand-in cannot hold a VALID 5x5 window
    x = np.random.default_rng(1).random((2, 9, 8, 3)).astype(np.float32)
    np.testing.assert_allclose(concrete(tf.constant(x)).numpy(),
                               tf.nn.conv2d(x, kernel, 1, "VALID").numpy(), rtol=1e-5)
    assert f(tf.constant(x)).shape == (2, 5, 4, 2)
    model = tf.keras.Sequential([tf.keras.Input((None, None, 3)), tf.keras.layers.Conv2D(2, 5),
                                 tf.keras.layers.GlobalAveragePooling2D()])
    assert model.output_shape == (None, 2)
