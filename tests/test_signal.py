"""tf.signal: FFTs and DCTs against NumPy and closed forms, frame/overlap_and_add, windows,
STFT round trips, mel filterbanks and MFCCs; gradients by float64 finite differences (complex
ones with TF's convention dL/dRe + i dL/dIm); tf.function, Dataset.map and Keras fit."""
from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest

import fluxion as tf
from fluxion import errors
from tests.opcheck import assert_close, check_gradient

R = np.random.default_rng(3)
X = R.standard_normal((2, 7))
Z = R.standard_normal((2, 6)) + 1j * R.standard_normal((2, 6))


def weighted(y, seed=1):
    """sum(y * w) for a fixed random real w (of y's real dtype)."""
    w = np.random.default_rng(seed).standard_normal(tuple(y.shape))
    return tf.reduce_sum(y * tf.constant(w.astype(y.dtype.as_numpy_dtype)))


def closs(y, seed=2):
    """Re(sum(y * conj(w))) for a fixed complex w: a real loss that reads Re and Im."""
    g = np.random.default_rng(seed)
    w = g.standard_normal(tuple(y.shape)) + 1j * g.standard_normal(tuple(y.shape))
    return tf.math.real(tf.reduce_sum(y * tf.math.conj(tf.constant(w.astype(np.complex128)))))


def check_complex_gradient(loss, z, rtol=1e-5, atol=1e-6, eps=1e-6):
    zt = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(zt)
        value = loss(zt)
    analytic = np.asarray(tape.gradient(value, zt))
    numeric = np.zeros_like(z)
    for k in range(z.size):
        for unit in (1.0, 1j):
            step = np.zeros_like(z)
            step.reshape(-1)[k] = eps * unit
            diff = float(loss(tf.constant(z + step))) - float(loss(tf.constant(z - step)))
            numeric.reshape(-1)[k] += unit * diff / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol)


# --- FFT values and dtypes ----------------------------------------------------------------------
@pytest.mark.parametrize("name,rank,ref", [
    ("fft", 1, np.fft.fft), ("ifft", 1, np.fft.ifft), ("fft2d", 2, np.fft.fft2),
    ("ifft2d", 2, np.fft.ifft2), ("fft3d", 3, np.fft.fftn), ("ifft3d", 3, np.fft.ifftn)])
