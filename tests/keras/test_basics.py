"""tf.keras activations, initializers, regularizers and constraints: Keras 3's formulas
written in NumPy, gradients by float64 finite differences, initializer statistics and fans,
configs and identifiers, errors, and graph mode."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras import activations as A
from fluxion.keras import backend
from fluxion.keras import constraints as C
from fluxion.keras import initializers as I
from fluxion.keras import regularizers as R
from fluxion.keras.utils import custom_object_scope, register_keras_serializable
from tests.opcheck import assert_close, check_gradient

RNG = np.random.default_rng(11)
EPS = 1e-7
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def _away(shape, kinks=(0.0,), lo=-4.0, hi=4.0, gap=0.05):
    """Random points at least `gap` away from each kink (for finite differences)."""
    x = RNG.uniform(lo, hi, shape)
    for k in kinks:
        near = np.abs(x - k) < gap
        x[near] = k + np.where(x[near] >= k, gap, -gap) * 2
    return x


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x):
    return np.logaddexp(0, x)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _erf(x):
    return np.vectorize(math.erf)(x)


def _keras_relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Keras' ReLU: values at or below `threshold` become 0, then the cap, then the slope."""
    out = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        out = np.clip(out, 0.0, max_value)
    return out - negative_slope * np.maximum(threshold - x, 0.0)


def _keras_sparsemax(x, axis=-1):
    """Keras 3.15's sparsemax, threshold included (sum of the cumulative sums in the support)."""
    ordered = -np.sort(-x, axis=axis)
    cumulative = np.cumsum(ordered, axis=axis)
    shape = [1] * x.ndim
    shape[axis] = -1
    ranks = np.arange(1, x.shape[axis] + 1).reshape(shape)
    support = ordered - (cumulative - 1) / ranks > 0
    k = support.sum(axis=axis, keepdims=True)
    tau = (np.where(support, cumulative, 0).sum(axis=axis, keepdims=True) - 1) / k
    return np.maximum(x - tau, 0)


def _glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a * _sigmoid(b)


# name, kwargs, NumPy formula, kinks (points where the derivative jumps)
ACTIVATIONS = [
    ("relu", {}, lambda x: np.maximum(x, 0), (0,)),
    ("relu", {"negative_slope": 0.1}, lambda x: np.where(x > 0, x, 0.1 * x), (0,)),
    ("relu", {"max_value": 2.5}, lambda x: np.clip(x, 0, 2.5), (0, 2.5)),
    ("relu", {"max_value": 6}, lambda x: np.clip(x, 0, 6), (0, 6)),
    ("relu", {"threshold": 1.0}, lambda x: np.where(x > 1, x, 0), (1,)),
    ("relu", {"negative_slope": 0.3, "max_value": 2.0, "threshold": 0.5},
     lambda x: _keras_relu(x, 0.3, 2.0, 0.5), (0.5, 2.0)),
    ("relu", {"negative_slope": 0.2, "threshold": -1.0},
     lambda x: _keras_relu(x, 0.2, None, -1.0), (-1.0,)),
    ("leaky_relu", {}, lambda x: np.where(x > 0, x, 0.2 * x), (0,)),
    ("leaky_relu", {"negative_slope": 0.5}, lambda x: np.where(x > 0, x, 0.5 * x), (0,)),
    ("relu6", {}, lambda x: np.clip(x, 0, 6), (0, 6)),
    ("sigmoid", {}, _sigmoid, ()),
    ("softplus", {}, _softplus, ()),
    ("softsign", {}, lambda x: x / (1 + np.abs(x)), ()),
    ("tanh", {}, np.tanh, ()),
    ("selu", {}, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)), (0,)),
    ("elu", {}, lambda x: np.where(x > 0, x, np.expm1(x)), ()),
    ("elu", {"alpha": 0.5}, lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)), (0,)),
    ("celu", {"alpha": 2.0}, lambda x: np.maximum(x, 0) + 2 * np.expm1(np.minimum(x, 0) / 2),
     ()),
    ("exponential", {}, np.exp, ()),
    ("gelu", {}, lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2))), ()),
    ("gelu", {"approximate": True},
     lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))), ()),
    ("hard_sigmoid", {}, lambda x: np.clip(x + 3, 0, 6) / 6, (-3, 3)),
    ("hard_silu", {}, lambda x: x * np.clip(x + 3, 0, 6) / 6, (-3, 3)),
    ("hard_swish", {}, lambda x: x * np.clip(x + 3, 0, 6) / 6, (-3, 3)),
    ("silu", {}, lambda x: x * _sigmoid(x), ()),
    ("swish", {}, lambda x: x * _sigmoid(x), ()),
    ("mish", {}, lambda x: x * np.tanh(_softplus(x)), ()),
    ("log_sigmoid", {}, lambda x: -_softplus(-x), ()),
    ("linear", {}, lambda x: x, ()),
    ("hard_tanh", {}, lambda x: np.clip(x, -1, 1), (-1, 1)),
    ("tanh_shrink", {}, lambda x: x - np.tanh(x), ()),
    ("squareplus", {}, lambda x: (x + np.sqrt(x * x + 4)) / 2, ()),
    ("squareplus", {"b": 1.5}, lambda x: (x + np.sqrt(x * x + 1.5)) / 2, ()),
    ("sparse_plus", {}, lambda x: np.where(x <= -1, 0, np.where(x < 1, (x + 1) ** 2 / 4, x)),
     (-1, 1)),
    ("sparse_sigmoid", {}, lambda x: np.clip((x + 1) / 2, 0, 1), (-1, 1)),
    ("soft_shrink", {}, lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0), (-0.5, 0.5)),
    ("soft_shrink", {"threshold": 1.5},
     lambda x: np.sign(x) * np.maximum(np.abs(x) - 1.5, 0), (-1.5, 1.5)),
    ("hard_shrink", {}, lambda x: np.where(np.abs(x) > 0.5, x, 0), (-0.5, 0.5)),
    ("threshold", {"threshold": 0.3, "default_value": -2.0},
     lambda x: np.where(x > 0.3, x, -2.0), (0.3,)),
    ("softmax", {}, _softmax, ()),
    ("softmax", {"axis": 0}, lambda x: _softmax(x, 0), ()),
    ("softmax", {"axis": (0, 2)}, lambda x: _softmax(x.transpose(1, 0, 2).reshape(
        x.shape[1], -1)).reshape(x.shape[1], x.shape[0], x.shape[2]).transpose(1, 0, 2), ()),
    ("softmax", {"axis": None}, lambda x: _softmax(x.reshape(-1)).reshape(x.shape), ()),
    ("log_softmax", {}, _log_softmax, ()),
    ("log_softmax", {"axis": 1}, lambda x: _log_softmax(x, 1), ()),
    ("log_softmax", {"axis": (-1, 0)}, lambda x: _log_softmax(x.transpose(1, 0, 2).reshape(
        x.shape[1], -1)).reshape(x.shape[1], x.shape[0], x.shape[2]).transpose(1, 0, 2), ()),
    ("log_softmax", {"axis": None}, lambda x: _log_softmax(x.reshape(-1)).reshape(x.shape),
     ()),
    ("glu", {}, _glu, ()),
    ("glu", {"axis": 1}, lambda x: _glu(x, 1), ()),
    ("sparsemax", {}, _keras_sparsemax, ()),
    ("sparsemax", {"axis": 0}, lambda x: _keras_sparsemax(x, 0), ()),
]
IDS = [f"{n}-{kw}" for n, kw, _, _ in ACTIVATIONS]


