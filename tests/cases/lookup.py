"""Cases for the lookup-table primitives (tf.lookup) and the string/encoding primitives of the
Keras lookup and text layers. None are differentiable (integer or string outputs)."""
import numpy as np

from fluxion.core import dtypes
from fluxion.feature_column import _farmhash
from fluxion.keras.layers.preprocessing import lookup_encoding, lookup_layers, text_ops  # noqa
from fluxion.lookup import _ops
from tests.opcheck import Case


def _obj(values) -> np.ndarray:
    out = np.empty(np.shape(values), object)
    out[...] = values
    return out


KEYS = _obj([b"a", b"b", b"d"])  # sorted, as tables hold them
QUERY = _obj([[b"d", b"z"], [b"a", b""]])


def _find_ref(keys, table_keys, table_values, default):
    table = dict(zip(table_keys.tolist(), table_values.tolist()))
    fill = np.broadcast_to(default, table_values.shape[1:]).tolist()
    flat = [table.get(k, fill) for k in keys.reshape(-1).tolist()]
    return np.asarray(flat, table_values.dtype).reshape(keys.shape + table_values.shape[1:])


_FILLED = _ops.new_handle()  # a mutable table with fixed contents, only read by the cases
_ops._MUTABLE[_FILLED].update({b"x": 5, b"y": 7})
_INSERT, _REMOVE = _ops.new_handle(), _ops.new_handle()
_ops._MUTABLE[_REMOVE].update({1: 10, 2: 20, 3: 30})


def _bincount_ref(ids, weights, depth, binary):
    rows = ids.reshape(1, -1) if ids.ndim < 2 else ids
    w = np.broadcast_to(weights, ids.shape).reshape(rows.shape)
    out = np.zeros((rows.shape[0], depth), weights.dtype)
    for r in range(rows.shape[0]):
        for i, v in zip(rows[r], w[r]):
            if 0 <= i < depth:
                out[r, i] = 1 if binary else out[r, i] + v
    return out[0] if ids.ndim < 2 else out


def _text_ref(values, fn):
    return _obj([fn(v) for v in values.reshape(-1).tolist()]).reshape(values.shape)


def _padded(rows, width):
    out = np.full((len(rows), width), b"", dtype=object)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


TEXT = _obj([b"The Cat, sat!", b"  a  b\tC ", b""])
I64 = np.array([[3, -1, 0], [2, 5, 1]], np.int64)

