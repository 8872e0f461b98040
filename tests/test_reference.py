"""Runs every snippet of tools/reference/ under fluxion and compares with TensorFlow's
recorded result in tests/fixtures/ (value, dtype, shape, or the exception class)."""
from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import fluxion
from tools.make_reference import run_snippet

FIXTURES = sorted((pathlib.Path(__file__).parent / "fixtures").glob("*.json"))
SNIPPETS = []
for path in FIXTURES:
    data = json.loads(path.read_text())
    for name, entry in sorted(data["snippets"].items()):
        SNIPPETS.append(pytest.param(entry["code"], entry["result"], id=f"{path.stem}:{name}"))


def assert_same(ours, theirs, where="result"):
    assert ours.keys() == theirs.keys(), f"{where}: fluxion gave {ours}, TF gave {theirs}"
    if "seq" in theirs:
        assert len(ours["seq"]) == len(theirs["seq"]), f"{where}: lengths differ"
        for i, (a, b) in enumerate(zip(ours["seq"], theirs["seq"])):
            assert_same(a, b, f"{where}[{i}]")
    elif "dict" in theirs:
        assert ours["dict"].keys() == theirs["dict"].keys()
        for k in theirs["dict"]:
            assert_same(ours["dict"][k], theirs["dict"][k], f"{where}[{k}]")
    elif "dtype" in theirs:
        assert ours["dtype"] == theirs["dtype"], f"{where}: dtype {ours['dtype']} != TF's"
        assert ours["shape"] == theirs["shape"], f"{where}: shape {ours['shape']} != TF's"
        _same_values(ours["value"], theirs["value"], theirs["dtype"], where)
    elif "ndarray" in theirs:
        _same_values(ours["ndarray"], theirs["ndarray"], theirs["np_dtype"], where)
    elif "python" in theirs and isinstance(theirs["python"], float):
        np.testing.assert_allclose(ours["python"], theirs["python"], rtol=1e-5, err_msg=where)
    else:
        assert ours == theirs, f"{where}: fluxion gave {ours}, TF gave {theirs}"


def _same_values(a, b, dtype, where):
    if isinstance(b, dict):  # complex
        _same_values(a["re"], b["re"], "float", where)
        _same_values(a["im"], b["im"], "float", where)
        return
    a, b = np.asarray(a), np.asarray(b)
    if "float" in dtype or "half" in dtype or "double" in dtype:
        rtol = 1e-3 if "16" in dtype else 1e-5
        np.testing.assert_allclose(a.astype(float), b.astype(float), rtol=rtol, atol=1e-6,
                                   equal_nan=True, err_msg=where)
    else:
        np.testing.assert_array_equal(a, b, err_msg=where)


@pytest.mark.parametrize("code,expected", SNIPPETS)
def test_matches_tensorflow(code, expected):
    fluxion.random.set_seed(0)
    assert_same(run_snippet(code, fluxion, np), expected)
