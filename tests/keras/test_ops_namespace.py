"""``tf.keras.ops``: the namespace, NumPy agreement of the wrappers, Keras' dtype rules,
gradients, graph mode (unknown batch dims) and use inside Keras models trained with fit."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient

ops = tf.keras.ops
RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 4)).astype(np.float32)
Y = RNG.standard_normal((3, 4)).astype(np.float32)
POS = (np.abs(X) + 0.5).astype(np.float32)
UNIT = np.clip(X / 4.0, -0.9, 0.9).astype(np.float32)


def close(actual, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=rtol, atol=atol)


# --- namespace ---------------------------------------------------------------------------------
COMMON = ["matmul", "mean", "softmax", "convert_to_tensor", "cast", "shape", "where", "cond",
          "stop_gradient", "one_hot", "log_softmax", "sparse_categorical_crossentropy", "top_k",
          "in_top_k", "logsumexp", "erf", "segment_sum", "fori_loop", "scan", "slice_update",
          "scatter", "take_along_axis", "concatenate", "arange", "clip", "var", "std", "argmax",
          "sum", "convert_to_numpy", "is_tensor", "dtype", "while_loop", "switch",
          "custom_gradient", "scatter_update", "slice", "unstack", "norm", "solve", "einsum"]


@pytest.mark.parametrize("name", COMMON)
def test_common_names_resolve(name):
    assert callable(getattr(ops, name))


def test_submodules():
    assert ops.nn.softmax is ops.softmax
    assert ops.numpy.matmul is ops.matmul
    assert ops.linalg.inv is ops.inv
    assert ops.math.top_k is ops.top_k
    assert ops.core.scan is ops.scan
    assert callable(ops.image.resize)
    assert tf.keras.ops is ops


# --- elementwise against NumPy -----------------------------------------------------------------
UNARY = [("sin", np.sin, X), ("cos", np.cos, X), ("tan", np.tan, UNIT), ("tanh", np.tanh, X),
         ("arcsin", np.arcsin, UNIT), ("arctan", np.arctan, X), ("arctanh", np.arctanh, UNIT),
         ("exp", np.exp, X), ("expm1", np.expm1, X), ("log", np.log, POS),
         ("log1p", np.log1p, POS), ("log2", np.log2, POS), ("log10", np.log10, POS),
         ("sqrt", np.sqrt, POS), ("exp2", np.exp2, X), ("cbrt", np.cbrt, X),
         ("abs", np.abs, X), ("negative", np.negative, X), ("square", np.square, X),
         ("sign", np.sign, X), ("floor", np.floor, X * 3), ("ceil", np.ceil, X * 3),
         ("trunc", np.trunc, X * 3), ("reciprocal", np.reciprocal, POS),
         ("sinc", np.sinc, X), ("deg2rad", np.deg2rad, X), ("rad2deg", np.rad2deg, X),
         ("signbit", np.signbit, X), ("isfinite", np.isfinite, X), ("round", np.round, X * 3)]


@pytest.mark.parametrize("name,ref,x", UNARY, ids=[u[0] for u in UNARY])
def test_unary_matches_numpy(name, ref, x):
    out = getattr(ops, name)(tf.constant(x))
    close(out, ref(x), rtol=1e-5)


BINARY = [("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply),
          ("divide", np.divide), ("maximum", np.maximum), ("minimum", np.minimum),
          ("arctan2", np.arctan2), ("hypot", np.hypot), ("logaddexp", np.logaddexp),
          ("power", lambda a, b: np.power(np.abs(a), b)), ("greater", np.greater),
          ("less_equal", np.less_equal), ("equal", np.equal), ("mod", np.mod),
          ("fmod", np.fmod), ("floor_divide", np.floor_divide)]


@pytest.mark.parametrize("name,ref", BINARY, ids=[b[0] for b in BINARY])
def test_binary_matches_numpy_with_broadcasting(name, ref):
    a, b = X, Y[:1] + 1.5
    if name == "power":
        a = np.abs(a)
    close(getattr(ops, name)(tf.constant(a), tf.constant(b)), ref(a, b), rtol=1e-5)


@pytest.mark.parametrize("a,b,dtype", [
    ("int32", 1.5, "float32"), ("int32", 2, "int32"), ("float16", 2.5, "float16"),
    ("int8", "uint8", "int16"), ("int64", "float32", "float32"), ("bool", "int32", "int32"),
    ("uint8", 3, "uint8"), ("float16", "int32", "float16"), ("int32", "float64", "float64")])
def test_add_follows_keras_promotion(a, b, dtype):
    x = tf.ones([2], a)
    y = b if not isinstance(b, str) else tf.ones([2], b)
    assert ops.add(x, y).dtype.name == dtype
    assert ops.add(y, x).dtype.name == dtype


def test_result_type_lattice():
    from fluxion.keras.ops._common import result_type
    assert result_type("int32", float) == "float32"
    assert result_type(int) == "int32"
    assert result_type(float, int) == "float32"
    assert result_type("uint32", "int32") == "int64"
    assert result_type("uint64") == "uint32"
    assert result_type("float16", "bfloat16") == "float32"
    assert result_type() == "float32"
    assert result_type("bool", "bool") == "bool"


# --- reductions ----------------------------------------------------------------------------------
REDUCE = [("sum", np.sum), ("mean", np.mean), ("max", np.max), ("min", np.min),
          ("prod", np.prod), ("var", np.var), ("std", np.std), ("argmax", np.argmax),
          ("argmin", np.argmin), ("median", np.median), ("ptp", np.ptp),
          ("logsumexp", lambda x, axis=None, keepdims=False: np.log(np.sum(
              np.exp(x), axis=axis, keepdims=keepdims)))]


@pytest.mark.parametrize("name,ref", REDUCE, ids=[r[0] for r in REDUCE])
@pytest.mark.parametrize("axis", [None, 0, -1])
def test_reductions_match_numpy(name, ref, axis):
    fn = getattr(ops, name)
    close(fn(tf.constant(X), axis=axis), ref(X, axis=axis), rtol=1e-5)
    if name not in ("argmax", "argmin") or axis is not None:
        close(fn(tf.constant(X), axis=axis, keepdims=True), ref(X, axis=axis, keepdims=True),
              rtol=1e-5)


@pytest.mark.parametrize("q,method", [(0.3, "linear"), (0.5, "lower"), (0.7, "higher"),
                                      (0.45, "nearest"), (0.5, "midpoint"), ([0.1, 0.9], "linear")])
def test_quantile_matches_numpy(q, method):
    close(ops.quantile(tf.constant(X), q, axis=1, method=method),
          np.quantile(X, q, axis=1, method=method), rtol=1e-5)


def test_cumulative_and_sorting():
    close(ops.cumsum(tf.constant(X), axis=1), np.cumsum(X, axis=1))
    close(ops.cumprod(tf.constant(X)), np.cumprod(X), rtol=1e-4)
    close(ops.sort(tf.constant(X), axis=0), np.sort(X, axis=0))
    np.testing.assert_array_equal(ops.argsort(tf.constant([3, 1, 3, 1, 2])),
                                  np.argsort([3, 1, 3, 1, 2], kind="stable"))


# --- array ops ----------------------------------------------------------------------------------
def test_array_ops_match_numpy():
    t = tf.constant(X)
    close(ops.transpose(t), X.T)
    close(ops.reshape(t, (2, -1)), X.reshape(2, -1))
    close(ops.concatenate([t, t], axis=-1), np.concatenate([X, X], -1))
    close(ops.stack([t, t], axis=1), np.stack([X, X], 1))
    close(ops.tile(t, (2, 1)), np.tile(X, (2, 1)))
    close(ops.repeat(t, 2, axis=1), np.repeat(X, 2, axis=1))
    close(ops.flip(t, 0), np.flip(X, 0))
    close(ops.roll(t, 3), np.roll(X, 3))
    close(ops.pad(t, ((1, 2), (0, 1))), np.pad(X, ((1, 2), (0, 1))))
    close(ops.moveaxis(tf.ones((2, 3, 4)), [0, 1], [2, 0]).shape,
          np.moveaxis(np.ones((2, 3, 4)), [0, 1], [2, 0]).shape)
    close(ops.tril(t, -1), np.tril(X, -1))
    close(ops.triu(t, 1), np.triu(X, 1))
    close(ops.diagonal(t, 1), np.diagonal(X, 1))
    close(ops.trace(t), np.trace(X))
    close(ops.diff(t, n=2, axis=1), np.diff(X, n=2, axis=1))
    close(ops.rot90(t), np.rot90(X))
    close(ops.rot90(t, k=2), np.rot90(X, k=2))
    close(ops.rot90(t, k=3), np.rot90(X, k=3))
    close(ops.where(t > 0, t, 0.0), np.where(X > 0, X, 0.0))
    close(ops.clip(t, -0.5, 0.5), np.clip(X, -0.5, 0.5))
    close(ops.linspace(0.0, 1.0, 7, endpoint=False), np.linspace(0, 1, 7, endpoint=False))
    close(ops.eye(3, 5, k=2), np.eye(3, 5, k=2))


def test_indexing_ops_match_numpy():
    t = tf.constant(X)
    idx = np.array([[0, 3], [2, 1], [1, 1]])
    close(ops.take_along_axis(t, tf.constant(idx), axis=1), np.take_along_axis(X, idx, 1))
    close(ops.take(t, tf.constant([2, -1]), axis=1), np.take(X, [2, -1], axis=1))
    close(ops.take(t, [[0, 5]]), np.take(X, [[0, 5]]))
    np.testing.assert_array_equal(ops.searchsorted(tf.constant([1, 3, 5]), tf.constant(
        [[0, 3], [4, 9]]), side="right"), np.searchsorted([1, 3, 5], [[0, 3], [4, 9]], "right"))
    nz = ops.nonzero(tf.constant([[1, 0], [2, 3]]))
    for a, b in zip(nz, np.nonzero([[1, 0], [2, 3]])):
        np.testing.assert_array_equal(a, b)


def test_products_match_numpy():
    a, b = X, Y.T
    close(ops.matmul(tf.constant(a), tf.constant(b)), a @ b, rtol=1e-5)
    close(ops.dot(tf.constant(a), tf.constant(b)), a.dot(b), rtol=1e-5)
    close(ops.tensordot(tf.constant(a), tf.constant(Y), axes=([1], [1])),
          np.tensordot(a, Y, ([1], [1])), rtol=1e-5)
    close(ops.einsum("ij,kj->ik", tf.constant(a), tf.constant(Y)),
          np.einsum("ij,kj->ik", a, Y), rtol=1e-5)
    close(ops.outer(tf.constant(a[0]), tf.constant(b[0])), np.outer(a[0], b[0]))
    close(ops.inner(tf.constant(a), tf.constant(Y)), np.inner(a, Y), rtol=1e-5)
    close(ops.cross(tf.constant(a[:, :3]), tf.constant(Y[:, :3])),
          np.cross(a[:, :3], Y[:, :3]), rtol=1e-5)
    assert ops.matmul(tf.ones((2, 2), "int8"), tf.ones((2, 2), "int8")).dtype == tf.int32


# --- linalg -------------------------------------------------------------------------------------
def test_linalg_matches_numpy():
    a = X[:3, :3] @ X[:3, :3].T + 3 * np.eye(3, dtype=np.float32)
    t = tf.constant(a)
    close(ops.inv(t), np.linalg.inv(a), rtol=1e-4)
    close(ops.det(t), np.linalg.det(a), rtol=1e-4)
    close(ops.cholesky(t), np.linalg.cholesky(a), rtol=1e-4)
    close(ops.solve(t, tf.constant(X[:3])), np.linalg.solve(a, X[:3]), rtol=1e-4, atol=1e-5)
    close(ops.pinv(tf.constant(X)), np.linalg.pinv(X), rtol=1e-3, atol=1e-5)
    close(ops.lstsq(tf.constant(X.T), tf.constant(Y[0])),
          np.linalg.lstsq(X.T, Y[0], rcond=None)[0], rtol=1e-3, atol=1e-5)
    for order, axis in [(None, None), (1, 0), (np.inf, 1), (3, -1), ("fro", None),
                        (1, (0, 1)), (-np.inf, (1, 0))]:
        close(ops.norm(tf.constant(X), ord=order, axis=axis),
              np.linalg.norm(X, ord=order, axis=axis), rtol=1e-5)


# --- core --------------------------------------------------------------------------------------
def test_shape_is_a_tuple_and_dynamic_in_graphs():
    assert ops.shape(tf.ones((2, 3))) == (2, 3)
    seen = []

    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def f(x):
        shape = ops.shape(x)
        seen.append(shape)
        return ops.reshape(x, (shape[0] * 3,))

    concrete = f.get_concrete_function()
    assert concrete(tf.ones((4, 3))).shape == (12,)
    assert concrete(tf.ones((2, 3))).shape == (6,)
    assert isinstance(seen[0], tuple) and seen[0][1] == 3 and tf.is_tensor(seen[0][0])


def test_scan_and_fori_loop():
    carry, ys = ops.scan(lambda c, x: (c + x, c), tf.constant(0.0), tf.constant([1.0, 2, 3]))
    close(carry, 6.0)
    close(ys, [0.0, 1.0, 3.0])
    close(ops.fori_loop(0, 5, lambda i, v: v * 2, tf.constant(1)), 32)


def test_slice_update_scatter_and_gradients():
    base = np.zeros((3, 4), np.float32)
    out = ops.slice_update(tf.constant(base), (1, 1), tf.ones((2, 2)))
    expected = base.copy()
    expected[1:3, 1:3] = 1
    close(out, expected)
    close(ops.scatter(tf.constant([[1], [1]]), tf.constant([2.0, 3.0]), (3,)), [0, 5, 0])
    check_gradient(lambda a, u: ops.slice_update(a, (0, 1), u),
                   [RNG.standard_normal((2, 3)), RNG.standard_normal((1, 2))])


@pytest.mark.parametrize("fn", [
    lambda x: ops.logsumexp(x, axis=1), lambda x: ops.softmax(x), lambda x: ops.var(x, axis=0),
    lambda x: ops.std(x), lambda x: ops.norm(x, axis=1), lambda x: ops.log_softmax(x, axis=0),
    lambda x: ops.layer_normalization(x), lambda x: ops.logaddexp(x, x * 0.5),
    lambda x: ops.hypot(x, x + 1.0), lambda x: ops.take_along_axis(
        x, tf.constant([[1], [0], [3]]), axis=1), lambda x: ops.median(x, axis=1),
    lambda x: ops.normalize(x), lambda x: ops.cbrt(x + 3.0)])
def test_gradients(fn):
    check_gradient(fn, [RNG.standard_normal((3, 4))], rtol=1e-4, atol=1e-6)


def test_custom_gradient():
    @ops.custom_gradient
    def clipped(x):
        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return ops.clip(upstream, -0.1, 0.1)
        return x * 1.0, grad

    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(clipped(x) * 5.0)
    close(tape.gradient(y, x), [0.1, 0.1])


# --- graph mode ---------------------------------------------------------------------------------
GRAPH_CASES = {
    "softmax_mean": lambda x: ops.mean(ops.softmax(x), axis=-1),
    "argmax_cast": lambda x: ops.cast(ops.argmax(x, axis=-1), "float32"),
    "where_clip": lambda x: ops.where(x > 0, ops.clip(x, 0, 1), ops.exp(x)),
    "top_k": lambda x: ops.top_k(x, 2)[0],
    "take_along": lambda x: ops.take_along_axis(x, ops.argsort(x, axis=-1), axis=-1),
    "concat_stack": lambda x: ops.concatenate([x, ops.square(x)], axis=-1),
    "norm": lambda x: ops.norm(x, axis=-1, keepdims=True),
    "expand_squeeze": lambda x: ops.squeeze(ops.expand_dims(x, 1), 1),
    "matmul": lambda x: ops.matmul(x, ops.transpose(x)),
    "one_hot_ce": lambda x: ops.sparse_categorical_crossentropy(
        ops.argmax(x, axis=-1), x, from_logits=True),
    "var_std": lambda x: ops.var(x, axis=0) + ops.std(x, axis=0),
    "cumsum": lambda x: ops.cumsum(x, axis=0),
    "max_initial": lambda x: ops.max(x, axis=0, initial=0.0),
    "pad": lambda x: ops.pad(x, ((0, 0), (1, 1))),
    "layer_norm": lambda x: ops.layer_normalization(x),
    "segment_sum": lambda x: ops.segment_sum(x, ops.zeros((ops.shape(x)[0],), "int32"),
                                             num_segments=1),
    "cond": lambda x: ops.cond(ops.sum(x) > 0, lambda: x * 2.0, lambda: -x),
    "fori": lambda x: ops.fori_loop(0, 3, lambda i, v: v + ops.cast(i, v.dtype), x),
    "tril_triu": lambda x: ops.tril(x) + ops.triu(x, 2),
    "quantile": lambda x: ops.quantile(x, [0.2, 0.7], axis=0),
    "median_rows": lambda x: ops.median(x, axis=1, keepdims=True),
    "diff": lambda x: ops.diff(x, axis=0),
    "split": lambda x: ops.split(x, [1], axis=0)[1],
    "scan": lambda x: ops.scan(lambda c, r: (c + r, c * r), ops.zeros((4,)), x)[1],
    "map": lambda x: ops.map(lambda r: ops.sum(r) * r, x),
    "take_along_bcast": lambda x: ops.take_along_axis(x, ops.zeros((1, 2), "int32"), axis=1),
    "slice_update": lambda x: ops.slice_update(x, (0, 1), ops.ones((1, 2))),
    "dynamic_reshape": lambda x: ops.reshape(x, (ops.shape(x)[0] * 2, 2)),
}


@pytest.mark.parametrize("name", sorted(GRAPH_CASES))
def test_graph_mode_with_unknown_batch(name):
    fn = GRAPH_CASES[name]
    graph_fn = tf.function(fn, input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    concrete = graph_fn.get_concrete_function()
    for batch in (X, np.concatenate([X, Y])):  # the graph serves every batch size
        close(concrete(tf.constant(batch)), fn(tf.constant(batch)), rtol=1e-5)


# --- Keras models ------------------------------------------------------------------------------
class OpsDense(tf.keras.layers.Layer):
    """A custom Keras 3 layer written with keras.ops only."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, x):
        h = ops.add(ops.matmul(x, self.w), self.b)
        return ops.where(h > 0, h, ops.multiply(h, 0.1))


