"""Keras 3 saving: `.keras` archives, `.weights.h5` files (Fluxion's own HDF5 reader/writer),
configs and JSON, cloning, files written by real Keras (tests/fixtures/keras_saving, made by
tools/make_keras_fixtures.py), corrupted files, atomic writes and safe mode."""
from __future__ import annotations

import json
import os
import pathlib
import zipfile

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.saving import h5_reader, h5_writer, saveables, saving_lib

keras = tf.keras
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "keras_saving"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def _f32(values) -> np.ndarray:
    return np.asarray(values, np.float32)


def _sequential(name="seq", units=4):
    return keras.Sequential([keras.Input((3,), name=f"{name}_in"),
                             keras.layers.Dense(units, activation="relu", name=f"{name}_d0"),
                             keras.layers.Dense(2, name=f"{name}_d1")], name=name)


def _functional(name="fn"):
    a, b = keras.Input((3,), name=f"{name}_a"), keras.Input((3,), name=f"{name}_b")
    shared = keras.layers.Dense(4, activation="tanh", name=f"{name}_shared")
    p = keras.layers.Dense(2, name=f"{name}_p")(shared(a))
    q = keras.layers.Dense(2, name=f"{name}_q")(keras.layers.Dense(4, name=f"{name}_r")(shared(b)))
    return keras.Model([a, b], [p, q], name=name)


def _h5_of(path) -> h5_reader.H5File:
    return h5_reader.H5File(zipfile.ZipFile(path).read("model.weights.h5"), str(path))


def _tree(group, prefix="") -> dict:
    """{path: shape or "group"} of everything in an HDF5 group."""
    out = {}
    for key in group:
        node = group[key]
        if isinstance(node, h5_reader.Group):
            out[prefix + key] = "group"
            out.update(_tree(node, f"{prefix}{key}/"))
        else:
            out[prefix + key] = (node.shape, node.dtype.name)
    return out


X3 = np.random.default_rng(0).normal(size=(6, 3)).astype(np.float32)
Y2 = np.random.default_rng(1).normal(size=(6, 2)).astype(np.float32)


# --- round trips -------------------------------------------------------------------------------
def test_sequential_round_trip_and_keras_archive_layout(tmp_path):
    model = _sequential("rt_seq")
    path = tmp_path / "m.keras"
    model.save(path)
    archive = zipfile.ZipFile(path)
    assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
    assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata["keras_version"] == keras.__version__ and "@" in metadata["date_saved"]
    config = json.loads(archive.read("config.json"))
    assert (config["module"], config["class_name"]) == ("keras", "Sequential")
    assert config["build_config"] == {"input_shape": [None, 3]}
    assert config["compile_config"] == {}
    tree = _tree(_h5_of(path).root)
    assert tree == {"layers": "group", "layers/dense": "group", "layers/dense/vars": "group",
                    "layers/dense/vars/0": ((3, 4), "float32"),
                    "layers/dense/vars/1": ((4,), "float32"), "layers/dense_1": "group",
                    "layers/dense_1/vars": "group", "layers/dense_1/vars/0": ((4, 2), "float32"),
                    "layers/dense_1/vars/1": ((2,), "float32"), "vars": "group"}
    root = _h5_of(path).root
    assert root["vars"].attrs == {"name": "rt_seq"}
    assert root["layers/dense_1/vars"].attrs == {"name": "rt_seq_d1"}
    loaded = keras.models.load_model(path)
    assert isinstance(loaded, keras.Sequential) and loaded.name == "rt_seq"
    np.testing.assert_array_equal(loaded.predict(X3, verbose=0), model.predict(X3, verbose=0))
    assert loaded.get_config() == model.get_config()


def test_functional_round_trip_two_inputs_two_outputs(tmp_path):
    model = _functional("rt_fn")
    model.save(tmp_path / "f.keras")
    loaded = keras.saving.load_model(tmp_path / "f.keras")
    for got, want in zip(loaded.predict([X3, X3 * 2], verbose=0),
                         model.predict([X3, X3 * 2], verbose=0)):
        np.testing.assert_array_equal(got, want)
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    tree = _tree(_h5_of(tmp_path / "f.keras").root)
    # Keras' layer order (depth, then first visit from the outputs) names the groups
    assert [k for k in tree if k.count("/") == 1] == [
        "layers/dense", "layers/dense_1", "layers/dense_2", "layers/dense_3",
        "layers/input_layer", "layers/input_layer_1"]
    assert tree["layers/dense_1/vars/0"] == ((4, 4), "float32")  # r, before p and q
    assert _h5_of(tmp_path / "f.keras").root["layers/input_layer/vars"].attrs == \
        {"name": "rt_fn_a"}


