"""``tf.keras.applications.resnet_v2``: ResNet50V2/101V2/152V2 (pre-activation ResNets)."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu
from fluxion.keras.applications import resnet

__all__ = ["ResNet50V2", "ResNet101V2", "ResNet152V2", "decode_predictions",
           "preprocess_input"]


def _v2_stacks(depths):
    def stack_fn(x):
        x = resnet.stack_residual_blocks_v2(x, 64, depths[0], name="conv2")
        x = resnet.stack_residual_blocks_v2(x, 128, depths[1], name="conv3")
        x = resnet.stack_residual_blocks_v2(x, 256, depths[2], name="conv4")
        return resnet.stack_residual_blocks_v2(x, 512, depths[3], stride1=1, name="conv5")
    return stack_fn


def _resnet_v2(depths, weights_name, name, **kwargs):
    return resnet.ResNet(_v2_stacks(depths), True, True, name=name, weights_name=weights_name,
                         **kwargs)


def ResNet50V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
               pooling=None, classes=1000, classifier_activation="softmax",
               name="resnet50v2"):
    return _resnet_v2((3, 4, 6, 3), "resnet50v2", name, include_top=include_top,
                      weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                      pooling=pooling, classes=classes,
                      classifier_activation=classifier_activation)


def ResNet101V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="resnet101v2"):
    return _resnet_v2((3, 4, 23, 3), "resnet101v2", name, include_top=include_top,
                      weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                      pooling=pooling, classes=classes,
                      classifier_activation=classifier_activation)


def ResNet152V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="resnet152v2"):
    return _resnet_v2((3, 8, 36, 3), "resnet152v2", name, include_top=include_top,
                      weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                      pooling=pooling, classes=classes,
                      classifier_activation=classifier_activation)


def preprocess_input(x, data_format=None):
    """Scales [0, 255] pixels to [-1, 1] (mode "tf")."""
    return iu.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
