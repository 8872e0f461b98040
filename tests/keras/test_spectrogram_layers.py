"""keras.ops.stft / istft / i0, keras.initializers.STFT and the STFTSpectrogram /
MelSpectrogram layers against NumPy FFTs and closed forms."""
import math

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.initializers_stft import get_window

RNG = np.random.RandomState(0)


def _frames(signal, length, step):
    count = (len(signal) - length) // step + 1
    return np.stack([signal[i * step:i * step + length] for i in range(count)])


def test_ops_stft_matches_numpy_fft():
    x = RNG.randn(3, 50)
    real, imag = tf.keras.ops.stft(x, 12, 5, 16, window="hann", center=True)
    padded = np.pad(x, [(0, 0), (8, 8)], mode="reflect")
    window = np.pad(np.hanning(13)[:12], (2, 2))  # periodic hann, centred in fft_length
    for b in range(3):
        want = np.fft.rfft(_frames(padded[b], 16, 5) * window, axis=-1)
        np.testing.assert_allclose(real.numpy()[b], want.real, atol=1e-10)
        np.testing.assert_allclose(imag.numpy()[b], want.imag, atol=1e-10)
    with pytest.raises(TypeError):
        tf.keras.ops.stft(np.arange(20), 4, 2, 4)


@pytest.mark.parametrize("center", [True, False])
def test_ops_istft_inverts_stft(center):
    x = RNG.randn(2, 96)
    spec = tf.keras.ops.stft(x, 16, 4, 16, center=center)
    y = tf.keras.ops.istft(spec, 16, 4, 16, length=96 if center else None,
                           center=center).numpy()
    inner = slice(16, 80)  # the edges lack overlapping frames
    np.testing.assert_allclose(y[:, inner], x[:, inner], atol=1e-8)


def test_ops_i0():
    values = np.array([0.0, 0.5, 2.0])
    series = sum((values / 2) ** (2 * k) / math.factorial(k) ** 2 for k in range(30))
    got = tf.keras.ops.i0(values)
    assert got.dtype == tf.float64
    np.testing.assert_allclose(got.numpy(), series, rtol=1e-12)
    assert tf.keras.ops.i0(np.array([1], np.int32)).dtype == tf.float32


def test_windows_match_closed_forms():
    np.testing.assert_allclose(get_window("hann", 8, periodic=False), np.hanning(8))
    np.testing.assert_allclose(get_window("hann", 8, periodic=True), np.hanning(9)[:8])
    np.testing.assert_allclose(get_window("hamming", 7, periodic=False), np.hamming(7))
    np.testing.assert_allclose(get_window("blackman", 6, periodic=False), np.blackman(6),
                               atol=1e-15)
    np.testing.assert_allclose(get_window("bartlett", 5, periodic=False), np.bartlett(5))
    with pytest.raises(ValueError):
        get_window("nonsense", 4)


def test_stft_initializer_is_a_scaled_dft_basis():
    kernel = tf.keras.initializers.STFT("real", window="hann", scaling="spectrum")(
        (8, 1, 5), dtype="float64").numpy()[:, 0]
    win = np.hanning(8)
    t, f = np.arange(8)[:, None], np.arange(5)[None]
    np.testing.assert_allclose(kernel, np.cos(2 * np.pi * t * f / 8) * win[:, None] / win.sum(),
                               atol=1e-12)
    config = tf.keras.initializers.STFT("imag", window=None).get_config()
    clone = tf.keras.initializers.get({"class_name": "STFT", "config": config})
    assert isinstance(clone, tf.keras.initializers.STFTInitializer) and clone.side == "imag"


def test_stft_spectrogram_matches_numpy():
    x = RNG.randn(2, 64, 3)
    layer = tf.keras.layers.STFTSpectrogram(mode="magnitude", frame_length=16, frame_step=4,
                                            window="hamming", periodic=True, scaling=None,
                                            dtype="float64")
    out = layer(x).numpy()
    win = np.hamming(17)[:16]
    for b in range(2):
        for c in range(3):
            want = np.abs(np.fft.rfft(_frames(x[b, :, c], 16, 4) * win, axis=-1))
            np.testing.assert_allclose(out[b, :, c * 9:(c + 1) * 9], want, rtol=1e-8,
                                       atol=1e-6)
    assert out.shape == tuple(layer.compute_output_shape((2, 64, 3)))


def test_stft_spectrogram_in_a_model_trains_and_round_trips():
    inputs = tf.keras.Input((32, 1))
    layer = tf.keras.layers.STFTSpectrogram(mode="log", frame_length=8, window=None,
                                            expand_dims=True)
    model = tf.keras.Model(inputs, layer(inputs))
    assert model.output_shape == (None, 7, 5, 1)
    x = tf.constant(RNG.randn(2, 32, 1).astype(np.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x))
    grads = tape.gradient(loss, layer.trainable_weights)
    assert len(grads) == 2 and all(np.any(g.numpy() != 0) for g in grads)
    clone = tf.keras.layers.STFTSpectrogram.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_mel_spectrogram_matches_manual_pipeline():
    audio = RNG.randn(2, 300)
    layer = tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8,
                                           sampling_rate=8000, power_to_db=False,
                                           window=None, dtype="float64")
    out = layer(audio).numpy()
    padded = np.pad(audio, [(0, 0), (32, 32)], mode="reflect")
    mel = tf.signal.linear_to_mel_weight_matrix(8, 33, 8000, 20.0, 4000,
                                                dtype=tf.float64).numpy()
    for b in range(2):
        power = np.abs(np.fft.rfft(_frames(padded[b], 64, 16), axis=-1)) ** 2
        np.testing.assert_allclose(out[b], (power @ mel).T, rtol=1e-8, atol=1e-8)
    db = tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8,
                                        sampling_rate=8000, top_db=30.0, window=None)(audio)
    power = tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8,
                                           sampling_rate=8000, power_to_db=False,
                                           window=None)(audio).numpy()
    want = 10 * np.log10(np.maximum(power, 1e-10))
    want = np.maximum(want, want.max() - 30.0)
    assert db.shape == (2, 8, 19)
    np.testing.assert_allclose(db.numpy(), want, rtol=1e-4, atol=1e-4)
