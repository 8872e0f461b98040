"""``tf.keras.ops``: Keras 3's backend-agnostic ops (``keras.ops.*``) with the TensorFlow
backend's semantics, written over Fluxion's public ops.

Submodules mirror Keras: ``numpy`` (NumPy-style math, reductions, array ops), ``nn``
(activations, losses, conv/pool), ``linalg``, ``math`` (segments, top-k, erf...), ``core``
(conversion, control flow, slicing, scatter) and ``image`` (resize).
"""
from __future__ import annotations

from fluxion.keras.ops import core, image, linalg, math, nn, numpy
from fluxion.keras.ops.core import *  # noqa: F403
from fluxion.keras.ops.linalg import *  # noqa: F403
from fluxion.keras.ops.math import *  # noqa: F403
from fluxion.keras.ops.nn import *  # noqa: F403
from fluxion.keras.ops.numpy import *  # noqa: F403

__all__ = ["core", "image", "linalg", "math", "nn", "numpy"]
__all__ += core.__all__ + linalg.__all__ + math.__all__ + nn.__all__ + numpy.__all__
