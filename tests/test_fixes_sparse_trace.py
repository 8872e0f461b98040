"""tf.sparse inside traced functions: indices and dense shapes that are function inputs are read
when the graph runs, never baked in at trace time (each op is compared with eager mode on inputs
other than the ones it was traced with); SparseTensor.shape is static as in TF."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors

S = tf.sparse.SparseTensor
SIG = [tf.TensorSpec([None, 2], tf.int64), tf.TensorSpec([None], tf.float32),
       tf.TensorSpec([2], tf.int64)]
# (indices, values, dense_shape): sorted, unique, of different sizes
INPUTS = [
    ([[0, 1], [2, 3]], [1.0, 2.0], [3, 4]),
    ([[0, 0], [1, 2], [1, 4], [3, 1]], [5.0, -1.0, 2.5, 4.0], [4, 5]),
    ([[1, 1]], [7.0], [2, 2]),
    (np.zeros((0, 2), np.int64), np.zeros(0, np.float32), [2, 3]),
]


def _arrays(inputs):
    idx, val, shape = inputs
    return (tf.constant(np.asarray(idx, np.int64).reshape(-1, 2)),
            tf.constant(np.asarray(val, np.float32)), tf.constant(np.asarray(shape, np.int64)))


def _plain(result):
    if isinstance(result, S):
        return [_plain(result.indices), _plain(result.values), _plain(result.dense_shape)]
    if isinstance(result, (list, tuple)):
        return [_plain(r) for r in result]
    return np.asarray(result).tolist()


OPS = {
    "to_dense": lambda sp: tf.sparse.to_dense(sp),
    "to_dense_default": lambda sp: tf.sparse.to_dense(sp, default_value=-1.0),
    "reduce_sum_all": lambda sp: tf.sparse.reduce_sum(sp),
    "reduce_sum_0": lambda sp: tf.sparse.reduce_sum(sp, axis=0),
    "reduce_sum_1_keep": lambda sp: tf.sparse.reduce_sum(sp, axis=1, keepdims=True),
    "reduce_sum_sparse": lambda sp: tf.sparse.reduce_sum(sp, axis=1, output_is_sparse=True),
    "reduce_max_1": lambda sp: tf.sparse.reduce_max(sp, axis=1),
    "reorder": lambda sp: tf.sparse.reorder(tf.sparse.transpose(sp)),
    "transpose": lambda sp: tf.sparse.transpose(sp),
    "expand_dims": lambda sp: tf.sparse.expand_dims(sp, 1),
    "reshape": lambda sp: tf.sparse.reshape(sp, [-1]),
    "slice": lambda sp: tf.sparse.slice(sp, [1, 0], [2, 3]),
    "split": lambda sp: tf.sparse.split(sp_input=sp, num_split=2, axis=0),
    "concat": lambda sp: tf.sparse.concat(1, [sp, sp]),
    "fill_empty_rows": lambda sp: tf.sparse.fill_empty_rows(sp, -3.0),
    "add_self": lambda sp: tf.sparse.add(sp, tf.sparse.map_values(tf.negative, sp),
                                         threshold=0.5),
    "add_dense": lambda sp: tf.sparse.add(sp, tf.ones(tf.cast(sp.dense_shape, tf.int32))),
    "maximum": lambda sp: tf.sparse.maximum(sp, tf.sparse.reset_shape(
        S([[0, 0]], [3.0], [1, 1]), sp.dense_shape)),
    "mul_dense": lambda sp: sp * tf.fill(tf.cast(sp.dense_shape, tf.int32), 2.0),
    "softmax": lambda sp: tf.sparse.softmax(sp),
    "retain": lambda sp: tf.sparse.retain(sp, sp.values > 1.5),
    "reset_shape": lambda sp: tf.sparse.reset_shape(sp),
    "to_indicator": lambda sp: tf.sparse.to_indicator(sp.with_values(
        tf.cast(sp.values, tf.int64) % 3), 3),
    "matmul": lambda sp: tf.sparse.sparse_dense_matmul(sp, tf.ones(tf.stack(
        [tf.cast(sp.dense_shape[1], tf.int32), 2]))),
    "matmul_adjoint": lambda sp: tf.sparse.sparse_dense_matmul(
        sp, tf.ones(tf.stack([tf.cast(sp.dense_shape[0], tf.int32), 2])), adjoint_a=True),
    "from_dense_roundtrip": lambda sp: tf.sparse.from_dense(tf.sparse.to_dense(sp) * 2.0),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_traced_sparse_op_reads_its_inputs_when_the_graph_runs(name):
    op = OPS[name]
    traced = tf.function(lambda i, v, s: op(S(i, v, s)), input_signature=SIG)
    for inputs in INPUTS:
        args = _arrays(inputs)
        assert _plain(traced(*args)) == _plain(op(S(*args))), inputs
    assert traced.experimental_get_tracing_count() == 1


def test_to_dense_in_a_function_is_not_baked_at_trace_time():
    @tf.function
    def dense(i, v, s):
        return tf.sparse.to_dense(S(i, v, s))

    first = dense(*_arrays(INPUTS[1]))
    again = dense(*_arrays(([[0, 1], [0, 2], [1, 0], [3, 4]], [9.0, 8.0, 7.0, 6.0], [4, 5])))
    assert dense.experimental_get_tracing_count() == 1
    assert first.numpy()[1, 2] == -1.0
    assert again.numpy()[0, 1] == 9.0 and again.numpy()[3, 4] == 6.0
    assert again.numpy().sum() == 30.0 and again.numpy()[1, 2] == 0.0


def test_to_dense_validates_indices_when_the_graph_runs():
    dense = tf.function(lambda i, v, s: tf.sparse.to_dense(S(i, v, s)), input_signature=SIG)
    dense(*_arrays(INPUTS[0]))
    with pytest.raises(errors.InvalidArgumentError, match="is out of order"):
        dense(*_arrays(([[2, 3], [0, 1]], [1.0, 2.0], [3, 4])))
    with pytest.raises(errors.InvalidArgumentError, match="out of bounds"):
        dense(*_arrays(([[0, 1], [5, 1]], [1.0, 2.0], [3, 4])))


def test_runtime_shape_checks_of_sparse_ops():
    add = tf.function(lambda i, v, s, s2: tf.sparse.add(S(i, v, s), S(i, v, s2)),
                      input_signature=SIG + [tf.TensorSpec([2], tf.int64)])
    i, v, s = _arrays(INPUTS[0])
    assert _plain(add(i, v, s, s)) == _plain(tf.sparse.add(S(i, v, s), S(i, v, s)))
    with pytest.raises(errors.InvalidArgumentError):
        add(i, v, s, tf.constant([3, 5], tf.int64))


def test_gradients_through_traced_sparse_ops():
    @tf.function(input_signature=SIG)
    def grads(i, v, s):
        with tf.GradientTape() as tape:
            tape.watch(v)
            sp = S(i, v, s)
            loss = (tf.reduce_sum(tf.sparse.to_dense(sp) ** 2)
                    + tf.reduce_sum(tf.sparse.reduce_sum(sp, axis=1) * 3.0))
        return tape.gradient(loss, v)

    for inputs in INPUTS[:3]:
        args = _arrays(inputs)
        np.testing.assert_allclose(grads(*args).numpy(), 2 * args[1].numpy() + 3.0)


def test_sparse_tensor_shape_is_static():
    assert S([[0, 1]], [1.0], [3, 4]).shape.as_list() == [3, 4]
    seen = []

    @tf.function(input_signature=SIG)
    def f(i, v, s):
        sp = S(i, v, s)
        seen.append(sp.shape.as_list())
        return tf.sparse.to_dense(sp)

    f(*_arrays(INPUTS[0]))
    assert seen == [[None, None]]

    @tf.function(input_signature=SIG[:2])
    def g(i, v):
        sp = S(i, v, [3, 4])  # a dense shape known while tracing stays static
        seen.append(sp.shape.as_list())
        return tf.sparse.to_dense(sp)

    assert g(*_arrays(INPUTS[0])[:2]).shape == (3, 4)
    assert seen[-1] == [3, 4]


def test_keras_layer_builds_from_a_traced_sparse_input():
    class Densify(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.built_with = tuple(input_shape)
            self.scale = self.add_weight(shape=(), initializer="ones")

        def call(self, sp):
            return tf.sparse.to_dense(sp) * self.scale

    layer = Densify()

    @tf.function(input_signature=SIG)
    def f(i, v, s):
        return layer(S(i, v, s))

    for inputs in INPUTS[:2]:
        args = _arrays(inputs)
        np.testing.assert_array_equal(f(*args).numpy(), tf.sparse.to_dense(S(*args)).numpy())
    assert layer.built_with == (None, None)


def _example(values) -> bytes:
    feature = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Example(features=tf.train.Features(feature={"v": feature})).SerializeToString()


def test_saved_model_parsing_var_len_features_reads_its_input(tmp_path):
    class Serving(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def serve(self, serialized):
            parsed = tf.io.parse_example(serialized, {"v": tf.io.VarLenFeature(tf.int64)})
            return tf.sparse.to_dense(parsed["v"])

    module = Serving()
    assert module.serve(tf.constant([_example([1, 2]), _example([3])])).numpy().tolist() == [
        [1, 2], [3, 0]]
    tf.saved_model.save(module, str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    batch = tf.constant([_example([5]), _example([6, 7, 8]), _example([])])
    assert loaded.serve(batch).numpy().tolist() == [[5, 0, 0], [6, 7, 8], [0, 0, 0]]
