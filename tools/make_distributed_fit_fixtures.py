"""Records what Keras `fit` / `evaluate` / `predict` / `*_on_batch` give under a 2-replica
`MirroredStrategy` (2 logical CPU devices) in real TensorFlow, into
tests/fixtures/distributed_fit/expected.json; tests/keras/test_distributed_fit.py runs the same
`scenario` under Fluxion and compares.

Not a tools/reference/ family: the CPU must be split before TensorFlow initializes its
devices, so this runs in a process of its own. Run with the TensorFlow environment:
    /tmp/tfvenv/bin/python tools/make_distributed_fit_fixtures.py
"""
from __future__ import annotations

import contextlib
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "distributed_fit" / "expected.json"

# (samples, global batch, L2 on the hidden kernel): an even split; a short last batch split
# 2 + 1 (with a regularization loss); a last batch of 1 (the second replica's share is empty)
SCENARIOS = {"even": (40, 8, False), "uneven_last_batch": (43, 8, True),
             "empty_replica_share": (41, 8, False)}


def split_cpu(tf, count: int) -> None:
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])


def _data(samples: int):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(samples, 5)).astype(np.float32)
    y = (x @ rng.normal(size=(5, 1)) > 0).astype(np.float32)
    vx = rng.normal(size=(13, 5)).astype(np.float32)
    vy = (vx.sum(1, keepdims=True) > 0).astype(np.float32)
    weights = [rng.normal(size=(5, 4)).astype(np.float32) * 0.5, np.zeros(4, np.float32),
               rng.normal(size=(4, 1)).astype(np.float32) * 0.5, np.zeros(1, np.float32)]
    return x, y, vx, vy, weights


def scenario(tf, devices, samples: int, batch: int, l2: bool) -> dict:
    """A small Dense model with Adam and metrics made in the strategy's scope (no strategy:
    devices None), trained and evaluated outside it, as the Keras guide does."""
    keras = tf.keras
    x, y, vx, vy, weights = _data(samples)
    scope = tf.distribute.MirroredStrategy(devices).scope() if devices else \
        contextlib.nullcontext()
    with scope:
        reg = keras.regularizers.L2(0.1) if l2 else None
        model = keras.Sequential([keras.Input((5,)),
                                  keras.layers.Dense(4, activation="relu", kernel_regularizer=reg),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.set_weights(weights)
        model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy",
                      metrics=["accuracy", keras.metrics.AUC(name="auc")])
    history = model.fit(x, y, batch_size=batch, epochs=2, verbose=0, shuffle=False,
                        validation_data=(vx, vy)).history
    out = {"history": {k: [float(v) for v in vs] for k, vs in history.items()},
           "weights": [w.tolist() for w in model.get_weights()],
           "evaluate": model.evaluate(vx, vy, batch_size=6, verbose=0, return_dict=True),
           "predict": model.predict(vx, batch_size=6, verbose=0).tolist()}
    model.reset_metrics()
    # 7 examples: an uneven batch for 2 replicas
    out["train_on_batch"] = model.train_on_batch(x[:7], y[:7], return_dict=True)
    out["weights_after_train_on_batch"] = [w.tolist() for w in model.get_weights()]
    model.reset_metrics()
    out["test_on_batch"] = model.test_on_batch(x[:7], y[:7], return_dict=True)
    out["iterations"] = int(model.optimizer.iterations.numpy())
    return {k: _plain(v) for k, v in out.items()}


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def split_sizes(tf, replicas: int, batch: int, samples: int) -> list:
    """Rows each replica gets from each global batch of `experimental_distribute_dataset`."""
    strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas)])
    dataset = tf.data.Dataset.range(samples).batch(batch)
    return [[int(v.shape[0]) for v in strategy.experimental_local_results(element)]
            for element in strategy.experimental_distribute_dataset(dataset)]


SPLITS = [(2, 16, 19), (2, 9, 16), (2, 8, 9), (3, 8, 12), (3, 16, 26), (4, 9, 14),
          (4, 16, 29), (4, 16, 17)]


def main() -> None:
    import tensorflow as tf  # noqa: PLC0415

    split_cpu(tf, 4)
    results = {"tensorflow": tf.__version__,
               "splits": [[r, b, n, split_sizes(tf, r, b, n)] for r, b, n in SPLITS]}
    for name, args in SCENARIOS.items():
        results[name] = {"two_replicas": scenario(tf, ["/cpu:0", "/cpu:1"], *args),
                         "one_device": scenario(tf, None, *args)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1, sort_keys=True))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
