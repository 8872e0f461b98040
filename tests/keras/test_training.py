"""compile / fit / evaluate / predict / *_on_batch against hand-computed steps."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf

keras = tf.keras


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25).astype(np.float32)
    return x, y


def _linear(seed_weights=True):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    if seed_weights:
        model.set_weights([np.full((3, 1), 0.1, np.float32), np.zeros(1, np.float32)])
    return model


def test_one_fit_step_is_exactly_sgd_on_mse():
    x, y = _data(8)
    model = _linear()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    w, b = np.full((3, 1), 0.1, np.float32), np.zeros(1, np.float32)
    err = x @ w + b - y
    loss = float(np.mean(err ** 2))
    gw, gb = 2 * x.T @ err / len(x), 2 * err.mean(0)
    new_w, new_b = model.get_weights()
    np.testing.assert_allclose(new_w, w - 0.1 * gw, rtol=1e-5)
    np.testing.assert_allclose(new_b, b - 0.1 * gb, rtol=1e-5)
    np.testing.assert_allclose(history.history["loss"], [loss], rtol=1e-5)


@pytest.mark.parametrize("run_eagerly", [False, True])
def test_fit_learns_and_graph_mode_equals_eager(run_eagerly):
    x, y = _data()
    model = _linear()
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse", metrics=["mae"],
                  run_eagerly=run_eagerly)
    history = model.fit(x, y, batch_size=16, epochs=30, shuffle=False, verbose=0)
    losses = history.history["loss"]
    assert set(history.history) == {"loss", "mae"} and len(losses) == 30
    assert losses[-1] < 0.01 * losses[0]
    loss, mae = model.evaluate(x, y, verbose=0)
    assert loss < 0.01 and mae < 0.1
    other = _linear()
    other.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse", metrics=["mae"],
                  run_eagerly=not run_eagerly)
    other.fit(x, y, batch_size=16, epochs=30, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_classification_accuracy_metric_and_predict():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 2)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int32)
    inputs = keras.Input((2,))
    hidden = keras.layers.Dense(8, activation="relu",
                                kernel_initializer=keras.initializers.GlorotUniform(seed=1))
    outputs = keras.layers.Dense(2, kernel_initializer=keras.initializers.GlorotUniform(
        seed=2))(hidden(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True), metrics=["accuracy"])
    np.random.seed(0)  # fit's shuffling
    history = model.fit(x, y, batch_size=32, epochs=40, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    logits = model.predict(x, batch_size=50, verbose=0)
    assert logits.shape == (200, 2) and isinstance(logits, np.ndarray)
    np.testing.assert_allclose(logits, model(x).numpy(), rtol=1e-5, atol=1e-5)
    result = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(result) == {"loss", "accuracy"}
    np.testing.assert_allclose(result["accuracy"], np.mean(logits.argmax(1) == y))


def test_validation_split_and_validation_data_report_val_metrics():
    x, y = _data(50)
    model = _linear()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, validation_split=0.2, epochs=2, verbose=0)
    assert set(history.history) == {"loss", "val_loss"}
    # the last 20% are held out, before any shuffling (as Keras)
    want = model.evaluate(x[40:], y[40:], verbose=0)
    np.testing.assert_allclose(history.history["val_loss"][-1], want, rtol=1e-5)
    history = model.fit(x[:40], y[:40], validation_data=(x[40:], y[40:]), epochs=1, verbose=0)
    assert "val_loss" in history.history


def test_sample_and_class_weights_scale_the_loss():
    x, y = _data(4)
    model = _linear()
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    sw = np.array([1.0, 0.0, 2.0, 1.0], np.float32)
    err2 = ((x @ np.full((3, 1), 0.1) - y) ** 2)[:, 0]
    got = model.fit(x, y, sample_weight=sw, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_allclose(got.history["loss"][0], np.sum(err2 * sw) / 4, rtol=1e-5)
    labels = np.array([0, 1, 1, 0], np.int32)
    clf = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    clf.compile(optimizer=keras.optimizers.SGD(0.0),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    per = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")(
        labels, clf(x)).numpy()
    got = clf.fit(x, labels, class_weight={0: 1.0, 1: 3.0}, batch_size=4, verbose=0)
    np.testing.assert_allclose(got.history["loss"][0], np.mean(per * np.where(labels, 3, 1)),
                               rtol=1e-5)


def test_datasets_and_generators_feed_fit():
    x, y = _data(40)
    model = _linear()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(10)
    history = model.fit(ds, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3

    def gen():
        while True:
            for i in range(0, 40, 10):
                yield x[i:i + 10], y[i:i + 10]
    history = model.fit(gen(), steps_per_epoch=4, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    with pytest.raises(ValueError, match="`y` and `sample_weight` are not supported"):
        model.fit(ds, y, verbose=0)


def test_on_batch_calls_and_uncompiled_errors():
    x, y = _data(8)
    model = _linear()
    with pytest.raises(ValueError, match="compile"):
        model.fit(x, y, verbose=0)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    loss, mae = model.train_on_batch(x, y)
    assert np.isfinite(loss) and np.isfinite(mae)
    logs = model.test_on_batch(x, y, return_dict=True)
    assert set(logs) == {"loss", "mae"}
    np.testing.assert_allclose(model.predict_on_batch(x), model(x).numpy(), rtol=1e-6)


def test_progress_bar_and_epoch_lines(capsys):
    x, y = _data(20)
    model = _linear()
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, batch_size=10, epochs=2, verbose=2)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out and "loss:" in out


def test_regularization_losses_join_the_training_loss():
    x, y = _data(8)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        1, kernel_regularizer=keras.regularizers.L2(0.5), kernel_initializer="ones")])
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    got = model.fit(x, y, batch_size=8, verbose=0).history["loss"][0]
    mse = float(np.mean((x @ np.ones((3, 1)) - y) ** 2))
    np.testing.assert_allclose(got, mse + 0.5 * 3.0, rtol=1e-5)


def test_lstm_classifier_learns_a_task_that_needs_memory_with_fit():
    import random

    random.seed(0)  # unseeded Keras initializers draw their seeds from Python's generator
    np.random.seed(0)
    rng = np.random.default_rng(0)
    n, steps = 256, 10
    labels = rng.integers(0, 2, n).astype(np.int32)
    x = rng.standard_normal((n, steps, 1)).astype(np.float32) * 0.5
    x[:, 0, 0] = np.where(labels == 1, 1.0, -1.0)  # only the first step tells the class
    model = keras.Sequential([keras.Input((steps, 1)), keras.layers.LSTM(16),
                              keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.02),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    history = model.fit(x, labels, batch_size=32, epochs=15, verbose=0)
    assert history.history["accuracy"][-1] > 0.9


def test_multi_output_models_report_each_outputs_loss():
    rng = np.random.default_rng(0)
    x = rng.random((40, 4)).astype(np.float32)
    digits = rng.integers(0, 3, 40).astype(np.int32)
    odd = (digits % 2).astype(np.float32)[:, None]
    inputs = keras.Input((4,), name="img")
    model = keras.Model(inputs, {"digit": keras.layers.Dense(3, name="digit")(inputs),
                                 "odd": keras.layers.Dense(1, activation="sigmoid",
                                                           name="odd")(inputs)})
    model.compile(optimizer=keras.optimizers.SGD(0.0),
                  loss={"digit": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                        "odd": "binary_crossentropy"},
                  loss_weights={"digit": 1.0, "odd": 0.5}, metrics={"digit": ["accuracy"]})
    history = model.fit(x, {"digit": digits, "odd": odd}, batch_size=40, verbose=0).history
    assert sorted(history) == ["digit_accuracy", "digit_loss", "loss", "odd_loss"]
    out = model(x)
    want_digit = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        digits, out["digit"]).numpy()
    want_odd = keras.losses.BinaryCrossentropy()(odd, out["odd"]).numpy()
    np.testing.assert_allclose(history["digit_loss"][0], want_digit, rtol=1e-5)
    np.testing.assert_allclose(history["odd_loss"][0], want_odd, rtol=1e-5)
    np.testing.assert_allclose(history["loss"][0], want_digit + 0.5 * want_odd, rtol=1e-5)


class _CustomStep(keras.Model):
    """Keras 3's "customizing fit" pattern: train_step over self.metrics."""

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        self.optimizer.apply(tape.gradient(loss, self.trainable_variables),
                             self.trainable_variables)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def test_overridden_train_step_with_compiled_metrics_and_float64_data():
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 8)), rng.random((64, 1))  # float64, fed as float32 as in Keras
    inputs = keras.Input((8,))
    model = _CustomStep(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    history = model.fit(x, y, epochs=2, verbose=0).history
    assert sorted(history) == ["loss", "mae"]
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]