def test_custom_layer_with_ops_trains_with_fit():
    tf.keras.utils.set_random_seed(1)
    x = RNG.standard_normal((64, 4)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int32)
    model = tf.keras.Sequential([tf.keras.Input((4,)), OpsDense(8), OpsDense(2)])

    def loss(y_true, y_pred):
        return ops.mean(ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=True))

    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss=loss)
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    assert model.predict(x, verbose=0).shape == (64, 2)


def test_ops_on_functional_keras_tensors():
    inputs = tf.keras.Input((4,))
    mixed = ops.concatenate([inputs, ops.square(inputs)], axis=-1)
    out = ops.mean(mixed, axis=-1, keepdims=True)
    assert out.shape == (None, 1)
    assert ops.shape(inputs) == (None, 4)
    assert ops.dtype(inputs) == "float32"
    model = tf.keras.Model(inputs, out)
    expected = np.mean(np.concatenate([X, X * X], -1), -1, keepdims=True)
    close(model.predict(X, verbose=0), expected, rtol=1e-5)


# --- errors ------------------------------------------------------------------------------------
def test_errors():
    with pytest.raises(ValueError):
        ops.squeeze(tf.ones((1, 2)), axis=1)
    with pytest.raises(ValueError):
        ops.where(tf.constant([True]), 1)
    with pytest.raises(ValueError):
        ops.scan(lambda c, x: (c, x), 0)
    with pytest.raises(ValueError):
        ops.linspace(0, 1, -1)
    with pytest.raises(ValueError):
        ops.qr(tf.ones((2, 2)), mode="r")
    with pytest.raises(tf.errors.InvalidArgumentError):
        ops.max(tf.zeros([0]))
    with pytest.raises(ValueError):
        ops.image.resize(tf.ones((4, 4, 1)), (2, 2), interpolation="cubic")


