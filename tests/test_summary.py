"""tf.summary: events files as TF 2.21 writes them (bytes checked against TF's output),
return values, recording state, errors, and writes inside tf.function."""
import glob
import os
import re
import socket

import numpy as np
import pytest

import fluxion as tf
from fluxion.io import _wire
from fluxion.io.tfrecord import tf_record_iterator
from fluxion.summary import _ops


@pytest.fixture(autouse=True)
def _fresh_default_step():
    """The default step is process-wide (as in TF): other tests may have set it."""
    tf.summary.experimental.set_step(None)
    yield
    tf.summary.experimental.set_step(None)


def events_files(logdir) -> list:
    return sorted(glob.glob(os.path.join(str(logdir), "events.out.tfevents.*")))


def raw_records(logdir) -> list:
    (path,) = events_files(logdir)
    return [bytes(r) for r in tf_record_iterator(path)]


def _fields(data) -> dict:
    return {number: value for number, _, value in _wire.iter_fields(data)}


def decode(logdir) -> list:
    """(step, tag, tensor array) of each summary event (the version record left out)."""
    out = []
    for record in raw_records(logdir)[1:]:
        event = _fields(record)
        value = _fields(_fields(event[5])[1])
        tensor = tf.io.parse_tensor(value[8], _dtype(value[8])).numpy()
        out.append((_wire.to_signed64(event.get(2, 0)), value[1].decode(), tensor))
    return out


def _dtype(tensor_proto: bytes):
    return {1: tf.float32, 2: tf.float64, 3: tf.int32, 7: tf.string}[_fields(tensor_proto)[1]]


# --- the file ---------------------------------------------------------------------------------
def test_file_name_and_version_record(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path / "run"))
    (path,) = events_files(tmp_path / "run")  # created at once, with its directory
    w.close()
    name = os.path.basename(path)
    pattern = rf"events\.out\.tfevents\.\d{{10}}\.{re.escape(socket.gethostname())}\." \
              rf"{os.getpid()}\.\d+\.v2"
    assert re.fullmatch(pattern, name)
    (first,) = raw_records(tmp_path / "run")
    assert first[9:] == b'\x1a\rbrain.Event:2R$\n"tensorflow.core.util.events_writer'
    assert float(np.frombuffer(first[1:9], "<f8")[0]).is_integer()  # whole seconds, as TF


def test_file_numbers_count_up_and_suffix(tmp_path):
    a = tf.summary.create_file_writer(str(tmp_path / "a"))
    b = tf.summary.create_file_writer(str(tmp_path / "b"), filename_suffix="zz")
    c = tf.summary.create_file_writer(str(tmp_path / "c"), filename_suffix=".x")
    for w in (a, b, c):
        w.close()
    numbers = [int(os.path.basename(events_files(tmp_path / d)[0]).split(".")[-2])
               for d in "abc"]
    assert numbers[1] == numbers[0] + 1 and numbers[2] == numbers[0] + 2
    assert events_files(tmp_path / "b")[0].endswith(".zz")
    assert events_files(tmp_path / "c")[0].endswith(".x")


def test_scalar_event_bytes_match_tensorflow(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=3):
        assert bool(tf.summary.scalar("loss", 0.5))
        assert bool(tf.summary.scalar("loss", np.float64(2.5), step=4, description="desc"))
    w.close()
    records = raw_records(tmp_path)
    # the bytes TF 2.21 writes for the same calls, after the 9 bytes of wall_time
    assert records[1][9:] == (b'\x10\x03*!\n\x1f\n\x04lossB\n\x08\x01\x12\x00"\x04\x00\x00'
                              b'\x00?J\x0b\n\t\n\x07scalars')
    assert records[2][9:] == (b'\x10\x04*\'\n%\n\x04lossB\n\x08\x01\x12\x00"\x04\x00\x00 @'
                              b'J\x11\n\t\n\x07scalars\x1a\x04desc')


def test_text_and_raw_write_bytes_match_tensorflow(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=3):
        tf.summary.text("t2", ["a", "bb"])
        tf.summary.write("raw", tf.constant([1, 2]))
    w.close()
    records = raw_records(tmp_path)
    assert records[1][9:] == (b'\x10\x03*!\n\x1f\n\x02t2B\x0f\x08\x07\x12\x04\x12\x02\x08\x02'
                              b'B\x01aB\x02bbJ\x08\n\x06\n\x04text')
    assert records[2][9:] == (b'\x10\x03*\x1b\n\x19\n\x03rawB\x12\x08\x03\x12\x04\x12\x02'
                              b'\x08\x02"\x08\x01\x00\x00\x00\x02\x00\x00\x00')


def test_write_metadata_bytes_and_proto(tmp_path):
    class Meta:
        def SerializeToString(self):
            return b"\x12\x02dn"

    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=1):
        tf.summary.write("a", 1.0, metadata=Meta())
        tf.summary.write("b", 1.0, metadata=b"")
    w.close()
    values = [_fields(_fields(_fields(r)[5])[1]) for r in raw_records(tmp_path)[1:]]
    assert values[0][9] == b"\x12\x02dn"
    assert 9 not in values[1]


