"""SavedModel: save -> load -> call round trips; refused exports; atomic writes."""
from __future__ import annotations

import json

import numpy as np
import pytest

import fluxion as tf
from fluxion.saved_model import SavedModelError


class Dense(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0, name="w")
        self.b = tf.Variable(np.ones(3, np.float32), name="b")
        self.calls = tf.Variable(0, trainable=False, name="calls")
        self.table = tf.constant(np.linspace(0, 1, 30, dtype=np.float32))  # a large constant

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32, name="x")])
    def __call__(self, x):
        self.calls.assign_add(1)
        return tf.nn.relu(tf.matmul(x, self.w) + self.b) + tf.reduce_sum(self.table * x[0, 0])

    @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
    def scaled(self, k):
        return {"w": self.w * k, "n": 3, "a": k}


def test_round_trip_functions_variables_and_signatures(tmp_path):
    m = Dense()
    x = tf.constant(np.random.default_rng(0).standard_normal((2, 4)).astype(np.float32))
    expected = m(x)
    tf.saved_model.save(m, tmp_path / "model", signatures={"serving_default": m.__call__})
    loaded = tf.saved_model.load(tmp_path / "model")
    np.testing.assert_allclose(loaded(x).numpy(), expected.numpy(), rtol=1e-6)
    np.testing.assert_allclose(loaded.w.numpy(), m.w.numpy())
    assert loaded.w.trainable and not loaded.calls.trainable
    assert int(loaded.calls) == 2  # the saved count, then one more call after loading
    out = loaded.scaled(tf.constant(2.0))
    np.testing.assert_allclose(out["w"].numpy(), m.w.numpy() * 2)
    assert int(out["n"]) == 3  # Python outputs become tensors, as in TF
    sig = loaded.signatures["serving_default"](x=x)
    np.testing.assert_allclose(sig["output_0"].numpy(), expected.numpy(), rtol=1e-6)
    assert len(loaded.trainable_variables) == 2
    with pytest.raises(TypeError, match="incompatible"):
        loaded(tf.ones([2, 5]))
    text = json.loads((tmp_path / "model" / "saved_model.json").read_text())
    assert "constant[ref=" in text["functions"]["__call__"]["graph"]


def _saved(tmp_path):
    tf.saved_model.save(Dense(), tmp_path / "m")
    return tmp_path / "m"


def test_truncated_tensor_file_is_refused(tmp_path):
    path = _saved(tmp_path) / "tensors.npz"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(SavedModelError, match="tensors.npz.*(truncated|corrupted)"):
        tf.saved_model.load(tmp_path / "m")


def test_wrong_version_and_corrupt_json_are_refused(tmp_path):
    meta = _saved(tmp_path) / "saved_model.json"
    data = json.loads(meta.read_text())
    meta.write_text(json.dumps(dict(data, version=99)))
    with pytest.raises(SavedModelError, match="version 99"):
        tf.saved_model.load(tmp_path / "m")
    meta.write_text("{not json")
    with pytest.raises(SavedModelError, match="saved_model.json is corrupted"):
        tf.saved_model.load(tmp_path / "m")
    with pytest.raises(SavedModelError, match="does not exist"):
        tf.saved_model.load(tmp_path / "missing")


def test_tampered_graph_is_refused(tmp_path):
    meta = _saved(tmp_path) / "saved_model.json"
    data = json.loads(meta.read_text())
    fn = data["functions"]["__call__"]
    fn["graph"] = fn["graph"].replace("matmul", "no_such_op")
    meta.write_text(json.dumps(data))
    with pytest.raises(SavedModelError, match="unknown op"):
        tf.saved_model.load(tmp_path / "m")


def test_save_replaces_atomically_and_cleans_up(tmp_path, monkeypatch):
    path = _saved(tmp_path)
    before = (path / "saved_model.json").read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(OSError, match="disk full"):
        tf.saved_model.save(Dense(), path)
    assert (path / "saved_model.json").read_text() == before  # the old export is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no temporary left behind
    tf.saved_model.load(path)


def test_save_rejects_non_modules():
    with pytest.raises(TypeError, match="tf.Module"):
        tf.saved_model.save(object(), "/tmp/never")


def test_unknown_batch_dims_are_not_frozen_at_the_traced_size(tmp_path):
    class Scale(tf.Module):
        def __init__(self):
            super().__init__()
            self.bias = tf.Variable(np.ones((1, 3), np.float32))

        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
        def __call__(self, x):
            b = tf.exp(self.bias * 0.0)  # [1, 3], same shape as a batch of one
            return tf.nn.relu(x * 2.0) + b  # broadcasts over the batch

    tf.saved_model.save(Scale(), tmp_path / "s")
    loaded = tf.saved_model.load(tmp_path / "s")
    x = np.arange(15, dtype=np.float32).reshape(5, 3)
    np.testing.assert_allclose(loaded(tf.constant(x)).numpy(), x * 2.0 + 1.0)
    np.testing.assert_allclose(loaded(tf.constant(x[:1])).numpy(), x[:1] * 2.0 + 1.0)


class NonFinite(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
    def __call__(self, x):
        return tf.stack([tf.maximum(x[0], tf.constant(np.inf)), x[1] + tf.constant(np.nan)])


def test_paths_may_be_bytes_or_pathlike_and_non_finite_constants_survive(tmp_path):
    import os

    tf.saved_model.save(NonFinite(), os.fsencode(tmp_path / "m"))  # bytes, as TF accepts
    x = tf.constant([1.0, -np.inf])
    for path in (tmp_path / "m", os.fsencode(tmp_path / "m"), str(tmp_path / "m")):
        out = tf.saved_model.load(path)(x).numpy()
        assert out[0] == np.inf and np.isnan(out[1])  # the constants came back
    text = (tmp_path / "m" / "saved_model.json").read_text()
    assert "inf" not in text and "nan" not in text  # in the tensor file, not the graph text


def test_modules_without_signatures_save_their_traces_and_keras_models_serve(tmp_path):
    class Scale(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(3.0)

        @tf.function
        def __call__(self, x):
            return x * self.w

    m = Scale()
    m(tf.constant([1.0, 2.0]))
    m(tf.constant([[1.0]]))  # a second trace: another shape
    tf.saved_model.save(m, str(tmp_path / "module"))
    loaded = tf.saved_model.load(str(tmp_path / "module"))
    np.testing.assert_array_equal(loaded(tf.constant([2.0, 4.0])).numpy(), [6.0, 12.0])
    np.testing.assert_array_equal(loaded(tf.constant([[5.0]])).numpy(), [[15.0]])
    assert list(loaded.signatures) == []  # no input_signature: no signature, as TF
    model = tf.keras.Sequential([tf.keras.Input((3,)),
                                 tf.keras.layers.Dense(2, kernel_initializer="ones")])
    tf.saved_model.save(model, str(tmp_path / "keras"))
    served = tf.saved_model.load(str(tmp_path / "keras")).signatures["serving_default"]
    out = served(tf.constant([[1.0, 2.0, 3.0]]))
    np.testing.assert_array_equal(out["output_0"].numpy(), [[6.0, 6.0]])
