"""tf.strings: values against Python's str/bytes/re, dtypes and shapes, errors, graph mode
(tf.function, unknown shapes) and tf.data.Dataset.map. TF's own results are pinned in
tests/fixtures/strings.json (tools/reference/strings.py)."""
import re

import numpy as np
import pytest

import fluxion as tf
from fluxion.strings import _convert, _hashes, _regex

WORDS = ["Hello World", "", "héllo €!", "  pad\t\n", "a,b,,c", "ÀÉÎ xyz"]


def _b(items):
    return [s.encode() for s in items]


def test_length_units_and_dtype():
    x = tf.constant(WORDS)
    got = tf.strings.length(x)
    assert got.dtype == tf.int32
    assert got.numpy().tolist() == [len(s.encode()) for s in WORDS]
    chars = tf.strings.length(x, unit="UTF8_CHAR")
    assert chars.numpy().tolist() == [len(s) for s in WORDS]


def test_case_and_strip_match_python():
    x = tf.constant(WORDS)
    assert tf.strings.lower(x).numpy().tolist() == [s.lower() for s in _b(WORDS)]
    assert tf.strings.upper(x).numpy().tolist() == [s.upper() for s in _b(WORDS)]
    utf8 = tf.strings.upper(x, encoding="utf-8").numpy().tolist()
    assert utf8 == [s.upper().encode() for s in WORDS]
    assert tf.strings.strip(x).numpy().tolist() == [s.strip() for s in _b(WORDS)]


def test_bad_encoding_and_unit_raise():
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.strings.lower("a", encoding="latin1")
    with pytest.raises(tf.errors.InvalidArgumentError, match="unit"):
        tf.strings.length("a", unit="CHAR")


def test_join_broadcasts_scalars_only():
    got = tf.strings.join([tf.constant([["a", "b"]]), "-", tf.constant([["c", "d"]])], "|")
    assert got.shape == (1, 2)
    assert got.numpy().tolist() == [[b"a|-|c", b"b|-|d"]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="StringJoin"):
        tf.strings.join([["a"], ["b", "c"]])


def test_reduce_join_matches_python_join():
    x = np.array([[s.encode() for s in WORDS[:3]], [s.encode() for s in WORDS[3:]]], object)
    got = tf.strings.reduce_join(x, axis=1, separator="/")
    assert got.numpy().tolist() == [b"/".join(r) for r in x.tolist()]
    got = tf.strings.reduce_join(x, axis=0, keepdims=True)
    assert got.shape == (1, 3)
    assert got.numpy().tolist() == [[a + b for a, b in zip(*x.tolist())]]
    assert tf.strings.reduce_join(x).numpy() == b"".join(x.reshape(-1).tolist())


def test_reduce_join_duplicate_axis():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate"):
        tf.strings.reduce_join([["a"]], axis=[0, -2])


@pytest.mark.parametrize("pattern", [r"\w+", r"[a-z]+ [a-z]+", r"(a|b).*", r".*\d.*", r""])
def test_regex_full_match_matches_re(pattern):
    texts = ["abc", "ab cd", "", "b99", "x y", "a\n"]
    got = tf.strings.regex_full_match(texts, pattern).numpy().tolist()
    want = [re.fullmatch(pattern, t, re.ASCII) is not None for t in texts]
    assert got == want


@pytest.mark.parametrize("pattern,rewrite,py_rewrite", [
    (r"[aeiou]", "_", "_"), (r"(\w)(\w*)", r"\2\1", r"\2\1"), (r"\s+", " ", " "),
    (r"l+", r"<\0>", r"<\g<0>>")])
def test_regex_replace_matches_re_sub(pattern, rewrite, py_rewrite):
    texts = ["hello world", "  spaced   out ", "", "xyz"]
    got = tf.strings.regex_replace(texts, pattern, rewrite).numpy().tolist()
    assert got == [re.sub(pattern, py_rewrite, t, flags=re.ASCII).encode() for t in texts]
    first = tf.strings.regex_replace(texts, pattern, rewrite, replace_global=False)
    assert first.numpy().tolist() == [
        re.sub(pattern, py_rewrite, t, count=1, flags=re.ASCII).encode() for t in texts]


