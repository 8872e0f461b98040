"""tf.py_function / tf.numpy_function: eager, in tf.function graphs, in Dataset.map, gradients,
errors, and that graph passes never fold, merge or prune them."""
import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from tests.opcheck import check_gradient


def test_py_function_eager_gets_tensors_with_numpy():
    seen = []

    def f(x, y):
        seen.append((type(x), x.numpy().tolist(), y.numpy()))
        return x * 2, y + 1

    a, b = tf.py_function(f, [tf.constant([1.0, 2.0]), 3], [tf.float32, tf.int32])
    np.testing.assert_array_equal(a.numpy(), [2.0, 4.0])
    assert a.dtype is tf.float32 and b.dtype is tf.int32 and b.numpy() == 4
    assert seen == [(tf.Tensor, [1.0, 2.0], 3)]


def test_py_function_single_and_list_tout():
    one = tf.py_function(lambda x: x + 1, [tf.constant(1.0)], tf.float32)
    assert isinstance(one, tf.Tensor) and one.numpy() == 2.0
    listed = tf.py_function(lambda x: [x], [tf.constant(1.0)], [tf.float32])
    assert isinstance(listed, list) and len(listed) == 1
    spec = tf.py_function(lambda x: x * 2, [np.array([1.0])], tf.TensorSpec([1], tf.float64))
    assert spec.dtype is tf.float64 and spec.numpy() == 2.0  # a TensorSpec gives the dtype
    assert tf.py_function(lambda: None, [], []) == []


def test_numpy_function_eager_gets_arrays():
    seen = []

    def f(x):
        seen.append(type(x))
        return np.sqrt(x)

    out = tf.numpy_function(f, [tf.constant([4.0, 9.0])], tf.float32)
    np.testing.assert_allclose(out.numpy(), [2.0, 3.0])
    assert out.dtype is tf.float32 and seen == [np.ndarray]


def test_graph_mode_runs_every_call_with_new_values():
    @tf.function
    def f(x):
        y = tf.py_function(lambda a: a * 2, [x], tf.float32)
        z = tf.numpy_function(lambda a: np.cumsum(a), [x], tf.float32)
        return y + z

    for x in ([1.0, 2.0], [3.0, 4.0], [5.0, 6.0, 7.0]):
        arr = np.array(x, np.float32)
        np.testing.assert_allclose(f(tf.constant(arr)).numpy(), arr * 2 + np.cumsum(arr))


def test_graph_outputs_have_unknown_shapes():
    @tf.function
    def f(x):
        return tf.py_function(lambda a: a, [x], tf.float32)

    graph = f.get_concrete_function(tf.constant([1.0, 2.0])).graph
    node = next(n for n in graph.nodes if n.op == "py_function")
    assert node.outputs[0].spec.shape == (None,)  # the traced rank, no sizes
    assert "py_function[func=" in graph.as_text()


def test_stateful_nodes_are_not_folded_merged_or_pruned():
    calls = []

    def side(x):
        calls.append(float(x))
        return x

    @tf.function
    def f():
        tf.py_function(side, [1.0], tf.float32)  # result unused: still runs
        a = tf.py_function(side, [2.0], tf.float32)  # constant inputs: not folded
        b = tf.py_function(side, [2.0], tf.float32)  # same inputs: not merged
        return a + b

    for _ in range(3):
        assert f().numpy() == 4.0
    assert calls == [1.0, 2.0, 2.0] * 3


def test_ensure_shape_after_py_function_in_graph():
    @tf.function
    def f(x):
        y = tf.py_function(lambda a: a * 3, [x], tf.float32)
        return tf.ensure_shape(y, [2])

    np.testing.assert_allclose(f(tf.constant([1.0, 2.0])).numpy(), [3.0, 6.0])
    with pytest.raises(errors.InvalidArgumentError):
        f(tf.constant([1.0, 2.0, 3.0]))


def test_dataset_map_py_function_variable_lengths():
    ds = tf.data.Dataset.from_tensor_slices([1, 3, 2])
    ds = ds.map(lambda n: tf.py_function(lambda k: tf.range(k.numpy()), [n], tf.int32))
    got = [x.numpy().tolist() for x in ds]
    assert got == [[0], [0, 1, 2], [0, 1]]
    batches = [b.numpy().tolist() for b in ds.padded_batch(2)]
    assert batches == [[[0, 0, 0], [0, 1, 2]], [[0, 1]]]


def test_dataset_map_numpy_function_strings():
    ds = tf.data.Dataset.from_tensor_slices(["a b", "c"])
    ds = ds.map(lambda s: tf.numpy_function(lambda t: t.upper(), [s], tf.string))
    assert [x.numpy() for x in ds] == [b"A B", b"C"]


def test_dataset_map_tokenizer_sizes_are_not_guessed():
    def tokens(text):
        return np.array(text.split(), dtype=object)

    ds = tf.data.Dataset.from_tensor_slices(["a b", "c d e", "f"])
    ds = ds.map(lambda s: tf.numpy_function(tokens, [s], tf.string))
    assert ds.element_spec.shape.as_list() == [None]  # not the stand-ins' length
    batches = [b.numpy().tolist() for b in ds.padded_batch(2)]
    assert batches == [[[b"a", b"b", b""], [b"c", b"d", b"e"]], [[b"f"]]]


