"""``keras.initializers.STFT`` (``STFTInitializer``, ``stft``): the real or imaginary part of
windowed DFT bases as a (frame_length, channels, bins) convolution kernel, which is how
``keras.layers.STFTSpectrogram`` computes its spectrum."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras import initializers as _registry
from fluxion.keras.initializers import Initializer, _dtype, _shape

# scipy.signal.get_window's cosine-sum windows (and the two simple ones) by name
_COSINE_SUMS = {"hann": (0.5, 0.5), "hanning": (0.5, 0.5), "hamming": (0.54, 0.46),
                "blackman": (0.42, 0.5, 0.08)}
_WINDOWS = (*_COSINE_SUMS, "bartlett", "boxcar", "rect", "rectangular", "ones")


def get_window(name: str, length: int, periodic: bool = True) -> np.ndarray:
    """The named window of `length` samples as scipy.signal.get_window(name, length,
    fftbins=periodic) gives it (periodic: one period of the length + 1 symmetric window)."""
    if not isinstance(name, str) or name.lower() not in _WINDOWS:
        raise ValueError(f"Unknown window type: {name!r}")
    name = name.lower()
    n = length + 1 if periodic else length
    if n <= 1:
        return np.ones(length)
    k = np.arange(n)
    if name in _COSINE_SUMS:
        win = sum((-1) ** i * a * np.cos(2 * np.pi * i * k / (n - 1))
                  for i, a in enumerate(_COSINE_SUMS[name]))
    elif name == "bartlett":
        win = 1 - np.abs(2 * k / (n - 1) - 1)
    else:
        win = np.ones(n)
    return win[:length]


def check_scaling(scaling) -> None:
    if scaling is not None and scaling not in ("density", "spectrum"):
        raise ValueError("Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                         f"Received scaling={scaling}")


class STFT(Initializer):
    """cos (side='real') or sin (side='imag') of -2 pi t f / ((bins - 1) * 2) for each frame
    sample t and frequency bin f, times the window divided by its norm ('density') or its
    sum ('spectrum')."""

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"side should be 'real' or 'imag', not {side}")
        if isinstance(window, str):
            get_window(window, 1)
        check_scaling(scaling)
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        frame_length, _, bins = _shape(shape)
        npd = tf.as_dtype(_dtype(dtype)).as_numpy_dtype
        # float arithmetic in the requested dtype, in Keras' order, so kernels agree
        freq = (np.arange(bins, dtype=npd) / npd((bins - 1) * 2)).reshape(1, 1, bins)
        time = np.arange(frame_length, dtype=npd).reshape(frame_length, 1, 1)
        args = (npd(-2) * time) * freq * np.arccos(npd(-1))
        kernel = np.cos(args) if self.side == "real" else np.sin(args)
        if self.window is not None:
            win = self.window
            if isinstance(win, str):
                win = get_window(win, frame_length, self.periodic)
            win = np.asarray(tf.convert_to_tensor(win, dtype=npd))
            if win.ndim != 1 or win.shape[-1] != frame_length:
                raise ValueError("The shape of `window` must be equal to [frame_length]."
                                 f"Received: window shape={win.shape}")
            win = win.reshape(frame_length, 1, 1)
            scale = npd(1)
            if self.scaling == "density":
                scale = np.sqrt(np.sum(np.square(win)))
            elif self.scaling == "spectrum":
                scale = np.sum(np.abs(win))
            kernel = kernel * win / scale
        return tf.constant(kernel.astype(npd))

    def get_config(self) -> dict:
        return {"side": self.side, "window": self.window, "periodic": self.periodic,
                "scaling": self.scaling}


STFTInitializer = stft = STFT

# registered in keras.initializers (which imports this module at its end)
_registry.STFT = _registry.STFTInitializer = _registry.stft = STFT
_registry.ALL_OBJECTS_DICT.update(STFT=STFT, STFTInitializer=STFT, stft=STFT)

__all__ = ["STFT", "STFTInitializer", "stft"]
