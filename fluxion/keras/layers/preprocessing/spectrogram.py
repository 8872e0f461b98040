"""Audio front ends: ``STFTSpectrogram`` (a strided 1-D convolution with the DFT-basis kernels of
``keras.initializers.STFT``, so the transform can be trained) and ``MelSpectrogram`` (the
``keras.ops.stft`` power spectrum through ``tf.signal.linear_to_mel_weight_matrix``, in dB)."""
from __future__ import annotations

import math
import warnings

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.initializers_stft import STFT, check_scaling, get_window
from fluxion.keras.layers.argument_validation import standardize_data_format
from fluxion.keras.layers.layer import Layer

_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


def _check_stft_args(frame_length, frame_step, fft_length, mode, scaling, padding, window):
    if frame_step is not None and (frame_step > frame_length or frame_step < 1):
        raise ValueError("`frame_step` should be a positive integer not greater than "
                         f"`frame_length`. Received frame_step={frame_step}, "
                         f"frame_length={frame_length}")
    if fft_length is not None and fft_length < frame_length:
        raise ValueError("`fft_length` should be not less than `frame_length`. "
                         f"Received fft_length={fft_length}, frame_length={frame_length}")
    if fft_length is not None and (fft_length & -fft_length) != fft_length:
        warnings.warn(f"`fft_length` is recommended to be a power of two. "
                      f"Received fft_length={fft_length}", stacklevel=3)
    if mode not in _MODES:
        raise ValueError(f"Output mode is invalid, it must be one of {', '.join(_MODES)}. "
                         f"Received: mode={mode}")
    check_scaling(scaling)
    if padding not in ("valid", "same"):
        raise ValueError(f"Padding is invalid, it should be 'valid', 'same'. "
                         f"Received: padding={padding}")
    if isinstance(window, str):
        get_window(window, 1)


def _dim(x, axis: int):
    """A dimension: the static int when known, else a scalar tensor."""
    return x.shape[axis] if x.shape[axis] is not None else tf.shape(x)[axis]


def _shape(dims: list):
    """A shape argument: a plain list when every dim is static (traces keep it)."""
    return dims if all(isinstance(d, int) for d in dims) else tf.stack(dims)