def test_complex_ffts_match_numpy(name, rank, ref):
    z = R.standard_normal((2, 3, 4)) + 1j * R.standard_normal((2, 3, 4))
    out = getattr(tf.signal, name)(tf.constant(z))
    expected = ref(z, axes=tuple(range(-rank, 0))) if rank == 3 else ref(z)
    assert_close(out, expected, rtol=1e-10, atol=1e-12)
    single = getattr(tf.signal, name)(tf.constant(z.astype(np.complex64)))
    assert single.dtype is tf.complex64
    assert_close(single, expected.astype(np.complex64), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("length", [None, [4], [7], [10]])
def test_rfft_irfft_match_numpy(length):
    n = None if length is None else length[0]
    out = tf.signal.rfft(tf.constant(X), fft_length=length)
    assert out.dtype is tf.complex128
    assert_close(out, np.fft.rfft(X, n=n), rtol=1e-10, atol=1e-12)
    back = tf.signal.irfft(tf.constant(Z), fft_length=length)
    assert back.dtype is tf.float64
    assert_close(back, np.fft.irfft(Z, n=n), rtol=1e-10, atol=1e-12)
    assert tf.signal.rfft(tf.constant(X, tf.float32), length).dtype is tf.complex64
    assert tf.signal.irfft(tf.constant(Z, tf.complex64), length).dtype is tf.float32


@pytest.mark.parametrize("rank,length", [(2, None), (2, [3, 8]), (3, None), (3, [1, 2, 5])])
def test_multidimensional_real_ffts_match_numpy(rank, length):
    x = R.standard_normal((2, 3, 4))
    axes = tuple(range(-rank, 0))
    fwd = getattr(tf.signal, f"rfft{rank}d")(tf.constant(x), fft_length=length)
    assert_close(fwd, np.fft.rfftn(x, s=length, axes=axes), rtol=1e-10, atol=1e-12)
    z = R.standard_normal((2, 3, 4)) + 1j * R.standard_normal((2, 3, 4))
    inv = getattr(tf.signal, f"irfft{rank}d")(tf.constant(z), fft_length=length)
    assert_close(inv, np.fft.irfftn(z, s=length, axes=axes), rtol=1e-10, atol=1e-12)


def test_rfft_round_trip_recovers_the_signal():
    x = tf.constant(X, tf.float32)
    assert_close(tf.signal.irfft(tf.signal.rfft(x), fft_length=[7]), X.astype(np.float32),
                 rtol=1e-5, atol=1e-5)


def test_fft_errors_name_the_op():
    with pytest.raises(errors.InvalidArgumentError, match="FFT2D"):
        tf.signal.fft2d(tf.constant([1j, 2j]))
    with pytest.raises(errors.InvalidArgumentError, match="complex64"):
        tf.signal.ifft(tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="RFFT requires"):
        tf.signal.rfft(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="IRFFT requires"):
        tf.signal.irfft(tf.constant([1.0, 2.0]))
    with pytest.raises(TypeError):
        tf.signal.rfft(tf.constant([1.0, 2.0]), fft_length=2)
    with pytest.raises(ValueError, match="2 elements"):
        tf.signal.rfft2d(tf.ones([2, 2]), fft_length=[2])


def test_fftshift_matches_numpy():
    x = np.arange(30).reshape(5, 6)
    assert_close(tf.signal.fftshift(x), np.fft.fftshift(x))
    assert_close(tf.signal.ifftshift(x), np.fft.ifftshift(x))
    assert_close(tf.signal.fftshift(x, axes=[0]), np.fft.fftshift(x, axes=[0]))
    assert_close(tf.signal.ifftshift(tf.signal.fftshift(x, axes=1), axes=1), x)


# --- FFT gradients ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d"])
def test_complex_fft_gradients(name):
    z = R.standard_normal((2, 2, 3)) + 1j * R.standard_normal((2, 2, 3))
    check_complex_gradient(lambda t: closs(getattr(tf.signal, name)(t)), z)


@pytest.mark.parametrize("rank,length", [(1, None), (1, [4]), (1, [9]), (1, [10]), (2, None),
                                         (2, [2, 5]), (3, [3, 1, 4])])
def test_rfft_gradients_including_crop_and_pad(rank, length):
    # TF's own gradient fails when fft_length crops the input; fluxion's is exact there too
    fn = getattr(tf.signal, "rfft" if rank == 1 else f"rfft{rank}d")
    check_gradient(lambda x: tf.math.real(fn(x, length)) + 2.0 * tf.math.imag(fn(x, length)),
                   [R.standard_normal((2, 3, 6))])


@pytest.mark.parametrize("rank,length", [(1, None), (1, [5]), (1, [4]), (1, [12]), (2, None),
                                         (2, [3, 7]), (3, [2, 3, 4])])
def test_irfft_gradients_including_crop_and_pad(rank, length):
    fn = getattr(tf.signal, "irfft" if rank == 1 else f"irfft{rank}d")
    z = R.standard_normal((2, 3, 4)) + 1j * R.standard_normal((2, 3, 4))
    check_complex_gradient(lambda t: weighted(fn(t, length)), z)


def test_spectrogram_magnitude_gradient():
    check_gradient(lambda x: tf.abs(tf.signal.rfft(x)), [R.standard_normal((3, 8))])


def test_second_order_gradient_of_rfft_power():
    x = tf.constant(R.standard_normal(6))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            power = tf.reduce_sum(tf.square(tf.abs(tf.signal.rfft(x))))
        g_sum = tf.reduce_sum(inner.gradient(power, x))
    hessian_row_sums = outer.gradient(g_sum, x)
    # checked against finite differences of the first gradient
    eps = 1e-6
    numeric = np.zeros(6)
    for k in range(6):
        for sign in (1, -1):
            xs = np.asarray(x).copy()
            xs[k] += sign * eps
            t = tf.constant(xs)
            with tf.GradientTape() as tape:
                tape.watch(t)
                p = tf.reduce_sum(tf.square(tf.abs(tf.signal.rfft(t))))
            numeric[k] += sign * float(tf.reduce_sum(tape.gradient(p, t))) / (2 * eps)
    np.testing.assert_allclose(np.asarray(hessian_row_sums), numeric, rtol=1e-5, atol=1e-5)


# --- DCT ------------------------------------------------------------------------------------------
def _dct_matrix(kind: int, n: int) -> np.ndarray:
    """Closed forms of the unnormalised DCTs (TF's / SciPy's scaling), y = M @ x."""
    k, i = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    if kind == 1:
        m = 2 * np.cos(np.pi * k * i / (n - 1))
        m[:, 0] = 1
        m[:, -1] = (-1.0) ** np.arange(n)
        return m
    if kind == 2:
        return 2 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))
    if kind == 3:
        m = 2 * np.cos(np.pi * i * (2 * k + 1) / (2 * n))
        m[:, 0] = 1
        return m
    return 2 * np.cos(np.pi * (2 * i + 1) * (2 * k + 1) / (4 * n))


