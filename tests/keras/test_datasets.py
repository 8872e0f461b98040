"""tf.keras.datasets and tf.keras.utils.get_file, offline: tiny files in each dataset's exact
format are placed in a fake KERAS_HOME cache (with the module's expected hash patched to theirs)
or served by a fake downloader; results are checked against Keras' algorithms written here.
Also: hash checks, caching, atomic downloads, archive path-traversal / link refusal, and the
restricted pickle reader refusing malicious files."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import pickle
import shutil
import struct
import tarfile
import urllib.error
import zipfile

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.datasets import (_safe_pickle, boston_housing, california_housing, cifar10,
                                    cifar100, fashion_mnist, imdb, mnist, reuters)
from fluxion.keras.datasets.cifar import load_batch
from fluxion.keras.utils import file_utils

RNG = np.random.default_rng(7)


# ---------------------------------------------------------------- offline cache helpers

@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """A fresh KERAS_HOME per test, and any attempt to reach the network fails the test."""
    def no_network(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[:1]}")
    monkeypatch.setattr(file_utils, "urlretrieve", no_network)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))


def datasets_dir(tmp_path):
    return tmp_path / "keras_home" / "datasets"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def place(tmp_path, name: str, data: bytes, subdir: str = "datasets"):
    target = tmp_path / "keras_home" / subdir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def place_for(monkeypatch, tmp_path, module, name, data, hash_attr="_FILE_HASH"):
    """Puts `data` in the cache as `name` and makes `module` expect its sha256."""
    monkeypatch.setattr(module, hash_attr, sha256(data))
    return place(tmp_path, name, data)


class FakeDownloader:
    """Serves `files` {origin: bytes} like urlretrieve and records each call."""

    def __init__(self, files):
        self.files, self.calls = files, []

    def __call__(self, origin, filename, reporthook=None):
        self.calls.append((origin, filename))
        if origin not in self.files:
            raise urllib.error.HTTPError(origin, 404, "Not Found", None, None)
        with open(filename, "wb") as f:
            f.write(self.files[origin])
        if reporthook is not None:
            reporthook(1, len(self.files[origin]), len(self.files[origin]))
        return filename, None


def serve(monkeypatch, files):
    fake = FakeDownloader(files)
    monkeypatch.setattr(file_utils, "urlretrieve", fake)
    return fake


# ---------------------------------------------------------------- file builders

def npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def ragged(seqs) -> np.ndarray:
    out = np.empty(len(seqs), dtype=object)
    for i, s in enumerate(seqs):
        out[i] = list(s)
    return out


class Py2Pickler(pickle._Pickler):
    """Writes str and bytes as Python 2 byte strings (BINSTRING), as in the real CIFAR files."""

    dispatch = dict(pickle._Pickler.dispatch)  # noqa: RUF012 - pickle's own layout

    def save_py2_string(self, obj):
        data = obj.encode("latin1") if isinstance(obj, str) else obj
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[str] = save_py2_string
    dispatch[bytes] = save_py2_string


def py2_pickle(obj) -> bytes:
    buf = io.BytesIO()
    Py2Pickler(buf, protocol=2).dump(obj)
    # Python 2's NumPy lived in numpy.core
    return buf.getvalue().replace(b"cnumpy._core.multiarray\n", b"cnumpy.core.multiarray\n")


def tar_gz(members: dict) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zip_bytes(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def cifar_batch(n, label_keys=("labels",), seed=0):
    rng = np.random.default_rng(seed)
    batch = {"batch_label": "training batch", "data": rng.integers(0, 256, (n, 3072), np.uint8),
             "filenames": [f"img_{i}.png" for i in range(n)]}
    for key in label_keys:
        batch[key] = [int(v) for v in rng.integers(0, 100 if "fine" in key else 10, n)]
    return batch


# ---------------------------------------------------------------- image datasets

def test_mnist_from_cache(monkeypatch, tmp_path):
    arrays = {"x_train": RNG.integers(0, 256, (6, 28, 28), np.uint8),
              "y_train": RNG.integers(0, 10, 6).astype(np.uint8),
              "x_test": RNG.integers(0, 256, (3, 28, 28), np.uint8),
              "y_test": RNG.integers(0, 10, 3).astype(np.uint8)}
    place_for(monkeypatch, tmp_path, mnist, "my_mnist.npz", npz_bytes(**arrays))
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data(path="my_mnist.npz")
    for got, name in [(x_train, "x_train"), (y_train, "y_train"), (x_test, "x_test"),
                      (y_test, "y_test")]:
        assert got.dtype == np.uint8 and got.shape == arrays[name].shape
        np.testing.assert_array_equal(got, arrays[name])


def test_mnist_downloads_once_with_the_keras_url(monkeypatch, tmp_path):
    data = npz_bytes(x_train=np.zeros((1, 28, 28), np.uint8), y_train=np.zeros(1, np.uint8),
                     x_test=np.zeros((1, 28, 28), np.uint8), y_test=np.zeros(1, np.uint8))
    monkeypatch.setattr(mnist, "_FILE_HASH", sha256(data))
    url = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    fake = serve(monkeypatch, {url: data})
    mnist.load_data()
    mnist.load_data()
    assert len(fake.calls) == 1
    assert (datasets_dir(tmp_path) / "mnist.npz").read_bytes() == data


def test_fashion_mnist_idx_files(monkeypatch, tmp_path):
    x_train = RNG.integers(0, 256, (4, 28, 28), np.uint8)
    x_test = RNG.integers(0, 256, (2, 28, 28), np.uint8)
    y_train, y_test = np.array([9, 0, 3, 1], np.uint8), np.array([2, 7], np.uint8)
    files = {"train-labels-idx1-ubyte.gz": struct.pack(">II", 2049, 4) + y_train.tobytes(),
             "train-images-idx3-ubyte.gz": struct.pack(">IIII", 2051, 4, 28, 28)
             + x_train.tobytes(),
             "t10k-labels-idx1-ubyte.gz": struct.pack(">II", 2049, 2) + y_test.tobytes(),
             "t10k-images-idx3-ubyte.gz": struct.pack(">IIII", 2051, 2, 28, 28)
             + x_test.tobytes()}
    base = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    fake = serve(monkeypatch, {base + k: gzip.compress(v) for k, v in files.items()})
    (a, b), (c, d) = fashion_mnist.load_data()
    for got, want in [(a, x_train), (b, y_train), (c, x_test), (d, y_test)]:
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, want)
    assert sorted(os.listdir(datasets_dir(tmp_path) / "fashion-mnist")) == sorted(files)
    fashion_mnist.load_data()
    assert len(fake.calls) == 4


def _cifar_archive(folder, batches):
    return tar_gz({f"{folder}/{name}": py2_pickle(b) for name, b in batches.items()})


def _check_cifar_images(x, batches, channels_last=True):
    data = np.concatenate([b["data"] for b in batches]).reshape(-1, 3, 32, 32)
    want = data.transpose(0, 2, 3, 1) if channels_last else data
    assert x.dtype == np.uint8 and x.shape == want.shape
    np.testing.assert_array_equal(x, want)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cifar10_from_python2_pickle_batches(monkeypatch, tmp_path, data_format):
    train = [cifar_batch(3, seed=i) for i in range(5)]
    test = cifar_batch(2, seed=9)
    batches = {f"data_batch_{i + 1}": b for i, b in enumerate(train)} | {"test_batch": test}
    archive = _cifar_archive("cifar-10-batches-py", batches)
    place_for(monkeypatch, tmp_path, cifar10, "cifar-10-batches-py-target_archive", archive)
    previous = backend.image_data_format()
    backend.set_image_data_format(data_format)
    try:
        (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    finally:
        backend.set_image_data_format(previous)
    last = data_format == "channels_last"
    _check_cifar_images(x_train, train, last)
    _check_cifar_images(x_test, [test], last)
    assert y_train.dtype == y_test.dtype == np.uint8
    assert y_train.shape == (15, 1) and y_test.shape == (2, 1)
    np.testing.assert_array_equal(y_train[:, 0], [v for b in train for v in b["labels"]])
    np.testing.assert_array_equal(y_test[:, 0], test["labels"])
    assert (datasets_dir(tmp_path) / "cifar-10-batches-py-target" / "cifar-10-batches-py"
            / "test_batch").is_file()
    # a second load re-extracts over the first extraction, as Keras does (no download)
    (x_again, _), _ = cifar10.load_data()
    np.testing.assert_array_equal(x_again, x_train if last else x_train.transpose(0, 2, 3, 1))


@pytest.mark.parametrize("label_mode", ["fine", "coarse"])
def test_cifar100_label_modes(monkeypatch, tmp_path, label_mode):
    keys = ("fine_labels", "coarse_labels")
    train, test = cifar_batch(4, keys, seed=1), cifar_batch(3, keys, seed=2)
    archive = _cifar_archive("cifar-100-python", {"train": train, "test": test})
    place_for(monkeypatch, tmp_path, cifar100, "cifar-100-python-target_archive", archive)
    (x_train, y_train), (x_test, y_test) = cifar100.load_data(label_mode=label_mode)
    _check_cifar_images(x_train, [train])
    _check_cifar_images(x_test, [test])
    assert y_train.dtype == y_test.dtype == np.int64  # Keras reshapes the label lists
    assert y_train.shape == (4, 1) and y_test.shape == (3, 1)
    np.testing.assert_array_equal(y_test[:, 0], test[f"{label_mode}_labels"])


def test_cifar100_rejects_unknown_label_mode():
    with pytest.raises(ValueError, match="label_mode"):
        cifar100.load_data(label_mode="medium")


def test_cifar_batch_written_by_python3_pickle(tmp_path):
    """Python 3 writes bytes at protocol 2 through `_codecs.encode`: accepted (latin-1 only)."""
    batch = {k.encode(): v for k, v in cifar_batch(2).items()}
    path = tmp_path / "batch"
    path.write_bytes(pickle.dumps(batch, protocol=2))
    data, labels = load_batch(str(path))
    np.testing.assert_array_equal(data, batch[b"data"].reshape(2, 3, 32, 32))
    assert labels == batch[b"labels"]


# ---------------------------------------------------------------- imdb and reuters

def keras_sequences(xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from):
    """Keras' preprocessing after the shuffle, written out with explicit loops."""
    out_x, out_y = [], []
    for x, y in zip(xs, labels):
        seq = ([start_char] if start_char is not None else []) + [w + index_from for w in x]
        if maxlen and not len(seq) < maxlen:
            continue
        out_x.append(seq)
        out_y.append(y)
    return out_x, out_y


