"""space_to_batch/batch_to_space against a NumPy loop reference (and their gradients), bitcast,
tuple, parallel_stack, edit_distance against a direct Levenshtein, fingerprint properties and
tf.audio WAV round trips."""
import struct

import numpy as np
import pytest

import fluxion as tf
from tests.opcheck import check_gradient

_RNG = np.random.default_rng(0)


def _space_to_batch_loop(x, block, pads):
    """SpaceToBatchND by its definition: output batch index (offsets..., b)."""
    x = np.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - 1 - len(block)))
    batch, m = x.shape[0], len(block)
    out_spatial = [x.shape[1 + i] // block[i] for i in range(m)]
    out = np.zeros((batch * int(np.prod(block)),) + tuple(out_spatial) + x.shape[1 + m:],
                   x.dtype)
    for k, offsets in enumerate(np.ndindex(*block)):
        for b in range(batch):
            for pos in np.ndindex(*out_spatial):
                src = tuple(p * s + o for p, s, o in zip(pos, block, offsets))
                out[(k * batch + b,) + pos] = x[(b,) + src]
    return out


@pytest.mark.parametrize("block,pads", [([2, 3], [[0, 0], [1, 2]]), ([2], [[1, 1]]),
                                        ([1, 2], [[2, 0], [0, 0]])])
def test_space_to_batch_matches_definition_and_inverts(block, pads):
    x = _RNG.normal(size=(2, 4, 6, 3))
    y = tf.space_to_batch(x, block, pads)
    np.testing.assert_array_equal(y.numpy(), _space_to_batch_loop(x, block, pads))
    back = tf.batch_to_space(y, block, pads)
    np.testing.assert_array_equal(back.numpy(), x)


def test_space_to_batch_gradients():
    x = _RNG.normal(size=(1, 4, 3, 2))
    check_gradient(lambda t: tf.space_to_batch(t, [2, 3], [[1, 1], [0, 0]]), [x])
    y = _RNG.normal(size=(6, 2, 2, 1))
    check_gradient(lambda t: tf.batch_to_space(t, [2, 3], [[1, 0], [0, 2]]), [y])


def test_required_paddings_make_blocks_divide():
    paddings, crops = tf.required_space_to_batch_paddings([5, 7], [2, 3], [[1, 0], [2, 2]])
    p = paddings.numpy()
    assert ((np.array([5, 7]) + p.sum(1)) % [2, 3] == 0).all()
    np.testing.assert_array_equal(crops.numpy()[:, 1], p[:, 1] - [0, 2])
    assert paddings.dtype == tf.int32


def test_bitcast_round_trips_bytes():
    x = _RNG.normal(size=(3, 2)).astype(np.float64)
    narrow = tf.bitcast(x, tf.uint16)
    assert narrow.shape == (3, 2, 4)
    np.testing.assert_array_equal(tf.bitcast(narrow, tf.float64).numpy(), x)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.bitcast(tf.constant([1, 2, 3], tf.int16), tf.int32)


def test_tuple_and_parallel_stack():
    a, b = tf.constant([1, 2]), tf.constant([3, 4])
    out = tf.tuple([a, b])
    assert isinstance(out, list) and out[1].numpy().tolist() == [3, 4]
    with pytest.raises(RuntimeError):
        tf.parallel_stack([a, b])
    stacked = tf.function(lambda u, v: tf.parallel_stack([u, v]))(a, b)
    assert stacked.numpy().tolist() == [[1, 2], [3, 4]]


def _levenshtein(a, b):
    d = np.arange(len(b) + 1)
    for i, x in enumerate(a, 1):
        prev, d[0] = d.copy(), i
        for j, y in enumerate(b, 1):
            d[j] = min(prev[j] + 1, d[j - 1] + 1, prev[j - 1] + (x != y))
    return d[-1]


def test_edit_distance_matches_levenshtein():
    seqs_h = [list(_RNG.integers(0, 3, _RNG.integers(1, 6))) for _ in range(6)]
    seqs_t = [list(_RNG.integers(0, 3, _RNG.integers(1, 6))) for _ in range(6)]

    def sparse(seqs):
        idx = [[i, j] for i, s in enumerate(seqs) for j in range(len(s))]
        return tf.sparse.SparseTensor(idx, [v for s in seqs for v in s], [len(seqs), 5])

    got = tf.edit_distance(sparse(seqs_h), sparse(seqs_t), normalize=False).numpy()
    want = [_levenshtein(h, t) for h, t in zip(seqs_h, seqs_t)]
    np.testing.assert_array_equal(got, want)
    norm = tf.edit_distance(sparse(seqs_h), sparse(seqs_t)).numpy()
    np.testing.assert_allclose(norm, np.array(want) / [len(t) for t in seqs_t], rtol=1e-6)


def test_fingerprint_rows():
    fp = tf.fingerprint(tf.constant([[1, 2], [1, 2], [2, 1]], tf.int32)).numpy()
    assert fp.shape == (3, 8) and fp.dtype == np.uint8
    assert (fp[0] == fp[1]).all() and not (fp[0] == fp[2]).all()


def _wav_bytes(pcm, rate):
    body = pcm.astype("<i2").tobytes()
    channels = pcm.shape[1]
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(body), b"WAVE", b"fmt ", 16, 1,
                       channels, rate, rate * channels * 2, channels * 2, 16, b"data",
                       len(body)) + body


