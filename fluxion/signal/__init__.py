"""The ``tf.signal`` namespace: FFTs, DCTs, framing, windows, STFTs and mel features."""
from fluxion.signal.dct_ops import dct, idct, mfccs_from_log_mel_spectrograms
from fluxion.signal.fft_ops import (
    fft,
    fft2d,
    fft3d,
    fftshift,
    ifft,
    ifft2d,
    ifft3d,
    ifftshift,
    irfft,
    irfft2d,
    irfft3d,
    rfft,
    rfft2d,
    rfft3d,
)
from fluxion.signal.mel_ops import linear_to_mel_weight_matrix
from fluxion.signal.shape_ops import frame, overlap_and_add
from fluxion.signal.spectral_ops import (
    inverse_mdct,
    inverse_stft,
    inverse_stft_window_fn,
    mdct,
    stft,
)
from fluxion.signal.window_ops import (
    hamming_window,
    hann_window,
    kaiser_bessel_derived_window,
    kaiser_window,
    vorbis_window,
)

__all__ = ["dct", "fft", "fft2d", "fft3d", "fftshift", "frame", "hamming_window", "hann_window",
           "idct", "ifft", "ifft2d", "ifft3d", "ifftshift", "inverse_mdct", "inverse_stft",
           "inverse_stft_window_fn", "irfft", "irfft2d", "irfft3d",
           "kaiser_bessel_derived_window", "kaiser_window", "linear_to_mel_weight_matrix", "mdct",
           "mfccs_from_log_mel_spectrograms", "overlap_and_add", "rfft", "rfft2d", "rfft3d",
           "stft", "vorbis_window"]
