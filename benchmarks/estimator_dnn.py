"""DNNClassifier training throughput (#5): a canned `tf.estimator.DNNClassifier` (100 numeric
features, hidden units 512-256-128, 10 classes, its default Adagrad) trained by
`Estimator.train` on 1 replica and on 2 replicas of `MirroredStrategy` over logical CPU devices
(`RunConfig(train_distribute=...)`), global batch 512 (an Estimator's input_fn batch is per
replica: 512 on one, 256 on each of two). Beside it, TensorFlow 2.21 (which no longer ships
Estimators) trains the equivalent Keras model with `fit` under MirroredStrategy on 1 and 2
logical CPUs, when installed. Prints examples per second, medians over rounds. Run:
python benchmarks/estimator_dnn.py
(where OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE force an old kernel, unset both for this command:
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/estimator_dnn.py`)

Each Estimator round is one `train(steps=STEPS)` call as a user makes it: it builds the graph,
restores the latest checkpoint, trains and writes a checkpoint at the end.
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import statistics
import sys
import tempfile

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import fluxion  # noqa: E402
from benchmarks._harness import (  # noqa: E402
    blas_note, isolated, only_argument, per_call_interleaved, report)

FEATURES, HIDDEN, CLASSES, BATCH, STEPS = 100, (512, 256, 128), 10, 512, 50


def data(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH * 8, FEATURES)).astype(np.float32)
    y = (x[:, :CLASSES].argmax(axis=1)).astype(np.int32)
    return x, y


def estimator_round(replicas: int, x, y):
    """A callable training STEPS steps of a DNNClassifier on `replicas` replicas."""
    tf = fluxion
    strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas)]) \
        if replicas > 1 else None
    config = tf.estimator.RunConfig(train_distribute=strategy, save_checkpoints_steps=10 ** 9,
                                    log_step_count_steps=10 ** 9, tf_random_seed=0)
    column = tf.feature_column.numeric_column("x", shape=(FEATURES,))
    est = tf.estimator.DNNClassifier(hidden_units=list(HIDDEN), feature_columns=[column],
                                     n_classes=CLASSES, config=config,
                                     model_dir=tempfile.mkdtemp(prefix="fluxion_bench_dnn_"))
    per_replica = BATCH // replicas

    def input_fn():
        ds = tf.data.Dataset.from_tensor_slices(({"x": x}, y))
        return ds.repeat().batch(per_replica, drop_remainder=True)

    return lambda: est.train(input_fn, steps=STEPS)


def keras_round(tf, devices, x, y):
    """TF 2's equivalent: the same network in Keras, `fit` on STEPS global batches."""
    keras = tf.keras
    with tf.distribute.MirroredStrategy(devices).scope():
        model = keras.Sequential(
            [keras.Input((FEATURES,))] +
            [keras.layers.Dense(h, activation="relu") for h in HIDDEN] +
            [keras.layers.Dense(CLASSES)])
        model.compile(optimizer=keras.optimizers.Adagrad(1e-3),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ds = tf.data.Dataset.from_tensor_slices((x, y)).repeat().batch(BATCH, drop_remainder=True)
    return lambda: model.fit(ds, steps_per_epoch=STEPS, epochs=1, verbose=0)


def split_cpu(tf, count: int = 2) -> None:
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])


def measure(framework: str) -> list:
    """[(name, seconds per round)] for one framework, its configurations interleaved."""
    x, y = data()
    if framework == "fluxion":
        split_cpu(fluxion)
        rounds = {"fluxion DNNClassifier, 1 replica": estimator_round(1, x, y),
                  "fluxion DNNClassifier, 2 replicas": estimator_round(2, x, y)}
    else:
        import tensorflow as tf  # noqa: PLC0415

        split_cpu(tf)
        rounds = {"tensorflow Keras DNN fit, 1 replica": keras_round(tf, ["/cpu:0"], x, y),
                  "tensorflow Keras DNN fit, 2 replicas": keras_round(
                      tf, ["/cpu:0", "/cpu:1"], x, y)}
    for fn in rounds.values():
        fn()  # first call: traces, builds, writes the first checkpoint
    times = per_call_interleaved(list(rounds.values()), min_time=0.5, repeats=5)
    return list(zip(rounds, times))


def main() -> None:
    only = only_argument()
    if only:
        report(measure(only))
        return
    print(blas_note())
    frameworks = ["fluxion"] + (["tensorflow"] if importlib.util.find_spec("tensorflow") else [])
    results = isolated(__file__, frameworks)  # one process per framework, in turn
    print(f"\nDNN classifier training, global batch {BATCH}, {STEPS} steps per round "
          f"(examples per second, median; each framework in its own process)")
    base = None
    for framework in frameworks:
        runs = results[framework]
        for i, (name, _) in enumerate(runs[0]):
            seconds = statistics.median(run[i][1] for run in runs)
            rate = STEPS * BATCH / seconds
            base = base or rate
            print(f"{name:40s} {rate:12,.0f}   {rate / base:5.2f}x")


if __name__ == "__main__":
    main()
