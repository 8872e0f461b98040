"""Walks the op registry: every primitive has cases, checked eagerly against NumPy, by its
shape/dtype inference against the real output, and by its vjp against finite differences."""
from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pytest

import fluxion as tf
from fluxion.core.op import REGISTRY, Spec
from fluxion.core import dtypes
from tests import cases as cases_pkg
from tests.opcheck import assert_close, check_gradient

CASES = []
for info in pkgutil.iter_modules(cases_pkg.__path__):
    CASES.extend(importlib.import_module(f"tests.cases.{info.name}").CASES)


def test_every_registered_op_has_a_case():
    covered = {c.op for c in CASES}
    missing = sorted(set(REGISTRY) - covered)
    assert not missing, f"ops without cases in tests/cases: {missing}"


def test_cases_name_registered_ops():
    unknown = sorted({c.op for c in CASES} - set(REGISTRY))
    assert not unknown, f"cases for unknown ops: {unknown}"


def _run(case):
    return REGISTRY[case.op](*[tf.constant(x) for x in case.inputs], **case.attrs)


@pytest.mark.parametrize("case", [c for c in CASES if c.ref is not None], ids=repr)
def test_eager_matches_numpy(case):
    assert_close(_run(case), case.ref(*case.inputs), rtol=case.rtol, atol=case.atol)


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_inference_matches_output(case):
    op = REGISTRY[case.op]
    specs = [Spec(tuple(np.shape(x)), dtypes.from_numpy(np.asarray(x).dtype))
             for x in case.inputs]
    inferred = op.infer_specs(*specs, **case.attrs)
    out = _run(case)
    outs = out if isinstance(out, tuple) else (out,)
    inferred = (inferred,) if isinstance(inferred, Spec) else inferred
    assert len(inferred) == len(outs)
    for spec, o in zip(inferred, outs):
        if spec.shape is not None:  # None dims are unknown: they match any size
            assert len(spec.shape) == len(o.shape), (spec, o.shape)
            assert all(d is None or d == n for d, n in zip(spec.shape, o.shape)), (spec, o.shape)
        assert spec.dtype is o.dtype, (spec.dtype, o.dtype)


def _float64(x):
    x = np.asarray(x)
    return x.astype(np.float64) if x.dtype.kind == "f" else x


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.grad and REGISTRY[c.op].vjp is not None], ids=repr)
def test_vjp_matches_finite_differences(case):
    op = REGISTRY[case.op]
    xs = [_float64(x) for x in case.inputs]
    argnums = case.grad_argnums
    if argnums is None:
        argnums = tuple(i for i, x in enumerate(xs) if x.dtype.kind == "f")
    fixed = {i: x for i, x in enumerate(xs) if i not in argnums}

    def fn(*ts):
        args = [tf.constant(fixed[i]) if i in fixed else ts[argnums.index(i)]
                for i in range(len(xs))]
        return op(*args, **case.attrs)

    probe = op(*[tf.constant(x) for x in xs], **case.attrs)
    probe = probe if isinstance(probe, tuple) else (probe,)
    if not argnums or not any(o.dtype.is_floating for o in probe):
        # nothing differentiable: the tape must report no gradient, as TF does
        ts = [tf.constant(x) for x in xs]
        with tf.GradientTape() as tape:
            tape.watch(ts)
            out = op(*ts, **case.attrs)
        out = out[0] if isinstance(out, tuple) else out
        assert all(g is None for g in tape.gradient(out, ts))
        return
    check_gradient(fn, [xs[i] for i in argnums], rtol=max(case.rtol, 1e-5),
                   atol=max(case.atol, 1e-6))
