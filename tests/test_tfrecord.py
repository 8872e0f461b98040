"""TFRecord files: CRC-32C, byte-exact writing against TensorFlow's files, lazy CRC-checked
reading, and DataLossError on corruption (fixtures: tools/make_tfrecord_fixtures.py)."""
from __future__ import annotations

import gc
import json
import os
import pathlib
import zlib

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from fluxion.io import crc32c
from fluxion.io.tfrecord import TFRecordOptions, TFRecordWriter, iter_records

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "tfrecord"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
RECORDS = [bytes.fromhex(r) for r in EXPECTED["records"]]


def crc_bytewise(data: bytes) -> int:
    """The textbook bit-at-a-time CRC-32C, as an independent reference."""
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


# --- CRC-32C -------------------------------------------------------------------------------
RFC3720 = [(b"", 0), (b"123456789", 0xE3069283), (bytes(32), 0x8A9136AA),
           (b"\xff" * 32, 0x62A8AB43), (bytes(range(32)), 0x46DD794E),
           (bytes(range(31, -1, -1)), 0x113FDB5C)]


@pytest.mark.parametrize("data,expected", RFC3720)
def test_crc32c_known_vectors(data, expected):
    assert crc32c.value_pure(data) == expected
    assert crc32c.value(data) == expected


@pytest.mark.parametrize("n", [1, 7, 8, 9, 100, 2047, 2048, 2049, 4099, 65536, 100_003])
def test_crc32c_pure_matches_bitwise_reference(n):
    data = np.random.default_rng(n).integers(0, 256, n, dtype=np.uint8).tobytes()
    if n <= 4099:
        assert crc32c.value_pure(data) == crc_bytewise(data)
    assert crc32c.value_pure(data) == crc_in_pieces(data)


def crc_in_pieces(data: bytes) -> int:
    # Chunked continuation through the slow path must agree with the one-shot fast path.
    crc = 0
    for start in range(0, len(data), 1000):
        crc = crc32c.value_pure(data[start:start + 1000], crc)
    return crc


def test_crc32c_continuation_and_mask():
    data = b"tfrecord" * 700
    assert crc32c.value_pure(data[5000:], crc32c.value_pure(data[:5000])) == \
        crc32c.value_pure(data)
    for c in (0, 1, 0xFFFFFFFF, 0xE3069283):
        assert crc32c.unmask(crc32c.mask(c)) == c


def test_masked_crcs_match_tensorflow_file():
    data = RECORDS_FILE_PLAIN()
    for start, record in zip(record_offsets(RECORDS), RECORDS):
        length = data[start:start + 8]
        assert int.from_bytes(length, "little") == len(record)
        assert crc32c.masked(length) == int.from_bytes(data[start + 8:start + 12], "little")
        end = start + 12 + len(record)
        assert crc32c.masked(record) == int.from_bytes(data[end:end + 4], "little")


def RECORDS_FILE_PLAIN() -> bytes:
    return (FIXTURES / "plain.tfrecord").read_bytes()


def test_crc32c_large_input_matches_the_piecewise_path():
    # (its speed is measured by benchmarks/data_pipeline.py)
    data = os.urandom(1 << 20)
    assert crc32c.value_pure(data) == crc_in_pieces(data)
    assert crc32c.value_pure(data[1:]) == crc_in_pieces(data[1:])


# --- reading TensorFlow's files ------------------------------------------------------------
@pytest.mark.parametrize("name,kind", sorted(EXPECTED["files"].items()))
def test_reads_tensorflow_files(name, kind):
    assert list(iter_records(FIXTURES / name, kind)) == RECORDS


def test_reader_accepts_options_and_str_paths():
    opts = TFRecordOptions(compression_type="GZIP")
    assert list(iter_records(str(FIXTURES / "gzip.tfrecord"), opts)) == RECORDS
    assert list(iter_records(os.fsencode(FIXTURES / "zlib.tfrecord"), "ZLIB")) == RECORDS


@pytest.mark.parametrize("name,kind", sorted(EXPECTED["files"].items()))
def test_writes_tensorflow_bytes(tmp_path, name, kind):
    path = tmp_path / name
    with tf.io.TFRecordWriter(str(path), options=kind) as w:
        for r in RECORDS:
            w.write(r)
    assert path.read_bytes() == (FIXTURES / name).read_bytes()


