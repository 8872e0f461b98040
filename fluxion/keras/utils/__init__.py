"""``tf.keras.utils``."""
from fluxion.keras.utils.data_utils import *  # noqa: F403
from fluxion.keras.utils.data_utils import __all__ as _data_utils
from fluxion.keras.utils.dataset_utils import *  # noqa: F403
from fluxion.keras.utils.dataset_utils import __all__ as _dataset_utils
from fluxion.keras.utils.file_utils import get_file
from fluxion.keras.utils.image_utils import *  # noqa: F403
from fluxion.keras.utils.image_utils import __all__ as _image_utils
from fluxion.keras.config import (disable_interactive_logging, enable_interactive_logging,
                                  is_interactive_logging_enabled)
from fluxion.keras.utils.model_visualization import model_to_dot, plot_model
from fluxion.keras.utils.misc import normalize, pad_sequences, set_random_seed, to_categorical
from fluxion.keras.engine.data_adapter import (pack_x_y_sample_weight,
                                               unpack_x_y_sample_weight)
from fluxion.utils.progbar import Progbar
from fluxion.keras.utils.serialization import (CustomObjectScope, custom_object_scope,
                                               deserialize_keras_object, get_registered_name,
                                               get_registered_object,
                                               register_keras_serializable,
                                               serialize_keras_object)

__all__ = ["CustomObjectScope", "FeatureSpace", "Progbar", "custom_object_scope",  # noqa: F405
           "deserialize_keras_object",
           "disable_interactive_logging", "enable_interactive_logging",
           "is_interactive_logging_enabled", "get_file", "get_registered_name",
           "get_registered_object", "model_to_dot",
           "normalize", "plot_model",
           "pack_x_y_sample_weight", "pad_sequences", "register_keras_serializable",
           "serialize_keras_object", "set_random_seed", "to_categorical",
           "unpack_x_y_sample_weight", *_data_utils, *_dataset_utils, *_image_utils]


def __getattr__(name: str):
    if name == "FeatureSpace":  # lazily: it subclasses Layer, and keras.layers imports utils
        from fluxion.keras.utils.feature_space import FeatureSpace  # noqa: PLC0415

        return FeatureSpace
    raise AttributeError(f"module 'fluxion.keras.utils' has no attribute {name!r}")
