"""tf.saved_model.Asset and lookup tables in SavedModels: files copied into assets/, captured
asset paths relocated on load, tables surviving save/load (in a fresh process too)."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import fluxion as tf
from fluxion.saved_model import asset as asset_lib

ROOT = pathlib.Path(__file__).resolve().parent.parent
WL, LN = tf.lookup.TextFileIndex.WHOLE_LINE, tf.lookup.TextFileIndex.LINE_NUMBER


def _write(path: pathlib.Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def _run_fresh(code: str) -> dict:
    """Runs `code` in a new Python process (only `import fluxion`); returns its JSON print."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


class Tables(tf.Module):
    def __init__(self, folder: pathlib.Path):
        super().__init__()
        vocab = _write(folder / "src" / "vocab.txt", "apple\nbanana\ncherry\n")
        self.vocab_asset = tf.saved_model.Asset(vocab)
        self.ids = tf.lookup.StaticHashTable(
            tf.lookup.TextFileInitializer(self.vocab_asset, tf.string, WL, tf.int64, LN), -1)
        self.oov = tf.lookup.StaticVocabularyTable(
            tf.lookup.TextFileInitializer(vocab, tf.string, WL, tf.int64, LN), 3)
        self.kv = tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(tf.constant([10, 20, 30], tf.int64),
                                                tf.constant([0.5, 1.5, 2.5], tf.float64)),
            -1.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="words")])
    def lookup(self, words):
        return {"ids": self.ids.lookup(words), "oov": self.oov.lookup(words)}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int64)])
    def numbers(self, keys):
        return self.kv.lookup(keys)


def test_asset_path_is_a_scalar_string_tensor(tmp_path):
    a = tf.saved_model.Asset(tmp_path / "v.txt")  # os.PathLike accepted
    assert a.asset_path.dtype == tf.string and a.asset_path.shape == []
    assert a.asset_path.numpy() == os.fsencode(tmp_path / "v.txt")
    with pytest.raises(TypeError):
        tf.saved_model.Asset(3.5)


def test_asset_names_keep_base_name_and_suffix_clashes():
    found = [("a", "/x/v.txt"), (None, "/y/v.txt"), ("c", "/x/v.txt"), (None, "/z/w.txt"),
             (None, "/q/v.txt")]
    assert asset_lib.asset_names(found) == {"/x/v.txt": "v.txt", "/y/v.txt": "v.txt_1",
                                            "/z/w.txt": "w.txt", "/q/v.txt": "v.txt_2"}


def test_find_assets_walks_submodules_tables_and_lists(tmp_path):
    m = tf.Module()
    m.top = tf.saved_model.Asset(_write(tmp_path / "a.txt", "a\n"))
    m.sub = tf.Module()
    m.sub.items = [tf.saved_model.Asset(_write(tmp_path / "b.txt", "b\n"))]
    m.table = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        _write(tmp_path / "c.txt", "c\n"), tf.string, WL, tf.int64, LN), -1)
    found = asset_lib.find_assets(m)
    assert sorted(os.path.basename(s) for _, s in found) == ["a.txt", "b.txt", "c.txt"]
    assert ("top", str(tmp_path / "a.txt")) in found


def test_tables_round_trip_after_the_vocabulary_file_is_deleted(tmp_path):
    m = Tables(tmp_path)
    words = tf.constant(["cherry", "kiwi", "apple", "banana", "fig"])
    before = {k: v.numpy() for k, v in m.lookup(words).items()}
    tf.saved_model.save(m, tmp_path / "model")
    assert sorted(os.listdir(tmp_path / "model" / "assets")) == ["vocab.txt"]
    os.remove(tmp_path / "src" / "vocab.txt")
    loaded = tf.saved_model.load(tmp_path / "model")
    after = loaded.lookup(words)
    np.testing.assert_array_equal(after["ids"].numpy(), [2, -1, 0, 1, -1])
    for key in before:
        np.testing.assert_array_equal(after[key].numpy(), before[key])
    assert (after["oov"].numpy()[[1, 4]] >= 3).all()  # hashed into buckets 3..5
    got = loaded.numbers(tf.constant([30, 11, 10], tf.int64))
    assert got.dtype == tf.float64
    np.testing.assert_array_equal(got.numpy(), [2.5, -1.0, 0.5])
    assert loaded.vocab_asset.asset_path.numpy() == os.fsencode(
        tmp_path / "model" / "assets" / "vocab.txt")


