"""tf.keras.preprocessing.text: Tokenizer and the hashing helpers (Keras' exact algorithms;
values against real Keras are pinned in tests/fixtures/keras_preprocessing.json)."""
from __future__ import annotations

import collections
import hashlib
import json
import math

import numpy as np
import pytest

import fluxion as tf

T = tf.keras.preprocessing.text
TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "Cat and dog, cat and mouse"]


def fitted(**kwargs) -> T.Tokenizer:
    tok = T.Tokenizer(**kwargs)
    tok.fit_on_texts(TEXTS)
    return tok


def test_namespace_resolves():
    assert tf.keras.preprocessing.text is T
    assert T.Tokenizer is tf.keras.preprocessing.text.Tokenizer


def test_text_to_word_sequence_filters_and_splits():
    assert T.text_to_word_sequence("Hi, there!\tBye") == ["hi", "there", "bye"]
    assert T.text_to_word_sequence("a--b", split="-") == ["a", "b"]
    assert T.text_to_word_sequence("A.B", lower=False, filters="") == ["A.B"]


def test_hashing_trick_md5_formula():
    words = ["the", "quick", "fox"]
    expected = [int(hashlib.md5(w.encode()).hexdigest(), 16) % 9 + 1 for w in words]
    assert T.hashing_trick("The quick, fox", 10, hash_function="md5") == expected


def test_one_hot_is_python_hash_in_range():
    v = T.one_hot("a b a c", 5)
    assert v == [hash("a") % 4 + 1, hash("b") % 4 + 1, hash("a") % 4 + 1, hash("c") % 4 + 1]
    assert all(1 <= i < 5 for i in v)


def test_analyzer_is_used():
    assert T.hashing_trick("x|y", 7, hash_function=len, analyzer=lambda s: s.split("|")) == \
        [2, 2]


def test_word_index_ranks_by_count_first_seen_breaks_ties():
    tok = fitted()
    assert list(tok.word_index.items())[:4] == [("the", 1), ("cat", 2), ("dog", 3), ("and", 4)]
    # ties (count 1) keep first-seen order
    assert [w for w, i in sorted(tok.word_index.items(), key=lambda t: t[1])][4:7] == \
        ["sat", "on", "mat"]
    assert isinstance(tok.word_counts, collections.OrderedDict)
    assert tok.word_counts["cat"] == 3 and tok.word_docs["cat"] == 2
    assert tok.index_docs[tok.word_index["cat"]] == 2
    assert tok.index_word == {i: w for w, i in tok.word_index.items()}
    assert tok.document_count == 3


def test_oov_and_num_words():
    tok = fitted(num_words=4, oov_token="<unk>")
    assert tok.word_index["<unk>"] == 1
    # kept: indices 1..3 (<unk>, the, cat); dog (4) and unknown words become <unk>
    assert tok.texts_to_sequences(["the dog saw a cat"]) == [[2, 1, 1, 1, 3]]
    assert tok.sequences_to_texts([[2, 4, 99, 3]]) == ["the <unk> <unk> cat"]
    plain = fitted(num_words=3)
    assert plain.texts_to_sequences(["the dog saw a cat"]) == [[1, 2]]
    assert plain.sequences_to_texts([[1, 3, 99, 2]]) == ["the cat"]


def test_generators_match_lists():
    tok = fitted()
    assert list(tok.texts_to_sequences_generator(TEXTS)) == tok.texts_to_sequences(TEXTS)
    assert list(tok.sequences_to_texts_generator([[1, 2]])) == ["the cat"]


def test_matrix_modes():
    tok = fitted()
    n = len(tok.word_index) + 1
    seqs = [[1, 1, 2], []]
    binary = tok.sequences_to_matrix(seqs)
    assert binary.shape == (2, n) and binary.dtype == np.float64
    assert binary[0, 1] == 1 and binary[0, 2] == 1 and binary[1].sum() == 0
    assert tok.sequences_to_matrix(seqs, mode="count")[0, 1] == 2
    np.testing.assert_allclose(tok.sequences_to_matrix(seqs, mode="freq")[0, 1:3], [2 / 3, 1 / 3])
    tfidf = tok.sequences_to_matrix(seqs, mode="tfidf")
    docs = tok.document_count
    expected = (1 + math.log(2)) * math.log(1 + docs / (1 + tok.index_docs[1]))
    np.testing.assert_allclose(tfidf[0, 1], expected)
    np.testing.assert_array_equal(tok.texts_to_matrix(["the the cat"], "count")[0, :3],
                                  [0, 2, 1])


def test_matrix_errors():
    with pytest.raises(ValueError, match="num_words"):
        T.Tokenizer().sequences_to_matrix([[1]])
    with pytest.raises(ValueError, match="tfidf"):
        T.Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf")
    with pytest.raises(ValueError, match="Unknown vectorization mode"):
        fitted().sequences_to_matrix([[1]], mode="bad")


def test_indices_beyond_num_words_ignored_in_matrix():
    tok = T.Tokenizer(num_words=3)
    m = tok.sequences_to_matrix([[1, 2, 5, 7]], mode="count")
    np.testing.assert_array_equal(m, [[0, 1, 1]])


def test_fit_on_sequences_counts_documents():
    tok = T.Tokenizer(num_words=4)
    tok.fit_on_sequences([[1, 2, 2], [2, 3]])
    assert tok.document_count == 2 and tok.index_docs[2] == 2 and tok.index_docs[1] == 1


def test_char_level_and_lists():
    tok = T.Tokenizer(char_level=True)
    tok.fit_on_texts(["abba", "Cab"])
    assert tok.word_index == {"a": 1, "b": 2, "c": 3}
    assert tok.texts_to_sequences(["CAB!"]) == [[3, 1, 2]]
    tok = T.Tokenizer()
    tok.fit_on_texts([["Hello", "world"], ["hello"]])
    assert tok.word_index == {"hello": 1, "world": 2}


def test_json_round_trip():
    tok = fitted(num_words=6, oov_token="?")
    text = tok.to_json(indent=1)
    assert json.loads(text)["class_name"] == "Tokenizer"
    again = T.tokenizer_from_json(text)
    assert again.word_index == tok.word_index and again.index_word == tok.index_word
    assert again.num_words == 6 and again.oov_token == "?" and again.document_count == 3
    np.testing.assert_array_equal(again.texts_to_matrix(TEXTS, "tfidf"),
                                  tok.texts_to_matrix(TEXTS, "tfidf"))
    config = tok.get_config()
    assert json.loads(config["word_index"]) == tok.word_index
    json.dumps(config)  # JSON-serializable


def test_kwargs():
    with pytest.warns(UserWarning, match="nb_words"):
        assert T.Tokenizer(nb_words=7).num_words == 7
    assert T.Tokenizer(document_count=4).document_count == 4
    with pytest.raises(TypeError, match="Unrecognized"):
        T.Tokenizer(bad=1)
