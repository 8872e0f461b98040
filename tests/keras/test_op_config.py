"""Operations on KerasTensors in functional models (`x / 255.0`, `x[:, 0:2]`,
`keras.ops.concatenate`, activations) saved and loaded as Keras 3 does: configs (pinned against
real Keras in tests/fixtures/keras_op_config.json), `.keras` files written by real Keras
(tests/fixtures/keras_ops, made by tools/make_keras_op_fixtures.py), Fluxion's own save ->
load round trip, and clone_model."""
import json
import pathlib

import numpy as np
import pytest

import fluxion as tf

keras = tf.keras
ops = keras.ops
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "keras_ops"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
FEEDS = {"scaled_dense": ["pixels"], "many_ops": ["a", "b"]}


def _feed(name):
    xs = [np.array(EXPECTED["inputs"][k], "float32") for k in FEEDS[name]]
    return xs if len(xs) > 1 else xs[0]


def _predict(model, feed) -> list:
    out = model.predict(feed, verbose=0)
    return [np.asarray(o) for o in (out if isinstance(out, list) else [out])]


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_keras_written_file_loads_and_predicts(name):
    model = keras.models.load_model(FIXTURES / f"{name}.keras")
    outputs = _predict(model, _feed(name))
    expected = EXPECTED["outputs"][name]
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(got, np.array(want), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_save_load_round_trip(name, tmp_path):
    model = keras.models.load_model(FIXTURES / f"{name}.keras")
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    assert json.dumps(again.get_config(), sort_keys=True) == \
        json.dumps(model.get_config(), sort_keys=True)
    for a, b in zip(_predict(model, _feed(name)), _predict(again, _feed(name))):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_clone_model(name):
    model = keras.models.load_model(FIXTURES / f"{name}.keras")
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    assert [type(op).__name__ for op in clone._graph.layers] == \
        [type(op).__name__ for op in model._graph.layers]
    for a, b in zip(_predict(model, _feed(name)), _predict(clone, _feed(name))):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def _built_model():
    keras.backend.clear_session()
    x = keras.Input((4,), name="x")
    y = keras.Input((4,), name="y")
    outs = [2.0 - x, x[:, 1:3], ops.concatenate([x, y], axis=-1), ops.mean(x * y, axis=1),
            keras.activations.relu(x, max_value=0.5), ops.cast(x > y, tf.int32),
            ops.where(x > 0), ops.split(x, [1, 3], axis=1)[1]]
    return keras.Model([x, y], outs)


def test_built_model_config_and_values(tmp_path):
    model = _built_model()
    config = model.get_config()
    by_name = {e["name"]: e for e in config["layers"]}
    assert by_name["subtract"]["inbound_nodes"][0]["args"][0] == 2.0  # constant first
    assert by_name["cast"]["config"] == {"name": "cast", "dtype": "int32"}
    assert by_name["re_lu"]["config"] == {"name": "re_lu", "negative_slope": 0.0,
                                          "max_value": 0.5, "threshold": 0.0}
    assert by_name["split"]["config"]["indices_or_sections"] == [1, 3]
    key = by_name["get_item"]["inbound_nodes"][0]["args"][1]
    assert key[1] == {"class_name": "__slice__", "config": {"start": 1, "stop": 3, "step": None}}
    # op layers are not model.layers, as Keras' operations
    assert [layer.name for layer in model.layers] == ["x", "y"]
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)).astype("float32"), rng.normal(size=(3, 4)).astype("float32")
    model.save(tmp_path / "built.keras")
    loaded = keras.models.load_model(tmp_path / "built.keras")
    clone = keras.models.clone_model(model)
    want = [2.0 - a, a[:, 1:3], np.concatenate([a, b], -1), (a * b).mean(1),
            np.clip(a, 0.0, 0.5), (a > b).astype("int32"), a[:, 1:3]]
    for m in (model, loaded, clone):
        got = m([a, b])
        for i in (0, 1, 2, 3, 4, 5):
            np.testing.assert_allclose(np.asarray(got[i]), want[i], rtol=1e-6)
        assert got[5].dtype == tf.int32
        np.testing.assert_allclose(np.asarray(got[7]), want[6])
        rows, cols = (np.asarray(t) for t in got[6])
        np.testing.assert_array_equal(rows, np.nonzero(a > 0)[0])
        np.testing.assert_array_equal(cols, np.nonzero(a > 0)[1])


def test_from_config_round_trip_keeps_config():
    model = _built_model()
    config = model.get_config()
    again = keras.Model.from_config(json.loads(json.dumps(config)))
    assert json.dumps(again.get_config(), sort_keys=True) == json.dumps(config, sort_keys=True)


def test_reflected_and_operator_values():
    x = keras.Input((3,))
    outs = [1.0 / x, 3.0 ** x, 7.0 // x, 5.0 % x, -x, abs(x), x @ np.eye(3, dtype="float32")]
    model = keras.Model(x, outs)
    v = np.array([[1.5, -2.0, 4.0]], "float32")
    want = [1.0 / v, 3.0 ** v, np.floor_divide(7.0, v), np.mod(5.0, v), -v, np.abs(v), v]
    for got, w in zip(model(v), want):
        np.testing.assert_allclose(np.asarray(got), w, rtol=1e-6)


def test_gradient_through_recorded_ops():
    # (a functional model computes in float32 here: Fluxion's Model casts float64 inputs)
    x = keras.Input((3,))
    model = keras.Model(x, x * 2.0 + x ** 2 - ops.exp(x))
    v = tf.constant([[0.1, -0.4, 1.2]])
    with tf.GradientTape() as tape:
        tape.watch(v)
        total = tf.reduce_sum(model(v))
    grad = tape.gradient(total, v).numpy()
    np.testing.assert_allclose(grad, 2.0 + 2 * v.numpy() - np.exp(v.numpy()), rtol=1e-5)
    eps = 1e-2
    base = v.numpy()
    for i in range(3):
        up, down = base.copy(), base.copy()
        up[0, i] += eps
        down[0, i] -= eps
        fd = (np.sum(model(up).numpy()) - np.sum(model(down).numpy())) / (2 * eps)
        np.testing.assert_allclose(grad[0, i], fd, rtol=1e-3)


def test_unsupported_op_names_itself():
    x = keras.Input((3,))
    model = keras.Model(x, ops.sin(x) + 1.0)
    np.testing.assert_allclose(np.asarray(model(np.zeros((1, 3), "float32"))), 1.0)
    with pytest.raises(NotImplementedError, match="'sin'"):
        model.get_config()


def test_unknown_keras_op_in_config_names_itself():
    model = _built_model()
    config = json.loads(json.dumps(model.get_config()))
    entry = next(e for e in config["layers"] if e["name"] == "subtract")
    entry["class_name"] = entry["registered_name"] = "Hypot"
    with pytest.raises(NotImplementedError, match="Hypot"):
        keras.Model.from_config(config)


def test_cast_dtype_is_written_by_name():
    x = keras.Input((2,))
    model = keras.Model(x, [ops.cast(x, np.float16), ops.cast(x, tf.int64)])
    casts = [e["config"]["dtype"] for e in model.get_config()["layers"]
             if e["class_name"] == "Cast"]
    assert sorted(casts) == ["float16", "int64"]


def test_ops_keep_their_input_dtype():
    x = keras.Input((2,), dtype="float64")
    y = x * 2.0
    assert y.dtype == "float64"
    assert keras.activations.linear(x) is x
