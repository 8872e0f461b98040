"""Graph mode (#3): an MLP training step (784-256-256-10, batch 128, Adam, loss and gradients in
one `function`) and batch-1 inference, beside hand-written NumPy doing the same arithmetic and,
when installed, TensorFlow 2 (`tf.function`) and PyTorch (eager). Run:
python benchmarks/graph_mlp.py
(where OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are set to force an old kernel, unset both for this
command alone: `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/graph_mlp.py`;
the first line printed names the kernel NumPy runs)
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from benchmarks._harness import blas_note, per_call, per_call_interleaved, table  # noqa: E402
from benchmarks.eager_core import _mlp_params, numpy_mlp_step  # noqa: E402

import fluxion  # noqa: E402

LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-7


def numpy_train(params, x, y):
    state = {"t": 0, "m": [np.zeros_like(p) for pair in params for p in pair],
             "v": [np.zeros_like(p) for pair in params for p in pair]}
    flat = [p for pair in params for p in pair]

    def step():
        _, grads = numpy_mlp_step(params, x, y)
        grads = [g for pair in reversed(grads) for g in pair]
        state["t"] += 1
        scale = LR * np.sqrt(1 - B2 ** state["t"]) / (1 - B1 ** state["t"])
        for p, g, m, v in zip(flat, grads, state["m"], state["v"]):
            m *= B1
            m += (1 - B1) * g
            v *= B2
            v += (1 - B2) * g * g
            p -= scale * m / (np.sqrt(v) + EPS)
    return step


def tf_like_train(tf, params, x, y):
    """The same step written once against the TF2 API: runs under fluxion and TensorFlow."""
    variables = [tf.Variable(p) for pair in params for p in pair]
    ms = [tf.Variable(tf.zeros_like(v)) for v in variables]
    vs = [tf.Variable(tf.zeros_like(v)) for v in variables]
    t = tf.Variable(0.0)
    x, y = tf.constant(x), tf.constant(y)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            h = x
            for i in range(0, len(variables), 2):
                h = tf.matmul(h, variables[i]) + variables[i + 1]
                if i < len(variables) - 2:
                    h = tf.nn.relu(h)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
        grads = tape.gradient(loss, variables)
        t.assign_add(1.0)
        scale = LR * tf.sqrt(1 - B2 ** t) / (1 - B1 ** t)
        for p, g, m, v in zip(variables, grads, ms, vs):
            m.assign(B1 * m + (1 - B1) * g)
            v.assign(B2 * v + (1 - B2) * g * g)
            p.assign_sub(scale * m / (tf.sqrt(v) + EPS))
        return loss
    return step


def tf_like_infer(tf, params, x1):
    variables = [(tf.Variable(w), tf.Variable(b)) for w, b in params]
    x1 = tf.constant(x1)

    @tf.function
    def infer_graph(x):
        h = x
        for i, (w, b) in enumerate(variables):
            h = tf.matmul(h, w) + b
            if i < len(variables) - 1:
                h = tf.nn.relu(h)
        return h
    return lambda: infer_graph(x1)  # the input is an argument: nothing can be folded away


def numpy_infer(params, x1):
    def infer():
        h = x1
        for i, (w, b) in enumerate(params):
            h = h @ w + b
            if i < len(params) - 1:
                h = np.maximum(h, 0)
        return h
    return infer


def main() -> None:
    rng = np.random.default_rng(0)
    params = _mlp_params(rng)
    x = rng.standard_normal((128, 784)).astype(np.float32)
    y = rng.integers(0, 10, 128).astype(np.int32)
    x1 = x[:1].copy()
    train, infer = "train step 784-256-256-10 b128 Adam", "inference b1"
    rows = [(train, "numpy", per_call(numpy_train([(w.copy(), b.copy()) for w, b in params],
                                                  x, y))),
            (train, "fluxion", per_call(tf_like_train(fluxion, params, x, y))),
            (infer, "numpy", per_call(numpy_infer(params, x1))),
            (infer, "fluxion", per_call(tf_like_infer(fluxion, params, x1)))]
    if importlib.util.find_spec("tensorflow"):
        import tensorflow as tf  # noqa: PLC0415

        rows += [(train, "tensorflow", per_call(tf_like_train(tf, params, x, y))),
                 (infer, "tensorflow", per_call(tf_like_infer(tf, params, x1)))]
    if importlib.util.find_spec("torch"):
        import torch  # noqa: PLC0415

        net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                  torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                  torch.nn.Linear(256, 10))
        opt = torch.optim.Adam(net.parameters(), lr=LR, eps=EPS)
        px, py = torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))

        def torch_step():
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(px), py)
            loss.backward()
            opt.step()

        p1 = torch.from_numpy(x1)

        def torch_infer():
            with torch.no_grad():
                return net(p1)
        rows += [(train, "torch", per_call(torch_step)), (infer, "torch", per_call(torch_infer))]
    rows.sort(key=lambda r: r[0] != train)
    print(blas_note())
    table("Graph mode (median per call)", rows)
    table("Graph vs eager, same fluxion code (median per call)", graph_vs_eager(), "eager")


def graph_vs_eager() -> list:
    """Small ops (where per-op Python cost dominates) and large ones (where NumPy does)."""
    def chain(x):
        for _ in range(20):
            x = x * 1.01 + 0.5
        return x

    def large(a, b):
        return fluxion.nn.relu(fluxion.matmul(a, b) * 0.5 + 1.0)

    rng = np.random.default_rng(0)
    small_x = fluxion.constant([1.0])
    big = [fluxion.constant(rng.standard_normal((1024, 1024)).astype(np.float32))
           for _ in range(2)]
    rows = []
    for name, fn, args in [("40 small elementwise ops", chain, (small_x,)),
                           ("matmul 1024 + 3 elementwise ops", large, big)]:
        graph = fluxion.function(fn)
        eager_s, graph_s = per_call_interleaved([lambda: fn(*args), lambda: graph(*args)])
        rows += [(name, "eager", eager_s), (name, "graph", graph_s)]
    return rows


if __name__ == "__main__":
    main()