def test_wav_encode_decode_round_trip():
    pcm = _RNG.integers(-32768, 32768, (50, 2)).astype(np.int16)
    audio = (pcm / 32768).astype(np.float32)
    encoded = tf.audio.encode_wav(audio, 22050)
    assert encoded.numpy() == _wav_bytes(pcm, 22050)
    decoded, rate = tf.audio.decode_wav(encoded)
    np.testing.assert_array_equal(decoded.numpy(), audio)
    assert rate.numpy() == 22050 and rate.dtype == tf.int32


def test_wav_skips_extra_chunks_and_reshapes():
    plain = _wav_bytes(np.array([[100], [-200], [300]]), 8000)
    extra = plain[:12] + b"LIST" + struct.pack("<I", 3) + b"abc\0" + plain[12:]
    extra = extra[:4] + struct.pack("<I", len(extra) - 8) + extra[8:]
    audio, _ = tf.audio.decode_wav(extra, desired_channels=2, desired_samples=4)
    want = np.array([[100, 100], [-200, -200], [300, 300], [0, 0]]) / 32768
    np.testing.assert_array_equal(audio.numpy(), want.astype(np.float32))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.audio.decode_wav(b"RIFX" + plain[4:])


@pytest.mark.parametrize("num_segments", [None, 5])
def test_sparse_segment_reductions_match_numpy(num_segments):
    data = _RNG.normal(size=(6, 3))
    indices = np.array([5, 0, 0, 3, 2, 2, 1])
    ids = np.array([0, 0, 1, 1, 1, 3, 3])
    n = 4 if num_segments is None else num_segments
    sums, counts = np.zeros((n, 3)), np.zeros(n)
    for i, s in zip(indices, ids):
        sums[s] += data[i]
        counts[s] += 1
    safe = np.maximum(counts, 1)[:, None]
    for fn, want in ((tf.sparse.segment_sum, sums), (tf.sparse.segment_mean, sums / safe),
                     (tf.sparse.segment_sqrt_n, sums / np.sqrt(safe))):
        got = fn(data, indices, ids, num_segments=num_segments)
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
        check_gradient(lambda d, fn=fn: fn(d, indices, ids, num_segments=num_segments), [data])


def test_sparse_segment_sum_traces():
    f = tf.function(lambda d, i, s: tf.sparse.segment_mean(d, i, s))
    got = f(tf.constant([[1.0], [3.0]]), tf.constant([0, 1, 1]), tf.constant([0, 0, 2]))
    np.testing.assert_allclose(got.numpy(), [[2.0], [0.0], [3.0]])


def test_sparse_bincount_matches_numpy():
    x = _RNG.integers(0, 7, (4, 9))
    flat = tf.sparse.bincount(x)
    np.testing.assert_array_equal(tf.sparse.to_dense(flat).numpy(), np.bincount(x.ravel()))
    w = _RNG.normal(size=(4, 9))
    rows = tf.sparse.to_dense(tf.sparse.bincount(x, weights=w, axis=-1, minlength=8)).numpy()
    for r in range(4):
        np.testing.assert_allclose(rows[r], np.bincount(x[r], w[r], minlength=8))


def test_sparse_mask_drops_listed_rows():
    values = _RNG.normal(size=(5, 2))
    a = tf.IndexedSlices(values, tf.constant([4, 9, 1, 9, 7]), tf.constant([10, 2]))
    r = tf.sparse.mask(a, [9, 3])
    assert r.indices.numpy().tolist() == [4, 1, 7]
    np.testing.assert_array_equal(r.values.numpy(), values[[0, 2, 4]])
