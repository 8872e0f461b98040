"""keras.utils.FeatureSpace: encoded values against NumPy compositions of the adapted
preprocessors, column order, single examples, dict mode, Dataset.map, the structured-data
example end to end (adapt, map, fit, predict on one raw example) and `.keras` saving."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf

FS = tf.keras.utils.FeatureSpace


def _data() -> dict:
    return {"f": np.array([0., 1., 2., 3., 4., 5.], "float32"),
            "s": np.array(["a", "b", "a", "c", "b", "a"]),
            "i": np.array([1, 2, 3, 1, 2, 7], "int64")}


def _concat_space(**kwargs) -> FS:
    fs = FS(features={"s": "string_categorical", "i": "integer_categorical",
                      "f": "float_normalized"}, crosses=[("s", "i")], crossing_dim=4, **kwargs)
    fs.adapt(tf.data.Dataset.from_tensor_slices(_data()))
    return fs


def _one_hot(values, vocab) -> np.ndarray:
    index = {v: k for k, v in enumerate(vocab)}
    out = np.zeros((len(values), len(vocab)), np.float32)
    for row, v in enumerate(values):
        out[row, index.get(v, 0)] = 1.0  # index 0: the OOV token
    return out


def _expected_concat(fs: FS, data: dict) -> np.ndarray:
    """Features by sorted name (f, i, s), then the cross, each one-hot over its own space."""
    f = data["f"].astype(np.float64)
    mean, std = _data()["f"].mean(), _data()["f"].std()
    ivocab = fs.preprocessors["i"].get_vocabulary()
    svocab = [v.decode() if isinstance(v, bytes) else v
              for v in fs.preprocessors["s"].get_vocabulary()]
    s_ids = fs.preprocessors["s"](tf.constant(data["s"].reshape(-1, 1)))
    i_ids = fs.preprocessors["i"](tf.constant(data["i"].reshape(-1, 1)))
    crossed = tf.keras.layers.HashedCrossing(4, name="fs_test_cross")([s_ids, i_ids])
    cross = np.eye(4, dtype=np.float32)[crossed.numpy().ravel()]
    return np.concatenate([((f - mean) / std)[:, None], _one_hot(list(data["i"]), ivocab),
                           _one_hot(list(data["s"]), svocab), cross], axis=1)


def test_concat_values_and_column_order():
    fs = _concat_space()
    out = fs(_data())
    assert out.dtype == tf.float32 and tuple(out.shape) == (6, 1 + 5 + 4 + 4)
    np.testing.assert_allclose(out.numpy(), _expected_concat(fs, _data()), atol=1e-5)
    assert fs.preprocessors["s"].get_vocabulary()[:2] == ["[UNK]", "a"]  # by frequency


def test_single_example_list_and_2d_inputs_agree_with_batch():
    fs = _concat_space()
    batch = fs(_data()).numpy()
    one = fs({k: v[3] for k, v in _data().items()})
    assert tuple(one.shape) == (14,)
    np.testing.assert_allclose(one.numpy(), batch[3], atol=1e-6)
    two_d = fs({k: v.reshape(-1, 1) for k, v in _data().items()})
    np.testing.assert_allclose(two_d.numpy(), batch, atol=1e-6)
    lists = fs({"f": [0.0, 5.0], "s": ["a", "zz"], "i": [1, 99]}).numpy()
    np.testing.assert_allclose(lists[0], batch[0], atol=1e-6)
    assert lists[1, 1] == 1.0 and lists[1, 6] == 1.0  # unseen int and string: OOV columns


def test_dict_mode_shapes_dtypes_and_single_example():
    fs = FS(features={"s": FS.string_categorical(output_mode="int"), "i": "integer_hashed",
                      "f": "float", "g": FS.float_discretized(3, output_mode="int")},
            crosses=[FS.cross(("s", "i"), 8, output_mode="int")], output_mode="dict",
            hashing_dim=16)
    data = {**_data(), "g": np.array([0.5, 1.5, 2.5, 3.5, 0.1, 9.], "float32")}
    fs.adapt(tf.data.Dataset.from_tensor_slices(data).batch(2))
    out = fs(data)
    assert list(out) == ["f", "g", "i", "s", "s_X_i"]
    want = {"f": (tf.float32, (6, 1)), "g": (tf.int32, (6, 1)), "i": (tf.float32, (6, 16)),
            "s": (tf.int64, (6, 1)), "s_X_i": (tf.int64, (6, 1))}
    for key, (dtype, shape) in want.items():
        assert out[key].dtype == dtype and tuple(out[key].shape) == shape, key
    np.testing.assert_array_equal(out["f"].numpy().ravel(), data["f"])
    np.testing.assert_array_equal(out["i"].numpy().sum(axis=1), np.ones(6))
    assert np.all((out["s_X_i"].numpy() >= 0) & (out["s_X_i"].numpy() < 8))
    one = fs({k: v[2] for k, v in data.items()})
    assert tuple(one["i"].shape) == (16,) and tuple(one["s"].shape) == (1,)
    np.testing.assert_array_equal(one["i"].numpy(), out["i"].numpy()[2])
    encoded = fs.get_encoded_features()
    assert {k: tuple(v.shape) for k, v in encoded.items()} == {
        "f": (None, 1), "g": (None, 1), "i": (None, 16), "s": (None, 1), "s_X_i": (None, 1)}


def test_every_type_by_name_widths():
    data = _data()
    fs = FS(features={"f": "float", "g": "float_rescaled", "n": "float_normalized",
                      "d": "float_discretized", "i": "integer_categorical",
                      "s": "string_categorical", "ih": "integer_hashed",
                      "sh": "string_hashed"}, hashing_dim=5, num_discretization_bins=3)
    all_data = {"f": data["f"], "g": data["f"], "n": data["f"], "d": data["f"],
                "i": data["i"], "s": data["s"], "ih": data["i"], "sh": data["s"]}
    fs.adapt(all_data)  # a dict of arrays is accepted too
    out = fs(all_data).numpy()
    # d(3) + f(1) + g(1) + i(5) + ih(5) + n(1) + s(4) + sh(5)
    assert out.shape == (6, 25)
    np.testing.assert_array_equal(out[:, 3], data["f"])  # "float": unchanged
    np.testing.assert_array_equal(out[:, 4], data["f"])  # "float_rescaled": scale 1
    np.testing.assert_allclose(out[:, 15], (data["f"] - 2.5) / data["f"].std(), atol=1e-5)
    for start, width in ((0, 3), (5, 5), (10, 5), (16, 4), (20, 5)):
        np.testing.assert_array_equal(out[:, start:start + width].sum(axis=1), np.ones(6))


def test_no_adaptation_needed_and_errors():
    fs = FS(features={"a": "float", "b": FS.float_rescaled(scale=2.0, offset=1.0)})
    np.testing.assert_allclose(fs({"a": [1.0, 2.0], "b": [3.0, 4.0]}).numpy(),
                               [[1.0, 7.0], [2.0, 9.0]])
    with pytest.raises(ValueError, match="adapt"):
        FS(features={"a": "float_normalized"}).get_inputs()
    with pytest.raises(ValueError, match="Invalid feature type"):
        FS(features={"a": "floaty"})
    with pytest.raises(ValueError, match="only be called with a dict"):
        fs([1.0])
    with pytest.raises(ValueError, match="not been encoded"):
        FS(features={"s": FS.string_categorical(output_mode="int")}).adapt({"s": ["x"]})
    with pytest.raises(ValueError, match="present in the `features`"):
        FS(features={"a": "float"}, crosses=[("a", "b")])


def test_dataset_map_matches_eager():
    fs = _concat_space()
    eager = fs(_data()).numpy()
    labelled = tf.data.Dataset.from_tensor_slices((_data(), np.arange(6))).batch(4)
    mapped = labelled.map(lambda x, y: (fs(x), y), num_parallel_calls=tf.data.AUTOTUNE)
    got = np.concatenate([x.numpy() for x, _ in mapped])
    np.testing.assert_allclose(got, eager, atol=1e-6)
    rows = [x.numpy() for x in tf.data.Dataset.from_tensor_slices(_data()).map(fs)]
    np.testing.assert_allclose(np.stack(rows), eager, atol=1e-6)


def test_structured_data_example_end_to_end():
    """The Keras example: adapt, map over a labelled dataset, a model on the encoded
    features trained with fit, and an inference model that takes one raw example."""
    rng = np.random.default_rng(0)
    n = 64
    raw = {"age": rng.uniform(20, 70, n).astype("float32"),
           "thal": rng.choice(["fixed", "normal", "reversible"], n),
           "sex": rng.integers(0, 2, n).astype("int64")}
    labels = ((raw["thal"] == "reversible") | (raw["age"] > 55)).astype("float32")
    fs = FS(features={"age": "float_normalized", "thal": "string_categorical",
                      "sex": "integer_categorical"}, crosses=[("thal", "sex")],
            crossing_dim=8, output_mode="concat")
    train_ds = tf.data.Dataset.from_tensor_slices((raw, labels)).batch(16)
    fs.adapt(train_ds.map(lambda x, _: x))
    preprocessed = train_ds.map(lambda x, y: (fs(x), y), num_parallel_calls=tf.data.AUTOTUNE)

    encoded = fs.get_encoded_features()
    hidden = tf.keras.layers.Dense(8, activation="relu")(encoded)
    output = tf.keras.layers.Dense(1, activation="sigmoid")(hidden)
    training_model = tf.keras.Model(inputs=encoded, outputs=output)
    training_model.compile(optimizer=tf.keras.optimizers.Adam(0.05),
                           loss="binary_crossentropy", metrics=["accuracy"])
    history = training_model.fit(preprocessed, epochs=2, verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 2 and all(np.isfinite(losses)) and losses[1] < losses[0]

    inference_model = tf.keras.Model(inputs=fs.get_inputs(), outputs=output)
    sample = {"age": 60.0, "thal": "fixed", "sex": 1}
    inputs = {name: tf.convert_to_tensor([value]) for name, value in sample.items()}
    prediction = inference_model.predict(inputs, verbose=0)
    assert prediction.shape == (1, 1) and 0.0 < prediction[0, 0] < 1.0
    direct = training_model.predict(fs(sample)[None, :], verbose=0)
    np.testing.assert_allclose(prediction, direct, rtol=1e-5)


def test_save_and_load(tmp_path):
    fs = _concat_space()
    path = str(tmp_path / "fs.keras")
    fs.save(path)
    loaded = tf.keras.models.load_model(path)
    assert isinstance(loaded, FS) and loaded is not fs
    np.testing.assert_allclose(loaded(_data()).numpy(), fs(_data()).numpy(), atol=1e-6)
    # a model built on the FeatureSpace's inputs and outputs saves and loads as any model
    output = tf.keras.layers.Dense(1, name="fs_head")(fs.get_encoded_features())
    model = tf.keras.Model(fs.get_inputs(), output)
    model_path = str(tmp_path / "model.keras")
    model.save(model_path)
    reloaded = tf.keras.models.load_model(model_path)
    inputs = {k: tf.constant(v.reshape(-1, 1)) for k, v in _data().items()}
    np.testing.assert_allclose(reloaded.predict(inputs, verbose=0),
                               model.predict(inputs, verbose=0), rtol=1e-5)


def test_config_round_trip():
    fs = _concat_space(name="fs_cfg")
    config = fs.get_config()
    assert sorted(config) == ["crosses", "crossing_dim", "features", "hashing_dim",
                              "num_discretization_bins", "output_mode"]
    assert config["features"]["s"]["class_name"] == "Feature"
    assert config["features"]["s"]["config"]["preprocessor"]["class_name"] == "StringLookup"
    assert config["crosses"][0]["config"]["feature_names"] == ("s", "i")
    clone = FS.from_config(config)
    assert clone.get_config()["crosses"] == config["crosses"]
    assert {k: v.output_mode for k, v in clone.features.items()} == \
        {"s": "one_hot", "i": "one_hot", "f": "float"}
    clone.adapt(tf.data.Dataset.from_tensor_slices(_data()))
    np.testing.assert_allclose(clone(_data()).numpy(), fs(_data()).numpy(), atol=1e-6)