def test_functional_ops_with_tuple_outputs_and_keyword_tensors():
    inputs = tf.keras.Input((5,))
    values, indices = ops.top_k(inputs, 2)
    kept = ops.where(x1=inputs, x2=ops.zeros_like(inputs), condition=ops.greater(inputs, 0))
    hot = ops.one_hot(ops.argmax(inputs, axis=-1), 5)
    model = tf.keras.Model(inputs, [values, indices, kept, hot])
    x = np.array([[1, -5, 3, 2, 0]], np.float32)
    got = model.predict(x, verbose=0)
    close(got[0], [[3, 2]])
    np.testing.assert_array_equal(got[1], [[2, 3]])
    close(got[2], [[1, 0, 3, 2, 0]])
    close(got[3], [[0, 0, 1, 0, 0]])


class OpsTrainStep(tf.keras.Model):
    """A Keras 3 style model whose train_step is written with keras.ops."""

    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(1)

    def call(self, x):
        return self.dense(x)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            pred = self(x, training=True)
            loss = ops.mean(ops.square(ops.subtract(pred, ops.expand_dims(y, -1))))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}


def test_custom_train_step_with_ops():
    tf.keras.utils.set_random_seed(2)
    x = RNG.standard_normal((64, 3)).astype(np.float32)
    y = x @ np.array([1.0, -2.0, 0.5], np.float32) + 0.3
    model = OpsTrainStep()
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1))
    history = model.fit(x, y, epochs=20, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.05 * history.history["loss"][0]


@pytest.mark.parametrize("name", ["mean", "softmax", "logsumexp", "norm", "relu", "argmax"])
def test_ops_passed_directly_to_function_and_dataset_map(name):
    fn = getattr(ops, name)
    concrete = tf.function(fn, input_signature=[tf.TensorSpec([None, 4])]).get_concrete_function()
    close(concrete(tf.constant(X)), fn(tf.constant(X)), rtol=1e-5)
    mapped = list(tf.data.Dataset.from_tensor_slices(X).map(fn).as_numpy_iterator())
    close(np.stack(mapped), np.stack([np.asarray(fn(tf.constant(r))) for r in X]), rtol=1e-5)
