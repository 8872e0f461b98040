"""Cases for the graph-mode parse of serialized Examples behind Estimator exports
(fluxion/estimator/_parse_op.py)."""
import numpy as np

import fluxion as tf
from fluxion.estimator import _parse_op
from tests.opcheck import Case


def _example(x, word=None):
    feature = {"x": tf.train.Feature(float_list=tf.train.FloatList(value=x))}
    if word is not None:
        feature["w"] = tf.train.Feature(bytes_list=tf.train.BytesList(value=word))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _strings(items):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


SERIALIZED = _strings([_example([1.0, 2.0], [b"a", b"b"]), _example([3.0, 4.0])])
DENSE = _parse_op.spec_attr({"x": tf.io.FixedLenFeature([2], tf.float32)})
DENSE_AND_SPARSE = _parse_op.spec_attr({"x": tf.io.FixedLenFeature([2], tf.float32),
                                        "w": tf.io.VarLenFeature(tf.string)})
WITH_DEFAULT = _parse_op.spec_attr({"y": tf.io.FixedLenFeature([1], tf.int64,
                                                              default_value=[7])})

CASES = [
    Case("estimator_parse_example", [SERIALIZED], {"spec": DENSE, "n_out": 1},
         ref=lambda s: (np.array([[1, 2], [3, 4]], np.float32),), grad=False),
    Case("estimator_parse_example", [SERIALIZED], {"spec": DENSE_AND_SPARSE, "n_out": 4},
         ref=lambda s: (np.array([[0, 0], [0, 1]], np.int64), _strings([b"a", b"b"]),
                        np.array([2, 2], np.int64), np.array([[1, 2], [3, 4]], np.float32)),
         grad=False),
    Case("estimator_parse_example", [SERIALIZED], {"spec": WITH_DEFAULT, "n_out": 1},
         ref=lambda s: (np.array([[7], [7]], np.int64),), grad=False),
    Case("estimator_parse_example", [_strings([])], {"spec": DENSE, "n_out": 1},
         ref=lambda s: (np.zeros((0, 2), np.float32),), grad=False,
         note="an empty batch"),
]
