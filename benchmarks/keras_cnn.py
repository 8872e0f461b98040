"""Keras CNN training step (#4): Conv2D 32 3x3 relu, Conv2D 64 3x3 relu, MaxPooling2D, Flatten,
Dense 128 relu, Dense 10 on 28x28x1 inputs, batch 64, Adam, as `fit` runs it (one graph per
step), beside TensorFlow 2 (the same Keras code) and PyTorch (eager) when installed. Run:
python benchmarks/keras_cnn.py
(where OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE force an old kernel, unset both for this command:
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/keras_cnn.py`)
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import statistics
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from benchmarks._harness import (  # noqa: E402
    blas_note, isolated, only_argument, per_call, report, table)

import fluxion  # noqa: E402

BATCH = 64


def keras_cnn(tf):
    """The model and one `train_on_batch`-style step, written once against the Keras API."""
    keras = tf.keras
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, BATCH).astype(np.int32)
    return lambda: model.train_on_batch(x, y)


def torch_cnn():
    import torch  # noqa: PLC0415

    torch.set_num_threads(os.cpu_count() or 1)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(12 * 12 * 64, 128),
        torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.random((BATCH, 1, 28, 28), dtype=np.float32))
    y = torch.from_numpy(rng.integers(0, 10, BATCH))

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    return step


def conv_ops(framework: str):
    """The second convolution's three kernels and the pooling gradient, alone (workload ->
    callable), to show where a step's time goes. `numpy` is the plain NumPy way: one
    (multi-threaded) BLAS matmul per kernel on an already gathered im2col matrix."""
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 26, 26, 32), dtype=np.float32)
    w = rng.random((3, 3, 32, 64), dtype=np.float32)
    g = rng.random((BATCH, 24, 24, 64), dtype=np.float32)
    p = rng.random((BATCH, 24, 24, 64), dtype=np.float32)
    if framework == "numpy":
        cols = np.ascontiguousarray(np.lib.stride_tricks.sliding_window_view(
            x, (3, 3), axis=(1, 2)).transpose(0, 1, 2, 4, 5, 3)).reshape(-1, 288)
        g2, w2 = g.reshape(-1, 64), w.reshape(288, 64)
        return {"conv2 forward": lambda: cols @ w2, "conv2 input grad": lambda: g2 @ w2.T,
                "conv2 filter grad": lambda: cols.T @ g2}
    if framework == "torch":
        import torch  # noqa: PLC0415

        tx, tg, tp = (torch.from_numpy(a.transpose(0, 3, 1, 2).copy()) for a in (x, g, p))
        tw = torch.from_numpy(w.transpose(3, 2, 0, 1).copy())
        pooled, idx = torch.nn.functional.max_pool2d(tp, 2, return_indices=True)
        return {"conv2 forward": lambda: torch.nn.functional.conv2d(tx, tw),
                "conv2 input grad": lambda: torch.nn.grad.conv2d_input(tx.shape, tw, tg),
                "conv2 filter grad": lambda: torch.nn.grad.conv2d_weight(tx, tw.shape, tg),
                "max-pool grad": lambda: torch.ops.aten.max_pool2d_with_indices_backward(
                    torch.ones_like(pooled), tp, [2, 2], [2, 2], [0, 0], [1, 1], False, idx)}
    if framework == "tensorflow":
        import tensorflow as tf  # noqa: PLC0415

        raw = tf.raw_ops
        xt, wt, gt, pt = (tf.constant(a) for a in (x, w, g, p))
        pooled = tf.nn.max_pool2d(pt, 2, 2, "VALID")
        ones = tf.ones_like(pooled)
        one = [1, 1, 1, 1]
        fns = {"conv2 forward": lambda: tf.nn.conv2d(xt, wt, 1, "VALID"),
               "conv2 input grad": lambda: raw.Conv2DBackpropInput(
                   input_sizes=x.shape, filter=wt, out_backprop=gt, strides=one,
                   padding="VALID"),
               "conv2 filter grad": lambda: raw.Conv2DBackpropFilter(
                   input=xt, filter_sizes=w.shape, out_backprop=gt, strides=one,
                   padding="VALID"),
               "max-pool grad": lambda: raw.MaxPoolGrad(
                   orig_input=pt, orig_output=pooled, grad=ones, ksize=[1, 2, 2, 1],
                   strides=[1, 2, 2, 1], padding="VALID")}
        return {k: (lambda f: lambda: f().numpy())(tf.function(f)) for k, f in fns.items()}
    from fluxion.core.op import REGISTRY  # noqa: PLC0415

    attrs = {"strides": (1, 1), "padding": "VALID", "dilations": (1, 1), "data_format": "NHWC"}
    pool = {"ksize": (1, 2, 2, 1), "strides": (1, 2, 2, 1), "padding": "VALID",
            "dilations": (1, 1, 1, 1)}
    xt, wt, gt, pt = (fluxion.constant(a) for a in (x, w, g, p))
    pooled = fluxion.nn.max_pool2d(pt, 2, 2, "VALID")
    ones = fluxion.ones_like(pooled)
    return {"conv2 forward": lambda: fluxion.nn.conv2d(xt, wt, 1, "VALID"),
            "conv2 input grad": lambda: REGISTRY["conv_backprop_input"](
                wt, gt, input_shape=x.shape, **attrs),
            "conv2 filter grad": lambda: REGISTRY["conv_backprop_filter"](
                xt, gt, filter_shape=w.shape, **attrs),
            "max-pool grad": lambda: REGISTRY["max_pool_grad"](pt, pooled, ones, **pool)}


def measure(framework: str) -> dict:
    """One framework's step time and kernel times (NumPy's kernels ride with fluxion's run)."""
    if framework == "fluxion":
        step = keras_cnn(fluxion)
    elif framework == "tensorflow":
        import tensorflow as tf  # noqa: PLC0415

        step = keras_cnn(tf)
    else:
        step = torch_cnn()
    result = {"step": per_call(step, min_time=1.0, repeats=7), "ops": []}
    for name in [framework] + (["numpy"] if framework == "fluxion" else []):
        for workload, fn in conv_ops(name).items():
            result["ops"].append((workload, name, per_call(fn, min_time=0.3, repeats=5)))
    return result


def main() -> None:
    only = only_argument()
    if only:
        report(measure(only))
        return
    print(blas_note())
    frameworks = ["fluxion"] + [name for name in ("tensorflow", "torch")
                                if importlib.util.find_spec(name)]
    results = isolated(__file__, frameworks)  # one process per framework, in turn
    name = "CNN train step b64 (28x28x1)"
    table("Keras CNN training step (median per call; each framework in its own process)",
          [(name, f, statistics.median(r["step"] for r in results[f])) for f in frameworks],
          baseline="fluxion")
    rows = [(workload, who, statistics.median(r["ops"][i][2] for r in results[f]))
            for f in frameworks for i, (workload, who, _) in enumerate(results[f][0]["ops"])]
    rows.sort(key=lambda r: r[0])
    table("Where the step's time goes: the second convolution's kernels and the pooling "
          "gradient, alone (numpy: one BLAS matmul on a ready im2col matrix)", rows,
          baseline="fluxion")


if __name__ == "__main__":
    main()
