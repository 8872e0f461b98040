"""TF2 reference snippets for tf.summary: each snippet writes summaries into a temporary
directory, then decodes the events files with a small pure-Python reader (defined in the
snippet, so TF and fluxion run the same one) and returns what was written: file names' form,
the version record, and per event the step, tag, plugin, description, dtype, shape, values.

Run this file with TF's Python (`/tmp/tfvenv/bin/python tools/reference/summary.py`) to check
that TF's own reader, tf.compat.v1.train.summary_iterator, reads the files fluxion writes and
finds the same records as in the files TF writes (wall times aside).
"""

_DECODER = '''
import os, re, struct, tempfile, zlib
def _varint(b, i):
    n = s = 0
    while True:
        c = b[i]; i += 1; n |= (c & 127) << s; s += 7
        if c < 128:
            return n, i
def _fields(b):
    i, out = 0, []
    while i < len(b):
        k, i = _varint(b, i); f, w = k >> 3, k & 7
        if w == 0:
            v, i = _varint(b, i)
        elif w == 1:
            v = b[i:i + 8]; i += 8
        elif w == 5:
            v = b[i:i + 4]; i += 4
        else:
            n, i = _varint(b, i); v = b[i:i + n]; i += n
        out.append((f, v))
    return out
def _records(path):
    data, i, out = open(path, "rb").read(), 0, []
    while i < len(data):
        n = struct.unpack("<Q", data[i:i + 8])[0]
        out.append(data[i + 12:i + 12 + n]); i += 16 + n
    return out
_NP = {1: "<f4", 2: "<f8", 3: "<i4", 9: "<i8", 10: "?"}
def _tensor(b):
    dtype, shape, content, strings = 0, [], b"", []
    for f, v in _fields(b):
        if f == 1: dtype = v
        elif f == 2: shape = [dict(_fields(d)).get(1, 0) for _, d in _fields(v)]
        elif f == 4: content = v
        elif f == 8: strings.append(v)
    if dtype == 7:
        vals = [s[:16].hex() + ":" + str(len(s) > 30) if s[:4] == b"\\x89PNG" else
                s.hex() if s[:4] == b"RIFF" else s.decode() for s in strings]
    else:
        vals = [round(float(x), 6) for x in np.frombuffer(content, _NP[dtype])]
    return dtype, shape, vals
def _value(b):
    d = dict(_fields(b)); meta = dict(_fields(d.get(9, b"")))
    plugin = dict(_fields(meta.get(1, b"")))
    return (d[1].decode(), plugin.get(1, b"").decode(), plugin.get(2, b"").decode(),
            meta.get(3, b"").decode(), 9 in d) + _tensor(d.get(8, b""))
def decode(logdir):
    out = []
    for name in sorted(os.listdir(logdir)):
        form = bool(re.fullmatch(
            r"events\\.out\\.tfevents\\.\\d{10}\\..+\\.\\d+\\.\\d+\\.v2", name))
        for rec in _records(os.path.join(logdir, name)):
            ev = dict(_fields(rec))
            if 3 in ev:
                out.append((form, ev[3].decode(), 10 in ev, 2 in ev)); continue
            summary = dict(_fields(ev[5]))
            out.append((ev.get(2, 0), _value(summary[1])))
    return out
logdir = tempfile.mkdtemp()
'''


def _snippet(body: str) -> str:
    return _DECODER + body


SNIPPETS = {
    "summary_scalar_basic": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=3):
    ok = [bool(tf.summary.scalar("loss", 0.5)), bool(tf.summary.scalar("i", 7)),
          bool(tf.summary.scalar("d", np.float64(2.5), step=4, description="desc"))]
w.close()
result = [ok, decode(logdir)]
'''),
    "summary_histogram_default_buckets": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    tf.summary.histogram("h", [1.0, 2.0, 3.0, 10.0])
    tf.summary.histogram("h2", np.arange(100.0) ** 1.5 - 40.0, step=2, description="x")
w.close()
result = decode(logdir)
'''),
    "summary_histogram_edge_cases": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    tf.summary.histogram("const", [2.0, 2.0], buckets=5)
    tf.summary.histogram("empty", tf.zeros([0]))
    tf.summary.histogram("zero_buckets", [1, 2], buckets=0)
    tf.summary.histogram("one_bucket", [[1.0, 5.0]], buckets=1)
    tf.summary.histogram("ints", tf.constant([[3, -1], [7, 7]]), buckets=4)
