"""Cases for `parse_sequence_example` (fluxion/io/sequence_parsing.py): context outputs as
parse_example's, then per feature list (VarLen keys sorted, then FixedLenSequence keys sorted)
indices/values/dense_shape or the padded steps, then the step counts of a batch."""
import numpy as np

import fluxion as tf
from fluxion.io import parsing, sequence_parsing
from tests.opcheck import Case

T = tf.train


def _example(label: int, steps: list, words: list) -> bytes:
    lists = {"s": T.FeatureList(feature=[T.Feature(float_list=T.FloatList(value=v))
                                         for v in steps]),
             "w": T.FeatureList(feature=[T.Feature(bytes_list=T.BytesList(value=v))
                                         for v in words])}
    context = T.Features(feature={"label": T.Feature(int64_list=T.Int64List(value=[label]))})
    return T.SequenceExample(context=context,
                             feature_lists=T.FeatureLists(feature_list=lists)).SerializeToString()


def _strings(items, shape=None):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out if shape is None else out.reshape(shape)


A = _example(3, [[1.0, 2.0], [3.0, 4.0]], [[b"a"], [b"b", b"c"]])
B = _example(4, [[5.0, 6.0]], [])
CONTEXT = parsing._check_specs({"label": tf.io.FixedLenFeature([], tf.int64)})
LISTS = sequence_parsing._check_sequence_specs({
    "s": tf.io.FixedLenSequenceFeature([2], tf.float32),
    "w": tf.io.VarLenFeature(tf.string)})


def _attrs(single: bool) -> dict:
    return {"context": CONTEXT, "lists": LISTS, "num_outputs": 5 if single else 6}


CASES = [
    Case("parse_sequence_example", [_strings([A, B]), _strings([])], _attrs(False),
         ref=lambda s, n: (np.array([3, 4], np.int64),
                           np.array([[0, 0, 0], [0, 1, 0], [0, 1, 1]], np.int64),
                           _strings([b"a", b"b", b"c"]), np.array([2, 2, 2], np.int64),
                           np.array([[[1, 2], [3, 4]], [[5, 6], [0, 0]]], np.float32),
                           np.array([2, 1], np.int64)),
         grad=False, note="a batch: steps padded, step counts last"),
    Case("parse_sequence_example", [_strings([A], ()), _strings([])], _attrs(True),
         ref=lambda s, n: (np.array(3, np.int64), np.array([[0, 0], [1, 0], [1, 1]], np.int64),
                           _strings([b"a", b"b", b"c"]), np.array([2, 2], np.int64),
                           np.array([[1, 2], [3, 4]], np.float32)),
         grad=False, note="one example: no batch dimension, no step counts"),
]