def test_re2_translation():
    assert _regex._translate("a$") == "a\\Z"
    assert _regex._translate("[$]") == "[$]"
    assert _regex._translate("(?m)a$") == "(?m)a$"
    assert _regex._translate(r"x\z") == "x\\Z"
    assert _regex._translate(r"\Q+.\E?") == re.escape("+.") + "?"
    assert _regex._translate("[]a]$") == "[]a]\\Z"
    assert _regex._parse_rewrite(rb"a\1\\b\0") == ("a", 1, "\\b", 0)


def test_regex_errors_name_the_op():
    with pytest.raises(tf.errors.InvalidArgumentError, match="RegexReplace"):
        tf.strings.regex_replace(["a"], "(", "")
    with pytest.raises(tf.errors.InvalidArgumentError, match="only categories"):
        tf.strings.regex_full_match(["a"], r"\p{Greek}")


def test_substr_bytes_and_chars():
    x = tf.constant(["hello", "héllo"])
    assert tf.strings.substr(x, 1, 3).numpy().tolist() == [b"ell", "é".encode() + b"l"]
    got = tf.strings.substr(x, 1, 3, unit="UTF8_CHAR").numpy().tolist()
    assert got == [b"ell", "éll".encode()]
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
        tf.strings.substr(x, 6, 1)


def test_to_number_types_and_errors():
    x = tf.constant(["1.5", "-2", "1e3"])
    got = tf.strings.to_number(x)
    assert got.dtype == tf.float32
    np.testing.assert_array_equal(got.numpy(), np.array([1.5, -2, 1000], np.float32))
    ints = tf.strings.to_number(["7", " -3 "], tf.int64)
    assert ints.dtype == tf.int64 and ints.numpy().tolist() == [7, -3]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="StringToNumberOp could not correctly convert string: 1x"):
        tf.strings.to_number(["1x"])
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.strings.to_number(["1"], tf.int8)


def test_as_string_printf_semantics():
    v = np.array([1.25, -3.5, 1e-9, 12345.678], np.float32)
    for kw, fmt in [({}, "%f"), ({"precision": 2}, "%.2f"), ({"shortest": True}, "%g"),
                    ({"scientific": True}, "%e"), ({"width": 12, "fill": "0"}, "%012f")]:
        got = tf.strings.as_string(v, **kw).numpy().tolist()
        assert got == [(fmt % float(a)).encode() for a in v], kw
    assert tf.strings.as_string(np.array([5], np.int32), width=3).numpy().tolist() == [b"  5"]


def test_format_summarizes_like_tf_print():
    assert _convert.summarize(np.arange(10), 2) == b"[0 1 ... 8 9]"
    assert _convert.summarize(np.arange(4).reshape(2, 2), 3) == b"[[0 1]\n [2 3]]"
    assert _convert.summarize(np.array([0.1, 1 / 3], np.float32), 3) == b"[0.1 0.333333343]"
    got = tf.strings.format("{} / {}", [tf.constant(1), tf.constant(["a"])])
    assert got.shape == () and got.numpy() == b'1 / ["a"]'
    with pytest.raises(ValueError, match="expects 2 tensors"):
        tf.strings.format("{}{}", [1])


def test_split_whitespace_and_separator():
    got = tf.strings.split(tf.constant(WORDS))
    assert isinstance(got, tf.RaggedTensor)
    assert got.row_splits.dtype == tf.int64
    assert got.to_list() == [s.split() for s in _b(WORDS)]
    got = tf.strings.split(tf.constant(WORDS), sep=",", maxsplit=1)
    assert got.to_list() == [s.split(b",", 1) for s in _b(WORDS)]
    scalar = tf.strings.split("a b")
    assert not isinstance(scalar, tf.RaggedTensor) and scalar.numpy().tolist() == [b"a", b"b"]


def test_split_2d_and_ragged_inputs_keep_nesting():
    got = tf.strings.split([["a b", "c"], ["", "d e f"]])
    assert got.to_list() == [[[b"a", b"b"], [b"c"]], [[], [b"d", b"e", b"f"]]]
    ragged = tf.RaggedTensor.from_row_splits(tf.constant(["x y", "z", "w"]), [0, 2, 3])
    assert tf.strings.split(ragged).to_list() == [[[b"x", b"y"], [b"z"]], [[b"w"]]]


