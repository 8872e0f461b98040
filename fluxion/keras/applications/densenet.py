"""``tf.keras.applications.densenet``: DenseNet121/169/201 (Huang et al., 2016), Keras 3's
layout."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu

__all__ = ["DenseNet121", "DenseNet169", "DenseNet201", "decode_predictions",
           "preprocess_input"]

BASE_WEIGHTS_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/densenet/"
# blocks per dense stage -> (weights name, top file hash, no-top file hash)
_WEIGHTS = {(6, 12, 24, 16): ("densenet121", "9d60b8095a5708f2dcce2bca79d332c7",
                              "30ee3e1110167f948a6b9946edeeb738"),
            (6, 12, 32, 32): ("densenet169", "d699b8f76981ab1b30698df4c175e90b",
                              "b8c4d4c20dd625c148057b9ff1c1176b"),
            (6, 12, 48, 32): ("densenet201", "1ceb130c1ea1b78c3bf6114dbdfd8807",
                              "c13680b51ded0fb44dff2d8f86ac8bb1")}
_EPS = 1.001e-5


def dense_block(x, blocks, name):
    for i in range(blocks):
        x = conv_block(x, 32, name=f"{name}_block{i + 1}")
    return x


def transition_block(x, reduction, name):
    from fluxion.keras import layers  # noqa: PLC0415

    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    x = layers.Conv2D(int(x.shape[3] * reduction), 1, use_bias=False, name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def conv_block(x, growth_rate, name):
    from fluxion.keras import layers  # noqa: PLC0415

    x1 = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_0_bn")(x)
    x1 = layers.Activation("relu", name=f"{name}_0_relu")(x1)
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{name}_1_conv")(x1)
    x1 = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_1_bn")(x1)
    x1 = layers.Activation("relu", name=f"{name}_1_relu")(x1)
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False,
                       name=f"{name}_2_conv")(x1)
    return layers.Concatenate(axis=3, name=f"{name}_concat")([x, x1])


def DenseNet(blocks, include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
             pooling=None, classes=1000, classifier_activation="softmax", name="densenet"):
    """The DenseNet skeleton with `blocks` conv blocks in each of its four dense stages."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    if backend.image_data_format() == "channels_first":
        raise ValueError("DenseNet does not support the `channels_first` image data format. "
                         "Switch to `channels_last` by editing your local config file at "
                         "~/.keras/keras.json")
    iu.check_weights(weights, include_top, classes,
                     "The `weights` argument should be either `None` (random initialization), "
                     "`imagenet` (pre-training on ImageNet), or the path to the weights file "
                     "to be loaded.",
                     'If using `weights` as `"imagenet"` with `include_top` as true, '
                     "`classes` should be 1000")
    input_shape = iu.obtain_input_shape(input_shape, 224, 32, backend.image_data_format(),
                                        include_top, weights)
    img_input = iu.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, count in enumerate(blocks, start=2):
        x = dense_block(x, count, name=f"conv{stage}")
        if stage < 5:
            x = transition_block(x, 0.5, name=f"pool{stage}")
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling, ("avg_pool", "max_pool"))
    model = iu.finish_model(img_input, input_tensor, x, name)
    if weights != "imagenet":
        return iu.load_weights(model, weights)
    if tuple(blocks) not in _WEIGHTS:
        raise ValueError("weights_path undefined")
    weights_name, top_hash, notop_hash = _WEIGHTS[tuple(blocks)]
    file_name = (f"{weights_name}_weights_tf_dim_ordering_tf_kernels"
                 f"{'' if include_top else '_notop'}.h5")
    return iu.load_weights(model, weights, file_name, BASE_WEIGHTS_PATH + file_name,
                           top_hash if include_top else notop_hash)


def DenseNet121(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="densenet121"):
    return DenseNet([6, 12, 24, 16], include_top, weights, input_tensor, input_shape, pooling,
                    classes, classifier_activation, name=name)


def DenseNet169(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="densenet169"):
    return DenseNet([6, 12, 32, 32], include_top, weights, input_tensor, input_shape, pooling,
                    classes, classifier_activation, name=name)


def DenseNet201(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="densenet201"):
    return DenseNet([6, 12, 48, 32], include_top, weights, input_tensor, input_shape, pooling,
                    classes, classifier_activation, name=name)


def preprocess_input(x, data_format=None):
    """Scales to [0, 1], then normalizes by the ImageNet mean and std (mode "torch")."""
    return iu.preprocess_input(x, data_format=data_format, mode="torch")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
