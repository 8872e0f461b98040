"""``keras.ops.math``: segment reductions, top-k, logsumexp, erf family, rsqrt, logdet."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.ops._common import tensor, wrap_module


def _segment(sorted_fn, unsorted_fn, data, segment_ids, num_segments, sorted):
    if sorted:
        if num_segments is not None:
            raise ValueError("Argument `num_segments` cannot be set when sorted is True when "
                             f"using the tensorflow backend.Received: "
                             f"num_segments={num_segments}, sorted={sorted}.")
        return sorted_fn(data, segment_ids)
    if num_segments is None:
        unique, _ = tf.unique(tf.reshape(segment_ids, [-1]))
        num_segments = tf.shape(unique)[0]
    return unsorted_fn(data, segment_ids, num_segments)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment(tf.math.segment_sum, tf.math.unsorted_segment_sum, data, segment_ids,
                    num_segments, sorted)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment(tf.math.segment_max, tf.math.unsorted_segment_max, data, segment_ids,
                    num_segments, sorted)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment(tf.math.segment_min, tf.math.unsorted_segment_min, data, segment_ids,
                    num_segments, sorted)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment(tf.math.segment_prod, tf.math.unsorted_segment_prod, data, segment_ids,
                    num_segments, sorted)


def top_k(x, k, sorted=True):
    """(values, int32 indices) of the ``k`` largest entries along the last axis."""
    return tf.math.top_k(tensor(x), k, sorted=sorted)


def in_top_k(targets, predictions, k):
    return tf.math.in_top_k(targets, predictions, k)


def logsumexp(x, axis=None, keepdims=False):
    return tf.math.reduce_logsumexp(tensor(x), axis=axis, keepdims=keepdims)


def rsqrt(x):
    return tf.math.rsqrt(tensor(x))


def erf(x):
    return tf.math.erf(tensor(x))


def erfc(x):
    return tf.math.erfc(tensor(x))


def erfinv(x):
    return tf.math.erfinv(tensor(x))


def logdet(x):
    return tf.linalg.logdet(tensor(x))


def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of ``sequence_length`` every ``sequence_stride`` along the last axis."""
    x = tensor(x)
    n = x.shape[-1]
    count = 1 + (n - sequence_length) // sequence_stride
    starts = tf.range(count) * sequence_stride
    index = tf.expand_dims(starts, 1) + tf.range(sequence_length)
    return tf.gather(x, index, axis=-1)


def cdist(x, y):
    """Euclidean distances between the rows of ``x`` and ``y`` (batched)."""
    x, y = tensor(x), tensor(y)
    if x.shape.rank < 2 or y.shape.rank < 2:
        raise ValueError("`cdist` inputs must have rank >= 2")
    if x.shape[-1] != y.shape[-1]:
        raise ValueError("Last dimension of inputs to `cdist` must match")
    diff = tf.expand_dims(x, -2) - tf.expand_dims(y, -3)
    return tf.math.sqrt(tf.reduce_sum(tf.math.square(diff), axis=-1))


def _complex_of(x):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError("Input `x` should be a tuple of two tensors - real and imaginary."
                         f"Received: x={x}")
    real, imag = tensor(x[0]), tensor(x[1])
    if real.shape != imag.shape:
        raise ValueError("Input `x` should be a tuple of two tensors - real and imaginary."
                         "Both the real and imaginary parts should have the same shape. "
                         f"Received: x[0].shape = {real.shape}, x[1].shape = {imag.shape}")
    if not real.dtype.is_floating or not imag.dtype.is_floating:
        raise ValueError(f"At least one tensor in input `x` is not of type float.Received: x={x}.")
    return tf.complex(real, imag)


def _parts(z):
    return tf.math.real(z), tf.math.imag(z)


def fft(x):
    """(real, imag) of the FFT over the last axis of the complex number (real, imag)."""
    return _parts(tf.signal.fft(_complex_of(x)))


def fft2(x):
    return _parts(tf.signal.fft2d(_complex_of(x)))


def ifft2(x):
    return _parts(tf.signal.ifft2d(_complex_of(x)))


def rfft(x, fft_length=None):
    length = None if fft_length is None else [fft_length]
    return _parts(tf.signal.rfft(tensor(x), fft_length=length))


def irfft(x, fft_length=None):
    length = None if fft_length is None else [fft_length]
    return tf.signal.irfft(_complex_of(x), fft_length=length)


def view_as_complex(x):
    x = tensor(x)
    if x.shape[-1] != 2:
        raise ValueError("Last dimension of input must be size 2 (real and imaginary). "
                         f"Received shape: {x.shape}")
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = tensor(x)
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)


__all__ = [
    "cdist",
    "erf",
    "erfc",
    "erfinv",
    "extract_sequences",
    "fft",
    "fft2",
    "ifft2",
    "in_top_k",
    "irfft",
    "logdet",
    "logsumexp",
    "rfft",
    "rsqrt",
    "segment_max",
    "segment_min",
    "segment_prod",
    "segment_sum",
    "top_k",
    "view_as_complex",
    "view_as_real",
]
from fluxion.keras.ops.math_stft import istft, stft  # noqa: E402

__all__ += ["istft", "stft"]
wrap_module(globals(), __all__)
