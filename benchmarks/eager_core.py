"""Eager-mode costs of the core (issue: eager overhead, matmul, MLP step, import time).

Each workload runs in fluxion and in hand-written NumPy doing the same arithmetic, and, when
installed, in TensorFlow 2 (eager) and PyTorch (eager). Run: python benchmarks/eager_core.py
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from benchmarks._harness import blas_note, fmt, import_time, per_call, table  # noqa: E402

import fluxion  # noqa: E402


def _have(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def bench_small_add(frameworks) -> list:
    rows = []
    a = np.ones(1, np.float32)
    b = np.ones(1, np.float32)
    rows.append(("add, 1-element tensors", "numpy", per_call(lambda: a + b)))
    fa, fb = fluxion.constant(a), fluxion.constant(b)
    rows.append(("add, 1-element tensors", "fluxion", per_call(lambda: fa + fb)))
    if "tensorflow" in frameworks:
        tf = frameworks["tensorflow"]
        ta, tb = tf.constant(a), tf.constant(b)
        rows.append(("add, 1-element tensors", "tensorflow", per_call(lambda: ta + tb)))
    if "torch" in frameworks:
        torch = frameworks["torch"]
        pa, pb = torch.from_numpy(a), torch.from_numpy(b)
        rows.append(("add, 1-element tensors", "torch", per_call(lambda: pa + pb)))
    return rows


def bench_matmul(frameworks, n: int = 64) -> list:
    rows = []
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)).astype(np.float32)
    b = rng.standard_normal((n, n)).astype(np.float32)
    w = f"matmul {n}x{n}"
    rows.append((w, "numpy", per_call(lambda: a @ b)))
    fa, fb = fluxion.constant(a), fluxion.constant(b)
    rows.append((w, "fluxion", per_call(lambda: fluxion.matmul(fa, fb))))
    if "tensorflow" in frameworks:
        tf = frameworks["tensorflow"]
        ta, tb = tf.constant(a), tf.constant(b)
        rows.append((w, "tensorflow", per_call(lambda: tf.matmul(ta, tb))))
    if "torch" in frameworks:
        torch = frameworks["torch"]
        pa, pb = torch.from_numpy(a), torch.from_numpy(b)
        rows.append((w, "torch", per_call(lambda: torch.matmul(pa, pb))))
    return rows


def _mlp_params(rng):
    sizes = [784, 256, 256, 10]
    return [(rng.standard_normal((i, o)).astype(np.float32) * np.float32(np.sqrt(2 / i)),
             np.zeros(o, np.float32)) for i, o in zip(sizes[:-1], sizes[1:])]


def numpy_mlp_step(params, x, y):
    """Forward, softmax cross-entropy and backward by hand: the NumPy baseline."""
    acts = [x]
    h = x
    for i, (w, b) in enumerate(params):
        h = h @ w + b
        if i < len(params) - 1:
            h = np.maximum(h, 0)
        acts.append(h)
    logits = acts[-1]
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(len(y)), y]))
    g = p
    g[np.arange(len(y)), y] -= 1
    g /= len(y)
    grads = []
    for i in range(len(params) - 1, -1, -1):
        w, _ = params[i]
        grads.append((acts[i].T @ g, g.sum(axis=0)))
        if i:
            g = (g @ w.T) * (acts[i] > 0)
    return loss, grads


def bench_mlp(frameworks, batch: int = 128) -> list:
    rng = np.random.default_rng(0)
    params = _mlp_params(rng)
    x = rng.standard_normal((batch, 784)).astype(np.float32)
    y = rng.integers(0, 10, batch).astype(np.int32)
    w = f"MLP 784-256-256-10 fwd+bwd b{batch}"
    rows = [(w, "numpy", per_call(lambda: numpy_mlp_step(params, x, y)))]
    fl = fluxion
    fvars = [(fl.Variable(a), fl.Variable(b)) for a, b in params]
    flat = [v for pair in fvars for v in pair]
    fx, fy = fl.constant(x), fl.constant(y)

    def fluxion_step():
        with fl.GradientTape() as tape:
            h = fx
            for i, (wv, bv) in enumerate(fvars):
                h = fl.matmul(h, wv) + bv
                if i < len(fvars) - 1:
                    h = fl.nn.relu(h)
            loss = fl.reduce_mean(
                fl.nn.sparse_softmax_cross_entropy_with_logits(labels=fy, logits=h))
        return tape.gradient(loss, flat)

    rows.append((w, "fluxion", per_call(fluxion_step)))
    if "tensorflow" in frameworks:
        tf = frameworks["tensorflow"]
        tvars = [(tf.Variable(a), tf.Variable(b)) for a, b in params]
        tflat = [v for pair in tvars for v in pair]
        tx, ty = tf.constant(x), tf.constant(y)

        def tf_step():
            with tf.GradientTape() as tape:
                h = tx
                for i, (wv, bv) in enumerate(tvars):
                    h = tf.matmul(h, wv) + bv
                    if i < len(tvars) - 1:
                        h = tf.nn.relu(h)
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ty, logits=h))
            return tape.gradient(loss, tflat)

        rows.append((w, "tensorflow", per_call(tf_step)))
    if "torch" in frameworks:
        torch = frameworks["torch"]
        pvars = [(torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True))
                 for a, b in params]
        px, py = torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))

        def torch_step():
            h = px
            for i, (wv, bv) in enumerate(pvars):
                h = h @ wv + bv
                if i < len(pvars) - 1:
                    h = torch.relu(h)
            loss = torch.nn.functional.cross_entropy(h, py)
            flat_p = [v for pair in pvars for v in pair]
            return torch.autograd.grad(loss, flat_p)

        rows.append((w, "torch", per_call(torch_step)))
    return rows


def bench_imports(frameworks) -> list:
    rows = [("import", "numpy", import_time("numpy")),
            ("import", "fluxion", import_time("fluxion"))]
    for name in ("tensorflow", "torch"):
        if name in frameworks:
            rows.append(("import", name, import_time(name, repeats=3)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-tf", action="store_true", help="skip TensorFlow")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    args = parser.parse_args()
    frameworks = {}
    if not args.no_tf and _have("tensorflow"):
        import tensorflow  # noqa: PLC0415

        frameworks["tensorflow"] = tensorflow
    if not args.no_torch and _have("torch"):
        import torch  # noqa: PLC0415

        torch.set_num_threads(os.cpu_count() or 1)
        frameworks["torch"] = torch
    print(f"numpy {np.__version__}, fluxion {fluxion.__version__}, "
          + ", ".join(f"{k} {v.__version__}" for k, v in frameworks.items()))
    print(blas_note())
    rows = bench_small_add(frameworks) + bench_matmul(frameworks) + bench_mlp(frameworks)
    table("Eager execution (median per call)", rows)
    table("Import time (median, interpreter start subtracted)", bench_imports(frameworks))
    add = {f: s for w, f, s in rows if w.startswith("add")}
    print(f"\nfluxion eager overhead on a 1-element add: "
          f"{fmt(add['fluxion'] - add['numpy']).strip()} above NumPy")


if __name__ == "__main__":
    main()
