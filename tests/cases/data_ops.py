"""Cases for the graph ops behind `for x in dataset` (fluxion/data/graph_ops.py)."""
import numpy as np

import fluxion as tf
from fluxion.data import graph_ops
from tests.opcheck import Case

_DATASET = tf.data.Dataset.from_tensor_slices(
    (np.arange(6, dtype=np.float32).reshape(3, 2), np.array([1, 2, 3], np.int64)))
_KEY = graph_ops.register(_DATASET)
_SPECS = graph_ops.element_specs(_DATASET)


CASES = [
    Case("dataset_iterator", [], {"dataset": _KEY}, grad=False,
         note="returns a new handle per pass: only inference and dtype are checked"),
    Case("dataset_iterator_next", [np.int64(10 ** 9)], {"specs": _SPECS, "n_out": 3},
         ref=lambda h: (np.False_, np.zeros(2, np.float32), np.zeros((), np.int64)),
         grad=False, note="an unknown (finished) pass gives has_value False and zeros"),
]