w.close()
result = decode(logdir)
'''),
    "summary_text": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=2):
    tf.summary.text("t", "hello")
    tf.summary.text("t2", ["a", "bb"], description="two")
    tf.summary.text("t3", tf.constant([["x"], ["y"]]), step=9)
w.close()
result = decode(logdir)
'''),
    "summary_text_not_string": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=2):
    tf.summary.text("t", 5)
'''),
    "summary_image_header": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=0):
    tf.summary.image("img", np.ones([2, 2, 3, 1], np.float32) * 0.5)
    tf.summary.image("many", np.zeros([5, 4, 3, 3], np.uint8), max_outputs=2)
    tf.summary.image("none", np.zeros([1, 4, 3, 3], np.uint8), max_outputs=0)
w.close()
result = decode(logdir)
'''),
    "summary_image_rank_error": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=0):
    tf.summary.image("img", np.zeros([2, 2, 3]))
'''),
    "summary_write_raw": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=5):
    tf.summary.write("raw", tf.constant([1, 2]))
    tf.summary.write("raw64", tf.constant([[1.5]], tf.float64), step=-2)
    tf.summary.write("meta", 3.0, metadata=b"")
w.close()
result = decode(logdir)
'''),
    "summary_no_writer_false": "tf.summary.scalar('x', 1.0, step=1)",
    "summary_no_step_error": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default():
    tf.summary.scalar("s", 1.0)
'''),
    "summary_scalar_not_scalar": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    tf.summary.scalar("s", [1.0, 2.0])
'''),
    "summary_step_int32_tensor_error": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default():
    tf.summary.scalar("s", 1.0, step=tf.constant(3))
'''),
    "summary_record_if_and_steps": _snippet('''
w = tf.summary.create_file_writer(logdir)
out = []
with w.as_default():
    tf.summary.experimental.set_step(5)
    out.append(tf.summary.experimental.get_step())
    out.append(bool(tf.summary.should_record_summaries()))
    with tf.summary.record_if(False):
        out.append(bool(tf.summary.scalar("off", 1.0)))
        out.append(bool(tf.summary.should_record_summaries()))
    with tf.summary.record_if(lambda: True):
        out.append(bool(tf.summary.scalar("on", 2.0)))
    out.append(bool(tf.summary.scalar("var", 3.0, step=tf.Variable(4, dtype=tf.int64))))
    tf.summary.experimental.set_step(None)
w.close()
out.append(bool(tf.summary.should_record_summaries()))
result = [out, decode(logdir)]
'''),
    "summary_noop_writer": '''
n = tf.summary.create_noop_writer()
with n.as_default(step=1):
    result = [tf.summary.scalar("s", 1.0), tf.summary.should_record_summaries()]
''',
    "summary_closed_writer_error": _snippet('''
w = tf.summary.create_file_writer(logdir)
w.close()
with w.as_default(step=1):
    pass
'''),
    "summary_in_tf_function": _snippet('''
w = tf.summary.create_file_writer(logdir)
v = tf.Variable(0, dtype=tf.int64)
@tf.function
def f(x):
    v.assign_add(1)
    tf.summary.histogram("hx", [x, x + 1.0], step=v, buckets=2)
    return tf.summary.scalar("fx", x, step=v)
with w.as_default():
    flags = [bool(f(1.0)), bool(f(2.0)), bool(f(3.0))]
w.close()
result = [flags, decode(logdir)]
'''),
    "summary_tf_function_default_step": _snippet('''
w = tf.summary.create_file_writer(logdir)
@tf.function
def f(x):
    with w.as_default(step=7):
        tf.summary.text("t", tf.strings.as_string(x))
        return tf.summary.scalar("fx", x * 2.0)
