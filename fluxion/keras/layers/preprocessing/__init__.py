"""Preprocessing layers."""
from fluxion.keras.layers.preprocessing.image_layers import *  # noqa: F403
from fluxion.keras.layers.preprocessing.image_layers import __all__ as _image
from fluxion.keras.layers.preprocessing.lookup_layers import *  # noqa: F403
from fluxion.keras.layers.preprocessing.lookup_layers import __all__ as _lookup
from fluxion.keras.layers.preprocessing.normalization import Normalization, Rescaling
from fluxion.keras.layers.preprocessing.text_vectorization import *  # noqa: F403
from fluxion.keras.layers.preprocessing.text_vectorization import __all__ as _text

__all__ = ["Normalization", "Rescaling", *_image, *_lookup, *_text]