def keras_vocab(xs, num_words, skip_top, oov_char):
    limit = num_words or max(max(x) for x in xs)
    kept = []
    for x in xs:
        seq = []
        for w in x:
            if skip_top <= w < limit:
                seq.append(w)
            elif oov_char is not None:
                seq.append(oov_char)
        kept.append(seq)
    return kept


def _imdb_fixture():
    train = [list(RNG.integers(1, 40, RNG.integers(1, 12))) for _ in range(9)]
    test = [list(RNG.integers(1, 40, RNG.integers(1, 12))) for _ in range(6)]
    train = [[int(w) for w in s] for s in train]
    test = [[int(w) for w in s] for s in test]
    return {"x_train": ragged(train), "y_train": RNG.integers(0, 2, 9),
            "x_test": ragged(test), "y_test": RNG.integers(0, 2, 6)}


IMDB_SETTINGS = [
    {},
    {"num_words": 20, "skip_top": 5},
    {"num_words": 25, "maxlen": 9, "seed": 3},
    {"start_char": None, "index_from": 0, "oov_char": None, "skip_top": 2},
    {"start_char": None, "index_from": 5, "num_words": 30, "oov_char": 7},
    {"index_from": 0, "num_words": 10, "oov_char": None},
]


@pytest.mark.parametrize("settings", IMDB_SETTINGS)
def test_imdb_matches_keras_algorithm(monkeypatch, tmp_path, settings):
    arrays = _imdb_fixture()
    place_for(monkeypatch, tmp_path, imdb, "imdb.npz", npz_bytes(**arrays))
    with pytest.raises(ValueError, match="Object arrays cannot be loaded"):
        np.load(datasets_dir(tmp_path) / "imdb.npz", allow_pickle=False)["x_train"]
    (x_train, y_train), (x_test, y_test) = imdb.load_data(**settings)

    p = {"num_words": None, "skip_top": 0, "maxlen": None, "seed": 113, "start_char": 1,
         "oov_char": 2, "index_from": 3} | settings
    rng = np.random.RandomState(p["seed"])
    splits = []
    for x, y in [(arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])]:
        order = np.arange(len(x))
        rng.shuffle(order)
        splits.append(keras_sequences(x[order], y[order], p["num_words"], p["skip_top"],
                                      p["maxlen"], p["start_char"], p["oov_char"],
                                      p["index_from"]))
    seqs = keras_vocab(splits[0][0] + splits[1][0], p["num_words"], p["skip_top"],
                       p["oov_char"])
    n = len(splits[0][0])
    assert x_train.dtype == x_test.dtype == object
    assert [list(s) for s in x_train] == seqs[:n] and [list(s) for s in x_test] == seqs[n:]
    assert all(type(w) is int for s in x_train for w in s)
    assert y_train.dtype == np.int64
    assert list(y_train) == list(splits[0][1]) and list(y_test) == list(splits[1][1])