def test_flush_matches_tensorflow(tmp_path):
    info = EXPECTED["flushed"]
    path = tmp_path / "f.tfrecord"
    w = tf.io.TFRecordWriter(str(path), tf.io.TFRecordOptions(compression_type="GZIP"))
    for i, r in enumerate(RECORDS[:info["count"]]):
        w.write(r)
        if i == info["flush_after"]:
            w.flush()
    w.close()
    assert path.read_bytes() == (FIXTURES / info["file"]).read_bytes()


def test_flush_makes_records_readable_before_close(tmp_path):
    path = tmp_path / "live.tfrecord"
    w = TFRecordWriter(path)
    w.write(b"one")
    w.flush()
    assert list(iter_records(path)) == [b"one"]
    w.close()


def test_writer_str_bytes_like_and_type_errors(tmp_path):
    path = tmp_path / "s.tfrecord"
    with TFRecordWriter(path) as w:
        w.write("héllo")
        w.write(bytearray(b"ba"))
        w.write(memoryview(b"mv"))
        with pytest.raises(TypeError):
            w.write(tf.constant(b"t"))
        with pytest.raises(TypeError):
            w.write(3)
    assert list(iter_records(path)) == ["héllo".encode(), b"ba", b"mv"]


def test_closed_writer_raises(tmp_path):
    w = TFRecordWriter(tmp_path / "c.tfrecord")
    w.close()
    w.close()  # closing twice is fine
    with pytest.raises(errors.FailedPreconditionError, match="Writer is closed"):
        w.write(b"x")
    with pytest.raises(errors.FailedPreconditionError):
        w.flush()


@pytest.mark.parametrize("kind", ["", "GZIP", "ZLIB"])
def test_unclosed_writer_is_finished_on_garbage_collection(tmp_path, kind):
    path = tmp_path / "gc.tfrecord"
    w = TFRecordWriter(path, kind)
    for r in RECORDS:
        w.write(r)
    del w
    gc.collect()
    assert list(iter_records(path, kind)) == RECORDS


def test_options_validation_and_compression_strings():
    get = TFRecordOptions.get_compression_type_string
    assert get(None) == "" and get("GZIP") == "GZIP" and get(TFRecordOptions("ZLIB")) == "ZLIB"
    with pytest.raises(ValueError, match='Not a valid compression_type: "gzip"'):
        get("gzip")  # TF is case-sensitive
    assert get(tf.io.tfrecord.TFRecordCompressionType.GZIP) == "GZIP"
    with pytest.raises(ValueError, match="Not a valid compression_type"):
        TFRecordWriter("/tmp/never_written.tfrecord", options="BAD")
    with pytest.raises(ValueError):
        list(iter_records(FIXTURES / "plain.tfrecord", "LZ4"))


def test_compression_level_changes_bytes_but_not_records(tmp_path):
    fast, best = tmp_path / "fast", tmp_path / "best"
    for path, level in ((fast, 1), (best, 9)):
        with TFRecordWriter(path, TFRecordOptions("ZLIB", compression_level=level)) as w:
            for r in RECORDS:
                w.write(r)
        assert list(iter_records(path, "ZLIB")) == RECORDS
    assert fast.read_bytes() != best.read_bytes()


def test_missing_file_is_not_found(tmp_path):
    with pytest.raises(errors.NotFoundError, match="No such file"):
        list(iter_records(tmp_path / "absent.tfrecord"))
    with pytest.raises(errors.NotFoundError):
        TFRecordWriter(tmp_path / "no" / "dir" / "x.tfrecord")


def test_concatenated_gzip_members(tmp_path):
    path = tmp_path / "cat.tfrecord.gz"
    one = (FIXTURES / "gzip.tfrecord").read_bytes()
    path.write_bytes(one + one)
    assert list(iter_records(path, "GZIP")) == RECORDS + RECORDS


# --- laziness and corruption ---------------------------------------------------------------
def test_reader_is_lazy(tmp_path):
    path = tmp_path / "big.tfrecord"
    big = [bytes([i]) * (600 << 10) for i in range(3)]
    with TFRecordWriter(path) as w:
        for r in big:
            w.write(r)
    records = iter_records(path)
    assert next(records) == big[0]
    os.truncate(path, (600 << 10) + 16 + 100)  # cut inside the second record
    with pytest.raises(errors.DataLossError, match="truncated record at 614416"):
        next(records)


