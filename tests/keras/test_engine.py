"""Keras engine: Layer state and calls, functional and Sequential models, subclassed models,
configs, summary."""
from __future__ import annotations

import json

import numpy as np
import pytest

import fluxion as tf

keras = tf.keras


class Scale(keras.layers.Layer):
    """A layer with its own weights, a sublayer and a training flag."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = keras.layers.Dense(units, use_bias=False, kernel_initializer="ones")
        self.seen_training = []

    def build(self, input_shape):
        self.gain = self.add_weight(shape=(self.units,), initializer="ones", name="gain")
        self.count = self.add_weight(shape=(), initializer="zeros", name="count",
                                     trainable=False)

    def call(self, x, training=None):
        self.seen_training.append(training)
        return self.inner(x) * self.gain

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_weights_are_tracked_in_keras_order_with_paths():
    layer = Scale(name="scale")
    out = layer(np.ones((2, 4), np.float32))
    np.testing.assert_allclose(out.numpy(), np.full((2, 3), 4.0))
    assert [w.path for w in layer.weights] == ["scale/gain", "scale/count",
                                                "dense/kernel"] or \
        [w.name for w in layer.weights] == ["gain", "count", "kernel"]
    assert [w.name for w in layer.trainable_weights] == ["gain", "kernel"]
    assert [w.name for w in layer.non_trainable_weights] == ["count"]
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 3
    assert layer.inner.trainable is False
    assert layer.count_params() == 3 + 1 + 12


def test_unique_default_names_and_bad_arguments():
    a, b = keras.layers.Dense(2), keras.layers.Dense(2)
    assert a.name != b.name and a.name.startswith("dense") and b.name.startswith("dense")
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to Dense"):
        keras.layers.Dense(2, foo=1)
    with pytest.raises(ValueError, match="isn't built"):
        keras.layers.Dense(2).count_params()
    d = keras.layers.Dense(3)
    d.build((None, 2))
    with pytest.raises(ValueError, match="expecting 2 weights"):
        d.set_weights([np.ones((2, 3))])
    with pytest.raises(ValueError, match=r"weight shape \(3,\) is not compatible"):
        d.set_weights([np.ones((2, 3)), np.ones(4)])


def test_training_flag_propagates_to_sublayers():
    class Outer(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.scale = Scale()

        def call(self, x):
            return self.scale(x)

    outer = Outer()
    outer(np.ones((1, 2), np.float32))
    outer.scale.seen_training.clear()
    model_in = keras.Input((2,))
    model = keras.Model(model_in, outer(model_in))
    outer.scale.seen_training.clear()
    model(np.ones((1, 2), np.float32), training=True)
    model(np.ones((1, 2), np.float32), training=False)
    model(np.ones((1, 2), np.float32))
    assert outer.scale.seen_training == [True, False, None]


def test_functional_model_runs_the_recorded_graph():
    x = keras.Input((4,), name="features")
    h = keras.layers.Dense(8, activation="relu", name="hidden")(x)
    y = keras.layers.Dense(3, name="logits")(h)
    model = keras.Model(x, y)
    assert h.shape == (None, 8) and y.shape == (None, 3)
    assert [layer.name for layer in model.layers] == ["features", "hidden", "logits"]
    data = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    w1, b1, w2, b2 = model.get_weights()
    want = np.maximum(data @ w1 + b1, 0) @ w2 + b2
    np.testing.assert_allclose(model(data).numpy(), want, rtol=1e-5)
    np.testing.assert_allclose(tf.function(model)(tf.constant(data)).numpy(), want, rtol=1e-5)
    assert model.get_layer("hidden").output.shape == (None, 8)
    assert model.count_params() == 4 * 8 + 8 + 8 * 3 + 3


def test_functional_model_with_two_inputs_two_outputs_and_shared_layer():
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    shared = keras.layers.Dense(2, name="shared")
    ya, yb = shared(a), shared(b)
    total = ya + yb  # a KerasTensor operator records a layer
    model = keras.Model([a, b], [total, yb])
    xa, xb = np.ones((2, 3), np.float32), np.full((2, 3), 2.0, np.float32)
    out_sum, out_b = model([xa, xb])
    k, bias = shared.get_weights()
    np.testing.assert_allclose(out_b.numpy(), xb @ k + bias, rtol=1e-6)
    np.testing.assert_allclose(out_sum.numpy(), xa @ k + xb @ k + 2 * bias, rtol=1e-6)
    by_name = model({"a": xa, "b": xb})
    np.testing.assert_allclose(by_name[1].numpy(), out_b.numpy())
    assert len(model.weights) == 2  # the shared layer's weights once
    with pytest.raises(ValueError, match="expects 2 input"):
        model([xa])


def test_disconnected_graph_is_refused():
    a, b = keras.Input((3,)), keras.Input((3,))
    y = keras.layers.Dense(2)(b)
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(a, y)


def test_sequential_builds_from_input_or_on_first_call():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(2)])
    assert model.built and model.output_shape == (None, 2) and model.count_params() == 37
    lazy = keras.Sequential([keras.layers.Dense(5), keras.layers.Dense(2)])
    assert not lazy.built
    out = lazy(np.ones((3, 4), np.float32))
    assert lazy.built and out.shape == (3, 2) and lazy.count_params() == 37
    with_shape = keras.Sequential([keras.layers.Dense(5, input_shape=(4,))])
    assert with_shape.built and with_shape.output_shape == (None, 5)
    popped = model.pop()
    assert popped.units == 2 and model.output_shape == (None, 5)
    with pytest.raises(ValueError, match="unique names"):
        keras.Sequential([keras.layers.Dense(2, name="x"), keras.layers.Dense(2, name="x")])


def test_subclassed_model_tracks_layers_and_builds():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = keras.layers.Dense(4, activation="relu")
            self.d2 = keras.layers.Dense(1)

        def call(self, x, training=None):
            return self.d2(self.d1(x))

    net = Net()
    out = net(np.ones((2, 3), np.float32))
    assert out.shape == (2, 1)
    assert [layer.name for layer in net.layers] == [net.d1.name, net.d2.name]
    assert len(net.trainable_weights) == 4
    net2 = Net()
    net2.build((None, 3))
    assert net2.built and len(net2.weights) == 4


def test_configs_round_trip_to_json():
    x = keras.Input((4,))
    y = keras.layers.Dense(3, activation="relu", kernel_regularizer="l2")(x)
    model = keras.Model(x, keras.layers.Dense(2)(y))
    config = json.loads(json.dumps(model.get_config()))
    clone = keras.Model.from_config(config)
    clone.set_weights(model.get_weights())
    data = np.random.default_rng(1).standard_normal((3, 4)).astype(np.float32)
    np.testing.assert_allclose(clone(data).numpy(), model(data).numpy(), rtol=1e-6)
    seq = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    seq_clone = keras.Sequential.from_config(json.loads(json.dumps(seq.get_config())))
    assert seq_clone.output_shape == (None, 3) and seq_clone.count_params() == 15
    layer = keras.layers.Dense(7, use_bias=False, activation="tanh")
    again = keras.layers.deserialize(keras.layers.serialize(layer))
    assert (again.units, again.use_bias) == (7, False)
    custom = Scale(units=2)
    with pytest.raises(TypeError, match="Could not locate class 'Scale'"):
        keras.layers.deserialize(keras.layers.serialize(custom))
    restored = keras.layers.deserialize(keras.layers.serialize(custom),
                                        custom_objects={"Scale": Scale})
    assert restored.units == 2


def test_summary_lists_layers_shapes_and_params():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, name="d1"),
                              keras.layers.Dense(2, name="d2")], name="tiny")
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert 'Model: "tiny"' in text
    assert "d1 (Dense)" in text and "(None, 5)" in text and "25" in text
    assert "Total params: 37" in text and "Trainable params: 37" in text
    assert "Non-trainable params: 0" in text


def test_regularization_losses_are_collected():
    layer = keras.layers.Dense(2, kernel_initializer="ones", kernel_regularizer="l2")
    layer(np.ones((1, 3), np.float32))
    (loss,) = layer.losses
    np.testing.assert_allclose(float(loss), 0.01 * 6.0, rtol=1e-6)  # l2 default 0.01


class Gate(keras.layers.Layer):
    def call(self, x):
        if tf.reduce_sum(x) > 0:  # a tensor condition: AutoGraph makes it a graph cond
            y = x * 2.0
        else:
            y = -x
        return y


def test_user_layers_with_tensor_conditions_run_in_graph_mode():
    inputs = keras.Input((2,))
    model = keras.Model(inputs, Gate()(inputs))
    fn = tf.function(lambda x: model(x))
    pos, neg = np.ones((1, 2), np.float32), -np.ones((1, 2), np.float32)
    np.testing.assert_allclose(fn(tf.constant(pos)).numpy(), pos * 2)
    np.testing.assert_allclose(fn(tf.constant(neg)).numpy(), pos)


def test_compute_output_shape_and_merge_models_from_config():
    assert keras.layers.Dense(3).compute_output_shape((None, 4)) == (None, 3)
    a, b = keras.Input((4,)), keras.Input((4,))
    merged = keras.layers.Concatenate()([keras.layers.Dense(2)(a), keras.layers.Dense(3)(b)])
    model = keras.Model([a, b], keras.layers.Dense(1)(merged))
    clone = keras.Model.from_config(json.loads(json.dumps(model.get_config())))
    clone.set_weights(model.get_weights())
    xs = [np.ones((2, 4), np.float32), np.full((2, 4), 0.5, np.float32)]
    np.testing.assert_allclose(clone(xs).numpy(), model(xs).numpy(), rtol=1e-6)


def test_masks_flow_through_layers_that_support_them():
    tokens = np.array([[3, 5, 0, 0], [2, 0, 0, 0]], np.int32)
    inputs = keras.Input((4,), dtype="int32")
    embedded = keras.layers.Embedding(10, 3, mask_zero=True,
                                      embeddings_initializer="ones")(inputs)
    hidden = keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="ones")(embedded)
    hidden = keras.layers.Dropout(0.5)(hidden)
    pooled = keras.layers.GlobalAveragePooling1D()(hidden)
    model = keras.Model(inputs, pooled)
    out = model(tokens).numpy()
    # every unmasked step is 3 * 1 + 1 = 4; the mask keeps padding out of the average
    np.testing.assert_allclose(out, np.full((2, 2), 4.0))
    from fluxion.keras.losses_base import get_keras_mask

    dense_out = keras.layers.Dense(2)(keras.layers.Embedding(10, 3, mask_zero=True)(tokens))
    np.testing.assert_array_equal(get_keras_mask(dense_out).numpy(), tokens != 0)


def test_functional_layers_and_weights_in_keras_order():
    # the order real Keras 3.15 gives for this graph (recorded with TF 2.21)
    a, b = keras.Input((3,), name="a"), keras.Input((4,), name="b")
    x = keras.layers.Dense(5, name="da")(a)
    y2 = keras.layers.Dense(5, name="db2")(keras.layers.Dense(5, name="db")(b))
    out1 = keras.layers.Dense(1, name="o1")(keras.layers.Add(name="add")([x, y2]))
    model = keras.Model([a, b], [out1, keras.layers.Dense(2, name="o2")(x)])
    assert [layer.name for layer in model.layers] == ["b", "a", "db", "da", "db2", "add",
                                                      "o1", "o2"]
    assert [w.shape for w in model.get_weights()] == [(4, 5), (5,), (3, 5), (5,), (5, 5),
                                                      (5,), (5, 1), (1,), (5, 2), (2,)]


def test_call_losses_belong_to_the_last_top_level_call():
    class Adds(keras.layers.Layer):
        def call(self, x):
            self.add_loss(tf.reduce_sum(x))
            return x

    class Outer(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.a, self.b = Adds(), Adds()

        def call(self, x, use_b=False):
            return self.b(self.a(x)) if use_b else self.a(x)

    outer = Outer()
    outer(np.ones((1, 2), np.float32), use_b=True)
    assert [float(v) for v in outer.losses] == [2.0, 2.0]
    outer(np.full((1, 2), 3.0, np.float32))  # b is not called: its old loss is gone
    assert [float(v) for v in outer.losses] == [6.0]
    assert [float(v) for v in outer.a.losses] == [6.0]


def test_functional_input_and_output_shapes_and_nested_models():
    inputs = keras.Input((6,), name="x")
    encoder = keras.Model(inputs, keras.layers.Dense(2)(inputs), name="encoder")
    outer_in = keras.Input((6,))
    outer = keras.Model(outer_in, keras.layers.Dense(3)(encoder(outer_in)))
    assert encoder.input_shape == (None, 6) and encoder.output_shape == (None, 2)
    assert outer.output_shape == (None, 3)
    assert [layer.name for layer in outer.layers][1] == "encoder"
    assert outer(np.ones((4, 6), np.float32)).shape == (4, 3)
