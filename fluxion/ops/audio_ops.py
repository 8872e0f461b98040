"""The kernels of ``tf.audio``: 16-bit PCM WAV decoding and encoding, as primitives.

Samples are int16 scaled by 1/32768 to float32 in [-1, 1); encoding clamps to [-1, 1], scales by
32768, rounds half away from zero and saturates to int16 (NaN becomes 0), as TensorFlow does.
"""
from __future__ import annotations

import struct

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.errors import InvalidArgumentError

__all__: list = []

_PCM = 1


def _fail(message: str, op: str = "DecodeWav"):
    raise InvalidArgumentError(f"{message} [Op:{op}]")


def _chunks(data: bytes):
    """(id, body) of each RIFF chunk after the 12-byte RIFF/WAVE header."""
    if data[:4] != b"RIFF":
        _fail(f"Header mismatch: Expected RIFF but found {data[:4].decode('latin-1')}")
    if len(data) < 12:
        _fail(f"Data too short when trying to read header (need 12 bytes, got {len(data)})")
    if data[8:12] != b"WAVE":
        _fail(f"Header mismatch: Expected WAVE but found {data[8:12].decode('latin-1')}")
    pos = 12
    while pos + 8 <= len(data):
        chunk_id, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        yield chunk_id, data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)  # chunks are padded to even sizes


def _parse(data: bytes):
    """(int16 samples [n, channels], sample rate) of a 16-bit PCM WAV file."""
    fmt = None
    for chunk_id, body in _chunks(data):
        if chunk_id == b"fmt ":
            if len(body) < 16:
                _fail("Bad fmt chunk size")
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif chunk_id == b"data":
            if fmt is None:
                _fail("Found data chunk before fmt chunk")
            audio_format, channels, rate, _, _, bits = fmt
            if audio_format != _PCM:
                _fail(f"Bad audio format value of {audio_format}, expected 1 (PCM)")
            if bits != 16:
                _fail(f"Can only read 16-bit WAV files, but received {bits}")
            if channels == 0:
                _fail("Bad number of channels 0")
            frames = len(body) // (2 * channels)
            samples = np.frombuffer(body[:frames * 2 * channels], "<i2")
            return samples.reshape(frames, channels), rate
    _fail("No data chunk found")


def _decode_wav_kernel(xp, contents, desired_channels, desired_samples):
    if np.ndim(contents) != 0:
        _fail(f"contents must be scalar, got shape {list(np.shape(contents))}")
    samples, rate = _parse(bytes(contents.item() if hasattr(contents, "item") else contents))
    channels = samples.shape[1] if desired_channels < 0 else desired_channels
    frames = samples.shape[0] if desired_samples < 0 else desired_samples
    picked = np.minimum(np.arange(channels), samples.shape[1] - 1)  # extra channels: the last
    audio = np.zeros((frames, channels), np.float32)
    n = min(frames, samples.shape[0])
    audio[:n] = samples[:n][:, picked].astype(np.float32) / 32768
    return audio, np.int32(rate)


def _infer_decode_wav(contents, desired_channels, desired_samples):
    shape = (None if desired_samples < 0 else desired_samples,
             None if desired_channels < 0 else desired_channels)
    return Spec(shape, dtypes.float32), Spec((), dtypes.int32)


decode_wav = defop("decode_wav", _decode_wav_kernel, num_outputs=2, infer=_infer_decode_wav,
                   dtypes=(dtypes.string,), tf_name="DecodeWav",
                   doc="16-bit PCM WAV bytes -> float32 [samples, channels], int32 rate.")


def _encode_wav_kernel(xp, audio, sample_rate):
    if audio.ndim != 2:
        _fail(f"audio must be 2-dimensional{list(audio.shape)}", "EncodeWav")
    if np.ndim(sample_rate) != 0:
        _fail(f"Input sample_rate should be a scalar tensor, got {list(np.shape(sample_rate))}"
              f" instead.", "EncodeWav")
    frames, channels = audio.shape
    scaled = np.clip(np.nan_to_num(audio.astype(np.float64), nan=0.0), -1, 1) * 32768
    pcm = np.clip(np.trunc(scaled + np.copysign(0.5, scaled)), -32768, 32767).astype("<i2")
    body = pcm.tobytes()
    rate = int(sample_rate)
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(body), b"WAVE", b"fmt ", 16,
                         _PCM, channels, rate, rate * channels * 2, channels * 2, 16, b"data",
                         len(body))
    return np.array(header + body, object)


encode_wav = defop("encode_wav", _encode_wav_kernel,
                   infer=lambda audio, rate: Spec((), dtypes.string), same_dtype=0,
                   dtypes=(dtypes.float32,), tf_name="EncodeWav",
                   doc="float32 [samples, channels] and an int32 rate -> 16-bit PCM WAV bytes.")
