"""Preprocessing layers."""
from fluxion.keras.layers.preprocessing.image_auto_augment import *  # noqa: F403
from fluxion.keras.layers.preprocessing.image_auto_augment import __all__ as _policies
from fluxion.keras.layers.preprocessing.crossing_pipeline import HashedCrossing, Pipeline
from fluxion.keras.layers.preprocessing.image_color import *  # noqa: F403
from fluxion.keras.layers.preprocessing.image_color import __all__ as _color
from fluxion.keras.layers.preprocessing.image_layers import *  # noqa: F403
from fluxion.keras.layers.preprocessing.image_layers import __all__ as _image
from fluxion.keras.layers.preprocessing.image_mix import *  # noqa: F403
from fluxion.keras.layers.preprocessing.image_mix import __all__ as _mix
from fluxion.keras.layers.preprocessing.image_boxes import MaxNumBoundingBoxes
from fluxion.keras.layers.preprocessing.image_elastic import RandomElasticTransform
from fluxion.keras.layers.preprocessing.image_clahe import (
    ContrastLimitedAdaptiveHistogramEqualization,
)
from fluxion.keras.layers.preprocessing.image_warp import *  # noqa: F403
from fluxion.keras.layers.preprocessing.image_warp import __all__ as _warp
from fluxion.keras.layers.preprocessing.lookup_layers import *  # noqa: F403
from fluxion.keras.layers.preprocessing.lookup_layers import __all__ as _lookup
from fluxion.keras.layers.preprocessing.normalization import Normalization, Rescaling
from fluxion.keras.layers.preprocessing.text_vectorization import *  # noqa: F403
from fluxion.keras.layers.preprocessing.text_vectorization import __all__ as _text

__all__ = ["ContrastLimitedAdaptiveHistogramEqualization", "HashedCrossing",
           "MaxNumBoundingBoxes", "Normalization", "Pipeline", "RandomElasticTransform",
           "Rescaling",
           *_image, *_color, *_mix, *_policies, *_warp, *_lookup, *_text]
