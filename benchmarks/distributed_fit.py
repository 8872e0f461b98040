"""Data-parallel Keras `fit` (#5): one training epoch of a DNN (100 features, 3 hidden layers of
512 relu, 10 classes, Adam, accuracy metric, global batch 512) on 1 and 2 replicas of
`MirroredStrategy` over logical CPU devices, beside TensorFlow 2 doing the same when installed.
Prints examples per second (medians over epochs). Run:
python benchmarks/distributed_fit.py
(where OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE force an old kernel, unset both for this command:
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/distributed_fit.py`)

The last rows bound what replicas can gain here: the same forward and backward pass in plain
NumPy, once on the global batch (OpenBLAS spreads each matmul over every core) and as two
half batches in two threads with one BLAS thread each (what parallel replicas would do).
"""
from __future__ import annotations

import contextlib
import ctypes
import glob
import importlib.util
import itertools
import os
import pathlib
import sys
import threading

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import fluxion  # noqa: E402
from benchmarks._harness import blas_note, fmt, per_call_interleaved  # noqa: E402

FEATURES, HIDDEN, CLASSES, BATCH, SAMPLES = 100, 512, 10, 512, 8192


def split_cpu(tf, count: int = 2) -> None:
    """`count` logical CPU devices (before the framework initializes its devices)."""
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])


def keras_epoch(tf, devices, x, y):
    """An epoch of `fit`, the model made in the strategy's scope (no strategy: devices None)."""
    keras = tf.keras
    scope = tf.distribute.MirroredStrategy(devices).scope() if devices else \
        contextlib.nullcontext()
    with scope:
        model = keras.Sequential(
            [keras.Input((FEATURES,))] +
            [keras.layers.Dense(HIDDEN, activation="relu") for _ in range(3)] +
            [keras.layers.Dense(CLASSES)])
        model.compile(optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"],
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return lambda: model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)


# --- the NumPy bound -----------------------------------------------------------------------------
def _openblas_threads():
    """OpenBLAS' set/get thread-count functions in NumPy's bundled library (None if absent)."""
    libs = glob.glob(str(pathlib.Path(np.__file__).parent.parent / "numpy.libs" / "*openblas*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                getter = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                if setter is not None and getter is not None:
                    return setter, getter
    return None


def numpy_pass(weights, x):
    """Forward and backward matmuls/relus of the DNN (the bulk of a training step)."""
    acts = [x]
    for w in weights[:-1]:
        acts.append(np.maximum(acts[-1] @ w, 0))
    grad = acts[-1] @ weights[-1]
    for i in range(len(weights) - 1, -1, -1):
        acts[i].T @ grad
        if i:
            grad = (grad @ weights[i].T) * (acts[i] > 0)


def numpy_bound(x) -> list:
    rng = np.random.default_rng(1)
    sizes = [FEATURES, HIDDEN, HIDDEN, HIDDEN, CLASSES]
    weights = [rng.standard_normal((a, b)).astype(np.float32) * 0.05
               for a, b in itertools.pairwise(sizes)]
    xb = x[:BATCH]
    half = BATCH // 2
    blas = _openblas_threads()

    def two_threads():
        threads = [threading.Thread(target=numpy_pass, args=(weights, xb[i * half:][:half]))
                   for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    one = per_call_interleaved([lambda: numpy_pass(weights, xb)], min_time=0.5)[0]
    rows = [("numpy f+b pass, 1 x b512", "all BLAS threads", one)]
    if blas is not None:
        setter, getter = blas
        saved = getter()
        setter(1)
        try:
            two = per_call_interleaved([two_threads], min_time=0.5)[0]
        finally:
            setter(saved)
        rows.append(("numpy f+b pass, 2 threads x b256", "1 BLAS thread each", two))
    return rows


def main() -> None:
    print(blas_note())
    print(f"{len(os.sched_getaffinity(0))} CPU cores; DNN {FEATURES}-{HIDDEN}x3-{CLASSES}, "
          f"global batch {BATCH}, {SAMPLES} examples per epoch")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((SAMPLES, FEATURES)).astype(np.float32)
    y = rng.integers(0, CLASSES, SAMPLES).astype(np.int32)
    configs = [("no strategy", None), ("1 replica", ["/cpu:0"]),
               ("2 replicas", ["/cpu:0", "/cpu:1"])]
    frameworks = [("fluxion", fluxion)]
    if importlib.util.find_spec("tensorflow"):
        import tensorflow as tf  # noqa: PLC0415

        frameworks.append(("tensorflow", tf))
    rows = []
    for name, tf in frameworks:
        split_cpu(tf)
        epochs = [keras_epoch(tf, devices, x, y) for _, devices in configs]
        seconds = per_call_interleaved(epochs, min_time=1.0, repeats=5)
        rows += [(name, label, s) for (label, _), s in zip(configs, seconds)]
    print(f"\nfit, one epoch (median)\n{'framework':12s} {'replicas':12s} {'epoch':>12s}"
          f" {'examples/s':>12s} {'vs 1 replica':>13s}")
    for name, label, s in rows:
        one = next(t for n, c, t in rows if n == name and c == "1 replica")
        print(f"{name:12s} {label:12s} {fmt(s):>12s} {SAMPLES / s:12.0f} {one / s:12.2f}x")
    print("\nbound: forward+backward matmuls of one global batch in NumPy (median)")
    for workload, how, s in numpy_bound(x):
        print(f"{workload:34s} {how:20s} {fmt(s):>12s}")


if __name__ == "__main__":
    main()