def _ortho(kind: int, n: int) -> np.ndarray:
    if kind == 2:
        m = _dct_matrix(2, n) / np.sqrt(2 * n)
        m[0] /= np.sqrt(2)
        return m
    if kind == 3:
        return _ortho(2, n).T
    return _dct_matrix(4, n) / np.sqrt(2 * n)


@pytest.mark.parametrize("kind", [1, 2, 3, 4])
@pytest.mark.parametrize("n", [2, 5, 8])
def test_dct_matches_closed_forms(kind, n):
    x = R.standard_normal((3, n))
    assert_close(tf.signal.dct(x, type=kind), x @ _dct_matrix(kind, n).T, rtol=1e-9,
                 atol=1e-9)
    if kind != 1:
        ortho = _ortho(kind, n)
        assert_close(tf.signal.dct(x, type=kind, norm="ortho"), x @ ortho.T, rtol=1e-9,
                     atol=1e-9)
        np.testing.assert_allclose(ortho @ ortho.T, np.eye(n), atol=1e-12)  # orthonormal
        back = tf.signal.idct(tf.signal.dct(x, type=kind, norm="ortho"), type=kind,
                              norm="ortho")
        assert_close(back, x, rtol=1e-9, atol=1e-9)


def test_idct_inverts_dct_up_to_the_documented_scale():
    x = R.standard_normal(6)
    assert_close(tf.signal.idct(tf.signal.dct(x)), 12 * x, rtol=1e-9, atol=1e-9)
    assert_close(tf.signal.idct(tf.signal.dct(x, type=4), type=4), 12 * x, rtol=1e-9,
                 atol=1e-9)
    assert_close(tf.signal.idct(tf.signal.dct(x, type=1), type=1), 10 * x, rtol=1e-9,
                 atol=1e-9)


