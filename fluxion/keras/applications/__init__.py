"""``tf.keras.applications``: Keras 3's image classification models, built layer for layer as
Keras builds them (same layer names, shapes and parameter counts).

Submodules and model functions load on first use."""
from __future__ import annotations

import importlib

# submodule -> the model functions it defines
_MODULE_MODELS = {
    "convnext": ("ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge",
                 "ConvNeXtXLarge"),
    "densenet": ("DenseNet121", "DenseNet169", "DenseNet201"),
    "efficientnet": tuple(f"EfficientNetB{i}" for i in range(8)),
    "inception_v3": ("InceptionV3",),
    "mobilenet": ("MobileNet",),
    "mobilenet_v2": ("MobileNetV2",),
    "mobilenet_v3": ("MobileNetV3Small", "MobileNetV3Large"),
    "nasnet": ("NASNetMobile", "NASNetLarge"),
    "resnet": ("ResNet50", "ResNet101", "ResNet152"),
    "resnet_v2": ("ResNet50V2", "ResNet101V2", "ResNet152V2"),
    "vgg16": ("VGG16",),
    "vgg19": ("VGG19",),
    "xception": ("Xception",),
}
_SUBMODULES = ("imagenet_utils", "resnet50", *_MODULE_MODELS)
_MODELS = {name: module for module, names in _MODULE_MODELS.items() for name in names}


def __getattr__(name: str):
    if name in _SUBMODULES:
        value = importlib.import_module(f"fluxion.keras.applications.{name}")
    elif name in _MODELS:
        module = importlib.import_module(f"fluxion.keras.applications.{_MODELS[name]}")
        value = getattr(module, name)
    else:
        raise AttributeError(f"module 'fluxion.keras.applications' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_SUBMODULES) | set(_MODELS))
