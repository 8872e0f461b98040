"""Mixed precision: dtype policies, autocast layers, LossScaleOptimizer, keras.config."""
import numpy as np
import pytest

import fluxion as tf

K = tf.keras


@pytest.fixture
def mixed():
    K.mixed_precision.set_global_policy("mixed_float16")
    try:
        yield
    finally:
        K.mixed_precision.set_global_policy("float32")


def test_dense_mixed_matches_float16_numpy(mixed):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4)).astype("float32")
    layer = K.layers.Dense(2, name="mpt_dense")
    y = layer(x)
    assert y.dtype == tf.float16 and layer.kernel.dtype == tf.float32
    k, b = layer.kernel.numpy(), layer.bias.numpy()
    expected = x.astype(np.float16) @ k.astype(np.float16) + b.astype(np.float16)
    np.testing.assert_allclose(y.numpy().astype(np.float32), expected, rtol=2e-3, atol=2e-3)
    assert isinstance(layer.kernel, tf.Variable)  # restored after the call


def test_gradients_reach_float32_variables(mixed):
    x = np.arange(8, dtype="float32").reshape(2, 4) / 8
    layer = K.layers.Dense(3, name="mpt_grad")
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.cast(layer(x), tf.float32))
    gk, gb = tape.gradient(loss, [layer.kernel, layer.bias])
    assert gk.dtype == tf.float32 and gb.dtype == tf.float32
    np.testing.assert_allclose(gk.numpy(), np.repeat(x.sum(0)[:, None], 3, 1), rtol=1e-3)
    np.testing.assert_allclose(gb.numpy(), [2.0, 2.0, 2.0])


def test_float32_layer_in_mixed_model(mixed):
    d = K.layers.Dense(3, name="mpt_d")
    a = K.layers.Activation("softmax", dtype="float32", name="mpt_a")
    y = a(d(np.ones((2, 4), "float32")))
    assert y.dtype == tf.float32
    np.testing.assert_allclose(y.numpy().sum(-1), [1.0, 1.0], rtol=1e-6)


def test_global_policy_only_affects_new_layers():
    before = K.layers.Dense(2, name="mpt_before")
    K.mixed_precision.set_global_policy("mixed_float16")
    try:
        after = K.layers.Dense(2, name="mpt_after")
        assert K.mixed_precision.global_policy().name == "mixed_float16"
    finally:
        K.mixed_precision.set_global_policy("float32")
    assert before.compute_dtype == "float32" and after.compute_dtype == "float16"
    assert K.mixed_precision.global_policy().name == "float32"


def test_bfloat16_policy_is_refused_by_layers():
    assert K.DTypePolicy("mixed_bfloat16").compute_dtype == "bfloat16"
    with pytest.raises(ValueError, match="bfloat16"):
        K.layers.Dense(2, dtype="mixed_bfloat16", name="mpt_bf")


def test_config_round_trip_keeps_policy(mixed):
    layer = K.layers.Dense(2, name="mpt_cfg")
    clone = K.layers.Dense.from_config(layer.get_config())
    assert clone.dtype_policy == K.DTypePolicy("mixed_float16")
    assert clone.get_config()["dtype"]["config"]["name"] == "mixed_float16"


def _small_model(name):
    return K.Sequential([K.Input((6, 6, 1)),
                         K.layers.Conv2D(4, 3, activation="relu", name=f"{name}_c"),
                         K.layers.Flatten(name=f"{name}_f"),
                         K.layers.Dense(2, name=f"{name}_d"),
                         K.layers.Activation("linear", dtype="float32", name=f"{name}_o")],
                        name=name)


def test_fit_under_mixed_float16(mixed):
    rng = np.random.default_rng(1)
    x = rng.random((32, 6, 6, 1)).astype("float32")
    y = np.stack([x.mean((1, 2, 3)), x.max((1, 2, 3))], 1)
    model = _small_model("mpt_fit")
    model.compile(K.optimizers.Adam(0.01), "mse")
    assert isinstance(model.optimizer, K.mixed_precision.LossScaleOptimizer)
    history = model.fit(x, y, epochs=8, batch_size=8, verbose=0).history["loss"]
    assert np.all(np.isfinite(history)) and history[-1] < history[0]
    assert all(w.dtype == tf.float32 for w in model.weights)
    assert model.predict(x[:2], verbose=0).dtype == np.float32


