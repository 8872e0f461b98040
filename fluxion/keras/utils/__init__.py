"""``tf.keras.utils``."""
from fluxion.keras.utils.file_utils import get_file
from fluxion.keras.utils.misc import normalize, pad_sequences, set_random_seed, to_categorical
from fluxion.utils.progbar import Progbar
from fluxion.keras.utils.serialization import (CustomObjectScope, custom_object_scope,
                                               deserialize_keras_object, get_registered_name,
                                               get_registered_object,
                                               register_keras_serializable,
                                               serialize_keras_object)

__all__ = ["CustomObjectScope", "Progbar", "custom_object_scope", "deserialize_keras_object",
           "get_file", "get_registered_name", "get_registered_object", "normalize",
           "pad_sequences", "register_keras_serializable", "serialize_keras_object",
           "set_random_seed", "to_categorical"]
