"""tf.io.parse_example / parse_single_example as one graph op (`parse_example`, TF's
ParseExampleV2): traced results and errors equal the eager ones, traced shapes follow TF's,
SavedModels that parse serialized Examples load in a fresh interpreter, and
`tf.saved_model.load` finds every registered op without the caller importing its module."""
from __future__ import annotations

import importlib
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from fluxion.core.op import REGISTRY
from tests.test_example import EXPECTED, make_spec

REPO = str(pathlib.Path(__file__).resolve().parent.parent)
T = tf.train


def example(**features) -> bytes:
    return T.Example(features=T.Features(feature=features)).SerializeToString()


A = example(i=T.Feature(int64_list=T.Int64List(value=[1, 2, 3])),
            x=T.Feature(float_list=T.FloatList(value=[1.5, 2.5])),
            w=T.Feature(bytes_list=T.BytesList(value=[b"ab", b"c"])))
B = example(i=T.Feature(int64_list=T.Int64List(value=[4])),
            x=T.Feature(float_list=T.FloatList(value=[3.0, 4.0])))
SPEC = {"i": tf.io.VarLenFeature(tf.int64), "x": tf.io.FixedLenFeature([2], tf.float32),
        "w": tf.io.VarLenFeature(tf.string),
        "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=-1),
        "d": tf.io.FixedLenFeature([1], tf.string, default_value=["none"])}


def flat(out: dict) -> list:
    return [out["i"].indices, out["i"].values, out["i"].dense_shape, out["w"].values, out["x"],
            out["s"], out["d"]]


def output_shapes(concrete) -> list:
    specs = concrete.graph.specs()
    return [specs[name].shape for name in concrete.graph.outputs]


def test_a_trace_records_one_parse_node():
    f = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)))
    graph = f.get_concrete_function(tf.constant([A, B])).graph
    ops = [n.op for n in graph.nodes if n.op != "constant"]
    assert ops == ["parse_example"]
    assert REGISTRY["parse_example"].tf_name == "ParseExampleV2"


def test_traced_shapes_are_tensorflows():
    # the shapes TF 2.21's ParseExampleV2 gives in a graph (recorded with real TF)
    batch = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)),
                        input_signature=[tf.TensorSpec([None], tf.string)])
    assert output_shapes(batch.get_concrete_function()) == [
        (None, 2), (None,), (2,), (None,), (None, 2), (None, None), (None, 1)]
    single = tf.function(lambda s: flat(tf.io.parse_single_example(s, SPEC)),
                         input_signature=[tf.TensorSpec([], tf.string)])
    assert output_shapes(single.get_concrete_function()) == [
        (None, 1), (None,), (1,), (None,), (2,), (None,), (1,)]
    # VarLen and sequence sizes depend on the contents: unknown even for a batch of 2
    fixed = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)))
    assert output_shapes(fixed.get_concrete_function(tf.constant([A, B]))) == [
        (None, 2), (None,), (2,), (None,), (2, 2), (2, None), (2, 1)]


def parse(batch: list, specs: dict) -> dict:
    if len(batch) == 1:
        return tf.io.parse_single_example(batch[0], specs)
    return tf.io.parse_example(batch, specs)


def as_lists(result: dict) -> dict:
    out = {}
    for key, value in result.items():
        parts = [value.indices, value.values, value.dense_shape] if isinstance(
            value, tf.SparseTensor) else [value]
        out[key] = [(p.dtype.name, np.asarray(p.numpy()).tolist()) for p in parts]
    return out


@pytest.mark.parametrize("case", EXPECTED["cases"],
                         ids=[f"{c['specs']}-{c['inputs']}" for c in EXPECTED["cases"]])
def test_traced_results_and_errors_equal_eager(case):
    specs = {k: make_spec(d) for k, d in EXPECTED["specs"][case["specs"]].items()}
    batch = [bytes.fromhex(EXPECTED["examples"][i]["serialized"]) for i in case["inputs"]]
    traced = tf.function(lambda s: parse(s if len(batch) > 1 else [s], specs))
    arg = tf.constant(batch if len(batch) > 1 else batch[0])
    if "error" in case:
        with pytest.raises(getattr(errors, case["error"])) as info:
            traced(arg)
        assert str(info.value) == case["message"]
        return
    eager = parse(batch, specs)
    got = traced(arg)
    assert list(got) == list(eager) == case["keys"]
    assert as_lists(got) == as_lists(eager)


def test_same_shape_new_contents_and_signature_retrace():
    f = tf.function(lambda s: flat(tf.io.parse_example(s, SPEC)))
    first, second = f(tf.constant([A, B])), f(tf.constant([B, B]))
    assert f.experimental_get_tracing_count() == 1
    assert second[1].numpy().tolist() == [4, 4] and second[2].numpy().tolist() == [2, 1]
    assert first[1].numpy().tolist() == [1, 2, 3, 4]
    sig = tf.function(lambda s: tf.io.parse_example(s, SPEC)["x"],
                      input_signature=[tf.TensorSpec([None], tf.string)])
    sig.get_concrete_function()  # traced on stand-ins: required features need no data yet
    assert sig(tf.constant([B, A, B])).numpy().tolist() == [[3, 4], [1.5, 2.5], [3, 4]]
    with pytest.raises(errors.InvalidArgumentError, match="Could not parse example input"):
        sig(tf.constant([A, b"\x0a\x05\x00"]))  # real inputs never parse to stand-ins
    required = tf.function(lambda s: tf.io.parse_example(
        s, {"zz": tf.io.FixedLenFeature([], tf.int64)})["zz"])
    with pytest.raises(errors.InvalidArgumentError, match="Feature: zz .* is required"):
        required(tf.constant([b""]))  # a real (empty) Example traced on its own value