def test_unicode_decode_encode_roundtrip():
    texts = ["héllo", "", "€ and 😀"]
    cps = tf.strings.unicode_decode(texts, "UTF-8")
    assert cps.flat_values.dtype == tf.int32
    assert cps.to_list() == [[ord(c) for c in t] for t in texts]
    back = tf.strings.unicode_encode(cps, "UTF-8")
    assert back.numpy().tolist() == _b(texts)
    chars = tf.strings.unicode_split(texts, "UTF-8")
    assert chars.to_list() == [[c.encode() for c in t] for t in texts]
    utf16 = tf.strings.unicode_transcode(texts, "UTF-8", "UTF-16-BE").numpy().tolist()
    assert utf16 == [t.encode("utf-16-be") for t in texts]


def test_unicode_decode_offsets_and_errors():
    cps, off = tf.strings.unicode_decode_with_offsets([b"a\xff\xc3\xa9"], "UTF-8")
    assert cps.to_list() == [[97, 0xFFFD, 233]]
    assert off.to_list() == [[0, 1, 2]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid formatting"):
        tf.strings.unicode_decode([b"\xff"], "UTF-8", errors="strict")


def test_ngrams_dense_and_ragged():
    got = tf.strings.ngrams([["a", "b", "c"], ["d", "e", "f"]], (1, 3), separator="+")
    assert got.shape == (2, 4)
    assert got.numpy().tolist()[0] == [b"a", b"b", b"c", b"a+b+c"]
    rt = tf.RaggedTensor.from_row_splits(tf.constant(["a", "b", "c"]), [0, 1, 3])
    assert tf.strings.ngrams(rt, 2, pad_values="#").to_list() == [
        [b"# a", b"a #"], [b"# b", b"b c", b"c #"]]
    with pytest.raises(ValueError):
        tf.strings.ngrams(["a"], 2, padding_width=1)


def test_unsorted_segment_join():
    got = tf.strings.unsorted_segment_join(["a", "b", "c", "d"], [2, 0, 2, 2], 3, "+")
    assert got.numpy().tolist() == [b"b", b"", b"a+c+d"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment_ids"):
        tf.strings.unsorted_segment_join(["a"], [3], 3)


def test_hashes_are_stable_and_in_range():
    x = tf.constant(WORDS)
    for fn in (lambda v: tf.strings.to_hash_bucket_fast(v, 13),
               lambda v: tf.strings.to_hash_bucket(v, 13),
               lambda v: tf.strings.to_hash_bucket_strong(v, 13, [5, 11])):
        got = fn(x)
        assert got.dtype == tf.int64 and got.shape == (len(WORDS),)
        assert ((got.numpy() >= 0) & (got.numpy() < 13)).all()
        assert got.numpy().tolist() == fn(x).numpy().tolist()
    # published SipHash-2-4 test vector: key 00..0f, empty message
    key = (int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)),
                                                                      "little"))
    assert _hashes.siphash24(key, b"") == 0x726FDB47DD0E0E31
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_buckets"):
        tf.strings.to_hash_bucket(x, 0)


def test_ops_in_tf_function_match_eager():
    def pipeline(x):
        y = tf.strings.regex_replace(tf.strings.lower(x), "[^a-z ]", "")
        words = tf.strings.split(y)
        return (y, tf.strings.length(y), tf.strings.reduce_join(y, separator=";"),
                tf.strings.to_hash_bucket_fast(y, 7), words.to_tensor(default_value="?"),
                tf.strings.ngrams(words, 2).flat_values,
                tf.strings.as_string(tf.strings.length(y), width=3),
                tf.strings.format("n={}", tf.size(words.flat_values)))

    x = tf.constant(WORDS)
    eager = pipeline(x)
    graph = tf.function(pipeline)(x)
    for a, b in zip(eager, graph):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.asarray(a.numpy()).tolist() == np.asarray(b.numpy()).tolist()


