"""Public tf.nn functions: values against NumPy/closed forms, gradients by finite differences
(first and second order), dtype rules, errors, and the namespaces they are exported in."""
from __future__ import annotations

import math

import numpy as np
import pytest

import fluxion as tf
from fluxion.core.op import REGISTRY
from fluxion.errors import InvalidArgumentError
from tests.opcheck import assert_close, check_gradient

R = np.random.default_rng(5)
LOGITS = R.standard_normal((4, 5)) * 2
PROBS = R.dirichlet(np.ones(5), 4)
LABELS = np.array([0, 4, 2, 1], np.int32)


def _away(shape, lo=0.1, hi=2.5):
    return R.uniform(lo, hi, shape) * R.choice([-1.0, 1.0], shape)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _sig(x):
    return 1 / (1 + np.exp(-x))


def _erf(x):
    return np.vectorize(math.erf)(x)


def _second(fn, x):
    """(f'(x), f''(x)) of an elementwise fn through nested tapes, as NumPy arrays."""
    x = tf.constant(x)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(fn(x))
        d1 = t1.gradient(y, x)
    d2 = t2.gradient(d1, x)
    return np.asarray(d1), None if d2 is None else np.asarray(d2)


# --- activations: values ---------------------------------------------------------------------
ACTIVATIONS = {
    "relu": (tf.nn.relu, lambda x: np.maximum(x, 0)),
    "relu6": (tf.nn.relu6, lambda x: np.clip(x, 0, 6)),
    "leaky_relu": (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    "elu": (tf.nn.elu, lambda x: np.where(x < 0, np.expm1(np.minimum(x, 0)), x)),
    "selu": (tf.nn.selu, lambda x: 1.0507009873554805 * np.where(
        x < 0, 1.6732632423543772 * np.expm1(np.minimum(x, 0)), x)),
    "softplus": (tf.nn.softplus, lambda x: np.logaddexp(x, 0)),
    "softsign": (tf.nn.softsign, lambda x: x / (1 + np.abs(x))),
    "swish": (tf.nn.swish, lambda x: x * _sig(x)),
    "silu": (tf.nn.silu, lambda x: x * _sig(x)),
    "gelu": (tf.nn.gelu, lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2)))),
    "gelu_tanh": (lambda x: tf.nn.gelu(x, approximate=True), lambda x: 0.5 * x * (1 + np.tanh(
        np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
    "log_sigmoid": (tf.math.log_sigmoid, lambda x: -np.logaddexp(-x, 0)),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_activation_values(name, dtype):
    fn, ref = ACTIVATIONS[name]
    x = np.array([-8.0, -2.5, -1.0, -0.1, 0.0, 0.3, 1.0, 4.0, 6.5, 9.0], dtype)
    out = fn(tf.constant(x))
    assert out.dtype == tf.as_dtype(dtype)
    rtol = 2e-3 if dtype == np.float16 else 1e-5
    assert_close(out, ref(x.astype(np.float64)).astype(dtype), rtol=rtol, atol=rtol)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradients(name):
    fn, _ = ACTIVATIONS[name]
    check_gradient(fn, [_away((3, 4))])
    check_gradient(fn, [_away((2, 3)) + 6.0])  # around relu6's upper kink


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_second_derivatives(name):
    fn, _ = ACTIVATIONS[name]
    check_gradient(lambda x: _second_inner(fn, x), [_away((5,))], rtol=1e-4, atol=1e-5)


def _second_inner(fn, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(fn(x) * tf.constant(np.linspace(0.5, 1.5, 5)))
    return tape.gradient(y, x)


def test_activations_extreme_inputs_are_finite():
    x = tf.constant([-1e4, -100.0, 100.0, 1e4])
    for fn in (tf.nn.softplus, tf.nn.elu, tf.nn.selu, tf.nn.swish, tf.nn.gelu,
               tf.math.log_sigmoid):
        assert np.all(np.isfinite(np.asarray(fn(x)))), fn
    assert_close(tf.nn.softplus(x), np.array([0.0, 0.0, 100.0, 1e4], np.float32))
    assert_close(tf.math.log_sigmoid(x), np.array([-1e4, -100.0, 0.0, 0.0], np.float32))
    assert_close(tf.nn.swish(x), np.array([0.0, 0.0, 100.0, 1e4], np.float32))


def test_gradients_at_kinks_follow_tf():
    x = np.array([0.0, 6.0, -0.0])
    assert_close(_second(tf.nn.relu, x)[0], np.array([0.0, 1.0, 0.0]))
    assert_close(_second(tf.nn.relu6, x)[0], np.array([0.0, 0.0, 0.0]))
    assert_close(_second(tf.nn.leaky_relu, x)[0], np.array([0.2, 1.0, 0.2]))
    assert_close(_second(tf.nn.elu, x)[0], np.array([1.0, 1.0, 1.0]))
    _, d2 = _second(tf.nn.relu, np.array([-1.0, 2.0]))
    assert_close(d2, np.zeros(2))  # zeros, not None: TF's ReluGrad gradient is zeros_like


def test_elu_selu_second_derivative_closed_form():
    x = np.array([-2.0, -0.5, 0.5, 3.0])
    _, d2 = _second(tf.nn.elu, x)
    assert_close(d2, np.where(x < 0, np.exp(x), 0.0))
    _, d2 = _second(tf.nn.selu, x)
    assert_close(d2, np.where(x < 0, 1.0507009873554805 * 1.6732632423543772 * np.exp(x), 0.0))


def test_relu_keeps_integer_dtypes():
    for dtype in (tf.int8, tf.int32, tf.int64, tf.uint8):
        out = tf.nn.relu(tf.constant([0, 3, 5], dtype))
        assert out.dtype == dtype
    assert_close(tf.nn.relu6(tf.constant([-3, 4, 9])), np.array([0, 4, 6], np.int32))
    assert tf.nn.leaky_relu(tf.constant([1, -2])).dtype == tf.float32
    assert_close(tf.nn.crelu(tf.constant([[1, -2]])), np.array([[1, 0, 0, 2]], np.int32))


@pytest.mark.parametrize("fn", [tf.nn.elu, tf.nn.selu, tf.nn.softplus, tf.nn.softsign,
                                tf.nn.softmax, tf.nn.log_softmax, tf.nn.swish, tf.nn.l2_loss])
def test_float_only_ops_reject_ints(fn):
    with pytest.raises(InvalidArgumentError, match="not in the list of allowed values"):
        fn(tf.constant([1, 2]))


def test_relu_rejects_bool_and_complex():
    with pytest.raises(InvalidArgumentError, match="Relu"):
        tf.nn.relu(tf.constant([True]))
    with pytest.raises(InvalidArgumentError):
        tf.nn.relu(tf.constant([1 + 1j]))
    with pytest.raises(ValueError, match="floating point"):
        tf.nn.gelu(tf.constant([1, 2]))


def test_swish_beta_tensor_gradient():
    check_gradient(lambda x, b: tf.nn.swish(x, b), [_away((2, 3)), np.array(1.3)])
    check_gradient(lambda x: tf.nn.swish(x, beta=0.5), [_away((4,))])


def test_crelu_axis_and_gradient():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert_close(tf.nn.crelu(tf.constant(x), axis=0),
                 np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], 0))
    check_gradient(lambda t: tf.nn.crelu(t, axis=1), [_away((2, 3))])


# --- softmax / log_softmax -------------------------------------------------------------------
@pytest.mark.parametrize("axis", [None, -1, 0, 1, -2])
def test_softmax_axes(axis):
    x = R.standard_normal((3, 4, 5))
    a = -1 if axis is None else axis
    assert_close(tf.nn.softmax(tf.constant(x), axis=axis), _softmax(x, a))
    assert_close(tf.nn.log_softmax(tf.constant(x), axis=axis), _log_softmax(x, a))
    check_gradient(lambda t: tf.nn.softmax(t, axis=axis), [x[:2, :2, :3]])
    check_gradient(lambda t: tf.nn.log_softmax(t, axis=axis), [x[:2, :2, :3]])


def test_softmax_second_order():
    x = R.standard_normal((2, 4))

    def grad_of(fn):
        def inner(t):
            with tf.GradientTape() as tape:
                tape.watch(t)
                y = tf.reduce_sum(fn(t) * tf.constant(np.arange(8.0).reshape(2, 4)))
            return tape.gradient(y, t)
        return inner

    check_gradient(grad_of(tf.nn.softmax), [x], rtol=1e-4, atol=1e-6)
    check_gradient(grad_of(tf.nn.log_softmax), [x], rtol=1e-4, atol=1e-6)


def test_softmax_extreme_and_masked_logits():
    x = tf.constant([[1000.0, 0.0, -1000.0], [-np.inf, 0.0, 1.0]])
    assert_close(tf.nn.softmax(x), np.array([[1, 0, 0], _softmax(np.array([-np.inf, 0, 1]))],
                                            np.float32))
    assert_close(tf.nn.log_softmax(x)[0], np.array([0.0, -1000.0, -2000.0], np.float32))
    assert np.all(np.isnan(np.asarray(tf.nn.softmax(tf.constant([-np.inf, -np.inf])))))


def test_softmax_half_precision_is_accurate():
    x = np.array([[10.0, 9.0, -3.0, 0.5]], np.float16)
    out = tf.nn.softmax(tf.constant(x))
    assert out.dtype == tf.float16
    assert_close(out, _softmax(x.astype(np.float64)).astype(np.float16), rtol=1e-3, atol=1e-4)


def test_softmax_axis_errors():
    with pytest.raises(InvalidArgumentError, match="dim"):
        tf.nn.softmax(tf.ones([2, 3]), axis=2)
    with pytest.raises(InvalidArgumentError):
        tf.nn.softmax(tf.constant(1.0))
    assert_close(tf.nn.softmax(tf.ones([2, 3]), axis=tf.constant(0)), np.full((2, 3), 0.5,
                                                                              np.float32))


# --- cross-entropies -------------------------------------------------------------------------
def test_sigmoid_cross_entropy_values_and_gradients():
    z, x = R.random((3, 4)), _away((3, 4), 0.0, 30.0)
    ref = np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))
    assert_close(tf.nn.sigmoid_cross_entropy_with_logits(tf.constant(z), tf.constant(x)), ref)
    check_gradient(lambda a, b: tf.nn.sigmoid_cross_entropy_with_logits(a, b),
                   [z, _away((3, 4))])