def test_numpy_function_graph_scalars_arrive_as_numpy_scalars():
    seen = []

    @tf.function
    def f(x, s):
        return tf.numpy_function(lambda a, b: seen.append((type(a), type(b))) or a,
                                 [x, s], tf.float32)

    f(tf.constant(1.0), tf.constant("ab"))
    assert seen[0] == (np.float32, bytes)


def test_gradient_eager_matches_finite_differences():
    def fn(x, w):
        return tf.py_function(lambda a, b: tf.sin(a) * b, [x, w], tf.float64)

    check_gradient(fn, [np.array([0.3, -1.2, 2.0]), np.array(1.5)])


def test_gradient_only_through_float_inputs_and_outputs():
    x = tf.constant([1.0, 2.0])
    n = tf.constant(3)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y, k = tf.py_function(lambda a, m: (a * tf.cast(m, tf.float32), m * 2), [x, n],
                              [tf.float32, tf.int32])
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [3.0, 3.0])
    assert k.numpy() == 6


def test_gradient_in_graph_and_of_variables_passed_in():
    v = tf.Variable([1.0, -2.0])

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            y = tf.py_function(lambda a, b: tf.reduce_sum(a * b * b), [x, v], tf.float32)
        return tape.gradient(y, v)

    for x in ([1.0, 1.0], [2.0, 0.5]):
        np.testing.assert_allclose(step(tf.constant(x)).numpy(), 2 * np.array(x) * v.numpy())


def test_numpy_function_has_no_gradient():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.numpy_function(lambda a: a * a, [x], tf.float32)
    assert tape.gradient(y, x) is None


@pytest.mark.parametrize("exc,cls", [(ValueError, errors.InvalidArgumentError),
                                     (TypeError, errors.InvalidArgumentError),
                                     (KeyError, errors.UnknownError),
                                     (StopIteration, errors.OutOfRangeError),
                                     (NotImplementedError, errors.UnimplementedError)])
def test_errors_become_tf_errors(exc, cls):
    def bad(x):
        raise exc("boom")

    with pytest.raises(cls, match="boom"):
        tf.py_function(bad, [1.0], tf.float32)
    with pytest.raises(exc):  # eager numpy_function: the original exception
        tf.numpy_function(bad, [1.0], tf.float32)

    @tf.function
    def g(x):
        return tf.numpy_function(bad, [x], tf.float32)

    with pytest.raises(cls, match=exc.__name__):
        g(tf.constant(1.0))


def test_result_count_and_dtype_errors():
    with pytest.raises(errors.InvalidArgumentError, match="returns 1 values"):
        tf.py_function(lambda x: [x], [1.0], [tf.float32, tf.float32])
    with pytest.raises(errors.InvalidArgumentError, match="Tensor conversion requested"):
        tf.py_function(lambda x: x, [tf.constant([1, 2])], tf.float32)

    @tf.function
    def f(x):
        return tf.numpy_function(lambda a: a.astype(np.float64), [x], tf.float32)

    with pytest.raises(errors.InvalidArgumentError, match="is float64, but expects float32"):
        f(tf.constant([1.0]))


def test_argument_errors():
    with pytest.raises(TypeError, match="Tout"):
        tf.py_function(lambda x: x, [1.0])
    with pytest.raises(TypeError, match="DType"):
        tf.py_function(lambda x: x, [1.0], [tf.float32, [tf.float32]])


def test_decorators():
    @tf.py_function(Tout=tf.float32)
    def triple(x):
        return x * 3

    @tf.numpy_function(Tout=tf.int64)
    def plus(x, y):
        return (x + y).astype(np.int64)

    assert triple(tf.constant(2.0)).numpy() == 6.0
    assert plus(np.int64(2), np.int64(5)).numpy() == 7


def test_keras_fit_with_py_function_in_input_pipeline():
    x = np.linspace(-1, 1, 32).astype(np.float32).reshape(-1, 1)
    ds = tf.data.Dataset.from_tensor_slices((x, 3 * x))
    ds = ds.map(lambda a, b: (tf.ensure_shape(
        tf.py_function(lambda t: t * 1.0, [a], tf.float32), [1]), b)).batch(8)
    model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.5), loss="mse")
    history = model.fit(ds, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_saved_graph_runs_in_this_process_only(tmp_path):
    import os
    import subprocess
    import sys

    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def f(self, x):
            return tf.py_function(lambda a: a * 2, [x], tf.float32)

    tf.saved_model.save(M(), tmp_path / "m")
    loaded = tf.saved_model.load(tmp_path / "m")
    np.testing.assert_allclose(loaded.f(tf.constant([1.0, 2.0])).numpy(), [2.0, 4.0])
    code = (f"import fluxion as tf\nloaded = tf.saved_model.load({str(tmp_path / 'm')!r})\n"
            f"try:\n    loaded.f(tf.constant([1.0]))\nexcept tf.errors.InternalError as e:\n"
            f"    print('refused' if 'not registered in this process' in str(e) else e)\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=root), timeout=300, check=False)
    assert result.stdout.strip() == "refused", result.stderr


def test_gradient_through_a_function_called_under_an_outer_tape():
    @tf.function
    def f(x):
        return tf.py_function(lambda a: a * a, [x], tf.float32)

    x = tf.constant([1.0, 3.0])
    for _ in range(2):  # the trace, then the graph
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 6.0])