def test_dct_n_crops_or_pads_and_float32():
    x = R.standard_normal(6)
    assert_close(tf.signal.dct(x, n=4), x[:4] @ _dct_matrix(2, 4).T, rtol=1e-9, atol=1e-9)
    padded = np.concatenate([x, np.zeros(3)])
    assert_close(tf.signal.dct(x, n=9), padded @ _dct_matrix(2, 9).T, rtol=1e-9, atol=1e-9)
    single = tf.signal.dct(tf.constant(x, tf.float32), type=3)
    assert single.dtype is tf.float32
    assert_close(single, (x @ _dct_matrix(3, 6).T).astype(np.float32), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("kind,norm", [(1, None), (2, None), (2, "ortho"), (3, None),
                                       (3, "ortho"), (4, None), (4, "ortho")])
def test_dct_gradients(kind, norm):
    check_gradient(lambda x: tf.signal.dct(x, type=kind, norm=norm),
                   [R.standard_normal((2, 5))])
    check_gradient(lambda x: tf.signal.idct(x, type=kind, norm=norm, n=4),
                   [R.standard_normal((2, 5))])


def test_dct_errors():
    with pytest.raises(ValueError, match="Type-I"):
        tf.signal.dct([1.0, 2.0], type=1, norm="ortho")
    with pytest.raises(NotImplementedError, match="axis"):
        tf.signal.dct(tf.ones([2, 2]), axis=0)
    with pytest.raises(TypeError):
        tf.signal.dct(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="positive"):
        tf.signal.idct([1.0, 2.0], n=0)


def test_mfccs_match_scaled_dct2():
    log_mel = R.standard_normal((2, 3, 10))
    expected = log_mel @ _dct_matrix(2, 10).T / np.sqrt(20)
    assert_close(tf.signal.mfccs_from_log_mel_spectrograms(log_mel), expected, rtol=1e-9,
                 atol=1e-9)
    check_gradient(tf.signal.mfccs_from_log_mel_spectrograms, [R.standard_normal((2, 6))])


# --- frame / overlap_and_add ----------------------------------------------------------------------
def _np_frame(x, length, step, axis=-1):
    axis %= x.ndim
    moved = np.moveaxis(x, axis, -1)
    count = max(0, 1 + (moved.shape[-1] - length) // step)
    frames = np.stack([moved[..., i * step:i * step + length] for i in range(count)], -2)
    return np.moveaxis(frames, (-2, -1), (axis, axis + 1))


@pytest.mark.parametrize("length,step", [(3, 1), (4, 2), (2, 5), (7, 7)])
def test_frame_matches_slicing(length, step):
    x = R.standard_normal((2, 11, 3))
    out = tf.signal.frame(x, length, step, axis=1)
    assert_close(out, _np_frame(x, length, step, axis=1))
    assert_close(tf.signal.frame(x[..., 0], length, step), _np_frame(x[..., 0], length, step))


def test_frame_pad_end_makes_ceil_frames():
    x = np.arange(11.0)
    out = tf.signal.frame(x, 4, 3, pad_end=True, pad_value=-1.0)
    padded = np.concatenate([x, [-1.0] * 2])
    assert_close(out, _np_frame(padded, 4, 3))
    assert out.shape == (4, 4)  # ceil(11 / 3)


@pytest.mark.parametrize("pad_end", [False, True])
def test_frame_gradient(pad_end):
    check_gradient(lambda x: tf.signal.frame(x, 4, 3, pad_end=pad_end, axis=-2),
                   [R.standard_normal((2, 10, 2))])


def test_overlap_and_add_matches_loop_and_inverts_frame_with_hop():
    frames = R.standard_normal((2, 5, 6))
    out = tf.signal.overlap_and_add(frames, 4)
    expected = np.zeros((2, 4 * 4 + 6))
    for f in range(5):
        expected[:, f * 4:f * 4 + 6] += frames[:, f]
    assert_close(out, expected)
    # non-overlapping frames re-assemble the signal exactly
    x = R.standard_normal(12)
    assert_close(tf.signal.overlap_and_add(tf.signal.frame(x, 3, 3), 3), x)
    check_gradient(lambda f: tf.signal.overlap_and_add(f, 4), [frames])
    check_gradient(lambda f: tf.signal.overlap_and_add(f, 7), [frames])


def test_frame_errors():
    with pytest.raises(ValueError):
        tf.signal.frame(tf.constant(1.0), 2, 1)
    with pytest.raises(errors.InvalidArgumentError):
        tf.signal.frame(tf.range(5), 2, 0)
    with pytest.raises(ValueError):
        tf.signal.overlap_and_add(tf.range(4.0), 1)


# --- windows --------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 7, 8, 64])
def test_windows_match_closed_forms(n):
    sym = np.hanning(n)
    periodic = np.hanning(n + 1)[:-1] if n % 2 == 0 else sym  # TF: periodic only when even
    assert_close(tf.signal.hann_window(n, periodic=False, dtype=tf.float64), sym, atol=1e-12)
    assert_close(tf.signal.hann_window(n, dtype=tf.float64), periodic if n > 1 else np.ones(1),
                 atol=1e-12)
    assert_close(tf.signal.hamming_window(n, periodic=False, dtype=tf.float64), np.hamming(n),
                 atol=1e-12)
    assert_close(tf.signal.kaiser_window(n, beta=5.0, dtype=tf.float64), np.kaiser(n, 5.0),
                 rtol=1e-9, atol=1e-12)
    vorbis = np.sin(np.pi / 2 * np.sin(np.pi * (np.arange(n) + 0.5) / n) ** 2)
    assert_close(tf.signal.vorbis_window(n, dtype=tf.float64), vorbis, atol=1e-12)
    assert tf.signal.hann_window(n).dtype is tf.float32


def test_kbd_and_vorbis_windows_are_power_complementary():
    # Princen-Bradley: w[k]^2 + w[k + N/2]^2 = 1, what makes MDCT/iMDCT reconstruct
    for window in (tf.signal.kaiser_bessel_derived_window(16, dtype=tf.float64),
                   tf.signal.vorbis_window(16, dtype=tf.float64)):
        w = np.asarray(window)
        np.testing.assert_allclose(w[:8] ** 2 + w[8:] ** 2, np.ones(8), atol=1e-12)


def test_window_errors():
    with pytest.raises(ValueError, match="floating"):
        tf.signal.hann_window(4, dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.signal.hamming_window(4.0)
    with pytest.raises(errors.InvalidArgumentError):
        tf.signal.kaiser_window(0)


# --- STFT -----------------------------------------------------------------------------------------
def test_stft_matches_numpy_and_defaults():
    x = R.standard_normal((2, 100))
    out = tf.signal.stft(x, frame_length=20, frame_step=7)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(20) / 20)
    expected = np.fft.rfft(_np_frame(x, 20, 7) * window, n=32)  # fft_length: power of 2
    assert_close(out, expected, rtol=1e-9, atol=1e-9)
    single = tf.signal.stft(tf.constant(x, tf.float32), 20, 7, fft_length=40, window_fn=None,
                            pad_end=True)
    assert single.dtype is tf.complex64 and single.shape == (2, 15, 21)


def test_inverse_stft_reconstructs_the_interior():
    x = R.standard_normal(200)
    spec = tf.signal.stft(x, 32, 8)
    back = tf.signal.inverse_stft(spec, 32, 8, window_fn=tf.signal.inverse_stft_window_fn(8))
    assert back.shape == (8 * 21 + 32,)  # 22 frames
    np.testing.assert_allclose(np.asarray(back)[32:160], x[32:160], atol=1e-9)
    hamming = functools.partial(tf.signal.hamming_window, periodic=True)
    back = tf.signal.inverse_stft(tf.signal.stft(x, 30, 10, 64, window_fn=hamming), 30, 10, 64,
                                  window_fn=tf.signal.inverse_stft_window_fn(10, hamming))
    np.testing.assert_allclose(np.asarray(back)[30:150], x[30:150], atol=1e-9)


def test_stft_and_inverse_stft_gradients():
    check_gradient(lambda x: tf.abs(tf.signal.stft(x, 8, 4, pad_end=True)),
                   [R.standard_normal((2, 21))])
    z = R.standard_normal((3, 5)) + 1j * R.standard_normal((3, 5))
    check_complex_gradient(lambda t: weighted(tf.signal.inverse_stft(t, 6, 3)), z)


# --- mel ------------------------------------------------------------------------------------------
def test_mel_matrix_triangles():
    m = np.asarray(tf.signal.linear_to_mel_weight_matrix(10, 257, 16000, 20.0, 8000.0,
                                                         tf.float64))
    assert m.shape == (257, 10)
    assert np.all(m[0] == 0)  # DC gets no weight
    assert np.all(m >= 0) and np.all(m <= 1)
    hz = np.linspace(0, 8000, 257)
    mel = 1127 * np.log1p(hz / 700)
    edges = np.linspace(1127 * np.log1p(20 / 700), 1127 * np.log1p(8000 / 700), 12)
    for b in range(10):  # each filter: a triangle over [edge b, edge b + 2] with apex b + 1
        up = (mel - edges[b]) / (edges[b + 1] - edges[b])
        down = (edges[b + 2] - mel) / (edges[b + 2] - edges[b + 1])
        np.testing.assert_allclose(m[1:, b], np.maximum(0, np.minimum(up, down))[1:],
                                   atol=1e-9)


def test_mel_float32_matches_float64_within_rounding():
    m32 = tf.signal.linear_to_mel_weight_matrix(40, 513, 16000, 80.0, 7600.0)
    m64 = tf.signal.linear_to_mel_weight_matrix(40, 513, 16000, 80.0, 7600.0, tf.float64)
    assert m32.dtype is tf.float32
    np.testing.assert_allclose(np.asarray(m32), np.asarray(m64), atol=2e-5)


def test_mel_errors():
    with pytest.raises(ValueError, match="Nyquist"):
        tf.signal.linear_to_mel_weight_matrix(sample_rate=4000)
    with pytest.raises(ValueError, match="num_mel_bins"):
        tf.signal.linear_to_mel_weight_matrix(num_mel_bins=0)


# --- graph mode -----------------------------------------------------------------------------------
def _features(x):
    spec = tf.abs(tf.signal.stft(x, frame_length=16, frame_step=8))
    mel = tf.tensordot(spec, tf.signal.linear_to_mel_weight_matrix(8, 9, 8000, 50.0, 4000.0), 1)
    return tf.signal.mfccs_from_log_mel_spectrograms(tf.math.log(mel + 1e-6))


def test_features_in_tf_function_with_unknown_batch():
    x = R.standard_normal((3, 64)).astype(np.float32)
    traced = tf.function(_features,
                         input_signature=[tf.TensorSpec([None, 64], tf.float32)])
    assert_close(traced(x), _features(tf.constant(x)), rtol=1e-5, atol=1e-5)
    assert_close(traced(x[:2]), _features(tf.constant(x[:2])), rtol=1e-5, atol=1e-5)


def test_inverse_stft_and_dct_in_tf_function():
    x = R.standard_normal((2, 40))

    @tf.function
    def round_trip(v):
        s = tf.signal.stft(v, 8, 2)
        back = tf.signal.inverse_stft(s, 8, 2, window_fn=tf.signal.inverse_stft_window_fn(2))
        return back, tf.signal.idct(tf.signal.dct(v, type=4), type=4)

    back, dct = round_trip(tf.constant(x))
    np.testing.assert_allclose(np.asarray(back)[:, 8:32], x[:, 8:32], atol=1e-9)
    assert_close(dct, 80 * x, rtol=1e-9, atol=1e-9)


def test_features_in_dataset_map():
    x = R.standard_normal((4, 64)).astype(np.float32)
    ds = tf.data.Dataset.from_tensor_slices(x).map(_features).batch(4)
    assert_close(next(iter(ds)), _features(tf.constant(x)), rtol=1e-5, atol=1e-5)


def test_gradient_through_features_in_tf_function():
    x = R.standard_normal((2, 64))

    @tf.function
    def grad(v):
        with tf.GradientTape() as tape:
            tape.watch(v)
            loss = tf.reduce_sum(tf.square(_features(tf.cast(v, tf.float32))))
        return tape.gradient(loss, v)

    v = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(v)
        loss = tf.reduce_sum(tf.square(_features(tf.cast(v, tf.float32))))
    assert_close(grad(v), tape.gradient(loss, v), rtol=1e-4, atol=1e-4)


def test_keras_model_trains_on_spectrograms():
    rng = np.random.default_rng(0)
    t = np.arange(128) / 128.0
    freqs = rng.choice([5.0, 30.0], size=32)
    waves = np.sin(2 * np.pi * freqs[:, None] * t).astype(np.float32)
    labels = (freqs > 10).astype(np.float32)
    inputs = tf.keras.Input((128,))
    spec = tf.keras.layers.Lambda(
        lambda w: tf.abs(tf.signal.stft(w, frame_length=32, frame_step=16)))(inputs)
    outputs = tf.keras.layers.Dense(1, activation="sigmoid")(tf.keras.layers.Flatten()(spec))
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(waves, labels, epochs=15, batch_size=8, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_variable_length_signals_trace_once():
    def gen():
        for n in (50, 64, 81):
            yield np.arange(n, dtype=np.float32) / 10.0

    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([None], tf.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback to eager per element
        shapes = [tuple(s.shape) for s in
                  ds.map(lambda x: tf.abs(tf.signal.stft(x, 16, 8, pad_end=True)))]
    assert shapes == [(7, 9), (8, 9), (11, 9)]

    @tf.function(input_signature=[tf.TensorSpec([None, 9], tf.complex64)])
    def inverse(spec):
        return tf.signal.inverse_stft(spec, 16, 8)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.abs(tf.signal.stft(x, 16, 8, pad_end=True)))
        return tape.gradient(y, x)

    for n in (40, 57):
        x = tf.constant(R.standard_normal(n).astype(np.float32))
        spec = tf.signal.stft(x, 16, 8)
        assert_close(inverse(spec), tf.signal.inverse_stft(spec, 16, 8), rtol=1e-5, atol=1e-5)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.abs(tf.signal.stft(x, 16, 8, pad_end=True)))
        assert_close(grad(x), tape.gradient(y, x), rtol=1e-5, atol=1e-5)
    assert inverse.experimental_get_tracing_count() == 1
    assert grad.experimental_get_tracing_count() == 1


# --- MDCT -----------------------------------------------------------------------------------------
def test_mdct_matches_its_definition_and_reconstructs():
    x = R.standard_normal(48)
    n = 8  # frame_length 2N = 16: X_k = sum_n w_n x_n cos(pi / N (n + 1/2 + N/2)(k + 1/2))
    window = np.asarray(tf.signal.vorbis_window(2 * n, dtype=tf.float64))
    frames = _np_frame(x, 2 * n, n) * window
    i, k = np.arange(2 * n)[:, None], np.arange(n)[None]
    basis = np.cos(np.pi / n * (i + 0.5 + n / 2) * (k + 0.5))
    assert_close(tf.signal.mdct(x, 2 * n), 2 * frames @ basis, rtol=1e-9, atol=1e-9)
    for norm in (None, "ortho"):
        back = tf.signal.inverse_mdct(tf.signal.mdct(x, 2 * n, norm=norm), norm=norm)
        np.testing.assert_allclose(np.asarray(back)[n:-n], x[n:-n], atol=1e-9)
    flat = tf.signal.inverse_mdct(tf.signal.mdct(x, 16, window_fn=None), window_fn=None)
    np.testing.assert_allclose(np.asarray(flat)[8:-8], x[8:-8], atol=1e-9)


def test_mdct_gradients_and_errors():
    check_gradient(lambda x: tf.signal.mdct(x, 8, pad_end=True), [R.standard_normal((2, 18))])
    check_gradient(tf.signal.inverse_mdct, [R.standard_normal((3, 4))])
    with pytest.raises(ValueError, match="multiple of 4"):
        tf.signal.mdct(tf.zeros([16]), 6)


def test_signal_graphs_save_and_load(tmp_path):
    class Features(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, 64], tf.float32)])
        def __call__(self, x):
            spec = tf.signal.stft(x, 16, 8, pad_end=True)
            return (tf.abs(spec), tf.signal.inverse_stft(spec, 16, 8),
                    tf.signal.dct(x, type=1), tf.signal.dct(x, type=3, norm="ortho"),
                    tf.signal.idct(x, type=4, n=40), tf.signal.fft2d(tf.complex(x, x)),
                    tf.signal.inverse_mdct(tf.signal.mdct(x, 8)),
                    tf.signal.fftshift(tf.signal.rfft(x, [30]), axes=1))

    module = Features()
    x = R.standard_normal((2, 64)).astype(np.float32)
    expected = module(x)
    tf.saved_model.save(module, str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    for got, want in zip(loaded(x), expected):
        assert_close(got, np.asarray(want), rtol=1e-6, atol=1e-6)
    assert tuple(loaded(x[:1])[0].shape) == (1, 8, 9)
