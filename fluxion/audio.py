"""``tf.audio``: WAV decoding and encoding (16-bit PCM), kernels in fluxion/ops/audio_ops.py."""
from __future__ import annotations

from collections import namedtuple

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.ops import audio_ops
from fluxion.ops._util import static_ints

__all__ = ["decode_wav", "encode_wav"]

DecodeWav = namedtuple("DecodeWav", ["audio", "sample_rate"])


def decode_wav(contents, desired_channels=-1, desired_samples=-1, name=None) -> DecodeWav:
    """(float32 audio [samples, channels] in [-1, 1), int32 sample_rate) of a WAV file's bytes;
    `desired_channels` / `desired_samples` (when >= 0) pick, repeat, truncate or zero-pad."""
    contents = convert_to_tensor(contents, dtype=dtypes.string)
    audio, rate = audio_ops.decode_wav(contents,
                                       desired_channels=int(static_ints(desired_channels)),
                                       desired_samples=int(static_ints(desired_samples)))
    return DecodeWav(audio, rate)


def encode_wav(audio, sample_rate, name=None) -> Tensor:
    """The 16-bit PCM WAV bytes of float32 `audio` [samples, channels]."""
    audio = convert_to_tensor(audio)
    if audio.dtype != dtypes.float32:
        raise errors.InvalidArgumentError(
            f"cannot compute EncodeWav as input #0(zero-based) was expected to be a float tensor "
            f"but is a {audio.dtype.name} tensor [Op:EncodeWav]")
    return audio_ops.encode_wav(audio, convert_to_tensor(sample_rate, dtype=dtypes.int32))
