"""Cases for the tf.audio kernels (fluxion/ops/audio_ops.py)."""
import struct

import numpy as np

import fluxion.ops.audio_ops  # noqa: F401 - registers the audio primitives
from tests.opcheck import Case

_PCM = np.array([[0, 16384], [-32768, 32767]], "<i2")
_WAV = (struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + 8, b"WAVE", b"fmt ", 16, 1, 2, 8000,
                    32000, 4, 16, b"data", 8) + _PCM.tobytes())

CASES = [
    Case("decode_wav", [np.array(_WAV, object)],
         attrs={"desired_channels": -1, "desired_samples": 3},
         ref=lambda c: (np.array([[0, 0.5], [-1, 32767 / 32768], [0, 0]], np.float32),
                        np.int32(8000)), grad=False),
    Case("encode_wav", [(_PCM / 32768).astype(np.float32), np.int32(8000)],
         ref=lambda a, r: np.array(_WAV, object), grad=False),
]
