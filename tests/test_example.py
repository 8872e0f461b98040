"""tf.train.Example and friends (byte-exact against TensorFlow's serialization) and
tf.io.parse_single_example / parse_example (values and errors as TensorFlow parsed them)."""
from __future__ import annotations

import copy
import json
import math
import pathlib
import pickle

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from fluxion.io import _wire
from fluxion.train.example import DecodeError

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "tfrecord"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
T = tf.train


def make_feature(kind, values):
    if kind is None:
        return T.Feature()
    if kind == "bytes":
        return T.Feature(bytes_list=T.BytesList(value=[bytes.fromhex(v) for v in values]))
    if kind == "float":
        return T.Feature(float_list=T.FloatList(value=values))
    return T.Feature(int64_list=T.Int64List(value=values))


def make_example(features: dict) -> T.Example:
    return T.Example(features=T.Features(
        feature={k: make_feature(kind, v) for k, (kind, v) in features.items()}))


# --- messages against TensorFlow's bytes ---------------------------------------------------
@pytest.mark.parametrize("i", range(len(EXPECTED["examples"])))
def test_serialization_is_byte_identical_to_tensorflow(i):
    case = EXPECTED["examples"][i]
    assert make_example(case["features"]).SerializeToString() == \
        bytes.fromhex(case["serialized"])


@pytest.mark.parametrize("i", range(len(EXPECTED["examples"])))
def test_parses_tensorflow_bytes_in_any_map_order(i):
    case = EXPECTED["examples"][i]
    built = make_example(case["features"])
    for key in ("serialized", "default_order"):
        parsed = T.Example.FromString(bytes.fromhex(case[key]))
        assert parsed == built
        assert parsed.SerializeToString() == bytes.fromhex(case["serialized"])


@pytest.mark.parametrize("i", range(len(EXPECTED["examples"])))
def test_text_format_matches_tensorflow(i):
    case = EXPECTED["examples"][i]
    for key, text in case["texts"].items():
        assert str(make_example({key: case["features"][key]})) == text
        assert repr(make_example({key: case["features"][key]})) == text


def test_sequence_example_bytes():
    steps = [T.Feature(int64_list=T.Int64List(value=[1, 2])),
             T.Feature(int64_list=T.Int64List(value=[3])), T.Feature()]
    seq = T.SequenceExample(
        context=T.Features(feature={"id": T.Feature(bytes_list=T.BytesList(value=[b"seq-1"]))}),
        feature_lists=T.FeatureLists(feature_list={
            "tokens": T.FeatureList(feature=steps),
            "emb": T.FeatureList(feature=[T.Feature(float_list=T.FloatList(value=[.25, .5]))]),
            "nothing": T.FeatureList()}))
    expected = bytes.fromhex(EXPECTED["sequence_example"]["serialized"])
    assert seq.SerializeToString() == expected
    back = T.SequenceExample.FromString(expected)
    assert back == seq
    assert back.feature_lists.feature_list["tokens"].feature[1].int64_list.value == [3]
    assert len(back.feature_lists.feature_list["nothing"].feature) == 0


# --- protobuf API semantics (checked against TF 2.21's protobuf) ----------------------------
def test_scalar_type_checks():
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        T.Int64List(value=[1.5])
    with pytest.raises(TypeError, match="Expected an int, got a boolean"):
        T.Int64List(value=[True])
    with pytest.raises(ValueError, match="Value out of range: 18446744073709551616"):
        T.Int64List(value=[2**64])
    with pytest.raises(TypeError, match="expected bytes, str found"):
        T.BytesList(value=["a"])
    with pytest.raises(TypeError, match="must be real number"):
        T.FloatList(value=["a"])
    assert T.FloatList(value=[True, 2**70]).value == [1.0, float(np.float32(2**70))]


