"""Writes TensorFlow's TFRecord files and Example bytes into tests/fixtures/tfrecord/.

Run with real TensorFlow: ``/tmp/tfvenv/bin/python tools/make_tfrecord_fixtures.py``.
tests/test_tfrecord.py and tests/test_example.py check that Fluxion reads these files, parses
these examples to the values TF parsed (recorded in expected.json), and writes the same bytes.
"""
from __future__ import annotations

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tfrecord"

# Examples as {key: (kind, values)}; bytes values are given as hex in the JSON.
EXAMPLES = [
    {"age": ("int64", [29]), "scores": ("float", [0.5, -1.25, 3.0e-5]),
     "name": ("bytes", [b"alice"]), "tags": ("bytes", [b"a", b"bc", b""])},
    {"age": ("int64", [-7, 2**40, -(2**63), 2**63 - 1]), "scores": ("float", []),
     "name": ("bytes", ["zoë 日本".encode()]), "empty_int": ("int64", []),
     "weird": ("float", [float("inf"), -0.0, 1e-45, 3.4028235e38])},
    {"age": ("int64", [0]), "name": ("bytes", [bytes(range(256))]), "none": (None, []),
     "Z": ("int64", [1, 2, 3, 4, 5, 6]), "é": ("bytes", [b"x"]), "": ("int64", [9])},
    {"age": ("int64", list(range(-40, 60, 3))), "scores": ("float", [0.1] * 40),
     "tags": ("bytes", [b"t%d" % i for i in range(12)])},
]


def make_feature(kind, values) -> tf.train.Feature:
    if kind is None:
        return tf.train.Feature()
    cls = {"int64": tf.train.Int64List, "float": tf.train.FloatList,
           "bytes": tf.train.BytesList}[kind]
    return tf.train.Feature(**{f"{kind}_list": cls(value=values)})


def make_example(features: dict) -> tf.train.Example:
    return tf.train.Example(features=tf.train.Features(
        feature={k: make_feature(kind, v) for k, (kind, v) in features.items()}))


def describe(features: dict) -> dict:
    return {k: [kind, [x.hex() for x in v] if kind == "bytes" else v]
            for k, (kind, v) in features.items()}


def texts(features: dict) -> dict:
    """TF's text format of a one-feature Example per key (TF prints maps in hash order)."""
    return {k: str(make_example({k: v})) for k, v in features.items()}


def make_sequence_example() -> tf.train.SequenceExample:
    steps = [make_feature("int64", [1, 2]), make_feature("int64", [3]), tf.train.Feature()]
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={"id": make_feature("bytes", [b"seq-1"])}),
        feature_lists=tf.train.FeatureLists(feature_list={
            "tokens": tf.train.FeatureList(feature=steps),
            "emb": tf.train.FeatureList(feature=[make_feature("float", [0.25, 0.5])]),
            "nothing": tf.train.FeatureList()}))


# Parse cases: specs as {key: [class, args...]}, run on the examples listed in "inputs".
SPECS = {
    "varlen_all": {"age": ["VarLen", "int64"], "scores": ["VarLen", "float32"],
                   "name": ["VarLen", "string"], "tags": ["VarLen", "string"],
                   "missing": ["VarLen", "int64"]},
    "fixed_name_default": {"name": ["FixedLen", [], "string", None],
                           "zz": ["FixedLen", [2], "float32", [1.5, 2.5]],
                           "none": ["FixedLen", [], "int64", 42]},
    "fixed_age": {"age": ["FixedLen", [1], "int64", None]},
    "sequence": {"age": ["Seq", [], "int64", -1], "tags": ["Seq", [], "string", "pad"]},
    "fixed_wrong_type": {"age": ["FixedLen", [1], "float32", None]},
    "varlen_wrong_type": {"scores": ["VarLen", "string"]},
    "missing_required": {"nope": ["FixedLen", [], "int64", None]},
    "wrong_count": {"tags": ["FixedLen", [2], "string", None]},
}
CASES = [("varlen_all", [0, 1, 3]), ("varlen_all", [0]), ("fixed_name_default", [0, 1]),
         ("fixed_age", [0, 2]), ("sequence", [0, 1, 3]), ("sequence", [1]),
         ("fixed_wrong_type", [0]), ("fixed_wrong_type", [0, 1]), ("varlen_wrong_type", [0]),
         ("missing_required", [2]), ("missing_required", [0, 2]), ("wrong_count", [0]),
         ("wrong_count", [0, 1]), ("fixed_age", [1]), ("fixed_age", [3, 1])]


