"""``keras.saving``: the `.keras` model format, `.weights.h5` files and object serialization
(Keras 3's format, read and written without h5py: see h5_reader.py / h5_writer.py)."""
from fluxion.keras.saving.saving_api import load_model, load_weights, save_model, save_weights
from fluxion.keras.saving.serialization_lib import (
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)


def get_custom_objects() -> dict:
    """The live registry `register_keras_serializable` fills ("package>name" -> object)."""
    from fluxion.keras.utils import serialization  # noqa: PLC0415

    return serialization._REGISTERED


__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]