def test_sigmoid_cross_entropy_errors():
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(tf.ones([2]), tf.ones([3]))
    with pytest.raises(ValueError, match="provided"):
        tf.nn.sigmoid_cross_entropy_with_logits(logits=[1.0])
    with pytest.raises(InvalidArgumentError):
        tf.nn.sigmoid_cross_entropy_with_logits(tf.constant([0, 1]), tf.constant([1.0, 2.0]))


def test_weighted_cross_entropy():
    z, x, w = R.random((2, 3)), _away((2, 3)), 2.5
    ref = (1 - z) * x + (1 + (w - 1) * z) * np.logaddexp(-x, 0)
    out = tf.nn.weighted_cross_entropy_with_logits(tf.constant(z), tf.constant(x), w)
    assert_close(out, ref)
    check_gradient(lambda a, b, c: tf.nn.weighted_cross_entropy_with_logits(a, b, c),
                   [z, x, np.array(1.7)])
    with pytest.raises(TypeError):
        tf.nn.weighted_cross_entropy_with_logits([0.0], [1.0], pos_weight=[2.0])


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_cross_entropy_values_and_gradients(axis):
    p, x = PROBS, LOGITS
    if axis == 0:
        p, x = p.T.copy(), x.T.copy()
    ref = -(p * _log_softmax(x, axis)).sum(axis)
    out = tf.nn.softmax_cross_entropy_with_logits(tf.constant(p), tf.constant(x), axis=axis)
    assert_close(out, ref)
    check_gradient(lambda a, b: tf.nn.softmax_cross_entropy_with_logits(a, b, axis=axis),
                   [p, x])


