"""TF2 reference snippets: tf.signal (FFTs, DCTs, frame/overlap_and_add, windows, STFT, mel
filterbanks, MFCCs) - values, dtypes, shapes, defaults, gradients and error classes."""

_X = "tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])"
_Z = "tf.complex(tf.constant([1.0, 2.0, 3.0, 4.0, 5.0]), tf.constant([5.0, 4.0, 3.0, 2.0, 1.0]))"
_M = "tf.reshape(tf.range(12.0), [3, 4])"
_CM = "tf.complex(tf.reshape(tf.range(12.0), [3, 4]), tf.reshape(tf.range(12.0), [3, 4]) * 0.5)"
_SIG = "tf.sin(tf.range(64.0) * 0.3) + 0.5 * tf.cos(tf.range(64.0) * 1.1)"
_SIG64 = "tf.sin(tf.range(64, dtype=tf.float64) * 0.3)"

SNIPPETS = {
    # --- complex FFTs ---------------------------------------------------------------------
    "fft": f"tf.signal.fft({_Z})",
    "fft_list_input": "tf.signal.fft([1.0, 2.0])",
    "fft_float_error": f"tf.signal.fft({_X})",
    "fft_int_error": "tf.signal.fft(tf.constant([1, 2]))",
    "fft_c128": "tf.signal.fft(tf.constant([1 + 2j, 3 - 1j, 0.5j], tf.complex128))",
    "fft_batch": f"tf.signal.fft({_CM})",
    "fft_empty": "tf.signal.fft(tf.zeros([2, 0], tf.complex64))",
    "ifft": f"tf.signal.ifft({_Z})",
    "ifft_roundtrip": f"tf.signal.ifft(tf.signal.fft({_Z}))",
    "fft2d": f"tf.signal.fft2d({_CM})",
    "ifft2d": f"tf.signal.ifft2d({_CM})",
    "fft2d_rank1_error": f"tf.signal.fft2d({_Z})",
    "fft3d": f"tf.signal.fft3d(tf.reshape({_CM}, [3, 2, 2]))",
    "ifft3d": f"tf.signal.ifft3d(tf.reshape({_CM}, [1, 3, 2, 2]))",
    "fft3d_rank2_error": f"tf.signal.fft3d({_CM})",
    # --- real FFTs ------------------------------------------------------------------------
    "rfft": f"tf.signal.rfft({_X})",
    "rfft_even": "tf.signal.rfft(tf.constant([1.0, -2.0, 3.0, 0.5]))",
    "rfft_float64": "tf.signal.rfft(tf.constant([1.0, 2.0, 0.5], tf.float64))",
    "rfft_list": "tf.signal.rfft([1.0, 2.0, 3.0])",
    "rfft_int_error": "tf.signal.rfft(tf.constant([1, 2]))",
    "rfft_complex_error": f"tf.signal.rfft({_Z})",
    "rfft_float16_error": "tf.signal.rfft(tf.constant([1.0, 2.0], tf.float16))",
    "rfft_pad": f"tf.signal.rfft({_X}, fft_length=[8])",
    "rfft_crop": f"tf.signal.rfft({_X}, fft_length=[3])",
    "rfft_tensor_length": f"tf.signal.rfft({_X}, fft_length=tf.constant([6]))",
    "rfft_int_length_error": f"tf.signal.rfft({_X}, fft_length=3)",
    "rfft_scalar_error": "tf.signal.rfft(tf.constant(1.0))",
    "rfft_empty": "tf.signal.rfft(tf.zeros([2, 0]))",
    "rfft_batch": f"tf.signal.rfft({_M})",
    "irfft": f"tf.signal.irfft(tf.signal.rfft({_X}))",
    "irfft_length": f"tf.signal.irfft(tf.signal.rfft({_X}), fft_length=[5])",
    "irfft_pad": f"tf.signal.irfft(tf.signal.rfft({_X}), fft_length=[9])",
    "irfft_crop": f"tf.signal.irfft(tf.signal.rfft({_X}), fft_length=[2])",
    "irfft_float_error": f"tf.signal.irfft({_X})",
    "irfft_c128": "tf.signal.irfft(tf.constant([1 + 2j, 3 + 0j, 1 - 1j]))",
    "irfft_not_hermitian": f"tf.signal.irfft({_Z})",
    "irfft_not_hermitian_odd": f"tf.signal.irfft({_Z}, fft_length=[7])",
    "rfft2d": f"tf.signal.rfft2d({_M})",
    "rfft2d_length": f"tf.signal.rfft2d({_M}, fft_length=[2, 6])",
    "irfft2d": f"tf.signal.irfft2d(tf.signal.rfft2d({_M}))",
    "irfft2d_raw": f"tf.signal.irfft2d({_CM})",
    "irfft2d_length": f"tf.signal.irfft2d({_CM}, fft_length=[4, 5])",
    "rfft3d": "tf.signal.rfft3d(tf.reshape(tf.range(8.0), [2, 2, 2]))",
    "irfft3d": "tf.signal.irfft3d(tf.signal.rfft3d(tf.reshape(tf.range(12.0), [1, 2, 2, 3])),"
               " fft_length=[2, 2, 3])",
    "rfft2d_rank1_error": f"tf.signal.rfft2d({_X})",
    # --- shifts ---------------------------------------------------------------------------
    "fftshift": "tf.signal.fftshift(tf.range(5))",
    "fftshift_2d": "tf.signal.fftshift(tf.reshape(tf.range(6), [2, 3]))",
    "fftshift_axes": "tf.signal.fftshift(tf.reshape(tf.range(6), [2, 3]), axes=1)",
    "ifftshift": "tf.signal.ifftshift(tf.range(5))",
    "ifftshift_axes": "tf.signal.ifftshift(tf.reshape(tf.range(6), [2, 3]), axes=[-1])",
    "fftshift_list": "tf.signal.fftshift([1, 2, 3, 4])",
    "fftshift_complex": f"tf.signal.fftshift(tf.signal.fft({_Z}))",
    # --- gradients (TF's convention: dL/dRe + i dL/dIm) -----------------------------------
    "grad_rfft": """
x = tf.constant([1.0, -2.0, 0.5, 3.0, 1.5])
with tf.GradientTape() as tape:
    tape.watch(x)
    r = tf.signal.rfft(x)
    loss = tf.reduce_sum(tf.math.real(r) * [1.0, 2.0, -1.0]
                         + tf.math.imag(r) * [0.5, -1.0, 3.0])
result = tape.gradient(loss, x)
""",
    "grad_rfft_even_pad": """
x = tf.constant([1.0, -2.0, 0.5, 3.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    r = tf.signal.rfft(x, fft_length=[6])
    loss = tf.reduce_sum(tf.abs(r))
result = tape.gradient(loss, x)
""",
    "grad_irfft": """
re = tf.constant([1.0, -2.0, 0.5, 3.0])
im = tf.constant([0.5, 1.0, -1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch([re, im])
    y = tf.signal.irfft(tf.complex(re, im))
    loss = tf.reduce_sum(y * tf.range(6.0))
result = tape.gradient(loss, [re, im])
""",
    "grad_irfft_odd": """
re = tf.constant([1.0, -2.0, 0.5])
im = tf.constant([0.5, 1.0, -1.0])
with tf.GradientTape() as tape:
    tape.watch([re, im])
    y = tf.signal.irfft(tf.complex(re, im), fft_length=[5])
    loss = tf.reduce_sum(y * tf.range(5.0))
result = tape.gradient(loss, [re, im])
""",
    "grad_fft": """
re = tf.constant([1.0, -2.0, 0.5])
im = tf.constant([0.5, 1.0, -1.0])
with tf.GradientTape() as tape:
    tape.watch([re, im])
    y = tf.signal.fft(tf.complex(re, im))
    loss = tf.reduce_sum(tf.math.real(y) * [1.0, 2.0, 3.0] - tf.math.imag(y))
result = tape.gradient(loss, [re, im])
""",
    "grad_ifft2d": """
re = tf.reshape(tf.range(6.0), [2, 3])
with tf.GradientTape() as tape:
    tape.watch(re)
    y = tf.signal.ifft2d(tf.complex(re, re * re))
    loss = tf.reduce_sum(tf.abs(y))
result = tape.gradient(loss, re)
""",
    "grad_rfft2d": """
x = tf.reshape(tf.range(6.0), [2, 3])
with tf.GradientTape() as tape:
    tape.watch(x)
    loss = tf.reduce_sum(tf.math.imag(tf.signal.rfft2d(x)) * 2.0
                         + tf.math.real(tf.signal.rfft2d(x)))
result = tape.gradient(loss, x)
""",
    "grad_spectrogram": f"""
x = {_SIG}
with tf.GradientTape() as tape:
    tape.watch(x)
    s = tf.abs(tf.signal.stft(x, frame_length=16, frame_step=8))
    loss = tf.reduce_sum(s * s)
result = tape.gradient(loss, x)
""",
    # --- DCT ------------------------------------------------------------------------------
    **{f"dct{t}_{n}": f"tf.signal.dct(tf.constant([1.0, 2.0, 3.0, 4.0, 5.0], tf.float64), "
                      f"type={t}, norm={n!r})"
       for t in (1, 2, 3, 4) for n in (None, "ortho") if not (t == 1 and n)},
    **{f"idct{t}_{n}": f"tf.signal.idct(tf.constant([1.0, 2.0, 3.0, 4.0, 5.0], tf.float64), "
                       f"type={t}, norm={n!r})"
       for t in (1, 2, 3, 4) for n in (None, "ortho") if not (t == 1 and n)},
    "dct_default_float32": f"tf.signal.dct({_X})",
    "dct_batch": "tf.signal.dct(tf.reshape(tf.range(6.0), [2, 3]))",
    "dct_even_length": "tf.signal.dct(tf.constant([1.0, -1.0, 2.0, 0.5]), norm='ortho')",
    "dct_n_crop": f"tf.signal.dct({_X}, n=3)",
    "dct_n_pad": f"tf.signal.dct({_X}, n=8)",
    "dct1_n_pad": f"tf.signal.dct({_X}, type=1, n=8)",
    "idct_n_pad": f"tf.signal.idct({_X}, n=8)",
    "dct_n0_error": f"tf.signal.dct({_X}, n=0)",
    "dct1_ortho_error": f"tf.signal.dct({_X}, type=1, norm='ortho')",
    "dct_type5_error": f"tf.signal.dct({_X}, type=5)",
    "dct_bad_norm_error": f"tf.signal.dct({_X}, norm='forward')",
    "dct_axis_error": f"tf.signal.dct({_M}, axis=0)",
    "dct_int_error": "tf.signal.dct(tf.constant([1, 2]))",
    "dct_float16_error": "tf.signal.dct(tf.constant([1.0, 2.0], tf.float16))",
    "dct_list": "tf.signal.dct([1.0, 2.0])",
    "idct_roundtrip_ortho": f"tf.signal.idct(tf.signal.dct({_X}, norm='ortho'), norm='ortho')",
    "grad_dct": """
x = tf.constant([1.0, -2.0, 0.5, 3.0])
result = []
for t, n in ((1, None), (2, 'ortho'), (3, 'ortho'), (3, None), (4, None)):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.signal.dct(x, type=t, norm=n)
        loss = tf.reduce_sum(y * [1.0, 2.0, 3.0, 4.0])
    result.append(tape.gradient(loss, x))
""",
    # --- frame / overlap_and_add ----------------------------------------------------------
    "frame": "tf.signal.frame(tf.range(10), 4, 3)",
    "frame_pad_end": "tf.signal.frame(tf.range(10), 4, 3, pad_end=True)",
    "frame_pad_value": "tf.signal.frame(tf.range(10), 4, 3, pad_end=True, pad_value=-1)",
    "frame_pad_end_odd": "tf.signal.frame(tf.range(7), 3, 2, pad_end=True)",
    "frame_too_short": "tf.signal.frame(tf.range(3), 4, 2)",
    "frame_too_short_pad": "tf.signal.frame(tf.range(3), 4, 2, pad_end=True)",
    "frame_empty": "tf.signal.frame(tf.range(0), 4, 2)",
    "frame_empty_pad": "tf.signal.frame(tf.range(0), 4, 2, pad_end=True)",
    "frame_axis0": "tf.signal.frame(tf.reshape(tf.range(12), [6, 2]), 3, 2, axis=0)",
    "frame_axis1": "tf.signal.frame(tf.reshape(tf.range(12), [2, 6]), 3, 2, axis=1)",
    "frame_axis_neg2": "tf.signal.frame(tf.reshape(tf.range(12), [6, 2]), 3, 2, axis=-2)",
    "frame_axis_middle": "tf.signal.frame(tf.reshape(tf.range(24.0), [2, 6, 2]), 2, 2,"
                         " axis=1, pad_end=True, pad_value=0.5)",
    "frame_float": "tf.signal.frame(tf.range(5.0), 2, 2)",
    "frame_float_int_pad": "tf.signal.frame(tf.range(5.0), 2, 2, pad_end=True, pad_value=3)",
    "frame_list": "tf.signal.frame([1.0, 2.0, 3.0], 2, 1)",
    "frame_scalar_error": "tf.signal.frame(tf.constant(1.0), 2, 1)",
    "frame_length0": "tf.signal.frame(tf.range(10), 0, 1)",
    "frame_step_gt_length": "tf.signal.frame(tf.range(10), 2, 5)",
    "frame_tensor_args": "tf.signal.frame(tf.range(10), tf.constant(4), tf.constant(3))",
    "frame_batch": "tf.signal.frame(tf.reshape(tf.range(20.0), [2, 10]), 4, 2)",
    "frame_shape_attr": "tf.signal.frame(tf.zeros([3, 16000]), 255, 128).shape",
    "grad_frame": """
x = tf.range(9.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.signal.frame(x, 4, 2, pad_end=True)
    loss = tf.reduce_sum(y * tf.reshape(tf.range(20.0), [5, 4]))
result = tape.gradient(loss, x)
""",
    "overlap_and_add": "tf.signal.overlap_and_add(tf.reshape(tf.range(12.0), [3, 4]), 2)",
    "overlap_and_add_int": "tf.signal.overlap_and_add(tf.reshape(tf.range(12), [3, 4]), 3)",
    "overlap_and_add_batch": "tf.signal.overlap_and_add(tf.reshape(tf.range(24.0), [2, 3, 4]),"
                             " 1)",
    "overlap_and_add_gap": "tf.signal.overlap_and_add(tf.reshape(tf.range(12.0), [3, 4]), 5)",
    "overlap_and_add_rank1_error": "tf.signal.overlap_and_add(tf.range(4.0), 1)",
    "overlap_and_add_no_frames": "tf.signal.overlap_and_add(tf.zeros([0, 4]), 2)",
    "overlap_and_add_list": "tf.signal.overlap_and_add([[1.0, 2.0], [3.0, 4.0]], 1)",
    "overlap_and_add_tensor_step": "tf.signal.overlap_and_add([[1.0, 2.0], [3.0, 4.0]],"
                                   " tf.constant(1))",
    "overlap_and_add_complex": "tf.signal.overlap_and_add(tf.complex([[1.0, 2.0], [3.0, 4.0]],"
                               " [[1.0, 2.0], [3.0, 4.0]]), 1)",
    "grad_overlap_and_add": """
x = tf.reshape(tf.range(12.0), [3, 4])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.signal.overlap_and_add(x, 3)
    loss = tf.reduce_sum(y * y)
result = tape.gradient(loss, x)
""",
    # --- windows --------------------------------------------------------------------------
    **{f"{w}_{case}": f"tf.signal.{w}_window({args})"
       for w in ("hann", "hamming")
       for case, args in (("5", "5"), ("4", "4"), ("4_symmetric", "4, periodic=False"),
                          ("5_symmetric", "5, periodic=False"), ("1", "1"), ("0", "0"),
                          ("float64", "6, dtype=tf.float64"), ("float16", "4, dtype=tf.float16"),
                          ("int_dtype_error", "4, dtype=tf.int32"), ("negative_error", "-1"),
                          ("tensor_length", "tf.constant(8)"), ("float_length_error", "4.0"),
                          ("periodic_tensor", "4, periodic=tf.constant(False)"),
                          ("256", "256"))},
    "kaiser": "tf.signal.kaiser_window(5)",
    "kaiser_beta": "tf.signal.kaiser_window(6, beta=2.5)",
    "kaiser_1": "tf.signal.kaiser_window(1)",
    "kaiser_0_error": "tf.signal.kaiser_window(0)",
    "kaiser_float64": "tf.signal.kaiser_window(7, dtype=tf.float64)",
    "kaiser_int_error": "tf.signal.kaiser_window(4, dtype=tf.int32)",
    "kbd": "tf.signal.kaiser_bessel_derived_window(6)",
    "kbd_odd": "tf.signal.kaiser_bessel_derived_window(5)",
    "kbd_beta": "tf.signal.kaiser_bessel_derived_window(8, beta=3.0)",
    "kbd_1": "tf.signal.kaiser_bessel_derived_window(1)",
    "kbd_2": "tf.signal.kaiser_bessel_derived_window(2)",
    "kbd_0": "tf.signal.kaiser_bessel_derived_window(0)",
    "kbd_float64": "tf.signal.kaiser_bessel_derived_window(10, dtype=tf.float64)",
    "vorbis": "tf.signal.vorbis_window(6)",
    "vorbis_odd": "tf.signal.vorbis_window(5)",
    "vorbis_1": "tf.signal.vorbis_window(1)",
    "vorbis_0": "tf.signal.vorbis_window(0)",
    "vorbis_float64": "tf.signal.vorbis_window(9, dtype=tf.float64)",
    "vorbis_int_error": "tf.signal.vorbis_window(4, dtype=tf.int32)",
    # --- STFT -----------------------------------------------------------------------------
    "stft_tutorial_shape": "tf.signal.stft(tf.zeros([16000]), frame_length=255,"
                           " frame_step=128).shape",
    "stft": f"tf.signal.stft({_SIG}, frame_length=16, frame_step=8)",
    "stft_abs": f"tf.abs(tf.signal.stft({_SIG}, frame_length=20, frame_step=10))",
    "stft_float64": f"tf.signal.stft({_SIG64}, frame_length=16, frame_step=8)",
    "stft_fft_length": f"tf.signal.stft({_SIG}, 16, 8, fft_length=32)",
    "stft_pad_end": f"tf.signal.stft({_SIG}, 12, 5, pad_end=True)",
    "stft_no_window": f"tf.signal.stft({_SIG}, 8, 8, window_fn=None)",
    "stft_hamming": f"tf.signal.stft({_SIG}, 10, 4, window_fn=tf.signal.hamming_window)",
    "stft_batch": f"tf.signal.stft(tf.stack([{_SIG}, -{_SIG}]), 16, 16)",
    "stft_int_error": "tf.signal.stft(tf.range(64), 16, 8)",
    "inverse_stft": f"""
s = tf.signal.stft({_SIG64}, 16, 4)
result = tf.signal.inverse_stft(s, 16, 4,
                                window_fn=tf.signal.inverse_stft_window_fn(4))
""",
    "inverse_stft_default_window": f"tf.signal.inverse_stft(tf.signal.stft({_SIG}, 16, 8),"
                                   " 16, 8)",
    "inverse_stft_fft_length": f"tf.signal.inverse_stft(tf.signal.stft({_SIG}, 12, 6, 8),"
                               " 12, 6, 8)",
    "inverse_stft_rank1_error": "tf.signal.inverse_stft(tf.zeros([9], tf.complex64), 16, 8)",
    "inverse_stft_window_fn": "tf.signal.inverse_stft_window_fn(4)(16, tf.float32)",
    "inverse_stft_window_fn_hamming": "tf.signal.inverse_stft_window_fn(3, "
                                      "tf.signal.hamming_window)(10, tf.float64)",
    "inverse_stft_window_fn_gap": "tf.signal.inverse_stft_window_fn(6)(4, tf.float32)",
    # --- MDCT -----------------------------------------------------------------------------
    "mdct": f"tf.signal.mdct({_SIG64}, 16)",
    "mdct_float32": "tf.signal.mdct(tf.range(16.0), 8)",
    "mdct_ortho_no_window": f"tf.signal.mdct({_SIG64}, 8, window_fn=None, norm='ortho')",
    "mdct_pad_end_kbd": f"tf.signal.mdct({_SIG64}[:30], 8, pad_end=True,"
                        " window_fn=tf.signal.kaiser_bessel_derived_window)",
    "mdct_bad_length_error": f"tf.signal.mdct({_SIG}, 10)",
    "inverse_mdct": f"tf.signal.inverse_mdct(tf.signal.mdct({_SIG64}, 16))",
    "inverse_mdct_ortho": f"tf.signal.inverse_mdct(tf.signal.mdct({_SIG64}, 8, norm='ortho'),"
                          " norm='ortho')",
    "inverse_mdct_no_window": "tf.signal.inverse_mdct(tf.reshape(tf.range(12.0), [3, 4]),"
                              " window_fn=None)",
    "inverse_mdct_rank1_error": "tf.signal.inverse_mdct(tf.range(4.0))",
    "grad_mdct": f"""
x = {_SIG64}[:24]
with tf.GradientTape() as tape:
    tape.watch(x)
    loss = tf.reduce_sum(tf.signal.mdct(x, 8) * tf.reshape(tf.range(20.0, dtype=tf.float64),
                                                           [5, 4]))
result = tape.gradient(loss, x)
""",
    # --- mel / MFCC -----------------------------------------------------------------------
    "mel_default": "tf.signal.linear_to_mel_weight_matrix()",
    # float32 filterbanks differ from TF's by float32 log rounding (1 ulp of ~2000 mels,
    # amplified by the band widths): values are pinned in float64, float32 by its metadata
    "mel_tutorial": "tf.signal.linear_to_mel_weight_matrix(40, 513, 16000, 80.0, 7600.0,"
                    " tf.float64)",
    "mel_tutorial_float32": "m = tf.signal.linear_to_mel_weight_matrix(40, 513, 16000, 80.0,"
                            " 7600.0)\nresult = (m.shape, m.dtype.name, tf.reduce_max(m) > 0.99)",
    "mel_float64": "tf.signal.linear_to_mel_weight_matrix(8, 33, 8000, 0.0, 4000.0, tf.float64)",
    "mel_tensor_rate": "tf.signal.linear_to_mel_weight_matrix(4, 17, tf.constant(8000.0))",
    "mel_int_rate": "tf.signal.linear_to_mel_weight_matrix(5, 9, 16000, 100.0, 8000.0)",
    "mel_bins0_error": "tf.signal.linear_to_mel_weight_matrix(0)",
    "mel_negative_lower_error": "tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=-1.0)",
    "mel_edges_error": "tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=4000.0,"
                       " upper_edge_hertz=3000.0)",
    "mel_nyquist_error": "tf.signal.linear_to_mel_weight_matrix(upper_edge_hertz=5000.0)",
    "mel_int_dtype_error": "tf.signal.linear_to_mel_weight_matrix(dtype=tf.int32)",
    "mel_spectrogram": f"""
s = tf.abs(tf.signal.stft({_SIG}, 32, 16))
m = tf.signal.linear_to_mel_weight_matrix(6, 17, 8000, 100.0, 4000.0)
result = tf.tensordot(s, m, 1)
""",
    "mfcc": """
log_mel = tf.math.log(tf.reshape(tf.range(1.0, 25.0), [2, 3, 4]) + 1e-6)
result = tf.signal.mfccs_from_log_mel_spectrograms(log_mel)
""",
    "mfcc_float64": "tf.signal.mfccs_from_log_mel_spectrograms(tf.constant([[0.5, -1.0, 2.0]],"
                    " tf.float64))",
    "mfcc_empty_error": "tf.signal.mfccs_from_log_mel_spectrograms(tf.zeros([2, 0]))",
    "mfcc_pipeline": f"""
s = tf.abs(tf.signal.stft({_SIG64}, 32, 16))
mel = tf.tensordot(s, tf.signal.linear_to_mel_weight_matrix(10, 17, 8000, 50.0, 4000.0,
                                                            tf.float64), 1)
result = tf.signal.mfccs_from_log_mel_spectrograms(tf.math.log(mel + 1e-6))[..., :5]
""",
    # --- more argument forms and edge cases ---------------------------------------------
    "stft_fft_length_short": f"tf.signal.stft({_SIG}, 16, 8, fft_length=8)",
    "stft_tensor_args": f"tf.signal.stft({_SIG}, tf.constant(16), tf.constant(8),"
                        " tf.constant(16))",
    "stft_symmetric_window": f"tf.signal.stft({_SIG}, 9, 5, window_fn=lambda n, dtype:"
                             " tf.signal.hann_window(n, periodic=False, dtype=dtype))",
    "stft_list_input": "tf.signal.stft([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 4, 2)",
    "stft_short_signal": "tf.signal.stft(tf.ones([5]), 8, 4)",
    "stft_short_signal_pad": "tf.signal.stft(tf.ones([5]), 8, 4, pad_end=True)",
    "frame_pad_step_gt_length": "tf.signal.frame(tf.range(10), 2, 4, pad_end=True)",
    "frame_pad_value_tensor": "tf.signal.frame(tf.range(5), 2, 2, pad_end=True,"
                              " pad_value=tf.constant(7))",
    "frame_negative_length_error": "tf.signal.frame(tf.range(10), -1, 1)",
    "frame_zero_step_error": "tf.signal.frame(tf.range(10), 2, 0)",
    "frame_complex": "tf.signal.frame(tf.complex(tf.range(4.0), tf.range(4.0)), 2, 1)",
    "frame_float64_axis0_batch": "tf.signal.frame(tf.reshape(tf.range(12, dtype=tf.float64),"
                                 " [4, 3]), 2, 1, axis=0, pad_end=True, pad_value=-2.0)",
    "overlap_and_add_length1": "tf.signal.overlap_and_add(tf.ones([3, 1]), 2)",
    "overlap_and_add_float64": "tf.signal.overlap_and_add(tf.ones([2, 3, 4], tf.float64), 2)",
    "hann_int64_length": "tf.signal.hann_window(tf.constant(4, tf.int64))",
    "hann_64_float64": "tf.signal.hann_window(64, dtype=tf.float64)",
    "rfft_variable": "tf.signal.rfft(tf.Variable([1.0, 2.0, 3.0]))",
    "rfft_numpy_float64": "tf.signal.rfft(np.array([1.0, 2.0, 3.0]))",
    "fft_numpy_complex128": "tf.signal.fft(np.array([1 + 1j, 2 - 1j]))",
    "fftshift_axes_tuple": "tf.signal.fftshift(tf.reshape(tf.range(12), [3, 4]), axes=(0, 1))",
    "ifftshift_even": "tf.signal.ifftshift(tf.range(6))",
    "fftshift_float": "tf.signal.fftshift(tf.constant([[1.0, 2.0, 3.0]]), axes=-1)",
    "grad_irfft2d": """
re = tf.reshape(tf.range(6.0), [2, 3])
with tf.GradientTape() as tape:
    tape.watch(re)
    y = tf.signal.irfft2d(tf.complex(re, re * 0.5 - 1.0))
    loss = tf.reduce_sum(y * tf.reshape(tf.range(8.0), [2, 4]))
result = tape.gradient(loss, re)
""",
    "grad_dct_n": """
x = tf.constant([1.0, -2.0, 0.5, 3.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    loss = tf.reduce_sum(tf.signal.dct(x, n=3) * [1.0, 2.0, 3.0]
                         + tf.signal.idct(x, n=7) * tf.range(7.0))
result = tape.gradient(loss, x)
""",
    "grad_mfcc": """
x = tf.reshape(tf.range(1.0, 13.0), [3, 4])
with tf.GradientTape() as tape:
    tape.watch(x)
    m = tf.signal.mfccs_from_log_mel_spectrograms(tf.math.log(x))
    loss = tf.reduce_sum(m * m)
result = tape.gradient(loss, x)
""",
    "grad_inverse_stft": """
re = tf.reshape(tf.range(15.0), [3, 5]) / 10.0
with tf.GradientTape() as tape:
    tape.watch(re)
    y = tf.signal.inverse_stft(tf.complex(re, -re), 8, 4)
    loss = tf.reduce_sum(y * y)
result = tape.gradient(loss, re)
""",
    "grad_fft_in_tf_function": """
@tf.function
def grad(re, im):
    with tf.GradientTape() as tape:
        tape.watch([re, im])
        loss = tf.reduce_sum(tf.abs(tf.signal.fft(tf.complex(re, im))))
    return tape.gradient(loss, [re, im])
result = grad(tf.constant([1.0, -2.0, 0.5, 3.0]), tf.constant([0.5, 1.0, -1.0, 2.0]))
""",
    # --- graph mode -----------------------------------------------------------------------
    "tf_function_spectrogram": f"""
@tf.function
def spectrogram(x):
    return tf.abs(tf.signal.stft(x, frame_length=16, frame_step=8))[..., tf.newaxis]
result = spectrogram({_SIG})
""",
    "dataset_map_spectrogram": f"""
ds = tf.data.Dataset.from_tensor_slices(tf.stack([{_SIG}, 2.0 * {_SIG}]))
ds = ds.map(lambda x: tf.abs(tf.signal.stft(x, 16, 8))).batch(2)
result = next(iter(ds))
""",
}