def make_spec(desc):
    cls, *args = desc
    if cls == "VarLen":
        return tf.io.VarLenFeature(tf.as_dtype(args[0]))
    if cls == "FixedLen":
        return tf.io.FixedLenFeature(args[0], tf.as_dtype(args[1]), default_value=args[2])
    return tf.io.FixedLenSequenceFeature(args[0], tf.as_dtype(args[1]), allow_missing=True,
                                         default_value=args[2])


def tensor_json(t) -> dict:
    if isinstance(t, tf.SparseTensor):
        return {"sparse": True, "indices": t.indices.numpy().tolist(),
                "values": values_json(t.values), "dense_shape": t.dense_shape.numpy().tolist()}
    return {"sparse": False, "shape": t.shape.as_list(), "values": values_json(t)}


def values_json(t) -> dict:
    v = t.numpy()
    flat = v.reshape(-1)
    data = [x.hex() for x in flat] if t.dtype == tf.string else flat.tolist()
    return {"dtype": t.dtype.name, "shape": list(v.shape), "flat": data}


def run_case(serialized: list, spec_name: str, inputs: list) -> dict:
    specs = {k: make_spec(d) for k, d in SPECS[spec_name].items()}
    batch = [serialized[i] for i in inputs]
    out = {"specs": spec_name, "inputs": inputs}
    try:
        if len(inputs) == 1:
            result = tf.io.parse_single_example(batch[0], specs)
        else:
            result = tf.io.parse_example(batch, specs)
        out["keys"] = list(result)
        out["result"] = {k: tensor_json(v) for k, v in result.items()}
    except tf.errors.OpError as e:
        out["error"] = type(e).__name__
        out["message"] = e.message.split(" [Op:")[0].split("}} ")[-1]
    return out


TENSORS = [([[1.0, 2.0], [3.0, 4.0]], "float32"), (3, "int32"), ([b"a", b"bc"], "string"),
           (b"s", "string"), ([True, False], "bool"), ([1, -2], "int64"), ([7], "uint8"),
           (2.5, "float64"), ([1.5], "float16"), ([[[]]], "float32")]


def serialized_tensors() -> list:
    return [{"value": [v.hex() for v in value] if isinstance(value, list) and dtype == "string"
             else value.hex() if isinstance(value, bytes) else value, "dtype": dtype,
             "serialized": tf.io.serialize_tensor(tf.constant(value, dtype)).numpy().hex()}
            for value, dtype in TENSORS]


def write_records(path: pathlib.Path, records: list, options, flush_after=None) -> None:
    with tf.io.TFRecordWriter(str(path), options=options) as w:
        for i, r in enumerate(records):
            w.write(r)
            if flush_after is not None and i == flush_after:
                w.flush()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    examples = [make_example(f) for f in EXAMPLES]
    serialized = [e.SerializeToString(deterministic=True) for e in examples]
    seq = make_sequence_example()
    rng = np.random.default_rng(7)
    raw = [b"", b"hello", bytes(range(256)), bytes(rng.integers(0, 4, 3000, dtype=np.uint8))]
    records = serialized + raw
    files = {"plain.tfrecord": "", "gzip.tfrecord": "GZIP", "zlib.tfrecord": "ZLIB"}
    for name, ct in files.items():
        write_records(OUT / name, records, ct)
    write_records(OUT / "gzip_flushed.tfrecord", records[:3], "GZIP", flush_after=0)
    expected = {
        "records": [r.hex() for r in records],
        "files": files,
        "flushed": {"file": "gzip_flushed.tfrecord", "count": 3, "flush_after": 0},
        "examples": [{"features": describe(f), "serialized": s.hex(),
                      "default_order": e.SerializeToString().hex(), "texts": texts(f)}
                     for f, e, s in zip(EXAMPLES, examples, serialized)],
        "sequence_example": {"serialized": seq.SerializeToString(deterministic=True).hex()},
        "tensors": serialized_tensors(),
        "specs": SPECS,
        "cases": [run_case(serialized, name, inputs) for name, inputs in CASES],
    }
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False) + "\n")
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