def test_softmax_cross_entropy_label_conversion_and_broadcast():
    logits = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    out = tf.nn.softmax_cross_entropy_with_logits([[0, 1]], logits)
    assert out.dtype == tf.float32
    assert_close(out, np.full(2, np.log1p(np.exp(-1.0)), np.float32))
    labels64 = tf.constant([[0.3, 0.7]], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(labels64)
        y = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels64, logits))
    g = tape.gradient(y, labels64)
    assert g.dtype == tf.float64
    assert_close(g, -_log_softmax(np.array([[1.0, 2.0], [3.0, 4.0]])).sum(0, keepdims=True),
                 rtol=1e-6)
    with pytest.raises(InvalidArgumentError, match="broadcastable"):
        tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[1.0, 2.0, 3.0]])


def test_softmax_cross_entropy_extreme_logits():
    out = tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0], [1.0, 0.0]],
                                                  [[1000.0, -1000.0], [1000.0, -1000.0]])
    assert_close(out, np.array([2000.0, 0.0], np.float32))
    with tf.GradientTape() as tape:
        x = tf.constant([[1000.0, -1000.0]])
        tape.watch(x)
        y = tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], x)
    assert_close(tape.gradient(y, x), np.array([[1.0, -1.0]], np.float32))


def test_softmax_cross_entropy_second_order():
    def grad_logits(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(tf.constant(PROBS), x))
        return tape.gradient(y, x)

    check_gradient(grad_logits, [LOGITS], rtol=1e-4)


