"""``tf.keras.layers``: every layer class, and (de)serialization of layer configs."""
from __future__ import annotations

from fluxion.keras.engine.keras_tensor import Input, InputLayer
from fluxion.keras.layers.core import *  # noqa: F403
from fluxion.keras.layers.core import __all__ as _core
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils.serialization import (deserialize_keras_object,
                                               serialize_keras_object)

__all__ = ["Input", "InputLayer", "Layer", *_core, "serialize", "deserialize"]


def _all_layers() -> dict:
    from fluxion.keras import models  # noqa: PLC0415 - models are layers too

    found = {name: globals()[name] for name in __all__
             if isinstance(globals().get(name), type)}
    found.update({"Sequential": models.Sequential, "Functional": models.Model,
                  "Model": models.Model})
    return found


def serialize(layer) -> dict:
    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=_all_layers(),
                                    custom_objects=custom_objects,
                                    printable_module_name="layer")