def test_tables_load_in_a_fresh_process(tmp_path):
    m = Tables(tmp_path)
    expected = m.lookup(tf.constant(["banana", "zzz", "apple"]))
    tf.saved_model.save(m, tmp_path / "model")
    os.remove(tmp_path / "src" / "vocab.txt")
    code = (f"import json, fluxion as tf\n"
            f"m = tf.saved_model.load({str(tmp_path / 'model')!r})\n"
            f"out = m.lookup(tf.constant(['banana', 'zzz', 'apple']))\n"
            f"num = m.numbers(tf.constant([20, 5], tf.int64))\n"
            f"print(json.dumps({{'ids': out['ids'].numpy().tolist(), "
            f"'oov': out['oov'].numpy().tolist(), 'num': num.numpy().tolist(), "
            f"'path': m.vocab_asset.asset_path.numpy().decode()}}))")
    got = _run_fresh(code)
    assert got["ids"] == expected["ids"].numpy().tolist() == [1, -1, 0]
    assert got["oov"] == expected["oov"].numpy().tolist()
    assert got["num"] == [1.5, -1.0]
    assert got["path"] == str(tmp_path / "model" / "assets" / "vocab.txt")


def test_captured_asset_path_points_into_the_loaded_folder(tmp_path):
    m = tf.Module()
    m.notes = tf.saved_model.Asset(_write(tmp_path / "src" / "notes.txt", "first"))

    @tf.function(input_signature=[tf.TensorSpec([], tf.bool)])
    def read(flag):  # the path is used inside a cond branch too
        return tf.cond(flag, lambda: tf.io.read_file(m.notes.asset_path),
                       lambda: tf.constant("none"))
    m.read = read
    m.path = tf.function(lambda: m.notes.asset_path)
    m.path()  # traced without an input signature: saved as that trace
    tf.saved_model.save(m, tmp_path / "out")
    (tmp_path / "src" / "notes.txt").write_text("changed")  # the copy is what loads read
    os.replace(tmp_path / "out", tmp_path / "moved")
    loaded = tf.saved_model.load(str(tmp_path / "moved"))
    assert loaded.read(True).numpy() == b"first"
    assert loaded.read(False).numpy() == b"none"
    assert loaded.path().numpy() == os.fsencode(tmp_path / "moved" / "assets" / "notes.txt")
    text = (tmp_path / "moved" / "saved_model.json").read_text()
    assert str(tmp_path / "src") not in text  # no absolute source path in the saved graphs


def test_missing_asset_file_is_skipped_and_resave_replaces_assets(tmp_path):
    m = tf.Module()
    m.gone = tf.saved_model.Asset(str(tmp_path / "missing.txt"))
    m.keep = tf.saved_model.Asset(_write(tmp_path / "keep.txt", "k"))
    tf.saved_model.save(m, tmp_path / "out")
    assert sorted(os.listdir(tmp_path / "out" / "assets")) == ["keep.txt"]
    m2 = tf.Module()
    m2.other = tf.saved_model.Asset(_write(tmp_path / "other.txt", "o"))
    tf.saved_model.save(m2, tmp_path / "out")  # replaces the whole folder atomically
    assert sorted(os.listdir(tmp_path / "out" / "assets")) == ["other.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", "other.txt", "out"]