def test_sparse_softmax_cross_entropy_values_and_gradients():
    ref = -np.take_along_axis(_log_softmax(LOGITS), LABELS[:, None], 1)[:, 0]
    out = tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, tf.constant(LOGITS))
    assert_close(out, ref)
    check_gradient(lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, x),
                   [LOGITS])
    labels3 = np.array([[0, 2], [1, 1]], np.int64)
    x3 = R.standard_normal((2, 2, 3))
    ref3 = -np.take_along_axis(_log_softmax(x3), labels3[..., None], -1)[..., 0]
    assert_close(tf.nn.sparse_softmax_cross_entropy_with_logits(labels3, tf.constant(x3)), ref3)
    check_gradient(lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels3, x), [x3])


def test_sparse_softmax_cross_entropy_matches_dense():
    onehot = np.eye(5)[LABELS]
    dense = tf.nn.softmax_cross_entropy_with_logits(onehot, LOGITS)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, LOGITS)
    assert_close(sparse, np.asarray(dense), rtol=1e-10)


def test_sparse_softmax_cross_entropy_second_order():
    def grad_logits(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, x) *
                              tf.constant([1.0, 2.0, -1.0, 0.5], tf.float64))
        return tape.gradient(y, x)

    check_gradient(grad_logits, [LOGITS], rtol=1e-4)


def test_sparse_softmax_cross_entropy_errors():
    logits = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(InvalidArgumentError, match="label value of 2.*SparseSoftmax"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([0, 2], logits)
    with pytest.raises(InvalidArgumentError, match="label value of -1"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([-1, 0], logits)
    with pytest.raises(InvalidArgumentError, match="Tlabels"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0.0, 1.0]), logits)
    with pytest.raises(ValueError, match="rank"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([[0, 1]], logits)
    with pytest.raises(ValueError, match="last dimension"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1, 1], logits)
    with pytest.raises(InvalidArgumentError, match="at least one class"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.zeros([2], tf.int32), tf.zeros([2, 0]))


def _sparse_loss(x):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, x)


def _dense_loss(x, labels=PROBS):
    return tf.nn.softmax_cross_entropy_with_logits(tf.constant(labels), x)


def _hvp(loss_fn, x, v):
    """Hessian-vector product of sum(loss_fn(x) * w) by GradientTape in GradientTape."""
    w = tf.constant(np.linspace(-1.0, 2.0, x.shape[0]))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(loss_fn(x) * w)
        g = inner.gradient(y, x)
        gv = tf.reduce_sum(g * v)
    return outer.gradient(gv, x)


