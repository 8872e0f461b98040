"""``keras.optimizers``: Keras 3's optimizers, learning-rate schedules and `get`."""
from __future__ import annotations

from fluxion.keras.optimizers import legacy, schedules
from fluxion.keras.optimizers.adagrad import Adadelta, Adagrad
from fluxion.keras.optimizers.adam import Adam, AdamW
from fluxion.keras.optimizers.adamax import Adamax, Nadam
from fluxion.keras.optimizers.base import Optimizer
from fluxion.keras.optimizers.ftrl import Ftrl, Lion
from fluxion.keras.optimizers.lamb import Adafactor, Lamb
from fluxion.keras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from fluxion.keras.optimizers.rmsprop import RMSprop
from fluxion.keras.optimizers.sgd import SGD
from fluxion.keras.utils.serialization import deserialize_keras_object, serialize_keras_object

ALL_OBJECTS = (Optimizer, Adam, SGD, RMSprop, Adadelta, AdamW, Adagrad, Adamax, Adafactor,
               Nadam, Ftrl, Lion)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}
# configs naming Keras' module find every built-in class (Lamb is not a `get` identifier)
_BY_CLASS_NAME = {cls.__name__: cls for cls in ALL_OBJECTS + (Lamb, LossScaleOptimizer)}


def serialize(optimizer) -> dict:
    """The optimizer's Keras config dict (module, class_name, config, registered_name)."""
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer a config dict describes (built-in class names in any case)."""
    if config["class_name"].lower() in ALL_OBJECTS_DICT:
        config["class_name"] = config["class_name"].lower()
    module_objects = ALL_OBJECTS_DICT
    if config.get("module") == "keras.optimizers":
        module_objects = {**_BY_CLASS_NAME, **ALL_OBJECTS_DICT}
    return deserialize_keras_object(config, module_objects=module_objects,
                                    custom_objects=custom_objects)


def get(identifier):
    """An optimizer from a name ("adam"), a config dict or an instance (returned as is)."""
    if identifier is None:
        return None
    obj = identifier
    try:
        if isinstance(identifier, dict):
            obj = deserialize(identifier)
        elif isinstance(identifier, str):
            obj = deserialize({"class_name": identifier, "config": {}})
    except (TypeError, ValueError) as e:
        if "Could not locate class" not in str(e):
            raise
        obj = None
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")


__all__ = [
    "SGD",
    "LossScaleOptimizer",
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "deserialize",
    "get",
    "legacy",
    "schedules",
    "serialize",
]
