"""TF2 reference snippets for keras.ops.stft / istft / i0, keras.initializers.STFT and the
STFTSpectrogram / MelSpectrogram layers. The reference venv has no scipy, so STFT-initializer
windows are given as arrays (string windows go through scipy in Keras)."""

SETUP = """
rng = np.random.RandomState(0)
x = rng.randn(2, 64, 2).astype(np.float32)
a = rng.randn(2, 400).astype(np.float32)
w = np.hanning(17)[:16]
"""


def _snip(body: str) -> str:
    return SETUP + body


def _layer(mode: str, extra: str = "", data: str = "x") -> str:
    return _snip(f"l = tf.keras.layers.STFTSpectrogram(mode='{mode}', frame_length=16, "
                 f"frame_step=8, window=w, name='stft_{mode}'{extra})\n"
                 f"result = l({data})")


SNIPPETS = {
    "ops_stft_default": _snip("result = list(tf.keras.ops.stft(a, 10, 4, 16))"),
    "ops_stft_hamming_no_center": _snip(
        "result = list(tf.keras.ops.stft(a, 10, 4, 16, window='hamming', center=False))"),
    "ops_stft_array_window_float64": _snip(
        "result = list(tf.keras.ops.stft(a.astype(np.float64), 8, 8, 8, window=np.ones(8)))"),
    "ops_stft_no_window": _snip("result = list(tf.keras.ops.stft(a[0], 16, 5, 16, "
                                "window=None))"),
    "ops_stft_int_input": _snip("result = tf.keras.ops.stft(np.arange(20), 4, 2, 4)"),
    "ops_stft_short_fft": _snip("result = tf.keras.ops.stft(a, 16, 4, 8)"),
    "ops_stft_bad_window": _snip("result = tf.keras.ops.stft(a, 16, 4, 16, window='kaiser')"),
    "ops_istft_roundtrip": _snip(
        "s = tf.keras.ops.stft(a, 10, 4, 16)\nresult = tf.keras.ops.istft(s, 10, 4, 16)"),
    "ops_istft_length": _snip(
        "s = tf.keras.ops.stft(a, 10, 4, 16)\n"
        "result = tf.keras.ops.istft(s, 10, 4, 16, length=300)"),
    "ops_istft_no_center": _snip(
        "s = tf.keras.ops.stft(a, 12, 6, 16, window='hamming', center=False)\n"
        "result = tf.keras.ops.istft(s, 12, 6, 16, window='hamming', center=False)"),
    "ops_i0_int": "tf.keras.ops.i0(np.array([0, 1, 2]))",
    "ops_i0_float32": "tf.keras.ops.i0(np.array([0.5, -1.5], np.float32))",
    "ops_i0_float16": "tf.keras.ops.i0(np.array([0.5, 3.0], np.float16))",
    "init_stft_real_density": _snip(
        "result = tf.keras.initializers.STFT('real', window=w, scaling='density')((16, 1, 9))"),
    "init_stft_imag_spectrum_f64": _snip(
        "result = tf.keras.initializers.STFTInitializer('imag', window=w, "
        "scaling='spectrum')((16, 1, 9), dtype='float64')"),
    "init_stft_no_window": "tf.keras.initializers.stft('imag', window=None)((8, 1, 5))",
    "init_stft_bad_side": "tf.keras.initializers.STFT('both', window=None)",
    "init_stft_bad_scaling": "tf.keras.initializers.STFT('real', window=None, scaling='x')",
    "init_stft_config": "tf.keras.initializers.STFT('imag', window=None, "
                        "scaling=None).get_config()",
    "layer_log": _layer("log"),
    "layer_magnitude": _layer("magnitude"),
    "layer_psd": _layer("psd"),
    "layer_real": _layer("real"),
    "layer_imag": _layer("imag"),
    "layer_stft": _layer("stft"),
    "layer_same_expand": _layer("log", ", fft_length=32, padding='same', expand_dims=True"),
    "layer_channels_first": _layer("magnitude", ", data_format='channels_first'",
                                   "np.transpose(x, [0, 2, 1])"),
    "layer_channels_first_expand": _layer(
        "real", ", data_format='channels_first', expand_dims=True", "np.transpose(x, [0, 2, 1])"),
    "layer_output_shape": _snip(
        "l = tf.keras.layers.STFTSpectrogram(mode='stft', frame_length=16, window=w, "
        "name='stft_shape')\nresult = list(l.compute_output_shape((2, 64, 3)))"),
    "layer_weights": _snip(
        "l = tf.keras.layers.STFTSpectrogram(mode='real', frame_length=16, window=w, "
        "name='stft_w')\nl.build((None, 64, 1))\n"
        "result = [[v.name for v in l.weights], [tuple(v.shape) for v in l.weights]]"),
    "layer_bad_step": "tf.keras.layers.STFTSpectrogram(frame_length=8, frame_step=9)",
    "layer_bad_mode": "tf.keras.layers.STFTSpectrogram(mode='power', window=None)",
    "layer_bad_padding": "tf.keras.layers.STFTSpectrogram(padding='causal', window=None)",
    "layer_bad_dtype": _snip(
        "l = tf.keras.layers.STFTSpectrogram(frame_length=16, window=w, name='stft_int')\n"
        "result = l(np.ones((1, 32, 1), np.int32))"),
    "layer_bad_rank": _snip(
        "l = tf.keras.layers.STFTSpectrogram(frame_length=16, window=w, name='stft_rank')\n"
        "result = l(np.ones((1, 32), np.float32))"),
    "mel_default_db": _snip(
        "m = tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, "
        "num_mel_bins=10, sampling_rate=8000, window=None, name='mel_a')\nresult = m(a)"),
    "mel_hann_power": _snip(
        "m = tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, "
        "num_mel_bins=10, sampling_rate=8000, power_to_db=False, name='mel_b')\n"
        "result = m(a[0])"),
    "mel_options": _snip(
        "m = tf.keras.layers.MelSpectrogram(fft_length=128, sequence_stride=32, "
        "sequence_length=100, window='hamming', num_mel_bins=16, min_freq=50.0, "
        "max_freq=3000, top_db=20.0, mag_exp=1.0, ref_power=2.0, sampling_rate=8000, "
        "name='mel_c')\nresult = m(a)"),
    "mel_output_shape": "tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, "
                        "num_mel_bins=10, name='mel_d').compute_output_shape((2, 400))",
    "mel_bad_lengths": "tf.keras.layers.MelSpectrogram(fft_length=64, sequence_length=100)",
    "mel_config": "sorted(tf.keras.layers.MelSpectrogram(fft_length=64, "
                  "name='mel_e').get_config().items())[3:]",
}
