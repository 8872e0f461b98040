"""`write_summary`: the stateful op behind every tf.summary call (TF's WriteSummary).

Its inputs are the record condition, the step and the data; its attributes name the writer,
the tag, what the data becomes (a scalar, a histogram, images...) and the metadata bytes. It
has no outputs, so a traced function runs it each time the graph runs and never while it is
traced; the value tensors are turned into summary tensors (buckets, PNGs) when it runs.
"""
from __future__ import annotations

import struct
import time

import numpy as np

from fluxion.core.op import STATE, defop
from fluxion.summary import _events

# open writers by number, weakly (attributes must be static, hashable values)
WRITERS: dict[int, object] = {}


def histogram_buckets(data: np.ndarray, buckets: int) -> np.ndarray:
    """TensorBoard's [k, 3] float64 (left, right, count) rows: `buckets` equal-width buckets
    from min to max (last edge exactly max, last bucket closed); constant data puts every
    count in the last bucket with both edges at the value; empty data gives zero rows."""
    k = max(int(buckets), 0)
    data = np.asarray(data, dtype=np.float64).reshape(-1)
    if data.size == 0 or k == 0:
        return np.zeros((k, 3), np.float64)
    low, high = data.min(), data.max()
    span = high - low
    if span == 0:
        out = np.zeros((k, 3), np.float64)
        out[:, :2] = high
        out[-1, 2] = data.size
        return out
    width = span / k
    index = np.minimum(np.floor((data - low) / width).astype(np.int64), k - 1)
    counts = np.bincount(index, minlength=k).astype(np.float64)
    edges = low + (span / k) * np.arange(k + 1, dtype=np.float64)  # TF's linspace
    edges[-1] = high
    return np.stack([edges[:-1], edges[1:], counts], axis=1)


def to_uint8(images: np.ndarray) -> np.ndarray:
    """tf.image.convert_image_dtype(images, tf.uint8, saturate=True)."""
    kind = images.dtype.kind
    if images.dtype == np.uint8:
        return images
    if kind == "f":
        scaled = images * images.dtype.type(255.5)
        return np.clip(scaled, 0, 255).astype(np.uint8)
    if kind == "b":
        return images.astype(np.uint8) * np.uint8(255)
    bits = images.dtype.itemsize * 8 - (1 if kind == "i" else 0)
    if bits > 8:
        scaled = images.astype(np.int64) // (1 << (bits - 8))
    else:
        scaled = images.astype(np.int64) * 255 // ((1 << bits) - 1)
    return np.clip(scaled, 0, 255).astype(np.uint8)


def _png_strings(data: np.ndarray, max_outputs: int) -> np.ndarray:
    from fluxion.image.codecs import _encode_png_kernel

    images = to_uint8(np.asarray(data))
    pngs = [bytes(np.asarray(_encode_png_kernel(np, image, compression=-1))[()])
            for image in images[:max_outputs]]
    head = [str(images.shape[2]).encode(), str(images.shape[1]).encode()]
    return np.array(head + pngs, dtype=object)


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """A 16-bit PCM WAV file of [frames, channels] samples in [-1, 1] (tf.audio.encode_wav:
    scaled by 32768, rounded half away from zero, clamped)."""
    scaled = np.asarray(samples, np.float32).astype(np.float64) * 32768.0
    pcm = np.clip(np.sign(scaled) * np.floor(np.abs(scaled) + 0.5), -32768, 32767)
    data = pcm.astype("<i2").tobytes()
    channels = samples.shape[1]
    fmt = struct.pack("<HHIIHH", 1, channels, sample_rate, sample_rate * channels * 2,
                      channels * 2, 16)
    return b"".join([b"RIFF", struct.pack("<I", 36 + len(data)), b"WAVEfmt ",
                     struct.pack("<I", 16), fmt, b"data", struct.pack("<I", len(data)), data])


def _wav_strings(data: np.ndarray, max_outputs: int, sample_rate: int) -> np.ndarray:
    clips = np.asarray(data)[:max_outputs]
    out = np.empty((len(clips), 2), dtype=object)
    out[:, 0] = [wav_bytes(clip, sample_rate) for clip in clips]
    out[:, 1] = b""
    return out


def summary_tensor(kind: str, data, param) -> np.ndarray:
    if kind == "scalar":
        return np.asarray(data).astype(np.float32)
    if kind == "histogram":
        return histogram_buckets(data, param)
    if kind == "image":
        return _png_strings(data, param)
    if kind == "audio":  # param: (max_outputs, sample_rate)
        return _wav_strings(data, *param)
    return np.asarray(data)


def _write_kernel(xp, cond, step, data, *, writer, tag, kind, metadata, param):
    if STATE.binding is not None:  # run while a graph is traced: writes happen when it runs
        return ()
    target = WRITERS.get(writer)
    target = target() if target is not None else None
    if target is None or not bool(np.asarray(cond)):
        return ()
    record = _events.summary_event(tag, summary_tensor(kind, data, param), metadata,
                                   int(np.asarray(step)), time.time())
    target._write_record(record)
    return ()


write_summary = defop("write_summary", _write_kernel, num_outputs=0, stateful=True,
                      same_dtype=0, infer=lambda *specs, **attrs: (), tf_name="WriteSummary",
                      doc="Writes one summary event to a summary writer.")