def test_imdb_maxlen_that_keeps_nothing(monkeypatch, tmp_path):
    place_for(monkeypatch, tmp_path, imdb, "imdb.npz", npz_bytes(**_imdb_fixture()))
    with pytest.raises(ValueError, match="Increase maxlen"):
        imdb.load_data(maxlen=1)


def test_imdb_equal_lengths_give_a_2d_object_array(monkeypatch, tmp_path):
    """np.array(list of equal-length lists, dtype=object) is 2-D, in Keras too."""
    arrays = {"x_train": ragged([[1, 2], [3, 4]]), "y_train": np.array([0, 1]),
              "x_test": ragged([[5, 6]]), "y_test": np.array([1])}
    place_for(monkeypatch, tmp_path, imdb, "imdb.npz", npz_bytes(**arrays))
    (x_train, _), (x_test, _) = imdb.load_data()
    assert x_train.shape == (2, 3) and x_test.shape == (1, 3) and x_train.dtype == object


@pytest.mark.parametrize("settings", [{}, {"test_split": 0.5, "seed": 1, "num_words": 15},
                                      {"maxlen": 8, "skip_top": 4, "oov_char": None}])
def test_reuters_matches_keras_algorithm(monkeypatch, tmp_path, settings):
    xs = ragged([[int(w) for w in RNG.integers(1, 30, RNG.integers(1, 10))] for _ in range(11)])
    ys = RNG.integers(0, 46, 11)
    place_for(monkeypatch, tmp_path, reuters, "reuters.npz", npz_bytes(x=xs, y=ys))
    (x_train, y_train), (x_test, y_test) = reuters.load_data(**settings)

    p = {"num_words": None, "skip_top": 0, "maxlen": None, "test_split": 0.2, "seed": 113,
         "oov_char": 2} | settings
    order = np.arange(11)
    np.random.RandomState(p["seed"]).shuffle(order)
    seqs, labels = keras_sequences(xs[order], ys[order], p["num_words"], p["skip_top"],
                                   p["maxlen"], 1, p["oov_char"], 3)
    seqs = keras_vocab(seqs, p["num_words"], p["skip_top"], p["oov_char"])
    idx = int(len(seqs) * (1 - p["test_split"]))
    assert [list(s) for s in x_train] == seqs[:idx] and [list(s) for s in x_test] == seqs[idx:]
    assert list(y_train) == labels[:idx] and list(y_test) == labels[idx:]
    assert x_train.dtype == object and y_train.dtype == np.int64


