"""``tf.image``: resizing, cropping, flips, colour conversions, image metrics, box ops and
image codecs."""
from __future__ import annotations

from fluxion.image import boxes as _boxes
from fluxion.image import codecs as _codecs
from fluxion.image import color as _color
from fluxion.image import jpeg_ops as _jpeg_ops
from fluxion.image import metrics as _metrics
from fluxion.image import resizing as _resizing
from fluxion.image import transforms as _transforms
from fluxion.image.boxes import *  # noqa: F403
from fluxion.image.codecs import *  # noqa: F403
from fluxion.image.color import *  # noqa: F403
from fluxion.image.jpeg_ops import *  # noqa: F403
from fluxion.image.metrics import *  # noqa: F403
from fluxion.image.resizing import *  # noqa: F403
from fluxion.image.transforms import *  # noqa: F403

_MODULES = (_resizing, _transforms, _color, _metrics, _boxes, _codecs, _jpeg_ops)
__all__ = [name for module in _MODULES for name in module.__all__]
