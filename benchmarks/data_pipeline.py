"""Input pipelines (#4): per-element cost of `from_tensor_slices -> shuffle -> batch`, the
`repeat -> batch` slicing path, and CRC-32C / TFRecord write+read throughput, beside TensorFlow
2 doing the same (each framework in its own process) when installed. Run:
python benchmarks/data_pipeline.py
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

from benchmarks._harness import (  # noqa: E402
    fmt, isolated, only_argument, per_call, report)

N = 20000


def workloads(tf) -> dict:
    x = np.zeros((N, 4), np.float32)
    y = np.arange(N)
    records = [os.urandom(100) for _ in range(2000)]
    path = os.path.join(tempfile.mkdtemp(prefix="fluxion_bench_data_"), "r.tfrecord")

    def shuffled():
        ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000, seed=0).batch(100)
        return sum(1 for _ in ds)

    def repeated():
        ds = tf.data.Dataset.from_tensor_slices((x, y)).repeat(2).batch(100)
        return sum(1 for _ in ds)

    def tfrecord():
        with tf.io.TFRecordWriter(path) as writer:
            for r in records:
                writer.write(r)
        return sum(1 for _ in tf.data.TFRecordDataset(path))

    return {f"shuffle+batch, per element ({N} elements)": (shuffled, N),
            f"repeat(2)+batch, per element ({2 * N})": (repeated, 2 * N),
            "TFRecord write+read, per 100-byte record": (tfrecord, len(records))}


def crc_workload():
    from fluxion.io import crc32c  # noqa: PLC0415

    data = os.urandom(4 << 20)
    return {"CRC-32C pure path, per MB": (lambda: crc32c.value_pure(data), 4)}


def measure(framework: str) -> list:
    if framework == "fluxion":
        import fluxion as tf  # noqa: PLC0415

        items = {**workloads(tf), **crc_workload()}
    else:
        import tensorflow as tf  # noqa: PLC0415

        items = workloads(tf)
    return [(name, per_call(fn, min_time=0.5, repeats=5) / count)
            for name, (fn, count) in items.items()]


def main() -> None:
    only = only_argument()
    if only:
        report(measure(only))
        return
    frameworks = ["fluxion"] + (["tensorflow"] if importlib.util.find_spec("tensorflow") else [])
    results = isolated(__file__, frameworks)
    print(f"\n{'workload':44s} {'framework':12s} {'median':>12s}")
    for framework in frameworks:
        runs = results[framework]
        for i, (name, _) in enumerate(runs[0]):
            print(f"{name:44s} {framework:12s} "
                  f"{fmt(statistics.median(r[i][1] for r in runs)):>12s}")


if __name__ == "__main__":
    main()