class STFTSpectrogram(Layer):
    """Spectrogram of (batch, time, channels) signals (channels_last) per channel: 'log' or
    'magnitude' of the STFT, 'psd', 'real', 'imag', 'angle', or 'stft' (real and imaginary
    bins concatenated); frequency bins of all channels are concatenated, or kept on a new
    axis with ``expand_dims``."""

    def __init__(self, mode="log", frame_length=256, frame_step=None, fft_length=None,
                 window="hann", periodic=False, scaling="density", padding="valid",
                 expand_dims=False, data_format=None, **kwargs) -> None:
        _check_stft_args(frame_length, frame_step, fft_length, mode, scaling, padding, window)
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or frame_length // 2
        self.fft_length = fft_length
        self._fft_length = fft_length or 2 ** int(math.ceil(math.log2(frame_length)))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape) -> None:
        if len(input_shape) != 3:
            raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the layer: "
                             f"expected ndim=3, found ndim={len(input_shape)}. "
                             f"Full shape received: {tuple(input_shape)}")
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        for side in ("real", "imag"):
            if self.mode != ("imag" if side == "real" else "real"):
                setattr(self, f"{side}_kernel", self.add_weight(
                    name=f"{side}_kernel", shape=shape,
                    initializer=STFT(side, self.window, self.scaling, self.periodic)))
        self.built = True

    def _apply_conv(self, inputs, kernel):
        """(batch, channels, bins, frames): every channel convolved on its own."""
        if self.data_format == "channels_last":
            inputs = tf.transpose(inputs, [0, 2, 1])
        channels, steps = _dim(inputs, 1), _dim(inputs, 2)
        signals = tf.reshape(inputs, _shape([-1, steps, 1]))
        out = tf.nn.conv1d(signals, tf.cast(kernel, inputs.dtype), stride=self._frame_step,
                           padding=self.padding.upper())
        out = tf.transpose(out, [0, 2, 1])
        return tf.reshape(out, _shape([-1, channels, _dim(out, 1), _dim(out, 2)]))

    def _adjust_shapes(self, outputs):
        if self.expand_dims:
            order = [0, 3, 2, 1] if self.data_format == "channels_last" else [0, 1, 3, 2]
            return tf.transpose(outputs, order)
        channels, bins, frames = (_dim(outputs, i) for i in (1, 2, 3))
        outputs = tf.reshape(outputs, _shape([-1, channels * bins, frames]))
        return tf.transpose(outputs, [0, 2, 1]) if self.data_format == "channels_last" \
            else outputs

    def call(self, inputs):
        if inputs.dtype.name not in ("float16", "float32", "float64"):
            raise TypeError("Invalid input type. Expected `float16`, `float32` or `float64`. "
                            f"Received: input type={inputs.dtype.name}")
        real = self._apply_conv(inputs, self.real_kernel) if self.mode != "imag" else None
        imag = self._apply_conv(inputs, self.imag_kernel) if self.mode != "real" else None
        if self.mode in ("real", "imag"):
            return self._adjust_shapes(real if self.mode == "real" else imag)
        if self.mode == "angle":
            return self._adjust_shapes(tf.math.atan2(imag, real))
        if self.mode == "stft":
            return self._adjust_shapes(tf.concat([real, imag], axis=2))
        power = tf.square(real) + tf.square(imag)
        if self.mode == "psd":  # one-sided: the inner bins count twice
            inner = tf.pad(power[:, :, 1:-1, :], [[0, 0], [0, 0], [1, 1], [0, 0]])
            return self._adjust_shapes(power + inner)
        eps = backend.epsilon()
        magnitude = self._adjust_shapes(tf.sqrt(tf.maximum(power, eps)))
        return magnitude if self.mode == "magnitude" else tf.math.log(
            tf.maximum(magnitude, eps))

    def compute_output_shape(self, input_shape) -> tuple:
        last = self.data_format == "channels_last"
        batch, channels = input_shape[0], input_shape[-1] if last else input_shape[1]
        steps = input_shape[1] if last else input_shape[2]
        bins = (self._fft_length // 2 + 1) * (2 if self.mode == "stft" else 1)
        if steps is not None:
            steps = (-(-steps // self._frame_step) if self.padding == "same"
                     else (steps - self.frame_length) // self._frame_step + 1)
        if self.expand_dims:
            return (batch, steps, bins, channels) if last else (batch, channels, steps, bins)
        features = None if channels is None else bins * channels
        return (batch, steps, features) if last else (batch, features, steps)

    def get_config(self) -> dict:
        return {**super().get_config(), "mode": self.mode, "frame_length": self.frame_length,
                "frame_step": self.frame_step, "fft_length": self.fft_length,
                "window": self.window, "periodic": self.periodic, "scaling": self.scaling,
                "padding": self.padding, "data_format": self.data_format,
                "expand_dims": self.expand_dims}


class MelSpectrogram(Layer):
    """(batch, samples) or (samples,) audio -> (batch, num_mel_bins, frames) mel power
    spectrogram: |stft| ** mag_exp on the mel scale, in dB relative to ``ref_power`` and
    clipped ``top_db`` below the peak when ``power_to_db``."""

    def __init__(self, fft_length=2048, sequence_stride=512, sequence_length=None,
                 window="hann", sampling_rate=16000, num_mel_bins=128, min_freq=20.0,
                 max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10,
                 ref_power=1.0, **kwargs) -> None:
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        if self.fft_length < self.sequence_length:
            raise ValueError("`fft_length` must be greater than or equal to   "
                             f"`sequence_length`. Received: `sequence_length`="
                             f"{self.sequence_length}, `fft_length`={self.fft_length}.")
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        super().__init__(**kwargs)
        self.built = True

    def call(self, inputs):
        from fluxion.keras.ops.math_stft import stft  # noqa: PLC0415

        dtype = self.compute_dtype if self.compute_dtype in ("float32", "float64") \
            else "float32"
        inputs = tf.cast(inputs, dtype)
        real, imag = stft(inputs, self.sequence_length, self.sequence_stride,
                          self.fft_length, window=self.window, center=True)
        spec = tf.pow(tf.sqrt(tf.square(real) + tf.square(imag)), self.mag_exp)
        matrix = tf.signal.linear_to_mel_weight_matrix(
            self.num_mel_bins, self.fft_length // 2 + 1, self.sampling_rate, self.min_freq,
            self.max_freq, dtype=dtype)
        out = tf.tensordot(spec, matrix, axes=1)
        if self.power_to_db:
            out = self._dbscale(out)
        rank = len(out.shape)
        out = tf.transpose(out, list(range(rank - 2)) + [rank - 1, rank - 2])
        return tf.cast(out, self.compute_dtype)

    def _dbscale(self, power):
        log10 = math.log(10.0)
        db = 10.0 * tf.math.log(tf.maximum(power, self.min_power)) / log10
        ref = max(abs(float(self.ref_power)), self.min_power)
        db = db - 10.0 * math.log10(ref)
        return tf.maximum(db, tf.reduce_max(db) - self.top_db)

    def compute_output_shape(self, input_shape) -> list:
        steps = input_shape[-1]
        frames = None if steps is None else (steps + self.sequence_stride + 1) \
            // self.sequence_stride
        if len(input_shape) == 1:
            return [self.num_mel_bins, frames]
        return [input_shape[0], self.num_mel_bins, frames]

    def get_config(self) -> dict:
        return {**super().get_config(), "fft_length": self.fft_length,
                "sequence_stride": self.sequence_stride,
                "sequence_length": self.sequence_length, "window": self.window,
                "sampling_rate": self.sampling_rate, "num_mel_bins": self.num_mel_bins,
                "min_freq": self.min_freq, "max_freq": self.max_freq,
                "power_to_db": self.power_to_db, "top_db": self.top_db,
                "mag_exp": self.mag_exp, "min_power": self.min_power,
                "ref_power": self.ref_power}


__all__ = ["MelSpectrogram", "STFTSpectrogram"]
