"""Writes `.keras` / `.weights.h5` files with real Keras 3 (and h5py) into
tests/fixtures/keras_saving/, with the inputs and outputs tests/keras/test_saving.py checks
Fluxion against; with `--check-fluxion`, also checks the other direction: files Fluxion
writes (made by running Fluxion in a subprocess) must load in real Keras and give the same
predictions and the same next training step.

Run with the TensorFlow environment:
    /tmp/tfvenv/bin/python tools/make_keras_fixtures.py [--check-fluxion]
(FLUXION_PYTHON names the interpreter that runs Fluxion; default `python`.)
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "keras_saving"


def _models(keras):
    """The fixture models, built with fixed initial weights."""
    keras.utils.set_random_seed(1234)
    sequential = keras.Sequential([keras.Input((4,), name="features"),
                                   keras.layers.Dense(8, activation="relu"),
                                   keras.layers.Dense(3, activation="softmax")],
                                  name="sequential_dense")
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    shared = keras.layers.Dense(4, activation="tanh", name="shared")
    ha, hb = shared(a), shared(b)
    # p and q have kernels of one shape: loading them in the wrong order would go unnoticed
    # by shape checks, not by the predictions
    p = keras.layers.Dense(2, name="p")(ha)
    q = keras.layers.Dense(2, name="q")(keras.layers.Dense(4, name="r")(hb))
    functional = keras.Model([a, b], [p, q], name="two_inputs")
    compiled = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu"),
                                 keras.layers.Dense(1)], name="compiled_adam")
    compiled.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                     loss=keras.losses.MeanSquaredError(), metrics=["mae"])
    return sequential, functional, compiled


def _data():
    rng = np.random.default_rng(7)
    return {"x4": rng.normal(size=(5, 4)).astype("float32"),
            "a": rng.normal(size=(5, 3)).astype("float32"),
            "b": rng.normal(size=(5, 3)).astype("float32"),
            "y": rng.normal(size=(5, 1)).astype("float32")}


def write_fixtures() -> None:
    import keras  # noqa: PLC0415

    OUT.mkdir(parents=True, exist_ok=True)
    sequential, functional, compiled = _models(keras)
    data = _data()
    expected = {"keras_version": keras.__version__}
    sequential.save(OUT / "sequential_dense.keras")
    sequential.save_weights(OUT / "sequential_dense.weights.h5")
    expected["sequential_dense"] = {"x": data["x4"].tolist(),
                                    "y": sequential.predict(data["x4"], verbose=0).tolist()}
    functional.save(OUT / "functional_two_inputs.keras")
    outputs = functional.predict([data["a"], data["b"]], verbose=0)
    expected["functional_two_inputs"] = {"a": data["a"].tolist(), "b": data["b"].tolist(),
                                         "p": outputs[0].tolist(), "q": outputs[1].tolist()}
    for _ in range(3):
        compiled.train_on_batch(data["a"], data["y"])
    compiled.save(OUT / "compiled_adam.keras")
    before = [w.tolist() for w in compiled.get_weights()]
    compiled.train_on_batch(data["a"], data["y"])  # the step a resumed Fluxion must repeat
    expected["compiled_adam"] = {
        "x": data["a"].tolist(), "y": data["y"].tolist(), "weights_saved": before,
        "iterations": 3, "weights_after_next_step": [w.tolist() for w in
                                                     compiled.get_weights()]}
    _copy_latest_format(OUT / "sequential_dense.weights.h5",
                        OUT / "sequential_dense_latest.weights.h5")
    lam = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 2.0)])
    lam.save(OUT / "lambda_layer.keras")
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {sorted(p.name for p in OUT.iterdir())}")


def _copy_latest_format(src, dst) -> None:
    """The same weights in HDF5's newer format (superblock v3, v2 object headers, groups as
    link messages), as h5py writes with libver="latest"."""
    import h5py  # noqa: PLC0415

    with h5py.File(src, "r") as fin, h5py.File(dst, "w", libver="latest") as fout:
        def copy(name, obj):
            if isinstance(obj, h5py.Group):
                group = fout.require_group(name)
            else:
                group = fout.create_dataset(name, data=obj[()])
            group.attrs.update(dict(obj.attrs))
        fin.visititems(copy)
        fout.attrs["note"] = "copied with libver=latest"


# --- Fluxion -> Keras ----------------------------------------------------------------------------
_FLUXION_SCRIPT = r'''
import json, sys
import numpy as np
import fluxion as tf
keras = tf.keras
out, data = sys.argv[1], json.loads(sys.argv[2])
x, a, b, y = (np.array(data[k], "float32") for k in ("x4", "a", "b", "y"))
seq = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                        keras.layers.Dense(3, activation="softmax")])
seq.save(f"{out}/seq.keras")
seq.save_weights(f"{out}/seq.weights.h5")
ia, ib = keras.Input((3,), name="a"), keras.Input((3,), name="b")
shared = keras.layers.Dense(4, activation="tanh", name="shared")
p = keras.layers.Dense(2, name="p")(shared(ia))
q = keras.layers.Dense(2, name="q")(keras.layers.Dense(4, name="r")(shared(ib)))
fn = keras.Model([ia, ib], [p, q])
fn.save(f"{out}/fn.keras")
comp = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu"),
                         keras.layers.Dense(1)])
comp.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
             loss=keras.losses.MeanSquaredError(), metrics=["mae"])
for _ in range(2):
    comp.train_on_batch(a, y)
comp.save(f"{out}/comp.keras")
comp.train_on_batch(a, y)
result = {"seq": seq.predict(x, verbose=0).tolist(),
          "fn": [o.tolist() for o in fn.predict([a, b], verbose=0)],
          "comp_after": [w.tolist() for w in comp.get_weights()]}
json.dump(result, open(f"{out}/result.json", "w"))
'''


def check_fluxion() -> bool:
    """Fluxion writes files; real Keras loads them and must agree."""
    import keras  # noqa: PLC0415

    data = _data()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run([os.environ.get("FLUXION_PYTHON", "python"), "-c", _FLUXION_SCRIPT,
                        tmp, json.dumps({k: v.tolist() for k, v in data.items()})],
                       check=True, env=env)
        result = json.loads(pathlib.Path(tmp, "result.json").read_text())
        seq = keras.models.load_model(f"{tmp}/seq.keras")
        ok &= _same("sequential .keras", seq.predict(data["x4"], verbose=0), result["seq"])
        seq.set_weights([np.zeros_like(w) for w in seq.get_weights()])
        seq.load_weights(f"{tmp}/seq.weights.h5")
        ok &= _same("sequential .weights.h5", seq.predict(data["x4"], verbose=0),
                    result["seq"])
        fn = keras.models.load_model(f"{tmp}/fn.keras")
        outputs = fn.predict([data["a"], data["b"]], verbose=0)
        ok &= _same("functional .keras", np.concatenate(outputs, 1),
                    np.concatenate(result["fn"], 1))
        comp = keras.models.load_model(f"{tmp}/comp.keras")
        ok &= _same("optimizer iterations", comp.optimizer.iterations.numpy(), 2)
        comp.train_on_batch(data["a"], data["y"])
        for i, (w, expected) in enumerate(zip(comp.get_weights(), result["comp_after"])):
            ok &= _same(f"resumed training, weight {i}", w, expected, atol=1e-6)
    print("Fluxion-written files load in Keras:", "OK" if ok else "MISMATCH")
    return ok


def _same(what: str, got, expected, atol: float = 1e-6) -> bool:
    same = np.allclose(np.asarray(got), np.asarray(expected), atol=atol, rtol=1e-5)
    print(f"  {what}: {'ok' if same else 'MISMATCH'}")
    return bool(same)


if __name__ == "__main__":
    if "--check-fluxion" in sys.argv:
        sys.exit(0 if check_fluxion() else 1)
    write_fixtures()