def _closed_form_grad(loss_fn, x):
    """d sum(loss(x) * w) / dx = w * (softmax(x) - labels), in NumPy (same weights as _hvp)."""
    w = np.linspace(-1.0, 2.0, x.shape[0])[:, None]
    labels = PROBS if loss_fn is _dense_loss else np.eye(x.shape[-1])[LABELS]
    return w * (_softmax(x) - labels)


@pytest.mark.parametrize("loss_fn", [_sparse_loss, _dense_loss], ids=["sparse", "dense"])
def test_softmax_cross_entropy_hessian_vector_product(loss_fn):
    v = R.standard_normal(LOGITS.shape)
    hv = _hvp(loss_fn, tf.constant(LOGITS), tf.constant(v))
    eps = 1e-6  # central differences of the gradient along v
    numeric = (_closed_form_grad(loss_fn, LOGITS + eps * v) -
               _closed_form_grad(loss_fn, LOGITS - eps * v)) / (2 * eps)
    assert_close(hv, numeric, rtol=1e-6, atol=1e-9)
    # the same product inside a traced function: the backprop output's cotangent is dynamic there
    traced = tf.function(lambda x, v: _hvp(loss_fn, x, v))
    assert_close(traced(tf.constant(LOGITS), tf.constant(v)), np.asarray(hv), rtol=1e-12)
    # third order: the second-order rule (softmax's vjp) is itself differentiable
    check_gradient(lambda x: _hvp(loss_fn, x, tf.constant(v)), [LOGITS], rtol=1e-4, atol=1e-6)


def test_softmax_cross_entropy_second_order_in_labels():
    def grad_logits(p, x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(p, x) *
                              tf.constant([1.0, -2.0, 0.5, 3.0], tf.float64))
        return tape.gradient(y, x)

    check_gradient(grad_logits, [PROBS, LOGITS], rtol=1e-4)


@pytest.mark.parametrize("loss_fn", [_sparse_loss, _dense_loss], ids=["sparse", "dense"])
def test_softmax_cross_entropy_gradient_reuses_forward_backprop(loss_fn, monkeypatch):
    """First-order gradients scale the kernel's backprop output: no softmax is recomputed,
    eagerly or in a graph, and the graph's gradient matches the eager one."""
    softmax_op = REGISTRY["softmax"]
    calls = []
    kernel = softmax_op._np_kernel
    monkeypatch.setattr(softmax_op, "_np_kernel",
                        lambda *a, **k: calls.append(1) or kernel(*a, **k))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_mean(loss_fn(x))
        return tape.gradient(y, x)

    x = tf.constant(LOGITS)
    eager = grad(x)
    traced = tf.function(grad)
    graph = traced(x)
    assert not calls
    onehot = PROBS if loss_fn is _dense_loss else np.eye(5)[LABELS]
    assert_close(eager, (_softmax(LOGITS) - onehot) / 4, rtol=1e-12)
    assert_close(graph, np.asarray(eager), rtol=1e-12)
    assert_close(traced(tf.constant(LOGITS + 1.0)), np.asarray(eager), rtol=1e-10)


def test_softmax_cross_entropy_many_classes():
    """Rows longer than the short-row fast path use plain reductions: same results."""
    x = R.standard_normal((2, 1100))
    labels = np.array([3, 1099], np.int64)
    ref = -np.take_along_axis(_log_softmax(x), labels[:, None], 1)[:, 0]
    assert_close(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, x), ref, rtol=1e-12)
    probs = R.dirichlet(np.ones(1100), 2)
    assert_close(tf.nn.softmax_cross_entropy_with_logits(probs, x),
                 -(probs * _log_softmax(x)).sum(-1), rtol=1e-12)
    with tf.GradientTape() as tape:
        t = tf.constant(x)
        tape.watch(t)
        y = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, t))
    assert_close(tape.gradient(y, t), _softmax(x) - np.eye(1100)[labels], rtol=1e-10,
                 atol=1e-15)