flags = [bool(f(tf.constant(1.0))), bool(f(tf.constant(2.5)))]
w.close()
result = [flags, decode(logdir)]
'''),
    "summary_name_scope_tags": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    with tf.name_scope("outer"):
        tf.summary.scalar("x", 1.0)
        with tf.name_scope("inner"):
            tf.summary.histogram("h", [1.0])
            tf.summary.text("t", "a")
    tf.summary.scalar("a b:c", 1.0)
    with tf.name_scope("s"):
        tf.summary.write("raw", 1.0)
w.close()
result = [ev[1][0] for ev in decode(logdir)[1:]]
'''),
    "summary_audio_wav": _snippet('''
w = tf.summary.create_file_writer(logdir)
clips = np.array([[[0.5], [-1.0], [0.25], [3.0]], [[0.0], [1.5], [0.1], [-2.0]]], np.float32)
with w.as_default(step=1):
    ok = [bool(tf.summary.audio("a", clips, 8000, max_outputs=1)),
          bool(tf.summary.audio("b", np.full([2, 3, 2], 1 / 65536, np.float32), 44100,
                                encoding="wav", description="d")),
          bool(tf.summary.audio("none", clips, tf.constant(16000), max_outputs=0))]
w.close()
result = [ok, decode(logdir)]
'''),
    "summary_audio_rank_error": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    tf.summary.audio("c", np.zeros([1, 2], np.float32), 44100)
'''),
    "summary_audio_encoding_error": _snippet('''
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    tf.summary.audio("c", np.zeros([1, 2, 1], np.float32), 44100, encoding="mp3")
'''),
    "summary_set_as_default_flush": _snippet('''
w = tf.summary.create_file_writer(logdir, max_queue=1000, flush_millis=10**7)
w.set_as_default(step=11)
tf.summary.scalar("a", 1.0)
tf.summary.flush()
result = decode(logdir)
w.close()
'''),
    "summary_two_writers_two_files": _snippet('''
for sub in ("train", "validation"):
    w = tf.summary.create_file_writer(os.path.join(logdir, sub))
    with w.as_default(step=0):
        tf.summary.scalar("epoch_loss", 1.0 if sub == "train" else 2.0)
    w.close()
result = [decode(os.path.join(logdir, "train")), decode(os.path.join(logdir, "validation"))]
'''),
}


def _tf_reads_fluxion_files() -> None:
    """Writes events with fluxion (a subprocess) and with TF, reads both with
    tf.compat.v1.train.summary_iterator and compares the records without wall times."""
    import glob
    import os
    import subprocess
    import tempfile

    import tensorflow as tf

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    program = '''import sys, numpy as np, {mod} as tf
w = tf.summary.create_file_writer(sys.argv[1])
with w.as_default(step=3):
    tf.summary.scalar("loss", 0.5, description="d")
    tf.summary.histogram("h", [1.0, 2.0, 3.0, 10.0])
    tf.summary.text("t", ["a", "bb"])
    tf.summary.write("raw", tf.constant([1, 2]))
    tf.summary.audio("a", np.array([[[0.5], [-1.0]]], np.float32), 8000)
    tf.summary.image("i", np.linspace(0, 1, 24, dtype=np.float32).reshape(1, 2, 4, 3))
w.close()
'''
    records = {}
    for mod, python in (("fluxion", "python3"), ("tensorflow", None)):
        logdir = tempfile.mkdtemp()
        code = program.format(mod=mod)
        if python is None:
            exec(code.replace("sys.argv[1]", repr(logdir)), {})  # noqa: S102
        else:
            env = dict(os.environ, PYTHONPATH=root)
            subprocess.run([python, "-c", code, logdir], check=True, env=env)
        (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
        events = list(tf.compat.v1.train.summary_iterator(path))
        for e in events:
            e.wall_time = 0
        # PNG bytes may differ (zlib settings, row filters): compare the decoded pixels
        image = events[-1].summary.value[0].tensor.string_val
        pixels = tf.io.decode_png(image[2]).numpy().tolist()
        del image[2:]
        records[mod] = [e.SerializeToString() for e in events], pixels
    assert records["fluxion"] == records["tensorflow"], records
    print(f"TF reads fluxion's events file: {len(records['fluxion'][0])} records, identical "
          "(images: identical pixels)")


if __name__ == "__main__":
    import sys

    sys.path.pop(0)  # this folder's random.py etc. would hide the standard library's
    _tf_reads_fluxion_files()