CASES = [
    Case("lookup_table_find", [QUERY, KEYS, np.array([1, 2, 3], np.int64), np.int64(-1)],
         ref=_find_ref, grad=False),
    Case("lookup_table_find", [np.array([4, 7, 9], np.int64), np.array([4, 9], np.int64),
                               _obj([b"four", b"nine"]), _obj(b"?")],
         ref=_find_ref, grad=False),
    Case("lookup_table_find", [np.array([[1, 5]], np.int32), np.array([1, 2], np.int32),
                               np.array([[0.5, 1.5], [2.5, 3.5]], np.float32),
                               np.float32(0.0)], ref=_find_ref, grad=False),
    Case("lookup_table_find", [_obj(b"b"), KEYS, np.array([1, 2, 3], np.int32),
                               np.int32(0)], ref=_find_ref, grad=False),
    Case("lookup_table_find", [_obj([]).reshape(0, 2), KEYS, np.array([1, 2, 3], np.int64),
                               np.int64(-1)], ref=_find_ref, grad=False),
    Case("lookup_table_find", [QUERY, _obj([]), np.zeros((0,), np.int64), np.int64(-7)],
         ref=_find_ref, grad=False),
    Case("lookup_mutable_find", [_obj([b"x", b"q", b"y"]), np.int64(-1)],
         {"handle": _FILLED, "value_shape": ()},
         ref=lambda k, d: np.array([5, -1, 7], np.int64), grad=False),
    Case("lookup_mutable_insert", [np.array([1, 2], np.int64), np.array([3., 4.], np.float32)],
         {"handle": _INSERT, "value_shape": ()}, ref=lambda k, v: np.int64(2), grad=False),
    Case("lookup_mutable_remove", [np.array([2, 9], np.int64)], {"handle": _REMOVE},
         ref=lambda k: np.int64(2), grad=False),
    Case("lookup_mutable_size", [], {"handle": _FILLED}, ref=lambda: np.int64(2), grad=False),
    Case("lookup_mutable_export", [], {"handle": _FILLED, "key_dtype": dtypes.string,
                                       "value_dtype": dtypes.int64, "value_shape": ()},
         ref=lambda: (_obj([b"x", b"y"]), np.array([5, 7], np.int64)), grad=False),
    Case("dense_bincount", [I64, np.float32(1)], {"depth": 4, "binary": False},
         ref=lambda i, w: _bincount_ref(i, w, 4, False), grad=False),
    Case("dense_bincount", [I64, np.int64(1)], {"depth": 3, "binary": True},
         ref=lambda i, w: _bincount_ref(i, w, 3, True), grad=False),
    Case("dense_bincount", [I64[0], np.array([.5, 2., 3.], np.float32)],
         {"depth": 4, "binary": False}, ref=lambda i, w: _bincount_ref(i, w, 4, False),
         grad=False),
    Case("dense_bincount", [np.zeros((0, 3), np.int64), np.float32(1)],
         {"depth": 2, "binary": False}, ref=lambda i, w: _bincount_ref(i, w, 2, False),
         grad=False),
    Case("bucketize", [np.array([[-1.5, 1.0, 3.4], [0.5, 0.0, 2.0]], np.float32)],
         {"boundaries": (0.0, 1.0, 2.0)},
         ref=lambda x: np.searchsorted([0., 1., 2.], x, side="right").astype(np.int32),
         grad=False),
    Case("bucketize", [np.array([3, -2, 7], np.int64)], {"boundaries": (0.0, 5.0)},
         ref=lambda x: np.array([1, 0, 2], np.int32), grad=False),
    Case("strong_hash_bucket", [_obj([b"A", b"B", b"C", b"D", b"E"])],
         {"num_buckets": 3, "key": (133, 133)},  # values from TF's to_hash_bucket_strong
         ref=lambda x: np.array([0, 0, 2, 1, 0], np.int64), grad=False),
    Case("int_as_string", [np.array([[1, -20], [300, 0]], np.int64)],
         ref=lambda x: _obj([[b"1", b"-20"], [b"300", b"0"]]), grad=False),
    Case("int_as_string", [np.array([7], np.int32)], ref=lambda x: _obj([b"7"]), grad=False),
    Case("check_in_vocabulary", [np.array([[1, 2]], np.int64), _obj([[b"a", b"b"]])],
         ref=lambda ids, keys: ids, grad=False),
    Case("text_standardize", [TEXT], {"lower": True, "strip": True},
         ref=lambda x: _text_ref(x, lambda s: s.lower().translate(None, text_ops.PUNCTUATION)),
         grad=False),
    Case("text_standardize", [TEXT.reshape(3, 1)], {"lower": True, "strip": False},
         ref=lambda x: _text_ref(x, bytes.lower), grad=False),
    Case("text_standardize", [_obj(["Héllo, WÖRLD.".encode()])],
         {"lower": False, "strip": True}, ref=lambda x: _obj(["Héllo WÖRLD".encode()]),
         grad=False),
    Case("text_tokenize", [TEXT], {"split": "whitespace", "ngrams": None, "length": None},
         ref=lambda x: _padded([[b"The", b"Cat,", b"sat!"], [b"a", b"b", b"C"], []], 3),
         grad=False),
    Case("text_tokenize", [TEXT], {"split": "whitespace", "ngrams": (2, 1), "length": 4},
         ref=lambda x: _padded([[b"The Cat,", b"Cat, sat!", b"The", b"Cat,"],
                                [b"a b", b"b C", b"a", b"b"], []], 4), grad=False),
    Case("text_tokenize", [_obj(["hé y".encode()])],
         {"split": "character", "ngrams": None, "length": None},
         ref=lambda x: _padded([[b"h", "é".encode(), b" ", b"y"]], 4), grad=False),
    Case("text_tokenize", [_obj([]).reshape(0)],
         {"split": "whitespace", "ngrams": None, "length": 2},
         ref=lambda x: np.full((0, 2), b"", object), grad=False),
]

assert _farmhash.fingerprint64(b"") == 0x9AE16A3B2F90404F  # the hash the OOV cases rely on
