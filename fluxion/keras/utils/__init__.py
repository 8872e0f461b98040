"""``tf.keras.utils``."""
from fluxion.keras.utils.file_utils import get_file
from fluxion.keras.utils.serialization import (CustomObjectScope, custom_object_scope,
                                               deserialize_keras_object, get_registered_name,
                                               get_registered_object,
                                               register_keras_serializable,
                                               serialize_keras_object)

__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_keras_object", "get_file",
           "get_registered_name", "get_registered_object", "register_keras_serializable",
           "serialize_keras_object"]
