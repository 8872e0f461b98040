"""tf.io.gfile against the local file system and TF's error classes."""
import os

import pytest

from fluxion import errors
from fluxion.io import gfile


def test_write_read_text_and_binary(tmp_path):
    path = tmp_path / "a.txt"
    with gfile.GFile(path, "w") as f:
        f.write("hello\n")
        f.write("world\n")
        assert not path.exists()  # written whole on close, never half
    assert path.read_bytes() == b"hello\nworld\n"
    with gfile.GFile(str(path)) as f:
        assert f.read() == "hello\nworld\n" and f.size() == 12
    with gfile.GFile(path, "rb") as f:
        assert f.readline() == b"hello\n" and f.tell() == 6
    with gfile.GFile(path) as f:
        assert list(f) == ["hello\n", "world\n"]
    with gfile.GFile(path, "a") as f:
        f.write("!")
    with gfile.GFile(path) as f:
        assert f.readlines() == ["hello\n", "world\n", "!"]
    assert [p for p in os.listdir(tmp_path)] == ["a.txt"]  # no temporary files left


def test_listing_stat_walk_and_glob(tmp_path):
    gfile.makedirs(tmp_path / "x" / "y")
    gfile.mkdir(tmp_path / "x")  # an existing folder is fine, as in TF
    (tmp_path / "x" / "f.csv").write_text("1,2")
    assert sorted(gfile.listdir(tmp_path)) == ["x"]
    assert gfile.isdir(tmp_path / "x") and not gfile.isdir(tmp_path / "x" / "f.csv")
    assert gfile.exists(tmp_path / "x" / "f.csv") and not gfile.exists(tmp_path / "nope")
    assert gfile.glob(str(tmp_path / "x" / "*.csv")) == [str(tmp_path / "x" / "f.csv")]
    info = gfile.stat(tmp_path / "x" / "f.csv")
    assert info.length == 3 and not info.is_directory
    walked = list(gfile.walk(str(tmp_path)))
    assert walked[0] == (str(tmp_path), ["x"], [])
    assert gfile.join("a", "b") == os.path.join("a", "b")


def test_copy_rename_remove_and_their_errors(tmp_path):
    src, dst = tmp_path / "a", tmp_path / "b"
    src.write_bytes(b"data")
    gfile.copy(src, dst)
    with pytest.raises(errors.AlreadyExistsError):
        gfile.copy(src, dst)
    gfile.copy(src, dst, overwrite=True)
    gfile.rename(dst, tmp_path / "c")
    assert (tmp_path / "c").read_bytes() == b"data" and not dst.exists()
    with pytest.raises(errors.AlreadyExistsError):
        gfile.rename(src, tmp_path / "c")
    gfile.remove(src)
    for call in (lambda: gfile.remove(src), lambda: gfile.GFile(src).read(),
                 lambda: gfile.listdir(tmp_path / "nope"), lambda: gfile.stat(src),
                 lambda: gfile.rmtree(tmp_path / "nope")):
        with pytest.raises(errors.NotFoundError):
            call()
    gfile.makedirs(tmp_path / "t" / "u")
    gfile.rmtree(tmp_path / "t")
    assert not gfile.exists(tmp_path / "t")
