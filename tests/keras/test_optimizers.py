"""keras.optimizers: every optimizer against a NumPy transcription of Keras 3's update formula
(several steps, float32 and float64), graph mode equal to eager (slots created while tracing),
clipping, weight decay, EMA, gradient accumulation, schedules, configs and identifiers."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import fluxion as tf

K = tf.keras.optimizers
STEPS = 6


def grads_at(step: int, dtype) -> list:
    g1 = np.sin(np.arange(6.0).reshape(2, 3) * 1.3 + step) * (step + 1)
    g2 = np.cos(np.arange(2.0) * 0.7 - step) * 0.5
    return [g1.astype(dtype), g2.astype(dtype)]


def initial_values(dtype) -> list:
    return [np.array([[0.5, -1.2, 2.0], [0.0, 3.0, -0.1]], dtype),
            np.array([0.3, -0.7], dtype)]


# --- NumPy transcriptions of Keras 3's formulas -------------------------------------------------
# `c(x)` is a hyperparameter Keras passes through ops.cast (a Python float becomes float32 first),
# `d(x)` one Keras combines with a tensor directly (converted straight to the variable's dtype).

def _typed(w):
    f = w.dtype.type
    return (lambda x: f(np.float32(x))), (lambda x: f(x))


def np_sgd(lr=0.01, momentum=0.0, nesterov=False):
    def update(t, w, g, s):
        c, _ = _typed(w)
        if momentum:
            m = s["m"] = s.get("m", np.zeros_like(w)) * c(momentum) - g * c(lr)
            return w + (m * c(momentum) - g * c(lr) if nesterov else m)
        return w - g * c(lr)
    return update


def np_adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, weight_decay=None):
    def update(t, w, g, s):
        c, d = _typed(w)
        if weight_decay is not None:
            w = w - w * c(weight_decay) * c(lr)
        step = w.dtype.type(t + 1)
        alpha = c(lr) * np.sqrt(1 - c(beta_2) ** step) / (1 - c(beta_1) ** step)
        m = s["m"] = s.get("m", np.zeros_like(w)) + (g - s.get("m", 0)) * d(1 - beta_1)
        v = s["v"] = s.get("v", np.zeros_like(w)) + (g * g - s.get("v", 0)) * d(1 - beta_2)
        if amsgrad:
            v = s["vh"] = np.maximum(s.get("vh", np.zeros_like(w)), v)
        return w - (m * alpha) / (np.sqrt(v) + d(epsilon))
    return update


def np_rmsprop(lr=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    def update(t, w, g, s):
        c, d = _typed(w)
        v = s["v"] = d(rho) * s.get("v", np.zeros_like(w)) + d(1 - rho) * g * g
        if centered:
            a = s["a"] = d(rho) * s.get("a", np.zeros_like(w)) + d(1 - rho) * g
            denominator = v - a * a + d(epsilon)
        else:
            denominator = v + d(epsilon)
        increment = c(lr) * g / np.sqrt(denominator)
        if momentum > 0:
            increment = s["mo"] = d(momentum) * s.get("mo", np.zeros_like(w)) + increment
        return w - increment
    return update


def np_adagrad(lr=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    def update(t, w, g, s):
        c, d = _typed(w)
        acc = s["acc"] = s.get("acc", np.full_like(w, c(initial_accumulator_value))) + g * g
        return w - c(lr) * g / np.sqrt(acc + d(epsilon))
    return update


def np_adadelta(lr=0.001, rho=0.95, epsilon=1e-7):
    def update(t, w, g, s):
        c, d = _typed(w)
        ag = s["ag"] = d(rho) * s.get("ag", np.zeros_like(w)) + d(1 - rho) * g * g
        ad = s.get("ad", np.zeros_like(w))
        delta = -(np.sqrt(ad + d(epsilon)) * g) / np.sqrt(ag + d(epsilon))
        s["ad"] = d(rho) * ad + d(1 - rho) * delta * delta
        return w + c(lr) * delta
    return update


def np_adamax(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def update(t, w, g, s):
        c, d = _typed(w)
        m = s["m"] = s.get("m", np.zeros_like(w)) + (g - s.get("m", 0)) * d(1 - beta_1)
        u = s["u"] = np.maximum(d(beta_2) * s.get("u", np.zeros_like(w)), np.abs(g))
        correction = 1 - c(beta_1) ** w.dtype.type(t + 1)
        return w - c(lr) * m / (correction * (u + d(epsilon)))
    return update


def np_nadam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def update(t, w, g, s):
        c, d = _typed(w)
        f = w.dtype.type
        product = f(1.0)  # prod of u_i for i <= t+1, updated with Python floats as Keras does
        for i in range(1, t + 2):
            product = product * d(beta_1) * (d(1.0) - d(0.5) * d(0.96) ** f(i))
        u_t = c(beta_1) * (1 - f(0.5) * c(0.96) ** f(t + 1))
        u_t_1 = c(beta_1) * (1 - f(0.5) * c(0.96) ** f(t + 2))
        m = s["m"] = s.get("m", np.zeros_like(w)) + (g - s.get("m", 0)) * (1 - c(beta_1))
        v = s["v"] = s.get("v", np.zeros_like(w)) + (g * g - s.get("v", 0)) * (1 - c(beta_2))
        m_hat = u_t_1 * m / (1 - product * u_t_1) + (1 - u_t) * g / (1 - product)
        v_hat = v / (1 - c(beta_2) ** f(t + 1))
        return w - m_hat * c(lr) / (np.sqrt(v_hat) + d(epsilon))
    return update


def np_ftrl(lr=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
            l1_regularization_strength=0.0, l2_regularization_strength=0.0,
            l2_shrinkage_regularization_strength=0.0, beta=0.0):
    def update(t, w, g, s):
        c, d = _typed(w)
        lr_ = c(lr)
        acc = s.get("acc", np.full_like(w, c(initial_accumulator_value)))
        linear = s.get("linear", np.zeros_like(w))
        power = d(-learning_rate_power)
        l2 = d(l2_regularization_strength) + d(beta) / (2 * lr_)
        new_acc = acc + g * g
        grad = g + d(2 * l2_shrinkage_regularization_strength) * w
        linear = s["linear"] = linear + grad - (new_acc ** power - acc ** power) / lr_ * w
        quadratic = new_acc ** power / lr_ + 2 * l2
        l1 = d(l1_regularization_strength)
        s["acc"] = new_acc
        return (np.clip(linear, -l1, l1) - linear) / quadratic
    return update


def np_lion(lr=0.001, beta_1=0.9, beta_2=0.99, weight_decay=None):
    def update(t, w, g, s):
        c, _ = _typed(w)
        if weight_decay is not None:
            w = w - w * c(weight_decay) * c(lr)
        m = s.get("m", np.zeros_like(w))
        w = w - c(lr) * np.sign(m * c(beta_1) + g * (1 - c(beta_1)))
        s["m"] = m * c(beta_2) + g * (1 - c(beta_2))
        return w
    return update


def np_lamb(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, weight_decay=None):
    def update(t, w, g, s):
        c, d = _typed(w)
        if weight_decay is not None:
            w = w - w * c(weight_decay) * c(lr)
        step = w.dtype.type(t + 1)
        m = s["m"] = s.get("m", np.zeros_like(w)) + (g - s.get("m", 0)) * d(1 - beta_1)
        v = s["v"] = s.get("v", np.zeros_like(w)) + (g * g - s.get("v", 0)) * d(1 - beta_2)
        direction = (m / (1 - c(beta_1) ** step)) / (
            np.sqrt(v / (1 - c(beta_2) ** step)) + d(epsilon))
        w_norm, d_norm = np.sqrt(np.sum(w * w)), np.sqrt(np.sum(direction * direction))
        ratio = w_norm / d_norm if w_norm > 0 and d_norm > 0 else 1
        return w - ratio * c(lr) * direction
    return update


def np_adafactor(lr=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                 clip_threshold=1.0, relative_step=True):
    def rms(x):
        return np.sqrt(np.mean(x * x))

    def update(t, w, g, s):
        c, d = _typed(w)
        step = w.dtype.type(t + 1)
        # relative_step caps lr at 1/sqrt(t) first: the same min Keras takes again for rho
        rho = min(c(lr), 1 / np.sqrt(step))
        alpha = max(c(epsilon_2), rms(w)) * rho
        squares = g * g + d(epsilon_1)
        beta = 1 - step ** d(beta_2_decay)
        if w.ndim >= 2:
            r = s["r"] = beta * s.get("r", 0) + (1 - beta) * squares.mean(-1)
            col = s["c"] = beta * s.get("c", 0) + (1 - beta) * squares.mean(-2)
            v = (r / r.mean(-1, keepdims=True))[..., None] * col[..., None, :]
        else:
            v = s["v"] = beta * s.get("v", np.zeros_like(w)) + (1 - beta) * squares
        u = g / np.sqrt(v)
        return w - alpha * (u / max(w.dtype.type(1), rms(u) / d(clip_threshold)))
    return update


CASES = {
    "sgd": (K.SGD, {}, np_sgd),
    "sgd_momentum": (K.SGD, {"learning_rate": 0.1, "momentum": 0.9}, np_sgd),
    "sgd_nesterov": (K.SGD, {"learning_rate": 0.05, "momentum": 0.5, "nesterov": True},
                     np_sgd),
    "adam": (K.Adam, {}, np_adam),
    "adam_custom": (K.Adam, {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.95,
                             "epsilon": 1e-3}, np_adam),
    "adam_amsgrad": (K.Adam, {"learning_rate": 0.1, "amsgrad": True}, np_adam),
    "adamw": (K.AdamW, {"learning_rate": 0.01, "weight_decay": 0.004}, np_adam),
    "rmsprop": (K.RMSprop, {}, np_rmsprop),
    "rmsprop_centered": (K.RMSprop, {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5,
                                     "centered": True}, np_rmsprop),
    "adagrad": (K.Adagrad, {"learning_rate": 0.1}, np_adagrad),
    "adadelta": (K.Adadelta, {"learning_rate": 1.0}, np_adadelta),
    "adamax": (K.Adamax, {"learning_rate": 0.02}, np_adamax),
    "nadam": (K.Nadam, {"learning_rate": 0.02}, np_nadam),
    "ftrl": (K.Ftrl, {"learning_rate": 0.1}, np_ftrl),
    "ftrl_regularized": (K.Ftrl, {"learning_rate": 0.2, "learning_rate_power": -0.3,
                                  "l1_regularization_strength": 0.05,
                                  "l2_regularization_strength": 0.1,
                                  "l2_shrinkage_regularization_strength": 0.02, "beta": 0.5},
                         np_ftrl),
    "lion": (K.Lion, {"learning_rate": 0.01}, np_lion),
    "lion_decay": (K.Lion, {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9,
                            "weight_decay": 0.1}, np_lion),
    "lamb": (K.Lamb, {"learning_rate": 0.01}, np_lamb),
    "lamb_decay": (K.Lamb, {"learning_rate": 0.05, "beta_1": 0.8, "epsilon": 1e-4,
                            "weight_decay": 0.01}, np_lamb),
    "adafactor": (K.Adafactor, {}, np_adafactor),
    "adafactor_custom": (K.Adafactor, {"learning_rate": 0.05, "beta_2_decay": -0.5,
                                       "epsilon_2": 0.01, "clip_threshold": 0.5,
                                       "relative_step": False}, np_adafactor),
}


def run_numpy(update, dtype, steps=STEPS) -> list:
    values, states = initial_values(dtype), [{}, {}]
    for t in range(steps):
        values = [update(t, w, g, s) for w, g, s in zip(values, grads_at(t, dtype), states)]
    return values


def run_fluxion(opt, dtype, steps=STEPS, graph=False) -> list:
    variables = [tf.Variable(v) for v in initial_values(dtype)]

    def train(g1, g2):
        opt.apply_gradients(zip([g1, g2], variables))

    train = tf.function(train) if graph else train
    for t in range(steps):
        train(*[tf.constant(g) for g in grads_at(t, dtype)])
    return variables


def _numpy_kwargs(kwargs: dict) -> dict:
    kwargs = dict(kwargs)
    if "learning_rate" in kwargs:
        kwargs["lr"] = kwargs.pop("learning_rate")
    return kwargs


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dtype,rtol", [(np.float32, 2e-6), (np.float64, 1e-12)])
def test_update_matches_keras_formula(name, dtype, rtol):
    cls, kwargs, reference = CASES[name]
    expected = run_numpy(reference(**_numpy_kwargs(kwargs)), dtype)
    got = run_fluxion(cls(**kwargs), dtype)
    for g, e in zip(got, expected):
        assert g.dtype == tf.as_dtype(dtype)
        np.testing.assert_allclose(g.numpy(), e, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("name", sorted(CASES))
def test_traced_updates_equal_eager(name):
    cls, kwargs, _ = CASES[name]
    eager_opt, graph_opt = cls(**kwargs), cls(**kwargs)
    eager = run_fluxion(eager_opt, np.float32)
    graph = run_fluxion(graph_opt, np.float32, graph=True)
    for e, g in zip(eager + eager_opt.variables, graph + graph_opt.variables):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-6, atol=1e-7)
    assert int(graph_opt.iterations.numpy()) == STEPS


def test_slots_created_on_first_traced_apply():
    opt = K.Adam(0.1)
    v = tf.Variable([1.0, 2.0])
    assert len(opt.variables) == 2 and not opt.built  # iteration, learning_rate

    @tf.function
    def step(g):
        opt.apply_gradients([(g, v)])

    step(tf.constant([1.0, -1.0]))
    assert opt.built and [x.name for x in opt.variables] == [
        "iteration", "learning_rate", "Variable_0_momentum", "Variable_0_velocity"]
    for _ in range(3):  # later calls run the graph: the slots keep updating
        step(tf.constant([1.0, -1.0]))
    assert step.experimental_get_tracing_count() == 1
    assert int(opt.iterations.numpy()) == 4
    expected = run_numpy_single(np_adam(lr=0.1), [1.0, 2.0], [[1.0, -1.0]] * 4)
    np.testing.assert_allclose(v.numpy(), expected, rtol=1e-6)


def run_numpy_single(update, value, grads) -> np.ndarray:
    w, state = np.array(value, np.float32), {}
    for t, g in enumerate(grads):
        w = update(t, w, np.array(g, np.float32), state)
    return w


def test_adam_graph_is_minimal():
    """Per variable, Adam's traced update is its 12 elementwise ops and 3 assignments; the
    bias correction is computed once per step."""
    def node_count(n_vars: int) -> int:
        opt = K.Adam()
        variables = [tf.Variable(np.ones(3, np.float32)) for _ in range(n_vars)]

        @tf.function
        def step(g):
            opt.apply_gradients([(g, v) for v in variables])

        step(tf.ones(3))
        return len(step.get_concrete_function(tf.ones(3)).graph.nodes)

    assert node_count(3) - node_count(2) <= 15


def test_slot_dtypes_follow_variables():
    opt = K.Adam(0.1)
    v16, v64 = tf.Variable(np.ones(2, np.float16)), tf.Variable(np.ones(2, np.float64))
    opt.apply_gradients([(tf.constant(np.ones(2, np.float16)), v16),
                         (tf.constant(np.ones(2, np.float64)), v64)])
    assert [v.dtype.name for v in opt.variables] == [
        "int64", "float32", "float16", "float16", "float64", "float64"]
    # float16 arithmetic (epsilon underflows to 0): the value real Keras gives
    np.testing.assert_array_equal(v16.numpy(), np.float16([0.9013671875] * 2))
    expected = np_adam(lr=0.1)(0, np.ones(2), np.ones(2), {})
    np.testing.assert_allclose(v64.numpy(), expected, rtol=1e-14)


# --- clipping, weight decay, loss scale, constraints ---------------------------------------------

def _sgd_once(grads, values, **kwargs) -> list:
    variables = [tf.Variable(np.array(v, np.float32)) for v in values]
    K.SGD(1.0, **kwargs).apply_gradients(
        zip([tf.constant(np.array(g, np.float32)) for g in grads], variables))
    return [v.numpy() for v in variables]


def test_clipnorm_is_per_variable():
    got = _sgd_once([[3.0, 4.0], [0.3, 0.4]], [[0.0, 0.0], [0.0, 0.0]], clipnorm=1.0)
    np.testing.assert_allclose(got[0], [-0.6, -0.8], rtol=1e-6)
    np.testing.assert_allclose(got[1], [-0.3, -0.4], rtol=1e-6)  # norm 0.5: unchanged
    assert np.all(np.isfinite(_sgd_once([[0.0, 0.0]], [[1.0, 2.0]], clipnorm=1.0)[0]))


def test_global_clipnorm_scales_all_gradients_together():
    got = _sgd_once([[3.0, 0.0], [0.0, 4.0]], [[0.0, 0.0], [0.0, 0.0]], global_clipnorm=2.5)
    np.testing.assert_allclose(got[0], [-1.5, 0.0], rtol=1e-6)
    np.testing.assert_allclose(got[1], [0.0, -2.0], rtol=1e-6)
    nan = _sgd_once([[np.inf, 1.0]], [[1.0, 2.0]], global_clipnorm=1.0)[0]
    assert np.all(np.isnan(nan))


def test_clipvalue_clips_each_entry():
    got = _sgd_once([[3.0, -0.2, -5.0]], [[0.0, 0.0, 0.0]], clipvalue=0.5)
    np.testing.assert_allclose(got[0], [-0.5, 0.2, 0.5], rtol=1e-6)


def test_only_one_clipping_argument():
    with pytest.raises(ValueError, match="Only one of"):
        K.SGD(clipnorm=1.0, global_clipnorm=1.0)


def test_weight_decay_and_exclusions():
    kernel, bias = tf.Variable([1.0, 2.0], name="kernel"), tf.Variable([1.0, 2.0], name="bias")
    opt = K.SGD(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply_gradients([(tf.constant([1.0, 1.0]), kernel), (tf.constant([1.0, 1.0]), bias)])
    np.testing.assert_allclose(kernel.numpy(), np.float32([1.0, 2.0]) * 0.95 - 0.1, rtol=1e-6)
    np.testing.assert_allclose(bias.numpy(), [0.9, 1.9], rtol=1e-6)
    w = tf.Variable([1.0])
    opt = K.AdamW(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_list=[w])
    opt.apply_gradients([(tf.constant([0.0]), w)])
    np.testing.assert_allclose(w.numpy(), [1.0])


def test_loss_scale_factor_unscales_gradients():
    got = _sgd_once([[4.0, -8.0]], [[0.0, 0.0]], loss_scale_factor=4.0)
    np.testing.assert_allclose(got[0], [-1.0, 2.0])
    assert float(K.SGD(loss_scale_factor=8.0).scale_loss(tf.constant(2.0))) == 16.0


def test_constraint_applied_after_update():
    v = tf.Variable([0.5, -0.5], constraint=lambda x: tf.clip_by_value(x, -0.6, 0.6))
    K.SGD(1.0).apply_gradients([(tf.constant([-1.0, 1.0]), v)])
    np.testing.assert_allclose(v.numpy(), [0.6, -0.6])


def test_none_gradients_are_skipped_with_a_warning():
    v, w = tf.Variable([1.0], name="v"), tf.Variable([2.0])
    opt = K.SGD(0.5)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['v:0'\]"):
        opt.apply_gradients([(None, v), (tf.constant([1.0]), w)])
    assert v.numpy()[0] == 1.0 and w.numpy()[0] == 1.5 and int(opt.iterations.numpy()) == 1
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, v), (None, w)])


def test_apply_errors_and_results():
    v = tf.Variable([1.0])
    opt = K.SGD()
    with pytest.raises(ValueError, match="must already be built"):
        opt.apply([tf.constant([1.0])])
    assert opt.apply_gradients([(tf.constant([1.0]), v)]) is opt.iterations
    assert opt.apply([tf.constant([1.0])]) is None and int(opt.iterations.numpy()) == 2
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0]))])
    with pytest.raises(ValueError, match="one-to-on"):
        opt.apply([tf.constant([1.0]), tf.constant([1.0])])
    assert not hasattr(opt, "minimize")  # Keras 3 optimizers have no minimize()


# --- EMA and gradient accumulation ---------------------------------------------------------------

@pytest.mark.parametrize("graph", [False, True])
def test_ema_and_overwrite(graph):
    v = tf.Variable([1.0, -1.0])
    opt = K.SGD(0.5, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=3)
    grads = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0], [1.0, 1.0]]

    def step(g):
        opt.apply_gradients([(g, v)])

    step = tf.function(step) if graph else step
    w, average = np.float32([1.0, -1.0]), None
    for t, g in enumerate(grads):
        step(tf.constant(g))
        w = w - np.float32(0.5) * np.float32(g)
        average = w if average is None else np.float32(0.5) * average + np.float32(0.5) * w
        if (t + 1) % 3 == 0:
            w = average
        np.testing.assert_allclose(v.numpy(), w, rtol=1e-6)
    np.testing.assert_allclose(opt.variables[2].numpy(), average, rtol=1e-6)
    opt.finalize_variable_values([v])
    np.testing.assert_allclose(v.numpy(), average, rtol=1e-6)


@pytest.mark.parametrize("graph", [False, True])
def test_gradient_accumulation_averages_every_n_steps(graph):
    v, reference = tf.Variable([1.0, 2.0]), tf.Variable([1.0, 2.0])
    opt = K.Adam(0.1, gradient_accumulation_steps=2)
    plain = K.Adam(0.1)

    def step(g):
        opt.apply_gradients([(g, v)])

    step = tf.function(step) if graph else step
    grads = [[1.0, -2.0], [3.0, 0.5], [0.2, 0.2], [-1.0, 4.0]]
    for i, g in enumerate(grads):
        step(tf.constant(g))
        if i % 2 == 1:
            mean = (np.float32(grads[i - 1]) + np.float32(g)) / 2
            plain.apply_gradients([(tf.constant(mean), reference)])
        np.testing.assert_allclose(v.numpy(), reference.numpy(), rtol=1e-6)
    assert int(opt._iterations.numpy()) == 4 and int(opt.iterations.numpy()) == 2


# --- learning rates ------------------------------------------------------------------------------

def test_learning_rate_forms():
    opt = K.SGD(0.25)
    assert isinstance(opt.learning_rate, tf.Variable) and opt.learning_rate.dtype == tf.float32
    opt.learning_rate = 0.5
    assert opt.get_config()["learning_rate"] == 0.5
    for bad in (1, tf.constant(0.1), np.float32(0.1)):
        with pytest.raises(ValueError, match="should be float"):
            K.SGD(bad)
    schedule = K.schedules.ExponentialDecay(0.1, 2, 0.5)
    opt.learning_rate = schedule  # replaces (and untracks) the variable
    assert [x.name for x in opt.variables] == ["iteration"]
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.3
    v = tf.Variable([1.0])
    opt = K.SGD(lambda: 0.5)
    opt.apply_gradients([(tf.constant([1.0]), v)])
    assert v.numpy()[0] == 0.5


def test_schedule_evaluated_at_iterations():
    opt = K.SGD(K.schedules.ExponentialDecay(0.1, 2, 0.5))
    v = tf.Variable([0.0])
    expected = 0.0
    for t in range(4):
        opt.apply_gradients([(tf.constant([1.0]), v)])
        expected -= 0.1 * 0.5 ** (t / 2)
    np.testing.assert_allclose(v.numpy(), [expected], rtol=1e-6)
    np.testing.assert_allclose(float(opt.learning_rate), 0.1 * 0.5 ** 2, rtol=1e-6)


# --- schedules: closed forms ---------------------------------------------------------------------

def _cosine(step, decay_steps, initial, alpha):
    step = min(step, decay_steps)
    return initial * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * step / decay_steps)) + alpha)


def _restarts(step, first, initial, t_mul, m_mul, alpha):
    period, start, i = first, 0.0, 0
    while step >= start + period:
        start, period, i = start + period, period * t_mul, i + 1
    fraction = (step - start) / period
    return initial * ((1 - alpha) * 0.5 * m_mul ** i * (1 + math.cos(math.pi * fraction)) + alpha)


def _polynomial_cycle(step, decay_steps, initial, end):
    steps = decay_steps * max(1.0, math.ceil(step / decay_steps))
    return (initial - end) * (1 - step / steps) + end


SCHEDULES = [
    (K.schedules.ExponentialDecay(0.1, 3, 0.5), lambda s: 0.1 * 0.5 ** (s / 3)),
    (K.schedules.ExponentialDecay(0.1, 3, 0.5, staircase=True),
     lambda s: 0.1 * 0.5 ** (s // 3)),
    (K.schedules.PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1]),
     lambda s: 1.0 if s <= 2 else 0.5 if s <= 5 else 0.1),
    (K.schedules.PolynomialDecay(0.1, 6, end_learning_rate=0.01, power=2.0),
     lambda s: 0.09 * (1 - min(s, 6) / 6) ** 2 + 0.01),
    (K.schedules.PolynomialDecay(0.1, 3, end_learning_rate=0.01, cycle=True),
     lambda s: _polynomial_cycle(s, 3, 0.1, 0.01)),
    (K.schedules.InverseTimeDecay(0.1, 2, 0.5), lambda s: 0.1 / (1 + 0.5 * s / 2)),
    (K.schedules.InverseTimeDecay(0.1, 2, 0.5, staircase=True),
     lambda s: 0.1 / (1 + 0.5 * (s // 2))),
    (K.schedules.CosineDecay(0.1, 6, alpha=0.2), lambda s: _cosine(s, 6, 0.1, 0.2)),
    (K.schedules.CosineDecay(0.0, 6, warmup_target=0.2, warmup_steps=3),
     lambda s: 0.2 * s / 3 if s < 3 else _cosine(s - 3, 6, 0.2, 0.0)),
    (K.schedules.CosineDecayRestarts(0.1, 2), lambda s: _restarts(s, 2, 0.1, 2.0, 1.0, 0.0)),
    (K.schedules.CosineDecayRestarts(0.1, 3, t_mul=1.0, m_mul=0.5, alpha=0.1),
     lambda s: _restarts(s, 3, 0.1, 1.0, 0.5, 0.1)),
]


@pytest.mark.parametrize("schedule,closed_form", SCHEDULES,
                         ids=[type(s).__name__ for s, _ in SCHEDULES])
def test_schedule_closed_form(schedule, closed_form):
    step_var = tf.Variable(np.int64(0))

    @tf.function
    def traced():
        return schedule(step_var)

    for step in range(16):
        expected = closed_form(step)
        value = schedule(step)
        assert value.dtype == tf.float32
        np.testing.assert_allclose(float(value), expected, rtol=2e-5, atol=1e-7)
        step_var.assign(step)
        np.testing.assert_allclose(float(traced()), expected, rtol=2e-5, atol=1e-7)


def test_schedule_errors_and_configs():
    with pytest.raises(ValueError, match="decay_steps"):
        K.schedules.CosineDecay(0.1, 0)
    with pytest.raises(ValueError, match="1 less than"):
        K.schedules.PiecewiseConstantDecay([1, 2], [0.1])
    with pytest.raises(NotImplementedError):
        K.schedules.LearningRateSchedule()(1)
    for schedule, _ in SCHEDULES:
        config = K.schedules.serialize(schedule)
        assert config["module"] == "keras.optimizers.schedules"
        clone = K.schedules.deserialize(config)
        assert type(clone) is type(schedule) and clone.get_config() == schedule.get_config()


# --- configs and identifiers ---------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CASES))
def test_config_round_trip(name):
    cls, kwargs, _ = CASES[name]
    opt = cls(**kwargs, clipnorm=2.0)
    config = opt.get_config()
    clone = cls.from_config(config)
    assert clone.get_config() == config
    restored = K.deserialize(K.serialize(opt))
    assert type(restored) is cls and restored.get_config() == config


def test_config_with_schedule_round_trips():
    opt = K.Adam(K.schedules.PolynomialDecay(0.1, 100, power=2.0), global_clipnorm=1.0)
    config = K.serialize(opt)
    assert config["config"]["learning_rate"]["class_name"] == "PolynomialDecay"
    clone = K.deserialize(config)
    assert isinstance(clone._learning_rate, K.schedules.PolynomialDecay)
    assert clone.get_config() == opt.get_config()


def test_get_identifiers():
    for identifier, cls in [("adam", K.Adam), ("SGD", K.SGD), ("rmsprop", K.RMSprop),
                            ("RMSprop", K.RMSprop), ("adamw", K.AdamW), ("Nadam", K.Nadam),
                            ("ftrl", K.Ftrl), ("lion", K.Lion), ("adagrad", K.Adagrad),
                            ("adadelta", K.Adadelta), ("adamax", K.Adamax),
                            ("adafactor", K.Adafactor)]:
        assert type(K.get(identifier)) is cls
    opt = K.get({"class_name": "SGD", "config": {"learning_rate": 0.5, "momentum": 0.9}})
    assert isinstance(opt, K.SGD) and opt.momentum == 0.9
    assert K.get(opt) is opt and K.get(None) is None
    for bad in ("nope", 5, {"class_name": "Nope", "config": {}}, "lamb",
                K.schedules.ExponentialDecay(0.1, 2, 0.5)):
        with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
            K.get(bad)


def test_default_hyperparameters():
    assert K.Adam().get_config()["epsilon"] == 1e-7
    assert float(K.Adam().learning_rate) == pytest.approx(0.001)
    assert float(K.SGD().learning_rate) == pytest.approx(0.01)
    config = K.RMSprop().get_config()
    assert (config["rho"], config["epsilon"], config["momentum"]) == (0.9, 1e-7, 0.0)
    assert K.AdamW().weight_decay == 0.004 and K.Adagrad().initial_accumulator_value == 0.1
    assert K.Adadelta().rho == 0.95 and K.Lion().beta_2 == 0.99
    assert K.Ftrl().learning_rate_power == -0.5 and K.Nadam().beta_2 == 0.999


def test_custom_optimizer_subclass():
    @tf.keras.utils.register_keras_serializable(package="test")
    class SignSGD(K.Optimizer):
        def __init__(self, learning_rate=0.1, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)

        def build(self, variables):
            super().build(variables)
            self.steps = self.add_optimizer_variables(variables, "steps")

        def update_step(self, gradient, variable, learning_rate):
            self.assign_sub(variable, tf.sign(gradient) * learning_rate)
            self.assign_add(self.steps[self._get_variable_index(variable)], tf.ones_like(variable))

    v = tf.Variable([1.0, 2.0])
    opt = SignSGD()
    for _ in range(2):
        opt.apply_gradients([(tf.constant([3.0, -0.1]), v)])
    np.testing.assert_allclose(v.numpy(), [0.8, 2.2], rtol=1e-6)
    np.testing.assert_allclose(opt.variables[-1].numpy(), [2.0, 2.0])
    assert isinstance(K.deserialize(K.serialize(opt)), SignSGD)

    class Broken(K.Optimizer):
        def __init__(self):
            self.x = 1

    with pytest.raises(RuntimeError, match="forgot to call `super"):
        Broken()


def test_argument_validation():
    for make in (lambda: K.SGD(momentum=1), lambda: K.SGD(momentum=1.5),
                 lambda: K.Adam(foo=1), lambda: K.AdamW(weight_decay=None),
                 lambda: K.SGD(gradient_accumulation_steps=1),
                 lambda: K.SGD(use_ema=True, ema_momentum=1.5), lambda: K.Lion(beta_1=0.0),
                 lambda: K.Ftrl(learning_rate_power=0.5),
                 lambda: K.Ftrl(l2_regularization_strength=-1.0)):
        with pytest.raises(ValueError):
            make()
    with pytest.warns(UserWarning, match="decay"):
        K.SGD(decay=0.1)
    with pytest.raises(ImportError, match="legacy"):
        K.legacy.Adam()


def test_set_weights_and_own_variables():
    v = tf.Variable([1.0, 2.0])
    opt = K.SGD(0.1, momentum=0.9)
    with pytest.raises(ValueError, match="not yet been built"):
        opt.set_weights([])
    opt.build([v])
    opt.set_weights([np.int64(5), np.float32(0.5), np.array([1.0, -1.0], np.float32)])
    store = {}
    opt.save_own_variables(store)
    assert sorted(store) == ["0", "1", "2"] and store["0"] == 5
    other = K.SGD(0.1, momentum=0.9)
    other.build([v])
    other.load_own_variables(store)
    np.testing.assert_allclose(other.variables[2].numpy(), [1.0, -1.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        K.SGD().load_own_variables(store)
    assert "Skipping variable loading" in str(caught[0].message)