def test_unknown_shapes_in_a_signature():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def f(x):
        parts = tf.strings.split(x, sep=",")
        return tf.strings.to_number(parts.flat_values, tf.int32), tf.strings.length(x)

    for batch in (["1,2", "3"], ["4", "5,6,7", ""][:2]):
        nums, lens = f(tf.constant(batch))
        assert nums.numpy().tolist() == [int(v) for s in batch for v in s.split(",")]
        assert lens.numpy().tolist() == [len(s) for s in batch]


def test_dataset_map_text_pipeline():
    ds = tf.data.Dataset.from_tensor_slices(["1,2.5,a b", "3,4.5,c"])

    def parse(line):
        fields = tf.strings.split(line, ",")
        words = tf.strings.split(fields[2])
        return (tf.strings.to_number(fields[0], tf.int32), tf.strings.to_number(fields[1]),
                tf.strings.reduce_join(tf.strings.upper(words), separator="_"))

    got = [(int(a), float(b), c.numpy()) for a, b, c in ds.map(parse)]
    assert got == [(1, 2.5, b"A_B"), (3, 4.5, b"C")]


def test_strings_have_no_gradient():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        s = tf.strings.as_string(x * 3.0)
        n = tf.strings.to_number(s)
    assert tape.gradient(n, x) is None


def test_re2_translation_of_classes_and_unsupported_syntax():
    assert _regex._translate("[[:digit:]x]") == "[0-9x]"
    assert _regex._translate(r"\s") == r"[\t\n\f\r ]"
    assert _regex._translate(r"[\s]") == r"[\t\n\f\r ]"
    assert _regex._translate("a{,2}") == "a\\{,2}"
    for pattern in (r"a(?=b)", r"(?<!a)b", r"(a)\1"):
        with pytest.raises(re.error):
            _regex._translate(pattern)


def test_global_replace_follows_re2_empty_match_rule():
    regex = re.compile("a*?")
    assert _regex._replace_one(regex, ("-",), "aaa", True) == "-a-a-a-"
    regex = re.compile("x*")
    assert _regex._replace_one(regex, ("-",), "abxd", True) == "-a-b-d-"
    assert _regex._replace_one(regex, ("-",), "abxd", False) == "-abxd"


def test_ragged_elementwise_and_reduce_join():
    rt = tf.strings.split(["1,22", "333"], ",")
    assert tf.strings.to_number(rt, tf.int32).to_list() == [[1, 22], [333]]
    assert tf.strings.length(rt).to_list() == [[1, 2], [3]]
    chars = tf.strings.unicode_split(["héllo", ""], "UTF-8")
    assert tf.strings.reduce_join(chars, axis=-1).numpy().tolist() == ["héllo".encode(), b""]
    assert tf.strings.reduce_join(chars, separator=".").numpy() == ".".join("héllo").encode()


def test_trace_from_a_signature_uses_stand_ins_safely():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def f(x):
        head = tf.strings.substr(x, 2, 3)
        return head, tf.strings.to_number(tf.strings.substr(x, 0, 2), tf.int32), \
            tf.strings.upper(x), tf.strings.split(x).flat_values

    f.get_concrete_function()  # traced on placeholder values, before any real input
    head, num, up, words = f(tf.constant(["12abc", "34 x"]))
    assert head.numpy().tolist() == [b"abc", b" x"]
    assert num.numpy().tolist() == [12, 34]
    assert up.numpy().tolist() == [b"12ABC", b"34 X"]
    assert words.numpy().tolist() == [b"12abc", b"34", b"x"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="StringToNumber"):
        f(tf.constant(["ab"]))


def test_unicode_categories_match_unicodedata():
    import unicodedata

    text = "aÉ1٣ ,¿—中\u0301"
    got = tf.strings.regex_replace([text], r"[\p{L}\p{N}]", "").numpy()[0].decode()
    assert got == "".join(c for c in text if unicodedata.category(c)[0] not in "LN")
    got = tf.strings.regex_replace([text], r"\P{Lu}", "").numpy()[0].decode()
    assert got == "".join(c for c in text if unicodedata.category(c) == "Lu")