def test_float_values_are_float32_and_numpy_inputs_work():
    assert T.FloatList(value=[0.1]).value[0] == 0.10000000149011612
    assert T.FloatList(value=[1e40]).value == [math.inf]
    assert T.Int64List(value=np.array([1, 2], np.int32)).value == [1, 2]
    assert T.FloatList(value=np.array([1.5, 2.5])).value == [1.5, 2.5]
    assert T.FloatList(value=tf.constant([0.5, 1.0])).value == [0.5, 1.0]
    assert T.BytesList(value=np.array([b"a", b"bc"], dtype=object)).value == [b"a", b"bc"]
    with pytest.raises(ValueError, match="out of range"):
        T.Int64List(value=np.array([2**63], np.uint64))


def test_repeated_container_behaves_like_a_list():
    lst = T.Int64List(value=[3, 1])
    lst.value.append(2)
    lst.value.extend([5, 6])
    lst.value[0] = 9
    del lst.value[-1]
    assert lst.value == [9, 1, 2, 5] and len(lst.value) == 4 and lst.value[1:3] == [1, 2]
    with pytest.raises(TypeError):
        lst.value.append("x")
    with pytest.raises(AttributeError, match="Assignment not allowed to map, or repeated"):
        lst.value = [1]


def test_presence_oneof_and_assignment_rules():
    e = T.Example()
    f = e.features
    assert not e.HasField("features") and e.SerializeToString() == b""
    f.feature["a"]  # reading a missing map key creates it, as in protobuf
    assert e.HasField("features") and e.SerializeToString() == b"\n\x07\n\x05\n\x01a\x12\x00"
    assert T.Example(features=T.Features()).SerializeToString() == b"\n\x00"
    assert T.Feature(int64_list=T.Int64List()).SerializeToString() == b"\x1a\x00"
    x = T.Feature()
    assert x.WhichOneof("kind") is None
    x.int64_list.value.append(3)
    y = x.float_list
    assert x.WhichOneof("kind") == "int64_list"
    y.value.append(1.0)
    assert x.WhichOneof("kind") == "float_list" and not x.HasField("int64_list")
    with pytest.raises(AttributeError, match='message field "features"'):
        e.features = T.Features()
    with pytest.raises(ValueError, match="may not be assigned"):
        e.features.feature["b"] = T.Feature()
    with pytest.raises(ValueError, match='has no "foo" field'):
        T.Example(foo=1)
    assert e.features.feature.get("zz") is None and "zz" not in e.features.feature


def test_constructor_copies_and_accepts_dicts():
    inner = T.Int64List(value=[1])
    feat = T.Feature(int64_list=inner)
    inner.value.append(2)
    assert feat.int64_list.value == [1]
    from_dict = T.Example(features={"feature": {"a": {"int64_list": {"value": [3]}}}})
    assert from_dict == T.Example(features=T.Features(
        feature={"a": T.Feature(int64_list=T.Int64List(value=[3]))}))
    assert T.Example(features=None) == T.Example()
    assert T.Example() != T.Example(features=T.Features())


def test_merge_copy_clear_and_pickle():
    a = T.Features(feature={"x": T.Feature(int64_list=T.Int64List(value=[1]))})
    b = T.Features(feature={"x": T.Feature(float_list=T.FloatList(value=[2])),
                            "y": T.Feature()})
    a.MergeFrom(b)
    assert a == b
    c = T.Features()
    c.CopyFrom(a)
    assert c == a and c is not a
    c.Clear()
    assert c == T.Features() and c.ByteSize() == 0
    ex = T.Example(features=a)
    assert pickle.loads(pickle.dumps(ex)) == ex and copy.deepcopy(ex) == ex
    assert ex.ByteSize() == len(ex.SerializeToString())
    n = T.Example().ParseFromString(ex.SerializeToString())
    assert n == len(ex.SerializeToString())
    with pytest.raises(TypeError):
        hash(ex)


