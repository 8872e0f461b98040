"""Runs TF2 snippets under real TensorFlow and writes their results as test fixtures.

Usage (in a separate virtualenv with `pip install tensorflow-cpu numpy`):

    python tools/make_reference.py            # every file in tools/reference/
    python tools/make_reference.py math nn    # only these families

Each tools/reference/<family>.py defines SNIPPETS: a dict name -> code. Code is an expression,
or statements that assign `result`. The same code runs under fluxion in
tests/test_reference.py (with `tf` bound to fluxion) and must give the same value, dtype and
shape, or raise an exception of the same class. Results go to tests/fixtures/<family>.json.
"""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SNIPPET_DIR = ROOT / "tools" / "reference"
FIXTURE_DIR = ROOT / "tests" / "fixtures"


def load_snippets(family: str) -> dict:
    spec = importlib.util.spec_from_file_location(f"ref_{family}", SNIPPET_DIR / f"{family}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SNIPPETS


def run_snippet(code: str, tf, np):
    """Evaluates one snippet with `tf` bound to a framework; returns its encoded result."""
    env = {"tf": tf, "np": np}
    statements = "\n" in code.strip() or "result =" in code
    try:
        if statements:
            exec(code, env)  # noqa: S102 - our own snippet files
        else:
            value = eval(code, env)  # noqa: S307 - our own snippet files
    except Exception as e:  # noqa: BLE001 - the exception class is the expected result
        return {"error": type(e).__name__}
    if statements:
        if "result" not in env:
            raise SnippetError(f"snippet assigns no `result`:\n{code}")
        value = env["result"]
    return encode(value, np)


class SnippetError(Exception):
    """A snippet that cannot test anything (e.g. statements that never assign `result`)."""


def encode(value, np):
    """A JSON-able description of a result: tensors with dtype/shape/value, or plain data."""
    if isinstance(value, (list, tuple)):
        return {"seq": [encode(v, np) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v, np) for k, v in sorted(value.items())}}
    if hasattr(value, "as_list") and hasattr(value, "rank"):  # TensorShape
        return {"shape_value": None if value.rank is None else list(value.as_list())}
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        arr = np.asarray(value.numpy())
        return {"dtype": getattr(value.dtype, "name", value.dtype), "shape": list(arr.shape), "value": _plain(arr, np)}
    if isinstance(value, (bool, int, float, str, type(None))):
        return {"python": value}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.asarray(value)
        return {"ndarray": _plain(arr, np), "np_dtype": str(arr.dtype)}
    return {"repr": repr(value)}


def _plain(arr, np):
    if arr.dtype.kind == "c":
        return {"re": arr.real.tolist(), "im": arr.imag.tolist()}
    if arr.dtype.kind in "OSU":
        return np.vectorize(lambda s: s.decode("utf-8", "replace") if isinstance(s, bytes)
                            else str(s), otypes=[object])(arr).tolist()
    return arr.tolist()


def main(argv: list[str]) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np
    import tensorflow as tf

    families = argv or sorted(p.stem for p in SNIPPET_DIR.glob("*.py") if p.stem[0] != "_")
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    for family in families:
        tf.random.set_seed(0)
        results = {name: {"code": code, "result": run_snippet(code, tf, np)}
                   for name, code in load_snippets(family).items()}
        out = FIXTURE_DIR / f"{family}.json"
        tmp = out.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"tensorflow": tf.__version__, "snippets": results},
                                  indent=1, sort_keys=True))
        tmp.replace(out)
        print(f"{family}: {len(results)} snippets -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
