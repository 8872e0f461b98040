"""Cases for the string primitives of tf.strings (fluxion/strings/). References are written with
Python's str/bytes methods and `re`; strings have no gradients (grad=False)."""
import itertools
import re

import numpy as np

from fluxion import dtypes
from fluxion.feature_column import _farmhash
from fluxion.strings import _elementwise, _hashes  # noqa: F401 - registers the ops
from tests.opcheck import Case


def _s(*items, shape=None):
    arr = np.empty(len(items), object)
    arr[:] = [i.encode("utf-8") if isinstance(i, str) else i for i in items]
    return arr.reshape(shape) if shape is not None else arr


def _map(fn, arr, dtype=object):
    out = np.empty(arr.shape, dtype)
    for idx in np.ndindex(arr.shape):
        out[idx] = fn(arr[idx])
    return out


def _scalar(b: bytes):
    return np.array(b, object)


_W = _s("Hello", "", "héllo WÖRLD", " pad\t\n", shape=(2, 2))
_E = np.zeros((0, 3), object)
_NUM = _s("1.5", " -2", "1e3", "inf", shape=(2, 2))


def _rows(pieces):
    splits = np.cumsum([0] + [len(p) for p in pieces]).astype(np.int64)
    values = np.empty(int(splits[-1]), object)
    values[:] = [v for p in pieces for v in p]
    return values, splits


def _ngrams_ref(values, splits):
    rows = []
    for a, b in itertools.pairwise(splits):
        row = ["<"] + [v.decode() for v in values[a:b]] + [">"]
        rows.append([" ".join(row[i:i + 2]).encode() for i in range(len(row) - 1)])
    return _rows(rows)


