"""Writes `.keras` files with real Keras 3 of functional models that apply operations to
KerasTensors (`x / 255.0`, `x[:, 0:2]`, `keras.ops.concatenate(...)`, activations), with their
inputs and predictions, into tests/fixtures/keras_ops/; tests/keras/test_op_config.py loads
them in Fluxion and checks the predictions.

Run with the TensorFlow environment:
    /tmp/tfvenv/bin/python tools/make_keras_op_fixtures.py
"""
from __future__ import annotations

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "keras_ops"


def _scaled_dense(keras):
    """The common TF2 pattern: scale the input, a Dense layer, arithmetic on its output."""
    ops = keras.ops
    inputs = keras.Input((6,), name="pixels")
    x = inputs / 255.0
    x = 2.0 * x - 1.0
    h = keras.layers.Dense(8, name="dense")(x)
    h = h + ops.relu(h) * 0.5
    h = -abs(h) ** 2 + h // 3.0 + h % 2.0
    out = ops.softmax(h[:, :4], axis=-1)
    return keras.Model(inputs, out, name="scaled_dense")


def _many_ops(keras):
    """Two inputs through most of the keras.ops functions used in functional models."""
    ops = keras.ops
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    c = ops.concatenate([a, b], axis=-1)  # (None, 8)
    r = ops.reshape(c, (-1, 2, 4))
    t = ops.transpose(r, (0, 2, 1))  # (None, 4, 2)
    m = ops.mean(t, axis=-1) + ops.sum(t, axis=-1, keepdims=False)
    s = ops.stack([ops.max(t, axis=-1), ops.min(t, axis=-1)], axis=1)  # (None, 2, 4)
    e = ops.squeeze(ops.expand_dims(m, 1), axis=1)
    w = ops.where(a > b, ops.maximum(a, b), ops.minimum(a, 0.5))
    cl = ops.clip(w, -0.5, 0.5) @ ops.ones((4, 3))
    first, second = ops.split(c, 2, axis=-1)
    p = ops.power(ops.square(first), 0.5) - ops.sqrt(ops.abs(second) + 1.0)
    act = keras.activations.relu(p, negative_slope=0.1, max_value=2.0)
    g = ops.gelu(act) + ops.silu(act) + ops.sigmoid(act) + ops.tanh(act) + ops.erf(act)
    lg = ops.log(ops.exp(g) + 1.0) + keras.activations.softmax(g)
    idx = lg[..., None, 1:3]  # (None, 1, 2)
    k = ops.cast(a > 0, "float32") * ops.cast(b, "int32")
    q = ops.subtract(ops.multiply(ops.add(e, 1.0), 2.0), ops.divide(e, 4.0))
    out = [s, cl, idx, k, q, ops.matmul(a, ops.transpose(ops.expand_dims(b, 1), (0, 2, 1)))]
    return keras.Model([a, b], out, name="many_ops")


def _data():
    rng = np.random.default_rng(11)
    return {"pixels": rng.uniform(0, 255, size=(3, 6)).astype("float32"),
            "a": rng.normal(size=(3, 4)).astype("float32"),
            "b": rng.normal(size=(3, 4)).astype("float32")}


def write_fixtures() -> None:
    import keras  # noqa: PLC0415

    keras.utils.set_random_seed(99)
    OUT.mkdir(parents=True, exist_ok=True)
    data = _data()
    expected = {"inputs": {k: v.tolist() for k, v in data.items()}, "outputs": {}}
    for model, feed in ((_scaled_dense(keras), data["pixels"]),
                        (_many_ops(keras), [data["a"], data["b"]])):
        model.save(OUT / f"{model.name}.keras")
        outputs = model.predict(feed, verbose=0)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        expected["outputs"][model.name] = [np.asarray(o).tolist() for o in outputs]
    (OUT / "expected.json").write_text(json.dumps(expected) + "\n")
    print(f"wrote {sorted(p.name for p in OUT.iterdir())}")


if __name__ == "__main__":
    write_fixtures()