def test_softmax_cross_entropy_nan_stays_in_its_row():
    x = np.array([[1.0, np.nan, 0.0], [1.0, 2.0, 3.0]], np.float32)
    sparse = np.asarray(tf.nn.sparse_softmax_cross_entropy_with_logits([0, 2], x))
    dense = np.asarray(tf.nn.softmax_cross_entropy_with_logits([[1.0, 0, 0], [0, 0, 1]], x))
    ref = -_log_softmax(x[1:].astype(np.float64))[0, 2]
    for out in (sparse, dense):
        assert np.isnan(out[0]) and np.isclose(out[1], ref, rtol=1e-6)


def test_sparse_softmax_cross_entropy_label_range_int64():
    logits = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(InvalidArgumentError, match="label value of -3"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0, -3], tf.int64), logits)
    with pytest.raises(InvalidArgumentError, match=f"label value of {2 ** 40}"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([2 ** 40, 1], tf.int64),
                                                       logits)
    with pytest.raises(InvalidArgumentError, match="label value of -2147483648"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(
            tf.constant([1, -2 ** 31], tf.int32), logits)
    out = tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1, 0], tf.int64), logits)
    assert_close(out, np.log1p(np.exp([-1.0, 1.0])).astype(np.float32), rtol=1e-6)


def test_cross_entropies_half_precision():
    x16 = tf.constant(LOGITS, tf.float16)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, x16)
    dense = tf.nn.softmax_cross_entropy_with_logits(tf.constant(np.eye(5)[LABELS], tf.float16),
                                                    x16)
    ref = -np.take_along_axis(_log_softmax(LOGITS.astype(np.float16).astype(np.float64)),
                              LABELS[:, None], 1)[:, 0]
    for out in (sparse, dense):
        assert out.dtype == tf.float16
        assert_close(out, ref.astype(np.float16), rtol=2e-3, atol=2e-3)


# --- other losses ----------------------------------------------------------------------------
def test_l2_loss():
    x = R.standard_normal((3, 4))
    assert_close(tf.nn.l2_loss(tf.constant(x)), np.sum(x * x) / 2)
    check_gradient(tf.nn.l2_loss, [x])
    out = tf.nn.l2_loss(tf.constant([200.0, 200.0], tf.float16))  # 40000: fits float16
    assert out.dtype == tf.float16 and float(out) == 40000.0


def test_log_poisson_loss():
    t = np.array([0.0, 0.5, 1.0, 2.0, 5.0])
    li = np.array([0.5, 0.1, 1.0, 2.0, 1.5])
    base = np.exp(li) - li * t
    assert_close(tf.nn.log_poisson_loss(tf.constant(t), tf.constant(li)), base)
    with np.errstate(divide="ignore", invalid="ignore"):
        stirling = t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t)
    full = base + np.where(t <= 1, 0.0, stirling)
    assert_close(tf.nn.log_poisson_loss(tf.constant(t), tf.constant(li), True), full)
    check_gradient(lambda a, b: tf.nn.log_poisson_loss(a, b, compute_full_loss=True),
                   [np.array([2.0, 3.0]), np.array([0.5, 1.0])])


def test_compute_average_loss():
    loss = np.array([1.0, 2.0, 3.0, 6.0])
    assert_close(tf.nn.compute_average_loss(loss), np.float64(3.0))
    assert_close(tf.nn.compute_average_loss(loss, global_batch_size=8), np.float64(1.5))
    assert_close(tf.nn.compute_average_loss(loss, global_batch_size=0), np.float64(0.0))
    weighted = tf.nn.compute_average_loss(tf.constant(loss, tf.float32), sample_weight=[1, 0, 2, 1])
    assert_close(weighted, np.float32(13 / 4))
    assert tf.nn.compute_average_loss(tf.constant([1, 2])).dtype == tf.float64
    with pytest.raises(ValueError, match="rank"):
        tf.nn.compute_average_loss(3.0)
    with pytest.raises(TypeError, match="integer"):
        tf.nn.compute_average_loss(loss, global_batch_size=2.5)
    assert_close(tf.nn.scale_regularization_loss([2.0, 3.0]), np.float32(5.0))