def test_loss_scaled_step_matches_float32_step():
    rng = np.random.default_rng(2)
    x = rng.random((8, 4)).astype("float32")
    y = rng.random((8, 2)).astype("float32")
    ref = K.Sequential([K.Input((4,)), K.layers.Dense(2, name="mpt_ref")], name="mpt_ref_m")
    ref.compile(K.optimizers.SGD(0.1), "mse")
    K.mixed_precision.set_global_policy("mixed_float16")
    try:
        mp = K.Sequential([K.Input((4,)), K.layers.Dense(2, name="mpt_mp"),
                           K.layers.Activation("linear", dtype="float32", name="mpt_mp_o")],
                          name="mpt_mp_m")
        mp.compile(K.optimizers.SGD(0.1), "mse")
        mp.set_weights(ref.get_weights())
        mp.fit(x, y, batch_size=8, epochs=1, verbose=0)
    finally:
        K.mixed_precision.set_global_policy("float32")
    ref.fit(x, y, batch_size=8, epochs=1, verbose=0)
    for a, b in zip(mp.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, rtol=2e-3, atol=2e-3)
    assert float(mp.optimizer.dynamic_scale.numpy()) == 2.0**15


def test_loss_scale_optimizer_dynamics():
    opt = K.mixed_precision.LossScaleOptimizer(K.optimizers.SGD(1.0), initial_scale=4.0,
                                               dynamic_growth_steps=2)
    v = tf.Variable([1.0, 1.0])
    opt.apply_gradients([(tf.constant([4.0, 8.0]), v)])  # unscaled: [1, 2]
    np.testing.assert_allclose(v.numpy(), [0.0, -1.0])
    opt.apply_gradients([(tf.constant([np.inf, 0.0]), v)])  # skipped, scale halves
    np.testing.assert_allclose(v.numpy(), [0.0, -1.0])
    assert float(opt.dynamic_scale.numpy()) == 2.0 and int(opt.iterations.numpy()) == 1
    opt.apply_gradients([(tf.constant([2.0, 2.0]), v)])
    opt.apply_gradients([(tf.constant([2.0, 2.0]), v)])  # 2 finite steps: scale doubles
    np.testing.assert_allclose(v.numpy(), [-2.0, -3.0])
    assert float(opt.dynamic_scale.numpy()) == 4.0 and int(opt.step_counter.numpy()) == 0
    assert float(opt.scale_loss(tf.constant(1.5))) == 6.0


def test_loss_scale_optimizer_in_function():
    opt = K.mixed_precision.LossScaleOptimizer(K.optimizers.SGD(0.5), initial_scale=2.0)
    v = tf.Variable([1.0, 1.0])

    @tf.function
    def step(g):
        opt.apply_gradients([(g, v)])
    step(tf.constant([2.0, 2.0]))
    step(tf.constant([np.nan, 2.0]))
    np.testing.assert_allclose(v.numpy(), [0.5, 0.5])
    assert float(opt.dynamic_scale.numpy()) == 1.0


def test_save_load_keeps_policies(tmp_path, mixed):
    x = np.random.default_rng(3).random((4, 6, 6, 1)).astype("float32")
    model = _small_model("mpt_save")
    model.compile(K.optimizers.SGD(0.1), "mse")
    model.fit(x, np.zeros((4, 2), "float32"), epochs=1, verbose=0)
    path = str(tmp_path / "m.keras")
    model.save(path)
    K.mixed_precision.set_global_policy("float32")
    loaded = K.models.load_model(path)
    names = [layer.dtype_policy.name for layer in loaded.layers]
    assert names == ["mixed_float16"] * 3 + ["float32"]
    assert loaded.layers[0].compute_dtype == "float16"
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert isinstance(loaded.optimizer, K.mixed_precision.LossScaleOptimizer)
    assert int(loaded.optimizer.iterations.numpy()) == 1


def test_keras_config_functions():
    c = K.config
    assert c.floatx() == "float32" and c.backend() == "tensorflow"
    c.set_dtype_policy("mixed_float16")
    try:
        assert K.dtype_policies.get(None).name == "mixed_float16"
    finally:
        c.set_dtype_policy("float32")
    c.disable_interactive_logging()
    assert c.is_interactive_logging_enabled() is False
    c.enable_interactive_logging()
    assert c.is_interactive_logging_enabled() is True
    with pytest.raises(ValueError):
        K.mixed_precision.set_global_policy(3)
