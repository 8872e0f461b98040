"""``tf.keras.layers``: every layer class, and (de)serialization of layer configs."""
from __future__ import annotations

from fluxion.keras.layers.activations import *  # noqa: F403
from fluxion.keras.layers.activations import __all__ as _activations
from fluxion.keras.layers.core import *  # noqa: F403
from fluxion.keras.layers.core import __all__ as _core
from fluxion.keras.layers.conv import *  # noqa: F403
from fluxion.keras.layers.conv import __all__ as _conv
from fluxion.keras.layers.attention import *  # noqa: F403
from fluxion.keras.layers.attention import __all__ as _attention
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.merging import *  # noqa: F403
from fluxion.keras.layers.merging import __all__ as _merging
from fluxion.keras.layers.normalization import *  # noqa: F403
from fluxion.keras.layers.normalization import __all__ as _normalization
from fluxion.keras.layers.pooling import *  # noqa: F403
from fluxion.keras.layers.pooling import __all__ as _pooling
from fluxion.keras.layers.preprocessing import *  # noqa: F403
from fluxion.keras.layers.preprocessing import __all__ as _preprocessing
from fluxion.keras.layers.preprocessing.spectrogram import MelSpectrogram, STFTSpectrogram
from fluxion.keras.layers.reshaping import *  # noqa: F403
from fluxion.keras.layers.reshaping import __all__ as _reshaping
from fluxion.keras.layers.rnn import *  # noqa: F403
from fluxion.keras.layers.rnn import __all__ as _rnn
from fluxion.keras.utils.serialization import (deserialize_keras_object,
                                               serialize_keras_object)

# Input and InputLayer come from __getattr__ below
__all__ = ["Input", "InputLayer", "Layer", *_core, *_rnn, *_attention,  # noqa: F405
           *_conv, *_merging, *_normalization, *_pooling, *_preprocessing, *_reshaping,
           *_activations, "serialize", "deserialize", "MelSpectrogram", "STFTSpectrogram"]


def __getattr__(name: str):
    # Input and InputLayer live with the symbolic machinery, which imports this package
    if name in ("Input", "InputLayer"):
        from fluxion.keras.engine import keras_tensor  # noqa: PLC0415

        return getattr(keras_tensor, name)
    raise AttributeError(f"module 'fluxion.keras.layers' has no attribute {name!r}")


def _all_layers() -> dict:
    from fluxion.keras import models  # noqa: PLC0415 - models are layers too
    from fluxion.keras.engine.keras_tensor import InputLayer  # noqa: PLC0415
    from fluxion.keras.utils import feature_space  # noqa: PLC0415 - FeatureSpace's layers

    found = {"TFDConcat": feature_space.TFDConcat, "TFDIdentity": feature_space.TFDIdentity}
    found |= {name: globals()[name] for name in __all__
              if isinstance(globals().get(name), type)}
    found.update({"InputLayer": InputLayer, "Sequential": models.Sequential,
                  "Functional": models.Model,
                  "Model": models.Model})
    return found


def serialize(layer) -> dict:
    """The layer's Keras config, with `build_config` once it is built (as Keras writes it)."""
    from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

    return serialization_lib.serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=_all_layers(),
                                    custom_objects=custom_objects,
                                    printable_module_name="layer")