def test_failed_save_leaves_nothing_behind(tmp_path):
    m = tf.Module()
    m.a = tf.saved_model.Asset(_write(tmp_path / "a.txt", "a"))
    m.bad = tf.function(lambda: {"x": object()}, input_signature=[])
    with pytest.raises(TypeError):
        tf.saved_model.save(m, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    m.bad = tf.function(lambda: tf.io.read_file(m.a.asset_path), input_signature=[])
    tf.saved_model.save(m, tmp_path / "out")  # the save after it is not confused
    assert tf.saved_model.load(tmp_path / "out").bad().numpy() == b"a"


def _string_lookup_model(vocab: str):
    inp = tf.keras.Input(shape=(), dtype="string", name="words")
    layer = tf.keras.layers.StringLookup(vocabulary=vocab, name="asset_lookup")
    return tf.keras.Model(inp, layer(inp), name="asset_lookup_model")


def test_keras_string_lookup_file_vocabulary_export(tmp_path):
    model = _string_lookup_model(_write(tmp_path / "v.txt", "cat\ndog\nbird\n"))
    words = tf.constant(["dog", "fish", "cat", "bird"])
    expected = model(words).numpy()
    np.testing.assert_array_equal(expected, [2, 0, 1, 3])
    model.export(str(tmp_path / "exp"), verbose=False)
    assert os.listdir(tmp_path / "exp" / "assets") == ["v.txt"]
    os.remove(tmp_path / "v.txt")
    code = (f"import json, fluxion as tf\n"
            f"m = tf.saved_model.load({str(tmp_path / 'exp')!r})\n"
            f"a = m.serve(tf.constant(['dog', 'fish', 'cat', 'bird']))\n"
            f"b = m.signatures['serving_default'](words=tf.constant(['bird']))['output_0']\n"
            f"print(json.dumps([a.numpy().tolist(), b.numpy().tolist(), a.dtype.name]))")
    served, signature, dtype = _run_fresh(code)
    assert served == expected.tolist() and signature == [3] and dtype == "int64"


def test_keras_text_vectorization_saved_model_save(tmp_path):
    tv = tf.keras.layers.TextVectorization(max_tokens=20, output_sequence_length=5,
                                           name="asset_tv")
    tv.adapt(["a b c", "a b", "a"])
    inp = tf.keras.Input(shape=(1,), dtype="string", name="text")
    model = tf.keras.Model(inp, tv(inp), name="asset_tv_model")
    raw = tf.constant([["a c zz"], ["b b"]])
    tf.saved_model.save(model, tmp_path / "tv")
    sig = tf.saved_model.load(tmp_path / "tv").signatures["serving_default"]
    assert list(sig.structured_input_signature[1]) == ["inputs"]
    out = sig(inputs=raw)["output_0"].numpy()
    # vocabulary: '', [UNK], a, b, c (by frequency)
    np.testing.assert_array_equal(out, [[2, 4, 1, 0, 0], [3, 3, 0, 0, 0]])
    np.testing.assert_array_equal(out, model(raw).numpy())


class Counts(tf.Module):
    def __init__(self):
        super().__init__()
        self.words = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, 0)
        self.words.insert(tf.constant(["x", "y\xff"]), tf.constant([4, 5], tf.int64))
        self.vecs = tf.lookup.experimental.MutableHashTable(tf.int32, tf.float64, [-1.0, -1.0])
        self.vecs.insert(tf.constant([7]), tf.constant([[0.25, 1e300]], tf.float64))

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def bump(self, keys):
        self.words.insert(keys, self.words.lookup(keys) + 1)
        return self.words.lookup(keys)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def vec(self, keys):
        return self.vecs.lookup(keys)


def test_tracing_with_a_signature_leaves_a_mutable_table_alone():
    m = Counts()
    m.bump.get_concrete_function()
    assert int(m.words.size().numpy()) == 2  # no stand-in key inserted by the trace
    np.testing.assert_array_equal(m.bump(tf.constant(["x", "new"])).numpy(), [5, 1])
    assert int(m.words.size().numpy()) == 3


def test_mutable_tables_saved_with_their_contents_fresh_process(tmp_path):
    m = Counts()
    tf.saved_model.save(m, tmp_path / "counts")
    m.words.insert(tf.constant(["later"]), tf.constant([1], tf.int64))  # not saved
    code = (f"import json, fluxion as tf\n"
            f"m = tf.saved_model.load({str(tmp_path / 'counts')!r})\n"
            f"a = m.bump(tf.constant(['x', 'y\\xff', 'later']))\n"
            f"b = m.bump(tf.constant(['x']))\n"
            f"v = m.vec(tf.constant([7, 8], tf.int32))\n"
            f"print(json.dumps([a.numpy().tolist(), b.numpy().tolist(), "
            f"v.numpy().tolist(), v.dtype.name]))")
    first, second, vec, dtype = _run_fresh(code)
    assert first == [5, 6, 1] and second == [6]
    assert vec == [[0.25, 1e300], [-1.0, -1.0]] and dtype == "float64"
    loaded = tf.saved_model.load(tmp_path / "counts")  # this process: a table of its own
    np.testing.assert_array_equal(loaded.bump(tf.constant(["x"])).numpy(), [5])
    np.testing.assert_array_equal(m.words.lookup(tf.constant(["x"])).numpy(), [4])


def test_loaded_tables_are_released_with_the_loaded_functions(tmp_path):
    import gc

    from fluxion.lookup import _ops

    tf.saved_model.save(Counts(), tmp_path / "counts")
    before = set(_ops._MUTABLE)
    fn = tf.saved_model.load(tmp_path / "counts").vec  # the loaded object itself is gone
    gc.collect()
    assert len(set(_ops._MUTABLE) - before) == 2  # its functions keep both tables
    np.testing.assert_array_equal(fn(tf.constant([7], tf.int32)).numpy(), [[0.25, 1e300]])
    del fn
    gc.collect()
    assert not set(_ops._MUTABLE) - before
