"""``tf.keras.applications.xception``: Xception (Chollet, 2017), Keras 3's layout."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu

__all__ = ["Xception", "decode_predictions", "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/xception/"
_HASHES = ("0a58e3b7378bc2990ea3b43d5981f1f6", "b0042744bf5b25fce3cb969f33bebb97")


def _sepconv_bn(x, filters, name, axis, act=True):
    """[ReLU ->] SeparableConv2D 3x3 -> BatchNormalization, named `name`_..."""
    from fluxion.keras import layers  # noqa: PLC0415

    if act:
        x = layers.Activation("relu", name=f"{name}_act")(x)
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=axis, name=f"{name}_bn")(x)


def _downsample(x, filters, block, axis, first_act=True):
    """Two separable convolutions and a strided max pool, plus a strided 1x1 shortcut."""
    from fluxion.keras import layers  # noqa: PLC0415

    residual = layers.Conv2D(filters[1], (1, 1), strides=(2, 2), padding="same",
                             use_bias=False)(x)
    residual = layers.BatchNormalization(axis=axis)(residual)
    x = _sepconv_bn(x, filters[0], f"block{block}_sepconv1", axis, act=first_act)
    x = _sepconv_bn(x, filters[1], f"block{block}_sepconv2", axis)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=f"block{block}_pool")(x)
    return layers.add([x, residual])


def Xception(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
             pooling=None, classes=1000, classifier_activation="softmax", name="xception"):
    """Xception: depthwise separable convolutions with residual connections (input >= 71)."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    iu.check_weights(weights, include_top, classes,
                     "The `weights` argument should be either `None` (random initialization), "
                     "'imagenet' (pre-training on ImageNet), or the path to the weights file "
                     "to be loaded.")
    input_shape = iu.obtain_input_shape(input_shape, 299, 71, backend.image_data_format(),
                                        include_top, weights)
    img_input = iu.image_input(input_tensor, input_shape)
    axis = 1 if backend.image_data_format() == "channels_first" else -1
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=axis, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=axis, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)
    # Keras names block 2's only activation "block2_sepconv2_act"
    residual = layers.Conv2D(128, (1, 1), strides=(2, 2), padding="same", use_bias=False)(x)
    residual = layers.BatchNormalization(axis=axis)(residual)
    x = _sepconv_bn(x, 128, "block2_sepconv1", axis, act=False)
    x = _sepconv_bn(x, 128, "block2_sepconv2", axis)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name="block2_pool")(x)
    x = layers.add([x, residual])
    x = _downsample(x, (256, 256), 3, axis)
    x = _downsample(x, (728, 728), 4, axis)
    for i in range(5, 13):
        residual = x
        for j in (1, 2, 3):
            x = _sepconv_bn(x, 728, f"block{i}_sepconv{j}", axis)
        x = layers.add([x, residual])
    x = _downsample(x, (728, 1024), 13, axis)
    for j, filters in ((1, 1536), (2, 2048)):
        x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False,
                                   name=f"block14_sepconv{j}")(x)
        x = layers.BatchNormalization(axis=axis, name=f"block14_sepconv{j}_bn")(x)
        x = layers.Activation("relu", name=f"block14_sepconv{j}_act")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling)
    model = iu.finish_model(img_input, input_tensor, x, name)
    file_name = f"xception_weights_tf_dim_ordering_tf_kernels{'' if include_top else '_notop'}.h5"
    return iu.load_weights(model, weights, file_name, _BASE + file_name,
                           _HASHES[0 if include_top else 1])


def preprocess_input(x, data_format=None):
    """Scales [0, 255] pixels to [-1, 1] (mode "tf")."""
    return iu.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