# --- normalisation ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt,axis", [(None, -1), ("NHWC", -1), ("NCHW", 1), ("NWC", -1),
                                      ("NCDHW", 1)])
def test_bias_add(fmt, axis):
    shape = (2, 3, 1, 2, 3) if fmt == "NCDHW" else (2, 3, 2, 3)
    x = R.standard_normal(shape)
    b = R.standard_normal(shape[axis])
    bshape = [1] * len(shape)
    bshape[axis] = -1
    assert_close(tf.nn.bias_add(tf.constant(x), tf.constant(b), data_format=fmt),
                 x + b.reshape(bshape))
    check_gradient(lambda v, c: tf.nn.bias_add(v, c, data_format=fmt), [x, b])


def test_bias_add_errors():
    with pytest.raises(ValueError, match="data_format"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([3]), data_format="HWC")
    with pytest.raises(InvalidArgumentError, match="BiasAdd"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([2]))
    with pytest.raises(InvalidArgumentError, match="at least 2D"):
        tf.nn.bias_add(tf.ones([3]), tf.ones([3]))
    with pytest.raises(InvalidArgumentError, match="1D"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3]))


@pytest.mark.parametrize("axes,keepdims", [([0], False), ([0, 1], True), (1, False),
                                           ([0, 2], False)])
def test_moments(axes, keepdims):
    x = R.standard_normal((3, 4, 2))
    mean, var = tf.nn.moments(tf.constant(x), axes, keepdims=keepdims)
    ax = tuple(axes) if isinstance(axes, list) else axes
    assert_close(mean, x.mean(ax, keepdims=keepdims))
    assert_close(var, x.var(ax, keepdims=keepdims))
    check_gradient(lambda t: tf.nn.moments(t, axes, keepdims=keepdims), [x[:2, :3]])


def test_moments_dtypes():
    m, v = tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]], tf.float16), [0])
    assert m.dtype == v.dtype == tf.float16
    m, v = tf.nn.moments(tf.constant([[1, 2], [3, 5]]), [0])
    assert_close(m, np.array([2, 3], np.int32))
    assert_close(v, np.array([1, 2], np.int32))


def test_batch_normalization():
    x = R.standard_normal((4, 3))
    mean, var = x.mean(0), x.var(0)
    offset, scale = R.standard_normal(3), R.random(3) + 0.5
    out = tf.nn.batch_normalization(tf.constant(x), mean, var, offset, scale, 1e-3)
    assert_close(out, (x - mean) / np.sqrt(var + 1e-3) * scale + offset)
    check_gradient(lambda *a: tf.nn.batch_normalization(*a, 1e-3),
                   [x, mean, var + 0.5, offset, scale])
    bare = tf.nn.batch_normalization(tf.constant(x), mean, var, None, None, 1e-3)
    assert_close(bare, (x - mean) / np.sqrt(var + 1e-3))


def test_batch_normalization_with_moments_gradient():
    def bn(x, gamma, beta):
        mean, var = tf.nn.moments(x, axes=[0])
        return tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-3)

    check_gradient(bn, [R.standard_normal((5, 3)), R.random(3) + 0.5, R.standard_normal(3)],
                   rtol=1e-4)


def test_moments_helpers():
    x = R.standard_normal((3, 4))
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(tf.constant(x), [0])
    assert shift is None and float(counts) == 3.0
    mean, var = tf.nn.normalize_moments(counts, m_ss, v_ss, None)
    assert_close(mean, x.mean(0))
    assert_close(var, x.var(0))
    w = R.random((3, 1))
    wm, wv = tf.nn.weighted_moments(tf.constant(x), [0], tf.constant(w))
    ref_m = (w * x).sum(0) / (w.sum() * np.ones(4))
    assert_close(wm, ref_m)
    assert_close(wv, (w * (x - ref_m) ** 2).sum(0) / w.sum())
    assert_close(tf.nn.zero_fraction([0.0, 1.0, 0.0, 2.0]), np.float32(0.5))