def test_word_indices_and_label_names(monkeypatch, tmp_path):
    for module, name in [(imdb, "imdb_word_index.json"), (reuters, "reuters_word_index.json")]:
        data = json.dumps({"the": 1, "and": 2}).encode()
        monkeypatch.setattr(module, "_WORD_INDEX_HASH", hashlib.md5(data).hexdigest())
        place(tmp_path, name, data)
        assert module.get_word_index() == {"the": 1, "and": 2}
    names = reuters.get_label_names()
    assert len(names) == 46 and names[:3] == ("cocoa", "grain", "veg-oil")
    assert names[-1] == "lead"


# ---------------------------------------------------------------- housing

def keras_split(x, y, test_split, seed):
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    n = int(len(x) * (1 - test_split))
    return (x[:n], y[:n]), (x[n:], y[n:])


@pytest.mark.parametrize("test_split,seed", [(0.2, 113), (0.35, 5), (0.0, 1)])
def test_boston_housing_split(monkeypatch, tmp_path, test_split, seed):
    x, y = RNG.normal(size=(21, 13)), RNG.uniform(10, 50, 21)
    place_for(monkeypatch, tmp_path, boston_housing, "boston_housing.npz", npz_bytes(x=x, y=y))
    got = boston_housing.load_data(test_split=test_split, seed=seed)
    want = keras_split(x, y, test_split, seed)
    for g, w in zip(got[0] + got[1], want[0] + want[1]):
        assert g.dtype == np.float64 and g.shape == w.shape
        np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("version,n", [("large", 650), ("small", 600)])