def test_keras_layer_order_matches_keras_for_branches():
    model = _functional("order")
    names = [layer.name for layer in saveables.keras_layer_order(model)]
    assert names == ["order_a", "order_b", "order_shared", "order_r", "order_p", "order_q"]


class Tower(keras.Model):
    """A subclassed model: sublayers in an attribute and in a list."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.first = keras.layers.Dense(units)
        self.blocks = [keras.layers.Dense(2), keras.layers.Dense(1)]

    def call(self, x):
        return self.blocks[1](self.blocks[0](self.first(x)))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_model_needs_custom_objects_and_round_trips(tmp_path):
    model = Tower(units=5, name="tower")
    model(keras.Input((4,)))
    model.save(tmp_path / "t.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "t.keras").read("config.json"))
    assert (config["module"], config["class_name"], config["registered_name"]) == (
        __name__, "Tower", "Tower")  # as Keras names an unregistered class
    assert config["build_config"] == {"input_shape": [None, 4]}
    assert set(_tree(_h5_of(tmp_path / "t.keras").root)) >= {
        "first/vars/0", "blocks/dense/vars/0", "blocks/dense_1/vars/1", "vars"}
    with pytest.raises(TypeError, match="Could not locate class 'Tower'"):
        keras.models.load_model(tmp_path / "t.keras")
    loaded = keras.models.load_model(tmp_path / "t.keras", custom_objects={"Tower": Tower})
    assert isinstance(loaded, Tower) and loaded.units == 5
    x = X3[:, :2].repeat(2, axis=1)
    np.testing.assert_array_equal(loaded(x).numpy(), model(x).numpy())
    with keras.saving.custom_object_scope({"Tower": Tower}):
        assert isinstance(keras.models.load_model(tmp_path / "t.keras"), Tower)


def test_registered_class_loads_without_custom_objects(tmp_path):
    @keras.saving.register_keras_serializable(package="saving_test")
    class Registered(Tower):
        pass

    model = Registered(name="registered")
    model(keras.Input((3,)))
    model.save(tmp_path / "r.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "r.keras").read("config.json"))
    assert config["registered_name"] == "saving_test>Registered"
    loaded = keras.models.load_model(tmp_path / "r.keras")
    np.testing.assert_array_equal(loaded(X3).numpy(), model(X3).numpy())


def _train(model, steps):
    for i in range(steps):
        model.train_on_batch(X3 + i, Y2)


def test_compiled_model_resumes_training_exactly(tmp_path):
    reference = _sequential("resume_ref")
    model = _sequential("resume")
    model.set_weights(reference.get_weights())
    for m in (reference, model):
        m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse",
                  metrics=["mae"])
    _train(reference, 5)
    _train(model, 2)
    model.save(tmp_path / "c.keras")
    loaded = keras.models.load_model(tmp_path / "c.keras")
    assert loaded.compiled and isinstance(loaded.optimizer, keras.optimizers.Adam)
    assert int(loaded.optimizer.iterations.numpy()) == 2
    for saved, restored in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(restored.numpy(), saved.numpy())
    for i in range(2, 5):  # the same batches the reference saw after step 2
        loaded.train_on_batch(X3 + i, Y2)
    for got, want in zip(loaded.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, want)
    config = json.loads(zipfile.ZipFile(tmp_path / "c.keras").read("config.json"))
    compile_config = config["compile_config"]
    assert compile_config["optimizer"]["class_name"] == "Adam"
    assert compile_config["loss"] == "mse" and compile_config["metrics"] == ["mae"]
    assert len(_h5_of(tmp_path / "c.keras").root["optimizer/vars"]) == 2 + 2 * 4
    uncompiled = keras.models.load_model(tmp_path / "c.keras", compile=False)
    assert not uncompiled.compiled and uncompiled.optimizer is None


def test_weights_file_round_trip_and_skip_mismatch(tmp_path):
    model = _sequential("w_src")
    model.save_weights(tmp_path / "m.weights.h5")
    target = _sequential("w_dst")
    target.load_weights(tmp_path / "m.weights.h5")
    for got, want in zip(target.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
    other = _sequential("w_other", units=5)  # first layer (3, 5): cannot take (3, 4)
    before = other.get_weights()
    with pytest.raises(ValueError, match=r"m\.weights\.h5") as info:
        other.load_weights(tmp_path / "m.weights.h5")
    assert "shape" in str(info.value)
    for got, want in zip(other.get_weights(), before):
        np.testing.assert_array_equal(got, want)  # nothing assigned
    with pytest.warns(UserWarning, match="could not be loaded"):
        other.load_weights(tmp_path / "m.weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(other.get_weights()[0], before[0])  # mismatched: kept
    np.testing.assert_array_equal(other.get_weights()[3], model.get_weights()[3])  # loaded
    model.save(tmp_path / "m.keras")
    fresh = _sequential("w_keras")
    fresh.load_weights(tmp_path / "m.keras")
    np.testing.assert_array_equal(fresh.get_weights()[0], model.get_weights()[0])


def test_json_and_configs_of_compiled_models():
    model = _functional("js")
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=["mse", "mae"])
    text = model.to_json()
    config = json.loads(text)
    assert config["compile_config"]["optimizer"]["config"]["learning_rate"] == \
        pytest.approx(0.1)
    rebuilt = keras.models.model_from_json(text)
    assert rebuilt.compiled and isinstance(rebuilt.optimizer, keras.optimizers.SGD)
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    assert rebuilt.to_json() == text
    plain = keras.models.model_from_json(_sequential("js_seq").to_json())
    assert isinstance(plain, keras.Sequential) and not plain.compiled
    obj = keras.saving.serialize_keras_object(model)
    assert keras.saving.deserialize_keras_object(obj).compiled


# --- cloning -------------------------------------------------------------------------------------
def test_clone_model_sequential_and_functional():
    model = _sequential("clone")
    model.compile(optimizer="adam", loss="mse")
    clone = keras.models.clone_model(model)
    assert isinstance(clone, keras.Sequential) and clone.compiled
    assert clone.get_config() == model.get_config()
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    seen = []
    fn = _functional("clone_fn")
    cloned_fn = keras.models.clone_model(fn, clone_function=lambda layer: seen.append(
        layer.name) or type(layer).from_config(layer.get_config()))
    assert "clone_fn_shared" in seen and seen.count("clone_fn_shared") == 1  # shared: once
    cloned_fn.set_weights(fn.get_weights())
    for got, want in zip(cloned_fn([X3, X3]), fn([X3, X3])):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    new_inputs = [keras.Input((3,), name="n1"), keras.Input((3,), name="n2")]
    assert keras.models.clone_model(fn, input_tensors=new_inputs).input_names == ["n1", "n2"]


def test_clone_subclassed_model_uses_its_config():
    model = Tower(units=2, name="tower_clone")
    model(keras.Input((3,)))
    clone = keras.models.clone_model(model)
    assert isinstance(clone, Tower) and clone.units == 2 and clone.built
    with pytest.raises(ValueError, match="only supported for Sequential"):
        keras.models.clone_model(model, clone_function=lambda layer: layer)


# --- files written by real Keras ------------------------------------------------------------------
def test_keras_written_sequential_model_and_weights():
    expected = EXPECTED["sequential_dense"]
    model = keras.models.load_model(FIXTURES / "sequential_dense.keras")
    np.testing.assert_allclose(model.predict(_f32(expected["x"]), verbose=0), expected["y"],
                               rtol=1e-5, atol=1e-6)
    fresh = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    for name in ("sequential_dense.weights.h5",  # h5py's default (earliest) format
                 "sequential_dense_latest.weights.h5"):  # h5py libver="latest"
        fresh.set_weights([np.zeros_like(w) for w in fresh.get_weights()])
        fresh.load_weights(FIXTURES / name)
        np.testing.assert_allclose(fresh.predict(_f32(expected["x"]), verbose=0),
                                   expected["y"], rtol=1e-5, atol=1e-6)


def test_keras_written_functional_model_with_two_inputs():
    expected = EXPECTED["functional_two_inputs"]
    model = keras.models.load_model(FIXTURES / "functional_two_inputs.keras")
    assert model.input_names == ["a", "b"]
    p, q = model.predict([_f32(expected["a"]), _f32(expected["b"])], verbose=0)
    np.testing.assert_allclose(p, expected["p"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(q, expected["q"], rtol=1e-5, atol=1e-6)


def test_keras_written_compiled_model_resumes_like_keras():
    expected = EXPECTED["compiled_adam"]
    model = keras.models.load_model(FIXTURES / "compiled_adam.keras")
    assert model.compiled and isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.01)
    assert int(model.optimizer.iterations.numpy()) == expected["iterations"]
    for got, want in zip(model.get_weights(), expected["weights_saved"]):
        np.testing.assert_array_equal(got, _f32(want))
    model.train_on_batch(_f32(expected["x"]), _f32(expected["y"]))
    for got, want in zip(model.get_weights(), expected["weights_after_next_step"]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_keras_written_lambda_is_refused_in_safe_mode():
    with pytest.raises(ValueError, match="whose `function` is a Python lambda"):
        keras.models.load_model(FIXTURES / "lambda_layer.keras")


def test_files_match_the_layout_keras_writes(tmp_path):
    keras_tree = _tree(_h5_of(FIXTURES / "compiled_adam.keras").root)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.MeanSquaredError(), metrics=["mae"])
    model.train_on_batch(X3, Y2[:, :1])
    model.save(tmp_path / "same.keras")
    assert _tree(_h5_of(tmp_path / "same.keras").root) == keras_tree
    ours = json.loads(zipfile.ZipFile(tmp_path / "same.keras").read("config.json"))
    theirs = json.loads(zipfile.ZipFile(FIXTURES / "compiled_adam.keras").read("config.json"))
    assert set(ours) == set(theirs)
    assert ours["compile_config"]["loss"] == theirs["compile_config"]["loss"]
    ours_opt, theirs_opt = (c["compile_config"]["optimizer"] for c in (ours, theirs))
    assert ours_opt["config"].pop("name").startswith("adam")
    theirs_opt["config"].pop("name")
    assert ours_opt == theirs_opt


# --- corrupted and invalid files ---------------------------------------------------------------
@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "good.keras"
    _sequential("corrupt").save(path)
    return path


def _rewrite(src, dst, drop=(), replace=None):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            if name not in drop:
                zout.writestr(name, (replace or {}).get(name, zin.read(name)))


def test_not_a_zip_truncated_and_missing_files(saved, tmp_path):
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"this is not a zip file")
    with pytest.raises(ValueError, match="bad.keras.*not a valid `.keras` archive"):
        keras.models.load_model(bad)
    data = saved.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="bad.keras"):
        keras.models.load_model(bad)
    with pytest.raises(ValueError, match="File not found"):
        keras.models.load_model(tmp_path / "missing.keras")
    for member in ("config.json", "model.weights.h5"):
        _rewrite(saved, bad, drop=(member,))
        with pytest.raises(ValueError, match=f"bad.keras.*{member}"):
            keras.models.load_model(bad)


def test_corrupted_members_are_refused(saved, tmp_path):
    bad = tmp_path / "bad.keras"
    data = bytearray(saved.read_bytes())
    start = data.find(b"TREE")  # inside the stored weights: the zip CRC no longer matches
    data[start:start + 4] = b"XXXX"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="bad.keras"):
        keras.models.load_model(bad)
    _rewrite(saved, bad, replace={"config.json": b"{not json"})
    with pytest.raises(ValueError, match="config.json of .*bad.keras is not valid JSON"):
        keras.models.load_model(bad)
    weights = zipfile.ZipFile(saved).read("model.weights.h5")
    _rewrite(saved, bad, replace={"model.weights.h5": weights[:200]})
    with pytest.raises(ValueError, match="bad.keras/model.weights.h5.*truncated"):
        keras.models.load_model(bad)
    _rewrite(saved, bad, drop=("model.weights.h5",), replace={})
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr("model.weights.npz", b"PK")
    with pytest.raises(ValueError, match="pickle"):
        keras.models.load_model(bad)


def test_weights_of_the_wrong_shape_name_the_file(saved, tmp_path):
    config = json.loads(zipfile.ZipFile(saved).read("config.json"))
    config["config"]["layers"][1]["config"]["units"] = 7
    bad = tmp_path / "shapes.keras"
    _rewrite(saved, bad, replace={"config.json": json.dumps(config).encode()})
    with pytest.raises(ValueError, match=r"could not be loaded from .*shapes\.keras") as info:
        keras.models.load_model(bad)
    assert "(3, 7)" in str(info.value) and "(3, 4)" in str(info.value)


def test_broken_weights_files(tmp_path):
    model = _sequential("broken")
    path = tmp_path / "b.weights.h5"
    model.save_weights(path)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(ValueError, match=r"b\.weights\.h5"):
        model.load_weights(path)
    path.write_bytes(b"\x00" * 600)
    with pytest.raises(ValueError, match="not an HDF5 file"):
        model.load_weights(path)


# --- atomic writes --------------------------------------------------------------------------------
def test_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "atomic.keras"
    old = _sequential("atomic_old")
    old.save(path)
    before = path.read_bytes()

    def failing_write(self, name, value):
        raise OSError("disk full while writing a weight")

    monkeypatch.setattr(h5_writer.GroupNode, "__setitem__", failing_write)
    with pytest.raises(OSError, match="disk full"):
        _sequential("atomic_new", units=6).save(path)
    with pytest.raises(OSError, match="disk full"):
        _sequential("atomic_w").save_weights(tmp_path / "atomic.weights.h5")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atomic.keras"]  # no temp files
    np.testing.assert_array_equal(keras.models.load_model(path).predict(X3, verbose=0),
                                  old.predict(X3, verbose=0))


def test_save_renames_a_temporary_file_from_the_same_folder(tmp_path, monkeypatch):
    renames = []
    real_replace = os.replace

    def spy(src, dst):
        renames.append((pathlib.Path(src), pathlib.Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(saving_lib.os, "replace", spy)
    (tmp_path / "sub").mkdir()
    _sequential("spy").save(tmp_path / "sub" / "spy.keras")
    (src, dst), = renames
    assert dst == tmp_path / "sub" / "spy.keras" and src.parent == dst.parent and src != dst
    umask = os.umask(0)
    os.umask(umask)
    assert dst.stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain open() would make it
    with pytest.raises(FileNotFoundError):  # as Keras: no folders are created
        _sequential("spy2").save(tmp_path / "missing" / "spy.keras")


def test_overwrite_false_refuses_existing_files(tmp_path):
    model = _sequential("no_overwrite")
    model.save(tmp_path / "x.keras")
    model.save_weights(tmp_path / "x.weights.h5")
    before = (tmp_path / "x.keras").read_bytes()
    with pytest.raises(FileExistsError, match="x.keras"):
        _sequential("other").save(tmp_path / "x.keras", overwrite=False)
    with pytest.raises(FileExistsError, match=r"x\.weights\.h5"):
        model.save_weights(tmp_path / "x.weights.h5", overwrite=False)
    assert (tmp_path / "x.keras").read_bytes() == before


def test_file_names_and_unbuilt_models(tmp_path):
    model = _sequential("names")
    with pytest.raises(ValueError, match="Invalid filepath extension for saving"):
        model.save(tmp_path / "x.txt")
    with pytest.raises(ValueError, match="legacy HDF5"):
        model.save(tmp_path / "x.h5")
    with pytest.raises(ValueError, match="The filename must end in `.weights.h5`"):
        model.save_weights(tmp_path / "x.h5")
    with pytest.raises(ValueError, match="File format not supported"):
        keras.models.load_model(tmp_path / "x.txt")
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="has not yet been built"):
        unbuilt.save_weights(tmp_path / "u.weights.h5")
    model.save_weights(tmp_path / "m.weights.h5")
    with pytest.raises(ValueError, match="has not yet been built"):
        unbuilt.load_weights(tmp_path / "m.weights.h5")
    with pytest.warns(UserWarning, match="not yet been built"):
        unbuilt.save(tmp_path / "u.keras")


# --- safety --------------------------------------------------------------------------------------
def test_lambda_layer_needs_safe_mode_off(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 3.0)])
    model.save(tmp_path / "lam.keras")
    with pytest.raises(ValueError, match="Requested the deserialization of a `Lambda` layer"):
        keras.models.load_model(tmp_path / "lam.keras")
    loaded = keras.models.load_model(tmp_path / "lam.keras", safe_mode=False)
    np.testing.assert_allclose(loaded(np.ones((1, 2), np.float32)).numpy(), [[3.0, 3.0]])


def test_configs_cannot_reach_arbitrary_code():
    deserialize = keras.saving.deserialize_keras_object
    for config in ({"module": "os", "class_name": "system", "config": {}},
                   {"module": "builtins", "class_name": "function", "config": "eval",
                    "registered_name": "function"},
                   {"module": "keras.models", "class_name": "load_model", "config": {}},
                   {"module": "subprocess", "class_name": "function", "config": "run",
                    "registered_name": "run"}):
        with pytest.raises(TypeError, match="Could not locate"):
            deserialize(config)
    with pytest.raises(ValueError, match="Requested the deserialization of a Python lambda"):
        deserialize({"class_name": "__lambda__", "config": {"value": ["AA==", None, None]}})
    relu = deserialize({"module": "keras.activations", "class_name": "function",
                        "config": "relu", "registered_name": "relu"})
    assert relu is keras.activations.relu
    assert deserialize({"class_name": "__numpy__",
                        "config": {"value": [1, 2], "dtype": "int32"}}).dtype == np.int32


def test_special_values_round_trip_through_configs():
    serialize = keras.saving.serialize_keras_object
    values = {"bytes": b"ab", "slice": slice(1, None, 2), "ellipsis": Ellipsis,
              "array": np.arange(3, dtype=np.int64), "scalar": np.float32(1.5),
              "nested": [1, "x", None, {"k": (2, 3)}]}
    config = json.loads(json.dumps(serialize(values)))
    assert config["array"] == {"class_name": "__numpy__",
                               "config": {"value": [0, 1, 2], "dtype": "int64"}}
    back = keras.saving.deserialize_keras_object(config)
    assert back["bytes"] == b"ab" and back["slice"] == slice(1, None, 2)
    assert back["ellipsis"] is Ellipsis and back["scalar"] == 1.5
    np.testing.assert_array_equal(back["array"], [0, 1, 2])
    assert back["nested"] == [1, "x", None, {"k": [2, 3]}]
    tensor = keras.saving.deserialize_keras_object(serialize(tf.constant([1.0, 2.0])))
    np.testing.assert_array_equal(tensor.numpy(), [1.0, 2.0])


def test_public_namespaces():
    assert keras.models.save_model is keras.saving.save_model
    assert keras.models.load_model is keras.saving.load_model
    for name in ("CustomObjectScope", "custom_object_scope", "get_custom_objects",
                 "get_registered_name", "get_registered_object", "register_keras_serializable",
                 "save_weights", "load_weights"):
        assert hasattr(keras.saving, name)

    @keras.saving.register_keras_serializable(package="ns_test")
    def twice(x):
        return 2 * x

    assert keras.saving.get_custom_objects()["ns_test>twice"] is twice
    assert keras.saving.get_registered_name(twice) == "ns_test>twice"
    assert keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(twice)) \
        is twice
    model = _sequential("ns")
    assert json.loads(model.to_json(indent=2))["class_name"] == "Sequential"


# --- the HDF5 subset ------------------------------------------------------------------------------
def test_hdf5_writer_and_reader_round_trip_dtypes_and_large_groups():
    root = h5_writer.GroupNode()
    group = root.require_group("a/b")
    group.attrs["name"] = "ünïcode layer"
    arrays = {"f16": np.arange(6, dtype=np.float16).reshape(2, 3),
              "f64": np.linspace(0, 1, 5), "i8": np.array([-3, 4], np.int8),
              "u8": np.array([250, 1], np.uint8), "i64": np.int64(-7),
              "bool": np.array([True, False, True]), "empty": np.zeros((0, 4), np.float32),
              "big_endian": np.arange(4, dtype=">i4")}
    for name, array in arrays.items():
        group[name] = array
    many = root.require_group("many")
    for i in range(600):  # several levels of B-tree nodes
        many[str(i)] = np.float32(i)
    file = h5_reader.H5File(h5_writer.to_bytes(root), "test.h5")
    read = file.root["a/b"]
    assert read.attrs == {"name": "ünïcode layer"}
    for name, array in arrays.items():
        got = read[name].read()
        assert got.shape == np.shape(array) and got.dtype == np.asarray(array).dtype.newbyteorder(
            "=")
        np.testing.assert_array_equal(got, array)
    assert sorted(file.root["many"].keys(), key=int) == [str(i) for i in range(600)]
    assert file.root["many/599"].read() == 599.0
    with pytest.raises(KeyError):
        file.root.get("a/missing")


def test_hdf5_reader_refuses_what_it_does_not_support():
    root = h5_writer.GroupNode()
    root["x"] = np.ones(3, np.float32)
    data = bytearray(h5_writer.to_bytes(root))
    file = h5_reader.H5File(bytes(data), "ok.h5")
    np.testing.assert_array_equal(file.root["x"].read(), np.ones(3))
    pos = bytes(data).find(file.root["x"].header.find(0x0008))  # the layout message
    data[pos + 1] = 2  # chunked
    with pytest.raises(h5_reader.H5FormatError, match="chunked.h5.*chunked"):
        h5_reader.H5File(bytes(data), "chunked.h5").root["x"].read()
    with pytest.raises(ValueError, match="Invalid HDF5 link name"):
        root["a/b"] = np.ones(1)
    with pytest.raises(h5_reader.H5FormatError, match="cannot store"):
        root["s"] = np.array(["text"])
