"""Activation layers: ReLU, LeakyReLU, PReLU, ELU and Softmax against NumPy versions of Keras'
formulas (eagerly, inside fluxion.function and in functional models with a None batch dim),
PReLU's weight and gradients, Softmax's mask, configs and serialization, argument errors."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import fluxion as tf
from tests.keras.test_layers_common import (
    check_config_round_trip,
    check_modes,
    check_weight_gradients,
    rand,
)
from tests.opcheck import check_gradient

keras = tf.keras
L = keras.layers


# --- NumPy versions of the Keras formulas -----------------------------------------------------
def np_relu(x, max_value=None, negative_slope=0.0, threshold=0.0):
    """0 at or below threshold, x above, capped at max_value; below the threshold the slope
    adds negative_slope * (x - threshold)."""
    out = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        out = np.minimum(out, max_value)
    if negative_slope:
        out = out + negative_slope * np.minimum(x - threshold, 0.0)
    return out.astype(x.dtype)


def np_prelu(x, alpha):
    return np.where(x >= 0, x, alpha * x).astype(x.dtype)


def np_elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(x.dtype)


def inputs(shape, seed=0):
    """Normal values with some exact zeros and values at the thresholds used below."""
    x = rand(shape, seed=seed, scale=2.0)
    flat = x.reshape(-1)
    flat[::7] = 0.0
    flat[3::11] = 0.5
    flat[5::13] = 2.0
    return x


# --- ReLU -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [
    {}, {"max_value": 1.5}, {"max_value": 6.0}, {"max_value": 0.0}, {"negative_slope": 0.1},
    {"threshold": 0.5}, {"negative_slope": 0.25, "threshold": 1.0},
    {"max_value": 2.0, "negative_slope": 0.5, "threshold": 0.5},
    {"max_value": 1.0, "negative_slope": 0.2}, {"max_value": 3, "threshold": 1},
])
def test_relu_matches_the_keras_formula(kwargs):
    x = inputs((4, 6))
    check_modes(L.ReLU(**kwargs), x, np_relu(x, **kwargs))
    x3 = inputs((2, 3, 5), seed=1)
    check_modes(L.ReLU(**kwargs), x3, np_relu(x3, **kwargs))


def test_relu_keeps_integer_and_float64_inputs_of_a_float64_layer():
    ints = np.array([[-3, 0, 1, 2, 7]], np.int32)
    out = L.ReLU(max_value=2)(ints)
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), [[0, 0, 1, 2, 2]])
    x = inputs((3, 4)).astype(np.float64)
    out = L.ReLU(negative_slope=0.1, dtype="float64")(x)
    assert out.dtype == tf.float64
    np.testing.assert_allclose(out.numpy(), np_relu(x, negative_slope=0.1), rtol=1e-12)
    assert L.ReLU()(x).dtype == tf.float32  # float inputs take the layer's dtype


@pytest.mark.parametrize("kwargs,message", [
    ({"max_value": -1.0}, "max_value"), ({"negative_slope": -0.1}, "negative_slope"),
    ({"negative_slope": None}, "negative_slope"), ({"threshold": -2.0}, "threshold"),
    ({"threshold": None}, "threshold"), ({"slope": 1.0}, "slope"),
])
def test_relu_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        L.ReLU(**kwargs)


# --- LeakyReLU and ELU ------------------------------------------------------------------------
@pytest.mark.parametrize("slope", [0.3, 0.0, 0.05, 1.5])
def test_leaky_relu_matches_the_formula(slope):
    x = inputs((3, 7))
    layer = L.LeakyReLU() if slope == 0.3 else L.LeakyReLU(negative_slope=slope)
    check_modes(layer, x, np.where(x >= 0, x, slope * x).astype(np.float32))


def test_leaky_relu_takes_the_deprecated_alpha_with_a_warning():
    with pytest.warns(UserWarning, match="Argument `alpha` is deprecated"):
        layer = L.LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    config = layer.get_config()
    assert config["negative_slope"] == 0.1 and "alpha" not in config
    with pytest.warns(UserWarning):
        old = L.LeakyReLU.from_config({"alpha": 0.2, "name": "old_leaky"})
    np.testing.assert_allclose(old(np.array([-1.0, 2.0], np.float32)).numpy(), [-0.2, 2.0])
    with pytest.raises(ValueError, match="negative_slope"):
        L.LeakyReLU(-0.3)
    with pytest.raises(ValueError, match="negative_slope"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        L.LeakyReLU(alpha=None)


@pytest.mark.parametrize("alpha", [1.0, 0.3, 2])
def test_elu_matches_the_formula(alpha):
    x = inputs((3, 6))
    layer = L.ELU() if alpha == 1.0 else L.ELU(alpha=alpha)
    check_modes(layer, x, np_elu(x, alpha), rtol=1e-5)
    assert layer.get_config()["alpha"] == alpha


def test_elu_and_leaky_relu_gradients():
    x = rand((3, 4), seed=3)
    check_gradient(lambda t: L.ELU(0.7, dtype="float64")(t), [x])
    check_gradient(lambda t: L.LeakyReLU(0.2, dtype="float64")(t), [x])
    check_gradient(lambda t: L.ReLU(max_value=1.0, negative_slope=0.3, threshold=0.4,
                                    dtype="float64")(t), [x])


# --- PReLU ------------------------------------------------------------------------------------
def test_prelu_weight_follows_keras_shape_rule():
    layer = L.PReLU()
    assert not layer.built and layer.weights == []
    layer(np.zeros((2, 3, 4), np.float32))
    assert layer.built and [w.name for w in layer.weights] == ["alpha"]
    assert layer.alpha.shape == (3, 4) and np.all(layer.alpha.numpy() == 0)
    assert layer.count_params() == 12 and len(layer.trainable_weights) == 1
    # Keras sets alpha's dim `axis - 1` to 1, so -1 shares the second-to-last axis
    for shared, shape in [(1, (1, 4, 5)), ([1, 2], (1, 1, 5)), ((1, 3), (1, 4, 1)),
                          ([-1], (3, 1, 5)), (None, (3, 4, 5))]:
        layer = L.PReLU(shared_axes=shared)
        layer(np.zeros((2, 3, 4, 5), np.float32))
        assert tuple(layer.alpha.shape.as_list()) == shape, (shared, layer.alpha.shape)
    assert L.PReLU(shared_axes=2).shared_axes == [2]
    assert L.PReLU(shared_axes=(1, 2)).shared_axes == [1, 2]


@pytest.mark.parametrize("shared_axes,shape", [(None, (3, 5)), (None, (2, 3, 4)),
                                               ([1], (2, 3, 4)), ([1, 2], (2, 3, 2, 3))])
def test_prelu_matches_the_formula(shared_axes, shape):
    x = inputs(shape)
    layer = L.PReLU(shared_axes=shared_axes)
    layer(x)
    alpha = (np.cos(np.arange(layer.alpha.shape.num_elements())) * 0.7).astype(np.float32)
    alpha = alpha.reshape(layer.alpha.shape.as_list())
    layer.set_weights([alpha])
    check_modes(layer, x, np_prelu(x, alpha))


def test_prelu_initializer_and_shared_axes_with_unknown_dims():
    layer = L.PReLU(alpha_initializer=keras.initializers.Constant(0.25), shared_axes=[1, 2])
    symbolic = keras.Input((None, None, 3))
    out = layer(symbolic)
    assert out.shape == (None, None, None, 3) and layer.alpha.shape == (1, 1, 3)
    model = keras.Model(symbolic, out)
    for shape in [(2, 4, 5, 3), (1, 2, 2, 3)]:  # shared axes may change size between calls
        x = inputs(shape)
        np.testing.assert_allclose(model(x).numpy(), np_prelu(x, 0.25), rtol=1e-6)
        np.testing.assert_allclose(layer(x).numpy(), np_prelu(x, 0.25), rtol=1e-6)


def test_prelu_checks_its_input_like_keras_input_spec():
    layer = L.PReLU(shared_axes=[1])
    layer(np.zeros((2, 3, 4), np.float32))
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        layer(np.zeros((2, 12), np.float32))
    with pytest.raises(ValueError, match="expected axis 2 of input shape to have value 4"):
        layer(np.zeros((2, 3, 5), np.float32))
    layer(np.zeros((2, 7, 4), np.float32))  # the shared axis may differ
    unshared = L.PReLU()
    unshared(np.zeros((2, 3, 4), np.float32))
    with pytest.raises(tf.errors.InvalidArgumentError):  # alpha does not broadcast (as TF)
        unshared(np.zeros((2, 3, 5), np.float32))
    with pytest.raises(ValueError, match="fully-defined"):
        L.PReLU()(keras.Input((None, 3)))


def test_prelu_gradients_against_finite_differences():
    x = rand((2, 3, 4), seed=5, dtype=np.float64)
    alpha = np.array([[0.1, -0.2, 0.3, 0.4]])
    layer = L.PReLU(shared_axes=[1], dtype="float64")
    layer(x)
    layer.set_weights([alpha])
    check_gradient(lambda t: layer(t), [x])  # the input, against float64 differences
    check_weight_gradients(layer, x)  # the input and alpha, against float64 differences
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(layer(tf.constant(x)))
    grad = tape.gradient(total, layer.alpha).numpy()  # d/d alpha = sum of min(x, 0)
    np.testing.assert_allclose(grad, np.minimum(x, 0).sum(axis=(0, 1), keepdims=True)[0],
                               rtol=1e-12)


def test_prelu_gradients_inside_a_function():
    x = tf.constant(rand((4, 3), seed=2, dtype=np.float64))
    layer = L.PReLU(alpha_initializer="ones", dtype="float64")
    layer(x)

    @tf.function
    def step(t):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(layer(t)))
        return tape.gradient(loss, layer.alpha)

    grad = step(x).numpy()
    xv = x.numpy()
    np.testing.assert_allclose(grad, (2 * np.minimum(xv, 0) ** 2).sum(0), rtol=1e-12)


def test_prelu_regularizer_constraint_and_training():
    layer = L.PReLU(alpha_initializer=keras.initializers.Constant(0.5),
                    alpha_regularizer=keras.regularizers.L2(0.1), alpha_constraint="non_neg")
    layer(np.ones((2, 4), np.float32))
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(layer.losses[0]), 0.1 * 4 * 0.25, rtol=1e-6)
    model = keras.Sequential([keras.Input((3,)), L.PReLU(alpha_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    x = -np.abs(rand((16, 3), seed=4)) - 0.1
    history = model.fit(x, 0.5 * x, epochs=5, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert np.all(model.layers[0].alpha.numpy() > 0.1)  # alpha learns towards the slope 0.5


# --- Softmax ----------------------------------------------------------------------------------
@pytest.mark.parametrize("axis,shape", [(-1, (2, 5)), (1, (2, 3, 4)), (0, (3, 4)),
                                        ([1], (2, 3, 4)), ([1, 2], (2, 3, 4)),
                                        ((-1, -2), (2, 3, 4))])
def test_softmax_matches_the_formula(axis, shape):
    x = inputs(shape)
    want_axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    layer = L.Softmax() if axis == -1 else L.Softmax(axis=axis)
    if axis == 0:  # the batch axis: the functional check would normalise a None dim
        np.testing.assert_allclose(layer(x).numpy(), np_softmax(x, 0), rtol=1e-5)
        return
    check_modes(layer, x, np_softmax(x, want_axis))
    assert layer.get_config()["axis"] == axis


def test_softmax_axis_none_and_large_logits():
    x = inputs((2, 3))
    np.testing.assert_allclose(L.Softmax(axis=None)(x).numpy(), np_softmax(x, None),
                               rtol=1e-5)
    big = inputs((2, 4)) * 300
    out = L.Softmax()(big).numpy()
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, np_softmax(big), rtol=1e-5, atol=1e-7)


def np_masked_softmax(x, mask, axis=-1):
    mask = np.broadcast_to(mask, x.shape)
    filled = np.where(mask, x, -1e9)
    return np.where(mask, np_softmax(filled, axis), 0.0).astype(x.dtype)


@pytest.mark.parametrize("mask,shape", [
    (np.array([[True, False, True, True], [False, True, True, False]]), (2, 4)),
    (np.array([[1, 0, 1, 1], [0, 1, 2, 0]]), (2, 4)),
    (np.array([1, 0, 1, 1]), (2, 3, 4)),
    (np.array([[True], [False], [True]]), (2, 3, 4)),
    (np.array([[False, False, False], [True, False, True]]), (2, 3)),
])
def test_softmax_mask(mask, shape):
    x = inputs(shape)
    want = np_masked_softmax(x, mask.astype(bool))
    np.testing.assert_allclose(L.Softmax()(x, mask=mask).numpy(), want, rtol=1e-5, atol=1e-7)
    graph = tf.function(lambda t, m: L.Softmax()(t, mask=m))
    np.testing.assert_allclose(graph(tf.constant(x), tf.constant(mask)).numpy(), want,
                               rtol=1e-5, atol=1e-7)


def test_softmax_float_mask_keeps_entries_above_one_half_and_float16_fill():
    x = inputs((2, 4))
    mask = np.array([[0.3, 0.7, 1.0, 0.5], [0.6, 0.0, 0.9, 0.2]], np.float32)
    np.testing.assert_allclose(L.Softmax()(x, mask=mask).numpy(),
                               np_masked_softmax(x, mask > 0.5), rtol=1e-5, atol=1e-7)
    half = L.Softmax(dtype="float16")(x.astype(np.float16), mask=np.array([0, 0, 1, 1]))
    assert half.dtype == tf.float16  # -1e9 would overflow float16: Keras fills with -3e4
    assert np.all(np.isfinite(half.numpy()))
    np.testing.assert_allclose(half.numpy(), np_masked_softmax(x, np.array([0, 0, 1, 1]) > 0),
                               rtol=2e-3, atol=1e-3)


def test_softmax_mask_over_several_axes_and_errors():
    x = inputs((2, 3, 4))
    mask = np.array([1, 1, 0, 1]).astype(bool)
    out = L.Softmax(axis=[1, 2])(x, mask=mask).numpy()
    filled = np.where(mask, x, -1e9)
    e = np.exp(filled - filled.max(axis=(1, 2), keepdims=True))
    np.testing.assert_allclose(out, np.where(mask, e / e.sum((1, 2), keepdims=True), 0),
                               rtol=1e-5, atol=1e-7)
    with pytest.raises(ValueError, match="must not have more dimensions"):
        L.Softmax()(x, mask=np.ones((1, 2, 3, 4), bool))
    with pytest.raises(ValueError, match="Each mask dimension must be 1"):
        L.Softmax()(x, mask=np.ones((2, 3), bool))


def test_softmax_takes_the_mask_of_its_input():
    ids = keras.Input((3,), dtype="int32")
    embedded = L.Embedding(10, 3, mask_zero=True, embeddings_initializer="ones")(ids)
    model = keras.Model(ids, L.Softmax()(embedded))
    # Keras broadcasts the (batch, steps) mask against the trailing axes of the input
    np.testing.assert_allclose(model(np.array([[1, 0, 2]])).numpy(),
                               [[[0.5, 0.0, 0.5]] * 3], rtol=1e-6)


def test_softmax_gradients():
    x = rand((2, 3, 4), seed=6)
    check_gradient(lambda t: L.Softmax(dtype="float64")(t), [x])
    check_gradient(lambda t: L.Softmax(axis=[1, 2], dtype="float64")(t), [x])
    mask = tf.constant(np.array([1, 0, 1, 1], bool))
    check_gradient(lambda t: L.Softmax(dtype="float64")(t, mask=mask), [x])


# --- masks, configs and serialization ---------------------------------------------------------
def test_masks_pass_through_the_elementwise_layers():
    ids = keras.Input((4,), dtype="int32")
    embedded = L.Embedding(10, 3, mask_zero=True)(ids)
    outs = [L.GlobalAveragePooling1D()(layer(embedded))
            for layer in (L.ReLU(negative_slope=0.5), L.PReLU(alpha_initializer="ones"),
                          L.ELU(), L.LeakyReLU())]
    model = keras.Model(ids, outs)
    table = model.layers[1].get_weights()[0]
    tokens = np.array([[1, 0, 2, 0], [0, 4, 5, 9]])
    keep = tokens != 0
    funcs = [lambda v: np_relu(v, negative_slope=0.5), lambda v: v, np_elu,
             lambda v: np.where(v >= 0, v, 0.3 * v)]
    for got, fn in zip(model(tokens), funcs):
        vals = fn(table[tokens])
        want = (vals * keep[..., None]).sum(1) / keep.sum(1, keepdims=True)
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-7)


EXAMPLES = [
    (lambda: L.ReLU(), (2, 3)),
    (lambda: L.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.5), (2, 3)),
    (lambda: L.LeakyReLU(negative_slope=0.05), (2, 3)),
    (lambda: L.ELU(alpha=0.5), (2, 3)),
    (lambda: L.PReLU(), (2, 3)),
    (lambda: L.PReLU(alpha_initializer=keras.initializers.Constant(0.25),
                     alpha_regularizer="l2", alpha_constraint="non_neg", shared_axes=1),
     (2, 3, 4)),
    (lambda: L.Softmax(axis=[1, 2]), (2, 3, 4)),
    (lambda: L.Softmax(axis=1, dtype="float64"), (2, 3, 4)),
]


@pytest.mark.parametrize("make,shape", EXAMPLES, ids=[str(i) for i in range(len(EXAMPLES))])
def test_configs_round_trip(make, shape):
    layer = make()
    check_config_round_trip(layer)  # unbuilt (PReLU) or built at construction
    x = inputs(shape)
    layer(x)
    check_config_round_trip(layer, x)


def test_configs_hold_keras_keys_and_defaults():
    base = {"name", "trainable", "dtype"}
    assert L.ReLU().get_config().keys() == base | {"max_value", "negative_slope", "threshold"}
    assert L.ReLU().get_config()["max_value"] is None
    assert L.LeakyReLU().get_config()["negative_slope"] == 0.3
    assert L.ELU().get_config()["alpha"] == 1.0
    assert L.Softmax().get_config()["axis"] == -1
    prelu = L.PReLU().get_config()
    assert prelu["alpha_initializer"] == {"module": "keras.initializers", "class_name": "Zeros",
                                          "config": {}, "registered_name": None}
    assert prelu["alpha_regularizer"] is None and prelu["alpha_constraint"] is None
    assert prelu["shared_axes"] is None
    payload = json.loads(json.dumps(L.serialize(L.PReLU(shared_axes=(1, 2), name="p"))))
    assert payload["module"] == "keras.layers" and payload["class_name"] == "PReLU"
    assert payload["config"]["shared_axes"] == [1, 2]
    clone = L.deserialize(payload)
    assert isinstance(clone, L.PReLU) and clone.shared_axes == [1, 2] and clone.name == "p"
    elu = L.deserialize(L.serialize(L.ELU(alpha=0.25)))
    np.testing.assert_allclose(elu(np.array([-1.0], np.float32)).numpy(),
                               0.25 * np.expm1([-1.0]), rtol=1e-6)


def test_layer_attributes_and_names():
    layers = [L.ReLU(), L.LeakyReLU(), L.ELU(), L.PReLU(), L.Softmax()]
    assert [layer.supports_masking for layer in layers] == [True] * 5
    assert [layer.built for layer in layers] == [True, True, True, False, True]
    prefixes = ["re_lu", "leaky_re_lu", "elu", "p_re_lu", "softmax"]
    assert all(layer.name.startswith(p) for layer, p in zip(layers, prefixes))
    assert all(not layer._call_has_training for layer in layers)
    assert L.Softmax()._call_has_mask and not L.ReLU()._call_has_mask
    assert L.ReLU().compute_output_shape((None, 3)) == (None, 3)
    for name in ("ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"):
        assert name in L.__all__ and getattr(keras.layers, name).__name__ == name


def test_sequential_model_of_activation_layers():
    model = keras.Sequential([keras.Input((4,)), L.ReLU(max_value=1.0),
                              L.PReLU(alpha_initializer="ones"), L.LeakyReLU(0.5),
                              L.ELU(0.5), L.Softmax()])
    x = inputs((3, 4))
    want = np_softmax(np_elu(np.where(np_relu(x, 1.0) >= 0, np_relu(x, 1.0), 0), 0.5))
    np.testing.assert_allclose(model(x).numpy(), want, rtol=1e-5)
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-5)