def test_decode_errors_and_lenient_decoding():
    with pytest.raises(DecodeError, match="tensorflow.Example"):
        T.Example.FromString(b"\x0a\x05\x00")
    # unpacked repeated encodings, as older writers produce, decode too
    unpacked = (_wire.tag(1, 0) + _wire.encode_varint(-2) + _wire.tag(1, 0)
                + _wire.encode_varint(7))
    assert T.Int64List.FromString(unpacked).value == [-2, 7]
    floats = _wire.tag(1, 5) + np.float32(1.5).tobytes() + _wire.tag(1, 5) + b"\x00\x00\x80?"
    assert T.FloatList.FromString(floats).value == [1.5, 1.0]
    # unknown fields survive a round trip
    data = T.Int64List(value=[1]).SerializeToString() + _wire.tag(9, 0) + _wire.encode_varint(5)
    assert T.Int64List.FromString(data).SerializeToString() == data


def test_map_order_is_tensorflows_deterministic_order():
    keys = ["", "a", "ab", "abc", "b", "B", "é", "\x00", "a\x00", "zz", "_", "10", "9"]
    feats = T.Features(feature={k: T.Feature() for k in keys})
    order, pos, data = [], 0, feats.SerializeToString()
    while pos < len(data):
        size = data[pos + 1]
        entry = data[pos + 2:pos + 2 + size]
        order.append(entry[2:2 + entry[1]].decode())
        pos += 2 + size
    # TF (upb): bytewise, but a key sorts after the keys it is a prefix of
    assert order == ["\x00", "10", "9", "B", "_", "a\x00", "abc", "ab", "a", "b", "zz", "é", ""]


# --- parsing against TensorFlow's results --------------------------------------------------
def make_spec(desc):
    cls, *args = desc
    if cls == "VarLen":
        return tf.io.VarLenFeature(tf.as_dtype(args[0]))
    if cls == "FixedLen":
        return tf.io.FixedLenFeature(args[0], tf.as_dtype(args[1]), default_value=args[2])
    return tf.io.FixedLenSequenceFeature(args[0], tf.as_dtype(args[1]), allow_missing=True,
                                         default_value=args[2])


def check_values(t, expected: dict):
    assert t.dtype.name == expected["dtype"]
    v = t.numpy()
    assert list(v.shape) == expected["shape"]
    flat = v.reshape(-1).tolist()
    if expected["dtype"] == "string":
        assert [x.hex() for x in flat] == expected["flat"]
    else:
        assert flat == expected["flat"]


@pytest.mark.parametrize("case", EXPECTED["cases"],
                         ids=[f"{c['specs']}-{c['inputs']}" for c in EXPECTED["cases"]])
def test_parse_matches_tensorflow(case):
    specs = {k: make_spec(d) for k, d in EXPECTED["specs"][case["specs"]].items()}
    examples = EXPECTED["examples"]
    for order in ("serialized", "default_order"):
        batch = [bytes.fromhex(examples[i][order]) for i in case["inputs"]]
        if "error" in case:
            with pytest.raises(getattr(errors, case["error"])) as info:
                parse(batch, specs)
            assert str(info.value) == case["message"]
            continue
        result = parse(batch, specs)
        assert list(result) == case["keys"]
        for key, want in case["result"].items():
            got = result[key]
            if want["sparse"]:
                assert isinstance(got, tf.SparseTensor)
                assert got.indices.numpy().tolist() == want["indices"]
                assert got.dense_shape.numpy().tolist() == want["dense_shape"]
                check_values(got.values, want["values"])
            else:
                assert list(got.shape) == want["shape"]
                check_values(got, want["values"])


def parse(batch: list, specs: dict) -> dict:
    if len(batch) == 1:
        return tf.io.parse_single_example(batch[0], specs)
    return tf.io.parse_example(batch, specs)


def example_bytes(**features) -> bytes:
    return T.Example(features=T.Features(feature=features)).SerializeToString()


INTS = T.Feature(int64_list=T.Int64List(value=[1, 2, 3]))
FLOATS = T.Feature(float_list=T.FloatList(value=[1.5, 2.5]))
WORDS = T.Feature(bytes_list=T.BytesList(value=[b"x", b"yz"]))