# --- histograms and images ----------------------------------------------------------------
def test_histogram_buckets_closed_form():
    data = np.array([1.0, 2.0, 3.0, 10.0])
    rows = _ops.histogram_buckets(data, 30)
    assert rows.shape == (30, 3) and rows.dtype == np.float64
    np.testing.assert_allclose(rows[:, 0], 1.0 + 0.3 * np.arange(30))
    assert rows[-1, 1] == 10.0 and rows[0, 0] == 1.0
    np.testing.assert_array_equal(rows[:-1, 1], rows[1:, 0])
    assert rows[:, 2].sum() == 4 and rows[-1, 2] == 1 and rows[0, 2] == 1
    assert rows[3, 2] == 1 and rows[6, 2] == 1  # 2.0 and 3.0: floor((x - 1) / 0.3)


def test_histogram_edge_cases():
    const = _ops.histogram_buckets(np.array([2.0, 2.0, 2.0]), 5)
    np.testing.assert_array_equal(const[:, :2], 2.0)
    np.testing.assert_array_equal(const[:, 2], [0, 0, 0, 0, 3])
    np.testing.assert_array_equal(_ops.histogram_buckets(np.zeros(0), 4), np.zeros((4, 3)))
    assert _ops.histogram_buckets(np.array([1.0, 2.0]), 0).shape == (0, 3)
    assert _ops.histogram_buckets(np.array([1.0, 2.0]), -3).shape == (0, 3)


def test_histogram_written_as_float64_rows(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=2):
        assert bool(tf.summary.histogram("h", tf.constant([[3, -1], [7, 7]]), buckets=4))
    w.close()
    ((step, tag, rows),) = decode(tmp_path)
    assert (step, tag, rows.dtype, rows.shape) == (2, "h", np.float64, (4, 3))
    np.testing.assert_array_equal(rows[:, 2], [1, 0, 1, 2])


def test_image_to_uint8_like_convert_image_dtype():
    out = _ops.to_uint8(np.array([0.5, 1.0, 2.0, -1.0, 0.999], np.float32))
    np.testing.assert_array_equal(out, [127, 255, 255, 0, 255])
    np.testing.assert_array_equal(_ops.to_uint8(np.array([2 ** 31 - 1, -5, 2 ** 23], np.int32)),
                                  [255, 0, 1])
    np.testing.assert_array_equal(_ops.to_uint8(np.array([True, False])), [255, 0])


def test_image_summary_header_and_pixels(tmp_path):
    images = np.random.default_rng(0).random((5, 4, 3, 3)).astype(np.float32)
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=0):
        tf.summary.image("img", images, max_outputs=2)
    w.close()
    ((_, _, strings),) = decode(tmp_path)
    assert list(strings[:2]) == [b"3", b"4"] and len(strings) == 4  # width, height, 2 PNGs
    for k in range(2):
        pixels = tf.io.decode_png(strings[2 + k]).numpy()
        np.testing.assert_array_equal(pixels, _ops.to_uint8(images[k]))


# --- return values, state, errors -----------------------------------------------------------
def test_no_writer_and_noop_writer_return_false():
    assert not bool(tf.summary.scalar("x", 1.0, step=1))
    with tf.summary.create_noop_writer().as_default(step=1):
        assert not bool(tf.summary.scalar("x", 1.0))
        assert not bool(tf.summary.should_record_summaries())


def test_record_if_and_default_step(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    assert tf.summary.experimental.get_step() is None
    with w.as_default(step=5):
        assert tf.summary.experimental.get_step() == 5
        assert bool(tf.summary.should_record_summaries())
        with tf.summary.record_if(False):
            assert not bool(tf.summary.scalar("off", 1.0))
            assert not bool(tf.summary.should_record_summaries())
        with tf.summary.record_if(lambda: tf.constant(True)):
            assert bool(tf.summary.scalar("on", 2.0))
    assert tf.summary.experimental.get_step() is None
    w.close()
    assert [(s, t) for s, t, _ in decode(tmp_path)] == [(5, "on")]


def test_set_as_default_and_flush_put_events_on_disk(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path), max_queue=1000, flush_millis=10 ** 7)
    w.set_as_default(step=11)
    try:
        tf.summary.scalar("a", 1.0)
        tf.summary.flush()
        assert [(s, t) for s, t, _ in decode(tmp_path)] == [(11, "a")]
    finally:
        w.close()
        tf.summary.experimental.set_step(None)