def test_errors_and_inputs():
    with pytest.raises(ValueError, match="requested dtype string for Tensor with dtype int32"):
        tf.io.parse_example(tf.constant([1, 2]), SPEC)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"name.shape=\[1\], serialized.shape=\[2\]"):
        tf.io.parse_example([A, B], SPEC, example_names=["a"])
    with pytest.raises(ValueError, match="Shape must be at most rank 1 but is rank 2"):
        tf.function(lambda s: tf.io.parse_example(s, SPEC)["x"])(tf.constant([[A]]))
    with pytest.raises(ValueError, match="Input serialized must be a scalar"):
        tf.function(lambda s: tf.io.parse_single_example(s, SPEC)["x"])(tf.constant([A]))
    with pytest.raises(ValueError, match="features cannot be empty"):
        tf.io.parse_single_example([A], {})
    out = tf.io.parse_example(["\n\x00"], {"x": tf.io.FixedLenFeature([1], tf.float32,
                                                                       default_value=[np.inf])})
    assert out["x"].numpy().tolist() == [[np.inf]]  # str input is UTF-8 bytes; inf default
    with tf.GradientTape() as tape:
        x = tf.io.parse_example(tf.constant([A]), SPEC)["x"]
    assert tape.gradient(x, []) == []


class Parser(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="examples")])
    def __call__(self, examples):
        return {name: t for name, t in zip(["indices", "values", "shape", "words", "x", "s", "d"],
                                           flat(tf.io.parse_example(examples, SPEC)))}


FRESH = """
import json, sys
import fluxion as tf
import numpy as np
assert "fluxion.io" not in sys.modules
loaded = tf.saved_model.load(sys.argv[1].encode())
examples = [bytes.fromhex(h) for h in json.loads(sys.argv[2])]
out = loaded.signatures["serving_default"](examples=tf.constant(examples))
print(json.dumps({k: [v.dtype.name, np.vectorize(lambda b: b.hex(), otypes=[object])(
    v.numpy()).tolist() if v.dtype == tf.string else v.numpy().tolist()] for k, v in out.items()}))
"""


def test_saved_parser_runs_in_a_fresh_interpreter(tmp_path):
    path = tmp_path / "parser"
    tf.saved_model.save(Parser(), path)  # an os.PathLike
    batch = [A, B, A]
    run = subprocess.run([sys.executable, "-c", FRESH, str(path),
                          json.dumps([b.hex() for b in batch])], check=False,
                         capture_output=True, text=True, cwd=REPO, timeout=120,
                         env={**os.environ, "PYTHONPATH": REPO})
    assert run.returncode == 0, run.stderr
    fresh = json.loads(run.stdout)
    here = tf.saved_model.load(os.fsencode(path)).signatures["serving_default"](
        examples=tf.constant(batch))
    assert sorted(fresh) == sorted(here)
    for key, value in here.items():
        plain = [b.hex() for b in value.numpy().reshape(-1)] if value.dtype == tf.string else \
            value.numpy().tolist()
        if value.dtype == tf.string:
            fresh[key][1] = np.asarray(fresh[key][1], dtype=object).reshape(-1).tolist()
        assert fresh[key] == [value.dtype.name, plain], key
    assert here["values"].numpy().tolist() == [1, 2, 3, 4, 1, 2, 3]


def _defop_modules() -> list:
    root = pathlib.Path(REPO) / "fluxion"
    return sorted(".".join(p.relative_to(REPO).with_suffix("").parts)
                  for p in root.rglob("*.py") if "defop(" in p.read_text())


RESOLVE = """
import json, sys
import fluxion
from fluxion.core.op import REGISTRY
from fluxion.saved_model import ensure_ops
names = json.loads(sys.argv[1])
before = sorted(set(names) - set(REGISTRY))
ensure_ops(names)
print(json.dumps({"before": before, "missing": sorted(set(names) - set(REGISTRY)),
                  "estimator": "fluxion.estimator" in sys.modules}))
"""


def test_load_resolves_every_registered_op_without_imports():
    for module in _defop_modules():
        importlib.import_module(module)
    names = sorted(REGISTRY)
    run = subprocess.run([sys.executable, "-c", RESOLVE, json.dumps(names)], check=False,
                         capture_output=True, text=True, cwd=REPO, timeout=120,
                         env={**os.environ, "PYTHONPATH": REPO})
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert "parse_example" in result["before"]  # not registered by `import fluxion` alone
    assert result["missing"] == []
    assert not result["estimator"]  # found in OP_MODULES, not by importing every namespace


def test_graph_text_op_names():
    from fluxion.saved_model import ops_in

    concrete = tf.function(lambda s: tf.io.parse_example(s, SPEC)["x"] * 2.0) \
        .get_concrete_function(tf.constant([A]))
    assert ops_in(concrete.graph.as_text()) == {"constant", "parse_example", "multiply"}