def test_california_housing_versions(monkeypatch, tmp_path, version, n):
    x = RNG.normal(size=(650, 8)).astype(np.float32)
    y = RNG.uniform(2e4, 5e5, 650).astype(np.float32)
    place_for(monkeypatch, tmp_path, california_housing, "california_housing.npz",
              npz_bytes(x=x, y=y))
    got = california_housing.load_data(version=version, test_split=0.25, seed=4)
    want = keras_split(x[:n], y[:n], 0.25, 4)
    assert got[0][0].shape == (int(n * 0.75), 8) and got[0][0].dtype == np.float32
    for g, w in zip(got[0] + got[1], want[0] + want[1]):
        np.testing.assert_array_equal(g, w)


def test_housing_argument_errors():
    with pytest.raises(ValueError, match="test_split"):
        boston_housing.load_data(test_split=1.0)
    with pytest.raises(ValueError, match="test_split"):
        california_housing.load_data(test_split=-0.1)
    with pytest.raises(ValueError, match="version"):
        california_housing.load_data(version="medium")


# ---------------------------------------------------------------- get_file

URL = "https://example.com/files/data.bin"


def test_get_file_caches_and_checks_hashes(monkeypatch, tmp_path):
    data = b"some bytes"
    fake = serve(monkeypatch, {URL: data})
    path = tf.keras.utils.get_file("data.bin", URL, file_hash=sha256(data))
    assert path == str(datasets_dir(tmp_path) / "data.bin")
    assert tf.keras.utils.get_file(origin=URL, file_hash=sha256(data)) == path
    tf.keras.utils.get_file("data.bin", URL, md5_hash=hashlib.md5(data).hexdigest())
    tf.keras.utils.get_file("data.bin", URL, file_hash=hashlib.md5(data).hexdigest(),
                            hash_algorithm="md5")
    assert len(fake.calls) == 1  # every later call found a good cached copy
    # the download went to a temporary file beside the target, then was renamed
    partial = fake.calls[0][1]
    assert os.path.dirname(partial) == os.path.dirname(path) and partial != path
    assert os.listdir(datasets_dir(tmp_path)) == ["data.bin"]

    tf.keras.utils.get_file("data.bin", URL, force_download=True)
    assert len(fake.calls) == 2
    (datasets_dir(tmp_path) / "data.bin").write_bytes(b"stale")
    tf.keras.utils.get_file("data.bin", URL, file_hash=sha256(data))  # mismatch: fetch again
    assert len(fake.calls) == 3 and (datasets_dir(tmp_path) / "data.bin").read_bytes() == data


