"""Cases for `parse_example` (fluxion/io/parsing.py), the primitive behind tf.io.parse_example
and parse_single_example: one output per dense feature, (indices, values, dense_shape) per
VarLen feature, in TF's order (VarLen keys sorted, then dense keys sorted)."""
import numpy as np

import fluxion as tf
from fluxion.io import parsing
from tests.opcheck import Case

T = tf.train


def _example(**features) -> bytes:
    return T.Example(features=T.Features(feature=features)).SerializeToString()


def _floats(*v):
    return T.Feature(float_list=T.FloatList(value=v))


def _ints(*v):
    return T.Feature(int64_list=T.Int64List(value=v))


def _words(*v):
    return T.Feature(bytes_list=T.BytesList(value=v))


def _strings(items, shape=None):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out if shape is None else out.reshape(shape)


def _attrs(features: dict) -> dict:
    spec = parsing._check_specs(features)
    return {"features": spec,
            "num_outputs": sum(3 if form == "sparse" else 1 for _, form, *_ in spec)}


A = _example(x=_floats(1.0, 2.0), w=_words(b"a", b"b"), n=_ints(5, 6, 7))
B = _example(x=_floats(3.0, 4.0), n=_ints(8))
BATCH = _strings([A, B])
NO_NAMES = _strings([])
X = {"x": tf.io.FixedLenFeature([2], tf.float32)}
X_AND_W = {"x": tf.io.FixedLenFeature([2], tf.float32), "w": tf.io.VarLenFeature(tf.string)}
DEFAULTED = {"y": tf.io.FixedLenFeature([1, 2], tf.int64, default_value=[[7, 8]]),
             "z": tf.io.FixedLenFeature([], tf.string, default_value="none"),
             "inf": tf.io.FixedLenFeature([2], tf.float32, default_value=[np.inf, -1.5])}
SEQUENCE = {"n": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True,
                                               default_value=-1)}

CASES = [
    Case("parse_example", [BATCH, NO_NAMES], _attrs(X),
         ref=lambda s, n: (np.array([[1, 2], [3, 4]], np.float32),), grad=False),
    Case("parse_example", [BATCH, NO_NAMES], _attrs(X_AND_W),
         ref=lambda s, n: (np.array([[0, 0], [0, 1]], np.int64), _strings([b"a", b"b"]),
                           np.array([2, 2], np.int64), np.array([[1, 2], [3, 4]], np.float32)),
         grad=False, note="VarLen outputs come first"),
    Case("parse_example", [BATCH, _strings([b"first", b"second"])], _attrs(DEFAULTED),
         ref=lambda s, n: (np.array([np.inf, -1.5] * 2, np.float32).reshape(2, 2),
                           np.array([[[7, 8]], [[7, 8]]], np.int64), _strings([b"none"] * 2)),
         grad=False, note="defaults (a non-finite one too), example names"),
    Case("parse_example", [BATCH, NO_NAMES], _attrs(SEQUENCE),
         ref=lambda s, n: (np.array([[5, 6, 7], [8, -1, -1]], np.int64),), grad=False,
         note="sequences padded with the default"),
    Case("parse_example", [_strings([]), NO_NAMES], _attrs(X_AND_W),
         ref=lambda s, n: (np.zeros((0, 2), np.int64), _strings([]),
                           np.array([0, 0], np.int64), np.zeros((0, 2), np.float32)),
         grad=False, note="an empty batch"),
    Case("parse_example", [_strings([A], ()), NO_NAMES], _attrs({**X_AND_W, **SEQUENCE}),
         ref=lambda s, n: (np.array([[0], [1]], np.int64), _strings([b"a", b"b"]),
                           np.array([2], np.int64), np.array([5, 6, 7], np.int64),
                           np.array([1, 2], np.float32)),
         grad=False, note="one example (a scalar): no batch dimension"),
]