def _apply(name, kwargs, x):
    return getattr(A, name)(x, **kwargs)


@pytest.mark.parametrize("name,kwargs,ref,kinks", ACTIVATIONS, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activation_values(name, kwargs, ref, kinks, dtype):
    x = (RNG.standard_normal((3, 4, 6)) * 3).astype(dtype)
    out = _apply(name, kwargs, tf.constant(x))
    tol = 1e-5 if dtype == np.float32 else 1e-12
    assert_close(out, ref(x.astype(np.float64)).astype(dtype), rtol=tol * 10, atol=tol)


@pytest.mark.parametrize("name,kwargs,ref,kinks", ACTIVATIONS, ids=IDS)
def test_activation_gradients(name, kwargs, ref, kinks):
    if name == "sparsemax":  # piecewise linear: keep every pairwise gap and threshold clear
        x = np.array([[[0.3, 1.9, -0.7, 1.1, 0.05, -1.6]], [[2.2, 0.4, 0.9, -0.35, 1.45, 0.7]]])
    else:
        x = _away((2, 4, 4), kinks)
    check_gradient(lambda t: _apply(name, kwargs, t), [x], rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name,kwargs,ref,kinks", ACTIVATIONS[:12], ids=IDS[:12])
def test_activations_in_graph_mode_match_eager(name, kwargs, ref, kinks):
    x = RNG.standard_normal((5, 4)).astype(np.float32)
    traced = tf.function(lambda t: _apply(name, kwargs, t),
                         input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    assert_close(traced(x), _apply(name, kwargs, tf.constant(x)))


def test_activations_graph_mode_unknown_batch_for_axis_variants():
    x = RNG.standard_normal((3, 4)).astype(np.float32)
    fn = tf.function(lambda t: (A.softmax(t, axis=(0, 1)), A.sparsemax(t), A.glu(t),
                                A.log_softmax(t, axis=None)),
                     input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    outs = fn(x)
    assert_close(outs[0], _softmax(x.reshape(-1)).reshape(3, 4), rtol=1e-5)
    assert_close(outs[1], _keras_sparsemax(x).astype(np.float32), rtol=1e-5)
    assert_close(outs[2], _glu(x), rtol=1e-5)
    assert_close(outs[3], _log_softmax(x.reshape(-1)).reshape(3, 4), rtol=1e-5)


def test_relu_and_friends_on_integers_follow_keras_dtypes():
    x = tf.constant([-2, 0, 3, 9])
    assert_close(A.relu(x), np.array([0, 0, 3, 9], np.int32))
    assert_close(A.relu(x, max_value=4), np.array([0, 0, 3, 4], np.int32))
    assert_close(A.relu(x, max_value=1.5), np.array([0, 0, 1, 1], np.int32))
    assert_close(A.relu(x, threshold=1), np.array([0, 0, 3, 9], np.int32))
    assert_close(A.relu(x, negative_slope=0.5), np.array([-1, 0, 3, 9], np.float32))
    assert_close(A.tanh(x), np.tanh([-2, 0, 3, 9]).astype(np.float32))
    assert_close(A.exponential(x), np.exp([-2, 0, 3, 9]).astype(np.float32))
    assert_close(A.leaky_relu(x), np.array([-0.4, 0, 3, 9], np.float32))
    assert A.linear(x) is x
    with pytest.raises(TypeError):
        A.hard_sigmoid(x)


def test_activations_accept_lists_arrays_and_float16():
    assert_close(A.relu([1.0, -2.0], max_value=1.5), np.array([1.0, 0.0], np.float32))
    assert_close(A.sigmoid(np.array([0.0])), np.array([0.5]))
    half = A.hard_silu(tf.constant([-1.0, 2.0], tf.float16))
    assert_close(half, np.array([-1 / 3, 5 / 3], np.float16), rtol=1e-3)


def test_softmax_size_one_axis_warns_and_bad_axis_errors():
    with pytest.warns(UserWarning, match="axis has size 1"):
        out = A.softmax(tf.constant([[1.0, 2.0, 4.0]]), axis=-2)
    assert_close(out, np.ones((1, 3), np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A.softmax(tf.constant([[1.0, 2.0]]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        A.softmax(tf.constant([[1.0, 2.0]]), axis=2)


def test_glu_odd_axis_and_sparsemax_known_values():
    with pytest.raises(ValueError, match="divisible by 2"):
        A.glu(tf.constant([[1.0, 2.0, 3.0, 4.0]]), axis=0)
    # values recorded from Keras 3.15 (TF backend)
    out = A.sparsemax(tf.constant([[1.0, 2.0, 3.0, 4.0], [0.1, 0.2, 0.15, 0.0]]))
    assert_close(out, np.array([[0, 0, 0, 1], [0, 0.0875, 0.0375, 0]], np.float32), atol=1e-6)


def test_activation_on_keras_tensor_records_a_layer():
    inputs = tf.keras.Input((4,))
    out = A.relu(inputs, max_value=2.0)
    assert type(out) is type(inputs) and out.shape == (None, 4)
    assert A.glu(inputs).shape == (None, 2)


# --- activation identifiers ----------------------------------------------------------------------
KERAS_ACTIVATION_NAMES = [
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink",
    "threshold"]


@pytest.mark.parametrize("name", KERAS_ACTIVATION_NAMES)
def test_activation_get_and_serialize_round_trip(name):
    fn = A.get(name)
    assert fn is getattr(A, name)
    expected = {"swish": "silu", "hard_swish": "hard_silu"}.get(name, name)
    assert A.serialize(fn) == expected
    assert A.deserialize(A.serialize(fn)) is fn
    assert A.get({"module": "builtins", "class_name": "function", "config": expected,
                  "registered_name": "function"}) is fn


def test_activation_get_special_identifiers():
    assert A.get(None) is A.linear
    assert A.get(tf.nn.relu) is tf.nn.relu
    assert A.serialize(tf.nn.relu) == "relu"  # a function whose name is a built-in's
    assert A.serialize(tf.math.sigmoid) == "sigmoid"
    for bad in ("nope", "ReLU", 3):
        with pytest.raises(ValueError, match="Could not interpret activation function"):
            A.get(bad)
    with pytest.raises(ValueError, match="Unknown activation function"):
        A.serialize("relu")


def test_activation_custom_functions_serialize_as_configs():
    def my_act(x):
        return x * 2

    config = A.serialize(my_act)
    assert config == {"module": "builtins", "class_name": "function", "config": "my_act",
                      "registered_name": "function"}
    assert A.deserialize(config, custom_objects={"my_act": my_act}) is my_act
    with custom_object_scope({"my_act": my_act}):
        assert A.deserialize("my_act") is my_act

    @register_keras_serializable(package="BasicsTest")
    def registered_act(x):
        return x + 1

    config = A.serialize(registered_act)
    assert config["config"] == "BasicsTest>registered_act"
    assert A.deserialize(config) is registered_act
    assert A.get("BasicsTest>registered_act") is registered_act


# --- initializers --------------------------------------------------------------------------------
def test_compute_fans_matches_keras():
    assert I.compute_fans(()) == (1, 1)
    assert I.compute_fans((5,)) == (5, 5)
    assert I.compute_fans((3, 4)) == (3, 4)
    assert I.compute_fans((3, 3, 4, 8)) == (36, 72)  # conv2d: receptive field 9
    assert I.compute_fans((2, 3, 3, 4, 8)) == (72, 144)
    assert I.compute_fans((5, 4, 6), input_axes=(0, 1), output_axes=(2,)) == (20, 6)


def _stats(values):
    v = np.asarray(values, np.float64)
    return v.mean(), v.std(), np.abs(v).max()


# initializer, shape, (expected std, bound or None); 200k-sample shapes: means and stds are
# checked to about 1%.
def _variance_cases():
    dense, conv = (400, 500), (3, 3, 80, 100)
    fan_in_c, fan_out_c = 720, 900
    avg_d, avg_c = 450.0, (fan_in_c + fan_out_c) / 2
    return [
        (I.GlorotUniform(seed=1), dense, math.sqrt(1 / avg_d), math.sqrt(3 / avg_d)),
        (I.GlorotNormal(seed=1), dense, math.sqrt(1 / avg_d), 2 * math.sqrt(1 / avg_d) / 0.8796),
        (I.HeUniform(seed=2), conv, math.sqrt(2 / fan_in_c), math.sqrt(6 / fan_in_c)),
        (I.HeNormal(seed=2), conv, math.sqrt(2 / fan_in_c), 2 * math.sqrt(2 / fan_in_c) / 0.8796),
        (I.LecunUniform(seed=3), dense, math.sqrt(1 / 400), math.sqrt(3 / 400)),
        (I.LecunNormal(seed=3), conv, math.sqrt(1 / fan_in_c),
         2 * math.sqrt(1 / fan_in_c) / 0.8796),
        (I.VarianceScaling(2.0, "fan_out", "untruncated_normal", seed=4), dense,
         math.sqrt(2 / 500), None),
        (I.VarianceScaling(0.5, "fan_avg", "uniform", seed=4), conv, math.sqrt(0.5 / avg_c),
         math.sqrt(1.5 / avg_c)),
        (I.VarianceScaling(3.0, "fan_in", "normal", seed=5), dense, math.sqrt(3 / 400),
         2 * math.sqrt(3 / 400) / 0.8796),
        (I.RandomNormal(mean=0.0, stddev=0.3, seed=6), dense, 0.3, None),
        (I.TruncatedNormal(stddev=0.3, seed=6), dense, 0.3 * 0.87962566, 0.6),
        (I.RandomUniform(-0.2, 0.2, seed=7), dense, 0.2 / math.sqrt(3), 0.2),
    ]


@pytest.mark.parametrize("init,shape,std,bound", _variance_cases(),
                         ids=lambda v: type(v).__name__ if isinstance(v, I.Initializer) else "")
def test_random_initializer_statistics(init, shape, std, bound):
    values = init(shape)
    assert values.shape == shape and values.dtype == tf.float32
    mean, got_std, largest = _stats(values)
    assert abs(mean) < 0.01 * std * 5
    assert got_std == pytest.approx(std, rel=0.012)
    if bound is not None:
        assert largest <= bound * (1 + 1e-6)
        assert largest > 0.97 * bound  # the bound is reached, not just respected


def test_random_normal_mean_and_uniform_range():
    values = np.asarray(I.RandomNormal(mean=2.0, stddev=0.5, seed=3)((300, 300)))
    assert values.mean() == pytest.approx(2.0, abs=0.005)
    uniform = np.asarray(I.RandomUniform(1.0, 3.0, seed=3)((300, 300)))
    assert uniform.min() >= 1.0 and uniform.max() < 3.0
    assert uniform.mean() == pytest.approx(2.0, abs=0.01)


def test_seeded_initializers_are_deterministic_and_unseeded_ones_per_instance():
    seeded = I.GlorotUniform(seed=42)
    first = np.asarray(seeded((4, 5)))
    np.testing.assert_array_equal(first, seeded((4, 5)))  # stateless: same values each call
    np.testing.assert_array_equal(first, I.GlorotUniform(seed=42)((4, 5)))
    assert not np.array_equal(first, I.GlorotUniform(seed=43)((4, 5)))
    unseeded = I.HeNormal()
    values = np.asarray(unseeded((4, 5)))
    np.testing.assert_array_equal(values, unseeded((4, 5)))
    assert not np.array_equal(values, I.HeNormal()((4, 5)))
    assert unseeded.get_config()["seed"] is None


@pytest.mark.parametrize("dtype", ["float16", "float64", tf.float64, np.float32])
def test_initializer_dtypes(dtype):
    for init in (I.GlorotUniform(seed=1), I.RandomNormal(seed=1), I.TruncatedNormal(seed=1),
                 I.Orthogonal(seed=1), I.Zeros(), I.Ones(), I.Constant(2.0), I.Identity()):
        out = init((3, 3), dtype=dtype)
        assert out.dtype == tf.as_dtype(dtype) and out.shape == (3, 3)


def test_default_dtype_follows_floatx():
    backend.set_floatx("float64")
    try:
        assert I.GlorotUniform(seed=1)((2, 2)).dtype == tf.float64
        assert I.Zeros()((2,)).dtype == tf.float64
    finally:
        backend.set_floatx("float32")


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4), (2, 2, 3, 4), (3, 3, 2, 12)])
def test_orthogonal_is_orthogonal(shape):
    gain = 1.7
    q = np.asarray(I.Orthogonal(gain=gain, seed=9)(shape, dtype="float64"))
    m = q.reshape(-1, shape[-1])
    gram = m.T @ m if m.shape[0] >= m.shape[1] else m @ m.T
    np.testing.assert_allclose(gram, gain**2 * np.eye(len(gram)), atol=1e-12)
    with pytest.raises(ValueError, match="at least two-dimensional"):
        I.Orthogonal()((3,))


def test_constant_initializers_exact():
    assert_close(I.Zeros()((2, 3)), np.zeros((2, 3), np.float32))
    assert_close(I.Zeros()((2,), dtype="int32"), np.zeros(2, np.int32))
    assert_close(I.Ones()(3), np.ones(3, np.float32))
    assert_close(I.Ones()(tf.TensorShape([2, 1])), np.ones((2, 1), np.float32))
    assert_close(I.Constant(3)((2,)), np.full(2, 3, np.float32))
    assert_close(I.Constant([1, 2])((2, 2)), np.array([[1, 2], [1, 2]], np.float32))
    assert_close(I.Constant(2.5)((2,), dtype="int32"), np.array([2, 2], np.int32))
    assert_close(I.Identity()((2, 3)), np.eye(2, 3, dtype=np.float32))
    assert_close(I.Identity(gain=2.0)((3, 2), dtype="float64"), 2 * np.eye(3, 2))
    with pytest.raises(ValueError, match="only be used for 2D"):
        I.Identity()((2, 2, 2))
    with pytest.raises(NotImplementedError):
        I.Initializer()((2,))


def test_initializers_in_graph_mode():
    fn = tf.function(lambda: (I.GlorotUniform(seed=5)((3, 4)), I.Orthogonal(seed=5)((4, 3)),
                              I.Constant(1.5)((2,))))
    outs = fn()
    assert_close(outs[0], np.asarray(I.GlorotUniform(seed=5)((3, 4))))
    assert_close(outs[1], np.asarray(I.Orthogonal(seed=5)((4, 3))))
    assert_close(outs[2], np.full(2, 1.5, np.float32))


def test_variance_scaling_errors_and_normal_alias():
    with pytest.raises(ValueError, match="must be positive"):
        I.VarianceScaling(scale=0)
    with pytest.raises(ValueError, match="Invalid `mode`"):
        I.VarianceScaling(mode="fan")
    with pytest.raises(ValueError, match="Invalid `distribution`"):
        I.VarianceScaling(distribution="gauss")
    assert I.VarianceScaling(distribution="Normal").distribution == "truncated_normal"
    for bad_seed in ("a", 1.5, np.int64(3)):
        with pytest.raises(ValueError, match="`seed` argument"):
            I.RandomNormal(seed=bad_seed)


INITIALIZER_CONFIGS = [
    (I.GlorotUniform(seed=1), "GlorotUniform", {"seed": 1, "input_axes": None,
                                                "output_axes": None}),
    (I.VarianceScaling(), "VarianceScaling", {
        "seed": None, "scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal",
        "input_axes": None, "output_axes": None}),
    (I.RandomNormal(), "RandomNormal", {"seed": None, "mean": 0.0, "stddev": 0.05}),
    (I.TruncatedNormal(seed=3), "TruncatedNormal", {"seed": 3, "mean": 0.0, "stddev": 0.05}),
    (I.RandomUniform(), "RandomUniform", {"seed": None, "minval": -0.05, "maxval": 0.05}),
    (I.Orthogonal(gain=2, seed=3), "Orthogonal", {"seed": 3, "gain": 2}),
    (I.Constant(2), "Constant", {"value": 2}),
    (I.Identity(gain=2.0), "Identity", {}),  # Keras 3.15 leaves gain out of the config
    (I.Zeros(), "Zeros", {}),
    (I.HeUniform(seed=5, input_axes=[0], output_axes=[1]), "HeUniform",
     {"seed": 5, "input_axes": [0], "output_axes": [1]}),
]


@pytest.mark.parametrize("init,class_name,config", INITIALIZER_CONFIGS,
                         ids=[c[1] for c in INITIALIZER_CONFIGS])
def test_initializer_configs_round_trip(init, class_name, config):
    assert I.serialize(init) == {"module": "keras.initializers", "class_name": class_name,
                                 "config": config, "registered_name": None}
    again = I.deserialize(I.serialize(init))
    assert type(again) is type(init) and again.get_config() == config
    assert init.clone().get_config() == config
    if config.get("seed") is not None:
        assert_close(again((3, 3)), np.asarray(init((3, 3))))


def test_constant_with_array_value_round_trips():
    init = I.Constant(np.array([1.0, 2.0]))
    config = init.get_config()
    assert config == {"value": {"class_name": "__numpy__",
                                "config": {"value": [1.0, 2.0], "dtype": "float64"}}}
    again = I.Constant.from_config(config)
    assert isinstance(again.value, np.ndarray)
    assert_close(again((2, 2)), np.array([[1, 2], [1, 2]], np.float32))
    tensor_config = I.Constant(tf.constant([1.0, 2.0])).get_config()
    assert tensor_config["value"]["class_name"] == "__tensor__"
    assert_close(I.Constant.from_config(tensor_config)((2,)), np.array([1, 2], np.float32))


INITIALIZER_NAMES = {
    "glorot_uniform": I.GlorotUniform, "glorot_normal": I.GlorotNormal,
    "he_uniform": I.HeUniform, "he_normal": I.HeNormal, "lecun_uniform": I.LecunUniform,
    "lecun_normal": I.LecunNormal, "zeros": I.Zeros, "zero": I.Zeros, "ones": I.Ones,
    "one": I.Ones, "normal": I.RandomNormal, "random_normal": I.RandomNormal,
    "uniform": I.RandomUniform, "random_uniform": I.RandomUniform,
    "truncated_normal": I.TruncatedNormal, "variance_scaling": I.VarianceScaling,
    "orthogonal": I.Orthogonal, "OrthogonalInitializer": I.Orthogonal, "identity": I.Identity,
    "IdentityInitializer": I.Identity, "GlorotUniform": I.GlorotUniform,
    "Initializer": I.Initializer, "constant": I.Constant}


@pytest.mark.parametrize("name,cls", INITIALIZER_NAMES.items(), ids=list(INITIALIZER_NAMES))
def test_initializer_get_names(name, cls):
    assert type(I.get(name)) is cls
    assert getattr(I, name, cls) is cls  # the snake_case names are class aliases


def test_initializer_get_other_identifiers():
    assert I.get(None) is None
    init = I.HeNormal(seed=2)
    assert I.get(init) is init
    assert type(I.get(I.Ones)) is I.Ones
    assert I.get({"class_name": "GlorotUniform", "config": {"seed": 3}}).seed == 3
    assert type(I.get({"class_name": "glorot_uniform", "config": {}})) is I.GlorotUniform

    def fn(shape, dtype=None):
        return tf.zeros(shape, dtype)
    assert I.get(fn) is fn
    direct = I.get(np.ones((2, 2)))
    assert_close(direct((2, 2)), np.ones((2, 2), np.float32))
    with pytest.raises(ValueError, match="Expected `shape` to be"):
        direct((3, 2))
    for bad in ("nope", "Glorot_Uniform", 3):
        with pytest.raises(ValueError, match="Could not interpret initializer identifier"):
            I.get(bad)


def test_custom_initializer_subclass_round_trips():
    @register_keras_serializable(package="BasicsTest")
    class Halves(I.Initializer):
        def __init__(self, scale=0.5):
            self.scale = scale

        def __call__(self, shape, dtype=None):
            return tf.fill(shape, tf.cast(self.scale, dtype or "float32"))

        def get_config(self):
            return {"scale": self.scale}

    config = I.serialize(Halves(0.25))
    assert config["registered_name"] == "BasicsTest>Halves"
    again = I.deserialize(config)
    assert isinstance(again, Halves) and again.scale == 0.25


# --- regularizers --------------------------------------------------------------------------------
W = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])


def _f32(v):
    return float(np.float32(v))


def _orthogonal_penalty(x, factor, mode):
    """Keras' OrthogonalRegularizer in NumPy."""
    axis = 1 if mode == "rows" else 0
    inv = np.minimum(1 / np.sqrt((x * x).sum(axis=axis, keepdims=True)), 1 / EPS)
    n = x * inv
    product = n @ n.T if mode == "rows" else n.T @ n
    size = product.shape[0]
    return factor * 0.5 * np.abs(product * (1 - np.eye(size))).sum() / (size * (size - 1) / 2)


REGULARIZERS = [
    (R.L1(), lambda x: _f32(0.01) * np.abs(x).sum()),
    (R.L1(0.3), lambda x: _f32(0.3) * np.abs(x).sum()),
    (R.L2(), lambda x: _f32(0.01) * (x * x).sum()),
    (R.L2(0.25), lambda x: 0.25 * (x * x).sum()),
    (R.L1L2(), lambda x: 0.0),
    (R.L1L2(l1=0.1, l2=0.2), lambda x: _f32(0.1) * np.abs(x).sum() + _f32(0.2) * (x * x).sum()),
    (R.l1_l2(l2=0.5), lambda x: 0.5 * (x * x).sum()),
    (R.OrthogonalRegularizer(), lambda x: _f32(0.01) * _orthogonal_penalty(x, 1, "rows")),
    (R.OrthogonalRegularizer(0.5, "columns"), lambda x: _orthogonal_penalty(x, 0.5, "columns")),
]


@pytest.mark.parametrize("reg,ref", REGULARIZERS, ids=lambda v: repr(getattr(v, "__dict__", "")))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_regularizer_values(reg, ref, dtype):
    x = RNG.standard_normal((4, 5)).astype(dtype)
    if isinstance(reg, R.OrthogonalRegularizer) and dtype == np.float64:
        with pytest.raises(tf.errors.InvalidArgumentError):  # float32 factor, as Keras
            reg(tf.constant(x))
        return
    out = reg(tf.constant(x))
    assert out.shape == () and out.dtype == tf.as_dtype(dtype)
    assert float(out) == pytest.approx(ref(x.astype(np.float64)), rel=1e-5, abs=1e-7)
    traced = tf.function(lambda t: reg(t))(tf.constant(x))
    assert float(traced) == pytest.approx(float(out), rel=1e-6, abs=1e-8)


def test_regularizer_gradients_and_variables():
    reg = R.L1L2(l1=0.1, l2=0.2)
    check_gradient(lambda t: reg(t), [_away((3, 4))])
    # float32 only (its factor is float32, as in Keras): tape gradient against float64
    # central differences of the NumPy formula
    x = RNG.standard_normal((3, 4))
    for mode in ("rows", "columns"):
        x32 = tf.constant(x.astype(np.float32))
        with tf.GradientTape() as tape:
            tape.watch(x32)
            penalty = R.OrthogonalRegularizer(0.3, mode)(x32)
        numeric = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            step = np.zeros_like(x)
            step[i] = 1e-6
            numeric[i] = (_orthogonal_penalty(x + step, 0.3, mode) -
                          _orthogonal_penalty(x - step, 0.3, mode)) / 2e-6
        np.testing.assert_allclose(tape.gradient(penalty, x32), numeric, rtol=1e-3, atol=1e-6)
    var = tf.Variable([[1.0, -2.0]])
    with tf.GradientTape() as tape:
        penalty = R.L2(0.5)(var)
    assert_close(tape.gradient(penalty, var), np.array([[1.0, -2.0]], np.float32))


def test_regularizer_edge_cases_and_errors():
    assert_close(R.L1L2()(tf.constant([1, 2])), np.int32(0))
    assert_close(R.L2()(tf.constant([1, 2])), np.int32(0))  # the factor casts to int 0
    assert math.isnan(float(R.OrthogonalRegularizer()(tf.constant([[1.0, 2.0]]))))
    assert float(R.OrthogonalRegularizer()(tf.zeros([2, 2]))) == 0.0
    with pytest.raises(ValueError, match="must have rank 2"):
        R.OrthogonalRegularizer()(tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="Expected one of"):
        R.OrthogonalRegularizer(0.1, "diag")
    for bad in (-0.1, float("nan"), float("inf"), "a"):
        with pytest.raises(ValueError, match="Invalid value for argument l2"):
            R.L2(bad)
    assert R.Regularizer()(tf.constant([1.0])) == 0.0
    with pytest.raises(NotImplementedError):
        R.Regularizer().get_config()


REGULARIZER_CONFIGS = [
    (R.L1(), "L1", {"l1": _f32(0.01)}),
    (R.L2(), "L2", {"l2": 0.01}),
    (R.L2(None), "L2", {"l2": 0.01}),
    (R.L1L2(), "L1L2", {"l1": 0.0, "l2": 0.0}),
    (R.L1L2(1, None), "L1L2", {"l1": 1.0, "l2": 0.0}),
    (R.OrthogonalRegularizer(), "OrthogonalRegularizer", {"factor": _f32(0.01), "mode": "rows"}),
]


@pytest.mark.parametrize("reg,class_name,config", REGULARIZER_CONFIGS)
def test_regularizer_configs_round_trip(reg, class_name, config):
    assert R.serialize(reg) == {"module": "keras.regularizers", "class_name": class_name,
                                "config": config, "registered_name": None}
    again = R.deserialize(R.serialize(reg))
    assert type(again) is type(reg) and again.get_config() == config


def test_regularizer_get():
    for name, cls in [("l1", R.L1), ("l2", R.L2), ("L1L2", R.L1L2), ("l1l2", R.L1L2),
                      ("orthogonal_regularizer", R.OrthogonalRegularizer),
                      ("Regularizer", R.Regularizer), ("regularizer", R.Regularizer)]:
        assert type(R.get(name)) is cls
    assert R.get(None) is None
    reg = R.L2(0.3)
    assert R.get(reg) is reg
    assert type(R.get(R.L1)) is R.L1
    assert R.get({"class_name": "L2", "config": {"l2": 0.5}}).l2 == 0.5
    assert R.l1_l2 is R.L1L2 and R.l1 is R.L1 and R.l2 is R.L2
    for bad in ("nope", "l1_l2", 3):  # Keras' snake case of L1L2 is "l1l2"
        with pytest.raises(ValueError, match="Could not interpret regularizer identifier"):
            R.get(bad)


# --- constraints ---------------------------------------------------------------------------------
def _norms(w, axis):
    return np.sqrt((w * w).sum(axis=axis, keepdims=True))


CONSTRAINTS = [
    (C.MaxNorm(), lambda w: w * np.clip(_norms(w, 0), 0, 2) / (EPS + _norms(w, 0))),
    (C.MaxNorm(1.5, axis=1), lambda w: w * np.clip(_norms(w, 1), 0, 1.5) / (EPS + _norms(w, 1))),
    (C.MaxNorm(axis=None), lambda w: w * np.clip(_norms(w, None), 0, 2) /
     (EPS + _norms(w, None))),
    (C.NonNeg(), lambda w: np.maximum(w, 0)),
    (C.UnitNorm(), lambda w: w / (EPS + _norms(w, 0))),
    (C.UnitNorm(axis=[0, 1]), lambda w: w / (EPS + _norms(w, (0, 1)))),
    (C.MinMaxNorm(), lambda w: w * np.clip(_norms(w, 0), 0, 1) / (EPS + _norms(w, 0))),
    (C.MinMaxNorm(1.0, 2.0, 0.5, 1), lambda w: w * (
        0.5 * np.clip(_norms(w, 1), 1, 2) + 0.5 * _norms(w, 1)) / (EPS + _norms(w, 1))),
    (C.Constraint(), lambda w: w),
]


@pytest.mark.parametrize("con,ref", CONSTRAINTS, ids=lambda v: repr(getattr(v, "__dict__", "")))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_constraint_values(con, ref, dtype):
    w = (RNG.standard_normal((3, 4)) * 2).astype(dtype)
    out = con(tf.constant(w))
    assert_close(out, ref(w.astype(np.float64)).astype(dtype),
                 rtol=1e-5 if dtype == np.float32 else 1e-12)
    traced = tf.function(lambda t: con(t))(tf.constant(w))
    assert_close(traced, np.asarray(out), rtol=1e-6)


def test_constraints_on_integers_variables_and_epsilon():
    assert_close(C.MaxNorm()(tf.constant([[1, 2], [3, 4]])),
                 np.array([[1, 2], [3, 4]]) * np.clip(_norms(np.array([[1, 2], [3, 4]]), 0),
                                                      0, 2) / (EPS + _norms(
                     np.array([[1.0, 2], [3, 4]]), 0)), rtol=1e-6, check_dtype=False)
    assert C.UnitNorm()(tf.constant([[3, 4]])).dtype == tf.float32
    assert_close(C.NonNeg()(tf.constant([-1, 2])), np.array([0, 2], np.int32))
    assert_close(C.UnitNorm()(tf.zeros([2, 2])), np.zeros((2, 2), np.float32))
    var = tf.Variable([[3.0], [4.0]])
    assert_close(C.UnitNorm()(var), np.array([[3.0], [4.0]], np.float32) / (5 + EPS))
    backend.set_epsilon(0.5)
    try:
        assert_close(C.UnitNorm()(tf.constant([[3.0], [4.0]])),
                     np.array([[3.0], [4.0]], np.float32) / 5.5)
    finally:
        backend.set_epsilon(1e-7)


CONSTRAINT_CONFIGS = [
    (C.MaxNorm(), "MaxNorm", {"max_value": 2, "axis": 0}),
    (C.MaxNorm(3, axis=[0, 1]), "MaxNorm", {"max_value": 3, "axis": [0, 1]}),
    (C.NonNeg(), "NonNeg", {}),
    (C.UnitNorm(), "UnitNorm", {"axis": 0}),
    (C.MinMaxNorm(), "MinMaxNorm", {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
    (C.Constraint(), "Constraint", {}),
]


@pytest.mark.parametrize("con,class_name,config", CONSTRAINT_CONFIGS)
def test_constraint_configs_round_trip(con, class_name, config):
    assert C.serialize(con) == {"module": "keras.constraints", "class_name": class_name,
                                "config": config, "registered_name": None}
    again = C.deserialize(C.serialize(con))
    assert type(again) is type(con) and again.get_config() == config


def test_constraint_get():
    for name, cls in [("max_norm", C.MaxNorm), ("non_neg", C.NonNeg), ("unit_norm", C.UnitNorm),
                      ("min_max_norm", C.MinMaxNorm), ("MaxNorm", C.MaxNorm),
                      ("constraint", C.Constraint)]:
        assert type(C.get(name)) is cls
    assert C.get(None) is None
    con = C.MaxNorm(3)
    assert C.get(con) is con
    assert C.get({"class_name": "MaxNorm", "config": {"max_value": 3}}).max_value == 3
    assert C.max_norm is C.MaxNorm and C.non_neg is C.NonNeg
    for bad in ("nope", 3):
        with pytest.raises(ValueError, match="Could not interpret constraint identifier"):
            C.get(bad)


def test_custom_subclasses_report_their_own_module():
    class MyConstraint(C.Constraint):
        pass

    class MyRegularizer(R.Regularizer):
        def get_config(self):
            return {}

    assert C.serialize(MyConstraint())["module"] == __name__
    assert R.serialize(MyRegularizer())["module"] == __name__
    assert C.serialize(C.NonNeg())["module"] == "keras.constraints"