def test_errors(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default():
        with pytest.raises(ValueError, match="No step set"):
            tf.summary.scalar("s", 1.0)
        with pytest.raises(ValueError, match="int64"):
            tf.summary.scalar("s", 1.0, step=tf.constant(3))
        with pytest.raises(ValueError, match="scalar shape"):
            tf.summary.scalar("s", [1.0, 2.0], step=1)
        with pytest.raises(TypeError, match="tf.string"):
            tf.summary.text("t", 5, step=1)
        with pytest.raises(ValueError, match="rank 4"):
            tf.summary.image("i", np.zeros([2, 2, 3]), step=1)
    w.close()
    with pytest.raises(RuntimeError, match="already closed"):
        w.as_default()
    for fn in (tf.summary.trace_on, tf.summary.trace_export):
        with pytest.raises(NotImplementedError):
            fn()


def test_close_is_idempotent_and_init_reopens(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    w.close()
    w.close()
    w.flush()
    w.init()
    with w.as_default(step=1):
        assert bool(tf.summary.scalar("again", 1.0))
    w.close()
    assert len(events_files(tmp_path)) == 2


# --- graphs ------------------------------------------------------------------------------------
def test_tf_function_writes_once_per_call(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    v = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def f(x):
        v.assign_add(1)
        tf.summary.histogram("h", [x, x + 1.0], step=v, buckets=2)
        return tf.summary.scalar("s", x, step=v)

    with w.as_default():
        flags = [bool(f(tf.constant(float(k)))) for k in range(3)]
    w.close()
    assert flags == [True, True, True]
    got = decode(tmp_path)
    assert [(s, t) for s, t, _ in got] == [(1, "h"), (1, "s"), (2, "h"), (2, "s"),
                                          (3, "h"), (3, "s")]
    assert [float(x) for s, t, x in got if t == "s"] == [0.0, 1.0, 2.0]


def test_tf_function_record_if_tensor_condition(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))

    @tf.function
    def f(x, on):
        with tf.summary.record_if(on):
            return tf.summary.scalar("s", x, step=1)

    with w.as_default():
        flags = [bool(f(tf.constant(1.0), tf.constant(True))),
                 bool(f(tf.constant(2.0), tf.constant(False)))]
    w.close()
    assert flags == [True, False]
    assert [float(x) for _, _, x in decode(tmp_path)] == [1.0]


def test_summary_inside_gradient_tape(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    x = tf.Variable(3.0)
    with w.as_default(step=1), tf.GradientTape() as tape:
        y = x * x
        tf.summary.scalar("y", y)
    assert float(tape.gradient(y, x)) == 6.0
    w.close()
    assert float(decode(tmp_path)[0][2]) == 9.0


def test_audio_wav_bytes_match_tensorflow(tmp_path):
    clips = np.array([[[0.5], [-1.0], [0.25], [3.0]], [[0.0], [1.5], [0.1], [-2.0]]], np.float32)
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=1):
        assert bool(tf.summary.audio("a", clips, 8000, max_outputs=1))
    w.close()
    ((_, _, strings),) = decode(tmp_path)
    assert strings.shape == (1, 2) and strings[0, 1] == b""
    # TF 2.21's bytes: 16-bit PCM, 0.5 -> 16384, -1 -> -32768, 3.0 clamped to 32767
    assert strings[0, 0].hex() == ("524946462c00000057415645666d7420100000000100010040"
                                   "1f0000803e0000020010006461746108000000004000800020ff7f")
    value = _fields(_fields(_fields(raw_records(tmp_path)[1])[5])[1])
    assert value[9] == b"\n\x0b\n\x05audio\x12\x02\x10\x0b"  # AudioPluginData{encoding: WAV}


def test_audio_rounds_half_away_from_zero_and_errors(tmp_path):
    wav = _ops.wav_bytes(np.array([[1 / 65536], [-1 / 65536], [3 / 65536]], np.float32), 100)
    np.testing.assert_array_equal(np.frombuffer(wav[44:], "<i2"), [1, -1, 2])
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=1):
        with pytest.raises(ValueError, match="rank 3"):
            tf.summary.audio("c", np.zeros([1, 2], np.float32), 44100)
        with pytest.raises(ValueError, match="Unknown encoding"):
            tf.summary.audio("c", np.zeros([1, 2, 1], np.float32), 44100, encoding="mp3")
    w.close()


def test_name_scope_prefixes_plugin_tags_not_write(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path))
    with w.as_default(step=1), tf.name_scope("outer"):
        tf.summary.scalar("x", 1.0)
        tf.summary.write("raw", 1.0)
    w.close()
    assert [t for _, t, _ in decode(tmp_path)] == ["outer/x", "raw"]


def test_unclosed_writer_is_collected_and_flushed(tmp_path):
    import gc

    w = tf.summary.create_file_writer(str(tmp_path), max_queue=1000, flush_millis=10 ** 7)
    with w.as_default(step=1):
        tf.summary.scalar("x", 1.0)
    number = w._id
    del w
    gc.collect()
    assert _ops.WRITERS.get(number) is None
    assert [t for _, t, _ in decode(tmp_path)] == ["x"]