def test_get_file_rejects_a_corrupted_download(monkeypatch, tmp_path):
    serve(monkeypatch, {URL: b"tampered"})
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        tf.keras.utils.get_file("data.bin", URL, file_hash=sha256(b"original"))
    assert os.listdir(datasets_dir(tmp_path)) == []  # neither the target nor a partial file
    place(tmp_path, "data.bin", b"original")
    with pytest.raises(ValueError, match="md5"):
        tf.keras.utils.get_file("data.bin", URL, md5_hash="0" * 32, force_download=True)
    assert (datasets_dir(tmp_path) / "data.bin").read_bytes() == b"original"


def test_get_file_interrupted_download_leaves_cache_untouched(monkeypatch, tmp_path):
    place(tmp_path, "data.bin", b"good copy")

    def broken(origin, filename, reporthook=None):
        with open(filename, "wb") as f:
            f.write(b"half")
        raise urllib.error.URLError("connection reset")
    monkeypatch.setattr(file_utils, "urlretrieve", broken)
    with pytest.raises(Exception, match="URL fetch failure on .*connection reset"):
        tf.keras.utils.get_file("data.bin", URL, force_download=True)
    assert os.listdir(datasets_dir(tmp_path)) == ["data.bin"]
    assert (datasets_dir(tmp_path) / "data.bin").read_bytes() == b"good copy"
    serve(monkeypatch, {})
    with pytest.raises(Exception, match="URL fetch failure on .*: 404 -- Not Found"):
        tf.keras.utils.get_file("other.bin", URL + "x")


def test_get_file_locations_and_argument_errors(monkeypatch, tmp_path):
    serve(monkeypatch, {URL: b"x"})
    cache = tmp_path / "cache"
    cache.mkdir()
    assert tf.keras.utils.get_file("a.bin", URL, cache_dir=str(cache)) == \
        str(cache / "datasets" / "a.bin")
    absolute = tmp_path / "elsewhere"
    assert tf.keras.utils.get_file("a.bin", URL, cache_subdir=str(absolute)) == \
        str(absolute / "a.bin")
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert tf.keras.utils.get_file("a.bin", URL) == \
        str(tmp_path / "home" / ".keras" / "datasets" / "a.bin")
    with pytest.raises(ValueError, match="origin"):
        tf.keras.utils.get_file("a.bin")
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        tf.keras.utils.get_file("sub/a.bin", URL)
    with pytest.raises(ValueError, match="Can't parse the file name"):
        tf.keras.utils.get_file(origin="https://example.com/")