def test_l2_normalize():
    x = R.standard_normal((3, 4))
    assert_close(tf.nn.l2_normalize(tf.constant(x), axis=1),
                 x / np.linalg.norm(x, axis=1, keepdims=True))
    assert_close(tf.nn.l2_normalize(tf.constant(x)), x / np.linalg.norm(x))
    assert_close(tf.nn.l2_normalize(tf.zeros([2])), np.zeros(2, np.float32))
    check_gradient(lambda t: tf.nn.l2_normalize(t, axis=0), [x])
    with pytest.raises(TypeError):
        tf.nn.l2_normalize(tf.constant([3, 4]))
    assert tf.math.l2_normalize is tf.nn.l2_normalize is tf.linalg.l2_normalize


def test_local_response_normalization():
    x = R.standard_normal((1, 2, 2, 6))
    r, bias, alpha, beta = 2, 1.5, 0.3, 0.75
    sq = x ** 2
    window = np.stack([sq[..., max(0, i - r):i + r + 1].sum(-1) for i in range(6)], -1)
    ref = x / (bias + alpha * window) ** beta
    out = tf.nn.lrn(tf.constant(x), depth_radius=r, bias=bias, alpha=alpha, beta=beta)
    assert_close(out, ref)
    check_gradient(lambda t: tf.nn.local_response_normalization(t, 1, 1.0, 0.5, 0.5),
                   [x[:, :1, :1]])


# --- embedding_lookup ------------------------------------------------------------------------
def test_embedding_lookup():
    params = R.standard_normal((5, 3))
    ids = np.array([[4, 0], [2, 2]], np.int32)
    assert_close(tf.nn.embedding_lookup(tf.constant(params), ids), params[ids])
    check_gradient(lambda p: tf.nn.embedding_lookup(p, ids), [params])
    clipped = tf.nn.embedding_lookup(tf.constant(params * 10), ids, max_norm=1.0)
    assert_close(np.linalg.norm(np.asarray(clipped), axis=-1), np.ones((2, 2)), rtol=1e-6)
    with pytest.raises(InvalidArgumentError):
        tf.nn.embedding_lookup(tf.constant(params), [5])


def test_embedding_lookup_shards_and_variables():
    shards = [R.standard_normal((2, 2)), R.standard_normal((2, 2)), R.standard_normal((1, 2))]
    full = np.concatenate(shards)  # TF's "div" strategy: contiguous balanced shards
    ids = np.array([4, 0, 3, 1, 2])
    out = tf.nn.embedding_lookup([tf.constant(s) for s in shards], ids)
    assert_close(out, full[ids])
    var = tf.Variable(full)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.nn.embedding_lookup(var, [1, 1, 3]))
    assert_close(tf.convert_to_tensor(tape.gradient(y, var)),
                 np.array([[0, 0], [2, 2], [0, 0], [1, 1], [0, 0]], np.float64))
    with pytest.raises(ValueError):
        tf.nn.embedding_lookup([], [0])


# --- namespaces ------------------------------------------------------------------------------
def test_namespaces():
    assert tf.nn.silu is tf.nn.swish
    assert tf.nn.lrn is tf.nn.local_response_normalization
    for name in ("softplus", "softsign", "softmax", "log_softmax"):
        assert getattr(tf.math, name) is getattr(tf.nn, name)
    assert tf.math.log_sigmoid is not None
    assert tf.nn.sigmoid is tf.math.sigmoid and tf.nn.tanh is tf.math.tanh
    assert not hasattr(tf, "relu") and not hasattr(tf, "softmax")


@pytest.mark.parametrize("n", [4, 10000])  # both kernels: maximum (small) and clip (large)
def test_relu_keeps_negative_zero_and_nan_as_tf(n):
    x = np.full(n, -0.0, np.float32)
    x[1], x[2], x[3] = np.nan, 3.0, -2.0
    got = tf.nn.relu(tf.constant(x)).numpy()
    assert np.signbit(got[0]) and got[0] == 0  # TF returns -0.0 for -0.0
    assert np.isnan(got[1]) and got[2] == 3.0 and got[3] == 0.0 and not np.signbit(got[3])