CASES = [
    Case("string_length", [_W], {"unit": "BYTE"}, ref=lambda x: _map(len, x, np.int32),
         grad=False),
    Case("string_length", [_W], {"unit": "UTF8_CHAR"},
         ref=lambda x: _map(lambda s: len(s.decode()), x, np.int32), grad=False),
    Case("string_length", [_E], {"unit": "BYTE"}, ref=lambda x: np.zeros((0, 3), np.int32),
         grad=False),
    Case("string_lower", [_W], {"encoding": ""}, ref=lambda x: _map(bytes.lower, x), grad=False),
    Case("string_lower", [_W], {"encoding": "utf-8"},
         ref=lambda x: _map(lambda s: s.decode().lower().encode(), x), grad=False),
    Case("string_upper", [_W], {"encoding": ""}, ref=lambda x: _map(bytes.upper, x), grad=False),
    Case("string_upper", [_E], {"encoding": "utf-8"}, ref=lambda x: x, grad=False),
    Case("string_strip", [_W], ref=lambda x: _map(bytes.strip, x), grad=False),
    Case("string_join", [_W, _scalar(b"!")], {"separator": "-"},
         ref=lambda x, y: _map(lambda s: s + b"-!", x), grad=False),
    Case("string_join", [_W, _W, _W], {"separator": ""},
         ref=lambda x, y, z: _map(lambda s: s * 3, x), grad=False),
    Case("reduce_join", [_W], {"axes": (1,), "keepdims": False, "separator": ","},
         ref=lambda x: np.array([b",".join(r) for r in x.tolist()], object), grad=False),
    Case("reduce_join", [_W], {"axes": (1, 0), "keepdims": True, "separator": ""},
         ref=lambda x: np.array([[b"".join(x.reshape(-1).tolist())]], object), grad=False),
    Case("reduce_join", [_E], {"axes": (1,), "keepdims": False, "separator": ""},
         ref=lambda x: np.zeros((0,), object), grad=False),
    Case("substr", [_W, np.array([[1, 0], [0, 2]], np.int32),
                    np.array([[2, 1], [3, 0]], np.int32)],
         {"unit": "BYTE"}, grad=False,
         ref=lambda x, p, n: np.array([[b"el", b""], [b"h\xc3\xa9", b""]], object)),
    Case("substr", [_W, np.array([[0, 0], [-4, 1]], np.int64), np.full((2, 2), -1, np.int64)],
         {"unit": "UTF8_CHAR"}, grad=False,
         ref=lambda x, p, n: np.array([[b"Hello", b""], ["ÖRLD".encode(), b"pad\t\n"]],
                                      object)),
    Case("unsorted_segment_join", [_s("a", "b", "c", "d"), np.array([2, 0, 2, 2], np.int32)],
         {"num_segments": 4, "separator": "+"}, grad=False,
         ref=lambda x, i: _s("b", "", "a+c+d", "")),
    Case("unsorted_segment_join", [_W, np.array([1, 1], np.int64)],
         {"num_segments": 2, "separator": ""}, grad=False,
         ref=lambda x, i: np.array([[b"", b""], [x[0, 0] + x[1, 0], x[0, 1] + x[1, 1]]],
                                   object)),
    Case("string_to_hash_bucket_fast", [_W], {"num_buckets": 100}, grad=False,
         ref=lambda x: _map(lambda s: _farmhash.fingerprint64(s) % 100, x, np.int64)),
    Case("string_to_hash_bucket", [_W], {"num_buckets": 1000}, grad=False,
         ref=lambda x: _map(lambda s: _hashes.murmur64(s) % 1000, x, np.int64)),
    Case("string_to_hash_bucket_strong", [_W], {"num_buckets": 7, "key": (3, 9)}, grad=False,
         ref=lambda x: _map(lambda s: _hashes.siphash24((3, 9), s) % 7, x, np.int64)),
    Case("string_to_number", [_NUM], {"out_type": dtypes.float32}, grad=False,
         ref=lambda x: _map(float, x, np.float64).astype(np.float32)),
    Case("string_to_number", [_s("7", "-12", " 3 ")], {"out_type": dtypes.int64}, grad=False,
         ref=lambda x: np.array([7, -12, 3], np.int64)),
    Case("as_string", [np.array([[1.5, -2.25], [1e-7, 3.0]], np.float32)],
         {"precision": 3, "scientific": False, "shortest": False, "width": 8, "fill": "0"},
         ref=lambda x: _map(lambda v: f"{v:08.3f}".encode(), x), grad=False),
    Case("as_string", [np.array([3, -40], np.int64)],
         {"precision": -1, "scientific": False, "shortest": False, "width": -1, "fill": ""},
         ref=lambda x: _s("3", "-40"), grad=False),
    Case("as_string", [np.array([True, False])],
         {"precision": -1, "scientific": False, "shortest": False, "width": -1, "fill": ""},
         ref=lambda x: _s("true", "false"), grad=False),
    Case("string_format", [np.array([1, 2], np.int32), _scalar(b"q")],
         {"template": "a={} b={}.", "placeholder": "{}", "summarize_n": 3},
         ref=lambda x, y: _scalar(b'a=[1 2] b="q".'), grad=False),
    Case("regex_full_match", [_W, _scalar(rb"\w+")], grad=False,
         ref=lambda x, p: _map(lambda s: re.fullmatch(rb"\w+", s) is not None, x, np.bool_)),
    Case("regex_replace", [_W, _scalar(b"l+"), _scalar(b"<\\0>")], {"replace_global": True},
         ref=lambda x, p, r: _map(lambda s: re.sub(b"l+", rb"<\g<0>>", s), x), grad=False),
    Case("regex_replace", [_W, _scalar(b"[a-z]"), _scalar(b"")], {"replace_global": False},
         ref=lambda x, p, r: _map(lambda s: re.sub(b"[a-z]", b"", s, count=1), x),
         grad=False),
    Case("string_split", [_s("a b  c", "", " x ")], {"sep": "", "maxsplit": -1}, grad=False,
         ref=lambda x: _rows([s.split() for s in x])),
    Case("string_split", [_s("a,b,,c", "", "x,")], {"sep": ",", "maxsplit": 1}, grad=False,
         ref=lambda x: _rows([s.split(b",", 1) for s in x])),
    Case("bytes_split", [_s("ab", "", "é")], grad=False,
         ref=lambda x: _rows([[s[i:i + 1] for i in range(len(s))] for s in x])),
    Case("unicode_decode", [_s("hé", "", "€x")],
         {"encoding": "utf-8", "errors_": "replace", "replacement_char": 65533,
          "replace_control": False, "with_offsets": True}, grad=False,
         ref=lambda x: (np.array([104, 233, 8364, 120], np.int32),
                        np.array([0, 2, 2, 4], np.int64), np.array([0, 1, 0, 3], np.int64))),
    Case("unicode_split", [_s("hé", "", "a\xffb".encode("latin1"))],
         {"encoding": "utf-8", "errors_": "replace", "replacement_char": 65533}, grad=False,
         ref=lambda x: _rows([[b"h", "é".encode()], [], [b"a", "\ufffd".encode(), b"b"]])),
    Case("unicode_encode", [np.array([104, 233, -5, 65], np.int32),
                            np.array([0, 3, 3, 4], np.int64)],
         {"encoding": "utf-8", "errors_": "replace", "replacement_char": 63}, grad=False,
         ref=lambda c, s: _s("hé?", "", "A")),
    Case("unicode_transcode", [_W],
         {"encoding": "utf-8", "out_encoding": "utf-16-be", "errors_": "replace",
          "replacement_char": 65533, "replace_control": False}, grad=False,
         ref=lambda x: _map(lambda s: s.decode().encode("utf-16-be"), x)),
    Case("string_ngrams", [_s("a", "b", "c", "d"), np.array([0, 3, 3, 4], np.int64)],
         {"widths": (2,), "separator": " ", "left_pad": "<", "right_pad": ">",
          "pad_width": 1, "preserve": False}, ref=_ngrams_ref, grad=False),
]

CASES += [
    Case("ragged_reduce_join", [_s("a", "b", "c", "d"), np.array([0, 3, 3, 4], np.int64)],
         {"separator": "|"}, ref=lambda v, s: _s("a|b|c", "", "d"), grad=False),
    Case("ragged_reduce_join", [_s(), np.array([0], np.int64)], {"separator": ""},
         ref=lambda v, s: _s(), grad=False),
]