def test_get_file_extracts_archives(monkeypatch, tmp_path):
    tgz = tar_gz({"folder/a.txt": b"A", "folder/sub/b.txt": b"B"})
    zipped = zip_bytes({"folder/a.txt": b"A", "c.txt": b"C"})
    serve(monkeypatch, {"https://x.org/pack.tar.gz": tgz, "https://x.org/pack.zip": zipped,
                        "https://x.org/more.tgz": tgz})
    home = datasets_dir(tmp_path)
    path = tf.keras.utils.get_file("pack.tar.gz", "https://x.org/pack.tar.gz", extract=True)
    assert path == str(home / "pack_extracted")
    assert (home / "pack_extracted" / "folder" / "sub" / "b.txt").read_bytes() == b"B"
    assert (home / "pack.tar.gz").is_file()
    path = tf.keras.utils.get_file("bundle", "https://x.org/pack.zip", extract=True)
    assert path == str(home / "bundle") and (home / "bundle_archive").is_file()
    assert (home / "bundle" / "c.txt").read_bytes() == b"C"
    path = tf.keras.utils.get_file(origin="https://x.org/more.tgz", untar=True)
    assert path == str(home / "more.tgz") and (home / "more.tgz_archive").is_file()
    assert (home / "more.tgz" / "folder" / "a.txt").read_bytes() == b"A"
    with pytest.warns(UserWarning, match="Could not extract archive"):
        tf.keras.utils.get_file("plain", "https://x.org/pack.zip", extract=True,
                                archive_format="tar")


