"""`Model.export(filepath)` and `keras.export.ExportArchive`: SavedModels whose `serve`
endpoint and `serving_default` signature reproduce the model, also in a fresh process."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.export import ExportArchive

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _functional():
    inp = tf.keras.Input((3,), name="feat")
    hidden = tf.keras.layers.Dense(4, activation="relu")(inp)
    out = tf.keras.layers.Dense(2, name="d")(tf.keras.layers.Dropout(0.5)(hidden))
    return tf.keras.Model(inp, out)


def test_export_prints_endpoints_like_keras(tmp_path, capsys):
    model = _functional()
    model.export(tmp_path / "m")
    text = capsys.readouterr().out
    assert text.startswith(f"Saved artifact at '{tmp_path / 'm'}'. The following endpoints are "
                           f"available:\n\n* Endpoint 'serve'\n")
    assert "  args_0 (POSITIONAL_ONLY): TensorSpec(shape=(None, 3), dtype=tf.float32, " \
           "name='feat')" in text
    assert "Output Type:\n  TensorSpec(shape=(None, 2), dtype=tf.float32, name=None)" in text
    assert text.count("dtype=tf.resource") == 4  # two Dense layers' kernels and biases
    model.export(tmp_path / "quiet", verbose=False)
    assert capsys.readouterr().out == ""


def test_serve_and_serving_default_match_the_model(tmp_path):
    model = _functional()
    model.export(tmp_path / "m", verbose=False)
    loaded = tf.saved_model.load(tmp_path / "m")
    assert sorted(loaded.signatures) == ["serve", "serving_default"]
    for n in (1, 5):
        x = np.random.default_rng(n).standard_normal((n, 3)).astype(np.float32)
        expected = model(x, training=False).numpy()  # dropout off when serving
        np.testing.assert_allclose(loaded.serve(x).numpy(), expected, rtol=1e-6)
        out = loaded.signatures["serving_default"](feat=tf.constant(x))
        assert list(out) == ["output_0"]
        np.testing.assert_allclose(out["output_0"].numpy(), expected, rtol=1e-6)
    args, kwargs = loaded.signatures["serving_default"].structured_input_signature
    assert args == () and kwargs["feat"].shape.as_list() == [None, 3]
    assert len(loaded.trainable_variables) == 4


def test_sequential_multi_input_and_subclassed(tmp_path):
    seq = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
    seq.export(tmp_path / "seq", verbose=False)
    x = np.ones((2, 4), np.float32)
    np.testing.assert_allclose(tf.saved_model.load(tmp_path / "seq").serve(x).numpy(),
                               seq(x).numpy(), rtol=1e-6)

    a, b = tf.keras.Input((2,), name="a"), tf.keras.Input((3,), name="b")
    two = tf.keras.Model([a, b], tf.keras.layers.Dense(1)(tf.keras.layers.Concatenate()([a, b])))
    two.export(tmp_path / "two", verbose=False)
    loaded = tf.saved_model.load(tmp_path / "two")
    xa, xb = np.ones((3, 2), np.float32), np.full((3, 3), 2.0, np.float32)
    # one argument holding the inputs as the model takes them (TF 2.21: args_0: List[...])
    np.testing.assert_allclose(loaded.serve([xa, xb]).numpy(), two([xa, xb]).numpy(),
                               rtol=1e-6)
    with pytest.raises(TypeError):
        loaded.serve(xa, xb)
    sig = loaded.signatures["serving_default"](a=xa, b=xb)["output_0"]
    np.testing.assert_allclose(sig.numpy(), two([xa, xb]).numpy(), rtol=1e-6)

    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(2)

        def call(self, x):
            return tf.nn.softmax(self.dense(x))

    sub = Sub()
    sub(np.ones((1, 3), np.float32))
    sub.export(tmp_path / "sub", verbose=False)
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_allclose(tf.saved_model.load(tmp_path / "sub").serve(x).numpy(),
                               sub(x).numpy(), rtol=1e-6)


def test_loads_in_a_fresh_process(tmp_path):
    model = _functional()
    model.export(tmp_path / "m", verbose=False)
    x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    np.save(tmp_path / "expected.npy", model(x).numpy())
    code = textwrap.dedent(f"""
        import numpy as np
        import fluxion as tf
        loaded = tf.saved_model.load({str(tmp_path / 'm')!r})
        x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
        expected = np.load({str(tmp_path / 'expected.npy')!r})
        np.testing.assert_allclose(loaded.serve(x).numpy(), expected, rtol=1e-6)
        out = loaded.signatures["serving_default"](feat=x)["output_0"]
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
        print("ok")
    """)
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=300, check=False)
    assert result.stdout.strip() == "ok", result.stderr


def test_export_archive_endpoints_and_collections(tmp_path, capsys):
    model = _functional()
    archive = ExportArchive()
    archive.track(model)
    archive.add_endpoint("double", lambda x: model(x) * 2.0,
                         input_signature=[tf.TensorSpec((None, 3), tf.float32)])

    @tf.function(input_signature=[tf.TensorSpec((None, 3), tf.float32)])
    def first(x):
        return {"first": model(x)[:, 0]}

    archive.add_endpoint("first", first)
    archive.add_variable_collection("weights", model.weights)
    archive.write_out(tmp_path / "a", verbose=True)
    assert "* Endpoint 'double'" in capsys.readouterr().out
    loaded = tf.saved_model.load(tmp_path / "a")
    x = np.ones((2, 3), np.float32)
    np.testing.assert_allclose(loaded.double(x).numpy(), 2 * model(x).numpy(), rtol=1e-6)
    np.testing.assert_allclose(loaded.first(x)["first"].numpy(), model(x).numpy()[:, 0])
    assert sorted(loaded.signatures) == ["double", "first", "serving_default"]
    assert [w.shape for w in loaded.weights] == [w.shape for w in model.weights]


def test_errors(tmp_path):
    model = _functional()
    with pytest.raises(ValueError, match="Unrecognized format=h5"):
        model.export(tmp_path / "m", format="h5")
    archive = ExportArchive()
    with pytest.raises(ValueError, match="No endpoints"):
        archive.write_out(tmp_path / "empty")
    with pytest.raises(ValueError, match="input_signature"):
        archive.add_endpoint("call", model.call)
    archive.add_endpoint("call", model, input_signature=[tf.TensorSpec((None, 3))])
    with pytest.raises(ValueError, match="already taken"):
        archive.add_endpoint("call", model, input_signature=[tf.TensorSpec((None, 3))])
    unbuilt = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="built"):
        unbuilt.export(tmp_path / "u")