def test_parse_single_example_inputs_and_shapes():
    s = example_bytes(i=INTS, f=FLOATS, b=WORDS)
    specs = {"i": tf.io.FixedLenFeature([1, 3], tf.int64),
             "f": tf.io.FixedLenFeature((2,), tf.float32),
             "b": tf.io.FixedLenFeature([2], tf.string)}
    for serialized in (s, tf.constant(s), np.array(s, dtype=object)):
        out = tf.io.parse_single_example(serialized, specs)
        assert list(out) == ["b", "f", "i"]
        assert out["i"].numpy().tolist() == [[1, 2, 3]] and out["i"].dtype == tf.int64
        assert out["f"].numpy().tolist() == [1.5, 2.5] and out["f"].dtype == tf.float32
        assert out["b"].numpy().tolist() == [b"x", b"yz"]
    seq = tf.io.parse_single_example(s, {"i": tf.io.FixedLenSequenceFeature(
        [], tf.int64, allow_missing=True)})
    assert seq["i"].numpy().tolist() == [1, 2, 3]


def test_parse_batch_varlen_and_padding():
    a, b = example_bytes(i=INTS), example_bytes(i=T.Feature(int64_list=T.Int64List(value=[9])))
    out = tf.io.parse_example(tf.constant([a, b]), {
        "i": tf.io.VarLenFeature(tf.int64),
        "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=-1)})
    sp = out["i"]
    assert sp.indices.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [1, 0]]
    assert sp.values.numpy().tolist() == [1, 2, 3, 9] and sp.dense_shape.numpy().tolist() == [2, 3]
    assert tf.sparse.to_dense(sp).numpy().tolist() == [[1, 2, 3], [9, 0, 0]]
    assert out["s"].shape == (2, 0)
    empty = tf.io.parse_example(tf.constant([], tf.string),
                                {"i": tf.io.VarLenFeature(tf.int64),
                                 "f": tf.io.FixedLenFeature([1], tf.float32, default_value=[0.])})
    assert empty["i"].dense_shape.numpy().tolist() == [0, 0] and empty["f"].shape == (0, 1)


def test_parse_errors_like_tensorflow():
    s = example_bytes(i=INTS, f=FLOATS, b=WORDS)
    cases = [
        ({"i": tf.io.FixedLenFeature([3], tf.int32)}, errors.InvalidArgumentError,
         "Value for attr 'Tdense' of int32 is not in the list of allowed values"),
        ({"i": tf.io.VarLenFeature(tf.float64)}, errors.InvalidArgumentError, "'sparse_types'"),
        ({"i": tf.io.FixedLenSequenceFeature([], tf.int64)}, ValueError,
         "requires allow_missing to be True"),
        ({"i": tf.io.FixedLenFeature(None, tf.int64)}, ValueError, "Missing shape for feature i"),
        ({"i": tf.io.FixedLenFeature([None], tf.int64)}, ValueError,
         "First dimension of shape for feature i unknown"),
        ({}, ValueError, "features cannot be empty"),
        ({"i": 3}, ValueError, "Unsupported int 3 for key 'i'"),
        ({"z": tf.io.FixedLenFeature([2], tf.int64, default_value=4)},
         errors.InvalidArgumentError, "Input to reshape is a tensor with 1 values"),
        ({"i": tf.io.FixedLenSequenceFeature([2], tf.int64, allow_missing=True)},
         errors.InvalidArgumentError, "number of elements should be divisible by 2, found 3"),
        ({"b": tf.io.FixedLenFeature([3], tf.string)}, errors.InvalidArgumentError,
         "Some bytes_list slice was not parsed"),
    ]
    for specs, cls, message in cases:
        with pytest.raises(cls, match=message.replace("(", r"\(").replace(")", r"\)")):
            tf.io.parse_single_example(s, specs)
    with pytest.raises(ValueError, match="Input serialized must be a scalar"):
        tf.io.parse_single_example([s], {"i": tf.io.VarLenFeature(tf.int64)})
    with pytest.raises(errors.InvalidArgumentError, match="Could not parse example input"):
        tf.io.parse_single_example(b"\x0a\x05\x00", {"i": tf.io.VarLenFeature(tf.int64)})
    with pytest.raises(errors.InvalidArgumentError, match="got shape: \\[1,2\\]"):
        tf.io.parse_example([[s, s]], {"i": tf.io.VarLenFeature(tf.int64)})
    with pytest.raises(errors.InvalidArgumentError,
                       match="Name: first, Feature: zz \\(data type: int64\\) is required"):
        tf.io.parse_example([s], {"zz": tf.io.FixedLenFeature([], tf.int64)},
                            example_names=["first"])


def test_fast_parser_quirks_match_tensorflow():
    def entry(key, feature):
        return _wire.len_field(1, _wire.len_field(1, key.encode()) + _wire.len_field(2, feature))

    def ints(values):
        return _wire.len_field(3, _wire.len_field(1, _wire.encode_packed_varints(values)))

    floats = _wire.len_field(2, _wire.tag(1, 5) + np.float32(2.0).tobytes())
    spec = {"a": tf.io.VarLenFeature(tf.int64)}
    dup = _wire.len_field(1, entry("a", ints([1])) + entry("a", ints([2, 3])))
    assert tf.io.parse_single_example(dup, spec)["a"].values.numpy().tolist() == [2, 3]
    # TF's parser reads only a Feature's first field; protobuf's last-oneof-wins differs
    two_kinds = _wire.len_field(1, entry("a", ints([1]) + floats))
    assert tf.io.parse_single_example(two_kinds, spec)["a"].values.numpy().tolist() == [1]
    assert T.Example.FromString(two_kinds).features.feature["a"].WhichOneof("kind") == \
        "float_list"


# --- TensorProto: tf.io.serialize_tensor / parse_tensor ------------------------------------
def tensor_value(case):
    value = case["value"]
    if case["dtype"] == "string":
        value = [bytes.fromhex(v) for v in value] if isinstance(value, list) else \
            bytes.fromhex(value)
    return tf.constant(value, dtype=tf.as_dtype(case["dtype"]))


@pytest.mark.parametrize("case", EXPECTED["tensors"], ids=[c["dtype"] for c in
                                                          EXPECTED["tensors"]])
def test_serialize_tensor_matches_tensorflow(case):
    t = tensor_value(case)
    s = tf.io.serialize_tensor(t)
    assert s.dtype == tf.string and s.shape == ()
    assert s.numpy() == bytes.fromhex(case["serialized"])
    back = tf.io.parse_tensor(bytes.fromhex(case["serialized"]), t.dtype)
    assert back.dtype == t.dtype and back.shape == t.shape
    assert np.asarray(back.numpy()).tolist() == np.asarray(t.numpy()).tolist()


def test_parse_tensor_typed_values_and_errors():
    def proto(enum, dims, field, payload):
        shape = b"".join(_wire.len_field(2, _wire.tag(1, 0) + _wire.encode_varint(d))
                         for d in dims)
        return (_wire.tag(1, 0) + _wire.encode_varint(enum) + _wire.len_field(2, shape)
                + payload(field))

    # int_val [1, 2] for 4 elements: TF pads with the last value
    ints = proto(3, [4], 7, lambda f: _wire.len_field(f, _wire.encode_packed_varints([1, 2])))
    assert tf.io.parse_tensor(ints, tf.int32).numpy().tolist() == [1, 2, 2, 2]
    floats = proto(1, [3], 5, lambda f: _wire.len_field(f, np.float32(1.0).tobytes()))
    assert tf.io.parse_tensor(floats, tf.float32).numpy().tolist() == [1.0, 1.0, 1.0]
    no_values = proto(3, [2], 7, lambda f: b"")
    assert tf.io.parse_tensor(no_values, tf.int32).numpy().tolist() == [0, 0]
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"Type mismatch between parsed tensor \(float\) and dtype \(int32\)"):
        tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([1.0])), tf.int32)
    with pytest.raises(errors.InvalidArgumentError, match="base64: //8="):
        tf.io.parse_tensor(b"\xff\xff", tf.int32)
    with pytest.raises(errors.InvalidArgumentError, match=r"scalar, got shape: \[1\]"):
        tf.io.parse_tensor(tf.constant([b""]), tf.int32)