class _Wrapper(keras.Model):
    """A model without call(): its train_step trains a sub-model (the VAE/GAN examples'
    shape). x-only data reaches train_step unwrapped, as in Keras 3."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.tracker = keras.metrics.Mean(name="loss")
        self.seen = []
        self.noise = keras.random.SeedGenerator(3)

    @property
    def metrics(self):
        return [self.tracker]

    def train_step(self, data):
        self.seen.append(type(data).__name__)
        noise = keras.random.normal(tf.shape(data), stddev=0.01, seed=self.noise)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.inner(data + noise) - 1.0))
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.tracker.update_state(loss)
        return {"loss": self.tracker.result()}


def test_model_without_call_trains_through_its_own_train_step():
    inner = _linear()
    model = _Wrapper(inner)
    model.compile(optimizer=keras.optimizers.SGD(0.1))
    x, _ = _data()
    history = model.fit(x, epochs=3, batch_size=16, verbose=0).history
    assert model.seen and "tuple" not in model.seen
    assert history["loss"][-1] < history["loss"][0]
    assert model.noise.state.numpy()[1] == 12  # one draw per step: 3 epochs x 4 batches
    assert keras.utils.pack_x_y_sample_weight(x) is x
    assert keras.utils.pack_x_y_sample_weight((x,)) == ((x,),)
    assert keras.utils.unpack_x_y_sample_weight((x, 1))[1:] == (1, None)


def test_set_random_seed_makes_unseeded_models_repeat():
    def weights():
        keras.utils.set_random_seed(7)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4),
                                  keras.layers.Dropout(0.5)])
        return model.get_weights()[0], model(np.ones((2, 3), np.float32), training=True)

    (w1, y1), (w2, y2) = weights(), weights()
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(y1.numpy(), y2.numpy())
    with pytest.raises(ValueError, match="integer"):
        keras.utils.set_random_seed(1.5)


def test_fit_takes_numpy_text_arrays_for_string_inputs():
    words = np.array(["red", "blue", "red", "green"])  # NumPy unicode, not object
    lookup = keras.layers.StringLookup(vocabulary=["red", "blue", "green"])
    inputs = keras.Input((1,), dtype="string")
    outputs = keras.layers.Dense(1)(keras.layers.CategoryEncoding(4)(lookup(inputs)))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(words[:, None], np.ones((4, 1), np.float32), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    np.testing.assert_allclose(model.predict(words[:, None], verbose=0),
                               model(tf.constant(words[:, None].astype(object))).numpy(),
                               rtol=1e-6)