def _tar_with(info: tarfile.TarInfo, data: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        ok = tarfile.TarInfo("fine.txt")
        ok.size = 2
        tar.addfile(ok, io.BytesIO(b"ok"))
        info.size = len(data) if info.isreg() else 0
        tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return buf.getvalue()


def _link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


@pytest.mark.parametrize("member", [
    tarfile.TarInfo("../evil.txt"), tarfile.TarInfo("dir/../../evil.txt"),
    tarfile.TarInfo("/tmp/evil_absolute.txt"),
    _link("inside", "fine.txt"),  # even a link that stays inside is refused
    _link("out", "../../evil.txt"), _link("hard", "/etc/passwd", tarfile.LNKTYPE),
    _link("fifo", "", tarfile.FIFOTYPE)], ids=lambda m: m.name)
def test_extraction_refuses_unsafe_tar_members(monkeypatch, tmp_path, member):
    serve(monkeypatch, {"https://x.org/bad.tar.gz": _tar_with(member, b"evil")})
    with pytest.raises(ValueError, match=f"member '{member.name}' is unsafe"):
        tf.keras.utils.get_file("bad", "https://x.org/bad.tar.gz", extract=True)
    # nothing was written: not the safe member either
    assert not (datasets_dir(tmp_path) / "bad").exists()
    assert not (datasets_dir(tmp_path) / "evil.txt").exists()
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("name,mode", [("../evil.txt", 0o100644), ("a/../../evil.txt", 0o100644),
                                       ("link", 0o120777)])
def test_extraction_refuses_unsafe_zip_members(tmp_path, name, mode):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(name)
        info.external_attr = mode << 16
        zf.writestr(info, b"evil")
    archive = tmp_path / "bad.zip"
    archive.write_bytes(buf.getvalue())
    with pytest.raises(ValueError, match="is unsafe"):
        file_utils.extract_archive(str(archive), str(tmp_path / "out"))
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil.txt").exists()


def test_download_progress_hook_draws_a_bar(monkeypatch, capsys):
    serve(monkeypatch, {URL: b"0123456789"})
    tf.keras.utils.get_file("data.bin", URL)
    out = capsys.readouterr().out
    assert f"Downloading data from {URL}" in out and "10/10" in out


# ---------------------------------------------------------------- the restricted reader

class Exploit:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_malicious_cifar_batch_is_refused(monkeypatch, tmp_path):
    marker = tmp_path / "pwned"
    batch = cifar_batch(1)
    batch["data"] = Exploit(marker)
    archive = _cifar_archive("cifar-100-python", {"train": batch, "test": batch})
    place_for(monkeypatch, tmp_path, cifar100, "cifar-100-python-target_archive", archive)
    with pytest.raises(pickle.UnpicklingError, match="references `posix.system`"):
        cifar100.load_data()
    assert not marker.exists()


def test_malicious_imdb_npz_is_refused(monkeypatch, tmp_path):
    marker = tmp_path / "pwned"
    evil = np.empty(1, dtype=object)
    evil[0] = Exploit(marker)
    data = npz_bytes(x_train=evil, y_train=np.zeros(1, np.int64), x_test=evil,
                     y_test=np.zeros(1, np.int64))
    place_for(monkeypatch, tmp_path, imdb, "imdb.npz", data)
    with pytest.raises(pickle.UnpicklingError, match="system"):
        imdb.load_data()
    assert not marker.exists()


def _load(data: bytes, encoding="ASCII"):
    return _safe_pickle.load_pickle(io.BytesIO(data), encoding=encoding)


@pytest.mark.parametrize("payload", [
    pickle.dumps(eval), pickle.dumps(shutil.rmtree), pickle.dumps(np.load),
    pickle.dumps({"x": np.array([(1, 2.0)], dtype="i4,f8")}),  # structured dtype
    pickle.dumps(np.array(["a"], dtype="U1")),  # string dtype: not in dataset files
    pickle.dumps([[np.arange(3)]]),  # an array nested where dataset files have none
    b"\x80\x02cnumpy\nndarray\n}b.",  # BUILD trying to modify a stand-in
    b"\x80\x02cnumpy\nndarray\n)R.",  # calling numpy.ndarray directly
    b"\x80\x02c_codecs\nencode\nX\x01\x00\x00\x00aX\x05\x00\x00\x00utf16\x86R.",
], ids=["eval", "rmtree", "np.load", "structured", "unicode", "nested", "build", "ndarray",
        "codecs-utf16"])
def test_restricted_reader_refuses(payload):
    with pytest.raises(pickle.UnpicklingError, match="Refusing to load"):
        _load(payload)


def test_restricted_reader_rebuilds_arrays_exactly():
    values = {"u8": np.arange(12, dtype=np.uint8).reshape(3, 4), "big": np.arange(5, dtype=">i4"),
              "fortran": np.asfortranarray(RNG.normal(size=(2, 3))),
              "bool": np.array([True, False]), "complex": np.array([1 + 2j], np.complex64),
              "scalar": np.int64(-3), "empty": np.zeros((0, 4), np.float32),
              "objects": ragged([[1, 2], [3]]), "plain": [1, "two", b"3", 4.5, None]}
    for data in (pickle.dumps(values, protocol=2), pickle.dumps(values, protocol=4),
                 py2_pickle(values)):
        got = _load(data, encoding="bytes")
        got = {k.decode() if isinstance(k, bytes) else k: v for k, v in got.items()}
        for key, want in values.items():
            if isinstance(want, np.ndarray):
                assert got[key].dtype == want.dtype and got[key].shape == want.shape, key
                assert got[key].flags.writeable
                if want.dtype != object:
                    np.testing.assert_array_equal(got[key], want)
                else:
                    assert [list(s) for s in got[key]] == [list(s) for s in want]
            elif key != "plain":
                assert got[key] == want and type(got[key]) is type(want)
        assert got["fortran"].flags.f_contiguous
        assert got["plain"][0] == 1 and got["plain"][3] == 4.5


def test_load_npz_reads_numeric_members_without_pickle(tmp_path):
    path = tmp_path / "mixed.npz"
    path.write_bytes(npz_bytes(a=np.arange(4, dtype=np.int16), b=ragged([[1], [2, 3]])))
    arrays = _safe_pickle.load_npz(str(path))
    assert arrays["a"].dtype == np.int16 and list(arrays["a"]) == [0, 1, 2, 3]
    assert arrays["b"].dtype == object and [list(s) for s in arrays["b"]] == [[1], [2, 3]]


def test_namespace():
    assert sorted(tf.keras.datasets.__all__) == [
        "boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist", "imdb",
        "mnist", "reuters"]
    assert tf.keras.utils.get_file is file_utils.get_file
    assert tf.keras.datasets.imdb.load_data is imdb.load_data
