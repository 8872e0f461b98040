"""``tf.keras.applications.vgg16``: VGG16 (Simonyan & Zisserman, 2014), Keras 3's layout."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu
from fluxion.keras.applications.vgg import build_vgg

__all__ = ["VGG16", "decode_predictions", "preprocess_input"]


def VGG16(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
          pooling=None, classes=1000, classifier_activation="softmax", name="vgg16"):
    return build_vgg(16, include_top, weights, input_tensor, input_shape, pooling, classes,
                     classifier_activation, name)


def preprocess_input(x, data_format=None):
    """RGB -> BGR and ImageNet mean subtraction (mode "caffe")."""
    return iu.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
