"""Shared test helpers: op cases, NumPy comparison and finite-difference gradient checks."""
from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np

import fluxion as tf


@dataclasses.dataclass
class Case:
    """One example of a primitive op, walked by tests/test_ops.py.

    op: registry name. inputs: NumPy arrays (their dtypes are used as given). attrs: keyword
    attributes passed to the primitive. ref: NumPy reference taking the same arrays (attrs
    baked in); None when only gradients/inference are checked (state why in `note`).
    grad: check the vjp by finite differences (inputs are cast to float64 for that; use
    grad_argnums to choose which inputs are differentiated).
    """

    op: str
    inputs: list
    attrs: dict = dataclasses.field(default_factory=dict)
    ref: Callable | None = None
    grad: bool = True
    grad_argnums: tuple | None = None
    rtol: float = 1e-5
    atol: float = 1e-6
    note: str = ""

    def __repr__(self) -> str:
        shapes = ",".join(str(list(np.shape(x))) + str(np.asarray(x).dtype) for x in self.inputs)
        return f"{self.op}({shapes}{',' + str(self.attrs) if self.attrs else ''})"


def assert_close(actual, expected, rtol=1e-5, atol=1e-6, check_dtype=True) -> None:
    """Compares a fluxion result (Tensor, or tuple/list of them) with NumPy values."""
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)), f"expected a sequence, got {type(actual)}"
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            assert_close(a, e, rtol, atol, check_dtype)
        return
    a = np.asarray(actual)
    e = np.asarray(expected)
    assert a.shape == e.shape, f"shape {a.shape} != expected {e.shape}"
    if check_dtype:
        assert a.dtype == e.dtype, f"dtype {a.dtype} != expected {e.dtype}"
    if e.dtype.kind in "fc":
        np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(a, e)


def numeric_vjp(f: Callable, xs: list, cot, eps: float = 1e-6) -> list:
    """Central finite differences of sum(f(*xs) * cot) with respect to each float64 x."""
    grads = []
    for i, x in enumerate(xs):
        g = np.zeros(np.shape(x), np.asarray(x).dtype)  # C order: reshape(-1) is a view
        flat = g.reshape(-1)
        for k in range(x.size):
            plus = [np.array(v, copy=True, order="C") for v in xs]
            minus = [np.array(v, copy=True, order="C") for v in xs]
            plus[i].reshape(-1)[k] += eps
            minus[i].reshape(-1)[k] -= eps
            fp = _dot(f(*plus), cot)
            fm = _dot(f(*minus), cot)
            flat[k] = (fp - fm) / (2 * eps)
        grads.append(g)
    return grads


def _dot(out, cot) -> float:
    if isinstance(out, (tuple, list)):
        return sum(_dot(o, c) for o, c in zip(out, cot))
    return float(np.sum(np.asarray(out, np.float64) * cot))


def check_gradient(fn: Callable, xs: list, argnums=None, rtol=1e-5, atol=1e-6, seed=0):
    """Checks GradientTape gradients of `fn` (fluxion tensors -> tensor(s)) against finite
    differences in float64 at the NumPy points `xs`."""
    xs = [np.asarray(x, np.float64) for x in xs]
    argnums = tuple(range(len(xs))) if argnums is None else tuple(argnums)
    rng = np.random.default_rng(seed)
    ts = [tf.constant(x) for x in xs]
    with tf.GradientTape(persistent=True) as tape:
        for t in ts:
            tape.watch(t)
        out = fn(*ts)
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        cots = [rng.standard_normal(np.shape(o)) for o in outs]
        targets = [tf.reduce_sum(o * tf.constant(c)) for o, c in zip(outs, cots)
                   if np.asarray(o).dtype.kind == "f"]
        total = targets[0]
        for t in targets[1:]:
            total = total + t
    analytic = tape.gradient(total, [ts[i] for i in argnums],
                             unconnected_gradients=tf.UnconnectedGradients.ZERO)

    def f_np(*vals):
        res = fn(*[tf.constant(v) for v in vals])
        if isinstance(res, (tuple, list)):
            return [np.asarray(r) for r in res]
        return np.asarray(res)

    def f_sel(*sel):
        full = list(xs)
        for i, v in zip(argnums, sel):
            full[i] = v
        return f_np(*full)

    cot = cots if isinstance(out, (tuple, list)) else cots[0]
    if isinstance(out, (tuple, list)):
        cot = [c if np.asarray(o).dtype.kind == "f" else np.zeros_like(c)
               for c, o in zip(cots, outs)]
    numeric = numeric_vjp(f_sel, [xs[i] for i in argnums], cot)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        np.testing.assert_allclose(np.asarray(a), n, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {argnums[i]}")