def record_offsets(records: list) -> list:
    offsets, pos = [], 0
    for r in records:
        offsets.append(pos)
        pos += 16 + len(r)
    return offsets


def corrupt(tmp_path, data: bytes, position: int) -> pathlib.Path:
    path = tmp_path / f"bad_{position}.tfrecord"
    path.write_bytes(data[:position] + bytes([data[position] ^ 0x20]) + data[position + 1:])
    return path


@pytest.mark.parametrize("k", range(len(RECORDS)))
def test_corrupt_header_names_record_offset_and_file(tmp_path, k):
    data = RECORDS_FILE_PLAIN()
    start = record_offsets(RECORDS)[k]
    for position in (start, start + 7, start + 9):  # length bytes and the length CRC
        path = corrupt(tmp_path, data, position)
        got = []
        with pytest.raises(errors.DataLossError) as info:
            for r in iter_records(path):
                got.append(r)  # noqa: PERF402 - keeps the records read before the error
        assert got == RECORDS[:k]
        assert f"corrupted record at {start} " in str(info.value)
        assert str(path) in str(info.value)
        assert ("Is this even a TFRecord file?" in str(info.value)) == (start == 0)


@pytest.mark.parametrize("k", [k for k, r in enumerate(RECORDS) if r])
def test_corrupt_data_or_data_crc_names_data_offset(tmp_path, k):
    data = RECORDS_FILE_PLAIN()
    start = record_offsets(RECORDS)[k]
    for position in (start + 12, start + 12 + len(RECORDS[k]) // 2,
                     start + 12 + len(RECORDS[k]) + 3):
        path = corrupt(tmp_path, data, position)
        with pytest.raises(errors.DataLossError,
                           match=f"corrupted record at {start + 12} in file .*bad_{position}"):
            list(iter_records(path))


@pytest.mark.parametrize("kind", ["", "GZIP", "ZLIB"])
def test_truncation_inside_data_is_data_loss(tmp_path, kind):
    plain = RECORDS_FILE_PLAIN()
    k = len(RECORDS) - 1
    start = record_offsets(RECORDS)[k]
    cut = plain[:start + 12 + 50]
    if kind:
        wbits = 31 if kind == "GZIP" else 15
        c = zlib.compressobj(6, zlib.DEFLATED, wbits, 9)
        data = c.compress(cut) + c.flush()
    else:
        data = cut
    path = tmp_path / "cut.tfrecord"
    path.write_bytes(data)
    got = []
    with pytest.raises(errors.DataLossError, match=f"truncated record at {start}"):
        for r in iter_records(path, kind):
            got.append(r)  # noqa: PERF402 - keeps the records read before the error
    assert got == RECORDS[:k]


def test_partial_header_at_end_is_end_of_file_like_tensorflow(tmp_path):
    plain = RECORDS_FILE_PLAIN()
    path = tmp_path / "tail.tfrecord"
    path.write_bytes(plain + b"\x05\x00\x00")
    assert list(iter_records(path)) == RECORDS


def test_corrupt_length_with_valid_crc_does_not_allocate_it(tmp_path):
    length = (1 << 40).to_bytes(8, "little")
    header = length + crc32c.masked(length).to_bytes(4, "little")
    path = tmp_path / "huge.tfrecord"
    path.write_bytes(header + b"tiny")
    with pytest.raises(errors.DataLossError, match="truncated record at 0"):
        list(iter_records(path))


def test_corrupt_compressed_stream_is_data_loss(tmp_path):
    data = (FIXTURES / "gzip.tfrecord").read_bytes()
    path = tmp_path / "bad.gz"
    path.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    with pytest.raises(errors.DataLossError):
        list(iter_records(path, "GZIP"))
    with pytest.raises(errors.DataLossError, match="inflate"):
        list(iter_records(FIXTURES / "plain.tfrecord", "GZIP"))


def test_empty_file_has_no_records(tmp_path):
    path = tmp_path / "empty.tfrecord"
    path.write_bytes(b"")
    assert list(iter_records(path)) == []
    with TFRecordWriter(tmp_path / "empty.gz", "GZIP"):
        pass
    assert list(iter_records(tmp_path / "empty.gz", "GZIP")) == []
